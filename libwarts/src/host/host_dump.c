/*
 * host_dump.c: DNS measurements as sc_wartsdump prints them.
 *
 *   host from <src> to <dst>
 *    list id: .., cycle id: .., user-id: .., start: <ctime> <usec>
 *    flags: norecurse tcp nsid                  (when any is set)
 *    wait: 5s, retries: 0, stop: done
 *    qname: .., qclass: IN, qtype: A, qcount: 1
 *    edns-client-subnet: ..                     (when set)
 *    errmsg: ..                                 (when set)
 *   then for each query
 *    query: 0, id: 1, tx: <after start>, rtt: <after tx>, an: 1, ns: 0, ar: 0
 *     rcode: NoError, flags: RA, RD, AA         (with a response)
 *     an: <name> <ttl> <class> <type> <data>    (one line per RR)
 *   and an empty line.
 *
 * RR data: an address; a name; "<preference> <exchange>" (MX);
 * "<mname> <rname> <serial> <refresh> <retry> <expire> <minimum>" (SOA);
 * "<count> "<string>" ..." (TXT); "<count> <code>[:<hex>] ..." (OPT);
 * "<priority> <target> <count> <key>[:<hex>] ..." (SVCB, HTTPS).
 *
 * sc_wartsdump 2026 crashes on an RR whose type calls for data the record
 * does not hold, as the OPT RR of a host -O nsid measurement is written:
 * we print such an RR without data, as it prints RRs of other types.
 * Where it would crash on an absent destination we print "<null>"; where
 * glibc's printf writes a missing string (qname, SVCB target) as
 * "(null)", so do we.  Strings are printed as they are, as scamper prints
 * them; a TXT string stops at a NUL, as scamper's C string does.
 *
 * sc_wartsdump prints the user id, times and some counts through "%d",
 * so values past INT32_MAX come out negative; we print them the same way.
 *
 * scamper's dump leaves some fields out.  We print each of them too, but
 * only when it holds something other than what scamper's own files hold
 * for it (its default, or the zero of a field the file leaves out), so a
 * dump of an ordinary file is scamper's byte for byte while an unusual
 * value still shows: flags it has no name for, the rcode and flags of a
 * query that drew no response, and the bytes of a TXT string after a
 * NUL (each NUL as "\0"), where scamper's C string ends.
 */
#include <string.h>

#include "warts/host.h"
#include "warts/list.h"

#include "../fmt.h"
#include "host_fmt.h"

/* v as printf's "%0<width>u" writes it. */
static void dump_uint0(warts_strbuf *sb, uint32_t v, unsigned width)
{
	unsigned digits = 1;

	for (uint32_t t = v; t >= 10; t /= 10)
		digits++;
	for (; digits < width; digits++)
		sb_c(sb, '0');
	sb_u(sb, v);
}

/* v cast to int as printf's "%0<width>d" writes it: the sign counts. */
static void dump_int0(warts_strbuf *sb, int64_t v, unsigned width)
{
	int32_t x = (int32_t)v;

	if (x < 0) {
		sb_c(sb, '-');
		dump_uint0(sb, 0u - (uint32_t)x, width - 1);
	} else {
		dump_uint0(sb, (uint32_t)x, width);
	}
}

/* to - from as "<sec>.<usec>", borrowing a second as scamper does. */
static void dump_diff(warts_strbuf *sb, const warts_tv *from,
                      const warts_tv *to)
{
	int64_t sec = (int64_t)to->sec - from->sec;
	int64_t usec = (int64_t)to->usec - from->usec;

	if (usec < 0) {
		sec--;
		usec += 1000000;
	}
	sb_i(sb, (int32_t)sec);
	sb_c(sb, '.');
	dump_int0(sb, usec, 6);
}

/* A duration in milliseconds as "<sec>[.<frac>]s", trailing zeros cut. */
static void dump_wait(warts_strbuf *sb, uint16_t ms)
{
	uint32_t usec = ms % 1000 * 1000u;
	unsigned width = 6;

	sb_u(sb, ms / 1000);
	if (usec > 0) {
		while (usec % 10 == 0) {
			usec /= 10;
			width--;
		}
		sb_c(sb, '.');
		dump_uint0(sb, usec, width);
	}
	sb_c(sb, 's');
}

static void dump_str(warts_strbuf *sb, const char *s)
{
	sb_s(sb, s != NULL ? s : "(null)");
}

