/*
 * net_fake.c: the prober's network interface (prober/net/net.h) with no
 * network behind it, for tests and fuzz targets that run the prober
 * without root: probes are counted and dropped, nothing is received
 * (unless a test asks for echo replies: net_fake.h), and the source
 * address toward any destination is the destination itself.
 * Measurements therefore end by their timeouts (or by being halted).
 * Linked in place of net_linux.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "net_fake.h"
#include "pkt/pkt.h"

/* An echo reply on its way: the bytes an IPv4 raw socket would give. */
struct echo {
	uint64_t due;          /* the loop's clock */
	size_t   len;
	uint8_t  pkt[128];
};

enum { ECHO_MAX = 65536 };

struct net {
	struct net_stats st;
	ctrl_loop       *loop;
	net_rx_fn        fn;
	void            *arg;
	uint64_t         echo_us;     /* 0: no replies */
	int              quiet;       /* net_quiet: no wake-ups */
	ctrl_timer       wake;        /* a reply is due: as if readable */
	struct echo     *q;           /* a ring, oldest first */
	size_t           q_head, q_len;
	uint64_t         echoed;
	unsigned         quote_every; /* 0: echo replies only */
	unsigned         copies;      /* of every reply; 0 is 1 */
	unsigned         requests;    /* echo requests answered */
	uint8_t          router[4];
	uint64_t         stall_at;    /* net_fake_stall: sends to go */
	uint64_t         stall_us;
	uint64_t        *sent_at;     /* net_fake_record */
	size_t           sent_cap, sent_len;
	/* sources asked in bulk (net_src_prefetch), and how net_src was
	 * answered: net_fake_src_stats */
	warts_addr       batch[NET_SRC_BATCH];
	size_t           nbatch;
	struct net_fake_src src;
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
	if (n != NULL && n->loop != NULL)
		ctrl_timer_cancel(n->loop, &n->wake);
	if (n != NULL)
		free(n->q);
	free(n);
}

static void wake(ctrl_loop *l, void *arg);

int net_watch(struct net *n, ctrl_loop *l, net_rx_fn fn, void *arg)
{
	n->loop = l;
	n->fn = fn;
	n->arg = arg;
	ctrl_timer_init(&n->wake, wake, n);
	return 0;
}

/* Wake the loop when the oldest reply is due, as a socket would. */
static void arm(struct net *n)
{
	if (n->q_len > 0 && !n->quiet)
		ctrl_timer_at(n->loop, &n->wake, n->q[n->q_head].due);
}

static void wake(ctrl_loop *l, void *arg)
{
	struct net *n = arg;
	(void)l;
	net_poll(n);
	arm(n);
}

void net_fake_echo(struct net *n, uint64_t after_us)
{
	n->echo_us = after_us;
	if (after_us > 0 && n->q == NULL)
		n->q = calloc(ECHO_MAX, sizeof(*n->q));
}

void net_fake_copies(struct net *n, unsigned k)
{
	n->copies = k;
}

void net_fake_quote_every(struct net *n, unsigned k, const uint8_t *router)
{
	n->quote_every = k;
	n->requests = 0;
	if (router != NULL)
		memcpy(n->router, router, 4);
}

void net_fake_stall(struct net *n, uint64_t k, uint64_t us)
{
	n->stall_at = k;
	n->stall_us = us;
}

void net_fake_record(struct net *n, uint64_t *at, size_t cap)
{
	n->sent_at = at;
	n->sent_cap = at != NULL ? cap : 0;
	n->sent_len = 0;
}

size_t net_fake_recorded(const struct net *n)
{
	return n->sent_len;
}

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* net_fake_stall's: hold the caller for us microseconds of real time */
static void stall(uint64_t us)
{
	uint64_t until = mono_us() + us;
	struct timespec ts;
	for (uint64_t now = mono_us(); now < until; now = mono_us()) {
		ts.tv_sec = (time_t)((until - now) / 1000000);
		ts.tv_nsec = (long)((until - now) % 1000000) * 1000;
		nanosleep(&ts, NULL);
	}
}

uint64_t net_fake_echoed(const struct net *n)
{
	return n->echoed;
}

/* Set the Internet checksum of len bytes at p, kept at p + at. */
static void checksum(uint8_t *p, size_t len, size_t at)
{
	uint16_t sum;
	p[at] = p[at + 1] = 0;
	sum = (uint16_t)~pkt_fold(pkt_sum(p, len, 0));
	p[at] = (uint8_t)(sum >> 8);
	p[at + 1] = (uint8_t)sum;
}

/* Queue the reply to an IPv4 echo request: addresses swapped, type 0;
 * or (quote_every) a time exceeded from the router quoting it. */
