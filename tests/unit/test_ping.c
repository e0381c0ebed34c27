/*
 * test_ping.c: encoding and decoding every field of a ping, with boundary
 * values, absent optional fields and blocks, the reader's defaults, the
 * two scamper writers' conditions, corpus values, and corrupt records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"
#include "warts/ping.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)
#define BIT(n) ((uint64_t)1 << (n))

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		ok(0, "bad test address %s", s);
}

static int addr_is(const warts_addr *a, const char *s)
{
	warts_addr b;
	warts_addr_fromstr(&b, s);
	return warts_addr_cmp(a, &b) == 0;
}

/* ---- reading back which parameters the encoder wrote ------------------ */

/* The bits of the flags+params block at p; *next is set past the block. */
static uint64_t block_bits(const uint8_t *p, const uint8_t **next)
{
	const uint8_t *first = p;
	uint64_t m = 0;
	unsigned base = 0;
	do {
		for (unsigned i = 0; i < 7; i++)
			if (*p & (1u << i))
				m |= BIT(base + i + 1);
		base += 7;
	} while (*p++ & 0x80);
	if (*first == 0) {
		*next = p;
		return m;
	}
	*next = p + 2 + ((p[0] << 8) | p[1]);
	return m;
}

/*
 * The parameter bits of the first ping record in bytes (*ping) and of
 * each of its replies (up to max).  Returns the reply count, or -1.
 */
static int ping_bits(const struct tbuf *b, uint64_t *ping, uint64_t *reply,
                     int max)
{
	size_t off = 0;
	while (off + 8 <= b->len) {
		const uint8_t *h = b->p + off, *p;
		uint32_t len = ((uint32_t)h[4] << 24) | (h[5] << 16) |
		               (h[6] << 8) | h[7];
		int n;
		if (h[3] != 7) {
			off += 8 + len;
			continue;
		}
		*ping = block_bits(h + 8, &p);
		n = (p[0] << 8) | p[1];
		p += 2;
		for (int i = 0; i < n && i < max; i++)
			reply[i] = block_bits(p, &p);
		return n;
	}
	return -1;
}

/* ---- building pings --------------------------------------------------- */

static warts_ping_reply *add_reply(warts_ping *p, const char *from,
                                   uint16_t probe_id)
{
	warts_ping_reply *r = warts_ping_reply_add(p);
	set_addr(&r->addr, from);
	r->probe_id = probe_id;
	return r;
}

static warts_ping *full_ping_v4(warts_list *list, warts_cycle *cycle)
{
	static const uint8_t payload[] = { 0x00, 0x0a, 0xff, 0x80, 0x7f };
	warts_ping *p = warts_ping_alloc();
	warts_ping_reply *r;

	p->list = warts_list_ref(list);
	p->cycle = warts_cycle_ref(cycle);
	p->userid = UINT32_MAX;
	set_addr(&p->src, "192.0.2.1");
	set_addr(&p->dst, "198.51.100.200");
	set_addr(&p->rtr, "192.0.2.254");
	p->start.sec = UINT32_MAX;
	p->start.usec = 999999;
	p->stop_reason = WARTS_PING_STOP_HALTED;
	p->stop_data = 255;
	p->stop_count = UINT16_MAX;
	p->method = WARTS_PING_UDP_DPORT;
	p->attempts = UINT16_MAX;
	p->probe_size = UINT16_MAX;
	p->ttl = 255;
	p->tos = 255;
	p->sport = UINT16_MAX;
	p->dport = UINT16_MAX;
	p->icmpsum = UINT16_MAX;
	p->tcpseq = UINT32_MAX;
	p->tcpack = UINT32_MAX - 1;
	p->pmtu = UINT16_MAX;
	p->wait_sec = 255;
	p->wait_usec = 999999;
	p->timeout_sec = 1;
	p->timeout_usec = UINT32_MAX;
	p->flags = 0xfff;
	p->payload_len = sizeof(payload);
	p->payload = malloc(sizeof(payload));
	memcpy(p->payload, payload, sizeof(payload));
	p->tsps = warts_ping_tsps_alloc(2);
	set_addr(&p->tsps->ip[0], "203.0.113.1");
	set_addr(&p->tsps->ip[1], "198.51.100.200"); /* the dst: a reference */
	p->ping_sent = 3;
	p->errmsg = strdup("no error at all");

	/* every reply field, boundary values */
	r = add_reply(p, "198.51.100.200", 0);
	r->flags = 0x7f;
	r->reply_ttl = 255;
	r->reply_tos = 255;
	r->reply_size = UINT16_MAX;
	r->reply_ipid = UINT16_MAX;
	r->probe_ipid = UINT16_MAX;
	r->rtt = UINT32_MAX;
	r->reply_proto = 1;
	r->icmp_type = 3;
	r->icmp_code = 4;
	r->icmp_nhmtu = UINT16_MAX;
	r->probe_tx.sec = UINT32_MAX;
	r->probe_tx.usec = UINT32_MAX;
	r->probe_sport = UINT16_MAX;
	r->ifname = strdup("eth0");
	r->v4rr = warts_ping_v4rr_alloc(3);
	set_addr(&r->v4rr->ip[0], "203.0.113.1");
	set_addr(&r->v4rr->ip[1], "203.0.113.2");
	set_addr(&r->v4rr->ip[2], "203.0.113.1");
	r->v4ts = warts_ping_v4ts_alloc(2, 1);
	r->v4ts->slot[0].ts = UINT32_MAX;
	set_addr(&r->v4ts->slot[0].ip, "203.0.113.2");
	r->v4ts->slot[1].ts = 0;
	set_addr(&r->v4ts->slot[1].ip, "203.0.113.9");
	r->tsreply = calloc(1, sizeof(*r->tsreply));
	r->tsreply->tso = 1;
	r->tsreply->tsr = UINT32_MAX;
	r->tsreply->tst = 0x01020304;

	/* a TCP reply to the last probe; empty RR and an address-less TS */
	r = add_reply(p, "203.0.113.77", 2);
	r->reply_proto = 6;
	r->tcp_flags = 0x12;
	r->rtt = 0;
	r->probe_tx.sec = 1;
	r->ifname = strdup("eth0");          /* a table reference */
	r->v4rr = warts_ping_v4rr_alloc(0);
	r->v4ts = warts_ping_v4ts_alloc(3, 0);
	r->v4ts->slot[2].ts = 77;

	/* a second reply to the same probe: UDP, nothing optional */
	r = add_reply(p, "203.0.113.77", 2);
	r->reply_proto = 17;
	r->ifname = strdup("eth1");
	return p;
}

