/*
 * trace_task.c: traceroute, the state machine.
 *
 * scamper's algorithm: probe one TTL at a time from the first hop, up to
 * attempts probes per TTL, each waiting wait seconds for a reply, until a
 * stop condition: the destination replied (completed), an ICMP
 * unreachable (unreach), another ICMP message that ends it (icmp), an
 * address seen again at a non-adjacent hop (loop, -l), gaplimit TTLs in
 * a row without a reply (gaplimit, -g; with -G 2 first a few TTL 255
 * "last-ditch" probes to see whether the destination answers at all), the
 * maximum TTL (hoplimit, -m), an error, or a halt.  -N lets several TTLs
 * have a probe outstanding at once; -Q sends every attempt; -c keeps
 * probing a TTL until the chosen confidence of having seen every
 * interface there; -z/-Z run Doubletree; -M follows with path MTU
 * discovery (trace_pmtud.c).
 *
 * Probe identification: every probe is registered under a key that an
 * ICMP error's first 8 quoted bytes of transport header carry back, and
 * that the destination's own reply carries too:
 *   UDP:  ports, and the UDP checksum, made a chosen value by rewriting
 *         two payload bytes (pkt_build's want_sum).  udp-paris keeps the
 *         ports fixed (Paris traceroute: per-flow load balancers hash the
 *         5-tuple, so every probe takes one path); classic udp adds the
 *         probe number to the destination port as traceroute always has.
 *   ICMP: the echo identifier (the source port) and sequence number; for
 *         icmp-paris the ICMP checksum, which load balancers may hash as
 *         they would ports, is held at the dport value by rewriting two
 *         payload bytes.
 *   TCP:  ports, and the sequence number (a SYN-ACK or RST acknowledges
 *         it; for tcp-ack probes the ack number is the same value, which
 *         the RST returns as its sequence number).
 * The keys include the destination, so traces to different destinations
 * never share one; a key still in use (another trace to the same place)
 * is stepped past.  Hop records are kept in scamper's order: by TTL, then
 * by attempt, then by arrival.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "prober.h"
#include "trace.h"
#include "trace_lss.h"

#define CONFIDENCE_MAX_N 25

/* ---- small helpers ---------------------------------------------------- */

static warts_trace *tr(struct task *t)
{
	return &((struct trace_cmd *)t->obj)->t;
}

static struct trace_state *st(struct task *t)
{
	return t->state;
}

static int v6(const warts_trace *tr_)
{
	return tr_->dst.type == WARTS_ADDR_IPV6;
}

static unsigned hoplimit(const warts_trace *t)
{
	return t->hoplimit == 0 ? 255 : t->hoplimit;
}

/*
 * Probes a TTL needs to rule out, at 95% or 99% confidence, a load
 * balancer with more next hops than the n seen (the numbers scamper uses,
 * from "Avoiding traceroute anomalies with Paris traceroute" and its
 * follow-up work).
 */
static int conf_k(const struct trace_state *s)
{
	static const int k[][2] = {
		{ 0, 0 }, { 0, 0 }, { 6, 8 }, { 11, 15 }, { 16, 21 },
		{ 21, 28 }, { 27, 36 }, { 33, 43 }, { 38, 51 }, { 44, 58 },
		{ 51, 66 }, { 57, 74 }, { 63, 82 }, { 70, 90 }, { 76, 98 },
		{ 83, 106 }, { 90, 115 }, { 96, 123 }, { 103, 132 },
		{ 110, 140 }, { 117, 149 }, { 124, 157 }, { 131, 166 },
		{ 138, 175 }, { 145, 183 }, { 152, 192 },
	};
	return k[s->n][s->conf];
}

static void trace_stop(warts_trace *t, uint8_t reason, uint8_t data)
{
	/* the first reason found stands */
	if (t->stop_reason != WARTS_TRACE_STOP_NONE)
		return;
	t->stop_reason = reason;
	t->stop_data = data;
}

void trace_error(struct task *t, const char *msg)
{
	warts_trace *tt = tr(t);
	/* as any stop reason, an error does not displace an earlier one
	 * (a PMTUD failure after a completed trace leaves it completed) */
	trace_stop(tt, WARTS_TRACE_STOP_ERROR, (uint8_t)errno);
	if (tt->errmsg == NULL)
		tt->errmsg = strdup(msg);
	trace_queue_done(t);
}

/* ---- the queue: what to do after a handler ------------------------------ */

void trace_queue_done(struct task *t)
{
	st(t)->next = TN_DONE;
}

void trace_queue_probe(struct task *t)
{
	if (st(t)->next != TN_DONE)
		st(t)->next = TN_PROBE;
}

void trace_queue_wait(struct task *t, uint64_t until)
{
	struct trace_state *s = st(t);
	if (s->next == TN_DONE)
		return;
	s->next = TN_WAIT;
	s->wait_until = until;
}

/* Probe now, or once -W's gap since the last probe has passed. */
static void queue_probe_gap(struct task *t)
{
	struct trace_state *s = st(t);
	uint64_t next = s->last_tx + (uint64_t)tr(t)->wait_probe * 10000;
	if (tr(t)->wait_probe == 0 || next <= task_now(t))
		trace_queue_probe(t);
	else
		trace_queue_wait(t, next);
}

static uint64_t wait_us(struct task *t)
{
	return (uint64_t)tr(t)->wait * 1000000;
}

static void next_mode(struct task *t);
static int push_hopst(struct trace_hopst **a, size_t *n, size_t *cap,
                      const struct trace_hopst *h);

