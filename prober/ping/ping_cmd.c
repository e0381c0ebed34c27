/*
 * ping_cmd.c: the ping command, as scamper(1) documents it.
 *
 *   ping [-R] [-A tcp-ack] [-b payload-size] [-B payload] [-c attempts]
 *        [-C icmp-sum] [-d dport] [-F sport] [-i wait-probe] [-m ttl]
 *        [-M pmtu] [-o stop-count] [-O option] [-p pattern] [-P method]
 *        [-r rtraddr] [-s probe-size] [-S srcaddr] [-T timestamp]
 *        [-U userid] [-W wait-timeout] [-y stream] [-z tos] address
 *
 * Options are read as scamper reads them: each is a word of its own
 * beginning with '-', flags may run together ("-R"), and an option that
 * takes a value ends its word and takes the next word.  Numeric options
 * are digits with an optional '-', read as C reads integer constants (so
 * a leading 0 means octal).  -C and -z take a string that begins with a
 * number, -i and -W a time ("1", "0.5", "500ms", "100us", "2s").  The
 * defaults, ranges and the checks that tie options together are
 * scamper's; each message names the option at fault.  -y (scamper
 * 2026's streaming of results in progress) is checked and ignored, as
 * trace's is: results are written when the ping ends.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

#include "../task.h"
#include "ping.h"

/* ---- methods ------------------------------------------------------------ */

static const struct {
	const char *name;
	uint8_t     method;
} methods[] = {
	{ "icmp-echo",     WARTS_PING_ICMP_ECHO },
	{ "icmp-time",     WARTS_PING_ICMP_TIME },
	{ "tcp-syn",       WARTS_PING_TCP_SYN },
	{ "tcp-syn-sport", WARTS_PING_TCP_SYN_SPORT },
	{ "tcp-ack",       WARTS_PING_TCP_ACK },
	{ "tcp-ack-sport", WARTS_PING_TCP_ACK_SPORT },
	{ "tcp-synack",    WARTS_PING_TCP_SYNACK },
	{ "tcp-rst",       WARTS_PING_TCP_RST },
	{ "udp",           WARTS_PING_UDP },
	{ "udp-sport",     WARTS_PING_UDP_SPORT },
	{ "udp-dport",     WARTS_PING_UDP_DPORT },
};

int ping_method_tcp(uint8_t m)
{
	return m == WARTS_PING_TCP_ACK || m == WARTS_PING_TCP_ACK_SPORT ||
	       m == WARTS_PING_TCP_SYN || m == WARTS_PING_TCP_SYNACK ||
	       m == WARTS_PING_TCP_RST || m == WARTS_PING_TCP_SYN_SPORT;
}

int ping_method_udp(uint8_t m)
{
	return m == WARTS_PING_UDP || m == WARTS_PING_UDP_DPORT ||
	       m == WARTS_PING_UDP_SPORT;
}

int ping_method_vary_sport(uint8_t m)
{
	return m == WARTS_PING_TCP_ACK_SPORT || m == WARTS_PING_TCP_SYN_SPORT ||
	       m == WARTS_PING_UDP_SPORT;
}

int ping_method_vary_dport(uint8_t m)
{
	return m == WARTS_PING_UDP_DPORT;
}

/* ---- header sizes ------------------------------------------------------- */

uint16_t ping_ip_hlen(const warts_ping *ping)
{
	uint16_t n;
	if (ping->dst.type != WARTS_ADDR_IPV4)
		return 40;
	n = 20;
	/* RFC 791: record route of 9 addresses (39 bytes, padded to 40);
	 * timestamps only, 9 stamps (40); stamps and addresses, 4 pairs
	 * (36); prespecified addresses, 4 + 8 each */
	if (ping->flags & WARTS_PING_FLAG_V4RR)
		n += 40;
	else if (ping->tsps != NULL)
		n += (uint16_t)(8 * ping->tsps->ipc + 4);
	else if (ping->flags & WARTS_PING_FLAG_TSONLY)
		n += 40;
	else if (ping->flags & WARTS_PING_FLAG_TSANDADDR)
		n += 36;
	return n;
}

