/*
 * trace_cmd.c: scamper's trace command.
 *
 *   trace [-MQT] [-c confidence] [-d dport] [-f firsthop] [-g gaplimit]
 *         [-G gapaction] [-H wait-probe-hop] [-l loops] [-m maxttl]
 *         [-N squeries] [-o offset] [-O option] [-p payload] [-P method]
 *         [-q attempts] [-r rtraddr] [-s sport] [-S srcaddr] [-t tos]
 *         [-U userid] [-w wait-timeout] [-W wait-probe] [-y stream]
 *         [-z gss-entry] [-Z lss-name] address
 *
 * Defaults, ranges and the checks between options are scamper's (its
 * trace command and man page): the same command is accepted or refused
 * for the same reason.  Options without a parameter may be run together
 * (-MQT); a parameter is always the next word.  Numbers for the options
 * scamper reads as numbers are digits, read as C reads them (a leading 0
 * is octal), as scamper does; -d and -t also take hex (0x..); times
 * (-w, -W, -H) take a unit suffix (s, ms, us) or default to seconds (-w,
 * -H) or 10s of ms (-W).
 * Every option but -O and -z may be given once.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "trace.h"

/* ---- methods and sizes ------------------------------------------------ */

uint16_t trace_sport_default(const struct prober *p)
{
	return (uint16_t)((prober_pid(p) & 0x7fff) + 0x8000);
}

int trace_is_udp(const warts_trace *t)
{
	return t->type == WARTS_TRACE_UDP || t->type == WARTS_TRACE_UDP_PARIS;
}

int trace_is_tcp(const warts_trace *t)
{
	return t->type == WARTS_TRACE_TCP || t->type == WARTS_TRACE_TCP_ACK;
}

int trace_is_icmp(const warts_trace *t)
{
	return t->type == WARTS_TRACE_ICMP_ECHO ||
	       t->type == WARTS_TRACE_ICMP_ECHO_PARIS;
}

uint16_t trace_header_size(const warts_trace *t)
{
	uint16_t len = t->dst.type == WARTS_ADDR_IPV6 ? 40 : 20;
	if (t->offset > 0)
		return len;
	if (trace_is_tcp(t))
		return (uint16_t)(len + 20);
	return (uint16_t)(len + 8);   /* UDP header; ICMP echo header */
}

static const struct {
	const char *name;
	uint8_t     type;
} methods[] = {
	{ "udp", WARTS_TRACE_UDP },
	{ "tcp", WARTS_TRACE_TCP },
	{ "icmp", WARTS_TRACE_ICMP_ECHO },
	{ "icmp-paris", WARTS_TRACE_ICMP_ECHO_PARIS },
	{ "udp-paris", WARTS_TRACE_UDP_PARIS },
	{ "tcp-ack", WARTS_TRACE_TCP_ACK },
};

/* ---- the options ------------------------------------------------------ */

enum arg { A_NONE, A_NUM, A_STR };

struct optdef {
	char        c;
	enum arg    arg;
	const char *name;      /* for messages */
	long long   min, max;  /* for numbers */
};

static const struct optdef defs[] = {
	{ 'c', A_NUM, "confidence", 95, 99 },
	{ 'd', A_STR, "dport", 1, 65535 },
	{ 'f', A_NUM, "firsthop", 1, 255 },
	{ 'g', A_NUM, "gaplimit", 1, 255 },
	{ 'G', A_NUM, "gapaction", 1, 2 },
	{ 'H', A_STR, "wait-probe-hop", 0, 0 },
	{ 'l', A_NUM, "loops", 0, 255 },
	{ 'm', A_NUM, "maxttl", 0, 255 },
	{ 'M', A_NONE, "pmtud", 0, 0 },
	{ 'N', A_NUM, "squeries", 1, 255 },
	{ 'o', A_NUM, "offset", 0, 8190 },
	{ 'O', A_STR, "option", 0, 0 },
	{ 'p', A_STR, "payload", 0, 0 },
	{ 'P', A_STR, "method", 0, 0 },
	{ 'q', A_NUM, "attempts", 1, 20 },
	{ 'Q', A_NONE, "all-attempts", 0, 0 },
	{ 'r', A_STR, "rtraddr", 0, 0 },
	{ 's', A_NUM, "sport", 0, 65535 },
	{ 'S', A_STR, "srcaddr", 0, 0 },
	{ 't', A_STR, "tos", 0, 255 },
	{ 'T', A_NONE, "ignore-ttl-dst", 0, 0 },
	{ 'U', A_NUM, "userid", 0, UINT32_MAX },
	{ 'w', A_STR, "wait-timeout", 0, 0 },
	{ 'W', A_STR, "wait-probe", 0, 0 },
	{ 'y', A_NUM, "stream", 0, 20 },
	{ 'z', A_STR, "gss-entry", 0, 0 },
	{ 'Z', A_STR, "lss-name", 0, 0 },
};

