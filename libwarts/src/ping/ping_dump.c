/*
 * ping_dump.c: pings as sc_wartsdump prints them.
 *
 * The parameters, a few to a line, then each reply (probe by probe) with
 * its options, then an empty line.
 *
 * One deliberate difference: sc_wartsdump 2026 takes every IP timestamp
 * option for one with addresses, so a ping -T tsonly crashes it.  We
 * print a timestamps-only option the way scamper's own code for it
 * would, three stamps to a line.
 *
 * scamper's dump leaves some fields out.  We print each of them too, but
 * only when it holds something other than what scamper's own files hold
 * for it (its default, or the zero of a field the file leaves out), so a
 * dump of an ordinary file is scamper's byte for byte while an unusual
 * value still shows: an ICMP ping's dport, a checksum without its flag,
 * TCP sequence numbers of a ping that is not TCP, the stop data of a
 * reason that has none, flags scamper has no name for, and in a reply the
 * fields its flags or its kind say are unused (a TTL, ToS or IP-ID
 * without its flag, the ICMP fields of a TCP reply, ...), a protocol that
 * is neither ICMP nor TCP, and probe fields that differ from those of the
 * probe's first reply.
 */
#include "../fmt.h"
#include "ping_fmt.h"

/* v as printf's "%0<width>x" writes it. */
static void sb_hexpad(warts_strbuf *sb, uint32_t v, unsigned width)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[8];
	unsigned n = 0;

	do {
		tmp[sizeof(tmp) - ++n] = digits[v & 0xf];
		v >>= 4;
	} while (v != 0);
	for (; width > n; width--)
		sb_c(sb, '0');
	sb_mem(sb, tmp + sizeof(tmp) - n, n);
}

/* A literal, then "0x" and v in width hex digits. */
static void sb_shex(warts_strbuf *sb, const char *lit, uint32_t v,
                    unsigned width)
{
	sb_s(sb, lit);
	sb_s(sb, "0x");
	sb_hexpad(sb, v, width);
}

/* v as printf's "%06d" writes it: the sign counts toward the six. */
static void sb_d06(warts_strbuf *sb, int32_t v)
{
	uint32_t mag = v < 0 ? (uint32_t)0 - (uint32_t)v : (uint32_t)v;
	unsigned digits = 1, width = 6;

	if (v < 0) {
		sb_c(sb, '-');
		width--;
	}
	for (uint32_t t = mag; t >= 10; t /= 10)
		digits++;
	while (digits++ < width)
		sb_c(sb, '0');
	sb_u(sb, mag);
}

/*
 * A duration of whole seconds and microseconds, the microseconds with
 * their trailing zeros dropped: "0.2s", "1s".  scamper builds the format
 * from the digits left, "%0<6 - zeros dropped>u"; with more than six
 * digits of microseconds (only in a forged file) that width is zero or
 * negative, so the digits are plain, then padded on the right.
 */
static void dump_wait(warts_strbuf *sb, const char *label, uint32_t sec,
                      uint32_t usec)
{
	int width = 6;

	sb_s(sb, label);
	sb_su(sb, ": ", sec);
	if (usec > 0) {
		unsigned digits = 1;
		while (usec % 10 == 0) {
			usec /= 10;
			width--;
		}
		for (uint32_t t = usec; t >= 10; t /= 10)
			digits++;
		sb_c(sb, '.');
		for (int i = (int)digits; i < width; i++)
			sb_c(sb, '0');
		sb_u(sb, usec);
		for (int i = (int)digits; i < -width; i++)
			sb_c(sb, ' ');
	}
	sb_c(sb, 's');
}

