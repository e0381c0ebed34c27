/*
 * source.h: where measurements come from, and where their results go.
 *
 * The prober serves several sources at once: the command line (-i, -I,
 * -f), whose results go to the output file, and each control-socket
 * client that attached, whose results go back over its connection.  A
 * source offers commands; the prober takes the next one when the window
 * (-w) and the packet rate (-p) allow, choosing among the sources that
 * have one by weighted round robin: a source of priority N starts up to N
 * measurements in a row before the next source's turn, so over time each
 * source gets a share of the prober proportional to its priority.  A
 * source of priority 0 is kept but never served, and so is one held for
 * one of the reasons below.
 *
 * A source holds its commands already parsed (a control client is told
 * at once whether a command is accepted, with its id), or, like the
 * command line, parses each one only when it is taken, so a file of a
 * million targets is read a line at a time.
 *
 * Every task remembers its source (task->owner).  When the task finishes
 * its result goes to the source's result handler; when a source has
 * finished (it will offer nothing more) and its last task has ended, its
 * idle handler runs once and the prober forgets it.  A source whose
 * owner goes away is abandoned: its queued commands are dropped and its
 * running tasks halted, their results discarded.
 */
#ifndef PROBER_SOURCE_H
#define PROBER_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "task.h"
#include "warts/object.h"

struct prober;
struct source;
struct input;

/* Why a source is held (struct source's held). */
#define SOURCE_HELD_OUTPUT 1u  /* its client reads slower than results
                                * come */
#define SOURCE_HELD_LINK   2u  /* the remote controller has not taken
                                * enough of the results sent */

/* A parsed command waiting for its turn. */
struct source_cmd {
	const struct task_type *type;
	void                   *obj;     /* the parsed warts object */
	uint32_t                id;      /* the source's number for it */
	struct source_cmd      *next;
};

struct source_ops {
	/*
	 * Optional: produce the next command when the prober wants one
	 * and the queue is empty (the command line parses lazily).
	 * Returns 1 with *cmd filled, or 0 if there is none now; a source
	 * that will never have another calls source_finish first.
	 */
	int  (*take)(struct source *s, struct source_cmd *cmd);

	/* Optional: a queued command was taken and is starting. */
	void (*taken)(struct source *s);

	/* A task of this source finished: obj is its result, valid only
	 * during the call. */
	void (*result)(struct source *s, struct task *t, warts_object *obj);

	/* Optional: finished and no task left.  The prober has already
	 * forgotten s; the owner may free it now. */
	void (*idle)(struct source *s);

	/* Optional: the prober is being freed with s still in it; free s
	 * if the prober owns it (the command line's). */
	void (*destroy)(struct source *s);
};

struct source {
	const struct source_ops *ops;
	void                    *arg;       /* the owner's */
	struct prober           *p;         /* NULL until added */

	/* what "source list" shows */
	char                    *name;
	char                    *descr;
	const char              *kind;      /* "cmdline", "control" */
	uint32_t                 list_id, cycle_id;
	uint32_t                 priority;

	struct source_cmd       *q_head, *q_tail;
	unsigned                 nqueued;   /* commands not yet started */
	unsigned                 ntasks;    /* tasks running */
	uint32_t                 next_id;   /* the last id given out */
	unsigned                 finished : 1;  /* nothing more will come */
	unsigned                 holds_run : 1; /* prober runs while it lives */
	unsigned                 dropping : 1;  /* results are discarded */
	unsigned                 held;          /* not served while any
	                                         * SOURCE_HELD_* is set;
	                                         * prober_kick after */

	struct source           *prev, *next;   /* the prober's list */
};

/* Fill in a source (zeroed first); priority 1, list 0, cycle 1. */
void source_init(struct source *s, const struct source_ops *ops, void *arg,
                 const char *kind);

/* Free what source_init and the setters allocated (not s itself).  The
 * source must be out of the prober (abandoned, or idle). */
void source_fini(struct source *s);

int source_set_name(struct source *s, const char *name);
int source_set_descr(struct source *s, const char *descr);

/* Begin offering commands to the prober. */
void source_add(struct prober *p, struct source *s);

/*
 * Queue a parsed command (the object becomes the source's); *id gets its
 * number, counted per source from 1.  Returns 0, or -1 when the source
 * has finished or ids are exhausted (the object is not taken).
 */
int source_queue(struct source *s, const struct task_type *type, void *obj,
                 uint32_t *id);

/*
 * Halt measurement id: a running task stops and its result (as far as it
 * got) is delivered; a queued one starts and stops at once, so that it
 * too has a result.  Returns 0, or -1 if the source has no such id.
 */
int source_halt(struct source *s, uint32_t id);

/* Non-zero if id is running or queued in s. */
int source_has(const struct source *s, uint32_t id);

/* Nothing more will be queued; idle follows when the tasks are done. */
void source_finish(struct source *s);

/* Drop the queued commands (shutdown flush); running tasks go on. */
void source_flush(struct source *s);

/*
 * The owner is going away: drop the queued commands, halt the running
 * tasks and discard their results, and leave the prober.  No handler of
 * the source runs after this.
 */
void source_abandon(struct source *s);

/*
 * The command line as a source: commands from in (which it then owns),
 * results to the prober's output.  Returns NULL when out of memory.
 * The prober frees it when it is spent.
 */
struct source *source_cmdline(struct prober *p, struct input *in);

/* ---- for the prober ---------------------------------------------------- */

/*
 * The next command by weighted round robin among p's sources.  Returns
 * 1 with *cmd and *from set, or 0 when no source has one now.
 */
int sources_next(struct prober *p, struct source_cmd *cmd,
                 struct source **from);

/* A task of s ended with obj as its result (s->ntasks is counted down). */
void source_task_done(struct source *s, struct task *t, warts_object *obj);

/* Idle sources leave the prober (called when the prober is safe to
 * change its list). */
void source_check(struct source *s);

/* Take s out of the prober's list. */
void source_unlink(struct source *s);

/* Forget every source (prober_fini; the tasks are already gone). */
void sources_free(struct prober *p);

#endif
