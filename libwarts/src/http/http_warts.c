/*
 * http_warts.c: the warts encoding of HTTP fetches (record type 15).
 *
 * Layout (warts-types.md section 15): the http parameters; bufc buffer
 * records; then attributes, each a u8 type, a u32 length and that many
 * bytes, read while at least 5 bytes of the record remain.  Attribute 1
 * is the ECH config list, 2 the ECH retry config; others are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/http.h"

#include "../codec.h"
#include "../params.h"
#include "http_fmt.h"

enum {
	ATTR_ECH_CONFIG_LIST  = 1,
	ATTR_ECH_RETRY_CONFIG = 2,
	ATTR_HDRLEN           = 5,  /* u8 type + u32 length */
};

/* ---- buffers --------------------------------------------------------- */

/* Bit 1 packs the direction into the top bit and the type below it. */
static int want_buf_dirtype(const void *rec, const void *aux)
{
	const warts_http_buf *b = rec;
	(void)aux;
	return b->dir != 0 || b->type != 0;
}

static int dec_buf_dirtype(struct wcur *c, void *rec, void *aux)
{
	warts_http_buf *b = rec;
	uint8_t v;
	(void)aux;
	if (wc_u8(c, &v) != 0)
		return -1;
	b->dir = (uint8_t)(v >> 7);
	b->type = (uint8_t)(v & 0x7f);
	return 0;
}

static void enc_buf_dirtype(struct wenc *e, const void *rec, const void *aux)
{
	const warts_http_buf *b = rec;
	(void)aux;
	wb_u8(&e->b, (uint8_t)((b->dir << 7) | b->type));
}

/* Bits 3 and 4: the length and the bytes, both only when there are any. */
static int want_buf_data(const void *rec, const void *aux)
{
	const warts_http_buf *b = rec;
	(void)aux;
	return b->data != NULL && b->len != 0;
}

static int dec_buf_data(struct wcur *c, void *rec, void *aux)
{
	warts_http_buf *b = rec;
	(void)aux;
	free(b->data);
	return wc_memdup(c, b->len, &b->data);
}

static void enc_buf_data(struct wenc *e, const void *rec, const void *aux)
{
	const warts_http_buf *b = rec;
	(void)aux;
	wb_bytes(&e->b, b->data, b->len);
}

static const struct wfield buf_fields[] = {
	WFFN(1, WW_FN, want_buf_dirtype, dec_buf_dirtype, enc_buf_dirtype,
	     "dir/type"),
	WFV(2, WF_TV, WW_NONZERO, warts_http_buf, tv),
	WFW(3, WF_U16, want_buf_data, warts_http_buf, len),
	WFFN(4, WW_FN, want_buf_data, dec_buf_data, enc_buf_data, "data"),
};
static const struct wtable buf_table = WTABLE("http buf params", buf_fields);

static int bufs_read(struct wcur *c, warts_http *h)
{
	uint32_t n = h->bufc;

	/* the count came from the params: make the object consistent with
	 * what is allocated before anything can fail */
	h->bufc = 0;
	if (wc_array(c, n, sizeof(*h->bufs), 1, (void **)&h->bufs) != 0)
		return -1;
	h->bufc = n;
	for (uint32_t i = 0; i < n; i++) {
		wdec_ctx(c->d, "buf", (long)i);
		if (wparams_read(c, &buf_table, &h->bufs[i], NULL, NULL) != 0)
			return -1;
	}
	wdec_ctx(c->d, NULL, -1);
	return 0;
}

static int bufs_write(struct wenc *e, const warts_http *h)
{
	if (h->bufc > 0 && h->bufs == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "http bufc is %u but bufs is NULL", h->bufc);
	for (uint32_t i = 0; i < h->bufc; i++) {
		const warts_http_buf *b = &h->bufs[i];
		if (b->dir > 1 || b->type > 0x7f)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "http buf %u: dir %u / type %u do not "
			                 "fit one byte", i, b->dir, b->type);
		if (wparams_write(e, &buf_table, b, NULL) != 0)
			return -1;
	}
	return 0;
}

/* ---- the http parameters --------------------------------------------- */

/* Bit 7 is left out when it holds the scheme's usual port. */
static int want_dport(const void *rec, const void *aux)
{
	const warts_http *h = rec;
	(void)aux;
	return h->dport != warts_http_default_port(h->type) ||
	       warts_http_default_port(h->type) == 0;
}

/* Bit 13: a u8 count, then that many strings. */
static int want_headers(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_http *)rec)->headerc != 0;
}

static int dec_headers(struct wcur *c, void *rec, void *aux)
{
	warts_http *h = rec;
	uint8_t n;
	(void)aux;
	if (wc_u8(c, &n) != 0)
		return -1;
	if (wc_array(c, n, sizeof(*h->headers), 1, (void **)&h->headers) != 0)
		return -1;
	h->headerc = n;
	for (unsigned i = 0; i < n; i++)
		if (wc_str(c, &h->headers[i]) != 0)
			return -1;
	return 0;
}

static void enc_headers(struct wenc *e, const void *rec, const void *aux)
{
	const warts_http *h = rec;
	(void)aux;
	wb_u8(&e->b, h->headerc);
	for (unsigned i = 0; i < h->headerc; i++)
		wb_str(&e->b, h->headers[i]);
}

