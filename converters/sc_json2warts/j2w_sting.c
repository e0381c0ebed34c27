/*
 * j2w_sting.c: Sting measurements from JSON.
 *
 * Each default key maps back to one field: "mean" and "inter" are whole
 * milliseconds as {"sec","usec"}, "hsrtt" the handshake RTT in
 * milliseconds, "dist" and "result" a name or the number, and a packet's
 * "flags" the names of its bits (or their values).  sc_warts2json -A adds
 * "datalen" and "payload" (bits 15 and 16: in files scamper wrote, bytes
 * that are not the payload, kept as stored) and a "warts" object with the
 * list and cycle, the handshake RTT as the timeval stored ("hsrtt"), and
 * an error message holding a byte outside ASCII as hex ("errmsg").
 * "version", "pktc" and each packet's "len" are derived and ignored;
 * "monitor" belongs to the list (sc_warts2json -A prints it on the
 * list's own line) and is not read.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "warts/sting.h"

#include "j2w.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A string key, or its bytes from hex when the "warts" object w has the
 * key too (for bytes the JSON string would not give back). */
static int sting_str(struct j2w *j, json_t *o, json_t *w, const char *key,
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

/* "mean", "inter": whole milliseconds up to 65535 as {"sec","usec"}. */
static int sting_ms(struct j2w *j, json_t *o, const char *key, uint16_t *v)
{
	warts_tv tv = { 0, 0 };
	uint64_t ms;

	if (json_object_get(o, key) == NULL)
		return 0;
	if (jg_tv(j, o, key, &tv) != 0)
		return -1;
	ms = (uint64_t)tv.sec * 1000 + tv.usec / 1000;
	if (tv.usec % 1000 != 0 || ms > UINT16_MAX)
		return j2w_fail(j, "\"%s\" is not a whole number of "
		                "milliseconds up to 65535", key);
	*v = (uint16_t)ms;
	return 0;
}

/*
 * The handshake RTT: the timeval of the "warts" object's "hsrtt" when
 * there is one, else the milliseconds of "hsrtt", which may pass the
 * 32-bit microseconds jg_rtt takes (the JSON prints seconds times a
 * million plus microseconds, up to 2^32 seconds).
 */
static int sting_hsrtt(struct j2w *j, json_t *o, json_t *w, warts_tv *v)
{
	json_t *x;
	double us;

	if (w != NULL && json_object_get(w, "hsrtt") != NULL)
		return jg_tv(j, w, "hsrtt", v);
	if ((x = json_object_get(o, "hsrtt")) == NULL)
		return 0;
	if (!json_is_number(x))
		return j2w_fail(j, "\"hsrtt\" is not a number");
	us = round(json_number_value(x) * 1000.0);
	if (!(us >= 0 && us < 4294967296.0 * 1000000.0))
		return j2w_fail(j, "\"hsrtt\" is %g ms, outside what warts "
		                "holds", json_number_value(x));
	v->sec = (uint32_t)(us / 1000000.0);
	v->usec = (uint32_t)(us - (double)v->sec * 1000000.0);
	return 0;
}

/* "payload" (hex) and "datalen": the length bit 15 holds, and the bytes
 * of bit 16, which must be as many. */
static int sting_payload(struct j2w *j, json_t *o, warts_sting *s)
{
	int have_len = json_object_get(o, "datalen") != NULL;
	uint16_t n = 0;

	if (jg_u16(j, o, "datalen", &s->datalen) != 0 ||
	    jg_hex(j, o, "payload", &s->data, &n) != 0)
		return -1;
	if (s->data == NULL)
		return 0;
	if (have_len && n != s->datalen)
		return j2w_fail(j, "\"payload\" has %u bytes, \"datalen\" "
		                "says %u", n, s->datalen);
	s->datalen = n;
	return 0;
}

/* A packet's "flags": "tx", "rx", "data", "hole", or a bit's value. */
static int sting_pkt_flags(struct j2w *j, json_t *x, uint8_t *v)
{
	static const char *const names[] = { "tx", "rx", "data", "hole" };
	json_t *a = json_object_get(x, "flags"), *e;
	size_t i;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return j2w_fail(j, "\"flags\" is not an array");
	json_array_foreach(a, i, e) {
		const char *s = json_string_value(e);
		json_int_t n = json_is_integer(e) ? json_integer_value(e) : 0;
		size_t k;

		if (s != NULL) {
			for (k = 0; k < NELEM(names); k++)
				if (strcmp(s, names[k]) == 0)
					break;
			if (k == NELEM(names))
				return j2w_fail(j, "\"flags\": unknown flag "
				                "\"%s\"", s);
			*v |= (uint8_t)(1u << k);
		} else if (n > 0 && n <= 0x80 && (n & (n - 1)) == 0) {
			*v |= (uint8_t)n;
		} else {
			return j2w_fail(j, "\"flags\" holds neither a name nor "
			                "a bit");
		}
	}
	return 0;
}

static int sting_pkt(struct j2w *j, json_t *x, size_t i, warts_sting_pkt *p)
{
	if (!json_is_object(x))
		return j2w_fail(j, "packet %zu is not an object", i);
	if (sting_pkt_flags(j, x, &p->flags) != 0 ||
	    jg_tv(j, x, "tv", &p->tv) != 0 ||
	    jg_hex(j, x, "data", &p->data, &p->len) != 0)
		return -1;
	/* the encoder, and scamper's readers, need a packet's bytes */
	if (p->data == NULL || p->len == 0)
		return j2w_fail(j, "packet %zu has no \"data\"", i);
	return 0;
}

static int sting_pkts(struct j2w *j, json_t *o, warts_sting *s)
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
		if (sting_pkt(j, json_array_get(a, i), i, &s->pkts[i]) != 0)
			return -1;
	}
	return 0;
}

