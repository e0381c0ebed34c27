/*
 * test_trace_fmt.c: traceroutes built in code, printed as JSON, text and
 * dump, for what the corpus has no example of: last-ditch probing,
 * Doubletree, PMTUD notes (versions 1 and 2), ICMP extensions with MPLS
 * labels, TCP replies, several replies to one probe, a stop hop, the
 * rxerr flag, and replies stored out of TTL order.
 *
 * The expected lines were worked out by hand from how scamper 20260420's
 * sc_warts2json, sc_warts2text and sc_wartsdump print traces.  Every
 * trace is also encoded and decoded again, and the copy must print the
 * same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testlib.h"
#include "warts/trace.h"

/* 2026-11-27 12:05:23 UTC, a start time of the corpus */
#define T0 1795781123u

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		diag("bad address %s", s);
}

static warts_trace *new_trace(const char *src, const char *dst)
{
	warts_trace *t = warts_trace_alloc();
	set_addr(&t->src, src);
	set_addr(&t->dst, dst);
	t->start.sec = T0;
	t->start.usec = 5;
	t->attempts = 2;
	t->hoplimit = 30;
	t->loops = 1;
	t->firsthop = 1;
	t->wait = 5;
	t->probe_size = 44;
	t->type = WARTS_TRACE_UDP_PARIS;
	t->sport = 40158;
	t->dport = 33435;
	t->stop_reason = WARTS_TRACE_STOP_COMPLETED;
	t->gaplimit = 5;
	t->gapaction = WARTS_TRACE_GAPACTION_STOP;
	return t;
}

/* A reply to a probe of this TTL, sent start + tx_us after the start. */
static warts_trace_hop *add_reply(warts_trace_hop **hops, uint16_t *n,
                                  const char *addr, uint8_t ttl,
                                  uint8_t icmp_type, uint8_t icmp_code,
                                  uint32_t tx_us, uint32_t rtt)
{
	warts_trace_hop *h;
	*hops = realloc(*hops, (*n + 1u) * sizeof(**hops));
	h = &(*hops)[(*n)++];
	memset(h, 0, sizeof(*h));
	set_addr(&h->addr, addr);
	h->probe_ttl = ttl;
	h->probe_id = 1;
	h->probe_size = 44;
	h->tx.sec = T0 + (5 + tx_us) / 1000000;
	h->tx.usec = (5 + tx_us) % 1000000;
	h->rtt = rtt;
	h->reply_ttl = (uint8_t)(65 - ttl);
	h->reply_size = 56;
	h->reply_ipid = 0x0102;
	h->flags = WARTS_TRACE_HOP_SOCKRXTS | WARTS_TRACE_HOP_REPLYTTL;
	h->icmp_type = icmp_type;
	h->icmp_code = icmp_code;
	h->icmp_q_ttl = 1;
	h->icmp_q_ipl = 44;
	return h;
}

static warts_trace_hop *trace_reply(warts_trace *t, const char *addr,
                                    uint8_t ttl, uint8_t type, uint8_t code,
                                    uint32_t tx_us, uint32_t rtt)
{
	return add_reply(&t->hops, &t->hopc, addr, ttl, type, code, tx_us,
	                 rtt);
}

/* ---- comparing output ------------------------------------------------- */

static char *print(const warts_trace *t, int kind)
{
	warts_object obj = { .type = WARTS_TYPE_TRACE };
	warts_strbuf sb = { 0 };
	int rc;
	obj.u.trace = (warts_trace *)t;
	if (kind == 'j')
		rc = warts_json(&obj, 0, &sb);
	else if (kind == 't')
		rc = warts_text(&obj, &sb);
	else
		rc = warts_dump(&obj, &sb);
	if (rc != 1) {
		warts_strbuf_free(&sb);
		return strdup("(nothing printed)");
	}
	return sb.data;
}

/* Compare line by line, so that a failure shows the line that differs. */
static void same_lines(const char *got, const char *want, const char *what)
{
	const char *g = got, *w = want;
	unsigned line = 1;
	while (*g != '\0' || *w != '\0') {
		size_t gl = strcspn(g, "\n"), wl = strcspn(w, "\n");
		char gb[2048], wb[2048];
		snprintf(gb, sizeof(gb), "%.*s", (int)gl, g);
		snprintf(wb, sizeof(wb), "%.*s", (int)wl, w);
		if (!is_str(gb, wb, "%s line %u", what, line))
			return;
		g += gl + (g[gl] == '\n');
		w += wl + (w[wl] == '\n');
		line++;
	}
	ok(strlen(got) > 0 && got[strlen(got) - 1] == '\n',
	   "%s ends with a newline", what);
}

/* Test names stay on one line for TAP: the text goes to diag. */
static void has(const char *got, const char *want, const char *what)
{
	if (!ok(strstr(got, want) != NULL, "%s has the expected part", what))
		diag("wanted:\n%s\nin:\n%s", want, got);
}

