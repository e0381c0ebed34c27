/*
 * test_ping_cmd.c: the ping command's parser (prober/ping/ping_cmd.c).
 *
 * Every option in the forms it accepts, with the values it sets, and in
 * the forms it rejects, with a message that names it; the defaults; and
 * the checks that tie options together (sizes, methods, families).  The
 * ranges and defaults are scamper's (scamper(1), PING OPTIONS).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ping/ping.h"
#include "tap.h"

static char err[512];

/* Parse a command given as one line of words after "ping". */
static struct ping_cmd *parse(const char *line)
{
	char *copy = strdup(line), *argv[64], *w;
	int argc = 0;
	struct ping_cmd *pc;
	for (w = strtok(copy, " "); w != NULL && argc < 64;
	     w = strtok(NULL, " "))
		argv[argc++] = w;
	pc = ping_cmd_parse(NULL, argc, argv, err, sizeof(err));
	free(copy);
	return pc;
}

/* The command parses; the ping is handed back for checks (free it). */
static struct ping_cmd *accepts(const char *line)
{
	struct ping_cmd *pc = parse(line);
	ok(pc != NULL, "accepts: ping %s", line);
	if (pc == NULL)
		diag("error: %s", err);
	return pc;
}

/* Parse line and free it (for the accepted forms with nothing to check). */
static void accepts_free(const char *line)
{
	struct ping_cmd *pc = accepts(line);
	if (pc != NULL)
		ping_cmd_free(pc);
}

/* The command is refused with a message holding want. */
static void rejects(const char *line, const char *want)
{
	struct ping_cmd *pc = parse(line);
	ok(pc == NULL && strstr(err, want) != NULL, "rejects: ping %s (%s)",
	   line, want);
	if (pc != NULL)
		ping_cmd_free(pc);
	else if (strstr(err, want) == NULL)
		diag("error was: %s", err);
}

/* A numeric field after parsing line, or -1 if it did not parse. */
#define FIELD(line, f) field_((line), offsetof(struct ping_cmd, f), \
                              sizeof(((struct ping_cmd *)0)->f))
static long long field_(const char *line, size_t off, size_t size)
{
	struct ping_cmd *pc = parse(line);
	long long v = -1;
	if (pc == NULL) {
		diag("ping %s: %s", line, err);
		return -1;
	}
	switch (size) {
	case 1: v = *(uint8_t *)((char *)pc + off); break;
	case 2: v = *(uint16_t *)((char *)pc + off); break;
	case 4: v = *(uint32_t *)((char *)pc + off); break;
	}
	ping_cmd_free(pc);
	return v;
}

static void defaults(void)
{
	struct ping_cmd *pc = accepts("192.0.2.1");
	uint16_t pid = (uint16_t)(getpid() & 0xffff);
	if (pc == NULL)
		return;
	is_int(pc->ping.method, WARTS_PING_ICMP_ECHO, "default method echo");
	is_int(pc->ping.attempts, 4, "default -c 4");
	is_int(pc->ping.probe_size, 84, "default IPv4 echo size 84");
	is_int(pc->ping.ttl, 64, "default -m 64");
	is_int(pc->ping.tos, 0, "default -z 0");
	is_int(pc->ping.wait_sec, 1, "default -i 1s");
	is_int(pc->ping.wait_usec, 0, "default -i: no fraction");
	is_int(pc->ping.timeout_sec, 1, "default -W 1s");
	is_int(pc->ping.stop_count, 0, "default -o 0 (all)");
	is_int(pc->ping.sport, pid, "ICMP id is the process id");
	is_int(pc->ping.dport, 0, "ICMP first sequence 0");
	is_int(pc->ping.flags, 0, "no flags");
	is_int(pc->ping.payload_len, 0, "no pattern");
	ok(!warts_addr_isset(&pc->ping.src), "no source until it runs");
	ping_cmd_free(pc);

	is_int(FIELD("2001:db8::1", ping.probe_size), 104,
	       "default IPv6 echo size 104");
	is_int(FIELD("-P udp 192.0.2.1", ping.probe_size), 40,
	       "default UDP size 40 (12 bytes payload)");
	is_int(FIELD("-P udp 2001:db8::1", ping.probe_size), 60,
	       "default UDP IPv6 size 60");
	is_int(FIELD("-P udp 192.0.2.1", ping.dport), 33435,
	       "default UDP dport 33435");
	is_int(FIELD("-P udp 192.0.2.1", ping.sport), pid | 0x8000,
	       "default UDP sport: the process id, top bit set");
	is_int(FIELD("-P tcp-syn 192.0.2.1", ping.probe_size), 40,
	       "default TCP size 40");
	is_int(FIELD("-P tcp-ack 2001:db8::1", ping.probe_size), 60,
	       "default TCP IPv6 size 60");
	is_int(FIELD("-P icmp-time 192.0.2.1", ping.probe_size), 84,
	       "default ICMP time size 84 (44 bytes payload)");
	is_int(FIELD("-R 192.0.2.1", ping.probe_size), 124,
	       "record route adds 40");
	is_int(FIELD("-T tsonly 192.0.2.1", ping.probe_size), 124,
	       "tsonly adds 40");
	is_int(FIELD("-T tsandaddr 192.0.2.1", ping.probe_size), 120,
	       "tsandaddr adds 36");
	is_int(FIELD("-T tsprespec=192.0.2.2,192.0.2.3 192.0.2.1",
	             ping.probe_size), 104, "tsprespec with 2 adds 20");
}

