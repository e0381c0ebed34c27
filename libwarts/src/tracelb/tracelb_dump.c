/*
 * tracelb_dump.c: an MDA traceroute as sc_wartsdump prints it.
 *
 * The parameters, then each node with the links that leave it (in file
 * order), each link with every probe of every hop, each probe with its
 * replies, and an empty line.  Numbers that scamper prints with %d are
 * printed signed here too, so values above 2^31 read negative in both.
 *
 * scamper's dump leaves some fields out.  We print each of them too, but
 * only when it holds something other than what scamper's own files hold
 * for it (its default, or the zero of a field the file leaves out), so a
 * dump of an ordinary file is scamper's byte for byte while an unusual
 * value still shows: the gap limit, an ICMP trace's dport, flags scamper
 * has no name for, a node's quoted TTL without its flag, and in a reply
 * the fields its kind does not use (a TCP reply's ICMP fields, the quoted
 * fields of a reply that quotes nothing, ...), an IPv6 reply's IP-ID and
 * extensions that are not MPLS.
 */
#include "tracelb_fmt.h"

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

/* Six digits of a value known to be in 0..999999. */
static void sec_usec_frac(warts_strbuf *sb, int32_t usec)
{
	char tmp[6];
	for (int i = 5; i >= 0; i--) {
		tmp[i] = (char)('0' + usec % 10);
		usec /= 10;
	}
	sb_mem(sb, tmp, 6);
}

/* "%d.%06d" of a seconds, microseconds pair. */
static void sec_usec(warts_strbuf *sb, int32_t sec, int32_t usec)
{
	if (usec >= 0 && usec < 1000000) {
		sb_i(sb, sec);
		sb_c(sb, '.');
		sec_usec_frac(sb, usec);
	} else {
		sb_f(sb, "%d.%06d", sec, usec);
	}
}

/* "%06d" of an int. */
static void usec6(warts_strbuf *sb, int32_t v)
{
	if (v >= 0 && v < 1000000)
		sec_usec_frac(sb, v);
	else
		sb_f(sb, "%06d", v);
}

/* A wait as seconds, the fraction without trailing zeros: "0.25s". */
static void dump_wait(warts_strbuf *sb, const char *label, uint32_t sec,
                      uint32_t usec)
{
	sb_s(sb, label);
	sb_su(sb, ": ", sec);
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
		unsigned n;
		if (!warts_icmpext_is_mpls(ie)) {
			sb_su(sb, "     icmp-ext class: ", ie->class_num);
			sb_su(sb, ", type: ", ie->class_type);
			sb_su(sb, ", len: ", ie->len);
			if (ie->len > 0 && ie->data != NULL) {
				sb_s(sb, ", data: ");
				sb_hex(sb, ie->data, ie->len);
			}
			sb_c(sb, '\n');
			continue;
		}
		n = warts_icmpext_mpls_count(ie);
		for (unsigned m = 0; m < n; m++) {
			warts_mpls_lse l;
			if (warts_icmpext_mpls(ie, m, &l) != 0)
				break;
			/* "%9s" of a 15-character label, or of "" */
			sb_s(sb, m == 0 ? "     icmp-ext mpls" : "            ");
			sb_su(sb, ": label ", l.label);
			sb_su(sb, " exp ", l.exp);
			sb_su(sb, " s ", l.s);
			sb_su(sb, " ttl ", l.ttl);
			sb_c(sb, '\n');
		}
	}
}

static void tcp_line(warts_strbuf *sb, uint8_t f)
{
	sb_s(sb, "     tcp flags 0x");
	hex_pad(sb, f, 2);
	tcp_flags(sb, f);
	sb_c(sb, '\n');
}

/* "     icmp: type/code" and the quoted fields, when q. */
static void icmp_line(warts_strbuf *sb, const warts_tracelb_reply *r, int q)
{
	sb_su(sb, "     icmp: ", r->icmp_type);
	sb_su(sb, "/", r->icmp_code);
	if (q) {
		sb_s(sb, ", q-tos: 0x");
		hex_pad(sb, r->icmp_q_tos, 2);
		sb_su(sb, ", q-ttl: ", r->icmp_q_ttl);
	}
	sb_c(sb, '\n');
}

