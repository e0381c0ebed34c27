/*
 * remoted.h: sc_remoted's state, shared by its files.
 *
 *   main.c      options, sockets, signals, the loop
 *   vp.c        vantage points: accepting, MASTER_NEW/RES, zombies
 *   chan.c      channels: a unix client's or a mux client's stream to a VP
 *   unixsock.c  the per-VP unix sockets (-U dir)
 *   muxsock.c   the multiplexed socket (-M path)
 *   meta.c      the meta-data file (-m)
 *   log.c       log lines
 *
 * What each VP costs while idle: its struct vp (session state, names),
 * its link (ctrl/rlink.h: no buffers while idle), a listening unix
 * socket, and OpenSSL's state if TLS.  Buffers exist only while bytes
 * are in flight, and every one is bounded (see the limits below).
 */
#ifndef REMOTED_H
#define REMOTED_H

#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "ctrl/conn.h"
#include "ctrl/loop.h"
#include "ctrl/mux.h"
#include "ctrl/remote.h"
#include "ctrl/rlink.h"
#include "ctrl/tls.h"

/* Limits.  A unix or mux client that does not read its output is
 * dropped at its queue limit; a VP whose unacknowledged output passes
 * PEND_HIGH stops its unix clients' reading until it falls to PEND_LOW,
 * and past PEND_MAX (only a mux channel can push it there) the channel
 * is closed. */
#define CLIENT_QUEUE_MAX  (4u << 20)
#define MUX_QUEUE_MAX     (16u << 20)
#define PEND_HIGH         (256u << 10)
#define PEND_LOW          (64u << 10)
#define PEND_MAX          (4u << 20)
#define CHAN_CHUNK        4096      /* bytes per frame toward a VP */

struct remoted;
struct vp;
struct muxc;

/* A stream between a local client and a VP. */
struct chan {
	struct vp   *vp;
	struct chan *next;          /* in vp->chans */
	uint32_t     id;            /* channel number on the VP's link */
	ctrl_conn   *conn;          /* a per-VP unix socket client, or */
	struct muxc *mux;           /* a mux client's channel mux_id */
	struct chan *mux_next;      /* in mux->chans */
	uint32_t     mux_id;
	unsigned     fin_sent : 1;  /* we told the VP it is over */
	unsigned     fin_rcvd : 1;  /* the VP told us */
	unsigned     paused : 1;
};

enum vp_state { VP_ACTIVE, VP_ZOMBIE };

struct vp {
	struct remoted    *rd;
	struct vp         *prev, *next;
	uint32_t           id;          /* for the mux */
	enum vp_state      state;
	ctrl_rlink        *link;        /* NULL while a zombie */
	struct ctrl_rsess  sess;
	uint8_t            magic[CTRL_RMAGIC_MAX];
	uint8_t            magic_len;
	char              *monitor;     /* NULL if the VP gave none */
	char              *idstr;       /* its address as MASTER_ID says */
	char               addr[48];    /* its address alone */
	int                family;
	struct timeval     arrival;
	char              *sockpath;    /* per-VP unix socket, or NULL */
	int                listen_fd;
	struct chan       *chans;
	uint32_t           next_chan;
	ctrl_timer         zombie;
	unsigned           paused : 1;  /* clients held: pending too high */
};

/* A connection that has not said MASTER_NEW or MASTER_RES yet. */
struct hello {
	struct remoted *rd;
	struct hello   *prev, *next;
	ctrl_rlink     *link;
	char            peer[64];       /* "ip:port" or "ip6.port" */
	char            addr[48];
	int             family;
};

struct muxc {
	struct remoted        *rd;
	struct muxc           *prev, *next;
	ctrl_conn             *conn;
	struct ctrl_mux_reader rd_state;
	struct chan           *chans;
};

struct meta_entry {
	char *monitor;
	int   attr;              /* CTRL_MUX_ATTR_* */
	char *value;
};

struct meta {
	struct meta_entry *e;
	size_t             n;
};

struct remoted {
	ctrl_loop     *l;
	/* options */
	const char    *unix_dir;
	const char    *mux_path;
	const char    *meta_path;
	const char    *cert, *key, *ca;
	unsigned       zombie_sec;
	int            allowgroup, allowother, debug, skipnamever;
	int            family;          /* AF_UNSPEC, or -4/-6 */
	struct ctrl_rlink_limits vp_limits;
	/* state */
	ctrl_tls_ctx  *tls;
	struct meta    meta;
	int            listen_fd[2];
	int            nlisten;
	int            mux_fd;
	struct vp     *vps;
	struct hello  *hellos;
	uint32_t       next_vp_id;
	size_t         nvps;
	struct muxc   *muxcs;
	ctrl_timer     accept_later;    /* after EMFILE */
	FILE          *logfp;           /* log lines go here; NULL: syslog */
};

/* log.c */
void rlog(struct remoted *rd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rdebug(struct remoted *rd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "vp1 (127.0.0.1:4567)" or "127.0.0.1:4567" for log lines */
const char *vp_label(const struct vp *v, char *buf, size_t len);

/* vp.c */
void vp_accept(struct remoted *rd, int fd, const struct sockaddr *sa,
               socklen_t salen);
void vp_free(struct vp *v);
void hello_free(struct hello *h);   /* closes its link */
/* Channel data toward the VP (or into its session while a zombie). */
int vp_send(struct vp *v, uint32_t channel, const void *p, size_t len);
int vp_send_fin(struct vp *v, uint32_t channel);
void vp_flow(struct vp *v);
struct vp *vp_by_id(struct remoted *rd, uint32_t id);

/* chan.c */
struct chan *chan_new(struct vp *v);
void chan_from_vp(struct chan *c, const uint8_t *p, size_t len);
void chan_vp_fin(struct chan *c);
/* The local side is gone: tell the VP, free when both sides are done. */
void chan_local_gone(struct chan *c);
void chan_free(struct chan *c);
struct chan *chan_find(struct vp *v, uint32_t id);
void chan_pause(struct chan *c, int paused);

/* unixsock.c */
int unixsock_open(struct vp *v);
void unixsock_rename(struct vp *v);
void unixsock_close(struct vp *v);
int unixsock_prepare_dir(struct remoted *rd);
int unix_listen(struct remoted *rd, const char *path);

/* muxsock.c */
int muxsock_open(struct remoted *rd);
/* A mux client on connected socket fd (owned from now on): it is sent
 * the VP list and GO.  Returns 0, or -1 (fd closed). */
int muxsock_adopt(struct remoted *rd, int fd);
void muxsock_close(struct remoted *rd);
void mux_vp_update(struct remoted *rd, const struct vp *v);
void mux_vp_depart(struct remoted *rd, const struct vp *v);
void mux_chan_data(struct chan *c, const uint8_t *p, size_t len);
void mux_chan_close(struct chan *c);

/* meta.c */
int meta_load(const char *path, struct meta *m, char *err, size_t errlen);
void meta_free(struct meta *m);

#endif
