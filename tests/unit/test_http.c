/*
 * test_http.c: the HTTP record (type 15).  Debian's 2021 tools do not
 * know this type, so besides round trips of every field this test checks
 * the layout directly: a record assembled byte by byte from warts(5) (the
 * header, flag bytes, u16 parameter length, static addresses, timevals,
 * strings) and warts-types.md section 15 (bit numbers and widths) must
 * decode to the expected fields and encode back to exactly those bytes,
 * and fields of the corpus files must match what scamper's own
 * sc_wartsdump printed for them (X.new2026.dump).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/http.h"

#include "tap.h"
#include "testlib.h"

#define SAME(a, b, f) is_int((b)->f, (a)->f, "%s", #f)

static void set_addr(warts_addr *a, const char *s)
{
	warts_addr_fromstr(a, s);
}

static int addr_is(const warts_addr *a, const char *s)
{
	warts_addr b;
	set_addr(&b, s);
	return warts_addr_cmp(a, &b) == 0;
}

static uint8_t *bytes_dup(const void *p, size_t n)
{
	uint8_t *q = malloc(n);
	memcpy(q, p, n);
	return q;
}

/* Encode obj alone with a fresh encoder, appending the bytes to out. */
static int encode1(const warts_object *obj, struct tbuf *out, char *why,
                   size_t whylen)
{
	warts_encoder *enc = warts_encoder_new();
	const uint8_t *p;
	size_t len;
	warts_error err = {0};
	int rc;

	why[0] = '\0';
	rc = warts_encoder_encode(enc, obj, &p, &len, &err);
	if (rc == 0)
		tbuf_add(out, p, len);
	else
		snprintf(why, whylen, "%.200s", err.msg);
	warts_encoder_free(enc);
	return rc;
}

/* The first record of a type in a lab corpus file: decoded, and raw. */
static int corpus_first(const char *name, uint16_t type, warts_object *obj,
                        struct tbuf *raw)
{
	char path[4096];
	warts_error err = {0};
	warts_reader *r;
	const uint8_t *rec;
	size_t len;
	uint16_t t;
	int rc;

	snprintf(path, sizeof(path), "%s/corpus/lab/%s", test_datadir(), name);
	if ((r = warts_reader_open(path, &err)) == NULL)
		return -1;
	warts_reader_select(r, &type, 1);
	rc = warts_reader_read(r, obj);
	warts_reader_close(r);
	if (rc != 1)
		return -1;
	if ((r = warts_reader_open(path, &err)) == NULL)
		return -1;
	while ((rc = warts_reader_read_raw(r, &rec, &len, &t)) > 0)
		if (t == type) {
			tbuf_add(raw, rec, len);
			break;
		}
	warts_reader_close(r);
	return rc == 1 ? 0 : -1;
}

#define BIGBUF (UINT16_MAX - 11)

/* ---- every field ----------------------------------------------------- */

