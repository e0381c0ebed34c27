/*
 * loop.c: file descriptor callbacks and a timer heap over a backend.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctrl/loop.h"
#include "loop_backend.h"

struct watch {
	unsigned   events;
	ctrl_fd_cb cb;
	void      *arg;
};

struct ctrl_loop {
	struct loop_backend *be;
	struct watch        *w;       /* indexed by fd */
	size_t               nw;
	size_t               nwatched;
	ctrl_timer         **heap;    /* min-heap on when */
	size_t               nheap, heapcap;
	uint64_t             now;
	int                  stop;
};

static uint64_t clock_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

ctrl_loop *ctrl_loop_new(void)
{
	ctrl_loop *l = calloc(1, sizeof(*l));
	if (l == NULL)
		return NULL;
	if ((l->be = loop_backend_new()) == NULL) {
		free(l);
		return NULL;
	}
	l->now = clock_us();
	return l;
}

void ctrl_loop_free(ctrl_loop *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nheap; i++)
		l->heap[i]->slot = (size_t)-1;
	loop_backend_free(l->be);
	free(l->w);
	free(l->heap);
	free(l);
}

int ctrl_loop_watch(ctrl_loop *l, int fd, unsigned events, ctrl_fd_cb cb,
                    void *arg)
{
	unsigned old;
	if (fd < 0) {
		errno = EBADF;
		return -1;
	}
	events &= CTRL_READ | CTRL_WRITE;
	if ((size_t)fd >= l->nw) {
		size_t n = l->nw ? l->nw : 64;
		struct watch *w;
		if (events == 0)
			return 0;
		while (n <= (size_t)fd)
			n *= 2;
		if ((w = realloc(l->w, n * sizeof(*w))) == NULL)
			return -1;
		memset(w + l->nw, 0, (n - l->nw) * sizeof(*w));
		l->w = w;
		l->nw = n;
	}
	old = l->w[fd].events;
	if (old != events &&
	    loop_backend_set(l->be, fd, old, events) != 0)
		return -1;
	if (old == 0 && events != 0)
		l->nwatched++;
	else if (old != 0 && events == 0)
		l->nwatched--;
	l->w[fd].events = events;
	l->w[fd].cb = cb;
	l->w[fd].arg = arg;
	return 0;
}

uint64_t ctrl_loop_now(const ctrl_loop *l)
{
	return l->now;
}

uint64_t ctrl_loop_refresh(ctrl_loop *l)
{
	return l->now = clock_us();
}

void ctrl_timer_init(ctrl_timer *t, ctrl_timer_cb cb, void *arg)
{
	t->when = 0;
	t->slot = (size_t)-1;
	t->cb = cb;
	t->arg = arg;
}

static void heap_place(ctrl_loop *l, size_t i, ctrl_timer *t)
{
	l->heap[i] = t;
	t->slot = i;
}

static void heap_up(ctrl_loop *l, size_t i)
{
	ctrl_timer *t = l->heap[i];
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (l->heap[p]->when <= t->when)
			break;
		heap_place(l, i, l->heap[p]);
		i = p;
	}
	heap_place(l, i, t);
}

static void heap_down(ctrl_loop *l, size_t i)
{
	ctrl_timer *t = l->heap[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= l->nheap)
			break;
		if (c + 1 < l->nheap && l->heap[c + 1]->when < l->heap[c]->when)
			c++;
		if (t->when <= l->heap[c]->when)
			break;
		heap_place(l, i, l->heap[c]);
		i = c;
	}
	heap_place(l, i, t);
}

void ctrl_timer_cancel(ctrl_loop *l, ctrl_timer *t)
{
	size_t i = t->slot;
	if (i == (size_t)-1)
		return;
	t->slot = (size_t)-1;
	if (i == --l->nheap)
		return;
	/* the last timer fills the hole, then moves up or down */
	{
		ctrl_timer *m = l->heap[l->nheap];
		heap_place(l, i, m);
		heap_up(l, i);
		if (m->slot == i)
			heap_down(l, i);
	}
}

int ctrl_timer_at(ctrl_loop *l, ctrl_timer *t, uint64_t when)
{
	if (t->slot != (size_t)-1) {
		size_t i = t->slot;
		t->when = when;
		heap_up(l, i);
		heap_down(l, t->slot);
		return 0;
	}
	if (l->nheap == l->heapcap) {
		size_t n = l->heapcap ? l->heapcap * 2 : 64;
		ctrl_timer **h = realloc(l->heap, n * sizeof(*h));
		if (h == NULL)
			return -1;
		l->heap = h;
		l->heapcap = n;
	}
	t->when = when;
	heap_place(l, l->nheap++, t);
	heap_up(l, t->slot);
	return 0;
}

int ctrl_timer_after(ctrl_loop *l, ctrl_timer *t, uint64_t usec)
{
	return ctrl_timer_at(l, t, l->now + usec);
}

/* Run the timers that are due, including ones they arm for now. */
static void run_timers(ctrl_loop *l)
{
	unsigned n = 0;
	while (l->nheap > 0 && l->heap[0]->when <= l->now && !l->stop) {
		ctrl_timer *t = l->heap[0];
		ctrl_timer_cancel(l, t);
		t->cb(l, t->arg);
		/* a timer that keeps re-arming itself must not starve I/O */
		if (++n % 1024 == 0)
			ctrl_loop_refresh(l);
	}
}

int ctrl_loop_once(ctrl_loop *l, uint64_t max_usec)
{
	struct loop_event ev[256];
	int64_t wait = (int64_t)max_usec;
	int n;

	/* a stop ends the call it was made in (and ctrl_loop_run); the
	 * next call runs again */
	l->stop = 0;
	ctrl_loop_refresh(l);
	run_timers(l);
	if (l->stop)
		return 0;
	if (l->nheap > 0) {
		uint64_t due = l->heap[0]->when;
		int64_t d = due > l->now ? (int64_t)(due - l->now) : 0;
		if (d < wait)
			wait = d;
	}
	if ((n = loop_backend_wait(l->be, ev, 256, wait)) < 0)
		return -1;
	ctrl_loop_refresh(l);
	for (int i = 0; i < n && !l->stop; i++) {
		int fd = ev[i].fd;
		struct watch *w;
		if ((size_t)fd >= l->nw)
			continue;
		w = &l->w[fd];
		/* a callback earlier in this batch may have stopped it */
		if (w->events == 0 || w->cb == NULL)
			continue;
		w->cb(l, fd, ev[i].events, w->arg);
	}
	run_timers(l);
	return 0;
}

int ctrl_loop_run(ctrl_loop *l)
{
	l->stop = 0;
	while (!l->stop && (l->nwatched > 0 || l->nheap > 0)) {
		uint64_t wait = UINT64_C(3600000000);
		if (ctrl_loop_once(l, wait) != 0)
			return -1;
	}
	return 0;
}

void ctrl_loop_stop(ctrl_loop *l)
{
	l->stop = 1;
}
