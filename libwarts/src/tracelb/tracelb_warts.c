/*
 * tracelb_warts.c: the warts encoding of MDA traceroutes (record type 8).
 *
 * Layout (warts-types.md section 8): the tracelb's parameters, then nodec
 * node blocks, then linkc link blocks.  Each link block is followed by its
 * hopc probe-set blocks, each probe set by its probec probe blocks, and
 * each probe by its rxc reply blocks.  Every count is a parameter of the
 * parent; there are no count prefixes.  All blocks share the record's
 * address table, in that order.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/tracelb.h"

#include "../codec.h"
#include "../params.h"
#include "tracelb_fmt.h"

/* ---- replies ----------------------------------------------------------- */

static int reply_is_tcp(const void *rec)
{
	return warts_tracelb_reply_is_tcp(rec);
}

static int want_reply_ttl(const void *rec, const void *aux)
{
	(void)aux;
	return (((const warts_tracelb_reply *)rec)->flags &
	        WARTS_TRACELB_REPLY_TTL) != 0;
}

static int want_icmp(const void *rec, const void *aux)
{
	(void)aux;
	return !reply_is_tcp(rec);
}

static int want_tcp(const void *rec, const void *aux)
{
	(void)aux;
	return reply_is_tcp(rec);
}

static int want_icmpext(const void *rec, const void *aux)
{
	(void)aux;
	return !reply_is_tcp(rec) &&
	       ((const warts_tracelb_reply *)rec)->icmpext.count > 0;
}

static int dec_icmp_tc(struct wcur *c, void *rec, void *aux)
{
	warts_tracelb_reply *r = rec;
	(void)aux;
	if (wc_u8(c, &r->icmp_type) != 0 || wc_u8(c, &r->icmp_code) != 0)
		return -1;
	return 0;
}

static void enc_icmp_tc(struct wenc *e, const void *rec, const void *aux)
{
	const warts_tracelb_reply *r = rec;
	(void)aux;
	wb_u8(&e->b, r->icmp_type);
	wb_u8(&e->b, r->icmp_code);
}

static int dec_icmpext(struct wcur *c, void *rec, void *aux)
{
	(void)aux;
	return wc_icmpexts(c, &((warts_tracelb_reply *)rec)->icmpext);
}

static void enc_icmpext(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wenc_icmpexts(e, &((const warts_tracelb_reply *)rec)->icmpext);
}

static const struct wfield reply_fields[] = {
	WFV(1, WF_TV, WW_ALWAYS, warts_tracelb_reply, rx),
	WFV(2, WF_U16, WW_ALWAYS, warts_tracelb_reply, ipid),
	WFW(3, WF_U8, want_reply_ttl, warts_tracelb_reply, ttl),
	WFV(4, WF_U8, WW_ALWAYS, warts_tracelb_reply, flags),
	WFFN(5, WW_FN, want_icmp, dec_icmp_tc, enc_icmp_tc, "icmp type"),
	WFW(6, WF_U8, want_tcp, warts_tracelb_reply, tcp_flags),
	WFFN(7, WW_FN, want_icmpext, dec_icmpext, enc_icmpext, "icmpext"),
	WFW(8, WF_U8, want_icmp, warts_tracelb_reply, icmp_q_ttl),
	WFW(9, WF_U8, want_icmp, warts_tracelb_reply, icmp_q_tos),
	WFV(10, WF_GID, WW_NEVER, warts_tracelb_reply, from),
	WFV(11, WF_ADDR, WW_ALWAYS, warts_tracelb_reply, from),
};
static const struct wtable reply_table = WTABLE("tracelb reply params",
                                                reply_fields);

static int reply_read(struct wcur *c, warts_tracelb_reply *r, long i)
{
	wdec_ctx(c->d, "reply", i);
	if (wparams_read(c, &reply_table, r, NULL, NULL) != 0)
		return -1;
	if (!warts_addr_isset(&r->from))
		return wdec_fail(c->d, NULL, WARTS_ERR_CORRUPT,
		                 "reply without an address");
	return 0;
}

/* ---- probes and probe sets -------------------------------------------- */

static const struct wfield probe_fields[] = {
	WFV(1, WF_TV, WW_ALWAYS, warts_tracelb_probe, tx),
	WFV(2, WF_U16, WW_ALWAYS, warts_tracelb_probe, flowid),
	WFV(3, WF_U8, WW_ALWAYS, warts_tracelb_probe, ttl),
	WFV(4, WF_U8, WW_ALWAYS, warts_tracelb_probe, attempt),
	WFV(5, WF_U16, WW_ALWAYS, warts_tracelb_probe, rxc),
};
static const struct wtable probe_table = WTABLE("tracelb probe params",
                                                probe_fields);

