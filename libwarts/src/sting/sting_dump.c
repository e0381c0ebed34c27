/*
 * sting_dump.c: Sting as sc_wartsdump prints it.
 *
 * A "sting from <src> to <dst>" line, the list, cycle, user id and start
 * time, the parameters and results, the error message, then one line for
 * each TCP packet (others are skipped): its time after the start in
 * milliseconds, its direction, its SYN/FIN/RST/ECE/CWR flags, its length,
 * its sequence and acknowledgement numbers relative to each side's
 * initial sequence number (learnt from the SYN and SYN/ACK seen so far),
 * the bytes of data it carries, and the IPv4 IP-ID.  No empty line
 * follows, unlike most types.
 *
 * sc_wartsdump prints unsigned 32-bit values (ids, times) through "%d",
 * so values past INT32_MAX come out negative; we print them the same
 * way.  Where it would crash on an absent address we print "<null>".
 * It reads the TCP header without checking that the packet holds it; we
 * read a byte past the end of the packet as zero instead.
 *
 * scamper's dump leaves some fields out.  We print each of them too, but
 * only when it holds something other than what scamper's own files hold
 * for it (its default, or the zero of a field the file leaves out), so a
 * dump of an ordinary file is scamper's byte for byte while an unusual
 * value still shows: the distribution of the gaps (uniform, 3, is
 * scamper's), a data length other than seqskip + count, packet flags it
 * has no name for, and packets that are not TCP over IPv4 or IPv6, which
 * scamper skips.  The data bytes are never printed: scamper's own files
 * hold stray memory there (see warts/sting.h).
 */
#include <string.h>

#include "warts/list.h"
#include "warts/sting.h"

#include "../fmt.h"
#include "sting_fmt.h"

/* IPv6 next-header values for the extension headers scamper skips */
enum {
	NH_HOPOPTS = 0, NH_TCP = 6, NH_ROUTING = 43, NH_FRAGMENT = 44,
	NH_DSTOPTS = 60,
};

/* A packet's bytes, read through a bounds check. */
struct pkt {
	const uint8_t *p;
	uint32_t len;
};

static uint8_t pkt_u8(const struct pkt *k, uint32_t off)
{
	return off < k->len ? k->p[off] : 0;
}

static uint16_t pkt_u16(const struct pkt *k, uint32_t off)
{
	return (uint16_t)(pkt_u8(k, off) << 8 | pkt_u8(k, off + 1));
}

static uint32_t pkt_u32(const struct pkt *k, uint32_t off)
{
	return (uint32_t)pkt_u16(k, off) << 16 | pkt_u16(k, off + 2);
}

/* v as printf's "%0<width>u" writes it. */
static void dump_uint0(warts_strbuf *sb, uint32_t v, unsigned width)
{
	unsigned digits = 1;

	for (uint32_t t = v; t >= 10; t /= 10)
		digits++;
	for (; digits < width; digits++)
		sb_c(sb, '0');
	sb_u(sb, v);
}

/* v cast to int as printf's "%0<width>d" writes it: the sign counts. */
static void dump_int0(warts_strbuf *sb, int64_t v, unsigned width)
{
	int32_t x = (int32_t)v;

	if (x < 0) {
		sb_c(sb, '-');
		dump_uint0(sb, 0u - (uint32_t)x, width - 1);
	} else {
		dump_uint0(sb, (uint32_t)x, width);
	}
}

/* s as printf's "%-<width>s" writes it. */
static void dump_left(warts_strbuf *sb, const char *s, size_t n,
                      size_t width)
{
	sb_mem(sb, s, n);
	for (; n < width; n++)
		sb_c(sb, ' ');
}

