/*
 * j2w_dealias.c: dealias objects from JSON.
 *
 * The method comes first: it says which settings the other top-level
 * keys are ("attempts" is mercator's attempts but radargun's rounds,
 * "wait_timeout" is seconds for the older methods and {"sec","usec"}
 * for midarest and midardisc).  Names print as scamper's tables have
 * them, or as a number in a string where a table has none; both read
 * back.  The probedefs and probes are the arrays' members, so counts
 * are their lengths; a probe names its probedef by id ("probedef_id"),
 * which is the probedef's index whenever scamper wrote the file.
 *
 * From sc_warts2json -A, "warts" objects give what the keys cannot (see
 * dealias_json.c): the 2021 encoding, radargun's whole wait_round,
 * prefixscan's prefix and alias when not printed, a probedef's tos, a
 * probe's probedef index, and a reply's flags, IP-ID, quoted TTL and
 * ICMP extensions; for a method this library does not know, the count
 * of probes and the bytes that follow the parameters.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/dealias.h"

#include "j2w.h"

/* ---- small readers ------------------------------------------------------ */

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex digits in o[key] as new bytes, however many (jg_hex stops at
 * 65535); *v is left NULL for none. */
static int d_hex(struct j2w *j, json_t *o, const char *key, uint8_t **v,
                 uint32_t *len)
{
	json_t *x = json_object_get(o, key);
	const char *s;
	size_t n;
	uint8_t *b;

	if (x == NULL)
		return 0;
	if ((s = json_string_value(x)) == NULL)
		return j2w_fail(j, "\"%s\" is not a hex string", key);
	n = json_string_length(x);
	if (n % 2 != 0 || n / 2 > UINT32_MAX)
		return j2w_fail(j, "\"%s\" is not a whole number of hex bytes",
		                key);
	if (n == 0) {
		free(*v);
		*v = NULL;
		*len = 0;
		return 0;
	}
	if ((b = malloc(n / 2)) == NULL)
		return j2w_fail(j, "out of memory");
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexdigit(s[2 * i]), lo = hexdigit(s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(b);
			return j2w_fail(j, "\"%s\" is not hex", key);
		}
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	free(*v);
	*v = b;
	*len = (uint32_t)(n / 2);
	return 0;
}

