/*
 * test_probe.c: matching replies to probes.
 *
 * probe_keys_for must give, for each kind of reply, the key its probe was
 * registered under (as probe.h tells a measurement to register it): echo
 * and timestamp replies, SYN-ACK and RST to SYN probes, RST to ACK
 * probes, UDP replies, and ICMP errors quoting each protocol, whole or in
 * 8 bytes.  Replies are real packets: the probe is built with pkt_build,
 * the reply composed from it and parsed with pkt_parse4/pkt_parse6.
 *
 * The table: add, find, duplicates refused, retire with a holdtime (a
 * late reply still finds the key, with no task), expire in order (in
 * generations: from the holdtime to 9/8 of it), growth
 * to 100,000 keys, and retiring without leaving holes.  Spans: one
 * key for a ping's probes, found by every probe's reply with its own
 * cookie, in conflict with any key it covers, held as a whole.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "probe.h"

static void s16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static warts_addr A(const char *s)
{
	warts_addr a;
	uint8_t b[16];
	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, s, b) == 1)
		warts_addr_set(&a, WARTS_ADDR_IPV4, b);
	else if (inet_pton(AF_INET6, s, b) == 1)
		warts_addr_set(&a, WARTS_ADDR_IPV6, b);
	return a;
}

#define ME4   "192.0.2.1"
#define DST4  "198.51.100.7"
#define RTR4  "203.0.113.9"
#define ME6   "2001:db8::1"
#define DST6  "2001:db8:1::7"
#define RTR6  "2001:db8:ff::9"

static int key_eq(const struct probe_key *x, const struct probe_key *y)
{
	return x->af == y->af && x->proto == y->proto && x->a == y->a &&
	       x->b == y->b && x->c == y->c &&
	       memcmp(x->dst, y->dst, 16) == 0;
}

/* The key a measurement registers for a probe (probe.h). */
static struct probe_key key_of(const struct pkt_probe *p, uint32_t c)
{
	struct probe_key k;
	memset(&k, 0, sizeof(k));
	probe_key_dst(&k, &p->dst);
	k.proto = p->proto;
	if (p->proto == PKT_ICMP || p->proto == PKT_ICMP6) {
		k.a = p->icmp_id;
		k.b = p->icmp_seq;
	} else {
		k.a = p->sport;
		k.b = p->dport;
		k.c = c;
	}
	return k;
}

static struct pkt_probe probe(int v6, uint8_t proto)
{
	struct pkt_probe p;
	memset(&p, 0, sizeof(p));
	p.src = A(v6 ? ME6 : ME4);
	p.dst = A(v6 ? DST6 : DST4);
	p.proto = proto;
	p.ttl = 5;
	p.icmp_type = v6 ? ICMP6_ECHO : ICMP4_ECHO;
	p.icmp_id = 0x4d2;
	p.icmp_seq = 7;
	p.sport = 50123;
	p.dport = 80;
	p.tcp_seq = 0x11223344;
	p.tcp_ack = 0x55667788;
	p.tcp_flags = TH_SYN;
	p.want_sum = 0x8008;
	p.size = v6 ? 80 : 60;
	return p;
}

/* An ICMP error (v4: whole packet; v6: from the ICMPv6 header) quoting
 * qlen bytes of a probe; checksums are not the point here. */
static size_t error(int v6, uint8_t *b, const uint8_t *q, size_t qlen)
{
	uint8_t *m = v6 ? b : b + 20;
	memset(m, 0, 8);
	m[0] = v6 ? ICMP6_TIMXCEED : ICMP4_TIMXCEED;
	memcpy(m + 8, q, qlen);
	if (v6)
		return 8 + qlen;
	memset(b, 0, 20);
	b[0] = 0x45;
	s16(b + 2, (uint16_t)(28 + qlen));
	b[8] = 250;
	b[9] = PKT_ICMP;
	{
		warts_addr s = A(RTR4), d = A(ME4);
		memcpy(b + 12, s.bytes, 4);
		memcpy(b + 16, d.bytes, 4);
	}
	return 28 + qlen;
}

static int parse(int v6, const uint8_t *b, size_t n, uint8_t proto,
                 const char *from, struct pkt_rx *rx)
{
	const char *why = NULL;
	int rc;
	if (v6) {
		warts_addr s = A(from), d = A(ME6);
		rc = pkt_parse6(b, n, proto, &s, &d, 60, 0, rx, &why);
	} else {
		rc = pkt_parse4(b, n, rx, &why);
	}
	if (rc != 0)
		diag("parse: %s", why ? why : "?");
	return rc;
}

