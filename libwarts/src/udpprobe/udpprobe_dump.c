/*
 * udpprobe_dump.c: UDP probes as sc_wartsdump prints them.
 *
 *   udpprobe from <src> to <dst>
 *    list id: ..., cycle id: ..., user-id: ..., start: ...
 *    wait-timeout: 2s, wait-probe: 1s, sport: N, dport: N
 *    payload: (33) <the first 20 bytes in hex> + 13 bytes
 *    probe-count: N, probe-sent: N, stop-reason: done
 *     errmsg: ...
 *     0.000000 probe: 0, sport: N, replyc: N
 *     0.000125 reply: 0, ifname: eth0, len: 49
 *              <the first 20 bytes in hex> + 29 bytes
 *
 * Times are after the start, with scamper's single borrow, printed as
 * "%d.%06d" of the values cast to int.  A reply without bytes is left
 * out, as scamper leaves it.  No empty line follows.
 *
 * sc_wartsdump prints the user id through "%d", so one past INT32_MAX
 * comes out negative; we print it the same way.  Where it would crash on
 * an absent destination we print "<null>".
 *
 * scamper's dump leaves some fields out.  We print each of them too, but
 * only when it holds something other than what scamper's own files hold
 * for it (its default, or the zero of a field the file leaves out), so a
 * dump of an ordinary file is scamper's byte for byte while an unusual
 * value still shows: the flags (a line " flags: 0x1 ( exitfirst )" after
 * the ports), a stop count other than 1, and a reply without bytes (its
 * time, interface and "len: 0", no listing).
 */
#include "warts/list.h"
#include "warts/udpprobe.h"

#include "../fmt.h"
#include "udpprobe_fmt.h"

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

/* v cast to int, as printf's "%0<width>d" writes it: the sign counts. */
static void dump_int0(warts_strbuf *sb, int64_t v, unsigned width)
{
	int32_t x = (int32_t)v;

	if (x < 0) {
		sb_c(sb, '-');
		dump_uint0(sb, 0u - (uint32_t)x, width - 1);
	} else {
		dump_uint0(sb, (uint32_t)x, width);
	}
}

/* "%d.%06d" of a time after the start. */
static void dump_since(warts_strbuf *sb, const warts_tv *start,
                       const warts_tv *tv)
{
	int64_t sec, usec;

	udpprobe_tv_diff(start, tv, &sec, &usec);
	sb_i(sb, (int32_t)sec);
	sb_c(sb, '.');
	dump_int0(sb, usec, 6);
}

/*
 * A duration held in microseconds as "<label>: <sec>[.<frac>]s", the
 * fraction without its trailing zeros: 500 ms is "0.5s", 1 s is "1s".
 */
static void dump_wait(warts_strbuf *sb, const char *label, warts_rtt us)
{
	uint32_t usec = us % 1000000;
	unsigned width = 6;

	sb_s(sb, label);
	sb_su(sb, ": ", us / 1000000);
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

/* At most 20 bytes in hex, then " + N bytes" for the rest. */
static void dump_bytes(warts_strbuf *sb, const uint8_t *p, uint16_t len)
{
	sb_hex(sb, p, len < 20 ? len : 20);
	if (len > 20) {
		sb_su(sb, " + ", len - 20u);
		sb_s(sb, " bytes");
	}
	sb_c(sb, '\n');
}

static void dump_head(warts_strbuf *sb, const warts_udpprobe *up)
{
	sb_s(sb, "udpprobe");
	if (warts_addr_isset(&up->src)) {
		sb_s(sb, " from ");
		sb_addr(sb, &up->src);
	}
	sb_s(sb, " to ");
	if (warts_addr_isset(&up->dst))
		sb_addr(sb, &up->dst);
	else
		sb_s(sb, "<null>");
	sb_c(sb, '\n');
	if (up->list != NULL) {
		sb_s(sb, " list id: ");
		sb_i(sb, (int32_t)up->list->id);
		if (up->list->name != NULL) {
			sb_s(sb, ", name: ");
			sb_s(sb, up->list->name);
		}
		if (up->list->monitor != NULL) {
			sb_s(sb, ", monitor: ");
			sb_s(sb, up->list->monitor);
		}
		sb_c(sb, '\n');
	}
	if (up->cycle != NULL) {
		sb_s(sb, " cycle id: ");
		sb_i(sb, (int32_t)up->cycle->id);
		sb_c(sb, '\n');
	}
	sb_s(sb, " user-id: ");
	sb_i(sb, (int32_t)up->userid);
	sb_s(sb, "\n start: ");
	sb_ctime(sb, up->start.sec);
	sb_c(sb, ' ');
	dump_int0(sb, up->start.usec, 6);
	sb_c(sb, '\n');
}

static void dump_probe(warts_strbuf *sb, const warts_udpprobe *up,
                       unsigned i)
{
	const warts_udpprobe_probe *p = &up->probes[i];
	unsigned n = p->replies != NULL ? p->replyc : 0;

	sb_s(sb, "  ");
	dump_since(sb, &up->start, &p->tx);
	sb_su(sb, " probe: ", i);
	sb_su(sb, ", sport: ", p->sport);
	sb_su(sb, ", replyc: ", p->replyc);
	sb_c(sb, '\n');
	for (unsigned j = 0; j < n; j++) {
		const warts_udpprobe_reply *r = &p->replies[j];
		/* scamper leaves out a reply without bytes: ours */
		int empty = r->len == 0 || r->data == NULL;
		sb_s(sb, "  ");
		dump_since(sb, &up->start, &r->rx);
		sb_su(sb, " reply: ", j);
		if (r->ifname != NULL) {
			sb_s(sb, ", ifname: ");
			sb_s(sb, r->ifname);
		}
		sb_su(sb, ", len: ", r->len);
		sb_c(sb, '\n');
		if (!empty) {
			sb_s(sb, "           ");
			dump_bytes(sb, r->data, r->len);
		}
	}
}

int udpprobe_dump(warts_strbuf *sb, const void *obj)
{
	const warts_udpprobe *up = obj;
	unsigned n = up->probes != NULL ? up->probe_sent : 0;

	dump_head(sb, up);
	dump_wait(sb, " wait-timeout", up->wait_timeout);
	dump_wait(sb, ", wait-probe", up->wait_probe);
	sb_su(sb, ", sport: ", up->sport);
	sb_su(sb, ", dport: ", up->dport);
	sb_c(sb, '\n');
	if (up->flags != 0) {
		/* ours: scamper does not print the flags */
		sb_s(sb, " flags: 0x");
		sb_hex(sb, &up->flags, 1);
		sb_s(sb, " (");
		if (up->flags & WARTS_UDPPROBE_FLAG_EXITFIRST)
			sb_s(sb, " exitfirst");
		sb_s(sb, " )\n");
	}
	if (up->data != NULL && up->len != 0) {
		sb_su(sb, " payload: (", up->len);
		sb_s(sb, ") ");
		dump_bytes(sb, up->data, up->len);
	}
	sb_su(sb, " probe-count: ", up->probe_count);
	/* ours: a stop count other than scamper's 1 (or none recorded) */
	if (up->stop_count > 1)
		sb_su(sb, ", stop-count: ", up->stop_count);
	sb_su(sb, ", probe-sent: ", up->probe_sent);
	sb_s(sb, ", stop-reason: ");
	udpprobe_sb_stop(sb, up->stop_reason);
	sb_c(sb, '\n');
	if (up->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, up->errmsg);
		sb_c(sb, '\n');
	}
	for (unsigned i = 0; i < n; i++)
		dump_probe(sb, up, i);
	return 1;
}
