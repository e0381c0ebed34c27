/*
 * ping_task.c: running a ping.
 *
 * Probes go every -i (wait-probe) while the prober's packet budget allows;
 * after the last, the ping waits -W (wait-timeout) for stragglers, or
 * ends as soon as -o probes have been answered.  Each reply is recorded
 * as scamper records it: who sent it, the probe it answers (with that
 * probe's send time, IP id and source port), its size, TTL, IP id, ToS,
 * protocol and receiving interface, ICMP type and code or TCP flags, and
 * the IPv4 record route and timestamp options or the ICMP timestamps it
 * carries.
 *
 * Which probe a reply answers.  Every probe's keys (probe.h) are
 * reserved before the first is sent, so a ping never finds one taken
 * halfway; if the ports were ours to choose and another ping holds them,
 * we pick others, and if they were given (-F) we wait for the other ping
 * to finish, as scamper does.  ICMP probes differ in sequence number,
 * udp-dport probes in destination port and the -sport methods in source
 * port, so each has keys of its own.  Methods that send the same packet
 * every time (udp, tcp-syn, tcp-ack, tcp-synack, tcp-rst) share one set
 * of keys; a reply to them is given to the probe whose IP id it carries
 * (an ICMP quotation, or a host that echoes the id), else to the latest
 * probe, which is scamper's rule.
 *
 * TCP keys: a SYN (or RST) is found by its sequence number, which a
 * SYN-ACK or RST acknowledges plus one; a probe with ACK set is answered
 * by a RST whose sequence number is the probe's ack (RFC 9293 3.10.7.1),
 * and quoted in ICMP errors with its own sequence number, so it is
 * registered under both.  The ports alone are a key too: two TCP pings
 * never share them, and scamper takes any segment to them as a reply.
 */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../task.h"
#include "ping.h"

/* The cookie of keys that every probe of the ping shares. */
#define SHARED UINT32_MAX

/* Keys one probe may have: TCP's ack, seq and its ports alone. */
#define KEYS_MAX 3

/* How long to wait before trying again for keys another ping holds. */
#define HOLD_RETRY_US 100000

/* IPv6 minimum MTU (RFC 8200 5): a packet too big quotes no more. */
#define IPV6_MIN_MTU 1280

/*
 * Memory.  Ten thousand pings in flight each hold a ping_state, so it
 * keeps only what every ping needs: a few counters and one record per
 * probe, with no padding (the send time is kept as bytes so that the
 * record needs no 4-byte alignment).  What only some pings use lives in
 * ping_extra, allocated the first time one needs it.
 */
struct probe_rec {
	uint8_t  tx[sizeof(warts_tv)]; /* when it was sent (a warts_tv) */
	uint16_t ipid;                 /* IPv4 */
	uint16_t sport;
	uint16_t replies;
};
_Static_assert(sizeof(struct probe_rec) == sizeof(warts_tv) + 3 * 2,
               "a probe record has no padding");

struct ping_extra {
	uint8_t  *payload;             /* what follows the probe's header */
	uint8_t  *ptb;                 /* -M: a packet too big to send
	                                * (IPV6_MIN_MTU bytes, on demand) */
	int       sum_at;              /* -C: its 2 bytes in payload, or -1 */
	int       fd;                  /* -F 0: the socket holding the port */
	uint16_t  payload_len;
	uint16_t  ptb_len;             /* a packet too big is waiting */
};

/*
 * A reply from the ping's destination with only the usual fields (no IP
 * options, no ICMP timestamps) is kept as this record until the ping
 * ends, and only then becomes a warts_ping_reply (88 bytes, and its
 * interface's name in an allocation of its own): ten thousand pings in
 * flight hold a reply or more each.  The interface is named when the
 * ping ends.  The first reply that needs more turns the records into
 * warts replies, in the order they came, and later ones are recorded
 * whole (ST_WHOLE).
 */
struct reply_rec {
	uint32_t rtt;                  /* microseconds */
	uint32_t ipid;                 /* IPv4: the 16-bit id; IPv6: a
	                                * fragment header's, or 0 */
	int32_t  ifindex;              /* the receiving interface */
	uint16_t probe;                /* the probe it answers */
	uint16_t size;
	uint8_t  ttl, tos, proto;
	uint8_t  icmp_type, icmp_code; /* ICMP */
	uint8_t  tcp_flags;            /* TCP */
};

enum {
	ST_DUE     = 0x1,              /* the next probe waits for budget */
	ST_WAITING = 0x2,              /* all sent: the final wait */
	ST_HOLDING = 0x4,              /* keys taken: waiting to retry */
	ST_WHOLE   = 0x8,              /* replies go to the warts object */
};

/* The state is one allocation: these counters, a record a probe, then
 * (at an aligned offset) nrec reply records, grown as replies come. */
struct ping_state {
	struct ping_extra *x;          /* NULL for a plain ping */
	uint16_t  sent;
	uint16_t  replies;             /* probes answered (as -o counts) */
	uint16_t  nrec;                /* replies kept as reply_rec */
	uint8_t   st;                  /* ST_* */
	struct probe_rec probes[];     /* one per attempt */
};

static struct ping_cmd *cmd_of(struct task *t)
{
	return t->obj;
}

static warts_ping *ping_of(struct task *t)
{
	return &cmd_of(t)->ping;
}

