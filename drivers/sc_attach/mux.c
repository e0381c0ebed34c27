/*
 * mux.c: a VP by name through sc_remoted's multiplexed socket (mux.h).
 *
 * Two raw connections on the loop: mc, the mux socket, whose frames are
 * split by ctrl_mux_reader; pc, our end of the socket pair the client
 * holds the other end of.  Channel CHAN's payloads go to pc unchanged;
 * what pc reads goes out as CHAN's frames.  Each side pauses reading
 * while the other has much queued.  The end is reported from a timer, so
 * the owner may free the relay in its callback whatever the relay was
 * doing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctrl/conn.h"
#include "ctrl/mux.h"
#include "mux.h"

#define CHAN        1u           /* the one channel we open */
#define CHUNK       8192         /* payload of a frame we send, at most */
#define HIGH        (256 * 1024) /* queued bytes before the other side
                                    stops reading */
#define LIST_WAIT   (10 * 1000000ull)  /* for the list, at most */

struct vp {
	uint32_t   id;
	char      *name, *shortname;
	char      *desc;      /* "attr=value ..." for -l */
	struct vp *next;
};

struct mux {
	ctrl_loop             *l;
	ctrl_conn             *mc, *pc;
	struct ctrl_mux_reader rd;
	char                  *path, *want;
	int                    list;
	FILE                  *out;
	struct vp             *vps;
	uint32_t               vp_id;     /* the VP of our channel */
	int                    chosen;    /* vp_id is set */
	int                    open;      /* the channel is open */
	int                    ended;
	char                   err[320];
	ctrl_timer             timer;     /* list wait, then the end */
	mux_end_cb             cb;
	void                  *arg;
};

static void vp_free(struct vp *v)
{
	free(v->name);
	free(v->shortname);
	free(v->desc);
	free(v);
}

static void fire(ctrl_loop *l, void *arg)
{
	struct mux *m = arg;
	(void)l;
	m->cb(m, m->err[0] ? m->err : NULL, m->arg);
}

/* The relay is over: stop both sides, report from the loop. */
static void end(struct mux *m, const char *fmt, ...)
{
	va_list ap;

	if (m->ended)
		return;
	m->ended = 1;
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(m->err, sizeof(m->err), fmt, ap);
		va_end(ap);
	}
	if (m->mc != NULL)
		ctrl_conn_pause(m->mc, 1);
	if (m->pc != NULL)
		ctrl_conn_pause(m->pc, 1);
	ctrl_timer_cancel(m->l, &m->timer);
	ctrl_timer_init(&m->timer, fire, m);
	ctrl_timer_after(m->l, &m->timer, 0);
}

/* ---- the VP list -------------------------------------------------------- */

/* Add " key=value" to *s; a value that is empty or holds a blank, a
 * quote or a backslash is written in double quotes, with \" and \\. */
static int append(char **s, const char *key, const char *value)
{
	size_t o = *s ? strlen(*s) : 0;
	int q = value[0] == '\0' || strpbrk(value, " \t\"\\") != NULL;
	size_t n = o + strlen(key) + 2 * strlen(value) + 5;
	char *p = realloc(*s, n), *w;

	if (p == NULL)
		return -1;
	w = p + o;
	if (o > 0)
		*w++ = ' ';
	w += sprintf(w, "%s=", key);
	if (q)
		*w++ = '"';
	for (const char *v = value; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			*w++ = '\\';
		*w++ = *v;
	}
	if (q)
		*w++ = '"';
	*w = '\0';
	*s = p;
	return 0;
}

static int on_update(struct mux *m, const struct ctrl_mux_msg *msg)
{
	struct vp *v, **pp;
	size_t off = 0;
	int attr, rc;
	const char *value, *key;
	char num[16];

	if ((v = calloc(1, sizeof(*v))) == NULL)
		return -1;
	v->id = msg->vp_id;
	while ((rc = ctrl_mux_attr_next(msg, &off, &attr, &value)) > 0) {
		if (attr == CTRL_MUX_ATTR_NAME && v->name == NULL)
			v->name = strdup(value);
		else if (attr == CTRL_MUX_ATTR_SHORTNAME && v->shortname == NULL)
			v->shortname = strdup(value);
		if (attr == CTRL_MUX_ATTR_NAME)
			continue;
		if ((key = ctrl_mux_attr_name(attr)) == NULL) {
			snprintf(num, sizeof(num), "attr%d", attr);
			key = num;
		}
		if (append(&v->desc, key, value) != 0) {
			vp_free(v);
			return -1;
		}
	}
	if (rc < 0) {
		vp_free(v);
		end(m, "%s: a malformed VP update", m->path);
		return 0;
	}
	/* an update replaces what was known of that VP */
	for (pp = &m->vps; *pp != NULL; pp = &(*pp)->next) {
		if ((*pp)->id == v->id) {
			struct vp *old = *pp;
			v->next = old->next;
			*pp = v;
			vp_free(old);
			return 0;
		}
	}
	*pp = v;
	return 0;
}

