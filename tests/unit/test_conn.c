/*
 * test_conn.c: line connections over a socketpair: lines cut anywhere
 * arrive whole, over-long lines arrive cut and flagged, pausing holds
 * lines in order, a peer that does not read is dropped at the queue
 * limit, finish sends what is queued and then closes, and the owner may
 * free the connection from inside its callbacks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctrl/conn.h"
#include "tap.h"

struct rec {
	char    lines[64][128];
	int     long_[64];
	int     n;
	int     eofs, closed, closed_err, drained;
	int     pause_on;     /* pause after this line number (1-based) */
	int     free_on;      /* free the connection at this line */
	int     finish_on;    /* reply and finish at this line */
	ctrl_conn *c;
	ctrl_loop *l;
};

static void on_line(ctrl_conn *c, char *line, size_t len, int too_long,
                    void *arg)
{
	struct rec *r = arg;

	if (r->n < 64) {
		size_t k = len < 127 ? len : 127;
		memcpy(r->lines[r->n], line, k);
		r->lines[r->n][k] = '\0';
		r->long_[r->n] = too_long;
		if (strlen(line) != len)
			r->long_[r->n] = -1; /* not NUL-terminated at len */
	}
	r->n++;
	if (r->n == r->pause_on)
		ctrl_conn_pause(c, 1);
	if (r->n == r->free_on) {
		ctrl_conn_free(c);
		r->c = NULL;
		ctrl_loop_stop(r->l);
	}
	if (r->n == r->finish_on) {
		ctrl_conn_write(c, "BYE\n", 4);
		ctrl_conn_finish(c);
	}
}

static void on_eof(ctrl_conn *c, void *arg)
{
	struct rec *r = arg;
	(void)c;
	r->eofs++;
	ctrl_loop_stop(r->l);
}

static void on_closed(ctrl_conn *c, int err, void *arg)
{
	struct rec *r = arg;
	r->closed++;
	r->closed_err = err;
	ctrl_conn_free(c);
	r->c = NULL;
	ctrl_loop_stop(r->l);
}

static void on_drained(ctrl_conn *c, void *arg)
{
	struct rec *r = arg;
	(void)c;
	r->drained++;
}

static const struct ctrl_conn_ops ops = {
	.line = on_line, .eof = on_eof, .closed = on_closed,
	.drained = on_drained,
};

static void setup(struct rec *r, int sv[2], size_t max_line,
                  size_t max_queue)
{
	struct ctrl_conn_limits lim = { max_line, max_queue };

	memset(r, 0, sizeof(*r));
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	r->l = ctrl_loop_new();
	r->c = ctrl_conn_new(r->l, sv[0], &ops, r, &lim);
}

static void teardown(struct rec *r, int sv[2])
{
	if (r->c != NULL)
		ctrl_conn_free(r->c);
	close(sv[1]);
	ctrl_loop_free(r->l);
}

/* run the loop until it stops or nothing happens for 100 ms */
static void spin(struct rec *r)
{
	for (int i = 0; i < 50; i++)
		if (ctrl_loop_once(r->l, 2000) != 0)
			break;
}

static void test_lines(void)
{
	struct rec r;
	int sv[2];
	const char *parts[] = {
		"get ver", "sion\r\nattach\n\nping -c 1 ", "192.0.2.1\n",
		"partial",
	};

	setup(&r, sv, 0, 0);
	for (size_t i = 0; i < 4; i++) {
		ssize_t w = write(sv[1], parts[i], strlen(parts[i]));
		(void)w;
		spin(&r);
	}
	is_int(r.n, 4, "four complete lines so far");
	is_str(r.lines[0], "get version", "a line cut across writes, CR gone");
	is_str(r.lines[1], "attach", "second line");
	is_str(r.lines[2], "", "an empty line is a line");
	is_str(r.lines[3], "ping -c 1 192.0.2.1", "fourth line");
	ok(r.long_[0] == 0 && r.long_[3] == 0, "not flagged, NUL-terminated");
	shutdown(sv[1], SHUT_WR);
	ctrl_loop_run(r.l);
	is_int(r.n, 5, "the partial last line arrives at EOF");
	is_str(r.lines[4], "partial", "as it was");
	is_int(r.eofs, 1, "then eof");
	ok(ctrl_conn_write(r.c, "OK\n", 3) == 0, "writing after eof works");
	{
		char buf[8];
		ssize_t n = read(sv[1], buf, sizeof(buf));
		ok(n == 3 && memcmp(buf, "OK\n", 3) == 0, "peer reads it");
	}
	teardown(&r, sv);
}

