/*
 * conn.c: line-oriented connections on the event loop (ctrl/conn.h).
 *
 * Input is read into a buffer on the stack and lines are handed out from
 * there; only a partial line (or, while paused, what has not been handed
 * out) is copied to the heap.  Output is written straight to the socket
 * and only what it does not take is queued.  So an idle connection holds
 * no buffer at all.
 *
 * The owner may free the connection from any callback: ctrl_conn_free
 * then only marks it, and the function that made the callback frees it
 * once the callback has returned (the depth count).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctrl/conn.h"

#define READ_CHUNK 16384

struct ctrl_conn {
	ctrl_loop                  *l;
	int                         fd;
	const struct ctrl_conn_ops *ops;
	ctrl_conn_raw_cb            raw;        /* raw mode, if set */
	void                       *arg;
	size_t                      max_line, max_queue;

	/* a partial line, or bytes held while paused (held set) */
	char                       *in;
	size_t                      in_len, in_cap;

	char                       *out;
	size_t                      out_off, out_len, out_cap;

	ctrl_timer                  later;     /* resume, deferred close */
	int                         pending_err; /* closed() to deliver */
	unsigned                    watching;
	unsigned                    depth;     /* callbacks running */
	unsigned                    skipping : 1; /* rest of a long line */
	unsigned                    held : 1;
	unsigned                    paused : 1;
	unsigned                    eof : 1;
	unsigned                    finishing : 1;
	unsigned                    closing : 1;  /* closed() scheduled */
	unsigned                    over : 1;     /* closed() delivered */
	unsigned                    dead : 1;     /* freed by the owner */
};

static void on_event(ctrl_loop *l, int fd, unsigned events, void *arg);

static void destroy(ctrl_conn *c)
{
	ctrl_timer_cancel(c->l, &c->later);
	if (c->fd >= 0) {
		ctrl_loop_watch(c->l, c->fd, 0, NULL, NULL);
		close(c->fd);
	}
	free(c->in);
	free(c->out);
	free(c);
}

/* After a callback: 1 if the owner freed c (now gone) */
static int leave(ctrl_conn *c)
{
	c->depth--;
	if (c->dead && c->depth == 0) {
		destroy(c);
		return 1;
	}
	return c->dead;
}

static void rewatch(ctrl_conn *c)
{
	unsigned want = 0;

	if (c->dead || c->fd < 0)
		return;
	if (!c->paused && !c->held && !c->eof && !c->finishing &&
	    !c->closing && !c->over)
		want |= CTRL_READ;
	if (c->out_len > 0 && !c->closing && !c->over)
		want |= CTRL_WRITE;
	if (want != c->watching) {
		ctrl_loop_watch(c->l, c->fd, want, want ? on_event : NULL, c);
		c->watching = want;
	}
}

/* Deliver closed(err) from the loop, not from inside the owner's call. */
static void close_later(ctrl_conn *c, int err)
{
	if (c->closing || c->over)
		return;
	c->closing = 1;
	c->pending_err = err;
	rewatch(c);
	ctrl_timer_after(c->l, &c->later, 0);
}

/* Deliver closed(err) now.  Returns 1 if c is gone. */
static int deliver_closed(ctrl_conn *c, int err)
{
	if (c->over)
		return 0;
	c->over = 1;
	c->closing = 0;
	rewatch(c);
	c->depth++;
	c->ops->closed(c, err, c->arg);
	return leave(c);
}

static int append_in(ctrl_conn *c, const char *p, size_t n)
{
	if (c->in_len + n + 1 > c->in_cap) {
		size_t cap = c->in_cap ? c->in_cap : 256;
		char *b;
		while (cap < c->in_len + n + 1)
			cap *= 2;
		if ((b = realloc(c->in, cap)) == NULL)
			return -1;
		c->in = b;
		c->in_cap = cap;
	}
	memcpy(c->in + c->in_len, p, n);
	c->in_len += n;
	return 0;
}