static void hasnt(const char *got, const char *want, const char *what)
{
	if (!ok(strstr(got, want) == NULL, "%s leaves a part out", what))
		diag("did not want:\n%s\nin:\n%s", want, got);
}

/*
 * Check the text and dump against what is expected (NULL: not checked),
 * return the JSON for the caller to look into; then check that a copy
 * through the codec prints the same three.
 */
static char *check(const warts_trace *t, const char *name, const char *text,
                   const char *dump)
{
	char *json = print(t, 'j'), *txt = print(t, 't'), *dmp = print(t, 'd');
	warts_object obj = { .type = WARTS_TYPE_TRACE }, copy;
	char why[256], what[128];

	snprintf(what, sizeof(what), "%s text", name);
	if (text != NULL)
		same_lines(txt, text, what);
	snprintf(what, sizeof(what), "%s dump", name);
	if (dump != NULL)
		same_lines(dmp, dump, what);
	snprintf(what, sizeof(what), "%s json", name);
	ok(strchr(json, '\n') == json + strlen(json) - 1,
	   "%s is one line", what);

	obj.u.trace = (warts_trace *)t;
	if (!ok(test_roundtrip(&obj, &copy, NULL, why, sizeof(why)) == 0,
	        "%s: codec round trip", name)) {
		diag("%s", why);
	} else {
		char *j2 = print(copy.u.trace, 'j'), *t2 = print(copy.u.trace, 't');
		char *d2 = print(copy.u.trace, 'd');
		is_str(j2, json, "%s: the copy's JSON", name);
		is_str(t2, txt, "%s: the copy's text", name);
		is_str(d2, dmp, "%s: the copy's dump", name);
		free(j2);
		free(t2);
		free(d2);
		warts_object_clear(&copy);
	}
	free(txt);
	free(dmp);
	return json;
}

/* ---- last-ditch probing and Doubletree -------------------------------- */

static void test_lastditch_dtree(void)
{
	warts_trace *t = new_trace("192.0.2.2", "198.18.0.1");
	warts_trace_hop *h;
	char *json;

	t->type = WARTS_TRACE_ICMP_ECHO_PARIS;
	t->sport = 0x1234;
	t->dport = 0xbeef;
	t->userid = 7;
	t->probec = 6;
	t->hop_count = 3;
	t->firsthop = 2;
	t->gaplimit = 2;
	t->gapaction = WARTS_TRACE_GAPACTION_LASTDITCH;
	t->wait_probe = 25;
	t->confidence = 95;
	t->tos = 0x10;
	t->flags = WARTS_TRACE_FLAG_DOUBLETREE | WARTS_TRACE_FLAG_ICMPCSUMDP;
	t->stop_reason = WARTS_TRACE_STOP_GAPLIMIT;
	h = trace_reply(t, "198.51.100.2", 2, 11, 0, 100, 250);
	h->probe_size = 84;
	h->icmp_q_ipl = 84;
	h->reply_tos = 0xc0;

	t->lastditch = calloc(1, sizeof(*t->lastditch));
	h = add_reply(&t->lastditch->hops, &t->lastditch->hopc, "198.18.0.1",
	              255, 0, 0, 1000000, 1500);
	h->probe_size = 84;
	h->reply_size = 84;
	h->reply_ipid = 0;
	h->reply_ttl = 60;
	h->flags = WARTS_TRACE_HOP_REPLYTTL;

	t->dtree = calloc(1, sizeof(*t->dtree));
	t->dtree->firsthop = 2;
	t->dtree->lss_name = strdup("lss1");
	set_addr(&t->dtree->lss_stop, "198.51.100.2");
	set_addr(&t->dtree->gss_stop, "198.51.100.6");

	/* the text and JSON leave last-ditch and Doubletree data out */
	json = check(t, "lastditch/doubletree",
	    "traceroute from 192.0.2.2 to 198.18.0.1\n"
	    " 1  *\n"
	    " 2  198.51.100.2  0.250 ms\n"
	    " 3  *\n",
	    "traceroute from 192.0.2.2 to 198.18.0.1\n"
	    " user-id: 7\n"
	    " start: Fri Nov 27 12:05:23 2026 000005\n"
	    " type: icmp paris, echo id: 4660, csum: 0xbeef\n"
	    " doubletree firsthop: 2, lss-name: lss1, lss-stop: 198.51.100.2,"
	    " gss-stop: 198.51.100.6\n"
	    " attempts: 2, hoplimit: 30, loops: 1, probec: 6, hopcount: 3\n"
	    " squeries: 1, firsthop: 2, gaplimit: 2, gapaction: lastditch\n"
	    " wait-timeout: 5s, wait-probe: 0.25s, confidence: 95%, tos: 0x10\n"
	    " flags: 0x00000030 ( doubletree icmp-csum-dport )\n"
	    " stop reason: gaplimit\n"
	    "hop  2  198.51.100.2\n"
	    " attempt: 1, tx: 0.000100s, rtt: 0.000250s, probe-size: 84\n"
	    " reply-ttl: 63, reply-size: 56, reply-ipid: 0x0102,"
	    " reply-tos: 0xc0\n"
	    " icmp-type: 11, icmp-code: 0, q-ttl: 1, q-len: 84, q-tos 0\n"
	    " flags: 0x11 ( sockrxts replyttl )\n"
	    "hop 255  198.18.0.1\n"
	    " attempt: 1, tx: 1.000000s, rtt: 0.001500s, probe-size: 84\n"
	    " reply-ttl: 60, reply-size: 84, reply-ipid: 0x0000,"
	    " reply-tos: 0x00\n"
	    " icmp-type: 0, icmp-code: 0\n"
	    " flags: 0x10 ( replyttl )\n"
	    "\n");
	is_str(json,
	    "{\"type\":\"trace\",\"version\":\"0.1\",\"userid\":7,"
	    "\"method\":\"icmp-echo-paris\",\"src\":\"192.0.2.2\","
	    "\"dst\":\"198.18.0.1\",\"icmp_sum\":48879,"
	    "\"stop_reason\":\"GAPLIMIT\",\"stop_data\":0,"
	    "\"start\":{\"sec\":1795781123,\"usec\":5,"
	    "\"ftime\":\"2026-11-27 12:05:23\"},\"hop_count\":3,"
	    "\"attempts\":2,\"hoplimit\":30,\"firsthop\":2,\"wait\":5,"
	    "\"wait_probe\":25,\"tos\":16,\"probe_size\":44,"
	    "\"probe_count\":6,\"flags\":[\"doubletree\",\"icmp-csum-dport\"],"
	    "\"hops\":[{\"addr\":\"198.51.100.2\",\"probe_ttl\":2,"
	    "\"probe_id\":1,\"probe_size\":84,"
	    "\"tx\":{\"sec\":1795781123,\"usec\":105},\"rtt\":0.250,"
	    "\"reply_ttl\":63,\"reply_tos\":192,\"flags\":[\"sockrxts\"],"
	    "\"reply_ipid\":258,\"reply_size\":56,\"icmp_type\":11,"
	    "\"icmp_code\":0,\"icmp_q_ttl\":1,\"icmp_q_ipl\":84,"
	    "\"icmp_q_tos\":0}]}\n",
	    "lastditch/doubletree json");
	free(json);
	warts_trace_free(t);
}

