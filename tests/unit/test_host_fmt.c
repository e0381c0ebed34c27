/*
 * test_host_fmt.c: DNS measurements as JSON and dump, for what the corpus
 * does not hold: SOA, SVCB and HTTPS RRs, OPT RRs with NSID and ECS
 * options, TXT strings and names with quotes, backslashes, control
 * characters, NULs and bytes that are not UTF-8, several queries (with
 * and without a response), halted and error stops with an error message,
 * a list's monitor, unknown classes, types, response codes, flags and
 * stop reasons, and hand-built objects holding what the decoder would
 * refuse.  The dump follows scamper 20260420's sc_wartsdump (which
 * crashes on an OPT RR without data, printed here without it), the JSON
 * its sc_warts2json with every string escaped; every JSON line must be
 * valid JSON.  sc_warts2text prints nothing for a host measurement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testlib.h"
#include "warts/format.h"
#include "warts/host.h"
#include "warts/list.h"

enum { JSON, TEXT, DUMP };

#define T0 1795781368u /* Fri Nov 27 12:09:28 2026 UTC */
#define START " start: Fri Nov 27 12:09:28 2026 900000\n"
#define JSTART "\"start\":{\"sec\":1795781368,\"usec\":900000}"

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (p == NULL)
		abort();
	return p;
}

static void *xmemdup(const void *p, size_t n)
{
	uint8_t *d = malloc(n + 1);
	if (d == NULL)
		abort();
	memcpy(d, p, n);
	d[n] = 0;
	return d;
}

/* ---- a small JSON checker ------------------------------------------- */

struct jp {
	const char *p, *end;
};

static int j_value(struct jp *j, int depth);

static void j_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	                         *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int j_lit(struct jp *j, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return 0;
	j->p += n;
	return 1;
}

/* Bytes of the valid UTF-8 sequence at p, or 0. */
static size_t j_utf8(const unsigned char *p, size_t n)
{
	size_t need = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 :
	              p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
	if (p[0] > 0xf4 || need == 0 || n < need)
		return 0;
	for (size_t i = 1; i < need; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return need;
}

static int j_string(struct jp *j)
{
	if (!j_lit(j, "\""))
		return 0;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			j->p++;
			if (j->p >= j->end)
				return 0;
			if (*j->p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (j->p + i >= j->end ||
					    strchr("0123456789abcdefABCDEF",
					           j->p[i]) == NULL)
						return 0;
				j->p += 5;
			} else if (strchr("\"\\/bfnrt", *j->p) != NULL) {
				j->p++;
			} else {
				return 0;
			}
		} else if (c >= 0x80) {
			size_t k = j_utf8((const unsigned char *)j->p,
			                  (size_t)(j->end - j->p));
			if (k == 0)
				return 0;
			j->p += k;
		} else {
			j->p++;
		}
	}
	return j_lit(j, "\"");
}

static int j_number(struct jp *j)
{
	const char *s = j->p;
	if (j->p < j->end && *j->p == '-')
		j->p++;
	while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') ||
	                         *j->p == '.'))
		j->p++;
	return j->p > s;
}

static int j_items(struct jp *j, int depth, char close, int keyed)
{
	j_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 1;
	}
	for (;;) {
		j_ws(j);
		if (keyed) {
			if (!j_string(j))
				return 0;
			j_ws(j);
			if (!j_lit(j, ":"))
				return 0;
		}
		if (!j_value(j, depth + 1))
			return 0;
		j_ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 1;
		}
		if (!j_lit(j, ","))
			return 0;
	}
}

static int j_value(struct jp *j, int depth)
{
	if (depth > 64)
		return 0;
	j_ws(j);
	if (j->p >= j->end)
		return 0;
	switch (*j->p) {
	case '{': j->p++; return j_items(j, depth, '}', 1);
	case '[': j->p++; return j_items(j, depth, ']', 0);
	case '"': return j_string(j);
	case 't': return j_lit(j, "true");
	case 'f': return j_lit(j, "false");
	case 'n': return j_lit(j, "null");
	default:  return j_number(j);
	}
}

/* One JSON value on one line ending in a newline. */
static int json_line_ok(const char *s)
{
	size_t n = strlen(s);
	struct jp j = { s, s + n };

	if (n == 0 || s[n - 1] != '\n' || memchr(s, '\n', n - 1) != NULL)
		return 0;
	j.end--;
	if (!j_value(&j, 0))
		return 0;
	j_ws(&j);
	return j.p == j.end;
}

/* ---- formatting --------------------------------------------------------- */

/* The object in one format; "" when the converter prints nothing. */
static char *fmt(const warts_host *h, int kind, unsigned flags)
{
	warts_object obj = { .type = WARTS_TYPE_HOST };
	warts_strbuf sb = { 0 };
	char *out;
	int rc;

	obj.u.host = (warts_host *)h;
	rc = kind == JSON ? warts_json(&obj, flags, &sb) :
	     kind == TEXT ? warts_text(&obj, &sb) : warts_dump(&obj, &sb);
	out = xstrdup(rc > 0 && sb.data != NULL ? sb.data : "");
	warts_strbuf_free(&sb);
	return out;
}

