/*
 * rlink.c: a remote-protocol connection on the event loop
 * (ctrl/rlink.h).
 *
 * One timer serves both deadlines (keepalive to send, silence to give up
 * on) and the deferred close: it is armed for the earliest and, when it
 * fires, looks at the clock again, so receiving and sending only note
 * the time and never touch the timer heap.
 *
 * The owner may free the link from a callback: ctrl_rlink_free then only
 * marks it, and the function that made the callback frees it once the
 * callback returns (the depth count), as ctrl_conn does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctrl/rlink.h"

#define READ_CHUNK   16384
#define TLS_READ_MAX (256 * 1024)   /* per wake-up, for fairness */

struct ctrl_rlink {
	ctrl_loop                   *l;
	int                          fd;
	ctrl_tls                    *tls;
	const struct ctrl_rlink_ops *ops;
	void                        *arg;
	struct ctrl_rlink_limits     lim;
	struct ctrl_rreader          rd;
	struct ctrl_rsess           *sess;

	uint8_t                     *out;
	size_t                       out_off, out_len, out_cap;

	uint64_t                     last_rx, last_tx;
	ctrl_timer                   tick;
	char                        *why;       /* reason for closing */
	unsigned                     watching;
	unsigned                     hs_want;   /* handshake waits for */
	unsigned                     depth;
	unsigned                     handshaking : 1;
	unsigned                     tls_wr_rd : 1;  /* write wants read */
	unsigned                     more_rx : 1;    /* TLS data left */
	unsigned                     got_first : 1;
	unsigned                     paused : 1;
	unsigned                     finishing : 1;
	unsigned                     closing : 1;
	unsigned                     over : 1;
	unsigned                     dead : 1;
};

static void on_event(ctrl_loop *l, int fd, unsigned events, void *arg);
static void on_tick(ctrl_loop *l, void *arg);

static void destroy(ctrl_rlink *k)
{
	ctrl_timer_cancel(k->l, &k->tick);
	if (k->fd >= 0) {
		ctrl_loop_watch(k->l, k->fd, 0, NULL, NULL);
		close(k->fd);
	}
	ctrl_tls_free(k->tls);
	ctrl_rreader_clear(&k->rd);
	free(k->out);
	free(k->why);
	free(k);
}

static int leave(ctrl_rlink *k)
{
	k->depth--;
	if (k->dead && k->depth == 0) {
		destroy(k);
		return 1;
	}
	return k->dead;
}

static void rewatch(ctrl_rlink *k)
{
	unsigned want = 0;

	if (k->dead || k->fd < 0)
		return;
	if (k->closing || k->over) {
		want = 0;
	} else if (k->handshaking) {
		want = k->hs_want;
	} else {
		if (!k->paused && !k->finishing)
			want |= CTRL_READ;
		if (k->out_len > 0)
			want |= k->tls_wr_rd ? CTRL_READ : CTRL_WRITE;
	}
	if (want != k->watching) {
		ctrl_loop_watch(k->l, k->fd, want, want ? on_event : NULL, k);
		k->watching = want;
	}
}

static void close_later(ctrl_rlink *k, const char *f, ...)
	__attribute__((format(printf, 2, 3)));
static void close_later(ctrl_rlink *k, const char *f, ...)
{
	char b[320];
	va_list ap;

	if (k->closing || k->over || k->dead)
		return;
	va_start(ap, f);
	vsnprintf(b, sizeof(b), f, ap);
	va_end(ap);
	k->why = strdup(b);
	k->closing = 1;
	rewatch(k);
	ctrl_timer_after(k->l, &k->tick, 0);
}

static uint64_t deadline(const ctrl_rlink *k)
{
	uint64_t at = k->last_rx + (k->got_first ? k->lim.dead_us
	                                         : k->lim.first_us);
	if (k->sess != NULL && !k->handshaking &&
	    k->last_tx + k->lim.keepalive_us < at)
		at = k->last_tx + k->lim.keepalive_us;
	return at;
}

static void rearm(ctrl_rlink *k)
{
	uint64_t at;
	if (k->closing || k->over || k->dead)
		return;
	at = deadline(k);
	if (!ctrl_timer_armed(&k->tick) || at < k->tick.when)
		ctrl_timer_at(k->l, &k->tick, at);
}

