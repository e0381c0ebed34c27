/*
 * test_sting.c: encoding and decoding every field of a Sting measurement,
 * with boundary values, absent optional fields, scamper's two oddities
 * (the payload bytes of bit 16, the error message of bit 23), and
 * corrupt input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"
#include "warts/sting.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)
#define SAMEADDR(a, b, f) \
	ok(warts_addr_cmp(&(a)->f, &(b)->f) == 0, "%s", #f)

static const uint8_t payload[] = "GET / HTTP/1.0\r\n\r\n";

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		diag("bad address %s", s);
}

static warts_sting *full_sting(warts_list *list, warts_cycle *cycle)
{
	warts_sting *s = warts_sting_alloc();
	uint8_t big[1500];
	warts_tv tv = { 1795781356, 147530 };

	s->list = warts_list_ref(list);
	s->cycle = warts_cycle_ref(cycle);
	s->userid = UINT32_MAX;
	set_addr(&s->src, "2001:db8::2");
	set_addr(&s->dst, "2001:db8::80");
	s->sport = UINT16_MAX;
	s->dport = 80;
	s->count = UINT16_MAX;
	s->mean = 100;
	s->inter = UINT16_MAX;
	s->dist = WARTS_STING_DIST_UNIFORM;
	s->synretx = UINT8_MAX;
	s->dataretx = 5;
	s->seqskip = 3;
	s->datalen = sizeof(payload) - 1;
	s->data = malloc(s->datalen);
	memcpy(s->data, payload, s->datalen);
	s->start.sec = UINT32_MAX;
	s->start.usec = 999999;
	s->hsrtt.sec = 1;
	s->hsrtt.usec = 234567;
	s->dataackc = UINT16_MAX;
	s->holec = 7;
	s->result = WARTS_STING_RESULT_ERROR;
	s->errmsg = strdup("connection refused");

	memset(big, 0xa5, sizeof(big));
	warts_sting_pkt_add(s, WARTS_STING_PKT_TX, &tv, "\x45\x00", 2);
	tv.usec++;
	warts_sting_pkt_add(s, WARTS_STING_PKT_RX, &tv, "\x60", 1);
	tv.sec = UINT32_MAX;
	warts_sting_pkt_add(s, WARTS_STING_PKT_TX | WARTS_STING_PKT_DATA |
	                    WARTS_STING_PKT_HOLE, &tv, big, sizeof(big));
	warts_sting_pkt_add(s, 0xff, &tv, big, 1);
	return s;
}

static void check_sting(const warts_sting *a, const warts_sting *b)
{
	SAME(a, b, userid);
	SAMEADDR(a, b, src);
	SAMEADDR(a, b, dst);
	SAME(a, b, sport);
	SAME(a, b, dport);
	SAME(a, b, count);
	SAME(a, b, mean);
	SAME(a, b, inter);
	SAME(a, b, dist);
	SAME(a, b, synretx);
	SAME(a, b, dataretx);
	SAME(a, b, seqskip);
	SAME(a, b, datalen);
	ok((a->data == NULL && b->data == NULL) ||
	   (a->data != NULL && b->data != NULL &&
	    memcmp(a->data, b->data, a->datalen) == 0), "data");
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, hsrtt.sec);
	SAME(a, b, hsrtt.usec);
	SAME(a, b, dataackc);
	SAME(a, b, holec);
	SAME(a, b, result);
	is_str(b->errmsg, a->errmsg, "errmsg");
	if (!is_int(b->pktc, a->pktc, "pktc"))
		return;
	for (uint32_t i = 0; i < a->pktc; i++) {
		const warts_sting_pkt *x = &a->pkts[i], *y = &b->pkts[i];
		ok(x->flags == y->flags && x->tv.sec == y->tv.sec &&
		   x->tv.usec == y->tv.usec && x->len == y->len &&
		   memcmp(x->data, y->data, x->len) == 0, "packet %u", i);
	}
}

static void test_full(void)
{
	warts_list *list = warts_list_alloc(1, "sting-list");
	warts_cycle *cycle = warts_cycle_alloc(list, 2, 1700000000);
	warts_object in = { .type = WARTS_TYPE_STING }, out;
	char why[256];

	in.u.sting = full_sting(list, cycle);
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "every field: round trip %s", why)) {
		ok(out.u.sting->list != NULL && out.u.sting->list->id == 1,
		   "list");
		ok(out.u.sting->cycle != NULL && out.u.sting->cycle->id == 2,
		   "cycle");
		check_sting(in.u.sting, out.u.sting);
		warts_object_clear(&out);
	}
	warts_object_clear(&in);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

/* Only the addresses: every optional field absent, no packets. */
static void test_minimal(void)
{
	warts_object in = { .type = WARTS_TYPE_STING }, out;
	struct tbuf bytes = {0};
	char why[256];

	in.u.sting = warts_sting_alloc();
	set_addr(&in.u.sting->src, "192.0.2.2");
	set_addr(&in.u.sting->dst, "198.51.100.80");
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "minimal round trip %s", why)) {
		const warts_sting *b = out.u.sting;
		ok(b->list == NULL && b->cycle == NULL, "no list or cycle");
		ok(b->data == NULL && b->datalen == 0, "no data");
		ok(b->errmsg == NULL, "no errmsg");
		is_int(b->result, 0, "result none");
		ok(b->pktc == 0 && b->pkts == NULL, "no packets");
		/* header 8, flag bytes 3 (bits 4..21), length 2, two IPv4
		 * definitions 12, then 40 bytes of numbers and times */
		is_int(bytes.len, 8 + 3 + 2 + 12 + 40,
		       "only the always-written parameters are encoded");
		warts_object_clear(&out);
	}
	tbuf_free(&bytes);

	/* a data length without data: bit 16 is left out, the length kept */
	in.u.sting->datalen = 11;
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "data length without data %s", why)) {
		ok(out.u.sting->datalen == 11 && out.u.sting->data == NULL,
		   "data length kept, no data");
		warts_object_clear(&out);
	}

	/* src and dst are required */
	memset(&in.u.sting->dst, 0, sizeof(warts_addr));
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "dst is required") != NULL, "a sting needs a dst: %s",
	   why);
	memset(&in.u.sting->src, 0, sizeof(warts_addr));
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "src is required") != NULL, "a sting needs a src: %s",
	   why);
	warts_object_clear(&in);
}

