/*
 * trace_pmtud.c: path MTU discovery after a trace (-M), scamper's
 * "version 2" method.
 *
 * Probes toward the destination (TTL 255) start at the outgoing
 * interface's MTU, don't-fragment set on IPv4 (IPv6 routers never
 * fragment).  A router that cannot forward one sends a packet too big
 * message (RFC 1191, RFC 8201) naming its next-hop MTU: probe again at
 * that size.  The destination's reply to a probe ends it: the path MTU is
 * that probe's size.
 *
 * When a big probe draws nothing at all (an ICMP black hole), the MTU is
 * searched for: first among the MTUs of common link types, then by
 * halving, until the largest size that gets through is known; then a
 * search by TTL finds where along the path the big probes vanish.  A PTB
 * whose MTU is no smaller than the probe is searched past the same way.
 * Every reply is kept in trace->pmtud->hops; the notes say what each PTB,
 * bad suggestion or silence taught, pointing at a reply by index.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "trace.h"

/*
 * MTUs of common link types (after RFC 1191 section 7 and NetBSD's
 * traceroute), to guess from when big probes vanish.
 */
static const int l2_mtu[] = {
	68,     /* RFC 791 minimum */
	296,    /* point-to-point, low delay */
	508,
	512,    /* NetBIOS */
	544,    /* DEC IP portal */
	552,
	576,    /* X.25, IPv4 minimum reassembly */
	1006,   /* SLIP */
	1280,   /* IPv6 minimum */
	1454,   /* PPPoE over ADSL */
	1480,   /* IPv4 tunnel over Ethernet */
	1492,   /* IEEE 802.3 */
	1500,   /* Ethernet */
	1514,   /* Ethernet maximum */
	1536,   /* experimental Ethernet */
	2002,   /* IEEE 802.5 recommended */
	2048,   /* wideband */
	4352,   /* FDDI */
	4464,   /* IEEE 802.5 maximum */
	4470,   /* ATM, T3, SONET */
	8166,   /* IEEE 802.4 */
	9000,   /* gigabit Ethernet jumbo */
	9192,   /* OC-192 */
	16110,  /* Intel gigabit */
	17914,  /* 16Mb token ring */
	65535,  /* IP maximum */
};
#define L2_N     ((int)(sizeof(l2_mtu) / sizeof(l2_mtu[0])))
#define L2_1454  9
#define L2_1500  12

struct pmtud_l2 {
	int idx;     /* into l2_mtu */
	int lower;   /* largest size known to pass, or -1 */
	int upper;   /* smallest size known not to */
	int in;      /* the size that first vanished */
	int out;     /* the inferred MTU, or -1 */
	int hop;     /* the latest reply in the search, or -1 */
};

struct pmtud_ttl {
	int lower, upper;
	int hop;     /* the farthest time-exceeded reply, or -1 */
};

struct trace_pmtud_state {
	struct pmtud_l2  *l2;
	struct pmtud_ttl *ttl;
	int               last_ptb;    /* latest PTB-ish reply, or -1 */
	int               note_hop;    /* the pending note's hop, or -1 */
	uint8_t           note_type;   /* a note pending, or 0 */
};

static warts_trace *tr(struct task *t)
{
	return &((struct trace_cmd *)t->obj)->t;
}

static struct trace_state *st(struct task *t)
{
	return t->state;
}

int trace_ifmtu(const warts_addr *src, uint16_t *mtu)
{
	struct ifaddrs *ifa, *i;
	struct ifreq ifr;
	int fd, rc = -1;

	if (getifaddrs(&ifa) != 0)
		return -1;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		const void *b;
		if (i->ifa_addr == NULL)
			continue;
		if (src->type == WARTS_ADDR_IPV4 &&
		    i->ifa_addr->sa_family == AF_INET)
			b = &((struct sockaddr_in *)i->ifa_addr)->sin_addr;
		else if (src->type == WARTS_ADDR_IPV6 &&
		         i->ifa_addr->sa_family == AF_INET6)
			b = &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
		else
			continue;
		if (memcmp(b, src->bytes, warts_addr_len(src->type)) == 0)
			break;
	}
	if (i != NULL && (fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC,
	                              0)) >= 0) {
		memset(&ifr, 0, sizeof(ifr));
		strncpy(ifr.ifr_name, i->ifa_name, IFNAMSIZ - 1);
		if (ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0) {
			*mtu = ifr.ifr_mtu > 65535 ? 65535 :
			       (uint16_t)ifr.ifr_mtu;
			rc = 0;
		}
		close(fd);
	}
	freeifaddrs(ifa);
	return rc;
}

