/*
 * tbit_warts.c: the warts encoding of TCP behaviour tests (record type 11).
 *
 * Layout (warts-types.md section 11): tbit parameters, then as many packet
 * records as the packet count says, then typed blocks, each a u16 block
 * type, a u32 body length and a parameter block, and last a u16 zero.
 * Block type 1 holds the per-test data, whose layout follows the test
 * type; block type 2 holds the application data, whose layout follows the
 * application protocol.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/tbit.h"

#include "../codec.h"
#include "../params.h"
#include "tbit_fmt.h"

enum {
	BLOCK_EOF  = 0,
	BLOCK_TEST = 1,
	BLOCK_APP  = 2,
};

/*
 * The smallest packet record a reader accepts: one flag byte, the u16
 * parameter length, the u16 packet length and at least one packet byte.
 * Bounds the packet array a count read from the file may allocate.
 */
#define PKT_MIN_BYTES 6

/* ---- per-test blocks (block type 1) ---------------------------------- */

static const struct wfield pmtud_fields[] = {
	WFV(1, WF_U16, WW_NONZERO, warts_tbit_pmtud, mtu),
	WFV(2, WF_U8, WW_NONZERO, warts_tbit_pmtud, ptb_retx),
	WFV(3, WF_U8, WW_NONZERO, warts_tbit_pmtud, options),
	WFV(4, WF_ADDR, WW_NONZERO, warts_tbit_pmtud, ptbsrc),
};
static const struct wtable pmtud_table = WTABLE("tbit pmtud params",
                                                pmtud_fields);

static const struct wfield null_fields[] = {
	WFV(1, WF_U16, WW_NONZERO, warts_tbit_null, options),
	WFV(2, WF_U16, WW_NONZERO, warts_tbit_null, results),
};
static const struct wtable null_table = WTABLE("tbit null params",
                                               null_fields);

static const struct wfield icw_fields[] = {
	WFV(1, WF_U32, WW_NONZERO, warts_tbit_icw, start_seq),
};
static const struct wtable icw_table = WTABLE("tbit icw params", icw_fields);

/* the offset is signed; WF_U32 carries its two's complement bits */
static const struct wfield blind_fields[] = {
	WFV(1, WF_U32, WW_NONZERO, warts_tbit_blind, off),
	WFV(2, WF_U8, WW_NONZERO, warts_tbit_blind, retx),
};
static const struct wtable blind_table = WTABLE("tbit blind params",
                                                blind_fields);

/* ---- application blocks (block type 2) ------------------------------- */

static const struct wfield http_fields[] = {
	WFV(1, WF_STR, WW_NONZERO, warts_tbit_http, host),
	WFV(2, WF_STR, WW_NONZERO, warts_tbit_http, file),
	WFV(3, WF_U8, WW_NONZERO, warts_tbit_http, type),
};
static const struct wtable http_table = WTABLE("tbit http params",
                                               http_fields);

static const struct wfield bgp_fields[] = {
	WFV(1, WF_U32, WW_NONZERO, warts_tbit_bgp, asn),
};
static const struct wtable bgp_table = WTABLE("tbit bgp params", bgp_fields);

/*
 * One kind of typed block: the block type that carries it, its names for
 * messages, its table, the size of its struct and where warts_tbit keeps
 * the pointer to it.  test_kind() and app_kind() give the kind a tbit's
 * type or app_proto selects.
 */
struct block_kind {
	uint16_t             block;
	const char          *what;
	const char          *field;   /* its name in warts_tbit */
	const struct wtable *table;
	size_t               size;    /* of the struct */
	size_t               ptr_off; /* offsetof the pointer in warts_tbit */
};

#define KIND(blk, nm, type) \
	{ (blk), #nm " block", #nm, &nm##_table, sizeof(type), \
	  offsetof(warts_tbit, nm) }

static const struct block_kind k_pmtud = KIND(BLOCK_TEST, pmtud,
                                              warts_tbit_pmtud);
static const struct block_kind k_null = KIND(BLOCK_TEST, null,
                                             warts_tbit_null);
static const struct block_kind k_icw = KIND(BLOCK_TEST, icw, warts_tbit_icw);
static const struct block_kind k_blind = KIND(BLOCK_TEST, blind,
                                              warts_tbit_blind);
