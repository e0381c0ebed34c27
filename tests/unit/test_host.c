/*
 * test_host.c: encoding and decoding every field of a DNS measurement
 * (warts type 14) and every kind of RR data, with boundary values,
 * absent optional fields, the two writers' styles, objects the encoder
 * must refuse, and corrupt records that must fail cleanly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"
#include "warts/host.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)

static void set_addr(warts_addr *a, const char *s)
{
	warts_addr_fromstr(a, s);
}

/* ---- building objects --------------------------------------------- */

static warts_host_rr *add_rr(warts_host_query *q, enum warts_host_section s,
                             uint16_t cls, uint16_t type, const char *name,
                             uint32_t ttl)
{
	warts_host_rr *rr = warts_host_rr_add(q, s);
	rr->rrclass = cls;
	rr->rrtype = type;
	rr->name = name != NULL ? strdup(name) : NULL;
	rr->ttl = ttl;
	return rr;
}

static void rr_addr(warts_host_rr *rr, const char *a)
{
	rr->kind = WARTS_HOST_RR_ADDR;
	set_addr(&rr->data.addr, a);
}

static void rr_str(warts_host_rr *rr, const char *s)
{
	rr->kind = WARTS_HOST_RR_STR;
	rr->data.str = strdup(s);
}

static void rr_soa(warts_host_rr *rr, const char *mname, const char *rname,
                   uint32_t base)
{
	warts_host_rr_soa *soa = calloc(1, sizeof(*soa));
	soa->mname = mname != NULL ? strdup(mname) : NULL;
	soa->rname = rname != NULL ? strdup(rname) : NULL;
	soa->serial = base;
	soa->refresh = base ? base - 1 : 0;
	soa->retry = base ? base - 2 : 0;
	soa->expire = base ? base - 3 : 0;
	soa->minimum = base ? base - 4 : 0;
	rr->kind = WARTS_HOST_RR_SOA;
	rr->data.soa = soa;
}

static void rr_mx(warts_host_rr *rr, uint16_t pref, const char *exchange)
{
	warts_host_rr_mx *mx = calloc(1, sizeof(*mx));
	mx->preference = pref;
	mx->exchange = exchange != NULL ? strdup(exchange) : NULL;
	rr->kind = WARTS_HOST_RR_MX;
	rr->data.mx = mx;
}

static void txt_set(warts_host_txtstr *s, const void *p, uint8_t len)
{
	s->len = len;
	s->data = malloc(len + 1u);
	memcpy(s->data, p, len);
	s->data[len] = '\0';
}

/* Strings: ordinary, empty, one with NULs inside, and 255 bytes. */
static void rr_txt(warts_host_rr *rr)
{
	warts_host_rr_txt *txt = calloc(1, sizeof(*txt));
	uint8_t big[255];
	for (unsigned i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i + 1);
	txt->strc = 4;
	txt->strs = calloc(4, sizeof(*txt->strs));
	txt_set(&txt->strs[0], "v=spf1 -all", 11);
	txt_set(&txt->strs[1], "", 0);
	txt_set(&txt->strs[2], "a\0b\0", 4);
	txt_set(&txt->strs[3], big, 255);
	rr->kind = WARTS_HOST_RR_TXT;
	rr->data.txt = txt;
}

static void elem_set(warts_host_rr_elem *el, uint16_t code, const void *p,
                     uint16_t len)
{
	el->code = code;
	el->len = len;
	el->data = len > 0 ? malloc(len) : NULL;
	if (len > 0)
		memcpy(el->data, p, len);
}

static void rr_opt(warts_host_rr *rr)
{
	static const uint8_t ecs[] = { 0x00, 0x01, 0x18, 0x00, 198, 51, 100 };
	warts_host_rr_opt *opt = calloc(1, sizeof(*opt));
	opt->elemc = 3;
	opt->elems = calloc(3, sizeof(*opt->elems));
	elem_set(&opt->elems[0], WARTS_HOST_OPT_NSID, "ns1\0x", 5);
	elem_set(&opt->elems[1], WARTS_HOST_OPT_ECS, ecs, sizeof(ecs));
	elem_set(&opt->elems[2], UINT16_MAX, NULL, 0);
	rr->kind = WARTS_HOST_RR_OPT;
	rr->data.opt = opt;
}

static void rr_svcb(warts_host_rr *rr, uint16_t prio, const char *target)
{
	static const uint8_t alpn[] = { 2, 'h', '2', 2, 'h', '3' };
	static const uint8_t v4hint[] = { 192, 0, 2, 7 };
	warts_host_rr_svcb *svcb = calloc(1, sizeof(*svcb));
	svcb->priority = prio;
	svcb->target = target != NULL ? strdup(target) : NULL;
	svcb->paramc = 3;
	svcb->params = calloc(3, sizeof(*svcb->params));
	elem_set(&svcb->params[0], 1, alpn, sizeof(alpn));
	elem_set(&svcb->params[1], 2, NULL, 0);            /* no-default-alpn */
	elem_set(&svcb->params[2], 4, v4hint, sizeof(v4hint));
	rr->kind = WARTS_HOST_RR_SVCB;
	rr->data.svcb = svcb;
}

