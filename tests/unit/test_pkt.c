/*
 * test_pkt.c: the prober's packet layer against the RFCs.
 *
 * Every probe pkt_build writes is taken apart here by hand: each field is
 * looked for where RFC 791 / 8200 / 792 / 4443 / 768 / 9293 put it, and
 * each checksum is verified with this file's own arithmetic over an
 * explicitly written pseudo-header.  Replies and ICMP errors are composed
 * byte by byte (quotations of whole probes and of 8 transport bytes,
 * RFC 4884 extensions with RFC 4950 MPLS label stacks, IPv6 extension
 * headers) and the parsers must read back what was put there; every
 * truncation and a catalogue of malformations must be rejected with a
 * reason, parsed from buffers of exactly their length (so that the
 * sanitizer build catches any read past the end).
 *
 *   test_pkt            run the tests
 *   test_pkt DIR        also write every packet composed into DIR, as
 *                       seeds for fuzz/fuzz_pkt.c (fuzz/seeds-pkt/)
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "pkt/pkt.h"

/* ---- seeds -------------------------------------------------------------- */

static const char *seed_dir;

/* Keep a composed packet as a fuzzing seed (v4: with its IP header; v6:
 * what an IPv6 raw socket delivers, without it). */
static void seed(const char *name, const uint8_t *p, size_t n)
{
	char path[4096];
	FILE *fp;
	if (seed_dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s", seed_dir, name);
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(p, 1, n, fp) != n || fclose(fp) != 0)
		diag("cannot write seed %s", path);
}

/* ---- independent arithmetic -------------------------------------------- */

static uint16_t g16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t g32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void s16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void s32(uint8_t *p, uint32_t v)
{
	s16(p, (uint16_t)(v >> 16));
	s16(p + 2, (uint16_t)v);
}

/* RFC 1071: the 16-bit one's complement sum, big-endian words, an odd
 * byte padded with zero; folded at the end from a 64-bit total. */
static uint16_t ocsum(const uint8_t *p, size_t n)
{
	uint64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += (i % 2 == 0) ? (uint64_t)p[i] << 8 : p[i];
	while (s > 0xffff)
		s = (s >> 16) + (s & 0xffff);
	return (uint16_t)s;
}

/* A checksummed region verifies when everything, checksum included, sums
 * to all ones. */
static int region_ok(const uint8_t *p, size_t n)
{
	return ocsum(p, n) == 0xffff;
}

/* The checksum to store over a region whose checksum field is zero. */
static uint16_t region_sum(const uint8_t *p, size_t n)
{
	return (uint16_t)~ocsum(p, n);
}

/*
 * A transport checksum with the pseudo-header written out byte by byte:
 * RFC 768/9293 for IPv4 (src, dst, zero, protocol, length), RFC 8200 8.1
 * for IPv6 (src, dst, 32-bit length, three zeros, next header).
 */
static int l4_ok(const uint8_t *src, const uint8_t *dst, int v6,
                 uint8_t proto, const uint8_t *t, size_t tlen)
{
	uint8_t *b = malloc(40 + tlen);
	size_t ph = v6 ? 40 : 12;
	int ok;
	memset(b, 0, ph);
	if (v6) {
		memcpy(b, src, 16);
		memcpy(b + 16, dst, 16);
		s32(b + 32, (uint32_t)tlen);
		b[39] = proto;
	} else {
		memcpy(b, src, 4);
		memcpy(b + 4, dst, 4);
		b[9] = proto;
		s16(b + 10, (uint16_t)tlen);
	}
	memcpy(b + ph, t, tlen);
	ok = region_ok(b, ph + tlen);
	free(b);
	return ok;
}

/* Every checksum of a whole built packet: IPv4 header, then transport
 * (ICMPv4 has no pseudo-header; ICMPv6, UDP and TCP do). */
static int pkt_sums_ok(const uint8_t *p, size_t n)
{
	if ((p[0] >> 4) == 4) {
		size_t ihl = (size_t)(p[0] & 15) * 4;
		if (!region_ok(p, ihl))
			return 0;
		if (p[9] == PKT_ICMP)
			return region_ok(p + ihl, n - ihl);
		return l4_ok(p + 12, p + 16, 0, p[9], p + ihl, n - ihl);
	}
	return l4_ok(p + 8, p + 24, 1, p[6], p + 40, n - 40);
}

/* A small deterministic generator for the random trials. */
static uint64_t rng = 0x243f6a8885a308d3ULL;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* ---- addresses ---------------------------------------------------------- */

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

static int addr_is(const warts_addr *a, const char *s)
{
	warts_addr b = A(s);
	return a->type == b.type &&
	       memcmp(a->bytes, b.bytes, warts_addr_len(b.type)) == 0;
}

#define ME4   "192.0.2.1"
#define DST4  "198.51.100.7"
#define RTR4  "203.0.113.9"
#define ME6   "2001:db8::1"
#define DST6  "2001:db8:1::7"
#define RTR6  "2001:db8:ff::9"

static struct pkt_probe probe(int v6, uint8_t proto)
{
	struct pkt_probe p;
	memset(&p, 0, sizeof(p));
	p.src = A(v6 ? ME6 : ME4);
	p.dst = A(v6 ? DST6 : DST4);
	p.proto = proto;
	p.ttl = 7;
	p.icmp_type = v6 ? ICMP6_ECHO : ICMP4_ECHO;
	p.icmp_id = 0x1234;
	p.icmp_seq = 0x0102;
	p.sport = 40001;
	p.dport = 33435;
	p.tcp_seq = 0xdeadbeef;
	p.tcp_ack = 0x01020304;
	p.tcp_flags = TH_SYN;
	p.tcp_win = 5840;
	p.ipid = 0xabcd;
	return p;
}

/* Build into a buffer of exactly len bytes, so that a write past it is
 * caught by the sanitizers; copy out what was built. */
static int build_exact(const struct pkt_probe *p, size_t len, uint8_t *out)
{
	uint8_t *b = malloc(len ? len : 1);
	int n = pkt_build(p, b, len);
	if (n > 0)
		memcpy(out, b, (size_t)n);
	free(b);
	return n;
}

static int parse4_exact(const uint8_t *p, size_t n, struct pkt_rx *rx,
                        const char **why)
{
	uint8_t *c = malloc(n ? n : 1);
	int rc;
	memcpy(c, p, n);
	*why = NULL;
	rc = pkt_parse4(c, n, rx, why);
	free(c);
	return rc;
}

static int parse6_exact(const uint8_t *p, size_t n, uint8_t proto,
                        struct pkt_rx *rx, const char **why)
{
	warts_addr s = A(RTR6), d = A(ME6);
	uint8_t *c = malloc(n ? n : 1);
	int rc;
	memcpy(c, p, n);
	*why = NULL;
	rc = pkt_parse6(c, n, proto, &s, &d, 61, 0x28, rx, why);
	free(c);
	return rc;
}

/* ---- builders ----------------------------------------------------------- */

/* The IPv4 header as RFC 791 3.1 lays it out. */
static void check_ip4(const uint8_t *b, int n, const struct pkt_probe *p,
                      size_t ihl, const char *what)
{
	ok(b[0] >> 4 == 4 && (size_t)(b[0] & 15) * 4 == ihl,
	   "%s: version 4, IHL %zu", what, ihl / 4);
	is_int(b[1], p->tos, "%s: ToS", what);
	is_int(g16(b + 2), n, "%s: total length", what);
	is_int(g16(b + 4), p->ipid, "%s: identification", what);
	is_int(b[6] >> 5, p->df ? 2 : 0, "%s: flags (DF, not MF)", what);
	is_int(g16(b + 6) & 0x1fff, p->frag_off & 0x1fff,
	       "%s: fragment offset", what);
	is_int(b[8], p->ttl, "%s: TTL", what);
	is_int(b[9], p->proto, "%s: protocol", what);
	ok(memcmp(b + 12, p->src.bytes, 4) == 0 &&
	   memcmp(b + 16, p->dst.bytes, 4) == 0, "%s: addresses", what);
	ok(region_ok(b, ihl), "%s: header checksum verifies", what);
}

/* The IPv6 header as RFC 8200 3 lays it out. */
static void check_ip6(const uint8_t *b, int n, const struct pkt_probe *p,
                      const char *what)
{
	uint32_t w = g32(b);
	is_int(w >> 28, 6, "%s: version 6", what);
	is_int((w >> 20) & 0xff, p->tos, "%s: traffic class", what);
	is_int(w & 0xfffff, p->flow & 0xfffff, "%s: flow label", what);
	is_int(g16(b + 4), n - 40, "%s: payload length", what);
	is_int(b[6], p->proto, "%s: next header", what);
	is_int(b[7], p->ttl, "%s: hop limit", what);
	ok(memcmp(b + 8, p->src.bytes, 16) == 0 &&
	   memcmp(b + 24, p->dst.bytes, 16) == 0, "%s: addresses", what);
}

static void test_icmp_echo(void)
{
	static const uint8_t pay[] = "0123456789abcdef";
	for (int v6 = 0; v6 <= 1; v6++) {
		struct pkt_probe p = probe(v6, v6 ? PKT_ICMP6 : PKT_ICMP);
		uint8_t b[2048];
		const char *w = v6 ? "ICMPv6 echo" : "ICMP echo";
		size_t h = v6 ? 40 : 20;
		int n;
		p.tos = 0xb8;
		p.df = 1;
		p.flow = 0xabcde;
		p.payload = pay;
		p.payload_len = 16;
		p.size = v6 ? 104 : 84;
		n = build_exact(&p, sizeof(b), b);
		is_int(n, p.size, "%s: padded to the size asked for", w);
		if (n <= 0)
			continue;
		if (v6)
			check_ip6(b, n, &p, w);
		else
			check_ip4(b, n, &p, 20, w);
		is_int(b[h], v6 ? 128 : 8, "%s: type", w);
		is_int(b[h + 1], 0, "%s: code 0", w);
		is_int(g16(b + h + 4), 0x1234, "%s: identifier", w);
		is_int(g16(b + h + 6), 0x0102, "%s: sequence", w);
		ok(memcmp(b + h + 8, pay, 16) == 0, "%s: payload after header", w);
		{
			int zero = 1;
			for (int i = (int)h + 24; i < n; i++)
				zero &= b[i] == 0;
			ok(zero, "%s: padding is zeros", w);
		}
		ok(pkt_sums_ok(b, (size_t)n), "%s: checksums verify", w);
		seed(v6 ? "probe6-icmp-echo" : "probe4-icmp-echo", b,
		     (size_t)n);
	}
	/* just fit: no size, no payload */
	{
		struct pkt_probe p = probe(0, PKT_ICMP);
		uint8_t b[64];
		is_int(build_exact(&p, sizeof(b), b), 28,
		       "ICMP echo with no payload or size: 28 bytes");
		ok(pkt_sums_ok(b, 28), "ICMP echo, 28 bytes: checksums verify");
	}
}

