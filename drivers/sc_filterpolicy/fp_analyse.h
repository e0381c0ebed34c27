/*
 * fp_analyse.h: -r, reporting the devices of a file already collected.
 */
#ifndef FP_ANALYSE_H
#define FP_ANALYSE_H

#include <stdio.h>

#include "fp_result.h"

/*
 * Read the pings of a warts file ("-" for stdin) and report each device
 * (known by the pings' user id) in id order.  Returns 0, or 1 after
 * printing what went wrong on stderr (devices read before damage in the
 * file are still reported).
 */
int fp_analyse(const char *path, const struct fp_report *rep);

#endif