static void check_reply(const warts_ping_reply *a, const warts_ping_reply *b,
                        unsigned i)
{
	diag("reply %u", i);
	ok(warts_addr_cmp(&a->addr, &b->addr) == 0, "reply addr");
	SAME(a, b, probe_id);
	SAME(a, b, probe_tx.sec);
	SAME(a, b, probe_tx.usec);
	SAME(a, b, probe_sport);
	SAME(a, b, probe_ipid);
	SAME(a, b, rtt);
	SAME(a, b, flags);
	SAME(a, b, reply_proto);
	SAME(a, b, reply_ttl);
	SAME(a, b, reply_tos);
	SAME(a, b, reply_size);
	SAME(a, b, reply_ipid);
	SAME(a, b, reply_ipid32);
	SAME(a, b, icmp_type);
	SAME(a, b, icmp_code);
	SAME(a, b, icmp_nhmtu);
	SAME(a, b, tcp_flags);
	is_str(b->ifname, a->ifname, "ifname");
	if (ok((a->v4rr == NULL) == (b->v4rr == NULL), "v4rr presence") &&
	    a->v4rr != NULL && is_int(b->v4rr->ipc, a->v4rr->ipc, "v4rr ipc"))
		for (unsigned k = 0; k < a->v4rr->ipc; k++)
			ok(warts_addr_cmp(&a->v4rr->ip[k], &b->v4rr->ip[k]) == 0,
			   "v4rr ip %u", k);
	if (ok((a->v4ts == NULL) == (b->v4ts == NULL), "v4ts presence") &&
	    a->v4ts != NULL && is_int(b->v4ts->tsc, a->v4ts->tsc, "v4ts tsc") &&
	    is_int(b->v4ts->ipc, a->v4ts->ipc, "v4ts ipc"))
		for (unsigned k = 0; k < a->v4ts->tsc; k++) {
			SAME(a, b, v4ts->slot[k].ts);
			ok(warts_addr_cmp(&a->v4ts->slot[k].ip,
			                  &b->v4ts->slot[k].ip) == 0,
			   "v4ts ip %u", k);
		}
	if (ok((a->tsreply == NULL) == (b->tsreply == NULL),
	       "tsreply presence") && a->tsreply != NULL) {
		SAME(a, b, tsreply->tso);
		SAME(a, b, tsreply->tsr);
		SAME(a, b, tsreply->tst);
	}
}