#define NDEFS (sizeof(defs) / sizeof(defs[0]))

static const struct optdef *def_of(char c)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (defs[i].c == c)
			return &defs[i];
	return NULL;
}

/* What the words say, before the checks between options.  val and seen
 * are indexed by the option's letter (IDX), which costs no search: a
 * prober parses a command for every address it reads, so only the
 * members before opt_O are zeroed for each: the lists are read up to
 * their counts. */
struct opts {
	const char *val[128];    /* the last parameter given, or "" */
	uint8_t     seen[128];   /* 1 if given */
	int         nO;
	int         nz;
	const char *addr;
	char       *err;
	size_t      errlen;
	const char *opt_O[32];   /* every -O */
	const char *opt_z[256];  /* every -z */
};

#define IDX(c) ((size_t)(unsigned char)(c) & 127)

static int fail(struct opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(struct opts *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->err, o->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Split the words into options and the address. */
static int scan(int argc, char **argv, struct opts *o)
{
	int i;
	for (i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (w[0] != '-' || w[1] == '\0')
			break;
		if (w[1] == '-')
			return fail(o, "%s: trace has no long options", w);
		for (const char *c = w + 1; *c != '\0'; c++) {
			const struct optdef *d = def_of(*c);
			size_t k;
			if (d == NULL)
				return fail(o, "-%c: unknown option", *c);
			k = IDX(d->c);
			if (o->seen[k] && d->c != 'O' && d->c != 'z')
				return fail(o, "-%c: repeated option", d->c);
			o->seen[k] = 1;
			if (d->arg == A_NONE) {
				o->val[k] = "";
				continue;
			}
			if (c[1] != '\0' || i + 1 >= argc)
				return fail(o, "-%c: needs a value (%s)", d->c,
				            d->name);
			o->val[k] = argv[++i];
			if (d->c == 'O') {
				if (o->nO == (int)(sizeof(o->opt_O) /
				                   sizeof(o->opt_O[0])))
					return fail(o, "-O: too many options");
				o->opt_O[o->nO++] = o->val[k];
			} else if (d->c == 'z') {
				if (o->nz == (int)(sizeof(o->opt_z) /
				                   sizeof(o->opt_z[0])))
					return fail(o, "-z: too many entries");
				o->opt_z[o->nz++] = o->val[k];
			}
			break;
		}
	}
	if (i >= argc)
		return fail(o, "expected an address to trace");
	if (i + 1 < argc)
		return fail(o, "%s: unexpected after the address %s",
		            argv[i + 1], argv[i]);
	o->addr = argv[i];
	return 0;
}

/*
 * A number of the kind scamper's option parser takes: an optional minus
 * and digits, nothing else, read as C reads an integer constant (so
 * "010" is 8), and as scamper does, only as far as the digits make
 * sense in that base ("08" is 0).
 */
static int num_digits(const char *s, long long *v)
{
	const char *p = s;
	char *end;
	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != '\0')
		return -1;
	errno = 0;
	*v = strtoll(s, &end, 0);
	if (errno == ERANGE)
		*v = *s == '-' ? LLONG_MIN : LLONG_MAX;
	return 0;
}

/* A number as C reads it: decimal, 0x hex or 0 octal, all of the word. */
static int num_c(const char *s, long long *v)
{
	char *end;
	errno = 0;
	*v = strtoll(s, &end, 0);
	if (end == s || *end != '\0')
		return -1;
	if (errno == ERANGE)
		*v = *s == '-' ? LLONG_MIN : LLONG_MAX;
	return 0;
}

/* The number option c was given, checked against its range. */
static int number(struct opts *o, char c, long long *v)
{
	const struct optdef *d = def_of(c);
	const char *s = o->val[IDX(c)];
	int rc = d->arg == A_NUM ? num_digits(s, v) : num_c(s, v);
	if (rc != 0 || *v < d->min || *v > d->max) {
		if (c == 'c')
			return fail(o, "-c %s: confidence must be 95 or 99", s);
		return fail(o, "-%c %s: %s must be %lld..%lld", c, s, d->name,
		            d->min, d->max);
	}
	if (c == 'c' && *v != 95 && *v != 99)
		return fail(o, "-c %s: confidence must be 95 or 99", s);
	return 0;
}

/*
 * A duration: digits, an optional fraction, an optional unit (s, ms, us);
 * without a unit, in units of unit_us.  Returns microseconds, or -1 if
 * malformed or not a whole number of microseconds.
 */
static long long duration(const char *s, long long unit_us)
{
	long long whole = 0, frac = 0, scale = 1;
	const char *p = s;
	int digits = 0;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 100000000LL)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
			if (digits >= 9)
				return -1;
			frac = frac * 10 + (*p - '0');
			scale *= 10;
		}
		if (digits == 0)
			return -1;
	}
	if (strcmp(p, "s") == 0)
		unit_us = 1000000;
	else if (strcmp(p, "ms") == 0)
		unit_us = 1000;
	else if (strcmp(p, "us") == 0)
		unit_us = 1;
	else if (*p != '\0')
		return -1;
	if ((frac * unit_us) % scale != 0)
		return -1;
	return whole * unit_us + frac * unit_us / scale;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* ---- building the trace ---------------------------------------------- */

