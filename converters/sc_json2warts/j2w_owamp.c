/*
 * j2w_owamp.c: owamp objects from JSON (libwarts/src/owamp/owamp_json.c
 * describes the keys).
 *
 * The schedule, packets and received copies are arrays, so a schedule
 * count, "txc" and "rxc" are their lengths; "rxc" and "monitor" (the
 * list's) are not read.  A packet's flags come from "sent" and whether
 * "errest" is there, a copy's from which of "errest", "dscp" and "ttl"
 * are there.  -A adds "flags", "ttl" and each packet's "sched", and
 * "warts" objects: the list and cycle, an error message's bytes JSON
 * could not carry ("errmsg_hex", which replaces "errmsg"), and a
 * packet's or copy's flags and values in full when the keys above do not
 * show them (those replace what the keys said).
 */
#include <stdlib.h>
#include <string.h>

#include "warts/owamp.h"

#include "j2w.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The names owamp_fmt.c prints; others are the number, quoted. */
static const char *const dir_names[] = { "tx", "rx" };
static const char *const result_names[] = {
	"none", "done", "halted", "error", "noconn", "notaccepted", "nomode",
	"timeout",
};
static const char *const sched_names[] = { "fixed", "exponential" };

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

/*
 * An optional value whose presence is a flag: read it and set bit in
 * *flags when key is there.
 */
static int get_flagged8(struct j2w *j, json_t *o, const char *key,
                        uint8_t *v, uint8_t *flags, uint8_t bit)
{
	if (json_object_get(o, key) == NULL)
		return 0;
	*flags |= bit;
	return jg_u8(j, o, key, v);
}

static int get_flagged16(struct j2w *j, json_t *o, const char *key,
                         uint16_t *v, uint8_t *flags, uint8_t bit)
{
	if (json_object_get(o, key) == NULL)
		return 0;
	*flags |= bit;
	return jg_u16(j, o, key, v);
}

static int get_sched(struct j2w *j, json_t *o, warts_owamp_sched *s)
{
	if (!json_is_object(o))
		return j2w_fail(j, "a schedule slot is not an object");
	if (jg_tv(j, o, "value", &s->tv) != 0 ||
	    get_qenum(j, o, "type", sched_names, NELEM(sched_names),
	              &s->type) != 0)
		return -1;
	return 0;
}

static int get_scheds(struct j2w *j, json_t *o, warts_owamp *ow)
{
	json_t *a;
	size_t n;

	if (get_array(j, o, "sched", UINT32_MAX, &a) != 0)
		return -1;
	/* no "sched": no schedule, which warts must say (absent means 1) */
	if (a == NULL || (n = json_array_size(a)) == 0)
		return 0;
	if ((ow->sched = calloc(n, sizeof(*ow->sched))) == NULL)
		return j2w_fail(j, "out of memory");
	ow->schedc = (uint32_t)n;
	for (size_t i = 0; i < n; i++)
		if (get_sched(j, json_array_get(a, i), &ow->sched[i]) != 0)
			return -1;
	return 0;
}

static int get_rx(struct j2w *j, json_t *o, warts_owamp_rx *rx)
{
	json_t *w;

	if (!json_is_object(o))
		return j2w_fail(j, "a received copy is not an object");
	if (jg_tv(j, o, "stamp", &rx->stamp) != 0 ||
	    get_flagged16(j, o, "errest", &rx->errest, &rx->flags,
	                  WARTS_OWAMP_RX_ERREST) != 0 ||
	    get_flagged8(j, o, "dscp", &rx->dscp, &rx->flags,
	                 WARTS_OWAMP_RX_DSCP) != 0 ||
	    get_flagged8(j, o, "ttl", &rx->ttl, &rx->flags,
	                 WARTS_OWAMP_RX_TTL) != 0)
		return -1;
	if ((w = jg_warts(o)) != NULL &&
	    (jg_u8(j, w, "flags", &rx->flags) != 0 ||
	     jg_u16(j, w, "errest", &rx->errest) != 0 ||
	     jg_u8(j, w, "dscp", &rx->dscp) != 0 ||
	     jg_u8(j, w, "ttl", &rx->ttl) != 0))
		return -1;
	return 0;
}

/* "sent":1, or 0 for a packet that was not sent. */
static int get_sent(struct j2w *j, json_t *o, uint8_t *flags)
{
	json_t *x = json_object_get(o, "sent");

	if (x == NULL)
		return 0;
	if (!json_is_integer(x) || json_integer_value(x) < 0 ||
	    json_integer_value(x) > 1)
		return j2w_fail(j, "\"sent\" is neither 0 nor 1");
	if (json_integer_value(x) == 0)
		*flags |= WARTS_OWAMP_TX_NOTSENT;
	return 0;
}

