/*
 * test_trace_cmd.c: the trace command's parser: scamper's defaults, every
 * option's accepted and refused forms (with a reason naming the option
 * and its range), and the checks between options.  Then the probes each
 * method builds: Paris methods hold their flow identifiers (ports; the
 * ICMP checksum) still, and every probe is found again from a router's
 * quotation of just 8 bytes of it, or from the destination's own reply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace/trace.h"
#include "tap.h"

static char err[512];

/* Parse a command line (without "trace"); NULL and err on refusal. */
static struct trace_cmd *parse(const char *line)
{
	char *copy = strdup(line), *argv[64], *s;
	int argc = 0;
	void *obj;
	for (s = strtok(copy, " "); s != NULL && argc < 64;
	     s = strtok(NULL, " "))
		argv[argc++] = s;
	err[0] = '\0';
	obj = trace_type.parse(NULL, argc, argv, err, sizeof(err));
	free(copy);
	return obj;
}

/* The command is accepted. */
static void accepts(const char *line)
{
	struct trace_cmd *c = parse(line);
	ok(c != NULL, "accepts: trace %s%s%s", line, c ? "" : " -- ",
	   c ? "" : err);
	trace_type.free_obj(c);
}

/* The command is refused, with a reason that contains want. */
static void refuses(const char *line, const char *want)
{
	struct trace_cmd *c = parse(line);
	ok(c == NULL && strstr(err, want) != NULL,
	   "refuses: trace %s (%s)", line, c ? "accepted" : err);
	if (c == NULL && strstr(err, want) == NULL)
		diag("wanted '%s' in the reason", want);
	trace_type.free_obj(c);
}

static void test_defaults(void)
{
	struct trace_cmd *c = parse("192.0.2.1");
	warts_trace *t;
	uint16_t sport = (uint16_t)((getpid() & 0x7fff) + 0x8000);

	ok(c != NULL, "a bare address is a trace");
	if (c == NULL)
		return;
	t = &c->t;
	is_int(t->type, WARTS_TRACE_UDP_PARIS, "default method udp-paris");
	is_int(t->attempts, 2, "default attempts 2");
	is_int(t->firsthop, 1, "default firsthop 1");
	is_int(t->gaplimit, 5, "default gaplimit 5");
	is_int(t->gapaction, WARTS_TRACE_GAPACTION_STOP, "default gapaction");
	is_int(t->hoplimit, 0, "default maxttl 0 (none)");
	is_int(t->squeries, 1, "default squeries 1");
	is_int(t->loops, 1, "default loops 1");
	is_int(t->tos, 0, "default tos 0");
	is_int(t->wait, 5, "default wait 5s");
	is_int(t->wait_probe, 0, "default wait-probe 0");
	is_int(t->confidence, 0, "default confidence none");
	is_int(t->dport, 33435, "default dport 33435");
	is_int(t->sport, sport, "default sport from the process id");
	is_int(t->probe_size, 44, "IPv4 udp probe size 44");
	is_int(t->flags, 0, "no flags");
	is_int(t->hop_count, 0, "hop_count starts at firsthop - 1");
	is_int(t->userid, 0, "default userid 0");
	ok(t->dtree == NULL, "no doubletree");
	ok(!warts_addr_isset(&t->src), "source left to the route");
	trace_type.free_obj(c);

	c = parse("2001:db8::1");
	ok(c != NULL && c->t.probe_size == 60 &&
	   c->t.dst.type == WARTS_ADDR_IPV6, "IPv6 probe size 60");
	trace_type.free_obj(c);
}

