/*
 * test_dealias_fmt.c: alias resolution as JSON, text and dump, for what
 * the corpus does not hold: TCP probedefs and replies, replies of other
 * protocols, 32-bit IP-IDs, prefixscan's alias, exclusions and flags,
 * radargun's flags and a wait_round past 16 bits, errmsg and monitor,
 * midardisc's start time and a schedule whose counts wrap, values that
 * sc_wartsdump's "%d" prints negative, a reply before its probe, a
 * method we do not know, and hand-built objects holding what the
 * decoder would refuse.  The expected strings follow scamper 20260420's
 * converters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testlib.h"
#include "warts/dealias.h"
#include "warts/format.h"

enum { JSON, TEXT, DUMP };

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

static warts_dealias *new_dealias(uint8_t method)
{
	warts_dealias *d = warts_dealias_alloc();
	d->method = method;
	d->start.sec = 1795781437; /* Fri Nov 27 12:10:37 2026 UTC */
	d->start.usec = 669538;
	return d;
}

static warts_dealias_probedef *add_def(warts_dealias *d, uint8_t method,
                                       const char *dst, const char *src)
{
	warts_dealias_probedef *p = warts_dealias_probedef_add(d);
	p->method = method;
	p->ttl = 255;
	set_addr(&p->dst, dst);
	if (src != NULL)
		set_addr(&p->src, src);
	return p;
}

static warts_dealias_reply *add_reply(warts_dealias_probe *p, const char *src,
                                      uint8_t proto, uint32_t sec,
                                      uint32_t usec)
{
	warts_dealias_reply *r = warts_dealias_reply_add(p);
	set_addr(&r->src, src);
	r->proto = proto;
	r->rx.sec = sec;
	r->rx.usec = usec;
	r->ttl = 63;
	return r;
}

/* The object in one format; "" when the converter prints nothing. */
static char *fmt(const warts_dealias *d, int kind)
{
	warts_object obj = { .type = WARTS_TYPE_DEALIAS };
	warts_strbuf sb = { 0 };
	char *s;
	int rc;

	obj.u.dealias = (warts_dealias *)d;
	rc = kind == JSON ? warts_json(&obj, 0, &sb) :
	     kind == TEXT ? warts_text(&obj, &sb) : warts_dump(&obj, &sb);
	s = strdup(rc > 0 && sb.data != NULL ? sb.data : "");
	warts_strbuf_free(&sb);
	return s;
}

static void check(const warts_dealias *d, int kind, const char *want,
                  const char *what)
{
	static const char *const kinds[] = { "json", "text", "dump" };
	char *got = fmt(d, kind);
	is_str(got, want, "%s: %s", what, kinds[kind]);
	free(got);
}

/* ---- prefixscan: TCP, other protocols, alias, exclusions, flags ------- */

