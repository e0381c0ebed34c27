/*
 * test_tbit.c: encoding and decoding every field of a TCP behaviour test,
 * every per-test and application block, the reader's defaults and the old
 * 16-bit packet count, and corrupt records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/tbit.h"

#include "tap.h"
#include "testlib.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)

static void set_addr(warts_addr *a, const char *s)
{
	warts_addr_fromstr(a, s);
}

static warts_tbit *base_tbit(uint8_t type, uint8_t app)
{
	warts_tbit *t = warts_tbit_alloc();
	set_addr(&t->src, "192.0.2.2");
	set_addr(&t->dst, "198.51.100.1");
	t->type = type;
	t->app_proto = app;
	return t;
}

/* Encode t (taking it over) and decode it again into *out. */
static int rt(warts_tbit *t, warts_object *out, struct tbuf *bytes,
              const char *what)
{
	warts_object in = { .type = WARTS_TYPE_TBIT };
	char why[256];
	int rc;

	in.u.tbit = t;
	rc = test_roundtrip(&in, out, bytes, why, sizeof(why));
	ok(rc == 0, "%s: round trip %s", what, rc == 0 ? "" : why);
	return rc; /* the caller still owns t */
}

/* Encoding t fails with a message holding `needle`. */
static void enc_fails(warts_tbit *t, const char *needle, const char *what)
{
	warts_object in = { .type = WARTS_TYPE_TBIT }, out;
	char why[256];

	in.u.tbit = t;
	if (!ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	        strstr(why, needle) != NULL, "%s: %s", what, why))
		warts_object_clear(&out);
	warts_tbit_free(t);
}

/* ---- every field ----------------------------------------------------- */

static const uint8_t syn[] = {
	0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06,
};

static warts_tbit *full_tbit(warts_list *list, warts_cycle *cycle)
{
	warts_tbit *t = base_tbit(WARTS_TBIT_TYPE_PMTUD, WARTS_TBIT_APP_HTTP);
	uint8_t big[1500];
	warts_tv tv = { 1795781354, 824419 };

	t->list = warts_list_ref(list);
	t->cycle = warts_cycle_ref(cycle);
	t->userid = UINT32_MAX;
	set_addr(&t->src, "2001:db8::2");
	set_addr(&t->dst, "2001:db8:100::1");
	t->sport = UINT16_MAX;
	t->dport = 443;
	t->start.sec = UINT32_MAX;
	t->start.usec = 999999;
	t->result = WARTS_TBIT_RESULT_PMTUD_CLEARDF;
	t->client_mss = UINT16_MAX;
	t->server_mss = 1;
	t->client_syn_retx = UINT8_MAX;
	t->client_dat_retx = 7;
	t->client_fo_cookielen = WARTS_TBIT_FO_COOKIE_MAX;
	for (int i = 0; i < WARTS_TBIT_FO_COOKIE_MAX; i++)
		t->client_fo_cookie[i] = (uint8_t)(0xf0 + i);
	t->client_wscale = 14;
	t->options = WARTS_TBIT_OPT_TCPTS | WARTS_TBIT_OPT_SACK | 0xff000000u;
	t->client_ipttl = 0;
	t->errmsg = strdup("nothing went wrong");

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	warts_tbit_pkt_add(t, WARTS_TBIT_PKT_TX, &tv, syn, sizeof(syn));
	tv.usec++;
	warts_tbit_pkt_add(t, WARTS_TBIT_PKT_RX, &tv, big, sizeof(big));
	warts_tbit_pkt_add(t, WARTS_TBIT_PKT_TX, NULL, "\x01", 1);

	t->pmtud = calloc(1, sizeof(*t->pmtud));
	t->pmtud->mtu = 1280;
	t->pmtud->ptb_retx = UINT8_MAX;
	t->pmtud->options = WARTS_TBIT_PMTUD_OPT_BLACKHOLE;
	/* the same address as dst: written as a table reference */
	set_addr(&t->pmtud->ptbsrc, "2001:db8:100::1");

	t->http = calloc(1, sizeof(*t->http));
	t->http->host = strdup("www.example.com");
	t->http->file = strdup("/big.html");
	t->http->type = WARTS_TBIT_HTTP_TYPE_HTTPS;
	return t;
}

