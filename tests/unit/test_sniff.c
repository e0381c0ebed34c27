/*
 * test_sniff.c: encoding and decoding every field of a packet capture,
 * with boundary values, absent optional fields, and corrupt input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"
#include "warts/sniff.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		diag("bad address %s", s);
}

static warts_sniff *full_sniff(warts_list *list, warts_cycle *cycle)
{
	warts_sniff *s = warts_sniff_alloc();
	static uint8_t big[UINT16_MAX];
	warts_tv tv = { 1795781361, 614198 };

	s->list = warts_list_ref(list);
	s->cycle = warts_cycle_ref(cycle);
	s->userid = UINT32_MAX;
	set_addr(&s->src, "2001:db8::2");
	s->start.sec = UINT32_MAX;
	s->start.usec = 999999;
	s->finish.sec = 1795781364;
	s->finish.usec = 0;
	s->stop_reason = WARTS_SNIFF_STOP_HALTED;
	s->limit_pktc = UINT32_MAX;
	s->limit_time = UINT16_MAX;
	s->icmpid = UINT16_MAX;
	s->errmsg = strdup("interface went away");

	memset(big, 0x5a, sizeof(big));
	warts_sniff_pkt_add(s, &tv, "\x45", 1);
	tv.usec = 0;
	warts_sniff_pkt_add(s, &tv, big, 84);
	tv.sec = 0;
	/* the largest that fits: time and length take 10 of the block's
	 * 65535 parameter bytes */
	warts_sniff_pkt_add(s, &tv, big, UINT16_MAX - 10);
	return s;
}

static void check_sniff(const warts_sniff *a, const warts_sniff *b)
{
	SAME(a, b, userid);
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "src");
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, finish.sec);
	SAME(a, b, finish.usec);
	SAME(a, b, stop_reason);
	SAME(a, b, limit_pktc);
	SAME(a, b, limit_time);
	SAME(a, b, icmpid);
	is_str(b->errmsg, a->errmsg, "errmsg");
	if (!is_int(b->pktc, a->pktc, "pktc"))
		return;
	for (uint32_t i = 0; i < a->pktc; i++) {
		const warts_sniff_pkt *x = &a->pkts[i], *y = &b->pkts[i];
		ok(x->tv.sec == y->tv.sec && x->tv.usec == y->tv.usec &&
		   x->len == y->len && memcmp(x->data, y->data, x->len) == 0,
		   "packet %u", i);
	}
}

static void test_full(void)
{
	warts_list *list = warts_list_alloc(3, "sniff-list");
	warts_cycle *cycle = warts_cycle_alloc(list, 4, 1700000000);
	warts_object in = { .type = WARTS_TYPE_SNIFF }, out;
	char why[256];

	in.u.sniff = full_sniff(list, cycle);
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "every field: round trip %s", why)) {
		ok(out.u.sniff->list != NULL && out.u.sniff->list->id == 3,
		   "list");
		ok(out.u.sniff->cycle != NULL && out.u.sniff->cycle->id == 4,
		   "cycle");
		check_sniff(in.u.sniff, out.u.sniff);
		warts_object_clear(&out);
	}
	warts_object_clear(&in);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

static void test_minimal(void)
{
	warts_object in = { .type = WARTS_TYPE_SNIFF }, out;
	struct tbuf bytes = {0};
	char why[256];

	in.u.sniff = warts_sniff_alloc();
	set_addr(&in.u.sniff->src, "192.0.2.2");
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "minimal round trip %s", why)) {
		const warts_sniff *b = out.u.sniff;
		ok(b->list == NULL && b->cycle == NULL, "no list or cycle");
		is_int(b->userid, 0, "no userid");
		ok(b->errmsg == NULL, "no errmsg");
		ok(b->pktc == 0 && b->pkts == NULL, "no packets");
		/* header 8, flag bytes 2 (bits 4..11), length 2, IPv4
		 * definition 6, two times 16, then 1 + 4 + 2 + 4 + 2 */
		is_int(bytes.len, 8 + 2 + 2 + 6 + 16 + 13,
		       "only the always-written parameters are encoded");
		warts_object_clear(&out);
	}
	tbuf_free(&bytes);

	memset(&in.u.sniff->src, 0, sizeof(warts_addr));
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "src is required") != NULL, "a sniff needs a src: %s",
	   why);
	warts_object_clear(&in);
}

