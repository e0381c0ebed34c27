/*
 * ping_json.c: pings as sc_warts2json prints them.
 *
 * One object per ping: the parameters, "responses" (every reply, probe
 * by probe), "no_responses" and "statistics".  scamper lists a probe
 * under "no_responses" only when it holds the probe without a reply,
 * which its warts reader never does (it makes a probe from its first
 * reply), so from a file that array is always empty.
 *
 * Where scamper differs from this output, deliberately:
 * - "probe_tsps" separates its addresses with commas (scamper writes
 *   none, which is not JSON);
 * - strings (errmsg, monitor, ifname) are escaped in full;
 * - nothing is cut short: scamper builds the parameters in 1024 bytes
 *   and each reply in 512, and silently truncates (a long payload, or a
 *   forged record with many options, would reach that).
 *
 * With WARTS_JSON_ALLFIELDS, the ping and each reply end with a "warts"
 * object holding what the keys above leave out or print derived, so that
 * sc_json2warts can write the record back byte for byte.  To keep it
 * short, a field is there only when it differs from what sc_json2warts
 * rebuilds from the other keys (absent fields are 0); the rules below
 * and j2w_ping.c's must agree.
 *   ping:  attempts, stop_count, pmtu, tcpseq and tcpack (non-TCP),
 *          icmpsum (unless printed as icmp_csum), flags (as a number,
 *          when bits beyond the named ones are set), style (2021), and
 *          sport and dport whenever the method is neither TCP nor UDP.
 *   reply: index (its place among the replies in the file, which the
 *          responses list by probe), flags, probe_tx, probe_ipid,
 *          probe_sport (its own copies of the probe's fields), reply_ipid
 *          (u16) and reply_ipid32 (u32) as stored, reply_proto (1 or 58
 *          from a reply of neither family), reply_tos (unflagged),
 *          v4ts (as [{"ts":N,"ip":"a"},...], when "tsonly" hides the
 *          addresses or it is empty) and tsreply {"tso","tsr","tst"}.
 */
#include "../fmt.h"
#include "ping_fmt.h"

/* scamper prints the name it knows, else the number. */
static void json_name(warts_strbuf *sb, const char *name, uint8_t v)
{
	if (name != NULL)
		sb_s(sb, name);
	else
		sb_u(sb, v);
}

/* A literal, then an address in quotes. */
static void json_addr(warts_strbuf *sb, const char *lit, const warts_addr *a)
{
	sb_s(sb, lit);
	sb_c(sb, '"');
	sb_addr(sb, a);
	sb_c(sb, '"');
}

static void json_flags(warts_strbuf *sb, uint32_t flags)
{
	int n = 0;

	sb_s(sb, ",\"flags\":[");
	for (unsigned i = 0; i < PING_NFLAGS; i++) {
		if ((flags & (1u << i)) == 0)
			continue;
		if (n++ > 0)
			sb_c(sb, ',');
		sb_c(sb, '"');
		sb_s(sb, ping_flag_names[i]);
		sb_c(sb, '"');
	}
	sb_c(sb, ']');
}

static void json_tsps(warts_strbuf *sb, const warts_ping_tsps *ps)
{
	sb_s(sb, ",\"probe_tsps\":[");
	for (unsigned i = 0; i < ps->ipc; i++) {
		/* scamper writes no comma here; we do, so the line is JSON */
		if (i > 0)
			sb_c(sb, ',');
		json_addr(sb, "", &ps->ip[i]);
	}
	sb_c(sb, ']');
}

