/*
 * tbit_json.c: tbit tests as sc_warts2json prints them, and the names and
 * ICW measurement the dump shares.
 *
 * One line per test: the parameters and result, the per-test and
 * application blocks, the initial sequence numbers the packets show, then
 * "pkts", every packet decoded from its bytes (IP header fields, and for
 * TCP its flags, options, sequence numbers relative to the initial ones,
 * data length and window).  Members are separated by ", " except before
 * "errmsg" and "monitor", and array elements by "," except some TCP
 * options: all as scamper writes them.
 *
 * Deliberate differences from sc_warts2json 2026:
 * - strings (errmsg, the URL, monitor) are escaped by sb_json, so the
 *   line stays valid JSON whatever they hold; scamper escapes only " and
 *   \ in two of them (cut at their first unprintable byte) and nothing
 *   in the URL;
 * - a TCP Fast Open option without a cookie ("fo" of 2 bytes, "fo-exp"
 *   of 4) gets its closing brace, which scamper leaves out;
 * - nothing is cut short: scamper cuts the error message and monitor at
 *   511 bytes and the whole header (URL included) at 2047;
 * - an IPv6 extension header chain that loops (scamper's walk never
 *   ends) is followed for 130 headers, more than a chain that ends can
 *   take, and the packet is then printed as if its protocol were the
 *   last header reached.
 * Absent addresses (which the decoder refuses) are left out.
 *
 * With WARTS_JSON_ALLFIELDS the packets cannot be rebuilt from their
 * decoded fields alone, nor some fields from the rest, so each packet
 * ends with ,"warts":{"tv":{"sec":S,"usec":U},"data":"<hex>"} (its
 * absolute time and its bytes) and the test with
 *   ,"warts":{"list":..,"cycle":..,"app_proto":N,"client_syn_retx":N,
 *             "client_dat_retx":N,"options":N,
 *             "errmsg":"<hex>",                         see below
 *             "icw":{"start_seq":N},                    when there is one
 *             "http":{"type":N,"host":"<hex>","file":"<hex>"}}  likewise
 * (options in full, as "options" names only the low 16 bits; the ICW
 * block is otherwise invisible, and the HTTP block shows only as a URL
 * that cannot always be split back, so its strings go as their bytes.
 * errmsg goes as its bytes too when it holds a byte outside ASCII,
 * whose JSON escape would read back as a different string.)
 */

#include "warts/list.h"
#include "warts/tbit.h"

#include "../fmt.h"
#include "tbit_fmt.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- names -------------------------------------------------------------- */

const char *tbit_type_str(uint8_t type)
{
	static const char *const names[] = {
		NULL, "pmtud", "ecn", "null", "sack-rcvr", "icw", "abc",
		"blind-data", "blind-rst", "blind-syn", "blind-fin",
	};
	return type < NELEM(names) ? names[type] : NULL;
}

const char *tbit_result_str(uint16_t result)
{
	/* results come in ranges of ten per test type, each a prefix */
	static const char *const names[] = {
		[0] = "none", "tcp-noconn", "tcp-rst", "tcp-error",
		"sys-error", "aborted", "tcp-noconn-rst", "halted",
		"tcp-badopt", "tcp-fin", "tcp-zerowin",
		[20] = "pmtud-noack", "pmtud-nodata", "pmtud-toosmall",
		"pmtud-nodf", "pmtud-fail", "pmtud-success", "pmtud-cleardf",
		[30] = "ecn-success", "ecn-incapable", "ecn-badsynack",
		"ecn-noece", "ecn-noack", "ecn-nodata",
		[40] = "null-success", "null-nodata",
		[50] = "sack-incapable", "sack-rcvr-success",
		"sack-rcvr-shifted", "sack-rcvr-timeout", "sack-rcvr-nosack",
		[60] = "icw-success", "icw-tooshort",
		[70] = "abc-success", "abc-tooshort", "abc-badicw",
		[80] = "blind-accepted", "blind-challenge", "blind-ignored",
		"blind-rst", "blind-synnew",
	};
	return result < NELEM(names) ? names[result] : NULL;
}

/* ---- the initial congestion window -------------------------------------- */

/*
 * The IP header as scamper's ICW measurement reads it: IPv6 extension
 * headers must each fit within 255 bytes of header, must not be the
 * shortest kind, and a fragment header must be of an unfragmented packet.
 */
