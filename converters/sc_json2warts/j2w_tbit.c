/*
 * j2w_tbit.c: tbit tests from JSON.
 *
 * The test's keys map back to its fields and to the per-test block its
 * type has ("mtu", "null_options", "blind_off", ...) and the application
 * block "app" names ("http_url" split into scheme, host and file;
 * "bgp_asn").  The packets are harder: scamper's JSON prints each one
 * decoded (IP header fields, TCP flags, options, sequence numbers
 * relative to the initial ones, data length and window), never its
 * bytes.  sc_warts2json -A adds them, with each packet's absolute time,
 * in a "warts" object inside the packet, and a "warts" object for the
 * test with the list, cycle and the fields the keys leave out
 * (app_proto, client_syn_retx, client_dat_retx, the full options, the
 * ICW block, the HTTP block's strings, a non-ASCII errmsg).
 *
 * From scamper's JSON alone, each packet is rebuilt as a packet that
 * prints the same keys: an IPv4 header (the only kind with "frag_df") or
 * an IPv6 one, with a fragment header and a destination options header
 * when "ip_hlen" and the "frag_" keys call for them; then the TCP header
 * with the options listed, padded to "tcp_hlen" with an option scamper
 * skips; then zeros to "len" bytes.  Sequence numbers are made absolute
 * again with "client_isn" and "server_isn", following the JSON's own
 * rule (each packet relative to the initial numbers seen so far).  What
 * the JSON does not show is made up plausibly: addresses and ports from
 * the test, ICMP (or ICMPv6) for a packet that is not TCP, a TOS of the
 * ECN bits only, no DF bit, zero checksums.  An ICW test's block, which
 * the JSON shows only through "icw_bytes", gets the start sequence that
 * gives that size back.  "client_isn", "server_isn" and "icw_bytes" are
 * read only for these.  So the rebuilt test prints the same JSON, though
 * not the same text or dump; the exception is an IPv6 packet cut short
 * inside its extension headers, whose header length the JSON took from
 * the zeros past its end (and wrapped), and which is not searched for.
 *
 * "monitor" belongs to the list, which the cycle's line made already
 * (sc_warts2json -A prints it on the list's own line); it is not read.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/format.h"
#include "warts/tbit.h"

#include "j2w.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

enum {
	IP_ICMP = 1, IP_TCP = 6, IP_FRAGMENT = 44, IP_ICMPV6 = 58,
	IP_DSTOPTS = 60,
	TH_SYN = 0x02, TH_RST = 0x04, TH_ACK = 0x10,
	/* an option kind scamper's JSON skips, for padding */
	TCPOPT_PAD = 253,
};

/*
 * Room for the headers a rebuilt packet needs: an IP header of at most
 * 255 bytes (the JSON's header length is eight bits) and a TCP header
 * of at most 60 after it; bytes past them are zero.
 */
#define PKT_SCRATCH 320

/* ---- small readers --------------------------------------------------- */

/* A string key, or its bytes from hex when the "warts" object w has the
 * key too (for bytes the JSON string would not give back). */
static int tb_str(struct j2w *j, json_t *o, json_t *w, const char *key,
                  char **v)
{
	uint8_t *b = NULL;
	uint16_t n = 0;

	if (w == NULL || json_object_get(w, key) == NULL)
		return jg_str(j, o, key, v);
	if (jg_hex(j, w, key, &b, &n) != 0)
		return -1;
	if (b != NULL && memchr(b, '\0', n) != NULL) {
		free(b);
		return j2w_fail(j, "\"%s\" holds a NUL, which warts strings "
		                "cannot", key);
	}
	free(*v);
	if ((*v = malloc(n + 1u)) == NULL) {
		free(b);
		return j2w_fail(j, "out of memory");
	}
	if (n > 0)
		memcpy(*v, b, n);
	(*v)[n] = '\0';
	free(b);
	return 0;
}

/* A name from names[] (its index is the value) or a number up to max. */
static int tb_enum16(struct j2w *j, json_t *o, const char *key,
                     const char *const *names, size_t n, uint16_t *v)
{
	json_t *x = json_object_get(o, key);

	if (x != NULL && json_is_string(x)) {
		const char *s = json_string_value(x);
		for (size_t i = 0; i < n; i++)
			if (names[i] != NULL && strcmp(names[i], s) == 0) {
				*v = (uint16_t)i;
				return 0;
			}
		return j2w_fail(j, "\"%s\": unknown value \"%s\"", key, s);
	}
	return jg_u16(j, o, key, v);
}

/*
 * An array of set bits among the low nbits, as the JSON prints them:
 * each bit by its name where names[] has one, else by its value.
 */
static int tb_bits(struct j2w *j, json_t *o, const char *key,
                   const char *const *names, size_t nnames, unsigned nbits,
                   uint32_t *v)
{
	json_t *a = json_object_get(o, key), *e;
	size_t i;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return j2w_fail(j, "\"%s\" is not an array", key);
	json_array_foreach(a, i, e) {
		const char *s = json_string_value(e);
		json_int_t n;
		size_t k;

		if (s != NULL) {
			for (k = 0; k < nnames; k++)
				if (strcmp(s, names[k]) == 0)
					break;
			if (k == nnames)
				return j2w_fail(j, "\"%s\": unknown value "
				                "\"%s\"", key, s);
			*v |= (uint32_t)1 << k;
			continue;
		}
		n = json_is_integer(e) ? json_integer_value(e) : 0;
		if (n <= 0 || n >= (json_int_t)1 << nbits || (n & (n - 1)) != 0)
			return j2w_fail(j, "\"%s\" holds neither a name nor a "
			                "bit below %u", key, nbits);
		*v |= (uint32_t)n;
	}
	return 0;
}