static void test_methods(void)
{
	static const struct { const char *m; int type, size4, size6; } m[] = {
		{ "udp", WARTS_TRACE_UDP, 44, 60 },
		{ "UDP", WARTS_TRACE_UDP, 44, 60 },
		{ "udp-paris", WARTS_TRACE_UDP_PARIS, 44, 60 },
		{ "icmp", WARTS_TRACE_ICMP_ECHO, 44, 60 },
		{ "ICMP-Paris", WARTS_TRACE_ICMP_ECHO_PARIS, 44, 60 },
		{ "tcp", WARTS_TRACE_TCP, 40, 60 },
		{ "tcp-ack", WARTS_TRACE_TCP_ACK, 40, 60 },
	};
	char line[128];
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		struct trace_cmd *c;
		snprintf(line, sizeof(line), "-P %s 192.0.2.1", m[i].m);
		c = parse(line);
		ok(c != NULL && c->t.type == m[i].type &&
		   c->t.probe_size == m[i].size4, "-P %s, IPv4 size %d",
		   m[i].m, m[i].size4);
		trace_type.free_obj(c);
		snprintf(line, sizeof(line), "-P %s 2001:db8::1", m[i].m);
		c = parse(line);
		ok(c != NULL && c->t.type == m[i].type &&
		   c->t.probe_size == m[i].size6, "-P %s, IPv6 size %d",
		   m[i].m, m[i].size6);
		trace_type.free_obj(c);
	}
	refuses("-P sctp 192.0.2.1", "-P sctp: unknown method");
	refuses("-P 192.0.2.1", "expected an address");
	refuses("-P", "-P: needs a value (method)");
}

static void test_icmp_paris(void)
{
	struct trace_cmd *c = parse("-P icmp-paris 192.0.2.1");
	ok(c != NULL && (c->t.flags & WARTS_TRACE_FLAG_ICMPCSUMDP) &&
	   c->t.dport == c->t.sport,
	   "icmp-paris: checksum in dport, by default the sport");
	trace_type.free_obj(c);
	c = parse("-P icmp-paris -d 4660 192.0.2.1");
	ok(c != NULL && c->t.dport == 4660, "icmp-paris -d sets the checksum");
	trace_type.free_obj(c);
	c = parse("-P icmp 192.0.2.1");
	ok(c != NULL && !(c->t.flags & WARTS_TRACE_FLAG_ICMPCSUMDP) &&
	   c->t.dport == 33435, "plain icmp: no checksum flag");
	trace_type.free_obj(c);
}

/* A numeric option: its range ends accepted, one past them refused. */
static void range(char opt, const char *name, long long lo, long long hi,
                  const char *extra, const char *dst)
{
	char line[160], want[80];
	snprintf(want, sizeof(want), "%s must be %lld..%lld", name, lo, hi);
	snprintf(line, sizeof(line), "%s -%c %lld %s", extra, opt, lo, dst);
	accepts(line);
	snprintf(line, sizeof(line), "%s -%c %lld %s", extra, opt, hi, dst);
	accepts(line);
	snprintf(line, sizeof(line), "%s -%c %lld %s", extra, opt,
	         lo - 1, dst);
	refuses(line, want);
	snprintf(line, sizeof(line), "%s -%c %lld %s", extra, opt,
	         hi + 1, dst);
	refuses(line, want);
	snprintf(line, sizeof(line), "%s -%c x1 %s", extra, opt, dst);
	refuses(line, want);
	snprintf(line, sizeof(line), "%s -%c 99999999999999999999999 %s",
	         extra, opt, dst);
	refuses(line, want);
	snprintf(line, sizeof(line), "%s -%c", extra, opt);
	refuses(line, "needs a value");
}