static void reply_dump(warts_strbuf *sb, const warts_tracelb_probe *p,
                       const warts_tracelb_reply *r)
{
	/* the difference of two timevals, normalised once as scamper does */
	int64_t s = (int64_t)r->rx.sec - (int64_t)p->tx.sec;
	int64_t u = (int64_t)r->rx.usec - (int64_t)p->tx.usec;
	int quoted = r->icmp_q_tos != 0 || r->icmp_q_ttl != 0;
	if (u < 0) {
		s--;
		u += 1000000;
	}

	sb_s(sb, "   reply from: ");
	if (warts_addr_isset(&r->from))
		sb_addr(sb, &r->from);
	else
		sb_s(sb, "<null>");
	sb_s(sb, ", rtt: ");
	sec_usec(sb, (int32_t)(uint32_t)s, (int32_t)(uint32_t)u);
	sb_su(sb, ", ttl: ", r->ttl);
	/* ours: an IP-ID scamper shows only for IPv4, and flags it has no
	 * name for */
	if (tl_v4(r) || r->ipid != 0) {
		sb_s(sb, ", ipid: 0x");
		hex_pad(sb, r->ipid, 4);
	}
	if (r->flags & ~(WARTS_TRACELB_REPLY_TTL | WARTS_TRACELB_REPLY_TCP)) {
		sb_s(sb, ", flags: 0x");
		hex_pad(sb, r->flags, 2);
	}
	sb_c(sb, '\n');

	if (warts_tracelb_reply_is_tcp(r)) {
		tcp_line(sb, r->tcp_flags);
		/* ours: ICMP fields of a TCP reply */
		if (r->icmp_type != 0 || r->icmp_code != 0 || quoted)
			icmp_line(sb, r, quoted);
		exts_dump(sb, &r->icmpext);
		return;
	}
	icmp_line(sb, r, tl_is_icmp_q(r) || quoted);
	/* ours: TCP flags of an ICMP reply */
	if (r->tcp_flags != 0)
		tcp_line(sb, r->tcp_flags);
	exts_dump(sb, &r->icmpext);
}

static void probe_dump(warts_strbuf *sb, const warts_tracelb_probe *p)
{
	unsigned rxc = tl_rxc(p);

	sb_su(sb, "  probe flowid: ", p->flowid);
	sb_su(sb, ", ttl: ", p->ttl);
	sb_su(sb, ", attempt: ", p->attempt);
	sb_s(sb, ", tx: ");
	sec_usec(sb, (int32_t)p->tx.sec, (int32_t)p->tx.usec);
	sb_c(sb, '\n');
	for (unsigned k = 0; k < rxc; k++)
		reply_dump(sb, p, &p->rxs[k]);
}

static void link_dump(warts_strbuf *sb, const warts_tracelb *t,
                      const warts_tracelb_node *from,
                      const warts_tracelb_link *l)
{
	const warts_tracelb_node *to = tl_to(t, l);

	sb_s(sb, " link ");
	tl_node_addr(sb, from);
	sb_s(sb, " -> ");
	if (to == NULL)
		sb_c(sb, '*');
	else if (warts_addr_isset(&to->addr))
		sb_addr(sb, &to->addr);
	else
		sb_s(sb, "<null>");
	sb_su(sb, " hopc ", l->hopc);
	sb_c(sb, '\n');
	for (unsigned k = 0; k < l->hopc; k++) {
		const warts_tracelb_probeset *set = tl_set(l, k);
		unsigned probec = tl_probec(set);
		for (unsigned j = 0; j < probec; j++)
			probe_dump(sb, &set->probes[j]);
	}
}

static void type_dump(warts_strbuf *sb, const warts_tracelb *t)
{
	static const char *const names[] = {
		NULL, "udp-dport", "icmp-echo", "udp-sport", "tcp-sport",
		"tcp-ack-sport",
	};

	sb_s(sb, " type: ");
	switch (t->type) {
	case WARTS_TRACELB_ICMP_ECHO:
		sb_su(sb, "icmp-echo id: ", t->sport);
		break;
	case WARTS_TRACELB_UDP_DPORT:
	case WARTS_TRACELB_UDP_SPORT:
	case WARTS_TRACELB_TCP_SPORT:
	case WARTS_TRACELB_TCP_ACK_SPORT:
		sb_s(sb, names[t->type]);
		sb_su(sb, " ", t->sport);
		sb_su(sb, ":", t->dport);
		break;
	default:
		sb_u(sb, t->type);
		break;
	}
	/* ours: an ICMP trace's dport, neither scamper's 33435 nor absent */
	if (t->type == WARTS_TRACELB_ICMP_ECHO && t->dport != 0 &&
	    t->dport != 33435)
		sb_su(sb, ", dport: ", t->dport);
	sb_s(sb, ", tos: 0x");
	hex_pad(sb, t->tos, 2);
	sb_c(sb, '\n');
}

