/*
 * prober_fake.h: a prober on the fake network (net_fake.h) writing its
 * results to a file, for tests that run measurements without root.
 */
#ifndef TESTS_PROBER_FAKE_H
#define TESTS_PROBER_FAKE_H

#include <stddef.h>
#include <stdint.h>

#include "ctrl/loop.h"
#include "out.h"
#include "prober.h"
#include "warts/object.h"

struct fake_prober {
	ctrl_loop     *loop;
	struct net    *net;
	struct out    *out;
	struct prober  p;
};

/*
 * Set one up: pps and holdtime_us as the prober's -p and -H, results to
 * path in format (enum out_format).  Returns 0, or -1 with a message in
 * err (what was set up is freed).
 */
int fake_prober_open(struct fake_prober *fp, unsigned pps,
                     uint64_t holdtime_us, const char *path, int format,
                     char *err, size_t errlen);

/* Finish the prober, close the output (0, or -1 with its error in err),
 * and free the network and the loop. */
int fake_prober_close(struct fake_prober *fp, char *err, size_t errlen);

/* One run of fake_prober_measure: the rate, and what to do around it
 * (each hook optional, given arg). */
struct fake_run {
	unsigned  pps;
	/* the prober and its network set up, before it runs (to set the
	 * window, how the network answers) */
	void    (*before)(struct fake_prober *fp, void *arg);
	/* after the run, before the prober is freed (to read counters) */
	void    (*after)(struct fake_prober *fp, void *arg);
	/* each object written, read back from the warts file; the hook
	 * may take what it points to (setting the pointer to NULL) */
	void    (*each)(warts_object *obj, void *arg);
	void     *arg;
};

/*
 * Run cmd over the n targets on a fake prober (holdtime 1 s) writing
 * warts to a temporary file, removed after; targets NULL: n addresses
 * from 198.18.0.1 on (250 a /24).  Returns 0, or -1 if the prober could
 * not be set up, failed or its file could not be read (said with diag).
 */
int fake_prober_measure(const struct fake_run *r, const char *cmd,
                        char **targets, size_t n);

#endif
