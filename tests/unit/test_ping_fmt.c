/*
 * test_ping_fmt.c: pings built in code, printed as JSON, text and dump,
 * for what the corpus has no example of: replies stored out of probe
 * order, several replies to one probe and errors among them, partial
 * loss (the JSON's "%.2f" of a float, ties included), prespecified and
 * timestamp-only IP timestamps, empty options, unknown methods and stop
 * reasons, payloads, checksums, spoofing, odd waits, TCP answers, IPv6
 * IP ids and too-big messages, and pings without probes or replies.
 *
 * The expected output was worked out by hand from how scamper 20260420's
 * sc_warts2json, sc_warts2text and sc_wartsdump print pings (with our
 * deliberate differences: commas in "probe_tsps", a complete dump of
 * timestamp-only options).  Every ping is also encoded and decoded
 * again, and the copy must print the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testlib.h"
#include "warts/ping.h"

#include "ping/ping_fmt.h"

/* 2023-11-14 22:13:20 UTC */
#define T0 1700000000u

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		diag("bad address %s", s);
}

static warts_ping *new_ping(const char *dst, uint16_t sent)
{
	warts_ping *p = warts_ping_alloc();
	set_addr(&p->src, "192.0.2.1");
	set_addr(&p->dst, dst);
	p->start.sec = T0;
	p->stop_reason = WARTS_PING_STOP_COMPLETED;
	p->attempts = sent;
	p->ping_sent = sent;
	p->probe_size = 84;
	p->ttl = 64;
	p->wait_sec = 1;
	p->timeout_sec = 1;
	p->sport = 4660;
	return p;
}

/* An echo reply from the target to probe id, rtt microseconds. */
static warts_ping_reply *add_reply(warts_ping *p, const char *from,
                                   uint16_t id, uint32_t rtt)
{
	warts_ping_reply *r = warts_ping_reply_add(p);
	set_addr(&r->addr, from);
	r->probe_id = id;
	r->rtt = rtt;
	r->reply_size = 84;
	r->reply_ttl = 60;
	r->flags = WARTS_PING_REPLY_REPLY_TTL;
	r->reply_proto = p->dst.type == WARTS_ADDR_IPV4 ? 1 : 58;
	r->icmp_type = p->dst.type == WARTS_ADDR_IPV4 ? 0 : 129;
	return r;
}

static char *print(const warts_ping *p, int kind)
{
	warts_object obj = { .type = WARTS_TYPE_PING };
	warts_strbuf sb = { 0 };
	int rc;
	obj.u.ping = (warts_ping *)p;
	if (kind == 'j')
		rc = warts_json(&obj, 0, &sb);
	else if (kind == 't')
		rc = warts_text(&obj, &sb);
	else
		rc = warts_dump(&obj, &sb);
	if (rc != 1) {
		warts_strbuf_free(&sb);
		return strdup("(nothing printed)");
	}
	return sb.data;
}

/*
 * Compare piece by piece (lines, or JSON members split at commas), so
 * that a failure shows the piece that differs.
 */
static void same(const char *got, const char *want, const char *what,
                 const char *seps)
{
	const char *g = got, *w = want;
	unsigned n = 1;
	while (*g != '\0' || *w != '\0') {
		size_t gl = strcspn(g, seps), wl = strcspn(w, seps);
		char gb[2048], wb[2048];
		snprintf(gb, sizeof(gb), "%.*s", (int)gl, g);
		snprintf(wb, sizeof(wb), "%.*s", (int)wl, w);
		if (!is_str(gb, wb, "%s piece %u", what, n))
			return;
		g += gl + (g[gl] != '\0');
		w += wl + (w[wl] != '\0');
		n++;
	}
	ok(1, "%s", what);
}

/* The wanted text goes to the diagnostics only: it may span lines. */
static void has(const char *got, const char *want, const char *what)
{
	if (!ok(strstr(got, want) != NULL, "%s has the expected part", what))
		diag("want %s\nin %s", want, got);
}

/*
 * Check the three outputs against what is expected (NULL: not checked)
 * and free the ping; a copy through the codec must print the same.
 */