static void json_header(warts_strbuf *sb, const warts_ping *p)
{
	int tcp = ping_method_is_tcp(p);

	sb_s(sb, "{\"type\":\"ping\",\"version\":\"0.4\",\"method\":\"");
	json_name(sb, ping_method_str(p->method), p->method);
	sb_c(sb, '"');
	if (warts_addr_isset(&p->src))
		json_addr(sb, ",\"src\":", &p->src);
	if (warts_addr_isset(&p->dst))
		json_addr(sb, ",\"dst\":", &p->dst);
	if (warts_addr_isset(&p->rtr))
		json_addr(sb, ",\"rtr\":", &p->rtr);
	sb_su(sb, ",\"start\":{\"sec\":", p->start.sec);
	sb_su(sb, ",\"usec\":", p->start.usec);
	sb_s(sb, "},\"stop_reason\":\"");
	json_name(sb, ping_stop_str(p->stop_reason), p->stop_reason);
	sb_su(sb, "\",\"stop_data\":", p->stop_data);
	if (p->errmsg != NULL)
		sb_sj(sb, ",\"errmsg\":", p->errmsg);
	sb_su(sb, ",\"ping_sent\":", p->ping_sent);
	sb_su(sb, ",\"probe_size\":", p->probe_size);
	sb_su(sb, ",\"userid\":", p->userid);
	sb_su(sb, ",\"ttl\":", p->ttl);
	sb_su(sb, ",\"tos\":", p->tos);
	sb_su(sb, ",\"wait\":", p->wait_sec);
	if (p->wait_usec != 0)
		sb_su(sb, ",\"wait_us\":", p->wait_usec);
	sb_su(sb, ",\"timeout\":", p->timeout_sec);
	if (p->timeout_usec != 0)
		sb_su(sb, ",\"timeout_us\":", p->timeout_usec);
	if (tcp || ping_method_is_udp(p)) {
		sb_su(sb, ",\"sport\":", p->sport);
		sb_su(sb, ",\"dport\":", p->dport);
	}
	if (tcp) {
		sb_su(sb, ",\"tcp_seq\":", p->tcpseq);
		sb_su(sb, ",\"tcp_ack\":", p->tcpack);
	}
	if (p->payload_len > 0 && p->payload != NULL) {
		sb_s(sb, (p->flags & WARTS_PING_FLAG_PAYLOAD) ? ",\"payload\":\""
		                                              : ",\"pattern\":\"");
		sb_hex(sb, p->payload, p->payload_len);
		sb_c(sb, '"');
	}
	if (p->flags != 0)
		json_flags(sb, p->flags);
	if (warts_ping_method_is_icmp(p) &&
	    (p->flags & WARTS_PING_FLAG_ICMPSUM) != 0)
		sb_su(sb, ",\"icmp_csum\":", p->icmpsum);
	if (p->tsps != NULL)
		json_tsps(sb, p->tsps);
	if (p->list != NULL && p->list->monitor != NULL)
		sb_sj(sb, ",\"monitor\":", p->list->monitor);
}

/*
 * The probe's fields inside a reply.  scamper takes them from the
 * probe, which is to say from the probe's first reply (probe).  The
 * ports of a method that varies one are the base plus the probe id, in
 * 16 bits; a probe that recorded its source port keeps that one.
 */
static void json_probe(warts_strbuf *sb, const warts_ping *p,
                       const warts_ping_reply *probe)
{
	sb_su(sb, ",\"seq\":", probe->probe_id);
	if (probe->probe_tx.sec != 0) {
		sb_su(sb, ",\"tx\":{\"sec\":", probe->probe_tx.sec);
		sb_su(sb, ",\"usec\":", probe->probe_tx.usec);
		sb_c(sb, '}');
	}
	if (warts_ping_method_is_icmp(p)) {
		sb_su(sb, ",\"icmp_id\":", p->sport);
		sb_su(sb, ",\"icmp_seq\":",
		      (uint16_t)(p->dport + probe->probe_id));
	} else {
		const char *pt = ping_method_is_udp(p) ? "udp" :
		                 ping_method_is_tcp(p) ? "tcp" : "bug";
		uint16_t sport = probe->probe_sport, dport = p->dport;
		if (sport == 0) {
			sport = p->sport;
			if (p->method == WARTS_PING_TCP_ACK_SPORT ||
			    p->method == WARTS_PING_TCP_SYN_SPORT ||
			    p->method == WARTS_PING_UDP_SPORT)
				sport = (uint16_t)(sport + probe->probe_id);
		}
		if (p->method == WARTS_PING_UDP_DPORT)
			dport = (uint16_t)(dport + probe->probe_id);
		sb_s(sb, ",\"");
		sb_s(sb, pt);
		sb_su(sb, "_sport\":", sport);
		/* scamper's space after this comma, kept deliberately */
		sb_s(sb, ", \"");
		sb_s(sb, pt);
		sb_su(sb, "_dport\":", dport);
	}
	if (probe->flags & WARTS_PING_REPLY_PROBE_IPID)
		sb_su(sb, ",\"probe_ipid\":", probe->probe_ipid);
}

