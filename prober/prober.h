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

/* Where commands come from: -i, -I, -f (more may come later). */
struct input {
	/*
	 * The next command, as a line of words, or NULL at the end.  The
	 * string is valid until the next call.
	 */
	const char *(*next)(struct input *in);
	void (*free)(struct input *in);
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

struct prober {
	ctrl_loop          *loop;
	struct net         *net;
	struct probe_table  probes;
	struct prober_opts  opts;
	struct out         *out;
	struct input       *in;
	int                 input_done;

	struct task        *tasks;         /* every running task */
	unsigned            ntasks;
	struct task        *ready_head, *ready_tail;
	double              tokens;        /* packets we may send now */
	uint64_t            last_fill;
	ctrl_timer          tick;
	ctrl_timer          expire;
	uint64_t            next_id;
	int                 stopping;
	struct prober_stats st;

	/* errors about commands go here (stderr on the command line) */
	void (*report)(struct prober *p, const char *msg);
};

/* Set up (the loop, sockets and output are the caller's). */
void prober_init(struct prober *p, ctrl_loop *l, struct net *n,
                 struct out *o, const struct prober_opts *opts);

/* Read commands from in until it ends; prober_run then returns. */
void prober_input(struct prober *p, struct input *in);

/* Run until the input is spent and every task has finished. */
int prober_run(struct prober *p);

/* Halt every task (their results are written) and stop reading input. */
void prober_halt(struct prober *p);

/*
 * Parse a command line and start it as a task.  Returns the task, or
 * NULL with a message in err naming what is wrong.
 */
struct task *prober_command(struct prober *p, const char *line, void *owner,
                            char *err, size_t errlen);

/* The type of a command name, or NULL. */
const struct task_type *prober_type(const char *name);

void prober_fini(struct prober *p);

#endif
