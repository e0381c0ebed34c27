/*
 * warts/neighbourdisc.h: neighbour discovery (warts record type 10).
 *
 * A neighbourdisc measurement asks the local link who holds an IP address:
 * an ARP request for IPv4, an ICMPv6 neighbour solicitation for IPv6.  The
 * record holds the query, then every probe sent, each followed by the
 * replies it drew, in the order scamper stores them.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 * Durations keep the unit the file uses, so a record read and written back
 * is unchanged.  MAC addresses are warts_addr values of type
 * WARTS_ADDR_ETHERNET.
 */
#ifndef WARTS_NEIGHBOURDISC_H
#define WARTS_NEIGHBOURDISC_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/list.h"
#include "warts/style.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* neighbourdisc.method */
enum warts_neighbourdisc_method {
	WARTS_NEIGHBOURDISC_ARP     = 1, /* IPv4 ARP request */
	WARTS_NEIGHBOURDISC_ND_NSOL = 2, /* IPv6 neighbour solicitation */
};

/* neighbourdisc.flags */
enum {
	WARTS_NEIGHBOURDISC_FLAG_ALLATTEMPTS = 0x01, /* probe every attempt */
	WARTS_NEIGHBOURDISC_FLAG_FIRSTRESP   = 0x02, /* stop at the first reply */
};

/* One reply to a probe. */
typedef struct warts_neighbourdisc_reply {
	warts_tv   rx;   /* bit 1: when it arrived */
	warts_addr mac;  /* bit 2: the MAC address it gave; required */
} warts_neighbourdisc_reply;

/* One probe and the replies it drew. */
typedef struct warts_neighbourdisc_probe {
	warts_tv                   tx;   /* bit 1: when it was sent */
	uint16_t                   rxc;  /* bit 2: replies in rxs */
	warts_neighbourdisc_reply *rxs;
} warts_neighbourdisc_probe;

typedef struct warts_neighbourdisc {
	warts_list  *list;         /* bit 1; reference held, or NULL */
	warts_cycle *cycle;        /* bit 2; reference held, or NULL */
	uint32_t     userid;       /* bit 3 */
	char        *ifname;       /* bit 4: interface probed on, or NULL */
	warts_tv     start;        /* bit 5 */
	uint8_t      method;       /* bit 6: enum warts_neighbourdisc_method */
	uint16_t     wait_timeout; /* bit 7: milliseconds */
	uint8_t      flags;        /* bit 8: WARTS_NEIGHBOURDISC_FLAG_* */
	uint16_t     attempts;     /* bit 9: probes to send at most */
	uint16_t     replyc;       /* bit 10: replies wanted */
	warts_addr   src_ip;       /* bit 11: our IP address */
	warts_addr   src_mac;      /* bit 12: our MAC address */
	warts_addr   dst_ip;       /* bit 13: the address asked about */
	warts_addr   dst_mac;      /* bit 14: the answer, if any */
	char        *errmsg;       /* bit 16 (2026), or NULL */

	uint16_t                   probec; /* bit 15: probes in probes */
	warts_neighbourdisc_probe *probes;

	/*
	 * enum warts_style.  scamper 20211212 declared 12 bytes of
	 * parameters for a probe that had replies, wrote 10, and padded the
	 * record with 2 zero bytes per such probe; WARTS_STYLE_2021 writes
	 * that encoding again (scamper's own readers reject it).
	 */
	uint8_t style;
} warts_neighbourdisc;

/* A zeroed neighbourdisc, or NULL when out of memory. */
WARTS_API warts_neighbourdisc *warts_neighbourdisc_alloc(void);

/* Free a neighbourdisc and everything it owns.  NULL is ignored. */
WARTS_API void warts_neighbourdisc_free(warts_neighbourdisc *nd);

/*
 * Append a zeroed probe to nd->probes and count it in nd->probec.
 * Returns it, or NULL when out of memory or full.  The pointer is valid
 * until the next append.
 */
WARTS_API warts_neighbourdisc_probe *
warts_neighbourdisc_probe_add(warts_neighbourdisc *nd);

/* The same for a reply to a probe. */
WARTS_API warts_neighbourdisc_reply *
warts_neighbourdisc_reply_add(warts_neighbourdisc_probe *probe);

#ifdef __cplusplus
}
#endif

#endif