static void json_reply_proto(warts_strbuf *sb, uint8_t proto)
{
	sb_s(sb, ",\"reply_proto\":");
	switch (proto) {
	case 1:
	case 58: sb_s(sb, "\"icmp\""); break;
	case 6:  sb_s(sb, "\"tcp\""); break;
	case 17: sb_s(sb, "\"udp\""); break;
	default: sb_u(sb, proto); break;
	}
}

/* The receive time: the probe's send time plus the RTT, as scamper adds. */
static void json_rx(warts_strbuf *sb, const warts_tv *tx, warts_rtt rtt)
{
	uint64_t sec = (uint64_t)tx->sec + rtt / 1000000;
	uint64_t usec = (uint64_t)tx->usec + rtt % 1000000;
	if (usec >= 1000000) {
		sec++;
		usec -= 1000000;
	}
	sb_su(sb, ",\"rx\":{\"sec\":", (uint32_t)sec);
	sb_su(sb, ",\"usec\":", (uint32_t)usec);
	sb_c(sb, '}');
}

static void json_v4ts(warts_strbuf *sb, const warts_ping *p,
                      const warts_ping_v4ts *ts)
{
	if ((p->flags & WARTS_PING_FLAG_TSONLY) == 0) {
		sb_s(sb, ",\"tsandaddr\":[");
		for (unsigned i = 0; i < ts->tsc; i++) {
			if (i > 0)
				sb_c(sb, ',');
			sb_su(sb, "{\"ts\":", ts->slot[i].ts);
			if (ts->ipc != 0)
				json_addr(sb, ",\"ip\":", &ts->slot[i].ip);
			sb_c(sb, '}');
		}
	} else {
		sb_s(sb, ",\"tsonly\":[");
		for (unsigned i = 0; i < ts->tsc; i++) {
			if (i > 0)
				sb_c(sb, ',');
			sb_u(sb, ts->slot[i].ts);
		}
	}
	sb_c(sb, ']');
}

/* ---- every field (WARTS_JSON_ALLFIELDS) ------------------------------ */

/*
 * Keys of a "warts" object opened only if a field needs it: the first
 * key opens it, and json_warts_close closes it when opened.
 */
static void json_wkey(warts_strbuf *sb, int *open, const char *key)
{
	sb_s(sb, *open ? ",\"" : ",\"warts\":{\"");
	*open = 1;
	sb_s(sb, key);
	sb_s(sb, "\":");
}

static void json_warts_close(warts_strbuf *sb, int open)
{
	if (open)
		sb_c(sb, '}');
}

static void json_wtv(warts_strbuf *sb, int *open, const char *key,
                     const warts_tv *tv)
{
	json_wkey(sb, open, key);
	sb_su(sb, "{\"sec\":", tv->sec);
	sb_su(sb, ",\"usec\":", tv->usec);
	sb_c(sb, '}');
}

static void json_wu(warts_strbuf *sb, int *open, const char *key, uint64_t v)
{
	json_wkey(sb, open, key);
	sb_u(sb, v);
}

static void json_ping_warts(warts_strbuf *sb, const warts_ping *p)
{
	int tcp = ping_method_is_tcp(p), icmp = warts_ping_method_is_icmp(p);

	sb_warts_open(sb, p->list, p->cycle);
	if (p->attempts != 0)
		sb_su(sb, ",\"attempts\":", p->attempts);
	if (p->stop_count != 0)
		sb_su(sb, ",\"stop_count\":", p->stop_count);
	if (p->pmtu != 0)
		sb_su(sb, ",\"pmtu\":", p->pmtu);
	/* printed above only for TCP and UDP; the replies' ICMP id and
	 * sequence derive them, but only when there are replies */
	if (!tcp && !ping_method_is_udp(p)) {
		sb_su(sb, ",\"sport\":", p->sport);
		sb_su(sb, ",\"dport\":", p->dport);
	}
	if (!tcp && p->tcpseq != 0)
		sb_su(sb, ",\"tcpseq\":", p->tcpseq);
	if (!tcp && p->tcpack != 0)
		sb_su(sb, ",\"tcpack\":", p->tcpack);
	if (p->icmpsum != 0 &&
	    !(icmp && (p->flags & WARTS_PING_FLAG_ICMPSUM) != 0))
		sb_su(sb, ",\"icmpsum\":", p->icmpsum);
	/* the names cover bits 0 to PING_NFLAGS - 1 only */
	if ((p->flags >> PING_NFLAGS) != 0)
		sb_su(sb, ",\"flags\":", p->flags);
	if (p->style != WARTS_STYLE_2026)
		sb_su(sb, ",\"style\":", p->style);
	sb_c(sb, '}');
}