/* keys_for(rx) begins with want and has n keys in all. */
static void keys_are(const struct pkt_rx *rx, const struct probe_key *want,
                     int n, const char *what)
{
	struct probe_key k[4];
	int got = probe_keys_for(rx, k);
	is_int(got, n, "%s: %d keys", what, n);
	if (want != NULL)
		ok(got > 0 && key_eq(&k[0], want), "%s: the probe's key first",
		   what);
}

/* ---- keys from direct replies ------------------------------------------- */

static void test_direct(void)
{
	uint8_t b[256];
	struct pkt_rx rx;
	int n;

	for (int v6 = 0; v6 <= 1; v6++) {
		struct pkt_probe p = probe(v6, v6 ? PKT_ICMP6 : PKT_ICMP);
		struct pkt_probe r = p;
		struct probe_key k = key_of(&p, 0);
		char w[64];
		r.src = p.dst;
		r.dst = p.src;
		r.icmp_type = v6 ? ICMP6_ECHOREPLY : ICMP4_ECHOREPLY;
		r.want_sum = 0;
		n = pkt_build(&r, b, sizeof(b));
		snprintf(w, sizeof(w), "ICMPv%d echo reply", v6 ? 6 : 4);
		if (parse(v6, b + (v6 ? 40 : 0), (size_t)n - (v6 ? 40 : 0),
		          r.proto, DST6, &rx) == 0)
			keys_are(&rx, &k, 1, w);
		/* the same id and seq from another address is not ours */
		if (!v6) {
			struct probe_key o[4];
			warts_addr other = A("198.51.100.8");
			memcpy(b + 12, other.bytes, 4);
			parse(0, b, (size_t)n, PKT_ICMP, NULL, &rx);
			probe_keys_for(&rx, o);
			ok(!key_eq(&o[0], &k), "echo reply from another address: "
			   "another key");
		}
	}

	/* timestamp reply (ICMPv4 type 14) */
	{
		struct pkt_probe p = probe(0, PKT_ICMP);
		struct probe_key k;
		uint8_t *m = b + 20;
		p.icmp_type = ICMP4_TSTAMP;
		k = key_of(&p, 0);
		memset(b, 0, 40);
		b[0] = 0x45;
		s16(b + 2, 40);
		b[9] = PKT_ICMP;
		memcpy(b + 12, p.dst.bytes, 4);
		memcpy(b + 16, p.src.bytes, 4);
		m[0] = ICMP4_TSTAMPREPLY;
		s16(m + 4, p.icmp_id);
		s16(m + 6, p.icmp_seq);
		if (parse(0, b, 40, PKT_ICMP, NULL, &rx) == 0)
			keys_are(&rx, &k, 1, "timestamp reply");
	}

	/* TCP: SYN-ACK and RST+ACK to a SYN, RST to an ACK probe */
	for (int v6 = 0; v6 <= 1; v6++) {
		static const struct {
			uint8_t probe_flags, reply_flags;
			const char *what;
		} tcp[] = {
			{ TH_SYN, TH_SYN | TH_ACK, "SYN-ACK to a SYN" },
			{ TH_SYN, TH_RST | TH_ACK, "RST+ACK to a SYN" },
			{ TH_ACK, TH_RST, "RST to an ACK" },
		};
		for (size_t i = 0; i < 3; i++) {
			struct pkt_probe p = probe(v6, PKT_TCP), r;
			struct probe_key k;
			char w[80];
			p.tcp_flags = tcp[i].probe_flags;
			p.want_sum = 0;
			/* SYNs are registered by seq; ACK probes' RSTs bring
			 * back their ack field (RFC 9293 3.10.7.1) */
			k = key_of(&p, p.tcp_flags == TH_SYN ? p.tcp_seq : 0);
			r = p;
			r.src = p.dst;
			r.dst = p.src;
			r.sport = p.dport;
			r.dport = p.sport;
			r.tcp_flags = tcp[i].reply_flags;
			r.size = 0;
			if (p.tcp_flags == TH_SYN) {
				r.tcp_seq = 0x9abcdef0;       /* the server's ISN */
				r.tcp_ack = p.tcp_seq + 1;
			} else {
				r.tcp_seq = p.tcp_ack;
				r.tcp_ack = 0;
			}
			n = pkt_build(&r, b, sizeof(b));
			snprintf(w, sizeof(w), "TCPv%d %s", v6 ? 6 : 4, tcp[i].what);
			if (parse(v6, b + (v6 ? 40 : 0), (size_t)n - (v6 ? 40 : 0),
			          PKT_TCP, DST6, &rx) != 0)
				continue;
			if (p.tcp_flags == TH_SYN) {
				keys_are(&rx, &k, 2, w);
			} else {
				struct probe_key kk[4], by_ack = key_of(&p, p.tcp_ack);
				int m = probe_keys_for(&rx, kk);
				ok(m == 2 && key_eq(&kk[0], &by_ack) &&
				   key_eq(&kk[1], &k),
				   "%s: keyed by the probe's ack, then ports", w);
			}
		}
	}
	/* a probe with seq 0 (as scamper sends them): no duplicate key */
	{
		struct pkt_probe p = probe(0, PKT_TCP), r;
		struct probe_key k;
		p.tcp_seq = 0;
		k = key_of(&p, 0);
		r = p;
		r.src = p.dst;
		r.dst = p.src;
		r.sport = p.dport;
		r.dport = p.sport;
		r.tcp_flags = TH_SYN | TH_ACK;
		r.tcp_ack = 1;
		r.want_sum = 0;
		r.size = 0;
		n = pkt_build(&r, b, sizeof(b));
		if (parse(0, b, (size_t)n, PKT_TCP, NULL, &rx) == 0)
			keys_are(&rx, &k, 1, "SYN-ACK to a seq-0 SYN");
	}

	/* UDP reply from the destination */
	for (int v6 = 0; v6 <= 1; v6++) {
		struct pkt_probe p = probe(v6, PKT_UDP), r;
		struct probe_key k = key_of(&p, 0);
		r = p;
		r.src = p.dst;
		r.dst = p.src;
		r.sport = p.dport;
		r.dport = p.sport;
		r.want_sum = 0;
		n = pkt_build(&r, b, sizeof(b));
		if (parse(v6, b + (v6 ? 40 : 0), (size_t)n - (v6 ? 40 : 0),
		          PKT_UDP, DST6, &rx) == 0)
			keys_are(&rx, &k, 1, v6 ? "UDPv6 reply" : "UDPv4 reply");
	}

	/* not a reply to anything: no keys */
	memset(&rx, 0, sizeof(rx));
	rx.af = 4;
	rx.src = A(RTR4);
	rx.proto = PKT_ICMP;
	rx.icmp_type = ICMP4_UNREACH;
	keys_are(&rx, NULL, 0, "an ICMP error with no quotation");
	rx.icmp_type = ICMP6_ECHOREPLY;
	keys_are(&rx, NULL, 0, "ICMPv4 type 129");
	rx.proto = 47;
	keys_are(&rx, NULL, 0, "GRE");
}

