/*
 * net_linux.c: raw sockets on Linux.
 *
 * Sending: one IPPROTO_RAW socket per family, the IP header included
 * (IPV6_HDRINCL for IPv6), so probes carry exactly the TTL, IP ID, flow
 * label, options and checksums the measurement wants.
 *
 * Receiving: raw sockets for ICMP/ICMPv6, TCP and UDP, which the kernel
 * hands a copy of every such packet.  IPv4 raw sockets deliver the IP
 * header; IPv6 ones deliver the payload, with the addresses, hop limit
 * and traffic class as ancillary data.  Every socket asks for kernel
 * receive timestamps (SO_TIMESTAMPNS), the most precise the socket layer
 * gives, and is read in batches with recvmmsg.  The receiving sockets sit
 * in an epoll set of their own, which the loop watches as one descriptor
 * (or not, when quiet): a poll asks it which ones hold packets, one system
 * call rather than a read of each.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "route_linux.h"
#include "srccache_linux.h"

#ifndef IPV6_HDRINCL
#define IPV6_HDRINCL 36
#endif

#define RX_BATCH 32
#define IFC_SLOTS 8                /* interfaces' names remembered */
#define IFC_TTL_NS 1000000000LL    /* for this long */
#define RX_BUFSZ 2048
#define RX_CTLSZ 256

enum { S_TX4, S_TX6, S_ICMP4, S_TCP4, S_UDP4, S_ICMP6, S_TCP6, S_UDP6,
       S_MAX };

struct net {
	int              fd[S_MAX];
	int              ep;            /* the receiving sockets, by index */
	ctrl_loop       *loop;
	int              quiet;         /* not watching: see net_quiet */
	net_rx_fn        fn;
	void            *arg;
	struct net_stats st;
	/* receive buffers for recvmmsg */
	uint8_t         *rxmem;   /* RX_BATCH packets, then as many control
	                           * buffers: malloc'd, not zeroed, so that
	                           * an idle prober's pages stay untouched */
	struct sockaddr_storage from[RX_BATCH];
	struct iovec     iov[RX_BATCH];
	struct mmsghdr   msg[RX_BATCH];
	/* a UDP socket per family for route lookups */
	int              route4, route6;
	/* sources looked up in bulk (net_src_prefetch), made at first use,
	 * and IPv4 ones remembered by route while no route changes */
	struct route_batch *routes;
	struct src_cache *cache;
	int              cache_ok;      /* synced for this round of lookups */
	uid_t            uid;           /* the sockets' owner */
	/* interfaces' names by index (net_ifname), index 0 if unused */
	struct {
		int      index;
		int64_t  at;            /* CLOCK_MONOTONIC_COARSE, ns */
		char     name[IF_NAMESIZE];
	}                ifc[IFC_SLOTS];
	unsigned         ifc_next;      /* the slot to reuse next */
};

static int errf(char *err, size_t len, const char *what)
{
	snprintf(err, len, "%s: %s", what, strerror(errno));
	return -1;
}

static int rx_socket(int af, int proto)
{
	int fd = socket(af, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	int on = 1, rcvbuf = 4 << 20;
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
	/* a big receive buffer absorbs bursts at high probe rates */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* the receiving interface, for ping's ifname */
	if (af == AF_INET)
		setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
	if (af == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on));
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on));
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVTCLASS, &on, sizeof(on));
	}
	return fd;
}

static int tx_socket(int af)
{
	int fd = socket(af, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	int on = 1, sndbuf = 4 << 20;
	if (fd < 0)
		return -1;
	if (af == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_HDRINCL, &on, sizeof(on)) != 0) {
		close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	/*
	 * Probes leave at the size the measurement chose, bounded by the
	 * interface's MTU only, not by a path MTU the kernel learned from an
	 * earlier packet too big: otherwise a second PMTUD toward the same
	 * place (trace -M) would have its big probes refused with EMSGSIZE.
	 */
	if (af == AF_INET) {
		int v = IP_PMTUDISC_PROBE;
		setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &v, sizeof(v));
	} else {
		int v = IPV6_PMTUDISC_PROBE;
		setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &v, sizeof(v));
	}
	return fd;
}

