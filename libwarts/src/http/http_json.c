/*
 * http_json.c: HTTP fetches as JSON.
 *
 * sc_warts2json 2026 prints nothing for an http object (it does not ask
 * its reader for them).  We print one object per line, named and spaced
 * as scamper's JSON for udpprobe, its sibling 2026 type (", " between
 * members, "," between array elements, times as {"sec":..,"usec":..},
 * nested records as arrays of objects).  The handshake RTT is in
 * milliseconds with three decimals, as RTTs are in scamper's ping and
 * trace JSON and in our sting JSON (scamper's owamp JSON alone writes its
 * "hsrtt" as {"sec":..,"usec":..}):
 *
 *   {"type":"http", "version":"0.1",
 *    "src":"192.0.2.2", "dst":"198.18.0.1",   each only when set
 *    "userid":0,
 *    "start":{"sec":S, "usec":U},
 *    "sport":58582, "dport":80,
 *    "scheme":"http",                 http, https, or the type's number
 *    "host":"198.18.0.1",             the URL's parts, as the request
 *    "file":"/index.html",            named them
 *    "url":"http://198.18.0.1/index.html",  as sc_wartsdump prints it:
 *                                     ":port" only when not the scheme's
 *                                     usual one; left out when the type
 *                                     has no scheme
 *    "headers":["X-Lab: 1"],          extra request headers, if any
 *    "maxtime":{"sec":60, "usec":0},  how long the fetch was allowed
 *    "hsrtt":0.137,                   TCP handshake RTT, milliseconds;
 *                                     only when measured (not zero)
 *    "flags":["insecure","grease"],   only when any is set; an unknown
 *                                     bit as its value
 *    "stop_reason":"done",            none, halted, noconn, done, error,
 *                                     timeout, insecure, or the number
 *    "status_code":200,               the response's, when its status
 *                                     line reads as one (the rule of
 *                                     sc_wartsdump's http-status-code)
 *    "ech_status":"success",          only when not none; the name as
 *                                     sc_wartsdump prints it, or the
 *                                     number
 *    "ech_outer_sni":"...",           only when set
 *    "ech_config_list":"<hex>",       the ECH config list offered, and
 *    "ech_retry_config":"<hex>",      the one the server sent back, each
 *                                     only when present
 *    "errmsg":"...",                  only when there is one
 *    "monitor":"...",                 the list's monitor, when it has one
 *    "bufc":3,                        buffers exchanged
 *    "bufs":[{"dir":"tx",             tx, rx, or the number
 *             "type":"hdr",           hdr, data, tls, or the number
 *             "tv":{"sec":S, "usec":U},  when sent or received
 *             "len":90,               bytes in the buffer
 *             "data":"GET / ..."}, ...]}
 *
 * A buffer's bytes may be anything.  Header and body bytes that are valid
 * UTF-8 are written as the JSON string "data", escaped by sb_jsonmem
 * (which, on valid UTF-8, loses nothing: NULs and control bytes become
 * escapes).  TLS records, and header or body bytes that are not valid
 * UTF-8 (a compressed body, say), are written as "hex" instead, lower-case
 * hex digits, so no byte is ever lost or mangled.  A buffer without bytes
 * has neither.  (scamper keeps the NUL that ends the request header it
 * sent, so that "data" ends in "\u0000".)  Every other string is escaped
 * by sb_json.
 *
 * Every field the record holds is printed.  With WARTS_JSON_ALLFIELDS
 * the object ends with a "warts" object (see sb_warts_open) naming the
 * list and cycle, and, for a string that is not valid UTF-8 (which
 * sb_json writes with \u00XX for the stray bytes, so a reader gets
 * characters, not those bytes back), a hex copy of its bytes:
 *
 *   "warts":{"list":{"id":N,"name":"..."},"cycle":{"id":N},
 *            "host_hex":"...", "file_hex":"...", "errmsg_hex":"...",
 *            "ech_outer_sni_hex":"...",    each only when needed
 *            "headers_hex":["...",...]}    every header, when any needs it
 */
#include <string.h>

#include "warts/list.h"

#include "../fmt.h"
#include "http_fmt.h"

