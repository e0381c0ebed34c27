/*
 * udpprobe_json.c: UDP probes as sc_warts2json prints them.
 *
 * One object per line:
 *
 *   {"type":"udpprobe", "version":"0.1", ["src":..., "dst":...,]
 *    "userid":N, "start":{"sec":S, "usec":U}, "sport":N, "dport":N,
 *    "wait_timeout":{"sec":S, "usec":U}, ["flags":["exitfirst"],]
 *    "stop_reason":"done", [,"errmsg":...,] ["data":"<hex>",] "len":N,
 *    "probe_count":N, "probe_sent":N, "stop_count":N, [,"monitor":...,]
 *    "probes":[{"tx":{...}, "sport":N, "replyc":N,
 *               "replies":[{"rx":{...}, "rtt":{"sec":S, "usec":U},
 *                           "len":N, ["data":"<hex>",] ["ifname":...]},
 *                          ...]}, ...]}
 *
 * The separators are scamper's, uneven as they are: ", " between most
 * members, but "," before "errmsg" and "monitor" and between probes,
 * while replies are separated by ", ".  A stop reason scamper has no name
 * for is its number, still in quotes.  A reply's "rtt" is rx - tx with
 * scamper's single borrow, each half printed as an unsigned 32-bit value.
 *
 * scamper builds the part before "probes" in a 4096-byte buffer, so a
 * payload of more than about 1900 bytes (or a very long error message)
 * is cut short there and the line is not valid JSON; we print it whole.
 * scamper also cuts the error message, monitor and interface name at the
 * first byte it cannot print, and does not escape the interface name; we
 * escape all three (sb_json), which changes nothing for ordinary names.
 *
 * With WARTS_JSON_ALLFIELDS, "wait_probe":{"sec":S, "usec":U} (the gap
 * between probes, which scamper's JSON leaves out) follows
 * "wait_timeout", and the object ends with a "warts" object (see
 * sb_warts_open) naming the list and cycle, with the flags as a number
 * ("flags" shows only the bits scamper names) and, when the error
 * message has a byte past ASCII, a hex copy of it (sb_json writes a byte
 * that is not part of valid UTF-8 as \u00XX, which reads back as a
 * character, not that byte):
 *
 *   "warts":{"list":...,"cycle":...,"flags":N[,"errmsg_hex":"..."]}
 *
 * A reply whose interface name has a byte past ASCII ends with
 * "warts":{"ifname_hex":"..."} likewise.  Probe 0's transmit time is
 * the start time (warts does not store it), so nothing is added for it.
 */
#include "warts/list.h"
#include "warts/udpprobe.h"

#include "../fmt.h"
#include "udpprobe_fmt.h"

/* {"sec":S, "usec":U} after a literal that opens it. */
static void json_tv(warts_strbuf *sb, const char *lit, uint32_t sec,
                    uint32_t usec)
{
	sb_su(sb, lit, sec);
	sb_su(sb, ", \"usec\":", usec);
	sb_c(sb, '}');
}

