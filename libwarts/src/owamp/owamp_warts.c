/*
 * owamp_warts.c: the warts encoding of OWAMP tests (record type 17).
 *
 * Layout (warts-types.md section 17; no corpus file holds one, so this
 * follows scamper's source): the owamp parameters, schedc schedule
 * records, then txc tx records, each directly followed by its rxc rx
 * records.  scamper writes type 17, though warts(5) says 0x0020.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/owamp.h"

#include "../codec.h"
#include "../params.h"
#include "owamp_fmt.h"

enum {
	OWAMP_DPORT    = 861,  /* the OWAMP control port, RFC 4656 */
	OWAMP_SCHEDC   = 1,
	OWAMP_ATTEMPTS = 10,
	OWAMP_PKTSIZE  = 20 + 8 + 14, /* IPv4 + UDP + unauthenticated test */
	OWAMP_TTL      = 255,
	OWAMP_WAIT_SEC = 2,
};

/* ---- schedule, tx and rx records ------------------------------------- */

static const struct wfield sched_fields[] = {
	WFV(1, WF_TV, WW_NONZERO, warts_owamp_sched, tv),
	WFV(2, WF_U8, WW_NONZERO, warts_owamp_sched, type),
};
static const struct wtable sched_table = WTABLE("owamp sched params",
                                                sched_fields);

static const struct wfield rx_fields[] = {
	WFV(1, WF_TV, WW_NONZERO, warts_owamp_rx, stamp),
	WFV(2, WF_U16, WW_NONZERO, warts_owamp_rx, errest),
	WFV(3, WF_U8, WW_NONZERO, warts_owamp_rx, flags),
	WFV(4, WF_U8, WW_NONZERO, warts_owamp_rx, dscp),
	WFV(5, WF_U8, WW_NONZERO, warts_owamp_rx, ttl),
};
static const struct wtable rx_table = WTABLE("owamp rx params", rx_fields);

static const struct wfield tx_fields[] = {
	WFV(1, WF_TV, WW_NONZERO, warts_owamp_tx, sched),
	WFV(2, WF_TV, WW_NONZERO, warts_owamp_tx, stamp),
	WFV(3, WF_U32, WW_NONZERO, warts_owamp_tx, seq),
	WFV(4, WF_U16, WW_NONZERO, warts_owamp_tx, errest),
	WFV(5, WF_U8, WW_NONZERO, warts_owamp_tx, flags),
	WFV(6, WF_U8, WW_NONZERO, warts_owamp_tx, rxc),
};
static const struct wtable tx_table = WTABLE("owamp tx params", tx_fields);

static int sched_read(struct wcur *c, warts_owamp *o)
{
	uint32_t n = o->schedc;

	/* keep the count consistent with the array until both exist */
	wdec_ctx(c->d, NULL, -1);
	o->schedc = 0;
	if (wc_array(c, n, sizeof(*o->sched), 1, (void **)&o->sched) != 0)
		return -1;
	o->schedc = n;
	for (uint32_t i = 0; i < n; i++) {
		wdec_ctx(c->d, "sched", (long)i);
		if (wparams_read(c, &sched_table, &o->sched[i], o, NULL) != 0)
			return -1;
	}
	return 0;
}

/* A tx record and the rx records after it; *seen numbers rx records in
 * file order, for error messages. */
static int tx_read(struct wcur *c, warts_owamp_tx *tx, long *seen)
{
	uint8_t n;

	if (wparams_read(c, &tx_table, tx, NULL, NULL) != 0)
		return -1;
	n = tx->rxc;
	tx->rxc = 0;
	if (wc_array(c, n, sizeof(*tx->rxs), 1, (void **)&tx->rxs) != 0)
		return -1;
	tx->rxc = n;
	for (unsigned j = 0; j < n; j++) {
		wdec_ctx(c->d, "rx", (*seen)++);
		if (wparams_read(c, &rx_table, &tx->rxs[j], NULL, NULL) != 0)
			return -1;
	}
	return 0;
}

static int txs_read(struct wcur *c, warts_owamp *o)
{
	uint32_t n = o->txc;
	long seen = 0;

	wdec_ctx(c->d, NULL, -1);
	o->txc = 0;
	if (wc_array(c, n, sizeof(*o->txs), 1, (void **)&o->txs) != 0)
		return -1;
	o->txc = n;
	for (uint32_t i = 0; i < n; i++) {
		wdec_ctx(c->d, "tx", (long)i);
		if (tx_read(c, &o->txs[i], &seen) != 0)
			return -1;
	}
	return 0;
}

/* ---- the owamp parameters -------------------------------------------- */

