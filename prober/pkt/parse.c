/*
 * parse.c: replies, and the probes ICMP errors quote.
 *
 * Every field is read through rd_*, which checks the bounds of the bytes
 * it was given; a packet too short for what it claims is rejected with a
 * reason, never read past its end.
 */
#include <stdlib.h>
#include <string.h>

#include "pkt.h"

struct rd {
	const uint8_t *p;
	size_t         len;
};

static int rd_ok(const struct rd *r, size_t off, size_t n)
{
	return off <= r->len && n <= r->len - off;
}

static uint8_t rd8(const struct rd *r, size_t off)
{
	return r->p[off];
}

static uint16_t rd16(const struct rd *r, size_t off)
{
	return (uint16_t)(r->p[off] << 8 | r->p[off + 1]);
}

static uint32_t rd32(const struct rd *r, size_t off)
{
	return (uint32_t)r->p[off] << 24 | (uint32_t)r->p[off + 1] << 16 |
	       (uint32_t)r->p[off + 2] << 8 | r->p[off + 3];
}

void pkt_rx_clear(struct pkt_rx *rx)
{
	warts_icmpexts_clear(&rx->ext);
}

static int fail(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return -1;
}

/* ---- the quoted probe -------------------------------------------------- */

/* Transport fields of a quoted probe: as many as the quote holds. */
static void quote_transport(const struct rd *r, size_t off,
                            struct pkt_quote *q)
{
	size_t n = r->len > off ? r->len - off : 0;
	q->tlen = (uint16_t)(n > 0xffff ? 0xffff : n);
	switch (q->proto) {
	case PKT_UDP:
	case PKT_TCP:
		if (n >= 4) {
			q->sport = rd16(r, off);
			q->dport = rd16(r, off + 2);
		}
		if (n >= 8 && q->proto == PKT_UDP)
			q->udp_sum = rd16(r, off + 6);
		if (n >= 8 && q->proto == PKT_TCP)
			q->tcp_seq = rd32(r, off + 4);
		break;
	case PKT_ICMP:
	case PKT_ICMP6:
		if (n >= 8) {
			q->icmp_type = rd8(r, off);
			q->icmp_sum = rd16(r, off + 2);
			q->icmp_id = rd16(r, off + 4);
			q->icmp_seq = rd16(r, off + 6);
		}
		break;
	default:
		break;
	}
}

/* A quoted IPv4 probe starting at off. */
static int quote4(const struct rd *r, size_t off, struct pkt_quote *q)
{
	size_t ihl;
	if (!rd_ok(r, off, 20) || (rd8(r, off) >> 4) != 4)
		return -1;
	ihl = (size_t)(rd8(r, off) & 0x0f) * 4;
	if (ihl < 20 || !rd_ok(r, off, ihl))
		return -1;
	q->tos = rd8(r, off + 1);
	q->len = rd16(r, off + 2);
	q->ipid = rd16(r, off + 4);
	q->ttl = rd8(r, off + 8);
	q->proto = rd8(r, off + 9);
	warts_addr_set(&q->src, WARTS_ADDR_IPV4, r->p + off + 12);
	warts_addr_set(&q->dst, WARTS_ADDR_IPV4, r->p + off + 16);
	/* a fragment other than the first carries no transport header */
	if ((rd16(r, off + 6) & 0x1fff) != 0)
		return 0;
	quote_transport(r, off + ihl, q);
	return 0;
}

/*
 * A quoted IPv6 probe, skipping extension headers (RFC 8200 4) to the
 * transport.  A chain that the quotation cuts short leaves proto at the
 * extension header's number and no transport fields.
 */
static int quote6(const struct rd *r, size_t off, struct pkt_quote *q)
{
	uint8_t next;
	size_t at, plen;
	if (!rd_ok(r, off, 40) || (rd8(r, off) >> 4) != 6)
		return -1;
	q->tos = (uint8_t)(rd32(r, off) >> 20);
	q->flow = rd32(r, off) & 0xfffff;
	plen = (size_t)rd16(r, off + 4) + 40;
	q->len = (uint16_t)(plen > 0xffff ? 0xffff : plen);
	next = rd8(r, off + 6);
	q->ttl = rd8(r, off + 7);
	warts_addr_set(&q->src, WARTS_ADDR_IPV6, r->p + off + 8);
	warts_addr_set(&q->dst, WARTS_ADDR_IPV6, r->p + off + 24);
	at = off + 40;
	/* at most a few extension headers; a longer chain is not ours */
	for (int i = 0; i < 8; i++) {
		if (next == 0 || next == 43 || next == 60) {
			/* hop-by-hop, routing, destination options: length
			 * in 8-octet units, not counting the first 8 */
			if (!rd_ok(r, at, 2))
				break;
			next = rd8(r, at);
			at += ((size_t)rd8(r, at + 1) + 1) * 8;
		} else if (next == 44) {
			/* fragment: a later fragment has no transport */
			if (!rd_ok(r, at, 8))
				break;
			next = rd8(r, at);
			if ((rd16(r, at + 2) & 0xfff8) != 0) {
				q->proto = next;
				return 0;
			}
			at += 8;
		} else {
			break;
		}
	}
	q->proto = next;
	if (next == 0 || next == 43 || next == 44 || next == 60)
		return 0;
	quote_transport(r, at, q);
	return 0;
}

