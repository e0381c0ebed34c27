/*
 * j2w_udpprobe.c: udpprobe objects from JSON (libwarts/src/udpprobe/
 * udpprobe_json.c describes the keys).
 *
 * The probes and replies are arrays, so "probe_sent" and each probe's
 * "replyc" are their lengths and are not read, nor is a reply's "rtt"
 * (rx - tx) or "monitor" (the list's).  Probe 0's "tx" is not read
 * either: warts does not store it, it is the start time.  -A adds
 * "wait_probe", and a "warts" object with the list and cycle, the flags
 * as a number (scamper's "flags" names only exitfirst), and the bytes of
 * an error message or interface name JSON could not carry ("errmsg_hex",
 * "ifname_hex"), which replace the escaped strings.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/udpprobe.h"

#include "j2w.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The names udpprobe_fmt.c prints; others are the number, quoted. */
static const char *const stop_names[] = { "none", "done", "halted", "error" };

/*
 * An enum printed as a quoted name, or as its number in quotes when it
 * has no name; a bare number is taken too.
 */
static int get_qenum(struct j2w *j, json_t *o, const char *key,
                     const char *const *names, size_t n, uint8_t *v)
{
	json_t *x = json_object_get(o, key);
	const char *s;
	unsigned long u = 0;
	size_t i;

	if (x == NULL || !json_is_string(x))
		return jg_u8(j, o, key, v);
	s = json_string_value(x);
	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*v = (uint8_t)i;
			return 0;
		}
	for (i = 0; s[i] >= '0' && s[i] <= '9' && u <= UINT8_MAX; i++)
		u = u * 10 + (unsigned long)(s[i] - '0');
	if (i == 0 || s[i] != '\0' || u > UINT8_MAX)
		return j2w_fail(j, "\"%s\": unknown value \"%s\"", key, s);
	*v = (uint8_t)u;
	return 0;
}

/* {"sec":S,"usec":U} as a count of microseconds, which must fit 32 bits. */
static int get_us(struct j2w *j, json_t *o, const char *key, warts_rtt *v)
{
	warts_tv tv = { 0, 0 };
	uint64_t us;

	if (json_object_get(o, key) == NULL)
		return 0;
	if (jg_tv(j, o, key, &tv) != 0)
		return -1;
	us = (uint64_t)tv.sec * 1000000 + tv.usec;
	if (us > UINT32_MAX)
		return j2w_fail(j, "\"%s\" is more microseconds than warts "
		                "holds", key);
	*v = (warts_rtt)us;
	return 0;
}

/* A string given as the hex of its bytes, into *v (replacing it). */
static int get_strhex(struct j2w *j, json_t *o, const char *key, char **v)
{
	uint8_t *b = NULL;
	uint16_t n = 0;
	char *s;

	if (json_object_get(o, key) == NULL)
		return 0;
	if (jg_hex(j, o, key, &b, &n) != 0)
		return -1;
	if (b != NULL && memchr(b, '\0', n) != NULL) {
		free(b);
		return j2w_fail(j, "\"%s\" holds a NUL, which warts strings "
		                "cannot", key);
	}
	if ((s = malloc(n + 1u)) == NULL) {
		free(b);
		return j2w_fail(j, "out of memory");
	}
	if (n > 0)
		memcpy(s, b, n);
	s[n] = '\0';
	free(b);
	free(*v);
	*v = s;
	return 0;
}

/*
 * A payload: "len" and the "data" bytes in hex.  With bytes, their count
 * is the length (the encoder writes both or neither).
 */
static int get_payload(struct j2w *j, json_t *o, uint16_t *len,
                       uint8_t **data)
{
	if (jg_u16(j, o, "len", len) != 0 ||
	    jg_hex(j, o, "data", data, len) != 0)
		return -1;
	if (*data != NULL && *len == 0) {
		free(*data);
		*data = NULL;
	}
	return 0;
}

/* The array at key, at most max long; *a is NULL when absent. */
static int get_array(struct j2w *j, json_t *o, const char *key, size_t max,
                     json_t **a)
{
	*a = json_object_get(o, key);
	if (*a == NULL)
		return 0;
	if (!json_is_array(*a))
		return j2w_fail(j, "\"%s\" is not an array", key);
	if (json_array_size(*a) > max)
		return j2w_fail(j, "\"%s\" has %zu elements, more than %zu",
		                key, json_array_size(*a), max);
	return 0;
}

/* "flags":["exitfirst"]; a number is taken as bits. */
static int get_flags(struct j2w *j, json_t *o, uint8_t *flags)
{
	json_t *a, *x;
	size_t i;

	if (get_array(j, o, "flags", 8, &a) != 0)
		return -1;
	if (a == NULL)
		return 0;
	*flags = 0;
	json_array_foreach(a, i, x) {
		json_int_t v;
		if (json_is_string(x) &&
		    strcmp(json_string_value(x), "exitfirst") == 0) {
			*flags |= WARTS_UDPPROBE_FLAG_EXITFIRST;
			continue;
		}
		if (!json_is_integer(x) || (v = json_integer_value(x)) < 0 ||
		    v > UINT8_MAX)
			return j2w_fail(j, "\"flags\" %zu is neither "
			                "\"exitfirst\" nor an 8-bit number", i);
		*flags |= (uint8_t)v;
	}
	return 0;
}

