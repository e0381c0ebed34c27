/*
 * warts/trace.h: traceroute (warts record type 6).
 *
 * A trace holds its parameters, then every reply it received as one hop
 * record each, in the order scamper stores them: by probe TTL, then by
 * attempt, then by arrival.  Probes that drew no reply have no record.
 * Optional blocks hold path-MTU discovery, last-ditch probing and
 * Doubletree data.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 * Durations keep the unit the file uses, so a trace read and written back
 * is unchanged.
 */
#ifndef WARTS_TRACE_H
#define WARTS_TRACE_H

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

/* trace.type: the probe method */
enum warts_trace_type {
	WARTS_TRACE_ICMP_ECHO       = 1,
	WARTS_TRACE_UDP             = 2,
	WARTS_TRACE_TCP             = 3,
	WARTS_TRACE_ICMP_ECHO_PARIS = 4,
	WARTS_TRACE_UDP_PARIS       = 5,
	WARTS_TRACE_TCP_ACK         = 6,
};

/* trace.stop_reason */
enum warts_trace_stop {
	WARTS_TRACE_STOP_NONE       = 0,
	WARTS_TRACE_STOP_COMPLETED  = 1,
	WARTS_TRACE_STOP_UNREACH    = 2,
	WARTS_TRACE_STOP_ICMP       = 3,
	WARTS_TRACE_STOP_LOOP       = 4,
	WARTS_TRACE_STOP_GAPLIMIT   = 5,
	WARTS_TRACE_STOP_ERROR      = 6,
	WARTS_TRACE_STOP_HOPLIMIT   = 7,
	WARTS_TRACE_STOP_GSS        = 8,
	WARTS_TRACE_STOP_HALTED     = 9,
	WARTS_TRACE_STOP_INPROGRESS = 10, /* 2026 */
};

/* trace.gapaction */
enum {
	WARTS_TRACE_GAPACTION_STOP      = 1,
	WARTS_TRACE_GAPACTION_LASTDITCH = 2,
};

/* trace.flags */
enum {
	WARTS_TRACE_FLAG_ALLATTEMPTS  = 0x0001,
	WARTS_TRACE_FLAG_PMTUD        = 0x0002,
	WARTS_TRACE_FLAG_DL           = 0x0004,
	WARTS_TRACE_FLAG_IGNORETTLDST = 0x0008,
	WARTS_TRACE_FLAG_DOUBLETREE   = 0x0010,
	WARTS_TRACE_FLAG_ICMPCSUMDP   = 0x0020,
	WARTS_TRACE_FLAG_CONSTPAYLOAD = 0x0040,
	WARTS_TRACE_FLAG_RXERR        = 0x0080,
	WARTS_TRACE_FLAG_PTR          = 0x0100,
	WARTS_TRACE_FLAG_RAW          = 0x0200, /* 2026 */
	WARTS_TRACE_FLAG_BACK         = 0x0400, /* 2026 */
};

/* trace_hop.flags */
enum {
	WARTS_TRACE_HOP_SOCKRXTS = 0x01,
	WARTS_TRACE_HOP_DLTXTS   = 0x02,
	WARTS_TRACE_HOP_DLRXTS   = 0x04,
	WARTS_TRACE_HOP_TSC      = 0x08, /* 2021 only */
	WARTS_TRACE_HOP_REPLYTTL = 0x10,
	WARTS_TRACE_HOP_TCP      = 0x20,
	WARTS_TRACE_HOP_UDP      = 0x40,
	WARTS_TRACE_HOP_PENDING  = 0x80, /* 2026 */
};

/*
 * One reply.  Also used for PMTUD and last-ditch replies.  A reply whose
 * flags have neither TCP nor UDP set is an ICMP message.
 */
typedef struct warts_trace_hop {
	warts_addr     addr;        /* bit 18 (or 1): who replied */
	uint8_t        probe_ttl;   /* bit 2 */
	uint8_t        probe_id;    /* bit 5: attempt number, from 1 */
	uint16_t       probe_size;  /* bit 8 */
	warts_tv       tx;          /* bit 19: probe sent; 0 if not recorded */
	warts_rtt      rtt;         /* bit 6: microseconds */
	uint8_t        reply_ttl;   /* bit 3 */
	uint8_t        reply_tos;   /* bit 11 */
	uint16_t       reply_size;  /* bit 9 */
	uint16_t       reply_ipid;  /* bit 10 */
	uint8_t        flags;       /* bit 4 */
	uint8_t        icmp_type;   /* bit 7 */
	uint8_t        icmp_code;   /* bit 7 */
	uint16_t       icmp_nhmtu;  /* bit 12: next-hop MTU of a too-big */
	uint16_t       icmp_q_ipl;  /* bit 13: quoted IP length */
	uint8_t        icmp_q_ttl;  /* bit 14: quoted TTL */
	uint8_t        icmp_q_tos;  /* bit 16: quoted ToS */
	uint8_t        tcp_flags;   /* bit 15 */
	warts_icmpexts icmpext;     /* bit 17 */
	char          *name;        /* bit 20: PTR name, or NULL */
} warts_trace_hop;