/* ---- PMTUD -------------------------------------------------------------- */

/* Four hops to 198.18.0.1, the last a port unreachable. */
static warts_trace *pmtud_trace(uint8_t ver, uint16_t ifmtu, uint16_t outmtu,
                                uint16_t pmtu)
{
	warts_trace *t = new_trace("192.0.2.2", "198.18.0.1");
	t->hop_count = 4;
	t->probec = 5;
	t->flags = WARTS_TRACE_FLAG_PMTUD;
	trace_reply(t, "192.0.2.1", 1, 11, 0, 10, 32);
	trace_reply(t, "198.51.100.2", 2, 11, 0, 20, 18);
	trace_reply(t, "198.51.100.6", 3, 11, 0, 30, 17);
	trace_reply(t, "198.18.0.1", 4, 3, 3, 40, 29);
	t->pmtud = calloc(1, sizeof(*t->pmtud));
	t->pmtud->ver = ver;
	t->pmtud->ifmtu = ifmtu;
	t->pmtud->outmtu = outmtu;
	t->pmtud->pmtu = pmtu;
	return t;
}

static warts_trace_hop *pmtud_reply(warts_trace *t, const char *addr,
                                    uint8_t type, uint8_t code,
                                    uint16_t size, uint8_t q_ttl)
{
	warts_trace_hop *h = add_reply(&t->pmtud->hops, &t->pmtud->hopc, addr,
	                               255, type, code, 100, 12);
	h->probe_size = size;
	h->icmp_q_ipl = size;
	h->icmp_q_ttl = q_ttl;
	h->reply_ttl = 62;
	return h;
}

static void add_note(warts_trace *t, uint8_t type, uint16_t nhmtu, int hop)
{
	warts_trace_pmtud *p = t->pmtud;
	p->notes = realloc(p->notes, (p->notec + 1u) * sizeof(*p->notes));
	p->notes[p->notec].type = type;
	p->notes[p->notec].nhmtu = nhmtu;
	p->notes[p->notec].hop = hop;
	p->notec++;
}

