/*
 * dealias_warts.c: the warts encoding of alias resolution (record type 9).
 *
 * Layout (warts-types.md section 9): the dealias parameters; then, for a
 * method this library knows, the method's own parameter block, its
 * probedefs (a count fixed by the method or read from the block), and
 * `probec` probe records each followed by its replies.  Probedefs,
 * probes and replies are bare flags-and-parameters blocks.  Addresses
 * share one table per record, filled in write order: method block, then
 * probedefs (dst before src), then reply sources.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/dealias.h"

#include "../codec.h"
#include "../params.h"
#include "dealias_fmt.h"

static uint16_t swap16(uint16_t v)
{
	return (uint16_t)((v << 8) | (v >> 8));
}

/* ---- probedefs -------------------------------------------------------- */

static int want_ports(const void *rec, const void *aux)
{
	(void)aux;
	return warts_dealias_probedef_is_udp(rec) ||
	       warts_dealias_probedef_is_tcp(rec);
}

static int want_def_tcp(const void *rec, const void *aux)
{
	(void)aux;
	return warts_dealias_probedef_is_tcp(rec);
}

static int want_def_icmp(const void *rec, const void *aux)
{
	(void)aux;
	return warts_dealias_probedef_is_icmp(rec);
}

static int want_icmp_csum(const void *rec, const void *aux)
{
	(void)aux;
	return warts_dealias_probedef_is_icmp(rec) &&
	       ((const warts_dealias_probedef *)rec)->icmp_csum != 0;
}

/* Bit 7: four bytes, the two ports as big-endian u16s. */
static int dec_ports(struct wcur *c, void *rec, void *aux)
{
	warts_dealias_probedef *p = rec;
	(void)aux;
	if (wc_u16(c, &p->sport) != 0 || wc_u16(c, &p->dport) != 0)
		return -1;
	return 0;
}

static void enc_ports(struct wenc *e, const void *rec, const void *aux)
{
	const warts_dealias_probedef *p = rec;
	(void)aux;
	wb_u16(&e->b, p->sport);
	wb_u16(&e->b, p->dport);
}

static const struct wfield probedef_fields[] = {
	WFV(1, WF_GID, WW_NEVER, warts_dealias_probedef, dst),
	WFV(2, WF_GID, WW_NEVER, warts_dealias_probedef, src),
	WFV(3, WF_U32, WW_NONZERO, warts_dealias_probedef, id),
	WFV(4, WF_U8, WW_ALWAYS, warts_dealias_probedef, method),
	WFV(5, WF_U8, WW_ALWAYS, warts_dealias_probedef, ttl),
	WFV(6, WF_U8, WW_NONZERO, warts_dealias_probedef, tos),
	WFFN(7, WW_FN, want_ports, dec_ports, enc_ports, "ports"),
	WFW(8, WF_U8, want_def_tcp, warts_dealias_probedef, tcp_flags),
	WFW(9, WF_U16, want_def_icmp, warts_dealias_probedef, icmp_id),
	WFV(10, WF_ADDR, WW_ALWAYS, warts_dealias_probedef, dst),
	/* scamper 2021 wrote bit 11 always, 2026 when present; 2021 could
	 * not run without a source (its reader rejects a probedef without
	 * one), so "when present" reproduces both writers */
	WFV(11, WF_ADDR, WW_NONZERO, warts_dealias_probedef, src),
	WFV(12, WF_U16, WW_NONZERO, warts_dealias_probedef, size),
	WFV(13, WF_U16, WW_NONZERO, warts_dealias_probedef, mtu),
	WFW(14, WF_U16, want_icmp_csum, warts_dealias_probedef, icmp_csum),
};
static const struct wtable probedef_table = WTABLE("dealias probedef params",
                                                   probedef_fields);

/*
 * Keep only the fields of the probedef's protocol, as scamper's reader
 * does.  An ICMP probedef carrying bit 7 comes from an old writer that
 * put the checksum in bytes 2-3 of it (warts-types.md section 9,
 * "Old-file rule").
 */
