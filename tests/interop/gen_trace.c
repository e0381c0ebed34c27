/*
 * gen_trace.c: write a list, a cycle and traces built in code (not read
 * from any file), for trace.t to show to scamper's own tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/warts.h"

static void addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0) {
		fprintf(stderr, "bad address %s\n", s);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static const uint8_t mpls[] = { 0x00, 0x3e, 0x81, 0x01 }; /* 1000 */
	warts_error err;
	warts_writer *w;
	warts_list *list;
	warts_cycle *cycle;
	warts_trace *t;
	warts_trace_hop *h;
	warts_object obj;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_trace out.warts\n");
		return 2;
	}
	if ((w = warts_writer_open(argv[1], WARTS_COMPRESS_NONE, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	list = warts_list_alloc(4242, "interop-list");
	warts_strset(&list->descr, "built in code");
	warts_strset(&list->monitor, "vp-interop");
	cycle = warts_cycle_alloc(list, 77, 1700000000);
	warts_strset(&cycle->hostname, "interop-host");

	obj.type = WARTS_TYPE_LIST;
	obj.u.list = list;
	warts_writer_write(w, &obj);
	obj.type = WARTS_TYPE_CYCLE_START;
	obj.u.cycle = cycle;
	warts_writer_write(w, &obj);

	t = warts_trace_alloc();
	t->list = warts_list_ref(list);
	t->cycle = warts_cycle_ref(cycle);
	t->userid = 31337;
	addr(&t->src, "192.0.2.10");
	addr(&t->dst, "198.51.100.99");
	t->start.sec = 1700000001;
	t->start.usec = 123456;
	t->stop_reason = WARTS_TRACE_STOP_COMPLETED;
	t->type = WARTS_TRACE_UDP_PARIS;
	t->attempts = 3;
	t->hoplimit = 30;
	t->gaplimit = 7;
	t->gapaction = WARTS_TRACE_GAPACTION_STOP;
	t->loops = 1;
	t->firsthop = 1;
	t->tos = 0x20;
	t->wait = 4;
	t->wait_probe = 10;
	t->probe_size = 60;
	t->sport = 40001;
	t->dport = 33435;
	t->hop_count = 2;
	t->probec = 2;
	t->confidence = 95;

	h = warts_trace_hop_add(t);
	addr(&h->addr, "203.0.113.1");
	h->probe_ttl = 1;
	h->probe_id = 1;
	h->probe_size = 60;
	h->tx.sec = 1700000001;
	h->tx.usec = 200000;
	h->rtt = 1234;
	h->reply_ttl = 254;
	h->reply_size = 56;
	h->reply_ipid = 0x4321;
	h->flags = WARTS_TRACE_HOP_REPLYTTL;
	h->icmp_type = 11;
	h->icmp_code = 0;
	h->icmp_q_ttl = 1;
	h->icmp_q_ipl = 60;
	h->icmpext.count = 1;
	h->icmpext.ext = calloc(1, sizeof(warts_icmpext));
	h->icmpext.ext[0].class_num = 1;
	h->icmpext.ext[0].class_type = 1;
	h->icmpext.ext[0].len = sizeof(mpls);
	h->icmpext.ext[0].data = malloc(sizeof(mpls));
	memcpy(h->icmpext.ext[0].data, mpls, sizeof(mpls));

	h = warts_trace_hop_add(t);
	addr(&h->addr, "198.51.100.99");
	h->probe_ttl = 2;
	h->probe_id = 2;
	h->probe_size = 60;
	h->tx.sec = 1700000001;
	h->tx.usec = 300000;
	h->rtt = 5678;
	h->reply_ttl = 62;
	h->reply_size = 88;
	h->flags = WARTS_TRACE_HOP_REPLYTTL;
	h->icmp_type = 3;
	h->icmp_code = 3;
	h->icmp_q_ttl = 1;
	h->icmp_q_ipl = 60;

	obj.type = WARTS_TYPE_TRACE;
	obj.u.trace = t;
	if (warts_writer_write(w, &obj) != 0) {
		fprintf(stderr, "%s\n", warts_writer_error(w)->msg);
		return 1;
	}
	warts_object_clear(&obj);

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