/* Parallel mode: expire, re-probe, widen, or stop (scamper's rules). */
static void queue_parallel(struct task *t)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	uint64_t now = task_now(t), next = UINT64_MAX;
	size_t i;
	int due = 0;

	/* hops whose latest probe timed out: again, or give up on them */
	while (s->nwin > 0 && s->win[0].last_tx + wait_us(t) <= now) {
		struct trace_hopst hs = s->win[0];
		struct trace_probe *tp = &s->probes[hs.id];
		memmove(s->win, s->win + 1, --s->nwin * sizeof(*s->win));
		tp->flags |= TP_TIMEOUT;
		if (hs.attempt < tt->attempts) {
			hs.due = 0;
			if (push_hopst(&s->q, &s->nq, &s->capq, &hs) != 0) {
				trace_error(t, "out of memory");
				return;
			}
			continue;
		}
		if (tp->ttl > tt->hop_count)
			tt->hop_count = tp->ttl;
	}
	if (s->nwin > 0)
		next = s->win[0].last_tx + wait_us(t);
	for (i = 0; i < s->nq; i++) {
		if (s->q[i].due <= now)
			due = 1;
		else if (s->q[i].due < next)
			next = s->q[i].due;
	}
	if (due)
		goto probe;

	if (s->mode == TM_PARALLEL) {
		if (tt->hop_count + tt->squeries >= s->ttl &&
		    hoplimit(tt) >= s->ttl &&
		    s->ttl - s->max_ttl <= tt->gaplimit)
			goto probe;
	} else if (s->nwin == 0 && s->nq == 0) {
		next_mode(t);
		return;
	}
	if (hoplimit(tt) <= tt->hop_count) {
		trace_stop(tt, WARTS_TRACE_STOP_HOPLIMIT, 0);
		goto finish;
	}
	if (s->nwin == 0 && s->nq == 0) {
		/* nothing outstanding: is the path dead? */
		if (tt->hop_count - (tt->firsthop - 1) >= tt->gaplimit) {
			int gap = 1;
			for (unsigned k = 0; k < tt->gaplimit; k++)
				if (trace_has_reply(tt, tt->hop_count - k))
					gap = 0;
			if (gap)
				trace_stop(tt, WARTS_TRACE_STOP_GAPLIMIT, 0);
		}
		goto finish;
	}
	if (next <= now)
		goto probe;
	trace_queue_wait(t, next);
	return;
probe:
	queue_probe_gap(t);
	return;
finish:
	/* nothing outstanding any more: the next mode, or the end */
	s->mode = TM_PARALLEL_FINISH;
	next_mode(t);
}

void trace_queue(struct task *t)
{
	struct trace_state *s = st(t);
	struct trace_probe *tp;

	if (s->mode == TM_PARALLEL || s->mode == TM_PARALLEL_FINISH) {
		queue_parallel(t);
		return;
	}
	/* the latest probe unanswered: wait out its timeout */
	tp = &s->probes[s->nprobes - 1];
	if (tp->rx == 0) {
		uint64_t next = s->last_tx + wait_us(t);
		if (next <= task_now(t))
			queue_probe_gap(t);
		else
			trace_queue_wait(t, next);
		return;
	}
	queue_probe_gap(t);
}

/* ---- hop records ------------------------------------------------------ */

int trace_has_reply(const warts_trace *t, unsigned ttl)
{
	for (uint16_t i = 0; i < t->hopc; i++)
		if (t->hops[i].probe_ttl == ttl)
			return 1;
	return 0;
}

/*
 * Insert a hop in scamper's order: by TTL, then attempt, after others of
 * the same attempt.  Returns its index, or -1 when out of memory.
 */
static int hop_insert(warts_trace *t, warts_trace_hop *hop)
{
	warts_trace_hop *h;
	uint16_t at;
	if (warts_trace_hop_add(t) == NULL)
		return -1;
	for (at = 0; at + 1 < t->hopc; at++) {
		h = &t->hops[at];
		if (h->probe_ttl > hop->probe_ttl ||
		    (h->probe_ttl == hop->probe_ttl &&
		     h->probe_id > hop->probe_id))
			break;
	}
	memmove(&t->hops[at + 1], &t->hops[at],
	        (size_t)(t->hopc - 1 - at) * sizeof(*t->hops));
	t->hops[at] = *hop;
	memset(hop, 0, sizeof(*hop));
	return at;
}

static int is_icmp_hop(const warts_trace_hop *h)
{
	return warts_trace_hop_is_icmp(h);
}

static int hop_ttl_exp(const warts_trace_hop *h)
{
	return is_icmp_hop(h) && (h->addr.type == WARTS_ADDR_IPV4 ?
	                          h->icmp_type == ICMP4_TIMXCEED :
	                          h->icmp_type == ICMP6_TIMXCEED);
}

static int hop_unreach(const warts_trace_hop *h)
{
	return is_icmp_hop(h) && (h->addr.type == WARTS_ADDR_IPV4 ?
	                          h->icmp_type == ICMP4_UNREACH :
	                          h->icmp_type == ICMP6_UNREACH);
}

static int hop_unreach_port(const warts_trace_hop *h)
{
	return hop_unreach(h) && (h->addr.type == WARTS_ADDR_IPV4 ?
	                          h->icmp_code == 3 : h->icmp_code == 4);
}

static int hop_echo_reply(const warts_trace_hop *h)
{
	return is_icmp_hop(h) && (h->addr.type == WARTS_ADDR_IPV4 ?
	                          h->icmp_type == ICMP4_ECHOREPLY :
	                          h->icmp_type == ICMP6_ECHOREPLY);
}