static warts_host *full_host(warts_list *list, warts_cycle *cycle)
{
	warts_host *h = warts_host_alloc();
	warts_host_query *q;
	warts_host_rr *rr;

	h->list = warts_list_ref(list);
	h->cycle = warts_cycle_ref(cycle);
	h->userid = UINT32_MAX;
	set_addr(&h->src, "2001:db8::53");
	set_addr(&h->dst, "2001:db8::1");
	h->start.sec = UINT32_MAX;
	h->start.usec = 999999;
	h->flags = WARTS_HOST_FLAG_NORECURSE | WARTS_HOST_FLAG_TCP |
	           WARTS_HOST_FLAG_NSID;
	h->wait_timeout = UINT16_MAX;
	h->stop_reason = WARTS_HOST_STOP_ERROR;
	h->retries = UINT8_MAX;
	h->qtype = WARTS_HOST_TYPE_HTTPS;
	h->qclass = WARTS_HOST_CLASS_IN;
	h->qname = strdup("www.example.com");
	h->ecs = strdup("198.51.100.0/24");
	h->errmsg = strdup("something odd");

	q = warts_host_query_add(h);
	q->tx.sec = 1795781061;
	q->tx.usec = 1;
	q->rx.sec = 1795781062;
	q->rx.usec = 999999;
	q->id = UINT16_MAX;
	q->rcode = WARTS_HOST_RCODE_NOTZONE;
	q->flags = 0xff;

	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_A, "a.example", UINT32_MAX);
	rr_addr(rr, "192.0.2.80");
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_AAAA, "a.example", 1);
	rr_addr(rr, "2001:db8::1");   /* the same as dst: a table reference */
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_CNAME, "www.example.com", 300);
	rr_str(rr, "a.example");
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_PTR, "1.2.0.192.in-addr.arpa", 300);
	rr_str(rr, "host.example");
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_MX, "example", 60);
	rr_mx(rr, UINT16_MAX, "mail.example");
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_TXT, "example", 60);
	rr_txt(rr);
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_CH,
	            WARTS_HOST_TYPE_TXT, "version.bind", 0);
	rr_txt(rr);
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_HTTPS, "www.example.com", 3600);
	rr_svcb(rr, 1, ".");
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_SVCB, "_dns.example", 3600);
	rr_svcb(rr, UINT16_MAX, "dns.example");
	/* a type scamper keeps no data for */
	add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	       WARTS_HOST_TYPE_RRSIG, "www.example.com", 7);

	rr = add_rr(q, WARTS_HOST_SECTION_NS, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_SOA, "example", 900);
	rr_soa(rr, "ns1.example", "hostmaster.example", UINT32_MAX);
	rr = add_rr(q, WARTS_HOST_SECTION_NS, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_NS, "example", 900);
	rr_str(rr, "ns1.example");

	rr = add_rr(q, WARTS_HOST_SECTION_AR, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_A, "ns1.example", 900);
	rr_addr(rr, "192.0.2.80");    /* repeats an earlier RR's address */
	rr = add_rr(q, WARTS_HOST_SECTION_AR, 1232, WARTS_HOST_TYPE_OPT, "", 0);
	rr_opt(rr);

	/* a second attempt that drew no response: no times, no RRs */
	warts_host_query_add(h);
	return h;
}

/* ---- comparing objects -------------------------------------------- */

static int bytes_eq(const void *a, const void *b, size_t n)
{
	if (n == 0)
		return 1;
	return a != NULL && b != NULL && memcmp(a, b, n) == 0;
}

static void check_elems(const warts_host_rr_elem *a,
                        const warts_host_rr_elem *b, uint16_t n,
                        const char *what)
{
	for (uint16_t i = 0; i < n; i++)
		ok(a[i].code == b[i].code && a[i].len == b[i].len &&
		   bytes_eq(a[i].data, b[i].data, a[i].len),
		   "%s %u: code %u, %u bytes", what, i, a[i].code, a[i].len);
}

static void check_rr(const warts_host_rr *a, const warts_host_rr *b,
                     const char *sect, unsigned i)
{
	diag("%s RR %u (%s)", sect, i, a->name);
	SAME(a, b, rrclass);
	SAME(a, b, rrtype);
	is_str(b->name, a->name, "name");
	SAME(a, b, ttl);
	if (!is_int(b->kind, a->kind, "kind"))
		return;
	switch (a->kind) {
	case WARTS_HOST_RR_ADDR:
		ok(warts_addr_cmp(&a->data.addr, &b->data.addr) == 0, "addr");
		break;
	case WARTS_HOST_RR_STR:
		is_str(b->data.str, a->data.str, "str");
		break;
	case WARTS_HOST_RR_SOA:
		is_str(b->data.soa->mname, a->data.soa->mname, "soa mname");
		is_str(b->data.soa->rname, a->data.soa->rname, "soa rname");
		SAME(a, b, data.soa->serial);
		SAME(a, b, data.soa->refresh);
		SAME(a, b, data.soa->retry);
		SAME(a, b, data.soa->expire);
		SAME(a, b, data.soa->minimum);
		break;
	case WARTS_HOST_RR_MX:
		SAME(a, b, data.mx->preference);
		is_str(b->data.mx->exchange, a->data.mx->exchange, "exchange");
		break;
	case WARTS_HOST_RR_TXT:
		if (!is_int(b->data.txt->strc, a->data.txt->strc, "txt strc"))
			break;
		for (uint16_t j = 0; j < a->data.txt->strc; j++) {
			const warts_host_txtstr *x = &a->data.txt->strs[j];
			const warts_host_txtstr *y = &b->data.txt->strs[j];
			ok(x->len == y->len && bytes_eq(x->data, y->data, x->len),
			   "txt string %u (%u bytes)", j, x->len);
			ok(y->data != NULL && y->data[y->len] == '\0',
			   "txt string %u is NUL-terminated after its length", j);
		}
		break;
	case WARTS_HOST_RR_OPT:
		if (is_int(b->data.opt->elemc, a->data.opt->elemc, "opt elemc"))
			check_elems(a->data.opt->elems, b->data.opt->elems,
			            a->data.opt->elemc, "opt element");
		break;
	case WARTS_HOST_RR_SVCB:
		SAME(a, b, data.svcb->priority);
		is_str(b->data.svcb->target, a->data.svcb->target, "target");
		if (is_int(b->data.svcb->paramc, a->data.svcb->paramc,
		           "svcb paramc"))
			check_elems(a->data.svcb->params, b->data.svcb->params,
			            a->data.svcb->paramc, "svcb param");
		break;
	default:
		break;
	}
}