static int tb_has(json_t *o, const char *key)
{
	return json_object_get(o, key) != NULL;
}

/* ---- the test's own keys --------------------------------------------- */

static const char *const type_names[] = {
	NULL, "pmtud", "ecn", "null", "sack-rcvr", "icw", "abc",
	"blind-data", "blind-rst", "blind-syn", "blind-fin",
};

/* scamper's names by value, in ranges of ten per test type */
static const char *const result_names[] = {
	[0] = "none", "tcp-noconn", "tcp-rst", "tcp-error",
	"sys-error", "aborted", "tcp-noconn-rst", "halted",
	"tcp-badopt", "tcp-fin", "tcp-zerowin",
	[20] = "pmtud-noack", "pmtud-nodata", "pmtud-toosmall",
	"pmtud-nodf", "pmtud-fail", "pmtud-success", "pmtud-cleardf",
	[30] = "ecn-success", "ecn-incapable", "ecn-badsynack",
	"ecn-noece", "ecn-noack", "ecn-nodata",
	[40] = "null-success", "null-nodata",
	[50] = "sack-incapable", "sack-rcvr-success",
	"sack-rcvr-shifted", "sack-rcvr-timeout", "sack-rcvr-nosack",
	[60] = "icw-success", "icw-tooshort",
	[70] = "abc-success", "abc-tooshort", "abc-badicw",
	[80] = "blind-accepted", "blind-challenge", "blind-ignored",
	"blind-rst", "blind-synnew",
};

/* "fo_cookie": at most 16 bytes, as hex. */
static int tb_cookie(struct j2w *j, json_t *o, warts_tbit *t)
{
	uint8_t *b = NULL;
	uint16_t n = 0;

	if (jg_hex(j, o, "fo_cookie", &b, &n) != 0)
		return -1;
	if (n > WARTS_TBIT_FO_COOKIE_MAX) {
		free(b);
		return j2w_fail(j, "\"fo_cookie\" has %u bytes; warts holds "
		                "at most %d", n, WARTS_TBIT_FO_COOKIE_MAX);
	}
	if (n > 0)
		memcpy(t->client_fo_cookie, b, n);
	t->client_fo_cookielen = (uint8_t)n;
	free(b);
	return 0;
}

static int tb_header(struct j2w *j, json_t *o, json_t *w, warts_tbit *t)
{
	static const char *const opts[] = { "tcpts", "sack" };

	if (jg_enum(j, o, "tbit_type", type_names, NELEM(type_names),
	            &t->type) != 0 ||
	    jg_u32(j, o, "userid", &t->userid) != 0 ||
	    jg_addr(j, o, "src", &t->src) != 0 ||
	    jg_addr(j, o, "dst", &t->dst) != 0 ||
	    jg_u16(j, o, "sport", &t->sport) != 0 ||
	    jg_u16(j, o, "dport", &t->dport) != 0 ||
	    jg_tv(j, o, "start", &t->start) != 0 ||
	    jg_u16(j, o, "client_mss", &t->client_mss) != 0 ||
	    jg_u16(j, o, "server_mss", &t->server_mss) != 0 ||
	    jg_u8(j, o, "ttl", &t->client_ipttl) != 0 ||
	    tb_enum16(j, o, "result", result_names, NELEM(result_names),
	              &t->result) != 0 ||
	    tb_bits(j, o, "options", opts, NELEM(opts), 16,
	            &t->options) != 0 ||
	    tb_str(j, o, w, "errmsg", &t->errmsg) != 0 ||
	    jg_u8(j, o, "wscale", &t->client_wscale) != 0 ||
	    tb_cookie(j, o, t) != 0)
		return -1;
	/* scamper's readers refuse a test without both addresses */
	if (!warts_addr_isset(&t->src))
		return j2w_fail(j, "no \"src\"");
	if (!warts_addr_isset(&t->dst))
		return j2w_fail(j, "no \"dst\"");
	return 0;
}

/* Allocate *pp (size bytes, zeroed) unless it is there already. */
static int tb_block(struct j2w *j, void **pp, size_t size)
{
	if (*pp == NULL && (*pp = calloc(1, size)) == NULL)
		return j2w_fail(j, "out of memory");
	return 0;
}

