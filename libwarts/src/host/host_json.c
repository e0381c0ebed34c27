/*
 * host_json.c: DNS measurements as sc_warts2json prints them, and the
 * names both the JSON and the dump use.
 *
 * One object per line:
 *
 *   {"type":"host", "version":"0.1", "src":..., "dst":..., "userid":N,
 *    "start":{"sec":S,"usec":U}, ["errmsg":...,] ["flags":[...],]
 *    "wait":ms, "retries":N, "stop":"DONE", "qname":..., "qclass":"IN",
 *    "qtype":"A", "qcount":N, ["ecs":...,] ["monitor":...,]
 *    "queries":[{"id":N, "ancount":N, "nscount":N, "arcount":N,
 *                "tx":{...}, ["rx":{...}, "rcode":..., "flags":[...],]
 *                ["an":[RR,...],] ["ns":[...],] ["ar":[...]]}, ...]}
 *
 * An RR is {"class":..., "type":..., "ttl":N, "name":...} with its data
 * before the closing brace: "address" (A, AAAA), "nsdname", "cname" or
 * "ptrdname", "preference" and "exchange" (MX), "mname" to "minimum"
 * (SOA), "strc" and "strs" (TXT).  scamper's JSON leaves out the data of
 * OPT and SVCB/HTTPS RRs; with WARTS_JSON_ALLFIELDS we add it:
 *   OPT:   "elemc":N, "elems":[{"code":N, "data":"<hex>"}, ...]
 *   SVCB:  "priority":N, ["target":...,] "paramc":N,
 *          "params":[{"key":N, "val":"<hex>"}, ...]
 * and, so that sc_json2warts can rebuild the record, a "warts" object
 * before the closing brace of the measurement (sb_warts_open's list and
 * cycle, then "flags":N when a flag bit has no name, "style":1 for the
 * 2021 encoding), of a query ("rcode":N and "flags":N when the keys above
 * do not give them back: no response, or an rcode printed "(null)") and
 * of an RR, when needed.  A string with a byte outside ASCII, whose
 * \u00XX escapes would read back as characters rather than bytes, is
 * also given as hex there under its field's name: "qname", "ecs",
 * "errmsg"; an RR's "name", "str", "exchange", "mname", "rname",
 * "target", and "strs" (every TXT string, as a list of hex).
 *
 * The separators are scamper's, uneven as they are: ", " between most
 * members but "," inside the times, before "errmsg" and "monitor",
 * between the response flags and between the RRs of a section.  scamper
 * cuts a string at its first byte that is not printable; we escape every
 * string (TXT strings by their length, so a NUL in one is kept), which
 * changes nothing for ordinary strings and keeps every line valid JSON.
 */
#include <stddef.h>

#include "warts/host.h"
#include "warts/list.h"

#include "../fmt.h"
#include "host_fmt.h"

/* ---- names shared with the dump --------------------------------------- */

const char *const host_qflag_names[8] = {
	"CD", "AD", "Z", "RA", "RD", "TC", "AA", "0x80",
};

void host_sb_class(warts_strbuf *sb, uint16_t rrclass)
{
	if (rrclass == WARTS_HOST_CLASS_IN)
		sb_s(sb, "IN");
	else if (rrclass == WARTS_HOST_CLASS_CH)
		sb_s(sb, "CH");
	else
		sb_u(sb, rrclass); /* the UDP payload size, in an OPT RR */
}

void host_sb_type(warts_strbuf *sb, uint16_t rrtype)
{
	const char *s;

	switch (rrtype) {
	case WARTS_HOST_TYPE_A:      s = "A";      break;
	case WARTS_HOST_TYPE_NS:     s = "NS";     break;
	case WARTS_HOST_TYPE_CNAME:  s = "CNAME";  break;
	case WARTS_HOST_TYPE_SOA:    s = "SOA";    break;
	case WARTS_HOST_TYPE_PTR:    s = "PTR";    break;
	case WARTS_HOST_TYPE_MX:     s = "MX";     break;
	case WARTS_HOST_TYPE_TXT:    s = "TXT";    break;
	case WARTS_HOST_TYPE_AAAA:   s = "AAAA";   break;
	case WARTS_HOST_TYPE_OPT:    s = "OPT";    break;
	case WARTS_HOST_TYPE_DS:     s = "DS";     break;
	case WARTS_HOST_TYPE_SSHFP:  s = "SSHFP";  break;
	case WARTS_HOST_TYPE_RRSIG:  s = "RRSIG";  break;
	case WARTS_HOST_TYPE_NSEC:   s = "NSEC";   break;
	case WARTS_HOST_TYPE_DNSKEY: s = "DNSKEY"; break;
	case WARTS_HOST_TYPE_SVCB:   s = "SVCB";   break;
	case WARTS_HOST_TYPE_HTTPS:  s = "HTTPS";  break;
	default:
		sb_u(sb, rrtype);
		return;
	}
	sb_s(sb, s);
}

