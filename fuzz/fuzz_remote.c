/*
 * fuzz_remote.c: libFuzzer target for the remote-control protocol as
 * sc_remoted reads it: what a VP sends (ctrl/remote.h, ctrl/rlink.h) and
 * what a mux client sends (ctrl/mux.h).  A VP or a mux client may be
 * broken or hostile; nothing may crash, leak, read out of bounds or
 * hang, and these promises must hold:
 *
 *  - the frame readers give the same frames, and the same verdict,
 *    whether the stream comes at once or a few bytes at a time;
 *  - a control message that parses is built again to the same bytes
 *    (both protocols): the parsers accept exactly one spelling;
 *  - a session's pending list is always consecutive, ends at snd_nxt-1,
 *    starts at snd_una, and its counts add up, through sends, acks and
 *    resumes;
 *  - a link (ctrl/rlink.h) over a socketpair calls closed exactly once
 *    and nothing after it.
 *
 *  - sc_remoted itself (remoted/, but its main), given a VP and a mux
 *    client on socketpairs, both scripted by the input (see fvp_op:
 *    the VP keeps its own sequence state, so that channels open,
 *    results flow, the VP drops and resumes, as well as going wrong),
 *    survives whatever they do, and frees everything at the end.
 *
 * The first byte chooses: bits 0-1 the mode (0: VP frames into a
 * session; 1: mux frames; 2: a link on the event loop; 3: sc_remoted),
 * bits 2-4 the piece size for the chunked feed (1, 2, 3, 7, 10, 64,
 * 1000, all), bits 5-7 how many messages of ours are pending at the
 * start (mode 0), the link's output limit (mode 2), or for sc_remoted:
 * bit 5 zombies kept (-Z 900, else 0), bit 7 a small output limit
 * toward the VP.  The rest is the peer's bytes, or for sc_remoted the
 * script.
 *
 *   make fuzz && build/fuzz/fuzz_remote -max_total_time=600 \
 *           build/fuzz/corpus-remote fuzz/seeds-remote
 *
 * Inputs that found a problem are kept in tests/data/regress-remote/,
 * which tests/unit/fuzz_remote_regress replays, with the seeds, on
 * every test run.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctrl/loop.h"
#include "ctrl/mux.h"
#include "ctrl/remote.h"
#include "ctrl/rlink.h"
#include "remoted.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static const size_t pieces[8] = { 1, 2, 3, 7, 10, 64, 1000, (size_t)-1 };

/* ---- frame log: what a reader handed out, for comparing two feeds ------- */

struct flog {
	uint64_t hash;
	size_t   frames;
};

static void flog_add(struct flog *f, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++) {
		f->hash ^= b[i];
		f->hash *= 1099511628211ull;
	}
}

/* ---- mode 0/3: a VP's frames into a session ----------------------------- */

static void sess_check(const struct ctrl_rsess *s)
{
	size_t n = 0, bytes = 0;
	uint32_t want = ctrl_rsess_snd_una(s);

	for (const struct ctrl_rpend *p = s->head; p != NULL; p = p->next) {
		struct ctrl_rhdr h;
		CHECK(p->seq == want);
		CHECK(p->len >= CTRL_RHDR_LEN);
		ctrl_rhdr_get(p->frame, &h);
		CHECK(h.seq == p->seq);
		CHECK((size_t)h.len + CTRL_RHDR_LEN == p->len);
		CHECK(p->next != NULL || p == s->tail);
		want++;
		n++;
		bytes += p->len;
	}
	CHECK(want == s->snd_nxt);
	CHECK(n == s->pend_count);
	CHECK(bytes == s->pend_bytes);
	CHECK((s->head == NULL) == (s->tail == NULL));
}

/* parse, build again, compare */
static void rmsg_roundtrip(const uint8_t *p, size_t len)
{
	struct ctrl_rmsg m;
	const char *err = NULL;
	uint8_t out[CTRL_RMSG_MAX];
	size_t n;

	if (ctrl_rmsg_parse(p, len, &m, &err) != 0) {
		CHECK(err != NULL);
		return;
	}
	CHECK(strcmp(ctrl_rmsg_name(m.type), "unknown") != 0);
	n = ctrl_rmsg_build(&m, out);
	CHECK(n == len);
	CHECK(memcmp(out, p, n) == 0);
}