static void check_ping(const warts_ping *a, const warts_ping *b)
{
	SAME(a, b, userid);
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "src");
	ok(warts_addr_cmp(&a->dst, &b->dst) == 0, "dst");
	ok(warts_addr_cmp(&a->rtr, &b->rtr) == 0, "rtr");
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, stop_reason);
	SAME(a, b, stop_data);
	SAME(a, b, stop_count);
	SAME(a, b, method);
	SAME(a, b, attempts);
	SAME(a, b, probe_size);
	SAME(a, b, ttl);
	SAME(a, b, tos);
	SAME(a, b, sport);
	SAME(a, b, dport);
	SAME(a, b, icmpsum);
	SAME(a, b, tcpseq);
	SAME(a, b, tcpack);
	SAME(a, b, pmtu);
	SAME(a, b, wait_sec);
	SAME(a, b, wait_usec);
	SAME(a, b, timeout_sec);
	SAME(a, b, timeout_usec);
	SAME(a, b, flags);
	SAME(a, b, ping_sent);
	SAME(a, b, style);
	is_str(b->errmsg, a->errmsg, "errmsg");
	if (is_int(b->payload_len, a->payload_len, "payload_len") &&
	    a->payload_len != 0)
		ok(b->payload != NULL &&
		   memcmp(a->payload, b->payload, a->payload_len) == 0,
		   "payload bytes");
	if (ok((a->tsps == NULL) == (b->tsps == NULL), "tsps presence") &&
	    a->tsps != NULL && is_int(b->tsps->ipc, a->tsps->ipc, "tsps ipc"))
		for (unsigned k = 0; k < a->tsps->ipc; k++)
			ok(warts_addr_cmp(&a->tsps->ip[k], &b->tsps->ip[k]) == 0,
			   "tsps ip %u", k);
	if (is_int(b->replyc, a->replyc, "reply count"))
		for (unsigned i = 0; i < a->replyc; i++)
			check_reply(&a->replies[i], &b->replies[i], i);
}

/* ---- tests ------------------------------------------------------------ */

static void test_full_v4(void)
{
	warts_list *list = warts_list_alloc(9, "l");
	warts_cycle *cycle = warts_cycle_alloc(list, 3, 100);
	warts_object in = { .type = WARTS_TYPE_PING }, out;
	struct tbuf bytes = {0};
	uint64_t pb, rb[3];
	char why[256];

	in.u.ping = full_ping_v4(list, cycle);
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "IPv4, every field: round trip %s", why)) {
		ok(out.u.ping->list != NULL && out.u.ping->list->id == 9,
		   "list");
		ok(out.u.ping->cycle != NULL && out.u.ping->cycle->id == 3,
		   "cycle");
		check_ping(in.u.ping, out.u.ping);
		warts_object_clear(&out);
	}
	if (is_int(ping_bits(&bytes, &pb, rb, 3), 3, "three reply blocks")) {
		/* everything but the deprecated global ids */
		is_int(pb, (BIT(35) - 1) & ~(BIT(0) | BIT(3) | BIT(4)),
		       "ping: every bit but 3 and 4 written");
		/* UDP probes: the reply protocol (10) is always written */
		is_int(rb[0], (BIT(22) - 1) & ~(BIT(0) | BIT(1) | BIT(11) |
		                                 BIT(15)),
		       "ICMP too-big reply: every bit but 1, 11 and 15");
		is_int(rb[1], BIT(4) | BIT(6) | BIT(7) | BIT(10) | BIT(11) |
		       BIT(12) | BIT(13) | BIT(14) | BIT(16) | BIT(20),
		       "TCP reply: TCP flags, no ICMP type, no IP ids");
		is_int(rb[2], BIT(4) | BIT(6) | BIT(7) | BIT(10) | BIT(12) |
		       BIT(20), "UDP reply: only the always-written bits");
	}
	warts_object_clear(&in);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
	tbuf_free(&bytes);
}

/* IPv6: the 32-bit reply IP id, an ICMPv6 too-big, a TCP reply. */
static void test_full_v6(void)
{
	warts_object in = { .type = WARTS_TYPE_PING }, out;
	struct tbuf bytes = {0};
	warts_ping *p = warts_ping_alloc();
	warts_ping_reply *r;
	uint64_t pb, rb[2];
	char why[256];

	set_addr(&p->src, "2001:db8::1");
	set_addr(&p->dst, "2001:db8::2");
	p->method = WARTS_PING_TCP_SYN;
	p->ping_sent = 2;
	p->attempts = 2;
	p->timeout_sec = 1;
	p->wait_sec = 1;
	r = add_reply(p, "2001:db8::fe", 0);
	r->reply_proto = 58;
	r->icmp_type = 2;
	r->icmp_nhmtu = 1280;
	r->flags = WARTS_PING_REPLY_REPLY_IPID | WARTS_PING_REPLY_REPLY_TTL;
	r->reply_ipid32 = UINT32_MAX;
	r->reply_ttl = 64;
	r = add_reply(p, "2001:db8::2", 1);
	r->reply_proto = 6;
	r->tcp_flags = 0x14;
	r->flags = WARTS_PING_REPLY_PROBE_IPID; /* no IPv6 probe IP id field */
	in.u.ping = p;
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "IPv6 round trip %s", why)) {
		check_ping(p, out.u.ping);
		is_int(warts_ping_reply_ipid(out.u.ping, &out.u.ping->replies[0]),
		       UINT32_MAX, "IPv6 reply IP id is the 32-bit field");
		warts_object_clear(&out);
	}
	if (is_int(ping_bits(&bytes, &pb, rb, 2), 2, "two reply blocks")) {
		is_int(pb, BIT(5) | BIT(6) | BIT(7) | BIT(10) | BIT(11) |
		       BIT(12) | BIT(13) | BIT(15) | BIT(16) | BIT(20) | BIT(21),
		       "ping: the always-written bits, method and src");
		is_int(rb[0], BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) |
		       BIT(7) | BIT(10) | BIT(12) | BIT(15) | BIT(21),
		       "ICMPv6 too-big: 32-bit IP id (15) and next-hop MTU (21)");
		is_int(rb[1], BIT(2) | BIT(4) | BIT(6) | BIT(7) | BIT(10) |
		       BIT(11) | BIT(12),
		       "IPv6 TCP reply: no IP id bits 8 and 9");
	}
	warts_object_clear(&in);
	tbuf_free(&bytes);
}

