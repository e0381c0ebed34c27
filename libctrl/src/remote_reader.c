/*
 * remote_reader.c: splitting a byte stream into remote-protocol frames
 * (ctrl/remote.h).  Whole frames are handed out where they lie; only a
 * partial one is copied, and its buffer is released once it completes.
 */
#include <stdlib.h>
#include <string.h>

#include "ctrl/remote.h"

size_t ctrl_rreader_held(const struct ctrl_rreader *r)
{
	return r->have;
}

void ctrl_rreader_clear(struct ctrl_rreader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->have = r->need = r->cap = 0;
}

/* Check a complete header; the frame's total length in *total. */
static int check_hdr(const struct ctrl_rreader *r, const uint8_t *hdr,
                     size_t *total, const char **err)
{
	struct ctrl_rhdr h;
	unsigned max = r->max_len ? r->max_len : 65535;

	ctrl_rhdr_get(hdr, &h);
	if (h.len == 0) {
		*err = "frame of length 0";
		return -1;
	}
	if (h.len > max) {
		*err = "frame longer than allowed";
		return -1;
	}
	*total = CTRL_RHDR_LEN + (size_t)h.len;
	return 0;
}

static int hold(struct ctrl_rreader *r, const uint8_t *p, size_t n,
                size_t cap, const char **err)
{
	if (cap > r->cap) {
		uint8_t *b = realloc(r->buf, cap);
		if (b == NULL) {
			*err = "out of memory";
			return -1;
		}
		r->buf = b;
		r->cap = cap;
	}
	memcpy(r->buf + r->have, p, n);
	r->have += n;
	return 0;
}

static int deliver(const uint8_t *frame, ctrl_rframe_cb cb, void *arg)
{
	struct ctrl_rhdr h;
	ctrl_rhdr_get(frame, &h);
	return cb(&h, frame + CTRL_RHDR_LEN, arg);
}

int ctrl_rreader_feed(struct ctrl_rreader *r, const uint8_t *p, size_t n,
                      ctrl_rframe_cb cb, void *arg, const char **err)
{
	size_t total, take;

	/* finish a held frame first */
	while (r->have > 0 && n > 0) {
		if (r->have < CTRL_RHDR_LEN) {
			take = CTRL_RHDR_LEN - r->have;
			if (take > n)
				take = n;
			if (hold(r, p, take, CTRL_RHDR_LEN, err))
				return -1;
			p += take;
			n -= take;
			if (r->have < CTRL_RHDR_LEN)
				return 0;
			if (check_hdr(r, r->buf, &total, err))
				return -1;
			r->need = total;
		}
		take = r->need - r->have;
		if (take > n)
			take = n;
		if (hold(r, p, take, r->need, err))
			return -1;
		p += take;
		n -= take;
		if (r->have == r->need) {
			uint8_t *frame = r->buf;
			int stop;
			r->buf = NULL;
			r->have = r->need = r->cap = 0;
			stop = deliver(frame, cb, arg);
			free(frame);
			if (stop)
				return 1;
		}
	}

	while (n > 0) {
		if (n < CTRL_RHDR_LEN)
			return hold(r, p, n, CTRL_RHDR_LEN, err);
		if (check_hdr(r, p, &total, err))
			return -1;
		if (n < total) {
			r->need = total;
			return hold(r, p, n, total, err);
		}
		if (deliver(p, cb, arg)) {
			return 1;
		}
		p += total;
		n -= total;
	}
	return 0;
}
