/*
 * sting_json.c: Sting as JSON.
 *
 * sc_warts2json 2026 prints nothing for a sting (it does not ask its
 * reader for them).  We print one object per line in the style of
 * scamper's JSON for tbit (the other TCP measurement) and neighbourdisc:
 * ", " between members and "," between array elements, addresses as
 * "src"/"dst", times as {"sec":..,"usec":..}, RTTs as milliseconds with
 * three decimals, nested records as arrays of objects:
 *
 *   {"type":"sting", "version":"0.1",
 *    "src":"192.0.2.2", "dst":"198.18.0.1", "sport":45359, "dport":80,
 *    "userid":0,
 *    "start":{"sec":S, "usec":U},
 *    "count":8,                          data segments to send
 *    "mean":{"sec":0, "usec":100000},    mean gap between them
 *    "inter":{"sec":2, "usec":0},        gap between the two phases
 *    "dist":"uniform",                   how gaps are drawn: exponential,
 *                                        periodic, uniform, or the number
 *    "synretx":3, "dataretx":5,          retransmissions allowed
 *    "seqskip":3,                        segments skipped for the hole
 *    "hsrtt":0.123,                      handshake RTT, milliseconds
 *    "dataackc":0,                       data segments acknowledged
 *    "holec":0,                          holes filled
 *    "result":"completed",               none, completed, error, or the
 *                                        number
 *    "errmsg":"...",                     only when there is one
 *    "monitor":"...",                    the list's monitor, if any
 *    "pktc":N,
 *    "pkts":[{"flags":["tx","data"],     tx, rx, data, hole; an unknown
 *                                        bit as its value
 *             "tv":{"sec":S, "usec":U},  when it was sent or received
 *             "len":40,                  its length in bytes
 *             "data":"4500..."}, ...]}   the packet, IP header onwards,
 *                                        as lower-case hex
 *
 * With WARTS_JSON_ALLFIELDS, "datalen":N and "payload":"<hex>" follow
 * "seqskip": the data segments' payload as the record holds it (in files
 * scamper wrote, these bytes are not the payload; see warts/sting.h).
 * The object then ends with sb_warts_open's "warts" object, holding
 * after the list and cycle "hsrtt":{"sec":S,"usec":U} (the handshake RTT
 * as stored: the milliseconds above lose a non-normalised timeval) and,
 * when it holds a byte outside ASCII (which sb_json's \u00XX escape
 * would read back as a character), "errmsg" as the hex of its bytes.
 * Addresses are left out when absent; strings are escaped by sb_json.
 */
#include "warts/list.h"
#include "warts/sting.h"

#include "../fmt.h"
#include "sting_fmt.h"

/* {"sec":S, "usec":U} after a literal. */
static void json_tv(warts_strbuf *sb, const char *lit, uint32_t sec,
                    uint32_t usec)
{
	sb_su(sb, lit, sec);
	sb_su(sb, ", \"usec\":", usec);
	sb_c(sb, '}');
}

/* A duration held in milliseconds, as a {"sec","usec"} pair. */
static void json_ms(warts_strbuf *sb, const char *lit, uint16_t ms)
{
	json_tv(sb, lit, ms / 1000, ms % 1000 * 1000u);
}

static void json_addr(warts_strbuf *sb, const char *lit, const warts_addr *a)
{
	if (!warts_addr_isset(a))
		return;
	sb_s(sb, lit);
	sb_addr(sb, a);
	sb_c(sb, '"');
}

/* A name from a table, quoted, or the number where the table has none. */
static void json_name(warts_strbuf *sb, const char *const *names, size_t n,
                      unsigned v)
{
	if (v < n && names[v] != NULL) {
		sb_c(sb, '"');
		sb_s(sb, names[v]);
		sb_c(sb, '"');
	} else {
		sb_u(sb, v);
	}
}

#define NAMES(t) (t), sizeof(t) / sizeof((t)[0])

