/*
 * j2w_neighbourdisc.c: neighbourdisc objects from JSON.
 *
 * Every key scamper prints maps back to one field: "stop_count" is the
 * number of replies wanted (replyc), "wait_timeout" is milliseconds
 * split into seconds and microseconds, and a probe's "replyc" is the
 * length of its "replies".  What the default keys cannot say comes from
 * the "warts" object sc_warts2json -A adds: flag bits scamper has no
 * name for ("flags"), the 2021 encoding ("style"), and the bytes of a
 * string that is not valid UTF-8 ("ifname", "errmsg", as hex).
 */
#include <stdlib.h>
#include <string.h>

#include "warts/neighbourdisc.h"

#include "j2w.h"

/* A string key, or, when the "warts" object w has the same key, the
 * string's bytes from its hex there (for bytes JSON would change). */
static int nd_str(struct j2w *j, json_t *o, json_t *w, const char *key,
                  char **v)
{
	uint8_t *b = NULL;
	uint16_t n = 0;

	if (w == NULL || json_object_get(w, key) == NULL)
		return jg_str(j, o, key, v);
	if (jg_hex(j, w, key, &b, &n) != 0)
		return -1;
	if (b != NULL && memchr(b, '\0', n) != NULL) {
		free(b);
		return j2w_fail(j, "\"%s\" holds a NUL, which warts strings "
		                "cannot", key);
	}
	free(*v);
	if ((*v = malloc(n + 1u)) == NULL) {
		free(b);
		return j2w_fail(j, "out of memory");
	}
	if (n > 0)
		memcpy(*v, b, n);
	(*v)[n] = '\0';
	free(b);
	return 0;
}

/* "method": "arp", "nd-nsol", or the number (as a string or not). */
static int nd_method(struct j2w *j, json_t *o, uint8_t *v)
{
	static const char *const names[] = { NULL, "arp", "nd-nsol" };
	json_t *x = json_object_get(o, "method");
	const char *s;
	char *end;
	unsigned long n;

	if (x == NULL || !json_is_string(x))
		return jg_enum(j, o, "method", names, 3, v);
	s = json_string_value(x);
	for (size_t i = 1; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*v = (uint8_t)i;
			return 0;
		}
	n = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || n > UINT8_MAX)
		return j2w_fail(j, "\"method\": unknown value \"%s\"", s);
	*v = (uint8_t)n;
	return 0;
}

/* "flags": the names scamper prints for the bits it knows. */
static int nd_flags(struct j2w *j, json_t *o, uint8_t *v)
{
	json_t *a = json_object_get(o, "flags"), *x;
	size_t i;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return j2w_fail(j, "\"flags\" is not an array");
	json_array_foreach(a, i, x) {
		const char *s = json_string_value(x);
		if (s != NULL && strcmp(s, "allattempts") == 0)
			*v |= WARTS_NEIGHBOURDISC_FLAG_ALLATTEMPTS;
		else if (s != NULL && strcmp(s, "firstresponse") == 0)
			*v |= WARTS_NEIGHBOURDISC_FLAG_FIRSTRESP;
		else
			return j2w_fail(j, "\"flags\": unknown flag");
	}
	return 0;
}

/* "wait_timeout": whole milliseconds as {"sec","usec"}. */
static int nd_wait(struct j2w *j, json_t *o, uint16_t *v)
{
	warts_tv tv = { 0, 0 };
	uint64_t ms;

	if (json_object_get(o, "wait_timeout") == NULL)
		return 0;
	if (jg_tv(j, o, "wait_timeout", &tv) != 0)
		return -1;
	ms = (uint64_t)tv.sec * 1000 + tv.usec / 1000;
	if (tv.usec % 1000 != 0 || ms > UINT16_MAX)
		return j2w_fail(j, "\"wait_timeout\" is not a whole number of "
		                "milliseconds up to 65535");
	*v = (uint16_t)ms;
	return 0;
}

