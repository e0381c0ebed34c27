/*
 * dealias_dump.c: alias resolution as sc_wartsdump prints it.
 *
 * A first line (with the addresses for mercator), the list, cycle, user
 * id and start time, the method's settings and its probedefs, the count
 * of probes and the result, then each probe with its replies, and an
 * empty line.
 *
 * sc_wartsdump prints several unsigned 32-bit values (ids, sequence
 * numbers, times) through "%d", so values past INT32_MAX come out
 * negative; we print them the same way.  Where it would crash on an
 * absent address (mercator's first line, prefixscan's a and b, an
 * excluded address) we print "<null>", as it does in a probedef.
 *
 * scamper's dump leaves some fields out.  We print each of them too, but
 * only when it holds something other than what scamper's own files hold
 * for it (its default, or the zero of a field the file leaves out), so a
 * dump of an ordinary file is scamper's byte for byte while an unusual
 * value still shows: flags scamper has no name for, the bytes of a
 * method we do not know, an IPv6 probe's IP-ID, and in a reply its ICMP
 * extensions (which scamper never prints), the fields its kind does not
 * use (a TCP reply's ICMP type, the quoted TTL of a reply that quotes
 * nothing, ...) and an IP-ID scamper would not show.
 */
#include "warts/dealias.h"
#include "warts/list.h"

#include "../fmt.h"
#include "dealias_fmt.h"

/* v as printf's "%0<width>u" writes it. */
static void dump_uint0(warts_strbuf *sb, uint32_t v, unsigned width)
{
	unsigned digits = 1;

	for (uint32_t t = v; t >= 10; t /= 10)
		digits++;
	for (; digits < width; digits++)
		sb_c(sb, '0');
	sb_u(sb, v);
}

/* v as printf's "%0<width>d" writes it: the sign counts in the width. */
static void dump_int0(warts_strbuf *sb, int32_t v, unsigned width)
{
	if (v < 0) {
		sb_c(sb, '-');
		dump_uint0(sb, 0u - (uint32_t)v, width > 0 ? width - 1 : 0);
	} else {
		dump_uint0(sb, (uint32_t)v, width);
	}
}

/* "0x" and v in lower-case hex, at least width digits. */
static void dump_hex(warts_strbuf *sb, uint32_t v, unsigned width)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[8];
	unsigned n = 0;

	do {
		tmp[sizeof(tmp) - ++n] = digits[v & 0xf];
		v >>= 4;
	} while (v != 0);
	sb_s(sb, "0x");
	for (unsigned i = n; i < width; i++)
		sb_c(sb, '0');
	sb_mem(sb, tmp + sizeof(tmp) - n, n);
}

static void dump_addr(warts_strbuf *sb, const warts_addr *a)
{
	if (warts_addr_isset(a))
		sb_addr(sb, a);
	else
		sb_s(sb, "<null>");
}

/*
 * A wait as "<label>: <sec>[.<frac>]s": the microseconds without their
 * trailing zeros, so 500 ms is "0.5s" and 1 s is "1s".
 */
static void dump_wait(warts_strbuf *sb, const char *label, uint32_t sec,
                      uint32_t usec)
{
	unsigned width = 6;

	sb_s(sb, label);
	sb_su(sb, ": ", sec);
	if (usec > 0) {
		while (usec % 10 == 0) {
			usec /= 10;
			width--;
		}
		sb_c(sb, '.');
		dump_uint0(sb, usec, width);
	}
	sb_c(sb, 's');
}

static void dump_wait_ms(warts_strbuf *sb, const char *label, uint32_t ms)
{
	dump_wait(sb, label, ms / 1000, ms % 1000 * 1000);
}

static void dump_wait_us(warts_strbuf *sb, const char *label, warts_rtt us)
{
	dump_wait(sb, label, us / 1000000, us % 1000000);
}

/* " <label>: <ctime> <usec>" and a newline. */
static void dump_time(warts_strbuf *sb, const char *label, const warts_tv *tv)
{
	sb_c(sb, ' ');
	sb_s(sb, label);
	sb_s(sb, ": ");
	sb_ctime(sb, tv->sec);
	sb_c(sb, ' ');
	dump_int0(sb, (int32_t)tv->usec, 6);
	sb_c(sb, '\n');
}

