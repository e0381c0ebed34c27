/*
 * tbit_dump.c: tbit tests as sc_wartsdump prints them.
 *
 * A "tbit from <src> to <dst>" line; the list, cycle, user id and start
 * time; ports, MSS values, client TTL and window scale; type and result;
 * the client's options and TFO cookie; the per-test block (for a null
 * test also the TFO cookie the server gave, for a successful ICW test the
 * window measured); the application block; the error message; one line
 * per IPv4 or IPv6 packet, as in the text but with the first SYN and
 * SYN/ACK giving the initial sequence numbers, the acknowledgement only
 * when the ACK flag is set, and the SACK blocks last; then an empty line.
 *
 * sc_wartsdump prints unsigned 32-bit ids through "%d", so values past
 * INT32_MAX come out negative; we print them the same way.  It builds
 * each packet's SACK blocks in 64 bytes, so the longest lose their end:
 * cut to 63 characters, as there.  Where it would crash on an absent
 * address we print "<null>".
 *
 * scamper's dump leaves some fields out.  We print each of them too, but
 * only when it holds something other than what scamper's own files hold
 * for it (its default, or the zero of a field the file leaves out), so a
 * dump of an ordinary file is scamper's byte for byte while an unusual
 * value still shows: the SYN and data retransmission counts, an
 * application without a block of its own, an HTTP type the URL does not
 * show, PMTUD options it has no name for, the start sequence number of
 * an ICW test that did not succeed, a packet direction other than TX and
 * RX, and packets that are neither IPv4 nor IPv6 (scamper skips them).
 */
#include <string.h>

#include "warts/list.h"
#include "warts/tbit.h"

#include "../fmt.h"
#include "tbit_fmt.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* scamper's buffer for a packet's SACK blocks, its terminator included */
#define DUMP_SACK_BUFSZ 64

static void dump_addr(warts_strbuf *sb, const warts_addr *a)
{
	if (warts_addr_isset(a))
		sb_addr(sb, a);
	else
		sb_s(sb, "<null>");
}

/*
 * The set bits of v, each as " name" (or " 0x<value>" past the table),
 * "," between them.
 */
static void dump_bits(warts_strbuf *sb, uint32_t v, const char *const *names,
                      unsigned nnames)
{
	int first = 1;

	for (unsigned i = 0; i < 32; i++) {
		uint32_t bit = (uint32_t)1 << i;
		if ((v & bit) == 0)
			continue;
		if (!first)
			sb_c(sb, ',');
		first = 0;
		if (i < nnames) {
			sb_c(sb, ' ');
			sb_s(sb, names[i]);
		} else {
			sb_s(sb, " 0x");
			tbit_sb_xint(sb, bit);
		}
	}
}

static void dump_summary(warts_strbuf *sb, const warts_tbit *t)
{
	const char *type = tbit_type_str(t->type);
	const char *res = tbit_result_str(t->result);

	if (t->list != NULL) {
		sb_s(sb, " list id: ");
		sb_i(sb, (int32_t)t->list->id);
		if (t->list->name != NULL) {
			sb_s(sb, ", name: ");
			sb_s(sb, t->list->name);
		}
		if (t->list->monitor != NULL) {
			sb_s(sb, ", monitor: ");
			sb_s(sb, t->list->monitor);
		}
		sb_c(sb, '\n');
	}
	if (t->cycle != NULL) {
		sb_s(sb, " cycle id: ");
		sb_i(sb, (int32_t)t->cycle->id);
		sb_c(sb, '\n');
	}
	sb_s(sb, " user-id: ");
	sb_i(sb, (int32_t)t->userid);
	sb_s(sb, "\n start: ");
	sb_ctime(sb, t->start.sec);
	sb_c(sb, ' ');
	tbit_sb_int(sb, (int32_t)t->start.usec, 6, 1);
	sb_su(sb, "\n sport: ", t->sport);
	sb_su(sb, ", dport: ", t->dport);
	sb_su(sb, "\n client-mss: ", t->client_mss);
	sb_su(sb, ", server-mss: ", t->server_mss);
	sb_su(sb, ", ttl: ", t->client_ipttl);
	if (t->client_wscale > 0)
		sb_su(sb, ", wscale: ", t->client_wscale);
	/* ours: retransmissions other than scamper's (3 SYNs; 3 data
	 * segments, 1 for a SACK test) or none recorded */
	if (t->client_syn_retx != 0 && t->client_syn_retx != 3)
		sb_su(sb, ", syn-retx: ", t->client_syn_retx);
	if (t->client_dat_retx != 0 && t->client_dat_retx !=
	    (t->type == WARTS_TBIT_TYPE_SACK_RCVR ? 1 : 3))
		sb_su(sb, ", dat-retx: ", t->client_dat_retx);
	sb_s(sb, "\n type: ");
	if (type != NULL)
		sb_s(sb, type);
	else
		sb_u(sb, t->type);
	sb_s(sb, ", result: ");
	if (res != NULL)
		sb_s(sb, res);
	else
		sb_u(sb, t->result);
	sb_c(sb, '\n');
}