/* ---- keys from quotations ------------------------------------------------ */

static void test_quoted(void)
{
	static const char *const pn[] = { "ICMP", "UDP", "TCP" };
	uint8_t pr[256], b[512];
	struct pkt_rx rx;

	for (int v6 = 0; v6 <= 1; v6++)
		for (int kind = 0; kind < 3; kind++)
			for (int q8 = 0; q8 <= 1; q8++) {
				uint8_t protos[3] = { v6 ? PKT_ICMP6 : PKT_ICMP,
				                      PKT_UDP, PKT_TCP };
				struct pkt_probe p = probe(v6, protos[kind]);
				struct probe_key k, k0;
				size_t n, h = v6 ? 40 : 20;
				int pl = pkt_build(&p, pr, sizeof(pr));
				char w[80];
				k = key_of(&p, kind == 1 ? 0x8008 :
				           kind == 2 ? p.tcp_seq : 0);
				k0 = key_of(&p, 0);
				n = error(v6, b, pr, q8 ? h + 8 : (size_t)pl);
				snprintf(w, sizeof(w), "v%d error quoting %s%s",
				         v6 ? 6 : 4, pn[kind], q8 ? " (8 bytes)" : "");
				if (parse(v6, b, n, v6 ? PKT_ICMP6 : PKT_ICMP, RTR6,
				          &rx) != 0)
					continue;
				keys_are(&rx, &k, kind == 0 ? 1 : 2, w);
				if (kind != 0) {
					struct probe_key kk[4];
					probe_keys_for(&rx, kk);
					ok(key_eq(&kk[1], &k0), "%s: then the ports alone",
					   w);
				}
				/* only 4 bytes quoted: ports, or nothing for ICMP */
				n = error(v6, b, pr, h + 4);
				if (parse(v6, b, n, v6 ? PKT_ICMP6 : PKT_ICMP, RTR6,
				          &rx) == 0) {
					snprintf(w, sizeof(w), "v%d error quoting 4 bytes "
					         "of %s", v6 ? 6 : 4, pn[kind]);
					keys_are(&rx, kind == 0 ? NULL : &k0,
					         kind == 0 ? 0 : 1, w);
				}
			}

	/* a UDP probe whose checksum field is 0 (IPv4: none): one key */
	{
		struct pkt_probe p = probe(0, PKT_UDP);
		struct probe_key k = key_of(&p, 0);
		int pl;
		size_t n;
		p.want_sum = 0;
		pl = pkt_build(&p, pr, sizeof(pr));
		pr[26] = pr[27] = 0;
		n = error(0, b, pr, (size_t)pl);
		if (parse(0, b, n, PKT_ICMP, NULL, &rx) == 0)
			keys_are(&rx, &k, 1, "quoted UDP without a checksum");
	}
}

