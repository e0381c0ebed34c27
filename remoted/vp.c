/*
 * vp.c: vantage points.  An accepted connection is a hello until it
 * says MASTER_NEW (a new VP: MASTER_ID, a unix socket, a mux update) or
 * MASTER_RES (the resumption of a VP whose magic we hold: MASTER_OK and
 * both sides' unacknowledged messages again, or MASTER_REJ).
 *
 * When a VP's link drops, the VP becomes a zombie for -Z seconds: it
 * keeps its session (sequence state and unacknowledged messages), its
 * channels, its unix socket and clients (whose reading is paused), and
 * its place in the mux list.  Past that it is freed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "remoted.h"

static void vp_control(ctrl_rlink *k, const struct ctrl_rmsg *m, void *arg);
static void vp_data(ctrl_rlink *k, uint32_t ch, const uint8_t *p, size_t n,
                    void *arg);
static void vp_acked(ctrl_rlink *k, void *arg);
static void vp_closed(ctrl_rlink *k, const char *why, void *arg);
static void hello_control(ctrl_rlink *k, const struct ctrl_rmsg *m,
                          void *arg);
static void hello_closed(ctrl_rlink *k, const char *why, void *arg);

static const struct ctrl_rlink_ops vp_ops = {
	.control = vp_control, .data = vp_data, .acked = vp_acked,
	.closed = vp_closed,
};

static const struct ctrl_rlink_ops hello_ops = {
	.control = hello_control, .data = NULL, .closed = hello_closed,
};

/* ---- accepting ---------------------------------------------------------- */

/* Take h off the list and free it (its link is someone else's now, or
 * already gone). */
static void hello_unlink(struct hello *h)
{
	if (h->prev)
		h->prev->next = h->next;
	else
		h->rd->hellos = h->next;
	if (h->next)
		h->next->prev = h->prev;
	free(h);
}

void hello_free(struct hello *h)
{
	if (h->link != NULL)
		ctrl_rlink_free(h->link);
	hello_unlink(h);
}

static void peer_text(const struct sockaddr *sa, struct hello *h)
{
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], h->addr,
			          sizeof(h->addr));
			h->family = AF_INET;
			snprintf(h->peer, sizeof(h->peer), "%s:%u", h->addr,
			         ntohs(s6->sin6_port));
			return;
		}
		inet_ntop(AF_INET6, &s6->sin6_addr, h->addr, sizeof(h->addr));
		h->family = AF_INET6;
		/* a colon would be ambiguous after an IPv6 address */
		snprintf(h->peer, sizeof(h->peer), "%s.%u", h->addr,
		         ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const void *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, h->addr, sizeof(h->addr));
		h->family = AF_INET;
		snprintf(h->peer, sizeof(h->peer), "%s:%u", h->addr,
		         ntohs(s4->sin_port));
	}
}

void vp_accept(struct remoted *rd, int fd, const struct sockaddr *sa,
               socklen_t salen)
{
	struct hello *h = calloc(1, sizeof(*h));
	ctrl_tls *tls = NULL;
	struct ctrl_rlink_limits lim = rd->vp_limits;
	char err[256];
	(void)salen;

	if (h == NULL) {
		close(fd);
		return;
	}
	h->rd = rd;
	peer_text(sa, h);
	h->next = rd->hellos;
	if (rd->hellos)
		rd->hellos->prev = h;
	rd->hellos = h;
	if (rd->tls != NULL &&
	    (tls = ctrl_tls_new(rd->tls, fd, NULL, err, sizeof(err))) == NULL) {
		rlog(rd, "refused %s: %s", h->peer, err);
		close(fd);
		hello_unlink(h);
		return;
	}
	if ((h->link = ctrl_rlink_new(rd->l, fd, tls, &hello_ops, h,
	                              &lim)) == NULL) {
		rlog(rd, "refused %s: cannot watch its socket", h->peer);
		ctrl_tls_free(tls);
		close(fd);
		hello_unlink(h);
		return;
	}
	rdebug(rd, "connection from %s%s", h->peer, tls ? " (TLS)" : "");
}

static void hello_refuse(struct hello *h, const char *why)
{
	rlog(h->rd, "refused %s: %s", h->peer, why);
	hello_free(h);
}

