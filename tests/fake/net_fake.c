/*
 * net_fake.c: the prober's network interface (prober/net/net.h) with no
 * network behind it, for tests and fuzz targets that run the prober
 * without root: probes are counted and dropped, nothing is ever
 * received, and the source address toward any destination is the
 * destination itself.  Measurements therefore end by their timeouts (or
 * by being halted).  Linked in place of net_linux.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "net/net.h"

struct net {
	struct net_stats st;
};

struct net *net_open(int want4, int want6, char *err, size_t errlen)
{
	struct net *n = calloc(1, sizeof(*n));
	(void)want4;
	(void)want6;
	if (n == NULL && errlen > 0)
		strncpy(err, "out of memory", errlen - 1);
	return n;
}

void net_close(struct net *n)
{
	free(n);
}

int net_watch(struct net *n, ctrl_loop *l, net_rx_fn fn, void *arg)
{
	(void)n;
	(void)l;
	(void)fn;
	(void)arg;
	return 0;
}

int net_quiet(struct net *n, int quiet)
{
	(void)n;
	(void)quiet;
	return 0;
}

void net_poll(struct net *n)
{
	(void)n;
}

int net_send(struct net *n, const uint8_t *pkt, size_t len,
             const warts_addr *dst, warts_tv *tx)
{
	(void)pkt;
	(void)len;
	(void)dst;
	n->st.tx++;
	net_now(tx);
	return 0;
}

int net_src(struct net *n, const warts_addr *dst, warts_addr *src)
{
	(void)n;
	*src = *dst;
	return 0;
}

int net_ifname(struct net *n, int ifindex, char *name)
{
	(void)n;
	(void)ifindex;
	(void)name;
	errno = ENXIO;
	return -1;
}

void net_now(warts_tv *tv)
{
	struct timeval now;
	gettimeofday(&now, NULL);
	tv->sec = (uint32_t)now.tv_sec;
	tv->usec = (uint32_t)now.tv_usec;
}

const struct net_stats *net_stats(const struct net *n)
{
	return &n->st;
}