static int get_tx(struct j2w *j, json_t *o, warts_owamp_tx *tx)
{
	json_t *a, *w;
	size_t n;

	if (!json_is_object(o))
		return j2w_fail(j, "a test packet is not an object");
	if (jg_tv(j, o, "stamp", &tx->stamp) != 0 ||
	    jg_tv(j, o, "sched", &tx->sched) != 0 ||
	    jg_u32(j, o, "seq", &tx->seq) != 0 ||
	    get_flagged16(j, o, "errest", &tx->errest, &tx->flags,
	                  WARTS_OWAMP_TX_ERREST) != 0 ||
	    get_sent(j, o, &tx->flags) != 0 ||
	    get_array(j, o, "rxs", UINT8_MAX, &a) != 0)
		return -1;
	if ((w = jg_warts(o)) != NULL &&
	    (jg_u8(j, w, "flags", &tx->flags) != 0 ||
	     jg_u16(j, w, "errest", &tx->errest) != 0))
		return -1;
	if (a == NULL || (n = json_array_size(a)) == 0)
		return 0;
	/* zeroed, and counted at once, so that freeing the owamp object
	 * frees whatever was read */
	if ((tx->rxs = calloc(n, sizeof(*tx->rxs))) == NULL)
		return j2w_fail(j, "out of memory");
	tx->rxc = (uint8_t)n;
	for (size_t i = 0; i < n; i++)
		if (get_rx(j, json_array_get(a, i), &tx->rxs[i]) != 0)
			return -1;
	return 0;
}

static int get_txs(struct j2w *j, json_t *o, warts_owamp *ow)
{
	json_t *a;
	size_t n;

	if (get_array(j, o, "txs", UINT32_MAX, &a) != 0)
		return -1;
	if (a == NULL || (n = json_array_size(a)) == 0)
		return 0;
	if ((ow->txs = calloc(n, sizeof(*ow->txs))) == NULL)
		return j2w_fail(j, "out of memory");
	ow->txc = (uint32_t)n;
	for (size_t i = 0; i < n; i++)
		if (get_tx(j, json_array_get(a, i), &ow->txs[i]) != 0)
			return -1;
	return 0;
}

static int owamp_fill(struct j2w *j, json_t *o, warts_owamp *ow)
{
	json_t *w = jg_warts(o);

	if (j2w_refs(j, o, &ow->list, &ow->cycle) != 0 ||
	    get_qenum(j, o, "dir", dir_names, NELEM(dir_names),
	              &ow->dir) != 0 ||
	    jg_addr(j, o, "src", &ow->src) != 0 ||
	    jg_addr(j, o, "dst", &ow->dst) != 0 ||
	    jg_u16(j, o, "dport", &ow->dport) != 0 ||
	    jg_tv(j, o, "start", &ow->start) != 0 ||
	    jg_tv(j, o, "startat", &ow->startat) != 0 ||
	    jg_tv(j, o, "wait_timeout", &ow->wait_timeout) != 0 ||
	    get_us(j, o, "hsrtt", &ow->hsrtt) != 0 ||
	    jg_u32(j, o, "userid", &ow->userid) != 0 ||
	    jg_u32(j, o, "attempts", &ow->attempts) != 0 ||
	    jg_u16(j, o, "pktsize", &ow->pktsize) != 0 ||
	    jg_u8(j, o, "dscp", &ow->dscp) != 0 ||
	    jg_u16(j, o, "flags", &ow->flags) != 0 ||
	    jg_u8(j, o, "ttl", &ow->ttl) != 0 ||
	    jg_u16(j, o, "udp_sport", &ow->udp_sport) != 0 ||
	    jg_u16(j, o, "udp_dport", &ow->udp_dport) != 0 ||
	    get_qenum(j, o, "result", result_names, NELEM(result_names),
	              &ow->result) != 0 ||
	    jg_str(j, o, "errmsg", &ow->errmsg) != 0 ||
	    get_scheds(j, o, ow) != 0 ||
	    get_txs(j, o, ow) != 0 ||
	    (w != NULL && get_strhex(j, w, "errmsg_hex", &ow->errmsg) != 0))
		return -1;
	return 0;
}

int j2w_owamp(struct j2w *j, json_t *o, void **out)
{
	warts_owamp *ow;

	*out = NULL;
	if ((ow = warts_owamp_alloc()) == NULL)
		return j2w_fail(j, "out of memory");
	if (owamp_fill(j, o, ow) != 0) {
		warts_owamp_free(ow);
		return -1;
	}
	*out = ow;
	return 0;
}
