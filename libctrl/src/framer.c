/*
 * framer.c: splitting a byte stream into length-prefixed frames
 * (framer.h).
 */
#include <stdlib.h>
#include <string.h>

#include "framer.h"

static int hold(const struct ctrl_framer *f, const uint8_t *p, size_t n,
                size_t cap, const char **err)
{
	if (cap > *f->cap) {
		uint8_t *b = realloc(*f->buf, cap);
		if (b == NULL) {
			*err = "out of memory";
			return -1;
		}
		*f->buf = b;
		*f->cap = cap;
	}
	memcpy(*f->buf + *f->have, p, n);
	*f->have += n;
	return 0;
}

int ctrl_framer_feed(const struct ctrl_framer *f, const uint8_t *p,
                     size_t n, const char **err)
{
	size_t hl = f->hdr_len, total, take;

	/* finish a held frame first */
	while (*f->have > 0 && n > 0) {
		if (*f->have < hl) {
			take = hl - *f->have;
			if (take > n)
				take = n;
			if (hold(f, p, take, hl, err))
				return -1;
			p += take;
			n -= take;
			if (*f->have < hl)
				return 0;
			if (f->hdr(*f->buf, &total, f->arg, err))
				return -1;
			*f->need = total;
		}
		take = *f->need - *f->have;
		if (take > n)
			take = n;
		if (hold(f, p, take, *f->need, err))
			return -1;
		p += take;
		n -= take;
		if (*f->have == *f->need) {
			uint8_t *frame = *f->buf;
			int stop;
			*f->buf = NULL;
			*f->have = *f->need = *f->cap = 0;
			stop = f->frame(frame, f->arg);
			free(frame);
			if (stop)
				return 1;
		}
	}

	while (n > 0) {
		if (n < hl)
			return hold(f, p, n, hl, err);
		if (f->hdr(p, &total, f->arg, err))
			return -1;
		if (n < total) {
			*f->need = total;
			return hold(f, p, n, total, err);
		}
		if (f->frame(p, f->arg))
			return 1;
		p += total;
		n -= total;
	}
	return 0;
}
