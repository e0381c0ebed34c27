/*
 * sniff_json.c: packet capture as JSON.
 *
 * sc_warts2json 2026 prints nothing for a sniff (it does not ask its
 * reader for them).  We print one object per line, named and spaced as
 * scamper's JSON for its sibling neighbourdisc (", " between members,
 * times as {"sec":..,"usec":..}, nested records as arrays of objects):
 *
 *   {"type":"sniff", "version":"0.1",
 *    "src":"192.0.2.2",              the address listened on
 *    "userid":0,
 *    "start":{"sec":S, "usec":U},    when capture began
 *    "finish":{"sec":S, "usec":U},   when it ended
 *    "stop_reason":"limit-time",     none, error, limit-time, limit-pktc,
 *                                    halted, or the number if unknown
 *    "limit_pktc":20,                packets to capture at most
 *    "limit_time":{"sec":3, "usec":0},  how long to capture at most
 *    "icmp_id":4321,                 the ICMP id the filter matches
 *    "errmsg":"...",                 only when there is one
 *    "monitor":"...",                the list's monitor, when it has one
 *    "pktc":3,                       packets captured
 *    "pkts":[{"rx":{"sec":S, "usec":U},   when the packet arrived
 *             "len":84,                   its length in bytes
 *             "data":"4500..."}, ...]}    the packet, IP header onwards,
 *                                         as lower-case hex
 *
 * "src" is left out when absent, as scamper does for its addresses;
 * strings are escaped by sb_json.
 *
 * With WARTS_JSON_ALLFIELDS the object ends with sb_warts_open's "warts"
 * object: the list and cycle, and "errmsg" as the hex of its bytes when
 * it holds a byte outside ASCII (which sb_json's \u00XX escape would
 * read back as a character).  Every other field is printed already.
 */
#include "warts/list.h"
#include "warts/sniff.h"

#include "../fmt.h"
#include "sniff_fmt.h"

static const char *const stop_names[] = {
	"none", "error", "limit-time", "limit-pktc", "halted",
};

/* {"sec":S, "usec":U} after a literal. */
static void json_tv(warts_strbuf *sb, const char *lit, uint32_t sec,
                    uint32_t usec)
{
	sb_su(sb, lit, sec);
	sb_su(sb, ", \"usec\":", usec);
	sb_c(sb, '}');
}

static void json_header(warts_strbuf *sb, const warts_sniff *s)
{
	sb_s(sb, "{\"type\":\"sniff\", \"version\":\"0.1\"");
	if (warts_addr_isset(&s->src)) {
		sb_s(sb, ", \"src\":\"");
		sb_addr(sb, &s->src);
		sb_c(sb, '"');
	}
	sb_su(sb, ", \"userid\":", s->userid);
	json_tv(sb, ", \"start\":{\"sec\":", s->start.sec, s->start.usec);
	json_tv(sb, ", \"finish\":{\"sec\":", s->finish.sec, s->finish.usec);
	sb_s(sb, ", \"stop_reason\":");
	if (s->stop_reason < sizeof(stop_names) / sizeof(stop_names[0])) {
		sb_c(sb, '"');
		sb_s(sb, stop_names[s->stop_reason]);
		sb_c(sb, '"');
	} else {
		sb_u(sb, s->stop_reason);
	}
	sb_su(sb, ", \"limit_pktc\":", s->limit_pktc);
	json_tv(sb, ", \"limit_time\":{\"sec\":", s->limit_time, 0);
	sb_su(sb, ", \"icmp_id\":", s->icmpid);
	if (s->errmsg != NULL)
		sb_sj(sb, ", \"errmsg\":", s->errmsg);
	if (s->list != NULL && s->list->monitor != NULL)
		sb_sj(sb, ", \"monitor\":", s->list->monitor);
}

static void json_pkt(warts_strbuf *sb, const warts_sniff_pkt *p)
{
	json_tv(sb, "{\"rx\":{\"sec\":", p->tv.sec, p->tv.usec);
	sb_su(sb, ", \"len\":", p->len);
	sb_s(sb, ", \"data\":\"");
	if (p->data != NULL)
		sb_hex(sb, p->data, p->len);
	sb_s(sb, "\"}");
}

/* Whether a string holds a byte outside ASCII. */
static int json_lossy(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

static void json_warts(warts_strbuf *sb, const warts_sniff *s)
{
	sb_warts_open(sb, s->list, s->cycle);
	if (json_lossy(s->errmsg)) {
		sb_s(sb, ",\"errmsg\":\"");
		sb_hex(sb, s->errmsg, strlen(s->errmsg));
		sb_c(sb, '"');
	}
	sb_c(sb, '}');
}

int sniff_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_sniff *s = obj;
	uint32_t pktc = s->pkts != NULL ? s->pktc : 0;

	json_header(sb, s);
	sb_su(sb, ", \"pktc\":", s->pktc);
	sb_s(sb, ", \"pkts\":[");
	for (uint32_t i = 0; i < pktc; i++) {
		if (i > 0)
			sb_c(sb, ',');
		json_pkt(sb, &s->pkts[i]);
	}
	sb_c(sb, ']');
	if (flags & WARTS_JSON_ALLFIELDS)
		json_warts(sb, s);
	sb_s(sb, "}\n");
	return 1;
}