/* ---- the table ------------------------------------------------------------ */

static struct probe_key nth(uint32_t i)
{
	struct probe_key k;
	warts_addr d = A(i % 3 == 0 ? DST6 : DST4);
	memset(&k, 0, sizeof(k));
	probe_key_dst(&k, &d);
	k.proto = (uint8_t)(i % 2 ? PKT_UDP : PKT_TCP);
	k.a = (uint16_t)(i >> 16);
	k.b = (uint16_t)i;
	k.c = i * 2654435761u;
	return k;
}

/*
 * A pretend measurement: the table reads keys through its reg function,
 * from the registrations their measurement keeps (as the prober's tasks
 * do); these only ever grow.
 */
struct fake {
	struct probe_reg *r;
	uint32_t          n, cap;
};

static const struct probe_reg *fake_reg(const struct task *t, uint32_t i)
{
	return &((const struct fake *)(const void *)t)->r[i];
}

/* Register k with cookie for f (a struct fake as a task). */
static int add(struct probe_table *t, const struct probe_key *k,
               struct task *task, uint32_t cookie)
{
	struct fake *f = (struct fake *)(void *)task;
	if (f->n == f->cap) {
		uint32_t cap = f->cap ? f->cap * 2 : 16;
		struct probe_reg *r = realloc(f->r, cap * sizeof(*r));
		if (r == NULL)
			return -1;
		f->r = r;
		f->cap = cap;
	}
	f->r[f->n].key = *k;
	f->r[f->n].cookie = cookie;
	if (probe_add(t, task, f->n) != 0)
		return -1;
	f->n++;
	return 0;
}

static void fake_free(struct fake *f)
{
	free(f->r);
	memset(f, 0, sizeof(*f));
}

static void test_table_basic(void)
{
	struct probe_table t;
	struct fake fk = { 0 };
	struct task *task = (struct task *)(void *)&fk;   /* any non-NULL pointer */
	struct probe_key k = nth(1), k2 = nth(2), other = nth(1);
	const struct probe_hit *e;

	probe_table_init(&t, fake_reg);
	ok(probe_find(&t, &k, NULL) == NULL, "empty table: nothing found");
	is_int(add(&t, &k, task, 11), 0, "add");
	is_int(add(&t, &k2, task, 12), 0, "add another");
	e = probe_find(&t, &k, NULL);
	ok(e != NULL && e->task == task && e->cookie == 11 &&
	   key_eq(e->key, &k), "find: the task and cookie");
	errno = ENOMEM;
	ok(add(&t, &k, task, 13) == -1 && errno == EEXIST,
	   "a key taken: -1, EEXIST");
	other.c++;
	ok(probe_find(&t, &other, NULL) == NULL, "differs in c: not found");
	other = k;
	other.dst[3] ^= 1;
	ok(probe_find(&t, &other, NULL) == NULL, "differs in address: not found");
	other = k;
	other.af = 6;
	ok(probe_find(&t, &other, NULL) == NULL, "differs in family: not found");
	memset(&other, 0, sizeof(other));
	errno = 0;
	ok(add(&t, &other, task, 16) == -1 && errno == EINVAL,
	   "a key with no family: refused, EINVAL");

	/* retire with a holdtime: found without a task until it expires */
	probe_retire(&t, &k, 1000, 500);
	e = probe_find(&t, &k, NULL);
	ok(e != NULL && e->task == NULL, "retired: found, no task (late reply)");
	ok(add(&t, &k, task, 14) == -1, "retired: the key still held");
	probe_retire(&t, &k, 1100, 500);   /* twice: no second expiry */
	probe_expire(&t, 1499);
	ok(probe_find(&t, &k, NULL) != NULL, "before the holdtime: still held");
	probe_expire(&t, 1500 + 500 / 8 + 1);
	ok(probe_find(&t, &k, NULL) == NULL, "at 9/8 of the holdtime: gone");
	probe_expire(&t, 1600);
	is_int(add(&t, &k, task, 15), 0, "expired: the key free again");
	ok(probe_find(&t, &k2, NULL) != NULL && probe_find(&t, &k2, NULL)->cookie == 12,
	   "the other key untouched");

	/* holdtime 0: gone at once */
	probe_retire(&t, &k2, 2000, 0);
	ok(probe_find(&t, &k2, NULL) == NULL, "retired with holdtime 0: gone");
	is_int(probe_held(&t), 0, "nothing waits to expire");
	probe_retire(&t, &k2, 2000, 100);   /* not there: nothing happens */
	is_int(probe_held(&t), 0, "retiring a missing key: nothing");
	is_int(t.n, 1, "one key live");
	probe_table_free(&t);
	ok(t.e == NULL && t.cap == 0 && t.n == 0, "freed table is empty");
	ok(probe_find(&t, &k, NULL) == NULL, "freed table: nothing found");
	fake_free(&fk);
}

