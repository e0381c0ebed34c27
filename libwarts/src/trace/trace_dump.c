/*
 * trace_dump.c: a traceroute as sc_wartsdump prints it.
 *
 * The parameters, one line per group, then every reply (in TTL order),
 * the last-ditch replies, the PMTUD parameters, notes and replies, and
 * an empty line.  Numbers that scamper prints with %d are printed signed
 * here too (a user id above 2^31 reads negative there and here).
 *
 * scamper's dump leaves some fields out.  We print each of them too, but
 * only when it holds something other than what scamper's own files hold
 * for it (its default, or the zero of a field the file leaves out), so a
 * dump of an ordinary file is scamper's byte for byte while an unusual
 * value still shows: the loop action, the trace's probe size and an ICMP
 * trace's dport, the stop data of a reason that has none, the Doubletree
 * flags, and in a reply the fields its kind does not use (the quoted
 * fields of a reply that quotes nothing, a TCP reply's ICMP type, ...),
 * the size and IP-ID that RXERR replies hide, extensions that are not
 * MPLS, and a send time that differs from that of the probe's first
 * reply.
 */
#include "trace_fmt.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const stop_names[] = {
	"none", "completed", "unreach", "icmp", "loop", "gaplimit", "error",
	"hoplimit", "gss", "halted", "inprogress",
};

static const char *const flag_names[] = {
	"all-attempts", "pmtud", "dl", "ignorettldst", "doubletree",
	"icmp-csum-dport", "const-payload", "rxerr", "ptr", "raw", "back",
};

/* v as lower-case hex, zero-padded to `digits` digits. */
static void hex_pad(warts_strbuf *sb, uint32_t v, unsigned digits)
{
	static const char xd[] = "0123456789abcdef";
	char tmp[8];
	unsigned n = 0;
	do {
		tmp[sizeof(tmp) - ++n] = xd[v & 0xf];
		v >>= 4;
	} while (v != 0 && n < sizeof(tmp));
	while (n < digits && n < sizeof(tmp))
		tmp[sizeof(tmp) - ++n] = '0';
	sb_mem(sb, tmp + sizeof(tmp) - n, n);
}