/* The sockets packets arrive on. */
static int receives(const struct net *n, int i)
{
	return i >= S_ICMP4 && i != S_TX6 && n->fd[i] >= 0;
}

struct net *net_open(int want4, int want6, char *err, size_t errlen)
{
	struct net *n = calloc(1, sizeof(*n));
	if (n == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (int i = 0; i < S_MAX; i++)
		n->fd[i] = -1;
	n->route4 = n->route6 = -1;
	n->ep = -1;
	n->uid = geteuid();
	/*
	 * A family the kernel does not have (IPv6 disabled at boot:
	 * EAFNOSUPPORT) is left out, its sockets -1: probes to it fail as
	 * their measurement starts.  Any other failure, or neither family,
	 * is an error.
	 */
	if (want4) {
		if ((n->fd[S_TX4] = tx_socket(AF_INET)) < 0 &&
		    errno == EAFNOSUPPORT && want6) {
			want4 = 0;
		} else if (n->fd[S_TX4] < 0 ||
		    (n->fd[S_ICMP4] = rx_socket(AF_INET, IPPROTO_ICMP)) < 0 ||
		    (n->fd[S_TCP4] = rx_socket(AF_INET, IPPROTO_TCP)) < 0 ||
		    (n->fd[S_UDP4] = rx_socket(AF_INET, IPPROTO_UDP)) < 0) {
			errf(err, errlen, "IPv4 raw socket (run as root or "
			     "give the binary CAP_NET_RAW)");
			goto fail;
		} else {
			n->route4 = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC,
			                   0);
		}
	}
	if (want6) {
		if ((n->fd[S_TX6] = tx_socket(AF_INET6)) < 0 &&
		    errno == EAFNOSUPPORT && want4) {
			want6 = 0;
		} else if (n->fd[S_TX6] < 0 ||
		    (n->fd[S_ICMP6] = rx_socket(AF_INET6,
		                                IPPROTO_ICMPV6)) < 0 ||
		    (n->fd[S_TCP6] = rx_socket(AF_INET6, IPPROTO_TCP)) < 0 ||
		    (n->fd[S_UDP6] = rx_socket(AF_INET6, IPPROTO_UDP)) < 0) {
			errf(err, errlen, "IPv6 raw socket (run as root or "
			     "give the binary CAP_NET_RAW)");
			goto fail;
		} else {
			n->route6 = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC,
			                   0);
		}
	}
	if ((n->ep = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		errf(err, errlen, "epoll_create1");
		goto fail;
	}
	for (int i = 0; i < S_MAX; i++) {
		struct epoll_event ev;
		if (!receives(n, i))
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.events = EPOLLIN;
		ev.data.u32 = (uint32_t)i;
		if (epoll_ctl(n->ep, EPOLL_CTL_ADD, n->fd[i], &ev) != 0) {
			errf(err, errlen, "epoll_ctl");
			goto fail;
		}
	}
	if ((n->rxmem = malloc(RX_BATCH * (RX_BUFSZ + RX_CTLSZ))) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (int i = 0; i < RX_BATCH; i++) {
		n->iov[i].iov_base = n->rxmem + (size_t)i * RX_BUFSZ;
		n->iov[i].iov_len = RX_BUFSZ;
	}
	return n;
fail:
	net_close(n);
	return NULL;
}

void net_close(struct net *n)
{
	if (n == NULL)
		return;
	if (n->ep >= 0) {
		if (n->loop != NULL)
			ctrl_loop_watch(n->loop, n->ep, 0, NULL, NULL);
		close(n->ep);
	}
	for (int i = 0; i < S_MAX; i++)
		if (n->fd[i] >= 0)
			close(n->fd[i]);
	if (n->route4 >= 0)
		close(n->route4);
	if (n->route6 >= 0)
		close(n->route6);
	route_batch_free(n->routes);
	src_cache_free(n->cache);
	free(n->rxmem);
	free(n);
}

const struct net_stats *net_stats(const struct net *n)
{
	return &n->st;
}

void net_now(warts_tv *tv)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	tv->sec = (uint32_t)ts.tv_sec;
	tv->usec = (uint32_t)(ts.tv_nsec / 1000);
}