struct vpstate {
	struct ctrl_rsess s;
	struct flog       log;
	int               dead;      /* a fatal error: the connection ends */
	uint32_t          replies;
};

static int vp_frame(const struct ctrl_rhdr *h, const uint8_t *p, void *arg)
{
	struct vpstate *v = arg;
	struct ctrl_rmsg m;
	const char *err = NULL;
	uint32_t rcv = v->s.rcv_nxt;
	enum ctrl_rrecv r;

	CHECK(h->len > 0);
	v->log.frames++;
	flog_add(&v->log, &h->seq, sizeof(h->seq));   /* not the padding */
	flog_add(&v->log, &h->channel, sizeof(h->channel));
	flog_add(&v->log, p, h->len);
	if (h->channel == 0)
		rmsg_roundtrip(p, h->len);

	r = ctrl_rsess_recv(&v->s, h, p, &m, &err);
	sess_check(&v->s);
	switch (r) {
	case CTRL_RRECV_ERROR:
		CHECK(err != NULL);
		CHECK(v->s.rcv_nxt == rcv);
		v->dead = 1;
		return 1;
	case CTRL_RRECV_DATA:
		CHECK(h->channel != 0 && v->s.rcv_nxt == rcv + 1);
		/* answer, as a VP's channel would, while there is room */
		if (v->s.pend_count < 256 && v->replies++ < 1024) {
			CHECK(ctrl_rsess_send(&v->s, h->channel, p,
			                      h->len) != NULL);
			sess_check(&v->s);
		}
		break;
	case CTRL_RRECV_CONTROL:
		CHECK(h->channel == 0);
		CHECK(v->s.rcv_nxt == rcv + (ctrl_rmsg_sequenced(m.type) ? 1
		                                                         : 0));
		if (m.type == CTRL_RMSG_MASTER_RES) {
			/* as sc_remoted: both halves, or a rejection that
			 * leaves the session alone */
			struct ctrl_rsess before = v->s;
			if (ctrl_rsess_resume_rx(&v->s, m.snd_una, m.snd_nxt,
			                         &err) == 0 &&
			    ctrl_rsess_resume_tx(&v->s, m.rcv_nxt, &err) == 0) {
				CHECK(v->s.head == NULL ||
				      v->s.head->seq == m.rcv_nxt);
			} else {
				CHECK(err != NULL);
				CHECK(v->s.snd_nxt == before.snd_nxt &&
				      v->s.rcv_nxt == before.rcv_nxt);
			}
			sess_check(&v->s);
		} else if (m.type == CTRL_RMSG_CHANNEL_NEW ||
		           m.type == CTRL_RMSG_CHANNEL_FIN) {
			uint8_t b[CTRL_RMSG_MAX];
			struct ctrl_rmsg fin;
			size_t n;
			memset(&fin, 0, sizeof(fin));
			fin.type = CTRL_RMSG_CHANNEL_FIN;
			fin.channel = m.channel;
			n = ctrl_rmsg_build(&fin, b);
			CHECK(n == 5);
			if (v->s.pend_count < 256)
				CHECK(ctrl_rsess_send(&v->s, 0, b, n) != NULL);
			sess_check(&v->s);
		}
		break;
	case CTRL_RRECV_ACKED:
		CHECK(h->channel == 0);
		break;
	default:
		abort();
	}
	return 0;
}

static void vp_prepare(struct vpstate *v, unsigned npend)
{
	static const uint8_t text[] = "ping -c 1 192.0.2.1\n";
	memset(v, 0, sizeof(*v));
	v->log.hash = 14695981039346656037ull;
	ctrl_rsess_init(&v->s);
	for (unsigned i = 0; i < npend; i++)
		CHECK(ctrl_rsess_send(&v->s, 1 + i % 3, text,
		                      sizeof(text) - 1) != NULL);
	sess_check(&v->s);
}

