/*
 * test_owamp_fmt.c: OWAMP tests as JSON and dump.  No corpus file holds
 * an owamp object, so these objects are built here; the expected strings
 * are what scamper 20260420's sc_warts2json and sc_wartsdump print for
 * them once written to a file.  They cover every field, the values
 * scamper has no name for, times before the test's start, microseconds
 * of a million or more (the dump's odd "%0<n>u" widths), flags that
 * hide fields, and hand-built objects whose arrays are missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testlib.h"
#include "warts/format.h"
#include "warts/list.h"
#include "warts/owamp.h"

enum { JSON, TEXT, DUMP };

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

/* The object in one format; "" when the converter prints nothing. */
static char *fmt(const warts_owamp *o, int kind, unsigned flags)
{
	warts_object obj = { .type = WARTS_TYPE_OWAMP };
	warts_strbuf sb = { 0 };
	char *out;
	int rc;

	obj.u.owamp = (warts_owamp *)o;
	rc = kind == JSON ? warts_json(&obj, flags, &sb) :
	     kind == TEXT ? warts_text(&obj, &sb) : warts_dump(&obj, &sb);
	out = strdup(rc > 0 && sb.data != NULL ? sb.data : "");
	warts_strbuf_free(&sb);
	return out;
}

static void check(const warts_owamp *o, int kind, const char *want,
                  const char *what)
{
	static const char *const kinds[] = { "json", "text", "dump" };
	char *got = fmt(o, kind, 0);
	is_str(got, want, "%s: %s", what, kinds[kind]);
	free(got);
}

static void add_sched(warts_owamp *o, uint32_t sec, uint32_t usec,
                      uint8_t type)
{
	warts_tv tv = { sec, usec };
	if (warts_owamp_sched_add(o, &tv, type) != 0)
		abort();
}

static warts_owamp_tx *add_tx(warts_owamp *o)
{
	warts_owamp_tx *tx = warts_owamp_tx_add(o);
	if (tx == NULL)
		abort();
	return tx;
}

static warts_owamp_rx *add_rx(warts_owamp_tx *tx)
{
	warts_owamp_rx *rx = warts_owamp_rx_add(tx);
	if (rx == NULL)
		abort();
	return rx;
}

/*
 * Every field set; schedule values whose microseconds need one to ten
 * digits; a packet not sent; one sent before startat, received with
 * microseconds past a million.
 */
