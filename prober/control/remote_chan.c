/*
 * remote_chan.c: the controller's channels (remote.h).
 *
 * A channel is served by the same code as a control-socket client
 * (client.c): the client sits on one end of a socket pair, already
 * attached, and this file relays the other end to and from the session.
 * So a remote channel behaves exactly as a local attached client does:
 * the same commands, replies, ids, DATA blocks, "done" and "halt".
 *
 * Closing: when the client ends (after "done" and its last result, or
 * because it was dropped), its end closes, and the channel sends its
 * CHANNEL_FIN and is forgotten.  When the controller sends CHANNEL_FIN
 * first (its local client went away), the client sees the end of its
 * input once what was sent to it is delivered, and ends as a local
 * client that disconnects does: its measurements are halted.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "control/control_int.h"
#include "control/remote_int.h"
#include "prober.h"

/* Bytes for a client that it has not read yet, before the link stops
 * reading from the controller. */
#define CLIENT_BACKLOG (64u * 1024)

struct rchan {
	struct remote *r;
	uint32_t       id;
	ctrl_conn     *conn;        /* our end of the pair */
	struct client *cl;          /* compare only: see client_of */
	char          *name;        /* the client's list name */
	unsigned       fin_rcvd : 1;
	struct rchan  *next;
};

static struct rchan *find(struct remote *r, uint32_t id)
{
	for (struct rchan *c = r->chans; c != NULL; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

/*
 * The channel's client if it still exists: a client frees itself when
 * its connection ends, which we learn only when our end reads the end
 * of the pair; until then the pointer is checked against the live
 * clients (and its unique list name) before use.
 */
static struct client *client_of(const struct rchan *c)
{
	if (c->cl == NULL)
		return NULL;
	for (struct client *k = c->r->ctl->clients; k != NULL; k = k->next)
		if (k == c->cl && strcmp(k->name, c->name) == 0)
			return k;
	return NULL;
}

static void unlink_free(struct rchan *c)
{
	struct remote *r = c->r;
	struct rchan **pp;

	for (pp = &r->chans; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	ctrl_conn_free(c->conn);
	free(c->name);
	free(c);
}

/* The link reads again once no client has much left to read. */
static void input_flow(struct remote *r)
{
	int full = 0;
	for (struct rchan *c = r->chans; c != NULL; c = c->next)
		if (ctrl_conn_queued(c->conn) > CLIENT_BACKLOG)
			full = 1;
	if (r->link != NULL)
		ctrl_rlink_pause(r->link, full);
}

/* The client has ended: our FIN, and the channel is no more. */
static void ended(struct rchan *c)
{
	struct remote *r = c->r;
	if (remote_send_fin(r, c->id) != 0)
		remote_log(r, "remote: out of memory closing channel %u",
		           c->id);
	unlink_free(c);
	input_flow(r);
}

static void on_output(ctrl_conn *conn, char *data, size_t len, void *arg)
{
	struct rchan *c = arg;
	(void)conn;
	if (remote_send(c->r, c->id, data, len) != 0)
		remote_log(c->r, "remote: out of memory: channel %u lost "
		           "%zu bytes", c->id, len);
}

static void on_eof(ctrl_conn *conn, void *arg)
{
	(void)conn;
	ended(arg);
}

static void on_closed(ctrl_conn *conn, int err, void *arg)
{
	struct rchan *c = arg;
	(void)conn;
	if (err != 0)
		remote_log(c->r, "remote: channel %u: %s", c->id,
		           strerror(err));
	ended(c);
}

static void on_drained(ctrl_conn *conn, void *arg)
{
	struct rchan *c = arg;
	if (c->fin_rcvd)
		shutdown(ctrl_conn_fd(conn), SHUT_WR);
	input_flow(c->r);
}

static const struct ctrl_conn_ops pair_ops = {
	.eof = on_eof,
	.closed = on_closed,
	.drained = on_drained,
};

void rchan_open(struct remote *r, uint32_t id)
{
	struct attach_params ap;
	struct ctrl_conn_limits lim;
	struct rchan *c;
	char name[300];
	int sv[2];

	if (find(r, id) != NULL) {
		remote_log(r, "remote: channel %u opened twice: ignored", id);
		return;
	}
	snprintf(name, sizeof(name), "%s_%u", r->id ? r->id : "remote",
	         r->nchans++);
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->name = strdup(name)) == NULL ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
	               sv) != 0) {
		remote_log(r, "remote: cannot open channel %u: %s", id,
		           strerror(errno));
		if (c != NULL)
			free(c->name);
		free(c);
		remote_send_fin(r, id);
		return;
	}
	c->r = r;
	c->id = id;
	lim.max_line = 0;
	lim.max_queue = 16u << 20;   /* input_flow keeps it far smaller */
	if ((c->conn = ctrl_conn_new(r->l, sv[0], &pair_ops, c,
	                             &lim)) == NULL) {
		close(sv[0]);
		close(sv[1]);
		free(c->name);
		free(c);
		remote_send_fin(r, id);
		return;
	}
	ctrl_conn_set_raw(c->conn, on_output);
	c->next = r->chans;
	r->chans = c;

	/* the client: new clients go to the head of the list */
	if (client_new(r->ctl, sv[1], name, 0) != 0) {
		remote_log(r, "remote: out of memory for channel %u", id);
		ended(c);
		return;
	}
	c->cl = r->ctl->clients;
	memset(&ap, 0, sizeof(ap));
	ap.dialect = -1;
	ap.priority = 1;
	ap.cycle_id = 1;
	ap.name = name;
	ap.remote = 1;
	if (client_attach(c->cl, &ap) != 0) {
		/* it said why; its end closes and ended() follows */
		client_free(c->cl);
		c->cl = NULL;
		return;
	}
	if (r->holding)
		c->cl->src.held |= SOURCE_HELD_LINK;
}

void rchan_fin(struct remote *r, uint32_t id)
{
	struct rchan *c = find(r, id);
	if (c == NULL || c->fin_rcvd)
		return;
	c->fin_rcvd = 1;
	if (ctrl_conn_queued(c->conn) == 0)
		shutdown(ctrl_conn_fd(c->conn), SHUT_WR);
}

void rchan_data(struct remote *r, uint32_t id, const uint8_t *p, size_t n)
{
	struct rchan *c = find(r, id);
	if (c == NULL || c->fin_rcvd)
		return;   /* a channel we have closed: the FIN is on its way */
	ctrl_conn_write(c->conn, p, n);
	if (ctrl_conn_queued(c->conn) > CLIENT_BACKLOG && r->link != NULL)
		ctrl_rlink_pause(r->link, 1);
}

void rchan_hold_all(struct remote *r, int hold)
{
	for (struct rchan *c = r->chans; c != NULL; c = c->next) {
		struct client *k = client_of(c);
		if (k == NULL)
			continue;
		if (hold)
			k->src.held |= SOURCE_HELD_LINK;
		else
			k->src.held &= ~SOURCE_HELD_LINK;
	}
	if (!hold && r->p != NULL)
		prober_kick(r->p);
}

void rchan_pause_all(struct remote *r, int paused)
{
	for (struct rchan *c = r->chans; c != NULL; c = c->next)
		ctrl_conn_pause(c->conn, paused);
}

void rchan_close_all(struct remote *r)
{
	/* each client reads the end of its input on the loop's next turn
	 * and ends as a client that went away */
	while (r->chans != NULL)
		unlink_free(r->chans);
}