static warts_http *full_http(warts_list *list, warts_cycle *cycle)
{
	static const uint8_t ecl[] = { 0x00, 0x45, 0xfe, 0x0d, 0x00, 0x41 };
	static const uint8_t erc[] = { 0xfe, 0x0d };
	warts_http *h = warts_http_alloc();
	warts_http_buf *b;
	uint8_t *big = malloc(UINT16_MAX);

	h->list = warts_list_ref(list);
	h->cycle = warts_cycle_ref(cycle);
	h->userid = UINT32_MAX;
	set_addr(&h->src, "2001:db8::1");
	set_addr(&h->dst, "2001:db8::80");
	h->sport = UINT16_MAX;
	h->dport = 8443;
	h->start.sec = UINT32_MAX;
	h->start.usec = 999999;
	h->stop_reason = WARTS_HTTP_STOP_INSECURE;
	h->type = WARTS_HTTP_TYPE_HTTPS;
	h->host = strdup("www.example.org");
	h->file = strdup("/a/b?c=d");
	h->hsrtt = UINT32_MAX;
	h->flags = WARTS_HTTP_FLAG_INSECURE | WARTS_HTTP_FLAG_GREASE;
	h->maxtime.sec = 60;
	h->maxtime.usec = 1;
	h->errmsg = strdup("certificate verify failed");
	h->ech_status = WARTS_HTTP_ECH_FAILED_ECH_BAD_NAME;
	h->ech_outer_sni = strdup("public.example.org");
	warts_http_header_add(h, "X-Lab: 1");
	warts_http_header_add(h, "");
	warts_http_header_add(h, "Accept: */*");

	b = warts_http_buf_add(h, WARTS_HTTP_BUF_TX, WARTS_HTTP_BUF_HDR,
	                       "GET / HTTP/1.1\r\n\r\n", 18);
	b->tv.sec = 5;
	b = warts_http_buf_add(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_TLS,
	                       "\x16\x03\x03", 3);
	b->tv.usec = 1;
	/* the largest buffer a block holds: its parameters (1 + 8 + 2 +
	 * data) must fit the u16 parameter length */
	memset(big, 'x', UINT16_MAX);
	b = warts_http_buf_add(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_DATA,
	                       big, BIGBUF);
	b->tv.sec = UINT32_MAX;
	b->tv.usec = UINT32_MAX;
	/* nothing at all: written as one 0x00 flag byte */
	warts_http_buf_add(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_DATA, NULL, 0);
	/* the highest type the 7 bits hold, with the direction bit */
	warts_http_buf_add(h, WARTS_HTTP_BUF_TX, 0x7f, NULL, 0);
	free(big);

	h->ech_config_list = bytes_dup(ecl, sizeof(ecl));
	h->ech_config_list_len = sizeof(ecl);
	h->ech_retry_config = bytes_dup(erc, sizeof(erc));
	h->ech_retry_config_len = sizeof(erc);
	return h;
}

static void check_buf(const warts_http_buf *a, const warts_http_buf *b,
                      unsigned i)
{
	ok(a->dir == b->dir && a->type == b->type, "buf %u dir %u type %u",
	   i, b->dir, b->type);
	ok(a->tv.sec == b->tv.sec && a->tv.usec == b->tv.usec, "buf %u tv", i);
	is_int(b->len, a->len, "buf %u len", i);
	ok((a->len == 0 && b->data == NULL) ||
	   (b->data != NULL && memcmp(a->data, b->data, a->len) == 0),
	   "buf %u data", i);
}

static void test_full(void)
{
	warts_list *list = warts_list_alloc(7, "l");
	warts_cycle *cycle = warts_cycle_alloc(list, 2, 100);
	warts_object in = { .type = WARTS_TYPE_HTTP }, out;
	const warts_http *a, *b;
	char why[256];

	in.u.http = full_http(list, cycle);
	a = in.u.http;
	if (!ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	        "every field: round trip %s", why))
		goto done;
	b = out.u.http;
	ok(b->list != NULL && b->list->id == 7, "list");
	ok(b->cycle != NULL && b->cycle->id == 2, "cycle");
	SAME(a, b, userid);
	ok(warts_addr_cmp(&a->src, &b->src) == 0, "src");
	ok(warts_addr_cmp(&a->dst, &b->dst) == 0, "dst");
	SAME(a, b, sport);
	SAME(a, b, dport);
	SAME(a, b, start.sec);
	SAME(a, b, start.usec);
	SAME(a, b, stop_reason);
	SAME(a, b, type);
	is_str(b->host, a->host, "host");
	is_str(b->file, a->file, "file");
	SAME(a, b, hsrtt);
	SAME(a, b, flags);
	SAME(a, b, maxtime.sec);
	SAME(a, b, maxtime.usec);
	is_str(b->errmsg, a->errmsg, "errmsg");
	SAME(a, b, ech_status);
	is_str(b->ech_outer_sni, a->ech_outer_sni, "ech_outer_sni");
	if (is_int(b->headerc, 3, "headerc"))
		for (unsigned i = 0; i < 3; i++)
			is_str(b->headers[i], a->headers[i], "header %u", i);
	if (is_int(b->bufc, a->bufc, "bufc"))
		for (unsigned i = 0; i < a->bufc; i++)
			check_buf(&a->bufs[i], &b->bufs[i], i);
	ok(b->ech_config_list_len == a->ech_config_list_len &&
	   memcmp(b->ech_config_list, a->ech_config_list,
	          a->ech_config_list_len) == 0, "ECH config list");
	ok(b->ech_retry_config_len == a->ech_retry_config_len &&
	   memcmp(b->ech_retry_config, a->ech_retry_config,
	          a->ech_retry_config_len) == 0, "ECH retry config");
	warts_object_clear(&out);
