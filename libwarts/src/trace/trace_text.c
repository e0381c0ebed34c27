/*
 * trace_text.c: a traceroute as sc_warts2text prints it.
 *
 * A header line, then one line per hop up to the hop count: the hop
 * number, each replying address followed by its RTTs (an address equal
 * to the one printed last is not repeated) and the ICMP annotations of
 * traceroute(8) (!H, !N, ...).  With PMTUD data, the hops up to the stop
 * hop also get the MTU the probes had reaching them: " [mtu: N]", or
 * " [*mtu: N]" when the packet size differs from the path's MTU.
 */
#include <stdio.h>

#include "trace_fmt.h"

/* TCP header flags */
enum {
	TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_PSH = 0x08,
	TH_ACK = 0x10, TH_URG = 0x20, TH_ECE = 0x40, TH_CWR = 0x80,
};

static void tcp_note(warts_strbuf *sb, uint8_t f)
{
	if (f & TH_RST) {
		sb_s(sb, " [closed]");
	} else if ((f & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)) {
		sb_s(sb, (f & TH_ECE) ? " [open, ecn]" : " [open]");
	} else if (f == 0) {
		sb_s(sb, " [unknown, no flags]");
	} else {
		sb_s(sb, " [unknown,");
		if (f & TH_RST) sb_s(sb, " RST");
		if (f & TH_SYN) sb_s(sb, " SYN");
		if (f & TH_ACK) sb_s(sb, " ACK");
		if (f & TH_PSH) sb_s(sb, " PSH");
		if (f & TH_FIN) sb_s(sb, " FIN");
		if (f & TH_URG) sb_s(sb, " URG");
		if (f & TH_CWR) sb_s(sb, " CWR");
		if (f & TH_ECE) sb_s(sb, " ECE");
		sb_c(sb, ']');
	}
}

static void icmp_other(warts_strbuf *sb, const warts_trace_hop *h)
{
	sb_s(sb, " !<");
	sb_u(sb, h->icmp_type);
	sb_c(sb, ',');
	sb_u(sb, h->icmp_code);
	sb_c(sb, '>');
}

static void unreach_code(warts_strbuf *sb, uint8_t code)
{
	sb_s(sb, " !<");
	sb_u(sb, code);
	sb_c(sb, '>');
}

/* What follows a reply's RTT: nothing for the expected answers. */
static void reply_note(warts_strbuf *sb, const warts_trace_hop *h)
{
	static const char *const v4[] = {
		" !N", " !H", " !P", "", " !F", " !S", NULL, NULL, NULL, NULL,
		NULL, NULL, NULL, " !X",
	};
	static const char *const v6[] = {
		" !N", " !P", " !S", " !A", "",
	};

	if (tf_is_tcp(h)) {
		tcp_note(sb, h->tcp_flags);
	} else if (tf_is_ttl_exp(h) || tf_is_echo_reply(h)) {
		return;
	} else if (tf_is_icmp(h) && tf_v4(h)) {
		if (h->icmp_type != 3)
			icmp_other(sb, h);
		else if (h->icmp_code < 14 && v4[h->icmp_code] != NULL)
			sb_s(sb, v4[h->icmp_code]);
		else
			unreach_code(sb, h->icmp_code);
	} else if (tf_is_icmp(h) && tf_v6(h)) {
		if (h->icmp_type == 1) {
			if (h->icmp_code < 5)
				sb_s(sb, v6[h->icmp_code]);
			else
				unreach_code(sb, h->icmp_code);
		} else if (h->icmp_type == 2) {
			sb_s(sb, " !F");
		} else {
			icmp_other(sb, h);
		}
	}
}

/* "RTT ms" and the reply's note. */
static void reply_rtt(warts_strbuf *sb, const warts_trace_hop *h)
{
	sb_rtt(sb, h->rtt);
	sb_s(sb, " ms");
	reply_note(sb, h);
}

/* The hop number as "%2d". */
static void hop_number(warts_strbuf *sb, unsigned h)
{
	if (h < 10)
		sb_c(sb, ' ');
	sb_u(sb, h);
}

/*
 * A hop without replies: a star, or with all-attempts one star per
 * attempt.  For the latter scamper's buffer holds "%2d  " and two
 * characters an attempt, and the line ends over the last space, so only
 * the first four characters of "%2d  " survive (three with no attempts):
 * hop 100 reads "100 * *".  Reproduced.
 */
static void silent_hop(warts_strbuf *sb, const warts_trace *t, unsigned h)
{
	size_t at;

	if ((t->flags & WARTS_TRACE_FLAG_ALLATTEMPTS) == 0) {
		hop_number(sb, h);
		sb_s(sb, "  *");
		return;
	}
	at = sb->len;
	hop_number(sb, h);
	sb_s(sb, "  ");
	if (!sb->oom)
		sb->len = at + (t->attempts > 0 ? 4 : 3);
	for (unsigned i = 0; i < t->attempts; i++)
		sb_s(sb, i + 1 < t->attempts ? "* " : "*");
}

/*
 * Hop h: every reply to its probes, as "address  RTT ms", the address
 * left out when it is the one printed last, separated by two spaces.
 */
