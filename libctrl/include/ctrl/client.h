/*
 * ctrl/client.h: driving probers from a program, over their control
 * sockets.
 *
 * A ctrl_client is one connection to one prober: a local one's TCP port
 * (scamper -P) or unix socket (-U), or a remote vantage point's socket
 * that sc_remoted exposes (already attached, so no `attach` is sent).
 * One ctrl_loop holds as many clients as there are probers to drive.
 *
 * The program submits measurement commands ("ping -c 1 192.0.2.1"); the
 * client sends them as the prober asks for them (one per MORE), or all at
 * once when impatient, and calls back:
 *
 *   accepted   the prober took the command (OK id-N): cmd->id is N
 *   result     a result record, matched to its command by the id-N of
 *              its DATA header, and decoded by libwarts
 *   done       the library has finished with the command: after its
 *              final result, or it was rejected (ERR, with the reason),
 *              or it was lost when the connection ended
 *   record     optional: every DATA block as received, lists and cycles
 *              included, for programs that store records verbatim
 *   more       optional: the client could send a command now and has
 *              none waiting: submit one (for feeding commands lazily)
 *   closed     the connection is over: NULL after `done` was answered and
 *              every command finished, else the error, with context
 *
 * A command is a struct ctrl_cmd the caller owns (commands waiting to be
 * sent are the caller's memory, linked through it: the client copies
 * nothing).  It must stay valid, unchanged, from ctrl_client_submit until
 * its done callback, which comes exactly once for every command submitted.
 *
 * The 2021 dialect.  Scamper 20211212 announces every result as "DATA n",
 * without the id of the measurement it answers.  Against such a prober
 * result() gets cmd NULL and r->id 0, and the caller matches the object
 * to its command by content (its type and destination, say).  The client
 * then ends each command right after accepting it (done with
 * CTRL_CMD_UNMATCHED).  It learns the dialect from the first measurement
 * result without an id (until then, commands accepted are held; they end
 * UNMATCHED then), or from opts.dialect.  Lists and cycles never have
 * ids; they go only to record().
 *
 * Example: ping each address given on the command line through a prober
 * listening on TCP port 31337 and print each result's destination (this
 * exact program is compiled by tests/unit/test_client_example.c):
 *
 *   #include <stdio.h>
 *   #include <stdlib.h>
 *   #include <warts/warts.h>
 *   #include <warts/ping.h>
 *   #include <ctrl/client.h>
 *
 *   struct job { ctrl_cmd cmd; char text[128]; };
 *
 *   static void on_result(ctrl_client *c, ctrl_cmd *cmd,
 *                         struct ctrl_result *r, void *arg)
 *   {
 *           char a[WARTS_ADDR_STRLEN];
 *           if (r->obj != NULL && r->obj->type == WARTS_TYPE_PING)
 *                   printf("%s: %u replies\n",
 *                          warts_addr_tostr(&r->obj->u.ping->dst, a,
 *                                           sizeof(a)),
 *                          r->obj->u.ping->replyc);
 *   }
 *
 *   static void on_done(ctrl_client *c, ctrl_cmd *cmd, int how,
 *                       const char *why, void *arg)
 *   {
 *           if (how == CTRL_CMD_REJECTED || how == CTRL_CMD_LOST)
 *                   fprintf(stderr, "%s: %s\n", cmd->line, why);
 *           free(cmd->user);              // the struct job
 *   }
 *
 *   static void on_closed(ctrl_client *c, const struct ctrl_error *e,
 *                         void *arg)
 *   {
 *           if (e != NULL)
 *                   fprintf(stderr, "%s\n", e->msg);
 *           *(int *)arg = e != NULL;
 *           ctrl_client_free(c);         // the loop then runs dry
 *   }
 *
 *   int main(int argc, char **argv)
 *   {
 *           static const struct ctrl_client_ops ops = {
 *                   .result = on_result, .done = on_done,
 *                   .closed = on_closed,
 *           };
 *           struct ctrl_error err;
 *           int failed = 1;
 *           ctrl_loop *loop = ctrl_loop_new();
 *           ctrl_client *c = ctrl_client_new(loop, &ops, NULL, &failed);
 *
 *           if (ctrl_client_connect_tcp(c, "31337", NULL, &err) != 0) {
 *                   fprintf(stderr, "%s\n", err.msg);
 *                   return 1;
 *           }
 *           for (int i = 1; i < argc; i++) {
 *                   struct job *j = calloc(1, sizeof(*j));
 *                   snprintf(j->text, sizeof(j->text), "ping -c 3 %s",
 *                            argv[i]);
 *                   j->cmd.line = j->text;
 *                   j->cmd.user = j;
 *                   if (ctrl_client_submit(c, &j->cmd, &err) != 0)
 *                           fprintf(stderr, "%s\n", err.msg), free(j);
 *           }
 *           ctrl_client_done(c);         // then `done` once all are sent
 *           ctrl_loop_run(loop);
 *           ctrl_loop_free(loop);
 *           return failed;
 *   }
 *
 * (A real driver would keep its own per-target state around the ctrl_cmd,
 * submit from more() so that a million targets are never all in memory,
 * and read the result's fields instead of printing them.)
 *
 * Bounded memory: per connection the client holds the connection's
 * buffers (a partial line; output the socket has not taken), the record
 * of the DATA block being received (at most opts.max_record bytes), and a
 * table of the commands in progress, sized to their number.  Nothing is
 * allocated per command.
 */
