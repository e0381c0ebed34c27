/*
 * control.h: the prober's control socket (scamper -P, -U).
 *
 * Programs drive a running prober through a line protocol (scamper(1),
 * CONTROL SOCKET and ATTACH MODE): a client connects, may ask and set a
 * few things (get version, set pps ...), and after "attach" sends
 * measurement commands and receives each result as a DATA block.  Each
 * attached client is a source of the prober (source.h), mixed with the
 * command line and the other clients by priority.
 *
 *   struct control *ctl = control_new(&opts);
 *   control_listen_inet(ctl, "31337", err, sizeof(err));  // as root
 *   control_listen_unix(ctl, "/run/scamper.sock", err, sizeof(err));
 *   ... drop privileges, make the loop and the prober ...
 *   control_start(ctl, &prober);
 *   prober_run(&prober);              // until "shutdown"
 *   control_free(ctl);                // every client, then the sockets
 *
 * Every client is bounded: a line longer than max_line is refused
 * ("ERR line too long") and skipped; a client with more than a quarter
 * of max_queue of its output unread gets no new measurement started
 * until it has read it all, and output that the client does not read
 * piles up only to max_queue, then the client is dropped and its
 * measurements halted; a client with more than max_pending commands not
 * yet started is not read until the prober catches up.  Text a client
 * sent is quoted back only in part, so no reply is ever long.
 */
#ifndef PROBER_CONTROL_H
#define PROBER_CONTROL_H

#include <stddef.h>

#include "ctrl/proto.h"

struct prober;
struct control;

struct control_opts {
	/* DATA headers for clients that do not choose ("attach dialect
	 * 2021|2026"): 2026's "DATA n id-N", or 2021's "DATA n" that
	 * scamper 2021's sc_attach reads (-O ctrl-2021). */
	enum ctrl_dialect dialect;
	size_t      max_line;     /* default 8192 */
	size_t      max_queue;    /* output bytes per client, default 8 MB */
	unsigned    max_pending;  /* unstarted commands, default 1000 */
	const char *monitor;      /* -M: the monitor name lists carry */
	const char *command;      /* -c: "get command" (default "trace") */
	/* debug messages (-d): clients dropped, sockets that failed */
	void      (*log)(void *arg, const char *msg);
	void       *log_arg;
};

/* A control socket with no listener yet; NULL when out of memory. */
struct control *control_new(const struct control_opts *opts);

/*
 * Listen on TCP "[ip:]port": loopback unless an address is given, an
 * IPv6 address in brackets ("[::1]:31337").  Returns 0, or -1 with a
 * message in err.
 */
int control_listen_inet(struct control *ctl, const char *spec, char *err,
                        size_t errlen);

/*
 * Listen on a unix socket at path, made with mode 0700 (only its owner
 * and root may connect).  A stale socket file (nothing listening) is
 * replaced; a live one is an error.  Returns 0, or -1 with a message.
 */
int control_listen_unix(struct control *ctl, const char *path, char *err,
                        size_t errlen);

/* Accept clients for prober p (on p's loop). */
int control_start(struct control *ctl, struct prober *p);

/*
 * Serve a connected socket as a client (what accepting does; tests and
 * the fuzz target use it on a socketpair).  name is the list name an
 * attach uses by default.  Returns 0, or -1 (fd is closed).
 */
int control_adopt(struct control *ctl, int fd, const char *name);

/* Clients connected now. */
unsigned control_clients(const struct control *ctl);

/*
 * Before control_free, when the prober has stopped: send what clients
 * have queued (results, the ends of their streams' measurements halted)
 * by running the loop until every client's output is out, or ms
 * milliseconds have passed, or the loop is stopped.  Nothing is read or
 * accepted meanwhile.
 */
void control_drain(struct control *ctl, unsigned ms);

/*
 * Close every client (attached ones have their measurements halted and
 * get the cycle stop if their socket takes it), the listeners, and
 * remove the unix socket's file.  Call before prober_fini.
 */
void control_free(struct control *ctl);

#endif
