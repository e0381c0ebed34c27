/*
 * test_owamp.c: the OWAMP record (type 17).  No corpus file holds one and
 * Debian's 2021 tools do not know the type, so the layout is checked
 * against a record assembled byte by byte from warts(5) (header, flag
 * bytes, u16 parameter length, static addresses, timevals, RTTs) and
 * warts-types.md section 17, which was confirmed against scamper's
 * scamper_owamp_warts.c: bit numbers and widths, the order (schedule
 * records, then each tx record followed by its rx records) and the
 * reader's defaults.  The record type is 17, as scamper writes it, not
 * the 0x0020 of warts(5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/owamp.h"

#include "tap.h"
#include "testlib.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)

static void set_addr(warts_addr *a, const char *s)
{
	warts_addr_fromstr(a, s);
}

static int addr_is(const warts_addr *a, const char *s)
{
	warts_addr b;
	set_addr(&b, s);
	return warts_addr_cmp(a, &b) == 0;
}

/* Encode obj alone with a fresh encoder, appending the bytes to out. */
static int encode1(const warts_object *obj, struct tbuf *out, char *why,
                   size_t whylen)
{
	warts_encoder *enc = warts_encoder_new();
	const uint8_t *p;
	size_t len;
	warts_error err = {0};
	int rc;

	why[0] = '\0';
	rc = warts_encoder_encode(enc, obj, &p, &len, &err);
	if (rc == 0)
		tbuf_add(out, p, len);
	else
		snprintf(why, whylen, "%.200s", err.msg);
	warts_encoder_free(enc);
	return rc;
}

/* ---- every field ----------------------------------------------------- */

static warts_owamp *full_owamp(warts_list *list, warts_cycle *cycle)
{
	warts_owamp *o = warts_owamp_alloc();
	warts_owamp_tx *tx;
	warts_owamp_rx *rx;

	o->list = warts_list_ref(list);
	o->cycle = warts_cycle_ref(cycle);
	o->userid = UINT32_MAX;
	set_addr(&o->src, "2001:db8::1");
	set_addr(&o->dst, "2001:db8::861");
	o->dport = UINT16_MAX;
	o->flags = UINT16_MAX;
	o->start = (warts_tv){ 1795781368, 773795 };
	o->startat = (warts_tv){ UINT32_MAX, UINT32_MAX };
	o->wait_timeout = (warts_tv){ 2, 1 };
	o->attempts = UINT32_MAX;
	o->pktsize = UINT16_MAX;
	o->dir = WARTS_OWAMP_DIR_RX;
	o->dscp = 0x2e;
	o->ttl = 0;
	o->hsrtt = UINT32_MAX;
	o->result = WARTS_OWAMP_RESULT_TIMEOUT;
	o->errmsg = strdup("peer went quiet");
	o->udp_sport = 1;
	o->udp_dport = UINT16_MAX;
	warts_owamp_sched_add(o, &(warts_tv){ 0, 100000 },
	                      WARTS_OWAMP_SCHED_EXP);
	warts_owamp_sched_add(o, &(warts_tv){ 0, 0 }, WARTS_OWAMP_SCHED_FIXED);
	warts_owamp_sched_add(o, &(warts_tv){ UINT32_MAX, 1 }, UINT8_MAX);

	tx = warts_owamp_tx_add(o);          /* every field */
	tx->sched = (warts_tv){ 1795781369, 0 };
	tx->stamp = (warts_tv){ 1795781369, 15 };
	tx->seq = UINT32_MAX;
	tx->errest = UINT16_MAX;
	tx->flags = WARTS_OWAMP_TX_ERREST;
	rx = warts_owamp_rx_add(tx);
	rx->stamp = (warts_tv){ 1795781369, 10015 };
	rx->errest = 0x8001;
	rx->flags = WARTS_OWAMP_RX_DSCP | WARTS_OWAMP_RX_TTL |
	            WARTS_OWAMP_RX_ERREST;
	rx->dscp = 0x2e;
	rx->ttl = 255;
	warts_owamp_rx_add(tx);              /* an empty rx record */
	tx = warts_owamp_tx_add(o);          /* an empty tx record */
	tx = warts_owamp_tx_add(o);          /* not sent */
	tx->seq = 2;
	tx->flags = WARTS_OWAMP_TX_NOTSENT;
	return o;
}

