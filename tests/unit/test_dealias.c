/*
 * test_dealias.c: encoding and decoding every field of alias resolution
 * measurements, for each of the seven methods, with boundary values,
 * absent optional fields, the reader's defaults, the old-file rules, the
 * 2021 writer's excluded-address count, and corrupt records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"
#include "warts/dealias.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

static warts_dealias *new_dealias(uint8_t method)
{
	warts_dealias *d = warts_dealias_alloc();
	d->method = method;
	d->start.sec = 1795781437;
	d->start.usec = 669538;
	return d;
}

static warts_dealias_probedef *add_def(warts_dealias *d, uint8_t method,
                                       const char *dst, const char *src)
{
	warts_dealias_probedef *p = warts_dealias_probedef_add(d);
	p->method = method;
	p->ttl = 255;
	set_addr(&p->dst, dst);
	if (src != NULL)
		set_addr(&p->src, src);
	if (warts_dealias_probedef_is_icmp(p)) {
		p->icmp_id = 0xb9f5;
	} else {
		p->sport = 47605;
		p->dport = 33435;
	}
	if (warts_dealias_probedef_is_tcp(p))
		p->tcp_flags = 0x10;
	return p;
}

static warts_dealias_reply *add_reply(warts_dealias_probe *p,
                                      const char *src, uint8_t proto)
{
	warts_dealias_reply *r = warts_dealias_reply_add(p);
	set_addr(&r->src, src);
	r->proto = proto;
	r->rx.sec = 1795781437;
	r->rx.usec = 999999;
	r->ttl = 63;
	r->size = 58;
	if (proto == 1 || proto == 58) {
		r->icmp_type = proto == 1 ? 3 : 1;
		r->icmp_code = proto == 1 ? 3 : 4;
		r->icmp_q_ttl = 2;
	}
	if (proto == 6)
		r->tcp_flags = 0x04;
	return r;
}

static void add_mpls(warts_dealias_reply *r)
{
	static const uint8_t lse[] = { 0x00, 0x3e, 0x81, 0x01 };
	r->icmpext.count = 1;
	r->icmpext.ext = calloc(1, sizeof(warts_icmpext));
	r->icmpext.ext[0].class_num = 1;
	r->icmpext.ext[0].class_type = 1;
	r->icmpext.ext[0].len = sizeof(lse);
	r->icmpext.ext[0].data = malloc(sizeof(lse));
	memcpy(r->icmpext.ext[0].data, lse, sizeof(lse));
}

/* Probes for every probedef: one with two replies, the rest with none. */
static void add_probes(warts_dealias *d)
{
	for (uint32_t i = 0; i < d->probedefc; i++) {
		const warts_dealias_probedef *def = &d->probedefs[i];
		int v4 = def->dst.type == WARTS_ADDR_IPV4;
		warts_dealias_probe *p = warts_dealias_probe_add(d, i);
		warts_dealias_reply *r;
		p->tx.sec = UINT32_MAX;
		p->tx.usec = 999999;
		p->seq = i == 0 ? UINT32_MAX : i;
		p->ipid = v4 ? (uint16_t)(0xffff - i) : 0;
		if (i != 0)
			continue;
		if (v4) {
			r = add_reply(p, "198.51.100.2", 1);
			r->ipid = 0xffff;
			add_mpls(r);
			r = add_reply(p, "198.51.100.2", 6);
			r->ipid = 0x8be2;
		} else {
			r = add_reply(p, "2001:db8::2", 58);
			r->ipid = 0xdeadbeef;
			r->flags = WARTS_DEALIAS_REPLY_IPID32;
			add_mpls(r);
			r = add_reply(p, "2001:db8::2", 17);
			r->ipid = UINT32_MAX;
		}
	}
}

static void check_reply(const warts_dealias_reply *a,
                        const warts_dealias_reply *b)
{
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "reply src");
	SAME(a, b, rx.sec);
	SAME(a, b, rx.usec);
	SAME(a, b, ipid);
	SAME(a, b, ttl);
	SAME(a, b, proto);
	SAME(a, b, icmp_type);
	SAME(a, b, icmp_code);
	SAME(a, b, icmp_q_ttl);
	SAME(a, b, tcp_flags);
	SAME(a, b, flags);
	SAME(a, b, size);
	if (SAME(a, b, icmpext.count))
		for (unsigned i = 0; i < a->icmpext.count; i++) {
			const warts_icmpext *x = &a->icmpext.ext[i];
			const warts_icmpext *y = &b->icmpext.ext[i];
			ok(x->class_num == y->class_num &&
			   x->class_type == y->class_type && x->len == y->len &&
			   memcmp(x->data, y->data, x->len) == 0,
			   "icmp extension %u", i);
		}
}