/* A router the trace saw says 1400: the MTU drops after hop 2. */
static void test_pmtud_ptb(void)
{
	warts_trace *t = pmtud_trace(2, 1500, 0, 1400);
	warts_trace_hop *h;
	char *json;

	h = pmtud_reply(t, "198.51.100.2", 3, 4, 1500, 254);
	h->icmp_nhmtu = 1400;
	pmtud_reply(t, "198.18.0.1", 3, 3, 1400, 252);
	add_note(t, WARTS_TRACE_PMTUD_NOTE_PTB, 1400, 0);

	json = check(t, "pmtud ptb",
	    "traceroute from 192.0.2.2 to 198.18.0.1\n"
	    " 1  192.0.2.1  0.032 ms [mtu: 1500]\n"
	    " 2  198.51.100.2  0.018 ms [mtu: 1500]\n"
	    " 3  198.51.100.6  0.017 ms [mtu: 1400]\n"
	    " 4  198.18.0.1  0.029 ms [mtu: 1400]\n",
	    NULL);
	has(json,
	    ",\"pmtud\":{\"if_mtu\":1500,\"out_mtu\":1500,\"path_mtu\":1400,"
	    "\"probec\":2,\"notec\":1,\"notes\":[{\"nhmtu\":1400,"
	    "\"hop_id\":0,\"dist\":2,\"type\":\"ptb\",\"icmp_nhmtu\":1400,"
	    "\"addr\":\"198.51.100.2\"}],\"hops\":[{\"addr\":\"198.51.100.2\","
	    "\"probe_ttl\":255,\"probe_id\":1,\"probe_size\":1500,"
	    "\"tx\":{\"sec\":1795781123,\"usec\":105},\"rtt\":0.012,"
	    "\"reply_ttl\":62,\"reply_tos\":0,\"flags\":[\"sockrxts\"],"
	    "\"reply_ipid\":258,\"reply_size\":56,\"icmp_type\":3,"
	    "\"icmp_code\":4,\"icmp_q_ttl\":254,\"icmp_q_ipl\":1500,"
	    "\"icmp_q_tos\":0,\"icmp_nhmtu:\":1400},", "pmtud ptb json");
	has(json, "\"icmp_q_ttl\":252,\"icmp_q_ipl\":1400,\"icmp_q_tos\":0}]}}\n",
	    "pmtud ptb json");
	free(json);

	json = print(t, 'd');
	has(json, "pmtud: ver 2 ifmtu 1500, outmtu 0, pmtu 1400, notec 1\n"
	          " note 0: nhmtu 1400, ptb 198.51.100.2\n"
	          "hop 255  198.51.100.2\n"
	          " attempt: 1, tx: 0.000100s, rtt: 0.000012s,"
	          " probe-size: 1500\n"
	          " reply-ttl: 62, reply-size: 56, reply-ipid: 0x0102,"
	          " reply-tos: 0x00\n"
	          " icmp-type: 3, icmp-code: 4, q-ttl: 254, q-len: 1500,"
	          " q-tos 0, nhmtu: 1400\n", "pmtud ptb dump");
	free(json);
	warts_trace_free(t);
}

/*
 * A router the trace did not see, placed by the TTL it quoted (255 - 253
 * = hop 2 counted from 0, not in the /30 of the router seen there, so
 * hop 3), reporting 1450 where PMTUD settled on 1400.
 */
static void test_pmtud_ptb_unseen(void)
{
	warts_trace *t = pmtud_trace(2, 1500, 0, 1400);
	warts_trace_hop *h;
	char *json;

	h = pmtud_reply(t, "198.51.100.9", 3, 4, 1500, 253);
	h->icmp_nhmtu = 1450;
	add_note(t, WARTS_TRACE_PMTUD_NOTE_PTB_BAD, 1400, 0);

	json = check(t, "pmtud unseen",
	    "traceroute from 192.0.2.2 to 198.18.0.1\n"
	    " 1  192.0.2.1  0.032 ms [mtu: 1500]\n"
	    " 2  198.51.100.2  0.018 ms [mtu: 1500]\n"
	    " 3  198.51.100.6  0.017 ms [mtu: 1500] ptb 198.51.100.9"
	    " nhmtu 1450!\n"
	    " 4  198.18.0.1  0.029 ms [*mtu: 1400]\n",
	    NULL);
	has(json, "\"notes\":[{\"nhmtu\":1400,\"hop_id\":0,\"dist\":3,"
	          "\"type\":\"ptb-bad\",\"icmp_nhmtu\":1450,"
	          "\"addr\":\"198.51.100.9\"}]", "pmtud unseen json");
	free(json);

	json = print(t, 'd');
	has(json, " note 0: nhmtu 1400, ptb-bad 198.51.100.9 mtu 1450\n",
	    "pmtud unseen dump");
	free(json);

	/* in the /30 of the router seen at hop 3: moved back to hop 2 */
	set_addr(&t->pmtud->hops[0].addr, "198.51.100.5");
	json = check(t, "pmtud neighbour",
	    "traceroute from 192.0.2.2 to 198.18.0.1\n"
	    " 1  192.0.2.1  0.032 ms [mtu: 1500]\n"
	    " 2  198.51.100.2  0.018 ms [mtu: 1500] ptb 198.51.100.5"
	    " nhmtu 1450!\n"
	    " 3  198.51.100.6  0.017 ms [*mtu: 1400]\n"
	    " 4  198.18.0.1  0.029 ms [*mtu: 1400]\n",
	    NULL);
	has(json, "\"hop_id\":0,\"dist\":2,\"type\":\"ptb-bad\"",
	    "pmtud neighbour json");
	free(json);
	warts_trace_free(t);
}

