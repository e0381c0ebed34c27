/*
 * srccache_linux.c: IPv4 sources by route (srccache_linux.h says when
 * that is exact).
 *
 * Two netlink sockets: one in the route, address, rule, link and
 * nexthop notification groups, opened before the first dump so that no
 * change between a dump and its use goes unseen; and one for the dumps
 * themselves, opened for each.  The prefixes are kept sorted by length
 * and then address, so a destination's longest holding prefix is a
 * binary search at each length present, longest first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "srccache_linux.h"

#ifndef RTA_NH_ID
#define RTA_NH_ID 30
#endif
#ifndef RTNLGRP_NEXTHOP
#define RTNLGRP_NEXTHOP 32
#endif

#define REBUILD_US 1000000   /* after a change, at most once a second */
#define BUSY_READS 64        /* notifications read in one sync ... */
#define BUSY_US 60000000     /* ... turn the cache off this long */
#define ENTRIES 64           /* routes remembered */
#define TABLES 16            /* tables whose default routes are counted */
#define DUMP_BUF 32768

struct pfx {
	uint32_t net;            /* host order, masked */
	uint8_t  len;
	uint8_t  nocache;        /* multipath, nexthop object, ambiguous */
};

struct src_cache {
	int         nl;          /* notifications: -1 not yet, -2 failed */
	int         valid;       /* the prefixes are current */
	int         toobig;      /* more than SRC_CACHE_PREFIXES */
	uint64_t    built_at;    /* when the last copy was made (or tried) */
	int         built;       /* a copy was made or tried */
	uint64_t    off_until;   /* routes change too often: off till then */
	uint32_t    seq;
	uint64_t    lens;        /* bit n: a prefix of length n is present */
	struct pfx *p;
	size_t      np, cap;
	struct {
		uint32_t   net;
		uint8_t    len;
		warts_addr src;
	}           ent[ENTRIES];
	size_t      nent;
};

struct src_cache *src_cache_new(void)
{
	struct src_cache *c = calloc(1, sizeof(*c));
	if (c != NULL)
		c->nl = -1;
	return c;
}

void src_cache_free(struct src_cache *c)
{
	if (c == NULL)
		return;
	if (c->nl >= 0)
		close(c->nl);
	free(c->p);
	free(c);
}

static uint32_t mask(uint8_t len)
{
	return len == 0 ? 0 : ~(uint32_t)0 << (32 - len);
}

static uint32_t v4(const warts_addr *a)
{
	return (uint32_t)a->bytes[0] << 24 | (uint32_t)a->bytes[1] << 16 |
	       (uint32_t)a->bytes[2] << 8 | a->bytes[3];
}

/* 0/8, 127/8, multicast and 240/4: the kernel treats them apart. */
static int special(uint32_t d)
{
	uint8_t top = (uint8_t)(d >> 24);
	return top == 0 || top == 127 || top >= 224;
}

static int add(struct src_cache *c, uint32_t net, uint8_t len, int nocache)
{
	if (len > 32)
		return 0;
	if (c->np == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct pfx *p;
		if (c->np >= SRC_CACHE_PREFIXES) {
			c->toobig = 1;
			return -1;
		}
		if ((p = realloc(c->p, cap * sizeof(*p))) == NULL)
			return -1;
		c->p = p;
		c->cap = cap;
	}
	c->p[c->np].net = net & mask(len);
	c->p[c->np].len = len;
	c->p[c->np].nocache = (uint8_t)(nocache != 0);
	c->np++;
	c->lens |= (uint64_t)1 << len;
	return 0;
}

static int pfx_cmp(const void *a, const void *b)
{
	const struct pfx *x = a, *y = b;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->net != y->net)
		return x->net < y->net ? -1 : 1;
	return 0;
}

/* Sort, and merge duplicates (from several tables): any nocache wins. */
static void settle(struct src_cache *c)
{
	size_t j = 0;
	qsort(c->p, c->np, sizeof(*c->p), pfx_cmp);
	for (size_t i = 0; i < c->np; i++) {
		if (j > 0 && pfx_cmp(&c->p[j - 1], &c->p[i]) == 0) {
			c->p[j - 1].nocache |= c->p[i].nocache;
			continue;
		}
		c->p[j++] = c->p[i];
	}
	c->np = j;
}

/* The longest prefix holding d no longer than max, or NULL. */
static const struct pfx *holding_upto(const struct src_cache *c,
                                      uint32_t d, int max)
{
	for (int len = max; len >= 0; len--) {
		struct pfx key;
		const struct pfx *hit;
		if (!((c->lens >> len) & 1))
			continue;
		key.len = (uint8_t)len;
		key.net = d & mask((uint8_t)len);
		key.nocache = 0;
		hit = bsearch(&key, c->p, c->np, sizeof(*c->p), pfx_cmp);
		if (hit != NULL)
			return hit;
	}
	return NULL;
}

