/*
 * ping_text.c: pings as sc_warts2text prints them, and the pieces the
 * three ping formatters share (the walk probe by probe, the statistics,
 * the names of methods, stop reasons and flags).
 *
 * The text is ping(8)'s: a header line, a line per reply (with the record
 * route and timestamp options under it), then the statistics.
 */
#include <stdlib.h>
#include <string.h>

#include "../fmt.h"
#include "ping_fmt.h"

/* ---- names ------------------------------------------------------------- */

const char *ping_method_str(uint8_t method)
{
	static const char *const names[] = {
		"icmp-echo", "tcp-ack", "tcp-ack-sport", "udp", "udp-dport",
		"icmp-time", "tcp-syn", "tcp-synack", "tcp-rst",
		"tcp-syn-sport", "udp-sport",
	};
	return method < sizeof(names) / sizeof(names[0]) ? names[method]
	                                                 : NULL;
}

const char *ping_stop_str(uint8_t reason)
{
	static const char *const names[] = {
		"none", "done", "error", "halted", "inprogress",
	};
	return reason < sizeof(names) / sizeof(names[0]) ? names[reason]
	                                                 : NULL;
}

const char *const ping_flag_names[PING_NFLAGS] = {
	"v4rr", "spoof", "payload", "tsonly", "tsandaddr", "icmpsum", "dl",
	"tbt", "nosrc", "raw", "sockrx", "dltx",
};

/* ---- the walk ------------------------------------------------------------ */

static int key_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

int ping_walk_init(struct ping_walk *w, const warts_ping *ping)
{
	uint32_t *keys;
	uint16_t i;

	w->ping = ping;
	w->order = NULL;
	ping_walk_rewind(w);
	if (ping->replies == NULL)
		return 0;
	for (i = 1; i < ping->replyc; i++)
		if (ping->replies[i].probe_id < ping->replies[i - 1].probe_id)
			break;
	if (i >= ping->replyc)
		return 0; /* scamper's writers keep this order: the usual case */

	/*
	 * A stable sort by probe: the key is the probe id, then the reply's
	 * place in the file.
	 */
	if ((keys = malloc(sizeof(*keys) * ping->replyc)) == NULL ||
	    (w->order = malloc(sizeof(*w->order) * ping->replyc)) == NULL) {
		free(keys);
		return -1;
	}
	for (i = 0; i < ping->replyc; i++)
		keys[i] = (uint32_t)ping->replies[i].probe_id << 16 | i;
	qsort(keys, ping->replyc, sizeof(*keys), key_cmp);
	for (i = 0; i < ping->replyc; i++)
		w->order[i] = (uint16_t)(keys[i] & 0xffff);
	free(keys);
	return 0;
}

void ping_walk_fini(struct ping_walk *w)
{
	free(w->order);
	w->order = NULL;
}

const warts_ping_reply *ping_walk_next(struct ping_walk *w)
{
	const warts_ping_reply *r;

	if (w->ping->replies == NULL || w->next >= w->ping->replyc)
		return NULL;
	r = &w->ping->replies[w->order != NULL ? w->order[w->next] : w->next];
	w->next++;
	if (w->probe == NULL || w->probe->probe_id != r->probe_id)
		w->probe = r;
	return r;
}

/* ---- statistics ------------------------------------------------------------ */

/* An ICMP port unreachable: what a UDP probe draws from the target. */
static int is_port_unreach(const warts_ping_reply *r)
{
	if (r->addr.type == WARTS_ADDR_IPV4)
		return r->reply_proto == 1 && r->icmp_type == 3 &&
		       r->icmp_code == 3;
	if (r->addr.type == WARTS_ADDR_IPV6)
		return r->reply_proto == 58 && r->icmp_type == 1 &&
		       r->icmp_code == 4;
	return 0;
}

/* Whether the reply is the answer the method asks of the target. */
static int from_target(const warts_ping *p, const warts_ping_reply *r)
{
	if (p->method == WARTS_PING_ICMP_ECHO)
		return (r->addr.type == WARTS_ADDR_IPV4 &&
		        r->reply_proto == 1 && r->icmp_type == 0) ||
		       (r->addr.type == WARTS_ADDR_IPV6 &&
		        r->reply_proto == 58 && r->icmp_type == 129);
	if (p->method == WARTS_PING_ICMP_TIME)
		return r->addr.type == WARTS_ADDR_IPV4 &&
		       r->reply_proto == 1 && r->icmp_type == 14;
	if (ping_method_is_tcp(p))
		return r->reply_proto == 6;
	if (ping_method_is_udp(p))
		return r->reply_proto == 17 || is_port_unreach(r);
	return 0;
}