void host_sb_rcode(warts_strbuf *sb, uint8_t rcode)
{
	/*
	 * scamper's table, quirks and all, as its output shows them: codes
	 * 12 to 15 have no name and glibc's printf writes the missing one as
	 * "(null)"; a missing comma in its source runs BADMODE and BADNAME
	 * together at 19, so BADALG to BADCOOKIE are one place early and 23
	 * (BADCOOKIE's real code) is printed as a number.
	 */
	static const char *const names[] = {
		"NoError", "FormErr", "ServFail", "NXDomain",
		"NotImp", "Refused", "YXDomain", "YXRRSet",
		"NXRRSet", "NotAuth", "NotZone", "DSOTYPENI",
		"(null)", "(null)", "(null)", "(null)",
		"BADVERS", "BADKEY", "BADTIME", "BADMODEBADNAME",
		"BADALG", "BADTRUNC", "BADCOOKIE",
	};
	if (rcode < sizeof(names) / sizeof(names[0]))
		sb_s(sb, names[rcode]);
	else
		sb_u(sb, rcode);
}

void host_sb_stop(warts_strbuf *sb, uint8_t stop, int lower)
{
	static const char *const upper_names[] = {
		"NONE", "DONE", "TIMEOUT", "HALTED", "ERROR",
	};
	static const char *const lower_names[] = {
		"none", "done", "timeout", "halted", "error",
	};
	if (stop < sizeof(upper_names) / sizeof(upper_names[0]))
		sb_s(sb, lower ? lower_names[stop] : upper_names[stop]);
	else
		sb_u(sb, stop);
}

/* ---- the JSON ----------------------------------------------------------- */

/* {"sec":S,"usec":U} after a literal that ends in {"sec": */
static void json_tv(warts_strbuf *sb, const char *lit, const warts_tv *tv)
{
	sb_su(sb, lit, tv->sec);
	sb_su(sb, ",\"usec\":", tv->usec);
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

/* "flags":[...] of the measurement: only the bits scamper names. */
static void json_host_flags(warts_strbuf *sb, uint16_t flags)
{
	static const struct {
		uint16_t    bit;
		const char *name;
	} names[] = {
		{ WARTS_HOST_FLAG_NORECURSE, "\"norecurse\"" },
		{ WARTS_HOST_FLAG_TCP,       "\"tcp\"" },
		{ WARTS_HOST_FLAG_NSID,      "\"nsid\"" },
	};
	int n = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((flags & names[i].bit) == 0)
			continue;
		sb_s(sb, n++ == 0 ? ", \"flags\":[" : ", ");
		sb_s(sb, names[i].name);
	}
	if (n > 0)
		sb_c(sb, ']');
}

/* ---- what -A adds -------------------------------------------------------- */

/* Bytes whose JSON may not read back as the same bytes: any outside
 * ASCII (a superset of those sb_json escapes as \u00XX). */
static int json_lossy(const void *p, size_t n)
{
	const uint8_t *s = p;
	for (size_t i = 0; s != NULL && i < n; i++)
		if (s[i] >= 0x80)
			return 1;
	return 0;
}

/*
 * "<key>":"<hex>" for a string that json_lossy picks out, after *sep
 * (the object's opening for its first member, then ",").
 */
static void json_hexstr(warts_strbuf *sb, const char **sep, const char *key,
                        const char *s)
{
	if (s == NULL || !json_lossy(s, strlen(s)))
		return;
	sb_s(sb, *sep);
	sb_c(sb, '"');
	sb_s(sb, key);
	sb_s(sb, "\":\"");
	sb_hex(sb, s, strlen(s));
	sb_c(sb, '"');
	*sep = ",";
}

static int txt_lossy(const warts_host_rr_txt *txt)
{
	for (uint16_t i = 0; txt->strs != NULL && i < txt->strc; i++)
		if (json_lossy(txt->strs[i].data, txt->strs[i].len))
			return 1;
	return 0;
}

