/*
 * object.c: the registry of record types, and freeing any object.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/object.h"

#include "codec.h"

static const struct wtype *const types[WARTS_TYPE_MAX + 1] = {
	[WARTS_TYPE_TRACE]         = &wtype_trace,
	[WARTS_TYPE_PING]          = &wtype_ping,
	[WARTS_TYPE_TRACELB]       = &wtype_tracelb,
	[WARTS_TYPE_DEALIAS]       = &wtype_dealias,
	[WARTS_TYPE_NEIGHBOURDISC] = &wtype_neighbourdisc,
	[WARTS_TYPE_TBIT]          = &wtype_tbit,
	[WARTS_TYPE_STING]         = &wtype_sting,
	[WARTS_TYPE_SNIFF]         = &wtype_sniff,
	[WARTS_TYPE_HOST]          = &wtype_host,
	[WARTS_TYPE_HTTP]          = &wtype_http,
	[WARTS_TYPE_UDPPROBE]      = &wtype_udpprobe,
	[WARTS_TYPE_OWAMP]         = &wtype_owamp,
};

static const char *const names[WARTS_TYPE_MAX + 1] = {
	[WARTS_TYPE_LIST]          = "list",
	[WARTS_TYPE_CYCLE_START]   = "cycle-start",
	[WARTS_TYPE_CYCLE_DEF]     = "cycle-def",
	[WARTS_TYPE_CYCLE_STOP]    = "cycle-stop",
	[WARTS_TYPE_ADDR]          = "addr",
	[WARTS_TYPE_TRACE]         = "trace",
	[WARTS_TYPE_PING]          = "ping",
	[WARTS_TYPE_TRACELB]       = "tracelb",
	[WARTS_TYPE_DEALIAS]       = "dealias",
	[WARTS_TYPE_NEIGHBOURDISC] = "neighbourdisc",
	[WARTS_TYPE_TBIT]          = "tbit",
	[WARTS_TYPE_STING]         = "sting",
	[WARTS_TYPE_SNIFF]         = "sniff",
	[WARTS_TYPE_HOST]          = "host",
	[WARTS_TYPE_HTTP]          = "http",
	[WARTS_TYPE_UDPPROBE]      = "udpprobe",
	[WARTS_TYPE_OWAMP]         = "owamp",
};

const struct wtype *wtype_get(uint16_t type)
{
	return type <= WARTS_TYPE_MAX ? types[type] : NULL;
}

const char *warts_type_name(uint16_t type)
{
	return type <= WARTS_TYPE_MAX ? names[type] : NULL;
}

uint16_t warts_type_byname(const char *name)
{
	for (uint16_t t = 1; t <= WARTS_TYPE_MAX; t++)
		if (strcmp(names[t], name) == 0)
			return t;
	return 0;
}

int warts_type_known(uint16_t type)
{
	return type >= 1 && type <= WARTS_TYPE_MAX;
}

int warts_object_set_refs(warts_object *obj, warts_list *list,
                          warts_cycle *cycle)
{
	const struct wtype *t = wtype_get(obj->type);
	warts_list **lp;
	warts_cycle **cp;
	if (t == NULL || obj->u.any == NULL || t->list_off < 0 ||
	    t->cycle_off < 0)
		return -1;
	lp = (warts_list **)((char *)obj->u.any + t->list_off);
	cp = (warts_cycle **)((char *)obj->u.any + t->cycle_off);
	warts_list_ref(list);
	warts_cycle_ref(cycle);
	warts_list_unref(*lp);
	warts_cycle_unref(*cp);
	*lp = list;
	*cp = cycle;
	return 0;
}

void warts_object_clear(warts_object *obj)
{
	const struct wtype *t;

	if (obj == NULL)
		return;
	switch (obj->type) {
	case 0:
		break;
	case WARTS_TYPE_LIST:
		warts_list_unref(obj->u.list);
		break;
	case WARTS_TYPE_CYCLE_START:
	case WARTS_TYPE_CYCLE_DEF:
	case WARTS_TYPE_CYCLE_STOP:
		warts_cycle_unref(obj->u.cycle);
		break;
	case WARTS_TYPE_ADDR:
		break;
	default:
		if ((t = wtype_get(obj->type)) != NULL) {
			if (obj->u.any != NULL)
				t->free(obj->u.any);
		} else {
			free(obj->u.opaque.data);
		}
		break;
	}
	memset(obj, 0, sizeof(*obj));
}
