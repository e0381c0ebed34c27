/*
 * trace_lss.c: Doubletree's local stop sets, by name, for the life of
 * the prober (see trace_lss.h): a list of them, the prober's.  Each set is a sorted array searched by
 * bisection: traces add an address only when they meet a new one, so
 * sets grow slowly and are read far more often than written.
 */
#include <stdlib.h>
#include <string.h>

#include "trace_lss.h"

struct trace_lss {
	char             *name;
	warts_addr       *addrs;    /* sorted by warts_addr_cmp */
	size_t            n, cap;
	struct trace_lss *next;
};

struct trace_lss *trace_lss_get(struct trace_lss **sets, const char *name)
{
	struct trace_lss *l;
	for (l = *sets; l != NULL; l = l->next)
		if (strcmp(l->name, name) == 0)
			return l;
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->name = strdup(name)) == NULL) {
		free(l);
		return NULL;
	}
	l->next = *sets;
	*sets = l;
	return l;
}

/* Where a is, or would go: the first element not below it. */
static size_t lower_bound(const struct trace_lss *l, const warts_addr *a)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (warts_addr_cmp(&l->addrs[mid], a) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int trace_lss_has(const struct trace_lss *l, const warts_addr *a)
{
	size_t i = lower_bound(l, a);
	return i < l->n && warts_addr_cmp(&l->addrs[i], a) == 0;
}

int trace_lss_add(struct trace_lss *l, const warts_addr *a)
{
	size_t i = lower_bound(l, a);
	if (i < l->n && warts_addr_cmp(&l->addrs[i], a) == 0)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		warts_addr *n = realloc(l->addrs, cap * sizeof(*n));
		if (n == NULL)
			return -1;
		l->addrs = n;
		l->cap = cap;
	}
	memmove(&l->addrs[i + 1], &l->addrs[i], (l->n - i) * sizeof(*a));
	l->addrs[i] = *a;
	l->n++;
	return 0;
}

void trace_lss_free_all(struct trace_lss **sets)
{
	while (*sets != NULL) {
		struct trace_lss *l = *sets;
		*sets = l->next;
		free(l->addrs);
		free(l->name);
		free(l);
	}
}
