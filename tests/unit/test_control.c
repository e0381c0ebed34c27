/*
 * test_control.c: the control socket's commands and attached mode,
 * without a network: clients on socketpairs adopted by a control socket
 * whose prober sends into a fake net (tests/fake/net_fake.c), so every
 * measurement ends by its timeout or by being halted.
 *
 * Every reply text of control-remote.md 1.4 and 1.5, as ours defines
 * them; the warts and JSON streams (list, cycle start, results, cycle
 * stop) and their DATA headers in both dialects; halt, done, MORE; and
 * the limits: long lines, bytes that are not printable, a client that
 * floods commands, one that does not read, one that vanishes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "control/control.h"
#include "ctrl/loop.h"
#include "ctrl/proto.h"
#include "net/net.h"
#include "prober.h"
#include "tap.h"

#ifndef WARTS_VERSION_STR
#define WARTS_VERSION_STR "unknown"
#endif

struct h {
	ctrl_loop      *l;
	struct net     *n;
	struct prober   p;
	struct control *ctl;
};

struct cl {
	int    fd;
	char  *buf;
	size_t len, cap, off;
	int    eof;
};

static struct cl *clients[16];
static int nclients;

static void h_init(struct h *h, const struct control_opts *co)
{
	struct prober_opts po;
	char err[128];

	memset(h, 0, sizeof(*h));
	memset(&po, 0, sizeof(po));
	po.pps = 1000;
	h->l = ctrl_loop_new();
	h->n = net_open(1, 1, err, sizeof(err));
	prober_init(&h->p, h->l, h->n, NULL, &po);
	h->ctl = control_new(co);
	control_start(h->ctl, &h->p);
}

static void h_fini(struct h *h)
{
	control_free(h->ctl);
	prober_fini(&h->p);
	net_close(h->n);
	ctrl_loop_free(h->l);
	for (int i = 0; i < nclients; i++) {
		if (clients[i]->fd >= 0)
			close(clients[i]->fd);
		free(clients[i]->buf);
		free(clients[i]);
	}
	nclients = 0;
}

/* A client on a socketpair; sndbuf > 0 shrinks the server's buffers. */
static struct cl *connect_client(struct h *h, const char *name, int sndbuf)
{
	int sv[2];
	struct cl *c = calloc(1, sizeof(*c));
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	if (sndbuf > 0) {
		setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf,
		           sizeof(sndbuf));
		setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &sndbuf,
		           sizeof(sndbuf));
	}
	fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
	if (control_adopt(h->ctl, sv[0], name) != 0)
		abort();
	c->fd = sv[1];
	clients[nclients++] = c;
	return c;
}

static void cl_read(struct cl *c)
{
	for (;;) {
		ssize_t r;
		if (c->cap - c->len < 65536) {
			c->cap = c->cap ? c->cap * 2 : 131072;
			c->buf = realloc(c->buf, c->cap);
		}
		r = read(c->fd, c->buf + c->len, c->cap - c->len - 1);
		if (r > 0) {
			c->len += (size_t)r;
			continue;
		}
		if (r == 0)
			c->eof = 1;
		return;
	}
}

/* Run the loop for ms milliseconds, reading every client but skip. */
static void pump(struct h *h, unsigned ms, struct cl *skip)
{
	uint64_t end = ctrl_loop_refresh(h->l) + (uint64_t)ms * 1000;
	do {
		ctrl_loop_once(h->l, 1000);
		for (int i = 0; i < nclients; i++)
			if (clients[i] != skip && clients[i]->fd >= 0)
				cl_read(clients[i]);
	} while (ctrl_loop_refresh(h->l) < end);
}

