/*
 * trace_warts.c: the warts encoding of traceroutes (record type 6).
 *
 * Layout (warts-types.md section 6): trace parameters, a u16 count of hop
 * records and the hops, then attribute blocks (PMTUD, last-ditch,
 * Doubletree), each behind a u16 header holding its type in the top 4
 * bits and its length in the low 12, and a final u16 zero.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/trace.h"

#include "../codec.h"
#include "../params.h"
#include "trace_fmt.h"

enum {
	ATTR_EOF       = 0,
	ATTR_PMTUD     = 1,
	ATTR_LASTDITCH = 2,
	ATTR_DTREE     = 3,
};

/* ---- hops ------------------------------------------------------------ */

static int hop_is_icmp(const warts_trace_hop *h)
{
	return warts_trace_hop_is_icmp(h);
}

/* An ICMP message that quotes the probe: v4 unreachable or time exceeded,
 * v6 unreachable, too big or time exceeded. */
static int hop_is_icmp_q(const warts_trace_hop *h)
{
	if (!hop_is_icmp(h))
		return 0;
	if (h->addr.type == WARTS_ADDR_IPV4)
		return h->icmp_type == 3 || h->icmp_type == 11;
	if (h->addr.type == WARTS_ADDR_IPV6)
		return h->icmp_type >= 1 && h->icmp_type <= 3;
	return 0;
}

static int hop_is_ptb(const warts_trace_hop *h)
{
	if (!hop_is_icmp(h))
		return 0;
	if (h->addr.type == WARTS_ADDR_IPV4)
		return h->icmp_type == 3 && h->icmp_code == 4;
	if (h->addr.type == WARTS_ADDR_IPV6)
		return h->icmp_type == 2;
	return 0;
}

static int want_icmp_tc(const void *rec, const void *aux)
{
	(void)aux;
	return hop_is_icmp(rec);
}

static int want_nhmtu(const void *rec, const void *aux)
{
	(void)aux;
	return hop_is_ptb(rec);
}

static int want_q_ipl(const void *rec, const void *aux)
{
	const warts_trace_hop *h = rec;
	const warts_trace *t = aux;
	return hop_is_icmp_q(h) && h->icmp_q_ipl != t->probe_size;
}

static int want_q_ttl(const void *rec, const void *aux)
{
	const warts_trace_hop *h = rec;
	(void)aux;
	return hop_is_icmp_q(h) && h->icmp_q_ttl != 1;
}

static int want_q_tos(const void *rec, const void *aux)
{
	const warts_trace_hop *h = rec;
	const warts_trace *t = aux;
	if (!hop_is_icmp_q(h))
		return 0;
	/* scamper 2021 recorded the quoted ToS of IPv4 replies only */
	return t->style != WARTS_STYLE_2021 || h->addr.type == WARTS_ADDR_IPV4;
}

static int want_tcp_flags(const void *rec, const void *aux)
{
	(void)aux;
	return (((const warts_trace_hop *)rec)->flags & WARTS_TRACE_HOP_TCP) != 0;
}

static int want_icmpext(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_trace_hop *)rec)->icmpext.count > 0;
}

static int want_tx(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_trace_hop *)rec)->tx.sec != 0;
}

/* Bit 5 stores the attempt number minus one. */
static int dec_probe_id(struct wcur *c, void *rec, void *aux)
{
	warts_trace_hop *h = rec;
	(void)aux;
	if (wc_u8(c, &h->probe_id) != 0)
		return -1;
	h->probe_id = (uint8_t)(h->probe_id + 1);
	return 0;
}

static void enc_probe_id(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wb_u8(&e->b, (uint8_t)(((const warts_trace_hop *)rec)->probe_id - 1));
}

static int dec_icmp_tc(struct wcur *c, void *rec, void *aux)
{
	warts_trace_hop *h = rec;
	(void)aux;
	if (wc_u8(c, &h->icmp_type) != 0 || wc_u8(c, &h->icmp_code) != 0)
		return -1;
	return 0;
}

static void enc_icmp_tc(struct wenc *e, const void *rec, const void *aux)
{
	const warts_trace_hop *h = rec;
	(void)aux;
	wb_u8(&e->b, h->icmp_type);
	wb_u8(&e->b, h->icmp_code);
}