static void print_list(struct mux *m)
{
	for (struct vp *v = m->vps; v != NULL; v = v->next)
		fprintf(m->out, "%s%s%s\n", v->name ? v->name : "(no name)",
		        v->desc ? " " : "", v->desc ? v->desc : "");
	fflush(m->out);
}

/* Pick the VP asked for: by monitor name, else by shortname. */
static void choose(struct mux *m)
{
	struct ctrl_mux_buf b = { NULL, 0, 0 };
	struct vp *hit = NULL;
	unsigned n = 0, total = 0;
	char names[200] = "";
	size_t o = 0;

	for (int pass = 0; pass < 2 && n == 0; pass++) {
		for (struct vp *v = m->vps; v != NULL; v = v->next) {
			const char *s = pass == 0 ? v->name : v->shortname;
			if (s != NULL && strcmp(s, m->want) == 0) {
				hit = v;
				n++;
			}
		}
	}
	if (n != 1) {
		for (struct vp *v = m->vps; v != NULL; v = v->next) {
			total++;
			if (o + 4 < sizeof(names))
				o += (size_t)snprintf(names + o, sizeof(names) - o,
				                      "%s%s", o ? ", " : "",
				                      v->name ? v->name : "(no name)");
		}
		if (o >= sizeof(names) - 4)
			strcpy(names + sizeof(names) - 5, "...");
		if (n == 0)
			end(m, "%s: no VP named %s (%u connected%s%s)", m->path,
			    m->want, total, total ? ": " : "", names);
		else
			end(m, "%s: %u VPs are named %s", m->path, n, m->want);
		return;
	}
	m->vp_id = hit->id;
	m->chosen = 1;
	if (ctrl_mux_open(&b, hit->id, CHAN) != 0 ||
	    ctrl_conn_write(m->mc, b.p, b.len) != 0) {
		ctrl_mux_buf_free(&b);
		end(m, "%s: could not open a channel: %s", m->path,
		    strerror(errno));
		return;
	}
	ctrl_mux_buf_free(&b);
	m->open = 1;
	ctrl_conn_pause(m->pc, 0);
}

/* ---- frames from sc_remoted --------------------------------------------- */

static int on_frame(const struct ctrl_mux_hdr *h, const uint8_t *p, void *arg)
{
	struct mux *m = arg;
	struct ctrl_mux_msg msg;
	const char *why;

	if (m->ended)
		return 1;
	if (h->channel != 0) {
		if (h->channel != CHAN || !m->open)
			return 0;   /* not ours, or no longer: dropped */
		if (ctrl_conn_write(m->pc, p, h->len) != 0) {
			end(m, "passing the VP's bytes on: %s", strerror(errno));
			return 1;
		}
		if (ctrl_conn_queued(m->pc) > HIGH)
			ctrl_conn_pause(m->mc, 1);
		return 0;
	}
	if (ctrl_mux_parse(p, h->len, &msg, &why) != 0) {
		end(m, "%s: a bad control message: %s", m->path, why);
		return 1;
	}
	switch (msg.type) {
	case CTRL_MUX_VP_UPDATE:
		if (on_update(m, &msg) != 0) {
			end(m, "out of memory");
			return 1;
		}
		break;
	case CTRL_MUX_VP_DEPART:
		if (m->open && msg.vp_id == m->vp_id) {
			m->open = 0;
			ctrl_conn_finish(m->pc);
		}
		break;
	case CTRL_MUX_GO:
		if (ctrl_timer_armed(&m->timer))
			ctrl_timer_cancel(m->l, &m->timer);
		if (m->list) {
			print_list(m);
			end(m, NULL);
			return 1;
		}
		if (!m->chosen)
			choose(m);
		break;
	case CTRL_MUX_CHANNEL_CLOSE:
		if (m->open && msg.channel == CHAN) {
			/* what came is passed on, then the client sees EOF */
			m->open = 0;
			ctrl_conn_finish(m->pc);
		}
		break;
	default:
		break;
	}
	return m->ended ? 1 : 0;
}

static void mc_raw(ctrl_conn *c, char *data, size_t len, void *arg)
{
	struct mux *m = arg;
	const char *why;
	(void)c;

	if (m->ended)
		return;
	if (ctrl_mux_reader_feed(&m->rd, (const uint8_t *)data, len, on_frame,
	                         m, &why) < 0)
		end(m, "%s: %s", m->path, why);
}

static void mc_closed(ctrl_conn *c, int err, void *arg)
{
	struct mux *m = arg;

	ctrl_conn_free(c);
	m->mc = NULL;
	if (!m->ended && (m->open || !m->chosen)) {
		if (m->pc != NULL)
			ctrl_conn_finish(m->pc);
		end(m, "%s: sc_remoted closed the multiplexed socket%s%s",
		    m->path, err ? ": " : "", err ? strerror(err) : "");
	}
}

