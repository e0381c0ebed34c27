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
	struct rd t;
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
	t = *r;
	quote_transport(&t, off + ihl, q);
	return 0;
}

/* A quoted IPv6 probe, skipping extension headers to the transport. */
static int quote6(const struct rd *r, size_t off, struct pkt_quote *q)
{
	uint8_t next;
	size_t at;
	if (!rd_ok(r, off, 40) || (rd8(r, off) >> 4) != 6)
		return -1;
	q->tos = (uint8_t)(rd32(r, off) >> 20);
	q->flow = rd32(r, off) & 0xfffff;
	q->len = (uint16_t)(rd16(r, off + 4) + 40);
	next = rd8(r, off + 6);
	q->ttl = rd8(r, off + 7);
	warts_addr_set(&q->src, WARTS_ADDR_IPV6, r->p + off + 8);
	warts_addr_set(&q->dst, WARTS_ADDR_IPV6, r->p + off + 24);
	at = off + 40;
	/* at most a few extension headers; a longer chain is not ours */
	for (int i = 0; i < 8; i++) {
		if (next == 0 || next == 43 || next == 60) {
			if (!rd_ok(r, at, 2))
				break;
			next = rd8(r, at);
			at += ((size_t)rd8(r, at + 1) + 1) * 8;
		} else if (next == 44) {
			if (!rd_ok(r, at, 8))
				break;
			next = rd8(r, at);
			at += 8;
		} else {
			break;
		}
	}
	q->proto = next;
	quote_transport(r, at, q);
	return 0;
}

/*
 * RFC 4884 extensions after an original datagram of dlen bytes (at off)
 * in an ICMP error of len bytes: version 2 header, then objects of
 * (length, class, type, data).  A structure that does not parse is
 * ignored: the reply is still a reply.
 */
static void extensions(const struct rd *r, size_t off, struct pkt_rx *rx)
{
	size_t at = off, n = 0, i;
	warts_icmpext *e;
	if (!rd_ok(r, at, 4) || (rd8(r, at) >> 4) != 2)
		return;
	/* count the objects, checking each length */
	for (at = off + 4; rd_ok(r, at, 4); n++) {
		uint16_t olen = rd16(r, at);
		if (olen < 4 || !rd_ok(r, at, olen))
			return;
		at += olen;
	}
	if (at != r->len || n == 0 || n > 0xffff)
		return;
	if ((e = calloc(n, sizeof(*e))) == NULL)
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
		} else if (type == 68 && olen >= 4 && ptr >= 5) {
			uint8_t flag = rd8(r, at + 3) & 0x0f;
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
		if (rx->icmp_type == ICMP4_UNREACH && rx->icmp_code == 4)
			rx->icmp_nhmtu = rd16(&m, 6);
		if (quote4(&m, 8, &rx->q) != 0)
			return fail(why, "ICMP error quotes no IPv4 probe");
		rx->has_quote = 1;
		if (dlen >= 128 && rd_ok(&m, 8, dlen)) {
			struct rd x = { m.p, m.len };
			extensions(&x, 8 + dlen, rx);
		}
		return 0;
	}
	default:
		return fail(why, "ICMP type not a reply to a probe");
	}
}

int pkt_parse4(const uint8_t *buf, size_t len, struct pkt_rx *rx,
               const char **why)
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
	/* trust the smaller of what arrived and what the header says */
	if (tot >= ihl && tot < r.len)
		r.len = tot;
	rx->tos = rd8(&r, 1);
	rx->size = (uint16_t)r.len;
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
		if (!rd_ok(&r, ihl, 14))
			return fail(why, "TCP header truncated");
		rx->sport = rd16(&r, ihl);
		rx->dport = rd16(&r, ihl + 2);
		rx->tcp_seq = rd32(&r, ihl + 4);
		rx->tcp_ack = rd32(&r, ihl + 8);
		rx->tcp_flags = rd8(&r, ihl + 13);
		return 0;
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
		/* RFC 4884: the original datagram's length in 64-bit words */
		size_t dlen = rx->icmp_type == ICMP6_PTB ||
		              rx->icmp_type == ICMP6_PARAMPROB ? 0 :
		              (size_t)rd8(m, 4) * 8;
		if (rx->icmp_type == ICMP6_PTB) {
			uint32_t mtu = rd32(m, 4);
			rx->icmp_nhmtu = mtu > 0xffff ? 0xffff : (uint16_t)mtu;
		}
		if (quote6(m, 8, &rx->q) != 0)
			return fail(why, "ICMPv6 error quotes no IPv6 probe");
		rx->has_quote = 1;
		if (dlen >= 128 && rd_ok(m, 8, dlen))
			extensions(m, 8 + dlen, rx);
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
	switch (proto) {
	case PKT_ICMP6:
		return icmp6(&r, rx, why);
	case PKT_TCP:
		if (!rd_ok(&r, 0, 14))
			return fail(why, "TCP header truncated");
		rx->sport = rd16(&r, 0);
		rx->dport = rd16(&r, 2);
		rx->tcp_seq = rd32(&r, 4);
		rx->tcp_ack = rd32(&r, 8);
		rx->tcp_flags = rd8(&r, 13);
		return 0;
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
