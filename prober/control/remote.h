/*
 * remote.h: the prober as a vantage point of a remote controller
 * (scamper -R host:port, sc_remoted(1) at the other end).
 *
 * The prober connects out to the controller, over TLS unless told
 * otherwise, and announces itself with its monitor name (-M).  The
 * controller then opens channels: each channel is served exactly as a
 * control-socket client that has attached (control.h), in warts, with
 * its own list named "<id>_<n>" (id as the controller named us, n
 * counting channels from 0).  The protocol is ctrl/remote.h's.
 *
 *   struct remote_opts ro = { .spec = "ctl.example:31337",
 *                             .monitor = "vp1", .cafile = "ca.pem" };
 *   struct remote *r = remote_new(&ro, err, sizeof(err));  // as root
 *   ... drop privileges, make the loop, the prober, control_start ...
 *   remote_start(r, ctl, &prober);
 *   prober_run(&prober);
 *   remote_free(r);                          // before control_free
 *
 * The link is kept up: a KEEPALIVE after keepalive seconds without
 * sending, the link given up after twice that without receiving, and a
 * new connection after 1-2 s, doubling after every failed attempt up to
 * a minute.  The session (its magic, its sequence numbers, and every
 * message the controller has not acknowledged) outlives a connection:
 * the next one resumes it (MASTER_RES), and what the controller missed
 * is sent again, so no result is lost or repeated as long as the
 * controller still holds the session (sc_remoted -Z).  If it no longer
 * does (MASTER_REJ), the channels are closed, their measurements
 * halted, and a new session begins.
 *
 * Measurements go on while the link is down; their results wait in the
 * session.  Once hold_bytes of them wait unacknowledged, no further
 * measurement of a remote channel is started (their commands stay
 * queued) until the controller has acknowledged all but half of that;
 * the measurements already running finish and their results are kept
 * too.  Nothing is dropped to stay within the bound.
 */
#ifndef PROBER_CONTROL_REMOTE_H
#define PROBER_CONTROL_REMOTE_H

#include <stddef.h>

struct control;
struct prober;
struct remote;

struct remote_opts {
	const char *spec;         /* -R: "host:port", "[v6addr]:port" */
	const char *monitor;      /* -M: announced; NULL for none */
	int         notls;        /* -O notls-remote: plaintext */
	const char *cafile;       /* -O cafile=: NULL for the system store */
	const char *certfile;     /* -O client-certfile= */
	const char *keyfile;      /* -O client-privfile= */
	unsigned    keepalive_s;  /* 0: 30 s (dead after twice that) */
	size_t      hold_bytes;   /* 0: 8 MB */
	/* what happens to the link: connected, lost, refused and why */
	void      (*log)(void *arg, const char *msg);
	void       *log_arg;
};

/*
 * Check the options and load the TLS material (before privileges are
 * dropped: the key may be readable only by root).  Nothing connects
 * yet.  Returns NULL with a message in err.
 */
struct remote *remote_new(const struct remote_opts *opts, char *err,
                          size_t errlen);

/* Begin connecting, on p's loop; channels become clients of ctl.
 * Returns 0, or -1 (errno) when the first attempt cannot be set up. */
int remote_start(struct remote *r, struct control *ctl, struct prober *p);

/* Results waiting for the controller's acknowledgement, in bytes. */
size_t remote_waiting(const struct remote *r);

/* Close the link and every channel (their clients are closed by
 * control_free, which follows). */
void remote_free(struct remote *r);

#endif
