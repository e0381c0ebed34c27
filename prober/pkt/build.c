/*
 * build.c: probe packets, IP header included.
 */
#include <string.h>

#include "pkt.h"

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint32_t pkt_sum(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;
	size_t i;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (i < len)
		sum += (uint32_t)b[i] << 8;
	return sum;
}

uint16_t pkt_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The IPv4 or IPv6 pseudo-header's contribution to a checksum. */
static uint32_t pseudo(const struct pkt_probe *p, uint8_t proto, size_t tlen)
{
	size_t alen = warts_addr_len(p->src.type);
	uint32_t sum = 0;
	sum = pkt_sum(p->src.bytes, alen, sum);
	sum = pkt_sum(p->dst.bytes, alen, sum);
	sum += proto;
	sum += (uint32_t)tlen & 0xffff;
	sum += (uint32_t)(tlen >> 16);
	return sum;
}

/*
 * Write the checksum at sum_at.  When want is non-zero, first rewrite the
 * two bytes at adj (zero while sum was taken) so that the checksum comes
 * out as want: adding v to the one's-complement sum changes the result by
 * -v, so v is the difference between the sum we have and the one we need.
 *
 * One's complement has two zeros.  The field ~fold(sum) is never 0xffff
 * for data that is not all zero, so a wanted 0xffff is reached by making
 * the rest sum to negative zero (whose complement is 0) and writing the
 * other zero, 0xffff, which verifies just the same (RFC 1624 section 3).
 * UDP gets there by itself: it sends a computed 0 as 0xffff (RFC 768).
 */
static void finish_sum(uint8_t *sum_at, uint8_t *adj, uint32_t sum,
                       uint16_t want)
{
	uint16_t v;
	if (want != 0 && adj != NULL) {
		uint16_t have = pkt_fold(sum);
		uint16_t need = (uint16_t)~want;
		v = pkt_fold((uint32_t)need + (uint16_t)~have);
		put16(adj, v);
		sum += v;
	}
	v = (uint16_t)~pkt_fold(sum);
	if (want == 0xffff && adj != NULL && v == 0)
		v = 0xffff;
	put16(sum_at, v);
}

/*
 * IPv4 options: record route and timestamps (RFC 791 3.1).  Returns their
 * length (a multiple of 4, at most 40), or -1 for a combination that
 * cannot be sent: both at once (40 bytes hold only one), a timestamp
 * flavour that does not exist, or prespecified addresses that are not
 * 1..4 IPv4 addresses.
 */
static int ip4_opts(const struct pkt_probe *p, uint8_t *o)
{
	size_t n = 0;
	if (p->opt_rr && p->opt_ts)
		return -1;
	if (p->opt_rr) {
		o[0] = 7;              /* record route */
		o[1] = 39;             /* 3 + 9 addresses */
		o[2] = 4;              /* pointer */
		memset(o + 3, 0, 36);
		o[39] = 0;             /* end of options */
		return 40;
	}
	if (p->opt_ts) {
		/* the flag (RFC 791): 0 timestamps only, 1 each with the
		 * stamping address, 3 for prespecified addresses */
		static const uint8_t flag[] = { 0, 0, 1, 3 };
		size_t slots;
		if (p->opt_ts < 0 || p->opt_ts > 3)
			return -1;
		o[0] = 68;             /* timestamp */
		o[2] = 5;
		o[3] = flag[p->opt_ts];
		if (p->opt_ts == 1) {
			slots = 9;
			o[1] = (uint8_t)(4 + 4 * slots);
			memset(o + 4, 0, 4 * slots);
			n = 4 + 4 * slots;
		} else {
			slots = p->opt_ts == 3 ? p->ts_addrc : 4;
			if (p->opt_ts == 3 && (slots < 1 || slots > 4))
				return -1;
			o[1] = (uint8_t)(4 + 8 * slots);
			memset(o + 4, 0, 8 * slots);
			for (size_t i = 0; p->opt_ts == 3 && i < slots; i++) {
				if (p->ts_addrs[i].type != WARTS_ADDR_IPV4)
					return -1;
				memcpy(o + 4 + 8 * i, p->ts_addrs[i].bytes, 4);
			}
			n = 4 + 8 * slots;
		}
	}
	return (int)n;
}

/*
 * The protocol must be the address family's: an ICMP echo over IPv6 is
 * ICMPv6 (with the pseudo-header in its checksum), and the timestamp
 * request exists only in ICMPv4.
 */
static int proto_ok(const struct pkt_probe *p, int v6)
{
	switch (p->proto) {
	case PKT_ICMP:
		return !v6;
	case PKT_ICMP6:
		return v6 && p->icmp_type != ICMP4_TSTAMP;
	case PKT_UDP:
	case PKT_TCP:
		return 1;
	default:
		return 0;
	}
}