static void methods(void)
{
	static const struct { const char *name; int m; } ms[] = {
		{ "icmp-echo", WARTS_PING_ICMP_ECHO },
		{ "icmp-time", WARTS_PING_ICMP_TIME },
		{ "tcp-syn", WARTS_PING_TCP_SYN },
		{ "tcp-syn-sport", WARTS_PING_TCP_SYN_SPORT },
		{ "tcp-ack", WARTS_PING_TCP_ACK },
		{ "tcp-ack-sport", WARTS_PING_TCP_ACK_SPORT },
		{ "tcp-synack", WARTS_PING_TCP_SYNACK },
		{ "tcp-rst", WARTS_PING_TCP_RST },
		{ "udp", WARTS_PING_UDP },
		{ "udp-sport", WARTS_PING_UDP_SPORT },
		{ "udp-dport", WARTS_PING_UDP_DPORT },
	};
	char line[128];
	for (size_t i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		snprintf(line, sizeof(line), "-P %s 192.0.2.1", ms[i].name);
		is_int(FIELD(line, ping.method), ms[i].m, "-P %s", ms[i].name);
		if (ms[i].m == WARTS_PING_ICMP_TIME)
			continue;
		snprintf(line, sizeof(line), "-P %s 2001:db8::1", ms[i].name);
		is_int(FIELD(line, ping.method), ms[i].m, "-P %s over IPv6",
		       ms[i].name);
	}
	is_int(FIELD("-P TCP-SYN 192.0.2.1", ping.method), WARTS_PING_TCP_SYN,
	       "-P is case-insensitive");
	rejects("-P icmp 192.0.2.1", "-P icmp: unknown method");
	rejects("-P tcp 192.0.2.1", "-P tcp: unknown method");
	rejects("-P icmp-time 2001:db8::1", "-P icmp-time");
	rejects("-P udp -P tcp-syn 192.0.2.1", "-P given twice");
}

/* A numeric option over its range: both ends, beyond both, not digits. */
static void range(char opt, const char *name, long long min, long long max,
                  const char *extra)
{
	char line[160], want[96];
	snprintf(line, sizeof(line), "%s -%c %lld 192.0.2.1", extra, opt, min);
	accepts_free(line);
	/* -b's most is in range, but no probe has room for it */
	snprintf(line, sizeof(line), "%s -%c %lld 192.0.2.1", extra, opt,
	         opt == 'b' ? max - 28 : max);
	accepts_free(line);
	snprintf(want, sizeof(want), "%s must be %lld..%lld", name, min, max);
	if (min > 0) {
		snprintf(line, sizeof(line), "%s -%c %lld 192.0.2.1", extra,
		         opt, min - 1);
		rejects(line, want);
	}
	snprintf(line, sizeof(line), "%s -%c -1 192.0.2.1", extra, opt);
	rejects(line, want);
	snprintf(line, sizeof(line), "%s -%c %lld 192.0.2.1", extra, opt,
	         max + 1);
	rejects(line, want);
	snprintf(line, sizeof(line), "%s -%c abc 192.0.2.1", extra, opt);
	rejects(line, want);
	snprintf(line, sizeof(line), "%s -%c %lld -%c %lld 192.0.2.1", extra,
	         opt, min, opt, min);
	snprintf(want, sizeof(want), "-%c given twice", opt);
	rejects(line, want);
}

