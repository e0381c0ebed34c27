/*
 * test_tbit_fmt.c: tbit tests as JSON, text and dump, for what the corpus
 * does not hold (its tbit tests all failed before sending a packet):
 * every type and result name, the per-test blocks with data (PMTUD with
 * its too-big source and options, null with every option and result and
 * the server's TFO cookie, ICW with the window measured from the packets,
 * blind with a negative offset), both application blocks, and packets
 * decoded from their bytes: an IPv4 handshake with every TCP option the
 * JSON names, data, SACK blocks, a packet too big, fragments, FIN, a
 * reset without a sequence number, ECN marks, packets that are not IP, of
 * unknown direction, before the start; IPv6 with extension headers,
 * fragments and a packet too big.  The expected outputs are what scamper
 * 20260420's sc_warts2json, sc_warts2text and sc_wartsdump print for the
 * same tests (written to a warts file), except where we differ on
 * purpose: a TFO option without a cookie gets its closing brace.
 *
 * Malformed packets (short, of an unknown version, with header lengths
 * past the packet's end) print as scamper prints the same packets padded
 * with zeros, which is what the formatters read past the end; an IPv6
 * extension header chain that loops, where scamper's JSON never ends, is
 * cut.  Then scamper's buffer limits (the text's 131072 bytes, the dump's
 * 63 characters of SACK blocks) and hand-built objects the decoder would
 * refuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "warts/format.h"
#include "warts/list.h"
#include "warts/tbit.h"

enum { JSON, TEXT, DUMP };

/* The object in one format; "" when the converter prints nothing. */
static char *fmt(const warts_tbit *t, int kind)
{
	warts_object obj = { .type = WARTS_TYPE_TBIT };
	warts_strbuf sb = { 0 };
	char *out;
	int rc;

	obj.u.tbit = (warts_tbit *)t;
	rc = kind == JSON ? warts_json(&obj, 0, &sb) :
	     kind == TEXT ? warts_text(&obj, &sb) : warts_dump(&obj, &sb);
	out = strdup(rc > 0 && sb.data != NULL ? sb.data : "");
	warts_strbuf_free(&sb);
	if (out == NULL)
		abort();
	return out;
}

static void check(const warts_tbit *t, const char *json, const char *text,
                  const char *dump, const char *what)
{
	char *got;

	got = fmt(t, JSON);
	is_str(got, json, "%s: json", what);
	free(got);
	got = fmt(t, TEXT);
	is_str(got, text, "%s: text", what);
	free(got);
	got = fmt(t, DUMP);
	is_str(got, dump, "%s: dump", what);
	free(got);
}

/* ---- building tests and packets ------------------------------------- */

#define T0 1700000001u   /* Tue Nov 14 22:13:21 2023 UTC */
#define CI 1000u         /* the client's initial sequence number */
#define SI 4000000000u   /* the server's */

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

static void *zalloc(size_t n)
{
	void *p = calloc(1, n);
	if (p == NULL)
		abort();
	return p;
}

static char *sdup(const char *s)
{
	char *p = strdup(s);
	if (p == NULL)
		abort();
	return p;
}

static void be16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void be32(uint8_t *p, uint32_t v)
{
	be16(p, v >> 16);
	be16(p + 2, v);
}

static warts_tbit *new_tbit(uint8_t type, uint16_t result, int v6)
{
	warts_tbit *t = warts_tbit_alloc();
	if (t == NULL)
		abort();
	set_addr(&t->src, v6 ? "2001:db8::10" : "192.0.2.10");
	set_addr(&t->dst, v6 ? "2001:db8::80" : "198.51.100.80");
	t->sport = 40000;
	t->dport = 80;
	t->start.sec = T0;
	t->start.usec = 500000;
	t->type = type;
	t->result = result;
	t->client_mss = 1460;
	return t;
}

/* A packet: bytes b[0..n), sent or received usec after the start. */
static void add(warts_tbit *t, uint8_t dir, int64_t usec, const uint8_t *b,
                unsigned n)
{
	int64_t at = (int64_t)t->start.sec * 1000000 + t->start.usec + usec;
	warts_tv tv = { (uint32_t)(at / 1000000), (uint32_t)(at % 1000000) };
	if (warts_tbit_pkt_add(t, dir, &tv, b, (uint16_t)n) == NULL)
		abort();
}

/* An IPv4 header: TOS, total length, id, flags and offset word, proto. */
static unsigned ip4(uint8_t *b, uint8_t tos, uint16_t len, uint16_t id,
                    uint16_t frag, uint8_t proto)
{
	b[0] = 0x45;
	b[1] = tos;
	be16(b + 2, len);
	be16(b + 4, id);
	be16(b + 6, frag);
	b[8] = 64;
	b[9] = proto;
	return 20;
}

/* An IPv6 header: traffic class, payload length, next header. */
static unsigned ip6(uint8_t *b, uint8_t tc, uint16_t plen, uint8_t nh)
{
	b[0] = (uint8_t)(0x60 | tc >> 4);
	b[1] = (uint8_t)(tc << 4);
	be16(b + 4, plen);
	b[6] = nh;
	b[7] = 58;
	return 40;
}

/* A TCP header with options (a multiple of four bytes) at b. */
static unsigned tcp(uint8_t *b, uint32_t seq, uint32_t ack, uint8_t flags,
                    const uint8_t *opt, unsigned optlen)
{
	be16(b, 40000);
	be16(b + 2, 80);
	be32(b + 4, seq);
	be32(b + 8, ack);
	b[12] = (uint8_t)((20 + optlen) / 4 << 4);
	b[13] = flags;
	be16(b + 14, 65535);
	if (optlen > 0)
		memcpy(b + 20, opt, optlen);
	return 20 + optlen;
}

#define TX WARTS_TBIT_PKT_TX
#define RX WARTS_TBIT_PKT_RX
#define SYN 0x02
#define ACK 0x10
#define FIN 0x01
#define RST 0x04
#define PSH 0x08
#define ECE 0x40
#define CWR 0x80

/* An IPv4 TCP segment of datalen bytes of data; returns its length. */
static unsigned seg4(uint8_t *b, uint8_t tos, uint16_t id, uint16_t frag,
                     uint32_t seq, uint32_t ack, uint8_t flags,
                     const uint8_t *opt, unsigned optlen, unsigned datalen)
{
	unsigned h = 20 + 20 + optlen;
	memset(b, 0, h);
	ip4(b, tos, (uint16_t)(h + datalen), id, frag, 6);
	tcp(b + 20, seq, ack, flags, opt, optlen);
	return h;
}

/*
 * A PMTUD test over IPv4 with every header field and both blocks: the
 * handshake with the options scamper names, data, SACK blocks, a packet
 * too big, fragments, FIN, a reset without a sequence number, a packet
 * that is not IP, one of unknown direction, one before the start.
 */