/* Whether the reply prints "reply_ipid", and the value it prints. */
static int json_ipid_shown(const warts_ping *p, const warts_ping_reply *r,
                           uint32_t *v)
{
	if (r->addr.type == WARTS_ADDR_IPV4) {
		*v = ping_reply_ipid32(p, r) & 0xffff;
		return 1;
	}
	if (r->addr.type == WARTS_ADDR_IPV6 &&
	    (r->flags & WARTS_PING_REPLY_REPLY_IPID) != 0) {
		*v = ping_reply_ipid32(p, r);
		return 1;
	}
	return 0;
}

/*
 * The reply flags sc_json2warts infers: a TTL always (scamper records
 * one with every reply), an IP id where "reply_ipid" is printed, the
 * probe's IP id flag, and the flags printed as keys.
 */
static uint8_t json_flags_implied(const warts_ping_reply *probe,
                                  const warts_ping_reply *r, int ipid_shown)
{
	return (uint8_t)(WARTS_PING_REPLY_REPLY_TTL |
	        (ipid_shown ? WARTS_PING_REPLY_REPLY_IPID : 0) |
	        (probe->flags & WARTS_PING_REPLY_PROBE_IPID) |
	        (r->flags & (WARTS_PING_REPLY_DLTX | WARTS_PING_REPLY_DLRX |
	                     WARTS_PING_REPLY_REPLY_TOS)));
}

/* The source port the probe's own would print as, without one. */
static uint16_t json_sport_base(const warts_ping *p, uint16_t probe_id)
{
	if (p->method == WARTS_PING_TCP_ACK_SPORT ||
	    p->method == WARTS_PING_TCP_SYN_SPORT ||
	    p->method == WARTS_PING_UDP_SPORT)
		return (uint16_t)(p->sport + probe_id);
	return p->sport;
}

/*
 * The probe's source port sc_json2warts takes from the printed port: a
 * port the ping's would not give is the probe's own.  ICMP prints none.
 */
static uint16_t json_sport_implied(const warts_ping *p,
                                   const warts_ping_reply *probe)
{
	uint16_t base = json_sport_base(p, probe->probe_id);
	if (warts_ping_method_is_icmp(p) || probe->probe_sport == base)
		return 0;
	return probe->probe_sport;
}

/* The whole v4ts, where "tsonly" leaves the addresses out or the
 * option holds no stamps (and so is not printed at all). */
static int json_v4ts_hidden(const warts_ping *p, const warts_ping_v4ts *ts)
{
	return ts != NULL &&
	       (ts->tsc == 0 ||
	        ((p->flags & WARTS_PING_FLAG_TSONLY) != 0 && ts->ipc != 0));
}

static void json_v4ts_all(warts_strbuf *sb, const warts_ping_v4ts *ts)
{
	sb_c(sb, '[');
	for (unsigned i = 0; i < ts->tsc; i++) {
		if (i > 0)
			sb_c(sb, ',');
		sb_su(sb, "{\"ts\":", ts->slot[i].ts);
		if (ts->ipc != 0)
			json_addr(sb, ",\"ip\":", &ts->slot[i].ip);
		sb_c(sb, '}');
	}
	sb_c(sb, ']');
}