static void test_numbers(void)
{
	struct trace_cmd *c;

	range('d', "dport", 1, 65535, "", "192.0.2.1");
	range('f', "firsthop", 1, 255, "", "192.0.2.1");
	range('g', "gaplimit", 1, 255, "", "192.0.2.1");
	range('G', "gapaction", 1, 2, "", "192.0.2.1");
	range('l', "loops", 0, 255, "", "192.0.2.1");
	range('m', "maxttl", 0, 255, "", "192.0.2.1");
	range('N', "squeries", 1, 255, "-g 255", "192.0.2.1");
	range('o', "offset", 0, 8190, "", "2001:db8::1");
	range('q', "attempts", 1, 20, "", "192.0.2.1");
	range('s', "sport", 0, 65535, "", "192.0.2.1");
	range('t', "tos", 0, 255, "", "192.0.2.1");
	range('U', "userid", 0, 4294967295LL, "", "192.0.2.1");
	range('y', "stream", 0, 20, "", "192.0.2.1");


	/* the options scamper reads as numbers take digits only;
	 * -d and -t take C's forms, as scamper's reading of them does */
	refuses("-q 0x2 192.0.2.1", "attempts must be 1..20");
	/* digits as C reads them, as scamper does: a leading 0 is octal */
	c = parse("-m 010 -q 011 -f 07 192.0.2.1");
	ok(c != NULL && c->t.hoplimit == 8 && c->t.attempts == 9 &&
	   c->t.firsthop == 7, "-m 010 -q 011 -f 07: octal, 8, 9 and 7");
	trace_type.free_obj(c);
	refuses("-q 08 192.0.2.1", "-q 08: attempts must be 1..20");
	refuses("-q 2s 192.0.2.1", "attempts must be 1..20");
	refuses("-q +2 192.0.2.1", "attempts must be 1..20");
	c = parse("-t 0x20 -d 0x50 192.0.2.1");
	ok(c != NULL && c->t.tos == 0x20 && c->t.dport == 80,
	   "-t and -d take hex");
	trace_type.free_obj(c);
	refuses("-t 3x 192.0.2.1", "tos must be 0..255");
	refuses("-d 80abc 192.0.2.1", "dport must be 1..65535");

	c = parse("-d 53 -f 3 -g 9 -G 2 -l 0 -m 30 -N 4 -q 5 -s 1234 -t 8 "
	          "-U 4294967295 192.0.2.1");
	ok(c != NULL, "every number at once");
	if (c != NULL) {
		warts_trace *t = &c->t;
		ok(t->dport == 53 && t->firsthop == 3 && t->gaplimit == 9 &&
		   t->gapaction == 2 && t->loops == 0 && t->hoplimit == 30 &&
		   t->squeries == 4 && t->attempts == 5 && t->sport == 1234 &&
		   t->tos == 8 && t->userid == 4294967295U,
		   "each lands in its field");
		is_int(t->hop_count, 2, "hop_count is firsthop - 1");
	}
	trace_type.free_obj(c);

	c = parse("-s 0 192.0.2.1");
	ok(c != NULL && c->sport_os, "-s 0 asks the system for a port");
	trace_type.free_obj(c);

	refuses("-c 90 192.0.2.1", "-c 90: confidence must be 95 or 99");
	refuses("-c 96 192.0.2.1", "confidence must be 95 or 99");
	refuses("-c x 192.0.2.1", "confidence must be 95 or 99");
	c = parse("-c 99 192.0.2.1");
	ok(c != NULL && c->t.confidence == 99, "-c 99");
	trace_type.free_obj(c);
	c = parse("-c 95 192.0.2.1");
	ok(c != NULL && c->t.confidence == 95, "-c 95");
	trace_type.free_obj(c);
}

static void test_times(void)
{
	static const struct { const char *arg; int wait; } w[] = {
		{ "1", 1 }, { "10", 10 }, { "3s", 3 }, { "2000ms", 2 },
		{ "4.0", 4 }, { "5000000us", 5 },
	};
	static const struct { const char *arg; int cs; } wp[] = {
		{ "0", 0 }, { "1", 1 }, { "200", 200 }, { "50ms", 5 },
		{ "1.5s", 150 }, { "2s", 200 }, { "0.01s", 1 },
		{ "10000us", 1 },
		{ "1.0", 1 },
	};
	char line[100];
	struct trace_cmd *c;

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		snprintf(line, sizeof(line), "-w %s 192.0.2.1", w[i].arg);
		c = parse(line);
		ok(c != NULL && c->t.wait == w[i].wait, "-w %s is %ds",
		   w[i].arg, w[i].wait);
		trace_type.free_obj(c);
	}
	refuses("-w 0 192.0.2.1", "-w 0: wait-timeout must be 1s..10s");
	refuses("-w 11 192.0.2.1", "wait-timeout must be 1s..10s");
	refuses("-w 500ms 192.0.2.1", "fractions of a second");
	refuses("-w 1.5 192.0.2.1", "fractions of a second");
	refuses("-w 5m 192.0.2.1", "-w 5m: malformed wait-timeout");
	refuses("-w -1 192.0.2.1", "malformed wait-timeout");
	refuses("-w 1. 192.0.2.1", "malformed wait-timeout");

	for (size_t i = 0; i < sizeof(wp) / sizeof(wp[0]); i++) {
		snprintf(line, sizeof(line), "-W %s 192.0.2.1", wp[i].arg);
		c = parse(line);
		ok(c != NULL && c->t.wait_probe == wp[i].cs,
		   "-W %s is %d centiseconds", wp[i].arg, wp[i].cs);
		trace_type.free_obj(c);
	}
	refuses("-W 201 192.0.2.1", "wait-probe must be 0..2s");
	refuses("-W 3s 192.0.2.1", "wait-probe must be 0..2s");
	refuses("-W 5ms 192.0.2.1", "-W 5ms: wait-probe granularity is 10ms");
	refuses("-W 1.5 192.0.2.1", "granularity is 10ms");
	refuses("-W 0.01 192.0.2.1", "granularity is 10ms");
	refuses("-W abc 192.0.2.1", "malformed wait-probe");

	c = parse("-H 1.5 192.0.2.1");
	ok(c != NULL && c->wait_probe_hop == 1500000, "-H 1.5 is 1.5s");
	trace_type.free_obj(c);
	c = parse("-H 250ms 192.0.2.1");
	ok(c != NULL && c->wait_probe_hop == 250000, "-H 250ms");
	trace_type.free_obj(c);
	accepts("-H 0 192.0.2.1");
	accepts("-H 2s 192.0.2.1");
	refuses("-H 3 192.0.2.1", "-H 3: wait-probe-hop must be 0..2s");
	refuses("-H 2.5s 192.0.2.1", "wait-probe-hop must be 0..2s");
	refuses("-H x 192.0.2.1", "malformed wait-probe-hop");
}

