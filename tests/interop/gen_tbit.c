/*
 * gen_tbit.c: write a list, a cycle and tbit tests built in code (not read
 * from any file), for tbit.t to show to scamper's own tools: a PMTUD test
 * with packets, a TFO cookie and an HTTPS block; a null test over IPv6
 * with a BGP block; a blind-rst test with an HTTP block holding only a
 * file; an ICW test.
 *
 * scamper 20211212's tools parse the packets as IP and TCP (or ICMP)
 * without checking their lengths, so every packet here is a whole one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/warts.h"
#include "warts/tbit.h"

static const uint8_t pkt_syn[] = {
	/* IPv4 192.0.2.10 -> 198.51.100.80, id 0x1234, DF, TCP */
	0x45, 0x00, 0x00, 0x2c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06,
	0x00, 0x00, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x50,
	/* 40000 -> 80, seq 1000, SYN, MSS 1460 */
	0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00,
	0x00, 0x00, 0x60, 0x02, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x04, 0x05, 0xb4,
};

static const uint8_t pkt_synack[] = {
	0x45, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x40, 0x00, 0x3a, 0x06,
	0x00, 0x00, 0xc6, 0x33, 0x64, 0x50, 0xc0, 0x00, 0x02, 0x0a,
	/* 80 -> 40000, seq 2000, ack 1001, SYN/ACK, MSS 1400 */
	0x00, 0x50, 0x9c, 0x40, 0x00, 0x00, 0x07, 0xd0, 0x00, 0x00,
	0x03, 0xe9, 0x60, 0x12, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x04, 0x05, 0x78,
};

static const uint8_t pkt_ptb[] = {
	/* IPv4 203.0.113.1 -> 192.0.2.10, ICMP */
	0x45, 0x00, 0x00, 0x38, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01,
	0x00, 0x00, 0xcb, 0x00, 0x71, 0x01, 0xc0, 0x00, 0x02, 0x0a,
	/* fragmentation needed, next-hop MTU 1280 */
	0x03, 0x04, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00,
	/* the quoted IP header and 8 bytes of TCP */
	0x45, 0x00, 0x05, 0xdc, 0x12, 0x35, 0x40, 0x00, 0x3f, 0x06,
	0x00, 0x00, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x50,
	0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe9,
};

static void addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0) {
		fprintf(stderr, "bad address %s\n", s);
		exit(1);
	}
}

