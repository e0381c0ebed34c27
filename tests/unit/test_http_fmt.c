/*
 * test_http_fmt.c: HTTP fetches as JSON and dump, for what the corpus
 * does not hold: https on its own port, both flags, every ECH field, an
 * error message, extra request headers, TLS records, a status line split
 * across buffers, status lines scamper does or does not read a code
 * from, buffers before the start or without bytes, values scamper has no
 * name for, unnormalised microseconds, and hand-built objects whose
 * arrays are missing.  The dumps are what scamper 20260420's sc_wartsdump
 * prints for these objects once written to a file; sc_warts2json prints
 * nothing for http, and the JSON is ours (see http_json.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testlib.h"
#include "warts/format.h"
#include "warts/http.h"
#include "warts/list.h"

enum { JSON, TEXT, DUMP };

static void set_addr(warts_addr *a, const char *s)
{
	if (warts_addr_fromstr(a, s) != 0)
		abort();
}

/* The object in one format; "" when the converter prints nothing. */
static char *fmt(const warts_http *h, int kind)
{
	warts_object obj = { .type = WARTS_TYPE_HTTP };
	warts_strbuf sb = { 0 };
	char *out;
	int rc;

	obj.u.http = (warts_http *)h;
	rc = kind == JSON ? warts_json(&obj, 0, &sb) :
	     kind == TEXT ? warts_text(&obj, &sb) : warts_dump(&obj, &sb);
	out = strdup(rc > 0 && sb.data != NULL ? sb.data : "");
	warts_strbuf_free(&sb);
	return out;
}

static void check(const warts_http *h, int kind, const char *want,
                  const char *what)
{
	static const char *const kinds[] = { "json", "text", "dump" };
	char *got = fmt(h, kind);
	is_str(got, want, "%s: %s", what, kinds[kind]);
	free(got);
}

static void add_buf(warts_http *h, uint8_t dir, uint8_t type,
                    const char *data, uint16_t len, uint32_t sec,
                    uint32_t usec)
{
	warts_http_buf *b = warts_http_buf_add(h, dir, type, data, len);
	if (b == NULL)
		abort();
	b->tv = (warts_tv){ sec, usec };
}

static void set_bytes(uint8_t **field, uint32_t *len, const char *s,
                      uint32_t n)
{
	if ((*field = malloc(n)) == NULL)
		abort();
	memcpy(*field, s, n);
	*len = n;
}

/* http://example.com/x from 192.0.2.2 to 198.18.0.1, done. */
static warts_http *base(void)
{
	warts_http *h = warts_http_alloc();

	set_addr(&h->src, "192.0.2.2");
	set_addr(&h->dst, "198.18.0.1");
	h->type = WARTS_HTTP_TYPE_HTTP;
	h->dport = 80;
	warts_strset(&h->host, "example.com");
	warts_strset(&h->file, "/x");
	h->start = (warts_tv){ 1795781361, 500000 };
	h->stop_reason = WARTS_HTTP_STOP_DONE;
	return h;
}