static void test_flags(void)
{
	struct trace_cmd *c = parse("-MQT 192.0.2.1");
	ok(c != NULL && (c->t.flags & WARTS_TRACE_FLAG_PMTUD) &&
	   (c->t.flags & WARTS_TRACE_FLAG_ALLATTEMPTS) &&
	   (c->t.flags & WARTS_TRACE_FLAG_IGNORETTLDST),
	   "-MQT run together set pmtud, all-attempts, ignore-ttl-dst");
	trace_type.free_obj(c);
	c = parse("-M -Q -T 192.0.2.1");
	ok(c != NULL && c->t.flags == (WARTS_TRACE_FLAG_PMTUD |
	                               WARTS_TRACE_FLAG_ALLATTEMPTS |
	                               WARTS_TRACE_FLAG_IGNORETTLDST),
	   "-M -Q -T apart");
	trace_type.free_obj(c);
	c = parse("-Qq 3 192.0.2.1");
	ok(c != NULL && c->t.attempts == 3 &&
	   (c->t.flags & WARTS_TRACE_FLAG_ALLATTEMPTS),
	   "a parameter option may end a run: -Qq 3");
	trace_type.free_obj(c);
	refuses("-qQ 3 192.0.2.1", "-q: needs a value (attempts)");
	refuses("-X 192.0.2.1", "-X: unknown option");
	refuses("--pmtud 192.0.2.1", "no long options");
	refuses("-q 2 -q 3 192.0.2.1", "-q: repeated option");
	refuses("-M -M 192.0.2.1", "-M: repeated option");
}

