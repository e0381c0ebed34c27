/*
 * mux.h: reaching a vantage point (VP) by name through sc_remoted's
 * multiplexed socket (sc_remoted -M), for sc_attach -M path -V name,
 * and listing the VPs there (-M path -l).
 *
 * A relay reads the VP list sc_remoted sends on connecting (VP_UPDATE
 * messages up to GO).  To list, it prints every VP with its metadata and
 * ends.  To attach, it picks the VP whose monitor name (or, failing that,
 * whose shortname from sc_remoted's meta file) is the name asked, opens
 * a channel to it, and passes that channel's bytes to and from *fd, one
 * end of a socket pair whose other end a ctrl_client takes as an already
 * attached connection (ctrl_client_open_fd).  The client's end sees the
 * end of the stream when sc_remoted closes the channel (after `done` is
 * answered, or when the VP goes).
 */
#ifndef SC_ATTACH_MUX_H
#define SC_ATTACH_MUX_H

#include <stddef.h>
#include <stdio.h>

#include "ctrl/loop.h"

struct mux;

/*
 * Called once when the relay is over: err NULL when it ended as it
 * should (the list printed; the channel closed by sc_remoted, or the
 * client's end closed), else why, as one line.  The relay may be freed
 * then or later.
 */
typedef void (*mux_end_cb)(struct mux *m, const char *err, void *arg);

/*
 * Connect to the mux socket at path.  With list set, print the VPs to
 * out once the list is complete; else open a channel to the VP named vp
 * and store the client's end of the socket pair in *fd (owned by the
 * caller, who gives it to the client).  Returns NULL with a message in
 * err.
 */
struct mux *mux_open(ctrl_loop *l, const char *path, const char *vp,
                     int list, FILE *out, int *fd, mux_end_cb cb, void *arg,
                     char *err, size_t errlen);

/* Close the mux socket and this end of the pair; no callback follows. */
void mux_free(struct mux *m);

#endif
