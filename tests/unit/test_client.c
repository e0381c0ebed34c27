/*
 * test_client.c: the control client (ctrl/client.h) against a scripted
 * fake prober on the other end of a socketpair: the attach line, MORE
 * flow and impatience, OK id-N matching, ERR rejections, DATA blocks in
 * both dialects and in JSON, results cut into pieces, inprog results,
 * halt, done, lazy feeding from more(), lying DATA lengths and a prober
 * that closes mid-block (errors naming what was lost, never a crash),
 * freeing the client inside callbacks, connect errors, and transcripts
 * recorded from scamper 20211212 and 20260420 replayed whole and byte by
 * byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctrl/client.h"
#include "tap.h"
#include "testlib.h"

/* Records as scamper 20211212 sent them (uuencoded, closing line too). */
static const char LIST21[] =
	"C$@4``0```!L````!`````\"]T;7`O8V%P+W,N<V]C:SHP````\n`\n";
static const char CYCLE21[] =
	">$@4``@```!8````!`````0````%K\":QQ`@`#=FT`\n`\n";
static const char PING21[] =
	"M$@4`!P```%;S_&4`*0````$````!:PFL<0`.%+H!```!`%0!0`````%X\\`0!\n"
	"MQC-D!P````````'^DP,`(0=``%0``````\"X``)0R\\[T```````````!K\":QQ\n"
	"$``X5(P``\n`\n";
static const char TRACE21[] =
	"M$@4`!@```&'S_O\\_`#,````!`````6L)K'(`#ADH`0`\"``4`+/CP@IL!``4!\n"
	"M``$%`0```0``!`'&,V0'`````````?Z/&@`?`4`1`````\"`#`P`L`$B4X\\``\n"
	"/``````!K\":QR``X9HP``\n`\n";
static const char STOP21[] = "1$@4`!`````D````!:PFL=0``\n`\n";

static const char JSON_PING[] =
	"{\"type\":\"ping\",\"version\":\"0.4\",\"dst\":\"198.51.100.7\"}\n";
static const char JSON_START[] =
	"{\"type\":\"cycle-start\", \"list_name\":\"x\", \"id\":1}\n";

struct tc {
	ctrl_cmd cmd;
	char     name[16];
	char     text[64];
	int      dones;
};

struct h {
	ctrl_loop   *l;
	ctrl_client *c;
	int          fd;            /* the fake prober's end */
	char         out[65536];    /* what the client wrote */
	size_t       outlen;
	char         log[16384];    /* events */
	size_t       loglen;
	int          closed;
	struct ctrl_error err;
	int          err_null;
	int          records;
	uint16_t     rtypes[64];
	int          free_on_accept, free_on_result, free_on_record;
	int          halt_on_accept;
	struct tc   *feed;          /* given out one per more() */
	int          nfeed, ifeed;
	int          done_after_feed;
	int          take;
	int          taken_type;
};