static void numbers(void)
{
	range('A', "the TCP sequence/acknowledgement number", 0, 4294967295LL,
	      "-P tcp-ack");
	range('b', "the payload size", 0, 65535, "");
	range('c', "the probe count", 1, 65535, "");
	range('C', "the ICMP checksum", 0, 65535, "");
	range('d', "the destination port", 0, 65535, "");
	range('F', "the source port", 0, 65535, "");
	range('m', "the TTL", 1, 255, "");
	range('M', "the pseudo MTU", 0, 65535, "");
	range('o', "the reply count", 0, 65535, "");
	range('U', "the user id", 0, 4294967295LL, "");
	range('z', "the ToS byte", 0, 255, "");
	range('s', "the probe size", 0, 65535, "");
	range('y', "the stream interval", 0, 20, "");

	is_int(FIELD("-c 7 192.0.2.1", ping.attempts), 7, "-c 7");
	is_int(FIELD("-c 010 192.0.2.1", ping.attempts), 8,
	       "-c 010 is octal, as scamper reads it");
	rejects("-c 5x 192.0.2.1", "-c 5x: the probe count");
	rejects("-c 0x10 192.0.2.1", "-c 0x10: the probe count");
	is_int(FIELD("-m 3 192.0.2.1", ping.ttl), 3, "-m 3");
	is_int(FIELD("-o 2 192.0.2.1", ping.stop_count), 2, "-o 2");
	is_int(FIELD("-U 4294967295 192.0.2.1", ping.userid), 4294967295LL,
	       "-U 4294967295");
	is_int(FIELD("-M 1280 -s 1400 192.0.2.1", ping.pmtu), 1280,
	       "-M 1280");
	/* -z and -C take a string that begins with a number */
	is_int(FIELD("-z 0x10 192.0.2.1", ping.tos), 16, "-z 0x10 (hex)");
	is_int(FIELD("-z 4 192.0.2.1", ping.tos), 4, "-z 4");
	is_int(FIELD("-z 12abc 192.0.2.1", ping.tos), 12,
	       "-z 12abc: scamper reads the leading number");
	rejects("-z 256 192.0.2.1", "-z 256: the ToS byte must be 0..255");
	is_int(FIELD("-C 0x1234 192.0.2.1", ping.icmpsum), 0x1234,
	       "-C 0x1234");
	is_int(FIELD("-C 5 192.0.2.1", ping.flags), WARTS_PING_FLAG_ICMPSUM,
	       "-C sets the icmp-sum flag");
	/* -A: the sequence number of a SYN or RST, the ack of the others */
	is_int(FIELD("-P tcp-syn -A 1234 192.0.2.1", ping.tcpseq), 1234,
	       "-A is a SYN's seq");
	is_int(FIELD("-P tcp-syn -A 1234 192.0.2.1", ping.tcpack), 0,
	       "a SYN's ack is 0");
	is_int(FIELD("-P tcp-rst -A 99 192.0.2.1", ping.tcpseq), 99,
	       "-A is a RST's seq");
	is_int(FIELD("-P tcp-syn-sport -A 5 192.0.2.1", ping.tcpseq), 5,
	       "-A is tcp-syn-sport's seq");
	is_int(FIELD("-P tcp-ack -A 4321 192.0.2.1", ping.tcpack), 4321,
	       "-A is an ACK's ack");
	is_int(FIELD("-P tcp-synack -A 7 192.0.2.1", ping.tcpack), 7,
	       "-A is a SYN-ACK's ack");
	is_int(FIELD("-P tcp-ack-sport -A 8 192.0.2.1", ping.tcpack), 8,
	       "-A is tcp-ack-sport's ack");
	is_int(FIELD("-A 5 192.0.2.1", ping.tcpseq), 0,
	       "-A with ICMP is accepted and unused");
}