/* The per-test block, from the keys the test's type prints. */
static int tb_test_block(struct j2w *j, json_t *o, warts_tbit *t)
{
	static const char *const pmtud_opts[] = { "blackhole" };
	static const char *const null_opts[] = {
		"tcpts", "ipts-syn", "iprr-syn", "ipqs-syn", "sack", "fo",
		"fo-exp",
	};
	static const char *const null_results[] = {
		"tcpts-ok", "sack-ok", "fo-ok",
	};
	uint32_t v;

	if (t->type == WARTS_TBIT_TYPE_PMTUD &&
	    (tb_has(o, "mtu") || tb_has(o, "ptb_retx") ||
	     tb_has(o, "ptbsrc") || tb_has(o, "pmtud_options"))) {
		v = 0;
		if (tb_block(j, (void **)&t->pmtud, sizeof(*t->pmtud)) != 0 ||
		    jg_u16(j, o, "mtu", &t->pmtud->mtu) != 0 ||
		    jg_u8(j, o, "ptb_retx", &t->pmtud->ptb_retx) != 0 ||
		    jg_addr(j, o, "ptbsrc", &t->pmtud->ptbsrc) != 0 ||
		    tb_bits(j, o, "pmtud_options", pmtud_opts,
		            NELEM(pmtud_opts), 8, &v) != 0)
			return -1;
		t->pmtud->options = (uint8_t)v;
	} else if (t->type == WARTS_TBIT_TYPE_NULL &&
	           (tb_has(o, "null_options") || tb_has(o, "null_results"))) {
		uint32_t r = 0;
		v = 0;
		if (tb_block(j, (void **)&t->null, sizeof(*t->null)) != 0 ||
		    tb_bits(j, o, "null_options", null_opts, NELEM(null_opts),
		            16, &v) != 0 ||
		    tb_bits(j, o, "null_results", null_results,
		            NELEM(null_results), 16, &r) != 0)
			return -1;
		t->null->options = (uint16_t)v;
		t->null->results = (uint16_t)r;
	} else if (warts_tbit_type_is_blind(t->type) &&
	           (tb_has(o, "blind_off") || tb_has(o, "blind_retx"))) {
		if (tb_block(j, (void **)&t->blind, sizeof(*t->blind)) != 0 ||
		    jg_i32(j, o, "blind_off", &t->blind->off) != 0 ||
		    jg_u8(j, o, "blind_retx", &t->blind->retx) != 0)
			return -1;
	}
	return 0;
}

/* "http_url": scheme, then the host up to the first '/', then the file
 * (the URL is the host and file run together, so this is a guess). */
static int tb_url(struct j2w *j, json_t *o, warts_tbit_http *h)
{
	json_t *x = json_object_get(o, "http_url");
	const char *s, *slash;
	size_t n;

	if (x == NULL)
		return 0;
	if (!json_is_string(x))
		return j2w_fail(j, "\"http_url\" is not a string");
	s = json_string_value(x);
	n = json_string_length(x);
	if (memchr(s, '\0', n) != NULL)
		return j2w_fail(j, "\"http_url\" holds a NUL, which warts "
		                "strings cannot");
	if (strncmp(s, "https://", 8) == 0) {
		h->type = WARTS_TBIT_HTTP_TYPE_HTTPS;
		s += 8;
	} else if (strncmp(s, "http://", 7) == 0) {
		h->type = WARTS_TBIT_HTTP_TYPE_HTTP;
		s += 7;
	} else {
		return j2w_fail(j, "\"http_url\" is not http:// or https://");
	}
	slash = strchr(s, '/');
	n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	free(h->host);
	free(h->file);
	h->file = NULL;
	if ((h->host = strndup(s, n)) == NULL ||
	    (slash != NULL && (h->file = strdup(slash)) == NULL))
		return j2w_fail(j, "out of memory");
	return 0;
}

/* The application block "app" names. */
static int tb_app_block(struct j2w *j, json_t *o, warts_tbit *t)
{
	json_t *x = json_object_get(o, "app");
	const char *s;

	if (x == NULL)
		return 0;
	if ((s = json_string_value(x)) == NULL)
		return j2w_fail(j, "\"app\" is not a string");
	if (strcmp(s, "http") == 0) {
		t->app_proto = WARTS_TBIT_APP_HTTP;
		if (tb_block(j, (void **)&t->http, sizeof(*t->http)) != 0)
			return -1;
		return tb_url(j, o, t->http);
	}
	if (strcmp(s, "bgp") == 0) {
		t->app_proto = WARTS_TBIT_APP_BGP;
		if (tb_block(j, (void **)&t->bgp, sizeof(*t->bgp)) != 0)
			return -1;
		return jg_u32(j, o, "bgp_asn", &t->bgp->asn);
	}
	return j2w_fail(j, "\"app\": unknown value \"%s\"", s);
}

/* A hex key of w as a string (NULL when absent). */
static int tb_hexstr(struct j2w *j, json_t *w, const char *key, char **v)
{
	free(*v);
	*v = NULL;
	if (json_object_get(w, key) == NULL)
		return 0;
	if ((*v = strdup("")) == NULL)
		return j2w_fail(j, "out of memory");
	return tb_str(j, w, w, key, v);
}

/* What the "warts" object of sc_warts2json -A adds. */
static int tb_extras(struct j2w *j, json_t *w, warts_tbit *t)
{
	json_t *x;

	if (jg_u8(j, w, "app_proto", &t->app_proto) != 0 ||
	    jg_u8(j, w, "client_syn_retx", &t->client_syn_retx) != 0 ||
	    jg_u8(j, w, "client_dat_retx", &t->client_dat_retx) != 0 ||
	    jg_u32(j, w, "options", &t->options) != 0)
		return -1;
	if ((x = json_object_get(w, "icw")) != NULL) {
		if (!json_is_object(x))
			return j2w_fail(j, "\"icw\" is not an object");
		if (tb_block(j, (void **)&t->icw, sizeof(*t->icw)) != 0 ||
		    jg_u32(j, x, "start_seq", &t->icw->start_seq) != 0)
			return -1;
	}
	if ((x = json_object_get(w, "http")) != NULL) {
		if (!json_is_object(x))
			return j2w_fail(j, "\"http\" is not an object");
		if (tb_block(j, (void **)&t->http, sizeof(*t->http)) != 0 ||
		    jg_u8(j, x, "type", &t->http->type) != 0 ||
		    tb_hexstr(j, x, "host", &t->http->host) != 0 ||
		    tb_hexstr(j, x, "file", &t->http->file) != 0)
			return -1;
	}
	return 0;
}