static void logf_(struct h *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void logf_(struct h *h, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (h->loglen > 0 && h->loglen < sizeof(h->log) - 1)
		h->log[h->loglen++] = ' ';
	va_start(ap, fmt);
	n = vsnprintf(h->log + h->loglen, sizeof(h->log) - h->loglen, fmt, ap);
	va_end(ap);
	if (n > 0)
		h->loglen += (size_t)n;
	if (h->loglen >= sizeof(h->log))
		h->loglen = sizeof(h->log) - 1;
}

static const char *nm(ctrl_cmd *cmd)
{
	return cmd ? ((struct tc *)cmd->user)->name : "-";
}

static void on_accepted(ctrl_client *c, ctrl_cmd *cmd, void *arg)
{
	struct h *h = arg;

	logf_(h, "acc:%s:%u", nm(cmd), cmd->id);
	if (h->halt_on_accept)
		ok(ctrl_client_halt(c, cmd->id) == 0, "halt %u", cmd->id);
	if (h->free_on_accept) {
		ctrl_client_free(c);
		h->c = NULL;
	}
}

static void on_result(ctrl_client *c, ctrl_cmd *cmd, struct ctrl_result *r,
                      void *arg)
{
	struct h *h = arg;

	logf_(h, "res:%s:%u:%s%s%s", nm(cmd), r->id,
	      warts_type_name(r->type) ? warts_type_name(r->type) : "?",
	      r->inprog ? ":inprog" : "", r->obj ? ":obj" : "");
	if (r->format == CTRL_FORMAT_WARTS && r->obj == NULL)
		logf_(h, "decode-error:%s", r->decode_error);
	if (h->take) {
		warts_object o;
		if (ctrl_result_take(r, &o) == 0) {
			h->taken_type = o.type;
			warts_object_clear(&o);
		}
	}
	if (h->free_on_result) {
		ctrl_client_free(c);
		h->c = NULL;
	}
}

static void on_done(ctrl_client *c, ctrl_cmd *cmd, int how, const char *why,
                    void *arg)
{
	struct h *h = arg;
	static const char *hows[] = { "?", "completed", "rejected",
	                              "unmatched", "lost" };
	(void)c;

	((struct tc *)cmd->user)->dones++;
	if (how == CTRL_CMD_REJECTED)
		logf_(h, "rej:%s:%s", nm(cmd), why);
	else
		logf_(h, "done:%s:%s", nm(cmd), hows[how]);
}

static void on_record(ctrl_client *c, const struct ctrl_result *r, void *arg)
{
	struct h *h = arg;

	if (h->records < 64)
		h->rtypes[h->records] = r->type;
	h->records++;
	if (h->free_on_record) {
		ctrl_client_free(c);
		h->c = NULL;
	}
}

static void on_more(ctrl_client *c, void *arg)
{
	struct h *h = arg;

	logf_(h, "more");
	if (h->ifeed < h->nfeed) {
		struct ctrl_error err;
		ok(ctrl_client_submit(c, &h->feed[h->ifeed++].cmd, &err) == 0,
		   "submit from more()");
	} else if (h->done_after_feed && h->feed != NULL) {
		ctrl_client_done(c);
	}
}

static void on_closed(ctrl_client *c, const struct ctrl_error *err,
                      void *arg)
{
	struct h *h = arg;
	(void)c;

	h->closed++;
	h->err_null = err == NULL;
	if (err != NULL) {
		h->err = *err;
		logf_(h, "closed:%d", err->code);
	} else {
		logf_(h, "closed");
	}
}

static const struct ctrl_client_ops ops = {
	on_accepted, on_result, on_done, on_record, on_more, NULL, on_closed,
};

static void spin(struct h *h)
{
	for (int i = 0; i < 20; i++) {
		ctrl_loop_once(h->l, i < 10 ? 0 : 500);
		for (;;) {
			ssize_t n = read(h->fd, h->out + h->outlen,
			                 sizeof(h->out) - 1 - h->outlen);
			if (n <= 0)
				break;
			h->outlen += (size_t)n;
		}
		h->out[h->outlen] = '\0';
	}
}

/* A client on a socketpair; attach as given, or already attached. */
static void setup(struct h *h, const struct ctrl_client_opts *o,
                  const struct ctrl_attach *a, int attached)
{
	int sv[2];
	struct ctrl_error err;

	memset(h, 0, sizeof(*h));
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	h->fd = sv[1];
	fcntl(h->fd, F_SETFL, O_NONBLOCK);
	h->l = ctrl_loop_new();
	h->c = ctrl_client_new(h->l, &ops, o, h);
	if (ctrl_client_open_fd(h->c, sv[0], a, attached, &err) != 0)
		diag("open_fd: %s", err.msg);
	spin(h);
}

static void teardown(struct h *h)
{
	if (h->c != NULL)
		ctrl_client_free(h->c);
	close(h->fd);
	spin(h);
	ctrl_loop_free(h->l);
}

static void srv(struct h *h, const char *s)
{
	size_t len = strlen(s), off = 0;

	while (off < len) {
		ssize_t n = write(h->fd, s + off, len - off);
		if (n > 0)
			off += (size_t)n;
		else if (n < 0 && errno != EAGAIN)
			break;   /* the client has gone */
		spin(h);
	}
}

/* "DATA n[ id-N][ inprog]" and the payload */
static void srv_data(struct h *h, const char *payload, unsigned id,
                     int inprog)
{
	char hdr[64];

	if (id)
		snprintf(hdr, sizeof(hdr), "DATA %zu id-%u%s\n",
		         strlen(payload), id, inprog ? " inprog" : "");
	else
		snprintf(hdr, sizeof(hdr), "DATA %zu\n", strlen(payload));
	srv(h, hdr);
	srv(h, payload);
}

static void srv_close(struct h *h)
{
	shutdown(h->fd, SHUT_WR);
	spin(h);
}

/* Take what the client wrote so far. */
static const char *sent(struct h *h)
{
	static char buf[65536];

	memcpy(buf, h->out, h->outlen + 1);
	h->outlen = 0;
	h->out[0] = '\0';
	return buf;
}

static void mk(struct tc *t, const char *name, const char *text)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->text, sizeof(t->text), "%s", text);
	t->cmd.line = t->text;
	t->cmd.user = t;
}

static void submit(struct h *h, struct tc *t)
{
	struct ctrl_error err;

	if (ctrl_client_submit(h->c, &t->cmd, &err) != 0)
		ok(0, "submit %s: %s", t->name, err.msg);
	spin(h);
}

/* ---- the tests ------------------------------------------------------ */

