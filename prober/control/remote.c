/*
 * remote.c: the link to a remote controller (remote.h): connecting,
 * TLS, the MASTER_NEW or MASTER_RES that opens each connection, the
 * session that outlives connections, and the next attempt after one
 * fails.
 *
 * The session is ours, not the link's: channel data and CHANNEL_FIN go
 * into it whether or not a link is up (ctrl_rsess_send keeps each one
 * until the controller acknowledges it), and a link carries it only
 * once the controller has answered MASTER_ID or MASTER_OK.  What was
 * sent on a link that then died is sent again after MASTER_OK says how
 * much arrived.
 *
 * Names are resolved with getaddrinfo at every attempt (the controller
 * may move).  The prober is linked statically, so a name that is not an
 * address needs glibc's NSS modules of the same version at run time.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "control/control_int.h"
#include "control/remote_int.h"
#include "prober.h"

/* <netinet/tcp.h> clashes with pkt.h's names (see listen.c) */
#ifndef TCP_NODELAY
#define TCP_NODELAY 1
#endif

#define BACKOFF_MIN_US   1000000u     /* first retry after 1-2 s */
#define BACKOFF_MAX_US   60000000u    /* at most 1-2 minutes apart */
#define KEEPALIVE_DEF_S  30
#define HOLD_DEF         (8u << 20)

static void try_address(struct remote *r);

