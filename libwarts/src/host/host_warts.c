/*
 * host_warts.c: the warts encoding of DNS measurements (record type 14).
 *
 * Layout (warts-types.md section 14): host parameters, then qcount query
 * blocks.  Each query block is followed by its answer RRs, then its
 * authority RRs, then its additional RRs, as many of each as the query's
 * an/ns/ar counts say.  An RR is a parameter block whose bit 5 holds its
 * parsed data: a u16 data kind, then a payload whose form the kind picks
 * (an address, a string, or a nested parameter block).
 *
 * The 2021 writer always included query bits 1 and 2 (tx and rx), even
 * when zero; the 2026 writer includes them only when set.  A zero time
 * present in the file is the evidence that sets host->style.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/host.h"

#include "../codec.h"
#include "../params.h"
#include "host_fmt.h"

/* An RR is at least a flag byte, the u16 length and its owner name's NUL
 * (the reader requires the name). */
#define RR_MIN_BYTES 4

/* An OPT element or SVCB parameter is at least its code and length. */
#define ELEM_MIN_BYTES 4

/* ---- (code, length, bytes) elements: OPT options, SVCB params ------- */

static int elems_read(struct wcur *c, uint16_t n, warts_host_rr_elem **out)
{
	warts_host_rr_elem *elems;
	if (wc_array(c, n, sizeof(*elems), ELEM_MIN_BYTES,
	             (void **)&elems) != 0)
		return -1;
	*out = elems; /* zeroed: the owner frees every slot on failure */
	for (uint16_t i = 0; i < n; i++) {
		warts_host_rr_elem *el = &elems[i];
		if (wc_u16(c, &el->code) != 0 || wc_u16(c, &el->len) != 0 ||
		    wc_memdup(c, el->len, &el->data) != 0)
			return -1;
	}
	return 0;
}

static void elems_write(struct wenc *e, const warts_host_rr_elem *elems,
                        uint16_t n)
{
	for (uint16_t i = 0; i < n; i++) {
		wb_u16(&e->b, elems[i].code);
		wb_u16(&e->b, elems[i].len);
		wb_bytes(&e->b, elems[i].data, elems[i].len);
	}
}

static int elems_check(struct wenc *e, const char *what,
                       const warts_host_rr_elem *elems, uint16_t n)
{
	if (n > 0 && elems == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "%s: count %u but no array", what, n);
	for (uint16_t i = 0; i < n; i++)
		if (elems[i].len > 0 && elems[i].data == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "%s %u: length %u but no data", what,
			                 i, elems[i].len);
	return 0;
}

/* ---- SOA ------------------------------------------------------------- */

/* scamper writes both names when mname is set (its rname test looks at
 * mname too); its reader requires both. */
static int want_soa_names(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_host_rr_soa *)rec)->mname != NULL;
}

static const struct wfield soa_fields[] = {
	WFW(1, WF_STR, want_soa_names, warts_host_rr_soa, mname),
	WFW(2, WF_STR, want_soa_names, warts_host_rr_soa, rname),
	WFV(3, WF_U32, WW_NONZERO, warts_host_rr_soa, serial),
	WFV(4, WF_U32, WW_NONZERO, warts_host_rr_soa, refresh),
	WFV(5, WF_U32, WW_NONZERO, warts_host_rr_soa, retry),
	WFV(6, WF_U32, WW_NONZERO, warts_host_rr_soa, expire),
	WFV(7, WF_U32, WW_NONZERO, warts_host_rr_soa, minimum),
};
static const struct wtable soa_table = WTABLE("host RR SOA params",
                                              soa_fields);

/* ---- MX -------------------------------------------------------------- */

static const struct wfield mx_fields[] = {
	WFV(1, WF_U16, WW_NONZERO, warts_host_rr_mx, preference),
	WFV(2, WF_STR, WW_NONZERO, warts_host_rr_mx, exchange),
};
static const struct wtable mx_table = WTABLE("host RR MX params", mx_fields);

/* ---- TXT ------------------------------------------------------------- */

