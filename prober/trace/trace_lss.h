/*
 * trace_lss.h: Doubletree's local stop sets (trace -Z name).
 *
 * A local stop set holds the addresses that traces named with the same
 * -Z have met while probing backwards; a later trace stops going back
 * at the first of them it meets (Donnet et al., SIGMETRICS 2005).  As
 * in scamper, a set lives as long as the prober and is shared by every
 * trace that names it, whichever client or file the trace came from:
 * the prober holds the list of sets (struct prober's lss_sets), and
 * frees it when it finishes.
 */
#ifndef PROBER_TRACE_LSS_H
#define PROBER_TRACE_LSS_H

#include "warts/addr.h"

struct trace_lss;

/* The set called name in the list *sets, added empty the first time;
 * NULL if out of memory. */
struct trace_lss *trace_lss_get(struct trace_lss **sets, const char *name);

/* The set holds a. */
int trace_lss_has(const struct trace_lss *l, const warts_addr *a);

/* Add a (once).  Returns 0, or -1 if out of memory. */
int trace_lss_add(struct trace_lss *l, const warts_addr *a);

/* Free every set of the list *sets, which is then empty (traces using
 * one must have ended). */
void trace_lss_free_all(struct trace_lss **sets);

#endif