/* A first hop that takes less than the interface's MTU. */
static void test_pmtud_outmtu(void)
{
	warts_trace *t = pmtud_trace(2, 1500, 1280, 1280);
	char *json;

	add_note(t, WARTS_TRACE_PMTUD_NOTE_SILENCE, 1280, -1);
	json = check(t, "pmtud outmtu",
	    "traceroute from 192.0.2.2 to 198.18.0.1\n"
	    " 1  192.0.2.1  0.032 ms [*mtu: 1280]\n"
	    " 2  198.51.100.2  0.018 ms [*mtu: 1280]\n"
	    " 3  198.51.100.6  0.017 ms [*mtu: 1280]\n"
	    " 4  198.18.0.1  0.029 ms [*mtu: 1280]\n",
	    NULL);
	has(json, ",\"pmtud\":{\"if_mtu\":1500,\"out_mtu\":1280,"
	          "\"path_mtu\":1280,\"probec\":0,\"notec\":1,"
	          "\"notes\":[{\"nhmtu\":1280,\"dist\":0,"
	          "\"type\":\"silence\"}]}}\n", "pmtud outmtu json");
	free(json);
	json = print(t, 'd');
	has(json, "pmtud: ver 2 ifmtu 1500, outmtu 1280, pmtu 1280,"
	          " outmtu 1280, notec 1\n"
	          " note 0: nhmtu 1280, silence > ttl 0\n\n",
	    "pmtud outmtu dump");
	free(json);

	/* a first note that is not that silence: the notes are left out */
	t->pmtud->notes[0].type = WARTS_TRACE_PMTUD_NOTE_PTB;
	json = print(t, 'j');
	has(json, "\"notec\":1}}\n", "pmtud outmtu ptb json");
	hasnt(json, "\"notes\"", "pmtud outmtu ptb json");
	free(json);
	warts_trace_free(t);
}

/* Version 1 data: only the text uses it. */
static void test_pmtud_v1(void)
{
	warts_trace *t = pmtud_trace(1, 1500, 0, 1400);
	warts_trace_hop *h;
	char *json;

	h = pmtud_reply(t, "198.51.100.2", 3, 4, 1500, 254);
	h->icmp_nhmtu = 1400;
	pmtud_reply(t, "198.18.0.1", 3, 3, 1400, 252);
	json = check(t, "pmtud v1",
	    "traceroute from 192.0.2.2 to 198.18.0.1\n"
	    " 1  192.0.2.1  0.032 ms [mtu: 1500]\n"
	    " 2  198.51.100.2  0.018 ms [mtu: 1500]\n"
	    " 3  198.51.100.6  0.017 ms [mtu: 1400]\n"
	    " 4  198.18.0.1  0.029 ms [mtu: 1400]\n",
	    NULL);
	hasnt(json, "pmtud\":{", "pmtud v1 json");
	free(json);
	json = print(t, 'd');
	has(json, "pmtud: ver 1 ifmtu 1500, outmtu 0, pmtu 1400\nhop 255",
	    "pmtud v1 dump");
	free(json);

	/* no PMTUD replies: no annotations */
	for (uint16_t i = 0; i < t->pmtud->hopc; i++)
		warts_trace_hop_clear(&t->pmtud->hops[i]);
	t->pmtud->hopc = 0;
	json = print(t, 't');
	has(json, " 4  198.18.0.1  0.029 ms\n", "pmtud v1 silent text");
	free(json);
	warts_trace_free(t);
}

/* ---- replies --------------------------------------------------------- */

static void add_ext(warts_trace_hop *h, uint8_t cn, uint8_t ct,
                    const void *data, uint16_t len)
{
	warts_icmpext *e;
	h->icmpext.ext = realloc(h->icmpext.ext,
	                         (h->icmpext.count + 1u) * sizeof(*e));
	e = &h->icmpext.ext[h->icmpext.count++];
	e->class_num = cn;
	e->class_type = ct;
	e->len = len;
	e->data = NULL;
	if (len > 0) {
		e->data = malloc(len);
		memcpy(e->data, data, len);
	}
}