/* ---- output ------------------------------------------------------------- */

static ssize_t raw_write(ctrl_rlink *k, const uint8_t *p, size_t n)
{
	ssize_t w;
	if (k->tls != NULL) {
		w = ctrl_tls_write(k->tls, p, n);
		if (w == CTRL_TLS_WANT_READ || w == CTRL_TLS_WANT_WRITE) {
			k->tls_wr_rd = w == CTRL_TLS_WANT_READ;
			return 0;
		}
		k->tls_wr_rd = 0;
		if (w < 0) {
			close_later(k, "%s", ctrl_tls_error(k->tls));
			return -1;
		}
		return w;
	}
	for (;;) {
		w = send(k->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w >= 0)
			return w;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		close_later(k, "write failed: %s", strerror(errno));
		return -1;
	}
}

static int flush(ctrl_rlink *k)
{
	while (k->out_len > 0) {
		ssize_t w = raw_write(k, k->out + k->out_off, k->out_len);
		if (w < 0)
			return -1;
		if (w == 0)
			break;
		k->out_off += (size_t)w;
		k->out_len -= (size_t)w;
		k->last_tx = ctrl_loop_now(k->l);
	}
	if (k->out_len == 0) {
		free(k->out);
		k->out = NULL;
		k->out_off = k->out_cap = 0;
		if (k->finishing)
			close_later(k, "finished");
	}
	rewatch(k);
	return 0;
}

static int queue(ctrl_rlink *k, const uint8_t *p, size_t n)
{
	if (k->closing || k->over || k->dead) {
		errno = EPIPE;
		return -1;
	}
	if (k->out_len == 0 && !k->handshaking) {
		ssize_t w = raw_write(k, p, n);
		if (w < 0) {
			errno = EPIPE;
			return -1;
		}
		if (w > 0)
			k->last_tx = ctrl_loop_now(k->l);
		p += w;
		n -= (size_t)w;
		if (n == 0)
			return 0;
	}
	if (k->out_len + n > k->lim.max_queue) {
		close_later(k, "output queue full (%zu bytes): peer not "
		            "reading", k->out_len);
		errno = ENOBUFS;
		return -1;
	}
	if (k->out_off + k->out_len + n > k->out_cap) {
		if (k->out_off > 0) {
			memmove(k->out, k->out + k->out_off, k->out_len);
			k->out_off = 0;
		}
		if (k->out_len + n > k->out_cap) {
			size_t cap = k->out_cap ? k->out_cap : 4096;
			uint8_t *b;
			while (cap < k->out_len + n)
				cap *= 2;
			if ((b = realloc(k->out, cap)) == NULL) {
				close_later(k, "out of memory");
				errno = ENOMEM;
				return -1;
			}
			k->out = b;
			k->out_cap = cap;
		}
	}
	memcpy(k->out + k->out_off + k->out_len, p, n);
	k->out_len += n;
	rewatch(k);
	return 0;
}

static int send_unsequenced(ctrl_rlink *k, const struct ctrl_rmsg *m)
{
	uint8_t b[CTRL_RHDR_LEN + CTRL_RMSG_MAX];
	struct ctrl_rsess zero = {0};
	size_t n = ctrl_rsess_control(k->sess ? k->sess : &zero, m, b);
	if (n == 0) {
		errno = EINVAL;
		return -1;
	}
	return queue(k, b, n);
}

int ctrl_rlink_send_control(ctrl_rlink *k, const struct ctrl_rmsg *m)
{
	if (ctrl_rmsg_sequenced(m->type)) {
		uint8_t b[CTRL_RMSG_MAX];
		size_t n;
		const struct ctrl_rpend *p;
		if (k->sess == NULL || (n = ctrl_rmsg_build(m, b)) == 0) {
			errno = EINVAL;
			return -1;
		}
		if ((p = ctrl_rsess_send(k->sess, 0, b, n)) == NULL)
			return -1;
		return queue(k, p->frame, p->len);
	}
	return send_unsequenced(k, m);
}