static void dump_cookie(warts_strbuf *sb, const uint8_t *c, size_t n)
{
	sb_s(sb, " fo-cookie: ");
	sb_hex(sb, c, n);
	sb_c(sb, '\n');
}

/*
 * The TFO cookie in the first SYN/ACK received that carries one, as
 * scamper finds it: IPv6 extension headers are skipped as in the text
 * (and a later fragment ends the walk), and the option walk takes an
 * option whose length byte is 1 as a one-byte option, whatever its kind
 * (scamper tests the length where it means the kind of a NOP).
 */
static int server_cookie(const warts_tbit *t, uint8_t *c, uint8_t *n)
{
	for (uint32_t i = 0; i < t->pktc; i++) {
		const warts_tbit_pkt *p = &t->pkts[i];
		struct tbit_ip ip;
		uint32_t th;
		uint8_t tcphlen, u = 20;

		if (p->dir != WARTS_TBIT_PKT_RX)
			continue;
		tbit_ip_walk(p, &ip);
		if (ip.v == 0 || ip.proto != TBIT_IP_TCP)
			continue;
		/* a later fragment is skipped: scamper's IPv6 walk stops
		 * at its header, leaving that as the protocol */
		if (ip.off != 0 || ip.later)
			continue;
		th = ip.hlen;
		if ((tbit_b8(p, th + 13) & (TBIT_TH_SYN | TBIT_TH_ACK)) !=
		    (TBIT_TH_SYN | TBIT_TH_ACK))
			continue;
		tcphlen = (uint8_t)((tbit_b8(p, th + 12) >> 4) * 4);
		while (u < tcphlen) {
			uint32_t o = th + u;
			uint8_t kind = tbit_b8(p, o), len = tbit_b8(p, o + 1);

			if (kind == 0)
				break;
			if (len == 1) {
				u++;
				continue;
			}
			if (len == 0 || u + len > tcphlen)
				break;
			if (kind == 34 && len > 2 && len <= 18) {
				*n = (uint8_t)(len - 2);
				for (uint8_t k = 0; k < *n; k++)
					c[k] = tbit_b8(p, o + 2 + k);
				return 1;
			}
			if (kind == 254 && len > 4 && len <= 20 &&
			    tbit_b8(p, o + 2) == 0xf9 &&
			    tbit_b8(p, o + 3) == 0x89) {
				*n = (uint8_t)(len - 4);
				for (uint8_t k = 0; k < *n; k++)
					c[k] = tbit_b8(p, o + 4 + k);
				return 1;
			}
			u = (uint8_t)(u + len);
		}
	}
	return 0;
}

