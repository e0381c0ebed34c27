/*
 * test_mux.c: sc_remoted's multiplexed-socket frames (ctrl/mux.h): each
 * control message built as scamper 2026 sends it (the capture in
 * shared/reference/control-remote.md 3.6), parsed back with exact length
 * checks, VP_UPDATE attributes walked, and a stream cut anywhere read as
 * the same frames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl/mux.h"
#include "tap.h"

/* ok() with an error text that the condition sets: the condition is
 * evaluated first (an argument's order of evaluation is unspecified) */
#define okerr(cond, ...) \
	do { int c_ = !!(cond); ok(c_, __VA_ARGS__); } while (0)

static int hex(const char *s, uint8_t *out)
{
	int n = 0;
	while (*s) {
		unsigned v;
		if (*s == ' ') {
			s++;
			continue;
		}
		if (*s == '"') {
			s++;
			while (*s != '"')
				out[n++] = (uint8_t)*s++;
			out[n++] = 0;    /* strings in the capture end in NUL */
			s++;
			continue;
		}
		sscanf(s, "%2x", &v);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static int nframes;
static int frame_cb(const struct ctrl_mux_hdr *h, const uint8_t *p,
                    void *arg)
{
	(void)h;
	(void)p;
	(void)arg;
	nframes++;
	return 0;
}

int main(void)
{
	struct ctrl_mux_buf b = {0};
	struct ctrl_mux_msg m;
	uint8_t w[256];
	const char *err, *v;
	size_t mark, off = 0;
	int n, attr, good;

	/* VP_UPDATE as in the capture */
	ok(ctrl_mux_update_begin(&b, 1, &mark) == 0 &&
	   ctrl_mux_update_attr(&b, CTRL_MUX_ATTR_NAME, "vp2") == 0 &&
	   ctrl_mux_update_attr(&b, CTRL_MUX_ATTR_ARRIVAL,
	                        "1795780924.146631") == 0 &&
	   ctrl_mux_update_attr(&b, CTRL_MUX_ATTR_IPV4, "127.0.0.1") == 0,
	   "VP_UPDATE built");
	ctrl_mux_update_end(&b, mark);
	n = hex("00000000 0000002c 0000 00000001 0001 \"vp2\" 0002 "
	        "\"1795780924.146631\" 0003 \"127.0.0.1\"", w);
	ok(b.len == (size_t)n && memcmp(b.p, w, (size_t)n) == 0,
	   "VP_UPDATE bytes as scamper 2026 sends them");
	ok(ctrl_mux_parse(w + 8, (size_t)n - 8, &m, &err) == 0 &&
	   m.type == CTRL_MUX_VP_UPDATE && m.vp_id == 1, "VP_UPDATE parses");
	good = ctrl_mux_attr_next(&m, &off, &attr, &v) == 1 &&
	       attr == CTRL_MUX_ATTR_NAME && strcmp(v, "vp2") == 0 &&
	       ctrl_mux_attr_next(&m, &off, &attr, &v) == 1 &&
	       attr == CTRL_MUX_ATTR_ARRIVAL &&
	       ctrl_mux_attr_next(&m, &off, &attr, &v) == 1 &&
	       attr == CTRL_MUX_ATTR_IPV4 && strcmp(v, "127.0.0.1") == 0 &&
	       ctrl_mux_attr_next(&m, &off, &attr, &v) == 0;
	ok(good, "its attributes, in order");
	w[n - 1] = 'x';
	okerr(ctrl_mux_parse(w + 8, (size_t)n - 8, &m, &err) == -1,
	   "an attribute without its NUL is refused (%s)", err);
	ok(ctrl_mux_parse(w + 8, 5, &m, &err) == -1, "a truncated VP_UPDATE "
	   "is refused");

	b.len = 0;
	ctrl_mux_go(&b);
	n = hex("00000000 00000002 0002", w);
	ok(b.len == (size_t)n && memcmp(b.p, w, (size_t)n) == 0, "GO");
	b.len = 0;
	ctrl_mux_open(&b, 1, 7);
	n = hex("00000000 0000000a 0003 00000001 00000007", w);
	ok(b.len == (size_t)n && memcmp(b.p, w, (size_t)n) == 0,
	   "CHANNEL_OPEN");
	ok(ctrl_mux_parse(w + 8, 10, &m, &err) == 0 && m.vp_id == 1 &&
	   m.channel == 7, "CHANNEL_OPEN parses");
	ok(ctrl_mux_parse(w + 8, 11, &m, &err) == -1 &&
	   ctrl_mux_parse(w + 8, 9, &m, &err) == -1,
	   "CHANNEL_OPEN one byte long or short is refused");
	b.len = 0;
	ctrl_mux_close(&b, 7);
	n = hex("00000000 00000006 0004 00000007", w);
	ok(b.len == (size_t)n && memcmp(b.p, w, (size_t)n) == 0,
	   "CHANNEL_CLOSE");
	ok(ctrl_mux_parse(w + 8, 6, &m, &err) == 0 && m.channel == 7,
	   "CHANNEL_CLOSE parses");
	b.len = 0;
	ctrl_mux_depart(&b, 3);
	n = hex("00000000 00000006 0001 00000003", w);
	ok(b.len == (size_t)n && memcmp(b.p, w, (size_t)n) == 0, "VP_DEPART");
	hex("0009", w);
	ok(ctrl_mux_parse(w, 2, &m, &err) == -1, "unknown type refused");
	hex("0003 00000001 00000000", w);
	ok(ctrl_mux_parse(w, 10, &m, &err) == -1, "opening channel 0 is "
	   "refused");

	/* stream: four frames, cut at every point */
	b.len = 0;
	ctrl_mux_update_begin(&b, 1, &mark);
	ctrl_mux_update_attr(&b, CTRL_MUX_ATTR_TAG, "a");
	ctrl_mux_update_attr(&b, CTRL_MUX_ATTR_TAG, "b");
	ctrl_mux_update_end(&b, mark);
	ctrl_mux_go(&b);
	ctrl_mux_open(&b, 1, 7);
	ctrl_mux_close(&b, 7);
	good = 1;
	for (size_t cut = 0; cut <= b.len; cut++) {
		struct ctrl_mux_reader r = {0};
		nframes = 0;
		if (ctrl_mux_reader_feed(&r, b.p, cut, frame_cb, NULL, &err) ||
		    ctrl_mux_reader_feed(&r, b.p + cut, b.len - cut, frame_cb,
		                         NULL, &err) ||
		    nframes != 4 || ctrl_mux_reader_held(&r) != 0)
			good = 0;
		ctrl_mux_reader_clear(&r);
	}
	ok(good, "a stream cut anywhere gives the same four frames");
	{
		struct ctrl_mux_reader r = { .max_len = 4 };
		nframes = 0;
		okerr(ctrl_mux_reader_feed(&r, b.p, b.len, frame_cb, NULL,
		                        &err) == -1 && nframes == 0,
		   "a frame longer than max_len is refused (%s)", err);
		ctrl_mux_reader_clear(&r);
	}
	{
		struct ctrl_mux_reader r = {0};
		uint8_t z[8] = { 0, 0, 0, 1, 0, 0, 0, 0 };
		okerr(ctrl_mux_reader_feed(&r, z, 8, frame_cb, NULL, &err) == -1,
		   "an empty frame is refused (%s)", err);
		ctrl_mux_reader_clear(&r);
	}
	ok(ctrl_mux_attr_from_key("asn4") == CTRL_MUX_ATTR_IPV4_ASN &&
	   ctrl_mux_attr_from_key("iata") == CTRL_MUX_ATTR_IATA &&
	   ctrl_mux_attr_from_key("bogus") == 0 &&
	   strcmp(ctrl_mux_attr_name(CTRL_MUX_ATTR_IPV6_ASN), "asn6") == 0,
	   "meta-file keys map to attributes");
	ctrl_mux_buf_free(&b);
	return done_testing();
}