static void test_replies(void)
{
	warts_trace *t = new_trace("192.0.2.2", "198.18.0.1");
	warts_trace_hop *h;
	char *json, *dmp;

	t->type = WARTS_TRACE_TCP;
	t->dport = 80;
	t->hop_count = 5;
	t->attempts = 3;
	t->flags = WARTS_TRACE_FLAG_ALLATTEMPTS;

	/* hop 1: MPLS labels 1000 and 16, and an extension of another kind */
	h = trace_reply(t, "192.0.2.1", 1, 11, 0, 10, 1234);
	add_ext(h, 1, 1, "\x00\x3e\x80\x01\x00\x01\x0b\xff", 8);
	add_ext(h, 2, 9, NULL, 0);
	h->name = strdup("r1.example");

	/* hop 2: one probe answered twice, another probe, another router */
	trace_reply(t, "198.51.100.2", 2, 11, 0, 20, 100);
	trace_reply(t, "198.51.100.2", 2, 11, 0, 999, 200);
	h = trace_reply(t, "198.51.100.2", 2, 3, 1, 30, 300);
	h->probe_id = 2;
	h = trace_reply(t, "198.51.100.3", 2, 11, 0, 40, 400);
	h->probe_id = 3;

	/* hop 3 silent; hop 4 and 5 answered by TCP */
	h = trace_reply(t, "198.18.0.1", 4, 0, 0, 50, 500);
	h->flags = WARTS_TRACE_HOP_TCP | WARTS_TRACE_HOP_REPLYTTL;
	h->tcp_flags = 0x12;
	h = trace_reply(t, "198.18.0.1", 5, 0, 0, 60, 600);
	h->flags = WARTS_TRACE_HOP_TCP;
	h->tcp_flags = 0x21;

	json = check(t, "replies",
	    "traceroute from 192.0.2.2 to 198.18.0.1\n"
	    " 1  192.0.2.1  1.234 ms\n"
	    " 2  198.51.100.2  0.100 ms  0.200 ms  0.300 ms !H"
	    "  198.51.100.3  0.400 ms\n"
	    " 3  * * *\n"
	    " 4  198.18.0.1  0.500 ms [open]\n"
	    " 5  198.18.0.1  0.600 ms [unknown, FIN URG]\n",
	    NULL);
	has(json, "\"method\":\"tcp\",\"src\":\"192.0.2.2\","
	          "\"dst\":\"198.18.0.1\",\"sport\":40158,\"dport\":80,",
	    "replies json");
	has(json, "{\"addr\":\"192.0.2.1\",\"name\":\"r1.example\","
	          "\"probe_ttl\":1,", "replies json");
	has(json, ",\"icmpext\":[{\"ie_cn\":1,\"ie_ct\":1,\"ie_dl\":8,"
	          "\"mpls_labels\":[{\"mpls_ttl\":1,\"mpls_s\":0,"
	          "\"mpls_exp\":0,\"mpls_label\":1000},{\"mpls_ttl\":255,"
	          "\"mpls_s\":1,\"mpls_exp\":5,\"mpls_label\":16}]},"
	          "{\"ie_cn\":2,\"ie_ct\":9,\"ie_dl\":0}]}", "replies json");
	/* the second reply to a probe carries the probe's transmit time */
	has(json, "\"rtt\":0.100,", "replies json");
	has(json, "\"tx\":{\"sec\":1795781123,\"usec\":25},\"rtt\":0.200,",
	    "replies json");
	/* no timestamp flags: no "flags" */
	has(json, ",\"rtt\":0.500,\"reply_ttl\":61,\"reply_tos\":0,"
	          "\"reply_ipid\":258,\"reply_size\":56,\"tcp_flags\":18}",
	    "replies json");
	has(json, "\"flags\":[\"all-attempts\"],\"hops\":[", "replies json");
	free(json);

	dmp = print(t, 'd');
	/* 44 bytes is not scamper's size for TCP over IPv4: shown */
	has(dmp, " type: tcp, sport: 40158, dport: 80, probe-size: 44\n",
	    "replies dump");
	has(dmp, "hop  1  192.0.2.1 name r1.example\n"
	         " attempt: 1, tx: 0.000010s, rtt: 0.001234s, probe-size: 44\n"
	         " reply-ttl: 64, reply-size: 56, reply-ipid: 0x0102,"
	         " reply-tos: 0x00\n"
	         " icmp-type: 11, icmp-code: 0, q-ttl: 1, q-len: 44, q-tos 0\n"
	         " flags: 0x11 ( sockrxts replyttl )\n"
	         " mpls ext ttl: 1, s: 0, exp: 0, label: 1000\n"
	         "          ttl: 255, s: 1, exp: 5, label: 16\n"
	         " icmp-ext class: 2, type: 9, len: 0\n"
	         "hop  2  198.51.100.2\n"
	         " attempt: 1, tx: 0.000020s, rtt: 0.000100s,", "replies dump");
	/* the dump shows the second reply's own transmit time */
	has(dmp, "hop  2  198.51.100.2\n"
	         " attempt: 1, tx: 0.000999s, rtt: 0.000200s,", "replies dump");
	has(dmp, " icmp-type: 3, icmp-code: 1, q-ttl: 1, q-len: 44, q-tos 0\n",
	    "replies dump");
	has(dmp, "hop  4  198.18.0.1\n"
	         " attempt: 1, tx: 0.000050s, rtt: 0.000500s, probe-size: 44\n"
	         " reply-ttl: 61, reply-size: 56, reply-ipid: 0x0102,"
	         " reply-tos: 0x00\n"
	         " tcp-flags: 0x12 ( syn ack )\n"
	         " flags: 0x30 ( replyttl )\n", "replies dump");
	has(dmp, " reply-size: 56, reply-ipid: 0x0102, reply-tos: 0x00\n"
	         " tcp-flags: 0x21 ( fin urg )\n"
	         " flags: 0x20 ( )\n\n", "replies dump");
	free(dmp);

	/* rxerr: no reply sizes, IP ids or quotes in JSON; the dump shows
	 * sizes and IP ids that are not zero, where scamper's hides them */
	t->flags |= WARTS_TRACE_FLAG_RXERR;
	json = print(t, 'j');
	hasnt(json, "reply_size", "rxerr json");
	hasnt(json, "icmp_q_ttl", "rxerr json");
	has(json, "\"flags\":[\"all-attempts\",\"rxerr\"]", "rxerr json");
	free(json);
	dmp = print(t, 'd');
	has(dmp, " attempt: 1, tx: 0.000050s, rtt: 0.000500s, probe-size: 44\n"
	         " reply-ttl: 61, reply-size: 56, reply-ipid: 0x0102,"
	         " reply-tos: 0x00\n", "rxerr dump");
	has(dmp, "probe-size: 44\n reply-size: 56, reply-ipid: 0x0102,"
	         " reply-tos: 0x00\n tcp-flags: 0x21", "rxerr dump");
	for (uint16_t i = 0; i < t->hopc; i++) {
		t->hops[i].reply_size = 0;
		t->hops[i].reply_ipid = 0;
	}
	free(dmp);
	dmp = print(t, 'd');
	hasnt(dmp, "reply-size", "rxerr dump, sizes of 0");
	has(dmp, "probe-size: 44\n reply-tos: 0x00\n tcp-flags: 0x21",
	    "rxerr dump, sizes of 0");
	free(dmp);
	warts_trace_free(t);
}

