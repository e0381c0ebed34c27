/*
 * ping_warts.c: the warts encoding of pings (record type 7).
 *
 * Layout (warts-types.md section 7): ping parameters, a u16 count of
 * reply records, then the replies.  Each reply names its probe (bit 7)
 * and repeats that probe's send time, source port and IP id.
 *
 * Two scamper writers differ in when they include a few fields (section
 * 7, "2021 writer difference"): 20211212 always writes the stop count and
 * decides the reply IP id fields (bits 8, 9, 15) by an inverted test.  The
 * reader notes which writer's choices a record shows in ping->style, and
 * the encoder follows that style, so a file read and written back is
 * unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/ping.h"

#include "../codec.h"
#include "../params.h"
#include "ping_fmt.h"

/* Fewest bytes an address can take on the wire: a table reference. */
#define ADDR_MIN_BYTES 5

/* A count read from the file must fit in what is left of the block. */
static int count_fits(struct wcur *c, unsigned n, size_t min_bytes)
{
	if (n > wc_left(c) / min_bytes)
		return wdec_fail(c->d, c->p, WARTS_ERR_CORRUPT,
		                 "count %u cannot fit in the %zu bytes left", n,
		                 wc_left(c));
	return 0;
}

static int nomem(struct wcur *c)
{
	return wdec_fail(c->d, c->p, WARTS_ERR_NOMEM, "out of memory");
}

/* ---- replies --------------------------------------------------------- */

static int reply_is_icmp(const warts_ping_reply *r)
{
	return (r->addr.type == WARTS_ADDR_IPV4 && r->reply_proto == 1) ||
	       (r->addr.type == WARTS_ADDR_IPV6 && r->reply_proto == 58);
}

static int reply_is_ptb(const warts_ping_reply *r)
{
	if (!reply_is_icmp(r))
		return 0;
	if (r->addr.type == WARTS_ADDR_IPV4)
		return r->icmp_type == 3 && r->icmp_code == 4;
	return r->icmp_type == 2;
}

/* Reply IP id parameters, as a set of these bits. */
enum {
	IPID_B8  = 1, /* reply IP id, u16 */
	IPID_B9  = 2, /* probe IP id */
	IPID_B15 = 4, /* reply IP id, u32 */
};

/*
 * Which of bits 8, 9 and 15 a writer of the given style includes for r.
 * 2026 writes the 16-bit ids for an IPv4 ping and the 32-bit one for an
 * IPv6 ping, each when the reply's flag says the id was seen.  2021
 * tested the opposite family, so it skips a field only in the one case
 * the 2026 writer includes it without the flag.
 */
static unsigned ipid_bits(const warts_ping *p, const warts_ping_reply *r,
                          int style)
{
	int v4 = p->dst.type == WARTS_ADDR_IPV4;
	int v6 = p->dst.type == WARTS_ADDR_IPV6;
	int rip = (r->flags & WARTS_PING_REPLY_REPLY_IPID) != 0;
	int pip = (r->flags & WARTS_PING_REPLY_PROBE_IPID) != 0;
	unsigned m = 0;

	if (style == WARTS_STYLE_2021) {
		if (!v4 || rip)
			m |= IPID_B8;
		if (!v4 || pip)
			m |= IPID_B9;
		if (!v6 || rip)
			m |= IPID_B15;
	} else {
		if (v4 && rip)
			m |= IPID_B8;
		if (v4 && pip)
			m |= IPID_B9;
		if (v6 && rip)
			m |= IPID_B15;
	}
	return m;
}

static int want_reply_ttl(const void *rec, const void *aux)
{
	(void)aux;
	return (((const warts_ping_reply *)rec)->flags &
	        WARTS_PING_REPLY_REPLY_TTL) != 0;
}

static int want_icmp_tc(const void *rec, const void *aux)
{
	(void)aux;
	return reply_is_icmp(rec);
}

static int want_reply_ipid(const void *rec, const void *aux)
{
	const warts_ping *p = aux;
	return (ipid_bits(p, rec, p->style) & IPID_B8) != 0;
}

static int want_probe_ipid(const void *rec, const void *aux)
{
	const warts_ping *p = aux;
	return (ipid_bits(p, rec, p->style) & IPID_B9) != 0;
}

static int want_reply_ipid32(const void *rec, const void *aux)
{
	const warts_ping *p = aux;
	return (ipid_bits(p, rec, p->style) & IPID_B15) != 0;
}

