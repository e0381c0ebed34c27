/*
 * test_remote.c: the remote-control protocol (ctrl/remote.h): the frame
 * header, every control message built and parsed (the bytes of the wire
 * capture in shared/reference/control-remote.md 3.3), lengths checked
 * strictly, a stream cut anywhere splitting into the same frames,
 * sequence and acknowledgement rules, and the arithmetic of resume.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl/remote.h"
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
		sscanf(s, "%2x", &v);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static void test_header(void)
{
	uint8_t b[10], w[10];
	struct ctrl_rhdr h = { 0x0000000d, 0, 5 }, g;

	ctrl_rhdr_put(b, &h);
	hex("0000000d 00000000 0005", w);
	ok(memcmp(b, w, 10) == 0, "header is big-endian seq, channel, len");
	ctrl_rhdr_get(w, &g);
	ok(g.seq == 13 && g.channel == 0 && g.len == 5, "header parses");
}

/* build m, compare with the wire bytes, parse back */
static void roundtrip(const struct ctrl_rmsg *m, const char *wire,
                      const char *what)
{
	uint8_t b[CTRL_RMSG_MAX], w[CTRL_RMSG_MAX];
	struct ctrl_rmsg p;
	const char *err = NULL;
	size_t n = ctrl_rmsg_build(m, b);
	int wn = hex(wire, w);

	ok(n == (size_t)wn && memcmp(b, w, n) == 0, "%s: built as on the "
	   "wire", what);
	ok(ctrl_rmsg_parse(w, (size_t)wn, &p, &err) == 0, "%s: parses", what);
	ok(p.type == m->type && p.channel == m->channel && p.seq == m->seq &&
	   p.rcv_nxt == m->rcv_nxt && p.snd_una == m->snd_una &&
	   p.snd_nxt == m->snd_nxt && p.magic_len == m->magic_len &&
	   memcmp(p.magic, m->magic, m->magic_len) == 0 &&
	   p.has_name == m->has_name && strcmp(p.name, m->name) == 0,
	   "%s: same fields", what);
	/* one byte short, one byte more: refused */
	okerr(ctrl_rmsg_parse(w, (size_t)wn - 1, &p, &err) == -1,
	   "%s: one byte short refused (%s)", what, err);
	w[wn] = 0;
	okerr(ctrl_rmsg_parse(w, (size_t)wn + 1, &p, &err) == -1,
	   "%s: a trailing byte refused (%s)", what, err);
}