static void hello_closed(ctrl_rlink *k, const char *why, void *arg)
{
	struct hello *h = arg;
	(void)k;
	/* TLS failures and silence before MASTER_NEW end here; a
	 * MASTER_REJ written out ends as "finished" */
	if (strcmp(why, "finished") != 0)
		rlog(h->rd, "refused %s: %s", h->peer, why);
	hello_free(h);
}

/* Monitor names become file names: refuse what could escape the
 * directory or confuse a shell reading a listing. */
static int monitor_ok(const char *s)
{
	if (*s == '\0' || *s == '.' || *s == '-')
		return 0;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '.' && *s != '-' &&
		    *s != '_' && *s != ':' && *s != '@' && *s != '+')
			return 0;
	return 1;
}

/* With -C: the client certificate must name the monitor. */
static int tls_name_ok(struct remoted *rd, ctrl_rlink *k,
                       const char *monitor, char *why, size_t len)
{
	if (rd->ca == NULL || rd->skipnamever)
		return 1;
	if (monitor == NULL) {
		snprintf(why, len, "no monitor name to check the client "
		         "certificate against");
		return 0;
	}
	return ctrl_tls_peer_matches(ctrl_rlink_tls(k), monitor, why, len);
}

static struct vp *vp_by_magic(struct remoted *rd, const uint8_t *magic,
                              uint8_t len)
{
	for (struct vp *v = rd->vps; v != NULL; v = v->next)
		if (v->magic_len == len && memcmp(v->magic, magic, len) == 0)
			return v;
	return NULL;
}

struct vp *vp_by_id(struct remoted *rd, uint32_t id)
{
	for (struct vp *v = rd->vps; v != NULL; v = v->next)
		if (v->id == id)
			return v;
	return NULL;
}

static void zombie_expired(ctrl_loop *l, void *arg);

static void master_new(struct hello *h, const struct ctrl_rmsg *m)
{
	struct remoted *rd = h->rd;
	struct ctrl_rmsg id;
	struct vp *v;
	char why[320];

	if (m->has_name && !monitor_ok(m->name)) {
		hello_refuse(h, "monitor name has characters not allowed in a "
		             "file name");
		return;
	}
	if (!tls_name_ok(rd, h->link, m->has_name ? m->name : NULL, why,
	                 sizeof(why))) {
		hello_refuse(h, why);
		return;
	}
	if (vp_by_magic(rd, m->magic, m->magic_len) != NULL) {
		hello_refuse(h, "MASTER_NEW with the magic of a live session");
		return;
	}
	if ((v = calloc(1, sizeof(*v))) == NULL ||
	    (m->has_name && (v->monitor = strdup(m->name)) == NULL) ||
	    (v->idstr = strdup(h->peer)) == NULL) {
		if (v)
			free(v->monitor);
		free(v);
		hello_refuse(h, "out of memory");
		return;
	}
	v->rd = rd;
	v->id = ++rd->next_vp_id;
	v->state = VP_ACTIVE;
	v->link = h->link;
	v->listen_fd = -1;
	v->next_chan = 1;
	v->family = h->family;
	memcpy(v->addr, h->addr, sizeof(v->addr));
	memcpy(v->magic, m->magic, m->magic_len);
	v->magic_len = m->magic_len;
	gettimeofday(&v->arrival, NULL);
	ctrl_timer_init(&v->zombie, zombie_expired, v);
	ctrl_rsess_init(&v->sess);
	v->next = rd->vps;
	if (rd->vps)
		rd->vps->prev = v;
	rd->vps = v;
	rd->nvps++;
	hello_unlink(h);

	ctrl_rlink_set_owner(v->link, &vp_ops, v);
	ctrl_rlink_attach(v->link, &v->sess);
	memset(&id, 0, sizeof(id));
	id.type = CTRL_RMSG_MASTER_ID;
	id.has_name = 1;
	snprintf(id.name, sizeof(id.name), "%s", v->idstr);
	if (ctrl_rlink_send_control(v->link, &id) != 0)
		return;   /* the link closes; vp_closed follows */
	if (rd->unix_dir != NULL)
		unixsock_open(v);
	mux_vp_update(rd, v);
	rlog(rd, "new VP %s", vp_label(v, why, sizeof(why)));
}