static void test_icmp_tstamp(void)
{
	struct pkt_probe p = probe(0, PKT_ICMP);
	uint8_t b[128];
	int n;
	p.icmp_type = ICMP4_TSTAMP;
	p.icmp_ts_orig = 45296789; /* 12:34:56.789 */
	n = build_exact(&p, sizeof(b), b);
	is_int(n, 40, "timestamp request: 20 + 20 bytes (RFC 792)");
	check_ip4(b, n, &p, 20, "timestamp");
	is_int(b[20], 13, "timestamp: type 13");
	is_int(g16(b + 24), 0x1234, "timestamp: identifier");
	is_int(g16(b + 26), 0x0102, "timestamp: sequence");
	is_int(g32(b + 28), 45296789, "timestamp: originate");
	ok(g32(b + 32) == 0 && g32(b + 36) == 0,
	   "timestamp: receive and transmit zero");
	ok(pkt_sums_ok(b, 40), "timestamp: checksums verify");
	seed("probe4-icmp-tstamp", b, 40);
}

static void test_udp(void)
{
	static const uint8_t pay[] = { 1, 2, 3, 4, 5 };
	for (int v6 = 0; v6 <= 1; v6++) {
		struct pkt_probe p = probe(v6, PKT_UDP);
		uint8_t b[256];
		const char *w = v6 ? "UDPv6" : "UDPv4";
		size_t h = v6 ? 40 : 20;
		int n;
		p.payload = pay;
		p.payload_len = 5;
		p.size = (uint16_t)(h + 8 + 5 + 7);  /* 7 bytes of padding */
		n = build_exact(&p, sizeof(b), b);
		is_int(n, p.size, "%s: size", w);
		if (n <= 0)
			continue;
		if (v6)
			check_ip6(b, n, &p, w);
		else
			check_ip4(b, n, &p, 20, w);
		is_int(g16(b + h), 40001, "%s: source port", w);
		is_int(g16(b + h + 2), 33435, "%s: destination port", w);
		is_int(g16(b + h + 4), n - (int)h,
		       "%s: length field counts header, data, padding", w);
		ok(g16(b + h + 6) != 0, "%s: checksum present", w);
		ok(memcmp(b + h + 8, pay, 5) == 0, "%s: payload", w);
		ok(pkt_sums_ok(b, (size_t)n), "%s: checksums verify", w);
		seed(v6 ? "probe6-udp" : "probe4-udp", b, (size_t)n);
	}
	/* the length field over uninitialised memory: build into a buffer
	 * full of junk, and the field must still be right */
	{
		struct pkt_probe p = probe(0, PKT_UDP);
		uint8_t b[64];
		memset(b, 0xa5, sizeof(b));
		is_int(pkt_build(&p, b, sizeof(b)), 28, "bare UDP: 28 bytes");
		is_int(g16(b + 24), 8, "bare UDP over junk: length 8");
		ok(pkt_sums_ok(b, 28), "bare UDP over junk: checksums verify");
	}
}

static void test_tcp(void)
{
	for (int v6 = 0; v6 <= 1; v6++)
		for (int mss = 0; mss <= 1; mss++) {
			struct pkt_probe p = probe(v6, PKT_TCP);
			uint8_t b[256];
			char w[64];
			size_t h = v6 ? 40 : 20, th = mss ? 24 : 20;
			int n;
			snprintf(w, sizeof(w), "TCPv%d %s MSS", v6 ? 6 : 4,
			         mss ? "with" : "without");
			p.tcp_mss = mss ? 1460 : 0;
			p.tcp_flags = mss ? TH_SYN : TH_ACK;
			n = build_exact(&p, sizeof(b), b);
			is_int(n, (int)(h + th), "%s: length", w);
			if (n <= 0)
				continue;
			if (v6)
				check_ip6(b, n, &p, w);
			else
				check_ip4(b, n, &p, 20, w);
			is_int(g16(b + h), 40001, "%s: source port", w);
			is_int(g16(b + h + 2), 33435, "%s: destination port", w);
			is_int(g32(b + h + 4), 0xdeadbeef, "%s: sequence", w);
			is_int(g32(b + h + 8), 0x01020304, "%s: acknowledgment",
			       w);
			is_int(b[h + 12] >> 4, th / 4, "%s: data offset", w);
			is_int(b[h + 12] & 0x0f, 0, "%s: reserved bits zero", w);
			is_int(b[h + 13], p.tcp_flags, "%s: flags", w);
			is_int(g16(b + h + 14), 5840, "%s: window", w);
			is_int(g16(b + h + 18), 0, "%s: urgent pointer", w);
			if (mss)
				ok(b[h + 20] == 2 && b[h + 21] == 4 &&
				   g16(b + h + 22) == 1460,
				   "%s: MSS option kind 2 length 4 (RFC 9293 "
				   "3.2)", w);
			ok(pkt_sums_ok(b, (size_t)n), "%s: checksums verify", w);
			snprintf(w, sizeof(w), "probe%d-tcp%s", v6 ? 6 : 4,
			         mss ? "-mss" : "");
			seed(w, b, (size_t)n);
		}
	/* payload and padding after options */
	{
		static const uint8_t pay[] = { 0xde, 0xad };
		struct pkt_probe p = probe(0, PKT_TCP);
		uint8_t b[256];
		int n;
		p.tcp_mss = 536;
		p.payload = pay;
		p.payload_len = 2;
		p.size = 60;
		n = build_exact(&p, sizeof(b), b);
		is_int(n, 60, "TCP with MSS, payload and padding: 60 bytes");
		ok(n == 60 && b[44] == 0xde && b[45] == 0xad,
		   "TCP: payload after the options");
		ok(n == 60 && pkt_sums_ok(b, 60), "TCP padded: checksums verify");
	}
}

static void test_ip4_options(void)
{
	uint8_t b[256];
	int n;
	struct pkt_probe p = probe(0, PKT_ICMP);

	p.opt_rr = 1;
	n = build_exact(&p, sizeof(b), b);
	is_int(n, 20 + 40 + 8, "record route: a 60-byte header");
	check_ip4(b, n, &p, 60, "record route");
	ok(b[20] == 7 && b[21] == 39 && b[22] == 4,
	   "record route: type 7, length 39, pointer 4 (RFC 791)");
	{
		int zero = 1;
		for (int i = 23; i < 59; i++)
			zero &= b[i] == 0;
		ok(zero, "record route: nine empty slots");
	}
	is_int(b[59], 0, "record route: end of options");
	is_int(b[60], 8, "record route: the ICMP header follows");
	ok(pkt_sums_ok(b, (size_t)n), "record route: checksums verify");
	seed("probe4-rr", b, (size_t)n);

	p = probe(0, PKT_ICMP);
	p.opt_ts = 1;
	n = build_exact(&p, sizeof(b), b);
	is_int(n, 20 + 40 + 8, "tsonly: a 60-byte header");
	check_ip4(b, n, &p, 60, "tsonly");
	ok(b[20] == 68 && b[21] == 40 && b[22] == 5 && b[23] == 0,
	   "tsonly: type 68, length 40, pointer 5, flag 0");
	ok(pkt_sums_ok(b, (size_t)n), "tsonly: checksums verify");
	seed("probe4-tsonly", b, (size_t)n);

	p = probe(0, PKT_ICMP);
	p.opt_ts = 2;
	n = build_exact(&p, sizeof(b), b);
	is_int(n, 20 + 36 + 8, "tsandaddr: a 56-byte header");
	check_ip4(b, n, &p, 56, "tsandaddr");
	ok(b[20] == 68 && b[21] == 36 && b[22] == 5 && b[23] == 1,
	   "tsandaddr: type 68, length 36, pointer 5, flag 1");
	ok(pkt_sums_ok(b, (size_t)n), "tsandaddr: checksums verify");
	seed("probe4-tsandaddr", b, (size_t)n);

	for (int c = 1; c <= 4; c++) {
		static const char *const pre[] = {
			"198.51.100.1", "198.51.100.2", "203.0.113.3",
			"192.0.2.4"
		};
		int good = 1;
		p = probe(0, PKT_ICMP);
		p.opt_ts = 3;
		p.ts_addrc = (uint8_t)c;
		for (int i = 0; i < c; i++)
			p.ts_addrs[i] = A(pre[i]);
		n = build_exact(&p, sizeof(b), b);
		is_int(n, 20 + 4 + 8 * c + 8, "prespec x%d: length", c);
		if (n <= 0)
			continue;
		check_ip4(b, n, &p, (size_t)(24 + 8 * c), "prespec");
		ok(b[20] == 68 && b[21] == 4 + 8 * c && b[22] == 5 &&
		   b[23] == 3, "prespec x%d: type 68, length, pointer, flag 3",
		   c);
		for (int i = 0; i < c; i++)
			good &= memcmp(b + 24 + 8 * i, p.ts_addrs[i].bytes, 4) == 0
			        && g32(b + 28 + 8 * i) == 0;
		ok(good, "prespec x%d: each address then an empty stamp", c);
		ok(pkt_sums_ok(b, (size_t)n), "prespec x%d: checksums verify",
		   c);
		if (c == 4)
			seed("probe4-tsprespec", b, (size_t)n);
	}

	/* options and UDP/TCP too */
	p = probe(0, PKT_UDP);
	p.opt_rr = 1;
	n = build_exact(&p, sizeof(b), b);
	ok(n == 68 && pkt_sums_ok(b, (size_t)n) && g16(b + 64) == 8,
	   "UDP with record route: checksums, length field");
}