static uint32_t rtt_us(const warts_tv *tx, const warts_tv *rx)
{
	int64_t d = ((int64_t)rx->sec - tx->sec) * 1000000 +
	            ((int64_t)rx->usec - tx->usec);
	return d < 0 ? 0 : d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

int trace_reply_hop(struct task *t, uint32_t id, const struct pkt_rx *rx,
                    const warts_tv *ts, warts_trace_hop *hop)
{
	struct trace_probe *tp = &st(t)->probes[id];

	memset(hop, 0, sizeof(*hop));
	hop->addr = rx->src;
	hop->probe_ttl = tp->ttl;
	hop->probe_id = tp->attempt;
	hop->probe_size = tp->size;
	hop->tx = tp->tx;
	hop->rtt = rtt_us(&tp->tx, ts);
	hop->reply_ttl = rx->ttl;
	hop->reply_tos = rx->tos;
	hop->reply_size = rx->size;
	/* the kernel stamps receipt (SO_TIMESTAMPNS); the TTL is known */
	hop->flags = WARTS_TRACE_HOP_SOCKRXTS | WARTS_TRACE_HOP_REPLYTTL;
	if (rx->af == 4)
		hop->reply_ipid = rx->ipid;
	hop->icmp_q_ttl = 1;
	hop->icmp_q_ipl = tr(t)->probe_size;
	if (rx->proto == PKT_TCP) {
		hop->flags |= WARTS_TRACE_HOP_TCP;
		hop->tcp_flags = rx->tcp_flags;
	} else if (rx->proto == PKT_UDP) {
		hop->flags |= WARTS_TRACE_HOP_UDP;
	} else {
		hop->icmp_type = rx->icmp_type;
		hop->icmp_code = rx->icmp_code;
		if ((rx->af == 4 && rx->icmp_type == ICMP4_UNREACH &&
		     rx->icmp_code == 4) ||
		    (rx->af == 6 && rx->icmp_type == ICMP6_PTB))
			hop->icmp_nhmtu = rx->icmp_nhmtu;
		if (rx->has_quote) {
			hop->icmp_q_ttl = rx->q.ttl;
			hop->icmp_q_ipl = rx->q.len;
			hop->icmp_q_tos = rx->q.tos;
		}
		if (rx->ext.count > 0 &&
		    warts_icmpexts_copy(&hop->icmpext, &rx->ext) != 0)
			return -1;
	}
	if (tp->rx != UINT16_MAX)
		tp->rx++;
	return 0;
}

/* Record a reply to probe id in the trace's hops; its index, or -1. */
static int record(struct task *t, uint32_t id, const struct pkt_rx *rx,
                  const warts_tv *ts)
{
	warts_trace_hop hop;
	int at;
	if (trace_reply_hop(t, id, rx, ts, &hop) != 0 ||
	    (at = hop_insert(tr(t), &hop)) < 0) {
		warts_trace_hop_clear(&hop);
		trace_error(t, "out of memory recording a reply");
		return -1;
	}
	return at;
}

/* ---- stop conditions -------------------------------------------------- */

/*
 * A loop: the address of the hop at index `at` also replied at another,
 * non-adjacent TTL; -l such sightings stop the trace.  (Adjacent TTLs
 * are forgiven: zero-TTL forwarding and short loops make them common.)
 */
static int is_loop(warts_trace *t, struct trace_state *s, int at)
{
	const warts_trace_hop *hop = &t->hops[at];
	unsigned ttl = hop->probe_ttl;

	if (ttl <= t->firsthop)
		return 0;
	/* already seen at this TTL: already counted */
	for (int i = 0; i < at; i++)
		if (t->hops[i].probe_ttl == ttl &&
		    warts_addr_cmp(&t->hops[i].addr, &hop->addr) == 0)
			return 0;
	for (unsigned x = t->firsthop; x <= t->hop_count; x++) {
		if (x == ttl)
			continue;
		for (uint16_t i = 0; i < t->hopc; i++) {
			const warts_trace_hop *o = &t->hops[i];
			if (o->probe_ttl != x ||
			    warts_addr_cmp(&o->addr, &hop->addr) != 0)
				continue;
			if (x + 1 == ttl || x == ttl + 1)
				return 0;
			if (++s->loopc >= t->loops)
				return 1;
			return 0;
		}
	}
	return 0;
}

/* Does the hop at index `at` end the trace?  Sets *reason, *data. */
static int stop_reason(struct task *t, int at, uint8_t *reason,
                       uint8_t *data)
{
	warts_trace *tt = tr(t);
	const warts_trace_hop *hop = &tt->hops[at];
	const struct trace_cmd *cmd = t->obj;

	*data = 0;
	if (hop_unreach_port(hop) && (trace_is_udp(tt) || trace_is_tcp(tt))) {
		*reason = WARTS_TRACE_STOP_COMPLETED;
	} else if (hop_unreach(hop)) {
		*reason = WARTS_TRACE_STOP_UNREACH;
		*data = hop->icmp_code;
	} else if (hop_echo_reply(hop)) {
		if (!trace_is_icmp(tt))
			return 0;
		*reason = WARTS_TRACE_STOP_COMPLETED;
	} else if (v6(tt) && is_icmp_hop(hop) &&
	           hop->icmp_type == ICMP6_PTB) {
		/* IPv6's packet too big has a type of its own */
		*reason = WARTS_TRACE_STOP_ICMP;
		*data = hop->icmp_type;
	} else if (tt->loops != 0 && is_loop(tt, st(t), at)) {
		*reason = WARTS_TRACE_STOP_LOOP;
	} else if (hop_ttl_exp(hop) &&
	           !(tt->flags & WARTS_TRACE_FLAG_IGNORETTLDST) &&
	           warts_addr_cmp(&tt->dst, &hop->addr) == 0) {
		*reason = WARTS_TRACE_STOP_COMPLETED;
	} else if (trace_is_tcp(tt) && (hop->flags & WARTS_TRACE_HOP_TCP)) {
		*reason = WARTS_TRACE_STOP_COMPLETED;
	} else if (tt->dtree != NULL && trace_cmd_gss_has(cmd, &hop->addr)) {
		*reason = WARTS_TRACE_STOP_GSS;
		tt->dtree->gss_stop = hop->addr;
	} else {
		*reason = WARTS_TRACE_STOP_NONE;
		return 0;
	}
	return 1;
}

/* Check the hop at `at`; on a stop condition record it and say so. */
static int check_stop(struct task *t, int at)
{
	uint8_t reason, data;
	if (!stop_reason(t, at, &reason, &data))
		return 0;
	trace_stop(tr(t), reason, data);
	return 1;
}

/* Check every reply at a TTL; the first with a stop condition counts. */
static int check_stop_ttl(struct task *t, unsigned ttl)
{
	warts_trace *tt = tr(t);
	for (uint16_t i = 0; i < tt->hopc; i++)
		if (tt->hops[i].probe_ttl == ttl && check_stop(t, i))
			return 1;
	return 0;
}

/*
 * -O back: once every TTL is probed, the stop condition is the one
 * nearest the source.
 */
static void stop_process(struct task *t)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	uint8_t reason, data;

	s->loopc = 0;
	for (uint16_t i = 0; i < tt->hopc; i++) {
		if (tt->hops[i].probe_ttl < tt->firsthop ||
		    !stop_reason(t, i, &reason, &data))
			continue;
		if (tt->hop_count > tt->hops[i].probe_ttl) {
			tt->stop_reason = reason;
			tt->stop_data = data;
			if (tt->squeries > 1)
				tt->stop_hop = tt->hops[i].probe_ttl;
		}
		break;
	}
	if (tt->stop_reason == WARTS_TRACE_STOP_NONE &&
	    tt->hop_count - (tt->firsthop - 1) >= tt->gaplimit) {
		unsigned k;
		for (k = 0; k < tt->gaplimit; k++)
			if (trace_has_reply(tt, tt->hop_count - k))
				break;
		if (k >= tt->gaplimit)
			tt->stop_reason = WARTS_TRACE_STOP_GAPLIMIT;
	}
	if (tt->stop_reason == WARTS_TRACE_STOP_NONE)
		tt->stop_reason = WARTS_TRACE_STOP_HOPLIMIT;
}

/* ---- modes ------------------------------------------------------------ */

static uint8_t first_mode(const warts_trace *t)
{
	if (t->flags & WARTS_TRACE_FLAG_DOUBLETREE)
		return TM_DTREE_FIRST;
	/* backwards probing goes one TTL at a time here */
	if (t->squeries > 1 && !(t->flags & WARTS_TRACE_FLAG_BACK))
		return TM_PARALLEL;
	return TM_TRACE;
}