uint16_t ping_transport_hlen(const warts_ping *ping, uint16_t mss)
{
	if (ping->method == WARTS_PING_ICMP_TIME)
		return 20;   /* echo's 8, and three 32-bit timestamps */
	if (ping_method_tcp(ping->method))
		return mss != 0 ? 24 : 20;
	return 8;        /* ICMP echo, UDP */
}

/* ---- errors ------------------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static void *fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return NULL;
}

/* ---- reading values ----------------------------------------------------- */

/*
 * A number the way scamper reads one (strtoll, base as given): it fails
 * only when there are no digits or the value overflows; what follows the
 * digits is left in *end.
 */
static int to_ll(const char *s, long long *v, char **end, int base)
{
	char *e;
	errno = 0;
	*v = strtoll(s, &e, base);
	if (*v == 0 && (errno == EINVAL || e == s))
		return -1;
	if ((*v == LLONG_MIN || *v == LLONG_MAX) && errno == ERANGE)
		return -1;
	if (end != NULL)
		*end = e;
	return 0;
}

/* A numeric option's word: an optional '-', then digits only. */
static int num_word(const char *s, long long *v)
{
	const char *q = s + (*s == '-');
	if (!isdigit((unsigned char)*q))
		return -1;
	while (isdigit((unsigned char)*q))
		q++;
	if (*q != '\0')
		return -1;
	return to_ll(s, v, NULL, 0);
}

/*
 * A time in microseconds: seconds with up to six decimals, or a whole
 * or decimal count followed by "s", "ms" or (whole only) "us".  Too large
 * a value comes back as UINT64_MAX, for the caller's range check.
 */
static int time_us(const char *in, uint64_t *out)
{
	long long l, r = 0, unit = 1000000, scale;
	int zeros = 0;
	char *e;

	if (to_ll(in, &l, &e, 10) != 0 || l < 0)
		return -1;
	if (*e == '.') {
		/* the zeros after the point set the fraction's place */
		for (int x = 1; e[x] == '0'; x++)
			zeros++;
		if (to_ll(e + 1, &r, &e, 10) != 0 || r < 0)
			return -1;
	}
	if (strcmp(e, "s") == 0)
		unit = 1000000;
	else if (strcmp(e, "ms") == 0)
		unit = 1000;
	else if (strcmp(e, "us") == 0)
		unit = 1;
	else if (*e != '\0')
		return -1;
	if (r > unit - 1 || (unit == 1 && r != 0))
		return -1;
	if (unit == 1000)
		zeros += 3;
	if (l > 1000000000LL) {
		*out = UINT64_MAX;
		return 0;
	}
	*out = (uint64_t)(l * unit);
	if (r == 0)
		return 0;
	/* r's digits fill the places after the zeros: at most six in all */
	scale = 100000;
	for (long long d = 10; d <= r; d *= 10)
		scale /= 10;
	for (int i = 0; i < zeros; i++)
		scale /= 10;
	if (scale == 0)
		return -1;
	*out += (uint64_t)(r * scale);
	return 0;
}

/* Hex digits only: how many, or 0 if any is not one (or none). */
static size_t hex_len(const char *s)
{
	size_t n = 0;
	for (; s[n] != '\0'; n++)
		if (!isxdigit((unsigned char)s[n]))
			return 0;
	return n;
}

static uint8_t hex_val(char c)
{
	return (uint8_t)(isdigit((unsigned char)c) ? c - '0' :
	                 tolower((unsigned char)c) - 'a' + 10);
}

/* ---- options ------------------------------------------------------------ */

enum kind { K_FLAG, K_NUM, K_STR };

struct opt {
	char        c;
	uint8_t     kind;
	const char *what;         /* for range messages */
	long long   min, max;
};

