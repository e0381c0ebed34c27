/*
 * gen_dealias.c: write a list, a cycle and one alias resolution
 * measurement for each method scamper 20211212 knows (mercator, ally,
 * radargun, prefixscan, bump), built in code, for dealias.t to show to
 * scamper's own tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/warts.h"
#include "warts/dealias.h"

static void addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0) {
		fprintf(stderr, "bad address %s\n", s);
		exit(1);
	}
}

static void *must(void *p)
{
	if (p == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return p;
}

static warts_dealias *dealias(warts_list *list, warts_cycle *cycle,
                              uint8_t method, uint32_t sec)
{
	warts_dealias *d = must(warts_dealias_alloc());
	d->list = warts_list_ref(list);
	d->cycle = warts_cycle_ref(cycle);
	d->method = method;
	d->start.sec = sec;
	d->start.usec = 42714;
	return d;
}

static warts_dealias_probedef *def(warts_dealias *d, uint8_t method,
                                   const char *src, const char *dst)
{
	warts_dealias_probedef *p = must(warts_dealias_probedef_add(d));
	p->method = method;
	p->ttl = 255;
	addr(&p->src, src);
	addr(&p->dst, dst);
	return p;
}

static warts_dealias_probe *probe(warts_dealias *d, uint32_t pd,
                                  uint32_t seq, uint32_t usec)
{
	warts_dealias_probe *p = must(warts_dealias_probe_add(d, pd));
	p->seq = seq;
	p->tx.sec = d->start.sec;
	p->tx.usec = usec;
	if (d->probedefs[pd].dst.type == WARTS_ADDR_IPV4)
		p->ipid = (uint16_t)(0xffff - 0x101 * (d->probec - 1));
	return p;
}

/* A reply rtt microseconds after its probe. */
static warts_dealias_reply *reply(warts_dealias_probe *p, const char *src,
                                  uint8_t proto, uint32_t rtt)
{
	warts_dealias_reply *r = must(warts_dealias_reply_add(p));
	addr(&r->src, src);
	r->proto = proto;
	r->rx = p->tx;
	r->rx.usec += rtt;
	r->ttl = 62;
	return r;
}

static warts_dealias *ally(warts_list *l, warts_cycle *c)
{
	warts_dealias *d = dealias(l, c, WARTS_DEALIAS_ALLY, 1700000010);
	warts_dealias_probedef *pd;
	warts_dealias_reply *r;

	d->userid = 31337;
	d->result = WARTS_DEALIAS_RESULT_NOTALIASES;
	d->ally.wait_probe = 500;
	d->ally.wait_timeout = 5;
	d->ally.attempts = 5;
	d->ally.fudge = 200;
	d->ally.flags = WARTS_DEALIAS_ALLY_NOBS;
	pd = def(d, WARTS_DEALIAS_PROBE_UDP, "192.0.2.10", "198.51.100.6");
	pd->sport = 44129;
	pd->dport = 33435;
	pd = def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "192.0.2.10",
	         "198.51.100.9");
	pd->tos = 0x20;
	pd->size = 84;
	pd->icmp_id = 0xacb3;
	pd->icmp_csum = 0x1234;

	r = reply(probe(d, 0, 0, 100000), "198.51.100.6", 1, 76);
	r->ipid = 0x7587;
	r->icmp_type = 3;
	r->icmp_code = 3;
	r->icmp_q_ttl = 253;
	r = reply(probe(d, 1, 1, 600000), "198.51.100.9", 1, 343);
	r->ipid = 0x8e4e;
	r->icmp_type = 0;
	return d;
}

static warts_dealias *radargun(warts_list *l, warts_cycle *c)
{
	warts_dealias *d = dealias(l, c, WARTS_DEALIAS_RADARGUN, 1700000020);
	warts_dealias_probedef *pd;
	warts_dealias_reply *r;

	d->radargun.rounds = 3;
	d->radargun.wait_probe = 100;
	d->radargun.wait_round = 1000;
	d->radargun.wait_timeout = 5;
	d->radargun.flags = WARTS_DEALIAS_RADARGUN_SHUFFLE;
	pd = def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "192.0.2.10",
	         "198.51.100.2");
	pd->icmp_id = 0xacb3;
	pd = def(d, WARTS_DEALIAS_PROBE_UDP, "192.0.2.10", "198.51.100.5");
	pd->sport = 44211;
	pd->dport = 33435;
	pd = def(d, WARTS_DEALIAS_PROBE_TCP_ACK, "192.0.2.10",
	         "198.51.100.7");
	pd->sport = 44212;
	pd->dport = 80;
	pd->tcp_flags = 0x10;

	r = reply(probe(d, 0, 0, 100000), "198.51.100.2", 1, 49);
	r->ipid = 0x5aeb;
	probe(d, 1, 0, 200000);
	r = reply(probe(d, 2, 0, 300000), "198.51.100.7", 6, 91);
	r->ipid = 0x5aec;
	r->tcp_flags = 0x04;
	return d;
}