static warts_http *full(void)
{
	warts_http *h = base();

	h->list = warts_list_alloc(5, "lname");
	warts_strset(&h->list->monitor, "mon1");
	h->cycle = warts_cycle_alloc(h->list, 9, 1795781300);
	h->userid = 4000000000u;
	h->type = WARTS_HTTP_TYPE_HTTPS;
	h->dport = 8443;
	h->sport = 1234;
	h->flags = WARTS_HTTP_FLAG_INSECURE | WARTS_HTTP_FLAG_GREASE;
	h->maxtime = (warts_tv){ 10, 250000 };
	h->hsrtt = 2500001;
	h->ech_status = WARTS_HTTP_ECH_SUCCESS;
	warts_strset(&h->ech_outer_sni, "outer.example");
	warts_strset(&h->errmsg, "err msg");
	/* base64 with one '=' and with two */
	set_bytes(&h->ech_config_list, &h->ech_config_list_len,
	          "\x00\x01\xfe\xff", 4);
	set_bytes(&h->ech_retry_config, &h->ech_retry_config_len, "abcde",
	          5);
	if (warts_http_header_add(h, "X-A: 1") != 0 ||
	    warts_http_header_add(h, "X-B: \001two") != 0)
		abort();
	/* a TLS record sent before the start */
	add_buf(h, WARTS_HTTP_BUF_TX, WARTS_HTTP_BUF_TLS,
	        "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11,
	        1795781361, 400000);
	add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_TLS, "\x16\x03\x03\x00",
	        4, 1795781361, 600000);
	/* the status line split across two header buffers */
	add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_HDR, "HTTP/1.1", 8,
	        1795781362, 0);
	add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_HDR,
	        "\t301\tMoved\r\nA: b\r\n\r\n", 20, 1795781362, 1);
	/* a body that is not UTF-8 is printed in hex */
	add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_DATA,
	        "\xff\xfe\x00\x01 body \xc3\xa9 and more and more", 31,
	        1795781362, 2);
	add_buf(h, WARTS_HTTP_BUF_TX, WARTS_HTTP_BUF_DATA, "", 0, 1795781362,
	        3);
	return h;
}

static const char *const full_json =
	"{\"type\":\"http\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	"\"dst\":\"198.18.0.1\", \"userid\":4000000000, "
	"\"start\":{\"sec\":1795781361, \"usec\":500000}, \"sport\":1234, "
	"\"dport\":8443, \"scheme\":\"https\", \"host\":\"example.com\", "
	"\"file\":\"/x\", \"url\":\"https://example.com:8443/x\", "
	"\"headers\":[\"X-A: 1\",\"X-B: \\u0001two\"], "
	"\"maxtime\":{\"sec\":10, \"usec\":250000}, \"hsrtt\":2500.001, "
	"\"flags\":[\"insecure\",\"grease\"], \"stop_reason\":\"done\", "
	"\"status_code\":301, \"ech_status\":\"success\", "
	"\"ech_outer_sni\":\"outer.example\", "
	"\"ech_config_list\":\"0001feff\", "
	"\"ech_retry_config\":\"6162636465\", \"errmsg\":\"err msg\", "
	"\"monitor\":\"mon1\", \"bufc\":6, \"bufs\":[{\"dir\":\"tx\", "
	"\"type\":\"tls\", \"tv\":{\"sec\":1795781361, \"usec\":400000}, "
	"\"len\":11, \"hex\":\"1603010200010001fc0303\"},{\"dir\":\"rx\", "
	"\"type\":\"tls\", \"tv\":{\"sec\":1795781361, \"usec\":600000}, "
	"\"len\":4, \"hex\":\"16030300\"},{\"dir\":\"rx\", "
	"\"type\":\"hdr\", \"tv\":{\"sec\":1795781362, \"usec\":0}, "
	"\"len\":8, \"data\":\"HTTP/1.1\"},{\"dir\":\"rx\", "
	"\"type\":\"hdr\", \"tv\":{\"sec\":1795781362, \"usec\":1}, "
	"\"len\":20, \"data\":\"\\t301\\tMoved\\r\\nA: b\\r\\n\\r\\n\"},"
	"{\"dir\":\"rx\", \"type\":\"data\", \"tv\":{\"sec\":1795781362, "
	"\"usec\":2}, \"len\":31, \"hex\":\"fffe000120626f647920c3a920616e6"
	"4206d6f726520616e64206d6f726500\"},{\"dir\":\"tx\", "
	"\"type\":\"data\", \"tv\":{\"sec\":1795781362, \"usec\":3}, "
	"\"len\":0}]}\n";

