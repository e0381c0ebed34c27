/*
 * remote_reader.c: splitting a byte stream into remote-protocol frames
 * (ctrl/remote.h), by way of framer.h.
 */
#include <stdlib.h>

#include "ctrl/remote.h"
#include "framer.h"

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

/* What one feed passes to the callbacks below. */
struct rfeed {
	const struct ctrl_rreader *r;
	ctrl_rframe_cb             cb;
	void                      *arg;
};

/* Check a complete header; the frame's total length in *total. */
static int check_hdr(const uint8_t *hdr, size_t *total, void *arg,
                     const char **err)
{
	const struct rfeed *x = arg;
	struct ctrl_rhdr h;
	unsigned max = x->r->max_len ? x->r->max_len : 65535;

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

static int deliver(const uint8_t *frame, void *arg)
{
	const struct rfeed *x = arg;
	struct ctrl_rhdr h;
	ctrl_rhdr_get(frame, &h);
	return x->cb(&h, frame + CTRL_RHDR_LEN, x->arg);
}

int ctrl_rreader_feed(struct ctrl_rreader *r, const uint8_t *p, size_t n,
                      ctrl_rframe_cb cb, void *arg, const char **err)
{
	struct rfeed x = { r, cb, arg };
	struct ctrl_framer f = {
		&r->buf, &r->have, &r->need, &r->cap,
		CTRL_RHDR_LEN, check_hdr, deliver, &x,
	};
	return ctrl_framer_feed(&f, p, n, err);
}