static void dump_summary(warts_strbuf *sb, const warts_host *h)
{
	sb_s(sb, "host");
	if (warts_addr_isset(&h->src)) {
		sb_s(sb, " from ");
		sb_addr(sb, &h->src);
	}
	sb_s(sb, " to ");
	if (warts_addr_isset(&h->dst))
		sb_addr(sb, &h->dst);
	else
		sb_s(sb, "<null>");
	sb_c(sb, '\n');
	if (h->list != NULL) {
		sb_s(sb, " list id: ");
		sb_i(sb, (int32_t)h->list->id);
		if (h->list->name != NULL) {
			sb_s(sb, ", name: ");
			sb_s(sb, h->list->name);
		}
		if (h->list->monitor != NULL) {
			sb_s(sb, ", monitor: ");
			sb_s(sb, h->list->monitor);
		}
		sb_c(sb, '\n');
	}
	if (h->cycle != NULL) {
		sb_s(sb, " cycle id: ");
		sb_i(sb, (int32_t)h->cycle->id);
		sb_c(sb, '\n');
	}
	sb_s(sb, " user-id: ");
	sb_i(sb, (int32_t)h->userid);
	sb_s(sb, "\n start: ");
	sb_ctime(sb, h->start.sec);
	sb_c(sb, ' ');
	dump_int0(sb, (int32_t)h->start.usec, 6);
	sb_c(sb, '\n');
}

static void dump_params(warts_strbuf *sb, const warts_host *h)
{
	if (h->flags != 0) {
		/* a line even when no bit it names is set, as scamper's */
		sb_s(sb, " flags:");
		if (h->flags & WARTS_HOST_FLAG_NORECURSE)
			sb_s(sb, " norecurse");
		if (h->flags & WARTS_HOST_FLAG_TCP)
			sb_s(sb, " tcp");
		if (h->flags & WARTS_HOST_FLAG_NSID)
			sb_s(sb, " nsid");
		/* ours: bits scamper has no name for */
		for (unsigned i = 3; i < 16; i++)
			if (h->flags & (1u << i))
				sb_f(sb, " 0x%x", 1u << i);
		sb_c(sb, '\n');
	}
	sb_s(sb, " wait: ");
	dump_wait(sb, h->wait_timeout);
	sb_su(sb, ", retries: ", h->retries);
	sb_s(sb, ", stop: ");
	host_sb_stop(sb, h->stop_reason, 1);
	sb_s(sb, "\n qname: ");
	dump_str(sb, h->qname);
	sb_s(sb, ", qclass: ");
	host_sb_class(sb, h->qclass);
	sb_s(sb, ", qtype: ");
	host_sb_type(sb, h->qtype);
	sb_su(sb, ", qcount: ", h->qcount);
	sb_c(sb, '\n');
	if (h->ecs != NULL) {
		sb_s(sb, " edns-client-subnet: ");
		sb_s(sb, h->ecs);
		sb_c(sb, '\n');
	}
	if (h->errmsg != NULL) {
		sb_s(sb, " errmsg: ");
		sb_s(sb, h->errmsg);
		sb_c(sb, '\n');
	}
}

/* " <count>" then " <code>[:<hex>]" for each OPT option or SVCB param. */
static void dump_elems(warts_strbuf *sb, const warts_host_rr_elem *elems,
                       uint16_t n)
{
	sb_su(sb, " ", n);
	for (uint16_t i = 0; elems != NULL && i < n; i++) {
		sb_su(sb, " ", elems[i].code);
		if (elems[i].len == 0)
			continue;
		sb_c(sb, ':');
		if (elems[i].data != NULL)
			sb_hex(sb, elems[i].data, elems[i].len);
	}
}

static void dump_txt(warts_strbuf *sb, const warts_host_rr_txt *txt)
{
	sb_su(sb, " ", txt->strc);
	for (uint16_t i = 0; i < txt->strc; i++) {
		const warts_host_txtstr *s;
		if (txt->strs == NULL) {
			/* scamper's reader has no string here */
			sb_s(sb, " \"<null>\"");
			continue;
		}
		s = &txt->strs[i];
		sb_s(sb, " \"");
		if (s->data != NULL) {
			/* scamper's string ends at a NUL; ours goes on */
			for (size_t k = 0; k < s->len; k++) {
				if (s->data[k] == '\0')
					sb_s(sb, "\\0");
				else
					sb_c(sb, (char)s->data[k]);
			}
		}
		sb_c(sb, '"');
	}
}