static void test_full(void)
{
	warts_list *list = warts_list_alloc(9, "l");
	warts_cycle *cycle = warts_cycle_alloc(list, 3, 100);
	warts_tbit *a = full_tbit(list, cycle);
	warts_object out;
	const warts_tbit *b;

	if (rt(a, &out, NULL, "every field") != 0)
		goto done;
	b = out.u.tbit;
	ok(b->list != NULL && b->list->id == 9, "list");
	ok(b->cycle != NULL && b->cycle->id == 3, "cycle");
	SAME(a, b, userid);
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "src");
	ok(warts_addr_cmp(&a->dst, &b->dst) == 0, "dst");
	SAME(a, b, sport);
	SAME(a, b, dport);
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, result);
	SAME(a, b, type);
	SAME(a, b, app_proto);
	SAME(a, b, client_mss);
	SAME(a, b, server_mss);
	SAME(a, b, client_syn_retx);
	SAME(a, b, client_dat_retx);
	SAME(a, b, client_fo_cookielen);
	ok(memcmp(a->client_fo_cookie, b->client_fo_cookie,
	          WARTS_TBIT_FO_COOKIE_MAX) == 0, "client_fo_cookie bytes");
	SAME(a, b, client_wscale);
	SAME(a, b, options);
	SAME(a, b, client_ipttl);
	is_str(b->errmsg, a->errmsg, "errmsg");
	if (is_int(b->pktc, 3, "pktc")) {
		for (unsigned i = 0; i < 3; i++) {
			const warts_tbit_pkt *x = &a->pkts[i], *y = &b->pkts[i];
			ok(x->dir == y->dir && x->tv.sec == y->tv.sec &&
			   x->tv.usec == y->tv.usec && x->len == y->len &&
			   memcmp(x->data, y->data, x->len) == 0,
			   "packet %u: dir, time, length and bytes", i);
		}
	}
	if (ok(b->pmtud != NULL, "pmtud block")) {
		SAME(a, b, pmtud->mtu);
		SAME(a, b, pmtud->ptb_retx);
		SAME(a, b, pmtud->options);
		ok(warts_addr_cmp(&a->pmtud->ptbsrc, &b->pmtud->ptbsrc) == 0,
		   "pmtud ptbsrc (a table reference to dst)");
	}
	ok(b->null == NULL && b->icw == NULL && b->blind == NULL,
	   "no other per-test block");
	if (ok(b->http != NULL, "http block")) {
		is_str(b->http->host, a->http->host, "http host");
		is_str(b->http->file, a->http->file, "http file");
		SAME(a, b, http->type);
	}
	ok(b->bgp == NULL, "no bgp block");
	warts_object_clear(&out);
done:
	warts_tbit_free(a);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

/* ---- each per-test and application block ----------------------------- */