static const struct opt opts[] = {
	{ 'A', K_NUM,  "the TCP sequence/acknowledgement number", 0,
	  UINT32_MAX },
	{ 'b', K_NUM,  "the payload size", 0, 65535 },
	{ 'B', K_STR,  NULL, 0, 0 },
	{ 'c', K_NUM,  "the probe count", 1, 65535 },
	{ 'C', K_STR,  "the ICMP checksum", 0, 65535 },
	{ 'd', K_NUM,  "the destination port", 0, 65535 },
	{ 'F', K_NUM,  "the source port", 0, 65535 },
	{ 'i', K_STR,  NULL, 0, 0 },
	{ 'm', K_NUM,  "the TTL", 1, 255 },
	{ 'M', K_NUM,  "the pseudo MTU", 0, 65535 },
	{ 'o', K_NUM,  "the reply count", 0, 65535 },
	{ 'O', K_STR,  NULL, 0, 0 },
	{ 'p', K_STR,  NULL, 0, 0 },
	{ 'P', K_STR,  NULL, 0, 0 },
	{ 'r', K_STR,  NULL, 0, 0 },
	{ 'R', K_FLAG, NULL, 0, 0 },
	{ 's', K_NUM,  "the probe size", 0, 65535 },
	{ 'S', K_STR,  NULL, 0, 0 },
	{ 'T', K_STR,  NULL, 0, 0 },
	{ 'U', K_NUM,  "the user id", 0, UINT32_MAX },
	{ 'W', K_STR,  NULL, 0, 0 },
	{ 'y', K_NUM,  "the stream interval", 0, 20 },
	{ 'z', K_STR,  "the ToS byte", 0, 255 },
};

static const struct opt *opt_find(char c)
{
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].c == c)
			return &opts[i];
	return NULL;
}

static uint64_t opt_bit(char c)
{
	return (uint64_t)1 << (islower((unsigned char)c) ? c - 'a' :
	                       c - 'A' + 26);
}

/* What the options said, before they are checked against each other. */
struct args {
	unsigned long pid;               /* the prober's (ports) */
	uint64_t    seen;
	long long   v[128];              /* numeric values by letter */
	uint64_t    wait_us, timeout_us;
	uint8_t     method;
	uint32_t    flags;
	uint16_t    mss;
	uint8_t     pattern[PING_PATTERN_MAX];
	uint16_t    pattern_len;
	uint8_t    *payload;
	uint16_t    payload_len;
	const char *src, *rtr, *ts;
};

#define SEEN(a, c) (((a)->seen & opt_bit(c)) != 0)

static int opt_method(struct args *a, const char *s, char *err, size_t n)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcasecmp(s, methods[i].name) == 0) {
			a->method = methods[i].method;
			return 0;
		}
	snprintf(err, n, "-P %s: unknown method (icmp-echo, icmp-time, "
	         "tcp-syn, tcp-syn-sport, tcp-ack, tcp-ack-sport, tcp-synack, "
	         "tcp-rst, udp, udp-sport, udp-dport)", s);
	return -1;
}

static int opt_option(struct args *a, const char *s, char *err, size_t n)
{
	static const struct { const char *name; uint32_t flag; } f[] = {
		{ "dl", WARTS_PING_FLAG_DL },
		{ "dltx", WARTS_PING_FLAG_DLTX },
		{ "nosrc", WARTS_PING_FLAG_NOSRC },
		{ "raw", WARTS_PING_FLAG_RAW },
		{ "sockrx", WARTS_PING_FLAG_SOCKRX },
		{ "spoof", WARTS_PING_FLAG_SPOOF },
		{ "tbt", WARTS_PING_FLAG_TBT },
	};
	long long v;
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (strcasecmp(s, f[i].name) == 0) {
			a->flags |= f[i].flag;
			return 0;
		}
	if (strncasecmp(s, "mss=", 4) == 0) {
		if (to_ll(s + 4, &v, NULL, 0) != 0 || v < 0 || v > 65535) {
			snprintf(err, n, "-O %s: the MSS must be 0..65535", s);
			return -1;
		}
		a->mss = (uint16_t)v;
		return 0;
	}
	snprintf(err, n, "-O %s: unknown option (dl, dltx, mss=N, nosrc, "
	         "raw, sockrx, spoof, tbt)", s);
	return -1;
}