/* Feed the stream whole or in pieces; returns the reader's verdict
 * (-1 bad frame, 1 stopped, 0 fine) and fills v. */
static int vp_feed(struct vpstate *v, const uint8_t *p, size_t n,
                   size_t piece, unsigned npend)
{
	struct ctrl_rreader r = {0};
	const char *err = NULL;
	int rc = 0;

	vp_prepare(v, npend);
	for (size_t off = 0; off < n && rc == 0;) {
		size_t k = n - off < piece ? n - off : piece;
		rc = ctrl_rreader_feed(&r, p + off, k, vp_frame, v, &err);
		if (rc < 0)
			CHECK(err != NULL);
		off += k;
		CHECK(ctrl_rreader_held(&r) < CTRL_RFRAME_MAX);
	}
	ctrl_rreader_clear(&r);
	CHECK(ctrl_rreader_held(&r) == 0);
	return rc;
}

static void mode_vp(const uint8_t *p, size_t n, size_t piece,
                    unsigned npend)
{
	struct vpstate a, b;
	int ra = vp_feed(&a, p, n, (size_t)-1, npend);
	int rb = vp_feed(&b, p, n, piece, npend);

	CHECK(ra == rb);
	CHECK(a.log.frames == b.log.frames);
	CHECK(a.log.hash == b.log.hash);
	CHECK(a.s.snd_nxt == b.s.snd_nxt && a.s.rcv_nxt == b.s.rcv_nxt);
	ctrl_rsess_clear(&a.s);
	ctrl_rsess_clear(&b.s);
	CHECK(a.s.head == NULL && a.s.pend_count == 0 && a.s.pend_bytes == 0);
}

/* ---- mode 1: a mux client's frames -------------------------------------- */

static void mux_roundtrip(const struct ctrl_mux_hdr *h, const uint8_t *p)
{
	struct ctrl_mux_msg m;
	struct ctrl_mux_buf b = {0};
	const char *err = NULL;
	uint8_t hdr[CTRL_MUX_HDR_LEN];
	int rc = -1;

	if (ctrl_mux_parse(p, h->len, &m, &err) != 0) {
		CHECK(err != NULL);
		return;
	}
	switch (m.type) {
	case CTRL_MUX_VP_UPDATE: {
		size_t mark, off = 0;
		int attr, k;
		const char *value;
		rc = ctrl_mux_update_begin(&b, m.vp_id, &mark);
		while (rc == 0 &&
		       (k = ctrl_mux_attr_next(&m, &off, &attr, &value)) != 0) {
			CHECK(k == 1);   /* parse checked every attribute */
			rc = ctrl_mux_update_attr(&b, attr, value);
		}
		if (rc == 0)
			ctrl_mux_update_end(&b, mark);
		break;
	}
	case CTRL_MUX_VP_DEPART:
		rc = ctrl_mux_depart(&b, m.vp_id);
		break;
	case CTRL_MUX_GO:
		rc = ctrl_mux_go(&b);
		break;
	case CTRL_MUX_CHANNEL_OPEN:
		rc = ctrl_mux_open(&b, m.vp_id, m.channel);
		break;
	case CTRL_MUX_CHANNEL_CLOSE:
		rc = ctrl_mux_close(&b, m.channel);
		break;
	default:
		abort();   /* parse accepted an unknown type */
	}
	if (rc == 0) {
		ctrl_mux_hdr_put(hdr, h);
		CHECK(b.len == CTRL_MUX_HDR_LEN + h->len);
		CHECK(memcmp(b.p, hdr, CTRL_MUX_HDR_LEN) == 0);
		CHECK(memcmp(b.p + CTRL_MUX_HDR_LEN, p, h->len) == 0);
	}
	ctrl_mux_buf_free(&b);
}

static int mux_frame(const struct ctrl_mux_hdr *h, const uint8_t *p,
                     void *arg)
{
	struct flog *f = arg;
	f->frames++;
	flog_add(f, &h->channel, sizeof(h->channel));
	flog_add(f, &h->len, sizeof(h->len));
	flog_add(f, p, h->len);
	if (h->channel == 0)
		mux_roundtrip(h, p);
	return 0;
}

