/*
 * list.c: reference-counted lists and cycles.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/list.h"

int warts_strset(char **field, const char *s)
{
	char *copy = NULL;
	if (s != NULL) {
		size_t n = strlen(s) + 1;
		if ((copy = malloc(n)) == NULL)
			return -1;
		memcpy(copy, s, n);
	}
	free(*field);
	*field = copy;
	return 0;
}

warts_list *warts_list_alloc(uint32_t id, const char *name)
{
	warts_list *l = calloc(1, sizeof(*l));
	if (l == NULL)
		return NULL;
	if (warts_strset(&l->name, name != NULL ? name : "") != 0) {
		free(l);
		return NULL;
	}
	l->id = id;
	l->refcnt = 1;
	return l;
}

warts_list *warts_list_ref(warts_list *list)
{
	if (list != NULL)
		list->refcnt++;
	return list;
}

void warts_list_unref(warts_list *list)
{
	if (list == NULL || --list->refcnt > 0)
		return;
	free(list->name);
	free(list->descr);
	free(list->monitor);
	free(list);
}

warts_cycle *warts_cycle_alloc(warts_list *list, uint32_t id,
                               uint32_t start_time)
{
	warts_cycle *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->list = warts_list_ref(list);
	c->id = id;
	c->start_time = start_time;
	c->refcnt = 1;
	return c;
}

warts_cycle *warts_cycle_ref(warts_cycle *cycle)
{
	if (cycle != NULL)
		cycle->refcnt++;
	return cycle;
}

void warts_cycle_unref(warts_cycle *cycle)
{
	if (cycle == NULL || --cycle->refcnt > 0)
		return;
	warts_list_unref(cycle->list);
	free(cycle->hostname);
	free(cycle);
}