static warts_owamp *full(void)
{
	warts_owamp *o = warts_owamp_alloc();
	warts_owamp_tx *tx;
	warts_owamp_rx *rx;

	o->list = warts_list_alloc(5, "lname");
	warts_strset(&o->list->monitor, "mon1");
	o->cycle = warts_cycle_alloc(o->list, 9, 1795781300);
	o->userid = 3000000000u;
	set_addr(&o->src, "192.0.2.2");
	set_addr(&o->dst, "2001:db8::1");
	o->dport = 1861;
	o->flags = WARTS_OWAMP_FLAG_ZERO;
	o->start = (warts_tv){ 1795781361, 601528 };
	o->startat = (warts_tv){ 1795781362, 900000 };
	o->wait_timeout = (warts_tv){ 2, 500000 };
	o->attempts = 3000000000u;
	o->pktsize = 100;
	o->dir = WARTS_OWAMP_DIR_RX;
	o->dscp = 46;
	o->ttl = 64;
	o->hsrtt = 1234567;
	o->result = WARTS_OWAMP_RESULT_DONE;
	warts_strset(&o->errmsg, "an error");
	o->udp_sport = 5000;
	o->udp_dport = 6000;

	add_sched(o, 0, 100000, WARTS_OWAMP_SCHED_FIXED);
	add_sched(o, 1, 250000, WARTS_OWAMP_SCHED_EXP);
	add_sched(o, 0, 1000000, 7);       /* "%00u" */
	add_sched(o, 3, 100000000, 0);     /* "%0-2u": "1 " */
	add_sched(o, 3, 1200000000, 0);    /* "%0-2u": "12" */
	add_sched(o, 3, 4000000000u, 0);   /* "%0-3u": "4  " */
	add_sched(o, 3, 123, 0);

	tx = add_tx(o);
	tx->sched = (warts_tv){ 1795781362, 900010 };
	tx->stamp = (warts_tv){ 1795781362, 900020 };
	tx->errest = 0x1234;
	tx->flags = WARTS_OWAMP_TX_ERREST;
	rx = add_rx(tx);
	rx->stamp = (warts_tv){ 1795781363, 1 };
	rx->errest = 99;
	rx->flags = WARTS_OWAMP_RX_DSCP | WARTS_OWAMP_RX_TTL |
	            WARTS_OWAMP_RX_ERREST;
	rx->dscp = 46;
	rx->ttl = 60;
	/* only TTL flagged: scamper's dump leaves the DSCP out, ours not */
	rx = add_rx(tx);
	rx->stamp = (warts_tv){ 1795781363, 2 };
	rx->flags = WARTS_OWAMP_RX_TTL;
	rx->ttl = 61;
	rx->dscp = 5;

	/* not sent; an error estimate without its flag is not printed */
	tx = add_tx(o);
	tx->seq = 4000000000u;
	tx->flags = WARTS_OWAMP_TX_NOTSENT;
	tx->errest = 5;

	tx = add_tx(o);
	tx->stamp = (warts_tv){ 1795781300, 0 };
	tx->sched = (warts_tv){ 1795781362, 3000000000u };
	tx->seq = 2;
	tx->flags = 0x80;
	rx = add_rx(tx);
	rx->stamp = (warts_tv){ 1795781362, 3000000000u };
	return o;
}

static const char *const full_json =
	"{\"type\":\"owamp\",\"dir\":\"rx\",\"src\":\"192.0.2.2\","
	"\"dst\":\"2001:db8::1\",\"dport\":1861,"
	"\"start\":{\"sec\":1795781361,\"usec\":601528},"
	"\"startat\":{\"sec\":1795781362,\"usec\":900000},"
	"\"wait_timeout\":{\"sec\":2,\"usec\":500000},\"hsrtt\":{\"sec\":1,"
	"\"usec\":234567},\"userid\":3000000000,\"attempts\":3000000000,"
	"\"pktsize\":100,\"dscp\":46,\"udp_sport\":5000,\"udp_dport\":6000,"
	"\"result\":\"done\",\"errmsg\":\"an error\",\"monitor\":\"mon1\","
	"\"sched\":[{\"value\":{\"sec\":0,\"usec\":100000},"
	"\"type\":\"fixed\"},{\"value\":{\"sec\":1,\"usec\":250000},"
	"\"type\":\"exponential\"},{\"value\":{\"sec\":0,\"usec\":1000000},"
	"\"type\":\"7\"},{\"value\":{\"sec\":3,\"usec\":100000000},"
	"\"type\":\"fixed\"},{\"value\":{\"sec\":3,\"usec\":1200000000},"
	"\"type\":\"fixed\"},{\"value\":{\"sec\":3,\"usec\":4000000000},"
	"\"type\":\"fixed\"},{\"value\":{\"sec\":3,\"usec\":123},"
	"\"type\":\"fixed\"}],\"txs\":[{\"stamp\":{\"sec\":1795781362,"
	"\"usec\":900020},\"seq\":0,\"errest\":4660,\"rxc\":2,\"sent\":1,"
	"\"rxs\":[{\"stamp\":{\"sec\":1795781363,\"usec\":1},\"errest\":99,"
	"\"dscp\":46,\"ttl\":60},{\"stamp\":{\"sec\":1795781363,"
	"\"usec\":2},\"ttl\":61}]},{\"stamp\":{\"sec\":0,\"usec\":0},"
	"\"seq\":4000000000,\"rxc\":0,\"sent\":0,\"rxs\":[]},"
	"{\"stamp\":{\"sec\":1795781300,\"usec\":0},\"seq\":2,\"rxc\":1,"
	"\"sent\":1,\"rxs\":[{\"stamp\":{\"sec\":1795781362,"
	"\"usec\":3000000000}}]}]}\n";

