/*
 * ctrl/mux_client.h: vantage points (VPs) behind sc_remoted's
 * multiplexed socket (sc_remoted -M path), for any driver.
 *
 * A ctrl_mux_client is one connection to that socket.  Over it,
 * sc_remoted tells which VPs are connected, with their metadata (a
 * VP_UPDATE for each, then GO once the first list is complete; later
 * arrivals, changes and departures as they happen), and carries any
 * number of channels, each one control session with one VP.  A channel
 * is opened by connecting an ordinary ctrl_client to it
 * (ctrl_client_connect_mux): that client is then used exactly like one
 * from ctrl_client_connect_* (submit, results, done, closed), except that
 * it is already attached (as on a per-VP socket, sc_remoted attached it:
 * warts only, nothing is sent before the first command).  Many channels,
 * to one VP or to many, share the one connection.
 *
 * The callbacks, all optional but closed:
 *
 *   vp      a VP arrived (CTRL_MUX_VP_NEW), its metadata changed
 *           (CTRL_MUX_VP_CHANGED: the update replaces all it had), or it
 *           departed (CTRL_MUX_VP_GONE: vp is valid during the call only).
 *           Channels to a VP that departs end first: their clients'
 *           commands not finished end CTRL_CMD_LOST.
 *   go      the first list is complete: the VPs connected when we came
 *           are known (a good time to pick some)
 *   closed  the connection to sc_remoted is over (it closed, failed or
 *           sent what the protocol does not allow): err says why.  Every
 *           channel's client has ended before (pending commands lost).
 *           Free the mux client here or later.
 *
 * A channel ends when sc_remoted closes it (CHANNEL_CLOSE, once the VP
 * answered `done`, or when the VP goes): its client's closed() follows,
 * NULL when the session ended as asked.  A channel ends from this side
 * when its client is freed (or ends on an error): a CHANNEL_CLOSE is
 * sent (scamper 2026's sc_remoted ignores it; end the VP's work with
 * ctrl_client_done first) and what still comes on it is dropped.
 *
 * Example: list the VPs, then ping 192.0.2.1 from the one named "hlz1"
 * (a monitor name, or a shortname from sc_remoted's meta file):
 *
 *   static void on_go(ctrl_mux_client *m, void *arg)
 *   {
 *           struct job *j = arg;     // holds a ctrl_client c, a ctrl_cmd
 *           const struct ctrl_mux_vp *vp;
 *           struct ctrl_error err;
 *
 *           for (size_t i = 0; i < ctrl_mux_client_nvps(m); i++)
 *                   printf("%s\n", ctrl_mux_client_vp(m, i)->name);
 *           if (ctrl_mux_client_find(m, "hlz1", &vp, &err) != 0 ||
 *               ctrl_client_connect_mux(j->c, m, vp->id, &err) != 0 ||
 *               ctrl_client_submit(j->c, &j->cmd, &err) != 0)
 *                   fprintf(stderr, "%s\n", err.msg);
 *           ctrl_client_done(j->c);
 *   }
 *
 *   m = ctrl_mux_client_new(loop, &mux_ops, NULL, &job);
 *   if (ctrl_mux_client_connect(m, "/run/remoted/mux", &err) != 0) ...
 *   ctrl_loop_run(loop);
 *
 * Bounded memory: the frame being received (at most opts.max_frame
 * bytes), per channel a partial line (at most 64 KB), output the socket
 * has not taken (at most 4 MB, past which the connection ends), and the
 * VP list (at most opts.max_vps VPs, each its metadata).  A frame that
 * breaks the protocol ends the connection with CTRL_ERR_PROTOCOL, naming
 * what was wrong.  No global state: one loop may hold several.
 */
#ifndef CTRL_MUX_CLIENT_H
#define CTRL_MUX_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "ctrl/client.h"
#include "ctrl/loop.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ctrl_mux_client ctrl_mux_client;

/* One attribute of a VP as sc_remoted sent it: attr is a
 * CTRL_MUX_ATTR_* of ctrl/mux.h (ctrl_mux_attr_name gives its key). */
struct ctrl_mux_vp_attr {
	int         attr;
	const char *value;
};

/*
 * A VP and its metadata.  Every string is NULL when sc_remoted did not
 * send it; the first three come from the VP's connection, the rest from
 * sc_remoted's meta file (-m).  Valid until the VP's next update or
 * departure, or the mux client is freed.
 */