/* ---- rebuilding a packet from its decoded keys ----------------------- */

/* Initial sequence numbers: the test's ("client_isn", "server_isn"), or
 * those of the packets so far, as the JSON counts them. */
struct tb_isn {
	int      have_client, have_server;
	uint32_t client, server;
};

/* A packet being rebuilt, and where its keys are. */
struct tb_pkt {
	json_t  *x;       /* the packet's object */
	size_t   i;       /* its index, for messages */
	uint8_t  b[PKT_SCRATCH];
	uint8_t  fixed[PKT_SCRATCH];  /* b[i] was printed */
	int      tx;      /* dir is tx: addresses and ports run forwards */
	uint8_t  hlen;    /* IP header length, extension headers included */
	uint8_t  proto;   /* the upper-layer protocol */
	int      tcp;     /* the JSON printed its TCP header */
};

/*
 * Bytes the JSON printed are set firmly; bytes made up (addresses,
 * ports, padding) only where nothing printed has been set, so that where
 * the headers overlap (an IPv4 header length under 20, say, puts the TCP
 * header inside it) what was printed wins, whatever the order.
 */
static void set8(struct tb_pkt *k, size_t off, uint8_t v)
{
	k->b[off] = v;
	k->fixed[off] = 1;
}

static void soft8(struct tb_pkt *k, size_t off, uint8_t v)
{
	if (!k->fixed[off])
		k->b[off] = v;
}

static void put16(struct tb_pkt *k, size_t off, uint32_t v)
{
	set8(k, off, (uint8_t)(v >> 8));
	set8(k, off + 1, (uint8_t)v);
}

static void put32(struct tb_pkt *k, size_t off, uint32_t v)
{
	put16(k, off, v >> 16);
	put16(k, off + 2, v);
}

static void soft16(struct tb_pkt *k, size_t off, uint32_t v)
{
	soft8(k, off, (uint8_t)(v >> 8));
	soft8(k, off + 1, (uint8_t)v);
}

/* A next-protocol byte: printed, but for the upper layer of a packet
 * whose TCP header the JSON did not print (its protocol is a guess). */
static void set_proto(struct tb_pkt *k, size_t off, uint8_t v)
{
	if (v == k->proto && !k->tcp)
		soft8(k, off, v);
	else
		set8(k, off, v);
}

/* The test's addresses, source first when the packet was sent. */
static void put_addrs(struct tb_pkt *k, const warts_tbit *t, size_t off,
                      uint8_t type)
{
	const warts_addr *a = k->tx ? &t->src : &t->dst;
	const warts_addr *b = k->tx ? &t->dst : &t->src;
	size_t n = warts_addr_len(type);

	if (a->type != type || b->type != type)
		return;
	for (size_t i = 0; i < n; i++) {
		soft8(k, off + i, a->bytes[i]);
		soft8(k, off + n + i, b->bytes[i]);
	}
}

/* The IP header's fields the JSON prints. */
struct tb_iph {
	uint32_t id;
	uint16_t off, len;
	uint8_t  ecn, ttl, mf;
	int      frag;   /* it has fragment fields: an IPv6 fragment */
};

static void tb_ip4(struct tb_pkt *k, const warts_tbit *t,
                   const struct tb_iph *ip)
{
	set8(k, 0, (uint8_t)(0x40 | k->hlen / 4));
	set8(k, 1, ip->ecn & 0x3);
	put16(k, 2, ip->len);
	put16(k, 4, ip->id);
	put16(k, 6, (ip->mf ? 0x2000u : 0) | (ip->off / 8u & 0x1fff));
	set8(k, 8, ip->ttl);
	set_proto(k, 9, k->proto);
	put_addrs(k, t, 12, WARTS_ADDR_IPV4);
}

/* IPv6, then a fragment header if there are fragment fields, then a
 * destination options header for the rest of the header length. */
static void tb_ip6(struct tb_pkt *k, const warts_tbit *t,
                   const struct tb_iph *ip)
{
	size_t h = 40;
	/* the JSON's header length is eight bits, so this wraps as it */
	uint8_t ext = (uint8_t)(k->hlen - 40 - (ip->frag ? 8 : 0));

	set8(k, 0, 0x60);
	set8(k, 1, (uint8_t)((ip->ecn & 0x3) << 4));
	put16(k, 4, (uint16_t)(ip->len - 40));
	set8(k, 7, ip->ttl);
	put_addrs(k, t, 8, WARTS_ADDR_IPV6);
	set_proto(k, 6, ip->frag ? IP_FRAGMENT : ext != 0 ? IP_DSTOPTS :
	          k->proto);
	if (ip->frag) {
		set_proto(k, h, ext != 0 ? IP_DSTOPTS : k->proto);
		put16(k, h + 2, (ip->off & 0xfff8u) | (ip->mf ? 1u : 0));
		put32(k, h + 4, ip->id);
		h += 8;
	}
	if (ext != 0) {
		set_proto(k, h, k->proto);
		set8(k, h + 1, (uint8_t)(ext / 8 - 1));
	}
}

/* The IP header: IPv4 when the JSON has "frag_df" (which it prints only
 * for IPv4), else IPv6.  iplen is the length the header claims. */
