/*
 * test_dump_fields.c: sc_wartsdump shows every field.
 *
 * scamper's dump leaves some fields of each type out; ours prints them
 * too, but only when they hold something other than what scamper's own
 * files hold for them, so that a dump of an ordinary file stays
 * scamper's byte for byte (tests/converters/golden.t checks that).
 *
 * For each type this builds one object twice: once with the usual values
 * (scamper's defaults, or the zero of a field left out) and once with
 * each of those fields set to something unusual.  Every field must show
 * in the second dump, in scamper's style, and none of it in the first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "warts/dealias.h"
#include "warts/format.h"
#include "warts/host.h"
#include "warts/http.h"
#include "warts/neighbourdisc.h"
#include "warts/owamp.h"
#include "warts/ping.h"
#include "warts/sting.h"
#include "warts/tbit.h"
#include "warts/trace.h"
#include "warts/tracelb.h"
#include "warts/udpprobe.h"

#define T0 1700000000u

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

static void *must(void *p)
{
	if (p == NULL)
		abort();
	return p;
}

/* The dump of an object of this type; the caller frees it. */
static char *dump(uint16_t type, void *obj)
{
	warts_object o = { .type = type };
	warts_strbuf sb = { 0 };
	char *out;

	o.u.any = obj;
	if (warts_dump(&o, &sb) != 1 || sb.data == NULL)
		out = strdup("(nothing printed)");
	else
		out = strdup(sb.data);
	warts_strbuf_free(&sb);
	return must(out);
}

