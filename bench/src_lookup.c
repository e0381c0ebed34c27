/*
 * bench/src_lookup.c: the CPU a source-address lookup costs, each way the
 * prober can ask (see prober/net/net_linux.c and route_linux.h):
 *
 *   alone    connect a UDP socket, getsockname, disconnect (AF_UNSPEC)
 *   batch    rtnetlink RTM_GETROUTE, ROUTE_BATCH_MAX destinations a send
 *   two      connect and getsockname only: what the prober did before it
 *            learned that a socket keeps its first source (for reference;
 *            its answers are wrong on a host with several addresses)
 *
 * Usage: src_lookup [N [ADDR...]]   N lookups each way (20,000), spread
 * over the addresses (default 198.18.0.0 to 198.18.31.217, in the
 * benchmark's lab).  Nothing is sent: looking up a route puts no packet
 * on the wire.  Prints microseconds of CPU (user + system) a lookup.
 * bench/prober-src builds and runs it in the benchmark's lab.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/route_linux.h"

static double cpu_seconds(void)
{
	struct rusage r;
	getrusage(RUSAGE_SELF, &r);
	return (double)(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
	       (double)(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

/* One lookup on fd by connect and getsockname; disconnect if asked. */
static void by_connect(int fd, const warts_addr *a, int disconnect)
{
	struct sockaddr_in s, me;
	socklen_t ml = sizeof(me);
	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	s.sin_port = htons(33435);
	memcpy(&s.sin_addr, a->bytes, 4);
	if (connect(fd, (struct sockaddr *)&s, sizeof(s)) == 0)
		getsockname(fd, (struct sockaddr *)&me, &ml);
	if (disconnect) {
		struct sockaddr u;
		memset(&u, 0, sizeof(u));
		u.sa_family = AF_UNSPEC;
		connect(fd, &u, sizeof(u));
	}
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20000, naddr = 0, fd;
	warts_addr addr[ROUTE_BATCH_MAX];
	const warts_addr *ask[ROUTE_BATCH_MAX];
	struct route_batch *b = route_batch_new();
	size_t found = 0;
	double t0, t1, t2, t3;

	for (int i = 2; i < argc && naddr < ROUTE_BATCH_MAX; i++)
		if (warts_addr_fromstr(&addr[naddr], argv[i]) == 0 &&
		    addr[naddr].type == WARTS_ADDR_IPV4)
			naddr++;
	for (; naddr < ROUTE_BATCH_MAX && argc <= 2; naddr++) {
		uint8_t v4[4] = { 198, 18, (uint8_t)naddr,
		                  (uint8_t)(naddr * 7) };
		warts_addr_set(&addr[naddr], WARTS_ADDR_IPV4, v4);
	}
	if (n < ROUTE_BATCH_MAX || naddr == 0 || b == NULL ||
	    (fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
		fprintf(stderr, "usage: src_lookup [N [IPv4 ADDR...]]\n");
		return 1;
	}
	for (int i = 0; i < naddr; i++)
		ask[i] = &addr[i];
	n -= n % naddr;

	t0 = cpu_seconds();
	for (int i = 0; i < n; i++)
		by_connect(fd, &addr[i % naddr], 1);
	t1 = cpu_seconds();
	for (int i = 0; i < n / naddr; i++)
		found += route_batch_ask(b, ask, (size_t)naddr, getuid());
	t2 = cpu_seconds();
	for (int i = 0; i < n; i++)
		by_connect(fd, &addr[i % naddr], 0);
	t3 = cpu_seconds();

	printf("alone %.2f us, batch of %d %.2f us (%zu of %d answered), "
	       "two calls %.2f us\n", (t1 - t0) / n * 1e6, naddr,
	       (t2 - t1) / n * 1e6, found, n, (t3 - t2) / n * 1e6);
	route_batch_free(b);
	close(fd);
	return 0;
}