static void test_blocks(void)
{
	static const uint8_t blind_types[] = {
		WARTS_TBIT_TYPE_BLIND_DATA, WARTS_TBIT_TYPE_BLIND_RST,
		WARTS_TBIT_TYPE_BLIND_SYN, WARTS_TBIT_TYPE_BLIND_FIN,
	};
	warts_object out;
	warts_tbit *t;

	/* null, with a bgp application block */
	t = base_tbit(WARTS_TBIT_TYPE_NULL, WARTS_TBIT_APP_BGP);
	t->null = calloc(1, sizeof(*t->null));
	t->null->options = UINT16_MAX;
	t->null->results = WARTS_TBIT_NULL_RESULT_TCPTS |
	                   WARTS_TBIT_NULL_RESULT_FO;
	t->bgp = calloc(1, sizeof(*t->bgp));
	t->bgp->asn = UINT32_MAX;
	if (rt(t, &out, NULL, "null + bgp") == 0) {
		const warts_tbit *b = out.u.tbit;
		ok(b->null != NULL && b->null->options == UINT16_MAX &&
		   b->null->results == 0x05, "null options and results");
		ok(b->bgp != NULL && b->bgp->asn == UINT32_MAX, "bgp asn");
		ok(b->http == NULL && b->pmtud == NULL, "no other blocks");
		warts_object_clear(&out);
	}
	warts_tbit_free(t);

	/* icw */
	t = base_tbit(WARTS_TBIT_TYPE_ICW, WARTS_TBIT_APP_SMTP);
	t->icw = calloc(1, sizeof(*t->icw));
	t->icw->start_seq = 0xdeadbeef;
	if (rt(t, &out, NULL, "icw") == 0) {
		ok(out.u.tbit->icw != NULL &&
		   out.u.tbit->icw->start_seq == 0xdeadbeef, "icw start_seq");
		warts_object_clear(&out);
	}
	warts_tbit_free(t);

	/* the four blind tests share one layout; offsets are signed */
	for (size_t i = 0; i < sizeof(blind_types); i++) {
		static const int32_t offs[] = { INT32_MIN, -70000, 10,
		                                INT32_MAX };
		char what[64];
		t = base_tbit(blind_types[i], WARTS_TBIT_APP_HTTP);
		t->blind = calloc(1, sizeof(*t->blind));
		t->blind->off = offs[i];
		t->blind->retx = (uint8_t)(i * 80);
		snprintf(what, sizeof(what), "blind type %u", blind_types[i]);
		if (rt(t, &out, NULL, what) == 0) {
			const warts_tbit *b = out.u.tbit;
			ok(b->blind != NULL && b->blind->off == offs[i] &&
			   b->blind->retx == t->blind->retx,
			   "%s: offset %d and retx %u", what, (int)offs[i],
			   t->blind->retx);
			ok(b->http == NULL, "%s: no http block", what);
			warts_object_clear(&out);
		}
		warts_tbit_free(t);
	}

	/* http with only a file: host absent, type http (0) */
	t = base_tbit(WARTS_TBIT_TYPE_ECN, WARTS_TBIT_APP_HTTP);
	t->http = calloc(1, sizeof(*t->http));
	t->http->file = strdup("/");
	if (rt(t, &out, NULL, "http file only") == 0) {
		const warts_tbit *b = out.u.tbit;
		ok(b->http != NULL && b->http->host == NULL &&
		   b->http->file != NULL && strcmp(b->http->file, "/") == 0 &&
		   b->http->type == WARTS_TBIT_HTTP_TYPE_HTTP,
		   "http: absent host stays NULL, type defaults to http");
		warts_object_clear(&out);
	}
	warts_tbit_free(t);
}

/*
 * The block layouts against bytes scamper wrote: the corpus files
 * new2026-tbit-pmtud-v4, -null-v4 and -blind-data-v4 end with these.
 */
static void test_block_bytes(void)
{
	static const uint8_t pmtud[] = {
		0x00, 0x01, 0x00, 0x00, 0x00, 0x06,
		0x03, 0x00, 0x03, 0x05, 0x00, 0x04,
		0x00, 0x02, 0x00, 0x00, 0x00, 0x18, 0x03, 0x00, 0x15,
		'1', '9', '8', '.', '1', '8', '.', '0', '.', '1', 0,
		'/', 'b', 'i', 'g', '.', 'h', 't', 'm', 'l', 0,
		0x00, 0x00,
	};
	static const uint8_t null[] = {
		0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	};
	static const uint8_t blind[] = {
		0x00, 0x01, 0x00, 0x00, 0x00, 0x08,
		0x03, 0x00, 0x05, 0xff, 0xfe, 0xee, 0x90, 0x03,
		0x00, 0x02, 0x00, 0x00, 0x00, 0x07,
		0x01, 0x00, 0x04, 0x00, 0x00, 0xfd, 0xe8,
		0x00, 0x00,
	};
	struct tbuf bytes = {0};
	warts_object out;
	warts_tbit *t;

	t = base_tbit(WARTS_TBIT_TYPE_PMTUD, WARTS_TBIT_APP_HTTP);
	t->pmtud = calloc(1, sizeof(*t->pmtud));
	t->pmtud->mtu = 1280;
	t->pmtud->ptb_retx = 4;
	t->http = calloc(1, sizeof(*t->http));
	t->http->host = strdup("198.18.0.1");
	t->http->file = strdup("/big.html");
	if (rt(t, &out, &bytes, "pmtud bytes") == 0) {
		ok(bytes.len > sizeof(pmtud) &&
		   memcmp(bytes.p + bytes.len - sizeof(pmtud), pmtud,
		          sizeof(pmtud)) == 0,
		   "pmtud block (mtu 1280, ptb-retx 4), http block, end");
		warts_object_clear(&out);
	}
	warts_tbit_free(t);
	tbuf_free(&bytes);

	/* a per-test block with nothing set is still written: one 0 byte */
	t = base_tbit(WARTS_TBIT_TYPE_NULL, WARTS_TBIT_APP_HTTP);
	t->null = calloc(1, sizeof(*t->null));
	if (rt(t, &out, &bytes, "empty null block") == 0) {
		ok(bytes.len > sizeof(null) &&
		   memcmp(bytes.p + bytes.len - sizeof(null), null,
		          sizeof(null)) == 0,
		   "an empty null block is a single zero flag byte");
		ok(out.u.tbit->null != NULL && out.u.tbit->null->options == 0,
		   "and decodes to an empty null block");
		warts_object_clear(&out);
	}
	warts_tbit_free(t);
	tbuf_free(&bytes);

	t = base_tbit(WARTS_TBIT_TYPE_BLIND_DATA, WARTS_TBIT_APP_BGP);
	t->blind = calloc(1, sizeof(*t->blind));
	t->blind->off = -70000;
	t->blind->retx = 3;
	t->bgp = calloc(1, sizeof(*t->bgp));
	t->bgp->asn = 65000;
	if (rt(t, &out, &bytes, "blind bytes") == 0) {
		ok(bytes.len > sizeof(blind) &&
		   memcmp(bytes.p + bytes.len - sizeof(blind), blind,
		          sizeof(blind)) == 0,
		   "blind block (offset -70000, retx 3), bgp block, end");
		warts_object_clear(&out);
	}
	warts_tbit_free(t);
	tbuf_free(&bytes);
}

