/*
 * probe.c: an open-addressing table of probe keys.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

void probe_key_dst(struct probe_key *k, const warts_addr *dst)
{
	memset(k->dst, 0, sizeof(k->dst));
	memcpy(k->dst, dst->bytes, warts_addr_len(dst->type));
	k->af = dst->type == WARTS_ADDR_IPV6 ? 6 : 4;
}

static uint64_t key_hash(const struct probe_key *k)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	const uint8_t *p = k->dst;
	h ^= (uint64_t)k->af << 56 | (uint64_t)k->proto << 48 |
	     (uint64_t)k->a << 32 | (uint64_t)k->b << 16;
	h *= 0xff51afd7ed558ccdULL;
	h ^= k->c;
	for (int i = 0; i < 16; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	}
	return h ^ (h >> 31);
}

static int key_eq(const struct probe_key *x, const struct probe_key *y)
{
	return x->af == y->af && x->proto == y->proto && x->a == y->a &&
	       x->b == y->b && x->c == y->c &&
	       memcmp(x->dst, y->dst, 16) == 0;
}

enum { S_EMPTY = 0, S_LIVE, S_RETIRED, S_HOLE };

static int rehash(struct probe_table *t, size_t cap)
{
	struct probe_ent *old = t->e;
	size_t oldcap = t->cap;
	if ((t->e = calloc(cap, sizeof(*t->e))) == NULL) {
		t->e = old;
		return -1;
	}
	t->cap = cap;
	t->n = 0;
	t->holes = 0;
	for (size_t i = 0; i < oldcap; i++) {
		size_t j;
		if (old[i].state != S_LIVE && old[i].state != S_RETIRED)
			continue;
		j = key_hash(&old[i].key) & (cap - 1);
		while (t->e[j].state != S_EMPTY)
			j = (j + 1) & (cap - 1);
		t->e[j] = old[i];
		t->n++;
	}
	free(old);
	return 0;
}

struct probe_ent *probe_find(struct probe_table *t,
                             const struct probe_key *k)
{
	size_t i;
	if (t->cap == 0)
		return NULL;
	for (i = key_hash(k) & (t->cap - 1); t->e[i].state != S_EMPTY;
	     i = (i + 1) & (t->cap - 1))
		if (t->e[i].state != S_HOLE && key_eq(&t->e[i].key, k))
			return &t->e[i];
	return NULL;
}

int probe_add(struct probe_table *t, const struct probe_key *k,
              struct task *task, uint32_t cookie)
{
	size_t i;
	if (probe_find(t, k) != NULL)
		return -1;
	/* keep the table at most half full, holes included */
	if ((t->n + t->holes + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap : 1024;
		/* double when live keys alone fill a quarter; otherwise
		 * rebuilding at the same size just sweeps the holes away */
		if ((t->n + 1) * 4 > cap)
			cap *= 2;
		if (rehash(t, cap) != 0) {
			errno = ENOMEM;
			return -1;
		}
	}
	for (i = key_hash(k) & (t->cap - 1);
	     t->e[i].state == S_LIVE || t->e[i].state == S_RETIRED;
	     i = (i + 1) & (t->cap - 1))
		;
	if (t->e[i].state == S_HOLE)
		t->holes--;
	t->e[i].key = *k;
	t->e[i].task = task;
	t->e[i].cookie = cookie;
	t->e[i].state = S_LIVE;
	t->n++;
	return 0;
}

static void drop(struct probe_table *t, struct probe_ent *e)
{
	e->task = NULL;
	e->state = S_HOLE;
	t->n--;
	t->holes++;
}