static void test_O(void)
{
	static const struct { const char *o; uint32_t flag; } f[] = {
		{ "const-payload", WARTS_TRACE_FLAG_CONSTPAYLOAD },
		{ "dl", WARTS_TRACE_FLAG_DL },
		{ "ptr", WARTS_TRACE_FLAG_PTR },
		{ "DL", WARTS_TRACE_FLAG_DL },
	};
	char line[100];
	struct trace_cmd *c;
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		snprintf(line, sizeof(line), "-O %s 192.0.2.1", f[i].o);
		c = parse(line);
		ok(c != NULL && c->t.flags == f[i].flag, "-O %s sets 0x%x",
		   f[i].o, f[i].flag);
		trace_type.free_obj(c);
	}
	c = parse("-O back -m 10 192.0.2.1");
	ok(c != NULL && c->t.flags == WARTS_TRACE_FLAG_BACK, "-O back");
	trace_type.free_obj(c);
	c = parse("-O raw -P tcp 192.0.2.1");
	ok(c != NULL && (c->t.flags & WARTS_TRACE_FLAG_RAW), "-O raw, tcp");
	trace_type.free_obj(c);
	c = parse("-O raw -P tcp-ack 192.0.2.1");
	ok(c != NULL && (c->t.flags & WARTS_TRACE_FLAG_RAW), "-O raw, tcp-ack");
	trace_type.free_obj(c);
	c = parse("-O dtree-noback -z 192.0.2.9 192.0.2.1");
	ok(c != NULL && c->t.dtree != NULL &&
	   c->t.dtree->flags == TRACE_DTREE_FLAG_NOBACK &&
	   c->t.flags == WARTS_TRACE_FLAG_DOUBLETREE,
	   "-O dtree-noback is a doubletree flag");
	trace_type.free_obj(c);
	c = parse("-O dl -O ptr -O const-payload 192.0.2.1");
	ok(c != NULL && c->t.flags == (WARTS_TRACE_FLAG_DL |
	                               WARTS_TRACE_FLAG_PTR |
	                               WARTS_TRACE_FLAG_CONSTPAYLOAD),
	   "-O may be repeated");
	trace_type.free_obj(c);
	refuses("-O fast 192.0.2.1", "-O fast: unknown option");
	refuses("-O back 192.0.2.1", "needs a maxttl (-m)");
	refuses("-O back -m 5 -z 192.0.2.9 192.0.2.1",
	        "cannot be used with doubletree");
	refuses("-O raw 192.0.2.1", "-O raw: only works for IPv4 tcp");
	refuses("-O raw -P tcp 2001:db8::1", "-O raw: only works for IPv4");
}

static void test_payload(void)
{
	struct trace_cmd *c = parse("-p 0a0B 192.0.2.1");
	ok(c != NULL && c->payload_len == 2 && c->payload[0] == 0x0a &&
	   c->payload[1] == 0x0b && c->t.probe_size == 30,
	   "-p 0a0B: two bytes, IPv4 probe size 30");
	trace_type.free_obj(c);
	c = parse("-p 00112233 2001:db8::1");
	ok(c != NULL && c->t.probe_size == 52, "-p: IPv6 probe size 52");
	trace_type.free_obj(c);
	refuses("-p 0g 192.0.2.1", "-p 0g: payload must be in hex");
	refuses("-p abc 192.0.2.1", "even number of hex characters");
	refuses("-P tcp -p 00 192.0.2.1", "cannot include a payload with tcp");
	refuses("-P tcp-ack -p 00 192.0.2.1", "payload with tcp");
}

static void test_addresses(void)
{
	struct trace_cmd *c;
	char a[WARTS_ADDR_STRLEN];

	c = parse("-S 192.0.2.2 -r 192.0.2.254 192.0.2.1");
	ok(c != NULL && strcmp(warts_addr_tostr(&c->t.src, a, sizeof(a)),
	                       "192.0.2.2") == 0 &&
	   strcmp(warts_addr_tostr(&c->t.rtr, a, sizeof(a)),
	          "192.0.2.254") == 0, "-S and -r");
	trace_type.free_obj(c);
	refuses("-S 2001:db8::2 192.0.2.1", "-S 2001:db8::2: not of the "
	        "destination's family");
	refuses("-S host 192.0.2.1", "-S host: not an IP address");
	refuses("-r 192.0.2.254 2001:db8::1", "-r 192.0.2.254: not of the");
	refuses("-r x 192.0.2.1", "-r x: not an IP address");
	refuses("example.com", "example.com: not an IP address");
	refuses("", "expected an address");
	refuses("192.0.2.1 192.0.2.2", "unexpected after the address");
	refuses("0.0.0.0", "invalid destination address 0.0.0.0 "
	        "(unspecified)");
	refuses("0.255.0.1", "invalid destination address 0.255.0.1");
	refuses("-P icmp ::", "invalid destination address :: "
	        "(unspecified)");
	refuses("224.0.0.5", "invalid destination address 224.0.0.5 "
	        "(multicast)");
	refuses("ff05::2", "(multicast)");
	refuses("255.255.255.255", "(broadcast)");
	accepts("1.0.0.0");
	accepts("::1");

	c = parse("-z 198.51.100.9 -z 198.51.100.1 -z 198.51.100.9 -Z lss1 "
	          "-f 4 192.0.2.1");
	ok(c != NULL && c->gssc == 2 && c->t.dtree != NULL &&
	   c->t.dtree->firsthop == 4 &&
	   strcmp(c->t.dtree->lss_name, "lss1") == 0 &&
	   (c->t.flags & WARTS_TRACE_FLAG_DOUBLETREE),
	   "-z repeated (duplicates dropped), -Z");
	if (c != NULL) {
		warts_addr x;
		warts_addr_fromstr(&x, "198.51.100.1");
		ok(trace_cmd_gss_has(c, &x), "the gss holds an entry");
		warts_addr_fromstr(&x, "198.51.100.2");
		ok(!trace_cmd_gss_has(c, &x), "and not others");
	}
	trace_type.free_obj(c);
	c = parse("-Z only 192.0.2.1");
	ok(c != NULL && c->t.dtree != NULL && c->gssc == 0 &&
	   strcmp(c->lss, "only") == 0, "-Z alone is doubletree");
	trace_type.free_obj(c);
	refuses("-z 2001:db8::9 192.0.2.1", "-z 2001:db8::9: not of the");
	refuses("-Z a -Z b 192.0.2.1", "-Z: repeated option");
}