int ctrl_rlink_send_data(ctrl_rlink *k, uint32_t channel, const void *p,
                         size_t len)
{
	const struct ctrl_rpend *pd;
	if (k->sess == NULL || channel == 0) {
		errno = EINVAL;
		return -1;
	}
	if ((pd = ctrl_rsess_send(k->sess, channel, p, len)) == NULL)
		return -1;
	return queue(k, pd->frame, pd->len);
}

int ctrl_rlink_retransmit(ctrl_rlink *k)
{
	if (k->sess == NULL) {
		errno = EINVAL;
		return -1;
	}
	for (const struct ctrl_rpend *p = k->sess->head; p; p = p->next)
		if (queue(k, p->frame, p->len) != 0)
			return -1;
	return 0;
}

/* ---- input -------------------------------------------------------------- */

static int ack(ctrl_rlink *k, uint32_t seq)
{
	struct ctrl_rmsg m;
	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_ACK;
	m.seq = seq;
	return send_unsequenced(k, &m);
}

/* One frame from the reader; non-zero stops the reader. */
static int on_frame(const struct ctrl_rhdr *h, const uint8_t *payload,
                    void *arg)
{
	ctrl_rlink *k = arg;
	struct ctrl_rmsg m;
	const char *err = NULL;
	enum ctrl_rrecv r;

	k->last_rx = ctrl_loop_now(k->l);
	k->got_first = 1;
	if (k->sess == NULL) {
		if (h->channel != 0) {
			close_later(k, "channel %u data before the session "
			            "began", h->channel);
			return 1;
		}
		if (ctrl_rmsg_parse(payload, h->len, &m, &err) != 0) {
			close_later(k, "bad control message: %s", err);
			return 1;
		}
		k->depth++;
		k->ops->control(k, &m, k->arg);
		return leave(k) || k->closing || k->over;
	}
	{
		uint32_t want = k->sess->rcv_nxt;
		uint32_t una = ctrl_rsess_snd_una(k->sess);
		int pending = k->sess->head != NULL;
		r = ctrl_rsess_recv(k->sess, h, payload, &m, &err);
		if (r == CTRL_RRECV_ERROR) {
			if (h->channel != 0 || (h->len > 0 &&
			    ctrl_rmsg_sequenced(payload[0]) &&
			    strcmp(err, "sequence out of order") == 0))
				close_later(k, "%s: %u where %u was expected",
				            err, h->seq, want);
			else if (m.type == CTRL_RMSG_ACK && pending)
				close_later(k, "%s: %u where %u was pending",
				            err, m.seq, una);
			else
				close_later(k, "bad control message: %s", err);
			return 1;
		}
	}
	switch (r) {
	case CTRL_RRECV_DATA:
		if (ack(k, h->seq) != 0)
			return 1;
		k->depth++;
		k->ops->data(k, h->channel, payload, h->len, k->arg);
		break;
	case CTRL_RRECV_CONTROL:
		if (ctrl_rmsg_sequenced(m.type) && ack(k, h->seq) != 0)
			return 1;
		if (m.type == CTRL_RMSG_KEEPALIVE)
			return 0;
		k->depth++;
		k->ops->control(k, &m, k->arg);
		break;
	case CTRL_RRECV_ACKED:
		if (k->ops->acked == NULL)
			return 0;
		k->depth++;
		k->ops->acked(k, k->arg);
		break;
	default:
		return 1;
	}
	/* a pause takes effect at the next read: the frames already read
	 * are still delivered */
	return leave(k) || k->closing || k->over;
}

static void feed(ctrl_rlink *k, const uint8_t *p, size_t n)
{
	const char *err = NULL;
	int rc;

	k->depth++;
	rc = ctrl_rreader_feed(&k->rd, p, n, on_frame, k, &err);
	if (leave(k))
		return;
	if (rc < 0)
		close_later(k, "bad frame: %s", err);
}