static void test_ip_fields(void)
{
	static const uint32_t flows[] = { 0, 1, 0x12345, 0xfffff, 0xfffffff };
	static const uint8_t tcs[] = { 0, 1, 0x2e << 2, 0xff };
	uint8_t b[128];
	int good = 1;
	for (size_t i = 0; i < sizeof(flows) / sizeof(flows[0]); i++)
		for (size_t j = 0; j < sizeof(tcs); j++) {
			struct pkt_probe p = probe(1, PKT_UDP);
			int n;
			p.flow = flows[i];
			p.tos = tcs[j];
			n = build_exact(&p, sizeof(b), b);
			if (n != 48 || g32(b) >> 28 != 6 ||
			    ((g32(b) >> 20) & 0xff) != tcs[j] ||
			    (g32(b) & 0xfffff) != (flows[i] & 0xfffff) ||
			    !pkt_sums_ok(b, 48)) {
				good = 0;
				diag("flow %x tclass %x wrong", flows[i], tcs[j]);
			}
		}
	ok(good, "IPv6 flow label (20 bits, excess dropped) and traffic "
	   "class in place");

	for (int df = 0; df <= 1; df++) {
		static const uint16_t offs[] = { 0, 1, 185, 0x1fff };
		for (size_t i = 0; i < 4; i++) {
			struct pkt_probe p = probe(0, PKT_UDP);
			int n;
			p.df = df;
			p.frag_off = offs[i];
			n = build_exact(&p, sizeof(b), b);
			ok(n == 28 && (b[6] & 0x40) == (df ? 0x40 : 0) &&
			   (b[6] & 0xa0) == 0 && (g16(b + 6) & 0x1fff) == offs[i]
			   && region_ok(b, 20),
			   "DF %d, fragment offset %u: flags and offset bits",
			   df, offs[i]);
		}
	}
}

/* Bad combinations and buffers too small are refused, never overrun. */
static void test_build_refused(void)
{
	uint8_t b[70000];
	struct pkt_probe p;
	int n, good = 1;

	p = probe(0, PKT_ICMP);
	p.dst = A(DST6);
	is_int(pkt_build(&p, b, sizeof(b)), -1, "v4 source, v6 destination");
	p = probe(1, PKT_ICMP);
	is_int(pkt_build(&p, b, sizeof(b)), -1, "ICMPv4 over IPv6");
	p = probe(0, PKT_ICMP6);
	is_int(pkt_build(&p, b, sizeof(b)), -1, "ICMPv6 over IPv4");
	p = probe(1, PKT_ICMP6);
	p.icmp_type = ICMP4_TSTAMP;
	is_int(pkt_build(&p, b, sizeof(b)), -1, "a timestamp over IPv6");
	p = probe(0, 99);
	is_int(pkt_build(&p, b, sizeof(b)), -1, "an unknown protocol");
	p = probe(0, PKT_ICMP);
	p.dst.type = p.src.type = WARTS_ADDR_ETHERNET;
	is_int(pkt_build(&p, b, sizeof(b)), -1, "not an IP address");
	p = probe(1, PKT_UDP);
	p.opt_rr = 1;
	is_int(pkt_build(&p, b, sizeof(b)), -1, "IPv4 options over IPv6");
	p = probe(0, PKT_ICMP);
	p.opt_rr = 1;
	p.opt_ts = 1;
	is_int(pkt_build(&p, b, sizeof(b)), -1,
	       "record route and timestamps together (no room)");
	p = probe(0, PKT_ICMP);
	p.opt_ts = 4;
	is_int(pkt_build(&p, b, sizeof(b)), -1, "timestamp flavour 4");
	p = probe(0, PKT_ICMP);
	p.opt_ts = 3;
	p.ts_addrc = 0;
	is_int(pkt_build(&p, b, sizeof(b)), -1, "prespec with no addresses");
	p.ts_addrc = 5;
	is_int(pkt_build(&p, b, sizeof(b)), -1, "prespec with 5 addresses");

	p = probe(0, PKT_UDP);
	p.size = 65535;
	is_int(pkt_build(&p, b, sizeof(b)), 65535, "IPv4 of 65535 bytes");
	ok(g16(b + 2) == 65535 && g16(b + 24) == 65515 &&
	   pkt_sums_ok(b, 65535), "65535 bytes: lengths and checksums");
	p = probe(1, PKT_UDP);
	p.size = 65535;
	is_int(pkt_build(&p, b, sizeof(b)), 65535, "IPv6 of 65535 bytes");
	{
		static uint8_t big[65535];
		p = probe(0, PKT_UDP);
		p.payload = big;
		p.payload_len = 65535;
		is_int(pkt_build(&p, b, sizeof(b)), -1,
		       "IPv4 over 65535 bytes refused");
		p = probe(1, PKT_UDP);
		p.payload = big;
		p.payload_len = 65535 - 8;
		is_int(pkt_build(&p, b, sizeof(b)), 40 + 65535,
		       "IPv6 payload of 65535 bytes");
		ok(g16(b + 4) == 65535 && g16(b + 44) == 65535 &&
		   pkt_sums_ok(b, 40 + 65535),
		   "IPv6 payload of 65535: lengths and checksum");
		p.payload_len = 65535 - 7;
		is_int(pkt_build(&p, b, sizeof(b)), -1,
		       "IPv6 payload over 65535 bytes refused");
	}

	/* every buffer size short of the packet: -1, and no write past it */
	for (int k = 0; k < 6; k++) {
		static const uint8_t pay[] = { 9, 8, 7 };
		int v6 = k & 1;
		uint8_t protos[3] = { v6 ? PKT_ICMP6 : PKT_ICMP, PKT_UDP,
		                      PKT_TCP };
		int want;
		p = probe(v6, protos[k / 2]);
		p.payload = pay;
		p.payload_len = 3;
		p.tcp_mss = 1400;
		p.want_sum = 0x4242;
		p.opt_rr = !v6 && k / 2 == 0;
		want = build_exact(&p, sizeof(b), b);
		for (int len = 0; len < want; len++)
			if ((n = build_exact(&p, (size_t)len, b)) != -1) {
				good = 0;
				diag("kind %d len %d built %d", k, len, n);
			}
		p.size = (uint16_t)(want + 10);
		for (int len = want; len < want + 10; len++)
			if ((n = build_exact(&p, (size_t)len, b)) != -1) {
				good = 0;
				diag("kind %d len %d padded %d", k, len, n);
			}
	}
	ok(good, "buffers too small for the packet or its padding: -1");

	/* size smaller than the packet: just fit */
	p = probe(0, PKT_TCP);
	p.size = 10;
	is_int(pkt_build(&p, b, sizeof(b)), 40, "size below the headers: fit");
}

/*
 * want_sum: random trials over ICMP, ICMPv6 and UDP (v4 and v6), payloads
 * of random bytes (so the two rewritten bytes start non-zero), wanted
 * values near 0 and 0xffff and in between; the checksum must come out as
 * wanted and still verify.
 */
static void test_want_sum(void)
{
	static const uint16_t edge[] = { 1, 2, 3, 0x7fff, 0x8000, 0xfffd,
	                                 0xfffe, 0xffff };
	int good = 1, trials = 0;
	for (int i = 0; i < 4000; i++) {
		int kind = i % 4, v6 = kind == 1 || kind == 3;
		uint8_t proto = kind < 2 ? (v6 ? PKT_ICMP6 : PKT_ICMP) : PKT_UDP;
		struct pkt_probe p = probe(v6, proto);
		uint8_t pay[64], b[256];
		size_t h = v6 ? 40 : 20, at = proto == PKT_UDP ? 6 : 2;
		uint16_t want = i < 8 * 4 ? edge[i / 4] : (uint16_t)rnd();
		int n;
		if (want == 0)
			want = 1;
		for (size_t j = 0; j < sizeof(pay); j++)
			pay[j] = (uint8_t)rnd();
		p.payload = pay;
		p.payload_len = (uint16_t)(rnd() % 40);
		p.size = rnd() % 3 == 0 ? (uint16_t)(h + 8 + rnd() % 60) : 0;
		p.icmp_seq = (uint16_t)rnd();
		p.sport = (uint16_t)rnd();
		p.want_sum = want;
		n = build_exact(&p, sizeof(b), b);
		trials++;
		if (n < (int)(h + 10) || g16(b + h + at) != want ||
		    !pkt_sums_ok(b, (size_t)n) ||
		    (p.payload_len > 2 &&
		     memcmp(b + h + 10, pay + 2, p.payload_len - 2u) != 0)) {
			if (good)
				diag("proto %u v6 %d want %04x got %04x n %d len %u",
				     proto, v6, want, n > 0 ? g16(b + h + at) : 0,
				     n, p.payload_len);
			good = 0;
		}
	}
	ok(good, "want_sum: %d trials come out as wanted and verify "
	   "(only the first two payload bytes change)", trials);

	/* with a payload shorter than two bytes, two bytes are made */
	for (int len = 0; len <= 1; len++) {
		static const uint8_t one[] = { 0x77 };
		struct pkt_probe p = probe(0, PKT_UDP);
		uint8_t b[64];
		int n;
		p.payload = one;
		p.payload_len = (uint16_t)len;
		p.want_sum = 0x1234;
		n = build_exact(&p, sizeof(b), b);
		ok(n == 30 && g16(b + 26) == 0x1234 && g16(b + 24) == 10 &&
		   pkt_sums_ok(b, 30),
		   "want_sum with %d payload bytes: 2 added, sum as wanted",
		   len);
	}
}

