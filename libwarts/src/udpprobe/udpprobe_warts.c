/*
 * udpprobe_warts.c: the warts encoding of UDP probes (record type 16).
 *
 * Layout (warts-types.md section 16), kept compatible with the first
 * version of the format, which had one probe:
 *   1. the udpprobe parameters, which also carry probe 0's source port
 *      (bit 6) and reply count (bit 14); probe 0's tx time is the start;
 *   2. probe 0's reply records;
 *   3. one probe record for each of probes 1 .. probe_sent-1;
 *   4. the reply records of probes 1 .. probe_sent-1, concatenated in
 *      probe order, each probe's share given by its reply count.
 * The public struct is a plain array of probes; this file translates.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/udpprobe.h"

#include "../codec.h"
#include "../params.h"
#include "udpprobe_fmt.h"

/* What the parameters say about probe 0, before the probes exist. */
struct probe0 {
	uint16_t sport;
	uint8_t  replyc;
};

/* ---- replies --------------------------------------------------------- */

static int want_reply_data(const void *rec, const void *aux)
{
	const warts_udpprobe_reply *r = rec;
	(void)aux;
	return r->data != NULL && r->len != 0;
}

static int dec_reply_data(struct wcur *c, void *rec, void *aux)
{
	warts_udpprobe_reply *r = rec;
	(void)aux;
	free(r->data);
	return wc_memdup(c, r->len, &r->data);
}

static void enc_reply_data(struct wenc *e, const void *rec, const void *aux)
{
	const warts_udpprobe_reply *r = rec;
	(void)aux;
	wb_bytes(&e->b, r->data, r->len);
}

static int want_reply_ifname(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_udpprobe_reply *)rec)->ifname != NULL;
}

static int dec_reply_ifname(struct wcur *c, void *rec, void *aux)
{
	warts_udpprobe_reply *r = rec;
	(void)aux;
	free(r->ifname);
	return wc_ifname(c, &r->ifname);
}

static void enc_reply_ifname(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wenc_ifname(e, ((const warts_udpprobe_reply *)rec)->ifname);
}

static const struct wfield reply_fields[] = {
	WFV(1, WF_TV, WW_NONZERO, warts_udpprobe_reply, rx),
	WFW(2, WF_U16, want_reply_data, warts_udpprobe_reply, len),
	WFFN(3, WW_FN, want_reply_data, dec_reply_data, enc_reply_data,
	     "data"),
	WFFN(4, WW_FN, want_reply_ifname, dec_reply_ifname, enc_reply_ifname,
	     "ifname"),
};
static const struct wtable reply_table = WTABLE("udpprobe reply params",
                                                reply_fields);

/*
 * Read the replies of probe i (as many as its reply count says).  *seen
 * numbers replies in file order, for error messages.
 */
static int replies_read(struct wcur *c, warts_udpprobe_probe *p, unsigned i,
                        long *seen)
{
	uint8_t n = p->replyc;

	wdec_ctx(c->d, "probe", (long)i);
	p->replyc = 0;
	if (wc_array(c, n, sizeof(*p->replies), 1, (void **)&p->replies) != 0)
		return -1;
	p->replyc = n;
	for (unsigned j = 0; j < n; j++) {
		wdec_ctx(c->d, "reply", (*seen)++);
		if (wparams_read(c, &reply_table, &p->replies[j], NULL,
		                 NULL) != 0)
			return -1;
	}
	return 0;
}

static int replies_write(struct wenc *e, const warts_udpprobe_probe *p)
{
	for (unsigned j = 0; j < p->replyc; j++)
		if (wparams_write(e, &reply_table, &p->replies[j], NULL) != 0)
			return -1;
	return 0;
}

/* ---- probes 1 .. N-1 ------------------------------------------------- */

static const struct wfield probe_fields[] = {
	WFV(1, WF_TV, WW_ALWAYS, warts_udpprobe_probe, tx),
	WFV(2, WF_U16, WW_ALWAYS, warts_udpprobe_probe, sport),
	WFV(3, WF_U8, WW_NONZERO, warts_udpprobe_probe, replyc),
};
static const struct wtable probe_table = WTABLE("udpprobe probe params",
                                                probe_fields);

/* ---- the udpprobe parameters ----------------------------------------- */

static int has_probe0(const warts_udpprobe *up)
{
	return up->probe_sent > 0 && up->probes != NULL;
}

static int want_p0_sport(const void *rec, const void *aux)
{
	(void)aux;
	return has_probe0(rec);
}

static int dec_p0_sport(struct wcur *c, void *rec, void *aux)
{
	(void)rec;
	return wc_u16(c, &((struct probe0 *)aux)->sport);
}

static void enc_p0_sport(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wb_u16(&e->b, ((const warts_udpprobe *)rec)->probes[0].sport);
}

static int want_p0_replyc(const void *rec, const void *aux)
{
	const warts_udpprobe *up = rec;
	(void)aux;
	return has_probe0(up) && up->probes[0].replyc != 0;
}

static int dec_p0_replyc(struct wcur *c, void *rec, void *aux)
{
	(void)rec;
	return wc_u8(c, &((struct probe0 *)aux)->replyc);
}

static void enc_p0_replyc(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wb_u8(&e->b, ((const warts_udpprobe *)rec)->probes[0].replyc);
}

static int want_payload(const void *rec, const void *aux)
{
	const warts_udpprobe *up = rec;
	(void)aux;
	return up->data != NULL && up->len != 0;
}

static int dec_payload(struct wcur *c, void *rec, void *aux)
{
	warts_udpprobe *up = rec;
	(void)aux;
	free(up->data);
	return wc_memdup(c, up->len, &up->data);
}