static void check_probedef(const warts_dealias_probedef *a,
                           const warts_dealias_probedef *b)
{
	ok(warts_addr_cmp(&a->dst, &b->dst) == 0, "probedef dst");
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "probedef src");
	SAME(a, b, id);
	SAME(a, b, method);
	SAME(a, b, ttl);
	SAME(a, b, tos);
	SAME(a, b, size);
	SAME(a, b, mtu);
	SAME(a, b, sport);
	SAME(a, b, dport);
	SAME(a, b, tcp_flags);
	SAME(a, b, icmp_id);
	SAME(a, b, icmp_csum);
}

static void check_method(const warts_dealias *a, const warts_dealias *b)
{
	switch (a->method) {
	case WARTS_DEALIAS_MERCATOR:
		SAME(a, b, mercator.attempts);
		SAME(a, b, mercator.wait_timeout);
		break;
	case WARTS_DEALIAS_ALLY:
		SAME(a, b, ally.wait_probe);
		SAME(a, b, ally.wait_timeout);
		SAME(a, b, ally.attempts);
		SAME(a, b, ally.fudge);
		SAME(a, b, ally.flags);
		break;
	case WARTS_DEALIAS_RADARGUN:
		SAME(a, b, radargun.rounds);
		SAME(a, b, radargun.wait_probe);
		SAME(a, b, radargun.wait_round);
		SAME(a, b, radargun.wait_timeout);
		SAME(a, b, radargun.flags);
		break;
	case WARTS_DEALIAS_PREFIXSCAN:
		ok(warts_addr_cmp(&a->prefixscan.a, &b->prefixscan.a) == 0,
		   "prefixscan.a");
		ok(warts_addr_cmp(&a->prefixscan.b, &b->prefixscan.b) == 0,
		   "prefixscan.b");
		ok(warts_addr_cmp(&a->prefixscan.ab, &b->prefixscan.ab) == 0,
		   "prefixscan.ab");
		if (SAME(a, b, prefixscan.xc))
			for (unsigned i = 0; i < a->prefixscan.xc; i++)
				ok(warts_addr_cmp(&a->prefixscan.xs[i],
				                  &b->prefixscan.xs[i]) == 0,
				   "prefixscan.xs[%u]", i);
		SAME(a, b, prefixscan.prefix);
		SAME(a, b, prefixscan.attempts);
		SAME(a, b, prefixscan.fudge);
		SAME(a, b, prefixscan.wait_probe);
		SAME(a, b, prefixscan.wait_timeout);
		SAME(a, b, prefixscan.flags);
		SAME(a, b, prefixscan.replyc);
		break;
	case WARTS_DEALIAS_BUMP:
		SAME(a, b, bump.wait_probe);
		SAME(a, b, bump.bump_limit);
		SAME(a, b, bump.attempts);
		break;
	case WARTS_DEALIAS_MIDAREST:
		SAME(a, b, midarest.rounds);
		SAME(a, b, midarest.wait_probe);
		SAME(a, b, midarest.wait_round);
		SAME(a, b, midarest.wait_timeout);
		break;
	case WARTS_DEALIAS_MIDARDISC:
		SAME(a, b, midardisc.wait_timeout);
		if (SAME(a, b, midardisc.schedc))
			for (unsigned i = 0; i < a->midardisc.schedc; i++) {
				SAME(a, b, midardisc.sched[i].start.sec);
				SAME(a, b, midardisc.sched[i].start.usec);
				SAME(a, b, midardisc.sched[i].begin);
				SAME(a, b, midardisc.sched[i].end);
			}
		if (ok((a->midardisc.startat == NULL) ==
		       (b->midardisc.startat == NULL), "startat presence") &&
		    a->midardisc.startat != NULL) {
			SAME(a, b, midardisc.startat->sec);
			SAME(a, b, midardisc.startat->usec);
		}
		break;
	}
}