/* The JSON (checked to be valid), text (empty) and dump of h. */
static void check(const warts_host *h, const char *json, const char *dump,
                  const char *what)
{
	char *got = fmt(h, JSON, 0);
	is_str(got, json, "%s: json", what);
	ok(json_line_ok(got), "%s: json is valid", what);
	free(got);
	got = fmt(h, JSON, WARTS_JSON_ALLFIELDS);
	ok(json_line_ok(got), "%s: all-fields json is valid", what);
	free(got);
	got = fmt(h, TEXT, 0);
	is_str(got, "", "%s: no text", what);
	free(got);
	got = fmt(h, DUMP, 0);
	is_str(got, dump, "%s: dump", what);
	free(got);
}

/* ---- building objects --------------------------------------------------- */

static warts_host *new_host(const char *qname, uint16_t qclass,
                            uint16_t qtype)
{
	warts_host *h = warts_host_alloc();
	if (h == NULL)
		abort();
	set_addr(&h->src, "192.0.2.2");
	set_addr(&h->dst, "198.18.0.1");
	h->start.sec = T0;
	h->start.usec = 900000;
	h->wait_timeout = 5000;
	h->stop_reason = WARTS_HOST_STOP_DONE;
	h->qclass = qclass;
	h->qtype = qtype;
	h->qname = qname != NULL ? xstrdup(qname) : NULL;
	return h;
}

static warts_host_query *add_query(warts_host *h, uint16_t id,
                                   uint32_t txsec, uint32_t txusec,
                                   uint32_t rxsec, uint32_t rxusec)
{
	warts_host_query *q = warts_host_query_add(h);
	if (q == NULL)
		abort();
	q->id = id;
	q->tx.sec = txsec;
	q->tx.usec = txusec;
	q->rx.sec = rxsec;
	q->rx.usec = rxusec;
	return q;
}

static warts_host_rr *add_rr(warts_host_query *q, enum warts_host_section s,
                             uint16_t cls, uint16_t type, const char *name,
                             uint32_t ttl)
{
	warts_host_rr *rr = warts_host_rr_add(q, s);
	if (rr == NULL)
		abort();
	rr->rrclass = cls;
	rr->rrtype = type;
	rr->name = name != NULL ? xstrdup(name) : NULL;
	rr->ttl = ttl;
	return rr;
}

static void rr_addr(warts_host_rr *rr, const char *a)
{
	rr->kind = WARTS_HOST_RR_ADDR;
	set_addr(&rr->data.addr, a);
}

static void rr_soa(warts_host_rr *rr, const char *mname, const char *rname,
                   uint32_t serial, uint32_t refresh, uint32_t retry,
                   uint32_t expire, uint32_t minimum)
{
	warts_host_rr_soa *soa = calloc(1, sizeof(*soa));
	if (soa == NULL)
		abort();
	soa->mname = xstrdup(mname);
	soa->rname = xstrdup(rname);
	soa->serial = serial;
	soa->refresh = refresh;
	soa->retry = retry;
	soa->expire = expire;
	soa->minimum = minimum;
	rr->kind = WARTS_HOST_RR_SOA;
	rr->data.soa = soa;
}

struct elemspec {
	uint16_t    code;
	uint16_t    len;
	const char *data;
};

static warts_host_rr_elem *make_elems(const struct elemspec *es, uint16_t n)
{
	warts_host_rr_elem *el;
	if (n == 0)
		return NULL;
	if ((el = calloc(n, sizeof(*el))) == NULL)
		abort();
	for (uint16_t i = 0; i < n; i++) {
		el[i].code = es[i].code;
		el[i].len = es[i].len;
		el[i].data = es[i].len > 0 ? xmemdup(es[i].data, es[i].len) :
		             NULL;
	}
	return el;
}

static void rr_opt(warts_host_rr *rr, const struct elemspec *es, uint16_t n)
{
	warts_host_rr_opt *opt = calloc(1, sizeof(*opt));
	if (opt == NULL)
		abort();
	opt->elemc = n;
	opt->elems = make_elems(es, n);
	rr->kind = WARTS_HOST_RR_OPT;
	rr->data.opt = opt;
}

static void rr_svcb(warts_host_rr *rr, uint16_t priority, const char *target,
                    const struct elemspec *es, uint16_t n)
{
	warts_host_rr_svcb *svcb = calloc(1, sizeof(*svcb));
	if (svcb == NULL)
		abort();
	svcb->priority = priority;
	svcb->target = target != NULL ? xstrdup(target) : NULL;
	svcb->paramc = n;
	svcb->params = make_elems(es, n);
	rr->kind = WARTS_HOST_RR_SVCB;
	rr->data.svcb = svcb;
}