static int probedef_settle(struct wcur *c, const uint8_t *at,
                           warts_dealias_probedef *p, const struct wmask *m)
{
	if (warts_dealias_probedef_is_icmp(p)) {
		if (wm_has(m, 7))
			p->icmp_csum = p->dport;
		p->sport = p->dport = 0;
		p->tcp_flags = 0;
	} else if (warts_dealias_probedef_is_udp(p)) {
		p->tcp_flags = 0;
		p->icmp_id = p->icmp_csum = 0;
	} else if (warts_dealias_probedef_is_tcp(p)) {
		p->icmp_id = p->icmp_csum = 0;
	} else {
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "unknown probe method %u", p->method);
	}
	if (!warts_addr_isset(&p->dst))
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "probedef without a destination");
	return 0;
}

static int probedefs_read(struct wcur *c, warts_dealias *d, uint32_t n)
{
	if (wc_array(c, n, sizeof(*d->probedefs), 1,
	             (void **)&d->probedefs) != 0)
		return -1;
	d->probedefc = n;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *at = c->p;
		struct wmask m;
		wdec_ctx(c->d, "probedef", (long)i);
		if (wparams_read(c, &probedef_table, &d->probedefs[i], NULL,
		                 &m) != 0 ||
		    probedef_settle(c, at, &d->probedefs[i], &m) != 0)
			return -1;
	}
	return 0;
}

/* ---- replies ---------------------------------------------------------- */

static int want_ipid16(const void *rec, const void *aux)
{
	const warts_dealias_reply *r = rec;
	(void)aux;
	return r->src.type == WARTS_ADDR_IPV4 && r->ipid != 0;
}

static int want_ipid32(const void *rec, const void *aux)
{
	const warts_dealias_reply *r = rec;
	(void)aux;
	return r->src.type == WARTS_ADDR_IPV6 && r->ipid != 0;
}

static int want_reply_icmp(const void *rec, const void *aux)
{
	(void)aux;
	return warts_dealias_reply_is_icmp(rec);
}

static int want_proto(const void *rec, const void *aux)
{
	(void)aux;
	return !warts_dealias_reply_is_icmp(rec);
}

static int want_reply_tcp(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_dealias_reply *)rec)->proto == 6;
}

static int want_icmpext(const void *rec, const void *aux)
{
	const warts_dealias_reply *r = rec;
	(void)aux;
	return warts_dealias_reply_is_icmp(r) && r->icmpext.count > 0;
}

/* Bits 3 and 11 are the IP id of an IPv4 and an IPv6 reply, 16 and 32
 * bits wide; both land in reply.ipid. */
static int dec_ipid16(struct wcur *c, void *rec, void *aux)
{
	uint16_t v;
	(void)aux;
	if (wc_u16(c, &v) != 0)
		return -1;
	((warts_dealias_reply *)rec)->ipid = v;
	return 0;
}

static void enc_ipid16(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wb_u16(&e->b, (uint16_t)((const warts_dealias_reply *)rec)->ipid);
}

static int dec_ipid32(struct wcur *c, void *rec, void *aux)
{
	(void)aux;
	return wc_u32(c, &((warts_dealias_reply *)rec)->ipid);
}

static void enc_ipid32(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wb_u32(&e->b, ((const warts_dealias_reply *)rec)->ipid);
}

static int dec_icmp_tc(struct wcur *c, void *rec, void *aux)
{
	warts_dealias_reply *r = rec;
	(void)aux;
	if (wc_u8(c, &r->icmp_type) != 0 || wc_u8(c, &r->icmp_code) != 0)
		return -1;
	return 0;
}

static void enc_icmp_tc(struct wenc *e, const void *rec, const void *aux)
{
	const warts_dealias_reply *r = rec;
	(void)aux;
	wb_u8(&e->b, r->icmp_type);
	wb_u8(&e->b, r->icmp_code);
}