/* The blocks in real files written by scamper 2026 and 2021. */
static void test_corpus_values(void)
{
	static const struct {
		const char *file;
		uint8_t     type;
	} files[] = {
		{ "new2026-tbit-pmtud-v4.warts", WARTS_TBIT_TYPE_PMTUD },
		{ "deb2021-tbit-blind-data-v4.warts",
		  WARTS_TBIT_TYPE_BLIND_DATA },
		{ "new2026-tbit-ecn-v4.warts", WARTS_TBIT_TYPE_ECN },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[512];
		warts_error err;
		warts_reader *r;
		warts_object o;
		const warts_tbit *t = NULL;

		snprintf(path, sizeof(path), "%s/corpus/lab/%s",
		         test_datadir(), files[i].file);
		if (!ok((r = warts_reader_open(path, &err)) != NULL, "open %s",
		        files[i].file))
			continue;
		while (t == NULL && warts_reader_read(r, &o) == 1) {
			if (o.type == WARTS_TYPE_TBIT)
				t = o.u.tbit;
			else
				warts_object_clear(&o);
		}
		if (!ok(t != NULL, "%s holds a tbit", files[i].file)) {
			warts_reader_close(r);
			continue;
		}
		is_int(t->type, files[i].type, "%s: type", files[i].file);
		is_int(t->result, WARTS_TBIT_RESULT_ERROR, "%s: sys-error",
		       files[i].file);
		is_int(t->client_ipttl, 255, "%s: ttl defaults to 255",
		       files[i].file);
		ok(t->http != NULL && t->http->host != NULL &&
		   strcmp(t->http->host, "198.18.0.1") == 0,
		   "%s: http host", files[i].file);
		switch (t->type) {
		case WARTS_TBIT_TYPE_PMTUD:
			ok(t->pmtud != NULL && t->pmtud->mtu == 1280 &&
			   t->pmtud->ptb_retx == 4, "pmtud mtu and ptb-retx");
			is_str(t->errmsg, "could not get firewall entry",
			       "2026 errmsg");
			break;
		case WARTS_TBIT_TYPE_BLIND_DATA:
			ok(t->blind != NULL && t->blind->off == -70000 &&
			   t->blind->retx == 3, "blind offset and retx");
			ok(t->errmsg == NULL, "2021: no errmsg");
			break;
		default:
			ok(t->pmtud == NULL && t->null == NULL &&
			   t->icw == NULL && t->blind == NULL,
			   "ecn: no per-test block");
			break;
		}
		warts_object_clear(&o);
		warts_reader_close(r);
	}
}

/* ---- minimal, defaults, encoding errors ------------------------------ */