struct strspec {
	const char *s;
	uint8_t     len;
};

static void rr_txt(warts_host_rr *rr, const struct strspec *ss, uint16_t n)
{
	warts_host_rr_txt *txt = calloc(1, sizeof(*txt));
	if (txt == NULL || (txt->strs = calloc(n, sizeof(*txt->strs))) == NULL)
		abort();
	txt->strc = n;
	for (uint16_t i = 0; i < n; i++) {
		txt->strs[i].len = ss[i].len;
		txt->strs[i].data = ss[i].s != NULL ?
		                    xmemdup(ss[i].s, ss[i].len) : NULL;
	}
	rr->kind = WARTS_HOST_RR_TXT;
	rr->data.txt = txt;
}

/* ---- the cases ------------------------------------------------------------ */

/*
 * An NXDOMAIN answer with the zone's SOA, after a first query drew no
 * response; recursion off.  The second query's time borrows a second.
 */
static void test_soa_queries(void)
{
	warts_host *h = new_host("nope.lab.example", WARTS_HOST_CLASS_IN,
	                         WARTS_HOST_TYPE_A);
	warts_host_query *q;

	h->userid = 7;
	h->flags = WARTS_HOST_FLAG_NORECURSE;
	h->wait_timeout = 2500;
	h->retries = 1;
	add_query(h, 1, T0, 900050, 0, 0);
	q = add_query(h, 2, T0 + 3, 400100, T0 + 3, 400350);
	q->rcode = WARTS_HOST_RCODE_NXDOMAIN;
	q->flags = WARTS_HOST_QFLAG_RA | WARTS_HOST_QFLAG_AA;
	rr_soa(add_rr(q, WARTS_HOST_SECTION_NS, WARTS_HOST_CLASS_IN,
	              WARTS_HOST_TYPE_SOA, "lab.example", 300),
	       "ns.lab.example", "hostmaster.lab.example", 2026042001, 3600,
	       600, 86400, 4294967295u);

	check(h,
	      "{\"type\":\"host\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	      "\"dst\":\"198.18.0.1\", \"userid\":7, " JSTART ", "
	      "\"flags\":[\"norecurse\"], \"wait\":2500, \"retries\":1, "
	      "\"stop\":\"DONE\", \"qname\":\"nope.lab.example\", "
	      "\"qclass\":\"IN\", \"qtype\":\"A\", \"qcount\":2, "
	      "\"queries\":[{\"id\":1, \"ancount\":0, \"nscount\":0, "
	      "\"arcount\":0, \"tx\":{\"sec\":1795781368,\"usec\":900050}},"
	      "{\"id\":2, \"ancount\":0, \"nscount\":1, \"arcount\":0, "
	      "\"tx\":{\"sec\":1795781371,\"usec\":400100}, "
	      "\"rx\":{\"sec\":1795781371,\"usec\":400350}, "
	      "\"rcode\":\"NXDomain\", \"flags\":[\"RA\",\"AA\"], "
	      "\"ns\":[{\"class\":\"IN\", \"type\":\"SOA\", \"ttl\":300, "
	      "\"name\":\"lab.example\", \"mname\":\"ns.lab.example\", "
	      "\"rname\":\"hostmaster.lab.example\", \"serial\":2026042001, "
	      "\"refresh\":3600, \"retry\":600, \"expire\":86400, "
	      "\"minimum\":4294967295}]}]}\n",
	      "host from 192.0.2.2 to 198.18.0.1\n"
	      " user-id: 7\n"
	      START
	      " flags: norecurse\n"
	      " wait: 2.5s, retries: 1, stop: done\n"
	      " qname: nope.lab.example, qclass: IN, qtype: A, qcount: 2\n"
	      " query: 0, id: 1, tx: 0.000050, an: 0, ns: 0, ar: 0\n"
	      " query: 1, id: 2, tx: 2.500100, rtt: 0.000250, an: 0, ns: 1, "
	      "ar: 0\n"
	      "  rcode: NXDomain, flags: RA, AA\n"
	      "  ns: lab.example 300 IN SOA ns.lab.example "
	      "hostmaster.lab.example 2026042001 3600 600 86400 4294967295\n"
	      "\n",
	      "SOA and two queries");
	warts_host_free(h);
}

/* HTTPS and SVCB RRs: service mode with parameters, alias mode, and a
 * record without a target. */