static int want_txt_strs(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_host_rr_txt *)rec)->strc != 0;
}

/* Each string: a u8 length and that many bytes, any of them NUL. */
static int dec_txt_strs(struct wcur *c, void *rec, void *aux)
{
	warts_host_rr_txt *txt = rec;
	(void)aux;
	if (wc_array(c, txt->strc, sizeof(*txt->strs), 1,
	             (void **)&txt->strs) != 0)
		return -1;
	for (uint16_t i = 0; i < txt->strc; i++) {
		warts_host_txtstr *s = &txt->strs[i];
		const uint8_t *p;
		if (wc_u8(c, &s->len) != 0 || wc_bytes(c, s->len, &p) != 0)
			return -1;
		if ((s->data = malloc(s->len + 1u)) == NULL)
			return wdec_fail(c->d, c->p, WARTS_ERR_NOMEM,
			                 "out of memory");
		memcpy(s->data, p, s->len);
		s->data[s->len] = '\0';
	}
	return 0;
}

static void enc_txt_strs(struct wenc *e, const void *rec, const void *aux)
{
	const warts_host_rr_txt *txt = rec;
	(void)aux;
	for (uint16_t i = 0; i < txt->strc; i++) {
		wb_u8(&e->b, txt->strs[i].len);
		wb_bytes(&e->b, txt->strs[i].data, txt->strs[i].len);
	}
}

static const struct wfield txt_fields[] = {
	WFV(1, WF_U16, WW_NONZERO, warts_host_rr_txt, strc),
	WFFN(2, WW_FN, want_txt_strs, dec_txt_strs, enc_txt_strs, "strs"),
};
static const struct wtable txt_table = WTABLE("host RR TXT params",
                                              txt_fields);

/* ---- OPT ------------------------------------------------------------- */

static int want_opt_elems(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_host_rr_opt *)rec)->elemc != 0;
}

static int dec_opt_elems(struct wcur *c, void *rec, void *aux)
{
	warts_host_rr_opt *opt = rec;
	(void)aux;
	return elems_read(c, opt->elemc, &opt->elems);
}

static void enc_opt_elems(struct wenc *e, const void *rec, const void *aux)
{
	const warts_host_rr_opt *opt = rec;
	(void)aux;
	elems_write(e, opt->elems, opt->elemc);
}

static const struct wfield opt_fields[] = {
	WFV(1, WF_U16, WW_NONZERO, warts_host_rr_opt, elemc),
	WFFN(2, WW_FN, want_opt_elems, dec_opt_elems, enc_opt_elems, "elems"),
};
static const struct wtable opt_table = WTABLE("host RR OPT params",
                                              opt_fields);

/* ---- SVCB / HTTPS ---------------------------------------------------- */

static int want_svcb_params(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_host_rr_svcb *)rec)->paramc != 0;
}

static int dec_svcb_params(struct wcur *c, void *rec, void *aux)
{
	warts_host_rr_svcb *svcb = rec;
	(void)aux;
	return elems_read(c, svcb->paramc, &svcb->params);
}

static void enc_svcb_params(struct wenc *e, const void *rec, const void *aux)
{
	const warts_host_rr_svcb *svcb = rec;
	(void)aux;
	elems_write(e, svcb->params, svcb->paramc);
}

static const struct wfield svcb_fields[] = {
	WFV(1, WF_U16, WW_NONZERO, warts_host_rr_svcb, priority),
	WFV(2, WF_STR, WW_NONZERO, warts_host_rr_svcb, target),
	WFV(3, WF_U16, WW_NONZERO, warts_host_rr_svcb, paramc),
	WFFN(4, WW_FN, want_svcb_params, dec_svcb_params, enc_svcb_params,
	     "params"),
};
static const struct wtable svcb_table = WTABLE("host RR SVCB params",
                                               svcb_fields);

/* ---- RR data (RR bit 5) ---------------------------------------------- */

/*
 * Allocate the structure for a kind that has one and hang it on the RR
 * before reading into it, so that a failure part-way leaves it for
 * warts_host_rr_clear() to free.
 */