/* The trace part is over: Doubletree backwards, PMTUD, or the end. */
static void next_mode(struct task *t)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);

	if (s->mode == TM_PARALLEL && (s->nwin > 0 || s->nq > 0)) {
		s->mode = TM_PARALLEL_FINISH;
		trace_queue(t);
		return;
	}
	if (tt->flags & WARTS_TRACE_FLAG_DOUBLETREE) {
		const struct trace_cmd *cmd = t->obj;
		if (s->mode == TM_DTREE_FWD && tt->firsthop > 1 &&
		    !(cmd->dtree_flags & TRACE_DTREE_FLAG_NOBACK)) {
			s->mode = TM_DTREE_BACK;
			s->ttl = (uint16_t)(tt->firsthop - 1);
			s->attempt = 0;
			trace_queue(t);
			return;
		}
		trace_queue_done(t);
		return;
	}
	if (tt->flags & WARTS_TRACE_FLAG_PMTUD) {
		/* only a destination that answers tells big from lost */
		if (tt->stop_reason == WARTS_TRACE_STOP_HOPLIMIT ||
		    tt->stop_reason == WARTS_TRACE_STOP_GAPLIMIT ||
		    tt->stop_reason == WARTS_TRACE_STOP_LOOP ||
		    tt->stop_reason == WARTS_TRACE_STOP_NONE) {
			trace_queue_done(t);
			return;
		}
		if (trace_pmtud_start(t) == 0)
			trace_queue(t);
		return;
	}
	trace_queue_done(t);
}

/* Interfaces seen at this TTL, for -c; returns 1 if addr is new. */
static int conf_add(struct trace_state *s, const warts_addr *addr)
{
	warts_addr *n;
	for (size_t i = 0; i < s->nifaces; i++)
		if (warts_addr_cmp(&s->ifaces[i], addr) == 0)
			return 0;
	if ((n = realloc(s->ifaces, (s->nifaces + 1) * sizeof(*n))) == NULL)
		return -1;
	s->ifaces = n;
	s->ifaces[s->nifaces++] = *addr;
	if (s->nifaces > 1)
		s->n++;
	return 1;
}

static void conf_reset(struct trace_state *s)
{
	free(s->ifaces);
	s->ifaces = NULL;
	s->nifaces = 0;
	s->n = 2;
}

static int lss_has(const struct trace_state *s, const warts_addr *a)
{
	for (size_t i = 0; i < s->nlss; i++)
		if (warts_addr_cmp(&s->lss[i], a) == 0)
			return 1;
	return 0;
}

static void lss_add(struct trace_state *s, const warts_addr *a)
{
	warts_addr *n = realloc(s->lss, (s->nlss + 1) * sizeof(*n));
	if (n == NULL)
		return;
	s->lss = n;
	s->lss[s->nlss++] = *a;
}

/* A reply in the serial modes (trace, Doubletree forwards/backwards). */
static void icmp_trace(struct task *t, uint32_t id, const struct pkt_rx *rx,
                       const warts_tv *ts)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	struct trace_probe *tp = &s->probes[id];
	int back = (tt->flags & WARTS_TRACE_FLAG_BACK) != 0;
	int at;

	if (tp->mode != TM_TRACE && tp->mode != TM_DTREE_FWD &&
	    tp->mode != TM_DTREE_BACK)
		return;
	if ((at = record(t, id, rx, ts)) < 0)
		return;

	/* a reply for another TTL than the one probed now (late, or a
	 * copy of one already had): kept, and it moves no TTL.  Forwards
	 * it may still end the trace; backwards, and once Doubletree goes
	 * back, the stop was decided already */
	if (tp->ttl != s->ttl) {
		if (!back && s->mode != TM_DTREE_BACK && check_stop(t, at))
			next_mode(t);
		return;
	}

	if (tt->flags & WARTS_TRACE_FLAG_ALLATTEMPTS) {
		/* wait for the reply to the latest attempt, then send more */
		if (tp->attempt != s->attempt)
			return;
		if (s->attempt < tt->attempts) {
			trace_queue(t);
			return;
		}
	} else if (tt->confidence != 0) {
		if (conf_add(s, &tt->hops[at].addr) < 0) {
			trace_error(t, "out of memory");
			return;
		}
		if (s->n <= CONFIDENCE_MAX_N) {
			if (tp->attempt != s->attempt)
				return;
			if (s->attempt < conf_k(s)) {
				trace_queue(t);
				return;
			}
		}
		conf_reset(s);
	}
	s->attempt = 0;

	if (s->mode == TM_DTREE_BACK) {
		const warts_addr *a = &tt->hops[at].addr;
		if (s->ttl == 1) {
			next_mode(t);
			return;
		}
		/* back while the addresses are new to the local stop set
		 * (shared by every trace naming it: trace_lss.h), adding
		 * them; a repeat within this trace is a loop: go on past it */
		if (s->lsst != NULL && !trace_lss_has(s->lsst, a)) {
			if (trace_lss_add(s->lsst, a) != 0) {
				trace_error(t, "out of memory");
				return;
			}
			lss_add(s, a);
		}
		if (lss_has(s, a)) {
			s->ttl--;
			tt->firsthop--;
			trace_queue(t);
			return;
		}
		tt->dtree->lss_stop = *a;
		next_mode(t);
		return;
	}
	if (back) {
		if (s->ttl > tt->firsthop) {
			s->ttl--;
			trace_queue(t);
			return;
		}
		stop_process(t);
		next_mode(t);
		return;
	}

	tt->hop_count++;
	s->ttl++;
	if (tt->confidence == 0 &&
	    !(tt->flags & WARTS_TRACE_FLAG_ALLATTEMPTS)) {
		if (check_stop(t, at)) {
			next_mode(t);
			return;
		}
	} else if (check_stop_ttl(t, tt->hop_count)) {
		next_mode(t);
		return;
	}
	if (hoplimit(tt) <= tt->hop_count) {
		trace_stop(tt, WARTS_TRACE_STOP_HOPLIMIT, 0);
		next_mode(t);
		return;
	}
	trace_queue(t);
}

