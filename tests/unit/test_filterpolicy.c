/*
 * test_filterpolicy.c: sc_filterpolicy's parts that need no prober: the
 * test table and classes, the commands it sends, its UDP payloads (each
 * decoded here by its protocol's rules), reading devices, the verdict,
 * and the table, which must match scamper's layout character for
 * character.
 */
#include <stdlib.h>
#include <string.h>

#include "fp_devices.h"
#include "fp_result.h"
#include "fp_tests.h"
#include "tap.h"

static fp_set set_of(const char *names)
{
	char buf[256], *s, *save = NULL;
	fp_set set = 0;

	strcpy(buf, names);
	for (s = strtok_r(buf, " ", &save); s != NULL;
	     s = strtok_r(NULL, " ", &save))
		set |= (fp_set)(1u << fp_test_byname(s));
	return set;
}

static void test_classes(void)
{
	fp_set s;

	ok(fp_class_tests("router", &s) == 0 &&
	   s == set_of("ICMP SSH Telnet HTTPS HTTP BGP NTP DNS SNMP"),
	   "router: ICMP SSH Telnet HTTPS HTTP BGP NTP DNS SNMP");
	ok(fp_class_tests("Server", &s) == 0 &&
	   s == set_of("ICMP FTP SSH Telnet MySQL RDP HTTPS SMB HTTP NTP "
	               "DNS SNMP"), "server: the twelve of the man page");
	ok(fp_class_tests("all", &s) == 0 && s == FP_ALL, "all: sixteen");
	ok(fp_class_tests("routers", &s) == -1, "unknown class refused");
	is_int(fp_test_byname("vnc"), FP_VNC, "names are case-insensitive");
	is_int(fp_test_byname("telnet"), FP_TELNET, "telnet");
	is_int(fp_test_byname("gopher"), -1, "unknown test");
	is_int(fp_tests[FP_NETBIOS].port, 139, "NetBIOS tcp/139");
	is_int(fp_tests[FP_MSSQL].port, 1433, "MSSQL tcp/1433");
	is_int(fp_tests[FP_RDP].port, 3389, "RDP tcp/3389");
	is_int(fp_tests[FP_VNC].port, 5900, "VNC tcp/5900");
	is_int(fp_tests[FP_BGP].port, 179, "BGP tcp/179");
	is_int(fp_tests[FP_SNMP].port, 161, "SNMP udp/161");
}

