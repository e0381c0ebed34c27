/*
 * test_neighbourdisc.c: encoding and decoding every field of a neighbour
 * discovery record, with boundary values, absent optional fields, the
 * 2021 writer's malformed probe blocks, and corrupt input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"
#include "warts/neighbourdisc.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)
#define SAMEADDR(a, b, f) \
	ok(warts_addr_cmp(&(a)->f, &(b)->f) == 0, "%s", #f)

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		diag("bad address %s", s);
}

static warts_neighbourdisc *full_nd(warts_list *list, warts_cycle *cycle)
{
	warts_neighbourdisc *nd = warts_neighbourdisc_alloc();
	warts_neighbourdisc_probe *p;
	warts_neighbourdisc_reply *r;

	nd->list = warts_list_ref(list);
	nd->cycle = warts_cycle_ref(cycle);
	nd->userid = UINT32_MAX;
	nd->ifname = strdup("eth0.100");
	nd->start.sec = UINT32_MAX;
	nd->start.usec = 999999;
	nd->method = WARTS_NEIGHBOURDISC_ND_NSOL;
	nd->wait_timeout = UINT16_MAX;
	nd->flags = WARTS_NEIGHBOURDISC_FLAG_ALLATTEMPTS |
	            WARTS_NEIGHBOURDISC_FLAG_FIRSTRESP;
	nd->attempts = UINT16_MAX;
	nd->replyc = UINT16_MAX;
	set_addr(&nd->src_ip, "2001:db8::2");
	set_addr(&nd->src_mac, "02:00:5e:00:53:02");
	set_addr(&nd->dst_ip, "2001:db8::1");
	set_addr(&nd->dst_mac, "02:00:5e:00:53:01");
	nd->errmsg = strdup("no error at all");

	/* a probe with no reply */
	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 1795781356;
	p->tx.usec = 0;
	/* a probe with two replies: the first repeats dst_mac (an address
	 * reference), the second a new MAC */
	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 1795781357;
	p->tx.usec = 1;
	r = warts_neighbourdisc_reply_add(p);
	r->rx.sec = 1795781357;
	r->rx.usec = 999999;
	set_addr(&r->mac, "02:00:5e:00:53:01");
	r = warts_neighbourdisc_reply_add(p);
	r->rx.sec = 0;
	r->rx.usec = 0;
	set_addr(&r->mac, "02:00:5e:00:53:ff");
	/* a probe sent at time 0 with one reply */
	p = warts_neighbourdisc_probe_add(nd);
	r = warts_neighbourdisc_reply_add(p);
	set_addr(&r->mac, "02:00:5e:00:53:01");
	return nd;
}

static void check_nd(const warts_neighbourdisc *a,
                     const warts_neighbourdisc *b)
{
	SAME(a, b, userid);
	is_str(b->ifname, a->ifname, "ifname");
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, method);
	SAME(a, b, wait_timeout);
	SAME(a, b, flags);
	SAME(a, b, attempts);
	SAME(a, b, replyc);
	SAMEADDR(a, b, src_ip);
	SAMEADDR(a, b, src_mac);
	SAMEADDR(a, b, dst_ip);
	SAMEADDR(a, b, dst_mac);
	is_str(b->errmsg, a->errmsg, "errmsg");
	if (!is_int(b->probec, a->probec, "probec"))
		return;
	for (unsigned i = 0; i < a->probec; i++) {
		const warts_neighbourdisc_probe *x = &a->probes[i];
		const warts_neighbourdisc_probe *y = &b->probes[i];
		diag("probe %u", i);
		SAME(x, y, tx.sec);
		SAME(x, y, tx.usec);
		if (!is_int(y->rxc, x->rxc, "probe %u rxc", i))
			continue;
		for (unsigned j = 0; j < x->rxc; j++) {
			SAME(x, y, rxs[j].rx.sec);
			SAME(x, y, rxs[j].rx.usec);
			SAMEADDR(x, y, rxs[j].mac);
		}
	}
}

