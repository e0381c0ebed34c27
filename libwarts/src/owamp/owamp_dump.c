/*
 * owamp_dump.c: OWAMP tests as sc_wartsdump prints them.
 *
 * No corpus file holds an owamp object; this follows scamper 20260420's
 * source:
 *
 *   owamp from <src> to <dst>
 *    list id: ..., cycle id: ..., user-id: ...
 *    start: <ctime> <usec>
 *    startat: <ctime> <usec>
 *    wait-timeout: 2s, attempts: 10, dport: 861, pktsize: 42, dscp: 0,
 *      ttl: 255                                        (one line)
 *    dir: tx, udp_sport: N, udp_dport: N
 *    hs-rtt: 0.000123                      only when not zero
 *    result: done
 *    errmsg: ...                           only when there is one
 *    schedc: 1                             only when there is a schedule
 *     0: fixed, value: 0.1s
 *    txc: 10                               only when there are packets
 *     0: 0.000012, seq: 0, rxc: 1, sched: 0.000010
 *       0.001234, ttl: 64, dscp: 0
 *
 * Packet times are after startat, with scamper's single borrow, printed
 * as "%u.%06u" of the values cast to unsigned 32 bits; a packet's sched
 * only when it is not zero, an rx's ttl and dscp only when their flags
 * are set.  No empty line follows.
 *
 * sc_wartsdump prints the user id, the attempts, the schedule's count and
 * index and the count of packets through "%d", so values past INT32_MAX
 * come out negative; we print them the same way.  Where it would crash
 * on an absent destination we print "<null>".
 *
 * scamper's dump leaves some fields out.  We print each of them too, but
 * only when it holds something other than what scamper's own files hold
 * for it (its default, or the zero of a field the file leaves out), so a
 * dump of an ordinary file is scamper's byte for byte while an unusual
 * value still shows: the test's flags (a line " flags: 0x1 ( zero )"
 * after the ports), a packet that was not sent (", not-sent"), flags of
 * a packet or a copy that scamper has no name for, and a copy's TTL or
 * DSCP without its flag.  The error estimates are not printed: scamper
 * records one for every packet and copy.
 */
#include "warts/list.h"
#include "warts/owamp.h"

#include "../fmt.h"
#include "owamp_fmt.h"

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

/* v cast to int, as printf's "%06d" writes it: the sign counts. */
static void dump_int06(warts_strbuf *sb, int64_t v)
{
	int32_t x = (int32_t)v;

	if (x < 0) {
		sb_c(sb, '-');
		dump_uint0(sb, 0u - (uint32_t)x, 5);
	} else {
		dump_uint0(sb, (uint32_t)x, 6);
	}
}

/* " <label>: <ctime> <usec>" and a newline. */
static void dump_time(warts_strbuf *sb, const char *label, const warts_tv *tv)
{
	sb_c(sb, ' ');
	sb_s(sb, label);
	sb_s(sb, ": ");
	sb_ctime(sb, tv->sec);
	sb_c(sb, ' ');
	dump_int06(sb, tv->usec);
	sb_c(sb, '\n');
}

/*
 * A duration as "<label>: <sec>[.<frac>]s", the fraction without its
 * trailing zeros: 100 ms is "0.1s", 2 s is "2s".  scamper builds the
 * fraction's format as "%0<6 - zeros stripped>u"; the file's
 * microseconds need not be below a million, so the width can reach zero
 * ("%00u": no padding) or go negative ("%0-2u": padded with spaces on
 * the right), and we pad as printf does then.
 */
static void dump_wait(warts_strbuf *sb, const char *label, const warts_tv *tv)
{
	uint32_t usec = tv->usec;
	int width = 6;

	sb_s(sb, label);
	sb_su(sb, ": ", tv->sec);
	if (usec > 0) {
		size_t at;
		while (usec % 10 == 0) {
			usec /= 10;
			width--;
		}
		sb_c(sb, '.');
		at = sb->len;
		dump_uint0(sb, usec, width > 0 ? (unsigned)width : 0);
		for (size_t w = sb->len - at; (int)w < -width; w++)
			sb_c(sb, ' ');
	}
	sb_c(sb, 's');
}

/* "%u.%06u" of to - from, each half cast to unsigned 32 bits. */
static void dump_since(warts_strbuf *sb, const warts_tv *from,
                       const warts_tv *to)
{
	int64_t sec, usec;

	owamp_tv_diff(from, to, &sec, &usec);
	sb_u(sb, (uint32_t)sec);
	sb_c(sb, '.');
	dump_uint0(sb, (uint32_t)usec, 6);
}

/* v in lower-case hex, without leading zeros. */
static void owamp_hex(warts_strbuf *sb, uint32_t v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[8];
	unsigned n = 0;

	do {
		tmp[sizeof(tmp) - ++n] = digits[v & 0xf];
		v >>= 4;
	} while (v != 0);
	sb_mem(sb, tmp + sizeof(tmp) - n, n);
}