/* scamper's file: the values its dump shows. */
static void test_corpus(void)
{
	char path[1024];
	warts_reader *r;
	warts_object obj;
	warts_error err;
	int found = 0;

	snprintf(path, sizeof(path), "%s/corpus/lab/new2026-sniff-icmp-v4.warts",
	         test_datadir());
	if ((r = warts_reader_open(path, &err)) == NULL) {
		ok(0, "open %s: %s", path, err.msg);
		return;
	}
	while (warts_reader_read(r, &obj) == 1) {
		if (obj.type == WARTS_TYPE_SNIFF) {
			const warts_sniff *s = obj.u.sniff;
			char buf[WARTS_ADDR_STRLEN];
			found = 1;
			is_str(warts_addr_tostr(&s->src, buf, sizeof(buf)),
			       "192.0.2.2", "2026 file: src");
			is_int(s->stop_reason, WARTS_SNIFF_STOP_LIMIT_TIME,
			       "2026 file: stopped by the time limit");
			is_int(s->limit_pktc, 20, "2026 file: packet limit");
			is_int(s->limit_time, 3, "2026 file: time limit 3 s");
			is_int(s->icmpid, 0x10e1, "2026 file: icmp id");
			if (is_int(s->pktc, 3, "2026 file: 3 packets")) {
				is_int(s->pkts[0].len, 84, "2026 file: length");
				ok(s->pkts[0].data[0] == 0x45 &&
				   s->pkts[0].data[9] == 1,
				   "2026 file: an IPv4 ICMP packet");
			}
		}
		warts_object_clear(&obj);
	}
	ok(warts_reader_error(r) == NULL, "2026 file reads to the end");
	ok(found, "2026 file holds a sniff");
	warts_reader_close(r);
}

static void put_len(uint8_t *rec, size_t n)
{
	rec[4] = (uint8_t)((n - 8) >> 24);
	rec[5] = (uint8_t)((n - 8) >> 16);
	rec[6] = (uint8_t)((n - 8) >> 8);
	rec[7] = (uint8_t)(n - 8);
}

static void test_corrupt(void)
{
	warts_object in = { .type = WARTS_TYPE_SNIFF }, out;
	struct tbuf bytes = {0};
	warts_error err;
	char why[256];
	int bad = 0;

	in.u.sniff = full_sniff(NULL, NULL);
	in.u.sniff->pkts[2].len = 300; /* keep the record small */
	test_roundtrip(&in, &out, &bytes, why, sizeof(why));
	warts_object_clear(&out);
	for (size_t cut = 8; cut < bytes.len; cut++) {
		uint8_t *r = malloc(cut);
		memcpy(r, bytes.p, cut);
		put_len(r, cut);
		if (test_decode1(r, cut, &out, &err) == 0)
			warts_object_clear(&out);
		else if (strstr(err.msg, "sniff record at offset 0") == NULL) {
			ok(0, "cut at %zu: %s", cut, err.msg);
			bad = 1;
		}
		free(r);
	}
	ok(!bad, "every truncation fails cleanly or decodes");
	tbuf_free(&bytes);

	in.u.sniff->pkts[2].len = UINT16_MAX - 9;
	in.u.sniff->pkts[2].data = realloc(in.u.sniff->pkts[2].data,
	                                   UINT16_MAX - 9);
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "more than warts can record") != NULL,
	   "a packet one byte too big for a block: %s", why);

	in.u.sniff->pkts[0].len = 0;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "packet 0 has no data") != NULL,
	   "packet without data is not written: %s", why);
	warts_object_clear(&in);

	{
		/* src, pktc 1, then a packet with a time and length 0 */
		static const uint8_t base[] = {
			0x12, 0x05, 0x00, 0x0d, 0x00, 0x00, 0x00, 0x00,
			0x88, 0x04, 0x00, 0x0a,    /* bits 4 and 10 */
			0x04, 0x01, 192, 0, 2, 2,
			0x00, 0x00, 0x00, 0x01,
			0x03, 0x00, 0x0a, 0, 0, 0, 1, 0, 0, 0, 2, 0x00, 0x00,
		};
		uint8_t rec[sizeof(base)];
		memcpy(rec, base, sizeof(rec));
		put_len(rec, sizeof(rec));
		ok(test_decode1(rec, sizeof(rec), &out, &err) != 0 &&
		   strstr(err.msg, "packet 0: packet without data") != NULL,
		   "packet without data is rejected: %s", err.msg);

		memcpy(rec, base, sizeof(rec));
		put_len(rec, sizeof(rec));
		rec[18] = 0x7f;
		ok(test_decode1(rec, sizeof(rec), &out, &err) != 0 &&
		   strstr(err.msg, "cannot fit") != NULL,
		   "packet count beyond the record: %s", err.msg);

		/* no src: bit 10 only */
		memcpy(rec, base, sizeof(rec));
		rec[8] = 0x80;
		rec[11] = 0x04;
		memmove(rec + 12, rec + 18, sizeof(rec) - 18);
		put_len(rec, sizeof(rec) - 6);
		ok(test_decode1(rec, sizeof(rec) - 6, &out, &err) != 0 &&
		   strstr(err.msg, "no source") != NULL,
		   "a sniff without src is rejected: %s", err.msg);
	}
}

int main(void)
{
	test_full();
	test_minimal();
	test_corpus();
	test_corrupt();
	return done_testing();
}
