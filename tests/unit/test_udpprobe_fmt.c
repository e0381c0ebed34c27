/*
 * test_udpprobe_fmt.c: UDP probes as JSON and dump, for what the corpus
 * does not hold: a list, cycle and monitor, a user id past INT32_MAX, an
 * unknown stop reason, an error message, several probes with replies
 * before their probe (negative RTTs and times), a reply without bytes,
 * unnormalised microseconds, a payload too large for scamper's JSON
 * buffer, and hand-built objects whose arrays are missing.  The expected
 * strings are what scamper 20260420's sc_warts2json and sc_wartsdump
 * print for these objects once written to a file, except where noted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testlib.h"
#include "warts/format.h"
#include "warts/list.h"
#include "warts/udpprobe.h"

enum { JSON, TEXT, DUMP };

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

/* The object in one format; "" when the converter prints nothing. */
static char *fmt(const warts_udpprobe *up, int kind, unsigned flags)
{
	warts_object obj = { .type = WARTS_TYPE_UDPPROBE };
	warts_strbuf sb = { 0 };
	char *out;
	int rc;

	obj.u.udpprobe = (warts_udpprobe *)up;
	rc = kind == JSON ? warts_json(&obj, flags, &sb) :
	     kind == TEXT ? warts_text(&obj, &sb) : warts_dump(&obj, &sb);
	out = strdup(rc > 0 && sb.data != NULL ? sb.data : "");
	warts_strbuf_free(&sb);
	return out;
}

static void check(const warts_udpprobe *up, int kind, const char *want,
                  const char *what)
{
	static const char *const kinds[] = { "json", "text", "dump" };
	char *got = fmt(up, kind, 0);
	is_str(got, want, "%s: %s", what, kinds[kind]);
	free(got);
}

static warts_udpprobe_probe *add_probe(warts_udpprobe *up, uint16_t sport)
{
	warts_udpprobe_probe *p = warts_udpprobe_probe_add(up);
	if (p == NULL)
		abort();
	/* as the decoder sets it: probe 0 was sent at the start */
	if (up->probe_sent == 1)
		p->tx = up->start;
	p->sport = sport;
	return p;
}

static void add_reply(warts_udpprobe_probe *p, const uint8_t *data,
                      uint16_t len, const char *ifname, uint32_t sec,
                      uint32_t usec)
{
	warts_udpprobe_reply *r = warts_udpprobe_reply_add(p, data, len,
	                                                    ifname);
	if (r == NULL)
		abort();
	r->rx = (warts_tv){ sec, usec };
}

static uint8_t bytes[2500];

static warts_udpprobe *full(void)
{
	warts_udpprobe *up = warts_udpprobe_alloc();
	warts_udpprobe_probe *p;

	up->list = warts_list_alloc(5, "lname");
	warts_strset(&up->list->monitor, "mon1");
	up->cycle = warts_cycle_alloc(up->list, 9, 1795781300);
	up->userid = 3000000000u;
	set_addr(&up->src, "2001:db8::2");
	set_addr(&up->dst, "2001:db8::1");
	up->sport = 7;
	up->dport = 53;
	up->start = (warts_tv){ 1795781361, 900000 };
	up->wait_timeout = 1500000;
	up->wait_probe = 250000;
	up->flags = WARTS_UDPPROBE_FLAG_EXITFIRST;
	up->stop_reason = 7;
	up->probe_count = 4;
	up->stop_count = 2;
	up->len = 25;
	up->data = malloc(25);
	memcpy(up->data, bytes, 25);
	warts_strset(&up->errmsg, "oops");

	p = add_probe(up, 1000);
	add_reply(p, bytes, 20, "eth1", 1795781362, 100000);
	add_reply(p, bytes, 21, NULL, 1795781361, 800000); /* before tx */
	/* no bytes: scamper's dump leaves it out, ours not */
	add_reply(p, NULL, 0, "eth2", 1795781361, 950000);
	p = add_probe(up, 1001);
	p->tx = (warts_tv){ 1795781361, 2000000000u };
	add_reply(p, bytes, 1, "eth0", 1795781363, 5);
	p = add_probe(up, 1002);
	p->tx = (warts_tv){ 1795781360, 0 };
	return up;
}