static void check(warts_ping *p, const char *name, const char *json,
                  const char *text, const char *dump)
{
	char *j = print(p, 'j'), *t = print(p, 't'), *d = print(p, 'd');
	warts_object obj = { .type = WARTS_TYPE_PING }, copy;
	char why[256], what[128];

	snprintf(what, sizeof(what), "%s json", name);
	if (json != NULL)
		same(j, json, what, ",");
	ok(strchr(j, '\n') == j + strlen(j) - 1, "%s is one line", what);
	snprintf(what, sizeof(what), "%s text", name);
	if (text != NULL)
		same(t, text, what, "\n");
	snprintf(what, sizeof(what), "%s dump", name);
	if (dump != NULL)
		same(d, dump, what, "\n");

	obj.u.ping = p;
	if (ok(test_roundtrip(&obj, &copy, NULL, why, sizeof(why)) == 0,
	       "%s: codec round trip", name)) {
		char *j2 = print(copy.u.ping, 'j'), *t2 = print(copy.u.ping, 't');
		char *d2 = print(copy.u.ping, 'd');
		is_str(j2, j, "%s: copy prints the same json", name);
		is_str(t2, t, "%s: copy prints the same text", name);
		is_str(d2, d, "%s: copy prints the same dump", name);
		free(j2);
		free(t2);
		free(d2);
		warts_object_clear(&copy);
	} else {
		diag("%s", why);
	}
	free(j);
	free(t);
	free(d);
	warts_ping_free(p);
}

/*
 * Replies stored out of probe order: scamper files them under their
 * probes, so every output lists probe 0's two replies first, and JSON
 * and text show the probe's send time and IP id from its first reply.
 * The second records others, which the dump shows (scamper's would not).
 * One reply is a router's time exceeded: an error, not an answer.
 */
static void test_regroup(void)
{
	warts_ping *p = new_ping("198.51.100.1", 3);
	warts_ping_reply *r;

	r = add_reply(p, "198.51.100.1", 2, 3000);
	r->probe_tx.sec = T0 + 2;
	r = add_reply(p, "198.51.100.1", 0, 1000);
	r->probe_tx.sec = T0;
	r->probe_tx.usec = 100;
	r->flags |= WARTS_PING_REPLY_PROBE_IPID;
	r->probe_ipid = 0x1111;
	r = add_reply(p, "198.51.100.1", 0, 1500);
	r->probe_tx.sec = T0;
	r->probe_tx.usec = 900000;
	r->flags |= WARTS_PING_REPLY_PROBE_IPID;
	r->probe_ipid = 0x2222;
	r = add_reply(p, "192.0.2.9", 1, 2000);
	r->probe_tx.sec = T0 + 1;
	r->probe_tx.usec = 999999;
	r->reply_size = 56;
	r->reply_ttl = 250;
	r->icmp_type = 11;
	r->flags |= WARTS_PING_REPLY_REPLY_IPID;
	r->reply_ipid = 0xabcd;

	check(p, "regroup",
	      "{\"type\":\"ping\",\"version\":\"0.4\",\"method\":\"icmp-echo\","
	      "\"src\":\"192.0.2.1\",\"dst\":\"198.51.100.1\","
	      "\"start\":{\"sec\":1700000000,\"usec\":0},"
	      "\"stop_reason\":\"done\",\"stop_data\":0,\"ping_sent\":3,"
	      "\"probe_size\":84,\"userid\":0,\"ttl\":64,\"tos\":0,\"wait\":1,"
	      "\"timeout\":1,\"responses\":["
	      "{\"from\":\"198.51.100.1\",\"reply_size\":84,\"reply_ttl\":60,"
	      "\"seq\":0,\"tx\":{\"sec\":1700000000,\"usec\":100},"
	      "\"icmp_id\":4660,\"icmp_seq\":0,\"probe_ipid\":4369,"
	      "\"reply_proto\":\"icmp\",\"rx\":{\"sec\":1700000000,"
	      "\"usec\":1100},\"rtt\":1.000,\"reply_ipid\":0,\"icmp_type\":0,"
	      "\"icmp_code\":0},"
	      "{\"from\":\"198.51.100.1\",\"reply_size\":84,\"reply_ttl\":60,"
	      "\"seq\":0,\"tx\":{\"sec\":1700000000,\"usec\":100},"
	      "\"icmp_id\":4660,\"icmp_seq\":0,\"probe_ipid\":4369,"
	      "\"reply_proto\":\"icmp\",\"rx\":{\"sec\":1700000000,"
	      "\"usec\":1600},\"rtt\":1.500,\"reply_ipid\":0,\"icmp_type\":0,"
	      "\"icmp_code\":0},"
	      "{\"from\":\"192.0.2.9\",\"reply_size\":56,\"reply_ttl\":250,"
	      "\"seq\":1,\"tx\":{\"sec\":1700000001,\"usec\":999999},"
	      "\"icmp_id\":4660,\"icmp_seq\":1,\"reply_proto\":\"icmp\","
	      "\"rx\":{\"sec\":1700000002,\"usec\":1999},\"rtt\":2.000,"
	      "\"reply_ipid\":43981,\"icmp_type\":11,\"icmp_code\":0},"
	      "{\"from\":\"198.51.100.1\",\"reply_size\":84,\"reply_ttl\":60,"
	      "\"seq\":2,\"tx\":{\"sec\":1700000002,\"usec\":0},"
	      "\"icmp_id\":4660,\"icmp_seq\":2,\"reply_proto\":\"icmp\","
	      "\"rx\":{\"sec\":1700000002,\"usec\":3000},\"rtt\":3.000,"
	      "\"reply_ipid\":0,\"icmp_type\":0,\"icmp_code\":0}],"
	      "\"no_responses\":[],\"statistics\":{\"replies\":2,"
	      "\"loss\":0.33,\"min\":1.000,\"max\":3.000,\"avg\":1.833,"
	      "\"stddev\":0.849,\"ndups\":1,\"nerrs\":1}}\n",

	      "ping from 192.0.2.1 to 198.51.100.1: 84 byte packets\n"
	      "84 bytes from 198.51.100.1, seq=0 ttl=60 time=1.000 ms\n"
	      "84 bytes from 198.51.100.1, seq=0 ttl=60 time=1.500 ms\n"
	      "56 bytes from 192.0.2.9, seq=1 ttl=250 time=2.000 ms\n"
	      "84 bytes from 198.51.100.1, seq=2 ttl=60 time=3.000 ms\n"
	      "--- 198.51.100.1 ping statistics ---\n"
	      "3 packets transmitted, 2 packets received, +1 duplicates, "
	      "+1 errors, 33% packet loss\n"
	      "round-trip min/avg/max/stddev = 1.000/1.833/3.000/0.849 ms\n",

	      "ping from 192.0.2.1 to 198.51.100.1\n"
	      " user-id: 0\n"
	      " start: Tue Nov 14 22:13:20 2023 000000\n"
	      " probe-count: 3, size: 84, wait: 1s, timeout: 1s, ttl: 64, "
	      "tos: 0x00\n"
	      " method: icmp-echo, icmp-id: 4660\n"
	      " probes-sent: 3, stop-reason: done\n"
	      "reply from 198.51.100.1, attempt: 1, tx: 0.000100s, "
	      "rtt: 0.001000s\n"
	      " size: 84, ttl: 60, probe-ipid: 0x1111\n"
	      " icmp type: 0, code: 0\n"
	      "reply from 198.51.100.1, attempt: 1, tx: 0.900000s, "
	      "rtt: 0.001500s\n"
	      " size: 84, ttl: 60, probe-ipid: 0x2222\n"
	      " icmp type: 0, code: 0\n"
	      "reply from 192.0.2.9, attempt: 2, tx: 1.999999s, "
	      "rtt: 0.002000s\n"
	      " size: 56, ttl: 250, reply-ipid: 0xabcd\n"
	      " icmp type: 11, code: 0\n"
	      "reply from 198.51.100.1, attempt: 3, tx: 2.000000s, "
	      "rtt: 0.003000s\n"
	      " size: 84, ttl: 60\n"
	      " icmp type: 0, code: 0\n"
	      "\n");
}

