/*
 * fmt.c: appending text to a warts_strbuf.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fmt.h"

void warts_strbuf_reset(warts_strbuf *sb)
{
	sb->len = 0;
	sb->oom = 0;
	if (sb->data != NULL)
		sb->data[0] = '\0';
}

void warts_strbuf_add(warts_strbuf *sb, const void *p, size_t n)
{
	sb_mem(sb, p, n);
}

void warts_strbuf_free(warts_strbuf *sb)
{
	free(sb->data);
	memset(sb, 0, sizeof(*sb));
}

char *sb_room(warts_strbuf *sb, size_t n)
{
	if (sb->oom)
		return NULL;
	if (n + 1 > sb->cap - sb->len || sb->data == NULL) {
		size_t cap = sb->cap ? sb->cap : 1024;
		char *p;
		while (n + 1 > cap - sb->len) {
			if (cap > SIZE_MAX / 2) {
				sb->oom = 1;
				return NULL;
			}
			cap *= 2;
		}
		if ((p = realloc(sb->data, cap)) == NULL) {
			sb->oom = 1;
			return NULL;
		}
		sb->data = p;
		sb->cap = cap;
	}
	return sb->data + sb->len;
}

void sb_mem(warts_strbuf *sb, const void *p, size_t n)
{
	char *d = sb_room(sb, n);
	if (d == NULL)
		return;
	memcpy(d, p, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void sb_c(warts_strbuf *sb, char c)
{
	char *d = sb_room(sb, 1);
	if (d == NULL)
		return;
	d[0] = c;
	sb->data[++sb->len] = '\0';
}

void sb_s(warts_strbuf *sb, const char *s)
{
	sb_mem(sb, s, strlen(s));
}

void sb_u(warts_strbuf *sb, uint64_t v)
{
	char tmp[20];
	size_t n = 0;
	do {
		tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	sb_mem(sb, tmp + sizeof(tmp) - n, n);
}

void sb_i(warts_strbuf *sb, int64_t v)
{
	if (v < 0) {
		sb_c(sb, '-');
		sb_u(sb, (uint64_t)0 - (uint64_t)v);
	} else {
		sb_u(sb, (uint64_t)v);
	}
}

void sb_f(warts_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char tmp[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		sb_mem(sb, tmp, (size_t)n);
		return;
	}
	if (sb_room(sb, (size_t)n) == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void sb_addr(warts_strbuf *sb, const warts_addr *a)
{
	char tmp[WARTS_ADDR_STRLEN];
	warts_addr_tostr(a, tmp, sizeof(tmp));
	sb_s(sb, tmp);
}

void sb_rtt(warts_strbuf *sb, uint64_t us)
{
	char frac[3];
	uint64_t ms = us / 1000, r = us % 1000;
	sb_u(sb, ms);
	frac[0] = (char)('0' + r / 100);
	frac[1] = (char)('0' + r / 10 % 10);
	frac[2] = (char)('0' + r % 10);
	sb_c(sb, '.');
	sb_mem(sb, frac, 3);
}

void sb_hex(warts_strbuf *sb, const void *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *b = p;
	char *d = sb_room(sb, 2 * n);
	if (d == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		d[2 * i] = digits[b[i] >> 4];
		d[2 * i + 1] = digits[b[i] & 0xf];
	}
	sb->len += 2 * n;
	sb->data[sb->len] = '\0';
}

/* Length of the valid UTF-8 sequence at p (RFC 3629), or 0. */
static size_t utf8_len(const uint8_t *p, size_t n)
{
	uint8_t c = p[0];
	size_t need, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
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
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* no overlong forms, no surrogates, nothing past U+10FFFF */
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return need;
}

void sb_jsonmem(warts_strbuf *sb, const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *s = p;
	size_t i = 0, run = 0;

	sb_c(sb, '"');
	while (i < n) {
		uint8_t c = s[i];
		size_t k;
		char esc[6];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7f) {
			run++;
			i++;
			continue;
		}
		if (c >= 0x80 && (k = utf8_len(s + i, n - i)) > 0) {
			run += k;
			i += k;
			continue;
		}
		/* flush the plain run, then escape this byte */
		sb_mem(sb, s + i - run, run);
		run = 0;
		switch (c) {
		case '"':  sb_mem(sb, "\\\"", 2); break;
		case '\\': sb_mem(sb, "\\\\", 2); break;
		case '\n': sb_mem(sb, "\\n", 2); break;
		case '\r': sb_mem(sb, "\\r", 2); break;
		case '\t': sb_mem(sb, "\\t", 2); break;
		case '\b': sb_mem(sb, "\\b", 2); break;
		case '\f': sb_mem(sb, "\\f", 2); break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			sb_mem(sb, esc, 6);
			break;
		}
		i++;
	}
	sb_mem(sb, s + i - run, run);
	sb_c(sb, '"');
}

void sb_json(warts_strbuf *sb, const char *s)
{
	sb_jsonmem(sb, s, strlen(s));
}

void sb_ftime(warts_strbuf *sb, uint32_t sec)
{
	time_t tt = (time_t)sec;
	struct tm tm;
	char tmp[64];
	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(tmp, sizeof(tmp), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		tmp[0] = '\0';
	sb_s(sb, tmp);
}

void sb_ctime(warts_strbuf *sb, uint32_t sec)
{
	time_t tt = (time_t)sec;
	struct tm tm;
	char tmp[64];
	/* ctime(3)'s layout, built with strftime to stay thread-safe */
	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(tmp, sizeof(tmp), "%a %b %e %H:%M:%S %Y", &tm) == 0)
		tmp[0] = '\0';
	sb_s(sb, tmp);
}