/* "%06d" of a value known to be in 0..999999. */
static void usec6(warts_strbuf *sb, uint32_t v)
{
	char tmp[6];
	for (int i = 5; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	sb_mem(sb, tmp, 6);
}

/* "%d.%06d" of a seconds, microseconds pair. */
static void sec_usec(warts_strbuf *sb, int32_t sec, int32_t usec)
{
	if (sec >= 0 && usec >= 0 && usec < 1000000) {
		sb_u(sb, (uint32_t)sec);
		sb_c(sb, '.');
		usec6(sb, (uint32_t)usec);
	} else {
		sb_f(sb, "%d.%06d", sec, usec);
	}
}

/* " label: " then ctime(3) and the microseconds: "... 1970 000000". */
static void dump_time(warts_strbuf *sb, const char *label, const warts_tv *tv)
{
	sb_c(sb, ' ');
	sb_s(sb, label);
	sb_s(sb, ": ");
	sb_ctime(sb, tv->sec);
	sb_c(sb, ' ');
	if (tv->usec < 1000000)
		usec6(sb, tv->usec);
	else
		sb_f(sb, "%06d", (int32_t)tv->usec);
	sb_c(sb, '\n');
}

/* A wait as seconds with the fraction's trailing zeros dropped: "0.05s". */
static void dump_wait(warts_strbuf *sb, const char *label, uint32_t sec,
                      uint32_t usec)
{
	sb_s(sb, label);
	sb_s(sb, ": ");
	sb_u(sb, sec);
	if (usec > 0) {
		char tmp[6];
		unsigned n = 6;
		for (int i = 5; i >= 0; i--) {
			tmp[i] = (char)('0' + usec % 10);
			usec /= 10;
		}
		while (n > 1 && tmp[n - 1] == '0')
			n--;
		sb_c(sb, '.');
		sb_mem(sb, tmp, n);
	}
	sb_c(sb, 's');
}

static void unreach_name(warts_strbuf *sb, const warts_addr *dst,
                         uint8_t code)
{
	static const char *const v4[] = {
		"net", "host", "protocol", "port", "need frag",
		"src-rt failed", "net unknown", "host unknown", "isolated",
		"net prohib", "host prohib", "tos net", "tos host",
		"admin prohib",
	};
	static const char *const v6[] = {
		"no route", "admin prohib", "beyond scope", "addr", "port",
	};
	if (dst->type == WARTS_ADDR_IPV4 && code < NELEM(v4))
		sb_s(sb, v4[code]);
	else if (dst->type != WARTS_ADDR_IPV4 && code < NELEM(v6))
		sb_s(sb, v6[code]);
	else
		sb_u(sb, code);
}

static void tcp_flags(warts_strbuf *sb, uint8_t f)
{
	static const char *const names[] = {
		" fin", " syn", " rst", " psh", " ack", " urg", " ece", " cwr",
	};
	if (f == 0)
		return;
	sb_s(sb, " (");
	for (unsigned i = 0; i < 8; i++)
		if (f & (1u << i))
			sb_s(sb, names[i]);
	sb_s(sb, " )");
}

/*
 * The reply's ICMP extensions: MPLS label stacks as scamper prints them,
 * then (ours) any other extension as its class, type and bytes.
 */
static void exts_dump(warts_strbuf *sb, const warts_icmpexts *exts)
{
	if (exts->ext == NULL)
		return;
	for (uint16_t i = 0; i < exts->count; i++) {
		const warts_icmpext *ie = &exts->ext[i];
		unsigned n = warts_icmpext_mpls_count(ie);
		if (!warts_icmpext_is_mpls(ie)) {
			sb_su(sb, " icmp-ext class: ", ie->class_num);
			sb_su(sb, ", type: ", ie->class_type);
			sb_su(sb, ", len: ", ie->len);
			if (ie->len > 0 && ie->data != NULL) {
				sb_s(sb, ", data: ");
				sb_hex(sb, ie->data, ie->len);
			}
			sb_c(sb, '\n');
			continue;
		}
		for (unsigned m = 0; m < n; m++) {
			warts_mpls_lse l;
			if (warts_icmpext_mpls(ie, m, &l) != 0)
				break;
			/* "%9s": the first entry is labelled */
			sb_s(sb, m == 0 ? " mpls ext" : "         ");
			sb_su(sb, " ttl: ", l.ttl);
			sb_su(sb, ", s: ", l.s);
			sb_su(sb, ", exp: ", l.exp);
			sb_su(sb, ", label: ", l.label);
			sb_c(sb, '\n');
		}
	}
}

/*
 * Whether the quoted fields of a reply that quotes nothing hold anything
 * unusual.  scamper's files record them only for replies that quote the
 * probe, so a reader has zeros for the rest; warts_trace_hop_add() gives
 * every reply the values a reader assumes for a quoting reply whose file
 * leaves them out (TTL 1, the probe's size).  All of those are usual.
 */
static int quote_unusual(const warts_trace *t, const warts_trace_hop *h)
{
	return h->icmp_q_ttl > 1 || h->icmp_q_tos != 0 ||
	       (h->icmp_q_ipl != 0 && h->icmp_q_ipl != h->probe_size &&
	        h->icmp_q_ipl != t->probe_size);
}

static void quote_dump(warts_strbuf *sb, const warts_trace_hop *h)
{
	sb_su(sb, ", q-ttl: ", h->icmp_q_ttl);
	sb_su(sb, ", q-len: ", h->icmp_q_ipl);
	/* deliberate: scamper has no colon after q-tos */
	sb_su(sb, ", q-tos ", h->icmp_q_tos);
}

/* " icmp-type: ..." for an ICMP reply, and (ours) for any other reply
 * whose ICMP fields are not zero. */
static void icmp_dump(warts_strbuf *sb, const warts_trace *t,
                      const warts_trace_hop *h)
{
	int q = tf_is_icmp_q(h), ptb = tf_is_ptb(h);

	if (!tf_is_icmp(h) && h->icmp_type == 0 && h->icmp_code == 0 &&
	    !quote_unusual(t, h) && h->icmp_nhmtu == 0)
		return;
	sb_su(sb, " icmp-type: ", h->icmp_type);
	sb_su(sb, ", icmp-code: ", h->icmp_code);
	if (q || quote_unusual(t, h))
		quote_dump(sb, h);
	if (ptb || h->icmp_nhmtu != 0)
		sb_su(sb, ", nhmtu: ", h->icmp_nhmtu);
	sb_c(sb, '\n');
}

/* " tcp-flags: ..." for a TCP reply, and (ours) for any other reply
 * whose TCP flags are not zero. */
static void tcp_dump(warts_strbuf *sb, const warts_trace_hop *h)
{
	if (!tf_is_tcp(h) && h->tcp_flags == 0)
		return;
	sb_s(sb, " tcp-flags: 0x");
	hex_pad(sb, h->tcp_flags, 2);
	tcp_flags(sb, h->tcp_flags);
	sb_c(sb, '\n');
}

/*
 * One reply.  tx is the transmit time of the probe it answers (that of
 * the first reply to the same probe), printed relative to the start.
 */
static void hop_dump(warts_strbuf *sb, const warts_trace *t,
                     const warts_trace_hop *h, const warts_tv *tx)
{
	const char *comma = "";

	sb_s(sb, "hop ");
	if (h->probe_ttl < 10)
		sb_c(sb, ' ');
	sb_u(sb, h->probe_ttl);
	sb_s(sb, "  ");
	sb_addr(sb, &h->addr);
	if (h->name != NULL) {
		sb_s(sb, " name ");
		sb_s(sb, h->name);
	}
	sb_c(sb, '\n');

	sb_su(sb, " attempt: ", h->probe_id);
	/* scamper keeps one send time per probe, that of its first reply;
	 * a later reply that records another is shown with its own */
	if (h->tx.sec != 0 && (h->tx.sec != tx->sec || h->tx.usec != tx->usec))
		tx = &h->tx;
	if (tx->sec != 0) {
		/* scamper subtracts timevals of 64-bit fields, prints ints */
		int64_t s = (int64_t)tx->sec - (int64_t)t->start.sec;
		int64_t u = (int64_t)tx->usec - (int64_t)t->start.usec;
		if (u < 0) {
			s--;
			u += 1000000;
		}
		sb_s(sb, ", tx: ");
		sec_usec(sb, (int32_t)(uint32_t)s, (int32_t)(uint32_t)u);
		sb_c(sb, 's');
	}
	sb_s(sb, ", rtt: ");
	sec_usec(sb, (int32_t)(h->rtt / 1000000), (int32_t)(h->rtt % 1000000));
	sb_su(sb, "s, probe-size: ", h->probe_size);
	sb_c(sb, '\n');

	if (h->flags & WARTS_TRACE_HOP_REPLYTTL) {
		sb_su(sb, " reply-ttl: ", h->reply_ttl);
		comma = ",";
	}
	if ((t->flags & WARTS_TRACE_FLAG_RXERR) == 0) {
		sb_s(sb, comma);
		sb_su(sb, " reply-size: ", h->reply_size);
		comma = ",";
		if (tf_v4(h)) {
			sb_s(sb, ", reply-ipid: 0x");
			hex_pad(sb, h->reply_ipid, 4);
		}
	} else if (h->reply_size != 0) {
		/* ours: scamper hides the size of RXERR replies */
		sb_s(sb, comma);
		sb_su(sb, " reply-size: ", h->reply_size);
		comma = ",";
	}
	/* ours: an IP-ID scamper would not show (RXERR, or not IPv4) */
	if (h->reply_ipid != 0 &&
	    ((t->flags & WARTS_TRACE_FLAG_RXERR) != 0 || !tf_v4(h))) {
		sb_s(sb, comma);
		sb_s(sb, " reply-ipid: 0x");
		hex_pad(sb, h->reply_ipid, 4);
		comma = ",";
	}
	sb_s(sb, comma);
	sb_s(sb, " reply-tos: 0x");
	hex_pad(sb, h->reply_tos, 2);
	sb_c(sb, '\n');

	icmp_dump(sb, t, h);
	tcp_dump(sb, h);

	sb_s(sb, " flags: 0x");
	hex_pad(sb, h->flags, 2);
	if (h->flags != 0) {
		sb_s(sb, " (");
		if (h->flags & WARTS_TRACE_HOP_SOCKRXTS)
			sb_s(sb, " sockrxts");
		if (h->flags & WARTS_TRACE_HOP_DLTXTS)
			sb_s(sb, " dltxts");
		if (h->flags & WARTS_TRACE_HOP_DLRXTS)
			sb_s(sb, " dlrxts");
		if (h->flags & WARTS_TRACE_HOP_REPLYTTL)
			sb_s(sb, " replyttl");
		sb_s(sb, " )");
	}
	sb_c(sb, '\n');

	exts_dump(sb, &h->icmpext);
}

/* Replies in file order, each probe's transmit time from its first. */
static void hops_dump(warts_strbuf *sb, const warts_trace *t,
                      const warts_trace_hop *hops, uint16_t n)
{
	warts_tv tx = { 0, 0 };
	if (hops == NULL)
		return;
	for (uint16_t i = 0; i < n; i++) {
		if (i == 0 || !tf_same_probe(&hops[i - 1], &hops[i]))
			tx = hops[i].tx;
		hop_dump(sb, t, &hops[i], &tx);
	}
}

/*
 * The probe size scamper gives a trace when not told otherwise: 40 bytes
 * for TCP over IPv4, 44 for the rest, 60 over IPv6; 0 when there is none.
 */
static unsigned probe_size_default(const warts_trace *t)
{
	int tcp = t->type == WARTS_TRACE_TCP || t->type == WARTS_TRACE_TCP_ACK;

	if (t->dst.type == WARTS_ADDR_IPV4)
		return tcp ? 40 : 44;
	if (t->dst.type == WARTS_ADDR_IPV6)
		return 60;
	return 0;
}

/*
 * An ICMP trace's dport, when the type line does not show it and it is
 * neither scamper's default (33435) nor absent.
 */
static int icmp_dport_unusual(const warts_trace *t)
{
	int shown = t->type == WARTS_TRACE_ICMP_ECHO_PARIS &&
	            (t->flags & WARTS_TRACE_FLAG_ICMPCSUMDP) != 0;

	if (t->type != WARTS_TRACE_ICMP_ECHO &&
	    t->type != WARTS_TRACE_ICMP_ECHO_PARIS)
		return 0;
	return !shown && t->dport != 0 && t->dport != 33435;
}

static void type_dump(warts_strbuf *sb, const warts_trace *t)
{
	sb_s(sb, " type: ");
	switch (t->type) {
	case WARTS_TRACE_ICMP_ECHO:
		sb_su(sb, "icmp, echo id: ", t->sport);
		break;
	case WARTS_TRACE_ICMP_ECHO_PARIS:
		sb_su(sb, "icmp paris, echo id: ", t->sport);
		if (t->flags & WARTS_TRACE_FLAG_ICMPCSUMDP) {
			sb_s(sb, ", csum: 0x");
			hex_pad(sb, t->dport, 4);
		}
		break;
	case WARTS_TRACE_UDP:
		sb_su(sb, "udp, sport: ", t->sport);
		sb_su(sb, ", base dport: ", t->dport);
		break;
	case WARTS_TRACE_UDP_PARIS:
		sb_su(sb, "udp paris, sport: ", t->sport);
		sb_su(sb, ", dport: ", t->dport);
		break;
	case WARTS_TRACE_TCP:
		sb_su(sb, "tcp, sport: ", t->sport);
		sb_su(sb, ", dport: ", t->dport);
		break;
	case WARTS_TRACE_TCP_ACK:
		sb_su(sb, "tcp-ack, sport: ", t->sport);
		sb_su(sb, ", dport: ", t->dport);
		break;
	default:
		sb_u(sb, t->type);
		break;
	}
	if (t->offset != 0)
		sb_su(sb, ", offset ", t->offset);
	/* ours: what the line above leaves out, when unusual */
	if (icmp_dport_unusual(t))
		sb_su(sb, ", dport: ", t->dport);
	if (t->probe_size != 0 && t->probe_size != probe_size_default(t))
		sb_su(sb, ", probe-size: ", t->probe_size);
	sb_c(sb, '\n');
}

static void dtree_dump(warts_strbuf *sb, const warts_trace_dtree *d)
{
	sb_su(sb, " doubletree firsthop: ", d->firsthop);
	if (d->lss_name != NULL) {
		sb_s(sb, ", lss-name: ");
		sb_s(sb, d->lss_name);
	}
	if (warts_addr_isset(&d->lss_stop)) {
		sb_s(sb, ", lss-stop: ");
		sb_addr(sb, &d->lss_stop);
	}
	if (warts_addr_isset(&d->gss_stop)) {
		sb_s(sb, ", gss-stop: ");
		sb_addr(sb, &d->gss_stop);
	}
	if (d->flags != 0) {
		/* ours: scamper does not print the Doubletree flags */
		sb_s(sb, ", flags: 0x");
		hex_pad(sb, d->flags, 2);
	}
	sb_c(sb, '\n');
}

static void params_dump(warts_strbuf *sb, const warts_trace *t)
{
	sb_su(sb, " attempts: ", t->attempts);
	sb_su(sb, ", hoplimit: ", t->hoplimit);
	sb_su(sb, ", loops: ", t->loops);
	if (t->loopaction != 0)
		sb_su(sb, ", loopaction: ", t->loopaction);
	sb_su(sb, ", probec: ", t->probec);
	sb_su(sb, ", hopcount: ", t->hop_count);
	if (t->stop_hop != 0)
		sb_su(sb, ", stophop: ", t->stop_hop);
	sb_c(sb, '\n');

	sb_su(sb, " squeries: ", t->squeries);
	sb_su(sb, ", firsthop: ", tf_firsthop(t));
	sb_su(sb, ", gaplimit: ", t->gaplimit);
	sb_s(sb, ", gapaction: ");
	if (t->gapaction == WARTS_TRACE_GAPACTION_STOP)
		sb_s(sb, "stop");
	else if (t->gapaction == WARTS_TRACE_GAPACTION_LASTDITCH)
		sb_s(sb, "lastditch");
	else
		sb_u(sb, t->gapaction);
	sb_c(sb, '\n');

	/* the file keeps whole seconds and centiseconds */
	dump_wait(sb, " wait-timeout", t->wait, 0);
	if (t->wait_probe != 0)
		dump_wait(sb, ", wait-probe", t->wait_probe / 100u,
		          (t->wait_probe % 100u) * 10000u);
	if (t->confidence != 0)
		sb_f(sb, ", confidence: %u%%", t->confidence);
	sb_s(sb, ", tos: 0x");
	hex_pad(sb, t->tos, 1);
	sb_c(sb, '\n');

	if (t->flags != 0) {
		sb_s(sb, " flags: 0x");
		hex_pad(sb, t->flags, 8);
		sb_s(sb, " (");
		for (uint32_t bit = 0; bit < 32; bit++) {
			uint32_t f = (uint32_t)1 << bit;
			if ((t->flags & f) == 0)
				continue;
			sb_c(sb, ' ');
			if (bit < NELEM(flag_names))
				sb_s(sb, flag_names[bit]);
			else
				sb_f(sb, "0x%08x", f);
		}
		sb_s(sb, " )\n");
	}

	sb_s(sb, " stop reason: ");
	if (t->stop_reason < NELEM(stop_names))
		sb_s(sb, stop_names[t->stop_reason]);
	else
		sb_u(sb, t->stop_reason);
	switch (t->stop_reason) {
	case WARTS_TRACE_STOP_UNREACH:
		sb_c(sb, ' ');
		unreach_name(sb, &t->dst, t->stop_data);
		break;
	case WARTS_TRACE_STOP_ICMP:
	case WARTS_TRACE_STOP_ERROR:
		sb_su(sb, " ", t->stop_data);
		break;
	default:
		/* ours: scamper's other reasons carry no data */
		if (t->stop_data != 0)
			sb_su(sb, ", stop-data: ", t->stop_data);
		break;
	}
	sb_c(sb, '\n');
	if (t->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, t->errmsg);
		sb_c(sb, '\n');
	}
}