static void test_prefixscan(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_PREFIXSCAN);
	warts_dealias_prefixscan *ps = &d->prefixscan;
	warts_dealias_probedef *def;
	warts_dealias_probe *p;
	warts_dealias_reply *r;

	d->userid = 7;
	d->result = WARTS_DEALIAS_RESULT_ALIASES;
	warts_strset(&d->errmsg, "bad \"x\"");
	d->list = warts_list_alloc(3, "L");
	warts_strset(&d->list->monitor, "mon");

	set_addr(&ps->a, "192.0.2.1");
	set_addr(&ps->b, "198.51.100.4");
	ps->prefix = 30;
	/* .7 shares 30 bits with .4, but is the broadcast address of the
	 * /30 and /29, so the alias is reported as a /28 */
	set_addr(&ps->ab, "198.51.100.7");
	ps->xc = 1;
	ps->xs = calloc(1, sizeof(*ps->xs));
	set_addr(&ps->xs[0], "198.51.100.6");
	ps->attempts = 2;
	ps->replyc = 5;
	ps->fudge = 200;
	ps->wait_probe = 1500;
	ps->wait_timeout = 5;
	ps->flags = WARTS_DEALIAS_PREFIXSCAN_NOBS |
	            WARTS_DEALIAS_PREFIXSCAN_CSA | 0x04;

	def = add_def(d, WARTS_DEALIAS_PROBE_TCP_ACK_SPORT, "198.51.100.5",
	              "192.0.2.2");
	def->tos = 0x10;
	def->size = 40;
	def->mtu = 1500;
	def->sport = 47605;
	def->dport = 80;
	def->tcp_flags = 0x12;
	def = add_def(d, WARTS_DEALIAS_PROBE_UDP_DPORT, "198.51.100.6", NULL);
	def->sport = 47605;
	def->dport = 33435;

	p = warts_dealias_probe_add(d, 0);
	p->tx.sec = 1795781437;
	p->tx.usec = 999000;
	p->ipid = 0x1234;
	r = add_reply(p, "198.51.100.5", 6, 1795781438, 1000);
	r->tcp_flags = 0x04;
	r->ipid = 0xbeef;
	r->size = 40;
	r = add_reply(p, "198.51.100.5", 17, 1795781438, 2000);
	r->ipid = 1;
	p = warts_dealias_probe_add(d, 1);
	p->seq = 3000000000u;
	p->tx.sec = 1795781439;
	p->tx.usec = 5;

	check(d, JSON,
	"{\"type\":\"dealias\",\"version\":\"0.2\",\"method\":\"prefixscan\", "
	"\"userid\":7, \"result\":\"aliases\", \"start\":{\"sec\":1795781437, "
	"\"usec\":669538},\"errmsg\":\"bad \\\"x\\\"\", \"a\":\"192.0.2.1\", "
	"\"b\":\"198.51.100.4/30\", \"ab\":\"198.51.100.7/28\", "
	"\"xs\":[\"198.51.100.6\"], \"attempts\":2, \"replyc\":5, "
	"\"fudge\":200, \"wait_probe\":1500, \"wait_timeout\":5, "
	"\"flags\":[\"nobs\",\"csa\",4],\"monitor\":\"mon\", "
	"\"probedefs\":[{\"id\":0, \"src\":\"192.0.2.2\", "
	"\"dst\":\"198.51.100.5\", \"ttl\":255, \"size\":40, "
	"\"method\":\"tcp-ack-sport\", \"tcp_sport\":47605, "
	"\"tcp_dport\":80, \"tcp_flags\":18, \"mtu\":1500}, {\"id\":1, "
	"\"dst\":\"198.51.100.6\", \"ttl\":255, \"size\":0, "
	"\"method\":\"udp-dport\", \"udp_sport\":47605, "
	"\"udp_dport\":33435}], \"probes\":[{\"probedef_id\":0,\"seq\":0,"
	"\"tx\":{\"sec\":1795781437,\"usec\":999000}, \"ipid\":4660, "
	"\"replies\":[{\"src\":\"198.51.100.5\",\"rx\":{\"sec\":1795781438,"
	"\"usec\":1000},\"ttl\":63, \"size\":40, \"ipid\":48879, "
	"\"proto\":6, \"tcp_flags\":4}, {\"src\":\"198.51.100.5\","
	"\"rx\":{\"sec\":1795781438,\"usec\":2000},\"ttl\":63, \"ipid\":1, "
	"\"proto\":17}]}, {\"probedef_id\":1,\"seq\":3000000000,"
	"\"tx\":{\"sec\":1795781439,\"usec\":5}, \"ipid\":0, "
	"\"replies\":[]}]}\n",
	"prefixscan");
	check(d, TEXT, "", "prefixscan");
	check(d, DUMP,
	"dealias\n"
	" list id: 3, name: L, monitor: mon\n"
	" user-id: 7\n"
	" start: Fri Nov 27 12:10:37 2026 669538\n"
	" method: prefixscan, 192.0.2.1:198.51.100.4/30, "
	"alias: 198.51.100.7/28\n"
	"  attempts: 2, replyc: 5, fudge: 200, wait-probe: 1.5s, "
	"wait-timeout: 5s, nobs, flags: 0x07\n"
	"  exclude: 198.51.100.6\n"
	" probedef 0: dst: 198.51.100.5, ttl: 255, tos: 0x10\n"
	"  src: 192.0.2.2, size: 40, mtu: 1500\n"
	"  tcp-ack-sport 47605:80  ( syn ack )\n"
	" probedef 1: dst: 198.51.100.6, ttl: 255, tos: 0x00\n"
	"  src: <null>\n"
	"  udp-dport 47605:33435\n"
	" probes: 2, result: aliases, csa\n"
	" errmsg: bad \"x\"\n"
	" probe: 0, def: 0, seq: 0, tx: 1795781437.999000, ipid: 0x1234\n"
	"  reply: 0, src: 198.51.100.5, ttl: 63, rtt: 0.002000, size: 40, "
	"ipid: 0xbeef\n"
	"   tcp flags: ( rst )\n"
	"  reply: 1, src: 198.51.100.5, ttl: 63, rtt: 0.003000, "
	"ipid: 0x0001\n"
	"  reply proto 17\n"
	" probe: 1, def: 1, seq: -1294967296, tx: 1795781439.000005, "
	"ipid: 0x0000\n"
	"\n",
	"prefixscan");

	/* an alias with no IPv4 prefix: JSON leaves it out, the dump
	 * prints -1 */
	set_addr(&ps->ab, "2001:db8::7");
	ps->flags = 0;
	ps->xc = 0;
	{
		char *s = fmt(d, JSON);
		ok(strstr(s, "\"ab\"") == NULL &&
		   strstr(s, "\"xs\"") == NULL &&
		   strstr(s, "\"flags\"") == NULL,
		   "prefixscan: no ab, xs or flags in JSON");
		free(s);
		s = fmt(d, DUMP);
		ok(strstr(s, ", alias: 2001:db8::7/-1\n") != NULL,
		   "prefixscan: dump prints the alias with -1");
		ok(strstr(s, "exclude") == NULL && strstr(s, ", csa") == NULL,
		   "prefixscan: no exclude or csa in the dump");
		free(s);
	}
	warts_dealias_free(d);
}