/* Doubletree's first probes: halve the TTL until short of the target. */
static void icmp_dtree_first(struct task *t, uint32_t id,
                             const struct pkt_rx *rx, const warts_tv *ts)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	struct trace_probe *tp = &s->probes[id];
	const struct trace_cmd *cmd = t->obj;
	int done = 0, at;

	int unreach, echo_reply;

	if (tp->mode != TM_DTREE_FIRST || tp->ttl > tt->firsthop)
		return;
	s->attempt = 0;
	/* (IPv4's packet too big is an unreachable; IPv6's its own type) */
	unreach = rx->has_quote &&
	          (rx->icmp_type == (v6(tt) ? ICMP6_UNREACH : ICMP4_UNREACH) ||
	           (v6(tt) && rx->icmp_type == ICMP6_PTB));
	echo_reply = !rx->has_quote && (rx->proto == PKT_ICMP ||
	                                rx->proto == PKT_ICMP6);
	if (unreach || echo_reply || warts_addr_cmp(&tt->dst, &rx->src) == 0) {
		/* at or past the destination: start nearer */
		if (tp->ttl > 1) {
			tt->firsthop /= 2;
			s->ttl = tt->firsthop;
			trace_queue(t);
			return;
		}
		done = 1;
	}
	if ((at = record(t, id, rx, ts)) < 0)
		return;
	tt->hop_count = tp->ttl;
	if (done) {
		tt->firsthop = 1;
		if (!check_stop(t, at))
			trace_stop(tt, WARTS_TRACE_STOP_COMPLETED, 0);
		trace_queue_done(t);
		return;
	}
	if (!trace_cmd_gss_has(cmd, &tt->hops[at].addr)) {
		s->ttl = (uint16_t)(tp->ttl + 1);
		s->mode = TM_DTREE_FWD;
		trace_queue(t);
		return;
	}
	/* in the global stop set: probe backwards */
	tt->stop_reason = WARTS_TRACE_STOP_GSS;
	tt->stop_data = 0;
	tt->dtree->gss_stop = tt->hops[at].addr;
	if (tt->firsthop == 1 || (cmd->dtree_flags & TRACE_DTREE_FLAG_NOBACK)) {
		trace_queue_done(t);
		return;
	}
	s->ttl = (uint16_t)(tt->firsthop - 1);
	s->mode = TM_DTREE_BACK;
	trace_queue(t);
}

static void icmp_lastditch(struct task *t, uint32_t id,
                           const struct pkt_rx *rx, const warts_tv *ts)
{
	warts_trace *tt = tr(t);
	struct trace_probe *tp = &st(t)->probes[id];
	warts_trace_hop hop, *n;
	warts_trace_lastditch *ld;

	if (tp->mode == TM_TRACE) {
		record(t, id, rx, ts);
		return;
	}
	if (tp->mode != TM_LASTDITCH)
		return;
	if (tt->lastditch == NULL &&
	    (tt->lastditch = calloc(1, sizeof(*tt->lastditch))) == NULL) {
		trace_error(t, "out of memory");
		return;
	}
	ld = tt->lastditch;
	if (trace_reply_hop(t, id, rx, ts, &hop) != 0 ||
	    (n = realloc(ld->hops, (ld->hopc + 1u) * sizeof(*n))) == NULL) {
		warts_trace_hop_clear(&hop);
		trace_error(t, "out of memory");
		return;
	}
	ld->hops = n;
	/* in attempt order, after replies to the same attempt */
	{
		uint16_t at = ld->hopc;
		while (at > 0 && ld->hops[at - 1].probe_id > hop.probe_id)
			at--;
		memmove(&ld->hops[at + 1], &ld->hops[at],
		        (size_t)(ld->hopc - at) * sizeof(*n));
		ld->hops[at] = hop;
		ld->hopc++;
	}
	trace_stop(tt, WARTS_TRACE_STOP_GAPLIMIT, 0);
	trace_queue_done(t);
}

static void remove_hopst(struct trace_hopst *a, size_t *n, uint32_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (a[i].id == id) {
			memmove(&a[i], &a[i + 1], (--*n - i) * sizeof(*a));
			return;
		}
}

static void icmp_parallel(struct task *t, uint32_t id,
                          const struct pkt_rx *rx, const warts_tv *ts)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	struct trace_probe *tp = &s->probes[id];
	const struct trace_cmd *cmd = t->obj;
	int at;

	if (tp->mode != TM_PARALLEL && tp->mode != TM_PARALLEL_FINISH)
		return;
	if ((at = record(t, id, rx, ts)) < 0)
		return;
	if (tp->ttl > tt->hop_count)
		tt->hop_count = tp->ttl;
	if (tp->ttl > s->max_ttl)
		s->max_ttl = tp->ttl;
	/* the hop's latest probe answered: done with it, unless -Q wants
	 * every attempt (after -H's gap) */
	for (size_t i = 0; i < s->nwin; i++) {
		struct trace_hopst hs = s->win[i];
		if (hs.id != id)
			continue;
		remove_hopst(s->win, &s->nwin, id);
		if ((tt->flags & WARTS_TRACE_FLAG_ALLATTEMPTS) &&
		    hs.attempt < tt->attempts) {
			hs.due = hs.last_tx + cmd->wait_probe_hop;
			if (push_hopst(&s->q, &s->nq, &s->capq, &hs) != 0) {
				trace_error(t, "out of memory");
				return;
			}
		}
		break;
	}
	if (tt->stop_reason == WARTS_TRACE_STOP_NONE && check_stop(t, at)) {
		next_mode(t);
		return;
	}
	trace_queue(t);
}

/* A TCP or UDP reply from the destination. */
static void tp_trace(struct task *t, uint32_t id, const struct pkt_rx *rx,
                     const warts_tv *ts)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	struct trace_probe *tp = &s->probes[id];
	int at;

	if (tp->mode != TM_TRACE)
		return;
	if ((at = record(t, id, rx, ts)) < 0)
		return;
	if (tt->flags & WARTS_TRACE_FLAG_ALLATTEMPTS) {
		if (tp->attempt != tt->attempts) {
			trace_queue(t);
			return;
		}
		tt->hop_count++;
	} else if (tt->confidence != 0) {
		if (conf_add(s, &tt->hops[at].addr) < 0) {
			trace_error(t, "out of memory");
			return;
		}
		if (s->n <= CONFIDENCE_MAX_N && s->attempt < conf_k(s)) {
			trace_queue(t);
			return;
		}
		tt->hop_count++;
	} else if (tp->rx == 1 && !(tp->flags & TP_TIMEOUT)) {
		tt->hop_count++;
	}
	if (tt->flags & WARTS_TRACE_FLAG_BACK) {
		if (s->ttl > tt->firsthop) {
			s->attempt = 0;
			s->ttl--;
			trace_queue(t);
			return;
		}
		stop_process(t);
		next_mode(t);
		return;
	}
	trace_stop(tt, WARTS_TRACE_STOP_COMPLETED, 0);
	next_mode(t);
}

static void tp_lastditch(struct task *t, uint32_t id,
                         const struct pkt_rx *rx, const warts_tv *ts)
{
	struct trace_probe *tp = &st(t)->probes[id];
	if (tp->mode == TM_LASTDITCH) {
		icmp_lastditch(t, id, rx, ts);
		return;
	}
	if (tp->mode != TM_TRACE)
		return;
	if (record(t, id, rx, ts) < 0)
		return;
	trace_stop(tr(t), WARTS_TRACE_STOP_COMPLETED, 0);
	trace_queue_done(t);
}

