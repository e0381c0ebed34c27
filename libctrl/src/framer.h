/*
 * framer.h: splitting a byte stream into length-prefixed frames, shared
 * by ctrl_rreader (remote.h) and ctrl_mux_reader (mux.h).  Whole frames
 * are handed out where they lie; only a partial one is copied, and its
 * buffer is released once it completes.
 */
#ifndef CTRL_FRAMER_H
#define CTRL_FRAMER_H

#include <stddef.h>
#include <stdint.h>

/* Check a whole header: 0 with the frame's total length in *total (at
 * least hdr_len), or -1 with *err. */
typedef int (*ctrl_framer_hdr_fn)(const uint8_t *hdr, size_t *total,
                                  void *arg, const char **err);

/* A whole frame, header first; non-zero stops feeding. */
typedef int (*ctrl_framer_frame_fn)(const uint8_t *frame, void *arg);

/*
 * One feed's view of a reader.  The partial frame stays in the reader's
 * own fields (pointed to here), so callbacks see them as they are.
 */
struct ctrl_framer {
	uint8_t            **buf;
	size_t              *have, *need, *cap;
	size_t               hdr_len;
	ctrl_framer_hdr_fn   hdr;
	ctrl_framer_frame_fn frame;
	void                *arg;
};

/* Returns 0 when all n bytes were consumed, 1 if frame() stopped it, or
 * -1 with *err. */
int ctrl_framer_feed(const struct ctrl_framer *f, const uint8_t *p,
                     size_t n, const char **err);

#endif