static const struct pfx *holding(const struct src_cache *c, uint32_t d)
{
	return holding_upto(c, d, 32);
}

/* One route of a dump into the copy; defaults counted by table. */
static int take_route(struct src_cache *c, const struct nlmsghdr *nh,
                      uint32_t tables[][2], size_t *ntables, int *ambiguous)
{
	const struct rtmsg *rt = NLMSG_DATA(nh);
	const struct rtattr *a;
	int len, nocache = 0;
	uint32_t dst = 0, table;

	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*rt)) ||
	    rt->rtm_family != AF_INET)
		return 0;
	table = rt->rtm_table;
	len = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*rt)));
	for (a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == RTA_DST && RTA_PAYLOAD(a) == 4) {
			const uint8_t *b = RTA_DATA(a);
			dst = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
			      (uint32_t)b[2] << 8 | b[3];
		} else if (a->rta_type == RTA_TABLE && RTA_PAYLOAD(a) == 4) {
			memcpy(&table, RTA_DATA(a), 4);
		} else if (a->rta_type == RTA_MULTIPATH ||
		           a->rta_type == RTA_NH_ID) {
			nocache = 1;
		}
	}
	if (rt->rtm_dst_len == 0) {
		size_t i;
		for (i = 0; i < *ntables; i++)
			if (tables[i][0] == table)
				break;
		if (i == *ntables) {
			if (*ntables == TABLES) {
				*ambiguous = 1;
				i = 0;
			} else {
				tables[(*ntables)++][0] = table;
				tables[i][1] = 0;
			}
		}
		if (++tables[i][1] > 1)
			*ambiguous = 1;
	}
	return add(c, dst, rt->rtm_dst_len, nocache);
}

/* A rule's destination selector, if it has one, into the copy. */
static int take_rule(struct src_cache *c, const struct nlmsghdr *nh)
{
	const struct fib_rule_hdr *fr = NLMSG_DATA(nh);
	const struct rtattr *a;
	int len;

	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*fr)) ||
	    fr->family != AF_INET || fr->dst_len == 0)
		return 0;
	len = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*fr)));
	for (a = (const struct rtattr *)((const char *)fr +
	                                 NLMSG_ALIGN(sizeof(*fr)));
	     RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == FRA_DST && RTA_PAYLOAD(a) == 4) {
			const uint8_t *b = RTA_DATA(a);
			return add(c, (uint32_t)b[0] << 24 |
			           (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
			           b[3], fr->dst_len, 0);
		}
	return 0;
}

/* A dump's end carries an error number when the dump failed part way
 * (a route too large for the kernel's message, say). */
static int done_ok(const struct nlmsghdr *nh)
{
	int err = 0;
	if (nh->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
		memcpy(&err, NLMSG_DATA(nh), sizeof(err));
	return err == 0;
}

/* Dump one kind (RTM_GETROUTE, RTM_GETRULE) into the copy: 0, or -1
 * if the dump failed or was cut short. */
static int dump(struct src_cache *c, int fd, uint16_t type, uint8_t *buf,
                uint32_t tables[][2], size_t *ntables, int *ambiguous)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg    rt;     /* a fib_rule_hdr has the same size */
	} req;
	uint32_t seq = ++c->seq;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.rt));
	req.nh.nlmsg_type = type;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = seq;
	req.rt.rtm_family = AF_INET;
	if (send(fd, &req, req.nh.nlmsg_len, 0) < 0)
		return -1;
	for (;;) {
		/* MSG_TRUNC: the length of a message too long for buf */
		ssize_t got = recv(fd, buf, DUMP_BUF, MSG_TRUNC);
		const struct nlmsghdr *nh = (const void *)buf;
		int len = (int)got;
		if (got <= 0 || got > DUMP_BUF)
			return -1;   /* no answer in time, or cut short */
		for (; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_seq != seq)
				continue;
			/* the tables changed while they were read */
			if (nh->nlmsg_flags & NLM_F_DUMP_INTR)
				return -1;
			if (nh->nlmsg_type == NLMSG_DONE)
				return done_ok(nh) ? 0 : -1;
			if (nh->nlmsg_type == NLMSG_ERROR)
				return -1;
			if ((nh->nlmsg_type == RTM_NEWROUTE &&
			     take_route(c, nh, tables, ntables,
			                ambiguous) != 0) ||
			    (nh->nlmsg_type == RTM_NEWRULE &&
			     take_rule(c, nh) != 0))
				return -1;
		}
	}
}

