/*
 * remote_int.h: what the remote link's files share (remote.h is the
 * interface).
 *
 *   remote.c       connecting, TLS, MASTER_NEW/RES, the session,
 *                  reconnecting with backoff
 *   remote_chan.c  channels: each one a control client (client.c) on
 *                  one end of a socket pair, whose other end is relayed
 *                  to and from the session
 */
#ifndef PROBER_CONTROL_REMOTE_INT_H
#define PROBER_CONTROL_REMOTE_INT_H

#include <netdb.h>
#include <stdint.h>

#include "control/remote.h"
#include "ctrl/conn.h"
#include "ctrl/loop.h"
#include "ctrl/remote.h"
#include "ctrl/rlink.h"
#include "ctrl/tls.h"

#define REMOTE_MAGIC_LEN 8

enum remote_state {
	REMOTE_WAITING,      /* for the next attempt */
	REMOTE_CONNECTING,   /* TCP connect in progress */
	REMOTE_HELLO,        /* MASTER_NEW or _RES sent, no answer yet */
	REMOTE_ACTIVE,       /* session running on the link */
};

struct rchan;

struct remote {
	struct remote_opts  o;
	char               *host, *port;
	ctrl_tls_ctx       *tls_ctx;
	struct control     *ctl;
	struct prober      *p;
	ctrl_loop          *l;

	enum remote_state   state;
	struct addrinfo    *ai, *ai_next; /* addresses still to try */
	int                 last_err;    /* why the last one failed */
	int                 fd;          /* while connecting */
	ctrl_rlink         *link;        /* HELLO and ACTIVE */
	ctrl_timer          timer;       /* retry, or connect timeout */
	uint64_t            backoff_us;  /* next retry's base delay */

	/* the session, which outlives connections */
	uint8_t             magic[REMOTE_MAGIC_LEN];
	int                 resumable;   /* MASTER_ID received */
	char               *id;          /* the controller's name for us */
	struct ctrl_rsess   sess;
	uint32_t            nchans;      /* channels opened, for list names */
	struct rchan       *chans;
	int                 holding;     /* new measurements held back */
	int                 reading_paused;
};

/* remote.c */
void remote_log(struct remote *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Send channel data or a CHANNEL_FIN through the session, over the link
 * if it is up.  Returns 0, or -1 if out of memory. */
int  remote_send(struct remote *r, uint32_t channel, const void *p,
                 size_t len);
int  remote_send_fin(struct remote *r, uint32_t channel);
/* Hold back or release new measurements, by the bytes waiting. */
void remote_flow(struct remote *r);

/* remote_chan.c */
void rchan_open(struct remote *r, uint32_t id);
void rchan_fin(struct remote *r, uint32_t id);
void rchan_data(struct remote *r, uint32_t id, const uint8_t *p, size_t n);
/* Hold (1) or release (0) every channel's new measurements. */
void rchan_hold_all(struct remote *r, int hold);
/* Stop (1) or resume (0) reading every channel's client. */
void rchan_pause_all(struct remote *r, int paused);
/* Close every channel: its client's measurements are halted. */
void rchan_close_all(struct remote *r);

#endif