/* Only the destination: every optional field and block absent. */
static void test_minimal(void)
{
	warts_object in = { .type = WARTS_TYPE_PING }, out;
	struct tbuf bytes = {0};
	warts_ping *p = warts_ping_alloc();
	uint64_t pb, rb[1];
	char why[256];

	set_addr(&p->dst, "198.51.100.1");
	in.u.ping = p;
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "minimal ping round trip %s", why)) {
		const warts_ping *b = out.u.ping;
		ok(b->list == NULL && b->cycle == NULL, "no list or cycle");
		ok(!warts_addr_isset(&b->src) && !warts_addr_isset(&b->rtr),
		   "no src or rtr");
		ok(b->payload == NULL && b->tsps == NULL && b->errmsg == NULL,
		   "no payload, tsps or errmsg");
		is_int(b->replyc, 0, "no replies");
		is_int(b->style, WARTS_STYLE_2026, "2026 style");
		check_ping(p, b);
		warts_object_clear(&out);
	}
	is_int(ping_bits(&bytes, &pb, rb, 1), 0, "reply count 0");
	is_int(pb, BIT(5) | BIT(6) | BIT(7) | BIT(10) | BIT(11) | BIT(12) |
	       BIT(13) | BIT(15) | BIT(21), "only the always-written bits");
	/* header 8, 3 flag bytes, length 2, start 8, stop reason and data 2,
	 * attempts and size 4, wait and ttl 2, sent 2, dst 6, count 2 */
	is_int(bytes.len, 8 + 3 + 2 + 8 + 2 + 4 + 2 + 2 + 6 + 2,
	       "minimal ping is 41 bytes");
	tbuf_free(&bytes);
	warts_object_clear(&in);

	p = warts_ping_alloc();
	in.type = WARTS_TYPE_PING;
	in.u.ping = p;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "dst") != NULL, "a ping needs a dst: %s", why);
	warts_object_clear(&in);
}

/* What the reader assumes when the writer leaves a field out. */
static void test_defaults(void)
{
	warts_object in = { .type = WARTS_TYPE_PING }, out;
	struct tbuf bytes = {0};
	warts_ping *p = warts_ping_alloc();
	warts_ping_reply *r;
	uint64_t pb, rb[2];
	char why[256];

	set_addr(&p->dst, "198.51.100.1");
	p->wait_sec = 3;
	p->timeout_sec = 3;
	p->icmpsum = 0x1234;        /* without the flag: not kept */
	p->flags = WARTS_PING_FLAG_NOSRC;
	p->ping_sent = 1;
	r = add_reply(p, "198.51.100.1", 0);
	is_int(r->reply_proto, 1, "a new reply to an IPv4 ping is ICMP");
	r->probe_tx.usec = 5;      /* no seconds: not written */
	in.u.ping = p;
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "defaults round trip %s", why)) {
		const warts_ping *b = out.u.ping;
		is_int(b->timeout_sec, 3, "timeout absent: the wait");
		is_int(b->icmpsum, 0, "checksum without its flag is dropped");
		is_int(b->flags, WARTS_PING_FLAG_NOSRC, "flags above 8 bits");
		is_int(b->replies[0].reply_proto, 1,
		       "reply protocol absent: ICMP for an IPv4 ping");
		is_int(b->replies[0].probe_tx.usec, 0,
		       "probe time without seconds is not written");
		warts_object_clear(&out);
	}
	if (ping_bits(&bytes, &pb, rb, 1) == 1) {
		ok(!(pb & (BIT(14) | BIT(22) | BIT(25) | BIT(27))),
		   "no stop count 0, low flags, checksum or timeout");
		ok(pb & BIT(30), "flag 0x100 needs the 32-bit flags (30)");
		ok(!(rb[0] & (BIT(10) | BIT(16))),
		   "no reply protocol for ICMP probes; no tx without seconds");
	}
	tbuf_free(&bytes);

	/* flags in the low 8 bits only use bit 22; timeout 0 differs */
	p->flags = WARTS_PING_FLAG_V4RR;
	p->timeout_sec = 0;
	p->icmpsum = 0;
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "low flags round trip %s", why)) {
		is_int(out.u.ping->flags, WARTS_PING_FLAG_V4RR, "low flags");
		is_int(out.u.ping->timeout_sec, 0, "timeout 0 is kept");
		warts_object_clear(&out);
	}
	if (ping_bits(&bytes, &pb, rb, 1) == 1)
		ok((pb & BIT(22)) && !(pb & BIT(30)) && (pb & BIT(27)),
		   "bit 22 alone; timeout written when not the wait");
	tbuf_free(&bytes);
	warts_object_clear(&in);

	/* IPv6: 58 */
	p = warts_ping_alloc();
	set_addr(&p->dst, "2001:db8::1");
	p->ping_sent = 1;
	r = add_reply(p, "2001:db8::1", 0);
	is_int(r->reply_proto, 58, "a new reply to an IPv6 ping is ICMPv6");
	r->reply_proto = 17;       /* cannot be recorded for ICMP probes */
	in.type = WARTS_TYPE_PING;
	in.u.ping = p;
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "IPv6 defaults round trip %s", why)) {
		is_int(out.u.ping->replies[0].reply_proto, 58,
		       "reply protocol absent: ICMPv6 for an IPv6 ping");
		warts_object_clear(&out);
	}
	warts_object_clear(&in);
}