/* The kernel's receive time from a message's ancillary data. */
static void rx_time(struct msghdr *m, warts_tv *tv)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c != NULL;
	     c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_TIMESTAMPNS) {
			struct timespec ts;
			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			tv->sec = (uint32_t)ts.tv_sec;
			tv->usec = (uint32_t)(ts.tv_nsec / 1000);
			return;
		}
	}
	net_now(tv);
}

/* The interface an IPv4 packet arrived on (IP_PKTINFO), or 0. */
static int rx4_ifindex(struct msghdr *m)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c != NULL;
	     c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			return pi.ipi_ifindex;
		}
	}
	return 0;
}

static void rx6_info(struct msghdr *m, warts_addr *dst, uint8_t *hlim,
                     uint8_t *tclass, int *ifindex)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c != NULL;
	     c = CMSG_NXTHDR(m, c)) {
		int v;
		if (c->cmsg_level != IPPROTO_IPV6)
			continue;
		if (c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			warts_addr_set(dst, WARTS_ADDR_IPV6, &pi.ipi6_addr);
			*ifindex = (int)pi.ipi6_ifindex;
		} else if (c->cmsg_type == IPV6_HOPLIMIT) {
			memcpy(&v, CMSG_DATA(c), sizeof(v));
			*hlim = (uint8_t)v;
		} else if (c->cmsg_type == IPV6_TCLASS) {
			memcpy(&v, CMSG_DATA(c), sizeof(v));
			*tclass = (uint8_t)v;
		}
	}
}

static void deliver(struct net *n, int which, struct mmsghdr *mm)
{
	struct msghdr *m = &mm->msg_hdr;
	const uint8_t *data = m->msg_iov[0].iov_base;
	/* read with MSG_TRUNC: the packet's whole length, of which the
	 * buffer holds what fits (a jumbo-sized echo reply is cut) */
	size_t wire = mm->msg_len;
	size_t len = wire < m->msg_iov[0].iov_len ? wire :
	             m->msg_iov[0].iov_len;
	struct pkt_rx rx;
	const char *why = NULL;
	warts_tv ts;
	int rc, ifindex = 0;

	rx_time(m, &ts);
	if (which <= S_UDP4) {
		rc = pkt_parse4_cut(data, len, wire, &rx, &why);
		ifindex = rx4_ifindex(m);
	} else {
		static const uint8_t proto[] = {
			[S_ICMP6] = PKT_ICMP6, [S_TCP6] = PKT_TCP,
			[S_UDP6] = PKT_UDP,
		};
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)m->msg_name;
		warts_addr src, dst;
		uint8_t hlim = 0, tclass = 0;
		memset(&dst, 0, sizeof(dst));
		warts_addr_set(&src, WARTS_ADDR_IPV6, &sin6->sin6_addr);
		rx6_info(m, &dst, &hlim, &tclass, &ifindex);
		rc = pkt_parse6(data, len, proto[which], &src, &dst, hlim,
		                tclass, &rx, &why);
		if (rc == 0 && wire > len)
			rx.size = (uint16_t)(wire + 40 > 0xffff ? 0xffff :
			                     wire + 40);
	}
	if (rc != 0) {
		/* most are other traffic the host sees, not probes' replies */
		n->st.rx_bad++;
		pkt_rx_clear(&rx);
		return;
	}
	n->st.rx++;
	rx.ifindex = ifindex;
	n->fn(n->arg, &rx, &ts);
	pkt_rx_clear(&rx);
}