static const char *const full_json =
	"{\"type\":\"udpprobe\", \"version\":\"0.1\", "
	"\"src\":\"2001:db8::2\", \"dst\":\"2001:db8::1\", "
	"\"userid\":3000000000, \"start\":{\"sec\":1795781361, "
	"\"usec\":900000}, \"sport\":7, \"dport\":53, "
	"\"wait_timeout\":{\"sec\":1, \"usec\":500000}, "
	"\"flags\":[\"exitfirst\"], \"stop_reason\":\"7\","
	"\"errmsg\":\"oops\", \"data\":\"000102030405060708090a0b0c0d0e0f10"
	"1112131415161718\", \"len\":25, \"probe_count\":4, "
	"\"probe_sent\":3, \"stop_count\":2,\"monitor\":\"mon1\", "
	"\"probes\":[{\"tx\":{\"sec\":1795781361, \"usec\":900000}, "
	"\"sport\":1000, \"replyc\":3, \"replies\":[{\"rx\":{\"sec\":179578"
	"1362, \"usec\":100000}, \"rtt\":{\"sec\":0, \"usec\":200000}, "
	"\"len\":20, \"data\":\"000102030405060708090a0b0c0d0e0f10111213\","
	" \"ifname\":\"eth1\"}, {\"rx\":{\"sec\":1795781361, "
	"\"usec\":800000}, \"rtt\":{\"sec\":4294967295, \"usec\":900000}, "
	"\"len\":21, \"data\":\"000102030405060708090a0b0c0d0e0f1011121314"
	"\"}, {\"rx\":{\"sec\":1795781361, \"usec\":950000}, "
	"\"rtt\":{\"sec\":0, \"usec\":50000}, \"len\":0, "
	"\"ifname\":\"eth2\"}]},{\"tx\":{\"sec\":1795781361, "
	"\"usec\":2000000000}, \"sport\":1001, \"replyc\":1, "
	"\"replies\":[{\"rx\":{\"sec\":1795781363, \"usec\":5}, "
	"\"rtt\":{\"sec\":1, \"usec\":2295967301}, \"len\":1, "
	"\"data\":\"00\", \"ifname\":\"eth0\"}]},"
	"{\"tx\":{\"sec\":1795781360, \"usec\":0}, \"sport\":1002, "
	"\"replyc\":0, \"replies\":[]}]}\n";

static const char *const full_dump =
	"udpprobe from 2001:db8::2 to 2001:db8::1\n"
	" list id: 5, name: lname, monitor: mon1\n"
	" cycle id: 9\n"
	" user-id: -1294967296\n"
	" start: Fri Nov 27 12:09:21 2026 900000\n"
	" wait-timeout: 1.5s, wait-probe: 0.25s, sport: 7, dport: 53\n"
	" flags: 0x01 ( exitfirst )\n"
	" payload: (25) 000102030405060708090a0b0c0d0e0f10111213 + 5 "
	"bytes\n"
	" probe-count: 4, stop-count: 2, probe-sent: 3, stop-reason: 7\n"
	" errmsg: oops\n"
	"  0.000000 probe: 0, sport: 1000, replyc: 3\n"
	"  0.200000 reply: 0, ifname: eth1, len: 20\n"
	"           000102030405060708090a0b0c0d0e0f10111213\n"
	"  -1.900000 reply: 1, len: 21\n"
	"           000102030405060708090a0b0c0d0e0f10111213 + 1 bytes\n"
	"  0.050000 reply: 2, ifname: eth2, len: 0\n"
	"  0.1999100000 probe: 1, sport: 1001, replyc: 1\n"
	"  1.100005 reply: 0, ifname: eth0, len: 1\n"
	"           00\n"
	"  -2.100000 probe: 2, sport: 1002, replyc: 0\n";

static void test_full(void)
{
	warts_udpprobe *up = full();
	char *out;

	check(up, JSON, full_json, "full");
	check(up, TEXT, "", "full");
	check(up, DUMP, full_dump, "full");
	out = fmt(up, JSON, WARTS_JSON_ALLFIELDS);
	ok(strstr(out, "\"wait_timeout\":{\"sec\":1, \"usec\":500000}, "
	               "\"wait_probe\":{\"sec\":0, \"usec\":250000}, "
	               "\"flags\":") != NULL, "allfields: wait_probe");
	free(out);
	warts_udpprobe_free(up);
}

static const char *const none_json =
	"{\"type\":\"udpprobe\", \"version\":\"0.1\", "
	"\"dst\":\"198.18.0.1\", \"userid\":0, \"start\":{\"sec\":0, "
	"\"usec\":0}, \"sport\":0, \"dport\":0, "
	"\"wait_timeout\":{\"sec\":0, \"usec\":1}, "
	"\"stop_reason\":\"error\", \"len\":0, \"probe_count\":1, "
	"\"probe_sent\":0, \"stop_count\":0, \"probes\":[]}\n";

static const char *const none_dump =
	"udpprobe to 198.18.0.1\n"
	" user-id: 0\n"
	" start: Thu Jan  1 00:00:00 1970 000000\n"
	" wait-timeout: 0.000001s, wait-probe: 1s, sport: 0, dport: 0\n"
	" probe-count: 1, probe-sent: 0, stop-reason: error\n";

static const char *const big_dump =
	"udpprobe to 198.18.0.1\n"
	" user-id: 0\n"
	" start: Thu Jan  1 00:00:00 1970 000000\n"
	" wait-timeout: 4294.967295s, wait-probe: 0s, sport: 0, dport: 0\n"
	" payload: (2500) 000102030405060708090a0b0c0d0e0f10111213 + 2480 "
	"bytes\n"
	" probe-count: 1, probe-sent: 1, stop-reason: none\n"
	"  0.000000 probe: 0, sport: 0, replyc: 1\n"
	"  0.000000 reply: 0, ifname: eth0, len: 2000\n"
	"           000102030405060708090a0b0c0d0e0f10111213 + 1980 bytes\n";