#ifndef CTRL_CLIENT_H
#define CTRL_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "ctrl/loop.h"
#include "warts/object.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ctrl_client ctrl_client;

/* A failure, with its context, as one line without a newline. */
enum ctrl_errcode {
	CTRL_ERR_USAGE = 1, /* a bad argument, or a call at the wrong time */
	CTRL_ERR_CONNECT,   /* could not connect: msg names the address */
	CTRL_ERR_IO,        /* reading or writing the socket failed */
	CTRL_ERR_REFUSED,   /* the prober refused `attach`: msg has its ERR */
	CTRL_ERR_PROTOCOL,  /* the prober sent what the protocol does not
	                       allow: msg quotes the line (cut short) */
	CTRL_ERR_EOF,       /* the prober closed the connection too early:
	                       msg says what was lost */
	CTRL_ERR_NOMEM,
};

struct ctrl_error {
	int  code;      /* enum ctrl_errcode */
	int  sys;       /* the errno behind it, or 0 */
	char msg[320];
};

/* A measurement command.  Set line and user; the rest is the client's. */
typedef struct ctrl_cmd {
	const char *line;     /* the command, one line, no newline: kept,
	                         not copied, until done */
	void       *user;     /* yours */
	uint32_t    id;       /* the prober's id-N, once accepted; else 0 */

	/* private to the client */
	struct ctrl_cmd *next_;
	struct ctrl_cmd *hnext_;
	unsigned         state_;
	unsigned         kind_;
} ctrl_cmd;

/* How a command ended: the `how` of the done callback. */
enum ctrl_cmd_end {
	CTRL_CMD_COMPLETED = 1, /* its final result was delivered */
	CTRL_CMD_REJECTED,      /* ERR: why is the prober's reason, e.g.
	                           "command not accepted: invalid
	                           destination address" */
	CTRL_CMD_UNMATCHED,     /* accepted by a 2021-dialect prober: its
	                           result comes to result() with cmd NULL */
	CTRL_CMD_LOST,          /* the connection ended (or was closed)
	                           before its result: why says how */
};

/* The result format asked of the prober at attach. */
enum ctrl_format {
	CTRL_FORMAT_DEFAULT = 0, /* not asked: warts */
	CTRL_FORMAT_WARTS,
	CTRL_FORMAT_JSON,
};

/* One DATA block, as delivered to result() and record(). */
struct ctrl_result {
	uint32_t         id;      /* the DATA header's id-N; 0 if none */
	int              inprog;  /* a partial result ("inprog"): more follow */
	uint16_t         type;    /* record type (enum warts_type), also for
	                             JSON (its "type"); 0 if not known */
	enum ctrl_format format;  /* CTRL_FORMAT_WARTS or CTRL_FORMAT_JSON */
	const uint8_t   *data;    /* the record as received: the warts
	                             record (uudecoded), or the JSON text
	                             with its newline */
	size_t           len;
	/*
	 * The record decoded by libwarts (warts format, when a result
	 * callback is set), or NULL: JSON, or decode_error says why.  The
	 * object is cleared after the callback returns; take it with
	 * ctrl_result_take to keep it.
	 */
	warts_object    *obj;
	const char      *decode_error;
};

/* Move the decoded object out of r into *out (the caller then clears it).
 * Returns 0, or -1 if there is none. */
int ctrl_result_take(struct ctrl_result *r, warts_object *out);

/*
 * The callbacks.  done and closed are required, the rest optional.  Any
 * of them may submit, halt, call ctrl_client_done, or free the client.
 * r and its bytes are valid only during the call.
 */
struct ctrl_client_ops {
	void (*accepted)(ctrl_client *c, ctrl_cmd *cmd, void *arg);
	void (*result)(ctrl_client *c, ctrl_cmd *cmd, struct ctrl_result *r,
	               void *arg);
	void (*done)(ctrl_client *c, ctrl_cmd *cmd, int how, const char *why,
	             void *arg);
	void (*record)(ctrl_client *c, const struct ctrl_result *r, void *arg);
	void (*more)(ctrl_client *c, void *arg);
	/* the command was written to the socket (for logging, timing) */
	void (*sent)(ctrl_client *c, ctrl_cmd *cmd, void *arg);
	/*
	 * The connection is over; nothing more is called back, and every
	 * command has had its done.  err is NULL when it ended as asked:
	 * `done` was answered, every command finished and the prober closed
	 * at the end of a record.  Free the client here or later.
	 */
	void (*closed)(ctrl_client *c, const struct ctrl_error *err,
	               void *arg);
};

