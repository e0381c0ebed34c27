/*
 * test_tracelb.c: encoding and decoding every field of an MDA traceroute
 * (nodes, links, probe sets, probes, replies), with boundary values,
 * absent optional fields, the writer's conditions, and the reader's
 * checks on how links hang together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"
#include "warts/tracelb.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)

static void set_addr(warts_addr *a, const char *s)
{
	warts_addr_fromstr(a, s);
}

static const uint8_t mpls[] = { 0x00, 0x3e, 0x81, 0x01 }; /* label 1000 */

/* An ICMP reply with every field its type allows set to something. */
static void fill_icmp(warts_tracelb_reply *r, const char *from, int ext)
{
	set_addr(&r->from, from);
	r->rx.sec = UINT32_MAX;
	r->rx.usec = 999999;
	r->ipid = UINT16_MAX;
	r->ttl = 255;
	r->flags = WARTS_TRACELB_REPLY_TTL;
	r->icmp_type = 11;
	r->icmp_code = 255;
	r->icmp_q_ttl = 2;
	r->icmp_q_tos = 0xb8;
	if (ext) {
		r->icmpext.count = 2;
		r->icmpext.ext = calloc(2, sizeof(warts_icmpext));
		r->icmpext.ext[0].class_num = 1;
		r->icmpext.ext[0].class_type = 1;
		r->icmpext.ext[0].len = sizeof(mpls);
		r->icmpext.ext[0].data = malloc(sizeof(mpls));
		memcpy(r->icmpext.ext[0].data, mpls, sizeof(mpls));
		r->icmpext.ext[1].class_num = 255;
		r->icmpext.ext[1].class_type = 0;
	}
}

static void fill_tcp(warts_tracelb_reply *r, const char *from)
{
	set_addr(&r->from, from);
	r->rx.sec = 1;
	r->ipid = 0;
	r->ttl = 0;
	r->flags = WARTS_TRACELB_REPLY_TCP | WARTS_TRACELB_REPLY_TTL;
	r->tcp_flags = 0x14;
}

static void fill_probe(warts_tracelb_probe *p, uint16_t flowid, uint8_t ttl)
{
	p->tx.sec = 1795781254;
	p->tx.usec = 801772;
	p->flowid = flowid;
	p->ttl = ttl;
	p->attempt = ttl == 255 ? 255 : 0;
}

/*
 * Four nodes: 0 (IPv4, q-ttl, PTR name), 1 (IPv6), 2 (no address at
 * all), 3 (the destination).  Links: 0->1 (one hop, an ICMP reply with
 * extensions and one without a reply TTL), 1->3 (two hops: probes with no
 * reply and a TCP reply), 0->2, and 2->dead end with an empty probe set.
 */