static int dec_icmpext(struct wcur *c, void *rec, void *aux)
{
	warts_dealias_reply *r = rec;
	(void)aux;
	warts_icmpexts_clear(&r->icmpext);
	return wc_icmpexts(c, &r->icmpext);
}

static void enc_icmpext(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wenc_icmpexts(e, &((const warts_dealias_reply *)rec)->icmpext);
}

static const struct wfield reply_fields[] = {
	WFV(1, WF_GID, WW_NEVER, warts_dealias_reply, src),
	WFV(2, WF_TV, WW_ALWAYS, warts_dealias_reply, rx),
	WFFN(3, WW_FN, want_ipid16, dec_ipid16, enc_ipid16, "ipid"),
	WFV(4, WF_U8, WW_ALWAYS, warts_dealias_reply, ttl),
	WFFN(5, WW_FN, want_reply_icmp, dec_icmp_tc, enc_icmp_tc,
	     "icmp type"),
	WFW(6, WF_U8, want_reply_icmp, warts_dealias_reply, icmp_q_ttl),
	WFFN(7, WW_FN, want_icmpext, dec_icmpext, enc_icmpext, "icmpext"),
	WFW(8, WF_U8, want_proto, warts_dealias_reply, proto),
	WFW(9, WF_U8, want_reply_tcp, warts_dealias_reply, tcp_flags),
	WFV(10, WF_ADDR, WW_ALWAYS, warts_dealias_reply, src),
	WFFN(11, WW_FN, want_ipid32, dec_ipid32, enc_ipid32, "ipid32"),
	WFV(12, WF_U8, WW_NONZERO, warts_dealias_reply, flags),
	WFV(13, WF_U16, WW_NONZERO, warts_dealias_reply, size),
};
static const struct wtable reply_table = WTABLE("dealias reply params",
                                                reply_fields);

static int reply_read(struct wcur *c, warts_dealias_reply *r)
{
	const uint8_t *at = c->p;
	struct wmask m;
	if (wparams_read(c, &reply_table, r, NULL, &m) != 0)
		return -1;
	if (!warts_addr_isset(&r->src))
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "reply without a source");
	/* the writer leaves out an ICMP reply's protocol */
	if (!wm_has(&m, 8))
		r->proto = r->src.type == WARTS_ADDR_IPV4 ? 1 : 58;
	return 0;
}

/* ---- probes ----------------------------------------------------------- */

/*
 * Bit 1 names the probe's probedef.  scamper writes that probedef's id
 * when the id is not 0 and reads the value back as an index into the
 * probedefs; its probedefs' ids are their indices.  Writing the index
 * when it is not 0 gives the same bytes for every such measurement, and
 * reads back as the same probedef even when an id is not its index.
 * aux is the dealias; encoding checks def beforehand (probes_check).
 */
static int want_def(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_dealias_probe *)rec)->def != 0;
}

static int dec_def(struct wcur *c, void *rec, void *aux)
{
	(void)aux;
	return wc_u32(c, &((warts_dealias_probe *)rec)->def);
}

static void enc_def(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wb_u32(&e->b, ((const warts_dealias_probe *)rec)->def);
}

static int want_probe_ipid(const void *rec, const void *aux)
{
	const warts_dealias *d = aux;
	const warts_dealias_probe *p = rec;
	return d->probedefs[p->def].dst.type == WARTS_ADDR_IPV4;
}

static const struct wfield probe_fields[] = {
	WFFN(1, WW_FN, want_def, dec_def, enc_def, "def"),
	WFV(2, WF_TV, WW_ALWAYS, warts_dealias_probe, tx),
	WFV(3, WF_U16, WW_NONZERO, warts_dealias_probe, replyc),
	WFW(4, WF_U16, want_probe_ipid, warts_dealias_probe, ipid),
	WFV(5, WF_U32, WW_NONZERO, warts_dealias_probe, seq),
};
static const struct wtable probe_table = WTABLE("dealias probe params",
                                                probe_fields);