static void mc_eof(ctrl_conn *c, void *arg)
{
	mc_closed(c, 0, arg);
}

static void mc_drained(ctrl_conn *c, void *arg)
{
	struct mux *m = arg;
	(void)c;
	if (m->open && m->pc != NULL)
		ctrl_conn_pause(m->pc, 0);
}

static const struct ctrl_conn_ops mc_ops = {
	.eof = mc_eof,
	.closed = mc_closed,
	.drained = mc_drained,
};

/* ---- bytes from the client ---------------------------------------------- */

static void pc_raw(ctrl_conn *c, char *data, size_t len, void *arg)
{
	struct mux *m = arg;
	uint8_t hdr[CTRL_MUX_HDR_LEN];
	(void)c;

	if (m->ended || !m->open || m->mc == NULL)
		return;
	while (len > 0) {
		struct ctrl_mux_hdr h = { CHAN, len > CHUNK ? CHUNK : (uint32_t)len };
		ctrl_mux_hdr_put(hdr, &h);
		if (ctrl_conn_write(m->mc, hdr, sizeof(hdr)) != 0 ||
		    ctrl_conn_write(m->mc, data, h.len) != 0) {
			end(m, "%s: %s", m->path, strerror(errno));
			return;
		}
		data += h.len;
		len -= h.len;
	}
	if (ctrl_conn_queued(m->mc) > HIGH)
		ctrl_conn_pause(m->pc, 1);
}

/* The client's end closed (it finished, or gave up): we are over. */
static void pc_closed(ctrl_conn *c, int err, void *arg)
{
	struct mux *m = arg;
	(void)err;

	ctrl_conn_free(c);
	m->pc = NULL;
	m->open = 0;
	end(m, NULL);
}

static void pc_eof(ctrl_conn *c, void *arg)
{
	pc_closed(c, 0, arg);
}

static void pc_drained(ctrl_conn *c, void *arg)
{
	struct mux *m = arg;
	(void)c;
	if (m->mc != NULL && !m->ended)
		ctrl_conn_pause(m->mc, 0);
}

static const struct ctrl_conn_ops pc_ops = {
	.eof = pc_eof,
	.closed = pc_closed,
	.drained = pc_drained,
};

/* ---- open and free ------------------------------------------------------ */

static void list_timeout(ctrl_loop *l, void *arg)
{
	struct mux *m = arg;
	(void)l;
	end(m, "%s: no list of VPs from sc_remoted within %llu s", m->path,
	    LIST_WAIT / 1000000);
}

struct mux *mux_open(ctrl_loop *l, const char *path, const char *vp,
                     int list, FILE *out, int *fd, mux_end_cb cb, void *arg,
                     char *err, size_t errlen)
{
	struct sockaddr_un sun;
	struct mux *m;
	int s = -1, sp[2] = { -1, -1 };

	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "%s: too long for a unix socket path",
		         path);
		return NULL;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->path = strdup(path)) == NULL ||
	    (vp != NULL && (m->want = strdup(vp)) == NULL)) {
		snprintf(err, errlen, "out of memory");
		mux_free(m);
		return NULL;
	}
	m->l = l;
	m->list = list;
	m->out = out;
	m->cb = cb;
	m->arg = arg;
	ctrl_timer_init(&m->timer, list_timeout, m);

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if ((s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(s, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		snprintf(err, errlen, "connect to %s: %s", path,
		         strerror(errno));
		goto fail;
	}
	if ((m->mc = ctrl_conn_new(l, s, &mc_ops, m, NULL)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	s = -1;
	ctrl_conn_set_raw(m->mc, mc_raw);
	if (!list) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) != 0 ||
		    (m->pc = ctrl_conn_new(l, sp[1], &pc_ops, m, NULL)) == NULL) {
			snprintf(err, errlen, "socketpair: %s", strerror(errno));
			goto fail;
		}
		sp[1] = -1;
		ctrl_conn_set_raw(m->pc, pc_raw);
		ctrl_conn_pause(m->pc, 1);   /* until the channel is open */
		*fd = sp[0];
	}
	ctrl_timer_after(l, &m->timer, LIST_WAIT);
	return m;
fail:
	if (s >= 0)
		close(s);
	if (sp[0] >= 0)
		close(sp[0]);
	if (sp[1] >= 0)
		close(sp[1]);
	mux_free(m);
	return NULL;
}

void mux_free(struct mux *m)
{
	if (m == NULL)
		return;
	if (m->l != NULL)
		ctrl_timer_cancel(m->l, &m->timer);
	if (m->mc != NULL)
		ctrl_conn_free(m->mc);
	if (m->pc != NULL)
		ctrl_conn_free(m->pc);
	ctrl_mux_reader_clear(&m->rd);
	while (m->vps != NULL) {
		struct vp *v = m->vps;
		m->vps = v->next;
		vp_free(v);
	}
	free(m->path);
	free(m->want);
	free(m);
}