/* Copy the prefixes: 1 if the copy is usable. */
static int build(struct src_cache *c)
{
	uint32_t tables[TABLES][2];
	size_t ntables = 0;
	struct timeval timeout = { 1, 0 };
	int ambiguous = 0, fd, ok;
	uint8_t *buf;

	c->np = 0;
	c->lens = 0;
	c->toobig = 0;
	c->nent = 0;
	if ((buf = malloc(DUMP_BUF)) == NULL)
		return 0;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	/* the kernel answers at once; a host that never does (a netlink
	 * emulation) must not stall the prober: a second, then no cache */
	if (fd >= 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout,
		                 sizeof(timeout));
	ok = fd >= 0 &&
	     dump(c, fd, RTM_GETROUTE, buf, tables, &ntables, &ambiguous) == 0 &&
	     dump(c, fd, RTM_GETRULE, buf, tables, &ntables, &ambiguous) == 0;
	if (fd >= 0)
		close(fd);
	free(buf);
	if (!ok)
		return 0;
	/* several default routes in a table: the kernel picks by their
	 * neighbours, so 0/0 says nothing about the source */
	if (ambiguous && add(c, 0, 0, 1) != 0)
		return 0;
	settle(c);
	/* a destination's route may come from any prefix holding it (the
	 * rules may send it to a table where a shorter one matches): one
	 * that may not be cached spoils every longer one inside it.  In
	 * order of length, each needs only its nearest holder's mark. */
	for (size_t i = 0; i < c->np; i++) {
		const struct pfx *up;
		if (c->p[i].len == 0 || c->p[i].nocache)
			continue;
		up = holding_upto(c, c->p[i].net, c->p[i].len - 1);
		if (up != NULL && up->nocache)
			c->p[i].nocache = 1;
	}
	return 1;
}

static int open_notify(struct src_cache *c)
{
	struct sockaddr_nl sa;
	int grp = RTNLGRP_NEXTHOP;

	c->nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
	               NETLINK_ROUTE);
	if (c->nl < 0) {
		c->nl = -2;
		return 0;
	}
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE |
	               RTMGRP_IPV4_RULE;
	if (bind(c->nl, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(c->nl);
		c->nl = -2;
		return 0;
	}
	/* routes with nexthop objects are not cached; their changes are
	 * heard where the kernel has them */
	(void)setsockopt(c->nl, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
	                 sizeof(grp));
	return 1;
}

int src_cache_sync(struct src_cache *c, uint64_t now)
{
	uint8_t buf[8192];
	int changed = 0, reads = 0;

	if (c == NULL || c->nl == -2 || now < c->off_until)
		return 0;
	if (c->nl == -1 && !open_notify(c))
		return 0;
	for (;;) {
		ssize_t got = recv(c->nl, buf, sizeof(buf), MSG_DONTWAIT);
		if (got > 0 || (got < 0 && errno == ENOBUFS)) {
			changed = 1;     /* heard, or some were missed */
			if (++reads < BUSY_READS)
				continue;
			/* a router whose routes churn: reading them all
			 * would cost more than the lookups; stop listening
			 * for a while, and start again from nothing */
			close(c->nl);
			c->nl = -1;
			c->off_until = now + BUSY_US;
			c->valid = 0;
			c->nent = 0;
			return 0;
		}
		if (got < 0 && errno == EINTR)
			continue;
		break;
	}
	if (changed) {
		c->valid = 0;
		c->nent = 0;
	}
	if (c->valid)
		return 1;
	if (c->built && now - c->built_at < REBUILD_US)
		return 0;
	c->built = 1;
	c->built_at = now;
	c->valid = build(c) && !c->toobig;
	if (c->toobig) {
		/* a full table: not soon, and not listening meanwhile
		 * (what would queue up would read as churn later) */
		c->off_until = now + BUSY_US;
		if (c->nl >= 0)
			close(c->nl);
		c->nl = -1;
	}
	return c->valid;
}

int src_cache_get(const struct src_cache *c, const warts_addr *dst,
                  warts_addr *src)
{
	const struct pfx *p;
	uint32_t d;
	if (c == NULL || !c->valid || dst->type != WARTS_ADDR_IPV4)
		return -1;
	d = v4(dst);
	if (special(d) || (p = holding(c, d)) == NULL || p->nocache)
		return -1;
	for (size_t i = 0; i < c->nent; i++)
		if (c->ent[i].len == p->len && c->ent[i].net == p->net) {
			*src = c->ent[i].src;
			return 0;
		}
	return -1;
}

void src_cache_put(struct src_cache *c, const warts_addr *dst,
                   const warts_addr *src)
{
	const struct pfx *p;
	uint32_t d;
	if (c == NULL || !c->valid || dst->type != WARTS_ADDR_IPV4 ||
	    src->type != WARTS_ADDR_IPV4)
		return;
	d = v4(dst);
	if (special(d) || (p = holding(c, d)) == NULL || p->nocache)
		return;
	for (size_t i = 0; i < c->nent; i++)
		if (c->ent[i].len == p->len && c->ent[i].net == p->net)
			return;
	if (c->nent == ENTRIES)
		c->nent = 0;        /* full: start again */
	c->ent[c->nent].net = p->net;
	c->ent[c->nent].len = p->len;
	c->ent[c->nent].src = *src;
	c->nent++;
}