static void test_full(void)
{
	warts_list *list = warts_list_alloc(3, "l");
	warts_cycle *cycle = warts_cycle_alloc(list, 4, 100);
	warts_object in = { .type = WARTS_TYPE_OWAMP }, out;
	const warts_owamp *a, *b;
	struct tbuf bytes = {0};
	char why[256];

	in.u.owamp = full_owamp(list, cycle);
	a = in.u.owamp;
	if (!ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	        "every field: round trip %s", why))
		goto done;
	b = out.u.owamp;
	ok(b->list != NULL && b->list->id == 3, "list");
	ok(b->cycle != NULL && b->cycle->id == 4, "cycle");
	SAME(a, b, userid);
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "src");
	ok(warts_addr_cmp(&a->dst, &b->dst) == 0, "dst");
	SAME(a, b, dport);
	SAME(a, b, flags);
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, startat.sec);
	SAME(a, b, startat.usec);
	SAME(a, b, wait_timeout.sec);
	SAME(a, b, wait_timeout.usec);
	SAME(a, b, attempts);
	SAME(a, b, pktsize);
	SAME(a, b, dir);
	SAME(a, b, dscp);
	SAME(a, b, ttl);
	SAME(a, b, hsrtt);
	SAME(a, b, result);
	is_str(b->errmsg, a->errmsg, "errmsg");
	SAME(a, b, udp_sport);
	SAME(a, b, udp_dport);
	if (is_int(b->schedc, 3, "schedc"))
		for (unsigned i = 0; i < 3; i++)
			ok(a->sched[i].tv.sec == b->sched[i].tv.sec &&
			   a->sched[i].tv.usec == b->sched[i].tv.usec &&
			   a->sched[i].type == b->sched[i].type, "sched %u", i);
	if (is_int(b->txc, 3, "txc")) {
		for (unsigned i = 0; i < 3; i++) {
			const warts_owamp_tx *x = &a->txs[i], *y = &b->txs[i];
			ok(x->sched.sec == y->sched.sec &&
			   x->sched.usec == y->sched.usec &&
			   x->stamp.sec == y->stamp.sec &&
			   x->stamp.usec == y->stamp.usec && x->seq == y->seq &&
			   x->errest == y->errest && x->flags == y->flags,
			   "tx %u", i);
			is_int(y->rxc, x->rxc, "tx %u rxc", i);
		}
		if (b->txs[0].rxc == 2) {
			const warts_owamp_rx *x = &a->txs[0].rxs[0];
			const warts_owamp_rx *y = &b->txs[0].rxs[0];
			ok(x->stamp.sec == y->stamp.sec &&
			   x->stamp.usec == y->stamp.usec &&
			   x->errest == y->errest && x->flags == y->flags &&
			   x->dscp == y->dscp && x->ttl == y->ttl, "rx 0");
			y = &b->txs[0].rxs[1];
			ok(!warts_tv_isset(&y->stamp) && y->errest == 0 &&
			   y->flags == 0 && y->dscp == 0 && y->ttl == 0,
			   "rx 1 is empty");
		}
	}
	ok(bytes.len > 8 && bytes.p[bytes.len - 1] == 0x01,
	   "the record ends with the last tx's flags");
	warts_object_clear(&out);
done:
	tbuf_free(&bytes);
	warts_object_clear(&in);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

/* ---- defaults -------------------------------------------------------- */