/* ---- timeouts --------------------------------------------------------- */

static void timeout_trace(struct task *t)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);

	conf_reset(s);
	if (tt->flags & WARTS_TRACE_FLAG_BACK) {
		if (s->ttl <= tt->firsthop) {
			stop_process(t);
			next_mode(t);
			return;
		}
		s->ttl--;
		return;
	}
	tt->hop_count++;
	s->ttl++;
	/* every attempt sent: did any reply at this TTL end the trace? */
	if (((tt->flags & WARTS_TRACE_FLAG_ALLATTEMPTS) ||
	     tt->confidence != 0) && check_stop_ttl(t, tt->hop_count)) {
		next_mode(t);
		return;
	}
	if (hoplimit(tt) <= tt->hop_count) {
		trace_stop(tt, WARTS_TRACE_STOP_HOPLIMIT, 0);
		next_mode(t);
		return;
	}
	/* gaplimit TTLs in a row without a reply: a dead path */
	if (tt->hop_count - (tt->firsthop - 1) >= tt->gaplimit) {
		for (unsigned k = 0; k < tt->gaplimit; k++)
			if (trace_has_reply(tt, tt->hop_count - k))
				return;
		if (tt->gapaction == WARTS_TRACE_GAPACTION_LASTDITCH) {
			s->mode = TM_LASTDITCH;
			s->ttl = 255;
			return;
		}
		trace_stop(tt, WARTS_TRACE_STOP_GAPLIMIT, 0);
		next_mode(t);
	}
}

static void timeout_dtree_back(struct task *t)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	conf_reset(s);
	if (s->ttl == 1) {
		next_mode(t);
		return;
	}
	/* with several probes a hop (-Q, -c), some may have answered:
	 * an address already in the local stop set ends going back */
	if (s->lsst != NULL && ((tt->flags & WARTS_TRACE_FLAG_ALLATTEMPTS) ||
	                        tt->confidence != 0))
		for (uint16_t i = 0; i < tt->hopc; i++)
			if (tt->hops[i].probe_ttl == s->ttl &&
			    trace_lss_has(s->lsst, &tt->hops[i].addr)) {
				next_mode(t);
				return;
			}
	s->attempt = 0;
	s->ttl--;
	tt->firsthop--;
	trace_queue(t);
}

static void timeout_dtree_first(struct task *t)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	if (s->ttl == 1) {
		/* nothing answers even the first hop: go forwards */
		s->mode = TM_DTREE_FWD;
		s->ttl++;
		tt->hop_count++;
		return;
	}
	s->ttl /= 2;
	tt->firsthop /= 2;
}

static void on_timeout(struct task *t)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	struct trace_probe *tp;
	int exhausted;

	if (s->mode == TM_PARALLEL || s->mode == TM_PARALLEL_FINISH) {
		trace_queue(t);
		return;
	}
	if (s->nprobes == 0)
		return;
	tp = &s->probes[s->nprobes - 1];
	/* a -W gap ended, not a wait: the next probe is due */
	if (tp->rx != 0)
		return;
	tp->flags |= TP_TIMEOUT;
	/* -c sets how many probes a TTL gets; otherwise -q */
	if (tt->confidence != 0 && (s->mode == TM_TRACE ||
	                            s->mode == TM_DTREE_FWD))
		exhausted = s->attempt >= conf_k(s);
	else
		exhausted = s->attempt >= tt->attempts;
	if (!exhausted)
		return;
	s->attempt = 0;
	switch (s->mode) {
	case TM_TRACE:
	case TM_DTREE_FWD:
		timeout_trace(t);
		break;
	case TM_LASTDITCH:
		trace_stop(tt, WARTS_TRACE_STOP_GAPLIMIT, 0);
		trace_queue_done(t);
		break;
	case TM_DTREE_FIRST:
		timeout_dtree_first(t);
		break;
	case TM_DTREE_BACK:
		timeout_dtree_back(t);
		break;
	default:
		if (TRACE_MODE_IS_PMTUD(s->mode))
			trace_pmtud_timeout(t);
		break;
	}
}

/* ---- probing ---------------------------------------------------------- */

static int grow(void **a, size_t *cap, size_t need, size_t size)
{
	void *n;
	size_t c = *cap ? *cap : 16;
	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	if ((n = realloc(*a, c * size)) == NULL)
		return -1;
	*a = n;
	*cap = c;
	return 0;
}

void trace_build(struct task *t, uint32_t id, uint8_t ttl, uint16_t tag,
                 struct pkt_probe *pr, struct probe_key *k)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	const struct trace_cmd *cmd = t->obj;

	memset(pr, 0, sizeof(*pr));
	memset(k, 0, sizeof(*k));
	pr->src = tt->src;
	pr->dst = tt->dst;
	pr->ttl = ttl;
	pr->tos = tt->tos;
	pr->ipid = (uint16_t)(id + 1);
	pr->df = !v6(tt);
	pr->size = (uint16_t)(s->header_size + s->payload_size);
	if (cmd->payload_len > 0 && !TRACE_MODE_IS_PMTUD(s->mode)) {
		pr->payload = cmd->payload;
		pr->payload_len = cmd->payload_len;
	}
	probe_key_dst(k, &tt->dst);
	if (trace_is_udp(tt)) {
		pr->proto = PKT_UDP;
		pr->sport = tt->sport;
		pr->dport = tt->dport;
		if (tt->type == WARTS_TRACE_UDP)
			pr->dport = (uint16_t)(tt->dport + id);
		if (!(tt->flags & WARTS_TRACE_FLAG_CONSTPAYLOAD))
			pr->want_sum = tag;
		else if (v6(tt) && tt->type == WARTS_TRACE_UDP_PARIS)
			/* the checksum is fixed: the flow label tells probes
			 * apart, as the IP ID does on IPv4 (scamper's way) */
			pr->flow = (id + 1) & 0xfffff;
		k->a = pr->sport;
		k->b = pr->dport;
		k->c = pr->want_sum;
	} else if (trace_is_icmp(tt)) {
		pr->proto = v6(tt) ? PKT_ICMP6 : PKT_ICMP;
		pr->icmp_type = v6(tt) ? ICMP6_ECHO : ICMP4_ECHO;
		pr->icmp_id = tt->sport;
		pr->icmp_seq = (uint16_t)(tag - 1);
		if (tt->type == WARTS_TRACE_ICMP_ECHO_PARIS)
			pr->want_sum = tt->dport;
		k->a = pr->icmp_id;
		k->b = pr->icmp_seq;
	} else {
		pr->proto = PKT_TCP;
		pr->sport = tt->sport;
		pr->dport = tt->dport;
		pr->tcp_seq = tag;
		if (tt->type == WARTS_TRACE_TCP) {
			pr->tcp_flags = TH_SYN;
		} else {
			/* the RST to an ACK carries the ack number as its
			 * sequence number: make both the tag */
			pr->tcp_flags = TH_ACK;
			pr->tcp_ack = tag;
		}
		k->c = tag;
		k->a = pr->sport;
		k->b = pr->dport;
	}
	k->proto = pr->proto;
}

