/*
 * test_sting_fmt.c: Sting as JSON, text and dump, for what the corpus
 * does not hold (its one sting has no packets): the packet listing (SYN,
 * SYN/ACK, FIN, RST, ECE and CWR, data segments, sequence numbers before
 * the initial ones, a listing cut as scamper's 32-byte buffer cuts it,
 * times before the start and past 999 seconds, an IPv4 header with
 * options, IPv6 extension headers, packets that are not TCP or not IP),
 * the holes in the text, an error message and a monitor, unknown result
 * and distribution values, and hand-built objects holding what the
 * decoder would refuse.  The text and dump follow scamper 20260420's
 * converters (the packet lines are as Debian's scamper 20211212, whose
 * listing code is the same, printed them); sc_warts2json prints nothing
 * for a sting and the JSON is ours (see sting_json.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testlib.h"
#include "warts/format.h"
#include "warts/sting.h"

enum { JSON, TEXT, DUMP };

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

/* The object in one format; "" when the converter prints nothing. */
static char *fmt(const warts_sting *s, int kind, unsigned flags)
{
	warts_object obj = { .type = WARTS_TYPE_STING };
	warts_strbuf sb = { 0 };
	char *out;
	int rc;

	obj.u.sting = (warts_sting *)s;
	rc = kind == JSON ? warts_json(&obj, flags, &sb) :
	     kind == TEXT ? warts_text(&obj, &sb) : warts_dump(&obj, &sb);
	out = strdup(rc > 0 && sb.data != NULL ? sb.data : "");
	warts_strbuf_free(&sb);
	return out;
}

