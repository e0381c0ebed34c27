/*
 * loop_epoll.c: the event loop's backend on Linux.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "ctrl/loop.h"
#include "loop_backend.h"

struct loop_backend {
	int                epfd;
	int                no_pwait2;  /* the kernel predates 5.11 */
	struct epoll_event ev[256];
};

struct loop_backend *loop_backend_new(void)
{
	struct loop_backend *b = calloc(1, sizeof(*b));
	if (b == NULL)
		return NULL;
	if ((b->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		free(b);
		return NULL;
	}
	return b;
}

void loop_backend_free(struct loop_backend *b)
{
	if (b == NULL)
		return;
	close(b->epfd);
	free(b);
}

int loop_backend_set(struct loop_backend *b, int fd, unsigned old,
                     unsigned events)
{
	struct epoll_event e = { 0 };
	int op;
	if (events & CTRL_READ)
		e.events |= EPOLLIN;
	if (events & CTRL_WRITE)
		e.events |= EPOLLOUT;
	e.data.fd = fd;
	if (events == 0)
		op = EPOLL_CTL_DEL;
	else if (old == 0)
		op = EPOLL_CTL_ADD;
	else
		op = EPOLL_CTL_MOD;
	if (old == 0 && events == 0)
		return 0;
	return epoll_ctl(b->epfd, op, fd, &e);
}

int loop_backend_wait(struct loop_backend *b, struct loop_event *ev,
                      int max, int64_t timeout_us)
{
	struct timespec ts, *tsp = NULL;
	int n;
	if (timeout_us >= 0) {
		if (timeout_us > 3600000000LL)
			timeout_us = 3600000000LL;
		/* microsecond timeouts: a prober paces probes finer than ms */
		ts.tv_sec = (time_t)(timeout_us / 1000000);
		ts.tv_nsec = (long)(timeout_us % 1000000) * 1000;
		tsp = &ts;
	}
	if (max > 256)
		max = 256;
	do {
		if (!b->no_pwait2) {
			n = epoll_pwait2(b->epfd, b->ev, max, tsp, NULL);
			if (n < 0 && errno == ENOSYS)
				b->no_pwait2 = 1;
			else
				continue;
		}
		/* milliseconds, rounded up: a timer is never run early */
		n = epoll_wait(b->epfd, b->ev, max, timeout_us < 0 ? -1 :
		               (int)((timeout_us + 999) / 1000));
	} while (n < 0 && errno == EINTR);
	for (int i = 0; i < n; i++) {
		unsigned e = 0;
		if (b->ev[i].events & EPOLLIN)
			e |= CTRL_READ;
		if (b->ev[i].events & EPOLLOUT)
			e |= CTRL_WRITE;
		if (b->ev[i].events & (EPOLLERR | EPOLLHUP))
			e |= CTRL_ERROR | CTRL_READ;
		ev[i].fd = b->ev[i].data.fd;
		ev[i].events = e;
	}
	return n;
}