static warts_tracelb *full_tracelb(warts_list *list, warts_cycle *cycle)
{
	warts_tracelb *t = warts_tracelb_alloc();
	warts_tracelb_node *n;
	warts_tracelb_link *l;
	warts_tracelb_probeset *s;
	warts_tracelb_probe *p;
	warts_tracelb_reply *r;

	t->list = warts_list_ref(list);
	t->cycle = warts_cycle_ref(cycle);
	t->userid = UINT32_MAX;
	set_addr(&t->src, "192.0.2.2");
	set_addr(&t->dst, "198.18.200.1");
	set_addr(&t->rtr, "192.0.2.254");
	t->start.sec = 1795781254;
	t->start.usec = 550861;
	t->sport = UINT16_MAX;
	t->dport = 33435;
	t->probe_size = UINT16_MAX;
	t->type = WARTS_TRACELB_TCP_ACK_SPORT;
	t->firsthop = 255;
	t->wait_timeout = 255;
	t->wait_probe = 25;
	t->attempts = 2;
	t->confidence = 99;
	t->tos = 0xff;
	t->gaplimit = 3;
	t->flags = WARTS_TRACELB_FLAG_PTR;
	t->probec = UINT32_MAX;
	t->probec_max = 3000;
	t->errmsg = strdup("no error, really");

	n = warts_tracelb_node_add(t);
	set_addr(&n->addr, "192.0.2.1");
	n->flags = WARTS_TRACELB_NODE_QTTL;
	n->q_ttl = 255;
	n->name = strdup("gw.example");
	n = warts_tracelb_node_add(t);
	set_addr(&n->addr, "2001:db8::2");
	n = warts_tracelb_node_add(t);
	n->flags = 0x80;            /* unknown flag bits survive */
	n = warts_tracelb_node_add(t);
	set_addr(&n->addr, "198.18.200.1");

	l = warts_tracelb_link_add(t);
	l->from = 0;
	l->to = 1;
	s = warts_tracelb_probeset_add(l);
	p = warts_tracelb_probe_add(s);
	fill_probe(p, 1, 2);
	fill_icmp(warts_tracelb_reply_add(p), "2001:db8::2", 1);
	r = warts_tracelb_reply_add(p);
	fill_icmp(r, "2001:db8::2", 0);
	r->flags = 0;
	r->ttl = 0;
	p = warts_tracelb_probe_add(s);
	fill_probe(p, UINT16_MAX, 255);

	l = warts_tracelb_link_add(t);
	l->from = 1;
	l->to = 3;
	s = warts_tracelb_probeset_add(l);
	p = warts_tracelb_probe_add(s);
	fill_probe(p, 7, 3);
	s = warts_tracelb_probeset_add(l);
	p = warts_tracelb_probe_add(s);
	fill_probe(p, 8, 4);
	fill_tcp(warts_tracelb_reply_add(p), "198.18.200.1");

	l = warts_tracelb_link_add(t);
	l->from = 0;
	l->to = 2;

	l = warts_tracelb_link_add(t);
	l->from = 2;
	l->to = -1;
	warts_tracelb_probeset_add(l);

	warts_tracelb_count_links(t);
	return t;
}

static void check_reply(const warts_tracelb_reply *a,
                        const warts_tracelb_reply *b)
{
	ok(warts_addr_cmp(&a->from, &b->from) == 0, "reply from");
	SAME(a, b, rx.sec);
	SAME(a, b, rx.usec);
	SAME(a, b, ipid);
	SAME(a, b, ttl);
	SAME(a, b, flags);
	SAME(a, b, icmp_type);
	SAME(a, b, icmp_code);
	SAME(a, b, tcp_flags);
	SAME(a, b, icmp_q_ttl);
	SAME(a, b, icmp_q_tos);
	SAME(a, b, icmpext.count);
	for (unsigned i = 0; i < a->icmpext.count && i < b->icmpext.count;
	     i++) {
		const warts_icmpext *x = &a->icmpext.ext[i];
		const warts_icmpext *y = &b->icmpext.ext[i];
		ok(x->class_num == y->class_num &&
		   x->class_type == y->class_type && x->len == y->len &&
		   (x->len == 0 || memcmp(x->data, y->data, x->len) == 0),
		   "icmp extension %u", i);
	}
}

static void check_link(const warts_tracelb_link *a,
                       const warts_tracelb_link *b, unsigned li)
{
	diag("link %u", li);
	SAME(a, b, from);
	SAME(a, b, to);
	if (!SAME(a, b, hopc))
		return;
	for (unsigned s = 0; s < a->hopc; s++) {
		const warts_tracelb_probeset *x = &a->sets[s], *y = &b->sets[s];
		if (!SAME(x, y, probec))
			continue;
		for (unsigned k = 0; k < x->probec; k++) {
			const warts_tracelb_probe *p = &x->probes[k];
			const warts_tracelb_probe *q = &y->probes[k];
			SAME(p, q, tx.sec);
			SAME(p, q, tx.usec);
			SAME(p, q, flowid);
			SAME(p, q, ttl);
			SAME(p, q, attempt);
			if (SAME(p, q, rxc))
				for (unsigned r = 0; r < p->rxc; r++)
					check_reply(&p->rxs[r], &q->rxs[r]);
		}
	}
}