/* The string o[key], or its bytes from the -A hex in w[key]. */
static int d_str(struct j2w *j, json_t *o, json_t *w, const char *key,
                 char **v)
{
	uint8_t *b = NULL;
	uint32_t n = 0;
	char *s;

	if (w == NULL || json_object_get(w, key) == NULL)
		return jg_str(j, o, key, v);
	if (d_hex(j, w, key, &b, &n) != 0)
		return -1;
	if (b != NULL && memchr(b, '\0', n) != NULL) {
		free(b);
		return j2w_fail(j, "\"%s\" holds a NUL, which warts strings "
		                "cannot", key);
	}
	if ((s = malloc((size_t)n + 1)) == NULL) {
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

/* A name from names[] (its index) or a number, quoted or not. */
static int d_name(struct j2w *j, json_t *o, const char *key,
                  const char *const *names, size_t n, uint8_t *v)
{
	json_t *x = json_object_get(o, key);
	const char *s;
	char *end;
	unsigned long u;

	if (x == NULL || !json_is_string(x))
		return jg_enum(j, o, key, names, n, v);
	s = json_string_value(x);
	for (size_t i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0) {
			*v = (uint8_t)i;
			return 0;
		}
	u = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || u > UINT8_MAX)
		return j2w_fail(j, "\"%s\": unknown value \"%s\"", key, s);
	*v = (uint8_t)u;
	return 0;
}

/* A duration printed as {"sec","usec"}, in microseconds. */
static int d_us(struct j2w *j, json_t *o, const char *key, warts_rtt *v)
{
	warts_tv tv = { 0, 0 };
	uint64_t us;

	if (json_object_get(o, key) == NULL)
		return 0;
	if (jg_tv(j, o, key, &tv) != 0)
		return -1;
	us = (uint64_t)tv.sec * 1000000 + tv.usec;
	if (us > UINT32_MAX)
		return j2w_fail(j, "\"%s\" is over 4294 seconds", key);
	*v = (warts_rtt)us;
	return 0;
}

/*
 * "flags":[...]: a name from names[] for bit i, or past the names the
 * bit's value as a plain number.
 */
static int d_flags(struct j2w *j, json_t *o, const char *const *names,
                   size_t n, uint8_t *v)
{
	json_t *a = json_object_get(o, "flags"), *x;
	size_t i, k;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return j2w_fail(j, "\"flags\" is not an array");
	json_array_foreach(a, i, x) {
		const char *s = json_string_value(x);
		if (json_is_integer(x) && json_integer_value(x) > 0 &&
		    json_integer_value(x) <= UINT8_MAX) {
			*v |= (uint8_t)json_integer_value(x);
			continue;
		}
		for (k = 0; s != NULL && k < n; k++)
			if (strcmp(names[k], s) == 0)
				break;
		if (s == NULL || k == n)
			return j2w_fail(j, "\"flags\": unknown flag");
		*v |= (uint8_t)(1u << k);
	}
	return 0;
}

/*
 * An address, optionally followed by "/len" (prefixscan's "b" and
 * "ab"); *len gets the length when there is one.
 */
static int d_prefix(struct j2w *j, json_t *o, const char *key,
                    warts_addr *a, int *len)
{
	json_t *x = json_object_get(o, key);
	char buf[64], *slash, *end;
	const char *s;
	unsigned long n;

	if (x == NULL)
		return 0;
	if ((s = json_string_value(x)) == NULL || strlen(s) >= sizeof(buf))
		return j2w_fail(j, "\"%s\" is not an address", key);
	memcpy(buf, s, strlen(s) + 1);
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash++ = '\0';
		n = strtoul(slash, &end, 10);
		if (*slash < '0' || *slash > '9' || *end != '\0' || n > 255)
			return j2w_fail(j, "\"%s\" has a bad prefix length",
			                key);
		if (len != NULL)
			*len = (int)n;
	}
	if (warts_addr_fromstr(a, buf) != 0)
		return j2w_fail(j, "\"%s\" is not an address", key);
	return 0;
}

/* An optional array of at most max members; *a NULL when absent. */
static int d_array(struct j2w *j, json_t *o, const char *key, size_t max,
                   json_t **a)
{
	*a = json_object_get(o, key);
	if (*a == NULL)
		return 0;
	if (!json_is_array(*a))
		return j2w_fail(j, "\"%s\" is not an array", key);
	if (json_array_size(*a) > max)
		return j2w_fail(j, "\"%s\" has more than %zu members", key,
		                max);
	return 0;
}

#define NAMES(t) (t), sizeof(t) / sizeof((t)[0])

/* ---- method settings ----------------------------------------------------- */

static int m_mercator(struct j2w *j, json_t *o, warts_dealias *d)
{
	return jg_u8(j, o, "attempts", &d->mercator.attempts) != 0 ||
	       jg_u8(j, o, "wait_timeout", &d->mercator.wait_timeout) != 0 ?
	       -1 : 0;
}

static int m_ally(struct j2w *j, json_t *o, warts_dealias *d)
{
	static const char *const names[] = { "nobs" };
	warts_dealias_ally *a = &d->ally;

	if (jg_u16(j, o, "wait_probe", &a->wait_probe) != 0 ||
	    jg_u8(j, o, "wait_timeout", &a->wait_timeout) != 0 ||
	    jg_u8(j, o, "attempts", &a->attempts) != 0 ||
	    jg_u16(j, o, "fudge", &a->fudge) != 0 ||
	    d_flags(j, o, NAMES(names), &a->flags) != 0)
		return -1;
	return 0;
}

/* scamper prints the rounds as "attempts" and wait_round cut to 16 bits
 * (-A has it whole); its one flag, shuffle, it calls "nobs". */
static int m_radargun(struct j2w *j, json_t *o, json_t *w, warts_dealias *d)
{
	static const char *const names[] = { "nobs" };
	warts_dealias_radargun *r = &d->radargun;

	if (jg_u16(j, o, "attempts", &r->rounds) != 0 ||
	    jg_u16(j, o, "wait_probe", &r->wait_probe) != 0 ||
	    jg_u32(j, o, "wait_round", &r->wait_round) != 0 ||
	    jg_u8(j, o, "wait_timeout", &r->wait_timeout) != 0 ||
	    d_flags(j, o, NAMES(names), &r->flags) != 0 ||
	    (w != NULL && jg_u32(j, w, "wait_round", &r->wait_round) != 0))
		return -1;
	return 0;
}