static void test_svcb(void)
{
	static const struct elemspec params[] = {
		{ 1, 3, "\x02h2" },           /* alpn */
		{ 2, 0, NULL },               /* no-default-alpn */
		{ 3, 2, "\x01\xbb" },         /* port 443 */
		{ 4, 4, "\xc0\x00\x02\x01" }, /* ipv4hint */
	};
	warts_host *h = new_host("svc.lab.example", WARTS_HOST_CLASS_IN,
	                         WARTS_HOST_TYPE_HTTPS);
	warts_host_query *q = add_query(h, 9, T0, 900010, T0, 900210);
	char *got;

	q->flags = WARTS_HOST_QFLAG_RD | WARTS_HOST_QFLAG_RA;
	rr_svcb(add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	               WARTS_HOST_TYPE_HTTPS, "svc.lab.example", 60),
	        1, ".", params, 4);
	rr_svcb(add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	               WARTS_HOST_TYPE_SVCB, "_dns.lab.example", 60),
	        0, "svc.lab.example", NULL, 0);
	rr_svcb(add_rr(q, WARTS_HOST_SECTION_AR, WARTS_HOST_CLASS_IN,
	               WARTS_HOST_TYPE_SVCB, "x.lab.example", 1),
	        2, NULL, NULL, 0);

	check(h,
	      "{\"type\":\"host\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	      "\"dst\":\"198.18.0.1\", \"userid\":0, " JSTART ", "
	      "\"wait\":5000, \"retries\":0, \"stop\":\"DONE\", "
	      "\"qname\":\"svc.lab.example\", \"qclass\":\"IN\", "
	      "\"qtype\":\"HTTPS\", \"qcount\":1, \"queries\":[{\"id\":9, "
	      "\"ancount\":2, \"nscount\":0, \"arcount\":1, "
	      "\"tx\":{\"sec\":1795781368,\"usec\":900010}, "
	      "\"rx\":{\"sec\":1795781368,\"usec\":900210}, "
	      "\"rcode\":\"NoError\", \"flags\":[\"RA\",\"RD\"], "
	      "\"an\":[{\"class\":\"IN\", \"type\":\"HTTPS\", \"ttl\":60, "
	      "\"name\":\"svc.lab.example\"},{\"class\":\"IN\", "
	      "\"type\":\"SVCB\", \"ttl\":60, \"name\":\"_dns.lab.example\"}], "
	      "\"ar\":[{\"class\":\"IN\", \"type\":\"SVCB\", \"ttl\":1, "
	      "\"name\":\"x.lab.example\"}]}]}\n",
	      "host from 192.0.2.2 to 198.18.0.1\n"
	      " user-id: 0\n"
	      START
	      " wait: 5s, retries: 0, stop: done\n"
	      " qname: svc.lab.example, qclass: IN, qtype: HTTPS, qcount: 1\n"
	      " query: 0, id: 9, tx: 0.000010, rtt: 0.000200, an: 2, ns: 0, "
	      "ar: 1\n"
	      "  rcode: NoError, flags: RA, RD\n"
	      "  an: svc.lab.example 60 IN HTTPS 1 . 4 1:026832 2 3:01bb "
	      "4:c0000201\n"
	      "  an: _dns.lab.example 60 IN SVCB 0 svc.lab.example 0\n"
	      "  ar: x.lab.example 1 IN SVCB 2 (null) 0\n"
	      "\n",
	      "SVCB and HTTPS");

	got = fmt(h, JSON, WARTS_JSON_ALLFIELDS);
	ok(strstr(got, "\"an\":[{\"class\":\"IN\", \"type\":\"HTTPS\", "
	           "\"ttl\":60, \"name\":\"svc.lab.example\", \"priority\":1, "
	           "\"target\":\".\", \"paramc\":4, \"params\":[{\"key\":1, "
	           "\"val\":\"026832\"}, {\"key\":2, \"val\":\"\"}, "
	           "{\"key\":3, \"val\":\"01bb\"}, {\"key\":4, "
	           "\"val\":\"c0000201\"}]},{\"class\":\"IN\", "
	           "\"type\":\"SVCB\", \"ttl\":60, "
	           "\"name\":\"_dns.lab.example\", \"priority\":0, "
	           "\"target\":\"svc.lab.example\", \"paramc\":0, "
	           "\"params\":[]}], \"ar\":[{\"class\":\"IN\", "
	           "\"type\":\"SVCB\", \"ttl\":1, \"name\":\"x.lab.example\", "
	           "\"priority\":2, \"paramc\":0, \"params\":[]}]}]") != NULL,
	   "SVCB and HTTPS: all-fields json has the data");
	free(got);
	warts_host_free(h);
}

/*
 * host -O nsid with an EDNS client subnet: the response's OPT RR with
 * NSID, ECS and an empty option; an OPT RR without data (as scamper
 * writes the one of -O nsid, on which sc_wartsdump 2026 crashes); one
 * with no options.
 */