static void master_res(struct hello *h, const struct ctrl_rmsg *m)
{
	struct remoted *rd = h->rd;
	struct vp *v = vp_by_magic(rd, m->magic, m->magic_len);
	struct ctrl_rmsg ok;
	const char *err = NULL;
	char why[320], label[300];

	if (v == NULL) {
		memset(&ok, 0, sizeof(ok));
		ok.type = CTRL_RMSG_MASTER_REJ;
		rlog(rd, "rejected resume from %s: unknown session", h->peer);
		if (ctrl_rlink_send_control(h->link, &ok) == 0) {
			/* closed once MASTER_REJ is written: hello_closed */
			ctrl_rlink_finish(h->link);
			return;
		}
		hello_refuse(h, "cannot send MASTER_REJ");
		return;
	}
	if (!tls_name_ok(rd, h->link, v->monitor, why, sizeof(why))) {
		hello_refuse(h, why);
		return;
	}
	if (ctrl_rsess_resume_rx(&v->sess, m->snd_una, m->snd_nxt, &err) != 0 ||
	    ctrl_rsess_resume_tx(&v->sess, m->rcv_nxt, &err) != 0) {
		rlog(rd, "rejected resume of %s from %s: %s",
		     vp_label(v, label, sizeof(label)), h->peer, err);
		memset(&ok, 0, sizeof(ok));
		ok.type = CTRL_RMSG_MASTER_REJ;
		if (ctrl_rlink_send_control(h->link, &ok) == 0)
			ctrl_rlink_finish(h->link);
		else
			hello_refuse(h, "cannot send MASTER_REJ");
		/* the VP starts afresh: this session is of no more use */
		vp_free(v);
		return;
	}
	/* a VP can come back before we noticed it had gone */
	if (v->link != NULL) {
		rlog(rd, "%s reconnected: dropping its old connection",
		     vp_label(v, label, sizeof(label)));
		ctrl_rlink_free(v->link);
	}
	ctrl_timer_cancel(rd->l, &v->zombie);
	v->link = h->link;
	v->state = VP_ACTIVE;
	free(v->idstr);
	v->idstr = strdup(h->peer);
	v->family = h->family;
	memcpy(v->addr, h->addr, sizeof(v->addr));
	hello_unlink(h);
	ctrl_rlink_set_owner(v->link, &vp_ops, v);
	ctrl_rlink_attach(v->link, &v->sess);
	memset(&ok, 0, sizeof(ok));
	ok.type = CTRL_RMSG_MASTER_OK;
	ok.rcv_nxt = v->sess.rcv_nxt;
	if (v->idstr == NULL ||
	    ctrl_rlink_send_control(v->link, &ok) != 0 ||
	    ctrl_rlink_retransmit(v->link) != 0)
		return;   /* the link closes; vp_closed follows */
	unixsock_rename(v);
	rlog(rd, "resumed VP %s, %zu message%s sent again",
	     vp_label(v, label, sizeof(label)), v->sess.pend_count,
	     v->sess.pend_count == 1 ? "" : "s");
	vp_flow(v);
}

static void hello_control(ctrl_rlink *k, const struct ctrl_rmsg *m,
                          void *arg)
{
	struct hello *h = arg;
	(void)k;

	switch (m->type) {
	case CTRL_RMSG_MASTER_NEW:
		master_new(h, m);
		break;
	case CTRL_RMSG_MASTER_RES:
		master_res(h, m);
		break;
	default: {
		char why[96];
		snprintf(why, sizeof(why), "%s before MASTER_NEW or "
		         "MASTER_RES", ctrl_rmsg_name(m->type));
		hello_refuse(h, why);
	}
	}
}

/* ---- a VP's traffic ----------------------------------------------------- */

static void vp_drop_link(struct vp *v, const char *why)
{
	struct remoted *rd = v->rd;
	char label[300];

	ctrl_rlink_free(v->link);
	v->link = NULL;
	if (rd->zombie_sec == 0) {
		rlog(rd, "VP %s gone: %s", vp_label(v, label, sizeof(label)),
		     why);
		vp_free(v);
		return;
	}
	rlog(rd, "VP %s disconnected: %s; kept for %u s",
	     vp_label(v, label, sizeof(label)), why, rd->zombie_sec);
	v->state = VP_ZOMBIE;
	ctrl_timer_after(rd->l, &v->zombie,
	                 (uint64_t)rd->zombie_sec * 1000000u);
	vp_flow(v);
}

