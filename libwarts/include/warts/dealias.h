/*
 * warts/dealias.h: alias resolution (warts record type 9).
 *
 * A dealias measurement asks whether addresses belong to one router.  It
 * holds its parameters, one block of settings for its method (mercator,
 * ally, radargun, prefixscan, bump, and since scamper 2026 midarest and
 * midardisc), the probe definitions (probedefs) the method sends, and every
 * probe sent with the replies it drew.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 * Durations keep the unit the file uses (seconds, milliseconds, or
 * microseconds for the 2026 methods), so a measurement read and written
 * back is unchanged.
 */
#ifndef WARTS_DEALIAS_H
#define WARTS_DEALIAS_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/icmpext.h"
#include "warts/list.h"
#include "warts/style.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dealias.method: selects the member of the method union */
enum warts_dealias_method {
	WARTS_DEALIAS_MERCATOR   = 1,
	WARTS_DEALIAS_ALLY       = 2,
	WARTS_DEALIAS_RADARGUN   = 3,
	WARTS_DEALIAS_PREFIXSCAN = 4,
	WARTS_DEALIAS_BUMP       = 5,
	WARTS_DEALIAS_MIDAREST   = 6, /* 2026 */
	WARTS_DEALIAS_MIDARDISC  = 7, /* 2026 */
};

/* dealias.result */
enum warts_dealias_result {
	WARTS_DEALIAS_RESULT_NONE       = 0,
	WARTS_DEALIAS_RESULT_ALIASES    = 1,
	WARTS_DEALIAS_RESULT_NOTALIASES = 2,
	WARTS_DEALIAS_RESULT_HALTED     = 3,
	WARTS_DEALIAS_RESULT_IPIDECHO   = 4,
	WARTS_DEALIAS_RESULT_ERROR      = 5, /* 2026 */
};

/* probedef.method: what a probe is */
enum warts_dealias_probedef_method {
	WARTS_DEALIAS_PROBE_ICMP_ECHO     = 1,
	WARTS_DEALIAS_PROBE_TCP_ACK       = 2,
	WARTS_DEALIAS_PROBE_UDP           = 3,
	WARTS_DEALIAS_PROBE_TCP_ACK_SPORT = 4,
	WARTS_DEALIAS_PROBE_UDP_DPORT     = 5,
	WARTS_DEALIAS_PROBE_TCP_SYN_SPORT = 6,
};

/* Flags of the method blocks and of replies. */
enum {
	WARTS_DEALIAS_ALLY_NOBS         = 0x01, /* ally.flags */
	WARTS_DEALIAS_RADARGUN_SHUFFLE  = 0x01, /* radargun.flags */
	WARTS_DEALIAS_PREFIXSCAN_NOBS   = 0x01, /* prefixscan.flags */
	WARTS_DEALIAS_PREFIXSCAN_CSA    = 0x02, /* prefixscan.flags */
	WARTS_DEALIAS_REPLY_IPID32      = 0x01, /* reply.flags */
};

/*
 * How one kind of probe is built.  Which of the protocol fields are used
 * depends on the method: sport/dport for UDP and TCP, tcp_flags for TCP,
 * icmp_id/icmp_csum for ICMP.  The reader zeroes the others.
 */
typedef struct warts_dealias_probedef {
	warts_addr dst;        /* bit 10 (or 1): required */
	warts_addr src;        /* bit 11 (or 2): may be absent (2026) */
	uint32_t   id;         /* bit 3: its index in dealias.probedefs */
	uint8_t    method;     /* bit 4: enum warts_dealias_probedef_method */
	uint8_t    ttl;        /* bit 5 */
	uint8_t    tos;        /* bit 6 */
	uint16_t   size;       /* bit 12: probe size in bytes */
	uint16_t   mtu;        /* bit 13 */
	uint16_t   sport;      /* bit 7: UDP and TCP */
	uint16_t   dport;      /* bit 7: UDP and TCP */
	uint8_t    tcp_flags;  /* bit 8: TCP */
	uint16_t   icmp_id;    /* bit 9: ICMP */
	uint16_t   icmp_csum;  /* bit 14: ICMP (old files: bit 7, bytes 2-3) */
} warts_dealias_probedef;

/* Which protocol a probedef's method uses. */
static inline int
warts_dealias_probedef_is_icmp(const warts_dealias_probedef *p)
{
	return p->method == WARTS_DEALIAS_PROBE_ICMP_ECHO;
}

static inline int
warts_dealias_probedef_is_udp(const warts_dealias_probedef *p)
{
	return p->method == WARTS_DEALIAS_PROBE_UDP ||
	       p->method == WARTS_DEALIAS_PROBE_UDP_DPORT;
}