static int icw_iph(const warts_tbit_pkt *p, uint8_t *proto, uint8_t *hlen,
                   uint16_t *iplen)
{
	unsigned v = tbit_ipver(p);

	if (v == 4) {
		*hlen = (uint8_t)((tbit_b8(p, 0) & 0xf) * 4);
		*iplen = tbit_b16(p, 2);
		*proto = tbit_b8(p, 9);
		return 0;
	}
	if (v != 6)
		return -1;
	*hlen = 40;
	*iplen = (uint16_t)(tbit_b16(p, 4) + 40);
	*proto = tbit_b8(p, 6);
	for (;;) {
		unsigned step;
		switch (*proto) {
		case TBIT_IP_HOPOPTS:
		case TBIT_IP_DSTOPTS:
		case TBIT_IP_ROUTING:
			step = tbit_b8(p, *hlen + 1) * 8u + 8;
			if (tbit_b8(p, *hlen + 1) == 0 || 255u - *hlen <= step)
				return -1;
			*proto = tbit_b8(p, *hlen);
			*hlen = (uint8_t)(*hlen + step);
			continue;
		case TBIT_IP_FRAGMENT:
			if (255 - *hlen <= 8)
				return -1;
			*proto = tbit_b8(p, *hlen);
			if ((tbit_b16(p, *hlen + 2) & 0xfff8) != 0 ||
			    (tbit_b8(p, *hlen + 3) & 0x1) != 0)
				return -1;
			*hlen = (uint8_t)(*hlen + 8);
			continue;
		default:
			return 0;
		}
	}
}

/* RFC 793 sequence comparisons, modulo 2^32. */
static int seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static int seq_leq(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) <= 0;
}

/* Whether a segment starts or ends within 65535 bytes of rcv_nxt. */
static int seq_inrange(uint32_t rcv_nxt, uint32_t seq, uint16_t len)
{
	uint32_t last = seq + len - 1;
	return (seq_leq(rcv_nxt, seq) && seq_lt(seq, rcv_nxt + 65535)) ||
	       (seq_leq(rcv_nxt, last) && seq_lt(last, rcv_nxt + 65535));
}

/*
 * scamper's method: after the first packet received (which must be the
 * SYN/ACK), queue the data segments received from the test's start
 * sequence on, until the start sequence arrives a second time (the
 * server's first retransmission); the window is how far the queued data
 * reached past the start.  Without that retransmission there is no
 * answer.
 */
int tbit_icw_size(const warts_tbit *t, uint32_t *out)
{
	const warts_tbit_pkt *p = NULL;
	uint32_t i, start, range = 0;
	uint16_t iplen;
	uint8_t proto, hlen;
	unsigned starts = 0;

	if (t->type != WARTS_TBIT_TYPE_ICW || t->icw == NULL ||
	    t->result != WARTS_TBIT_RESULT_ICW_SUCCESS || t->pkts == NULL)
		return -1;
	for (i = 1; i < t->pktc; i++)
		if (t->pkts[i].dir == WARTS_TBIT_PKT_RX) {
			p = &t->pkts[i];
			break;
		}
	if (p == NULL || icw_iph(p, &proto, &hlen, &iplen) != 0 ||
	    proto != TBIT_IP_TCP ||
	    (tbit_b8(p, hlen + 13u) & (TBIT_TH_SYN | TBIT_TH_ACK)) !=
	    (TBIT_TH_SYN | TBIT_TH_ACK))
		return -1;
	start = tbit_b32(p, hlen + 4u) + t->icw->start_seq;

	for (i++; i < t->pktc; i++) {
		uint32_t seq, edge;
		uint16_t datalen;
		uint8_t tcphlen, flags;

		p = &t->pkts[i];
		if (p->dir != WARTS_TBIT_PKT_RX)
			continue;
		if (icw_iph(p, &proto, &hlen, &iplen) != 0 ||
		    proto != TBIT_IP_TCP)
			break;
		seq = tbit_b32(p, hlen + 4u);
		tcphlen = (uint8_t)((tbit_b8(p, hlen + 12u) >> 4) * 4);
		flags = tbit_b8(p, hlen + 13u);
		datalen = (uint16_t)(iplen - hlen - tcphlen);
		if (datalen == 0 && (flags & TBIT_TH_FIN) == 0)
			continue;
		if (!seq_inrange(start, seq, datalen))
			continue;
		if (seq == start && ++starts == 2) {
			*out = range;
			return 0;
		}
		edge = seq + datalen;
		if (edge - start > range)
			range = edge - start;
	}
	return -1;
}