/* The ping's extras, allocated on first use: NULL when out of memory. */
static struct ping_extra *extra(struct ping_state *s)
{
	if (s->x == NULL && (s->x = calloc(1, sizeof(*s->x))) != NULL) {
		s->x->sum_at = -1;
		s->x->fd = -1;
	}
	return s->x;
}

static warts_tv rec_tx(const struct probe_rec *r)
{
	warts_tv tv;
	memcpy(&tv, r->tx, sizeof(tv));
	return tv;
}

/* ---- replies kept compact ------------------------------------------------ */

/* Where a state's reply records start: after its probe records. */
static size_t recs_at(uint16_t attempts)
{
	size_t a = _Alignof(struct reply_rec);
	size_t n = sizeof(struct ping_state) +
	           (size_t)attempts * sizeof(struct probe_rec);
	return (n + a - 1) / a * a;
}

static struct reply_rec *recs(struct ping_state *s, uint16_t attempts)
{
	return (struct reply_rec *)(void *)((uint8_t *)s + recs_at(attempts));
}

/* Room for n records: exact up to 8, then powers of two, so that a
 * long ping's state is not copied for every reply. */
static size_t recs_room(uint16_t n)
{
	size_t r = 8;
	if (n <= 8)
		return n;
	while (r < n)
		r *= 2;
	return r;
}

/* The fields of a reply that every reply has. */
static void rec_fill(struct reply_rec *rec, uint16_t i, uint32_t rtt,
                     const struct pkt_rx *rx)
{
	memset(rec, 0, sizeof(*rec));
	rec->rtt = rtt;
	rec->ipid = rx->af == 4 ? rx->ipid : rx->ipid32;
	rec->ifindex = rx->ifindex;
	rec->probe = i;
	rec->size = rx->size;
	rec->ttl = rx->ttl;
	rec->tos = rx->tos;
	rec->proto = rx->proto;
	if (rx->proto == PKT_ICMP || rx->proto == PKT_ICMP6) {
		rec->icmp_type = rx->icmp_type;
		rec->icmp_code = rx->icmp_code;
	}
	if (rx->proto == PKT_TCP)
		rec->tcp_flags = rx->tcp_flags;
}

static char *ifname_of(struct task *t, int ifindex);

/* A warts reply from rec, as scamper records one; addr is who sent it. */
static int rec_put(struct task *t, const struct reply_rec *rec,
                   const warts_addr *addr, warts_ping_reply **out)
{
	warts_ping *ping = ping_of(t);
	const struct probe_rec *pr =
		&((struct ping_state *)t->state)->probes[rec->probe];
	warts_ping_reply *r;

	if ((r = warts_ping_reply_add(ping)) == NULL)
		return -1;
	r->addr = *addr;
	r->probe_id = rec->probe;
	r->probe_tx = rec_tx(pr);
	r->rtt = rec->rtt;
	/* scamper notes the source port of every -sport probe but the
	 * first, whose port is the ping's */
	if (ping_method_vary_sport(ping->method) && rec->probe > 0)
		r->probe_sport = pr->sport;
	r->reply_size = rec->size;
	r->reply_proto = rec->proto;
	r->reply_ttl = rec->ttl;
	r->reply_tos = rec->tos;
	r->flags = WARTS_PING_REPLY_REPLY_TTL | WARTS_PING_REPLY_REPLY_TOS;
	if (addr->type == WARTS_ADDR_IPV4) {
		r->probe_ipid = pr->ipid;
		r->reply_ipid = (uint16_t)rec->ipid;
		r->flags |= WARTS_PING_REPLY_PROBE_IPID |
		            WARTS_PING_REPLY_REPLY_IPID;
	} else if (rec->ipid != 0) {
		r->reply_ipid32 = rec->ipid;
		r->flags |= WARTS_PING_REPLY_REPLY_IPID;
	}
	r->icmp_type = rec->icmp_type;
	r->icmp_code = rec->icmp_code;
	r->tcp_flags = rec->tcp_flags;
	r->ifname = ifname_of(t, rec->ifindex);
	*out = r;
	return 0;
}

/* Turn the records into warts replies, from now on record them whole:
 * 0, or -1 (out of memory; those not turned are lost). */
static int replies_whole(struct task *t)
{
	warts_ping *ping = ping_of(t);
	struct ping_state *s = t->state;
	struct reply_rec *rec;
	int rc = 0;

	if (s == NULL || (s->st & ST_WHOLE))
		return 0;
	rec = recs(s, ping->attempts);
	for (uint16_t i = 0; i < s->nrec && rc == 0; i++) {
		warts_ping_reply *r;
		rc = rec_put(t, &rec[i], &ping->dst, &r);
	}
	s->nrec = 0;
	s->st |= ST_WHOLE;
	return rc;
}

/* Keep a reply as a record: 0, or -1 (out of memory).  The state may
 * move. */
static int rec_keep(struct task *t, const struct reply_rec *rec)
{
	warts_ping *ping = ping_of(t);
	struct ping_state *s = t->state;
	if (s->nrec == recs_room(s->nrec)) {
		size_t room = recs_room((uint16_t)(s->nrec + 1));
		s = realloc(s, recs_at(ping->attempts) + room * sizeof(*rec));
		if (s == NULL)
			return -1;
		t->state = s;
	}
	recs(s, ping->attempts)[s->nrec++] = *rec;
	return 0;
}

