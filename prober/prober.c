/*
 * prober.c: tasks, the packet budget, and replies.
 *
 * Pacing: a token bucket.  Tokens accrue at the packet rate (-p); each
 * probe a task sends spends one.  Tasks that want to send wait in a FIFO
 * and are served one probe each in turn, so a task waiting for a timeout
 * never holds up another.  When there are tokens and no task wants one,
 * a new task is started from the sources (source.h: the command line,
 * control clients), if the window (-w) allows: this is how many
 * measurements run in parallel to fill the rate, and why memory grows
 * with the tasks in flight, not with the input.  When no source has a
 * command the tick sleeps until one offers (prober_kick).
 *
 * At high rates the tick does not wake for every token: it sleeps at
 * least TICK_MIN_US (less above 16,000 pps: tick_us) and then sends
 * what accrued, because a sleep and a wake-up cost more than the probe
 * (at 10,000 pps they were a fifth of the prober's CPU time).  The
 * bucket holds ten TICK_MIN_US's worth, so wake-ups that come late on a
 * busy machine lose no tokens and the rate is kept on average (holding
 * two, it fell 11% short with the CPUs contended); but one tick sends
 * at most a quantum's worth (and at most TICK_SENDS_MAX) and lets the
 * loop read replies before the next, because a long burst overflows the
 * receive socket (at 50,000 pps 10 ms bursts lost 40% of the replies).
 * And the next tick comes no sooner than the probes a tick sent take at
 * CATCHUP times the rate: what a late wake-up left in the bucket goes
 * out at that rate, not back to back, so that a stall of the prober's
 * CPU does not become a burst at whatever rate the CPU allows, which
 * the network must queue.  Over any spell, then, the prober sends at
 * most CATCHUP times the rate, and two ticks' probes more (one begun
 * before the spell, one begun at its end).
 *
 * While the tick comes again within QUIET_MAX_US, replies do not wake
 * the loop (net_quiet): the tick reads them first, and so does a task's
 * timer before it fires, so that no reply that came in time is taken
 * for lost.  Their times are the kernel's, so reading them later changes
 * no RTT; at 10,000 pps this halves the wake-ups.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "out.h"
#include "prober.h"
#include "source.h"
#include "trace/trace_lss.h"

/* Up to this many probes may go in one burst after an idle spell. */
#define BURST_MIN 4
/* The shortest sleep while waiting for tokens; a tick sends at most this
 * long's worth of probes, and the bucket holds ten times as many.  Each
 * wake-up costs about 9 us of CPU here: at 10,000 pps, 2 ms ticks cost
 * a tenth more CPU per probe than 4 ms (and 1 ms a tenth more again),
 * for bursts of 40 probes rather than 20. */
#define TICK_MIN_US 4000
/* ... but never more than this many at once (400 at 400,000 pps lost
 * half the replies to the full receive socket) */
#define TICK_SENDS_MAX 64
/* After a late wake-up the prober catches up at this many times the
 * rate.  In the emulated network at 100,000 pps (bench/README.md),
 * ticks back to back lost replies in 15 runs of 35, the lab's one core
 * falling behind; ticks spaced for 1.25 times the rate, in 9 of 43.
 * At 1.1 the prober fell 5% short of the rate: timers wake tens of
 * microseconds late. */
#define CATCHUP 1.25
/* While the tick comes this soon, replies wait for it. */
#define QUIET_MAX_US 10000

static const struct task_type *const types[] = {
	&trace_type,
	&ping_type,
};

const struct task_type *prober_type(const char *name)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i]->name, name) == 0)
			return types[i];
	return NULL;
}

static void tick(ctrl_loop *l, void *arg);
static void expire(ctrl_loop *l, void *arg);
static void flush(ctrl_loop *l, void *arg);

static const struct probe_reg *task_reg(const struct task *t, uint32_t i);

void prober_init(struct prober *p, ctrl_loop *l, struct net *n,
                 struct out *o, const struct prober_opts *opts)
{
	memset(p, 0, sizeof(*p));
	probe_table_init(&p->probes, task_reg);
	p->pid = (unsigned long)getpid();
	p->loop = l;
	p->net = n;
	p->out = o;
	p->opts = *opts;
	if (p->opts.pps == 0)
		p->opts.pps = 20;
	ctrl_timer_init(&p->tick, tick, p);
	ctrl_timer_init(&p->expire, expire, p);
	ctrl_timer_init(&p->flush, flush, p);
	p->last_fill = ctrl_loop_now(l);
	p->tokens = 1;
}

