/*
 * loop_backend.h: what an operating system's readiness mechanism must
 * provide to loop.c.  loop_epoll.c is Linux's.
 */
#ifndef CTRL_LOOP_BACKEND_H
#define CTRL_LOOP_BACKEND_H

#include <stdint.h>

struct loop_backend;

struct loop_event {
	int      fd;
	unsigned events;   /* CTRL_READ | CTRL_WRITE | CTRL_ERROR */
};

struct loop_backend *loop_backend_new(void);
void loop_backend_free(struct loop_backend *b);
/* Set the events watched on fd (0: none). */
int loop_backend_set(struct loop_backend *b, int fd, unsigned old,
                     unsigned events);
/* Wait up to timeout_us (-1: forever); fill at most max events. */
int loop_backend_wait(struct loop_backend *b, struct loop_event *ev,
                      int max, int64_t timeout_us);

#endif
