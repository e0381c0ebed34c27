/*
 * j2w_sniff.c: packet captures from JSON.
 *
 * The default keys hold every field of a sniff: "icmp_id" is icmpid,
 * "limit_time" whole seconds as {"sec","usec"}, and each packet its
 * arrival time ("rx") and bytes ("data", whose length is "len").  The
 * "warts" object sc_warts2json -A adds names the list and cycle and, for
 * an error message holding a byte outside ASCII, its bytes as hex.
 * "pktc" and each packet's "len" are derived and ignored; "monitor"
 * belongs to the list (sc_warts2json -A prints it on the list's own
 * line) and is not read.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/sniff.h"

#include "j2w.h"

/* A string key, or its bytes from hex when the "warts" object w has the
 * key too (for bytes the JSON string would not give back). */
static int sniff_str(struct j2w *j, json_t *o, json_t *w, const char *key,
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

/* "limit_time": whole seconds, at most 65535, as {"sec","usec"}. */
static int sniff_limit_time(struct j2w *j, json_t *o, uint16_t *v)
{
	warts_tv tv = { 0, 0 };

	if (json_object_get(o, "limit_time") == NULL)
		return 0;
	if (jg_tv(j, o, "limit_time", &tv) != 0)
		return -1;
	if (tv.usec != 0 || tv.sec > UINT16_MAX)
		return j2w_fail(j, "\"limit_time\" is not a whole number of "
		                "seconds up to 65535");
	*v = (uint16_t)tv.sec;
	return 0;
}

static int sniff_pkt(struct j2w *j, json_t *x, size_t i, warts_sniff_pkt *p)
{
	if (!json_is_object(x))
		return j2w_fail(j, "packet %zu is not an object", i);
	if (jg_tv(j, x, "rx", &p->tv) != 0 ||
	    jg_hex(j, x, "data", &p->data, &p->len) != 0)
		return -1;
	/* the encoder, and scamper's readers, need a packet's bytes */
	if (p->data == NULL || p->len == 0)
		return j2w_fail(j, "packet %zu has no \"data\"", i);
	return 0;
}

static int sniff_pkts(struct j2w *j, json_t *o, warts_sniff *s)
{
	json_t *a = json_object_get(o, "pkts");
	size_t n;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return j2w_fail(j, "\"pkts\" is not an array");
	if ((n = json_array_size(a)) == 0)
		return 0;
	if (n > UINT32_MAX)
		return j2w_fail(j, "too many packets");
	if ((s->pkts = calloc(n, sizeof(*s->pkts))) == NULL)
		return j2w_fail(j, "out of memory");
	for (size_t i = 0; i < n; i++) {
		/* counted first, so that a failure frees its bytes */
		s->pktc = (uint32_t)i + 1;
		if (sniff_pkt(j, json_array_get(a, i), i, &s->pkts[i]) != 0)
			return -1;
	}
	return 0;
}

static int sniff_fill(struct j2w *j, json_t *o, warts_sniff *s)
{
	static const char *const stops[] = {
		"none", "error", "limit-time", "limit-pktc", "halted",
	};
	json_t *w = jg_warts(o);

	if (j2w_refs(j, o, &s->list, &s->cycle) != 0 ||
	    jg_u32(j, o, "userid", &s->userid) != 0 ||
	    jg_addr(j, o, "src", &s->src) != 0 ||
	    jg_tv(j, o, "start", &s->start) != 0 ||
	    jg_tv(j, o, "finish", &s->finish) != 0 ||
	    jg_enum(j, o, "stop_reason", stops,
	            sizeof(stops) / sizeof(stops[0]), &s->stop_reason) != 0 ||
	    jg_u32(j, o, "limit_pktc", &s->limit_pktc) != 0 ||
	    sniff_limit_time(j, o, &s->limit_time) != 0 ||
	    jg_u16(j, o, "icmp_id", &s->icmpid) != 0 ||
	    sniff_str(j, o, w, "errmsg", &s->errmsg) != 0)
		return -1;
	/* scamper's readers refuse a sniff without the address */
	if (!warts_addr_isset(&s->src))
		return j2w_fail(j, "no \"src\"");
	return sniff_pkts(j, o, s);
}

int j2w_sniff(struct j2w *j, json_t *o, void **out)
{
	warts_sniff *s;

	*out = NULL;
	if ((s = warts_sniff_alloc()) == NULL)
		return j2w_fail(j, "out of memory");
	if (sniff_fill(j, o, s) != 0) {
		warts_sniff_free(s);
		return -1;
	}
	*out = s;
	return 0;
}
