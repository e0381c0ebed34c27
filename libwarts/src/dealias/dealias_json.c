/*
 * dealias_json.c: alias resolution as sc_warts2json prints it.
 *
 * One object per line: the parameters, the settings of the method, the
 * probedefs, then every probe with its replies.  The separators are
 * scamper's and are not uniform (", " between most members, "," inside
 * a probe's header and a reply's times); they are reproduced as they are.
 *
 * Where we differ from scamper 20260420, deliberately:
 *
 * - midarest and midardisc.  sc_warts2json 2026 fails on them (it knows
 *   no probedef list for these methods) and prints nothing.  We print
 *   them like the other methods, with the method's settings after
 *   "start" (and "errmsg"), named as scamper's newer JSON names
 *   durations, schedules and start times (its owamp and neighbourdisc
 *   objects: {"sec":..,"usec":..}, "sched", "startat"), since these
 *   durations are microseconds that the integer milliseconds and
 *   seconds of the older methods cannot hold:
 *     midarest:  "rounds":N, "wait_probe":{"sec":S, "usec":U},
 *                "wait_round":{..}, "wait_timeout":{..}
 *     midardisc: "wait_timeout":{"sec":S, "usec":U},
 *                "startat":{"sec":S, "usec":U}   (only when scheduled),
 *                "sched":[{"start":{"sec":S, "usec":U}, "begin":B,
 *                          "end":E}, ...]
 *   A round's "start" is its offset from the measurement's start; "begin"
 *   and "end" are the inclusive range of probedef indexes it probes.
 *
 * - A method this library does not know: scamper fails as it does for
 *   the midar methods.  We print the parameters with the method as its
 *   number and empty "probedefs" and "probes".
 *
 * - errmsg and the list's monitor are escaped by sb_json, so the line is
 *   valid JSON whatever bytes they hold.
 *
 * With WARTS_JSON_ALLFIELDS, "warts" objects hold what the keys above
 * leave out or print lossily, so that sc_json2warts can rebuild the
 * record byte for byte:
 *   measurement: sb_warts_open's list and cycle; "style":1 for the 2021
 *                encoding; "errmsg" as hex when it is not plain ASCII
 *                (sb_json's \u00XX for a byte that is not UTF-8 reads
 *                back as a character); radargun's "wait_round" when over
 *                16 bits; prefixscan's "prefix" and "ab" when "b" and
 *                "ab" do not carry them; for a method we do not know,
 *                "probec" and the bytes after the parameters ("unknown",
 *                hex)
 *   probedef:    "tos" when not 0
 *   probe:       "def" (its probedef's index) when that is not the
 *                probedef's id
 *   reply:       "flags" and "ipid" when not implied by the keys,
 *                "icmp_q_ttl" of an ICMP reply that quotes nothing, and
 *                "icmpext":[{"class_num":N, "class_type":N,
 *                "data":"<hex>"}, ...]
 * Each object's "warts" comes last, and only when it has something.
 */
#include "warts/dealias.h"
#include "warts/list.h"

#include "../fmt.h"
#include "dealias_fmt.h"

static const char *const result_names[] = {
	"none", "aliases", "not-aliases", "halted", "ipid-echo", "error",
};

static const char *const probedef_method_names[] = {
	NULL, "icmp-echo", "tcp-ack", "udp", "tcp-ack-sport", "udp-dport",
	"tcp-syn-sport",
};

/* A name from a table, or the number where the table has none. */
static void json_name(warts_strbuf *sb, const char *const *names, size_t n,
                      unsigned v)
{
	if (v < n && names[v] != NULL)
		sb_s(sb, names[v]);
	else
		sb_u(sb, v);
}

#define NAMES(t) (t), sizeof(t) / sizeof((t)[0])

/* {"sec":S, "usec":U}, spaced as the dealias "start" is. */
static void json_tv(warts_strbuf *sb, uint32_t sec, uint32_t usec)
{
	sb_su(sb, "{\"sec\":", sec);
	sb_su(sb, ", \"usec\":", usec);
	sb_c(sb, '}');
}

