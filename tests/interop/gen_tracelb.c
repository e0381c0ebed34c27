/*
 * gen_tracelb.c: write a list, a cycle and two MDA traceroutes built in
 * code (not read from any file), for tracelb.t to show to scamper's own
 * tools.
 *
 * The IPv4 tracelb has a load balancer (node 0 links to nodes 1 and 2,
 * which both reach the destination), a dead-end link, a PTR name, a
 * router address, an MPLS extension and an error message (a 2026 field
 * the 2021 tools must skip by length).  The IPv6 one probes with TCP and
 * draws TCP replies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/warts.h"
#include "warts/tracelb.h"

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

static warts_tracelb_node *node(warts_tracelb *t, const char *a)
{
	warts_tracelb_node *n = must(warts_tracelb_node_add(t));
	addr(&n->addr, a);
	n->flags = WARTS_TRACELB_NODE_QTTL;
	n->q_ttl = 1;
	return n;
}

/* A link with one probe set of one probe, sent at ttl, per reply. */
static warts_tracelb_probe *link_probe(warts_tracelb *t, uint16_t from,
                                       int32_t to, uint16_t flowid,
                                       uint8_t ttl, uint32_t usec)
{
	warts_tracelb_link *l = must(warts_tracelb_link_add(t));
	warts_tracelb_probe *p;
	l->from = from;
	l->to = to;
	p = must(warts_tracelb_probe_add(must(warts_tracelb_probeset_add(l))));
	p->tx.sec = 1700000002;
	p->tx.usec = usec;
	p->flowid = flowid;
	p->ttl = ttl;
	p->attempt = 0;
	return p;
}

/* An ICMP reply arriving rtt microseconds after the probe was sent. */
static warts_tracelb_reply *icmp_reply(warts_tracelb_probe *p,
                                       const char *from, uint32_t rtt,
                                       uint8_t type, uint8_t code)
{
	warts_tracelb_reply *r = must(warts_tracelb_reply_add(p));
	addr(&r->from, from);
	r->rx.sec = p->tx.sec;
	r->rx.usec = p->tx.usec + rtt;
	r->ipid = 0x1234;
	r->ttl = 250;
	r->flags = WARTS_TRACELB_REPLY_TTL;
	r->icmp_type = type;
	r->icmp_code = code;
	r->icmp_q_ttl = 1;
	r->icmp_q_tos = 0x20;
	return r;
}

static warts_tracelb *v4(warts_list *list, warts_cycle *cycle)
{
	static const uint8_t mpls[] = { 0x00, 0x3e, 0x81, 0x01 }; /* 1000 */
	warts_tracelb *t = must(warts_tracelb_alloc());
	warts_tracelb_probe *p;
	warts_tracelb_reply *r;

	t->list = warts_list_ref(list);
	t->cycle = warts_cycle_ref(cycle);
	t->userid = 31337;
	addr(&t->src, "192.0.2.10");
	addr(&t->dst, "198.51.100.99");
	addr(&t->rtr, "192.0.2.254");
	t->start.sec = 1700000001;
	t->start.usec = 123456;
	t->type = WARTS_TRACELB_UDP_DPORT;
	t->sport = 40001;
	t->dport = 33435;
	t->probe_size = 60;
	t->firsthop = 2;
	t->attempts = 3;
	t->confidence = 99;
	t->tos = 0x20;
	t->gaplimit = 4;
	t->wait_timeout = 4;
	t->wait_probe = 20;
	t->probec = 6;
	t->probec_max = 2500;
	t->errmsg = strdup("built in code");

	node(t, "203.0.113.1")->name = strdup("lb.example");
	node(t, "203.0.113.2");
	node(t, "203.0.113.3");
	node(t, "198.51.100.99");
	node(t, "203.0.113.4");

	p = link_probe(t, 0, 1, 33435, 3, 100000);
	r = icmp_reply(p, "203.0.113.2", 1500, 11, 0);
	r->icmpext.count = 1;
	r->icmpext.ext = must(calloc(1, sizeof(warts_icmpext)));
	r->icmpext.ext[0].class_num = 1;
	r->icmpext.ext[0].class_type = 1;
	r->icmpext.ext[0].len = sizeof(mpls);
	r->icmpext.ext[0].data = must(malloc(sizeof(mpls)));
	memcpy(r->icmpext.ext[0].data, mpls, sizeof(mpls));
	p = link_probe(t, 0, 2, 33436, 3, 200000);
	icmp_reply(p, "203.0.113.3", 1600, 11, 0);
	p = link_probe(t, 1, 3, 33435, 4, 300000);
	icmp_reply(p, "198.51.100.99", 2500, 3, 3);
	p = link_probe(t, 2, 3, 33436, 4, 400000);
	icmp_reply(p, "198.51.100.99", 2600, 3, 3);
	link_probe(t, 4, -1, 33437, 5, 500000); /* dead end, no reply */
	p = link_probe(t, 0, 4, 33437, 3, 600000);
	icmp_reply(p, "203.0.113.4", 1700, 11, 0);

	warts_tracelb_count_links(t);
	return t;
}

