/*
 * j2w_tracelb.c: tracelb objects from JSON.
 *
 * With sc_warts2json -A, the tracelb's "warts" object holds its nodes and
 * links as stored (see tracelb_json.c), and they are read from there.
 *
 * scamper's own keys describe the graph only as seen from each node that
 * has links, so it is rebuilt to print the same:
 *  - the printed nodes come first, in order, each with its links;
 *  - a link leads to the node with the address it names, a new node at
 *    the end when none has it; the nodes no link leaves are not printed,
 *    and as many as "nodec" wants are added without an address;
 *  - a node with several links shows each link's first hop only, so each
 *    becomes a one-hop link; a node with one link shows a summary per hop
 *    (each replying address with the probes it answered) and then the far
 *    end's probes: the probes of a summary are merged back into one set,
 *    in an order that keeps each address's, and a "*" (some flow went
 *    unanswered) becomes one more probe that drew no reply;
 *  - a reply took its address from the entry it is listed under, records
 *    its TTL, and is TCP when it has "tcp_flags".
 */
#include <stdlib.h>
#include <string.h>

#include "j2w.h"
#include "warts/tracelb.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const method_names[] = {
	NULL, "udp-dport", "icmp-echo", "udp-sport", "tcp-sport",
	"tcp-ack-sport",
};

/* ---- reading keys ------------------------------------------------------ */

/* Put what went wrong inside an element of an array: "link 3: ...". */
static int in_elem(struct j2w *j, const char *what, size_t i)
{
	char why[sizeof(j->err)];
	memcpy(why, j->err, sizeof(why));
	why[sizeof(why) - 1] = '\0';
	return j2w_fail(j, "%s %zu: %s", what, i, why);
}

static int get_array(struct j2w *j, json_t *o, const char *key, json_t **a)
{
	json_t *x = o != NULL ? json_object_get(o, key) : NULL;
	*a = NULL;
	if (x == NULL)
		return 0;
	if (!json_is_array(x))
		return j2w_fail(j, "\"%s\" is not an array", key);
	*a = x;
	return 0;
}

static int get_object(struct j2w *j, json_t *o, const char *key,
                      json_t **v)
{
	json_t *x = o != NULL ? json_object_get(o, key) : NULL;
	*v = NULL;
	if (x == NULL)
		return 0;
	if (!json_is_object(x))
		return j2w_fail(j, "\"%s\" is not an object", key);
	*v = x;
	return 0;
}

/*
 * A value printed by its name, or, when it has none, as its number in a
 * string ("method":"7"); a plain number is taken too.
 */
static int get_name(struct j2w *j, json_t *o, const char *key,
                    const char *const *names, size_t n, uint8_t *v)
{
	json_t *x = json_object_get(o, key);
	const char *s;
	unsigned u = 0;

	if (x == NULL || !json_is_string(x))
		return jg_enum(j, o, key, names, n, v);
	s = json_string_value(x);
	if (*s < '0' || *s > '9')
		return jg_enum(j, o, key, names, n, v);
	for (; *s >= '0' && *s <= '9' && u <= UINT8_MAX; s++)
		u = u * 10 + (unsigned)(*s - '0');
	if (*s != '\0' || u > UINT8_MAX)
		return j2w_fail(j, "\"%s\": unknown value \"%s\"", key,
		                json_string_value(x));
	*v = (uint8_t)u;
	return 0;
}

/* An address, or none for "*" (how JSON prints a node without one). */
static int get_addr_or_star(struct j2w *j, json_t *o, const char *key,
                            warts_addr *a)
{
	const char *s = json_string_value(json_object_get(o, key));
	if (s != NULL && strcmp(s, "*") == 0) {
		memset(a, 0, sizeof(*a));
		return 0;
	}
	return jg_addr(j, o, key, a);
}

/* ---- ICMP extensions --------------------------------------------------- */

/* An MPLS label stack entry into its four bytes. */
static int mpls_read(struct j2w *j, json_t *x, uint8_t *p)
{
	uint32_t label = 0, exp = 0, s = 0, ttl = 0, v;

	if (!json_is_object(x))
		return j2w_fail(j, "an MPLS label is not an object");
	if (jg_u32(j, x, "mpls_label", &label) != 0 ||
	    jg_u32(j, x, "mpls_exp", &exp) != 0 ||
	    jg_u32(j, x, "mpls_s", &s) != 0 ||
	    jg_u32(j, x, "mpls_ttl", &ttl) != 0)
		return -1;
	if (label > 0xfffff || exp > 7 || s > 1 || ttl > 0xff)
		return j2w_fail(j, "an MPLS label entry is out of range");
	v = label << 12 | exp << 9 | s << 8 | ttl;
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return 0;
}

