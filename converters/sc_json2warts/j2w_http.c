/*
 * j2w_http.c: http objects from JSON (libwarts/src/http/http_json.c
 * describes the keys).
 *
 * Every field is printed by default, so scamper's JSON and ours with -A
 * read the same way; -A's "warts" object adds the list and cycle and the
 * bytes of any string that is not valid UTF-8 (its "<key>_hex" replaces
 * the escaped string).  "url", "status_code" and "bufc" are derived from
 * other keys and are not read; nor is "monitor", which belongs to the
 * list.  A buffer's "len" is its bytes' count whenever it has bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/http.h"

#include "j2w.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The names http_json.c prints; a value past a table is a number. */
static const char *const scheme_names[] = { "https", "http" };
static const char *const stop_names[] = {
	"none", "halted", "noconn", "done", "error", "timeout", "insecure",
};
static const char *const ech_names[] = {
	"none", "unknown", "failed", "success", "grease", "grease-ech",
	"backend", "bad-call", "not-tried", "bad-name", "not-configured",
	"failed-ech", "failed-ech-bad-name",
};
static const char *const dir_names[] = { "rx", "tx" };
static const char *const buftype_names[] = { "data", "hdr", "tls" };
static const char *const flag_names[] = { "insecure", "grease" };

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

/*
 * The hex string x (named what, for messages) as at most max new bytes,
 * NUL-terminated so that a string can be made of them (*len does not
 * count the NUL).
 */
static int hex_value(struct j2w *j, json_t *x, const char *what, size_t max,
                     uint8_t **p, size_t *len)
{
	const char *s;
	size_t n;
	uint8_t *b;

	if (!json_is_string(x))
		return j2w_fail(j, "\"%s\" is not a hex string", what);
	s = json_string_value(x);
	n = json_string_length(x);
	if (n % 2 != 0 || n / 2 > max)
		return j2w_fail(j, "\"%s\" is not a whole number of hex bytes "
		                "(at most %zu)", what, max);
	if ((b = malloc(n / 2 + 1)) == NULL)
		return j2w_fail(j, "out of memory");
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(b);
			return j2w_fail(j, "\"%s\" is not hex", what);
		}
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	b[n / 2] = '\0';
	*p = b;
	*len = n / 2;
	return 0;
}

/* The hex string at key, as hex_value; absent: 0 with *p NULL. */
static int get_hex(struct j2w *j, json_t *o, const char *key, size_t max,
                   uint8_t **p, size_t *len)
{
	json_t *x = json_object_get(o, key);

	*p = NULL;
	*len = 0;
	return x == NULL ? 0 : hex_value(j, x, key, max, p, len);
}

/* A string given as the hex of its bytes, into *v (replacing it). */
static int strhex_value(struct j2w *j, json_t *x, const char *what, char **v)
{
	uint8_t *b;
	size_t n;

	if (hex_value(j, x, what, SIZE_MAX / 2, &b, &n) != 0)
		return -1;
	if (memchr(b, '\0', n) != NULL) {
		free(b);
		return j2w_fail(j, "\"%s\" holds a NUL, which warts strings "
		                "cannot", what);
	}
	free(*v);
	*v = (char *)b;
	return 0;
}