static void dump_head(warts_strbuf *sb, const warts_owamp *o)
{
	sb_s(sb, "owamp");
	if (warts_addr_isset(&o->src)) {
		sb_s(sb, " from ");
		sb_addr(sb, &o->src);
	}
	sb_s(sb, " to ");
	if (warts_addr_isset(&o->dst))
		sb_addr(sb, &o->dst);
	else
		sb_s(sb, "<null>");
	sb_c(sb, '\n');
	if (o->list != NULL) {
		sb_s(sb, " list id: ");
		sb_i(sb, (int32_t)o->list->id);
		if (o->list->name != NULL) {
			sb_s(sb, ", name: ");
			sb_s(sb, o->list->name);
		}
		if (o->list->monitor != NULL) {
			sb_s(sb, ", monitor: ");
			sb_s(sb, o->list->monitor);
		}
		sb_c(sb, '\n');
	}
	if (o->cycle != NULL) {
		sb_s(sb, " cycle id: ");
		sb_i(sb, (int32_t)o->cycle->id);
		sb_c(sb, '\n');
	}
	sb_s(sb, " user-id: ");
	sb_i(sb, (int32_t)o->userid);
	sb_c(sb, '\n');
}

static void dump_params(warts_strbuf *sb, const warts_owamp *o)
{
	dump_time(sb, "start", &o->start);
	dump_time(sb, "startat", &o->startat);
	dump_wait(sb, " wait-timeout", &o->wait_timeout);
	sb_s(sb, ", attempts: ");
	sb_i(sb, (int32_t)o->attempts);
	sb_su(sb, ", dport: ", o->dport);
	sb_su(sb, ", pktsize: ", o->pktsize);
	sb_su(sb, ", dscp: ", o->dscp);
	sb_su(sb, ", ttl: ", o->ttl);
	sb_s(sb, "\n dir: ");
	owamp_sb_dir(sb, o->dir);
	sb_su(sb, ", udp_sport: ", o->udp_sport);
	sb_su(sb, ", udp_dport: ", o->udp_dport);
	sb_c(sb, '\n');
	if (o->flags != 0) {
		/* ours: scamper does not print the flags */
		sb_s(sb, " flags: 0x");
		owamp_hex(sb, o->flags);
		sb_s(sb, " (");
		if (o->flags & WARTS_OWAMP_FLAG_ZERO)
			sb_s(sb, " zero");
		sb_s(sb, " )\n");
	}
	if (o->hsrtt != 0) {
		sb_su(sb, " hs-rtt: ", o->hsrtt / 1000000);
		sb_c(sb, '.');
		dump_uint0(sb, o->hsrtt % 1000000, 6);
		sb_c(sb, '\n');
	}
	sb_s(sb, " result: ");
	owamp_sb_result(sb, o->result);
	sb_c(sb, '\n');
	if (o->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, o->errmsg);
		sb_c(sb, '\n');
	}
}

static void dump_sched(warts_strbuf *sb, const warts_owamp *o)
{
	if (o->schedc == 0)
		return;
	sb_s(sb, " schedc: ");
	sb_i(sb, (int32_t)o->schedc);
	sb_c(sb, '\n');
	if (o->sched == NULL)
		return;
	for (uint32_t i = 0; i < o->schedc; i++) {
		sb_s(sb, "  ");
		sb_i(sb, (int32_t)i);
		sb_s(sb, ": ");
		owamp_sb_sched_type(sb, o->sched[i].type);
		dump_wait(sb, ", value", &o->sched[i].tv);
		sb_c(sb, '\n');
	}
}

static void dump_tx(warts_strbuf *sb, const warts_owamp *o, uint32_t i)
{
	const warts_owamp_tx *tx = &o->txs[i];
	unsigned n = tx->rxs != NULL ? tx->rxc : 0;

	sb_su(sb, "  ", i);
	sb_s(sb, ": ");
	dump_since(sb, &o->startat, &tx->stamp);
	sb_su(sb, ", seq: ", tx->seq);
	sb_su(sb, ", rxc: ", tx->rxc);
	if (warts_tv_isset(&tx->sched)) {
		sb_s(sb, ", sched: ");
		dump_since(sb, &o->startat, &tx->sched);
	}
	/* ours: a packet not sent, and flags scamper has no name for */
	if (tx->flags & WARTS_OWAMP_TX_NOTSENT)
		sb_s(sb, ", not-sent");
	if (tx->flags & ~(WARTS_OWAMP_TX_NOTSENT | WARTS_OWAMP_TX_ERREST)) {
		sb_s(sb, ", flags: 0x");
		owamp_hex(sb, tx->flags);
	}
	sb_c(sb, '\n');
	for (unsigned j = 0; j < n; j++) {
		const warts_owamp_rx *rx = &tx->rxs[j];
		sb_s(sb, "    ");
		dump_since(sb, &o->startat, &rx->stamp);
		/* ours without their flags, when not zero */
		if ((rx->flags & WARTS_OWAMP_RX_TTL) || rx->ttl != 0)
			sb_su(sb, ", ttl: ", rx->ttl);
		if ((rx->flags & WARTS_OWAMP_RX_DSCP) || rx->dscp != 0)
			sb_su(sb, ", dscp: ", rx->dscp);
		if (rx->flags & ~(WARTS_OWAMP_RX_DSCP | WARTS_OWAMP_RX_TTL |
		                  WARTS_OWAMP_RX_ERREST)) {
			sb_s(sb, ", flags: 0x");
			owamp_hex(sb, rx->flags);
		}
		sb_c(sb, '\n');
	}
}

int owamp_dump(warts_strbuf *sb, const void *obj)
{
	const warts_owamp *o = obj;

	dump_head(sb, o);
	dump_params(sb, o);
	dump_sched(sb, o);
	if (o->txc > 0) {
		sb_s(sb, " txc: ");
		sb_i(sb, (int32_t)o->txc);
		sb_c(sb, '\n');
		if (o->txs != NULL)
			for (uint32_t i = 0; i < o->txc; i++)
				dump_tx(sb, o, i);
	}
	return 1;
}