static int addr_cmp_q(const void *a, const void *b)
{
	return warts_addr_cmp(a, b);
}

int trace_cmd_gss_has(const struct trace_cmd *c, const warts_addr *addr)
{
	return c->gssc > 0 &&
	       bsearch(addr, c->gss, c->gssc, sizeof(*c->gss),
	               addr_cmp_q) != NULL;
}

static int set_durations(struct opts *o, warts_trace *t,
                         struct trace_cmd *cmd)
{
	long long us;
	const char *s;

	t->wait = 5;
	if (o->seen[IDX('w')]) {
		s = o->val[IDX('w')];
		if ((us = duration(s, 1000000)) < 0)
			return fail(o, "-w %s: malformed wait-timeout", s);
		if (us % 1000000 != 0)
			return fail(o, "-w %s: wait-timeout cannot have "
			            "fractions of a second", s);
		if (us < 1000000 || us > 10000000)
			return fail(o, "-w %s: wait-timeout must be 1s..10s",
			            s);
		t->wait = (uint8_t)(us / 1000000);
	}
	if (o->seen[IDX('W')]) {
		s = o->val[IDX('W')];
		if ((us = duration(s, 10000)) < 0)
			return fail(o, "-W %s: malformed wait-probe", s);
		if (us % 10000 != 0)
			return fail(o, "-W %s: wait-probe granularity is 10ms",
			            s);
		if (us > 2000000)
			return fail(o, "-W %s: wait-probe must be 0..2s", s);
		t->wait_probe = (uint8_t)(us / 10000);
	}
	if (o->seen[IDX('H')]) {
		s = o->val[IDX('H')];
		if ((us = duration(s, 1000000)) < 0)
			return fail(o, "-H %s: malformed wait-probe-hop", s);
		if (us > 2000000)
			return fail(o, "-H %s: wait-probe-hop must be 0..2s",
			            s);
		cmd->wait_probe_hop = (uint32_t)us;
	}
	return 0;
}

