/*
 * test_nd_fmt.c: neighbour discovery as JSON and dump, for what the
 * corpus does not hold: flags (known and unknown), an error message and
 * a monitor, several replies to a probe (numbered by the probe, as
 * sc_wartsdump does), a millisecond timeout, times that sc_wartsdump's
 * "%d" prints negative, a reply before its probe, a method scamper does
 * not know, and hand-built objects holding what the decoder would
 * refuse.  The expected strings follow scamper 20260420's converters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testlib.h"
#include "warts/format.h"
#include "warts/neighbourdisc.h"

enum { JSON, TEXT, DUMP };

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

/* The object in one format; "" when the converter prints nothing. */
static char *fmt(const warts_neighbourdisc *nd, int kind)
{
	warts_object obj = { .type = WARTS_TYPE_NEIGHBOURDISC };
	warts_strbuf sb = { 0 };
	char *s;
	int rc;

	obj.u.neighbourdisc = (warts_neighbourdisc *)nd;
	rc = kind == JSON ? warts_json(&obj, 0, &sb) :
	     kind == TEXT ? warts_text(&obj, &sb) : warts_dump(&obj, &sb);
	s = strdup(rc > 0 && sb.data != NULL ? sb.data : "");
	warts_strbuf_free(&sb);
	return s;
}

static void check(const warts_neighbourdisc *nd, int kind, const char *want,
                  const char *what)
{
	static const char *const kinds[] = { "json", "text", "dump" };
	char *got = fmt(nd, kind);
	is_str(got, want, "%s: %s", what, kinds[kind]);
	free(got);
}

static warts_neighbourdisc *new_nd(uint8_t method)
{
	warts_neighbourdisc *nd = warts_neighbourdisc_alloc();
	nd->method = method;
	nd->start.sec = 1795781357; /* Fri Nov 27 12:09:17 2026 UTC */
	nd->start.usec = 402398;
	return nd;
}

static void add_reply(warts_neighbourdisc_probe *p, uint32_t sec,
                      uint32_t usec, const char *mac)
{
	warts_neighbourdisc_reply *r = warts_neighbourdisc_reply_add(p);
	r->rx.sec = sec;
	r->rx.usec = usec;
	if (mac != NULL)
		set_addr(&r->mac, mac);
}

/* ---- flags, errmsg, monitor, several replies -------------------------- */