static void test_messages(void)
{
	struct ctrl_rmsg m;
	const char *err = "";
	uint8_t b[CTRL_RMSG_MAX];

	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_MASTER_NEW;
	m.magic_len = 8;
	hex("45b70a453da0495c", m.magic);
	m.has_name = 1;
	strcpy(m.name, "vp1");
	roundtrip(&m, "00 08 45b70a453da0495c 04 76703100", "MASTER_NEW");
	m.has_name = 0;
	m.name[0] = 0;
	roundtrip(&m, "00 08 45b70a453da0495c 00", "MASTER_NEW unnamed");

	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_MASTER_ID;
	m.has_name = 1;
	strcpy(m.name, "127.0.0.1:45388");
	roundtrip(&m, "01 10 3132372e302e302e313a343533383800", "MASTER_ID");

	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_CHANNEL_NEW;
	m.channel = 1;
	roundtrip(&m, "02 00000001", "CHANNEL_NEW");
	m.type = CTRL_RMSG_CHANNEL_FIN;
	roundtrip(&m, "03 00000001", "CHANNEL_FIN");

	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_ACK;
	m.seq = 13;
	roundtrip(&m, "05 0000000d", "ACK");

	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_MASTER_RES;
	m.magic_len = 8;
	hex("45b70a453da0495c", m.magic);
	m.rcv_nxt = 4;
	m.snd_una = 14;
	m.snd_nxt = 14;
	roundtrip(&m, "06 08 45b70a453da0495c 00000004 0000000e 0000000e",
	          "MASTER_RES");

	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_MASTER_OK;
	m.rcv_nxt = 14;
	roundtrip(&m, "08 0000000e", "MASTER_OK");

	/* the empty ones */
	b[0] = 4;
	ok(ctrl_rmsg_parse(b, 1, &m, &err) == 0 &&
	   m.type == CTRL_RMSG_KEEPALIVE, "KEEPALIVE parses");
	b[1] = 0;
	ok(ctrl_rmsg_parse(b, 2, &m, &err) == -1, "KEEPALIVE with a byte "
	   "more refused");
	b[0] = 7;
	ok(ctrl_rmsg_parse(b, 1, &m, &err) == 0 &&
	   m.type == CTRL_RMSG_MASTER_REJ, "MASTER_REJ parses");

	/* malformed */
	hex("09", b);
	ok(ctrl_rmsg_parse(b, 1, &m, &err) == -1, "unknown type refused");
	ok(ctrl_rmsg_parse(b, 0, &m, &err) == -1, "empty refused");
	hex("00 00 00", b);
	okerr(ctrl_rmsg_parse(b, 3, &m, &err) == -1, "magic of 0 bytes "
	   "refused (%s)", err);
	hex("00 21", b);
	memset(b + 2, 1, 40);
	b[35] = 0;
	okerr(ctrl_rmsg_parse(b, 36, &m, &err) == -1, "magic of 33 bytes "
	   "refused (%s)", err);
	hex("00 01 aa 04 76 70 00 00", b);
	okerr(ctrl_rmsg_parse(b, 8, &m, &err) == -1, "name with an inner NUL "
	   "refused (%s)", err);
	hex("00 01 aa 03 76 70 31", b);
	okerr(ctrl_rmsg_parse(b, 7, &m, &err) == -1, "name without its NUL "
	   "refused (%s)", err);
	hex("01 00", b);
	okerr(ctrl_rmsg_parse(b, 2, &m, &err) == -1, "MASTER_ID without an id "
	   "refused (%s)", err);
	hex("02 00000000", b);
	ok(ctrl_rmsg_parse(b, 5, &m, &err) == -1, "CHANNEL_NEW 0 refused");
	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_MASTER_NEW;
	ok(ctrl_rmsg_build(&m, b) == 0, "building a magic-less MASTER_NEW "
	   "fails");
	ok(strcmp(ctrl_rmsg_name(CTRL_RMSG_MASTER_RES), "MASTER_RES") == 0 &&
	   strcmp(ctrl_rmsg_name(99), "unknown") == 0, "type names");
}

/* ---- reader ------------------------------------------------------------- */

struct got {
	struct ctrl_rhdr h[64];
	uint8_t first[64];
	int n, stop_at;
};

static int on_frame(const struct ctrl_rhdr *h, const uint8_t *p, void *arg)
{
	struct got *g = arg;
	if (g->n < 64) {
		g->h[g->n] = *h;
		g->first[g->n] = p[0];
	}
	g->n++;
	return g->n == g->stop_at;
}

static size_t frame(uint8_t *out, uint32_t seq, uint32_t ch, size_t len,
                    uint8_t fill)
{
	struct ctrl_rhdr h = { seq, ch, (uint16_t)len };
	ctrl_rhdr_put(out, &h);
	memset(out + 10, fill, len);
	return 10 + len;
}