static void test_attach_lines(void)
{
	struct h h;
	struct ctrl_attach a;

	setup(&h, NULL, NULL, 0);
	is_str(sent(&h), "attach\n", "plain attach: nothing set, nothing sent");
	teardown(&h);

	memset(&a, 0, sizeof(a));
	a.format = CTRL_FORMAT_JSON;
	a.set = CTRL_ATTACH_PRIORITY | CTRL_ATTACH_CYCLE_ID;
	a.priority = 5;
	a.cycle_id = 0;
	a.descr = "two words";
	a.monitor = "vp1.example";
	a.dialect = 2021;
	setup(&h, NULL, &a, 0);
	is_str(sent(&h), "attach format json priority 5 cycle_id 0 "
	       "descr \"two words\" monitor vp1.example dialect 2021\n",
	       "attach sends the parameters set, quoting a value with spaces");
	is_int(ctrl_client_dialect(h.c), 2021, "dialect 2021 is expected");
	teardown(&h);

	memset(&a, 0, sizeof(a));
	a.set = CTRL_ATTACH_LIST_ID;
	a.list_id = 42;
	a.name = "";
	setup(&h, NULL, &a, 0);
	is_str(sent(&h), "attach list_id 42 name \"\"\n",
	       "list_id and an empty name");
	teardown(&h);

	/* a bad parameter is refused before anything is sent */
	{
		struct ctrl_error err;
		ctrl_loop *l = ctrl_loop_new();
		ctrl_client *c = ctrl_client_new(l, &ops, NULL, NULL);
		int sv[2];
		memset(&a, 0, sizeof(a));
		a.descr = "say \"hi\"";
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
			abort();
		ok(ctrl_client_open_fd(c, sv[0], &a, 0, &err) == -1 &&
		   err.code == CTRL_ERR_USAGE && strstr(err.msg, "descr"),
		   "a descr with a double quote: refused (%s)", err.msg);
		ctrl_client_free(c);
		close(sv[0]);
		close(sv[1]);
		c = ctrl_client_new(l, &ops, NULL, NULL);
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
			abort();
		memset(&a, 0, sizeof(a));
		a.set = CTRL_ATTACH_PRIORITY;
		a.priority = 0;
		ok(ctrl_client_open_fd(c, sv[0], &a, 0, &err) == -1 &&
		   strstr(err.msg, "1 to 100000"),
		   "priority 0: refused (%s)", err.msg);
		ctrl_client_free(c);
		close(sv[0]);
		close(sv[1]);
		ctrl_loop_free(l);
	}

	/* attach refused by the prober */
	setup(&h, NULL, NULL, 0);
	{
		struct tc t;
		mk(&t, "p", "ping 192.0.2.1");
		submit(&h, &t);
		srv(&h, "ERR command attach param 'dialect' failed\n");
		is_int(h.closed, 1, "an attach ERR ends the connection");
		is_int(h.err.code, CTRL_ERR_REFUSED, "as refused");
		ok(strstr(h.err.msg, "param 'dialect' failed") != NULL,
		   "with the prober's reason: %s", h.err.msg);
		is_int(t.dones, 1, "the queued command ends lost");
	}
	teardown(&h);
}

static void test_more_flow(void)
{
	struct h h;
	struct tc t[3];

	setup(&h, NULL, NULL, 0);
	sent(&h);
	mk(&t[0], "a", "ping -c 1 192.0.2.1");
	mk(&t[1], "b", "trace 192.0.2.2");
	mk(&t[2], "c", "ping -c 1 192.0.2.3");
	for (int i = 0; i < 3; i++)
		submit(&h, &t[i]);
	is_str(sent(&h), "", "nothing is sent before attach is answered");
	srv(&h, "OK\n");
	is_str(sent(&h), "", "nor before MORE");
	is_int(ctrl_client_unsent(h.c), 3, "three waiting");
	srv(&h, "MORE\n");
	is_str(sent(&h), "ping -c 1 192.0.2.1\n", "one command per MORE");
	srv(&h, "OK id-1\n");
	is_str(sent(&h), "", "OK is not MORE");
	srv(&h, "MORE\nMORE\n");
	is_str(sent(&h), "trace 192.0.2.2\nping -c 1 192.0.2.3\n",
	       "two MOREs: two commands");
	srv_data(&h, LIST21, 0, 0);
	srv_data(&h, CYCLE21, 0, 0);
	srv(&h, "OK id-2\nOK id-3\nMORE\n");
	is_str(h.log, "acc:a:1 acc:b:2 acc:c:3 more",
	       "accepted in order, ids set; a MORE with nothing to send "
	       "asks for more");
	is_int(ctrl_client_inflight(h.c), 3, "three in progress");
	ctrl_client_done(h.c);
	spin(&h);
	is_str(sent(&h), "done\n", "done once nothing is left to send");
	srv(&h, "OK\n");
	srv_data(&h, TRACE21, 2, 0);
	srv_data(&h, PING21, 1, 0);
	srv_data(&h, PING21, 3, 0);
	srv_data(&h, STOP21, 0, 0);
	srv_close(&h);
	is_str(h.log, "acc:a:1 acc:b:2 acc:c:3 more res:b:2:trace:obj "
	       "done:b:completed res:a:1:ping:obj done:a:completed "
	       "res:c:3:ping:obj done:c:completed closed",
	       "results matched by id, in any order; then closed");
	ok(h.err_null, "a clean end: closed(NULL)");
	is_int(h.records, 6, "record() saw every block");
	is_int(h.rtypes[5], WARTS_TYPE_CYCLE_STOP, "the cycle-stop too");
	teardown(&h);
}

/* A refused command gets no MORE after its ERR (scamper's and ours):
 * the next command must still go. */
static void test_err_more(void)
{
	struct h h;
	struct tc t[3];

	setup(&h, NULL, NULL, 0);
	sent(&h);
	mk(&t[0], "a", "ping -c 1 192.0.2.1");
	mk(&t[1], "b", "ping -c 1 bogus");
	mk(&t[2], "c", "ping -c 1 192.0.2.3");
	for (int i = 0; i < 3; i++)
		submit(&h, &t[i]);
	srv(&h, "OK\nMORE\n");
	is_str(sent(&h), "ping -c 1 192.0.2.1\n", "the first command");
	srv(&h, "OK id-1\nMORE\n");
	is_str(sent(&h), "ping -c 1 bogus\n", "the second at the next MORE");
	srv(&h, "ERR command not accepted: bogus\n");
	is_str(sent(&h), "ping -c 1 192.0.2.3\n",
	       "after an ERR the third goes without a MORE");
	srv(&h, "OK id-2\n");
	is_str(sent(&h), "", "and nothing more until the next MORE");
	is_int(t[1].dones, 1, "the refused command is done");
	teardown(&h);
}

