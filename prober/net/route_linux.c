/*
 * route_linux.c: source addresses in bulk over rtnetlink (route_linux.h).
 *
 * Every request is an RTM_GETROUTE for one destination, numbered by its
 * sequence number.  The kernel handles the messages of one send in turn
 * and queues an answer for each before the send returns: an RTM_NEWROUTE
 * whose RTA_PREFSRC is the address a socket connected there would use,
 * or an NLMSG_ERROR.  Anything else, or no answer, leaves the
 * destination to the caller's own lookup.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "route_linux.h"

#define ANSWER_SZ 1024     /* an answer is a few hundred bytes */

struct route_batch {
	int            fd;           /* -1 until the first ask; -2 if the
	                              * socket could not be opened */
	uint32_t       seq;          /* the last ask's first number */
	size_t         n;            /* destinations it asked */
	warts_addr     dst[ROUTE_BATCH_MAX];
	warts_addr     src[ROUTE_BATCH_MAX];
	uint8_t        found[ROUTE_BATCH_MAX];
	uint8_t        unicast[ROUTE_BATCH_MAX];  /* a unicast route's */
	struct iovec   iov[ROUTE_BATCH_MAX];
	struct mmsghdr msg[ROUTE_BATCH_MAX];
	uint8_t        ans[ROUTE_BATCH_MAX][ANSWER_SZ];
};

/* One request: the header, the route message, the destination, the
 * user, and the protocol and port net_src connects to (policy rules may
 * choose by them), each attribute padded to 4 bytes. */
struct request {
	struct nlmsghdr nh;
	struct rtmsg    rt;
	uint8_t         attrs[RTA_SPACE(16) + RTA_SPACE(4) + RTA_SPACE(1) +
	                      RTA_SPACE(2)];
};

struct route_batch *route_batch_new(void)
{
	struct route_batch *b = malloc(sizeof(*b));
	if (b == NULL)
		return NULL;
	b->fd = -1;
	b->seq = 0;
	b->n = 0;
	return b;
}

void route_batch_free(struct route_batch *b)
{
	if (b == NULL)
		return;
	if (b->fd >= 0)
		close(b->fd);
	free(b);
}

void route_batch_clear(struct route_batch *b)
{
	if (b != NULL)
		b->n = 0;
}

static uint8_t *put_attr(uint8_t *at, unsigned short type, const void *v,
                         size_t len)
{
	struct rtattr *a = (struct rtattr *)(void *)at;
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), v, len);
	return at + RTA_SPACE(len);
}

static void build(struct request *r, const warts_addr *dst, uint32_t seq,
                  uint32_t uid)
{
	size_t alen = dst->type == WARTS_ADDR_IPV4 ? 4 : 16;
	uint8_t proto = IPPROTO_UDP;
	uint16_t port = htons(NET_SRC_PORT);
	uint8_t *at = r->attrs;
	memset(r, 0, sizeof(*r));
	r->rt.rtm_family = dst->type == WARTS_ADDR_IPV4 ? AF_INET : AF_INET6;
	r->rt.rtm_dst_len = (unsigned char)(alen * 8);
	at = put_attr(at, RTA_DST, dst->bytes, alen);
	at = put_attr(at, RTA_UID, &uid, sizeof(uid));
	at = put_attr(at, RTA_IP_PROTO, &proto, sizeof(proto));
	at = put_attr(at, RTA_DPORT, &port, sizeof(port));
	r->nh.nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(r->rt) +
	                                         (size_t)(at - r->attrs));
	r->nh.nlmsg_type = RTM_GETROUTE;
	r->nh.nlmsg_flags = NLM_F_REQUEST;
	r->nh.nlmsg_seq = seq;
}

/* Keep the source an answer gives, if it is one of this ask's.  Returns
 * 1 if it answers this ask (with a source or not), 0 if it is left over
 * from an earlier one. */
static int take(struct route_batch *b, const struct nlmsghdr *nh,
                int whole)
{
	uint32_t i = nh->nlmsg_seq - b->seq;
	const struct rtmsg *rt = NLMSG_DATA(nh);
	const struct rtattr *a;
	int len;

	if (i >= b->n)
		return 0;
	if (!whole || nh->nlmsg_type != RTM_NEWROUTE || b->found[i] ||
	    nh->nlmsg_len < NLMSG_LENGTH(sizeof(*rt)))
		return 1;
	len = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*rt)));
	for (a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t plen = RTA_PAYLOAD(a);
		if (a->rta_type != RTA_PREFSRC)
			continue;
		if (rt->rtm_type == RTN_BROADCAST)
			return 1;   /* connect fails there (EACCES): left to it */
		if (rt->rtm_family == AF_INET && plen == 4 &&
		    b->dst[i].type == WARTS_ADDR_IPV4)
			warts_addr_set(&b->src[i], WARTS_ADDR_IPV4,
			               RTA_DATA(a));
		else if (rt->rtm_family == AF_INET6 && plen == 16 &&
		         b->dst[i].type == WARTS_ADDR_IPV6)
			warts_addr_set(&b->src[i], WARTS_ADDR_IPV6,
			               RTA_DATA(a));
		else
			return 1;
		b->found[i] = 1;
		b->unicast[i] = rt->rtm_type == RTN_UNICAST;
		return 1;
	}
	return 1;
}

