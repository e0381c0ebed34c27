/*
 * warts/http.h: HTTP(S) fetches (warts record type 15, scamper 2026).
 *
 * An http object holds the request scamper made (the URL as host and
 * file, extra request headers, the destination and ports), how it ended,
 * and every buffer exchanged: request and response headers, body data and
 * TLS records, each with its direction and time.  Optional blocks at the
 * end of the record hold the Encrypted Client Hello (ECH) configuration
 * that was offered and the retry configuration a server returned.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 * Durations keep the unit the file uses, so an object read and written
 * back is unchanged.
 */
#ifndef WARTS_HTTP_H
#define WARTS_HTTP_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/list.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* http.type: the scheme; it sets the default destination port */
enum warts_http_type {
	WARTS_HTTP_TYPE_HTTPS = 0,  /* default port 443 */
	WARTS_HTTP_TYPE_HTTP  = 1,  /* default port 80 */
};

/* http.stop_reason */
enum warts_http_stop {
	WARTS_HTTP_STOP_NONE     = 0,
	WARTS_HTTP_STOP_HALTED   = 1,
	WARTS_HTTP_STOP_NOCONN   = 2,
	WARTS_HTTP_STOP_DONE     = 3,
	WARTS_HTTP_STOP_ERROR    = 4,
	WARTS_HTTP_STOP_TIMEOUT  = 5,
	WARTS_HTTP_STOP_INSECURE = 6,
};

/* http.flags */
enum {
	WARTS_HTTP_FLAG_INSECURE = 0x0001, /* certificate errors ignored */
	WARTS_HTTP_FLAG_GREASE   = 0x0002, /* ECH GREASE offered */
};

/* http.ech_status: the outcome of ECH, numbered as OpenSSL numbers it */
enum warts_http_ech_status {
	WARTS_HTTP_ECH_NONE                = 0,
	WARTS_HTTP_ECH_UNKNOWN             = 1,
	WARTS_HTTP_ECH_FAILED              = 2,
	WARTS_HTTP_ECH_SUCCESS             = 3,
	WARTS_HTTP_ECH_GREASE              = 4,
	WARTS_HTTP_ECH_GREASE_ECH          = 5,
	WARTS_HTTP_ECH_BACKEND             = 6,
	WARTS_HTTP_ECH_BAD_CALL            = 7,
	WARTS_HTTP_ECH_NOT_TRIED           = 8,
	WARTS_HTTP_ECH_BAD_NAME            = 9,
	WARTS_HTTP_ECH_NOT_CONFIGURED      = 10,
	WARTS_HTTP_ECH_FAILED_ECH          = 11,
	WARTS_HTTP_ECH_FAILED_ECH_BAD_NAME = 12,
};

/* http_buf.dir */
enum {
	WARTS_HTTP_BUF_RX = 0,
	WARTS_HTTP_BUF_TX = 1,
};

/* http_buf.type */
enum {
	WARTS_HTTP_BUF_DATA = 0, /* body bytes */
	WARTS_HTTP_BUF_HDR  = 1, /* request or response header */
	WARTS_HTTP_BUF_TLS  = 2, /* a TLS record */
};

/*
 * One buffer sent or received.  dir and type share one byte on disk:
 * dir is its top bit, type its low 7 bits, so type must be below 128.
 */
typedef struct warts_http_buf {
	uint8_t   dir;   /* bit 1 (top bit): WARTS_HTTP_BUF_RX or _TX */
	uint8_t   type;  /* bit 1 (low 7 bits): WARTS_HTTP_BUF_DATA, ... */
	warts_tv  tv;    /* bit 2: when it was sent or received */
	uint16_t  len;   /* bit 3: bytes in data */
	uint8_t  *data;  /* bit 4: owned; NULL when len is 0 */
} warts_http_buf;

typedef struct warts_http {
	warts_list  *list;          /* bit 1; reference held, or NULL */
	warts_cycle *cycle;         /* bit 2; reference held, or NULL */
	uint32_t     userid;        /* bit 3 */
	warts_addr   src;           /* bit 4 */
	warts_addr   dst;           /* bit 5 */
	uint16_t     sport;         /* bit 6 */
	uint16_t     dport;         /* bit 7: 80 or 443 by type if absent */
	warts_tv     start;         /* bit 8 */
	uint8_t      stop_reason;   /* bit 9: enum warts_http_stop */
	uint8_t      type;          /* bit 10: enum warts_http_type */
	char        *host;          /* bit 11: the URL's host; required */
	char        *file;          /* bit 12: the URL's path; required */
	warts_rtt    hsrtt;         /* bit 15: TCP handshake, microseconds */
	uint32_t     flags;         /* bit 16: WARTS_HTTP_FLAG_* */
	warts_tv     maxtime;       /* bit 17: time allowed, as a duration */
	char        *errmsg;        /* bit 18, or NULL */
	uint8_t      ech_status;    /* bit 19: enum warts_http_ech_status */
	char        *ech_outer_sni; /* bit 20, or NULL */

	uint8_t      headerc;       /* bit 13: extra request headers */
	char       **headers;       /* "Name: value" strings, owned */

	uint32_t        bufc;       /* bit 14: buffers exchanged */
	warts_http_buf *bufs;

	/* trailing attributes 1 and 2; absent when the length is 0 */
	uint32_t     ech_config_list_len;
	uint8_t     *ech_config_list;   /* ECH config list offered */
	uint32_t     ech_retry_config_len;
	uint8_t     *ech_retry_config;  /* retry config the server sent */
} warts_http;

/* A zeroed http object (type https, dport 443), or NULL when out of
 * memory. */
WARTS_API warts_http *warts_http_alloc(void);

/* Free an http object and everything it owns.  NULL is ignored. */
WARTS_API void warts_http_free(warts_http *http);

/*
 * Append a copy of header (a "Name: value" string) to http->headers.
 * Returns 0, or -1 when out of memory or there are already 255.
 */
WARTS_API int warts_http_header_add(warts_http *http, const char *header);

/*
 * Append a buffer holding a copy of len bytes of data (which may be NULL
 * when len is 0).  Returns it, or NULL when out of memory.  The pointer
 * is valid until the next append.
 */
WARTS_API warts_http_buf *warts_http_buf_add(warts_http *http, uint8_t dir,
                                             uint8_t type, const void *data,
                                             uint16_t len);

/* The destination port a reader assumes for a type: 80, 443, or 0. */
static inline uint16_t warts_http_default_port(uint8_t type)
{
	return type == WARTS_HTTP_TYPE_HTTP ? 80 :
	       type == WARTS_HTTP_TYPE_HTTPS ? 443 : 0;
}

#ifdef __cplusplus
}
#endif

#endif
