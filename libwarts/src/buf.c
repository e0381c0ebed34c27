/*
 * buf.c: the encoders' output buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void wb_init(struct wbuf *b)
{
	memset(b, 0, sizeof(*b));
}

void wb_free(struct wbuf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

uint8_t *wb_grow(struct wbuf *b, size_t n)
{
	if (b->oom)
		return NULL;
	if (n > b->cap - b->len || b->data == NULL) {
		size_t cap = b->cap ? b->cap : 256;
		uint8_t *p;
		while (n > cap - b->len) {
			if (cap > SIZE_MAX / 2) {
				b->oom = 1;
				return NULL;
			}
			cap *= 2;
		}
		if ((p = realloc(b->data, cap)) == NULL) {
			b->oom = 1;
			return NULL;
		}
		b->data = p;
		b->cap = cap;
	}
	return b->data + b->len;
}

void wb_bytes(struct wbuf *b, const void *p, size_t n)
{
	uint8_t *d;
	if (n == 0 || (d = wb_reserve(b, n)) == NULL)
		return;
	memcpy(d, p, n);
	b->len += n;
}

void wb_tv(struct wbuf *b, const warts_tv *tv)
{
	wb_u32(b, tv->sec);
	wb_u32(b, tv->usec);
}

void wb_str(struct wbuf *b, const char *s)
{
	wb_bytes(b, s, strlen(s) + 1);
}

void wb_put_u16(struct wbuf *b, size_t at, uint16_t v)
{
	if (b->oom || at + 2 > b->len)
		return;
	b->data[at] = (uint8_t)(v >> 8);
	b->data[at + 1] = (uint8_t)v;
}

void wb_put_u32(struct wbuf *b, size_t at, uint32_t v)
{
	if (b->oom || at + 4 > b->len)
		return;
	b->data[at] = (uint8_t)(v >> 24);
	b->data[at + 1] = (uint8_t)(v >> 16);
	b->data[at + 2] = (uint8_t)(v >> 8);
	b->data[at + 3] = (uint8_t)v;
}