static void test_full(void)
{
	warts_list *list = warts_list_alloc(5, "nd-list");
	warts_cycle *cycle = warts_cycle_alloc(list, 6, 1700000000);
	warts_object in = { .type = WARTS_TYPE_NEIGHBOURDISC }, out;
	char why[256];

	in.u.neighbourdisc = full_nd(list, cycle);
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "every field: round trip %s", why)) {
		const warts_neighbourdisc *b = out.u.neighbourdisc;
		ok(b->list != NULL && b->list->id == 5, "list");
		ok(b->cycle != NULL && b->cycle->id == 6, "cycle");
		check_nd(in.u.neighbourdisc, b);
		is_int(b->style, WARTS_STYLE_2026, "style 2026 by default");
		warts_object_clear(&out);
	}
	warts_object_clear(&in);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

/* Nothing set: only the always-written parameters, every default. */
static void test_minimal(void)
{
	warts_object in = { .type = WARTS_TYPE_NEIGHBOURDISC }, out;
	struct tbuf bytes = {0};
	char why[256];

	in.u.neighbourdisc = warts_neighbourdisc_alloc();
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "minimal round trip %s", why)) {
		const warts_neighbourdisc *b = out.u.neighbourdisc;
		ok(b->list == NULL && b->cycle == NULL, "no list or cycle");
		is_int(b->userid, 0, "no userid");
		ok(b->ifname == NULL, "no ifname");
		ok(b->errmsg == NULL, "no errmsg");
		ok(!warts_addr_isset(&b->src_ip) && !warts_addr_isset(&b->src_mac)
		   && !warts_addr_isset(&b->dst_ip) &&
		   !warts_addr_isset(&b->dst_mac), "no addresses");
		ok(b->probec == 0 && b->probes == NULL, "no probes");
		/* header 8, flag bytes 2 (bits 5..10), length 2, start 8,
		 * method 1, wait 2, flags 1, attempts 2, replyc 2 */
		is_int(bytes.len, 8 + 2 + 2 + 16,
		       "only the always-written parameters are encoded");
		warts_object_clear(&out);
	}
	tbuf_free(&bytes);
	warts_object_clear(&in);
}

/*
 * A small record whose exact bytes we know, in both styles: start {1,2},
 * ARP, wait 1000 ms, one attempt, one probe {3,4} with one reply {5,6}
 * from 02:00:00:00:00:01.
 */
static const uint8_t nd_params[] = {
	0xf0, 0x87, 0x01, 0x00, 0x12,     /* bits 5-10, 15; 18 bytes */
	0, 0, 0, 1, 0, 0, 0, 2,           /* start */
	0x01, 0x03, 0xe8, 0x00,           /* method, wait, flags */
	0x00, 0x01, 0x00, 0x00,           /* attempts, replyc */
	0x00, 0x01,                       /* probec */
};
static const uint8_t nd_reply[] = {
	0x03, 0x00, 0x10, 0, 0, 0, 5, 0, 0, 0, 6,
	0x06, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
};

static size_t nd_record(uint8_t *out, int style, int pad)
{
	static const uint8_t probe26[] = { 0x03, 0x00, 0x0a,
		0, 0, 0, 3, 0, 0, 0, 4, 0x00, 0x01 };
	size_t n = 8;
	memcpy(out + n, nd_params, sizeof(nd_params));
	n += sizeof(nd_params);
	memcpy(out + n, probe26, sizeof(probe26));
	if (style == WARTS_STYLE_2021)
		out[n + 2] = 0x0c;
	n += sizeof(probe26);
	memcpy(out + n, nd_reply, sizeof(nd_reply));
	n += sizeof(nd_reply);
	for (int i = 0; i < pad; i++)
		out[n++] = 0;
	out[0] = 0x12;
	out[1] = 0x05;
	out[2] = 0x00;
	out[3] = WARTS_TYPE_NEIGHBOURDISC;
	out[4] = out[5] = 0;
	out[6] = (uint8_t)((n - 8) >> 8);
	out[7] = (uint8_t)(n - 8);
	return n;
}