static void test_minimal(void)
{
	struct tbuf bytes = {0};
	warts_object out;
	warts_tbit *t;

	t = warts_tbit_alloc();
	set_addr(&t->src, "192.0.2.2");
	set_addr(&t->dst, "198.51.100.1");
	if (rt(t, &out, &bytes, "minimal") == 0) {
		const warts_tbit *b = out.u.tbit;
		ok(b->list == NULL && b->cycle == NULL, "no list or cycle");
		is_int(b->client_ipttl, 255, "client_ipttl defaults to 255");
		is_int(b->client_fo_cookielen, 0, "no cookie");
		is_int(b->pktc, 0, "no packets");
		ok(b->pkts == NULL, "no packet array");
		ok(b->errmsg == NULL, "no errmsg");
		ok(!b->pmtud && !b->null && !b->icw && !b->blind && !b->http &&
		   !b->bgp, "no blocks");
		/*
		 * header 8, flag bytes 3 (bits up to 17), length 2, two
		 * 6-byte IPv4 addresses, 26 bytes of always-written numbers,
		 * end marker 2
		 */
		is_int(bytes.len, 8 + 3 + 2 + 12 + 26 + 2,
		       "only the always-written parameters are encoded");
		warts_object_clear(&out);
	}
	warts_tbit_free(t);
	tbuf_free(&bytes);

	/* TTL 255 is the default: not written; any other value is */
	t = base_tbit(0, 0);
	t->client_ipttl = 254;
	if (rt(t, &out, &bytes, "ttl 254") == 0) {
		is_int(out.u.tbit->client_ipttl, 254, "client_ipttl 254");
		is_int(bytes.len, 8 + 3 + 2 + 12 + 26 + 1 + 2,
		       "a TTL other than 255 takes one more byte");
		warts_object_clear(&out);
	}
	warts_tbit_free(t);
	tbuf_free(&bytes);

	/* a block for a test type or protocol without one cannot be set */
	t = base_tbit(0, 0);
	t->src.type = WARTS_ADDR_NONE;
	enc_fails(t, "src", "a tbit needs a src");
	t = base_tbit(0, 0);
	t->dst.type = WARTS_ADDR_NONE;
	enc_fails(t, "dst", "a tbit needs a dst");
	t = base_tbit(WARTS_TBIT_TYPE_NULL, 0);
	t->pmtud = calloc(1, sizeof(*t->pmtud));
	enc_fails(t, "pmtud is set but test type 3",
	          "a pmtud block needs type pmtud");
	t = base_tbit(WARTS_TBIT_TYPE_ECN, 0);
	t->blind = calloc(1, sizeof(*t->blind));
	enc_fails(t, "blind is set", "ecn has no per-test block");
	t = base_tbit(WARTS_TBIT_TYPE_PMTUD, WARTS_TBIT_APP_BGP);
	t->http = calloc(1, sizeof(*t->http));
	enc_fails(t, "http is set but app_proto 5",
	          "an http block needs app_proto http");
	t = base_tbit(WARTS_TBIT_TYPE_PMTUD, WARTS_TBIT_APP_DNS);
	t->bgp = calloc(1, sizeof(*t->bgp));
	enc_fails(t, "bgp is set", "dns has no application block");
	t = base_tbit(0, 0);
	t->client_fo_cookielen = 17;
	enc_fails(t, "client_fo_cookielen 17", "a cookie over 16 bytes");
	t = base_tbit(0, 0);
	warts_tbit_pkt_add(t, WARTS_TBIT_PKT_TX, NULL, syn, sizeof(syn));
	t->pkts[0].len = 0;
	enc_fails(t, "packet 0 has no data", "a packet without bytes");
	t = base_tbit(0, 0);
	t->pktc = 2;
	enc_fails(t, "pkts is NULL", "a packet count without packets");
	ok(warts_tbit_pkt_add(t = base_tbit(0, 0), 1, NULL, syn, 0) == NULL,
	   "pkt_add refuses an empty packet");
	warts_tbit_free(t);
}

/* ---- hand-built records ---------------------------------------------- */

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

/* Start a tbit record: header with a length to be filled in. */
static void rec_begin(struct tbuf *b)
{
	b->len = 0;
	put16(b, 0x1205);
	put16(b, 11);
	put32(b, 0);
}

static void rec_end(struct tbuf *b)
{
	uint32_t n = (uint32_t)(b->len - 8);
	b->p[4] = (uint8_t)(n >> 24);
	b->p[5] = (uint8_t)(n >> 16);
	b->p[6] = (uint8_t)(n >> 8);
	b->p[7] = (uint8_t)n;
}