/* A duration held in microseconds, as a {"sec","usec"} pair. */
static void json_us(warts_strbuf *sb, const char *lit, warts_rtt us)
{
	sb_s(sb, lit);
	json_tv(sb, us / 1000000, us % 1000000);
}

/*
 * , "flags":["a",...]: each set bit by its name, or, past the names,
 * by its value as a bare number.
 */
static void json_flags(warts_strbuf *sb, uint8_t flags,
                       const char *const *names, size_t n)
{
	int first = 1;
	sb_s(sb, ", \"flags\":[");
	for (unsigned i = 0; i < 8; i++) {
		if ((flags & (1u << i)) == 0)
			continue;
		if (!first)
			sb_c(sb, ',');
		first = 0;
		if (i < n) {
			sb_c(sb, '"');
			sb_s(sb, names[i]);
			sb_c(sb, '"');
		} else {
			sb_u(sb, 1u << i);
		}
	}
	sb_c(sb, ']');
}

/* ---- method settings -------------------------------------------------- */

static void json_mercator(warts_strbuf *sb, const warts_dealias_mercator *m)
{
	sb_su(sb, ", \"attempts\":", m->attempts);
	sb_su(sb, ", \"wait_timeout\":", m->wait_timeout);
}

static void json_ally(warts_strbuf *sb, const warts_dealias_ally *a)
{
	static const char *const names[] = { "nobs" };
	sb_su(sb, ", \"wait_probe\":", a->wait_probe);
	sb_su(sb, ", \"wait_timeout\":", a->wait_timeout);
	sb_su(sb, ", \"attempts\":", a->attempts);
	sb_su(sb, ", \"fudge\":", a->fudge);
	if (a->flags != 0)
		json_flags(sb, a->flags, NAMES(names));
}

/*
 * Deliberately as scamper prints it: the rounds under the key
 * "attempts", wait_round cut to 16 bits although the file holds 32, and
 * the shuffle flag (radargun's only one) named "nobs".
 */
static void json_radargun(warts_strbuf *sb, const warts_dealias_radargun *r)
{
	static const char *const names[] = { "nobs" };
	sb_su(sb, ", \"attempts\":", r->rounds);
	sb_su(sb, ", \"wait_probe\":", r->wait_probe);
	sb_su(sb, ", \"wait_round\":", (uint16_t)r->wait_round);
	sb_su(sb, ", \"wait_timeout\":", r->wait_timeout);
	if (r->flags != 0)
		json_flags(sb, r->flags, NAMES(names));
}

/* An address as a JSON string, with "/len" when len >= 0. */
static void json_addr(warts_strbuf *sb, const char *lit, const warts_addr *a,
                      int len)
{
	sb_s(sb, lit);
	sb_c(sb, '"');
	sb_addr(sb, a);
	if (len >= 0)
		sb_su(sb, "/", (unsigned)len);
	sb_c(sb, '"');
}

static void json_prefixscan(warts_strbuf *sb,
                            const warts_dealias_prefixscan *p)
{
	static const char *const names[] = { "nobs", "csa" };
	int hosts;

	if (warts_addr_isset(&p->a))
		json_addr(sb, ", \"a\":", &p->a, -1);
	if (warts_addr_isset(&p->b))
		json_addr(sb, ", \"b\":", &p->b, p->prefix);
	/* the alias found, with the prefix it shares with b; left out when
	 * there is none to give (not IPv4) */
	if (warts_addr_isset(&p->b) && warts_addr_isset(&p->ab) &&
	    (hosts = dealias_prefixhosts(&p->b, &p->ab)) >= 0)
		json_addr(sb, ", \"ab\":", &p->ab, hosts);
	if (p->xc > 0 && p->xs != NULL) {
		int n = 0;
		sb_s(sb, ", \"xs\":[");
		for (uint16_t i = 0; i < p->xc; i++) {
			if (!warts_addr_isset(&p->xs[i]))
				continue;
			json_addr(sb, n++ > 0 ? "," : "", &p->xs[i], -1);
		}
		sb_c(sb, ']');
	}
	sb_su(sb, ", \"attempts\":", p->attempts);
	sb_su(sb, ", \"replyc\":", p->replyc);
	sb_su(sb, ", \"fudge\":", p->fudge);
	sb_su(sb, ", \"wait_probe\":", p->wait_probe);
	sb_su(sb, ", \"wait_timeout\":", p->wait_timeout);
	if (p->flags != 0)
		json_flags(sb, p->flags, NAMES(names));
}