/* ---- the ready queue and the budget ----------------------------------- */

/* How long the tick sleeps at least, waiting for tokens: TICK_MIN_US,
 * or at high rates as long as TICK_SENDS_MAX probes take, so that they
 * leave in even bursts no bigger than a tick sends (not a whole
 * TICK_MIN_US's worth back to back, which the network must queue). */
static uint64_t tick_us(const struct prober *p)
{
	double us = TICK_SENDS_MAX * 1e6 / p->opts.pps;
	return us < TICK_MIN_US ? (uint64_t)us + 1 : TICK_MIN_US;
}

/* A quantum's worth of probes: what accrues in a tick. */
static double quantum(const struct prober *p)
{
	double b = p->opts.pps * ((double)tick_us(p) / 1e6);
	return b < BURST_MIN ? BURST_MIN : b;
}

/* The bucket: ten TICK_MIN_US's worth, so a late wake-up loses nothing
 * (at low rates BURST_MIN: after an idle spell a slow prober sends no
 * more than that). */
static double burst(const struct prober *p)
{
	double b = p->opts.pps * (10 * TICK_MIN_US / 1e6);
	return b < BURST_MIN ? BURST_MIN : b;
}

/* Probes one tick may send before the loop reads replies. */
static double tick_sends(const struct prober *p)
{
	double q = quantum(p);
	return q < TICK_SENDS_MAX ? q : TICK_SENDS_MAX;
}

static void fill(struct prober *p)
{
	uint64_t now = ctrl_loop_now(p->loop);
	p->tokens += (double)(now - p->last_fill) * p->opts.pps / 1e6;
	if (p->tokens > burst(p))
		p->tokens = burst(p);
	p->last_fill = now;
}

/* Arm the tick for when the next token is due (or now), but not before
 * the last tick's probes have taken their time at CATCHUP times the
 * rate. */
static void schedule(struct prober *p)
{
	uint64_t when = ctrl_loop_now(p->loop);
	if (p->stopping && p->ntasks == 0)
		return;
	if (p->tokens < 1) {
		uint64_t wait = (uint64_t)((1 - p->tokens) * 1e6 /
		                           p->opts.pps) + 1;
		when += wait < tick_us(p) ? tick_us(p) : wait;
	}
	if (when < p->tick_not_before)
		when = p->tick_not_before;
	if (!ctrl_timer_armed(&p->tick) || p->tick.when > when)
		ctrl_timer_at(p->loop, &p->tick, when);
}

void task_want_probe(struct task *t)
{
	struct prober *p = t->p;
	if (t->ready || t->done)
		return;
	t->ready = 1;
	t->next_ready = NULL;
	if (p->ready_tail != NULL)
		p->ready_tail->next_ready = t;
	else
		p->ready_head = t;
	p->ready_tail = t;
	schedule(p);
}

static struct task *pop_ready(struct prober *p)
{
	struct task *t = p->ready_head;
	if (t == NULL)
		return NULL;
	p->ready_head = t->next_ready;
	if (p->ready_head == NULL)
		p->ready_tail = NULL;
	t->ready = 0;
	t->next_ready = NULL;
	return t;
}

static void unlink_ready(struct prober *p, struct task *t)
{
	struct task **pp = &p->ready_head, *prev = NULL;
	if (!t->ready)
		return;
	while (*pp != NULL && *pp != t) {
		prev = *pp;
		pp = &(*pp)->next_ready;
	}
	if (*pp == t) {
		*pp = t->next_ready;
		if (p->ready_tail == t)
			p->ready_tail = prev;
	}
	t->ready = 0;
}

static int start_some(struct prober *p, double room);

/* Read the replies that wait for us (quiet), once an iteration. */
static void poll_replies(struct prober *p)
{
	uint64_t now = ctrl_loop_now(p->loop);
	if (!p->quiet || p->polled_at == now)
		return;
	p->polled_at = now;
	net_poll(p->net);
}

