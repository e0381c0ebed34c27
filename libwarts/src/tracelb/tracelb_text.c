/*
 * tracelb_text.c: an MDA traceroute as sc_warts2text prints it.
 *
 * A header line, then for each node that has links, in file order:
 *
 *  - a node with several links: one line per link, "from -> to" (a dead
 *    end is "from -> *");
 *  - a node with one link: the link on one line, collapsed through the
 *    hops it spans: "from -> s1 -> s2 -> to", where each s is the summary
 *    of that hop's probe set, "(a, b)" for the addresses that replied
 *    (in scamper's internal order), with ", *" inside the parentheses
 *    when some flow went unanswered, or "*" alone when none replied.  A
 *    dead end ends with the summary of its last hop instead of an
 *    address.
 *
 * Deliberate differences from scamper 20260420, which can only show on
 * objects scamper's own tracelb does not make or on very large nodes:
 *
 *  - scamper builds each node's text in a 2048-byte buffer and silently
 *    cuts it at 2047 bytes (a node with some 60 links or more), which
 *    can join its last line to the next node's; we print it whole, as
 *    scamper 2021 did.
 *  - a link without hops, under a node with one link, makes scamper
 *    print nothing for the whole object; we print "from -> to" (or
 *    "from -> *").
 *  - an empty probe set and a far node without an address crash
 *    scamper; we print both as "*", as scamper prints a from-node
 *    without an address.
 */
#include "tracelb_fmt.h"

/* A probe set's summary: "*", or "(a, b)" with ", *" for silent flows. */
static int summary_text(warts_strbuf *sb, const warts_tracelb_probeset *set)
{
	struct tl_sum sum;

	if (tl_sum_init(&sum, set) != 0)
		return -1;
	if (sum.addrc == 0) {
		sb_c(sb, '*');
	} else {
		for (unsigned k = 0; k < sum.addrc; k++) {
			sb_s(sb, k == 0 ? "(" : ", ");
			sb_addr(sb, sum.addrs[k]);
		}
		sb_s(sb, sum.nullc > 0 ? ", *)" : ")");
	}
	tl_sum_fini(&sum);
	return 0;
}

static void header_text(warts_strbuf *sb, const warts_tracelb *t)
{
	sb_s(sb, "tracelb");
	if (warts_addr_isset(&t->src)) {
		sb_s(sb, " from ");
		sb_addr(sb, &t->src);
	}
	if (warts_addr_isset(&t->dst)) {
		sb_s(sb, " to ");
		sb_addr(sb, &t->dst);
	}
	if (warts_addr_isset(&t->src) || warts_addr_isset(&t->dst))
		sb_c(sb, ',');
	sb_su(sb, " ", t->nodec);
	sb_su(sb, " nodes, ", t->linkc);
	sb_su(sb, " links, ", t->probec);
	sb_su(sb, " probes, ", t->confidence);
	sb_s(sb, "%\n");
}

/* The far end of a link: its node's address, or "*". */
static void to_text(warts_strbuf *sb, const warts_tracelb *t,
                    const warts_tracelb_link *l)
{
	const warts_tracelb_node *to = tl_to(t, l);
	if (to != NULL)
		tl_node_addr(sb, to);
	else
		sb_c(sb, '*');
}

static int node_text(warts_strbuf *sb, const warts_tracelb *t,
                     const struct tl_links *g, unsigned i)
{
	const warts_tracelb_node *n = &t->nodes[i];
	const warts_tracelb_link *l;
	unsigned linkc = tl_node_linkc(g, i);

	if (linkc > 1) {
		for (unsigned j = 0; j < linkc; j++) {
			tl_node_addr(sb, n);
			sb_s(sb, " -> ");
			to_text(sb, t, tl_node_link(t, g, i, j));
			sb_c(sb, '\n');
		}
		return 0;
	}

	l = tl_node_link(t, g, i, 0);
	tl_node_addr(sb, n);
	sb_s(sb, " -> ");
	for (unsigned j = 0; j + 1u < l->hopc; j++) {
		if (summary_text(sb, tl_set(l, j)) != 0)
			return -1;
		sb_s(sb, " -> ");
	}
	if (tl_to(t, l) != NULL || l->hopc == 0)
		to_text(sb, t, l);
	else if (summary_text(sb, tl_set(l, l->hopc - 1u)) != 0)
		return -1;
	sb_c(sb, '\n');
	return 0;
}

int tracelb_text(warts_strbuf *sb, const void *obj)
{
	const warts_tracelb *t = obj;
	struct tl_links g;
	unsigned nodec = tl_nodec(t);

	if (tl_links_init(&g, t) != 0) {
		sb->oom = 1;
		return 1;
	}
	header_text(sb, t);
	for (unsigned i = 0; i < nodec; i++) {
		if (tl_node_linkc(&g, i) == 0)
			continue;
		if (node_text(sb, t, &g, i) != 0) {
			sb->oom = 1;
			break;
		}
	}
	tl_links_fini(&g);
	return 1;
}