static void ports(void)
{
	is_int(FIELD("-F 1234 192.0.2.1", ping.sport), 1234, "-F: ICMP id");
	is_int(FIELD("-F 1234 192.0.2.1", sport_fixed), 1, "-F fixes it");
	is_int(FIELD("-d 100 192.0.2.1", ping.dport), 100,
	       "-d: first ICMP sequence");
	is_int(FIELD("-P udp -d 53 -F 5000 192.0.2.1", ping.dport), 53,
	       "-d 53 with udp");
	is_int(FIELD("-P udp -F 0 192.0.2.1", sport_os), 1,
	       "-F 0 with UDP: the system picks the port");
	is_int(FIELD("-P tcp-syn -F 0 192.0.2.1", sport_os), 1,
	       "-F 0 with TCP: the system picks the port");
	is_int(FIELD("-F 0 192.0.2.1", sport_os), 0,
	       "-F 0 with ICMP: no port to bind");
	is_int(FIELD("-F 0 192.0.2.1", ping.sport), 0,
	       "-F 0 with ICMP: the id is 0, as in scamper");
	is_int(FIELD("-F 0 192.0.2.1", sport_fixed), 1,
	       "-F 0 with ICMP: ... and stays 0 if another ping holds it");
	/* the varying ports must not pass 65535 */
	accepts_free("-P udp-dport -c 10 -d 65526 192.0.2.1");
	rejects("-P udp-dport -c 10 -d 65527 192.0.2.1",
	        "-d 65527: with -c 10 the destination ports would pass 65535");
	accepts_free("-P udp-sport -c 10 -F 65526 192.0.2.1");
	rejects("-P udp-sport -c 10 -F 65527 192.0.2.1",
	        "-F 65527: with -c 10 the source ports would pass 65535");
	rejects("-P tcp-syn-sport -c 3 -F 65534 192.0.2.1",
	        "-F 65534: with -c 3");
	rejects("-P tcp-ack-sport -c 3 -F 65534 192.0.2.1",
	        "-F 65534: with -c 3");
	accepts_free("-P udp -c 10 -F 65535 192.0.2.1");
	accepts_free("-P udp-sport -c 65535 192.0.2.1");
}

static void times(void)
{
	static const struct { const char *w; long sec, usec; } ok_[] = {
		{ "1", 1, 0 }, { "0.5", 0, 500000 }, { "0.05", 0, 50000 },
		{ "1.25", 1, 250000 }, { "0.001", 0, 1000 }, { "20", 20, 0 },
		{ "500ms", 0, 500000 }, { "1.5ms", 0, 1500 }, { "2s", 2, 0 },
		{ "1000us", 0, 1000 }, { "0.000999s", -1, -1 },
		{ "1.000000", 1, 0 }, { "19.999999", 19, 999999 },
	};
	char line[128];
	for (size_t i = 0; i < sizeof(ok_) / sizeof(ok_[0]); i++) {
		struct ping_cmd *pc;
		snprintf(line, sizeof(line), "-i %s 192.0.2.1", ok_[i].w);
		if (ok_[i].sec < 0) {
			rejects(line, "must be 1ms..20s");
			continue;
		}
		if ((pc = accepts(line)) == NULL)
			continue;
		is_int(pc->ping.wait_sec * 1000000LL + pc->ping.wait_usec,
		       ok_[i].sec * 1000000LL + ok_[i].usec, "-i %s",
		       ok_[i].w);
		ping_cmd_free(pc);
	}
	rejects("-i 0 192.0.2.1",
	        "-i 0: the wait between probes must be 1ms..20s");
	rejects("-i 0.0009 192.0.2.1", "-i 0.0009: the wait between probes "
	        "must be 1ms..20s");
	rejects("-i 20.000001 192.0.2.1", "must be 1ms..20s");
	rejects("-i 21 192.0.2.1", "-i 21: the wait between probes must be "
	        "1ms..20s");
	rejects("-i -1 192.0.2.1", "-i -1: the wait between probes must be "
	        "a time");
	rejects("-i abc 192.0.2.1", "must be a time");
	rejects("-i 1.5us 192.0.2.1", "must be a time");
	rejects("-i 1m 192.0.2.1", "must be a time");
	rejects("-i 1. 192.0.2.1", "must be a time");
	rejects("-i 0.0000001 192.0.2.1", "must be a time");
	rejects("-i 1ms1 192.0.2.1", "must be a time");
	rejects("-i 1 -i 2 192.0.2.1", "-i given twice");

	is_int(FIELD("-W 255 192.0.2.1", ping.timeout_sec), 255, "-W 255");
	is_int(FIELD("-W 0.25 192.0.2.1", ping.timeout_usec), 250000,
	       "-W 0.25");
	is_int(FIELD("-W 0.25 192.0.2.1", ping.timeout_sec), 0,
	       "-W 0.25: no whole seconds");
	is_int(FIELD("-W 1ms 192.0.2.1", ping.timeout_usec), 1000, "-W 1ms");
	rejects("-W 256 192.0.2.1", "-W 256: the wait after the last probe "
	        "must be 1ms..255s");
	rejects("-W 0 192.0.2.1", "must be 1ms..255s");
	rejects("-W x 192.0.2.1", "-W x: the wait after the last probe must "
	        "be a time");
	rejects("-W 1 -W 1 192.0.2.1", "-W given twice");
	/* without -W the final wait is at least the wait between probes */
	is_int(FIELD("-i 3 192.0.2.1", ping.timeout_sec), 3,
	       "-i 3 without -W: wait 3s after the last probe");
	is_int(FIELD("-i 3 -W 1 192.0.2.1", ping.timeout_sec), 1,
	       "-i 3 -W 1: -W stands");
	is_int(FIELD("-i 0.2 192.0.2.1", ping.timeout_sec), 1,
	       "-i 0.2 without -W: still 1s");
}