static int probe_read(struct wcur *c, warts_dealias *d, uint32_t i)
{
	warts_dealias_probe *p = &d->probes[i];
	const uint8_t *at = c->p;
	uint16_t n;

	wdec_ctx(c->d, "probe", (long)i);
	if (wparams_read(c, &probe_table, p, d, NULL) != 0)
		return -1;
	if (p->def >= d->probedefc)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "refers to probedef %u of %u", p->def,
		                 d->probedefc);
	n = p->replyc;
	p->replyc = 0;
	if (wc_array(c, n, sizeof(*p->replies), 1,
	             (void **)&p->replies) != 0)
		return -1;
	for (uint16_t j = 0; j < n; j++) {
		p->replyc = (uint16_t)(j + 1); /* so that a failure frees it */
		wdec_ctx(c->d, "reply", j);
		if (reply_read(c, &p->replies[j]) != 0)
			return -1;
	}
	return 0;
}

static int probes_read(struct wcur *c, warts_dealias *d, uint32_t n)
{
	d->probec = 0;
	if (wc_array(c, n, sizeof(*d->probes), 1, (void **)&d->probes) != 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		d->probec = i + 1;
		if (probe_read(c, d, i) != 0)
			return -1;
	}
	return 0;
}

/* ---- method blocks ---------------------------------------------------- */

/*
 * The probedef count, where a method records it in a u16 (prefixscan bit
 * 10, midarest bit 1).  The encoder has checked that it fits.
 */
static int dec_defc16(struct wcur *c, void *rec, void *aux)
{
	uint16_t v;
	(void)aux;
	if (wc_u16(c, &v) != 0)
		return -1;
	((warts_dealias *)rec)->probedefc = v;
	return 0;
}

static void enc_defc16(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wb_u16(&e->b, (uint16_t)((const warts_dealias *)rec)->probedefc);
}

static int want_defc(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_dealias *)rec)->probedefc != 0;
}

static const struct wfield mercator_fields[] = {
	WFV(1, WF_U8, WW_ALWAYS, warts_dealias, mercator.attempts),
	WFV(2, WF_U8, WW_ALWAYS, warts_dealias, mercator.wait_timeout),
};

static const struct wfield ally_fields[] = {
	WFV(1, WF_U16, WW_ALWAYS, warts_dealias, ally.wait_probe),
	WFV(2, WF_U8, WW_ALWAYS, warts_dealias, ally.wait_timeout),
	WFV(3, WF_U8, WW_ALWAYS, warts_dealias, ally.attempts),
	WFV(4, WF_U16, WW_NONZERO, warts_dealias, ally.fudge),
	WFV(5, WF_U8, WW_NONZERO, warts_dealias, ally.flags),
};

static const struct wfield radargun_fields[] = {
	WFV(1, WF_U32, WW_ALWAYS, warts_dealias, probedefc),
	WFV(2, WF_U16, WW_ALWAYS, warts_dealias, radargun.rounds),
	WFV(3, WF_U16, WW_ALWAYS, warts_dealias, radargun.wait_probe),
	WFV(4, WF_U32, WW_ALWAYS, warts_dealias, radargun.wait_round),
	WFV(5, WF_U8, WW_ALWAYS, warts_dealias, radargun.wait_timeout),
	WFV(6, WF_U8, WW_NONZERO, warts_dealias, radargun.flags),
};

/* Bytes that prefixscan bits 5-12 take, when the block holds no bit the
 * table does not know; (size_t)-1 otherwise. */
static size_t xs_tail(const struct wmask *m)
{
	static const uint8_t size[13] = {
		[5] = 1, [6] = 1, [7] = 2, [8] = 2, [9] = 1, [10] = 2,
		[11] = 1, [12] = 1,
	};
	size_t n = 0;
	if (m->high || (m->bits >> 13) != 0)
		return (size_t)-1;
	for (unsigned b = 5; b <= 12; b++)
		if (wm_has(m, b))
			n += size[b];
	return n;
}

