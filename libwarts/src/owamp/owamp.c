/*
 * owamp.c: allocating and freeing OWAMP tests.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/owamp.h"

warts_owamp *warts_owamp_alloc(void)
{
	warts_owamp *o = calloc(1, sizeof(*o));
	if (o == NULL)
		return NULL;
	/* the reader's defaults (warts-types.md section 17) */
	o->dport = 861;
	o->wait_timeout.sec = 2;
	o->attempts = 10;
	o->pktsize = 42;
	o->ttl = 255;
	return o;
}

void warts_owamp_free(warts_owamp *o)
{
	if (o == NULL)
		return;
	warts_list_unref(o->list);
	warts_cycle_unref(o->cycle);
	free(o->errmsg);
	free(o->sched);
	/* a tx whose decoding failed may have a count but no array */
	if (o->txs != NULL)
		for (uint32_t i = 0; i < o->txc; i++)
			free(o->txs[i].rxs);
	free(o->txs);
	free(o);
}

int warts_owamp_sched_add(warts_owamp *o, const warts_tv *tv, uint8_t type)
{
	warts_owamp_sched *s;
	if (o->schedc == UINT32_MAX)
		return -1;
	s = realloc(o->sched, ((size_t)o->schedc + 1) * sizeof(*s));
	if (s == NULL)
		return -1;
	o->sched = s;
	s[o->schedc].tv = *tv;
	s[o->schedc].type = type;
	o->schedc++;
	return 0;
}

warts_owamp_tx *warts_owamp_tx_add(warts_owamp *o)
{
	warts_owamp_tx *txs, *tx;
	if (o->txc == UINT32_MAX)
		return NULL;
	txs = realloc(o->txs, ((size_t)o->txc + 1) * sizeof(*txs));
	if (txs == NULL)
		return NULL;
	o->txs = txs;
	tx = &txs[o->txc++];
	memset(tx, 0, sizeof(*tx));
	return tx;
}

warts_owamp_rx *warts_owamp_rx_add(warts_owamp_tx *tx)
{
	warts_owamp_rx *rxs, *rx;
	if (tx->rxc == UINT8_MAX)
		return NULL;
	rxs = realloc(tx->rxs, (tx->rxc + 1u) * sizeof(*rxs));
	if (rxs == NULL)
		return NULL;
	tx->rxs = rxs;
	rx = &rxs[tx->rxc++];
	memset(rx, 0, sizeof(*rx));
	return rx;
}