/* ---- pieces -------------------------------------------------------------- */

/*
 * The set bits of v among the low nbits, as a JSON array's elements:
 * the name where the table has one, else the bit's value.
 */
static void json_bits(warts_strbuf *sb, uint32_t v, unsigned nbits,
                      const char *const *names, unsigned nnames)
{
	int first = 1;

	for (unsigned i = 0; i < nbits; i++) {
		uint32_t bit = (uint32_t)1 << i;
		if ((v & bit) == 0)
			continue;
		if (!first)
			sb_c(sb, ',');
		first = 0;
		if (i < nnames) {
			sb_c(sb, '"');
			sb_s(sb, names[i]);
			sb_c(sb, '"');
		} else {
			sb_u(sb, bit);
		}
	}
}

/* A literal, then a name quoted, or the number quoted when it has none. */
static void json_qname(warts_strbuf *sb, const char *lit, const char *name,
                       unsigned v)
{
	sb_s(sb, lit);
	sb_c(sb, '"');
	if (name != NULL)
		sb_s(sb, name);
	else
		sb_u(sb, v);
	sb_c(sb, '"');
}

static void json_addr(warts_strbuf *sb, const char *lit, const warts_addr *a)
{
	if (!warts_addr_isset(a))
		return;
	sb_s(sb, lit);
	sb_addr(sb, a);
	sb_c(sb, '"');
}

/* ---- packets -------------------------------------------------------------- */

/* The initial sequence numbers, from the first SYN and SYN/ACK. */
struct isn_state {
	int      have_client, have_server;
	uint32_t client, server;
};

/*
 * The IP header as scamper's JSON reads it.  The header length is eight
 * bits, so a long chain of IPv6 extension headers wraps it, as there.
 */
struct jip {
	unsigned v;       /* 4, 6, or 0 for a packet that is neither */
	uint8_t  hlen, proto, ecn, ttl, mf;
	uint16_t len, off;
	uint32_t id;
	int      frag;
};

/*
 * A walk that ends takes at most 128 steps: a step depends only on the
 * header type (one of four) and the offset (a multiple of 8 below 256),
 * so a walk that revisits one never ends.  Only such walks are cut.
 */
#define JSON_MAX_EXTHDRS 130