static void dump_blocks(warts_strbuf *sb, const warts_tbit *t)
{
	static const char *const null_opts[] = {
		"tcpts", "ipts-syn", "iprr-syn", "ipqs-syn", "sack", "fo",
		"fo-exp",
	};
	static const char *const null_results[] = {
		"tcpts-ok", "sack-ok", "fo-ok",
	};
	uint8_t cookie[16], n;
	uint32_t icw;

	if (t->type == WARTS_TBIT_TYPE_PMTUD && t->pmtud != NULL) {
		sb_su(sb, " mtu: ", t->pmtud->mtu);
		sb_su(sb, ", ptb-retx: ", t->pmtud->ptb_retx);
		if (warts_addr_isset(&t->pmtud->ptbsrc)) {
			sb_s(sb, ", ptb-src: ");
			sb_addr(sb, &t->pmtud->ptbsrc);
		}
		if (t->pmtud->options & WARTS_TBIT_PMTUD_OPT_BLACKHOLE)
			sb_s(sb, ", blackhole");
		if (t->pmtud->options & ~WARTS_TBIT_PMTUD_OPT_BLACKHOLE) {
			/* ours: options scamper has no name for */
			sb_s(sb, ", options: 0x");
			tbit_sb_xint(sb, t->pmtud->options &
			             ~WARTS_TBIT_PMTUD_OPT_BLACKHOLE);
		}
		sb_c(sb, '\n');
	} else if (t->type == WARTS_TBIT_TYPE_NULL && t->null != NULL) {
		if (t->null->options != 0) {
			sb_s(sb, " null-options:");
			dump_bits(sb, t->null->options, null_opts,
			          NELEM(null_opts));
			sb_c(sb, '\n');
		}
		if (t->null->results != 0) {
			sb_s(sb, " results:");
			dump_bits(sb, t->null->results, null_results,
			          NELEM(null_results));
			sb_c(sb, '\n');
			if ((t->null->results & WARTS_TBIT_NULL_RESULT_FO) &&
			    t->pkts != NULL && server_cookie(t, cookie, &n))
				dump_cookie(sb, cookie, n);
		}
	} else if (t->type == WARTS_TBIT_TYPE_ICW && t->icw != NULL &&
	           t->result == WARTS_TBIT_RESULT_ICW_SUCCESS) {
		sb_su(sb, " icw-start-seq: ", t->icw->start_seq);
		if (tbit_icw_size(t, &icw) == 0) {
			sb_su(sb, ", icw-size: ", icw);
			sb_s(sb, " bytes");
		}
		sb_c(sb, '\n');
	} else if (t->type == WARTS_TBIT_TYPE_ICW && t->icw != NULL &&
	           t->icw->start_seq != 0) {
		/* ours: scamper shows it only for a test that succeeded */
		sb_su(sb, " icw-start-seq: ", t->icw->start_seq);
		sb_c(sb, '\n');
	} else if (warts_tbit_type_is_blind(t->type) && t->blind != NULL) {
		sb_s(sb, " blind: offset ");
		sb_i(sb, t->blind->off);
		sb_su(sb, ", retx ", t->blind->retx);
		sb_c(sb, '\n');
	}

	if (t->app_proto == WARTS_TBIT_APP_HTTP && t->http != NULL) {
		const warts_tbit_http *h = t->http;
		sb_s(sb, " app: http");
		if (h->host != NULL) {
			sb_s(sb, h->type == WARTS_TBIT_HTTP_TYPE_HTTPS ?
			     ", url: https://" : ", url: http://");
			sb_s(sb, h->host);
			if (h->file != NULL)
				sb_s(sb, h->file);
		} else {
			/* printf's "%s" of NULL */
			sb_s(sb, ", file: ");
			sb_s(sb, h->file != NULL ? h->file : "(null)");
		}
		/* ours: a type no URL showed */
		if (h->type > WARTS_TBIT_HTTP_TYPE_HTTPS ||
		    (h->host == NULL && h->type != WARTS_TBIT_HTTP_TYPE_HTTP))
			sb_su(sb, ", type: ", h->type);
		sb_c(sb, '\n');
	} else if (t->app_proto == WARTS_TBIT_APP_BGP && t->bgp != NULL) {
		sb_su(sb, " app: bgp, asn: ", t->bgp->asn);
		sb_c(sb, '\n');
	} else if (t->app_proto != 0) {
		/* ours: scamper prints an application only with its block */
		static const char *const apps[] = {
			NULL, "http", "smtp", "dns", "ftp", "bgp",
		};
		sb_s(sb, " app: ");
		if (t->app_proto < NELEM(apps))
			sb_s(sb, apps[t->app_proto]);
		else
			sb_u(sb, t->app_proto);
		sb_c(sb, '\n');
	}
}

