/*
 * out.h: where results go: one output (a file or stdout) in warts,
 * compressed warts, JSON or text, written as each measurement finishes,
 * so that a crash or a kill loses only what was still in flight.
 *
 * The output holds the list and cycle every measurement of this run
 * belongs to (scamper's -l, -L, -C, -M): warts and JSON output begin
 * with the list and cycle-start records and end with the cycle stop.
 */
#ifndef PROBER_OUT_H
#define PROBER_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "warts/warts.h"

enum out_format {
	OUT_TEXT,
	OUT_WARTS,
	OUT_JSON,
};

struct out_opts {
	const char *path;        /* "-" or NULL for stdout */
	int         format;      /* enum out_format */
	int         compress;    /* enum warts_compress, for warts */
	const char *listname;    /* -l */
	uint32_t    list_id;     /* -L */
	uint32_t    cycle_id;    /* -C */
	const char *monitor;     /* -M */
};

struct out;

/* Open the output (before privileges are dropped). */
struct out *out_open(const struct out_opts *o, char *err, size_t errlen);

/* Write the list and cycle start. */
int out_begin(struct out *o);

/*
 * Write a finished measurement, attaching it to this run's list and
 * cycle.  The object stays the caller's.  It is encoded at once and
 * buffered until out_flush.  Returns 0, or -1 (the reason in out_error).
 */
int out_write(struct out *o, warts_object *obj);

/*
 * Hand what out_write buffered to the file.  The prober calls it before
 * it waits for anything, so a crash loses only the results finished
 * since it last waited, at a write a loop iteration rather than one a
 * result.  Returns 0, or -1 (out_error; out_close reports it too).
 */
int out_flush(struct out *o);

/* Non-zero when out_write has buffered something out_flush has not. */
int out_pending(const struct out *o);

/*
 * Write the cycle stop (if out_begin ran) and close.  Returns 0, or -1
 * if this or any earlier write failed (the first failure in err), so
 * that lost results show in the exit status.
 */
int out_close(struct out *o, char *err, size_t errlen);

/*
 * The run never started: close without writing anything more, and
 * remove the file if out_open created it (a file that existed stays,
 * empty).  o may be NULL.
 */
void out_abort(struct out *o);

const char *out_error(const struct out *o);

#endif