static void test_opt(void)
{
	static const struct elemspec elems[] = {
		{ WARTS_HOST_OPT_NSID, 7, "ns1-lab" },
		{ WARTS_HOST_OPT_ECS, 7, "\x00\x01\x18\x18\xc0\x00\x02" },
		{ 10, 0, NULL },
	};
	warts_host *h = new_host("www.lab.example", WARTS_HOST_CLASS_IN,
	                         WARTS_HOST_TYPE_A);
	warts_host_query *q = add_query(h, 1, T0, 900027, T0, 900174);
	char *got;

	h->flags = WARTS_HOST_FLAG_NSID;
	h->ecs = xstrdup("192.0.2.0/24");
	q->flags = WARTS_HOST_QFLAG_RA | WARTS_HOST_QFLAG_RD |
	           WARTS_HOST_QFLAG_AA;
	rr_addr(add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	               WARTS_HOST_TYPE_A, "www.lab.example", 0), "198.18.0.80");
	rr_opt(add_rr(q, WARTS_HOST_SECTION_AR, 1232, WARTS_HOST_TYPE_OPT, "",
	              32768), elems, 3);
	add_rr(q, WARTS_HOST_SECTION_AR, 512, WARTS_HOST_TYPE_OPT, "", 0);
	rr_opt(add_rr(q, WARTS_HOST_SECTION_AR, 4096, WARTS_HOST_TYPE_OPT, "",
	              0), NULL, 0);

	check(h,
	      "{\"type\":\"host\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	      "\"dst\":\"198.18.0.1\", \"userid\":0, " JSTART ", "
	      "\"flags\":[\"nsid\"], \"wait\":5000, \"retries\":0, "
	      "\"stop\":\"DONE\", \"qname\":\"www.lab.example\", "
	      "\"qclass\":\"IN\", \"qtype\":\"A\", \"qcount\":1, "
	      "\"ecs\":\"192.0.2.0/24\", \"queries\":[{\"id\":1, "
	      "\"ancount\":1, \"nscount\":0, \"arcount\":3, "
	      "\"tx\":{\"sec\":1795781368,\"usec\":900027}, "
	      "\"rx\":{\"sec\":1795781368,\"usec\":900174}, "
	      "\"rcode\":\"NoError\", \"flags\":[\"RA\",\"RD\",\"AA\"], "
	      "\"an\":[{\"class\":\"IN\", \"type\":\"A\", \"ttl\":0, "
	      "\"name\":\"www.lab.example\", \"address\":\"198.18.0.80\"}], "
	      "\"ar\":[{\"class\":\"1232\", \"type\":\"OPT\", \"ttl\":32768, "
	      "\"name\":\"\"},{\"class\":\"512\", \"type\":\"OPT\", "
	      "\"ttl\":0, \"name\":\"\"},{\"class\":\"4096\", "
	      "\"type\":\"OPT\", \"ttl\":0, \"name\":\"\"}]}]}\n",
	      "host from 192.0.2.2 to 198.18.0.1\n"
	      " user-id: 0\n"
	      START
	      " flags: nsid\n"
	      " wait: 5s, retries: 0, stop: done\n"
	      " qname: www.lab.example, qclass: IN, qtype: A, qcount: 1\n"
	      " edns-client-subnet: 192.0.2.0/24\n"
	      " query: 0, id: 1, tx: 0.000027, rtt: 0.000147, an: 1, ns: 0, "
	      "ar: 3\n"
	      "  rcode: NoError, flags: RA, RD, AA\n"
	      "  an: www.lab.example 0 IN A 198.18.0.80\n"
	      "  ar:  32768 1232 OPT 3 3:6e73312d6c6162 8:00011818c00002 10\n"
	      "  ar:  0 512 OPT\n"
	      "  ar:  0 4096 OPT 0\n"
	      "\n",
	      "OPT with NSID and ECS");

	got = fmt(h, JSON, WARTS_JSON_ALLFIELDS);
	ok(strstr(got, "\"ar\":[{\"class\":\"1232\", \"type\":\"OPT\", "
	           "\"ttl\":32768, \"name\":\"\", \"elemc\":3, "
	           "\"elems\":[{\"code\":3, \"data\":\"6e73312d6c6162\"}, "
	           "{\"code\":8, \"data\":\"00011818c00002\"}, {\"code\":10, "
	           "\"data\":\"\"}]},{\"class\":\"512\", \"type\":\"OPT\", "
	           "\"ttl\":0, \"name\":\"\"},{\"class\":\"4096\", "
	           "\"type\":\"OPT\", \"ttl\":0, \"name\":\"\", \"elemc\":0, "
	           "\"elems\":[]}]}]") != NULL,
	   "OPT: all-fields json has the options");
	free(got);
	warts_host_free(h);
}

/*
 * TXT strings and names holding quotes, backslashes, control characters,
 * a NUL, bytes that are not UTF-8 and UTF-8 that is: the JSON escapes
 * them (a TXT string whole, by its length), the dump prints them as they
 * are (a TXT string whole, a NUL as "\0", where scamper's C string
 * ends).  CHAOS class.
 */
