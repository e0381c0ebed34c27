/*
 * test_sniff_fmt.c: packet capture as JSON and dump, for what the corpus
 * does not hold: IPv6 packets, packets too short for their IP header or
 * of another version, hex listings that end part-way through a line or a
 * pair, a packet before the start, an unknown stop reason, an error
 * message and a monitor, and hand-built objects holding what the decoder
 * would refuse.  The dump's expected strings follow scamper 20260420's
 * sc_wartsdump (its packet listing is the same as Debian's 20211212,
 * which printed these packets so); sc_warts2json prints nothing for a
 * sniff and the JSON is ours (see sniff_json.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testlib.h"
#include "warts/format.h"
#include "warts/sniff.h"

enum { JSON, TEXT, DUMP };

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

/* The object in one format; "" when the converter prints nothing. */
static char *fmt(const warts_sniff *s, int kind)
{
	warts_object obj = { .type = WARTS_TYPE_SNIFF };
	warts_strbuf sb = { 0 };
	char *out;
	int rc;

	obj.u.sniff = (warts_sniff *)s;
	rc = kind == JSON ? warts_json(&obj, 0, &sb) :
	     kind == TEXT ? warts_text(&obj, &sb) : warts_dump(&obj, &sb);
	out = strdup(rc > 0 && sb.data != NULL ? sb.data : "");
	warts_strbuf_free(&sb);
	return out;
}

static void check(const warts_sniff *s, int kind, const char *want,
                  const char *what)
{
	static const char *const kinds[] = { "json", "text", "dump" };
	char *got = fmt(s, kind);
	is_str(got, want, "%s: %s", what, kinds[kind]);
	free(got);
}

static void add_pkt(warts_sniff *s, uint32_t sec, uint32_t usec,
                    const uint8_t *data, uint16_t len)
{
	warts_tv tv = { sec, usec };
	if (warts_sniff_pkt_add(s, &tv, data, len) == NULL)
		abort();
}

/* An ICMPv6 echo reply header, 2001:db8::1 -> 2001:db8::2, and 4 bytes. */
static const uint8_t v6pkt[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x3a, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
	0x81, 0x00, 0x12, 0x34, 0x10, 0xe1, 0x00, 0x07, 0xde, 0xad, 0xbe,
	0xef,
};

/* An IPv4 header, 198.18.0.1 -> 192.0.2.2, with one byte after it. */
static const uint8_t v4pkt[] = {
	0x45, 0x00, 0x00, 0x15, 0x88, 0x79, 0x00, 0x00,
	0x3d, 0x01, 0x6d, 0x1a, 0xc6, 0x12, 0x00, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x2a,
};

static void test_full(void)
{
	warts_sniff *s = warts_sniff_alloc();

	s->list = warts_list_alloc(3, "L");
	warts_strset(&s->list->monitor, "mon");
	s->cycle = warts_cycle_alloc(s->list, 9, 1795781300);
	s->userid = 3000000000u;
	set_addr(&s->src, "2001:db8::2");
	s->start.sec = 1795781361; /* Fri Nov 27 12:09:21 2026 UTC */
	s->start.usec = 601528;
	s->finish.sec = 1795781364;
	s->finish.usec = 5;
	s->stop_reason = WARTS_SNIFF_STOP_HALTED;
	s->limit_pktc = 3000000000u;
	s->limit_time = 65535;
	s->icmpid = 4321;
	warts_strset(&s->errmsg, "tab\there");

	add_pkt(s, 1795781361, 700000, v6pkt, sizeof(v6pkt));
	/* before the start; an IPv4 header with one byte to follow */
	add_pkt(s, 1795781360, 601529, v4pkt, sizeof(v4pkt));
	/* too short to be read as IPv4; then not IP at all */
	add_pkt(s, 1795781362, 0, v4pkt, 19);
	add_pkt(s, 1795781362, 1, v6pkt + 40, 3);

	check(s, JSON,
	"{\"type\":\"sniff\", \"version\":\"0.1\", \"src\":\"2001:db8::2\", "
	"\"userid\":3000000000, \"start\":{\"sec\":1795781361, "
	"\"usec\":601528}, \"finish\":{\"sec\":1795781364, \"usec\":5}, "
	"\"stop_reason\":\"halted\", \"limit_pktc\":3000000000, "
	"\"limit_time\":{\"sec\":65535, \"usec\":0}, \"icmp_id\":4321, "
	"\"errmsg\":\"tab\\there\", \"monitor\":\"mon\", \"pktc\":4, "
	"\"pkts\":[{\"rx\":{\"sec\":1795781361, \"usec\":700000}, "
	"\"len\":52, \"data\":\"6000000000"
	"0c3a4020010db800000000000000000000000120010db80000000000000000000"
	"000028100123410e10007deadbeef\"},{\"rx\":{\"sec\":1795781360, "
	"\"usec\":601529}, \"len\":21, \"data\":\"45000015887900003d016d1a"
	"c6120001c00002022a\"},{\"rx\":{\"sec\":1795781362, \"usec\":0}, "
	"\"len\":19, \"data\":\"45000015887900003d016d1ac6120001c00002\"},"
	"{\"rx\":{\"sec\":1795781362, \"usec\":1}, \"len\":3, "
	"\"data\":\"810012\"}]}\n",
	"full");
	check(s, TEXT, "", "full");
	check(s, DUMP,
	"sniff 2001:db8::2\n"
	" list id: 3, name: L, monitor: mon\n"
	" cycle id: 9\n"
	" user-id: -1294967296\n"
	" start: Fri Nov 27 12:09:21 2026 601528\n"
	" finish: Fri Nov 27 12:09:24 2026 000005\n"
	" limit-pktc: -1294967296, limit-time: 65535s, icmp-id 4321\n"
	" result: halted, pktc: 4\n"
	" errmsg: tab\there\n"
	"   0 0.098472 2001:db8::1 -> 2001:db8::2\n"
	"     0x0000:  6000 0000 000c 3a40 2001 0db8 0000 0000\n"
	"     0x0010:  0000 0000 0000 0001 2001 0db8 0000 0000\n"
	"     0x0020:  0000 0000 0000 0002 8100 1234 10e1 0007\n"
	"     0x0030:  dead beef\n"
	"   1 -1.000001 198.18.0.1 -> 192.0.2.2\n"
	"     0x0000:  4500 0015 8879 0000 3d01 6d1a c612 0001\n"
	"     0x0010:  c000 0202 2a\n"
	"   2 0.398472\n"
	"     0x0000:  4500 0015 8879 0000 3d01 6d1a c612 0001\n"
	"     0x0010:  c000 02\n"
	"   3 0.398473\n"
	"     0x0000:  8100 12\n",
	"full");
	warts_sniff_free(s);
}