static const struct wfield http_fields[] = {
	WFV(1, WF_LIST, WW_NONZERO, warts_http, list),
	WFV(2, WF_CYCLE, WW_NONZERO, warts_http, cycle),
	WFV(3, WF_U32, WW_NONZERO, warts_http, userid),
	WFV(4, WF_SADDR, WW_NONZERO, warts_http, src),
	WFV(5, WF_SADDR, WW_NONZERO, warts_http, dst),
	WFV(6, WF_U16, WW_NONZERO, warts_http, sport),
	WFW(7, WF_U16, want_dport, warts_http, dport),
	WFV(8, WF_TV, WW_NONZERO, warts_http, start),
	WFV(9, WF_U8, WW_NONZERO, warts_http, stop_reason),
	WFV(10, WF_U8, WW_NONZERO, warts_http, type),
	WFV(11, WF_STR, WW_ALWAYS, warts_http, host),
	WFV(12, WF_STR, WW_ALWAYS, warts_http, file),
	WFFN(13, WW_FN, want_headers, dec_headers, enc_headers, "headers"),
	WFV(14, WF_U32, WW_NONZERO, warts_http, bufc),
	WFV(15, WF_U32, WW_NONZERO, warts_http, hsrtt),
	WFV(16, WF_U32, WW_NONZERO, warts_http, flags),
	WFV(17, WF_TV, WW_NONZERO, warts_http, maxtime),
	WFV(18, WF_STR, WW_NONZERO, warts_http, errmsg),
	WFV(19, WF_U8, WW_NONZERO, warts_http, ech_status),
	WFV(20, WF_STR, WW_NONZERO, warts_http, ech_outer_sni),
};
static const struct wtable http_table = WTABLE("http params", http_fields);

/* ---- trailing attributes --------------------------------------------- */

static int attr_take(struct wcur *c, uint32_t len, uint8_t **data,
                     uint32_t *datalen)
{
	/* a second copy of an attribute replaces the first */
	free(*data);
	*data = NULL;
	*datalen = 0;
	if (wc_memdup(c, len, data) != 0)
		return -1;
	*datalen = len;
	return 0;
}

static int attrs_read(struct wcur *c, warts_http *h)
{
	/* scamper's reader stops when fewer than 5 bytes remain and
	 * ignores them; so does this one */
	wdec_ctx(c->d, "attributes", -1);
	while (wc_left(c) >= ATTR_HDRLEN) {
		const uint8_t *at = c->p;
		uint8_t type;
		uint32_t len;
		int rc;

		if (wc_u8(c, &type) != 0 || wc_u32(c, &len) != 0)
			return -1;
		if (len > wc_left(c))
			return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
			                 "attribute %u of %u bytes, %zu left",
			                 type, len, wc_left(c));
		switch (type) {
		case ATTR_ECH_CONFIG_LIST:
			rc = attr_take(c, len, &h->ech_config_list,
			               &h->ech_config_list_len);
			break;
		case ATTR_ECH_RETRY_CONFIG:
			rc = attr_take(c, len, &h->ech_retry_config,
			               &h->ech_retry_config_len);
			break;
		default:
			rc = wc_skip(c, len);
			break;
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

static void attr_write(struct wenc *e, uint8_t type, const uint8_t *data,
                       uint32_t len)
{
	if (data == NULL || len == 0)
		return;
	wb_u8(&e->b, type);
	wb_u32(&e->b, len);
	wb_bytes(&e->b, data, len);
}

/* ---- the record ------------------------------------------------------ */

static int http_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_http *h;
	struct wmask m;

	if ((h = warts_http_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = h;
	h->dport = 0;
	if (wparams_read(c, &http_table, h, NULL, &m) != 0)
		return -1;
	if (!wm_has(&m, 11) || !wm_has(&m, 12))
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "no %s",
		                 !wm_has(&m, 11) ? "host" : "file");
	if (!wm_has(&m, 7)) {
		/* scamper's reader fails on a type with no default port */
		h->dport = warts_http_default_port(h->type);
		if (h->dport == 0)
			return wdec_fail(d, NULL, WARTS_ERR_CORRUPT,
			                 "no dport, and type %u has no default",
			                 h->type);
	}
	if (bufs_read(c, h) != 0 || attrs_read(c, h) != 0)
		return -1;
	return 0;
}

static int http_check(struct wenc *e, const warts_http *h)
{
	if (h->host == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID, "http host is required");
	if (h->file == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID, "http file is required");
	if (h->headerc > 0 && h->headers == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "http headerc is %u but headers is NULL",
		                 h->headerc);
	for (unsigned i = 0; i < h->headerc; i++)
		if (h->headers[i] == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "http header %u is NULL", i);
	return 0;
}

static int http_encode(struct wenc *e, const void *obj)
{
	const warts_http *h = obj;
	size_t start;

	if (http_check(e, h) != 0)
		return -1;
	start = wenc_record_begin(e, WARTS_TYPE_HTTP);
	if (wparams_write(e, &http_table, h, NULL) != 0 ||
	    bufs_write(e, h) != 0)
		return -1;
	attr_write(e, ATTR_ECH_CONFIG_LIST, h->ech_config_list,
	           h->ech_config_list_len);
	attr_write(e, ATTR_ECH_RETRY_CONFIG, h->ech_retry_config,
	           h->ech_retry_config_len);
	return wenc_record_end(e, start);
}

static void http_free(void *obj)
{
	warts_http_free(obj);
}

const struct wtype wtype_http = {
	.type = WARTS_TYPE_HTTP,
	.name = "http",
	.list_off = offsetof(warts_http, list),
	.cycle_off = offsetof(warts_http, cycle),
	.decode = http_decode,
	.encode = http_encode,
	.free = http_free,
	.json = http_json,
	.dump = http_dump,
};