static void test_impatient(void)
{
	struct h h;
	struct tc t[3];
	struct ctrl_client_opts o = { .impatient = 1 };

	setup(&h, &o, NULL, 0);
	sent(&h);
	mk(&t[0], "a", "ping 192.0.2.1");
	mk(&t[1], "b", "ping 192.0.2.2");
	mk(&t[2], "c", "ping 192.0.2.3");
	submit(&h, &t[0]);
	is_str(sent(&h), "", "impatient still waits for attach's OK");
	submit(&h, &t[1]);
	srv(&h, "OK\n");
	is_str(sent(&h), "ping 192.0.2.1\nping 192.0.2.2\n",
	       "then sends everything at once");
	submit(&h, &t[2]);
	is_str(sent(&h), "ping 192.0.2.3\n", "and new commands at once");
	srv(&h, "MORE\nOK id-1\nMORE\nOK id-2\nERR command not accepted: "
	    "invalid destination address\n");
	/* impatient, more() is asked whenever nothing waits: after
	 * attach, after each submit, at each MORE */
	is_str(h.log, "more more more acc:a:1 more acc:b:2 rej:c:command "
	       "not accepted: invalid destination address",
	       "OK/ERR matched in order; the reason is passed on");
	is_int(t[2].dones, 1, "a rejected command is done");
	teardown(&h);
	ok(t[0].dones == 1 && t[1].dones == 1,
	   "freeing the client ends the accepted commands");
}

static void test_2021(void)
{
	struct h h;
	struct tc t[2];

	setup(&h, NULL, NULL, 0);
	mk(&t[0], "a", "ping 198.51.100.7");
	mk(&t[1], "b", "trace 198.51.100.7");
	submit(&h, &t[0]);
	submit(&h, &t[1]);
	srv(&h, "OK\nMORE\n");
	srv_data(&h, LIST21, 0, 0);
	srv_data(&h, CYCLE21, 0, 0);
	srv(&h, "OK id-1\nMORE\nOK id-2\nMORE\n");
	is_int(ctrl_client_dialect(h.c), 0, "the dialect is not known yet");
	srv_data(&h, PING21, 0, 0);
	is_int(ctrl_client_dialect(h.c), 2021,
	       "a result without an id: 2021");
	is_str(h.log, "acc:a:1 acc:b:2 more done:a:unmatched "
	       "done:b:unmatched res:-:0:ping:obj",
	       "accepted commands end unmatched; the result has no command");
	srv_data(&h, TRACE21, 0, 0);
	is_int(h.records, 4, "list and cycle-start went to record()");
	is_int(h.rtypes[0], WARTS_TYPE_LIST, "the list first");
	teardown(&h);

	/* told in advance: ends at accept */
	{
		struct ctrl_client_opts o = { .dialect = 2021 };
		setup(&h, &o, NULL, 0);
		mk(&t[0], "a", "ping 198.51.100.7");
		submit(&h, &t[0]);
		srv(&h, "OK\nMORE\nOK id-1\n");
		is_str(h.log, "acc:a:1 done:a:unmatched",
		       "opts.dialect 2021: unmatched right after accepted");
		teardown(&h);
	}
}

static void test_json(void)
{
	struct h h;
	struct tc t[2];
	struct ctrl_attach a = { .format = CTRL_FORMAT_JSON };

	setup(&h, NULL, &a, 0);
	is_str(sent(&h), "attach format json\n", "asks for JSON");
	mk(&t[0], "a", "ping 198.51.100.7");
	mk(&t[1], "b", "trace 198.51.100.7");
	submit(&h, &t[0]);
	submit(&h, &t[1]);
	srv(&h, "OK\nMORE\n");
	srv_data(&h, JSON_START, 0, 0);
	srv(&h, "OK id-1\nMORE\nOK id-2\n");
	srv_data(&h, "{\"type\":\"trace\",\"hops\":[]}\n", 2, 1);
	srv_data(&h, "{\"type\":\"trace\",\"hops\":[1]}\n", 2, 0);
	srv_data(&h, JSON_PING, 1, 0);
	is_str(h.log, "acc:a:1 acc:b:2 res:b:2:trace:inprog "
	       "res:b:2:trace done:b:completed res:a:1:ping done:a:completed",
	       "JSON results by id; an inprog result does not end it");
	is_int(h.records, 4, "the cycle-start went to record()");
	is_int(h.rtypes[0], WARTS_TYPE_CYCLE_START, "recognised by its type");
	teardown(&h);

	/* a JSON line longer than the block says */
	setup(&h, NULL, &a, 0);
	srv(&h, "OK\nMORE\nDATA 10\n{\"type\":\"ping\"}\n");
	is_int(h.err.code, CTRL_ERR_PROTOCOL, "a JSON line past its block: error");
	ok(strstr(h.err.msg, "runs past the end") != NULL, "%s", h.err.msg);
	teardown(&h);
}

static void test_split(void)
{
	struct h h;
	struct tc t;
	char buf[4096];
	size_t n;

	setup(&h, NULL, NULL, 0);
	mk(&t, "a", "ping 198.51.100.7");
	submit(&h, &t);
	n = (size_t)snprintf(buf, sizeof(buf),
	                     "OK\nMORE\nDATA %zu\n%sDATA %zu\n%s"
	                     "OK id-1\nMORE\nDATA %zu id-1\n%s"
	                     "DATA %zu\n%s", strlen(LIST21), LIST21,
	                     strlen(CYCLE21), CYCLE21, strlen(PING21), PING21,
	                     strlen(STOP21), STOP21);
	for (size_t i = 0; i < n; i++) {
		char one[2] = { buf[i], 0 };
		srv(&h, one);
	}
	is_str(h.log, "acc:a:1 more res:a:1:ping:obj done:a:completed",
	       "a transcript one byte at a time: the same events");
	is_int(h.records, 4, "four records");
	teardown(&h);
}