void remote_log(struct remote *r, const char *fmt, ...)
{
	char msg[640];
	va_list ap;
	if (r->o.log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->o.log(r->o.log_arg, msg);
}

/* ---- options ------------------------------------------------------------ */

static int split_spec(struct remote *r, const char *spec, char *err,
                      size_t errlen)
{
	const char *colon, *host = spec, *hend;
	char *end;
	unsigned long port;

	if (spec[0] == '[') {
		host = spec + 1;
		if ((hend = strchr(host, ']')) == NULL || hend[1] != ':')
			goto bad;
		colon = hend + 1;
	} else {
		if ((colon = strrchr(spec, ':')) == NULL)
			goto bad;
		hend = colon;
	}
	if (hend == host)
		goto bad;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || port == 0 ||
	    port > 65535 || colon[1] == '-' || colon[1] == '+')
		goto bad;
	if ((r->host = strndup(host, (size_t)(hend - host))) == NULL ||
	    (r->port = strdup(colon + 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "-R %.200s: expected host:port", spec);
	return -1;
}

struct remote *remote_new(const struct remote_opts *opts, char *err,
                          size_t errlen)
{
	struct remote *r = calloc(1, sizeof(*r));
	char e[300];

	if (r == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->o = *opts;
	r->fd = -1;
	if (r->o.keepalive_s == 0)
		r->o.keepalive_s = KEEPALIVE_DEF_S;
	if (r->o.hold_bytes == 0)
		r->o.hold_bytes = HOLD_DEF;
	ctrl_rsess_init(&r->sess);
	if (split_spec(r, opts->spec, err, errlen) != 0) {
		remote_free(r);
		return NULL;
	}
	if (!r->o.notls) {
		if ((r->o.certfile == NULL) != (r->o.keyfile == NULL)) {
			snprintf(err, errlen, "-O client-certfile and "
			         "client-privfile go together");
			remote_free(r);
			return NULL;
		}
		r->tls_ctx = ctrl_tls_client_ctx(r->o.cafile, r->o.certfile,
		                                 r->o.keyfile, e, sizeof(e));
		if (r->tls_ctx == NULL) {
			snprintf(err, errlen, "-R: %s", e);
			remote_free(r);
			return NULL;
		}
	}
	return r;
}

/* ---- the session -------------------------------------------------------- */

static void new_magic(struct remote *r)
{
	size_t got = 0;
	while (got < sizeof(r->magic)) {
		ssize_t n = getrandom(r->magic + got, sizeof(r->magic) - got,
		                      0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		got += (size_t)n;
	}
	if (got < sizeof(r->magic)) {
		/* no getrandom: different enough for a controller to tell
		 * our sessions apart */
		struct timespec ts;
		uint64_t x;
		clock_gettime(CLOCK_REALTIME, &ts);
		x = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^
		    (uint64_t)getpid() << 40;
		memcpy(r->magic, &x, sizeof(r->magic));
	}
}

/* The controller has forgotten us: start over, closing the channels. */
static void new_session(struct remote *r)
{
	rchan_close_all(r);
	ctrl_rsess_clear(&r->sess);
	ctrl_rsess_init(&r->sess);
	new_magic(r);
	r->resumable = 0;
	free(r->id);
	r->id = NULL;
	r->nchans = 0;
	remote_flow(r);
}

size_t remote_waiting(const struct remote *r)
{
	return r->sess.pend_bytes;
}

void remote_flow(struct remote *r)
{
	size_t w = r->sess.pend_bytes, hold = r->o.hold_bytes;

	if (!r->holding && w >= hold) {
		r->holding = 1;
		remote_log(r, "remote: %zu KB of results wait for %s:%s: no "
		           "new measurement starts until it takes them",
		           w / 1024, r->host, r->port);
		rchan_hold_all(r, 1);
	} else if (r->holding && w <= hold / 2) {
		r->holding = 0;
		remote_log(r, "remote: %s:%s took the results: measurements "
		           "start again", r->host, r->port);
		rchan_hold_all(r, 0);
	}
	/* past twice the bound (measurements that were running), stop
	 * taking the clients' output; it waits in their own queues */
	if (!r->reading_paused && w >= 2 * hold) {
		r->reading_paused = 1;
		rchan_pause_all(r, 1);
	} else if (r->reading_paused && w <= hold) {
		r->reading_paused = 0;
		rchan_pause_all(r, 0);
	}
}

static int active(const struct remote *r)
{
	return r->state == REMOTE_ACTIVE && r->link != NULL;
}

int remote_send(struct remote *r, uint32_t channel, const void *p,
                size_t len)
{
	const uint8_t *b = p;

	while (len > 0) {
		size_t n = len > 65535 ? 65535 : len;
		if (active(r)) {
			/* when the link fails (ENOBUFS, EPIPE) the message
			 * is in the session all the same: sent again on the
			 * next link */
			if (ctrl_rlink_send_data(r->link, channel, b, n) != 0 &&
			    errno != ENOBUFS && errno != EPIPE)
				return -1;
		} else if (ctrl_rsess_send(&r->sess, channel, b, n) == NULL) {
			return -1;
		}
		b += n;
		len -= n;
	}
	remote_flow(r);
	return 0;
}

int remote_send_fin(struct remote *r, uint32_t channel)
{
	struct ctrl_rmsg m;
	uint8_t b[CTRL_RMSG_MAX];
	size_t n;

	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_CHANNEL_FIN;
	m.channel = channel;
	if (active(r)) {
		if (ctrl_rlink_send_control(r->link, &m) != 0 &&
		    errno != ENOBUFS && errno != EPIPE)
			return -1;
		return 0;
	}
	if ((n = ctrl_rmsg_build(&m, b)) == 0 ||
	    ctrl_rsess_send(&r->sess, 0, b, n) == NULL)
		return -1;
	return 0;
}

/* ---- attempts ----------------------------------------------------------- */

static void drop_link(struct remote *r)
{
	if (r->link != NULL) {
		ctrl_rlink_free(r->link);
		r->link = NULL;
	}
	if (r->fd >= 0) {
		ctrl_loop_watch(r->l, r->fd, 0, NULL, NULL);
		close(r->fd);
		r->fd = -1;
	}
}

static void free_addrs(struct remote *r)
{
	if (r->ai != NULL)
		freeaddrinfo(r->ai);
	r->ai = r->ai_next = NULL;
}

/* The next attempt, after a delay that doubles with every failure. */
static void retry_later(struct remote *r, const char *what, const char *why)
{
	uint64_t wait = r->backoff_us;
	uint32_t rnd = 0;

	drop_link(r);
	free_addrs(r);
	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (uint32_t)ctrl_loop_now(r->l);
	wait += (uint64_t)rnd % (r->backoff_us + 1);
	r->backoff_us *= 2;
	if (r->backoff_us > BACKOFF_MAX_US)
		r->backoff_us = BACKOFF_MAX_US;
	r->state = REMOTE_WAITING;
	remote_log(r, "remote: %s %s:%s: %s; next attempt in %.1f s", what,
	           r->host, r->port, why, (double)wait / 1e6);
	ctrl_timer_after(r->l, &r->timer, wait);
}

static void link_control(ctrl_rlink *k, const struct ctrl_rmsg *m,
                         void *arg);
static void link_data(ctrl_rlink *k, uint32_t ch, const uint8_t *p,
                      size_t n, void *arg);
static void link_acked(ctrl_rlink *k, void *arg);
static void link_closed(ctrl_rlink *k, const char *why, void *arg);

static const struct ctrl_rlink_ops link_ops = {
	.control = link_control,
	.data = link_data,
	.acked = link_acked,
	.closed = link_closed,
};

/* Connected: TLS (if any) and the hello go on the link. */
static void connected(struct remote *r)
{
	struct ctrl_rlink_limits lim;
	struct ctrl_rmsg m;
	ctrl_tls *tls = NULL;
	char err[300];
	int fd = r->fd, one = 1;

	ctrl_loop_watch(r->l, fd, 0, NULL, NULL);
	ctrl_timer_cancel(r->l, &r->timer);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	free_addrs(r);
	if (r->tls_ctx != NULL &&
	    (tls = ctrl_tls_new(r->tls_ctx, fd, r->host, err,
	                        sizeof(err))) == NULL) {
		retry_later(r, "cannot start TLS with", err);
		return;
	}
	memset(&lim, 0, sizeof(lim));
	lim.keepalive_us = (uint64_t)r->o.keepalive_s * 1000000u;
	lim.dead_us = 2 * lim.keepalive_us;
	lim.first_us = lim.dead_us;
	/* what waits unacknowledged is bounded by remote_flow; the link's
	 * own queue holds at most the same frames */
	lim.max_queue = 2 * r->o.hold_bytes + (1u << 20);
	if ((r->link = ctrl_rlink_new(r->l, fd, tls, &link_ops, r,
	                              &lim)) == NULL) {
		ctrl_tls_free(tls);
		retry_later(r, "cannot talk to", strerror(errno));
		return;
	}
	r->fd = -1;   /* the link's now */
	r->state = REMOTE_HELLO;

	memset(&m, 0, sizeof(m));
	m.magic_len = REMOTE_MAGIC_LEN;
	memcpy(m.magic, r->magic, REMOTE_MAGIC_LEN);
	if (r->resumable) {
		m.type = CTRL_RMSG_MASTER_RES;
		m.rcv_nxt = r->sess.rcv_nxt;
		m.snd_una = ctrl_rsess_snd_una(&r->sess);
		m.snd_nxt = r->sess.snd_nxt;
	} else {
		m.type = CTRL_RMSG_MASTER_NEW;
		if (r->o.monitor != NULL && r->o.monitor[0] != '\0') {
			m.has_name = 1;
			snprintf(m.name, sizeof(m.name), "%s", r->o.monitor);
		}
	}
	/* a failure closes the link: link_closed follows */
	ctrl_rlink_send_control(r->link, &m);
}

static void on_connect(ctrl_loop *l, int fd, unsigned events, void *arg)
{
	struct remote *r = arg;
	int e = 0;
	socklen_t sl = sizeof(e);
	(void)l;
	(void)events;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) != 0)
		e = errno;
	if (e == EINPROGRESS || e == EALREADY)
		return;
	if (e != 0) {
		ctrl_loop_watch(r->l, fd, 0, NULL, NULL);
		close(fd);
		r->fd = -1;
		r->last_err = e;
		try_address(r);
		return;
	}
	connected(r);
}

/* Connect to the next address getaddrinfo gave, or give up. */
static void try_address(struct remote *r)
{
	while (r->ai_next != NULL) {
		struct addrinfo *a = r->ai_next;
		int fd;
		r->ai_next = a->ai_next;
		fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK |
		            SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0) {
			r->last_err = errno;
			continue;
		}
		r->fd = fd;
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
			connected(r);
			return;
		}
		if (errno == EINPROGRESS) {
			r->state = REMOTE_CONNECTING;
			ctrl_loop_watch(r->l, fd, CTRL_WRITE, on_connect, r);
			ctrl_timer_after(r->l, &r->timer,
			                 2 * (uint64_t)r->o.keepalive_s * 1000000u);
			return;
		}
		r->last_err = errno;
		close(fd);
		r->fd = -1;
	}
	retry_later(r, "cannot connect to", strerror(r->last_err));
}

