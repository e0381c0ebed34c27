/*
 * test_src_batch.c: the prober asks the network for the source addresses
 * of the measurements it starts together in one batch (net_src_prefetch)
 * and each start then finds its own there, instead of a lookup each.
 *
 * On the fake network (tests/fake/net_fake.h), which answers echo
 * requests and counts how sources were asked: many traces at a rate
 * that starts several a tick are batched, within the window (-w); a
 * trace with -S asks for none; every trace is written, from the address
 * the network gave.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fake/net_fake.h"
#include "../fake/prober_fake.h"
#include "tap.h"

enum { NTRACES = 200 };

struct run {
	struct net_fake_src src;
	unsigned traces;      /* written */
	unsigned from_dst;    /* whose src is the fake's answer: dst */
};

struct params {
	unsigned    window;
	struct run *out;
};

static void set_window(struct fake_prober *fp, void *arg)
{
	fp->p.opts.window = ((struct params *)arg)->window;
	net_fake_echo(fp->net, 1000);
}

static void read_stats(struct fake_prober *fp, void *arg)
{
	((struct params *)arg)->out->src = net_fake_src_stats(fp->net);
}

static void count(warts_object *obj, void *arg)
{
	struct run *out = ((struct params *)arg)->out;
	if (obj->type != WARTS_TYPE_TRACE)
		return;
	out->traces++;
	if (warts_addr_cmp(&obj->u.trace->src, &obj->u.trace->dst) == 0)
		out->from_dst++;
}

/* Trace NTRACES addresses with cmd at pps, window w; what happened. */
static struct run run(const char *cmd, unsigned pps, unsigned w)
{
	struct run out;
	struct params pa = { w, &out };
	struct fake_run fr = { pps, set_window, read_stats, count, &pa };

	memset(&out, 0, sizeof(out));
	fake_prober_measure(&fr, cmd, NULL, NTRACES);
	return out;
}

int main(void)
{
	struct run x;

	/* 20,000 pps: a tick's 80 tokens start batches of 32 */
	x = run("trace -P icmp -q 1 -w 1", 20000, 0);
	is_int(x.traces, NTRACES, "every trace written");
	is_int(x.from_dst, NTRACES, "each from the source the network gave");
	is_int((long long)(x.src.batched + x.src.alone), NTRACES,
	       "one source lookup a trace");
	ok(x.src.batched >= NTRACES * 9 / 10,
	   "%llu of them answered from a batch",
	   (unsigned long long)x.src.batched);
	is_int((long long)x.src.asked, (long long)x.src.batched,
	       "every destination a batch asked was used");
	ok(x.src.batches > 0 && x.src.asked / x.src.batches >= 8,
	   "batches of %llu on average",
	   (unsigned long long)(x.src.batches ? x.src.asked / x.src.batches
	                                      : 0));

	/* the window bounds a batch: no more start than it has room for */
	x = run("trace -P icmp -q 1 -w 1", 20000, 5);
	is_int(x.traces, NTRACES, "window 5: every trace written");
	ok(x.src.batches > 0 && x.src.asked <= x.src.batches * 5,
	   "window 5: %llu destinations in %llu batches, at most 5 each",
	   (unsigned long long)x.src.asked,
	   (unsigned long long)x.src.batches);

	/* -S: the source is given, so none is asked */
	x = run("trace -P icmp -q 1 -w 1 -S 192.0.2.9", 20000, 0);
	is_int(x.traces, NTRACES, "-S: every trace written");
	is_int((long long)(x.src.batches + x.src.batched + x.src.alone), 0,
	       "-S: no source asked");
	return done_testing();
}
