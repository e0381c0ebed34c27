/*
 * net_fake.h: what tests may ask of the fake network (net_fake.c)
 * beyond prober/net/net.h.
 */
#ifndef TESTS_NET_FAKE_H
#define TESTS_NET_FAKE_H

#include <stddef.h>
#include <stdint.h>

#include "net/net.h"

/*
 * Answer every IPv4 ICMP echo request sent from now on with an echo
 * reply that arrives after_us microseconds (by the loop's clock) after
 * it was sent.  Like a real socket's, arrived replies are handed over
 * only when read: by net_poll (the fake has no descriptor to wake the
 * loop), which the prober calls while quiet.  0 stops answering.
 */
void net_fake_echo(struct net *n, uint64_t after_us);

/*
 * Answer every k-th echo request from now on (the k-th, 2k-th, ...;
 * k 0: none) not with an echo reply but with an ICMP time exceeded from
 * router (4 bytes) quoting it, as a router on the path would.
 */
void net_fake_quote_every(struct net *n, unsigned k, const uint8_t *router);

/* From now on every reply comes k times (k 0 or 1: once), as from a
 * network that duplicates packets. */
void net_fake_copies(struct net *n, unsigned k);

/* The k-th probe sent from now on (k from 1; 0: none) stalls the sender
 * for us microseconds before it goes, as if the CPU were taken from the
 * prober for that long. */
void net_fake_stall(struct net *n, uint64_t k, uint64_t us);

/* From now on record when each probe is sent (CLOCK_MONOTONIC, in
 * microseconds) in at[0 .. cap - 1], until it is full; at NULL stops.
 * net_fake_recorded says how many are there. */
void net_fake_record(struct net *n, uint64_t *at, size_t cap);
size_t net_fake_recorded(const struct net *n);

/* Replies answered and handed over so far. */
uint64_t net_fake_echoed(const struct net *n);

/* How the prober asked for source addresses: net_src_prefetch calls
 * and the destinations they named; net_src calls answered from the
 * batch then current, and the others. */
struct net_fake_src {
	uint64_t batches, asked;
	uint64_t batched, alone;
};
struct net_fake_src net_fake_src_stats(const struct net *n);

#endif
