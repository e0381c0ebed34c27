/*
 * tracelb_json.c: an MDA traceroute as one line of sc_warts2json output.
 *
 * Key names, their order and spacing follow scamper 20260420: a space
 * after the comma between keys, except before "errmsg", "monitor" and
 * "icmpext" and inside the ICMP extensions, and none between the
 * elements of an array, except between the entries of a summary.  Each
 * node that has links is printed with them:
 *
 *  - a node with several links lists, for each link, the far node's
 *    address and the probes of the link's first hop;
 *  - a node with one link lists one array per hop of the link: for the
 *    hops before the last, the probe set's summary (each replying
 *    address with the probes it answered, then {"addr":"*"} when some
 *    flow went unanswered); for the last hop, the far node's address
 *    with the probes of that hop, or {"addr":"*"} for a dead end.
 *
 * Under an address, a probe shows only the replies from that address.
 *
 * Where scamper cannot print an object at all, we print what the data
 * allow instead: a link without hops under a node with one link has no
 * summaries and an empty probe list (scamper fails the whole file); a
 * dead end under a node with several links, and a far node without an
 * address anywhere, match no reply, the latter printed as "*" (scamper
 * dereferences a null pointer in both cases).
 * Strings are escaped with sb_json and never cut short.
 *
 * That view cannot be turned back into nodes and links exactly (a probe
 * shows only the replies from one address, a node with several links
 * only their first hops), so with WARTS_JSON_ALLFIELDS the tracelb ends
 * with a "warts" object (see sb_warts_open) that holds the record as
 * stored, for sc_json2warts:
 *   flags                 the tracelb's flags
 *   sport, dport          when the method does not show them
 *   nodes: [{flags, q_ttl, addr, name}]   every node, in file order
 *   links: [{from, to, sets: [{probes: [{tx, flowid, ttl, attempt,
 *           replies: [{from, rx, ipid, ttl, flags, icmp_type, icmp_code,
 *                      icmp_q_ttl, icmp_q_tos | tcp_flags, icmpext}]}]}]}]
 * with to -1 for a dead end, and the bytes of an ICMP extension its keys
 * do not spell out in its own "warts":{"data":hex}.
 */
#include "tracelb_fmt.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const method_names[] = {
	NULL, "udp-dport", "icmp-echo", "udp-sport", "tcp-sport",
	"tcp-ack-sport",
};

static int is_udp_or_tcp(const warts_tracelb *t)
{
	return t->type == WARTS_TRACELB_UDP_DPORT ||
	       t->type == WARTS_TRACELB_UDP_SPORT ||
	       t->type == WARTS_TRACELB_TCP_SPORT ||
	       t->type == WARTS_TRACELB_TCP_ACK_SPORT;
}

static void addr_key(warts_strbuf *sb, const char *lit, const warts_addr *a)
{
	if (!warts_addr_isset(a))
		return;
	sb_s(sb, lit);
	sb_addr(sb, a);
	sb_c(sb, '"');
}

