/*
 * test_rlink.c: two remote-protocol links (ctrl/rlink.h) over a
 * socketpair in one loop: the MASTER exchange before a session, channel
 * data acknowledged one by one, keepalives after silence on the sending
 * side, the dead-link timer, a sequence error closing only with a reason,
 * and a session resumed over a new socketpair with its unacknowledged
 * messages sent again; a VP that attaches its session from the
 * MASTER_OK callback, with the controller's data right behind it in the
 * same read (as the prober's -R does).  Timers are shortened to
 * milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctrl/rlink.h"
#include "tap.h"

struct end {
	const char        *who;
	ctrl_rlink        *k;
	struct ctrl_rsess  s;
	int                ctl[16], nctl;
	char               data[4096];
	size_t             dlen;
	int                acked, closed;
	char               why[256];
	ctrl_loop         *l;
	int                stop_on_close;
	int                attach_on;   /* attach s on this type (+1) */
};

static void on_control(ctrl_rlink *k, const struct ctrl_rmsg *m, void *arg)
{
	struct end *e = arg;
	if (e->nctl < 16)
		e->ctl[e->nctl++] = m->type;
	if (e->attach_on == (int)m->type + 1)
		ctrl_rlink_attach(k, &e->s);
}

static void on_data(ctrl_rlink *k, uint32_t ch, const uint8_t *p, size_t n,
                    void *arg)
{
	struct end *e = arg;
	(void)k;
	(void)ch;
	if (e->dlen + n < sizeof(e->data)) {
		memcpy(e->data + e->dlen, p, n);
		e->dlen += n;
	}
}

static void on_acked(ctrl_rlink *k, void *arg)
{
	struct end *e = arg;
	(void)k;
	e->acked++;
}

static void on_closed(ctrl_rlink *k, const char *why, void *arg)
{
	struct end *e = arg;
	e->closed++;
	snprintf(e->why, sizeof(e->why), "%s", why);
	ctrl_rlink_free(k);
	e->k = NULL;
	if (e->stop_on_close)
		ctrl_loop_stop(e->l);
}

static const struct ctrl_rlink_ops ops = {
	.control = on_control, .data = on_data, .acked = on_acked,
	.closed = on_closed,
};

static const struct ctrl_rlink_limits fast = {
	.keepalive_us = 30000, .dead_us = 200000, .first_us = 100000,
};

static void stop_cb(ctrl_loop *l, void *arg)
{
	(void)arg;
	ctrl_loop_stop(l);
}

/* run the loop for usec */
static void run_for(ctrl_loop *l, uint64_t usec)
{
	ctrl_timer t;
	ctrl_timer_init(&t, stop_cb, NULL);
	ctrl_timer_after(l, &t, usec);
	ctrl_loop_run(l);
	ctrl_timer_cancel(l, &t);
}

static void pair(ctrl_loop *l, struct end *a, struct end *b)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	a->l = b->l = l;
	a->k = ctrl_rlink_new(l, sv[0], NULL, &ops, a, &fast);
	b->k = ctrl_rlink_new(l, sv[1], NULL, &ops, b, &fast);
}

static void test_basic(void)
{
	ctrl_loop *l = ctrl_loop_new();
	static struct end vp, rd;
	struct ctrl_rmsg m;

	memset(&vp, 0, sizeof(vp));
	memset(&rd, 0, sizeof(rd));
	pair(l, &vp, &rd);
	ok(vp.k && rd.k, "two links on a socketpair");

	/* before a session only control messages pass */
	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_MASTER_NEW;
	m.magic_len = 8;
	memcpy(m.magic, "abcdefgh", 8);
	ok(ctrl_rlink_send_control(vp.k, &m) == 0, "MASTER_NEW sent");
	ok(ctrl_rlink_send_data(vp.k, 1, "x", 1) == -1, "no data without a "
	   "session");
	run_for(l, 10000);
	ok(rd.nctl == 1 && rd.ctl[0] == CTRL_RMSG_MASTER_NEW,
	   "controller got MASTER_NEW");

	ctrl_rlink_attach(vp.k, &vp.s);
	ctrl_rlink_attach(rd.k, &rd.s);
	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_CHANNEL_NEW;
	m.channel = 1;
	ok(ctrl_rlink_send_control(rd.k, &m) == 0, "CHANNEL_NEW sent");
	ok(rd.s.pend_count == 1, "and kept until acknowledged");
	ctrl_rlink_send_data(vp.k, 1, "MORE\n", 5);
	ctrl_rlink_send_data(vp.k, 1, "DATA 3\n", 7);
	run_for(l, 10000);
	ok(vp.nctl == 1 && vp.ctl[0] == CTRL_RMSG_CHANNEL_NEW,
	   "VP got CHANNEL_NEW");
	ok(rd.s.pend_count == 0 && rd.acked == 1, "and acknowledged it");
	is_int(rd.dlen, 12, "controller got both data messages");
	ok(memcmp(rd.data, "MORE\nDATA 3\n", 12) == 0, "unchanged");
	ok(vp.s.pend_count == 0 && vp.acked == 2, "each acknowledged");
	ok(vp.s.snd_nxt == 2 && rd.s.rcv_nxt == 2 && rd.s.snd_nxt == 1 &&
	   vp.s.rcv_nxt == 1, "sequence state agrees");

	/* silence: keepalives flow both ways, nobody is declared dead */
	run_for(l, 400000);
	ok(vp.closed == 0 && rd.closed == 0, "400 ms idle with 30 ms "
	   "keepalives and a 200 ms dead timer: both alive");
	ok(vp.s.rcv_nxt == 1 && rd.s.rcv_nxt == 2, "keepalives consumed no "
	   "sequence");

	/* a frame out of sequence: fatal, with the numbers */
	{
		uint8_t f[15];
		struct ctrl_rhdr h = { 9, 1, 5 };
		ctrl_rhdr_put(f, &h);
		memcpy(f + 10, "oops\n", 5);
		if (write(ctrl_rlink_fd(vp.k), f, 15) != 15)
			abort();
	}
	rd.stop_on_close = 1;
	run_for(l, 100000);
	ok(rd.closed == 1, "controller closed the link");
	is_str(rd.why, "sequence out of order: 9 where 2 was expected",
	       "with the reason");
	run_for(l, 50000);
	ok(vp.closed == 1, "the VP sees the close (%s)", vp.why);
	ctrl_rsess_clear(&vp.s);
	ctrl_rsess_clear(&rd.s);
	ctrl_loop_free(l);
}