static warts_tracelb *v6(warts_list *list, warts_cycle *cycle)
{
	warts_tracelb *t = must(warts_tracelb_alloc());
	warts_tracelb_probe *p;
	warts_tracelb_reply *r;

	t->list = warts_list_ref(list);
	t->cycle = warts_cycle_ref(cycle);
	addr(&t->src, "2001:db8::10");
	addr(&t->dst, "2001:db8:99::1");
	t->start.sec = 1700000050;
	t->type = WARTS_TRACELB_TCP_SPORT;
	t->sport = 50001;
	t->dport = 443;
	t->probe_size = 60;
	t->firsthop = 1;
	t->attempts = 2;
	t->confidence = 95;
	t->gaplimit = 3;
	t->wait_timeout = 5;
	t->wait_probe = 25;
	t->probec = 2;
	t->probec_max = 3000;

	node(t, "2001:db8::1");
	must(warts_tracelb_node_add(t)); /* the destination: no quoted TTL */
	addr(&t->nodes[1].addr, "2001:db8:99::1");

	p = link_probe(t, 0, 1, 50001, 2, 100000);
	p->tx.sec = 1700000051;
	r = must(warts_tracelb_reply_add(p));
	addr(&r->from, "2001:db8:99::1");
	r->rx.sec = 1700000051;
	r->rx.usec = 104321;
	r->ttl = 60;
	r->flags = WARTS_TRACELB_REPLY_TTL | WARTS_TRACELB_REPLY_TCP;
	r->tcp_flags = 0x12; /* syn ack */

	warts_tracelb_count_links(t);
	return t;
}

static int put(warts_writer *w, uint16_t type, void *obj)
{
	warts_object o;
	o.type = type;
	o.u.any = obj;
	if (warts_writer_write(w, &o) != 0) {
		fprintf(stderr, "%s\n", warts_writer_error(w)->msg);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	warts_error err;
	warts_writer *w;
	warts_list *list;
	warts_cycle *cycle;
	warts_object obj;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_tracelb out.warts\n");
		return 2;
	}
	if ((w = warts_writer_open(argv[1], WARTS_COMPRESS_NONE, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	list = warts_list_alloc(4343, "interop-lb");
	warts_strset(&list->descr, "tracelb built in code");
	cycle = warts_cycle_alloc(list, 88, 1700000000);
	warts_strset(&cycle->hostname, "interop-host");

	if (put(w, WARTS_TYPE_LIST, list) != 0 ||
	    put(w, WARTS_TYPE_CYCLE_START, cycle) != 0)
		rc = 1;

	obj.type = WARTS_TYPE_TRACELB;
	obj.u.tracelb = v4(list, cycle);
	if (rc == 0 && put(w, WARTS_TYPE_TRACELB, obj.u.tracelb) != 0)
		rc = 1;
	warts_object_clear(&obj);
	obj.type = WARTS_TYPE_TRACELB;
	obj.u.tracelb = v6(list, cycle);
	if (rc == 0 && put(w, WARTS_TYPE_TRACELB, obj.u.tracelb) != 0)
		rc = 1;
	warts_object_clear(&obj);

	cycle->stop_time = 1700000100;
	if (rc == 0 && put(w, WARTS_TYPE_CYCLE_STOP, cycle) != 0)
		rc = 1;
	warts_cycle_unref(cycle);
	warts_list_unref(list);
	if (warts_writer_close(w, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	return rc;
}