static int sting_fill(struct j2w *j, json_t *o, warts_sting *s)
{
	static const char *const dists[] = {
		NULL, "exponential", "periodic", "uniform",
	};
	static const char *const results[] = { "none", "completed", "error" };
	json_t *w = jg_warts(o);

	if (j2w_refs(j, o, &s->list, &s->cycle) != 0 ||
	    jg_addr(j, o, "src", &s->src) != 0 ||
	    jg_addr(j, o, "dst", &s->dst) != 0 ||
	    jg_u16(j, o, "sport", &s->sport) != 0 ||
	    jg_u16(j, o, "dport", &s->dport) != 0 ||
	    jg_u32(j, o, "userid", &s->userid) != 0 ||
	    jg_tv(j, o, "start", &s->start) != 0 ||
	    jg_u16(j, o, "count", &s->count) != 0 ||
	    sting_ms(j, o, "mean", &s->mean) != 0 ||
	    sting_ms(j, o, "inter", &s->inter) != 0 ||
	    jg_enum(j, o, "dist", dists, NELEM(dists), &s->dist) != 0 ||
	    jg_u8(j, o, "synretx", &s->synretx) != 0 ||
	    jg_u8(j, o, "dataretx", &s->dataretx) != 0 ||
	    jg_u8(j, o, "seqskip", &s->seqskip) != 0 ||
	    sting_payload(j, o, s) != 0 ||
	    sting_hsrtt(j, o, w, &s->hsrtt) != 0 ||
	    jg_u16(j, o, "dataackc", &s->dataackc) != 0 ||
	    jg_u16(j, o, "holec", &s->holec) != 0 ||
	    jg_enum(j, o, "result", results, NELEM(results), &s->result) != 0 ||
	    sting_str(j, o, w, "errmsg", &s->errmsg) != 0)
		return -1;
	/* scamper's readers refuse a sting without both addresses */
	if (!warts_addr_isset(&s->src))
		return j2w_fail(j, "no \"src\"");
	if (!warts_addr_isset(&s->dst))
		return j2w_fail(j, "no \"dst\"");
	return sting_pkts(j, o, s);
}

int j2w_sting(struct j2w *j, json_t *o, void **out)
{
	warts_sting *s;

	*out = NULL;
	if ((s = warts_sting_alloc()) == NULL)
		return j2w_fail(j, "out of memory");
	if (sting_fill(j, o, s) != 0) {
		warts_sting_free(s);
		return -1;
	}
	*out = s;
	return 0;
}
