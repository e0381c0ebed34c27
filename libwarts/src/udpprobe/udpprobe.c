/*
 * udpprobe.c: allocating and freeing UDP probes.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/udpprobe.h"

warts_udpprobe *warts_udpprobe_alloc(void)
{
	warts_udpprobe *up = calloc(1, sizeof(*up));
	if (up != NULL)
		up->probe_count = 1;
	return up;
}

static void probe_clear(warts_udpprobe_probe *p)
{
	/* a probe whose decoding failed may have a count but no array */
	if (p->replies != NULL)
		for (unsigned i = 0; i < p->replyc; i++) {
			free(p->replies[i].data);
			free(p->replies[i].ifname);
		}
	free(p->replies);
}

void warts_udpprobe_free(warts_udpprobe *up)
{
	if (up == NULL)
		return;
	warts_list_unref(up->list);
	warts_cycle_unref(up->cycle);
	free(up->data);
	free(up->errmsg);
	if (up->probes != NULL)
		for (unsigned i = 0; i < up->probe_sent; i++)
			probe_clear(&up->probes[i]);
	free(up->probes);
	free(up);
}

warts_udpprobe_probe *warts_udpprobe_probe_add(warts_udpprobe *up)
{
	warts_udpprobe_probe *probes, *p;
	if (up->probe_sent == UINT8_MAX)
		return NULL;
	probes = realloc(up->probes, (up->probe_sent + 1u) * sizeof(*probes));
	if (probes == NULL)
		return NULL;
	up->probes = probes;
	p = &probes[up->probe_sent++];
	memset(p, 0, sizeof(*p));
	return p;
}

warts_udpprobe_reply *warts_udpprobe_reply_add(warts_udpprobe_probe *p,
                                               const void *data,
                                               uint16_t len,
                                               const char *ifname)
{
	warts_udpprobe_reply *replies, *r;
	uint8_t *copy = NULL;
	char *name = NULL;

	if (p->replyc == UINT8_MAX)
		return NULL;
	if (len > 0 && (copy = malloc(len)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(copy, data, len);
	if (ifname != NULL && (name = strdup(ifname)) == NULL) {
		free(copy);
		return NULL;
	}
	replies = realloc(p->replies, (p->replyc + 1u) * sizeof(*replies));
	if (replies == NULL) {
		free(copy);
		free(name);
		return NULL;
	}
	p->replies = replies;
	r = &replies[p->replyc++];
	memset(r, 0, sizeof(*r));
	r->len = len;
	r->data = copy;
	r->ifname = name;
	return r;
}