static int tb_ip(struct j2w *j, struct tb_pkt *k, const warts_tbit *t,
                 uint16_t iplen)
{
	struct tb_iph ip = { .len = iplen };
	int v4 = tb_has(k->x, "frag_df");

	ip.frag = tb_has(k->x, "frag_id") || tb_has(k->x, "frag_off") ||
	          tb_has(k->x, "frag_mf");
	if (jg_u8(j, k->x, "ip_ecn", &ip.ecn) != 0 ||
	    jg_u8(j, k->x, "ip_ttl", &ip.ttl) != 0 ||
	    jg_u32(j, k->x, "frag_id", &ip.id) != 0 ||
	    jg_u16(j, k->x, "frag_off", &ip.off) != 0 ||
	    jg_u8(j, k->x, "frag_mf", &ip.mf) != 0)
		return -1;
	if (v4 && (k->hlen % 4 != 0 || k->hlen > 60))
		return j2w_fail(j, "packet %zu: \"ip_hlen\" %u is not an IPv4 "
		                "header length", k->i, k->hlen);
	if (!v4 && k->hlen % 8 != 0)
		return j2w_fail(j, "packet %zu: \"ip_hlen\" %u is not an IPv6 "
		                "header length", k->i, k->hlen);
	if (v4)
		tb_ip4(k, t, &ip);
	else
		tb_ip6(k, t, &ip);
	return 0;
}

/* Room in the TCP header for n more option bytes at *at, before end. */
static int tb_optroom(struct j2w *j, struct tb_pkt *k, size_t at, size_t end,
                      size_t n)
{
	if (at + n > end)
		return j2w_fail(j, "packet %zu: \"tcp_options\" do not fit in "
		                "\"tcp_hlen\"", k->i);
	return 0;
}

/* A TFO cookie option: kind, length, magic (fo-exp), cookie. */
static int tb_opt_fo(struct j2w *j, struct tb_pkt *k, json_t *e, size_t *at,
                     size_t end, int exp)
{
	uint8_t *c = NULL;
	uint16_t n = 0;
	size_t hl = exp ? 4 : 2;

	if (jg_hex(j, e, "cookie", &c, &n) != 0)
		return -1;
	if (hl + n > 255 || tb_optroom(j, k, *at, end, hl + n) != 0) {
		free(c);
		return j->err[0] ? -1 : j2w_fail(j, "packet %zu: TFO cookie "
		                                 "too long", k->i);
	}
	set8(k, *at, exp ? 254 : 34);
	set8(k, *at + 1, (uint8_t)(hl + n));
	if (exp) {
		set8(k, *at + 2, 0xf9);
		set8(k, *at + 3, 0x89);
	}
	for (size_t i = 0; i < n; i++)
		set8(k, *at + hl + i, c[i]);
	free(c);
	*at += hl + n;
	return 0;
}

/* A SACK option, its blocks relative to the other side's ISN. */
static int tb_opt_sack(struct j2w *j, struct tb_pkt *k, json_t *e, size_t *at,
                       size_t end, uint32_t peer_isn)
{
	json_t *a = json_object_get(e, "blocks"), *bl;
	size_t n = json_is_array(a) ? json_array_size(a) : 0, i;

	if (n < 1 || n > 4)
		return j2w_fail(j, "packet %zu: a sack option needs 1 to 4 "
		                "\"blocks\"", k->i);
	if (tb_optroom(j, k, *at, end, 2 + n * 8) != 0)
		return -1;
	set8(k, *at, 5);
	set8(k, *at + 1, (uint8_t)(2 + n * 8));
	json_array_foreach(a, i, bl) {
		uint32_t l = 0, r = 0;
		if (!json_is_object(bl))
			return j2w_fail(j, "packet %zu: a sack block is not an "
			                "object", k->i);
		if (jg_u32(j, bl, "left", &l) != 0 ||
		    jg_u32(j, bl, "right", &r) != 0)
			return -1;
		put32(k, *at + 2 + i * 8, l + peer_isn);
		put32(k, *at + 6 + i * 8, r + peer_isn);
	}
	*at += 2 + n * 8;
	return 0;
}

/* One option of "tcp_options"; *eol set at an end-of-list. */
static int tb_opt(struct j2w *j, struct tb_pkt *k, json_t *e, size_t *at,
                  size_t end, uint32_t peer_isn, int *eol)
{
	const char *kind = json_string_value(json_object_get(e, "kind"));
	uint32_t a = 0, b = 0;
	uint8_t shift = 0;

	if (kind == NULL)
		return j2w_fail(j, "packet %zu: a TCP option has no \"kind\"",
		                k->i);
	if (strcmp(kind, "eol") == 0 || strcmp(kind, "nop") == 0) {
		if (tb_optroom(j, k, *at, end, 1) != 0)
			return -1;
		*eol = kind[0] == 'e';
		set8(k, (*at)++, *eol ? 0 : 1);
	} else if (strcmp(kind, "wscale") == 0) {
		if (jg_u8(j, e, "shift", &shift) != 0 ||
		    tb_optroom(j, k, *at, end, 3) != 0)
			return -1;
		set8(k, *at, 3);
		set8(k, *at + 1, 3);
		set8(k, *at + 2, shift);
		*at += 3;
	} else if (strcmp(kind, "sack-ok") == 0) {
		if (tb_optroom(j, k, *at, end, 2) != 0)
			return -1;
		set8(k, *at, 4);
		set8(k, *at + 1, 2);
		*at += 2;
	} else if (strcmp(kind, "sack") == 0) {
		return tb_opt_sack(j, k, e, at, end, peer_isn);
	} else if (strcmp(kind, "ts") == 0) {
		if (jg_u32(j, e, "val", &a) != 0 ||
		    jg_u32(j, e, "ecr", &b) != 0 ||
		    tb_optroom(j, k, *at, end, 10) != 0)
			return -1;
		set8(k, *at, 8);
		set8(k, *at + 1, 10);
		put32(k, *at + 2, a);
		put32(k, *at + 6, b);
		*at += 10;
	} else if (strcmp(kind, "fo") == 0 || strcmp(kind, "fo-exp") == 0) {
		return tb_opt_fo(j, k, e, at, end, kind[2] == '-');
	} else {
		return j2w_fail(j, "packet %zu: unknown TCP option \"%s\"",
		                k->i, kind);
	}
	return 0;
}