static const struct block_kind k_http = KIND(BLOCK_APP, http,
                                             warts_tbit_http);
static const struct block_kind k_bgp = KIND(BLOCK_APP, bgp, warts_tbit_bgp);

static void **block_ptr(warts_tbit *t, const struct block_kind *k)
{
	return (void **)((char *)t + k->ptr_off);
}

static void *const *block_cptr(const warts_tbit *t,
                               const struct block_kind *k)
{
	return (void *const *)((const char *)t + k->ptr_off);
}

/* The layout of a per-test block for this test type, or NULL for a type
 * that has none (ecn, sack-rcvr, abc and unknown types). */
static const struct block_kind *test_kind(uint8_t type)
{
	switch (type) {
	case WARTS_TBIT_TYPE_PMTUD: return &k_pmtud;
	case WARTS_TBIT_TYPE_NULL:  return &k_null;
	case WARTS_TBIT_TYPE_ICW:   return &k_icw;
	default:
		return warts_tbit_type_is_blind(type) ? &k_blind : NULL;
	}
}

/* The layout of an application block for this protocol, or NULL. */
static const struct block_kind *app_kind(uint8_t app_proto)
{
	switch (app_proto) {
	case WARTS_TBIT_APP_HTTP: return &k_http;
	case WARTS_TBIT_APP_BGP:  return &k_bgp;
	default:                  return NULL;
	}
}

/* ---- packets --------------------------------------------------------- */

static int want_pkt_data(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_tbit_pkt *)rec)->len != 0;
}

/* Bit 4 holds as many bytes as bit 3, read before it, says. */
static int dec_pkt_data(struct wcur *c, void *rec, void *aux)
{
	warts_tbit_pkt *p = rec;
	(void)aux;
	return wc_memdup(c, p->len, &p->data);
}

static void enc_pkt_data(struct wenc *e, const void *rec, const void *aux)
{
	const warts_tbit_pkt *p = rec;
	(void)aux;
	wb_bytes(&e->b, p->data, p->len);
}

static const struct wfield pkt_fields[] = {
	WFV(1, WF_U8, WW_ALWAYS, warts_tbit_pkt, dir),
	WFV(2, WF_TV, WW_ALWAYS, warts_tbit_pkt, tv),
	WFV(3, WF_U16, WW_ALWAYS, warts_tbit_pkt, len),
	WFFN(4, WW_FN, want_pkt_data, dec_pkt_data, enc_pkt_data, "data"),
};
static const struct wtable pkt_table = WTABLE("tbit packet params",
                                              pkt_fields);

static int pkts_read(struct wcur *c, warts_tbit *t, uint32_t n)
{
	if (wc_array(c, n, sizeof(*t->pkts), PKT_MIN_BYTES,
	             (void **)&t->pkts) != 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		warts_tbit_pkt *p = &t->pkts[i];
		const uint8_t *at = c->p;
		t->pktc = i + 1; /* so that a failure frees it */
		wdec_ctx(c->d, "packet", (long)i);
		if (wparams_read(c, &pkt_table, p, t, NULL) != 0)
			return -1;
		/* scamper's reader refuses a packet without bytes */
		if (p->len == 0 || p->data == NULL)
			return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
			                 "packet without bytes");
	}
	return 0;
}

/* ---- the tbit -------------------------------------------------------- */

/* Bit 16, the packet count before it grew to 32 bits: decoded into aux. */
static int dec_pktc16(struct wcur *c, void *rec, void *aux)
{
	(void)rec;
	return wc_u16(c, aux);
}

static int want_cookie(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_tbit *)rec)->client_fo_cookielen != 0;
}

/* Bit 18: a u8 length of at most 16, then the cookie's bytes. */
static int dec_cookie(struct wcur *c, void *rec, void *aux)
{
	warts_tbit *t = rec;
	const uint8_t *at = c->p, *bytes;
	uint8_t len;
	(void)aux;
	if (wc_u8(c, &len) != 0)
		return -1;
	if (len > WARTS_TBIT_FO_COOKIE_MAX)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "TFO cookie of %u bytes; warts allows %d",
		                 len, WARTS_TBIT_FO_COOKIE_MAX);
	if (wc_bytes(c, len, &bytes) != 0)
		return -1;
	memcpy(t->client_fo_cookie, bytes, len);
	t->client_fo_cookielen = len;
	return 0;
}

