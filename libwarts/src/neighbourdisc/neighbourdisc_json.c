/*
 * neighbourdisc_json.c: neighbour discovery as sc_warts2json prints it.
 *
 * One object per line: the query and its settings, then every probe with
 * the replies it drew.  Members are separated by ", ", except before
 * "errmsg" and "monitor", where scamper writes a bare ","; we reproduce
 * that.
 *
 * Where we differ from scamper 20260420, deliberately:
 *
 * - Records that scamper 20211212 wrote for a probe with replies (see
 *   neighbourdisc_warts.c) are rejected by scamper 2026's reader, which
 *   stops there.  We decode them and print them like any other.
 * - ifname, errmsg and the list's monitor are escaped by sb_json, so the
 *   line is valid JSON whatever bytes they hold (scamper writes ifname
 *   as it is).
 *
 * With WARTS_JSON_ALLFIELDS the object ends with sb_warts_open's
 * "warts" object, holding after the list and cycle what the keys above
 * leave out: "flags":N when a flag bit has no name, "style":1 for the
 * 2021 encoding, and "ifname" / "errmsg" as hex when they are not plain
 * ASCII (sb_json's \u00XX for a byte that is not UTF-8 reads back as a
 * character, not as the byte).
 */
#include "warts/list.h"
#include "warts/neighbourdisc.h"

#include "../fmt.h"
#include "neighbourdisc_fmt.h"

/* {"sec":S, "usec":U} after a literal. */
static void json_tv(warts_strbuf *sb, const char *lit, uint32_t sec,
                    uint32_t usec)
{
	sb_su(sb, lit, sec);
	sb_su(sb, ", \"usec\":", usec);
	sb_c(sb, '}');
}

/* , "key":"address", or nothing for an absent address. */
static void json_addr(warts_strbuf *sb, const char *lit, const warts_addr *a)
{
	if (!warts_addr_isset(a))
		return;
	sb_s(sb, lit);
	sb_addr(sb, a);
	sb_c(sb, '"');
}

static void json_method(warts_strbuf *sb, uint8_t method)
{
	switch (method) {
	case WARTS_NEIGHBOURDISC_ARP:      sb_s(sb, "arp"); break;
	case WARTS_NEIGHBOURDISC_ND_NSOL:  sb_s(sb, "nd-nsol"); break;
	default:                           sb_u(sb, method); break;
	}
}

/*
 * , "flags":[...] with the names of the flags scamper knows; a bit it
 * does not know is left out (so the array may be empty), as scamper
 * does.
 */
static void json_flags(warts_strbuf *sb, uint8_t flags)
{
	int first = 1;

	if (flags == 0)
		return;
	sb_s(sb, ", \"flags\":[");
	if (flags & WARTS_NEIGHBOURDISC_FLAG_ALLATTEMPTS) {
		sb_s(sb, "\"allattempts\"");
		first = 0;
	}
	if (flags & WARTS_NEIGHBOURDISC_FLAG_FIRSTRESP) {
		if (!first)
			sb_c(sb, ',');
		sb_s(sb, "\"firstresponse\"");
	}
	sb_c(sb, ']');
}

static void json_header(warts_strbuf *sb, const warts_neighbourdisc *nd)
{
	sb_s(sb, "{\"type\":\"neighbourdisc\", \"version\":\"0.1\", "
	         "\"method\":\"");
	json_method(sb, nd->method);
	sb_c(sb, '"');
	json_addr(sb, ", \"src_ip\":\"", &nd->src_ip);
	json_addr(sb, ", \"src_mac\":\"", &nd->src_mac);
	json_addr(sb, ", \"dst_ip\":\"", &nd->dst_ip);
	json_addr(sb, ", \"dst_mac\":\"", &nd->dst_mac);
	if (nd->ifname != NULL)
		sb_sj(sb, ", \"ifname\":", nd->ifname);
	sb_su(sb, ", \"userid\":", nd->userid);
	sb_su(sb, ", \"attempts\":", nd->attempts);
	/* the number of replies wanted, under scamper's name for it */
	sb_su(sb, ", \"stop_count\":", nd->replyc);
	json_tv(sb, ", \"start\":{\"sec\":", nd->start.sec, nd->start.usec);
	json_tv(sb, ", \"wait_timeout\":{\"sec\":", nd->wait_timeout / 1000,
	        nd->wait_timeout % 1000 * 1000u);
	/* deliberately no space after the comma, as scamper writes it */
	if (nd->errmsg != NULL)
		sb_sj(sb, ",\"errmsg\":", nd->errmsg);
	json_flags(sb, nd->flags);
	if (nd->list != NULL && nd->list->monitor != NULL)
		sb_sj(sb, ",\"monitor\":", nd->list->monitor);
}

static void json_reply(warts_strbuf *sb, const warts_neighbourdisc_reply *r)
{
	json_tv(sb, "{\"rx\":{\"sec\":", r->rx.sec, r->rx.usec);
	json_addr(sb, ", \"mac\":\"", &r->mac);
	sb_c(sb, '}');
}

static void json_probe(warts_strbuf *sb, const warts_neighbourdisc_probe *p)
{
	uint16_t rxc = p->rxs != NULL ? p->rxc : 0;

	json_tv(sb, "{\"tx\":{\"sec\":", p->tx.sec, p->tx.usec);
	sb_su(sb, ", \"replyc\":", p->rxc);
	sb_s(sb, ", \"replies\":[");
	for (uint16_t i = 0; i < rxc; i++) {
		if (i > 0)
			sb_c(sb, ',');
		json_reply(sb, &p->rxs[i]);
	}
	sb_s(sb, "]}");
}

/* A string whose JSON does not read back as the same bytes: one with a
 * byte outside ASCII (a superset of those sb_json escapes). */
static int json_lossy(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

static void json_hexstr(warts_strbuf *sb, const char *lit, const char *s)
{
	if (!json_lossy(s))
		return;
	sb_s(sb, lit);
	sb_hex(sb, s, strlen(s));
	sb_c(sb, '"');
}

static void json_warts(warts_strbuf *sb, const warts_neighbourdisc *nd)
{
	sb_warts_open(sb, nd->list, nd->cycle);
	if (nd->flags & ~(WARTS_NEIGHBOURDISC_FLAG_ALLATTEMPTS |
	                  WARTS_NEIGHBOURDISC_FLAG_FIRSTRESP))
		sb_su(sb, ",\"flags\":", nd->flags);
	if (nd->style != WARTS_STYLE_2026)
		sb_su(sb, ",\"style\":", nd->style);
	json_hexstr(sb, ",\"ifname\":\"", nd->ifname);
	json_hexstr(sb, ",\"errmsg\":\"", nd->errmsg);
	sb_c(sb, '}');
}

int neighbourdisc_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_neighbourdisc *nd = obj;
	uint16_t probec = nd->probes != NULL ? nd->probec : 0;

	json_header(sb, nd);
	sb_s(sb, ", \"probes\":[");
	for (uint16_t i = 0; i < probec; i++) {
		if (i > 0)
			sb_c(sb, ',');
		json_probe(sb, &nd->probes[i]);
	}
	sb_c(sb, ']');
	if (flags & WARTS_JSON_ALLFIELDS)
		json_warts(sb, nd);
	sb_s(sb, "}\n");
	return 1;
}