static void test_checks(void)
{
	accepts("-f 5 -m 5 192.0.2.1");
	accepts("-f 200 192.0.2.1");
	refuses("-f 6 -m 5 192.0.2.1", "-f 6: firsthop cannot be beyond "
	        "maxttl (-m 5)");
	accepts("-N 5 192.0.2.1");
	accepts("-N 3 -g 3 192.0.2.1");
	refuses("-N 6 192.0.2.1", "-N 6: squeries cannot be greater than the "
	        "gaplimit (-g 5)");
	refuses("-N 4 -g 3 192.0.2.1", "squeries cannot be greater");
	accepts("-M -P udp 192.0.2.1");
	accepts("-M -P icmp-paris 2001:db8::1");
	accepts("-M -P tcp-ack 192.0.2.1");
	refuses("-M -P tcp 192.0.2.1", "-M: cannot do pmtud with tcp syn");
	refuses("-M -f 2 192.0.2.1", "-M: cannot do pmtud without all of");
	refuses("-M -z 192.0.2.9 192.0.2.1", "without all of the path");
	refuses("-M -Z x 192.0.2.1", "without all of the path");
	refuses("-c 95 -Q 192.0.2.1", "cannot set both confidence and "
	        "all-attempts");
	refuses("-P tcp -N 2 192.0.2.1", "-N 2: cannot send parallel probes "
	        "with tcp");
	refuses("-P tcp-ack -N 2 192.0.2.1", "parallel probes with tcp");
	accepts("-P tcp -N 1 192.0.2.1");
	refuses("-o 8 192.0.2.1", "-o 8: fragment traceroute is IPv6 only");
	accepts("-o 0 192.0.2.1");
}

/* ---- probes ------------------------------------------------------------ */

struct built {
	struct trace_cmd  *cmd;
	struct trace_state st;
	struct task        task;
};

/* The trace of a command line, ready to build probes as if started. */
static int setup(struct built *b, const char *line)
{
	memset(b, 0, sizeof(*b));
	if ((b->cmd = parse(line)) == NULL)
		return -1;
	b->st.cmd = b->cmd;
	b->st.mode = TM_TRACE;
	b->st.header_size = trace_header_size(&b->cmd->t);
	b->st.payload_size = (uint16_t)(b->cmd->t.probe_size -
	                                b->st.header_size);
	b->task.obj = b->cmd;
	b->task.state = &b->st;
	return 0;
}