/* ---- the hop range ---------------------------------------------------- */

static void test_stop_hop(void)
{
	warts_trace *t = new_trace("2001:db8::2", "2001:db8::1");
	char *json, *dmp;

	t->hop_count = 4;
	t->stop_hop = 2;
	set_addr(&t->rtr, "2001:db8::fe");
	t->stop_reason = WARTS_TRACE_STOP_UNREACH;
	t->stop_data = 4;
	trace_reply(t, "2001:db8:1::1", 1, 3, 0, 10, 10);
	trace_reply(t, "2001:db8::1", 2, 1, 4, 20, 20);
	trace_reply(t, "2001:db8:3::1", 3, 3, 0, 30, 30);
	trace_reply(t, "2001:db8::1", 4, 1, 0, 40, 40);
	json = check(t, "stop hop",
	    "traceroute from 2001:db8::2 to 2001:db8::1 via 2001:db8::fe\n"
	    " 1  2001:db8:1::1  0.010 ms\n"
	    " 2  2001:db8::1  0.020 ms\n"
	    " 3  2001:db8:3::1  0.030 ms\n"
	    " 4  2001:db8::1  0.040 ms !N\n",
	    NULL);
	has(json, "\"rtr\":\"2001:db8::fe\",", "stop hop json");
	has(json, "\"hop_count\":2,", "stop hop json");
	has(json, "\"hops\":[{\"addr\":\"2001:db8:1::1\",", "stop hop json");
	has(json, "\"icmp_code\":4,\"icmp_q_ttl\":1,\"icmp_q_ipl\":44,"
	          "\"icmp_q_tos\":0}],\"extra_hops\":[{\"addr\":"
	          "\"2001:db8:3::1\",", "stop hop json");
	free(json);
	dmp = print(t, 'd');
	has(dmp, " rtr: 2001:db8::fe\n", "stop hop dump");
	has(dmp, ", hopcount: 4, stophop: 2\n", "stop hop dump");
	has(dmp, " stop reason: unreach port\n", "stop hop dump");
	/* scamper shows no IP id for IPv6 replies; ours one that is set */
	has(dmp, " reply-ttl: 64, reply-size: 56, reply-ipid: 0x0102,"
	         " reply-tos: 0x00\n", "stop hop dump");
	t->hops[0].reply_ipid = 0;
	free(dmp);
	dmp = print(t, 'd');
	has(dmp, " reply-ttl: 64, reply-size: 56, reply-tos: 0x00\n",
	    "stop hop dump, IP id 0");
	free(dmp);
	warts_trace_free(t);
}

