/*
 * tbit.c: allocating and freeing TCP behaviour tests.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/tbit.h"

warts_tbit *warts_tbit_alloc(void)
{
	warts_tbit *t = calloc(1, sizeof(*t));
	if (t != NULL)
		t->client_ipttl = 255;
	return t;
}

void warts_tbit_free(warts_tbit *t)
{
	if (t == NULL)
		return;
	warts_list_unref(t->list);
	warts_cycle_unref(t->cycle);
	free(t->errmsg);
	for (uint32_t i = 0; t->pkts != NULL && i < t->pktc; i++)
		free(t->pkts[i].data);
	free(t->pkts);
	free(t->pmtud);
	free(t->null);
	free(t->icw);
	free(t->blind);
	if (t->http != NULL) {
		free(t->http->host);
		free(t->http->file);
		free(t->http);
	}
	free(t->bgp);
	free(t);
}

warts_tbit_pkt *warts_tbit_pkt_add(warts_tbit *t, uint8_t dir,
                                   const warts_tv *tv, const void *data,
                                   uint16_t len)
{
	warts_tbit_pkt *pkts, *p;
	uint8_t *copy;

	if (len == 0 || t->pktc == UINT32_MAX)
		return NULL;
	if ((copy = malloc(len)) == NULL)
		return NULL;
	pkts = realloc(t->pkts, ((size_t)t->pktc + 1) * sizeof(*pkts));
	if (pkts == NULL) {
		free(copy);
		return NULL;
	}
	memcpy(copy, data, len);
	t->pkts = pkts;
	p = &pkts[t->pktc++];
	memset(p, 0, sizeof(*p));
	p->dir = dir;
	if (tv != NULL)
		p->tv = *tv;
	p->len = len;
	p->data = copy;
	return p;
}
