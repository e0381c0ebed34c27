/*
 * gen_ping.c: write a list, a cycle and pings built in code (not read
 * from any file), for ping.t to show to scamper's own tools.
 *
 * Four pings: IPv4 ICMP echo with a pattern and record route, IPv6 TCP
 * ACK, IPv4 ICMP timestamp, and IPv4 with prespecified timestamps.  The
 * replies also carry fields scamper 20211212 does not know (receiving
 * interface, reply ToS), which its reader must skip by length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/warts.h"
#include "warts/ping.h"

static void addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0) {
		fprintf(stderr, "bad address %s\n", s);
		exit(1);
	}
}

static warts_ping *new_ping(warts_list *list, warts_cycle *cycle,
                            const char *src, const char *dst,
                            uint32_t start)
{
	warts_ping *p = warts_ping_alloc();
	if (p == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	p->list = warts_list_ref(list);
	p->cycle = warts_cycle_ref(cycle);
	addr(&p->src, src);
	addr(&p->dst, dst);
	p->start.sec = start;
	p->start.usec = 123456;
	p->stop_reason = WARTS_PING_STOP_COMPLETED;
	p->ttl = 64;
	p->wait_sec = 1;
	p->timeout_sec = 2;
	return p;
}

static warts_ping_reply *reply(warts_ping *p, const char *from,
                               uint16_t probe, uint32_t tx_usec,
                               warts_rtt rtt)
{
	warts_ping_reply *r = warts_ping_reply_add(p);
	if (r == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	addr(&r->addr, from);
	r->probe_id = probe;
	r->probe_tx.sec = p->start.sec;
	r->probe_tx.usec = tx_usec;
	r->rtt = rtt;
	r->flags = WARTS_PING_REPLY_REPLY_TTL;
	r->ifname = strdup("eth0");
	return r;
}

/* IPv4 ICMP echo: pattern, stop count, tos, record route, IP ids. */
static warts_ping *ping_echo(warts_list *list, warts_cycle *cycle)
{
	static const uint8_t pattern[] = { 0xde, 0xad, 0xbe, 0xef };
	warts_ping *p = new_ping(list, cycle, "192.0.2.10", "198.51.100.99",
	                         1700000001);
	p->userid = 31337;
	p->method = WARTS_PING_ICMP_ECHO;
	p->attempts = 3;
	p->stop_count = 2;
	p->probe_size = 84;
	p->tos = 0x10;
	p->sport = 4242;       /* the ICMP id */
	p->flags = WARTS_PING_FLAG_V4RR;
	p->payload_len = sizeof(pattern);
	p->payload = malloc(sizeof(pattern));
	memcpy(p->payload, pattern, sizeof(pattern));
	p->ping_sent = 2;
	for (uint16_t i = 0; i < 2; i++) {
		warts_ping_reply *r = reply(p, "198.51.100.99", i, 200000,
		                            i == 0 ? 1234 : 5678);
		r->probe_tx.sec += i; /* one second apart */
		r->flags |= WARTS_PING_REPLY_REPLY_IPID |
		            WARTS_PING_REPLY_PROBE_IPID |
		            WARTS_PING_REPLY_REPLY_TOS;
		r->reply_ttl = 61;
		r->reply_tos = 0x10;
		r->reply_size = 84;
		r->reply_ipid = (uint16_t)(0x1234 + i);
		r->probe_ipid = (uint16_t)(0x4321 + i);
		r->icmp_type = 0;
		r->v4rr = warts_ping_v4rr_alloc(3);
		addr(&r->v4rr->ip[0], "203.0.113.1");
		addr(&r->v4rr->ip[1], "203.0.113.2");
		addr(&r->v4rr->ip[2], "198.51.100.99");
	}
	return p;
}