static void test_reader(void)
{
	static uint8_t s[3 * 65545];
	size_t n = 0;
	const char *err = "";
	int good = 1;

	n += frame(s + n, 0, 1, 5, 'a');
	n += frame(s + n, 1, 2, 65535, 'b');
	n += frame(s + n, 2, 0, 1, 4);

	for (size_t cut = 0; cut <= n; cut += (cut < 40 ? 1 : 997)) {
		struct ctrl_rreader r = {0};
		struct got g = {0};
		int rc = ctrl_rreader_feed(&r, s, cut, on_frame, &g, &err);
		rc |= ctrl_rreader_feed(&r, s + cut, n - cut, on_frame, &g,
		                        &err);
		if (rc != 0 || g.n != 3 || g.h[1].len != 65535 ||
		    g.first[1] != 'b' || g.h[2].seq != 2 ||
		    ctrl_rreader_held(&r) != 0 || r.buf != NULL)
			good = 0;
		ctrl_rreader_clear(&r);
	}
	ok(good, "a stream cut anywhere gives the same three frames, and "
	   "nothing is held after");

	{
		struct ctrl_rreader r = {0};
		struct got g = {0};
		int rc = 0;
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = ctrl_rreader_feed(&r, s + i, 1, on_frame, &g,
			                       &err);
		ok(rc == 0 && g.n == 3, "one byte at a time");
		ctrl_rreader_clear(&r);
	}
	{
		struct ctrl_rreader r = {0};
		struct got g = {0};
		uint8_t z[20];
		size_t k = frame(z, 0, 1, 0, 0);
		okerr(ctrl_rreader_feed(&r, z, k, on_frame, &g, &err) == -1,
		   "a frame of length 0 is refused (%s)", err);
		ctrl_rreader_clear(&r);
	}
	{
		struct ctrl_rreader r = { .max_len = 100 };
		struct got g = {0};
		okerr(ctrl_rreader_feed(&r, s, n, on_frame, &g, &err) == -1 &&
		   g.n == 1, "a frame over max_len is refused after the good "
		   "one (%s)", err);
		ctrl_rreader_clear(&r);
	}
	{
		struct ctrl_rreader r = {0};
		struct got g = { .stop_at = 1 };
		ok(ctrl_rreader_feed(&r, s, n, on_frame, &g, &err) == 1 &&
		   g.n == 1, "the callback can stop the reader");
		ctrl_rreader_clear(&r);
	}
}

/* ---- session ------------------------------------------------------------ */

static enum ctrl_rrecv recv_frame(struct ctrl_rsess *s, const uint8_t *f,
                                  struct ctrl_rmsg *m, const char **err)
{
	struct ctrl_rhdr h;
	ctrl_rhdr_get(f, &h);
	return ctrl_rsess_recv(s, &h, f + 10, m, err);
}

