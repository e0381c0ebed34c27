/*
 * http_dump.c: HTTP fetches as sc_wartsdump prints them.
 *
 *   http from <src> to <dst>
 *    list id: ..., cycle id: ..., user-id: ..., start: ...
 *    sport: N, dport: N
 *    flags: 0x3 ( insecure grease )
 *    maxtime: 60s, hs-rtt: 0.000137, stop: done, http-status-code: 200
 *    ech-status: success, ech-outer-sni: <name>
 *    ech-config-list: <base64>
 *    ech-retry-config: <base64>
 *    errmsg: ...
 *    url: http://198.18.0.1/index.html
 *    headers:
 *     <each extra request header>
 *    exchange:
 *     0.001228 tx hdr:90    <16 bytes in hex>  |<16 bytes as text>|
 *
 * Lines whose values are absent are left out, as scamper leaves them.
 * Times in the exchange are after the start, with scamper's single
 * borrow, printed as "%d.%06d" of the values cast to int.  No empty line
 * follows.
 *
 * sc_wartsdump prints the user id through "%d", so one past INT32_MAX
 * comes out negative; we print it the same way.  Where it would crash on
 * an absent destination we print "<null>", and for a buffer type past
 * "tls" (whose name it reads from outside its table) the number.
 *
 * scamper's dump shows the URL only when it can build one.  When it
 * cannot (a type it does not know, or no host or file), no scamper file
 * being so, we print what there is instead (ours): a type other than
 * http and https, the host and the file.
 */
#include "warts/list.h"

#include "../fmt.h"
#include "http_fmt.h"

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

/* A name, or the number when scamper has none. */
static void dump_name(warts_strbuf *sb, const char *name, uint8_t v)
{
	if (name != NULL)
		sb_s(sb, name);
	else
		sb_u(sb, v);
}

/*
 * A duration as "<label>: <sec>[.<frac>]s", the fraction without its
 * trailing zeros: 500 ms is "0.5s", 60 s is "60s".  scamper builds the
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

static void dump_base64(warts_strbuf *sb, const uint8_t *p, uint32_t n)
{
	static const char t[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		"0123456789+/";
	char q[4];
	uint32_t i;

	for (i = 0; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 |
		             p[i + 2];
		q[0] = t[v >> 18];
		q[1] = t[(v >> 12) & 0x3f];
		q[2] = t[(v >> 6) & 0x3f];
		q[3] = t[v & 0x3f];
		sb_mem(sb, q, 4);
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		q[0] = t[v >> 18];
		q[1] = t[(v >> 12) & 0x3f];
		q[2] = i + 1 < n ? t[(v >> 6) & 0x3f] : '=';
		q[3] = '=';
		sb_mem(sb, q, 4);
	}
}

static void dump_head(warts_strbuf *sb, const warts_http *h)
{
	sb_s(sb, "http");
	if (warts_addr_isset(&h->src)) {
		sb_s(sb, " from ");
		sb_addr(sb, &h->src);
	}
	sb_s(sb, " to ");
	if (warts_addr_isset(&h->dst))
		sb_addr(sb, &h->dst);
	else
		sb_s(sb, "<null>");
	sb_c(sb, '\n');
	if (h->list != NULL) {
		sb_s(sb, " list id: ");
		sb_i(sb, (int32_t)h->list->id);
		if (h->list->name != NULL) {
			sb_s(sb, ", name: ");
			sb_s(sb, h->list->name);
		}
		if (h->list->monitor != NULL) {
			sb_s(sb, ", monitor: ");
			sb_s(sb, h->list->monitor);
		}
		sb_c(sb, '\n');
	}
	if (h->cycle != NULL) {
		sb_s(sb, " cycle id: ");
		sb_i(sb, (int32_t)h->cycle->id);
		sb_c(sb, '\n');
	}
	sb_s(sb, " user-id: ");
	sb_i(sb, (int32_t)h->userid);
	sb_s(sb, "\n start: ");
	sb_ctime(sb, h->start.sec);
	sb_c(sb, ' ');
	dump_int06(sb, h->start.usec);
	sb_su(sb, "\n sport: ", h->sport);
	sb_su(sb, ", dport: ", h->dport);
	sb_c(sb, '\n');
}

static void dump_flags(warts_strbuf *sb, uint32_t flags)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[8];
	unsigned n = 0;

	if (flags == 0)
		return;
	for (uint32_t v = flags; v != 0; v >>= 4)
		tmp[sizeof(tmp) - ++n] = digits[v & 0xf];
	sb_s(sb, " flags: 0x");
	sb_mem(sb, tmp + sizeof(tmp) - n, n);
	sb_s(sb, " (");
	if (flags & WARTS_HTTP_FLAG_INSECURE)
		sb_s(sb, " insecure");
	if (flags & WARTS_HTTP_FLAG_GREASE)
		sb_s(sb, " grease");
	sb_s(sb, " )\n");
}

static void dump_result(warts_strbuf *sb, const warts_http *h)
{
	uint16_t code;

	dump_wait(sb, " maxtime", &h->maxtime);
	if (h->hsrtt != 0) {
		sb_su(sb, ", hs-rtt: ", h->hsrtt / 1000000);
		sb_c(sb, '.');
		dump_uint0(sb, h->hsrtt % 1000000, 6);
	}
	sb_s(sb, ", stop: ");
	dump_name(sb, http_stop_name(h->stop_reason), h->stop_reason);
	if (http_status_code(h, &code) == 0)
		sb_su(sb, ", http-status-code: ", code);
	sb_c(sb, '\n');
}

static void dump_ech(warts_strbuf *sb, const warts_http *h)
{
	if (h->ech_status != 0 || h->ech_outer_sni != NULL) {
		if (h->ech_status != 0) {
			sb_s(sb, " ech-status: ");
			dump_name(sb, http_ech_status_name(h->ech_status),
			          h->ech_status);
		}
		if (h->ech_outer_sni != NULL) {
			sb_s(sb, h->ech_status != 0 ? "," : "");
			sb_s(sb, " ech-outer-sni: ");
			sb_s(sb, h->ech_outer_sni);
		}
		sb_c(sb, '\n');
	}
	if (h->ech_config_list != NULL && h->ech_config_list_len > 0) {
		sb_s(sb, " ech-config-list: ");
		dump_base64(sb, h->ech_config_list, h->ech_config_list_len);
		sb_c(sb, '\n');
	}
	if (h->ech_retry_config != NULL && h->ech_retry_config_len > 0) {
		sb_s(sb, " ech-retry-config: ");
		dump_base64(sb, h->ech_retry_config, h->ech_retry_config_len);
		sb_c(sb, '\n');
	}
}

/* Ours, for want of a URL: a type other than http and https, the host
 * and the file, those that there are. */