/* How many addresses exactly fill len bytes at p, or -1 if none do. */
static long addrs_in(const uint8_t *p, size_t len)
{
	size_t at = 0;
	long n = 0;
	while (at < len) {
		at += p[at] == 0 ? 5 : 2 + (size_t)p[at];
		n++;
	}
	return at == len ? n : -1;
}

/*
 * The count of excluded addresses.  scamper 20211212 wrote it in host
 * byte order, so on the little-endian machines it ran on the count is
 * byte-swapped (and its own reader failed on such files).  When the
 * addresses that follow fill the parameter exactly with the swapped count
 * but not with the count as written, the record came from that writer:
 * take the swapped count and remember the style, so it is written back
 * the same way.  mask holds the block's flags (the decoding aux).
 */
static uint16_t xs_count(const struct wcur *c, uint16_t n, warts_dealias *d,
                         const struct wmask *mask)
{
	size_t tail = mask != NULL ? xs_tail(mask) : (size_t)-1;
	long fit;
	if (tail == (size_t)-1 || tail > wc_left(c) || n == swap16(n))
		return n;
	fit = addrs_in(c->p, wc_left(c) - tail);
	if (fit != n && fit == swap16(n)) {
		d->style = WARTS_STYLE_2021;
		return swap16(n);
	}
	return n;
}

static int want_xs(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_dealias *)rec)->prefixscan.xc != 0;
}

static int dec_xs(struct wcur *c, void *rec, void *aux)
{
	warts_dealias *d = rec;
	warts_dealias_prefixscan *ps = &d->prefixscan;
	uint16_t n;

	if (wc_u16(c, &n) != 0)
		return -1;
	n = xs_count(c, n, d, aux);
	free(ps->xs);
	ps->xs = NULL;
	ps->xc = 0;
	/* the shortest address is a 5-byte reference */
	if (wc_array(c, n, sizeof(*ps->xs), 5, (void **)&ps->xs) != 0)
		return -1;
	ps->xc = n;
	for (uint16_t i = 0; i < n; i++)
		if (wc_addr(c, &ps->xs[i]) != 0)
			return -1;
	return 0;
}

static void enc_xs(struct wenc *e, const void *rec, const void *aux)
{
	const warts_dealias *d = rec;
	const warts_dealias_prefixscan *ps = &d->prefixscan;
	(void)aux;
	wb_u16(&e->b, d->style == WARTS_STYLE_2021 ? swap16(ps->xc) : ps->xc);
	for (uint16_t i = 0; i < ps->xc; i++)
		wenc_addr(e, &ps->xs[i]);
}

static const struct wfield prefixscan_fields[] = {
	WFV(1, WF_ADDR, WW_NONZERO, warts_dealias, prefixscan.a),
	WFV(2, WF_ADDR, WW_NONZERO, warts_dealias, prefixscan.b),
	WFV(3, WF_ADDR, WW_NONZERO, warts_dealias, prefixscan.ab),
	WFFN(4, WW_FN, want_xs, dec_xs, enc_xs, "prefixscan.xs"),
	WFV(5, WF_U8, WW_ALWAYS, warts_dealias, prefixscan.prefix),
	WFV(6, WF_U8, WW_ALWAYS, warts_dealias, prefixscan.attempts),
	WFV(7, WF_U16, WW_ALWAYS, warts_dealias, prefixscan.fudge),
	WFV(8, WF_U16, WW_ALWAYS, warts_dealias, prefixscan.wait_probe),
	WFV(9, WF_U8, WW_ALWAYS, warts_dealias, prefixscan.wait_timeout),
	WFFN(10, WW_FN, want_defc, dec_defc16, enc_defc16, "probedefc"),
	WFV(11, WF_U8, WW_NONZERO, warts_dealias, prefixscan.flags),
	WFD(12, WF_U8, 5, warts_dealias, prefixscan.replyc),
};

static const struct wfield bump_fields[] = {
	WFV(1, WF_U16, WW_ALWAYS, warts_dealias, bump.wait_probe),
	WFV(2, WF_U16, WW_ALWAYS, warts_dealias, bump.bump_limit),
	WFV(3, WF_U8, WW_ALWAYS, warts_dealias, bump.attempts),
};