static void check_dealias(const warts_dealias *a, const warts_dealias *b)
{
	ok((a->list == NULL) == (b->list == NULL) &&
	   (a->list == NULL || a->list->id == b->list->id), "list");
	ok((a->cycle == NULL) == (b->cycle == NULL) &&
	   (a->cycle == NULL || a->cycle->id == b->cycle->id), "cycle");
	SAME(a, b, userid);
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, method);
	SAME(a, b, result);
	is_str(b->errmsg, a->errmsg, "errmsg");
	SAME(a, b, style);
	check_method(a, b);
	if (SAME(a, b, probedefc))
		for (uint32_t i = 0; i < a->probedefc; i++)
			check_probedef(&a->probedefs[i], &b->probedefs[i]);
	/* an unknown method's probec is only a number */
	if (!SAME(a, b, probec) || a->probes == NULL)
		return;
	for (uint32_t i = 0; i < a->probec; i++) {
		const warts_dealias_probe *x = &a->probes[i];
		const warts_dealias_probe *y = &b->probes[i];
		SAME(x, y, def);
		SAME(x, y, tx.sec);
		SAME(x, y, tx.usec);
		SAME(x, y, ipid);
		SAME(x, y, seq);
		if (SAME(x, y, replyc))
			for (uint16_t j = 0; j < x->replyc; j++)
				check_reply(&x->replies[j], &y->replies[j]);
	}
}

/* Encode, decode, compare every field; the bytes go to bytes if wanted. */
static int roundtrip(warts_dealias *d, const char *what, struct tbuf *bytes,
                     warts_dealias **out)
{
	warts_object in = { .type = WARTS_TYPE_DEALIAS }, res;
	char why[256] = "";
	in.u.dealias = d;
	if (!ok(test_roundtrip(&in, &res, bytes, why, sizeof(why)) == 0,
	        "%s: round trip %s", what, why))
		return -1;
	diag("%s", what);
	check_dealias(d, res.u.dealias);
	if (out != NULL)
		*out = res.u.dealias;
	else
		warts_object_clear(&res);
	return 0;
}

static void common_fields(warts_dealias *d)
{
	d->userid = UINT32_MAX;
	d->result = WARTS_DEALIAS_RESULT_ERROR;
	d->errmsg = strdup("no reply from b");
}

static warts_dealias *full_mercator(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_MERCATOR);
	warts_dealias_probedef *p;
	common_fields(d);
	d->mercator.attempts = 255;
	d->mercator.wait_timeout = 255;
	p = add_def(d, WARTS_DEALIAS_PROBE_UDP, "198.51.100.2", "192.0.2.2");
	p->tos = 0xff;
	p->size = UINT16_MAX;
	p->mtu = 1500;
	p->sport = UINT16_MAX;
	add_probes(d);
	return d;
}

static warts_dealias *full_ally(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_ALLY);
	warts_dealias_probedef *p;
	d->ally.wait_probe = UINT16_MAX;
	d->ally.wait_timeout = 5;
	d->ally.attempts = 3;
	d->ally.fudge = 200;
	d->ally.flags = WARTS_DEALIAS_ALLY_NOBS;
	add_def(d, WARTS_DEALIAS_PROBE_TCP_ACK, "2001:db8::2", "2001:db8::1");
	p = add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "2001:db8::5",
	            "2001:db8::1");
	p->icmp_csum = 0xbeef;
	p->icmp_id = UINT16_MAX;
	add_probes(d);
	return d;
}

static warts_dealias *full_radargun(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_RADARGUN);
	d->radargun.rounds = UINT16_MAX;
	d->radargun.wait_probe = 1000;
	d->radargun.wait_round = UINT32_MAX;
	d->radargun.wait_timeout = 255;
	d->radargun.flags = WARTS_DEALIAS_RADARGUN_SHUFFLE;
	add_def(d, WARTS_DEALIAS_PROBE_UDP_DPORT, "198.51.100.2", "192.0.2.2");
	add_def(d, WARTS_DEALIAS_PROBE_TCP_SYN_SPORT, "198.51.100.5",
	        "192.0.2.2");
	add_def(d, WARTS_DEALIAS_PROBE_TCP_ACK_SPORT, "198.51.100.6", NULL);
	add_probes(d);
	return d;
}

