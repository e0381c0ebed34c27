/*
 * warts/addr.h: addresses as warts stores them.
 *
 * A warts address is held by value: a type and up to 16 bytes.  Type 0
 * means "no address", so a zeroed struct is an absent address.  The types
 * and their lengths are those of warts(5): IPv4 (4 bytes), IPv6 (16),
 * Ethernet MAC (6) and FireWire EUI-64 (8).
 */
#ifndef WARTS_ADDR_H
#define WARTS_ADDR_H

#include <stddef.h>
#include <stdint.h>

#include "warts/export.h"

#ifdef __cplusplus
extern "C" {
#endif

enum warts_addr_type {
	WARTS_ADDR_NONE     = 0,
	WARTS_ADDR_IPV4     = 1,
	WARTS_ADDR_IPV6     = 2,
	WARTS_ADDR_ETHERNET = 3,
	WARTS_ADDR_FIREWIRE = 4,
};

typedef struct warts_addr {
	uint8_t type;      /* enum warts_addr_type */
	uint8_t bytes[16]; /* the first warts_addr_len(type) bytes are used */
} warts_addr;

/* Longest string warts_addr_tostr writes, with its terminating NUL. */
#define WARTS_ADDR_STRLEN 48

/* Length in bytes of an address of this type, or 0 for an unknown type. */
WARTS_API size_t warts_addr_len(uint8_t type);

/* Non-zero when the address is present (its type is not NONE). */
static inline int warts_addr_isset(const warts_addr *a)
{
	return a->type != WARTS_ADDR_NONE;
}

/*
 * Set an address from raw bytes.  Returns 0, or -1 if the type is unknown.
 * Unused trailing bytes are zeroed so that memcmp compares addresses.
 */
WARTS_API int warts_addr_set(warts_addr *a, uint8_t type, const void *bytes);

/*
 * Parse "192.0.2.1", "2001:db8::1" or "00:11:22:33:44:55".  Returns 0, or
 * -1 if the string is none of these.
 */
WARTS_API int warts_addr_fromstr(warts_addr *a, const char *s);

/*
 * Write the address in the usual notation for its type: dotted quad,
 * RFC 5952 IPv6, or colon-separated hex for MAC and EUI-64.  An absent
 * address is written as the empty string.  Returns buf.
 */
WARTS_API char *warts_addr_tostr(const warts_addr *a, char *buf, size_t len);

/* Order addresses by type, then bytes.  Returns <0, 0 or >0. */
WARTS_API int warts_addr_cmp(const warts_addr *a, const warts_addr *b);

#ifdef __cplusplus
}
#endif

#endif
