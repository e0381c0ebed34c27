/*
 * buf.h: a growable byte buffer that encoders append to.
 *
 * Appends never fail from the caller's point of view: an allocation
 * failure sets buf->oom, later appends do nothing, and the encoder checks
 * oom once when the record is complete.
 */
#ifndef WARTS_BUF_H
#define WARTS_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "warts/timeval.h"

struct wbuf {
	uint8_t *data;
	size_t   len;
	size_t   cap;
	int      oom;
};

void wb_init(struct wbuf *b);
void wb_free(struct wbuf *b);

/* wb_reserve's slow path: grow the buffer (doubling) to hold n more. */
uint8_t *wb_grow(struct wbuf *b, size_t n);

/* Make room for n more bytes; returns a pointer to them, or NULL.  The
 * appends below are inline: an encoder makes one for every field, and
 * the room is nearly always there. */
static inline uint8_t *wb_reserve(struct wbuf *b, size_t n)
{
	if (n <= b->cap - b->len && b->data != NULL && !b->oom)
		return b->data + b->len;
	return wb_grow(b, n);
}

static inline void wb_u8(struct wbuf *b, uint8_t v)
{
	uint8_t *d = wb_reserve(b, 1);
	if (d == NULL)
		return;
	d[0] = v;
	b->len += 1;
}

static inline void wb_u16(struct wbuf *b, uint16_t v)
{
	uint8_t *d = wb_reserve(b, 2);
	if (d == NULL)
		return;
	d[0] = (uint8_t)(v >> 8);
	d[1] = (uint8_t)v;
	b->len += 2;
}

static inline void wb_u32(struct wbuf *b, uint32_t v)
{
	uint8_t *d = wb_reserve(b, 4);
	if (d == NULL)
		return;
	d[0] = (uint8_t)(v >> 24);
	d[1] = (uint8_t)(v >> 16);
	d[2] = (uint8_t)(v >> 8);
	d[3] = (uint8_t)v;
	b->len += 4;
}

void wb_bytes(struct wbuf *b, const void *p, size_t n);
void wb_tv(struct wbuf *b, const warts_tv *tv);
void wb_str(struct wbuf *b, const char *s); /* with its NUL */

/* Overwrite bytes already written (for lengths known only afterwards). */
void wb_put_u16(struct wbuf *b, size_t at, uint16_t v);
void wb_put_u32(struct wbuf *b, size_t at, uint32_t v);

static inline uint16_t w_get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t w_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

#endif