/* IPv6 TCP ACK: ports, sequence numbers, a RST reply. */
static warts_ping *ping_tcp(warts_list *list, warts_cycle *cycle)
{
	warts_ping *p = new_ping(list, cycle, "2001:db8::10", "2001:db8::99",
	                         1700000010);
	warts_ping_reply *r;
	p->method = WARTS_PING_TCP_ACK;
	p->attempts = 1;
	p->probe_size = 60;
	p->sport = 40001;
	p->dport = 80;
	p->tcpseq = 1000001;
	p->tcpack = 2000002;
	p->ping_sent = 1;
	r = reply(p, "2001:db8::99", 0, 300000, 4321);
	r->reply_proto = 6;
	r->tcp_flags = 0x04;
	r->reply_ttl = 60;
	r->reply_size = 60;
	return p;
}

/* IPv4 ICMP timestamp request, answered with three stamps. */
static warts_ping *ping_time(warts_list *list, warts_cycle *cycle)
{
	warts_ping *p = new_ping(list, cycle, "192.0.2.10", "198.51.100.7",
	                         1700000020);
	warts_ping_reply *r;
	p->method = WARTS_PING_ICMP_TIME;
	p->attempts = 1;
	p->probe_size = 40;
	p->ping_sent = 1;
	r = reply(p, "198.51.100.7", 0, 400000, 999);
	r->reply_ttl = 59;
	r->reply_size = 40;
	r->icmp_type = 14;
	r->tsreply = calloc(1, sizeof(*r->tsreply));
	r->tsreply->tso = 3723004;  /* 01:02:03.004 */
	r->tsreply->tsr = 3723005;
	r->tsreply->tst = 3723006;
	return p;
}

/* IPv4 with prespecified timestamp addresses. */
static warts_ping *ping_tsps(warts_list *list, warts_cycle *cycle)
{
	warts_ping *p = new_ping(list, cycle, "192.0.2.10", "198.51.100.8",
	                         1700000030);
	warts_ping_reply *r;
	p->attempts = 1;
	p->probe_size = 60;
	p->flags = WARTS_PING_FLAG_TSANDADDR;
	p->tsps = warts_ping_tsps_alloc(2);
	addr(&p->tsps->ip[0], "203.0.113.5");
	addr(&p->tsps->ip[1], "198.51.100.8");
	p->ping_sent = 1;
	r = reply(p, "198.51.100.8", 0, 500000, 777);
	r->reply_ttl = 58;
	r->reply_size = 60;
	r->v4ts = warts_ping_v4ts_alloc(2, 1);
	r->v4ts->slot[0].ts = 0x01020304;
	addr(&r->v4ts->slot[0].ip, "203.0.113.5");
	r->v4ts->slot[1].ts = 0x01020305;
	addr(&r->v4ts->slot[1].ip, "198.51.100.8");
	return p;
}

int main(int argc, char **argv)
{
	warts_ping *(*const make[])(warts_list *, warts_cycle *) = {
		ping_echo, ping_tcp, ping_time, ping_tsps,
	};
	warts_error err;
	warts_writer *w;
	warts_list *list;
	warts_cycle *cycle;
	warts_object obj;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_ping out.warts\n");
		return 2;
	}
	if ((w = warts_writer_open(argv[1], WARTS_COMPRESS_NONE, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	list = warts_list_alloc(4243, "interop-ping");
	warts_strset(&list->descr, "pings built in code");
	warts_strset(&list->monitor, "vp-interop");
	cycle = warts_cycle_alloc(list, 78, 1700000000);
	warts_strset(&cycle->hostname, "interop-host");

	obj.type = WARTS_TYPE_LIST;
	obj.u.list = list;
	warts_writer_write(w, &obj);
	obj.type = WARTS_TYPE_CYCLE_START;
	obj.u.cycle = cycle;
	warts_writer_write(w, &obj);

	for (size_t i = 0; i < sizeof(make) / sizeof(make[0]); i++) {
		obj.type = WARTS_TYPE_PING;
		obj.u.ping = make[i](list, cycle);
		if (warts_writer_write(w, &obj) != 0) {
			fprintf(stderr, "%s\n", warts_writer_error(w)->msg);
			return 1;
		}
		warts_object_clear(&obj);
	}

	cycle->stop_time = 1700000100;
	obj.type = WARTS_TYPE_CYCLE_STOP;
	obj.u.cycle = cycle;
	warts_writer_write(w, &obj);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
	if (warts_writer_close(w, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	return 0;
}
