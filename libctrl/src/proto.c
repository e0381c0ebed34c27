/*
 * proto.c: uuencoding, DATA headers and command words (ctrl/proto.h).
 */
#include <stdio.h>
#include <string.h>

#include "ctrl/proto.h"

/* A 6-bit value as a character: zero is a backquote, not a space. */
static inline char uu_char(unsigned v)
{
	v &= 0x3f;
	return v == 0 ? '`' : (char)(' ' + v);
}

size_t ctrl_uu_size(size_t len)
{
	size_t full = len / CTRL_UU_LINE_BYTES, rest = len % CTRL_UU_LINE_BYTES;
	size_t n = full * CTRL_UU_LINE_MAX + 2;

	if (rest != 0)
		n += 1 + 4 * ((rest + 2) / 3) + 1;
	return n;
}

size_t ctrl_uu_encode(const void *in, size_t len, char *out)
{
	const uint8_t *p = in;
	char *o = out;

	while (len > 0) {
		size_t n = len < CTRL_UU_LINE_BYTES ? len : CTRL_UU_LINE_BYTES;
		*o++ = uu_char((unsigned)n);
		for (size_t i = 0; i < n; i += 3) {
			unsigned a = p[i];
			unsigned b = i + 1 < n ? p[i + 1] : 0;
			unsigned c = i + 2 < n ? p[i + 2] : 0;
			*o++ = uu_char(a >> 2);
			*o++ = uu_char((a << 4) | (b >> 4));
			*o++ = uu_char((b << 2) | (c >> 6));
			*o++ = uu_char(c);
		}
		*o++ = '\n';
		p += n;
		len -= n;
	}
	*o++ = '`';
	*o++ = '\n';
	return (size_t)(o - out);
}

/* A character's 6-bit value, or -1 if uuencoding never writes it. */
static inline int uu_val(char c)
{
	unsigned char u = (unsigned char)c;
	if (u < ' ' || u > '`')
		return -1;
	return (u - ' ') & 0x3f;
}

int ctrl_uu_decode_line(const char *line, size_t len, uint8_t *out)
{
	int n, v[4];
	size_t pos = 1;

	if (len == 0 || (n = uu_val(line[0])) < 0 ||
	    n > CTRL_UU_LINE_BYTES)
		return -1;
	if (len < 1 + 4 * (((size_t)n + 2) / 3))
		return -1;
	for (int i = 0; i < n; i += 3) {
		for (int k = 0; k < 4; k++)
			if ((v[k] = uu_val(line[pos + (size_t)k])) < 0)
				return -1;
		pos += 4;
		out[i] = (uint8_t)(v[0] << 2 | v[1] >> 4);
		if (i + 1 < n)
			out[i + 1] = (uint8_t)(v[1] << 4 | v[2] >> 2);
		if (i + 2 < n)
			out[i + 2] = (uint8_t)(v[2] << 6 | v[3]);
	}
	return n;
}

/* Parse decimal digits at s (at most len); *end past them.  -1 if there
 * are none or the value passes max. */
static int parse_num(const char *s, size_t len, uint64_t max, uint64_t *v,
                     size_t *used)
{
	uint64_t x = 0;
	size_t i = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9') {
		x = x * 10 + (uint64_t)(s[i] - '0');
		if (x > max)
			return -1;
		i++;
	}
	if (i == 0)
		return -1;
	*v = x;
	*used = i;
	return 0;
}

int ctrl_data_parse(const char *line, size_t len, struct ctrl_data_hdr *h)
{
	uint64_t v;
	size_t i, used;

	memset(h, 0, sizeof(*h));
	if (len < 6 || memcmp(line, "DATA ", 5) != 0)
		return -1;
	i = 5;
	if (parse_num(line + i, len - i, SIZE_MAX / 2, &v, &used) != 0)
		return -1;
	h->len = (size_t)v;
	i += used;
	if (i < len && line[i] != ' ')
		return -1;
	/* optional words: id-N and inprog; others are left for later
	 * versions of the protocol */
	while (i < len) {
		size_t w;
		while (i < len && line[i] == ' ')
			i++;
		w = i;
		while (i < len && line[i] != ' ')
			i++;
		if (i - w >= 3 && memcmp(line + w, "id-", 3) == 0) {
			if (parse_num(line + w + 3, i - w - 3, UINT32_MAX, &v,
			              &used) != 0 || used != i - w - 3)
				return -1;
			h->id = (uint32_t)v;
		} else if (i - w == 6 && memcmp(line + w, "inprog", 6) == 0) {
			h->inprog = 1;
		}
	}
	return 0;
}

size_t ctrl_data_header(char *out, size_t len, uint32_t id, int inprog,
                        enum ctrl_dialect dialect)
{
	int n;

	if (dialect == CTRL_DIALECT_2021 || id == 0)
		n = snprintf(out, 48, "DATA %zu\n", len);
	else
		n = snprintf(out, 48, "DATA %zu id-%u%s\n", len, id,
		             inprog ? " inprog" : "");
	return (size_t)n;
}

int ctrl_words(char *line, char **argv, int max, const char **err)
{
	char *p = line;
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return n;
		if (n == max) {
			*err = "too many words";
			return -1;
		}
		if (*p == '"') {
			char *q = strchr(p + 1, '"');
			if (q == NULL) {
				*err = "unterminated quote";
				return -1;
			}
			argv[n++] = p + 1;
			*q = '\0';
			p = q + 1;
			if (*p != '\0' && *p != ' ' && *p != '\t') {
				*err = "text straight after a closing quote";
				return -1;
			}
			continue;
		}
		argv[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
}