static void test_lies(void)
{
	struct h h;
	struct tc t;
	char buf[1024];

	/* longer than the payload: the next lines are taken for data */
	setup(&h, NULL, NULL, 0);
	mk(&t, "a", "ping 198.51.100.7");
	submit(&h, &t);
	snprintf(buf, sizeof(buf), "OK\nMORE\nOK id-1\nDATA %zu id-1\n%s"
	         "MORE\nOK id-2\n", strlen(PING21) + 40, PING21);
	srv(&h, buf);
	is_int(h.closed, 1, "a DATA length too long: the connection ends");
	is_int(h.err.code, CTRL_ERR_PROTOCOL, "a protocol error");
	diag("%s", h.err.msg);
	ok(strstr(h.err.msg, "MORE") != NULL, "naming the offending line");
	is_int(t.dones, 1, "the command ends (lost)");
	ok(strstr(h.log, "done:a:lost") != NULL, "as lost");
	teardown(&h);

	/* shorter: the record is cut */
	setup(&h, NULL, NULL, 0);
	mk(&t, "a", "ping 198.51.100.7");
	submit(&h, &t);
	snprintf(buf, sizeof(buf), "OK\nMORE\nOK id-1\nDATA 62 id-1\n%s",
	         PING21);
	srv(&h, buf);
	is_int(h.err.code, CTRL_ERR_PROTOCOL, "a DATA length too short: error");
	diag("%s", h.err.msg);
	teardown(&h);

	/* absurd */
	setup(&h, NULL, NULL, 0);
	srv(&h, "OK\nMORE\nDATA 99999999999999999 id-1\n");
	is_int(h.err.code, CTRL_ERR_PROTOCOL, "an absurd DATA length: error");
	ok(strstr(h.err.msg, "DATA") != NULL, "%s", h.err.msg);
	teardown(&h);

	/* a record whose own header disagrees */
	setup(&h, NULL, NULL, 0);
	srv(&h, "OK\nMORE\nDATA 16\n($@4`!`````D`\n`\n");
	is_int(h.err.code, CTRL_ERR_PROTOCOL, "a record's length field lies");
	ok(strstr(h.err.msg, "says 9 bytes arrived with 0") != NULL, "%s",
	   h.err.msg);
	teardown(&h);

	/* not uuencoding */
	setup(&h, NULL, NULL, 0);
	srv(&h, "OK\nMORE\nDATA 10\nhello {}\n");
	is_int(h.err.code, CTRL_ERR_PROTOCOL, "not uuencoded: error");
	ok(strstr(h.err.msg, "hello") != NULL, "%s", h.err.msg);
	teardown(&h);

	/* replies to nothing, nonsense, long lines, a missing id */
	{
		static const char *bad[] = {
			"OK\nOK id-1\n", "OK\nMORE\nHELLO\xff\x01\n",
			"OK\nMORE\nERR what\n", "MORE\n", "DATA 5\n",
			"OK\nMORE\nDATA 5 id-x\n",
		};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			setup(&h, NULL, NULL, 0);
			srv(&h, bad[i]);
			is_int(h.err.code, CTRL_ERR_PROTOCOL,
			       "bad input %zu: a protocol error", i);
			diag("%s", h.err.msg);
			teardown(&h);
		}
		setup(&h, NULL, NULL, 0);
		mk(&t, "a", "ping 198.51.100.7");
		submit(&h, &t);
		srv(&h, "OK\nMORE\nOK\n");
		is_int(h.err.code, CTRL_ERR_PROTOCOL, "OK without id-N: error");
		is_int(t.dones, 1, "the command ends");
		teardown(&h);
	}
	{
		char *big = malloc(200000);
		memset(big, 'A', 199998);
		big[199998] = '\n';
		big[199999] = '\0';
		setup(&h, NULL, NULL, 0);
		srv(&h, "OK\nMORE\n");
		srv(&h, big);
		is_int(h.err.code, CTRL_ERR_PROTOCOL, "a 200 kB line: error");
		ok(strlen(h.err.msg) < 200, "the message quotes it cut short");
		teardown(&h);
		free(big);
	}
}

static void test_midblock(void)
{
	struct h h;
	struct tc t[2];
	char buf[1024];

	setup(&h, NULL, NULL, 0);
	mk(&t[0], "a", "ping 198.51.100.7");
	mk(&t[1], "b", "ping 198.51.100.8");
	submit(&h, &t[0]);
	submit(&h, &t[1]);
	snprintf(buf, sizeof(buf), "OK\nMORE\nOK id-1\nMORE\nDATA %zu id-1\n"
	         "%.30s", strlen(PING21), PING21);
	srv(&h, buf);
	srv_close(&h);
	is_int(h.closed, 1, "closed mid-block: closed() once");
	is_int(h.err.code, CTRL_ERR_EOF, "as an early end");
	ok(strstr(h.err.msg, "inside the DATA block of id-1") != NULL &&
	   strstr(h.err.msg, "30 of its 136 bytes") != NULL,
	   "naming what was lost: %s", h.err.msg);
	is_str(h.log, "acc:a:1 done:b:lost done:a:lost closed:6",
	       "both commands end lost, then closed");
	teardown(&h);

	/* after a whole line of it */
	setup(&h, NULL, NULL, 0);
	snprintf(buf, sizeof(buf), "OK\nMORE\nDATA %zu\n%.63s",
	         strlen(PING21), PING21);
	srv(&h, buf);
	srv_close(&h);
	ok(strstr(h.err.msg, "63 of its 136 bytes") != NULL, "%s", h.err.msg);
	teardown(&h);

	/* closing early with commands unanswered */
	setup(&h, NULL, NULL, 0);
	mk(&t[0], "a", "ping 198.51.100.7");
	submit(&h, &t[0]);
	srv(&h, "OK\nMORE\n");
	srv_close(&h);
	is_int(h.err.code, CTRL_ERR_EOF, "closed before answering: error");
	ok(strstr(h.err.msg, "1 command unfinished") != NULL, "%s",
	   h.err.msg);
	teardown(&h);

	/* closing before done, with nothing outstanding */
	setup(&h, NULL, NULL, 0);
	srv(&h, "OK\nMORE\n");
	srv_close(&h);
	is_int(h.err.code, CTRL_ERR_EOF, "closed before done: error");
	ok(strstr(h.err.msg, "before done was sent") != NULL, "%s", h.err.msg);
	teardown(&h);
}