static void patterns(void)
{
	struct ping_cmd *pc;
	if ((pc = accepts("-p 0a0b0c0d 192.0.2.1")) != NULL) {
		is_int(pc->ping.payload_len, 4, "-p: 4 bytes");
		ok(memcmp(pc->ping.payload, "\x0a\x0b\x0c\x0d", 4) == 0,
		   "-p: the bytes");
		is_int(pc->ping.flags & WARTS_PING_FLAG_PAYLOAD, 0,
		       "-p is a pattern, not a payload");
		is_int(pc->ping.probe_size, 84, "-p keeps the size");
		ping_cmd_free(pc);
	}
	if ((pc = accepts("-p abc 192.0.2.1")) != NULL) {
		is_int(pc->ping.payload_len, 2, "-p abc: odd, 2 bytes");
		ok(memcmp(pc->ping.payload, "\x0a\xbc", 2) == 0,
		   "-p abc: the first digit is a low half");
		ping_cmd_free(pc);
	}
	accepts_free("-p 0123456789abcdefABCDEF0123456789 192.0.2.1");
	rejects("-p 0123456789abcdefABCDEF01234567890 192.0.2.1",
	        "may have at most 32 hex digits (16 bytes)");
	rejects("-p xyz 192.0.2.1", "-p xyz: the pattern must be hex digits");
	rejects("-p 0x12 192.0.2.1", "-p 0x12: the pattern must be hex");
	rejects("-p 12 -p 34 192.0.2.1", "-p given twice");

	if ((pc = accepts("-B 01020304 192.0.2.1")) != NULL) {
		is_int(pc->ping.payload_len, 4, "-B: 4 bytes");
		is_int(pc->ping.flags & WARTS_PING_FLAG_PAYLOAD,
		       WARTS_PING_FLAG_PAYLOAD, "-B sets the payload flag");
		is_int(pc->ping.probe_size, 32, "-B: the probe is 28 + 4");
		ping_cmd_free(pc);
	}
	is_int(FIELD("-B 0102 -b 2 192.0.2.1", ping.probe_size), 30,
	       "-B with a matching -b");
	rejects("-B 0102 -b 3 192.0.2.1", "-b 3: the payload given with -B "
	        "is 2 bytes");
	rejects("-B 010 192.0.2.1", "-B 010: the payload needs an even "
	        "number of hex digits");
	rejects("-B zz 192.0.2.1", "-B zz: the payload must be hex digits");
	{
		char *big = malloc(2 * 1001 + 32), *w = big;
		w += sprintf(w, "-B ");
		for (int i = 0; i < 1001; i++)
			w += sprintf(w, "ab");
		sprintf(w, " 192.0.2.1");
		rejects(big, "-B: the payload may be at most 1000 bytes");
		big[3 + 2000] = '\0';
		strcat(big, " 192.0.2.1");
		is_int(FIELD(big, ping.payload_len), 1000, "-B of 1000 bytes");
		free(big);
	}
	rejects("-B 01 -B 02 192.0.2.1", "-B given twice");
	rejects("-p 01 -B 02 192.0.2.1", "-p and -B: give a pattern or a "
	        "payload");
}

