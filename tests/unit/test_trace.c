/*
 * test_trace.c: encoding and decoding every field of a traceroute, with
 * boundary values, absent optional fields, and the reader's defaults.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)

static void set_addr(warts_addr *a, const char *s)
{
	warts_addr_fromstr(a, s);
}

static void fill_hop(warts_trace_hop *h, const char *addr, uint8_t ttl,
                     uint8_t icmp_type)
{
	set_addr(&h->addr, addr);
	h->probe_ttl = ttl;
	h->probe_id = 255;                  /* stored as 254 */
	h->probe_size = 1500;
	h->tx.sec = UINT32_MAX;
	h->tx.usec = 999999;
	h->rtt = UINT32_MAX;
	h->reply_ttl = 255;
	h->reply_tos = 0xb8;
	h->reply_size = UINT16_MAX;
	h->reply_ipid = 0xbeef;
	h->flags = WARTS_TRACE_HOP_REPLYTTL | WARTS_TRACE_HOP_SOCKRXTS;
	h->icmp_type = icmp_type;
	h->icmp_code = icmp_type == 3 ? 4 : 0;
	h->icmp_nhmtu = icmp_type == 3 ? 1280 : 0;
	h->icmp_q_ipl = 1400;
	h->icmp_q_ttl = 2;
	h->icmp_q_tos = 0x10;
	h->name = strdup("hop.example");
	h->icmpext.count = 2;
	h->icmpext.ext = calloc(2, sizeof(warts_icmpext));
	h->icmpext.ext[0].class_num = 1;
	h->icmpext.ext[0].class_type = 1;
	h->icmpext.ext[0].len = 8;
	h->icmpext.ext[0].data = malloc(8);
	memcpy(h->icmpext.ext[0].data, "\x00\x3e\x80\xff\x00\x01\x01\x01", 8);
	h->icmpext.ext[1].class_num = 2;
	h->icmpext.ext[1].class_type = 9;
	h->icmpext.ext[1].len = 0;
}

static void check_hop(const warts_trace_hop *a, const warts_trace_hop *b,
                      const char *what)
{
	diag("%s", what);
	ok(warts_addr_cmp(&a->addr, &b->addr) == 0, "hop addr");
	SAME(a, b, probe_ttl);
	SAME(a, b, probe_id);
	SAME(a, b, probe_size);
	SAME(a, b, tx.sec);
	SAME(a, b, tx.usec);
	SAME(a, b, rtt);
	SAME(a, b, reply_ttl);
	SAME(a, b, reply_tos);
	SAME(a, b, reply_size);
	SAME(a, b, reply_ipid);
	SAME(a, b, flags);
	SAME(a, b, icmp_type);
	SAME(a, b, icmp_code);
	SAME(a, b, icmp_nhmtu);
	SAME(a, b, icmp_q_ipl);
	SAME(a, b, icmp_q_ttl);
	SAME(a, b, icmp_q_tos);
	is_str(b->name, a->name, "hop name");
	SAME(a, b, icmpext.count);
	for (unsigned i = 0; i < a->icmpext.count && i < b->icmpext.count;
	     i++) {
		const warts_icmpext *x = &a->icmpext.ext[i];
		const warts_icmpext *y = &b->icmpext.ext[i];
		ok(x->class_num == y->class_num && x->class_type == y->class_type &&
		   x->len == y->len &&
		   (x->len == 0 || memcmp(x->data, y->data, x->len) == 0),
		   "icmp extension %u", i);
	}
}