static int get_reply(struct j2w *j, json_t *o, warts_udpprobe_reply *r)
{
	json_t *w;

	if (!json_is_object(o))
		return j2w_fail(j, "a reply is not an object");
	if (jg_tv(j, o, "rx", &r->rx) != 0 ||
	    get_payload(j, o, &r->len, &r->data) != 0 ||
	    jg_str(j, o, "ifname", &r->ifname) != 0)
		return -1;
	if ((w = jg_warts(o)) != NULL &&
	    get_strhex(j, w, "ifname_hex", &r->ifname) != 0)
		return -1;
	return 0;
}

static int get_probe(struct j2w *j, json_t *o, warts_udpprobe_probe *p)
{
	json_t *a;
	size_t n;

	if (!json_is_object(o))
		return j2w_fail(j, "a probe is not an object");
	if (jg_tv(j, o, "tx", &p->tx) != 0 ||
	    jg_u16(j, o, "sport", &p->sport) != 0 ||
	    get_array(j, o, "replies", UINT8_MAX, &a) != 0)
		return -1;
	if (a == NULL || (n = json_array_size(a)) == 0)
		return 0;
	/* zeroed, and counted at once, so that freeing the udpprobe frees
	 * whatever was read */
	if ((p->replies = calloc(n, sizeof(*p->replies))) == NULL)
		return j2w_fail(j, "out of memory");
	p->replyc = (uint8_t)n;
	for (size_t i = 0; i < n; i++)
		if (get_reply(j, json_array_get(a, i), &p->replies[i]) != 0)
			return -1;
	return 0;
}

static int get_probes(struct j2w *j, json_t *o, warts_udpprobe *up)
{
	json_t *a;
	size_t n;

	if (get_array(j, o, "probes", UINT8_MAX, &a) != 0)
		return -1;
	/* no "probes": none sent, which warts must say (absent means 1) */
	up->probe_sent = 0;
	if (a == NULL || (n = json_array_size(a)) == 0)
		return 0;
	if ((up->probes = calloc(n, sizeof(*up->probes))) == NULL)
		return j2w_fail(j, "out of memory");
	up->probe_sent = (uint8_t)n;
	for (size_t i = 0; i < n; i++)
		if (get_probe(j, json_array_get(a, i), &up->probes[i]) != 0)
			return -1;
	up->probes[0].tx = up->start;
	return 0;
}

static int get_warts(struct j2w *j, json_t *w, warts_udpprobe *up)
{
	if (w == NULL)
		return 0;
	if (jg_u8(j, w, "flags", &up->flags) != 0 ||
	    get_strhex(j, w, "errmsg_hex", &up->errmsg) != 0)
		return -1;
	return 0;
}

static int udpprobe_fill(struct j2w *j, json_t *o, warts_udpprobe *up)
{
	if (j2w_refs(j, o, &up->list, &up->cycle) != 0 ||
	    jg_addr(j, o, "src", &up->src) != 0 ||
	    jg_addr(j, o, "dst", &up->dst) != 0 ||
	    jg_u32(j, o, "userid", &up->userid) != 0 ||
	    jg_tv(j, o, "start", &up->start) != 0 ||
	    jg_u16(j, o, "sport", &up->sport) != 0 ||
	    jg_u16(j, o, "dport", &up->dport) != 0 ||
	    get_us(j, o, "wait_timeout", &up->wait_timeout) != 0 ||
	    get_us(j, o, "wait_probe", &up->wait_probe) != 0 ||
	    get_flags(j, o, &up->flags) != 0 ||
	    get_qenum(j, o, "stop_reason", stop_names, NELEM(stop_names),
	              &up->stop_reason) != 0 ||
	    jg_str(j, o, "errmsg", &up->errmsg) != 0 ||
	    get_payload(j, o, &up->len, &up->data) != 0 ||
	    jg_u8(j, o, "probe_count", &up->probe_count) != 0 ||
	    jg_u8(j, o, "stop_count", &up->stop_count) != 0 ||
	    get_probes(j, o, up) != 0 ||
	    get_warts(j, jg_warts(o), up) != 0)
		return -1;
	return 0;
}

int j2w_udpprobe(struct j2w *j, json_t *o, void **out)
{
	warts_udpprobe *up;

	*out = NULL;
	if ((up = warts_udpprobe_alloc()) == NULL)
		return j2w_fail(j, "out of memory");
	if (udpprobe_fill(j, o, up) != 0) {
		warts_udpprobe_free(up);
		return -1;
	}
	*out = up;
	return 0;
}