/* "tcp_options" from byte 20 of the TCP header at th, padded to end with
 * an option the JSON skips (or left, after an end-of-list, as zeros). */
static int tb_tcpopts(struct j2w *j, struct tb_pkt *k, size_t th, size_t end,
                      uint32_t peer_isn)
{
	json_t *a = json_object_get(k->x, "tcp_options"), *e;
	size_t at = th + 20, i;
	int eol = 0;

	if (a != NULL && !json_is_array(a))
		return j2w_fail(j, "packet %zu: \"tcp_options\" is not an "
		                "array", k->i);
	json_array_foreach(a, i, e) {
		if (!json_is_object(e))
			return j2w_fail(j, "packet %zu: a TCP option is not an "
			                "object", k->i);
		if (eol)
			return j2w_fail(j, "packet %zu: a TCP option after "
			                "\"eol\"", k->i);
		if (tb_opt(j, k, e, &at, end, peer_isn, &eol) != 0)
			return -1;
	}
	/* a one-byte pad reads a length of 0 from the zeros after it */
	if (!eol && at < end) {
		soft8(k, at, TCPOPT_PAD);
		if (end - at >= 2)
			soft8(k, at + 1, (uint8_t)(end - at));
	}
	return 0;
}

/*
 * A sequence number made absolute.  The first SYN and the first SYN/ACK
 * set the initial numbers (the test's, as "client_isn" and "server_isn"
 * give them); others are relative to the initial numbers seen so far,
 * as the JSON printed them.
 */
static uint32_t tb_seq(struct tb_isn *st, const struct tb_isn *hdr,
                       uint8_t flags, int tx, uint32_t rel)
{
	uint8_t sa = flags & (TH_SYN | TH_ACK);

	if (sa == TH_SYN && !st->have_client) {
		st->have_client = 1;
		st->client = hdr->have_client ? hdr->client : rel;
		return st->client;
	}
	if (sa == (TH_SYN | TH_ACK) && !st->have_server) {
		st->have_server = 1;
		st->server = hdr->have_server ? hdr->server : rel;
		return st->server;
	}
	/* the JSON prints a reset received with no sequence number as 0,
	 * as it prints one at the server's ISN: the first is the usual */
	if (!tx && (flags & TH_RST) && rel == 0)
		return 0;
	return rel + (tx ? st->client : st->server);
}

/* The TCP header after the IP header; returns the IP length through
 * *iplen, which covers its data. */
static int tb_tcp(struct j2w *j, struct tb_pkt *k, const warts_tbit *t,
                  struct tb_isn *st, const struct tb_isn *hdr,
                  uint16_t *iplen)
{
	static const char *const flag_names[] = {
		"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr",
	};
	uint32_t flags = 0, seq = 0, ack = 0;
	uint16_t win = 0, datalen = 0;
	uint8_t tcphlen = 0;
	size_t th = k->hlen;

	if (jg_u8(j, k->x, "tcp_hlen", &tcphlen) != 0 ||
	    tb_bits(j, k->x, "tcp_flags", flag_names, NELEM(flag_names), 8,
	            &flags) != 0 ||
	    jg_u32(j, k->x, "tcp_seq", &seq) != 0 ||
	    jg_u32(j, k->x, "tcp_ack", &ack) != 0 ||
	    jg_u16(j, k->x, "tcp_datalen", &datalen) != 0 ||
	    jg_u16(j, k->x, "tcp_win", &win) != 0)
		return -1;
	if (tcphlen % 4 != 0 || tcphlen > 60)
		return j2w_fail(j, "packet %zu: \"tcp_hlen\" %u is not a TCP "
		                "header length", k->i, tcphlen);

	soft16(k, th, k->tx ? t->sport : t->dport);
	soft16(k, th + 2, k->tx ? t->dport : t->sport);
	put32(k, th + 4, tb_seq(st, hdr, (uint8_t)flags, k->tx, seq));
	if (flags & TH_ACK)
		put32(k, th + 8, ack + (k->tx ? st->server : st->client));
	set8(k, th + 12, (uint8_t)(tcphlen / 4 << 4));
	set8(k, th + 13, (uint8_t)flags);
	put16(k, th + 14, win);
	*iplen = (uint16_t)(k->hlen + tcphlen + datalen);
	return tb_tcpopts(j, k, th, th + tcphlen,
	                  k->tx ? st->server : st->client);
}