done:
	warts_object_clear(&in);
	warts_cycle_unref(cycle);
	warts_list_unref(list);
}

/* ---- defaults and absent fields -------------------------------------- */

/* Encode, decode, and say whether bit 7 (dport) was in the flags. */
static int dport_written(warts_http *h, uint16_t *dport)
{
	warts_object in = { .type = WARTS_TYPE_HTTP, .u.http = h }, out;
	struct tbuf bytes = {0};
	char why[256];
	int bit7 = -1;

	if (test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0) {
		/* flag byte 0 holds bits 1-7; bit 7 is 0x40 */
		bit7 = (bytes.p[8] & 0x40) != 0;
		*dport = out.u.http->dport;
		warts_object_clear(&out);
	}
	tbuf_free(&bytes);
	return bit7;
}

static void test_defaults(void)
{
	warts_object in = { .type = WARTS_TYPE_HTTP }, out;
	struct tbuf bytes = {0};
	warts_http *h = warts_http_alloc();
	uint16_t dport = 0;
	char why[256];

	/* the smallest object: only host and file, which are always written */
	h->host = strdup("");
	h->file = strdup("");
	in.u.http = h;
	is_int(h->type, WARTS_HTTP_TYPE_HTTPS, "alloc: https");
	is_int(h->dport, 443, "alloc: dport 443");
	if (ok(test_roundtrip(&in, &out, &bytes, why, sizeof(why)) == 0,
	       "minimal http round trip %s", why)) {
		const warts_http *b = out.u.http;
		ok(b->list == NULL && b->cycle == NULL, "no list or cycle");
		ok(!warts_addr_isset(&b->src) && !warts_addr_isset(&b->dst),
		   "no addresses");
		is_int(b->dport, 443, "dport defaults to 443 for https");
		ok(b->headerc == 0 && b->headers == NULL, "no headers");
		ok(b->bufc == 0 && b->bufs == NULL, "no buffers");
		ok(b->errmsg == NULL && b->ech_outer_sni == NULL,
		   "no optional strings");
		ok(b->ech_config_list == NULL && b->ech_retry_config == NULL,
		   "no ECH attributes");
		is_str(b->host, "", "empty host");
		/* header 8; flags 0x80 0x18 (bits 11, 12); u16 length; two
		 * empty strings */
		is_int(bytes.len, 8 + 2 + 2 + 2, "minimal record is 14 bytes");
		ok(bytes.len == 14 && bytes.p[8] == 0x80 &&
		   bytes.p[9] == 0x18 &&
		   bytes.p[10] == 0 && bytes.p[11] == 2,
		   "flags 80 18, parameter length 2");
		warts_object_clear(&out);
	}
	tbuf_free(&bytes);

	/* dport is left out exactly when it is the scheme's default */
	h->type = WARTS_HTTP_TYPE_HTTPS;
	h->dport = 443;
	is_int(dport_written(h, &dport), 0, "https:443 leaves out dport");
	h->dport = 80;
	ok(dport_written(h, &dport) == 1 && dport == 80,
	   "https:80 writes dport");
	h->type = WARTS_HTTP_TYPE_HTTP;
	ok(dport_written(h, &dport) == 0 && dport == 80,
	   "http:80 leaves out dport, reader restores 80");
	h->dport = 443;
	ok(dport_written(h, &dport) == 1 && dport == 443,
	   "http:443 writes dport");
	h->type = 9;
	h->dport = 80;
	ok(dport_written(h, &dport) == 1 && dport == 80,
	   "an unknown type always writes dport");
	h->dport = 0;
	ok(dport_written(h, &dport) == 1 && dport == 0,
	   "an unknown type writes even dport 0");
	warts_object_clear(&in);

	/* host and file are required */
	h = warts_http_alloc();
	h->file = strdup("/");
	in.type = WARTS_TYPE_HTTP;
	in.u.http = h;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "host") != NULL, "an http needs a host: %s", why);
	free(h->file);
	h->file = NULL;
	h->host = strdup("h");
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "file") != NULL, "an http needs a file: %s", why);
	h->file = strdup("/");
	h->headerc = 1;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "header") != NULL, "headerc without headers: %s", why);
	h->headerc = 0;
	warts_http_buf_add(h, 2, 0, NULL, 0);
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "buf 0") != NULL, "direction 2 does not fit: %s", why);
	h->bufs[0].dir = 0;
	h->bufs[0].type = 0x80;
	ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
	   strstr(why, "buf 0") != NULL, "type 128 does not fit: %s", why);
	h->bufs[0].type = 0;
	/* a buffer too big for its parameter block fails cleanly */
	{
		uint8_t *big = calloc(1, UINT16_MAX);
		warts_http_buf_add(h, 1, 1, big, BIGBUF + 1)->tv.sec = 1;
		free(big);
		ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) != 0 &&
		   strstr(why, "http buf params") != NULL,
		   "a %u-byte buffer does not fit: %s", BIGBUF + 1, why);
		free(h->bufs[1].data);
		h->bufc = 1;
	}
	/* a length with no data is not written, as scamper does */
	h->bufs[0].len = 10;
	why[0] = '\0';
	if (ok(test_roundtrip(&in, &out, NULL, why, sizeof(why)) == 0,
	       "buffer with a length but no data: %s", why)) {
		is_int(out.u.http->bufs[0].len, 0, "its length is dropped");
		warts_object_clear(&out);
	}
	warts_object_clear(&in);
}