/*
 * tbit params with src, dst (IPv4), type, app_proto and the packet counts:
 * bit 16 when c16 >= 0, bit 17 when c32 >= 0.
 */
static void put_params(struct tbuf *b, uint8_t type, uint8_t app,
                       long c16, long c32)
{
	uint8_t f2 = (uint8_t)((c16 >= 0 ? 0x02 : 0) | (c32 >= 0 ? 0x04 : 0));
	uint16_t len = 6 + 6 + 1 + 1 + (c16 >= 0 ? 2 : 0) + (c32 >= 0 ? 4 : 0);
	/* bits 4 5 | 10 11 | 16 17 */
	put8(b, 0x98);
	put8(b, (uint8_t)(0x0c | (f2 ? 0x80 : 0)));
	if (f2)
		put8(b, f2);
	put16(b, len);
	put8(b, 4); put8(b, 1); put32(b, 0xc0000202);  /* 192.0.2.2 */
	put8(b, 4); put8(b, 1); put32(b, 0xc6336401);  /* 198.51.100.1 */
	put8(b, type);
	put8(b, app);
	if (c16 >= 0)
		put16(b, (uint16_t)c16);
	if (c32 >= 0)
		put32(b, (uint32_t)c32);
}

static void put_pkt(struct tbuf *b, uint16_t len)
{
	put8(b, len != 0 ? 0x0f : 0x07);
	put16(b, (uint16_t)(1 + 8 + 2 + len));
	put8(b, WARTS_TBIT_PKT_RX);
	put32(b, 1700000000);
	put32(b, 1);
	put16(b, len);
	for (uint16_t i = 0; i < len; i++)
		put8(b, (uint8_t)(0xa0 + i));
}

static int decode(struct tbuf *b, warts_object *out, warts_error *err)
{
	rec_end(b);
	memset(err, 0, sizeof(*err)); /* its message is shown on success */
	return test_decode1(b->p, b->len, out, err);
}

/* Decoding fails with a message holding `needle` (and the type). */
static void dec_fails(struct tbuf *b, const char *needle, const char *what)
{
	warts_object out;
	warts_error err;

	if (decode(b, &out, &err) == 0) {
		ok(0, "%s: decoded", what);
		warts_object_clear(&out);
		return;
	}
	ok(strstr(err.msg, needle) != NULL &&
	   strstr(err.msg, "tbit record at offset 0") != NULL,
	   "%s: %s", what, err.msg);
}

static void test_old_count(void)
{
	struct tbuf b = {0};
	warts_object out;
	warts_error err;

	/* a file from before the count grew: bit 16 only */
	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_ECN, WARTS_TBIT_APP_HTTP, 2, -1);
	put_pkt(&b, 3);
	put_pkt(&b, 1);
	put16(&b, 0);
	if (ok(decode(&b, &out, &err) == 0, "16-bit count alone: %s",
	       err.msg)) {
		const warts_tbit *t = out.u.tbit;
		if (is_int(t->pktc, 2, "16-bit count used")) {
			ok(t->pkts[0].len == 3 && t->pkts[0].data[2] == 0xa2 &&
			   t->pkts[0].dir == WARTS_TBIT_PKT_RX &&
			   t->pkts[0].tv.sec == 1700000000 &&
			   t->pkts[0].tv.usec == 1, "first packet");
			ok(t->pkts[1].len == 1 && t->pkts[1].data[0] == 0xa0,
			   "second packet");
		}
		is_int(t->client_ipttl, 255, "client_ipttl defaults to 255");
		warts_object_clear(&out);
	}

	/* a zero 32-bit count defers to the 16-bit one */
	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_ECN, 0, 1, 0);
	put_pkt(&b, 5);
	put16(&b, 0);
	if (ok(decode(&b, &out, &err) == 0, "zero 32-bit count: %s",
	       err.msg)) {
		is_int(out.u.tbit->pktc, 1, "16-bit count used");
		warts_object_clear(&out);
	}

	/* a non-zero 32-bit count wins */
	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_ECN, 0, 7, 1);
	put_pkt(&b, 5);
	put16(&b, 0);
	if (ok(decode(&b, &out, &err) == 0, "both counts: %s", err.msg)) {
		is_int(out.u.tbit->pktc, 1, "32-bit count used");
		warts_object_clear(&out);
	}

	/* re-encoding writes only bit 17 */
	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_ECN, 0, 1, -1);
	put_pkt(&b, 2);
	put16(&b, 0);
	if (ok(decode(&b, &out, &err) == 0, "bit 16 record: %s", err.msg)) {
		struct tbuf again = {0};
		warts_object back;
		if (rt(out.u.tbit, &back, &again, "bit 16 re-encoded") == 0) {
			ok(again.len > 10 && (again.p[10] & 0x06) == 0x04,
			   "third flag byte: bit 17, not bit 16");
			is_int(back.u.tbit->pktc, 1, "one packet");
			warts_object_clear(&back);
		}
		tbuf_free(&again);
		warts_object_clear(&out);
	}
	tbuf_free(&b);
}