static void vp_control(ctrl_rlink *k, const struct ctrl_rmsg *m, void *arg)
{
	struct vp *v = arg;
	struct chan *c;
	char why[96];
	(void)k;

	switch (m->type) {
	case CTRL_RMSG_CHANNEL_FIN:
		if ((c = chan_find(v, m->channel)) != NULL)
			chan_vp_fin(c);
		else
			rdebug(v->rd, "CHANNEL_FIN for unknown channel %u",
			       m->channel);
		return;
	case CTRL_RMSG_KEEPALIVE:
		return;
	default:
		snprintf(why, sizeof(why), "unexpected %s",
		         ctrl_rmsg_name(m->type));
		vp_drop_link(v, why);
	}
}

static void vp_data(ctrl_rlink *k, uint32_t ch, const uint8_t *p, size_t n,
                    void *arg)
{
	struct vp *v = arg;
	struct chan *c = chan_find(v, ch);
	(void)k;

	if (c == NULL) {
		/* as scamper's: a channel is ours to open, and a VP's FIN
		 * comes after its last data, so this VP is confused or
		 * hostile */
		char why[64];
		snprintf(why, sizeof(why), "data on channel %u, which is not "
		         "open", ch);
		vp_drop_link(v, why);
		return;
	}
	chan_from_vp(c, p, n);
}

static void vp_acked(ctrl_rlink *k, void *arg)
{
	struct vp *v = arg;
	(void)k;
	if (v->paused && v->sess.pend_bytes <= PEND_LOW)
		vp_flow(v);
}

static void vp_closed(ctrl_rlink *k, const char *why, void *arg)
{
	struct vp *v = arg;
	(void)k;
	vp_drop_link(v, why);
}

static void zombie_expired(ctrl_loop *l, void *arg)
{
	struct vp *v = arg;
	char label[300];
	(void)l;
	rlog(v->rd, "VP %s did not come back in %u s: forgotten",
	     vp_label(v, label, sizeof(label)), v->rd->zombie_sec);
	vp_free(v);
}

/* ---- sending and flow ---------------------------------------------------- */

int vp_send(struct vp *v, uint32_t channel, const void *p, size_t len)
{
	if (v->link != NULL)
		return ctrl_rlink_send_data(v->link, channel, p, len);
	/* a zombie: kept, and sent again when it resumes */
	return ctrl_rsess_send(&v->sess, channel, p, len) ? 0 : -1;
}

int vp_send_fin(struct vp *v, uint32_t channel)
{
	struct ctrl_rmsg m;
	uint8_t b[CTRL_RMSG_MAX];
	size_t n;

	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_CHANNEL_FIN;
	m.channel = channel;
	if (v->link != NULL)
		return ctrl_rlink_send_control(v->link, &m);
	n = ctrl_rmsg_build(&m, b);
	return ctrl_rsess_send(&v->sess, 0, b, n) ? 0 : -1;
}

/* Pause the VP's unix clients while it is away or its unacknowledged
 * output is high; let them go again once it is low. */
void vp_flow(struct vp *v)
{
	int hold;

	if (v->link == NULL)
		hold = 1;
	else if (v->paused)
		hold = v->sess.pend_bytes > PEND_LOW;
	else
		hold = v->sess.pend_bytes > PEND_HIGH;
	if (hold == (int)v->paused)
		return;
	v->paused = hold != 0;
	for (struct chan *c = v->chans; c != NULL; c = c->next)
		chan_pause(c, hold);
}

void vp_free(struct vp *v)
{
	struct remoted *rd = v->rd;

	ctrl_timer_cancel(rd->l, &v->zombie);
	if (v->link != NULL)
		ctrl_rlink_free(v->link);
	v->link = NULL;
	while (v->chans != NULL)
		chan_free(v->chans);
	unixsock_close(v);
	mux_vp_depart(rd, v);
	if (v->prev)
		v->prev->next = v->next;
	else
		rd->vps = v->next;
	if (v->next)
		v->next->prev = v->prev;
	rd->nvps--;
	ctrl_rsess_clear(&v->sess);
	free(v->monitor);
	free(v->idstr);
	free(v);
}