static void test_full(void)
{
	warts_neighbourdisc *nd = new_nd(WARTS_NEIGHBOURDISC_ND_NSOL);
	warts_neighbourdisc_probe *p;

	nd->list = warts_list_alloc(3, "L");
	warts_strset(&nd->list->monitor, "mon");
	nd->cycle = warts_cycle_alloc(nd->list, 9, 1795781300);
	nd->userid = 3000000000u;
	warts_strset(&nd->ifname, "eth1");
	warts_strset(&nd->errmsg, "bad \"x\"");
	nd->wait_timeout = 250;
	nd->attempts = 3;
	nd->replyc = 2;
	nd->flags = WARTS_NEIGHBOURDISC_FLAG_ALLATTEMPTS |
	            WARTS_NEIGHBOURDISC_FLAG_FIRSTRESP | 0x40;
	set_addr(&nd->src_ip, "2001:db8::2");
	set_addr(&nd->src_mac, "5e:c3:39:f7:15:b1");
	set_addr(&nd->dst_ip, "2001:db8::1");
	set_addr(&nd->dst_mac, "e2:d9:b5:fd:ff:a3");

	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 1795781357;
	p->tx.usec = 999990;
	add_reply(p, 1795781358, 5, "e2:d9:b5:fd:ff:a3");
	add_reply(p, 1795781358, 7, "e2:d9:b5:fd:ff:a4");
	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 1795781359;
	p->tx.usec = 0;

	check(nd, JSON,
	"{\"type\":\"neighbourdisc\", \"version\":\"0.1\", "
	"\"method\":\"nd-nsol\", \"src_ip\":\"2001:db8::2\", "
	"\"src_mac\":\"5e:c3:39:f7:15:b1\", \"dst_ip\":\"2001:db8::1\", "
	"\"dst_mac\":\"e2:d9:b5:fd:ff:a3\", \"ifname\":\"eth1\", "
	"\"userid\":3000000000, \"attempts\":3, \"stop_count\":2, "
	"\"start\":{\"sec\":1795781357, \"usec\":402398}, "
	"\"wait_timeout\":{\"sec\":0, \"usec\":250000},"
	"\"errmsg\":\"bad \\\"x\\\"\", "
	"\"flags\":[\"allattempts\",\"firstresponse\"],\"monitor\":\"mon\", "
	"\"probes\":[{\"tx\":{\"sec\":1795781357, \"usec\":999990}, "
	"\"replyc\":2, \"replies\":[{\"rx\":{\"sec\":1795781358, \"usec\":5}, "
	"\"mac\":\"e2:d9:b5:fd:ff:a3\"},{\"rx\":{\"sec\":1795781358, "
	"\"usec\":7}, \"mac\":\"e2:d9:b5:fd:ff:a4\"}]},"
	"{\"tx\":{\"sec\":1795781359, \"usec\":0}, \"replyc\":0, "
	"\"replies\":[]}]}\n",
	"full");
	check(nd, TEXT, "", "full");
	check(nd, DUMP,
	"neighbourdisc\n"
	" list id: 3, name: L, monitor: mon\n"
	" cycle id: 9\n"
	" user-id: -1294967296\n"
	" start: Fri Nov 27 12:09:17 2026 402398\n"
	" method: ipv6 nsol, attempts: 3, wait-timeout: 0.25s, replyc: 2, "
	"iface: eth1\n"
	" our-mac: 5e:c3:39:f7:15:b1\n"
	" flags: 0x43 ( all-attempts first-response )\n"
	" query:  who-has 2001:db8::1 tell 2001:db8::2 "
	"result: 2001:db8::1 is-at e2:d9:b5:fd:ff:a3\n"
	" errmsg: bad \"x\"\n"
	" probe: 0, tx: 1795781357.999990\n"
	"  reply: 0, rtt: 0.000015, mac: e2:d9:b5:fd:ff:a3\n"
	"  reply: 0, rtt: 0.000017, mac: e2:d9:b5:fd:ff:a4\n"
	" probe: 1, tx: 1795781359.000000\n"
	"\n",
	"full");
	warts_neighbourdisc_free(nd);
}

/* ---- only unknown flags; a 5 ms timeout; times past INT32_MAX ---------- */

static void test_odd_values(void)
{
	warts_neighbourdisc *nd = new_nd(WARTS_NEIGHBOURDISC_ARP);
	warts_neighbourdisc_probe *p;

	nd->flags = 0x80;
	nd->wait_timeout = 5;
	set_addr(&nd->dst_ip, "192.0.2.1");
	/* a reply before its probe, and a probe time that "%d" wraps */
	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 1795781357;
	p->tx.usec = 500000;
	add_reply(p, 1795781356, 700000, "e2:d9:b5:fd:ff:a3");
	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 3000000000u;
	p->tx.usec = 4000000000u;

	check(nd, JSON,
	"{\"type\":\"neighbourdisc\", \"version\":\"0.1\", \"method\":\"arp\", "
	"\"dst_ip\":\"192.0.2.1\", \"userid\":0, \"attempts\":0, "
	"\"stop_count\":0, \"start\":{\"sec\":1795781357, \"usec\":402398}, "
	"\"wait_timeout\":{\"sec\":0, \"usec\":5000}, \"flags\":[], "
	"\"probes\":[{\"tx\":{\"sec\":1795781357, \"usec\":500000}, "
	"\"replyc\":1, \"replies\":[{\"rx\":{\"sec\":1795781356, "
	"\"usec\":700000}, \"mac\":\"e2:d9:b5:fd:ff:a3\"}]},"
	"{\"tx\":{\"sec\":3000000000, \"usec\":4000000000}, \"replyc\":0, "
	"\"replies\":[]}]}\n",
	"odd values");
	/* no interface: glibc's printf writes a NULL string as "(null)" */
	check(nd, DUMP,
	"neighbourdisc\n"
	" user-id: 0\n"
	" start: Fri Nov 27 12:09:17 2026 402398\n"
	" method: arp, attempts: 0, wait-timeout: 0.005s, replyc: 0, "
	"iface: (null)\n"
	" flags: 0x80 ( )\n"
	" query:  who-has 192.0.2.1\n"
	" probe: 0, tx: 1795781357.500000\n"
	"  reply: 0, rtt: -1.200000, mac: e2:d9:b5:fd:ff:a3\n"
	" probe: 1, tx: -1294967296.-294967296\n"
	"\n",
	"odd values");
	warts_neighbourdisc_free(nd);
}