static int dec_icmpext(struct wcur *c, void *rec, void *aux)
{
	(void)aux;
	return wc_icmpexts(c, &((warts_trace_hop *)rec)->icmpext);
}

static void enc_icmpext(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wenc_icmpexts(e, &((const warts_trace_hop *)rec)->icmpext);
}

static const struct wfield hop_fields[] = {
	WFV(1, WF_GID, WW_NEVER, warts_trace_hop, addr),
	WFV(2, WF_U8, WW_ALWAYS, warts_trace_hop, probe_ttl),
	WFV(3, WF_U8, WW_ALWAYS, warts_trace_hop, reply_ttl),
	WFV(4, WF_U8, WW_ALWAYS, warts_trace_hop, flags),
	WFFN(5, WW_ALWAYS, NULL, dec_probe_id, enc_probe_id, "probe_id"),
	WFV(6, WF_U32, WW_ALWAYS, warts_trace_hop, rtt),
	WFFN(7, WW_FN, want_icmp_tc, dec_icmp_tc, enc_icmp_tc, "icmp type"),
	WFV(8, WF_U16, WW_ALWAYS, warts_trace_hop, probe_size),
	WFV(9, WF_U16, WW_ALWAYS, warts_trace_hop, reply_size),
	WFV(10, WF_U16, WW_NONZERO, warts_trace_hop, reply_ipid),
	WFV(11, WF_U8, WW_ALWAYS, warts_trace_hop, reply_tos),
	WFW(12, WF_U16, want_nhmtu, warts_trace_hop, icmp_nhmtu),
	WFW(13, WF_U16, want_q_ipl, warts_trace_hop, icmp_q_ipl),
	WFW(14, WF_U8, want_q_ttl, warts_trace_hop, icmp_q_ttl),
	WFW(15, WF_U8, want_tcp_flags, warts_trace_hop, tcp_flags),
	WFW(16, WF_U8, want_q_tos, warts_trace_hop, icmp_q_tos),
	WFFN(17, WW_FN, want_icmpext, dec_icmpext, enc_icmpext, "icmpext"),
	WFV(18, WF_ADDR, WW_NONZERO, warts_trace_hop, addr),
	WFW(19, WF_TV, want_tx, warts_trace_hop, tx),
	WFV(20, WF_STR, WW_NONZERO, warts_trace_hop, name),
};
static const struct wtable hop_table = WTABLE("trace hop params", hop_fields);

/*
 * Read n hop records into a new array.  A 2021 writer leaves out the
 * quoted ToS of IPv6 replies; seeing that sets the trace's style.
 */
static int hops_read(struct wcur *c, warts_trace *t, const char *what,
                     uint16_t n, warts_trace_hop **out, uint16_t *count)
{
	warts_trace_hop *hops;
	if (wc_array(c, n, sizeof(*hops), 1, (void **)&hops) != 0)
		return -1;
	*out = hops;
	for (uint16_t i = 0; i < n; i++) {
		warts_trace_hop *h = &hops[i];
		struct wmask m;
		*count = (uint16_t)(i + 1); /* so that a failure frees it */
		wdec_ctx(c->d, what, i);
		if (wparams_read(c, &hop_table, h, t, &m) != 0)
			return -1;
		if (!warts_addr_isset(&h->addr))
			return wdec_fail(c->d, NULL, WARTS_ERR_CORRUPT,
			                 "reply without an address");
		if (hop_is_icmp_q(h)) {
			if (!wm_has(&m, 14))
				h->icmp_q_ttl = 1;
			if (!wm_has(&m, 13))
				h->icmp_q_ipl = h->probe_size;
			if (h->addr.type == WARTS_ADDR_IPV6 && !wm_has(&m, 16))
				t->style = WARTS_STYLE_2021;
		}
	}
	return 0;
}

static void hops_write(struct wenc *e, const warts_trace *t,
                       const warts_trace_hop *hops, uint16_t n)
{
	wb_u16(&e->b, n);
	for (uint16_t i = 0; i < n; i++)
		wparams_write(e, &hop_table, &hops[i], t);
}

/* ---- PMTUD ----------------------------------------------------------- */

