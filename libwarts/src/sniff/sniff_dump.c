/*
 * sniff_dump.c: packet capture as sc_wartsdump prints it.
 *
 * A "sniff <src>" line, the list, cycle, user id, start and finish
 * times, the limits, the result and packet count, the error message,
 * then each packet: its index, its arrival time after the start, its
 * addresses when it holds an IPv4 or IPv6 header, and its bytes in
 * tcpdump -x style (16 bytes a line, in groups of two).  No empty line
 * follows, unlike most types.
 *
 * sc_wartsdump prints unsigned 32-bit values (ids, counts, times) through
 * "%d", so values past INT32_MAX come out negative; we print them the
 * same way.  Where it would crash on an absent address we print "<null>".
 */
#include "warts/addr.h"
#include "warts/list.h"
#include "warts/sniff.h"

#include "../fmt.h"
#include "sniff_fmt.h"

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

/* v cast to int as printf's "%3d" writes it. */
static void dump_int3(warts_strbuf *sb, int64_t v)
{
	int32_t x = (int32_t)v;

	if (x > -10 && x < 100)
		sb_c(sb, ' ');
	if (x >= 0 && x < 10)
		sb_c(sb, ' ');
	sb_i(sb, x);
}

/* " <label>: <ctime> <usec>" and a newline. */
static void dump_time(warts_strbuf *sb, const char *label, const warts_tv *tv)
{
	sb_c(sb, ' ');
	sb_s(sb, label);
	sb_s(sb, ": ");
	sb_ctime(sb, tv->sec);
	sb_c(sb, ' ');
	dump_usec(sb, tv->usec);
	sb_c(sb, '\n');
}

static void dump_summary(warts_strbuf *sb, const warts_sniff *s)
{
	if (s->list != NULL) {
		sb_s(sb, " list id: ");
		sb_i(sb, (int32_t)s->list->id);
		if (s->list->name != NULL) {
			sb_s(sb, ", name: ");
			sb_s(sb, s->list->name);
		}
		if (s->list->monitor != NULL) {
			sb_s(sb, ", monitor: ");
			sb_s(sb, s->list->monitor);
		}
		sb_c(sb, '\n');
	}
	if (s->cycle != NULL) {
		sb_s(sb, " cycle id: ");
		sb_i(sb, (int32_t)s->cycle->id);
		sb_c(sb, '\n');
	}
	sb_s(sb, " user-id: ");
	sb_i(sb, (int32_t)s->userid);
	sb_c(sb, '\n');
}

static void dump_result(warts_strbuf *sb, uint8_t stop)
{
	static const char *const names[] = {
		"none", "error", "limit-time", "limit-pktc", "halted",
	};
	sb_s(sb, " result: ");
	if (stop < sizeof(names) / sizeof(names[0]))
		sb_s(sb, names[stop]);
	else
		sb_u(sb, stop);
}

/* The source and destination of an IPv4 or IPv6 packet, else nothing. */
static void dump_pkt_addrs(warts_strbuf *sb, const uint8_t *p, uint16_t len)
{
	warts_addr src, dst;

	if (p[0] >> 4 == 4 && len >= 20) {
		warts_addr_set(&src, WARTS_ADDR_IPV4, p + 12);
		warts_addr_set(&dst, WARTS_ADDR_IPV4, p + 16);
	} else if (p[0] >> 4 == 6 && len >= 40) {
		warts_addr_set(&src, WARTS_ADDR_IPV6, p + 8);
		warts_addr_set(&dst, WARTS_ADDR_IPV6, p + 24);
	} else {
		return;
	}
	sb_c(sb, ' ');
	sb_addr(sb, &src);
	sb_s(sb, " -> ");
	sb_addr(sb, &dst);
}

/*
 * "     0x<off>: " opening a line of the hex listing; a packet holds at
 * most 65535 bytes, so the offset always fits in four digits.
 */
static void dump_hex_offset(warts_strbuf *sb, uint32_t off)
{
	const uint8_t be[2] = { (uint8_t)(off >> 8), (uint8_t)off };

	sb_s(sb, "     0x");
	sb_hex(sb, be, 2);
	sb_s(sb, ": ");
}

/*
 * The bytes, 16 a line, each pair of bytes after a space; the last line
 * holds what is left over.
 */
static void dump_hex(warts_strbuf *sb, const uint8_t *p, uint16_t len)
{
	uint32_t j;

	for (j = 0; j + 16 <= len; j += 16) {
		dump_hex_offset(sb, j);
		for (unsigned k = 0; k < 16; k += 2) {
			sb_c(sb, ' ');
			sb_hex(sb, p + j + k, 2);
		}
		sb_c(sb, '\n');
	}
	if (j < len) {
		dump_hex_offset(sb, j);
		for (; j < len; j++) {
			if (j % 2 == 0)
				sb_c(sb, ' ');
			sb_hex(sb, p + j, 1);
		}
		sb_c(sb, '\n');
	}
}

/*
 * One packet.  Its time is pkt - start with the microseconds borrowed
 * from once, as scamper's timeval subtraction does.
 */
static void dump_pkt(warts_strbuf *sb, const warts_sniff *s, uint32_t i)
{
	const warts_sniff_pkt *p = &s->pkts[i];
	int64_t sec = (int64_t)p->tv.sec - s->start.sec;
	int64_t usec = (int64_t)p->tv.usec - s->start.usec;

	if (usec < 0) {
		sec--;
		usec += 1000000;
	}
	sb_c(sb, ' ');
	dump_int3(sb, (int32_t)i);
	sb_c(sb, ' ');
	sb_i(sb, (int32_t)sec);
	sb_c(sb, '.');
	dump_usec(sb, usec);
	/* the decoder never gives an empty packet; a hand-built one may */
	if (p->data != NULL && p->len > 0)
		dump_pkt_addrs(sb, p->data, p->len);
	sb_c(sb, '\n');
	if (p->data != NULL)
		dump_hex(sb, p->data, p->len);
}

int sniff_dump(warts_strbuf *sb, const void *obj)
{
	const warts_sniff *s = obj;
	uint32_t pktc = s->pkts != NULL ? s->pktc : 0;

	sb_s(sb, "sniff ");
	if (warts_addr_isset(&s->src))
		sb_addr(sb, &s->src);
	else
		sb_s(sb, "<null>");
	sb_c(sb, '\n');
	dump_summary(sb, s);
	dump_time(sb, "start", &s->start);
	dump_time(sb, "finish", &s->finish);
	sb_s(sb, " limit-pktc: ");
	sb_i(sb, (int32_t)s->limit_pktc);
	/* a whole number of seconds: never a fraction */
	sb_su(sb, ", limit-time: ", s->limit_time);
	sb_su(sb, "s, icmp-id ", s->icmpid);
	sb_c(sb, '\n');
	dump_result(sb, s->stop_reason);
	sb_s(sb, ", pktc: ");
	sb_i(sb, (int32_t)s->pktc);
	sb_c(sb, '\n');
	if (s->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, s->errmsg);
		sb_c(sb, '\n');
	}
	for (uint32_t i = 0; i < pktc; i++)
		dump_pkt(sb, s, i);
	return 1;
}