static void do_read(ctrl_rlink *k)
{
	uint8_t buf[READ_CHUNK];
	size_t total = 0;

	k->more_rx = 0;
	for (;;) {
		ssize_t r;
		if (k->tls != NULL) {
			r = ctrl_tls_read(k->tls, buf, sizeof(buf));
			if (r == CTRL_TLS_WANT_READ || r == CTRL_TLS_WANT_WRITE)
				return;
			if (r == CTRL_TLS_CLOSED) {
				close_later(k, "connection closed by peer");
				return;
			}
			if (r < 0) {
				close_later(k, "%s", ctrl_tls_error(k->tls));
				return;
			}
		} else {
			r = recv(k->fd, buf, sizeof(buf), MSG_DONTWAIT);
			if (r < 0) {
				if (errno == EAGAIN || errno == EWOULDBLOCK ||
				    errno == EINTR)
					return;
				close_later(k, "read failed: %s",
				            strerror(errno));
				return;
			}
			if (r == 0) {
				close_later(k, "connection closed by peer");
				return;
			}
		}
		k->depth++;
		feed(k, buf, (size_t)r);
		if (leave(k))
			return;
		if (k->closing || k->over || k->paused || k->tls == NULL)
			return;
		total += (size_t)r;
		if (total >= TLS_READ_MAX) {
			/* let others run; come back at once */
			k->more_rx = 1;
			ctrl_timer_after(k->l, &k->tick, 0);
			return;
		}
	}
}

static void step_handshake(ctrl_rlink *k)
{
	int rc = ctrl_tls_handshake(k->tls);

	if (rc == CTRL_TLS_WANT_READ || rc == CTRL_TLS_WANT_WRITE) {
		k->hs_want = rc == CTRL_TLS_WANT_READ ? CTRL_READ : CTRL_WRITE;
		rewatch(k);
		return;
	}
	if (rc != CTRL_TLS_OK) {
		close_later(k, "%s", ctrl_tls_error(k->tls));
		return;
	}
	k->handshaking = 0;
	rewatch(k);
	if (k->ops->ready != NULL) {
		k->depth++;
		k->ops->ready(k, k->arg);
		if (leave(k))
			return;
	}
	if (!k->closing && !k->over && k->out_len > 0)
		flush(k);
	rearm(k);
	/* the handshake may have brought application data with it */
	if (!k->closing && !k->over && !k->paused &&
	    ctrl_tls_pending(k->tls) > 0)
		do_read(k);
}

static void on_event(ctrl_loop *l, int fd, unsigned events, void *arg)
{
	ctrl_rlink *k = arg;
	(void)l;
	(void)fd;

	if (k->dead || k->over || k->closing)
		return;
	k->depth++;
	if (k->handshaking) {
		step_handshake(k);
	} else {
		if (k->out_len > 0 &&
		    ((events & CTRL_WRITE) ||
		     (k->tls_wr_rd && (events & CTRL_READ))))
			flush(k);
		if (!k->dead && !k->closing && !k->over &&
		    (events & (CTRL_READ | CTRL_ERROR)) &&
		    (k->watching & CTRL_READ) && !k->paused)
			do_read(k);
	}
	leave(k);
}

static void on_tick(ctrl_loop *l, void *arg)
{
	ctrl_rlink *k = arg;
	uint64_t now = ctrl_loop_now(l);

	if (k->dead || k->over)
		return;
	if (k->closing) {
		k->over = 1;
		k->closing = 0;
		rewatch(k);
		k->depth++;
		k->ops->closed(k, k->why ? k->why : "closed", k->arg);
		leave(k);
		return;
	}
	if (k->more_rx) {
		k->depth++;
		do_read(k);
		if (leave(k) || k->closing)
			return;
	}
	/* paused, we do not read: the peer's messages wait unread, so its
	 * silence is not counted */
	if (k->paused)
		k->last_rx = now;
	if (now >= k->last_rx + (k->got_first ? k->lim.dead_us
	                                      : k->lim.first_us)) {
		uint64_t s = (k->got_first ? k->lim.dead_us
		                           : k->lim.first_us) / 1000000u;
		if (k->handshaking)
			close_later(k, "TLS handshake not finished in %llu s",
			            (unsigned long long)s);
		else
			close_later(k, "no message received in %llu s",
			            (unsigned long long)s);
		return;
	}
	if (k->sess != NULL && !k->handshaking &&
	    now >= k->last_tx + k->lim.keepalive_us) {
		struct ctrl_rmsg m;
		memset(&m, 0, sizeof(m));
		m.type = CTRL_RMSG_KEEPALIVE;
		if (send_unsequenced(k, &m) != 0)
			return;
		/* a keepalive stuck behind queued output still counts */
		k->last_tx = now;
	}
	if (!k->more_rx)
		ctrl_timer_at(l, &k->tick, deadline(k));
}