static void test_full(void)
{
	warts_list *list = warts_list_alloc(9, "l");
	warts_cycle *cycle = warts_cycle_alloc(list, 3, 100);
	warts_object in = { .type = WARTS_TYPE_TRACELB }, out;
	const warts_tracelb *a, *b;
	char why[256];

	in.u.tracelb = full_tracelb(list, cycle);
	a = in.u.tracelb;
	is_int(a->nodes[0].linkc, 2, "count_links: node 0 has two links");
	is_int(a->nodes[3].linkc, 0, "count_links: the destination none");
	if (!ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	        "every field: round trip %s", why))
		goto out;
	b = out.u.tracelb;
	ok(b->list != NULL && b->list->id == 9, "list");
	ok(b->cycle != NULL && b->cycle->id == 3, "cycle");
	SAME(a, b, userid);
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "src");
	ok(warts_addr_cmp(&a->dst, &b->dst) == 0, "dst");
	ok(warts_addr_cmp(&a->rtr, &b->rtr) == 0, "rtr");
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, sport);
	SAME(a, b, dport);
	SAME(a, b, probe_size);
	SAME(a, b, type);
	SAME(a, b, firsthop);
	SAME(a, b, wait_timeout);
	SAME(a, b, wait_probe);
	SAME(a, b, attempts);
	SAME(a, b, confidence);
	SAME(a, b, tos);
	SAME(a, b, gaplimit);
	SAME(a, b, flags);
	SAME(a, b, probec);
	SAME(a, b, probec_max);
	is_str(b->errmsg, a->errmsg, "errmsg");
	if (SAME(a, b, nodec))
		for (unsigned i = 0; i < a->nodec; i++) {
			const warts_tracelb_node *x = &a->nodes[i];
			const warts_tracelb_node *y = &b->nodes[i];
			diag("node %u", i);
			ok(warts_addr_cmp(&x->addr, &y->addr) == 0,
			   "node addr");
			SAME(x, y, flags);
			SAME(x, y, q_ttl);
			SAME(x, y, linkc);
			is_str(y->name, x->name, "node name");
		}
	ok(!warts_addr_isset(&b->nodes[2].addr), "a node without an address");
	if (SAME(a, b, linkc))
		for (unsigned i = 0; i < a->linkc; i++)
			check_link(&a->links[i], &b->links[i], i);
	is_int(b->links[3].to, -1, "a dead-end link has no to-node");
	warts_object_clear(&out);
out:
	warts_object_clear(&in);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

/* Only the destination: every optional field absent. */
static void test_minimal(void)
{
	warts_object in = { .type = WARTS_TYPE_TRACELB }, out;
	struct tbuf bytes = {0};
	warts_tracelb *t = warts_tracelb_alloc();
	char why[256];

	set_addr(&t->dst, "2001:db8::1");
	in.u.tracelb = t;
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "minimal tracelb round trip %s", why)) {
		const warts_tracelb *b = out.u.tracelb;
		ok(b->list == NULL && b->cycle == NULL, "no list or cycle");
		ok(!warts_addr_isset(&b->src), "no src");
		ok(!warts_addr_isset(&b->rtr), "no rtr");
		ok(b->errmsg == NULL, "no errmsg");
		is_int(b->userid, 0, "no userid");
		is_int(b->flags, 0, "no flags");
		ok(b->nodec == 0 && b->nodes == NULL, "no nodes");
		ok(b->linkc == 0 && b->links == NULL, "no links");
		/*
		 * header 8, flag bytes 4 (bits up to 22), length 2, the
		 * always-written numbers (42 bytes: ids 8, start 8, ports
		 * and size 6, seven u8, counts 4, probe counts 8, gaplimit
		 * 1) and an 18-byte IPv6 dst
		 */
		is_int(bytes.len, 8 + 4 + 2 + 42 + 18,
		       "only the always-written parameters are encoded");
		warts_object_clear(&out);
	}
	tbuf_free(&bytes);
	warts_object_clear(&in);

	t = warts_tracelb_alloc();
	in.type = WARTS_TYPE_TRACELB;
	in.u.tracelb = t;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "dst") != NULL, "a tracelb needs a dst: %s", why);
	warts_object_clear(&in);
}