/* Hand one line to the owner.  Returns 1 if c is gone. */
static int deliver_line(ctrl_conn *c, char *line, size_t len, int too_long)
{
	if (!too_long && len > 0 && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	c->depth++;
	c->ops->line(c, line, len, too_long, c->arg);
	return leave(c);
}

/*
 * Hand out the lines in data[0..n) (which may be changed), keeping a
 * partial last line, or everything left if the owner pauses.  Returns 1
 * if c is gone.
 */
static int process(ctrl_conn *c, char *data, size_t n)
{
	if (c->raw != NULL) {
		if (n == 0 || c->over || c->closing)
			return 0;
		data[n] = '\0';
		c->depth++;
		c->raw(c, data, n, c->arg);
		return leave(c);
	}
	while (n > 0) {
		char *nl;
		size_t seg;

		if (c->paused || c->over || c->closing) {
			if (c->paused && append_in(c, data, n) == 0)
				c->held = 1;
			return 0;
		}
		nl = memchr(data, '\n', n);
		seg = nl ? (size_t)(nl - data) : n;
		if (c->skipping) {
			if (nl == NULL)
				return 0;
			c->skipping = 0;
		} else if (c->in_len == 0 && nl != NULL) {
			/* the common case: a whole line in the buffer */
			int long_ = seg > c->max_line;
			if (deliver_line(c, data, long_ ? c->max_line : seg,
			                 long_))
				return 1;
		} else if (c->in_len + seg <= c->max_line) {
			if (append_in(c, data, seg) != 0) {
				close_later(c, ENOMEM);
				return 0;
			}
			if (nl != NULL) {
				size_t len = c->in_len;
				c->in_len = 0;
				if (deliver_line(c, c->in, len, 0))
					return 1;
				if (c->in_len == 0 && !c->held) {
					free(c->in);
					c->in = NULL;
					c->in_cap = 0;
				}
			}
		} else {
			/* too long: the first max_line bytes, then skip */
			size_t take = c->max_line - c->in_len;
			if (append_in(c, data, take) != 0) {
				close_later(c, ENOMEM);
				return 0;
			}
			c->in_len = 0;
			c->skipping = nl == NULL;
			if (deliver_line(c, c->in, c->max_line, 1))
				return 1;
			free(c->in);
			c->in = NULL;
			c->in_cap = 0;
		}
		if (nl == NULL)
			return 0;
		seg++;
		data += seg;
		n -= seg;
	}
	return 0;
}

static int do_read(ctrl_conn *c)
{
	char buf[READ_CHUNK + 1];
	ssize_t r = read(c->fd, buf, READ_CHUNK);

	if (r < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		return deliver_closed(c, errno);
	}
	if (r == 0) {
		c->eof = 1;
		rewatch(c);
		/* a last line without its newline is still a line, unless
		 * the owner asks to be told it was cut short */
		if (c->in_len > 0 && !c->skipping) {
			size_t len = c->in_len;
			c->in_len = 0;
			if (c->ops->partial != NULL) {
				c->in[len] = '\0';
				c->depth++;
				c->ops->partial(c, c->in, len, c->arg);
				if (leave(c))
					return 1;
			} else if (deliver_line(c, c->in, len, 0)) {
				return 1;
			}
		}
		if (c->over || c->closing)
			return 0;
		if (c->ops->eof == NULL)
			return deliver_closed(c, 0);
		c->depth++;
		c->ops->eof(c, c->arg);
		return leave(c);
	}
	return process(c, buf, (size_t)r);
}

static ssize_t send_some(int fd, const char *p, size_t n)
{
	ssize_t w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (w < 0 && errno == ENOTSOCK)
		w = write(fd, p, n);
	return w;
}

/* The queue was emptied: the drained callback, a pending finish. */
static int emptied(ctrl_conn *c)
{
	free(c->out);
	c->out = NULL;
	c->out_off = c->out_len = c->out_cap = 0;
	rewatch(c);
	if (c->finishing) {
		shutdown(c->fd, SHUT_WR);
		return deliver_closed(c, 0);
	}
	if (c->ops->drained != NULL) {
		c->depth++;
		c->ops->drained(c, c->arg);
		return leave(c);
	}
	return 0;
}

static int do_write(ctrl_conn *c)
{
	while (c->out_len > 0) {
		ssize_t w = send_some(c->fd, c->out + c->out_off, c->out_len);
		if (w < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == EINTR)
				continue;
			return deliver_closed(c, errno);
		}
		c->out_off += (size_t)w;
		c->out_len -= (size_t)w;
	}
	return emptied(c);
}

static void on_event(ctrl_loop *l, int fd, unsigned events, void *arg)
{
	ctrl_conn *c = arg;
	(void)l;
	(void)fd;

	if (c->over || c->dead)
		return;
	if ((events & CTRL_WRITE) && do_write(c))
		return;
	if (c->over || c->dead)
		return;
	if ((events & (CTRL_READ | CTRL_ERROR)) && (c->watching & CTRL_READ))
		do_read(c);
	else if ((events & CTRL_ERROR) && !(c->watching & CTRL_READ) &&
	         c->out_len > 0)
		do_write(c);
}