static void *zalloc(size_t n)
{
	void *p = calloc(1, n);
	if (p == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return p;
}

static void pkt(warts_tbit *t, uint8_t dir, uint32_t usec, const uint8_t *d,
                uint16_t len)
{
	warts_tv tv = { t->start.sec, t->start.usec + usec };
	if (warts_tbit_pkt_add(t, dir, &tv, d, len) == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
}

static warts_tbit *tbit_new(warts_list *list, warts_cycle *cycle,
                            uint8_t type, uint8_t app, uint32_t sec)
{
	warts_tbit *t = warts_tbit_alloc();
	if (t == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	t->list = warts_list_ref(list);
	t->cycle = warts_cycle_ref(cycle);
	t->type = type;
	t->app_proto = app;
	t->start.sec = sec;
	t->start.usec = 123456;
	return t;
}

static warts_tbit *tbit_pmtud(warts_list *list, warts_cycle *cycle)
{
	static const uint8_t cookie[] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	};
	warts_tbit *t = tbit_new(list, cycle, WARTS_TBIT_TYPE_PMTUD,
	                         WARTS_TBIT_APP_HTTP, 1700000001);
	t->userid = 31337;
	addr(&t->src, "192.0.2.10");
	addr(&t->dst, "198.51.100.80");
	t->sport = 40000;
	t->dport = 80;
	t->result = WARTS_TBIT_RESULT_PMTUD_SUCCESS;
	t->client_mss = 1460;
	t->server_mss = 1400;
	t->client_syn_retx = 1;
	t->client_dat_retx = 2;
	memcpy(t->client_fo_cookie, cookie, sizeof(cookie));
	t->client_fo_cookielen = sizeof(cookie);
	t->client_wscale = 7;
	t->options = WARTS_TBIT_OPT_TCPTS | WARTS_TBIT_OPT_SACK;
	t->client_ipttl = 64;

	pkt(t, WARTS_TBIT_PKT_TX, 1000, pkt_syn, sizeof(pkt_syn));
	pkt(t, WARTS_TBIT_PKT_RX, 50000, pkt_synack, sizeof(pkt_synack));
	pkt(t, WARTS_TBIT_PKT_RX, 100000, pkt_ptb, sizeof(pkt_ptb));

	t->pmtud = zalloc(sizeof(*t->pmtud));
	t->pmtud->mtu = 1280;
	t->pmtud->ptb_retx = 3;
	t->pmtud->options = WARTS_TBIT_PMTUD_OPT_BLACKHOLE;
	addr(&t->pmtud->ptbsrc, "203.0.113.1");

	t->http = zalloc(sizeof(*t->http));
	t->http->type = WARTS_TBIT_HTTP_TYPE_HTTPS;
	t->http->host = strdup("www.example.com");
	t->http->file = strdup("/index.html");
	return t;
}

static warts_tbit *tbit_null(warts_list *list, warts_cycle *cycle)
{
	warts_tbit *t = tbit_new(list, cycle, WARTS_TBIT_TYPE_NULL,
	                         WARTS_TBIT_APP_BGP, 1700000002);
	addr(&t->src, "2001:db8::10");
	addr(&t->dst, "2001:db8::80");
	t->sport = 40001;
	t->dport = 179;
	t->result = WARTS_TBIT_RESULT_NULL_SUCCESS;
	t->client_mss = 1440;
	t->null = zalloc(sizeof(*t->null));
	t->null->options = WARTS_TBIT_NULL_OPT_TCPTS | WARTS_TBIT_NULL_OPT_SACK;
	t->null->results = WARTS_TBIT_NULL_RESULT_TCPTS |
	                   WARTS_TBIT_NULL_RESULT_SACK;
	t->bgp = zalloc(sizeof(*t->bgp));
	t->bgp->asn = 64496;
	return t;
}

static warts_tbit *tbit_blind(warts_list *list, warts_cycle *cycle)
{
	warts_tbit *t = tbit_new(list, cycle, WARTS_TBIT_TYPE_BLIND_RST,
	                         WARTS_TBIT_APP_HTTP, 1700000003);
	addr(&t->src, "192.0.2.10");
	addr(&t->dst, "203.0.113.80");
	t->sport = 40002;
	t->dport = 80;
	t->result = WARTS_TBIT_RESULT_BLIND_ACCEPTED;
	t->client_mss = 536;
	t->blind = zalloc(sizeof(*t->blind));
	t->blind->off = -70000;
	t->blind->retx = 4;
	t->http = zalloc(sizeof(*t->http));
	t->http->file = strdup("/only-a-file.html");
	return t;
}

static warts_tbit *tbit_icw(warts_list *list, warts_cycle *cycle)
{
	warts_tbit *t = tbit_new(list, cycle, WARTS_TBIT_TYPE_ICW,
	                         WARTS_TBIT_APP_SMTP, 1700000004);
	addr(&t->src, "192.0.2.10");
	addr(&t->dst, "198.18.0.25");
	t->sport = 40003;
	t->dport = 25;
	t->result = WARTS_TBIT_RESULT_ICW_TOOSHORT;
	t->client_mss = 1460;
	t->icw = zalloc(sizeof(*t->icw));
	t->icw->start_seq = 12345;
	return t;
}

static void put(warts_writer *w, warts_object *obj)
{
	if (warts_writer_write(w, obj) != 0) {
		fprintf(stderr, "%s\n", warts_writer_error(w)->msg);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	warts_tbit *(*const make[])(warts_list *, warts_cycle *) = {
		tbit_pmtud, tbit_null, tbit_blind, tbit_icw,
	};
	warts_error err;
	warts_writer *w;
	warts_list *list;
	warts_cycle *cycle;
	warts_object obj;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_tbit out.warts\n");
		return 2;
	}
	w = warts_writer_open(argv[1], WARTS_COMPRESS_NONE, &err);
	if (w == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	list = warts_list_alloc(4243, "tbit-list");
	warts_strset(&list->descr, "tbit built in code");
	cycle = warts_cycle_alloc(list, 78, 1700000000);
	warts_strset(&cycle->hostname, "tbit-host");

	obj.type = WARTS_TYPE_LIST;
	obj.u.list = list;
	put(w, &obj);
	obj.type = WARTS_TYPE_CYCLE_START;
	obj.u.cycle = cycle;
	put(w, &obj);

	for (size_t i = 0; i < sizeof(make) / sizeof(make[0]); i++) {
		obj.type = WARTS_TYPE_TBIT;
		obj.u.tbit = make[i](list, cycle);
		put(w, &obj);
		warts_object_clear(&obj);
	}

	cycle->stop_time = 1700000100;
	obj.type = WARTS_TYPE_CYCLE_STOP;
	obj.u.cycle = cycle;
	put(w, &obj);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
	if (warts_writer_close(w, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	return 0;
}