static void json_ip(const warts_tbit_pkt *p, struct jip *ip)
{
	*ip = (struct jip){ .v = tbit_ipver(p) };

	if (ip->v == 4) {
		ip->hlen = (uint8_t)((tbit_b8(p, 0) & 0xf) * 4);
		ip->len = tbit_b16(p, 2);
		ip->proto = tbit_b8(p, 9);
		ip->ecn = tbit_b8(p, 1) & 0x3;
		ip->ttl = tbit_b8(p, 8);
		ip->mf = (tbit_b8(p, 6) & 0x20) != 0;
		ip->id = tbit_b16(p, 4);
		ip->off = (uint16_t)((tbit_b16(p, 6) & 0x1fff) * 8);
		ip->frag = ip->mf || ip->off != 0;
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
	ip->ttl = tbit_b8(p, 7);
	for (unsigned n = 0; n < JSON_MAX_EXTHDRS; n++) {
		uint8_t h = ip->hlen;
		switch (ip->proto) {
		case TBIT_IP_HOPOPTS:
		case TBIT_IP_DSTOPTS:
		case TBIT_IP_ROUTING:
			ip->proto = tbit_b8(p, h);
			ip->hlen = (uint8_t)(h + tbit_b8(p, h + 1u) * 8 + 8);
			continue;
		case TBIT_IP_FRAGMENT:
			if (tbit_b8(p, h + 3u) & 0x1)
				ip->mf = 1;
			ip->off = tbit_b16(p, h + 2u) & 0xfff8;
			ip->id = tbit_b32(p, h + 4u);
			ip->proto = tbit_b8(p, h);
			ip->hlen = (uint8_t)(h + 8);
			ip->frag = 1;
			continue;
		default:
			return;
		}
	}
}

/* Note a packet's initial sequence number if it is the first SYN or
 * SYN/ACK: the TCP header of an unfragmented (first) packet. */
static void isn_note(struct isn_state *st, const warts_tbit_pkt *p,
                     const struct jip *ip)
{
	uint8_t flags = tbit_b8(p, ip->hlen + 13u);
	uint32_t seq = tbit_b32(p, ip->hlen + 4u);

	flags &= TBIT_TH_SYN | TBIT_TH_ACK;
	if (flags == TBIT_TH_SYN && !st->have_client) {
		st->client = seq;
		st->have_client = 1;
	} else if (flags == (TBIT_TH_SYN | TBIT_TH_ACK) && !st->have_server) {
		st->server = seq;
		st->have_server = 1;
	}
}

/* Whether the TCP header of a packet is read at all. */
static int json_has_tcp(const struct jip *ip)
{
	return ip->v != 0 && ip->off == 0 && ip->proto == TBIT_IP_TCP;
}

/* ", " before every option but the first, for the options scamper
 * separates so; "," for the others. */
static void opt_sep(warts_strbuf *sb, unsigned n, int spaced)
{
	if (n > 0)
		sb_s(sb, spaced ? ", " : ",");
}

/* A TFO cookie option: kind "fo" or "fo-exp", the cookie after skip
 * bytes of the option.  The brace is ours when there is no cookie. */
static void opt_fo(warts_strbuf *sb, unsigned n, const char *kind,
                   const warts_tbit_pkt *p, uint32_t o, uint8_t optlen,
                   uint8_t skip)
{
	opt_sep(sb, n, 1);
	sb_s(sb, "{\"kind\":\"");
	sb_s(sb, kind);
	sb_c(sb, '"');
	if (optlen > skip) {
		sb_s(sb, ", \"cookie\":\"");
		for (uint32_t k = skip; k < optlen; k++) {
			uint8_t b = tbit_b8(p, o + k);
			sb_hex(sb, &b, 1);
		}
		sb_c(sb, '"');
	}
	sb_c(sb, '}');
}

/*
 * The TCP options, from byte 20 of the TCP header to its end: the ones
 * scamper names (eol, nop, wscale, sack-ok, sack with its blocks relative
 * to the other side's initial sequence number, ts, fo, fo-exp); others are
 * skipped.  The walk stops at an end-of-list, a zero length, or an option
 * that runs past the header.
 */
static void json_tcpopts(warts_strbuf *sb, const warts_tbit_pkt *p,
                         uint32_t th, uint8_t tcphlen, uint32_t peer_isn)
{
	unsigned n = 0;
	uint8_t u = 20;

	sb_s(sb, ", \"tcp_options\":[");
	while (u < tcphlen) {
		uint32_t o = th + u;
		uint8_t kind = tbit_b8(p, o), len;

		if (kind == 0) {
			opt_sep(sb, n, 1);
			sb_s(sb, "{\"kind\":\"eol\"}");
			break;
		}
		if (kind == 1) {
			opt_sep(sb, n, 1);
			sb_s(sb, "{\"kind\":\"nop\"}");
			n++;
			u++;
			continue;
		}
		len = tbit_b8(p, o + 1);
		if (len == 0 || u + len > tcphlen)
			break;
		if (kind == 3 && len == 3) {
			opt_sep(sb, n++, 0);
			sb_su(sb, "{\"kind\":\"wscale\", \"shift\":",
			      tbit_b8(p, o + 2));
			sb_c(sb, '}');
		} else if (kind == 4 && len == 2) {
			opt_sep(sb, n++, 0);
			sb_s(sb, "{\"kind\":\"sack-ok\"}");
		} else if (kind == 5 && (len == 10 || len == 18 || len == 26 ||
		                         len == 34)) {
			opt_sep(sb, n++, 0);
			sb_s(sb, "{\"kind\":\"sack\", \"blocks\":[");
			for (unsigned b = 0; b < (len - 2u) / 8; b++) {
				uint32_t e = o + 2 + b * 8;
				if (b != 0)
					sb_c(sb, ',');
				sb_su(sb, "{\"left\":",
				      tbit_b32(p, e) - peer_isn);
				sb_su(sb, ", \"right\":",
				      tbit_b32(p, e + 4) - peer_isn);
				sb_c(sb, '}');
			}
			sb_s(sb, "]}");
		} else if (kind == 8 && len == 10) {
			opt_sep(sb, n++, 0);
			sb_su(sb, "{\"kind\":\"ts\", \"val\":", tbit_b32(p, o + 2));
			sb_su(sb, ", \"ecr\":", tbit_b32(p, o + 6));
			sb_c(sb, '}');
		} else if (kind == 34 && len >= 2) {
			opt_fo(sb, n++, "fo", p, o, len, 2);
		} else if (kind == 254 && len >= 4 &&
		           tbit_b8(p, o + 2) == 0xf9 &&
		           tbit_b8(p, o + 3) == 0x89) {
			opt_fo(sb, n++, "fo-exp", p, o, len, 4);
		}
		u = (uint8_t)(u + len);
	}
	sb_c(sb, ']');
}

static void json_tcp(warts_strbuf *sb, const warts_tbit_pkt *p,
                     const struct jip *ip, struct isn_state *st)
{
	static const char *const flag_names[] = {
		"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr",
	};
	uint32_t th = ip->hlen;
	uint32_t seq = tbit_b32(p, th + 4), ack = tbit_b32(p, th + 8);
	uint8_t flags = tbit_b8(p, th + 13);
	uint8_t tcphlen = (uint8_t)((tbit_b8(p, th + 12) >> 4) * 4);
	int tx = p->dir == WARTS_TBIT_PKT_TX;

	isn_note(st, p, ip);
	sb_su(sb, ", \"tcp_hlen\":", tcphlen);
	sb_s(sb, ", \"tcp_flags\":[");
	json_bits(sb, flags, 8, flag_names, NELEM(flag_names));
	sb_c(sb, ']');
	json_tcpopts(sb, p, th, tcphlen, tx ? st->server : st->client);

	if (tx) {
		seq = tbit_isnoff(st->client, seq);
		ack = tbit_isnoff(st->server, ack);
	} else {
		/* a reset with no sequence number is shown as it is */
		if (!(seq == 0 && (flags & TBIT_TH_RST) != 0))
			seq = tbit_isnoff(st->server, seq);
		ack = tbit_isnoff(st->client, ack);
	}
	sb_su(sb, ", \"tcp_seq\":", seq);
	if (flags & TBIT_TH_ACK)
		sb_su(sb, ", \"tcp_ack\":", ack);
	sb_su(sb, ", \"tcp_datalen\":", (uint16_t)(ip->len - ip->hlen - tcphlen));
	sb_su(sb, ", \"tcp_win\":", tbit_b16(p, th + 14));
}

/* With all fields: the packet's time and bytes, which its decoded
 * fields do not always determine. */
static void json_pkt_warts(warts_strbuf *sb, const warts_tbit_pkt *p)
{
	sb_su(sb, ",\"warts\":{\"tv\":{\"sec\":", p->tv.sec);
	sb_su(sb, ",\"usec\":", p->tv.usec);
	sb_s(sb, "},\"data\":\"");
	if (p->data != NULL)
		sb_hex(sb, p->data, p->len);
	sb_s(sb, "\"}");
}

static void json_pkt(warts_strbuf *sb, const warts_tbit *t,
                     const warts_tbit_pkt *p, struct isn_state *st,
                     unsigned flags)
{
	struct jip ip;
	int64_t sec, usec;

	if (p->dir == WARTS_TBIT_PKT_TX)
		sb_s(sb, "{\"dir\":\"tx\"");
	else if (p->dir == WARTS_TBIT_PKT_RX)
		sb_s(sb, "{\"dir\":\"rx\"");
	else
		sb_su(sb, "{\"dir\":", p->dir);
	tbit_tvdiff(&t->start, &p->tv, &sec, &usec);
	sb_su(sb, ", \"tv_sec\":", (uint32_t)sec);
	sb_su(sb, ", \"tv_usec\":", (uint32_t)usec);
	sb_su(sb, ", \"len\":", p->len);

	json_ip(p, &ip);
	if (ip.v == 0) {
		if (flags & WARTS_JSON_ALLFIELDS)
			json_pkt_warts(sb, p);
		sb_c(sb, '}');
		return;
	}
	sb_su(sb, ", \"ip_hlen\":", ip.hlen);
	sb_su(sb, ", \"ip_ecn\":", ip.ecn);
	sb_su(sb, ", \"ip_ttl\":", ip.ttl);
	if (ip.v == 4 || ip.frag) {
		sb_su(sb, ", \"frag_id\":", ip.id);
		sb_su(sb, ", \"frag_off\":", ip.off);
		sb_su(sb, ", \"frag_mf\":", ip.mf);
	}
	/* scamper shifts the DF bit (0x40) right by 7, so this is always
	 * 0; kept so, deliberately */
	if (ip.v == 4)
		sb_s(sb, ", \"frag_df\":0");
	if (json_has_tcp(&ip))
		json_tcp(sb, p, &ip, st);
	if (flags & WARTS_JSON_ALLFIELDS)
		json_pkt_warts(sb, p);
	sb_c(sb, '}');
}

/* ---- the test ------------------------------------------------------------ */

static void json_url(warts_strbuf *sb, const warts_tbit_http *h)
{
	warts_strbuf url = { 0 };

	sb_s(&url, h->type == WARTS_TBIT_HTTP_TYPE_HTTPS ? "https://" :
	     "http://");
	sb_s(&url, h->host);
	if (h->file != NULL)
		sb_s(&url, h->file);
	if (url.oom) {
		sb->oom = 1;
	} else {
		sb_s(sb, ", \"http_url\":");
		sb_jsonmem(sb, url.data, url.len);
	}
	warts_strbuf_free(&url);
}

static void json_blocks(warts_strbuf *sb, const warts_tbit *t)
{
	static const char *const pmtud_opts[] = { "blackhole" };
	static const char *const null_opts[] = {
		"tcpts", "ipts-syn", "iprr-syn", "ipqs-syn", "sack", "fo",
		"fo-exp",
	};
	static const char *const null_results[] = {
		"tcpts-ok", "sack-ok", "fo-ok",
	};
	uint32_t icw;

	if (t->type == WARTS_TBIT_TYPE_PMTUD && t->pmtud != NULL) {
		sb_su(sb, ", \"mtu\":", t->pmtud->mtu);
		sb_su(sb, ", \"ptb_retx\":", t->pmtud->ptb_retx);
		json_addr(sb, ", \"ptbsrc\":\"", &t->pmtud->ptbsrc);
		sb_s(sb, ", \"pmtud_options\":[");
		json_bits(sb, t->pmtud->options, 8, pmtud_opts,
		          NELEM(pmtud_opts));
		sb_c(sb, ']');
	} else if (t->type == WARTS_TBIT_TYPE_NULL && t->null != NULL) {
		sb_s(sb, ", \"null_options\":[");
		json_bits(sb, t->null->options, 16, null_opts,
		          NELEM(null_opts));
		sb_s(sb, "], \"null_results\":[");
		json_bits(sb, t->null->results, 16, null_results,
		          NELEM(null_results));
		sb_c(sb, ']');
	} else if (t->type == WARTS_TBIT_TYPE_ICW) {
		if (tbit_icw_size(t, &icw) == 0)
			sb_su(sb, ", \"icw_bytes\":", icw);
	} else if (warts_tbit_type_is_blind(t->type) && t->blind != NULL) {
		sb_s(sb, ", \"blind_off\":");
		sb_i(sb, t->blind->off);
		sb_su(sb, ", \"blind_retx\":", t->blind->retx);
	}

	if (t->app_proto == WARTS_TBIT_APP_HTTP && t->http != NULL) {
		sb_s(sb, ", \"app\":\"http\"");
		if (t->http->host != NULL)
			json_url(sb, t->http);
	} else if (t->app_proto == WARTS_TBIT_APP_BGP && t->bgp != NULL) {
		sb_su(sb, ", \"app\":\"bgp\", \"bgp_asn\":", t->bgp->asn);
	}
}

static void json_header(warts_strbuf *sb, const warts_tbit *t,
                        const struct isn_state *st)
{
	static const char *const opts[] = { "tcpts", "sack" };

	json_qname(sb, "{\"type\":\"tbit\", \"tbit_type\":",
	           tbit_type_str(t->type), t->type);
	sb_su(sb, ", \"userid\":", t->userid);
	json_addr(sb, ", \"src\":\"", &t->src);
	json_addr(sb, ", \"dst\":\"", &t->dst);
	sb_su(sb, ", \"sport\":", t->sport);
	sb_su(sb, ", \"dport\":", t->dport);
	sb_su(sb, ", \"start\":{\"sec\":", t->start.sec);
	sb_su(sb, ",\"usec\":", t->start.usec);
	sb_su(sb, "}, \"client_mss\":", t->client_mss);
	sb_su(sb, ", \"server_mss\":", t->server_mss);
	sb_su(sb, ", \"ttl\":", t->client_ipttl);
	json_qname(sb, ", \"result\":", tbit_result_str(t->result), t->result);
	if (t->options != 0) {
		sb_s(sb, ", \"options\":[");
		json_bits(sb, t->options, 16, opts, NELEM(opts));
		sb_c(sb, ']');
	}
	/* no space before errmsg (nor monitor), as scamper writes them */
	if (t->errmsg != NULL)
		sb_sj(sb, ",\"errmsg\":", t->errmsg);
	if (t->client_wscale > 0)
		sb_su(sb, ", \"wscale\":", t->client_wscale);
	if (t->client_fo_cookielen > 0) {
		uint8_t n = t->client_fo_cookielen;
		if (n > WARTS_TBIT_FO_COOKIE_MAX)
			n = WARTS_TBIT_FO_COOKIE_MAX;
		sb_s(sb, ", \"fo_cookie\":\"");
		sb_hex(sb, t->client_fo_cookie, n);
		sb_c(sb, '"');
	}
	if (st->have_client)
		sb_su(sb, ", \"client_isn\":", st->client);
	if (st->have_server)
		sb_su(sb, ", \"server_isn\":", st->server);
	json_blocks(sb, t);
	if (t->list != NULL && t->list->monitor != NULL)
		sb_sj(sb, ",\"monitor\":", t->list->monitor);
}

/* A string's bytes as hex after a literal, or nothing for NULL. */
static void json_hexstr(warts_strbuf *sb, const char *lit, const char *s)
{
	if (s == NULL)
		return;
	sb_s(sb, lit);
	sb_hex(sb, s, strlen(s));
	sb_c(sb, '"');
}

/* Whether a string holds a byte outside ASCII, which sb_json may
 * escape as \u00XX: that reads back as a character, not the byte. */
static int json_lossy(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/*
 * With all fields: what the keys above leave out or print in a form
 * that cannot always be read back (see the comment at the top).
 */
static void json_warts(warts_strbuf *sb, const warts_tbit *t)
{
	sb_warts_open(sb, t->list, t->cycle);
	sb_su(sb, ",\"app_proto\":", t->app_proto);
	sb_su(sb, ",\"client_syn_retx\":", t->client_syn_retx);
	sb_su(sb, ",\"client_dat_retx\":", t->client_dat_retx);
	sb_su(sb, ",\"options\":", t->options);
	if (json_lossy(t->errmsg))
		json_hexstr(sb, ",\"errmsg\":\"", t->errmsg);
	if (t->icw != NULL) {
		sb_su(sb, ",\"icw\":{\"start_seq\":", t->icw->start_seq);
		sb_c(sb, '}');
	}
	if (t->http != NULL) {
		sb_su(sb, ",\"http\":{\"type\":", t->http->type);
		json_hexstr(sb, ",\"host\":\"", t->http->host);
		json_hexstr(sb, ",\"file\":\"", t->http->file);
		sb_c(sb, '}');
	}
	sb_c(sb, '}');
}

int tbit_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_tbit *t = obj;
	uint32_t pktc = t->pkts != NULL ? t->pktc : 0;
	struct isn_state st = { 0 };
	struct jip ip;

	/* the header shows the initial sequence numbers the packets hold */
	for (uint32_t i = 0; i < pktc; i++) {
		json_ip(&t->pkts[i], &ip);
		if (json_has_tcp(&ip))
			isn_note(&st, &t->pkts[i], &ip);
	}
	json_header(sb, t, &st);

	/* ... and each packet the ones seen so far */
	st = (struct isn_state){ 0 };
	sb_s(sb, ", \"pkts\":[");
	for (uint32_t i = 0; i < pktc; i++) {
		if (i > 0)
			sb_s(sb, ", ");
		json_pkt(sb, t, &t->pkts[i], &st, flags);
	}
	sb_c(sb, ']');
	if (flags & WARTS_JSON_ALLFIELDS)
		json_warts(sb, t);
	sb_s(sb, "}\n");
	return 1;
}