static void test_long(void)
{
	struct rec r;
	int sv[2];
	char *big = malloc(100000);
	ssize_t w;

	setup(&r, sv, 100, 0);
	memset(big, 'x', 100000);
	memcpy(big + 99990, "\nnext\n", 6);
	for (size_t off = 0; off < 99996; off += 7000) {
		size_t n = 99996 - off < 7000 ? 99996 - off : 7000;
		w = write(sv[1], big + off, n);
		(void)w;
		spin(&r);
	}
	is_int(r.n, 2, "a 99,990-byte line and a short one: two lines");
	is_int((int)strlen(r.lines[0]), 100 < 127 ? 100 : 127,
	       "the long one cut to max_line");
	is_int(r.long_[0], 1, "and flagged too long");
	is_str(r.lines[1], "next", "the next line is whole");
	is_int(r.long_[1], 0, "and not flagged");

	/* exactly max_line is not too long; one more is */
	memset(big, 'y', 101);
	big[100] = '\n';
	w = write(sv[1], big, 101);
	memset(big, 'z', 102);
	big[101] = '\n';
	w = write(sv[1], big, 102);
	(void)w;
	spin(&r);
	is_int(r.n, 4, "two more lines");
	ok(r.long_[2] == 0 && r.long_[3] == 1,
	   "100 bytes is fine, 101 is too long");
	teardown(&r, sv);
	free(big);
}

static void test_pause(void)
{
	struct rec r;
	int sv[2];
	ssize_t w;

	setup(&r, sv, 0, 0);
	r.pause_on = 1;
	w = write(sv[1], "one\ntwo\nthr", 11);
	(void)w;
	spin(&r);
	is_int(r.n, 1, "paused after the first line: one delivered");
	w = write(sv[1], "ee\nfour\n", 8);
	spin(&r);
	is_int(r.n, 1, "nothing more while paused");
	ctrl_conn_pause(r.c, 0);
	spin(&r);
	is_int(r.n, 4, "resumed: the rest arrive");
	ok(strcmp(r.lines[1], "two") == 0 && strcmp(r.lines[2], "three") == 0
	   && strcmp(r.lines[3], "four") == 0, "in order and whole");
	teardown(&r, sv);
}

static void test_slow_reader(void)
{
	struct rec r;
	int sv[2], rc = 0, n = 0, errno_ = 0;
	char chunk[4096];

	setup(&r, sv, 0, 64 * 1024);
	memset(chunk, 'd', sizeof(chunk));
	/* the peer never reads: the socket fills, then the queue */
	while (n < 10000 && (rc = ctrl_conn_write(r.c, chunk, 4096)) == 0)
		n++;
	errno_ = errno;
	ok(rc == -1 && errno_ == ENOBUFS, "write refused at the queue limit");
	ok(ctrl_conn_queued(r.c) <= 64 * 1024, "queue bounded (%zu bytes)",
	   ctrl_conn_queued(r.c));
	ctrl_loop_run(r.l);
	is_int(r.closed, 1, "then the connection is closed");
	is_int(r.closed_err, ENOBUFS, "with ENOBUFS");
	teardown(&r, sv);
}

