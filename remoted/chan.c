/*
 * chan.c: channels.  A channel joins a local client (a connection on a
 * VP's unix socket, or a channel of a mux client) to the VP, which sees
 * a CHANNEL_NEW and then the client's bytes unchanged.  It ends from
 * either side with CHANNEL_FIN; the channel number stays reserved until
 * both sides have said so.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "remoted.h"

struct chan *chan_new(struct vp *v)
{
	struct chan *c = calloc(1, sizeof(*c));
	struct ctrl_rmsg m;
	uint8_t b[CTRL_RMSG_MAX];

	if (c == NULL)
		return NULL;
	c->vp = v;
	c->id = v->next_chan++;
	if (v->next_chan == 0)
		v->next_chan = 1;
	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_CHANNEL_NEW;
	m.channel = c->id;
	if (v->link != NULL) {
		if (ctrl_rlink_send_control(v->link, &m) != 0) {
			free(c);
			return NULL;
		}
	} else if (ctrl_rsess_send(&v->sess, 0, b,
	                           ctrl_rmsg_build(&m, b)) == NULL) {
		free(c);
		return NULL;
	}
	c->next = v->chans;
	v->chans = c;
	return c;
}

struct chan *chan_find(struct vp *v, uint32_t id)
{
	for (struct chan *c = v->chans; c != NULL; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

void chan_pause(struct chan *c, int paused)
{
	c->paused = paused != 0;
	if (c->conn != NULL)
		ctrl_conn_pause(c->conn, paused);
}

void chan_from_vp(struct chan *c, const uint8_t *p, size_t len)
{
	if (c->conn != NULL) {
		/* past its queue limit the client is closed (closed()
		 * follows with ENOBUFS and ends the channel) */
		ctrl_conn_write(c->conn, p, len);
	} else if (c->mux != NULL) {
		mux_chan_data(c, p, len);
	}
	/* else the local side is gone: the VP will see our FIN */
}

/* Unlink and free; tells nobody. */
static void unlink_free(struct chan *c)
{
	struct vp *v = c->vp;
	struct chan **pp;

	for (pp = &v->chans; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	if (c->conn != NULL)
		ctrl_conn_free(c->conn);
	if (c->mux != NULL) {
		struct chan **mp;
		for (mp = &c->mux->chans; *mp != NULL; mp = &(*mp)->mux_next)
			if (*mp == c) {
				*mp = c->mux_next;
				break;
			}
	}
	free(c);
}

void chan_vp_fin(struct chan *c)
{
	c->fin_rcvd = 1;
	if (c->conn != NULL) {
		/* the client gets what is queued, then the end; its closed()
		 * comes back through chan_local_gone */
		ctrl_conn_finish(c->conn);
		return;
	}
	if (c->mux != NULL)
		mux_chan_close(c);   /* tells the mux client */
	/* as scamper's sc_remoted: the VP's FIN is acknowledged and not
	 * answered with one of ours */
	unlink_free(c);
}

void chan_local_gone(struct chan *c)
{
	if (c->conn != NULL) {
		ctrl_conn_free(c->conn);
		c->conn = NULL;
	}
	if (c->mux != NULL) {
		struct chan **mp;
		for (mp = &c->mux->chans; *mp != NULL; mp = &(*mp)->mux_next)
			if (*mp == c) {
				*mp = c->mux_next;
				break;
			}
		c->mux = NULL;
	}
	if (c->fin_rcvd) {
		unlink_free(c);
		return;
	}
	if (!c->fin_sent) {
		c->fin_sent = 1;
		vp_send_fin(c->vp, c->id);
	}
}

void chan_free(struct chan *c)
{
	if (c->mux != NULL)
		mux_chan_close(c);
	unlink_free(c);
}
