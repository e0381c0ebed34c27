/*
 * trace.c: allocating and freeing traceroutes.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/trace.h"

warts_trace *warts_trace_alloc(void)
{
	warts_trace *t = calloc(1, sizeof(*t));
	if (t != NULL)
		t->squeries = 1;
	return t;
}

void warts_trace_hop_clear(warts_trace_hop *hop)
{
	warts_icmpexts_clear(&hop->icmpext);
	free(hop->name);
	memset(hop, 0, sizeof(*hop));
}

static void hops_free(warts_trace_hop *hops, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++)
		warts_trace_hop_clear(&hops[i]);
	free(hops);
}

void warts_trace_free(warts_trace *t)
{
	if (t == NULL)
		return;
	warts_list_unref(t->list);
	warts_cycle_unref(t->cycle);
	free(t->errmsg);
	hops_free(t->hops, t->hopc);
	if (t->pmtud != NULL) {
		hops_free(t->pmtud->hops, t->pmtud->hopc);
		free(t->pmtud->notes);
		free(t->pmtud);
	}
	if (t->lastditch != NULL) {
		hops_free(t->lastditch->hops, t->lastditch->hopc);
		free(t->lastditch);
	}
	if (t->dtree != NULL) {
		free(t->dtree->lss_name);
		free(t->dtree);
	}
	free(t);
}

warts_trace_hop *warts_trace_hop_add(warts_trace *t)
{
	warts_trace_hop *hops, *hop;
	if (t->hopc == UINT16_MAX)
		return NULL;
	if (t->hopc >= t->hop_cap) {
		/* a trace gets its hops one by one: double, from 4 */
		uint32_t cap = t->hopc < 2 ? 4 : t->hopc * 2u;
		if (cap > UINT16_MAX)
			cap = UINT16_MAX;
		hops = realloc(t->hops, cap * sizeof(*hops));
		if (hops == NULL)
			return NULL;
		t->hops = hops;
		t->hop_cap = (uint16_t)cap;
	}
	hops = t->hops;
	hop = &hops[t->hopc++];
	memset(hop, 0, sizeof(*hop));
	hop->icmp_q_ttl = 1;
	hop->icmp_q_ipl = t->probe_size;
	return hop;
}