/* " (fin syn ... )" for the flags set, nothing when none are. */
static void dump_tcp_flags(warts_strbuf *sb, uint8_t flags)
{
	static const char *const names[] = {
		" fin", " syn", " rst", " psh", " ack", " urg", " ece", " cwr",
	};
	if (flags == 0)
		return;
	sb_s(sb, " (");
	for (unsigned i = 0; i < 8; i++)
		if (flags & (1u << i))
			sb_s(sb, names[i]);
	sb_s(sb, " )");
}

/* The indented name of a UDP or TCP probedef's method. */
static const char *probedef_name(uint8_t method)
{
	switch (method) {
	case WARTS_DEALIAS_PROBE_UDP:           return "  udp";
	case WARTS_DEALIAS_PROBE_UDP_DPORT:     return "  udp-dport";
	case WARTS_DEALIAS_PROBE_TCP_ACK:       return "  tcp-ack";
	case WARTS_DEALIAS_PROBE_TCP_ACK_SPORT: return "  tcp-ack-sport";
	default:                                return "  tcp-syn-sport";
	}
}

static void dump_probedef(warts_strbuf *sb, const warts_dealias_probedef *p)
{
	sb_s(sb, " probedef ");
	sb_i(sb, (int32_t)p->id);
	sb_s(sb, ": dst: ");
	dump_addr(sb, &p->dst);
	sb_su(sb, ", ttl: ", p->ttl);
	sb_s(sb, ", tos: ");
	dump_hex(sb, p->tos, 2);
	sb_s(sb, "\n  src: ");
	dump_addr(sb, &p->src);
	if (p->size > 0)
		sb_su(sb, ", size: ", p->size);
	if (p->mtu > 0)
		sb_su(sb, ", mtu: ", p->mtu);
	sb_c(sb, '\n');

	if (warts_dealias_probedef_is_icmp(p)) {
		sb_s(sb, "  icmp-echo csum: ");
		dump_hex(sb, p->icmp_csum, 4);
		sb_s(sb, ", id: ");
		dump_hex(sb, p->icmp_id, 4);
		sb_c(sb, '\n');
	} else if (warts_dealias_probedef_is_udp(p)) {
		sb_s(sb, probedef_name(p->method));
		sb_su(sb, " ", p->sport);
		sb_su(sb, ":", p->dport);
		sb_c(sb, '\n');
	} else if (warts_dealias_probedef_is_tcp(p)) {
		sb_s(sb, probedef_name(p->method));
		sb_su(sb, " ", p->sport);
		sb_su(sb, ":", p->dport);
		/* a space before the flags, even when there are none */
		sb_c(sb, ' ');
		dump_tcp_flags(sb, p->tcp_flags);
		sb_c(sb, '\n');
	} else {
		/* deliberately unindented, as sc_wartsdump prints it */
		sb_u(sb, p->method);
		sb_c(sb, '\n');
	}
}

static void dump_probedefs(warts_strbuf *sb, const warts_dealias *d)
{
	for (uint32_t i = 0; d->probedefs != NULL && i < d->probedefc; i++)
		dump_probedef(sb, &d->probedefs[i]);
}

/* ---- method settings -------------------------------------------------- */

/* Ours: ", flags: 0x.." when flags has bits scamper has no name for. */
static void dump_flags_unknown(warts_strbuf *sb, uint32_t flags,
                               uint32_t known)
{
	if ((flags & ~known) == 0)
		return;
	sb_s(sb, ", flags: ");
	dump_hex(sb, flags, 2);
}

static void dump_mercator(warts_strbuf *sb, const warts_dealias *d)
{
	const warts_dealias_mercator *m = &d->mercator;
	sb_su(sb, "mercator, attempts: ", m->attempts);
	dump_wait(sb, ", timeout", m->wait_timeout, 0);
	sb_c(sb, '\n');
}