static int set_options(struct opts *o, warts_trace *t, struct trace_cmd *cmd)
{
	static const struct { const char *name; uint32_t flag; } names[] = {
		{ "back", WARTS_TRACE_FLAG_BACK },
		{ "const-payload", WARTS_TRACE_FLAG_CONSTPAYLOAD },
		{ "dl", WARTS_TRACE_FLAG_DL },
		{ "dtree-noback", 0 },
		{ "ptr", WARTS_TRACE_FLAG_PTR },
		{ "raw", WARTS_TRACE_FLAG_RAW },
	};
	for (int i = 0; i < o->nO; i++) {
		size_t k;
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strcasecmp(o->opt_O[i], names[k].name) == 0)
				break;
		if (k == sizeof(names) / sizeof(names[0]))
			return fail(o, "-O %s: unknown option (back, "
			            "const-payload, dl, dtree-noback, ptr, "
			            "raw)", o->opt_O[i]);
		if (names[k].flag == 0)
			cmd->dtree_flags |= TRACE_DTREE_FLAG_NOBACK;
		t->flags |= names[k].flag;
	}
	return 0;
}

static int set_payload(struct opts *o, struct trace_cmd *cmd)
{
	const char *s = o->val[IDX('p')];
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (hexval(s[i]) < 0)
			return fail(o, "-p %s: payload must be in hex", s);
	if (n == 0)
		return fail(o, "-p: payload must be in hex");
	if (n % 2 != 0)
		return fail(o, "-p %s: expected an even number of hex "
		            "characters", s);
	if (n / 2 > 65535 - 48)
		return fail(o, "-p: payload longer than a packet");
	if ((cmd->payload = malloc(n / 2)) == NULL)
		return fail(o, "out of memory");
	for (size_t i = 0; i < n; i += 2)
		cmd->payload[i / 2] = (uint8_t)(hexval(s[i]) << 4 |
		                                hexval(s[i + 1]));
	cmd->payload_len = (uint16_t)(n / 2);
	return 0;
}

/* The numeric options, into the trace. */
static int set_numbers(struct opts *o, warts_trace *t, struct trace_cmd *cmd)
{
	static const char order[] = "cdfgGlmNoqstUy";
	for (const char *c = order; *c != '\0'; c++) {
		long long v = 0;
		if (!o->seen[IDX(*c)])
			continue;
		if (number(o, *c, &v) != 0)
			return -1;
		switch (*c) {
		case 'c': t->confidence = (uint8_t)v; break;
		case 'd': t->dport = (uint16_t)v; break;
		case 'f': t->firsthop = (uint8_t)v; break;
		case 'g': t->gaplimit = (uint8_t)v; break;
		case 'G': t->gapaction = (uint8_t)v; break;
		case 'l': t->loops = (uint8_t)v; break;
		case 'm': t->hoplimit = (uint8_t)v; break;
		case 'N': t->squeries = (uint8_t)v; break;
		case 'o': t->offset = (uint16_t)v; break;
		case 'q': t->attempts = (uint8_t)v; break;
		case 's':
			t->sport = (uint16_t)v;
			cmd->sport_os = v == 0;
			cmd->sport_given = 1;
			break;
		case 't': t->tos = (uint8_t)v; break;
		case 'U': t->userid = (uint32_t)v; break;
		case 'y': cmd->stream = (uint8_t)v; break;
		default: break;
		}
	}
	return 0;
}

static int set_method(struct opts *o, warts_trace *t)
{
	const char *s = o->val[IDX('P')];
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcasecmp(s, methods[i].name) == 0) {
			t->type = methods[i].type;
			return 0;
		}
	return fail(o, "-P %s: unknown method (udp, udp-paris, icmp, "
	            "icmp-paris, tcp, tcp-ack)", s);
}