/* RFC 768: a UDP checksum that computes to zero is sent as all ones. */
static void test_udp_zero(void)
{
	for (int v6 = 0; v6 <= 1; v6++) {
		uint8_t pay[2] = { 0, 0 }, b[64];
		struct pkt_probe p = probe(v6, PKT_UDP);
		size_t h = v6 ? 40 : 20;
		uint16_t c0;
		int n;
		p.payload = pay;
		p.payload_len = 2;
		n = build_exact(&p, sizeof(b), b);
		c0 = g16(b + h + 6);
		/* a payload word equal to the checksum makes the data sum to
		 * all ones, the checksum to zero */
		s16(pay, c0);
		n = build_exact(&p, sizeof(b), b);
		ok(n > 0 && g16(b + h + 6) == 0xffff && pkt_sums_ok(b, (size_t)n),
		   "UDPv%d: a computed checksum of 0 goes out as 0xffff",
		   v6 ? 6 : 4);
		seed(v6 ? "probe6-udp-ffff" : "probe4-udp-ffff", b, (size_t)n);
	}
}

/* ---- composing replies --------------------------------------------------- */

/* An IPv4 header in front of a payload of n bytes at b + 20. */
static size_t ip4_wrap(uint8_t *b, size_t n, uint8_t proto, const char *src,
                       const char *dst, uint8_t ttl)
{
	warts_addr s = A(src), d = A(dst);
	memset(b, 0, 20);
	b[0] = 0x45;
	b[1] = 0xc0;
	s16(b + 2, (uint16_t)(20 + n));
	s16(b + 4, 0x4d2);
	b[8] = ttl;
	b[9] = proto;
	memcpy(b + 12, s.bytes, 4);
	memcpy(b + 16, d.bytes, 4);
	s16(b + 10, region_sum(b, 20));
	return 20 + n;
}

/* An RFC 4884 extension structure holding one RFC 4950 MPLS label stack
 * object of n entries (label 16000 + i, TC i, S on the last, TTL 1). */
static size_t mpls_ext(uint8_t *x, int n, int sum)
{
	size_t len = 4 + 4 + 4 * (size_t)n;
	memset(x, 0, len);
	x[0] = 0x20;                         /* version 2 */
	s16(x + 4, (uint16_t)(4 + 4 * n));   /* object length */
	x[6] = 1;                            /* class: MPLS stack */
	x[7] = 1;                            /* c-type: incoming */
	for (int i = 0; i < n; i++)
		s32(x + 8 + 4 * i, (uint32_t)(16000 + i) << 12 |
		    (uint32_t)i << 9 | (i == n - 1 ? 1u << 8 : 0) | 1);
	if (sum)
		s16(x + 2, region_sum(x, len));
	return len;
}

enum { EXT_NONE, EXT_4884, EXT_COMPAT };

/*
 * An ICMPv4 error (RFC 792) from the router to us quoting q (qlen bytes),
 * with extensions x (xlen) laid out per mode: RFC 4884 (quotation padded
 * to 128 bytes, length attribute in 32-bit words in the sixth byte) or
 * the pre-RFC way (padded to 128, no length).
 */
static size_t err4(uint8_t *b, uint8_t type, uint8_t code, uint16_t mtu,
                   const uint8_t *q, size_t qlen, int mode,
                   const uint8_t *x, size_t xlen)
{
	uint8_t *m = b + 20;
	size_t dlen = qlen, n;
	memset(m, 0, 8);
	m[0] = type;
	m[1] = code;
	if (type == ICMP4_UNREACH && code == 4)
		s16(m + 6, mtu);
	memcpy(m + 8, q, qlen);
	if (mode != EXT_NONE) {
		dlen = qlen < 128 ? 128 : (qlen + 3) / 4 * 4;
		memset(m + 8 + qlen, 0, dlen - qlen);
		if (mode == EXT_4884)
			m[5] = (uint8_t)(dlen / 4);
		memcpy(m + 8 + dlen, x, xlen);
	}
	n = 8 + dlen + (mode != EXT_NONE ? xlen : 0);
	s16(m + 2, region_sum(m, n));
	return ip4_wrap(b, n, PKT_ICMP, RTR4, ME4, 250);
}

/* An ICMPv6 error (RFC 4443), as the raw socket gives it: no IPv6
 * header; checksum with the pseudo-header from the router to us. */
static size_t err6(uint8_t *m, uint8_t type, uint8_t code, uint32_t word,
                   const uint8_t *q, size_t qlen, int mode,
                   const uint8_t *x, size_t xlen)
{
	warts_addr s = A(RTR6), d = A(ME6);
	size_t dlen = qlen, n;
	uint8_t *ph;
	memset(m, 0, 8);
	m[0] = type;
	m[1] = code;
	s32(m + 4, word);
	memcpy(m + 8, q, qlen);
	if (mode != EXT_NONE) {
		dlen = qlen < 128 ? 128 : (qlen + 7) / 8 * 8;
		memset(m + 8 + qlen, 0, dlen - qlen);
		if (mode == EXT_4884)
			m[4] = (uint8_t)(dlen / 8);
		memcpy(m + 8 + dlen, x, xlen);
	}
	n = 8 + dlen + (mode != EXT_NONE ? xlen : 0);
	ph = calloc(1, 40 + n);
	memcpy(ph, s.bytes, 16);
	memcpy(ph + 16, d.bytes, 16);
	s32(ph + 32, (uint32_t)n);
	ph[39] = PKT_ICMP6;
	memcpy(ph + 40, m, n);
	s16(m + 2, region_sum(ph, 40 + n));
	free(ph);
	return n;
}

/* ---- parsing: direct replies -------------------------------------------- */

static void test_parse_direct(void)
{
	uint8_t b[512];
	struct pkt_rx rx;
	const char *why;
	int n;

	/* echo replies: built as the destination would send them */
	for (int v6 = 0; v6 <= 1; v6++) {
		struct pkt_probe p = probe(v6, v6 ? PKT_ICMP6 : PKT_ICMP);
		const char *w = v6 ? "ICMPv6 echo reply" : "ICMP echo reply";
		p.src = A(v6 ? DST6 : DST4);
		p.dst = A(v6 ? ME6 : ME4);
		p.icmp_type = v6 ? ICMP6_ECHOREPLY : ICMP4_ECHOREPLY;
		p.ttl = 57;
		p.tos = 0x10;
		p.size = 84;
		n = build_exact(&p, sizeof(b), b);
		if (v6) {
			is_int(parse6_exact(b + 40, (size_t)n - 40, PKT_ICMP6, &rx,
			                    &why), 0, "%s parses", w);
			ok(rx.af == 6 && addr_is(&rx.src, RTR6) &&
			   addr_is(&rx.dst, ME6) && rx.ttl == 61 && rx.tos == 0x28
			   && rx.size == 84,
			   "%s: addresses, hop limit, class from the caller", w);
			seed("reply6-echo", b + 40, (size_t)n - 40);
		} else {
			is_int(parse4_exact(b, (size_t)n, &rx, &why), 0,
			       "%s parses", w);
			ok(rx.af == 4 && addr_is(&rx.src, DST4) &&
			   addr_is(&rx.dst, ME4) && rx.ttl == 57 &&
			   rx.tos == 0x10 && rx.ipid == 0xabcd && rx.size == 84,
			   "%s: addresses, TTL, ToS, IP-ID, size", w);
			seed("reply4-echo", b, (size_t)n);
		}
		ok(rx.proto == p.proto && rx.icmp_type == p.icmp_type &&
		   rx.icmp_code == 0 && rx.icmp_id == 0x1234 &&
		   rx.icmp_seq == 0x0102 && !rx.has_quote,
		   "%s: type, id, seq; no quotation", w);
		pkt_rx_clear(&rx);
	}

	/* timestamp reply (RFC 792): originate, receive, transmit */
	{
		uint8_t *m = b + 20;
		memset(m, 0, 20);
		m[0] = ICMP4_TSTAMPREPLY;
		s16(m + 4, 0x77);
		s16(m + 6, 3);
		s32(m + 8, 1000);
		s32(m + 12, 1005);
		s32(m + 16, 1006);
		s16(m + 2, region_sum(m, 20));
		n = (int)ip4_wrap(b, 20, PKT_ICMP, DST4, ME4, 60);
		is_int(parse4_exact(b, (size_t)n, &rx, &why), 0,
		       "timestamp reply parses");
		ok(rx.icmp_type == 14 && rx.icmp_id == 0x77 && rx.icmp_seq == 3 &&
		   rx.icmp_ts[0] == 1000 && rx.icmp_ts[1] == 1005 &&
		   rx.icmp_ts[2] == 1006, "timestamp reply: id, seq, o/r/t");
		seed("reply4-tstamp", b, (size_t)n);
		is_int(parse4_exact(b, 39, &rx, &why), -1,
		       "timestamp reply one byte short: rejected");
		n = (int)ip4_wrap(b, 19, PKT_ICMP, DST4, ME4, 60);
		is_int(parse4_exact(b, (size_t)n, &rx, &why), -1,
		       "timestamp reply of 19 bytes: rejected");
		ok(why != NULL, "... with a reason: %s", why ? why : "none");
	}

	/* TCP and UDP replies: the builders' packets read back */
	for (int v6 = 0; v6 <= 1; v6++) {
		static const uint8_t flags[] = { TH_SYN | TH_ACK, TH_RST | TH_ACK,
		                                 TH_RST };
		for (int f = 0; f < 3; f++) {
			struct pkt_probe p = probe(v6, PKT_TCP);
			p.src = A(v6 ? DST6 : DST4);
			p.dst = A(v6 ? ME6 : ME4);
			p.sport = 80;
			p.dport = 40001;
			p.tcp_flags = flags[f];
			p.tcp_mss = f == 0 ? 1460 : 0;
			n = build_exact(&p, sizeof(b), b);
			if (v6)
				is_int(parse6_exact(b + 40, (size_t)n - 40, PKT_TCP,
				                    &rx, &why), 0, "TCPv6 parses");
			else
				is_int(parse4_exact(b, (size_t)n, &rx, &why), 0,
				       "TCPv4 parses");
			ok(rx.proto == PKT_TCP && rx.sport == 80 &&
			   rx.dport == 40001 && rx.tcp_seq == 0xdeadbeef &&
			   rx.tcp_ack == 0x01020304 && rx.tcp_flags == flags[f],
			   "TCPv%d flags %02x: ports, seq, ack, flags read back",
			   v6 ? 6 : 4, flags[f]);
			if (f == 0)
				seed(v6 ? "reply6-synack" : "reply4-synack",
				     b + (v6 ? 40 : 0), (size_t)n - (v6 ? 40 : 0));
		}
		{
			struct pkt_probe p = probe(v6, PKT_UDP);
			p.src = A(v6 ? DST6 : DST4);
			p.dst = A(v6 ? ME6 : ME4);
			p.sport = 53;
			p.dport = 40001;
			n = build_exact(&p, sizeof(b), b);
			if (v6)
				is_int(parse6_exact(b + 40, (size_t)n - 40, PKT_UDP,
				                    &rx, &why), 0, "UDPv6 parses");
			else
				is_int(parse4_exact(b, (size_t)n, &rx, &why), 0,
				       "UDPv4 parses");
			ok(rx.proto == PKT_UDP && rx.sport == 53 &&
			   rx.dport == 40001, "UDPv%d: ports read back",
			   v6 ? 6 : 4);
			seed(v6 ? "reply6-udp" : "reply4-udp", b + (v6 ? 40 : 0),
			     (size_t)n - (v6 ? 40 : 0));
		}
	}

	/* the probes themselves are not replies */
	{
		struct pkt_probe p = probe(0, PKT_ICMP);
		n = build_exact(&p, sizeof(b), b);
		is_int(parse4_exact(b, (size_t)n, &rx, &why), -1,
		       "an echo request is not a reply");
		ok(why != NULL, "... with a reason: %s", why ? why : "none");
		p = probe(1, PKT_ICMP6);
		n = build_exact(&p, sizeof(b), b);
		is_int(parse6_exact(b + 40, (size_t)n - 40, PKT_ICMP6, &rx,
		                    &why), -1, "an ICMPv6 echo request is not a reply");
	}
}

