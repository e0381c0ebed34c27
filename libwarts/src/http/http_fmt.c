/*
 * http_fmt.c: what the JSON and the dump of an http object share.
 */
#include <string.h>

#include "../fmt.h"
#include "http_fmt.h"

#define NAME(tab, v) \
	((v) < sizeof(tab) / sizeof((tab)[0]) ? (tab)[v] : NULL)

const char *http_stop_name(uint8_t stop)
{
	static const char *const names[] = {
		"none", "halted", "noconn", "done", "error", "timeout",
		"insecure",
	};
	return NAME(names, stop);
}

const char *http_ech_status_name(uint8_t status)
{
	static const char *const names[] = {
		"none", "unknown", "failed", "success", "grease",
		"grease-ech", "backend", "bad-call", "not-tried", "bad-name",
		"not-configured", "failed-ech", "failed-ech-bad-name",
	};
	return NAME(names, status);
}

const char *http_buf_dir_name(uint8_t dir)
{
	static const char *const names[] = { "rx", "tx" };
	return NAME(names, dir);
}

/*
 * scamper bounds this lookup by the buffer's direction rather than its
 * type, so a type past "tls" reads outside its table there; the number
 * is what it means to print.
 */
const char *http_buf_type_name(uint8_t type)
{
	static const char *const names[] = { "data", "hdr", "tls" };
	return NAME(names, type);
}

int http_has_url(const warts_http *h)
{
	return h->host != NULL && h->file != NULL &&
	       warts_http_default_port(h->type) != 0;
}

int http_sb_url(warts_strbuf *sb, const warts_http *h)
{
	uint16_t port = warts_http_default_port(h->type);

	if (!http_has_url(h))
		return -1;
	sb_s(sb, h->type == WARTS_HTTP_TYPE_HTTP ? "http://" : "https://");
	sb_s(sb, h->host);
	if (h->dport != port)
		sb_su(sb, ":", h->dport);
	sb_s(sb, h->file);
	return 0;
}

/* isdigit and isspace as the C locale has them. */
static int is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static int is_space(uint8_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * The status line: the bytes of the received headers before the first
 * '\r'.  Returns its length, or -1 when there is none: no '\r' within
 * 127 bytes, or a received header buffer without bytes before it.
 */
static int status_line(const warts_http *h, uint8_t line[128])
{
	size_t off = 0;

	if (h->bufs == NULL)
		return -1;
	for (uint32_t i = 0; i < h->bufc; i++) {
		const warts_http_buf *b = &h->bufs[i];
		if (b->dir != WARTS_HTTP_BUF_RX || b->type != WARTS_HTTP_BUF_HDR)
			continue;
		if (b->data == NULL)
			return -1;
		for (uint16_t j = 0; j < b->len; j++) {
			if (b->data[j] == '\r')
				return (int)off;
			line[off++] = b->data[j];
			if (off == 128)
				return -1;
		}
	}
	return -1;
}

int http_status_code(const warts_http *h, uint16_t *code)
{
	uint8_t l[128];
	int n = status_line(h, l);

	/* "HTTP/1.1 200 OK": the 13th byte may also be the line's end */
	if (n < 12 || memcmp(l, "HTTP/", 5) != 0 || !is_digit(l[5]) ||
	    l[6] != '.' || !is_digit(l[7]) || !is_space(l[8]) ||
	    !is_digit(l[9]) || !is_digit(l[10]) || !is_digit(l[11]) ||
	    (n > 12 && !is_space(l[12]) && l[12] != '\0'))
		return -1;
	*code = (uint16_t)((l[9] - '0') * 100 + (l[10] - '0') * 10 +
	                   (l[11] - '0'));
	return 0;
}
