/*
 * pkt.h: building probe packets and parsing what comes back.
 *
 * Pure functions over byte buffers: nothing here touches a socket, so the
 * parsers can be fuzzed and unit-tested on their own.  Every read of a
 * received packet is bounds-checked; a packet that makes no sense is
 * rejected with a reason (and counted by the caller), never trusted.
 *
 * Wire formats: IPv4 RFC 791 (options: record route, timestamps), IPv6
 * RFC 8200, ICMP RFC 792, ICMPv6 RFC 4443, UDP RFC 768, TCP RFC 9293,
 * ICMP extensions RFC 4884, MPLS label stacks RFC 4950.
 */
#ifndef PROBER_PKT_H
#define PROBER_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "warts/addr.h"
#include "warts/icmpext.h"
#include "warts/timeval.h"

enum {
	PKT_ICMP   = 1,
	PKT_TCP    = 6,
	PKT_UDP    = 17,
	PKT_ICMP6  = 58,
};

/* ICMP and ICMPv6 types the prober acts on */
enum {
	ICMP4_ECHOREPLY  = 0,
	ICMP4_UNREACH    = 3,
	ICMP4_ECHO       = 8,
	ICMP4_TIMXCEED   = 11,
	ICMP4_PARAMPROB  = 12,
	ICMP4_TSTAMP     = 13,
	ICMP4_TSTAMPREPLY = 14,
	ICMP6_UNREACH    = 1,
	ICMP6_PTB        = 2,
	ICMP6_TIMXCEED   = 3,
	ICMP6_PARAMPROB  = 4,
	ICMP6_ECHO       = 128,
	ICMP6_ECHOREPLY  = 129,
};

/* TCP flags */
enum {
	TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_PUSH = 0x08,
	TH_ACK = 0x10, TH_URG = 0x20, TH_ECE = 0x40, TH_CWR = 0x80,
};

/* ---- probes ------------------------------------------------------------ */

/*
 * What a probe is.  pkt_build writes the whole IP packet (the prober sends
 * with the IP header included), computing checksums and, for Paris
 * traceroute, adjusting two payload bytes so that a checksum comes out at
 * a chosen value.
 */
struct pkt_probe {
	warts_addr src, dst;
	uint8_t    proto;        /* PKT_ICMP/ICMP6 (echo or timestamp),
	                            PKT_UDP, PKT_TCP */
	uint8_t    ttl;
	uint8_t    tos;          /* IPv4 ToS, IPv6 traffic class */
	uint16_t   ipid;         /* IPv4 identification */
	uint32_t   flow;         /* IPv6 flow label (20 bits) */
	uint16_t   frag_off;     /* IPv4 fragment offset field (in 8s) */
	int        df;           /* IPv4 don't-fragment */
	uint16_t   size;         /* total IP length wanted; 0: just fit */

	/* ICMP echo/timestamp: type, id, seq */
	uint8_t    icmp_type;    /* ICMP4_ECHO, ICMP4_TSTAMP, ICMP6_ECHO */
	uint8_t    icmp_code;    /* 0 but for errors we send (ping -M: a
	                            packet too big, RFC 1191 / RFC 8201) */
	uint16_t   icmp_id, icmp_seq;
	uint32_t   icmp_ts_orig; /* timestamp request: ms since midnight UT */
	/* UDP and TCP */
	uint16_t   sport, dport;
	uint32_t   tcp_seq, tcp_ack;
	uint8_t    tcp_flags;
	uint16_t   tcp_win;
	uint16_t   tcp_mss;      /* MSS option when non-zero */

	/* payload: copied in as is, then padded with zeros to size */
	const uint8_t *payload;
	uint16_t   payload_len;

	/*
	 * A checksum to arrive at (ICMP checksum for ICMP, UDP checksum for
	 * UDP) by rewriting the first two payload bytes; 0 for none.
	 */
	uint16_t   want_sum;

	/* IPv4 options (ping -R, -T) */
	int        opt_rr;       /* record route, 9 slots */
	int        opt_ts;       /* 0, or 1 tsonly, 2 tsandaddr, 3 prespec */
	warts_addr ts_addrs[4];  /* for prespec */
	uint8_t    ts_addrc;
};

/*
 * Write the probe into buf (at most len bytes).  Returns the packet's
 * length, or -1 if it cannot be built (too big, bad combination).
 */