/* Record route and timestamps filled in as routers along the way would. */
static void test_parse_options(void)
{
	static const char *const hops[] = {
		"203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4",
		"203.0.113.5", "203.0.113.6", "203.0.113.7", "203.0.113.8",
		"203.0.113.9", "203.0.113.10"
	};
	uint8_t b[256];
	struct pkt_rx rx;
	const char *why;
	int n;

	for (int k = 0; k <= 9; k++) {
		struct pkt_probe p = probe(0, PKT_ICMP);
		int good = 1;
		p.src = A(DST4);
		p.dst = A(ME4);
		p.icmp_type = ICMP4_ECHOREPLY;
		p.opt_rr = 1;
		n = build_exact(&p, sizeof(b), b);
		for (int i = 0; i < k; i++) {
			warts_addr h = A(hops[i]);
			memcpy(b + 20 + b[22] - 1, h.bytes, 4);
			b[22] += 4;
		}
		s16(b + 10, 0);
		s16(b + 10, region_sum(b, 60));
		is_int(parse4_exact(b, (size_t)n, &rx, &why), 0,
		       "echo reply with %d recorded: parses", k);
		is_int(rx.rr_count, k, "record route: %d addresses", k);
		for (int i = 0; i < k && i < rx.rr_count; i++)
			good &= addr_is(&rx.rr[i], hops[i]);
		ok(good, "record route: the addresses in order");
		if (k == 9)
			seed("reply4-rr-full", b, (size_t)n);
		if (k == 3)
			seed("reply4-rr-3", b, (size_t)n);
	}

	for (int flav = 1; flav <= 3; flav++) {
		struct pkt_probe p = probe(0, PKT_ICMP);
		int step = flav == 1 ? 4 : 8, slots, k, good = 1;
		p.src = A(DST4);
		p.dst = A(ME4);
		p.icmp_type = ICMP4_ECHOREPLY;
		p.opt_ts = flav;
		if (flav == 3) {
			p.ts_addrc = 3;
			for (int i = 0; i < 3; i++)
				p.ts_addrs[i] = A(hops[i]);
		}
		n = build_exact(&p, sizeof(b), b);
		slots = (b[21] - 4) / step;
		k = slots - 1;   /* all but one stamped */
		for (int i = 0; i < k; i++) {
			uint8_t *at = b + 20 + b[22] - 1;
			if (flav == 2) {
				warts_addr h = A(hops[i]);
				memcpy(at, h.bytes, 4);
			}
			s32(at + (flav == 1 ? 0 : 4), 5000000u + (uint32_t)i);
			b[22] = (uint8_t)(b[22] + step);
		}
		s16(b + 10, 0);
		s16(b + 10, region_sum(b, (size_t)(b[0] & 15) * 4));
		is_int(parse4_exact(b, (size_t)n, &rx, &why), 0,
		       "timestamp flavour %d: parses", flav);
		is_int(rx.ts_count, k, "timestamp flavour %d: %d stamps", flav, k);
		is_int(rx.ts_addrc, flav == 1 ? 0 : k,
		       "timestamp flavour %d: %d addresses", flav,
		       flav == 1 ? 0 : k);
		for (int i = 0; i < k && i < rx.ts_count; i++) {
			good &= rx.ts[i] == 5000000u + (uint32_t)i;
			if (flav != 1)
				good &= addr_is(&rx.ts_addr[i], hops[i]);
		}
		ok(good, "timestamp flavour %d: stamps and addresses in order",
		   flav);
		{
			char name[32];
			snprintf(name, sizeof(name), "reply4-ts%d", flav);
			seed(name, b, (size_t)n);
		}
	}

	/* option lengths that lie: the parser keeps inside the option and
	 * the header, and the packet still parses */
	{
		struct pkt_probe p = probe(0, PKT_ICMP);
		static const struct { uint8_t at, v; const char *what; } lie[] = {
			{ 21, 200, "record route longer than the header" },
			{ 21, 1, "record route length 1" },
			{ 21, 0, "record route length 0" },
			{ 22, 255, "record route pointer past the option" },
			{ 22, 0, "record route pointer 0" },
		};
		p.src = A(DST4);
		p.dst = A(ME4);
		p.icmp_type = ICMP4_ECHOREPLY;
		p.opt_rr = 1;
		for (size_t i = 0; i < sizeof(lie) / sizeof(lie[0]); i++) {
			n = build_exact(&p, sizeof(b), b);
			b[lie[i].at] = lie[i].v;
			ok(parse4_exact(b, (size_t)n, &rx, &why) == 0 &&
			   rx.rr_count <= 9, "%s: parsed, %u addresses",
			   lie[i].what, rx.rr_count);
		}
		p.opt_rr = 0;
		p.opt_ts = 1;
		n = build_exact(&p, sizeof(b), b);
		b[22] = 255;
		ok(parse4_exact(b, (size_t)n, &rx, &why) == 0 && rx.ts_count <= 9,
		   "timestamp pointer past the option: %u stamps", rx.ts_count);
		n = build_exact(&p, sizeof(b), b);
		b[23] = 2;   /* no such flag */
		b[22] = 13;
		ok(parse4_exact(b, (size_t)n, &rx, &why) == 0 &&
		   rx.ts_count == 0, "timestamp flag 2 (undefined): ignored");
	}
}

/* ---- parsing: ICMP errors ------------------------------------------------ */

/* The probes routers quote, of each protocol, with a payload. */
static int mk_probe(int v6, int kind, uint8_t *b)
{
	static const uint8_t pay[24] = "a probe's payload bytes";
	uint8_t protos[3] = { v6 ? PKT_ICMP6 : PKT_ICMP, PKT_UDP, PKT_TCP };
	struct pkt_probe p = probe(v6, protos[kind]);
	p.payload = pay;
	p.payload_len = sizeof(pay);
	p.tos = 0x04;
	p.flow = 0x54321;
	p.ttl = 3;
	p.want_sum = kind == 1 ? 0x5a5a : 0;
	return build_exact(&p, 512, b);
}

/* What a router quotes of a probe, as parsed. */
static void check_quote(const struct pkt_rx *rx, int v6, int kind,
                        size_t tlen_min, const char *w)
{
	const struct pkt_quote *q = &rx->q;
	ok(rx->has_quote, "%s: has a quotation", w);
	ok(addr_is(&q->src, v6 ? ME6 : ME4) && addr_is(&q->dst, v6 ? DST6 : DST4),
	   "%s: quoted addresses", w);
	ok(q->ttl == 3 && q->tos == 0x04, "%s: quoted TTL and ToS", w);
	if (v6)
		is_int(q->flow, 0x54321, "%s: quoted flow label", w);
	else
		is_int(q->ipid, 0xabcd, "%s: quoted IP-ID", w);
	ok(q->tlen >= tlen_min, "%s: %u transport bytes (want >= %zu)", w,
	   q->tlen, tlen_min);
	switch (kind) {
	case 0:
		ok(q->proto == (v6 ? PKT_ICMP6 : PKT_ICMP) &&
		   q->icmp_type == (v6 ? ICMP6_ECHO : ICMP4_ECHO) &&
		   q->icmp_id == 0x1234 && q->icmp_seq == 0x0102,
		   "%s: quoted echo type, id, seq", w);
		break;
	case 1:
		ok(q->proto == PKT_UDP && q->sport == 40001 &&
		   q->dport == 33435 && q->udp_sum == 0x5a5a,
		   "%s: quoted UDP ports and checksum", w);
		break;
	default:
		ok(q->proto == PKT_TCP && q->sport == 40001 &&
		   q->dport == 33435 && q->tcp_seq == 0xdeadbeef,
		   "%s: quoted TCP ports and sequence", w);
		break;
	}
}

