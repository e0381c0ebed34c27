/*
 * format.c: choosing the formatter for an object, and formatting the
 * records that are not measurements (lists, cycles, addresses).
 */
#include <string.h>

#include "warts/format.h"

#include "codec.h"
#include "fmt.h"

static const char *cycle_word(uint16_t type)
{
	switch (type) {
	case WARTS_TYPE_CYCLE_START: return "start";
	case WARTS_TYPE_CYCLE_DEF:   return "def";
	default:                     return "stop";
	}
}

static const char *list_name(const warts_cycle *c)
{
	return c->list != NULL && c->list->name != NULL ? c->list->name : "";
}

static uint32_t cycle_time(uint16_t type, const warts_cycle *c)
{
	return type == WARTS_TYPE_CYCLE_STOP ? c->stop_time : c->start_time;
}

/*
 * sc_warts2json prints cycle starts and stops (not definitions, and not
 * lists) with a space after each comma, unlike the measurements.  Unlike
 * scamper we escape the list name and hostname.  With all fields, cycle
 * definitions are printed too, and a start or definition says which list
 * it belongs to and any stop time it was recorded with.
 */
static int cycle_json(warts_strbuf *sb, uint16_t type, const warts_cycle *c,
                      unsigned flags)
{
	const char *w = cycle_word(type);
	int all = (flags & WARTS_JSON_ALLFIELDS) != 0;

	if (type == WARTS_TYPE_CYCLE_DEF && !all)
		return 0;
	sb_s(sb, "{\"type\":\"cycle-");
	sb_s(sb, w);
	sb_sj(sb, "\", \"list_name\":", list_name(c));
	sb_su(sb, ", \"id\":", c->id);
	if (c->hostname != NULL)
		sb_sj(sb, ", \"hostname\":", c->hostname);
	sb_s(sb, ", \"");
	sb_s(sb, type == WARTS_TYPE_CYCLE_DEF ? "start" : w);
	sb_su(sb, "_time\":", cycle_time(type, c));
	if (all && type != WARTS_TYPE_CYCLE_STOP) {
		sb_su(sb, ", \"warts\":{\"list_id\":",
		      c->list != NULL ? c->list->id : 0);
		if (c->stop_time != 0)
			sb_su(sb, ",\"stop_time\":", c->stop_time);
		sb_c(sb, '}');
	}
	sb_s(sb, "}\n");
	return 1;
}

/* Lists, only with all fields (sc_warts2json never prints them). */
static int list_json(warts_strbuf *sb, const warts_list *l, unsigned flags)
{
	if ((flags & WARTS_JSON_ALLFIELDS) == 0)
		return 0;
	sb_su(sb, "{\"type\":\"list\", \"id\":", l->id);
	sb_sj(sb, ", \"name\":", l->name != NULL ? l->name : "");
	if (l->descr != NULL)
		sb_sj(sb, ", \"descr\":", l->descr);
	if (l->monitor != NULL)
		sb_sj(sb, ", \"monitor\":", l->monitor);
	sb_s(sb, "}\n");
	return 1;
}

void sb_warts_open(warts_strbuf *sb, const warts_list *l,
                   const warts_cycle *c)
{
	sb_s(sb, ",\"warts\":{\"list\":");
	if (l != NULL) {
		sb_su(sb, "{\"id\":", l->id);
		sb_sj(sb, ",\"name\":", l->name != NULL ? l->name : "");
		sb_c(sb, '}');
	} else {
		sb_s(sb, "null");
	}
	sb_s(sb, ",\"cycle\":");
	if (c != NULL) {
		sb_su(sb, "{\"id\":", c->id);
		sb_c(sb, '}');
	} else {
		sb_s(sb, "null");
	}
}

static int cycle_dump(warts_strbuf *sb, uint16_t type, const warts_cycle *c)
{
	sb_s(sb, "cycle ");
	sb_s(sb, cycle_word(type));
	sb_s(sb, ", list ");
	sb_s(sb, list_name(c));
	sb_c(sb, ' ');
	sb_i(sb, c->list != NULL ? (int32_t)c->list->id : 0);
	sb_s(sb, ", cycle ");
	sb_i(sb, (int32_t)c->id);
	sb_s(sb, ", time ");
	sb_ctime(sb, cycle_time(type, c));
	sb_c(sb, '\n');
	return 1;
}

static int list_dump(warts_strbuf *sb, const warts_list *l)
{
	sb_s(sb, "list id ");
	sb_i(sb, (int32_t)l->id);
	sb_s(sb, ", name ");
	sb_s(sb, l->name != NULL ? l->name : "");
	if (l->descr != NULL) {
		sb_s(sb, ", descr \"");
		sb_s(sb, l->descr);
		sb_c(sb, '"');
	}
	sb_c(sb, '\n');
	return 1;
}

static int is_cycle(uint16_t type)
{
	return type == WARTS_TYPE_CYCLE_START || type == WARTS_TYPE_CYCLE_DEF ||
	       type == WARTS_TYPE_CYCLE_STOP;
}

static int done(warts_strbuf *sb, int rc)
{
	sb_nul(sb);
	return sb->oom ? -1 : rc;
}

int warts_json(const warts_object *obj, unsigned flags, warts_strbuf *out)
{
	const struct wtype *t = wtype_get(obj->type);
	if (is_cycle(obj->type) && obj->u.cycle != NULL)
		return done(out, cycle_json(out, obj->type, obj->u.cycle,
		                            flags));
	if (obj->type == WARTS_TYPE_LIST && obj->u.list != NULL)
		return done(out, list_json(out, obj->u.list, flags));
	if (t == NULL || t->json == NULL || obj->u.any == NULL)
		return 0;
	return done(out, t->json(out, obj->u.any, flags));
}

int warts_text(const warts_object *obj, warts_strbuf *out)
{
	const struct wtype *t = wtype_get(obj->type);
	if (t == NULL || t->text == NULL || obj->u.any == NULL)
		return 0;
	return done(out, t->text(out, obj->u.any));
}

int warts_dump(const warts_object *obj, warts_strbuf *out)
{
	const struct wtype *t = wtype_get(obj->type);

	switch (obj->type) {
	case WARTS_TYPE_LIST:
		return obj->u.list == NULL ? 0 :
		       done(out, list_dump(out, obj->u.list));
	case WARTS_TYPE_CYCLE_START:
	case WARTS_TYPE_CYCLE_DEF:
	case WARTS_TYPE_CYCLE_STOP:
		return obj->u.cycle == NULL ? 0 :
		       done(out, cycle_dump(out, obj->type, obj->u.cycle));
	case WARTS_TYPE_ADDR:
		sb_s(out, "addr ");
		sb_addr(out, &obj->u.gaddr.addr);
		sb_c(out, '\n');
		return done(out, 1);
	default:
		break;
	}
	if (t == NULL || t->dump == NULL || obj->u.any == NULL)
		return 0;
	return done(out, t->dump(out, obj->u.any));
}
