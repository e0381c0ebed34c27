/*
 * tracelb.c: allocating, building and freeing MDA traceroutes.
 *
 * The free functions tolerate an array that is NULL while its count is
 * not (a decode that failed between reading a count and allocating), and
 * zeroed elements past the ones filled in, so a partly decoded tracelb
 * frees cleanly.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/tracelb.h"

warts_tracelb *warts_tracelb_alloc(void)
{
	return calloc(1, sizeof(warts_tracelb));
}

static void reply_clear(warts_tracelb_reply *r)
{
	warts_icmpexts_clear(&r->icmpext);
}

static void probe_clear(warts_tracelb_probe *p)
{
	if (p->rxs != NULL)
		for (unsigned i = 0; i < p->rxc; i++)
			reply_clear(&p->rxs[i]);
	free(p->rxs);
}

static void probeset_clear(warts_tracelb_probeset *s)
{
	if (s->probes != NULL)
		for (unsigned i = 0; i < s->probec; i++)
			probe_clear(&s->probes[i]);
	free(s->probes);
}

static void link_clear(warts_tracelb_link *l)
{
	if (l->sets != NULL)
		for (unsigned i = 0; i < l->hopc; i++)
			probeset_clear(&l->sets[i]);
	free(l->sets);
}

void warts_tracelb_free(warts_tracelb *t)
{
	if (t == NULL)
		return;
	warts_list_unref(t->list);
	warts_cycle_unref(t->cycle);
	free(t->errmsg);
	if (t->nodes != NULL)
		for (unsigned i = 0; i < t->nodec; i++)
			free(t->nodes[i].name);
	free(t->nodes);
	if (t->links != NULL)
		for (unsigned i = 0; i < t->linkc; i++)
			link_clear(&t->links[i]);
	free(t->links);
	free(t);
}

/*
 * Grow *arr of *count elements of size elem by one zeroed element, unless
 * *count is already max.  Returns the new element or NULL.
 */
static void *grow(void **arr, unsigned count, unsigned max, size_t elem)
{
	char *p;
	if (count >= max)
		return NULL;
	if ((p = realloc(*arr, (count + 1u) * elem)) == NULL)
		return NULL;
	*arr = p;
	memset(p + count * elem, 0, elem);
	return p + count * elem;
}

warts_tracelb_node *warts_tracelb_node_add(warts_tracelb *t)
{
	warts_tracelb_node *n = grow((void **)&t->nodes, t->nodec, UINT16_MAX,
	                             sizeof(*n));
	if (n != NULL)
		t->nodec++;
	return n;
}

warts_tracelb_link *warts_tracelb_link_add(warts_tracelb *t)
{
	warts_tracelb_link *l = grow((void **)&t->links, t->linkc, UINT16_MAX,
	                             sizeof(*l));
	if (l != NULL) {
		l->to = -1;
		t->linkc++;
	}
	return l;
}

warts_tracelb_probeset *warts_tracelb_probeset_add(warts_tracelb_link *l)
{
	warts_tracelb_probeset *s = grow((void **)&l->sets, l->hopc,
	                                 UINT8_MAX, sizeof(*s));
	if (s != NULL)
		l->hopc++;
	return s;
}

warts_tracelb_probe *warts_tracelb_probe_add(warts_tracelb_probeset *s)
{
	warts_tracelb_probe *p = grow((void **)&s->probes, s->probec,
	                              UINT16_MAX, sizeof(*p));
	if (p != NULL)
		s->probec++;
	return p;
}

warts_tracelb_reply *warts_tracelb_reply_add(warts_tracelb_probe *p)
{
	warts_tracelb_reply *r = grow((void **)&p->rxs, p->rxc, UINT16_MAX,
	                              sizeof(*r));
	if (r != NULL)
		p->rxc++;
	return r;
}

void warts_tracelb_count_links(warts_tracelb *t)
{
	for (unsigned i = 0; i < t->nodec; i++)
		t->nodes[i].linkc = 0;
	for (unsigned i = 0; i < t->linkc; i++)
		if (t->links[i].from < t->nodec)
			t->nodes[t->links[i].from].linkc++;
}