/* The MPLS stack of mpls_ext(n) read back through libwarts. */
static int mpls_ok(const struct pkt_rx *rx, int n)
{
	const warts_icmpext *e;
	if (rx->ext.count != 1)
		return 0;
	e = &rx->ext.ext[0];
	if (!warts_icmpext_is_mpls(e) || warts_icmpext_mpls_count(e) != (unsigned)n)
		return 0;
	for (int i = 0; i < n; i++) {
		warts_mpls_lse l;
		if (warts_icmpext_mpls(e, (unsigned)i, &l) != 0 ||
		    l.label != (uint32_t)(16000 + i) || l.exp != i ||
		    l.s != (i == n - 1) || l.ttl != 1)
			return 0;
	}
	return 1;
}

static void test_errors4(void)
{
	static const struct {
		uint8_t type, code;
		const char *what;
	} kinds[] = {
		{ ICMP4_TIMXCEED, 0, "time exceeded" },
		{ ICMP4_UNREACH, 3, "port unreachable" },
		{ ICMP4_UNREACH, 4, "fragmentation needed" },
		{ ICMP4_UNREACH, 13, "administratively prohibited" },
		{ ICMP4_PARAMPROB, 0, "parameter problem" },
	};
	uint8_t pr[512], b[1024], x[64];
	struct pkt_rx rx;
	const char *why;
	char w[128];

	for (size_t t = 0; t < sizeof(kinds) / sizeof(kinds[0]); t++)
		for (int kind = 0; kind < 3; kind++)
			for (int q8 = 0; q8 <= 1; q8++)
				for (int mode = EXT_NONE; mode <= EXT_COMPAT; mode++) {
					int pl = mk_probe(0, kind, pr);
					size_t qlen = q8 ? 28 : (size_t)pl, xl, n;
					static const char *const pn[] = { "ICMP", "UDP",
					                                  "TCP" };
					static const char *const mn[] = { "",
						", RFC 4884 MPLS", ", pre-4884 MPLS" };
					xl = mpls_ext(x, 1 + kind, 1);
					n = err4(b, kinds[t].type, kinds[t].code, 1400, pr,
					         qlen, mode, x, xl);
					snprintf(w, sizeof(w), "v4 %s quoting %s%s%s",
					         kinds[t].what, pn[kind],
					         q8 ? " (8 bytes)" : "", mn[mode]);
					if (parse4_exact(b, n, &rx, &why) != 0) {
						ok(0, "%s: parses (%s)", w, why);
						continue;
					}
					ok(rx.proto == PKT_ICMP &&
					   rx.icmp_type == kinds[t].type &&
					   rx.icmp_code == kinds[t].code &&
					   addr_is(&rx.src, RTR4) && rx.ttl == 250,
					   "%s: type, code, router, TTL", w);
					check_quote(&rx, 0, kind, 8, w);
					is_int(rx.q.len, pl, "%s: quoted total length", w);
					if (q8 && mode == EXT_NONE)
						is_int(rx.q.tlen, 8, "%s: exactly 8 bytes", w);
					if (mode == EXT_NONE)
						is_int(rx.ext.count, 0, "%s: no extensions", w);
					else
						ok(mpls_ok(&rx, 1 + kind),
						   "%s: %d MPLS entries read back", w, 1 + kind);
					if (mode != EXT_NONE)
						ok(rx.q.tlen <= 128 - 20,
						   "%s: quotation ends at the extensions", w);
					if (kinds[t].code == 4 && kinds[t].type == 3)
						is_int(rx.icmp_nhmtu, 1400,
						       "%s: next-hop MTU (RFC 1191)", w);
					else
						is_int(rx.icmp_nhmtu, 0, "%s: no MTU", w);
					pkt_rx_clear(&rx);
					snprintf(w, sizeof(w), "err4-%u-%u-%s%s%s",
					         kinds[t].type, kinds[t].code, pn[kind],
					         q8 ? "-q8" : "",
					         mode == EXT_4884 ? "-mpls" :
					         mode == EXT_COMPAT ? "-mpls-compat" : "");
					seed(w, b, n);
				}

	/* extensions that do not verify are not extensions; the reply
	 * stands */
	{
		int pl = mk_probe(0, 1, pr);
		size_t xl = mpls_ext(x, 2, 1), n;
		x[9] ^= 0x10;   /* corrupt a label after the checksum */
		for (int mode = EXT_4884; mode <= EXT_COMPAT; mode++) {
			n = err4(b, ICMP4_TIMXCEED, 0, 0, pr, (size_t)pl, mode, x, xl);
			ok(parse4_exact(b, n, &rx, &why) == 0 && rx.has_quote &&
			   rx.ext.count == 0,
			   "%s extension with a bad checksum: ignored",
			   mode == EXT_4884 ? "RFC 4884" : "pre-4884");
		}
		xl = mpls_ext(x, 2, 0);   /* checksum zero: none sent */
		n = err4(b, ICMP4_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_4884, x, xl);
		ok(parse4_exact(b, n, &rx, &why) == 0 && mpls_ok(&rx, 2),
		   "extension with checksum 0: accepted");
		pkt_rx_clear(&rx);
		xl = mpls_ext(x, 2, 1);
		x[0] = 0x10;   /* version 1 */
		s16(x + 2, 0);
		s16(x + 2, region_sum(x, xl));
		n = err4(b, ICMP4_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_4884, x, xl);
		ok(parse4_exact(b, n, &rx, &why) == 0 && rx.ext.count == 0,
		   "extension version 1: ignored");
		/* RFC 4884 length under 128: no extensions there */
		xl = mpls_ext(x, 2, 1);
		n = err4(b, ICMP4_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_4884, x, xl);
		b[25] = 10;
		ok(parse4_exact(b, n, &rx, &why) == 0 && rx.ext.count == 0 &&
		   rx.has_quote, "length attribute under 128 bytes: no extensions");
		/* an object whose length runs off the end, or is under 4 */
		xl = mpls_ext(x, 2, 0);
		s16(x + 4, 200);
		n = err4(b, ICMP4_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_4884, x, xl);
		ok(parse4_exact(b, n, &rx, &why) == 0 && rx.ext.count == 0,
		   "object longer than the message: ignored");
		s16(x + 4, 3);
		n = err4(b, ICMP4_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_4884, x, xl);
		ok(parse4_exact(b, n, &rx, &why) == 0 && rx.ext.count == 0,
		   "object length 3: ignored");
		/* several objects, one empty */
		{
			uint8_t y[64];
			size_t yl = 4;
			memset(y, 0, sizeof(y));
			y[0] = 0x20;
			s16(y + yl, 4);  y[yl + 2] = 9;  yl += 4;   /* empty */
			s16(y + yl, 12); y[yl + 2] = 1;  y[yl + 3] = 1;
			s32(y + yl + 4, 100u << 12 | 1);
			s32(y + yl + 8, 200u << 12 | 1u << 8 | 2);
			yl += 12;
			s16(y + yl, 8);  y[yl + 2] = 2;  y[yl + 3] = 1;
			memcpy(y + yl + 4, "\xc0\x00\x02\x01", 4);
			yl += 8;
			s16(y + 2, region_sum(y, yl));
			n = err4(b, ICMP4_UNREACH, 3, 0, pr, (size_t)pl, EXT_4884, y,
			         yl);
			ok(parse4_exact(b, n, &rx, &why) == 0 && rx.ext.count == 3 &&
			   rx.ext.ext[0].class_num == 9 && rx.ext.ext[0].len == 0 &&
			   rx.ext.ext[1].len == 8 &&
			   warts_icmpext_mpls_count(&rx.ext.ext[1]) == 2 &&
			   rx.ext.ext[2].class_num == 2 && rx.ext.ext[2].len == 4 &&
			   memcmp(rx.ext.ext[2].data, "\xc0\x00\x02\x01", 4) == 0,
			   "three objects (empty, MPLS, interface) read back");
			seed("err4-3-3-UDP-3objs", b, n);
			pkt_rx_clear(&rx);
		}
	}

	/* a probe sent with IP options, quoted */
	{
		struct pkt_probe p = probe(0, PKT_UDP);
		int pl;
		size_t n;
		p.opt_rr = 1;
		p.want_sum = 0x1111;
		pl = build_exact(&p, sizeof(pr), pr);
		n = err4(b, ICMP4_TIMXCEED, 0, 0, pr, 60 + 8, EXT_NONE, NULL, 0);
		ok(parse4_exact(b, n, &rx, &why) == 0 && rx.q.proto == PKT_UDP &&
		   rx.q.sport == 40001 && rx.q.udp_sum == 0x1111 &&
		   rx.q.tlen == 8 && rx.q.len == pl,
		   "quoted probe with record route: transport after the options");
		seed("err4-11-0-UDP-rr", b, n);
	}
	/* quoted non-first fragment: no transport header to read */
	{
		size_t n;
		mk_probe(0, 1, pr);
		s16(pr + 6, 0x2000 | 185);
		n = err4(b, ICMP4_TIMXCEED, 1, 0, pr, 28, EXT_NONE, NULL, 0);
		ok(parse4_exact(b, n, &rx, &why) == 0 && rx.has_quote &&
		   rx.q.tlen == 0 && rx.q.sport == 0,
		   "quoted later fragment: no transport fields taken");
	}
}

/* Insert IPv6 extension headers (hop-by-hop, destination options, a
 * fragment header with offset off) between a built probe's header and
 * its transport, fixing the next-header chain and payload length. */
static int add_ext6(uint8_t *b, int n, uint16_t off)
{
	uint8_t eh[24];
	uint8_t proto = b[6];
	memset(eh, 0, sizeof(eh));
	eh[0] = 60;              /* hop-by-hop, then destination options */
	eh[1] = 0;
	eh[2] = 1;               /* PadN of 4: 2 + 4 = 6 bytes of padding */
	eh[3] = 4;
	eh[8] = 44;              /* destination options, then fragment */
	eh[10] = 1;
	eh[11] = 4;
	eh[16] = proto;          /* fragment header */
	s16(eh + 18, (uint16_t)(off << 3 | (off == 0 ? 1 : 0)));
	s32(eh + 20, 0xcafe);
	memmove(b + 64, b + 40, (size_t)n - 40);
	memcpy(b + 40, eh, 24);
	b[6] = 0;
	s16(b + 4, (uint16_t)(g16(b + 4) + 24));
	return n + 24;
}