/* A duration kept in microseconds, as scamper's timeval holds it. */
static void json_us(warts_strbuf *sb, const char *lit, warts_rtt us)
{
	json_tv(sb, lit, us / 1000000, us % 1000000);
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

/* ,"<key>_hex":"<hex>" after a literal naming the key. */
static void json_strhex(warts_strbuf *sb, const char *lit, const char *s)
{
	sb_s(sb, lit);
	sb_hex(sb, s, strlen(s));
	sb_c(sb, '"');
}

static void json_header(warts_strbuf *sb, const warts_udpprobe *up,
                        unsigned flags)
{
	sb_s(sb, "{\"type\":\"udpprobe\", \"version\":\"0.1\"");
	json_addr(sb, ", \"src\":\"", &up->src);
	json_addr(sb, ", \"dst\":\"", &up->dst);
	sb_su(sb, ", \"userid\":", up->userid);
	json_tv(sb, ", \"start\":{\"sec\":", up->start.sec, up->start.usec);
	sb_su(sb, ", \"sport\":", up->sport);
	sb_su(sb, ", \"dport\":", up->dport);
	json_us(sb, ", \"wait_timeout\":{\"sec\":", up->wait_timeout);
	if (flags & WARTS_JSON_ALLFIELDS)
		json_us(sb, ", \"wait_probe\":{\"sec\":", up->wait_probe);
	if (up->flags & WARTS_UDPPROBE_FLAG_EXITFIRST)
		sb_s(sb, ", \"flags\":[\"exitfirst\"]");
	sb_s(sb, ", \"stop_reason\":\"");
	udpprobe_sb_stop(sb, up->stop_reason);
	sb_c(sb, '"');
	/* no space after the comma: scamper's */
	if (up->errmsg != NULL)
		sb_sj(sb, ",\"errmsg\":", up->errmsg);
	if (up->data != NULL && up->len > 0) {
		sb_s(sb, ", \"data\":\"");
		sb_hex(sb, up->data, up->len);
		sb_c(sb, '"');
	}
	sb_su(sb, ", \"len\":", up->len);
	sb_su(sb, ", \"probe_count\":", up->probe_count);
	sb_su(sb, ", \"probe_sent\":", up->probe_sent);
	sb_su(sb, ", \"stop_count\":", up->stop_count);
	if (up->list != NULL && up->list->monitor != NULL)
		sb_sj(sb, ",\"monitor\":", up->list->monitor);
}

static void json_reply(warts_strbuf *sb, const warts_udpprobe_probe *p,
                       const warts_udpprobe_reply *r, unsigned flags)
{
	int64_t sec, usec;

	udpprobe_tv_diff(&p->tx, &r->rx, &sec, &usec);
	json_tv(sb, "{\"rx\":{\"sec\":", r->rx.sec, r->rx.usec);
	json_tv(sb, ", \"rtt\":{\"sec\":", (uint32_t)sec, (uint32_t)usec);
	sb_su(sb, ", \"len\":", r->len);
	if (r->data != NULL && r->len > 0) {
		sb_s(sb, ", \"data\":\"");
		sb_hex(sb, r->data, r->len);
		sb_c(sb, '"');
	}
	if (r->ifname != NULL)
		sb_sj(sb, ", \"ifname\":", r->ifname);
	if ((flags & WARTS_JSON_ALLFIELDS) && str_lossy(r->ifname)) {
		json_strhex(sb, ", \"warts\":{\"ifname_hex\":\"", r->ifname);
		sb_c(sb, '}');
	}
	sb_c(sb, '}');
}

static void json_probe(warts_strbuf *sb, const warts_udpprobe_probe *p,
                       unsigned flags)
{
	unsigned n = p->replies != NULL ? p->replyc : 0;

	json_tv(sb, "{\"tx\":{\"sec\":", p->tx.sec, p->tx.usec);
	sb_su(sb, ", \"sport\":", p->sport);
	sb_su(sb, ", \"replyc\":", p->replyc);
	sb_s(sb, ", \"replies\":[");
	for (unsigned j = 0; j < n; j++) {
		if (j > 0)
			sb_s(sb, ", ");
		json_reply(sb, p, &p->replies[j], flags);
	}
	sb_s(sb, "]}");
}

int udpprobe_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_udpprobe *up = obj;
	unsigned n = up->probes != NULL ? up->probe_sent : 0;

	json_header(sb, up, flags);
	sb_s(sb, ", \"probes\":[");
	for (unsigned i = 0; i < n; i++) {
		if (i > 0)
			sb_c(sb, ',');
		json_probe(sb, &up->probes[i], flags);
	}
	sb_c(sb, ']');
	if (flags & WARTS_JSON_ALLFIELDS) {
		sb_warts_open(sb, up->list, up->cycle);
		sb_su(sb, ",\"flags\":", up->flags);
		if (str_lossy(up->errmsg))
			json_strhex(sb, ",\"errmsg_hex\":\"", up->errmsg);
		sb_c(sb, '}');
	}
	sb_s(sb, "}\n");
	return 1;
}