/* ---- a record assembled by hand -------------------------------------- */

/*
 * warts(5): header (magic 0x1205, type 0x000f, u32 length), flag bytes
 * with the link bit 0x80, a u16 parameter length, then the parameters.
 * warts-types.md section 15 gives the bits.  Parameters here: 5 dst,
 * 6 sport, 8 start, 10 type, 11 host, 12 file, 13 headers, 14 bufc,
 * 15 hsrtt: flag bytes 0xb0 (bits 5, 6; link), 0xfd (bits 8, 10-14;
 * link), 0x01 (bit 15).
 */
static const uint8_t hand[] = {
	0x12, 0x05, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x5c,
	0xb0, 0xfd, 0x01, 0x00, 0x2e,
	0x04, 0x01, 0xc6, 0x33, 0x64, 0x01,         /* dst 198.51.100.1 */
	0x12, 0x34,                                 /* sport 4660 */
	0x6b, 0x09, 0x72, 0xf8, 0x00, 0x0b, 0xce, 0xa3, /* start */
	0x01,                                       /* type http */
	'1', '9', '8', '.', '5', '1', '.', '1', '0', '0', '.', '1', 0x00,
	'/', 0x00,                                  /* file */
	0x01, 'X', ':', ' ', '1', 0x00,             /* one header */
	0x00, 0x00, 0x00, 0x02,                     /* bufc 2 */
	0x00, 0x00, 0x01, 0x00,                     /* hsrtt 256 us */
	/* buf 0: bits 1-4; tx header, time, 3 bytes */
	0x0f, 0x00, 0x0e,
	0x81,
	0x6b, 0x09, 0x72, 0xf8, 0x00, 0x0b, 0xce, 0xa4,
	0x00, 0x03, 'G', 'E', 'T',
	/* buf 1: rx data, nothing recorded */
	0x00,
	/* attribute 1 (ECH config list), 2 bytes */
	0x01, 0x00, 0x00, 0x00, 0x02, 0xaa, 0xbb,
	/* attribute 2 (ECH retry config), 1 byte */
	0x02, 0x00, 0x00, 0x00, 0x01, 0xdd,
	/* an attribute this reader does not know, then 4 stray bytes: both
	 * ignored by scamper's reader, and so not written back */
	0x09, 0x00, 0x00, 0x00, 0x01, 0xcc,
	0x00, 0x00, 0x00, 0x00,
};
#define HAND_KNOWN (sizeof(hand) - 10) /* without the last 10 bytes */
/* offsets: flags 8-10, length 11-12, dst 13, sport 19, start 21, type 29,
 * host 30, file 43, headers 45, bufc 51, hsrtt 55, buf 0 at 59 */