static void check(const warts_sting *s, int kind, const char *want,
                  const char *what)
{
	static const char *const kinds[] = { "json", "text", "dump" };
	char *got = fmt(s, kind, 0);
	is_str(got, want, "%s: %s", what, kinds[kind]);
	free(got);
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

/* The TCP header's sequence, acknowledgement, offset and flags at h. */
static void tcp(uint8_t *b, unsigned h, uint32_t seq, uint32_t ack,
                unsigned doff, uint8_t flags)
{
	be16(b + h, 40000);
	be16(b + h + 2, 80);
	be32(b + h + 4, seq);
	be32(b + h + 8, ack);
	b[h + 12] = (uint8_t)(doff << 4);
	b[h + 13] = flags;
}

struct pktspec {
	uint8_t  flags;       /* WARTS_STING_PKT_* */
	uint32_t sec, usec;
	unsigned ihl;         /* IPv4 header words; 0 for the IPv6 ones */
	uint16_t iplen;       /* IPv4 total length, or IPv6 payload length */
	uint16_t ipid;
	uint8_t  proto;       /* protocol, or IPv6 next header */
	const uint8_t *ext;   /* IPv6 extension headers */
	unsigned extlen;
	uint32_t seq, ack;
	unsigned doff;
	uint8_t  tcpflags;
	uint16_t reclen;      /* bytes the record holds */
};

static void add_pkt(warts_sting *s, const struct pktspec *p)
{
	uint8_t b[256] = { 0 };
	warts_tv tv = { p->sec, p->usec };
	unsigned h;

	if (p->ihl > 0) {
		b[0] = (uint8_t)(0x40 | p->ihl);
		be16(b + 2, p->iplen);
		be16(b + 4, p->ipid);
		b[8] = 64;
		b[9] = p->proto;
		h = p->ihl * 4;
	} else {
		b[0] = 0x60;
		be16(b + 4, p->iplen);
		b[6] = p->proto;
		b[7] = 64;
		if (p->extlen > 0)
			memcpy(b + 40, p->ext, p->extlen);
		h = 40 + p->extlen;
	}
	tcp(b, h, p->seq, p->ack, p->doff, p->tcpflags);
	if (warts_sting_pkt_add(s, p->flags, &tv, b, p->reclen) == NULL)
		abort();
}

static warts_sting *new_sting(void)
{
	warts_sting *s = warts_sting_alloc();
	set_addr(&s->src, "192.0.2.2");
	set_addr(&s->dst, "198.51.100.80");
	s->sport = 40000;
	s->dport = 80;
	s->start.sec = 1700000001; /* Tue Nov 14 22:13:21 2023 UTC */
	s->start.usec = 500000;
	return s;
}

/* ---- the packet listing ----------------------------------------------- */

#define TX WARTS_STING_PKT_TX
#define RX WARTS_STING_PKT_RX
#define DATA WARTS_STING_PKT_DATA
#define HOLE WARTS_STING_PKT_HOLE
#define C 1000u          /* our initial sequence number */
#define S 4000000000u    /* theirs */
#define T 1700000001u

static void test_listing(void)
{
	static const uint8_t hop[16] = { 6, 1 };
	static const uint8_t frag[8] = { 6, 0 };
	static const uint8_t hop0[8] = { 6, 0 };
	static const uint8_t chain[24] = { 44, 1, [16] = 6 };
	const struct pktspec pkts[] = {
		{ TX, T, 500100, 5, 40, 0x1234, 6, NULL, 0, C, 0, 5, 0x02, 40 },
		{ RX, T, 512000, 5, 44, 0, 6, NULL, 0, S, C + 1, 6, 0x12, 44 },
		{ TX | DATA, T + 1, 400000, 5, 140, 0xabcd, 6, NULL, 0,
		  C + 1, S + 1, 5, 0x10, 40 },
		{ TX | DATA | HOLE, T + 1, 600000, 5, 140, 0xabce, 6, NULL, 0,
		  C + 101, S + 1, 5, 0x18, 140 },
		{ RX, T + 2, 0, 5, 40, 1, 6, NULL, 0, S + 1, C + 1, 5, 0xd1,
		  40 },
		{ TX, T + 2, 1, 5, 40, 2, 6, NULL, 0, C + 1, 0, 5, 0x04, 40 },
		{ TX, T + 2, 2, 5, 40, 3, 6, NULL, 0, C + 1, 0, 5, 0x40, 40 },
		{ TX, T + 2, 3, 5, 40, 4, 6, NULL, 0, C + 1, 0, 5, 0x80, 40 },
		{ TX, T + 2, 4, 5, 40, 5, 6, NULL, 0, C + 1, 0, 5, 0xc0, 40 },
		{ 0, T + 2, 5, 5, 40, 6, 6, NULL, 0, C + 1, 0, 5, 0, 40 },
		{ DATA | HOLE, T + 2, 6, 5, 40, 7, 6, NULL, 0, C + 1, 0, 5, 0,
		  40 },
		/* UDP: not listed */
		{ TX, T + 2, 7, 5, 40, 8, 17, NULL, 0, 0, 0, 5, 0x10, 40 },
		/* both numbers just before the initial ones, 65495 bytes */
		{ TX | DATA, T + 2, 8, 5, 65535, 9, 6, NULL, 0, C - 1, S - 1,
		  5, 0x10, 60 },
		{ RX | DATA, T + 2, 9, 5, 65535, 10, 6, NULL, 0, C - 1, S - 1,
		  5, 0x10, 60 },
		/* IPv4 options and a 32-byte TCP header */
		{ TX, T + 3, 999999, 15, 100, 11, 6, NULL, 0, C + 5, S + 7, 8,
		  0x10, 100 },
		/* before the start, with more header than IP length */
		{ TX, T - 1, 100, 5, 30, 12, 6, NULL, 0, C + 5, S + 7, 5, 0x10,
		  40 },
		{ TX, T + 1234, 100, 5, 40, 13, 6, NULL, 0, C + 5, S + 7, 5,
		  0x10, 40 },
		{ TX, T - 1001, 600000, 5, 40, 14, 6, NULL, 0, C + 5, S + 7, 5,
		  0x10, 40 },
		/* IPv6: hop-by-hop, fragment, an empty hop-by-hop (not
		 * followed), a destination-options chain, none */
		{ TX, T + 4, 0, 0, 36, 0, 0, hop, 16, C + 9, S + 9, 5, 0x02,
		  76 },
		{ RX, T + 4, 1, 0, 28, 0, 44, frag, 8, C + 9, S + 9, 5, 0x12,
		  68 },
		{ RX, T + 4, 2, 0, 28, 0, 0, hop0, 8, C + 9, S + 9, 5, 0x12,
		  68 },
		{ TX, T + 4, 3, 0, 44, 0, 60, chain, 24, C + 9, S + 9, 5, 0x10,
		  84 },
		{ TX | DATA | HOLE, T + 4, 4, 0, 20, 0, 6, NULL, 0, C + 9,
		  S + 9, 5, 0x11, 60 },
		{ RX | DATA, T + 4, 5, 0, 1000, 0, 6, NULL, 0, C + 9, S + 9, 5,
		  0x10, 60 },
	};
	warts_sting *s = new_sting();
	char *out;

	s->list = warts_list_alloc(5, "L");
	s->cycle = warts_cycle_alloc(s->list, 7, 1700000000);
	s->userid = 3000000000u;
	s->count = 10;
	s->mean = 1234;
	s->inter = 5;
	s->dist = WARTS_STING_DIST_EXPONENTIAL;
	s->hsrtt.usec = 999;
	s->holec = 3;
	s->dataackc = 2;
	s->result = WARTS_STING_RESULT_ERROR;
	for (size_t i = 0; i < sizeof(pkts) / sizeof(pkts[0]); i++)
		add_pkt(s, &pkts[i]);
	{
		/* version 5: not listed */
		uint8_t b[40] = { 0x50 };
		warts_tv tv = { T + 5, 0 };
		warts_sting_pkt_add(s, TX, &tv, b, sizeof(b));
	}

	check(s, DUMP,
	"sting from 192.0.2.2 to 198.51.100.80\n"
	" list id: 5, name: L\n"
	" cycle id: 7\n"
	" user-id: -1294967296\n"
	" start: Tue Nov 14 22:13:21 2023 500000\n"
	" sport: 40000, dport: 80\n"
	" count: 10, mean: 1.234s, inter: 0.005s, seqskip 0, dist: exponential\n"
	" synretx: 0, dataretx: 0\n"
	" dataackc: 2, holec: 3\n"
	" hs-rtt: 0.000999\n"
	" result: error\n"
	" [  0.000] TX SYN             40 seq = 0:0              1234\n"
	" [  0.012] RX SYN/ACK         44 seq = 0:1              0000\n"
	" [  0.900] TX                140 seq = 1:1(100)         abcd\n"
	" [  1.100] TX                140 seq = 101:1(100)       abce\n"
	" [  1.500] RX FIN/ECE/CWR     40 seq = 1:1              0001\n"
	" [  1.500] TX RST             40 seq = 1:294967296      0002\n"
	" [  1.500] TX ECE             40 seq = 1:294967296      0003\n"
	" [  1.500] TX CWR             40 seq = 1:294967296      0004\n"
	" [  1.500] TX ECE/CWR         40 seq = 1:294967296      0005\n"
	" [  1.500] ??                 40 seq = 294968297:4294966296 0006\n"
	" [  1.500] ??                 40 seq = 294968297:4294966296 0007\n"
	/* ours: what is not TCP, which scamper's dump skips */
	" [  1.500] TX len: 40, data: 4500002800080000401100000000000000000000"
	"9c40005000000000000000005010000000000000\n"
	" [  1.500] TX               65535 seq = 4294967295:4294967295(65 "
	"0009\n"
	" [  1.500] RX               65535 seq = 294968295:3999998999(654 "
	"000a\n"
	" [  3.499] TX                100 seq = 5:7(8)           000b\n"
	" [ -2.500] TX                 30 seq = 5:7(65526)       000c\n"
	" [1233.500] TX                 40 seq = 5:7              000d\n"
	" [-1001.100] TX                 40 seq = 5:7              000e\n"
	" [  3.500] TX SYN             76 seq = 0:9             \n"
	" [  3.500] RX SYN/ACK         68 seq = 0:3999999000    \n"
	" [  3.500] RX len: 68, data: "
	"60000000001c004000000000000000000000000000000000"
	"000000000000000000000000000000000600000000000000"
	"9c400050000003f1ee6b28095012000000000000\n"
	" [  3.500] TX                 84 seq = 0:3999999000    \n"
	" [  3.500] TX FIN             60 seq = 0:3999999000    \n"
	" [  3.500] RX               1040 seq = 0:3999999000(980)\n"
	" [  4.500] TX len: 40, data: 5000000000000000000000000000000000000000"
	"0000000000000000000000000000000000000000\n",
	"listing");
	/* the holes, numbered among the data segments */
	check(s, TEXT,
	"sting from 192.0.2.2:40000 to 198.51.100.80:80, 10 probes, "
	"1234ms mean\n"
	" data-ack count 2, holec 3\n"
	"  probe 2 hole\n"
	"  probe 3 hole\n"
	"  probe 6 hole\n",
	"listing");
	out = fmt(s, JSON, 0);
	{
		static const char want[] =
		"{\"type\":\"sting\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
		"\"dst\":\"198.51.100.80\", \"sport\":40000, \"dport\":80, "
		"\"userid\":3000000000, \"start\":{\"sec\":1700000001, "
		"\"usec\":500000}, \"count\":10, \"mean\":{\"sec\":1, "
		"\"usec\":234000}, \"inter\":{\"sec\":0, \"usec\":5000}, "
		"\"dist\":\"exponential\", \"synretx\":0, \"dataretx\":0, "
		"\"seqskip\":0, \"hsrtt\":0.999, \"dataackc\":2, \"holec\":3, "
		"\"result\":\"error\", \"pktc\":25, \"pkts\":[{\"flags\":[\"tx\"], "
		"\"tv\":{\"sec\":1700000001, \"usec\":500100}, \"len\":40, "
		"\"data\":\"4500002812340000400600000000000000000000"
		"9c400050000003e8000000005002000000000000\"},";
		ok(strncmp(out, want, strlen(want)) == 0,
		   "listing: json header and first packet");
	}
	ok(strstr(out, "{\"flags\":[\"tx\",\"data\",\"hole\"], "
	               "\"tv\":{\"sec\":1700000002, \"usec\":600000}, "
	               "\"len\":140, ") != NULL, "listing: json flags");
	ok(strstr(out, "{\"flags\":[], \"tv\":{\"sec\":1700000003, "
	               "\"usec\":5}, ") != NULL, "listing: json no flags");
	ok(strcmp(out + strlen(out) - 3, "]}\n") == 0, "listing: json end");
	free(out);
	warts_sting_free(s);
}

/* ---- IPv6 addresses, largest values, errmsg, monitor ------------------ */

static void test_header(void)
{
	warts_sting *s = warts_sting_alloc();
	char *out;

	s->list = warts_list_alloc(5, "L");
	warts_strset(&s->list->monitor, "mon");
	set_addr(&s->src, "2001:db8::2");
	set_addr(&s->dst, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
	s->sport = s->dport = s->count = s->mean = s->inter = 65535;
	s->dataackc = s->holec = 65535;
	s->synretx = s->dataretx = s->seqskip = 255;
	s->dist = 9;
	s->result = 7;
	s->start.sec = 1700000001;
	s->hsrtt.sec = 3;
	s->hsrtt.usec = 5;
	warts_strset(&s->errmsg, "no \"route\"");
	s->datalen = 3;
	s->data = malloc(3);
	memcpy(s->data, "GET", 3);

	check(s, JSON,
	"{\"type\":\"sting\", \"version\":\"0.1\", \"src\":\"2001:db8::2\", "
	"\"dst\":\"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\", "
	"\"sport\":65535, \"dport\":65535, \"userid\":0, "
	"\"start\":{\"sec\":1700000001, \"usec\":0}, \"count\":65535, "
	"\"mean\":{\"sec\":65, \"usec\":535000}, "
	"\"inter\":{\"sec\":65, \"usec\":535000}, \"dist\":9, "
	"\"synretx\":255, \"dataretx\":255, \"seqskip\":255, "
	"\"hsrtt\":3000.005, \"dataackc\":65535, \"holec\":65535, "
	"\"result\":7, \"errmsg\":\"no \\\"route\\\"\", \"monitor\":\"mon\", "
	"\"pktc\":0, \"pkts\":[]}\n",
	"header");
	out = fmt(s, JSON, WARTS_JSON_ALLFIELDS);
	ok(strstr(out, "\"seqskip\":255, \"datalen\":3, "
	               "\"payload\":\"474554\", \"hsrtt\":") != NULL,
	   "header: json with all fields");
	free(out);
	check(s, TEXT,
	"sting from 2001:db8::2:65535 to "
	"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff:65535, 65535 probes, "
	"65535ms mean\n"
	" data-ack count 65535, holec 65535\n",
	"header");
	check(s, DUMP,
	"sting from 2001:db8::2 to 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\n"
	" list id: 5, name: L, monitor: mon\n"
	" user-id: 0\n"
	" start: Tue Nov 14 22:13:21 2023 000000\n"
	" sport: 65535, dport: 65535\n"
	" count: 65535, mean: 65.535s, inter: 65.535s, seqskip 255, dist: 9,"
	" datalen: 3\n"
	" synretx: 255, dataretx: 255\n"
	" dataackc: 65535, holec: 65535\n"
	" hs-rtt: 3.000005\n"
	" result: 7\n"
	" errmsg: no \"route\"\n",
	"header");
	warts_sting_free(s);
}

/* ---- what the decoder refuses ----------------------------------------- */

static void test_handbuilt(void)
{
	warts_sting *s = warts_sting_alloc();
	uint8_t b[24] = { 0x45, 0, 0, 24, 0, 0, 0, 0, 64, 6 };
	warts_tv tv = { 1, 0 };
	char *out;

	/* no addresses */
	check(s, TEXT,
	"sting from <null>:0 to <null>:0, 0 probes, 0ms mean\n"
	" data-ack count 0, holec 0\n",
	"no addresses");
	out = fmt(s, DUMP, 0);
	ok(strncmp(out, "sting from <null> to <null>\n", 28) == 0,
	   "no addresses: dump");
	free(out);
	out = fmt(s, JSON, 0);
	ok(strncmp(out, "{\"type\":\"sting\", \"version\":\"0.1\", "
	                "\"sport\":0,", 44) == 0, "no addresses: json");
	free(out);

	/* a TCP packet cut inside its TCP header: the missing bytes read
	 * as zero, where scamper reads past the packet */
	b[20] = 0x9c;
	warts_sting_pkt_add(s, TX, &tv, b, sizeof(b));
	/* a packet without bytes */
	warts_sting_pkt_add(s, RX, &tv, b, 1);
	free(s->pkts[1].data);
	s->pkts[1].data = NULL;
	s->pkts[1].len = 0;
	out = fmt(s, DUMP, 0);
	ok(strstr(out, "] TX                 24 seq = 0:0(4)           0000\n")
	   != NULL, "packet cut in its TCP header");
	ok(strstr(out, "RX") == NULL, "packet without bytes: dump");
	free(out);
	out = fmt(s, JSON, 0);
	ok(strstr(out, "{\"flags\":[\"rx\"], \"tv\":{\"sec\":1, \"usec\":0}, "
	               "\"len\":0, \"data\":\"\"}]}\n") != NULL,
	   "packet without bytes: json");
	free(out);

	/* holes counted, but no packets to list */
	s->holec = 1;
	free(s->pkts[0].data);
	free(s->pkts);
	s->pkts = NULL;
	out = fmt(s, TEXT, 0);
	ok(strstr(out, "hole\n") == NULL, "packet count without packets");
	free(out);
	s->pktc = 0;
	warts_sting_free(s);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_listing();
	test_header();
	test_handbuilt();
	return done_testing();
}