void trace_pmtud_free(struct trace_state *s)
{
	if (s->pmtud == NULL)
		return;
	free(s->pmtud->l2);
	free(s->pmtud->ttl);
	free(s->pmtud);
	s->pmtud = NULL;
}

static void set_size(struct trace_state *s, int size)
{
	s->attempt = 0;
	/* never less than the headers (the payload would wrap) */
	s->payload_size = size > s->header_size ?
	                  (uint16_t)(size - s->header_size) : 0;
}

static int probe_size(const struct trace_state *s)
{
	return s->header_size + s->payload_size;
}

/* Keep a reply in the PMTUD record; its index, or -1. */
static int pmtud_hop(struct task *t, uint32_t id, const struct pkt_rx *rx,
                     const warts_tv *ts)
{
	warts_trace_pmtud *p = tr(t)->pmtud;
	warts_trace_hop hop, *n;

	if (p->hopc == UINT16_MAX ||
	    trace_reply_hop(t, id, rx, ts, &hop) != 0 ||
	    (n = realloc(p->hops, (p->hopc + 1u) * sizeof(*n))) == NULL) {
		warts_trace_hop_clear(&hop);
		trace_error(t, "out of memory recording a PMTUD reply");
		return -1;
	}
	p->hops = n;
	p->hops[p->hopc] = hop;
	return p->hopc++;
}

static int add_note(struct task *t, uint8_t type, uint16_t nhmtu, int hop)
{
	warts_trace_pmtud *p = tr(t)->pmtud;
	warts_trace_pmtud_note *n;
	if (p->notec == UINT8_MAX ||
	    (n = realloc(p->notes, (p->notec + 1u) * sizeof(*n))) == NULL)
		return -1;
	p->notes = n;
	n[p->notec].type = type;
	n[p->notec].nhmtu = nhmtu;
	n[p->notec].hop = hop;
	p->notec++;
	return 0;
}

/*
 * Choose the next size in the media-MTU search between lower (passes)
 * and upper (does not): one more than a known MTU when the answer is
 * likely that MTU, the next known MTU up or down, or halfway.
 */
static void l2_next(struct trace_state *s, int lower, int upper)
{
	struct pmtud_l2 *l2 = s->pmtud->l2;
	int idx = l2->idx, size;

	if (lower == 1500 || (idx + 1 < L2_N && lower == l2_mtu[idx] &&
	                      upper <= l2_mtu[idx + 1]))
		size = lower + 1;
	else if (idx + 1 < L2_N && lower >= l2_mtu[idx] &&
	         l2_mtu[idx + 1] < upper)
		size = l2_mtu[++idx];
	else if (idx > 0 && upper == l2_mtu[idx] && lower < l2_mtu[idx - 1])
		size = l2_mtu[--idx];
	else
		size = (lower + upper) / 2;
	set_size(s, size);
	l2->idx = idx;
	l2->lower = lower;
	l2->upper = upper;
}

/* Start the media-MTU search below the size that went unanswered: 0,
 * 1 if there is no smaller size to try, or -1 if out of memory. */
static int l2_init(struct trace_state *s)
{
	struct pmtud_l2 *l2;
	int size = probe_size(s), idx;

	if (size > 1500)
		idx = L2_1500;     /* plain Ethernet is the likeliest */
	else if (size > 1454)
		idx = L2_1454;     /* then the tunnels over it */
	else if (size <= l2_mtu[0])
		return 1;          /* nothing smaller to try */
	else
		for (idx = 0; idx < L2_N - 1; idx++)
			if (size > l2_mtu[idx] && size <= l2_mtu[idx + 1])
				break;
	if ((l2 = calloc(1, sizeof(*l2))) == NULL)
		return -1;
	l2->idx = idx;
	l2->lower = -1;
	l2->upper = size;
	l2->in = size;
	l2->out = -1;
	l2->hop = -1;
	free(s->pmtud->l2);
	s->pmtud->l2 = l2;
	set_size(s, l2_mtu[idx]);
	return 0;
}

/* Start the search, or end PMTUD if there is nothing to search. */
static void l2_start(struct task *t)
{
	int rc = l2_init(st(t));
	if (rc < 0)
		trace_error(t, "out of memory");
	else if (rc > 0)
		trace_queue_done(t);
	else
		trace_queue(t);
}