/*
 * scamper 20211212 always writes the stop count and tests the reply IP
 * id fields the other way round; the reader recognises both.
 */
static void test_style(void)
{
	static const struct {
		const char *dst;
		uint8_t     flags;
		uint64_t    b2026, b2021; /* among bits 8, 9, 15 */
	} cases[] = {
		{ "198.51.100.1", 0, 0, BIT(15) },
		{ "198.51.100.1", WARTS_PING_REPLY_REPLY_IPID,
		  BIT(8), BIT(8) | BIT(15) },
		{ "198.51.100.1", WARTS_PING_REPLY_PROBE_IPID,
		  BIT(9), BIT(9) | BIT(15) },
		{ "2001:db8::1", 0, 0, BIT(8) | BIT(9) },
		{ "2001:db8::1", WARTS_PING_REPLY_REPLY_IPID,
		  BIT(15), BIT(8) | BIT(9) | BIT(15) },
	};
	const uint64_t ipid = BIT(8) | BIT(9) | BIT(15);
	warts_object in = { .type = WARTS_TYPE_PING }, out;
	char why[256];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int style = 0; style <= 1; style++) {
			warts_ping *p = warts_ping_alloc();
			warts_ping_reply *r;
			struct tbuf bytes = {0};
			uint64_t pb, rb[1];

			set_addr(&p->dst, cases[i].dst);
			p->ping_sent = 1;
			p->stop_count = 1; /* no evidence from the stop count */
			p->style = (uint8_t)style;
			r = add_reply(p, cases[i].dst, 0);
			r->flags = cases[i].flags;
			/* only the fields this writer records */
			if ((style ? cases[i].b2021 : cases[i].b2026) & BIT(8))
				r->reply_ipid = 0x1234;
			if ((style ? cases[i].b2021 : cases[i].b2026) & BIT(9))
				r->probe_ipid = 0x5678;
			if ((style ? cases[i].b2021 : cases[i].b2026) & BIT(15))
				r->reply_ipid32 = 0x9abcdef0;
			in.type = WARTS_TYPE_PING;
			in.u.ping = p;
			if (ok(test_roundtrip(&in, &out, &bytes, why,
			                      sizeof(why)) == 0,
			       "%s flags %u style %d: %s", cases[i].dst,
			       cases[i].flags, style, why)) {
				is_int(out.u.ping->style, style,
				       "style recognised from the reply");
				check_reply(&p->replies[0],
				            &out.u.ping->replies[0], i);
				warts_object_clear(&out);
			}
			if (ping_bits(&bytes, &pb, rb, 1) == 1)
				is_int(rb[0] & ipid, style ? cases[i].b2021
				                           : cases[i].b2026,
				       "IP id bits written");
			tbuf_free(&bytes);
			warts_object_clear(&in);
		}
	}

	/* the stop count: 2021 always writes it, so 0 is evidence */
	for (int style = 0; style <= 1; style++) {
		warts_ping *p = warts_ping_alloc();
		struct tbuf bytes = {0};
		uint64_t pb, rb[1];
		set_addr(&p->dst, "198.51.100.1");
		p->style = (uint8_t)style;
		in.type = WARTS_TYPE_PING;
		in.u.ping = p;
		if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
		       "no replies, style %d: %s", style, why)) {
			is_int(out.u.ping->style, style,
			       "style recognised from a stop count of 0");
			warts_object_clear(&out);
		}
		if (ping_bits(&bytes, &pb, rb, 1) == 0)
			is_int(!!(pb & BIT(14)), style, "stop count written");
		tbuf_free(&bytes);
		warts_object_clear(&in);
	}

	/* 2021 had no next-hop MTU field */
	{
		warts_ping *p = warts_ping_alloc();
		warts_ping_reply *r;
		struct tbuf bytes = {0};
		uint64_t pb, rb[1];
		set_addr(&p->dst, "198.51.100.1");
		p->ping_sent = 1;
		p->style = WARTS_STYLE_2021;
		r = add_reply(p, "203.0.113.1", 0);
		r->icmp_type = 3;
		r->icmp_code = 4;
		r->icmp_nhmtu = 1400;
		in.type = WARTS_TYPE_PING;
		in.u.ping = p;
		if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
		       "2021 too-big: %s", why)) {
			is_int(out.u.ping->replies[0].icmp_nhmtu, 0,
			       "2021 style drops the next-hop MTU");
			warts_object_clear(&out);
		}
		if (ping_bits(&bytes, &pb, rb, 1) == 1)
			ok((rb[0] & BIT(5)) && !(rb[0] & BIT(21)),
			   "2021 too-big: ICMP type, no bit 21");
		tbuf_free(&bytes);
		warts_object_clear(&in);
	}
}

