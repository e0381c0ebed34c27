/*
 * muxsock.c: the multiplexed socket (-M path; ctrl/mux.h).  A client
 * that connects is sent a VP_UPDATE for every VP and then GO; later
 * arrivals and departures follow as they happen.  It opens a channel to
 * a VP with CHANNEL_OPEN and a number of its choosing, and gets
 * CHANNEL_CLOSE when the VP ends it.  If the client goes, its channels
 * are ended toward their VPs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "remoted.h"

static void muxc_free(struct muxc *m)
{
	struct remoted *rd = m->rd;

	while (m->chans != NULL) {
		struct chan *c = m->chans;
		m->chans = c->mux_next;
		c->mux = NULL;
		chan_local_gone(c);
	}
	ctrl_mux_reader_clear(&m->rd_state);
	if (m->conn != NULL)
		ctrl_conn_free(m->conn);
	if (m->prev)
		m->prev->next = m->next;
	else
		rd->muxcs = m->next;
	if (m->next)
		m->next->prev = m->prev;
	free(m);
}

static int send_buf(struct muxc *m, struct ctrl_mux_buf *b)
{
	int rc = ctrl_conn_write(m->conn, b->p, b->len);
	b->len = 0;
	return rc;
}

static int encode_vp(struct remoted *rd, const struct vp *v,
                     struct ctrl_mux_buf *b)
{
	char arrival[32];
	size_t mark;
	int rc;

	snprintf(arrival, sizeof(arrival), "%ld.%06ld",
	         (long)v->arrival.tv_sec, (long)v->arrival.tv_usec);
	rc = ctrl_mux_update_begin(b, v->id, &mark);
	if (v->monitor != NULL)
		rc |= ctrl_mux_update_attr(b, CTRL_MUX_ATTR_NAME, v->monitor);
	rc |= ctrl_mux_update_attr(b, CTRL_MUX_ATTR_ARRIVAL, arrival);
	rc |= ctrl_mux_update_attr(b, v->family == AF_INET6 ?
	                           CTRL_MUX_ATTR_IPV6 : CTRL_MUX_ATTR_IPV4,
	                           v->addr);
	for (size_t i = 0; v->monitor != NULL && i < rd->meta.n; i++)
		if (strcmp(rd->meta.e[i].monitor, v->monitor) == 0)
			rc |= ctrl_mux_update_attr(b, rd->meta.e[i].attr,
			                           rd->meta.e[i].value);
	if (rc != 0)
		return -1;
	ctrl_mux_update_end(b, mark);
	return 0;
}

void mux_vp_update(struct remoted *rd, const struct vp *v)
{
	struct ctrl_mux_buf b = {0};

	if (rd->muxcs == NULL || encode_vp(rd, v, &b) != 0) {
		ctrl_mux_buf_free(&b);
		return;
	}
	for (struct muxc *m = rd->muxcs; m != NULL; m = m->next)
		ctrl_conn_write(m->conn, b.p, b.len);
	ctrl_mux_buf_free(&b);
}

void mux_vp_depart(struct remoted *rd, const struct vp *v)
{
	struct ctrl_mux_buf b = {0};

	if (rd->muxcs == NULL || ctrl_mux_depart(&b, v->id) != 0)
		return;
	for (struct muxc *m = rd->muxcs; m != NULL; m = m->next)
		ctrl_conn_write(m->conn, b.p, b.len);
	ctrl_mux_buf_free(&b);
}

void mux_chan_data(struct chan *c, const uint8_t *p, size_t len)
{
	uint8_t h[CTRL_MUX_HDR_LEN];
	struct ctrl_mux_hdr hd = { c->mux_id, (uint32_t)len };

	ctrl_mux_hdr_put(h, &hd);
	if (ctrl_conn_write(c->mux->conn, h, sizeof(h)) == 0)
		ctrl_conn_write(c->mux->conn, p, len);
}

void mux_chan_close(struct chan *c)
{
	struct ctrl_mux_buf b = {0};
	if (ctrl_mux_close(&b, c->mux_id) == 0)
		ctrl_conn_write(c->mux->conn, b.p, b.len);
	ctrl_mux_buf_free(&b);
}

static struct chan *mux_chan(struct muxc *m, uint32_t id)
{
	for (struct chan *c = m->chans; c != NULL; c = c->mux_next)
		if (c->mux_id == id)
			return c;
	return NULL;
}

static void open_channel(struct muxc *m, uint32_t vp_id, uint32_t id)
{
	struct vp *v = vp_by_id(m->rd, vp_id);
	struct chan *c;

	if (v == NULL || mux_chan(m, id) != NULL || (c = chan_new(v)) == NULL) {
		struct ctrl_mux_buf b = {0};
		rdebug(m->rd, "mux: cannot open channel %u to VP %u", id,
		       vp_id);
		if (ctrl_mux_close(&b, id) == 0)
			ctrl_conn_write(m->conn, b.p, b.len);
		ctrl_mux_buf_free(&b);
		return;
	}
	c->mux = m;
	c->mux_id = id;
	c->mux_next = m->chans;
	m->chans = c;
	rdebug(m->rd, "mux: channel %u is channel %u of VP %u", id, c->id,
	       vp_id);
}

/* One frame from the mux client; non-zero stops the reader. */
static int on_frame(const struct ctrl_mux_hdr *h, const uint8_t *p,
                    void *arg)
{
	struct muxc *m = arg;
	struct chan *c;

	if (h->channel == 0) {
		struct ctrl_mux_msg msg;
		const char *err;
		if (ctrl_mux_parse(p, h->len, &msg, &err) != 0) {
			rlog(m->rd, "mux client: %s: dropped", err);
			return -1;
		}
		if (msg.type == CTRL_MUX_CHANNEL_OPEN)
			open_channel(m, msg.vp_id, msg.channel);
		/* scamper 2026 ignores the rest from a client too */
		return 0;
	}
	if ((c = mux_chan(m, h->channel)) == NULL) {
		rdebug(m->rd, "mux: data for unknown channel %u", h->channel);
		return 0;
	}
	for (size_t off = 0; off < h->len; off += CHAN_CHUNK) {
		size_t n = h->len - off > CHAN_CHUNK ? CHAN_CHUNK
		                                     : h->len - off;
		if (vp_send(c->vp, c->id, p + off, n) != 0)
			break;
	}
	if (c->vp->sess.pend_bytes > PEND_MAX) {
		char label[300];
		rlog(m->rd, "mux channel %u to VP %s: too much unacknowledged; "
		     "closed", c->mux_id, vp_label(c->vp, label,
		                                   sizeof(label)));
		mux_chan_close(c);
		chan_local_gone(c);
	}
	return 0;
}

