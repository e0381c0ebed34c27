/*
 * route_linux.h: the kernel's source address toward many destinations in
 * one exchange (rtnetlink RTM_GETROUTE, what "ip route get" asks).
 *
 * Asking one destination at a time costs three system calls: connect a
 * UDP socket, getsockname, and disconnect it (net_linux.c says why).
 * A prober starting thousands of traces a second asks for a whole
 * tick's worth at once instead: one send carries every request, the
 * kernel answers each while the send runs, and one recvmmsg reads the
 * answers.  Measured in the benchmark's lab: 1.7 us of CPU a
 * destination in batches of 32, against 2.5 us alone.  Only net_linux.c
 * uses this.
 */
#ifndef PROBER_ROUTE_LINUX_H
#define PROBER_ROUTE_LINUX_H

#include <stddef.h>
#include <stdint.h>

#include "warts/addr.h"

/* The UDP port a source lookup connects to, alone (net_src) or in a
 * batch, so that rules choosing by port choose alike. */
#define NET_SRC_PORT 33435

/* At most this many destinations an ask. */
#define ROUTE_BATCH_MAX 32

struct route_batch;

/* A batch with no socket yet (it opens one at its first ask); NULL when
 * out of memory. */
struct route_batch *route_batch_new(void);
void route_batch_free(struct route_batch *b);

/*
 * Ask the routes toward dst[0..count-1] (count at most ROUTE_BATCH_MAX)
 * as user uid would (policy rules may choose by user), and keep the
 * source addresses found until the next ask or route_batch_clear.
 * Returns how many had one; a destination without (no route, an error,
 * an answer lost, a broadcast route) is simply not kept, and the caller
 * asks the slow way.  So are those the kernel's route lookup answers
 * differently from a connected socket, which are not asked: IPv6
 * link-local, multicast and IPv4-mapped addresses.
 */
size_t route_batch_ask(struct route_batch *b, const warts_addr *const *dst,
                       size_t count, uint32_t uid);

/* The source the last ask found toward dst: 0, or -1 if none.
 * *unicast (if not NULL) is 1 if it came from a unicast route. */
int route_batch_src(const struct route_batch *b, const warts_addr *dst,
                    warts_addr *src, int *unicast);

void route_batch_clear(struct route_batch *b);

#endif