#define HAND_HEADERS 45
#define HAND_BUFC    51

static void check_hand(const warts_http *h)
{
	ok(!warts_addr_isset(&h->src), "hand: no src");
	ok(addr_is(&h->dst, "198.51.100.1"), "hand: dst");
	is_int(h->sport, 0x1234, "hand: sport");
	is_int(h->dport, 80, "hand: dport absent, 80 for http");
	ok(h->start.sec == 0x6b0972f8 && h->start.usec == 773795,
	   "hand: start");
	is_int(h->type, WARTS_HTTP_TYPE_HTTP, "hand: type");
	is_str(h->host, "198.51.100.1", "hand: host");
	is_str(h->file, "/", "hand: file");
	ok(h->headerc == 1 && strcmp(h->headers[0], "X: 1") == 0,
	   "hand: header");
	is_int(h->hsrtt, 256, "hand: hsrtt");
	is_int(h->stop_reason, 0, "hand: no stop reason");
	if (is_int(h->bufc, 2, "hand: bufc")) {
		const warts_http_buf *b = &h->bufs[0];
		ok(b->dir == WARTS_HTTP_BUF_TX && b->type == WARTS_HTTP_BUF_HDR,
		   "hand: buf 0 is a tx header");
		is_int(b->tv.usec, 773796, "hand: buf 0 time");
		ok(b->len == 3 && memcmp(b->data, "GET", 3) == 0,
		   "hand: buf 0 data");
		b = &h->bufs[1];
		ok(b->dir == WARTS_HTTP_BUF_RX &&
		   b->type == WARTS_HTTP_BUF_DATA &&
		   b->len == 0 && b->data == NULL && !warts_tv_isset(&b->tv),
		   "hand: buf 1 is empty rx data");
	}
	ok(h->ech_config_list_len == 2 && h->ech_config_list[0] == 0xaa &&
	   h->ech_config_list[1] == 0xbb, "hand: ECH config list");
	ok(h->ech_retry_config_len == 1 && h->ech_retry_config[0] == 0xdd,
	   "hand: ECH retry config");
}

static void test_hand(void)
{
	warts_object obj, built = { .type = WARTS_TYPE_HTTP };
	struct tbuf enc = {0}, enc2 = {0};
	warts_error err = {0};
	warts_http *h;
	char why[256];

	if (!ok(test_decode1(hand, sizeof(hand), &obj, &err) == 0,
	        "hand-assembled http decodes: %s", err.msg))
		return;
	check_hand(obj.u.http);
	/* the length in the header, less what is not written back */
	if (ok(encode1(&obj, &enc, why, sizeof(why)) == 0, "re-encodes %s",
	       why)) {
		is_int(enc.len, HAND_KNOWN, "re-encoding drops the unknown "
		       "attribute and stray bytes");
		ok(enc.len == HAND_KNOWN && enc.p[7] == HAND_KNOWN - 8 &&
		   memcmp(enc.p + 8, hand + 8, HAND_KNOWN - 8) == 0,
		   "re-encoding gives the hand-assembled bytes");
	}
	warts_object_clear(&obj);

	/* the same object built in code encodes to the same bytes */
	h = warts_http_alloc();
	set_addr(&h->dst, "198.51.100.1");
	h->sport = 0x1234;
	h->type = WARTS_HTTP_TYPE_HTTP;
	h->dport = 80;
	h->start.sec = 0x6b0972f8;
	h->start.usec = 773795;
	h->host = strdup("198.51.100.1");
	h->file = strdup("/");
	warts_http_header_add(h, "X: 1");
	h->hsrtt = 256;
	warts_http_buf_add(h, WARTS_HTTP_BUF_TX, WARTS_HTTP_BUF_HDR, "GET", 3)
		->tv = (warts_tv){ 0x6b0972f8, 773796 };
	warts_http_buf_add(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_DATA, NULL, 0);
	h->ech_config_list = bytes_dup("\xaa\xbb", 2);
	h->ech_config_list_len = 2;
	h->ech_retry_config = bytes_dup("\xdd", 1);
	h->ech_retry_config_len = 1;
	built.u.http = h;
	if (ok(encode1(&built, &enc2, why, sizeof(why)) == 0,
	       "built object encodes %s", why))
		ok(enc2.len == HAND_KNOWN && enc2.p[7] == HAND_KNOWN - 8 &&
		   memcmp(enc2.p + 8, hand + 8, HAND_KNOWN - 8) == 0,
		   "an object built in code encodes to the hand-assembled "
		   "bytes");
	warts_object_clear(&built);
	tbuf_free(&enc);
	tbuf_free(&enc2);
}