static void check_section(const warts_host_rr *a, uint16_t an,
                          const warts_host_rr *b, uint16_t bn,
                          const char *sect)
{
	if (!is_int(bn, an, "%s count", sect))
		return;
	for (unsigned i = 0; i < an; i++)
		check_rr(&a[i], &b[i], sect, i);
}

static void check_query(const warts_host_query *a, const warts_host_query *b,
                        unsigned i)
{
	diag("query %u", i);
	SAME(a, b, tx.sec);
	SAME(a, b, tx.usec);
	SAME(a, b, rx.sec);
	SAME(a, b, rx.usec);
	SAME(a, b, id);
	SAME(a, b, rcode);
	SAME(a, b, flags);
	check_section(a->an, a->ancount, b->an, b->ancount, "answer");
	check_section(a->ns, a->nscount, b->ns, b->nscount, "authority");
	check_section(a->ar, a->arcount, b->ar, b->arcount, "additional");
}

static void check_host(const warts_host *a, const warts_host *b)
{
	SAME(a, b, userid);
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "src");
	ok(warts_addr_cmp(&a->dst, &b->dst) == 0, "dst");
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, flags);
	SAME(a, b, wait_timeout);
	SAME(a, b, stop_reason);
	SAME(a, b, retries);
	SAME(a, b, qtype);
	SAME(a, b, qclass);
	is_str(b->qname, a->qname, "qname");
	is_str(b->ecs, a->ecs, "ecs");
	is_str(b->errmsg, a->errmsg, "errmsg");
	if (is_int(b->qcount, a->qcount, "qcount"))
		for (unsigned i = 0; i < a->qcount; i++)
			check_query(&a->queries[i], &b->queries[i], i);
}

/* ---- tests -------------------------------------------------------- */

static void test_full(void)
{
	warts_list *list = warts_list_alloc(9, "l");
	warts_cycle *cycle = warts_cycle_alloc(list, 3, 100);
	warts_object in = { .type = WARTS_TYPE_HOST }, out, again;
	struct tbuf b1 = {0}, b2 = {0};
	char why[256];

	in.u.host = full_host(list, cycle);
	if (!ok(test_roundtrip(&in, &out, &b1, why, sizeof(why)) == 0,
	        "every field and RR data kind: round trip %s", why))
		goto done;
	ok(out.u.host->list != NULL && out.u.host->list->id == 9, "list");
	ok(out.u.host->cycle != NULL && out.u.host->cycle->id == 3, "cycle");
	is_int(out.u.host->style, WARTS_STYLE_2026, "2026 style");
	check_host(in.u.host, out.u.host);

	/* what was decoded encodes to the same bytes */
	if (ok(test_roundtrip(&out, &again, &b2, why, sizeof(why)) == 0,
	       "decoded object encodes again %s", why)) {
		ok(b1.len == b2.len && memcmp(b1.p, b2.p, b1.len) == 0,
		   "and to the same %zu bytes", b1.len);
		warts_object_clear(&again);
	}
	warts_object_clear(&out);
done:
	tbuf_free(&b1);
	tbuf_free(&b2);
	warts_object_clear(&in);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

/* Only the server: every optional field absent, nothing assumed. */
static void test_minimal(void)
{
	warts_object in = { .type = WARTS_TYPE_HOST }, out;
	struct tbuf bytes = {0};
	warts_host *h = warts_host_alloc();
	char why[256];

	set_addr(&h->dst, "192.0.2.53");
	in.u.host = h;
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "minimal host round trip %s", why)) {
		const warts_host *b = out.u.host;
		ok(b->list == NULL && b->cycle == NULL, "no list or cycle");
		ok(!warts_addr_isset(&b->src), "no src");
		ok(warts_addr_cmp(&b->dst, &h->dst) == 0, "dst");
		is_int(b->userid, 0, "userid 0");
		is_int(b->start.sec, 0, "start written even when zero");
		is_int(b->flags, 0, "no flags");
		is_int(b->wait_timeout, 0, "no wait");
		is_int(b->stop_reason, 0, "no stop reason");
		is_int(b->retries, 0, "no retries");
		is_int(b->qtype + b->qclass, 0, "no qtype or qclass");
		ok(b->qname == NULL && b->ecs == NULL && b->errmsg == NULL,
		   "no strings");
		ok(b->qcount == 0 && b->queries == NULL, "no queries");
		/* header 8, one flag byte (bits 5, 6), length 2, the
		 * IPv4 dst definition 6, start 8 */
		is_int(bytes.len, 8 + 1 + 2 + 6 + 8,
		       "only dst and start are encoded");
		if (bytes.len > 9)
			is_int(bytes.p[8], 0x30, "flag byte has bits 5 and 6");
		warts_object_clear(&out);
	}
	tbuf_free(&bytes);
	warts_object_clear(&in);

	/* a host without a server cannot be written */
	in.type = WARTS_TYPE_HOST;
	in.u.host = warts_host_alloc();
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "dst") != NULL, "a host needs a dst: %s", why);
	warts_object_clear(&in);
}

/*
 * Zero and empty values: RR class, type and TTL 0, empty owner names,
 * data structures with every member zero or absent, empty queries, and
 * the largest counts.
 */
