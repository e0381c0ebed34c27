/*
 * test_ping_replies.c: a ping's replies as written, however it kept them.
 *
 * While a ping runs, a reply from its destination with only the usual
 * fields is kept in a compact record, and the first reply that needs
 * more (here: a router's ICMP time exceeded quoting a probe) turns the
 * records into warts replies before it is added.  The result must not
 * show the difference: every reply present, under its probe, in order,
 * with the fields a reply from the network gave.  A fake network
 * (tests/fake/net_fake.h) answers the echo requests; every third (k) is
 * answered by a router instead.  The pings are written as warts and read
 * back with libwarts.  And the sort that orders a ping's replies before
 * it is written: by probe, each probe's replies as they came, whatever
 * order they came in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fake/net_fake.h"
#include "../fake/prober_fake.h"
#include "ping/ping.h"
#include "tap.h"
#include "warts/ping.h"

enum { RTT_US = 3000 };

static const uint8_t router[4] = { 198, 51, 100, 7 };

struct params {
	unsigned    k;
	warts_ping *ping;     /* the first written */
};

static void set_answers(struct fake_prober *fp, void *arg)
{
	net_fake_echo(fp->net, RTT_US);
	net_fake_quote_every(fp->net, ((struct params *)arg)->k, router);
}

static void take_ping(warts_object *obj, void *arg)
{
	struct params *pa = arg;
	if (pa->ping == NULL && obj->type == WARTS_TYPE_PING) {
		pa->ping = obj->u.ping;
		obj->u.ping = NULL;
	}
}

/* Run one command on the fake network, every k-th request answered by
 * the router; the ping it wrote, or NULL. */
static warts_ping *run(const char *cmd, char *target, unsigned k)
{
	char *items[1] = { target };
	struct params pa = { k, NULL };
	struct fake_run fr = { 100, set_answers, NULL, take_ping, &pa };

	fake_prober_measure(&fr, cmd, items, 1);
	return pa.ping;
}

/* Reply i of ping is probe i's, from the router if (i + 1) % k == 0,
 * else the destination's echo reply, with the fields each gave. */
static int reply_right(const warts_ping *ping, uint16_t i, unsigned k)
{
	const warts_ping_reply *r = &ping->replies[i];
	int routed = k != 0 && (i + 1) % k == 0;
	warts_addr from = ping->dst;
	uint8_t want = WARTS_PING_REPLY_REPLY_TTL | WARTS_PING_REPLY_REPLY_TOS |
	               WARTS_PING_REPLY_PROBE_IPID | WARTS_PING_REPLY_REPLY_IPID;
	if (routed) {
		from.type = WARTS_ADDR_IPV4;
		memcpy(from.bytes, router, 4);
	}
	if (r->probe_id != i || warts_addr_cmp(&r->addr, &from) != 0 ||
	    r->icmp_type != (routed ? 11 : 0) || r->icmp_code != 0 ||
	    r->reply_ttl != (routed ? 255 : 64) || r->reply_proto != 1 ||
	    r->reply_size != (routed ? 20 + 8 + 20 + 8 : ping->probe_size) ||
	    (r->flags & want) != want || r->rtt < RTT_US ||
	    r->rtt > RTT_US + 500000 || r->probe_tx.sec == 0 ||
	    r->v4rr != NULL || r->v4ts != NULL || r->tsreply != NULL) {
		diag("reply %u: probe %u, icmp %u/%u, ttl %u, size %u, "
		     "flags %#x, rtt %u", i, r->probe_id, r->icmp_type,
		     r->icmp_code, r->reply_ttl, r->reply_size, r->flags,
		     (unsigned)r->rtt);
		return 0;
	}
	return 1;
}

static void check(const char *what, const warts_ping *ping, uint16_t count,
                  unsigned k)
{
	int good = 1;
	if (ping == NULL) {
		ok(0, "%s: a ping was written", what);
		return;
	}
	is_int(ping->replyc, count, "%s: %u replies", what, count);
	for (uint16_t i = 0; i < ping->replyc && i < count; i++)
		good &= reply_right(ping, i, k);
	ok(good, "%s: each under its probe, from the right address, "
	   "with its fields", what);
	good = 1;
	for (uint16_t i = 1; i < ping->replyc; i++)
		if (ping->replies[i].probe_tx.sec * 1000000ull +
		    ping->replies[i].probe_tx.usec <=
		    ping->replies[i - 1].probe_tx.sec * 1000000ull +
		    ping->replies[i - 1].probe_tx.usec)
			good = 0;
	ok(good, "%s: the probes' send times in order", what);
}

/* ---- the order replies are written in ------------------------------ */

/* Sort n replies whose probe ids pick(i) gives, numbered by their rtt in
 * the order they came; sorted by probe, each probe's in that order? */
static int sorts(size_t n, uint16_t (*pick)(size_t))
{
	warts_ping ping;
	int good = 1;

	memset(&ping, 0, sizeof(ping));
	ping.replyc = (uint16_t)n;
	ping.replies = calloc(n ? n : 1, sizeof(*ping.replies));
	if (ping.replies == NULL)
		return 0;
	for (size_t i = 0; i < n; i++) {
		ping.replies[i].probe_id = pick(i);
		ping.replies[i].rtt = (uint32_t)i;
	}
	ping_sort_replies(&ping);
	for (size_t i = 1; i < n && good; i++) {
		const warts_ping_reply *x = &ping.replies[i - 1];
		const warts_ping_reply *y = &ping.replies[i];
		if (x->probe_id > y->probe_id ||
		    (x->probe_id == y->probe_id && x->rtt > y->rtt)) {
			diag("at %zu: probe %u (came %u) before probe %u "
			     "(came %u)", i, x->probe_id, (unsigned)x->rtt,
			     y->probe_id, (unsigned)y->rtt);
			good = 0;
		}
	}
	free(ping.replies);
	return good;
}

static uint16_t in_order(size_t i) { return (uint16_t)i; }
static uint16_t mixed(size_t i) { return (uint16_t)((i * 7919) % 50); }
/* 10,000 probes answered in order, then 10,000 late copies of probe 0 */
static uint16_t flood(size_t i) { return i < 10000 ? (uint16_t)i : 0; }
static uint16_t backwards(size_t i) { return (uint16_t)(65534 - i); }

static void test_sort(void)
{
	ok(sorts(0, in_order) && sorts(1, in_order), "no reply, one reply");
	ok(sorts(1000, in_order), "replies that came in order stay");
	ok(sorts(1000, mixed), "1,000 replies of 50 probes in a jumble: by "
	   "probe, each probe's in the order they came");
	ok(sorts(20000, flood), "10,000 late copies of one probe's reply");
	ok(sorts(65535, backwards), "65,535 replies, last probe first");
}

int main(void)
{
	char a[] = "192.0.2.1", b[] = "192.0.2.2", c[] = "192.0.2.3";
	warts_ping *ping;

	/* every reply from the destination: all kept compact until the end */
	ping = run("ping -c 3 -i 0.05 -W 1", a, 0);
	check("echo replies only", ping, 3, 0);
	warts_ping_free(ping);

	/* the third reply a router's: the two before it turned whole, then
	 * every later one recorded whole */
	ping = run("ping -c 7 -i 0.05 -W 1", b, 3);
	check("echo replies and a router's", ping, 7, 3);
	warts_ping_free(ping);

	/* the first reply a router's: whole from the start */
	ping = run("ping -c 2 -i 0.05 -W 1", c, 1);
	check("a router's replies only", ping, 2, 1);
	warts_ping_free(ping);
	test_sort();
	return done_testing();
}