/* ---- radargun: flags, wait_round, IPv6, ipid32, time exceeded --------- */

static void test_radargun(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_RADARGUN);
	warts_dealias_radargun *rg = &d->radargun;
	warts_dealias_probedef *def;
	warts_dealias_probe *p;
	warts_dealias_reply *r;

	d->result = 9;
	rg->rounds = 2;
	rg->wait_probe = 250;
	rg->wait_round = 70000;
	rg->wait_timeout = 1;
	rg->flags = WARTS_DEALIAS_RADARGUN_SHUFFLE | 0x02;
	def = add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "2001:db8::1",
	              "2001:db8::2");
	def->ttl = 64;
	def->icmp_id = 0x0102;
	def->icmp_csum = 0xabcd;

	p = warts_dealias_probe_add(d, 0);
	p->seq = 1;
	p->tx.sec = 100;
	p->tx.usec = 500000;
	/* a reply stamped before its probe: the rtt is negative */
	r = add_reply(p, "2001:db8::1", 58, 100, 400000);
	r->icmp_type = 3;
	r->icmp_q_ttl = 1;
	r->flags = WARTS_DEALIAS_REPLY_IPID32;
	r->ipid = 0xdeadbeef;
	r = add_reply(p, "2001:db8::1", 58, 101, 0);
	r->icmp_type = 129;
	r->ipid = 5; /* not flagged: JSON leaves it out, the dump shows it */

	check(d, JSON,
	"{\"type\":\"dealias\",\"version\":\"0.2\",\"method\":\"radargun\", "
	"\"userid\":0, \"result\":\"9\", \"start\":{\"sec\":1795781437, "
	"\"usec\":669538}, \"attempts\":2, \"wait_probe\":250, "
	"\"wait_round\":4464, \"wait_timeout\":1, \"flags\":[\"nobs\",2], "
	"\"probedefs\":[{\"id\":0, \"src\":\"2001:db8::2\", "
	"\"dst\":\"2001:db8::1\", \"ttl\":64, \"size\":0, "
	"\"method\":\"icmp-echo\", \"icmp_id\":258, \"icmp_csum\":43981}], "
	"\"probes\":[{\"probedef_id\":0,\"seq\":1,\"tx\":{\"sec\":100,"
	"\"usec\":500000}, \"replies\":[{\"src\":\"2001:db8::1\","
	"\"rx\":{\"sec\":100,\"usec\":400000},\"ttl\":63, "
	"\"ipid\":3735928559, \"proto\":58, \"icmp_type\":3, "
	"\"icmp_code\":0, \"icmp_q_ttl\":1}, {\"src\":\"2001:db8::1\","
	"\"rx\":{\"sec\":101,\"usec\":0},\"ttl\":63, \"proto\":58, "
	"\"icmp_type\":129, \"icmp_code\":0}]}]}\n",
	"radargun");
	check(d, TEXT, "", "radargun");
	check(d, DUMP,
	"dealias\n"
	" user-id: 0\n"
	" start: Fri Nov 27 12:10:37 2026 669538\n"
	" method: radargun, rounds: 2, probedefc: 1\n"
	"  wait-probe: 0.25s, wait-round: 70s, wait-timeout: 1s\n"
	"  flags: shuffle, 0x02\n"
	" probedef 0: dst: 2001:db8::1, ttl: 64, tos: 0x00\n"
	"  src: 2001:db8::2\n"
	"  icmp-echo csum: 0xabcd, id: 0x0102\n"
	" probes: 1, result: 9\n"
	" probe: 0, def: 0, seq: 1, tx: 100.500000\n"
	"  reply: 0, src: 2001:db8::1, ttl: 63, rtt: -1.900000, "
	"ipid32: 0xdeadbeef\n"
	"  icmp-type: 3, icmp-code: 0, icmp-q-ttl: 1\n"
	"  reply: 1, src: 2001:db8::1, ttl: 63, rtt: 0.500000, "
	"ipid32: 0x00000005\n"
	"  icmp-type: 129, icmp-code: 0\n"
	"\n",
	"radargun");
	warts_dealias_free(d);
}

