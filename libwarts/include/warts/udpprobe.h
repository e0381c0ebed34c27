/*
 * warts/udpprobe.h: UDP request/response probes (warts record type 16,
 * scamper 2026).
 *
 * A udpprobe sends a UDP payload (a DNS query, say) to a destination port
 * one or more times and keeps every reply with the time and interface it
 * arrived on.  Here the probes are a plain array, each with its replies.
 *
 * On disk the first probe is special, for compatibility with the first
 * version of the format: it has no record of its own.  Its source port
 * and reply count are parameters of the udpprobe (bits 6 and 14) and its
 * transmit time is the udpprobe's start time.  The encoder and decoder
 * translate; the one consequence for users is that probes[0].tx is not
 * stored: the decoder sets it to start, and the encoder ignores it.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 * Durations keep the unit the file uses, so an object read and written
 * back is unchanged.
 */
#ifndef WARTS_UDPPROBE_H
#define WARTS_UDPPROBE_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/list.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* udpprobe.stop_reason */
enum warts_udpprobe_stop {
	WARTS_UDPPROBE_STOP_NONE   = 0,
	WARTS_UDPPROBE_STOP_DONE   = 1,
	WARTS_UDPPROBE_STOP_HALTED = 2,
	WARTS_UDPPROBE_STOP_ERROR  = 3,
};

/* udpprobe.flags */
enum {
	WARTS_UDPPROBE_FLAG_EXITFIRST = 0x01, /* stop at the first reply */
};

/* One UDP reply. */
typedef struct warts_udpprobe_reply {
	warts_tv  rx;      /* bit 1: when it arrived */
	uint16_t  len;     /* bit 2: bytes in data */
	uint8_t  *data;    /* bit 3: the UDP payload, owned; NULL if len 0 */
	char     *ifname;  /* bit 4: receiving interface, owned, or NULL */
} warts_udpprobe_reply;

/* One probe sent, and the replies it drew. */
typedef struct warts_udpprobe_probe {
	warts_tv  tx;      /* bit 1; for probes[0], the udpprobe's start */
	uint16_t  sport;   /* bit 2 (udpprobe bit 6 for probes[0]) */
	uint8_t   replyc;  /* bit 3 (udpprobe bit 14 for probes[0]) */
	warts_udpprobe_reply *replies;
} warts_udpprobe_probe;

typedef struct warts_udpprobe {
	warts_list  *list;          /* bit 1; reference held, or NULL */
	warts_cycle *cycle;         /* bit 2; reference held, or NULL */
	uint32_t     userid;        /* bit 3 */
	warts_addr   src;           /* bit 4 */
	warts_addr   dst;           /* bit 5 */
	uint16_t     sport;         /* bit 18: source port asked for, or 0 */
	uint16_t     dport;         /* bit 7 */
	warts_tv     start;         /* bit 8 */
	warts_rtt    wait_timeout;  /* bit 9: microseconds */
	warts_rtt    wait_probe;    /* bit 19: microseconds between probes */
	uint8_t      flags;         /* bit 10: WARTS_UDPPROBE_FLAG_* */
	uint8_t      stop_reason;   /* bit 11: enum warts_udpprobe_stop */
	uint8_t      probe_count;   /* bit 15: probes asked for (1 if absent) */
	uint8_t      stop_count;    /* bit 17: replies to stop after */
	uint16_t     len;           /* bit 12: bytes in data */
	uint8_t     *data;          /* bit 13: the payload, owned, or NULL */
	char        *errmsg;        /* bit 20, or NULL */

	uint8_t               probe_sent; /* bit 16 (1 if absent) */
	warts_udpprobe_probe *probes;     /* probe_sent of them */
} warts_udpprobe;

/* A zeroed udpprobe with probe_count 1 and no probes, or NULL when out
 * of memory. */
WARTS_API warts_udpprobe *warts_udpprobe_alloc(void);

/* Free a udpprobe and everything it owns.  NULL is ignored. */
WARTS_API void warts_udpprobe_free(warts_udpprobe *up);

/*
 * Append a zeroed probe to up->probes and count it in probe_sent.
 * Returns it, or NULL when out of memory or 255 probes exist.  The
 * pointer is valid until the next append.
 */
WARTS_API warts_udpprobe_probe *warts_udpprobe_probe_add(warts_udpprobe *up);

/*
 * Append a reply to a probe: zeroed but for a copy of len bytes of data
 * and of ifname (which may be NULL).  Returns it, or NULL when out of
 * memory or the probe has 255 replies.  The pointer is valid until the
 * next append to that probe.
 */
WARTS_API warts_udpprobe_reply *warts_udpprobe_reply_add(
	warts_udpprobe_probe *probe, const void *data, uint16_t len,
	const char *ifname);

#ifdef __cplusplus
}
#endif

#endif
