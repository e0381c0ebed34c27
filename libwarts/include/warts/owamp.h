/*
 * warts/owamp.h: One-Way Active Measurement Protocol tests (RFC 4656;
 * warts record type 17, scamper 2026).
 *
 * An owamp object holds the test session's parameters (control
 * connection, packet schedule, packet size, DSCP, TTL), how it ended, and
 * every test packet sent, each with the copies the far end received.
 *
 * warts(5) lists OWAMP as type 0x0020, but scamper writes 17 (0x0011);
 * this library follows scamper.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 * Durations keep the unit the file uses, so an object read and written
 * back is unchanged.
 */
#ifndef WARTS_OWAMP_H
#define WARTS_OWAMP_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/list.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* owamp.result */
enum warts_owamp_result {
	WARTS_OWAMP_RESULT_NONE        = 0,
	WARTS_OWAMP_RESULT_DONE        = 1,
	WARTS_OWAMP_RESULT_HALTED      = 2,
	WARTS_OWAMP_RESULT_ERROR       = 3,
	WARTS_OWAMP_RESULT_NOCONN      = 4,
	WARTS_OWAMP_RESULT_NOTACCEPTED = 5,
	WARTS_OWAMP_RESULT_NOMODE      = 6,
	WARTS_OWAMP_RESULT_TIMEOUT     = 7,
};

/* owamp.dir: which way the test packets flow */
enum {
	WARTS_OWAMP_DIR_TX = 0, /* from scamper to the peer */
	WARTS_OWAMP_DIR_RX = 1, /* from the peer to scamper */
};

/* owamp.flags */
enum {
	WARTS_OWAMP_FLAG_ZERO = 0x0001, /* padding bytes are zero */
};

/* owamp_sched.type */
enum {
	WARTS_OWAMP_SCHED_FIXED = 0,
	WARTS_OWAMP_SCHED_EXP   = 1, /* exponentially distributed */
};

/* owamp_tx.flags */
enum {
	WARTS_OWAMP_TX_NOTSENT = 0x01,
	WARTS_OWAMP_TX_ERREST  = 0x02, /* errest is set */
};

/* owamp_rx.flags: which of the optional fields are set */
enum {
	WARTS_OWAMP_RX_DSCP   = 0x01,
	WARTS_OWAMP_RX_TTL    = 0x02,
	WARTS_OWAMP_RX_ERREST = 0x04,
};

/* One slot of the packet schedule (RFC 4656 section 3.5). */
typedef struct warts_owamp_sched {
	warts_tv tv;    /* bit 1: interval, as a duration */
	uint8_t  type;  /* bit 2: WARTS_OWAMP_SCHED_* */
} warts_owamp_sched;

/* One copy of a test packet, as the receiver reported it. */
typedef struct warts_owamp_rx {
	warts_tv stamp;   /* bit 1: receive time */
	uint16_t errest;  /* bit 2: RFC 4656 error estimate */
	uint8_t  flags;   /* bit 3: WARTS_OWAMP_RX_* */
	uint8_t  dscp;    /* bit 4 */
	uint8_t  ttl;     /* bit 5 */
} warts_owamp_rx;

/* One test packet. */
typedef struct warts_owamp_tx {
	warts_tv        sched;   /* bit 1: when it was due */
	warts_tv        stamp;   /* bit 2: when it was sent */
	uint32_t        seq;     /* bit 3 */
	uint16_t        errest;  /* bit 4: RFC 4656 error estimate */
	uint8_t         flags;   /* bit 5: WARTS_OWAMP_TX_* */
	uint8_t         rxc;     /* bit 6 */
	warts_owamp_rx *rxs;
} warts_owamp_tx;

typedef struct warts_owamp {
	warts_list  *list;          /* bit 1; reference held, or NULL */
	warts_cycle *cycle;         /* bit 2; reference held, or NULL */
	uint32_t     userid;        /* bit 3 */
	warts_addr   src;           /* bit 4 */
	warts_addr   dst;           /* bit 5 */
	uint16_t     dport;         /* bit 6: control port (861 if absent) */
	uint16_t     flags;         /* bit 7: WARTS_OWAMP_FLAG_* */
	warts_tv     start;         /* bit 8 */
	warts_tv     startat;       /* bit 9: when the test was to begin */
	warts_tv     wait_timeout;  /* bit 10: a duration (2 s if absent) */
	uint32_t     attempts;      /* bit 12: packets (10 if absent) */
	uint16_t     pktsize;       /* bit 13: bytes (42 if absent) */
	uint8_t      dir;           /* bit 14: WARTS_OWAMP_DIR_* */
	uint8_t      dscp;          /* bit 15 */
	uint8_t      ttl;           /* bit 16 (255 if absent) */
	warts_rtt    hsrtt;         /* bit 17: control handshake, us */
	uint8_t      result;        /* bit 18: enum warts_owamp_result */
	char        *errmsg;        /* bit 19, or NULL */
	uint16_t     udp_sport;     /* bit 20: test packets' ports */
	uint16_t     udp_dport;     /* bit 21 */

	uint32_t           schedc;  /* bit 11 (1 if absent) */
	warts_owamp_sched *sched;

	uint32_t        txc;        /* bit 22 */
	warts_owamp_tx *txs;
} warts_owamp;

/*
 * A new owamp object holding the values a reader assumes when a field is
 * absent (control port 861, wait timeout 2 s, 10 attempts, packet size
 * 42, TTL 255), except that it has no schedule (schedc 0), or NULL when
 * out of memory.
 */
WARTS_API warts_owamp *warts_owamp_alloc(void);

/* Free an owamp object and everything it owns.  NULL is ignored. */
WARTS_API void warts_owamp_free(warts_owamp *owamp);

/* Append a schedule slot.  Returns 0, or -1 when out of memory. */
WARTS_API int warts_owamp_sched_add(warts_owamp *owamp, const warts_tv *tv,
                                    uint8_t type);

/*
 * Append a zeroed test packet.  Returns it, or NULL when out of memory.
 * The pointer is valid until the next append.
 */
WARTS_API warts_owamp_tx *warts_owamp_tx_add(warts_owamp *owamp);

/*
 * Append a zeroed received copy to a test packet.  Returns it, or NULL
 * when out of memory or the packet has 255.  The pointer is valid until
 * the next append to that packet.
 */
WARTS_API warts_owamp_rx *warts_owamp_rx_add(warts_owamp_tx *tx);

#ifdef __cplusplus
}
#endif

#endif