static warts_dealias *full_prefixscan(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_PREFIXSCAN);
	warts_dealias_prefixscan *ps = &d->prefixscan;
	set_addr(&ps->a, "198.51.100.2");
	set_addr(&ps->b, "198.51.100.4");
	set_addr(&ps->ab, "198.51.100.5");
	ps->xc = 2;
	ps->xs = calloc(2, sizeof(warts_addr));
	set_addr(&ps->xs[0], "198.51.100.6");
	set_addr(&ps->xs[1], "198.51.100.2"); /* a reference to a */
	ps->prefix = 30;
	ps->attempts = 2;
	ps->wait_probe = 200;
	ps->wait_timeout = 5;
	ps->flags = WARTS_DEALIAS_PREFIXSCAN_NOBS |
	            WARTS_DEALIAS_PREFIXSCAN_CSA;
	ps->replyc = 255;
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "198.51.100.2", "192.0.2.2");
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "198.51.100.5", "192.0.2.2");
	add_probes(d);
	return d;
}

static warts_dealias *full_bump(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_BUMP);
	/* not a whole second: the value is kept exactly, in milliseconds */
	d->bump.wait_probe = 1500;
	d->bump.bump_limit = UINT16_MAX;
	d->bump.attempts = 255;
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "198.51.100.2", "192.0.2.2");
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "198.51.100.5", "192.0.2.2");
	add_probes(d);
	return d;
}

static warts_dealias *full_midarest(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_MIDAREST);
	common_fields(d);
	d->midarest.rounds = 255;
	d->midarest.wait_probe = 100000;
	d->midarest.wait_round = 400000;
	d->midarest.wait_timeout = UINT32_MAX;
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "198.51.100.2", "192.0.2.2");
	add_def(d, WARTS_DEALIAS_PROBE_UDP, "198.51.100.5", "192.0.2.2");
	add_def(d, WARTS_DEALIAS_PROBE_TCP_ACK, "2001:db8::5", "2001:db8::1");
	add_probes(d);
	return d;
}

static warts_dealias *full_midardisc(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_MIDARDISC);
	warts_dealias_midardisc *md = &d->midardisc;
	md->wait_timeout = 1000000;
	md->schedc = 3;
	md->sched = calloc(3, sizeof(*md->sched));
	for (uint32_t i = 0; i < 3; i++) {
		md->sched[i].start.sec = i;
		md->sched[i].start.usec = i == 2 ? 999999 : 0;
		md->sched[i].begin = i == 2 ? UINT32_MAX : i;
		md->sched[i].end = i + 1;
	}
	md->startat = malloc(sizeof(*md->startat));
	md->startat->sec = 0; /* present even when zero */
	md->startat->usec = 0;
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "198.51.100.2", "192.0.2.2");
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "198.51.100.5", "192.0.2.2");
	add_probes(d);
	return d;
}

static warts_dealias *(*const builders[])(void) = {
	NULL, full_mercator, full_ally, full_radargun, full_prefixscan,
	full_bump, full_midarest, full_midardisc,
};

static void test_methods(void)
{
	warts_list *list = warts_list_alloc(9, "l");
	warts_cycle *cycle = warts_cycle_alloc(list, 3, 100);
	for (uint8_t m = 1; m <= 7; m++) {
		warts_dealias *d = builders[m]();
		d->list = warts_list_ref(list);
		d->cycle = warts_cycle_ref(cycle);
		roundtrip(d, warts_dealias_method_name(m), NULL, NULL);
		warts_dealias_free(d);
	}
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

/* Offset of the first occurrence of needle in the bytes, or -1. */
static long find(const struct tbuf *b, const void *needle, size_t n)
{
	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->p + i, needle, n) == 0)
			return (long)i;
	return -1;
}