static void test_commands(void)
{
	char b[512];

	fp_command(b, sizeof(b), FP_ICMP, 7, "192.0.2.1", 0);
	is_str(b, "ping -i 5 -U 7 -c 1 -P icmp-echo 192.0.2.1", "icmp ping");
	fp_command(b, sizeof(b), FP_SSH, 7, "2001:db8::1", 0);
	is_str(b, "ping -i 5 -U 7 -c 1 -P tcp-syn -d 22 2001:db8::1",
	       "tcp ping");
	fp_command(b, sizeof(b), FP_NTP, 8, "192.0.2.1", 0);
	is_str(b, "ping -i 5 -U 8 -c 1 -P udp -O dl -d 123 -B "
	       "160200010000000000000000 192.0.2.1", "udp ping with payload");
	fp_command(b, sizeof(b), FP_ICMP, 9, "192.0.2.1", 1);
	is_str(b, "trace -q 1 -U 9 -P icmp-paris 192.0.2.1", "icmp trace");
	fp_command(b, sizeof(b), FP_BGP, 9, "192.0.2.1", 1);
	is_str(b, "trace -q 1 -U 9 -P tcp -d 179 192.0.2.1", "tcp trace");
	fp_command(b, sizeof(b), FP_NTP, 9, "192.0.2.1", 1);
	is_str(b, "trace -q 1 -U 9 -P udp-paris -O dl -O const-payload "
	       "-d 123 -p 160200010000000000000000 192.0.2.1", "udp trace");
}

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = 0;
	for (; hex[0] && hex[1]; hex += 2) {
		unsigned v;
		sscanf(hex, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static void test_payloads(void)
{
	uint8_t p[256];
	size_t n;

	/* NTP mode 6: LI 0, version 2, mode 6; opcode 2 read variables */
	n = unhex(fp_tests[FP_NTP].payload, p);
	ok(n == 12 && (p[0] & 7) == 6 && ((p[0] >> 3) & 7) == 2 &&
	   (p[1] & 0x1f) == 2 && (p[1] & 0xe0) == 0,
	   "NTP: a 12-byte mode 6 version 2 read-variables request");
	ok(p[10] == 0 && p[11] == 0, "NTP: no data (count 0)");

	/* DNS: header then one question, www.google.com A IN */
	n = unhex(fp_tests[FP_DNS].payload, p);
	ok(n == 32, "DNS: 12-byte header + 16-byte name + type + class");
	ok((p[2] & 0x80) == 0 && (p[2] & 0x01) == 1 && p[4] == 0 &&
	   p[5] == 1 && p[7] == 0 && p[9] == 0 && p[11] == 0,
	   "DNS: a query, recursion desired, one question, nothing else");
	ok(memcmp(p + 12, "\3www\6google\3com\0", 16) == 0,
	   "DNS: the name is www.google.com");
	ok(p[28] == 0 && p[29] == 1 && p[30] == 0 && p[31] == 1,
	   "DNS: type A, class IN");

	/* SNMP: walk the BER: every length must add up */
	n = unhex(fp_tests[FP_SNMP].payload, p);
	ok(p[0] == 0x30 && p[1] == n - 2, "SNMP: one SEQUENCE, length right");
	ok(p[2] == 0x02 && p[3] == 1 && p[4] == 1, "SNMP: version 2c (1)");
	ok(p[5] == 0x04 && p[6] == 6 && memcmp(p + 7, "public", 6) == 0,
	   "SNMP: community public");
	ok(p[13] == 0xa0 && p[14] == n - 15, "SNMP: a GetRequest PDU to the end");
	ok(p[15] == 0x02 && p[16] == 4 && p[21] == 0x02 && p[22] == 1 &&
	   p[23] == 0 && p[24] == 0x02 && p[25] == 1 && p[26] == 0,
	   "SNMP: request id, error status 0, error index 0");
	ok(p[27] == 0x30 && p[28] == n - 29 && p[29] == 0x30 &&
	   p[30] == n - 31, "SNMP: one varbind");
	ok(p[31] == 0x06 && p[32] == 8 &&
	   memcmp(p + 33, "\x2b\x06\x01\x02\x01\x01\x01\x00", 8) == 0,
	   "SNMP: OID 1.3.6.1.2.1.1.1.0 (sysDescr.0)");
	ok(p[41] == 0x05 && p[42] == 0 && n == 43, "SNMP: NULL value, end");
}

static warts_ping *mkping(int method, uint16_t dport)
{
	warts_ping *p = warts_ping_alloc();
	p->method = (uint8_t)method;
	p->dport = dport;
	warts_addr_fromstr(&p->dst, "192.0.2.1");
	return p;
}

static void reply(warts_ping *p, uint8_t proto, uint8_t icmp_type,
                  uint8_t tcp_flags)
{
	warts_ping_reply *r = warts_ping_reply_add(p);
	warts_addr_fromstr(&r->addr, "192.0.2.1");
	r->reply_proto = proto;
	r->icmp_type = icmp_type;
	r->tcp_flags = tcp_flags;
}

static void test_responsive(void)
{
	warts_ping *p;

	p = mkping(WARTS_PING_TCP_SYN, 22);
	is_int(fp_ping_test(p), FP_SSH, "tcp-syn to 22 is SSH");
	is_int(fp_ping_responsive(p, FP_SSH), 0, "no reply: closed");
	reply(p, 6, 0, 0x14);
	is_int(fp_ping_responsive(p, FP_SSH), 0, "RST/ACK does not count");
	reply(p, 6, 0, 0x12);
	is_int(fp_ping_responsive(p, FP_SSH), 1, "SYN/ACK counts");
	warts_ping_free(p);

	p = mkping(WARTS_PING_UDP, 53);
	is_int(fp_ping_test(p), FP_DNS, "udp to 53 is DNS");
	reply(p, 1, 3, 0);
	is_int(fp_ping_responsive(p, FP_DNS), 0, "port unreachable does not");
	reply(p, 17, 0, 0);
	is_int(fp_ping_responsive(p, FP_DNS), 1, "a UDP datagram counts");
	warts_ping_free(p);

	p = mkping(WARTS_PING_ICMP_ECHO, 0);
	is_int(fp_ping_test(p), FP_ICMP, "icmp-echo is ICMP");
	reply(p, 1, 3, 0);
	is_int(fp_ping_responsive(p, FP_ICMP), 0, "unreachable does not");
	reply(p, 58, 129, 0);
	is_int(fp_ping_responsive(p, FP_ICMP), 1, "ICMPv6 echo reply counts");
	warts_ping_free(p);

	p = mkping(WARTS_PING_UDP, 7);
	is_int(fp_ping_test(p), -1, "udp to 7 is none of ours");
	warts_ping_free(p);
	p = mkping(WARTS_PING_TCP_ACK, 80);
	is_int(fp_ping_test(p), -1, "tcp-ack is none of ours");
	warts_ping_free(p);
}

static void add(struct fp_result *r, const char *a, const char *tests,
                const char *answered)
{
	warts_addr addr;
	fp_set t = set_of(tests), o = set_of(answered);

	warts_addr_fromstr(&addr, a);
	for (int i = 0; i < FP_NTESTS; i++)
		if (t & (1u << i))
			fp_result_add(r, &addr, i, (o >> i) & 1);
}

static char *table(struct fp_result *r, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (json)
		fp_result_json(f, r);
	else
		fp_result_table(f, r);
	fclose(f);
	return buf;
}

static void test_table(void)
{
	const char *server = "ICMP FTP SSH Telnet MySQL RDP HTTPS SMB HTTP "
	                     "NTP DNS SNMP";
	struct fp_result r;
	char *t;

	/* drivers.md 1.5: the lab server, added in reverse order */
	memset(&r, 0, sizeof(r));
	add(&r, "2001:db8:3::10", server, "ICMP SSH HTTP NTP DNS");
	add(&r, "203.0.113.10", server, "ICMP HTTPS HTTP NTP");
	t = table(&r, 0);
	is_str(t,
	       "               :           T                        \n"
	       "               :           e  M     H               \n"
	       "               :  I        l  y     T     H        S\n"
	       "               :  C  F  S  n  S  R  T  S  T  N  D  N\n"
	       "               :  M  T  S  e  Q  D  P  M  T  T  N  M\n"
	       "               :  P  P  H  t  L  P  S  B  P  P  S  P\n"
	       "====================================================\n"
	       "  203.0.113.10 :  O     X           O     O  O  X   \n"
	       "2001:db8:3::10 :  O     O           X     O  O  O   \n"
	       "\n", "the server's table, as scamper prints it");
	free(t);
	ok(fp_result_incongruent(&r), "the server is incongruent");
	is_int(fp_result_differing(&r), set_of("SSH HTTPS DNS"),
	       "differing: SSH, HTTPS, DNS");
	t = table(&r, 1);
	is_str(t, "{\"id\":0,\"name\":null,\"tests\":[\"ICMP\",\"FTP\","
	       "\"SSH\",\"Telnet\",\"MySQL\",\"RDP\",\"HTTPS\",\"SMB\","
	       "\"HTTP\",\"NTP\",\"DNS\",\"SNMP\"],\"addresses\":[{\"addr\":"
	       "\"203.0.113.10\",\"tested\":[\"ICMP\",\"FTP\",\"SSH\","
	       "\"Telnet\",\"MySQL\",\"RDP\",\"HTTPS\",\"SMB\",\"HTTP\","
	       "\"NTP\",\"DNS\",\"SNMP\"],\"responsive\":[\"ICMP\",\"HTTPS\","
	       "\"HTTP\",\"NTP\"]},{\"addr\":\"2001:db8:3::10\",\"tested\":["
	       "\"ICMP\",\"FTP\",\"SSH\",\"Telnet\",\"MySQL\",\"RDP\","
	       "\"HTTPS\",\"SMB\",\"HTTP\",\"NTP\",\"DNS\",\"SNMP\"],"
	       "\"responsive\":[\"ICMP\",\"SSH\",\"HTTP\",\"NTP\",\"DNS\"]}],"
	       "\"congruent\":false,\"differing\":[\"SSH\",\"HTTPS\","
	       "\"DNS\"]}\n", "the server as JSON");
	free(t);
	fp_result_clear(&r);

	/* a router that answers only ICMP; a test not run on one address */
	add(&r, "192.0.2.9", "ICMP SSH", "ICMP");
	add(&r, "2001:db8:23::2", "ICMP", "ICMP");
	t = table(&r, 0);
	is_str(t,
	       "               :  I   \n"
	       "               :  C  S\n"
	       "               :  M  S\n"
	       "               :  P  H\n"
	       "======================\n"
	       "     192.0.2.9 :  O   \n"
	       "2001:db8:23::2 :  O  ?\n"
	       "\n", "? for a test not run; blank when nobody answered");
	free(t);
	ok(!fp_result_incongruent(&r), "ICMP on both: congruent");
	is_int(fp_result_differing(&r), 0, "nothing differs");
	fp_result_clear(&r);
}

static int read_devices(const char *text, int tuples, struct fp_devices *d,
                        char *err, size_t errlen)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;
	memset(d, 0, sizeof(*d));
	rc = fp_devices_read(d, f, "in.txt", tuples, err, errlen);
	fclose(f);
	return rc;
}

static void test_devices(void)
{
	struct fp_devices d;
	warts_addr a[8];
	char err[256], s[WARTS_ADDR_STRLEN];
	int rc;

	rc = read_devices("srv.lab 203.0.113.10 2001:db8:3::10\n"
	                  "# a comment\n\n"
	                  "r3.lab 192.0.2.9 2001:db8:23::2  # trailing\n"
	                  "192.0.2.77 2001:db8::77\n", 0, &d, err, sizeof(err));
	ok(rc == 0, "rows with names read (scamper crashed on these)");
	is_int(d.n, 3, "each row is its own device");
	is_str(fp_dev_name(&d, 0), "srv.lab", "first named srv.lab");
	is_str(fp_dev_name(&d, 1), "r3.lab", "second named r3.lab");
	ok(fp_dev_name(&d, 2) == NULL, "an unnamed row");
	is_int(fp_dev_addrs(&d, 1, a, 8), 2, "r3.lab has two addresses");
	ok(strcmp(warts_addr_tostr(&a[0], s, sizeof(s)), "2001:db8:23::2") == 0
	   || strcmp(s, "192.0.2.9") == 0, "and they are its own");
	is_int(d.dev[1].line, 4, "r3.lab is on line 4");
	fp_devices_free(&d);

	rc = read_devices("srv.lab 203.0.113.10\nr3.lab 192.0.2.9\n"
	                  "srv.lab 2001:db8:3::10\nr3.lab 2001:db8:23::2\n",
	                  1, &d, err, sizeof(err));
	ok(rc == 0 && d.n == 2, "tuples: two devices by name");
	is_int(fp_dev_addrs(&d, 0, a, 8), 2, "srv.lab gathered two addresses");
	fp_devices_free(&d);

	rc = read_devices("a 192.0.2.1 192.0.2.2\nb 192.0.2.3\n"
	                  "c 2001:db8::1 192.0.2.2\n", 0, &d, err, sizeof(err));
	ok(rc == -1, "a duplicate address is refused");
	is_str(err, "in.txt:3: 192.0.2.2 is also on line 1",
	       "naming both lines");
	fp_devices_free(&d);

	rc = read_devices("a 192.0.2.1 example.com\n", 0, &d, err,
	                  sizeof(err));
	is_str(err, "in.txt:1: example.com is not an IP address",
	       "a name among addresses");
	fp_devices_free(&d);
	rc = read_devices("\n\nlonely\n", 0, &d, err, sizeof(err));
	is_str(err, "in.txt:3: lonely has no address", "a name alone");
	fp_devices_free(&d);
	rc = read_devices("a 192.0.2.1 192.0.2.2\n", 1, &d, err, sizeof(err));
	is_str(err, "in.txt:1: expected a name and an address",
	       "tuples take two words");
	fp_devices_free(&d);
	rc = read_devices("a 00:11:22:33:44:55\n", 0, &d, err, sizeof(err));
	is_str(err, "in.txt:1: 00:11:22:33:44:55 is not an IP address",
	       "a MAC address is not an IP address");
	fp_devices_free(&d);
	(void)rc;
}

static void test_many(void)
{
	/* 100,000 devices, two addresses each, compactly */
	size_t cap = 100000 * 48, len = 0;
	char *text = malloc(cap);
	struct fp_devices d;
	char err[256];
	int rc;

	for (unsigned i = 0; i < 100000; i++)
		len += (size_t)snprintf(text + len, cap - len,
		    "d%u 198.%u.%u.%u 2001:db8::%x:%x\n", i, 18 + (i >> 16),
		    i >> 8 & 255, i & 255, i >> 16, i & 0xffff);
	rc = read_devices(text, 0, &d, err, sizeof(err));
	ok(rc == 0 && d.n == 100000, "100,000 devices read");
	if (rc != 0)
		diag("%s", err);
	ok(d.len + d.n * sizeof(*d.dev) < 6u << 20,
	   "held in %zu bytes", d.len + d.n * sizeof(*d.dev));
	fp_devices_free(&d);
	free(text);
}

int main(void)
{
	test_classes();
	test_commands();
	test_payloads();
	test_responsive();
	test_table();
	test_devices();
	test_many();
	return done_testing();
}
