/*
 * test_udpprobe.c: the UDP probe record (type 16).  Debian's 2021 tools
 * do not know this type, so besides round trips of every field this test
 * checks the layout directly: a record assembled byte by byte from
 * warts(5) (header, flag bytes, u16 parameter length, static addresses,
 * timevals, RTTs, ifnames) and warts-types.md section 16 (bit numbers,
 * widths and the backwards-compatible order: probe 0 in the parameters,
 * then its replies, then the other probes, then their replies) must
 * decode to the expected probes and replies and encode back to exactly
 * those bytes; and fields of the corpus files must match what scamper's
 * own sc_wartsdump printed for them (X.new2026.dump).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/udpprobe.h"

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

/* The first record of a type in a lab corpus file: decoded, and raw. */
static int corpus_first(const char *name, uint16_t type, warts_object *obj,
                        struct tbuf *raw)
{
	char path[4096];
	warts_error err;
	warts_reader *r;
	const uint8_t *rec;
	size_t len;
	uint16_t t;
	int rc;

	snprintf(path, sizeof(path), "%s/corpus/lab/%s", test_datadir(), name);
	if ((r = warts_reader_open(path, &err)) == NULL)
		return -1;
	warts_reader_select(r, &type, 1);
	rc = warts_reader_read(r, obj);
	warts_reader_close(r);
	if (rc != 1)
		return -1;
	if ((r = warts_reader_open(path, &err)) == NULL)
		return -1;
	while ((rc = warts_reader_read_raw(r, &rec, &len, &t)) > 0)
		if (t == type) {
			tbuf_add(raw, rec, len);
			break;
		}
	warts_reader_close(r);
	return rc == 1 ? 0 : -1;
}

/* ---- every field ----------------------------------------------------- */

/* Four probes with 0, 2, 0 and 1 replies: the replies of probes 1..3
 * share one run after the probe records. */
static warts_udpprobe *full_udpprobe(warts_list *list, warts_cycle *cycle)
{
	warts_udpprobe *up = warts_udpprobe_alloc();
	warts_udpprobe_probe *p;
	warts_udpprobe_reply *r;

	up->list = warts_list_ref(list);
	up->cycle = warts_cycle_ref(cycle);
	up->userid = UINT32_MAX;
	set_addr(&up->src, "192.0.2.1");
	set_addr(&up->dst, "2001:db8::53");
	up->sport = UINT16_MAX;
	up->dport = 53;
	up->start.sec = 1795781369;
	up->start.usec = 102237;
	up->wait_timeout = UINT32_MAX;
	up->wait_probe = 1000000;
	up->flags = WARTS_UDPPROBE_FLAG_EXITFIRST;
	up->stop_reason = WARTS_UDPPROBE_STOP_ERROR;
	up->probe_count = UINT8_MAX;
	up->stop_count = UINT8_MAX;
	up->len = 3;
	up->data = malloc(3);
	memcpy(up->data, "\x12\x34\x01", 3);
	up->errmsg = strdup("");

	p = warts_udpprobe_probe_add(up);
	p->sport = 0;
	p->tx = up->start;
	p = warts_udpprobe_probe_add(up);
	p->sport = 40001;
	p->tx.sec = 1795781370;
	r = warts_udpprobe_reply_add(p, "\xaa", 1, "eth0");
	r->rx.sec = 1795781370;
	r->rx.usec = 5;
	r = warts_udpprobe_reply_add(p, NULL, 0, NULL);
	r->rx.usec = UINT32_MAX;
	p = warts_udpprobe_probe_add(up);
	p->sport = UINT16_MAX;
	p = warts_udpprobe_probe_add(up);
	p->sport = 1;
	p->tx.sec = UINT32_MAX;
	p->tx.usec = UINT32_MAX;
	r = warts_udpprobe_reply_add(p, "\xbb\xcc", 2, "eth0");
	r = warts_udpprobe_reply_add(p, "\xdd", 1, "wlan0");
	return up;
}

