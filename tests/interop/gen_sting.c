/*
 * gen_sting.c: write a list, a cycle and a Sting record built in code
 * (not read from any file), for sting.t to show to scamper's own tools.
 *
 * The record carries the payload itself in bit 16 (scamper writes bytes
 * of its own memory there) and an error message in bit 23 (which no
 * scamper writes), to show that Debian's reader skips bit 23 by length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/warts.h"
#include "warts/sting.h"

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

static warts_sting *sting(warts_list *list, warts_cycle *cycle)
{
	/* a SYN from 192.0.2.2:40000 and the SYN/ACK from 198.51.100.80:80,
	 * IP header onwards (checksums not computed: nobody checks them) */
	static const uint8_t syn[] = {
		0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00,
		0x40, 0x06, 0x00, 0x00, 192, 0, 2, 2, 198, 51, 100, 80,
		0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0xff, 0xff,
		0x00, 0x00, 0x00, 0x00,
	};
	static const uint8_t synack[] = {
		0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
		0x3a, 0x06, 0x00, 0x00, 198, 51, 100, 80, 192, 0, 2, 2,
		0x00, 0x50, 0x9c, 0x40, 0x00, 0x00, 0x10, 0x00,
		0x00, 0x00, 0x00, 0x02, 0x50, 0x12, 0xff, 0xff,
		0x00, 0x00, 0x00, 0x00,
	};
	static const char payload[] = "GET / HTTP/1.0\r\n\r\n";
	warts_sting *s = warts_sting_alloc();
	warts_tv tv;

	s->list = warts_list_ref(list);
	s->cycle = warts_cycle_ref(cycle);
	s->userid = 8080;
	addr(&s->src, "192.0.2.2");
	addr(&s->dst, "198.51.100.80");
	s->sport = 40000;
	s->dport = 80;
	s->count = 48;
	s->mean = 250;
	s->inter = 1500;
	s->dist = 3;
	s->synretx = 2;
	s->dataretx = 4;
	s->seqskip = 3;
	s->datalen = (uint16_t)strlen(payload);
	s->data = malloc(s->datalen);
	memcpy(s->data, payload, s->datalen);
	s->start.sec = 1700000001;
	s->start.usec = 654321;
	s->hsrtt.sec = 0;
	s->hsrtt.usec = 12345;
	s->dataackc = 45;
	s->holec = 2;
	s->result = 1;
	warts_strset(&s->errmsg, "bit 23 is read by nobody");

	tv.sec = 1700000001;
	tv.usec = 654400;
	warts_sting_pkt_add(s, 0x01, &tv, syn, sizeof(syn));
	tv.usec = 666745;
	warts_sting_pkt_add(s, 0x02, &tv, synack, sizeof(synack));
	return s;
}

int main(int argc, char **argv)
{
	warts_error err;
	warts_writer *w;
	warts_list *list;
	warts_cycle *cycle;
	warts_sting *s;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_sting out.warts\n");
		return 2;
	}
	if ((w = warts_writer_open(argv[1], WARTS_COMPRESS_NONE, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	list = warts_list_alloc(4244, "sting-list");
	warts_strset(&list->descr, "sting built in code");
	cycle = warts_cycle_alloc(list, 79, 1700000000);
	warts_strset(&cycle->hostname, "sting-host");

	if (put(w, WARTS_TYPE_LIST, list) != 0 ||
	    put(w, WARTS_TYPE_CYCLE_START, cycle) != 0)
		rc = 1;
	s = sting(list, cycle);
	if (rc == 0 && put(w, WARTS_TYPE_STING, s) != 0)
		rc = 1;
	warts_sting_free(s);
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