static int opt_pattern(struct args *a, const char *s, char *err, size_t n)
{
	size_t len = hex_len(s), i = 0, o = 0;
	if (len == 0) {
		snprintf(err, n, "-p %s: the pattern must be hex digits", s);
		return -1;
	}
	if (len > 2 * PING_PATTERN_MAX) {
		snprintf(err, n, "-p %s: the pattern may have at most %d hex "
		         "digits (%d bytes)", s, 2 * PING_PATTERN_MAX,
		         PING_PATTERN_MAX);
		return -1;
	}
	/* an odd count: the first digit is a byte's low half */
	if (len % 2 != 0)
		a->pattern[o++] = hex_val(s[i++]);
	for (; i < len; i += 2)
		a->pattern[o++] = (uint8_t)(hex_val(s[i]) << 4 | hex_val(s[i + 1]));
	a->pattern_len = (uint16_t)o;
	return 0;
}

static int opt_payload(struct args *a, const char *s, char *err, size_t n)
{
	size_t len = hex_len(s);
	if (len == 0) {
		snprintf(err, n, "-B %s: the payload must be hex digits", s);
		return -1;
	}
	if (len % 2 != 0) {
		snprintf(err, n, "-B %s: the payload needs an even number of "
		         "hex digits", s);
		return -1;
	}
	if (len / 2 > PING_PAYLOAD_MAX) {
		snprintf(err, n, "-B: the payload may be at most %d bytes "
		         "(%zu given)", PING_PAYLOAD_MAX, len / 2);
		return -1;
	}
	free(a->payload);   /* a second -B is refused, after this */
	if ((a->payload = malloc(len / 2)) == NULL) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < len; i += 2)
		a->payload[i / 2] =
			(uint8_t)(hex_val(s[i]) << 4 | hex_val(s[i + 1]));
	a->payload_len = (uint16_t)(len / 2);
	a->flags |= WARTS_PING_FLAG_PAYLOAD;
	return 0;
}

static int opt_time(char c, const char *s, uint64_t max_s, uint64_t *us,
                    char *err, size_t n)
{
	const char *what = c == 'i' ? "the wait between probes" :
	                   "the wait after the last probe";
	if (time_us(s, us) != 0) {
		snprintf(err, n, "-%c %s: %s must be a time such as 1, 0.5, "
		         "500ms or 2s", c, s, what);
		return -1;
	}
	if (*us < 1000 || *us > max_s * 1000000) {
		snprintf(err, n, "-%c %s: %s must be 1ms..%llus", c, s, what,
		         (unsigned long long)max_s);
		return -1;
	}
	return 0;
}

/* One option's value: check it and keep it in a. */
static int opt_value(struct args *a, const struct opt *o, const char *s,
                     char *err, size_t n)
{
	long long v = 0;
	int bad;

	switch (o->c) {
	case 'B': return opt_payload(a, s, err, n);
	case 'i': return opt_time('i', s, 20, &a->wait_us, err, n);
	case 'W': return opt_time('W', s, 255, &a->timeout_us, err, n);
	case 'O': return opt_option(a, s, err, n);
	case 'p': return opt_pattern(a, s, err, n);
	case 'P': return opt_method(a, s, err, n);
	case 'r': a->rtr = s; return 0;
	case 'S': a->src = s; return 0;
	case 'T': a->ts = s; return 0;
	default:
		break;
	}
	/* numbers: the NUM options are digits only; -C and -z are strings
	 * that need only begin with one */
	bad = o->kind == K_NUM ? num_word(s, &v) != 0 :
	      to_ll(s, &v, NULL, 0) != 0;
	if (bad || v < o->min || v > o->max) {
		snprintf(err, n, "-%c %s: %s must be %lld..%lld", o->c, s,
		         o->what, o->min, o->max);
		return -1;
	}
	a->v[(unsigned char)o->c] = v;
	return 0;
}