static void check_probe(const warts_udpprobe_probe *a,
                        const warts_udpprobe_probe *b, unsigned i)
{
	ok(a->tx.sec == b->tx.sec && a->tx.usec == b->tx.usec,
	   "probe %u tx", i);
	is_int(b->sport, a->sport, "probe %u sport", i);
	if (!is_int(b->replyc, a->replyc, "probe %u replyc", i))
		return;
	for (unsigned j = 0; j < a->replyc; j++) {
		const warts_udpprobe_reply *x = &a->replies[j];
		const warts_udpprobe_reply *y = &b->replies[j];
		ok(x->rx.sec == y->rx.sec && x->rx.usec == y->rx.usec,
		   "probe %u reply %u rx", i, j);
		ok(x->len == y->len &&
		   (x->len == 0 ? y->data == NULL :
		    memcmp(x->data, y->data, x->len) == 0),
		   "probe %u reply %u data", i, j);
		ok(x->ifname == NULL ? y->ifname == NULL :
		   y->ifname != NULL && strcmp(x->ifname, y->ifname) == 0,
		   "probe %u reply %u ifname %s", i, j,
		   y->ifname ? y->ifname : "(none)");
	}
}

static void test_full(void)
{
	warts_list *list = warts_list_alloc(1, "l");
	warts_cycle *cycle = warts_cycle_alloc(list, UINT32_MAX, 100);
	warts_object in = { .type = WARTS_TYPE_UDPPROBE }, out;
	const warts_udpprobe *a, *b;
	struct tbuf bytes = {0};
	char why[256];

	in.u.udpprobe = full_udpprobe(list, cycle);
	a = in.u.udpprobe;
	if (!ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	        "every field: round trip %s", why))
		goto done;
	b = out.u.udpprobe;
	ok(b->list != NULL && b->list->id == 1, "list");
	ok(b->cycle != NULL && b->cycle->id == UINT32_MAX, "cycle");
	SAME(a, b, userid);
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "src");
	ok(warts_addr_cmp(&a->dst, &b->dst) == 0, "dst");
	SAME(a, b, sport);
	SAME(a, b, dport);
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, wait_timeout);
	SAME(a, b, wait_probe);
	SAME(a, b, flags);
	SAME(a, b, stop_reason);
	SAME(a, b, probe_count);
	SAME(a, b, stop_count);
	ok(b->len == 3 && memcmp(b->data, a->data, 3) == 0, "payload");
	is_str(b->errmsg, "", "empty errmsg");
	if (is_int(b->probe_sent, 4, "probe_sent"))
		for (unsigned i = 0; i < 4; i++)
			check_probe(&a->probes[i], &b->probes[i], i);
	warts_object_clear(&out);
done:
	tbuf_free(&bytes);
	warts_object_clear(&in);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

/* ---- defaults, absent fields, probe 0 -------------------------------- */

static void test_defaults(void)
{
	warts_object in = { .type = WARTS_TYPE_UDPPROBE }, out;
	struct tbuf bytes = {0};
	warts_udpprobe *up = warts_udpprobe_alloc();
	warts_udpprobe_probe *p;
	char why[256];

	in.u.udpprobe = up;
	is_int(up->probe_count, 1, "alloc: probe_count 1");
	is_int(up->probe_sent, 0, "alloc: no probes");

	/* no probe sent: bit 16 holds 0, nothing else is written */
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "no probes: round trip %s", why)) {
		const warts_udpprobe *b = out.u.udpprobe;
		ok(b->probe_sent == 0 && b->probes == NULL, "no probes");
		is_int(b->probe_count, 1, "probe_count defaults to 1");
		ok(b->list == NULL && b->cycle == NULL, "no list or cycle");
		ok(b->data == NULL && b->len == 0, "no payload");
		ok(b->errmsg == NULL, "no errmsg");
		/* flags 0x80 0x80 0x02 (bit 16), length 1, the 0 */
		ok(bytes.len == 14 && bytes.p[8] == 0x80 &&
		   bytes.p[9] == 0x80 &&
		   bytes.p[10] == 0x02 && bytes.p[12] == 1 && bytes.p[13] == 0,
		   "only bit 16 = 0 is written");
		warts_object_clear(&out);
	}

	/* one probe without replies: bit 6 (its sport, even 0), and probe
	 * count and probes sent left to their default of 1 */
	p = warts_udpprobe_probe_add(up);
	up->start.sec = 77;
	p->tx.sec = 12345;    /* not stored: probe 0's tx is the start */
	bytes.len = 0;
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "one probe: round trip %s", why)) {
		const warts_udpprobe *b = out.u.udpprobe;
		if (is_int(b->probe_sent, 1, "probes sent defaults to 1")) {
			is_int(b->probes[0].sport, 0, "probe 0 sport");
			is_int(b->probes[0].replyc, 0, "probe 0 replyc");
			is_int(b->probes[0].tx.sec, 77, "probe 0 tx is start");
		}
		/* bits 6 and 8: flag byte 0xa0, 0x01; 2 + 8 bytes */
		ok(bytes.len == 8 + 2 + 2 + 10 && bytes.p[8] == 0xa0 &&
		   bytes.p[9] == 0x01, "bits 6 and 8 only");
		warts_object_clear(&out);
	}

	/* the payload needs both data and a length */
	up->len = 4;
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "length without payload: round trip %s", why)) {
		ok(out.u.udpprobe->len == 0,
		   "a length without data is dropped");
		warts_object_clear(&out);
	}
	up->len = 0;

	/* inconsistent objects fail to encode, naming the field */
	{
		warts_udpprobe_probe *saved = up->probes;
		up->probes = NULL;
		ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
		   strstr(why, "probes is NULL") != NULL,
		   "probe_sent without probes: %s", why);
		up->probes = saved;
	}
	up->probes[0].replyc = 1;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "replies is NULL") != NULL,
	   "replyc without replies: %s", why);
	up->probes[0].replyc = 0;
	warts_object_clear(&in);
	tbuf_free(&bytes);
}

