/*
 * j2w.c: lists, cycles and the getters sc_json2warts's parsers share.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "j2w.h"

int j2w_fail(struct j2w *j, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->err, sizeof(j->err), fmt, ap);
	va_end(ap);
	return -1;
}

void j2w_init(struct j2w *j)
{
	memset(j, 0, sizeof(*j));
}

void j2w_fini(struct j2w *j)
{
	for (size_t i = 0; i < j->nlists; i++)
		warts_list_unref(j->lists[i]);
	for (size_t i = 0; i < j->nopen; i++)
		warts_cycle_unref(j->open[i]);
	free(j->lists);
	free(j->open);
	memset(j, 0, sizeof(*j));
}

static int push(void ***arr, size_t *n, size_t *cap, void *p)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		void **a = realloc(*arr, c * sizeof(void *));
		if (a == NULL)
			return -1;
		*arr = a;
		*cap = c;
	}
	(*arr)[(*n)++] = p;
	return 0;
}

/* The most recent list with this id and name, or a new one. */
static warts_list *list_get(struct j2w *j, uint32_t id, const char *name)
{
	warts_list *l;
	for (size_t i = j->nlists; i-- > 0;)
		if (j->lists[i]->id == id &&
		    strcmp(j->lists[i]->name, name) == 0)
			return j->lists[i];
	if ((l = warts_list_alloc(id, name)) == NULL)
		return NULL;
	if (push((void ***)&j->lists, &j->nlists, &j->lists_cap, l) != 0) {
		warts_list_unref(l);
		return NULL;
	}
	return l;
}

/* The most recently opened cycle with this id and list, or NULL. */
static long cycle_find(struct j2w *j, uint32_t id, const warts_list *l)
{
	for (size_t i = j->nopen; i-- > 0;)
		if (j->open[i]->id == id && j->open[i]->list == l)
			return (long)i;
	return -1;
}

static int cycle_open(struct j2w *j, warts_cycle *c)
{
	return push((void ***)&j->open, &j->nopen, &j->open_cap,
	            warts_cycle_ref(c));
}

/* l, or the most recent list like l but with this monitor, or a new one. */
static warts_list *monitored(struct j2w *j, warts_list *l, const char *mon)
{
	warts_list *m;
	if (mon == NULL ||
	    (l->monitor != NULL && strcmp(l->monitor, mon) == 0))
		return l;
	for (size_t i = j->nlists; i-- > 0;) {
		m = j->lists[i];
		if (m->id == l->id && strcmp(m->name, l->name) == 0 &&
		    m->monitor != NULL && strcmp(m->monitor, mon) == 0)
			return m;
	}
	if ((m = warts_list_alloc(l->id, l->name)) == NULL)
		return NULL;
	if (warts_strset(&m->descr, l->descr) != 0 ||
	    warts_strset(&m->monitor, mon) != 0 ||
	    push((void ***)&j->lists, &j->nlists, &j->lists_cap, m) != 0) {
		warts_list_unref(m);
		return NULL;
	}
	return m;
}

json_t *jg_warts(json_t *o)
{
	json_t *w = json_object_get(o, "warts");
	return json_is_object(w) ? w : NULL;
}