/*
 * Read the options; *first is set to the index of the first word that is
 * not one (the address).
 */
static int read_opts(struct args *a, int argc, char **argv, int *first,
                     char *err, size_t n)
{
	int i = 0;
	while (i < argc && argv[i][0] == '-') {
		const char *w = argv[i++];
		if (w[1] == '-') {
			snprintf(err, n, "unknown option %s", w);
			return -1;
		}
		for (const char *c = w + 1; *c != '\0'; c++) {
			const struct opt *o = opt_find(*c);
			if (o == NULL) {
				snprintf(err, n, "unknown option -%c", *c);
				return -1;
			}
			if (o->kind != K_FLAG && (c[1] != '\0' || i == argc)) {
				snprintf(err, n, "-%c needs a value", *c);
				return -1;
			}
			if (o->kind != K_FLAG &&
			    opt_value(a, o, argv[i++], err, n) != 0)
				return -1;
			if (SEEN(a, *c) && *c != 'O') {
				snprintf(err, n, "-%c given twice", *c);
				return -1;
			}
			a->seen |= opt_bit(*c);
			if (*c == 'R')
				a->flags |= WARTS_PING_FLAG_V4RR;
		}
	}
	*first = i;
	return 0;
}

/* ---- from options to a ping --------------------------------------------- */

/*
 * -T: tsonly, tsandaddr, or tsprespec=IP[,IP...] with up to four IPv4
 * addresses that are to stamp (RFC 791 3.1, flag 3).
 */