static warts_tbit *build_pmtud(warts_list *list, warts_cycle *cycle)
{
	static const uint8_t cookie[] = { 0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3 };
	static const uint8_t syn_opt[] = {
		2, 4, 0x05, 0xb4,           /* mss 1460 */
		4, 2,                       /* sack-ok */
		8, 10, 0, 0, 0, 1, 0, 0, 0, 0, /* ts 1 0 */
		1,                          /* nop */
		3, 3, 7,                    /* wscale 7 */
		34, 2,                      /* fo, asking for a cookie */
		1, 0,                       /* nop, eol */
	};
	static const uint8_t synack_opt[] = {
		2, 4, 0x05, 0x78,           /* mss 1400 */
		1, 1, 4, 2,                 /* nop nop sack-ok */
		34, 10, 1, 2, 3, 4, 5, 6, 7, 8, /* fo with a cookie */
		254, 4, 0xf9, 0x89,         /* fo-exp without */
		254, 6, 0xf9, 0x89, 0xaa, 0xbb, /* fo-exp with */
		99, 2,                      /* unknown: skipped */
	};
	static const uint8_t sack_opt[] = {
		1, 1, 5, 18,
		0, 0, 0x04, 0x4d, 0, 0, 0x04, 0xb1,  /* 1101:1201 */
		0, 0, 0x05, 0x15, 0, 0, 0x05, 0x79,  /* 1301:1401 */
	};
	uint8_t b[600] = { 0 };
	unsigned n;
	warts_tbit *t = new_tbit(WARTS_TBIT_TYPE_PMTUD,
	                         WARTS_TBIT_RESULT_PMTUD_SUCCESS, 0);

	t->list = warts_list_ref(list);
	t->cycle = warts_cycle_ref(cycle);
	t->userid = 3000000000u;
	t->server_mss = 1400;
	t->client_syn_retx = 1;
	t->client_dat_retx = 2;
	memcpy(t->client_fo_cookie, cookie, sizeof(cookie));
	t->client_fo_cookielen = sizeof(cookie);
	t->client_wscale = 7;
	t->options = WARTS_TBIT_OPT_TCPTS | WARTS_TBIT_OPT_SACK | 0x10;
	t->client_ipttl = 64;
	t->pmtud = zalloc(sizeof(*t->pmtud));
	t->pmtud->mtu = 1280;
	t->pmtud->ptb_retx = 3;
	t->pmtud->options = WARTS_TBIT_PMTUD_OPT_BLACKHOLE | 0x04;
	set_addr(&t->pmtud->ptbsrc, "203.0.113.1");
	t->http = zalloc(sizeof(*t->http));
	t->app_proto = WARTS_TBIT_APP_HTTP;
	t->http->type = WARTS_TBIT_HTTP_TYPE_HTTPS;
	t->http->host = sdup("www.example.com");
	t->http->file = sdup("/index.html");

	/* SYN, then SYN/ACK with ECE marked ECT(0) */
	n = seg4(b, 0, 0x1234, 0x4000, CI, 0, SYN, syn_opt, sizeof(syn_opt),
	         0);
	add(t, TX, 1000, b, n);
	n = seg4(b, 2, 0, 0x4000, SI, CI + 1, SYN | ACK | ECE, synack_opt,
	         sizeof(synack_opt), 0);
	add(t, RX, 43210, b, n);
	/* 100 bytes of data with DF, and the SACK from the other side */
	n = seg4(b, 0, 0x1235, 0x4000, CI + 1, SI + 1, ACK | PSH, NULL, 0,
	         100);
	memset(b + n, 'x', 100);
	add(t, TX, 50000, b, n + 100);
	n = seg4(b, 0, 7, 0, SI + 1, CI + 1, ACK, sack_opt, sizeof(sack_opt),
	         0);
	add(t, RX, 99999, b, n);
	/* a packet too big quoting the data segment */
	memset(b, 0, 56);
	ip4(b, 0, 56, 1, 0, 1);
	b[20] = 3;
	b[21] = 4;
	be16(b + 26, 1280);
	seg4(b + 28, 0, 0x1235, 0x4000, CI + 1, SI + 1, ACK | PSH, NULL, 0,
	     1460);
	add(t, RX, 100000, b, 56);
	/* a first fragment and a later one */
	n = seg4(b, 0, 0x2222, 0x2000, CI + 101, SI + 1, ACK, NULL, 0, 1200);
	add(t, TX, 1100000, b, n);
	memset(b, 0, 28);
	ip4(b, 0, 28, 0x2222, 0x2000 | 1480 / 8, 6);
	add(t, TX, 1100001, b, 28);
	/* FIN/ACK with CWR, marked CE; a reset without a sequence number */
	n = seg4(b, 3, 8, 0, SI + 1, CI + 101, FIN | ACK | CWR, NULL, 0, 0);
	add(t, RX, 2000000, b, n);
	n = seg4(b, 0, 9, 0, 0, CI + 102, RST | ACK, NULL, 0, 0);
	add(t, RX, 2000001, b, n);
	/* not IP; an unknown direction; before the start; past 999 s */
	memset(b, 0, 40);
	add(t, RX, 2000002, b, 40);
	n = seg4(b, 0, 10, 0, CI + 102, SI + 2, ACK, NULL, 0, 0);
	add(t, 3, 2000003, b, n);
	add(t, TX, -1500, b, n);
	add(t, TX, 1234567890, b, n);
	return t;
}

/*
 * A null test over IPv6 with a BGP block: every null option and result
 * (and ones scamper has no name for), extension headers, fragments, a
 * packet too big, and a SYN/ACK carrying the server's TFO cookie.
 */
static warts_tbit *build_null6(void)
{
	static const uint8_t synack_opt[] = {
		2, 4, 0x05, 0x8c, 254, 8, 0xf9, 0x89, 0xca, 0xfe, 0xf0, 0x0d,
		1, 1, 1, 0,
	};
	static const uint8_t ts_opt[] = {
		1, 1, 8, 10, 0, 0, 0, 5, 0, 0, 0, 6,
	};
	uint8_t b[600];
	unsigned h;
	warts_tbit *t = new_tbit(WARTS_TBIT_TYPE_NULL,
	                         WARTS_TBIT_RESULT_NULL_SUCCESS, 1);

	t->null = zalloc(sizeof(*t->null));
	t->null->options = 0x7f | 0x100;
	t->null->results = 0x07 | 0x40;
	t->app_proto = WARTS_TBIT_APP_BGP;
	t->bgp = zalloc(sizeof(*t->bgp));
	t->bgp->asn = 4200000000u;
	t->client_ipttl = 255;

	/* SYN behind a hop-by-hop and a destination options header */
	memset(b, 0, sizeof(b));
	h = ip6(b, 0, 24 + 24 + 12, 0);
	b[h] = 60;
	b[h + 1] = 1;
	b[h + 16] = 6;
	b[h + 17] = 0;
	h += 24;
	h += tcp(b + h, CI, 0, SYN, ts_opt, sizeof(ts_opt));
	add(t, TX, 10, b, h);
	/* the server's SYN/ACK with an experimental TFO cookie, ECT(1) */
	memset(b, 0, sizeof(b));
	h = ip6(b, 1, 20 + sizeof(synack_opt), 6);
	h += tcp(b + h, SI, CI + 1, SYN | ACK, synack_opt,
	         sizeof(synack_opt));
	add(t, RX, 20000, b, h);
	/* an ACK behind a 16-byte hop-by-hop header */
	memset(b, 0, sizeof(b));
	h = ip6(b, 0, 16 + 20, 0);
	b[h] = 6;
	b[h + 1] = 1;
	h += 16;
	h += tcp(b + h, CI + 1, SI + 1, ACK, NULL, 0);
	add(t, TX, 25000, b, h);
	/* a first fragment (id 0xabcdef01) and a later one */
	memset(b, 0, sizeof(b));
	h = ip6(b, 0, 8 + 20 + 500, 44);
	b[h] = 6;
	be16(b + h + 2, 0x0001);
	be32(b + h + 4, 0xabcdef01);
	h += 8;
	h += tcp(b + h, CI + 1, SI + 1, ACK, NULL, 0);
	add(t, TX, 30000, b, h + 500);
	memset(b, 0, sizeof(b));
	h = ip6(b, 0, 8 + 300, 44);
	b[h] = 6;
	be16(b + h + 2, 1232);
	be32(b + h + 4, 0xabcdef01);
	add(t, TX, 30001, b, h + 8 + 300);
	/* a packet too big */
	memset(b, 0, sizeof(b));
	h = ip6(b, 0, 48, 58);
	b[h] = 2;
	be32(b + h + 4, 1280);
	add(t, RX, 40000, b, h + 48);
	/* an 8-byte hop-by-hop header: the text and dump stop there */
	memset(b, 0, sizeof(b));
	h = ip6(b, 0, 8 + 20, 0);
	b[h] = 6;
	h += 8;
	h += tcp(b + h, SI + 1, CI + 1, ACK | FIN, NULL, 0);
	add(t, RX, 50000, b, h);
	return t;
}

/*
 * A successful ICW test whose server sent three segments of 1000 bytes
 * (one out of order), a FIN, then resent the first: the window is 3000.
 */
static warts_tbit *build_icw(void)
{
	uint8_t b[1100] = { 0 };
	unsigned n;
	warts_tbit *t = new_tbit(WARTS_TBIT_TYPE_ICW,
	                         WARTS_TBIT_RESULT_ICW_SUCCESS, 0);

	t->icw = zalloc(sizeof(*t->icw));
	t->icw->start_seq = 1;
	t->app_proto = WARTS_TBIT_APP_HTTP;
	t->http = zalloc(sizeof(*t->http));
	t->http->file = sdup("/big.html");

	n = seg4(b, 0, 1, 0x4000, CI, 0, SYN, NULL, 0, 0);
	add(t, TX, 100, b, n);
	n = seg4(b, 0, 1, 0x4000, SI, CI + 1, SYN | ACK, NULL, 0, 0);
	add(t, RX, 200, b, n);
	n = seg4(b, 0, 2, 0x4000, CI + 1, SI + 1, ACK | PSH, NULL, 0, 50);
	add(t, TX, 300, b, n + 50);
	n = seg4(b, 0, 2, 0x4000, SI + 1, CI + 51, ACK, NULL, 0, 1000);
	add(t, RX, 400, b, n + 1000);
	n = seg4(b, 0, 3, 0x4000, SI + 2001, CI + 51, ACK, NULL, 0, 1000);
	add(t, RX, 500, b, n + 1000);
	n = seg4(b, 0, 4, 0x4000, SI + 1001, CI + 51, ACK, NULL, 0, 1000);
	add(t, RX, 600, b, n + 1000);
	n = seg4(b, 0, 5, 0x4000, SI + 3001, CI + 51, ACK | FIN, NULL, 0, 0);
	add(t, RX, 700, b, n);
	n = seg4(b, 0, 6, 0x4000, SI + 1, CI + 51, ACK, NULL, 0, 1000);
	add(t, RX, 800000, b, n + 1000);
	return t;
}