static inline int
warts_dealias_probedef_is_tcp(const warts_dealias_probedef *p)
{
	return p->method == WARTS_DEALIAS_PROBE_TCP_ACK ||
	       p->method == WARTS_DEALIAS_PROBE_TCP_ACK_SPORT ||
	       p->method == WARTS_DEALIAS_PROBE_TCP_SYN_SPORT;
}

/* One reply to a probe. */
typedef struct warts_dealias_reply {
	warts_addr     src;        /* bit 10 (or 1): required */
	warts_tv       rx;         /* bit 2 */
	uint32_t       ipid;       /* bit 3 (16 bits, IPv4 src) or bit 11
	                              (32 bits, IPv6 src) */
	uint8_t        ttl;        /* bit 4 */
	uint8_t        proto;      /* bit 8: IP protocol; when absent 1 for an
	                              IPv4 src, 58 for IPv6 */
	uint8_t        icmp_type;  /* bit 5: ICMP replies */
	uint8_t        icmp_code;  /* bit 5 */
	uint8_t        icmp_q_ttl; /* bit 6: quoted TTL, ICMP replies */
	uint8_t        tcp_flags;  /* bit 9: TCP replies */
	uint8_t        flags;      /* bit 12: WARTS_DEALIAS_REPLY_IPID32 */
	uint16_t       size;       /* bit 13 (2026): reply size in bytes */
	warts_icmpexts icmpext;    /* bit 7: ICMP replies */
} warts_dealias_reply;

/* Non-zero when the reply is an ICMP (1) or ICMPv6 (58) message. */
static inline int warts_dealias_reply_is_icmp(const warts_dealias_reply *r)
{
	return r->proto == 1 || r->proto == 58;
}

/* One probe sent, with the replies it drew. */
typedef struct warts_dealias_probe {
	uint32_t             def;     /* bit 1 (0 if absent): index into
	                                 dealias.probedefs; scamper writes the
	                                 probedef's id, which is its index */
	warts_tv             tx;      /* bit 2 */
	uint16_t             ipid;    /* bit 4: IPv4 probes */
	uint32_t             seq;     /* bit 5 */
	uint16_t             replyc;  /* bit 3 */
	warts_dealias_reply *replies;
} warts_dealias_probe;

/* Method settings: one struct per method.  Bit numbers are the block's. */

typedef struct warts_dealias_mercator {   /* 1 probedef */
	uint8_t attempts;      /* bit 1 */
	uint8_t wait_timeout;  /* bit 2: seconds */
} warts_dealias_mercator;

typedef struct warts_dealias_ally {       /* 2 probedefs */
	uint16_t wait_probe;   /* bit 1: milliseconds */
	uint8_t  wait_timeout; /* bit 2: seconds */
	uint8_t  attempts;     /* bit 3 */
	uint16_t fudge;        /* bit 4 */
	uint8_t  flags;        /* bit 5: WARTS_DEALIAS_ALLY_NOBS */
} warts_dealias_ally;

typedef struct warts_dealias_radargun {   /* 1 or more probedefs (bit 1) */
	uint16_t rounds;       /* bit 2 (2021 called it attempts) */
	uint16_t wait_probe;   /* bit 3: milliseconds */
	uint32_t wait_round;   /* bit 4: milliseconds */
	uint8_t  wait_timeout; /* bit 5: seconds */
	uint8_t  flags;        /* bit 6: WARTS_DEALIAS_RADARGUN_SHUFFLE */
} warts_dealias_radargun;

typedef struct warts_dealias_prefixscan { /* 0-65535 probedefs (bit 10) */
	warts_addr  a;            /* bit 1 */
	warts_addr  b;            /* bit 2 */
	warts_addr  ab;           /* bit 3: the alias found, if any */
	uint16_t    xc;           /* bit 4: addresses excluded */
	warts_addr *xs;
	uint8_t     prefix;       /* bit 5: prefix length */
	uint8_t     attempts;     /* bit 6 */
	uint16_t    fudge;        /* bit 7 */
	uint16_t    wait_probe;   /* bit 8: milliseconds */
	uint8_t     wait_timeout; /* bit 9: seconds */
	uint8_t     flags;        /* bit 11: WARTS_DEALIAS_PREFIXSCAN_* */
	uint8_t     replyc;       /* bit 12: replies needed (5 if absent) */
} warts_dealias_prefixscan;

/*
 * Bump's wait is milliseconds, kept exactly as the file holds it.  scamper
 * 2026 writes it from a time as seconds * 1000 + seconds / 1000, so its
 * files hold whole seconds; scamper 2021 kept the milliseconds it was
 * given.  warts-types.md section 9, "Oddity (bump)".
 */
