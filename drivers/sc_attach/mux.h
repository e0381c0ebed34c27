/*
 * mux.h: sc_attach's use of sc_remoted's multiplexed socket (sc_remoted
 * -M), through libctrl's mux client (ctrl/mux_client.h): -M path -l
 * lists the vantage points (VPs) with their metadata, -M path -V name
 * connects the client to the VP of that monitor name (or, failing that,
 * shortname from sc_remoted's meta file) over a channel.
 */
#ifndef SC_ATTACH_MUX_H
#define SC_ATTACH_MUX_H

#include <stddef.h>
#include <stdio.h>

#include "ctrl/client.h"
#include "ctrl/loop.h"

struct mux;

/*
 * Called at most once: listing, when the list is printed (err NULL) or
 * could not be had; attaching, when no channel could be opened (no such
 * VP, the socket failed or spoke nonsense, no list within 10 s).  Once
 * the channel is open the client reports the end itself, and this is
 * not called.  The mux may be freed here or later.
 */
typedef void (*mux_end_cb)(struct mux *m, const char *err, void *arg);

/*
 * Connect to the mux socket at path.  With vp NULL, print the VPs to
 * out once the list is complete; else connect client c (new, from
 * ctrl_client_new) to the VP named vp once the list is complete.
 * Returns NULL with a message in err.
 */
struct mux *mux_open(ctrl_loop *l, const char *path, const char *vp,
                     FILE *out, ctrl_client *c, mux_end_cb cb, void *arg,
                     char *err, size_t errlen);

/* Close the mux socket; the client, if connected, ends (its closed()
 * is called).  No mux callback follows. */
void mux_free(struct mux *m);

#endif