static const struct wfield probeset_fields[] = {
	WFV(1, WF_U16, WW_ALWAYS, warts_tracelb_probeset, probec),
};
static const struct wtable probeset_table = WTABLE("tracelb probe set params",
                                                   probeset_fields);

/*
 * The counts of nested arrays come from the parent's own parameters.  The
 * parent's count is zeroed while the array is read and raised one element
 * at a time, so a failed decode leaves counts that match what was filled
 * in.  Each nested block takes at least one byte, which bounds the
 * allocation by what is left of the record.
 */
static int probe_read(struct wcur *c, warts_tracelb_probe *p, long i)
{
	uint16_t n;
	wdec_ctx(c->d, "probe", i);
	if (wparams_read(c, &probe_table, p, NULL, NULL) != 0)
		return -1;
	n = p->rxc;
	p->rxc = 0;
	if (wc_array(c, n, sizeof(*p->rxs), 1, (void **)&p->rxs) != 0)
		return -1;
	for (uint16_t k = 0; k < n; k++) {
		p->rxc = (uint16_t)(k + 1);
		if (reply_read(c, &p->rxs[k], k) != 0)
			return -1;
	}
	return 0;
}

static int probeset_read(struct wcur *c, warts_tracelb_probeset *s, long i)
{
	uint16_t n;
	wdec_ctx(c->d, "probe set", i);
	if (wparams_read(c, &probeset_table, s, NULL, NULL) != 0)
		return -1;
	n = s->probec;
	s->probec = 0;
	if (wc_array(c, n, sizeof(*s->probes), 1, (void **)&s->probes) != 0)
		return -1;
	for (uint16_t k = 0; k < n; k++) {
		s->probec = (uint16_t)(k + 1);
		if (probe_read(c, &s->probes[k], k) != 0)
			return -1;
	}
	return 0;
}

/* ---- links ------------------------------------------------------------- */

static int want_to(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_tracelb_link *)rec)->to >= 0;
}

static int dec_to(struct wcur *c, void *rec, void *aux)
{
	uint16_t v;
	(void)aux;
	if (wc_u16(c, &v) != 0)
		return -1;
	((warts_tracelb_link *)rec)->to = v;
	return 0;
}

static void enc_to(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wb_u16(&e->b, (uint16_t)((const warts_tracelb_link *)rec)->to);
}

static const struct wfield link_fields[] = {
	WFV(1, WF_U16, WW_ALWAYS, warts_tracelb_link, from),
	WFFN(2, WW_FN, want_to, dec_to, enc_to, "to"),
	WFV(3, WF_U8, WW_ALWAYS, warts_tracelb_link, hopc),
};
static const struct wtable link_table = WTABLE("tracelb link params",
                                               link_fields);

static int link_read(struct wcur *c, const warts_tracelb *t,
                     warts_tracelb_link *l, long i)
{
	uint8_t n;
	l->to = -1;     /* a dead end unless bit 2 says otherwise */
	wdec_ctx(c->d, "link", i);
	if (wparams_read(c, &link_table, l, NULL, NULL) != 0)
		return -1;
	n = l->hopc;
	l->hopc = 0;
	/* scamper's reader checks the node indices before the probe sets */
	if (l->from >= t->nodec)
		return wdec_fail(c->d, NULL, WARTS_ERR_CORRUPT,
		                 "from-node %u of %u nodes", l->from, t->nodec);
	if (l->to >= t->nodec)
		return wdec_fail(c->d, NULL, WARTS_ERR_CORRUPT,
		                 "to-node %ld of %u nodes", (long)l->to,
		                 t->nodec);
	if (wc_array(c, n, sizeof(*l->sets), 1, (void **)&l->sets) != 0)
		return -1;
	for (uint8_t k = 0; k < n; k++) {
		l->hopc = (uint8_t)(k + 1);
		if (probeset_read(c, &l->sets[k], k) != 0)
			return -1;
	}
	return 0;
}

/* ---- nodes ------------------------------------------------------------- */

static int want_q_ttl(const void *rec, const void *aux)
{
	(void)aux;
	return (((const warts_tracelb_node *)rec)->flags &
	        WARTS_TRACELB_NODE_QTTL) != 0;
}

static const struct wfield node_fields[] = {
	WFV(1, WF_GID, WW_NEVER, warts_tracelb_node, addr),
	WFV(2, WF_U8, WW_ALWAYS, warts_tracelb_node, flags),
	WFV(3, WF_U16, WW_ALWAYS, warts_tracelb_node, linkc),
	WFW(4, WF_U8, want_q_ttl, warts_tracelb_node, q_ttl),
	WFV(5, WF_ADDR, WW_NONZERO, warts_tracelb_node, addr),
	WFV(6, WF_STR, WW_NONZERO, warts_tracelb_node, name),
};
static const struct wtable node_table = WTABLE("tracelb node params",
                                               node_fields);