static warts_trace *full_trace(warts_list *list, warts_cycle *cycle)
{
	warts_trace *t = warts_trace_alloc();
	t->list = warts_list_ref(list);
	t->cycle = warts_cycle_ref(cycle);
	t->userid = UINT32_MAX;
	set_addr(&t->src, "192.0.2.1");
	set_addr(&t->dst, "198.51.100.200");
	set_addr(&t->rtr, "192.0.2.254");
	t->start.sec = 1795781061;
	t->start.usec = 130791;
	t->stop_reason = WARTS_TRACE_STOP_GAPLIMIT;
	t->stop_data = 5;
	t->stop_hop = 17;
	t->flags = WARTS_TRACE_FLAG_PMTUD | WARTS_TRACE_FLAG_PTR |
	           WARTS_TRACE_FLAG_BACK;
	t->attempts = 255;
	t->hoplimit = 255;
	t->squeries = 4;
	t->gaplimit = 9;
	t->gapaction = WARTS_TRACE_GAPACTION_LASTDITCH;
	t->loops = 3;
	t->loopaction = 1;
	t->type = WARTS_TRACE_TCP_ACK;
	t->firsthop = 2;
	t->tos = 0xff;
	t->wait = 60;
	t->wait_probe = 250;
	t->confidence = 99;
	t->probe_size = 1500;
	t->sport = UINT16_MAX;
	t->dport = 443;
	t->offset = 0x1fff;
	t->hop_count = 3;
	t->probec = UINT16_MAX;
	t->errmsg = strdup("nothing went wrong");

	fill_hop(warts_trace_hop_add(t), "203.0.113.1", 1, 11);
	fill_hop(warts_trace_hop_add(t), "203.0.113.1", 1, 11); /* 2nd reply */
	fill_hop(warts_trace_hop_add(t), "198.51.100.200", 3, 3);

	t->pmtud = calloc(1, sizeof(*t->pmtud));
	t->pmtud->ifmtu = 9000;
	t->pmtud->pmtu = 1280;
	t->pmtud->outmtu = 1500;
	t->pmtud->ver = 2;
	t->pmtud->hopc = 1;
	t->pmtud->hops = calloc(1, sizeof(warts_trace_hop));
	fill_hop(&t->pmtud->hops[0], "203.0.113.9", 5, 3);
	t->pmtud->notec = 2;
	t->pmtud->notes = calloc(2, sizeof(warts_trace_pmtud_note));
	t->pmtud->notes[0].type = WARTS_TRACE_PMTUD_NOTE_PTB;
	t->pmtud->notes[0].nhmtu = 1280;
	t->pmtud->notes[0].hop = 0;
	t->pmtud->notes[1].type = WARTS_TRACE_PMTUD_NOTE_SILENCE;
	t->pmtud->notes[1].nhmtu = 1400;
	t->pmtud->notes[1].hop = -1;

	t->lastditch = calloc(1, sizeof(*t->lastditch));
	t->lastditch->hopc = 1;
	t->lastditch->hops = calloc(1, sizeof(warts_trace_hop));
	fill_hop(&t->lastditch->hops[0], "198.51.100.200", 255, 11);

	t->dtree = calloc(1, sizeof(*t->dtree));
	set_addr(&t->dtree->lss_stop, "203.0.113.7");
	set_addr(&t->dtree->gss_stop, "2001:db8::7");
	t->dtree->firsthop = 4;
	t->dtree->lss_name = strdup("lss-a");
	t->dtree->flags = 1;
	return t;
}