/* 100,000 keys; half retired; refilled; churn. */
static void test_table_growth(void)
{
	enum { N = 100000 };
	struct probe_table t;
	struct fake fk = { 0 };
	struct task *task = (struct task *)(void *)&fk;
	int good = 1;
	size_t cap;

	probe_table_init(&t, fake_reg);
	for (uint32_t i = 0; i < N && good; i++) {
		struct probe_key k = nth(i);
		if (add(&t, &k, task, i) != 0) {
			diag("add %u failed", i);
			good = 0;
		}
	}
	ok(good, "100,000 keys added");
	is_int(t.n, N, "100,000 live");
	ok((size_t)N * 4 <= t.cap * 3 && t.cap * 5 <= (size_t)N * 12,
	   "capacity %zu: between 5/12 and 3/4 full", t.cap);
	ok(t.cap * sizeof(*t.e) <= (size_t)N * 40,
	   "%zu bytes a live key (entries of %zu)",
	   t.cap * sizeof(*t.e) / N, sizeof(*t.e));
	for (uint32_t i = 0; i < N && good; i++) {
		struct probe_key k = nth(i);
		const struct probe_hit *e = probe_find(&t, &k, NULL);
		if (e == NULL || e->cookie != i || e->task != task) {
			diag("find %u", i);
			good = 0;
		}
	}
	ok(good, "each found with its cookie");
	for (uint32_t i = N; i < N + 1000 && good; i++) {
		struct probe_key k = nth(i);
		if (probe_find(&t, &k, NULL) != NULL)
			good = 0;
	}
	ok(good, "keys never added are not found");

	/* retire every other key at once */
	for (uint32_t i = 0; i < N; i += 2) {
		struct probe_key k = nth(i);
		probe_retire(&t, &k, 0, 0);
	}
	is_int(t.n, N / 2, "half retired");
	for (uint32_t i = 0; i < N && good; i++) {
		struct probe_key k = nth(i);
		const struct probe_hit *e = probe_find(&t, &k, NULL);
		if ((i % 2 == 0) != (e == NULL) || (e && e->cookie != i))
			good = 0;
	}
	ok(good, "the rest found, the retired not");

	/* refill with new keys */
	cap = t.cap;
	for (uint32_t i = N; i < N + N / 2 && good; i++) {
		struct probe_key k = nth(i);
		if (add(&t, &k, task, i) != 0)
			good = 0;
	}
	ok(good, "50,000 new keys");
	is_int(t.n, N, "100,000 live again");
	ok(t.cap == cap, "capacity %zu (was %zu): the same for as many keys",
	   t.cap, cap);

	/* churn: add one, retire one, many times; the table stays bounded
	 * and every search ends (there is always an empty slot) */
	cap = t.cap;
	for (uint32_t i = 0; i < 4 * N && good; i++) {
		struct probe_key fresh = nth(2 * N + i);
		struct probe_key del = nth(i < N / 2 ? 2 * i + 1 :
		                           (i < N / 2 + N / 2 ? N + (i - N / 2) :
		                            2 * N + (i - N)));
		if (add(&t, &fresh, task, i) != 0)
			good = 0;
		probe_retire(&t, &del, 0, 0);
	}
	ok(good, "400,000 adds and retires");
	is_int(t.n, N, "still 100,000 live");
	ok(t.cap <= cap * 2, "capacity bounded under churn (%zu, was %zu)",
	   t.cap, cap);
	ok(t.n < t.cap, "an empty slot remains (%zu of %zu)", t.n, t.cap);
	for (uint32_t i = 3 * N; i < 4 * N && good; i++) {
		struct probe_key k = nth(2 * N + i);
		if (probe_find(&t, &k, NULL) == NULL)
			good = 0;
	}
	ok(good, "the last 100,000 added are all found");
	probe_table_free(&t);
	fake_free(&fk);
}