/* ---- the corpus, against scamper's own dump -------------------------- */

static void test_corpus(void)
{
	warts_object obj;
	struct tbuf raw = {0}, enc = {0};
	const warts_http *h;
	char why[256];
	uint64_t body = 0;

	/* new2026-http-v4.warts.new2026.dump */
	if (!ok(corpus_first("new2026-http-v4.warts", WARTS_TYPE_HTTP, &obj,
	                     &raw) == 0, "corpus http-v4 reads"))
		return;
	h = obj.u.http;
	/* flag bytes bb df 05: bits 1 2 4 5 6 8-12 14 15 17 (section 15) */
	ok(raw.len > 11 && raw.p[8] == 0xbb && raw.p[9] == 0xdf &&
	   raw.p[10] == 0x05, "corpus flags: bits 1 2 4 5 6 8-12 14 15 17");
	ok(h->list != NULL && h->cycle != NULL, "corpus: list and cycle");
	ok(addr_is(&h->src, "192.0.2.2") && addr_is(&h->dst, "198.18.0.1"),
	   "corpus: http from 192.0.2.2 to 198.18.0.1");
	ok(h->start.sec == 0x6b0972f8 && h->start.usec == 773795,
	   "corpus: start Fri Nov 27 12:09:28 2026 773795");
	ok(h->sport == 58582 && h->dport == 80,
	   "corpus: sport 58582, dport 80");
	ok(h->maxtime.sec == 60 && h->maxtime.usec == 0, "corpus: maxtime 60s");
	is_int(h->hsrtt, 137, "corpus: hs-rtt 0.000137");
	is_int(h->stop_reason, WARTS_HTTP_STOP_DONE, "corpus: stop done");
	is_int(h->type, WARTS_HTTP_TYPE_HTTP, "corpus: http");
	ok(strcmp(h->host, "198.18.0.1") == 0 &&
	   strcmp(h->file, "/index.html") == 0,
	   "corpus: url http://198.18.0.1/index.html");
	if (is_int(h->bufc, 3, "corpus: 3 buffers")) {
		ok(h->bufs[0].dir == WARTS_HTTP_BUF_TX &&
		   h->bufs[0].type == WARTS_HTTP_BUF_HDR &&
		   h->bufs[0].len == 90 &&
		   memcmp(h->bufs[0].data, "GET /index.html ", 16) == 0,
		   "corpus: tx hdr:90 GET /index.html");
		/* 0.001228 after the start */
		is_int(h->bufs[0].tv.usec - h->start.usec, 1228,
		       "corpus: buf 0 at 0.001228");
		ok(h->bufs[1].dir == WARTS_HTTP_BUF_RX &&
		   h->bufs[1].type == WARTS_HTTP_BUF_HDR &&
		   h->bufs[1].len == 185, "corpus: rx hdr:185");
		ok(h->bufs[2].dir == WARTS_HTTP_BUF_RX &&
		   h->bufs[2].type == WARTS_HTTP_BUF_DATA &&
		   h->bufs[2].len == 37 &&
		   memcmp(h->bufs[2].data, "<html><body>netl", 16) == 0,
		   "corpus: rx data:37 <html><body>netl");
	}
	/* the record alone re-encodes byte for byte (lists and cycles
	 * before it are the encoder's, so compare the http record only) */
	if (ok(encode1(&obj, &enc, why, sizeof(why)) == 0, "encodes %s", why))
		ok(enc.len >= raw.len &&
		   memcmp(enc.p + enc.len - raw.len, raw.p, raw.len) == 0,
		   "corpus http-v4 record re-encodes byte for byte");
	warts_object_clear(&obj);
	tbuf_free(&raw);
	tbuf_free(&enc);

	/* new2026-http-big-v4: a request header and 256 KiB of body */
	if (!ok(corpus_first("new2026-http-big-v4.warts", WARTS_TYPE_HTTP,
	                     &obj, &raw) == 0, "corpus http-big reads"))
		return;
	h = obj.u.http;
	ok(h->headerc == 1 && strcmp(h->headers[0], "X-Lab: 1") == 0,
	   "corpus: headers X-Lab: 1");
	is_int(h->bufc, 38, "corpus: 38 buffers");
	for (uint32_t i = 0; i < h->bufc; i++)
		if (h->bufs[i].type == WARTS_HTTP_BUF_DATA)
			body += h->bufs[i].len;
	is_int(body, 262144, "corpus: rx data adds up to 262144 bytes");
	is_int(h->sport, 62166, "corpus: sport 62166");
	enc.len = 0;
	if (ok(encode1(&obj, &enc, why, sizeof(why)) == 0, "encodes %s", why))
		ok(enc.len >= raw.len &&
		   memcmp(enc.p + enc.len - raw.len, raw.p, raw.len) == 0,
		   "corpus http-big record re-encodes byte for byte");
	warts_object_clear(&obj);
	tbuf_free(&raw);
	tbuf_free(&enc);

	/* new2026-http-v6: static IPv6 addresses */
	if (ok(corpus_first("new2026-http-v6.warts", WARTS_TYPE_HTTP, &obj,
	                    &raw) == 0, "corpus http-v6 reads")) {
		h = obj.u.http;
		ok(addr_is(&h->src, "2001:db8:0:1::2") &&
		   addr_is(&h->dst, "2001:db8:100::1"),
		   "corpus: http from 2001:db8:0:1::2 to 2001:db8:100::1");
		is_str(h->host, "dst.lab.example", "corpus: v6 host");
		is_int(h->hsrtt, 369, "corpus: hs-rtt 0.000369");
		warts_object_clear(&obj);
	}
	tbuf_free(&raw);
}