/* ---- packets -------------------------------------------------------------- */

struct dump_isn {
	int      have_client, have_server;
	uint32_t client, server;
};

/* A bounded string: what scamper's fixed buffer keeps of the appends. */
struct bstr {
	char   s[DUMP_SACK_BUFSZ];
	size_t n;
};

static void bstr_mem(struct bstr *b, const char *p, size_t n)
{
	size_t room = sizeof(b->s) - 1 - b->n;
	if (n > room)
		n = room;
	memcpy(b->s + b->n, p, n);
	b->n += n;
}

static void bstr_u32(struct bstr *b, const char *pre, uint32_t v)
{
	char tmp[10];
	size_t n = 0;

	bstr_mem(b, pre, strlen(pre));
	do {
		tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	bstr_mem(b, tmp + sizeof(tmp) - n, n);
}

/* The SACK blocks, " {l:r,l:r}" per option, relative to the other side's
 * initial sequence number, cut where scamper's buffer ends. */
static void dump_sacks(struct bstr *b, const warts_tbit_pkt *p, uint32_t th,
                       uint8_t tcphlen, uint32_t isn)
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
			bstr_mem(b, " {", 2);
			for (unsigned k = 0; k < (len - 2u) / 8; k++) {
				uint32_t e = o + 2 + k * 8;
				bstr_u32(b, k != 0 ? "," : "",
				         tbit_b32(p, e) - isn);
				bstr_u32(b, ":", tbit_b32(p, e + 4) - isn);
			}
			/* one character: kept only with room for it and
			 * the terminator, as scamper's append of one */
			if (b->n + 2 <= sizeof(b->s))
				b->s[b->n++] = '}';
		}
		u = (uint8_t)(u + len);
	}
}

/* The IP-ID as the dump shows it: four hex digits for IPv4, the IPv6
 * fragment id without leading zeros, nothing otherwise. */
static void dump_ipid(warts_strbuf *sb, const struct tbit_ip *ip)
{
	if (ip->has_id && ip->v == 4) {
		uint8_t id[2] = { (uint8_t)(ip->id >> 8), (uint8_t)ip->id };
		sb_hex(sb, id, 2);
	} else if (ip->has_id) {
		tbit_sb_xint(sb, ip->id);
	}
}

static void dump_fragoff(warts_strbuf *sb, const struct tbit_ip *ip)
{
	sb_su(sb, ":", ip->off);
	if (ip->mf)
		sb_s(sb, " MF");
}

