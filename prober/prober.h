/*
 * prober.h: the prober's core: scheduling tasks within a packet rate and
 * a window, matching replies to them, and handing results to the output.
 */
#ifndef PROBER_PROBER_H
#define PROBER_PROBER_H

#include <stdint.h>

#include "ctrl/loop.h"
#include "net/net.h"
#include "probe.h"
#include "task.h"

struct out;
struct source;

/* Ranges of -p and -w (and of "set pps", "set window"). */
#define PROBER_PPS_MAX    1000000
#define PROBER_WINDOW_MAX 65535

/* Where commands come from: -i, -I, -f (more may come later). */
struct input {
	/*
	 * The next command, as a line of words; NULL at the end, or, with
	 * *wait set, when none has come yet (a pipe, a terminal): ask
	 * again when fd is readable.  The string is valid until the next
	 * call.
	 */
	const char *(*next)(struct input *in, int *wait);
	void (*free)(struct input *in);
	int fd;        /* what next() waits for; -1 if it never waits */
};

struct prober_opts {
	unsigned    pps;           /* -p: packets per second */
	unsigned    window;        /* -w: tasks at once, 0 for no limit */
	uint64_t    holdtime;      /* -H: microseconds a probe's key is held */
	const char *user;          /* user to run as when started as root */
};

struct prober_stats {
	uint64_t tasks, done;
	uint64_t matched;          /* replies given to a task */
	uint64_t late;             /* replies to a task already finished */
	uint64_t unmatched;        /* replies to no probe of ours */
	uint64_t bad_commands;
};

struct trace_lss;

struct prober {
	ctrl_loop          *loop;
	struct net         *net;
	struct probe_table  probes;
	struct prober_opts  opts;
	struct out         *out;

	/* where commands come from (source.h), served in turn */
	struct source      *sources;       /* list, in the order added */
	struct source      *cur;           /* whose turn it is */
	uint32_t            credit;        /* starts left in that turn */
	unsigned            nsources;
	int                 keep_running;  /* -P/-U: run until shutdown */
	int                 exit_when_done; /* shutdown done or flush */

	struct task        *tasks;         /* every running task */
	unsigned            ntasks;
	struct task        *ready_head, *ready_tail;
	double              tokens;        /* packets we may send now */
	uint64_t            last_fill;
	ctrl_timer          tick;
	uint64_t            tick_not_before; /* the next tick (loop's time) */
	int                 quiet;         /* replies wait for the tick */
	uint64_t            polled_at;     /* (the loop's time) */
	ctrl_timer          expire;
	ctrl_timer          flush;         /* results out_write buffered */
	uint64_t            next_id;
	unsigned long       pid;           /* getpid(), asked once */
	uint16_t            rnd[16];       /* random numbers, a getrandom's */
	unsigned            rnd_left;
	int                 stopping;
	struct prober_stats st;
	/* the traces' local stop sets (-Z), by name, for the prober's
	 * life: trace_lss.h */
	struct trace_lss   *lss_sets;

	/* errors about commands go here (stderr on the command line) */
	void (*report)(struct prober *p, const char *msg);
};

/* Set up (the loop, sockets and output are the caller's). */
/* A result was handed to the output: flush it before the loop waits. */
void prober_flush_soon(struct prober *p);

void prober_init(struct prober *p, ctrl_loop *l, struct net *n,
                 struct out *o, const struct prober_opts *opts);

/* Read commands from in (now the prober's) until it ends: the command
 * line's source (source.h).  Returns 0, or -1 when out of memory. */
int prober_input(struct prober *p, struct input *in);

/*
 * Run until the sources are spent and every task has finished; with
 * keep_running set (a control socket), until prober_shutdown says so.
 */
int prober_run(struct prober *p);

/* Halt every task (their results are written) and stop reading input. */
void prober_halt(struct prober *p);

enum prober_shutdown {
	PROBER_SHUTDOWN_CANCEL,  /* forget an earlier done or flush */
	PROBER_SHUTDOWN_DONE,    /* exit once every queued command ran */
	PROBER_SHUTDOWN_FLUSH,   /* drop queued commands, finish the rest */
	PROBER_SHUTDOWN_NOW,     /* exit at once; unfinished work is lost */
};
void prober_shutdown(struct prober *p, enum prober_shutdown how);

/* A source has a command, or the window or rate changed: look again. */
void prober_kick(struct prober *p);

/* The rate (opts.pps) changed: the next tick need not wait for the
 * spacing the last one set at the old rate; and look again. */
void prober_rate_changed(struct prober *p);

/* Stop the loop if there is nothing left to do (see prober_run). */
void prober_check_done(struct prober *p);

/*
 * Parse a command line into its type and a new object.  Returns 0, or
 * -1 with a message in err naming what is wrong.
 */
int prober_parse(struct prober *p, const char *line,
                 const struct task_type **type, void **obj, char *err,
                 size_t errlen);

/*
 * Start a parsed command (obj becomes the task's) as a task of source s
 * (may be NULL) numbered id.  Returns 0 with *running set to the task,
 * or to NULL if it finished as it started; or -1 when out of memory
 * (obj is freed).
 */
int prober_start(struct prober *p, const struct task_type *type, void *obj,
                 struct source *s, uint32_t id, struct task **running);

/*
 * Parse a command line and start it as a task of source owner (a struct
 * source, or NULL: the result goes to the output).  Returns 0,
 * or -1 with a message in err naming what is wrong.
 */
int prober_command(struct prober *p, const char *line, void *owner,
                   char *err, size_t errlen);

/* The type of a command name, or NULL. */
const struct task_type *prober_type(const char *name);

void prober_fini(struct prober *p);

#endif
