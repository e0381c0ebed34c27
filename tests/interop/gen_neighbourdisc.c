/*
 * gen_neighbourdisc.c: write a list, a cycle and neighbour discovery
 * records built in code (not read from any file), for neighbourdisc.t to
 * show to scamper's own tools.
 *
 * The records use the default (2026, well-formed) encoding: Debian's
 * scamper 20211212 rejects its own malformed one.  Its reader also
 * insists on a source MAC and a destination IP, so both records have them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/warts.h"
#include "warts/neighbourdisc.h"

static void addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0) {
		fprintf(stderr, "bad address %s\n", s);
		exit(1);
	}
}

static int put(warts_writer *w, uint16_t type, void *p)
{
	warts_object obj;
	obj.type = type;
	obj.u.any = p;
	if (warts_writer_write(w, &obj) != 0) {
		fprintf(stderr, "%s\n", warts_writer_error(w)->msg);
		return -1;
	}
	return 0;
}

/* ARP for 192.0.2.1: two probes, the second answered twice. */
static warts_neighbourdisc *arp(warts_list *list, warts_cycle *cycle)
{
	warts_neighbourdisc *nd = warts_neighbourdisc_alloc();
	warts_neighbourdisc_probe *p;
	warts_neighbourdisc_reply *r;

	nd->list = warts_list_ref(list);
	nd->cycle = warts_cycle_ref(cycle);
	nd->userid = 4711;
	warts_strset(&nd->ifname, "eth7");
	nd->start.sec = 1700000001;
	nd->start.usec = 250000;
	nd->method = WARTS_NEIGHBOURDISC_ARP;
	nd->wait_timeout = 1500;
	nd->flags = WARTS_NEIGHBOURDISC_FLAG_ALLATTEMPTS;
	nd->attempts = 2;
	nd->replyc = 1;
	addr(&nd->src_ip, "192.0.2.2");
	addr(&nd->src_mac, "02:00:5e:10:00:02");
	addr(&nd->dst_ip, "192.0.2.1");
	addr(&nd->dst_mac, "02:00:5e:10:00:01");

	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 1700000001;
	p->tx.usec = 300000;
	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 1700000002;
	p->tx.usec = 800000;
	r = warts_neighbourdisc_reply_add(p);
	r->rx.sec = 1700000002;
	r->rx.usec = 800123;
	addr(&r->mac, "02:00:5e:10:00:01");
	r = warts_neighbourdisc_reply_add(p);
	r->rx.sec = 1700000002;
	r->rx.usec = 800456;
	addr(&r->mac, "02:00:5e:10:00:99");
	return nd;
}

/* Neighbour solicitation for 2001:db8::1 that nobody answered. */
static warts_neighbourdisc *nsol(warts_list *list, warts_cycle *cycle)
{
	warts_neighbourdisc *nd = warts_neighbourdisc_alloc();
	warts_neighbourdisc_probe *p;

	nd->list = warts_list_ref(list);
	nd->cycle = warts_cycle_ref(cycle);
	warts_strset(&nd->ifname, "eth8");
	nd->start.sec = 1700000010;
	nd->start.usec = 0;
	nd->method = WARTS_NEIGHBOURDISC_ND_NSOL;
	nd->wait_timeout = 250;
	nd->flags = WARTS_NEIGHBOURDISC_FLAG_FIRSTRESP;
	nd->attempts = 1;
	addr(&nd->src_ip, "2001:db8::2");
	addr(&nd->src_mac, "02:00:5e:10:00:02");
	addr(&nd->dst_ip, "2001:db8::1");
	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 1700000010;
	p->tx.usec = 5;
	return nd;
}

int main(int argc, char **argv)
{
	warts_error err;
	warts_writer *w;
	warts_list *list;
	warts_cycle *cycle;
	warts_neighbourdisc *nd;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_neighbourdisc out.warts\n");
		return 2;
	}
	if ((w = warts_writer_open(argv[1], WARTS_COMPRESS_NONE, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	list = warts_list_alloc(4243, "nd-list");
	warts_strset(&list->descr, "neighbourdisc built in code");
	cycle = warts_cycle_alloc(list, 78, 1700000000);
	warts_strset(&cycle->hostname, "nd-host");

	if (put(w, WARTS_TYPE_LIST, list) != 0 ||
	    put(w, WARTS_TYPE_CYCLE_START, cycle) != 0)
		rc = 1;
	nd = arp(list, cycle);
	if (rc == 0 && put(w, WARTS_TYPE_NEIGHBOURDISC, nd) != 0)
		rc = 1;
	warts_neighbourdisc_free(nd);
	nd = nsol(list, cycle);
	if (rc == 0 && put(w, WARTS_TYPE_NEIGHBOURDISC, nd) != 0)
		rc = 1;
	warts_neighbourdisc_free(nd);
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
