/*
 * fuzz_control.c: libFuzzer target for the prober's control socket
 * (prober/control/): the line reader, the interactive commands and the
 * attached mode, with up to four clients at once.
 *
 * The prober runs on the fake network (tests/fake/net_fake.c): probes
 * are counted and dropped, so a measurement ends by being halted, by
 * its client going away, or when the control socket is freed.  Each
 * client is the far end of a socketpair adopted by the control socket.
 *
 * The input is one settings byte, then the clients' bytes.  A byte 0xfe
 * followed by a byte k is an action, not data: k & 3 chooses the client
 * the next bytes go to; k & 4 runs the loop a few rounds; k & 8 shuts
 * that client's writing side (the end of its input); k & 16 closes it
 * (it vanishes); k & 32 makes it stop reading its output; k & 64 lets
 * time pass (the loop runs with a 1 ms wait).  Data is written in pieces
 * of the size the settings choose, with the loop run between.
 *
 * The settings byte: bits 0-1 the piece size (all at once, 1, 7, 61
 * bytes); bit 2 -O ctrl-2021; bit 3 tiny limits (lines of 64 bytes,
 * 4 KB of output per client, 3 unstarted commands), so that every limit
 * is reached by short inputs; bits 4-5 the prober's window (none, 1, 2,
 * 4); bit 6 small socket buffers; bit 7 free the control socket while
 * clients are still connected (otherwise every client's input is ended
 * and the loop run a while for them to leave, then it is freed).
 *
 * Nothing may crash, leak, read out of bounds or hang, and every message
 * for the -d log must be a short string.
 *
 *   make fuzz && build/fuzz/fuzz_control -max_total_time=600 \
 *           build/fuzz/corpus-control fuzz/seeds-control
 *
 * Seeds (fuzz/seeds-control/) are sessions a user would type.  Inputs
 * that found a problem are kept in tests/data/regress-control/, which
 * tests/unit/fuzz_control_regress replays on every test run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "control/control.h"
#include "ctrl/loop.h"
#include "net/net.h"
#include "prober.h"

#define NCLIENTS 4
#define ACTION   0xfe

struct fz_client {
	int fd;          /* our end, -1 once closed */
	int no_read;     /* stopped reading its output */
	int shut;        /* its input has ended */
};

/* The -d log: every message must be a string, and short. */
static void on_log(void *arg, const char *msg)
{
	(void)arg;
	if (strlen(msg) >= 512)
		abort();
}

static void drain(struct fz_client *c)
{
	char buf[8192];
	if (c->fd < 0 || c->no_read)
		return;
	while (read(c->fd, buf, sizeof(buf)) > 0)
		;
}

static void pump(ctrl_loop *l, struct fz_client *cl, int rounds, int wait)
{
	for (int i = 0; i < rounds; i++) {
		ctrl_loop_once(l, wait);
		for (int k = 0; k < NCLIENTS; k++)
			drain(&cl[k]);
	}
}

/* Write n bytes as client c, piece by piece, the loop run between; a
 * client the prober stopped reading (paused) gives up after a while. */
static void put(ctrl_loop *l, struct fz_client *cl, struct fz_client *c,
                const uint8_t *p, size_t n, size_t piece)
{
	int stalled = 0;

	while (n > 0 && c->fd >= 0 && !c->shut && stalled < 16) {
		ssize_t w = write(c->fd, p, n < piece ? n : piece);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			stalled = 0;
		} else if (w < 0 && errno == EAGAIN) {
			stalled++;
		} else {
			return;   /* the prober closed it */
		}
		pump(l, cl, 1, 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t pieces[4] = { SIZE_MAX, 1, 7, 61 };
	static const unsigned windows[4] = { 0, 1, 2, 4 };
	static int once;
	struct fz_client cl[NCLIENTS];
	struct control_opts co;
	struct prober_opts po;
	struct control *ctl;
	struct prober p;
	struct net *n;
	ctrl_loop *l;
	char err[128];
	size_t piece, off, start;
	int flags, cur = 0;

	if (!once) {
		signal(SIGPIPE, SIG_IGN);
		once = 1;
	}
	if (size < 1)
		return 0;
	flags = data[0];
	data++;
	size--;
	piece = pieces[flags & 3];

	memset(&co, 0, sizeof(co));
	co.dialect = (flags & 4) ? CTRL_DIALECT_2021 : CTRL_DIALECT_2026;
	co.command = "trace";
	co.log = on_log;
	if (flags & 8) {
		co.max_line = 64;
		co.max_queue = 4096;
		co.max_pending = 3;
	}
	memset(&po, 0, sizeof(po));
	po.pps = 1000000;
	po.window = windows[flags >> 4 & 3];

	if ((l = ctrl_loop_new()) == NULL)
		return 0;
	n = net_open(1, 1, err, sizeof(err));
	prober_init(&p, l, n, NULL, &po);
	ctl = control_new(&co);
	if (ctl == NULL || control_start(ctl, &p) != 0)
		abort();
	for (int i = 0; i < NCLIENTS; i++) {
		int sv[2];
		char name[32];
		cl[i].fd = -1;
		cl[i].no_read = cl[i].shut = 0;
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
			continue;
		if (flags & 0x40) {
			int sz = 4096;
			setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sz,
			           sizeof(sz));
			setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &sz,
			           sizeof(sz));
		}
		fcntl(sv[1], F_SETFL, O_NONBLOCK);
		name[0] = '0' + (char)i;
		memcpy(name + 1, ".fuzz", 6);
		if (control_adopt(ctl, sv[0], name) != 0)
			abort();
		cl[i].fd = sv[1];
	}

	for (off = start = 0; off < size; off++) {
		unsigned k;
		if (data[off] != ACTION || off + 1 >= size)
			continue;
		put(l, cl, &cl[cur], data + start, off - start, piece);
		k = data[off + 1];
		off++;
		start = off + 1;
		cur = k & 3;
		if (k & 4)
			pump(l, cl, 8, 0);
		if ((k & 8) && cl[cur].fd >= 0 && !cl[cur].shut) {
			shutdown(cl[cur].fd, SHUT_WR);
			cl[cur].shut = 1;
		}
		if ((k & 16) && cl[cur].fd >= 0) {
			close(cl[cur].fd);
			cl[cur].fd = -1;
		}
		if (k & 32)
			cl[cur].no_read = 1;
		if (k & 64)
			pump(l, cl, 2, 1);
	}
	put(l, cl, &cl[cur], data + start, size - start, piece);
	pump(l, cl, 4, 0);

	if (!(flags & 0x80)) {
		/* every client's input ends: each must be served and leave,
		 * unless it stopped reading (then it may wait for room) or
		 * attached and said done (its measurements run on) */
		for (int i = 0; i < NCLIENTS; i++)
			if (cl[i].fd >= 0 && !cl[i].shut) {
				shutdown(cl[i].fd, SHUT_WR);
				cl[i].shut = 1;
			}
		for (int i = 0; i < 64 && control_clients(ctl) > 0; i++)
			pump(l, cl, 1, 0);
	}
	control_free(ctl);
	prober_fini(&p);
	net_close(n);
	for (int i = 0; i < NCLIENTS; i++)
		if (cl[i].fd >= 0)
			close(cl[i].fd);
	ctrl_loop_free(l);
	return 0;
}