static void test_full(void)
{
	warts_list *list = warts_list_alloc(9, "l");
	warts_cycle *cycle = warts_cycle_alloc(list, 3, 100);
	warts_object in = { .type = WARTS_TYPE_TRACE }, out;
	const warts_trace *a, *b;
	char why[256];

	in.u.trace = full_trace(list, cycle);
	a = in.u.trace;
	if (!ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	        "every field: round trip %s", why))
		return;
	b = out.u.trace;
	ok(b->list != NULL && b->list->id == 9, "list");
	ok(b->cycle != NULL && b->cycle->id == 3, "cycle");
	SAME(a, b, userid);
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "src");
	ok(warts_addr_cmp(&a->dst, &b->dst) == 0, "dst");
	ok(warts_addr_cmp(&a->rtr, &b->rtr) == 0, "rtr");
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, stop_reason);
	SAME(a, b, stop_data);
	SAME(a, b, stop_hop);
	SAME(a, b, flags);
	SAME(a, b, attempts);
	SAME(a, b, hoplimit);
	SAME(a, b, squeries);
	SAME(a, b, gaplimit);
	SAME(a, b, gapaction);
	SAME(a, b, loops);
	SAME(a, b, loopaction);
	SAME(a, b, type);
	SAME(a, b, firsthop);
	SAME(a, b, tos);
	SAME(a, b, wait);
	SAME(a, b, wait_probe);
	SAME(a, b, confidence);
	SAME(a, b, probe_size);
	SAME(a, b, sport);
	SAME(a, b, dport);
	SAME(a, b, offset);
	SAME(a, b, hop_count);
	SAME(a, b, probec);
	is_str(b->errmsg, a->errmsg, "errmsg");
	if (is_int(b->hopc, a->hopc, "hop count"))
		for (unsigned i = 0; i < a->hopc; i++)
			check_hop(&a->hops[i], &b->hops[i], "hop");
	if (ok(b->pmtud != NULL, "pmtud block")) {
		SAME(a, b, pmtud->ifmtu);
		SAME(a, b, pmtud->pmtu);
		SAME(a, b, pmtud->outmtu);
		SAME(a, b, pmtud->ver);
		if (is_int(b->pmtud->hopc, 1, "pmtud hops"))
			check_hop(&a->pmtud->hops[0], &b->pmtud->hops[0],
			          "pmtud hop");
		if (is_int(b->pmtud->notec, 2, "pmtud notes")) {
			SAME(a, b, pmtud->notes[0].type);
			SAME(a, b, pmtud->notes[0].nhmtu);
			SAME(a, b, pmtud->notes[0].hop);
			SAME(a, b, pmtud->notes[1].type);
			SAME(a, b, pmtud->notes[1].nhmtu);
			SAME(a, b, pmtud->notes[1].hop);
		}
	}
	if (ok(b->lastditch != NULL, "lastditch block") &&
	    is_int(b->lastditch->hopc, 1, "lastditch hops"))
		check_hop(&a->lastditch->hops[0], &b->lastditch->hops[0],
		          "lastditch hop");
	if (ok(b->dtree != NULL, "doubletree block")) {
		ok(warts_addr_cmp(&a->dtree->lss_stop, &b->dtree->lss_stop) == 0,
		   "dtree lss_stop");
		ok(warts_addr_cmp(&a->dtree->gss_stop, &b->dtree->gss_stop) == 0,
		   "dtree gss_stop");
		SAME(a, b, dtree->firsthop);
		SAME(a, b, dtree->flags);
		is_str(b->dtree->lss_name, a->dtree->lss_name, "dtree lss_name");
	}
	warts_object_clear(&in);
	warts_object_clear(&out);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

/* Only the destination: every optional field absent, defaults restored. */
static void test_minimal(void)
{
	warts_object in = { .type = WARTS_TYPE_TRACE }, out;
	struct tbuf bytes = {0};
	warts_trace *t = warts_trace_alloc();
	char why[256];

	set_addr(&t->dst, "2001:db8::1");
	in.u.trace = t;
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "minimal trace round trip %s", why)) {
		const warts_trace *b = out.u.trace;
		ok(b->list == NULL && b->cycle == NULL, "no list or cycle");
		ok(!warts_addr_isset(&b->src), "no src");
		ok(!warts_addr_isset(&b->rtr), "no rtr");
		is_int(b->squeries, 1, "squeries defaults to 1");
		is_int(b->hopc, 0, "no hops");
		is_int(b->flags, 0, "no flags");
		ok(b->errmsg == NULL, "no errmsg");
		ok(b->pmtud == NULL && b->lastditch == NULL && b->dtree == NULL,
		   "no attribute blocks");
		/*
		 * header 8, flag bytes 4 (bits up to 27), length 2, the
		 * always-written parameters (40 bytes of numbers and an
		 * 18-byte IPv6 dst), hop count 2, end marker 2
		 */
		is_int(bytes.len, 8 + 4 + 2 + 40 + 18 + 2 + 2,
		       "only the always-written parameters are encoded");
		warts_object_clear(&out);
	}
	tbuf_free(&bytes);
	warts_object_clear(&in);

	/* a trace without a destination cannot be written */
	t = warts_trace_alloc();
	in.type = WARTS_TYPE_TRACE;
	in.u.trace = t;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "dst") != NULL, "a trace needs a dst: %s", why);
	warts_object_clear(&in);
}

/*
 * Fields the reader fills in when absent: quoted TTL 1 and quoted length
 * = probe size for quoting ICMP replies, hop_count from the highest TTL.
 */
