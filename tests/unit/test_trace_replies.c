/*
 * test_trace_replies.c: traces whose replies come twice, on the fake
 * network (tests/fake/net_fake.h), where the destination answers echo
 * requests at every TTL.
 *
 * A network may duplicate a packet.  The copy of a reply is kept, but
 * it must move a trace no further than the first: probing backwards
 * (-O back), one reply takes one step back, so every TTL from the hop
 * limit down is probed.  And -O back with -m 0 (the hop limit's
 * default, 255) starts from TTL 255, never sending a probe of TTL 0.
 * A reply that comes a hundred times is kept only a few times.  And
 * -O const-payload, whose one key holds no tag, traces a destination
 * twice at once from two ports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fake/net_fake.h"
#include "../fake/prober_fake.h"
#include "tap.h"

enum { NTRACES = 4 };

struct run {
	unsigned copies, low, high;  /* asked: copies of each reply; TTLs */
	unsigned traces;       /* written */
	unsigned every_ttl;    /* with a reply at each TTL low..high */
	unsigned min_ttl, max_ttl;   /* over every hop of every trace */
	unsigned most_hops;          /* of any trace */
	unsigned errors;             /* traces that stopped with an error */
	uint16_t sport[2];           /* of the first two traces */
};

/* Which TTLs of low..high the trace has replies for: all of them? */
static int has_every_ttl(const warts_trace *t, unsigned low, unsigned high)
{
	for (unsigned ttl = low; ttl <= high; ttl++) {
		uint16_t i;
		for (i = 0; i < t->hopc; i++)
			if (t->hops[i].probe_ttl == ttl)
				break;
		if (i == t->hopc)
			return 0;
	}
	return 1;
}

static void set_copies(struct fake_prober *fp, void *arg)
{
	net_fake_echo(fp->net, 1000);
	net_fake_copies(fp->net, ((struct run *)arg)->copies);
}

static void count(warts_object *obj, void *arg)
{
	struct run *out = arg;
	const warts_trace *t = obj->u.trace;
	if (obj->type != WARTS_TYPE_TRACE)
		return;
	if (out->traces < 2)
		out->sport[out->traces] = t->sport;
	out->traces++;
	out->errors += t->stop_reason == WARTS_TRACE_STOP_ERROR;
	out->every_ttl += (unsigned)has_every_ttl(t, out->low, out->high);
	if (t->hopc > out->most_hops)
		out->most_hops = t->hopc;
	for (uint16_t i = 0; i < t->hopc; i++) {
		unsigned ttl = t->hops[i].probe_ttl;
		if (ttl < out->min_ttl)
			out->min_ttl = ttl;
		if (ttl > out->max_ttl)
			out->max_ttl = ttl;
	}
}

/* Trace NTRACES addresses with cmd, every reply coming copies times. */
static struct run run(const char *cmd, unsigned copies, unsigned low,
                      unsigned high)
{
	struct run out;
	struct fake_run fr = { 20000, set_copies, NULL, count, &out };

	memset(&out, 0, sizeof(out));
	out.copies = copies;
	out.low = low;
	out.high = high;
	out.min_ttl = 256;
	fake_prober_measure(&fr, cmd, NULL, NTRACES);
	return out;
}

int main(void)
{
	struct run x;

	x = run("trace -P icmp -q 1 -w 1 -O back -m 4", 1, 1, 4);
	is_int(x.traces, NTRACES, "-O back: every trace written");
	is_int(x.every_ttl, NTRACES, "-O back: TTLs 4 down to 1 answered");

	x = run("trace -P icmp -q 1 -w 1 -O back -m 4", 2, 1, 4);
	is_int(x.traces, NTRACES, "-O back, replies twice: every trace "
	       "written");
	is_int(x.every_ttl, NTRACES, "-O back, replies twice: still every "
	       "TTL from 4 down to 1 probed and answered");

	x = run("trace -P icmp -q 1 -w 1 -O back -m 0 -f 250", 0, 250, 255);
	is_int(x.traces, NTRACES, "-O back -m 0: every trace written");
	is_int(x.max_ttl, 255, "-O back -m 0: from TTL 255");
	is_int(x.min_ttl, 250, "-O back -m 0: down to the first hop, 250");

	/* forwards, the copies move nothing either */
	x = run("trace -P icmp -q 1 -w 1 -f 3", 2, 3, 3);
	is_int(x.traces, NTRACES, "forwards, replies twice: every trace "
	       "written");
	is_int(x.every_ttl, NTRACES, "forwards, replies twice: the "
	       "destination's reply at TTL 3");
	is_int(x.max_ttl, 3, "forwards, replies twice: no TTL beyond it");

	/* a reply repeated without end is kept only a few times (going
	 * back, a trace lives on after each reply and hears the copies) */
	x = run("trace -P icmp -q 1 -w 1 -O back -m 4", 100, 1, 4);
	is_int(x.traces, NTRACES, "a reply 100 times: every trace written");
	is_int(x.every_ttl, NTRACES, "a reply 100 times: every TTL answered");
	ok(x.most_hops >= 4 * 2 && x.most_hops <= 4 * 8, "a reply 100 times: "
	   "%u replies kept for 4 probes", x.most_hops);

	/* -O const-payload: one key for the whole trace; a second trace to
	 * the same destination takes the next port */
	{
		char a[] = "198.18.0.1", b[] = "198.18.0.1";
		char *two[2] = { a, b };
		struct fake_run fr = { 20000, set_copies, NULL, count, &x };
		memset(&x, 0, sizeof(x));
		x.copies = 1;
		fake_prober_measure(&fr, "trace -P udp-paris -O const-payload "
		                    "-q 1 -w 1 -m 1", two, 2);
		is_int(x.traces, 2, "const-payload twice to one destination: "
		       "both written");
		is_int(x.errors, 0, "neither stopped with an error");
		ok(x.sport[0] != x.sport[1], "each from its own port (%u, %u)",
		   x.sport[0], x.sport[1]);
		/* unless the port was asked for */
		memset(&x, 0, sizeof(x));
		x.copies = 1;
		fake_prober_measure(&fr, "trace -P udp-paris -O const-payload "
		                    "-q 1 -w 1 -m 1 -s 40000", two, 2);
		is_int(x.errors, 1, "with -s, the second cannot have the port: "
		       "an error");
	}
	return done_testing();
}