/* Bit 23 is written as a string after bit 22, in a fourth flag byte. */
static void test_errmsg(void)
{
	warts_object in = { .type = WARTS_TYPE_STING }, out;
	struct tbuf bytes = {0};
	char why[256];

	in.u.sting = warts_sting_alloc();
	set_addr(&in.u.sting->src, "192.0.2.2");
	set_addr(&in.u.sting->dst, "198.51.100.80");
	in.u.sting->errmsg = strdup("oops");
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "errmsg round trip %s", why)) {
		ok(bytes.len > 14 && bytes.p[8] == 0xf8 && bytes.p[9] == 0xff &&
		   bytes.p[10] == 0xfd && bytes.p[11] == 0x02,
		   "flag bytes: bits 4-21 and 23, no 22");
		ok(memcmp(bytes.p + bytes.len - 5, "oops", 5) == 0,
		   "the message ends the record, NUL-terminated");
		is_str(out.u.sting->errmsg, "oops", "errmsg read back");
		warts_object_clear(&out);
	}
	tbuf_free(&bytes);
	warts_object_clear(&in);
}

/*
 * scamper's file: bit 16 holds bytes of scamper's memory, not the
 * payload.  They are kept as read (the corpus round trip checks that
 * they are written back).
 */
static void test_corpus(void)
{
	static const uint8_t garbage[] = { 0xb0, 0x58, 0x0a, 0xb2, 0x0b, 0x56,
	                                   0x00, 0x00, 0x0b, 0x00, 0x00 };
	char path[1024];
	warts_reader *r;
	warts_object obj;
	warts_error err;
	int found = 0;

	snprintf(path, sizeof(path), "%s/corpus/lab/deb2021-sting-v4.warts",
	         test_datadir());
	if ((r = warts_reader_open(path, &err)) == NULL) {
		ok(0, "open %s: %s", path, err.msg);
		return;
	}
	while (warts_reader_read(r, &obj) == 1) {
		if (obj.type == WARTS_TYPE_STING) {
			const warts_sting *s = obj.u.sting;
			char buf[WARTS_ADDR_STRLEN];
			found = 1;
			is_str(warts_addr_tostr(&s->src, buf, sizeof(buf)),
			       "192.0.2.2", "2021 file: src");
			is_str(warts_addr_tostr(&s->dst, buf, sizeof(buf)),
			       "198.18.0.1", "2021 file: dst");
			is_int(s->sport, 45359, "2021 file: sport");
			is_int(s->dport, 80, "2021 file: dport");
			is_int(s->count, 8, "2021 file: count");
			is_int(s->mean, 100, "2021 file: mean 100 ms");
			is_int(s->inter, 2000, "2021 file: inter 2000 ms");
			is_int(s->dist, WARTS_STING_DIST_UNIFORM, "2021 file: dist");
			is_int(s->synretx, 3, "2021 file: synretx");
			is_int(s->dataretx, 5, "2021 file: dataretx");
			is_int(s->seqskip, 3, "2021 file: seqskip");
			is_int(s->start.usec, 147530, "2021 file: start usec");
			ok(s->datalen == sizeof(garbage) && s->data != NULL &&
			   memcmp(s->data, garbage, sizeof(garbage)) == 0,
			   "2021 file: bit 16's bytes kept as they are");
			is_int(s->result, WARTS_STING_RESULT_NONE,
			       "2021 file: result");
			is_int(s->pktc, 0, "2021 file: no packets");
		}
		warts_object_clear(&obj);
	}
	ok(warts_reader_error(r) == NULL, "2021 file reads to the end");
	ok(found, "2021 file holds a sting");
	warts_reader_close(r);
}

