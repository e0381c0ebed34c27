/*
 * tracelb_fmt.h: printing MDA traceroutes as sc_warts2json, sc_warts2text
 * and sc_wartsdump do, and what the three share.
 *
 * All three walk the nodes in file order and, under each node, the links
 * that leave it, in file order (scamper hangs the links on their
 * from-nodes that way when it reads a file).  struct tl_links is that
 * grouping.  JSON and text also summarise a probe set as the distinct
 * addresses that answered it, in scamper's internal address order, plus
 * whether some flow went unanswered: struct tl_sum.
 *
 * The decoder guarantees consistent indices and counts, but an object
 * built in code may hold anything, so every access here is checked: a
 * missing array reads as empty, a node index out of range as no node.
 */
#ifndef WARTS_TRACELB_FMT_H
#define WARTS_TRACELB_FMT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "warts/tracelb.h"

#include "../fmt.h"

int tracelb_json(warts_strbuf *sb, const void *obj, unsigned flags);
int tracelb_text(warts_strbuf *sb, const void *obj);
int tracelb_dump(warts_strbuf *sb, const void *obj);

/* ---- checked access ------------------------------------------------- */

static inline unsigned tl_nodec(const warts_tracelb *t)
{
	return t->nodes != NULL ? t->nodec : 0;
}

static inline unsigned tl_linkc(const warts_tracelb *t)
{
	return t->links != NULL ? t->linkc : 0;
}

/* The link's probe set for hop i, or NULL. */
static inline const warts_tracelb_probeset *
tl_set(const warts_tracelb_link *l, unsigned i)
{
	return l->sets != NULL && i < l->hopc ? &l->sets[i] : NULL;
}

static inline unsigned tl_probec(const warts_tracelb_probeset *s)
{
	return s != NULL && s->probes != NULL ? s->probec : 0;
}

static inline unsigned tl_rxc(const warts_tracelb_probe *p)
{
	return p->rxs != NULL ? p->rxc : 0;
}

/* The node a link leads to, or NULL for a dead end. */
static inline const warts_tracelb_node *tl_to(const warts_tracelb *t,
                                              const warts_tracelb_link *l)
{
	if (l->to < 0 || (unsigned)l->to >= tl_nodec(t))
		return NULL;
	return &t->nodes[l->to];
}

/* The address of the node a link leads to, or NULL. */
static inline const warts_addr *tl_to_addr(const warts_tracelb *t,
                                           const warts_tracelb_link *l)
{
	const warts_tracelb_node *n = tl_to(t, l);
	return n != NULL && warts_addr_isset(&n->addr) ? &n->addr : NULL;
}

/* A node's address, "*" when it has none (as JSON and text print it). */
static inline void tl_node_addr(warts_strbuf *sb, const warts_tracelb_node *n)
{
	if (warts_addr_isset(&n->addr))
		sb_addr(sb, &n->addr);
	else
		sb_c(sb, '*');
}

static inline int tl_addr_eq(const warts_addr *a, const warts_addr *b)
{
	return a != NULL && b != NULL && warts_addr_cmp(a, b) == 0;
}

/* ---- replies, classified as scamper's macros do ----------------------- */

static inline int tl_v4(const warts_tracelb_reply *r)
{
	return r->from.type == WARTS_ADDR_IPV4;
}

/* Time exceeded or destination unreachable: the ICMP messages that quote
 * the probe, and so carry a meaningful quoted TTL. */
static inline int tl_is_icmp_q(const warts_tracelb_reply *r)
{
	if (warts_tracelb_reply_is_tcp(r))
		return 0;
	if (r->from.type == WARTS_ADDR_IPV4)
		return r->icmp_type == 11 || r->icmp_type == 3;
	if (r->from.type == WARTS_ADDR_IPV6)
		return r->icmp_type == 3 || r->icmp_type == 1;
	return 0;
}

/* rx - tx in microseconds, as 64-bit arithmetic gives it. */
static inline int64_t tl_rtt_us(const warts_tracelb_probe *p,
                                const warts_tracelb_reply *r)
{
	return ((int64_t)r->rx.sec - (int64_t)p->tx.sec) * 1000000 +
	       ((int64_t)r->rx.usec - (int64_t)p->tx.usec);
}

/* ---- links by from-node ----------------------------------------------- */

/*
 * The links leaving node i are idx[at[i]] .. idx[at[i + 1] - 1], in file
 * order.  Links whose from-node is out of range belong to no node.
 */
struct tl_links {
	uint32_t *at;    /* nodec + 1 offsets */
	uint16_t *idx;   /* link indices */
};

static inline void tl_links_fini(struct tl_links *g)
{
	free(g->at);
	free(g->idx);
	g->at = NULL;
	g->idx = NULL;
}

