/*
 * tbit_text.c: tbit tests as sc_warts2text prints them, and the pieces of
 * packet lines the dump shares.
 *
 *   tbit from 192.0.2.10 to 198.51.100.80
 *    server-mss 1400, result: pmtud-success
 *    app: http, url: https://www.example.com/index.html
 *    [  0.001] TX SYN             64  seq = 0:0              1234
 *    [  0.043] RX SYN/ACK/ECE     70  seq = 0:1(2)           0000 DF ECT
 *    [  0.099] RX                 60  seq = 1:1 {101:201,301:401} 0007
 *    [  0.100] RX PTB             56  mtu = 1280
 *    [  1.100] TX               1240F seq = 101:1(1200)      2222:0 MF
 *    [  1.100] TX                 28F                        2222:1480 MF
 *
 * One line per IPv4 or IPv6 packet (others are skipped): its time after
 * the start (seconds, then milliseconds), its direction, then for TCP its
 * SYN/FIN/RST/ECE/CWR flags, its IP length ("F" after it for a fragment),
 * its sequence and acknowledgement numbers relative to the initial ones
 * (the latest SYN and SYN/ACK seen), its data length, any SACK blocks, its
 * IP-ID (or IPv6 fragment id), the fragment offset, DF and ECN marks; for
 * a later fragment only its length and id; for an ICMP packet too big its
 * MTU; for anything else nothing.
 *
 * scamper builds the whole text in a 131072-byte buffer and silently
 * cuts what does not fit; we cut it at the same byte (see text_finish).
 * Where sc_warts2text would crash (an HTTP block with neither host nor
 * file) we print "(null)", as the dump does; an absent address is
 * "<null>".
 */
#include "warts/tbit.h"

#include "../fmt.h"
#include "tbit_fmt.h"

/* ---- shared with the dump ---------------------------------------------- */

void tbit_ip_walk(const warts_tbit_pkt *p, struct tbit_ip *ip)
{
	*ip = (struct tbit_ip){ .v = tbit_ipver(p) };

	if (ip->v == 4) {
		ip->hlen = (uint8_t)((tbit_b8(p, 0) & 0xf) * 4);
		ip->len = tbit_b16(p, 2);
		ip->proto = tbit_b8(p, 9);
		ip->ecn = tbit_b8(p, 1) & 0x3;
		ip->mf = (tbit_b8(p, 6) & 0x20) != 0;
		ip->off = (tbit_b16(p, 6) & 0x1fffu) * 8;
		ip->frag = ip->mf || ip->off != 0;
		ip->has_id = 1;
		ip->id = tbit_b16(p, 4);
		return;
	}
	if (ip->v != 6) {
		ip->v = 0;
		return;
	}
	ip->hlen = 40;
	ip->len = (uint16_t)(tbit_b16(p, 4) + 40);
	ip->proto = tbit_b8(p, 6);
	ip->ecn = (tbit_b8(p, 1) & 0x30) >> 4;
	/* each step adds at least 8 bytes to a header below 256: it ends */
	for (;;) {
		uint8_t h = ip->hlen, l;
		switch (ip->proto) {
		case TBIT_IP_HOPOPTS:
		case TBIT_IP_DSTOPTS:
		case TBIT_IP_ROUTING:
			l = tbit_b8(p, h + 1u);
			if (l == 0 || 255 - h <= l * 8 + 8)
				return;
			ip->proto = tbit_b8(p, h);
			ip->hlen = (uint8_t)(h + l * 8 + 8);
			continue;
		case TBIT_IP_FRAGMENT:
			if (255 - h <= 8)
				return;
			if (tbit_b8(p, h + 3u) & 0x1)
				ip->mf = 1;
			ip->has_id = 1;
			ip->id = tbit_b32(p, h + 4u);
			ip->off = tbit_b16(p, h + 2u) & 0xfff8;
			if (ip->off != 0)
				ip->later = 1;
			ip->proto = tbit_b8(p, h);
			ip->hlen = (uint8_t)(h + 8);
			ip->frag = 1;
			continue;
		default:
			return;
		}
	}
}