static void test_small_big(void)
{
	warts_udpprobe *up = warts_udpprobe_alloc();
	warts_udpprobe_probe *p;
	warts_strbuf want = { 0 };
	char *out;

	/* no probe sent, the smallest wait, an error */
	set_addr(&up->dst, "198.18.0.1");
	up->wait_timeout = 1;
	up->wait_probe = 1000000;
	up->stop_reason = WARTS_UDPPROBE_STOP_ERROR;
	check(up, JSON, none_json, "none sent");
	check(up, DUMP, none_dump, "none sent");
	warts_udpprobe_free(up);

	/* the largest wait; payloads too large for scamper's JSON buffer */
	up = warts_udpprobe_alloc();
	set_addr(&up->dst, "198.18.0.1");
	up->wait_timeout = 4294967295u;
	up->len = 2500;
	up->data = malloc(2500);
	memcpy(up->data, bytes, 2500);
	p = add_probe(up, 0);
	add_reply(p, bytes, 2000, "eth0", 0, 0);
	check(up, DUMP, big_dump, "big");

	/*
	 * scamper cuts the payload's hex at 3900 digits and drops "len"
	 * up to "stop_count"; we print it all (a deliberate difference).
	 */
	warts_strbuf_add(&want, "\"stop_reason\":\"none\", \"data\":\"", 30);
	for (unsigned i = 0; i < 2500; i++) {
		static const char hex[] = "0123456789abcdef";
		char d[2] = { hex[bytes[i] >> 4], hex[bytes[i] & 0xf] };
		warts_strbuf_add(&want, d, 2);
	}
	warts_strbuf_add(&want, "\", \"len\":2500, \"probe_count\":1, "
	                 "\"probe_sent\":1, \"stop_count\":0, "
	                 "\"probes\":[{\"tx\":", 78);
	out = fmt(up, JSON, 0);
	ok(want.data != NULL && strstr(out, want.data) != NULL,
	   "big: the whole payload");
	ok(strstr(out, "\"rtt\":{\"sec\":0, \"usec\":0}, \"len\":2000, "
	               "\"data\":\"000102") != NULL, "big: the reply");
	free(out);
	warts_strbuf_free(&want);
	warts_udpprobe_free(up);
}

/*
 * Strings that scamper prints raw: we escape them in JSON (a deliberate
 * difference) and print them raw in the dump, as it does.
 */
static void test_escape(void)
{
	warts_udpprobe *up = warts_udpprobe_alloc();
	warts_udpprobe_probe *p;
	char *out;

	set_addr(&up->dst, "198.18.0.1");
	warts_strset(&up->errmsg, "say \"hi\"\n");
	p = add_probe(up, 1);
	add_reply(p, bytes, 1, "e\x01h\xff", 0, 0);
	out = fmt(up, JSON, 0);
	ok(strstr(out, ",\"errmsg\":\"say \\\"hi\\\"\\n\", ") != NULL,
	   "errmsg escaped");
	ok(strstr(out, ", \"ifname\":\"e\\u0001h\\u00ff\"}") != NULL,
	   "ifname escaped");
	free(out);
	out = fmt(up, DUMP, 0);
	ok(strstr(out, " errmsg: say \"hi\"\n\n") != NULL, "errmsg raw");
	ok(strstr(out, " reply: 0, ifname: e\x01h\xff, len: 1\n") != NULL,
	   "ifname raw");
	free(out);
	warts_udpprobe_free(up);
}

/*
 * Counts the arrays do not hold (the decoder never gives these): the
 * counts are printed, the missing entries are not, nothing is read.
 */
static void test_missing(void)
{
	warts_udpprobe *up = warts_udpprobe_alloc();
	warts_udpprobe_probe *p;
	char *out;

	up->probe_sent = 3;
	out = fmt(up, DUMP, 0);
	is_str(out, "udpprobe to <null>\n"
	       " user-id: 0\n"
	       " start: Thu Jan  1 00:00:00 1970 000000\n"
	       " wait-timeout: 0s, wait-probe: 0s, sport: 0, dport: 0\n"
	       " probe-count: 1, probe-sent: 3, stop-reason: none\n",
	       "probes missing: dump");
	free(out);
	out = fmt(up, JSON, 0);
	ok(strstr(out, "\"probe_sent\":3, \"stop_count\":0, "
	               "\"probes\":[]}\n") != NULL, "probes missing: json");
	free(out);
	up->probe_sent = 0;

	p = add_probe(up, 9);
	p->replyc = 2;
	out = fmt(up, DUMP, 0);
	ok(strstr(out, "  0.000000 probe: 0, sport: 9, replyc: 2\n") != NULL,
	   "replies missing: dump");
	free(out);
	out = fmt(up, JSON, 0);
	ok(strstr(out, "\"replyc\":2, \"replies\":[]}]}\n") != NULL,
	   "replies missing: json");
	free(out);
	p->replyc = 0;
	warts_udpprobe_free(up);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	for (unsigned i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)i;
	test_full();
	test_small_big();
	test_escape();
	test_missing();
	return done_testing();
}