static const char *const full_dump =
	"owamp from 192.0.2.2 to 2001:db8::1\n"
	" list id: 5, name: lname, monitor: mon1\n"
	" cycle id: 9\n"
	" user-id: -1294967296\n"
	" start: Fri Nov 27 12:09:21 2026 601528\n"
	" startat: Fri Nov 27 12:09:22 2026 900000\n"
	" wait-timeout: 2.5s, attempts: -1294967296, dport: 1861, pktsize: "
	"100, dscp: 46, ttl: 64\n"
	" dir: rx, udp_sport: 5000, udp_dport: 6000\n"
	" flags: 0x1 ( zero )\n"
	" hs-rtt: 1.234567\n"
	" result: done\n"
	" errmsg: an error\n"
	" schedc: 7\n"
	"  0: fixed, value: 0.1s\n"
	"  1: exponential, value: 1.25s\n"
	"  2: 7, value: 0.1s\n"
	"  3: fixed, value: 3.1 s\n"
	"  4: fixed, value: 3.12s\n"
	"  5: fixed, value: 3.4  s\n"
	"  6: fixed, value: 3.000123s\n"
	" txc: 3\n"
	"  0: 0.000020, seq: 0, rxc: 2, sched: 0.000010\n"
	"    0.100001, ttl: 60, dscp: 46\n"
	"    0.100002, ttl: 61, dscp: 5\n"
	"  1: 2499185933.100000, seq: 4000000000, rxc: 0, not-sent\n"
	"  2: 4294967233.100000, seq: 2, rxc: 1, sched: 0.2999100000,"
	" flags: 0x80\n"
	"    0.2999100000\n";

static void test_full(void)
{
	warts_owamp *o = full();
	char *out;

	check(o, JSON, full_json, "full");
	check(o, TEXT, "", "full");
	check(o, DUMP, full_dump, "full");

	/* what scamper's JSON leaves out */
	out = fmt(o, JSON, WARTS_JSON_ALLFIELDS);
	ok(strstr(out, "\"dscp\":46,\"flags\":1,\"ttl\":64,"
	               "\"udp_sport\":5000,") != NULL, "allfields: flags, ttl");
	ok(strstr(out, "{\"stamp\":{\"sec\":1795781362,\"usec\":900020},"
	               "\"sched\":{\"sec\":1795781362,\"usec\":900010},"
	               "\"seq\":0,") != NULL, "allfields: a packet's sched");
	free(out);
	warts_owamp_free(o);
}

/* Names scamper lacks; a million microseconds; no schedule at all. */
static const char *const odd_json =
	"{\"type\":\"owamp\",\"dir\":\"9\",\"dst\":\"198.18.0.1\","
	"\"dport\":861,\"start\":{\"sec\":0,\"usec\":0},"
	"\"startat\":{\"sec\":0,\"usec\":0},\"wait_timeout\":{\"sec\":0,"
	"\"usec\":1000000},\"hsrtt\":{\"sec\":0,\"usec\":0},\"userid\":0,"
	"\"attempts\":10,\"pktsize\":42,\"dscp\":0,\"udp_sport\":0,"
	"\"udp_dport\":0,\"result\":\"200\",\"txs\":[]}\n";

static const char *const odd_dump =
	"owamp to 198.18.0.1\n"
	" user-id: 0\n"
	" start: Thu Jan  1 00:00:00 1970 000000\n"
	" startat: Thu Jan  1 00:00:00 1970 000000\n"
	" wait-timeout: 0.1s, attempts: 10, dport: 861, pktsize: 42, dscp: "
	"0, ttl: 255\n"
	" dir: 9, udp_sport: 0, udp_dport: 0\n"
	" result: 200\n";