/* The checks scamper makes between options, in its order. */
static int check(struct opts *o, warts_trace *t, const struct trace_cmd *cmd)
{
	int dtree = o->seen[IDX('z')] || o->seen[IDX('Z')];
	if (t->flags & WARTS_TRACE_FLAG_BACK) {
		if (dtree)
			return fail(o, "-O back: backwards probing cannot be "
			            "used with doubletree (-z, -Z)");
		if (!o->seen[IDX('m')])
			return fail(o, "-O back: backwards probing needs a "
			            "maxttl (-m)");
	}
	if (t->hoplimit != 0 && t->firsthop > t->hoplimit)
		return fail(o, "-f %u: firsthop cannot be beyond maxttl "
		            "(-m %u)", t->firsthop, t->hoplimit);
	if (t->squeries > t->gaplimit)
		return fail(o, "-N %u: squeries cannot be greater than the "
		            "gaplimit (-g %u)", t->squeries, t->gaplimit);
	if (t->flags & WARTS_TRACE_FLAG_PMTUD) {
		if (t->firsthop > 1 || dtree)
			return fail(o, "-M: cannot do pmtud without all of "
			            "the path (no -f, -z or -Z)");
		if (t->type == WARTS_TRACE_TCP)
			return fail(o, "-M: cannot do pmtud with tcp syn "
			            "probes (-P tcp)");
	}
	if (t->confidence != 0 && (t->flags & WARTS_TRACE_FLAG_ALLATTEMPTS))
		return fail(o, "-c %u: cannot set both confidence and "
		            "all-attempts (-Q)", t->confidence);
	if (trace_is_tcp(t) && cmd->payload_len > 0)
		return fail(o, "-p: cannot include a payload with tcp "
		            "traceroute");
	if (trace_is_tcp(t) && t->squeries > 1)
		return fail(o, "-N %u: cannot send parallel probes with tcp "
		            "methods", t->squeries);
	if ((t->flags & WARTS_TRACE_FLAG_RAW) &&
	    (t->dst.type != WARTS_ADDR_IPV4 || !trace_is_tcp(t)))
		return fail(o, "-O raw: only works for IPv4 tcp methods");
	if (t->offset != 0 && t->dst.type != WARTS_ADDR_IPV6)
		return fail(o, "-o %u: fragment traceroute is IPv6 only",
		            t->offset);
	return 0;
}

/*
 * Why addr cannot be traced, or NULL if it can: the unspecified address
 * (0.0.0.0/8, ::), multicast and the IPv4 limited broadcast reach no one
 * host (Linux delivers 0.0.0.0 to itself).
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

static int ip_of(struct opts *o, char c, const char *s, uint8_t want,
                 warts_addr *a)
{
	if (warts_addr_fromstr(a, s) != 0 ||
	    (a->type != WARTS_ADDR_IPV4 && a->type != WARTS_ADDR_IPV6))
		return fail(o, "-%c %s: not an IP address", c, s);
	if (want != WARTS_ADDR_NONE && a->type != want)
		return fail(o, "-%c %s: not of the destination's family", c,
		            s);
	return 0;
}

static int set_addrs(struct opts *o, warts_trace *t, struct trace_cmd *cmd)
{
	uint8_t af = t->dst.type;
	if (o->seen[IDX('S')] &&
	    ip_of(o, 'S', o->val[IDX('S')], af, &t->src) != 0)
		return -1;
	if (o->seen[IDX('r')] &&
	    ip_of(o, 'r', o->val[IDX('r')], af, &t->rtr) != 0)
		return -1;
	if (!o->seen[IDX('z')])
		return 0;
	/* every -z, in the order given; then sorted without duplicates */
	if ((cmd->gss = calloc((size_t)o->nz, sizeof(*cmd->gss))) == NULL)
		return fail(o, "out of memory");
	for (int i = 0; i < o->nz; i++) {
		size_t k;
		if (ip_of(o, 'z', o->opt_z[i], af, &cmd->gss[cmd->gssc]) != 0)
			return -1;
		for (k = 0; k < cmd->gssc; k++)
			if (warts_addr_cmp(&cmd->gss[k],
			                   &cmd->gss[cmd->gssc]) == 0)
				break;
		if (k == cmd->gssc)
			cmd->gssc++;
	}
	qsort(cmd->gss, cmd->gssc, sizeof(*cmd->gss), addr_cmp_q);
	return 0;
}

static int set_dtree(struct opts *o, warts_trace *t, struct trace_cmd *cmd)
{
	if (!o->seen[IDX('z')] && !o->seen[IDX('Z')])
		return 0;
	if ((t->dtree = calloc(1, sizeof(*t->dtree))) == NULL)
		return fail(o, "out of memory");
	t->flags |= WARTS_TRACE_FLAG_DOUBLETREE;
	t->dtree->firsthop = t->firsthop;
	t->dtree->flags = cmd->dtree_flags;
	if (o->seen[IDX('Z')]) {
		if ((t->dtree->lss_name = strdup(o->val[IDX('Z')])) == NULL ||
		    (cmd->lss = strdup(o->val[IDX('Z')])) == NULL)
			return fail(o, "out of memory");
	}
	return 0;
}