/* floor(sqrt(n)) of an integer, a bit at a time. */
static uint64_t isqrt64(uint64_t n)
{
	uint64_t r = 0, bit = (uint64_t)1 << 62;

	while (bit > n)
		bit >>= 2;
	while (bit != 0) {
		if (n >= r + bit) {
			n -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/*
 * scamper takes the integer part of the double closest to sqrt(x).  That
 * is floor(sqrt(x)) = k, except when sqrt(x) lies so close below k + 1
 * that it rounds up to it: at or above the midpoint between k + 1 and
 * the double before it.  Both are decided exactly with integers here,
 * which keeps the result the same everywhere and needs no libm.
 *
 * With x = M * 2^E (M the 53-bit significand), b = floor(log2 k) and
 * t = b - 53, the midpoint is k + 1 - 2^t, and sqrt(x) reaches it when
 * D = (k + 1)^2 - x <= (k + 1) * 2^(t + 1) - 2^(2t).  Counted in units
 * of 2^(2t) the right side is (k + 1) * 2^(54 - b) - 1 < 2^55, and D is
 * Dint * 2^F with F = min(E, 0), where Dint fits 64 bits because x is
 * below 2^64 and close to (k + 1)^2.
 */
uint32_t ping_sqrt_floor(double x)
{
	uint64_t u, m, k, k1, dint, rhs;
	int e, f, b, sh;

	/* below 1 (or NaN) the root stays below the largest double < 1 */
	if (!(x >= 1.0))
		return 0;
	if (x >= 18446744073709551616.0) /* 2^64: past what scamper casts */
		return UINT32_MAX;
	k = isqrt64((uint64_t)x);
	if (k >= UINT32_MAX)
		return UINT32_MAX;
	memcpy(&u, &x, sizeof(u));
	e = (int)((u >> 52) & 0x7ff) - 1075;
	m = (u & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
	for (b = 0; (k >> (b + 1)) != 0; b++)
		;
	k1 = k + 1;
	f = e < 0 ? e : 0;
	if (e < 0)
		dint = ((k1 * k1) << -e) - m;
	else
		dint = k1 * k1 - (m << e);
	sh = 106 - 2 * b + f;
	rhs = (k1 << (54 - b)) - 1;
	if (sh < 64 && dint <= (rhs >> sh))
		return (uint32_t)k1;
	return (uint32_t)k;
}

/*
 * Like scamper: RTTs are summed as doubles in walk order, the average is
 * the truncated mean, and the deviation is the population one around the
 * unrounded mean.
 */
void ping_stats_get(struct ping_walk *w, struct ping_stats *st)
{
	const warts_ping *p = w->ping;
	const warts_ping_reply *r;
	const warts_ping_reply *answered = NULL; /* probe already counted */
	double sum = 0, mean, dev = 0;
	uint32_t n;

	memset(st, 0, sizeof(*st));
	ping_walk_rewind(w);
	while ((r = ping_walk_next(w)) != NULL) {
		if (!from_target(p, r)) {
			st->nerrs++;
			continue;
		}
		if (answered != w->probe) {
			answered = w->probe;
			st->nreplies++;
		} else {
			st->ndups++;
		}
		if (st->nreplies + st->ndups == 1 || r->rtt < st->min)
			st->min = r->rtt;
		if (st->nreplies + st->ndups == 1 || r->rtt > st->max)
			st->max = r->rtt;
		sum += (double)r->rtt;
	}

	n = st->nreplies + st->ndups;
	if (n == 0)
		return;
	st->avg = (uint32_t)(sum / n);
	mean = sum / n;
	ping_walk_rewind(w);
	while ((r = ping_walk_next(w)) != NULL) {
		double diff;
		if (!from_target(p, r))
			continue;
		diff = (double)r->rtt - mean;
		diff = diff * diff; /* kept apart so no FMA can form */
		dev += diff;
	}
	st->stddev = ping_sqrt_floor(dev / n);
}

/* ---- the text -------------------------------------------------------------- */

/* v in decimal, zero-padded to at least width digits. */
static void sb_upad(warts_strbuf *sb, uint32_t v, unsigned width)
{
	unsigned digits = 1;
	for (uint32_t t = v; t >= 10; t /= 10)
		digits++;
	while (digits++ < width)
		sb_c(sb, '0');
	sb_u(sb, v);
}

/* An ICMP timestamp, milliseconds since midnight, as hh:mm:ss.mmm. */
void ping_sb_icmpts(warts_strbuf *sb, uint32_t v)
{
	uint32_t ss = v / 1000;
	sb_upad(sb, ss / 3600, 2);
	sb_c(sb, ':');
	sb_upad(sb, ss % 3600 / 60, 2);
	sb_c(sb, ':');
	sb_upad(sb, ss % 60, 2);
	sb_c(sb, '.');
	sb_upad(sb, v % 1000, 3);
}

/* An address left-aligned in 15 columns, as printf's %-15s. */
void ping_sb_addr15(warts_strbuf *sb, const warts_addr *a)
{
	size_t start = sb->len;
	sb_addr(sb, a);
	while (!sb->oom && sb->len - start < 15)
		sb_c(sb, ' ');
}

/* What a TCP reply says of the port. */
static void text_tcp(warts_strbuf *sb, uint8_t flags)
{
	static const char hex[] = "0123456789abcdef";

	sb_s(sb, "tcp=");
	if (flags & 0x04) { /* RST */
		sb_s(sb, "closed");
	} else if ((flags & 0x12) == 0x12) { /* SYN and ACK */
		sb_s(sb, (flags & 0x40) ? "open,ecn" : "open");
	} else {
		sb_s(sb, "0x");
		sb_c(sb, hex[flags >> 4]);
		sb_c(sb, hex[flags & 0xf]);
	}
}

static void text_ttl_time(warts_strbuf *sb, const warts_ping_reply *r)
{
	sb_su(sb, "ttl=", r->reply_ttl);
	sb_s(sb, " time=");
	sb_rtt(sb, r->rtt);
	sb_s(sb, " ms");
}

static void text_options(warts_strbuf *sb, const warts_ping_reply *r)
{
	const warts_ping_v4rr *rr = r->v4rr;
	const warts_ping_v4ts *ts = r->v4ts;

	/* scamper would read past an empty record route; we print none */
	if (rr != NULL && rr->ipc > 0) {
		for (unsigned i = 0; i < rr->ipc; i++) {
			sb_s(sb, i == 0 ? " RR: " : "     ");
			sb_addr(sb, &rr->ip[i]);
			sb_c(sb, '\n');
		}
	}
	if (ts != NULL && ts->tsc > 0) {
		for (unsigned i = 0; i < ts->tsc; i++) {
			sb_s(sb, i == 0 ? " TS: " : "     ");
			if (ts->ipc != 0) {
				ping_sb_addr15(sb, &ts->slot[i].ip);
				sb_c(sb, ' ');
			}
			sb_u(sb, ts->slot[i].ts);
			sb_c(sb, '\n');
		}
	}
}

/*
 * scamper builds each reply's text in a 256-byte buffer and silently cuts
 * it there; only a forged record (a record route of more than the nine
 * addresses an IP header holds) reaches that, and we print it whole.
 */
static void text_reply(warts_strbuf *sb, const warts_ping_reply *r)
{
	int icmp = ping_reply_is_icmp(r);

	sb_u(sb, r->reply_size);
	sb_s(sb, " bytes from ");
	sb_addr(sb, &r->addr);
	sb_su(sb, ", seq=", r->probe_id);
	sb_c(sb, ' ');
	if (icmp || r->reply_proto == 17)
		text_ttl_time(sb, r);
	if (icmp && r->tsreply != NULL) {
		sb_s(sb, " tso=");
		ping_sb_icmpts(sb, r->tsreply->tso);
		sb_s(sb, " tsr=");
		ping_sb_icmpts(sb, r->tsreply->tsr);
		sb_s(sb, " tst=");
		ping_sb_icmpts(sb, r->tsreply->tst);
	} else if (r->reply_proto == 6) {
		text_tcp(sb, r->tcp_flags);
		sb_c(sb, ' ');
		text_ttl_time(sb, r);
	}
	sb_c(sb, '\n');
	text_options(sb, r);
}

static void text_stats(warts_strbuf *sb, const warts_ping *p,
                       const struct ping_stats *st)
{
	sb_s(sb, "--- ");
	sb_addr(sb, &p->dst);
	sb_s(sb, " ping statistics ---\n");
	sb_u(sb, p->ping_sent);
	sb_su(sb, " packets transmitted, ", st->nreplies);
	sb_s(sb, " packets received");
	if (st->ndups > 0) {
		sb_su(sb, ", +", st->ndups);
		sb_s(sb, " duplicates");
	}
	if (st->nerrs > 0) {
		sb_su(sb, ", +", st->nerrs);
		sb_s(sb, " errors");
	}
	if (p->ping_sent > 0) {
		/* unsigned arithmetic printed signed, as scamper does */
		uint32_t lost = p->ping_sent - st->nreplies;
		sb_s(sb, ", ");
		sb_i(sb, (int32_t)(lost * 100 / p->ping_sent));
		sb_s(sb, "% packet loss");
	}
	sb_c(sb, '\n');
	if (st->nreplies > 0) {
		sb_s(sb, "round-trip min/avg/max/stddev = ");
		sb_rtt(sb, st->min);
		sb_c(sb, '/');
		sb_rtt(sb, st->avg);
		sb_c(sb, '/');
		sb_rtt(sb, st->max);
		sb_c(sb, '/');
		sb_rtt(sb, st->stddev);
		sb_s(sb, " ms\n");
	}
}

int ping_text(warts_strbuf *sb, const void *obj)
{
	const warts_ping *p = obj;
	const warts_ping_reply *r;
	struct ping_walk w;
	struct ping_stats st;

	if (ping_walk_init(&w, p) != 0) {
		sb->oom = 1;
		return 1;
	}
	sb_s(sb, "ping");
	if (warts_addr_isset(&p->src)) {
		sb_s(sb, " from ");
		sb_addr(sb, &p->src);
	}
	sb_s(sb, " to ");
	sb_addr(sb, &p->dst);
	sb_su(sb, ": ", p->probe_size);
	sb_s(sb, " byte packets\n");
	while ((r = ping_walk_next(&w)) != NULL)
		text_reply(sb, r);
	ping_stats_get(&w, &st);
	text_stats(sb, p, &st);
	ping_walk_fini(&w);
	return 1;
}