/*
 * udp-paris probes that -O const-payload leaves alike in their first 8
 * bytes (classic udp's ports still differ)
 */
static int const_payload(const warts_trace *t)
{
	return t->type == WARTS_TRACE_UDP_PARIS &&
	       (t->flags & WARTS_TRACE_FLAG_CONSTPAYLOAD);
}

static uint16_t tag_of(const struct trace_state *s, uint32_t id)
{
	return (uint16_t)(1 + (id + s->salt) % 0xfffe);
}

static int push_hopst(struct trace_hopst **a, size_t *n, size_t *cap,
                      const struct trace_hopst *h)
{
	if (grow((void **)a, cap, *n + 1, sizeof(**a)) != 0)
		return -1;
	(*a)[(*n)++] = *h;
	return 0;
}

long trace_send(struct task *t, uint8_t ttl)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	struct trace_probe *tp;
	struct pkt_probe pr;
	struct probe_key k;
	uint32_t id = s->nprobes;
	warts_tv tx;
	char msg[200];

	if (grow((void **)&s->probes, &s->probes_cap, (size_t)id + 1,
	         sizeof(*s->probes)) != 0) {
		trace_error(t, "out of memory");
		return -1;
	}
	for (int tries = 0;; tries++) {
		const struct probe_key *key = &k;
		uint32_t cookie = id;
		trace_build(t, id, ttl, tag_of(s, id), &pr, &k);
		if (const_payload(tt)) {
			/* one key for all; the quoted IP ID or flow label
			 * says which probe a reply is for */
			key = s->key_held ? NULL : &k;
			cookie = TRACE_COOKIE_QUOTED;
		}
		if (task_send(t, &pr, key, cookie, &tx) == 0)
			break;
		if (errno != EEXIST || tries >= 64) {
			snprintf(msg, sizeof(msg), "sending a probe: %s",
			         errno == EEXIST ? "its key is in use by "
			         "another measurement" : strerror(errno));
			trace_error(t, msg);
			return -1;
		}
		/* another measurement (or a wrapped tag) holds the key */
		s->salt = (uint16_t)(s->salt + 0x0101 + tries);
		/* -O const-payload has one key for the whole trace and no
		 * tag in it: another trace to this destination from the
		 * same port holds it.  Before the first probe, and unless -s
		 * asked for this port, the next port will do */
		if (const_payload(tt) && !s->key_held &&
		    !((const struct trace_cmd *)t->obj)->sport_given)
			tt->sport = (uint16_t)(tt->sport == 0xffff ? 0x8000 :
			                       tt->sport + 1);
	}
	if (const_payload(tt))
		s->key_held = 1;
	tp = &s->probes[id];
	memset(tp, 0, sizeof(*tp));
	tp->tx = tx;
	tp->tx_mono = task_now(t);
	tp->size = pr.size;
	tp->ttl = ttl;
	tp->mode = s->mode;
	s->nprobes++;
	tt->probec++;
	s->last_tx = tp->tx_mono;
	return id;
}

/* Parallel mode: the hop to probe now (re-probe or a new TTL). */
static int parallel_next(struct task *t, struct trace_hopst *hs)
{
	struct trace_state *s = st(t);
	uint64_t now = task_now(t);
	for (size_t i = 0; i < s->nq; i++) {
		if (s->q[i].due > now)
			continue;
		*hs = s->q[i];
		memmove(&s->q[i], &s->q[i + 1], (--s->nq - i) * sizeof(*hs));
		return 1;
	}
	if (s->mode != TM_PARALLEL || s->ttl > 255)
		return 0;
	memset(hs, 0, sizeof(*hs));
	hs->ttl = (uint8_t)s->ttl++;
	return 1;
}

/* ---- the task --------------------------------------------------------- */

/* Apply what the handlers decided. */
static void post(struct task *t)
{
	struct trace_state *s = st(t);
	uint64_t now;

	switch (s->next) {
	case TN_DONE:
		s->mode = TM_DONE;
		task_done(t);
		return;
	case TN_PROBE:
		task_timer_cancel(t);
		s->probe_wanted = 1;
		task_want_probe(t);
		break;
	case TN_WAIT:
		s->probe_wanted = 0;
		now = task_now(t);
		if (s->wait_until <= now) {
			task_timer_cancel(t);
			s->probe_wanted = 1;
			task_want_probe(t);
		} else {
			task_timer(t, s->wait_until - now);
		}
		break;
	case TN_NONE:
		break;
	}
	s->next = TN_NONE;
}

static int trace_probe_cb(struct task *t)
{
	struct trace_state *s = st(t);
	struct trace_hopst hs;
	long id;
	int parallel = s->mode == TM_PARALLEL ||
	               s->mode == TM_PARALLEL_FINISH;

	if (!s->probe_wanted || s->mode == TM_DONE)
		return 0;
	s->probe_wanted = 0;
	s->next = TN_NONE;
	if (parallel && !parallel_next(t, &hs)) {
		trace_queue(t);
		post(t);
		return 0;
	}
	if ((id = trace_send(t, parallel ? hs.ttl : (uint8_t)s->ttl)) < 0) {
		post(t);
		return 0;
	}
	if (parallel) {
		hs.last_tx = s->last_tx;
		hs.due = 0;
		hs.attempt++;
		hs.id = (uint32_t)id;
		s->probes[id].attempt = hs.attempt;
		if (push_hopst(&s->win, &s->nwin, &s->capwin, &hs) != 0) {
			trace_error(t, "out of memory");
			post(t);
			return 1;
		}
	} else {
		s->attempt++;
		s->probes[id].attempt = s->attempt;
	}
	trace_queue(t);
	post(t);
	return 1;
}

static int is_icmp_error_for_trace(const struct pkt_rx *rx)
{
	if (rx->af == 4)
		return rx->icmp_type == ICMP4_TIMXCEED ||
		       rx->icmp_type == ICMP4_UNREACH;
	return rx->icmp_type == ICMP6_TIMXCEED ||
	       rx->icmp_type == ICMP6_UNREACH || rx->icmp_type == ICMP6_PTB;
}

