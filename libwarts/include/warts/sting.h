/*
 * warts/sting.h: Sting TCP loss measurement (warts record type 12).
 *
 * Sting measures packet loss in each direction of a TCP connection: it
 * completes a handshake, sends `count` data segments with a sequence
 * hole, and watches which are acknowledged.  The record holds the
 * parameters and results, then every packet sent and received.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 * Durations keep the unit the file uses, so a record read and written back
 * is unchanged.
 */
#ifndef WARTS_STING_H
#define WARTS_STING_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/list.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* sting.dist: how the gaps between data segments are drawn */
enum warts_sting_dist {
	WARTS_STING_DIST_EXPONENTIAL = 1,
	WARTS_STING_DIST_PERIODIC    = 2,
	WARTS_STING_DIST_UNIFORM     = 3,
};

/* sting.result */
enum warts_sting_result {
	WARTS_STING_RESULT_NONE      = 0,
	WARTS_STING_RESULT_COMPLETED = 1,
	WARTS_STING_RESULT_ERROR     = 2,
};

/* sting_pkt.flags */
enum {
	WARTS_STING_PKT_TX   = 0x01, /* we sent it */
	WARTS_STING_PKT_RX   = 0x02, /* we received it */
	WARTS_STING_PKT_DATA = 0x04, /* a data segment */
	WARTS_STING_PKT_HOLE = 0x08, /* the segment that makes the hole */
};

/* One packet, as it went over the wire (IP header onwards). */
typedef struct warts_sting_pkt {
	uint8_t   flags;  /* bit 1: WARTS_STING_PKT_* */
	warts_tv  tv;     /* bit 2: when it was sent or received */
	uint16_t  len;    /* bit 3: bytes in data; never 0 */
	uint8_t  *data;   /* bit 4: the packet; required */
} warts_sting_pkt;

typedef struct warts_sting {
	warts_list  *list;      /* bit 1; reference held, or NULL */
	warts_cycle *cycle;     /* bit 2; reference held, or NULL */
	uint32_t     userid;    /* bit 3 */
	warts_addr   src;       /* bit 4: required */
	warts_addr   dst;       /* bit 5: required */
	uint16_t     sport;     /* bit 6 */
	uint16_t     dport;     /* bit 7 */
	uint16_t     count;     /* bit 8: data segments to send */
	uint16_t     mean;      /* bit 9: mean gap, milliseconds */
	uint16_t     inter;     /* bit 10: inter-phase gap, milliseconds */
	uint8_t      dist;      /* bit 11: enum warts_sting_dist */
	uint8_t      synretx;   /* bit 12: SYN retransmissions allowed */
	uint8_t      dataretx;  /* bit 13: data retransmissions allowed */
	uint8_t      seqskip;   /* bit 14: segments skipped to make the hole */
	warts_tv     start;     /* bit 17 */
	warts_tv     hsrtt;     /* bit 18: handshake RTT (a timeval) */
	uint16_t     dataackc;  /* bit 19: data segments acknowledged */
	uint16_t     holec;     /* bit 20: holes filled */
	uint8_t      result;    /* bit 22: enum warts_sting_result */
	/*
	 * bit 23, or NULL.  scamper 20260420 declares this bit but neither
	 * writes nor reads it; we write it as a string, which both of
	 * scamper's readers skip by the parameter length.
	 */
	char        *errmsg;

	/*
	 * The payload sent in each data segment.  scamper writes the bytes
	 * of its own pointer and neighbouring memory here instead of the
	 * payload, so in files scamper wrote these bytes are meaningless;
	 * they are kept as read so the record is written back unchanged.
	 * data is NULL when the record carries no bit 16; the bit is written
	 * when datalen is non-zero and data is not NULL.
	 */
	uint16_t     datalen;   /* bit 15: bytes in data */
	uint8_t     *data;      /* bit 16 */

	uint32_t         pktc;  /* bit 21: packets in pkts */
	warts_sting_pkt *pkts;
} warts_sting;

/* A zeroed sting, or NULL when out of memory. */
WARTS_API warts_sting *warts_sting_alloc(void);

/* Free a sting and everything it owns.  NULL is ignored. */
WARTS_API void warts_sting_free(warts_sting *sting);

/*
 * Append a packet holding a copy of len bytes of data to sting->pkts and
 * count it in sting->pktc.  Returns it, or NULL when out of memory or
 * when len is 0.  The pointer is valid until the next append.
 */
WARTS_API warts_sting_pkt *warts_sting_pkt_add(warts_sting *sting,
                                               uint8_t flags,
                                               const warts_tv *tv,
                                               const void *data,
                                               uint16_t len);

#ifdef __cplusplus
}
#endif

#endif