/* ---- corrupt input --------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void expect_fail(const uint8_t *rec, size_t len, const char *want,
                        const char *what)
{
	warts_object out;
	warts_error err = {0};
	if (test_decode1(rec, len, &out, &err) == 0) {
		warts_object_clear(&out);
		ok(0, "%s: decoded", what);
		return;
	}
	ok(strstr(err.msg, "http record at offset 0") != NULL &&
	   strstr(err.msg, want) != NULL, "%s: %s", what, err.msg);
}

static void test_corrupt(void)
{
	warts_object in = { .type = WARTS_TYPE_HTTP }, out;
	struct tbuf bytes = {0};
	warts_error err = {0};
	uint8_t rec[sizeof(hand)];
	char why[256];
	int bad = 0;

	/* cut a full record short, keeping the header's length consistent */
	in.u.http = full_http(NULL, NULL);
	encode1(&in, &bytes, why, sizeof(why));
	warts_object_clear(&in);
	for (size_t cut = 8; cut < bytes.len; cut += cut < 400 ? 1 : 997) {
		uint8_t *r = malloc(cut);
		memcpy(r, bytes.p, cut);
		put32(r + 4, (uint32_t)(cut - 8));
		if (test_decode1(r, cut, &out, &err) == 0)
			warts_object_clear(&out);
		else if (strstr(err.msg, "http record at offset 0") == NULL)
			bad++, diag("cut at %zu: %s", cut, err.msg);
		free(r);
	}
	ok(bad == 0, "every truncation of an http fails cleanly or decodes");
	tbuf_free(&bytes);

	/* an attribute longer than the rest of the record */
	memcpy(rec, hand, sizeof(rec));
	rec[HAND_KNOWN + 4] = 0x10;
	expect_fail(rec, sizeof(rec), "attribute 9 of 16 bytes",
	            "attribute overrun");

	/* a buffer count the record cannot hold, without allocating it */
	memcpy(rec, hand, sizeof(rec));
	put32(rec + HAND_BUFC, 0x10000000);
	expect_fail(rec, sizeof(rec), "count 268435456", "huge bufc");

	/* 255 headers declared, one present */
	memcpy(rec, hand, sizeof(rec));
	rec[HAND_HEADERS] = 0xff;
	expect_fail(rec, sizeof(rec), "count 255", "header count overrun");

	/* a header string without its NUL, running to the end */
	{
		static const uint8_t r[] = {
			0x12, 0x05, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x0b,
			0x80, 0x38, 0x00, 0x07,          /* bits 11, 12, 13 */
			'h', 0x00, '/', 0x00, 0x01, 'X', ':',
		};
		expect_fail(r, sizeof(r), "NUL", "unterminated header");
	}

	/* no host: the writer always includes it */
	{
		static const uint8_t r[] = {
			0x12, 0x05, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x06,
			0x80, 0x10, 0x00, 0x02, '/', 0x00, /* bit 12 only */
		};
		expect_fail(r, sizeof(r), "no host", "missing host");
	}

	/* no dport and a type with no default port: scamper rejects it */
	{
		static const uint8_t r[] = {
			0x12, 0x05, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x09,
			0x80, 0x1c, 0x00, 0x05,          /* bits 10, 11, 12 */
			0x07, 'h', 0x00, '/', 0x00,
		};
		expect_fail(r, sizeof(r), "type 7 has no default", "no dport");
	}

	/* a static address given as a table reference */
	{
		static const uint8_t r[] = {
			0x12, 0x05, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x0d,
			0x90, 0x18, 0x00, 0x09,          /* bits 5, 11, 12 */
			0x00, 0x00, 0x00, 0x00, 0x00, 'h', 0x00, '/', 0x00,
		};
		expect_fail(r, sizeof(r), "reference", "dst reference");
	}

	/* an empty string; unknown parameters above bit 20 are skipped by
	 * the parameter length */
	err.msg[0] = '\0';
	{
		static const uint8_t r[] = {
			0x12, 0x05, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x0a,
			0x80, 0x98, 0x08, 0x00, 0x05,    /* bits 11, 12, 18 */
			'h', 0x00, '/', 0x00, 0x00,
		};
		static const uint8_t r22[] = {
			0x12, 0x05, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x0e,
			0x80, 0x98, 0x80, 0x01, 0x00, 0x08, /* bits 11 12 22 */
			'h', 0x00, '/', 0x00, 0xde, 0xad, 0xbe, 0xef,
		};
		ok(test_decode1(r, sizeof(r), &out, &err) == 0 &&
		   out.u.http->errmsg != NULL && out.u.http->errmsg[0] == 0,
		   "empty errmsg decodes: %s", err.msg);
		warts_object_clear(&out);
		ok(test_decode1(r22, sizeof(r22), &out, &err) == 0 &&
		   strcmp(out.u.http->file, "/") == 0,
		   "an unknown bit 22 is skipped: %s", err.msg);
		warts_object_clear(&out);
	}
}