/* ---- ally: the text line ---------------------------------------------- */

static void test_ally_text(void)
{
	static const struct {
		uint8_t     result;
		const char *want;
	} cases[] = {
		{ WARTS_DEALIAS_RESULT_NONE, "192.0.2.1 192.0.2.2 none\n" },
		{ WARTS_DEALIAS_RESULT_ALIASES,
		  "192.0.2.1 192.0.2.2 aliases\n" },
		{ WARTS_DEALIAS_RESULT_NOTALIASES,
		  "192.0.2.1 192.0.2.2 not aliases\n" },
		{ WARTS_DEALIAS_RESULT_HALTED, "192.0.2.1 192.0.2.2 3\n" },
		{ WARTS_DEALIAS_RESULT_ERROR, "192.0.2.1 192.0.2.2 5\n" },
		{ 200, "192.0.2.1 192.0.2.2 200\n" },
	};
	warts_dealias *d = new_dealias(WARTS_DEALIAS_ALLY);
	char *s;

	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "192.0.2.1", NULL);
	add_def(d, WARTS_DEALIAS_PROBE_ICMP_ECHO, "192.0.2.2", NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		d->result = cases[i].result;
		check(d, TEXT, cases[i].want, "ally result");
	}
	d->result = 200;
	s = fmt(d, JSON);
	ok(strstr(s, "\"result\":\"200\"") != NULL, "ally: result 200 in JSON");
	free(s);
	s = fmt(d, DUMP);
	ok(strstr(s, " probes: 0, result: 200\n") != NULL,
	   "ally: result 200 in the dump");
	free(s);

	/* a hand-built ally without its probedefs */
	free(d->probedefs);
	d->probedefs = NULL;
	d->probedefc = 0;
	check(d, TEXT, "  200\n", "ally without probedefs");
	s = fmt(d, JSON);
	ok(strstr(s, "\"probedefs\":[], \"probes\":[]}\n") != NULL,
	   "ally without probedefs: JSON");
	free(s);
	warts_dealias_free(d);
}

/* ---- midardisc: start time, a schedule whose counts wrap -------------- */

