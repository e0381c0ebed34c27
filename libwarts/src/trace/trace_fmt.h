/*
 * trace_fmt.h: printing traceroutes as sc_warts2json, sc_warts2text and
 * sc_wartsdump do, and what the three share.
 *
 * Our trace keeps its replies as the file lists them.  scamper 2026 reads
 * them into a different shape, and its output follows that shape:
 *
 *  - consecutive replies with the same probe TTL, attempt and probe size
 *    are one probe, which keeps the transmit time of the first of them;
 *  - probes are filed by TTL, in the order read.  scamper refuses a trace
 *    whose TTLs go down; we read it all and print it in TTL order, which
 *    is what scamper 2021 did with such files.
 *
 * struct tf_hops is that view over a hop array: positions in TTL order
 * and, for each TTL, the span of positions holding its replies.
 */
#ifndef WARTS_TRACE_FMT_H
#define WARTS_TRACE_FMT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "warts/trace.h"

#include "../fmt.h"

int trace_json(warts_strbuf *sb, const void *obj, unsigned flags);
int trace_text(warts_strbuf *sb, const void *obj);
int trace_dump(warts_strbuf *sb, const void *obj);

/* ---- classifying replies, as scamper's trace macros do --------------- */

static inline int tf_v4(const warts_trace_hop *h)
{
	return h->addr.type == WARTS_ADDR_IPV4;
}

static inline int tf_v6(const warts_trace_hop *h)
{
	return h->addr.type == WARTS_ADDR_IPV6;
}

static inline int tf_is_tcp(const warts_trace_hop *h)
{
	return (h->flags & WARTS_TRACE_HOP_TCP) != 0;
}

static inline int tf_is_icmp(const warts_trace_hop *h)
{
	return warts_trace_hop_is_icmp(h);
}

/* An ICMP error that quotes the probe (the q_ttl, q_ipl, q_tos fields). */
static inline int tf_is_icmp_q(const warts_trace_hop *h)
{
	if (!tf_is_icmp(h))
		return 0;
	if (tf_v4(h))
		return h->icmp_type == 3 || h->icmp_type == 11;
	if (tf_v6(h))
		return h->icmp_type >= 1 && h->icmp_type <= 3;
	return 0;
}

/* Packet too big: v4 unreachable/need-frag, or v6 type 2. */
static inline int tf_is_ptb(const warts_trace_hop *h)
{
	if (!tf_is_icmp(h))
		return 0;
	if (tf_v4(h))
		return h->icmp_type == 3 && h->icmp_code == 4;
	if (tf_v6(h))
		return h->icmp_type == 2;
	return 0;
}

static inline int tf_is_ttl_exp(const warts_trace_hop *h)
{
	return tf_is_icmp(h) && ((tf_v4(h) && h->icmp_type == 11) ||
	                         (tf_v6(h) && h->icmp_type == 3));
}

static inline int tf_is_echo_reply(const warts_trace_hop *h)
{
	return tf_is_icmp(h) && ((tf_v4(h) && h->icmp_type == 0) ||
	                         (tf_v6(h) && h->icmp_type == 129));
}

/* Two replies answer the same probe when they are consecutive in the file
 * and agree on TTL, attempt and probe size. */
static inline int tf_same_probe(const warts_trace_hop *a,
                                const warts_trace_hop *b)
{
	return a->probe_ttl == b->probe_ttl && a->probe_id == b->probe_id &&
	       a->probe_size == b->probe_size;
}

/* ---- trace-wide values ----------------------------------------------- */

/* scamper reads a first hop of 0 as 1. */
static inline unsigned tf_firsthop(const warts_trace *t)
{
	return t->firsthop != 0 ? t->firsthop : 1;
}

/* The hops up to the stop hop, when one is recorded: scamper's JSON hop
 * count, and the hops that get PMTUD annotations in text. */
static inline unsigned tf_stop_count(const warts_trace *t)
{
	if (t->stop_hop == 0 || t->stop_hop > t->hop_count)
		return t->hop_count;
	return t->stop_hop;
}