static void test_dead_and_garbage(void)
{
	ctrl_loop *l = ctrl_loop_new();
	static struct end a;
	int sv[2];

	memset(&a, 0, sizeof(a));
	a.l = l;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	a.k = ctrl_rlink_new(l, sv[0], NULL, &ops, &a, &fast);
	a.stop_on_close = 1;
	run_for(l, 500000);
	ok(a.closed == 1, "a silent peer is dropped");
	is_str(a.why, "no message received in 0 s", "after first_us");

	memset(&a, 0, sizeof(a));
	a.l = l;
	a.k = ctrl_rlink_new(l, dup(sv[1]), NULL, &ops, &a, &fast);
	ctrl_rlink_attach(a.k, &a.s);
	{
		int s2[2];
		uint8_t z[10] = { 0 };
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, s2) != 0)
			abort();
		ctrl_rlink_free(a.k);
		a.k = ctrl_rlink_new(l, s2[0], NULL, &ops, &a, &fast);
		if (write(s2[1], z, 10) != 10)
			abort();
		a.stop_on_close = 1;
		run_for(l, 100000);
		ok(a.closed == 1, "a zero-length frame closes the link");
		is_str(a.why, "bad frame: frame of length 0", "saying why");
		close(s2[1]);
	}
	close(sv[1]);
	ctrl_loop_free(l);
}

/* A link that stops reading for longer than dead_us is not given up
 * for dead: the peer's keepalives wait unread.  Read again, it lives.
 * (A silent peer is still dropped: test_dead_and_garbage.) */
static void test_paused(void)
{
	ctrl_loop *l = ctrl_loop_new();
	static struct end a, b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	pair(l, &a, &b);
	ctrl_rlink_attach(a.k, &a.s);
	ctrl_rlink_attach(b.k, &b.s);
	run_for(l, 50000);
	ctrl_rlink_pause(a.k, 1);
	run_for(l, 3 * fast.dead_us);
	is_int(a.closed, 0, "paused three times dead_us: not closed");
	is_int(b.closed, 0, "and its peer, hearing its keepalives, neither");
	ctrl_rlink_pause(a.k, 0);
	run_for(l, 50000);
	ok(a.k != NULL && a.closed == 0, "read again: alive");
	ctrl_rlink_free(a.k);
	ctrl_rlink_free(b.k);
	ctrl_loop_free(l);
}