static void json_header(warts_strbuf *sb, const warts_sting *s,
                        unsigned flags)
{
	static const char *const dists[] = {
		NULL, "exponential", "periodic", "uniform",
	};
	static const char *const results[] = { "none", "completed", "error" };

	sb_s(sb, "{\"type\":\"sting\", \"version\":\"0.1\"");
	json_addr(sb, ", \"src\":\"", &s->src);
	json_addr(sb, ", \"dst\":\"", &s->dst);
	sb_su(sb, ", \"sport\":", s->sport);
	sb_su(sb, ", \"dport\":", s->dport);
	sb_su(sb, ", \"userid\":", s->userid);
	json_tv(sb, ", \"start\":{\"sec\":", s->start.sec, s->start.usec);
	sb_su(sb, ", \"count\":", s->count);
	json_ms(sb, ", \"mean\":{\"sec\":", s->mean);
	json_ms(sb, ", \"inter\":{\"sec\":", s->inter);
	sb_s(sb, ", \"dist\":");
	json_name(sb, NAMES(dists), s->dist);
	sb_su(sb, ", \"synretx\":", s->synretx);
	sb_su(sb, ", \"dataretx\":", s->dataretx);
	sb_su(sb, ", \"seqskip\":", s->seqskip);
	if (flags & WARTS_JSON_ALLFIELDS) {
		sb_su(sb, ", \"datalen\":", s->datalen);
		if (s->data != NULL) {
			sb_s(sb, ", \"payload\":\"");
			sb_hex(sb, s->data, s->datalen);
			sb_c(sb, '"');
		}
	}
	sb_s(sb, ", \"hsrtt\":");
	sb_rtt(sb, (uint64_t)s->hsrtt.sec * 1000000 + s->hsrtt.usec);
	sb_su(sb, ", \"dataackc\":", s->dataackc);
	sb_su(sb, ", \"holec\":", s->holec);
	sb_s(sb, ", \"result\":");
	json_name(sb, NAMES(results), s->result);
	if (s->errmsg != NULL)
		sb_sj(sb, ", \"errmsg\":", s->errmsg);
	if (s->list != NULL && s->list->monitor != NULL)
		sb_sj(sb, ", \"monitor\":", s->list->monitor);
}

/* "flags":[...]: each set bit by its name, or past the names by value. */
static void json_pkt_flags(warts_strbuf *sb, uint8_t flags)
{
	static const char *const names[] = { "tx", "rx", "data", "hole" };
	int first = 1;

	sb_s(sb, "{\"flags\":[");
	for (unsigned i = 0; i < 8; i++) {
		if ((flags & (1u << i)) == 0)
			continue;
		if (!first)
			sb_c(sb, ',');
		first = 0;
		if (i < sizeof(names) / sizeof(names[0]))
			json_name(sb, NAMES(names), i);
		else
			sb_u(sb, 1u << i);
	}
	sb_c(sb, ']');
}

static void json_pkt(warts_strbuf *sb, const warts_sting_pkt *p)
{
	json_pkt_flags(sb, p->flags);
	json_tv(sb, ", \"tv\":{\"sec\":", p->tv.sec, p->tv.usec);
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

static void json_warts(warts_strbuf *sb, const warts_sting *s)
{
	sb_warts_open(sb, s->list, s->cycle);
	sb_su(sb, ",\"hsrtt\":{\"sec\":", s->hsrtt.sec);
	sb_su(sb, ",\"usec\":", s->hsrtt.usec);
	sb_c(sb, '}');
	if (json_lossy(s->errmsg)) {
		sb_s(sb, ",\"errmsg\":\"");
		sb_hex(sb, s->errmsg, strlen(s->errmsg));
		sb_c(sb, '"');
	}
	sb_c(sb, '}');
}

int sting_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_sting *s = obj;
	uint32_t pktc = s->pkts != NULL ? s->pktc : 0;

	json_header(sb, s, flags);
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