static int m_xs(struct j2w *j, json_t *o, warts_dealias_prefixscan *p)
{
	json_t *a, *x;
	size_t i;

	if (d_array(j, o, "xs", UINT16_MAX, &a) != 0)
		return -1;
	if (json_array_size(a) == 0)
		return 0;
	if ((p->xs = calloc(json_array_size(a), sizeof(*p->xs))) == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, x) {
		const char *s = json_string_value(x);
		if (s == NULL || warts_addr_fromstr(&p->xs[i], s) != 0)
			return j2w_fail(j, "\"xs\" holds something not an "
			                "address");
	}
	p->xc = (uint16_t)json_array_size(a);
	return 0;
}

/* "b" is printed with the prefix length, "ab" with the length it shares
 * with b (which is derived: ignored). */
static int m_prefixscan(struct j2w *j, json_t *o, json_t *w,
                        warts_dealias *d)
{
	static const char *const names[] = { "nobs", "csa" };
	warts_dealias_prefixscan *p = &d->prefixscan;
	int prefix = -1;

	if (d_prefix(j, o, "a", &p->a, NULL) != 0 ||
	    d_prefix(j, o, "b", &p->b, &prefix) != 0 ||
	    d_prefix(j, o, "ab", &p->ab, NULL) != 0 ||
	    m_xs(j, o, p) != 0 ||
	    jg_u8(j, o, "attempts", &p->attempts) != 0 ||
	    jg_u8(j, o, "replyc", &p->replyc) != 0 ||
	    jg_u16(j, o, "fudge", &p->fudge) != 0 ||
	    jg_u16(j, o, "wait_probe", &p->wait_probe) != 0 ||
	    jg_u8(j, o, "wait_timeout", &p->wait_timeout) != 0 ||
	    d_flags(j, o, NAMES(names), &p->flags) != 0)
		return -1;
	if (prefix >= 0)
		p->prefix = (uint8_t)prefix;
	if (w != NULL && (jg_u8(j, w, "prefix", &p->prefix) != 0 ||
	                  d_prefix(j, w, "ab", &p->ab, NULL) != 0))
		return -1;
	return 0;
}

static int m_bump(struct j2w *j, json_t *o, warts_dealias *d)
{
	warts_dealias_bump *b = &d->bump;

	if (jg_u16(j, o, "wait_probe", &b->wait_probe) != 0 ||
	    jg_u16(j, o, "bump_limit", &b->bump_limit) != 0 ||
	    jg_u8(j, o, "attempts", &b->attempts) != 0)
		return -1;
	return 0;
}

static int m_midarest(struct j2w *j, json_t *o, warts_dealias *d)
{
	warts_dealias_midarest *m = &d->midarest;

	if (jg_u8(j, o, "rounds", &m->rounds) != 0 ||
	    d_us(j, o, "wait_probe", &m->wait_probe) != 0 ||
	    d_us(j, o, "wait_round", &m->wait_round) != 0 ||
	    d_us(j, o, "wait_timeout", &m->wait_timeout) != 0)
		return -1;
	return 0;
}

static int m_sched(struct j2w *j, json_t *o, warts_dealias_midardisc *m)
{
	json_t *a, *x;
	size_t i;

	if (d_array(j, o, "sched", UINT32_MAX, &a) != 0)
		return -1;
	if (json_array_size(a) == 0)
		return 0;
	if ((m->sched = calloc(json_array_size(a), sizeof(*m->sched))) == NULL)
		return j2w_fail(j, "out of memory");
	m->schedc = (uint32_t)json_array_size(a);
	json_array_foreach(a, i, x) {
		warts_dealias_midardisc_round *r = &m->sched[i];
		if (!json_is_object(x))
			return j2w_fail(j, "a \"sched\" round is not an "
			                "object");
		if (jg_tv(j, x, "start", &r->start) != 0 ||
		    jg_u32(j, x, "begin", &r->begin) != 0 ||
		    jg_u32(j, x, "end", &r->end) != 0)
			return -1;
	}
	return 0;
}