static void test_txt(void)
{
	static const struct strspec strs[] = {
		{ "say \"hi\" \\ ok", 13 },
		{ "tab\tnl\n", 7 },
		{ "a\0b", 3 },
		{ "\xff\xc3(\x01\x7f", 5 },
		{ "h\xc3\xa9llo", 6 },
		{ NULL, 0 },
	};
	static const struct strspec one[] = { { "v=1", 3 } };
	warts_host *h = new_host("version.bind", WARTS_HOST_CLASS_CH,
	                         WARTS_HOST_TYPE_TXT);
	warts_host_query *q = add_query(h, 3, T0, 999999, T0 + 1, 100);

	q->flags = WARTS_HOST_QFLAG_AA;
	rr_txt(add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_CH,
	              WARTS_HOST_TYPE_TXT, "version.bind", 0), strs, 6);
	rr_txt(add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	              WARTS_HOST_TYPE_TXT, "x\"y\\z\x01\xfe.lab", 5), one, 1);

	check(h,
	      "{\"type\":\"host\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	      "\"dst\":\"198.18.0.1\", \"userid\":0, " JSTART ", "
	      "\"wait\":5000, \"retries\":0, \"stop\":\"DONE\", "
	      "\"qname\":\"version.bind\", \"qclass\":\"CH\", "
	      "\"qtype\":\"TXT\", \"qcount\":1, \"queries\":[{\"id\":3, "
	      "\"ancount\":2, \"nscount\":0, \"arcount\":0, "
	      "\"tx\":{\"sec\":1795781368,\"usec\":999999}, "
	      "\"rx\":{\"sec\":1795781369,\"usec\":100}, "
	      "\"rcode\":\"NoError\", \"flags\":[\"AA\"], "
	      "\"an\":[{\"class\":\"CH\", \"type\":\"TXT\", \"ttl\":0, "
	      "\"name\":\"version.bind\", \"strc\":6, "
	      "\"strs\":[\"say \\\"hi\\\" \\\\ ok\", \"tab\\tnl\\n\", "
	      "\"a\\u0000b\", \"\\u00ff\\u00c3(\\u0001\\u007f\", "
	      "\"h\xc3\xa9llo\", \"\"]},{\"class\":\"IN\", \"type\":\"TXT\", "
	      "\"ttl\":5, \"name\":\"x\\\"y\\\\z\\u0001\\u00fe.lab\", "
	      "\"strc\":1, \"strs\":[\"v=1\"]}]}]}\n",
	      "host from 192.0.2.2 to 198.18.0.1\n"
	      " user-id: 0\n"
	      START
	      " wait: 5s, retries: 0, stop: done\n"
	      " qname: version.bind, qclass: CH, qtype: TXT, qcount: 1\n"
	      " query: 0, id: 3, tx: 0.099999, rtt: 0.000101, an: 2, ns: 0, "
	      "ar: 0\n"
	      "  rcode: NoError, flags: AA\n"
	      "  an: version.bind 0 CH TXT 6 \"say \"hi\" \\ ok\" "
	      "\"tab\tnl\n\" \"a\\0b\" \"\xff\xc3(\x01\x7f\" \"h\xc3\xa9llo\" "
	      "\"\"\n"
	      "  an: x\"y\\z\x01\xfe.lab 5 IN TXT 1 \"v=1\"\n"
	      "\n",
	      "TXT with odd bytes");
	warts_host_free(h);
}

/* Halted with no queries: a list with a monitor, a cycle, a user id past
 * INT32_MAX, no source, and only a flag bit scamper does not name (its
 * dump prints a bare "flags:", ours the bit). */
static void test_halted(void)
{
	warts_host *h = new_host("www.lab.example", WARTS_HOST_CLASS_IN,
	                         WARTS_HOST_TYPE_AAAA);

	h->list = warts_list_alloc(3, "ctl");
	if (h->list == NULL || warts_strset(&h->list->monitor, "mon1") != 0 ||
	    (h->cycle = warts_cycle_alloc(h->list, 4, T0)) == NULL)
		abort();
	h->userid = 3000000000u;
	h->src.type = WARTS_ADDR_NONE;
	h->flags = 0x100;
	h->stop_reason = WARTS_HOST_STOP_HALTED;

	check(h,
	      "{\"type\":\"host\", \"version\":\"0.1\", "
	      "\"dst\":\"198.18.0.1\", \"userid\":3000000000, " JSTART ", "
	      "\"wait\":5000, \"retries\":0, \"stop\":\"HALTED\", "
	      "\"qname\":\"www.lab.example\", \"qclass\":\"IN\", "
	      "\"qtype\":\"AAAA\", \"qcount\":0,\"monitor\":\"mon1\", "
	      "\"queries\":[]}\n",
	      "host to 198.18.0.1\n"
	      " list id: 3, name: ctl, monitor: mon1\n"
	      " cycle id: 4\n"
	      " user-id: -1294967296\n"
	      START
	      " flags: 0x100\n"
	      " wait: 5s, retries: 0, stop: halted\n"
	      " qname: www.lab.example, qclass: IN, qtype: AAAA, qcount: 0\n"
	      "\n",
	      "halted");
	warts_host_free(h);
}