static void test_block_rules(void)
{
	struct tbuf b = {0};
	warts_object out;
	warts_error err;

	/* unknown block types are skipped; known ones still read */
	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_ICW, WARTS_TBIT_APP_BGP, -1, 0);
	put16(&b, 9); put32(&b, 3); put8(&b, 1); put8(&b, 2); put8(&b, 3);
	put16(&b, 1); put32(&b, 7);
	put8(&b, 0x01); put16(&b, 4); put32(&b, 12345);
	put16(&b, 2); put32(&b, 7);
	put8(&b, 0x01); put16(&b, 4); put32(&b, 64500);
	put16(&b, 0xffff); put32(&b, 0);
	put16(&b, 0);
	if (ok(decode(&b, &out, &err) == 0, "unknown blocks skipped: %s",
	       err.msg)) {
		const warts_tbit *t = out.u.tbit;
		ok(t->icw != NULL && t->icw->start_seq == 12345, "icw block");
		ok(t->bgp != NULL && t->bgp->asn == 64500, "bgp block");
		warts_object_clear(&out);
	}

	/* a block for a type without a layout is skipped, as scamper does;
	 * a block longer than its parameters is skipped to its end */
	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_SACK_RCVR, WARTS_TBIT_APP_FTP, -1, 0);
	put16(&b, 1); put32(&b, 2); put8(&b, 0x55); put8(&b, 0x55);
	put16(&b, 2); put32(&b, 2); put8(&b, 0x00); put8(&b, 0x99);
	put16(&b, 0);
	if (ok(decode(&b, &out, &err) == 0, "blocks without a layout: %s",
	       err.msg)) {
		const warts_tbit *t = out.u.tbit;
		ok(!t->pmtud && !t->null && !t->icw && !t->blind && !t->http &&
		   !t->bgp, "are skipped");
		warts_object_clear(&out);
	}

	/* the two blocks in either order */
	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_NULL, WARTS_TBIT_APP_HTTP, -1, 0);
	put16(&b, 2); put32(&b, 5);
	put8(&b, 0x04); put16(&b, 1); put8(&b, 1); put8(&b, 0x77);
	put16(&b, 1); put32(&b, 1); put8(&b, 0);
	put16(&b, 0);
	if (ok(decode(&b, &out, &err) == 0, "app block first: %s",
	       err.msg)) {
		const warts_tbit *t = out.u.tbit;
		ok(t->null != NULL, "null block");
		ok(t->http != NULL && t->http->type == 1 &&
		   t->http->host == NULL, "http block: https");
		warts_object_clear(&out);
	}

	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_NULL, 0, -1, 0);
	put16(&b, 1); put32(&b, 1); put8(&b, 0);
	put16(&b, 1); put32(&b, 1); put8(&b, 0);
	put16(&b, 0);
	dec_fails(&b, "second block of type 1", "duplicate per-test block");

	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_ECN, WARTS_TBIT_APP_SMTP, -1, 0);
	put16(&b, 2); put32(&b, 0);
	put16(&b, 2); put32(&b, 0);
	put16(&b, 0);
	dec_fails(&b, "second block of type 2",
	          "duplicate application block, even without a layout");

	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_NULL, 0, -1, 0);
	put16(&b, 1); put32(&b, 1); put8(&b, 0);
	dec_fails(&b, "no end-of-blocks marker", "missing end marker");

	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_NULL, 0, -1, 0);
	put16(&b, 1); put32(&b, 0xfffffff0u); put8(&b, 0); put16(&b, 0);
	dec_fails(&b, "block type 1 claims 4294967280 bytes",
	          "block longer than the record");

	rec_begin(&b);
	put_params(&b, WARTS_TBIT_TYPE_PMTUD, 0, -1, 0);
	put16(&b, 1); put32(&b, 3);
	put8(&b, 0x01); put16(&b, 2); /* mtu's 2 bytes are missing */
	put16(&b, 0);
	dec_fails(&b, "pmtud block", "parameters past the block's end");
	tbuf_free(&b);
}

