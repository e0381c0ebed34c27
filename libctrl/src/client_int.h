/*
 * client_int.h: what the client's files share (not installed).
 *
 * The client is an engine that takes the prober's lines and writes its
 * own through a link.  client.c holds the engine's state, sends commands
 * and matches replies; client_data.c receives DATA blocks and delivers
 * results; client_net.c makes links of sockets (TCP, unix, a given fd)
 * over a ctrl_conn.  mux_client.c makes the other kind: a channel of
 * sc_remoted's multiplexed socket, which implements the three
 * ctrl_cl_link_ops and calls the ctrl_cl_link_* entry points below.
 */
#ifndef CTRL_CLIENT_INT_H
#define CTRL_CLIENT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "ctrl/client.h"
#include "ctrl/proto.h"
#include "warts/decoder.h"

/* How the client writes to its prober and lets go of the link. */
struct ctrl_cl_link_ops {
	/* 0, or -1 with errno (the link then reports its end) */
	int    (*write)(void *link, const void *buf, size_t len);
	/* bytes written and not yet taken by the peer */
	size_t (*queued)(const void *link);
	/* release at once; no entry point is called afterwards */
	void   (*close)(void *link);
};

enum client_state {
	ST_NEW = 0,
	ST_CONNECTING,
	ST_ATTACHING,    /* attach sent, no reply yet */
	ST_READY,        /* attached */
	ST_OVER,         /* the connection ended */
};

/* a command's state_ */
enum { CMD_IDLE = 0, CMD_UNSENT, CMD_SENT, CMD_ACCEPTED };
/* what a line sent (and awaiting a reply) was: kind_ */
enum { KIND_CMD = 0, KIND_ATTACH, KIND_HALT, KIND_DONE };

struct ctrl_client {
	ctrl_loop                    *l;
	const struct ctrl_client_ops *ops;
	void                         *arg;
	size_t                        max_record;
	int                           impatient;
	unsigned                      dialect;       /* 0, 2021, 2026 */
	unsigned                      dialect_fixed; /* the caller said */
	enum ctrl_format              format;
	enum client_state             state;
	char                         *peer;          /* for messages */

	/* the link: a ctrl_conn, or a mux channel */
	const struct ctrl_cl_link_ops *lops;
	void                         *link;
	int                           connect_fd;    /* while connecting */
	char                         *attach_line;   /* to send once up */

	/* commands: waiting to be sent, awaiting a reply, accepted */
	ctrl_cmd                     *unsent, *unsent_tail;
	size_t                        nunsent;
	ctrl_cmd                     *reply, *reply_tail;
	size_t                        nreply;        /* KIND_CMD only */
	ctrl_cmd                    **table;         /* accepted, by id */
	size_t                        tcap, tcount;
	ctrl_cmd                      attach_cmd, done_cmd;

	unsigned                      credits;       /* MOREs unanswered */
	unsigned                      done_wanted : 1;
	unsigned                      done_sent : 1;
	unsigned                      done_acked : 1;
	unsigned                      dead : 1;      /* freed by the owner */
	unsigned                      in_more : 1;
	unsigned                      depth;         /* entry points active */

	/* the DATA block being received */
	int                           in_block;
	struct ctrl_data_hdr          hdr;
	size_t                        block_left;
	size_t                        cut;           /* bytes of a cut line */
	uint8_t                      *rec;
	size_t                        rec_len, rec_cap;
	int                           rec_ended;
	warts_decoder                *dec;
};

/* Entry points for links.  Each may call back the owner. */
void ctrl_cl_link_up(ctrl_client *c);
void ctrl_cl_link_line(ctrl_client *c, char *line, size_t len, int too_long);
void ctrl_cl_link_drained(ctrl_client *c);
/* the peer's last len bytes were a line cut short (before its end) */
void ctrl_cl_link_partial(ctrl_client *c, size_t len);
/* the peer closed (sys 0) or the link failed (errno) */
void ctrl_cl_link_down(ctrl_client *c, int sys);
/* connecting failed: err says to what and why */
void ctrl_cl_link_failed(ctrl_client *c, const struct ctrl_error *err);

/* client.c, for client_data.c and client_net.c */
void ctrl_cl_enter(ctrl_client *c);
int  ctrl_cl_leave(ctrl_client *c);       /* 1: c is gone */
void ctrl_cl_fail(ctrl_client *c, int code, int sys, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ctrl_cl_end(ctrl_client *c, const struct ctrl_error *err);
void ctrl_cl_seterr(struct ctrl_error *err, int code, int sys,
                   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* a line from the peer, quoted for a message: at most 60 characters,
 * others escaped */
const char *ctrl_cl_quote(const char *line, size_t len, char *buf,
                         size_t buflen);
ctrl_cmd *ctrl_cl_table_take(ctrl_client *c, uint32_t id);
ctrl_cmd *ctrl_cl_table_find(ctrl_client *c, uint32_t id);
void ctrl_cl_cmd_done(ctrl_client *c, ctrl_cmd *cmd, int how,
                     const char *why);
void ctrl_cl_learn_2021(ctrl_client *c);

/* client_net.c: stop connecting (ctrl_client_free) */
void ctrl_cl_connect_abort(ctrl_client *c);

/* client_data.c */
void ctrl_cl_data_start(ctrl_client *c, const char *line, size_t len);
void ctrl_cl_data_line(ctrl_client *c, const char *line, size_t len,
                      int too_long);
void ctrl_cl_data_reset(ctrl_client *c);

#endif