static void note_dump(warts_strbuf *sb, const warts_trace_pmtud *p,
                      unsigned i)
{
	const warts_trace_pmtud_note *n = &p->notes[i];
	const warts_trace_hop *r = tf_note_reply(p, n);

	sb_su(sb, " note ", i);
	sb_su(sb, ": nhmtu ", n->nhmtu);
	sb_s(sb, ", ");
	switch (n->type) {
	case WARTS_TRACE_PMTUD_NOTE_PTB:
		sb_s(sb, "ptb ");
		if (r != NULL)
			sb_addr(sb, &r->addr);
		break;
	case WARTS_TRACE_PMTUD_NOTE_PTB_BAD:
		if (r != NULL) {
			sb_s(sb, "ptb-bad ");
			sb_addr(sb, &r->addr);
			sb_su(sb, " mtu ", r->icmp_nhmtu);
		}
		break;
	case WARTS_TRACE_PMTUD_NOTE_SILENCE:
		sb_su(sb, "silence > ttl ", r != NULL ? r->probe_ttl : 0);
		break;
	default:
		sb_su(sb, "type-", n->type);
		break;
	}
	sb_c(sb, '\n');
}

static void pmtud_dump(warts_strbuf *sb, const warts_trace *t)
{
	const warts_trace_pmtud *p = t->pmtud;
	unsigned notec = p->notes != NULL ? p->notec : 0;

	sb_su(sb, "pmtud: ver ", p->ver);
	sb_su(sb, " ifmtu ", p->ifmtu);
	sb_su(sb, ", outmtu ", p->outmtu);
	sb_su(sb, ", pmtu ", p->pmtu);
	/* deliberate: scamper prints a non-zero outmtu a second time */
	if (p->outmtu != 0)
		sb_su(sb, ", outmtu ", p->outmtu);
	if (p->notec != 0)
		sb_su(sb, ", notec ", p->notec);
	sb_c(sb, '\n');
	for (unsigned i = 0; i < notec; i++)
		note_dump(sb, p, i);
	hops_dump(sb, t, p->hops, p->hopc);
}