static void test_defaults(void)
{
	warts_object in = { .type = WARTS_TYPE_OWAMP }, out;
	struct tbuf bytes = {0};
	warts_owamp *o = warts_owamp_alloc();
	char why[256];

	in.u.owamp = o;
	ok(o->dport == 861 && o->wait_timeout.sec == 2 &&
	   o->wait_timeout.usec == 0 && o->attempts == 10 &&
	   o->pktsize == 42 && o->ttl == 255 && o->schedc == 0,
	   "alloc: the reader's defaults, no schedule");

	/* no schedule: bit 11 holds 0, and is the only parameter */
	if (ok(encode1(&in, &bytes, why, sizeof(why)) == 0, "encodes %s",
	       why)) {
		static const uint8_t want[] = {
			0x12, 0x05, 0x00, 0x11, 0x00, 0x00, 0x00, 0x08,
			0x80, 0x08, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
		};
		ok(bytes.len == sizeof(want) &&
		   memcmp(bytes.p, want, sizeof(want)) == 0,
		   "type 17 (0x0011), only bit 11 = 0 written");
	}
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "no schedule: round trip %s", why)) {
		const warts_owamp *b = out.u.owamp;
		ok(b->schedc == 0 && b->sched == NULL, "no schedule");
		ok(b->dport == 861 && b->wait_timeout.sec == 2 &&
		   b->wait_timeout.usec == 0 && b->attempts == 10 &&
		   b->pktsize == 42 && b->ttl == 255,
		   "absent fields take the reader's defaults");
		ok(b->txc == 0 && b->txs == NULL && b->errmsg == NULL &&
		   b->list == NULL && !warts_addr_isset(&b->dst),
		   "nothing else");
		warts_object_clear(&out);
	}

	/* one schedule slot: bit 11 left out, the slot still written */
	warts_owamp_sched_add(o, &(warts_tv){ 0, 0 }, 0);
	bytes.len = 0;
	if (ok(encode1(&in, &bytes, why, sizeof(why)) == 0, "encodes %s",
	       why)) {
		static const uint8_t want[] = {
			0x12, 0x05, 0x00, 0x11, 0x00, 0x00, 0x00, 0x02,
			0x00,                       /* no parameters */
			0x00,                       /* the empty slot */
		};
		ok(bytes.len == sizeof(want) &&
		   memcmp(bytes.p, want, sizeof(want)) == 0,
		   "one empty slot: no parameters, one 0x00 slot record");
	}
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "one slot: round trip %s", why)) {
		is_int(out.u.owamp->schedc, 1, "absent schedc reads as 1");
		warts_object_clear(&out);
	}

	/* the values next to the defaults are written */
	o->dport = 0;
	o->wait_timeout = (warts_tv){ 0, 0 };
	o->attempts = 0;
	o->pktsize = 0;
	o->ttl = 254;
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "non-defaults: round trip %s", why)) {
		const warts_owamp *b = out.u.owamp;
		ok(b->dport == 0 && !warts_tv_isset(&b->wait_timeout) &&
		   b->attempts == 0 && b->pktsize == 0 && b->ttl == 254,
		   "zero and 254 survive");
		warts_object_clear(&out);
	}
	o->wait_timeout = (warts_tv){ 2, 1 };
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "wait 2.000001: round trip %s", why)) {
		is_int(out.u.owamp->wait_timeout.usec, 1, "wait usec kept");
		warts_object_clear(&out);
	}

	/* inconsistent objects fail to encode, naming the field */
	{
		warts_owamp_sched *saved = o->sched;
		o->sched = NULL;
		ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
		   strstr(why, "sched is NULL") != NULL,
		   "schedc without sched: %s", why);
		o->sched = saved;
	}
	o->txc = 1;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "txs is NULL") != NULL, "txc without txs: %s", why);
	o->txc = 0;
	warts_owamp_tx_add(o)->rxc = 1;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "rxs is NULL") != NULL, "rxc without rxs: %s", why);
	o->txs[0].rxc = 0;
	warts_object_clear(&in);
	tbuf_free(&bytes);
}