static warts_dealias *prefixscan(warts_list *l, warts_cycle *c)
{
	warts_dealias *d = dealias(l, c, WARTS_DEALIAS_PREFIXSCAN, 1700000030);
	warts_dealias_prefixscan *ps = &d->prefixscan;
	warts_dealias_probedef *pd;
	warts_dealias_reply *r;

	d->result = WARTS_DEALIAS_RESULT_ALIASES;
	addr(&ps->a, "198.51.100.2");
	addr(&ps->b, "198.51.100.4");
	addr(&ps->ab, "198.51.100.5");
	ps->xc = 1;
	ps->xs = must(calloc(1, sizeof(warts_addr)));
	addr(&ps->xs[0], "198.51.100.7");
	ps->prefix = 30;
	ps->attempts = 2;
	ps->fudge = 200;
	ps->wait_probe = 200;
	ps->wait_timeout = 5;
	ps->replyc = 4;
	pd = def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "192.0.2.10",
	         "198.51.100.2");
	pd->icmp_id = 0xad05;
	pd = def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "192.0.2.10",
	         "198.51.100.5");
	pd->icmp_id = 0xad05;

	r = reply(probe(d, 0, 0, 100000), "198.51.100.2", 1, 47);
	r->ipid = 0x6401;
	r = reply(probe(d, 1, 0, 300000), "198.51.100.5", 1, 83);
	r->ipid = 0x6402;
	return d;
}

static warts_dealias *mercator(warts_list *l, warts_cycle *c)
{
	warts_dealias *d = dealias(l, c, WARTS_DEALIAS_MERCATOR, 1700000040);
	warts_dealias_probedef *pd;
	warts_dealias_reply *r;

	d->mercator.attempts = 3;
	d->mercator.wait_timeout = 5;
	pd = def(d, WARTS_DEALIAS_PROBE_UDP, "2001:db8:0:1::2",
	         "2001:db8:0:23::2");
	pd->sport = 43965;
	pd->dport = 33435;
	r = reply(probe(d, 0, 0, 766475), "2001:db8:0:23::2", 58, 75);
	r->icmp_type = 1;
	r->icmp_code = 4;
	r->icmp_q_ttl = 253;
	r->ipid = 0xdeadbeef;
	r->flags = WARTS_DEALIAS_REPLY_IPID32;
	return d;
}

static warts_dealias *bump(warts_list *l, warts_cycle *c)
{
	warts_dealias *d = dealias(l, c, WARTS_DEALIAS_BUMP, 1700000050);
	warts_dealias_probedef *pd;
	warts_dealias_reply *r;

	d->result = WARTS_DEALIAS_RESULT_NOTALIASES;
	d->bump.wait_probe = 1000;
	d->bump.bump_limit = 30;
	d->bump.attempts = 3;
	pd = def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "192.0.2.10",
	         "198.51.100.2");
	pd->icmp_id = 0xad57;
	pd = def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "192.0.2.10",
	         "198.51.100.5");
	pd->icmp_id = 0xad57;
	r = reply(probe(d, 0, 0, 268737), "198.51.100.2", 1, 50);
	r->ipid = 0x651e;
	r = reply(probe(d, 1, 0, 269168), "198.51.100.5", 1, 88);
	r->ipid = 0x3845;
	return d;
}

int main(int argc, char **argv)
{
	static warts_dealias *(*const build[])(warts_list *, warts_cycle *) = {
		ally, radargun, prefixscan, mercator, bump,
	};
	warts_error err;
	warts_writer *w;
	warts_list *list;
	warts_cycle *cycle;
	warts_object obj;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_dealias out.warts\n");
		return 2;
	}
	w = warts_writer_open(argv[1], WARTS_COMPRESS_NONE, &err);
	if (w == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	list = must(warts_list_alloc(4243, "interop-dealias"));
	warts_strset(&list->descr, "built in code");
	cycle = must(warts_cycle_alloc(list, 78, 1700000000));
	warts_strset(&cycle->hostname, "interop-host");

	obj.type = WARTS_TYPE_LIST;
	obj.u.list = list;
	warts_writer_write(w, &obj);
	obj.type = WARTS_TYPE_CYCLE_START;
	obj.u.cycle = cycle;
	warts_writer_write(w, &obj);

	for (size_t i = 0; i < sizeof(build) / sizeof(build[0]); i++) {
		obj.type = WARTS_TYPE_DEALIAS;
		obj.u.dealias = build[i](list, cycle);
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