/* ---- ending ------------------------------------------------------------- */

/*
 * scamper keeps replies under their probes and writes them probe by
 * probe; a late reply to an earlier probe moves back among its own.
 */
/* Insertion sort: stable, in place; for when no memory is left. */
static void sort_in_place(warts_ping_reply *r, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		warts_ping_reply x = r[i];
		size_t j = i;
		while (j > 0 && r[j - 1].probe_id > x.probe_id) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = x;
	}
}

void ping_sort_replies(warts_ping *ping)
{
	size_t n = ping->replyc, i;
	warts_ping_reply *a = ping->replies, *b, *t;

	for (i = 1; i < n && a[i - 1].probe_id <= a[i].probe_id; i++)
		;
	if (i >= n)
		return;
	if ((b = malloc(n * sizeof(*b))) == NULL) {
		sort_in_place(a, n);
		return;
	}
	/* bottom-up merge sort from a into b, then the other way; the
	 * left run wins ties, so each probe's replies keep their order */
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t x = lo, y = mid, k = lo;
			while (x < mid && y < hi)
				b[k++] = a[y].probe_id < a[x].probe_id ? a[y++] :
				                                         a[x++];
			while (x < mid)
				b[k++] = a[x++];
			while (y < hi)
				b[k++] = a[y++];
		}
		t = a;
		a = b;
		b = t;
	}
	/* a has the sorted replies; the other array is the spare one */
	if (a != ping->replies) {
		memcpy(ping->replies, a, n * sizeof(*a));
		free(a);
	} else {
		free(b);
	}
}

static void finish(struct task *t, uint8_t reason)
{
	warts_ping *ping = ping_of(t);
	ping->stop_reason = reason;
	if (replies_whole(t) != 0 && ping->errmsg == NULL)
		ping->errmsg = strdup("out of memory: replies lost");
	ping_sort_replies(ping);
	task_done(t);
}

/* End with an error, saying what went wrong (warts keeps errmsg). */
static void fail(struct task *t, int err, const char *what)
{
	warts_ping *ping = ping_of(t);
	char buf[256];
	if (err != 0)
		snprintf(buf, sizeof(buf), "%s: %s", what, strerror(err));
	else
		snprintf(buf, sizeof(buf), "%s", what);
	ping->stop_data = (uint8_t)err;
	free(ping->errmsg);
	ping->errmsg = strdup(buf);
	finish(t, WARTS_PING_STOP_ERROR);
}

/* ---- the payload -------------------------------------------------------- */

/*
 * What every probe carries after its transport header, as scamper lays
 * it out: the real source when spoofing (so that whoever receives the
 * reply can tell who asked), two bytes to set the ICMP checksum with,
 * then -B's payload or -p's pattern repeated, then zeros.
 */
