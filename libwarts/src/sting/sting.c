/*
 * sting.c: allocating and freeing Sting measurements.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/sting.h"

warts_sting *warts_sting_alloc(void)
{
	return calloc(1, sizeof(warts_sting));
}

void warts_sting_free(warts_sting *s)
{
	if (s == NULL)
		return;
	warts_list_unref(s->list);
	warts_cycle_unref(s->cycle);
	free(s->errmsg);
	free(s->data);
	for (uint32_t i = 0; i < s->pktc; i++)
		free(s->pkts[i].data);
	free(s->pkts);
	free(s);
}

warts_sting_pkt *warts_sting_pkt_add(warts_sting *s, uint8_t flags,
                                     const warts_tv *tv, const void *data,
                                     uint16_t len)
{
	warts_sting_pkt *pkts, *p;
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
	p->flags = flags;
	p->tv = *tv;
	p->len = len;
	p->data = copy;
	return p;
}