/* ---- a record assembled by hand -------------------------------------- */

/*
 * Parameters: 4 src, 5 dst, 7 flags, 8 start, 12 attempts, 18 result,
 * 22 txc.  Flag bytes 0xd8 (4, 5, 7; link), 0x91 (8, 12; link), 0x88 (18;
 * link), 0x01 (22).  schedc is absent, so one schedule record follows.
 */
static const uint8_t hand[] = {
	0x12, 0x05, 0x00, 0x11, 0x00, 0x00, 0x00, 0x63,
	0xd8, 0x91, 0x88, 0x01, 0x00, 0x1f,
	0x04, 0x01, 0xc0, 0x00, 0x02, 0x01,         /* src 192.0.2.1 */
	0x04, 0x01, 0xc6, 0x33, 0x64, 0x01,         /* dst 198.51.100.1 */
	0x00, 0x01,                                 /* flags: zero pad */
	0x6b, 0x09, 0x73, 0x00, 0x00, 0x00, 0x00, 0x01, /* start */
	0x00, 0x00, 0x00, 0x02,                     /* attempts 2 */
	0x01,                                       /* result: done */
	0x00, 0x00, 0x00, 0x02,                     /* txc 2 */
	/* schedule: bits 1, 2; 0.1 s, exponential */
	0x03, 0x00, 0x09,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xa0, 0x01,
	/* tx 0: bits 1, 2, 6 (sched, stamp, one rx) */
	0x23, 0x00, 0x11,
	0x6b, 0x09, 0x73, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x6b, 0x09, 0x73, 0x01, 0x00, 0x00, 0x00, 0x10,
	0x01,
	/* its rx: bits 1, 3, 4, 5 */
	0x1d, 0x00, 0x0b,
	0x6b, 0x09, 0x73, 0x01, 0x00, 0x00, 0x27, 0x10,
	0x03, 0x2e, 0x40,
	/* tx 1: bits 1, 3, 5 (sched, seq 1, not sent) */
	0x15, 0x00, 0x0d,
	0x6b, 0x09, 0x73, 0x01, 0x00, 0x01, 0x86, 0xa0,
	0x00, 0x00, 0x00, 0x01,
	0x01,
};
/* offsets: parameters from 14 (src 14, dst 20, flags 26, start 28,
 * attempts 36, result 40, txc 41); schedule 45; tx 0 57; rx 77; tx 1 91 */
#define HAND_TXC   41
#define HAND_RXC   76
#define HAND_TX1   91

static void check_hand(const warts_owamp *o)
{
	const warts_owamp_tx *tx;

	ok(addr_is(&o->src, "192.0.2.1") && addr_is(&o->dst, "198.51.100.1"),
	   "hand: src and dst");
	is_int(o->flags, WARTS_OWAMP_FLAG_ZERO, "hand: flags");
	ok(o->start.sec == 0x6b097300 && o->start.usec == 1, "hand: start");
	is_int(o->attempts, 2, "hand: attempts");
	is_int(o->result, WARTS_OWAMP_RESULT_DONE, "hand: result");
	ok(o->dport == 861 && o->wait_timeout.sec == 2 &&
	   o->wait_timeout.usec == 0 && o->pktsize == 42 && o->ttl == 255 &&
	   o->dir == 0 && o->dscp == 0 && !warts_tv_isset(&o->startat),
	   "hand: defaults for absent fields");
	if (is_int(o->schedc, 1, "hand: schedc absent reads as 1"))
		ok(o->sched[0].tv.sec == 0 && o->sched[0].tv.usec == 100000 &&
		   o->sched[0].type == WARTS_OWAMP_SCHED_EXP,
		   "hand: schedule 0.1 s exponential");
	if (!is_int(o->txc, 2, "hand: txc"))
		return;
	tx = &o->txs[0];
	ok(tx->sched.sec == 0x6b097301 && tx->sched.usec == 0 &&
	   tx->stamp.usec == 16 && tx->seq == 0 && tx->flags == 0 &&
	   tx->rxc == 1, "hand: tx 0");
	ok(tx->rxc == 1 && tx->rxs[0].stamp.usec == 10000 &&
	   tx->rxs[0].flags == (WARTS_OWAMP_RX_DSCP | WARTS_OWAMP_RX_TTL) &&
	   tx->rxs[0].dscp == 0x2e && tx->rxs[0].ttl == 64 &&
	   tx->rxs[0].errest == 0, "hand: tx 0 rx");
	tx = &o->txs[1];
	ok(tx->sched.usec == 100000 && tx->seq == 1 &&
	   tx->flags == WARTS_OWAMP_TX_NOTSENT && tx->rxc == 0 &&
	   tx->rxs == NULL && !warts_tv_isset(&tx->stamp), "hand: tx 1");
}