static void dump_tcp(warts_strbuf *sb, const warts_tbit_pkt *p,
                     const struct tbit_ip *ip, struct dump_isn *isn)
{
	uint32_t th = ip->hlen;
	uint32_t seq = tbit_b32(p, th + 4), ack = tbit_b32(p, th + 8);
	uint8_t flags = tbit_b8(p, th + 13);
	uint8_t tcphlen = (uint8_t)((tbit_b8(p, th + 12) >> 4) * 4);
	int tx = p->dir == WARTS_TBIT_PKT_TX;
	struct bstr sack = { .n = 0 };
	uint16_t datalen;
	size_t at;

	/* the first SYN and SYN/ACK give the initial numbers */
	if (flags & TBIT_TH_SYN) {
		if ((flags & TBIT_TH_ACK) && !isn->have_server) {
			isn->server = seq;
			isn->have_server = 1;
		} else if (!(flags & TBIT_TH_ACK) && !isn->have_client) {
			isn->client = seq;
			isn->have_client = 1;
		}
	}
	dump_sacks(&sack, p, th, tcphlen, tx ? isn->server : isn->client);
	if (tx) {
		seq = tbit_isnoff(isn->client, seq);
		ack = tbit_isnoff(isn->server, ack);
	} else {
		/* a reset with no sequence number is shown as it is */
		if (!(seq == 0 && (flags & TBIT_TH_RST) != 0))
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

	at = sb->len;
	sb_su(sb, " ", seq);
	if (flags & TBIT_TH_ACK)
		sb_su(sb, ":", ack);
	if (datalen != 0) {
		sb_su(sb, "(", datalen);
		sb_c(sb, ')');
	}
	tbit_sb_padto(sb, at, 17);
	dump_ipid(sb, ip);
	if (ip->frag)
		dump_fragoff(sb, ip);
	if (datalen > 0 && ip->v == 4 && (tbit_b8(p, 6) & 0x40))
		sb_s(sb, " DF");
	if (ip->ecn == 3)
		sb_s(sb, " CE");
	else if (ip->ecn != 0)
		sb_s(sb, " ECT");
	sb_mem(sb, sack.s, sack.n);
}

/* Ours: a direction other than TX and RX, which the line shows as RX. */
static void dump_dir(warts_strbuf *sb, const warts_tbit_pkt *p)
{
	if (p->dir != WARTS_TBIT_PKT_TX && p->dir != WARTS_TBIT_PKT_RX)
		sb_su(sb, ", dir: ", p->dir);
}

static void dump_pkt(warts_strbuf *sb, const warts_tbit *t,
                     const warts_tbit_pkt *p, struct dump_isn *isn)
{
	struct tbit_ip ip;

	tbit_ip_walk(p, &ip);
	if (ip.v == 0) {
		/* ours: scamper skips a packet that is not IPv4 or IPv6 */
		if (p->data != NULL && p->len > 0) {
			tbit_sb_pktstart(sb, t, p);
			sb_su(sb, "len: ", p->len);
			sb_s(sb, ", data: ");
			sb_hex(sb, p->data, p->len);
			dump_dir(sb, p);
			sb_c(sb, '\n');
		}
		return;
	}
	tbit_sb_pktstart(sb, t, p);
	if (ip.off != 0) {
		/* a later fragment: its length and id only */
		tbit_sb_spaces(sb, 14);
		tbit_sb_int(sb, ip.len, 4, 0);
		sb_c(sb, 'F');
		tbit_sb_spaces(sb, 17);
		dump_ipid(sb, &ip);
		dump_fragoff(sb, &ip);
	} else if (ip.proto == TBIT_IP_TCP) {
		dump_tcp(sb, p, &ip, isn);
	} else {
		tbit_sb_ptb(sb, p, &ip);
	}
	dump_dir(sb, p);
	sb_c(sb, '\n');
}

int tbit_dump(warts_strbuf *sb, const void *obj)
{
	static const char *const opts[] = { "tcpts", "sack" };
	const warts_tbit *t = obj;
	struct dump_isn isn = { 0, 0, 0, 0 };

	sb_s(sb, "tbit from ");
	dump_addr(sb, &t->src);
	sb_s(sb, " to ");
	dump_addr(sb, &t->dst);
	sb_c(sb, '\n');
	dump_summary(sb, t);
	if (t->options != 0) {
		sb_s(sb, " options:");
		dump_bits(sb, t->options, opts, NELEM(opts));
		sb_c(sb, '\n');
	}
	if (t->client_fo_cookielen > 0)
		dump_cookie(sb, t->client_fo_cookie,
		            t->client_fo_cookielen < WARTS_TBIT_FO_COOKIE_MAX ?
		            t->client_fo_cookielen : WARTS_TBIT_FO_COOKIE_MAX);
	dump_blocks(sb, t);
	if (t->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, t->errmsg);
		sb_c(sb, '\n');
	}
	if (t->pkts != NULL)
		for (uint32_t i = 0; i < t->pktc; i++)
			dump_pkt(sb, t, &t->pkts[i], &isn);
	sb_c(sb, '\n');
	return 1;
}