static int get_strhex(struct j2w *j, json_t *o, const char *key, char **v)
{
	json_t *x = json_object_get(o, key);
	return x == NULL ? 0 : strhex_value(j, x, key, v);
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

static void headers_clear(warts_http *h)
{
	if (h->headers != NULL)
		for (unsigned i = 0; i < h->headerc; i++)
			free(h->headers[i]);
	free(h->headers);
	h->headers = NULL;
	h->headerc = 0;
}

/* "headers":["Name: value",...] */
static int get_headers(struct j2w *j, json_t *o, warts_http *h)
{
	json_t *a, *x;
	size_t i;

	if (get_array(j, o, "headers", UINT8_MAX, &a) != 0)
		return -1;
	if (a == NULL)
		return 0;
	headers_clear(h);
	json_array_foreach(a, i, x) {
		if (!json_is_string(x) ||
		    strlen(json_string_value(x)) != json_string_length(x))
			return j2w_fail(j, "\"headers\" %zu is not a string "
			                "without NULs", i);
		if (warts_http_header_add(h, json_string_value(x)) != 0)
			return j2w_fail(j, "out of memory");
	}
	return 0;
}

/* -A's "headers_hex":["<hex>",...], which replaces "headers". */
static int get_headers_hex(struct j2w *j, json_t *w, warts_http *h)
{
	json_t *a;
	size_t n;

	if (get_array(j, w, "headers_hex", UINT8_MAX, &a) != 0)
		return -1;
	if (a == NULL)
		return 0;
	headers_clear(h);
	n = json_array_size(a);
	if (n > 0 && (h->headers = calloc(n, sizeof(*h->headers))) == NULL)
		return j2w_fail(j, "out of memory");
	h->headerc = (uint8_t)n;
	for (size_t i = 0; i < n; i++)
		if (strhex_value(j, json_array_get(a, i), "headers_hex",
		                 &h->headers[i]) != 0)
			return -1;
	return 0;
}

/* "flags":["insecure","grease",N,...]: names, or a bit's value. */
static int get_flags(struct j2w *j, json_t *o, uint32_t *flags)
{
	json_t *a, *x;
	size_t i;

	if (get_array(j, o, "flags", 32, &a) != 0)
		return -1;
	if (a == NULL)
		return 0;
	*flags = 0;
	json_array_foreach(a, i, x) {
		json_int_t v;
		size_t k;

		if (json_is_string(x)) {
			for (k = 0; k < NELEM(flag_names); k++)
				if (strcmp(json_string_value(x),
				           flag_names[k]) == 0)
					break;
			if (k == NELEM(flag_names))
				return j2w_fail(j, "\"flags\": unknown flag "
				                "\"%s\"", json_string_value(x));
			*flags |= (uint32_t)1 << k;
			continue;
		}
		if (!json_is_integer(x) || (v = json_integer_value(x)) < 0 ||
		    v > UINT32_MAX)
			return j2w_fail(j, "\"flags\" %zu is neither a name "
			                "nor a 32-bit number", i);
		*flags |= (uint32_t)v;
	}
	return 0;
}

/* An ECH attribute's bytes, as hex. */
static int get_attr(struct j2w *j, json_t *o, const char *key,
                    uint8_t **data, uint32_t *len)
{
	uint8_t *b;
	size_t n;

	if (get_hex(j, o, key, UINT32_MAX, &b, &n) != 0)
		return -1;
	if (b == NULL)
		return 0;
	free(*data);
	*data = n > 0 ? b : NULL;
	*len = (uint32_t)n;
	if (n == 0)
		free(b);
	return 0;
}

/* A buffer's bytes: "data", an escaped string, or "hex". */
static int get_buf_bytes(struct j2w *j, json_t *o, warts_http_buf *b)
{
	json_t *x = json_object_get(o, "data");
	uint8_t *p = NULL;
	size_t n = 0;

	if (x != NULL && json_object_get(o, "hex") != NULL)
		return j2w_fail(j, "a buffer has both \"data\" and \"hex\"");
	if (x == NULL) {
		if (get_hex(j, o, "hex", UINT16_MAX, &p, &n) != 0)
			return -1;
		if (p == NULL)
			return 0;
	} else {
		if (!json_is_string(x))
			return j2w_fail(j, "\"data\" is not a string");
		if ((n = json_string_length(x)) > UINT16_MAX)
			return j2w_fail(j, "\"data\" has %zu bytes, more than "
			                "65535", n);
		if ((p = malloc(n + 1)) == NULL)
			return j2w_fail(j, "out of memory");
		memcpy(p, json_string_value(x), n);
	}
	/* no bytes is no data, as the reader has it */
	if (n == 0) {
		free(p);
		p = NULL;
	}
	b->data = p;
	b->len = (uint16_t)n;
	return 0;
}

static int get_buf(struct j2w *j, json_t *o, warts_http_buf *b)
{
	if (!json_is_object(o))
		return j2w_fail(j, "a buffer is not an object");
	if (jg_enum(j, o, "dir", dir_names, NELEM(dir_names), &b->dir) != 0 ||
	    jg_enum(j, o, "type", buftype_names, NELEM(buftype_names),
	            &b->type) != 0 ||
	    jg_tv(j, o, "tv", &b->tv) != 0 ||
	    jg_u16(j, o, "len", &b->len) != 0 ||
	    get_buf_bytes(j, o, b) != 0)
		return -1;
	/* warts packs both into one byte */
	if (b->dir > 1 || b->type > 0x7f)
		return j2w_fail(j, "a buffer's dir %u / type %u do not fit "
		                "warts", b->dir, b->type);
	return 0;
}

static int get_bufs(struct j2w *j, json_t *o, warts_http *h)
{
	json_t *a;
	size_t n;

	if (get_array(j, o, "bufs", UINT32_MAX, &a) != 0)
		return -1;
	if (a == NULL || (n = json_array_size(a)) == 0)
		return 0;
	/* zeroed, and counted at once, so that freeing h frees them */
	if ((h->bufs = calloc(n, sizeof(*h->bufs))) == NULL)
		return j2w_fail(j, "out of memory");
	h->bufc = (uint32_t)n;
	for (size_t i = 0; i < n; i++)
		if (get_buf(j, json_array_get(a, i), &h->bufs[i]) != 0)
			return -1;
	return 0;
}

/* -A's "warts" object: the bytes of strings JSON could not carry. */
static int get_warts(struct j2w *j, json_t *w, warts_http *h)
{
	if (w == NULL)
		return 0;
	if (get_strhex(j, w, "host_hex", &h->host) != 0 ||
	    get_strhex(j, w, "file_hex", &h->file) != 0 ||
	    get_strhex(j, w, "errmsg_hex", &h->errmsg) != 0 ||
	    get_strhex(j, w, "ech_outer_sni_hex", &h->ech_outer_sni) != 0 ||
	    get_headers_hex(j, w, h) != 0)
		return -1;
	return 0;
}

static int http_fill(struct j2w *j, json_t *o, warts_http *h)
{
	int dport = json_object_get(o, "dport") != NULL;

	if (j2w_refs(j, o, &h->list, &h->cycle) != 0 ||
	    jg_addr(j, o, "src", &h->src) != 0 ||
	    jg_addr(j, o, "dst", &h->dst) != 0 ||
	    jg_u32(j, o, "userid", &h->userid) != 0 ||
	    jg_tv(j, o, "start", &h->start) != 0 ||
	    jg_u16(j, o, "sport", &h->sport) != 0 ||
	    jg_u16(j, o, "dport", &h->dport) != 0 ||
	    jg_enum(j, o, "scheme", scheme_names, NELEM(scheme_names),
	            &h->type) != 0 ||
	    jg_str(j, o, "host", &h->host) != 0 ||
	    jg_str(j, o, "file", &h->file) != 0 ||
	    get_headers(j, o, h) != 0 ||
	    jg_tv(j, o, "maxtime", &h->maxtime) != 0 ||
	    jg_rtt(j, o, "hsrtt", &h->hsrtt) != 0 ||
	    get_flags(j, o, &h->flags) != 0 ||
	    jg_enum(j, o, "stop_reason", stop_names, NELEM(stop_names),
	            &h->stop_reason) != 0 ||
	    jg_enum(j, o, "ech_status", ech_names, NELEM(ech_names),
	            &h->ech_status) != 0 ||
	    jg_str(j, o, "ech_outer_sni", &h->ech_outer_sni) != 0 ||
	    get_attr(j, o, "ech_config_list", &h->ech_config_list,
	             &h->ech_config_list_len) != 0 ||
	    get_attr(j, o, "ech_retry_config", &h->ech_retry_config,
	             &h->ech_retry_config_len) != 0 ||
	    jg_str(j, o, "errmsg", &h->errmsg) != 0 ||
	    get_bufs(j, o, h) != 0 ||
	    get_warts(j, jg_warts(o), h) != 0)
		return -1;
	/* with no "dport", the one a reader assumes for the scheme */
	if (!dport)
		h->dport = warts_http_default_port(h->type);
	if (h->host == NULL)
		return j2w_fail(j, "no \"host\"");
	if (h->file == NULL)
		return j2w_fail(j, "no \"file\"");
	return 0;
}

int j2w_http(struct j2w *j, json_t *o, void **out)
{
	warts_http *h;

	*out = NULL;
	if ((h = warts_http_alloc()) == NULL)
		return j2w_fail(j, "out of memory");
	if (http_fill(j, o, h) != 0) {
		warts_http_free(h);
		return -1;
	}
	*out = h;
	return 0;
}