static void test_midardisc(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_MIDARDISC);
	warts_dealias_midardisc *md = &d->midardisc;
	warts_dealias_probedef *def;

	md->wait_timeout = 1500000;
	md->startat = calloc(1, sizeof(*md->startat));
	md->startat->sec = 1795781500;
	md->startat->usec = 7;
	md->schedc = 2;
	md->sched = calloc(2, sizeof(*md->sched));
	md->sched[0].begin = 0;
	md->sched[0].end = 1;
	md->sched[1].start.sec = 1;
	md->sched[1].start.usec = 500;
	md->sched[1].begin = 5;
	md->sched[1].end = 2;
	def = add_def(d, WARTS_DEALIAS_PROBE_UDP, "192.0.2.9", "192.0.2.2");
	def->sport = 1;
	def->dport = 2;

	check(d, JSON,
	"{\"type\":\"dealias\",\"version\":\"0.2\",\"method\":\"midardisc\", "
	"\"userid\":0, \"result\":\"none\", \"start\":{\"sec\":1795781437, "
	"\"usec\":669538}, \"wait_timeout\":{\"sec\":1, \"usec\":500000}, "
	"\"startat\":{\"sec\":1795781500, \"usec\":7}, "
	"\"sched\":[{\"start\":{\"sec\":0, \"usec\":0}, \"begin\":0, "
	"\"end\":1}, {\"start\":{\"sec\":1, \"usec\":500}, \"begin\":5, "
	"\"end\":2}], \"probedefs\":[{\"id\":0, \"src\":\"192.0.2.2\", "
	"\"dst\":\"192.0.2.9\", \"ttl\":255, \"size\":0, \"method\":\"udp\", "
	"\"udp_sport\":1, \"udp_dport\":2}], \"probes\":[]}\n",
	"midardisc");
	check(d, TEXT, "", "midardisc");
	check(d, DUMP,
	"dealias\n"
	" user-id: 0\n"
	" start: Fri Nov 27 12:10:37 2026 669538\n"
	" method: midardisc, wait-timeout: 1.5s, probedefc: 1\n"
	" startat: Fri Nov 27 12:11:40 2026 000007\n"
	"  round 0: 0.000000 0 1, 0-1\n"
	"  round 1: 1.000500 5 2, 2-4294967295\n"
	" probedef 0: dst: 192.0.2.9, ttl: 255, tos: 0x00\n"
	"  src: 192.0.2.2\n"
	"  udp 1:2\n"
	" probes: 0, result: none\n"
	"\n",
	"midardisc");
	warts_dealias_free(d);
}

static void test_midarest(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_MIDAREST);
	warts_dealias_midarest *me = &d->midarest;
	warts_dealias_probedef *def;

	me->rounds = 255;
	me->wait_probe = 1;
	me->wait_round = 1234567;
	me->wait_timeout = 0;
	def = add_def(d, WARTS_DEALIAS_PROBE_TCP_SYN_SPORT, "192.0.2.9", NULL);
	def->sport = 1;
	def->dport = 2;
	def->tcp_flags = 0xff;

	check(d, JSON,
	"{\"type\":\"dealias\",\"version\":\"0.2\",\"method\":\"midarest\", "
	"\"userid\":0, \"result\":\"none\", \"start\":{\"sec\":1795781437, "
	"\"usec\":669538}, \"rounds\":255, \"wait_probe\":{\"sec\":0, "
	"\"usec\":1}, \"wait_round\":{\"sec\":1, \"usec\":234567}, "
	"\"wait_timeout\":{\"sec\":0, \"usec\":0}, \"probedefs\":[{\"id\":0, "
	"\"dst\":\"192.0.2.9\", \"ttl\":255, \"size\":0, "
	"\"method\":\"tcp-syn-sport\", \"tcp_sport\":1, \"tcp_dport\":2, "
	"\"tcp_flags\":255}], \"probes\":[]}\n",
	"midarest");
	check(d, DUMP,
	"dealias\n"
	" user-id: 0\n"
	" start: Fri Nov 27 12:10:37 2026 669538\n"
	" method: midarest, wait-probe: 0.000001s, wait-round: 1.234567s\n"
	"  wait-timeout: 0s, rounds: 255, probedefc: 1\n"
	" probedef 0: dst: 192.0.2.9, ttl: 255, tos: 0x00\n"
	"  src: <null>\n"
	"  tcp-syn-sport 1:2  ( fin syn rst psh ack urg ece cwr )\n"
	" probes: 0, result: none\n"
	"\n",
	"midarest");
	warts_dealias_free(d);
}

/* ---- a method we do not know ------------------------------------------ */