void probe_retire(struct probe_table *t, const struct probe_key *k,
                  uint64_t now, uint64_t holdtime)
{
	struct probe_ent *e = probe_find(t, k);
	struct probe_retired *r;
	if (e == NULL || e->state != S_LIVE)
		return;
	if (holdtime == 0) {
		drop(t, e);
		return;
	}
	if (t->fifo_len == t->fifo_cap) {
		size_t cap = t->fifo_cap ? t->fifo_cap * 2 : 1024;
		struct probe_retired *f = malloc(cap * sizeof(*f));
		if (f == NULL) {
			drop(t, e); /* forgetting early beats failing */
			return;
		}
		for (size_t i = 0; i < t->fifo_len; i++)
			f[i] = t->fifo[(t->fifo_head + i) % t->fifo_cap];
		free(t->fifo);
		t->fifo = f;
		t->fifo_cap = cap;
		t->fifo_head = 0;
	}
	e->task = NULL;
	e->state = S_RETIRED;
	r = &t->fifo[(t->fifo_head + t->fifo_len++) % t->fifo_cap];
	r->key = *k;
	r->expires = now + holdtime;
}

void probe_expire(struct probe_table *t, uint64_t now)
{
	while (t->fifo_len > 0) {
		struct probe_retired *r = &t->fifo[t->fifo_head];
		struct probe_ent *e;
		if (r->expires > now)
			break;
		if ((e = probe_find(t, &r->key)) != NULL &&
		    e->state == S_RETIRED)
			drop(t, e);
		t->fifo_head = (t->fifo_head + 1) % t->fifo_cap;
		t->fifo_len--;
	}
}

void probe_table_free(struct probe_table *t)
{
	free(t->e);
	free(t->fifo);
	memset(t, 0, sizeof(*t));
}

int probe_keys_for(const struct pkt_rx *rx, struct probe_key *k)
{
	int n = 0;
	memset(k, 0, 4 * sizeof(*k));
	if (rx->has_quote) {
		const struct pkt_quote *q = &rx->q;
		struct probe_key base;
		memset(&base, 0, sizeof(base));
		probe_key_dst(&base, &q->dst);
		base.proto = q->proto;
		switch (q->proto) {
		case PKT_UDP:
			if (q->tlen < 4)
				return 0;
			base.a = q->sport;
			base.b = q->dport;
			if (q->tlen >= 8) {
				k[n] = base;
				k[n++].c = q->udp_sum;
			}
			k[n++] = base;
			break;
		case PKT_TCP:
			if (q->tlen < 4)
				return 0;
			base.a = q->sport;
			base.b = q->dport;
			if (q->tlen >= 8) {
				k[n] = base;
				k[n++].c = q->tcp_seq;
			}
			k[n++] = base;
			break;
		case PKT_ICMP:
		case PKT_ICMP6:
			if (q->tlen < 8)
				return 0;
			base.a = q->icmp_id;
			base.b = q->icmp_seq;
			k[n++] = base;
			break;
		default:
			break;
		}
		return n;
	}
	probe_key_dst(&k[0], &rx->src);
	switch (rx->proto) {
	case PKT_ICMP:
	case PKT_ICMP6:
		if (rx->icmp_type != ICMP4_ECHOREPLY &&
		    rx->icmp_type != ICMP4_TSTAMPREPLY &&
		    rx->icmp_type != ICMP6_ECHOREPLY)
			return 0;
		k[0].proto = rx->proto;
		k[0].a = rx->icmp_id;
		k[0].b = rx->icmp_seq;
		return 1;
	case PKT_TCP:
		/* ports swapped; a SYN-ACK or RST acknowledges seq + 1, and
		 * a RST answering an ACK carries the ACK's number as seq */
		k[0].proto = PKT_TCP;
		k[0].a = rx->dport;
		k[0].b = rx->sport;
		k[1] = k[0];
		k[2] = k[0];
		k[0].c = rx->tcp_ack - 1;
		k[1].c = rx->tcp_seq;
		k[2].c = 0;
		return 3;
	case PKT_UDP:
		k[0].proto = PKT_UDP;
		k[0].a = rx->dport;
		k[0].b = rx->sport;
		return 1;
	default:
		return 0;
	}
}