int trace_dump(warts_strbuf *sb, const void *obj)
{
	const warts_trace *t = obj;
	struct tf_hops v;
	warts_tv tx = { 0, 0 };

	if (tf_hops_init(&v, t->hops, t->hopc) != 0) {
		sb->oom = 1;
		return 1;
	}

	sb_s(sb, "traceroute ");
	if (warts_addr_isset(&t->src)) {
		sb_s(sb, "from ");
		sb_addr(sb, &t->src);
		sb_c(sb, ' ');
	}
	sb_s(sb, "to ");
	sb_addr(sb, &t->dst);
	sb_c(sb, '\n');

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
	sb_c(sb, '\n');
	if (warts_addr_isset(&t->rtr)) {
		sb_s(sb, " rtr: ");
		sb_addr(sb, &t->rtr);
		sb_c(sb, '\n');
	}
	dump_time(sb, "start", &t->start);
	type_dump(sb, t);
	if (t->dtree != NULL)
		dtree_dump(sb, t->dtree);
	params_dump(sb, t);

	for (uint32_t pos = 0; pos < v.n; pos++) {
		const warts_trace_hop *h = tf_hop(&v, pos);
		if (!tf_hops_same_probe(&v, pos))
			tx = h->tx;
		hop_dump(sb, t, h, &tx);
	}
	if (t->lastditch != NULL)
		hops_dump(sb, t, t->lastditch->hops, t->lastditch->hopc);
	if (t->pmtud != NULL)
		pmtud_dump(sb, t);
	sb_c(sb, '\n');

	tf_hops_fini(&v);
	return 1;
}