static void dump_rr_data(warts_strbuf *sb, const warts_host_rr *rr)
{
	const warts_host_rr_soa *soa;

	if (!host_rr_has_data(rr))
		return;
	switch (rr->kind) {
	case WARTS_HOST_RR_ADDR:
		sb_c(sb, ' ');
		sb_addr(sb, &rr->data.addr);
		break;
	case WARTS_HOST_RR_STR:
		sb_c(sb, ' ');
		sb_s(sb, rr->data.str);
		break;
	case WARTS_HOST_RR_MX:
		sb_su(sb, " ", rr->data.mx->preference);
		sb_c(sb, ' ');
		dump_str(sb, rr->data.mx->exchange);
		break;
	case WARTS_HOST_RR_SOA:
		soa = rr->data.soa;
		sb_c(sb, ' ');
		dump_str(sb, soa->mname);
		sb_c(sb, ' ');
		dump_str(sb, soa->rname);
		sb_su(sb, " ", soa->serial);
		sb_su(sb, " ", soa->refresh);
		sb_su(sb, " ", soa->retry);
		sb_su(sb, " ", soa->expire);
		sb_su(sb, " ", soa->minimum);
		break;
	case WARTS_HOST_RR_TXT:
		dump_txt(sb, rr->data.txt);
		break;
	case WARTS_HOST_RR_OPT:
		dump_elems(sb, rr->data.opt->elems, rr->data.opt->elemc);
		break;
	case WARTS_HOST_RR_SVCB:
		sb_su(sb, " ", rr->data.svcb->priority);
		sb_c(sb, ' ');
		dump_str(sb, rr->data.svcb->target);
		dump_elems(sb, rr->data.svcb->params, rr->data.svcb->paramc);
		break;
	default:
		break;
	}
}

static void dump_section(warts_strbuf *sb, const char *lit,
                         const warts_host_rr *rrs, uint16_t n)
{
	for (uint16_t i = 0; rrs != NULL && i < n; i++) {
		const warts_host_rr *rr = &rrs[i];
		sb_s(sb, lit);
		sb_s(sb, rr->name != NULL ? rr->name : "<null>");
		sb_su(sb, " ", rr->ttl);
		sb_c(sb, ' ');
		host_sb_class(sb, rr->rrclass);
		sb_c(sb, ' ');
		host_sb_type(sb, rr->rrtype);
		dump_rr_data(sb, rr);
		sb_c(sb, '\n');
	}
}

/* "  rcode: X[, flags: A, B]" for a query that drew a response. */
static void dump_response(warts_strbuf *sb, const warts_host_query *q)
{
	int n = 0;

	sb_s(sb, "  rcode: ");
	host_sb_rcode(sb, q->rcode);
	if (q->flags != 0) {
		sb_s(sb, ", flags:");
		for (unsigned i = 0; i < 8; i++) {
			if ((q->flags & (1u << i)) == 0)
				continue;
			if (n++ > 0)
				sb_c(sb, ',');
			sb_c(sb, ' ');
			sb_s(sb, host_qflag_names[i]);
		}
	}
	sb_c(sb, '\n');
}

static void dump_query(warts_strbuf *sb, const warts_host *h, unsigned i,
                       const warts_host_query *q)
{
	int rx = warts_tv_isset(&q->rx);

	sb_su(sb, " query: ", i);
	sb_su(sb, ", id: ", q->id);
	sb_s(sb, ", tx: ");
	dump_diff(sb, &h->start, &q->tx);
	if (rx) {
		sb_s(sb, ", rtt: ");
		dump_diff(sb, &q->tx, &q->rx);
	}
	sb_su(sb, ", an: ", q->ancount);
	sb_su(sb, ", ns: ", q->nscount);
	sb_su(sb, ", ar: ", q->arcount);
	sb_c(sb, '\n');
	/* ours without a response: an rcode or flags it should not have */
	if (rx || q->rcode != 0 || q->flags != 0)
		dump_response(sb, q);
	dump_section(sb, "  an: ", q->an, q->ancount);
	dump_section(sb, "  ns: ", q->ns, q->nscount);
	dump_section(sb, "  ar: ", q->ar, q->arcount);
}

int host_dump(warts_strbuf *sb, const void *obj)
{
	const warts_host *h = obj;
	unsigned qcount = h->queries != NULL ? h->qcount : 0;

	dump_summary(sb, h);
	dump_params(sb, h);
	for (unsigned i = 0; i < qcount; i++)
		dump_query(sb, h, i, &h->queries[i]);
	sb_c(sb, '\n');
	return 1;
}