static void dump_ally(warts_strbuf *sb, const warts_dealias *d)
{
	const warts_dealias_ally *a = &d->ally;
	sb_su(sb, "ally, attempts: ", a->attempts);
	sb_su(sb, ", fudge: ", a->fudge);
	dump_wait_ms(sb, ", wait-probe", a->wait_probe);
	dump_wait(sb, ", wait-timeout", a->wait_timeout, 0);
	if (a->flags & WARTS_DEALIAS_ALLY_NOBS)
		sb_s(sb, ", nobs");
	dump_flags_unknown(sb, a->flags, WARTS_DEALIAS_ALLY_NOBS);
	sb_c(sb, '\n');
}

static void dump_bump(warts_strbuf *sb, const warts_dealias *d)
{
	const warts_dealias_bump *b = &d->bump;
	sb_su(sb, "bump, attempts: ", b->attempts);
	dump_wait_ms(sb, ", wait-probe", b->wait_probe);
	sb_su(sb, ", bump-limit: ", b->bump_limit);
	sb_c(sb, '\n');
}

static void dump_radargun(warts_strbuf *sb, const warts_dealias *d)
{
	const warts_dealias_radargun *r = &d->radargun;
	uint8_t flags = r->flags;

	sb_su(sb, "radargun, rounds: ", r->rounds);
	sb_s(sb, ", probedefc: ");
	sb_i(sb, (int32_t)d->probedefc);
	sb_c(sb, '\n');
	dump_wait_ms(sb, "  wait-probe", r->wait_probe);
	dump_wait_ms(sb, ", wait-round", r->wait_round);
	dump_wait(sb, ", wait-timeout", r->wait_timeout, 0);
	sb_c(sb, '\n');
	if (flags == 0)
		return;
	/* shuffle by name, any other bit as its hex value */
	sb_s(sb, "  flags: ");
	for (unsigned i = 0; i < 8; i++) {
		if ((flags & (1u << i)) == 0)
			continue;
		if ((1u << i) == WARTS_DEALIAS_RADARGUN_SHUFFLE)
			sb_s(sb, "shuffle");
		else
			dump_hex(sb, 1u << i, 2);
		flags &= (uint8_t)~(1u << i);
		if (flags == 0)
			break;
		sb_s(sb, ", ");
	}
	sb_c(sb, '\n');
}

static void dump_prefixscan(warts_strbuf *sb, const warts_dealias *d)
{
	const warts_dealias_prefixscan *p = &d->prefixscan;

	sb_s(sb, "prefixscan, ");
	dump_addr(sb, &p->a);
	sb_c(sb, ':');
	dump_addr(sb, &p->b);
	sb_su(sb, "/", p->prefix);
	if (warts_addr_isset(&p->ab)) {
		/* -1 when no prefix length applies (not IPv4) */
		sb_s(sb, ", alias: ");
		sb_addr(sb, &p->ab);
		sb_c(sb, '/');
		sb_i(sb, dealias_prefixhosts(&p->b, &p->ab));
	}
	sb_c(sb, '\n');

	sb_su(sb, "  attempts: ", p->attempts);
	sb_su(sb, ", replyc: ", p->replyc);
	sb_su(sb, ", fudge: ", p->fudge);
	dump_wait_ms(sb, ", wait-probe", p->wait_probe);
	dump_wait(sb, ", wait-timeout", p->wait_timeout, 0);
	if (p->flags & WARTS_DEALIAS_PREFIXSCAN_NOBS)
		sb_s(sb, ", nobs");
	dump_flags_unknown(sb, p->flags, WARTS_DEALIAS_PREFIXSCAN_NOBS |
	                                 WARTS_DEALIAS_PREFIXSCAN_CSA);
	sb_c(sb, '\n');
	if (p->xc > 0 && p->xs != NULL) {
		sb_s(sb, "  exclude:");
		for (uint16_t i = 0; i < p->xc; i++) {
			sb_c(sb, ' ');
			dump_addr(sb, &p->xs[i]);
		}
		sb_c(sb, '\n');
	}
}