int pkt_build(const struct pkt_probe *p, uint8_t *buf, size_t len);

/* The Internet checksum of a buffer, folded, not complemented. */
uint32_t pkt_sum(const void *p, size_t len, uint32_t sum);
uint16_t pkt_fold(uint32_t sum);

/* ---- replies ----------------------------------------------------------- */

/* The probe an ICMP error quotes: as much of it as the router sent. */
struct pkt_quote {
	warts_addr src, dst;
	uint8_t    proto;
	uint8_t    ttl;          /* quoted TTL / hop limit */
	uint8_t    tos;
	uint16_t   ipid;         /* IPv4 */
	uint32_t   flow;         /* IPv6 flow label */
	uint16_t   len;          /* quoted IP total length */
	uint16_t   tlen;         /* bytes of transport header quoted */
	/* transport fields, valid when tlen covers them */
	uint16_t   sport, dport; /* UDP/TCP (4 bytes) */
	uint16_t   udp_sum;      /* UDP (8 bytes) */
	uint32_t   tcp_seq;      /* TCP (8 bytes) */
	uint8_t    icmp_type;    /* ICMP echo/timestamp (8 bytes) */
	uint16_t   icmp_sum, icmp_id, icmp_seq;
};

struct pkt_rx {
	int        af;           /* 4 or 6 */
	warts_addr src, dst;
	uint8_t    proto;        /* of the outer packet */
	uint8_t    ttl;          /* reply's TTL / hop limit (v6: from cmsg) */
	uint8_t    tos;
	uint16_t   ipid;         /* IPv4 reply identification */
	uint32_t   ipid32;       /* IPv6 fragment identification, if any */
	uint16_t   size;         /* reply's IP length */

	/* ICMP / ICMPv6 */
	uint8_t    icmp_type, icmp_code;
	uint16_t   icmp_id, icmp_seq;      /* echo and timestamp replies */
	uint16_t   icmp_nhmtu;             /* packet too big */
	uint32_t   icmp_ts[3];             /* timestamp reply: o, r, t */
	int        has_quote;
	struct pkt_quote q;
	warts_icmpexts ext;                /* RFC 4884, owned: pkt_rx_clear */

	/* TCP and UDP replies */
	uint16_t   sport, dport;
	uint32_t   tcp_seq, tcp_ack;
	uint8_t    tcp_flags;

	/* IPv4 options in the reply (ping -R, -T) */
	uint8_t    ts_opt;       /* a timestamp option was there, stamped
	                            or not */
	uint8_t    rr_count;
	warts_addr rr[9];
	uint8_t    ts_count, ts_addrc;
	uint32_t   ts[9];
	warts_addr ts_addr[9];

	/* the bytes parsed (IPv4: from the IP header; IPv6: from the
	 * transport header), for a reply that must be quoted back, as ping
	 * -M quotes an echo reply in a packet too big; valid only while rx
	 * is */
	const uint8_t *raw;
	size_t     raw_len;
	int        ifindex;      /* receiving interface (set by net), or 0 */
};

/*
 * Parse a received IPv4 packet, IP header first (as an IPv4 raw socket
 * delivers it).  Returns 0, or -1 with a short reason in *why.
 */
int pkt_parse4(const uint8_t *buf, size_t len, struct pkt_rx *rx,
               const char **why);

/*
 * The same for a packet the receiving buffer cut to its first len bytes,
 * wire_len bytes in all (the socket's count, MSG_TRUNC): parsed as far
 * as those bytes go, with rx->size the whole packet's.  A big echo reply
 * (a PMTUD probe on a jumbo-frame path) is still matched to its probe.
 */
int pkt_parse4_cut(const uint8_t *buf, size_t len, size_t wire_len,
                   struct pkt_rx *rx, const char **why);

/*
 * Parse a received IPv6 packet's payload (as an IPv6 raw socket delivers
 * it: no IPv6 header), of protocol proto, from src to dst with the given
 * hop limit and traffic class (from the socket's ancillary data).
 */
int pkt_parse6(const uint8_t *buf, size_t len, uint8_t proto,
               const warts_addr *src, const warts_addr *dst, uint8_t hlim,
               uint8_t tclass, struct pkt_rx *rx, const char **why);

/* Free what a parsed reply owns (its ICMP extensions). */
void pkt_rx_clear(struct pkt_rx *rx);

#endif