static const char *const full_dump =
	"http from 192.0.2.2 to 198.18.0.1\n"
	" list id: 5, name: lname, monitor: mon1\n"
	" cycle id: 9\n"
	" user-id: -294967296\n"
	" start: Fri Nov 27 12:09:21 2026 500000\n"
	" sport: 1234, dport: 8443\n"
	" flags: 0x3 ( insecure grease )\n"
	" maxtime: 10.25s, hs-rtt: 2.500001, stop: done, http-status-code: "
	"301\n"
	" ech-status: success, ech-outer-sni: outer.example\n"
	" ech-config-list: AAH+/w==\n"
	" ech-retry-config: YWJjZGU=\n"
	" errmsg: err msg\n"
	" url: https://example.com:8443/x\n"
	" headers:\n"
	"  X-A: 1\n"
	"  X-B: \001two\n"
	" exchange:\n"
	"  -1.900000 tx tls:11    1603010200010001fc0303            "
	"|...........|\n"
	"  0.100000 rx tls:4     16030300                          |....|\n"
	"  0.500000 rx hdr:8     485454502f312e31                  "
	"|HTTP/1.1|\n"
	"  0.500001 rx hdr:20    09333031094d6f7665640d0a413a2062  "
	"|.301.Moved..A: b|\n"
	"  0.500002 rx data:31   fffe000120626f647920c3a920616e64  |.... "
	"body .. and|\n"
	"  0.500003 tx data:0    \n";

static void test_full(void)
{
	warts_http *h = full();

	check(h, JSON, full_json, "full");
	check(h, TEXT, "", "full");
	check(h, DUMP, full_dump, "full");
	warts_http_free(h);
}

/*
 * Status lines: whether scamper reads a code from them (the dump's
 * http-status-code, the JSON's status_code).  Each object also has its
 * own stop reason and ECH status, names and numbers alike.
 */
static void test_status(void)
{
	static const struct {
		const char *line;
		uint16_t    len;
		int         code;  /* -1: none */
	} t[] = {
		{ "HTTP/1.1 200\r\n", 14, 200 },      /* ends after the code */
		{ "HTTP/1.1 200OK\r\n", 16, -1 },
		{ "HTTP/1.1 2000\r\n", 15, -1 },
		{ "HTTP/1 200 OK\r\n", 15, -1 },
		{ "HTTP/1.1 20\r\n", 13, -1 },
		{ "http/1.1 200 OK\r\n", 17, -1 },
		{ "HTTP/1.1 200 OK", 15, 200 },       /* '\r' in the next */
		{ "HTTP/1.1 404\0x\r\n", 17, 404 },   /* a NUL ends it */
		{ "HTTP/1.1\v500\fY\r\n", 16, 500 },  /* other white space */
		{ "\r\n", 2, -1 },
	};

	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		warts_http *h = base();
		char want[64], *out;
		int has;

		h->stop_reason = (uint8_t)(i + 3);
		h->ech_status = (uint8_t)(i * 2);
		add_buf(h, WARTS_HTTP_BUF_TX, WARTS_HTTP_BUF_HDR,
		        "GET / HTTP/1.1\r\n\r\n", 19, 1795781361, 400000);
		add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_HDR, t[i].line,
		        t[i].len, 1795781361, 600000);
		if (i == 6)
			add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_HDR,
			        "\r\n", 2, 1795781361, 600000);
		out = fmt(h, DUMP);
		snprintf(want, sizeof(want), ", http-status-code: %d\n",
		         t[i].code);
		has = strstr(out, ", http-status-code: ") != NULL;
		ok(t[i].code < 0 ? !has : strstr(out, want) != NULL,
		   "status %u: dump", i);
		free(out);
		out = fmt(h, JSON);
		snprintf(want, sizeof(want), ", \"status_code\":%d, ",
		         t[i].code);
		has = strstr(out, "\"status_code\"") != NULL;
		ok(t[i].code < 0 ? !has : strstr(out, want) != NULL,
		   "status %u: json", i);
		free(out);
		warts_http_free(h);
	}
}