static void dump_tcp_flags(warts_strbuf *sb, uint8_t flags)
{
	static const char *const names[8] = {
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

static void dump_list(warts_strbuf *sb, const warts_list *l)
{
	sb_s(sb, " list id: ");
	sb_i(sb, (int32_t)l->id);
	if (l->name != NULL) {
		sb_s(sb, ", name: ");
		sb_s(sb, l->name);
	}
	if (l->monitor != NULL) {
		sb_s(sb, ", monitor: ");
		sb_s(sb, l->monitor);
	}
	sb_c(sb, '\n');
}

static void dump_method(warts_strbuf *sb, const warts_ping *p)
{
	const char *name = ping_method_str(p->method);

	sb_s(sb, " method: ");
	if (name != NULL)
		sb_s(sb, name);
	else
		sb_u(sb, p->method);
	switch (p->method) {
	case WARTS_PING_ICMP_ECHO:
	case WARTS_PING_ICMP_TIME:
		sb_su(sb, ", icmp-id: ", p->sport);
		/* ours: the first sequence number, 0 unless asked for */
		if (p->dport != 0)
			sb_su(sb, ", dport: ", p->dport);
		break;
	case WARTS_PING_UDP:
	case WARTS_PING_TCP_ACK:
	case WARTS_PING_TCP_SYN:
	case WARTS_PING_TCP_RST:
	case WARTS_PING_TCP_SYNACK:
		sb_su(sb, ", sport: ", p->sport);
		sb_su(sb, ", dport: ", p->dport);
		break;
	case WARTS_PING_TCP_ACK_SPORT:
	case WARTS_PING_TCP_SYN_SPORT:
	case WARTS_PING_UDP_SPORT:
		sb_su(sb, ", base-sport: ", p->sport);
		sb_su(sb, ", dport: ", p->dport);
		break;
	case WARTS_PING_UDP_DPORT:
		sb_su(sb, ", sport: ", p->sport);
		/* no colon after base-dport: scamper's, kept deliberately */
		sb_su(sb, ", base-dport ", p->dport);
		break;
	default:
		/* ours: a method scamper does not know shows its ports */
		if (p->sport != 0)
			sb_su(sb, ", sport: ", p->sport);
		if (p->dport != 0)
			sb_su(sb, ", dport: ", p->dport);
		break;
	}
	/* scamper's only with the flag; ours without it, when set */
	if (((p->flags & WARTS_PING_FLAG_ICMPSUM) != 0 &&
	     warts_ping_method_is_icmp(p)) || p->icmpsum != 0)
		sb_shex(sb, ", icmp-csum: ", p->icmpsum, 4);
	if (ping_method_is_tcp(p) || p->tcpseq != 0 || p->tcpack != 0) {
		sb_su(sb, ", seq: ", p->tcpseq);
		sb_su(sb, ", ack: ", p->tcpack);
	}
	sb_c(sb, '\n');
}

static void dump_header(warts_strbuf *sb, const warts_ping *p)
{
	const char *stop = ping_stop_str(p->stop_reason);

	sb_s(sb, "ping");
	if (warts_addr_isset(&p->src)) {
		sb_s(sb, " from ");
		sb_addr(sb, &p->src);
		if (p->flags & WARTS_PING_FLAG_SPOOF)
			sb_s(sb, " (spoofed)");
	}
	sb_s(sb, " to ");
	sb_addr(sb, &p->dst);
	sb_c(sb, '\n');
	if (p->list != NULL)
		dump_list(sb, p->list);
	if (p->cycle != NULL) {
		sb_s(sb, " cycle id: ");
		sb_i(sb, (int32_t)p->cycle->id);
		sb_c(sb, '\n');
	}
	sb_s(sb, " user-id: ");
	sb_i(sb, (int32_t)p->userid);
	sb_c(sb, '\n');
	if (warts_addr_isset(&p->rtr)) {
		sb_s(sb, " rtr: ");
		sb_addr(sb, &p->rtr);
		sb_c(sb, '\n');
	}
	sb_s(sb, " start: ");
	sb_ctime(sb, p->start.sec);
	sb_c(sb, ' ');
	sb_d06(sb, (int32_t)p->start.usec);
	sb_c(sb, '\n');

	sb_su(sb, " probe-count: ", p->attempts);
	if (p->stop_count > 0)
		sb_su(sb, ", replies-req: ", p->stop_count);
	sb_su(sb, ", size: ", p->probe_size);
	if (p->pmtu > 0)
		sb_su(sb, ", reply-pmtu: ", p->pmtu);
	dump_wait(sb, ", wait", p->wait_sec, p->wait_usec);
	dump_wait(sb, ", timeout", p->timeout_sec, p->timeout_usec);
	sb_su(sb, ", ttl: ", p->ttl);
	sb_shex(sb, ", tos: ", p->tos, 2);
	sb_c(sb, '\n');
	if (p->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, p->errmsg);
		sb_c(sb, '\n');
	}

	if (p->flags != 0) {
		int n = 0;
		sb_s(sb, " flags:");
		for (unsigned i = 0; i < 32; i++) {
			if ((p->flags & (1u << i)) == 0)
				continue;
			sb_s(sb, n++ > 0 ? ", " : " ");
			/* ours: scamper leaves out a bit it has no name for */
			if (i < PING_NFLAGS)
				sb_s(sb, ping_flag_names[i]);
			else
				sb_shex(sb, "", 1u << i, 1);
		}
		sb_c(sb, '\n');
	}
	dump_method(sb, p);

	if (p->tsps != NULL) {
		sb_s(sb, " timestamp-prespec:");
		for (unsigned i = 0; i < p->tsps->ipc; i++) {
			sb_c(sb, ' ');
			sb_addr(sb, &p->tsps->ip[i]);
		}
		sb_c(sb, '\n');
	}
	if (p->payload_len > 0 && p->payload != NULL) {
		sb_s(sb, (p->flags & WARTS_PING_FLAG_PAYLOAD) ? " payload"
		                                              : " pattern");
		sb_su(sb, " bytes (", p->payload_len);
		sb_s(sb, "): ");
		sb_hex(sb, p->payload, p->payload_len);
		sb_c(sb, '\n');
	}

	sb_su(sb, " probes-sent: ", p->ping_sent);
	sb_s(sb, ", stop-reason: ");
	if (stop != NULL)
		sb_s(sb, stop);
	else
		sb_u(sb, p->stop_reason);
	if (p->stop_reason == WARTS_PING_STOP_ERROR)
		sb_su(sb, " ", p->stop_data);
	else if (p->stop_data != 0)
		sb_su(sb, ", stop-data: ", p->stop_data); /* ours */
	sb_c(sb, '\n');
}

/*
 * When the probe left, relative to the ping's start, if not before it
 * (a probe without a send time is dated 0, so it shows none).
 */
static void dump_tx(warts_strbuf *sb, const warts_tv *start,
                    const warts_tv *tx)
{
	int64_t sec, usec;

	if (tx->sec < start->sec ||
	    (tx->sec == start->sec && tx->usec < start->usec))
		return;
	sec = (int64_t)tx->sec - start->sec;
	usec = (int64_t)tx->usec - start->usec;
	if (usec < 0) {
		sec--;
		usec += 1000000;
	}
	sb_s(sb, ", tx: ");
	sb_i(sb, (int32_t)sec);
	sb_c(sb, '.');
	sb_d06(sb, (int32_t)usec);
	sb_c(sb, 's');
}

static void dump_options(warts_strbuf *sb, const warts_ping_reply *r)
{
	const warts_ping_v4rr *rr = r->v4rr;
	const warts_ping_v4ts *ts = r->v4ts;

	if (rr != NULL) {
		sb_s(sb, " record route:");
		for (unsigned i = 0; i < rr->ipc; i++) {
			if (i % 3 == 0 && i != 0)
				sb_s(sb, "\n              ");
			sb_c(sb, ' ');
			ping_sb_addr15(sb, &rr->ip[i]);
		}
		sb_c(sb, '\n');
	}
	if (ts != NULL) {
		sb_su(sb, " IP timestamp option: tsc ", ts->tsc);
		for (unsigned i = 0; i < ts->tsc; i++) {
			if (ts->ipc != 0) {
				/* two address and stamp pairs to a line */
				if (i % 2 == 0)
					sb_s(sb, "\n  ");
				else
					sb_s(sb, "    ");
				ping_sb_addr15(sb, &ts->slot[i].ip);
				sb_shex(sb, " ", ts->slot[i].ts, 8);
			} else {
				/* timestamps only: three to a line */
				if (i % 3 == 0)
					sb_s(sb, "\n  ");
				sb_shex(sb, " ", ts->slot[i].ts, 8);
			}
		}
		sb_c(sb, '\n');
	}
}

/*
 * The value of a probe field that a reply shows: the probe's (its first
 * reply's), as scamper keeps it, unless this reply records another.
 */
static uint16_t probe_u16(uint16_t probe, uint16_t own)
{
	return own != 0 && own != probe ? own : probe;
}

/*
 * The reply's IP-IDs.  scamper shows the one its flag names, taken as
 * ping_reply_ipid32() takes it; ours are any other non-zero IP-ID field
 * (all of them when the flag is not set).
 */
static void dump_reply_ipid(warts_strbuf *sb, const warts_ping *p,
                            const warts_ping_reply *r)
{
	int flag = (r->flags & WARTS_PING_REPLY_REPLY_IPID) != 0;
	int v4 = r->addr.type == WARTS_ADDR_IPV4;
	int from16 = p->dst.type == WARTS_ADDR_IPV4 &&
	             (flag || r->reply_ipid != 0);

	if (flag) {
		uint32_t ipid = ping_reply_ipid32(p, r);
		if (v4)
			sb_shex(sb, ", reply-ipid: ", ipid & 0xffff, 4);
		else
			sb_shex(sb, ", reply-ipid32: ", ipid, 8);
	}
	if (r->reply_ipid != 0 && !(flag && from16))
		sb_shex(sb, ", reply-ipid: ", r->reply_ipid, 4);
	if (r->reply_ipid32 != 0 &&
	    !(flag && !from16 && (!v4 || r->reply_ipid32 <= 0xffff)))
		sb_shex(sb, ", reply-ipid32: ", r->reply_ipid32, 8);
}

/*
 * One reply.  Its probe's send time, source port and IP id come from
 * the probe's first reply (probe), as scamper keeps them, unless this
 * reply records others (ours); whether the IP id is shown follows this
 * reply's flags, as scamper tests them, or (ours) its not being zero.
 */
static void dump_reply(warts_strbuf *sb, const warts_ping *p,
                       const warts_ping_reply *probe,
                       const warts_ping_reply *r)
{
	uint8_t f = r->flags;
	const warts_tv *tx = &probe->probe_tx;
	uint16_t sport = probe_u16(probe->probe_sport, r->probe_sport);
	uint16_t ipid = probe_u16(probe->probe_ipid, r->probe_ipid);
	int icmp = ping_reply_is_icmp(r), tcp = r->reply_proto == 6;

	if (warts_tv_isset(&r->probe_tx) &&
	    (r->probe_tx.sec != tx->sec || r->probe_tx.usec != tx->usec))
		tx = &r->probe_tx;

	sb_s(sb, "reply from ");
	sb_addr(sb, &r->addr);
	sb_su(sb, ", attempt: ", (uint32_t)probe->probe_id + 1);
	dump_tx(sb, &p->start, tx);
	sb_su(sb, ", rtt: ", r->rtt / 1000000);
	sb_c(sb, '.');
	sb_d06(sb, (int32_t)(r->rtt % 1000000));
	sb_s(sb, "s\n");

	/* ours, in this line: a TTL, ToS or probe IP-ID without its flag */
	sb_su(sb, " size: ", r->reply_size);
	if ((f & WARTS_PING_REPLY_REPLY_TTL) || r->reply_ttl != 0)
		sb_su(sb, ", ttl: ", r->reply_ttl);
	if ((f & WARTS_PING_REPLY_REPLY_TOS) || r->reply_tos != 0)
		sb_shex(sb, ", tos: ", r->reply_tos, 2);
	if (sport != 0)
		sb_su(sb, ", probe-sport: ", sport);
	if ((f & WARTS_PING_REPLY_PROBE_IPID) || ipid != 0)
		sb_shex(sb, ", probe-ipid: ", ipid, 4);
	if (r->ifname != NULL) {
		sb_s(sb, ", ifname: ");
		sb_s(sb, r->ifname);
	}
	dump_reply_ipid(sb, p, r);
	if (f & WARTS_PING_REPLY_DLTX)
		sb_s(sb, ", dltx");
	if (f & WARTS_PING_REPLY_DLRX)
		sb_s(sb, ", dlrx");
	/* ours: the flags scamper does not print, and a protocol that
	 * neither of the lines below stands for */
	if (f & WARTS_PING_REPLY_PENDING)
		sb_s(sb, ", pending");
	if (f & 0x80)
		sb_shex(sb, ", flags: ", f, 2);
	if (!icmp && !tcp)
		sb_su(sb, ", reply-proto: ", r->reply_proto);
	sb_c(sb, '\n');

	/* an ICMP reply's line, and (ours) any other's non-zero ICMP fields */
	if (icmp || r->icmp_type != 0 || r->icmp_code != 0 ||
	    r->icmp_nhmtu != 0) {
		sb_su(sb, " icmp type: ", r->icmp_type);
		sb_su(sb, ", code: ", r->icmp_code);
		if ((icmp && ping_reply_is_ptb(r)) || r->icmp_nhmtu != 0)
			sb_su(sb, ", nhmtu: ", r->icmp_nhmtu);
		sb_c(sb, '\n');
	}
	/* a TCP reply's flags, and (ours) any other's non-zero ones */
	if (tcp || r->tcp_flags != 0) {
		sb_s(sb, " tcp flags: ");
		sb_hexpad(sb, r->tcp_flags, 2);
		dump_tcp_flags(sb, r->tcp_flags);
		sb_c(sb, '\n');
	}
	if (r->tsreply != NULL) {
		sb_s(sb, " icmp-tsreply: tso=");
		ping_sb_icmpts(sb, r->tsreply->tso);
		sb_s(sb, " tsr=");
		ping_sb_icmpts(sb, r->tsreply->tsr);
		sb_s(sb, " tst=");
		ping_sb_icmpts(sb, r->tsreply->tst);
		sb_c(sb, '\n');
	}
	dump_options(sb, r);
}

int ping_dump(warts_strbuf *sb, const void *obj)
{
	const warts_ping *p = obj;
	const warts_ping_reply *r;
	struct ping_walk w;

	if (ping_walk_init(&w, p) != 0) {
		sb->oom = 1;
		return 1;
	}
	dump_header(sb, p);
	while ((r = ping_walk_next(&w)) != NULL)
		dump_reply(sb, p, w.probe, r);
	sb_c(sb, '\n');
	ping_walk_fini(&w);
	return 1;
}
