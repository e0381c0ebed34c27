/*
 * neighbourdisc_warts.c: the warts encoding of neighbour discovery
 * (record type 10).
 *
 * Layout (warts-types.md section 10, "§ND"): the parameters, then `probec`
 * probe blocks, each followed by its `rxc` reply blocks.
 *
 * scamper 20211212 wrote a malformed probe block whenever the probe had
 * replies: it sized the reply count as 4 bytes but wrote 2, so the block
 * declares 12 bytes of parameters and holds 10, and the record ends with
 * 2 zero bytes per such probe (the unused end of its zero-filled buffer).
 * Both of scamper's readers reject those records.  We read them by §ND's
 * tolerant rule (a probe block whose flags are exactly 0x03 and whose
 * length is 12 holds 10 bytes), note WARTS_STYLE_2021, and write the same
 * bytes again for an object of that style.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/neighbourdisc.h"

#include "../codec.h"
#include "../params.h"
#include "neighbourdisc_fmt.h"

/* The one probe block the 2021 writer got wrong: flags 0x03, length 12. */
#define ND2021_PROBE_FLAGS  0x03
#define ND2021_PROBE_LEN    12
#define ND2021_PROBE_REAL   10  /* tx (8) and reply count (2) */
#define ND2021_PAD          (ND2021_PROBE_LEN - ND2021_PROBE_REAL)

/* Smallest reply block: one flag byte, the length, a 5-byte MAC reference. */
#define ND_REPLY_MIN        8

/* ---- replies and probes ---------------------------------------------- */

static const struct wfield reply_fields[] = {
	WFV(1, WF_TV, WW_ALWAYS, warts_neighbourdisc_reply, rx),
	WFV(2, WF_ADDR, WW_ALWAYS, warts_neighbourdisc_reply, mac),
};
static const struct wtable reply_table = WTABLE("neighbourdisc reply params",
                                                reply_fields);

static const struct wfield probe_fields[] = {
	WFV(1, WF_TV, WW_ALWAYS, warts_neighbourdisc_probe, tx),
	WFV(2, WF_U16, WW_NONZERO, warts_neighbourdisc_probe, rxc),
};
static const struct wtable probe_table = WTABLE("neighbourdisc probe params",
                                                probe_fields);

/*
 * Does the block at c open with the 2021 defect?  Looks without moving c;
 * on a yes, *params is the cursor just past the flags and length.
 */
static int probe_is_2021(const struct wcur *c, struct wcur *params)
{
	struct wmask m;
	uint16_t len;
	*params = *c;
	if (wc_left(c) < 3 || c->p[0] != ND2021_PROBE_FLAGS)
		return 0;
	if (wparams_head(params, &m, &len) != 0)
		return 0; /* cannot happen with 3 bytes left; be safe */
	return len == ND2021_PROBE_LEN;
}

static int probe_read_2021(struct wcur *c, struct wcur *after_head,
                           warts_neighbourdisc_probe *p)
{
	struct wcur params;
	*c = *after_head;
	if (wc_sub(c, ND2021_PROBE_REAL, &params) != 0 ||
	    wc_tv(&params, &p->tx) != 0 || wc_u16(&params, &p->rxc) != 0)
		return -1;
	return 0;
}

static int replies_read(struct wcur *c, warts_neighbourdisc_probe *p)
{
	/* a reply owns no memory, so the array is all a failure leaves */
	if (wc_array(c, p->rxc, sizeof(*p->rxs), ND_REPLY_MIN,
	             (void **)&p->rxs) != 0)
		return -1;
	for (uint16_t i = 0; i < p->rxc; i++) {
		warts_neighbourdisc_reply *r = &p->rxs[i];
		/* the context stays "probe N"; messages name the reply */
		if (wparams_read(c, &reply_table, r, NULL, NULL) != 0)
			return -1;
		if (!warts_addr_isset(&r->mac))
			return wdec_fail(c->d, NULL, WARTS_ERR_CORRUPT,
			                 "reply %u has no MAC address", i);
	}
	return 0;
}

static int probes_read(struct wcur *c, warts_neighbourdisc *nd, uint16_t n)
{
	if (wc_array(c, n, sizeof(*nd->probes), 1, (void **)&nd->probes) != 0)
		return -1;
	for (uint16_t i = 0; i < n; i++) {
		warts_neighbourdisc_probe *p = &nd->probes[i];
		struct wcur after_head;
		nd->probec = (uint16_t)(i + 1); /* so that a failure frees it */
		wdec_ctx(c->d, "probe", i);
		if (probe_is_2021(c, &after_head)) {
			if (probe_read_2021(c, &after_head, p) != 0)
				return -1;
			nd->style = WARTS_STYLE_2021;
		} else if (wparams_read(c, &probe_table, p, NULL, NULL) != 0) {
			return -1;
		}
		if (replies_read(c, p) != 0)
			return -1;
	}
	/*
	 * A 2021 record ends with its zero padding; like scamper's readers
	 * we do not look at bytes after the last probe.
	 */
	return 0;
}