/*
 * Where an RFC 4884 extension structure starts in an ICMP error (at
 * offset 8 of m, the original datagram; dlen its length attribute in
 * bytes, 0 if none), or 0 if it has none.
 *
 * A compliant message says how long the original datagram is, at least
 * 128 bytes when extensions follow (RFC 4884 section 4).  Routers that
 * predate the RFC send no length and put the structure after 128 bytes;
 * the RFC (section 5) has a receiver look there for a valid header.
 * Valid: version 2 and a checksum that verifies over the whole structure
 * (zero: none was sent), then objects that exactly fill the message.
 */
static size_t ext_offset(const struct rd *m, size_t dlen)
{
	size_t off = 8 + (dlen != 0 ? dlen : 128), at;
	if (dlen != 0 && dlen < 128)
		return 0;
	if (!rd_ok(m, off, 8) || (rd8(m, off) >> 4) != 2)
		return 0;
	if (rd16(m, off + 2) != 0 &&
	    pkt_fold(pkt_sum(m->p + off, m->len - off, 0)) != 0xffff)
		return 0;
	for (at = off + 4; rd_ok(m, at, 4);) {
		uint16_t olen = rd16(m, at);
		if (olen < 4 || !rd_ok(m, at, olen))
			return 0;
		at += olen;
	}
	return at == m->len ? off : 0;
}

/*
 * The objects (length, class, type, data) of the extension structure at
 * off, which ext_offset has checked.  Out of memory, the reply goes on
 * without them.
 */
static void extensions(const struct rd *r, size_t off, struct pkt_rx *rx)
{
	size_t at, n = 0, i;
	warts_icmpext *e;
	for (at = off + 4; rd_ok(r, at, 4); n++)
		at += rd16(r, at);
	if (n == 0 || n > 0xffff || (e = calloc(n, sizeof(*e))) == NULL)
		return;
	for (i = 0, at = off + 4; i < n; i++) {
		uint16_t olen = rd16(r, at);
		e[i].class_num = rd8(r, at + 2);
		e[i].class_type = rd8(r, at + 3);
		e[i].len = (uint16_t)(olen - 4);
		if (e[i].len > 0 && (e[i].data = malloc(e[i].len)) != NULL)
			memcpy(e[i].data, r->p + at + 4, e[i].len);
		else
			e[i].len = 0;
		at += olen;
	}
	rx->ext.ext = e;
	rx->ext.count = (uint16_t)n;
}

/*
 * An ICMP or ICMPv6 error: the quoted probe (IPv4 or IPv6 by quote) in
 * the original datagram field, then any extensions if the type may carry
 * them (exts).  With extensions, the quotation ends where they start.
 */
static int icmp_error(const struct rd *m, int exts, size_t dlen,
                      int (*quote)(const struct rd *, size_t,
                                   struct pkt_quote *),
                      struct pkt_rx *rx)
{
	size_t ext = exts ? ext_offset(m, dlen) : 0;
	struct rd q = { m->p, ext != 0 ? ext : m->len };
	if (quote(&q, 8, &rx->q) != 0)
		return -1;
	rx->has_quote = 1;
	if (ext != 0)
		extensions(m, ext, rx);
	return 0;
}

/* ---- direct replies -------------------------------------------------- */

/*
 * A TCP segment at off (RFC 9293 3.1): at least the 20-byte header, and a
 * data offset that counts it and fits what arrived.
 */
static int tcp(const struct rd *r, size_t off, struct pkt_rx *rx,
               const char **why)
{
	size_t doff;
	if (!rd_ok(r, off, 20))
		return fail(why, "TCP header truncated");
	doff = (size_t)(rd8(r, off + 12) >> 4) * 4;
	if (doff < 20 || !rd_ok(r, off, doff))
		return fail(why, "TCP data offset out of range");
	rx->sport = rd16(r, off);
	rx->dport = rd16(r, off + 2);
	rx->tcp_seq = rd32(r, off + 4);
	rx->tcp_ack = rd32(r, off + 8);
	rx->tcp_flags = rd8(r, off + 13);
	return 0;
}

