/*
 * j2w_host.c: host (DNS) objects from JSON.
 *
 * Classes, types, stop reasons and rcodes are printed by name or, where
 * scamper has none, as a number in a string; both read back.  Counts
 * ("qcount", "ancount", "strc", ...) are the lengths of the arrays that
 * follow them, so the arrays are what is read.  An RR's data is read when
 * the keys of the data kind its class and type call for are there; an
 * RR without them has none.
 *
 * From sc_warts2json -A, the "warts" objects give what the keys cannot:
 * the measurement's unnamed flag bits and 2021 encoding, a query's rcode
 * and response flags when they are not printed, and the bytes of strings
 * that are not plain ASCII, as hex under the struct field's name (JSON's
 * \u00XX for a byte that is not UTF-8 reads back as a character).
 */
#include <stdlib.h>
#include <string.h>

#include "warts/host.h"

#include "j2w.h"

/* ---- small readers ------------------------------------------------------ */

/* Hex from w[key] into a new NUL-terminated string; NUL inside is refused. */
static int hex_str(struct j2w *j, json_t *w, const char *key, char **v)
{
	uint8_t *b = NULL;
	uint16_t n = 0;
	char *s;

	if (jg_hex(j, w, key, &b, &n) != 0)
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

/* The string o[key], or its bytes from the -A hex in w[wkey]. */
static int h_str(struct j2w *j, json_t *o, const char *key, json_t *w,
                 const char *wkey, char **v)
{
	if (w != NULL && json_object_get(w, wkey) != NULL)
		return hex_str(j, w, wkey, v);
	return jg_str(j, o, key, v);
}

/*
 * A value printed as a name from names[] (its index) or as a number,
 * quoted or not, up to max.  The first name that matches wins (scamper
 * prints several rcodes alike; -A says which).
 */
static int h_name(struct j2w *j, json_t *o, const char *key,
                  const char *const *names, size_t n, uint32_t max,
                  uint32_t *v)
{
	json_t *x = json_object_get(o, key);
	const char *s;
	char *end;
	unsigned long u;

	if (x == NULL)
		return 0;
	if (json_is_integer(x)) {
		if (json_integer_value(x) < 0 ||
		    (uint64_t)json_integer_value(x) > max)
			return j2w_fail(j, "\"%s\" is out of range", key);
		*v = (uint32_t)json_integer_value(x);
		return 0;
	}
	if ((s = json_string_value(x)) == NULL)
		return j2w_fail(j, "\"%s\" is not a string", key);
	for (size_t i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0) {
			*v = (uint32_t)i;
			return 0;
		}
	u = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || u > max)
		return j2w_fail(j, "\"%s\": unknown value \"%s\"", key, s);
	*v = (uint32_t)u;
	return 0;
}

static int h_name16(struct j2w *j, json_t *o, const char *key,
                    const char *const *names, size_t n, uint16_t *v)
{
	uint32_t x = *v;
	if (h_name(j, o, key, names, n, UINT16_MAX, &x) != 0)
		return -1;
	*v = (uint16_t)x;
	return 0;
}

static int h_name8(struct j2w *j, json_t *o, const char *key,
                   const char *const *names, size_t n, uint8_t *v)
{
	uint32_t x = *v;
	if (h_name(j, o, key, names, n, UINT8_MAX, &x) != 0)
		return -1;
	*v = (uint8_t)x;
	return 0;
}

/* An array of names, each setting the bit of its index in names[]. */
static int h_bits(struct j2w *j, json_t *o, const char *key,
                  const char *const *names, size_t n, uint32_t *v)
{
	json_t *a = json_object_get(o, key), *x;
	size_t i, k;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return j2w_fail(j, "\"%s\" is not an array", key);
	json_array_foreach(a, i, x) {
		const char *s = json_string_value(x);
		for (k = 0; s != NULL && k < n; k++)
			if (names[k] != NULL && strcmp(names[k], s) == 0)
				break;
		if (s == NULL || k == n)
			return j2w_fail(j, "\"%s\": unknown flag", key);
		*v |= 1u << k;
	}
	return 0;
}