/* Quiet while the tick comes soon; woken by replies otherwise. */
static void set_quiet(struct prober *p)
{
	int q = ctrl_timer_armed(&p->tick) &&
	        p->tick.when <= ctrl_loop_now(p->loop) + QUIET_MAX_US;
	if (q == p->quiet)
		return;
	if (net_quiet(p->net, q) != 0)
		q = 0;   /* waking still works */
	p->quiet = q;
}

/* Results are written before the loop waits: by a timer due now, which
 * runs after what this iteration does, or at the end of a tick, where
 * most are finished at high rates (see out_flush). */
static void flush(ctrl_loop *l, void *arg)
{
	struct prober *p = arg;
	ctrl_timer_cancel(l, &p->flush);
	if (out_flush(p->out) != 0 && p->report != NULL)
		p->report(p, out_error(p->out));
}

void prober_flush_soon(struct prober *p)
{
	if (out_pending(p->out) && !ctrl_timer_armed(&p->flush))
		ctrl_timer_after(p->loop, &p->flush, 0);
}

/* Whatever the tick armed next: quiet or not, and the results out. */
static void tick_after(struct prober *p)
{
	set_quiet(p);
	if (ctrl_timer_armed(&p->flush))
		flush(p->loop, p);
}

static void tick(ctrl_loop *l, void *arg)
{
	struct prober *p = arg;
	unsigned guard = 0;
	int starved = 0;
	double sends = tick_sends(p), sent;
	uint64_t started = ctrl_loop_now(l), next;
	poll_replies(p);
	fill(p);
	/* the rest of the tokens wait for the loop to read replies */
	while (p->tokens >= 1 && sends >= 1 && guard++ < 100000) {
		struct task *t = pop_ready(p);
		if (t == NULL) {
			/* spare capacity: start more measurements, as
			 * many as may send their first probe now */
			if (start_some(p, p->tokens < sends ? p->tokens :
			                  sends) <= 0) {
				/* window full (a task's end reschedules)
				 * or no command (a source kicks) */
				starved = 1;
				break;
			}
			continue;
		}
		if (t->type->probe(t) > 0) {
			p->tokens -= 1;
			sends -= 1;
		}
	}
	sent = tick_sends(p) - sends;
	next = started + (uint64_t)(sent * 1e6 / (p->opts.pps * CATCHUP));
	if (next > p->tick_not_before)
		p->tick_not_before = next;
	/* what this tick armed for sooner (a task that became ready, or
	 * ended, while the spacing was the last tick's) is armed again as
	 * that event would arm it now: a tick at once would send on this
	 * one's heels */
	if (ctrl_timer_armed(&p->tick) && p->tick.when < p->tick_not_before) {
		ctrl_timer_cancel(l, &p->tick);
		schedule(p);
	}
	if (sends < 1 && p->tokens >= 1) {
		/* more are due: at least a microsecond on, so that what
		 * came in is read before the next sends (one due now would
		 * run at once) */
		uint64_t now = ctrl_loop_now(l);
		ctrl_timer_at(l, &p->tick, p->tick_not_before > now ?
		                           p->tick_not_before : now + 1);
		tick_after(p);
		return;
	}
	if (p->ready_head != NULL || (!starved && !p->stopping))
		schedule(p);
	else
		prober_check_done(p);
	tick_after(p);
}

void prober_kick(struct prober *p)
{
	if (!p->stopping)
		schedule(p);
}

void prober_rate_changed(struct prober *p)
{
	/* the last tick's spacing was for the old rate */
	p->tick_not_before = 0;
	prober_kick(p);
}

void prober_check_done(struct prober *p)
{
	if (p->ntasks > 0)
		return;
	for (struct source *s = p->sources; s != NULL; s = s->next)
		if (s->holds_run || s->nqueued > 0)
			return;
	if (p->keep_running && !p->exit_when_done)
		return;
	ctrl_loop_stop(p->loop);
}

/* ---- tasks ------------------------------------------------------------- */

static void task_fired(ctrl_loop *l, void *arg)
{
	struct task *t = arg;
	struct prober *p = t->p;
	if (p->quiet && p->polled_at != ctrl_loop_now(l)) {
		/* what came in first: a reply may move the timer on, or end
		 * the task (freeing it cancels the timer); if neither, this
		 * fires again at once, after the poll */
		ctrl_timer_after(l, &t->timer, 0);
		poll_replies(p);
		return;
	}
	if (!t->done && t->type->timeout != NULL)
		t->type->timeout(t);
}

