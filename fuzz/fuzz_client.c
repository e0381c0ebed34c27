/*
 * fuzz_client.c: libFuzzer target for the control client (ctrl/client.h).
 *
 * A client reads what a prober sends, and the prober may be remote,
 * broken or hostile.  The input is one byte of settings and then the
 * prober's bytes, written to the other end of a socketpair (all at
 * once, or a few bytes at a time with the loop run between), then the
 * prober's side is shut.  The client has commands queued and more to
 * give from more(); it decodes results with libwarts.  Nothing may crash,
 * leak, read out of bounds or hang, and the API's promises must hold:
 * every command submitted gets exactly one done, closed comes at most
 * once, after the last done, and nothing is called back after it.
 *
 * The settings byte: bit 0 JSON format, 1 impatient, 2 already attached
 * (a remote socket), 3-4 the dialect told (auto, 2021, 2026), 5 write
 * in pieces, 6 free the client at the fifth callback, 7 halt each
 * command accepted and call done at once.
 *
 *   make fuzz && build/fuzz/fuzz_client -max_total_time=900 \
 *           build/fuzz/corpus-client fuzz/seeds-client
 *
 * Seeds (fuzz/seeds-client/) are transcripts of scamper 20211212 and
 * 20260420 and the sessions tests/unit/test_client.c plays, each with a
 * settings byte.  Inputs that found a problem are kept in
 * tests/data/regress-client/, which tests/unit/fuzz_client_regress
 * replays on every test run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctrl/client.h"

#define NCMDS 6

struct cmd {
	ctrl_cmd cmd;
	int      submitted, dones;
};

struct state {
	ctrl_client *c;
	struct cmd   cmds[NCMDS];
	int          next;          /* next to submit */
	int          closed, calls, free_at, halt;
	int          after_close;   /* callbacks after closed: a bug */
};

static const char *const lines[NCMDS] = {
	"ping -c 1 198.51.100.7", "trace 198.51.100.7", "ping -c 1 bogus",
	"trace -y 1 198.51.100.7", "tbit -u http://x/ 192.0.2.1",
	"dealias -m mercator 192.0.2.2",
};

static void called(struct state *s, ctrl_client *c)
{
	if (s->closed)
		s->after_close++;
	if (++s->calls == s->free_at && s->c == c) {
		ctrl_client_free(c);
		s->c = NULL;
	}
}

static void submit_next(struct state *s, ctrl_client *c)
{
	if (s->next < NCMDS) {
		struct cmd *k = &s->cmds[s->next++];
		struct ctrl_error err;
		if (ctrl_client_submit(c, &k->cmd, &err) == 0)
			k->submitted = 1;
	}
}

static void on_accepted(ctrl_client *c, ctrl_cmd *cmd, void *arg)
{
	struct state *s = arg;
	if (cmd->id == 0)
		abort();   /* accepted without an id */
	if (s->halt && s->c == c)
		ctrl_client_halt(c, cmd->id);
	called(s, c);
}

static void on_result(ctrl_client *c, ctrl_cmd *cmd, struct ctrl_result *r,
                      void *arg)
{
	struct state *s = arg;
	warts_object o;

	if (r->len > 0 && r->data == NULL)
		abort();
	if (cmd != NULL && cmd->id != r->id)
		abort();   /* matched to the wrong command */
	if (r->format == CTRL_FORMAT_WARTS && r->obj == NULL &&
	    r->decode_error == NULL)
		abort();   /* neither an object nor why not */
	/* take every other object: both paths must free it */
	if ((r->len & 1) && ctrl_result_take(r, &o) == 0)
		warts_object_clear(&o);
	called(s, c);
}

static void on_done(ctrl_client *c, ctrl_cmd *cmd, int how, const char *why,
                    void *arg)
{
	struct state *s = arg;
	struct cmd *k = cmd->user;

	(void)c;
	if (why == NULL || how < CTRL_CMD_COMPLETED || how > CTRL_CMD_LOST)
		abort();
	if (!k->submitted || ++k->dones > 1)
		abort();   /* a done for nothing, or twice */
	if (s->closed)
		s->after_close++;
	s->calls++;
}