static const struct wfield pmtud_fields[] = {
	WFV(1, WF_U16, WW_NONZERO, warts_trace_pmtud, ifmtu),
	WFV(2, WF_U16, WW_NONZERO, warts_trace_pmtud, pmtu),
	WFV(3, WF_U16, WW_NONZERO, warts_trace_pmtud, outmtu),
	{ .bit = 4, .enc = WF_U8, .when = WW_ALWAYS, .dflt = 1,
	  .off = offsetof(warts_trace_pmtud, ver), .name = "ver" },
	WFV(5, WF_U8, WW_NONZERO, warts_trace_pmtud, notec),
};
static const struct wtable pmtud_table = WTABLE("trace pmtud params",
                                                pmtud_fields);

static int want_note_hop(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_trace_pmtud_note *)rec)->hop >= 0;
}

static int dec_note_hop(struct wcur *c, void *rec, void *aux)
{
	uint16_t v;
	(void)aux;
	if (wc_u16(c, &v) != 0)
		return -1;
	((warts_trace_pmtud_note *)rec)->hop = v;
	return 0;
}

static void enc_note_hop(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wb_u16(&e->b, (uint16_t)((const warts_trace_pmtud_note *)rec)->hop);
}

static const struct wfield note_fields[] = {
	WFV(1, WF_U8, WW_NONZERO, warts_trace_pmtud_note, type),
	WFV(2, WF_U16, WW_NONZERO, warts_trace_pmtud_note, nhmtu),
	WFFN(3, WW_FN, want_note_hop, dec_note_hop, enc_note_hop, "hop"),
};
static const struct wtable note_table = WTABLE("trace pmtud note params",
                                               note_fields);

static int pmtud_read(struct wcur *c, warts_trace *t)
{
	warts_trace_pmtud *p;
	uint16_t hopc;

	if (t->pmtud != NULL)
		return wdec_fail(c->d, c->p, WARTS_ERR_CORRUPT,
		                 "second PMTUD block");
	if ((t->pmtud = p = calloc(1, sizeof(*p))) == NULL)
		return wdec_fail(c->d, c->p, WARTS_ERR_NOMEM, "out of memory");
	wdec_ctx(c->d, "pmtud", -1);
	if (wparams_read(c, &pmtud_table, p, t, NULL) != 0 ||
	    wc_u16(c, &hopc) != 0 ||
	    hops_read(c, t, "pmtud hop", hopc, &p->hops, &p->hopc) != 0)
		return -1;
	if (wc_array(c, p->notec, sizeof(*p->notes), 1,
	             (void **)&p->notes) != 0)
		return -1;
	for (unsigned i = 0; i < p->notec; i++) {
		p->notes[i].hop = -1;
		wdec_ctx(c->d, "pmtud note", (long)i);
		if (wparams_read(c, &note_table, &p->notes[i], t, NULL) != 0)
			return -1;
		if (p->notes[i].hop >= p->hopc)
			return wdec_fail(c->d, NULL, WARTS_ERR_CORRUPT,
			                 "refers to hop %d of %u",
			                 (int)p->notes[i].hop, p->hopc);
	}
	return 0;
}

static void pmtud_write(struct wenc *e, const warts_trace *t)
{
	const warts_trace_pmtud *p = t->pmtud;
	wparams_write(e, &pmtud_table, p, t);
	hops_write(e, t, p->hops, p->hopc);
	for (unsigned i = 0; i < p->notec; i++)
		wparams_write(e, &note_table, &p->notes[i], t);
}

/* ---- last-ditch ------------------------------------------------------ */

static const struct wtable lastditch_table = { "trace lastditch params",
                                               NULL, 0 };

static int lastditch_read(struct wcur *c, warts_trace *t)
{
	warts_trace_lastditch *l;
	uint16_t hopc;
	if (t->lastditch != NULL)
		return wdec_fail(c->d, c->p, WARTS_ERR_CORRUPT,
		                 "second last-ditch block");
	if ((t->lastditch = l = calloc(1, sizeof(*l))) == NULL)
		return wdec_fail(c->d, c->p, WARTS_ERR_NOMEM, "out of memory");
	wdec_ctx(c->d, "lastditch", -1);
	if (wparams_read(c, &lastditch_table, l, t, NULL) != 0 ||
	    wc_u16(c, &hopc) != 0 ||
	    hops_read(c, t, "lastditch hop", hopc, &l->hops, &l->hopc) != 0)
		return -1;
	return 0;
}