/* The next TTL to try in the TTL search, skipping TTLs that never
 * answered; 0 when the search is over. */
static int ttl_next(struct task *t, int lower, int upper)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	while (lower + 1 < upper) {
		int cur = (lower + upper) / 2;
		while (cur < upper && !trace_has_reply(tt, (unsigned)cur))
			cur++;
		if (cur != upper) {
			s->pmtud->ttl->lower = lower;
			s->pmtud->ttl->upper = upper;
			s->ttl = (uint16_t)cur;
			s->attempt = 0;
			return 1;
		}
		upper = (lower + upper) / 2;
	}
	return 0;
}

/* Bound the TTL search: after the last PTB, before the silence. */
static int ttl_init(struct task *t)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	struct trace_pmtud_state *ps = s->pmtud;
	const warts_trace_pmtud *p = tt->pmtud;
	const warts_trace_hop *h;
	int lower = 0, upper;

	if ((ps->ttl = calloc(1, sizeof(*ps->ttl))) == NULL)
		return -1;
	ps->ttl->hop = -1;
	/* the size that vanished is the one to search with */
	set_size(s, ps->l2->in);
	if (ps->last_ptb >= 0) {
		h = &p->hops[ps->last_ptb];
		lower = h->probe_ttl - h->icmp_q_ttl;
		if (lower < 1)
			lower = 0;
	}
	if (ps->l2->hop < 0)
		return 0;
	h = &p->hops[ps->l2->hop];
	upper = h->probe_ttl - h->icmp_q_ttl + 1;
	/* the hop that answered the small probes, if the trace saw it */
	for (uint16_t i = 0; i < tt->hopc; i++)
		if (tt->hops[i].probe_ttl >= tt->firsthop &&
		    tt->hops[i].probe_ttl <= tt->hop_count &&
		    warts_addr_cmp(&tt->hops[i].addr, &h->addr) == 0) {
			upper = tt->hops[i].probe_ttl;
			break;
		}
	return ttl_next(t, lower, upper);
}

/*
 * The media-MTU search ended at l2->out: note it, and probe on at that
 * size past the point, unless the reply that settled it was the
 * destination's (then that is the path MTU).  Returns 1 when done.
 */
static int l2_end(struct task *t)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	struct trace_pmtud_state *ps = s->pmtud;
	int out = ps->l2->out, hop = ps->l2->hop, note_hop = ps->note_hop;

	free(ps->l2);
	ps->l2 = NULL;
	if (ps->ttl != NULL) {
		if (ps->ttl->hop >= 0)
			note_hop = ps->ttl->hop;
		else if (ps->ttl->lower == 0)
			/* no hop at all passed the big probes: the first
			 * link is the narrow one */
			tt->pmtud->outmtu = (uint16_t)out;
		free(ps->ttl);
		ps->ttl = NULL;
	}
	if (add_note(t, ps->note_type, (uint16_t)out, note_hop) != 0) {
		trace_error(t, "out of memory");
		return 1;
	}
	ps->note_type = 0;
	ps->note_hop = -1;
	if (hop >= 0) {
		const warts_trace_hop *h = &tt->pmtud->hops[hop];
		int ptb = warts_trace_hop_is_icmp(h) &&
		          (h->addr.type == WARTS_ADDR_IPV4 ?
		           h->icmp_type == ICMP4_UNREACH && h->icmp_code == 4 :
		           h->icmp_type == ICMP6_PTB);
		ps->last_ptb = hop;
		if (!ptb) {
			tt->pmtud->pmtu = h->probe_size;
			trace_queue_done(t);
			return 1;
		}
	}
	set_size(s, out);
	s->mode = TM_PMTUD_DEFAULT;
	s->ttl = 255;
	return 0;
}

int trace_pmtud_start(struct task *t)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	uint16_t ifmtu;

	if (trace_ifmtu(&tt->src, &ifmtu) != 0) {
		trace_error(t, "PMTUD: could not get the interface MTU");
		return -1;
	}
	if ((tt->pmtud = calloc(1, sizeof(*tt->pmtud))) == NULL ||
	    (s->pmtud = calloc(1, sizeof(*s->pmtud))) == NULL) {
		trace_error(t, "out of memory");
		return -1;
	}
	tt->pmtud->ifmtu = ifmtu;
	tt->pmtud->ver = 2;
	if (ifmtu <= s->header_size) {
		trace_error(t, "PMTUD: the interface MTU is too small");
		return -1;
	}
	s->pmtud->last_ptb = -1;
	s->pmtud->note_hop = -1;
	s->mode = TM_PMTUD_DEFAULT;
	s->ttl = 255;
	set_size(s, ifmtu);
	return 0;
}