static void test_defaults(void)
{
	warts_object in = { .type = WARTS_TYPE_TRACE }, out;
	warts_trace *t = warts_trace_alloc();
	warts_trace_hop *h;
	char why[256];

	set_addr(&t->dst, "198.51.100.1");
	t->probe_size = 60;
	h = warts_trace_hop_add(t);
	set_addr(&h->addr, "203.0.113.1");
	h->probe_ttl = 7;
	h->probe_size = 60;
	h->icmp_type = 11;
	h = warts_trace_hop_add(t);
	set_addr(&h->addr, "198.51.100.1");
	h->probe_ttl = 9;
	h->flags = WARTS_TRACE_HOP_TCP;
	h->tcp_flags = 0x12;
	h->icmp_q_ttl = 0;
	h->icmp_q_ipl = 0;
	in.u.trace = t;
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "defaults round trip %s", why)) {
		const warts_trace *b = out.u.trace;
		is_int(b->hop_count, 9, "hop_count 0 becomes the highest TTL");
		is_int(b->hops[0].icmp_q_ttl, 1, "quoted TTL defaults to 1");
		is_int(b->hops[0].icmp_q_ipl, 60, "quoted length defaults "
		       "to the probe size");
		is_int(b->hops[1].icmp_q_ttl, 0, "a TCP reply quotes nothing");
		is_int(b->hops[1].tcp_flags, 0x12, "TCP flags");
		is_int(b->hops[1].icmp_type, 0, "a TCP reply has no ICMP type");
		warts_object_clear(&out);
	}
	warts_object_clear(&in);
}

/* The 2021 writer leaves out the quoted ToS of IPv6 replies. */
static void test_style(void)
{
	warts_object in = { .type = WARTS_TYPE_TRACE }, out;
	warts_trace *t = warts_trace_alloc();
	warts_trace_hop *h;
	struct tbuf b26 = {0}, b21 = {0};
	char why[256];

	set_addr(&t->dst, "2001:db8::1");
	h = warts_trace_hop_add(t);
	set_addr(&h->addr, "2001:db8::2");
	h->probe_ttl = 1;
	h->icmp_type = 3;
	in.u.trace = t;
	ok(test_roundtrip(&in, &out, &b26, why, sizeof(why)) == 0 &&
	   out.u.trace->style == WARTS_STYLE_2026, "2026 style by default");
	warts_object_clear(&out);
	t->style = WARTS_STYLE_2021;
	ok(test_roundtrip(&in, &out, &b21, why, sizeof(why)) == 0 &&
	   out.u.trace->style == WARTS_STYLE_2021,
	   "2021 style is recognised on reading");
	is_int(b26.len - b21.len, 1, "2021 style omits the quoted ToS byte");
	warts_object_clear(&out);
	warts_object_clear(&in);
	tbuf_free(&b26);
	tbuf_free(&b21);
}

/* Corrupt input: every error is clean, names the type and offset. */
static void test_corrupt(void)
{
	warts_object in = { .type = WARTS_TYPE_TRACE }, out;
	struct tbuf bytes = {0};
	warts_error err;
	char why[256];

	in.u.trace = full_trace(NULL, NULL);
	test_roundtrip(&in, &out, &bytes, why, sizeof(why));
	warts_object_clear(&out);
	warts_object_clear(&in);

	/* cut the body short but keep the header's length consistent */
	for (size_t cut = 8; cut < bytes.len; cut += 7) {
		uint8_t *rec = malloc(cut);
		memcpy(rec, bytes.p, cut);
		rec[4] = (uint8_t)((cut - 8) >> 24);
		rec[5] = (uint8_t)((cut - 8) >> 16);
		rec[6] = (uint8_t)((cut - 8) >> 8);
		rec[7] = (uint8_t)(cut - 8);
		if (test_decode1(rec, cut, &out, &err) == 0)
			warts_object_clear(&out);
		else if (strstr(err.msg, "trace record at offset 0") == NULL)
			ok(0, "cut at %zu: %s", cut, err.msg);
		free(rec);
	}
	ok(1, "every truncation of a trace fails cleanly or decodes");

	/* an address reference beyond the table */
	{
		static const uint8_t rec[] = {
			0x12, 0x05, 0x00, 0x06, 0x00, 0x00, 0x00, 0x0b,
			0x80, 0x80, 0x80, 0x20, 0x00, 0x05, /* bit 27: dst */
			0x00, 0x00, 0x00, 0x00, 0x07,       /* ref 7 */
		};
		ok(test_decode1(rec, sizeof(rec), &out, &err) != 0 &&
		   strstr(err.msg, "address reference 7") != NULL,
		   "bad address reference: %s", err.msg);
	}
	tbuf_free(&bytes);
}

int main(void)
{
	test_full();
	test_minimal();
	test_defaults();
	test_style();
	test_corrupt();
	return done_testing();
}