static void lastditch_write(struct wenc *e, const warts_trace *t)
{
	wparams_write(e, &lastditch_table, t->lastditch, t);
	hops_write(e, t, t->lastditch->hops, t->lastditch->hopc);
}

/* ---- Doubletree ------------------------------------------------------ */

static const struct wfield dtree_fields[] = {
	WFV(1, WF_GID, WW_NEVER, warts_trace_dtree, lss_stop),
	WFV(2, WF_GID, WW_NEVER, warts_trace_dtree, gss_stop),
	WFV(3, WF_U8, WW_ALWAYS, warts_trace_dtree, firsthop),
	WFV(4, WF_ADDR, WW_NONZERO, warts_trace_dtree, lss_stop),
	WFV(5, WF_ADDR, WW_NONZERO, warts_trace_dtree, gss_stop),
	WFV(6, WF_STR, WW_NONZERO, warts_trace_dtree, lss_name),
	WFV(7, WF_U8, WW_NONZERO, warts_trace_dtree, flags),
};
static const struct wtable dtree_table = WTABLE("trace doubletree params",
                                                dtree_fields);

static int dtree_read(struct wcur *c, warts_trace *t)
{
	if (t->dtree != NULL)
		return wdec_fail(c->d, c->p, WARTS_ERR_CORRUPT,
		                 "second doubletree block");
	if ((t->dtree = calloc(1, sizeof(*t->dtree))) == NULL)
		return wdec_fail(c->d, c->p, WARTS_ERR_NOMEM, "out of memory");
	wdec_ctx(c->d, "doubletree", -1);
	return wparams_read(c, &dtree_table, t->dtree, t, NULL);
}

/* ---- the trace ------------------------------------------------------- */

static int want_squeries(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_trace *)rec)->squeries >= 2;
}

static const struct wfield trace_fields[] = {
	WFV(1, WF_LIST, WW_ALWAYS, warts_trace, list),
	WFV(2, WF_CYCLE, WW_ALWAYS, warts_trace, cycle),
	WFV(3, WF_GID, WW_NEVER, warts_trace, src),
	WFV(4, WF_GID, WW_NEVER, warts_trace, dst),
	WFV(5, WF_TV, WW_ALWAYS, warts_trace, start),
	WFV(6, WF_U8, WW_ALWAYS, warts_trace, stop_reason),
	WFV(7, WF_U8, WW_ALWAYS, warts_trace, stop_data),
	WFV(8, WF_LO8, WW_NONZERO, warts_trace, flags),
	WFV(9, WF_U8, WW_ALWAYS, warts_trace, attempts),
	WFV(10, WF_U8, WW_ALWAYS, warts_trace, hoplimit),
	WFV(11, WF_U8, WW_ALWAYS, warts_trace, type),
	WFV(12, WF_U16, WW_ALWAYS, warts_trace, probe_size),
	WFV(13, WF_U16, WW_ALWAYS, warts_trace, sport),
	WFV(14, WF_U16, WW_ALWAYS, warts_trace, dport),
	WFV(15, WF_U8, WW_ALWAYS, warts_trace, firsthop),
	WFV(16, WF_U8, WW_ALWAYS, warts_trace, tos),
	WFV(17, WF_U8, WW_ALWAYS, warts_trace, wait),
	WFV(18, WF_U8, WW_ALWAYS, warts_trace, loops),
	WFV(19, WF_U16, WW_ALWAYS, warts_trace, hop_count),
	WFV(20, WF_U8, WW_ALWAYS, warts_trace, gaplimit),
	WFV(21, WF_U8, WW_ALWAYS, warts_trace, gapaction),
	WFV(22, WF_U8, WW_ALWAYS, warts_trace, loopaction),
	WFV(23, WF_U16, WW_ALWAYS, warts_trace, probec),
	WFV(24, WF_U8, WW_ALWAYS, warts_trace, wait_probe),
	WFV(25, WF_U8, WW_ALWAYS, warts_trace, confidence),
	WFV(26, WF_ADDR, WW_NONZERO, warts_trace, src),
	WFV(27, WF_ADDR, WW_ALWAYS, warts_trace, dst),
	WFV(28, WF_U32, WW_NONZERO, warts_trace, userid),
	WFV(29, WF_U16, WW_NONZERO, warts_trace, offset),
	WFV(30, WF_SADDR, WW_NONZERO, warts_trace, rtr),
	WFW(31, WF_U8, want_squeries, warts_trace, squeries),
	WFV(32, WF_U32, WW_ABOVE8, warts_trace, flags),
	WFV(33, WF_U8, WW_NONZERO, warts_trace, stop_hop),
	WFV(34, WF_STR, WW_NONZERO, warts_trace, errmsg),
};
static const struct wtable trace_table = WTABLE("trace params",
                                                trace_fields);