/* A packet block holds flags, time and length (11 bytes) and the data
 * in at most 65535 bytes of parameters. */
static void test_limits(void)
{
	static uint8_t big[UINT16_MAX];
	warts_object in = { .type = WARTS_TYPE_STING }, out;
	warts_tv tv = { 1, 2 };
	char why[256];

	in.u.sting = warts_sting_alloc();
	set_addr(&in.u.sting->src, "192.0.2.2");
	set_addr(&in.u.sting->dst, "198.51.100.80");
	big[0] = 0x45;
	big[sizeof(big) - 12] = 0x99;
	warts_sting_pkt_add(in.u.sting, WARTS_STING_PKT_RX, &tv, big,
	                    UINT16_MAX - 11);
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "the largest packet round trip %s", why)) {
		ok(out.u.sting->pktc == 1 &&
		   out.u.sting->pkts[0].len == UINT16_MAX - 11 &&
		   out.u.sting->pkts[0].data[UINT16_MAX - 12] == 0x99,
		   "the largest packet reads back whole");
		warts_object_clear(&out);
	}
	in.u.sting->pkts[0].len++;
	in.u.sting->pkts[0].data = realloc(in.u.sting->pkts[0].data,
	                                   in.u.sting->pkts[0].len);
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "more than warts can record") != NULL,
	   "a packet one byte too big for a block: %s", why);
	in.u.sting->pkts[0].len--;
	ok(warts_sting_pkt_add(in.u.sting, 0, &tv, big, 0) == NULL,
	   "pkt_add refuses an empty packet");
	warts_object_clear(&in);
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
	warts_object in = { .type = WARTS_TYPE_STING }, out;
	struct tbuf bytes = {0};
	warts_error err;
	char why[256];
	int bad = 0;

	in.u.sting = full_sting(NULL, NULL);
	test_roundtrip(&in, &out, &bytes, why, sizeof(why));
	warts_object_clear(&out);

	/* every truncation (the 1500-byte packet in steps) */
	for (size_t cut = 8; cut < bytes.len; cut += cut < 200 ? 1 : 37) {
		uint8_t *r = malloc(cut);
		memcpy(r, bytes.p, cut);
		put_len(r, cut);
		if (test_decode1(r, cut, &out, &err) == 0)
			warts_object_clear(&out);
		else if (strstr(err.msg, "sting record at offset 0") == NULL) {
			ok(0, "cut at %zu: %s", cut, err.msg);
			bad = 1;
		}
		free(r);
	}
	ok(!bad, "every truncation fails cleanly or decodes");
	tbuf_free(&bytes);

	/* an encoder refuses a packet without data */
	in.u.sting->pkts[1].len = 0;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "packet 1 has no data") != NULL,
	   "packet without data is not written: %s", why);
	warts_object_clear(&in);

	/* hand-made records */
	{
		/* src and dst, pktc 1, then a packet with flags and time only */
		static const uint8_t base[] = {
			0x12, 0x05, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00,
			0x98, 0x80, 0x40, 0x00, 0x10, /* bits 4, 5, 21 */
			0x04, 0x01, 192, 0, 2, 2,
			0x04, 0x01, 198, 51, 100, 80,
			0x00, 0x00, 0x00, 0x01,
			0x03, 0x00, 0x09, 0x01, 0, 0, 0, 1, 0, 0, 0, 2,
		};
		uint8_t rec[sizeof(base)];
		memcpy(rec, base, sizeof(rec));
		put_len(rec, sizeof(rec));
		ok(test_decode1(rec, sizeof(rec), &out, &err) != 0 &&
		   strstr(err.msg, "packet 0: packet without data") != NULL,
		   "packet without data is rejected: %s", err.msg);

		/* too many packets for the record */
		memcpy(rec, base, sizeof(rec));
		put_len(rec, sizeof(rec));
		rec[25] = 0x10;
		ok(test_decode1(rec, sizeof(rec), &out, &err) != 0 &&
		   strstr(err.msg, "cannot fit") != NULL,
		   "packet count beyond the record: %s", err.msg);

		/* no destination */
		memcpy(rec, base, sizeof(rec));
		rec[8] = 0x88;   /* bit 4 only */
		rec[12] = 0x0a;  /* 6 + 4 bytes */
		memmove(rec + 19, rec + 25, sizeof(rec) - 25);
		put_len(rec, sizeof(rec) - 6);
		ok(test_decode1(rec, sizeof(rec) - 6, &out, &err) != 0 &&
		   strstr(err.msg, "no destination") != NULL,
		   "a sting without dst is rejected: %s", err.msg);
	}
}

int main(void)
{
	test_full();
	test_minimal();
	test_errmsg();
	test_corpus();
	test_limits();
	test_corrupt();
	return done_testing();
}
