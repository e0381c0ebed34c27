/*
 * input.h: where sc_attach's commands come from.
 *
 * A file is read a line at a time as the prober asks for commands, so a
 * file of millions of lines is never all in memory; with -O random it is
 * read whole and shuffled first.  A standard input that is a pipe, a
 * terminal or a socket is read in the event loop, so results keep
 * flowing while it waits, and reading pauses while many commands wait to
 * be sent.  Blank lines and lines starting with '#' are skipped; -c
 * prefixes each line with a command.
 */
#ifndef SC_ATTACH_INPUT_H
#define SC_ATTACH_INPUT_H

#include <stddef.h>

#include "ctrl/client.h"
#include "ctrl/loop.h"

/* One command: the ctrl_cmd the client links, and its text. */
struct job {
	ctrl_cmd      cmd;
	unsigned long lineno;
	char          text[];
};

struct input;

/*
 * Called for each command read (the callee owns it), and once at the
 * end of the input (job NULL; err set if reading failed).
 */
typedef void (*input_cb)(struct job *job, const char *err, void *arg);

/*
 * Open "-" (standard input) or a file.  prefix is -c's command or NULL.
 * Returns NULL with a message in err.
 */
struct input *input_open(ctrl_loop *l, const char *name, const char *prefix,
                         int shuffle, input_cb cb, void *arg, char *err,
                         size_t errlen);

/*
 * Read up to max more commands (a file), or let the stream run (max > 0)
 * or pause it (max == 0).  Commands come to the callback.
 */
void input_want(struct input *in, size_t max);

/* Nothing more will come (the end was reported). */
int input_ended(const struct input *in);

/* Lines skipped as unusable (too long to be a command). */
unsigned long input_bad(const struct input *in);

void input_close(struct input *in);

#endif