/* The status line may be at most 127 bytes, across buffers. */
static void test_status_long(void)
{
	char line[130];
	warts_http *h;
	char *out;

	memset(line, 'x', sizeof(line));
	memcpy(line, "HTTP/1.1 200 ", 13);
	for (unsigned n = 126; n <= 128; n++) {
		h = base();
		line[n] = '\r';
		add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_HDR, line, 100,
		        1795781361, 600000);
		add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_HDR, line + 100,
		        (uint16_t)(n + 1 - 100), 1795781361, 600000);
		line[n] = 'x';
		out = fmt(h, DUMP);
		ok((strstr(out, "http-status-code: 200") != NULL) == (n < 128),
		   "status line of %u bytes", n);
		free(out);
		warts_http_free(h);
	}

	/* a received header without bytes before it: no status code */
	h = base();
	add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_HDR, "", 0, 1795781361,
	        600000);
	add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_HDR,
	        "HTTP/1.1 200 OK\r\n", 17, 1795781361, 600000);
	out = fmt(h, DUMP);
	ok(strstr(out, "http-status-code") == NULL, "empty header first");
	free(out);
	warts_http_free(h);
}

/* https on port 80; buffers before the start and of 16 bytes or more. */
static const char *const odd_json =
	"{\"type\":\"http\", \"version\":\"0.1\", \"dst\":\"198.18.0.1\", "
	"\"userid\":0, \"start\":{\"sec\":1795781361, \"usec\":500000}, "
	"\"sport\":0, \"dport\":80, \"scheme\":\"https\", "
	"\"host\":\"example.com\", \"file\":\"/x\", "
	"\"url\":\"https://example.com:80/x\", \"maxtime\":{\"sec\":0, "
	"\"usec\":0}, \"stop_reason\":\"done\", "
	"\"ech_status\":\"bad-call\", \"bufc\":3, "
	"\"bufs\":[{\"dir\":\"tx\", \"type\":\"data\", "
	"\"tv\":{\"sec\":1795781360, \"usec\":900000}, \"len\":2, "
	"\"data\":\"hi\"},{\"dir\":\"tx\", \"type\":\"data\", "
	"\"tv\":{\"sec\":1795781361, \"usec\":500000}, \"len\":19, "
	"\"data\":\"0123456789abcdefXYZ\"},{\"dir\":\"tx\", "
	"\"type\":\"data\", \"tv\":{\"sec\":1795781361, \"usec\":500000}, "
	"\"len\":16, \"data\":\"0123456789abcdef\"}]}\n";

static const char *const odd_dump =
	"http to 198.18.0.1\n"
	" user-id: 0\n"
	" start: Fri Nov 27 12:09:21 2026 500000\n"
	" sport: 0, dport: 80\n"
	" maxtime: 0s, stop: done\n"
	" ech-status: bad-call\n"
	" url: https://example.com:80/x\n"
	" exchange:\n"
	"  -1.400000 tx data:2    6869                              |hi|\n"
	"  0.000000 tx data:19   30313233343536373839616263646566  "
	"|0123456789abcdef|\n"
	"  0.000000 tx data:16   30313233343536373839616263646566  "
	"|0123456789abcdef|\n";

/* A type with no scheme: no URL; the dump shows its parts. */
static const char *const notype_json =
	"{\"type\":\"http\", \"version\":\"0.1\", \"src\":\"192.0.2.2\", "
	"\"dst\":\"198.18.0.1\", \"userid\":0, "
	"\"start\":{\"sec\":1795781361, \"usec\":500000}, \"sport\":0, "
	"\"dport\":99, \"scheme\":5, \"host\":\"example.com\", "
	"\"file\":\"/x\", \"maxtime\":{\"sec\":0, \"usec\":0}, "
	"\"stop_reason\":\"done\", \"bufc\":0, \"bufs\":[]}\n";

static const char *const notype_dump =
	"http from 192.0.2.2 to 198.18.0.1\n"
	" user-id: 0\n"
	" start: Fri Nov 27 12:09:21 2026 500000\n"
	" sport: 0, dport: 99\n"
	" maxtime: 0s, stop: done\n"
	" type: 5, host: example.com, file: /x\n";

