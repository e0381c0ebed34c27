/*
 * mux_client.c: sc_remoted's multiplexed socket, client side
 * (ctrl/mux_client.h).
 *
 * One raw ctrl_conn to the socket, split into frames by a
 * ctrl_mux_reader.  Channel 0's messages keep the VP list; every other
 * channel is a link of a ctrl_client (client_int.h): its payloads are
 * split into lines here, as a ctrl_conn would, and what the client
 * writes goes out as that channel's frames.
 *
 * Callbacks may free anything.  depth counts the entry points active;
 * a mux client freed inside one is only marked dead and freed when the
 * outermost returns.  A channel being fed lines is marked busy, so that
 * its client closing it from a callback only detaches it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctrl/conn.h"
#include "ctrl/mux.h"
#include "ctrl/mux_client.h"
#include "client_int.h"

#define CHUNK     8192       /* payload of a channel frame we send */
#define MAX_LINE  65536      /* longest line kept from a channel */
#define MAX_VPS   100000

struct vp_ent {
	struct ctrl_mux_vp       pub;
	char                    *blob;    /* the attribute bytes */
	struct ctrl_mux_vp_attr *attrs;
	const char             **tags;
};

struct chan {
	ctrl_mux_client *m;        /* NULL once the mux is gone */
	ctrl_client     *c;        /* NULL once the client let go */
	uint32_t         id, vp_id;
	char            *line;     /* a partial line */
	size_t           len, cap;
	int              skipping; /* the rest of a line too long */
	int              busy;
	int              ending;   /* sc_remoted's side ended it */
	struct chan     *next;
	/* an end that came while the client was inside a callback waits
	 * for the loop: its done()s then precede its closed() */
	ctrl_loop       *l;
	ctrl_timer       later;
	int              later_code;
	char             later_why[sizeof(((struct ctrl_error *)0)->msg)];
};

struct ctrl_mux_client {
	ctrl_loop                        *l;
	const struct ctrl_mux_client_ops *ops;
	void                             *arg;
	size_t                            max_vps;
	char                             *peer;     /* the path */
	ctrl_conn                        *conn;
	struct ctrl_mux_reader            rd;
	struct vp_ent                   **vps;
	size_t                            nvps, vcap;
	struct chan                      *chans;
	size_t                            nchans;
	uint32_t                          next_chan;
	int                               go, ended, dead, connected;
	unsigned                          depth;
};