/* {"sec":S, "usec":U} after a literal that opens it. */
static void json_tv(warts_strbuf *sb, const char *lit, const warts_tv *tv)
{
	sb_su(sb, lit, tv->sec);
	sb_su(sb, ", \"usec\":", tv->usec);
	sb_c(sb, '}');
}

/* A quoted name after a literal, or the bare number without one. */
static void json_name(warts_strbuf *sb, const char *lit, const char *name,
                      uint8_t v)
{
	sb_s(sb, lit);
	if (name != NULL) {
		sb_c(sb, '"');
		sb_s(sb, name);
		sb_c(sb, '"');
	} else {
		sb_u(sb, v);
	}
}

static void json_addr(warts_strbuf *sb, const char *lit, const warts_addr *a)
{
	if (!warts_addr_isset(a))
		return;
	sb_s(sb, lit);
	sb_addr(sb, a);
	sb_c(sb, '"');
}

static void json_hexattr(warts_strbuf *sb, const char *lit,
                         const uint8_t *p, uint32_t len)
{
	if (p == NULL || len == 0)
		return;
	sb_s(sb, lit);
	sb_hex(sb, p, len);
	sb_c(sb, '"');
}

/* ", "url":..." escaped as one string (host and file may hold any
 * byte); nothing when there is no URL. */
static void json_url(warts_strbuf *sb, const warts_http *h)
{
	warts_strbuf url = { 0 };

	if (http_sb_url(&url, h) == 0) {
		if (url.oom) {
			sb->oom = 1;
		} else {
			sb_s(sb, ", \"url\":");
			sb_jsonmem(sb, url.data, url.len);
		}
	}
	warts_strbuf_free(&url);
}

static void json_request(warts_strbuf *sb, const warts_http *h)
{
	json_name(sb, ", \"scheme\":",
	          h->type == WARTS_HTTP_TYPE_HTTP ? "http" :
	          h->type == WARTS_HTTP_TYPE_HTTPS ? "https" : NULL, h->type);
	if (h->host != NULL)
		sb_sj(sb, ", \"host\":", h->host);
	if (h->file != NULL)
		sb_sj(sb, ", \"file\":", h->file);
	json_url(sb, h);
	if (h->headerc > 0 && h->headers != NULL) {
		sb_s(sb, ", \"headers\":[");
		for (unsigned i = 0; i < h->headerc; i++) {
			if (i > 0)
				sb_c(sb, ',');
			if (h->headers[i] != NULL)
				sb_json(sb, h->headers[i]);
			else
				sb_s(sb, "null");
		}
		sb_c(sb, ']');
	}
}

static void json_flags(warts_strbuf *sb, uint32_t flags)
{
	static const char *const names[] = { "insecure", "grease" };
	int n = 0;

	if (flags == 0)
		return;
	sb_s(sb, ", \"flags\":[");
	for (unsigned i = 0; i < 32; i++) {
		uint32_t bit = (uint32_t)1 << i;
		if ((flags & bit) == 0)
			continue;
		if (n++ > 0)
			sb_c(sb, ',');
		if (i < sizeof(names) / sizeof(names[0])) {
			sb_c(sb, '"');
			sb_s(sb, names[i]);
			sb_c(sb, '"');
		} else {
			sb_u(sb, bit);
		}
	}
	sb_c(sb, ']');
}

static void json_header(warts_strbuf *sb, const warts_http *h)
{
	uint16_t code;

	sb_s(sb, "{\"type\":\"http\", \"version\":\"0.1\"");
	json_addr(sb, ", \"src\":\"", &h->src);
	json_addr(sb, ", \"dst\":\"", &h->dst);
	sb_su(sb, ", \"userid\":", h->userid);
	json_tv(sb, ", \"start\":{\"sec\":", &h->start);
	sb_su(sb, ", \"sport\":", h->sport);
	sb_su(sb, ", \"dport\":", h->dport);
	json_request(sb, h);
	json_tv(sb, ", \"maxtime\":{\"sec\":", &h->maxtime);
	if (h->hsrtt != 0) {
		sb_s(sb, ", \"hsrtt\":");
		sb_rtt(sb, h->hsrtt);
	}
	json_flags(sb, h->flags);
	json_name(sb, ", \"stop_reason\":", http_stop_name(h->stop_reason),
	          h->stop_reason);
	if (http_status_code(h, &code) == 0)
		sb_su(sb, ", \"status_code\":", code);
	if (h->ech_status != WARTS_HTTP_ECH_NONE)
		json_name(sb, ", \"ech_status\":",
		          http_ech_status_name(h->ech_status), h->ech_status);
	if (h->ech_outer_sni != NULL)
		sb_sj(sb, ", \"ech_outer_sni\":", h->ech_outer_sni);
	json_hexattr(sb, ", \"ech_config_list\":\"", h->ech_config_list,
	             h->ech_config_list_len);
	json_hexattr(sb, ", \"ech_retry_config\":\"", h->ech_retry_config,
	             h->ech_retry_config_len);
	if (h->errmsg != NULL)
		sb_sj(sb, ", \"errmsg\":", h->errmsg);
	if (h->list != NULL && h->list->monitor != NULL)
		sb_sj(sb, ", \"monitor\":", h->list->monitor);
}