/* Retiring with a holdtime through the FIFO: order, growth, wrap. */
/* Key i of keys retired at start + i * gap with holdtime hold went (or
 * stayed) as it should at time at: never before its holdtime, never
 * after 9/8 of it (and 1 us), and in the order retired. */
static int expiry_right(struct probe_table *t, uint32_t nkeys,
                        uint64_t start, uint64_t gap, uint64_t hold,
                        uint64_t at)
{
	int seen_held = 0;
	for (uint32_t i = 0; i < nkeys; i++) {
		uint64_t r = start + i * gap;
		struct probe_key k = nth(i);
		const struct probe_hit *e = probe_find(t, &k, NULL);
		int gone = e == NULL;
		if ((gone && at < r + hold) ||
		    (!gone && at >= r + hold + hold / 8 + 1) ||
		    (!gone && e->task != NULL) || (gone && seen_held)) {
			diag("at %llu key %u (retired %llu) gone %d",
			     (unsigned long long)at, i, (unsigned long long)r,
			     gone);
			return 0;
		}
		seen_held |= !gone;
	}
	return 1;
}

static void test_table_holdtime(void)
{
	struct probe_table t;
	struct fake fk = { 0 };
	struct task *task = (struct task *)(void *)&fk;
	int good = 1;
	uint32_t next = 0;
	uint64_t now = 1000000;

	probe_table_init(&t, fake_reg);
	/* 3000 keys retired 1 us apart with a 10 ms holdtime: they fill
	 * three generations, each growing past its first size */
	for (uint32_t i = 0; i < 3000; i++) {
		struct probe_key k = nth(i);
		add(&t, &k, task, i);
	}
	for (uint32_t i = 0; i < 3000; i++, now++) {
		struct probe_key k = nth(i);
		probe_retire(&t, &k, now, 10000);
	}
	is_int(probe_held(&t), 3000, "3000 held");
	is_int(t.n, 3000, "held keys still count");
	ok(t.gen_len > 1, "in several generations (%zu)", t.gen_len);
	for (uint64_t at = 1009999; at <= 1014500 && good; at += 50) {
		probe_expire(&t, at);
		good = expiry_right(&t, 3000, 1000000, 1, 10000, at);
	}
	ok(good, "keys expire in order, each from its holdtime to 9/8 of it");
	is_int(probe_held(&t), 0, "all gone");
	is_int(t.gen_len, 0, "no generation left");
	is_int(t.n, 0, "nothing held");

	/* waves of retire and expire, through the ring of generations */
	good = 1;
	now = 5000000;
	for (int wave = 0; wave < 20; wave++) {
		uint32_t first = next;
		int count = 700 + wave * 150;
		for (int i = 0; i < count; i++, next++) {
			struct probe_key k = nth(next);
			if (add(&t, &k, task, next) != 0)
				good = 0;
			probe_retire(&t, &k, now + (uint64_t)i, 10000);
		}
		probe_expire(&t, now + 10000 - 1);
		for (uint32_t j = first; j < next; j++) {
			struct probe_key k = nth(j);
			const struct probe_hit *e = probe_find(&t, &k, NULL);
			if (e == NULL || e->task != NULL)
				good = 0;
		}
		probe_expire(&t, now + (uint64_t)count + 10000 + 10000 / 8 + 1);
		if (probe_held(&t) != 0)
			good = 0;
		now += 100000;
	}
	ok(good, "20 waves: held until the holdtime, gone after 9/8 of it");
	is_int(t.n, 0, "all expired");

	/* never expired: the ring of generations fills, then the newest
	 * takes every key, which is held until its own holdtime */
	good = 1;
	now = 9000000;
	for (uint32_t i = 0; i < 2000; i++, next++, now += 100) {
		struct probe_key k = nth(next);
		if (add(&t, &k, task, next) != 0)
			good = 0;
		probe_retire(&t, &k, now, 1000);
	}
	is_int(t.gen_len, PROBE_GENS, "the ring of generations full");
	is_int(probe_held(&t), 2000, "every key held");
	probe_expire(&t, now - 100 + 1000 - 1);
	{
		struct probe_key k = nth(next - 1);
		ok(probe_find(&t, &k, NULL) != NULL, "the last still held");
	}
	probe_expire(&t, now - 100 + 1000 + 1000 / 8 + 1);
	is_int(probe_held(&t), 0, "then all gone");
	probe_table_free(&t);
	fake_free(&fk);
}

