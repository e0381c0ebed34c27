/*
 * dealias.c: allocating and freeing alias resolution measurements.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/dealias.h"

warts_dealias *warts_dealias_alloc(void)
{
	return calloc(1, sizeof(warts_dealias));
}

static void probe_clear(warts_dealias_probe *p)
{
	/* a failed decode can leave replyc set before replies exists */
	if (p->replies != NULL)
		for (uint16_t i = 0; i < p->replyc; i++)
			warts_icmpexts_clear(&p->replies[i].icmpext);
	free(p->replies);
}

/* Free what the selected method's settings own. */
static void method_clear(warts_dealias *d)
{
	switch (d->method) {
	case WARTS_DEALIAS_PREFIXSCAN:
		free(d->prefixscan.xs);
		break;
	case WARTS_DEALIAS_MIDARDISC:
		free(d->midardisc.sched);
		free(d->midardisc.startat);
		break;
	default:
		break;
	}
}

void warts_dealias_free(warts_dealias *d)
{
	if (d == NULL)
		return;
	warts_list_unref(d->list);
	warts_cycle_unref(d->cycle);
	free(d->errmsg);
	method_clear(d);
	free(d->probedefs);
	if (d->probes != NULL)
		for (uint32_t i = 0; i < d->probec; i++)
			probe_clear(&d->probes[i]);
	free(d->probes);
	free(d->unknown);
	free(d);
}

/* An array of n + 1 elements whose last is zeroed, or NULL when out of
 * memory (arr is then unchanged). */
static void *grow(void *arr, size_t n, size_t elem)
{
	uint8_t *a = realloc(arr, (n + 1) * elem);
	if (a != NULL)
		memset(a + n * elem, 0, elem);
	return a;
}

warts_dealias_probedef *warts_dealias_probedef_add(warts_dealias *d)
{
	warts_dealias_probedef *a;
	if (d->probedefc == UINT32_MAX ||
	    (a = grow(d->probedefs, d->probedefc, sizeof(*a))) == NULL)
		return NULL;
	d->probedefs = a;
	a[d->probedefc].id = d->probedefc;
	return &a[d->probedefc++];
}

warts_dealias_probe *warts_dealias_probe_add(warts_dealias *d, uint32_t def)
{
	warts_dealias_probe *a;
	if (d->probec == UINT32_MAX ||
	    (a = grow(d->probes, d->probec, sizeof(*a))) == NULL)
		return NULL;
	d->probes = a;
	a[d->probec].def = def;
	return &a[d->probec++];
}

warts_dealias_reply *warts_dealias_reply_add(warts_dealias_probe *p)
{
	warts_dealias_reply *a;
	if (p->replyc == UINT16_MAX ||
	    (a = grow(p->replies, p->replyc, sizeof(*a))) == NULL)
		return NULL;
	p->replies = a;
	return &a[p->replyc++];
}

const char *warts_dealias_method_name(uint8_t method)
{
	static const char *const names[] = {
		NULL, "mercator", "ally", "radargun", "prefixscan", "bump",
		"midarest", "midardisc",
	};
	if (method >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[method];
}