/* The waits straddle a line break, as sc_wartsdump prints them. */
static void dump_midarest(warts_strbuf *sb, const warts_dealias *d)
{
	const warts_dealias_midarest *m = &d->midarest;
	sb_s(sb, "midarest");
	dump_wait_us(sb, ", wait-probe", m->wait_probe);
	dump_wait_us(sb, ", wait-round", m->wait_round);
	sb_c(sb, '\n');
	dump_wait_us(sb, "  wait-timeout", m->wait_timeout);
	sb_su(sb, ", rounds: ", m->rounds);
	/* the file holds the count in 16 bits */
	sb_su(sb, ", probedefc: ", (uint16_t)d->probedefc);
	sb_c(sb, '\n');
}

/*
 * Each round: its start offset, its probedef range, then the range of
 * probe numbers it accounts for, counted over the rounds before it (in
 * 32-bit arithmetic, as sc_wartsdump counts).
 */
static void dump_midardisc(warts_strbuf *sb, const warts_dealias *d)
{
	const warts_dealias_midardisc *m = &d->midardisc;
	uint32_t probes = 0;

	sb_s(sb, "midardisc");
	dump_wait_us(sb, ", wait-timeout", m->wait_timeout);
	sb_s(sb, ", probedefc: ");
	sb_i(sb, (int32_t)d->probedefc);
	sb_c(sb, '\n');
	if (m->startat != NULL)
		dump_time(sb, "startat", m->startat);
	for (uint32_t i = 0; m->sched != NULL && i < m->schedc; i++) {
		const warts_dealias_midardisc_round *r = &m->sched[i];
		sb_s(sb, "  round ");
		sb_i(sb, (int32_t)i);
		sb_su(sb, ": ", r->start.sec);
		sb_c(sb, '.');
		dump_uint0(sb, r->start.usec, 6);
		sb_su(sb, " ", r->begin);
		sb_su(sb, " ", r->end);
		sb_su(sb, ", ", probes);
		sb_su(sb, "-", (uint32_t)(probes + (r->end - r->begin)));
		sb_c(sb, '\n');
		probes += r->end - r->begin + 1;
	}
}

static void dump_method(warts_strbuf *sb, const warts_dealias *d)
{
	sb_s(sb, " method: ");
	switch (d->method) {
	case WARTS_DEALIAS_MERCATOR:   dump_mercator(sb, d);   break;
	case WARTS_DEALIAS_ALLY:       dump_ally(sb, d);       break;
	case WARTS_DEALIAS_BUMP:       dump_bump(sb, d);       break;
	case WARTS_DEALIAS_RADARGUN:   dump_radargun(sb, d);   break;
	case WARTS_DEALIAS_PREFIXSCAN: dump_prefixscan(sb, d); break;
	case WARTS_DEALIAS_MIDAREST:   dump_midarest(sb, d);   break;
	case WARTS_DEALIAS_MIDARDISC:  dump_midardisc(sb, d);  break;
	default:
		sb_u(sb, d->method);
		sb_c(sb, '\n');
		/* ours: the settings of a method we cannot decode, as read */
		if (d->unknown != NULL && d->unknown_len > 0) {
			sb_su(sb, "  method-data: (", d->unknown_len);
			sb_s(sb, ") ");
			sb_hex(sb, d->unknown, d->unknown_len);
			sb_c(sb, '\n');
		}
		return;
	}
	dump_probedefs(sb, d);
}

/* ---- probes ----------------------------------------------------------- */

/* sec.usec of to - from, borrowing once from the seconds as scamper
 * does, each half printed through "%d". */
static void dump_rtt(warts_strbuf *sb, const warts_tv *from,
                     const warts_tv *to)
{
	int64_t sec = (int64_t)to->sec - from->sec;
	int64_t usec = (int64_t)to->usec - from->usec;
	if (usec < 0) {
		sec--;
		usec += 1000000;
	}
	sb_i(sb, (int32_t)sec);
	sb_c(sb, '.');
	dump_int0(sb, (int32_t)usec, 6);
}

/*
 * Ours: a reply's ICMP extensions, which scamper reads but does not
 * print: MPLS label stacks in the style of its traceroute dump, any
 * other extension as its class, type and bytes.
 */