static int mux_feed(struct flog *f, const uint8_t *p, size_t n, size_t piece)
{
	/* a small limit, so that the too-long path is reached */
	struct ctrl_mux_reader r = { .max_len = 4096 };
	const char *err = NULL;
	int rc = 0;

	memset(f, 0, sizeof(*f));
	f->hash = 14695981039346656037ull;
	for (size_t off = 0; off < n && rc == 0;) {
		size_t k = n - off < piece ? n - off : piece;
		rc = ctrl_mux_reader_feed(&r, p + off, k, mux_frame, f, &err);
		if (rc < 0)
			CHECK(err != NULL);
		off += k;
	}
	ctrl_mux_reader_clear(&r);
	CHECK(ctrl_mux_reader_held(&r) == 0);
	return rc;
}

static void mode_mux(const uint8_t *p, size_t n, size_t piece)
{
	struct flog a, b;
	int ra = mux_feed(&a, p, n, (size_t)-1);
	int rb = mux_feed(&b, p, n, piece);
	CHECK(ra == rb && a.frames == b.frames && a.hash == b.hash);
}

/* ---- mode 2: a link on the event loop ----------------------------------- */

struct linkstate {
	ctrl_rlink        *k;
	struct ctrl_rsess  s;
	int                closed, after;
	unsigned           sent;
};

static void lk_control(ctrl_rlink *k, const struct ctrl_rmsg *m, void *arg)
{
	struct linkstate *st = arg;
	if (st->closed)
		st->after++;
	if (m->type == CTRL_RMSG_MASTER_NEW && ctrl_rlink_session(k) == NULL) {
		struct ctrl_rmsg id;
		ctrl_rlink_attach(k, &st->s);
		memset(&id, 0, sizeof(id));
		id.type = CTRL_RMSG_MASTER_ID;
		id.has_name = 1;
		strcpy(id.name, "192.0.2.9:4567");
		ctrl_rlink_send_control(k, &id);
		memset(&id, 0, sizeof(id));
		id.type = CTRL_RMSG_CHANNEL_NEW;
		id.channel = 1;
		ctrl_rlink_send_control(k, &id);
	} else if (m->type == CTRL_RMSG_MASTER_RES) {
		const char *err;
		if (ctrl_rlink_session(k) == NULL)
			ctrl_rlink_attach(k, &st->s);
		if (ctrl_rsess_resume_rx(&st->s, m->snd_una, m->snd_nxt,
		                         &err) == 0 &&
		    ctrl_rsess_resume_tx(&st->s, m->rcv_nxt, &err) == 0) {
			struct ctrl_rmsg ok;
			memset(&ok, 0, sizeof(ok));
			ok.type = CTRL_RMSG_MASTER_OK;
			ok.rcv_nxt = st->s.rcv_nxt;
			if (ctrl_rlink_send_control(k, &ok) == 0)
				ctrl_rlink_retransmit(k);
		} else {
			ctrl_rlink_finish(k);
		}
	} else if (m->type == CTRL_RMSG_MASTER_REJ) {
		ctrl_rlink_free(k);
		st->k = NULL;
	}
}

static void lk_data(ctrl_rlink *k, uint32_t ch, const uint8_t *p, size_t n,
                    void *arg)
{
	struct linkstate *st = arg;
	if (st->closed)
		st->after++;
	if (st->sent++ < 64)
		ctrl_rlink_send_data(k, ch, p, n);
	if (st->sent == 32)
		ctrl_rlink_pause(k, 1);
}

static void lk_acked(ctrl_rlink *k, void *arg)
{
	struct linkstate *st = arg;
	if (st->closed)
		st->after++;
	ctrl_rlink_pause(k, 0);
}

static void lk_closed(ctrl_rlink *k, const char *why, void *arg)
{
	struct linkstate *st = arg;
	CHECK(why != NULL && *why != '\0');
	st->closed++;
	ctrl_rlink_free(k);
	st->k = NULL;
}