static void header_json(warts_strbuf *sb, const warts_tracelb *t)
{
	sb_su(sb, "{\"type\":\"tracelb\", \"version\":\"0.1\", \"userid\":",
	      t->userid);
	sb_s(sb, ", \"method\":\"");
	if (t->type != 0 && t->type < NELEM(method_names))
		sb_s(sb, method_names[t->type]);
	else
		sb_u(sb, t->type);
	sb_c(sb, '"');
	addr_key(sb, ", \"src\":\"", &t->src);
	addr_key(sb, ", \"dst\":\"", &t->dst);
	addr_key(sb, ", \"rtr\":\"", &t->rtr);
	if (is_udp_or_tcp(t)) {
		sb_su(sb, ", \"sport\":", t->sport);
		sb_su(sb, ", \"dport\":", t->dport);
	}
	sb_su(sb, ", \"start\":{\"sec\":", t->start.sec);
	sb_su(sb, ", \"usec\":", t->start.usec);
	sb_s(sb, ", \"ftime\":\"");
	sb_ftime(sb, t->start.sec);
	sb_su(sb, "\"}, \"probe_size\":", t->probe_size);
	sb_su(sb, ", \"firsthop\":", t->firsthop);
	sb_su(sb, ", \"attempts\":", t->attempts);
	sb_su(sb, ", \"confidence\":", t->confidence);
	sb_su(sb, ", \"tos\":", t->tos);
	sb_su(sb, ", \"gaplimit\":", t->gaplimit);
	sb_su(sb, ", \"wait_timeout\":", t->wait_timeout);
	/* the file keeps centiseconds, which is what scamper prints */
	sb_su(sb, ", \"wait_probe\":", t->wait_probe);
	sb_su(sb, ", \"probec\":", t->probec);
	sb_su(sb, ", \"probec_max\":", t->probec_max);
	sb_su(sb, ", \"nodec\":", t->nodec);
	sb_su(sb, ", \"linkc\":", t->linkc);
	/* deliberate: scamper puts no space before these two keys */
	if (t->errmsg != NULL)
		sb_sj(sb, ",\"errmsg\":", t->errmsg);
	if (t->list != NULL && t->list->monitor != NULL)
		sb_sj(sb, ",\"monitor\":", t->list->monitor);
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
		if (i > 0)
			sb_c(sb, ',');
		sb_su(sb, "{\"ie_cn\":", ie->class_num);
		sb_su(sb, ",\"ie_ct\":", ie->class_type);
		sb_su(sb, ",\"ie_dl\":", ie->len);
		if (warts_icmpext_is_mpls(ie)) {
			unsigned n = warts_icmpext_mpls_count(ie);
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

static void reply_json(warts_strbuf *sb, const warts_tracelb_probe *p,
                       const warts_tracelb_reply *r)
{
	sb_su(sb, "{\"rx\":{\"sec\":", r->rx.sec);
	sb_su(sb, ", \"usec\":", r->rx.usec);
	sb_su(sb, "}, \"ttl\":", r->ttl);
	sb_s(sb, ", \"rtt\":");
	/* scamper keeps the microseconds in 32 bits: a wrap shows */
	sb_rtt(sb, (uint32_t)tl_rtt_us(p, r));
	if (tl_v4(r))
		sb_su(sb, ", \"ipid\":", r->ipid);
	if (warts_tracelb_reply_is_tcp(r)) {
		sb_su(sb, ", \"tcp_flags\":", r->tcp_flags);
	} else {
		sb_su(sb, ", \"icmp_type\":", r->icmp_type);
		sb_su(sb, ", \"icmp_code\":", r->icmp_code);
		sb_su(sb, ", \"icmp_q_tos\":", r->icmp_q_tos);
		if (tl_is_icmp_q(r))
			sb_su(sb, ", \"icmp_q_ttl\":", r->icmp_q_ttl);
	}
	if (r->icmpext.count > 0 && r->icmpext.ext != NULL)
		icmpext_json(sb, &r->icmpext, 0);
	sb_c(sb, '}');
}

/* A probe, with only the replies from addr (none when addr is NULL). */
static void probe_json(warts_strbuf *sb, const warts_tracelb_probe *p,
                       const warts_addr *addr)
{
	unsigned rxc = tl_rxc(p), n = 0, k;

	for (k = 0; k < rxc; k++)
		if (tl_addr_eq(addr, &p->rxs[k].from))
			n++;
	sb_su(sb, "{\"tx\":{\"sec\":", p->tx.sec);
	sb_su(sb, ", \"usec\":", p->tx.usec);
	/* scamper counts the replies in 16 bits */
	sb_su(sb, "}, \"replyc\":", (uint16_t)n);
	sb_su(sb, ", \"ttl\":", p->ttl);
	sb_su(sb, ", \"attempt\":", p->attempt);
	sb_su(sb, ", \"flowid\":", p->flowid);
	if (n > 0) {
		unsigned j = 0;
		sb_s(sb, ", \"replies\":[");
		for (k = 0; k < rxc; k++) {
			if (!tl_addr_eq(addr, &p->rxs[k].from))
				continue;
			if (j++ > 0)
				sb_c(sb, ',');
			reply_json(sb, p, &p->rxs[k]);
		}
		sb_c(sb, ']');
	}
	sb_c(sb, '}');
}

/* Every probe of a set, each with its replies from addr. */
static void probes_json(warts_strbuf *sb, const warts_tracelb_probeset *set,
                        const warts_addr *addr)
{
	unsigned probec = tl_probec(set);
	for (unsigned k = 0; k < probec; k++) {
		if (k > 0)
			sb_c(sb, ',');
		probe_json(sb, &set->probes[k], addr);
	}
}

static int answered_by(const warts_tracelb_probe *p, const warts_addr *a)
{
	unsigned rxc = tl_rxc(p);
	for (unsigned k = 0; k < rxc; k++)
		if (tl_addr_eq(a, &p->rxs[k].from))
			return 1;
	return 0;
}

/* A probe set's summary: each replier with the probes it answered. */
static int summary_json(warts_strbuf *sb, const warts_tracelb_probeset *set)
{
	struct tl_sum sum;
	unsigned probec = tl_probec(set);

	if (tl_sum_init(&sum, set) != 0)
		return -1;
	if (sum.nullc > 0 && sum.addrc == 0) {
		sb_s(sb, "{\"addr\":\"*\"}");
		tl_sum_fini(&sum);
		return 0;
	}
	for (unsigned i = 0; i < sum.addrc; i++) {
		const warts_addr *a = sum.addrs[i];
		unsigned n = 0;
		sb_s(sb, i > 0 ? ", {\"addr\":\"" : "{\"addr\":\"");
		sb_addr(sb, a);
		sb_s(sb, "\", \"probes\":[");
		for (unsigned k = 0; k < probec; k++) {
			if (!answered_by(&set->probes[k], a))
				continue;
			if (n++ > 0)
				sb_c(sb, ',');
			probe_json(sb, &set->probes[k], a);
		}
		sb_s(sb, "]}");
	}
	if (sum.nullc > 0)
		sb_s(sb, ", {\"addr\":\"*\"}");
	tl_sum_fini(&sum);
	return 0;
}

/* The links of a node with several: far address and first-hop probes. */
static void fanout_json(warts_strbuf *sb, const warts_tracelb *t,
                        const struct tl_links *g, unsigned i)
{
	unsigned linkc = tl_node_linkc(g, i);

	sb_c(sb, '[');
	for (unsigned j = 0; j < linkc; j++) {
		const warts_tracelb_link *l = tl_node_link(t, g, i, j);
		const warts_addr *to = tl_to_addr(t, l);
		if (j > 0)
			sb_c(sb, ',');
		sb_c(sb, '{');
		if (to != NULL) {
			sb_s(sb, "\"addr\":\"");
			sb_addr(sb, to);
			sb_s(sb, "\", ");
		}
		sb_s(sb, "\"probes\":[");
		probes_json(sb, tl_set(l, 0), to);
		sb_s(sb, "]}");
	}
	sb_c(sb, ']');
}

/* The one link of a node: a summary per hop, then the far end. */
static int chain_json(warts_strbuf *sb, const warts_tracelb *t,
                      const warts_tracelb_link *l)
{
	const warts_tracelb_node *to = tl_to(t, l);
	unsigned last = l->hopc > 0 ? l->hopc - 1u : 0;

	for (unsigned j = 0; j < last; j++) {
		sb_s(sb, j > 0 ? ",[" : "[");
		if (summary_json(sb, tl_set(l, j)) != 0)
			return -1;
		sb_c(sb, ']');
	}
	if (l->hopc > 1)
		sb_c(sb, ',');
	if (to == NULL) {
		sb_s(sb, "[{\"addr\":\"*\"}]");
		return 0;
	}
	sb_s(sb, "[{\"addr\":\"");
	tl_node_addr(sb, to);
	sb_s(sb, "\", \"probes\":[");
	if (l->hopc > 0)
		probes_json(sb, tl_set(l, last), tl_to_addr(t, l));
	sb_s(sb, "]}]");
	return 0;
}

static int node_json(warts_strbuf *sb, const warts_tracelb *t,
                     const struct tl_links *g, unsigned i)
{
	const warts_tracelb_node *n = &t->nodes[i];
	unsigned linkc = tl_node_linkc(g, i);

	sb_s(sb, "{\"addr\":\"");
	tl_node_addr(sb, n);
	sb_c(sb, '"');
	if (n->name != NULL)
		sb_sj(sb, ", \"name\":", n->name);
	if (n->flags & WARTS_TRACELB_NODE_QTTL)
		sb_su(sb, ", \"q_ttl\":", n->q_ttl);
	sb_su(sb, ", \"linkc\":", linkc);
	sb_s(sb, ", \"links\":[");
	if (linkc > 1)
		fanout_json(sb, t, g, i);
	else if (chain_json(sb, t, tl_node_link(t, g, i, 0)) != 0)
		return -1;
	sb_s(sb, "]}");
	return 0;
}

/* ---- all fields -------------------------------------------------------- */

static void raw_reply(warts_strbuf *sb, const warts_tracelb_reply *r)
{
	sb_s(sb, "{\"from\":\"");
	sb_addr(sb, &r->from);
	sb_su(sb, "\",\"rx\":{\"sec\":", r->rx.sec);
	sb_su(sb, ",\"usec\":", r->rx.usec);
	sb_su(sb, "},\"ipid\":", r->ipid);
	sb_su(sb, ",\"ttl\":", r->ttl);
	sb_su(sb, ",\"flags\":", r->flags);
	if (warts_tracelb_reply_is_tcp(r)) {
		sb_su(sb, ",\"tcp_flags\":", r->tcp_flags);
	} else {
		sb_su(sb, ",\"icmp_type\":", r->icmp_type);
		sb_su(sb, ",\"icmp_code\":", r->icmp_code);
		sb_su(sb, ",\"icmp_q_ttl\":", r->icmp_q_ttl);
		sb_su(sb, ",\"icmp_q_tos\":", r->icmp_q_tos);
		if (r->icmpext.count > 0 && r->icmpext.ext != NULL)
			icmpext_json(sb, &r->icmpext, 1);
	}
	sb_c(sb, '}');
}

static void raw_probe(warts_strbuf *sb, const warts_tracelb_probe *p)
{
	unsigned rxc = tl_rxc(p);

	sb_su(sb, "{\"tx\":{\"sec\":", p->tx.sec);
	sb_su(sb, ",\"usec\":", p->tx.usec);
	sb_su(sb, "},\"flowid\":", p->flowid);
	sb_su(sb, ",\"ttl\":", p->ttl);
	sb_su(sb, ",\"attempt\":", p->attempt);
	sb_s(sb, ",\"replies\":[");
	for (unsigned k = 0; k < rxc; k++) {
		if (k > 0)
			sb_c(sb, ',');
		raw_reply(sb, &p->rxs[k]);
	}
	sb_s(sb, "]}");
}

static void raw_link(warts_strbuf *sb, const warts_tracelb_link *l)
{
	sb_su(sb, "{\"from\":", l->from);
	sb_s(sb, ",\"to\":");
	sb_i(sb, l->to);
	sb_s(sb, ",\"sets\":[");
	for (unsigned s = 0; l->sets != NULL && s < l->hopc; s++) {
		const warts_tracelb_probeset *set = &l->sets[s];
		unsigned probec = tl_probec(set);
		sb_s(sb, s > 0 ? ",{\"probes\":[" : "{\"probes\":[");
		for (unsigned k = 0; k < probec; k++) {
			if (k > 0)
				sb_c(sb, ',');
			raw_probe(sb, &set->probes[k]);
		}
		sb_s(sb, "]}");
	}
	sb_s(sb, "]}");
}

static void tracelb_warts(warts_strbuf *sb, const warts_tracelb *t)
{
	unsigned nodec = tl_nodec(t), linkc = tl_linkc(t);

	sb_warts_open(sb, t->list, t->cycle);
	sb_su(sb, ",\"flags\":", t->flags);
	if (!is_udp_or_tcp(t)) {
		sb_su(sb, ",\"sport\":", t->sport);
		sb_su(sb, ",\"dport\":", t->dport);
	}
	sb_s(sb, ",\"nodes\":[");
	for (unsigned i = 0; i < nodec; i++) {
		const warts_tracelb_node *n = &t->nodes[i];
		sb_su(sb, i > 0 ? ",{\"flags\":" : "{\"flags\":", n->flags);
		sb_su(sb, ",\"q_ttl\":", n->q_ttl);
		addr_key(sb, ",\"addr\":\"", &n->addr);
		if (n->name != NULL)
			sb_sj(sb, ",\"name\":", n->name);
		sb_c(sb, '}');
	}
	sb_s(sb, "],\"links\":[");
	for (unsigned i = 0; i < linkc; i++) {
		if (i > 0)
			sb_c(sb, ',');
		raw_link(sb, &t->links[i]);
	}
	sb_s(sb, "]}");
}

/* ---- the tracelb -------------------------------------------------------- */

int tracelb_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_tracelb *t = obj;
	struct tl_links g;
	unsigned nodec = tl_nodec(t), printed = 0;

	if (tl_links_init(&g, t) != 0) {
		sb->oom = 1;
		return 1;
	}
	header_json(sb, t);
	for (unsigned i = 0; i < nodec; i++) {
		/* nodes no link leaves (the last hop) are not printed */
		if (tl_node_linkc(&g, i) == 0)
			continue;
		sb_s(sb, printed++ > 0 ? "," : ", \"nodes\":[");
		if (node_json(sb, t, &g, i) != 0) {
			sb->oom = 1;
			break;
		}
	}
	if (printed > 0)
		sb_c(sb, ']');
	if (flags & WARTS_JSON_ALLFIELDS)
		tracelb_warts(sb, t);
	sb_s(sb, "}\n");
	tl_links_fini(&g);
	return 1;
}