static void attempt(struct remote *r)
{
	struct addrinfo hints;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	free_addrs(r);
	rc = getaddrinfo(r->host, r->port, &hints, &r->ai);
	if (rc != 0) {
		r->ai = NULL;
		retry_later(r, "cannot resolve", rc == EAI_SYSTEM ?
		            strerror(errno) : gai_strerror(rc));
		return;
	}
	r->ai_next = r->ai;
	r->last_err = ECONNREFUSED;
	try_address(r);
}

static void on_timer(ctrl_loop *l, void *arg)
{
	struct remote *r = arg;
	(void)l;

	if (r->state == REMOTE_CONNECTING) {
		/* the connect took too long: the next address, or later */
		ctrl_loop_watch(r->l, r->fd, 0, NULL, NULL);
		close(r->fd);
		r->fd = -1;
		r->last_err = ETIMEDOUT;
		try_address(r);
		return;
	}
	if (r->state == REMOTE_WAITING)
		attempt(r);
}

/* ---- the link ----------------------------------------------------------- */

static void hello_answer(struct remote *r, const struct ctrl_rmsg *m)
{
	const char *err = NULL;
	const char *how = r->tls_ctx != NULL ? "TLS" : "plaintext";

	switch (m->type) {
	case CTRL_RMSG_MASTER_ID:
		if (r->resumable)
			break;
		free(r->id);
		if ((r->id = strdup(m->name)) == NULL) {
			retry_later(r, "out of memory talking to", "MASTER_ID");
			return;
		}
		r->resumable = 1;
		r->state = REMOTE_ACTIVE;
		r->backoff_us = BACKOFF_MIN_US;
		ctrl_rlink_attach(r->link, &r->sess);
		remote_log(r, "remote: connected to %s:%s (%s) as %s", r->host,
		           r->port, how, r->id);
		return;
	case CTRL_RMSG_MASTER_OK:
		if (!r->resumable)
			break;
		if (ctrl_rsess_resume_tx(&r->sess, m->rcv_nxt, &err) != 0) {
			remote_log(r, "remote: %s:%s resumed the session "
			           "inconsistently (%s): starting a new one",
			           r->host, r->port, err);
			new_session(r);
			retry_later(r, "starting over with", "bad MASTER_OK");
			return;
		}
		r->state = REMOTE_ACTIVE;
		r->backoff_us = BACKOFF_MIN_US;
		ctrl_rlink_attach(r->link, &r->sess);
		remote_log(r, "remote: resumed the session with %s:%s (%s), "
		           "%zu message%s sent again", r->host, r->port, how,
		           r->sess.pend_count,
		           r->sess.pend_count == 1 ? "" : "s");
		/* a failure closes the link, and the next one resumes */
		ctrl_rlink_retransmit(r->link);
		remote_flow(r);
		return;
	case CTRL_RMSG_MASTER_REJ:
		remote_log(r, "remote: %s:%s no longer holds our session: its "
		           "channels are closed and a new session begins",
		           r->host, r->port);
		new_session(r);
		r->backoff_us = BACKOFF_MIN_US;
		retry_later(r, "starting a new session with", "MASTER_REJ");
		return;
	default:
		break;
	}
	{
		char why[96];
		snprintf(why, sizeof(why), "unexpected %s in the hello",
		         ctrl_rmsg_name(m->type));
		retry_later(r, "protocol error from", why);
	}
}