static void on_later(ctrl_loop *l, void *arg)
{
	ctrl_conn *c = arg;
	(void)l;

	if (c->dead || c->over)
		return;
	if (c->closing) {
		deliver_closed(c, c->pending_err);
		return;
	}
	if (c->held && !c->paused) {
		char *b = c->in;
		size_t n = c->in_len;
		c->in = NULL;
		c->in_len = c->in_cap = 0;
		c->held = 0;
		c->depth++;
		process(c, b, n);
		free(b);
		if (leave(c))
			return;
		rewatch(c);
	}
}

ctrl_conn *ctrl_conn_new(ctrl_loop *l, int fd, const struct ctrl_conn_ops *ops,
                         void *arg, const struct ctrl_conn_limits *limits)
{
	ctrl_conn *c;
	int fl;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->l = l;
	c->fd = fd;
	c->ops = ops;
	c->arg = arg;
	c->max_line = limits && limits->max_line ? limits->max_line : 8192;
	c->max_queue = limits && limits->max_queue ? limits->max_queue
	                                           : 4u << 20;
	ctrl_timer_init(&c->later, on_later, c);
	if ((fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
	    ctrl_loop_watch(l, fd, CTRL_READ, on_event, c) != 0) {
		free(c);
		return NULL;
	}
	c->watching = CTRL_READ;
	return c;
}

int ctrl_conn_write(ctrl_conn *c, const void *buf, size_t len)
{
	const char *p = buf;

	if (c->over || c->closing || c->dead || c->finishing) {
		errno = EPIPE;
		return -1;
	}
	if (c->out_len == 0) {
		while (len > 0) {
			ssize_t w = send_some(c->fd, p, len);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					break;
				close_later(c, errno);
				errno = EPIPE;
				return -1;
			}
			p += w;
			len -= (size_t)w;
		}
		if (len == 0)
			return 0;
	}
	if (c->out_len + len > c->max_queue) {
		close_later(c, ENOBUFS);
		errno = ENOBUFS;
		return -1;
	}
	if (c->out_off + c->out_len + len > c->out_cap) {
		if (c->out_off > 0) {
			memmove(c->out, c->out + c->out_off, c->out_len);
			c->out_off = 0;
		}
		if (c->out_len + len > c->out_cap) {
			size_t cap = c->out_cap ? c->out_cap : 4096;
			char *b;
			while (cap < c->out_len + len)
				cap *= 2;
			if ((b = realloc(c->out, cap)) == NULL) {
				close_later(c, ENOMEM);
				errno = ENOMEM;
				return -1;
			}
			c->out = b;
			c->out_cap = cap;
		}
	}
	memcpy(c->out + c->out_off + c->out_len, p, len);
	c->out_len += len;
	rewatch(c);
	return 0;
}

int ctrl_conn_printf(ctrl_conn *c, const char *fmt, ...)
{
	char small[512], *big = NULL;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return ctrl_conn_write(c, small, (size_t)n);
	/* a second pass over the arguments needs a fresh va_list */
	if ((big = malloc((size_t)n + 1)) == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = ctrl_conn_write(c, big, (size_t)n);
	free(big);
	return rc;
}

size_t ctrl_conn_queued(const ctrl_conn *c)
{
	return c->out_len;
}

void ctrl_conn_pause(ctrl_conn *c, int paused)
{
	if (c->dead)
		return;
	c->paused = paused != 0;
	if (!c->paused && c->held)
		ctrl_timer_after(c->l, &c->later, 0);
	rewatch(c);
}

void ctrl_conn_finish(ctrl_conn *c)
{
	if (c->dead || c->over || c->finishing)
		return;
	c->finishing = 1;
	rewatch(c);
	if (c->out_len == 0) {
		shutdown(c->fd, SHUT_WR);
		close_later(c, 0);
	}
}

void ctrl_conn_set_raw(ctrl_conn *c, ctrl_conn_raw_cb cb)
{
	c->raw = cb;
}

int ctrl_conn_fd(const ctrl_conn *c)
{
	return c->fd;
}

void ctrl_conn_free(ctrl_conn *c)
{
	if (c == NULL || c->dead)
		return;
	c->dead = 1;
	if (c->depth > 0) {
		/* inside a callback: release the socket now, memory later */
		ctrl_timer_cancel(c->l, &c->later);
		ctrl_loop_watch(c->l, c->fd, 0, NULL, NULL);
		close(c->fd);
		c->fd = -1;
		return;
	}
	destroy(c);
}