void task_timer(struct task *t, uint64_t usec)
{
	ctrl_timer_after(t->p->loop, &t->timer, usec);
}

void task_timer_cancel(struct task *t)
{
	ctrl_timer_cancel(t->p->loop, &t->timer);
}

uint64_t task_now(const struct task *t)
{
	return ctrl_loop_now(t->p->loop);
}

void task_wallclock(warts_tv *tv)
{
	net_now(tv);
}

unsigned long prober_pid(const struct prober *p)
{
	return p != NULL ? p->pid : (unsigned long)getpid();
}

uint16_t task_random16(struct task *t)
{
	struct prober *p = t->p;
	if (p->rnd_left == 0) {
		uint16_t v = 0;
		if (getrandom(p->rnd, sizeof(p->rnd), 0) == (ssize_t)sizeof(p->rnd))
			p->rnd_left = sizeof(p->rnd) / sizeof(p->rnd[0]);
		else if (getrandom(&v, sizeof(v), 0) != (ssize_t)sizeof(v))
			v = (uint16_t)rand();
		if (p->rnd_left == 0)
			return v;
	}
	return p->rnd[--p->rnd_left];
}

int task_is_local(const warts_addr *a)
{
	return net_is_local(a);
}

int task_src(struct task *t, const warts_addr *dst, warts_addr *src)
{
	return net_src(t->p->net, dst, src);
}

int task_ifname(struct task *t, int ifindex, char *name)
{
	return net_ifname(t->p->net, ifindex, name);
}

/* The table reads a task's registrations here. */
static const struct probe_reg *task_reg(const struct task *t, uint32_t i)
{
	return &t->keys[i];
}

/* Room for one more registration: the first is in the task; after it,
 * an array of 4 (a trace's first hops), which doubles when nkeys reaches
 * a power of two. */
static int keys_room(struct task *t)
{
	uint32_t n = t->nkeys, cap;
	struct probe_reg *k;
	if (n == 0) {
		t->keys = &t->key0;
		return 0;
	}
	if (n != 1 && (n < 4 || (n & (n - 1)) != 0))
		return 0;
	if (n > UINT32_MAX / 2 / sizeof(*k)) {
		errno = ENOMEM;
		return -1;
	}
	cap = n == 1 ? 4 : n * 2;
	if ((k = malloc((size_t)cap * sizeof(*k))) == NULL)
		return -1;
	memcpy(k, t->keys, (size_t)n * sizeof(*k));
	if (t->keys != &t->key0)
		free(t->keys);
	t->keys = k;
	return 0;
}

int task_key(struct task *t, const struct probe_key *key, uint32_t cookie)
{
	struct prober *p = t->p;
	if (keys_room(t) != 0)
		return -1;
	t->keys[t->nkeys].key = *key;
	t->keys[t->nkeys].cookie = cookie;
	if (probe_add(&p->probes, t, t->nkeys) != 0) {
		if (errno != ENOMEM)
			errno = EEXIST;
		return -1;
	}
	t->nkeys++;
	return 0;
}

int task_key_taken(const struct task *t, const struct probe_key *key)
{
	return probe_find(&t->p->probes, key, NULL) != NULL;
}

int task_send(struct task *t, const struct pkt_probe *probe,
              const struct probe_key *key, uint32_t cookie, warts_tv *tx)
{
	struct prober *p = t->p;
	uint8_t buf[65535];
	int len;

	if (key != NULL && task_key(t, key, cookie) != 0)
		return -1;
	if ((len = pkt_build(probe, buf, sizeof(buf))) < 0) {
		errno = EINVAL;
		return -1;
	}
	return net_send(p->net, buf, (size_t)len, &probe->dst, tx);
}

static void task_free(struct task *t)
{
	struct prober *p = t->p;
	ctrl_timer_cancel(p->loop, &t->timer);
	unlink_ready(p, t);
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		p->tasks = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	p->ntasks--;
	if (t->type->free != NULL)
		t->type->free(t);
	if (t->obj != NULL && t->type->free_obj != NULL)
		t->type->free_obj(t->obj);
	if (!t->done)     /* the table reads keys through the task */
		for (uint32_t i = 0; i < t->nkeys; i++)
			probe_retire(&p->probes, &t->keys[i].key, 0, 0);
	if (t->keys != &t->key0)
		free(t->keys);
	free(t);
}