static void *rr_data_new(struct wcur *c, warts_host_rr *rr, uint16_t kind,
                         size_t size)
{
	void *p = calloc(1, size);
	if (p == NULL) {
		wdec_fail(c->d, c->p, WARTS_ERR_NOMEM, "out of memory");
		return NULL;
	}
	rr->kind = kind;
	switch (kind) {
	case WARTS_HOST_RR_SOA:  rr->data.soa = p; break;
	case WARTS_HOST_RR_MX:   rr->data.mx = p; break;
	case WARTS_HOST_RR_TXT:  rr->data.txt = p; break;
	case WARTS_HOST_RR_OPT:  rr->data.opt = p; break;
	default:                 rr->data.svcb = p; break;
	}
	return p;
}

static int dec_soa(struct wcur *c, warts_host_rr *rr)
{
	warts_host_rr_soa *soa;
	const uint8_t *at = c->p;
	if ((soa = rr_data_new(c, rr, WARTS_HOST_RR_SOA, sizeof(*soa))) == NULL ||
	    wparams_read(c, &soa_table, soa, NULL, NULL) != 0)
		return -1;
	if (soa->mname == NULL || soa->rname == NULL)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "SOA without mname and rname");
	return 0;
}

static int dec_mx(struct wcur *c, warts_host_rr *rr)
{
	warts_host_rr_mx *mx;
	const uint8_t *at = c->p;
	if ((mx = rr_data_new(c, rr, WARTS_HOST_RR_MX, sizeof(*mx))) == NULL ||
	    wparams_read(c, &mx_table, mx, NULL, NULL) != 0)
		return -1;
	if (mx->exchange == NULL)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "MX without an exchange");
	return 0;
}

static int dec_txt(struct wcur *c, warts_host_rr *rr)
{
	warts_host_rr_txt *txt;
	const uint8_t *at = c->p;
	if ((txt = rr_data_new(c, rr, WARTS_HOST_RR_TXT, sizeof(*txt))) == NULL ||
	    wparams_read(c, &txt_table, txt, NULL, NULL) != 0)
		return -1;
	if (txt->strc > 0 && txt->strs == NULL)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "TXT count %u without strings", txt->strc);
	return 0;
}

static int dec_opt(struct wcur *c, warts_host_rr *rr)
{
	warts_host_rr_opt *opt;
	const uint8_t *at = c->p;
	if ((opt = rr_data_new(c, rr, WARTS_HOST_RR_OPT, sizeof(*opt))) == NULL ||
	    wparams_read(c, &opt_table, opt, NULL, NULL) != 0)
		return -1;
	if (opt->elemc > 0 && opt->elems == NULL)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "OPT count %u without elements", opt->elemc);
	return 0;
}

static int dec_svcb(struct wcur *c, warts_host_rr *rr)
{
	warts_host_rr_svcb *svcb;
	const uint8_t *at = c->p;
	if ((svcb = rr_data_new(c, rr, WARTS_HOST_RR_SVCB,
	                        sizeof(*svcb))) == NULL ||
	    wparams_read(c, &svcb_table, svcb, NULL, NULL) != 0)
		return -1;
	if (svcb->paramc > 0 && svcb->params == NULL)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "SVCB count %u without params", svcb->paramc);
	return 0;
}

static int dec_rr_data(struct wcur *c, void *rec, void *aux)
{
	warts_host_rr *rr = rec;
	const uint8_t *at = c->p;
	uint16_t kind;
	(void)aux;

	if (wc_u16(c, &kind) != 0)
		return -1;
	switch (kind) {
	case WARTS_HOST_RR_ADDR:
		if (wc_addr(c, &rr->data.addr) != 0)
			return -1;
		rr->kind = kind;
		return 0;
	case WARTS_HOST_RR_STR:
		if (wc_str(c, &rr->data.str) != 0)
			return -1;
		rr->kind = kind;
		return 0;
	case WARTS_HOST_RR_SOA:  return dec_soa(c, rr);
	case WARTS_HOST_RR_MX:   return dec_mx(c, rr);
	case WARTS_HOST_RR_TXT:  return dec_txt(c, rr);
	case WARTS_HOST_RR_OPT:  return dec_opt(c, rr);
	case WARTS_HOST_RR_SVCB: return dec_svcb(c, rr);
	default:
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "unknown RR data kind %u", kind);
	}
}

