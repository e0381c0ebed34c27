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
	sb_nul(sb);
}

void warts_strbuf_free(warts_strbuf *sb)
{
	free(sb->data);
	memset(sb, 0, sizeof(*sb));
}

char *sb_grow(warts_strbuf *sb, size_t n)
{
	size_t cap;
	char *p;

	if (sb->oom)
		return NULL;
	if (sb->data != NULL && n < sb->cap - sb->len)
		return sb->data + sb->len;
	cap = sb->cap ? sb->cap : 1024;
	while (n >= cap - sb->len) {
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
	return sb->data + sb->len;
}

/* "00" to "99": two digits at a time halves the divisions */
static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930"
	"31323334353637383940414243444546474849505152535455565758596061"
	"62636465666768697071727374757677787980818283848586878889909192"
	"93949596979899";

static unsigned count_digits(uint64_t v)
{
	unsigned n = 1;
	if (v < 100)
		return v < 10 ? 1 : 2;
	while (v >= 10000) {
		v /= 10000;
		n += 4;
	}
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

/* Write v's n digits so that they end at end. */
static void put_digits(char *end, uint64_t v)
{
	uint32_t w;
	while (v > UINT32_MAX) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		end -= 2;
		memcpy(end, digit_pairs + 2 * r, 2);
	}
	/* 32-bit division is much cheaper than 64-bit */
	w = (uint32_t)v;
	while (w >= 100) {
		unsigned r = w % 100;
		w /= 100;
		end -= 2;
		memcpy(end, digit_pairs + 2 * r, 2);
	}
	if (w >= 10) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * w, 2);
	} else {
		*--end = (char)('0' + w);
	}
}

char *cp_u(char *p, uint64_t v)
{
	unsigned n;
	if (v < 100) {
		if (v < 10) {
			*p = (char)('0' + v);
			return p + 1;
		}
		memcpy(p, digit_pairs + 2 * v, 2);
		return p + 2;
	}
	n = count_digits(v);
	put_digits(p + n, v);
	return p + n;
}

void sb_u_slow(warts_strbuf *sb, uint64_t v)
{
	unsigned n = count_digits(v);
	char *d = sb_room(sb, n);
	if (d == NULL)
		return;
	put_digits(d + n, v);
	sb->len += n;
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

/* An IPv4 address in dotted-quad form; returns the length (at most 15). */
static size_t ipv4_str(char *d, const uint8_t *b)
{
	size_t n = 0;
	for (int i = 0; i < 4; i++) {
		unsigned v = b[i];
		if (i > 0)
			d[n++] = '.';
		if (v >= 100) {
			d[n++] = (char)('0' + v / 100);
			v %= 100;
			d[n++] = digit_pairs[2 * v];
			d[n++] = digit_pairs[2 * v + 1];
		} else if (v >= 10) {
			d[n++] = digit_pairs[2 * v];
			d[n++] = digit_pairs[2 * v + 1];
		} else {
			d[n++] = (char)('0' + v);
		}
	}
	return n;
}

/*
 * An IPv6 address as inet_ntop(3) writes it (the text scamper prints):
 * lower-case hex groups without leading zeros, the longest run of two or
 * more zero groups (the first, on a tie) as "::", and the last 32 bits
 * as a dotted quad for IPv4-mapped and IPv4-compatible addresses.
 */
static size_t ipv6_str(char *d, const uint8_t *b)
{
	static const char hex[] = "0123456789abcdef";
	unsigned w[8];
	int best = -1, bestlen = 0, cur = -1, curlen = 0;
	size_t n = 0;

	for (int i = 0; i < 8; i++) {
		w[i] = (unsigned)(b[2 * i] << 8 | b[2 * i + 1]);
		if (w[i] == 0) {
			if (cur < 0) {
				cur = i;
				curlen = 0;
			}
			curlen++;
			if (curlen > bestlen) {
				best = cur;
				bestlen = curlen;
			}
		} else {
			cur = -1;
		}
	}
	if (bestlen < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + bestlen) {
			if (i == best)
				d[n++] = ':';
			continue;
		}
		if (i > 0)
			d[n++] = ':';
		if (i == 6 && best == 0 &&
		    (bestlen == 6 || (bestlen == 5 && w[5] == 0xffff))) {
			n += ipv4_str(d + n, b + 12);
			return n;
		}
		if (w[i] >= 0x1000)
			d[n++] = hex[w[i] >> 12];
		if (w[i] >= 0x100)
			d[n++] = hex[(w[i] >> 8) & 0xf];
		if (w[i] >= 0x10)
			d[n++] = hex[(w[i] >> 4) & 0xf];
		d[n++] = hex[w[i] & 0xf];
	}
	if (best >= 0 && best + bestlen == 8)
		d[n++] = ':';
	return n;
}