/* What the reader fills in when the writer leaves a field out. */
static void test_defaults(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_PREFIXSCAN), *b;
	struct tbuf bytes = {0};
	warts_dealias_probe *p;
	warts_dealias_reply *r;

	d->prefixscan.replyc = 5;
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "198.51.100.2", NULL);
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "2001:db8::2", NULL);
	p = warts_dealias_probe_add(d, 0);
	r = add_reply(p, "198.51.100.2", 1);
	p = warts_dealias_probe_add(d, 1);
	r = add_reply(p, "2001:db8::2", 58);
	(void)r;
	if (roundtrip(d, "defaults", &bytes, &b) == 0) {
		is_int(b->prefixscan.replyc, 5, "replyc 5 by default");
		ok(!warts_addr_isset(&b->prefixscan.a) &&
		   !warts_addr_isset(&b->prefixscan.ab), "no a, no ab");
		ok(b->prefixscan.xs == NULL, "no excluded addresses");
		is_int(b->probes[0].replies[0].proto, 1,
		       "an IPv4 reply's protocol defaults to ICMP");
		is_int(b->probes[1].replies[0].proto, 58,
		       "an IPv6 reply's protocol defaults to ICMPv6");
		is_int(b->probes[0].def, 0, "probe 0 of probedef 0");
		ok(!warts_addr_isset(&b->probedefs[0].src),
		   "a probedef's src may be absent");
		ok(b->errmsg == NULL, "no errmsg");
		warts_dealias_free(b);
	}
	/* the prefixscan block: a u16 length and bits 5-10 only (no 12) */
	{
		static const uint8_t block[] = { 0xf0, 0x07, 0x00, 0x09, 0x00,
		                                 0x00, 0x00, 0x00, 0x00, 0x00,
		                                 0x00, 0x00, 0x02 };
		ok(find(&bytes, block, sizeof(block)) > 0,
		   "replyc 5 and zero waits: only the always-written bits");
	}
	tbuf_free(&bytes);

	/* replyc 0 is written, because the reader's default is 5 */
	d->prefixscan.replyc = 0;
	if (roundtrip(d, "replyc 0", NULL, &b) == 0) {
		is_int(b->prefixscan.replyc, 0, "replyc 0 kept");
		warts_dealias_free(b);
	}
	warts_dealias_free(d);

	/* a probedef whose id is not its index: probes still name it */
	d = full_ally();
	d->probedefs[0].id = 7;
	d->probedefs[1].id = 0;
	roundtrip(d, "probedef ids not their indices", NULL, NULL);
	warts_dealias_free(d);

	/* an empty prefixscan: no probedefs at all */
	d = new_dealias(WARTS_DEALIAS_PREFIXSCAN);
	d->prefixscan.replyc = 5;
	if (roundtrip(d, "prefixscan without probedefs", NULL, &b) == 0) {
		ok(b->probedefs == NULL && b->probes == NULL, "nothing probed");
		warts_dealias_free(b);
	}
	warts_dealias_free(d);

	/* midardisc without schedule or start time */
	d = new_dealias(WARTS_DEALIAS_MIDARDISC);
	add_def(d, WARTS_DEALIAS_PROBE_UDP, "198.51.100.2", "192.0.2.2");
	if (roundtrip(d, "midardisc minimal", NULL, &b) == 0) {
		ok(b->midardisc.sched == NULL && b->midardisc.startat == NULL,
		   "no schedule, no start time");
		warts_dealias_free(b);
	}
	warts_dealias_free(d);
}