/*
 * Every byte of the hand-assembled record set to a handful of values:
 * each variant decodes or fails with a message naming the type, and what
 * decodes can be encoded (or is refused cleanly).
 */
static void test_mutations(void)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe,
	                                0xff };
	uint8_t rec[sizeof(hand)];
	int bad = 0, decoded = 0;

	for (size_t i = 8; i < sizeof(hand); i++)
		for (size_t v = 0; v < sizeof(vals); v++) {
			warts_object out;
			warts_error err = {0};
			struct tbuf enc = {0};
			char why[256];

			memcpy(rec, hand, sizeof(rec));
			rec[i] = vals[v];
			if (test_decode1(rec, sizeof(rec), &out, &err) != 0) {
				if (strstr(err.msg, "http record at "
				                    "offset 0") == NULL)
					bad++, diag("byte %zu = %u: %s", i,
					            vals[v], err.msg);
				continue;
			}
			decoded++;
			encode1(&out, &enc, why, sizeof(why));
			tbuf_free(&enc);
			warts_object_clear(&out);
		}
	ok(bad == 0, "%d mutations decode, the rest fail cleanly", decoded);
}

int main(void)
{
	test_full();
	test_defaults();
	test_hand();
	test_corpus();
	test_corrupt();
	test_mutations();
	return done_testing();
}