static void dump_url_parts(warts_strbuf *sb, const warts_http *h)
{
	const char *sep = " ";

	if (warts_http_default_port(h->type) == 0) {
		sb_su(sb, " type: ", h->type);
		sep = ", ";
	}
	if (h->host != NULL) {
		sb_s(sb, sep);
		sb_s(sb, "host: ");
		sb_s(sb, h->host);
		sep = ", ";
	}
	if (h->file != NULL) {
		sb_s(sb, sep);
		sb_s(sb, "file: ");
		sb_s(sb, h->file);
		sep = ", ";
	}
	if (sep[0] == ',')
		sb_c(sb, '\n');
}

static void dump_request(warts_strbuf *sb, const warts_http *h)
{
	if (h->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, h->errmsg);
		sb_c(sb, '\n');
	}
	if (http_has_url(h)) {
		sb_s(sb, " url: ");
		http_sb_url(sb, h);
		sb_c(sb, '\n');
	} else {
		dump_url_parts(sb, h);
	}
	if (h->headerc > 0 && h->headers != NULL) {
		sb_s(sb, " headers:\n");
		for (unsigned i = 0; i < h->headerc; i++) {
			sb_s(sb, "  ");
			/* glibc's printf writes a NULL string so */
			sb_s(sb, h->headers[i] != NULL ? h->headers[i] :
			                                 "(null)");
			sb_c(sb, '\n');
		}
	}
}

/*
 * One buffer: its time, direction, "type:len" left-aligned in ten
 * columns, then (when it has bytes) its first 16 bytes in hex, padded to
 * 16, and as text between bars, '.' for what is not printable.
 */
static void dump_buf(warts_strbuf *sb, const warts_http *h,
                     const warts_http_buf *b)
{
	int64_t sec = (int64_t)b->tv.sec - h->start.sec;
	int64_t usec = (int64_t)b->tv.usec - h->start.usec;
	size_t at;
	unsigned n, i;

	if (usec < 0) {
		sec--;
		usec += 1000000;
	}
	sb_s(sb, "  ");
	sb_i(sb, (int32_t)sec);
	sb_c(sb, '.');
	dump_int06(sb, usec);
	sb_c(sb, ' ');
	dump_name(sb, http_buf_dir_name(b->dir), b->dir);
	sb_c(sb, ' ');
	at = sb->len;
	dump_name(sb, http_buf_type_name(b->type), b->type);
	sb_su(sb, ":", b->len);
	for (size_t w = sb->len - at; w < 10; w++)
		sb_c(sb, ' ');
	if (b->data != NULL) {
		n = b->len < 16 ? b->len : 16;
		sb_hex(sb, b->data, n);
		for (i = n; i < 16; i++)
			sb_s(sb, "  ");
		sb_s(sb, "  |");
		for (i = 0; i < n; i++) {
			uint8_t c = b->data[i];
			sb_c(sb, c >= 0x20 && c < 0x7f ? (char)c : '.');
		}
		sb_c(sb, '|');
	}
	sb_c(sb, '\n');
}

int http_dump(warts_strbuf *sb, const void *obj)
{
	const warts_http *h = obj;

	dump_head(sb, h);
	dump_flags(sb, h->flags);
	dump_result(sb, h);
	dump_ech(sb, h);
	dump_request(sb, h);
	if (h->bufc > 0) {
		sb_s(sb, " exchange:\n");
		if (h->bufs != NULL)
			for (uint32_t i = 0; i < h->bufc; i++)
				dump_buf(sb, h, &h->bufs[i]);
	}
	return 1;
}