static void hop_line(warts_strbuf *sb, const warts_trace *t,
                     const struct tf_hops *v, unsigned h)
{
	char last[WARTS_ADDR_STRLEN], cur[WARTS_ADDR_STRLEN];
	uint32_t from = 0, to = 0;

	if (h <= 255) {
		from = v->at[h];
		to = v->at[h + 1];
	}

	if (from == to) {
		silent_hop(sb, t, h);
		return;
	}
	hop_number(sb, h);
	sb_s(sb, "  ");
	last[0] = '\0';
	for (uint32_t pos = from; pos < to; pos++) {
		const warts_trace_hop *r = tf_hop(v, pos);
		warts_addr_tostr(&r->addr, cur, sizeof(cur));
		if (pos > from)
			sb_s(sb, "  ");
		if (pos == from || strcmp(cur, last) != 0) {
			sb_s(sb, cur);
			sb_s(sb, "  ");
			memcpy(last, cur, strlen(cur) + 1);
		}
		reply_rtt(sb, r);
	}
}

/* ---- PMTUD annotations ------------------------------------------------ */

/*
 * One annotation per hop.  scamper builds them in 256-byte buffers and
 * may append to one; appends are cut at 255 characters as there.
 */
struct mtu_note {
	char s[256];
};

static void note_set(struct mtu_note *m, unsigned mtu, unsigned size)
{
	if (mtu != size)
		snprintf(m->s, sizeof(m->s), " [*mtu: %u]", size);
	else
		snprintf(m->s, sizeof(m->s), " [mtu: %u]", mtu);
}

static void note_add(struct mtu_note *m, const char *s)
{
	size_t len = strlen(m->s), n = strlen(s);
	if (n > sizeof(m->s) - 1 - len)
		n = sizeof(m->s) - 1 - len;
	memcpy(m->s + len, s, n);
	m->s[len + n] = '\0';
}

/*
 * Version 1 PMTUD data: walk the trace's hops beside the PMTUD replies.
 * A hop whose address sent the current PMTUD reply, or that lies at or
 * past the hop the reply's quoted TTL points to, takes the MTU so far and
 * moves on to the next reply.
 */
static void pmtud_v1(const warts_trace *t, const struct tf_hops *v,
                     struct mtu_note *notes, unsigned hc)
{
	const warts_trace_pmtud *p = t->pmtud;
	const warts_trace_hop *hop = NULL;
	uint16_t next = 0;
	unsigned mtu, size;

	if (p->hopc > 0 && p->hops != NULL)
		hop = &p->hops[next++];
	if (hop == NULL) {
		mtu = size = p->pmtu;
	} else {
		mtu = size = p->ifmtu;
		if (p->outmtu != 0)
			size = p->outmtu;
	}

	for (unsigned i = 0; i < hc; i++) {
		const warts_trace_hop *th = tf_reply_at(v, i + 1);
		int at_hop;

		if (th == NULL) {
			notes[i].s[0] = '\0';
			continue;
		}
		if (hop == NULL)
			continue;
		at_hop = tf_addr_eq(&hop->addr, &th->addr);
		if (at_hop ||
		    (int)i >= (int)hop->probe_ttl - (int)hop->icmp_q_ttl) {
			if (at_hop) {
				note_set(&notes[i], mtu, size);
				if (tf_is_ptb(hop))
					mtu = hop->icmp_nhmtu;
			} else {
				if (tf_is_ptb(hop))
					size = mtu = hop->icmp_nhmtu;
				note_set(&notes[i], mtu, size);
			}
			if (next < p->hopc) {
				hop = &p->hops[next++];
				size = hop->probe_size;
			} else {
				hop = NULL;
				size = p->pmtu;
			}
			continue;
		}
		note_set(&notes[i], mtu, size);
	}
}

/* Where the notes of version 2 data are, as the text places them. */
struct note_iter {
	unsigned n;      /* next note */
	unsigned start;  /* hop of the last placed note */
};

/*
 * The hop (1-based) a note belongs on, or 0 for none.  Unlike the JSON,
 * the text looks for the replying address among every reply after the
 * last placed note, and never places a note past the last hop.
 */