/* Fields the writer leaves out when their condition does not hold. */
static void test_conditions(void)
{
	warts_object in = { .type = WARTS_TYPE_TRACELB }, out;
	warts_tracelb *t = warts_tracelb_alloc();
	warts_tracelb_node *n;
	warts_tracelb_link *l;
	warts_tracelb_probe *p;
	warts_tracelb_reply *r;
	char why[256];

	set_addr(&t->dst, "198.51.100.1");
	n = warts_tracelb_node_add(t);
	set_addr(&n->addr, "203.0.113.1");
	n->q_ttl = 9;               /* no QTTL flag: not written */
	warts_tracelb_node_add(t);
	l = warts_tracelb_link_add(t);
	l->to = 1;
	p = warts_tracelb_probe_add(warts_tracelb_probeset_add(l));
	r = warts_tracelb_reply_add(p);
	fill_icmp(r, "198.51.100.1", 1);
	r->flags = WARTS_TRACELB_REPLY_TCP; /* ICMP fields and TTL dropped */
	r->tcp_flags = 0x12;
	r = warts_tracelb_reply_add(p);
	fill_icmp(r, "203.0.113.1", 0);
	r->flags = 0;                       /* TTL dropped */
	warts_tracelb_count_links(t);
	in.u.tracelb = t;
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "conditions round trip %s", why)) {
		const warts_tracelb *b = out.u.tracelb;
		const warts_tracelb_probe *q = &b->links[0].sets[0].probes[0];
		is_int(b->nodes[0].q_ttl, 0, "q_ttl needs the node's QTTL flag");
		is_int(q->rxs[0].tcp_flags, 0x12, "TCP reply: tcp_flags");
		ok(q->rxs[0].icmp_type == 0 && q->rxs[0].icmp_code == 0 &&
		   q->rxs[0].icmp_q_ttl == 0 && q->rxs[0].icmp_q_tos == 0 &&
		   q->rxs[0].icmpext.count == 0,
		   "TCP reply: no ICMP fields or extensions");
		is_int(q->rxs[0].ttl, 0, "reply TTL needs the REPLY_TTL flag");
		is_int(q->rxs[1].ttl, 0, "ICMP reply without REPLY_TTL: no ttl");
		is_int(q->rxs[1].icmp_q_tos, 0xb8, "ICMP reply: quoted ToS");
		is_int(q->rxs[1].tcp_flags, 0, "ICMP reply: no tcp_flags");
		warts_object_clear(&out);
	}
	warts_object_clear(&in);
}

/* The writer refuses what the reader would reject. */
static void test_encode_checks(void)
{
	static const struct {
		int from, to, linkc;
		const char *want;
	} cases[] = {
		{ 2, -1, 1, "from 2, to -1" },
		{ 0, 2, 1, "from 0, to 2" },
		{ 0, -2, 1, "to -2" },
		{ 0, 1, 2, "node 0: linkc 2, but 1 links" },
	};
	warts_object in = { .type = WARTS_TYPE_TRACELB }, out;
	char why[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		warts_tracelb *t = warts_tracelb_alloc();
		warts_tracelb_link *l;
		set_addr(&t->dst, "198.51.100.1");
		warts_tracelb_node_add(t);
		warts_tracelb_node_add(t);
		l = warts_tracelb_link_add(t);
		l->from = (uint16_t)cases[i].from;
		l->to = cases[i].to;
		t->nodes[0].linkc = (uint16_t)cases[i].linkc;
		in.type = WARTS_TYPE_TRACELB;
		in.u.tracelb = t;
		ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
		   strstr(why, cases[i].want) != NULL,
		   "refused: %s", why);
		warts_object_clear(&in);
	}

	{
		warts_tracelb *t = warts_tracelb_alloc();
		warts_tracelb_link *l;
		set_addr(&t->dst, "198.51.100.1");
		warts_tracelb_node_add(t);
		l = warts_tracelb_link_add(t);
		warts_tracelb_reply_add(warts_tracelb_probe_add(
			warts_tracelb_probeset_add(l)));
		warts_tracelb_count_links(t);
		in.type = WARTS_TYPE_TRACELB;
		in.u.tracelb = t;
		ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
		   strstr(why, "reply 0: from is required") != NULL,
		   "a reply needs an address: %s", why);
		t->links[0].sets[0].probes[0].rxc = 0;
		t->links[0].sets[0].probec = 3;
		free(t->links[0].sets[0].probes[0].rxs);
		free(t->links[0].sets[0].probes);
		t->links[0].sets[0].probes = NULL;
		ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
		   strstr(why, "probec 3 but no probes") != NULL,
		   "a count without its array: %s", why);
		warts_object_clear(&in);
	}
}