typedef struct warts_dealias_bump {       /* 2 probedefs */
	uint16_t wait_probe;   /* bit 1: milliseconds */
	uint16_t bump_limit;   /* bit 2 */
	uint8_t  attempts;     /* bit 3 */
} warts_dealias_bump;

typedef struct warts_dealias_midarest {   /* 1-65535 probedefs (bit 1) */
	uint8_t   rounds;       /* bit 2 */
	warts_rtt wait_probe;   /* bit 3: microseconds */
	warts_rtt wait_round;   /* bit 4: microseconds */
	warts_rtt wait_timeout; /* bit 5: microseconds */
} warts_dealias_midarest;

/* One round of a midardisc schedule: when it starts and which probedefs
 * (an inclusive index range) it probes. */
typedef struct warts_dealias_midardisc_round {
	warts_tv start;  /* offset from the measurement's start */
	uint32_t begin;
	uint32_t end;
} warts_dealias_midardisc_round;

typedef struct warts_dealias_midardisc {  /* 1 or more probedefs (bit 1) */
	warts_rtt                      wait_timeout; /* bit 2: microseconds */
	uint32_t                       schedc;       /* bit 3 */
	warts_dealias_midardisc_round *sched;
	warts_tv                      *startat;      /* bit 4, or NULL */
} warts_dealias_midardisc;

typedef struct warts_dealias {
	warts_list  *list;        /* bit 1; reference held, or NULL */
	warts_cycle *cycle;       /* bit 2; reference held, or NULL */
	uint32_t     userid;      /* bit 7 */
	warts_tv     start;       /* bit 3 */
	uint8_t      method;      /* bit 4: enum warts_dealias_method */
	uint8_t      result;      /* bit 5: enum warts_dealias_result */
	char        *errmsg;      /* bit 8 (2026), or NULL */

	/* the settings of `method`; set method before filling them in, and
	 * do not change it afterwards: warts_dealias_free() frees what the
	 * selected member owns */
	union {
		warts_dealias_mercator   mercator;
		warts_dealias_ally       ally;
		warts_dealias_radargun   radargun;
		warts_dealias_prefixscan prefixscan;
		warts_dealias_bump       bump;
		warts_dealias_midarest   midarest;
		warts_dealias_midardisc  midardisc;
	};

	/* probe definitions; their count is fixed by the method for
	 * mercator (1), ally (2) and bump (2), and recorded otherwise */
	uint32_t                probedefc;
	warts_dealias_probedef *probedefs;

	uint32_t             probec;  /* bit 6 */
	warts_dealias_probe *probes;

	/*
	 * A method this library does not know (0, or above 7): the reader
	 * stops after the parameters, as scamper's does, and keeps the bytes
	 * that follow here so the record is written back as read.  probec
	 * is then only the number the file holds, and probes is NULL.
	 */
	uint32_t unknown_len;
	uint8_t *unknown;

	/*
	 * enum warts_style.  The one difference between the writers that
	 * shows in a record: scamper 20211212 wrote prefixscan's count of
	 * excluded addresses (bit 4) byte-swapped, as little-endian hosts
	 * hold it.  The reader recognises that and sets WARTS_STYLE_2021;
	 * the writer then swaps it too.  (2021 also always wrote a
	 * probedef's src, bit 11, but it could not run without one, so
	 * "when present", the 2026 rule, writes the same bytes.)
	 */
	uint8_t style;
} warts_dealias;

/* A zeroed dealias, or NULL when out of memory. */
WARTS_API warts_dealias *warts_dealias_alloc(void);

/* Free a dealias and everything it owns.  NULL is ignored. */
WARTS_API void warts_dealias_free(warts_dealias *dealias);

/*
 * Append a zeroed probedef whose id is its index.  Returns it, or NULL
 * when out of memory.  The pointer is valid until the next append.
 */
WARTS_API warts_dealias_probedef *warts_dealias_probedef_add(warts_dealias *d);

/*
 * Append a zeroed probe of probedef `def`, or a reply to a probe.  Returns
 * it, or NULL when out of memory or full.  Pointers are valid until the
 * next append to the same array.
 */
WARTS_API warts_dealias_probe *warts_dealias_probe_add(warts_dealias *d,
                                                       uint32_t def);
WARTS_API warts_dealias_reply *warts_dealias_reply_add(warts_dealias_probe *p);

/* The method's name as scamper's tools print it ("mercator", "ally",
 * ...), or NULL for a method this library does not know. */
WARTS_API const char *warts_dealias_method_name(uint8_t method);

#ifdef __cplusplus
}
#endif

#endif