static int want_wait(const void *rec, const void *aux)
{
	const warts_owamp *o = rec;
	(void)aux;
	return o->wait_timeout.sec != OWAMP_WAIT_SEC ||
	       o->wait_timeout.usec != 0;
}

static const struct wfield owamp_fields[] = {
	WFV(1, WF_LIST, WW_NONZERO, warts_owamp, list),
	WFV(2, WF_CYCLE, WW_NONZERO, warts_owamp, cycle),
	WFV(3, WF_U32, WW_NONZERO, warts_owamp, userid),
	WFV(4, WF_SADDR, WW_NONZERO, warts_owamp, src),
	WFV(5, WF_SADDR, WW_NONZERO, warts_owamp, dst),
	WFD(6, WF_U16, OWAMP_DPORT, warts_owamp, dport),
	WFV(7, WF_U16, WW_NONZERO, warts_owamp, flags),
	WFV(8, WF_TV, WW_NONZERO, warts_owamp, start),
	WFV(9, WF_TV, WW_NONZERO, warts_owamp, startat),
	/* absent: the 2 s that warts_owamp_alloc() sets stays */
	WFW(10, WF_TV, want_wait, warts_owamp, wait_timeout),
	WFD(11, WF_U32, OWAMP_SCHEDC, warts_owamp, schedc),
	WFD(12, WF_U32, OWAMP_ATTEMPTS, warts_owamp, attempts),
	WFD(13, WF_U16, OWAMP_PKTSIZE, warts_owamp, pktsize),
	WFV(14, WF_U8, WW_NONZERO, warts_owamp, dir),
	WFV(15, WF_U8, WW_NONZERO, warts_owamp, dscp),
	WFD(16, WF_U8, OWAMP_TTL, warts_owamp, ttl),
	WFV(17, WF_U32, WW_NONZERO, warts_owamp, hsrtt),
	WFV(18, WF_U8, WW_NONZERO, warts_owamp, result),
	WFV(19, WF_STR, WW_NONZERO, warts_owamp, errmsg),
	WFV(20, WF_U16, WW_NONZERO, warts_owamp, udp_sport),
	WFV(21, WF_U16, WW_NONZERO, warts_owamp, udp_dport),
	WFV(22, WF_U32, WW_NONZERO, warts_owamp, txc),
};
static const struct wtable owamp_table = WTABLE("owamp params",
                                                owamp_fields);

/* ---- the record ------------------------------------------------------ */

static int owamp_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_owamp *o;

	if ((o = warts_owamp_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = o;
	if (wparams_read(c, &owamp_table, o, NULL, NULL) != 0)
		return -1;
	/* an absent schedule count means one schedule record follows */
	if (sched_read(c, o) != 0 || txs_read(c, o) != 0)
		return -1;
	return 0;
}

static int owamp_check(struct wenc *e, const warts_owamp *o)
{
	if (o->schedc > 0 && o->sched == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "owamp schedc is %u but sched is NULL",
		                 o->schedc);
	if (o->txc > 0 && o->txs == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "owamp txc is %u but txs is NULL", o->txc);
	for (uint32_t i = 0; i < o->txc; i++)
		if (o->txs[i].rxc > 0 && o->txs[i].rxs == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "owamp tx %u rxc is %u but rxs is "
			                 "NULL",
			                 i, o->txs[i].rxc);
	return 0;
}

static int owamp_encode(struct wenc *e, const void *obj)
{
	const warts_owamp *o = obj;
	size_t start;

	if (owamp_check(e, o) != 0)
		return -1;
	start = wenc_record_begin(e, WARTS_TYPE_OWAMP);
	if (wparams_write(e, &owamp_table, o, NULL) != 0)
		return -1;
	for (uint32_t i = 0; i < o->schedc; i++)
		if (wparams_write(e, &sched_table, &o->sched[i], o) != 0)
			return -1;
	for (uint32_t i = 0; i < o->txc; i++) {
		const warts_owamp_tx *tx = &o->txs[i];
		if (wparams_write(e, &tx_table, tx, o) != 0)
			return -1;
		for (unsigned j = 0; j < tx->rxc; j++)
			if (wparams_write(e, &rx_table, &tx->rxs[j], o) != 0)
				return -1;
	}
	return wenc_record_end(e, start);
}

static void owamp_free(void *obj)
{
	warts_owamp_free(obj);
}

const struct wtype wtype_owamp = {
	.type = WARTS_TYPE_OWAMP,
	.name = "owamp",
	.list_off = offsetof(warts_owamp, list),
	.cycle_off = offsetof(warts_owamp, cycle),
	.decode = owamp_decode,
	.encode = owamp_encode,
	.free = owamp_free,
	.json = owamp_json,
	.dump = owamp_dump,
};