/*
 * One extension: its bytes from "warts":{"data"} when there, else from
 * its MPLS labels, else zeros (what the keys print is all that is known).
 */
static int icmpext_read(struct j2w *j, json_t *x, warts_icmpext *ie)
{
	json_t *w, *labels, *l;
	uint16_t n;
	size_t i;

	if (!json_is_object(x))
		return j2w_fail(j, "an ICMP extension is not an object");
	if (jg_u8(j, x, "ie_cn", &ie->class_num) != 0 ||
	    jg_u8(j, x, "ie_ct", &ie->class_type) != 0 ||
	    jg_u16(j, x, "ie_dl", &ie->len) != 0 ||
	    get_array(j, x, "mpls_labels", &labels) != 0 ||
	    get_object(j, x, "warts", &w) != 0)
		return -1;
	if (w != NULL && json_object_get(w, "data") != NULL) {
		if (jg_hex(j, w, "data", &ie->data, &n) != 0)
			return -1;
		if (n != ie->len)
			return j2w_fail(j, "an ICMP extension's data is not "
			                "ie_dl bytes long");
		return 0;
	}
	if (labels != NULL && json_array_size(labels) > ie->len / 4u)
		return j2w_fail(j, "more MPLS labels than ie_dl holds");
	if (ie->len > 0 && (ie->data = calloc(1, ie->len)) == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(labels, i, l)
		if (mpls_read(j, l, ie->data + 4 * i) != 0)
			return -1;
	return 0;
}

static int icmpexts_read(struct j2w *j, json_t *o, warts_icmpexts *exts)
{
	json_t *a, *x;
	size_t i;

	if (get_array(j, o, "icmpext", &a) != 0)
		return -1;
	if (a == NULL || json_array_size(a) == 0)
		return 0;
	if (json_array_size(a) > UINT16_MAX)
		return j2w_fail(j, "too many ICMP extensions");
	if ((exts->ext = calloc(json_array_size(a), sizeof(*exts->ext))) ==
	    NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, x) {
		exts->count = (uint16_t)(i + 1);
		if (icmpext_read(j, x, &exts->ext[i]) != 0)
			return -1;
	}
	return 0;
}

/* ---- replies and probes ------------------------------------------------ */

/* A reply; from, when not NULL, is the address it is listed under. */
static int reply_read(struct j2w *j, json_t *x, const warts_addr *from,
                      warts_tracelb_reply *r)
{
	if (!json_is_object(x))
		return j2w_fail(j, "not an object");
	if (from != NULL)
		r->from = *from;
	if (jg_addr(j, x, "from", &r->from) != 0 ||
	    jg_tv(j, x, "rx", &r->rx) != 0 ||
	    jg_u16(j, x, "ipid", &r->ipid) != 0 ||
	    jg_u8(j, x, "ttl", &r->ttl) != 0 ||
	    jg_u8(j, x, "tcp_flags", &r->tcp_flags) != 0 ||
	    jg_u8(j, x, "icmp_type", &r->icmp_type) != 0 ||
	    jg_u8(j, x, "icmp_code", &r->icmp_code) != 0 ||
	    jg_u8(j, x, "icmp_q_ttl", &r->icmp_q_ttl) != 0 ||
	    jg_u8(j, x, "icmp_q_tos", &r->icmp_q_tos) != 0 ||
	    icmpexts_read(j, x, &r->icmpext) != 0)
		return -1;
	r->flags = WARTS_TRACELB_REPLY_TTL;
	if (json_object_get(x, "tcp_flags") != NULL)
		r->flags |= WARTS_TRACELB_REPLY_TCP;
	if (jg_u8(j, x, "flags", &r->flags) != 0)
		return -1;
	if (!warts_addr_isset(&r->from))
		return j2w_fail(j, "a reply without an address");
	return 0;
}

/* A probe and its replies, each from `from` unless it names its own. */
static int probe_read(struct j2w *j, json_t *x, const warts_addr *from,
                      warts_tracelb_probe *p)
{
	json_t *replies, *y;
	size_t i;

	if (!json_is_object(x))
		return j2w_fail(j, "not an object");
	if (jg_tv(j, x, "tx", &p->tx) != 0 ||
	    jg_u16(j, x, "flowid", &p->flowid) != 0 ||
	    jg_u8(j, x, "ttl", &p->ttl) != 0 ||
	    jg_u8(j, x, "attempt", &p->attempt) != 0 ||
	    get_array(j, x, "replies", &replies) != 0)
		return -1;
	json_array_foreach(replies, i, y) {
		warts_tracelb_reply *r = warts_tracelb_reply_add(p);
		if (r == NULL)
			return j2w_fail(j, "too many replies, or out of "
			                "memory");
		if (reply_read(j, y, from, r) != 0)
			return in_elem(j, "reply", i);
	}
	return 0;
}

/* Free what a probe owns (it was never put in a set). */
static void probe_drop(warts_tracelb_probe *p)
{
	for (unsigned k = 0; p->rxs != NULL && k < p->rxc; k++)
		warts_icmpexts_clear(&p->rxs[k].icmpext);
	free(p->rxs);
	memset(p, 0, sizeof(*p));
}

/* Every probe in arr appended to set, replies from `from` by default. */
static int probes_read(struct j2w *j, json_t *arr,
                       const warts_addr *from, warts_tracelb_probeset *set)
{
	json_t *x;
	size_t i;

	json_array_foreach(arr, i, x) {
		warts_tracelb_probe *p = warts_tracelb_probe_add(set);
		if (p == NULL)
			return j2w_fail(j, "too many probes, or out of memory");
		if (probe_read(j, x, from, p) != 0)
			return in_elem(j, "probe", i);
	}
	return 0;
}

/* ---- the record as stored ("warts") ------------------------------------ */

static int raw_nodes(struct j2w *j, json_t *arr, warts_tracelb *t)
{
	json_t *x;
	size_t i;

	json_array_foreach(arr, i, x) {
		warts_tracelb_node *n = warts_tracelb_node_add(t);
		if (n == NULL)
			return j2w_fail(j, "too many nodes, or out of memory");
		if (!json_is_object(x))
			return j2w_fail(j, "node %zu is not an object", i);
		if (jg_u8(j, x, "flags", &n->flags) != 0 ||
		    jg_u8(j, x, "q_ttl", &n->q_ttl) != 0 ||
		    jg_addr(j, x, "addr", &n->addr) != 0 ||
		    jg_str(j, x, "name", &n->name) != 0)
			return in_elem(j, "node", i);
	}
	return 0;
}

static int raw_link(struct j2w *j, json_t *x, warts_tracelb *t,
                    warts_tracelb_link *l)
{
	json_t *sets, *s, *probes;
	size_t i;

	if (!json_is_object(x))
		return j2w_fail(j, "not an object");
	if (jg_u16(j, x, "from", &l->from) != 0 ||
	    jg_i32(j, x, "to", &l->to) != 0 ||
	    get_array(j, x, "sets", &sets) != 0)
		return -1;
	if (l->from >= t->nodec || l->to < -1 || l->to >= t->nodec)
		return j2w_fail(j, "from %u, to %ld: beyond the %u nodes",
		                l->from, (long)l->to, t->nodec);
	json_array_foreach(sets, i, s) {
		warts_tracelb_probeset *set = warts_tracelb_probeset_add(l);
		if (set == NULL)
			return j2w_fail(j, "more than 255 probe sets, or out "
			                "of memory");
		if (!json_is_object(s))
			return j2w_fail(j, "probe set %zu is not an object", i);
		if (get_array(j, s, "probes", &probes) != 0 ||
		    probes_read(j, probes, NULL, set) != 0)
			return in_elem(j, "probe set", i);
	}
	return 0;
}

static int raw_links(struct j2w *j, json_t *arr, warts_tracelb *t)
{
	json_t *x;
	size_t i;

	json_array_foreach(arr, i, x) {
		warts_tracelb_link *l = warts_tracelb_link_add(t);
		if (l == NULL)
			return j2w_fail(j, "too many links, or out of memory");
		if (raw_link(j, x, t, l) != 0)
			return in_elem(j, "link", i);
	}
	return 0;
}

/* ---- the graph from scamper's keys ------------------------------------- */

/*
 * The node with address a (or, for NULL, one without an address), a new
 * one at the end when there is none.
 */
static int node_for(struct j2w *j, warts_tracelb *t, const warts_addr *a,
                    int32_t *idx)
{
	warts_tracelb_node *n;

	for (unsigned i = 0; i < t->nodec; i++) {
		const warts_addr *na = &t->nodes[i].addr;
		if (a == NULL ? !warts_addr_isset(na)
		              : warts_addr_cmp(na, a) == 0) {
			*idx = (int32_t)i;
			return 0;
		}
	}
	if ((n = warts_tracelb_node_add(t)) == NULL)
		return j2w_fail(j, "too many nodes, or out of memory");
	if (a != NULL)
		n->addr = *a;
	*idx = (int32_t)(t->nodec - 1);
	return 0;
}

static int node_default(struct j2w *j, json_t *x, warts_tracelb *t)
{
	warts_tracelb_node *n = warts_tracelb_node_add(t);

	if (n == NULL)
		return j2w_fail(j, "too many nodes, or out of memory");
	if (!json_is_object(x))
		return j2w_fail(j, "not an object");
	if (get_addr_or_star(j, x, "addr", &n->addr) != 0 ||
	    jg_str(j, x, "name", &n->name) != 0 ||
	    jg_u8(j, x, "q_ttl", &n->q_ttl) != 0)
		return -1;
	if (json_object_get(x, "q_ttl") != NULL)
		n->flags |= WARTS_TRACELB_NODE_QTTL;
	return 0;
}

/* Where probe p already is in set, or -1. */
static long probe_find(const warts_tracelb_probeset *set,
                       const warts_tracelb_probe *p)
{
	for (unsigned k = 0; k < set->probec; k++) {
		const warts_tracelb_probe *q = &set->probes[k];
		if (q->tx.sec == p->tx.sec && q->tx.usec == p->tx.usec &&
		    q->flowid == p->flowid && q->ttl == p->ttl &&
		    q->attempt == p->attempt)
			return (long)k;
	}
	return -1;
}

/*
 * Merge probe p (listed under one address) into set: its replies join
 * those of the same probe listed under another address, or it goes in
 * after the probe *at (the last one this address listed).  p is emptied.
 */
static int probe_merge(struct j2w *j, warts_tracelb_probeset *set,
                       warts_tracelb_probe *p, long *at)
{
	long k = probe_find(set, p);
	warts_tracelb_probe *q;

	if (k >= 0) {
		warts_tracelb_reply *rxs;
		unsigned n;
		q = &set->probes[k];
		n = (unsigned)q->rxc + p->rxc;
		if (n > UINT16_MAX)
			return j2w_fail(j, "too many replies to one probe");
		if (p->rxc > 0) {
			if ((rxs = realloc(q->rxs, n * sizeof(*rxs))) == NULL)
				return j2w_fail(j, "out of memory");
			memcpy(rxs + q->rxc, p->rxs, p->rxc * sizeof(*rxs));
			q->rxs = rxs;
			q->rxc = (uint16_t)n;
		}
		free(p->rxs);
		memset(p, 0, sizeof(*p));
		*at = k;
		return 0;
	}
	if ((q = warts_tracelb_probe_add(set)) == NULL)
		return j2w_fail(j, "too many probes, or out of memory");
	k = *at + 1;
	memmove(&set->probes[k + 1], &set->probes[k],
	        (set->probec - 1 - (size_t)k) * sizeof(*q));
	set->probes[k] = *p;
	memset(p, 0, sizeof(*p));
	*at = k;
	return 0;
}

/* A probe set's summary: [{"addr":A, "probes":[...]}, ..., {"addr":"*"}]. */
static int summary_read(struct j2w *j, json_t *arr,
                        warts_tracelb_probeset *set)
{
	json_t *e, *probes, *x;
	size_t i, k;
	int star = 0;

	json_array_foreach(arr, i, e) {
		warts_addr a;
		long at = -1;

		if (!json_is_object(e))
			return j2w_fail(j, "summary entry %zu is not an object",
			                i);
		memset(&a, 0, sizeof(a));
		if (get_addr_or_star(j, e, "addr", &a) != 0 ||
		    get_array(j, e, "probes", &probes) != 0)
			return -1;
		if (!warts_addr_isset(&a)) {
			star = 1;
			continue;
		}
		json_array_foreach(probes, k, x) {
			warts_tracelb_probe p;
			memset(&p, 0, sizeof(p));
			if (probe_read(j, x, &a, &p) != 0 ||
			    probe_merge(j, set, &p, &at) != 0) {
				probe_drop(&p);
				return in_elem(j, "probe", k);
			}
		}
	}
	if (star) {
		/* a flow of its own that drew no reply */
		uint16_t flowid = set->probec > 0 ?
		        (uint16_t)(set->probes[set->probec - 1].flowid + 1) : 0;
		uint8_t ttl = set->probec > 0 ?
		        set->probes[set->probec - 1].ttl : 0;
		warts_tracelb_probe *p = warts_tracelb_probe_add(set);
		if (p == NULL)
			return j2w_fail(j, "too many probes, or out of memory");
		p->flowid = flowid;
		p->ttl = ttl;
	}
	return 0;
}

/* The far end of a node's one link: [{"addr":A|"*", "probes":[...]}]. */
static int chain_end(struct j2w *j, json_t *arr, warts_tracelb *t,
                     warts_tracelb_link *l)
{
	json_t *e = json_array_get(arr, 0), *probes;
	warts_tracelb_probeset *set;
	warts_addr a;

	if (json_array_size(arr) != 1 || !json_is_object(e))
		return j2w_fail(j, "the last hop of a link is not one object");
	memset(&a, 0, sizeof(a));
	if (get_addr_or_star(j, e, "addr", &a) != 0 ||
	    get_array(j, e, "probes", &probes) != 0)
		return -1;
	if ((set = warts_tracelb_probeset_add(l)) == NULL)
		return j2w_fail(j, "more than 255 hops, or out of memory");
	if (probes == NULL)
		return 0;       /* a dead end */
	if (node_for(j, t, warts_addr_isset(&a) ? &a : NULL, &l->to) != 0)
		return -1;
	return probes_read(j, probes, warts_addr_isset(&a) ? &a : NULL, set);
}

/* A node's one link: a summary per hop, then the far end. */
static int chain_read(struct j2w *j, json_t *links, warts_tracelb *t,
                      uint16_t from)
{
	warts_tracelb_link *l = warts_tracelb_link_add(t);
	size_t n = json_array_size(links), i;
	json_t *x;

	if (l == NULL)
		return j2w_fail(j, "too many links, or out of memory");
	l->from = from;
	if (n > UINT8_MAX)
		return j2w_fail(j, "a link of more than 255 hops");
	json_array_foreach(links, i, x) {
		warts_tracelb_probeset *set;
		if (!json_is_array(x))
			return j2w_fail(j, "hop %zu is not an array", i);
		if (i + 1 == n) {
			if (chain_end(j, x, t, l) != 0)
				return in_elem(j, "hop", i);
			break;
		}
		if ((set = warts_tracelb_probeset_add(l)) == NULL)
			return j2w_fail(j, "out of memory");
		if (summary_read(j, x, set) != 0)
			return in_elem(j, "hop", i);
	}
	return 0;
}

/* A node's several links: [[{"addr":A, "probes":[...]}, ...]]. */
static int fanout_read(struct j2w *j, json_t *links, warts_tracelb *t,
                       uint16_t from)
{
	json_t *arr = json_array_get(links, 0), *x, *probes;
	size_t i;

	if (json_array_size(links) != 1 || !json_is_array(arr))
		return j2w_fail(j, "the links of a node with several are "
		                "not one array");
	json_array_foreach(arr, i, x) {
		warts_tracelb_link *l = warts_tracelb_link_add(t);
		warts_tracelb_probeset *set;
		warts_addr a;
		if (l == NULL)
			return j2w_fail(j, "too many links, or out of memory");
		l->from = from;
		if (!json_is_object(x))
			return j2w_fail(j, "link %zu is not an object", i);
		memset(&a, 0, sizeof(a));
		if (jg_addr(j, x, "addr", &a) != 0 ||
		    get_array(j, x, "probes", &probes) != 0)
			return in_elem(j, "link", i);
		if ((set = warts_tracelb_probeset_add(l)) == NULL)
			return j2w_fail(j, "out of memory");
		if (warts_addr_isset(&a) &&
		    node_for(j, t, &a, &l->to) != 0)
			return -1;
		if (probes_read(j, probes, warts_addr_isset(&a) ? &a : NULL,
		                set) != 0)
			return in_elem(j, "link", i);
	}
	return 0;
}

static int links_default(struct j2w *j, json_t *x, warts_tracelb *t,
                         uint16_t from)
{
	json_t *links;
	uint16_t linkc = 0;

	if (jg_u16(j, x, "linkc", &linkc) != 0 ||
	    get_array(j, x, "links", &links) != 0)
		return -1;
	if (json_array_size(links) == 0)
		return 0;
	if (json_object_get(x, "linkc") == NULL)
		linkc = json_array_size(links) == 1 &&
		        json_array_size(json_array_get(links, 0)) > 1 ? 2 : 1;
	if (linkc > 1)
		return fanout_read(j, links, t, from);
	return chain_read(j, links, t, from);
}

static int graph_default(struct j2w *j, json_t *o, warts_tracelb *t)
{
	json_t *nodes, *x;
	uint16_t nodec = 0, printed;
	size_t i;

	if (jg_u16(j, o, "nodec", &nodec) != 0 ||
	    get_array(j, o, "nodes", &nodes) != 0)
		return -1;
	json_array_foreach(nodes, i, x)
		if (node_default(j, x, t) != 0)
			return in_elem(j, "node", i);
	printed = t->nodec;
	for (uint16_t k = 0; k < printed; k++)
		if (links_default(j, json_array_get(nodes, k), t, k) != 0)
			return in_elem(j, "node", k);
	/* the nodes no link names and none leaves */
	while (t->nodec < nodec)
		if (warts_tracelb_node_add(t) == NULL)
			return j2w_fail(j, "out of memory");
	return 0;
}

/* ---- the tracelb ------------------------------------------------------- */

static int header_read(struct j2w *j, json_t *o, warts_tracelb *t)
{
	if (jg_u32(j, o, "userid", &t->userid) != 0 ||
	    get_name(j, o, "method", method_names, NELEM(method_names),
	             &t->type) != 0 ||
	    jg_addr(j, o, "src", &t->src) != 0 ||
	    jg_addr(j, o, "dst", &t->dst) != 0 ||
	    jg_addr(j, o, "rtr", &t->rtr) != 0 ||
	    jg_u16(j, o, "sport", &t->sport) != 0 ||
	    jg_u16(j, o, "dport", &t->dport) != 0 ||
	    jg_tv(j, o, "start", &t->start) != 0 ||
	    jg_u16(j, o, "probe_size", &t->probe_size) != 0 ||
	    jg_u8(j, o, "firsthop", &t->firsthop) != 0 ||
	    jg_u8(j, o, "attempts", &t->attempts) != 0 ||
	    jg_u8(j, o, "confidence", &t->confidence) != 0 ||
	    jg_u8(j, o, "tos", &t->tos) != 0 ||
	    jg_u8(j, o, "gaplimit", &t->gaplimit) != 0 ||
	    jg_u8(j, o, "wait_timeout", &t->wait_timeout) != 0 ||
	    jg_u8(j, o, "wait_probe", &t->wait_probe) != 0 ||
	    jg_u32(j, o, "probec", &t->probec) != 0 ||
	    jg_u32(j, o, "probec_max", &t->probec_max) != 0 ||
	    jg_str(j, o, "errmsg", &t->errmsg) != 0)
		return -1;
	if (!warts_addr_isset(&t->dst))
		return j2w_fail(j, "no \"dst\"");
	return 0;
}

/*
 * The graph and what else "warts" holds, when there is one; the graph
 * from scamper's keys when it does not hold it.
 */
static int body_read(struct j2w *j, json_t *o, json_t *w, warts_tracelb *t)
{
	json_t *nodes, *links;

	if (jg_u8(j, w, "flags", &t->flags) != 0 ||
	    jg_u16(j, w, "sport", &t->sport) != 0 ||
	    jg_u16(j, w, "dport", &t->dport) != 0 ||
	    get_array(j, w, "nodes", &nodes) != 0 ||
	    get_array(j, w, "links", &links) != 0)
		return -1;
	if (nodes == NULL)
		return graph_default(j, o, t);
	if (raw_nodes(j, nodes, t) != 0 || raw_links(j, links, t) != 0)
		return -1;
	return 0;
}

int j2w_tracelb(struct j2w *j, json_t *o, void **out)
{
	warts_tracelb *t;
	json_t *w;

	*out = NULL;
	if (get_object(j, o, "warts", &w) != 0)
		return -1;
	if ((t = warts_tracelb_alloc()) == NULL)
		return j2w_fail(j, "out of memory");
	if (j2w_refs(j, o, &t->list, &t->cycle) != 0 ||
	    header_read(j, o, t) != 0 ||
	    body_read(j, o, w, t) != 0) {
		warts_tracelb_free(t);
		return -1;
	}
	warts_tracelb_count_links(t);
	*out = t;
	return 0;
}