/* scamper refuses replies whose TTLs go down; we print them in order. */
static void test_ttl_order(void)
{
	warts_trace *t = new_trace("192.0.2.2", "198.18.0.1");
	char *json, *dmp;

	t->hop_count = 3;
	trace_reply(t, "198.51.100.6", 3, 3, 3, 30, 30);
	trace_reply(t, "192.0.2.1", 1, 11, 0, 10, 10);
	trace_reply(t, "198.51.100.2", 2, 11, 0, 20, 20);
	json = check(t, "ttl order",
	    "traceroute from 192.0.2.2 to 198.18.0.1\n"
	    " 1  192.0.2.1  0.010 ms\n"
	    " 2  198.51.100.2  0.020 ms\n"
	    " 3  198.51.100.6  0.030 ms\n",
	    NULL);
	ok(strstr(json, "\"192.0.2.1\"") < strstr(json, "\"198.51.100.2\"") &&
	   strstr(json, "\"198.51.100.2\"") < strstr(json, "\"198.51.100.6\""),
	   "ttl order json");
	free(json);
	dmp = print(t, 'd');
	ok(strstr(dmp, "hop  1") < strstr(dmp, "hop  2") &&
	   strstr(dmp, "hop  2") < strstr(dmp, "hop  3"), "ttl order dump");
	free(dmp);

	/* all-attempts with no attempts, and a hop number of three digits */
	t->flags = WARTS_TRACE_FLAG_ALLATTEMPTS;
	t->hop_count = 100;
	t->attempts = 0;
	json = print(t, 't');
	has(json, "\n 4 \n", "silent hop, no attempts");
	t->attempts = 2;
	free(json);
	json = print(t, 't');
	has(json, "\n99  * *\n100 * *\n", "silent hop 100");
	free(json);
	warts_trace_free(t);
}

/* Unknown values print as numbers; an empty trace prints its header. */
static void test_unknown(void)
{
	warts_trace *t = warts_trace_alloc();
	char *json, *txt, *dmp;

	set_addr(&t->dst, "192.0.2.9");
	t->type = 99;
	t->stop_reason = 42;
	t->gapaction = 7;
	t->flags = 0x80000000u;
	t->userid = 0xffffffffu;
	t->errmsg = strdup("no \"route\"");
	json = print(t, 'j');
	is_str(json,
	    "{\"type\":\"trace\",\"version\":\"0.1\",\"userid\":4294967295,"
	    "\"method\":\"99\",\"dst\":\"192.0.2.9\",\"stop_reason\":\"42\","
	    "\"stop_data\":0,\"errmsg\":\"no \\\"route\\\"\","
	    "\"start\":{\"sec\":0,\"usec\":0,"
	    "\"ftime\":\"1970-01-01 00:00:00\"},\"hop_count\":0,"
	    "\"attempts\":0,\"hoplimit\":0,\"firsthop\":1,\"wait\":0,"
	    "\"wait_probe\":0,\"tos\":0,\"probe_size\":0,\"probe_count\":0,"
	    "\"flags\":[\"0x80000000\"]}\n", "unknown json");
	txt = print(t, 't');
	is_str(txt, "traceroute to 192.0.2.9\n", "unknown text");
	dmp = print(t, 'd');
	is_str(dmp,
	    "traceroute to 192.0.2.9\n"
	    " user-id: -1\n"
	    " start: Thu Jan  1 00:00:00 1970 000000\n"
	    " type: 99\n"
	    " attempts: 0, hoplimit: 0, loops: 0, probec: 0, hopcount: 0\n"
	    " squeries: 1, firsthop: 1, gaplimit: 0, gapaction: 7\n"
	    " wait-timeout: 0s, tos: 0x0\n"
	    " flags: 0x80000000 ( 0x80000000 )\n"
	    " stop reason: 42\n"
	    " errmsg: no \"route\"\n"
	    "\n", "unknown dump");
	free(json);
	free(txt);
	free(dmp);

	/* notes pointing nowhere, a silent PMTUD block */
	t->hop_count = 2;
	t->pmtud = calloc(1, sizeof(*t->pmtud));
	t->pmtud->ver = 2;
	add_note(t, 9, 0, -1);
	add_note(t, WARTS_TRACE_PMTUD_NOTE_PTB_BAD, 0, 5);
	json = print(t, 'j');
	has(json, "\"notes\":[{\"nhmtu\":0,\"type\":\"9\"},{\"nhmtu\":0,"
	          "\"type\":\"ptb-bad\"}]", "odd notes json");
	dmp = print(t, 'd');
	has(dmp, " note 0: nhmtu 0, type-9\n note 1: nhmtu 0, \n", "odd notes dump");
	txt = print(t, 't');
	is_str(txt, "traceroute to 192.0.2.9\n 1  *\n 2  *\n", "odd notes text");
	free(json);
	free(txt);
	free(dmp);
	warts_trace_free(t);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_lastditch_dtree();
	test_pmtud_ptb();
	test_pmtud_ptb_unseen();
	test_pmtud_outmtu();
	test_pmtud_v1();
	test_replies();
	test_stop_hop();
	test_ttl_order();
	test_unknown();
	return done_testing();
}