/* Both writers record the reply protocol unless the probes were ICMP. */
static int want_reply_proto(const void *rec, const void *aux)
{
	(void)rec;
	return !warts_ping_method_is_icmp(aux);
}

static int want_tcp_flags(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_ping_reply *)rec)->reply_proto == 6;
}

static int want_v4rr(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_ping_reply *)rec)->v4rr != NULL;
}

static int want_v4ts(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_ping_reply *)rec)->v4ts != NULL;
}

static int want_tx(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_ping_reply *)rec)->probe_tx.sec != 0;
}

static int want_tsreply(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_ping_reply *)rec)->tsreply != NULL;
}

static int want_ifname(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_ping_reply *)rec)->ifname != NULL;
}

/* The next-hop MTU of a too-big message; scamper 2021 had no such field. */
static int want_nhmtu(const void *rec, const void *aux)
{
	const warts_ping *p = aux;
	return p->style != WARTS_STYLE_2021 && reply_is_ptb(rec);
}

static int dec_icmp_tc(struct wcur *c, void *rec, void *aux)
{
	warts_ping_reply *r = rec;
	(void)aux;
	if (wc_u8(c, &r->icmp_type) != 0 || wc_u8(c, &r->icmp_code) != 0)
		return -1;
	return 0;
}

static void enc_icmp_tc(struct wenc *e, const void *rec, const void *aux)
{
	const warts_ping_reply *r = rec;
	(void)aux;
	wb_u8(&e->b, r->icmp_type);
	wb_u8(&e->b, r->icmp_code);
}

/* Record route: u8 count, then that many addresses. */
static int dec_v4rr(struct wcur *c, void *rec, void *aux)
{
	warts_ping_reply *r = rec;
	uint8_t n;
	(void)aux;
	if (wc_u8(c, &n) != 0 || count_fits(c, n, ADDR_MIN_BYTES) != 0)
		return -1;
	if ((r->v4rr = warts_ping_v4rr_alloc(n)) == NULL)
		return nomem(c);
	for (unsigned i = 0; i < n; i++)
		if (wc_addr(c, &r->v4rr->ip[i]) != 0)
			return -1;
	return 0;
}

static void enc_v4rr(struct wenc *e, const void *rec, const void *aux)
{
	const warts_ping_v4rr *rr = ((const warts_ping_reply *)rec)->v4rr;
	(void)aux;
	wb_u8(&e->b, rr->ipc);
	for (unsigned i = 0; i < rr->ipc; i++)
		wenc_addr(e, &rr->ip[i]);
}

/*
 * IP timestamps: u8 stamp count, u8 address count (0 or the stamp
 * count), the stamps as u32, then the addresses.
 */
static int dec_v4ts(struct wcur *c, void *rec, void *aux)
{
	warts_ping_reply *r = rec;
	const uint8_t *at = c->p;
	uint8_t tsc, ipc;
	(void)aux;
	if (wc_u8(c, &tsc) != 0 || wc_u8(c, &ipc) != 0)
		return -1;
	if (ipc != 0 && ipc != tsc)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "%u timestamps but %u addresses", tsc, ipc);
	if (count_fits(c, tsc, ipc != 0 ? 4 + ADDR_MIN_BYTES : 4) != 0)
		return -1;
	if ((r->v4ts = warts_ping_v4ts_alloc(tsc, ipc != 0)) == NULL)
		return nomem(c);
	for (unsigned i = 0; i < tsc; i++)
		if (wc_u32(c, &r->v4ts->slot[i].ts) != 0)
			return -1;
	for (unsigned i = 0; i < ipc; i++)
		if (wc_addr(c, &r->v4ts->slot[i].ip) != 0)
			return -1;
	return 0;
}

static void enc_v4ts(struct wenc *e, const void *rec, const void *aux)
{
	const warts_ping_v4ts *ts = ((const warts_ping_reply *)rec)->v4ts;
	(void)aux;
	wb_u8(&e->b, ts->tsc);
	wb_u8(&e->b, ts->ipc);
	for (unsigned i = 0; i < ts->tsc; i++)
		wb_u32(&e->b, ts->slot[i].ts);
	for (unsigned i = 0; i < ts->ipc; i++)
		wenc_addr(e, &ts->slot[i].ip);
}

