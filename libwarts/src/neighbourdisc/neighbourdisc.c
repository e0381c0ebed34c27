/*
 * neighbourdisc.c: allocating and freeing neighbour discovery records.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/neighbourdisc.h"

warts_neighbourdisc *warts_neighbourdisc_alloc(void)
{
	return calloc(1, sizeof(warts_neighbourdisc));
}

void warts_neighbourdisc_free(warts_neighbourdisc *nd)
{
	if (nd == NULL)
		return;
	warts_list_unref(nd->list);
	warts_cycle_unref(nd->cycle);
	free(nd->ifname);
	free(nd->errmsg);
	for (uint16_t i = 0; i < nd->probec; i++)
		free(nd->probes[i].rxs);
	free(nd->probes);
	free(nd);
}

warts_neighbourdisc_probe *warts_neighbourdisc_probe_add(
	warts_neighbourdisc *nd)
{
	warts_neighbourdisc_probe *probes, *p;
	if (nd->probec == UINT16_MAX)
		return NULL;
	probes = realloc(nd->probes, (nd->probec + 1u) * sizeof(*probes));
	if (probes == NULL)
		return NULL;
	nd->probes = probes;
	p = &probes[nd->probec++];
	memset(p, 0, sizeof(*p));
	return p;
}

warts_neighbourdisc_reply *warts_neighbourdisc_reply_add(
	warts_neighbourdisc_probe *probe)
{
	warts_neighbourdisc_reply *rxs, *r;
	if (probe->rxc == UINT16_MAX)
		return NULL;
	rxs = realloc(probe->rxs, (probe->rxc + 1u) * sizeof(*rxs));
	if (rxs == NULL)
		return NULL;
	probe->rxs = rxs;
	r = &rxs[probe->rxc++];
	memset(r, 0, sizeof(*r));
	return r;
}
