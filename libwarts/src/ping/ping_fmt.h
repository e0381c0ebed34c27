/*
 * ping_fmt.h: the JSON, text and dump formatters of pings, and what the
 * three share.
 *
 * A warts ping is a flat array of replies, each repeating its probe's
 * fields.  scamper's reader instead files every reply under its probe
 * and takes the probe's fields (send time, source port, IP id, flags)
 * from the first reply it reads for it; all three of its tools then
 * walk the probes in order, each probe's replies in file order.  The
 * walk below gives the replies in that order, with the reply that
 * stands for the probe, so each formatter sees what scamper would.
 */
#ifndef WARTS_PING_FMT_H
#define WARTS_PING_FMT_H

#include <stdint.h>

#include "warts/format.h"
#include "warts/ping.h"

int ping_json(warts_strbuf *sb, const void *obj, unsigned flags);
int ping_text(warts_strbuf *sb, const void *obj);
int ping_dump(warts_strbuf *sb, const void *obj);

/* ---- walking the replies probe by probe -------------------------------- */

struct ping_walk {
	const warts_ping *ping;
	uint16_t *order;  /* reply indices grouped by probe, or NULL when
	                     the file already holds them so */
	uint32_t next;    /* position of the next reply */
	const warts_ping_reply *probe; /* the current probe's first reply */
};

/* Start a walk.  Returns 0, or -1 when out of memory. */
int ping_walk_init(struct ping_walk *w, const warts_ping *ping);
void ping_walk_fini(struct ping_walk *w);

/* Back to the first reply. */
static inline void ping_walk_rewind(struct ping_walk *w)
{
	w->next = 0;
	w->probe = NULL;
}

/*
 * The next reply, or NULL at the end.  w->probe is then the first reply
 * to the same probe (the reply itself when it is the first).
 */
const warts_ping_reply *ping_walk_next(struct ping_walk *w);

/* ---- scamper's statistics ------------------------------------------------ */

/*
 * What scamper summarises a ping with.  A probe counts as answered when
 * at least one of its replies is the answer its method asks of the
 * target (an echo or timestamp reply, any TCP segment, UDP or a port
 * unreachable); its other such replies are duplicates, and every other
 * reply is an error.  RTTs are microseconds.  scamper
 * also counts pending probes, but its warts reader never marks a probe
 * pending, so from a file that count is always 0 and is left out.
 */
struct ping_stats {
	uint32_t nreplies, ndups, nerrs;
	uint32_t min, max, avg, stddev; /* valid when nreplies > 0 */
};

/* Fill st, walking w from its start. */
void ping_stats_get(struct ping_walk *w, struct ping_stats *st);

/* floor(sqrt(x)) as scamper's (uint32_t)sqrt(x) gives it. */
uint32_t ping_sqrt_floor(double x);

/* ---- pieces of text ------------------------------------------------------ */

/* An ICMP timestamp, milliseconds since midnight, as "%02d:%02d:%02d.%03d". */
void ping_sb_icmpts(warts_strbuf *sb, uint32_t v);

/* An address left-aligned in 15 columns, as printf's "%-15s". */
void ping_sb_addr15(warts_strbuf *sb, const warts_addr *a);

/* ---- facts about replies, as scamper tests them ------------------------ */

static inline int ping_reply_is_icmp(const warts_ping_reply *r)
{
	return (r->addr.type == WARTS_ADDR_IPV4 && r->reply_proto == 1) ||
	       (r->addr.type == WARTS_ADDR_IPV6 && r->reply_proto == 58);
}

static inline int ping_reply_is_ptb(const warts_ping_reply *r)
{
	if (!ping_reply_is_icmp(r))
		return 0;
	if (r->addr.type == WARTS_ADDR_IPV4)
		return r->icmp_type == 3 && r->icmp_code == 4;
	return r->icmp_type == 2;
}

static inline int ping_method_is_tcp(const warts_ping *p)
{
	switch (p->method) {
	case WARTS_PING_TCP_ACK:
	case WARTS_PING_TCP_ACK_SPORT:
	case WARTS_PING_TCP_SYN:
	case WARTS_PING_TCP_SYNACK:
	case WARTS_PING_TCP_RST:
	case WARTS_PING_TCP_SYN_SPORT:
		return 1;
	default:
		return 0;
	}
}

static inline int ping_method_is_udp(const warts_ping *p)
{
	return p->method == WARTS_PING_UDP ||
	       p->method == WARTS_PING_UDP_DPORT ||
	       p->method == WARTS_PING_UDP_SPORT;
}

/* scamper's names of methods and stop reasons; NULL when it has none. */
const char *ping_method_str(uint8_t method);
const char *ping_stop_str(uint8_t reason);

/* The names of the ping flags, bit 0 first; scamper knows twelve. */
#define PING_NFLAGS 12
extern const char *const ping_flag_names[PING_NFLAGS];

/*
 * The reply IP id as scamper holds it: one 32-bit value, which the
 * reader takes from the 16-bit field (bit 8) for an IPv4 ping when the
 * record has it, and from the 32-bit field (bit 15) otherwise.  Every
 * scamper writer includes bit 8 in an IPv4 ping exactly when the reply
 * flag says the id was seen, so the flag (or a value that could only
 * come from the field) stands for the bit.
 */
static inline uint32_t ping_reply_ipid32(const warts_ping *p,
                                         const warts_ping_reply *r)
{
	if (p->dst.type == WARTS_ADDR_IPV4 &&
	    ((r->flags & WARTS_PING_REPLY_REPLY_IPID) != 0 ||
	     r->reply_ipid != 0))
		return r->reply_ipid;
	return r->reply_ipid32;
}

#endif