static void test_halt(void)
{
	struct h h;
	struct tc t;

	setup(&h, NULL, NULL, 0);
	mk(&t, "a", "ping -c 100 198.51.100.7");
	submit(&h, &t);
	h.halt_on_accept = 1;
	srv(&h, "OK\nMORE\n");
	srv_data(&h, LIST21, 0, 0);
	srv_data(&h, CYCLE21, 0, 0);
	sent(&h);
	srv(&h, "OK id-7\n");
	is_str(sent(&h), "halt 7\n", "halt N");
	ok(ctrl_client_halt(h.c, 8) == -1, "no halt of an unknown id");
	srv(&h, "OK halted 7\n");
	srv_data(&h, PING21, 7, 0);
	is_str(h.log, "acc:a:7 res:a:7:ping:obj done:a:completed",
	       "the halt's OK is not a command's; the partial result ends it");
	ctrl_client_done(h.c);
	spin(&h);
	is_str(sent(&h), "done\n", "done");
	srv(&h, "OK\n");
	srv_data(&h, STOP21, 0, 0);
	srv_close(&h);
	ok(h.closed == 1 && h.err_null, "then a clean end");
	teardown(&h);

	/* a halt the prober declines, between two commands */
	setup(&h, NULL, NULL, 0);
	{
		struct tc u;
		mk(&t, "a", "ping 198.51.100.7");
		mk(&u, "b", "ping 198.51.100.8");
		submit(&h, &t);
		submit(&h, &u);
		srv(&h, "OK\nMORE\nOK id-1\n");
		ok(ctrl_client_halt(h.c, 1) == 0, "halt 1");
		srv(&h, "MORE\n");
		is_str(sent(&h), "attach\nping 198.51.100.7\nhalt 1\n"
		       "ping 198.51.100.8\n", "in order");
		srv(&h, "ERR no task id-1\nOK id-2\n");
		is_str(h.log, "acc:a:1 acc:b:2",
		       "the halt's ERR is not taken for the command's");
		teardown(&h);
	}
}

static void test_more_feed(void)
{
	struct h h;
	struct tc t[3];

	setup(&h, NULL, NULL, 0);
	mk(&t[0], "a", "ping 192.0.2.1");
	mk(&t[1], "b", "ping 192.0.2.2");
	mk(&t[2], "c", "ping 192.0.2.3");
	h.feed = t;
	h.nfeed = 3;
	h.done_after_feed = 1;
	sent(&h);
	srv(&h, "OK\nMORE\n");
	is_str(sent(&h), "ping 192.0.2.1\n", "more() gave the first");
	srv(&h, "OK id-1\nMORE\nOK id-2\nMORE\nOK id-3\n");
	is_str(sent(&h), "ping 192.0.2.2\nping 192.0.2.3\n",
	       "one per MORE");
	srv(&h, "MORE\n");
	is_str(sent(&h), "done\n", "then done, from more()");
	teardown(&h);

	/* impatient: more() is asked until it gives nothing */
	{
		struct ctrl_client_opts o = { .impatient = 1 };
		setup(&h, &o, NULL, 0);
		mk(&t[0], "a", "ping 192.0.2.1");
		mk(&t[1], "b", "ping 192.0.2.2");
		mk(&t[2], "c", "ping 192.0.2.3");
		h.feed = t;
		h.nfeed = 3;
		sent(&h);
		srv(&h, "OK\n");
		is_str(sent(&h), "ping 192.0.2.1\nping 192.0.2.2\n"
		       "ping 192.0.2.3\n", "impatient: all of them at once");
		teardown(&h);
	}
}

static void test_remote(void)
{
	struct h h;
	struct tc t;

	setup(&h, NULL, NULL, 1);
	is_str(sent(&h), "", "already attached: nothing sent");
	mk(&t, "a", "ping 198.51.100.7");
	submit(&h, &t);
	is_str(sent(&h), "", "nothing before MORE");
	srv(&h, "MORE\n");
	is_str(sent(&h), "ping 198.51.100.7\n", "a command at MORE");
	teardown(&h);
}