/* Build the grouping; -1 when out of memory. */
static inline int tl_links_init(struct tl_links *g, const warts_tracelb *t)
{
	unsigned nodec = tl_nodec(t), linkc = tl_linkc(t);
	uint32_t *fill;

	g->idx = NULL;
	if ((g->at = calloc(nodec + 2u, sizeof(*g->at))) == NULL)
		return -1;
	if (linkc == 0)
		return 0;
	if ((g->idx = malloc(linkc * sizeof(*g->idx))) == NULL ||
	    (fill = malloc((nodec + 1u) * sizeof(*fill))) == NULL) {
		tl_links_fini(g);
		return -1;
	}
	for (unsigned i = 0; i < linkc; i++)
		if (t->links[i].from < nodec)
			g->at[t->links[i].from + 1]++;
	for (unsigned i = 1; i <= nodec; i++)
		g->at[i] += g->at[i - 1];
	memcpy(fill, g->at, (nodec + 1u) * sizeof(*fill));
	for (unsigned i = 0; i < linkc; i++)
		if (t->links[i].from < nodec)
			g->idx[fill[t->links[i].from]++] = (uint16_t)i;
	free(fill);
	return 0;
}

static inline unsigned tl_node_linkc(const struct tl_links *g, unsigned i)
{
	return g->at[i + 1] - g->at[i];
}

/* The j-th link leaving node i. */
static inline const warts_tracelb_link *
tl_node_link(const warts_tracelb *t, const struct tl_links *g, unsigned i,
             unsigned j)
{
	return &t->links[g->idx[g->at[i] + j]];
}

/* ---- probe set summaries ---------------------------------------------- */

/*
 * scamper keeps a summary's addresses sorted by its internal comparison,
 * which compares IPv4 and IPv6 addresses as native-endian machine words
 * (one 32-bit word, or two 64-bit words), not byte by byte.  On the
 * little-endian machines scamper's outputs come from, that puts the last
 * byte of each word first.  Addresses of different types order by type.
 */
static inline int tl_word_cmp(const uint8_t *a, const uint8_t *b,
                              unsigned n)
{
	for (unsigned i = n; i-- > 0;)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static inline int tl_sum_cmp(const warts_addr *a, const warts_addr *b)
{
	int c;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	switch (a->type) {
	case WARTS_ADDR_IPV4:
		return tl_word_cmp(a->bytes, b->bytes, 4);
	case WARTS_ADDR_IPV6:
		if ((c = tl_word_cmp(a->bytes, b->bytes, 8)) != 0)
			return c;
		return tl_word_cmp(a->bytes + 8, b->bytes + 8, 8);
	default:
		return memcmp(a->bytes, b->bytes, sizeof(a->bytes));
	}
}

struct tl_sum {
	const warts_addr **addrs;  /* distinct repliers, sorted */
	unsigned           addrc;
	unsigned           nullc;  /* flows that drew no reply at all */
};

static inline void tl_sum_fini(struct tl_sum *s)
{
	free(s->addrs);
	s->addrs = NULL;
}

/* Add a to the sorted set unless it is there already. */
static inline void tl_sum_add(struct tl_sum *s, const warts_addr *a)
{
	unsigned lo = 0, hi = s->addrc;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		int c = tl_sum_cmp(s->addrs[mid], a);
		if (c == 0)
			return;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&s->addrs[lo + 1], &s->addrs[lo],
	        (s->addrc - lo) * sizeof(*s->addrs));
	s->addrs[lo] = a;
	s->addrc++;
}

/*
 * Summarise a probe set (NULL reads as empty); -1 when out of memory.
 * Consecutive probes with one flow id are the attempts at one flow; a
 * flow none of whose attempts drew a reply counts in nullc.  An empty
 * set has neither addresses nor unanswered flows.
 */
static inline int tl_sum_init(struct tl_sum *s,
                              const warts_tracelb_probeset *set)
{
	unsigned probec = tl_probec(set), total = 0, answered = 0;
	uint16_t flowid;

	s->addrs = NULL;
	s->addrc = 0;
	s->nullc = 0;
	if (probec == 0)
		return 0;
	for (unsigned i = 0; i < probec; i++)
		total += tl_rxc(&set->probes[i]);
	if (total > 0 &&
	    (s->addrs = malloc(total * sizeof(*s->addrs))) == NULL)
		return -1;
	flowid = set->probes[0].flowid;
	for (unsigned i = 0; i < probec; i++) {
		const warts_tracelb_probe *p = &set->probes[i];
		unsigned rxc = tl_rxc(p);
		if (p->flowid != flowid) {
			if (answered == 0)
				s->nullc++;
			flowid = p->flowid;
			answered = 0;
		}
		if (rxc == 0)
			continue;
		for (unsigned k = 0; k < rxc; k++)
			tl_sum_add(s, &p->rxs[k].from);
		answered++;
	}
	if (answered == 0)
		s->nullc++;
	return 0;
}

#endif
