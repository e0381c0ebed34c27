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

#endif