static void test_free_inside(void)
{
	struct h h;
	struct tc t[2];

	setup(&h, NULL, NULL, 0);
	mk(&t[0], "a", "ping 198.51.100.7");
	mk(&t[1], "b", "ping 198.51.100.8");
	submit(&h, &t[0]);
	submit(&h, &t[1]);
	h.free_on_accept = 1;
	srv(&h, "OK\nMORE\nOK id-1\nMORE\nOK id-2\n");
	ok(h.c == NULL, "freed in accepted()");
	ok(t[0].dones == 1 && t[1].dones == 1,
	   "every command had one done");
	is_int(h.closed, 0, "closed() is not called after free");
	teardown(&h);

	/* in the 2021 dialect an accepted command is in no table: freeing
	 * in accepted() must still end it (found by fuzz_client) */
	{
		struct ctrl_client_opts o = { .dialect = 2021 };
		setup(&h, &o, NULL, 0);
		mk(&t[0], "a", "ping 198.51.100.7");
		submit(&h, &t[0]);
		h.free_on_accept = 1;
		srv(&h, "OK\nMORE\nOK id-1\n");
		ok(h.c == NULL && t[0].dones == 1,
		   "2021: freed in accepted(): one done");
		is_str(h.log, "acc:a:1 done:a:unmatched", "unmatched");
		teardown(&h);
	}

	setup(&h, NULL, NULL, 0);
	mk(&t[0], "a", "ping 198.51.100.7");
	submit(&h, &t[0]);
	h.free_on_result = 1;
	srv(&h, "OK\nMORE\nOK id-1\n");
	srv_data(&h, PING21, 1, 0);
	ok(h.c == NULL && t[0].dones == 1, "freed in result(): one done");
	teardown(&h);

	setup(&h, NULL, NULL, 0);
	h.free_on_record = 1;
	srv(&h, "OK\nMORE\n");
	srv_data(&h, LIST21, 0, 0);
	srv_data(&h, CYCLE21, 0, 0);
	ok(h.c == NULL && h.records == 1, "freed in record(): no more calls");
	teardown(&h);

	/* taking the object */
	setup(&h, NULL, NULL, 0);
	h.take = 1;
	mk(&t[0], "a", "ping 198.51.100.7");
	submit(&h, &t[0]);
	srv(&h, "OK\nMORE\nOK id-1\n");
	srv_data(&h, LIST21, 0, 0);
	srv_data(&h, CYCLE21, 0, 0);
	srv_data(&h, PING21, 1, 0);
	is_int(h.taken_type, WARTS_TYPE_PING, "ctrl_result_take moves it out");
	teardown(&h);
}

static void test_submit_checks(void)
{
	struct h h;
	struct tc t;
	struct ctrl_error err;

	setup(&h, NULL, NULL, 0);
	mk(&t, "a", "ping\t192.0.2.1");
	ok(ctrl_client_submit(h.c, &t.cmd, &err) == -1 &&
	   err.code == CTRL_ERR_USAGE, "a tab: refused (%s)", err.msg);
	mk(&t, "a", "");
	ok(ctrl_client_submit(h.c, &t.cmd, &err) == -1, "empty: refused");
	mk(&t, "a", "DONE");
	ok(ctrl_client_submit(h.c, &t.cmd, &err) == -1,
	   "done is not a command (%s)", err.msg);
	mk(&t, "a", "halt 3");
	ok(ctrl_client_submit(h.c, &t.cmd, &err) == -1, "nor halt");
	mk(&t, "a", "ping 192.0.2.1");
	ok(ctrl_client_submit(h.c, &t.cmd, &err) == 0, "a command: queued");
	ok(ctrl_client_submit(h.c, &t.cmd, &err) == -1,
	   "twice: refused (%s)", err.msg);
	ok(ctrl_client_cancel(h.c, &t.cmd) == 0 && t.dones == 1,
	   "cancelled before it was sent: done");
	ok(ctrl_client_cancel(h.c, &t.cmd) == -1, "not twice");
	ctrl_client_done(h.c);
	ok(ctrl_client_submit(h.c, &t.cmd, &err) == -1,
	   "nothing after done (%s)", err.msg);
	teardown(&h);
	is_int(t.dones, 1, "and the cancelled one had one done only");
}

static void on_closed_count(ctrl_client *c, const struct ctrl_error *err,
                            void *arg)
{
	struct h *h = arg;
	(void)c;
	h->closed++;
	if (err != NULL)
		h->err = *err;
}