static void test_boundaries(void)
{
	warts_object in = { .type = WARTS_TYPE_HOST }, out;
	warts_host *h = warts_host_alloc();
	warts_host_query *q;
	warts_host_rr *rr;
	struct tbuf bytes = {0};
	char why[256];

	set_addr(&h->dst, "198.51.100.53");
	q = warts_host_query_add(h);
	add_rr(q, WARTS_HOST_SECTION_AN, 0, 0, "", 0);
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_SOA, "z", 0);
	rr_soa(rr, "", "", 0);
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_MX, "z", 0);
	rr_mx(rr, 0, "");
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_TXT, "z", 0);
	rr->kind = WARTS_HOST_RR_TXT;
	rr->data.txt = calloc(1, sizeof(warts_host_rr_txt));
	rr = add_rr(q, WARTS_HOST_SECTION_AN, 0, WARTS_HOST_TYPE_OPT, "", 0);
	rr->kind = WARTS_HOST_RR_OPT;
	rr->data.opt = calloc(1, sizeof(warts_host_rr_opt));
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_SVCB, "z", 0);
	rr->kind = WARTS_HOST_RR_SVCB;      /* alias mode, no target */
	rr->data.svcb = calloc(1, sizeof(warts_host_rr_svcb));
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_CNAME, "z", 0);
	rr_str(rr, "");
	/* an A RR whose data scamper did not keep */
	add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	       WARTS_HOST_TYPE_A, "z", 0);
	in.u.host = h;
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "zero and empty values round trip %s", why)) {
		check_host(h, out.u.host);
		warts_object_clear(&out);
	}
	warts_object_clear(&in);

	/* the largest counts: 255 queries, 65535 RRs in one section */
	h = warts_host_alloc();
	set_addr(&h->dst, "198.51.100.53");
	while (h->qcount < UINT8_MAX)
		warts_host_query_add(h);
	ok(warts_host_query_add(h) == NULL, "no 256th query");
	q = &h->queries[UINT8_MAX - 1];
	q->ar = calloc(UINT16_MAX, sizeof(warts_host_rr));
	q->arcount = UINT16_MAX;
	for (unsigned i = 0; i < UINT16_MAX; i++)
		q->ar[i].name = strdup("");
	ok(warts_host_rr_add(q, WARTS_HOST_SECTION_AR) == NULL,
	   "no 65536th RR");
	in.type = WARTS_TYPE_HOST;
	in.u.host = h;
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "255 queries and 65535 RRs round trip %s", why)) {
		const warts_host *b = out.u.host;
		is_int(b->qcount, UINT8_MAX, "qcount");
		is_int(b->queries[254].arcount, UINT16_MAX, "arcount");
		is_str(b->queries[254].ar[65534].name, "", "last RR's name");
		/* 8 + 25 host, 254 empty queries (one 0x00 each), then
		 * the last query (flags, len, u16) and 65535 RRs of 4 */
		is_int(bytes.len, 8 + 1 + 2 + 6 + 8 + 2 + 254 + 5 +
		       65535 * 4, "size");
		warts_object_clear(&out);
	}
	tbuf_free(&bytes);
	warts_object_clear(&in);
}

/*
 * scamper 2021 always wrote a query's times; 2026 only when set.  A zero
 * time in the file is how the reader tells, and each style re-encodes to
 * its own bytes.
 */
static void test_style(void)
{
	warts_object in = { .type = WARTS_TYPE_HOST }, out, again;
	warts_host *h = warts_host_alloc();
	warts_host_query *q;
	struct tbuf b26 = {0}, b21 = {0}, b21again = {0};
	char why[256];

	set_addr(&h->dst, "192.0.2.53");
	q = warts_host_query_add(h);        /* no response: rx zero */
	q->tx.sec = 1700000000;
	q->id = 7;
	in.u.host = h;
	ok(test_roundtrip(&in, &out, &b26, why, sizeof(why)) == 0 &&
	   out.u.host->style == WARTS_STYLE_2026, "2026 style by default");
	warts_object_clear(&out);

	h->style = WARTS_STYLE_2021;
	if (ok(test_roundtrip(&in, &out, &b21, why, sizeof(why)) == 0,
	       "2021 style round trip %s", why)) {
		is_int(out.u.host->style, WARTS_STYLE_2021,
		       "a zero rx in the file means the 2021 writer");
		is_int(out.u.host->queries[0].rx.sec, 0, "rx read as zero");
		ok(test_roundtrip(&out, &again, &b21again, why,
		                  sizeof(why)) == 0 &&
		   b21again.len == b21.len &&
		   memcmp(b21again.p, b21.p, b21.len) == 0,
		   "and writes the same bytes again");
		warts_object_clear(&again);
		warts_object_clear(&out);
	}
	is_int((long long)b21.len - (long long)b26.len, 8,
	       "2021 style writes the zero rx (8 bytes)");

	/* a zero tx is evidence too */
	q->tx.sec = 0;
	q->rx.sec = 1700000001;
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "zero tx round trip %s", why)) {
		is_int(out.u.host->style, WARTS_STYLE_2021, "zero tx: 2021");
		warts_object_clear(&out);
	}

	/* with both times set the styles write the same bytes, and the
	 * reader has no evidence: it reports 2026 */
	q->tx.usec = 5;
	tbuf_free(&b21);
	tbuf_free(&b26);
	test_roundtrip(&in, &out, &b21, why, sizeof(why));
	warts_object_clear(&out);
	h->style = WARTS_STYLE_2026;
	if (ok(test_roundtrip(&in, &out, &b26, why, sizeof(why)) == 0,
	       "both times set %s", why)) {
		ok(b21.len == b26.len && memcmp(b21.p, b26.p, b21.len) == 0,
		   "both styles write the same bytes when no time is zero");
		warts_object_clear(&out);
	}
	/* a tv with only usec set is "set" for the 2026 writer */
	q->tx.sec = 0;
	q->tx.usec = 1;
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "tx of 1 usec %s", why)) {
		is_int(out.u.host->queries[0].tx.usec, 1, "tx usec kept");
		is_int(out.u.host->style, WARTS_STYLE_2026, "not evidence");
		warts_object_clear(&out);
	}
	warts_object_clear(&in);
	tbuf_free(&b26);
	tbuf_free(&b21);
	tbuf_free(&b21again);
}

/* Objects the encoder must refuse, each with a message naming why. */
static void encode_fails(warts_host *h, const char *needle, const char *what)
{
	warts_object in = { .type = WARTS_TYPE_HOST }, out;
	char why[256];
	in.u.host = h;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, needle) != NULL, "%s: %s", what, why);
	warts_object_clear(&in);
}

