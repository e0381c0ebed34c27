/*
 * tbit_fmt.h: tbit tests as sc_warts2json, sc_warts2text and sc_wartsdump
 * print them, and what the three formatters share.
 *
 * All three decode the recorded packets (IPv4 or IPv6, then TCP, ICMP or
 * ICMPv6) from their bytes.  scamper reads those bytes without looking at
 * the packet's length; every read here goes through tbit_b8() and its
 * wider siblings, which give 0 for a byte past the end of the packet, so
 * a short or malformed packet prints as if zeros followed it and nothing
 * is read out of bounds.
 *
 * tbit_json.c also holds the names of test types and results and the
 * initial-window size the JSON and the dump print; tbit_text.c holds the
 * IP header walk the text and the dump share.
 */
#ifndef WARTS_TBIT_FMT_H
#define WARTS_TBIT_FMT_H

#include <stdint.h>

#include "warts/format.h"
#include "warts/tbit.h"

int tbit_json(warts_strbuf *sb, const void *obj, unsigned flags);
int tbit_text(warts_strbuf *sb, const void *obj);
int tbit_dump(warts_strbuf *sb, const void *obj);

/* Protocol numbers and TCP flags the formatters look at. */
enum {
	TBIT_IP_HOPOPTS = 0, TBIT_IP_ICMP = 1, TBIT_IP_TCP = 6,
	TBIT_IP_ROUTING = 43, TBIT_IP_FRAGMENT = 44, TBIT_IP_ICMPV6 = 58,
	TBIT_IP_DSTOPTS = 60,
};
enum {
	TBIT_TH_FIN = 0x01, TBIT_TH_SYN = 0x02, TBIT_TH_RST = 0x04,
	TBIT_TH_ACK = 0x10, TBIT_TH_ECE = 0x40, TBIT_TH_CWR = 0x80,
};

/* ---- bounds-checked packet bytes ------------------------------------- */

static inline uint8_t tbit_b8(const warts_tbit_pkt *p, uint32_t off)
{
	return p->data != NULL && off < p->len ? p->data[off] : 0;
}

static inline uint16_t tbit_b16(const warts_tbit_pkt *p, uint32_t off)
{
	return (uint16_t)(tbit_b8(p, off) << 8 | tbit_b8(p, off + 1));
}

static inline uint32_t tbit_b32(const warts_tbit_pkt *p, uint32_t off)
{
	return (uint32_t)tbit_b16(p, off) << 16 | tbit_b16(p, off + 2);
}

/* The IP version in the first nibble. */
static inline unsigned tbit_ipver(const warts_tbit_pkt *p)
{
	return tbit_b8(p, 0) >> 4;
}

/* A sequence number relative to an initial one, modulo 2^32. */
static inline uint32_t tbit_isnoff(uint32_t isn, uint32_t seq)
{
	return seq - isn;
}

/*
 * A packet's time after the test's start, as scamper subtracts two
 * timevals: the microseconds borrow one second at most, so a time past
 * 999999 microseconds leaves them out of range, as in scamper.
 */
static inline void tbit_tvdiff(const warts_tv *start, const warts_tv *tv,
                               int64_t *sec, int64_t *usec)
{
	*sec = (int64_t)tv->sec - start->sec;
	*usec = (int64_t)tv->usec - start->usec;
	if (*usec < 0) {
		(*sec)--;
		*usec += 1000000;
	}
}

/* ---- shared by the text and the dump (tbit_text.c) ------------------- */

/*
 * The IP header of a packet as the text and the dump read it.  IPv6
 * extension headers are skipped while they fit in 255 bytes of header
 * (and a hop-by-hop, routing or destination options header is not the
 * shortest kind, whose length byte is 0: scamper stops there); proto is
 * then the header the walk stopped at.
 */
struct tbit_ip {
	unsigned v;       /* 4 or 6; 0 for anything else */
	uint8_t  hlen;    /* IP header bytes, extension headers included */
	uint16_t len;     /* total length the header claims */
	uint8_t  proto;
	uint8_t  ecn;
	int      frag;    /* a fragment (IPv4 MF or offset, IPv6 header) */
	int      mf;
	uint32_t off;     /* fragment offset in bytes */
	int      later;   /* an IPv6 fragment header with a non-zero
	                     offset was passed (the last one sets off) */
	int      has_id;  /* id is the IPv4 IP-ID or an IPv6 fragment id */
	uint32_t id;
};

void tbit_ip_walk(const warts_tbit_pkt *p, struct tbit_ip *ip);

/* v cast to int as printf's "%<width>d" writes it, or "%0<width>d" when
 * zero is set. */
void tbit_sb_int(warts_strbuf *sb, int64_t v, unsigned width, int zero);

/* n spaces. */
void tbit_sb_spaces(warts_strbuf *sb, size_t n);

/* Spaces until the text appended since sb->len was at reaches width, as
 * printf's "%-<width>s" pads. */
void tbit_sb_padto(warts_strbuf *sb, size_t at, size_t width);

/* v as printf's "%x" writes it. */
void tbit_sb_xint(warts_strbuf *sb, uint32_t v);

/* " [%3d.%03d] TX " or RX: the packet's time after the start in seconds
 * and milliseconds, and its direction (anything but TX is RX). */
void tbit_sb_pktstart(warts_strbuf *sb, const warts_tbit *t,
                      const warts_tbit_pkt *p);

/* The flags the text and the dump name: SYN, SYN/ACK, FIN or RST, then
 * ECE and CWR, "/" between them. */
void tbit_sb_tcpflags(warts_strbuf *sb, uint8_t flags);

/* The "PTB <len>  mtu = <mtu>" of an ICMP or ICMPv6 packet too big, or
 * nothing for other ICMP messages. */
void tbit_sb_ptb(warts_strbuf *sb, const warts_tbit_pkt *p,
                 const struct tbit_ip *ip);

/* ---- shared by the JSON and the dump (tbit_json.c) ------------------- */

/* scamper's names, or NULL where it prints the number. */
const char *tbit_type_str(uint8_t type);
const char *tbit_result_str(uint16_t result);

/*
 * The server's initial congestion window in bytes, as scamper measures it
 * from the packets of a successful ICW test.  Returns 0 and sets *out, or
 * -1 when scamper would print none.
 */
int tbit_icw_size(const warts_tbit *t, uint32_t *out);

#endif
