/*
 * maps.h: the two small hash maps the encoder needs.
 *
 * wptrmap maps a list or cycle pointer to the id the encoder gave it; it
 * holds a reference to each key through the release callback's owner.
 * waddrmap maps an address to its index in the current record's address
 * table; clearing it between records is O(1) (a generation counter), so a
 * large record early in a file does not slow down every later one.
 */
#ifndef WARTS_MAPS_H
#define WARTS_MAPS_H

#include <stddef.h>
#include <stdint.h>

#include "warts/addr.h"

struct wptrmap_ent {
	const void *key;
	uint32_t    val;
};

struct wptrmap {
	struct wptrmap_ent *ent;
	size_t cap, n;      /* cap is a power of two, or 0 */
};

/* Value for key, or 0 if absent (ids are never 0). */
uint32_t wptrmap_get(const struct wptrmap *m, const void *key);
/* Insert or replace.  Returns 0, or -1 when out of memory. */
int wptrmap_put(struct wptrmap *m, const void *key, uint32_t val);
/* Remove key if present; returns 1 if it was there. */
int wptrmap_del(struct wptrmap *m, const void *key);
void wptrmap_free(struct wptrmap *m);

struct waddrmap_ent {
	uint32_t   gen;   /* entry is live when gen equals the map's */
	uint32_t   val;
	warts_addr key;
};

struct waddrmap {
	struct waddrmap_ent *ent;
	size_t   cap, n;
	uint32_t gen;
};

/* Index of a, or -1. */
long waddrmap_get(const struct waddrmap *m, const warts_addr *a);
int waddrmap_put(struct waddrmap *m, const warts_addr *a, uint32_t val);
void waddrmap_clear(struct waddrmap *m);
void waddrmap_free(struct waddrmap *m);

#endif