static void cl_send(struct cl *c, const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		ssize_t w = write(c->fd, s, n);
		if (w < 0 && errno == EAGAIN)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* The next line (without its newline), waiting up to 3 s; NULL if none. */
static const char *next_line(struct h *h, struct cl *c)
{
	static char line[2048];
	for (int tries = 0; tries < 300; tries++) {
		char *nl = c->off < c->len ?
		           memchr(c->buf + c->off, '\n', c->len - c->off) : NULL;
		if (nl != NULL) {
			size_t n = (size_t)(nl - (c->buf + c->off));
			size_t k = n < sizeof(line) - 1 ? n : sizeof(line) - 1;
			memcpy(line, c->buf + c->off, k);
			line[k] = '\0';
			c->off += n + 1;
			return line;
		}
		if (c->eof)
			return NULL;
		pump(h, 10, NULL);
	}
	return NULL;
}

static void expect(struct h *h, struct cl *c, const char *want)
{
	const char *got = next_line(h, c);
	is_str(got != NULL ? got : "(nothing)", want, "reply: %s", want);
}

static void say(struct h *h, struct cl *c, const char *line,
                const char *want)
{
	char buf[16384];
	snprintf(buf, sizeof(buf), "%s\n", line);
	cl_send(c, buf);
	expect(h, c, want);
}

/* Nothing more arrives within ms. */
static int quiet(struct h *h, struct cl *c, unsigned ms)
{
	pump(h, ms, NULL);
	return c->off == c->len;
}

/* The connection was closed after everything was read. */
static int closed(struct h *h, struct cl *c)
{
	for (int i = 0; i < 300 && !c->eof; i++)
		pump(h, 10, NULL);
	return c->eof && c->off == c->len;
}

/*
 * A DATA block: its header parsed into *hdr, its payload decoded (warts:
 * uudecoded; json: as is) into out.  Returns the payload's length, or -1.
 */
static long next_data(struct h *h, struct cl *c, struct ctrl_data_hdr *hdr,
                      char *hline, uint8_t *out, size_t cap, int json)
{
	const char *line = next_line(h, c);
	size_t got = 0, end;

	if (line == NULL || ctrl_data_parse(line, strlen(line), hdr) != 0)
		return -1;
	snprintf(hline, 64, "%s", line);
	for (int i = 0; i < 300 && c->len - c->off < hdr->len; i++)
		pump(h, 10, NULL);
	if (c->len - c->off < hdr->len)
		return -1;
	end = c->off + hdr->len;
	if (json) {
		if (hdr->len > cap)
			return -1;
		memcpy(out, c->buf + c->off, hdr->len);
		c->off = end;
		return (long)hdr->len;
	}
	while (c->off < end) {
		char *nl = memchr(c->buf + c->off, '\n', end - c->off);
		int n;
		if (nl == NULL)
			return -1;
		n = ctrl_uu_decode_line(c->buf + c->off,
		                        (size_t)(nl - (c->buf + c->off)),
		                        out + got);
		c->off = (size_t)(nl - c->buf) + 1;
		if (n < 0 || got + CTRL_UU_LINE_BYTES > cap)
			return -1;
		got += (size_t)n;
	}
	return (long)got;
}

/* A warts DATA block of record type want; its header line in hline. */
static void expect_record(struct h *h, struct cl *c, unsigned want,
                          uint32_t id, const char *what)
{
	struct ctrl_data_hdr hdr;
	uint8_t rec[65536];
	char hline[64] = "";
	long n = next_data(h, c, &hdr, hline, rec, sizeof(rec), 0);
	ok(n >= 8 && rec[0] == 0x12 && rec[1] == 0x05 &&
	   (unsigned)(rec[2] << 8 | rec[3]) == want &&
	   (long)(8 + ((uint32_t)rec[4] << 24 | rec[5] << 16 | rec[6] << 8 |
	               rec[7])) == n && hdr.id == id,
	   "%s: a warts record of type %u, id %u (%s)", what, want, id,
	   hline);
}

/* ---- interactive ------------------------------------------------------ */

static void test_interactive(void)
{
	struct h h;
	struct cl *c;
	char line[9100], want[256];
	const char *l;

	h_init(&h, NULL);
	c = connect_client(&h, "127.0.0.1:1", 0);

	say(&h, c, "get version", "OK version " WARTS_VERSION_STR);
	say(&h, c, "GET VERSION", "OK version " WARTS_VERSION_STR);
	say(&h, c, "get version\r", "OK version " WARTS_VERSION_STR);
	cl_send(c, "\n\n   \n");
	ok(quiet(&h, c, 30), "empty lines get no reply");
	snprintf(want, sizeof(want), "OK pid %ld", (long)getpid());
	say(&h, c, "get pid", want);

	say(&h, c, "get pps", "OK pps 1000");
	say(&h, c, "set pps 50", "OK pps 50");
	say(&h, c, "get pps", "OK pps 50");
	is_int(h.p.opts.pps, 50, "set pps changes the prober's rate");
	say(&h, c, "set pps 0", "ERR pps: 0 out of range (1, 1000000)");
	say(&h, c, "set pps 1000001",
	    "ERR pps: 1000001 out of range (1, 1000000)");
	say(&h, c, "set pps x", "ERR set pps argument is not an integer");
	say(&h, c, "set pps 5x", "ERR set pps argument is not an integer");
	say(&h, c, "set pps", "ERR set pps requires argument");
	say(&h, c, "get window", "OK window 0/0");
	say(&h, c, "set window 5", "OK window 5");
	say(&h, c, "get window", "OK window 0/5");
	say(&h, c, "set window 65536",
	    "ERR window: 65536 out of range (0, 65535)");

	say(&h, c, "get monitorname", "OK null monitorname");
	say(&h, c, "set monitorname foo.bar", "OK");
	say(&h, c, "get monitorname", "OK monitorname foo.bar");
	say(&h, c, "set monitorname \"a b\"", "ERR could not set monitorname");
	say(&h, c, "get command", "OK null command");
	say(&h, c, "set command ping -c 2", "OK");
	say(&h, c, "get command", "OK command ping -c 2");
	say(&h, c, "set command bogus -x", "ERR could not set command");
	say(&h, c, "get nameserver", "OK null nameserver");
	say(&h, c, "set nameserver 192.0.2.53", "OK");
	say(&h, c, "get nameserver", "OK nameserver 192.0.2.53");
	say(&h, c, "set nameserver nowhere", "ERR could not set nameserver");

	say(&h, c, "get", "ERR usage: get [command | monitorname | "
	    "nameserver | pid | pps | version | window]");
	say(&h, c, "get foo", "ERR unhandled get command 'foo'");
	say(&h, c, "set", "ERR usage: set [command | monitorname | "
	    "nameserver | pps | window]");
	say(&h, c, "Set Foo", "ERR unhandled set command 'Foo'");

	/* help is real: INFO lines, then OK */
	cl_send(c, "help\n");
	l = next_line(&h, c);
	ok(l != NULL && strncmp(l, "INFO ", 5) == 0, "help begins with INFO");
	{
		int n = 0, attach = 0;
		while ((l = next_line(&h, c)) != NULL &&
		       strncmp(l, "INFO", 4) == 0) {
			n++;
			attach |= strstr(l, "attach") != NULL;
		}
		ok(l != NULL && strcmp(l, "OK") == 0 && n >= 7 && attach,
		   "help lists the commands (%d lines), then OK", n);
	}
	cl_send(c, "HELP attach\n");
	l = next_line(&h, c);
	ok(l != NULL && strncmp(l, "INFO attach", 11) == 0,
	   "help attach: its usage");
	while ((l = next_line(&h, c)) != NULL && strncmp(l, "INFO", 4) == 0)
		;
	is_str(l, "OK", "help attach ends with OK");
	say(&h, c, "help nosuch", "ERR no help for 'nosuch'");

	say(&h, c, "shutdown", "ERR usage: [cancel | done | flush | now]");
	say(&h, c, "shutdown bogus", "ERR unhandled command 'bogus'");
	say(&h, c, "shutdown done", "OK");
	ok(h.p.exit_when_done, "shutdown done: the prober exits when idle");
	say(&h, c, "SHUTDOWN cancel", "OK");
	ok(!h.p.exit_when_done, "shutdown cancel: it stays");

	say(&h, c, "source", "ERR usage: source [cycle | list]");
	say(&h, c, "source list", "OK");
	say(&h, c, "source foo", "ERR unhandled command 'foo'");
	say(&h, c, "source list nosuch", "ERR no source 'nosuch'");
	say(&h, c, "source cycle nosuch", "ERR no source 'nosuch'");

	say(&h, c, "bogus", "ERR unhandled command 'bogus'");
	say(&h, c, "ping -c 1 192.0.2.1", "ERR unhandled command 'ping'");
	say(&h, c, "\"unterminated", "ERR unterminated quote");

	/* scamper crashes on this; ours quotes 64 characters */
	memset(line, 'x', 600);
	line[600] = '\0';
	snprintf(want, sizeof(want), "ERR unhandled command '%.64s...'", line);
	say(&h, c, line, want);
	/* longer than a line may be: refused, and the next line served */
	memset(line, 'y', 9000);
	line[9000] = '\0';
	say(&h, c, line, "ERR line too long");
	say(&h, c, "get version", "OK version " WARTS_VERSION_STR);

	say(&h, c, "attach format xml", "ERR format must be warts or json");
	say(&h, c, "attach priority 0", "ERR invalid priority");
	say(&h, c, "attach priority 100001", "ERR invalid priority");
	say(&h, c, "attach priority x", "ERR invalid priority");
	say(&h, c, "attach list_id x", "ERR invalid list_id");
	say(&h, c, "attach list_id 4294967296", "ERR invalid list_id");
	say(&h, c, "attach cycle_id -1", "ERR invalid cycle_id");
	say(&h, c, "attach foo bar", "ERR command attach param 'foo' failed");
	say(&h, c, "attach format", "ERR command attach param 'format' "
	    "failed");
	say(&h, c, "attach format json FORMAT warts",
	    "ERR command attach param 'FORMAT' failed");
	say(&h, c, "attach dialect 2022", "ERR dialect must be 2021 or 2026");

	/* exit: closed, no reply */
	cl_send(c, "exit\n");
	ok(closed(&h, c), "exit closes the connection without a reply");
	is_int(control_clients(h.ctl), 0, "the client is gone");

	/* a byte that is not printable: the error, then the end */
	c = connect_client(&h, "127.0.0.1:2", 0);
	cl_send(c, "get ver\001sion\nget version\n");
	expect(&h, c, "ERR invalid character in line");
	ok(closed(&h, c), "then the connection closes, the rest unread");
	h_fini(&h);
}

/* ---- attached: warts -------------------------------------------------- */

static void test_attached(void)
{
	struct h h;
	struct control_opts co;
	struct cl *c, *d;
	const char *l;

	memset(&co, 0, sizeof(co));
	co.command = "trace";
	h_init(&h, &co);
	c = connect_client(&h, "127.0.0.1:3", 0);

	say(&h, c, "get command", "OK command trace");
	say(&h, c, "attach name a1 descr \"two words\" list_id 7", "OK");
	expect(&h, c, "MORE");
	expect_record(&h, c, 1, 0, "the list");
	expect_record(&h, c, 2, 0, "the cycle start");

	say(&h, c, "ping -c 1 -W 20ms 192.0.2.1", "OK id-1");
	expect(&h, c, "MORE");
	expect_record(&h, c, 7, 1, "ping id-1's result");

	cl_send(c, "ping -c 0 192.0.2.1\n");
	l = next_line(&h, c);
	ok(l != NULL && strncmp(l, "ERR command not accepted: -c", 28) == 0,
	   "a bad option: ERR command not accepted: and the parser's "
	   "reason (%s)", l ? l : "nothing");
	say(&h, c, "bogus 192.0.2.1",
	    "ERR command not accepted: unknown command bogus");
	say(&h, c, "get version",
	    "ERR command not accepted: unknown command get");
	cl_send(c, "\n");

	/* halt: the reply, then the result as far as it got */
	say(&h, c, "ping -c 100 -i 1 192.0.2.1", "OK id-2");
	expect(&h, c, "MORE");
	say(&h, c, "HALT 2", "OK halted 2");
	expect_record(&h, c, 7, 2, "halted ping id-2's result");
	say(&h, c, "halt 2", "ERR no task id-2");
	say(&h, c, "halt 99", "ERR no task id-99");
	say(&h, c, "halt x", "ERR usage: halt [id]");
	say(&h, c, "halt", "ERR usage: halt [id]");
	say(&h, c, "halt 0", "ERR halt number invalid");
	say(&h, c, "halt 4294967296", "ERR halt number invalid");

	/* source list shows the client; cycle from another client */
	d = connect_client(&h, "127.0.0.1:4", 0);
	cl_send(d, "source list\n");
	l = next_line(&h, d);
	is_str(l, "INFO name 'a1' descr 'two words' list_id 7 cycle_id 1 "
	       "priority 1 type 'control'", "source list: the client");
	expect(&h, d, "OK");
	say(&h, d, "source cycle a1", "OK");
	expect_record(&h, c, 4, 0, "source cycle: the cycle stop");
	expect_record(&h, c, 2, 0, "source cycle: the next cycle start");

	/* ids count per connection */
	say(&h, d, "attach", "OK");
	expect(&h, d, "MORE");
	expect_record(&h, d, 1, 0, "second client's list");
	expect_record(&h, d, 2, 0, "second client's cycle start");
	say(&h, d, "trace -q 1 -w 1 -m 1 192.0.2.1", "OK id-1");
	expect(&h, d, "MORE");

	/* done: OK, the cycle stop once the tasks are over, the end */
	say(&h, c, "ping -c 1 -W 50ms 192.0.2.1", "OK id-3");
	expect(&h, c, "MORE");
	say(&h, c, "DONE", "OK");
	expect_record(&h, c, 7, 3, "ping id-3's result after done");
	expect_record(&h, c, 4, 0, "the cycle stop after the last result");
	ok(closed(&h, c), "then the connection closes");

	/* d's trace ends by its timeout */
	expect_record(&h, d, 6, 1, "second client's trace");
	say(&h, d, "done", "OK");
	expect_record(&h, d, 4, 0, "second client's cycle stop");
	ok(closed(&h, d), "second client closed");
	is_int(h.p.ntasks, 0, "no task left");
	h_fini(&h);
}

/* ---- JSON and the dialects -------------------------------------------- */

static void test_json_dialects(void)
{
	struct h h;
	struct control_opts co;
	struct ctrl_data_hdr hdr;
	struct cl *c;
	uint8_t out[65536];
	char hline[64];
	long n;

	memset(&co, 0, sizeof(co));
	co.dialect = CTRL_DIALECT_2021;   /* -O ctrl-2021 */
	h_init(&h, &co);

	c = connect_client(&h, "127.0.0.1:5", 0);
	say(&h, c, "attach format JSON", "OK");
	expect(&h, c, "MORE");
	n = next_data(&h, c, &hdr, hline, out, sizeof(out) - 1, 1);
	out[n > 0 ? n : 0] = '\0';
	ok(n > 0 && strstr((char *)out, "\"type\":\"cycle-start\"") &&
	   out[n - 1] == '\n', "json: the cycle start first (no list)");
	say(&h, c, "ping -c 1 -W 10ms 192.0.2.1", "OK id-1");
	expect(&h, c, "MORE");
	n = next_data(&h, c, &hdr, hline, out, sizeof(out) - 1, 1);
	out[n > 0 ? n : 0] = '\0';
	ok(n > 0 && strncmp((char *)out, "{\"type\":\"ping\"", 14) == 0,
	   "json: the ping as a JSON line");
	ok(strncmp(hline, "DATA ", 5) == 0 && strchr(hline + 5, ' ') == NULL,
	   "-O ctrl-2021: a result's header is DATA n (%s)", hline);
	say(&h, c, "done", "OK");
	n = next_data(&h, c, &hdr, hline, out, sizeof(out) - 1, 1);
	out[n > 0 ? n : 0] = '\0';
	ok(n > 0 && strstr((char *)out, "\"type\":\"cycle-stop\""),
	   "json: the cycle stop last");
	ok(closed(&h, c), "json: closed after done");

	/* the attach parameter chooses per connection */
	c = connect_client(&h, "127.0.0.1:6", 0);
	say(&h, c, "attach dialect 2026", "OK");
	expect(&h, c, "MORE");
	expect_record(&h, c, 1, 0, "dialect 2026: list");
	expect_record(&h, c, 2, 0, "dialect 2026: cycle start");
	say(&h, c, "ping -c 1 -W 10ms 192.0.2.1", "OK id-1");
	expect(&h, c, "MORE");
	{
		struct ctrl_data_hdr hh;
		n = next_data(&h, c, &hh, hline, out, sizeof(out), 0);
		ok(n > 0 && hh.id == 1 && strstr(hline, " id-1") != NULL,
		   "attach dialect 2026 overrides -O ctrl-2021: %s", hline);
	}
	h_fini(&h);

	/* and the other way */
	memset(&co, 0, sizeof(co));
	h_init(&h, &co);
	c = connect_client(&h, "127.0.0.1:7", 0);
	say(&h, c, "attach dialect 2021", "OK");
	expect(&h, c, "MORE");
	expect_record(&h, c, 1, 0, "dialect 2021: list");
	expect_record(&h, c, 2, 0, "dialect 2021: cycle start");
	say(&h, c, "ping -c 1 -W 10ms 192.0.2.1", "OK id-1");
	expect(&h, c, "MORE");
	n = next_data(&h, c, &hdr, hline, out, sizeof(out), 0);
	ok(n > 0 && strchr(hline + 5, ' ') == NULL,
	   "attach dialect 2021: DATA n (%s)", hline);
	h_fini(&h);
}

/* ---- limits ------------------------------------------------------------ */

static void test_limits(void)
{
	struct h h;
	struct control_opts co;
	struct cl *c, *ok_c;
	char big[16384];
	int n_ok = 0;
	const char *l;

	memset(&co, 0, sizeof(co));
	co.max_pending = 5;
	co.max_queue = 16384;
	h_init(&h, &co);
	h.p.opts.window = 1;

	/* a flood: reading stops at 5 queued, and resumes */
	c = connect_client(&h, "127.0.0.1:8", 0);
	say(&h, c, "attach", "OK");
	expect(&h, c, "MORE");
	expect_record(&h, c, 1, 0, "flood: list");
	expect_record(&h, c, 2, 0, "flood: cycle start");
	for (int i = 0; i < 20; i++)
		cl_send(c, "ping -c 1 -W 10ms 192.0.2.1\n");
	pump(&h, 5, NULL);
	while (c->off < c->len && (l = next_line(&h, c)) != NULL)
		n_ok += strncmp(l, "OK id-", 6) == 0;
	ok(n_ok >= 5 && n_ok < 20, "flood: %d of 20 accepted before the "
	   "client is paused", n_ok);
	cl_send(c, "done\n");
	for (int i = 0; i < 500 && !c->eof; i++)
		pump(&h, 10, NULL);
	while ((l = next_line(&h, c)) != NULL)
		n_ok += strncmp(l, "OK id-", 6) == 0;
	is_int(n_ok, 20, "flood: every command is accepted in the end");
	ok(c->eof, "flood: the stream ended after done");

	/* a client that does not read is dropped; others are served */
	c = connect_client(&h, "127.0.0.1:9", 4096);
	ok_c = connect_client(&h, "127.0.0.1:10", 0);
	/* in one write: 2000 small writes would fill the socket's buffer
	 * with per-packet overhead while the prober is not running */
	for (int i = 0; i < 2000; i++)
		memcpy(big + 5 * i, "help\n", 5);
	big[5 * 2000] = '\0';
	cl_send(c, big);
	pump(&h, 200, c);
	is_int(control_clients(h.ctl), 1, "a client not reading its "
	       "output is dropped at max_queue");
	say(&h, ok_c, "get version", "OK version " WARTS_VERSION_STR);

	/* a client that vanishes mid-stream: its tasks are halted */
	c = connect_client(&h, "127.0.0.1:11", 0);
	say(&h, c, "attach", "OK");
	expect(&h, c, "MORE");
	expect_record(&h, c, 1, 0, "vanishing: the list");
	expect_record(&h, c, 2, 0, "vanishing: the cycle start");
	h.p.opts.window = 0;
	say(&h, c, "ping -c 100 -i 1 192.0.2.1", "OK id-1");
	expect(&h, c, "MORE");
	say(&h, c, "ping -c 100 -i 1 192.0.2.2", "OK id-2");
	pump(&h, 20, NULL);
	is_int(h.p.ntasks, 2, "its two pings run");
	close(c->fd);
	c->fd = -1;
	pump(&h, 20, NULL);
	is_int(h.p.ntasks, 0, "it vanished: its pings were halted");
	is_int(control_clients(h.ctl), 1, "and it is gone");

	/* a half line, then the end */
	c = connect_client(&h, "127.0.0.1:12", 0);
	cl_send(c, "get vers");
	shutdown(c->fd, SHUT_WR);
	expect(&h, c, "ERR unhandled get command 'vers'");
	ok(closed(&h, c), "a half line at the end is served, then closed");

	/* replies stay short whatever was sent */
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cl_send(ok_c, "get ");
	cl_send(ok_c, big);
	cl_send(ok_c, "\n");
	l = next_line(&h, ok_c);
	ok(l != NULL && strlen(l) < 120, "a long word is quoted in part "
	   "(%zu bytes)", l ? strlen(l) : 0);
	say(&h, ok_c, "get version", "OK version " WARTS_VERSION_STR);
	h_fini(&h);
}

/* ---- a client that reads, but slowly -------------------------------- */

/* n one-probe pings of 10 ms to 192.0.2.1 and on, one a line, into buf;
 * the length written. */
static size_t quick_pings(char *buf, size_t cap, int n)
{
	size_t at = 0;
	for (int i = 0; i < n && at < cap; i++)
		at += (size_t)snprintf(buf + at, cap - at,
		                       "ping -c 1 -W 10ms 192.0.2.%d\n",
		                       i % 250 + 1);
	return at < cap ? at : cap;
}

/* Read at most n bytes of c's output. */
static void cl_read_some(struct cl *c, size_t n)
{
	ssize_t r;
	if (c->cap - c->len < n + 1) {
		c->cap = c->cap ? c->cap * 2 + n : 131072 + n;
		c->buf = realloc(c->buf, c->cap);
	}
	r = read(c->fd, c->buf + c->len, n);
	if (r > 0)
		c->len += (size_t)r;
	else if (r == 0)
		c->eof = 1;
}

/*
 * 300 pings' results are ten times the client's output limit: it is
 * given no new measurement while a quarter of that is unread, so it is
 * never dropped, and gets every result and the end of its stream.
 */
static void test_slow_reader(void)
{
	enum { N = 300 };
	struct h h;
	struct control_opts co;
	struct cl *c;
	char cmds[N * 32 + 8];
	size_t at = 0;
	int blocks = 0, oks = 0;
	const char *l;

	memset(&co, 0, sizeof(co));
	co.max_queue = 8192;
	co.max_pending = 2 * N;
	h_init(&h, &co);
	h.p.opts.window = 0;

	c = connect_client(&h, "127.0.0.1:30", 4096);
	say(&h, c, "attach", "OK");
	expect(&h, c, "MORE");
	at = quick_pings(cmds, sizeof(cmds), N);
	snprintf(cmds + at, sizeof(cmds) - at, "done\n");
	cl_send(c, cmds);
	/* 256 bytes every 5 ms: far slower than results come */
	for (int i = 0; i < 20000 && !c->eof; i++) {
		pump(&h, 5, c);
		cl_read_some(c, 256);
	}
	while ((l = next_line(&h, c)) != NULL) {
		blocks += strncmp(l, "DATA ", 5) == 0;
		oks += strncmp(l, "OK id-", 6) == 0;
	}
	is_int(oks, N, "slow reader: every command accepted");
	/* the list, the cycle start, the results, the cycle stop */
	is_int(blocks, N + 3, "slow reader: every result and the cycle "
	       "stop arrive: it was never dropped");
	ok(c->eof, "slow reader: the stream ended after done");
	h_fini(&h);
}

/* ---- at exit, what was queued is sent ------------------------------- */

static void on_client_readable(ctrl_loop *l, int fd, unsigned ev, void *arg)
{
	(void)l;
	(void)fd;
	(void)ev;
	cl_read(arg);
}

/*
 * A client that has not read its results when the prober stops gets
 * them before it is closed (control_drain), as long as it reads within
 * the time given.
 */
static void test_drain(void)
{
	enum { N = 100 };
	struct h h;
	struct control_opts co;
	struct cl *c;
	char cmds[N * 32];
	int blocks = 0;
	const char *l;

	memset(&co, 0, sizeof(co));
	h_init(&h, &co);
	h.p.opts.window = 0;
	c = connect_client(&h, "127.0.0.1:40", 4096);
	say(&h, c, "attach", "OK");
	expect(&h, c, "MORE");
	quick_pings(cmds, sizeof(cmds), N);
	cl_send(c, cmds);
	/* every ping ends while the client reads nothing */
	for (int i = 0; i < 500 && (h.p.ntasks > 0 || i < 20); i++)
		pump(&h, 10, c);
	is_int(h.p.ntasks, 0, "drain: the pings are over");
	/* the prober stops; the client reads from now on */
	ctrl_loop_watch(h.l, c->fd, CTRL_READ, on_client_readable, c);
	control_drain(h.ctl, 3000);
	ctrl_loop_watch(h.l, c->fd, 0, NULL, NULL);
	/* then the prober closes its clients, and what is in the socket is
	 * all the client gets */
	control_free(h.ctl);
	h.ctl = NULL;
	for (int i = 0; i < 1000 && !c->eof; i++) {
		cl_read(c);
		if (!c->eof)
			usleep(1000);
	}
	while (blocks < N + 3 && (l = next_line(&h, c)) != NULL)
		blocks += strncmp(l, "DATA ", 5) == 0;
	/* the list, the cycle start, the results and the cycle stop */
	is_int(blocks, N + 3, "drain: every result was sent before the "
	       "client was closed, and the end of its stream");
	h_fini(&h);
}

/* ---- shutdown flush, then cancel, with a client held back ---------------- */

static void test_flush_paused(void)
{
	struct h h;
	struct control_opts co;
	struct cl *c, *d;
	const char *l;
	int n_ok = 0, more = 0;

	memset(&co, 0, sizeof(co));
	co.max_pending = 5;
	h_init(&h, &co);
	h.p.opts.window = 1;

	c = connect_client(&h, "127.0.0.1:20", 0);
	say(&h, c, "attach", "OK");
	expect(&h, c, "MORE");
	expect_record(&h, c, 1, 0, "held back: the list");
	expect_record(&h, c, 2, 0, "held back: the cycle start");
	/* one runs (window 1), five wait, and the client is not read */
	for (int i = 0; i < 8; i++)
		cl_send(c, "ping -c 100 -i 1 192.0.2.1\n");
	pump(&h, 50, NULL);
	while (c->off < c->len && (l = next_line(&h, c)) != NULL)
		n_ok += strncmp(l, "OK id-", 6) == 0;
	ok(n_ok >= 5 && n_ok < 8, "held back after %d of 8 commands", n_ok);

	d = connect_client(&h, "127.0.0.1:21", 0);
	say(&h, d, "shutdown flush", "OK");
	say(&h, d, "shutdown cancel", "OK");
	pump(&h, 50, NULL);
	while (c->off < c->len && (l = next_line(&h, c)) != NULL) {
		n_ok += strncmp(l, "OK id-", 6) == 0;
		more += strcmp(l, "MORE") == 0;
	}
	is_int(n_ok, 8, "after shutdown flush and cancel the client is read "
	       "again: all 8 accepted");
	ok(more >= 1, "and asked for more once its queue was emptied");
	say(&h, c, "halt 1", "OK halted 1");
	expect_record(&h, c, 7, 1, "the running ping, halted");
	h_fini(&h);
}

int main(void)
{
	test_interactive();
	test_attached();
	test_json_dialects();
	test_limits();
	test_flush_paused();
	test_slow_reader();
	test_drain();
	return done_testing();
}
