/*
 * warts/tracelb.h: MDA traceroute, which finds every load-balanced path to
 * a destination (warts record type 8).
 *
 * A tracelb is kept the way the file lays it out: an array of nodes (the
 * interfaces found), then an array of links between them.  A link names
 * its two nodes by index into the node array; a link whose far end never
 * answered is a dead end with no to-node (to is -1).  Between its two
 * nodes a link has one probe set per hop (hopc of them), each holding the
 * probes sent for that hop, each probe holding the replies it drew.
 *
 * The reader insists that the links hang together: every index is in
 * range, and each node's linkc is exactly the number of links whose
 * from-node it is.  The writer checks the same; warts_tracelb_count_links()
 * sets linkc for an object built in code.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 * Durations keep the unit the file uses, so a tracelb read and written
 * back is unchanged.  scamper 20211212 and 20260420 write tracelb alike
 * (the newer one adds only errmsg), so there is no style to record.
 */
#ifndef WARTS_TRACELB_H
#define WARTS_TRACELB_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/icmpext.h"
#include "warts/list.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* tracelb.type: the probe method and the header field varied per flow */
enum warts_tracelb_type {
	WARTS_TRACELB_UDP_DPORT     = 1, /* UDP, vary the destination port */
	WARTS_TRACELB_ICMP_ECHO     = 2, /* ICMP echo, vary the checksum */
	WARTS_TRACELB_UDP_SPORT     = 3, /* UDP, vary the source port */
	WARTS_TRACELB_TCP_SPORT     = 4, /* TCP SYN, vary the source port */
	WARTS_TRACELB_TCP_ACK_SPORT = 5, /* TCP ACK, vary the source port */
};

/* tracelb.flags */
enum {
	WARTS_TRACELB_FLAG_PTR = 0x01, /* PTR lookups were made for nodes */
};

/* tracelb_node.flags */
enum {
	WARTS_TRACELB_NODE_QTTL = 0x01, /* q_ttl holds the quoted TTL */
};

/* tracelb_reply.flags */
enum {
	WARTS_TRACELB_REPLY_TTL = 0x01, /* ttl holds the reply's IP TTL */
	WARTS_TRACELB_REPLY_TCP = 0x02, /* a TCP reply, not an ICMP message */
};

/*
 * One reply to a probe.  An ICMP reply has icmp_type/code and the quoted
 * fields; a TCP reply (flags has WARTS_TRACELB_REPLY_TCP) has tcp_flags
 * instead.
 */
typedef struct warts_tracelb_reply {
	warts_addr     from;        /* bit 11 (or 10): required */
	warts_tv       rx;          /* bit 1: when it arrived */
	uint16_t       ipid;        /* bit 2: IP id */
	uint8_t        ttl;         /* bit 3: when flags has REPLY_TTL */
	uint8_t        flags;       /* bit 4 */
	uint8_t        icmp_type;   /* bit 5: not TCP */
	uint8_t        icmp_code;   /* bit 5: not TCP */
	uint8_t        tcp_flags;   /* bit 6: TCP only */
	warts_icmpexts icmpext;     /* bit 7: not TCP; count 0 when none */
	uint8_t        icmp_q_ttl;  /* bit 8: not TCP */
	uint8_t        icmp_q_tos;  /* bit 9: not TCP */
} warts_tracelb_reply;

/* Non-zero when the reply is a TCP segment rather than an ICMP message. */
static inline int warts_tracelb_reply_is_tcp(const warts_tracelb_reply *r)
{
	return (r->flags & WARTS_TRACELB_REPLY_TCP) != 0;
}

/* One probe, with the replies it drew (usually 0 or 1). */
typedef struct warts_tracelb_probe {
	warts_tv             tx;       /* bit 1: when it was sent */
	uint16_t             flowid;   /* bit 2: the varied header value */
	uint8_t              ttl;      /* bit 3 */
	uint8_t              attempt;  /* bit 4: from 0 */
	uint16_t             rxc;      /* bit 5: replies in rxs */
	warts_tracelb_reply *rxs;
} warts_tracelb_probe;