static void enc_rr_data(struct wenc *e, const void *rec, const void *aux)
{
	const warts_host_rr *rr = rec;
	(void)aux;

	wb_u16(&e->b, rr->kind);
	switch (rr->kind) {
	case WARTS_HOST_RR_ADDR: wenc_addr(e, &rr->data.addr); break;
	case WARTS_HOST_RR_STR:  wb_str(&e->b, rr->data.str); break;
	case WARTS_HOST_RR_SOA:
		wparams_write(e, &soa_table, rr->data.soa, NULL);
		break;
	case WARTS_HOST_RR_MX:
		wparams_write(e, &mx_table, rr->data.mx, NULL);
		break;
	case WARTS_HOST_RR_TXT:
		wparams_write(e, &txt_table, rr->data.txt, NULL);
		break;
	case WARTS_HOST_RR_OPT:
		wparams_write(e, &opt_table, rr->data.opt, NULL);
		break;
	case WARTS_HOST_RR_SVCB:
		wparams_write(e, &svcb_table, rr->data.svcb, NULL);
		break;
	default:
		break;
	}
}

static int want_rr_data(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_host_rr *)rec)->kind != WARTS_HOST_RR_NONE;
}

/* ---- RRs ------------------------------------------------------------- */

static const struct wfield rr_fields[] = {
	WFV(1, WF_U16, WW_NONZERO, warts_host_rr, rrclass),
	WFV(2, WF_U16, WW_NONZERO, warts_host_rr, rrtype),
	WFV(3, WF_STR, WW_NONZERO, warts_host_rr, name),
	WFV(4, WF_U32, WW_NONZERO, warts_host_rr, ttl),
	WFFN(5, WW_FN, want_rr_data, dec_rr_data, enc_rr_data, "data"),
};
static const struct wtable rr_table = WTABLE("host RR params", rr_fields);

static int rr_read(struct wcur *c, warts_host_rr *rr)
{
	const uint8_t *at = c->p;
	int want;

	if (wparams_read(c, &rr_table, rr, NULL, NULL) != 0)
		return -1;
	if (rr->name == NULL)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "RR without an owner name");
	/* scamper's reader: data must be the kind its class and type call
	 * for */
	want = warts_host_rr_data_kind(rr->rrclass, rr->rrtype);
	if (rr->kind != WARTS_HOST_RR_NONE && rr->kind != want)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "data kind %u does not fit class %u type %u",
		                 rr->kind, rr->rrclass, rr->rrtype);
	return 0;
}

/*
 * Read n RRs into a new array.  The array is zeroed and hung on the
 * query before any is read, so the query's count (already n) frees them
 * all whatever happens.
 */
static int rrs_read(struct wcur *c, const char *what, uint16_t n,
                    warts_host_rr **out)
{
	if (wc_array(c, n, sizeof(**out), RR_MIN_BYTES, (void **)out) != 0)
		return -1;
	for (uint16_t i = 0; i < n; i++) {
		wdec_ctx(c->d, what, i);
		if (rr_read(c, &(*out)[i]) != 0)
			return -1;
	}
	return 0;
}