static void link_control(ctrl_rlink *k, const struct ctrl_rmsg *m,
                         void *arg)
{
	struct remote *r = arg;
	char why[96];
	(void)k;

	if (r->state == REMOTE_HELLO) {
		hello_answer(r, m);
		return;
	}
	switch (m->type) {
	case CTRL_RMSG_CHANNEL_NEW:
		rchan_open(r, m->channel);
		return;
	case CTRL_RMSG_CHANNEL_FIN:
		rchan_fin(r, m->channel);
		return;
	default:
		snprintf(why, sizeof(why), "unexpected %s",
		         ctrl_rmsg_name(m->type));
		retry_later(r, "protocol error from", why);
	}
}

static void link_data(ctrl_rlink *k, uint32_t ch, const uint8_t *p,
                      size_t n, void *arg)
{
	(void)k;
	rchan_data(arg, ch, p, n);
}

static void link_acked(ctrl_rlink *k, void *arg)
{
	(void)k;
	remote_flow(arg);
}

static void link_closed(ctrl_rlink *k, const char *why, void *arg)
{
	struct remote *r = arg;
	(void)k;
	retry_later(r, r->state == REMOTE_ACTIVE ? "lost the link to" :
	            "cannot connect to", why);
}

/* ---- life --------------------------------------------------------------- */

int remote_start(struct remote *r, struct control *ctl, struct prober *p)
{
	r->ctl = ctl;
	r->p = p;
	r->l = p->loop;
	r->backoff_us = BACKOFF_MIN_US;
	new_magic(r);
	ctrl_timer_init(&r->timer, on_timer, r);
	r->state = REMOTE_WAITING;
	return ctrl_timer_after(r->l, &r->timer, 0);
}

void remote_free(struct remote *r)
{
	if (r == NULL)
		return;
	if (r->l != NULL) {
		ctrl_timer_cancel(r->l, &r->timer);
		drop_link(r);
	}
	free_addrs(r);
	rchan_close_all(r);
	ctrl_rsess_clear(&r->sess);
	ctrl_tls_ctx_free(r->tls_ctx);
	free(r->id);
	free(r->host);
	free(r->port);
	free(r);
}
