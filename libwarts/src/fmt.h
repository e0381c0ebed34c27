/*
 * fmt.h: appending text to a warts_strbuf, for the JSON, text and dump
 * formatters.
 *
 * Like wbuf, appends never fail from the caller's view: an allocation
 * failure sets sb->oom and later appends do nothing.  The helpers are the
 * pieces scamper's output is made of: literals, decimal numbers, RTTs in
 * milliseconds with three decimals, addresses, times, and JSON strings.
 */
#ifndef WARTS_FMT_H
#define WARTS_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "warts/addr.h"
#include "warts/list.h"
#include "warts/format.h"
#include "warts/timeval.h"

#include <string.h>

/* Grow the buffer to take n more bytes (plus a NUL); NULL on failure. */
char *sb_grow(warts_strbuf *sb, size_t n);

/*
 * The appends are inline: formatting a large file is millions of them,
 * and the common case is one comparison and a copy.  The buffer is not
 * NUL-terminated after each append; format.c terminates it once per
 * object.
 */
static inline char *sb_room(warts_strbuf *sb, size_t n)
{
	if (sb->data != NULL && n < sb->cap - sb->len)
		return sb->data + sb->len;
	return sb_grow(sb, n);
}

static inline void sb_mem(warts_strbuf *sb, const void *p, size_t n)
{
	char *d = sb_room(sb, n);
	if (d == NULL)
		return;
	memcpy(d, p, n);
	sb->len += n;
}

static inline void sb_c(warts_strbuf *sb, char c)
{
	char *d = sb_room(sb, 1);
	if (d == NULL)
		return;
	*d = c;
	sb->len++;
}

/* A string as is; for a literal the compiler knows its length. */
static inline void sb_s(warts_strbuf *sb, const char *s)
{
	sb_mem(sb, s, strlen(s));
}

/* Terminate the contents with a NUL (not counted in len). */
static inline void sb_nul(warts_strbuf *sb)
{
	if (sb_room(sb, 0) != NULL)
		sb->data[sb->len] = '\0';
}

/*
 * Unchecked appends, for the hottest formatters: reserve room once with
 * p = sb_room(sb, n), write through the local pointer (which stays in a
 * register, where sb->len would be reloaded after every byte written),
 * then sb_commit(sb, p).  Each returns the position after what it wrote.
 */
static inline char *cp_s(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

char *cp_u(char *p, uint64_t v);                 /* decimal */
char *cp_rtt(char *p, uint64_t us);              /* as sb_rtt */
char *cp_addr(char *p, const warts_addr *a);     /* as sb_addr, <= 46 */

static inline char *cp_su(char *p, const char *lit, uint64_t v)
{
	return cp_u(cp_s(p, lit), v);
}

static inline void sb_commit(warts_strbuf *sb, const char *p)
{
	sb->len = (size_t)(p - sb->data);
}

/* A number in decimal; one digit is the common case. */
void sb_u_slow(warts_strbuf *sb, uint64_t v);
static inline void sb_u(warts_strbuf *sb, uint64_t v)
{
	if (v < 10)
		sb_c(sb, (char)('0' + v));
	else
		sb_u_slow(sb, v);
}
void sb_i(warts_strbuf *sb, int64_t v);
void sb_f(warts_strbuf *sb, const char *fmt, ...)    /* printf */
	__attribute__((format(printf, 2, 3)));

/* A literal then a number: sb_su(sb, ",\"ttl\":", 64). */
static inline void sb_su(warts_strbuf *sb, const char *lit, uint64_t v)
{
	sb_s(sb, lit);
	sb_u(sb, v);
}

/* An address in its usual notation (nothing for an absent one). */
void sb_addr(warts_strbuf *sb, const warts_addr *a);

/* An IPv4 or IPv6 address written into buf (at least 46 bytes, no NUL
 * added) as sb_addr writes it; returns its length, 0 for other types. */
size_t warts_fmt_addr(char *buf, const warts_addr *a);

/* Microseconds as milliseconds with three decimals: 1234 -> "1.234". */
void sb_rtt(warts_strbuf *sb, uint64_t us);

/* Bytes as lower-case hex digits, no separators. */
void sb_hex(warts_strbuf *sb, const void *p, size_t n);

/*
 * A JSON string, quotes included.  Quotes, backslashes and control
 * characters are escaped; valid UTF-8 passes through; any byte that is
 * not part of valid UTF-8 becomes \u00XX.
 */
void sb_json(warts_strbuf *sb, const char *s);
void sb_jsonmem(warts_strbuf *sb, const void *p, size_t n);

/* A literal, then a JSON string: sb_sj(sb, ",\"name\":", name). */
static inline void sb_sj(warts_strbuf *sb, const char *lit, const char *s)
{
	sb_s(sb, lit);
	sb_json(sb, s);
}

/*
 * With WARTS_JSON_ALLFIELDS, a measurement's JSON ends with a "warts"
 * object holding what its other keys leave out or print derived, so that
 * sc_json2warts can rebuild the record byte for byte:
 *   ...,"warts":{"list":{"id":N,"name":"..."}|null,"cycle":{"id":N}|null,
 *                <the type's fields>}}
 * sb_warts_open writes up to the cycle; the type appends its fields as
 * ,"name":value and closes the object with '}'.
 */
void sb_warts_open(warts_strbuf *sb, const warts_list *l,
                   const warts_cycle *c);

/* The local time of tv as "%Y-%m-%d %H:%M:%S" (scamper's "ftime"). */
void sb_ftime(warts_strbuf *sb, uint32_t sec);

/* The local time as ctime(3) writes it, without the newline. */
void sb_ctime(warts_strbuf *sb, uint32_t sec);

#endif