/* ---- life --------------------------------------------------------------- */

ctrl_rlink *ctrl_rlink_new(ctrl_loop *l, int fd, ctrl_tls *tls,
                           const struct ctrl_rlink_ops *ops, void *arg,
                           const struct ctrl_rlink_limits *lim)
{
	ctrl_rlink *k;
	int fl;

	if ((k = calloc(1, sizeof(*k))) == NULL)
		return NULL;
	k->l = l;
	k->fd = fd;
	k->tls = tls;
	k->ops = ops;
	k->arg = arg;
	if (lim != NULL)
		k->lim = *lim;
	if (k->lim.keepalive_us == 0)
		k->lim.keepalive_us = 30000000u;
	if (k->lim.dead_us == 0)
		k->lim.dead_us = 60000000u;
	if (k->lim.first_us == 0)
		k->lim.first_us = 60000000u;
	if (k->lim.max_queue == 0)
		k->lim.max_queue = 8u << 20;
	/* until a session is attached only control messages are valid:
	 * a peer that has not said who it is cannot make us hold more */
	k->rd.max_len = CTRL_RMSG_MAX;
	ctrl_timer_init(&k->tick, on_tick, k);
	if ((fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		free(k);
		return NULL;
	}
	k->last_rx = k->last_tx = ctrl_loop_now(l);
	if (tls != NULL) {
		k->handshaking = 1;
		k->hs_want = CTRL_READ;
		k->depth++;
		step_handshake(k);   /* a client speaks first */
		k->depth--;
	} else {
		if (ctrl_loop_watch(l, fd, CTRL_READ, on_event, k) != 0) {
			free(k);
			return NULL;
		}
		k->watching = CTRL_READ;
	}
	rearm(k);
	return k;
}

void ctrl_rlink_free(ctrl_rlink *k)
{
	if (k == NULL || k->dead)
		return;
	k->dead = 1;
	if (k->depth > 0) {
		ctrl_timer_cancel(k->l, &k->tick);
		if (k->fd >= 0) {
			ctrl_loop_watch(k->l, k->fd, 0, NULL, NULL);
			close(k->fd);
			k->fd = -1;
		}
		return;
	}
	destroy(k);
}

void ctrl_rlink_set_owner(ctrl_rlink *k, const struct ctrl_rlink_ops *ops,
                          void *arg)
{
	k->ops = ops;
	k->arg = arg;
}

void ctrl_rlink_attach(ctrl_rlink *k, struct ctrl_rsess *s)
{
	k->sess = s;
	k->rd.max_len = s != NULL ? k->lim.max_frame : CTRL_RMSG_MAX;
	rearm(k);
}

struct ctrl_rsess *ctrl_rlink_session(const ctrl_rlink *k)
{
	return k->sess;
}

void ctrl_rlink_finish(ctrl_rlink *k)
{
	if (k->dead || k->over || k->closing || k->finishing)
		return;
	k->finishing = 1;
	if (k->out_len == 0 && !k->handshaking)
		close_later(k, "finished");
	else
		rewatch(k);
}

void ctrl_rlink_pause(ctrl_rlink *k, int paused)
{
	if (k->dead)
		return;
	/* from the end of a pause the peer has its whole time again */
	if (k->paused && !paused)
		k->last_rx = ctrl_loop_now(k->l);
	k->paused = paused != 0;
	rewatch(k);
	if (!k->paused && k->tls != NULL && !k->handshaking &&
	    ctrl_tls_pending(k->tls) > 0) {
		k->more_rx = 1;
		ctrl_timer_after(k->l, &k->tick, 0);
	}
}

size_t ctrl_rlink_queued(const ctrl_rlink *k)
{
	return k->out_len;
}

int ctrl_rlink_fd(const ctrl_rlink *k)
{
	return k->fd;
}

ctrl_tls *ctrl_rlink_tls(const ctrl_rlink *k)
{
	return k->tls;
}

int ctrl_rlink_ready(const ctrl_rlink *k)
{
	return !k->handshaking;
}