static int is_ptb(const struct pkt_rx *rx)
{
	return rx->has_quote &&
	       ((rx->af == 4 && rx->icmp_type == ICMP4_UNREACH &&
	         rx->icmp_code == 4) ||
	        (rx->af == 6 && rx->icmp_type == ICMP6_PTB));
}

static int is_ttl_exp(const struct pkt_rx *rx)
{
	return rx->has_quote && rx->icmp_type ==
	       (rx->af == 4 ? ICMP4_TIMXCEED : ICMP6_TIMXCEED);
}

static void reply_default(struct task *t, uint32_t id,
                          const struct pkt_rx *rx, const warts_tv *ts)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	const struct trace_probe *tp = &s->probes[id];
	int hop;

	/* only a reply to a probe of the size being tried counts */
	if (tp->mode != TM_PMTUD_DEFAULT || tp->size != probe_size(s))
		return;
	if (rx->proto == PKT_UDP)
		return;
	if ((hop = pmtud_hop(t, id, rx, ts)) < 0)
		return;
	s->pmtud->last_ptb = hop;
	if (is_ptb(rx)) {
		if (rx->icmp_nhmtu == 0 || rx->icmp_nhmtu >= tp->size) {
			/* no use: find the MTU by searching */
			s->pmtud->note_type = WARTS_TRACE_PMTUD_NOTE_PTB_BAD;
			s->pmtud->note_hop = hop;
			s->mode = TM_PMTUD_BADSUGG;
			l2_start(t);
			return;
		}
		if (rx->icmp_nhmtu < s->header_size) {
			/* too small to probe with */
			add_note(t, WARTS_TRACE_PMTUD_NOTE_PTB_BAD, 0, hop);
			trace_queue_done(t);
			return;
		}
		if (add_note(t, WARTS_TRACE_PMTUD_NOTE_PTB, rx->icmp_nhmtu,
		             hop) != 0) {
			trace_error(t, "out of memory");
			return;
		}
		set_size(s, rx->icmp_nhmtu);
		trace_queue(t);
		return;
	}
	/* time exceeded, unreachable, an echo reply or a TCP reply: a
	 * probe of this size got through */
	tt->pmtud->pmtu = tp->size;
	trace_queue_done(t);
}

static void reply_silent_l2(struct task *t, uint32_t id,
                            const struct pkt_rx *rx, const warts_tv *ts)
{
	struct trace_state *s = st(t);
	struct pmtud_l2 *l2 = s->pmtud->l2;
	const struct trace_probe *tp = &s->probes[id];
	int hop;

	/* another phase's probe, or out of the bounds searched: late */
	if (tp->mode != TM_PMTUD_SILENT_L2 || tp->size < l2->lower ||
	    l2->upper <= tp->size || rx->proto == PKT_UDP)
		return;
	if ((hop = pmtud_hop(t, id, rx, ts)) < 0)
		return;
	l2->hop = hop;
	if (tp->size + 1 != l2->upper) {
		l2_next(s, tp->size, l2->upper);
	} else {
		l2->lower = l2->out = tp->size;
		/* nothing to search by TTL: scamper stops there */
		if (ttl_init(t) != 1) {
			trace_queue_done(t);
			return;
		}
		s->mode = TM_PMTUD_SILENT_TTL;
	}
	trace_queue(t);
}

static void reply_silent_ttl(struct task *t, uint32_t id,
                             const struct pkt_rx *rx, const warts_tv *ts)
{
	struct trace_state *s = st(t);
	struct trace_pmtud_state *ps = s->pmtud;
	const struct trace_probe *tp = &s->probes[id];
	int hop;

	if (tp->mode != TM_PMTUD_SILENT_TTL)
		return;         /* another phase's probe: late */
	if (is_ttl_exp(rx)) {
		if ((hop = pmtud_hop(t, id, rx, ts)) < 0)
			return;
		ps->ttl->hop = hop;
		if (ttl_next(t, tp->ttl, ps->ttl->upper) == 0 &&
		    l2_end(t) == 1)
			return;
		trace_queue(t);
		return;
	}
	/* a PTB for the MTU inferred: the search can stop */
	if (is_ptb(rx) && ps->l2 != NULL && rx->icmp_nhmtu == ps->l2->out) {
		if (pmtud_hop(t, id, rx, ts) < 0)
			return;
		set_size(s, rx->icmp_nhmtu);
		s->ttl = 255;
		s->mode = TM_PMTUD_DEFAULT;
		free(ps->l2);
		ps->l2 = NULL;
		free(ps->ttl);
		ps->ttl = NULL;
		trace_queue(t);
	}
}