static int m_midardisc(struct j2w *j, json_t *o, warts_dealias *d)
{
	warts_dealias_midardisc *m = &d->midardisc;

	if (d_us(j, o, "wait_timeout", &m->wait_timeout) != 0 ||
	    m_sched(j, o, m) != 0)
		return -1;
	if (json_object_get(o, "startat") == NULL)
		return 0;
	if ((m->startat = calloc(1, sizeof(*m->startat))) == NULL)
		return j2w_fail(j, "out of memory");
	return jg_tv(j, o, "startat", m->startat);
}

/* A method this library does not know: the rest of the record as read. */
static int m_unknown(struct j2w *j, json_t *w, warts_dealias *d)
{
	if (w == NULL)
		return 0;
	if (jg_u32(j, w, "probec", &d->probec) != 0 ||
	    d_hex(j, w, "unknown", &d->unknown, &d->unknown_len) != 0)
		return -1;
	return 0;
}

static int method_read(struct j2w *j, json_t *o, json_t *w, warts_dealias *d)
{
	switch (d->method) {
	case WARTS_DEALIAS_MERCATOR:   return m_mercator(j, o, d);
	case WARTS_DEALIAS_ALLY:       return m_ally(j, o, d);
	case WARTS_DEALIAS_RADARGUN:   return m_radargun(j, o, w, d);
	case WARTS_DEALIAS_PREFIXSCAN: return m_prefixscan(j, o, w, d);
	case WARTS_DEALIAS_BUMP:       return m_bump(j, o, d);
	case WARTS_DEALIAS_MIDAREST:   return m_midarest(j, o, d);
	case WARTS_DEALIAS_MIDARDISC:  return m_midardisc(j, o, d);
	default:                       return m_unknown(j, w, d);
	}
}

/* ---- probedefs ------------------------------------------------------------ */

static const char *const probedef_method_names[] = {
	NULL, "icmp-echo", "tcp-ack", "udp", "tcp-ack-sport", "udp-dport",
	"tcp-syn-sport",
};

/* The protocol's fields, under the keys its protocol prints them with. */
static int probedef_proto(struct j2w *j, json_t *o, warts_dealias_probedef *p)
{
	if (warts_dealias_probedef_is_icmp(p))
		return jg_u16(j, o, "icmp_id", &p->icmp_id) != 0 ||
		       jg_u16(j, o, "icmp_csum", &p->icmp_csum) != 0 ? -1 : 0;
	if (warts_dealias_probedef_is_udp(p))
		return jg_u16(j, o, "udp_sport", &p->sport) != 0 ||
		       jg_u16(j, o, "udp_dport", &p->dport) != 0 ? -1 : 0;
	if (warts_dealias_probedef_is_tcp(p))
		return jg_u16(j, o, "tcp_sport", &p->sport) != 0 ||
		       jg_u16(j, o, "tcp_dport", &p->dport) != 0 ||
		       jg_u8(j, o, "tcp_flags", &p->tcp_flags) != 0 ? -1 : 0;
	return j2w_fail(j, "a probedef's method %u is unknown", p->method);
}

static int probedef_read(struct j2w *j, json_t *o, warts_dealias_probedef *p)
{
	json_t *w;

	if (!json_is_object(o))
		return j2w_fail(j, "a probedef is not an object");
	w = jg_warts(o);
	if (jg_u32(j, o, "id", &p->id) != 0 ||
	    jg_addr(j, o, "src", &p->src) != 0 ||
	    jg_addr(j, o, "dst", &p->dst) != 0 ||
	    jg_u8(j, o, "ttl", &p->ttl) != 0 ||
	    jg_u16(j, o, "size", &p->size) != 0 ||
	    d_name(j, o, "method", NAMES(probedef_method_names),
	           &p->method) != 0 ||
	    probedef_proto(j, o, p) != 0 ||
	    jg_u16(j, o, "mtu", &p->mtu) != 0 ||
	    (w != NULL && jg_u8(j, w, "tos", &p->tos) != 0))
		return -1;
	if (!warts_addr_isset(&p->dst))
		return j2w_fail(j, "a probedef has no \"dst\"");
	return 0;
}

