/*
 * owamp_json.c: OWAMP tests as sc_warts2json prints them.
 *
 * No corpus file holds an owamp object; this follows scamper 20260420's
 * source.  One object per line, with no space after any comma (unlike
 * udpprobe) and no "version":
 *
 *   {"type":"owamp","dir":"tx",["src":...,"dst":...,]"dport":861,
 *    "start":{"sec":S,"usec":U},"startat":{...},"wait_timeout":{...},
 *    "hsrtt":{"sec":S,"usec":U},"userid":N,"attempts":N,"pktsize":N,
 *    "dscp":N,"udp_sport":N,"udp_dport":N,"result":"done",
 *    ["errmsg":...,]["monitor":...,]
 *    ["sched":[{"value":{"sec":S,"usec":U},"type":"fixed"},...],]
 *    "txs":[{"stamp":{...},"seq":N,["errest":N,]"rxc":N,"sent":1,
 *            "rxs":[{"stamp":{...},["errest":N,]["dscp":N,]["ttl":N]},
 *                   ...]},...]}
 *
 * A tx's "errest" is there when its ERREST flag is, "sent" is 0 when its
 * NOTSENT flag is set; an rx's "errest", "dscp" and "ttl" when their
 * flags are.  A direction, result or schedule type scamper has no name
 * for is its number, still in quotes.  Times are printed as the file
 * holds them (the handshake RTT split into seconds and microseconds).
 *
 * scamper builds the part before "sched" in a 1024-byte buffer and its
 * error message in 512 bytes, so a very long error message is cut short
 * and the line is not valid JSON; we print it whole.  scamper also cuts
 * the error message and monitor at the first byte it cannot print; we
 * escape them (sb_json), which changes nothing for ordinary strings.
 *
 * With WARTS_JSON_ALLFIELDS we add what scamper's JSON leaves out:
 * "flags":N and "ttl":N after "dscp", and each tx's "sched":{...} (when
 * it was due) after its "stamp".  The object ends with a "warts" object
 * (see sb_warts_open) naming the list and cycle, and, when the error
 * message has a byte past ASCII, a hex copy of it (sb_json writes a byte
 * that is not part of valid UTF-8 as \u00XX, which reads back as a
 * character, not that byte):
 *
 *   "warts":{"list":...,"cycle":...[,"errmsg_hex":"..."]}
 *
 * A tx or rx whose flags and values the keys above cannot show (a flag
 * bit with no key of its own, or a value kept without the flag that
 * says it is set) ends with its own "warts" object holding all of them:
 *
 *   tx: "warts":{"flags":N,"errest":N}
 *   rx: "warts":{"flags":N,"errest":N,"dscp":N,"ttl":N}
 */
#include "warts/list.h"
#include "warts/owamp.h"

#include "../fmt.h"
#include "owamp_fmt.h"

/* {"sec":S,"usec":U} after a literal that opens it. */
static void json_tv(warts_strbuf *sb, const char *lit, uint32_t sec,
                    uint32_t usec)
{
	sb_su(sb, lit, sec);
	sb_su(sb, ",\"usec\":", usec);
	sb_c(sb, '}');
}

static void json_addr(warts_strbuf *sb, const char *lit, const warts_addr *a)
{
	if (!warts_addr_isset(a))
		return;
	sb_s(sb, lit);
	sb_addr(sb, a);
	sb_c(sb, '"');
}

/* A string sb_json may not give back byte for byte: one with any byte
 * past ASCII (checking for valid UTF-8 would spare a few copies). */