static void test_hand(void)
{
	warts_object obj, built = { .type = WARTS_TYPE_OWAMP };
	struct tbuf enc = {0};
	warts_error err = {0};
	warts_owamp *o;
	warts_owamp_tx *tx;
	warts_owamp_rx *rx;
	char why[256];

	if (!ok(test_decode1(hand, sizeof(hand), &obj, &err) == 0,
	        "hand-assembled owamp decodes %s", err.msg))
		return;
	check_hand(obj.u.owamp);
	if (ok(encode1(&obj, &enc, why, sizeof(why)) == 0, "re-encodes %s",
	       why))
		ok(enc.len == sizeof(hand) &&
		   memcmp(enc.p, hand, sizeof(hand)) == 0,
		   "re-encoding gives the hand-assembled bytes");
	warts_object_clear(&obj);

	o = warts_owamp_alloc();
	set_addr(&o->src, "192.0.2.1");
	set_addr(&o->dst, "198.51.100.1");
	o->flags = WARTS_OWAMP_FLAG_ZERO;
	o->start = (warts_tv){ 0x6b097300, 1 };
	o->attempts = 2;
	o->result = WARTS_OWAMP_RESULT_DONE;
	warts_owamp_sched_add(o, &(warts_tv){ 0, 100000 },
	                      WARTS_OWAMP_SCHED_EXP);
	tx = warts_owamp_tx_add(o);
	tx->sched = (warts_tv){ 0x6b097301, 0 };
	tx->stamp = (warts_tv){ 0x6b097301, 16 };
	rx = warts_owamp_rx_add(tx);
	rx->stamp = (warts_tv){ 0x6b097301, 10000 };
	rx->flags = WARTS_OWAMP_RX_DSCP | WARTS_OWAMP_RX_TTL;
	rx->dscp = 0x2e;
	rx->ttl = 64;
	tx = warts_owamp_tx_add(o);
	tx->sched = (warts_tv){ 0x6b097301, 100000 };
	tx->seq = 1;
	tx->flags = WARTS_OWAMP_TX_NOTSENT;
	built.u.owamp = o;
	enc.len = 0;
	if (ok(encode1(&built, &enc, why, sizeof(why)) == 0,
	       "built object encodes %s", why))
		ok(enc.len == sizeof(hand) &&
		   memcmp(enc.p, hand, sizeof(hand)) == 0,
		   "an object built in code encodes to the hand-assembled "
		   "bytes");
	warts_object_clear(&built);
	tbuf_free(&enc);
}