static int dec_tsreply(struct wcur *c, void *rec, void *aux)
{
	warts_ping_reply *r = rec;
	(void)aux;
	if ((r->tsreply = calloc(1, sizeof(*r->tsreply))) == NULL)
		return nomem(c);
	if (wc_u32(c, &r->tsreply->tso) != 0 ||
	    wc_u32(c, &r->tsreply->tsr) != 0 ||
	    wc_u32(c, &r->tsreply->tst) != 0)
		return -1;
	return 0;
}

static void enc_tsreply(struct wenc *e, const void *rec, const void *aux)
{
	const warts_ping_tsreply *ts = ((const warts_ping_reply *)rec)->tsreply;
	(void)aux;
	wb_u32(&e->b, ts->tso);
	wb_u32(&e->b, ts->tsr);
	wb_u32(&e->b, ts->tst);
}

static int dec_ifname(struct wcur *c, void *rec, void *aux)
{
	(void)aux;
	return wc_ifname(c, &((warts_ping_reply *)rec)->ifname);
}

static void enc_ifname(struct wenc *e, const void *rec, const void *aux)
{
	(void)aux;
	wenc_ifname(e, ((const warts_ping_reply *)rec)->ifname);
}

static const struct wfield reply_fields[] = {
	WFV(1, WF_GID, WW_NEVER, warts_ping_reply, addr),
	WFV(2, WF_U8, WW_NONZERO, warts_ping_reply, flags),
	WFW(3, WF_U8, want_reply_ttl, warts_ping_reply, reply_ttl),
	WFV(4, WF_U16, WW_ALWAYS, warts_ping_reply, reply_size),
	WFFN(5, WW_FN, want_icmp_tc, dec_icmp_tc, enc_icmp_tc, "icmp type"),
	WFV(6, WF_U32, WW_ALWAYS, warts_ping_reply, rtt),
	WFV(7, WF_U16, WW_ALWAYS, warts_ping_reply, probe_id),
	WFW(8, WF_U16, want_reply_ipid, warts_ping_reply, reply_ipid),
	WFW(9, WF_U16, want_probe_ipid, warts_ping_reply, probe_ipid),
	WFW(10, WF_U8, want_reply_proto, warts_ping_reply, reply_proto),
	WFW(11, WF_U8, want_tcp_flags, warts_ping_reply, tcp_flags),
	WFV(12, WF_ADDR, WW_ALWAYS, warts_ping_reply, addr),
	WFFN(13, WW_FN, want_v4rr, dec_v4rr, enc_v4rr, "record route"),
	WFFN(14, WW_FN, want_v4ts, dec_v4ts, enc_v4ts, "IP timestamps"),
	WFW(15, WF_U32, want_reply_ipid32, warts_ping_reply, reply_ipid32),
	WFW(16, WF_TV, want_tx, warts_ping_reply, probe_tx),
	WFFN(17, WW_FN, want_tsreply, dec_tsreply, enc_tsreply,
	     "ICMP timestamp reply"),
	WFV(18, WF_U16, WW_NONZERO, warts_ping_reply, probe_sport),
	WFV(19, WF_U8, WW_NONZERO, warts_ping_reply, reply_tos),
	WFFN(20, WW_FN, want_ifname, dec_ifname, enc_ifname, "ifname"),
	WFW(21, WF_U16, want_nhmtu, warts_ping_reply, icmp_nhmtu),
};
static const struct wtable reply_table = WTABLE("ping reply params",
                                                reply_fields);

/* The bits among 8, 9 and 15 that a decoded block carried. */
static unsigned ipid_bits_seen(const struct wmask *m)
{
	return (wm_has(m, 8) ? IPID_B8 : 0) | (wm_has(m, 9) ? IPID_B9 : 0) |
	       (wm_has(m, 15) ? IPID_B15 : 0);
}

static int replies_read(struct wcur *c, warts_ping *p)
{
	uint16_t n;

	if (wc_u16(c, &n) != 0 ||
	    wc_array(c, n, sizeof(*p->replies), 1, (void **)&p->replies) != 0)
		return -1;
	for (uint16_t i = 0; i < n; i++) {
		warts_ping_reply *r = &p->replies[i];
		struct wmask m;
		unsigned seen;

		p->replyc = (uint16_t)(i + 1); /* so that a failure frees it */
		wdec_ctx(c->d, "reply", i);
		if (wparams_read(c, &reply_table, r, p, &m) != 0)
			return -1;
		if (!warts_addr_isset(&r->addr))
			return wdec_fail(c->d, NULL, WARTS_ERR_CORRUPT,
			                 "reply without an address");
		/* scamper's reader files each reply under its probe */
		if (r->probe_id >= p->ping_sent)
			return wdec_fail(c->d, NULL, WARTS_ERR_CORRUPT,
			                 "reply to probe %u, but %u probes sent",
			                 r->probe_id, p->ping_sent);
		/* files older than the field were all ICMP pings */
		if (!wm_has(&m, 10))
			r->reply_proto =
				p->dst.type == WARTS_ADDR_IPV4 ? 1 : 58;
		seen = ipid_bits_seen(&m);
		if (seen == ipid_bits(p, r, WARTS_STYLE_2021) &&
		    seen != ipid_bits(p, r, WARTS_STYLE_2026))
			p->style = WARTS_STYLE_2021;
	}
	return 0;
}