/* Non-zero when the reply is an ICMP message (not TCP, not UDP). */
static inline int warts_trace_hop_is_icmp(const warts_trace_hop *hop)
{
	return (hop->flags & (WARTS_TRACE_HOP_TCP | WARTS_TRACE_HOP_UDP)) == 0;
}

/* A PMTUD note (pmtud_note.type) */
enum {
	WARTS_TRACE_PMTUD_NOTE_PTB     = 1,
	WARTS_TRACE_PMTUD_NOTE_PTB_BAD = 2,
	WARTS_TRACE_PMTUD_NOTE_SILENCE = 3,
};

typedef struct warts_trace_pmtud_note {
	uint8_t  type;      /* bit 1 */
	uint16_t nhmtu;     /* bit 2 */
	int32_t  hop;       /* bit 3: index into pmtud->hops, or -1 */
} warts_trace_pmtud_note;

typedef struct warts_trace_pmtud {
	uint16_t                ifmtu;   /* bit 1 */
	uint16_t                pmtu;    /* bit 2 */
	uint16_t                outmtu;  /* bit 3 */
	uint8_t                 ver;     /* bit 4 (1 if absent) */
	uint16_t                hopc;
	warts_trace_hop        *hops;
	uint8_t                 notec;   /* bit 5 */
	warts_trace_pmtud_note *notes;
} warts_trace_pmtud;

typedef struct warts_trace_lastditch {
	uint16_t         hopc;
	warts_trace_hop *hops;
} warts_trace_lastditch;

typedef struct warts_trace_dtree {
	warts_addr lss_stop;  /* bit 4 (or 1) */
	warts_addr gss_stop;  /* bit 5 (or 2) */
	uint8_t    firsthop;  /* bit 3 */
	char      *lss_name;  /* bit 6, or NULL */
	uint8_t    flags;     /* bit 7: 0x01 no-back */
} warts_trace_dtree;

typedef struct warts_trace {
	warts_list  *list;          /* bit 1; reference held, or NULL */
	warts_cycle *cycle;         /* bit 2; reference held, or NULL */
	uint32_t     userid;        /* bit 28 */
	warts_addr   src;           /* bit 26 (or 3) */
	warts_addr   dst;           /* bit 27 (or 4); required */
	warts_addr   rtr;           /* bit 30: router used to send probes */
	warts_tv     start;         /* bit 5 */
	uint8_t      stop_reason;   /* bit 6: enum warts_trace_stop */
	uint8_t      stop_data;     /* bit 7 */
	uint8_t      stop_hop;      /* bit 33 (2026) */
	uint32_t     flags;         /* bits 8 and 32 */
	uint8_t      attempts;      /* bit 9 */
	uint8_t      hoplimit;      /* bit 10 */
	uint8_t      squeries;      /* bit 31 (1 if absent) */
	uint8_t      gaplimit;      /* bit 20 */
	uint8_t      gapaction;     /* bit 21 */
	uint8_t      loops;         /* bit 18 */
	uint8_t      loopaction;    /* bit 22 */
	uint8_t      type;          /* bit 11: enum warts_trace_type */
	uint8_t      firsthop;      /* bit 15 */
	uint8_t      tos;           /* bit 16 */
	uint8_t      wait;          /* bit 17: seconds */
	uint8_t      wait_probe;    /* bit 24: centiseconds */
	uint8_t      confidence;    /* bit 25 */
	uint16_t     probe_size;    /* bit 12 */
	uint16_t     sport;         /* bit 13 */
	uint16_t     dport;         /* bit 14 */
	uint16_t     offset;        /* bit 29: IP fragment offset */
	uint16_t     hop_count;     /* bit 19 */
	uint16_t     probec;        /* bit 23: probes sent */
	char        *errmsg;        /* bit 34 (2026), or NULL */

	uint16_t         hopc;      /* replies in hops */
	uint16_t         hop_cap;   /* room in hops, as warts_trace_hop_add
	                             * left it; 0 (or hopc) if hops was
	                             * allocated otherwise */
	warts_trace_hop *hops;

	warts_trace_pmtud     *pmtud;     /* or NULL */
	warts_trace_lastditch *lastditch; /* or NULL */
	warts_trace_dtree     *dtree;     /* or NULL */

	uint8_t style;              /* enum warts_style */
} warts_trace;

/* A zeroed trace with squeries 1, or NULL when out of memory. */
WARTS_API warts_trace *warts_trace_alloc(void);

/* Free a trace and everything it owns.  NULL is ignored. */
WARTS_API void warts_trace_free(warts_trace *trace);

/* Free what a hop owns (not the hop itself) and zero it. */
WARTS_API void warts_trace_hop_clear(warts_trace_hop *hop);

/*
 * Append a hop to trace->hops: zeroed but for icmp_q_ttl 1 and icmp_q_ipl
 * set to the trace's probe size, the values a reader assumes when the file
 * leaves them out.  Returns it, or NULL when out of memory.  The pointer is
 * valid until the next append.  The array grows by doubling (hop_cap);
 * whoever replaces hops with an array of their own sets hop_cap to its
 * size or to 0.
 */
WARTS_API warts_trace_hop *warts_trace_hop_add(warts_trace *trace);

#ifdef __cplusplus
}
#endif

#endif