static void test_finish(void)
{
	struct rec r;
	int sv[2];
	char buf[65536];
	size_t got = 0;
	ssize_t k;
	char *big = malloc(300000);

	setup(&r, sv, 0, 0);
	memset(big, 'q', 300000);
	r.finish_on = 1;
	ok(ctrl_conn_write(r.c, big, 300000) == 0, "300 kB queued");
	k = write(sv[1], "done\n", 5);
	(void)k;
	/* read as the loop sends, until EOF */
	for (int i = 0; i < 2000 && !r.closed; i++) {
		ctrl_loop_once(r.l, 1000);
		while ((k = recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT)) > 0)
			got += (size_t)k;
	}
	while ((k = recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		got += (size_t)k;
	is_int(got, 300004, "everything queued and BYE arrived before close");
	is_int(r.closed, 1, "closed once after the queue emptied");
	is_int(r.closed_err, 0, "cleanly");
	k = recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT);
	is_int(k, 0, "peer sees EOF");
	ok(r.drained == 0 || r.drained == 1, "drained at most once");
	teardown(&r, sv);
	free(big);
}

static void test_free_inside(void)
{
	struct rec r;
	int sv[2];
	ssize_t w;

	setup(&r, sv, 0, 0);
	r.free_on = 2;
	w = write(sv[1], "a\nb\nc\nd\n", 8);
	(void)w;
	ctrl_loop_run(r.l);
	is_int(r.n, 2, "freed inside the second line: no more lines");
	w = send(sv[1], "x", 1, MSG_NOSIGNAL);
	ok(w == -1, "its socket is closed");
	close(sv[1]);
	ctrl_loop_free(r.l);
}

static void test_peer_gone(void)
{
	struct rec r;
	int sv[2];
	char chunk[4096];
	int rc = 0;

	setup(&r, sv, 0, 16u << 20);
	memset(chunk, 'e', sizeof(chunk));
	close(sv[1]);
	sv[1] = socket(AF_UNIX, SOCK_STREAM, 0); /* for teardown */
	for (int i = 0; i < 10 && rc == 0; i++)
		rc = ctrl_conn_write(r.c, chunk, sizeof(chunk));
	ok(rc == -1 && errno == EPIPE, "writing to a vanished peer: EPIPE");
	ctrl_loop_run(r.l);
	is_int(r.closed + r.eofs >= 1, 1, "and the owner hears of it");
	teardown(&r, sv);
}

/* raw mode: bytes arrive unchanged, newlines and NULs included, and a
 * pause from inside the callback stops further reads */
struct rawrec {
	char    got[70000];
	size_t  len;
	int     calls, pause_at, closed;
	ctrl_loop *l;
};

static void raw_data(ctrl_conn *c, char *data, size_t len, void *arg)
{
	struct rawrec *r = arg;
	if (r->len + len <= sizeof(r->got)) {
		memcpy(r->got + r->len, data, len);
		r->len += len;
	}
	r->calls++;
	if (r->calls == r->pause_at) {
		ctrl_conn_pause(c, 1);
		ctrl_loop_stop(r->l);
	}
}

static void raw_closed(ctrl_conn *c, int err, void *arg)
{
	struct rawrec *r = arg;
	(void)c;
	(void)err;
	r->closed++;
	ctrl_loop_stop(r->l);
}