static void muxc_raw(ctrl_conn *cn, char *data, size_t len, void *arg)
{
	struct muxc *m = arg;
	const char *err = NULL;
	int rc;
	(void)cn;

	rc = ctrl_mux_reader_feed(&m->rd_state, (const uint8_t *)data, len,
	                          on_frame, m, &err);
	if (rc < 0 && err != NULL)
		rlog(m->rd, "mux client: %s: dropped", err);
	if (rc != 0)
		muxc_free(m);
}

static void muxc_closed(ctrl_conn *cn, int err, void *arg)
{
	struct muxc *m = arg;
	(void)cn;
	if (err == ENOBUFS)
		rlog(m->rd, "mux client not reading: dropped");
	muxc_free(m);
}

static const struct ctrl_conn_ops muxc_ops = {
	.closed = muxc_closed,
};

int muxsock_adopt(struct remoted *rd, int fd)
{
	struct ctrl_conn_limits lim = { 0, MUX_QUEUE_MAX };
	struct ctrl_mux_buf b = {0};
	struct vp *last = rd->vps;
	struct muxc *m;

	if ((m = calloc(1, sizeof(*m))) == NULL) {
		close(fd);
		return -1;
	}
	m->rd = rd;
	if ((m->conn = ctrl_conn_new(rd->l, fd, &muxc_ops, m, &lim)) == NULL) {
		close(fd);
		free(m);
		return -1;
	}
	ctrl_conn_set_raw(m->conn, muxc_raw);
	m->next = rd->muxcs;
	if (rd->muxcs)
		rd->muxcs->prev = m;
	rd->muxcs = m;
	/* the list of VPs, oldest first, then GO */
	while (last != NULL && last->next != NULL)
		last = last->next;
	for (struct vp *v = last; v != NULL; v = v->prev)
		if (encode_vp(rd, v, &b) != 0 || send_buf(m, &b) != 0)
			break;
	if (ctrl_mux_go(&b) == 0)
		send_buf(m, &b);
	ctrl_mux_buf_free(&b);
	rdebug(rd, "mux client connected");
	return 0;
}

static void on_accept(ctrl_loop *l, int lfd, unsigned events, void *arg)
{
	struct remoted *rd = arg;
	(void)l;
	(void)events;

	for (int i = 0; i < 16; i++) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0 || muxsock_adopt(rd, fd) != 0)
			return;
	}
}

int muxsock_open(struct remoted *rd)
{
	if ((rd->mux_fd = unix_listen(rd, rd->mux_path)) < 0) {
		rlog(rd, "-M %s: %s", rd->mux_path, strerror(errno));
		return -1;
	}
	if (ctrl_loop_watch(rd->l, rd->mux_fd, CTRL_READ, on_accept, rd) != 0)
		return -1;
	return 0;
}

void muxsock_close(struct remoted *rd)
{
	while (rd->muxcs != NULL)
		muxc_free(rd->muxcs);
	if (rd->mux_fd >= 0) {
		ctrl_loop_watch(rd->l, rd->mux_fd, 0, NULL, NULL);
		close(rd->mux_fd);
		unlink(rd->mux_path);
		rd->mux_fd = -1;
	}
}
