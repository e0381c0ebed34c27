/*
 * ctrl/conn.h: a line-oriented stream connection on the event loop.
 *
 * Both ends of the control protocol talk in lines, with results as
 * counted payloads that are themselves lines.  A ctrl_conn reads a
 * non-blocking socket, hands each complete line to its owner, and queues
 * what the owner writes until the socket takes it.
 *
 * It is frugal with idle connections: nothing is allocated beyond the
 * struct while no partial line is waiting and no output is queued, since
 * a controller may hold thousands of mostly idle connections.  Both
 * buffers are bounded: a line longer than max_line is delivered cut
 * short and flagged, never stored whole; output beyond max_queue is
 * refused, so the owner can drop a client that does not read.
 *
 *   static void on_line(ctrl_conn *c, char *line, size_t len,
 *                       int too_long, void *arg)
 *   {
 *           ctrl_conn_write(c, "OK\n", 3);
 *   }
 *   static void on_closed(ctrl_conn *c, int err, void *arg)
 *   {
 *           ctrl_conn_free(c);
 *   }
 *   static const struct ctrl_conn_ops ops = { on_line, NULL, on_closed };
 *   ctrl_conn *c = ctrl_conn_new(loop, fd, &ops, state, NULL);
 *
 * The owner may free the connection from inside any of its callbacks.
 */
#ifndef CTRL_CONN_H
#define CTRL_CONN_H

#include <stdarg.h>
#include <stddef.h>

#include "ctrl/loop.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ctrl_conn ctrl_conn;

struct ctrl_conn_ops {
	/*
	 * A complete line without its newline (or the carriage return
	 * before it), NUL-terminated; the owner may change its bytes.  A
	 * line longer than max_line arrives once, as its first max_line
	 * bytes with too_long set; the rest of it is skipped.
	 */
	void (*line)(ctrl_conn *c, char *line, size_t len, int too_long,
	             void *arg);

	/*
	 * The peer will send nothing more (it shut down its side or
	 * closed); writing may still work.  A partial last line is
	 * delivered first (to partial() if set, else to line()).  NULL:
	 * treated as the end of the connection,
	 * closed(c, 0).
	 */
	void (*eof)(ctrl_conn *c, void *arg);

	/*
	 * The connection is over: 0 once the output ctrl_conn_finish asked
	 * for has been sent, or the errno of a failure (ECONNRESET, EPIPE,
	 * ENOBUFS when the owner's output passed max_queue).  Called once;
	 * nothing more is read or written; the owner frees the connection.
	 */
	void (*closed)(ctrl_conn *c, int err, void *arg);

	/* Optional: the output queue has just become empty. */
	void (*drained)(ctrl_conn *c, void *arg);

	/*
	 * Optional: the peer ended in the middle of a line; these are the
	 * bytes of it that came (NUL-terminated), just before eof.  NULL:
	 * they are delivered to line() as if the line were whole.  For a
	 * client that must tell a cut record from a complete one.
	 */
	void (*partial)(ctrl_conn *c, char *data, size_t len, void *arg);
};

/*
 * Raw mode: the bytes of each read are handed to cb as they arrived
 * (NUL-terminated at len for convenience, the NUL not counted), not
 * split into lines; ops->line is then never called and may be NULL, and
 * max_line does not apply.  For relaying a stream unchanged (sc_remoted's
 * per-VP sockets).  Pausing from cb takes effect at the next read;
 * nothing is held.  Set it right after ctrl_conn_new.
 */
typedef void (*ctrl_conn_raw_cb)(ctrl_conn *c, char *data, size_t len,
                                 void *arg);
void ctrl_conn_set_raw(ctrl_conn *c, ctrl_conn_raw_cb cb);

struct ctrl_conn_limits {
	size_t max_line;   /* longest line kept (default 8192) */
	size_t max_queue;  /* most output bytes queued (default 4 MB) */
};

/*
 * A connection on fd (made non-blocking here), owned by the caller from
 * now on: ctrl_conn_free closes fd.  limits may be NULL for defaults.
 * Returns NULL (errno set) if it cannot be watched.
 */
ctrl_conn *ctrl_conn_new(ctrl_loop *l, int fd, const struct ctrl_conn_ops *ops,
                         void *arg, const struct ctrl_conn_limits *limits);

/*
 * Queue len bytes for the peer; as much as the socket takes is written
 * at once.  Returns 0, or -1: the connection is over (EPIPE) or the
 * queue would pass max_queue (ENOBUFS; nothing is queued, and the
 * connection is then closed with closed(ENOBUFS) from the loop).
 */
int ctrl_conn_write(ctrl_conn *c, const void *buf, size_t len);
int ctrl_conn_printf(ctrl_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Bytes queued and not yet taken by the socket. */
size_t ctrl_conn_queued(const ctrl_conn *c);

/*
 * Stop reading (1) or read again (0): lines already received wait,
 * in order, and are delivered after reading resumes.  Lets a owner hold
 * a client that sends faster than it can be served.
 */
void ctrl_conn_pause(ctrl_conn *c, int paused);

/* Read nothing more; once the queue is sent, shut the socket and call
 * closed(c, 0). */
void ctrl_conn_finish(ctrl_conn *c);

/* The descriptor, e.g. for getpeername. */
int ctrl_conn_fd(const ctrl_conn *c);

/* Close at once, dropping queued output; no callback follows.  Safe
 * from inside the connection's own callbacks. */
void ctrl_conn_free(ctrl_conn *c);

#ifdef __cplusplus
}
#endif

#endif
