/*
 * test_srccache.c: the prober's source addresses, asked in rounds as its
 * tick asks them (net_src_prefetch, then net_src for each), are the
 * kernel's choice for every destination, whether they came from the
 * route cache, a batch or a lookup alone; and they follow route changes
 * at once.
 *
 * In a network namespace of its own (unshare; needs root, which CI
 * has), with a veth pair standing in for a network:
 *   default via 192.0.2.1                       source 192.0.2.2
 *   198.18.0.0/16 via 192.0.2.1 src 198.51.100.7
 *   198.18.5.0/24 via 192.0.2.1 src 203.0.113.9   (inside the /16)
 *   198.19.0.0/16 multipath via 192.0.2.1 and, on a second veth pair,
 *   192.0.3.1 (source 192.0.3.2): the path, so the source, is hashed
 *   from the destination
 *   unreachable 203.0.113.128/25
 *   local 198.51.100.128/25 (answers for the whole prefix)
 *   a rule sending 198.18.7.0/24 to table 100: default src 203.0.113.9
 *   a rule sending 198.20.9.0/24 to table 101, where the multipath
 *   198.20.0.0/16 holds it: the rule's prefix says nothing alone
 *   a rule sending UDP to port 33435 (the port a lookup connects to) in
 *   198.18.9.0/24 to table 100: batches must ask as a socket does
 * The oracle is a fresh UDP socket connected to each destination.
 * Nothing is sent: route lookups put no packet on the wire, and the
 * namespace goes with the process.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/net.h"
#include "tap.h"

static int sh(const char *cmd)
{
	int rc = system(cmd);
	if (rc != 0)
		diag("set-up: %s: exit %d", cmd, rc);
	return rc;
}

/* Stop: the set-up failed, which is a failure, not a skip. */
static int bail(const char *fmt, const char *what)
{
	ok(0, fmt, what);
	return done_testing();
}

static int oracle(const warts_addr *dst, warts_addr *src)
{
	struct sockaddr_in s, me;
	socklen_t ml = sizeof(me);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc = -1;
	if (fd < 0)
		return -1;
	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	s.sin_port = htons(33435);
	memcpy(&s.sin_addr, dst->bytes, 4);
	if (connect(fd, (struct sockaddr *)&s, sizeof(s)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&me, &ml) == 0) {
		warts_addr_set(src, WARTS_ADDR_IPV4, &me.sin_addr);
		rc = 0;
	}
	close(fd);
	return rc;
}

enum { NDST = 96 };

/* The destinations: spread over every case above, some twice. */
static void dests(warts_addr *d)
{
	static const char *const base[] = {
		"198.18.1.", "198.18.5.", "198.19.0.", "203.0.113.",
		"198.51.100.", "198.18.7.", "192.0.2.", "198.20.9.",
		"198.18.9.",
	};
	const int nb = (int)(sizeof(base) / sizeof(base[0]));
	for (int i = 0; i < NDST; i++) {
		char s[32];
		int last = i % nb == 3 ? 100 + i : i % nb == 4 ? 120 + i :
		           i + 1;
		snprintf(s, sizeof(s), "%s%d", base[i % nb], last % 250 + 1);
		warts_addr_fromstr(&d[i], s);
	}
}

/* One round as the tick does it, every destination compared with the
 * oracle; how many differ. */
static int round_differs(struct net *n, const warts_addr *d, size_t count)
{
	const warts_addr *ask[NET_SRC_BATCH];
	int bad = 0;
	for (size_t at = 0; at < count; at += NET_SRC_BATCH) {
		size_t k = count - at < NET_SRC_BATCH ? count - at :
		           NET_SRC_BATCH;
		for (size_t i = 0; i < k; i++)
			ask[i] = &d[at + i];
		net_src_prefetch(n, ask, k);
		for (size_t i = 0; i < k; i++) {
			warts_addr got, want;
			int rg = net_src(n, &d[at + i], &got);
			int rw = oracle(&d[at + i], &want);
			char a[WARTS_ADDR_STRLEN], b[WARTS_ADDR_STRLEN];
			char c[WARTS_ADDR_STRLEN];
			if (rg != rw || (rg == 0 && warts_addr_cmp(&got,
			                                            &want) != 0)) {
				bad++;
				diag("%s: prober %s, kernel %s",
				     warts_addr_tostr(&d[at + i], a, sizeof(a)),
				     rg == 0 ? warts_addr_tostr(&got, b,
				                                sizeof(b)) : "none",
				     rw == 0 ? warts_addr_tostr(&want, c,
				                                sizeof(c)) : "none");
			}
		}
		net_src_forget(n);
	}
	return bad;
}