/* ---- hand-built records ------------------------------------------------ */

/*
 * tracelb params with only nodec (bit 16), linkc (bit 17) and an IPv4 dst
 * (bit 22) set: flag bytes 0x80 0x80 0x86 0x01, length 10.
 */
static void head(struct tbuf *b, uint16_t nodec, uint16_t linkc)
{
	const uint8_t p[] = {
		0x80, 0x80, 0x86, 0x01, 0x00, 0x0a,
		(uint8_t)(nodec >> 8), (uint8_t)nodec,
		(uint8_t)(linkc >> 8), (uint8_t)linkc,
		0x04, 0x01, 198, 51, 100, 1,
	};
	tbuf_add(b, p, sizeof(p));
}

/* A node with only its link count (bit 3). */
static void node(struct tbuf *b, uint16_t linkc)
{
	const uint8_t p[] = { 0x04, 0x00, 0x02,
	                      (uint8_t)(linkc >> 8), (uint8_t)linkc };
	tbuf_add(b, p, sizeof(p));
}

/* A link from, to (-1: bit 2 absent), with hopc probe sets to follow. */
static void link_(struct tbuf *b, uint16_t from, int to, uint8_t hopc)
{
	const uint8_t full[] = { 0x07, 0x00, 0x05,
	                         (uint8_t)(from >> 8), (uint8_t)from,
	                         (uint8_t)(to >> 8), (uint8_t)to, hopc };
	const uint8_t dead[] = { 0x05, 0x00, 0x03,
	                         (uint8_t)(from >> 8), (uint8_t)from, hopc };
	if (to >= 0)
		tbuf_add(b, full, sizeof(full));
	else
		tbuf_add(b, dead, sizeof(dead));
}

/* Decode body as a tracelb record; returns 0 or -1 with err. */
static int decode(const struct tbuf *body, warts_object *out,
                  warts_error *err)
{
	struct tbuf rec = {0};
	const uint8_t h[] = { 0x12, 0x05, 0x00, 0x08,
	                      (uint8_t)(body->len >> 24),
	                      (uint8_t)(body->len >> 16),
	                      (uint8_t)(body->len >> 8), (uint8_t)body->len };
	int rc;
	tbuf_add(&rec, h, sizeof(h));
	tbuf_add(&rec, body->p, body->len);
	rc = test_decode1(rec.p, rec.len, out, err);
	tbuf_free(&rec);
	return rc;
}

static void expect_fail(struct tbuf *b, const char *want, const char *what)
{
	warts_object out;
	warts_error err;
	if (decode(b, &out, &err) == 0) {
		ok(0, "%s: decoded", what);
		warts_object_clear(&out);
	} else {
		ok(strstr(err.msg, "tracelb record at offset 0") != NULL &&
		   strstr(err.msg, want) != NULL, "%s: %s", what, err.msg);
	}
	tbuf_free(b);
}

