/*
 * fp_tests.c: the test table, the commands that run each test, and the
 * reading of their results.
 *
 * The UDP payloads are built from the protocols' specifications, so that
 * a listening server answers them:
 *
 *   NTP  (RFC 1305 appendix B): a mode 6 control message, version 2,
 *        opcode 2 (read variables), sequence 1, association 0, no data.
 *   DNS  (RFC 1035 4.1): id 1, recursion desired, one question:
 *        www.google.com, type A, class IN.
 *   SNMP (RFC 3416, BER): an SNMPv2c GetRequest, community "public",
 *        request id 0x12345678, for sysDescr.0 (1.3.6.1.2.1.1.1.0).
 */
#include <stdio.h>
#include <strings.h>

#include "fp_tests.h"

#define R FP_CLASS_ROUTER
#define S FP_CLASS_SERVER

static const char ntp_payload[] = "160200010000000000000000";
static const char dns_payload[] =
	"000101000001000000000000"            /* header */
	"03777777" "06676f6f676c65" "03636f6d" "00" /* www.google.com */
	"0001" "0001";                        /* type A, class IN */
static const char snmp_payload[] =
	"3029"                                /* SEQUENCE, 41 bytes */
	"020101"                              /* version: 1 = v2c */
	"04067075626c6963"                    /* community "public" */
	"a01c"                                /* GetRequest-PDU, 28 */
	"020412345678"                        /* request-id */
	"020100" "020100"                     /* error-status, -index */
	"300e" "300c"                         /* varbind list, varbind */
	"06082b06010201010100"                /* 1.3.6.1.2.1.1.1.0 */
	"0500";                               /* NULL */

const struct fp_test fp_tests[FP_NTESTS] = {
	[FP_ICMP]    = { "ICMP",    FP_PROTO_ICMP,    0, R | S, NULL },
	[FP_NETBIOS] = { "NetBIOS", FP_PROTO_TCP,   139, 0,     NULL },
	[FP_MSSQL]   = { "MSSQL",   FP_PROTO_TCP,  1433, 0,     NULL },
	[FP_FTP]     = { "FTP",     FP_PROTO_TCP,    21, S,     NULL },
	[FP_SSH]     = { "SSH",     FP_PROTO_TCP,    22, R | S, NULL },
	[FP_TELNET]  = { "Telnet",  FP_PROTO_TCP,    23, R | S, NULL },
	[FP_MYSQL]   = { "MySQL",   FP_PROTO_TCP,  3306, S,     NULL },
	[FP_RDP]     = { "RDP",     FP_PROTO_TCP,  3389, S,     NULL },
	[FP_HTTPS]   = { "HTTPS",   FP_PROTO_TCP,   443, R | S, NULL },
	[FP_SMB]     = { "SMB",     FP_PROTO_TCP,   445, S,     NULL },
	[FP_VNC]     = { "VNC",     FP_PROTO_TCP,  5900, 0,     NULL },
	[FP_HTTP]    = { "HTTP",    FP_PROTO_TCP,    80, R | S, NULL },
	[FP_BGP]     = { "BGP",     FP_PROTO_TCP,   179, R,     NULL },
	[FP_NTP]     = { "NTP",     FP_PROTO_UDP,   123, R | S, ntp_payload },
	[FP_DNS]     = { "DNS",     FP_PROTO_UDP,    53, R | S, dns_payload },
	[FP_SNMP]    = { "SNMP",    FP_PROTO_UDP,   161, R | S, snmp_payload },
};

int fp_class_tests(const char *name, fp_set *set)
{
	unsigned cls;
	fp_set s = 0;

	if (strcasecmp(name, "all") == 0) {
		*set = FP_ALL;
		return 0;
	}
	if (strcasecmp(name, "router") == 0)
		cls = FP_CLASS_ROUTER;
	else if (strcasecmp(name, "server") == 0)
		cls = FP_CLASS_SERVER;
	else
		return -1;
	for (int i = 0; i < FP_NTESTS; i++)
		if (fp_tests[i].classes & cls)
			s |= (fp_set)(1u << i);
	*set = s;
	return 0;
}

int fp_test_byname(const char *name)
{
	for (int i = 0; i < FP_NTESTS; i++)
		if (strcasecmp(name, fp_tests[i].name) == 0)
			return i;
	return -1;
}

int fp_command(char *buf, size_t len, int test, uint32_t id,
               const char *addr, int trace)
{
	const struct fp_test *t = &fp_tests[test];

	if (trace) {
		switch (t->proto) {
		case FP_PROTO_ICMP:
			return snprintf(buf, len,
			    "trace -q 1 -U %u -P icmp-paris %s", id, addr);
		case FP_PROTO_TCP:
			return snprintf(buf, len,
			    "trace -q 1 -U %u -P tcp -d %u %s", id, t->port,
			    addr);
		default:
			return snprintf(buf, len,
			    "trace -q 1 -U %u -P udp-paris -O dl "
			    "-O const-payload -d %u -p %s %s", id, t->port,
			    t->payload, addr);
		}
	}
	switch (t->proto) {
	case FP_PROTO_ICMP:
		return snprintf(buf, len,
		    "ping -i 5 -U %u -c 1 -P icmp-echo %s", id, addr);
	case FP_PROTO_TCP:
		return snprintf(buf, len,
		    "ping -i 5 -U %u -c 1 -P tcp-syn -d %u %s", id, t->port,
		    addr);
	default:
		return snprintf(buf, len,
		    "ping -i 5 -U %u -c 1 -P udp -O dl -d %u -B %s %s", id,
		    t->port, t->payload, addr);
	}
}

int fp_ping_test(const warts_ping *ping)
{
	int proto;

	switch (ping->method) {
	case WARTS_PING_ICMP_ECHO:
		return FP_ICMP;
	case WARTS_PING_TCP_SYN:
		proto = FP_PROTO_TCP;
		break;
	case WARTS_PING_UDP:
		proto = FP_PROTO_UDP;
		break;
	default:
		return -1;
	}
	for (int i = 0; i < FP_NTESTS; i++)
		if (fp_tests[i].proto == proto &&
		    fp_tests[i].port == ping->dport)
			return i;
	return -1;
}

int fp_ping_responsive(const warts_ping *ping, int test)
{
	for (uint16_t i = 0; i < ping->replyc; i++) {
		const warts_ping_reply *r = &ping->replies[i];
		switch (fp_tests[test].proto) {
		case FP_PROTO_TCP:
			/* SYN and ACK both set: a listener answered */
			if (r->reply_proto == 6 &&
			    (r->tcp_flags & 0x12) == 0x12)
				return 1;
			break;
		case FP_PROTO_UDP:
			if (r->reply_proto == 17)
				return 1;
			break;
		default:
			if ((r->reply_proto == 1 && r->icmp_type == 0) ||
			    (r->reply_proto == 58 && r->icmp_type == 129))
				return 1;
			break;
		}
	}
	return 0;
}