/*
 * Whether p holds only valid UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), which sb_jsonmem writes unchanged.
 */
static int utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = p[i];
		size_t need;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i < need)
			return 0;
		for (size_t k = 1; k < need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += need;
	}
	return 1;
}

/* ,"<key>_hex":"<hex>" for a string sb_json cannot give back as is. */
static void json_strhex(warts_strbuf *sb, const char *key, const char *s)
{
	if (s == NULL || utf8_valid((const uint8_t *)s, strlen(s)))
		return;
	sb_s(sb, ",\"");
	sb_s(sb, key);
	sb_s(sb, "_hex\":\"");
	sb_hex(sb, s, strlen(s));
	sb_c(sb, '"');
}

static int headers_lossy(const warts_http *h)
{
	if (h->headers == NULL)
		return 0;
	for (unsigned i = 0; i < h->headerc; i++)
		if (h->headers[i] != NULL &&
		    !utf8_valid((const uint8_t *)h->headers[i],
		                strlen(h->headers[i])))
			return 1;
	return 0;
}

static void json_warts(warts_strbuf *sb, const warts_http *h)
{
	sb_warts_open(sb, h->list, h->cycle);
	json_strhex(sb, "host", h->host);
	json_strhex(sb, "file", h->file);
	json_strhex(sb, "errmsg", h->errmsg);
	json_strhex(sb, "ech_outer_sni", h->ech_outer_sni);
	if (headers_lossy(h)) {
		sb_s(sb, ",\"headers_hex\":[");
		for (unsigned i = 0; i < h->headerc; i++) {
			const char *s = h->headers[i] != NULL ?
			                h->headers[i] : "";
			if (i > 0)
				sb_c(sb, ',');
			sb_c(sb, '"');
			sb_hex(sb, s, strlen(s));
			sb_c(sb, '"');
		}
		sb_c(sb, ']');
	}
	sb_c(sb, '}');
}

static void json_buf(warts_strbuf *sb, const warts_http_buf *b)
{
	json_name(sb, "{\"dir\":", http_buf_dir_name(b->dir), b->dir);
	json_name(sb, ", \"type\":", http_buf_type_name(b->type), b->type);
	json_tv(sb, ", \"tv\":{\"sec\":", &b->tv);
	sb_su(sb, ", \"len\":", b->len);
	if (b->data != NULL && b->len > 0) {
		if (b->type != WARTS_HTTP_BUF_TLS &&
		    utf8_valid(b->data, b->len)) {
			sb_s(sb, ", \"data\":");
			sb_jsonmem(sb, b->data, b->len);
		} else {
			sb_s(sb, ", \"hex\":\"");
			sb_hex(sb, b->data, b->len);
			sb_c(sb, '"');
		}
	}
	sb_c(sb, '}');
}

int http_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_http *h = obj;
	uint32_t n = h->bufs != NULL ? h->bufc : 0;

	json_header(sb, h);
	sb_su(sb, ", \"bufc\":", h->bufc);
	sb_s(sb, ", \"bufs\":[");
	for (uint32_t i = 0; i < n; i++) {
		if (i > 0)
			sb_c(sb, ',');
		json_buf(sb, &h->bufs[i]);
	}
	sb_c(sb, ']');
	if (flags & WARTS_JSON_ALLFIELDS)
		json_warts(sb, h);
	sb_s(sb, "}\n");
	return 1;
}
