/*
 * srccache_linux.h: IPv4 source addresses remembered by the route that
 * decides them, so that a prober starting thousands of measurements a
 * second asks the kernel once per route rather than once per
 * destination.
 *
 * When is that exact?  The kernel picks an IPv4 destination's route by
 * the longest prefix that holds it, in the tables its policy rules
 * name; the source is then the route's preferred source, or one chosen
 * for the route's next hop and device, neither of which depends on the
 * destination.  So two destinations whose longest holding prefix, over
 * every route of every table and every rule's destination selector, is
 * the same get the same source, unless:
 *   - the route is multipath (the path is hashed from the destination)
 *     or uses a nexthop object (it may be a group);
 *   - it is a default route and its table has more than one (the kernel
 *     chooses among them by their neighbours' state);
 *   - the answer was not a unicast route (a local route's source is the
 *     destination itself; broadcast, unreachable and the like);
 *   - the destination is special: 0/8, 127/8, multicast, 240/4.
 * The cache keeps only answers outside these cases, under the prefix,
 * from a copy of the prefixes it dumps over rtnetlink.  Any
 * notification of a route, address, rule, link or nexthop change (or
 * one missed: ENOBUFS) empties it; the copy is made again, at most once
 * a second, when next needed.  A host with more than SRC_CACHE_PREFIXES
 * routes is not cached, nor one whose routes change so often that a
 * round finds dozens of notifications (for a minute then).  IPv6 is never cached: its source selection
 * weighs each candidate address against the destination.
 */
#ifndef PROBER_SRCCACHE_LINUX_H
#define PROBER_SRCCACHE_LINUX_H

#include <stdint.h>

#include "warts/addr.h"

#define SRC_CACHE_PREFIXES 4096

struct src_cache;

/* An empty cache (its sockets are opened at first use); NULL when out
 * of memory. */
struct src_cache *src_cache_new(void);
void src_cache_free(struct src_cache *c);

/*
 * Read the change notifications (emptying the cache if there are any);
 * call before a round of lookups, now being the monotonic time in
 * microseconds.  Returns 1 if the cache may be used for this round.
 */
int src_cache_sync(struct src_cache *c, uint64_t now);

/* The source remembered for dst's route: 0, or -1 if none. */
int src_cache_get(const struct src_cache *c, const warts_addr *dst,
                  warts_addr *src);

/* Remember src, which the kernel gave toward dst in a unicast route's
 * answer, if the rules above allow. */
void src_cache_put(struct src_cache *c, const warts_addr *dst,
                   const warts_addr *src);

#endif
