/*
 * ctrl/rlink.h: one remote-protocol connection on the event loop, for
 * either end (sc_remoted accepting a VP, or a prober's `-R` connecting
 * out): the socket, TLS if any, frame reading, bounded output, the
 * keepalive and dead-link timers, and the sequencing of a session.
 *
 * A link starts without a session: it delivers control messages only
 * (the MASTER_* exchange): channel data, or a frame longer than the
 * longest control message, is an error.  Once the
 * owner attaches a session (ctrl/remote.h), the link checks every
 * sequence number and acknowledgement, acknowledges what it receives,
 * and sends KEEPALIVEs; the session outlives the link, so a VP that
 * reconnects can resume it on a new link.
 *
 *   static const struct ctrl_rlink_ops ops = { .control = on_control,
 *           .data = on_data, .closed = on_closed };
 *   ctrl_rlink *k = ctrl_rlink_new(loop, fd, tls, &ops, vp, NULL);
 *   ...on MASTER_NEW: ctrl_rlink_attach(k, &vp->sess);
 *   ctrl_rlink_send_data(k, channel, bytes, n);
 *
 * Memory: while idle a link holds its struct and nothing else; a partial
 * frame or output the socket did not take is held only until it is
 * complete or sent (plus OpenSSL's state for a TLS link).
 *
 * The owner may free the link from inside any of its callbacks.
 */
#ifndef CTRL_RLINK_H
#define CTRL_RLINK_H

#include <stddef.h>
#include <stdint.h>

#include "ctrl/loop.h"
#include "ctrl/remote.h"
#include "ctrl/tls.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ctrl_rlink ctrl_rlink;

struct ctrl_rlink_ops {
	/* Optional: the TLS handshake finished (and verified). */
	void (*ready)(ctrl_rlink *k, void *arg);

	/* A control message.  With a session attached, sequenced ones
	 * (CHANNEL_NEW/FIN) have been checked and acknowledged, and ACKs
	 * and KEEPALIVEs are handled here and not delivered. */
	void (*control)(ctrl_rlink *k, const struct ctrl_rmsg *m, void *arg);

	/* Channel data (session attached; checked and acknowledged). */
	void (*data)(ctrl_rlink *k, uint32_t channel, const uint8_t *p,
	             size_t len, void *arg);

	/* Optional: an ACK freed a pending message (room to send more). */
	void (*acked)(ctrl_rlink *k, void *arg);

	/*
	 * The link is over, with the reason as text ("connection closed by
	 * peer", "no message received in 60 s", "sequence out of order:
	 * 7 where 5 was expected", a TLS error, ...).  Called once, from the
	 * loop; the owner frees the link (the session is not touched).
	 */
	void (*closed)(ctrl_rlink *k, const char *why, void *arg);
};

struct ctrl_rlink_limits {
	uint64_t keepalive_us;  /* KEEPALIVE after this long without
	                           sending (default 30 s) */
	uint64_t dead_us;       /* close after this long without receiving
	                           (default 60 s) */
	uint64_t first_us;      /* ... until the first message arrives,
	                           TLS handshake included (default 60 s;
	                           sc_remoted uses 30 s) */
	size_t   max_queue;     /* most output bytes held (default 8 MB) */
	uint16_t max_frame;     /* longest payload accepted (default 65535) */
};

/*
 * A link on a connected socket (made non-blocking), owning fd and tls
 * (NULL for plaintext; the handshake runs before anything is read, and
 * output sent meanwhile waits for it).  Returns NULL (errno) on failure,
 * when fd and tls remain the caller's.
 */
ctrl_rlink *ctrl_rlink_new(ctrl_loop *l, int fd, ctrl_tls *tls,
                           const struct ctrl_rlink_ops *ops, void *arg,
                           const struct ctrl_rlink_limits *limits);

/* Close at once, dropping queued output; no callback follows. */
void ctrl_rlink_free(ctrl_rlink *k);

/* Hand the link to another owner (a controller moving a new connection
 * onto the session it resumes).  Safe from inside a callback. */
void ctrl_rlink_set_owner(ctrl_rlink *k, const struct ctrl_rlink_ops *ops,
                          void *arg);

/* Start (or stop, with NULL) sequencing with session s. */
void ctrl_rlink_attach(ctrl_rlink *k, struct ctrl_rsess *s);
struct ctrl_rsess *ctrl_rlink_session(const ctrl_rlink *k);

/*
 * Send a control message.  CHANNEL_NEW and CHANNEL_FIN need a session
 * and are kept until acknowledged; the rest are written as they are.
 * Returns 0, or -1 (errno: EINVAL, ENOBUFS when the output is full, which
 * also closes the link, EPIPE once it is closing).
 */
int ctrl_rlink_send_control(ctrl_rlink *k, const struct ctrl_rmsg *m);

/* Send channel data (1..65535 bytes) through the session; as above. */
int ctrl_rlink_send_data(ctrl_rlink *k, uint32_t channel, const void *p,
                         size_t len);

/* Write again every message the session holds unacknowledged, oldest
 * first (after ctrl_rsess_resume_tx).  Returns 0 or -1 as above. */
int ctrl_rlink_retransmit(ctrl_rlink *k);

/* Close once the queued output is written (closed "finished"). */
void ctrl_rlink_finish(ctrl_rlink *k);

/* Stop reading (1) or read again (0).  While paused the peer's silence
 * is not counted against dead_us (its messages wait unread); keepalives
 * are still sent. */
void ctrl_rlink_pause(ctrl_rlink *k, int paused);

size_t ctrl_rlink_queued(const ctrl_rlink *k);
int ctrl_rlink_fd(const ctrl_rlink *k);
ctrl_tls *ctrl_rlink_tls(const ctrl_rlink *k);
int ctrl_rlink_ready(const ctrl_rlink *k);   /* handshake done */

#ifdef __cplusplus
}
#endif

#endif