static void test_handmade(void)
{
	struct tbuf b = {0};
	warts_object out;
	warts_error err;

	/* valid: an address-less node, a dead end, an unknown node bit */
	head(&b, 2, 1);
	{
		/* bits 3 and 7: linkc, then 3 bytes the reader skips */
		const uint8_t n0[] = { 0x44, 0x00, 0x05, 0x00, 0x01, 1, 2, 3 };
		tbuf_add(&b, n0, sizeof(n0));
	}
	node(&b, 0);
	link_(&b, 0, -1, 0);
	if (ok(decode(&b, &out, &err) == 0, "hand-built tracelb decodes %s",
	       err.msg)) {
		const warts_tracelb *t = out.u.tracelb;
		ok(t->nodec == 2 && t->linkc == 1, "two nodes, one link");
		ok(!warts_addr_isset(&t->nodes[0].addr), "node without address");
		is_int(t->nodes[0].linkc, 1, "unknown node bit skipped");
		is_int(t->links[0].to, -1, "bit 2 absent: dead end");
		warts_object_clear(&out);
	}
	tbuf_free(&b);

	head(&b, 1, 1);
	node(&b, 1);
	link_(&b, 1, 0, 0);
	expect_fail(&b, "link 0: from-node 1 of 1 nodes", "from out of range");

	head(&b, 1, 1);
	node(&b, 1);
	link_(&b, 0, 5, 0);
	expect_fail(&b, "link 0: to-node 5 of 1 nodes", "to out of range");

	head(&b, 2, 1);
	node(&b, 0);
	node(&b, 1);
	link_(&b, 0, 1, 0);
	expect_fail(&b, "node 0: linkc 0, but 1 links leave it",
	            "a link its node does not count");

	head(&b, 1, 0);
	node(&b, 2);
	expect_fail(&b, "node 0: linkc 2, but 0 links leave it",
	            "a node counting links that are not there");

	head(&b, 1000, 0);
	expect_fail(&b, "count 1000 cannot fit", "node count beyond the record");

	head(&b, 1, 1);
	node(&b, 1);
	link_(&b, 0, -1, 200);
	expect_fail(&b, "count 200 cannot fit", "probe sets beyond the record");

	head(&b, 1, 1);
	node(&b, 1);
	link_(&b, 0, -1, 1);
	{
		const uint8_t set[] = { 0x01, 0x00, 0x02, 0x00, 0x01 };
		/* probe: bit 5 only, one reply */
		const uint8_t probe[] = { 0x10, 0x00, 0x02, 0x00, 0x01 };
		/* reply: bit 1 only, no address */
		const uint8_t reply[] = { 0x01, 0x00, 0x08,
		                          0, 0, 0, 1, 0, 0, 0, 2 };
		tbuf_add(&b, set, sizeof(set));
		tbuf_add(&b, probe, sizeof(probe));
		tbuf_add(&b, reply, sizeof(reply));
	}
	expect_fail(&b, "reply 0: reply without an address",
	            "a reply needs an address");

	{
		/* bit 16 only: nodec 0, no destination */
		const uint8_t p[] = { 0x80, 0x80, 0x02, 0x00, 0x02, 0x00, 0x00 };
		tbuf_add(&b, p, sizeof(p));
	}
	expect_fail(&b, "no destination", "a tracelb needs a dst");

	head(&b, 1, 1);
	node(&b, 1);
	link_(&b, 0, -1, 1);
	{
		/* set of 1 probe; probe with 1 reply whose ext set is empty */
		const uint8_t set[] = { 0x01, 0x00, 0x02, 0x00, 0x01 };
		const uint8_t probe[] = { 0x10, 0x00, 0x02, 0x00, 0x01 };
		const uint8_t reply[] = { 0x40, 0x00, 0x02, 0x00, 0x00 };
		tbuf_add(&b, set, sizeof(set));
		tbuf_add(&b, probe, sizeof(probe));
		tbuf_add(&b, reply, sizeof(reply));
	}
	expect_fail(&b, "ICMP extension set of length 0",
	            "an empty ICMP extension set");
}

/* Every truncation of a full record fails cleanly, naming the record. */
static void test_truncated(void)
{
	warts_object in = { .type = WARTS_TYPE_TRACELB }, out;
	struct tbuf bytes = {0};
	warts_error err;
	char why[256];
	unsigned bad = 0, cuts = 0;

	in.u.tracelb = full_tracelb(NULL, NULL);
	if (test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0)
		warts_object_clear(&out);
	warts_object_clear(&in);
	for (size_t cut = 8; cut < bytes.len; cut++) {
		uint8_t *rec = malloc(cut);
		memcpy(rec, bytes.p, cut);
		rec[4] = (uint8_t)((cut - 8) >> 24);
		rec[5] = (uint8_t)((cut - 8) >> 16);
		rec[6] = (uint8_t)((cut - 8) >> 8);
		rec[7] = (uint8_t)(cut - 8);
		cuts++;
		if (test_decode1(rec, cut, &out, &err) == 0) {
			warts_object_clear(&out);
			bad++;
			diag("cut at %zu decoded", cut);
		} else if (strstr(err.msg, "tracelb record at offset 0") == NULL) {
			bad++;
			diag("cut at %zu: %s", cut, err.msg);
		}
		free(rec);
	}
	ok(bad == 0 && cuts > 100, "all %u truncations fail cleanly", cuts);

	/* every byte flipped: decodes or fails cleanly (sanitizers watch) */
	for (size_t i = 8; i < bytes.len; i++) {
		uint8_t save = bytes.p[i];
		for (unsigned v = 0; v < 256; v += 51) {
			bytes.p[i] = (uint8_t)(save ^ (v | 1));
			if (test_decode1(bytes.p, bytes.len, &out, &err) == 0)
				warts_object_clear(&out);
		}
		bytes.p[i] = save;
	}
	ok(1, "every corrupted byte decodes or fails cleanly");
	tbuf_free(&bytes);
}

