/*
 * warts/timeval.h: times as warts stores them.
 *
 * A timestamp is two unsigned 32-bit numbers, seconds since the Unix epoch
 * and microseconds, kept exactly as the file holds them: neither is
 * normalised, so a value read and written back is unchanged.
 */
#ifndef WARTS_TIMEVAL_H
#define WARTS_TIMEVAL_H

#include <stdint.h>

typedef struct warts_tv {
	uint32_t sec;
	uint32_t usec;
} warts_tv;

/* Non-zero when either half of the time is non-zero. */
static inline int warts_tv_isset(const warts_tv *tv)
{
	return tv->sec != 0 || tv->usec != 0;
}

/*
 * Round-trip times and other short durations are stored as one unsigned
 * 32-bit count of microseconds (warts(5) "RTT").
 */
typedef uint32_t warts_rtt;

#endif