static const struct wfield midarest_fields[] = {
	WFFN(1, WW_ALWAYS, NULL, dec_defc16, enc_defc16, "probedefc"),
	WFV(2, WF_U8, WW_ALWAYS, warts_dealias, midarest.rounds),
	WFV(3, WF_U32, WW_ALWAYS, warts_dealias, midarest.wait_probe),
	WFV(4, WF_U32, WW_ALWAYS, warts_dealias, midarest.wait_round),
	WFV(5, WF_U32, WW_ALWAYS, warts_dealias, midarest.wait_timeout),
};

static int want_sched(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_dealias *)rec)->midardisc.schedc != 0;
}

/* Bit 3: a u32 count, then per round a tv start, u32 begin, u32 end. */
static int dec_sched(struct wcur *c, void *rec, void *aux)
{
	warts_dealias_midardisc *md = &((warts_dealias *)rec)->midardisc;
	uint32_t n;
	(void)aux;
	if (wc_u32(c, &n) != 0)
		return -1;
	free(md->sched);
	md->sched = NULL;
	md->schedc = 0;
	if (wc_array(c, n, sizeof(*md->sched), 16, (void **)&md->sched) != 0)
		return -1;
	md->schedc = n;
	for (uint32_t i = 0; i < n; i++) {
		warts_dealias_midardisc_round *r = &md->sched[i];
		if (wc_tv(c, &r->start) != 0 || wc_u32(c, &r->begin) != 0 ||
		    wc_u32(c, &r->end) != 0)
			return -1;
	}
	return 0;
}

static void enc_sched(struct wenc *e, const void *rec, const void *aux)
{
	const warts_dealias_midardisc *md =
		&((const warts_dealias *)rec)->midardisc;
	(void)aux;
	wb_u32(&e->b, md->schedc);
	for (uint32_t i = 0; i < md->schedc; i++) {
		wb_tv(&e->b, &md->sched[i].start);
		wb_u32(&e->b, md->sched[i].begin);
		wb_u32(&e->b, md->sched[i].end);
	}
}

static int want_startat(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_dealias *)rec)->midardisc.startat != NULL;
}

static int dec_startat(struct wcur *c, void *rec, void *aux)
{
	warts_dealias_midardisc *md = &((warts_dealias *)rec)->midardisc;
	warts_tv tv;
	(void)aux;
	if (wc_tv(c, &tv) != 0)
		return -1;
	if (md->startat == NULL &&
	    (md->startat = malloc(sizeof(*md->startat))) == NULL)
		return wdec_fail(c->d, NULL, WARTS_ERR_NOMEM, "out of memory");
	*md->startat = tv;
	return 0;
}

static void enc_startat(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wb_tv(&e->b, ((const warts_dealias *)rec)->midardisc.startat);
}

static const struct wfield midardisc_fields[] = {
	WFV(1, WF_U32, WW_ALWAYS, warts_dealias, probedefc),
	WFV(2, WF_U32, WW_ALWAYS, warts_dealias, midardisc.wait_timeout),
	WFFN(3, WW_FN, want_sched, dec_sched, enc_sched, "midardisc.sched"),
	WFFN(4, WW_FN, want_startat, dec_startat, enc_startat,
	     "midardisc.startat"),
};

/*
 * What each method's block holds and how many probedefs follow it:
 * `fixed` for the methods whose count is implied, otherwise the count the
 * block records, between `min` and `max`.
 */
struct wmethod {
	struct wtable table;
	uint32_t      fixed, min, max;
};

