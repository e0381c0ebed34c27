/*
 * warts/icmpext.h: ICMP extension objects (RFC 4884), as trace hops,
 * tracelb replies and dealias replies record them.
 *
 * Each extension keeps its class number, class type and raw data.  MPLS
 * label stack entries (RFC 4950: class 1, type 1) can be read with
 * warts_icmpext_mpls().
 */
#ifndef WARTS_ICMPEXT_H
#define WARTS_ICMPEXT_H

#include <stdint.h>

#include "warts/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct warts_icmpext {
	uint8_t  class_num;
	uint8_t  class_type;
	uint16_t len;   /* bytes in data */
	uint8_t *data;  /* owned; NULL when len is 0 */
} warts_icmpext;

/* A set of extensions.  count 0 means the reply carried none. */
typedef struct warts_icmpexts {
	uint16_t       count;
	warts_icmpext *ext;   /* owned array of count */
} warts_icmpexts;

/* One MPLS label stack entry. */
typedef struct warts_mpls_lse {
	uint32_t label;  /* 20 bits */
	uint8_t  exp;    /* 3 bits: traffic class */
	uint8_t  s;      /* bottom of stack */
	uint8_t  ttl;
} warts_mpls_lse;

/* Non-zero when the extension is an MPLS label stack (class 1 type 1). */
WARTS_API int warts_icmpext_is_mpls(const warts_icmpext *ext);

/*
 * Number of label stack entries in an MPLS extension (len / 4), and the
 * entry at index i.  Returns 0, or -1 if i is out of range.
 */
WARTS_API unsigned warts_icmpext_mpls_count(const warts_icmpext *ext);
WARTS_API int warts_icmpext_mpls(const warts_icmpext *ext, unsigned i,
                                 warts_mpls_lse *lse);

/* Free what a set owns and zero it. */
WARTS_API void warts_icmpexts_clear(warts_icmpexts *set);

/* Deep copy.  Returns 0, or -1 when out of memory (dst is then empty). */
WARTS_API int warts_icmpexts_copy(warts_icmpexts *dst,
                                  const warts_icmpexts *src);

#ifdef __cplusplus
}
#endif

#endif
