/*
 * trace_json.c: a traceroute as one line of sc_warts2json output.
 *
 * Key names, their order and the conditions on them follow scamper
 * 20260420.  The hops are printed in TTL order from the first hop; those
 * past a recorded stop hop go in "extra_hops".  scamper prints the PMTUD
 * block only for version 2 PMTUD data, and prints neither last-ditch nor
 * Doubletree data.
 *
 * With WARTS_JSON_ALLFIELDS the trace ends with a "warts" object (see
 * sb_warts_open) holding what the keys above leave out or print lossily,
 * so that sc_json2warts can rebuild the record byte for byte:
 *   sport, dport     when the method does not show them (the ICMP echo
 *                    id and, without icmp-csum-dport, the checksum)
 *   firsthop         when 0 (printed as 1)
 *   hop_count        when the printed one is the stop hop
 *   stop_hop         when set
 *   flags            as a number, when bits without a name are set
 *   squeries, gaplimit, gapaction, loops, loopaction, confidence, offset
 *   style            when the record follows scamper 2021's writer
 *   hops             replies below the first hop, which are not printed
 *   pmtud            {ver, ifmtu, pmtu, outmtu, notes:[{type, nhmtu, hop}],
 *                    and hops when ver is not 2 and so none are printed}
 *   lastditch        {hops}
 *   dtree            {lss_stop, gss_stop, firsthop, lss_name, flags}
 * Each reply gets its own "warts" object: its flags as a number, its own
 * transmit time when it is not the one printed (that of the first reply
 * to the probe), the reply fields rxerr hides, and "index", its position
 * in the file, when the file does not list the replies in TTL order.  An
 * ICMP extension that its printed keys do not spell out (anything but a
 * whole MPLS label stack) carries its bytes as "warts":{"data":hex}.
 */
#include "trace_fmt.h"

static const char *const method_names[] = {
	NULL, "icmp-echo", "udp", "tcp", "icmp-echo-paris", "udp-paris",
	"tcp-ack",
};

static const char *const stop_names[] = {
	"NONE", "COMPLETED", "UNREACH", "ICMP", "LOOP", "GAPLIMIT", "ERROR",
	"HOPLIMIT", "GSS", "HALTED", "INPROGRESS",
};

static const char *const flag_names[] = {
	"all-attempts", "pmtud", "dl", "ignorettldst", "doubletree",
	"icmp-csum-dport", "const-payload", "rxerr", "ptr", "raw", "back",
};