/* v cast to int as printf's "%<width>d" writes it. */
static void dump_right(warts_strbuf *sb, int64_t v, unsigned width)
{
	char tmp[12];
	int32_t x = (int32_t)v;
	uint32_t u = x < 0 ? 0u - (uint32_t)x : (uint32_t)x;
	unsigned n = 0;

	do {
		tmp[sizeof(tmp) - ++n] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (x < 0)
		tmp[sizeof(tmp) - ++n] = '-';
	for (unsigned i = n; i < width; i++)
		sb_c(sb, ' ');
	sb_mem(sb, tmp + sizeof(tmp) - n, n);
}

/* Append a literal to buf at n; returns the new length. */
static size_t put_lit(char *buf, size_t n, const char *s)
{
	size_t l = strlen(s);
	memcpy(buf + n, s, l);
	return n + l;
}

/* Append v in decimal to buf at n; returns the new length. */
static size_t put_u32(char *buf, size_t n, uint32_t v)
{
	char tmp[10];
	size_t l = 0;

	do {
		tmp[sizeof(tmp) - ++l] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	memcpy(buf + n, tmp + sizeof(tmp) - l, l);
	return n + l;
}

static void dump_addr(warts_strbuf *sb, const warts_addr *a)
{
	if (warts_addr_isset(a))
		sb_addr(sb, a);
	else
		sb_s(sb, "<null>");
}

/*
 * A duration in milliseconds as "<label>: <sec>[.<frac>]s", the fraction
 * without its trailing zeros: 100 ms is "0.1s", 2000 ms is "2s".
 */
static void dump_wait(warts_strbuf *sb, const char *label, uint16_t ms)
{
	uint32_t usec = ms % 1000 * 1000u;
	unsigned width = 6;

	sb_s(sb, label);
	sb_su(sb, ": ", ms / 1000);
	if (usec > 0) {
		while (usec % 10 == 0) {
			usec /= 10;
			width--;
		}
		sb_c(sb, '.');
		dump_uint0(sb, usec, width);
	}
	sb_c(sb, 's');
}

static void dump_summary(warts_strbuf *sb, const warts_sting *s)
{
	if (s->list != NULL) {
		sb_s(sb, " list id: ");
		sb_i(sb, (int32_t)s->list->id);
		if (s->list->name != NULL) {
			sb_s(sb, ", name: ");
			sb_s(sb, s->list->name);
		}
		if (s->list->monitor != NULL) {
			sb_s(sb, ", monitor: ");
			sb_s(sb, s->list->monitor);
		}
		sb_c(sb, '\n');
	}
	if (s->cycle != NULL) {
		sb_s(sb, " cycle id: ");
		sb_i(sb, (int32_t)s->cycle->id);
		sb_c(sb, '\n');
	}
	sb_s(sb, " user-id: ");
	sb_i(sb, (int32_t)s->userid);
	sb_s(sb, "\n start: ");
	sb_ctime(sb, s->start.sec);
	sb_c(sb, ' ');
	dump_int0(sb, (int32_t)s->start.usec, 6);
	sb_c(sb, '\n');
}

static void dump_params(warts_strbuf *sb, const warts_sting *s)
{
	static const char *const results[] = { "none", "completed", "error" };

	sb_su(sb, " sport: ", s->sport);
	sb_su(sb, ", dport: ", s->dport);
	sb_su(sb, "\n count: ", s->count);
	dump_wait(sb, ", mean", s->mean);
	dump_wait(sb, ", inter", s->inter);
	/* no colon after seqskip, as scamper prints it */
	sb_su(sb, ", seqskip ", s->seqskip);
	/* ours: a distribution other than scamper's uniform, and a data
	 * length other than the seqskip + count bytes scamper takes */
	if (s->dist != 0 && s->dist != WARTS_STING_DIST_UNIFORM) {
		sb_s(sb, ", dist: ");
		if (s->dist == WARTS_STING_DIST_EXPONENTIAL)
			sb_s(sb, "exponential");
		else if (s->dist == WARTS_STING_DIST_PERIODIC)
			sb_s(sb, "periodic");
		else
			sb_u(sb, s->dist);
	}
	if (s->datalen != 0 && s->datalen != (uint32_t)s->seqskip + s->count)
		sb_su(sb, ", datalen: ", s->datalen);
	sb_su(sb, "\n synretx: ", s->synretx);
	sb_su(sb, ", dataretx: ", s->dataretx);
	sb_su(sb, "\n dataackc: ", s->dataackc);
	sb_su(sb, ", holec: ", s->holec);
	sb_s(sb, "\n hs-rtt: ");
	sb_i(sb, (int32_t)s->hsrtt.sec);
	sb_c(sb, '.');
	dump_int0(sb, (int32_t)s->hsrtt.usec, 6);
	sb_s(sb, "\n result: ");
	if (s->result < sizeof(results) / sizeof(results[0]))
		sb_s(sb, results[s->result]);
	else
		sb_u(sb, s->result);
	sb_c(sb, '\n');
	if (s->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, s->errmsg);
		sb_c(sb, '\n');
	}
}

/* What the IP header says about a packet scamper describes. */
struct iphdr_info {
	uint32_t hlen;   /* header bytes before the TCP header */
	uint16_t len;    /* IP total length (16 bits, wrapping as scamper's) */
	uint8_t  proto;  /* the protocol after any extension headers */
	int      v4;     /* print the IP-ID */
	uint16_t ipid;
};

/*
 * The IP header of an IPv4 packet of 20 bytes or more, or of an IPv6
 * packet of 40 or more (skipping hop-by-hop, routing, destination and
 * fragment headers while the total stays under 255 bytes, and stopping
 * at an empty hop-by-hop, routing or destination header as scamper
 * does).  0 when the packet is neither and is not printed.
 */
static int ip_header(const struct pkt *k, struct iphdr_info *ip)
{
	unsigned v = pkt_u8(k, 0) >> 4;

	if (v == 4 && k->len >= 20) {
		ip->hlen = (pkt_u8(k, 0) & 0xfu) * 4;
		ip->len = pkt_u16(k, 2);
		ip->proto = pkt_u8(k, 9);
		ip->v4 = 1;
		ip->ipid = pkt_u16(k, 4);
		return 1;
	}
	if (v != 6 || k->len < 40)
		return 0;
	ip->hlen = 40;
	ip->len = (uint16_t)(pkt_u16(k, 4) + 40);
	ip->proto = pkt_u8(k, 6);
	ip->v4 = 0;
	for (;;) {
		uint32_t ext;
		if (ip->proto == NH_HOPOPTS || ip->proto == NH_ROUTING ||
		    ip->proto == NH_DSTOPTS) {
			ext = pkt_u8(k, ip->hlen + 1);
			if (ext == 0 || 255 - ip->hlen <= ext * 8 + 8)
				break;
			ip->proto = pkt_u8(k, ip->hlen);
			ip->hlen += ext * 8 + 8;
		} else if (ip->proto == NH_FRAGMENT) {
			if (255 - ip->hlen <= 8)
				break;
			ip->proto = pkt_u8(k, ip->hlen);
			ip->hlen += 8;
		} else {
			break;
		}
	}
	return 1;
}

/* The SYN, SYN/ACK, FIN or RST name, then ECE and CWR, '/' between. */
static size_t tcp_flags_str(char *buf, uint8_t flags)
{
	size_t n = 0;
	const char *s = NULL;

	if (flags & 0x02)
		s = (flags & 0x10) ? "SYN/ACK" : "SYN";
	else if (flags & 0x01)
		s = "FIN";
	else if (flags & 0x04)
		s = "RST";
	for (; s != NULL && *s != '\0'; s++)
		buf[n++] = *s;
	if (flags & 0x40) {
		if (n > 0)
			buf[n++] = '/';
		memcpy(buf + n, "ECE", 3);
		n += 3;
	}
	if (flags & 0x80) {
		if (n > 0)
			buf[n++] = '/';
		memcpy(buf + n, "CWR", 3);
		n += 3;
	}
	return n;
}

struct isns {
	uint32_t client, server;
};

/* " [  0.123] TX ": the time after the start and the direction. */
static void dump_pkt_start(warts_strbuf *sb, const warts_sting *s,
                           const warts_sting_pkt *p)
{
	int64_t sec = (int64_t)p->tv.sec - s->start.sec;
	int64_t usec = (int64_t)p->tv.usec - s->start.usec;

	if (usec < 0) {
		sec--;
		usec += 1000000;
	}
	sb_s(sb, " [");
	dump_right(sb, sec, 3);
	sb_c(sb, '.');
	dump_int0(sb, usec / 1000, 3);
	sb_s(sb, (p->flags & WARTS_STING_PKT_TX) ? "] TX " :
	         (p->flags & WARTS_STING_PKT_RX) ? "] RX " : "] ?? ");
}

/* Ours: packet flags scamper has no name for. */
static void dump_pkt_flags(warts_strbuf *sb, const warts_sting_pkt *p)
{
	uint8_t known = WARTS_STING_PKT_TX | WARTS_STING_PKT_RX |
	                WARTS_STING_PKT_DATA | WARTS_STING_PKT_HOLE;

	if (p->flags & ~known) {
		sb_s(sb, ", flags: 0x");
		sb_hex(sb, &p->flags, 1);
	}
}

static void dump_pkt(warts_strbuf *sb, const warts_sting *s,
                     const warts_sting_pkt *p, struct isns *isn)
{
	struct pkt k = { p->data, p->data != NULL ? p->len : 0 };
	struct iphdr_info ip = { 0 };
	char flagstr[16], seqstr[64];
	uint32_t seq, ack;
	uint16_t datalen;
	uint8_t flags, tcphlen;
	size_t n;

	if (k.len == 0)
		return;
	if (!ip_header(&k, &ip) || ip.proto != NH_TCP) {
		/* ours: scamper skips what is not TCP */
		dump_pkt_start(sb, s, p);
		sb_su(sb, "len: ", k.len);
		sb_s(sb, ", data: ");
		sb_hex(sb, k.p, k.len);
		dump_pkt_flags(sb, p);
		sb_c(sb, '\n');
		return;
	}
	dump_pkt_start(sb, s, p);

	seq = pkt_u32(&k, ip.hlen + 4);
	ack = pkt_u32(&k, ip.hlen + 8);
	flags = pkt_u8(&k, ip.hlen + 13);
	tcphlen = (uint8_t)((pkt_u8(&k, ip.hlen + 12) >> 4) * 4);

	/* a SYN sets the side's initial sequence number for what follows */
	if ((flags & 0x02) && (flags & 0x10))
		isn->server = seq;
	else if (flags & 0x02)
		isn->client = seq;
	if (p->flags & WARTS_STING_PKT_TX) {
		seq -= isn->client;
		ack -= isn->server;
	} else {
		seq -= isn->server;
		ack -= isn->client;
	}
	/* 16 bits, wrapping when the headers claim more than the packet */
	datalen = (uint16_t)(ip.len - ip.hlen - tcphlen);

	dump_left(sb, flagstr, tcp_flags_str(flagstr, flags), 13);
	sb_c(sb, ' ');
	dump_right(sb, ip.len, 4);

	/*
	 * scamper formats the sequence numbers into a 32-byte buffer, so
	 * the longest of them lose their end: cut to 31 characters, as it
	 * prints them.
	 */
	n = put_lit(seqstr, 0, " seq = ");
	n = put_u32(seqstr, n, seq);
	n = put_lit(seqstr, n, ":");
	n = put_u32(seqstr, n, ack);
	if (datalen != 0) {
		n = put_lit(seqstr, n, "(");
		n = put_u32(seqstr, n, datalen);
		n = put_lit(seqstr, n, ")");
	}
	if (n > 31)
		n = 31;
	dump_left(sb, seqstr, n, 23);
	if (ip.v4) {
		const uint8_t id[2] = { (uint8_t)(ip.ipid >> 8), (uint8_t)ip.ipid };
		sb_c(sb, ' ');
		sb_hex(sb, id, 2);
	}
	dump_pkt_flags(sb, p);
	sb_c(sb, '\n');
}

int sting_dump(warts_strbuf *sb, const void *obj)
{
	const warts_sting *s = obj;
	uint32_t pktc = s->pkts != NULL ? s->pktc : 0;
	struct isns isn = { 0, 0 };

	sb_s(sb, "sting from ");
	dump_addr(sb, &s->src);
	sb_s(sb, " to ");
	dump_addr(sb, &s->dst);
	sb_c(sb, '\n');
	dump_summary(sb, s);
	dump_params(sb, s);
	for (uint32_t i = 0; i < pktc; i++)
		dump_pkt(sb, s, &s->pkts[i], &isn);
	return 1;
}