static warts_host *one_rr_host(uint16_t cls, uint16_t type, const char *name)
{
	warts_host *h = warts_host_alloc();
	set_addr(&h->dst, "192.0.2.53");
	add_rr(warts_host_query_add(h), WARTS_HOST_SECTION_AN, cls, type,
	       name, 0);
	return h;
}

static void test_encode_errors(void)
{
	warts_host *h;
	warts_host_rr *rr;

	encode_fails(one_rr_host(1, 1, NULL), "name is required",
	             "an RR needs a name");

	h = one_rr_host(WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_A, "a");
	rr_str(&h->queries[0].an[0], "b");
	encode_fails(h, "does not fit class 1 type 1", "A with name data");

	h = one_rr_host(WARTS_HOST_CLASS_CH, WARTS_HOST_TYPE_A, "a");
	rr_addr(&h->queries[0].an[0], "192.0.2.1");
	encode_fails(h, "does not fit class 3 type 1", "CH A with an address");

	h = one_rr_host(WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_A, "a");
	h->queries[0].an[0].kind = WARTS_HOST_RR_ADDR;
	encode_fails(h, "data.addr is required", "A with no address");

	h = one_rr_host(WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_SOA, "a");
	rr_soa(&h->queries[0].an[0], "ns", NULL, 1);
	encode_fails(h, "mname and rname", "SOA without rname");

	h = one_rr_host(WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_SOA, "a");
	rr_soa(&h->queries[0].an[0], NULL, "root", 1);
	encode_fails(h, "mname and rname", "SOA without mname");

	h = one_rr_host(WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_MX, "a");
	rr_mx(&h->queries[0].an[0], 5, NULL);
	encode_fails(h, "exchange is required", "MX without exchange");

	h = one_rr_host(WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_TXT, "a");
	rr = &h->queries[0].an[0];
	rr->kind = WARTS_HOST_RR_TXT;
	rr->data.txt = calloc(1, sizeof(warts_host_rr_txt));
	rr->data.txt->strc = 2;
	encode_fails(h, "TXT strs", "TXT count without strings");

	h = one_rr_host(WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_TXT, "a");
	rr = &h->queries[0].an[0];
	rr->kind = WARTS_HOST_RR_TXT;
	rr->data.txt = calloc(1, sizeof(warts_host_rr_txt));
	rr->data.txt->strc = 1;
	rr->data.txt->strs = calloc(1, sizeof(warts_host_txtstr));
	rr->data.txt->strs[0].len = 3;
	encode_fails(h, "TXT string 0 has no data", "TXT string without bytes");

	h = one_rr_host(WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_OPT, "");
	rr = &h->queries[0].an[0];
	rr->kind = WARTS_HOST_RR_OPT;
	rr->data.opt = calloc(1, sizeof(warts_host_rr_opt));
	rr->data.opt->elemc = 1;
	rr->data.opt->elems = calloc(1, sizeof(warts_host_rr_elem));
	rr->data.opt->elems[0].len = 2;
	encode_fails(h, "OPT element 0: length 2 but no data",
	             "OPT element without bytes");

	h = one_rr_host(WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_HTTPS, "a");
	rr = &h->queries[0].an[0];
	rr->kind = WARTS_HOST_RR_SVCB;
	encode_fails(h, "data.svcb is required", "HTTPS with no svcb");

	h = one_rr_host(WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_A, "a");
	h->queries[0].nscount = 3;
	encode_fails(h, "authority count 3 but no RRs", "count without RRs");

	h = warts_host_alloc();
	set_addr(&h->dst, "192.0.2.53");
	h->qcount = 2;
	encode_fails(h, "qcount 2 but no queries", "qcount without queries");
}

/* ---- hand-built records ------------------------------------------- */

static void put8(struct tbuf *b, uint8_t v)
{
	tbuf_add(b, &v, 1);
}

static void put16(struct tbuf *b, uint16_t v)
{
	put8(b, (uint8_t)(v >> 8));
	put8(b, (uint8_t)v);
}

static void put32(struct tbuf *b, uint32_t v)
{
	put16(b, (uint16_t)(v >> 16));
	put16(b, (uint16_t)v);
}

static void putstr(struct tbuf *b, const char *s)
{
	tbuf_add(b, s, strlen(s) + 1);
}

/* A flags-and-parameters block: bits (1 << n for parameter n) and the
 * parameter bytes, laid out as warts(5) says. */
static void block(struct tbuf *b, uint32_t bits, const struct tbuf *params)
{
	unsigned maxbit = 0, nbytes;
	for (unsigned i = 1; i < 32; i++)
		if (bits & (1u << i))
			maxbit = i;
	if (maxbit == 0) {
		put8(b, 0);
		return;
	}
	nbytes = (maxbit + 6) / 7;
	for (unsigned i = 0; i < nbytes; i++)
		put8(b, (uint8_t)(((bits >> (7 * i + 1)) & 0x7f) |
		                  (i + 1 < nbytes ? 0x80 : 0)));
	put16(b, (uint16_t)params->len);
	tbuf_add(b, params->p, params->len);
}

/* Host params with dst 192.0.2.53 and one query of the given counts. */
static void host_head(struct tbuf *b, uint16_t an, uint16_t ns)
{
	struct tbuf p = {0};
	put8(&p, 4); put8(&p, 1);                 /* dst: IPv4 def */
	put8(&p, 192); put8(&p, 0); put8(&p, 2); put8(&p, 53);
	put32(&p, 1700000000); put32(&p, 0);      /* start */
	put8(&p, 1);                              /* qcount */
	block(b, 1u << 5 | 1u << 6 | 1u << 14, &p);
	p.len = 0;
	/* the query: tx and rx set, then the counts asked for */
	put32(&p, 1); put32(&p, 0);
	put32(&p, 2); put32(&p, 0);
	if (an != 0)
		put16(&p, an);
	if (ns != 0)
		put16(&p, ns);
	block(b, 1u << 1 | 1u << 2 | (an ? 1u << 4 : 0) | (ns ? 1u << 5 : 0),
	      &p);
	tbuf_free(&p);
}

