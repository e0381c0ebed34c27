/*
 * neighbourdisc_dump.c: neighbour discovery as sc_wartsdump prints it.
 *
 * A "neighbourdisc" line, the list, cycle, user id and start time; for
 * the two methods scamper knows, the settings, our MAC address, the flags
 * and the query with its answer; the error message; then each probe with
 * its replies, and an empty line.
 *
 * sc_wartsdump prints unsigned 32-bit values (ids, times) through "%d",
 * so values past INT32_MAX come out negative; we print them the same way.
 * Where it would crash on an absent MAC address in a reply we print
 * "<null>", and an absent interface name comes out as glibc's printf
 * writes a NULL string, "(null)".
 *
 * scamper's dump prints the settings and the query only for the two
 * methods it knows.  Every other method is one no scamper file holds, so
 * we print them for it too (ours), with the method as its number, unless
 * the method and every setting are zero (as a file that leaves them all
 * out has them).
 */
#include "warts/list.h"
#include "warts/neighbourdisc.h"

#include "../fmt.h"
#include "neighbourdisc_fmt.h"

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

/* v cast to int as printf's "%06d" writes it: the sign takes a place. */
static void dump_usec(warts_strbuf *sb, int64_t v)
{
	int32_t x = (int32_t)v;

	if (x < 0) {
		sb_c(sb, '-');
		dump_uint0(sb, 0u - (uint32_t)x, 5);
	} else {
		dump_uint0(sb, (uint32_t)x, 6);
	}
}

/* "<sec>.<usec>" as "%d.%06d" prints a timeval's halves cast to int. */
static void dump_secs(warts_strbuf *sb, int64_t sec, int64_t usec)
{
	sb_i(sb, (int32_t)sec);
	sb_c(sb, '.');
	dump_usec(sb, usec);
}

static void dump_addr(warts_strbuf *sb, const warts_addr *a)
{
	if (warts_addr_isset(a))
		sb_addr(sb, a);
	else
		sb_s(sb, "<null>");
}

static void dump_summary(warts_strbuf *sb, const warts_neighbourdisc *nd)
{
	if (nd->list != NULL) {
		sb_s(sb, " list id: ");
		sb_i(sb, (int32_t)nd->list->id);
		if (nd->list->name != NULL) {
			sb_s(sb, ", name: ");
			sb_s(sb, nd->list->name);
		}
		if (nd->list->monitor != NULL) {
			sb_s(sb, ", monitor: ");
			sb_s(sb, nd->list->monitor);
		}
		sb_c(sb, '\n');
	}
	if (nd->cycle != NULL) {
		sb_s(sb, " cycle id: ");
		sb_i(sb, (int32_t)nd->cycle->id);
		sb_c(sb, '\n');
	}
	sb_s(sb, " user-id: ");
	sb_i(sb, (int32_t)nd->userid);
	sb_s(sb, "\n start: ");
	sb_ctime(sb, nd->start.sec);
	sb_c(sb, ' ');
	dump_usec(sb, nd->start.usec);
	sb_c(sb, '\n');
}

/*
 * ", wait-timeout: <sec>[.<frac>]s": the fraction without its trailing
 * zeros, so 200 ms is "0.2s" and 1000 ms is "1s".
 */