/*
 * Each node's linkc must be the number of links leaving it: scamper's
 * reader hangs the links on their from-nodes and rejects a mismatch.
 */
static int linkc_check(struct wdec *d, const warts_tracelb *t)
{
	uint32_t *seen;
	int rc = 0;

	if (t->nodec == 0)
		return 0;
	if ((seen = calloc(t->nodec, sizeof(*seen))) == NULL)
		return wdec_fail(d, NULL, WARTS_ERR_NOMEM, "out of memory");
	for (unsigned i = 0; i < t->linkc; i++)
		seen[t->links[i].from]++;
	for (unsigned i = 0; i < t->nodec && rc == 0; i++)
		if (seen[i] != t->nodes[i].linkc) {
			wdec_ctx(d, "node", (long)i);
			rc = wdec_fail(d, NULL, WARTS_ERR_CORRUPT,
			               "linkc %u, but %u links leave it",
			               t->nodes[i].linkc, seen[i]);
		}
	free(seen);
	return rc;
}

/* ---- the tracelb ------------------------------------------------------- */

static const struct wfield tracelb_fields[] = {
	WFV(1, WF_LIST, WW_ALWAYS, warts_tracelb, list),
	WFV(2, WF_CYCLE, WW_ALWAYS, warts_tracelb, cycle),
	WFV(3, WF_GID, WW_NEVER, warts_tracelb, src),
	WFV(4, WF_GID, WW_NEVER, warts_tracelb, dst),
	WFV(5, WF_TV, WW_ALWAYS, warts_tracelb, start),
	WFV(6, WF_U16, WW_ALWAYS, warts_tracelb, sport),
	WFV(7, WF_U16, WW_ALWAYS, warts_tracelb, dport),
	WFV(8, WF_U16, WW_ALWAYS, warts_tracelb, probe_size),
	WFV(9, WF_U8, WW_ALWAYS, warts_tracelb, type),
	WFV(10, WF_U8, WW_ALWAYS, warts_tracelb, firsthop),
	WFV(11, WF_U8, WW_ALWAYS, warts_tracelb, wait_timeout),
	WFV(12, WF_U8, WW_ALWAYS, warts_tracelb, wait_probe),
	WFV(13, WF_U8, WW_ALWAYS, warts_tracelb, attempts),
	WFV(14, WF_U8, WW_ALWAYS, warts_tracelb, confidence),
	WFV(15, WF_U8, WW_ALWAYS, warts_tracelb, tos),
	WFV(16, WF_U16, WW_ALWAYS, warts_tracelb, nodec),
	WFV(17, WF_U16, WW_ALWAYS, warts_tracelb, linkc),
	WFV(18, WF_U32, WW_ALWAYS, warts_tracelb, probec),
	WFV(19, WF_U32, WW_ALWAYS, warts_tracelb, probec_max),
	WFV(20, WF_U8, WW_ALWAYS, warts_tracelb, gaplimit),
	/*
	 * scamper always has a source and writes it unconditionally; an
	 * object without one is written without bit 21 rather than refused,
	 * so that everything this reader accepts can be written back.
	 */
	WFV(21, WF_ADDR, WW_NONZERO, warts_tracelb, src),
	WFV(22, WF_ADDR, WW_ALWAYS, warts_tracelb, dst),
	WFV(23, WF_U32, WW_NONZERO, warts_tracelb, userid),
	WFV(24, WF_U8, WW_NONZERO, warts_tracelb, flags),
	WFV(25, WF_SADDR, WW_NONZERO, warts_tracelb, rtr),
	WFV(26, WF_STR, WW_NONZERO, warts_tracelb, errmsg),
};
static const struct wtable tracelb_table = WTABLE("tracelb params",
                                                  tracelb_fields);

static int tracelb_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_tracelb *t;
	uint16_t nodec, linkc;

	if ((t = warts_tracelb_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = t;
	if (wparams_read(c, &tracelb_table, t, NULL, NULL) != 0)
		return -1;
	nodec = t->nodec;
	linkc = t->linkc;
	t->nodec = t->linkc = 0;
	if (!warts_addr_isset(&t->dst))
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "no destination");

	wdec_ctx(d, "nodes", -1);
	if (wc_array(c, nodec, sizeof(*t->nodes), 1, (void **)&t->nodes) != 0)
		return -1;
	for (uint16_t i = 0; i < nodec; i++) {
		t->nodec = (uint16_t)(i + 1);
		wdec_ctx(d, "node", i);
		if (wparams_read(c, &node_table, &t->nodes[i], NULL, NULL) != 0)
			return -1;
	}

	wdec_ctx(d, "links", -1);
	if (wc_array(c, linkc, sizeof(*t->links), 1, (void **)&t->links) != 0)
		return -1;
	for (uint16_t i = 0; i < linkc; i++) {
		t->linkc = (uint16_t)(i + 1);
		if (link_read(c, t, &t->links[i], i) != 0)
			return -1;
	}
	return linkc_check(d, t);
}