int j2w_refs(struct j2w *j, json_t *obj, warts_list **list,
             warts_cycle **cycle)
{
	json_t *w = jg_warts(obj), *jl, *jc;
	warts_list *l = NULL;
	warts_cycle *c = NULL;
	uint32_t id = 0;
	long i;

	*list = NULL;
	*cycle = NULL;
	if (w == NULL || (jl = json_object_get(w, "list")) == NULL) {
		/* scamper's JSON: whatever cycle is open */
		if (j->nopen > 0) {
			c = j->open[j->nopen - 1];
			*cycle = warts_cycle_ref(c);
			l = c->list;
		}
		/*
		 * The list's monitor shows only in measurements; a list
		 * written without it cannot gain it, so a measurement that
		 * names one gets a list of its own (written before it).
		 */
		if (l != NULL &&
		    (l = monitored(j, l, json_string_value(
		                 json_object_get(obj, "monitor")))) == NULL) {
			warts_cycle_unref(*cycle);
			*cycle = NULL;
			return j2w_fail(j, "out of memory");
		}
		*list = warts_list_ref(l);
		return 0;
	}
	if (!json_is_null(jl)) {
		const char *name = json_string_value(json_object_get(jl, "name"));
		if (jg_u32(j, jl, "id", &id) != 0)
			return -1;
		if ((l = list_get(j, id, name != NULL ? name : "")) == NULL)
			return j2w_fail(j, "out of memory");
	}
	jc = json_object_get(w, "cycle");
	if (jc != NULL && !json_is_null(jc)) {
		id = 0;
		if (jg_u32(j, jc, "id", &id) != 0)
			return -1;
		if ((i = cycle_find(j, id, l)) >= 0) {
			c = warts_cycle_ref(j->open[i]);
		} else {
			/* a cycle begun elsewhere: the writer defines it */
			if ((c = warts_cycle_alloc(l, id, 0)) == NULL ||
			    cycle_open(j, c) != 0) {
				warts_cycle_unref(c);
				return j2w_fail(j, "out of memory");
			}
		}
	}
	*list = warts_list_ref(l);
	*cycle = c;
	return 0;
}

/* {"type":"list", "id":N, "name":"...", "descr":"...", "monitor":"..."} */
static int list_line(struct j2w *j, json_t *o, warts_object *out)
{
	warts_list *l;
	uint32_t id = 0;
	const char *name = json_string_value(json_object_get(o, "name"));

	if (jg_u32(j, o, "id", &id) != 0)
		return -1;
	if ((l = warts_list_alloc(id, name != NULL ? name : "")) == NULL)
		return j2w_fail(j, "out of memory");
	if (jg_str(j, o, "descr", &l->descr) != 0 ||
	    jg_str(j, o, "monitor", &l->monitor) != 0 ||
	    push((void ***)&j->lists, &j->nlists, &j->lists_cap, l) != 0) {
		warts_list_unref(l);
		return j->err[0] ? -1 : j2w_fail(j, "out of memory");
	}
	out->type = WARTS_TYPE_LIST;
	out->u.list = warts_list_ref(l);
	return 1;
}

/* cycle-start and cycle-def: a new cycle of the named list */
static int cycle_line(struct j2w *j, json_t *o, uint16_t type,
                      warts_object *out)
{
	const char *name = json_string_value(json_object_get(o, "list_name"));
	json_t *w = jg_warts(o);
	uint32_t list_id = 0, id = 0, start = 0;
	warts_list *l;
	warts_cycle *c;

	if ((w != NULL && jg_u32(j, w, "list_id", &list_id) != 0) ||
	    jg_u32(j, o, "id", &id) != 0 ||
	    jg_u32(j, o, "start_time", &start) != 0)
		return -1;
	if ((l = list_get(j, list_id, name != NULL ? name : "")) == NULL ||
	    (c = warts_cycle_alloc(l, id, start)) == NULL)
		return j2w_fail(j, "out of memory");
	if (jg_str(j, o, "hostname", &c->hostname) != 0 ||
	    (w != NULL && jg_u32(j, w, "stop_time", &c->stop_time) != 0) ||
	    cycle_open(j, c) != 0) {
		warts_cycle_unref(c);
		return j->err[0] ? -1 : j2w_fail(j, "out of memory");
	}
	out->type = type;
	out->u.cycle = c;
	return 1;
}

static int cycle_stop_line(struct j2w *j, json_t *o, warts_object *out)
{
	const char *name = json_string_value(json_object_get(o, "list_name"));
	uint32_t id = 0, stop = 0;
	warts_cycle *c = NULL;

	if (jg_u32(j, o, "id", &id) != 0 ||
	    jg_u32(j, o, "stop_time", &stop) != 0)
		return -1;
	if (name == NULL)
		name = "";
	for (size_t i = j->nopen; i-- > 0;) {
		warts_cycle *x = j->open[i];
		if (x->id == id && x->list != NULL &&
		    strcmp(x->list->name, name) == 0) {
			c = x;
			memmove(&j->open[i], &j->open[i + 1],
			        (j->nopen - i - 1) * sizeof(*j->open));
			j->nopen--;
			break;
		}
	}
	if (c == NULL) {
		/* a stop for a cycle this input never started */
		warts_list *l = list_get(j, 0, name);
		if (l == NULL || (c = warts_cycle_alloc(l, id, 0)) == NULL)
			return j2w_fail(j, "out of memory");
	}
	c->stop_time = stop;
	out->type = WARTS_TYPE_CYCLE_STOP;
	out->u.cycle = c;
	return 1;
}