/* A packet's bytes, rebuilt from its decoded keys. */
static int tb_synth(struct j2w *j, json_t *x, size_t i, const warts_tbit *t,
                    struct tb_isn *st, const struct tb_isn *hdr,
                    warts_tbit_pkt *p)
{
	struct tb_pkt *k;
	uint16_t off = 0, iplen;
	int rc = 0;

	if (jg_u16(j, x, "len", &p->len) != 0)
		return -1;
	if (p->len == 0)
		return j2w_fail(j, "packet %zu has no \"len\" (nor bytes)", i);
	if ((p->data = calloc(1, p->len)) == NULL ||
	    (k = calloc(1, sizeof(*k))) == NULL)
		return j2w_fail(j, "out of memory");
	k->x = x;
	k->i = i;
	k->tx = p->dir == WARTS_TBIT_PKT_TX;
	if (jg_u8(j, x, "ip_hlen", &k->hlen) != 0 ||
	    jg_u16(j, x, "frag_off", &off) != 0) {
		free(k);
		return -1;
	}
	/* without "ip_hlen" the packet was neither IPv4 nor IPv6: zeros */
	if (tb_has(x, "ip_hlen")) {
		int v4 = tb_has(x, "frag_df");
		/* the TCP header is printed only for a first fragment;
		 * a later one is taken to be TCP too */
		k->tcp = tb_has(x, "tcp_hlen");
		k->proto = k->tcp || off != 0 ? IP_TCP :
		           v4 ? IP_ICMP : IP_ICMPV6;
		iplen = p->len;
		if (k->tcp)
			rc = tb_tcp(j, k, t, st, hdr, &iplen);
		if (rc == 0)
			rc = tb_ip(j, k, t, iplen);
		memcpy(p->data, k->b, p->len < PKT_SCRATCH ? p->len :
		       PKT_SCRATCH);
	}
	free(k);
	return rc;
}

/* ---- packets --------------------------------------------------------- */

/*
 * A packet's time: tv_sec and tv_usec are after the test's start, as
 * scamper subtracts timevals (borrowing a second at most).  The time
 * rebuilt is normalised when that gives the same difference back.
 */
static int tb_pkt_tv(struct j2w *j, json_t *x, size_t i, const warts_tbit *t,
                     warts_tv *tv)
{
	uint32_t sec = 0, usec = 0;
	uint64_t u;

	if (jg_u32(j, x, "tv_sec", &sec) != 0 ||
	    jg_u32(j, x, "tv_usec", &usec) != 0)
		return -1;
	tv->sec = t->start.sec + sec;
	u = (uint64_t)t->start.usec + usec;
	if (usec < 1000000 && t->start.usec < 1000000 && u >= 1000000) {
		u -= 1000000;
		tv->sec++;
	}
	if (u > UINT32_MAX)
		return j2w_fail(j, "packet %zu: \"tv_usec\" %lu after the "
		                "start is past what warts holds", i,
		                (unsigned long)usec);
	tv->usec = (uint32_t)u;
	return 0;
}

/* The ISN state the JSON keeps, for a packet whose bytes are given:
 * its flags and direction say whether it sets an initial number. */
static int tb_isn_note(struct j2w *j, json_t *x, int tx, struct tb_isn *st,
                       const struct tb_isn *hdr)
{
	static const char *const flag_names[] = {
		"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr",
	};
	uint32_t flags = 0;

	if (!tb_has(x, "tcp_hlen"))
		return 0;
	if (tb_bits(j, x, "tcp_flags", flag_names, NELEM(flag_names), 8,
	            &flags) != 0)
		return -1;
	(void)tb_seq(st, hdr, (uint8_t)flags, tx, 0);
	return 0;
}

static int tb_pkt(struct j2w *j, json_t *x, size_t i, warts_tbit *t,
                  struct tb_isn *st, const struct tb_isn *hdr,
                  warts_tbit_pkt *p)
{
	static const char *const dirs[] = { NULL, "tx", "rx" };
	json_t *pw;

	if (!json_is_object(x))
		return j2w_fail(j, "packet %zu is not an object", i);
	if (jg_enum(j, x, "dir", dirs, NELEM(dirs), &p->dir) != 0)
		return -1;
	if ((pw = jg_warts(x)) == NULL) {
		if (tb_pkt_tv(j, x, i, t, &p->tv) != 0)
			return -1;
		return tb_synth(j, x, i, t, st, hdr, p);
	}
	if (jg_tv(j, pw, "tv", &p->tv) != 0 ||
	    jg_hex(j, pw, "data", &p->data, &p->len) != 0)
		return -1;
	/* the encoder, and scamper's readers, need a packet's bytes */
	if (p->data == NULL || p->len == 0)
		return j2w_fail(j, "packet %zu has no \"data\"", i);
	return tb_isn_note(j, x, p->dir == WARTS_TBIT_PKT_TX, st, hdr);
}

static int tb_pkts(struct j2w *j, json_t *o, warts_tbit *t)
{
	json_t *a = json_object_get(o, "pkts");
	struct tb_isn st = { 0 }, hdr = { 0 };
	size_t n;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return j2w_fail(j, "\"pkts\" is not an array");
	hdr.have_client = tb_has(o, "client_isn");
	hdr.have_server = tb_has(o, "server_isn");
	if (jg_u32(j, o, "client_isn", &hdr.client) != 0 ||
	    jg_u32(j, o, "server_isn", &hdr.server) != 0)
		return -1;
	if ((n = json_array_size(a)) == 0)
		return 0;
	if (n > UINT32_MAX)
		return j2w_fail(j, "too many packets");
	if ((t->pkts = calloc(n, sizeof(*t->pkts))) == NULL)
		return j2w_fail(j, "out of memory");
	for (size_t i = 0; i < n; i++) {
		/* counted first, so that a failure frees its bytes */
		t->pktc = (uint32_t)i + 1;
		if (tb_pkt(j, json_array_get(a, i), i, t, &st, &hdr,
		           &t->pkts[i]) != 0)
			return -1;
	}
	return 0;
}