static const struct wmethod methods[] = {
	[WARTS_DEALIAS_MERCATOR] = {
		WTABLE("dealias mercator params", mercator_fields), 1, 1, 1 },
	[WARTS_DEALIAS_ALLY] = {
		WTABLE("dealias ally params", ally_fields), 2, 2, 2 },
	[WARTS_DEALIAS_RADARGUN] = {
		WTABLE("dealias radargun params", radargun_fields),
		0, 1, UINT32_MAX },
	[WARTS_DEALIAS_PREFIXSCAN] = {
		WTABLE("dealias prefixscan params", prefixscan_fields),
		0, 0, UINT16_MAX },
	[WARTS_DEALIAS_BUMP] = {
		WTABLE("dealias bump params", bump_fields), 2, 2, 2 },
	[WARTS_DEALIAS_MIDAREST] = {
		WTABLE("dealias midarest params", midarest_fields),
		0, 1, UINT16_MAX },
	[WARTS_DEALIAS_MIDARDISC] = {
		WTABLE("dealias midardisc params", midardisc_fields),
		0, 1, UINT32_MAX },
};

static const struct wmethod *method_get(uint8_t method)
{
	if (method == 0 || method >= sizeof(methods) / sizeof(methods[0]))
		return NULL;
	return &methods[method];
}

static int method_read(struct wcur *c, warts_dealias *d,
                       const struct wmethod *m)
{
	struct wmask mask;
	struct wcur peek = *c;
	const uint8_t *at = c->p;
	uint16_t len;

	wdec_ctx(c->d, warts_dealias_method_name(d->method), -1);
	/* the flags alone, for the prefixscan excluded-address count */
	if (wparams_head(&peek, &mask, &len) != 0 ||
	    wparams_read(c, &m->table, d, &mask, NULL) != 0)
		return -1;
	if (m->fixed != 0)
		d->probedefc = m->fixed;
	else if (d->probedefc < m->min)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "no probedefs");
	return probedefs_read(c, d, d->probedefc);
}

/* ---- the dealias ------------------------------------------------------ */

static const struct wfield dealias_fields[] = {
	WFV(1, WF_LIST, WW_ALWAYS, warts_dealias, list),
	WFV(2, WF_CYCLE, WW_ALWAYS, warts_dealias, cycle),
	WFV(3, WF_TV, WW_ALWAYS, warts_dealias, start),
	WFV(4, WF_U8, WW_ALWAYS, warts_dealias, method),
	WFV(5, WF_U8, WW_NONZERO, warts_dealias, result),
	WFV(6, WF_U32, WW_NONZERO, warts_dealias, probec),
	WFV(7, WF_U32, WW_NONZERO, warts_dealias, userid),
	WFV(8, WF_STR, WW_NONZERO, warts_dealias, errmsg),
};
static const struct wtable dealias_table = WTABLE("dealias params",
                                                  dealias_fields);

static int dealias_decode(struct wdec *dd, struct wcur *c, void **out)
{
	const struct wmethod *m;
	warts_dealias *d;
	uint32_t probec;

	if ((d = warts_dealias_alloc()) == NULL)
		return wdec_fail(dd, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = d;
	if (wparams_read(c, &dealias_table, d, NULL, NULL) != 0)
		return -1;
	if ((m = method_get(d->method)) == NULL) {
		/* section 9: the rest of a method the reader does not know
		 * is ignored; probec stays the number the file holds */
		d->unknown_len = (uint32_t)wc_left(c);
		return wc_memdup(c, wc_left(c), &d->unknown);
	}
	probec = d->probec;
	if (method_read(c, d, m) != 0 || probes_read(c, d, probec) != 0)
		return -1;
	/* like scamper's reader, ignore anything after the last reply */
	return 0;
}

/*
 * Refuse what the file cannot hold or would read back differently.
 * wparams_write reports the rest (a missing dst or reply src).
 */
static int probedefs_check(struct wenc *e, const warts_dealias *d,
                           const struct wmethod *m)
{
	const char *name = warts_dealias_method_name(d->method);
	if (m->fixed != 0 && d->probedefc != m->fixed)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "%s needs %u probedefs, not %u", name,
		                 m->fixed, d->probedefc);
	if (d->probedefc < m->min || d->probedefc > m->max)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "%s cannot record %u probedefs", name,
		                 d->probedefc);
	if (d->probedefc > 0 && d->probedefs == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID, "probedefs is NULL");
	for (uint32_t i = 0; i < d->probedefc; i++) {
		const warts_dealias_probedef *p = &d->probedefs[i];
		if (!warts_dealias_probedef_is_icmp(p) &&
		    !warts_dealias_probedef_is_udp(p) &&
		    !warts_dealias_probedef_is_tcp(p))
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "probedef %u: unknown probe method %u",
			                 i, p->method);
	}
	return 0;
}