static void dump_exts(warts_strbuf *sb, const warts_icmpexts *exts)
{
	for (uint16_t i = 0; exts->ext != NULL && i < exts->count; i++) {
		const warts_icmpext *ie = &exts->ext[i];
		unsigned n = warts_icmpext_mpls_count(ie);
		if (!warts_icmpext_is_mpls(ie)) {
			sb_su(sb, "  icmp-ext class: ", ie->class_num);
			sb_su(sb, ", type: ", ie->class_type);
			sb_su(sb, ", len: ", ie->len);
			if (ie->len > 0 && ie->data != NULL) {
				sb_s(sb, ", data: ");
				sb_hex(sb, ie->data, ie->len);
			}
			sb_c(sb, '\n');
			continue;
		}
		for (unsigned m = 0; m < n; m++) {
			warts_mpls_lse l;
			if (warts_icmpext_mpls(ie, m, &l) != 0)
				break;
			sb_s(sb, m == 0 ? "  mpls ext" : "          ");
			sb_su(sb, " ttl: ", l.ttl);
			sb_su(sb, ", s: ", l.s);
			sb_su(sb, ", exp: ", l.exp);
			sb_su(sb, ", label: ", l.label);
			sb_c(sb, '\n');
		}
	}
}

/* The messages that quote the probe: unreachable and time exceeded. */
static int reply_is_q(const warts_dealias_reply *r)
{
	return (r->proto == 1 && (r->icmp_type == 3 || r->icmp_type == 11)) ||
	       (r->proto == 58 && (r->icmp_type == 1 || r->icmp_type == 3));
}

static void dump_icmp(warts_strbuf *sb, const warts_dealias_reply *r, int q)
{
	sb_su(sb, "  icmp-type: ", r->icmp_type);
	sb_su(sb, ", icmp-code: ", r->icmp_code);
	if (q)
		sb_su(sb, ", icmp-q-ttl: ", r->icmp_q_ttl);
	sb_c(sb, '\n');
}

static void dump_tcp(warts_strbuf *sb, uint8_t flags)
{
	sb_s(sb, "   tcp flags:");
	dump_tcp_flags(sb, flags);
	sb_c(sb, '\n');
}

static void dump_reply(warts_strbuf *sb, const warts_dealias_probe *p,
                       uint16_t j)
{
	const warts_dealias_reply *r = &p->replies[j];
	int icmp = warts_dealias_reply_is_icmp(r);
	int icmp_extra = r->icmp_type != 0 || r->icmp_code != 0 ||
	                 r->icmp_q_ttl != 0;

	sb_su(sb, "  reply: ", j);
	sb_s(sb, ", src: ");
	dump_addr(sb, &r->src);
	sb_su(sb, ", ttl: ", r->ttl);
	sb_s(sb, ", rtt: ");
	dump_rtt(sb, &p->tx, &r->rx);
	if (r->size != 0)
		sb_su(sb, ", size: ", r->size);
	if (r->src.type == WARTS_ADDR_IPV4) {
		sb_s(sb, ", ipid: ");
		dump_hex(sb, (uint16_t)r->ipid, 4);
		/* ours: bits a 16-bit IP-ID cannot have */
		if (r->ipid > 0xffff) {
			sb_s(sb, ", ipid32: ");
			dump_hex(sb, r->ipid, 8);
		}
	} else if ((r->flags & WARTS_DEALIAS_REPLY_IPID32) || r->ipid != 0) {
		/* ours without the flag, when not zero */
		sb_s(sb, ", ipid32: ");
		dump_hex(sb, r->ipid, 8);
	}
	dump_flags_unknown(sb, r->flags, WARTS_DEALIAS_REPLY_IPID32);
	sb_c(sb, '\n');

	if (icmp) {
		/* ours: the quoted TTL of a message that quotes nothing */
		dump_icmp(sb, r, reply_is_q(r) || r->icmp_q_ttl != 0);
	} else if (r->proto == 6) {
		dump_tcp(sb, r->tcp_flags);
	} else {
		sb_su(sb, "  reply proto ", r->proto);
		sb_c(sb, '\n');
	}
	/* ours: the fields of the other kinds, when not zero */
	if (!icmp && icmp_extra)
		dump_icmp(sb, r, r->icmp_q_ttl != 0);
	if (r->proto != 6 && r->tcp_flags != 0)
		dump_tcp(sb, r->tcp_flags);
	dump_exts(sb, &r->icmpext);
}