/* Leading bits two addresses of one type share; -1 for different types. */
static inline int tf_prefix(const warts_addr *a, const warts_addr *b)
{
	size_t n = warts_addr_len(a->type);
	int bits = 0;
	if (a->type != b->type)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint8_t x = (uint8_t)(a->bytes[i] ^ b->bytes[i]);
		if (x == 0) {
			bits += 8;
			continue;
		}
		while ((x & 0x80) == 0) {
			bits++;
			x = (uint8_t)(x << 1);
		}
		break;
	}
	return bits;
}

static inline int tf_addr_eq(const warts_addr *a, const warts_addr *b)
{
	return warts_addr_cmp(a, b) == 0;
}

/* ---- the hops in TTL order ------------------------------------------- */

struct tf_hops {
	const warts_trace_hop *hops;
	uint16_t               n;
	uint16_t              *idx;    /* position -> file index; NULL when
	                                * the file is already in TTL order */
	unsigned               maxttl; /* highest probe TTL, 0 if no hops */
	uint32_t               at[257];/* TTL t: positions at[t]..at[t+1]-1 */
};

/* Build the view; -1 when out of memory. */
static inline int tf_hops_init(struct tf_hops *v,
                               const warts_trace_hop *hops, uint16_t n)
{
	uint32_t fill[256];
	unsigned top;
	int sorted = 1;

	v->hops = hops;
	v->n = n;
	v->idx = NULL;
	v->maxttl = 0;
	for (uint16_t i = 0; i < n; i++) {
		uint8_t ttl = hops[i].probe_ttl;
		if (ttl > v->maxttl)
			v->maxttl = ttl;
		if (i > 0 && ttl < hops[i - 1].probe_ttl)
			sorted = 0;
	}
	/*
	 * Count and sum only up to the highest TTL: this runs once per
	 * trace, and most traces stop long before TTL 255.
	 */
	top = v->maxttl + 1u;
	memset(v->at, 0, (top + 1) * sizeof(v->at[0]));
	for (uint16_t i = 0; i < n; i++)
		v->at[hops[i].probe_ttl + 1]++;
	for (unsigned t = 1; t <= top; t++)
		v->at[t] += v->at[t - 1];
	for (unsigned t = top + 1; t <= 256; t++)
		v->at[t] = n;
	if (sorted)
		return 0;
	if ((v->idx = malloc((size_t)n * sizeof(*v->idx))) == NULL)
		return -1;
	memcpy(fill, v->at, sizeof(fill));
	for (uint16_t i = 0; i < n; i++)
		v->idx[fill[hops[i].probe_ttl]++] = i;
	return 0;
}

static inline void tf_hops_fini(struct tf_hops *v)
{
	free(v->idx);
	v->idx = NULL;
}

static inline uint32_t tf_file_index(const struct tf_hops *v, uint32_t pos)
{
	return v->idx != NULL ? v->idx[pos] : pos;
}

static inline const warts_trace_hop *tf_hop(const struct tf_hops *v,
                                            uint32_t pos)
{
	return &v->hops[tf_file_index(v, pos)];
}

/*
 * Whether the reply at pos answers the same probe as the one at pos - 1.
 * The replies of one probe have one TTL and are adjacent in the file, so
 * they stay adjacent in TTL order.
 */
static inline int tf_hops_same_probe(const struct tf_hops *v, uint32_t pos)
{
	uint32_t a, b;
	if (pos == 0)
		return 0;
	a = tf_file_index(v, pos - 1);
	b = tf_file_index(v, pos);
	return b == a + 1 && tf_same_probe(&v->hops[a], &v->hops[b]);
}

/* The first reply to a probe of this TTL (scamper's "reply at hop
 * ttl - 1"), or NULL. */
static inline const warts_trace_hop *tf_reply_at(const struct tf_hops *v,
                                                 unsigned ttl)
{
	if (ttl > 255 || v->at[ttl] == v->at[ttl + 1])
		return NULL;
	return tf_hop(v, v->at[ttl]);
}

/* ---- PMTUD notes, shared by JSON and text ------------------------------ */

/* The reply a note refers to, or NULL. */
static inline const warts_trace_hop *
tf_note_reply(const warts_trace_pmtud *p, const warts_trace_pmtud_note *n)
{
	if (n->hop < 0 || n->hop >= p->hopc || p->hops == NULL)
		return NULL;
	return &p->hops[n->hop];
}

#endif