static warts_neighbourdisc *small_nd(uint8_t style)
{
	warts_neighbourdisc *nd = warts_neighbourdisc_alloc();
	warts_neighbourdisc_probe *p;
	warts_neighbourdisc_reply *r;
	nd->start.sec = 1;
	nd->start.usec = 2;
	nd->method = WARTS_NEIGHBOURDISC_ARP;
	nd->wait_timeout = 1000;
	nd->attempts = 1;
	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 3;
	p->tx.usec = 4;
	r = warts_neighbourdisc_reply_add(p);
	r->rx.sec = 5;
	r->rx.usec = 6;
	set_addr(&r->mac, "02:00:00:00:00:01");
	nd->style = style;
	return nd;
}

static void test_style(void)
{
	uint8_t want[128];
	int styles[] = { WARTS_STYLE_2026, WARTS_STYLE_2021 };

	for (unsigned k = 0; k < 2; k++) {
		int style = styles[k];
		warts_object in = { .type = WARTS_TYPE_NEIGHBOURDISC }, out;
		struct tbuf bytes = {0};
		size_t n = nd_record(want, style,
		                     style == WARTS_STYLE_2021 ? 2 : 0);
		char why[256];

		in.u.neighbourdisc = small_nd((uint8_t)style);
		if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
		       "style %d round trip %s", style, why)) {
			ok(bytes.len == n && memcmp(bytes.p, want, n) == 0,
			   "style %d: the bytes scamper's writer of that year "
			   "writes", style);
			is_int(out.u.neighbourdisc->style, style,
			       "style %d recognised on reading", style);
			check_nd(in.u.neighbourdisc, out.u.neighbourdisc);
			warts_object_clear(&out);
		}
		tbuf_free(&bytes);
		warts_object_clear(&in);
	}

	/* a probe without replies is the same in both styles */
	{
		warts_object in = { .type = WARTS_TYPE_NEIGHBOURDISC }, out;
		struct tbuf b26 = {0}, b21 = {0};
		char why[256];
		warts_neighbourdisc *nd = small_nd(WARTS_STYLE_2026);
		nd->probes[0].rxc = 0;
		free(nd->probes[0].rxs);
		nd->probes[0].rxs = NULL;
		in.u.neighbourdisc = nd;
		test_roundtrip(&in, &out, &b26, why, sizeof(why));
		warts_object_clear(&out);
		nd->style = WARTS_STYLE_2021;
		test_roundtrip(&in, &out, &b21, why, sizeof(why));
		ok(out.u.neighbourdisc != NULL &&
		   out.u.neighbourdisc->style == WARTS_STYLE_2026,
		   "no reply, no evidence of 2021: read as 2026");
		ok(b26.len == b21.len && memcmp(b26.p, b21.p, b26.len) == 0,
		   "a probe without replies is written alike in both styles");
		warts_object_clear(&out);
		warts_object_clear(&in);
		tbuf_free(&b26);
		tbuf_free(&b21);
	}
}

/* The tolerant read rule (§ND) on hand-made records. */
static void test_tolerant(void)
{
	uint8_t rec[128];
	warts_object out;
	warts_error err;
	size_t n;

	/* without its padding, a 2021 record still reads */
	n = nd_record(rec, WARTS_STYLE_2021, 0);
	if (ok(test_decode1(rec, n, &out, &err) == 0,
	       "2021 probe block without the padding: %s", err.msg)) {
		const warts_neighbourdisc *nd = out.u.neighbourdisc;
		ok(nd->style == WARTS_STYLE_2021 && nd->probec == 1 &&
		   nd->probes[0].rxc == 1 && nd->probes[0].tx.usec == 4 &&
		   nd->probes[0].rxs[0].rx.usec == 6, "its values");
		warts_object_clear(&out);
	}

	/* bytes after the last probe are not looked at, as in scamper */
	n = nd_record(rec, WARTS_STYLE_2026, 5);
	ok(test_decode1(rec, n, &out, &err) == 0 &&
	   out.u.neighbourdisc->style == WARTS_STYLE_2026,
	   "trailing bytes after the probes are ignored");
	warts_object_clear(&out);

	/* a length of 12 with other flags is a normal block: skipped by
	 * its length, so here it swallows the start of the reply */
	n = nd_record(rec, WARTS_STYLE_2021, 2);
	rec[8 + sizeof(nd_params)] = 0x01; /* tx only, length 12 */
	ok(test_decode1(rec, n, &out, &err) == 0 &&
	   out.u.neighbourdisc->probes[0].rxc == 0 &&
	   out.u.neighbourdisc->style == WARTS_STYLE_2026,
	   "only flags 0x03 with length 12 is the 2021 defect");
	warts_object_clear(&out);
}

