/*
 * warts/sniff.h: packet capture (warts record type 13).
 *
 * A sniff measurement captures the packets arriving at one of our
 * addresses that match a filter (scamper matches ICMP echo replies with a
 * given ICMP id), until a packet or time limit is reached.  The record
 * holds the parameters, then every packet captured, IP header onwards.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 * Durations keep the unit the file uses, so a record read and written back
 * is unchanged.
 */
#ifndef WARTS_SNIFF_H
#define WARTS_SNIFF_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/list.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* sniff.stop_reason */
enum warts_sniff_stop {
	WARTS_SNIFF_STOP_NONE       = 0,
	WARTS_SNIFF_STOP_ERROR      = 1,
	WARTS_SNIFF_STOP_LIMIT_TIME = 2,
	WARTS_SNIFF_STOP_LIMIT_PKTC = 3,
	WARTS_SNIFF_STOP_HALTED     = 4,
};

/* One captured packet. */
typedef struct warts_sniff_pkt {
	warts_tv  tv;    /* bit 1: when it arrived */
	uint16_t  len;   /* bit 2: bytes in data; never 0 */
	uint8_t  *data;  /* bit 3: the packet; required */
} warts_sniff_pkt;

typedef struct warts_sniff {
	warts_list  *list;        /* bit 1; reference held, or NULL */
	warts_cycle *cycle;       /* bit 2; reference held, or NULL */
	uint32_t     userid;      /* bit 3 */
	warts_addr   src;         /* bit 4: the address listened on; required */
	warts_tv     start;       /* bit 5 */
	warts_tv     finish;      /* bit 6 */
	uint8_t      stop_reason; /* bit 7: enum warts_sniff_stop */
	uint32_t     limit_pktc;  /* bit 8: packets to capture at most */
	uint16_t     limit_time;  /* bit 9: seconds to capture for at most */
	uint16_t     icmpid;      /* bit 11: ICMP id to match */
	char        *errmsg;      /* bit 12 (2026), or NULL */

	uint32_t         pktc;    /* bit 10: packets in pkts */
	warts_sniff_pkt *pkts;
} warts_sniff;

/* A zeroed sniff, or NULL when out of memory. */
WARTS_API warts_sniff *warts_sniff_alloc(void);

/* Free a sniff and everything it owns.  NULL is ignored. */
WARTS_API void warts_sniff_free(warts_sniff *sniff);

/*
 * Append a packet holding a copy of len bytes of data to sniff->pkts and
 * count it in sniff->pktc.  Returns it, or NULL when out of memory or
 * when len is 0.  The pointer is valid until the next append.
 */
WARTS_API warts_sniff_pkt *warts_sniff_pkt_add(warts_sniff *sniff,
                                               const warts_tv *tv,
                                               const void *data,
                                               uint16_t len);

#ifdef __cplusplus
}
#endif

#endif