static int str_lossy(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* Whether the tx keys leave out part of its flags or error estimate. */
static int tx_lossy(const warts_owamp_tx *tx)
{
	const uint8_t known = WARTS_OWAMP_TX_NOTSENT | WARTS_OWAMP_TX_ERREST;
	return (tx->flags & ~known) != 0 ||
	       ((tx->flags & WARTS_OWAMP_TX_ERREST) == 0 && tx->errest != 0);
}

/* Whether the rx keys leave out part of its flags or values. */
static int rx_lossy(const warts_owamp_rx *rx)
{
	const uint8_t known = WARTS_OWAMP_RX_DSCP | WARTS_OWAMP_RX_TTL |
	                      WARTS_OWAMP_RX_ERREST;
	return (rx->flags & ~known) != 0 ||
	       ((rx->flags & WARTS_OWAMP_RX_ERREST) == 0 && rx->errest != 0) ||
	       ((rx->flags & WARTS_OWAMP_RX_DSCP) == 0 && rx->dscp != 0) ||
	       ((rx->flags & WARTS_OWAMP_RX_TTL) == 0 && rx->ttl != 0);
}

static void json_header(warts_strbuf *sb, const warts_owamp *o,
                        unsigned flags)
{
	sb_s(sb, "{\"type\":\"owamp\",\"dir\":\"");
	owamp_sb_dir(sb, o->dir);
	sb_c(sb, '"');
	json_addr(sb, ",\"src\":\"", &o->src);
	json_addr(sb, ",\"dst\":\"", &o->dst);
	sb_su(sb, ",\"dport\":", o->dport);
	json_tv(sb, ",\"start\":{\"sec\":", o->start.sec, o->start.usec);
	json_tv(sb, ",\"startat\":{\"sec\":", o->startat.sec,
	        o->startat.usec);
	json_tv(sb, ",\"wait_timeout\":{\"sec\":", o->wait_timeout.sec,
	        o->wait_timeout.usec);
	json_tv(sb, ",\"hsrtt\":{\"sec\":", o->hsrtt / 1000000,
	        o->hsrtt % 1000000);
	sb_su(sb, ",\"userid\":", o->userid);
	sb_su(sb, ",\"attempts\":", o->attempts);
	sb_su(sb, ",\"pktsize\":", o->pktsize);
	sb_su(sb, ",\"dscp\":", o->dscp);
	if (flags & WARTS_JSON_ALLFIELDS) {
		sb_su(sb, ",\"flags\":", o->flags);
		sb_su(sb, ",\"ttl\":", o->ttl);
	}
	sb_su(sb, ",\"udp_sport\":", o->udp_sport);
	sb_su(sb, ",\"udp_dport\":", o->udp_dport);
	sb_s(sb, ",\"result\":\"");
	owamp_sb_result(sb, o->result);
	sb_c(sb, '"');
	if (o->errmsg != NULL)
		sb_sj(sb, ",\"errmsg\":", o->errmsg);
	if (o->list != NULL && o->list->monitor != NULL)
		sb_sj(sb, ",\"monitor\":", o->list->monitor);
}

static void json_sched(warts_strbuf *sb, const warts_owamp *o)
{
	if (o->sched == NULL || o->schedc == 0)
		return;
	sb_s(sb, ",\"sched\":[");
	for (uint32_t i = 0; i < o->schedc; i++) {
		const warts_owamp_sched *s = &o->sched[i];
		if (i > 0)
			sb_c(sb, ',');
		json_tv(sb, "{\"value\":{\"sec\":", s->tv.sec, s->tv.usec);
		sb_s(sb, ",\"type\":\"");
		owamp_sb_sched_type(sb, s->type);
		sb_s(sb, "\"}");
	}
	sb_c(sb, ']');
}

static void json_rx(warts_strbuf *sb, const warts_owamp_rx *rx,
                    unsigned flags)
{
	json_tv(sb, "{\"stamp\":{\"sec\":", rx->stamp.sec, rx->stamp.usec);
	if (rx->flags & WARTS_OWAMP_RX_ERREST)
		sb_su(sb, ",\"errest\":", rx->errest);
	if (rx->flags & WARTS_OWAMP_RX_DSCP)
		sb_su(sb, ",\"dscp\":", rx->dscp);
	if (rx->flags & WARTS_OWAMP_RX_TTL)
		sb_su(sb, ",\"ttl\":", rx->ttl);
	if ((flags & WARTS_JSON_ALLFIELDS) && rx_lossy(rx)) {
		sb_su(sb, ",\"warts\":{\"flags\":", rx->flags);
		sb_su(sb, ",\"errest\":", rx->errest);
		sb_su(sb, ",\"dscp\":", rx->dscp);
		sb_su(sb, ",\"ttl\":", rx->ttl);
		sb_c(sb, '}');
	}
	sb_c(sb, '}');
}

static void json_tx(warts_strbuf *sb, const warts_owamp_tx *tx,
                    unsigned flags)
{
	unsigned n = tx->rxs != NULL ? tx->rxc : 0;

	json_tv(sb, "{\"stamp\":{\"sec\":", tx->stamp.sec, tx->stamp.usec);
	if (flags & WARTS_JSON_ALLFIELDS)
		json_tv(sb, ",\"sched\":{\"sec\":", tx->sched.sec,
		        tx->sched.usec);
	sb_su(sb, ",\"seq\":", tx->seq);
	if (tx->flags & WARTS_OWAMP_TX_ERREST)
		sb_su(sb, ",\"errest\":", tx->errest);
	sb_su(sb, ",\"rxc\":", tx->rxc);
	sb_s(sb, (tx->flags & WARTS_OWAMP_TX_NOTSENT) ? ",\"sent\":0" :
	                                                 ",\"sent\":1");
	sb_s(sb, ",\"rxs\":[");
	for (unsigned j = 0; j < n; j++) {
		if (j > 0)
			sb_c(sb, ',');
		json_rx(sb, &tx->rxs[j], flags);
	}
	sb_c(sb, ']');
	if ((flags & WARTS_JSON_ALLFIELDS) && tx_lossy(tx)) {
		sb_su(sb, ",\"warts\":{\"flags\":", tx->flags);
		sb_su(sb, ",\"errest\":", tx->errest);
		sb_c(sb, '}');
	}
	sb_c(sb, '}');
}

int owamp_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_owamp *o = obj;
	uint32_t n = o->txs != NULL ? o->txc : 0;

	json_header(sb, o, flags);
	json_sched(sb, o);
	sb_s(sb, ",\"txs\":[");
	for (uint32_t i = 0; i < n; i++) {
		if (i > 0)
			sb_c(sb, ',');
		json_tx(sb, &o->txs[i], flags);
	}
	sb_c(sb, ']');
	if (flags & WARTS_JSON_ALLFIELDS) {
		sb_warts_open(sb, o->list, o->cycle);
		if (str_lossy(o->errmsg)) {
			sb_s(sb, ",\"errmsg_hex\":\"");
			sb_hex(sb, o->errmsg, strlen(o->errmsg));
			sb_c(sb, '"');
		}
		sb_c(sb, '}');
	}
	sb_s(sb, "}\n");
	return 1;
}