static void reply_badsugg(struct task *t, uint32_t id,
                          const struct pkt_rx *rx, const warts_tv *ts)
{
	warts_trace *tt = tr(t);
	struct trace_state *s = st(t);
	struct trace_pmtud_state *ps = s->pmtud;
	const struct trace_probe *tp = &s->probes[id];
	int hop, lower, upper;

	/* only a probe of this search, inside its bounds, tells */
	if (ps->l2 == NULL || tp->mode != TM_PMTUD_BADSUGG ||
	    tp->size >= ps->l2->upper)
		return;
	if (rx->proto == PKT_UDP || (hop = pmtud_hop(t, id, rx, ts)) < 0)
		return;
	/* from the router that gave the bad suggestion: too big still */
	if (ps->last_ptb >= 0 &&
	    warts_addr_cmp(&tt->pmtud->hops[ps->last_ptb].addr,
	                   &rx->src) == 0) {
		lower = ps->l2->lower;
		upper = tp->size;
	} else {
		lower = tp->size;
		upper = ps->l2->upper;
		ps->l2->hop = hop;
	}
	if (lower + 1 != upper) {
		l2_next(s, lower, upper);
	} else {
		ps->l2->lower = ps->l2->out = lower;
		ps->l2->upper = upper;
		if (l2_end(t) == 1)
			return;
	}
	trace_queue(t);
}

void trace_pmtud_reply(struct task *t, uint32_t id, const struct pkt_rx *rx,
                       const warts_tv *ts)
{
	switch (st(t)->mode) {
	case TM_PMTUD_DEFAULT:
		reply_default(t, id, rx, ts);
		break;
	case TM_PMTUD_SILENT_L2:
		reply_silent_l2(t, id, rx, ts);
		break;
	case TM_PMTUD_SILENT_TTL:
		reply_silent_ttl(t, id, rx, ts);
		break;
	case TM_PMTUD_BADSUGG:
		reply_badsugg(t, id, rx, ts);
		break;
	default:
		break;
	}
}

void trace_pmtud_timeout(struct task *t)
{
	struct trace_state *s = st(t);
	struct trace_pmtud_state *ps = s->pmtud;
	int size = probe_size(s);

	switch (s->mode) {
	case TM_PMTUD_DEFAULT:
		/* silence: an ICMP black hole somewhere for this size */
		ps->note_type = WARTS_TRACE_PMTUD_NOTE_SILENCE;
		ps->note_hop = -1;
		switch (l2_init(s)) {
		case 0:
			s->mode = TM_PMTUD_SILENT_L2;
			break;
		case 1:
			trace_queue_done(t);   /* nothing smaller to try */
			break;
		default:
			trace_error(t, "out of memory");
			break;
		}
		break;
	case TM_PMTUD_SILENT_L2:
		if (ps->l2->idx == 0) {
			/* even the smallest MTU vanished: give up */
			trace_queue_done(t);
			return;
		}
		if (ps->l2->lower + 1 != size) {
			l2_next(s, ps->l2->lower, size);
			return;
		}
		ps->l2->out = ps->l2->lower;
		if (ttl_init(t) == 1)
			s->mode = TM_PMTUD_SILENT_TTL;
		else
			trace_queue_done(t);
		break;
	case TM_PMTUD_SILENT_TTL:
		if (ttl_next(t, ps->ttl->lower, s->ttl) == 0)
			l2_end(t);
		break;
	case TM_PMTUD_BADSUGG: {
		int lower = size, upper = ps->l2->upper;
		ps->l2->hop = -1;
		if (lower + 1 != upper) {
			l2_next(s, lower, upper);
		} else {
			ps->l2->lower = ps->l2->out = lower;
			l2_end(t);
		}
		break;
	}
	default:
		break;
	}
}
