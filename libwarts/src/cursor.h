/*
 * cursor.h: the one way bytes of a record are read.
 *
 * A cursor walks a byte range.  Every read checks the range; a read that
 * would pass its end records an error in the decoder (once: the first
 * error wins) and returns -1, so decoders propagate failure with a plain
 * `if (wc_u16(c, &v) != 0) return -1;` and never touch memory outside the
 * record.
 */
#ifndef WARTS_CURSOR_H
#define WARTS_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#include "warts/addr.h"
#include "warts/timeval.h"

struct wdec;

struct wcur {
	const uint8_t *p;    /* next byte to read */
	const uint8_t *end;  /* one past the last byte this cursor may read */
	struct wdec   *d;    /* decoder that receives errors */
};

/* Bytes left before the cursor's end. */
static inline size_t wc_left(const struct wcur *c)
{
	return (size_t)(c->end - c->p);
}

/* A cursor over the next n bytes of c, and advance c past them. */
int wc_sub(struct wcur *c, size_t n, struct wcur *sub);

/* Record that n bytes were needed and fewer are left; returns -1. */
int wc_short(struct wcur *c, size_t need);

/*
 * The fixed-width reads are inline: decoding is dominated by them, and
 * the check is one comparison.  Numbers are big-endian (warts(5)).
 */
static inline int wc_u8(struct wcur *c, uint8_t *v)
{
	if (c->p >= c->end) {
		wc_short(c, 1);
		return -1;
	}
	*v = *c->p++;
	return 0;
}

static inline int wc_u16(struct wcur *c, uint16_t *v)
{
	if (c->end - c->p < 2) {
		wc_short(c, 2);
		return -1;
	}
	*v = (uint16_t)((c->p[0] << 8) | c->p[1]);
	c->p += 2;
	return 0;
}

static inline uint32_t wc_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static inline int wc_u32(struct wcur *c, uint32_t *v)
{
	if (c->end - c->p < 4) {
		wc_short(c, 4);
		return -1;
	}
	*v = wc_get32(c->p);
	c->p += 4;
	return 0;
}

static inline int wc_tv(struct wcur *c, warts_tv *v)
{
	if (c->end - c->p < 8) {
		wc_short(c, 8);
		return -1;
	}
	v->sec = wc_get32(c->p);
	v->usec = wc_get32(c->p + 4);
	c->p += 8;
	return 0;
}

int wc_skip(struct wcur *c, size_t n);

/* Point *out at the next n bytes and advance past them. */
int wc_bytes(struct wcur *c, size_t n, const uint8_t **out);

/* Copy the next n bytes into a new allocation (NULL when n is 0). */
int wc_memdup(struct wcur *c, size_t n, uint8_t **out);

/*
 * A NUL-terminated string: *out is a new copy, and the cursor moves past
 * the NUL.  A string with no NUL before the cursor's end is an error.
 */
int wc_str(struct wcur *c, char **out);

/* As wc_str, but *out points into the record instead of being copied. */
int wc_strref(struct wcur *c, const char **out);

/* An address in the per-record table's form: a definition or reference. */
int wc_addr(struct wcur *c, warts_addr *a);

/* A static address: always a definition, never entered in the table. */
int wc_saddr(struct wcur *c, warts_addr *a);

/* A deprecated global address id (u32; 0 means none). */
int wc_gid(struct wcur *c, warts_addr *a);

/*
 * Allocate a zeroed array of n elements of size elem for a count read from
 * the file, after checking that the rest of the cursor could hold n
 * elements of at least min_bytes each, so that no length field can make
 * the reader allocate more than the record's size justifies.  *out is
 * NULL when n is 0.
 */
int wc_array(struct wcur *c, uint32_t n, size_t elem, size_t min_bytes,
             void **out);

#endif