static void echo(struct net *n, const uint8_t *pkt, size_t len)
{
	struct echo *e;
	size_t hl;
	uint8_t a[4];

	if (n->q == NULL || n->loop == NULL || n->q_len == ECHO_MAX ||
	    len < 28 || len > sizeof(e->pkt) || (pkt[0] >> 4) != 4 ||
	    pkt[9] != 1)
		return;
	hl = (size_t)(pkt[0] & 0x0f) * 4;
	if (hl < 20 || len < hl + 8 || pkt[hl] != 8)
		return;
	e = &n->q[(n->q_head + n->q_len++) % ECHO_MAX];
	e->due = ctrl_loop_now(n->loop) + n->echo_us;
	n->requests++;
	if (n->quote_every != 0 && n->requests % n->quote_every == 0 &&
	    20 + 8 + hl + 8 <= sizeof(e->pkt)) {
		/* 20 bytes of IP, 8 of ICMP, the probe's header and 8 more */
		uint8_t *ip = e->pkt, *icmp = e->pkt + 20;
		e->len = 20 + 8 + hl + 8;
		memset(e->pkt, 0, e->len);
		ip[0] = 0x45;
		ip[2] = (uint8_t)(e->len >> 8);
		ip[3] = (uint8_t)e->len;
		ip[8] = 255;
		ip[9] = 1;
		memcpy(ip + 12, n->router, 4);
		memcpy(ip + 16, pkt + 12, 4);
		icmp[0] = 11;                  /* time exceeded in transit */
		memcpy(icmp + 8, pkt, hl + 8);
		checksum(icmp, e->len - 20, 2);
		checksum(ip, 20, 10);
	} else {
		memcpy(e->pkt, pkt, len);
		e->len = len;
		memcpy(a, e->pkt + 12, 4);
		memcpy(e->pkt + 12, e->pkt + 16, 4);
		memcpy(e->pkt + 16, a, 4);
		e->pkt[8] = 64;                /* a fresh TTL */
		e->pkt[hl] = 0;                /* echo reply */
		checksum(e->pkt + hl, len - hl, 2);
		checksum(e->pkt, hl, 10);
	}
	for (unsigned k = 1; k < n->copies && n->q_len < ECHO_MAX; k++)
		n->q[(n->q_head + n->q_len++) % ECHO_MAX] = *e;
	if (!ctrl_timer_armed(&n->wake))
		arm(n);
}

int net_quiet(struct net *n, int quiet)
{
	n->quiet = quiet != 0;
	if (n->loop == NULL)
		return 0;
	if (n->quiet)
		ctrl_timer_cancel(n->loop, &n->wake);
	else
		arm(n);
	return 0;
}

void net_poll(struct net *n)
{
	while (n->q_len > 0 && n->fn != NULL &&
	       n->q[n->q_head].due <= ctrl_loop_now(n->loop)) {
		struct echo *e = &n->q[n->q_head];
		struct pkt_rx rx;
		const char *why = NULL;
		warts_tv ts;
		n->q_head = (n->q_head + 1) % ECHO_MAX;
		n->q_len--;
		net_now(&ts);
		if (pkt_parse4(e->pkt, e->len, &rx, &why) == 0) {
			n->echoed++;
			n->st.rx++;
			n->fn(n->arg, &rx, &ts);
		} else {
			n->st.rx_bad++;
		}
		pkt_rx_clear(&rx);
	}
}

int net_send(struct net *n, const uint8_t *pkt, size_t len,
             const warts_addr *dst, warts_tv *tx)
{
	(void)dst;
	if (n->stall_at > 0 && --n->stall_at == 0)
		stall(n->stall_us);
	if (n->sent_len < n->sent_cap)
		n->sent_at[n->sent_len++] = mono_us();
	n->st.tx++;
	net_now(tx);
	if (n->echo_us > 0)
		echo(n, pkt, len);
	return 0;
}

int net_src(struct net *n, const warts_addr *dst, warts_addr *src)
{
	size_t i;
	for (i = 0; i < n->nbatch; i++)
		if (warts_addr_cmp(&n->batch[i], dst) == 0)
			break;
	if (i < n->nbatch)
		n->src.batched++;
	else
		n->src.alone++;
	*src = *dst;
	return 0;
}

void net_src_prefetch(struct net *n, const warts_addr *const *dst,
                      size_t count)
{
	if (count < 2)
		return;
	if (count > NET_SRC_BATCH)
		count = NET_SRC_BATCH;
	for (size_t i = 0; i < count; i++)
		n->batch[i] = *dst[i];
	n->nbatch = count;
	n->src.batches++;
	n->src.asked += count;
}

void net_src_forget(struct net *n)
{
	n->nbatch = 0;
}

struct net_fake_src net_fake_src_stats(const struct net *n)
{
	return n->src;
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