/* A part of a dump on one line, for a test's name: "\n" for newlines. */
static const char *oneline(const char *s)
{
	static char buf[512];
	size_t n = 0;

	for (; *s != '\0' && n + 3 < sizeof(buf); s++) {
		if (*s == '\n') {
			buf[n++] = '\\';
			buf[n++] = 'n';
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = '\0';
	return buf;
}

/*
 * Each of the NULL-terminated parts must be in the unusual dump and not
 * in the usual one.
 */
static void check(const char *what, const char *usual, const char *unusual,
                  const char *const *parts)
{
	for (size_t i = 0; parts[i] != NULL; i++) {
		if (!ok(strstr(unusual, parts[i]) != NULL, "%s: shows \"%s\"",
		        what, oneline(parts[i])))
			diag("in:\n%s", unusual);
		if (!ok(strstr(usual, parts[i]) == NULL,
		        "%s: usual values hide \"%s\"", what,
		        oneline(parts[i])))
			diag("in:\n%s", usual);
	}
}

/* ---- trace ------------------------------------------------------------ */

static warts_trace_hop *trace_hop(warts_trace *t, const char *addr,
                                  uint8_t ttl, uint32_t tx_us)
{
	warts_trace_hop *h = must(warts_trace_hop_add(t));

	set_addr(&h->addr, addr);
	h->probe_ttl = ttl;
	h->probe_id = 1;
	h->probe_size = 44;
	h->tx.sec = T0;
	h->tx.usec = tx_us;
	h->rtt = 1000;
	return h;
}

static warts_trace *trace_new(int odd)
{
	warts_trace *t = must(warts_trace_alloc());
	warts_trace_hop *h;

	set_addr(&t->src, "192.0.2.2");
	set_addr(&t->dst, "198.51.100.9");
	t->start.sec = T0;
	t->type = WARTS_TRACE_ICMP_ECHO;
	t->sport = 1234;
	t->dport = odd ? 7 : 33435;
	t->probe_size = odd ? 100 : 44;
	t->attempts = 2;
	t->hoplimit = 30;
	t->loops = 1;
	t->loopaction = odd ? 2 : 0;
	t->wait = 5;
	t->gaplimit = 5;
	t->gapaction = WARTS_TRACE_GAPACTION_STOP;
	/* replies read from the error queue: scamper has no size or IP-ID */
	t->flags = WARTS_TRACE_FLAG_RXERR | WARTS_TRACE_FLAG_DOUBLETREE;
	t->stop_reason = WARTS_TRACE_STOP_COMPLETED;
	t->stop_data = odd ? 9 : 0;
	t->dtree = must(calloc(1, sizeof(*t->dtree)));
	t->dtree->firsthop = 1;
	t->dtree->flags = odd ? 0x01 : 0;

	/* an echo reply, answered twice */
	h = trace_hop(t, "198.51.100.9", 1, 10);
	h->icmp_type = 0;
	if (odd) {
		warts_icmpext *e;
		h->reply_size = 60;
		h->reply_ipid = 0x1234;
		h->icmp_q_ttl = 5;
		h->icmp_q_ipl = 77;
		h->icmp_q_tos = 3;
		h->icmp_nhmtu = 1300;
		h->tcp_flags = 0x12;
		h->icmpext.ext = must(calloc(1, sizeof(*e)));
		h->icmpext.count = 1;
		e = &h->icmpext.ext[0];
		e->class_num = 2;
		e->class_type = 9;
		e->len = 1;
		e->data = must(malloc(1));
		e->data[0] = 0xab;
	}
	h = trace_hop(t, "198.51.100.9", 1, odd ? 500 : 10);

	/* a UDP reply over IPv6 */
	h = trace_hop(t, "2001:db8::1", 2, 20);
	h->flags = WARTS_TRACE_HOP_UDP;
	if (odd) {
		h->reply_ipid = 0x0bcd;
		h->icmp_type = 3;
		h->icmp_code = 1;
	}
	t->hop_count = 2;
	return t;
}

static void test_trace(void)
{
	static const char *const parts[] = {
		" type: icmp, echo id: 1234, dport: 7, probe-size: 100\n",
		", loops: 1, loopaction: 2,",
		" stop reason: completed, stop-data: 9\n",
		" doubletree firsthop: 1, flags: 0x01\n",
		" reply-size: 60, reply-ipid: 0x1234, reply-tos: 0x00\n",
		" icmp-type: 0, icmp-code: 0, q-ttl: 5, q-len: 77, q-tos 3,"
		" nhmtu: 1300\n",
		" tcp-flags: 0x12 ( syn ack )\n",
		" icmp-ext class: 2, type: 9, len: 1, data: ab\n",
		" attempt: 1, tx: 0.000500s,",
		" reply-ipid: 0x0bcd, reply-tos: 0x00\n"
		" icmp-type: 3, icmp-code: 1\n",
		NULL,
	};
	warts_trace *a = trace_new(0), *b = trace_new(1);
	char *usual = dump(WARTS_TYPE_TRACE, a), *unusual =
		dump(WARTS_TYPE_TRACE, b);

	check("trace", usual, unusual, parts);
	free(usual);
	free(unusual);
	warts_trace_free(a);
	warts_trace_free(b);
}

/* ---- ping ------------------------------------------------------------- */

static warts_ping *ping_new(int odd)
{
	warts_ping *p = must(warts_ping_alloc());
	warts_ping_reply *r;

	set_addr(&p->src, "192.0.2.2");
	set_addr(&p->dst, "198.51.100.9");
	p->start.sec = T0;
	p->method = WARTS_PING_ICMP_ECHO;
	p->attempts = 2;
	p->ping_sent = 2;
	p->probe_size = 84;
	p->ttl = 64;
	p->wait_sec = 1;
	p->timeout_sec = 1;
	p->sport = 4660;
	p->dport = odd ? 5 : 0;
	p->icmpsum = odd ? 0xbeef : 0;
	p->tcpseq = odd ? 1 : 0;
	p->tcpack = odd ? 2 : 0;
	p->stop_reason = WARTS_PING_STOP_COMPLETED;
	p->stop_data = odd ? 4 : 0;
	p->flags = odd ? 0x1000 : 0;

	/* a UDP reply, all of whose other fields are set */
	r = must(warts_ping_reply_add(p));
	set_addr(&r->addr, "198.51.100.9");
	r->probe_tx.sec = T0;
	r->probe_tx.usec = 100;
	r->rtt = 1000;
	r->reply_size = 84;
	if (odd) {
		r->probe_sport = 9;
		r->reply_ttl = 50;
		r->reply_tos = 0x20;
		r->probe_ipid = 0x99;
		r->reply_ipid = 0x77;
		r->reply_ipid32 = 0x12345678;
		r->flags = WARTS_PING_REPLY_PENDING | 0x80;
		r->reply_proto = 17;
		r->icmp_type = 3;
		r->icmp_code = 3;
		r->icmp_nhmtu = 1400;
		r->tcp_flags = 0x10;
	}

	/* a second reply to the same probe, which records other probe
	 * fields */
	r = must(warts_ping_reply_add(p));
	set_addr(&r->addr, "198.51.100.9");
	r->probe_tx.sec = T0;
	r->probe_tx.usec = odd ? 900 : 100;
	r->probe_sport = odd ? 10 : 0;
	r->rtt = 2000;
	r->reply_size = 84;
	return p;
}

static void test_ping(void)
{
	static const char *const parts[] = {
		" method: icmp-echo, icmp-id: 4660, dport: 5,"
		" icmp-csum: 0xbeef, seq: 1, ack: 2\n",
		" probes-sent: 2, stop-reason: done, stop-data: 4\n",
		" flags: 0x1000\n",
		" size: 84, ttl: 50, tos: 0x20, probe-sport: 9,"
		" probe-ipid: 0x0099, reply-ipid: 0x0077,"
		" reply-ipid32: 0x12345678, pending, flags: 0xc0,"
		" reply-proto: 17\n",
		" icmp type: 3, code: 3, nhmtu: 1400\n",
		" tcp flags: 10 ( ack )\n",
		"attempt: 1, tx: 0.000900s, rtt: 0.002000s\n"
		" size: 84, probe-sport: 10",
		NULL,
	};
	static const char *const unknown[] = {
		" method: 200, sport: 11, dport: 12,", NULL,
	};
	warts_ping *a = ping_new(0), *b = ping_new(1);
	char *usual = dump(WARTS_TYPE_PING, a), *unusual =
		dump(WARTS_TYPE_PING, b);

	check("ping", usual, unusual, parts);
	free(usual);
	free(unusual);

	/* a method scamper does not know: its ports */
	a->method = 200;
	a->sport = 0;
	b->method = 200;
	b->sport = 11;
	b->dport = 12;
	usual = dump(WARTS_TYPE_PING, a);
	unusual = dump(WARTS_TYPE_PING, b);
	check("ping, unknown method", usual, unusual, unknown);
	free(usual);
	free(unusual);
	warts_ping_free(a);
	warts_ping_free(b);
}

/* ---- tracelb ---------------------------------------------------------- */

static warts_tracelb *tracelb_new(int odd)
{
	warts_tracelb *t = must(warts_tracelb_alloc());
	warts_tracelb_node *n;
	warts_tracelb_link *l;
	warts_tracelb_probe *p;
	warts_tracelb_reply *r;

	set_addr(&t->src, "2001:db8::2");
	set_addr(&t->dst, "2001:db8::9");
	t->start.sec = T0;
	t->type = WARTS_TRACELB_ICMP_ECHO;
	t->sport = 77;
	t->dport = odd ? 9 : 33435;
	t->gaplimit = odd ? 5 : 3;
	t->flags = odd ? 0x03 : 0x01;
	t->attempts = 2;
	t->confidence = 95;

	n = must(warts_tracelb_node_add(t));
	set_addr(&n->addr, "2001:db8::1");
	n->flags = odd ? 0x02 : 0;
	n->q_ttl = odd ? 4 : 0;
	n = must(warts_tracelb_node_add(t));
	set_addr(&n->addr, "2001:db8::9");

	l = must(warts_tracelb_link_add(t));
	l->from = 0;
	l->to = 1;
	p = must(warts_tracelb_probe_add(must(warts_tracelb_probeset_add(l))));
	p->tx.sec = T0;
	p->ttl = 2;

	/* an echo reply carrying what an echo reply does not */
	r = must(warts_tracelb_reply_add(p));
	set_addr(&r->from, "2001:db8::9");
	r->rx.sec = T0;
	r->rx.usec = 50;
	r->ttl = 60;
	r->flags = WARTS_TRACELB_REPLY_TTL | (odd ? 0x04 : 0);
	r->icmp_type = 129;
	if (odd) {
		warts_icmpext *e;
		r->ipid = 0xaa;
		r->icmp_q_tos = 7;
		r->icmp_q_ttl = 3;
		r->tcp_flags = 0x04;
		r->icmpext.ext = must(calloc(1, sizeof(*e)));
		r->icmpext.count = 1;
		e = &r->icmpext.ext[0];
		e->class_num = 5;
		e->class_type = 6;
	}

	/* a TCP reply with ICMP fields */
	r = must(warts_tracelb_reply_add(p));
	set_addr(&r->from, "2001:db8::9");
	r->rx.sec = T0;
	r->rx.usec = 60;
	r->flags = WARTS_TRACELB_REPLY_TCP;
	r->tcp_flags = 0x12;
	r->icmp_type = odd ? 11 : 0;
	warts_tracelb_count_links(t);
	t->nodec = 2;
	t->linkc = 1;
	return t;
}

static void test_tracelb(void)
{
	static const char *const parts[] = {
		" type: icmp-echo id: 77, dport: 9, tos: 0x00\n",
		", confidence: 95, gaplimit: 5\n",
		" flags: ptr, 0x02\n",
		"node 0 2001:db8::1, q-ttl 4, flags 0x02\n",
		", ttl: 60, ipid: 0x00aa, flags: 0x05\n"
		"     icmp: 129/0, q-tos: 0x07, q-ttl: 3\n"
		"     tcp flags 0x04 ( rst )\n"
		"     icmp-ext class: 5, type: 6, len: 0\n",
		"     tcp flags 0x12 ( syn ack )\n"
		"     icmp: 11/0\n",
		NULL,
	};
	warts_tracelb *a = tracelb_new(0), *b = tracelb_new(1);
	char *usual = dump(WARTS_TYPE_TRACELB, a), *unusual =
		dump(WARTS_TYPE_TRACELB, b);

	check("tracelb", usual, unusual, parts);
	free(usual);
	free(unusual);
	warts_tracelb_free(a);
	warts_tracelb_free(b);
}

/* ---- dealias ---------------------------------------------------------- */

static warts_dealias *dealias_new(int odd)
{
	warts_dealias *d = must(warts_dealias_alloc());
	warts_dealias_probedef *def;
	warts_dealias_probe *p;
	warts_dealias_reply *r;

	d->start.sec = T0;
	d->method = WARTS_DEALIAS_ALLY;
	d->ally.attempts = 5;
	d->ally.wait_timeout = 5;
	d->ally.flags = WARTS_DEALIAS_ALLY_NOBS | (odd ? 0x04 : 0);
	for (int i = 0; i < 2; i++) {
		def = must(warts_dealias_probedef_add(d));
		set_addr(&def->dst, "2001:db8::9");
		set_addr(&def->src, "2001:db8::2");
		def->method = WARTS_DEALIAS_PROBE_ICMP_ECHO;
		def->ttl = 255;
	}
	d->result = WARTS_DEALIAS_RESULT_ALIASES;

	p = must(warts_dealias_probe_add(d, 0));
	p->tx.sec = T0;
	p->seq = 1;
	p->ipid = odd ? 0x0102 : 0;

	/* an echo reply, with what an echo reply does not have */
	r = must(warts_dealias_reply_add(p));
	set_addr(&r->src, "2001:db8::9");
	r->rx.sec = T0;
	r->ttl = 60;
	r->proto = 58;
	r->icmp_type = 129;
	if (odd) {
		warts_icmpext *e;
		r->ipid = 0x33;
		r->flags = 0x02;
		r->icmp_q_ttl = 6;
		r->tcp_flags = 0x01;
		r->icmpext.ext = must(calloc(2, sizeof(*e)));
		r->icmpext.count = 2;
		e = &r->icmpext.ext[0];
		e->class_num = 1;
		e->class_type = 1;
		e->len = 4;
		e->data = must(malloc(4));
		memcpy(e->data, "\x00\x3e\x81\x01", 4); /* 1000, s 1, ttl 1 */
		e = &r->icmpext.ext[1];
		e->class_num = 2;
		e->class_type = 3;
	}

	/* a TCP reply with ICMP fields */
	r = must(warts_dealias_reply_add(p));
	set_addr(&r->src, "2001:db8::9");
	r->rx.sec = T0;
	r->proto = 6;
	r->tcp_flags = 0x04;
	r->icmp_type = odd ? 3 : 0;
	r->icmp_code = odd ? 3 : 0;

	/* an IPv4 reply whose IP-ID has more than 16 bits */
	r = must(warts_dealias_reply_add(p));
	set_addr(&r->src, "192.0.2.9");
	r->rx.sec = T0;
	r->proto = 1;
	r->ipid = odd ? 0x12345 : 0x2345;
	return d;
}

static void test_dealias(void)
{
	static const char *const parts[] = {
		", nobs, flags: 0x05\n",
		" probe: 0, def: 0, seq: 1, tx: 1700000000.000000,"
		" ipid: 0x0102\n",
		", ipid32: 0x00000033, flags: 0x02\n"
		"  icmp-type: 129, icmp-code: 0, icmp-q-ttl: 6\n"
		"   tcp flags: ( fin )\n"
		"  mpls ext ttl: 1, s: 1, exp: 0, label: 1000\n"
		"  icmp-ext class: 2, type: 3, len: 0\n",
		"   tcp flags: ( rst )\n"
		"  icmp-type: 3, icmp-code: 3\n",
		", ipid: 0x2345, ipid32: 0x00012345\n",
		NULL,
	};
	static const char *const unknown[] = {
		" method: 9\n  method-data: (3) 010203\n", NULL,
	};
	warts_dealias *a = dealias_new(0), *b = dealias_new(1);
	char *usual = dump(WARTS_TYPE_DEALIAS, a), *unusual =
		dump(WARTS_TYPE_DEALIAS, b);

	check("dealias", usual, unusual, parts);
	free(usual);
	free(unusual);
	warts_dealias_free(a);
	warts_dealias_free(b);

	/* a method we cannot decode: the bytes its record holds */
	a = must(warts_dealias_alloc());
	b = must(warts_dealias_alloc());
	a->method = b->method = 9;
	b->unknown_len = 3;
	b->unknown = must(malloc(3));
	memcpy(b->unknown, "\x01\x02\x03", 3);
	usual = dump(WARTS_TYPE_DEALIAS, a);
	unusual = dump(WARTS_TYPE_DEALIAS, b);
	check("dealias, unknown method", usual, unusual, unknown);
	free(usual);
	free(unusual);
	warts_dealias_free(a);
	warts_dealias_free(b);
}

/* ---- neighbourdisc ---------------------------------------------------- */

static void test_neighbourdisc(void)
{
	static const char *const parts[] = {
		" method: 9, attempts: 3, wait-timeout: 1s, replyc: 1,"
		" iface: eth0\n",
		" our-mac: 00:11:22:33:44:55\n",
		" flags: 0x01 ( all-attempts )\n",
		" query:  who-has 192.0.2.9 tell 192.0.2.2\n",
		NULL,
	};
	warts_neighbourdisc *nd[2];
	char *out[2];

	for (int odd = 0; odd < 2; odd++) {
		warts_neighbourdisc *n = must(warts_neighbourdisc_alloc());
		n->start.sec = T0;
		/* scamper's dump prints the settings of ARP and ND only */
		n->method = odd ? 9 : WARTS_NEIGHBOURDISC_ARP;
		n->attempts = 3;
		n->wait_timeout = 1000;
		n->replyc = 1;
		n->ifname = must(strdup("eth0"));
		n->flags = WARTS_NEIGHBOURDISC_FLAG_ALLATTEMPTS;
		set_addr(&n->src_ip, "192.0.2.2");
		set_addr(&n->dst_ip, "192.0.2.9");
		if (warts_addr_fromstr(&n->src_mac, "00:11:22:33:44:55") != 0)
			abort();
		nd[odd] = n;
		out[odd] = dump(WARTS_TYPE_NEIGHBOURDISC, n);
	}
	/* with ARP the same lines show, with its name for the method */
	ok(strstr(out[0], " method: arp, attempts: 3,") != NULL,
	   "neighbourdisc: ARP as scamper prints it");
	for (size_t i = 0; parts[i] != NULL; i++)
		if (!ok(strstr(out[1], parts[i]) != NULL,
		        "neighbourdisc: shows \"%s\"", oneline(parts[i])))
			diag("in:\n%s", out[1]);
	for (int odd = 0; odd < 2; odd++) {
		free(out[odd]);
		warts_neighbourdisc_free(nd[odd]);
	}
}

/* ---- tbit ------------------------------------------------------------- */

static warts_tbit *tbit_new(int odd, uint8_t type)
{
	warts_tbit *t = must(warts_tbit_alloc());
	static const uint8_t notip[] = { 0x00, 0x11, 0x22, 0x33 };
	warts_tv tv = { T0, 0 };

	set_addr(&t->src, "192.0.2.2");
	set_addr(&t->dst, "198.51.100.9");
	t->start.sec = T0;
	t->sport = 40000;
	t->dport = 80;
	t->client_mss = 1460;
	t->type = type;
	t->result = WARTS_TBIT_RESULT_ICW_TOOSHORT;
	t->client_syn_retx = odd ? 5 : 3;
	t->client_dat_retx = odd ? 4 : 3;
	if (type == WARTS_TBIT_TYPE_ICW) {
		t->icw = must(calloc(1, sizeof(*t->icw)));
		t->icw->start_seq = odd ? 77 : 0;
		/* an application that has no block */
		t->app_proto = odd ? WARTS_TBIT_APP_SMTP : 0;
		if (odd)
			must(warts_tbit_pkt_add(t, 5, &tv, notip,
			                        sizeof(notip)));
	} else {
		t->pmtud = must(calloc(1, sizeof(*t->pmtud)));
		t->pmtud->mtu = 1280;
		t->pmtud->options = odd ? 0x06 : 0;
		t->app_proto = WARTS_TBIT_APP_HTTP;
		t->http = must(calloc(1, sizeof(*t->http)));
		t->http->file = must(strdup("/f"));
		t->http->type = odd ? WARTS_TBIT_HTTP_TYPE_HTTPS :
		                      WARTS_TBIT_HTTP_TYPE_HTTP;
	}
	return t;
}

static void test_tbit(void)
{
	static const char *const icw[] = {
		", ttl: 255, syn-retx: 5, dat-retx: 4\n",
		" icw-start-seq: 77\n",
		" app: smtp\n",
		" [  0.000] RX len: 4, data: 00112233, dir: 5\n",
		NULL,
	};
	static const char *const pmtud[] = {
		" mtu: 1280, ptb-retx: 0, options: 0x6\n",
		" app: http, file: /f, type: 1\n",
		NULL,
	};
	warts_tbit *a = tbit_new(0, WARTS_TBIT_TYPE_ICW);
	warts_tbit *b = tbit_new(1, WARTS_TBIT_TYPE_ICW);
	char *usual = dump(WARTS_TYPE_TBIT, a), *unusual =
		dump(WARTS_TYPE_TBIT, b);

	check("tbit", usual, unusual, icw);
	free(usual);
	free(unusual);
	warts_tbit_free(a);
	warts_tbit_free(b);

	a = tbit_new(0, WARTS_TBIT_TYPE_PMTUD);
	b = tbit_new(1, WARTS_TBIT_TYPE_PMTUD);
	usual = dump(WARTS_TYPE_TBIT, a);
	unusual = dump(WARTS_TYPE_TBIT, b);
	check("tbit pmtud", usual, unusual, pmtud);
	free(usual);
	free(unusual);
	warts_tbit_free(a);
	warts_tbit_free(b);
}

/* ---- sting ------------------------------------------------------------ */

static warts_sting *sting_new(int odd)
{
	/* a SYN, 192.0.2.2:40000 -> 198.51.100.9:80, IP-ID 0x1234 */
	static const uint8_t syn[40] = {
		0x45, 0, 0, 40, 0x12, 0x34, 0, 0, 64, 6, 0, 0,
		192, 0, 2, 2, 198, 51, 100, 9,
		0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02,
	};
	/* a UDP header after the same IPv4 header */
	static const uint8_t udp[20] = {
		0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0,
		192, 0, 2, 2, 198, 51, 100, 9,
	};
	warts_sting *s = must(warts_sting_alloc());
	warts_tv tv = { T0, 1000 };

	set_addr(&s->src, "192.0.2.2");
	set_addr(&s->dst, "198.51.100.9");
	s->start.sec = T0;
	s->count = 10;
	s->seqskip = 3;
	s->dist = odd ? WARTS_STING_DIST_EXPONENTIAL : WARTS_STING_DIST_UNIFORM;
	s->datalen = odd ? 99 : 13;
	must(warts_sting_pkt_add(s, WARTS_STING_PKT_TX | (odd ? 0x40 : 0),
	                         &tv, syn, sizeof(syn)));
	if (odd)
		must(warts_sting_pkt_add(s, WARTS_STING_PKT_TX, &tv, udp,
		                         sizeof(udp)));
	return s;
}

static void test_sting(void)
{
	static const char *const parts[] = {
		", seqskip 3, dist: exponential, datalen: 99\n",
		" 1234, flags: 0x41\n",
		" [  0.001] TX len: 20, data: 4500001c0001000040110000c0000202"
		"c6336409\n",
		NULL,
	};
	warts_sting *a = sting_new(0), *b = sting_new(1);
	char *usual = dump(WARTS_TYPE_STING, a), *unusual =
		dump(WARTS_TYPE_STING, b);

	check("sting", usual, unusual, parts);
	free(usual);
	free(unusual);
	warts_sting_free(a);
	warts_sting_free(b);
}

/* ---- host ------------------------------------------------------------- */

static warts_host *host_new(int odd)
{
	warts_host *h = must(warts_host_alloc());
	warts_host_query *q;
	warts_host_rr *rr;
	warts_host_rr_txt *txt;

	set_addr(&h->dst, "198.51.100.53");
	h->start.sec = T0;
	h->flags = WARTS_HOST_FLAG_TCP | (odd ? 0x10 : 0);
	h->wait_timeout = 5000;
	h->qtype = WARTS_HOST_TYPE_TXT;
	h->qclass = WARTS_HOST_CLASS_IN;
	h->qname = must(strdup("example.com"));
	h->stop_reason = WARTS_HOST_STOP_DONE;

	/* a query that drew no response, with an rcode and flags */
	q = must(warts_host_query_add(h));
	q->tx.sec = T0;
	q->id = 1;
	q->rcode = odd ? 3 : 0;
	q->flags = odd ? WARTS_HOST_QFLAG_AA : 0;

	/* one that did, with a NUL in a TXT string */
	q = must(warts_host_query_add(h));
	q->tx.sec = T0;
	q->rx.sec = T0 + 1;
	q->id = 2;
	rr = must(warts_host_rr_add(q, WARTS_HOST_SECTION_AN));
	rr->rrclass = WARTS_HOST_CLASS_IN;
	rr->rrtype = WARTS_HOST_TYPE_TXT;
	rr->name = must(strdup("example.com"));
	rr->kind = WARTS_HOST_RR_TXT;
	txt = rr->data.txt = must(calloc(1, sizeof(*txt)));
	txt->strc = 1;
	txt->strs = must(calloc(1, sizeof(*txt->strs)));
	txt->strs[0].len = 3;
	txt->strs[0].data = must(malloc(4));
	memcpy(txt->strs[0].data, odd ? "a\0b" : "a-b", 4);
	return h;
}

static void test_host(void)
{
	static const char *const parts[] = {
		" flags: tcp 0x10\n",
		"an: 0, ns: 0, ar: 0\n  rcode: NXDomain, flags: AA\n",
		" TXT 1 \"a\\0b\"\n",
		NULL,
	};
	warts_host *a = host_new(0), *b = host_new(1);
	char *usual = dump(WARTS_TYPE_HOST, a), *unusual =
		dump(WARTS_TYPE_HOST, b);

	check("host", usual, unusual, parts);
	free(usual);
	free(unusual);
	warts_host_free(a);
	warts_host_free(b);
}

/* ---- http ------------------------------------------------------------- */

static void test_http(void)
{
	static const char *const parts[] = {
		" type: 7, host: example.com, file: /p\n", NULL,
	};
	warts_http *a = must(warts_http_alloc()), *b = must(warts_http_alloc());
	char *usual, *unusual;

	for (int odd = 0; odd < 2; odd++) {
		warts_http *h = odd ? b : a;
		set_addr(&h->dst, "198.51.100.80");
		h->start.sec = T0;
		/* a type scamper does not know: no URL can be made */
		h->type = odd ? 7 : WARTS_HTTP_TYPE_HTTP;
		h->dport = 80;
		h->host = must(strdup("example.com"));
		h->file = must(strdup("/p"));
	}
	usual = dump(WARTS_TYPE_HTTP, a);
	unusual = dump(WARTS_TYPE_HTTP, b);
	ok(strstr(usual, " url: http://example.com/p\n") != NULL,
	   "http: the URL, when it can be made");
	check("http", usual, unusual, parts);
	free(usual);
	free(unusual);
	warts_http_free(a);
	warts_http_free(b);
}

/* ---- udpprobe --------------------------------------------------------- */

static warts_udpprobe *udpprobe_new(int odd)
{
	warts_udpprobe *u = must(warts_udpprobe_alloc());
	warts_udpprobe_probe *p;
	warts_udpprobe_reply *r;

	set_addr(&u->dst, "198.51.100.53");
	u->start.sec = T0;
	u->dport = 53;
	u->flags = odd ? WARTS_UDPPROBE_FLAG_EXITFIRST : 0;
	u->probe_count = 3;
	u->stop_count = odd ? 3 : 1;
	u->stop_reason = WARTS_UDPPROBE_STOP_DONE;
	p = must(warts_udpprobe_probe_add(u));
	p->tx = u->start;
	p->sport = 5000;
	/* a reply without bytes */
	r = must(warts_udpprobe_reply_add(p, odd ? NULL : "x", odd ? 0 : 1,
	                                  "eth0"));
	r->rx.sec = T0;
	r->rx.usec = 50;
	return u;
}

static void test_udpprobe(void)
{
	static const char *const parts[] = {
		" flags: 0x01 ( exitfirst )\n",
		" probe-count: 3, stop-count: 3, probe-sent: 1,",
		"  0.000050 reply: 0, ifname: eth0, len: 0\n",
		NULL,
	};
	warts_udpprobe *a = udpprobe_new(0), *b = udpprobe_new(1);
	char *usual = dump(WARTS_TYPE_UDPPROBE, a), *unusual =
		dump(WARTS_TYPE_UDPPROBE, b);

	check("udpprobe", usual, unusual, parts);
	free(usual);
	free(unusual);
	warts_udpprobe_free(a);
	warts_udpprobe_free(b);
}

/* ---- owamp ------------------------------------------------------------ */

static warts_owamp *owamp_new(int odd)
{
	warts_owamp *o = must(warts_owamp_alloc());
	warts_owamp_tx *tx;
	warts_owamp_rx *rx;

	set_addr(&o->dst, "198.51.100.9");
	o->start.sec = T0;
	o->startat.sec = T0 + 1;
	o->flags = odd ? WARTS_OWAMP_FLAG_ZERO : 0;
	o->result = WARTS_OWAMP_RESULT_DONE;

	/* a packet not sent */
	tx = must(warts_owamp_tx_add(o));
	tx->seq = 0;
	tx->stamp = o->startat;
	tx->flags = odd ? WARTS_OWAMP_TX_NOTSENT : 0;

	/* a packet received, with fields its flags do not claim */
	tx = must(warts_owamp_tx_add(o));
	tx->seq = 1;
	tx->stamp = o->startat;
	tx->errest = 100;
	tx->flags = WARTS_OWAMP_TX_ERREST | (odd ? 0x80 : 0);
	rx = must(warts_owamp_rx_add(tx));
	rx->stamp = o->startat;
	rx->stamp.usec = 700;
	rx->errest = 100;
	rx->flags = WARTS_OWAMP_RX_ERREST | (odd ? 0x08 : 0);
	rx->ttl = odd ? 9 : 0;
	rx->dscp = odd ? 10 : 0;
	return o;
}

static void test_owamp(void)
{
	static const char *const parts[] = {
		" flags: 0x1 ( zero )\n",
		"  0: 0.000000, seq: 0, rxc: 0, not-sent\n",
		"  1: 0.000000, seq: 1, rxc: 1, flags: 0x82\n",
		"    0.000700, ttl: 9, dscp: 10, flags: 0xc\n",
		NULL,
	};
	warts_owamp *a = owamp_new(0), *b = owamp_new(1);
	char *usual = dump(WARTS_TYPE_OWAMP, a), *unusual =
		dump(WARTS_TYPE_OWAMP, b);

	check("owamp", usual, unusual, parts);
	/* scamper records an error estimate for every packet: not shown */
	ok(strstr(unusual, "errest") == NULL, "owamp: no error estimates");
	free(usual);
	free(unusual);
	warts_owamp_free(a);
	warts_owamp_free(b);
}

int main(void)
{
	test_trace();
	test_ping();
	test_tracelb();
	test_dealias();
	test_neighbourdisc();
	test_tbit();
	test_sting();
	test_host();
	test_http();
	test_udpprobe();
	test_owamp();
	return done_testing();
}