void task_done(struct task *t)
{
	struct prober *p = t->p;
	uint64_t now = ctrl_loop_now(p->loop);
	struct source *src;
	warts_object obj;

	if (t->done)
		return;
	t->done = 1;
	for (uint32_t i = 0; i < t->nkeys; i++)
		probe_retire(&p->probes, &t->keys[i].key, now,
		             p->opts.holdtime);
	if (!ctrl_timer_armed(&p->expire) && p->opts.holdtime > 0)
		ctrl_timer_after(p->loop, &p->expire, p->opts.holdtime);
	obj.type = t->type->warts_type;
	obj.u.any = t->obj;
	src = t->owner;
	if (src != NULL)
		source_task_done(src, t, &obj);
	else if (p->out != NULL && out_write(p->out, &obj) != 0 &&
	         p->report != NULL)
		p->report(p, out_error(p->out));
	prober_flush_soon(p);
	p->st.done++;
	task_free(t);
	if (src != NULL)
		source_check(src);
	/* a slot in the window opened: fill it */
	schedule(p);
}

static void expire(ctrl_loop *l, void *arg)
{
	struct prober *p = arg;
	probe_expire(&p->probes, ctrl_loop_now(l));
	if (p->probes.gen_len > 0)
		ctrl_timer_after(l, &p->expire, p->opts.holdtime / 8 + 1);
}

/* Split a command line into words (no quoting: scamper has none). */
static int split(char *line, char **argv, int max)
{
	int n = 0;
	char *s = line;
	while (*s != '\0') {
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			*s++ = '\0';
		if (*s == '\0')
			break;
		if (n == max)
			return -1;
		argv[n++] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\r' &&
		       *s != '\n')
			s++;
	}
	return n;
}