static void json_reply_warts(warts_strbuf *sb, const warts_ping *p,
                             const warts_ping_reply *probe,
                             const warts_ping_reply *r, unsigned pos)
{
	unsigned index = (unsigned)(r - p->replies);
	warts_tv tx = { 0, 0 };
	uint32_t ipid = 0, ipid16 = 0, ipid32 = 0;
	uint16_t probe_ipid = 0;
	uint8_t proto = r->reply_proto;
	int shown = json_ipid_shown(p, r, &ipid), open = 0;

	if (index != pos)
		json_wu(sb, &open, "index", index);
	if (r->flags != json_flags_implied(probe, r, shown))
		json_wu(sb, &open, "flags", r->flags);

	/* the responses print the probe's fields from its first reply */
	if (probe->probe_tx.sec != 0)
		tx = probe->probe_tx;
	if (r->probe_tx.sec != tx.sec || r->probe_tx.usec != tx.usec)
		json_wtv(sb, &open, "probe_tx", &r->probe_tx);
	if (probe->flags & WARTS_PING_REPLY_PROBE_IPID)
		probe_ipid = probe->probe_ipid;
	if (r->probe_ipid != probe_ipid)
		json_wu(sb, &open, "probe_ipid", r->probe_ipid);
	if (r->probe_sport != json_sport_implied(p, probe))
		json_wu(sb, &open, "probe_sport", r->probe_sport);

	/* one printed IP id stands for two fields, by the ping's family */
	if (shown && p->dst.type == WARTS_ADDR_IPV4)
		ipid16 = ipid & 0xffff;
	else if (shown)
		ipid32 = ipid;
	if (r->reply_ipid != ipid16)
		json_wu(sb, &open, "reply_ipid", r->reply_ipid);
	if (r->reply_ipid32 != ipid32)
		json_wu(sb, &open, "reply_ipid32", r->reply_ipid32);

	/* "icmp" is 1 or 58: the reply's family's when "icmp_type"
	 * follows, else read as the other family's */
	if ((proto == 1 || proto == 58) && !ping_reply_is_icmp(r))
		proto = r->addr.type == WARTS_ADDR_IPV4 ? 58 : 1;
	if (r->reply_proto != proto)
		json_wu(sb, &open, "reply_proto", r->reply_proto);
	if ((r->flags & WARTS_PING_REPLY_REPLY_TOS) == 0 && r->reply_tos != 0)
		json_wu(sb, &open, "reply_tos", r->reply_tos);
	if (json_v4ts_hidden(p, r->v4ts)) {
		json_wkey(sb, &open, "v4ts");
		json_v4ts_all(sb, r->v4ts);
	}
	if (r->tsreply != NULL) {
		json_wkey(sb, &open, "tsreply");
		sb_su(sb, "{\"tso\":", r->tsreply->tso);
		sb_su(sb, ",\"tsr\":", r->tsreply->tsr);
		sb_su(sb, ",\"tst\":", r->tsreply->tst);
		sb_c(sb, '}');
	}
	json_warts_close(sb, open);
}

static void json_reply(warts_strbuf *sb, const warts_ping *p,
                       const warts_ping_reply *probe,
                       const warts_ping_reply *r, unsigned flags,
                       unsigned pos)
{
	sb_c(sb, '{');
	if (warts_addr_isset(&r->addr)) {
		json_addr(sb, "\"from\":", &r->addr);
		sb_c(sb, ',');
	}
	sb_su(sb, "\"reply_size\":", r->reply_size);
	sb_su(sb, ",\"reply_ttl\":", r->reply_ttl);
	json_probe(sb, p, probe);
	json_reply_proto(sb, r->reply_proto);
	if (r->ifname != NULL)
		sb_sj(sb, ",\"ifname\":", r->ifname);
	if (r->flags & (WARTS_PING_REPLY_DLTX | WARTS_PING_REPLY_DLRX)) {
		sb_s(sb, ",\"reply_flags\":[");
		if (r->flags & WARTS_PING_REPLY_DLTX)
			sb_s(sb, "\"dltxts\"");
		if ((r->flags & (WARTS_PING_REPLY_DLTX | WARTS_PING_REPLY_DLRX)) ==
		    (WARTS_PING_REPLY_DLTX | WARTS_PING_REPLY_DLRX))
			sb_c(sb, ',');
		if (r->flags & WARTS_PING_REPLY_DLRX)
			sb_s(sb, "\"dlrxts\"");
		sb_c(sb, ']');
	}
	if (probe->probe_tx.sec != 0)
		json_rx(sb, &probe->probe_tx, r->rtt);
	sb_s(sb, ",\"rtt\":");
	sb_rtt(sb, r->rtt);
	if (r->addr.type == WARTS_ADDR_IPV4)
		sb_su(sb, ",\"reply_ipid\":", ping_reply_ipid32(p, r) & 0xffff);
	else if (r->addr.type == WARTS_ADDR_IPV6 &&
	         (r->flags & WARTS_PING_REPLY_REPLY_IPID) != 0)
		sb_su(sb, ",\"reply_ipid\":", ping_reply_ipid32(p, r));
	if (r->flags & WARTS_PING_REPLY_REPLY_TOS)
		sb_su(sb, ",\"reply_tos\":", r->reply_tos);
	if (ping_reply_is_icmp(r)) {
		sb_su(sb, ",\"icmp_type\":", r->icmp_type);
		sb_su(sb, ",\"icmp_code\":", r->icmp_code);
		if (ping_reply_is_ptb(r))
			sb_su(sb, ",\"icmp_nhmtu\":", r->icmp_nhmtu);
	} else if (r->reply_proto == 6) {
		sb_su(sb, ",\"tcp_flags\":", r->tcp_flags);
	}
	if (r->v4rr != NULL) {
		sb_s(sb, ",\"RR\":[");
		for (unsigned i = 0; i < r->v4rr->ipc; i++)
			json_addr(sb, i > 0 ? "," : "", &r->v4rr->ip[i]);
		sb_c(sb, ']');
	}
	if (r->v4ts != NULL && r->v4ts->tsc > 0)
		json_v4ts(sb, p, r->v4ts);
	if (flags & WARTS_JSON_ALLFIELDS)
		json_reply_warts(sb, p, probe, r, pos);
	sb_c(sb, '}');
}