/*
 * The parameters of `attach`.  Only what is set is sent: a zeroed struct
 * (or NULL) sends a plain "attach".  Scamper 2021 knows only priority
 * and format; 2026 the rest but dialect, which only our prober knows.
 */
struct ctrl_attach {
	enum ctrl_format format;
	unsigned         set;        /* CTRL_ATTACH_* for the numbers below */
	uint32_t         priority;   /* mixing priority, 1..100000 */
	uint32_t         list_id;
	uint32_t         cycle_id;
	const char      *name;       /* list name; NULL: not sent */
	const char      *descr;      /* list description */
	const char      *monitor;    /* monitor name */
	unsigned         dialect;    /* 2021 or 2026 (our prober); 0: not
	                                sent.  Also what the client expects */
};
#define CTRL_ATTACH_PRIORITY 0x1
#define CTRL_ATTACH_LIST_ID  0x2
#define CTRL_ATTACH_CYCLE_ID 0x4

struct ctrl_client_opts {
	/* send commands without waiting for MORE (sc_attach -O impatient) */
	int    impatient;
	/* the dialect the prober speaks: 2021, 2026, or 0 to learn it
	 * (attach's dialect, when set, counts as this) */
	unsigned dialect;
	/* the largest record accepted (default 16 MB) */
	size_t max_record;
};

/*
 * A client on loop l, not yet connected.  opts may be NULL.  Returns
 * NULL when out of memory.
 */
ctrl_client *ctrl_client_new(ctrl_loop *l, const struct ctrl_client_ops *ops,
                             const struct ctrl_client_opts *opts, void *arg);

/*
 * Connect, then attach with the parameters given (NULL: plain attach).
 *   _tcp     "[ip:]port": loopback when no address is given; an IPv6
 *            address in brackets ("[::1]:31337"); a host name is looked
 *            up (blocking)
 *   _unix    a prober's control socket (scamper -U)
 *   _remote  a remote VP's socket from sc_remoted -U: already attached,
 *            warts only; nothing is sent before the first command
 *   _fd      a connected stream socket, which the client now owns;
 *            attach NULL with attached set: already attached
 * Returns 0 (connecting continues in the loop; a failure then comes to
 * closed() with CTRL_ERR_CONNECT), or -1 with err filled.  A client is
 * connected once.
 *
 * A VP behind sc_remoted's multiplexed socket is reached with
 * ctrl_client_connect_mux (ctrl/mux_client.h), over a channel of the
 * mux connection.
 */
int ctrl_client_connect_tcp(ctrl_client *c, const char *where,
                            const struct ctrl_attach *attach,
                            struct ctrl_error *err);
int ctrl_client_connect_unix(ctrl_client *c, const char *path,
                             const struct ctrl_attach *attach,
                             struct ctrl_error *err);
int ctrl_client_connect_remote(ctrl_client *c, const char *path,
                               struct ctrl_error *err);
int ctrl_client_open_fd(ctrl_client *c, int fd, const struct ctrl_attach *attach,
                        int attached, struct ctrl_error *err);

/*
 * Queue a command (cmd->line: printable, no newline, at most 8000
 * bytes).  It is sent when the prober asks (MORE), or at once when
 * impatient.  Returns 0, or -1 with err: a bad line, ctrl_client_done was
 * called, or the connection is over.  On -1 no callback follows for cmd.
 */
int ctrl_client_submit(ctrl_client *c, ctrl_cmd *cmd, struct ctrl_error *err);

/*
 * Take back a command not yet sent; its done follows at once
 * (CTRL_CMD_LOST, "cancelled").  Returns 0, or -1 if it has been sent.
 */
int ctrl_client_cancel(ctrl_client *c, ctrl_cmd *cmd);

/*
 * Ask the prober to stop measurement id (halt N).  Its partial result
 * still comes, and ends the command.  Returns 0, or -1 if no command in
 * progress has that id.  A halt the prober declines (the measurement
 * just finished) is not reported.
 */
int ctrl_client_halt(ctrl_client *c, uint32_t id);

/*
 * No more commands: once every command submitted has been sent, send
 * `done`.  The prober then finishes the measurements, sends the
 * cycle-stop record and closes; closed(NULL) follows.
 */
void ctrl_client_done(ctrl_client *c);

/* Commands submitted and not yet sent; commands sent and not yet ended. */
size_t ctrl_client_unsent(const ctrl_client *c);
size_t ctrl_client_inflight(const ctrl_client *c);

/* The dialect seen so far: 2021, 2026, or 0 while not known. */
unsigned ctrl_client_dialect(const ctrl_client *c);

/* Where the client connected ("127.0.0.1:31337", a socket path). */
const char *ctrl_client_peer(const ctrl_client *c);

/*
 * Close the connection at once and free the client.  Commands it still
 * holds get their done (CTRL_CMD_LOST, "closed") during this call;
 * closed() is not called.  Safe inside the client's callbacks.
 */
void ctrl_client_free(ctrl_client *c);

#ifdef __cplusplus
}
#endif

#endif