/* Every TXT string as hex, when any of them needs it. */
static void json_txt_hex(warts_strbuf *sb, const char **sep,
                         const warts_host_rr_txt *txt)
{
	if (!txt_lossy(txt))
		return;
	sb_s(sb, *sep);
	sb_s(sb, "\"strs\":[");
	for (uint16_t i = 0; i < txt->strc; i++) {
		sb_s(sb, i > 0 ? ",\"" : "\"");
		if (txt->strs[i].data != NULL)
			sb_hex(sb, txt->strs[i].data, txt->strs[i].len);
		sb_c(sb, '"');
	}
	sb_c(sb, ']');
	*sep = ",";
}

/* The lossy strings of an RR's data. */
static void json_rr_hexdata(warts_strbuf *sb, const char **sep,
                            const warts_host_rr *rr)
{
	switch (rr->kind) {
	case WARTS_HOST_RR_STR:
		json_hexstr(sb, sep, "str", rr->data.str);
		break;
	case WARTS_HOST_RR_SOA:
		json_hexstr(sb, sep, "mname", rr->data.soa->mname);
		json_hexstr(sb, sep, "rname", rr->data.soa->rname);
		break;
	case WARTS_HOST_RR_MX:
		json_hexstr(sb, sep, "exchange", rr->data.mx->exchange);
		break;
	case WARTS_HOST_RR_SVCB:
		json_hexstr(sb, sep, "target", rr->data.svcb->target);
		break;
	case WARTS_HOST_RR_TXT:
		json_txt_hex(sb, sep, rr->data.txt);
		break;
	default:
		break;
	}
}

/* The opening of an object that may turn out empty: the first member
 * written after it writes it (as its separator), so that an RR with
 * nothing to add gets no "warts" object at all. */
#define WARTS_OPEN ",\"warts\":{"

/* An RR's "warts" object, only when one of its strings needs it. */
static void json_rr_warts(warts_strbuf *sb, const warts_host_rr *rr)
{
	const char *const open = WARTS_OPEN;
	const char *sep = open;

	json_hexstr(sb, &sep, "name", rr->name);
	if (host_rr_has_data(rr))
		json_rr_hexdata(sb, &sep, rr);
	if (sep != open)
		sb_c(sb, '}');
}

/* rcode 12 to 15 all print as "(null)" */
static int rcode_ambiguous(uint8_t rcode)
{
	return rcode >= 12 && rcode <= 15;
}

/* A query's "warts" object: its rcode and flags when the JSON does not
 * print them (no response) or prints the rcode ambiguously. */
static void json_query_warts(warts_strbuf *sb, const warts_host_query *q)
{
	int rx = warts_tv_isset(&q->rx);
	int rcode = rx ? rcode_ambiguous(q->rcode) : q->rcode != 0;
	int flags = !rx && q->flags != 0;

	if (!rcode && !flags)
		return;
	sb_s(sb, ",\"warts\":{");
	if (rcode)
		sb_su(sb, "\"rcode\":", q->rcode);
	if (flags)
		sb_su(sb, rcode ? ",\"flags\":" : "\"flags\":", q->flags);
	sb_c(sb, '}');
}

static void json_host_warts(warts_strbuf *sb, const warts_host *h)
{
	const char *sep = ",";

	sb_warts_open(sb, h->list, h->cycle);
	if (h->flags & ~(WARTS_HOST_FLAG_NORECURSE | WARTS_HOST_FLAG_TCP |
	                 WARTS_HOST_FLAG_NSID))
		sb_su(sb, ",\"flags\":", h->flags);
	if (h->style != WARTS_STYLE_2026)
		sb_su(sb, ",\"style\":", h->style);
	json_hexstr(sb, &sep, "qname", h->qname);
	json_hexstr(sb, &sep, "ecs", h->ecs);
	json_hexstr(sb, &sep, "errmsg", h->errmsg);
	sb_c(sb, '}');
}

/* ---- the measurement ---------------------------------------------------- */