/*
 * A prober's 5 s holdtime at 10,000 and 100,000 probes a second: none
 * goes before its holdtime nor after 9/8 of it, and the held keys take
 * at most 20 bytes each (16 on average over the sizes sets pass: the
 * sets' 10.7-16 and the filter's 1-2).
 */
static void test_table_held_memory(void)
{
	static const uint64_t gap[] = { 100, 10 };   /* us between retires */
	const uint64_t hold = 5000000;
	for (size_t g = 0; g < sizeof(gap) / sizeof(gap[0]); g++) {
		struct probe_table t;
		struct fake fk = { 0 };
	struct task *task = (struct task *)(void *)&fk;
		uint32_t nkeys = (uint32_t)(hold / gap[g]), i;
		uint64_t now = 1000000, start = now, worst = 0, sum = 0;
		size_t samples = 0;
		int good = 1, order = 1;

		probe_table_init(&t, fake_reg);
		for (i = 0; i < nkeys; i++, now += gap[g]) {
			struct probe_key k = nth(i);
			if (add(&t, &k, task, i) != 0)
				good = 0;
			probe_retire(&t, &k, now, hold);
			if ((i % 97 == 0 || i + 1 == nkeys) &&
			    probe_held(&t) >= 4096) {
				uint64_t per = probe_held_bytes(&t) /
				               probe_held(&t);
				worst = per > worst ? per : worst;
				sum += per;
				samples++;
			}
		}
		ok(good, "%u keys added and retired, %llu us apart", nkeys,
		   (unsigned long long)gap[g]);
		is_int(t.n, nkeys, "all held");
		ok(worst <= 20 && sum / samples <= 16,
		   "bytes a held key: at most %llu, %llu on average",
		   (unsigned long long)worst,
		   (unsigned long long)(sum / samples));
		for (uint64_t at = start + hold - 1;
		     t.gen_len > 0 && order; at += hold / 64) {
			probe_expire(&t, at);
			/* every 512th key, and the first and last */
			for (i = 0; i < nkeys && order; i += 512) {
				struct probe_key k = nth(i);
				uint64_t r = start + i * gap[g];
				int gone = probe_find(&t, &k, NULL) == NULL;
				if ((gone && at < r + hold) ||
				    (!gone && at >= r + hold + hold / 8 + 1))
					order = 0;
			}
		}
		ok(order, "each key held from its holdtime to 9/8 of it");
		is_int(t.n, 0, "nothing held after");
		probe_table_free(&t);
		fake_free(&fk);
	}
}

/* A reply finds its probe among many in a table. */
static void test_dispatch(void)
{
	struct probe_table t;
	struct fake fk = { 0 };
	struct task *task = (struct task *)(void *)&fk;
	uint8_t pr[256], b[512];
	struct pkt_rx rx;
	int good = 1;

	probe_table_init(&t, fake_reg);
	/* 512 UDP Paris probes: same ports, checksums 1..512 */
	for (uint32_t i = 1; i <= 512; i++) {
		struct pkt_probe p = probe(0, PKT_UDP);
		struct probe_key k;
		p.want_sum = (uint16_t)i;
		k = key_of(&p, i);
		add(&t, &k, task, i);
	}
	for (uint32_t i = 1; i <= 512; i++) {
		struct pkt_probe p = probe(0, PKT_UDP);
		struct probe_key k[4];
		const struct probe_hit *e = NULL;
		int pl, n;
		p.want_sum = (uint16_t)i;
		pl = pkt_build(&p, pr, sizeof(pr));
		parse(0, b, error(0, b, pr, 28), PKT_ICMP, NULL, &rx);
		n = probe_keys_for(&rx, k);
		for (int j = 0; j < n && e == NULL; j++)
			e = probe_find(&t, &k[j], NULL);
		if (e == NULL || e->cookie != i || pl <= 0)
			good = 0;
	}
	ok(good, "512 Paris UDP probes: each 8-byte quotation finds its own");
	probe_table_free(&t);
	fake_free(&fk);
}