/* ---- the ICW block from "icw_bytes" ---------------------------------- */

/* The "icw_bytes" our JSON prints for t, or -1 for none. */
static long tb_icw_bytes(const warts_tbit *t)
{
	warts_object obj = { .type = WARTS_TYPE_TBIT };
	warts_strbuf sb = { 0 };
	const char *at;
	long v = -1;

	obj.u.tbit = (warts_tbit *)t;
	if (warts_json(&obj, 0, &sb) > 0 && !sb.oom &&
	    (at = strstr(sb.data, "\"icw_bytes\":")) != NULL)
		v = strtol(at + 12, NULL, 10);
	warts_strbuf_free(&sb);
	return v;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The sequence numbers received more than once, as printed (relative to
 * the server's ISN), in the order they first arrived, at most max of
 * them; returns how many.
 */
static size_t tb_icw_repeats(json_t *a, uint32_t *out, size_t max)
{
	size_t n = json_array_size(a), m = 0, k = 0, i;
	uint32_t *seqs, *sorted;
	json_t *x;

	if ((seqs = calloc(n + 1, sizeof(*seqs))) == NULL ||
	    (sorted = calloc(n + 1, sizeof(*sorted))) == NULL) {
		free(seqs);
		return 0;
	}
	json_array_foreach(a, i, x) {
		json_t *s = json_object_get(x, "tcp_seq");
		const char *dir = json_string_value(json_object_get(x, "dir"));
		if (dir == NULL || strcmp(dir, "rx") != 0 ||
		    !json_is_integer(s) || json_integer_value(s) < 0 ||
		    json_integer_value(s) > UINT32_MAX)
			continue;
		seqs[m++] = (uint32_t)json_integer_value(s);
	}
	memcpy(sorted, seqs, m * sizeof(*seqs));
	qsort(sorted, m, sizeof(*sorted), cmp_u32);
	for (i = 0; i < m && k < max; i++) {
		uint32_t *at = bsearch(&seqs[i], sorted, m, sizeof(*sorted),
		                       cmp_u32);
		size_t d;
		/* bsearch finds one of the run: look either side of it */
		if ((at == sorted || at[-1] != seqs[i]) &&
		    (at == sorted + m - 1 || at[1] != seqs[i]))
			continue;
		for (d = 0; d < k && out[d] != seqs[i]; d++)
			;
		if (d == k)
			out[k++] = seqs[i];
	}
	free(seqs);
	free(sorted);
	return k;
}

/*
 * scamper's JSON shows an ICW test's block only as the window it
 * measured, from the start sequence and the packets: the data received
 * from the start until the start arrives again.  So try 1 (the first
 * byte of data, the usual start), then each sequence number received
 * more than once, as printed; a few dozen at most, as each try formats
 * the test.  When none gives the window back, the block keeps 1.
 */
#define ICW_TRIES 64

static int tb_icw(struct j2w *j, json_t *o, warts_tbit *t)
{
	uint32_t want = 0, cand[ICW_TRIES];
	size_t n;

	if (t->type != WARTS_TBIT_TYPE_ICW || t->icw != NULL ||
	    !tb_has(o, "icw_bytes"))
		return 0;
	if (jg_u32(j, o, "icw_bytes", &want) != 0 ||
	    tb_block(j, (void **)&t->icw, sizeof(*t->icw)) != 0)
		return -1;
	t->icw->start_seq = 1;
	if (tb_icw_bytes(t) == (long)want)
		return 0;
	n = tb_icw_repeats(json_object_get(o, "pkts"), cand, ICW_TRIES);
	for (size_t i = 0; i < n; i++) {
		t->icw->start_seq = cand[i];
		if (tb_icw_bytes(t) == (long)want)
			return 0;
	}
	t->icw->start_seq = 1;
	return 0;
}

/* ---- the test -------------------------------------------------------- */

static int tb_fill(struct j2w *j, json_t *o, warts_tbit *t)
{
	json_t *w = jg_warts(o);

	if (j2w_refs(j, o, &t->list, &t->cycle) != 0 ||
	    tb_header(j, o, w, t) != 0 ||
	    tb_test_block(j, o, t) != 0 ||
	    tb_app_block(j, o, t) != 0 ||
	    (w != NULL && tb_extras(j, w, t) != 0) ||
	    tb_pkts(j, o, t) != 0)
		return -1;
	/* with -A the "warts" object holds the block, or says there is
	 * none; else it has to be found */
	return w != NULL ? 0 : tb_icw(j, o, t);
}

int j2w_tbit(struct j2w *j, json_t *o, void **out)
{
	warts_tbit *t;

	*out = NULL;
	if ((t = warts_tbit_alloc()) == NULL)
		return j2w_fail(j, "out of memory");
	if (tb_fill(j, o, t) != 0) {
		warts_tbit_free(t);
		return -1;
	}
	*out = t;
	return 0;
}