static void header_dump(warts_strbuf *sb, const warts_tracelb *t)
{
	sb_s(sb, "tracelb");
	if (warts_addr_isset(&t->src)) {
		sb_s(sb, " from ");
		sb_addr(sb, &t->src);
	}
	sb_s(sb, " to ");
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
	sb_s(sb, " start: ");
	sb_ctime(sb, t->start.sec);
	sb_c(sb, ' ');
	usec6(sb, (int32_t)t->start.usec);
	sb_c(sb, '\n');
	type_dump(sb, t);

	sb_su(sb, " firsthop: ", t->firsthop);
	sb_su(sb, ", attempts: ", t->attempts);
	sb_su(sb, ", confidence: ", t->confidence);
	/* ours: a gap limit other than scamper's 3 (or none recorded) */
	if (t->gaplimit != 0 && t->gaplimit != 3)
		sb_su(sb, ", gaplimit: ", t->gaplimit);
	sb_c(sb, '\n');
	sb_su(sb, " probe-size: ", t->probe_size);
	/* the file keeps centiseconds and whole seconds */
	dump_wait(sb, ", wait-probe", t->wait_probe / 100u,
	          (t->wait_probe % 100u) * 10000u);
	dump_wait(sb, ", wait-timeout", t->wait_timeout, 0);
	sb_c(sb, '\n');
	sb_su(sb, " nodec: ", t->nodec);
	sb_su(sb, ", linkc: ", t->linkc);
	sb_s(sb, ", probec: ");
	sb_i(sb, (int32_t)t->probec);
	sb_s(sb, ", probec_max: ");
	sb_i(sb, (int32_t)t->probec_max);
	sb_c(sb, '\n');
	/* scamper names bit 0 only, and leaves the others out: ours */
	if (t->flags != 0) {
		sb_s(sb, " flags:");
		if (t->flags & WARTS_TRACELB_FLAG_PTR)
			sb_s(sb, " ptr");
		if (t->flags & ~WARTS_TRACELB_FLAG_PTR) {
			sb_s(sb, (t->flags & WARTS_TRACELB_FLAG_PTR) ?
			     ", 0x" : " 0x");
			hex_pad(sb, t->flags & ~WARTS_TRACELB_FLAG_PTR, 2);
		}
		sb_c(sb, '\n');
	}
	if (t->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, t->errmsg);
		sb_c(sb, '\n');
	}
}

static void node_dump(warts_strbuf *sb, const warts_tracelb *t,
                      const struct tl_links *g, unsigned i)
{
	const warts_tracelb_node *n = &t->nodes[i];
	unsigned linkc = tl_node_linkc(g, i);

	sb_su(sb, "node ", i);
	sb_c(sb, ' ');
	tl_node_addr(sb, n);
	/* ours: a quoted TTL without its flag, and flags scamper has no
	 * name for */
	if ((n->flags & WARTS_TRACELB_NODE_QTTL) || n->q_ttl != 0)
		sb_su(sb, ", q-ttl ", n->q_ttl);
	if (n->flags & ~WARTS_TRACELB_NODE_QTTL) {
		sb_s(sb, ", flags 0x");
		hex_pad(sb, n->flags, 2);
	}
	if (n->name != NULL) {
		sb_s(sb, ", name ");
		sb_s(sb, n->name);
	}
	sb_c(sb, '\n');
	for (unsigned j = 0; j < linkc; j++)
		link_dump(sb, t, n, tl_node_link(t, g, i, j));
}

int tracelb_dump(warts_strbuf *sb, const void *obj)
{
	const warts_tracelb *t = obj;
	struct tl_links g;
	unsigned nodec = tl_nodec(t);

	if (tl_links_init(&g, t) != 0) {
		sb->oom = 1;
		return 1;
	}
	header_dump(sb, t);
	for (unsigned i = 0; i < nodec; i++)
		node_dump(sb, t, &g, i);
	sb_c(sb, '\n');
	tl_links_fini(&g);
	return 1;
}