/* ---- a record assembled by hand -------------------------------------- */

/*
 * Three probes; probes 0, 1 and 2 have one reply each.  Parameters: 5 dst,
 * 6 probe 0 sport, 7 dport, 8 start, 9 wait timeout, 11 stop, 12 payload
 * length, 13 payload, 14 probe 0 reply count, 15 probe count, 16 probes
 * sent: flag bytes 0xf0 (5-7; link), 0xfb (8, 9, 11-14; link), 0x03
 * (15, 16).
 */
static const uint8_t hand[] = {
	0x12, 0x05, 0x00, 0x10, 0x00, 0x00, 0x00, 0x6e,
	0xf0, 0xfb, 0x03, 0x00, 0x1e,
	0x04, 0x01, 0xc6, 0x33, 0x64, 0x01,         /* dst 198.51.100.1 */
	0x9c, 0x40,                                 /* probe 0 sport */
	0x00, 0x35,                                 /* dport 53 */
	0x6b, 0x09, 0x72, 0xf9, 0x00, 0x01, 0x8f, 0x5d, /* start */
	0x00, 0x1e, 0x84, 0x80,                     /* wait 2 s (rtt) */
	0x01,                                       /* stop: done */
	0x00, 0x02, 0xab, 0xcd,                     /* payload */
	0x01,                                       /* probe 0: 1 reply */
	0x03, 0x03,                                 /* count 3, sent 3 */
	/* probe 0's reply: bits 1-4; ifname 1 defined as "eth0" */
	0x0f, 0x00, 0x11,
	0x6b, 0x09, 0x72, 0xf9, 0x00, 0x01, 0x90, 0x00,
	0x00, 0x01, 0xee,
	0x01, 'e', 't', 'h', '0', 0x00,
	/* probe 1 and probe 2: bits 1-3 (tx, sport, 1 reply) */
	0x07, 0x00, 0x0b,
	0x6b, 0x09, 0x72, 0xfa, 0x00, 0x01, 0x8f, 0x5d, 0x9c, 0x41, 0x01,
	0x07, 0x00, 0x0b,
	0x6b, 0x09, 0x72, 0xfb, 0x00, 0x01, 0x8f, 0x5d, 0x9c, 0x42, 0x01,
	/* probe 1's reply: bits 1 and 4; ifname 1 by reference */
	0x09, 0x00, 0x09,
	0x6b, 0x09, 0x72, 0xfa, 0x00, 0x02, 0x00, 0x00, 0x01,
	/* probe 2's reply: ifname 2 defined as "lo" */
	0x09, 0x00, 0x0c,
	0x6b, 0x09, 0x72, 0xfb, 0x00, 0x03, 0x00, 0x00, 0x02, 'l', 'o', 0x00,
};
/* offsets: parameters from 13 (dst 13, probe 0 sport 19, dport 21,
 * start 23, wait 31, stop 35, length 36, payload 38, probe 0 replies 40,
 * count 41, sent 42); probe 0's reply 43; probes 63 and 77; replies 91
 * and 103 */
