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

static void json_probedef(warts_strbuf *sb, const warts_dealias_probedef *p)
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
	sb_c(sb, '}');
}

/* ICMP messages that quote the probe: unreachable and time exceeded. */
static int reply_quotes(const warts_dealias_reply *r)
{
	return (r->proto == 1 && (r->icmp_type == 3 || r->icmp_type == 11)) ||
	       (r->proto == 58 && (r->icmp_type == 1 || r->icmp_type == 3));
}

static void json_reply(warts_strbuf *sb, const warts_dealias_reply *r)
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
	sb_c(sb, '}');
}

static void json_probe(warts_strbuf *sb, const warts_dealias *d,
                       const warts_dealias_probe *p)
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
		json_reply(sb, &p->replies[i]);
	}
	sb_s(sb, "]}");
}

int dealias_json(warts_strbuf *sb, const void *obj, unsigned flags)
{
	const warts_dealias *d = obj;

	(void)flags;
	json_header(sb, d);
	sb_s(sb, ", \"probedefs\":[");
	for (uint32_t i = 0; d->probedefs != NULL && i < d->probedefc; i++) {
		if (i > 0)
			sb_s(sb, ", ");
		json_probedef(sb, &d->probedefs[i]);
	}
	/* a method we do not know has a count of probes but none held */
	sb_s(sb, "], \"probes\":[");
	for (uint32_t i = 0; d->probes != NULL && i < d->probec; i++) {
		if (i > 0)
			sb_s(sb, ", ");
		json_probe(sb, d, &d->probes[i]);
	}
	sb_s(sb, "]}\n");
	return 1;
}