/* A blind-fin test: the negative offset, an https host without a file. */
static warts_tbit *build_blind(void)
{
	warts_tbit *t = new_tbit(WARTS_TBIT_TYPE_BLIND_FIN,
	                         WARTS_TBIT_RESULT_BLIND_CHALLENGE, 0);
	t->blind = zalloc(sizeof(*t->blind));
	t->blind->off = -70000;
	t->blind->retx = 4;
	t->app_proto = WARTS_TBIT_APP_HTTP;
	t->http = zalloc(sizeof(*t->http));
	t->http->type = WARTS_TBIT_HTTP_TYPE_HTTPS;
	t->http->host = sdup("blind.example");
	t->errmsg = sdup("an error");
	return t;
}

/*
 * Malformed packets, each padded with zeros to padto bytes when padto is
 * longer.  scamper reads past a packet's end; the formatters read zeros
 * there, so build_bad(0) prints as scamper prints build_bad(340), but for
 * the packet lengths in the JSON.
 */
static warts_tbit *build_bad(unsigned padto)
{
	static const uint8_t long_sack[] = { 1, 1, 5, 34 };
	uint8_t b[600];
	unsigned n;
	warts_tbit *t = new_tbit(WARTS_TBIT_TYPE_ECN,
	                         WARTS_TBIT_RESULT_ECN_SUCCESS, 0);

#define ADD(dir, usec, len) \
	add(t, dir, usec, b, padto > (len) ? padto : (len))

	/* one byte */
	memset(b, 0, sizeof(b));
	b[0] = 0x45;
	ADD(TX, 1, 1);
	/* an IPv4 header saying TCP, without the TCP header */
	memset(b, 0, sizeof(b));
	ip4(b, 0, 40, 0x55, 0, 6);
	ADD(TX, 2, 20);
	/* an IPv4 header of 60 bytes in a packet of 30 */
	memset(b, 0, sizeof(b));
	ip4(b, 0, 30, 0x56, 0, 6);
	b[0] = 0x4f;
	b[20] = 0x9c;
	ADD(RX, 3, 30);
	/* an IPv4 header of 0 bytes: TCP read from the IP header */
	memset(b, 0, sizeof(b));
	ip4(b, 0, 40, 0x57, 0, 6);
	b[0] = 0x40;
	ADD(RX, 4, 40);
	/* ten bytes of IPv6 */
	memset(b, 0, sizeof(b));
	ip6(b, 0, 20, 6);
	ADD(TX, 5, 10);
	/* version 5 */
	memset(b, 0, sizeof(b));
	b[0] = 0x55;
	ADD(TX, 6, 40);
	/* a 60-byte TCP header in 44 bytes, whose SACK option runs past
	 * the header's end */
	memset(b, 0, sizeof(b));
	n = seg4(b, 0, 0x58, 0, CI, SI, ACK, long_sack, sizeof(long_sack), 0);
	b[32] = 0xf0;
	ADD(RX, 7, n);
	/* an ICMP header cut short */
	memset(b, 0, sizeof(b));
	ip4(b, 0, 56, 0x59, 0, 1);
	b[20] = 3;
	b[21] = 4;
	ADD(RX, 8, 22);
	/* an ICMPv6 packet too big cut short */
	memset(b, 0, sizeof(b));
	ip6(b, 0, 48, 58);
	b[40] = 2;
	ADD(RX, 9, 42);
	/* a TCP header cut after its sequence number */
	memset(b, 0, sizeof(b));
	ip4(b, 0, 40, 0x5a, 0, 6);
	be32(b + 24, CI + 5);
	ADD(TX, 10, 28);
#undef ADD
	return t;
}

/*
 * IPv6 extension headers that chain back on themselves once the header
 * length passes 255: scamper's JSON walk would never end.
 */
static warts_tbit *build_loop(void)
{
	uint8_t b[400];
	warts_tbit *t = new_tbit(WARTS_TBIT_TYPE_ECN,
	                         WARTS_TBIT_RESULT_ECN_SUCCESS, 1);

	memset(b, 0, sizeof(b));
	ip6(b, 0, 300, 0);
	b[41] = 31;  /* 256 bytes: back to offset 40 */
	add(t, TX, 1, b, 60);
	return t;
}

/*
 * SACK blocks too long for the dump's 64-byte buffer: four blocks of
 * ten-digit numbers (no SYN seen, so nothing is subtracted), and four
 * options of one block each.
 */
static warts_tbit *build_sackcut(void)
{
	uint8_t opt[40], b[200];
	unsigned n;
	warts_tbit *t = new_tbit(WARTS_TBIT_TYPE_SACK_RCVR,
	                         WARTS_TBIT_RESULT_SACK_RCVR_SUCCESS, 0);

	memset(opt, 1, sizeof(opt));
	opt[2] = 5;
	opt[3] = 34;
	for (unsigned i = 0; i < 8; i++)
		be32(opt + 4 + i * 4, 4000000000u + i * 11111111u);
	n = seg4(b, 0, 1, 0, 1, 2, ACK, opt, 40, 0);
	add(t, RX, 1, b, n);
	for (unsigned i = 0; i < 4; i++) {
		opt[i * 10] = 5;
		opt[i * 10 + 1] = 10;
		be32(opt + i * 10 + 2, 1000000000u * (i + 1));
		be32(opt + i * 10 + 6, 1000000000u * (i + 1) + 999999);
	}
	n = seg4(b, 0, 2, 0, 1, 2, ACK, opt, 40, 0);
	add(t, TX, 2, b, n);
	return t;
}

/* ---- what scamper prints ---------------------------------------------- */

/* The JSON of each but for the braces of TFO options without a cookie
 * ("fo" and "fo-exp" in pmtud_json), which scamper leaves open. */