/* ---- a method scamper does not know; an answer to no question --------- */

static void test_unknown_method(void)
{
	warts_neighbourdisc *nd = new_nd(7);

	warts_strset(&nd->errmsg, "oops");
	set_addr(&nd->dst_mac, "e2:d9:b5:fd:ff:a3");
	check(nd, JSON,
	"{\"type\":\"neighbourdisc\", \"version\":\"0.1\", \"method\":\"7\", "
	"\"dst_mac\":\"e2:d9:b5:fd:ff:a3\", \"userid\":0, \"attempts\":0, "
	"\"stop_count\":0, \"start\":{\"sec\":1795781357, \"usec\":402398}, "
	"\"wait_timeout\":{\"sec\":0, \"usec\":0},\"errmsg\":\"oops\", "
	"\"probes\":[]}\n",
	"unknown method");
	/* scamper's dump prints the settings and query for ARP and ND
	 * only; ours for any method, this one by its number */
	check(nd, DUMP,
	"neighbourdisc\n"
	" user-id: 0\n"
	" start: Fri Nov 27 12:09:17 2026 402398\n"
	" method: 7, attempts: 0, wait-timeout: 0s, replyc: 0, iface: (null)\n"
	" flags: 0x00\n"
	" query:  who-has result:  is-at e2:d9:b5:fd:ff:a3\n"
	" errmsg: oops\n"
	"\n",
	"unknown method");

	/* with a known method, an answer without the question leaves a gap */
	nd->method = WARTS_NEIGHBOURDISC_ARP;
	{
		char *s = fmt(nd, DUMP);
		ok(strstr(s, " query:  who-has result:  is-at "
		             "e2:d9:b5:fd:ff:a3\n") != NULL,
		   "answer without the address asked about");
		free(s);
	}
	warts_neighbourdisc_free(nd);
}

/* ---- what the decoder refuses: no reply MAC, counts without arrays ---- */

static void test_handbuilt(void)
{
	warts_neighbourdisc *nd = new_nd(WARTS_NEIGHBOURDISC_ARP);
	warts_neighbourdisc_probe *p;
	char *s;

	p = warts_neighbourdisc_probe_add(nd);
	p->tx.sec = 1795781357;
	add_reply(p, 1795781357, 10, NULL);
	s = fmt(nd, JSON);
	ok(strstr(s, "\"replies\":[{\"rx\":{\"sec\":1795781357, "
	             "\"usec\":10}}]") != NULL, "reply without a MAC: json");
	free(s);
	s = fmt(nd, DUMP);
	ok(strstr(s, "  reply: 0, rtt: 0.000010, mac: <null>\n") != NULL,
	   "reply without a MAC: dump");
	free(s);

	/* counts that claim entries the arrays do not hold */
	nd->probes[0].rxc = 40;
	free(nd->probes[0].rxs);
	nd->probes[0].rxs = NULL;
	s = fmt(nd, JSON);
	ok(strstr(s, "\"replyc\":40, \"replies\":[]}]}\n") != NULL,
	   "reply count without replies: json");
	free(s);
	free(nd->probes);
	nd->probes = NULL;
	nd->probec = 9;
	s = fmt(nd, DUMP);
	ok(strstr(s, "probe:") == NULL, "probe count without probes: dump");
	free(s);
	s = fmt(nd, JSON);
	ok(strstr(s, "\"probes\":[]}\n") != NULL,
	   "probe count without probes: json");
	free(s);
	nd->probec = 0;
	warts_neighbourdisc_free(nd);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_full();
	test_odd_values();
	test_unknown_method();
	test_handbuilt();
	return done_testing();
}