/*
 * The share of probes unanswered, printed with "%.2f" from a float
 * quotient.  The float times 100 is exact in a double, so rounding it
 * to an integer, half to even as printf does, gives the same digits.
 * (More replies than probes, only in a forged ping, wraps as in scamper.)
 */
static void json_loss(warts_strbuf *sb, uint32_t total, uint32_t answered)
{
	float q = (float)(total - answered) / total;
	double x = (double)q * 100.0;
	uint64_t n = (uint64_t)x; /* large only for a forged ping */
	double frac = x - (double)n;
	if (frac > 0.5 || (frac == 0.5 && (n & 1) != 0))
		n++;
	sb_u(sb, n / 100);
	sb_c(sb, '.');
	sb_c(sb, (char)('0' + n / 10 % 10));
	sb_c(sb, (char)('0' + n % 10));
}

static void json_stats(warts_strbuf *sb, const warts_ping *p,
                       const struct ping_stats *st)
{
	sb_su(sb, ",\"statistics\":{\"replies\":", st->nreplies);
	if (p->ping_sent > 0) {
		sb_s(sb, ",\"loss\":");
		if (st->nreplies == 0)
			sb_c(sb, '1');
		else if (st->nreplies == p->ping_sent)
			sb_c(sb, '0');
		else
			json_loss(sb, p->ping_sent, st->nreplies);
	}
	if (st->nreplies > 0) {
		sb_s(sb, ",\"min\":");
		sb_rtt(sb, st->min);
		sb_s(sb, ",\"max\":");
		sb_rtt(sb, st->max);
		sb_s(sb, ",\"avg\":");
		sb_rtt(sb, st->avg);
		sb_s(sb, ",\"stddev\":");
		sb_rtt(sb, st->stddev);
	}
	if (st->ndups > 0)
		sb_su(sb, ",\"ndups\":", st->ndups);
	if (st->nerrs > 0)
		sb_su(sb, ",\"nerrs\":", st->nerrs);
	sb_c(sb, '}');
}

int ping_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_ping *p = obj;
	const warts_ping_reply *r;
	struct ping_walk w;
	struct ping_stats st;
	unsigned n = 0;

	if (ping_walk_init(&w, p) != 0) {
		sb->oom = 1;
		return 1;
	}
	json_header(sb, p);
	sb_s(sb, ",\"responses\":[");
	while ((r = ping_walk_next(&w)) != NULL) {
		if (n > 0)
			sb_c(sb, ',');
		json_reply(sb, p, w.probe, r, flags, n++);
	}
	sb_s(sb, "],\"no_responses\":[]");
	ping_stats_get(&w, &st);
	json_stats(sb, p, &st);
	if (flags & WARTS_JSON_ALLFIELDS)
		json_ping_warts(sb, p);
	sb_s(sb, "}\n");
	ping_walk_fini(&w);
	return 1;
}