static void seterr(struct ctrl_error *err, int code, int sys,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void seterr(struct ctrl_error *err, int code, int sys,
                   const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	err->code = code;
	err->sys = sys;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* ---- the VP list -------------------------------------------------------- */

static void vp_free(struct vp_ent *v)
{
	if (v == NULL)
		return;
	free(v->blob);
	free(v->attrs);
	free(v->tags);
	free(v);
}

static const char **vp_field(struct ctrl_mux_vp *p, int attr)
{
	switch (attr) {
	case CTRL_MUX_ATTR_NAME:      return &p->name;
	case CTRL_MUX_ATTR_ARRIVAL:   return &p->arrival;
	case CTRL_MUX_ATTR_IPV4:      return &p->ipv4;
	case CTRL_MUX_ATTR_IPV6:      return &p->ipv6;
	case CTRL_MUX_ATTR_IPV4_ASN:  return &p->asn4;
	case CTRL_MUX_ATTR_IPV6_ASN:  return &p->asn6;
	case CTRL_MUX_ATTR_CC:        return &p->cc;
	case CTRL_MUX_ATTR_ST:        return &p->st;
	case CTRL_MUX_ATTR_PLACE:     return &p->place;
	case CTRL_MUX_ATTR_LATLONG:   return &p->latlong;
	case CTRL_MUX_ATTR_SHORTNAME: return &p->shortname;
	case CTRL_MUX_ATTR_IATA:      return &p->iata;
	default:                      return NULL;
	}
}

/* A VP from a parsed VP_UPDATE; NULL with *why. */
static struct vp_ent *vp_make(const struct ctrl_mux_msg *msg,
                              const char **why)
{
	struct ctrl_mux_msg copy = *msg;
	struct vp_ent *v;
	size_t off = 0, n = 0, ntags = 0;
	const char *value;
	int attr, rc;

	*why = "out of memory";
	while ((rc = ctrl_mux_attr_next(msg, &off, &attr, &value)) > 0) {
		n++;
		ntags += attr == CTRL_MUX_ATTR_TAG;
	}
	if (rc < 0) {
		*why = "a malformed VP update";
		return NULL;
	}
	if ((v = calloc(1, sizeof(*v))) == NULL ||
	    (msg->attrs_len > 0 &&
	     (v->blob = malloc(msg->attrs_len)) == NULL) ||
	    (n > 0 && (v->attrs = calloc(n, sizeof(*v->attrs))) == NULL) ||
	    (ntags > 0 && (v->tags = calloc(ntags, sizeof(*v->tags))) == NULL)) {
		vp_free(v);
		return NULL;
	}
	if (msg->attrs_len > 0)
		memcpy(v->blob, msg->attrs, msg->attrs_len);
	copy.attrs = (const uint8_t *)v->blob;
	v->pub.id = msg->vp_id;
	off = 0;
	while (ctrl_mux_attr_next(&copy, &off, &attr, &value) > 0) {
		const char **f = vp_field(&v->pub, attr);
		v->attrs[v->pub.nattrs].attr = attr;
		v->attrs[v->pub.nattrs++].value = value;
		if (attr == CTRL_MUX_ATTR_TAG)
			v->tags[v->pub.ntags++] = value;
		else if (f != NULL && *f == NULL)
			*f = value;
	}
	v->pub.attrs = v->attrs;
	v->pub.tags = v->tags;
	return v;
}

static size_t vp_index(const ctrl_mux_client *m, uint32_t id)
{
	for (size_t i = 0; i < m->nvps; i++)
		if (m->vps[i]->pub.id == id)
			return i;
	return (size_t)-1;
}

/* ---- channels ----------------------------------------------------------- */

/* Send a channel-0 message built in b (freed here).  0 or -1. */
static int send_ctl(ctrl_mux_client *m, struct ctrl_mux_buf *b, int built)
{
	int rc = -1;

	if (built == 0 && m->conn != NULL && !m->ended)
		rc = ctrl_conn_write(m->conn, b->p, b->len);
	ctrl_mux_buf_free(b);
	return rc;
}

static void chan_unlink(struct chan *ch)
{
	ctrl_mux_client *m = ch->m;

	if (m != NULL) {
		for (struct chan **pp = &m->chans; *pp != NULL;
		     pp = &(*pp)->next) {
			if (*pp == ch) {
				*pp = ch->next;
				m->nchans--;
				break;
			}
		}
		ch->m = NULL;
	}
}

static void chan_release(struct chan *ch)
{
	chan_unlink(ch);
	ch->c = NULL;
	if (!ch->busy) {
		ctrl_timer_cancel(ch->l, &ch->later);
		free(ch->line);
		free(ch);
	}
}

static int link_write(void *link, const void *buf, size_t len)
{
	struct chan *ch = link;
	const uint8_t *p = buf;
	uint8_t frame[CTRL_MUX_HDR_LEN + CHUNK];

	if (ch->m == NULL || ch->m->conn == NULL || ch->m->ended) {
		errno = EPIPE;
		return -1;
	}
	while (len > 0) {
		struct ctrl_mux_hdr h = { ch->id, len > CHUNK ? CHUNK
		                                               : (uint32_t)len };
		ctrl_mux_hdr_put(frame, &h);
		memcpy(frame + CTRL_MUX_HDR_LEN, p, h.len);
		if (ctrl_conn_write(ch->m->conn, frame,
		                    CTRL_MUX_HDR_LEN + h.len) != 0)
			return -1;
		p += h.len;
		len -= h.len;
	}
	return 0;
}

static size_t link_queued(const void *link)
{
	const struct chan *ch = link;

	if (ch->m == NULL || ch->m->conn == NULL)
		return 0;
	return ctrl_conn_queued(ch->m->conn);
}

/* The client lets go: tell sc_remoted if the channel is still open. */
static void link_close(void *link)
{
	struct chan *ch = link;
	ctrl_mux_client *m = ch->m;

	if (m != NULL && m->conn != NULL && !m->ended && !ch->ending) {
		struct ctrl_mux_buf b = { NULL, 0, 0 };
		send_ctl(m, &b, ctrl_mux_close(&b, ch->id));
	}
	chan_release(ch);
}

static const struct ctrl_cl_link_ops chan_link = {
	link_write, link_queued, link_close,
};

static struct chan *chan_find(const ctrl_mux_client *m, uint32_t id)
{
	for (struct chan *ch = m->chans; ch != NULL; ch = ch->next)
		if (ch->id == id)
			return ch;
	return NULL;
}

/* Hand a channel's bytes to its client, a line at a time. */
static void chan_feed(struct chan *ch, const uint8_t *p, size_t n)
{
	ch->busy++;
	while (n > 0 && ch->c != NULL && ch->m != NULL && !ch->m->dead) {
		const uint8_t *nl = memchr(p, '\n', n);
		size_t take = nl != NULL ? (size_t)(nl - p) : n;
		int too_long = 0;

		if (!ch->skipping) {
			size_t room = MAX_LINE - ch->len;
			size_t add = take < room ? take : room;
			if (ch->len + add + 1 > ch->cap) {
				size_t cap = ch->cap ? ch->cap : 256;
				char *b;
				while (cap < ch->len + add + 1)
					cap *= 2;
				if ((b = realloc(ch->line, cap)) == NULL) {
					struct ctrl_error e;
					seterr(&e, CTRL_ERR_NOMEM, ENOMEM,
					       "%s: out of memory",
					       ch->c->peer);
					ctrl_cl_link_failed(ch->c, &e);
					break;
				}
				ch->line = b;
				ch->cap = cap;
			}
			memcpy(ch->line + ch->len, p, add);
			ch->len += add;
			too_long = take > add;
		}
		p += take;
		n -= take;
		if (nl != NULL) {
			p++;
			n--;
		}
		if (too_long || (nl != NULL && !ch->skipping)) {
			size_t len = ch->len;
			if (!too_long && len > 0 && ch->line[len - 1] == '\r')
				len--;
			ch->line[len] = '\0';
			ch->len = 0;
			ch->skipping = too_long && nl == NULL;
			ctrl_cl_link_line(ch->c, ch->line, len, too_long);
		} else if (nl != NULL) {
			ch->skipping = 0;
		}
	}
	ch->busy--;
	if (ch->c == NULL && !ch->busy)
		chan_release(ch);
}

/*
 * The channel ends from sc_remoted's side (closed, its VP gone, or the
 * whole connection over).  A session that ended as asked ends cleanly;
 * else the client's commands are lost, and why says so.
 */
static void chan_end_now(struct chan *ch, int code, const char *why)
{
	ctrl_client *c = ch->c;

	ch->busy++;
	ch->ending = 1;
	if (c != NULL && ch->len > 0)
		ctrl_cl_link_partial(c, ch->len);
	if (c != NULL && why != NULL && !c->in_block &&
	    (c->nunsent + c->nreply + c->tcount > 0 || !c->done_acked)) {
		struct ctrl_error e;
		size_t held = c->nunsent + c->nreply + c->tcount;
		if (held > 0)
			seterr(&e, code, 0, "%s: %s, with %zu command%s "
			       "unfinished", c->peer, why, held,
			       held == 1 ? "" : "s");
		else
			seterr(&e, code, 0, "%s: %s", c->peer, why);
		ctrl_cl_link_failed(c, &e);
	} else if (c != NULL) {
		ctrl_cl_link_down(c, 0);
	}
	ch->busy--;
	/* the client let go (or had already): the channel is done */
	if (ch->c != NULL) {
		ch->c->lops = NULL;   /* ended before: detach for good */
		ch->c->link = NULL;
	}
	chan_release(ch);
}

static void chan_end_later(ctrl_loop *l, void *arg)
{
	struct chan *ch = arg;
	(void)l;
	chan_end_now(ch, ch->later_code,
	             ch->later_why[0] != '\0' ? ch->later_why : NULL);
}

static void chan_end(struct chan *ch, int code, const char *why)
{
	if (ch->c == NULL || ch->c->depth == 0) {
		chan_end_now(ch, code, why);
		return;
	}
	/* off the mux now (what the client writes fails), ended soon */
	ch->ending = 1;
	chan_unlink(ch);
	ch->later_code = code;
	snprintf(ch->later_why, sizeof(ch->later_why), "%s", why ? why : "");
	ctrl_timer_after(ch->l, &ch->later, 0);
}

/* ---- the connection ----------------------------------------------------- */

static void enter(ctrl_mux_client *m)
{
	m->depth++;
}

static void destroy(ctrl_mux_client *m)
{
	ctrl_mux_reader_clear(&m->rd);
	for (size_t i = 0; i < m->nvps; i++)
		vp_free(m->vps[i]);
	free(m->vps);
	free(m->peer);
	free(m);
}

/* Returns 1 when m is gone. */
static int leave(ctrl_mux_client *m)
{
	if (--m->depth == 0 && m->dead) {
		destroy(m);
		return 1;
	}
	return 0;
}

/* The connection is over: end every channel, then tell the owner
 * (unless it freed the mux client). */
static void mux_end(ctrl_mux_client *m, const struct ctrl_error *err)
{
	if (m->ended)
		return;
	m->ended = 1;
	if (m->conn != NULL) {
		ctrl_conn_free(m->conn);
		m->conn = NULL;
	}
	while (m->chans != NULL)
		chan_end(m->chans, err->code, err->msg);
	if (!m->dead)
		m->ops->closed(m, err, m->arg);
}

static void mux_fail(ctrl_mux_client *m, int code, int sys,
                     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void mux_fail(ctrl_mux_client *m, int code, int sys,
                     const char *fmt, ...)
{
	struct ctrl_error e;
	va_list ap;
	int n;

	e.code = code;
	e.sys = sys;
	n = snprintf(e.msg, sizeof(e.msg), "%s: ", m->peer);
	if (n < 0 || (size_t)n >= sizeof(e.msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(e.msg + n, sizeof(e.msg) - (size_t)n, fmt, ap);
	va_end(ap);
	mux_end(m, &e);
}

static void on_update(ctrl_mux_client *m, const struct ctrl_mux_msg *msg)
{
	struct vp_ent *v;
	const char *why;
	size_t i = vp_index(m, msg->vp_id);

	if ((v = vp_make(msg, &why)) == NULL) {
		mux_fail(m, strcmp(why, "out of memory") == 0 ? CTRL_ERR_NOMEM
		         : CTRL_ERR_PROTOCOL, 0, "%s (VP #%u)", why,
		         msg->vp_id);
		return;
	}
	if (i != (size_t)-1) {
		vp_free(m->vps[i]);
		m->vps[i] = v;
	} else {
		if (m->nvps >= m->max_vps) {
			vp_free(v);
			mux_fail(m, CTRL_ERR_PROTOCOL, 0, "more than %zu VPs",
			         m->max_vps);
			return;
		}
		if (m->nvps == m->vcap) {
			size_t cap = m->vcap ? m->vcap * 2 : 16;
			struct vp_ent **a = realloc(m->vps, cap * sizeof(*a));
			if (a == NULL) {
				vp_free(v);
				mux_fail(m, CTRL_ERR_NOMEM, ENOMEM,
				         "out of memory");
				return;
			}
			m->vps = a;
			m->vcap = cap;
		}
		m->vps[m->nvps++] = v;
	}
	if (m->ops->vp != NULL)
		m->ops->vp(m, &v->pub, i != (size_t)-1 ? CTRL_MUX_VP_CHANGED
		                                      : CTRL_MUX_VP_NEW, m->arg);
}

static void on_depart(ctrl_mux_client *m, uint32_t id)
{
	size_t i = vp_index(m, id);
	struct vp_ent *v;
	char why[200];
	struct chan *ch;

	if (i == (size_t)-1)
		return;
	v = m->vps[i];
	memmove(m->vps + i, m->vps + i + 1,
	        (m->nvps - i - 1) * sizeof(*m->vps));
	m->nvps--;
	snprintf(why, sizeof(why), "the VP departed from sc_remoted");
	while (!m->dead && (ch = m->chans) != NULL) {
		for (; ch != NULL && ch->vp_id != id; ch = ch->next)
			;
		if (ch == NULL)
			break;
		chan_end(ch, CTRL_ERR_EOF, why);
	}
	if (!m->dead && m->ops->vp != NULL)
		m->ops->vp(m, &v->pub, CTRL_MUX_VP_GONE, m->arg);
	vp_free(v);
}

/* One frame; non-zero stops the reader (m ended or freed). */
static int on_frame(const struct ctrl_mux_hdr *h, const uint8_t *p,
                    void *arg)
{
	ctrl_mux_client *m = arg;
	struct ctrl_mux_msg msg;
	struct chan *ch;
	const char *why;

	if (h->channel != 0) {
		if ((ch = chan_find(m, h->channel)) != NULL)
			chan_feed(ch, p, h->len);
		/* else a channel closed from here: dropped */
		return m->ended || m->dead;
	}
	if (ctrl_mux_parse(p, h->len, &msg, &why) != 0) {
		mux_fail(m, CTRL_ERR_PROTOCOL, 0, "a bad control message: %s",
		         why);
		return 1;
	}
	switch (msg.type) {
	case CTRL_MUX_VP_UPDATE:
		on_update(m, &msg);
		break;
	case CTRL_MUX_VP_DEPART:
		on_depart(m, msg.vp_id);
		break;
	case CTRL_MUX_GO:
		if (!m->go) {
			m->go = 1;
			if (m->ops->go != NULL)
				m->ops->go(m, m->arg);
		}
		break;
	case CTRL_MUX_CHANNEL_CLOSE:
		if ((ch = chan_find(m, msg.channel)) != NULL)
			chan_end(ch, 0, NULL);
		break;
	default:   /* CHANNEL_OPEN is the client's to send */
		mux_fail(m, CTRL_ERR_PROTOCOL, 0,
		         "a control message of type %d from sc_remoted",
		         msg.type);
		break;
	}
	return m->ended || m->dead;
}

static void on_raw(ctrl_conn *cn, char *data, size_t len, void *arg)
{
	ctrl_mux_client *m = arg;
	const char *why = NULL;
	(void)cn;

	if (m->ended || m->dead)
		return;
	enter(m);
	if (ctrl_mux_reader_feed(&m->rd, (const uint8_t *)data, len, on_frame,
	                         m, &why) < 0 && !m->ended && !m->dead)
		mux_fail(m, CTRL_ERR_PROTOCOL, 0, "%s", why ? why : "bad frame");
	leave(m);
}

static void on_closed(ctrl_conn *cn, int sys, void *arg)
{
	ctrl_mux_client *m = arg;
	size_t held = ctrl_mux_reader_held(&m->rd);
	(void)cn;

	if (m->ended || m->dead)
		return;
	enter(m);
	if (sys != 0)
		mux_fail(m, CTRL_ERR_IO, sys, "%s", strerror(sys));
	else if (held > 0)
		mux_fail(m, CTRL_ERR_EOF, 0, "sc_remoted closed the "
		         "multiplexed socket inside a frame (%zu bytes of it "
		         "came)", held);
	else
		mux_fail(m, CTRL_ERR_EOF, 0, "sc_remoted closed the "
		         "multiplexed socket");
	leave(m);
}

static void on_eof(ctrl_conn *cn, void *arg)
{
	on_closed(cn, 0, arg);
}

static void on_drained(ctrl_conn *cn, void *arg)
{
	ctrl_mux_client *m = arg;
	(void)cn;

	if (m->ended || m->dead)
		return;
	enter(m);
	/* the clients may send again: each pumps (in channel order, found
	 * afresh each time: a callback may end any channel) */
	for (uint32_t last = 0; !m->dead && !m->ended;) {
		struct chan *ch = NULL;
		for (struct chan *x = m->chans; x != NULL; x = x->next)
			if (x->id > last && (ch == NULL || x->id < ch->id))
				ch = x;
		if (ch == NULL)
			break;
		last = ch->id;
		ch->busy++;
		if (ch->c != NULL)
			ctrl_cl_link_drained(ch->c);
		ch->busy--;
		if (ch->c == NULL && !ch->busy)
			chan_release(ch);
	}
	leave(m);
}

static const struct ctrl_conn_ops conn_ops = {
	.eof = on_eof,
	.closed = on_closed,
	.drained = on_drained,
};

/* ---- public calls ------------------------------------------------------- */

ctrl_mux_client *ctrl_mux_client_new(ctrl_loop *l,
                                     const struct ctrl_mux_client_ops *ops,
                                     const struct ctrl_mux_client_opts *opts,
                                     void *arg)
{
	ctrl_mux_client *m;

	if (l == NULL || ops == NULL || ops->closed == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if ((m->peer = strdup("mux")) == NULL) {
		free(m);
		return NULL;
	}
	m->l = l;
	m->ops = ops;
	m->arg = arg;
	m->max_vps = MAX_VPS;
	m->next_chan = 1;
	if (opts != NULL) {
		if (opts->max_vps > 0)
			m->max_vps = opts->max_vps;
		if (opts->max_frame > 0)
			m->rd.max_len = opts->max_frame > UINT32_MAX
			                ? UINT32_MAX : (uint32_t)opts->max_frame;
	}
	return m;
}

static int start(ctrl_mux_client *m, int fd, const char *peer,
                 struct ctrl_error *err)
{
	char *p;

	if ((p = strdup(peer)) == NULL) {
		seterr(err, CTRL_ERR_NOMEM, ENOMEM, "out of memory");
		close(fd);
		return -1;
	}
	free(m->peer);
	m->peer = p;
	if ((m->conn = ctrl_conn_new(m->l, fd, &conn_ops, m, NULL)) == NULL) {
		seterr(err, CTRL_ERR_IO, errno, "%s: %s", peer,
		       strerror(errno));
		close(fd);
		return -1;
	}
	ctrl_conn_set_raw(m->conn, on_raw);
	m->connected = 1;
	return 0;
}

static int check_new(ctrl_mux_client *m, const char *peer,
                     struct ctrl_error *err)
{
	if (m->connected || m->dead) {
		seterr(err, CTRL_ERR_USAGE, EISCONN, "%s: the mux client has "
		       "connected before", peer);
		return -1;
	}
	return 0;
}

int ctrl_mux_client_connect(ctrl_mux_client *m, const char *path,
                            struct ctrl_error *err)
{
	struct sockaddr_un sun;
	int fd;

	if (path == NULL || strlen(path) == 0 ||
	    strlen(path) >= sizeof(sun.sun_path)) {
		seterr(err, CTRL_ERR_USAGE, EINVAL, "\"%.200s\": a unix socket "
		       "path of 1 to %zu bytes", path ? path : "",
		       sizeof(sun.sun_path) - 1);
		return -1;
	}
	if (check_new(m, path, err) != 0)
		return -1;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		seterr(err, CTRL_ERR_CONNECT, errno, "connect to %s: %s", path,
		       strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return start(m, fd, path, err);
}

int ctrl_mux_client_open_fd(ctrl_mux_client *m, int fd,
                            struct ctrl_error *err)
{
	char peer[32];

	snprintf(peer, sizeof(peer), "fd %d", fd);
	if (fd < 0) {
		seterr(err, CTRL_ERR_USAGE, EBADF, "%s: not open", peer);
		return -1;
	}
	if (check_new(m, peer, err) != 0)
		return -1;
	return start(m, fd, peer, err);
}

int ctrl_mux_client_ready(const ctrl_mux_client *m)
{
	return m->go;
}

size_t ctrl_mux_client_nvps(const ctrl_mux_client *m)
{
	return m->nvps;
}

const struct ctrl_mux_vp *ctrl_mux_client_vp(const ctrl_mux_client *m,
                                             size_t i)
{
	return i < m->nvps ? &m->vps[i]->pub : NULL;
}

const struct ctrl_mux_vp *ctrl_mux_client_vp_byid(const ctrl_mux_client *m,
                                                  uint32_t id)
{
	size_t i = vp_index(m, id);
	return i != (size_t)-1 ? &m->vps[i]->pub : NULL;
}

int ctrl_mux_client_find(const ctrl_mux_client *m, const char *name,
                         const struct ctrl_mux_vp **vp,
                         struct ctrl_error *err)
{
	const struct ctrl_mux_vp *hit = NULL;
	unsigned n = 0;
	char names[200] = "";
	size_t o = 0;

	*vp = NULL;
	for (int pass = 0; pass < 2 && n == 0; pass++) {
		for (size_t i = 0; i < m->nvps; i++) {
			const struct ctrl_mux_vp *v = &m->vps[i]->pub;
			const char *s = pass == 0 ? v->name : v->shortname;
			if (s != NULL && name != NULL && strcmp(s, name) == 0) {
				hit = v;
				n++;
			}
		}
	}
	if (n == 1) {
		*vp = hit;
		return 0;
	}
	if (n > 1) {
		seterr(err, CTRL_ERR_USAGE, EEXIST, "%s: %u VPs are named %s",
		       m->peer, n, name);
		return -1;
	}
	for (size_t i = 0; i < m->nvps && o + 8 < sizeof(names); i++) {
		const char *s = m->vps[i]->pub.name;
		int k = snprintf(names + o, sizeof(names) - o, "%s%s",
		                 o ? ", " : "", s ? s : "(no name)");
		o = k < 0 || (size_t)k >= sizeof(names) - o ? sizeof(names)
		                                           : o + (size_t)k;
	}
	if (o >= sizeof(names))
		strcpy(names + sizeof(names) - 4, "...");
	seterr(err, CTRL_ERR_USAGE, ENOENT, "%s: no VP named %s (%zu "
	       "connected%s%s)", m->peer, name ? name : "(null)", m->nvps,
	       m->nvps ? ": " : "", names);
	return -1;
}

size_t ctrl_mux_client_nchannels(const ctrl_mux_client *m)
{
	return m->nchans;
}

int ctrl_client_connect_mux(ctrl_client *c, ctrl_mux_client *m,
                            uint32_t vp_id, struct ctrl_error *err)
{
	const struct ctrl_mux_vp *vp = ctrl_mux_client_vp_byid(m, vp_id);
	struct ctrl_mux_buf b = { NULL, 0, 0 };
	struct chan *ch;
	char peer[300];
	char *p;

	if (vp == NULL) {
		seterr(err, CTRL_ERR_USAGE, ENOENT, "%s: no VP #%u", m->peer,
		       vp_id);
		return -1;
	}
	if (vp->name != NULL)
		snprintf(peer, sizeof(peer), "VP %s", vp->name);
	else
		snprintf(peer, sizeof(peer), "VP #%u", vp_id);
	if (c->state != ST_NEW || c->dead) {
		seterr(err, CTRL_ERR_USAGE, EISCONN, "%s: the client has "
		       "connected before", peer);
		return -1;
	}
	if (m->conn == NULL || m->ended || m->dead) {
		seterr(err, CTRL_ERR_USAGE, ENOTCONN, "%s: the multiplexed "
		       "socket %s is not open", peer, m->peer);
		return -1;
	}
	while (m->next_chan == 0 || chan_find(m, m->next_chan) != NULL)
		m->next_chan++;
	if ((ch = calloc(1, sizeof(*ch))) == NULL ||
	    (p = strdup(peer)) == NULL) {
		free(ch);
		seterr(err, CTRL_ERR_NOMEM, ENOMEM, "out of memory");
		return -1;
	}
	ch->m = m;
	ch->c = c;
	ch->l = m->l;
	ctrl_timer_init(&ch->later, chan_end_later, ch);
	ch->id = m->next_chan++;
	ch->vp_id = vp_id;
	if (send_ctl(m, &b, ctrl_mux_open(&b, vp_id, ch->id)) != 0) {
		seterr(err, CTRL_ERR_IO, errno, "%s: opening a channel on %s: "
		       "%s", peer, m->peer, strerror(errno));
		free(ch);
		free(p);
		return -1;
	}
	ch->next = m->chans;
	m->chans = ch;
	m->nchans++;
	free(c->peer);
	c->peer = p;
	c->state = ST_CONNECTING;
	c->lops = &chan_link;
	c->link = ch;
	ctrl_cl_link_up(c);
	return 0;
}

void ctrl_mux_client_free(ctrl_mux_client *m)
{
	struct ctrl_error e;

	if (m == NULL || m->dead)
		return;
	m->dead = 1;
	enter(m);
	if (m->conn != NULL) {
		ctrl_conn_free(m->conn);
		m->conn = NULL;
	}
	seterr(&e, CTRL_ERR_EOF, 0, "the multiplexed socket %s was closed",
	       m->peer);
	while (m->chans != NULL)
		chan_end(m->chans, e.code, e.msg);
	m->ended = 1;
	leave(m);
}