/*
 * Partial loss: the JSON prints a float quotient with "%.2f", whose
 * exact ties (1/8, 3/8, 5/8) round to even; the text prints whole
 * percent, truncated.
 */
static void test_loss(void)
{
	static const struct {
		uint16_t sent, answered;
		const char *json, *text;
	} cases[] = {
		{ 8, 7, "\"loss\":0.12,", "12% packet loss" },
		{ 8, 5, "\"loss\":0.38,", "37% packet loss" },
		{ 8, 3, "\"loss\":0.62,", "62% packet loss" },
		{ 3, 1, "\"loss\":0.67,", "66% packet loss" },
		{ 7, 1, "\"loss\":0.86,", "85% packet loss" },
		{ 2, 2, "\"loss\":0,", "0% packet loss" },
		{ 2, 0, "\"loss\":1}", "100% packet loss" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		warts_ping *p = new_ping("198.51.100.1", cases[i].sent);
		char name[64], *j, *t;
		for (uint16_t k = 0; k < cases[i].answered; k++)
			add_reply(p, "198.51.100.1", k, 1000u + k);
		j = print(p, 'j');
		t = print(p, 't');
		snprintf(name, sizeof(name), "%u of %u answered",
		         cases[i].answered, cases[i].sent);
		has(j, cases[i].json, name);
		has(t, cases[i].text, name);
		free(j);
		free(t);
		check(p, name, NULL, NULL, NULL);
	}
}

/*
 * Timestamps only, with prespecified addresses: the addresses are
 * separated by commas (scamper 2026 writes none), and the dump lists the
 * stamps three to a line (scamper 2026 crashes).  A second reply carries
 * an empty record route and an empty timestamp option.
 */
static void test_tsonly(void)
{
	warts_ping *p = new_ping("198.51.100.1", 2);
	warts_ping_reply *r;

	p->flags = WARTS_PING_FLAG_TSONLY;
	p->tsps = warts_ping_tsps_alloc(2);
	set_addr(&p->tsps->ip[0], "203.0.113.1");
	set_addr(&p->tsps->ip[1], "203.0.113.2");
	r = add_reply(p, "198.51.100.1", 0, 100);
	r->v4ts = warts_ping_v4ts_alloc(4, 0);
	for (unsigned i = 0; i < 4; i++)
		r->v4ts->slot[i].ts = i + 1;
	r = add_reply(p, "198.51.100.1", 1, 200);
	r->v4rr = warts_ping_v4rr_alloc(0);
	r->v4ts = warts_ping_v4ts_alloc(0, 0);

	check(p, "tsonly",
	      "{\"type\":\"ping\",\"version\":\"0.4\",\"method\":\"icmp-echo\","
	      "\"src\":\"192.0.2.1\",\"dst\":\"198.51.100.1\","
	      "\"start\":{\"sec\":1700000000,\"usec\":0},"
	      "\"stop_reason\":\"done\",\"stop_data\":0,\"ping_sent\":2,"
	      "\"probe_size\":84,\"userid\":0,\"ttl\":64,\"tos\":0,\"wait\":1,"
	      "\"timeout\":1,\"flags\":[\"tsonly\"],"
	      "\"probe_tsps\":[\"203.0.113.1\",\"203.0.113.2\"],"
	      "\"responses\":["
	      "{\"from\":\"198.51.100.1\",\"reply_size\":84,\"reply_ttl\":60,"
	      "\"seq\":0,\"icmp_id\":4660,\"icmp_seq\":0,"
	      "\"reply_proto\":\"icmp\",\"rtt\":0.100,\"reply_ipid\":0,"
	      "\"icmp_type\":0,\"icmp_code\":0,\"tsonly\":[1,2,3,4]},"
	      "{\"from\":\"198.51.100.1\",\"reply_size\":84,\"reply_ttl\":60,"
	      "\"seq\":1,\"icmp_id\":4660,\"icmp_seq\":1,"
	      "\"reply_proto\":\"icmp\",\"rtt\":0.200,\"reply_ipid\":0,"
	      "\"icmp_type\":0,\"icmp_code\":0,\"RR\":[]}],"
	      "\"no_responses\":[],\"statistics\":{\"replies\":2,\"loss\":0,"
	      "\"min\":0.100,\"max\":0.200,\"avg\":0.150,\"stddev\":0.050}}\n",

	      "ping from 192.0.2.1 to 198.51.100.1: 84 byte packets\n"
	      "84 bytes from 198.51.100.1, seq=0 ttl=60 time=0.100 ms\n"
	      " TS: 1\n"
	      "     2\n"
	      "     3\n"
	      "     4\n"
	      "84 bytes from 198.51.100.1, seq=1 ttl=60 time=0.200 ms\n"
	      "--- 198.51.100.1 ping statistics ---\n"
	      "2 packets transmitted, 2 packets received, 0% packet loss\n"
	      "round-trip min/avg/max/stddev = 0.100/0.150/0.200/0.050 ms\n",

	      "ping from 192.0.2.1 to 198.51.100.1\n"
	      " user-id: 0\n"
	      " start: Tue Nov 14 22:13:20 2023 000000\n"
	      " probe-count: 2, size: 84, wait: 1s, timeout: 1s, ttl: 64, "
	      "tos: 0x00\n"
	      " flags: tsonly\n"
	      " method: icmp-echo, icmp-id: 4660\n"
	      " timestamp-prespec: 203.0.113.1 203.0.113.2\n"
	      " probes-sent: 2, stop-reason: done\n"
	      "reply from 198.51.100.1, attempt: 1, rtt: 0.000100s\n"
	      " size: 84, ttl: 60\n"
	      " icmp type: 0, code: 0\n"
	      " IP timestamp option: tsc 4\n"
	      "   0x00000001 0x00000002 0x00000003\n"
	      "   0x00000004\n"
	      "reply from 198.51.100.1, attempt: 2, rtt: 0.000200s\n"
	      " size: 84, ttl: 60\n"
	      " icmp type: 0, code: 0\n"
	      " record route:\n"
	      " IP timestamp option: tsc 0\n"
	      "\n");
}

/* Timestamps with addresses: five slots, two to a dump line. */
static void test_tsandaddr(void)
{
	static const char *const a[] = {
		"203.0.113.1", "203.0.113.22", "203.0.113.3", "198.51.100.1",
		"203.0.113.250",
	};
	warts_ping *p = new_ping("198.51.100.1", 1);
	warts_ping_reply *r = add_reply(p, "198.51.100.1", 0, 100);
	char *j, *t, *d;

	p->flags = WARTS_PING_FLAG_TSANDADDR;
	r->v4ts = warts_ping_v4ts_alloc(5, 1);
	for (unsigned i = 0; i < 5; i++) {
		r->v4ts->slot[i].ts = 0x01000000u + i;
		set_addr(&r->v4ts->slot[i].ip, a[i]);
	}
	j = print(p, 'j');
	t = print(p, 't');
	d = print(p, 'd');
	has(j, ",\"tsandaddr\":[{\"ts\":16777216,\"ip\":\"203.0.113.1\"},"
	       "{\"ts\":16777217,\"ip\":\"203.0.113.22\"},{\"ts\":16777218,"
	       "\"ip\":\"203.0.113.3\"},{\"ts\":16777219,\"ip\":"
	       "\"198.51.100.1\"},{\"ts\":16777220,\"ip\":\"203.0.113.250\"}]}",
	    "tsandaddr json");
	has(t, " TS: 203.0.113.1     16777216\n"
	       "     203.0.113.22    16777217\n"
	       "     203.0.113.3     16777218\n"
	       "     198.51.100.1    16777219\n"
	       "     203.0.113.250   16777220\n", "tsandaddr text");
	has(d, " IP timestamp option: tsc 5\n"
	       "  203.0.113.1     0x01000000    203.0.113.22    0x01000001\n"
	       "  203.0.113.3     0x01000002    198.51.100.1    0x01000003\n"
	       "  203.0.113.250   0x01000004\n\n", "tsandaddr dump");
	free(j);
	free(t);
	free(d);
	check(p, "tsandaddr", NULL, NULL, NULL);
}

/* A record route of four addresses: three to a dump line. */
static void test_rr(void)
{
	static const char *const a[] = {
		"203.0.113.1", "203.0.113.2", "198.51.100.1", "192.0.2.1",
	};
	warts_ping *p = new_ping("198.51.100.1", 1);
	warts_ping_reply *r = add_reply(p, "198.51.100.1", 0, 100);
	char *j, *t, *d;

	p->flags = WARTS_PING_FLAG_V4RR;
	r->v4rr = warts_ping_v4rr_alloc(4);
	for (unsigned i = 0; i < 4; i++)
		set_addr(&r->v4rr->ip[i], a[i]);
	j = print(p, 'j');
	t = print(p, 't');
	d = print(p, 'd');
	has(j, ",\"RR\":[\"203.0.113.1\",\"203.0.113.2\",\"198.51.100.1\","
	       "\"192.0.2.1\"]}", "rr json");
	has(t, " RR: 203.0.113.1\n     203.0.113.2\n     198.51.100.1\n"
	       "     192.0.2.1\n---", "rr text");
	has(d, " record route: 203.0.113.1     203.0.113.2     198.51.100.1   "
	       "\n               192.0.2.1      \n\n", "rr dump");
	free(j);
	free(t);
	free(d);
	check(p, "rr", NULL, NULL, NULL);
}

/*
 * A ping of everything the header can show: spoofed source, router,
 * list with monitor, cycle, error message (escaped in JSON), payload,
 * checksum, unknown flag bits, odd waits, an error stop.
 */
static void test_header(void)
{
	warts_ping *p = new_ping("198.51.100.1", 0);
	warts_list *l = warts_list_alloc(5, "L");
	warts_cycle *c = warts_cycle_alloc(l, 9, T0);

	warts_strset(&l->monitor, "vp1");
	p->list = l;
	p->cycle = c;
	p->userid = 4294967295u;
	set_addr(&p->rtr, "192.0.2.254");
	p->start.usec = 42;
	p->stop_reason = WARTS_PING_STOP_ERROR;
	p->stop_data = 7;
	p->stop_count = 2;
	p->pmtu = 1400;
	p->tos = 0xb8;
	p->wait_sec = 0;
	p->wait_usec = 250000;
	p->timeout_sec = 2;
	p->timeout_usec = 1;
	p->attempts = 4;
	p->flags = WARTS_PING_FLAG_SPOOF | WARTS_PING_FLAG_PAYLOAD |
	           WARTS_PING_FLAG_ICMPSUM | 0x10000;
	p->icmpsum = 0x1234;
	p->payload_len = 2;
	p->payload = malloc(2);
	p->payload[0] = 0x00;
	p->payload[1] = 0xff;
	p->errmsg = strdup("bad \"x\"\n");

	check(p, "header",
	      "{\"type\":\"ping\",\"version\":\"0.4\",\"method\":\"icmp-echo\","
	      "\"src\":\"192.0.2.1\",\"dst\":\"198.51.100.1\","
	      "\"rtr\":\"192.0.2.254\","
	      "\"start\":{\"sec\":1700000000,\"usec\":42},"
	      "\"stop_reason\":\"error\",\"stop_data\":7,"
	      "\"errmsg\":\"bad \\\"x\\\"\\n\",\"ping_sent\":0,"
	      "\"probe_size\":84,\"userid\":4294967295,\"ttl\":64,\"tos\":184,"
	      "\"wait\":0,\"wait_us\":250000,\"timeout\":2,\"timeout_us\":1,"
	      "\"payload\":\"00ff\","
	      "\"flags\":[\"spoof\",\"payload\",\"icmpsum\"],"
	      "\"icmp_csum\":4660,\"monitor\":\"vp1\","
	      "\"responses\":[],\"no_responses\":[],"
	      "\"statistics\":{\"replies\":0}}\n",

	      "ping from 192.0.2.1 to 198.51.100.1: 84 byte packets\n"
	      "--- 198.51.100.1 ping statistics ---\n"
	      "0 packets transmitted, 0 packets received\n",

	      "ping from 192.0.2.1 (spoofed) to 198.51.100.1\n"
	      " list id: 5, name: L, monitor: vp1\n"
	      " cycle id: 9\n"
	      " user-id: -1\n"
	      " rtr: 192.0.2.254\n"
	      " start: Tue Nov 14 22:13:20 2023 000042\n"
	      " probe-count: 4, replies-req: 2, size: 84, reply-pmtu: 1400, "
	      "wait: 0.25s, timeout: 2.000001s, ttl: 64, tos: 0xb8\n"
	      " errmsg: bad \"x\"\n"
	      "\n"
	      " flags: spoof, payload, icmpsum, 0x10000\n"
	      " method: icmp-echo, icmp-id: 4660, icmp-csum: 0x1234\n"
	      " payload bytes (2): 00ff\n"
	      " probes-sent: 0, stop-reason: error 7\n"
	      "\n");
}

/*
 * Numbers where scamper has no name: an unknown method (its ports named
 * "bug", shown by the dump), an unknown stop reason and reply protocol.
 * A microsecond part of the wait with more than six digits (a forged file) makes scamper's
 * format pad on the right.
 */
static void test_unknown(void)
{
	warts_ping *p = new_ping("198.51.100.1", 1);
	warts_ping_reply *r = add_reply(p, "198.51.100.1", 0, 5);
	char *j, *t, *d;

	p->method = 200;
	p->stop_reason = 9;
	p->dport = 7;
	p->wait_usec = 1000000000u;
	r->reply_proto = 99;
	j = print(p, 'j');
	t = print(p, 't');
	d = print(p, 'd');
	has(j, "\"method\":\"200\"", "unknown json");
	has(j, "\"stop_reason\":\"9\"", "unknown json");
	has(j, ",\"bug_sport\":4660, \"bug_dport\":7,\"reply_proto\":99,",
	    "unknown json");
	has(j, "\"rtt\":0.005,\"reply_ipid\":0}],", "unknown json");
	has(j, "\"statistics\":{\"replies\":0,\"loss\":1,\"nerrs\":1}}",
	    "unknown json");
	has(t, "84 bytes from 198.51.100.1, seq=0 \n", "unknown text");
	has(d, " method: 200, sport: 4660, dport: 7\n", "unknown dump");
	has(d, "wait: 1.1  s, timeout: 1s", "unknown dump");
	has(d, "stop-reason: 9\n", "unknown dump");
	has(d, " size: 84, ttl: 60, reply-proto: 99\n\n", "unknown dump");
	free(j);
	free(t);
	free(d);
	check(p, "unknown", NULL, NULL, NULL);
}

/* TCP answers: each way the text names the flags, the dump's names. */
static void test_tcp(void)
{
	static const struct {
		uint8_t flags;
		const char *text, *dump;
	} cases[] = {
		{ 0x14, "seq=0 tcp=closed ttl=60 time=0.100 ms\n",
		  " tcp flags: 14 ( rst ack )\n" },
		{ 0x52, "seq=0 tcp=open,ecn ttl=60 time=0.100 ms\n",
		  " tcp flags: 52 ( syn ack ece )\n" },
		{ 0x12, "seq=0 tcp=open ttl=60 time=0.100 ms\n",
		  " tcp flags: 12 ( syn ack )\n" },
		{ 0x10, "seq=0 tcp=0x10 ttl=60 time=0.100 ms\n",
		  " tcp flags: 10 ( ack )\n" },
		{ 0x00, "seq=0 tcp=0x00 ttl=60 time=0.100 ms\n",
		  " tcp flags: 00\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		warts_ping *p = new_ping("198.51.100.1", 1);
		warts_ping_reply *r = add_reply(p, "198.51.100.1", 0, 100);
		char name[32], json[64], *j, *t, *d;

		p->method = WARTS_PING_TCP_SYN_SPORT;
		p->sport = 40000;
		p->dport = 443;
		p->tcpseq = 11;
		r->reply_proto = 6;
		r->tcp_flags = cases[i].flags;
		r->probe_sport = i == 0 ? 40123 : 0;
		snprintf(name, sizeof(name), "tcp flags %02x", cases[i].flags);
		j = print(p, 'j');
		t = print(p, 't');
		d = print(p, 'd');
		has(t, cases[i].text, name);
		has(d, cases[i].dump, name);
		snprintf(json, sizeof(json), "\"tcp_flags\":%u}",
		         cases[i].flags);
		has(j, json, name);
		has(j, i == 0 ? "\"tcp_sport\":40123, \"tcp_dport\":443," :
		                "\"tcp_sport\":40000, \"tcp_dport\":443,", name);
		has(j, "\"sport\":40000,\"dport\":443,\"tcp_seq\":11,"
		       "\"tcp_ack\":0,", name);
		has(d, " method: tcp-syn-sport, base-sport: 40000, dport: 443, "
		       "seq: 11, ack: 0\n", name);
		if (i == 0)
			has(d, ", probe-sport: 40123\n", name);
		free(j);
		free(t);
		free(d);
		check(p, name, NULL, NULL, NULL);
	}
}

/*
 * IPv6: the reply's 32-bit IP id, a packet-too-big with its next-hop
 * MTU, the reply's ToS, interface, and datalink flags.
 */
static void test_ipv6(void)
{
	warts_ping *p = new_ping("2001:db8::1", 2);
	warts_ping_reply *r;
	char *j, *d;

	set_addr(&p->src, "2001:db8::2");
	r = add_reply(p, "2001:db8::1", 0, 1234);
	r->flags |= WARTS_PING_REPLY_REPLY_IPID | WARTS_PING_REPLY_REPLY_TOS |
	            WARTS_PING_REPLY_DLTX | WARTS_PING_REPLY_DLRX;
	r->reply_ipid32 = 0x12345678;
	r->reply_tos = 0x10;
	r->ifname = strdup("eth0");
	r = add_reply(p, "2001:db8::ff", 1, 99);
	r->icmp_type = 2;
	r->icmp_nhmtu = 1280;
	j = print(p, 'j');
	d = print(p, 'd');
	has(j, "\"reply_proto\":\"icmp\",\"ifname\":\"eth0\","
	       "\"reply_flags\":[\"dltxts\",\"dlrxts\"],\"rtt\":1.234,"
	       "\"reply_ipid\":305419896,\"reply_tos\":16,\"icmp_type\":129,"
	       "\"icmp_code\":0}", "ipv6 json");
	has(j, "\"rtt\":0.099,\"icmp_type\":2,\"icmp_code\":0,"
	       "\"icmp_nhmtu\":1280}", "ipv6 json");
	has(d, " size: 84, ttl: 60, tos: 0x10, ifname: eth0, "
	       "reply-ipid32: 0x12345678, dltx, dlrx\n"
	       " icmp type: 129, code: 0\n", "ipv6 dump");
	has(d, " icmp type: 2, code: 0, nhmtu: 1280\n", "ipv6 dump");
	free(j);
	free(d);
	check(p, "ipv6", NULL, NULL, NULL);
}

/* ICMP timestamp replies: their three stamps as hh:mm:ss.mmm. */
static void test_icmp_time(void)
{
	warts_ping *p = new_ping("198.51.100.1", 1);
	warts_ping_reply *r = add_reply(p, "198.51.100.1", 0, 100);
	char *j, *t, *d;

	p->method = WARTS_PING_ICMP_TIME;
	r->icmp_type = 14;
	r->tsreply = calloc(1, sizeof(*r->tsreply));
	r->tsreply->tso = 3723004;     /* 01:02:03.004 */
	r->tsreply->tsr = 86399999;    /* 23:59:59.999 */
	r->tsreply->tst = 4294967295u; /* past midnight: 1193:02:47.295 */
	j = print(p, 'j');
	t = print(p, 't');
	d = print(p, 'd');
	has(j, "\"method\":\"icmp-time\"", "icmp-time json");
	has(j, "\"statistics\":{\"replies\":1,\"loss\":0,", "icmp-time json");
	has(t, "seq=0 ttl=60 time=0.100 ms tso=01:02:03.004 "
	       "tsr=23:59:59.999 tst=1193:02:47.295\n", "icmp-time text");
	has(d, " icmp-tsreply: tso=01:02:03.004 tsr=23:59:59.999 "
	       "tst=1193:02:47.295\n", "icmp-time dump");
	free(j);
	free(t);
	free(d);
	check(p, "icmp-time", NULL, NULL, NULL);
}

/*
 * UDP methods: ports that vary with the probe, and what counts as an
 * answer (a port unreachable, or UDP).
 */
static void test_udp(void)
{
	warts_ping *p = new_ping("198.51.100.1", 3);
	warts_ping_reply *r;
	char *j, *t, *d;

	p->method = WARTS_PING_UDP_DPORT;
	p->sport = 5000;
	p->dport = 65535;
	r = add_reply(p, "198.51.100.1", 1, 100);
	r->icmp_type = 3;
	r->icmp_code = 3;
	r = add_reply(p, "198.51.100.1", 2, 300);
	r->reply_proto = 17;
	j = print(p, 'j');
	t = print(p, 't');
	d = print(p, 'd');
	/* the destination port wraps in 16 bits */
	has(j, "\"udp_sport\":5000, \"udp_dport\":0,", "udp json");
	has(j, "\"udp_sport\":5000, \"udp_dport\":1,\"reply_proto\":\"udp\","
	       "\"rtt\":0.300,\"reply_ipid\":0}", "udp json");
	has(j, "{\"replies\":2,\"loss\":0.33,\"min\":0.100,\"max\":0.300,"
	       "\"avg\":0.200,\"stddev\":0.100}", "udp json");
	has(t, "seq=2 ttl=60 time=0.300 ms\n", "udp text");
	has(d, " method: udp-dport, sport: 5000, base-dport 65535\n",
	    "udp dump");
	free(j);
	free(t);
	free(d);
	check(p, "udp", NULL, NULL, NULL);
}

/* scamper's (uint32_t)sqrt(x): the root rounded to a double, truncated. */
static double below(double x)
{
	uint64_t u;
	memcpy(&u, &x, sizeof(u));
	u--;
	memcpy(&x, &u, sizeof(x));
	return x;
}

static void test_sqrt(void)
{
	is_int(ping_sqrt_floor(0), 0, "sqrt 0");
	is_int(ping_sqrt_floor(below(1)), 0, "sqrt just below 1");
	is_int(ping_sqrt_floor(1), 1, "sqrt 1");
	is_int(ping_sqrt_floor(99), 9, "sqrt 99");
	/* the root of the double below 100 rounds up to 10.0 */
	is_int(ping_sqrt_floor(below(100)), 10, "sqrt just below 100");
	is_int(ping_sqrt_floor(below(below(100))), 9, "sqrt two below 100");
	is_int(ping_sqrt_floor(4294967295.0 * 4294967295.0), 4294967295u,
	       "sqrt of the largest square");
	/* below 1e12 the root lands just under the midpoint; below 9e18 not */
	is_int(ping_sqrt_floor(below(1e12)), 999999, "sqrt just below 1e12");
	is_int(ping_sqrt_floor(below(9e18)), 3000000000u, "sqrt just below 9e18");
	is_int(ping_sqrt_floor(1e12 - 1), 999999, "sqrt of 1e12 - 1");
	is_int(ping_sqrt_floor(-1), 0, "sqrt of a negative");
}

/* Odd objects built through the API: nothing read out of bounds. */
static void test_odd(void)
{
	warts_ping *p = new_ping("198.51.100.1", 1);
	char *j, *t, *d;

	/* a reply to a probe never sent, and one without an address */
	add_reply(p, "198.51.100.1", 65535, 1);
	warts_ping_reply_add(p);
	p->replies[1].probe_id = 0;
	j = print(p, 'j');
	t = print(p, 't');
	d = print(p, 'd');
	has(j, "\"responses\":[{\"reply_size\":0,\"reply_ttl\":0,\"seq\":0,",
	    "odd json");
	has(d, "reply from , attempt: 1, rtt: 0.000000s\n", "odd dump");
	has(d, "reply from 198.51.100.1, attempt: 65536, rtt: 0.000001s\n",
	    "odd dump");
	ok(strlen(t) > 0, "odd text");
	free(j);
	free(t);
	free(d);
	warts_ping_free(p);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_regroup();
	test_loss();
	test_tsonly();
	test_tsandaddr();
	test_rr();
	test_header();
	test_unknown();
	test_tcp();
	test_ipv6();
	test_icmp_time();
	test_udp();
	test_sqrt();
	test_odd();
	return done_testing();
}