/* The encoded record of d (which must encode), for corrupting. */
static void encode(warts_dealias *d, struct tbuf *out)
{
	warts_object in = { .type = WARTS_TYPE_DEALIAS }, res;
	char why[256] = "";
	in.u.dealias = d;
	if (test_roundtrip(&in, &res, out, why, sizeof(why)) != 0) {
		diag("%s", why);
		abort();
	}
	warts_object_clear(&res);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * A mercator record written by hand: an ICMP probedef that carries bit 7,
 * as old writers did, with the checksum in its bytes 2-3.
 */
static void test_old_icmp(void)
{
	static const uint8_t rec[] = {
		0x12, 0x05, 0x00, 0x09, 0x00, 0x00, 0x00, 0x2b,
		0x0f, 0x00, 0x11,                         /* bits 1-4 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x6b, 0x09, 0x73, 0x3d, 0x00, 0x0a, 0x37, 0x62,
		0x01,                                     /* mercator */
		0x03, 0x00, 0x02, 0x03, 0x05,             /* its block */
		0xd8, 0x06, 0x00, 0x0e,          /* bits 4, 5, 7, 9, 10 */
		0x01, 0x40, 0x00, 0x00, 0xbe, 0xef, 0x12, 0x34,
		0x04, 0x01, 0xc0, 0x00, 0x02, 0x01,
	};
	warts_object o;
	warts_error err;
	const warts_dealias *d;

	if (!ok(test_decode1(rec, sizeof(rec), &o, &err) == 0,
	        "old ICMP probedef decodes: %s", err.msg))
		return;
	d = o.u.dealias;
	is_int(d->mercator.attempts, 3, "attempts");
	is_int(d->mercator.wait_timeout, 5, "wait_timeout");
	is_int(d->probedefc, 1, "one probedef");
	is_int(d->probedefs[0].icmp_csum, 0xbeef,
	       "checksum from bytes 2-3 of bit 7");
	is_int(d->probedefs[0].icmp_id, 0x1234, "ICMP id from bit 9");
	ok(d->probedefs[0].sport == 0 && d->probedefs[0].dport == 0,
	   "an ICMP probedef keeps no ports");
	warts_object_clear(&o);
}

/* Every failure is clean and names the type, the structure and offset. */
static void test_corrupt(void)
{
	struct tbuf bytes = {0};
	warts_object o;
	warts_error err;
	warts_dealias *d;

	for (uint8_t m = 1; m <= 7; m++) {
		d = builders[m]();
		encode(d, &bytes);
		warts_dealias_free(d);
	}

	/* every truncation of every record, header length kept consistent */
	for (size_t off = 0; off < bytes.len;) {
		size_t len = 8 + (((size_t)bytes.p[off + 4] << 24) |
		                  ((size_t)bytes.p[off + 5] << 16) |
		                  ((size_t)bytes.p[off + 6] << 8) |
		                  bytes.p[off + 7]);
		int bad = 0;
		for (size_t cut = 8; cut < len; cut++) {
			uint8_t *rec = malloc(cut);
			memcpy(rec, bytes.p + off, cut);
			put32(rec + 4, (uint32_t)(cut - 8));
			if (test_decode1(rec, cut, &o, &err) == 0)
				warts_object_clear(&o);
			else if (!strstr(err.msg, "dealias record at offset 0"))
				bad++;
			free(rec);
		}
		ok(bad == 0, "every truncation of a record fails cleanly");
		/* every byte flipped: an object or an error, nothing else */
		for (size_t i = 8; i < len; i++) {
			uint8_t *rec = malloc(len);
			memcpy(rec, bytes.p + off, len);
			rec[i] ^= 0xff;
			if (test_decode1(rec, len, &o, &err) == 0)
				warts_object_clear(&o);
			free(rec);
		}
		off += len;
	}
	ok(1, "every flipped byte decodes or fails");
	tbuf_free(&bytes);

	/*
	 * A radargun record without list, cycle or probes: the block's
	 * probedef count is at byte 8 + 3 + 17 + 3.  Zero it.
	 */
	d = new_dealias(WARTS_DEALIAS_RADARGUN);
	add_def(d, WARTS_DEALIAS_PROBE_UDP, "2001:db8::2", "2001:db8::1");
	encode(d, &bytes);
	put32(bytes.p + 31, 0);
	ok(test_decode1(bytes.p, bytes.len, &o, &err) != 0 &&
	   strstr(err.msg, "radargun: no probedefs") != NULL,
	   "a radargun needs probedefs: %s", err.msg);
	/* the probedef: bits 4, 5, 7, 10, 11, 42 bytes, method UDP */
	put32(bytes.p + 31, 1);
	{
		static const uint8_t udp[] = { 0xd8, 0x0c, 0x00, 0x2a, 0x03 };
		long at = find(&bytes, udp, sizeof(udp));
		if (ok(at > 0, "probedef method found")) {
			bytes.p[at + 4] = 9;
			ok(test_decode1(bytes.p, bytes.len, &o, &err) != 0 &&
			   strstr(err.msg, "probedef 0: unknown probe "
			          "method 9") != NULL,
			   "unknown probe method: %s", err.msg);
		}
	}
	tbuf_free(&bytes);

	/* a probe of probedef 1 of 2, changed to probedef 2 */
	warts_dealias_probe_add(d, 0);
	d->probes[0].tx.sec = 1;
	add_def(d, WARTS_DEALIAS_PROBE_UDP, "2001:db8::3", "2001:db8::1");
	d->probes[0].def = 1;
	encode(d, &bytes);
	/* the probe is last: flags, length, def, tx */
	is_int(bytes.p[bytes.len - 15], 0x03, "probe carries bit 1");
	put32(bytes.p + bytes.len - 12, 2);
	ok(test_decode1(bytes.p, bytes.len, &o, &err) != 0 &&
	   strstr(err.msg, "probe 0: refers to probedef 2 of 2") != NULL,
	   "probe refers beyond the probedefs: %s", err.msg);
	tbuf_free(&bytes);
	warts_dealias_free(d);
}

static void expect_enc_fail(warts_dealias *d, const char *needle,
                            const char *what)
{
	warts_object in = { .type = WARTS_TYPE_DEALIAS }, res;
	char why[256] = "";
	in.u.dealias = d;
	ok(test_roundtrip(&in, &res, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, needle) != NULL, "%s: %s", what, why);
	warts_dealias_free(d);
}

static void test_encode_errors(void)
{
	warts_dealias *d;

	d = full_mercator();
	add_def(d, WARTS_DEALIAS_PROBE_UDP, "198.51.100.9", NULL);
	expect_enc_fail(d, "mercator needs 1 probedefs, not 2",
	                "mercator with two probedefs");

	d = new_dealias(WARTS_DEALIAS_MIDAREST);
	expect_enc_fail(d, "midarest cannot record 0 probedefs",
	                "midarest without probedefs");

	d = full_ally();
	d->probes[0].def = 2;
	expect_enc_fail(d, "probe 0: def 2 beyond the 2 probedefs",
	                "probe of a missing probedef");


	d = full_ally();
	d->probedefs[0].method = 0;
	expect_enc_fail(d, "unknown probe method 0", "probe method 0");

	d = full_bump();
	memset(&d->probedefs[1].dst, 0, sizeof(warts_addr));
	expect_enc_fail(d, "dst is required", "probedef without dst");

	d = full_bump();
	memset(&d->probes[0].replies[1].src, 0, sizeof(warts_addr));
	expect_enc_fail(d, "src is required", "reply without src");

	d = full_bump();
	d->probes[0].replies[0].ipid = 0x10000;
	expect_enc_fail(d, "over 16 bits", "IPv4 ipid over 16 bits");

	d = new_dealias(0);
	warts_dealias_probedef_add(d);
	expect_enc_fail(d, "method 0 is unknown", "unknown method, probedefs");
}

/*
 * Method 0 or unknown: the reader keeps the parameters and leaves the
 * rest alone; the rest is kept so that the record is written back whole.
 */
static void test_unknown_method(void)
{
	warts_dealias *d = new_dealias(42), *b;
	struct tbuf b1 = {0}, b2 = {0};
	warts_object o;
	warts_error err;

	d->probec = 7;
	d->userid = 5;
	d->unknown_len = 3;
	d->unknown = malloc(3);
	memcpy(d->unknown, "\x01\x02\x03", 3);
	if (roundtrip(d, "method 42", &b1, &b) == 0) {
		ok(b->probes == NULL, "probes are not read");
		ok(b->unknown_len == 3 &&
		   memcmp(b->unknown, "\x01\x02\x03", 3) == 0,
		   "the rest is kept");
		encode(b, &b2);
		ok(b1.len == b2.len && memcmp(b1.p, b2.p, b1.len) == 0,
		   "and written back unchanged");
		warts_dealias_free(b);
	}
	tbuf_free(&b1);
	tbuf_free(&b2);
	warts_dealias_free(d);

	d = new_dealias(0);
	if (roundtrip(d, "method 0", &b1, &b) == 0) {
		ok(b->unknown == NULL && b->probedefs == NULL, "nothing else");
		warts_dealias_free(b);
	}
	/* method 0 followed by garbage is still an object */
	tbuf_add(&b1, "\xff\xff\xff", 3);
	put32(b1.p + 4, (uint32_t)(b1.len - 8));
	if (ok(test_decode1(b1.p, b1.len, &o, &err) == 0,
	       "method 0 ignores what follows %s", err.msg)) {
		is_int(o.u.dealias->unknown_len, 3, "three bytes kept");
		warts_object_clear(&o);
	}
	tbuf_free(&b1);
	warts_dealias_free(d);
}

/*
 * scamper 20211212 wrote prefixscan's excluded-address count in host byte
 * order, byte-swapped on little-endian machines (and could not read it
 * back).  The reader recognises it and the writer repeats it.
 */
static void test_style(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_PREFIXSCAN), *b;
	struct tbuf b26 = {0}, b21 = {0};
	static const uint8_t be[] = { 0x00, 0x01, 0x04, 0x01, 198, 51, 100, 6 };
	static const uint8_t le[] = { 0x01, 0x00, 0x04, 0x01, 198, 51, 100, 6 };

	set_addr(&d->prefixscan.a, "198.51.100.1");
	set_addr(&d->prefixscan.b, "198.51.100.4");
	d->prefixscan.xc = 1;
	d->prefixscan.xs = calloc(1, sizeof(warts_addr));
	set_addr(&d->prefixscan.xs[0], "198.51.100.6");
	d->prefixscan.prefix = 30;
	d->prefixscan.replyc = 5;
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "198.51.100.1", "192.0.2.2");
	add_probes(d);
	if (roundtrip(d, "2026 style", &b26, &b) == 0) {
		is_int(b->style, WARTS_STYLE_2026, "2026 style by default");
		warts_dealias_free(b);
	}
	ok(find(&b26, be, sizeof(be)) > 0, "2026: count big-endian");
	d->style = WARTS_STYLE_2021;
	if (roundtrip(d, "2021 style", &b21, &b) == 0) {
		is_int(b->style, WARTS_STYLE_2021, "2021 style recognised");
		warts_dealias_free(b);
	}
	ok(find(&b21, le, sizeof(le)) > 0, "2021: count byte-swapped");
	is_int(b21.len, b26.len, "same length either way");
	tbuf_free(&b26);
	tbuf_free(&b21);
	warts_dealias_free(d);
}

