/*
 * ping.c: a first ICMP echo ping, enough to exercise the prober's core.
 * (To be replaced by the full ping: every method and option.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../task.h"

struct ping_state {
	uint16_t sent;
	int      waiting;     /* all sent: waiting for the last replies */
	warts_tv start_tx[256];
};

static void *ping_parse(struct prober *p, int argc, char **argv, char *err,
                        size_t errlen)
{
	warts_ping *ping;
	(void)p;
	if (argc != 1) {
		snprintf(err, errlen, "usage: ping ADDRESS");
		return NULL;
	}
	if ((ping = warts_ping_alloc()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (warts_addr_fromstr(&ping->dst, argv[0]) != 0 ||
	    (ping->dst.type != WARTS_ADDR_IPV4 &&
	     ping->dst.type != WARTS_ADDR_IPV6)) {
		snprintf(err, errlen, "%s: not an IP address", argv[0]);
		warts_ping_free(ping);
		return NULL;
	}
	ping->attempts = 4;
	ping->probe_size = ping->dst.type == WARTS_ADDR_IPV4 ? 84 : 104;
	ping->wait_sec = 1;
	ping->timeout_sec = 1;
	ping->ttl = 64;
	ping->sport = (uint16_t)(getpid() & 0xffff) | 0x8000;
	return ping;
}

static int ping_start(struct task *t)
{
	warts_ping *ping = t->obj;
	if ((t->state = calloc(1, sizeof(struct ping_state))) == NULL)
		return -1;
	if (task_src(t, &ping->dst, &ping->src) != 0) {
		ping->stop_reason = WARTS_PING_STOP_ERROR;
		task_done(t);
		return 0;
	}
	task_wallclock(&ping->start);
	task_want_probe(t);
	return 0;
}

static int ping_probe(struct task *t)
{
	warts_ping *ping = t->obj;
	struct ping_state *s = t->state;
	struct pkt_probe pr;
	struct probe_key k;
	warts_tv tx;
	int v4 = ping->dst.type == WARTS_ADDR_IPV4;

	memset(&pr, 0, sizeof(pr));
	pr.src = ping->src;
	pr.dst = ping->dst;
	pr.proto = v4 ? PKT_ICMP : PKT_ICMP6;
	pr.icmp_type = v4 ? ICMP4_ECHO : ICMP6_ECHO;
	pr.icmp_id = ping->sport;
	pr.icmp_seq = s->sent;
	pr.ttl = ping->ttl;
	pr.ipid = (uint16_t)(rand() & 0xffff);
	pr.size = ping->probe_size;
	memset(&k, 0, sizeof(k));
	probe_key_dst(&k, &ping->dst);
	k.proto = pr.proto;
	k.a = pr.icmp_id;
	k.b = pr.icmp_seq;
	if (task_send(t, &pr, &k, s->sent, &tx) != 0) {
		ping->stop_reason = WARTS_PING_STOP_ERROR;
		task_done(t);
		return 0;
	}
	s->start_tx[s->sent & 0xff] = tx;
	ping->ping_sent = ++s->sent;
	if (s->sent < ping->attempts) {
		task_timer(t, (uint64_t)ping->wait_sec * 1000000);
	} else {
		s->waiting = 1;
		task_timer(t, (uint64_t)ping->timeout_sec * 1000000);
	}
	return 1;
}

static void ping_reply(struct task *t, uint32_t cookie,
                       const struct pkt_rx *rx, const warts_tv *ts)
{
	warts_ping *ping = t->obj;
	struct ping_state *s = t->state;
	warts_ping_reply *r;
	warts_tv tx = s->start_tx[cookie & 0xff];
	if (rx->has_quote || (r = warts_ping_reply_add(ping)) == NULL)
		return;
	r->addr = rx->src;
	r->probe_id = (uint16_t)cookie;
	r->probe_tx = tx;
	r->reply_ttl = rx->ttl;
	r->flags = WARTS_PING_REPLY_REPLY_TTL;
	r->reply_size = rx->size;
	r->icmp_type = rx->icmp_type;
	r->icmp_code = rx->icmp_code;
	r->rtt = (uint32_t)((uint64_t)(ts->sec - tx.sec) * 1000000 +
	                    ts->usec - tx.usec);
	if (rx->af == 4) {
		r->reply_ipid = rx->ipid;
		r->flags |= WARTS_PING_REPLY_REPLY_IPID;
	}
}

static void ping_timeout(struct task *t)
{
	warts_ping *ping = t->obj;
	struct ping_state *s = t->state;
	if (s->waiting) {
		ping->stop_reason = WARTS_PING_STOP_COMPLETED;
		task_done(t);
		return;
	}
	task_want_probe(t);
}

static void ping_halt(struct task *t)
{
	((warts_ping *)t->obj)->stop_reason = WARTS_PING_STOP_HALTED;
}

static void ping_free_state(struct task *t)
{
	free(t->state);
}

static void ping_free_obj(void *obj)
{
	warts_ping_free(obj);
}

const struct task_type ping_type = {
	.name = "ping",
	.warts_type = WARTS_TYPE_PING,
	.parse = ping_parse,
	.start = ping_start,
	.probe = ping_probe,
	.reply = ping_reply,
	.timeout = ping_timeout,
	.halt = ping_halt,
	.free = ping_free_state,
	.free_obj = ping_free_obj,
};
