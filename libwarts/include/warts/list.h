/*
 * warts/list.h: lists and cycles, the records that group measurements.
 *
 * A list names a set of measurements (scamper's -l/-L options or a
 * control-socket attach); a cycle is one pass over a list.  Measurements
 * point at the list and cycle they belong to.  Because many objects share
 * one list or cycle, both are reference counted: take a reference with
 * _ref() for every pointer you keep and drop it with _unref().
 *
 * Strings are owned by the struct and freed with free(); set them with
 * strdup() or the _set functions.
 */
#ifndef WARTS_LIST_H
#define WARTS_LIST_H

#include <stdint.h>

#include "warts/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct warts_list {
	uint32_t id;        /* list id given by a person (scamper -l) */
	char    *name;      /* list name; never NULL (may be "") */
	char    *descr;     /* description, or NULL (param 1) */
	char    *monitor;   /* monitor name, or NULL (param 2) */
	unsigned refcnt;    /* managed by _ref/_unref */
} warts_list;

typedef struct warts_cycle {
	warts_list *list;       /* the list cycled over; a reference is held */
	uint32_t    id;         /* cycle id given by a person */
	uint32_t    start_time; /* seconds since the Unix epoch */
	uint32_t    stop_time;  /* seconds, or 0 while the cycle runs */
	char       *hostname;   /* host the cycle ran on, or NULL */
	unsigned    refcnt;
} warts_cycle;

/* A new list with one reference.  name may be NULL for "". */
WARTS_API warts_list *warts_list_alloc(uint32_t id, const char *name);
WARTS_API warts_list *warts_list_ref(warts_list *list);
WARTS_API void warts_list_unref(warts_list *list);

/* A new cycle of list (a reference to list is taken) with one reference. */
WARTS_API warts_cycle *warts_cycle_alloc(warts_list *list, uint32_t id,
                                         uint32_t start_time);
WARTS_API warts_cycle *warts_cycle_ref(warts_cycle *cycle);
WARTS_API void warts_cycle_unref(warts_cycle *cycle);

/*
 * Replace an owned string field with a copy of s (s may be NULL).
 * Returns 0, or -1 when out of memory (the field is unchanged).
 */
WARTS_API int warts_strset(char **field, const char *s);

#ifdef __cplusplus
}
#endif

#endif