static warts_dealias *read_corpus(const char *name)
{
	char path[4096];
	warts_error err;
	warts_reader *r;
	warts_object o;
	warts_dealias *d = NULL;

	snprintf(path, sizeof(path), "%s/corpus/lab/%s", test_datadir(), name);
	if ((r = warts_reader_open(path, &err)) == NULL)
		return NULL;
	while (d == NULL && warts_reader_read(r, &o) > 0) {
		if (o.type == WARTS_TYPE_DEALIAS) {
			d = o.u.dealias;
			o.u.dealias = NULL;
		}
		warts_object_clear(&o);
	}
	warts_reader_close(r);
	return d;
}

/* The 2026 methods against scamper's own files and dumps. */
static void test_corpus(void)
{
	warts_dealias *d = read_corpus("new2026-dealias-midarest-v4.warts");
	if (ok(d != NULL, "midarest corpus file")) {
		is_int(d->method, WARTS_DEALIAS_MIDAREST, "method midarest");
		is_int(d->midarest.rounds, 3, "rounds: 3");
		is_int(d->midarest.wait_probe, 100000, "wait-probe: 0.1s");
		is_int(d->midarest.wait_round, 400000, "wait-round: 0.4s");
		is_int(d->midarest.wait_timeout, 1000000, "wait-timeout: 1s");
		is_int(d->probedefc, 4, "probedefc: 4");
		is_int(d->probedefs[2].method, WARTS_DEALIAS_PROBE_UDP,
		       "probedef 2 udp");
		is_int(d->probedefs[2].sport, 47605, "udp 47605:");
		is_int(d->probedefs[2].dport, 33435, ":33435");
		is_int(d->probedefs[0].icmp_id, 0xb9f5, "icmp id 0xb9f5");
		is_int(d->probedefs[0].size, 30, "size: 30");
		is_int(d->probec, 12, "probes: 12");
		is_int(d->probes[1].def, 3, "probe 1, def 3");
		is_int(d->probes[1].ipid, 0xfefe, "ipid 0xfefe");
		is_int(d->probes[1].replies[0].ipid, 0x557e, "reply ipid");
		is_int(d->probes[1].replies[0].size, 58, "reply size 58");
		is_int(d->probes[1].replies[0].icmp_q_ttl, 63, "icmp-q-ttl");
		warts_dealias_free(d);
	}
	d = read_corpus("new2026-dealias-midardisc-v4.warts");
	if (ok(d != NULL, "midardisc corpus file")) {
		is_int(d->method, WARTS_DEALIAS_MIDARDISC, "method midardisc");
		is_int(d->midardisc.wait_timeout, 1000000, "wait-timeout: 1s");
		is_int(d->probedefc, 2, "probedefc: 2");
		if (is_int(d->midardisc.schedc, 3, "three rounds")) {
			is_int(d->midardisc.sched[1].start.sec, 1,
			       "round 1: 1.000000");
			is_int(d->midardisc.sched[2].start.sec, 2,
			       "round 2: 2.000000");
			is_int(d->midardisc.sched[2].begin, 0, "begin 0");
			is_int(d->midardisc.sched[2].end, 1, "end 1");
		}
		ok(d->midardisc.startat == NULL, "no start-at");
		is_int(d->probec, 6, "probes: 6");
		warts_dealias_free(d);
	}
}

int main(void)
{
	test_methods();
	test_defaults();
	test_old_icmp();
	test_style();
	test_unknown_method();
	test_encode_errors();
	test_corrupt();
	test_corpus();
	return done_testing();
}