/* An RR: class, type, name, then optional data bytes (kind first). */
static void rr_block(struct tbuf *b, uint16_t cls, uint16_t type,
                     const char *name, const struct tbuf *data)
{
	struct tbuf p = {0};
	uint32_t bits = 0;
	if (cls) { put16(&p, cls); bits |= 1u << 1; }
	if (type) { put16(&p, type); bits |= 1u << 2; }
	if (name) { putstr(&p, name); bits |= 1u << 3; }
	if (data) { tbuf_add(&p, data->p, data->len); bits |= 1u << 5; }
	block(b, bits, &p);
	tbuf_free(&p);
}

/* Wrap a body in a type-14 header. */
static void record(struct tbuf *rec, const struct tbuf *body)
{
	put16(rec, 0x1205);
	put16(rec, 14);
	put32(rec, (uint32_t)body->len);
	tbuf_add(rec, body->p, body->len);
}

/* Decode a body; expect an error mentioning needle and the record. */
static void decode_fails(const struct tbuf *body, const char *needle,
                         const char *what)
{
	struct tbuf rec = {0};
	warts_object out;
	warts_error err;
	record(&rec, body);
	if (test_decode1(rec.p, rec.len, &out, &err) == 0) {
		ok(0, "%s: decoded", what);
		warts_object_clear(&out);
	} else {
		ok(strstr(err.msg, "host record at offset 0") != NULL &&
		   strstr(err.msg, needle) != NULL, "%s: %s", what, err.msg);
	}
	tbuf_free(&rec);
}

static int decodes(const struct tbuf *body, warts_object *out)
{
	struct tbuf rec = {0};
	warts_error err;
	int rc;
	record(&rec, body);
	rc = test_decode1(rec.p, rec.len, out, &err);
	if (rc != 0)
		diag("%s", err.msg);
	tbuf_free(&rec);
	return rc == 0;
}

/* One answer RR with the given class, type, name and data. */
static void one_rr_body(struct tbuf *b, uint16_t cls, uint16_t type,
                        const char *name, const struct tbuf *data)
{
	b->len = 0;
	host_head(b, 1, 0);
	rr_block(b, cls, type, name, data);
}

