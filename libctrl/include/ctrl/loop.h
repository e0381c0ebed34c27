/*
 * ctrl/loop.h: the one event loop every program here runs on.
 *
 * A loop watches file descriptors and runs timers.  Callbacks run one at
 * a time on the loop's thread.  Timers are structs the caller embeds in
 * its own objects (no allocation per timer), kept in a heap, so tens of
 * thousands of measurements can each have one.
 *
 *   ctrl_loop *l = ctrl_loop_new();
 *   ctrl_loop_watch(l, fd, CTRL_READ, on_readable, state);
 *   ctrl_timer_init(&state->timer, on_timeout, state);
 *   ctrl_timer_after(l, &state->timer, 500000);   // in 0.5 s
 *   ctrl_loop_run(l);                              // until ctrl_loop_stop
 *
 * The backend is epoll on Linux (loop_epoll.c); another OS adds a file.
 */
#ifndef CTRL_LOOP_H
#define CTRL_LOOP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ctrl_loop ctrl_loop;

enum {
	CTRL_READ  = 0x1,
	CTRL_WRITE = 0x2,
	CTRL_ERROR = 0x4,   /* reported only: hang-up or error on the fd */
};

typedef void (*ctrl_fd_cb)(ctrl_loop *l, int fd, unsigned events,
                           void *arg);
typedef void (*ctrl_timer_cb)(ctrl_loop *l, void *arg);

typedef struct ctrl_timer {
	uint64_t      when;     /* monotonic microseconds */
	size_t        slot;     /* index in the heap, or SIZE_MAX */
	ctrl_timer_cb cb;
	void         *arg;
} ctrl_timer;

/* A new loop, or NULL (errno set). */
ctrl_loop *ctrl_loop_new(void);
void ctrl_loop_free(ctrl_loop *l);

/*
 * Watch fd for the given events (CTRL_READ, CTRL_WRITE), replacing any
 * earlier watch of it; events 0 stops watching.  Returns 0, or -1 with
 * errno.  Stop watching before closing a descriptor.
 */
int ctrl_loop_watch(ctrl_loop *l, int fd, unsigned events, ctrl_fd_cb cb,
                    void *arg);

/* The monotonic clock in microseconds, as of the current iteration. */
uint64_t ctrl_loop_now(const ctrl_loop *l);

/* Read the clock again (for a callback that ran long). */
uint64_t ctrl_loop_refresh(ctrl_loop *l);

void ctrl_timer_init(ctrl_timer *t, ctrl_timer_cb cb, void *arg);
/* (Re)arm the timer for an absolute time, or a delay from now. */
int ctrl_timer_at(ctrl_loop *l, ctrl_timer *t, uint64_t when);
int ctrl_timer_after(ctrl_loop *l, ctrl_timer *t, uint64_t usec);
/* Disarm; harmless if not armed. */
void ctrl_timer_cancel(ctrl_loop *l, ctrl_timer *t);
static inline int ctrl_timer_armed(const ctrl_timer *t)
{
	return t->slot != (size_t)-1;
}

/*
 * Run callbacks until ctrl_loop_stop, or until nothing is watched and no
 * timer is armed.  Returns 0, or -1 with errno if waiting failed.
 */
int ctrl_loop_run(ctrl_loop *l);

/* Wait at most max_usec (or not at all for 0) and run what is due; a
 * ctrl_loop_stop from a callback ends this call (not the next one). */
int ctrl_loop_once(ctrl_loop *l, uint64_t max_usec);

void ctrl_loop_stop(ctrl_loop *l);

#ifdef __cplusplus
}
#endif

#endif