static void on_record(ctrl_client *c, const struct ctrl_result *r, void *arg)
{
	struct state *s = arg;
	/* touch every byte, so that the sanitizers see a short buffer */
	volatile uint8_t x = 0;
	for (size_t i = 0; i < r->len; i++)
		x ^= r->data[i];
	(void)x;
	called(s, c);
}

static void on_more(ctrl_client *c, void *arg)
{
	struct state *s = arg;

	if (s->next < NCMDS)
		submit_next(s, c);
	else
		ctrl_client_done(c);
	called(s, c);
}

static void on_closed(ctrl_client *c, const struct ctrl_error *err,
                      void *arg)
{
	struct state *s = arg;

	if (s->closed++)
		abort();
	if (err != NULL && (err->code < CTRL_ERR_USAGE ||
	                    err->code > CTRL_ERR_NOMEM ||
	                    memchr(err->msg, '\0', sizeof(err->msg)) == NULL))
		abort();
	/* nothing may be held any more */
	if (ctrl_client_unsent(c) != 0 || ctrl_client_inflight(c) != 0)
		abort();
	if (s->c == c) {
		ctrl_client_free(c);
		s->c = NULL;
	}
}

static const struct ctrl_client_ops ops = {
	.accepted = on_accepted,
	.result = on_result,
	.done = on_done,
	.record = on_record,
	.more = on_more,
	.closed = on_closed,
};

static void drain(int fd)
{
	char buf[4096];
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int once;
	struct state s;
	struct ctrl_client_opts o;
	struct ctrl_attach a;
	struct ctrl_error err;
	ctrl_loop *l;
	int sv[2], flags;
	size_t off = 0, piece;

	if (!once) {
		signal(SIGPIPE, SIG_IGN);
		once = 1;
	}
	if (size < 1)
		return 0;
	flags = data[0];
	data++;
	size--;

	memset(&s, 0, sizeof(s));
	memset(&o, 0, sizeof(o));
	memset(&a, 0, sizeof(a));
	for (int i = 0; i < NCMDS; i++) {
		s.cmds[i].cmd.line = lines[i];
		s.cmds[i].cmd.user = &s.cmds[i];
	}
	o.impatient = (flags & 0x02) != 0;
	o.dialect = (flags >> 3 & 3) == 1 ? 2021 : (flags >> 3 & 3) == 2 ? 2026
	                                                                 : 0;
	o.max_record = 1u << 16;
	a.format = (flags & 0x01) ? CTRL_FORMAT_JSON : CTRL_FORMAT_DEFAULT;
	s.free_at = (flags & 0x40) ? 5 : 0;
	s.halt = (flags & 0x80) != 0;
	piece = (flags & 0x20) ? 7 : size;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return 0;
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	l = ctrl_loop_new();
	s.c = ctrl_client_new(l, &ops, &o, &s);
	if (ctrl_client_open_fd(s.c, sv[0], (flags & 0x04) ? NULL : &a,
	                        (flags & 0x04) != 0, &err) != 0)
		abort();
	for (int i = 0; i < 3 && s.c != NULL; i++)
		submit_next(&s, s.c);
	if (s.halt && s.c != NULL)
		ctrl_client_done(s.c);

	while (off < size && s.c != NULL) {
		size_t n = size - off < piece ? size - off : piece;
		ssize_t w = write(sv[1], data + off, n);
		if (w > 0)
			off += (size_t)w;
		else if (w < 0 && errno != EAGAIN)
			break;
		ctrl_loop_once(l, 0);
		drain(sv[1]);
	}
	shutdown(sv[1], SHUT_WR);
	for (int i = 0; i < 64 && s.c != NULL && !s.closed; i++) {
		ctrl_loop_once(l, 0);
		drain(sv[1]);
	}
	if (s.c != NULL && !s.closed)
		abort();   /* the prober has gone: the client must see it */
	if (s.c != NULL)
		ctrl_client_free(s.c);
	for (int i = 0; i < NCMDS; i++)
		if (s.cmds[i].submitted && s.cmds[i].dones != 1)
			abort();   /* a command never ended */
	if (s.after_close)
		abort();
	close(sv[1]);
	ctrl_loop_free(l);
	return 0;
}