/* Values scamper's own dump shows for files in the corpus. */
static warts_ping *corpus_ping(const char *name)
{
	char path[1024];
	warts_error err;
	warts_reader *r;
	warts_object o;
	warts_ping *p = NULL;

	snprintf(path, sizeof(path), "%s/corpus/lab/%s", test_datadir(), name);
	if ((r = warts_reader_open(path, &err)) == NULL) {
		ok(0, "open %s: %s", path, err.msg);
		return NULL;
	}
	while (p == NULL && warts_reader_read(r, &o) > 0) {
		if (o.type == WARTS_TYPE_PING) {
			p = o.u.ping;
			o.u.ping = NULL;
			o.type = 0;
		}
		warts_object_clear(&o);
	}
	warts_reader_close(r);
	ok(p != NULL, "%s holds a ping", name);
	return p;
}

static void test_corpus(void)
{
	warts_ping *p;

	if ((p = corpus_ping("new2026-ping-tsandaddr-v4.warts")) != NULL) {
		const warts_ping_reply *r = &p->replies[0];
		ok(addr_is(&p->src, "192.0.2.2") && addr_is(&p->dst, "198.18.0.1"),
		   "tsandaddr: src and dst");
		ok(p->start.sec == 1795781198 && p->start.usec == 630669,
		   "tsandaddr: start");
		ok(p->attempts == 2 && p->probe_size == 120 && p->ttl == 64,
		   "tsandaddr: count, size, ttl");
		ok(p->wait_sec == 0 && p->wait_usec == 200000 &&
		   p->timeout_sec == 1 && p->timeout_usec == 0,
		   "tsandaddr: wait 0.2s, timeout 1s");
		ok(p->flags == WARTS_PING_FLAG_TSANDADDR && p->sport == 9277,
		   "tsandaddr: flags and ICMP id");
		ok(p->ping_sent == 2 && p->stop_reason == 1 && p->replyc == 2,
		   "tsandaddr: sent, stop reason, replies");
		ok(p->style == WARTS_STYLE_2026, "tsandaddr: 2026 writer");
		ok(r->probe_id == 0 && r->rtt == 83 && r->reply_size == 120 &&
		   r->reply_ttl == 61, "tsandaddr reply: id, rtt, size, ttl");
		ok(r->probe_ipid == 0xb126 && r->reply_ipid == 0x3d27,
		   "tsandaddr reply: IP ids");
		ok(r->probe_tx.sec == 1795781198 && r->probe_tx.usec == 630844,
		   "tsandaddr reply: tx 0.000175s after the start");
		is_str(r->ifname, "eth0", "tsandaddr reply: ifname");
		ok(r->v4ts != NULL && r->v4ts->tsc == 4 && r->v4ts->ipc == 4 &&
		   r->v4ts->slot[0].ts == 0x02994326 &&
		   addr_is(&r->v4ts->slot[0].ip, "192.0.2.1") &&
		   addr_is(&r->v4ts->slot[3].ip, "198.18.0.1"),
		   "tsandaddr reply: timestamps and addresses");
		ok(p->replies[1].probe_id == 1 &&
		   p->replies[1].v4ts->slot[1].ts == 0x029943ef,
		   "tsandaddr: second reply");
		warts_ping_free(p);
	}
	if ((p = corpus_ping("new2026-ping-options-v4.warts")) != NULL) {
		ok(p->userid == 12345 && p->stop_count == 2 && p->tos == 4 &&
		   p->probe_size == 1000 && p->attempts == 3 &&
		   p->ping_sent == 2, "options: userid, stop count, tos, size");
		ok(p->payload_len == 4 && p->payload != NULL &&
		   memcmp(p->payload, "\x0a\x0b\x0c\x0d", 4) == 0,
		   "options: pattern bytes");
		warts_ping_free(p);
	}
	if ((p = corpus_ping("deb2021-ping-icmp-echo-v6.warts")) != NULL) {
		ok(p->style == WARTS_STYLE_2021, "2021 file: 2021 style");
		ok(addr_is(&p->dst, "2001:db8:100::1") && p->replyc == 4 &&
		   p->sport == 7677, "2021 v6: dst, replies, ICMP id");
		ok(p->replies[0].rtt == 59 && p->replies[0].reply_ttl == 61 &&
		   p->replies[0].icmp_type == 129 &&
		   p->replies[0].reply_proto == 58 &&
		   p->replies[3].probe_id == 3,
		   "2021 v6 replies: rtt, ttl, ICMPv6 echo reply");
		warts_ping_free(p);
	}
	if ((p = corpus_ping("new2026-ping-tcp-ack-v6.warts")) != NULL) {
		ok(p->method == WARTS_PING_TCP_ACK && p->sport == 40896 &&
		   p->dport == 80 && p->tcpseq == 2519221052u &&
		   p->tcpack == 1677719431u, "tcp-ack v6: ports, seq, ack");
		ok(p->replies[0].reply_proto == 6 &&
		   p->replies[0].tcp_flags == 0x04 &&
		   p->replies[0].flags ==
		   (WARTS_PING_REPLY_DLRX | WARTS_PING_REPLY_REPLY_TTL |
		    WARTS_PING_REPLY_REPLY_TOS) &&
		   p->replies[0].reply_ttl == 61 && p->replies[0].reply_tos == 0,
		   "tcp-ack v6 reply: RST, dlrx, ttl 61, tos 0x00");
		warts_ping_free(p);
	}
}