static void test_errors6(void)
{
	static const struct {
		uint8_t type, code;
		uint32_t word;
		int exts;
		const char *what;
	} kinds[] = {
		{ ICMP6_TIMXCEED, 0, 0, 1, "time exceeded" },
		{ ICMP6_UNREACH, 4, 0, 1, "port unreachable" },
		{ ICMP6_UNREACH, 1, 0, 1, "administratively prohibited" },
		{ ICMP6_PTB, 0, 1280, 0, "packet too big" },
		{ ICMP6_PARAMPROB, 1, 40, 0, "parameter problem" },
	};
	uint8_t pr[512], b[1024], x[64];
	struct pkt_rx rx;
	const char *why;
	char w[128];

	for (size_t t = 0; t < sizeof(kinds) / sizeof(kinds[0]); t++)
		for (int kind = 0; kind < 3; kind++)
			for (int q8 = 0; q8 <= 1; q8++)
				for (int eh = 0; eh <= 1; eh++)
					for (int mode = EXT_NONE;
					     mode <= (kinds[t].exts ? EXT_COMPAT : EXT_NONE);
					     mode++) {
						static const char *const pn[] = { "ICMPv6",
							"UDP", "TCP" };
						int pl = mk_probe(1, kind, pr);
						size_t qlen, xl, n;
						if (eh)
							pl = add_ext6(pr, pl, 0);
						qlen = q8 ? 40 + (eh ? 24 : 0) + 8 : (size_t)pl;
						xl = mpls_ext(x, 3, 1);
						n = err6(b, kinds[t].type, kinds[t].code,
						         kinds[t].word, pr, qlen, mode, x, xl);
						snprintf(w, sizeof(w), "v6 %s quoting %s%s%s%s",
						         kinds[t].what, pn[kind],
						         eh ? " after extension headers" : "",
						         q8 ? " (8 bytes)" : "",
						         mode == EXT_4884 ? ", RFC 4884 MPLS" :
						         mode == EXT_COMPAT ? ", pre-4884 MPLS" :
						         "");
						if (parse6_exact(b, n, PKT_ICMP6, &rx, &why) != 0) {
							ok(0, "%s: parses (%s)", w, why);
							continue;
						}
						ok(rx.icmp_type == kinds[t].type &&
						   rx.icmp_code == kinds[t].code,
						   "%s: type and code", w);
						check_quote(&rx, 1, kind, 8, w);
						is_int(rx.q.len, pl, "%s: quoted length", w);
						if (q8 && mode == EXT_NONE)
							is_int(rx.q.tlen, 8, "%s: exactly 8", w);
						if (mode == EXT_NONE)
							is_int(rx.ext.count, 0, "%s: no extensions",
							       w);
						else
							ok(mpls_ok(&rx, 3), "%s: MPLS read back", w);
						is_int(rx.icmp_nhmtu,
						       kinds[t].type == ICMP6_PTB ? 1280 : 0,
						       "%s: MTU", w);
						pkt_rx_clear(&rx);
						snprintf(w, sizeof(w), "err6-%u-%u-%s%s%s%s",
						         kinds[t].type, kinds[t].code, pn[kind],
						         eh ? "-eh" : "", q8 ? "-q8" : "",
						         mode == EXT_4884 ? "-mpls" :
						         mode == EXT_COMPAT ? "-mpls-compat" : "");
						seed(w, b, n);
					}

	/* packet too big whose MTU field is over 16 bits: clamped */
	{
		int pl = mk_probe(1, 1, pr);
		size_t n = err6(b, ICMP6_PTB, 0, 0x10000 + 1500, pr, (size_t)pl,
		                EXT_NONE, NULL, 0);
		ok(parse6_exact(b, n, PKT_ICMP6, &rx, &why) == 0 &&
		   rx.icmp_nhmtu == 0xffff, "PTB MTU over 65535 reads 65535");
		n = err6(b, ICMP6_PTB, 0, 9000, pr, (size_t)pl, EXT_NONE, NULL, 0);
		ok(parse6_exact(b, n, PKT_ICMP6, &rx, &why) == 0 &&
		   rx.icmp_nhmtu == 9000, "PTB MTU 9000");
		/* RFC 4884 does not extend packet too big or parameter
		 * problem: a valid-looking structure at 128 is quotation */
		{
			size_t xl = mpls_ext(x, 2, 1);
			n = err6(b, ICMP6_PTB, 0, 1280, pr, (size_t)pl, EXT_COMPAT,
			         x, xl);
			ok(parse6_exact(b, n, PKT_ICMP6, &rx, &why) == 0 &&
			   rx.ext.count == 0 && rx.q.tlen == 128 - 40 + xl &&
			   rx.icmp_nhmtu == 1280,
			   "PTB: bytes after 128 stay quotation, not extensions");
			n = err6(b, ICMP6_PARAMPROB, 0, 6, pr, (size_t)pl, EXT_COMPAT,
			         x, xl);
			ok(parse6_exact(b, n, PKT_ICMP6, &rx, &why) == 0 &&
			   rx.ext.count == 0,
			   "parameter problem: no extensions either");
			pkt_rx_clear(&rx);
		}
	}
	/* the extension header chain: a later fragment, a chain the
	 * quotation cuts short */
	{
		int pl = mk_probe(1, 1, pr);
		size_t n;
		pl = add_ext6(pr, pl, 100);
		n = err6(b, ICMP6_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_NONE, NULL, 0);
		ok(parse6_exact(b, n, PKT_ICMP6, &rx, &why) == 0 &&
		   rx.q.proto == PKT_UDP && rx.q.tlen == 0 && rx.q.sport == 0,
		   "quoted later fragment: UDP, but no transport fields");
		seed("err6-3-0-UDP-frag100", b, n);
		pl = mk_probe(1, 1, pr);
		pl = add_ext6(pr, pl, 0);
		n = err6(b, ICMP6_TIMXCEED, 0, 0, pr, 40 + 12, EXT_NONE, NULL, 0);
		ok(parse6_exact(b, n, PKT_ICMP6, &rx, &why) == 0 && rx.has_quote &&
		   rx.q.tlen == 0 && rx.q.sport == 0 && rx.q.proto == 44,
		   "quotation ending inside the extension headers: no transport, "
		   "proto the header it stopped at (%u)", rx.q.proto);
		/* routing header (43) of 24 bytes */
		pl = mk_probe(1, 2, pr);
		memmove(pr + 64, pr + 40, (size_t)pl - 40);
		memset(pr + 40, 0, 24);
		pr[40] = pr[6];
		pr[41] = 2;
		pr[42] = 4;   /* routing type */
		pr[6] = 43;
		s16(pr + 4, (uint16_t)(g16(pr + 4) + 24));
		pl += 24;
		n = err6(b, ICMP6_TIMXCEED, 0, 0, pr, 64 + 8, EXT_NONE, NULL, 0);
		ok(parse6_exact(b, n, PKT_ICMP6, &rx, &why) == 0 &&
		   rx.q.proto == PKT_TCP && rx.q.sport == 40001 &&
		   rx.q.tcp_seq == 0xdeadbeef && rx.q.tlen == 8,
		   "routing header skipped to the quoted TCP");
		seed("err6-3-0-TCP-rh", b, n);
	}
}

/* ---- truncation and malformation ----------------------------------------- */

/*
 * Every prefix of a valid IPv4 reply is shorter than its total length
 * says: each must be rejected with a reason.  (Parsed from buffers of
 * exactly that size: the sanitizers catch any read past the end.)
 */
static int truncations4(const uint8_t *b, size_t n)
{
	struct pkt_rx rx;
	const char *why;
	int good = 1;
	for (size_t len = 0; len < n; len++) {
		int rc = parse4_exact(b, len, &rx, &why);
		if (rc != -1 || why == NULL) {
			if (good)
				diag("prefix %zu of %zu: rc %d", len, n, rc);
			good = 0;
		}
		pkt_rx_clear(&rx);
	}
	return good;
}

/*
 * The same packet with its IPv4 total length made to agree with the cut:
 * a short header of any kind is rejected with a reason; a quotation cut
 * inside the transport header parses, with tlen what is left.
 */
static int shortened4(const uint8_t *b0, size_t n, size_t need, size_t qat)
{
	uint8_t b[1024];
	struct pkt_rx rx;
	const char *why;
	int good = 1;
	for (size_t len = 20; len < n; len++) {
		int rc;
		memcpy(b, b0, len);
		s16(b + 2, (uint16_t)len);
		s16(b + 10, 0);
		s16(b + 10, region_sum(b, 20));
		rc = parse4_exact(b, len, &rx, &why);
		if (len < need ? (rc != -1 || why == NULL) :
		    (rc != 0 || (qat != 0 && rx.q.tlen != (len > qat ? len - qat : 0)))) {
			if (good)
				diag("cut to %zu of %zu (need %zu): rc %d tlen %u",
				     len, n, need, rc, rx.q.tlen);
			good = 0;
		}
		pkt_rx_clear(&rx);
	}
	return good;
}

static int truncations6(const uint8_t *b, size_t n, uint8_t proto,
                        size_t need, size_t qat)
{
	struct pkt_rx rx;
	const char *why;
	int good = 1;
	for (size_t len = 0; len < n; len++) {
		int rc = parse6_exact(b, len, proto, &rx, &why);
		if (len < need ? (rc != -1 || why == NULL) :
		    (rc != 0 || (qat != 0 && rx.q.tlen != (len > qat ? len - qat : 0)))) {
			if (good)
				diag("v6 cut to %zu of %zu (need %zu): rc %d", len, n,
				     need, rc);
			good = 0;
		}
		pkt_rx_clear(&rx);
	}
	return good;
}