static void enc_cookie(struct wenc *e, const void *rec, const void *aux)
{
	const warts_tbit *t = rec;
	(void)aux;
	wb_u8(&e->b, t->client_fo_cookielen);
	wb_bytes(&e->b, t->client_fo_cookie, t->client_fo_cookielen);
}

static const struct wfield tbit_fields[] = {
	WFV(1, WF_LIST, WW_NONZERO, warts_tbit, list),
	WFV(2, WF_CYCLE, WW_NONZERO, warts_tbit, cycle),
	WFV(3, WF_U32, WW_NONZERO, warts_tbit, userid),
	/* the writer includes src and dst when present, and the reader
	 * requires both: so encoding requires them too */
	WFV(4, WF_ADDR, WW_ALWAYS, warts_tbit, src),
	WFV(5, WF_ADDR, WW_ALWAYS, warts_tbit, dst),
	WFV(6, WF_U16, WW_ALWAYS, warts_tbit, sport),
	WFV(7, WF_U16, WW_ALWAYS, warts_tbit, dport),
	WFV(8, WF_TV, WW_ALWAYS, warts_tbit, start),
	WFV(9, WF_U16, WW_ALWAYS, warts_tbit, result),
	WFV(10, WF_U8, WW_ALWAYS, warts_tbit, type),
	WFV(11, WF_U8, WW_ALWAYS, warts_tbit, app_proto),
	WFV(12, WF_U16, WW_ALWAYS, warts_tbit, client_mss),
	WFV(13, WF_U16, WW_ALWAYS, warts_tbit, server_mss),
	WFV(14, WF_U8, WW_ALWAYS, warts_tbit, client_syn_retx),
	WFV(15, WF_U8, WW_ALWAYS, warts_tbit, client_dat_retx),
	WFFN(16, WW_NEVER, NULL, dec_pktc16, NULL, "old packet count"),
	WFV(17, WF_U32, WW_ALWAYS, warts_tbit, pktc),
	WFFN(18, WW_FN, want_cookie, dec_cookie, enc_cookie, "TFO cookie"),
	WFV(19, WF_U8, WW_NONZERO, warts_tbit, client_wscale),
	WFV(20, WF_U32, WW_NONZERO, warts_tbit, options),
	WFD(21, WF_U8, 255, warts_tbit, client_ipttl),
	WFV(22, WF_STR, WW_NONZERO, warts_tbit, errmsg),
};
static const struct wtable tbit_table = WTABLE("tbit params", tbit_fields);

/*
 * Read one typed block's body.  A block whose layout the test type (or
 * application protocol) does not define is skipped, as scamper does.
 */
static int block_read(struct wcur *b, warts_tbit *t, uint16_t type,
                      const uint8_t *at)
{
	const struct block_kind *k;
	void **pp;

	k = type == BLOCK_TEST ? test_kind(t->type) : app_kind(t->app_proto);
	if (k == NULL)
		return 0;
	pp = block_ptr(t, k);
	wdec_ctx(b->d, k->what, -1);
	if ((*pp = calloc(1, k->size)) == NULL)
		return wdec_fail(b->d, at, WARTS_ERR_NOMEM, "out of memory");
	return wparams_read(b, k->table, *pp, t, NULL);
}

static int blocks_read(struct wcur *c, warts_tbit *t)
{
	unsigned seen = 0;

	for (;;) {
		const uint8_t *at = c->p;
		struct wcur b;
		uint16_t type;
		uint32_t len;

		wdec_ctx(c->d, "typed blocks", -1);
		if (wc_left(c) < 2)
			return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
			                 "no end-of-blocks marker");
		if (wc_u16(c, &type) != 0)
			return -1;
		if (type == BLOCK_EOF)
			return 0;
		if (wc_u32(c, &len) != 0)
			return -1;
		if (len > wc_left(c))
			return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
			                 "block type %u claims %lu bytes; %zu "
			                 "left", type, (unsigned long)len,
			                 wc_left(c));
		if (wc_sub(c, len, &b) != 0)
			return -1;
		/*
		 * scamper's reader refuses other block types; skipping them
		 * by length, as unknown parameters are, lets a newer
		 * writer's blocks through without losing the record
		 */
		if (type != BLOCK_TEST && type != BLOCK_APP)
			continue;
		if (seen & (1u << type))
			return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
			                 "second block of type %u", type);
		seen |= 1u << type;
		if (block_read(&b, t, type, at) != 0)
			return -1;
	}
}

