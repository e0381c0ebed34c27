/*
 * maps.c: open-addressing hash maps with linear probing.
 */
#include <stdlib.h>
#include <string.h>

#include "maps.h"

static size_t ptr_hash(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

static size_t ptr_slot(const struct wptrmap *m, const void *key)
{
	size_t mask = m->cap - 1, i = ptr_hash(key) & mask;
	while (m->ent[i].key != NULL && m->ent[i].key != key)
		i = (i + 1) & mask;
	return i;
}

uint32_t wptrmap_get(const struct wptrmap *m, const void *key)
{
	if (m->cap == 0)
		return 0;
	return m->ent[ptr_slot(m, key)].val;
}

static int ptr_grow(struct wptrmap *m)
{
	struct wptrmap old = *m;
	size_t cap = m->cap ? m->cap * 2 : 16, i;
	if ((m->ent = calloc(cap, sizeof(*m->ent))) == NULL) {
		*m = old;
		return -1;
	}
	m->cap = cap;
	for (i = 0; i < old.cap; i++)
		if (old.ent[i].key != NULL)
			m->ent[ptr_slot(m, old.ent[i].key)] = old.ent[i];
	free(old.ent);
	return 0;
}

int wptrmap_put(struct wptrmap *m, const void *key, uint32_t val)
{
	size_t i;
	if ((m->n + 1) * 2 > m->cap && ptr_grow(m) != 0)
		return -1;
	i = ptr_slot(m, key);
	if (m->ent[i].key == NULL)
		m->n++;
	m->ent[i].key = key;
	m->ent[i].val = val;
	return 0;
}

int wptrmap_del(struct wptrmap *m, const void *key)
{
	size_t mask, i, j;
	if (m->cap == 0)
		return 0;
	mask = m->cap - 1;
	i = ptr_slot(m, key);
	if (m->ent[i].key == NULL)
		return 0;
	m->ent[i].key = NULL;
	m->ent[i].val = 0;
	m->n--;
	/* re-insert the rest of the cluster so that lookups still find it */
	for (j = (i + 1) & mask; m->ent[j].key != NULL; j = (j + 1) & mask) {
		struct wptrmap_ent e = m->ent[j];
		m->ent[j].key = NULL;
		m->ent[j].val = 0;
		m->ent[ptr_slot(m, e.key)] = e;
	}
	return 1;
}

void wptrmap_free(struct wptrmap *m)
{
	free(m->ent);
	memset(m, 0, sizeof(*m));
}

static size_t addr_hash(const warts_addr *a)
{
	/* FNV-1a over the type and the bytes that matter */
	size_t n = warts_addr_len(a->type), i;
	uint64_t h = 0xcbf29ce484222325ULL ^ a->type;
	h *= 0x100000001b3ULL;
	for (i = 0; i < n; i++) {
		h ^= a->bytes[i];
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

static int addr_eq(const warts_addr *a, const warts_addr *b)
{
	return a->type == b->type &&
	       memcmp(a->bytes, b->bytes, warts_addr_len(a->type)) == 0;
}

static size_t addr_slot(const struct waddrmap *m, const warts_addr *a)
{
	size_t mask = m->cap - 1, i = addr_hash(a) & mask;
	while (m->ent[i].gen == m->gen && !addr_eq(&m->ent[i].key, a))
		i = (i + 1) & mask;
	return i;
}

long waddrmap_get(const struct waddrmap *m, const warts_addr *a)
{
	size_t i;
	if (m->cap == 0)
		return -1;
	i = addr_slot(m, a);
	return m->ent[i].gen == m->gen ? (long)m->ent[i].val : -1;
}

static int addr_grow(struct waddrmap *m)
{
	struct waddrmap old = *m;
	size_t cap = m->cap ? m->cap * 2 : 64, i;
	if ((m->ent = calloc(cap, sizeof(*m->ent))) == NULL) {
		*m = old;
		return -1;
	}
	m->cap = cap;
	m->gen = 1;
	for (i = 0; i < old.cap; i++)
		if (old.ent[i].gen == old.gen) {
			size_t s = addr_slot(m, &old.ent[i].key);
			m->ent[s] = old.ent[i];
			m->ent[s].gen = 1;
		}
	free(old.ent);
	return 0;
}

int waddrmap_put(struct waddrmap *m, const warts_addr *a, uint32_t val)
{
	size_t i;
	if ((m->n + 1) * 2 > m->cap && addr_grow(m) != 0)
		return -1;
	i = addr_slot(m, a);
	if (m->ent[i].gen != m->gen)
		m->n++;
	m->ent[i].gen = m->gen;
	m->ent[i].key = *a;
	m->ent[i].val = val;
	return 0;
}

void waddrmap_clear(struct waddrmap *m)
{
	m->n = 0;
	if (m->cap == 0)
		return;
	if (++m->gen == 0) {
		/* the counter wrapped: stale entries could look live again */
		memset(m->ent, 0, m->cap * sizeof(*m->ent));
		m->gen = 1;
	}
}

void waddrmap_free(struct waddrmap *m)
{
	free(m->ent);
	memset(m, 0, sizeof(*m));
}