static int probes_check(struct wenc *e, const warts_dealias *d)
{
	if (d->probec > 0 && d->probes == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID, "probes is NULL");
	for (uint32_t i = 0; i < d->probec; i++) {
		const warts_dealias_probe *p = &d->probes[i];
		if (p->def >= d->probedefc)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "probe %u: def %u beyond the %u "
			                 "probedefs", i, p->def, d->probedefc);
		if (p->replyc > 0 && p->replies == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "probe %u: replies is NULL", i);
		for (uint16_t j = 0; j < p->replyc; j++) {
			const warts_dealias_reply *r = &p->replies[j];
			if (r->src.type == WARTS_ADDR_IPV4 && r->ipid > 0xffff)
				return wenc_fail(e, WARTS_ERR_INVALID,
				                 "probe %u reply %u: ipid %u "
				                 "is over 16 bits for an IPv4 "
				                 "reply", i, j, r->ipid);
		}
	}
	return 0;
}

static int method_check(struct wenc *e, const warts_dealias *d)
{
	if (d->method == WARTS_DEALIAS_PREFIXSCAN && d->prefixscan.xc > 0 &&
	    d->prefixscan.xs == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID, "prefixscan.xs is NULL");
	if (d->method == WARTS_DEALIAS_MIDARDISC && d->midardisc.schedc > 0 &&
	    d->midardisc.sched == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "midardisc.sched is NULL");
	return 0;
}

static int unknown_check(struct wenc *e, const warts_dealias *d)
{
	if (d->probes != NULL || d->probedefs != NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "method %u is unknown: its probedefs and "
		                 "probes cannot be written", d->method);
	if (d->unknown_len > 0 && d->unknown == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID, "unknown is NULL");
	return 0;
}

static void probes_write(struct wenc *e, const warts_dealias *d)
{
	for (uint32_t i = 0; i < d->probec; i++) {
		const warts_dealias_probe *p = &d->probes[i];
		wparams_write(e, &probe_table, p, d);
		for (uint16_t j = 0; j < p->replyc; j++)
			wparams_write(e, &reply_table, &p->replies[j], d);
	}
}

static int dealias_encode(struct wenc *e, const void *obj)
{
	const warts_dealias *d = obj;
	const struct wmethod *m = method_get(d->method);
	size_t start;

	if (m == NULL ? unknown_check(e, d) != 0 :
	    method_check(e, d) != 0 || probedefs_check(e, d, m) != 0 ||
	    probes_check(e, d) != 0)
		return -1;

	start = wenc_record_begin(e, WARTS_TYPE_DEALIAS);
	wparams_write(e, &dealias_table, d, NULL);
	if (m == NULL) {
		if (d->unknown_len > 0)
			wb_bytes(&e->b, d->unknown, d->unknown_len);
	} else {
		wparams_write(e, &m->table, d, d);
		for (uint32_t i = 0; i < d->probedefc; i++)
			wparams_write(e, &probedef_table, &d->probedefs[i], d);
		probes_write(e, d);
	}
	return wenc_record_end(e, start);
}

static void dealias_free(void *obj)
{
	warts_dealias_free(obj);
}

const struct wtype wtype_dealias = {
	.type = WARTS_TYPE_DEALIAS,
	.name = "dealias",
	.list_off = offsetof(warts_dealias, list),
	.cycle_off = offsetof(warts_dealias, cycle),
	.decode = dealias_decode,
	.encode = dealias_encode,
	.free = dealias_free,
	.json = dealias_json,
	.text = dealias_text,
	.dump = dealias_dump,
};