/* The probes sent for one hop of a link. */
typedef struct warts_tracelb_probeset {
	uint16_t             probec;  /* bit 1: probes in probes */
	warts_tracelb_probe *probes;
} warts_tracelb_probeset;

/*
 * A link from one node towards another.  from and to index
 * tracelb.nodes; to is -1 for a dead end (bit 2 absent on the wire).
 */
typedef struct warts_tracelb_link {
	uint16_t                from;  /* bit 1 */
	int32_t                 to;    /* bit 2, or -1 */
	uint8_t                 hopc;  /* bit 3: hops the link spans, one
	                                  probe set each, in sets */
	warts_tracelb_probeset *sets;
} warts_tracelb_link;

/* An interface found at some hop. */
typedef struct warts_tracelb_node {
	warts_addr addr;   /* bit 5 (or 1); absent if none (scamper 2021's
	                      reader rejects such a node) */
	char      *name;   /* bit 6: PTR name, or NULL */
	uint8_t    flags;  /* bit 2 */
	uint8_t    q_ttl;  /* bit 4: when flags has NODE_QTTL */
	uint16_t   linkc;  /* bit 3: links whose from-node this is */
} warts_tracelb_node;

typedef struct warts_tracelb {
	warts_list  *list;          /* bit 1; reference held, or NULL */
	warts_cycle *cycle;         /* bit 2; reference held, or NULL */
	uint32_t     userid;        /* bit 23 */
	warts_addr   src;           /* bit 21 (or 3); scamper always has one,
	                               and scamper 2021's reader requires it */
	warts_addr   dst;           /* bit 22 (or 4); required */
	warts_addr   rtr;           /* bit 25: router used to send probes */
	warts_tv     start;         /* bit 5 */
	uint16_t     sport;         /* bit 6 */
	uint16_t     dport;         /* bit 7 */
	uint16_t     probe_size;    /* bit 8 */
	uint8_t      type;          /* bit 9: enum warts_tracelb_type */
	uint8_t      firsthop;      /* bit 10 */
	uint8_t      wait_timeout;  /* bit 11: seconds */
	uint8_t      wait_probe;    /* bit 12: centiseconds */
	uint8_t      attempts;      /* bit 13 */
	uint8_t      confidence;    /* bit 14: percent */
	uint8_t      tos;           /* bit 15 */
	uint8_t      gaplimit;      /* bit 20 */
	uint8_t      flags;         /* bit 24 */
	uint32_t     probec;        /* bit 18: probes sent */
	uint32_t     probec_max;    /* bit 19: most probes it could send */
	char        *errmsg;        /* bit 26 (2026), or NULL */

	uint16_t            nodec;  /* bit 16: nodes in nodes */
	warts_tracelb_node *nodes;
	uint16_t            linkc;  /* bit 17: links in links */
	warts_tracelb_link *links;
} warts_tracelb;

/* A zeroed tracelb, or NULL when out of memory. */
WARTS_API warts_tracelb *warts_tracelb_alloc(void);

/* Free a tracelb and everything it owns.  NULL is ignored. */
WARTS_API void warts_tracelb_free(warts_tracelb *trace);

/*
 * Appending to the arrays, for objects built in code.  Each returns the
 * new element, zeroed (a link gets from 0 and to -1), or NULL when out of
 * memory or the count is at the most its field can hold.  A pointer stays
 * valid until the next append to the same array.
 */
WARTS_API warts_tracelb_node *warts_tracelb_node_add(warts_tracelb *trace);
WARTS_API warts_tracelb_link *warts_tracelb_link_add(warts_tracelb *trace);
WARTS_API warts_tracelb_probeset *
warts_tracelb_probeset_add(warts_tracelb_link *link);
WARTS_API warts_tracelb_probe *
warts_tracelb_probe_add(warts_tracelb_probeset *set);
WARTS_API warts_tracelb_reply *
warts_tracelb_reply_add(warts_tracelb_probe *probe);

/*
 * Set every node's linkc to the number of links whose from-node it is.
 * Links whose from index is out of range are not counted.
 */
WARTS_API void warts_tracelb_count_links(warts_tracelb *trace);

#ifdef __cplusplus
}
#endif

#endif