/* What the writer needs that the tables cannot check. */
static int rr_check(struct wenc *e, const char *what, unsigned i,
                    const warts_host_rr *rr)
{
	int want = warts_host_rr_data_kind(rr->rrclass, rr->rrtype);

	if (rr->name == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "%s RR %u: name is required", what, i);
	if (rr->kind == WARTS_HOST_RR_NONE)
		return 0;
	if (rr->kind != want)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "%s RR %u: data kind %u does not fit class %u "
		                 "type %u", what, i, rr->kind, rr->rrclass,
		                 rr->rrtype);
	switch (rr->kind) {
	case WARTS_HOST_RR_ADDR:
		if (!warts_addr_isset(&rr->data.addr))
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "%s RR %u: data.addr is required",
			                 what, i);
		return 0;
	case WARTS_HOST_RR_STR:
		if (rr->data.str == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "%s RR %u: data.str is required",
			                 what, i);
		return 0;
	case WARTS_HOST_RR_SOA:
		if (rr->data.soa == NULL || rr->data.soa->mname == NULL ||
		    rr->data.soa->rname == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "%s RR %u: SOA mname and rname are "
			                 "required", what, i);
		return 0;
	case WARTS_HOST_RR_MX:
		if (rr->data.mx == NULL || rr->data.mx->exchange == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "%s RR %u: MX exchange is required",
			                 what, i);
		return 0;
	case WARTS_HOST_RR_TXT: {
		const warts_host_rr_txt *txt = rr->data.txt;
		if (txt == NULL || (txt->strc > 0 && txt->strs == NULL))
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "%s RR %u: TXT strs is required",
			                 what, i);
		for (uint16_t j = 0; j < txt->strc; j++)
			if (txt->strs[j].len > 0 && txt->strs[j].data == NULL)
				return wenc_fail(e, WARTS_ERR_INVALID,
				                 "%s RR %u: TXT string %u has "
				                 "no data", what, i, j);
		return 0;
	}
	case WARTS_HOST_RR_OPT:
		if (rr->data.opt == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "%s RR %u: data.opt is required",
			                 what, i);
		return elems_check(e, "OPT element", rr->data.opt->elems,
		                   rr->data.opt->elemc);
	default: /* SVCB */
		if (rr->data.svcb == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "%s RR %u: data.svcb is required",
			                 what, i);
		return elems_check(e, "SVCB param", rr->data.svcb->params,
		                   rr->data.svcb->paramc);
	}
}

static int rrs_write(struct wenc *e, const char *what,
                     const warts_host_rr *rrs, uint16_t n)
{
	if (n > 0 && rrs == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "%s count %u but no RRs", what, n);
	for (uint16_t i = 0; i < n; i++) {
		if (rr_check(e, what, i, &rrs[i]) != 0)
			return -1;
		if (wparams_write(e, &rr_table, &rrs[i], NULL) != 0)
			return -1;
	}
	return 0;
}

/* ---- queries --------------------------------------------------------- */

/* The 2021 writer always wrote both times; 2026 only when set. */
static int want_tx(const void *rec, const void *aux)
{
	const warts_host *h = aux;
	return h->style == WARTS_STYLE_2021 ||
	       warts_tv_isset(&((const warts_host_query *)rec)->tx);
}

static int want_rx(const void *rec, const void *aux)
{
	const warts_host *h = aux;
	return h->style == WARTS_STYLE_2021 ||
	       warts_tv_isset(&((const warts_host_query *)rec)->rx);
}

static const struct wfield query_fields[] = {
	WFW(1, WF_TV, want_tx, warts_host_query, tx),
	WFW(2, WF_TV, want_rx, warts_host_query, rx),
	WFV(3, WF_U16, WW_NONZERO, warts_host_query, id),
	WFV(4, WF_U16, WW_NONZERO, warts_host_query, ancount),
	WFV(5, WF_U16, WW_NONZERO, warts_host_query, nscount),
	WFV(6, WF_U16, WW_NONZERO, warts_host_query, arcount),
	WFV(7, WF_U8, WW_NONZERO, warts_host_query, rcode),
	WFV(8, WF_U8, WW_NONZERO, warts_host_query, flags),
};
static const struct wtable query_table = WTABLE("host query params",
                                                query_fields);