struct ctrl_mux_vp {
	uint32_t    id;         /* sc_remoted's number for it */
	const char *name;       /* monitor name (scamper -M) */
	const char *arrival;    /* when it connected, "sec.usec" */
	const char *ipv4;       /* its address as seen: "192.0.2.7" */
	const char *ipv6;
	const char *asn4;       /* the meta file's asn4, asn6, cc, ... */
	const char *asn6;
	const char *cc;
	const char *st;
	const char *place;
	const char *latlong;
	const char *shortname;
	const char *iata;
	const char *const *tags;   /* every tag, in order */
	size_t      ntags;
	/* every attribute as received, in order, unknown ones included */
	const struct ctrl_mux_vp_attr *attrs;
	size_t      nattrs;
};

enum ctrl_mux_vp_event {
	CTRL_MUX_VP_NEW = 1,
	CTRL_MUX_VP_CHANGED,
	CTRL_MUX_VP_GONE,
};

/* The callbacks: see above.  Any may free the mux client or any of its
 * channels' clients. */
struct ctrl_mux_client_ops {
	void (*vp)(ctrl_mux_client *m, const struct ctrl_mux_vp *vp,
	           int event, void *arg);
	void (*go)(ctrl_mux_client *m, void *arg);
	void (*closed)(ctrl_mux_client *m, const struct ctrl_error *err,
	               void *arg);
};

struct ctrl_mux_client_opts {
	size_t max_frame;   /* longest frame payload accepted (default 1 MB) */
	size_t max_vps;     /* most VPs listed at once (default 100000) */
};

/* A mux client on loop l, not yet connected; opts may be NULL.  Returns
 * NULL when out of memory, or EINVAL without a closed callback. */
ctrl_mux_client *ctrl_mux_client_new(ctrl_loop *l,
                                     const struct ctrl_mux_client_ops *ops,
                                     const struct ctrl_mux_client_opts *opts,
                                     void *arg);

/*
 * Connect to sc_remoted's multiplexed socket at path, or take fd, a
 * connected stream socket (the mux client owns it from now on).  Returns
 * 0, or -1 with err (CTRL_ERR_CONNECT naming the path, CTRL_ERR_USAGE
 * when already connected).  A mux client is connected once.
 */
int ctrl_mux_client_connect(ctrl_mux_client *m, const char *path,
                            struct ctrl_error *err);
int ctrl_mux_client_open_fd(ctrl_mux_client *m, int fd,
                            struct ctrl_error *err);

/* 1 once GO came (the first list is complete), else 0. */
int ctrl_mux_client_ready(const ctrl_mux_client *m);

/* The VPs connected, in the order they arrived: i from 0 to nvps - 1. */
size_t ctrl_mux_client_nvps(const ctrl_mux_client *m);
const struct ctrl_mux_vp *ctrl_mux_client_vp(const ctrl_mux_client *m,
                                             size_t i);
/* The VP of that id, or NULL. */
const struct ctrl_mux_vp *ctrl_mux_client_vp_byid(const ctrl_mux_client *m,
                                                  uint32_t id);

/*
 * The one VP whose monitor name is name or, if none has, whose
 * shortname is.  Returns 0 with *vp, or -1 with err: no such VP (the
 * message names those connected) or more than one.
 */
int ctrl_mux_client_find(const ctrl_mux_client *m, const char *name,
                         const struct ctrl_mux_vp **vp,
                         struct ctrl_error *err);

/* Channels open, to any VP. */
size_t ctrl_mux_client_nchannels(const ctrl_mux_client *m);

/*
 * Open a channel to VP vp_id and connect client c (new, from
 * ctrl_client_new) over it, already attached.  Its peer, in messages, is
 * "VP name" (or "VP #id" without a name).  Returns 0 (c is ready:
 * commands submitted are sent as the VP asks), or -1 with err: no such
 * VP, the mux connection is over, or c has connected before.
 */
int ctrl_client_connect_mux(ctrl_client *c, ctrl_mux_client *m,
                            uint32_t vp_id, struct ctrl_error *err);

/*
 * Close the connection and free the mux client.  The clients of its
 * channels end now (their closed() with the reason, pending commands
 * CTRL_CMD_LOST); the mux client's closed() is not called.  Safe inside
 * any callback.
 */
void ctrl_mux_client_free(ctrl_mux_client *m);

#ifdef __cplusplus
}
#endif

#endif