/* The probe size scamper records: headers and a 12-byte pad by default. */
static void set_probe_size(warts_trace *t, const struct trace_cmd *cmd)
{
	if (t->dst.type == WARTS_ADDR_IPV4) {
		if (trace_is_tcp(t))
			t->probe_size = 40;
		else if (cmd->payload_len == 0)
			t->probe_size = 44;
		else
			t->probe_size = (uint16_t)(28 + cmd->payload_len);
	} else {
		if (t->offset != 0)
			t->probe_size = (uint16_t)(52 + cmd->payload_len);
		else if (cmd->payload_len == 0 || trace_is_tcp(t))
			t->probe_size = 60;
		else
			t->probe_size = (uint16_t)(48 + cmd->payload_len);
	}
}

void trace_cmd_free(void *obj)
{
	struct trace_cmd *cmd = obj;
	if (cmd == NULL)
		return;
	free(cmd->payload);
	free(cmd->gss);
	free(cmd->lss);
	/* the trace is the first member: this frees the whole command */
	warts_trace_free(&cmd->t);
}

void *trace_cmd_parse(struct prober *p, int argc, char **argv, char *err,
                      size_t errlen)
{
	struct opts o;
	struct trace_cmd *cmd;
	warts_trace *t;
	const char *why;

	(void)p;
	memset(&o, 0, offsetof(struct opts, opt_O));
	o.err = err;
	o.errlen = errlen;
	if (scan(argc, argv, &o) != 0)
		return NULL;
	if ((cmd = calloc(1, sizeof(*cmd))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t = &cmd->t;
	/* scamper's defaults */
	t->type = WARTS_TRACE_UDP_PARIS;
	t->attempts = 2;
	t->firsthop = 1;
	t->gaplimit = 5;
	t->gapaction = WARTS_TRACE_GAPACTION_STOP;
	t->squeries = 1;
	t->loops = 1;
	t->dport = 32768 + 666 + 1;
	t->sport = trace_sport_default(p);

	if (set_numbers(&o, t, cmd) != 0 || set_durations(&o, t, cmd) != 0 ||
	    set_options(&o, t, cmd) != 0 ||
	    (o.seen[IDX('p')] && set_payload(&o, cmd) != 0) ||
	    (o.seen[IDX('P')] && set_method(&o, t) != 0))
		goto fail;
	if (o.seen[IDX('M')])
		t->flags |= WARTS_TRACE_FLAG_PMTUD;
	if (o.seen[IDX('Q')])
		t->flags |= WARTS_TRACE_FLAG_ALLATTEMPTS;
	if (o.seen[IDX('T')])
		t->flags |= WARTS_TRACE_FLAG_IGNORETTLDST;
	if (warts_addr_fromstr(&t->dst, o.addr) != 0 ||
	    (t->dst.type != WARTS_ADDR_IPV4 &&
	     t->dst.type != WARTS_ADDR_IPV6)) {
		fail(&o, "%s: not an IP address to trace", o.addr);
		goto fail;
	}
	if ((why = dst_refused(&t->dst)) != NULL) {
		fail(&o, "invalid destination address %s (%s)", o.addr, why);
		goto fail;
	}
	if (check(&o, t, cmd) != 0)
		goto fail;
	/* to start with, the trace is this far into the path */
	t->hop_count = (uint16_t)(t->firsthop - 1);
	set_probe_size(t, cmd);
	if (set_addrs(&o, t, cmd) != 0)
		goto fail;
	/* for ICMP-Paris the held checksum is recorded as the dport */
	if (t->type == WARTS_TRACE_ICMP_ECHO_PARIS) {
		t->flags |= WARTS_TRACE_FLAG_ICMPCSUMDP;
		if (!o.seen[IDX('d')])
			t->dport = trace_sport_default(p);
	}
	if (set_dtree(&o, t, cmd) != 0)
		goto fail;
	return cmd;
fail:
	trace_cmd_free(cmd);
	return NULL;
}