static int query_read(struct wcur *c, warts_host *h, warts_host_query *q)
{
	struct wmask m;

	if (wparams_read(c, &query_table, q, h, &m) != 0)
		return -1;
	/* only the 2021 writer puts a zero time in the file */
	if ((wm_has(&m, 1) && !warts_tv_isset(&q->tx)) ||
	    (wm_has(&m, 2) && !warts_tv_isset(&q->rx)))
		h->style = WARTS_STYLE_2021;
	if (rrs_read(c, "answer RR", q->ancount, &q->an) != 0 ||
	    rrs_read(c, "authority RR", q->nscount, &q->ns) != 0 ||
	    rrs_read(c, "additional RR", q->arcount, &q->ar) != 0)
		return -1;
	return 0;
}

static int query_write(struct wenc *e, const warts_host *h,
                       const warts_host_query *q)
{
	if (wparams_write(e, &query_table, q, h) != 0 ||
	    rrs_write(e, "answer", q->an, q->ancount) != 0 ||
	    rrs_write(e, "authority", q->ns, q->nscount) != 0 ||
	    rrs_write(e, "additional", q->ar, q->arcount) != 0)
		return -1;
	return 0;
}

/* ---- the host measurement -------------------------------------------- */

static const struct wfield host_fields[] = {
	WFV(1, WF_LIST, WW_NONZERO, warts_host, list),
	WFV(2, WF_CYCLE, WW_NONZERO, warts_host, cycle),
	WFV(3, WF_U32, WW_NONZERO, warts_host, userid),
	WFV(4, WF_ADDR, WW_NONZERO, warts_host, src),
	WFV(5, WF_ADDR, WW_ALWAYS, warts_host, dst),
	WFV(6, WF_TV, WW_ALWAYS, warts_host, start),
	WFV(7, WF_U16, WW_NONZERO, warts_host, flags),
	WFV(8, WF_U16, WW_NONZERO, warts_host, wait_timeout),
	WFV(9, WF_U8, WW_NONZERO, warts_host, stop_reason),
	WFV(10, WF_U8, WW_NONZERO, warts_host, retries),
	WFV(11, WF_U16, WW_NONZERO, warts_host, qtype),
	WFV(12, WF_U16, WW_NONZERO, warts_host, qclass),
	WFV(13, WF_STR, WW_NONZERO, warts_host, qname),
	WFV(14, WF_U8, WW_NONZERO, warts_host, qcount),
	WFV(15, WF_STR, WW_NONZERO, warts_host, ecs),
	WFV(16, WF_STR, WW_NONZERO, warts_host, errmsg),
};
static const struct wtable host_table = WTABLE("host params", host_fields);

static int host_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_host *h;

	if ((h = warts_host_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = h;
	if (wparams_read(c, &host_table, h, NULL, NULL) != 0)
		return -1;
	if (!warts_addr_isset(&h->dst))
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "no destination");
	if (wc_array(c, h->qcount, sizeof(*h->queries), 1,
	             (void **)&h->queries) != 0)
		return -1;
	for (unsigned i = 0; i < h->qcount; i++) {
		wdec_ctx(d, "query", (long)i);
		if (query_read(c, h, &h->queries[i]) != 0)
			return -1;
	}
	/* scamper's reader ignores anything after the last RR */
	return 0;
}

static int host_encode(struct wenc *e, const void *obj)
{
	const warts_host *h = obj;
	size_t start = wenc_record_begin(e, WARTS_TYPE_HOST);

	if (h->qcount > 0 && h->queries == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "qcount %u but no queries", h->qcount);
	if (wparams_write(e, &host_table, h, NULL) != 0)
		return -1;
	for (unsigned i = 0; i < h->qcount; i++)
		if (query_write(e, h, &h->queries[i]) != 0)
			return -1;
	return wenc_record_end(e, start);
}

static void host_free(void *obj)
{
	warts_host_free(obj);
}

const struct wtype wtype_host = {
	.type = WARTS_TYPE_HOST,
	.name = "host",
	.list_off = offsetof(warts_host, list),
	.cycle_off = offsetof(warts_host, cycle),
	.decode = host_decode,
	.encode = host_encode,
	.free = host_free,
	.json = host_json,
	.dump = host_dump,
};