static void test_corrupt(void)
{
	warts_object in = { .type = WARTS_TYPE_HOST }, out;
	struct tbuf bytes = {0}, body = {0}, d = {0}, sub = {0};
	warts_error err;
	char why[256];

	/* every truncation of a full record: an object or a clean error */
	in.u.host = full_host(NULL, NULL);
	test_roundtrip(&in, &out, &bytes, why, sizeof(why));
	warts_object_clear(&out);
	warts_object_clear(&in);
	{
		int bad = 0;
		for (size_t cut = 8; cut < bytes.len; cut++) {
			uint8_t *rec = malloc(cut);
			memcpy(rec, bytes.p, cut);
			rec[4] = (uint8_t)((cut - 8) >> 24);
			rec[5] = (uint8_t)((cut - 8) >> 16);
			rec[6] = (uint8_t)((cut - 8) >> 8);
			rec[7] = (uint8_t)(cut - 8);
			if (test_decode1(rec, cut, &out, &err) == 0)
				warts_object_clear(&out);
			else if (strstr(err.msg, "host record at offset 0") ==
			         NULL && bad++ == 0)
				diag("cut at %zu: %s", cut, err.msg);
			free(rec);
		}
		ok(bad == 0, "every truncation of a host fails cleanly or "
		   "decodes");
	}
	/* every single-byte corruption too */
	{
		int bad = 0;
		for (size_t i = 8; i < bytes.len; i++) {
			static const uint8_t vals[] = { 0x00, 0xff, 0x80, 0x07 };
			for (unsigned v = 0; v < sizeof(vals); v++) {
				uint8_t save = bytes.p[i];
				bytes.p[i] = vals[v];
				if (test_decode1(bytes.p, bytes.len, &out,
				                 &err) == 0)
					warts_object_clear(&out);
				else if (strstr(err.msg, "host record") == NULL &&
				         bad++ == 0)
					diag("byte %zu = %u: %s", i, vals[v],
					     err.msg);
				bytes.p[i] = save;
			}
		}
		ok(bad == 0, "every one-byte corruption fails cleanly or "
		   "decodes");
	}

	/* the hand-built layout itself decodes */
	put16(&d, WARTS_HOST_RR_ADDR);
	put8(&d, 0); put32(&d, 0);                /* ref 0: the dst */
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_A, "a", &d);
	if (ok(decodes(&body, &out), "hand-built A RR decodes")) {
		const warts_host_rr *rr = &out.u.host->queries[0].an[0];
		char s[WARTS_ADDR_STRLEN];
		ok(rr->kind == WARTS_HOST_RR_ADDR &&
		   strcmp(warts_addr_tostr(&rr->data.addr, s, sizeof(s)),
		          "192.0.2.53") == 0,
		   "address reference into the record's table: %s", s);
		is_int(out.u.host->style, WARTS_STYLE_2026,
		       "times set: no 2021 evidence");
		warts_object_clear(&out);
	}

	/* an address reference beyond the table */
	d.len = 0;
	put16(&d, WARTS_HOST_RR_ADDR);
	put8(&d, 0); put32(&d, 1);
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_A, "a", &d);
	decode_fails(&body, "answer RR 0", "address reference beyond table");

	/* data whose kind does not match (class, type), as scamper rejects */
	d.len = 0;
	put16(&d, WARTS_HOST_RR_STR);
	putstr(&d, "x.example");
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_A, "a", &d);
	decode_fails(&body, "data kind 2 does not fit class 1 type 1",
	             "name data on an A RR");
	one_rr_body(&body, WARTS_HOST_CLASS_CH, WARTS_HOST_TYPE_CNAME, "a", &d);
	decode_fails(&body, "does not fit class 3 type 5",
	             "name data on a CH CNAME");
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_CNAME, "a", &d);
	if (ok(decodes(&body, &out), "name data on an IN CNAME decodes"))
		warts_object_clear(&out);

	/* OPT data is right for type 41 whatever the class */
	d.len = 0;
	put16(&d, WARTS_HOST_RR_OPT);
	put8(&d, 0);
	one_rr_body(&body, 4096, WARTS_HOST_TYPE_OPT, "", &d);
	if (ok(decodes(&body, &out), "OPT with class 4096 decodes")) {
		const warts_host_rr *rr = &out.u.host->queries[0].an[0];
		ok(rr->kind == WARTS_HOST_RR_OPT && rr->data.opt->elemc == 0,
		   "empty OPT data");
		warts_object_clear(&out);
	}

	/* an unknown data kind */
	d.len = 0;
	put16(&d, 8);
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_A, "a", &d);
	decode_fails(&body, "unknown RR data kind 8", "data kind 8");

	/* the owner name is required */
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_A, NULL, NULL);
	decode_fails(&body, "RR without an owner name", "RR without a name");

	/* SOA: both names required */
	d.len = 0;
	put16(&d, WARTS_HOST_RR_SOA);
	sub.len = 0;
	putstr(&sub, "ns1.example");
	put32(&sub, 7);
	block(&d, 1u << 1 | 1u << 3, &sub);
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_SOA, "a", &d);
	decode_fails(&body, "SOA without mname and rname", "SOA without rname");

	/* MX: exchange required */
	d.len = 0;
	put16(&d, WARTS_HOST_RR_MX);
	sub.len = 0;
	put16(&sub, 10);
	block(&d, 1u << 1, &sub);
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_MX, "a", &d);
	decode_fails(&body, "MX without an exchange", "MX without exchange");

	/* TXT: a count without strings; a string running past the block */
	d.len = 0;
	put16(&d, WARTS_HOST_RR_TXT);
	sub.len = 0;
	put16(&sub, 2);
	block(&d, 1u << 1, &sub);
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_TXT, "a", &d);
	decode_fails(&body, "TXT count 2 without strings", "TXT count only");
	d.len = 0;
	put16(&d, WARTS_HOST_RR_TXT);
	sub.len = 0;
	put16(&sub, 1);
	put8(&sub, 5); tbuf_add(&sub, "abc", 3);
	block(&d, 1u << 1 | 1u << 2, &sub);
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_TXT, "a", &d);
	decode_fails(&body, "answer RR 0: needs 5 bytes, 3 left",
	             "TXT string longer than its block");
	/* a huge string count in a tiny block */
	d.len = 0;
	put16(&d, WARTS_HOST_RR_TXT);
	sub.len = 0;
	put16(&sub, UINT16_MAX);
	put8(&sub, 0);
	block(&d, 1u << 1 | 1u << 2, &sub);
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_TXT, "a", &d);
	decode_fails(&body, "count 65535 cannot fit", "TXT count 65535");

	/* OPT: an element longer than what is left */
	d.len = 0;
	put16(&d, WARTS_HOST_RR_OPT);
	sub.len = 0;
	put16(&sub, 1);
	put16(&sub, 3); put16(&sub, 100); put8(&sub, 'x');
	block(&d, 1u << 1 | 1u << 2, &sub);
	one_rr_body(&body, 1232, WARTS_HOST_TYPE_OPT, "", &d);
	decode_fails(&body, "answer RR 0: needs 100 bytes, 1 left",
	             "OPT element longer than its block");

	/* SVCB: a param count without params */
	d.len = 0;
	put16(&d, WARTS_HOST_RR_SVCB);
	sub.len = 0;
	put16(&sub, 1);
	putstr(&sub, ".");
	put16(&sub, 3);
	block(&d, 1u << 1 | 1u << 2 | 1u << 3, &sub);
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_SVCB, "a", &d);
	decode_fails(&body, "SVCB count 3 without params", "SVCB count only");

	/* RR counts larger than the record could hold */
	body.len = 0;
	host_head(&body, UINT16_MAX, 0);
	decode_fails(&body, "count 65535 cannot fit", "ancount 65535");
	body.len = 0;
	host_head(&body, 1, 2);
	rr_block(&body, 1, 1, "a", NULL);
	rr_block(&body, 1, 1, "b", NULL);
	decode_fails(&body, "authority RR 1", "second authority RR missing");

	/* no dst */
	body.len = 0;
	sub.len = 0;
	put32(&sub, 0); put32(&sub, 0);
	block(&body, 1u << 6, &sub);
	decode_fails(&body, "no destination", "host without dst");

	/* a query count larger than the record could hold */
	body.len = 0;
	sub.len = 0;
	put8(&sub, 4); put8(&sub, 1);
	put8(&sub, 192); put8(&sub, 0); put8(&sub, 2); put8(&sub, 53);
	put32(&sub, 0); put32(&sub, 0);
	put8(&sub, 200);
	block(&body, 1u << 5 | 1u << 6 | 1u << 14, &sub);
	decode_fails(&body, "count 200 cannot fit", "qcount 200 with no bytes");

	/* trailing bytes after the last RR are ignored, as scamper does */
	one_rr_body(&body, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_NS, "a", NULL);
	put32(&body, 0xdeadbeef);
	if (ok(decodes(&body, &out), "trailing bytes are ignored"))
		warts_object_clear(&out);

	tbuf_free(&bytes);
	tbuf_free(&body);
	tbuf_free(&d);
	tbuf_free(&sub);
}