void sb_addr(warts_strbuf *sb, const warts_addr *a)
{
	char *d;
	switch (a->type) {
	case WARTS_ADDR_IPV4:
		if ((d = sb_room(sb, 15)) != NULL)
			sb->len += ipv4_str(d, a->bytes);
		return;
	case WARTS_ADDR_IPV6:
		if ((d = sb_room(sb, 45)) != NULL)
			sb->len += ipv6_str(d, a->bytes);
		return;
	default: {
		char tmp[WARTS_ADDR_STRLEN];
		warts_addr_tostr(a, tmp, sizeof(tmp));
		sb_s(sb, tmp);
		return;
	}
	}
}

char *cp_addr(char *p, const warts_addr *a)
{
	char tmp[WARTS_ADDR_STRLEN];
	size_t n;
	switch (a->type) {
	case WARTS_ADDR_IPV4: return p + ipv4_str(p, a->bytes);
	case WARTS_ADDR_IPV6: return p + ipv6_str(p, a->bytes);
	default:
		warts_addr_tostr(a, tmp, sizeof(tmp));
		n = strlen(tmp);
		memcpy(p, tmp, n);
		return p + n;
	}
}

size_t warts_fmt_addr(char *buf, const warts_addr *a)
{
	switch (a->type) {
	case WARTS_ADDR_IPV4: return ipv4_str(buf, a->bytes);
	case WARTS_ADDR_IPV6: return ipv6_str(buf, a->bytes);
	default:              return 0;
	}
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

char *cp_rtt(char *p, uint64_t us)
{
	uint64_t r = us % 1000;
	p = cp_u(p, us / 1000);
	p[0] = '.';
	p[1] = (char)('0' + r / 100);
	p[2] = (char)('0' + r / 10 % 10);
	p[3] = (char)('0' + r % 10);
	return p + 4;
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

/* Local time, as scamper's converters print times. */
static int local_tm(uint32_t sec, struct tm *tm)
{
	time_t tt = (time_t)sec;
	return localtime_r(&tt, tm) != NULL ? 0 : -1;
}

static void two(char *d, int v)
{
	d[0] = digit_pairs[2 * (v % 100)];
	d[1] = digit_pairs[2 * (v % 100) + 1];
}

void sb_ftime(warts_strbuf *sb, uint32_t sec)
{
	struct tm tm;
	char tmp[32];
	int y;

	if (local_tm(sec, &tm) != 0)
		return;
	/* "%Y-%m-%d %H:%M:%S", built by hand: strftime is slow */
	y = tm.tm_year + 1900;
	if (y < 1000 || y > 9999) {
		sb_f(sb, "%d-%02d-%02d %02d:%02d:%02d", y, tm.tm_mon + 1,
		     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		return;
	}
	two(tmp, y / 100);
	two(tmp + 2, y % 100);
	tmp[4] = '-';
	two(tmp + 5, tm.tm_mon + 1);
	tmp[7] = '-';
	two(tmp + 8, tm.tm_mday);
	tmp[10] = ' ';
	two(tmp + 11, tm.tm_hour);
	tmp[13] = ':';
	two(tmp + 14, tm.tm_min);
	tmp[16] = ':';
	two(tmp + 17, tm.tm_sec);
	sb_mem(sb, tmp, 19);
}

void sb_ctime(warts_strbuf *sb, uint32_t sec)
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;

	/* ctime(3)'s layout, "%a %b %e %H:%M:%S %Y", in the C locale */
	if (local_tm(sec, &tm) != 0 || tm.tm_wday < 0 || tm.tm_wday > 6 ||
	    tm.tm_mon < 0 || tm.tm_mon > 11)
		return;
	sb_mem(sb, days + 3 * tm.tm_wday, 3);
	sb_c(sb, ' ');
	sb_mem(sb, months + 3 * tm.tm_mon, 3);
	sb_f(sb, " %2d %02d:%02d:%02d %d", tm.tm_mday, tm.tm_hour, tm.tm_min,
	     tm.tm_sec, tm.tm_year + 1900);
}