static void sizes(void)
{
	is_int(FIELD("-s 1000 192.0.2.1", ping.probe_size), 1000, "-s 1000");
	is_int(FIELD("-s 28 192.0.2.1", ping.probe_size), 28,
	       "-s 28: an echo with no payload");
	rejects("-s 27 192.0.2.1", "-s 27: the probe size must be at least "
	        "28");
	rejects("-s 47 2001:db8::1", "-s 47: the probe size must be at least "
	        "48");
	rejects("-P tcp-syn -s 39 192.0.2.1", "at least 40");
	rejects("-P icmp-time -s 39 192.0.2.1", "at least 40");
	rejects("-R -s 67 192.0.2.1", "at least 68");
	is_int(FIELD("-b 100 192.0.2.1", ping.probe_size), 128,
	       "-b 100: 28 + 100");
	is_int(FIELD("-b 0 -P udp 192.0.2.1", ping.probe_size), 28,
	       "-b 0 with udp");
	is_int(FIELD("-b 100 -s 128 192.0.2.1", ping.probe_size), 128,
	       "-b and -s that agree");
	rejects("-b 100 -s 129 192.0.2.1", "-s 129: the probe size must be "
	        "128");
	rejects("-b 65535 192.0.2.1", "-b 65535: the probe would be 65563 "
	        "bytes");
	is_int(FIELD("-P tcp-syn -O mss=1460 192.0.2.1", ping.probe_size), 44,
	       "an MSS option adds 4 to a SYN");
	is_int(FIELD("-P tcp-syn -O mss=1460 192.0.2.1", mss), 1460,
	       "-O mss=1460");
}

static void options(void)
{
	static const struct { const char *o; uint32_t f; } fl[] = {
		{ "dl", WARTS_PING_FLAG_DL }, { "dltx", WARTS_PING_FLAG_DLTX },
		{ "nosrc", WARTS_PING_FLAG_NOSRC },
		{ "sockrx", WARTS_PING_FLAG_SOCKRX },
		{ "spoof", WARTS_PING_FLAG_SPOOF },
		{ "DL", WARTS_PING_FLAG_DL },
	};
	char line[128];
	for (size_t i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
		snprintf(line, sizeof(line), "-O %s 192.0.2.1", fl[i].o);
		is_int(FIELD(line, ping.flags) & fl[i].f, fl[i].f, "-O %s",
		       fl[i].o);
	}
	is_int(FIELD("-O dl -O nosrc 192.0.2.1", ping.flags),
	       WARTS_PING_FLAG_DL | WARTS_PING_FLAG_NOSRC,
	       "-O may be given more than once");
	is_int(FIELD("-P tcp-ack -O raw 192.0.2.1", ping.flags),
	       WARTS_PING_FLAG_RAW, "-O raw with IPv4 TCP");
	rejects("-O raw 192.0.2.1", "-O raw: only for IPv4 TCP methods");
	rejects("-P tcp-syn -O raw 2001:db8::1", "-O raw: only for IPv4 TCP");
	rejects("-O fast 192.0.2.1", "-O fast: unknown option");
	rejects("-O mss=x -P tcp-syn 192.0.2.1", "-O mss=x: the MSS must be "
	        "0..65535");
	rejects("-O mss=65536 -P tcp-syn 192.0.2.1", "the MSS must be "
	        "0..65535");
	accepts_free("-O mss=65535 -P tcp-syn 192.0.2.1");
	accepts_free("-O mss=0 192.0.2.1");
	accepts_free("-O MSS=536 -P tcp-synack 192.0.2.1");
	accepts_free("-O mss=536 -P tcp-syn-sport 192.0.2.1");
	rejects("-O mss=536 -P tcp-ack 192.0.2.1", "-O mss=536: an MSS option "
	        "needs a SYN method");
	rejects("-O mss=536 192.0.2.1", "needs a SYN method");
	/* tbt: IPv6, with a pseudo MTU below the probe size */
	is_int(FIELD("-O tbt -M 1280 -s 1300 2001:db8::1", ping.flags),
	       WARTS_PING_FLAG_TBT, "-O tbt");
	rejects("-O tbt -M 1280 -s 1300 192.0.2.1", "-O tbt: the too-big "
	        "trick is for IPv6");
	rejects("-O tbt 2001:db8::1", "-O tbt: give -M");
	rejects("-O tbt -M 1300 -s 1300 2001:db8::1", "-O tbt: give -M");
	rejects("-O sockrx -M 1280 192.0.2.1", "-M and -O sockrx");
	/* spoof: -S is the address to send from */
	is_int(FIELD("-O spoof -S 192.0.2.99 192.0.2.1", ping.probe_size), 88,
	       "-O spoof embeds the real source: 84 + 4");
	is_int(FIELD("-O spoof -O nosrc -S 192.0.2.99 192.0.2.1",
	             ping.probe_size), 84, "-O nosrc: nothing embedded");
	is_int(FIELD("-O spoof -S 2001:db8::99 2001:db8::1", ping.probe_size),
	       120, "-O spoof over IPv6 embeds 16 bytes");
	is_int(FIELD("-O spoof -P tcp-synack -S 192.0.2.9 192.0.2.1",
	             ping.probe_size), 40, "-O spoof: a SYN-ACK embeds none");
}

