/*
 * ping.c: allocating and freeing pings.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/ping.h"

warts_ping *warts_ping_alloc(void)
{
	return calloc(1, sizeof(warts_ping));
}

void warts_ping_reply_clear(warts_ping_reply *r)
{
	free(r->ifname);
	free(r->v4rr);
	free(r->v4ts);
	free(r->tsreply);
	memset(r, 0, sizeof(*r));
}

void warts_ping_free(warts_ping *p)
{
	if (p == NULL)
		return;
	warts_list_unref(p->list);
	warts_cycle_unref(p->cycle);
	free(p->payload);
	free(p->tsps);
	free(p->errmsg);
	for (uint16_t i = 0; i < p->replyc; i++)
		warts_ping_reply_clear(&p->replies[i]);
	free(p->replies);
	free(p);
}

warts_ping_reply *warts_ping_reply_add(warts_ping *p)
{
	warts_ping_reply *replies, *r;
	if (p->replyc == UINT16_MAX)
		return NULL;
	replies = realloc(p->replies, (p->replyc + 1u) * sizeof(*replies));
	if (replies == NULL)
		return NULL;
	p->replies = replies;
	r = &replies[p->replyc++];
	memset(r, 0, sizeof(*r));
	r->reply_proto = p->dst.type == WARTS_ADDR_IPV4 ? 1 : 58;
	return r;
}

warts_ping_v4rr *warts_ping_v4rr_alloc(uint8_t n)
{
	warts_ping_v4rr *rr = calloc(1, sizeof(*rr) + n * sizeof(rr->ip[0]));
	if (rr != NULL)
		rr->ipc = n;
	return rr;
}

warts_ping_v4ts *warts_ping_v4ts_alloc(uint8_t n, int with_addrs)
{
	warts_ping_v4ts *ts = calloc(1, sizeof(*ts) + n * sizeof(ts->slot[0]));
	if (ts != NULL) {
		ts->tsc = n;
		ts->ipc = with_addrs ? n : 0;
	}
	return ts;
}

warts_ping_tsps *warts_ping_tsps_alloc(uint8_t n)
{
	warts_ping_tsps *ps = calloc(1, sizeof(*ps) + n * sizeof(ps->ip[0]));
	if (ps != NULL)
		ps->ipc = n;
	return ps;
}