#define HAND_P0_REPLYC 40
#define HAND_SENT      42
#define HAND_P2_IFNAME 114

static void check_hand(const warts_udpprobe *up)
{
	const warts_udpprobe_probe *p;

	ok(addr_is(&up->dst, "198.51.100.1"), "hand: dst");
	ok(!warts_addr_isset(&up->src), "hand: no src");
	is_int(up->dport, 53, "hand: dport");
	ok(up->start.sec == 0x6b0972f9 && up->start.usec == 102237,
	   "hand: start");
	is_int(up->wait_timeout, 2000000, "hand: wait timeout 2 s");
	is_int(up->stop_reason, WARTS_UDPPROBE_STOP_DONE, "hand: stop");
	ok(up->len == 2 && up->data[0] == 0xab && up->data[1] == 0xcd,
	   "hand: payload");
	is_int(up->probe_count, 3, "hand: probe count");
	is_int(up->sport, 0, "hand: no requested sport");
	if (!is_int(up->probe_sent, 3, "hand: probes sent"))
		return;
	p = &up->probes[0];
	ok(p->sport == 40000 && p->replyc == 1 &&
	   p->tx.sec == up->start.sec && p->tx.usec == up->start.usec,
	   "hand: probe 0 from the parameters, tx = start");
	ok(p->replyc == 1 && p->replies[0].len == 1 &&
	   p->replies[0].data[0] == 0xee && p->replies[0].rx.usec == 0x019000 &&
	   strcmp(p->replies[0].ifname, "eth0") == 0, "hand: probe 0 reply");
	p = &up->probes[1];
	ok(p->sport == 40001 && p->tx.sec == 0x6b0972fa && p->replyc == 1,
	   "hand: probe 1");
	ok(p->replyc == 1 && p->replies[0].rx.sec == 0x6b0972fa &&
	   p->replies[0].len == 0 && p->replies[0].data == NULL &&
	   strcmp(p->replies[0].ifname, "eth0") == 0,
	   "hand: probe 1 reply, ifname by reference");
	p = &up->probes[2];
	ok(p->sport == 40002 && p->tx.sec == 0x6b0972fb && p->replyc == 1,
	   "hand: probe 2");
	ok(p->replyc == 1 && p->replies[0].rx.usec == 0x030000 &&
	   strcmp(p->replies[0].ifname, "lo") == 0, "hand: probe 2 reply");
}