/* One schedule slot of zero; a wait of 5 s and 10^8 microseconds. */
static const char *const zero_json =
	"{\"type\":\"owamp\",\"dir\":\"tx\",\"dst\":\"198.18.0.1\","
	"\"dport\":861,\"start\":{\"sec\":0,\"usec\":0},"
	"\"startat\":{\"sec\":0,\"usec\":0},\"wait_timeout\":{\"sec\":5,"
	"\"usec\":100000000},\"hsrtt\":{\"sec\":0,\"usec\":0},\"userid\":0,"
	"\"attempts\":10,\"pktsize\":42,\"dscp\":0,\"udp_sport\":0,"
	"\"udp_dport\":0,\"result\":\"none\","
	"\"sched\":[{\"value\":{\"sec\":0,\"usec\":0},\"type\":\"fixed\"}],"
	"\"txs\":[]}\n";

static const char *const zero_dump =
	"owamp to 198.18.0.1\n"
	" user-id: 0\n"
	" start: Thu Jan  1 00:00:00 1970 000000\n"
	" startat: Thu Jan  1 00:00:00 1970 000000\n"
	" wait-timeout: 5.1 s, attempts: 10, dport: 861, pktsize: 42, "
	"dscp: 0, ttl: 255\n"
	" dir: tx, udp_sport: 0, udp_dport: 0\n"
	" result: none\n"
	" schedc: 1\n"
	"  0: fixed, value: 0s\n";

static void test_odd(void)
{
	warts_owamp *o = warts_owamp_alloc();

	set_addr(&o->dst, "198.18.0.1");
	o->dir = 9;
	o->result = 200;
	o->wait_timeout = (warts_tv){ 0, 1000000 };
	check(o, JSON, odd_json, "odd");
	check(o, DUMP, odd_dump, "odd");
	warts_owamp_free(o);

	o = warts_owamp_alloc();
	set_addr(&o->dst, "198.18.0.1");
	o->wait_timeout = (warts_tv){ 5, 100000000 };
	add_sched(o, 0, 0, WARTS_OWAMP_SCHED_FIXED);
	check(o, JSON, zero_json, "zero sched");
	check(o, DUMP, zero_dump, "zero sched");
	warts_owamp_free(o);
}

/*
 * Counts the arrays do not hold (the decoder never gives these): the
 * counts are printed, the missing entries are not, nothing is read.
 */
static void test_missing(void)
{
	warts_owamp *o = warts_owamp_alloc();
	warts_owamp_tx *tx;
	char *out;

	o->schedc = 3;
	o->txc = 2;
	out = fmt(o, DUMP, 0);
	ok(strstr(out, "owamp to <null>\n") == out, "no dst: <null>");
	ok(strstr(out, " schedc: 3\n txc: 2\n") != NULL &&
	   strstr(out, "  0:") == NULL, "counts without arrays: dump");
	free(out);
	out = fmt(o, JSON, 0);
	ok(strstr(out, "\"sched\"") == NULL &&
	   strstr(out, ",\"txs\":[]}\n") != NULL,
	   "counts without arrays: json");
	free(out);
	o->schedc = 0;
	o->txc = 0;

	tx = add_tx(o);
	tx->rxc = 4;
	out = fmt(o, DUMP, 0);
	is_str(strstr(out, " txc: 1\n"), " txc: 1\n  0: 0.000000, seq: 0, "
	       "rxc: 4\n", "rxc without rxs: dump");
	free(out);
	out = fmt(o, JSON, 0);
	ok(strstr(out, "\"rxc\":4,\"sent\":1,\"rxs\":[]}]}\n") != NULL,
	   "rxc without rxs: json");
	free(out);
	tx->rxc = 0;
	warts_owamp_free(o);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_full();
	test_odd();
	test_missing();
	return done_testing();
}
