/*
 * fp_collect.h: collection, testing devices through a prober.
 *
 * Each device has one measurement in flight at most, and waits a second
 * between two of its measurements, so that no device sees a burst; its
 * addresses are tested one after the other, each with the enabled tests
 * in random order.  Many devices are tested at once, as many as the
 * prober asks commands for (MORE).  When a device is done its report is
 * printed (not with -D) and its state freed.
 */
#ifndef FP_COLLECT_H
#define FP_COLLECT_H

#include "fp_result.h"
#include "fp_tests.h"

struct fp_collect_opts {
	const char *infile;     /* -a */
	const char *outfile;    /* -o */
	const char *port;       /* -p [ip:]port */
	const char *unix_path;  /* -U, or -R */
	int         remote;     /* -R: unix_path is a VP's socket from
	                           sc_remoted -U (already attached) */
	const char *logfile;    /* -l */
	fp_set      tests;      /* -t and -T */
	int         daemon;     /* -D */
	int         impatient;  /* -O impatient */
	int         trace;      /* -O trace */
	int         tuples;     /* -O tuples */
	unsigned    max_active; /* -O active=N; 0: FP_DEFAULT_ACTIVE */
};

/* Devices under test at once unless -O active=N says otherwise. */
#define FP_DEFAULT_ACTIVE 4096

/* Run a collection; returns the exit status (errors printed). */
int fp_collect(const struct fp_collect_opts *o, const struct fp_report *rep);

#endif
