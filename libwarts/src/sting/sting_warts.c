/*
 * sting_warts.c: the warts encoding of Sting measurements (record
 * type 12).
 *
 * Layout (warts-types.md section 12): the parameters, then `pktc` packet
 * blocks.  Two oddities of scamper's writer (section 12, "Oddities"):
 *
 * (a) For bit 16 it copies bytes from where the payload pointer is
 *     stored rather than from the payload, so the bytes in scamper's
 *     files are not the payload.  We keep whatever bytes the record holds
 *     and write the bytes we hold, so scamper's files read and written
 *     back are unchanged, and objects built in code carry their payload.
 *
 * (b) scamper 20260420 counts bit 23 (error message) as a string when it
 *     sizes the record but has no writer or reader for it.  We read and
 *     write it as a string: that is the encoding its sizing implies, and
 *     both scamper readers skip a bit they have no reader for by the
 *     parameter length (20211212 stops at its 22nd bit, 20260420 at its
 *     22nd handler), so they still read the rest of the record.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/sting.h"

#include "../codec.h"
#include "../params.h"
#include "sting_fmt.h"

/* Smallest packet block scamper's reader accepts: one flag byte, the
 * length, a 2-byte length parameter and at least one byte of data. */
#define STING_PKT_MIN 6

/* ---- packets --------------------------------------------------------- */

static int want_pkt_data(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_sting_pkt *)rec)->len != 0;
}

static int dec_pkt_data(struct wcur *c, void *rec, void *aux)
{
	warts_sting_pkt *p = rec;
	(void)aux;
	return wc_memdup(c, p->len, &p->data);
}

static void enc_pkt_data(struct wenc *e, const void *rec, const void *aux)
{
	const warts_sting_pkt *p = rec;
	(void)aux;
	wb_bytes(&e->b, p->data, p->len);
}

static const struct wfield pkt_fields[] = {
	WFV(1, WF_U8, WW_ALWAYS, warts_sting_pkt, flags),
	WFV(2, WF_TV, WW_ALWAYS, warts_sting_pkt, tv),
	WFV(3, WF_U16, WW_ALWAYS, warts_sting_pkt, len),
	WFFN(4, WW_FN, want_pkt_data, dec_pkt_data, enc_pkt_data, "data"),
};
static const struct wtable pkt_table = WTABLE("sting packet params",
                                              pkt_fields);

static int pkts_read(struct wcur *c, warts_sting *s, uint32_t n)
{
	if (wc_array(c, n, sizeof(*s->pkts), STING_PKT_MIN,
	             (void **)&s->pkts) != 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		warts_sting_pkt *p = &s->pkts[i];
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

/* ---- the sting ------------------------------------------------------- */

static int want_data(const void *rec, const void *aux)
{
	const warts_sting *s = rec;
	(void)aux;
	return s->datalen != 0 && s->data != NULL;
}

static int dec_data(struct wcur *c, void *rec, void *aux)
{
	warts_sting *s = rec;
	(void)aux;
	/* bit 15 precedes bit 16, so datalen is known (0 if absent) */
	return wc_memdup(c, s->datalen, &s->data);
}

static void enc_data(struct wenc *e, const void *rec, const void *aux)
{
	const warts_sting *s = rec;
	(void)aux;
	wb_bytes(&e->b, s->data, s->datalen);
}

static const struct wfield sting_fields[] = {
	WFV(1, WF_LIST, WW_NONZERO, warts_sting, list),
	WFV(2, WF_CYCLE, WW_NONZERO, warts_sting, cycle),
	WFV(3, WF_U32, WW_NONZERO, warts_sting, userid),
	WFV(4, WF_ADDR, WW_ALWAYS, warts_sting, src),
	WFV(5, WF_ADDR, WW_ALWAYS, warts_sting, dst),
	WFV(6, WF_U16, WW_ALWAYS, warts_sting, sport),
	WFV(7, WF_U16, WW_ALWAYS, warts_sting, dport),
	WFV(8, WF_U16, WW_ALWAYS, warts_sting, count),
	WFV(9, WF_U16, WW_ALWAYS, warts_sting, mean),
	WFV(10, WF_U16, WW_ALWAYS, warts_sting, inter),
	WFV(11, WF_U8, WW_ALWAYS, warts_sting, dist),
	WFV(12, WF_U8, WW_ALWAYS, warts_sting, synretx),
	WFV(13, WF_U8, WW_ALWAYS, warts_sting, dataretx),
	WFV(14, WF_U8, WW_ALWAYS, warts_sting, seqskip),
	WFV(15, WF_U16, WW_ALWAYS, warts_sting, datalen),
	WFFN(16, WW_FN, want_data, dec_data, enc_data, "data"),
	WFV(17, WF_TV, WW_ALWAYS, warts_sting, start),
	WFV(18, WF_TV, WW_ALWAYS, warts_sting, hsrtt),
	WFV(19, WF_U16, WW_ALWAYS, warts_sting, dataackc),
	WFV(20, WF_U16, WW_ALWAYS, warts_sting, holec),
	WFV(21, WF_U32, WW_ALWAYS, warts_sting, pktc),
	WFV(22, WF_U8, WW_NONZERO, warts_sting, result),
	WFV(23, WF_STR, WW_NONZERO, warts_sting, errmsg),
};
static const struct wtable sting_table = WTABLE("sting params",
                                                sting_fields);

static int sting_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_sting *s;
	uint32_t pktc;
	int rc;

	if ((s = warts_sting_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = s;
	rc = wparams_read(c, &sting_table, s, NULL, NULL);
	/* pktc counts the packets allocated so far: none yet */
	pktc = s->pktc;
	s->pktc = 0;
	if (rc != 0)
		return -1;
	if (!warts_addr_isset(&s->src))
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "no source");
	if (!warts_addr_isset(&s->dst))
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "no destination");
	return pkts_read(c, s, pktc);
}

static int sting_check(struct wenc *e, const warts_sting *s)
{
	if (s->pktc != 0 && s->pkts == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "sting pktc is %u but pkts is NULL", s->pktc);
	for (uint32_t i = 0; i < s->pktc; i++)
		if (s->pkts[i].len == 0 || s->pkts[i].data == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "sting packet %u has no data, which "
			                 "scamper's readers reject", i);
	return 0;
}

static int sting_encode(struct wenc *e, const void *obj)
{
	const warts_sting *s = obj;
	size_t start;

	if (sting_check(e, s) != 0)
		return -1;
	start = wenc_record_begin(e, WARTS_TYPE_STING);
	wparams_write(e, &sting_table, s, NULL);
	for (uint32_t i = 0; i < s->pktc; i++)
		wparams_write(e, &pkt_table, &s->pkts[i], s);
	return wenc_record_end(e, start);
}

static void sting_free(void *obj)
{
	warts_sting_free(obj);
}

const struct wtype wtype_sting = {
	.type = WARTS_TYPE_STING,
	.name = "sting",
	.list_off = offsetof(warts_sting, list),
	.cycle_off = offsetof(warts_sting, cycle),
	.decode = sting_decode,
	.encode = sting_encode,
	.free = sting_free,
	.json = sting_json,
	.text = sting_text,
	.dump = sting_dump,
};