static void test_truncated(void)
{
	uint8_t pr[512], b[1024], x[64];
	size_t n, xl;
	int pl;

	for (int kind = 0; kind < 3; kind++) {
		pl = mk_probe(0, kind, pr);
		n = err4(b, ICMP4_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_NONE, NULL, 0);
		ok(truncations4(b, n), "v4 error quoting kind %d: every prefix "
		   "rejected", kind);
		/* need: outer 20 + ICMP 8 + quoted header 20 */
		ok(shortened4(b, n, 48, 48), "v4 error quoting kind %d: cut "
		   "short, consistent lengths", kind);
		xl = mpls_ext(x, 2, 1);
		n = err4(b, ICMP4_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_4884, x, xl);
		ok(truncations4(b, n), "v4 error with MPLS: every prefix rejected");
		ok(shortened4(b, n, 48, 0), "v4 error with MPLS: cut short");
	}
	{
		struct pkt_probe p = probe(0, PKT_TCP);
		p.src = A(DST4);
		p.dst = A(ME4);
		p.tcp_mss = 1460;
		n = (size_t)build_exact(&p, sizeof(b), b);
		ok(truncations4(b, n), "TCP reply: every prefix rejected");
		ok(shortened4(b, n, n, 0), "TCP reply: every cut rejected");
		p = probe(0, PKT_UDP);
		p.src = A(DST4);
		p.dst = A(ME4);
		n = (size_t)build_exact(&p, sizeof(b), b);
		ok(truncations4(b, n), "UDP reply: every prefix rejected");
		ok(shortened4(b, n, n, 0), "UDP reply: every cut rejected");
		p = probe(0, PKT_ICMP);
		p.src = A(DST4);
		p.dst = A(ME4);
		p.icmp_type = ICMP4_ECHOREPLY;
		p.opt_rr = 1;
		n = (size_t)build_exact(&p, sizeof(b), b);
		ok(truncations4(b, n), "echo reply with RR: every prefix rejected");
		ok(shortened4(b, n, 68, 0), "echo reply with RR: cuts into the "
		   "header or ICMP rejected");
	}
	for (int kind = 0; kind < 3; kind++) {
		pl = mk_probe(1, kind, pr);
		n = err6(b, ICMP6_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_NONE, NULL, 0);
		ok(truncations6(b, n, PKT_ICMP6, 48, 48),
		   "v6 error quoting kind %d: cuts in headers rejected, in "
		   "transport parsed", kind);
		xl = mpls_ext(x, 2, 1);
		n = err6(b, ICMP6_UNREACH, 4, 0, pr, (size_t)pl, EXT_4884, x, xl);
		ok(truncations6(b, n, PKT_ICMP6, 48, 0),
		   "v6 error with MPLS: every cut handled");
	}
	{
		struct pkt_probe p = probe(1, PKT_TCP);
		int m;
		p.tcp_mss = 1460;
		m = build_exact(&p, sizeof(b), b);
		ok(truncations6(b + 40, (size_t)m - 40, PKT_TCP, (size_t)m - 40, 0),
		   "TCPv6 reply: every cut rejected");
		p = probe(1, PKT_UDP);
		m = build_exact(&p, sizeof(b), b);
		ok(truncations6(b + 40, 8, PKT_UDP, 8, 0),
		   "UDPv6 reply: every cut rejected");
		p = probe(1, PKT_ICMP6);
		p.icmp_type = ICMP6_ECHOREPLY;
		m = build_exact(&p, sizeof(b), b);
		ok(truncations6(b + 40, 8, PKT_ICMP6, 8, 0),
		   "ICMPv6 echo reply: every cut rejected");
	}
}

/*
 * A reply longer than the receiving buffer (the echo reply to a jumbo
 * PMTUD probe) arrives cut, with the socket's count of its whole length:
 * parsed from what arrived, with the whole size; but a packet that is
 * itself shorter than its total length says is still rejected.
 */
static void test_cut(void)
{
	struct pkt_probe p = probe(0, PKT_ICMP);
	uint8_t b[1024], *c;
	struct pkt_rx whole, rx;
	const char *why = NULL;
	size_t n;
	int rc;

	p.src = A(DST4);
	p.dst = A(ME4);
	p.icmp_type = ICMP4_ECHOREPLY;
	n = (size_t)build_exact(&p, sizeof(b), b);
	ok(n >= 28 && parse4_exact(b, n, &whole, &why) == 0,
	   "an echo reply parses whole");
	/* as if it were 9,000 bytes, of which the buffer kept n */
	s16(b + 2, 9000);
	s16(b + 10, 0);
	s16(b + 10, region_sum(b, 20));
	c = malloc(n);
	memcpy(c, b, n);
	rc = pkt_parse4_cut(c, n, 9000, &rx, &why);
	ok(rc == 0, "cut to %zu of 9,000 bytes: parsed", n);
	is_int(rx.size, 9000, "with the whole packet's size");
	ok(rc == 0 && rx.icmp_type == whole.icmp_type &&
	   rx.icmp_id == whole.icmp_id && rx.icmp_seq == whole.icmp_seq &&
	   warts_addr_cmp(&rx.src, &whole.src) == 0,
	   "and the same type, id, sequence and source as whole");
	pkt_rx_clear(&rx);
	why = NULL;
	ok(pkt_parse4_cut(c, n, n, &rx, &why) == -1 && why != NULL,
	   "not cut by the buffer, but shorter than it says: rejected");
	pkt_rx_clear(&rx);
	why = NULL;
	ok(pkt_parse4_cut(c, n, 8999, &rx, &why) == -1 && why != NULL,
	   "cut, but its total length not the socket's count: rejected");
	pkt_rx_clear(&rx);
	free(c);
	pkt_rx_clear(&whole);
}

static void bad4(uint8_t *b, size_t n, const char *what)
{
	struct pkt_rx rx;
	const char *why;
	int rc = parse4_exact(b, n, &rx, &why);
	ok(rc == -1 && why != NULL, "%s: rejected (%s)", what,
	   why ? why : "no reason");
	pkt_rx_clear(&rx);
}

static void test_malformed(void)
{
	uint8_t pr[512], b[1024], c[1024];
	struct pkt_rx rx;
	const char *why;
	size_t n;
	int pl = mk_probe(0, 1, pr);

	n = err4(b, ICMP4_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_NONE, NULL, 0);

	memcpy(c, b, n); c[0] = 0x65;  bad4(c, n, "IP version 6 on the v4 socket");
	memcpy(c, b, n); c[0] = 0x44;  bad4(c, n, "IHL 4");
	memcpy(c, b, n); c[0] = 0x4f;  bad4(c, 40, "IHL 15 over 40 bytes");
	memcpy(c, b, n); s16(c + 2, 19); bad4(c, n, "total length under IHL");
	memcpy(c, b, n); s16(c + 6, 0x2000 | 100);
	bad4(c, n, "a later fragment");
	memcpy(c, b, n); c[9] = 47;    bad4(c, n, "GRE");
	memcpy(c, b, n); c[20] = 5;    bad4(c, n, "ICMP redirect");
	memcpy(c, b, n); c[20] = 8;    bad4(c, n, "ICMP echo request");
	memcpy(c, b, n); c[28] = 0x65; bad4(c, n, "quotation not IPv4");
	memcpy(c, b, n); c[28] = 0x44; bad4(c, n, "quoted IHL 4");
	memcpy(c, b, n); c[28] = 0x4f; bad4(c, n, "quoted IHL past the end");

	/* a larger buffer than the total length says: the rest is ignored */
	memcpy(c, b, n);
	memset(c + n, 0xee, 100);
	ok(parse4_exact(c, n + 100, &rx, &why) == 0 && rx.size == n &&
	   rx.q.tlen == (size_t)pl - 20,
	   "bytes past the total length are not read as the packet's");

	/* TCP with a data offset under 5 or past the end */
	{
		struct pkt_probe p = probe(0, PKT_TCP);
		p.src = A(DST4);
		p.dst = A(ME4);
		n = (size_t)build_exact(&p, sizeof(b), b);
		memcpy(c, b, n); c[32] = 0x40; bad4(c, n, "TCP data offset 4");
		memcpy(c, b, n); c[32] = 0x60; bad4(c, n, "TCP data offset past "
		                                    "the end");
		memcpy(c, b, n); c[32] = 0x00;
		ok(parse6_exact(c + 20, 20, PKT_TCP, &rx, &why) == -1 && why,
		   "TCPv6 data offset 0: rejected (%s)", why ? why : "none");
	}
	/* ICMPv6 of unknown type, quotation not IPv6 */
	{
		pl = mk_probe(1, 1, pr);
		n = err6(b, ICMP6_TIMXCEED, 0, 0, pr, (size_t)pl, EXT_NONE, NULL, 0);
		memcpy(c, b, n); c[0] = 135;
		ok(parse6_exact(c, n, PKT_ICMP6, &rx, &why) == -1 && why,
		   "neighbour solicitation: rejected (%s)", why ? why : "none");
		memcpy(c, b, n); c[8] = 0x45;
		ok(parse6_exact(c, n, PKT_ICMP6, &rx, &why) == -1 && why,
		   "ICMPv6 quoting IPv4: rejected (%s)", why ? why : "none");
		ok(parse6_exact(c, n, 47, &rx, &why) == -1 && why,
		   "v6 protocol GRE: rejected (%s)", why ? why : "none");
	}
	/* a chain of more extension headers than anyone sends */
	{
		uint8_t q[40 + 8 * 12 + 8];
		memset(q, 0, sizeof(q));
		q[0] = 0x60;
		q[6] = 60;
		for (int i = 0; i < 12; i++)
			q[40 + 8 * i] = 60;
		n = err6(b, ICMP6_TIMXCEED, 0, 0, q, sizeof(q), EXT_NONE, NULL, 0);
		ok(parse6_exact(b, n, PKT_ICMP6, &rx, &why) == 0 &&
		   rx.q.tlen == 0, "12 destination option headers: no transport");
		seed("err6-3-0-ehchain", b, n);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1)
		seed_dir = argv[1];
	test_icmp_echo();
	test_icmp_tstamp();
	test_udp();
	test_tcp();
	test_ip4_options();
	test_ip_fields();
	test_build_refused();
	test_want_sum();
	test_udp_zero();
	test_parse_direct();
	test_parse_options();
	test_errors4();
	test_errors6();
	test_truncated();
	test_cut();
	test_malformed();
	return done_testing();
}