static void checksums(void)
{
	accepts_free("-C 0 192.0.2.1");
	accepts_free("-C 65535 -P icmp-time 192.0.2.1");
	rejects("-C 1 -P udp 192.0.2.1", "-C: the ICMP checksum needs an ICMP "
	        "method");
	rejects("-C 1 -P tcp-syn 192.0.2.1", "-C: the ICMP checksum needs");
	rejects("-C 1 -b 1 192.0.2.1", "-C: the payload must have at least 2 "
	        "bytes");
	accepts_free("-C 1 -b 2 192.0.2.1");
	/* -C with -B: the 2 checksum bytes, then the payload, as scamper
	 * 20211212 sizes it */
	is_int(FIELD("-C 1 -B 0102 192.0.2.1", ping.probe_size), 20 + 8 + 2 + 2,
	       "-C and -B: the checksum bytes and the payload");
	is_int(FIELD("-C 1 -B 0102 -b 4 192.0.2.1", ping.probe_size), 32,
	       "-C and -B: -b 4 counts both");
	rejects("-C 1 -B 0102 -b 2 192.0.2.1", "-b 2: the payload given with "
	        "-B is 2 bytes, and 2 more with -C");
	rejects("-C x 192.0.2.1", "-C x: the ICMP checksum must be 0..65535");
	rejects("-C 1 -C 2 192.0.2.1", "-C given twice");
}

static void timestamps(void)
{
	struct ping_cmd *pc;
	is_int(FIELD("-T tsonly 192.0.2.1", ping.flags),
	       WARTS_PING_FLAG_TSONLY, "-T tsonly");
	is_int(FIELD("-T TSandAddr 192.0.2.1", ping.flags),
	       WARTS_PING_FLAG_TSANDADDR, "-T tsandaddr, any case");
	if ((pc = accepts("-T tsprespec=192.0.2.2,192.0.2.3,192.0.2.4,"
	                  "192.0.2.5 192.0.2.1")) != NULL) {
		ok(pc->ping.tsps != NULL && pc->ping.tsps->ipc == 4,
		   "-T tsprespec: four addresses");
		is_int(pc->ping.probe_size, 20 + 36 + 8 + 56, "and their room");
		ping_cmd_free(pc);
	}
	accepts_free("-T tsprespec=192.0.2.2 192.0.2.1");
	rejects("-T tsprespec=192.0.2.2,192.0.2.3,192.0.2.4,192.0.2.5,"
	        "192.0.2.6 192.0.2.1", "-T tsprespec=");
	rejects("-T tsprespec=2001:db8::2 192.0.2.1", "up to 4 IPv4 "
	        "addresses");
	rejects("-T tsprespec= 192.0.2.1", "expected tsonly, tsandaddr or "
	        "tsprespec");
	rejects("-T tsprespec=192.0.2.2, 192.0.2.1", "expected tsonly");
	rejects("-T tsprespec=192.0.2.300 192.0.2.1", "expected tsonly");
	rejects("-T tsprespec 192.0.2.1", "expected tsonly");
	rejects("-T tsonly=1 192.0.2.1", "expected tsonly");
	rejects("-T stamps 192.0.2.1", "-T stamps: expected tsonly");
	rejects("-T tsonly 2001:db8::1", "-T: IP timestamps are an IPv4 "
	        "option");
	rejects("-T tsonly -R 192.0.2.1", "-T and -R");
	rejects("-T tsonly -T tsonly 192.0.2.1", "-T given twice");
	is_int(FIELD("-R 192.0.2.1", ping.flags), WARTS_PING_FLAG_V4RR, "-R");
	rejects("-R -R 192.0.2.1", "-R given twice");
	rejects("-RR 192.0.2.1", "-R given twice");
	is_int(FIELD("-Rc 2 192.0.2.1", ping.attempts), 2,
	       "flags run together with an option that takes a value: -Rc 2");
	rejects("-cR 2 192.0.2.1", "-c needs a value");
}