static void json_bump(warts_strbuf *sb, const warts_dealias_bump *b)
{
	sb_su(sb, ", \"wait_probe\":", b->wait_probe);
	sb_su(sb, ", \"bump_limit\":", b->bump_limit);
	sb_su(sb, ", \"attempts\":", b->attempts);
}

/* Ours: scamper 2026 prints no midarest (see the top of the file). */
static void json_midarest(warts_strbuf *sb, const warts_dealias_midarest *m)
{
	sb_su(sb, ", \"rounds\":", m->rounds);
	json_us(sb, ", \"wait_probe\":", m->wait_probe);
	json_us(sb, ", \"wait_round\":", m->wait_round);
	json_us(sb, ", \"wait_timeout\":", m->wait_timeout);
}

/* Ours: scamper 2026 prints no midardisc (see the top of the file). */
static void json_midardisc(warts_strbuf *sb,
                           const warts_dealias_midardisc *m)
{
	json_us(sb, ", \"wait_timeout\":", m->wait_timeout);
	if (m->startat != NULL) {
		sb_s(sb, ", \"startat\":");
		json_tv(sb, m->startat->sec, m->startat->usec);
	}
	sb_s(sb, ", \"sched\":[");
	for (uint32_t i = 0; m->sched != NULL && i < m->schedc; i++) {
		const warts_dealias_midardisc_round *r = &m->sched[i];
		sb_s(sb, i > 0 ? ", {\"start\":" : "{\"start\":");
		json_tv(sb, r->start.sec, r->start.usec);
		sb_su(sb, ", \"begin\":", r->begin);
		sb_su(sb, ", \"end\":", r->end);
		sb_c(sb, '}');
	}
	sb_c(sb, ']');
}

static void json_method(warts_strbuf *sb, const warts_dealias *d)
{
	switch (d->method) {
	case WARTS_DEALIAS_MERCATOR:
		json_mercator(sb, &d->mercator);
		break;
	case WARTS_DEALIAS_ALLY:
		json_ally(sb, &d->ally);
		break;
	case WARTS_DEALIAS_RADARGUN:
		json_radargun(sb, &d->radargun);
		break;
	case WARTS_DEALIAS_PREFIXSCAN:
		json_prefixscan(sb, &d->prefixscan);
		break;
	case WARTS_DEALIAS_BUMP:
		json_bump(sb, &d->bump);
		break;
	case WARTS_DEALIAS_MIDAREST:
		json_midarest(sb, &d->midarest);
		break;
	case WARTS_DEALIAS_MIDARDISC:
		json_midardisc(sb, &d->midardisc);
		break;
	default:
		break;
	}
}

/* ---- what -A adds ----------------------------------------------------- */

/*
 * A nested "warts" object is opened by its first member: each member is
 * written after *sep, which starts as WARTS_OPEN and is "," afterwards,
 * so an object with nothing to add gets no "warts" at all.
 */
#define WARTS_OPEN ",\"warts\":{"

static void warts_key(warts_strbuf *sb, const char **sep, const char *key)
{
	sb_s(sb, *sep);
	sb_c(sb, '"');
	sb_s(sb, key);
	sb_s(sb, "\":");
	*sep = ",";
}