static void test_hand(void)
{
	warts_object obj, built = { .type = WARTS_TYPE_UDPPROBE };
	struct tbuf enc = {0};
	warts_error err = {0};
	warts_udpprobe *up;
	warts_udpprobe_probe *p;
	char why[256];

	if (!ok(test_decode1(hand, sizeof(hand), &obj, &err) == 0,
	        "hand-assembled udpprobe decodes %s", err.msg))
		return;
	check_hand(obj.u.udpprobe);
	if (ok(encode1(&obj, &enc, why, sizeof(why)) == 0, "re-encodes %s",
	       why))
		ok(enc.len == sizeof(hand) &&
		   memcmp(enc.p, hand, sizeof(hand)) == 0,
		   "re-encoding gives the hand-assembled bytes");
	warts_object_clear(&obj);

	/* the same udpprobe built in code, as a plain array of probes */
	up = warts_udpprobe_alloc();
	set_addr(&up->dst, "198.51.100.1");
	up->dport = 53;
	up->start = (warts_tv){ 0x6b0972f9, 102237 };
	up->wait_timeout = 2000000;
	up->stop_reason = WARTS_UDPPROBE_STOP_DONE;
	up->len = 2;
	up->data = malloc(2);
	memcpy(up->data, "\xab\xcd", 2);
	up->probe_count = 3;
	p = warts_udpprobe_probe_add(up);
	p->sport = 40000;
	warts_udpprobe_reply_add(p, "\xee", 1, "eth0")->rx =
		(warts_tv){ 0x6b0972f9, 0x019000 };
	p = warts_udpprobe_probe_add(up);
	p->sport = 40001;
	p->tx = (warts_tv){ 0x6b0972fa, 102237 };
	warts_udpprobe_reply_add(p, NULL, 0, "eth0")->rx =
		(warts_tv){ 0x6b0972fa, 0x020000 };
	p = warts_udpprobe_probe_add(up);
	p->sport = 40002;
	p->tx = (warts_tv){ 0x6b0972fb, 102237 };
	warts_udpprobe_reply_add(p, NULL, 0, "lo")->rx =
		(warts_tv){ 0x6b0972fb, 0x030000 };
	built.u.udpprobe = up;
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

/* ---- the corpus, against scamper's own dump -------------------------- */

static void test_corpus(void)
{
	warts_object obj;
	struct tbuf raw = {0}, enc = {0};
	const warts_udpprobe *up;
	const warts_udpprobe_probe *p;
	char why[256];

	/* new2026-udpprobe-dns-v6.warts.new2026.dump: two probes */
	if (!ok(corpus_first("new2026-udpprobe-dns-v6.warts",
	                     WARTS_TYPE_UDPPROBE, &obj, &raw) == 0,
	        "corpus dns-v6 reads"))
		return;
	up = obj.u.udpprobe;
	/* flag bytes fb fb 17: bits 1 2 4-9 11-14 15 16 17 19 */
	ok(raw.len > 11 && raw.p[8] == 0xfb && raw.p[9] == 0xfb &&
	   raw.p[10] == 0x17, "corpus flags: bits 1 2 4-9 11-17 19");
	ok(addr_is(&up->src, "2001:db8:0:1::2") &&
	   addr_is(&up->dst, "2001:db8:100::1"),
	   "corpus: udpprobe from 2001:db8:0:1::2 to 2001:db8:100::1");
	ok(up->start.sec == 0x6b0972fb && up->start.usec == 178318,
	   "corpus: start Fri Nov 27 12:09:31 2026 178318");
	ok(up->wait_timeout == 2000000 && up->wait_probe == 1000000,
	   "corpus: wait-timeout 2s, wait-probe 1s");
	ok(up->sport == 0 && up->dport == 53, "corpus: sport 0, dport 53");
	ok(up->len == 33 &&
	   memcmp(up->data, "\x12\x34\x01\x00\x00\x01", 6) == 0,
	   "corpus: payload (33) 123401000001...");
	ok(up->probe_count == 2 && up->probe_sent == 2,
	   "corpus: probe-count 2, probe-sent 2");
	is_int(up->stop_reason, WARTS_UDPPROBE_STOP_DONE, "corpus: stop done");
	if (up->probe_sent == 2) {
		p = &up->probes[0];
		ok(p->sport == 54567 && p->replyc == 1 &&
		   p->tx.sec == up->start.sec && p->tx.usec == up->start.usec,
		   "corpus: 0.000000 probe 0, sport 54567, replyc 1");
		ok(p->replyc == 1 && p->replies[0].len == 49 &&
		   strcmp(p->replies[0].ifname, "eth0") == 0 &&
		   p->replies[0].rx.usec - up->start.usec == 221,
		   "corpus: 0.000221 reply, ifname eth0, len 49");
		p = &up->probes[1];
		ok(p->sport == 60371 && p->replyc == 1 &&
		   p->tx.sec == up->start.sec + 1 &&
		   p->tx.usec - up->start.usec == 505,
		   "corpus: 1.000505 probe 1, sport 60371, replyc 1");
		ok(p->replyc == 1 && p->replies[0].len == 49 &&
		   strcmp(p->replies[0].ifname, "eth0") == 0 &&
		   p->replies[0].rx.usec - up->start.usec == 692 &&
		   memcmp(p->replies[0].data, "\x12\x34\x85\x80", 4) == 0,
		   "corpus: 1.000692 reply, ifname eth0 (by id), 12348580...");
	}
	if (ok(encode1(&obj, &enc, why, sizeof(why)) == 0, "encodes %s", why))
		ok(enc.len >= raw.len &&
		   memcmp(enc.p + enc.len - raw.len, raw.p, raw.len) == 0,
		   "corpus dns-v6 record re-encodes byte for byte");
	warts_object_clear(&obj);
	tbuf_free(&raw);
	tbuf_free(&enc);

	/* new2026-udpprobe-noreply-v4: one probe, no reply, no bit 14 */
	if (!ok(corpus_first("new2026-udpprobe-noreply-v4.warts",
	                     WARTS_TYPE_UDPPROBE, &obj, &raw) == 0,
	        "corpus noreply-v4 reads"))
		return;
	up = obj.u.udpprobe;
	ok(raw.len > 10 && raw.p[9] == 0xbb, "corpus: bit 14 absent");
	ok(up->wait_timeout == 1000000 && up->sport == 46666 &&
	   up->dport == 9999, "corpus: wait-timeout 1s, sport 46666, "
	   "dport 9999");
	ok(up->len == 1 && up->data[0] == 0, "corpus: payload (1) 00");
	ok(up->probe_count == 1 && up->probe_sent == 1 &&
	   up->probes[0].sport == 46666 && up->probes[0].replyc == 0,
	   "corpus: probe 0, sport 46666, replyc 0");
	warts_object_clear(&obj);
	tbuf_free(&raw);
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
	ok(strstr(err.msg, "udpprobe record at offset 0") != NULL &&
	   strstr(err.msg, want) != NULL, "%s: %s", what, err.msg);
}

static void test_corrupt(void)
{
	warts_object in = { .type = WARTS_TYPE_UDPPROBE }, out;
	struct tbuf bytes = {0};
	warts_error err = {0};
	uint8_t rec[sizeof(hand)];
	char why[256];
	int bad = 0;

	in.u.udpprobe = full_udpprobe(NULL, NULL);
	encode1(&in, &bytes, why, sizeof(why));
	warts_object_clear(&in);
	for (size_t cut = 8; cut < bytes.len; cut++) {
		uint8_t *r = malloc(cut);
		memcpy(r, bytes.p, cut);
		put32(r + 4, (uint32_t)(cut - 8));
		if (test_decode1(r, cut, &out, &err) == 0)
			warts_object_clear(&out);
		else if (strstr(err.msg, "udpprobe record at offset 0") == NULL)
			bad++, diag("cut at %zu: %s", cut, err.msg);
		free(r);
	}
	ok(bad == 0, "every truncation of a udpprobe fails cleanly or decodes");
	tbuf_free(&bytes);

	/* more replies for probe 0 than the record holds */
	memcpy(rec, hand, sizeof(rec));
	rec[HAND_P0_REPLYC] = 200;
	expect_fail(rec, sizeof(rec), "count 200", "probe 0 reply count");

	/* 255 probes sent, 2 probe records present */
	memcpy(rec, hand, sizeof(rec));
	rec[HAND_SENT] = 255;
	expect_fail(rec, sizeof(rec), "probe", "probes sent beyond the record");

	/* an interface name id that skips one */
	memcpy(rec, hand, sizeof(rec));
	rec[HAND_P2_IFNAME] = 3;
	expect_fail(rec, sizeof(rec), "interface name id 3", "ifname id 3");

	/* an ifname reference before any definition */
	memcpy(rec, hand, sizeof(rec));
	rec[HAND_P2_IFNAME] = 0;
	err.msg[0] = '\0';
	ok(test_decode1(rec, sizeof(rec), &out, &err) == 0 &&
	   strcmp(out.u.udpprobe->probes[2].replies[0].ifname, "lo") == 0,
	   "ifname id 0 is inline and not entered %s", err.msg);
	warts_object_clear(&out);

	/* probes sent 0: scamper ignores probe 0's bits and its replies */
	memcpy(rec, hand, sizeof(rec));
	rec[HAND_SENT] = 0;
	err.msg[0] = '\0';
	if (ok(test_decode1(rec, sizeof(rec), &out, &err) == 0,
	       "probes sent 0 decodes %s", err.msg)) {
		ok(out.u.udpprobe->probe_sent == 0 &&
		   out.u.udpprobe->probes == NULL, "and has no probes");
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
				if (strstr(err.msg, "udpprobe record at "
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
	test_corpus();
	test_corrupt();
	test_mutations();
	return done_testing();
}