static int build(struct built *b, uint32_t id, uint8_t *pkt, size_t len,
                 struct probe_key *k)
{
	struct pkt_probe pr;
	trace_build(&b->task, id, (uint8_t)(1 + id / 2), (uint16_t)(id + 1),
	            &pr, k);
	return pkt_build(&pr, pkt, len);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static int has_key(const struct probe_key *keys, int n,
                   const struct probe_key *k)
{
	for (int i = 0; i < n; i++)
		if (keys[i].af == k->af && keys[i].proto == k->proto &&
		    keys[i].a == k->a && keys[i].b == k->b &&
		    keys[i].c == k->c && memcmp(keys[i].dst, k->dst, 16) == 0)
			return 1;
	return 0;
}

/*
 * A router's time exceeded quoting the probe's IP header and just 8
 * bytes after it (RFC 792's minimum): the keys it yields.
 */
static int quote8_keys(const uint8_t *probe, int v6, struct probe_key *keys)
{
	uint8_t buf[128];
	struct pkt_rx rx;
	const char *why;
	size_t hl = v6 ? 40 : 20, n;
	int rc;

	memset(buf, 0, sizeof(buf));
	if (!v6) {
		buf[0] = 0x45;
		n = 20 + 8 + hl + 8;
		put16(buf + 2, (uint16_t)n);
		buf[8] = 64;
		buf[9] = PKT_ICMP;
		memcpy(buf + 12, "\xc6\x33\x64\x01", 4);    /* 198.51.100.1 */
		memcpy(buf + 16, probe + 12, 4);           /* the prober */
		buf[20] = ICMP4_TIMXCEED;
		memcpy(buf + 28, probe, hl + 8);
		rc = pkt_parse4(buf, n, &rx, &why);
	} else {
		warts_addr src, dst;
		warts_addr_fromstr(&src, "2001:db8:c::2");
		warts_addr_set(&dst, WARTS_ADDR_IPV6, probe + 8);
		buf[0] = ICMP6_TIMXCEED;
		memcpy(buf + 8, probe, hl + 8);
		n = 8 + hl + 8;
		rc = pkt_parse6(buf, n, PKT_ICMP6, &src, &dst, 62, 0, &rx,
		                &why);
	}
	n = rc == 0 ? (size_t)probe_keys_for(&rx, keys) : 0;
	pkt_rx_clear(&rx);
	return (int)n;
}

/* The destination's direct reply to a probe: echo reply, SYN-ACK, RST. */
static int reply_keys(const uint8_t *probe, int v6, uint8_t flags,
                      struct probe_key *keys)
{
	uint8_t buf[256];
	struct pkt_rx rx;
	const char *why;
	size_t hl = v6 ? 40 : 20, n = 0;
	uint8_t proto = v6 ? probe[6] : probe[9];
	const uint8_t *t = probe + hl;
	uint8_t *r;
	int rc;