static void test_resume(void)
{
	ctrl_loop *l = ctrl_loop_new();
	static struct end vp, rd;
	const char *err;

	memset(&vp, 0, sizeof(vp));
	memset(&rd, 0, sizeof(rd));
	pair(l, &vp, &rd);
	ctrl_rlink_attach(vp.k, &vp.s);
	ctrl_rlink_attach(rd.k, &rd.s);
	ctrl_rlink_send_data(vp.k, 1, "one\n", 4);
	run_for(l, 10000);
	ok(vp.s.pend_count == 0, "first message acknowledged");

	/* the connection drops with two messages in flight each way:
	 * sever it before they are read */
	ctrl_rlink_pause(rd.k, 1);
	ctrl_rlink_pause(vp.k, 1);
	run_for(l, 5000);
	ctrl_rlink_send_data(vp.k, 1, "two\n", 4);
	ctrl_rlink_send_data(vp.k, 1, "three\n", 6);
	ctrl_rlink_send_data(rd.k, 1, "ping\n", 5);
	ctrl_rlink_free(vp.k);
	ctrl_rlink_free(rd.k);
	ok(vp.s.pend_count == 2 && rd.s.pend_count == 1, "sessions hold what "
	   "was not acknowledged");

	/* reconnect: VP says rcv_nxt/snd_una/snd_nxt, controller checks */
	pair(l, &vp, &rd);
	ok(ctrl_rsess_resume_rx(&rd.s, ctrl_rsess_snd_una(&vp.s),
	                        vp.s.snd_nxt, &err) == 0,
	   "controller accepts the VP's window");
	ok(ctrl_rsess_resume_tx(&rd.s, vp.s.rcv_nxt, &err) == 0,
	   "controller drops what the VP has");
	ok(ctrl_rsess_resume_tx(&vp.s, rd.s.rcv_nxt, &err) == 0,
	   "VP drops what the controller has (MASTER_OK)");
	ctrl_rlink_attach(vp.k, &vp.s);
	ctrl_rlink_attach(rd.k, &rd.s);
	ok(ctrl_rlink_retransmit(vp.k) == 0 &&
	   ctrl_rlink_retransmit(rd.k) == 0, "both retransmit");
	run_for(l, 20000);
	is_int(rd.dlen, 14, "the controller has every message once");
	ok(memcmp(rd.data, "one\ntwo\nthree\n", 14) == 0, "in order");
	ok(vp.dlen == 5 && memcmp(vp.data, "ping\n", 5) == 0,
	   "the VP got the command once");
	ok(vp.s.pend_count == 0 && rd.s.pend_count == 0, "all acknowledged");
	ctrl_rlink_free(vp.k);
	ctrl_rlink_free(rd.k);
	ctrl_rsess_clear(&vp.s);
	ctrl_rsess_clear(&rd.s);
	ctrl_loop_free(l);
}

static void test_queue_limit(void)
{
	ctrl_loop *l = ctrl_loop_new();
	static struct end a;
	struct ctrl_rlink_limits lim = fast;
	static uint8_t big[60000];
	int sv[2], rc = 0;

	memset(&a, 0, sizeof(a));
	a.l = l;
	lim.max_queue = 100000;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	a.k = ctrl_rlink_new(l, sv[0], NULL, &ops, &a, &lim);
	ctrl_rlink_attach(a.k, &a.s);
	for (int i = 0; i < 100 && rc == 0; i++)
		rc = ctrl_rlink_send_data(a.k, 1, big, sizeof(big));
	ok(rc == -1, "a peer that does not read: sending fails at the limit");
	a.stop_on_close = 1;
	run_for(l, 100000);
	ok(a.closed == 1 && strstr(a.why, "output queue full") != NULL,
	   "and the link closes: %s", a.why);
	close(sv[1]);
	ctrl_rsess_clear(&a.s);
	ctrl_loop_free(l);
}

/*
 * The VP's side of a resume: MASTER_RES out, then MASTER_OK and the
 * controller's retransmitted data in one write.  The session is attached
 * from the MASTER_OK callback; the frames behind it in the same read are
 * then sequenced channel data (longer than any control message).
 */
static void test_attach_in_callback(void)
{
	ctrl_loop *l = ctrl_loop_new();
	static struct end vp;
	static uint8_t buf[64 + 1200];
	struct ctrl_rmsg m;
	struct ctrl_rhdr h;
	size_t n;
	int sv[2];
	char rd[64];
	ssize_t got;

	memset(&vp, 0, sizeof(vp));
	vp.l = l;
	vp.s.rcv_nxt = 7;            /* the session so far */
	vp.s.snd_nxt = 3;
	vp.attach_on = CTRL_RMSG_MASTER_OK + 1;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	vp.k = ctrl_rlink_new(l, sv[0], NULL, &ops, &vp, &fast);

	memset(&m, 0, sizeof(m));
	m.type = CTRL_RMSG_MASTER_OK;
	m.rcv_nxt = 3;
	n = ctrl_rsess_control(&vp.s, &m, buf);   /* seq 0: any state */
	h.seq = 7;
	h.channel = 1;
	h.len = 1200;
	ctrl_rhdr_put(buf + n, &h);
	memset(buf + n + CTRL_RHDR_LEN, 'x', 1200);
	n += CTRL_RHDR_LEN + 1200;
	ok(write(sv[1], buf, n) == (ssize_t)n, "MASTER_OK and 1200 bytes of "
	   "data for channel 1 in one write");
	run_for(l, 20000);
	ok(vp.closed == 0, "the link stays up (%s)", vp.why);
	ok(vp.nctl == 1 && vp.ctl[0] == CTRL_RMSG_MASTER_OK,
	   "MASTER_OK delivered before a session");
	is_int(vp.dlen, 1200, "the data behind it delivered once the session "
	       "was attached in the callback");
	is_int(vp.s.rcv_nxt, 8, "and sequenced");
	got = recv(sv[1], rd, sizeof(rd), MSG_DONTWAIT);
	ok(got >= 15 && rd[10] == CTRL_RMSG_ACK && rd[14] == 7,
	   "and acknowledged (ACK 7 first)");
	ctrl_rlink_free(vp.k);
	close(sv[1]);
	ctrl_rsess_clear(&vp.s);
	ctrl_loop_free(l);
}

int main(void)
{
	test_basic();
	test_dead_and_garbage();
	test_paused();
	test_resume();
	test_queue_limit();
	test_attach_in_callback();
	return done_testing();
}
