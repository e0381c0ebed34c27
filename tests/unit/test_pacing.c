/*
 * test_pacing.c: the prober keeps to its packet rate (-p) after its CPU
 * was taken away.
 *
 * The prober's bucket holds 40 ms of tokens, so that a late wake-up
 * loses none; what it holds after a stall must go out at no more than
 * CATCHUP (1.25) times the rate, not in one burst at whatever rate the
 * CPU allows, which the network would have to queue (prober.c).  On
 * the fake network (tests/fake/net_fake.h), which answers every echo
 * request and records when each probe left, the prober pings PINGS
 * addresses at RATE pps (each ping one probe, ended by its reply) and
 * is stalled for STALL_US while sending one probe: once with no window,
 * once with a window (-w) that fills within a tick, so that pings start
 * as others end, during a tick too.  Over any spell of WINDOW_US it may
 * send at most 1.25 times the rate, and two ticks' probes more (a tick
 * sends 64 at this rate: one started before the spell, and one for the
 * spell's fraction of a tick); and all its probes must still be sent,
 * each ping answered.
 * The bound does not depend on how fast the machine is: a slower one
 * sends less in a spell, never more.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../fake/net_fake.h"
#include "../fake/prober_fake.h"
#include "tap.h"

enum {
	RATE = 20000,
	PINGS = 4000,
	STALL_AT = 600,        /* the probe the prober stalls sending */
	STALL_US = 40000,      /* the bucket's whole 40 ms */
	WINDOW_US = 10000,
	WINDOW = 40,           /* -w: pings in flight, in the second run */
	TICK_SENDS = 64,       /* prober.c's TICK_SENDS_MAX; at 20,000 pps
	                        * a tick is 3.2 ms, 64 probes */
};

struct params {
	unsigned  window;     /* -w */
	uint64_t *sent_at;
	size_t    sent;
	unsigned  pings, answered;
};

static void set_up(struct fake_prober *fp, void *arg)
{
	struct params *pa = arg;
	fp->p.opts.window = pa->window;
	net_fake_echo(fp->net, 200);
	net_fake_stall(fp->net, STALL_AT, STALL_US);
	net_fake_record(fp->net, pa->sent_at, PINGS + 1);
}

static void read_back(struct fake_prober *fp, void *arg)
{
	((struct params *)arg)->sent = net_fake_recorded(fp->net);
}

static void count(warts_object *obj, void *arg)
{
	struct params *pa = arg;
	if (obj->type != WARTS_TYPE_PING)
		return;
	pa->pings++;
	if (obj->u.ping->ping_sent == 1 && obj->u.ping->replyc == 1)
		pa->answered++;
}

/* The most probes sent in any spell of w microseconds: at[] ascending. */
static size_t most_in(const uint64_t *at, size_t n, uint64_t w)
{
	size_t best = 0, j = 0;
	for (size_t i = 0; i < n; i++) {
		while (at[i] - at[j] >= w)
			j++;
		if (i - j + 1 > best)
			best = i - j + 1;
	}
	return best;
}

/* Ping PINGS addresses at RATE, window w, stalled once; check. */
static void run(unsigned w)
{
	struct params pa = { w, NULL, 0, 0, 0 };
	struct fake_run fr = { RATE, set_up, read_back, count, &pa };
	/* 1.25 times the rate over the spell, and two ticks' probes */
	size_t bound = (size_t)(1.25 * RATE * WINDOW_US / 1e6) +
	               2 * TICK_SENDS;
	size_t most;

	pa.sent_at = calloc(PINGS + 1, sizeof(*pa.sent_at));
	if (pa.sent_at == NULL) {
		ok(0, "out of memory");
		return;
	}
	if (fake_prober_measure(&fr, "ping -c 1 -o 1", NULL, PINGS) != 0)
		ok(0, "-w %u: the prober ran", w);
	is_int(pa.pings, PINGS, "-w %u: every ping written", w);
	is_int(pa.answered, PINGS, "-w %u: each with its one probe and reply",
	       w);
	is_int((long long)pa.sent, PINGS, "-w %u: every probe sent once", w);
	/* the STALL_AT-th probe (from 1) went STALL_US after the one
	 * before */
	ok(pa.sent >= STALL_AT &&
	   pa.sent_at[STALL_AT - 1] - pa.sent_at[STALL_AT - 2] >= STALL_US,
	   "-w %u: the prober was stalled sending probe %d", w, STALL_AT);
	most = most_in(pa.sent_at, pa.sent, WINDOW_US);
	ok(most <= bound,
	   "-w %u: at most %zu probes in any %d ms (%d pps, caught up at "
	   "1.25 times): %zu", w, bound, WINDOW_US / 1000, RATE, most);
	free(pa.sent_at);
}

int main(void)
{
	/* no window: the bucket's tokens alone pace the probes */
	run(0);
	/* a window that fills within a tick: pings start as others end,
	 * their replies read at the tick's start */
	run(WINDOW);
	return done_testing();
}