/* ---- the ping -------------------------------------------------------- */

static int want_payload(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_ping *)rec)->payload_len != 0;
}

/* Bit 9 holds as many bytes as bit 8 (read before it) says. */
static int dec_payload(struct wcur *c, void *rec, void *aux)
{
	warts_ping *p = rec;
	(void)aux;
	return wc_memdup(c, p->payload_len, &p->payload);
}

static void enc_payload(struct wenc *e, const void *rec, const void *aux)
{
	const warts_ping *p = rec;
	(void)aux;
	wb_bytes(&e->b, p->payload, p->payload_len);
}

/* scamper 2021 always wrote the stop count (then called reply count). */
static int want_stop_count(const void *rec, const void *aux)
{
	const warts_ping *p = rec;
	(void)aux;
	return p->style == WARTS_STYLE_2021 || p->stop_count != 0;
}

static int want_tsps(const void *rec, const void *aux)
{
	(void)aux;
	return ((const warts_ping *)rec)->tsps != NULL;
}

static int dec_tsps(struct wcur *c, void *rec, void *aux)
{
	warts_ping *p = rec;
	uint8_t n;
	(void)aux;
	if (wc_u8(c, &n) != 0 || count_fits(c, n, ADDR_MIN_BYTES) != 0)
		return -1;
	if ((p->tsps = warts_ping_tsps_alloc(n)) == NULL)
		return nomem(c);
	for (unsigned i = 0; i < n; i++)
		if (wc_addr(c, &p->tsps->ip[i]) != 0)
			return -1;
	return 0;
}

static void enc_tsps(struct wenc *e, const void *rec, const void *aux)
{
	const warts_ping_tsps *ps = ((const warts_ping *)rec)->tsps;
	(void)aux;
	wb_u8(&e->b, ps->ipc);
	for (unsigned i = 0; i < ps->ipc; i++)
		wenc_addr(e, &ps->ip[i]);
}

/* The checksum is kept only when the ping was asked to use it. */
static int want_icmpsum(const void *rec, const void *aux)
{
	const warts_ping *p = rec;
	(void)aux;
	return p->icmpsum != 0 && (p->flags & WARTS_PING_FLAG_ICMPSUM) != 0;
}

/* A timeout equal to the wait is left for the reader to assume. */
static int want_timeout(const void *rec, const void *aux)
{
	const warts_ping *p = rec;
	(void)aux;
	return p->timeout_sec != p->wait_sec;
}