static void dump_wait(warts_strbuf *sb, uint16_t ms)
{
	uint32_t usec = ms % 1000 * 1000u;
	unsigned width = 6;

	sb_su(sb, ", wait-timeout: ", ms / 1000);
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

/*
 * Whether a measurement of a method scamper does not know has anything
 * to show in the settings and the query: a method, or any setting, not
 * zero (the zero of a field the file leaves out).
 */
static int any_setting(const warts_neighbourdisc *nd)
{
	return nd->method != 0 || nd->attempts != 0 ||
	       nd->wait_timeout != 0 || nd->replyc != 0 ||
	       nd->ifname != NULL || nd->flags != 0 ||
	       warts_addr_isset(&nd->src_ip) ||
	       warts_addr_isset(&nd->src_mac) ||
	       warts_addr_isset(&nd->dst_ip) ||
	       warts_addr_isset(&nd->dst_mac);
}

/* The settings and the query. */
static void dump_query(warts_strbuf *sb, const warts_neighbourdisc *nd)
{
	if (nd->method == WARTS_NEIGHBOURDISC_ARP)
		sb_s(sb, " method: arp");
	else if (nd->method == WARTS_NEIGHBOURDISC_ND_NSOL)
		sb_s(sb, " method: ipv6 nsol");
	else
		sb_su(sb, " method: ", nd->method);
	sb_su(sb, ", attempts: ", nd->attempts);
	dump_wait(sb, nd->wait_timeout);
	sb_su(sb, ", replyc: ", nd->replyc);
	sb_s(sb, ", iface: ");
	sb_s(sb, nd->ifname != NULL ? nd->ifname : "(null)");
	sb_c(sb, '\n');

	if (warts_addr_isset(&nd->src_mac)) {
		sb_s(sb, " our-mac: ");
		sb_addr(sb, &nd->src_mac);
		sb_c(sb, '\n');
	}

	sb_s(sb, " flags: 0x");
	sb_hex(sb, &nd->flags, 1);
	if (nd->flags != 0) {
		sb_s(sb, " (");
		if (nd->flags & WARTS_NEIGHBOURDISC_FLAG_ALLATTEMPTS)
			sb_s(sb, " all-attempts");
		if (nd->flags & WARTS_NEIGHBOURDISC_FLAG_FIRSTRESP)
			sb_s(sb, " first-response");
		sb_s(sb, " )");
	}

	/* two spaces after "query:", as scamper prints it */
	sb_s(sb, "\n query:  who-has");
	if (warts_addr_isset(&nd->dst_ip)) {
		sb_c(sb, ' ');
		sb_addr(sb, &nd->dst_ip);
	}
	if (warts_addr_isset(&nd->src_ip)) {
		sb_s(sb, " tell ");
		sb_addr(sb, &nd->src_ip);
	}
	if (warts_addr_isset(&nd->dst_mac)) {
		/* with no address asked about, scamper leaves a gap */
		sb_s(sb, " result: ");
		sb_addr(sb, &nd->dst_ip);
		sb_s(sb, " is-at ");
		sb_addr(sb, &nd->dst_mac);
	}
	sb_c(sb, '\n');
}

/*
 * A probe and its replies.  Each reply line is numbered with the probe's
 * index, not the reply's: deliberate, as sc_wartsdump prints it.  The
 * RTT is rx - tx with the microseconds borrowed from once, as scamper's
 * timeval subtraction does, so odd times print as it prints them.
 */
static void dump_probe(warts_strbuf *sb, uint16_t i,
                       const warts_neighbourdisc_probe *p)
{
	uint16_t rxc = p->rxs != NULL ? p->rxc : 0;

	sb_su(sb, " probe: ", i);
	sb_s(sb, ", tx: ");
	dump_secs(sb, p->tx.sec, p->tx.usec);
	sb_c(sb, '\n');
	for (uint16_t j = 0; j < rxc; j++) {
		const warts_neighbourdisc_reply *r = &p->rxs[j];
		int64_t sec = (int64_t)r->rx.sec - p->tx.sec;
		int64_t usec = (int64_t)r->rx.usec - p->tx.usec;
		if (usec < 0) {
			sec--;
			usec += 1000000;
		}
		sb_su(sb, "  reply: ", i);
		sb_s(sb, ", rtt: ");
		dump_secs(sb, sec, usec);
		sb_s(sb, ", mac: ");
		dump_addr(sb, &r->mac);
		sb_c(sb, '\n');
	}
}

int neighbourdisc_dump(warts_strbuf *sb, const void *obj)
{
	const warts_neighbourdisc *nd = obj;
	uint16_t probec = nd->probes != NULL ? nd->probec : 0;

	sb_s(sb, "neighbourdisc\n");
	dump_summary(sb, nd);
	if (nd->method == WARTS_NEIGHBOURDISC_ARP ||
	    nd->method == WARTS_NEIGHBOURDISC_ND_NSOL || any_setting(nd))
		dump_query(sb, nd);
	if (nd->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, nd->errmsg);
		sb_c(sb, '\n');
	}
	for (uint16_t i = 0; i < probec; i++)
		dump_probe(sb, i, &nd->probes[i]);
	sb_c(sb, '\n');
	return 1;
}