static void addresses(void)
{
	struct ping_cmd *pc;
	if ((pc = accepts("-S 192.0.2.5 192.0.2.1")) != NULL) {
		char buf[64];
		is_str(warts_addr_tostr(&pc->ping.src, buf, sizeof(buf)),
		       "192.0.2.5", "-S sets the source");
		ping_cmd_free(pc);
	}
	rejects("-S 2001:db8::5 192.0.2.1", "-S 2001:db8::5: not an address "
	        "of the destination's family");
	rejects("-S nowhere 192.0.2.1", "-S nowhere: not an address");
	rejects("-S 192.0.2.5 -S 192.0.2.6 192.0.2.1", "-S given twice");
	if ((pc = accepts("-r 192.0.2.254 192.0.2.1")) != NULL) {
		ok(pc->ping.rtr.type == WARTS_ADDR_IPV4, "-r sets the router");
		ping_cmd_free(pc);
	}
	accepts_free("-r 2001:db8::fe 2001:db8::1");
	rejects("-r 2001:db8::fe 192.0.2.1", "-r 2001:db8::fe: not an address "
	        "of the destination's family");
	rejects("-r 192.0.2.1 -r 192.0.2.2 192.0.2.1", "-r given twice");
	rejects("", "expected an address to ping");
	rejects("-c", "-c needs a value");
	rejects("-c 2", "expected an address to ping");
	rejects("-c 2 -R", "expected an address to ping");
	rejects("www.example.com", "www.example.com: not an IPv4 or IPv6 "
	        "address");
	rejects("192.0.2.1 -c 2", "192.0.2.1 -c: expected one address");
	rejects("192.0.2.1 192.0.2.2", "expected one address");
	rejects("-x 192.0.2.1", "unknown option -x");
	rejects("--count 2 192.0.2.1", "unknown option --count");
	/* -y: scamper 2026's stream interval, checked and ignored */
	accepts_free("-y 5 192.0.2.1");
	accepts_free("- 192.0.2.1");

	/* addresses that are no one host: refused, as sc_filterpolicy
	 * expects of a bad row in its input */
	rejects("0.0.0.0", "invalid destination address 0.0.0.0 "
	        "(unspecified)");
	rejects("-P tcp-syn -d 22 0.0.0.0", "invalid destination address");
	rejects("0.1.2.3", "invalid destination address 0.1.2.3");
	rejects("::", "invalid destination address :: (unspecified)");
	rejects("224.0.0.1", "invalid destination address 224.0.0.1 "
	        "(multicast)");
	rejects("239.255.255.250", "(multicast)");
	rejects("ff02::1", "invalid destination address ff02::1 "
	        "(multicast)");
	rejects("255.255.255.255", "(broadcast)");
	accepts_free("223.255.255.255");
	accepts_free("240.0.0.1");
	accepts_free("::1");
	accepts_free("fe80::1");
}

int main(void)
{
	defaults();
	methods();
	numbers();
	ports();
	times();
	patterns();
	sizes();
	options();
	checksums();
	timestamps();
	addresses();
	return done_testing();
}