static int payload_init(struct task *t, const warts_addr *real_src)
{
	struct ping_cmd *pc = cmd_of(t);
	warts_ping *ping = &pc->ping;
	struct ping_extra *x;
	uint16_t hdrs = (uint16_t)(ping_ip_hlen(ping) +
	                           ping_transport_hlen(ping, pc->mss));
	uint16_t len = (uint16_t)(ping->probe_size - hdrs);
	size_t off = 0;

	int embed_src = (ping->flags & WARTS_PING_FLAG_SPOOF) &&
	                !(ping->flags & WARTS_PING_FLAG_NOSRC) &&
	                ping->method != WARTS_PING_TCP_SYNACK &&
	                ping->method != WARTS_PING_TCP_RST;

	/* nothing but zeros (the usual case): pkt_build pads with them, and
	 * a ping in flight holds no buffer */
	if ((!embed_src && !(ping->flags & WARTS_PING_FLAG_ICMPSUM) &&
	     ping->payload_len == 0) || len == 0)
		return 0;
	if ((x = extra(t->state)) == NULL ||
	    (x->payload = calloc(1, len)) == NULL)
		return -1;
	x->payload_len = len;
	if (embed_src) {
		size_t al = warts_addr_len(real_src->type);
		memcpy(x->payload, real_src->bytes, al);
		off += al;
	}
	if (ping->flags & WARTS_PING_FLAG_ICMPSUM) {
		x->sum_at = (int)off;
		off += 2;
	}
	if (ping->payload_len == 0 || off >= len)
		return 0;
	if (ping->flags & WARTS_PING_FLAG_PAYLOAD) {
		size_t n = ping->payload_len;
		if (n > len - off)
			n = len - off;
		memcpy(x->payload + off, ping->payload, n);
		return 0;
	}
	while (off < len) {
		size_t n = len - off;
		if (n > ping->payload_len)
			n = ping->payload_len;
		memcpy(x->payload + off, ping->payload, n);
		off += n;
	}
	return 0;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * -C: set the two payload bytes so that the probe's ICMP checksum comes
 * out as the one asked for.  The sum is the one pkt_build will take
 * (RFC 792; for ICMPv6 with the pseudo-header, RFC 4443 2.3); adding v
 * to it lowers the complement by v (RFC 1624).
 */
static void icmp_sum_set(const struct pkt_probe *pr, uint8_t *payload,
                         uint16_t len, int at, uint16_t want)
{
	uint8_t h[20];
	size_t hlen = pr->icmp_type == ICMP4_TSTAMP ? 20 : 8;
	uint32_t sum = 0;
	uint16_t have;

	memset(h, 0, sizeof(h));
	h[0] = pr->icmp_type;
	h[1] = pr->icmp_code;
	put16(h + 4, pr->icmp_id);
	put16(h + 6, pr->icmp_seq);
	if (hlen == 20) {
		put16(h + 8, pr->icmp_ts_orig >> 16);
		put16(h + 10, pr->icmp_ts_orig);
	}
	payload[at] = payload[at + 1] = 0;
	if (pr->proto == PKT_ICMP6) {
		size_t tlen = hlen + len;
		sum = pkt_sum(pr->src.bytes, 16, sum);
		sum = pkt_sum(pr->dst.bytes, 16, sum);
		sum += (uint32_t)(tlen >> 16) + (uint32_t)(tlen & 0xffff);
		sum += PKT_ICMP6;
	}
	sum = pkt_sum(h, hlen, sum);
	sum = pkt_sum(payload, len, sum);
	have = pkt_fold(sum);
	put16(payload + at, pkt_fold((uint32_t)(uint16_t)~want +
	                             (uint16_t)~have));
}

/* ---- keys --------------------------------------------------------------- */

static int shares_keys(const warts_ping *ping)
{
	return !warts_ping_method_is_icmp(ping) &&
	       !ping_method_vary_sport(ping->method) &&
	       !ping_method_vary_dport(ping->method);
}

static uint8_t ip_proto(const warts_ping *ping)
{
	if (warts_ping_method_is_icmp(ping))
		return ping->dst.type == WARTS_ADDR_IPV4 ? PKT_ICMP : PKT_ICMP6;
	return ping_method_tcp(ping->method) ? PKT_TCP : PKT_UDP;
}

/* Probe i's source port, and its destination port or ICMP sequence. */
static uint16_t sport_of(const warts_ping *ping, uint16_t i)
{
	if (ping_method_vary_sport(ping->method))
		return (uint16_t)(ping->sport + i);
	return ping->sport;
}

static uint16_t dport_of(const warts_ping *ping, uint16_t i)
{
	if (warts_ping_method_is_icmp(ping) ||
	    ping_method_vary_dport(ping->method))
		return (uint16_t)(ping->dport + i);
	return ping->dport;
}

/* Append key c to k[0..n) unless it is there already. */
static int key_push(struct probe_key *k, int n, uint32_t c)
{
	for (int j = 0; j < n; j++)
		if (k[j].c == c)
			return n;
	k[n] = k[0];
	k[n].c = c;
	return n + 1;
}

/* The keys of probe i: how many (0 to KEYS_MAX), and their cookie. */
static int keys_of(const warts_ping *ping, uint16_t i, struct probe_key *k,
                   uint32_t *cookie)
{
	int n = 1;
	memset(k, 0, KEYS_MAX * sizeof(*k));
	if (shares_keys(ping) && i > 0)
		return 0;
	*cookie = shares_keys(ping) ? SHARED : i;
	probe_key_dst(&k[0], &ping->dst);
	k[0].proto = ip_proto(ping);
	k[0].a = sport_of(ping, i);
	k[0].b = dport_of(ping, i);
	if (k[0].proto != PKT_TCP)
		return 1;
	switch (ping->method) {
	case WARTS_PING_TCP_SYN:
	case WARTS_PING_TCP_SYN_SPORT:
	case WARTS_PING_TCP_RST:
		k[0].c = ping->tcpseq;
		break;
	default:
		k[0].c = ping->tcpack;
		n = key_push(k, n, ping->tcpseq);
		break;
	}
	/* the ports alone: no other TCP ping may use them meanwhile (as in
	 * scamper, where they are the task's signature), and any segment
	 * from the destination to them, or an ICMP error quoting only the
	 * ports, is this ping's */
	return key_push(k, n, 0);
}

static int keys_free(struct task *t)
{
	const warts_ping *ping = ping_of(t);
	struct probe_key k[KEYS_MAX];
	uint32_t cookie;
	for (uint32_t i = 0; i < ping->attempts; i++) {
		int n = keys_of(ping, (uint16_t)i, k, &cookie);
		if (n == 0)
			break;
		for (int j = 0; j < n; j++)
			if (task_key_taken(t, &k[j]))
				return 0;
	}
	return 1;
}

/* Register every probe's keys: the probes' keys differ only in the
 * field that counts up (sport_of, dport_of), so each key of probe 0
 * becomes a span of them all (cookie i for probe i). */
static int keys_take(struct task *t)
{
	const warts_ping *ping = ping_of(t);
	struct probe_key k[KEYS_MAX];
	uint32_t cookie;
	int n = keys_of(ping, 0, k, &cookie);
	for (int j = 0; j < n; j++) {
		if (!shares_keys(ping)) {
			k[j].vary = ping_method_vary_sport(ping->method) ?
			            PROBE_VARY_A : PROBE_VARY_B;
			k[j].span = ping->attempts;
		}
		if (task_key(t, &k[j], cookie) != 0)
			return -1;
	}
	return 0;
}

/*
 * Another source port (ICMP id) for a ping whose own is in use: like
 * scamper's default, above 0x7fff, leaving room for a -sport method's
 * ports above it (below 0x8000 too when there are that many).
 */
static void sport_pick(struct task *t, warts_ping *ping)
{
	uint32_t v = task_random16(t), lo = 0x8000, hi = 65535;
	if (warts_ping_method_is_icmp(ping)) {
		ping->sport = (uint16_t)v;
		return;
	}
	if (ping_method_vary_sport(ping->method))
		hi -= ping->attempts - 1u;
	if (hi < lo)
		lo = 1;
	if (hi < lo)
		hi = lo;
	ping->sport = (uint16_t)(lo + v % (hi - lo + 1));
}

/* Reserve every probe's keys: 0, 1 if another ping holds them, -1. */
static int reserve(struct task *t)
{
	struct ping_cmd *pc = cmd_of(t);
	for (int tries = 0; tries < 8; tries++) {
		if (keys_free(t))
			return keys_take(t) == 0 ? 0 : -1;
		if (pc->sport_fixed || pc->sport_os)
			return 1;
		sport_pick(t, &pc->ping);
	}
	return 1;
}

/* ---- starting ----------------------------------------------------------- */

/*
 * -F 0 on a TCP or UDP method: the operating system chooses the port.
 * The socket stays open while the ping runs, so that nothing else gets
 * the port.
 */
static int sport_from_os(struct task *t)
{
	warts_ping *ping = ping_of(t);
	struct ping_extra *x = extra(t->state);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int af = ping->dst.type == WARTS_ADDR_IPV4 ? AF_INET : AF_INET6;
	int type = ping_method_tcp(ping->method) ? SOCK_STREAM : SOCK_DGRAM;
	uint16_t port;

	if (x == NULL)
		return -1;
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)af;
	if ((x->fd = socket(af, type | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(x->fd, (struct sockaddr *)&ss,
	         af == AF_INET ? sizeof(struct sockaddr_in) :
	                         sizeof(struct sockaddr_in6)) != 0 ||
	    getsockname(x->fd, (struct sockaddr *)&ss, &sl) != 0)
		return -1;
	port = ntohs(af == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
	                             ((struct sockaddr_in6 *)&ss)->sin6_port);
	if (ping_method_vary_sport(ping->method) &&
	    65535 - port < ping->attempts - 1) {
		errno = ERANGE;
		return -1;
	}
	ping->sport = port;
	return 0;
}

/* Keys reserved: the first probe may go. */
static void begin(struct task *t)
{
	struct ping_state *s = t->state;
	task_wallclock(&ping_of(t)->start);
	s->st = (uint8_t)((s->st & ~ST_HOLDING) | ST_DUE);
	task_want_probe(t);
}

static void try_reserve(struct task *t)
{
	struct ping_state *s = t->state;
	int rc = reserve(t);
	if (rc < 0) {
		fail(t, errno, "could not register the probes");
		return;
	}
	if (rc > 0) {
		s->st |= ST_HOLDING;
		task_timer(t, HOLD_RETRY_US);
		return;
	}
	begin(t);
}

static int ping_start(struct task *t)
{
	struct ping_cmd *pc = cmd_of(t);
	warts_ping *ping = &pc->ping;
	struct ping_state *s;
	warts_addr real_src;

	if ((s = calloc(1, sizeof(*s) +
	                   (size_t)ping->attempts * sizeof(s->probes[0]))) == NULL)
		return -1;
	t->state = s;
	task_wallclock(&ping->start);
	/* -S must be this host's unless the ping spoofs it */
	if (warts_addr_isset(&ping->src) &&
	    (ping->flags & WARTS_PING_FLAG_SPOOF) == 0 &&
	    !task_is_local(&ping->src)) {
		char a[WARTS_ADDR_STRLEN], msg[96];
		snprintf(msg, sizeof(msg), "-S %s: not an address of this host",
		         warts_addr_tostr(&ping->src, a, sizeof(a)));
		fail(t, EADDRNOTAVAIL, msg);
		return 0;
	}
	/* without -S, the address the host would send from; when spoofing,
	 * that is the one the payload carries */
	if (!warts_addr_isset(&ping->src) &&
	    task_src(t, &ping->dst, &ping->src) != 0) {
		fail(t, errno, "no source address toward the destination");
		return 0;
	}
	/* when spoofing, the payload carries the real source */
	real_src = ping->src;
	if ((ping->flags & WARTS_PING_FLAG_SPOOF) &&
	    task_src(t, &ping->dst, &real_src) != 0) {
		fail(t, errno, "no source address toward the destination");
		return 0;
	}
	if (warts_addr_isset(&ping->rtr)) {
		fail(t, 0, "-r: sending through a chosen router needs a "
		     "datalink socket, which this prober does not use");
		return 0;
	}
	if (pc->sport_os && sport_from_os(t) != 0) {
		fail(t, errno, "-F 0: no source port from the system");
		return 0;
	}
	if (payload_init(t, &real_src) != 0)
		return -1;
	try_reserve(t);
	return 0;
}

/* ---- probing ------------------------------------------------------------ */

/* Milliseconds since midnight UT, as ICMP timestamps count (RFC 792). */
static uint32_t ms_today(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint32_t)((ts.tv_sec % 86400) * 1000 + ts.tv_nsec / 1000000);
}

static void probe_fill(struct task *t, uint16_t i, struct pkt_probe *pr)
{
	struct ping_cmd *pc = cmd_of(t);
	warts_ping *ping = &pc->ping;
	const struct ping_extra *x = ((struct ping_state *)t->state)->x;
	int v4 = ping->dst.type == WARTS_ADDR_IPV4;

	memset(pr, 0, sizeof(*pr));
	pr->src = ping->src;
	pr->dst = ping->dst;
	pr->proto = ip_proto(ping);
	pr->ttl = ping->ttl;
	pr->tos = ping->tos;
	pr->size = ping->probe_size;
	if (x != NULL) {
		pr->payload = x->payload;
		pr->payload_len = x->payload_len;
	}
	if (v4) {
		/* a random IP id, never 0, and don't fragment */
		do
			pr->ipid = task_random16(t);
		while (pr->ipid == 0);
		pr->df = 1;
		pr->opt_rr = (ping->flags & WARTS_PING_FLAG_V4RR) != 0;
		if (ping->flags & WARTS_PING_FLAG_TSONLY)
			pr->opt_ts = 1;
		else if (ping->flags & WARTS_PING_FLAG_TSANDADDR)
			pr->opt_ts = 2;
		else if (ping->tsps != NULL) {
			pr->opt_ts = 3;
			pr->ts_addrc = ping->tsps->ipc;
			for (uint8_t j = 0; j < ping->tsps->ipc; j++)
				pr->ts_addrs[j] = ping->tsps->ip[j];
		}
	}
	pr->sport = sport_of(ping, i);
	pr->dport = dport_of(ping, i);
	switch (pr->proto) {
	case PKT_ICMP:
	case PKT_ICMP6:
		pr->icmp_id = ping->sport;
		pr->icmp_seq = dport_of(ping, i);
		if (ping->method == WARTS_PING_ICMP_TIME) {
			pr->icmp_type = ICMP4_TSTAMP;
			pr->icmp_ts_orig = ms_today();
		} else {
			pr->icmp_type = v4 ? ICMP4_ECHO : ICMP6_ECHO;
		}
		if (x != NULL && x->sum_at >= 0)
			icmp_sum_set(pr, x->payload, x->payload_len, x->sum_at,
			             ping->icmpsum);
		break;
	case PKT_TCP:
		pr->tcp_seq = ping->tcpseq;
		pr->tcp_ack = ping->tcpack;
		pr->tcp_win = 65535;
		pr->tcp_mss = pc->mss;
		switch (ping->method) {
		case WARTS_PING_TCP_SYN:
		case WARTS_PING_TCP_SYN_SPORT:
			pr->tcp_flags = TH_SYN;
			break;
		case WARTS_PING_TCP_SYNACK:
			pr->tcp_flags = TH_SYN | TH_ACK;
			break;
		case WARTS_PING_TCP_RST:
			pr->tcp_flags = TH_RST;
			break;
		default:
			pr->tcp_flags = TH_ACK;
			break;
		}
		break;
	default:
		break;
	}
}

/*
 * -M: tell the destination that a reply was too big for a link of the
 * pseudo MTU (RFC 1191 for IPv4, RFC 8201 for IPv6), quoting the reply,
 * so that it sends the next ones fragmented.
 */
static int send_ptb(struct task *t)
{
	warts_ping *ping = ping_of(t);
	struct ping_extra *x = ((struct ping_state *)t->state)->x;
	struct pkt_probe pr;
	warts_tv tx;
	int v4 = ping->dst.type == WARTS_ADDR_IPV4;

	memset(&pr, 0, sizeof(pr));
	pr.src = ping->src;
	pr.dst = ping->dst;
	pr.proto = v4 ? PKT_ICMP : PKT_ICMP6;
	pr.icmp_type = v4 ? ICMP4_UNREACH : ICMP6_PTB;
	pr.icmp_code = v4 ? 4 : 0;   /* fragmentation needed and DF set */
	pr.icmp_seq = ping->pmtu;    /* the MTU, in the header's last bytes */
	pr.ttl = 255;
	pr.payload = x->ptb;
	pr.payload_len = x->ptb_len;
	x->ptb_len = 0;
	return task_send(t, &pr, NULL, 0, &tx);
}

static void arm(struct task *t)
{
	warts_ping *ping = ping_of(t);
	struct ping_state *s = t->state;
	if (s->sent < ping->attempts) {
		task_timer(t, (uint64_t)ping->wait_sec * 1000000 +
		              ping->wait_usec);
	} else {
		s->st |= ST_WAITING;
		task_timer(t, (uint64_t)ping->timeout_sec * 1000000 +
		              ping->timeout_usec);
	}
}

static int ping_probe(struct task *t)
{
	warts_ping *ping = ping_of(t);
	struct ping_state *s = t->state;
	struct probe_rec *rec;
	struct pkt_probe pr;
	warts_tv tx;

	if (s->x != NULL && s->x->ptb_len > 0) {
		if (send_ptb(t) != 0) {
			fail(t, errno, "could not send a packet too big");
			return 0;
		}
		if (s->st & ST_DUE)
			task_want_probe(t);
		return 1;
	}
	if (!(s->st & ST_DUE) || s->sent >= ping->attempts)
		return 0;
	s->st &= (uint8_t)~ST_DUE;
	rec = &s->probes[s->sent];
	probe_fill(t, s->sent, &pr);
	if (task_send(t, &pr, NULL, 0, &tx) != 0) {
		fail(t, errno, "could not send a probe");
		return 0;
	}
	memcpy(rec->tx, &tx, sizeof(tx));
	rec->ipid = pr.ipid;
	rec->sport = pr.sport;
	ping->ping_sent = ++s->sent;
	arm(t);
	return 1;
}

static void ping_timeout(struct task *t)
{
	struct ping_state *s = t->state;
	if (s->st & ST_HOLDING) {
		try_reserve(t);
		return;
	}
	if (s->st & ST_WAITING) {
		finish(t, WARTS_PING_STOP_COMPLETED);
		return;
	}
	s->st |= ST_DUE;
	task_want_probe(t);
}

/* ---- replies ------------------------------------------------------------ */

/*
 * The probe a reply to shared keys answers: the one of the last few
 * whose IP id it carries, else the latest (scamper's match).
 */
static uint16_t probe_by_ipid(const struct ping_state *s, int v4,
                              uint16_t ipid)
{
	uint16_t last = (uint16_t)(s->sent - 1);
	for (uint16_t i = 0; v4 && i < 5 && i <= last; i++)
		if (s->probes[last - i].ipid == ipid)
			return (uint16_t)(last - i);
	return last;
}

/* The reply is of a kind the method's probes draw. */
static int reply_fits(const warts_ping *ping, const struct pkt_rx *rx)
{
	int v4 = ping->dst.type == WARTS_ADDR_IPV4;
	if (rx->has_quote) {
		if (ping->method == WARTS_PING_ICMP_ECHO)
			return rx->q.icmp_type == (v4 ? ICMP4_ECHO : ICMP6_ECHO);
		if (ping->method == WARTS_PING_ICMP_TIME)
			return rx->q.icmp_type == ICMP4_TSTAMP;
		return rx->q.proto == ip_proto(ping);
	}
	if (ping->method == WARTS_PING_ICMP_ECHO)
		return rx->icmp_type == (v4 ? ICMP4_ECHOREPLY : ICMP6_ECHOREPLY);
	if (ping->method == WARTS_PING_ICMP_TIME)
		return rx->icmp_type == ICMP4_TSTAMPREPLY;
	return rx->proto == ip_proto(ping);
}

/* The receiving interface's name (the prober remembers names). */
static char *ifname_of(struct task *t, int ifindex)
{
	char name[IF_NAMESIZE];
	if (ifindex <= 0 || task_ifname(t, ifindex, name) != 0)
		return NULL;
	return strdup(name);
}

/* The IPv4 options of a reply (ping -R, -T), as scamper keeps them. */
static int record_opts(warts_ping_reply *r, const struct pkt_rx *rx)
{
	if (rx->rr_count > 0) {
		if ((r->v4rr = warts_ping_v4rr_alloc(rx->rr_count)) == NULL)
			return -1;
		memcpy(r->v4rr->ip, rx->rr, rx->rr_count * sizeof(rx->rr[0]));
	}
	if (rx->ts_opt) {
		r->v4ts = warts_ping_v4ts_alloc(rx->ts_count, rx->ts_addrc > 0);
		if (r->v4ts == NULL)
			return -1;
		for (uint8_t i = 0; i < rx->ts_count; i++) {
			r->v4ts->slot[i].ts = rx->ts[i];
			if (rx->ts_addrc > i)
				r->v4ts->slot[i].ip = rx->ts_addr[i];
		}
	}
	return 0;
}

static uint32_t rtt_us(const warts_tv *tx, const warts_tv *rx)
{
	int64_t d = ((int64_t)rx->sec - tx->sec) * 1000000 +
	            ((int64_t)rx->usec - tx->usec);
	return d < 0 ? 0 : d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

static int record(struct task *t, uint16_t i, const struct pkt_rx *rx,
                  const warts_tv *ts)
{
	warts_ping *ping = ping_of(t);
	struct ping_state *s = t->state;
	warts_tv tx = rec_tx(&s->probes[i]);
	struct reply_rec rec;
	warts_ping_reply *r;
	int tstamp = !rx->has_quote && rx->proto == PKT_ICMP &&
	             rx->icmp_type == ICMP4_TSTAMPREPLY;

	rec_fill(&rec, i, rtt_us(&tx, ts), rx);
	if (!(s->st & ST_WHOLE) && !rx->has_quote && !tstamp &&
	    rx->rr_count == 0 && !rx->ts_opt && rx->icmp_nhmtu == 0 &&
	    s->nrec < UINT16_MAX && warts_addr_cmp(&rx->src, &ping->dst) == 0)
		return rec_keep(t, &rec);
	if (replies_whole(t) != 0 || rec_put(t, &rec, &rx->src, &r) != 0)
		return -1;
	if (rx->proto == PKT_ICMP || rx->proto == PKT_ICMP6)
		r->icmp_nhmtu = rx->icmp_nhmtu;
	if (tstamp) {
		if ((r->tsreply = calloc(1, sizeof(*r->tsreply))) == NULL)
			return -1;
		r->tsreply->tso = rx->icmp_ts[0];
		r->tsreply->tsr = rx->icmp_ts[1];
		r->tsreply->tst = rx->icmp_ts[2];
	}
	if (!rx->has_quote && rx->af == 4 && record_opts(r, rx) != 0)
		return -1;
	return 0;
}

/*
 * -M: an echo or timestamp reply bigger than the pseudo MTU is quoted
 * back in a packet too big: for IPv4 its header and first 8 bytes (RFC
 * 792), for IPv6 as much as fits in the minimum MTU (RFC 4443 3.2).  The
 * raw IPv6 socket gave the payload, so the header is rebuilt.
 */
static void ptb_queue(struct task *t, const struct pkt_rx *rx)
{
	warts_ping *ping = ping_of(t);
	struct ping_extra *x;
	size_t n, room = IPV6_MIN_MTU - 40 - 8;

	if (ping->pmtu == 0 || rx->size <= ping->pmtu || rx->has_quote ||
	    rx->raw == NULL)
		return;
	if ((x = extra(t->state)) == NULL || x->ptb_len != 0)
		return;
	if (x->ptb == NULL && (x->ptb = malloc(IPV6_MIN_MTU)) == NULL)
		return;
	if (rx->af == 4) {
		n = (size_t)(rx->raw[0] & 0x0f) * 4 + 8;
		if (n > rx->raw_len)
			n = rx->raw_len;
		memcpy(x->ptb, rx->raw, n);
	} else {
		uint8_t *h = x->ptb;
		n = rx->raw_len > room - 40 ? room - 40 : rx->raw_len;
		h[0] = (uint8_t)(0x60 | rx->tos >> 4);
		h[1] = (uint8_t)(rx->tos << 4);
		h[2] = h[3] = 0;
		put16(h + 4, (uint32_t)rx->raw_len);
		h[6] = rx->proto;
		h[7] = rx->ttl;
		memcpy(h + 8, rx->src.bytes, 16);
		memcpy(h + 24, rx->dst.bytes, 16);
		memcpy(h + 40, rx->raw, n);
		n += 40;
	}
	x->ptb_len = (uint16_t)n;
	task_want_probe(t);
}

static void ping_reply(struct task *t, uint32_t cookie,
                       const struct pkt_rx *rx, const warts_tv *ts)
{
	warts_ping *ping = ping_of(t);
	struct ping_state *s = t->state;
	int v4 = ping->dst.type == WARTS_ADDR_IPV4;
	uint16_t i;

	if (s->sent == 0 || !reply_fits(ping, rx))
		return;
	if (cookie == SHARED)
		i = probe_by_ipid(s, v4, rx->has_quote ? rx->q.ipid : rx->ipid);
	else if (cookie < s->sent)
		i = (uint16_t)cookie;
	else
		return;
	if (record(t, i, rx, ts) != 0) {
		fail(t, errno, "could not record a reply");
		return;
	}
	s = t->state;     /* (a reply record may have moved it) */
	if (s->probes[i].replies++ == 0) {
		if (!(ping->flags & WARTS_PING_FLAG_TBT)) {
			s->replies++;
		} else if (s->replies == 0 && (rx->has_quote ||
		           rx->icmp_type != ICMP6_ECHOREPLY)) {
			/* the too-big trick ends at anything but an echo */
			finish(t, WARTS_PING_STOP_COMPLETED);
			return;
		} else if (rx->ipid32 != 0) {
			/* and counts only the fragmented replies */
			s->replies++;
		}
	}
	if (ping->stop_count != 0 && s->replies >= ping->stop_count) {
		finish(t, WARTS_PING_STOP_COMPLETED);
		return;
	}
	if (!rx->has_quote && warts_ping_method_is_icmp(ping))
		ptb_queue(t, rx);
}

/* ---- the rest ----------------------------------------------------------- */

static void ping_halt(struct task *t)
{
	warts_ping *ping = ping_of(t);
	ping->stop_reason = WARTS_PING_STOP_HALTED;
	if (replies_whole(t) != 0 && ping->errmsg == NULL)
		ping->errmsg = strdup("out of memory: replies lost");
	ping_sort_replies(ping);
}

static void ping_free_state(struct task *t)
{
	struct ping_state *s = t->state;
	if (s == NULL)
		return;
	if (s->x != NULL) {
		if (s->x->fd >= 0)
			close(s->x->fd);
		free(s->x->payload);
		free(s->x->ptb);
		free(s->x);
	}
	free(s);
	t->state = NULL;
}

/* Without -S, or when spoofing it, the start asks for the source
 * toward the destination. */
static const warts_addr *ping_src_wanted(const void *obj)
{
	const warts_ping *ping = &((const struct ping_cmd *)obj)->ping;
	if (warts_addr_isset(&ping->src) &&
	    !(ping->flags & WARTS_PING_FLAG_SPOOF))
		return NULL;
	return &ping->dst;
}

const struct task_type ping_type = {
	.name = "ping",
	.warts_type = WARTS_TYPE_PING,
	.parse = ping_cmd_parse,
	.start = ping_start,
	.probe = ping_probe,
	.reply = ping_reply,
	.timeout = ping_timeout,
	.halt = ping_halt,
	.free = ping_free_state,
	.free_obj = ping_cmd_free,
	.src_wanted = ping_src_wanted,
};