static int tbit_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_tbit *t;
	uint16_t pktc16 = 0;
	uint32_t n;

	if ((t = warts_tbit_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = t;
	if (wparams_read(c, &tbit_table, t, &pktc16, NULL) != 0)
		return -1;
	if (!warts_addr_isset(&t->src))
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "no source");
	if (!warts_addr_isset(&t->dst))
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "no destination");

	/* the 32-bit count wins; the old 16-bit one only stands in for it */
	n = t->pktc != 0 ? t->pktc : pktc16;
	t->pktc = 0;
	if (pkts_read(c, t, n) != 0)
		return -1;
	return blocks_read(c, t);
}

/* ---- encoding -------------------------------------------------------- */

/* Refuse what a reader could not read back, naming the field. */
static int tbit_check(struct wenc *e, const warts_tbit *t)
{
	static const struct block_kind *const tests[] = {
		&k_pmtud, &k_null, &k_icw, &k_blind,
	};
	static const struct block_kind *const apps[] = { &k_http, &k_bgp };
	const struct block_kind *want;

	if (t->client_fo_cookielen > WARTS_TBIT_FO_COOKIE_MAX)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "client_fo_cookielen %u is over %d",
		                 t->client_fo_cookielen,
		                 WARTS_TBIT_FO_COOKIE_MAX);
	if (t->pktc > 0 && t->pkts == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "pktc is %lu but pkts is NULL",
		                 (unsigned long)t->pktc);
	for (uint32_t i = 0; i < t->pktc; i++)
		if (t->pkts[i].len == 0 || t->pkts[i].data == NULL)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "packet %lu has no data",
			                 (unsigned long)i);

	want = test_kind(t->type);
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (*block_cptr(t, tests[i]) != NULL && tests[i] != want)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "%s is set but test type %u has no "
			                 "such block", tests[i]->field,
			                 t->type);
	want = app_kind(t->app_proto);
	for (size_t i = 0; i < sizeof(apps) / sizeof(apps[0]); i++)
		if (*block_cptr(t, apps[i]) != NULL && apps[i] != want)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "%s is set but app_proto %u has no "
			                 "such block", apps[i]->field,
			                 t->app_proto);
	return 0;
}

/* One typed block, if the tbit has it: type, u32 length, params. */
static void block_write(struct wenc *e, const warts_tbit *t,
                        const struct block_kind *k)
{
	const void *rec;
	size_t at;

	if (k == NULL || (rec = *block_cptr(t, k)) == NULL)
		return;
	at = e->b.len;
	wb_u16(&e->b, k->block);
	wb_u32(&e->b, 0);
	wparams_write(e, k->table, rec, t);
	wb_put_u32(&e->b, at + 2, (uint32_t)(e->b.len - at - 6));
}

static int tbit_encode(struct wenc *e, const void *obj)
{
	const warts_tbit *t = obj;
	size_t start;

	if (tbit_check(e, t) != 0)
		return -1;
	start = wenc_record_begin(e, WARTS_TYPE_TBIT);
	wparams_write(e, &tbit_table, t, NULL);
	for (uint32_t i = 0; i < t->pktc; i++)
		wparams_write(e, &pkt_table, &t->pkts[i], t);
	/* scamper writes the per-test block before the application one */
	block_write(e, t, test_kind(t->type));
	block_write(e, t, app_kind(t->app_proto));
	wb_u16(&e->b, BLOCK_EOF);
	return wenc_record_end(e, start);
}

static void tbit_free(void *obj)
{
	warts_tbit_free(obj);
}

const struct wtype wtype_tbit = {
	.type = WARTS_TYPE_TBIT,
	.name = "tbit",
	.list_off = offsetof(warts_tbit, list),
	.cycle_off = offsetof(warts_tbit, cycle),
	.decode = tbit_decode,
	.encode = tbit_encode,
	.free = tbit_free,
	.json = tbit_json, .text = tbit_text, .dump = tbit_dump,
};