/* An optional array; NULL (and no error) when absent. */
static int h_array(struct j2w *j, json_t *o, const char *key, size_t max,
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

/* ---- names, as host_json.c prints them ---------------------------------- */

static const char *const class_names[] = {
	[WARTS_HOST_CLASS_IN] = "IN", [WARTS_HOST_CLASS_CH] = "CH",
};

static const char *const type_names[] = {
	[WARTS_HOST_TYPE_A] = "A",          [WARTS_HOST_TYPE_NS] = "NS",
	[WARTS_HOST_TYPE_CNAME] = "CNAME",  [WARTS_HOST_TYPE_SOA] = "SOA",
	[WARTS_HOST_TYPE_PTR] = "PTR",      [WARTS_HOST_TYPE_MX] = "MX",
	[WARTS_HOST_TYPE_TXT] = "TXT",      [WARTS_HOST_TYPE_AAAA] = "AAAA",
	[WARTS_HOST_TYPE_OPT] = "OPT",      [WARTS_HOST_TYPE_DS] = "DS",
	[WARTS_HOST_TYPE_SSHFP] = "SSHFP",  [WARTS_HOST_TYPE_RRSIG] = "RRSIG",
	[WARTS_HOST_TYPE_NSEC] = "NSEC",    [WARTS_HOST_TYPE_DNSKEY] = "DNSKEY",
	[WARTS_HOST_TYPE_SVCB] = "SVCB",    [WARTS_HOST_TYPE_HTTPS] = "HTTPS",
};

/* scamper's table as it prints it: 12 to 15 are all "(null)" */
static const char *const rcode_names[] = {
	"NoError", "FormErr", "ServFail", "NXDomain",
	"NotImp", "Refused", "YXDomain", "YXRRSet",
	"NXRRSet", "NotAuth", "NotZone", "DSOTYPENI",
	"(null)", "(null)", "(null)", "(null)",
	"BADVERS", "BADKEY", "BADTIME", "BADMODEBADNAME",
	"BADALG", "BADTRUNC", "BADCOOKIE",
};

static const char *const stop_names[] = {
	"NONE", "DONE", "TIMEOUT", "HALTED", "ERROR",
};

static const char *const qflag_names[] = {
	"CD", "AD", "Z", "RA", "RD", "TC", "AA", "0x80",
};

static const char *const flag_names[] = { "norecurse", "tcp", "nsid" };

#define NAMES(t) (t), sizeof(t) / sizeof((t)[0])

/* ---- RR data ------------------------------------------------------------- */

static int has_any(json_t *o, const char *const *keys)
{
	for (; *keys != NULL; keys++)
		if (json_object_get(o, *keys) != NULL)
			return 1;
	return 0;
}

/* [{"<k>":N, "<v>":"<hex>"}, ...]: OPT options or SVCB parameters. */
static int rr_elems(struct j2w *j, json_t *o, const char *key,
                    const char *k, const char *v, warts_host_rr_elem **out,
                    uint16_t *count)
{
	json_t *a, *x;
	size_t i;

	if (h_array(j, o, key, UINT16_MAX, &a) != 0)
		return -1;
	if (json_array_size(a) == 0)
		return 0;
	if ((*out = calloc(json_array_size(a), sizeof(**out))) == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, x) {
		warts_host_rr_elem *el = &(*out)[i];
		*count = (uint16_t)(i + 1); /* so that a failure frees it */
		if (!json_is_object(x))
			return j2w_fail(j, "a member of \"%s\" is not an "
			                "object", key);
		if (jg_u16(j, x, k, &el->code) != 0 ||
		    jg_hex(j, x, v, &el->data, &el->len) != 0)
			return -1;
	}
	return 0;
}

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

/* n hex digits as n / 2 new bytes (at least one allocated), or NULL. */
static uint8_t *hex_bytes(const char *s, size_t n)
{
	uint8_t *b;

	if (n % 2 != 0 || (b = malloc(n / 2 + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexdigit(s[2 * i]), lo = hexdigit(s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(b);
			return NULL;
		}
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	return b;
}

/*
 * The bytes of UTF-8 text whose characters are all U+00FF or below, one
 * byte each, or NULL.  JSON cannot say whether "\u00e9" stood for the
 * byte 0xe9 (not UTF-8, so escaped) or the character; UTF-8 is the
 * reading we take, but a TXT string too long for it must have been
 * bytes.
 */
static uint8_t *latin1(const char *s, size_t n, size_t *len)
{
	uint8_t *b = malloc(n + 1);
	size_t k = 0;

	for (size_t i = 0; b != NULL && i < n; i++) {
		uint8_t c = (uint8_t)s[i];
		if (c < 0x80) {
			b[k++] = c;
		} else if ((c == 0xc2 || c == 0xc3) && i + 1 < n &&
		           ((uint8_t)s[i + 1] & 0xc0) == 0x80) {
			b[k++] = (uint8_t)((c & 0x03) << 6 | (s[++i] & 0x3f));
		} else {
			free(b);
			return NULL;
		}
	}
	*len = k;
	return b;
}

/* "strs": JSON strings (any byte but those -A gives as hex), up to 255
 * bytes each. */
static int rr_txt(struct j2w *j, json_t *o, json_t *w, warts_host_rr_txt *t)
{
	int hex = w != NULL && json_object_get(w, "strs") != NULL;
	json_t *a, *x;
	size_t i;

	if (h_array(j, hex ? w : o, "strs", UINT16_MAX, &a) != 0)
		return -1;
	if (json_array_size(a) == 0)
		return 0;
	if ((t->strs = calloc(json_array_size(a), sizeof(*t->strs))) == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, x) {
		warts_host_txtstr *s = &t->strs[i];
		const char *p = json_string_value(x);
		size_t n = json_string_length(x);
		uint8_t *b = NULL;

		t->strc = (uint16_t)(i + 1); /* so that a failure frees it */
		if (p == NULL)
			return j2w_fail(j, "a TXT string is not a string");
		if (hex) {
			if ((b = hex_bytes(p, n)) == NULL)
				return j2w_fail(j, "a TXT string's hex is not "
				                "hex");
			p = (const char *)b;
			n /= 2;
		}
		if (n > UINT8_MAX && !hex && (b = latin1(p, n, &n)) != NULL)
			p = (const char *)b;
		if (n > UINT8_MAX) {
			free(b);
			return j2w_fail(j, "a TXT string is over 255 bytes");
		}
		if ((s->data = malloc(n + 1)) == NULL) {
			free(b);
			return j2w_fail(j, "out of memory");
		}
		if (n > 0)
			memcpy(s->data, p, n);
		s->data[n] = '\0';
		s->len = (uint8_t)n;
		free(b);
	}
	return 0;
}

static int rr_soa(struct j2w *j, json_t *o, json_t *w, warts_host_rr *rr)
{
	warts_host_rr_soa *soa;

	if ((soa = rr->data.soa = calloc(1, sizeof(*soa))) == NULL)
		return j2w_fail(j, "out of memory");
	rr->kind = WARTS_HOST_RR_SOA;
	if (h_str(j, o, "mname", w, "mname", &soa->mname) != 0 ||
	    h_str(j, o, "rname", w, "rname", &soa->rname) != 0 ||
	    jg_u32(j, o, "serial", &soa->serial) != 0 ||
	    jg_u32(j, o, "refresh", &soa->refresh) != 0 ||
	    jg_u32(j, o, "retry", &soa->retry) != 0 ||
	    jg_u32(j, o, "expire", &soa->expire) != 0 ||
	    jg_u32(j, o, "minimum", &soa->minimum) != 0)
		return -1;
	if (soa->mname == NULL || soa->rname == NULL)
		return j2w_fail(j, "an SOA RR needs \"mname\" and \"rname\"");
	return 0;
}

static int rr_mx(struct j2w *j, json_t *o, json_t *w, warts_host_rr *rr)
{
	warts_host_rr_mx *mx;

	if ((mx = rr->data.mx = calloc(1, sizeof(*mx))) == NULL)
		return j2w_fail(j, "out of memory");
	rr->kind = WARTS_HOST_RR_MX;
	if (jg_u16(j, o, "preference", &mx->preference) != 0 ||
	    h_str(j, o, "exchange", w, "exchange", &mx->exchange) != 0)
		return -1;
	if (mx->exchange == NULL)
		return j2w_fail(j, "an MX RR needs \"exchange\"");
	return 0;
}

static int rr_str(struct j2w *j, json_t *o, json_t *w, warts_host_rr *rr)
{
	static const char *const keys[] = { "nsdname", "cname", "ptrdname" };
	const char *key = keys[0];

	for (size_t i = 0; i < 3; i++)
		if (json_object_get(o, keys[i]) != NULL)
			key = keys[i];
	rr->kind = WARTS_HOST_RR_STR;
	if (h_str(j, o, key, w, "str", &rr->data.str) != 0)
		return -1;
	if (rr->data.str == NULL)
		return j2w_fail(j, "an RR's name data is missing");
	return 0;
}

static int rr_txt_data(struct j2w *j, json_t *o, json_t *w,
                       warts_host_rr *rr)
{
	if ((rr->data.txt = calloc(1, sizeof(*rr->data.txt))) == NULL)
		return j2w_fail(j, "out of memory");
	rr->kind = WARTS_HOST_RR_TXT;
	return rr_txt(j, o, w, rr->data.txt);
}

static int rr_opt(struct j2w *j, json_t *o, warts_host_rr *rr)
{
	warts_host_rr_opt *opt;

	if ((opt = rr->data.opt = calloc(1, sizeof(*opt))) == NULL)
		return j2w_fail(j, "out of memory");
	rr->kind = WARTS_HOST_RR_OPT;
	return rr_elems(j, o, "elems", "code", "data", &opt->elems,
	                &opt->elemc);
}

static int rr_svcb(struct j2w *j, json_t *o, json_t *w, warts_host_rr *rr)
{
	warts_host_rr_svcb *svcb;

	if ((svcb = rr->data.svcb = calloc(1, sizeof(*svcb))) == NULL)
		return j2w_fail(j, "out of memory");
	rr->kind = WARTS_HOST_RR_SVCB;
	if (jg_u16(j, o, "priority", &svcb->priority) != 0 ||
	    h_str(j, o, "target", w, "target", &svcb->target) != 0)
		return -1;
	return rr_elems(j, o, "params", "key", "val", &svcb->params,
	                &svcb->paramc);
}

/* The data its class and type call for, when its keys are there. */
static int rr_data(struct j2w *j, json_t *o, json_t *w, warts_host_rr *rr)
{
	static const char *const addr[] = { "address", NULL };
	static const char *const str[] = { "nsdname", "cname", "ptrdname",
	                                   NULL };
	static const char *const soa[] = { "mname", "rname", "serial", NULL };
	static const char *const mx[] = { "preference", "exchange", NULL };
	static const char *const txt[] = { "strc", "strs", NULL };
	static const char *const opt[] = { "elemc", "elems", NULL };
	static const char *const svcb[] = { "priority", "target", "paramc",
	                                    "params", NULL };

	switch (warts_host_rr_data_kind(rr->rrclass, rr->rrtype)) {
	case WARTS_HOST_RR_ADDR:
		if (!has_any(o, addr))
			return 0;
		rr->kind = WARTS_HOST_RR_ADDR;
		if (jg_addr(j, o, "address", &rr->data.addr) != 0)
			return -1;
		return 0;
	case WARTS_HOST_RR_STR:
		return has_any(o, str) ? rr_str(j, o, w, rr) : 0;
	case WARTS_HOST_RR_SOA:
		return has_any(o, soa) ? rr_soa(j, o, w, rr) : 0;
	case WARTS_HOST_RR_MX:
		return has_any(o, mx) ? rr_mx(j, o, w, rr) : 0;
	case WARTS_HOST_RR_TXT:
		return has_any(o, txt) ? rr_txt_data(j, o, w, rr) : 0;
	case WARTS_HOST_RR_OPT:
		return has_any(o, opt) ? rr_opt(j, o, rr) : 0;
	case WARTS_HOST_RR_SVCB:
		return has_any(o, svcb) ? rr_svcb(j, o, w, rr) : 0;
	default:
		return 0;
	}
}

static int rr_read(struct j2w *j, json_t *o, warts_host_rr *rr)
{
	json_t *w;

	if (!json_is_object(o))
		return j2w_fail(j, "an RR is not an object");
	w = jg_warts(o);
	if (h_name16(j, o, "class", NAMES(class_names), &rr->rrclass) != 0 ||
	    h_name16(j, o, "type", NAMES(type_names), &rr->rrtype) != 0 ||
	    jg_u32(j, o, "ttl", &rr->ttl) != 0 ||
	    h_str(j, o, "name", w, "name", &rr->name) != 0)
		return -1;
	if (rr->name == NULL)
		return j2w_fail(j, "an RR has no \"name\"");
	return rr_data(j, o, w, rr);
}

/* One section ("an", "ns", "ar") of a query. */
static int section_read(struct j2w *j, json_t *o, const char *key,
                        warts_host_query *q, enum warts_host_section sec)
{
	json_t *a, *x;
	size_t i;

	if (h_array(j, o, key, UINT16_MAX, &a) != 0)
		return -1;
	json_array_foreach(a, i, x) {
		warts_host_rr *rr = warts_host_rr_add(q, sec);
		if (rr == NULL)
			return j2w_fail(j, "out of memory");
		if (rr_read(j, x, rr) != 0)
			return -1;
	}
	return 0;
}

/* ---- queries and the measurement ---------------------------------------- */

static int query_read(struct j2w *j, json_t *o, warts_host_query *q)
{
	json_t *w;
	uint32_t flags = 0;

	if (!json_is_object(o))
		return j2w_fail(j, "a query is not an object");
	w = jg_warts(o);
	if (jg_u16(j, o, "id", &q->id) != 0 ||
	    jg_tv(j, o, "tx", &q->tx) != 0 ||
	    jg_tv(j, o, "rx", &q->rx) != 0 ||
	    h_name8(j, o, "rcode", NAMES(rcode_names), &q->rcode) != 0 ||
	    h_bits(j, o, "flags", NAMES(qflag_names), &flags) != 0)
		return -1;
	q->flags = (uint8_t)flags;
	if (w != NULL && (jg_u8(j, w, "rcode", &q->rcode) != 0 ||
	                  jg_u8(j, w, "flags", &q->flags) != 0))
		return -1;
	if (section_read(j, o, "an", q, WARTS_HOST_SECTION_AN) != 0 ||
	    section_read(j, o, "ns", q, WARTS_HOST_SECTION_NS) != 0 ||
	    section_read(j, o, "ar", q, WARTS_HOST_SECTION_AR) != 0)
		return -1;
	return 0;
}

static int queries_read(struct j2w *j, json_t *o, warts_host *h)
{
	json_t *a, *x;
	size_t i;

	if (h_array(j, o, "queries", UINT8_MAX, &a) != 0)
		return -1;
	json_array_foreach(a, i, x) {
		warts_host_query *q = warts_host_query_add(h);
		if (q == NULL)
			return j2w_fail(j, "out of memory");
		if (query_read(j, x, q) != 0)
			return -1;
	}
	return 0;
}

static int host_fill(struct j2w *j, json_t *o, warts_host *h)
{
	json_t *w = jg_warts(o);
	uint32_t flags = 0;

	if (j2w_refs(j, o, &h->list, &h->cycle) != 0 ||
	    jg_addr(j, o, "src", &h->src) != 0 ||
	    jg_addr(j, o, "dst", &h->dst) != 0 ||
	    jg_u32(j, o, "userid", &h->userid) != 0 ||
	    jg_tv(j, o, "start", &h->start) != 0 ||
	    h_str(j, o, "errmsg", w, "errmsg", &h->errmsg) != 0 ||
	    h_bits(j, o, "flags", NAMES(flag_names), &flags) != 0 ||
	    jg_u16(j, o, "wait", &h->wait_timeout) != 0 ||
	    jg_u8(j, o, "retries", &h->retries) != 0 ||
	    h_name8(j, o, "stop", NAMES(stop_names), &h->stop_reason) != 0 ||
	    h_str(j, o, "qname", w, "qname", &h->qname) != 0 ||
	    h_name16(j, o, "qclass", NAMES(class_names), &h->qclass) != 0 ||
	    h_name16(j, o, "qtype", NAMES(type_names), &h->qtype) != 0 ||
	    h_str(j, o, "ecs", w, "ecs", &h->ecs) != 0)
		return -1;
	h->flags = (uint16_t)flags;
	if (w != NULL && (jg_u16(j, w, "flags", &h->flags) != 0 ||
	                  jg_u8(j, w, "style", &h->style) != 0))
		return -1;
	if (h->style > WARTS_STYLE_2021)
		return j2w_fail(j, "\"style\" is %u, not 0 or 1", h->style);
	if (!warts_addr_isset(&h->dst))
		return j2w_fail(j, "no \"dst\"");
	return queries_read(j, o, h);
}

int j2w_host(struct j2w *j, json_t *o, void **out)
{
	warts_host *h = warts_host_alloc();

	*out = NULL;
	if (h == NULL)
		return j2w_fail(j, "out of memory");
	if (host_fill(j, o, h) != 0) {
		warts_host_free(h);
		return -1;
	}
	*out = h;
	return 0;
}