/* Stopped by an error, with its message; then an unknown stop reason. */
static void test_error(void)
{
	warts_host *h = new_host("www.lab.example", WARTS_HOST_CLASS_IN,
	                         WARTS_HOST_TYPE_MX);

	h->stop_reason = WARTS_HOST_STOP_ERROR;
	h->errmsg = xstrdup("could not open \"udp\" socket\\\x01");
	h->flags = WARTS_HOST_FLAG_NORECURSE | WARTS_HOST_FLAG_TCP |
	           WARTS_HOST_FLAG_NSID;
	h->wait_timeout = 1050;
	h->retries = 255;

	check(h,
	      "{\"type\":\"host\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	      "\"dst\":\"198.18.0.1\", \"userid\":0, " JSTART ","
	      "\"errmsg\":\"could not open \\\"udp\\\" socket\\\\\\u0001\", "
	      "\"flags\":[\"norecurse\", \"tcp\", \"nsid\"], \"wait\":1050, "
	      "\"retries\":255, \"stop\":\"ERROR\", "
	      "\"qname\":\"www.lab.example\", \"qclass\":\"IN\", "
	      "\"qtype\":\"MX\", \"qcount\":0, \"queries\":[]}\n",
	      "host from 192.0.2.2 to 198.18.0.1\n"
	      " user-id: 0\n"
	      START
	      " flags: norecurse tcp nsid\n"
	      " wait: 1.05s, retries: 255, stop: error\n"
	      " qname: www.lab.example, qclass: IN, qtype: MX, qcount: 0\n"
	      " errmsg: could not open \"udp\" socket\\\x01\n"
	      "\n",
	      "error");

	h->stop_reason = 9;
	free(h->errmsg);
	h->errmsg = NULL;
	h->flags = 0;
	h->wait_timeout = 7;
	check(h,
	      "{\"type\":\"host\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	      "\"dst\":\"198.18.0.1\", \"userid\":0, " JSTART ", "
	      "\"wait\":7, \"retries\":255, \"stop\":\"9\", "
	      "\"qname\":\"www.lab.example\", \"qclass\":\"IN\", "
	      "\"qtype\":\"MX\", \"qcount\":0, \"queries\":[]}\n",
	      "host from 192.0.2.2 to 198.18.0.1\n"
	      " user-id: 0\n"
	      START
	      " wait: 0.007s, retries: 255, stop: 9\n"
	      " qname: www.lab.example, qclass: IN, qtype: MX, qcount: 0\n"
	      "\n",
	      "unknown stop reason");
	warts_host_free(h);
}

/*
 * Values scamper has no name for: a class and type, response codes
 * (12 to 15 have none and print as glibc prints a NULL string; 19 is
 * BADMODE and BADNAME run together in scamper's table; 23 is past it),
 * the Z and 0x80 header bits.
 */
static void test_unknown(void)
{
	warts_host *h = new_host("q", 254, 255);
	warts_host_query *q;

	q = add_query(h, 1, T0, 900001, T0, 900002);
	q->rcode = 12;
	q->flags = 0x84;
	add_rr(q, WARTS_HOST_SECTION_AN, 254, 99, "x", 1);
	q = add_query(h, 2, T0, 900003, T0, 900004);
	q->rcode = 19;
	q = add_query(h, 3, T0, 900005, T0, 900006);
	q->rcode = 23;

	check(h,
	      "{\"type\":\"host\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	      "\"dst\":\"198.18.0.1\", \"userid\":0, " JSTART ", "
	      "\"wait\":5000, \"retries\":0, \"stop\":\"DONE\", "
	      "\"qname\":\"q\", \"qclass\":\"254\", \"qtype\":\"255\", "
	      "\"qcount\":3, \"queries\":[{\"id\":1, \"ancount\":1, "
	      "\"nscount\":0, \"arcount\":0, "
	      "\"tx\":{\"sec\":1795781368,\"usec\":900001}, "
	      "\"rx\":{\"sec\":1795781368,\"usec\":900002}, "
	      "\"rcode\":\"(null)\", \"flags\":[\"Z\",\"0x80\"], "
	      "\"an\":[{\"class\":\"254\", \"type\":\"99\", \"ttl\":1, "
	      "\"name\":\"x\"}]},{\"id\":2, \"ancount\":0, \"nscount\":0, "
	      "\"arcount\":0, \"tx\":{\"sec\":1795781368,\"usec\":900003}, "
	      "\"rx\":{\"sec\":1795781368,\"usec\":900004}, "
	      "\"rcode\":\"BADMODEBADNAME\", \"flags\":[]},{\"id\":3, "
	      "\"ancount\":0, \"nscount\":0, \"arcount\":0, "
	      "\"tx\":{\"sec\":1795781368,\"usec\":900005}, "
	      "\"rx\":{\"sec\":1795781368,\"usec\":900006}, "
	      "\"rcode\":\"23\", \"flags\":[]}]}\n",
	      "host from 192.0.2.2 to 198.18.0.1\n"
	      " user-id: 0\n"
	      START
	      " wait: 5s, retries: 0, stop: done\n"
	      " qname: q, qclass: 254, qtype: 255, qcount: 3\n"
	      " query: 0, id: 1, tx: 0.000001, rtt: 0.000001, an: 1, ns: 0, "
	      "ar: 0\n"
	      "  rcode: (null), flags: Z, 0x80\n"
	      "  an: x 1 254 99\n"
	      " query: 1, id: 2, tx: 0.000003, rtt: 0.000001, an: 0, ns: 0, "
	      "ar: 0\n"
	      "  rcode: BADMODEBADNAME\n"
	      " query: 2, id: 3, tx: 0.000005, rtt: 0.000001, an: 0, ns: 0, "
	      "ar: 0\n"
	      "  rcode: 23\n"
	      "\n",
	      "unknown values");
	warts_host_free(h);
}