	memset(buf, 0, sizeof(buf));
	r = v6 ? buf : buf + 20;
	if (proto == PKT_TCP) {
		uint32_t seq = (uint32_t)get16(t + 4) << 16 | get16(t + 6);
		uint32_t ack = (uint32_t)get16(t + 8) << 16 | get16(t + 10);
		uint32_t rs = 0x11111111, ra = seq + 1;
		memcpy(r, t + 2, 2);             /* ports swapped */
		memcpy(r + 2, t, 2);
		if (flags == TH_RST) {   /* a RST to an ACK: seq = ack */
			rs = ack;
			ra = 0;
		}
		put16(r + 4, (uint16_t)(rs >> 16));
		put16(r + 6, (uint16_t)rs);
		put16(r + 8, (uint16_t)(ra >> 16));
		put16(r + 10, (uint16_t)ra);
		r[12] = 0x50;
		r[13] = flags;
		n = 20;
	} else {
		memcpy(r, t, 8);
		r[0] = v6 ? ICMP6_ECHOREPLY : ICMP4_ECHOREPLY;
		n = 8;
	}
	if (!v6) {
		buf[0] = 0x45;
		put16(buf + 2, (uint16_t)(20 + n));
		buf[8] = 61;
		buf[9] = proto;
		memcpy(buf + 12, probe + 16, 4); /* from the destination */
		memcpy(buf + 16, probe + 12, 4);
		rc = pkt_parse4(buf, 20 + n, &rx, &why);
	} else {
		warts_addr src, dst;
		warts_addr_set(&src, WARTS_ADDR_IPV6, probe + 24);
		warts_addr_set(&dst, WARTS_ADDR_IPV6, probe + 8);
		rc = pkt_parse6(buf, n, proto, &src, &dst, 61, 0, &rx, &why);
	}
	n = rc == 0 ? (size_t)probe_keys_for(&rx, keys) : 0;
	pkt_rx_clear(&rx);
	return (int)n;
}

static void test_probes(void)
{
	static const char *const methods[] = {
		"udp-paris", "udp", "icmp-paris", "icmp", "tcp", "tcp-ack",
	};
	static const char *const dst[][2] = {
		{ "192.0.2.2", "198.18.0.1" },
		{ "2001:db8:a::2", "2001:db8:100::1" },
	};
	for (int f = 0; f < 2; f++)
	for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
		char line[160];
		struct built b;
		uint8_t pkt[6][128];
		struct probe_key k[6], keys[4];
		size_t hl = f ? 40 : 20;
		int quoted = 1, replied = 1, distinct = 1, n;
		uint8_t proto;

		snprintf(line, sizeof(line), "-P %s -S %s -s 40001 -d 4660 %s",
		         methods[m], dst[f][0], dst[f][1]);
		if (setup(&b, line) != 0) {
			ok(0, "%s", line);
			continue;
		}
		for (uint32_t id = 0; id < 6; id++) {
			if (build(&b, id, pkt[id], sizeof(pkt[id]), &k[id]) !=
			    b.cmd->t.probe_size)
				quoted = 0;
			n = quote8_keys(pkt[id], f, keys);
			if (!has_key(keys, n, &k[id]))
				quoted = 0;
			for (uint32_t j = 0; j < id; j++)
				if (has_key(&k[j], 1, &k[id]))
					distinct = 0;
		}
		ok(quoted, "%s %s: probes of the recorded size, each found "
		   "from an 8-byte quotation", methods[m], f ? "IPv6" : "IPv4");
		ok(distinct, "%s %s: six probes, six keys", methods[m],
		   f ? "IPv6" : "IPv4");
		proto = f ? pkt[0][6] : pkt[0][9];
		if (proto == PKT_UDP) {
			int same = 1, sums = 1;
			for (int i = 1; i < 6; i++) {
				uint16_t dp = get16(pkt[i] + hl + 2);
				if (get16(pkt[i] + hl) != 40001)
					same = 0;
				if (strcmp(methods[m], "udp") == 0 ?
				    dp != 4660 + i : dp != 4660)
					same = 0;
				if (get16(pkt[i] + hl + 6) ==
				    get16(pkt[0] + hl + 6))
					sums = 0;
			}
			ok(same && sums, "%s %s: %s; the checksum tells "
			   "probes apart", methods[m], f ? "IPv6" : "IPv4",
			   strcmp(methods[m], "udp") == 0 ?
			   "the destination port counts up" :
			   "one source and destination port");
		} else if (proto == PKT_TCP) {
			int same = 1;
			for (int i = 0; i < 6; i++)
				if (get16(pkt[i] + hl) != 40001 ||
				    get16(pkt[i] + hl + 2) != 4660)
					same = 0;
			ok(same, "%s %s: one source and destination port",
			   methods[m], f ? "IPv6" : "IPv4");
			for (int i = 0; i < 6; i++) {
				n = reply_keys(pkt[i], f, (uint8_t)(
				    strcmp(methods[m], "tcp") == 0 ?
				    TH_SYN | TH_ACK : TH_RST), keys);
				if (!has_key(keys, n, &k[i]))
					replied = 0;
			}
			ok(replied, "%s %s: the destination's %s finds the "
			   "probe", methods[m], f ? "IPv6" : "IPv4",
			   strcmp(methods[m], "tcp") == 0 ? "SYN-ACK" : "RST");
		} else {
			int held = 1;
			for (int i = 0; i < 6; i++) {
				if (strcmp(methods[m], "icmp-paris") == 0 &&
				    get16(pkt[i] + hl + 2) != 4660)
					held = 0;
				if (get16(pkt[i] + hl + 4) != 40001)
					held = 0;
				n = reply_keys(pkt[i], f, 0, keys);
				if (!has_key(keys, n, &k[i]))
					replied = 0;
			}
			ok(held, "%s %s: echo id 40001%s", methods[m],
			   f ? "IPv6" : "IPv4",
			   strcmp(methods[m], "icmp-paris") == 0 ?
			   ", ICMP checksum held at 0x1234 (-d 4660)" : "");
			ok(replied, "%s %s: the echo reply finds the probe",
			   methods[m], f ? "IPv6" : "IPv4");
		}
		trace_type.free_obj(b.cmd);
	}
}

int main(void)
{
	test_defaults();
	test_methods();
	test_icmp_paris();
	test_numbers();
	test_times();
	test_flags();
	test_O();
	test_payload();
	test_addresses();
	test_checks();
	test_probes();
	return done_testing();
}
