/*
 * gen_sniff.c: write a list, a cycle and a sniff record built in code
 * (not read from any file), for sniff.t to show to scamper's own tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/warts.h"
#include "warts/sniff.h"

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

static warts_sniff *sniff(warts_list *list, warts_cycle *cycle)
{
	/* ICMP echo replies from 198.51.100.1 to 192.0.2.2, id 0x1234,
	 * sequence 7 and 8, IP header onwards */
	static uint8_t echo[] = {
		0x45, 0x00, 0x00, 0x20, 0xbe, 0xef, 0x00, 0x00,
		0x3c, 0x01, 0x00, 0x00, 198, 51, 100, 1, 192, 0, 2, 2,
		0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x07,
		0xca, 0xfe, 0xf0, 0x0d,
	};
	warts_sniff *s = warts_sniff_alloc();
	warts_tv tv;

	s->list = warts_list_ref(list);
	s->cycle = warts_cycle_ref(cycle);
	s->userid = 99;
	addr(&s->src, "192.0.2.2");
	s->start.sec = 1700000001;
	s->start.usec = 100000;
	s->finish.sec = 1700000006;
	s->finish.usec = 100000;
	s->stop_reason = 3;  /* packet limit */
	s->limit_pktc = 2;
	s->limit_time = 30;
	s->icmpid = 0x1234;

	tv.sec = 1700000002;
	tv.usec = 500000;
	warts_sniff_pkt_add(s, &tv, echo, sizeof(echo));
	echo[27] = 0x08;
	tv.sec = 1700000003;
	tv.usec = 750000;
	warts_sniff_pkt_add(s, &tv, echo, sizeof(echo));
	return s;
}

int main(int argc, char **argv)
{
	warts_error err;
	warts_writer *w;
	warts_list *list;
	warts_cycle *cycle;
	warts_sniff *s;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_sniff out.warts\n");
		return 2;
	}
	if ((w = warts_writer_open(argv[1], WARTS_COMPRESS_NONE, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	list = warts_list_alloc(4245, "sniff-list");
	warts_strset(&list->descr, "sniff built in code");
	cycle = warts_cycle_alloc(list, 80, 1700000000);
	warts_strset(&cycle->hostname, "sniff-host");

	if (put(w, WARTS_TYPE_LIST, list) != 0 ||
	    put(w, WARTS_TYPE_CYCLE_START, cycle) != 0)
		rc = 1;
	s = sniff(list, cycle);
	if (rc == 0 && put(w, WARTS_TYPE_SNIFF, s) != 0)
		rc = 1;
	warts_sniff_free(s);
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