static void test_unknown(void)
{
	warts_dealias *d = new_dealias(9);

	d->probec = 3; /* the file's count; no probes are held */
	check(d, JSON,
	"{\"type\":\"dealias\",\"version\":\"0.2\",\"method\":\"9\", "
	"\"userid\":0, \"result\":\"none\", \"start\":{\"sec\":1795781437, "
	"\"usec\":669538}, \"probedefs\":[], \"probes\":[]}\n",
	"unknown method");
	check(d, TEXT, "", "unknown method");
	check(d, DUMP,
	"dealias\n"
	" user-id: 0\n"
	" start: Fri Nov 27 12:10:37 2026 669538\n"
	" method: 9\n"
	" probes: 3, result: none\n"
	"\n",
	"unknown method");
	warts_dealias_free(d);
}

/* ---- hand-built oddities ---------------------------------------------- */

static void test_odd(void)
{
	warts_dealias *d = new_dealias(WARTS_DEALIAS_MERCATOR);
	warts_dealias_probedef *def;
	warts_dealias_probe *p;

	d->userid = UINT32_MAX;
	d->cycle = warts_cycle_alloc(NULL, 4000000000u, 0);
	def = add_def(d, WARTS_DEALIAS_PROBE_TCP_ACK, "192.0.2.9", NULL);
	def->ttl = 0;
	def->sport = 1;
	def->dport = 2;
	p = warts_dealias_probe_add(d, 0);
	p->def = 5; /* beyond the probedefs */
	p->tx.sec = UINT32_MAX;
	p->tx.usec = 0x80000000u;

	check(d, JSON,
	"{\"type\":\"dealias\",\"version\":\"0.2\",\"method\":\"mercator\", "
	"\"userid\":4294967295, \"result\":\"none\", "
	"\"start\":{\"sec\":1795781437, \"usec\":669538}, \"attempts\":0, "
	"\"wait_timeout\":0, \"probedefs\":[{\"id\":0, "
	"\"dst\":\"192.0.2.9\", \"ttl\":0, \"size\":0, "
	"\"method\":\"tcp-ack\", \"tcp_sport\":1, \"tcp_dport\":2, "
	"\"tcp_flags\":0}], \"probes\":[{\"seq\":0,\"tx\":{\"sec\":4294967295,"
	"\"usec\":2147483648}, \"replies\":[]}]}\n",
	"odd mercator");
	check(d, DUMP,
	"dealias from <null> to 192.0.2.9\n"
	" cycle id: -294967296\n"
	" user-id: -1\n"
	" start: Fri Nov 27 12:10:37 2026 669538\n"
	" method: mercator, attempts: 0, timeout: 0s\n"
	" probedef 0: dst: 192.0.2.9, ttl: 0, tos: 0x00\n"
	"  src: <null>\n"
	"  tcp-ack 1:2 \n"
	" probes: 1, result: none\n"
	" probe: 0, def: 5, seq: 0, tx: -1.-2147483648\n"
	"\n",
	"odd mercator");

	/* an unknown probedef method, and a reply without a source */
	def->method = 99;
	p->def = 0;
	add_reply(p, "192.0.2.9", 1, 0, 0);
	p->replies[0].src.type = WARTS_ADDR_NONE;
	{
		char *s = fmt(d, JSON);
		ok(strstr(s, "\"size\":0, \"method\":\"99\"}") != NULL,
		   "unknown probedef method in JSON");
		/* scamper would write "{,": we keep the line valid JSON */
		ok(strstr(s, "\"replies\":[{\"rx\":{\"sec\":0,\"usec\":0},"
		             "\"ttl\":63, \"proto\":1, \"icmp_type\":0, "
		             "\"icmp_code\":0}]") != NULL,
		   "reply without a source in JSON");
		free(s);
		s = fmt(d, DUMP);
		ok(strstr(s, "  src: <null>\n99\n") != NULL,
		   "unknown probedef method in the dump");
		ok(strstr(s, "  reply: 0, src: <null>, ttl: 63, "
		             "rtt: 0.-2146483648\n") != NULL,
		   "reply without a source in the dump");
		free(s);
	}
	warts_dealias_free(d);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_prefixscan();
	test_radargun();
	test_ally_text();
	test_midardisc();
	test_midarest();
	test_unknown();
	test_odd();
	return done_testing();
}
