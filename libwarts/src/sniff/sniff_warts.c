/*
 * sniff_warts.c: the warts encoding of packet captures (record type 13).
 *
 * Layout (warts-types.md section 13): the parameters, then `pktc` packet
 * blocks.  scamper 20211212 and 20260420 write the same bytes, but for
 * bit 12 (error message), which only 20260420 knows.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/sniff.h"

#include "../codec.h"
#include "../params.h"
#include "sniff_fmt.h"

/* Smallest packet block scamper's reader accepts: one flag byte, the
 * length, a 2-byte length parameter and at least one byte of data. */
#define SNIFF_PKT_MIN 6

/* ---- packets --------------------------------------------------------- */

static int want_pkt_data(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_sniff_pkt *)rec)->len != 0;
}

static int dec_pkt_data(struct wcur *c, void *rec, void *aux)
{
	warts_sniff_pkt *p = rec;
	(void)aux;
	/* bit 2 precedes bit 3, so len is known (0 if absent) */
	return wc_memdup(c, p->len, &p->data);
}

static void enc_pkt_data(struct wenc *e, const void *rec, const void *aux)
{
	const warts_sniff_pkt *p = rec;
	(void)aux;
	wb_bytes(&e->b, p->data, p->len);
}

static const struct wfield pkt_fields[] = {
	WFV(1, WF_TV, WW_ALWAYS, warts_sniff_pkt, tv),
	WFV(2, WF_U16, WW_ALWAYS, warts_sniff_pkt, len),
	WFFN(3, WW_FN, want_pkt_data, dec_pkt_data, enc_pkt_data, "data"),
};
static const struct wtable pkt_table = WTABLE("sniff packet params",
                                              pkt_fields);

static int pkts_read(struct wcur *c, warts_sniff *s, uint32_t n)
{
	if (wc_array(c, n, sizeof(*s->pkts), SNIFF_PKT_MIN,
	             (void **)&s->pkts) != 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		warts_sniff_pkt *p = &s->pkts[i];
		s->pktc = i + 1; /* so that a failure frees it */
		wdec_ctx(c->d, "packet", (long)i);
		if (wparams_read(c, &pkt_table, p, NULL, NULL) != 0)
			return -1;
		/* scamper's reader rejects a packet without bytes */
		if (p->data == NULL)
			return wdec_fail(c->d, NULL, WARTS_ERR_CORRUPT,
			                 "packet without data");
	}
	return 0;
}

/* ---- the sniff ------------------------------------------------------- */

static const struct wfield sniff_fields[] = {
	WFV(1, WF_LIST, WW_NONZERO, warts_sniff, list),
	WFV(2, WF_CYCLE, WW_NONZERO, warts_sniff, cycle),
	WFV(3, WF_U32, WW_NONZERO, warts_sniff, userid),
	WFV(4, WF_ADDR, WW_ALWAYS, warts_sniff, src),
	WFV(5, WF_TV, WW_ALWAYS, warts_sniff, start),
	WFV(6, WF_TV, WW_ALWAYS, warts_sniff, finish),
	WFV(7, WF_U8, WW_ALWAYS, warts_sniff, stop_reason),
	WFV(8, WF_U32, WW_ALWAYS, warts_sniff, limit_pktc),
	WFV(9, WF_U16, WW_ALWAYS, warts_sniff, limit_time),
	WFV(10, WF_U32, WW_ALWAYS, warts_sniff, pktc),
	WFV(11, WF_U16, WW_ALWAYS, warts_sniff, icmpid),
	WFV(12, WF_STR, WW_NONZERO, warts_sniff, errmsg),
};
static const struct wtable sniff_table = WTABLE("sniff params",
                                                sniff_fields);

static int sniff_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_sniff *s;
	uint32_t pktc;
	int rc;

	if ((s = warts_sniff_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = s;
	rc = wparams_read(c, &sniff_table, s, NULL, NULL);
	/* pktc counts the packets allocated so far: none yet */
	pktc = s->pktc;
	s->pktc = 0;
	if (rc != 0)
		return -1;
	if (!warts_addr_isset(&s->src))
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "no source");
	return pkts_read(c, s, pktc);
}

static int sniff_check(struct wenc *e, const warts_sniff *s)
{
	if (s->pktc != 0 && s->pkts == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "sniff pktc is %u but pkts is NULL", s->pktc);
	for (uint32_t i = 0; i < s->pktc; i++)
		if (s->pkts[i].len == 0 || s->pkts[i].data == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "sniff packet %u has no data, which "
			                 "scamper's readers reject", i);
	return 0;
}

static int sniff_encode(struct wenc *e, const void *obj)
{
	const warts_sniff *s = obj;
	size_t start;

	if (sniff_check(e, s) != 0)
		return -1;
	start = wenc_record_begin(e, WARTS_TYPE_SNIFF);
	wparams_write(e, &sniff_table, s, NULL);
	for (uint32_t i = 0; i < s->pktc; i++)
		wparams_write(e, &pkt_table, &s->pkts[i], s);
	return wenc_record_end(e, start);
}

static void sniff_free(void *obj)
{
	warts_sniff_free(obj);
}

const struct wtype wtype_sniff = {
	.type = WARTS_TYPE_SNIFF,
	.name = "sniff",
	.list_off = offsetof(warts_sniff, list),
	.cycle_off = offsetof(warts_sniff, cycle),
	.decode = sniff_decode,
	.encode = sniff_encode,
	.free = sniff_free,
	.json = sniff_json,
	.dump = sniff_dump,
};