static void test_connect(void)
{
	static const struct ctrl_client_ops cops = {
		.done = on_done, .closed = on_closed_count,
	};
	struct h h;
	struct ctrl_error err;
	ctrl_client *c;
	int ls, port;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	memset(&h, 0, sizeof(h));
	h.l = ctrl_loop_new();

	/* a port nobody listens on: bind one, close it */
	{
		struct sockaddr_in sin = { .sin_family = AF_INET };
		sin.sin_addr.s_addr = htonl(0x7f000001);
		ls = socket(AF_INET, SOCK_STREAM, 0);
		bind(ls, (struct sockaddr *)&sin, sizeof(sin));
		getsockname(ls, (struct sockaddr *)&ss, &sl);
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		close(ls);
	}
	{
		char where[32];
		int rc;
		snprintf(where, sizeof(where), "127.0.0.1:%d", port);
		c = ctrl_client_new(h.l, &cops, NULL, &h);
		rc = ctrl_client_connect_tcp(c, where, NULL, &err);
		if (rc == 0) {
			for (int i = 0; i < 50 && h.closed == 0; i++)
				ctrl_loop_once(h.l, 10000);
			err = h.err;
		}
		ok(err.code == CTRL_ERR_CONNECT && strstr(err.msg, where) &&
		   strstr(err.msg, "refused"),
		   "connect refused, naming the address: %s", err.msg);
		ctrl_client_free(c);
	}
	c = ctrl_client_new(h.l, &cops, NULL, &h);
	ok(ctrl_client_connect_unix(c, "/nonexistent/sock", NULL, &err) == -1 &&
	   err.code == CTRL_ERR_CONNECT && strstr(err.msg, "/nonexistent/sock"),
	   "a unix socket that is not there: %s", err.msg);
	ctrl_client_free(c);
	{
		static const char *bad[] = { "", "0", "70000", "host:", ":80",
		                             "1.2.3.4:x" };
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			c = ctrl_client_new(h.l, &cops, NULL, &h);
			ok(ctrl_client_connect_tcp(c, bad[i], NULL, &err) == -1 &&
			   err.code == CTRL_ERR_USAGE,
			   "\"%s\": %s", bad[i], err.msg);
			ctrl_client_free(c);
		}
	}

	/* a real listener: attach arrives; the peer string names it */
	{
		struct sockaddr_in sin = { .sin_family = AF_INET };
		char where[32], buf[64];
		int fd = -1;
		ssize_t n = 0;
		sin.sin_addr.s_addr = htonl(0x7f000001);
		ls = socket(AF_INET, SOCK_STREAM, 0);
		sl = sizeof(ss);
		if (bind(ls, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
		    listen(ls, 1) != 0)
			abort();
		getsockname(ls, (struct sockaddr *)&ss, &sl);
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		snprintf(where, sizeof(where), "%d", port);
		c = ctrl_client_new(h.l, &cops, NULL, &h);
		ok(ctrl_client_connect_tcp(c, where, NULL, &err) == 0,
		   "connect to port %s (loopback)", where);
		for (int i = 0; i < 20; i++)
			ctrl_loop_once(h.l, 1000);
		fd = accept(ls, NULL, NULL);
		for (int i = 0; i < 20 && n <= 0; i++) {
			ctrl_loop_once(h.l, 1000);
			n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
		}
		buf[n > 0 ? n : 0] = '\0';
		is_str(buf, "attach\n", "the listener reads attach");
		snprintf(where, sizeof(where), "127.0.0.1:%d", port);
		is_str(ctrl_client_peer(c), where, "peer is ip:port");
		ctrl_client_free(c);
		close(fd);
		close(ls);
	}
	ctrl_loop_free(h.l);
}

/* Transcripts recorded from scamper: replayed whole, then a byte at a
 * time; the commands are those the recording sent. */
static void replay(const char *file, const char *const *cmds, int ncmds,
                   const struct ctrl_attach *a, const char *want,
                   int bytewise)
{
	struct h h;
	struct tc t[4];
	struct tbuf b = { 0 };
	char path[512], chunk[2] = { 0, 0 };
	FILE *fp;
	char buf[4096];
	size_t n;

	snprintf(path, sizeof(path), "%s/client/%s", test_datadir(), file);
	if ((fp = fopen(path, "rb")) == NULL) {
		ok(0, "%s: cannot open", path);
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		tbuf_add(&b, buf, n);
	fclose(fp);
	tbuf_add(&b, "", 1);

	setup(&h, NULL, a, 0);
	for (int i = 0; i < ncmds; i++) {
		mk(&t[i], (const char[][2]){ "a", "b", "c", "d" }[i], cmds[i]);
		submit(&h, &t[i]);
	}
	ctrl_client_done(h.c);
	if (bytewise) {
		for (size_t i = 0; b.p[i] != '\0'; i++) {
			chunk[0] = (char)b.p[i];
			srv(&h, chunk);
		}
	} else {
		srv(&h, (char *)b.p);
	}
	srv_close(&h);
	is_str(h.log, want, "%s%s: the events", file,
	       bytewise ? ", byte by byte" : "");
	tbuf_free(&b);
	teardown(&h);
}

static void test_transcripts(void)
{
	static const char *const c3[] = {
		"ping -c 1 198.51.100.7", "trace 198.51.100.7",
		"ping -c 1 bogus",
	};
	static const char *const c2[] = {
		"ping -c 1 198.51.100.7", "trace -y 1 198.51.100.7",
	};
	struct ctrl_attach json = { .format = CTRL_FORMAT_JSON };

	for (int bw = 0; bw < 2; bw++) {
		replay("scamper-20211212-warts.txt", c3, 3, NULL,
		       "acc:a:1 acc:b:2 rej:c:command not accepted "
		       "done:a:unmatched done:b:unmatched res:-:0:ping:obj "
		       "res:-:0:trace:obj closed", bw);
		replay("scamper-20260420-warts.txt", c3, 3, NULL,
		       "acc:a:1 acc:b:2 res:b:2:trace:obj done:b:completed "
		       "rej:c:command not accepted: invalid destination "
		       "address res:a:1:ping:obj done:a:completed closed", bw);
		replay("scamper-20211212-json.txt", c2, 2, &json,
		       "acc:a:1 acc:b:2 done:a:unmatched done:b:unmatched "
		       "res:-:0:ping res:-:0:trace closed", bw);
		replay("scamper-20260420-json.txt", c2, 2, &json,
		       "acc:a:1 acc:b:2 res:b:2:trace:inprog res:b:2:trace "
		       "done:b:completed res:a:1:ping done:a:completed closed",
		       bw);
	}
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_attach_lines();
	test_more_flow();
	test_err_more();
	test_impatient();
	test_2021();
	test_json();
	test_split();
	test_lies();
	test_midblock();
	test_halt();
	test_more_feed();
	test_remote();
	test_free_inside();
	test_submit_checks();
	test_connect();
	test_transcripts();
	return done_testing();
}