static const struct {
	const char  *name;
	uint16_t     type;
	j2w_parse_fn parse;
} measurements[] = {
	{ "trace",         WARTS_TYPE_TRACE,         j2w_trace },
	{ "ping",          WARTS_TYPE_PING,          j2w_ping },
	{ "tracelb",       WARTS_TYPE_TRACELB,       j2w_tracelb },
	{ "dealias",       WARTS_TYPE_DEALIAS,       j2w_dealias },
	{ "neighbourdisc", WARTS_TYPE_NEIGHBOURDISC, j2w_neighbourdisc },
	{ "tbit",          WARTS_TYPE_TBIT,          j2w_tbit },
	{ "sting",         WARTS_TYPE_STING,         j2w_sting },
	{ "sniff",         WARTS_TYPE_SNIFF,         j2w_sniff },
	{ "host",          WARTS_TYPE_HOST,          j2w_host },
	{ "http",          WARTS_TYPE_HTTP,          j2w_http },
	{ "udpprobe",      WARTS_TYPE_UDPPROBE,      j2w_udpprobe },
	{ "owamp",         WARTS_TYPE_OWAMP,         j2w_owamp },
};

int j2w_object(struct j2w *j, json_t *o, warts_object *out)
{
	const char *type = json_string_value(json_object_get(o, "type"));

	memset(out, 0, sizeof(*out));
	j->err[0] = '\0';
	if (type == NULL)
		return j2w_fail(j, "no \"type\"");
	if (strcmp(type, "list") == 0)
		return list_line(j, o, out);
	if (strcmp(type, "cycle-start") == 0)
		return cycle_line(j, o, WARTS_TYPE_CYCLE_START, out);
	if (strcmp(type, "cycle-def") == 0)
		return cycle_line(j, o, WARTS_TYPE_CYCLE_DEF, out);
	if (strcmp(type, "cycle-stop") == 0)
		return cycle_stop_line(j, o, out);
	for (size_t i = 0; i < sizeof(measurements) / sizeof(measurements[0]);
	     i++) {
		if (strcmp(type, measurements[i].name) != 0)
			continue;
		out->type = measurements[i].type;
		if (measurements[i].parse(j, o, &out->u.any) != 0) {
			warts_object_clear(out);
			return -1;
		}
		return 1;
	}
	return j2w_fail(j, "unknown type \"%s\"", type);
}

/* ---- getters --------------------------------------------------------- */

static int get_uint(struct j2w *j, json_t *o, const char *key,
                    uint64_t max, uint64_t *v, int *found)
{
	json_t *x = json_object_get(o, key);
	json_int_t n;
	*found = 0;
	if (x == NULL)
		return 0;
	if (!json_is_integer(x))
		return j2w_fail(j, "\"%s\" is not an integer", key);
	n = json_integer_value(x);
	if (n < 0 || (uint64_t)n > max)
		return j2w_fail(j, "\"%s\" is %lld, outside 0..%llu", key,
		                (long long)n, (unsigned long long)max);
	*v = (uint64_t)n;
	*found = 1;
	return 0;
}

#define UGETTER(name, type, max)                                          \
	int name(struct j2w *j, json_t *o, const char *key, type *v)      \
	{                                                                 \
		uint64_t x;                                               \
		int found;                                                \
		if (get_uint(j, o, key, (max), &x, &found) != 0)          \
			return -1;                                        \
		if (found)                                                \
			*v = (type)x;                                     \
		return 0;                                                 \
	}

UGETTER(jg_u8, uint8_t, UINT8_MAX)
UGETTER(jg_u16, uint16_t, UINT16_MAX)
UGETTER(jg_u32, uint32_t, UINT32_MAX)

