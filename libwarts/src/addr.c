/*
 * addr.c: address helpers.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "warts/addr.h"

#include "fmt.h"

size_t warts_addr_len(uint8_t type)
{
	switch (type) {
	case WARTS_ADDR_IPV4:     return 4;
	case WARTS_ADDR_IPV6:     return 16;
	case WARTS_ADDR_ETHERNET: return 6;
	case WARTS_ADDR_FIREWIRE: return 8;
	default:                  return 0;
	}
}

int warts_addr_set(warts_addr *a, uint8_t type, const void *bytes)
{
	size_t n = warts_addr_len(type);
	memset(a, 0, sizeof(*a));
	if (n == 0)
		return -1;
	a->type = type;
	memcpy(a->bytes, bytes, n);
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly n colon-separated pairs of hex digits, nothing else. */
static int parse_hex_bytes(const char *s, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(s[0]), lo = hi < 0 ? -1 : hexval(s[1]);
		if (lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (i + 1 < n && *s++ != ':')
			return -1;
	}
	return *s == '\0' ? 0 : -1;
}

int warts_addr_fromstr(warts_addr *a, const char *s)
{
	uint8_t b[16];
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, b) == 1)
		return warts_addr_set(a, WARTS_ADDR_IPV4, b);
	/*
	 * Eight pairs of hex digits also parse as IPv6, so the link-layer
	 * forms, which are stricter, are tried first.
	 */
	if (strlen(s) == 17 && parse_hex_bytes(s, b, 6) == 0)
		return warts_addr_set(a, WARTS_ADDR_ETHERNET, b);
	if (strlen(s) == 23 && parse_hex_bytes(s, b, 8) == 0)
		return warts_addr_set(a, WARTS_ADDR_FIREWIRE, b);
	if (inet_pton(AF_INET6, s, b) == 1)
		return warts_addr_set(a, WARTS_ADDR_IPV6, b);
	return -1;
}

char *warts_addr_tostr(const warts_addr *a, char *buf, size_t len)
{
	size_t n, i, o = 0;
	if (len == 0)
		return buf;
	buf[0] = '\0';
	switch (a->type) {
	case WARTS_ADDR_IPV4:
	case WARTS_ADDR_IPV6: {
		/* as inet_ntop(3) writes them, without its sprintf */
		char tmp[64];
		size_t k = warts_fmt_addr(tmp, a);
		if (k >= len)
			k = len - 1;
		memcpy(buf, tmp, k);
		buf[k] = '\0';
		return buf;
	}
	case WARTS_ADDR_ETHERNET:
	case WARTS_ADDR_FIREWIRE:
		n = warts_addr_len(a->type);
		for (i = 0; i < n && o + 3 <= len; i++)
			o += (size_t)snprintf(buf + o, len - o, i ? ":%02x" : "%02x",
			                      a->bytes[i]);
		return buf;
	default:
		return buf;
	}
}

int warts_addr_cmp(const warts_addr *a, const warts_addr *b)
{
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return memcmp(a->bytes, b->bytes, warts_addr_len(a->type));
}