static void test_odd(void)
{
	warts_http *h = base();

	h->type = WARTS_HTTP_TYPE_HTTPS;
	memset(&h->src, 0, sizeof(h->src));
	h->ech_status = WARTS_HTTP_ECH_BAD_CALL;
	add_buf(h, WARTS_HTTP_BUF_TX, WARTS_HTTP_BUF_DATA, "hi", 2, 1795781360,
	        900000);
	add_buf(h, WARTS_HTTP_BUF_TX, WARTS_HTTP_BUF_DATA,
	        "0123456789abcdefXYZ", 19, 1795781361, 500000);
	add_buf(h, WARTS_HTTP_BUF_TX, WARTS_HTTP_BUF_DATA, "0123456789abcdef",
	        16, 1795781361, 500000);
	check(h, JSON, odd_json, "odd");
	check(h, DUMP, odd_dump, "odd");
	warts_http_free(h);

	h = base();
	h->type = 5;
	h->dport = 99;
	check(h, JSON, notype_json, "no scheme");
	check(h, DUMP, notype_dump, "no scheme");
	warts_http_free(h);
}

/*
 * What scamper gets wrong or never sees: a buffer type past "tls" (whose
 * name scamper reads from outside its table; we print the number), an
 * unknown direction and flag bit, a buffer with a length and no bytes,
 * maxtime microseconds of a million and more, and hand-built objects
 * whose arrays or strings are missing.
 */
static void test_missing(void)
{
	warts_http *h = base();
	char *out;

	add_buf(h, 0, 9, "abc", 3, 1795781361, 500000);
	add_buf(h, WARTS_HTTP_BUF_RX, WARTS_HTTP_BUF_HDR, "", 0, 1795781361,
	        500000);
	h->bufs[0].dir = 4;
	h->bufs[1].len = 7;
	h->flags = 0x80000004u;
	h->maxtime = (warts_tv){ 1, 120000000 };
	out = fmt(h, DUMP);
	ok(strstr(out, " flags: 0x80000004 ( )\n maxtime: 1.12s,") != NULL,
	   "unknown flags, long maxtime: dump");
	ok(strstr(out, "  0.000000 4 9:3       616263") != NULL,
	   "unknown dir and type: dump");
	ok(strstr(out, "  0.000000 rx hdr:7     \n") != NULL,
	   "a length without bytes: dump");
	free(out);
	out = fmt(h, JSON);
	ok(strstr(out, "\"flags\":[4,2147483648], ") != NULL,
	   "unknown flags: json");
	ok(strstr(out, "{\"dir\":4, \"type\":9, \"tv\":{\"sec\":1795781361, "
	               "\"usec\":500000}, \"len\":3, \"data\":\"abc\"}") != NULL,
	   "unknown dir and type: json");
	ok(strstr(out, "\"len\":7}]}\n") != NULL,
	   "a length without bytes: json");
	free(out);
	warts_http_free(h);

	/* no host, no file, no destination; counts without arrays */
	h = warts_http_alloc();
	h->bufc = 2;
	h->headerc = 3;
	out = fmt(h, DUMP);
	is_str(out, "http to <null>\n"
	       " user-id: 0\n"
	       " start: Thu Jan  1 00:00:00 1970 000000\n"
	       " sport: 0, dport: 443\n"
	       " maxtime: 0s, stop: none\n"
	       " exchange:\n", "missing: dump");
	free(out);
	out = fmt(h, JSON);
	is_str(out, "{\"type\":\"http\", \"version\":\"0.1\", \"userid\":0, "
	       "\"start\":{\"sec\":0, \"usec\":0}, \"sport\":0, \"dport\":443, "
	       "\"scheme\":\"https\", \"maxtime\":{\"sec\":0, \"usec\":0}, "
	       "\"stop_reason\":\"none\", \"bufc\":2, \"bufs\":[]}\n",
	       "missing: json");
	free(out);
	h->bufc = 0;
	h->headerc = 0;
	warts_http_free(h);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_full();
	test_status();
	test_status_long();
	test_odd();
	test_missing();
	return done_testing();
}