static void test_odd(void)
{
	warts_sniff *s = warts_sniff_alloc();
	char *out;

	/* no source (the decoder requires one), an unknown stop reason */
	s->stop_reason = 9;
	s->start.sec = 1795781361;
	check(s, JSON,
	"{\"type\":\"sniff\", \"version\":\"0.1\", \"userid\":0, "
	"\"start\":{\"sec\":1795781361, \"usec\":0}, "
	"\"finish\":{\"sec\":0, \"usec\":0}, \"stop_reason\":9, "
	"\"limit_pktc\":0, \"limit_time\":{\"sec\":0, \"usec\":0}, "
	"\"icmp_id\":0, \"pktc\":0, \"pkts\":[]}\n",
	"odd");
	check(s, DUMP,
	"sniff <null>\n"
	" user-id: 0\n"
	" start: Fri Nov 27 12:09:21 2026 000000\n"
	" finish: Thu Jan  1 00:00:00 1970 000000\n"
	" limit-pktc: 0, limit-time: 0s, icmp-id 0\n"
	" result: 9, pktc: 0\n",
	"odd");

	/* 16 bytes exactly: one full line and no partial one; the index
	 * past 99 pushes the columns over */
	for (int i = 0; i < 101; i++)
		add_pkt(s, 1795781361, 0, v6pkt + 8, 16);
	out = fmt(s, DUMP);
	ok(strstr(out, "   0 0.000000\n"
	               "     0x0000:  2001 0db8 0000 0000 0000 0000 0000 0001\n"
	               "   1 ") != NULL, "16 bytes fill one line");
	ok(strstr(out, "\n 100 0.000000\n") != NULL, "index 100");
	free(out);

	/* a packet count the array does not hold; a packet without bytes */
	s->pkts[0].len = 0;
	free(s->pkts[0].data);
	s->pkts[0].data = NULL;
	out = fmt(s, DUMP);
	ok(strstr(out, "   0 0.000000\n   1 ") != NULL, "packet without bytes");
	free(out);
	out = fmt(s, JSON);
	ok(strstr(out, "\"pkts\":[{\"rx\":{\"sec\":1795781361, \"usec\":0}, "
	               "\"len\":0, \"data\":\"\"},") != NULL,
	   "packet without bytes: json");
	free(out);
	for (uint32_t i = 0; i < s->pktc; i++)
		free(s->pkts[i].data);
	free(s->pkts);
	s->pkts = NULL;
	s->pktc = 5;
	out = fmt(s, DUMP);
	ok(strstr(out, "0x") == NULL, "packet count without packets");
	free(out);
	s->pktc = 0;
	warts_sniff_free(s);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_full();
	test_odd();
	return done_testing();
}