static void warts_u(warts_strbuf *sb, const char **sep, const char *key,
                    uint64_t v)
{
	warts_key(sb, sep, key);
	sb_u(sb, v);
}

static void warts_close(warts_strbuf *sb, const char *sep)
{
	if (strcmp(sep, ",") == 0)
		sb_c(sb, '}');
}

/* A string whose JSON may not read back as the same bytes: any byte
 * outside ASCII (a superset of those sb_json escapes as \u00XX). */
static int json_lossy(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* The method's settings that its keys print lossily or not at all. */
static void warts_method(warts_strbuf *sb, const char **sep,
                         const warts_dealias *d)
{
	const warts_dealias_prefixscan *p = &d->prefixscan;

	switch (d->method) {
	case WARTS_DEALIAS_RADARGUN:
		if (d->radargun.wait_round > UINT16_MAX)
			warts_u(sb, sep, "wait_round", d->radargun.wait_round);
		break;
	case WARTS_DEALIAS_PREFIXSCAN:
		if (!warts_addr_isset(&p->b) && p->prefix != 0)
			warts_u(sb, sep, "prefix", p->prefix);
		if (warts_addr_isset(&p->ab) &&
		    (!warts_addr_isset(&p->b) ||
		     dealias_prefixhosts(&p->b, &p->ab) < 0)) {
			warts_key(sb, sep, "ab");
			json_addr(sb, "", &p->ab, -1);
		}
		break;
	default:
		break;
	}
}

static void json_warts(warts_strbuf *sb, const warts_dealias *d)
{
	const char *sep = ",";

	sb_warts_open(sb, d->list, d->cycle);
	if (d->style != WARTS_STYLE_2026)
		warts_u(sb, &sep, "style", d->style);
	if (d->errmsg != NULL && json_lossy(d->errmsg)) {
		warts_key(sb, &sep, "errmsg");
		sb_c(sb, '"');
		sb_hex(sb, d->errmsg, strlen(d->errmsg));
		sb_c(sb, '"');
	}
	warts_method(sb, &sep, d);
	if (warts_dealias_method_name(d->method) == NULL) {
		warts_u(sb, &sep, "probec", d->probec);
		warts_key(sb, &sep, "unknown");
		sb_c(sb, '"');
		if (d->unknown != NULL)
			sb_hex(sb, d->unknown, d->unknown_len);
		sb_c(sb, '"');
	}
	sb_c(sb, '}');
}

static void probedef_warts(warts_strbuf *sb, const warts_dealias_probedef *p)
{
	const char *sep = WARTS_OPEN;

	if (p->tos != 0)
		warts_u(sb, &sep, "tos", p->tos);
	warts_close(sb, sep);
}

static void probe_warts(warts_strbuf *sb, const warts_dealias *d,
                        const warts_dealias_probe *p)
{
	const warts_dealias_probedef *def = dealias_probe_def(d, p);
	const char *sep = WARTS_OPEN;

	if (def == NULL || def->id != p->def)
		warts_u(sb, &sep, "def", p->def);
	warts_close(sb, sep);
}

static void icmpext_warts(warts_strbuf *sb, const char **sep,
                          const warts_icmpexts *x)
{
	warts_key(sb, sep, "icmpext");
	sb_c(sb, '[');
	for (uint16_t i = 0; i < x->count; i++) {
		const warts_icmpext *e = &x->ext[i];
		sb_su(sb, i > 0 ? ",{\"class_num\":" : "{\"class_num\":",
		      e->class_num);
		sb_su(sb, ",\"class_type\":", e->class_type);
		sb_s(sb, ",\"data\":\"");
		if (e->data != NULL)
			sb_hex(sb, e->data, e->len);
		sb_s(sb, "\"}");
	}
	sb_c(sb, ']');
}

static int reply_quotes(const warts_dealias_reply *r);

/*
 * The JSON implies flags IPID32 exactly when it prints the IP-ID of a
 * source that is not IPv4, and prints that IP-ID only with the flag.
 */
static void reply_warts(warts_strbuf *sb, const warts_dealias_reply *r)
{
	const char *sep = WARTS_OPEN;
	int v4 = r->src.type == WARTS_ADDR_IPV4;
	uint8_t implied = !v4 ? (r->flags & WARTS_DEALIAS_REPLY_IPID32) : 0;

	if (r->flags != implied)
		warts_u(sb, &sep, "flags", r->flags);
	if (!v4 && (r->flags & WARTS_DEALIAS_REPLY_IPID32) == 0 &&
	    r->ipid != 0)
		warts_u(sb, &sep, "ipid", r->ipid);
	if (warts_dealias_reply_is_icmp(r)) {
		if (!reply_quotes(r) && r->icmp_q_ttl != 0)
			warts_u(sb, &sep, "icmp_q_ttl", r->icmp_q_ttl);
		if (r->icmpext.count > 0 && r->icmpext.ext != NULL)
			icmpext_warts(sb, &sep, &r->icmpext);
	}
	warts_close(sb, sep);
}

/* ---- the measurement -------------------------------------------------- */

static void json_header(warts_strbuf *sb, const warts_dealias *d)
{
	const char *method = warts_dealias_method_name(d->method);

	sb_s(sb, "{\"type\":\"dealias\",\"version\":\"0.2\",\"method\":\"");
	if (method != NULL)
		sb_s(sb, method);
	else
		sb_u(sb, d->method);
	sb_su(sb, "\", \"userid\":", d->userid);
	sb_s(sb, ", \"result\":\"");
	json_name(sb, NAMES(result_names), d->result);
	sb_s(sb, "\", \"start\":");
	json_tv(sb, d->start.sec, d->start.usec);
	/* no space after this comma, as scamper writes it */
	if (d->errmsg != NULL)
		sb_sj(sb, ",\"errmsg\":", d->errmsg);
	json_method(sb, d);
	if (d->list != NULL && d->list->monitor != NULL)
		sb_sj(sb, ",\"monitor\":", d->list->monitor);
}

static void json_probedef(warts_strbuf *sb, const warts_dealias_probedef *p,
                          unsigned flags)
{
	sb_su(sb, "{\"id\":", p->id);
	if (warts_addr_isset(&p->src))
		json_addr(sb, ", \"src\":", &p->src, -1);
	if (warts_addr_isset(&p->dst))
		json_addr(sb, ", \"dst\":", &p->dst, -1);
	sb_su(sb, ", \"ttl\":", p->ttl);
	sb_su(sb, ", \"size\":", p->size);
	sb_s(sb, ", \"method\":\"");
	json_name(sb, NAMES(probedef_method_names), p->method);
	sb_c(sb, '"');
	if (warts_dealias_probedef_is_icmp(p)) {
		sb_su(sb, ", \"icmp_id\":", p->icmp_id);
		sb_su(sb, ", \"icmp_csum\":", p->icmp_csum);
	} else if (warts_dealias_probedef_is_udp(p)) {
		sb_su(sb, ", \"udp_sport\":", p->sport);
		sb_su(sb, ", \"udp_dport\":", p->dport);
	} else if (warts_dealias_probedef_is_tcp(p)) {
		sb_su(sb, ", \"tcp_sport\":", p->sport);
		sb_su(sb, ", \"tcp_dport\":", p->dport);
		sb_su(sb, ", \"tcp_flags\":", p->tcp_flags);
	}
	if (p->mtu > 0)
		sb_su(sb, ", \"mtu\":", p->mtu);
	if (flags & WARTS_JSON_ALLFIELDS)
		probedef_warts(sb, p);
	sb_c(sb, '}');
}

/* ICMP messages that quote the probe: unreachable and time exceeded. */
static int reply_quotes(const warts_dealias_reply *r)
{
	return (r->proto == 1 && (r->icmp_type == 3 || r->icmp_type == 11)) ||
	       (r->proto == 58 && (r->icmp_type == 1 || r->icmp_type == 3));
}

static void json_reply(warts_strbuf *sb, const warts_dealias_reply *r,
                       unsigned flags)
{
	sb_c(sb, '{');
	/* scamper would begin "{," without a source; we keep it valid */
	if (warts_addr_isset(&r->src)) {
		json_addr(sb, "\"src\":", &r->src, -1);
		sb_c(sb, ',');
	}
	sb_su(sb, "\"rx\":{\"sec\":", r->rx.sec);
	sb_su(sb, ",\"usec\":", r->rx.usec);
	sb_su(sb, "},\"ttl\":", r->ttl);
	if (r->size != 0)
		sb_su(sb, ", \"size\":", r->size);
	/* an IPv4 source's IP-ID is 16 bits; others only when recorded */
	if (r->src.type == WARTS_ADDR_IPV4)
		sb_su(sb, ", \"ipid\":", (uint16_t)r->ipid);
	else if (r->flags & WARTS_DEALIAS_REPLY_IPID32)
		sb_su(sb, ", \"ipid\":", r->ipid);
	sb_su(sb, ", \"proto\":", r->proto);
	if (warts_dealias_reply_is_icmp(r)) {
		sb_su(sb, ", \"icmp_type\":", r->icmp_type);
		sb_su(sb, ", \"icmp_code\":", r->icmp_code);
		if (reply_quotes(r))
			sb_su(sb, ", \"icmp_q_ttl\":", r->icmp_q_ttl);
	} else if (r->proto == 6) {
		sb_su(sb, ", \"tcp_flags\":", r->tcp_flags);
	}
	if (flags & WARTS_JSON_ALLFIELDS)
		reply_warts(sb, r);
	sb_c(sb, '}');
}

static void json_probe(warts_strbuf *sb, const warts_dealias *d,
                       const warts_dealias_probe *p, unsigned flags)
{
	const warts_dealias_probedef *def = dealias_probe_def(d, p);

	sb_c(sb, '{');
	/* the probedef's id, which names it as the warts index does */
	if (def != NULL) {
		sb_su(sb, "\"probedef_id\":", def->id);
		sb_c(sb, ',');
	}
	sb_su(sb, "\"seq\":", p->seq);
	sb_su(sb, ",\"tx\":{\"sec\":", p->tx.sec);
	sb_su(sb, ",\"usec\":", p->tx.usec);
	sb_c(sb, '}');
	if (def != NULL && def->dst.type == WARTS_ADDR_IPV4)
		sb_su(sb, ", \"ipid\":", p->ipid);
	sb_s(sb, ", \"replies\":[");
	for (uint16_t i = 0; p->replies != NULL && i < p->replyc; i++) {
		if (i > 0)
			sb_s(sb, ", ");
		json_reply(sb, &p->replies[i], flags);
	}
	sb_c(sb, ']');
	if (flags & WARTS_JSON_ALLFIELDS)
		probe_warts(sb, d, p);
	sb_c(sb, '}');
}

int dealias_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_dealias *d = obj;

	json_header(sb, d);
	sb_s(sb, ", \"probedefs\":[");
	for (uint32_t i = 0; d->probedefs != NULL && i < d->probedefc; i++) {
		if (i > 0)
			sb_s(sb, ", ");
		json_probedef(sb, &d->probedefs[i], flags);
	}
	/* a method we do not know has a count of probes but none held */
	sb_s(sb, "], \"probes\":[");
	for (uint32_t i = 0; d->probes != NULL && i < d->probec; i++) {
		if (i > 0)
			sb_s(sb, ", ");
		json_probe(sb, d, &d->probes[i], flags);
	}
	sb_c(sb, ']');
	if (flags & WARTS_JSON_ALLFIELDS)
		json_warts(sb, d);
	sb_s(sb, "}\n");
	return 1;
}