static const struct ctrl_rlink_ops lk_ops = {
	.control = lk_control, .data = lk_data, .acked = lk_acked,
	.closed = lk_closed,
};

static void mode_link(const uint8_t *p, size_t n, size_t piece,
                      unsigned lim_sel)
{
	struct linkstate st;
	struct ctrl_rlink_limits lim;
	ctrl_loop *l = ctrl_loop_new();
	int sv[2];
	size_t off = 0;
	int tail = 0;
	uint8_t sink[65536];

	CHECK(l != NULL);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
	memset(&st, 0, sizeof(st));
	memset(&lim, 0, sizeof(lim));
	lim.max_queue = (size_t)64 << (lim_sel * 2);   /* 64 B .. 1 MB */
	lim.max_frame = lim_sel & 1 ? 512 : 0;
	st.k = ctrl_rlink_new(l, sv[0], NULL, &lk_ops, &st, &lim);
	CHECK(st.k != NULL);
	if (piece > 4096)
		piece = 4096;
	for (int rounds = 0; rounds < 100000; rounds++) {
		if (off < n) {
			size_t k = n - off < piece ? n - off : piece;
			ssize_t w = send(sv[1], p + off, k, MSG_NOSIGNAL);
			if (w > 0)
				off += (size_t)w;
			else if (w < 0 && errno != EAGAIN)
				off = n;
			if (off == n)
				shutdown(sv[1], SHUT_WR);
		}
		/* the peer reads only now and then: output piles up */
		if (rounds % 4 == 0)
			while (recv(sv[1], sink, sizeof(sink), 0) > 0)
				;
		ctrl_loop_once(l, 0);
		if (off == n && (st.k == NULL || ++tail > 200))
			break;
	}
	CHECK(st.closed <= 1);
	CHECK(st.after == 0);
	if (st.k != NULL) {
		/* still open (paused, say): the owner may free at any time */
		ctrl_rlink_free(st.k);
		st.k = NULL;
	}
	ctrl_loop_once(l, 0);
	ctrl_loop_free(l);
	ctrl_rsess_clear(&st.s);
	close(sv[1]);
}

/* ---- mode 3: sc_remoted ------------------------------------------------- */

/*
 * A scripted VP the input drives: it keeps its own sequence state, so
 * that the input can take sc_remoted deep (channels opened through the
 * mux, results flowing back, disconnection, resumption with the right or
 * a wrong window) as well as off the path (raw bytes, wrong sequences,
 * stray acknowledgements).
 */
#define FVP_UNACKED 64
#define FVP_IN      (1u << 17)

struct fvp_pend {
	uint32_t seq;
	uint16_t len;
	uint8_t  f[CTRL_RHDR_LEN + 64];
};