/* Objects the encoder must refuse, with a message naming the field. */
static void test_encode_errors(void)
{
	static const struct {
		const char *needle;
		int         what;
	} cases[] = {
		{ "addr", 0 }, { "probe_id", 1 }, { "payload", 2 },
		{ "ipc", 3 },
	};
	warts_object in = { .type = WARTS_TYPE_PING }, out;
	char why[256];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		warts_ping *p = warts_ping_alloc();
		warts_ping_reply *r;
		set_addr(&p->dst, "198.51.100.1");
		p->ping_sent = 1;
		r = add_reply(p, "198.51.100.1", 0);
		switch (cases[i].what) {
		case 0: memset(&r->addr, 0, sizeof(r->addr)); break;
		case 1: r->probe_id = 1; break;
		case 2: p->payload_len = 3; break;
		case 3:
			r->v4ts = warts_ping_v4ts_alloc(2, 1);
			r->v4ts->ipc = 1;
			break;
		}
		in.type = WARTS_TYPE_PING;
		in.u.ping = p;
		ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
		   strstr(why, cases[i].needle) != NULL,
		   "refused, naming %s: %s", cases[i].needle, why);
		warts_object_clear(&in);
	}
}

/*
 * A hand-made record: a ping with ping_sent 1 and dst 192.0.2.1, then one
 * reply block (or, with reply NULL, the reply count bytes given).
 */
static size_t craft(uint8_t *rec, const uint8_t *tail, size_t tlen)
{
	static const uint8_t head[] = {
		0x80, 0x80, 0x41, 0x00, 0x08,       /* bits 15 and 21 */
		0x00, 0x01,                         /* ping_sent 1 */
		0x04, 0x01, 0xc0, 0x00, 0x02, 0x01, /* dst */
	};
	size_t body = sizeof(head) + tlen;
	rec[0] = 0x12; rec[1] = 0x05; rec[2] = 0x00; rec[3] = 0x07;
	rec[4] = (uint8_t)(body >> 24);
	rec[5] = (uint8_t)(body >> 16);
	rec[6] = (uint8_t)(body >> 8);
	rec[7] = (uint8_t)body;
	memcpy(rec + 8, head, sizeof(head));
	memcpy(rec + 8 + sizeof(head), tail, tlen);
	return 8 + body;
}