/* ---- corrupt input --------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void expect_fail(const uint8_t *rec, size_t len, const char *want,
                        const char *what)
{
	warts_object out;
	warts_error err = {0};
	if (test_decode1(rec, len, &out, &err) == 0) {
		warts_object_clear(&out);
		ok(0, "%s: decoded", what);
		return;
	}
	ok(strstr(err.msg, "owamp record at offset 0") != NULL &&
	   strstr(err.msg, want) != NULL, "%s: %s", what, err.msg);
}

static void test_corrupt(void)
{
	warts_object in = { .type = WARTS_TYPE_OWAMP }, out;
	struct tbuf bytes = {0};
	warts_error err = {0};
	uint8_t rec[sizeof(hand)];
	char why[256];
	int bad = 0;

	in.u.owamp = full_owamp(NULL, NULL);
	encode1(&in, &bytes, why, sizeof(why));
	warts_object_clear(&in);
	for (size_t cut = 8; cut < bytes.len; cut++) {
		uint8_t *r = malloc(cut);
		memcpy(r, bytes.p, cut);
		put32(r + 4, (uint32_t)(cut - 8));
		if (test_decode1(r, cut, &out, &err) == 0)
			warts_object_clear(&out);
		else if (strstr(err.msg, "owamp record at offset 0") == NULL)
			bad++, diag("cut at %zu: %s", cut, err.msg);
		free(r);
	}
	ok(bad == 0, "every truncation of an owamp fails cleanly or decodes");
	tbuf_free(&bytes);

	memcpy(rec, hand, sizeof(rec));
	put32(rec + HAND_TXC, UINT32_MAX);
	expect_fail(rec, sizeof(rec), "count 4294967295", "huge txc");

	memcpy(rec, hand, sizeof(rec));
	rec[HAND_RXC] = 200;
	expect_fail(rec, sizeof(rec), "count 200", "rx count overrun");

	/* bit 14 (dir) only: schedc is absent, so one schedule record
	 * must follow, and the record ends */
	{
		static const uint8_t r[] = {
			0x12, 0x05, 0x00, 0x11, 0x00, 0x00, 0x00, 0x05,
			0x80, 0x40, 0x00, 0x01, 0x01,
		};
		expect_fail(r, sizeof(r), "count 1 cannot fit",
		            "missing schedule record");
	}

	/* txc 1 and the record ending after tx 0's rx: tx 1 is never read */
	memcpy(rec, hand, sizeof(rec));
	put32(rec + HAND_TXC, 1);
	put32(rec + 4, HAND_TX1 - 8);
	err.msg[0] = '\0';
	if (ok(test_decode1(rec, HAND_TX1, &out, &err) == 0,
	       "txc 1 reads tx 0 and its rx only %s", err.msg)) {
		ok(out.u.owamp->txc == 1 && out.u.owamp->txs[0].rxc == 1,
		   "one tx with one rx");
		warts_object_clear(&out);
	}
}

/*
 * Every byte of the hand-assembled record set to a handful of values:
 * each variant decodes or fails with a message naming the type, and what
 * decodes can be encoded (or is refused cleanly).
 */
static void test_mutations(void)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe,
	                                0xff };
	uint8_t rec[sizeof(hand)];
	int bad = 0, decoded = 0;

	for (size_t i = 8; i < sizeof(hand); i++)
		for (size_t v = 0; v < sizeof(vals); v++) {
			warts_object out;
			warts_error err = {0};
			struct tbuf enc = {0};
			char why[256];

			memcpy(rec, hand, sizeof(rec));
			rec[i] = vals[v];
			if (test_decode1(rec, sizeof(rec), &out, &err) != 0) {
				if (strstr(err.msg, "owamp record at "
				                    "offset 0") == NULL)
					bad++, diag("byte %zu = %u: %s", i,
					            vals[v], err.msg);
				continue;
			}
			decoded++;
			encode1(&out, &enc, why, sizeof(why));
			tbuf_free(&enc);
			warts_object_clear(&out);
		}
	ok(bad == 0, "%d mutations decode, the rest fail cleanly", decoded);
}

int main(void)
{
	test_full();
	test_defaults();
	test_hand();
	test_corrupt();
	test_mutations();
	return done_testing();
}