static void enc_payload(struct wenc *e, const void *rec, const void *aux)
{
	const warts_udpprobe *up = rec;
	(void)aux;
	wb_bytes(&e->b, up->data, up->len);
}

static const struct wfield udpprobe_fields[] = {
	WFV(1, WF_LIST, WW_NONZERO, warts_udpprobe, list),
	WFV(2, WF_CYCLE, WW_NONZERO, warts_udpprobe, cycle),
	WFV(3, WF_U32, WW_NONZERO, warts_udpprobe, userid),
	WFV(4, WF_SADDR, WW_NONZERO, warts_udpprobe, src),
	WFV(5, WF_SADDR, WW_NONZERO, warts_udpprobe, dst),
	WFFN(6, WW_FN, want_p0_sport, dec_p0_sport, enc_p0_sport,
	     "probe 0 sport"),
	WFV(7, WF_U16, WW_NONZERO, warts_udpprobe, dport),
	WFV(8, WF_TV, WW_NONZERO, warts_udpprobe, start),
	WFV(9, WF_U32, WW_NONZERO, warts_udpprobe, wait_timeout),
	WFV(10, WF_U8, WW_NONZERO, warts_udpprobe, flags),
	WFV(11, WF_U8, WW_NONZERO, warts_udpprobe, stop_reason),
	WFW(12, WF_U16, want_payload, warts_udpprobe, len),
	WFFN(13, WW_FN, want_payload, dec_payload, enc_payload, "data"),
	WFFN(14, WW_FN, want_p0_replyc, dec_p0_replyc, enc_p0_replyc,
	     "probe 0 replyc"),
	WFD(15, WF_U8, 1, warts_udpprobe, probe_count),
	WFD(16, WF_U8, 1, warts_udpprobe, probe_sent),
	WFV(17, WF_U8, WW_NONZERO, warts_udpprobe, stop_count),
	WFV(18, WF_U16, WW_NONZERO, warts_udpprobe, sport),
	WFV(19, WF_U32, WW_NONZERO, warts_udpprobe, wait_probe),
	WFV(20, WF_STR, WW_NONZERO, warts_udpprobe, errmsg),
};
static const struct wtable udpprobe_table = WTABLE("udpprobe params",
                                                   udpprobe_fields);

/* ---- the record ------------------------------------------------------ */

static int udpprobe_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_udpprobe *up;
	struct probe0 p0 = {0, 0};
	uint8_t n;
	long seen = 0;

	if ((up = warts_udpprobe_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = up;
	if (wparams_read(c, &udpprobe_table, up, &p0, NULL) != 0)
		return -1;

	/* with no probe sent, scamper's reader ignores bits 6 and 14 */
	n = up->probe_sent;
	up->probe_sent = 0;
	if (n == 0)
		return 0;

	/*
	 * Probe 0 takes no bytes of its own, so wc_array's bound does not
	 * apply; the count is a u8, which bounds the allocation instead.
	 */
	if ((up->probes = calloc(n, sizeof(*up->probes))) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	up->probe_sent = n;
	up->probes[0].sport = p0.sport;
	up->probes[0].replyc = p0.replyc;
	up->probes[0].tx = up->start;
	if (replies_read(c, &up->probes[0], 0, &seen) != 0)
		return -1;

	for (unsigned i = 1; i < n; i++) {
		wdec_ctx(d, "probe", (long)i);
		if (wparams_read(c, &probe_table, &up->probes[i], NULL,
		                 NULL) != 0)
			return -1;
	}
	for (unsigned i = 1; i < n; i++)
		if (replies_read(c, &up->probes[i], i, &seen) != 0)
			return -1;
	return 0;
}

static int udpprobe_check(struct wenc *e, const warts_udpprobe *up)
{
	if (up->probe_sent > 0 && up->probes == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "udpprobe probe_sent is %u but probes is NULL",
		                 up->probe_sent);
	for (unsigned i = 0; i < up->probe_sent; i++) {
		const warts_udpprobe_probe *p = &up->probes[i];
		if (p->replyc > 0 && p->replies == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "udpprobe probe %u replyc is %u but "
			                 "replies is NULL", i, p->replyc);
	}
	return 0;
}

static int udpprobe_encode(struct wenc *e, const void *obj)
{
	const warts_udpprobe *up = obj;
	size_t start;

	if (udpprobe_check(e, up) != 0)
		return -1;
	start = wenc_record_begin(e, WARTS_TYPE_UDPPROBE);
	if (wparams_write(e, &udpprobe_table, up, NULL) != 0)
		return -1;
	if (up->probe_sent > 0 && replies_write(e, &up->probes[0]) != 0)
		return -1;
	for (unsigned i = 1; i < up->probe_sent; i++)
		if (wparams_write(e, &probe_table, &up->probes[i], NULL) != 0)
			return -1;
	for (unsigned i = 1; i < up->probe_sent; i++)
		if (replies_write(e, &up->probes[i]) != 0)
			return -1;
	return wenc_record_end(e, start);
}

static void udpprobe_free(void *obj)
{
	warts_udpprobe_free(obj);
}

const struct wtype wtype_udpprobe = {
	.type = WARTS_TYPE_UDPPROBE,
	.name = "udpprobe",
	.list_off = offsetof(warts_udpprobe, list),
	.cycle_off = offsetof(warts_udpprobe, cycle),
	.decode = udpprobe_decode,
	.encode = udpprobe_encode,
	.free = udpprobe_free,
	.json = udpprobe_json,
	.dump = udpprobe_dump,
};