static int nd_reply(struct j2w *j, json_t *x, warts_neighbourdisc_probe *p)
{
	warts_neighbourdisc_reply *r;

	if (!json_is_object(x))
		return j2w_fail(j, "a reply is not an object");
	if ((r = warts_neighbourdisc_reply_add(p)) == NULL)
		return j2w_fail(j, "out of memory");
	if (jg_tv(j, x, "rx", &r->rx) != 0 || jg_addr(j, x, "mac", &r->mac) != 0)
		return -1;
	if (!warts_addr_isset(&r->mac))
		return j2w_fail(j, "a reply has no \"mac\"");
	return 0;
}

static int nd_probe(struct j2w *j, json_t *x, warts_neighbourdisc *nd)
{
	warts_neighbourdisc_probe *p;
	json_t *a, *y;
	size_t i;

	if (!json_is_object(x))
		return j2w_fail(j, "a probe is not an object");
	if ((p = warts_neighbourdisc_probe_add(nd)) == NULL)
		return j2w_fail(j, "too many probes, or out of memory");
	if (jg_tv(j, x, "tx", &p->tx) != 0)
		return -1;
	a = json_object_get(x, "replies");
	if (a != NULL && !json_is_array(a))
		return j2w_fail(j, "\"replies\" is not an array");
	if (json_array_size(a) > UINT16_MAX)
		return j2w_fail(j, "more than 65535 replies");
	json_array_foreach(a, i, y)
		if (nd_reply(j, y, p) != 0)
			return -1;
	return 0;
}

static int nd_probes(struct j2w *j, json_t *o, warts_neighbourdisc *nd)
{
	json_t *a = json_object_get(o, "probes"), *x;
	size_t i;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return j2w_fail(j, "\"probes\" is not an array");
	if (json_array_size(a) > UINT16_MAX)
		return j2w_fail(j, "more than 65535 probes");
	json_array_foreach(a, i, x)
		if (nd_probe(j, x, nd) != 0)
			return -1;
	return 0;
}

static int nd_fill(struct j2w *j, json_t *o, warts_neighbourdisc *nd)
{
	json_t *w = jg_warts(o);

	if (j2w_refs(j, o, &nd->list, &nd->cycle) != 0 ||
	    nd_method(j, o, &nd->method) != 0 ||
	    jg_addr(j, o, "src_ip", &nd->src_ip) != 0 ||
	    jg_addr(j, o, "src_mac", &nd->src_mac) != 0 ||
	    jg_addr(j, o, "dst_ip", &nd->dst_ip) != 0 ||
	    jg_addr(j, o, "dst_mac", &nd->dst_mac) != 0 ||
	    nd_str(j, o, w, "ifname", &nd->ifname) != 0 ||
	    jg_u32(j, o, "userid", &nd->userid) != 0 ||
	    jg_u16(j, o, "attempts", &nd->attempts) != 0 ||
	    jg_u16(j, o, "stop_count", &nd->replyc) != 0 ||
	    jg_tv(j, o, "start", &nd->start) != 0 ||
	    nd_wait(j, o, &nd->wait_timeout) != 0 ||
	    nd_str(j, o, w, "errmsg", &nd->errmsg) != 0 ||
	    nd_flags(j, o, &nd->flags) != 0)
		return -1;
	/* -A: the whole flags byte, and the 2021 encoding */
	if (w != NULL && (jg_u8(j, w, "flags", &nd->flags) != 0 ||
	                  jg_u8(j, w, "style", &nd->style) != 0))
		return -1;
	if (nd->style > WARTS_STYLE_2021)
		return j2w_fail(j, "\"style\" is %u, not 0 or 1", nd->style);
	return nd_probes(j, o, nd);
}

int j2w_neighbourdisc(struct j2w *j, json_t *o, void **out)
{
	warts_neighbourdisc *nd = warts_neighbourdisc_alloc();

	*out = NULL;
	if (nd == NULL)
		return j2w_fail(j, "out of memory");
	if (nd_fill(j, o, nd) != 0) {
		warts_neighbourdisc_free(nd);
		return -1;
	}
	*out = nd;
	return 0;
}