struct fvp {
	struct remoted *rd;
	int             fd, stale;      /* our end; an older one still open */
	uint8_t         magic[8];
	uint32_t        snd_nxt, rcv_nxt, chan;
	struct fvp_pend un[FVP_UNACKED];
	size_t          nun;
	uint32_t        acks[256];
	size_t          nacks;
	uint16_t        port;
	uint8_t         in[FVP_IN];
	size_t          inlen;
	int             mux;            /* the mux client's end */
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void fvp_write(int fd, const void *p, size_t n)
{
	/* what the socket does not take is lost, as on a link that
	 * breaks: sc_remoted must cope */
	if (fd >= 0 && send(fd, p, n, MSG_NOSIGNAL) < 0 && errno != EAGAIN)
		return;
}

static size_t fvp_frame(uint8_t *out, uint32_t seq, uint32_t ch,
                        const void *p, size_t n)
{
	struct ctrl_rhdr h = { seq, ch, (uint16_t)n };
	ctrl_rhdr_put(out, &h);
	memcpy(out + CTRL_RHDR_LEN, p, n);
	return CTRL_RHDR_LEN + n;
}

static void fvp_unseq(struct fvp *v, const void *p, size_t n, uint32_t seq)
{
	uint8_t f[CTRL_RHDR_LEN + 64];
	fvp_write(v->fd, f, fvp_frame(f, seq, 0, p, n));
}

static void fvp_seq(struct fvp *v, uint32_t ch, const void *p, size_t n)
{
	struct fvp_pend *u = v->nun < FVP_UNACKED ? &v->un[v->nun++] : NULL;
	uint8_t f[CTRL_RHDR_LEN + 64];
	size_t len = fvp_frame(f, v->snd_nxt, ch, p, n);

	if (u != NULL) {
		u->seq = v->snd_nxt;
		u->len = (uint16_t)len;
		memcpy(u->f, f, len);
	}
	v->snd_nxt++;
	fvp_write(v->fd, f, len);
}

static void fvp_frame_in(struct fvp *v, const struct ctrl_rhdr *h,
                         const uint8_t *p)
{
	if (h->channel != 0 || (h->len >= 1 && (p[0] == CTRL_RMSG_CHANNEL_NEW ||
	                                        p[0] == CTRL_RMSG_CHANNEL_FIN))) {
		v->rcv_nxt++;
		if (v->nacks < sizeof(v->acks) / sizeof(v->acks[0]))
			v->acks[v->nacks++] = h->seq;
		if (h->channel == 0 && h->len == 5 &&
		    p[0] == CTRL_RMSG_CHANNEL_NEW)
			v->chan = be32(p + 1);
		return;
	}
	if (h->len == 5 && p[0] == CTRL_RMSG_ACK) {
		if (v->nun > 0 && v->un[0].seq == be32(p + 1))
			memmove(v->un, v->un + 1, --v->nun * sizeof(v->un[0]));
	} else if (h->len == 5 && p[0] == CTRL_RMSG_MASTER_OK) {
		uint32_t r = be32(p + 1);
		size_t k = 0;
		while (k < v->nun && (int32_t)(v->un[k].seq - r) < 0)
			k++;
		memmove(v->un, v->un + k, (v->nun - k) * sizeof(v->un[0]));
		v->nun -= k;
		for (size_t i = 0; i < v->nun; i++)
			fvp_write(v->fd, v->un[i].f, v->un[i].len);
	} else if (h->len == 1 && p[0] == CTRL_RMSG_MASTER_REJ) {
		v->snd_nxt = v->rcv_nxt = 0;
		v->nun = v->nacks = 0;
		v->magic[0]++;
	}
}

static void fvp_pump(struct fvp *v)
{
	uint8_t sink[16384];
	ssize_t r;

	while (v->fd >= 0 &&
	       (r = recv(v->fd, v->in + v->inlen, FVP_IN - v->inlen, 0)) > 0) {
		size_t off = 0;
		v->inlen += (size_t)r;
		while (v->inlen - off >= CTRL_RHDR_LEN) {
			struct ctrl_rhdr h;
			ctrl_rhdr_get(v->in + off, &h);
			if (v->inlen - off < CTRL_RHDR_LEN + (size_t)h.len)
				break;
			fvp_frame_in(v, &h, v->in + off + CTRL_RHDR_LEN);
			off += CTRL_RHDR_LEN + h.len;
		}
		memmove(v->in, v->in + off, v->inlen - off);
		v->inlen -= off;
		if (v->inlen == FVP_IN)
			v->inlen = 0;   /* a frame too long for us: lose it */
	}
	while (v->stale >= 0 && recv(v->stale, sink, sizeof(sink), 0) > 0)
		;
	while (v->mux >= 0 && recv(v->mux, sink, sizeof(sink), 0) > 0)
		;
	ctrl_loop_once(v->rd->l, 0);
}

static int pair(int sv[2])
{
	return socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
}

static void fvp_connect(struct fvp *v, int keep_old)
{
	struct sockaddr_in sin;
	int sv[2];

	if (keep_old) {
		if (v->stale >= 0)
			close(v->stale);
		v->stale = v->fd;
	} else if (v->fd >= 0) {
		close(v->fd);
	}
	v->fd = -1;
	v->inlen = 0;
	CHECK(pair(sv) == 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(v->port++);
	sin.sin_addr.s_addr = htonl(0xc0000209);   /* 192.0.2.9 */
	vp_accept(v->rd, sv[0], (struct sockaddr *)&sin, sizeof(sin));
	v->fd = sv[1];
}

static void fvp_mux(struct fvp *v)
{
	int sv[2];
	if (v->mux >= 0)
		return;
	CHECK(pair(sv) == 0);
	v->mux = sv[1];
	muxsock_adopt(v->rd, sv[0]);   /* closes sv[0] on failure */
}

static void fvp_mux_frame(struct fvp *v, uint32_t ch, const void *p,
                          size_t n)
{
	uint8_t b[CTRL_MUX_HDR_LEN + 64];
	struct ctrl_mux_hdr h = { ch, (uint32_t)n };
	ctrl_mux_hdr_put(b, &h);
	memcpy(b + CTRL_MUX_HDR_LEN, p, n);
	fvp_write(v->mux, b, CTRL_MUX_HDR_LEN + n);
}

static const char vp_text[] =
	"MORE\nOK id-1\nMORE\nDATA 28\n1$@4`!`````D````!:PEPOP``\n`\nOK\n";

/* One operation of the script; returns the input bytes it used. */
static size_t fvp_op(struct fvp *v, const uint8_t *p, size_t n)
{
	uint8_t op = p[0], a = n > 1 ? p[1] : 0, b[64];
	size_t used = n > 1 ? 2 : 1, k;

	switch (op & 15) {
	case 0:   /* MASTER_NEW, with or without a monitor name */
		if (v->fd < 0)
			fvp_connect(v, 0);
		b[0] = CTRL_RMSG_MASTER_NEW;
		b[1] = 8;
		memcpy(b + 2, v->magic, 8);
		if (a & 1) {
			memcpy(b + 10, "\4vp1", 5);
			fvp_unseq(v, b, 15, 0);
		} else {
			b[10] = 0;
			fvp_unseq(v, b, 11, 0);
		}
		break;
	case 1:   /* acknowledge all that came */
		for (size_t i = 0; i < v->nacks; i++) {
			b[0] = CTRL_RMSG_ACK;
			put32(b + 1, v->acks[i]);
			fvp_unseq(v, b, 5, v->snd_nxt);
		}
		v->nacks = 0;
		break;
	case 2:   /* channel data */
		k = a % 40 + 1;
		fvp_seq(v, a & 128 ? a & 7 : v->chan, vp_text + a % 16, k);
		break;
	case 3:   /* CHANNEL_FIN */
		b[0] = CTRL_RMSG_CHANNEL_FIN;
		put32(b + 1, a & 1 ? v->chan : (uint32_t)(a >> 1));
		fvp_seq(v, 0, b, 5);
		break;
	case 4:   /* KEEPALIVE */
		b[0] = CTRL_RMSG_KEEPALIVE;
		fvp_unseq(v, b, 1, v->snd_nxt);
		used = 1;
		break;
	case 5:   /* raw bytes from the input */
		k = a % 32;
		if (k > n - used)
			k = n - used;
		fvp_write(v->fd, p + used, k);
		used += k;
		break;
	case 6:   /* the link drops */
		if (v->fd >= 0)
			close(v->fd);
		v->fd = -1;
		used = 1;
		break;
	case 7:   /* come back with MASTER_RES (window right, or not) */
	case 14:  /* ... while the old connection is still up */
		fvp_connect(v, (op & 15) == 14);
		b[0] = CTRL_RMSG_MASTER_RES;
		b[1] = 8;
		memcpy(b + 2, v->magic, 8);
		put32(b + 10, v->rcv_nxt + ((a & 3) ? (uint32_t)(a >> 2) - 32
		                                    : 0));
		put32(b + 14, v->nun ? v->un[0].seq : v->snd_nxt);
		put32(b + 18, v->snd_nxt);
		fvp_unseq(v, b, 22, 0);
		break;
	case 8:   /* mux: CHANNEL_OPEN */
		fvp_mux(v);
		b[0] = 0;
		b[1] = CTRL_MUX_CHANNEL_OPEN;
		put32(b + 2, a & 3);
		put32(b + 6, (uint32_t)(a >> 2));
		fvp_mux_frame(v, 0, b, 10);
		break;
	case 9:   /* mux: a command, or done, on a channel */
		fvp_mux(v);
		if (a & 128)
			fvp_mux_frame(v, a & 63, "done\n", 5);
		else
			fvp_mux_frame(v, a & 63, "ping -c 1 192.0.2.1\n", 20);
		break;
	case 10:  /* mux: raw bytes */
		fvp_mux(v);
		k = a % 32;
		if (k > n - used)
			k = n - used;
		fvp_write(v->mux, p + used, k);
		used += k;
		break;
	case 11:  /* mux client goes (and comes back at its next op) */
		if (v->mux >= 0)
			close(v->mux);
		v->mux = -1;
		used = 1;
		break;
	case 12:  /* time passes */
		for (int i = 0; i < a % 8; i++)
			fvp_pump(v);
		break;
	case 13:  /* data with a sequence number off by some */
		k = fvp_frame(b, v->snd_nxt + a - 128, v->chan, "x\n", 2);
		fvp_write(v->fd, b, k);
		break;
	case 15:  /* an acknowledgement of our choosing */
		b[0] = CTRL_RMSG_ACK;
		put32(b + 1, a);
		fvp_unseq(v, b, 5, v->snd_nxt);
		break;
	}
	fvp_pump(v);
	return used;
}

static void mode_remoted(const uint8_t *p, size_t n, unsigned set)
{
	static FILE *logfp;
	struct remoted rd;
	struct fvp *v;

	if (logfp == NULL)   /* FUZZ_REMOTE_LOG=1: sc_remoted's log shown */
		CHECK((logfp = getenv("FUZZ_REMOTE_LOG") ? stderr :
		       fopen("/dev/null", "w")) != NULL);
	memset(&rd, 0, sizeof(rd));
	rd.logfp = logfp;
	rd.debug = 1;                    /* the debug lines run too */
	rd.zombie_sec = set & 0x20 ? 900 : 0;
	rd.mux_fd = -1;
	rd.vp_limits.max_queue = set & 0x80 ? 4096 : 0;
	CHECK((rd.l = ctrl_loop_new()) != NULL);
	CHECK((v = calloc(1, sizeof(*v))) != NULL);
	v->rd = &rd;
	v->fd = v->stale = v->mux = -1;
	v->port = 4567;
	memcpy(v->magic, "\x45\xb7\x0a\x45\x3d\xa0\x49\x5c", 8);

	for (size_t off = 0; off < n;)
		off += fvp_op(v, p + off, n - off);

	/* everyone goes */
	if (v->fd >= 0)
		close(v->fd);
	if (v->stale >= 0)
		close(v->stale);
	if (v->mux >= 0)
		close(v->mux);
	v->fd = v->stale = v->mux = -1;
	for (int i = 0; i < 4; i++)
		fvp_pump(v);

	/* as sc_remoted's main ends */
	while (rd.vps != NULL)
		vp_free(rd.vps);
	while (rd.hellos != NULL)
		hello_free(rd.hellos);
	muxsock_close(&rd);
	CHECK(rd.nvps == 0);
	ctrl_loop_once(rd.l, 0);
	ctrl_loop_free(rd.l);
	meta_free(&rd.meta);
	free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned set;

	if (size < 1)
		return 0;
	set = data[0];
	data++;
	size--;
	signal(SIGPIPE, SIG_IGN);
	switch (set & 3) {
	case 0:
		mode_vp(data, size, pieces[(set >> 2) & 7], (set >> 5) * 3);
		break;
	case 3:
		mode_remoted(data, size, set);
		break;
	case 1:
		mode_mux(data, size, pieces[(set >> 2) & 7]);
		break;
	case 2:
		mode_link(data, size, pieces[(set >> 2) & 7], set >> 5);
		break;
	}
	return 0;
}
