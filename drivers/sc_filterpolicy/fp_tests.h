/*
 * fp_tests.h: the sixteen reachability tests of sc_filterpolicy, the
 * classes that group them, the probes that run them, and the rule that
 * says whether a measurement found the service reachable.
 *
 * The order of the table is the order of the columns in the printed
 * report; a set of tests is a bit mask over it (bit i = test i).
 */
#ifndef FP_TESTS_H
#define FP_TESTS_H

#include <stddef.h>
#include <stdint.h>

#include "warts/ping.h"


enum fp_test_id {
	FP_ICMP, FP_NETBIOS, FP_MSSQL, FP_FTP, FP_SSH, FP_TELNET, FP_MYSQL,
	FP_RDP, FP_HTTPS, FP_SMB, FP_VNC, FP_HTTP, FP_BGP, FP_NTP, FP_DNS,
	FP_SNMP,
	FP_NTESTS
};

enum fp_proto { FP_PROTO_ICMP, FP_PROTO_TCP, FP_PROTO_UDP };

enum {
	FP_CLASS_ROUTER = 0x1,
	FP_CLASS_SERVER = 0x2,
};

struct fp_test {
	const char *name;      /* as printed and as -T names it */
	uint8_t     proto;     /* enum fp_proto */
	uint16_t    port;      /* TCP or UDP destination port */
	uint8_t     classes;   /* FP_CLASS_* it belongs to */
	const char *payload;   /* UDP payload in hex, or NULL */
};

extern const struct fp_test fp_tests[FP_NTESTS];

typedef uint16_t fp_set;   /* a set of tests */

#define FP_ALL ((fp_set)((1u << FP_NTESTS) - 1))

/* The tests of a class named by -t (router, server, all); -1 if unknown. */
int fp_class_tests(const char *name, fp_set *set);

/* A test by name, case-insensitively; -1 if unknown. */
int fp_test_byname(const char *name);

/*
 * The command that runs a test against addr (as text) for device id:
 * a ping, or a trace with -O trace.  Returns the length written to buf
 * (truncated to len like snprintf).
 */
int fp_command(char *buf, size_t len, int test, uint32_t id,
               const char *addr, int trace);

/*
 * The test a ping ran, from its method and port, or -1 if it is none of
 * ours.  And whether it found the service: only an echo reply, a TCP
 * SYN/ACK or a UDP datagram counts; RSTs and ICMP errors do not.
 */
int fp_ping_test(const warts_ping *ping);
int fp_ping_responsive(const warts_ping *ping, int test);

#endif
