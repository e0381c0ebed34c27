/*
 * warts/ping.h: ping (warts record type 7).
 *
 * A ping holds its parameters, then every reply it received as one record
 * each, in the order the file stores them: by probe (0 to ping_sent - 1),
 * then by arrival.  There are no probe records: each reply carries its
 * probe's id and the few facts scamper keeps per probe (when it was sent,
 * its source port and IP id), so probes that drew no reply leave no trace
 * beyond ping_sent.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 * Durations keep the unit the file uses (whole seconds plus a microsecond
 * part), so a ping read and written back is unchanged.
 */
#ifndef WARTS_PING_H
#define WARTS_PING_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/list.h"
#include "warts/style.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ping.method: how each probe is made */
enum warts_ping_method {
	WARTS_PING_ICMP_ECHO     = 0,
	WARTS_PING_TCP_ACK       = 1,
	WARTS_PING_TCP_ACK_SPORT = 2,
	WARTS_PING_UDP           = 3,
	WARTS_PING_UDP_DPORT     = 4,
	WARTS_PING_ICMP_TIME     = 5,
	WARTS_PING_TCP_SYN       = 6,
	WARTS_PING_TCP_SYNACK    = 7,
	WARTS_PING_TCP_RST       = 8,
	WARTS_PING_TCP_SYN_SPORT = 9,  /* 2026 */
	WARTS_PING_UDP_SPORT     = 10, /* 2026 */
};

/* ping.stop_reason */
enum warts_ping_stop {
	WARTS_PING_STOP_NONE       = 0,
	WARTS_PING_STOP_COMPLETED  = 1,
	WARTS_PING_STOP_ERROR      = 2,
	WARTS_PING_STOP_HALTED     = 3,
	WARTS_PING_STOP_INPROGRESS = 4, /* 2026 */
};

/* ping.flags */
enum {
	WARTS_PING_FLAG_V4RR      = 0x001, /* IPv4 record route */
	WARTS_PING_FLAG_SPOOF     = 0x002, /* spoofed source */
	WARTS_PING_FLAG_PAYLOAD   = 0x004, /* payload is the whole payload */
	WARTS_PING_FLAG_TSONLY    = 0x008, /* IPv4 timestamps only */
	WARTS_PING_FLAG_TSANDADDR = 0x010, /* IPv4 timestamps and addresses */
	WARTS_PING_FLAG_ICMPSUM   = 0x020, /* icmpsum holds the checksum */
	WARTS_PING_FLAG_DL        = 0x040, /* datalink timestamps */
	WARTS_PING_FLAG_TBT       = 0x080, /* too-big trick */
	WARTS_PING_FLAG_NOSRC     = 0x100, /* source not in the payload */
	WARTS_PING_FLAG_RAW       = 0x200, /* 2026 */
	WARTS_PING_FLAG_SOCKRX    = 0x400, /* 2026 */
	WARTS_PING_FLAG_DLTX      = 0x800, /* 2026 */
};

/* ping_reply.flags */
enum {
	WARTS_PING_REPLY_REPLY_TTL  = 0x01, /* reply_ttl is set */
	WARTS_PING_REPLY_REPLY_IPID = 0x02, /* reply_ipid(32) is set */
	WARTS_PING_REPLY_PROBE_IPID = 0x04, /* probe_ipid is set */
	WARTS_PING_REPLY_DLTX       = 0x08, /* 2026 */
	WARTS_PING_REPLY_DLRX       = 0x10, /* 2026 */
	WARTS_PING_REPLY_REPLY_TOS  = 0x20, /* 2026 */
	WARTS_PING_REPLY_PENDING    = 0x40, /* 2026 */
};

/* Addresses an IPv4 record-route option collected (reply bit 13). */
typedef struct warts_ping_v4rr {
	uint8_t    ipc;
	warts_addr ip[];
} warts_ping_v4rr;

/* One IPv4 timestamp option slot: the stamp, and who made it. */
typedef struct warts_ping_v4ts_slot {
	uint32_t   ts;  /* milliseconds since midnight UTC, as sent */
	warts_addr ip;  /* absent when the v4ts has no addresses */
} warts_ping_v4ts_slot;

/* The IPv4 timestamp option of a reply (reply bit 14). */
typedef struct warts_ping_v4ts {
	uint8_t              tsc;  /* slots in use */
	uint8_t              ipc;  /* 0 (timestamps only) or tsc */
	warts_ping_v4ts_slot slot[];
} warts_ping_v4ts;

/* Prespecified addresses for the timestamp option (ping bit 24). */
typedef struct warts_ping_tsps {
	uint8_t    ipc;
	warts_addr ip[];
} warts_ping_tsps;

/* The three stamps of an ICMP timestamp reply (reply bit 17). */
typedef struct warts_ping_tsreply {
	uint32_t tso;  /* originate */
	uint32_t tsr;  /* receive */
	uint32_t tst;  /* transmit */
} warts_ping_tsreply;

/*
 * One reply.  The probe fields (probe_*) describe the probe it answers;
 * scamper keeps them once per probe and repeats them in every reply.
 */