/* ---- IPv4 -------------------------------------------------------------- */

static void ip4_options(const struct rd *r, size_t ihl, struct pkt_rx *rx)
{
	size_t at = 20;
	while (at < ihl) {
		uint8_t type = rd8(r, at), olen, ptr;
		if (type == 0)
			break;
		if (type == 1) {
			at++;
			continue;
		}
		if (at + 2 > ihl || (olen = rd8(r, at + 1)) < 2 ||
		    at + olen > ihl)
			break;
		ptr = olen >= 3 ? rd8(r, at + 2) : 0;
		if (type == 7 && ptr >= 4) {
			/* record route: the pointer is past the last one */
			for (size_t o = 3; o + 4 <= (size_t)ptr - 1 &&
			     o + 4 <= olen && rx->rr_count < 9; o += 4)
				warts_addr_set(&rx->rr[rx->rr_count++],
				               WARTS_ADDR_IPV4, r->p + at + o);
		} else if (type == 68 && olen >= 4 && ptr >= 5 &&
		           ((rd8(r, at + 3) & 0x0f) == 0 ||
		            (rd8(r, at + 3) & 0x0f) == 1 ||
		            (rd8(r, at + 3) & 0x0f) == 3)) {
			/* flags 0, 1, 3 are RFC 791's; others are unknown */
			uint8_t flag = rd8(r, at + 3) & 0x0f;
			rx->ts_opt = 1;
			size_t step = flag == 0 ? 4 : 8;
			for (size_t o = 4; o + step <= (size_t)ptr - 1 &&
			     o + step <= olen && rx->ts_count < 9; o += step) {
				if (flag == 0) {
					rx->ts[rx->ts_count++] = rd32(r, at + o);
				} else {
					warts_addr_set(&rx->ts_addr[rx->ts_addrc++],
					               WARTS_ADDR_IPV4,
					               r->p + at + o);
					rx->ts[rx->ts_count++] = rd32(r, at + o + 4);
				}
			}
		}
		at += olen;
	}
}

static int icmp4(const struct rd *r, size_t off, struct pkt_rx *rx,
                 const char **why)
{
	struct rd m = { r->p + off, r->len - off };
	if (!rd_ok(&m, 0, 8))
		return fail(why, "ICMP header truncated");
	rx->icmp_type = rd8(&m, 0);
	rx->icmp_code = rd8(&m, 1);
	switch (rx->icmp_type) {
	case ICMP4_ECHOREPLY:
		rx->icmp_id = rd16(&m, 4);
		rx->icmp_seq = rd16(&m, 6);
		return 0;
	case ICMP4_TSTAMPREPLY:
		if (!rd_ok(&m, 0, 20))
			return fail(why, "ICMP timestamp reply truncated");
		rx->icmp_id = rd16(&m, 4);
		rx->icmp_seq = rd16(&m, 6);
		rx->icmp_ts[0] = rd32(&m, 8);
		rx->icmp_ts[1] = rd32(&m, 12);
		rx->icmp_ts[2] = rd32(&m, 16);
		return 0;
	case ICMP4_UNREACH:
	case ICMP4_TIMXCEED:
	case ICMP4_PARAMPROB: {
		/* RFC 4884: the original datagram's length in 32-bit words */
		size_t dlen = (size_t)rd8(&m, 5) * 4;
		/* RFC 1191: frag needed carries the next hop's MTU */
		if (rx->icmp_type == ICMP4_UNREACH && rx->icmp_code == 4)
			rx->icmp_nhmtu = rd16(&m, 6);
		if (icmp_error(&m, 1, dlen, quote4, rx) != 0)
			return fail(why, "ICMP error quotes no IPv4 probe");
		return 0;
	}
	default:
		return fail(why, "ICMP type not a reply to a probe");
	}
}

int pkt_parse4(const uint8_t *buf, size_t len, struct pkt_rx *rx,
               const char **why)
{
	return pkt_parse4_cut(buf, len, len, rx, why);
}

int pkt_parse4_cut(const uint8_t *buf, size_t len, size_t wire_len,
                   struct pkt_rx *rx, const char **why)
{
	struct rd r = { buf, len };
	size_t ihl, tot;