/* The 2021 corpus file with replies, checked against its bytes. */
static void test_corpus_2021(void)
{
	char path[1024];
	warts_reader *r;
	warts_object obj;
	warts_error err;
	int found = 0;

	snprintf(path, sizeof(path), "%s/corpus/lab/deb2021-neighbourdisc-v4.warts",
	         test_datadir());
	if ((r = warts_reader_open(path, &err)) == NULL) {
		ok(0, "open %s: %s", path, err.msg);
		return;
	}
	while (warts_reader_read(r, &obj) == 1) {
		if (obj.type == WARTS_TYPE_NEIGHBOURDISC) {
			const warts_neighbourdisc *nd = obj.u.neighbourdisc;
			char buf[WARTS_ADDR_STRLEN];
			found = 1;
			is_int(nd->style, WARTS_STYLE_2021, "2021 file: style");
			is_str(nd->ifname, "eth0", "2021 file: ifname");
			is_int(nd->method, WARTS_NEIGHBOURDISC_ARP, "2021 file: arp");
			is_int(nd->wait_timeout, 1000, "2021 file: wait 1000 ms");
			is_int(nd->attempts, 1, "2021 file: attempts");
			is_str(warts_addr_tostr(&nd->dst_ip, buf, sizeof(buf)),
			       "192.0.2.1", "2021 file: dst ip");
			is_str(warts_addr_tostr(&nd->src_ip, buf, sizeof(buf)),
			       "192.0.2.2", "2021 file: src ip");
			is_str(warts_addr_tostr(&nd->dst_mac, buf, sizeof(buf)),
			       "e2:d9:b5:fd:ff:a3", "2021 file: dst mac");
			if (is_int(nd->probec, 1, "2021 file: one probe") &&
			    is_int(nd->probes[0].rxc, 1, "2021 file: one reply")) {
				is_int(nd->probes[0].tx.usec, 0x4f151,
				       "2021 file: probe tx");
				is_int(nd->probes[0].rxs[0].rx.usec, 0x4f180,
				       "2021 file: reply rx");
				is_str(warts_addr_tostr(&nd->probes[0].rxs[0].mac,
				                        buf, sizeof(buf)),
				       "e2:d9:b5:fd:ff:a3",
				       "2021 file: reply mac (a reference)");
			}
		}
		warts_object_clear(&obj);
	}
	ok(warts_reader_error(r) == NULL, "2021 file reads to the end");
	ok(found, "2021 file holds a neighbourdisc");
	warts_reader_close(r);
}

static void test_encode_errors(void)
{
	warts_object in = { .type = WARTS_TYPE_NEIGHBOURDISC }, out;
	warts_neighbourdisc *nd = small_nd(WARTS_STYLE_2026);
	char why[256];

	memset(&nd->probes[0].rxs[0].mac, 0, sizeof(warts_addr));
	in.u.neighbourdisc = nd;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "mac is required") != NULL,
	   "a reply needs a MAC: %s", why);
	/* a count with a NULL array is caught */
	free(nd->probes[0].rxs);
	free(nd->probes);
	nd->probes = NULL;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "probes is NULL") != NULL,
	   "a count without probes: %s", why);
	nd->probec = 0;
	warts_object_clear(&in);
}

static void put_len(uint8_t *rec, size_t n)
{
	rec[4] = (uint8_t)((n - 8) >> 24);
	rec[5] = (uint8_t)((n - 8) >> 16);
	rec[6] = (uint8_t)((n - 8) >> 8);
	rec[7] = (uint8_t)(n - 8);
}