int prober_parse(struct prober *p, const char *line,
                 const struct task_type **type, void **obj, char *err,
                 size_t errlen)
{
	char *copy, *argv[128], local[256];
	size_t len = strlen(line);
	int argc;

	/* split cuts the words in a copy; most commands fit on the stack */
	if (len < sizeof(local))
		copy = memcpy(local, line, len + 1);
	else if ((copy = strdup(line)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	argc = split(copy, argv, 128);
	if (argc <= 0) {
		snprintf(err, errlen, argc == 0 ? "empty command" :
		         "too many words in the command");
		if (copy != local)
			free(copy);
		return -1;
	}
	if ((*type = prober_type(argv[0])) == NULL) {
		/* the word is the user's: quote a bounded part of it */
		snprintf(err, errlen, "unknown command %.64s%s", argv[0],
		         strlen(argv[0]) > 64 ? "..." : "");
		if (copy != local)
			free(copy);
		return -1;
	}
	*obj = (*type)->parse(p, argc - 1, argv + 1, err, errlen);
	if (copy != local)
		free(copy);
	return *obj != NULL ? 0 : -1;
}

int prober_start(struct prober *p, const struct task_type *type, void *obj,
                 struct source *s, uint32_t id, struct task **running)
{
	struct task *t;
	uint64_t done = p->st.done;

	*running = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		type->free_obj(obj);
		return -1;
	}
	t->p = p;
	t->type = type;
	t->obj = obj;
	t->owner = s;
	t->id = s != NULL ? id : ++p->next_id;
	ctrl_timer_init(&t->timer, task_fired, t);
	t->next = p->tasks;
	if (p->tasks != NULL)
		p->tasks->prev = t;
	p->tasks = t;
	p->ntasks++;
	p->st.tasks++;
	if (s != NULL)
		s->ntasks++;
	/* a start that ends the task itself returns 0; the count of
	 * finished tasks tells whether t is still there */
	if (type->start(t) != 0) {
		if (p->st.done == done && !t->done)
			task_done(t);
		return 0;
	}
	if (p->st.done == done)
		*running = t;
	return 0;
}

int prober_command(struct prober *p, const char *line, void *owner,
                   char *err, size_t errlen)
{
	const struct task_type *type;
	struct task *t;
	struct source *s = owner;
	void *obj;

	if (prober_parse(p, line, &type, &obj, err, errlen) != 0)
		return -1;
	if (prober_start(p, type, obj, s, s != NULL ? ++s->next_id : 0,
	                 &t) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/*
 * Start the next commands from the sources: up to room of them (at least
 * one), as many as may send a first probe now.  Returns 1 if any started,
 * 0 if none can start now (window full, no source has a command).
 *
 * They are taken first and started together so that the kernel is asked
 * for their source addresses in one exchange (net_src_prefetch), not three
 * system calls each.  A taken command's source counts it as a task from
 * then on, so that it stays while its last commands wait to start.
 */
static int start_some(struct prober *p, double room)
{
	struct source_cmd cmd[NET_SRC_BATCH];
	struct source *from[NET_SRC_BATCH];
	const warts_addr *dst[NET_SRC_BATCH];
	size_t n = 0, ndst = 0, max = NET_SRC_BATCH;
	struct task *t;

	if (p->stopping)
		return 0;
	if (room < max)
		max = room < 1 ? 1 : (size_t)room;
	if (p->opts.window != 0) {
		if (p->ntasks >= p->opts.window)
			return 0;
		if (p->opts.window - p->ntasks < max)
			max = p->opts.window - p->ntasks;
	}
	while (n < max && sources_next(p, &cmd[n], &from[n])) {
		if (from[n] != NULL)
			from[n]->ntasks++;
		if (cmd[n].type->src_wanted != NULL &&
		    (dst[ndst] = cmd[n].type->src_wanted(cmd[n].obj)) != NULL)
			ndst++;
		n++;
	}
	if (n == 0)
		return 0;
	if (ndst > 0)
		net_src_prefetch(p->net, dst, ndst);
	for (size_t i = 0; i < n; i++) {
		if (from[i] != NULL)
			from[i]->ntasks--;
		if (prober_start(p, cmd[i].type, cmd[i].obj, from[i],
		                 cmd[i].id, &t) != 0 && p->report != NULL)
			p->report(p, "out of memory starting a measurement");
	}
	net_src_forget(p->net);
	return 1;
}

/* ---- replies ----------------------------------------------------------- */

static void on_packet(void *arg, struct pkt_rx *rx, const warts_tv *ts)
{
	struct prober *p = arg;
	struct probe_key keys[4];
	int n = probe_keys_for(rx, keys);

	for (int i = 0; i < n; i++) {
		uint32_t cookie;
		const struct probe_hit *e = probe_find(&p->probes, &keys[i],
		                                       &cookie);
		if (e == NULL)
			continue;
		if (e->task == NULL) {
			p->st.late++;
			return;
		}
		p->st.matched++;
		e->task->type->reply(e->task, cookie, rx, ts);
		return;
	}
	p->st.unmatched++;
}

int prober_input(struct prober *p, struct input *in)
{
	struct source *s = source_cmdline(p, in);
	if (s == NULL)
		return -1;
	source_add(p, s);
	return 0;
}

int prober_run(struct prober *p)
{
	if (net_watch(p->net, p->loop, on_packet, p) != 0)
		return -1;
	schedule(p);
	return ctrl_loop_run(p->loop);
}

void prober_halt(struct prober *p)
{
	p->stopping = 1;
	while (p->tasks != NULL) {
		struct task *t = p->tasks;
		if (t->type->halt != NULL)
			t->type->halt(t);
		if (p->tasks == t)
			task_done(t);
	}
	ctrl_loop_stop(p->loop);
}

void prober_fini(struct prober *p)
{
	while (p->tasks != NULL)
		task_free(p->tasks);
	ctrl_timer_cancel(p->loop, &p->tick);
	set_quiet(p);
	ctrl_timer_cancel(p->loop, &p->expire);
	ctrl_timer_cancel(p->loop, &p->flush);
	probe_table_free(&p->probes);
	sources_free(p);
	trace_lss_free_all(&p->lss_sets);
}

void prober_shutdown(struct prober *p, enum prober_shutdown how)
{
	struct source *s, *next;

	switch (how) {
	case PROBER_SHUTDOWN_CANCEL:
		p->exit_when_done = 0;
		return;
	case PROBER_SHUTDOWN_FLUSH:
		for (s = p->sources; s != NULL; s = next) {
			next = s->next;
			source_flush(s);
			source_check(s);
		}
		/* fall through */
	case PROBER_SHUTDOWN_DONE:
		p->exit_when_done = 1;
		prober_check_done(p);
		return;
	case PROBER_SHUTDOWN_NOW:
		p->stopping = 1;
		ctrl_loop_stop(p->loop);
		return;
	}
}