	memset(rx, 0, sizeof(*rx));
	rx->af = 4;
	if (!rd_ok(&r, 0, 20) || (rd8(&r, 0) >> 4) != 4)
		return fail(why, "not an IPv4 packet");
	ihl = (size_t)(rd8(&r, 0) & 0x0f) * 4;
	tot = rd16(&r, 2);
	if (ihl < 20 || !rd_ok(&r, 0, ihl))
		return fail(why, "IPv4 header length out of range");
	if (tot < ihl)
		return fail(why, "IPv4 total length shorter than its header");
	/* cut by the receiving buffer: parsed as far as it goes (only
	 * if the whole packet was as long as it says) */
	if (tot > r.len && tot != wire_len)
		return fail(why, "IPv4 packet shorter than its total length");
	/* anything after the total length is not the packet's */
	if (tot < r.len)
		r.len = tot;
	rx->tos = rd8(&r, 1);
	rx->size = (uint16_t)tot;
	rx->raw = buf;
	rx->raw_len = r.len;
	rx->ipid = rd16(&r, 4);
	rx->ttl = rd8(&r, 8);
	rx->proto = rd8(&r, 9);
	warts_addr_set(&rx->src, WARTS_ADDR_IPV4, buf + 12);
	warts_addr_set(&rx->dst, WARTS_ADDR_IPV4, buf + 16);
	if ((rd16(&r, 6) & 0x1fff) != 0)
		return fail(why, "a fragment that does not start the packet");
	if (ihl > 20)
		ip4_options(&r, ihl, rx);
	switch (rx->proto) {
	case PKT_ICMP:
		return icmp4(&r, ihl, rx, why);
	case PKT_TCP:
		return tcp(&r, ihl, rx, why);
	case PKT_UDP:
		if (!rd_ok(&r, ihl, 8))
			return fail(why, "UDP header truncated");
		rx->sport = rd16(&r, ihl);
		rx->dport = rd16(&r, ihl + 2);
		return 0;
	default:
		return fail(why, "protocol not a reply to a probe");
	}
}

/* ---- IPv6 -------------------------------------------------------------- */

static int icmp6(const struct rd *m, struct pkt_rx *rx, const char **why)
{
	if (!rd_ok(m, 0, 8))
		return fail(why, "ICMPv6 header truncated");
	rx->icmp_type = rd8(m, 0);
	rx->icmp_code = rd8(m, 1);
	switch (rx->icmp_type) {
	case ICMP6_ECHOREPLY:
		rx->icmp_id = rd16(m, 4);
		rx->icmp_seq = rd16(m, 6);
		return 0;
	case ICMP6_UNREACH:
	case ICMP6_PTB:
	case ICMP6_TIMXCEED:
	case ICMP6_PARAMPROB: {
		/* RFC 4884 covers only unreachable and time exceeded, whose
		 * length attribute counts 64-bit words; packet too big has
		 * the MTU there, parameter problem the pointer */
		int exts = rx->icmp_type == ICMP6_UNREACH ||
		           rx->icmp_type == ICMP6_TIMXCEED;
		size_t dlen = exts ? (size_t)rd8(m, 4) * 8 : 0;
		if (rx->icmp_type == ICMP6_PTB) {
			uint32_t mtu = rd32(m, 4);
			rx->icmp_nhmtu = mtu > 0xffff ? 0xffff : (uint16_t)mtu;
		}
		if (icmp_error(m, exts, dlen, quote6, rx) != 0)
			return fail(why, "ICMPv6 error quotes no IPv6 probe");
		return 0;
	}
	default:
		return fail(why, "ICMPv6 type not a reply to a probe");
	}
}

int pkt_parse6(const uint8_t *buf, size_t len, uint8_t proto,
               const warts_addr *src, const warts_addr *dst, uint8_t hlim,
               uint8_t tclass, struct pkt_rx *rx, const char **why)
{
	struct rd r = { buf, len };

	memset(rx, 0, sizeof(*rx));
	rx->af = 6;
	rx->src = *src;
	rx->dst = *dst;
	rx->ttl = hlim;
	rx->tos = tclass;
	rx->proto = proto;
	rx->size = (uint16_t)(len + 40 > 0xffff ? 0xffff : len + 40);
	rx->raw = buf;
	rx->raw_len = len;
	switch (proto) {
	case PKT_ICMP6:
		return icmp6(&r, rx, why);
	case PKT_TCP:
		return tcp(&r, 0, rx, why);
	case PKT_UDP:
		if (!rd_ok(&r, 0, 8))
			return fail(why, "UDP header truncated");
		rx->sport = rd16(&r, 0);
		rx->dport = rd16(&r, 2);
		return 0;
	default:
		return fail(why, "protocol not a reply to a probe");
	}
}