static void json_header(warts_strbuf *sb, const warts_host *h)
{
	sb_s(sb, "{\"type\":\"host\", \"version\":\"0.1\"");
	json_addr(sb, ", \"src\":\"", &h->src);
	json_addr(sb, ", \"dst\":\"", &h->dst);
	sb_su(sb, ", \"userid\":", h->userid);
	json_tv(sb, ", \"start\":{\"sec\":", &h->start);
	if (h->errmsg != NULL)
		sb_sj(sb, ",\"errmsg\":", h->errmsg);
	json_host_flags(sb, h->flags);
	sb_su(sb, ", \"wait\":", h->wait_timeout);
	sb_su(sb, ", \"retries\":", h->retries);
	sb_s(sb, ", \"stop\":\"");
	host_sb_stop(sb, h->stop_reason, 0);
	sb_c(sb, '"');
	if (h->qname != NULL)
		sb_sj(sb, ", \"qname\":", h->qname);
	sb_s(sb, ", \"qclass\":\"");
	host_sb_class(sb, h->qclass);
	sb_s(sb, "\", \"qtype\":\"");
	host_sb_type(sb, h->qtype);
	sb_su(sb, "\", \"qcount\":", h->qcount);
	if (h->ecs != NULL)
		sb_sj(sb, ", \"ecs\":", h->ecs);
	if (h->list != NULL && h->list->monitor != NULL)
		sb_sj(sb, ",\"monitor\":", h->list->monitor);
}

/* [{"<k>":N, "<v>":"<hex>"}, ...]: OPT options or SVCB parameters. */
static void json_elems(warts_strbuf *sb, const char *k, const char *v,
                       const warts_host_rr_elem *elems, uint16_t n)
{
	sb_c(sb, '[');
	for (uint16_t i = 0; elems != NULL && i < n; i++) {
		if (i > 0)
			sb_s(sb, ", ");
		sb_s(sb, "{\"");
		sb_s(sb, k);
		sb_su(sb, "\":", elems[i].code);
		sb_s(sb, ", \"");
		sb_s(sb, v);
		sb_s(sb, "\":\"");
		if (elems[i].data != NULL)
			sb_hex(sb, elems[i].data, elems[i].len);
		sb_s(sb, "\"}");
	}
	sb_c(sb, ']');
}

static void json_txt(warts_strbuf *sb, const warts_host_rr_txt *txt)
{
	sb_su(sb, ", \"strc\":", txt->strc);
	sb_s(sb, ", \"strs\":[");
	for (uint16_t i = 0; txt->strs != NULL && i < txt->strc; i++) {
		const warts_host_txtstr *s = &txt->strs[i];
		if (i > 0)
			sb_s(sb, ", ");
		if (s->data != NULL)
			sb_jsonmem(sb, s->data, s->len);
		else
			sb_s(sb, "\"\"");
	}
	sb_c(sb, ']');
}

static void json_soa(warts_strbuf *sb, const warts_host_rr_soa *soa)
{
	if (soa->mname != NULL)
		sb_sj(sb, ", \"mname\":", soa->mname);
	if (soa->rname != NULL)
		sb_sj(sb, ", \"rname\":", soa->rname);
	sb_su(sb, ", \"serial\":", soa->serial);
	sb_su(sb, ", \"refresh\":", soa->refresh);
	sb_su(sb, ", \"retry\":", soa->retry);
	sb_su(sb, ", \"expire\":", soa->expire);
	sb_su(sb, ", \"minimum\":", soa->minimum);
}

/* The member name scamper gives a name-valued RR's data. */
static const char *str_key(uint16_t rrtype)
{
	switch (rrtype) {
	case WARTS_HOST_TYPE_NS:    return ", \"nsdname\":";
	case WARTS_HOST_TYPE_CNAME: return ", \"cname\":";
	default:                    return ", \"ptrdname\":";
	}
}

