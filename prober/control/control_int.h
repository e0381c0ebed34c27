/*
 * control_int.h: what the control socket's files share (control.h is the
 * interface): the state of the socket and of each client.
 *
 *   listen.c    listeners, accepting, control_new/start/free
 *   client.c    one client: lines in, modes, attached streams, DATA out
 *   commands.c  the interactive commands (attach's parameters, get, set,
 *               help, shutdown, source) and their replies
 */
#ifndef PROBER_CONTROL_INT_H
#define PROBER_CONTROL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "control/control.h"
#include "ctrl/conn.h"
#include "ctrl/loop.h"
#include "source.h"
#include "warts/encoder.h"
#include "warts/format.h"
#include "warts/list.h"

/* Text a client sent is quoted back up to this many characters. */
#define CONTROL_QUOTE_MAX 64

struct listener;

struct control {
	struct control_opts opts;
	struct prober      *p;
	ctrl_loop          *loop;
	struct listener    *listeners;
	struct client      *clients;
	unsigned            nclients;
	unsigned            peak;        /* clients since memory was trimmed */
	char               *command;     /* "get command" */
	char               *monitor;     /* "set monitorname", -M */
	char               *nameserver;  /* "set nameserver" */
	char               *unix_path;   /* the -U socket, for list names */
	unsigned            unix_count;  /* attaches through it so far */
	int                 draining;    /* control_drain is running */
};

enum client_mode {
	CLIENT_INTERACTIVE,
	CLIENT_ATTACHED,
	CLIENT_FLUSH,        /* sending what is queued, then closing */
};

struct client {
	struct control     *ctl;
	ctrl_conn          *conn;
	struct client      *prev, *next;
	enum client_mode    mode;
	char               *name;        /* peer, the default list name */
	int                 is_unix;

	/* attached */
	struct source       src;
	int                 json;
	enum ctrl_dialect   dialect;
	warts_encoder      *enc;
	warts_list         *list;
	warts_cycle        *cycle;
	unsigned            in_prober : 1; /* src is the prober's */
	unsigned            done : 1;      /* the client said "done" */
	unsigned            paused : 1;    /* too many commands queued */
	unsigned            flushed : 1;   /* shutdown flush emptied its queue */
};

/* client.c */
int  client_new(struct control *ctl, int fd, const char *name, int is_unix);
void client_free(struct client *c);
/* At exit: the attached stream's end (if the socket takes it at once),
 * then client_free. */
void client_close(struct client *c);
/* Reply one line (newline added); text longer than a line's worth is
 * cut with "...". */
void client_reply(struct client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Begin attached mode with the parameters given (commands.c parsed
 * them).  Returns 0, or -1 with the reply sent. */
struct attach_params {
	int         json;
	int         dialect;     /* -1: the socket's default */
	uint32_t    priority, list_id, cycle_id;
	const char *name, *descr, *monitor;
	int         remote;      /* a remote channel (remote.h): attached
	                            from the start, so no "OK" */
};
int  client_attach(struct client *c, const struct attach_params *ap);
/* The client's queue of unstarted commands shrank (one started, or
 * shutdown flush dropped them): read it again if it was held back, and
 * ask for more when the queue is empty. */
void client_queue_shrank(struct client *c);
/* Close the current cycle and begin the next (source cycle). */
int  client_cycle(struct client *c);
/* Up to CONTROL_QUOTE_MAX characters of s, "..." if cut; buf has room
 * for CONTROL_QUOTE_MAX + 4. */
const char *client_quote(const char *s, char *buf);
void control_log(struct control *ctl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* listen.c: a client left; give memory back when none is left */
void control_idle(struct control *ctl);
/* listen.c: a client's output went out, or the client went: while
 * draining, stop once nothing is left to send */
void control_sent(struct control *ctl);

/* commands.c: a line in interactive mode (printable, not empty) */
void client_interactive(struct client *c, char *line, size_t len);

#endif
