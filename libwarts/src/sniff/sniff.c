/*
 * sniff.c: allocating and freeing packet captures.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/sniff.h"

warts_sniff *warts_sniff_alloc(void)
{
	return calloc(1, sizeof(warts_sniff));
}

void warts_sniff_free(warts_sniff *s)
{
	if (s == NULL)
		return;
	warts_list_unref(s->list);
	warts_cycle_unref(s->cycle);
	free(s->errmsg);
	for (uint32_t i = 0; i < s->pktc; i++)
		free(s->pkts[i].data);
	free(s->pkts);
	free(s);
}

warts_sniff_pkt *warts_sniff_pkt_add(warts_sniff *s, const warts_tv *tv,
                                     const void *data, uint16_t len)
{
	warts_sniff_pkt *pkts, *p;
	uint8_t *copy;

	if (len == 0 || s->pktc == UINT32_MAX ||
	    (size_t)s->pktc + 1 > SIZE_MAX / sizeof(*pkts))
		return NULL;
	if ((copy = malloc(len)) == NULL)
		return NULL;
	pkts = realloc(s->pkts, ((size_t)s->pktc + 1) * sizeof(*pkts));
	if (pkts == NULL) {
		free(copy);
		return NULL;
	}
	memcpy(copy, data, len);
	s->pkts = pkts;
	p = &pkts[s->pktc++];
	p->tv = *tv;
	p->len = len;
	p->data = copy;
	return p;
}
