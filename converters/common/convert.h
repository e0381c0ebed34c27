/*
 * convert.h: what every converter shares: reading each input in turn
 * (files, or stdin for "-" or no file), buffering output, and reporting
 * errors as one line naming the file, the byte offset and the record.
 */
#ifndef CONVERT_H
#define CONVERT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "warts/warts.h"
#include "warts/format.h"

/* Called for each object; append output to out.  Return 0, or -1 to stop
 * (the callback has then reported why on stderr). */
typedef int (*convert_fn)(void *ctx, const warts_object *obj,
                          warts_strbuf *out);

struct convert {
	const char     *prog;     /* for messages */
	const uint16_t *types;    /* records to decode; NULL for all */
	size_t          ntypes;
	convert_fn      fn;
	void           *ctx;
};

/*
 * Run c->fn over every object of every input.  Output reaches stdout in
 * order, before any error message about a later record.  Returns the exit
 * status: 0 when every input was read to its end, 1 otherwise.
 */
int convert_run(const struct convert *c, int nfiles, char *const *files);

/*
 * getopt_long returned '?' or ':' (with opterr 0 and '?' left out of the
 * option string): -? asks for help, which is printed to stdout (status
 * 0); anything else is reported in one line on stderr (status 1).
 * Returns the exit status.
 */
int convert_badopt(const char *prog, int ch, char **argv,
                   void (*usage)(FILE *));

/* Print "prog (warts toolkit) VERSION" for -v. */
void convert_version(const char *prog);

/* Write the buffer to stdout and empty it; -1 on a write error. */
int convert_flush(warts_strbuf *out);

#endif