/* Deliver what socket which holds, a batch at a time, but let others
 * run. */
static void drain(struct net *n, int which)
{
	int fd = n->fd[which], got;
	for (int rounds = 0; rounds < 16; rounds++) {
		for (int i = 0; i < RX_BATCH; i++) {
			struct msghdr *m = &n->msg[i].msg_hdr;
			memset(m, 0, sizeof(*m));
			m->msg_name = &n->from[i];
			m->msg_namelen = sizeof(n->from[i]);
			m->msg_iov = &n->iov[i];
			m->msg_iovlen = 1;
			m->msg_control = n->rxmem + RX_BATCH * RX_BUFSZ +
			                 (size_t)i * RX_CTLSZ;
			m->msg_controllen = RX_CTLSZ;
		}
		got = recvmmsg(fd, n->msg, RX_BATCH, MSG_DONTWAIT | MSG_TRUNC,
		               NULL);
		if (got <= 0)
			return;
		for (int i = 0; i < got; i++)
			deliver(n, which, &n->msg[i]);
		if (got < RX_BATCH)
			return;
	}
}

void net_poll(struct net *n)
{
	struct epoll_event ev[S_MAX];
	int got;
	if (n->loop == NULL)
		return;
	got = epoll_wait(n->ep, ev, S_MAX, 0);
	for (int i = 0; i < got; i++)
		if (ev[i].data.u32 < S_MAX)
			drain(n, (int)ev[i].data.u32);
}

static void readable(ctrl_loop *l, int fd, unsigned ev, void *arg)
{
	(void)l;
	(void)fd;
	(void)ev;
	net_poll(arg);
}

int net_watch(struct net *n, ctrl_loop *l, net_rx_fn fn, void *arg)
{
	n->loop = l;
	n->fn = fn;
	n->arg = arg;
	n->quiet = 0;
	return ctrl_loop_watch(l, n->ep, CTRL_READ, readable, n);
}

int net_quiet(struct net *n, int quiet)
{
	quiet = quiet != 0;
	if (n->loop == NULL || quiet == n->quiet)
		return 0;
	if (ctrl_loop_watch(n->loop, n->ep, quiet ? 0 : CTRL_READ, readable,
	                    n) != 0)
		return -1;
	n->quiet = quiet;
	return 0;
}

int net_send(struct net *n, const uint8_t *pkt, size_t len,
             const warts_addr *dst, warts_tv *tx)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd;
	ssize_t w;

	memset(&ss, 0, sizeof(ss));
	if (dst->type == WARTS_ADDR_IPV4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, dst->bytes, 4);
		sl = sizeof(*sin);
		fd = n->fd[S_TX4];
	} else if (dst->type == WARTS_ADDR_IPV6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, dst->bytes, 16);
		sl = sizeof(*sin6);
		fd = n->fd[S_TX6];
	} else {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (fd < 0) {
		errno = EAFNOSUPPORT;
		n->st.tx_err++;
		return -1;
	}
	net_now(tx);
	w = sendto(fd, pkt, len, 0, (struct sockaddr *)&ss, sl);
	if (w != (ssize_t)len) {
		n->st.tx_err++;
		return -1;
	}
	n->st.tx++;
	return 0;
}