static unsigned note_hop(const warts_trace *t, const struct tf_hops *v,
                         struct note_iter *ni,
                         const warts_trace_pmtud_note *n)
{
	const warts_trace_pmtud *p = t->pmtud;
	const warts_trace_hop *r = tf_note_reply(p, n), *th;
	unsigned hc, dist = 0, i;

	if (t->stop_hop == 0 || t->stop_hop > t->hop_count) {
		if (t->hop_count > 255)
			return 0;
		hc = t->hop_count;
	} else {
		hc = t->stop_hop;
	}
	if (hc == 0)
		return 0;

	if (n->type == WARTS_TRACE_PMTUD_NOTE_SILENCE) {
		if (r != NULL && r->probe_ttl < hc)
			dist = r->probe_ttl;
		goto done;
	}
	if (r == NULL)
		goto done;
	/* the start is kept in a byte there: 255 + 1 wraps to 0, no search */
	if (((ni->start + 1) & 0xff) != 0 && ni->start + 1 <= hc) {
		uint32_t from = v->at[ni->start + 1], to = v->at[hc + 1];
		for (uint32_t pos = from; pos < to; pos++) {
			th = tf_hop(v, pos);
			if (tf_addr_eq(&th->addr, &r->addr)) {
				dist = th->probe_ttl;
				goto done;
			}
		}
	}
	if (r->probe_ttl <= r->icmp_q_ttl)
		goto done;
	i = (unsigned)(r->probe_ttl - r->icmp_q_ttl);
	if (i < hc && (th = tf_reply_at(v, i + 1)) != NULL &&
	    ((tf_v4(r) && tf_prefix(&th->addr, &r->addr) >= 30) ||
	     (tf_v6(r) && tf_prefix(&th->addr, &r->addr) >= 126)))
		dist = i;
	else
		dist = i + 1;
	if (dist >= hc)
		dist = hc - 1;

done:
	if (dist != 0)
		ni->start = dist;
	return dist;
}

/*
 * Version 2 PMTUD data: the notes say where the MTU changed.  Hops up to
 * a note's hop get the MTU so far; a too-big note then sets the MTU, and
 * names the router when the trace did not see it at that hop, and the
 * MTU it reported when that differs from the one the note took.
 */
static void pmtud_v2(const warts_trace *t, const struct tf_hops *v,
                     struct mtu_note *notes, unsigned hc)
{
	const warts_trace_pmtud *p = t->pmtud;
	struct note_iter ni = { 0, 0 };
	unsigned notec = p->notes != NULL ? p->notec : 0;
	unsigned mtu, size, h = 0;

	mtu = size = p->ifmtu;
	if (p->outmtu != 0) {
		/* the first note is for a silent first hop */
		size = p->outmtu;
		ni.n++;
	}

	for (; ni.n < notec; ni.n++) {
		const warts_trace_pmtud_note *n = &p->notes[ni.n];
		const warts_trace_hop *r = tf_note_reply(p, n), *th;
		unsigned i;

		if (r == NULL) {
			size = n->nhmtu;
			continue;
		}
		if ((i = note_hop(t, v, &ni, n)) == 0)
			continue;
		i--;
		for (; h <= i; h++)
			if (tf_reply_at(v, h + 1) != NULL)
				note_set(&notes[h], mtu, size);
		if (tf_is_ptb(r)) {
			char tmp[64];
			th = tf_reply_at(v, i + 1);
			if (th == NULL)
				note_set(&notes[i], mtu, size);
			if (th == NULL || !tf_addr_eq(&th->addr, &r->addr)) {
				note_add(&notes[i], " ptb ");
				warts_addr_tostr(&r->addr, tmp, sizeof(tmp));
				note_add(&notes[i], tmp);
			}
			if (n->nhmtu != r->icmp_nhmtu) {
				snprintf(tmp, sizeof(tmp), " nhmtu %u!",
				         r->icmp_nhmtu);
				note_add(&notes[i], tmp);
			}
			mtu = r->icmp_nhmtu;
		}
		size = n->nhmtu;
	}
	for (; h < hc; h++)
		if (tf_reply_at(v, h + 1) != NULL)
			note_set(&notes[h], mtu, size);
}

/* ---- the trace ------------------------------------------------------- */

int trace_text(warts_strbuf *sb, const void *obj)
{
	const warts_trace *t = obj;
	struct mtu_note *notes = NULL;
	struct tf_hops v;
	unsigned hops, hc;

	if (tf_hops_init(&v, t->hops, t->hopc) != 0) {
		sb->oom = 1;
		return 1;
	}
	/* scamper rejects replies past the hop count; we print them */
	hops = t->hop_count > v.maxttl ? t->hop_count : v.maxttl;
	hc = tf_stop_count(t);
	if (hc > 255)
		hc = 255;

	if (hops > 0 && t->pmtud != NULL &&
	    (t->pmtud->ver == 1 || t->pmtud->ver == 2) && hc > 0) {
		if ((notes = calloc(hc, sizeof(*notes))) == NULL) {
			tf_hops_fini(&v);
			sb->oom = 1;
			return 1;
		}
		if (t->pmtud->ver == 1)
			pmtud_v1(t, &v, notes, hc);
		else
			pmtud_v2(t, &v, notes, hc);
	}

	sb_s(sb, "traceroute");
	if (warts_addr_isset(&t->src)) {
		sb_s(sb, " from ");
		sb_addr(sb, &t->src);
	}
	sb_s(sb, " to ");
	sb_addr(sb, &t->dst);
	if (warts_addr_isset(&t->rtr)) {
		sb_s(sb, " via ");
		sb_addr(sb, &t->rtr);
	}
	sb_c(sb, '\n');

	for (unsigned h = 1; h <= hops; h++) {
		hop_line(sb, t, &v, h);
		if (notes != NULL && h <= hc)
			sb_s(sb, notes[h - 1].s);
		sb_c(sb, '\n');
	}

	free(notes);
	tf_hops_fini(&v);
	return 1;
}