static void test_corrupt(void)
{
	/* each: reply count 1, then one reply block */
#define REF0 0x00, 0x00, 0x00, 0x00, 0x00
	static const uint8_t good[] = {
		0x00, 0x01, 0xc0, 0x10, 0x00, 0x07, 0x00, 0x00, REF0 };
	static const uint8_t probe[] = {
		0x00, 0x01, 0xc0, 0x10, 0x00, 0x07, 0x00, 0x01, REF0 };
	static const uint8_t ts[] = {
		0x00, 0x01, 0xc0, 0x50, 0x00, 0x0d, 0x00, 0x00, REF0,
		0x01, 0x02, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t rr[] = {
		0x00, 0x01, 0xc0, 0x30, 0x00, 0x08, 0x00, 0x00, REF0, 0xff };
	static const uint8_t ifn[] = {
		0x00, 0x01, 0xc0, 0x90, 0x20, 0x00, 0x0c, 0x00, 0x00, REF0,
		0x05, 'e', 't', 'h', 0x00 };
	static const uint8_t noaddr[] = {
		0x00, 0x01, 0x40, 0x00, 0x02, 0x00, 0x00 };
	static const uint8_t badref[] = {
		0x00, 0x01, 0xc0, 0x10, 0x00, 0x07, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x03 };
	static const uint8_t count[] = { 0xff, 0xff, 0x00 };
	static const struct {
		const uint8_t *tail;
		size_t         len;
		const char    *needle;
	} cases[] = {
		{ probe, sizeof(probe), "reply 0: reply to probe 1, but 1" },
		{ ts, sizeof(ts), "1 timestamps but 2 addresses" },
		{ rr, sizeof(rr), "count 255 cannot fit" },
		{ ifn, sizeof(ifn), "interface name id 5" },
		{ noaddr, sizeof(noaddr), "reply without an address" },
		{ badref, sizeof(badref), "address reference 3" },
		{ count, sizeof(count), "count 65535 cannot fit" },
	};
	warts_object in = { .type = WARTS_TYPE_PING }, out;
	struct tbuf bytes = {0};
	uint8_t rec[64];
	warts_error err;
	size_t n;
	char why[256];

	n = craft(rec, good, sizeof(good));
	if (ok(test_decode1(rec, n, &out, &err) == 0,
	       "hand-made record decodes: %s", err.msg)) {
		ok(out.u.ping->replyc == 1 &&
		   addr_is(&out.u.ping->replies[0].addr, "192.0.2.1"),
		   "hand-made reply refers to the dst");
		warts_object_clear(&out);
	}
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = craft(rec, cases[i].tail, cases[i].len);
		ok(test_decode1(rec, n, &out, &err) != 0 &&
		   strstr(err.msg, "ping record at offset 0") != NULL &&
		   strstr(err.msg, cases[i].needle) != NULL,
		   "rejected (%s): %s", cases[i].needle, err.msg);
	}
	{
		/* a ping without a destination */
		static const uint8_t nodst[] = {
			0x12, 0x05, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09,
			0x80, 0x80, 0x01, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00 };
		ok(test_decode1(nodst, sizeof(nodst), &out, &err) != 0 &&
		   strstr(err.msg, "no destination") != NULL,
		   "rejected: %s", err.msg);
	}

	/* every truncation and many single-byte changes: clean either way */
	in.u.ping = full_ping_v4(NULL, NULL);
	test_roundtrip(&in, &out, &bytes, why, sizeof(why));
	warts_object_clear(&out);
	warts_object_clear(&in);
	for (size_t cut = 8; cut < bytes.len; cut++) {
		uint8_t *r = malloc(cut);
		memcpy(r, bytes.p, cut);
		r[4] = (uint8_t)((cut - 8) >> 24);
		r[5] = (uint8_t)((cut - 8) >> 16);
		r[6] = (uint8_t)((cut - 8) >> 8);
		r[7] = (uint8_t)(cut - 8);
		if (test_decode1(r, cut, &out, &err) == 0)
			warts_object_clear(&out);
		else if (strstr(err.msg, "ping record at offset 0") == NULL)
			ok(0, "cut at %zu: %s", cut, err.msg);
		free(r);
	}
	ok(1, "every truncation of a ping fails cleanly or decodes");
	for (size_t at = 8; at < bytes.len; at++) {
		static const uint8_t vals[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };
		for (unsigned v = 0; v < sizeof(vals); v++) {
			uint8_t *r = malloc(bytes.len);
			memcpy(r, bytes.p, bytes.len);
			r[at] = vals[v];
			if (test_decode1(r, bytes.len, &out, &err) == 0)
				warts_object_clear(&out);
			else if (strstr(err.msg, "ping record at offset 0") ==
			         NULL)
				ok(0, "byte %zu = %u: %s", at, vals[v], err.msg);
			free(r);
		}
	}
	ok(1, "every single-byte change fails cleanly or decodes");
	tbuf_free(&bytes);
}

int main(void)
{
	test_full_v4();
	test_full_v6();
	test_minimal();
	test_defaults();
	test_style();
	test_corpus();
	test_encode_errors();
	test_corrupt();
	return done_testing();
}