/* A span: the probes of a ping (ICMP sequence counting up; a -sport
 * method's source ports) as one key. */
static void test_table_span(void)
{
	struct probe_table t;
	struct fake fk = { 0 }, fk2 = { 0 };
	struct task *task = (struct task *)(void *)&fk;
	struct task *other_task = (struct task *)(void *)&fk2;
	struct probe_key span = nth(7), x, y;
	const struct probe_hit *e;
	uint32_t cookie = 0;
	int good = 1;

	probe_table_init(&t, fake_reg);
	span.b = 65534;                   /* it wraps: 65534, 65535, 0, 1, 2 */
	span.vary = PROBE_VARY_B;
	span.span = 5;
	is_int(add(&t, &span, task, 100), 0, "a span of 5 added");
	is_int(t.spans, 1, "counted as a span");
	x = span;
	x.vary = PROBE_EXACT;
	x.span = 0;
	for (uint32_t i = 0; i < 5; i++) {
		x.b = (uint16_t)(65534 + i);
		e = probe_find(&t, &x, &cookie);
		if (e == NULL || e->task != task || cookie != 100 + i)
			good = 0;
	}
	ok(good, "each of its 5 keys finds it, cookie 100 + its place");
	x.b = 3;
	ok(probe_find(&t, &x, NULL) == NULL, "the value after it: not found");
	x.b = 65533;
	ok(probe_find(&t, &x, NULL) == NULL, "the value before: not found");
	x.b = 65535;
	x.a++;
	ok(probe_find(&t, &x, NULL) == NULL, "the other field differs: not found");
	x = span;
	x.vary = PROBE_EXACT;
	x.b = 0;
	errno = 0;
	ok(add(&t, &x, other_task, 1) == -1 && errno == EEXIST,
	   "an exact key inside it: EEXIST");
	x.b = 3;
	is_int(add(&t, &x, other_task, 1), 0, "an exact key just after: added");
	y = span;
	y.b = 2;
	y.span = 2;                       /* 2, 3: 3 is taken */
	errno = 0;
	ok(add(&t, &y, other_task, 2) == -1 && errno == EEXIST,
	   "a span covering a taken key: EEXIST");
	y.b = 4;
	y.span = 10;
	is_int(add(&t, &y, other_task, 0), 0, "a span beside it: added");
	x.b = 9;
	ok(probe_find(&t, &x, &cookie) != NULL && cookie == 5 &&
	   probe_find(&t, &x, NULL)->task == other_task,
	   "the second span finds its own");
	y = span;
	y.vary = PROBE_VARY_A;
	y.a = (uint16_t)(span.a - 1);
	y.span = 3;                       /* covers (a, 65534): taken */
	errno = 0;
	ok(add(&t, &y, other_task, 0) == -1 && errno == EEXIST,
	   "a span over the other field crossing it: EEXIST");
	x = span;
	x.span = 0;
	errno = 0;
	ok(add(&t, &x, task, 0) == -1 && errno == EINVAL,
	   "a span of 0: EINVAL");

	/* retired as registered; held as a whole */
	x = span;
	x.span = 4;
	probe_retire(&t, &x, 1000, 500);  /* not as registered: nothing */
	is_int(t.spans, 2, "retiring a different span: nothing");
	probe_retire(&t, &span, 1000, 500);
	is_int(t.spans, 1, "retired");
	is_int(t.rspans, 1, "its fingerprint held");
	x = span;
	x.vary = PROBE_EXACT;
	x.b = 0;
	e = probe_find(&t, &x, NULL);
	ok(e != NULL && e->task == NULL, "a late reply finds it, no task");
	ok(add(&t, &x, task, 1) == -1 && errno == EEXIST,
	   "its keys stay taken");
	probe_expire(&t, 1499);
	is_int(t.rspans, 1, "before its holdtime: held");
	probe_expire(&t, 1500 + 500 / 8 + 1);
	is_int(t.rspans, 0, "expired");
	ok(probe_find(&t, &x, NULL) == NULL, "then gone");
	is_int(add(&t, &x, task, 1), 0, "and free");
	probe_table_free(&t);
	fake_free(&fk);
	fake_free(&fk2);
}

int main(void)
{
	test_direct();
	test_quoted();
	test_table_basic();
	test_table_span();
	test_table_growth();
	test_table_holdtime();
	test_table_held_memory();
	test_dispatch();
	return done_testing();
}