/*
 * TXT and OPT exist only in 2026 files: check our reading of the corpus
 * against the values scamper's own dump shows.
 */
static const warts_host *read_host(const char *name, warts_object *obj)
{
	char path[512];
	warts_error err;
	warts_reader *r;
	int rc;

	snprintf(path, sizeof(path), "%s/corpus/lab/%s", test_datadir(), name);
	if ((r = warts_reader_open(path, &err)) == NULL) {
		diag("%s: %s", path, err.msg);
		return NULL;
	}
	while ((rc = warts_reader_read(r, obj)) == 1) {
		if (obj->type == WARTS_TYPE_HOST)
			break;
		warts_object_clear(obj);
	}
	if (rc != 1)
		diag("%s: no host record", path);
	warts_reader_close(r);
	return rc == 1 ? obj->u.host : NULL;
}

static void test_corpus(void)
{
	warts_object obj;
	const warts_host *h;
	char s[WARTS_ADDR_STRLEN];

	/* "an: lab.example 0 IN TXT 1 \"netlab la_\"" */
	if ((h = read_host("new2026-host-txt.warts", &obj)) != NULL) {
		const warts_host_rr *rr;
		is_str(warts_addr_tostr(&h->dst, s, sizeof(s)), "198.18.0.1",
		       "txt: server");
		is_int(h->qtype, WARTS_HOST_TYPE_TXT, "txt: qtype");
		is_int(h->wait_timeout, 5000, "txt: wait 5s in ms");
		is_int(h->stop_reason, WARTS_HOST_STOP_DONE, "txt: stop done");
		is_int(h->queries[0].flags, WARTS_HOST_QFLAG_RA |
		       WARTS_HOST_QFLAG_RD | WARTS_HOST_QFLAG_AA,
		       "txt: RA RD AA");
		rr = &h->queries[0].an[0];
		is_int(rr->kind, WARTS_HOST_RR_TXT, "txt: TXT data");
		ok(rr->data.txt->strc == 1 && rr->data.txt->strs[0].len == 10 &&
		   memcmp(rr->data.txt->strs[0].data, "netlab la_", 10) == 0,
		   "txt: one string, netlab la_");
		warts_object_clear(&obj);
	}
	/* an OPT RR in the additional section: class 1232, no data */
	if ((h = read_host("new2026-host-nsid.warts", &obj)) != NULL) {
		const warts_host_query *q = &h->queries[0];
		is_int(h->flags, WARTS_HOST_FLAG_NSID, "nsid: flags");
		if (is_int(q->arcount, 1, "nsid: one additional RR")) {
			is_int(q->ar[0].rrtype, WARTS_HOST_TYPE_OPT, "nsid: OPT");
			is_int(q->ar[0].rrclass, 1232, "nsid: payload size");
			is_str(q->ar[0].name, "", "nsid: root owner");
			is_int(q->ar[0].kind, WARTS_HOST_RR_NONE,
			       "nsid: no OPT data kept");
		}
		warts_object_clear(&obj);
	}
	/* 2021: "ar: mail.lab.example 0 IN A 198.18.0.25" */
	if ((h = read_host("deb2021-host-mx.warts", &obj)) != NULL) {
		const warts_host_query *q = &h->queries[0];
		ok(q->an[0].kind == WARTS_HOST_RR_MX &&
		   q->an[0].data.mx->preference == 10 &&
		   strcmp(q->an[0].data.mx->exchange, "mail.lab.example") == 0,
		   "mx: MX 10 mail.lab.example");
		ok(q->ar[0].kind == WARTS_HOST_RR_ADDR &&
		   strcmp(warts_addr_tostr(&q->ar[0].data.addr, s, sizeof(s)),
		          "198.18.0.25") == 0, "mx: additional A");
		is_int(q->rcode + q->flags, 0, "mx: 2021 has no rcode or flags");
		warts_object_clear(&obj);
	}
}

static void test_kinds(void)
{
	is_int(warts_host_rr_data_kind(1, 1), WARTS_HOST_RR_ADDR, "IN A");
	is_int(warts_host_rr_data_kind(1, 28), WARTS_HOST_RR_ADDR, "IN AAAA");
	is_int(warts_host_rr_data_kind(1, 2), WARTS_HOST_RR_STR, "IN NS");
	is_int(warts_host_rr_data_kind(1, 5), WARTS_HOST_RR_STR, "IN CNAME");
	is_int(warts_host_rr_data_kind(1, 12), WARTS_HOST_RR_STR, "IN PTR");
	is_int(warts_host_rr_data_kind(1, 6), WARTS_HOST_RR_SOA, "IN SOA");
	is_int(warts_host_rr_data_kind(1, 15), WARTS_HOST_RR_MX, "IN MX");
	is_int(warts_host_rr_data_kind(1, 16), WARTS_HOST_RR_TXT, "IN TXT");
	is_int(warts_host_rr_data_kind(3, 16), WARTS_HOST_RR_TXT, "CH TXT");
	is_int(warts_host_rr_data_kind(1, 64), WARTS_HOST_RR_SVCB, "IN SVCB");
	is_int(warts_host_rr_data_kind(1, 65), WARTS_HOST_RR_SVCB, "IN HTTPS");
	is_int(warts_host_rr_data_kind(512, 41), WARTS_HOST_RR_OPT, "any OPT");
	is_int(warts_host_rr_data_kind(3, 1), WARTS_HOST_RR_NONE, "CH A");
	is_int(warts_host_rr_data_kind(1, 46), WARTS_HOST_RR_NONE, "IN RRSIG");
	is_int(warts_host_rr_data_kind(0, 0), WARTS_HOST_RR_NONE, "0 0");
}

int main(void)
{
	test_kinds();
	test_full();
	test_minimal();
	test_boundaries();
	test_style();
	test_encode_errors();
	test_corrupt();
	test_corpus();
	return done_testing();
}