void tbit_sb_spaces(warts_strbuf *sb, size_t n)
{
	static const char sp[] = "                                ";
	while (n > 0) {
		size_t k = n < sizeof(sp) - 1 ? n : sizeof(sp) - 1;
		sb_mem(sb, sp, k);
		n -= k;
	}
}

void tbit_sb_padto(warts_strbuf *sb, size_t at, size_t width)
{
	if (!sb->oom && sb->len - at < width)
		tbit_sb_spaces(sb, width - (sb->len - at));
}

void tbit_sb_int(warts_strbuf *sb, int64_t v, unsigned width, int zero)
{
	char tmp[12];
	int32_t x = (int32_t)v;
	uint32_t u = x < 0 ? 0u - (uint32_t)x : (uint32_t)x;
	unsigned n = 0, digits;

	do {
		tmp[sizeof(tmp) - ++n] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	digits = n + (x < 0);
	if (zero) {
		/* the sign, then zeros: "%03d" of -5 is "-05" */
		if (x < 0)
			sb_c(sb, '-');
		for (; digits < width; digits++)
			sb_c(sb, '0');
	} else {
		if (digits < width)
			tbit_sb_spaces(sb, width - digits);
		if (x < 0)
			sb_c(sb, '-');
	}
	sb_mem(sb, tmp + sizeof(tmp) - n, n);
}

void tbit_sb_xint(warts_strbuf *sb, uint32_t v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[8];
	unsigned n = 0;

	do {
		tmp[sizeof(tmp) - ++n] = hex[v & 0xf];
		v >>= 4;
	} while (v != 0);
	sb_mem(sb, tmp + sizeof(tmp) - n, n);
}

void tbit_sb_pktstart(warts_strbuf *sb, const warts_tbit *t,
                      const warts_tbit_pkt *p)
{
	int64_t sec, usec;

	tbit_tvdiff(&t->start, &p->tv, &sec, &usec);
	sb_s(sb, " [");
	tbit_sb_int(sb, sec, 3, 0);
	sb_c(sb, '.');
	tbit_sb_int(sb, usec / 1000, 3, 1);
	sb_s(sb, p->dir == WARTS_TBIT_PKT_TX ? "] TX " : "] RX ");
}

void tbit_sb_tcpflags(warts_strbuf *sb, uint8_t flags)
{
	int any = 1;

	if (flags & TBIT_TH_SYN)
		sb_s(sb, flags & TBIT_TH_ACK ? "SYN/ACK" : "SYN");
	else if (flags & TBIT_TH_FIN)
		sb_s(sb, "FIN");
	else if (flags & TBIT_TH_RST)
		sb_s(sb, "RST");
	else
		any = 0;
	if (flags & TBIT_TH_ECE) {
		sb_s(sb, any ? "/ECE" : "ECE");
		any = 1;
	}
	if (flags & TBIT_TH_CWR)
		sb_s(sb, any ? "/CWR" : "CWR");
}

void tbit_sb_ptb(warts_strbuf *sb, const warts_tbit_pkt *p,
                 const struct tbit_ip *ip)
{
	uint32_t h = ip->hlen;
	int64_t mtu;

	/* either ICMP number, whatever the IP version, as scamper tests */
	if (ip->proto == TBIT_IP_ICMP) {
		if (tbit_b8(p, h) != 3 || tbit_b8(p, h + 1) != 4)
			return;
		mtu = tbit_b16(p, h + 6);
	} else if (ip->proto == TBIT_IP_ICMPV6) {
		if (tbit_b8(p, h) != 2)
			return;
		mtu = (int32_t)tbit_b32(p, h + 4);  /* "%d" of a u32 */
	} else {
		return;
	}
	sb_s(sb, "PTB           ");  /* "%-13s " */
	tbit_sb_int(sb, ip->len, 4, 0);
	sb_s(sb, "  mtu = ");
	tbit_sb_int(sb, mtu, 0, 0);
}

/* ---- the text ----------------------------------------------------------- */

/*
 * scamper's 131072-byte buffer.  It appends with two kinds of function:
 * one that formats (vsnprintf), which on overflow keeps what fits and
 * marks the buffer full, and one that copies, which keeps what fits but
 * leaves room for one more formatted append to mark it full.  The last
 * byte kept becomes the newline.  So a text that does not fit keeps
 * 131071 bytes when a formatted append reached the end, else 131070,
 * then a newline.  fend tracks where the last formatted append ended.
 */
#define TEXT_BUFSZ 131072

struct text_out {
	warts_strbuf *sb;
	size_t        base;  /* where this test's text starts */
	size_t        fend;  /* end of the last formatted append, from base */
};

/* Mark the end of an append scamper formats. */
static void text_fmt_end(struct text_out *o)
{
	o->fend = o->sb->len - o->base;
}

static void text_finish(struct text_out *o)
{
	warts_strbuf *sb = o->sb;
	size_t n = sb->len - o->base, keep;

	if (sb->oom || n < TEXT_BUFSZ)
		return;
	keep = o->fend >= TEXT_BUFSZ ? TEXT_BUFSZ - 1 : TEXT_BUFSZ - 2;
	sb->len = o->base + keep;
	sb->data[sb->len] = '\0';
	sb_c(sb, '\n');
}

static void text_addr(warts_strbuf *sb, const warts_addr *a)
{
	if (warts_addr_isset(a))
		sb_addr(sb, a);
	else
		sb_s(sb, "<null>");
}

static void text_http(struct text_out *o, const warts_tbit_http *h)
{
	warts_strbuf *sb = o->sb;

	sb_s(sb, " app: http");
	if (h->host != NULL) {
		sb_s(sb, h->type == WARTS_TBIT_HTTP_TYPE_HTTPS ?
		     ", url: https://" : ", url: http://");
		sb_s(sb, h->host);
		if (h->file != NULL)
			sb_s(sb, h->file);
		text_fmt_end(o);
	} else {
		sb_s(sb, ", file: ");
		sb_s(sb, h->file != NULL ? h->file : "(null)");
	}
	sb_c(sb, '\n');
}

/* The SACK blocks of a packet's options, " {l:r,l:r}" per option, relative
 * to the initial sequence number of the other side. */
static void text_sacks(warts_strbuf *sb, const warts_tbit_pkt *p,
                       uint32_t th, uint8_t tcphlen, uint32_t isn)
{
	uint8_t u = 20;

	while (u < tcphlen) {
		uint32_t o = th + u;
		uint8_t kind = tbit_b8(p, o), len;

		if (kind == 0)
			break;
		if (kind == 1) {
			u++;
			continue;
		}
		len = tbit_b8(p, o + 1);
		if (len == 0 || u + len > tcphlen)
			break;
		if (kind == 5 && (len == 10 || len == 18 || len == 26 ||
		                  len == 34)) {
			sb_s(sb, " {");
			for (unsigned b = 0; b < (len - 2u) / 8; b++) {
				uint32_t e = o + 2 + b * 8;
				if (b != 0)
					sb_c(sb, ',');
				sb_u(sb, tbit_b32(p, e) - isn);
				sb_c(sb, ':');
				sb_u(sb, tbit_b32(p, e + 4) - isn);
			}
			sb_c(sb, '}');
		}
		u = (uint8_t)(u + len);
	}
}

struct text_isn {
	uint32_t client, server;
};

static void text_tcp(struct text_out *o, const warts_tbit_pkt *p,
                     const struct tbit_ip *ip, struct text_isn *isn)
{
	warts_strbuf *sb = o->sb;
	uint32_t th = ip->hlen;
	uint32_t seq = tbit_b32(p, th + 4), ack = tbit_b32(p, th + 8);
	uint8_t flags = tbit_b8(p, th + 13);
	uint8_t tcphlen = (uint8_t)((tbit_b8(p, th + 12) >> 4) * 4);
	uint16_t datalen;
	int tx = p->dir == WARTS_TBIT_PKT_TX;
	size_t at;

	/* the latest SYN and SYN/ACK give the initial numbers */
	if (flags & TBIT_TH_SYN) {
		if (flags & TBIT_TH_ACK)
			isn->server = seq;
		else
			isn->client = seq;
	}
	if (tx) {
		seq = tbit_isnoff(isn->client, seq);
		ack = tbit_isnoff(isn->server, ack);
	} else {
		seq = tbit_isnoff(isn->server, seq);
		ack = tbit_isnoff(isn->client, ack);
	}
	datalen = (uint16_t)(ip->len - ip->hlen - tcphlen);

	at = sb->len;
	tbit_sb_tcpflags(sb, flags);
	tbit_sb_padto(sb, at, 13);
	sb_c(sb, ' ');
	tbit_sb_int(sb, ip->len, 4, 0);
	sb_c(sb, ip->frag ? 'F' : ' ');
	text_fmt_end(o);

	at = sb->len;
	sb_su(sb, " seq = ", seq);
	sb_su(sb, ":", ack);
	if (datalen != 0) {
		sb_su(sb, "(", datalen);
		sb_c(sb, ')');
	}
	text_sacks(sb, p, th, tcphlen, tx ? isn->server : isn->client);
	tbit_sb_padto(sb, at, 23);
	if (ip->has_id && ip->v == 4) {
		uint8_t id[2] = { (uint8_t)(ip->id >> 8), (uint8_t)ip->id };
		sb_c(sb, ' ');
		sb_hex(sb, id, 2);
	} else if (ip->has_id) {
		tbit_sb_xint(sb, ip->id);
	}
	text_fmt_end(o);

	if (ip->frag) {
		sb_su(sb, ":", ip->off);
		if (ip->mf)
			sb_s(sb, " MF");
	}
	if (datalen > 0 && ip->v == 4 && (tbit_b8(p, 6) & 0x40))
		sb_s(sb, " DF");
	if (ip->ecn == 3)
		sb_s(sb, " CE");
	else if (ip->ecn != 0)
		sb_s(sb, " ECT");
}

/* A later fragment: its length and id, nothing of the transport. */
static void text_frag(warts_strbuf *sb, const struct tbit_ip *ip)
{
	tbit_sb_spaces(sb, 14);
	tbit_sb_int(sb, ip->len, 4, 0);
	sb_c(sb, 'F');
	tbit_sb_spaces(sb, 23);
	if (ip->v == 4) {
		uint8_t id[2] = { (uint8_t)(ip->id >> 8), (uint8_t)ip->id };
		sb_c(sb, ' ');
		sb_hex(sb, id, 2);
	} else {
		tbit_sb_xint(sb, ip->id);
	}
	sb_su(sb, ":", ip->off);
	if (ip->mf)
		sb_s(sb, " MF");
}

static void text_pkt(struct text_out *o, const warts_tbit *t,
                     const warts_tbit_pkt *p, struct text_isn *isn)
{
	warts_strbuf *sb = o->sb;
	struct tbit_ip ip;

	tbit_ip_walk(p, &ip);
	if (ip.v == 0)
		return;
	tbit_sb_pktstart(sb, t, p);
	text_fmt_end(o);
	if (ip.off != 0) {
		text_frag(sb, &ip);
		text_fmt_end(o);
	} else if (ip.proto == TBIT_IP_TCP) {
		text_tcp(o, p, &ip, isn);
	} else {
		size_t at = sb->len;
		tbit_sb_ptb(sb, p, &ip);
		if (sb->len != at)
			text_fmt_end(o);
	}
	sb_c(sb, '\n');
}

int tbit_text(warts_strbuf *sb, const void *obj)
{
	const warts_tbit *t = obj;
	struct text_out o = { sb, sb->len, 0 };
	struct text_isn isn = { 0, 0 };
	const char *res = tbit_result_str(t->result);

	sb_s(sb, "tbit from ");
	text_addr(sb, &t->src);
	sb_s(sb, " to ");
	text_addr(sb, &t->dst);
	sb_s(sb, "\n server-mss ");
	sb_u(sb, t->server_mss);
	sb_s(sb, ", result: ");
	if (res != NULL)
		sb_s(sb, res);
	else
		sb_u(sb, t->result);
	sb_c(sb, '\n');
	text_fmt_end(&o);

	if (t->app_proto == WARTS_TBIT_APP_HTTP && t->http != NULL)
		text_http(&o, t->http);
	/* once a formatted append has reached the buffer's end, the rest
	 * is cut whatever it holds: stop formatting it */
	if (t->pkts != NULL)
		for (uint32_t i = 0; i < t->pktc && o.fend < TEXT_BUFSZ; i++)
			text_pkt(&o, t, &t->pkts[i], &isn);
	text_finish(&o);
	return 1;
}