/*
 * Refuse to write what a reader would reject: arrays missing behind
 * their counts, node indices out of range, node link counts that do not
 * match the links, replies without an address.
 */
static int check_probes(struct wenc *e, const warts_tracelb_probeset *s,
                        unsigned li, unsigned si)
{
	if (s->probec > 0 && s->probes == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID, "link %u probe "
		                 "set %u: probec %u but no probes", li, si,
		                 s->probec);
	for (unsigned k = 0; k < s->probec; k++) {
		const warts_tracelb_probe *p = &s->probes[k];
		if (p->rxc > 0 && p->rxs == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID, "link %u "
			                 "probe set %u probe %u: rxc %u but "
			                 "no replies", li, si, k, p->rxc);
		for (unsigned r = 0; r < p->rxc; r++)
			if (!warts_addr_isset(&p->rxs[r].from))
				return wenc_fail(e, WARTS_ERR_INVALID,
				                 "link %u probe set %u "
				                 "probe %u reply %u: from is "
				                 "required", li, si, k, r);
	}
	return 0;
}

static int check_links(struct wenc *e, const warts_tracelb *t)
{
	uint32_t *seen = NULL;
	int rc = 0;

	if (t->nodec > 0 && t->nodes == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "nodec %u but no nodes", t->nodec);
	if (t->linkc > 0 && t->links == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "linkc %u but no links", t->linkc);
	if (t->nodec > 0 && (seen = calloc(t->nodec, sizeof(*seen))) == NULL)
		return wenc_fail(e, WARTS_ERR_NOMEM, "out of memory");
	for (unsigned i = 0; i < t->linkc && rc == 0; i++) {
		const warts_tracelb_link *l = &t->links[i];
		if (l->from >= t->nodec || l->to < -1 || l->to >= t->nodec) {
			rc = wenc_fail(e, WARTS_ERR_INVALID, "link %u: "
			               "from %u, to %ld: beyond the %u nodes", i,
			               l->from, (long)l->to, t->nodec);
			break;
		}
		seen[l->from]++;
		if (l->hopc > 0 && l->sets == NULL) {
			rc = wenc_fail(e, WARTS_ERR_INVALID, "link %u: "
			               "hopc %u but no probe sets", i, l->hopc);
			break;
		}
		for (unsigned s = 0; s < l->hopc && rc == 0; s++)
			rc = check_probes(e, &l->sets[s], i, s);
	}
	for (unsigned i = 0; i < t->nodec && rc == 0; i++)
		if (seen[i] != t->nodes[i].linkc)
			rc = wenc_fail(e, WARTS_ERR_INVALID, "node %u: "
			               "linkc %u, but %u links leave it", i,
			               t->nodes[i].linkc, seen[i]);
	free(seen);
	return rc;
}

static void link_write(struct wenc *e, const warts_tracelb_link *l)
{
	wparams_write(e, &link_table, l, NULL);
	for (unsigned s = 0; s < l->hopc; s++) {
		const warts_tracelb_probeset *set = &l->sets[s];
		wparams_write(e, &probeset_table, set, NULL);
		for (unsigned k = 0; k < set->probec; k++) {
			const warts_tracelb_probe *p = &set->probes[k];
			wparams_write(e, &probe_table, p, NULL);
			for (unsigned r = 0; r < p->rxc; r++)
				wparams_write(e, &reply_table, &p->rxs[r],
				              NULL);
		}
	}
}

static int tracelb_encode(struct wenc *e, const void *obj)
{
	const warts_tracelb *t = obj;
	size_t start;

	if (check_links(e, t) != 0)
		return -1;
	start = wenc_record_begin(e, WARTS_TYPE_TRACELB);
	wparams_write(e, &tracelb_table, t, NULL);
	for (unsigned i = 0; i < t->nodec; i++)
		wparams_write(e, &node_table, &t->nodes[i], NULL);
	for (unsigned i = 0; i < t->linkc; i++)
		link_write(e, &t->links[i]);
	return wenc_record_end(e, start);
}

static void tracelb_free(void *obj)
{
	warts_tracelb_free(obj);
}

const struct wtype wtype_tracelb = {
	.type = WARTS_TYPE_TRACELB,
	.name = "tracelb",
	.list_off = offsetof(warts_tracelb, list),
	.cycle_off = offsetof(warts_tracelb, cycle),
	.decode = tracelb_decode,
	.encode = tracelb_encode,
	.free = tracelb_free,
	.json = tracelb_json, .text = tracelb_text, .dump = tracelb_dump,
};