/* The transport part: header and payload, checksum left zero. */
static int transport(const struct pkt_probe *p, uint8_t *t, size_t room,
                     size_t *tlen, size_t *sum_at, size_t *adj_at)
{
	size_t hlen, n;
	switch (p->proto) {
	case PKT_ICMP:
	case PKT_ICMP6:
		hlen = p->icmp_type == ICMP4_TSTAMP ? 20 : 8;
		if (room < hlen)
			return -1;
		memset(t, 0, hlen);
		t[0] = p->icmp_type;
		t[1] = p->icmp_code;
		put16(t + 4, p->icmp_id);
		put16(t + 6, p->icmp_seq);
		if (hlen == 20)
			put32(t + 8, p->icmp_ts_orig);
		*sum_at = 2;
		break;
	case PKT_UDP:
		hlen = 8;
		if (room < hlen)
			return -1;
		put16(t, p->sport);
		put16(t + 2, p->dport);
		put16(t + 4, 0);       /* length: set once padded */
		put16(t + 6, 0);
		*sum_at = 6;
		break;
	case PKT_TCP:
		hlen = p->tcp_mss != 0 ? 24 : 20;
		if (room < hlen)
			return -1;
		memset(t, 0, hlen);
		put16(t, p->sport);
		put16(t + 2, p->dport);
		put32(t + 4, p->tcp_seq);
		put32(t + 8, p->tcp_ack);
		t[12] = (uint8_t)((hlen / 4) << 4);
		t[13] = p->tcp_flags;
		put16(t + 14, p->tcp_win);
		if (p->tcp_mss != 0) {
			t[20] = 2;
			t[21] = 4;
			put16(t + 22, p->tcp_mss);
		}
		*sum_at = 16;
		break;
	default:
		return -1;
	}
	n = hlen;
	if (p->payload_len > room - n)
		return -1;
	if (p->payload_len > 0)
		memcpy(t + n, p->payload, p->payload_len);
	n += p->payload_len;
	/* the checksum adjustment needs two payload bytes to rewrite, and
	 * they must be zero while the sum is taken */
	if (p->want_sum != 0) {
		while (n < hlen + 2) {
			if (room - n < 1)
				return -1;
			t[n++] = 0;
		}
		t[hlen] = t[hlen + 1] = 0;
	}
	*adj_at = hlen;
	*tlen = n;
	return 0;
}

int pkt_build(const struct pkt_probe *p, uint8_t *buf, size_t len)
{
	int v6 = p->dst.type == WARTS_ADDR_IPV6, o = 0;
	size_t iplen, tlen, sum_at, adj_at, total;
	uint8_t opts[40];
	uint8_t *t;
	uint32_t sum;

	if ((p->dst.type != WARTS_ADDR_IPV4 && !v6) ||
	    p->src.type != p->dst.type || !proto_ok(p, v6))
		return -1;
	if (v6 && (p->opt_rr || p->opt_ts))
		return -1;     /* IPv4 options */
	if (!v6 && (o = ip4_opts(p, opts)) < 0)
		return -1;
	iplen = (v6 ? 40 : 20) + (size_t)o;
	if (len < iplen)
		return -1;
	t = buf + iplen;
	if (transport(p, t, len - iplen, &tlen, &sum_at, &adj_at) != 0)
		return -1;
	total = iplen + tlen;
	/* pad to the size asked for */
	if (p->size > total) {
		if (p->size > len)
			return -1;
		memset(buf + total, 0, p->size - total);
		tlen += p->size - total;
		total = p->size;
	}
	/* IPv4 total length and IPv6 payload length are 16 bits */
	if ((v6 ? tlen : total) > 65535)
		return -1;
	if (p->proto == PKT_UDP)
		put16(t + 4, (uint16_t)tlen);

	/* transport checksum */
	sum = 0;
	if (p->proto != PKT_ICMP)
		sum = pseudo(p, p->proto, tlen);
	sum = pkt_sum(t, tlen, sum);
	finish_sum(t + sum_at, tlen > adj_at + 1 ? t + adj_at : NULL, sum,
	           p->want_sum);
	/* a UDP checksum that comes out 0 is sent as 0xffff (RFC 768) */
	if (p->proto == PKT_UDP && t[6] == 0 && t[7] == 0)
		t[6] = t[7] = 0xff;

	if (v6) {
		uint32_t w = (6u << 28) | ((uint32_t)p->tos << 20) |
		             (p->flow & 0xfffff);
		put32(buf, w);
		put16(buf + 4, (uint16_t)tlen);
		buf[6] = p->proto;
		buf[7] = p->ttl;
		memcpy(buf + 8, p->src.bytes, 16);
		memcpy(buf + 24, p->dst.bytes, 16);
	} else {
		buf[0] = (uint8_t)(0x40 | (iplen / 4));
		buf[1] = p->tos;
		put16(buf + 2, (uint16_t)total);
		put16(buf + 4, p->ipid);
		put16(buf + 6, (uint16_t)((p->df ? 0x4000 : 0) |
		                          (p->frag_off & 0x1fff)));
		buf[8] = p->ttl;
		buf[9] = p->proto;
		put16(buf + 10, 0);
		memcpy(buf + 12, p->src.bytes, 4);
		memcpy(buf + 16, p->dst.bytes, 4);
		memcpy(buf + 20, opts, (size_t)o);
		put16(buf + 10, (uint16_t)~pkt_fold(pkt_sum(buf, iplen, 0)));
	}
	return (int)total;
}