static const struct wfield ping_fields[] = {
	WFV(1, WF_LIST, WW_NONZERO, warts_ping, list),
	WFV(2, WF_CYCLE, WW_NONZERO, warts_ping, cycle),
	WFV(3, WF_GID, WW_NEVER, warts_ping, src),
	WFV(4, WF_GID, WW_NEVER, warts_ping, dst),
	WFV(5, WF_TV, WW_ALWAYS, warts_ping, start),
	WFV(6, WF_U8, WW_ALWAYS, warts_ping, stop_reason),
	WFV(7, WF_U8, WW_ALWAYS, warts_ping, stop_data),
	WFV(8, WF_U16, WW_NONZERO, warts_ping, payload_len),
	WFFN(9, WW_FN, want_payload, dec_payload, enc_payload, "payload"),
	WFV(10, WF_U16, WW_ALWAYS, warts_ping, attempts),
	WFV(11, WF_U16, WW_ALWAYS, warts_ping, probe_size),
	WFV(12, WF_U8, WW_ALWAYS, warts_ping, wait_sec),
	WFV(13, WF_U8, WW_ALWAYS, warts_ping, ttl),
	WFW(14, WF_U16, want_stop_count, warts_ping, stop_count),
	WFV(15, WF_U16, WW_ALWAYS, warts_ping, ping_sent),
	WFV(16, WF_U8, WW_NONZERO, warts_ping, method),
	WFV(17, WF_U16, WW_NONZERO, warts_ping, sport),
	WFV(18, WF_U16, WW_NONZERO, warts_ping, dport),
	WFV(19, WF_U32, WW_NONZERO, warts_ping, userid),
	WFV(20, WF_ADDR, WW_NONZERO, warts_ping, src),
	WFV(21, WF_ADDR, WW_ALWAYS, warts_ping, dst),
	WFV(22, WF_LO8, WW_NONZERO, warts_ping, flags),
	WFV(23, WF_U8, WW_NONZERO, warts_ping, tos),
	WFFN(24, WW_FN, want_tsps, dec_tsps, enc_tsps, "tsps"),
	WFW(25, WF_U16, want_icmpsum, warts_ping, icmpsum),
	WFV(26, WF_U16, WW_NONZERO, warts_ping, pmtu),
	WFW(27, WF_U8, want_timeout, warts_ping, timeout_sec),
	WFV(28, WF_U32, WW_NONZERO, warts_ping, wait_usec),
	WFV(29, WF_U32, WW_NONZERO, warts_ping, tcpack),
	WFV(30, WF_U32, WW_ABOVE8, warts_ping, flags),
	WFV(31, WF_U32, WW_NONZERO, warts_ping, tcpseq),
	WFV(32, WF_SADDR, WW_NONZERO, warts_ping, rtr),
	WFV(33, WF_U32, WW_NONZERO, warts_ping, timeout_usec),
	WFV(34, WF_STR, WW_NONZERO, warts_ping, errmsg),
};
static const struct wtable ping_table = WTABLE("ping params", ping_fields);

static int ping_decode(struct wdec *d, struct wcur *c, void **out)
{
	warts_ping *p;
	struct wmask m;

	if ((p = warts_ping_alloc()) == NULL)
		return wdec_fail(d, c->p, WARTS_ERR_NOMEM, "out of memory");
	*out = p;
	if (wparams_read(c, &ping_table, p, NULL, &m) != 0)
		return -1;
	if (!warts_addr_isset(&p->dst))
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "no destination");
	if (!wm_has(&m, 27))
		p->timeout_sec = p->wait_sec;
	/* only the 2021 writer includes a stop count of 0 */
	if (wm_has(&m, 14) && p->stop_count == 0)
		p->style = WARTS_STYLE_2021;
	return replies_read(c, p);
}

/* What the tables cannot say: facts that tie fields together. */
static int ping_check(struct wenc *e, const warts_ping *p)
{
	if (p->payload_len != 0 && p->payload == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "ping payload_len is %u but payload is NULL",
		                 p->payload_len);
	for (uint16_t i = 0; i < p->replyc; i++) {
		const warts_ping_reply *r = &p->replies[i];
		if (r->probe_id >= p->ping_sent)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "ping reply %u: probe_id %u is not below "
			                 "ping_sent %u", i, r->probe_id,
			                 p->ping_sent);
		if (r->v4ts != NULL && r->v4ts->ipc != 0 &&
		    r->v4ts->ipc != r->v4ts->tsc)
			return wenc_fail(e, WARTS_ERR_INVALID,
			                 "ping reply %u: v4ts ipc %u is neither 0 "
			                 "nor tsc %u", i, r->v4ts->ipc,
			                 r->v4ts->tsc);
	}
	return 0;
}

static int ping_encode(struct wenc *e, const void *obj)
{
	const warts_ping *p = obj;
	size_t start;

	if (ping_check(e, p) != 0)
		return -1;
	start = wenc_record_begin(e, WARTS_TYPE_PING);
	wparams_write(e, &ping_table, p, NULL);
	wb_u16(&e->b, p->replyc);
	for (uint16_t i = 0; i < p->replyc; i++)
		wparams_write(e, &reply_table, &p->replies[i], p);
	return wenc_record_end(e, start);
}

static void ping_free(void *obj)
{
	warts_ping_free(obj);
}

const struct wtype wtype_ping = {
	.type = WARTS_TYPE_PING,
	.name = "ping",
	.list_off = offsetof(warts_ping, list),
	.cycle_off = offsetof(warts_ping, cycle),
	.decode = ping_decode,
	.encode = ping_encode,
	.free = ping_free,
	.json = ping_json, .text = ping_text, .dump = ping_dump,
};
