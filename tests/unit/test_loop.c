/*
 * test_loop.c: the event loop runs timers in time order, cancels and
 * re-arms them, and calls back for readable descriptors; and does all
 * that on a kernel older than 5.11, without epoll_pwait2 (made to fail
 * with ENOSYS here by a seccomp filter, as such a kernel would).
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ctrl/loop.h"
#include "tap.h"

struct rec {
	int order[64];
	int n;
};

struct tmr {
	ctrl_timer t;
	struct rec *r;
	int id;
};

static void fired(ctrl_loop *l, void *arg)
{
	struct tmr *t = arg;
	(void)l;
	t->r->order[t->r->n++] = t->id;
}

static void test_timers(void)
{
	ctrl_loop *l = ctrl_loop_new();
	struct rec r = { {0}, 0 };
	struct tmr t[40];
	uint64_t base = ctrl_loop_now(l);
	int ordered = 1;

	/* armed out of order; some cancelled, some moved */
	for (int i = 0; i < 40; i++) {
		t[i].r = &r;
		t[i].id = i;
		ctrl_timer_init(&t[i].t, fired, &t[i]);
		ctrl_timer_at(l, &t[i].t, base + 1000 + (uint64_t)((i * 7919) % 40) * 100);
	}
	for (int i = 0; i < 40; i += 5)
		ctrl_timer_cancel(l, &t[i].t);
	ctrl_timer_at(l, &t[1].t, base + 50);       /* moved earlier */
	ctrl_timer_at(l, &t[2].t, base + 20000);    /* moved later */
	ok(ctrl_timer_armed(&t[1].t) && !ctrl_timer_armed(&t[0].t),
	   "armed and cancelled timers say so");
	ctrl_loop_run(l);
	is_int(r.n, 32, "the 32 timers not cancelled fired");
	is_int(r.order[0], 1, "the one moved earlier fired first");
	is_int(r.order[31], 2, "the one moved later fired last");
	for (int i = 1; i < r.n; i++)
		if (t[r.order[i]].t.when < t[r.order[i - 1]].t.when)
			ordered = 0;
	ok(ordered, "in order of their times");
	ok(ctrl_loop_now(l) >= base + 20000, "and not before their time");
	ctrl_loop_free(l);
}

struct pipe_state {
	int fds[2];
	int reads;
	ctrl_timer t;
};

static void readable(ctrl_loop *l, int fd, unsigned ev, void *arg)
{
	struct pipe_state *p = arg;
	char buf[16];
	(void)ev;
	if (read(fd, buf, sizeof(buf)) > 0 && ++p->reads == 3)
		ctrl_loop_watch(l, fd, 0, NULL, NULL);
}

static void writer(ctrl_loop *l, void *arg)
{
	struct pipe_state *p = arg;
	if (write(p->fds[1], "x", 1) == 1 && p->reads < 2)
		ctrl_timer_after(l, &p->t, 1000);
}

static void test_fds(void)
{
	ctrl_loop *l = ctrl_loop_new();
	struct pipe_state p = { {0, 0}, 0, {0} };
	if (pipe(p.fds) != 0) {
		ok(0, "pipe");
		return;
	}
	ctrl_loop_watch(l, p.fds[0], CTRL_READ, readable, &p);
	ctrl_timer_init(&p.t, writer, &p);
	ctrl_timer_after(l, &p.t, 1000);
	ctrl_loop_run(l);
	is_int(p.reads, 3, "readable callbacks until the watch was removed");
	close(p.fds[0]);
	close(p.fds[1]);
	ctrl_loop_free(l);
}

static void stop_cb(ctrl_loop *l, void *arg)
{
	(*(int *)arg)++;
	ctrl_loop_stop(l);
}

/* A stop ends the ctrl_loop_once it was made in, not the ones after. */
static void test_stop_once(void)
{
	ctrl_loop *l = ctrl_loop_new();
	ctrl_timer t;
	int n = 0;

	ctrl_timer_init(&t, stop_cb, &n);
	ctrl_timer_after(l, &t, 0);
	ctrl_loop_once(l, 0);
	is_int(n, 1, "a timer that stops the loop ran");
	ctrl_timer_after(l, &t, 0);
	ctrl_loop_once(l, 0);
	is_int(n, 2, "the next ctrl_loop_once still runs what is due");
	ctrl_loop_free(l);
}

/* From now on this process's epoll_pwait2 fails with ENOSYS. */
static int no_epoll_pwait2(void)
{
#ifdef __NR_epoll_pwait2
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		         offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_epoll_pwait2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
		return -1;
	errno = 0;
	if (syscall(__NR_epoll_pwait2, -1, NULL, 0, NULL, NULL) != -1 ||
	    errno != ENOSYS)
		return -1;
	return 0;
#else
	return 0;      /* the headers do not know it: nor does the loop */
#endif
}

int main(void)
{
	test_timers();
	test_fds();
	test_stop_once();

	/* the same again as on a kernel before 5.11 */
	ok(no_epoll_pwait2() == 0, "epoll_pwait2 now fails with ENOSYS");
	test_timers();
	test_fds();
	test_stop_once();
	return done_testing();
}