static const char *const note_names[] = {
	NULL, "ptb", "ptb-bad", "silence",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int is_udp_or_tcp(const warts_trace *t)
{
	return t->type == WARTS_TRACE_UDP || t->type == WARTS_TRACE_UDP_PARIS ||
	       t->type == WARTS_TRACE_TCP || t->type == WARTS_TRACE_TCP_ACK;
}

/* An unknown flag bit is written as its value in hex. */
static void flag_name(warts_strbuf *sb, uint32_t bit, uint32_t flag)
{
	sb_c(sb, '"');
	if (bit < NELEM(flag_names))
		sb_s(sb, flag_names[bit]);
	else
		sb_f(sb, "0x%08x", flag);
	sb_c(sb, '"');
}

static void header_json(warts_strbuf *sb, const warts_trace *t)
{
	int comma = 0;

	sb_su(sb, "{\"type\":\"trace\",\"version\":\"0.1\",\"userid\":",
	      t->userid);
	sb_s(sb, ",\"method\":\"");
	if (t->type != 0 && t->type < NELEM(method_names))
		sb_s(sb, method_names[t->type]);
	else
		sb_u(sb, t->type);
	sb_c(sb, '"');
	if (warts_addr_isset(&t->src)) {
		sb_s(sb, ",\"src\":\"");
		sb_addr(sb, &t->src);
		sb_c(sb, '"');
	}
	if (warts_addr_isset(&t->dst)) {
		sb_s(sb, ",\"dst\":\"");
		sb_addr(sb, &t->dst);
		sb_c(sb, '"');
	}
	if (warts_addr_isset(&t->rtr)) {
		sb_s(sb, ",\"rtr\":\"");
		sb_addr(sb, &t->rtr);
		sb_c(sb, '"');
	}
	if (is_udp_or_tcp(t)) {
		sb_su(sb, ",\"sport\":", t->sport);
		sb_su(sb, ",\"dport\":", t->dport);
	} else if (t->flags & WARTS_TRACE_FLAG_ICMPCSUMDP) {
		/* the ICMP checksum a Paris traceroute held constant */
		sb_su(sb, ",\"icmp_sum\":", t->dport);
	}
	sb_s(sb, ",\"stop_reason\":\"");
	if (t->stop_reason < NELEM(stop_names))
		sb_s(sb, stop_names[t->stop_reason]);
	else
		sb_u(sb, t->stop_reason);
	sb_su(sb, "\",\"stop_data\":", t->stop_data);
	if (t->errmsg != NULL)
		sb_sj(sb, ",\"errmsg\":", t->errmsg);
	sb_su(sb, ",\"start\":{\"sec\":", t->start.sec);
	sb_su(sb, ",\"usec\":", t->start.usec);
	sb_s(sb, ",\"ftime\":\"");
	sb_ftime(sb, t->start.sec);
	sb_su(sb, "\"},\"hop_count\":", tf_stop_count(t));
	sb_su(sb, ",\"attempts\":", t->attempts);
	sb_su(sb, ",\"hoplimit\":", t->hoplimit);
	sb_su(sb, ",\"firsthop\":", tf_firsthop(t));
	sb_su(sb, ",\"wait\":", t->wait);
	sb_su(sb, ",\"wait_probe\":", t->wait_probe);
	sb_su(sb, ",\"tos\":", t->tos);
	sb_su(sb, ",\"probe_size\":", t->probe_size);
	sb_su(sb, ",\"probe_count\":", t->probec);
	if (t->list != NULL && t->list->monitor != NULL)
		sb_sj(sb, ",\"monitor\":", t->list->monitor);
	if (t->flags != 0) {
		sb_s(sb, ",\"flags\":[");
		for (uint32_t bit = 0; bit < 32; bit++) {
			uint32_t f = (uint32_t)1 << bit;
			if ((t->flags & f) == 0)
				continue;
			if (comma++)
				sb_c(sb, ',');
			flag_name(sb, bit, f);
		}
		sb_c(sb, ']');
	}
}

/* Whether an extension's printed keys give back its bytes exactly. */
static int icmpext_printed(const warts_icmpext *ie)
{
	return ie->len == 0 || ie->data == NULL ||
	       (warts_icmpext_is_mpls(ie) && ie->len % 4 == 0);
}

static void icmpext_json(warts_strbuf *sb, const warts_icmpexts *exts,
                         int all)
{
	sb_s(sb, ",\"icmpext\":[");
	for (uint16_t i = 0; i < exts->count; i++) {
		const warts_icmpext *ie = &exts->ext[i];
		unsigned n = warts_icmpext_mpls_count(ie);
		if (i > 0)
			sb_c(sb, ',');
		sb_su(sb, "{\"ie_cn\":", ie->class_num);
		sb_su(sb, ",\"ie_ct\":", ie->class_type);
		sb_su(sb, ",\"ie_dl\":", ie->len);
		if (warts_icmpext_is_mpls(ie)) {
			sb_s(sb, ",\"mpls_labels\":[");
			for (unsigned m = 0; m < n; m++) {
				warts_mpls_lse l;
				if (warts_icmpext_mpls(ie, m, &l) != 0)
					break;
				if (m > 0)
					sb_c(sb, ',');
				sb_su(sb, "{\"mpls_ttl\":", l.ttl);
				sb_su(sb, ",\"mpls_s\":", l.s);
				sb_su(sb, ",\"mpls_exp\":", l.exp);
				sb_su(sb, ",\"mpls_label\":", l.label);
				sb_c(sb, '}');
			}
			sb_c(sb, ']');
		}
		if (all && !icmpext_printed(ie)) {
			sb_s(sb, ",\"warts\":{\"data\":\"");
			sb_hex(sb, ie->data, ie->len);
			sb_s(sb, "\"}");
		}
		sb_c(sb, '}');
	}
	sb_c(sb, ']');
}

/*
 * A reply's "warts" object: idx is its position in the file, or -1 when
 * the printed order is the file's.
 */
static void hop_warts(warts_strbuf *sb, const warts_trace *t,
                      const warts_trace_hop *h, const warts_tv *tx,
                      long idx)
{
	warts_tv shown = { 0, 0 };

	if (tx->sec != 0)
		shown = *tx;
	sb_su(sb, ",\"warts\":{\"flags\":", h->flags);
	if (h->tx.sec != shown.sec || h->tx.usec != shown.usec) {
		sb_su(sb, ",\"tx\":{\"sec\":", h->tx.sec);
		sb_su(sb, ",\"usec\":", h->tx.usec);
		sb_c(sb, '}');
	}
	if (idx >= 0)
		sb_su(sb, ",\"index\":", (uint64_t)idx);
	if (t->flags & WARTS_TRACE_FLAG_RXERR) {
		sb_su(sb, ",\"reply_ipid\":", h->reply_ipid);
		sb_su(sb, ",\"reply_size\":", h->reply_size);
		if (tf_is_icmp_q(h)) {
			sb_su(sb, ",\"icmp_q_ttl\":", h->icmp_q_ttl);
			sb_su(sb, ",\"icmp_q_ipl\":", h->icmp_q_ipl);
			sb_su(sb, ",\"icmp_q_tos\":", h->icmp_q_tos);
		}
	}
	sb_c(sb, '}');
}

/*
 * One reply.  tx is the transmit time of the probe it answers: that of
 * the first reply to the same probe.  With all, the reply's "warts"
 * object follows; idx as for hop_warts.
 */
/* Room for a reply's fixed keys; the name and extensions are apart. */
#define HOP_JSON_MAX 640

/*
 * A reply, the hottest loop of sc_warts2json: written through a local
 * pointer into room reserved once (see cp_s in fmt.h), with the name and
 * ICMP extensions, which have no bound, appended the ordinary way.
 */
static void hop_json(warts_strbuf *sb, const warts_trace *t,
                     const warts_trace_hop *h, const warts_tv *tx, int all,
                     long idx)
{
	int rxerr = (t->flags & WARTS_TRACE_FLAG_RXERR) != 0;
	char *p;

	if ((p = sb_room(sb, HOP_JSON_MAX)) == NULL)
		return;
	p = cp_s(p, "{\"addr\":\"");
	p = cp_addr(p, &h->addr);
	*p++ = '"';
	if (h->name != NULL) {
		sb_commit(sb, p);
		sb_sj(sb, ",\"name\":", h->name);
		if ((p = sb_room(sb, HOP_JSON_MAX)) == NULL)
			return;
	}
	p = cp_su(p, ",\"probe_ttl\":", h->probe_ttl);
	p = cp_su(p, ",\"probe_id\":", h->probe_id);
	p = cp_su(p, ",\"probe_size\":", h->probe_size);
	if (tx->sec != 0) {
		p = cp_su(p, ",\"tx\":{\"sec\":", tx->sec);
		p = cp_su(p, ",\"usec\":", tx->usec);
		*p++ = '}';
	}
	p = cp_s(p, ",\"rtt\":");
	p = cp_rtt(p, h->rtt);
	p = cp_su(p, ",\"reply_ttl\":", h->reply_ttl);
	p = cp_su(p, ",\"reply_tos\":", h->reply_tos);
	if (h->flags & (WARTS_TRACE_HOP_DLTXTS | WARTS_TRACE_HOP_DLRXTS |
	                WARTS_TRACE_HOP_SOCKRXTS)) {
		int n = 0;
		p = cp_s(p, ",\"flags\":[");
		if (h->flags & WARTS_TRACE_HOP_DLTXTS)
			p = cp_s(p, n++ ? ",\"dltxts\"" : "\"dltxts\"");
		if (h->flags & WARTS_TRACE_HOP_DLRXTS)
			p = cp_s(p, n++ ? ",\"dlrxts\"" : "\"dlrxts\"");
		if (h->flags & WARTS_TRACE_HOP_SOCKRXTS)
			p = cp_s(p, n++ ? ",\"sockrxts\"" : "\"sockrxts\"");
		*p++ = ']';
	}
	if (!rxerr) {
		p = cp_su(p, ",\"reply_ipid\":", h->reply_ipid);
		p = cp_su(p, ",\"reply_size\":", h->reply_size);
	}
	if (tf_is_icmp(h)) {
		p = cp_su(p, ",\"icmp_type\":", h->icmp_type);
		p = cp_su(p, ",\"icmp_code\":", h->icmp_code);
		if (tf_is_icmp_q(h) && !rxerr) {
			p = cp_su(p, ",\"icmp_q_ttl\":", h->icmp_q_ttl);
			p = cp_su(p, ",\"icmp_q_ipl\":", h->icmp_q_ipl);
			p = cp_su(p, ",\"icmp_q_tos\":", h->icmp_q_tos);
		}
		/* deliberate: scamper's key has a colon inside the quotes */
		if (tf_is_ptb(h))
			p = cp_su(p, ",\"icmp_nhmtu:\":", h->icmp_nhmtu);
	} else if (tf_is_tcp(h)) {
		p = cp_su(p, ",\"tcp_flags\":", h->tcp_flags);
	}
	sb_commit(sb, p);
	if (h->icmpext.count > 0 && h->icmpext.ext != NULL)
		icmpext_json(sb, &h->icmpext, all);
	if (all)
		hop_warts(sb, t, h, tx, idx);
	sb_c(sb, '}');
}

/*
 * Replies at positions [from, to) of the TTL-ordered view as a JSON
 * array named key.  Spans start at a TTL boundary, so the first reply
 * printed starts its probe.  With all, each reply has its "warts"
 * object, with its file index when the file is not in TTL order.
 */
static void hops_array(warts_strbuf *sb, const warts_trace *t,
                       const struct tf_hops *v, const char *key,
                       uint32_t from, uint32_t to, int all)
{
	warts_tv tx = { 0, 0 };
	if (from >= to)
		return;
	sb_s(sb, key);
	for (uint32_t pos = from; pos < to; pos++) {
		const warts_trace_hop *h = tf_hop(v, pos);
		if (pos == from || !tf_hops_same_probe(v, pos))
			tx = h->tx;
		if (pos > from)
			sb_c(sb, ',');
		hop_json(sb, t, h, &tx, all,
		         v->idx != NULL ? (long)tf_file_index(v, pos) : -1);
	}
	sb_c(sb, ']');
}

/* Replies in file order (PMTUD, last-ditch) as the elements of an array. */
static void hop_list(warts_strbuf *sb, const warts_trace *t,
                     const warts_trace_hop *hops, uint16_t n, int all)
{
	warts_tv tx = { 0, 0 };
	for (uint16_t i = 0; i < n; i++) {
		if (i == 0 || !tf_same_probe(&hops[i - 1], &hops[i]))
			tx = hops[i].tx;
		if (i > 0)
			sb_c(sb, ',');
		hop_json(sb, t, &hops[i], &tx, all, -1);
	}
}

/* ---- PMTUD ----------------------------------------------------------- */

/*
 * The hop a note belongs on, or -1: where the trace saw the replying
 * address (from hop `start` on), else a guess from the TTL the router
 * quoted, moved one hop nearer when the trace saw a neighbour in the same
 * /30 (/126) there.  A silence note belongs on its probe's TTL.  This is
 * the JSON's rule; the text's differs slightly (see trace_text.c).
 */
static int note_dist(const warts_trace *t, const struct tf_hops *v,
                     const warts_trace_pmtud *p, unsigned start,
                     const warts_trace_pmtud_note *n)
{
	const warts_trace_hop *r = tf_note_reply(p, n), *th;
	unsigned hc = tf_stop_count(t), i;

	if (n->type == WARTS_TRACE_PMTUD_NOTE_SILENCE)
		return r != NULL ? r->probe_ttl : 0;
	if (r == NULL)
		return -1;
	if (start == 0)
		start = 1;
	/* no reply has a TTL above 255: a corrupt hop count ends there */
	for (i = start - 1; i < hc && i < 255; i++)
		if ((th = tf_reply_at(v, i + 1)) != NULL &&
		    tf_addr_eq(&th->addr, &r->addr))
			return (int)i + 1;
	if (r->probe_ttl <= r->icmp_q_ttl)
		return -1;
	i = (unsigned)(r->probe_ttl - r->icmp_q_ttl);
	if (i >= hc)
		return -1;
	if ((th = tf_reply_at(v, i + 1)) != NULL &&
	    ((tf_v4(r) && tf_prefix(&th->addr, &r->addr) >= 30) ||
	     (tf_v6(r) && tf_prefix(&th->addr, &r->addr) >= 126)))
		return (int)i;
	return (int)i + 1;
}

static void note_json(warts_strbuf *sb, const warts_trace_pmtud *p,
                      const warts_trace_pmtud_note *n, int dist)
{
	const warts_trace_hop *r = tf_note_reply(p, n);

	sb_su(sb, "{\"nhmtu\":", n->nhmtu);
	if (r != NULL)
		sb_su(sb, ",\"hop_id\":", (uint32_t)n->hop);
	if (dist >= 0)
		sb_su(sb, ",\"dist\":", (uint8_t)dist);
	sb_s(sb, ",\"type\":\"");
	if (n->type != 0 && n->type < NELEM(note_names))
		sb_s(sb, note_names[n->type]);
	else
		sb_u(sb, n->type);
	sb_c(sb, '"');
	if (r != NULL) {
		if (tf_is_ptb(r))
			sb_su(sb, ",\"icmp_nhmtu\":", r->icmp_nhmtu);
		if (warts_addr_isset(&r->addr)) {
			sb_s(sb, ",\"addr\":\"");
			sb_addr(sb, &r->addr);
			sb_c(sb, '"');
		}
	}
	sb_c(sb, '}');
}

/* The number of probes: runs of replies to the same probe. */
static unsigned probe_count(const warts_trace_hop *hops, uint16_t n)
{
	unsigned c = 0;
	for (uint16_t i = 0; i < n; i++)
		if (i == 0 || !tf_same_probe(&hops[i - 1], &hops[i]))
			c++;
	return c;
}

static void pmtud_json(warts_strbuf *sb, const warts_trace *t,
                       const struct tf_hops *v, int all)
{
	const warts_trace_pmtud *p = t->pmtud;
	unsigned notec = p->notes != NULL ? p->notec : 0;

	sb_su(sb, ",\"pmtud\":{\"if_mtu\":", p->ifmtu);
	sb_su(sb, ",\"out_mtu\":", p->outmtu != 0 ? p->outmtu : p->ifmtu);
	sb_su(sb, ",\"path_mtu\":", p->pmtu);
	sb_su(sb, ",\"probec\":", probe_count(p->hops, p->hopc));
	sb_su(sb, ",\"notec\":", p->notec);

	/*
	 * With an outgoing MTU below the interface's, scamper lists the
	 * notes only when the first is a silence without a reply.
	 */
	if (notec > 0 && p->outmtu != 0 &&
	    (p->notes[0].type != WARTS_TRACE_PMTUD_NOTE_SILENCE ||
	     tf_note_reply(p, &p->notes[0]) != NULL))
		notec = 0;
	if (notec > 0) {
		int d = 0;
		sb_s(sb, ",\"notes\":[");
		for (unsigned i = 0; i < notec; i++) {
			int dist = note_dist(t, v, p, (uint8_t)d, &p->notes[i]);
			if (i > 0)
				sb_c(sb, ',');
			note_json(sb, p, &p->notes[i], dist);
			if (dist > d)
				d = dist;
		}
		sb_c(sb, ']');
	}
	if (p->hopc > 0 && p->hops != NULL) {
		sb_s(sb, ",\"hops\":[");
		hop_list(sb, t, p->hops, p->hopc, all);
		sb_c(sb, ']');
	}
	sb_c(sb, '}');
}

/* ---- all fields ------------------------------------------------------ */

/* The PMTUD record as stored; its hops too when "pmtud" did not print. */
static void pmtud_warts(warts_strbuf *sb, const warts_trace *t)
{
	const warts_trace_pmtud *p = t->pmtud;

	sb_su(sb, ",\"pmtud\":{\"ver\":", p->ver);
	sb_su(sb, ",\"ifmtu\":", p->ifmtu);
	sb_su(sb, ",\"pmtu\":", p->pmtu);
	sb_su(sb, ",\"outmtu\":", p->outmtu);
	if (p->notec > 0 && p->notes != NULL) {
		sb_s(sb, ",\"notes\":[");
		for (unsigned i = 0; i < p->notec; i++) {
			const warts_trace_pmtud_note *n = &p->notes[i];
			if (i > 0)
				sb_c(sb, ',');
			sb_su(sb, "{\"type\":", n->type);
			sb_su(sb, ",\"nhmtu\":", n->nhmtu);
			sb_s(sb, ",\"hop\":");
			sb_i(sb, n->hop);
			sb_c(sb, '}');
		}
		sb_c(sb, ']');
	}
	if (p->ver != 2 && p->hops != NULL) {
		sb_s(sb, ",\"hops\":[");
		hop_list(sb, t, p->hops, p->hopc, 1);
		sb_c(sb, ']');
	}
	sb_c(sb, '}');
}

static void addr_key(warts_strbuf *sb, const char *lit, const warts_addr *a)
{
	if (!warts_addr_isset(a))
		return;
	sb_s(sb, lit);
	sb_addr(sb, a);
	sb_c(sb, '"');
}

static void trace_warts(warts_strbuf *sb, const warts_trace *t,
                        const struct tf_hops *v, unsigned first)
{
	sb_warts_open(sb, t->list, t->cycle);
	if (!is_udp_or_tcp(t)) {
		sb_su(sb, ",\"sport\":", t->sport);
		if ((t->flags & WARTS_TRACE_FLAG_ICMPCSUMDP) == 0)
			sb_su(sb, ",\"dport\":", t->dport);
	}
	if (t->firsthop != tf_firsthop(t))
		sb_su(sb, ",\"firsthop\":", t->firsthop);
	if (t->hop_count != tf_stop_count(t))
		sb_su(sb, ",\"hop_count\":", t->hop_count);
	if (t->stop_hop != 0)
		sb_su(sb, ",\"stop_hop\":", t->stop_hop);
	if ((t->flags >> NELEM(flag_names)) != 0)
		sb_su(sb, ",\"flags\":", t->flags);
	sb_su(sb, ",\"squeries\":", t->squeries);
	sb_su(sb, ",\"gaplimit\":", t->gaplimit);
	sb_su(sb, ",\"gapaction\":", t->gapaction);
	sb_su(sb, ",\"loops\":", t->loops);
	sb_su(sb, ",\"loopaction\":", t->loopaction);
	sb_su(sb, ",\"confidence\":", t->confidence);
	sb_su(sb, ",\"offset\":", t->offset);
	if (t->style != WARTS_STYLE_2026)
		sb_su(sb, ",\"style\":", t->style);
	/* the replies below the first hop, which "hops" leaves out */
	hops_array(sb, t, v, ",\"hops\":[", v->at[0], v->at[first], 1);
	if (t->pmtud != NULL)
		pmtud_warts(sb, t);
	if (t->lastditch != NULL) {
		sb_s(sb, ",\"lastditch\":{\"hops\":[");
		if (t->lastditch->hops != NULL)
			hop_list(sb, t, t->lastditch->hops,
			         t->lastditch->hopc, 1);
		sb_s(sb, "]}");
	}
	if (t->dtree != NULL) {
		const warts_trace_dtree *d = t->dtree;
		sb_su(sb, ",\"dtree\":{\"firsthop\":", d->firsthop);
		sb_su(sb, ",\"flags\":", d->flags);
		addr_key(sb, ",\"lss_stop\":\"", &d->lss_stop);
		addr_key(sb, ",\"gss_stop\":\"", &d->gss_stop);
		if (d->lss_name != NULL)
			sb_sj(sb, ",\"lss_name\":", d->lss_name);
		sb_c(sb, '}');
	}
	sb_c(sb, '}');
}

/* ---- the trace ------------------------------------------------------- */

int trace_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_trace *t = obj;
	struct tf_hops v;
	unsigned first = tf_firsthop(t), last;
	int all = (flags & WARTS_JSON_ALLFIELDS) != 0;

	if (tf_hops_init(&v, t->hops, t->hopc) != 0) {
		sb->oom = 1;
		return 1;
	}

	/*
	 * Replies up to the stop hop are "hops", those after it
	 * "extra_hops".  scamper rejects replies beyond the hop count; we
	 * print them with the rest.
	 */
	if (t->stop_hop != 0 && t->stop_hop < t->hop_count)
		last = t->stop_hop;
	else
		last = 255;
	if (first > 255)
		first = 256;

	header_json(sb, t);
	hops_array(sb, t, &v, ",\"hops\":[", v.at[first], v.at[last + 1],
	           all);
	hops_array(sb, t, &v, ",\"extra_hops\":[",
	           v.at[first > last + 1 ? first : last + 1], v.at[256], all);
	if (t->pmtud != NULL && t->pmtud->ver == 2)
		pmtud_json(sb, t, &v, all);
	if (all)
		trace_warts(sb, t, &v, first);
	sb_s(sb, "}\n");
	tf_hops_fini(&v);
	return 1;
}