static int probedefs_read(struct j2w *j, json_t *o, warts_dealias *d)
{
	json_t *a, *x;
	size_t i;

	if (d_array(j, o, "probedefs", UINT32_MAX, &a) != 0)
		return -1;
	json_array_foreach(a, i, x) {
		warts_dealias_probedef *p = warts_dealias_probedef_add(d);
		if (p == NULL)
			return j2w_fail(j, "out of memory");
		if (probedef_read(j, x, p) != 0)
			return -1;
	}
	return 0;
}

/* ---- probes and replies --------------------------------------------------- */

static int icmpext_read(struct j2w *j, json_t *w, warts_icmpexts *x)
{
	json_t *a, *e;
	size_t i;

	if (d_array(j, w, "icmpext", UINT16_MAX, &a) != 0)
		return -1;
	if (json_array_size(a) == 0)
		return 0;
	if ((x->ext = calloc(json_array_size(a), sizeof(*x->ext))) == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, e) {
		warts_icmpext *ie = &x->ext[i];
		x->count = (uint16_t)(i + 1); /* so that a failure frees it */
		if (!json_is_object(e))
			return j2w_fail(j, "an \"icmpext\" is not an object");
		if (jg_u8(j, e, "class_num", &ie->class_num) != 0 ||
		    jg_u8(j, e, "class_type", &ie->class_type) != 0 ||
		    jg_hex(j, e, "data", &ie->data, &ie->len) != 0)
			return -1;
	}
	return 0;
}

/*
 * The JSON prints an IP-ID for an IPv4 source always and for others only
 * with flags IPID32, so a printed one from a source that is not IPv4
 * means that flag; -A's "flags" and "ipid" say the rest.
 */
static int reply_read(struct j2w *j, json_t *o, warts_dealias_reply *r)
{
	json_t *w;

	if (!json_is_object(o))
		return j2w_fail(j, "a reply is not an object");
	w = jg_warts(o);
	if (jg_addr(j, o, "src", &r->src) != 0 ||
	    jg_tv(j, o, "rx", &r->rx) != 0 ||
	    jg_u8(j, o, "ttl", &r->ttl) != 0 ||
	    jg_u16(j, o, "size", &r->size) != 0 ||
	    jg_u32(j, o, "ipid", &r->ipid) != 0 ||
	    jg_u8(j, o, "proto", &r->proto) != 0)
		return -1;
	if (!warts_addr_isset(&r->src))
		return j2w_fail(j, "a reply has no \"src\"");
	if (r->src.type != WARTS_ADDR_IPV4 &&
	    json_object_get(o, "ipid") != NULL)
		r->flags = WARTS_DEALIAS_REPLY_IPID32;
	if (json_object_get(o, "proto") == NULL)
		r->proto = r->src.type == WARTS_ADDR_IPV4 ? 1 : 58;
	if (warts_dealias_reply_is_icmp(r)) {
		if (jg_u8(j, o, "icmp_type", &r->icmp_type) != 0 ||
		    jg_u8(j, o, "icmp_code", &r->icmp_code) != 0 ||
		    jg_u8(j, o, "icmp_q_ttl", &r->icmp_q_ttl) != 0)
			return -1;
	} else if (r->proto == 6 &&
	           jg_u8(j, o, "tcp_flags", &r->tcp_flags) != 0) {
		return -1;
	}
	if (w != NULL && (jg_u8(j, w, "flags", &r->flags) != 0 ||
	                  jg_u32(j, w, "ipid", &r->ipid) != 0 ||
	                  jg_u8(j, w, "icmp_q_ttl", &r->icmp_q_ttl) != 0 ||
	                  icmpext_read(j, w, &r->icmpext) != 0))
		return -1;
	if (r->src.type == WARTS_ADDR_IPV4 && r->ipid > UINT16_MAX)
		return j2w_fail(j, "an IPv4 reply's \"ipid\" is over 16 bits");
	return 0;
}

/*
 * The probedef a probe names by id: the one at that index when its id
 * matches (always, for scamper's files), else the first with that id.
 */