/* Field values in a file scamper 20260420 wrote, against its dump. */
static void test_corpus_values(void)
{
	char path[4096];
	warts_error err;
	warts_reader *r;
	warts_object obj;
	int found = 0;

	snprintf(path, sizeof(path), "%s/corpus/lab/"
	         "new2026-tracelb-icmp-echo-v4.warts", test_datadir());
	if ((r = warts_reader_open(path, &err)) == NULL) {
		ok(0, "open %s: %s", path, err.msg);
		return;
	}
	while (warts_reader_read(r, &obj) > 0) {
		const warts_tracelb *t = obj.u.tracelb;
		const warts_tracelb_reply *x;
		char s[WARTS_ADDR_STRLEN];
		if (obj.type != WARTS_TYPE_TRACELB) {
			warts_object_clear(&obj);
			continue;
		}
		found = 1;
		is_str(warts_addr_tostr(&t->src, s, sizeof(s)), "192.0.2.2",
		       "src");
		is_str(warts_addr_tostr(&t->dst, s, sizeof(s)), "198.18.200.1",
		       "dst");
		is_int(t->start.usec, 550861, "start usec");
		is_int(t->type, WARTS_TRACELB_ICMP_ECHO, "type icmp-echo");
		is_int(t->sport, 43373, "icmp id in sport");
		ok(t->firsthop == 1 && t->attempts == 2 && t->confidence == 95,
		   "firsthop 1, attempts 2, confidence 95");
		ok(t->probe_size == 44 && t->wait_probe == 25 &&
		   t->wait_timeout == 5, "probe-size 44, wait-probe 0.25s, "
		   "wait-timeout 5s");
		ok(t->nodec == 4 && t->linkc == 3 && t->probec == 14 &&
		   t->probec_max == 3000, "nodec 4, linkc 3, probec 14/3000");
		ok(t->nodes[0].flags == WARTS_TRACELB_NODE_QTTL &&
		   t->nodes[0].q_ttl == 1, "node 0: q-ttl 1");
		ok(t->links[0].from == 0 && t->links[0].to == 1 &&
		   t->links[0].hopc == 1 && t->links[0].sets[0].probec == 6,
		   "link 0: node 0 -> node 1, one hop, six probes");
		ok(t->links[0].sets[0].probes[0].flowid == 1 &&
		   t->links[0].sets[0].probes[0].ttl == 2 &&
		   t->links[0].sets[0].probes[0].attempt == 0 &&
		   t->links[0].sets[0].probes[0].tx.usec == 801772,
		   "probe: flowid 1, ttl 2, attempt 0, tx");
		x = &t->links[0].sets[0].probes[0].rxs[0];
		ok(x->ipid == 0x248d && x->ttl == 63 && x->icmp_type == 11 &&
		   x->icmp_q_ttl == 1 && x->icmp_q_tos == 0,
		   "reply: ipid 0x248d, ttl 63, icmp 11/0, q-ttl 1");
		is_str(warts_addr_tostr(&x->from, s, sizeof(s)), "198.51.100.2",
		       "reply from");
		x = &t->links[2].sets[0].probes[0].rxs[0];
		ok(x->icmp_type == 0 && x->ttl == 61, "echo reply: icmp 0/0");
		warts_object_clear(&obj);
	}
	warts_reader_close(r);
	ok(found, "the file holds a tracelb");
}

int main(void)
{
	test_full();
	test_minimal();
	test_conditions();
	test_encode_checks();
	test_handmade();
	test_truncated();
	test_corpus_values();
	return done_testing();
}