/* Whether the kernel's answer for dst is what a connected socket gets.
 * Not for IPv6 link-local and multicast addresses (a socket needs a
 * scope to connect there; the kernel's route lookup picks an interface)
 * nor IPv4-mapped ones (a socket reaches them over IPv4). */
static int askable(const warts_addr *dst)
{
	static const uint8_t mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	if (dst->type == WARTS_ADDR_IPV4)
		return 1;
	if (dst->type != WARTS_ADDR_IPV6)
		return 0;
	if (dst->bytes[0] == 0xff ||
	    (dst->bytes[0] == 0xfe && (dst->bytes[1] & 0xc0) == 0x80))
		return 0;
	return memcmp(dst->bytes, mapped, sizeof(mapped)) != 0;
}

static int opened(struct route_batch *b)
{
	int sz = 256 * 1024;
	if (b->fd >= 0)
		return 1;
	if (b->fd == -2)
		return 0;       /* not allowed here: not asked again */
	b->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (b->fd < 0) {
		b->fd = -2;
		return 0;
	}
	/* room for a whole batch's answers (the kernel may cap it) */
	setsockopt(b->fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	return 1;
}

size_t route_batch_ask(struct route_batch *b, const warts_addr *const *dst,
                       size_t count, uint32_t uid)
{
	struct request req[ROUTE_BATCH_MAX];
	struct sockaddr_nl kernel;
	struct iovec out[ROUTE_BATCH_MAX];
	struct msghdr m;
	size_t answers = 0, found = 0;

	b->n = 0;
	if (count > ROUTE_BATCH_MAX)
		count = ROUTE_BATCH_MAX;
	if (count == 0 || !opened(b))
		return 0;
	b->seq += ROUTE_BATCH_MAX;
	/* the others are left out: the caller asks them the slow way */
	for (size_t i = 0; i < count; i++) {
		size_t j = b->n;
		if (!askable(dst[i]))
			continue;
		b->dst[j] = *dst[i];
		b->found[j] = 0;
		build(&req[j], dst[i], b->seq + (uint32_t)j, uid);
		out[j].iov_base = &req[j];
		out[j].iov_len = req[j].nh.nlmsg_len;
		b->n++;
	}
	count = b->n;
	if (count == 0)
		return 0;
	memset(&kernel, 0, sizeof(kernel));
	kernel.nl_family = AF_NETLINK;
	memset(&m, 0, sizeof(m));
	m.msg_name = &kernel;
	m.msg_namelen = sizeof(kernel);
	m.msg_iov = out;
	m.msg_iovlen = count;
	if (sendmsg(b->fd, &m, 0) < 0) {
		b->n = 0;
		return 0;
	}
	/* the answers are queued by now: read until each has come (any
	 * left over from an earlier ask cut short are read and dropped) or
	 * nothing is left */
	while (answers < count) {
		size_t want = ROUTE_BATCH_MAX;
		int got;
		for (size_t i = 0; i < want; i++) {
			b->iov[i].iov_base = b->ans[i];
			b->iov[i].iov_len = ANSWER_SZ;
			memset(&b->msg[i], 0, sizeof(b->msg[i]));
			b->msg[i].msg_hdr.msg_iov = &b->iov[i];
			b->msg[i].msg_hdr.msg_iovlen = 1;
		}
		got = recvmmsg(b->fd, b->msg, (unsigned)want, MSG_DONTWAIT,
		               NULL);
		if (got <= 0)
			break;
		for (int i = 0; i < got; i++) {
			const struct nlmsghdr *nh = (void *)b->ans[i];
			int len = (int)b->msg[i].msg_len;
			int whole = !(b->msg[i].msg_hdr.msg_flags & MSG_TRUNC);
			if (len > ANSWER_SZ)
				len = ANSWER_SZ;
			for (; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len))
				answers += (size_t)take(b, nh, whole);
		}
	}
	for (size_t i = 0; i < count; i++)
		found += b->found[i];
	return found;
}

int route_batch_src(const struct route_batch *b, const warts_addr *dst,
                    warts_addr *src, int *unicast)
{
	size_t len;
	if (b == NULL)
		return -1;
	len = warts_addr_len(dst->type);
	for (size_t i = 0; i < b->n; i++)
		if (b->found[i] && b->dst[i].type == dst->type &&
		    memcmp(b->dst[i].bytes, dst->bytes, len) == 0) {
			*src = b->src[i];
			if (unicast != NULL)
				*unicast = b->unicast[i];
			return 0;
		}
	return -1;
}