static const char pmtud_json[] =
	"{\"type\":\"tbit\", \"tbit_type\":\"pmtud\", \"userid\":3000000000, "
	"\"src\":\"192.0.2.10\", \"dst\":\"198.51.100.80\", \"sport\":40000, "
	"\"dport\":80, \"start\":{\"sec\":1700000001,\"usec\":500000}, "
	"\"client_mss\":1460, \"server_mss\":1400, \"ttl\":64, "
	"\"result\":\"pmtud-success\", \"options\":[\"tcpts\",\"sack\",16], "
	"\"wscale\":7, \"fo_cookie\":\"deadbeef00010203\", "
	"\"client_isn\":1000, \"server_isn\":4000000000, \"mtu\":1280, "
	"\"ptb_retx\":3, \"ptbsrc\":\"203.0.113.1\", "
	"\"pmtud_options\":[\"blackhole\",4], \"app\":\"http\", "
	"\"http_url\":\"https://www.example.com/index.html\",\"monitor\":\"vp"
	"1.example\", \"pkts\":[{\"dir\":\"tx\", \"tv_sec\":0, "
	"\"tv_usec\":1000, \"len\":64, \"ip_hlen\":20, \"ip_ecn\":0, "
	"\"ip_ttl\":64, \"frag_id\":4660, \"frag_off\":0, \"frag_mf\":0, "
	"\"frag_df\":0, \"tcp_hlen\":44, \"tcp_flags\":[\"syn\"], "
	"\"tcp_options\":[{\"kind\":\"sack-ok\"},{\"kind\":\"ts\", "
	"\"val\":1, \"ecr\":0}, {\"kind\":\"nop\"},{\"kind\":\"wscale\", "
	"\"shift\":7}, {\"kind\":\"fo\"}, {\"kind\":\"nop\"}, "
	"{\"kind\":\"eol\"}], \"tcp_seq\":0, \"tcp_datalen\":0, "
	"\"tcp_win\":65535}, {\"dir\":\"rx\", \"tv_sec\":0, "
	"\"tv_usec\":43210, \"len\":70, \"ip_hlen\":20, \"ip_ecn\":2, "
	"\"ip_ttl\":64, \"frag_id\":0, \"frag_off\":0, \"frag_mf\":0, "
	"\"frag_df\":0, \"tcp_hlen\":48, "
	"\"tcp_flags\":[\"syn\",\"ack\",\"ece\"], "
	"\"tcp_options\":[{\"kind\":\"nop\"}, "
	"{\"kind\":\"nop\"},{\"kind\":\"sack-ok\"}, {\"kind\":\"fo\", "
	"\"cookie\":\"0102030405060708\"}, {\"kind\":\"fo-exp\"}, "
	"{\"kind\":\"fo-exp\", \"cookie\":\"aabb\"}], \"tcp_seq\":0, "
	"\"tcp_ack\":1, \"tcp_datalen\":2, \"tcp_win\":65535}, "
	"{\"dir\":\"tx\", \"tv_sec\":0, \"tv_usec\":50000, \"len\":140, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":4661, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"psh\",\"ack\"], \"tcp_options\":[], \"tcp_seq\":1, "
	"\"tcp_ack\":1, \"tcp_datalen\":100, \"tcp_win\":65535}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":99999, \"len\":60, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":7, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":40, "
	"\"tcp_flags\":[\"ack\"], \"tcp_options\":[{\"kind\":\"nop\"}, "
	"{\"kind\":\"nop\"},{\"kind\":\"sack\", \"blocks\":[{\"left\":101, "
	"\"right\":201},{\"left\":301, \"right\":401}]}], \"tcp_seq\":1, "
	"\"tcp_ack\":1, \"tcp_datalen\":0, \"tcp_win\":65535}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":100000, \"len\":56, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":1, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0}, {\"dir\":\"tx\", "
	"\"tv_sec\":1, \"tv_usec\":100000, \"len\":40, \"ip_hlen\":20, "
	"\"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":8738, \"frag_off\":0, "
	"\"frag_mf\":1, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"ack\"], \"tcp_options\":[], \"tcp_seq\":101, "
	"\"tcp_ack\":1, \"tcp_datalen\":1200, \"tcp_win\":65535}, "
	"{\"dir\":\"tx\", \"tv_sec\":1, \"tv_usec\":100001, \"len\":28, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":8738, "
	"\"frag_off\":1480, \"frag_mf\":1, \"frag_df\":0}, {\"dir\":\"rx\", "
	"\"tv_sec\":2, \"tv_usec\":0, \"len\":40, \"ip_hlen\":20, "
	"\"ip_ecn\":3, \"ip_ttl\":64, \"frag_id\":8, \"frag_off\":0, "
	"\"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"fin\",\"ack\",\"cwr\"], \"tcp_options\":[], "
	"\"tcp_seq\":1, \"tcp_ack\":101, \"tcp_datalen\":0, "
	"\"tcp_win\":65535}, {\"dir\":\"rx\", \"tv_sec\":2, \"tv_usec\":1, "
	"\"len\":40, \"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, "
	"\"frag_id\":9, \"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, "
	"\"tcp_hlen\":20, \"tcp_flags\":[\"rst\",\"ack\"], "
	"\"tcp_options\":[], \"tcp_seq\":0, \"tcp_ack\":102, "
	"\"tcp_datalen\":0, \"tcp_win\":65535}, {\"dir\":\"rx\", "
	"\"tv_sec\":2, \"tv_usec\":2, \"len\":40}, {\"dir\":3, \"tv_sec\":2, "
	"\"tv_usec\":3, \"len\":40, \"ip_hlen\":20, \"ip_ecn\":0, "
	"\"ip_ttl\":64, \"frag_id\":10, \"frag_off\":0, \"frag_mf\":0, "
	"\"frag_df\":0, \"tcp_hlen\":20, \"tcp_flags\":[\"ack\"], "
	"\"tcp_options\":[], \"tcp_seq\":294968398, \"tcp_ack\":3999999002, "
	"\"tcp_datalen\":0, \"tcp_win\":65535}, {\"dir\":\"tx\", "
	"\"tv_sec\":4294967295, \"tv_usec\":998500, \"len\":40, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":10, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"ack\"], \"tcp_options\":[], \"tcp_seq\":102, "
	"\"tcp_ack\":2, \"tcp_datalen\":0, \"tcp_win\":65535}, "
	"{\"dir\":\"tx\", \"tv_sec\":1234, \"tv_usec\":567890, \"len\":40, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":10, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"ack\"], \"tcp_options\":[], \"tcp_seq\":102, "
	"\"tcp_ack\":2, \"tcp_datalen\":0, \"tcp_win\":65535}]}\n";

static const char pmtud_text[] =
	"tbit from 192.0.2.10 to 198.51.100.80\n"
	" server-mss 1400, result: pmtud-success\n"
	" app: http, url: https://www.example.com/index.html\n"
	" [  0.001] TX SYN             64  seq = 0:0              1234\n"
	" [  0.043] RX SYN/ACK/ECE     70  seq = 0:1(2)           0000 DF ECT"
	"\n"
	" [  0.050] TX                140  seq = 1:1(100)         1235 DF\n"
	" [  0.099] RX                 60  seq = 1:1 {101:201,301:401} 0007\n"
	" [  0.100] RX PTB             56  mtu = 1280\n"
	" [  1.100] TX               1240F seq = 101:1(1200)      2222:0 MF\n"
	" [  1.100] TX                 28F                        2222:1480 M"
	"F\n"
	" [  2.000] RX FIN/CWR         40  seq = 1:101            0008 CE\n"
	" [  2.000] RX RST             40  seq = 294967296:102    0009\n"
	" [  2.000] RX                 40  seq = 294968398:3999999002 000a\n"
	" [ -1.998] TX                 40  seq = 102:2            000a\n"
	" [1234.567] TX                 40  seq = 102:2            000a\n";

static const char pmtud_dump[] =
	"tbit from 192.0.2.10 to 198.51.100.80\n"
	" list id: 42, name: tbit-list, monitor: vp1.example\n"
	" cycle id: 7\n"
	" user-id: -1294967296\n"
	" start: Tue Nov 14 22:13:21 2023 500000\n"
	" sport: 40000, dport: 80\n"
	" client-mss: 1460, server-mss: 1400, ttl: 64, wscale: 7,"
	" syn-retx: 1, dat-retx: 2\n"
	" type: pmtud, result: pmtud-success\n"
	" options: tcpts, sack, 0x10\n"
	" fo-cookie: deadbeef00010203\n"
	" mtu: 1280, ptb-retx: 3, ptb-src: 203.0.113.1, blackhole,"
	" options: 0x4\n"
	" app: http, url: https://www.example.com/index.html\n"
	" [  0.001] TX SYN             64  0               1234\n"
	" [  0.043] RX SYN/ACK/ECE     70  0:1(2)          0000 DF ECT\n"
	" [  0.050] TX                140  1:1(100)        1235 DF\n"
	" [  0.099] RX                 60  1:1             0007 {101:201,301:"
	"401}\n"
	" [  0.100] RX PTB             56  mtu = 1280\n"
	" [  1.100] TX               1240F 101:1(1200)     2222:0 MF\n"
	" [  1.100] TX                 28F                 2222:1480 MF\n"
	" [  2.000] RX FIN/CWR         40  1:101           0008 CE\n"
	" [  2.000] RX RST             40  0:102           0009\n"
	" [  2.000] RX len: 40, data: 0000000000000000000000000000000000000000"
	"0000000000000000000000000000000000000000\n"
	" [  2.000] RX                 40  294968398:3999999002000a, dir: 3\n"
	" [ -1.998] TX                 40  102:2           000a\n"
	" [1234.567] TX                 40  102:2           000a\n"
	"\n";

static const char null6_json[] =
	"{\"type\":\"tbit\", \"tbit_type\":\"null\", \"userid\":0, "
	"\"src\":\"2001:db8::10\", \"dst\":\"2001:db8::80\", "
	"\"sport\":40000, \"dport\":80, "
	"\"start\":{\"sec\":1700000001,\"usec\":500000}, "
	"\"client_mss\":1460, \"server_mss\":0, \"ttl\":255, "
	"\"result\":\"null-success\", \"client_isn\":1000, "
	"\"server_isn\":4000000000, "
	"\"null_options\":[\"tcpts\",\"ipts-syn\",\"iprr-syn\",\"ipqs-syn\","
	"\"sack\",\"fo\",\"fo-exp\",256], "
	"\"null_results\":[\"tcpts-ok\",\"sack-ok\",\"fo-ok\",64], "
	"\"app\":\"bgp\", \"bgp_asn\":4200000000, \"pkts\":[{\"dir\":\"tx\", "
	"\"tv_sec\":0, \"tv_usec\":10, \"len\":96, \"ip_hlen\":64, "
	"\"ip_ecn\":0, \"ip_ttl\":58, \"tcp_hlen\":32, "
	"\"tcp_flags\":[\"syn\"], \"tcp_options\":[{\"kind\":\"nop\"}, "
	"{\"kind\":\"nop\"},{\"kind\":\"ts\", \"val\":5, \"ecr\":6}], "
	"\"tcp_seq\":0, \"tcp_datalen\":4, \"tcp_win\":65535}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":20000, \"len\":76, "
	"\"ip_hlen\":40, \"ip_ecn\":1, \"ip_ttl\":58, \"tcp_hlen\":36, "
	"\"tcp_flags\":[\"syn\",\"ack\"], "
	"\"tcp_options\":[{\"kind\":\"fo-exp\", \"cookie\":\"cafef00d\"}, "
	"{\"kind\":\"nop\"}, {\"kind\":\"nop\"}, {\"kind\":\"nop\"}, "
	"{\"kind\":\"eol\"}], \"tcp_seq\":0, \"tcp_ack\":1, "
	"\"tcp_datalen\":0, \"tcp_win\":65535}, {\"dir\":\"tx\", "
	"\"tv_sec\":0, \"tv_usec\":25000, \"len\":76, \"ip_hlen\":56, "
	"\"ip_ecn\":0, \"ip_ttl\":58, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"ack\"], \"tcp_options\":[], \"tcp_seq\":1, "
	"\"tcp_ack\":1, \"tcp_datalen\":0, \"tcp_win\":65535}, "
	"{\"dir\":\"tx\", \"tv_sec\":0, \"tv_usec\":30000, \"len\":568, "
	"\"ip_hlen\":48, \"ip_ecn\":0, \"ip_ttl\":58, "
	"\"frag_id\":2882400001, \"frag_off\":0, \"frag_mf\":1, "
	"\"tcp_hlen\":20, \"tcp_flags\":[\"ack\"], \"tcp_options\":[], "
	"\"tcp_seq\":1, \"tcp_ack\":1, \"tcp_datalen\":500, "
	"\"tcp_win\":65535}, {\"dir\":\"tx\", \"tv_sec\":0, "
	"\"tv_usec\":30001, \"len\":348, \"ip_hlen\":48, \"ip_ecn\":0, "
	"\"ip_ttl\":58, \"frag_id\":2882400001, \"frag_off\":1232, "
	"\"frag_mf\":0}, {\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":40000, "
	"\"len\":88, \"ip_hlen\":40, \"ip_ecn\":0, \"ip_ttl\":58}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":50000, \"len\":68, "
	"\"ip_hlen\":48, \"ip_ecn\":0, \"ip_ttl\":58, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"fin\",\"ack\"], \"tcp_options\":[], \"tcp_seq\":1, "
	"\"tcp_ack\":1, \"tcp_datalen\":0, \"tcp_win\":65535}]}\n";

static const char null6_text[] =
	"tbit from 2001:db8::10 to 2001:db8::80\n"
	" server-mss 0, result: null-success\n"
	" [  0.000] TX \n"
	" [  0.020] RX SYN/ACK         76  seq = 0:1001           ECT\n"
	" [  0.025] TX                 76  seq = 1001:1          \n"
	" [  0.030] TX                568F seq = 1001:1(500)     abcdef01:0 M"
	"F\n"
	" [  0.030] TX                348F                       abcdef01:123"
	"2\n"
	" [  0.040] RX PTB             88  mtu = 1280\n"
	" [  0.050] RX \n";

static const char null6_dump[] =
	"tbit from 2001:db8::10 to 2001:db8::80\n"
	" user-id: 0\n"
	" start: Tue Nov 14 22:13:21 2023 500000\n"
	" sport: 40000, dport: 80\n"
	" client-mss: 1460, server-mss: 0, ttl: 255\n"
	" type: null, result: null-success\n"
	" null-options: tcpts, ipts-syn, iprr-syn, ipqs-syn, sack, fo, fo-exp"
	", 0x100\n"
	" results: tcpts-ok, sack-ok, fo-ok, 0x40\n"
	" fo-cookie: cafef00d\n"
	" app: bgp, asn: 4200000000\n"
	" [  0.000] TX \n"
	" [  0.020] RX SYN/ACK         76  0:1001           ECT\n"
	" [  0.025] TX                 76  1001:1          \n"
	" [  0.030] TX                568F 1001:1(500)     abcdef01:0 MF\n"
	" [  0.030] TX                348F                 abcdef01:1232\n"
	" [  0.040] RX PTB             88  mtu = 1280\n"
	" [  0.050] RX \n"
	"\n";

static const char icw_json[] =
	"{\"type\":\"tbit\", \"tbit_type\":\"icw\", \"userid\":0, "
	"\"src\":\"192.0.2.10\", \"dst\":\"198.51.100.80\", \"sport\":40000, "
	"\"dport\":80, \"start\":{\"sec\":1700000001,\"usec\":500000}, "
	"\"client_mss\":1460, \"server_mss\":0, \"ttl\":255, "
	"\"result\":\"icw-success\", \"client_isn\":1000, "
	"\"server_isn\":4000000000, \"icw_bytes\":3000, \"app\":\"http\", "
	"\"pkts\":[{\"dir\":\"tx\", \"tv_sec\":0, \"tv_usec\":100, "
	"\"len\":40, \"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, "
	"\"frag_id\":1, \"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, "
	"\"tcp_hlen\":20, \"tcp_flags\":[\"syn\"], \"tcp_options\":[], "
	"\"tcp_seq\":0, \"tcp_datalen\":0, \"tcp_win\":65535}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":200, \"len\":40, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":1, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"syn\",\"ack\"], \"tcp_options\":[], \"tcp_seq\":0, "
	"\"tcp_ack\":1, \"tcp_datalen\":0, \"tcp_win\":65535}, "
	"{\"dir\":\"tx\", \"tv_sec\":0, \"tv_usec\":300, \"len\":90, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":2, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"psh\",\"ack\"], \"tcp_options\":[], \"tcp_seq\":1, "
	"\"tcp_ack\":1, \"tcp_datalen\":50, \"tcp_win\":65535}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":400, \"len\":1040, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":2, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"ack\"], \"tcp_options\":[], \"tcp_seq\":1, "
	"\"tcp_ack\":51, \"tcp_datalen\":1000, \"tcp_win\":65535}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":500, \"len\":1040, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":3, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"ack\"], \"tcp_options\":[], \"tcp_seq\":2001, "
	"\"tcp_ack\":51, \"tcp_datalen\":1000, \"tcp_win\":65535}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":600, \"len\":1040, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":4, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"ack\"], \"tcp_options\":[], \"tcp_seq\":1001, "
	"\"tcp_ack\":51, \"tcp_datalen\":1000, \"tcp_win\":65535}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":700, \"len\":40, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":5, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":20, "
	"\"tcp_flags\":[\"fin\",\"ack\"], \"tcp_options\":[], "
	"\"tcp_seq\":3001, \"tcp_ack\":51, \"tcp_datalen\":0, "
	"\"tcp_win\":65535}, {\"dir\":\"rx\", \"tv_sec\":0, "
	"\"tv_usec\":800000, \"len\":1040, \"ip_hlen\":20, \"ip_ecn\":0, "
	"\"ip_ttl\":64, \"frag_id\":6, \"frag_off\":0, \"frag_mf\":0, "
	"\"frag_df\":0, \"tcp_hlen\":20, \"tcp_flags\":[\"ack\"], "
	"\"tcp_options\":[], \"tcp_seq\":1, \"tcp_ack\":51, "
	"\"tcp_datalen\":1000, \"tcp_win\":65535}]}\n";

static const char icw_text[] =
	"tbit from 192.0.2.10 to 198.51.100.80\n"
	" server-mss 0, result: icw-success\n"
	" app: http, file: /big.html\n"
	" [  0.000] TX SYN             40  seq = 0:0              0001\n"
	" [  0.000] RX SYN/ACK         40  seq = 0:1              0001\n"
	" [  0.000] TX                 90  seq = 1:1(50)          0002 DF\n"
	" [  0.000] RX               1040  seq = 1:51(1000)       0002 DF\n"
	" [  0.000] RX               1040  seq = 2001:51(1000)    0003 DF\n"
	" [  0.000] RX               1040  seq = 1001:51(1000)    0004 DF\n"
	" [  0.000] RX FIN             40  seq = 3001:51          0005\n"
	" [  0.800] RX               1040  seq = 1:51(1000)       0006 DF\n";

static const char icw_dump[] =
	"tbit from 192.0.2.10 to 198.51.100.80\n"
	" user-id: 0\n"
	" start: Tue Nov 14 22:13:21 2023 500000\n"
	" sport: 40000, dport: 80\n"
	" client-mss: 1460, server-mss: 0, ttl: 255\n"
	" type: icw, result: icw-success\n"
	" icw-start-seq: 1, icw-size: 3000 bytes\n"
	" app: http, file: /big.html\n"
	" [  0.000] TX SYN             40  0               0001\n"
	" [  0.000] RX SYN/ACK         40  0:1             0001\n"
	" [  0.000] TX                 90  1:1(50)         0002 DF\n"
	" [  0.000] RX               1040  1:51(1000)      0002 DF\n"
	" [  0.000] RX               1040  2001:51(1000)   0003 DF\n"
	" [  0.000] RX               1040  1001:51(1000)   0004 DF\n"
	" [  0.000] RX FIN             40  3001:51         0005\n"
	" [  0.800] RX               1040  1:51(1000)      0006 DF\n"
	"\n";

static const char blind_json[] =
	"{\"type\":\"tbit\", \"tbit_type\":\"blind-fin\", \"userid\":0, "
	"\"src\":\"192.0.2.10\", \"dst\":\"198.51.100.80\", \"sport\":40000, "
	"\"dport\":80, \"start\":{\"sec\":1700000001,\"usec\":500000}, "
	"\"client_mss\":1460, \"server_mss\":0, \"ttl\":255, "
	"\"result\":\"blind-challenge\",\"errmsg\":\"an error\", "
	"\"blind_off\":-70000, \"blind_retx\":4, \"app\":\"http\", "
	"\"http_url\":\"https://blind.example\", \"pkts\":[]}\n";

static const char blind_text[] =
	"tbit from 192.0.2.10 to 198.51.100.80\n"
	" server-mss 0, result: blind-challenge\n"
	" app: http, url: https://blind.example\n";

static const char blind_dump[] =
	"tbit from 192.0.2.10 to 198.51.100.80\n"
	" user-id: 0\n"
	" start: Tue Nov 14 22:13:21 2023 500000\n"
	" sport: 40000, dport: 80\n"
	" client-mss: 1460, server-mss: 0, ttl: 255\n"
	" type: blind-fin, result: blind-challenge\n"
	" blind: offset -70000, retx 4\n"
	" app: http, url: https://blind.example\n"
	" errmsg: an error\n"
	"\n";

static const char sackcut_json[] =
	"{\"type\":\"tbit\", \"tbit_type\":\"sack-rcvr\", \"userid\":0, "
	"\"src\":\"192.0.2.10\", \"dst\":\"198.51.100.80\", \"sport\":40000, "
	"\"dport\":80, \"start\":{\"sec\":1700000001,\"usec\":500000}, "
	"\"client_mss\":1460, \"server_mss\":0, \"ttl\":255, "
	"\"result\":\"sack-rcvr-success\", \"pkts\":[{\"dir\":\"rx\", "
	"\"tv_sec\":0, \"tv_usec\":1, \"len\":80, \"ip_hlen\":20, "
	"\"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":1, \"frag_off\":0, "
	"\"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":60, "
	"\"tcp_flags\":[\"ack\"], \"tcp_options\":[{\"kind\":\"nop\"}, "
	"{\"kind\":\"nop\"},{\"kind\":\"sack\", "
	"\"blocks\":[{\"left\":4000000000, "
	"\"right\":4011111111},{\"left\":4022222222, "
	"\"right\":4033333333},{\"left\":4044444444, "
	"\"right\":4055555555},{\"left\":4066666666, "
	"\"right\":4077777777}]}, {\"kind\":\"nop\"}, {\"kind\":\"nop\"}, "
	"{\"kind\":\"nop\"}, {\"kind\":\"nop\"}], \"tcp_seq\":1, "
	"\"tcp_ack\":2, \"tcp_datalen\":0, \"tcp_win\":65535}, "
	"{\"dir\":\"tx\", \"tv_sec\":0, \"tv_usec\":2, \"len\":80, "
	"\"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":2, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":60, "
	"\"tcp_flags\":[\"ack\"], \"tcp_options\":[{\"kind\":\"sack\", "
	"\"blocks\":[{\"left\":1000000000, "
	"\"right\":1000999999}]},{\"kind\":\"sack\", "
	"\"blocks\":[{\"left\":2000000000, "
	"\"right\":2000999999}]},{\"kind\":\"sack\", "
	"\"blocks\":[{\"left\":3000000000, "
	"\"right\":3000999999}]},{\"kind\":\"sack\", "
	"\"blocks\":[{\"left\":4000000000, \"right\":4000999999}]}], "
	"\"tcp_seq\":1, \"tcp_ack\":2, \"tcp_datalen\":0, "
	"\"tcp_win\":65535}]}\n";

static const char sackcut_text[] =
	"tbit from 192.0.2.10 to 198.51.100.80\n"
	" server-mss 0, result: sack-rcvr-success\n"
	" [  0.000] RX                 80  seq = 1:2 {4000000000:4011111111,4"
	"022222222:4033333333,4044444444:4055555555,4066666666:4077777777} 00"
	"01\n"
	" [  0.000] TX                 80  seq = 1:2 {1000000000:1000999999} "
	"{2000000000:2000999999} {3000000000:3000999999} {4000000000:40009999"
	"99} 0002\n";

static const char sackcut_dump[] =
	"tbit from 192.0.2.10 to 198.51.100.80\n"
	" user-id: 0\n"
	" start: Tue Nov 14 22:13:21 2023 500000\n"
	" sport: 40000, dport: 80\n"
	" client-mss: 1460, server-mss: 0, ttl: 255\n"
	" type: sack-rcvr, result: sack-rcvr-success\n"
	" [  0.000] RX                 80  1:2             0001 {4000000000:4"
	"011111111,4022222222:4033333333,4044444444:405555\n"
	" [  0.000] TX                 80  1:2             0002 {1000000000:1"
	"000999999} {2000000000:2000999999} {3000000000:30\n"
	"\n";

/* For build_bad(340), with the JSON's packet lengths of build_bad(0). */
static const char bad_json[] =
	"{\"type\":\"tbit\", \"tbit_type\":\"ecn\", \"userid\":0, "
	"\"src\":\"192.0.2.10\", \"dst\":\"198.51.100.80\", \"sport\":40000, "
	"\"dport\":80, \"start\":{\"sec\":1700000001,\"usec\":500000}, "
	"\"client_mss\":1460, \"server_mss\":0, \"ttl\":255, "
	"\"result\":\"ecn-success\", \"pkts\":[{\"dir\":\"tx\", "
	"\"tv_sec\":0, \"tv_usec\":1, \"len\":1, \"ip_hlen\":20, "
	"\"ip_ecn\":0, \"ip_ttl\":0, \"frag_id\":0, \"frag_off\":0, "
	"\"frag_mf\":0, \"frag_df\":0}, {\"dir\":\"tx\", \"tv_sec\":0, "
	"\"tv_usec\":2, \"len\":20, \"ip_hlen\":20, \"ip_ecn\":0, "
	"\"ip_ttl\":64, \"frag_id\":85, \"frag_off\":0, \"frag_mf\":0, "
	"\"frag_df\":0, \"tcp_hlen\":0, \"tcp_flags\":[], "
	"\"tcp_options\":[], \"tcp_seq\":0, \"tcp_datalen\":20, "
	"\"tcp_win\":0}, {\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":3, "
	"\"len\":30, \"ip_hlen\":60, \"ip_ecn\":0, \"ip_ttl\":64, "
	"\"frag_id\":86, \"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, "
	"\"tcp_hlen\":0, \"tcp_flags\":[], \"tcp_options\":[], "
	"\"tcp_seq\":0, \"tcp_datalen\":65506, \"tcp_win\":0}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":4, \"len\":40, "
	"\"ip_hlen\":0, \"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":87, "
	"\"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":0, "
	"\"tcp_flags\":[], \"tcp_options\":[], \"tcp_seq\":5701632, "
	"\"tcp_datalen\":40, \"tcp_win\":0}, {\"dir\":\"tx\", \"tv_sec\":0, "
	"\"tv_usec\":5, \"len\":10, \"ip_hlen\":40, \"ip_ecn\":0, "
	"\"ip_ttl\":58, \"tcp_hlen\":0, \"tcp_flags\":[], "
	"\"tcp_options\":[], \"tcp_seq\":0, \"tcp_datalen\":20, "
	"\"tcp_win\":0}, {\"dir\":\"tx\", \"tv_sec\":0, \"tv_usec\":6, "
	"\"len\":40}, {\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":7, "
	"\"len\":44, \"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, "
	"\"frag_id\":88, \"frag_off\":0, \"frag_mf\":0, \"frag_df\":0, "
	"\"tcp_hlen\":60, \"tcp_flags\":[\"ack\"], "
	"\"tcp_options\":[{\"kind\":\"nop\"}, "
	"{\"kind\":\"nop\"},{\"kind\":\"sack\", \"blocks\":[{\"left\":0, "
	"\"right\":0},{\"left\":0, \"right\":0},{\"left\":0, "
	"\"right\":0},{\"left\":0, \"right\":0}]}, {\"kind\":\"eol\"}], "
	"\"tcp_seq\":1000, \"tcp_ack\":4000000000, \"tcp_datalen\":65500, "
	"\"tcp_win\":65535}, {\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":8, "
	"\"len\":22, \"ip_hlen\":20, \"ip_ecn\":0, \"ip_ttl\":64, "
	"\"frag_id\":89, \"frag_off\":0, \"frag_mf\":0, \"frag_df\":0}, "
	"{\"dir\":\"rx\", \"tv_sec\":0, \"tv_usec\":9, \"len\":42, "
	"\"ip_hlen\":40, \"ip_ecn\":0, \"ip_ttl\":58}, {\"dir\":\"tx\", "
	"\"tv_sec\":0, \"tv_usec\":10, \"len\":28, \"ip_hlen\":20, "
	"\"ip_ecn\":0, \"ip_ttl\":64, \"frag_id\":90, \"frag_off\":0, "
	"\"frag_mf\":0, \"frag_df\":0, \"tcp_hlen\":0, \"tcp_flags\":[], "
	"\"tcp_options\":[], \"tcp_seq\":1005, \"tcp_datalen\":20, "
	"\"tcp_win\":0}]}\n";

static const char bad_text[] =
	"tbit from 192.0.2.10 to 198.51.100.80\n"
	" server-mss 0, result: ecn-success\n"
	" [  0.000] TX \n"
	" [  0.000] TX                 40  seq = 0:0(20)          0055\n"
	" [  0.000] RX                 30  seq = 0:0(65506)       0056\n"
	" [  0.000] RX                 40  seq = 5701632:1074135040(40) 0057"
	"\n"
	" [  0.000] TX                 60  seq = 0:0(20)         \n"
	" [  0.000] RX                 44  seq = 1000:4000000000(65500) {0:0,"
	"0:0,0:0,0:0} 0058\n"
	" [  0.000] RX PTB             56  mtu = 0\n"
	" [  0.000] RX PTB             88  mtu = 0\n"
	" [  0.000] TX                 40  seq = 1005:0(20)       005a\n";

static const char bad_dump[] =
	"tbit from 192.0.2.10 to 198.51.100.80\n"
	" user-id: 0\n"
	" start: Tue Nov 14 22:13:21 2023 500000\n"
	" sport: 40000, dport: 80\n"
	" client-mss: 1460, server-mss: 0, ttl: 255\n"
	" type: ecn, result: ecn-success\n"
	" [  0.000] TX \n"
	" [  0.000] TX                 40  0(20)           0055\n"
	" [  0.000] RX                 30  0(65506)        0056\n"
	" [  0.000] RX                 40  5701632(40)     0057\n"
	" [  0.000] TX                 60  0(20)           \n"
	" [  0.000] TX len: 40, data: 5500000000000000000000000000000000000000"
	"0000000000000000000000000000000000000000\n"
	" [  0.000] RX                 44  1000:4000000000(65500)0058 {0:0,0:"
	"0,0:0,0:0}\n"
	" [  0.000] RX PTB             56  mtu = 0\n"
	" [  0.000] RX PTB             88  mtu = 0\n"
	" [  0.000] TX                 40  1005(20)        005a\n"
	"\n";

/* Ours: on this packet the JSON of scamper never ends. */
static const char loop_json[] =
	"{\"type\":\"tbit\", \"tbit_type\":\"ecn\", \"userid\":0, "
	"\"src\":\"2001:db8::10\", \"dst\":\"2001:db8::80\", "
	"\"sport\":40000, \"dport\":80, "
	"\"start\":{\"sec\":1700000001,\"usec\":500000}, "
	"\"client_mss\":1460, \"server_mss\":0, \"ttl\":255, "
	"\"result\":\"ecn-success\", \"pkts\":[{\"dir\":\"tx\", "
	"\"tv_sec\":0, \"tv_usec\":1, \"len\":60, \"ip_hlen\":40, "
	"\"ip_ecn\":0, \"ip_ttl\":58}]}\n";

static const char loop_text[] =
	"tbit from 2001:db8::10 to 2001:db8::80\n"
	" server-mss 0, result: ecn-success\n"
	" [  0.000] TX \n";

static const char loop_dump[] =
	"tbit from 2001:db8::10 to 2001:db8::80\n"
	" user-id: 0\n"
	" start: Tue Nov 14 22:13:21 2023 500000\n"
	" sport: 40000, dport: 80\n"
	" client-mss: 1460, server-mss: 0, ttl: 255\n"
	" type: ecn, result: ecn-success\n"
	" [  0.000] TX \n"
	"\n";

/* ---- the tests ------------------------------------------------------------ */

static void test_blocks_and_packets(void)
{
	warts_list *list = warts_list_alloc(42, "tbit-list");
	warts_cycle *cycle;
	warts_tbit *t;

	if (list == NULL || warts_strset(&list->monitor, "vp1.example") != 0 ||
	    (cycle = warts_cycle_alloc(list, 7, T0 - 1)) == NULL)
		abort();
	t = build_pmtud(list, cycle);
	check(t, pmtud_json, pmtud_text, pmtud_dump, "pmtud over IPv4");
	warts_tbit_free(t);
	warts_cycle_unref(cycle);
	warts_list_unref(list);

	t = build_null6();
	check(t, null6_json, null6_text, null6_dump, "null over IPv6");
	warts_tbit_free(t);
	t = build_icw();
	check(t, icw_json, icw_text, icw_dump, "icw");
	warts_tbit_free(t);
	t = build_blind();
	check(t, blind_json, blind_text, blind_dump, "blind-fin");
	warts_tbit_free(t);
}

static void test_malformed(void)
{
	warts_tbit *t = build_bad(0);
	check(t, bad_json, bad_text, bad_dump, "malformed packets");
	warts_tbit_free(t);
	t = build_loop();
	check(t, loop_json, loop_text, loop_dump, "looping IPv6 headers");
	warts_tbit_free(t);
}

static void test_sack_cut(void)
{
	warts_tbit *t = build_sackcut();
	check(t, sackcut_json, sackcut_text, sackcut_dump, "long SACKs");
	warts_tbit_free(t);
}

/*
 * Every type and result scamper names, and numbers for those it does not:
 * the JSON quotes the number, the text and dump print it bare.
 */
static void test_names(void)
{
	static const char *const types[] = {
		NULL, "pmtud", "ecn", "null", "sack-rcvr", "icw", "abc",
		"blind-data", "blind-rst", "blind-syn", "blind-fin", NULL,
	};
	static const struct { uint16_t v; const char *name; } results[] = {
		{ 0, "none" }, { 1, "tcp-noconn" }, { 2, "tcp-rst" },
		{ 3, "tcp-error" }, { 4, "sys-error" }, { 5, "aborted" },
		{ 6, "tcp-noconn-rst" }, { 7, "halted" }, { 8, "tcp-badopt" },
		{ 9, "tcp-fin" }, { 10, "tcp-zerowin" }, { 11, NULL },
		{ 19, NULL }, { 20, "pmtud-noack" }, { 21, "pmtud-nodata" },
		{ 22, "pmtud-toosmall" }, { 23, "pmtud-nodf" },
		{ 24, "pmtud-fail" }, { 25, "pmtud-success" },
		{ 26, "pmtud-cleardf" }, { 27, NULL }, { 30, "ecn-success" },
		{ 31, "ecn-incapable" }, { 32, "ecn-badsynack" },
		{ 33, "ecn-noece" }, { 34, "ecn-noack" }, { 35, "ecn-nodata" },
		{ 36, NULL }, { 40, "null-success" }, { 41, "null-nodata" },
		{ 42, NULL }, { 50, "sack-incapable" },
		{ 51, "sack-rcvr-success" }, { 52, "sack-rcvr-shifted" },
		{ 53, "sack-rcvr-timeout" }, { 54, "sack-rcvr-nosack" },
		{ 55, NULL }, { 60, "icw-success" }, { 61, "icw-tooshort" },
		{ 62, NULL }, { 70, "abc-success" }, { 71, "abc-tooshort" },
		{ 72, "abc-badicw" }, { 73, NULL }, { 80, "blind-accepted" },
		{ 81, "blind-challenge" }, { 82, "blind-ignored" },
		{ 83, "blind-rst" }, { 84, "blind-synnew" }, { 85, NULL },
		{ 65535, NULL },
	};
	size_t nt = sizeof(types) / sizeof(types[0]);
	size_t nr = sizeof(results) / sizeof(results[0]);

	for (size_t i = 0; i < nt || i < nr; i++) {
		uint8_t type = (uint8_t)(i < nt ? i : 255);
		uint16_t res = results[i < nr ? i : 0].v;
		const char *tn = i < nt ? types[i] : NULL;
		const char *rn = results[i < nr ? i : 0].name;
		warts_tbit *t = new_tbit(type, res, 0);
		char tname[8], rname[24], want[128];
		char *json = fmt(t, JSON), *text = fmt(t, TEXT);
		char *dump = fmt(t, DUMP);

		snprintf(tname, sizeof(tname), "%u", type);
		snprintf(rname, sizeof(rname), "%u", res);
		snprintf(want, sizeof(want),
		         "{\"type\":\"tbit\", \"tbit_type\":\"%s\", ",
		         tn != NULL ? tn : tname);
		ok(strncmp(json, want, strlen(want)) == 0,
		   "type %u in json: %s", type, want);
		snprintf(want, sizeof(want), "\"ttl\":255, \"result\":\"%s\", ",
		         rn != NULL ? rn : rname);
		ok(strstr(json, want) != NULL, "result %u in json: %s", res,
		   want);
		snprintf(want, sizeof(want), " server-mss 0, result: %s\n",
		         rn != NULL ? rn : rname);
		ok(strstr(text, want) != NULL, "result %u in text", res);
		snprintf(want, sizeof(want), "\n type: %s, result: %s\n",
		         tn != NULL ? tn : tname, rn != NULL ? rn : rname);
		ok(strstr(dump, want) != NULL,
		   "type %u and result %u in dump", type, res);
		free(json);
		free(text);
		free(dump);
		warts_tbit_free(t);
	}
}

/*
 * scamper's text goes through a 131072-byte buffer: a text that fits
 * whole ends at 131071 bytes; one that does not keeps 131071 bytes when
 * a formatted piece reached the end, 131070 when only a copied one
 * (" DF", " ECT" after the IP-ID) did, then a newline.  The tails are
 * scamper's.
 */
static void test_text_cut(void)
{
	static const struct {
		unsigned hostlen;
		size_t   len;
		const char *tail;
	} cases[] = {
		{ 21, 131070, "(960) 0000:0 MF DF ECT\n" },
		{ 22, 131071, "(960) 0000:0 MF DF ECT\n" },
		{ 23, 131071, "9(960) 0000:0 MF DF EC\n" },
		{ 30, 131071, "7423:999(960) 0000:0 M\n" },
		{ 40, 131072, "seq = 12347423:999(960)\n" },
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		uint8_t b[340];
		char host[64];
		warts_tbit *t = new_tbit(WARTS_TBIT_TYPE_ECN,
		                         WARTS_TBIT_RESULT_ECN_SUCCESS, 0);
		size_t len, tl = strlen(cases[c].tail);
		char *text;

		t->start.usec = 0;
		memset(host, 'h', cases[c].hostlen);
		host[cases[c].hostlen] = '\0';
		t->app_proto = WARTS_TBIT_APP_HTTP;
		t->http = zalloc(sizeof(*t->http));
		t->http->host = sdup(host);
		t->http->file = sdup("/");
		for (unsigned i = 0; i < 1746; i++) {
			memset(b, 0, sizeof(b));
			seg4(b, 1, 0, 0x6000, 12345678 + i, 999, ACK, NULL, 0,
			     0);
			be16(b + 2, 1000);
			add(t, TX, i * 100, b, sizeof(b));
		}
		text = fmt(t, TEXT);
		len = strlen(text);
		is_int(len, cases[c].len, "text of host %u: length",
		       cases[c].hostlen);
		ok(len >= tl && strcmp(text + len - tl, cases[c].tail) == 0,
		   "text of host %u: ends \"%.*s\"", cases[c].hostlen,
		   (int)tl - 1, cases[c].tail);
		free(text);
		warts_tbit_free(t);
	}
}

/*
 * Objects the decoder would not give: no addresses, an HTTP block with
 * neither host nor file (sc_warts2text would crash; the dump prints
 * printf's "(null)"), a block that does not match the type, a packet
 * count without packets, a cookie longer than warts allows, options
 * past the bits the JSON looks at; an ICW test without the
 * retransmission that ends the measurement.
 */
static void test_handbuilt(void)
{
	warts_tbit *t = warts_tbit_alloc();
	char *out;

	if (t == NULL)
		abort();
	t->type = WARTS_TBIT_TYPE_NULL;
	t->result = 11;
	t->pmtud = zalloc(sizeof(*t->pmtud));
	t->app_proto = WARTS_TBIT_APP_HTTP;
	t->http = zalloc(sizeof(*t->http));
	t->bgp = zalloc(sizeof(*t->bgp));
	t->client_fo_cookielen = 20;
	memset(t->client_fo_cookie, 0xab, sizeof(t->client_fo_cookie));
	t->options = 0x80000000u;
	t->pktc = 5;
	check(t,
	      "{\"type\":\"tbit\", \"tbit_type\":\"null\", \"userid\":0, "
	      "\"sport\":0, \"dport\":0, \"start\":{\"sec\":0,\"usec\":0}, "
	      "\"client_mss\":0, \"server_mss\":0, \"ttl\":255, "
	      "\"result\":\"11\", \"options\":[], "
	      "\"fo_cookie\":\"abababababababababababababababab\", "
	      "\"app\":\"http\", \"pkts\":[]}\n",
	      "tbit from <null> to <null>\n"
	      " server-mss 0, result: 11\n"
	      " app: http, file: (null)\n",
	      "tbit from <null> to <null>\n"
	      " user-id: 0\n"
	      " start: Thu Jan  1 00:00:00 1970 000000\n"
	      " sport: 0, dport: 0\n"
	      " client-mss: 0, server-mss: 0, ttl: 255\n"
	      " type: null, result: 11\n"
	      " options: 0x80000000\n"
	      " fo-cookie: abababababababababababababababab\n"
	      " app: http, file: (null)\n"
	      "\n",
	      "hand-built");
	t->pktc = 0;
	warts_tbit_free(t);

	/* the last packet sent instead of received: no second start */
	t = build_icw();
	t->pkts[t->pktc - 1].dir = TX;
	out = fmt(t, JSON);
	ok(strstr(out, "icw_bytes") == NULL, "icw without a retransmission");
	free(out);
	out = fmt(t, DUMP);
	ok(strstr(out, " icw-start-seq: 1\n") != NULL,
	   "icw dump without a size");
	free(out);
	/* not a success: no window; scamper's dump has no line, ours the
	 * start sequence number without a size */
	t->pkts[t->pktc - 1].dir = RX;
	t->result = WARTS_TBIT_RESULT_ICW_TOOSHORT;
	out = fmt(t, JSON);
	ok(strstr(out, "icw_bytes") == NULL, "icw too short: json");
	free(out);
	out = fmt(t, DUMP);
	ok(strstr(out, " icw-start-seq: 1\n") != NULL, "icw too short: dump");
	free(out);
	warts_tbit_free(t);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_names();
	test_blocks_and_packets();
	test_malformed();
	test_sack_cut();
	test_text_cut();
	test_handbuilt();
	return done_testing();
}