/*
 * What the decoder refuses but code may build: no destination, no qname,
 * an RR without a name, an A RR without its address, data of the wrong
 * kind for the type, TXT strings missing, a query sent before the start
 * (tx unset), sections and queries whose arrays are missing.
 */
static void test_odd(void)
{
	warts_host *h = new_host(NULL, WARTS_HOST_CLASS_IN, WARTS_HOST_TYPE_A);
	warts_host_query *q = add_query(h, 4, 0, 0, 0, 0);
	warts_host_rr *rr;
	warts_host_rr_txt *txt;

	h->dst.type = WARTS_ADDR_NONE;
	add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	       WARTS_HOST_TYPE_A, NULL, 0);
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_A, "s", 0);
	rr->kind = WARTS_HOST_RR_STR;
	rr->data.str = xstrdup("not an address");
	rr = add_rr(q, WARTS_HOST_SECTION_AN, WARTS_HOST_CLASS_IN,
	            WARTS_HOST_TYPE_TXT, "t", 0);
	if ((txt = calloc(1, sizeof(*txt))) == NULL)
		abort();
	txt->strc = 2;
	rr->kind = WARTS_HOST_RR_TXT;
	rr->data.txt = txt;
	q->nscount = 3; /* and no array */

	check(h,
	      "{\"type\":\"host\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	      "\"userid\":0, " JSTART ", \"wait\":5000, \"retries\":0, "
	      "\"stop\":\"DONE\", \"qclass\":\"IN\", \"qtype\":\"A\", "
	      "\"qcount\":1, \"queries\":[{\"id\":4, \"ancount\":3, "
	      "\"nscount\":3, \"arcount\":0, \"tx\":{\"sec\":0,\"usec\":0}, "
	      "\"an\":[{\"class\":\"IN\", \"type\":\"A\", \"ttl\":0},"
	      "{\"class\":\"IN\", \"type\":\"A\", \"ttl\":0, \"name\":\"s\"},"
	      "{\"class\":\"IN\", \"type\":\"TXT\", \"ttl\":0, \"name\":\"t\", "
	      "\"strc\":2, \"strs\":[]}]}]}\n",
	      "host from 192.0.2.2 to <null>\n"
	      " user-id: 0\n"
	      START
	      " wait: 5s, retries: 0, stop: done\n"
	      " qname: (null), qclass: IN, qtype: A, qcount: 1\n"
	      " query: 0, id: 4, tx: -1795781369.100000, an: 3, ns: 3, ar: 0\n"
	      "  an: <null> 0 IN A\n"
	      "  an: s 0 IN A\n"
	      "  an: t 0 IN TXT 2 \"<null>\" \"<null>\"\n"
	      "\n",
	      "odd objects");
	q->nscount = 0;

	/* queries counted but not there */
	warts_host_query_clear(&h->queries[0]);
	free(h->queries);
	h->queries = NULL;
	h->qcount = 2;
	check(h,
	      "{\"type\":\"host\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	      "\"userid\":0, " JSTART ", \"wait\":5000, \"retries\":0, "
	      "\"stop\":\"DONE\", \"qclass\":\"IN\", \"qtype\":\"A\", "
	      "\"qcount\":2, \"queries\":[]}\n",
	      "host from 192.0.2.2 to <null>\n"
	      " user-id: 0\n"
	      START
	      " wait: 5s, retries: 0, stop: done\n"
	      " qname: (null), qclass: IN, qtype: A, qcount: 2\n"
	      "\n",
	      "missing queries");
	warts_host_free(h);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_soa_queries();
	test_svcb();
	test_opt();
	test_txt();
	test_halted();
	test_error();
	test_unknown();
	test_odd();
	return done_testing();
}