int jg_i32(struct j2w *j, json_t *o, const char *key, int32_t *v)
{
	json_t *x = json_object_get(o, key);
	json_int_t n;
	if (x == NULL)
		return 0;
	if (!json_is_integer(x))
		return j2w_fail(j, "\"%s\" is not an integer", key);
	n = json_integer_value(x);
	if (n < INT32_MIN || n > INT32_MAX)
		return j2w_fail(j, "\"%s\" is %lld, outside a 32-bit integer",
		                key, (long long)n);
	*v = (int32_t)n;
	return 0;
}

int jg_str(struct j2w *j, json_t *o, const char *key, char **v)
{
	json_t *x = json_object_get(o, key);
	const char *s;
	size_t n;
	if (x == NULL)
		return 0;
	if (!json_is_string(x))
		return j2w_fail(j, "\"%s\" is not a string", key);
	s = json_string_value(x);
	n = json_string_length(x);
	if (memchr(s, '\0', n) != NULL)
		return j2w_fail(j, "\"%s\" holds a NUL, which warts strings "
		                "cannot", key);
	free(*v);
	if ((*v = strdup(s)) == NULL)
		return j2w_fail(j, "out of memory");
	return 0;
}

int jg_addr(struct j2w *j, json_t *o, const char *key, warts_addr *v)
{
	json_t *x = json_object_get(o, key);
	if (x == NULL)
		return 0;
	if (!json_is_string(x) ||
	    warts_addr_fromstr(v, json_string_value(x)) != 0)
		return j2w_fail(j, "\"%s\" is not an address", key);
	return 0;
}

int jg_tv(struct j2w *j, json_t *o, const char *key, warts_tv *v)
{
	json_t *x = json_object_get(o, key);
	if (x == NULL)
		return 0;
	if (!json_is_object(x))
		return j2w_fail(j, "\"%s\" is not a {\"sec\",\"usec\"} time",
		                key);
	if (jg_u32(j, x, "sec", &v->sec) != 0 ||
	    jg_u32(j, x, "usec", &v->usec) != 0)
		return -1;
	return 0;
}

int jg_rtt(struct j2w *j, json_t *o, const char *key, uint32_t *v)
{
	json_t *x = json_object_get(o, key);
	double ms, us;
	if (x == NULL)
		return 0;
	if (!json_is_number(x))
		return j2w_fail(j, "\"%s\" is not a number", key);
	ms = json_number_value(x);
	us = round(ms * 1000.0);
	if (!(us >= 0 && us <= (double)UINT32_MAX))
		return j2w_fail(j, "\"%s\" is %g ms, outside what warts holds",
		                key, ms);
	*v = (uint32_t)us;
	return 0;
}

int jg_enum(struct j2w *j, json_t *o, const char *key,
            const char *const *names, size_t n, uint8_t *v)
{
	json_t *x = json_object_get(o, key);
	if (x == NULL)
		return 0;
	if (json_is_string(x)) {
		const char *s = json_string_value(x);
		for (size_t i = 0; i < n; i++)
			if (names[i] != NULL && strcmp(names[i], s) == 0) {
				*v = (uint8_t)i;
				return 0;
			}
		return j2w_fail(j, "\"%s\": unknown value \"%s\"", key, s);
	}
	return jg_u8(j, o, key, v);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int jg_hex(struct j2w *j, json_t *o, const char *key, uint8_t **v,
           uint16_t *len)
{
	json_t *x = json_object_get(o, key);
	const char *s;
	size_t n;
	uint8_t *b;
	if (x == NULL)
		return 0;
	if (!json_is_string(x))
		return j2w_fail(j, "\"%s\" is not a hex string", key);
	s = json_string_value(x);
	n = json_string_length(x);
	if (n % 2 != 0 || n / 2 > UINT16_MAX)
		return j2w_fail(j, "\"%s\" is not a whole number of hex "
		                "bytes (at most 65535)", key);
	b = n > 0 ? malloc(n / 2) : NULL;
	if (n > 0 && b == NULL)
		return j2w_fail(j, "out of memory");
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(b);
			return j2w_fail(j, "\"%s\" is not hex", key);
		}
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	free(*v);
	*v = b;
	*len = (uint16_t)(n / 2);
	return 0;
}
