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
#include <unistd.h>

#include "input.h"
#include "../fake/net_fake.h"
#include "../fake/prober_fake.h"
#include "tap.h"
#include "warts/reader.h"

enum { NTRACES = 200 };

struct run {
	struct net_fake_src src;
	unsigned traces;      /* written */
	unsigned from_dst;    /* whose src is the fake's answer: dst */
};

/* Trace NTRACES addresses with cmd at pps, window w; what happened. */
static struct run run(const char *cmd, unsigned pps, unsigned w)
{
	char path[] = "/tmp/test_src_batch.XXXXXX";
	char err[256], *items[NTRACES];
	struct fake_prober fp;
	struct input *in;
	struct run out;
	warts_reader *r;
	warts_error werr;
	warts_object obj;
	int fd;

	memset(&out, 0, sizeof(out));
	for (int i = 0; i < NTRACES; i++) {
		items[i] = malloc(32);
		snprintf(items[i], 32, "198.18.%d.%d", i / 250, i % 250 + 1);
	}
	if ((fd = mkstemp(path)) < 0)
		goto done;
	close(fd);
	if (fake_prober_open(&fp, pps, 1000000, path, OUT_WARTS, err,
	                     sizeof(err)) != 0) {
		diag("set-up: %s", err);
		unlink(path);
		goto done;
	}
	fp.p.opts.window = w;
	net_fake_echo(fp.net, 1000);
	in = input_list(items, NTRACES, cmd);
	if (in == NULL || prober_input(&fp.p, in) != 0 ||
	    prober_run(&fp.p) != 0)
		diag("the prober failed");
	out.src = net_fake_src_stats(fp.net);
	if (fake_prober_close(&fp, err, sizeof(err)) != 0)
		diag("closing the output: %s", err);
	if ((r = warts_reader_open(path, &werr)) == NULL) {
		diag("%s", werr.msg);
	} else {
		while (warts_reader_read(r, &obj) > 0) {
			if (obj.type == WARTS_TYPE_TRACE) {
				out.traces++;
				if (warts_addr_cmp(&obj.u.trace->src,
				                   &obj.u.trace->dst) == 0)
					out.from_dst++;
			}
			warts_object_clear(&obj);
		}
		warts_reader_close(r);
	}
	unlink(path);
done:
	for (int i = 0; i < NTRACES; i++)
		free(items[i]);
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
