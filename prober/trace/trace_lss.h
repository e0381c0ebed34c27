/*
 * trace_lss.h: Doubletree's local stop sets (trace -Z name).
 *
 * A local stop set holds the addresses that traces named with the same
 * -Z have met while probing backwards; a later trace stops going back
 * at the first of them it meets (Donnet et al., SIGMETRICS 2005).  As
 * in scamper, a set lives as long as the prober and is shared by every
 * trace that names it, whichever client or file the trace came from.
 */
#ifndef PROBER_TRACE_LSS_H
#define PROBER_TRACE_LSS_H

#include "warts/addr.h"

struct trace_lss;

/* The set called name, made empty the first time; NULL if out of
 * memory. */
struct trace_lss *trace_lss_get(const char *name);

/* The set holds a. */
int trace_lss_has(const struct trace_lss *l, const warts_addr *a);

/* Add a (once).  Returns 0, or -1 if out of memory. */
int trace_lss_add(struct trace_lss *l, const warts_addr *a);

/* Forget every set (for tests; traces using one must have ended). */
void trace_lss_reset(void);

#endif