static int trace_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_trace *t;
	uint16_t hopc, hdr;

	if ((t = warts_trace_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = t;
	if (wparams_read(c, &trace_table, t, NULL, NULL) != 0)
		return -1;
	if (t->squeries < 2)
		t->squeries = 1;
	if (!warts_addr_isset(&t->dst))
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "no destination");
	if (wc_u16(c, &hopc) != 0 ||
	    hops_read(c, t, "hop", hopc, &t->hops, &t->hopc) != 0)
		return -1;

	/* a trace that does not say how many hops it probed: the highest */
	if (t->hop_count == 0)
		for (uint16_t i = 0; i < hopc; i++)
			if (t->hops[i].probe_ttl > t->hop_count)
				t->hop_count = t->hops[i].probe_ttl;

	/* attribute blocks, until a zero header or the end of the record */
	while (wc_left(c) > 0) {
		struct wcur a;
		int rc = 0;
		if (wc_u16(c, &hdr) != 0)
			return -1;
		if (hdr == ATTR_EOF)
			break;
		if (wc_sub(c, hdr & 0x0fff, &a) != 0)
			return -1;
		switch (hdr >> 12) {
		case ATTR_PMTUD:     rc = pmtud_read(&a, t); break;
		case ATTR_LASTDITCH: rc = lastditch_read(&a, t); break;
		case ATTR_DTREE:     rc = dtree_read(&a, t); break;
		default:             break; /* skipped by its length */
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Encode one attribute block behind its 4-bit type, 12-bit length. */
static int attr_write(struct wenc *e, const warts_trace *t, unsigned type,
                      void (*body)(struct wenc *, const warts_trace *))
{
	size_t at = e->b.len, len;
	wb_u16(&e->b, 0);
	body(e, t);
	len = e->b.len - at - 2;
	if (len > 0x0fff)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "trace attribute %u takes %zu bytes; warts "
		                 "allows 4095", type, len);
	wb_put_u16(&e->b, at, (uint16_t)((type << 12) | len));
	return 0;
}

static void dtree_write(struct wenc *e, const warts_trace *t)
{
	wparams_write(e, &dtree_table, t->dtree, t);
}

static int trace_encode(struct wenc *e, const void *obj)
{
	const warts_trace *t = obj;
	size_t start = wenc_record_begin(e, WARTS_TYPE_TRACE);

	wparams_write(e, &trace_table, t, NULL);
	hops_write(e, t, t->hops, t->hopc);
	if (t->pmtud != NULL)
		attr_write(e, t, ATTR_PMTUD, pmtud_write);
	if (t->lastditch != NULL)
		attr_write(e, t, ATTR_LASTDITCH, lastditch_write);
	if (t->dtree != NULL)
		attr_write(e, t, ATTR_DTREE, dtree_write);
	wb_u16(&e->b, ATTR_EOF);
	return wenc_record_end(e, start);
}

static void trace_free(void *obj)
{
	warts_trace_free(obj);
}

const struct wtype wtype_trace = {
	.type = WARTS_TYPE_TRACE,
	.name = "trace",
	.list_off = offsetof(warts_trace, list),
	.cycle_off = offsetof(warts_trace, cycle),
	.decode = trace_decode,
	.encode = trace_encode,
	.free = trace_free,
	.json = trace_json,
	.text = trace_text,
	.dump = trace_dump,
};
