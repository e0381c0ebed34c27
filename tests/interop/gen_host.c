/*
 * gen_host.c: write a list, a cycle and DNS measurements built in code
 * (not read from any file), for host.t to show to scamper's own tools.
 *
 * scamper 20211212 knows RR data kinds 1-4 only (address, name, SOA, MX)
 * and its reader insists that every RR carries data, so every RR here is
 * one of A, AAAA, NS, CNAME, PTR, SOA and MX, with its data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/warts.h"
#include "warts/host.h"

static void addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0) {
		fprintf(stderr, "bad address %s\n", s);
		exit(1);
	}
}

static char *dup(const char *s)
{
	char *d = strdup(s);
	if (d == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return d;
}

static warts_host_rr *rr(warts_host_query *q, enum warts_host_section s,
                         uint16_t type, const char *name, uint32_t ttl)
{
	warts_host_rr *r = warts_host_rr_add(q, s);
	if (r == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	r->rrclass = WARTS_HOST_CLASS_IN;
	r->rrtype = type;
	r->name = dup(name);
	r->ttl = ttl;
	return r;
}

static void rr_addr(warts_host_rr *r, const char *a)
{
	r->kind = WARTS_HOST_RR_ADDR;
	addr(&r->data.addr, a);
}

static void rr_name(warts_host_rr *r, const char *s)
{
	r->kind = WARTS_HOST_RR_STR;
	r->data.str = dup(s);
}

/* An A lookup through a CNAME, with authority and additional data. */
static warts_host *host_a(warts_list *list, warts_cycle *cycle)
{
	warts_host *h = warts_host_alloc();
	warts_host_query *q;
	warts_host_rr *r;

	h->list = warts_list_ref(list);
	h->cycle = warts_cycle_ref(cycle);
	h->userid = 4321;
	addr(&h->src, "192.0.2.10");
	addr(&h->dst, "198.51.100.53");
	h->start.sec = 1700000001;
	h->start.usec = 250000;
	h->flags = WARTS_HOST_FLAG_NORECURSE;
	h->wait_timeout = 3000;
	h->retries = 2;
	h->stop_reason = WARTS_HOST_STOP_DONE;
	h->qclass = WARTS_HOST_CLASS_IN;
	h->qtype = WARTS_HOST_TYPE_A;
	h->qname = dup("www.interop.example");

	q = warts_host_query_add(h);
	q->tx.sec = 1700000001;
	q->tx.usec = 260000;
	q->rx.sec = 1700000001;
	q->rx.usec = 272345;
	q->id = 4660;

	r = rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_TYPE_CNAME,
	       "www.interop.example", 300);
	rr_name(r, "web.interop.example");
	r = rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_TYPE_A,
	       "web.interop.example", 60);
	rr_addr(r, "203.0.113.80");

	r = rr(q, WARTS_HOST_SECTION_NS, WARTS_HOST_TYPE_NS,
	       "interop.example", 86400);
	rr_name(r, "ns1.interop.example");
	r = rr(q, WARTS_HOST_SECTION_NS, WARTS_HOST_TYPE_SOA,
	       "interop.example", 3600);
	r->kind = WARTS_HOST_RR_SOA;
	r->data.soa = calloc(1, sizeof(*r->data.soa));
	r->data.soa->mname = dup("ns1.interop.example");
	r->data.soa->rname = dup("hostmaster.interop.example");
	r->data.soa->serial = 2023111401;
	r->data.soa->refresh = 7200;
	r->data.soa->retry = 900;
	r->data.soa->expire = 1209600;
	r->data.soa->minimum = 300;

	r = rr(q, WARTS_HOST_SECTION_AR, WARTS_HOST_TYPE_A,
	       "ns1.interop.example", 86400);
	rr_addr(r, "198.51.100.53");      /* the server again: a reference */
	r = rr(q, WARTS_HOST_SECTION_AR, WARTS_HOST_TYPE_AAAA,
	       "ns1.interop.example", 86400);
	rr_addr(r, "2001:db8::53");
	r = rr(q, WARTS_HOST_SECTION_AR, WARTS_HOST_TYPE_MX,
	       "interop.example", 600);
	r->kind = WARTS_HOST_RR_MX;
	r->data.mx = calloc(1, sizeof(*r->data.mx));
	r->data.mx->preference = 20;
	r->data.mx->exchange = dup("mx.interop.example");
	return h;
}

/*
 * A reverse lookup over IPv6, in the 2021 writer's style: the second
 * attempt drew no response, and its zero rx is written all the same.
 */
static warts_host *host_ptr(warts_list *list, warts_cycle *cycle)
{
	warts_host *h = warts_host_alloc();
	warts_host_query *q;
	warts_host_rr *r;

	h->list = warts_list_ref(list);
	h->cycle = warts_cycle_ref(cycle);
	addr(&h->src, "2001:db8::10");
	addr(&h->dst, "2001:db8::53");
	h->start.sec = 1700000002;
	h->start.usec = 0;
	h->wait_timeout = 5000;
	h->stop_reason = WARTS_HOST_STOP_DONE;
	h->qclass = WARTS_HOST_CLASS_IN;
	h->qtype = WARTS_HOST_TYPE_PTR;
	h->qname = dup("80.113.0.203.in-addr.arpa");

	q = warts_host_query_add(h);
	q->tx.sec = 1700000002;
	q->tx.usec = 1000;
	q->rx.sec = 1700000002;
	q->rx.usec = 3500;
	q->id = 77;
	r = rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_TYPE_PTR,
	       "80.113.0.203.in-addr.arpa", 1800);
	rr_name(r, "web.interop.example");

	q = warts_host_query_add(h);
	q->tx.sec = 1700000004;
	q->tx.usec = 1000;
	q->id = 78;
	h->style = WARTS_STYLE_2021;
	return h;
}

static void put(warts_writer *w, uint16_t type, void *p)
{
	warts_object obj;
	obj.type = type;
	obj.u.any = p;
	if (warts_writer_write(w, &obj) != 0) {
		fprintf(stderr, "%s\n", warts_writer_error(w)->msg);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	warts_error err;
	warts_writer *w;
	warts_list *list;
	warts_cycle *cycle;
	warts_host *h;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_host out.warts\n");
		return 2;
	}
	if ((w = warts_writer_open(argv[1], WARTS_COMPRESS_NONE, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	list = warts_list_alloc(5353, "interop-dns");
	warts_strset(&list->descr, "dns built in code");
	warts_strset(&list->monitor, "vp-interop");
	cycle = warts_cycle_alloc(list, 88, 1700000000);
	warts_strset(&cycle->hostname, "interop-host");

	put(w, WARTS_TYPE_LIST, list);
	put(w, WARTS_TYPE_CYCLE_START, cycle);
	h = host_a(list, cycle);
	put(w, WARTS_TYPE_HOST, h);
	warts_host_free(h);
	h = host_ptr(list, cycle);
	put(w, WARTS_TYPE_HOST, h);
	warts_host_free(h);

	cycle->stop_time = 1700000100;
	put(w, WARTS_TYPE_CYCLE_STOP, cycle);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
	if (warts_writer_close(w, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	return 0;
}