/* Corrupt input: every error is clean, names the type and offset. */
static void test_corrupt(void)
{
	warts_object in = { .type = WARTS_TYPE_NEIGHBOURDISC }, out;
	struct tbuf bytes = {0};
	warts_error err;
	uint8_t rec[128];
	size_t n;
	char why[256];
	int bad = 0;

	/* every truncation of a full record, in both styles */
	for (int style = 0; style < 2; style++) {
		in.type = WARTS_TYPE_NEIGHBOURDISC; /* clearing zeroes it */
		in.u.neighbourdisc = full_nd(NULL, NULL);
		in.u.neighbourdisc->style = (uint8_t)style;
		ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
		   "style %d record to cut %s", style, why);
		warts_object_clear(&out);
		warts_object_clear(&in);
		for (size_t cut = 8; cut < bytes.len; cut++) {
			uint8_t *r = malloc(cut);
			memcpy(r, bytes.p, cut);
			put_len(r, cut);
			if (test_decode1(r, cut, &out, &err) == 0)
				warts_object_clear(&out);
			else if (strstr(err.msg, "neighbourdisc record at "
			                "offset 0") == NULL) {
				ok(0, "cut at %zu: %s", cut, err.msg);
				bad = 1;
			}
			free(r);
		}
		bytes.len = 0;
	}
	ok(!bad, "every truncation fails cleanly or decodes");
	tbuf_free(&bytes);

	/* a reply without a MAC address */
	n = nd_record(rec, WARTS_STYLE_2026, 0);
	n -= 8;                                   /* drop the MAC */
	rec[n - 11] = 0x01;                       /* flags: rx only */
	rec[n - 9] = 0x08;                        /* length 8 */
	put_len(rec, n);
	ok(test_decode1(rec, n, &out, &err) != 0 &&
	   strstr(err.msg, "probe 0: reply 0 has no MAC address") != NULL,
	   "reply without a MAC: %s", err.msg);

	/* a MAC reference beyond the table */
	n = nd_record(rec, WARTS_STYLE_2026, 0);
	rec[n - 18] = 0x00;
	rec[n - 17] = 0x0d;                       /* length 8 + 5 */
	memcpy(rec + n - 8, "\x00\x00\x00\x00\x07", 5);
	n -= 3;
	put_len(rec, n);
	ok(test_decode1(rec, n, &out, &err) != 0 &&
	   strstr(err.msg, "address reference 7") != NULL,
	   "bad MAC reference: %s", err.msg);

	/* more probes than the record could hold */
	n = nd_record(rec, WARTS_STYLE_2026, 0);
	rec[8 + sizeof(nd_params) - 2] = 0xff;
	rec[8 + sizeof(nd_params) - 1] = 0xff;
	ok(test_decode1(rec, n, &out, &err) != 0 &&
	   strstr(err.msg, "count 65535 cannot fit") != NULL,
	   "probe count beyond the record: %s", err.msg);

	/* more replies than the record could hold */
	n = nd_record(rec, WARTS_STYLE_2026, 0);
	rec[8 + sizeof(nd_params) + 11] = 0x00;
	rec[8 + sizeof(nd_params) + 12] = 0x09;
	ok(test_decode1(rec, n, &out, &err) != 0 &&
	   strstr(err.msg, "probe 0: count 9 cannot fit") != NULL,
	   "reply count beyond the record: %s", err.msg);

	/* an unknown parameter bit is skipped by the length */
	{
		uint8_t big[160];
		size_t m = 8;
		n = nd_record(rec, WARTS_STYLE_2026, 0);
		memcpy(big, rec, 8);
		memcpy(big + m, "\xf0\x87\x41\x00\x15", 5); /* + bit 21 */
		m += 5;
		memcpy(big + m, nd_params + 5, sizeof(nd_params) - 5);
		m += sizeof(nd_params) - 5;
		memcpy(big + m, "\x01\x02\x03", 3);      /* bit 21's bytes */
		m += 3;
		memcpy(big + m, rec + 8 + sizeof(nd_params),
		       n - 8 - sizeof(nd_params));
		m += n - 8 - sizeof(nd_params);
		put_len(big, m);
		if (ok(test_decode1(big, m, &out, &err) == 0,
		       "unknown bit 21 is skipped: %s", err.msg)) {
			is_int(out.u.neighbourdisc->probec, 1,
			       "and the probes still read");
			warts_object_clear(&out);
		}
	}
}

int main(void)
{
	test_full();
	test_minimal();
	test_style();
	test_tolerant();
	test_corpus_2021();
	test_encode_errors();
	test_corrupt();
	return done_testing();
}