static void test_corrupt(void)
{
	struct tbuf b = {0}, bytes = {0};
	warts_object out;
	warts_error err;
	warts_tbit *t;

	/* cookie length over 16 */
	rec_begin(&b);
	put8(&b, 0x98); put8(&b, 0x80); put8(&b, 0x08); /* 4 5 18 */
	put16(&b, 6 + 6 + 18);
	put8(&b, 4); put8(&b, 1); put32(&b, 0xc0000202);
	put8(&b, 4); put8(&b, 1); put32(&b, 0xc6336401);
	put8(&b, 17);
	for (int i = 0; i < 17; i++)
		put8(&b, 0);
	put16(&b, 0);
	dec_fails(&b, "TFO cookie of 17 bytes", "cookie over 16 bytes");

	/* the same with 16 is accepted */
	rec_begin(&b);
	put8(&b, 0x98); put8(&b, 0x80); put8(&b, 0x08);
	put16(&b, 6 + 6 + 17);
	put8(&b, 4); put8(&b, 1); put32(&b, 0xc0000202);
	put8(&b, 4); put8(&b, 1); put32(&b, 0xc6336401);
	put8(&b, 16);
	for (int i = 0; i < 16; i++)
		put8(&b, (uint8_t)i);
	put16(&b, 0);
	if (ok(decode(&b, &out, &err) == 0, "16-byte cookie: %s", err.msg)) {
		ok(out.u.tbit->client_fo_cookielen == 16 &&
		   out.u.tbit->client_fo_cookie[15] == 15, "cookie bytes");
		warts_object_clear(&out);
	}

	/* no source or destination */
	rec_begin(&b);
	put8(&b, 0x10); put16(&b, 6);
	put8(&b, 4); put8(&b, 1); put32(&b, 0xc6336401);
	put16(&b, 0);
	dec_fails(&b, "no source", "missing src");
	rec_begin(&b);
	put8(&b, 0x08); put16(&b, 6);
	put8(&b, 4); put8(&b, 1); put32(&b, 0xc6336401);
	put16(&b, 0);
	dec_fails(&b, "no destination", "missing dst");

	/* packets */
	rec_begin(&b);
	put_params(&b, 0, 0, -1, 1);
	put_pkt(&b, 0);
	put16(&b, 0);
	dec_fails(&b, "packet 0: packet without bytes", "a packet of length 0");
	rec_begin(&b);
	put_params(&b, 0, 0, -1, 2);
	put_pkt(&b, 4);
	put16(&b, 0);
	dec_fails(&b, "packet 1", "fewer packets than counted");
	rec_begin(&b);
	put_params(&b, 0, 0, -1, 0xffffffff);
	put_pkt(&b, 4);
	put16(&b, 0);
	dec_fails(&b, "count 4294967295 cannot fit", "a huge packet count");

	/* every truncation of a full record fails cleanly */
	t = full_tbit(NULL, NULL);
	if (rt(t, &out, &bytes, "truncation source") == 0)
		warts_object_clear(&out);
	warts_tbit_free(t);
	for (size_t cut = 8; cut < bytes.len; cut++) {
		b.len = 0;
		tbuf_add(&b, bytes.p, cut);
		if (decode(&b, &out, &err) == 0) {
			ok(0, "cut at %zu decodes", cut);
			warts_object_clear(&out);
		} else if (strstr(err.msg, "tbit record at offset 0") == NULL) {
			ok(0, "cut at %zu: %s", cut, err.msg);
		}
	}
	ok(1, "every truncation of a tbit fails cleanly");
	tbuf_free(&bytes);
	tbuf_free(&b);
}

int main(void)
{
	test_full();
	test_blocks();
	test_block_bytes();
	test_corpus_values();
	test_minimal();
	test_old_count();
	test_block_rules();
	test_corrupt();
	return done_testing();
}