/* ---- the neighbourdisc ----------------------------------------------- */

static const struct wfield nd_fields[] = {
	WFV(1, WF_LIST, WW_NONZERO, warts_neighbourdisc, list),
	WFV(2, WF_CYCLE, WW_NONZERO, warts_neighbourdisc, cycle),
	WFV(3, WF_U32, WW_NONZERO, warts_neighbourdisc, userid),
	WFV(4, WF_STR, WW_NONZERO, warts_neighbourdisc, ifname),
	WFV(5, WF_TV, WW_ALWAYS, warts_neighbourdisc, start),
	WFV(6, WF_U8, WW_ALWAYS, warts_neighbourdisc, method),
	WFV(7, WF_U16, WW_ALWAYS, warts_neighbourdisc, wait_timeout),
	WFV(8, WF_U8, WW_ALWAYS, warts_neighbourdisc, flags),
	WFV(9, WF_U16, WW_ALWAYS, warts_neighbourdisc, attempts),
	WFV(10, WF_U16, WW_ALWAYS, warts_neighbourdisc, replyc),
	WFV(11, WF_ADDR, WW_NONZERO, warts_neighbourdisc, src_ip),
	WFV(12, WF_ADDR, WW_NONZERO, warts_neighbourdisc, src_mac),
	WFV(13, WF_ADDR, WW_NONZERO, warts_neighbourdisc, dst_ip),
	WFV(14, WF_ADDR, WW_NONZERO, warts_neighbourdisc, dst_mac),
	WFV(15, WF_U16, WW_NONZERO, warts_neighbourdisc, probec),
	WFV(16, WF_STR, WW_NONZERO, warts_neighbourdisc, errmsg),
};
static const struct wtable nd_table = WTABLE("neighbourdisc params",
                                             nd_fields);

static int nd_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_neighbourdisc *nd;
	uint16_t probec;
	int rc;

	if ((nd = warts_neighbourdisc_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = nd;
	rc = wparams_read(c, &nd_table, nd, NULL, NULL);
	/* probec counts the probes allocated so far: none yet */
	probec = nd->probec;
	nd->probec = 0;
	if (rc != 0)
		return -1;
	/*
	 * scamper 20211212's reader also insists on bits 12 (src MAC) and
	 * 13 (dst IP); 20260420's insists on nothing, and writes records
	 * without them, so neither is required here.
	 */
	return probes_read(c, nd, probec);
}

static int nd_check(struct wenc *e, const warts_neighbourdisc *nd)
{
	if (nd->probec != 0 && nd->probes == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "neighbourdisc probec is %u but probes is NULL",
		                 nd->probec);
	for (uint16_t i = 0; i < nd->probec; i++) {
		const warts_neighbourdisc_probe *p = &nd->probes[i];
		if (p->rxc != 0 && p->rxs == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "neighbourdisc probe %u: rxc is %u but "
			                 "rxs is NULL", i, p->rxc);
		for (uint16_t j = 0; j < p->rxc; j++)
			if (!warts_addr_isset(&p->rxs[j].mac))
				return wenc_fail(e, WARTS_ERR_INVALID,
				                 "neighbourdisc probe %u reply "
				                 "%u: mac is required", i, j);
	}
	return 0;
}

static int nd_encode(struct wenc *e, const void *obj)
{
	const warts_neighbourdisc *nd = obj;
	size_t start, pad = 0;

	if (nd_check(e, nd) != 0)
		return -1;
	start = wenc_record_begin(e, WARTS_TYPE_NEIGHBOURDISC);
	wparams_write(e, &nd_table, nd, NULL);
	for (uint16_t i = 0; i < nd->probec; i++) {
		const warts_neighbourdisc_probe *p = &nd->probes[i];
		size_t at = e->b.len;
		wparams_write(e, &probe_table, p, nd);
		if (nd->style == WARTS_STYLE_2021 && p->rxc != 0) {
			/* the block is 0x03, length, tx, rxc: one flag byte */
			wb_put_u16(&e->b, at + 1, ND2021_PROBE_LEN);
			pad += ND2021_PAD;
		}
		for (uint16_t j = 0; j < p->rxc; j++)
			wparams_write(e, &reply_table, &p->rxs[j], nd);
	}
	while (pad-- > 0)
		wb_u8(&e->b, 0);
	return wenc_record_end(e, start);
}

static void nd_free(void *obj)
{
	warts_neighbourdisc_free(obj);
}

const struct wtype wtype_neighbourdisc = {
	.type = WARTS_TYPE_NEIGHBOURDISC,
	.name = "neighbourdisc",
	.list_off = offsetof(warts_neighbourdisc, list),
	.cycle_off = offsetof(warts_neighbourdisc, cycle),
	.decode = nd_decode,
	.encode = nd_encode,
	.free = nd_free,
	.json = neighbourdisc_json,
	.dump = neighbourdisc_dump,
};