static int ts_option(warts_ping *ping, const char *s)
{
	const char *eq = strchr(s, '=');
	char buf[128], *ips[PING_TSPS_MAX], *q;
	int n = 0;

	if (eq == NULL && strcasecmp(s, "tsonly") == 0) {
		ping->flags |= WARTS_PING_FLAG_TSONLY;
		return 0;
	}
	if (eq == NULL && strcasecmp(s, "tsandaddr") == 0) {
		ping->flags |= WARTS_PING_FLAG_TSANDADDR;
		return 0;
	}
	if (eq == NULL || strncasecmp(s, "tsprespec", 9) != 0 ||
	    strlen(eq + 1) >= sizeof(buf))
		return -1;
	strcpy(buf, eq + 1);
	for (q = buf;;) {
		if (n == PING_TSPS_MAX)
			return -1;
		ips[n++] = q;
		while (isdigit((unsigned char)*q) || *q == '.')
			q++;
		if (*q == '\0')
			break;
		if (*q != ',')
			return -1;
		*q++ = '\0';
	}
	if ((ping->tsps = warts_ping_tsps_alloc((uint8_t)n)) == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (warts_addr_fromstr(&ping->tsps->ip[i], ips[i]) != 0 ||
		    ping->tsps->ip[i].type != WARTS_ADDR_IPV4)
			return -1;
	return 0;
}

/*
 * Why addr cannot be probed, or NULL if it can: the unspecified address
 * (0.0.0.0/8, ::), multicast and the IPv4 limited broadcast.  Packets to
 * them reach no one host (Linux delivers 0.0.0.0 to itself), so the
 * command is refused rather than measuring something else.
 */
static const char *dst_refused(const warts_addr *a)
{
	static const uint8_t zero[16];
	if (a->type == WARTS_ADDR_IPV4) {
		if (a->bytes[0] == 0)
			return "unspecified";
		if ((a->bytes[0] & 0xf0) == 0xe0)
			return "multicast";
		if (memcmp(a->bytes, "\xff\xff\xff\xff", 4) == 0)
			return "broadcast";
		return NULL;
	}
	if (memcmp(a->bytes, zero, 16) == 0)
		return "unspecified";
	if (a->bytes[0] == 0xff)
		return "multicast";
	return NULL;
}

/* An address of the destination's family, for -S and -r. */
static int addr_of(warts_addr *a, const char *s, int type)
{
	return warts_addr_fromstr(a, s) != 0 || a->type != type ? -1 : 0;
}

static uint32_t random32(void)
{
	uint32_t v = 0;
	if (getrandom(&v, sizeof(v), 0) != (ssize_t)sizeof(v))
		v = (uint32_t)rand() << 16 ^ (uint32_t)rand();
	return v;
}

/* Bytes a spoofed probe carries of the real source (-O spoof). */
static uint16_t spoof_len(const warts_ping *ping)
{
	if ((ping->flags & WARTS_PING_FLAG_SPOOF) == 0 ||
	    (ping->flags & WARTS_PING_FLAG_NOSRC) != 0 ||
	    ping->method == WARTS_PING_TCP_SYNACK ||
	    ping->method == WARTS_PING_TCP_RST)
		return 0;
	return ping->dst.type == WARTS_ADDR_IPV4 ? 4 : 16;
}

/* The size and payload: -s, -b, -B, -p and the headers must agree. */
static void *sizes(struct ping_cmd *pc, struct args *a, char *err, size_t n)
{
	warts_ping *ping = &pc->ping;
	long long size = SEEN(a, 's') ? a->v['s'] : 0;
	long long psize = SEEN(a, 'b') ? a->v['b'] : -1;
	long long min;

	if (SEEN(a, 'p') && SEEN(a, 'B'))
		return fail(err, n, "-p and -B: give a pattern or a payload, "
		            "not both");
	/* with -C the probe carries the 2 checksum bytes, then -B's
	 * payload (as scamper 20211212 sizes it) */
	if (SEEN(a, 'B')) {
		long long want = a->payload_len + (SEEN(a, 'C') ? 2 : 0);
		if (SEEN(a, 'b') && psize != want)
			return fail(err, n, "-b %lld: the payload given with -B "
			            "is %u bytes%s", psize, a->payload_len,
			            SEEN(a, 'C') ? ", and 2 more with -C" : "");
		psize = want;
	}
	if (a->ts != NULL) {
		if (ping->dst.type != WARTS_ADDR_IPV4)
			return fail(err, n, "-T: IP timestamps are an IPv4 "
			            "option; the destination is IPv6");
		if (ping->flags & WARTS_PING_FLAG_V4RR)
			return fail(err, n, "-T and -R: an IPv4 header has room "
			            "for only one of the two options");
		if (ts_option(ping, a->ts) != 0)
			return fail(err, n, "-T %s: expected tsonly, tsandaddr "
			            "or tsprespec=IP[,IP...] with up to %d IPv4 "
			            "addresses", a->ts, PING_TSPS_MAX);
	}
	min = ping_ip_hlen(ping) + spoof_len(ping) +
	      ping_transport_hlen(ping, pc->mss);
	if (size != 0 && size < min)
		return fail(err, n, "-s %lld: the probe size must be at least "
		            "%lld for these headers", size, min);
	if (psize < 0) {
		if (size != 0)
			psize = size - min;
		else if (ping->method == WARTS_PING_ICMP_ECHO)
			psize = 56;
		else if (ping->method == WARTS_PING_ICMP_TIME)
			psize = 44;
		else if (ping_method_udp(ping->method))
			psize = 12;
		else
			psize = 0;
	}
	if (size == 0)
		size = min + psize;
	else if (size != min + psize)
		return fail(err, n, "-s %lld: the probe size must be %lld, the "
		            "headers' %lld bytes and the payload's %lld", size,
		            min + psize, min, psize);
	if (size > 65535)
		return fail(err, n, "-b %lld: the probe would be %lld bytes; "
		            "at most 65535", psize, size);
	ping->probe_size = (uint16_t)size;

	if (SEEN(a, 'C')) {
		if (!warts_ping_method_is_icmp(ping))
			return fail(err, n, "-C: the ICMP checksum needs an ICMP "
			            "method (icmp-echo, icmp-time)");
		if (psize < 2)
			return fail(err, n, "-C: the payload must have at least "
			            "2 bytes to set the checksum with");
		ping->icmpsum = (uint16_t)a->v['C'];
		ping->flags |= WARTS_PING_FLAG_ICMPSUM;
	}
	return pc;
}

/* Source and destination ports (or ICMP id and first sequence). */
static void *ports(struct ping_cmd *pc, struct args *a, char *err, size_t n)
{
	warts_ping *ping = &pc->ping;
	int icmp = warts_ping_method_is_icmp(ping);
	long long sport = SEEN(a, 'F') ? a->v['F'] : -1;
	long long dport = SEEN(a, 'd') ? a->v['d'] : -1;
	long long span = ping->attempts - 1;
	uint16_t pid = (uint16_t)(a->pid & 0xffff);

	if (sport < 0) {
		/* scamper's: the process id, and for TCP/UDP its top bit set
		 * so the port is outside the usual ephemeral range's start */
		sport = icmp ? pid : (pid | 0x8000);
		if (ping_method_vary_sport(ping->method) &&
		    65535 - sport < span && ping->attempts < 32768) {
			sport -= ping->attempts;
			if (sport < 0x8000)
				sport = 0x8000;
		}
	} else if (sport != 0 || icmp) {
		/* an ICMP id of 0 is an id like any other, as in scamper */
		pc->sport_fixed = 1;
		if (ping_method_vary_sport(ping->method) && 65535 - sport < span)
			return fail(err, n, "-F %lld: with -c %u the source ports "
			            "would pass 65535", sport, ping->attempts);
	} else {
		pc->sport_os = 1;   /* 0: TCP and UDP bind to a free port */
	}
	if (dport < 0)
		dport = icmp ? 0 : PING_DPORT_DEF;
	if (ping_method_vary_dport(ping->method) && 65535 - dport < span)
		return fail(err, n, "-d %lld: with -c %u the destination ports "
		            "would pass 65535", dport, ping->attempts);
	ping->sport = (uint16_t)sport;
	ping->dport = (uint16_t)dport;
	return pc;
}

/* Everything after the options are read: the checks between them. */
static void *build(struct ping_cmd *pc, struct args *a, const char *addr,
                   char *err, size_t n)
{
	warts_ping *ping = &pc->ping;
	uint64_t wait = SEEN(a, 'i') ? a->wait_us : 1000000;
	uint64_t timeout = SEEN(a, 'W') ? a->timeout_us : 1000000;
	const char *why;

	/* without -W, the wait after the last probe is at least -i's */
	if (!SEEN(a, 'W') && timeout < wait)
		timeout = wait;
	pc->mss = a->mss;
	ping->method = a->method;
	if (pc->mss != 0 && ping->method != WARTS_PING_TCP_SYN &&
	    ping->method != WARTS_PING_TCP_SYNACK &&
	    ping->method != WARTS_PING_TCP_SYN_SPORT)
		return fail(err, n, "-O mss=%u: an MSS option needs a SYN "
		            "method (tcp-syn, tcp-syn-sport, tcp-synack)",
		            pc->mss);
	if (warts_addr_fromstr(&ping->dst, addr) != 0 ||
	    (ping->dst.type != WARTS_ADDR_IPV4 &&
	     ping->dst.type != WARTS_ADDR_IPV6))
		return fail(err, n, "%s: not an IPv4 or IPv6 address", addr);
	if ((why = dst_refused(&ping->dst)) != NULL)
		return fail(err, n, "invalid destination address %s (%s)",
		            addr, why);
	if (ping->method == WARTS_PING_ICMP_TIME &&
	    ping->dst.type != WARTS_ADDR_IPV4)
		return fail(err, n, "-P icmp-time: ICMP timestamps exist only "
		            "in IPv4");
	ping->flags |= a->flags;
	ping->attempts = SEEN(a, 'c') ? (uint16_t)a->v['c'] : PING_ATTEMPTS_DEF;
	if (sizes(pc, a, err, n) == NULL)
		return NULL;
	ping->pmtu = (uint16_t)a->v['M'];
	if (ping->flags & WARTS_PING_FLAG_TBT) {
		if (ping->dst.type != WARTS_ADDR_IPV6)
			return fail(err, n, "-O tbt: the too-big trick is for "
			            "IPv6 destinations");
		if (ping->pmtu == 0 || ping->probe_size <= ping->pmtu)
			return fail(err, n, "-O tbt: give -M, a pseudo MTU below "
			            "the probe size (%u)", ping->probe_size);
	}
	if (ping->pmtu != 0 && (ping->flags & WARTS_PING_FLAG_SOCKRX))
		return fail(err, n, "-M and -O sockrx cannot be used together");
	if (a->src != NULL && addr_of(&ping->src, a->src, ping->dst.type) != 0)
		return fail(err, n, "-S %s: not an address of the destination's "
		            "family", a->src);
	if (a->rtr != NULL && addr_of(&ping->rtr, a->rtr, ping->dst.type) != 0)
		return fail(err, n, "-r %s: not an address of the destination's "
		            "family", a->rtr);
	if (a->pattern_len != 0) {
		if ((ping->payload = malloc(a->pattern_len)) == NULL)
			return fail(err, n, "out of memory");
		memcpy(ping->payload, a->pattern, a->pattern_len);
		ping->payload_len = a->pattern_len;
	} else if (a->payload_len != 0) {
		ping->payload = a->payload;
		ping->payload_len = a->payload_len;
		a->payload = NULL;
	}
	ping->wait_sec = (uint8_t)(wait / 1000000);
	ping->wait_usec = (uint32_t)(wait % 1000000);
	ping->timeout_sec = (uint8_t)(timeout / 1000000);
	ping->timeout_usec = (uint32_t)(timeout % 1000000);
	ping->ttl = SEEN(a, 'm') ? (uint8_t)a->v['m'] : PING_TTL_DEF;
	ping->tos = (uint8_t)a->v['z'];
	ping->stop_count = (uint16_t)a->v['o'];
	ping->userid = (uint32_t)a->v['U'];
	if (ports(pc, a, err, n) == NULL)
		return NULL;
	if ((ping->flags & WARTS_PING_FLAG_RAW) &&
	    (ping->dst.type != WARTS_ADDR_IPV4 ||
	     !ping_method_tcp(ping->method)))
		return fail(err, n, "-O raw: only for IPv4 TCP methods");
	if (ping_method_tcp(ping->method)) {
		/* -A is the seq of a SYN or RST, the ack of the others */
		uint32_t v = SEEN(a, 'A') ? (uint32_t)a->v['A'] : random32();
		if (ping->method == WARTS_PING_TCP_SYN ||
		    ping->method == WARTS_PING_TCP_SYN_SPORT ||
		    ping->method == WARTS_PING_TCP_RST) {
			ping->tcpseq = v;
			ping->tcpack = 0;
		} else {
			ping->tcpack = v;
			ping->tcpseq = random32();
		}
	}
	return pc;
}

void *ping_cmd_parse(struct prober *p, int argc, char **argv, char *err,
                     size_t errlen)
{
	struct ping_cmd *pc;
	struct args *a;
	void *rc = NULL;
	int first;

	err[0] = '\0';
	if ((a = calloc(1, sizeof(*a))) == NULL ||
	    (pc = calloc(1, sizeof(*pc))) == NULL) {
		free(a);
		return fail(err, errlen, "out of memory");
	}
	a->pid = prober_pid(p);
	a->method = WARTS_PING_ICMP_ECHO;
	if (read_opts(a, argc, argv, &first, err, errlen) != 0)
		goto done;
	if (first == argc) {
		fail(err, errlen, "expected an address to ping");
		goto done;
	}
	if (first + 1 < argc) {
		fail(err, errlen, "%s %s: expected one address to ping (options "
		     "go before it)", argv[first], argv[first + 1]);
		goto done;
	}
	rc = build(pc, a, argv[first], err, errlen);
done:
	free(a->payload);
	free(a);
	if (rc == NULL)
		ping_cmd_free(pc);
	return rc;
}

void ping_cmd_free(void *obj)
{
	/* the warts ping is the first member: freeing it frees the whole */
	warts_ping_free(obj);
}
