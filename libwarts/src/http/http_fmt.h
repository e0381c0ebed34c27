/*
 * http_fmt.h: HTTP fetches as sc_warts2json and sc_wartsdump print them
 * (sc_warts2text prints nothing for them).
 *
 * The names of enum values, the URL and the response's status code are
 * the same in both outputs; http_fmt.c defines them.
 */
#ifndef WARTS_HTTP_FMT_H
#define WARTS_HTTP_FMT_H

#include <stdint.h>

#include "warts/format.h"
#include "warts/http.h"

int http_json(warts_strbuf *sb, const void *obj, unsigned flags);
int http_dump(warts_strbuf *sb, const void *obj);

/*
 * The name of a value, or NULL when scamper has none (the callers print
 * the number then).
 */
const char *http_stop_name(uint8_t stop);        /* "done", ... */
const char *http_ech_status_name(uint8_t status); /* "success", ... */
const char *http_buf_dir_name(uint8_t dir);      /* "rx", "tx" */
const char *http_buf_type_name(uint8_t type);    /* "data", "hdr", "tls" */

/*
 * Whether scamper builds a URL for h: it needs a host, a file, and a
 * type with a scheme.
 */
int http_has_url(const warts_http *h);

/*
 * Append the URL as scamper builds it: scheme, "://", host, ":port" when
 * the port is not the scheme's usual one, then file.  Returns 0, or -1
 * (appending nothing) when http_has_url(h) is false.
 */
int http_sb_url(warts_strbuf *sb, const warts_http *h);

/*
 * The status code in the response's status line, found as scamper finds
 * it: the received header bytes up to the first '\r' (at most 127 of
 * them, across buffers) must read "HTTP/d.d ddd" followed by white space
 * or nothing.  Returns 0 and sets *code, or -1.
 */
int http_status_code(const warts_http *h, uint16_t *code);

#endif