int net_src(struct net *n, const warts_addr *dst, warts_addr *src)
{
	struct sockaddr_storage ss, me;
	struct sockaddr unspec;
	socklen_t sl, ml = sizeof(me);
	int fd, rc, err;

	memset(&ss, 0, sizeof(ss));
	if (dst->type == WARTS_ADDR_IPV4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(NET_SRC_PORT);
		memcpy(&sin->sin_addr, dst->bytes, 4);
		sl = sizeof(*sin);
		fd = n->route4;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(NET_SRC_PORT);
		memcpy(&sin6->sin6_addr, dst->bytes, 16);
		sl = sizeof(*sin6);
		fd = n->route6;
	}
	if (fd < 0) {
		errno = EAFNOSUPPORT;   /* the family is not in this kernel */
		return -1;
	}
	if (route_batch_src(n->routes, dst, src, NULL) == 0) {
		n->st.src_batched++;
		return 0;
	}
	if (n->cache_ok && src_cache_get(n->cache, dst, src) == 0) {
		n->st.src_cached++;
		return 0;
	}
	n->st.src_alone++;
	/*
	 * Connecting a UDP socket sends nothing: it only picks a route.  A
	 * socket keeps the source address of its first connect through
	 * later ones, so it is disconnected again (AF_UNSPEC) after each
	 * lookup: otherwise every destination would get the first one's.
	 */
	rc = connect(fd, (struct sockaddr *)&ss, sl) == 0 &&
	     getsockname(fd, (struct sockaddr *)&me, &ml) == 0 ? 0 : -1;
	err = errno;
	memset(&unspec, 0, sizeof(unspec));
	unspec.sa_family = AF_UNSPEC;
	(void)connect(fd, &unspec, sizeof(unspec));
	errno = err;
	if (rc != 0)
		return -1;
	if (dst->type == WARTS_ADDR_IPV4)
		warts_addr_set(src, WARTS_ADDR_IPV4,
		               &((struct sockaddr_in *)&me)->sin_addr);
	else
		warts_addr_set(src, WARTS_ADDR_IPV6,
		               &((struct sockaddr_in6 *)&me)->sin6_addr);
	return 0;
}

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

void net_src_prefetch(struct net *n, const warts_addr *const *dst,
                      size_t count)
{
	const warts_addr *ask[NET_SRC_BATCH];
	size_t nask = 0;
	warts_addr s;

	if (count > NET_SRC_BATCH)
		count = NET_SRC_BATCH;
	if (n->cache == NULL)
		n->cache = src_cache_new();
	n->cache_ok = src_cache_sync(n->cache, mono_us());
	/* what the cache knows needs no asking */
	for (size_t i = 0; i < count; i++)
		if (!n->cache_ok || src_cache_get(n->cache, dst[i], &s) != 0)
			ask[nask++] = dst[i];
	if (nask == 0)
		return;
	if (n->routes == NULL && (n->routes = route_batch_new()) == NULL)
		return;
	route_batch_ask(n->routes, ask, nask, (uint32_t)n->uid);
	/* the answers are remembered only if no route changed meanwhile */
	if (!n->cache_ok || !src_cache_sync(n->cache, mono_us()))
		return;
	for (size_t i = 0; i < nask; i++) {
		int unicast = 0;
		if (route_batch_src(n->routes, ask[i], &s, &unicast) == 0 &&
		    unicast)
			src_cache_put(n->cache, ask[i], &s);
	}
}

void net_src_forget(struct net *n)
{
	route_batch_clear(n->routes);
	n->cache_ok = 0;
}

int net_ifname(struct net *n, int ifindex, char *name)
{
	struct timespec ts;
	int64_t now;
	unsigned i;

	if (ifindex <= 0) {
		errno = ENXIO;
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	for (i = 0; i < IFC_SLOTS; i++)
		if (n->ifc[i].index == ifindex)
			break;
	if (i < IFC_SLOTS && now - n->ifc[i].at < IFC_TTL_NS) {
		memcpy(name, n->ifc[i].name, IF_NAMESIZE);
		return 0;
	}
	if (if_indextoname((unsigned)ifindex, name) == NULL) {
		if (i < IFC_SLOTS)
			n->ifc[i].index = 0;    /* gone */
		return -1;
	}
	if (i == IFC_SLOTS)
		i = n->ifc_next++ % IFC_SLOTS;
	n->ifc[i].index = ifindex;
	n->ifc[i].at = now;
	memcpy(n->ifc[i].name, name, IF_NAMESIZE);
	return 0;
}