static void trace_reply_cb(struct task *t, uint32_t cookie,
                           const struct pkt_rx *rx, const warts_tv *ts)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	int icmp;

	if (cookie == TRACE_COOKIE_QUOTED) {
		/* -O const-payload: the probe is in the quoted IP header
		 * (and a UDP reply cannot be told apart at all) */
		if (!rx->has_quote)
			return;
		cookie = (uint32_t)(rx->af == 4 ? rx->q.ipid : rx->q.flow) - 1;
	}
	if (cookie >= s->nprobes || s->mode == TM_DONE)
		return;
	/* a reply repeated by the network (or forged in a flood) is kept
	 * a few times, not without end */
	if (s->probes[cookie].rx >= TRACE_PROBE_REPLIES_MAX)
		return;
	if (rx->has_quote) {
		if (!is_icmp_error_for_trace(rx))
			return;
		icmp = 1;
	} else if (rx->proto == PKT_ICMP || rx->proto == PKT_ICMP6) {
		/* an echo reply: only for the ICMP methods */
		if (!trace_is_icmp(tt))
			return;
		icmp = 1;
	} else {
		icmp = 0;
	}
	s->next = TN_NONE;
	switch (s->mode) {
	case TM_TRACE:
		if (icmp)
			icmp_trace(t, cookie, rx, ts);
		else
			tp_trace(t, cookie, rx, ts);
		break;
	case TM_DTREE_FWD:
	case TM_DTREE_BACK:
		if (icmp)
			icmp_trace(t, cookie, rx, ts);
		break;
	case TM_DTREE_FIRST:
		if (icmp)
			icmp_dtree_first(t, cookie, rx, ts);
		break;
	case TM_LASTDITCH:
		if (icmp)
			icmp_lastditch(t, cookie, rx, ts);
		else
			tp_lastditch(t, cookie, rx, ts);
		break;
	case TM_PARALLEL:
	case TM_PARALLEL_FINISH:
		if (icmp)
			icmp_parallel(t, cookie, rx, ts);
		break;
	default:
		if (TRACE_MODE_IS_PMTUD(s->mode))
			trace_pmtud_reply(t, cookie, rx, ts);
		break;
	}
	post(t);
}

static void trace_timeout_cb(struct task *t)
{
	struct trace_state *s = st(t);
	if (s->mode == TM_DONE)
		return;
	s->next = TN_NONE;
	on_timeout(t);
	/* unless a handler decided otherwise, the next probe is due */
	if (s->next == TN_NONE)
		trace_queue_probe(t);
	post(t);
}

static void trace_halt_cb(struct task *t)
{
	tr(t)->stop_reason = WARTS_TRACE_STOP_HALTED;
	tr(t)->stop_data = 0;
	if (t->state != NULL)
		st(t)->mode = TM_DONE;
}

static void trace_free_cb(struct task *t)
{
	struct trace_state *s = st(t);
	if (s == NULL)
		return;
	free(s->probes);
	free(s->win);
	free(s->q);
	free(s->ifaces);
	free(s->lss);
	trace_pmtud_free(s);
	free(s);
	t->state = NULL;
}

/* -s 0: a port the system hands out (an ICMP id for the ICMP methods). */
static uint16_t system_port(const warts_trace *tt)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int af = v6(tt) ? AF_INET6 : AF_INET, fd;
	uint16_t port = 0;

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)af;
	fd = socket(af, (trace_is_tcp(tt) ? SOCK_STREAM : SOCK_DGRAM) |
	            SOCK_CLOEXEC, 0);
	if (fd < 0)
		return trace_sport_default(NULL);
	sl = v6(tt) ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (bind(fd, (struct sockaddr *)&ss, sl) == 0 &&
	    getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
		port = ntohs(af == AF_INET ?
		             ((struct sockaddr_in *)&ss)->sin_port :
		             ((struct sockaddr_in6 *)&ss)->sin6_port);
	close(fd);
	return port != 0 ? port : trace_sport_default(NULL);
}

static int trace_start_cb(struct task *t)
{
	struct trace_cmd *cmd = t->obj;
	warts_trace *tt = &cmd->t;
	struct trace_state *s;
	char a[WARTS_ADDR_STRLEN], msg[160];

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -1;
	t->state = s;
	s->cmd = cmd;
	task_wallclock(&tt->start);
	s->n = 2;
	s->conf = tt->confidence == 99;
	s->header_size = trace_header_size(tt);
	s->payload_size = (uint16_t)(tt->probe_size - s->header_size);
	s->mode = first_mode(tt);
	s->ttl = tt->firsthop;
	if (tt->flags & WARTS_TRACE_FLAG_BACK) {
		/* from the hop limit down (-m 0: 255) */
		s->ttl = (uint16_t)hoplimit(tt);
		tt->hop_count = (uint16_t)hoplimit(tt);
	}
	if (cmd->sport_os)
		tt->sport = system_port(tt);
	if (cmd->lss != NULL &&
	    (s->lsst = trace_lss_get(&t->p->lss_sets, cmd->lss)) == NULL) {
		trace_error(t, "out of memory for the local stop set");
		return -1;
	}
	if (!warts_addr_isset(&tt->src)) {
		if (task_src(t, &tt->dst, &tt->src) != 0) {
			snprintf(msg, sizeof(msg), "no route to %s: %s",
			         warts_addr_tostr(&tt->dst, a, sizeof(a)),
			         strerror(errno));
			trace_error(t, msg);
			return -1;
		}
	} else if (!task_is_local(&tt->src)) {
		snprintf(msg, sizeof(msg), "-S %s: not an address of this "
		         "host", warts_addr_tostr(&tt->src, a, sizeof(a)));
		errno = EADDRNOTAVAIL;
		trace_error(t, msg);
		return -1;
	}
	if (tt->offset != 0) {
		errno = ENOTSUP;
		trace_error(t, "-o: fragment traceroute is not supported by "
		            "this prober");
		return -1;
	}
	trace_queue_probe(t);
	post(t);
	return 0;
}

/* Without -S, the start asks for the source toward the destination. */
static const warts_addr *trace_src_wanted(const void *obj)
{
	const struct trace_cmd *cmd = obj;
	return warts_addr_isset(&cmd->t.src) ? NULL : &cmd->t.dst;
}

const struct task_type trace_type = {
	.name = "trace",
	.warts_type = WARTS_TYPE_TRACE,
	.parse = trace_cmd_parse,
	.start = trace_start_cb,
	.probe = trace_probe_cb,
	.reply = trace_reply_cb,
	.timeout = trace_timeout_cb,
	.halt = trace_halt_cb,
	.free = trace_free_cb,
	.free_obj = trace_cmd_free,
	.src_wanted = trace_src_wanted,
};