typedef struct warts_ping_reply {
	warts_addr  addr;          /* bit 12 (or 1): who replied; required */
	uint16_t    probe_id;      /* bit 7: below ping.ping_sent */
	warts_tv    probe_tx;      /* bit 16: probe sent; 0 if not recorded */
	uint16_t    probe_sport;   /* bit 18 (2026) */
	uint16_t    probe_ipid;    /* bit 9 */
	warts_rtt   rtt;           /* bit 6: microseconds */
	uint8_t     flags;         /* bit 2: WARTS_PING_REPLY_* */
	uint8_t     reply_proto;   /* bit 10: IP protocol (1 or 58 if absent) */
	uint8_t     reply_ttl;     /* bit 3 */
	uint8_t     reply_tos;     /* bit 19 (2026) */
	uint16_t    reply_size;    /* bit 4 */
	uint16_t    reply_ipid;    /* bit 8: 16-bit IP id */
	uint32_t    reply_ipid32;  /* bit 15: 32-bit IP id (IPv6 fragment) */
	uint8_t     icmp_type;     /* bit 5 */
	uint8_t     icmp_code;     /* bit 5 */
	uint16_t    icmp_nhmtu;    /* bit 21 (2026): next-hop MTU of a too-big */
	uint8_t     tcp_flags;     /* bit 11 */
	char       *ifname;        /* bit 20 (2026): receiving interface */
	warts_ping_v4rr    *v4rr;    /* bit 13, or NULL */
	warts_ping_v4ts    *v4ts;    /* bit 14, or NULL */
	warts_ping_tsreply *tsreply; /* bit 17, or NULL */
} warts_ping_reply;

typedef struct warts_ping {
	/* ordered by size, to leave no padding; the warts bits are below */
	warts_list  *list;         /* bit 1; reference held, or NULL */
	warts_cycle *cycle;        /* bit 2; reference held, or NULL */
	uint8_t     *payload;      /* bit 9: payload_len bytes, or NULL */
	warts_ping_tsps *tsps;     /* bit 24, or NULL */
	char        *errmsg;       /* bit 34 (2026), or NULL */
	warts_ping_reply *replies; /* replyc replies, in file order */

	warts_tv     start;        /* bit 5 */
	uint32_t     userid;       /* bit 19 */
	uint32_t     tcpseq;       /* bit 31 */
	uint32_t     tcpack;       /* bit 29 */
	uint32_t     wait_usec;    /* bit 28: between probes, with wait_sec */
	uint32_t     timeout_usec; /* bit 33: with timeout_sec */
	uint32_t     flags;        /* bits 22 and 30: WARTS_PING_FLAG_* */

	uint16_t     stop_count;   /* bit 14: replies to wait for, 0 = all */
	uint16_t     attempts;     /* bit 10: probes to send */
	uint16_t     probe_size;   /* bit 11 */
	uint16_t     sport;        /* bit 17 */
	uint16_t     dport;        /* bit 18 */
	uint16_t     icmpsum;      /* bit 25: with WARTS_PING_FLAG_ICMPSUM */
	uint16_t     pmtu;         /* bit 26 */
	uint16_t     payload_len;  /* bit 8 */
	uint16_t     ping_sent;    /* bit 15: probes sent */
	uint16_t     replyc;       /* replies in file order */

	uint8_t      stop_reason;  /* bit 6: enum warts_ping_stop */
	uint8_t      stop_data;    /* bit 7 */
	uint8_t      method;       /* bit 16: enum warts_ping_method */
	uint8_t      ttl;          /* bit 13 */
	uint8_t      tos;          /* bit 23 */
	uint8_t      wait_sec;     /* bit 12: between probes, seconds */
	uint8_t      timeout_sec;  /* bit 27: for a reply (wait_sec if absent) */
	uint8_t      style;        /* enum warts_style */

	warts_addr   src;          /* bit 20 (or 3) */
	warts_addr   dst;          /* bit 21 (or 4); required */
	warts_addr   rtr;          /* bit 32: router used to send probes */
} warts_ping;

/* A zeroed ping, or NULL when out of memory. */
WARTS_API warts_ping *warts_ping_alloc(void);

/* Free a ping and everything it owns.  NULL is ignored. */
WARTS_API void warts_ping_free(warts_ping *ping);

/* Free what a reply owns (not the reply itself) and zero it. */
WARTS_API void warts_ping_reply_clear(warts_ping_reply *reply);

/*
 * Append a zeroed reply to ping->replies, with reply_proto set to what a
 * reader assumes for an ICMP ping (1 for an IPv4 dst, 58 otherwise), so
 * set dst first.  Returns it, or NULL when out of memory.  The pointer is
 * valid until the next append.
 */
WARTS_API warts_ping_reply *warts_ping_reply_add(warts_ping *ping);

/*
 * Allocate the optional blocks with room for n entries, zeroed but for
 * their counts (ipc, tsc; a v4ts gets ipc = n when with_addrs is set).
 * Free them with free(); a ping frees those it holds.
 */
WARTS_API warts_ping_v4rr *warts_ping_v4rr_alloc(uint8_t n);
WARTS_API warts_ping_v4ts *warts_ping_v4ts_alloc(uint8_t n, int with_addrs);
WARTS_API warts_ping_tsps *warts_ping_tsps_alloc(uint8_t n);

/* Non-zero when the ping's probes are ICMP (echo or timestamp). */
static inline int warts_ping_method_is_icmp(const warts_ping *ping)
{
	return ping->method == WARTS_PING_ICMP_ECHO ||
	       ping->method == WARTS_PING_ICMP_TIME;
}

/*
 * The reply's IP id: the 16-bit field for an IPv4 ping, else the 32-bit
 * one (scamper keeps both in one 32-bit value).
 */
static inline uint32_t warts_ping_reply_ipid(const warts_ping *ping,
                                             const warts_ping_reply *reply)
{
	return ping->dst.type == WARTS_ADDR_IPV4 ? reply->reply_ipid
	                                         : reply->reply_ipid32;
}

#ifdef __cplusplus
}
#endif

#endif