static int probe_def(struct j2w *j, json_t *o, const warts_dealias *d,
                     uint32_t *def)
{
	uint32_t id = 0;

	if (json_object_get(o, "probedef_id") == NULL)
		return 0;
	if (jg_u32(j, o, "probedef_id", &id) != 0)
		return -1;
	if (id < d->probedefc && d->probedefs[id].id == id) {
		*def = id;
		return 0;
	}
	for (uint32_t i = 0; i < d->probedefc; i++)
		if (d->probedefs[i].id == id) {
			*def = i;
			return 0;
		}
	return j2w_fail(j, "a probe names probedef %u, which is not there",
	                id);
}

static int probe_read(struct j2w *j, json_t *o, warts_dealias *d,
                      warts_dealias_probe *p)
{
	json_t *w, *a, *x;
	size_t i;

	if (!json_is_object(o))
		return j2w_fail(j, "a probe is not an object");
	w = jg_warts(o);
	if (probe_def(j, o, d, &p->def) != 0 ||
	    (w != NULL && jg_u32(j, w, "def", &p->def) != 0) ||
	    jg_u32(j, o, "seq", &p->seq) != 0 ||
	    jg_tv(j, o, "tx", &p->tx) != 0 ||
	    jg_u16(j, o, "ipid", &p->ipid) != 0 ||
	    d_array(j, o, "replies", UINT16_MAX, &a) != 0)
		return -1;
	if (p->def >= d->probedefc)
		return j2w_fail(j, "a probe's probedef %u is not there",
		                p->def);
	json_array_foreach(a, i, x) {
		warts_dealias_reply *r = warts_dealias_reply_add(p);
		if (r == NULL)
			return j2w_fail(j, "out of memory");
		if (reply_read(j, x, r) != 0)
			return -1;
	}
	return 0;
}

static int probes_read(struct j2w *j, json_t *o, warts_dealias *d)
{
	json_t *a, *x;
	size_t i;

	if (d_array(j, o, "probes", UINT32_MAX, &a) != 0)
		return -1;
	json_array_foreach(a, i, x) {
		warts_dealias_probe *p = warts_dealias_probe_add(d, 0);
		if (p == NULL)
			return j2w_fail(j, "out of memory");
		if (probe_read(j, x, d, p) != 0)
			return -1;
	}
	return 0;
}

/* ---- the measurement -------------------------------------------------------- */

static const char *const method_names[] = {
	NULL, "mercator", "ally", "radargun", "prefixscan", "bump",
	"midarest", "midardisc",
};

static const char *const result_names[] = {
	"none", "aliases", "not-aliases", "halted", "ipid-echo", "error",
};

static int dealias_fill(struct j2w *j, json_t *o, warts_dealias *d)
{
	json_t *w = jg_warts(o);

	if (j2w_refs(j, o, &d->list, &d->cycle) != 0 ||
	    d_name(j, o, "method", NAMES(method_names), &d->method) != 0 ||
	    jg_u32(j, o, "userid", &d->userid) != 0 ||
	    d_name(j, o, "result", NAMES(result_names), &d->result) != 0 ||
	    jg_tv(j, o, "start", &d->start) != 0 ||
	    d_str(j, o, w, "errmsg", &d->errmsg) != 0 ||
	    (w != NULL && jg_u8(j, w, "style", &d->style) != 0))
		return -1;
	if (d->style > WARTS_STYLE_2021)
		return j2w_fail(j, "\"style\" is %u, not 0 or 1", d->style);
	if (method_read(j, o, w, d) != 0)
		return -1;
	if (warts_dealias_method_name(d->method) == NULL)
		return 0; /* nothing else is kept for an unknown method */
	if (probedefs_read(j, o, d) != 0 || probes_read(j, o, d) != 0)
		return -1;
	return 0;
}

int j2w_dealias(struct j2w *j, json_t *o, void **out)
{
	warts_dealias *d = warts_dealias_alloc();

	*out = NULL;
	if (d == NULL)
		return j2w_fail(j, "out of memory");
	if (dealias_fill(j, o, d) != 0) {
		warts_dealias_free(d);
		return -1;
	}
	*out = d;
	return 0;
}