static void test_session(void)
{
	struct ctrl_rsess a, b;
	struct ctrl_rmsg m;
	const struct ctrl_rpend *p[4];
	uint8_t f[CTRL_RHDR_LEN + CTRL_RMSG_MAX];
	const char *err = "";
	size_t n;

	ctrl_rsess_init(&a);
	ctrl_rsess_init(&b);

	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_CHANNEL_NEW;
	m.channel = 1;
	n = ctrl_rmsg_build(&m, f);
	p[0] = ctrl_rsess_send(&a, 0, f, n);
	p[1] = ctrl_rsess_send(&a, 1, "ping\n", 5);
	p[2] = ctrl_rsess_send(&a, 1, "done\n", 5);
	ok(p[0] && p[1] && p[2] && p[0]->seq == 0 && p[2]->seq == 2 &&
	   a.snd_nxt == 3 && a.pend_count == 3, "three sequenced messages "
	   "take 0, 1, 2 and stay pending");
	ok(ctrl_rsess_send(&a, 1, "", 0) == NULL && errno == EINVAL,
	   "empty data refused");

	/* b receives them in order */
	ok(recv_frame(&b, p[0]->frame, &m, &err) == CTRL_RRECV_CONTROL &&
	   m.type == CTRL_RMSG_CHANNEL_NEW && b.rcv_nxt == 1,
	   "CHANNEL_NEW received, to acknowledge");
	ok(recv_frame(&b, p[1]->frame, &m, &err) == CTRL_RRECV_DATA &&
	   b.rcv_nxt == 2, "data received, to acknowledge");
	okerr(recv_frame(&b, p[1]->frame, &m, &err) == CTRL_RRECV_ERROR,
	   "the same sequence again is fatal (%s)", err);

	/* ACK and KEEPALIVE carry snd_nxt and consume nothing */
	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_ACK;
	m.seq = 1;
	n = ctrl_rsess_control(&b, &m, f);
	{
		struct ctrl_rhdr h;
		ctrl_rhdr_get(f, &h);
		ok(n == 15 && h.seq == b.snd_nxt && h.channel == 0 &&
		   b.snd_nxt == 0, "an ACK carries snd_nxt, consumes none");
	}
	okerr(recv_frame(&a, f, &m, &err) == CTRL_RRECV_ERROR,
	   "ACK 1 while 0 is the oldest pending: fatal (%s)", err);
	m.type = CTRL_RMSG_ACK;
	m.seq = 0;
	ctrl_rsess_control(&b, &m, f);
	ok(recv_frame(&a, f, &m, &err) == CTRL_RRECV_ACKED &&
	   a.pend_count == 2 && ctrl_rsess_snd_una(&a) == 1,
	   "ACK 0 frees the oldest");
	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_KEEPALIVE;
	ctrl_rsess_control(&b, &m, f);
	ok(recv_frame(&a, f, &m, &err) == CTRL_RRECV_CONTROL &&
	   m.type == CTRL_RMSG_KEEPALIVE && a.rcv_nxt == 0,
	   "KEEPALIVE consumes no sequence");
	m.type = CTRL_RMSG_MASTER_OK;
	m.rcv_nxt = 5;
	ctrl_rsess_control(&b, &m, f);
	ok(f[0] == 0 && f[3] == 0, "MASTER_* carry sequence 0");
	m.type = CTRL_RMSG_CHANNEL_FIN;
	ok(ctrl_rsess_control(&b, &m, f) == 0, "sequenced types cannot go "
	   "unsequenced");

	/* resume: b got 0 and 1 (rcv_nxt 2) but a only saw ACK 0 */
	ok(ctrl_rsess_resume_rx(&b, ctrl_rsess_snd_una(&a), a.snd_nxt,
	                        &err) == 0, "b can resume: 2 within [1, 3]");
	ok(ctrl_rsess_resume_tx(&a, b.rcv_nxt, &err) == 0 &&
	   a.pend_count == 1 && a.head->seq == 2,
	   "a drops what b has and keeps 2 to send again");
	ok(recv_frame(&b, a.head->frame, &m, &err) == CTRL_RRECV_DATA &&
	   b.rcv_nxt == 3, "the retransmission is accepted");
	okerr(ctrl_rsess_resume_tx(&a, 7, &err) == -1, "a peer expecting 7 "
	   "of [2, 3] is refused (%s)", err);
	okerr(ctrl_rsess_resume_rx(&b, 4, 9, &err) == -1, "a peer holding only "
	   "[4, 9) while 3 is expected is refused (%s)", err);
	ok(ctrl_rsess_resume_tx(&a, 3, &err) == 0 && a.pend_count == 0 &&
	   a.pend_bytes == 0, "peer has everything: nothing to resend");

	/* wrap-around */
	ctrl_rsess_clear(&a);
	a.snd_nxt = 0xfffffffe;
	ctrl_rsess_send(&a, 1, "x", 1);
	ctrl_rsess_send(&a, 1, "y", 1);
	ctrl_rsess_send(&a, 1, "z", 1);
	ok(a.snd_nxt == 1, "sequence numbers wrap");
	ok(ctrl_rsess_resume_tx(&a, 0, &err) == 0 && a.pend_count == 1 &&
	   a.head->seq == 0, "resume across the wrap");
	b.rcv_nxt = 0xffffffff;
	ok(ctrl_rsess_resume_rx(&b, 0xfffffffe, 1, &err) == 0,
	   "resume_rx across the wrap");
	ctrl_rsess_clear(&a);
	ctrl_rsess_clear(&b);
	ok(a.head == NULL && a.pend_bytes == 0, "clear frees everything");
}

int main(void)
{
	test_header();
	test_messages();
	test_reader();
	test_session();
	return done_testing();
}