static void test_raw(void)
{
	static const struct ctrl_conn_ops rops = {
		.closed = raw_closed,
	};
	static struct rawrec r;
	static char big[40000];
	struct ctrl_conn_limits lim = { 16, 0 };
	int sv[2];
	ctrl_conn *c;
	ssize_t w;

	memset(&r, 0, sizeof(r));
	r.l = ctrl_loop_new();
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	c = ctrl_conn_new(r.l, sv[0], &rops, &r, &lim);
	ctrl_conn_set_raw(c, raw_data);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);   /* NULs and newlines among them */
	w = write(sv[1], big, sizeof(big));
	ok(w == (ssize_t)sizeof(big), "wrote 40000 raw bytes");
	close(sv[1]);
	ctrl_loop_run(r.l);
	is_int(r.len, sizeof(big), "raw mode: every byte arrives "
	       "(max_line does not cut)");
	ok(memcmp(r.got, big, sizeof(big)) == 0, "raw mode: unchanged");
	is_int(r.closed, 1, "raw mode: the end is reported");
	ctrl_conn_free(c);

	/* pause in the first callback: the rest waits in the socket */
	{
		ctrl_loop *l = r.l;
		memset(&r, 0, sizeof(r));
		r.l = l;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	r.pause_at = 1;
	c = ctrl_conn_new(r.l, sv[0], &rops, &r, NULL);
	ctrl_conn_set_raw(c, raw_data);
	w = write(sv[1], "one", 3);
	(void)w;
	ctrl_loop_run(r.l);
	w = write(sv[1], "two", 3);
	for (int i = 0; i < 3; i++)
		ctrl_loop_once(r.l, 20000);   /* stopped: returns at once */
	is_int(r.len, 3, "raw mode: paused, nothing more is read");
	r.pause_at = 2;
	ctrl_conn_pause(c, 0);
	ctrl_loop_run(r.l);
	is_int(r.len, 6, "raw mode: resumed, the rest arrives");
	ok(memcmp(r.got, "onetwo", 6) == 0, "raw mode: in order");
	ctrl_conn_free(c);
	close(sv[1]);
	ctrl_loop_free(r.l);
}

/* partial(): a last line cut short is told apart from a whole one */
struct partrec {
	char    lines[4][32];
	int     n;
	char    cut[32];
	size_t  cutlen;
	int     partials, eofs;
	ctrl_loop *l;
};

static void part_line(ctrl_conn *c, char *line, size_t len, int too_long,
                      void *arg)
{
	struct partrec *r = arg;
	(void)c;
	(void)too_long;
	if (r->n < 4)
		snprintf(r->lines[r->n], sizeof(r->lines[0]), "%.*s",
		         (int)len, line);
	r->n++;
}

static void part_cut(ctrl_conn *c, char *data, size_t len, void *arg)
{
	struct partrec *r = arg;
	(void)c;
	r->partials++;
	r->cutlen = len;
	snprintf(r->cut, sizeof(r->cut), "%s", data);
}

static void part_eof(ctrl_conn *c, void *arg)
{
	struct partrec *r = arg;
	(void)c;
	r->eofs++;
	ctrl_loop_stop(r->l);
}

static void test_partial(void)
{
	static const struct ctrl_conn_ops pops = {
		.line = part_line, .eof = part_eof, .closed = on_closed,
		.partial = part_cut,
	};
	struct partrec r;
	int sv[2];
	ctrl_conn *c;
	ssize_t w;

	memset(&r, 0, sizeof(r));
	r.l = ctrl_loop_new();
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	c = ctrl_conn_new(r.l, sv[0], &pops, &r, NULL);
	w = write(sv[1], "whole\ncut sh", 12);
	(void)w;
	shutdown(sv[1], SHUT_WR);
	ctrl_loop_run(r.l);
	is_int(r.n, 1, "partial(): only the whole line goes to line()");
	is_str(r.lines[0], "whole", "partial(): that line");
	is_int(r.partials, 1, "partial(): the cut one goes to partial()");
	ok(r.cutlen == 6 && strcmp(r.cut, "cut sh") == 0,
	   "partial(): its bytes, NUL-terminated");
	is_int(r.eofs, 1, "partial(): then eof");
	ctrl_conn_free(c);
	close(sv[1]);
	ctrl_loop_free(r.l);
}

int main(void)
{
	test_lines();
	test_long();
	test_pause();
	test_slow_reader();
	test_finish();
	test_free_inside();
	test_peer_gone();
	test_raw();
	test_partial();
	return done_testing();
}