int main(void)
{
	warts_addr d[NDST];
	struct net *n;
	char err[256];
	struct net_stats st;
	uint64_t cached;

	if (geteuid() != 0)
		skip_all("needs root (a network namespace of its own)");
	if (unshare(CLONE_NEWNET) != 0)
		skip_all("unshare(CLONE_NEWNET): %s", strerror(errno));
	if (sh("ip link set lo up") || sh("ip link add v0 type veth peer name v1") ||
	    sh("ip link set v0 up") || sh("ip link set v1 up") ||
	    sh("ip link add v2 type veth peer name v3") ||
	    sh("ip link set v2 up") || sh("ip link set v3 up") ||
	    sh("ip addr add 192.0.3.2/24 dev v2") ||
	    sh("ip addr add 192.0.2.2/24 dev v0") ||
	    sh("ip addr add 198.51.100.7/32 dev v0") ||
	    sh("ip addr add 203.0.113.9/32 dev v0") ||
	    sh("ip route add default via 192.0.2.1") ||
	    sh("ip route add 198.18.0.0/16 via 192.0.2.1 src 198.51.100.7") ||
	    sh("ip route add 198.18.5.0/24 via 192.0.2.1 src 203.0.113.9") ||
	    sh("ip route add 198.19.0.0/16 nexthop via 192.0.2.1 "
	       "nexthop via 192.0.3.1") ||
	    sh("ip route add unreachable 203.0.113.128/25") ||
	    sh("ip route add local 198.51.100.128/25 dev lo") ||
	    sh("ip route add default via 192.0.2.1 src 203.0.113.9 table 100") ||
	    sh("ip rule add to 198.18.7.0/24 table 100") ||
	    sh("ip route add 198.20.0.0/16 table 101 nexthop via 192.0.2.1 "
	       "nexthop via 192.0.3.1") ||
	    sh("ip rule add to 198.20.9.0/24 table 101") ||
	    sh("ip rule add to 198.18.9.0/24 ipproto udp dport 33435 "
	       "table 100"))
		return bail("%s", "could not set up the namespace");
	if ((n = net_open(1, 0, err, sizeof(err))) == NULL)
		return bail("net_open: %s", err);
	dests(d);

	is_int(round_differs(n, d, NDST), 0,
	       "first round: every source is the kernel's");
	is_int(round_differs(n, d, NDST), 0,
	       "second round: every source is the kernel's");
	st = *net_stats(n);
	ok(st.src_cached >= NDST / 2,
	   "the second round came mostly from the cache (%llu cached, "
	   "%llu batched, %llu alone)", (unsigned long long)st.src_cached,
	   (unsigned long long)st.src_batched,
	   (unsigned long long)st.src_alone);

	/* a route changes: the next round must see it at once */
	if (sh("ip route replace 198.18.0.0/16 via 192.0.2.1 src 203.0.113.9"))
		return bail("%s", "could not change a route");
	is_int(round_differs(n, d, NDST), 0,
	       "right after a route changed: every source is the kernel's");
	sleep(1);
	cached = net_stats(n)->src_cached;
	is_int(round_differs(n, d, NDST), 0,
	       "a second later: every source is the kernel's");
	ok(net_stats(n)->src_cached > cached,
	   "and the cache was made again (%llu more cached)",
	   (unsigned long long)(net_stats(n)->src_cached - cached));

	/* an address goes: its routes go with it */
	if (sh("ip addr del 198.51.100.7/32 dev v0"))
		return bail("%s", "could not remove an address");
	is_int(round_differs(n, d, NDST), 0,
	       "after an address went: every source is the kernel's");
	/* a rule goes */
	if (sh("ip rule del to 198.18.7.0/24 table 100"))
		return bail("%s", "could not remove a rule");
	sleep(1);
	is_int(round_differs(n, d, NDST), 0,
	       "after a rule went: every source is the kernel's");
	net_close(n);
	return done_testing();
}