static void json_rr_data(warts_strbuf *sb, const warts_host_rr *rr,
                         unsigned flags)
{
	const warts_host_rr_svcb *svcb;

	if (!host_rr_has_data(rr))
		return;
	switch (rr->kind) {
	case WARTS_HOST_RR_ADDR:
		json_addr(sb, ", \"address\":\"", &rr->data.addr);
		break;
	case WARTS_HOST_RR_STR:
		sb_sj(sb, str_key(rr->rrtype), rr->data.str);
		break;
	case WARTS_HOST_RR_MX:
		sb_su(sb, ", \"preference\":", rr->data.mx->preference);
		if (rr->data.mx->exchange != NULL)
			sb_sj(sb, ", \"exchange\":", rr->data.mx->exchange);
		break;
	case WARTS_HOST_RR_SOA:
		json_soa(sb, rr->data.soa);
		break;
	case WARTS_HOST_RR_TXT:
		json_txt(sb, rr->data.txt);
		break;
	case WARTS_HOST_RR_OPT:
		if ((flags & WARTS_JSON_ALLFIELDS) == 0)
			break;
		sb_su(sb, ", \"elemc\":", rr->data.opt->elemc);
		sb_s(sb, ", \"elems\":");
		json_elems(sb, "code", "data", rr->data.opt->elems,
		           rr->data.opt->elemc);
		break;
	case WARTS_HOST_RR_SVCB:
		if ((flags & WARTS_JSON_ALLFIELDS) == 0)
			break;
		svcb = rr->data.svcb;
		sb_su(sb, ", \"priority\":", svcb->priority);
		if (svcb->target != NULL)
			sb_sj(sb, ", \"target\":", svcb->target);
		sb_su(sb, ", \"paramc\":", svcb->paramc);
		sb_s(sb, ", \"params\":");
		json_elems(sb, "key", "val", svcb->params, svcb->paramc);
		break;
	default:
		break;
	}
}

static void json_rr(warts_strbuf *sb, const warts_host_rr *rr,
                    unsigned flags)
{
	sb_s(sb, "{\"class\":\"");
	host_sb_class(sb, rr->rrclass);
	sb_s(sb, "\", \"type\":\"");
	host_sb_type(sb, rr->rrtype);
	sb_su(sb, "\", \"ttl\":", rr->ttl);
	if (rr->name != NULL)
		sb_sj(sb, ", \"name\":", rr->name);
	json_rr_data(sb, rr, flags);
	if (flags & WARTS_JSON_ALLFIELDS)
		json_rr_warts(sb, rr);
	sb_c(sb, '}');
}

/* , "an":[...] and the like; nothing for an empty section. */
static void json_section(warts_strbuf *sb, const char *lit,
                         const warts_host_rr *rrs, uint16_t n,
                         unsigned flags)
{
	if (n == 0 || rrs == NULL)
		return;
	sb_s(sb, lit);
	for (uint16_t i = 0; i < n; i++) {
		if (i > 0)
			sb_c(sb, ',');
		json_rr(sb, &rrs[i], flags);
	}
	sb_c(sb, ']');
}

/* The response's rcode and header bits, printed only with a response. */
static void json_response(warts_strbuf *sb, const warts_host_query *q)
{
	int n = 0;

	json_tv(sb, ", \"rx\":{\"sec\":", &q->rx);
	sb_s(sb, ", \"rcode\":\"");
	host_sb_rcode(sb, q->rcode);
	sb_s(sb, "\", \"flags\":[");
	for (unsigned i = 0; i < 8; i++) {
		if ((q->flags & (1u << i)) == 0)
			continue;
		if (n++ > 0)
			sb_c(sb, ',');
		sb_c(sb, '"');
		sb_s(sb, host_qflag_names[i]);
		sb_c(sb, '"');
	}
	sb_c(sb, ']');
}

static void json_query(warts_strbuf *sb, const warts_host_query *q,
                       unsigned flags)
{
	sb_su(sb, "{\"id\":", q->id);
	sb_su(sb, ", \"ancount\":", q->ancount);
	sb_su(sb, ", \"nscount\":", q->nscount);
	sb_su(sb, ", \"arcount\":", q->arcount);
	json_tv(sb, ", \"tx\":{\"sec\":", &q->tx);
	if (warts_tv_isset(&q->rx))
		json_response(sb, q);
	json_section(sb, ", \"an\":[", q->an, q->ancount, flags);
	json_section(sb, ", \"ns\":[", q->ns, q->nscount, flags);
	json_section(sb, ", \"ar\":[", q->ar, q->arcount, flags);
	if (flags & WARTS_JSON_ALLFIELDS)
		json_query_warts(sb, q);
	sb_c(sb, '}');
}

int host_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_host *h = obj;
	unsigned qcount = h->queries != NULL ? h->qcount : 0;

	json_header(sb, h);
	sb_s(sb, ", \"queries\":[");
	for (unsigned i = 0; i < qcount; i++) {
		if (i > 0)
			sb_c(sb, ',');
		json_query(sb, &h->queries[i], flags);
	}
	sb_c(sb, ']');
	if (flags & WARTS_JSON_ALLFIELDS)
		json_host_warts(sb, h);
	sb_s(sb, "}\n");
	return 1;
}