static void dump_probe(warts_strbuf *sb, const warts_dealias *d, uint32_t i)
{
	const warts_dealias_probe *p = &d->probes[i];
	const warts_dealias_probedef *def = dealias_probe_def(d, p);

	sb_s(sb, " probe: ");
	sb_i(sb, (int32_t)i);
	/* a probedef out of range (a hand-built object): its index */
	sb_s(sb, ", def: ");
	sb_i(sb, (int32_t)(def != NULL ? def->id : p->def));
	sb_s(sb, ", seq: ");
	sb_i(sb, (int32_t)p->seq);
	sb_s(sb, ", tx: ");
	sb_i(sb, (int32_t)p->tx.sec);
	sb_c(sb, '.');
	dump_int0(sb, (int32_t)p->tx.usec, 6);
	/* ours: the IP-ID of a probe that is not IPv4, when not zero */
	if ((def != NULL && def->dst.type == WARTS_ADDR_IPV4) || p->ipid != 0) {
		sb_s(sb, ", ipid: ");
		dump_hex(sb, p->ipid, 4);
	}
	sb_c(sb, '\n');
	for (uint16_t j = 0; p->replies != NULL && j < p->replyc; j++)
		dump_reply(sb, p, j);
}

/* ---- the measurement -------------------------------------------------- */

static void dump_head(warts_strbuf *sb, const warts_dealias *d)
{
	sb_s(sb, "dealias");
	if (d->method == WARTS_DEALIAS_MERCATOR && d->probedefs != NULL &&
	    d->probedefc > 0) {
		sb_s(sb, " from ");
		dump_addr(sb, &d->probedefs[0].src);
		sb_s(sb, " to ");
		dump_addr(sb, &d->probedefs[0].dst);
	}
	sb_c(sb, '\n');

	if (d->list != NULL) {
		sb_s(sb, " list id: ");
		sb_i(sb, (int32_t)d->list->id);
		if (d->list->name != NULL) {
			sb_s(sb, ", name: ");
			sb_s(sb, d->list->name);
		}
		if (d->list->monitor != NULL) {
			sb_s(sb, ", monitor: ");
			sb_s(sb, d->list->monitor);
		}
		sb_c(sb, '\n');
	}
	if (d->cycle != NULL) {
		sb_s(sb, " cycle id: ");
		sb_i(sb, (int32_t)d->cycle->id);
		sb_c(sb, '\n');
	}
	sb_s(sb, " user-id: ");
	sb_i(sb, (int32_t)d->userid);
	sb_c(sb, '\n');
	dump_time(sb, "start", &d->start);
}

int dealias_dump(warts_strbuf *sb, const void *obj)
{
	static const char *const results[] = {
		"none", "aliases", "not-aliases", "halted", "ipid-echo",
		"error",
	};
	const warts_dealias *d = obj;

	dump_head(sb, d);
	dump_method(sb, d);

	/* for a method we do not know, the count the file holds */
	sb_s(sb, " probes: ");
	sb_i(sb, (int32_t)d->probec);
	sb_s(sb, ", result: ");
	if (d->result < sizeof(results) / sizeof(results[0]))
		sb_s(sb, results[d->result]);
	else
		sb_u(sb, d->result);
	if (d->method == WARTS_DEALIAS_PREFIXSCAN &&
	    (d->prefixscan.flags & WARTS_DEALIAS_PREFIXSCAN_CSA))
		sb_s(sb, ", csa");
	sb_c(sb, '\n');
	if (d->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, d->errmsg);
		sb_c(sb, '\n');
	}

	for (uint32_t i = 0; d->probes != NULL && i < d->probec; i++)
		dump_probe(sb, d, i);
	sb_c(sb, '\n');
	return 1;
}
