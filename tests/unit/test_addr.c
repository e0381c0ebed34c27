/*
 * test_addr.c: warts addresses: parsing, printing, ordering, lengths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"

/* Parse s; it must give type and print back as want. */
static void parses(const char *s, uint8_t type, const char *want)
{
	warts_addr a;
	char buf[WARTS_ADDR_STRLEN];

	memset(&a, 0xa5, sizeof(a));
	if (!ok(warts_addr_fromstr(&a, s) == 0, "'%s' parses", s))
		return;
	is_int(a.type, type, "'%s' has address type %u", s, type);
	ok(warts_addr_isset(&a), "'%s' is set", s);
	/* bytes past the type's length are zero, so memcmp compares */
	for (size_t i = warts_addr_len(type); i < sizeof(a.bytes); i++)
		if (a.bytes[i] != 0) {
			ok(0, "'%s': unused byte %zu is zero", s, i);
			break;
		}
	is_str(warts_addr_tostr(&a, buf, sizeof(buf)), want,
	       "'%s' prints as '%s'", s, want);
}

/* The bytes s parses to. */
static void bytes_are(const char *s, const char *hex)
{
	warts_addr a;
	char got[64] = "";
	size_t n;

	if (warts_addr_fromstr(&a, s) != 0) {
		ok(0, "'%s' parses for its bytes", s);
		return;
	}
	n = warts_addr_len(a.type);
	for (size_t i = 0; i < n; i++)
		snprintf(got + 2 * i, sizeof(got) - 2 * i, "%02x", a.bytes[i]);
	is_str(got, hex, "'%s' bytes", s);
}

static void rejects(const char *s)
{
	warts_addr a;
	char shown[64];
	size_t o = 0;

	/* keep the TAP line on one line */
	for (const char *p = s; *p != '\0' && o + 3 < sizeof(shown); p++) {
		if (*p == '\n') {
			shown[o++] = '\\';
			shown[o++] = 'n';
		} else {
			shown[o++] = *p;
		}
	}
	shown[o] = '\0';
	memset(&a, 0xa5, sizeof(a));
	ok(warts_addr_fromstr(&a, s) == -1 && a.type == WARTS_ADDR_NONE,
	   "'%s' is rejected, the address left absent", shown);
}

static void test_ipv4(void)
{
	parses("192.0.2.1", WARTS_ADDR_IPV4, "192.0.2.1");
	parses("198.51.100.255", WARTS_ADDR_IPV4, "198.51.100.255");
	parses("203.0.113.0", WARTS_ADDR_IPV4, "203.0.113.0");
	parses("198.19.255.254", WARTS_ADDR_IPV4, "198.19.255.254");
	bytes_are("192.0.2.1", "c0000201");
	bytes_are("198.18.0.10", "c612000a");
	is_int(warts_addr_len(WARTS_ADDR_IPV4), 4, "IPv4 length 4");
}

static void test_ipv6(void)
{
	/* RFC 5952: lower case, no leading zeros, the longest run of zero
	 * groups (the first of equals) becomes ::, a single zero group
	 * stays */
	parses("2001:db8::1", WARTS_ADDR_IPV6, "2001:db8::1");
	parses("2001:DB8::A", WARTS_ADDR_IPV6, "2001:db8::a");
	parses("2001:0db8:0000:0000:0000:0000:0000:0001", WARTS_ADDR_IPV6,
	       "2001:db8::1");
	parses("2001:db8:0:0:1:0:0:1", WARTS_ADDR_IPV6, "2001:db8::1:0:0:1");
	parses("2001:db8:0:0:1:0:0:0", WARTS_ADDR_IPV6, "2001:db8:0:0:1::");
	parses("2001:db8:0:1:1:1:1:1", WARTS_ADDR_IPV6,
	       "2001:db8:0:1:1:1:1:1");
	parses("2001:db8:1:0:0:0:0:0", WARTS_ADDR_IPV6, "2001:db8:1::");
	parses("2001:db8::", WARTS_ADDR_IPV6, "2001:db8::");
	parses("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", WARTS_ADDR_IPV6,
	       "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
	/* IPv4-mapped addresses print with a dotted quad */
	parses("::ffff:192.0.2.1", WARTS_ADDR_IPV6, "::ffff:192.0.2.1");
	parses("::ffff:c000:0201", WARTS_ADDR_IPV6, "::ffff:192.0.2.1");
	parses("0:0:0:0:0:ffff:198.51.100.7", WARTS_ADDR_IPV6,
	       "::ffff:198.51.100.7");
	bytes_are("::ffff:192.0.2.1", "00000000000000000000ffffc0000201");
	bytes_are("2001:db8::1", "20010db8000000000000000000000001");
	is_int(warts_addr_len(WARTS_ADDR_IPV6), 16, "IPv6 length 16");

	/* the longest form fits in WARTS_ADDR_STRLEN */
	{
		warts_addr a;
		char buf[WARTS_ADDR_STRLEN];
		const char *s = "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff";
		warts_addr_fromstr(&a, s);
		is_str(warts_addr_tostr(&a, buf, sizeof(buf)), s,
		       "the longest IPv6 form fits WARTS_ADDR_STRLEN");
	}
}

static void test_mac(void)
{
	parses("00:11:22:33:44:55", WARTS_ADDR_ETHERNET, "00:11:22:33:44:55");
	parses("AA:bb:CC:dd:EE:0f", WARTS_ADDR_ETHERNET, "aa:bb:cc:dd:ee:0f");
	bytes_are("02:00:5e:10:00:01", "02005e100001");
	is_int(warts_addr_len(WARTS_ADDR_ETHERNET), 6, "MAC length 6");
}

/*
 * EUI-64: tostr writes eight colon-separated two-digit groups.  Such a
 * string is also a valid IPv6 address, but an IPv6 address is never
 * written with every group two digits and leading zeros kept, so
 * fromstr must read this exact form as EUI-64 (it is the only way to
 * parse what tostr printed).
 */
static void test_eui64(void)
{
	static const uint8_t eui[8] = { 0x00, 0x11, 0x22, 0xff, 0xfe, 0x33,
	                                0x44, 0x55 };
	warts_addr a;
	char buf[WARTS_ADDR_STRLEN];

	warts_addr_set(&a, WARTS_ADDR_FIREWIRE, eui);
	is_str(warts_addr_tostr(&a, buf, sizeof(buf)),
	       "00:11:22:ff:fe:33:44:55", "EUI-64 from bytes prints");

	parses("00:11:22:ff:fe:33:44:55", WARTS_ADDR_FIREWIRE,
	       "00:11:22:ff:fe:33:44:55");
	parses("0A:0B:0C:0D:0E:0F:10:11", WARTS_ADDR_FIREWIRE,
	       "0a:0b:0c:0d:0e:0f:10:11");
	bytes_are("01:23:45:67:89:ab:cd:ef", "0123456789abcdef");
	is_int(warts_addr_len(WARTS_ADDR_FIREWIRE), 8, "EUI-64 length 8");
}

static void test_junk(void)
{
	static const char *const junk[] = {
		"", " ", "x", "junk", "192.0.2", "192.0.2.256", "192.0.2.1.",
		"192.0.2.1 ", " 192.0.2.1", "192.0.2.1/24", "192.0.2.-1",
		"192.0.2.01", "192.0.2.1\n",
		"2001:db8:::1", "2001:db8::1::2", "2001:db8::g",
		"2001:db8:0:0:0:0:0:0:1", "2001:db8::12345", "[2001:db8::1]",
		"2001:db8::1%eth0", ":2001:db8::1",
		/* MAC and EUI-64: exactly two hex digits per byte */
		"00:11:22:33:44", "00:11:22:33:44:55:66", "00:11:22:33:44:5",
		"0:11:22:33:44:55", "00:11:22:33:44:555", "00-11-22-33-44-55",
		"00:11:22:33:44:5g", "g0:11:22:33:44:55", "00:11:22:33:44:55:",
		"0011.2233.4455", "001122334455", "00:11:22:33:44:55:66:77:88",
		"00:11:22:33:44:55:66:7g", "00:11:22:33:44:55:66:7 ",
		"00:11:22:33:44 55",
		/* sscanf's %x would take these: a sign, a space, a 0x */
		"00:11:22:33:44: 5", "00:11:22:33:44:+5", "00:11:22:33:44:-1",
		"00:11:22:33: 4:55", "+0:11:22:33:44:55", " 0:11:22:33:44:55",
		"00:11:22:33:44:55:66: 7", "00:11:22:33:44:55:66:+7",
		"00:11:22:33:44:0x", "0x:11:22:33:44:55",
	};
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		rejects(junk[i]);
}

static void test_tostr_edges(void)
{
	warts_addr a;
	char buf[WARTS_ADDR_STRLEN], small[8];

	memset(&a, 0, sizeof(a));
	ok(!warts_addr_isset(&a), "a zeroed address is absent");
	memset(buf, 'x', sizeof(buf));
	is_str(warts_addr_tostr(&a, buf, sizeof(buf)), "",
	       "an absent address prints as the empty string");

	/* an unknown type prints as nothing, too */
	a.type = 9;
	memset(buf, 'x', sizeof(buf));
	is_str(warts_addr_tostr(&a, buf, sizeof(buf)), "",
	       "an unknown type prints as the empty string");

	/* a short buffer still gets a terminated string, never overrun */
	{
		static const uint8_t eui[8] = { 0, 0x11, 0x22, 0xff, 0xfe,
		                                0x33, 0x44, 0x55 };
		warts_addr_set(&a, WARTS_ADDR_FIREWIRE, eui);
	}
	memset(small, 'x', sizeof(small));
	warts_addr_tostr(&a, small, 6);
	ok(memchr(small, '\0', 6) != NULL && small[6] == 'x',
	   "EUI-64 into 6 bytes: terminated within them");
	warts_addr_fromstr(&a, "2001:db8::1");
	memset(small, 'x', sizeof(small));
	warts_addr_tostr(&a, small, 4);
	ok(memchr(small, '\0', 4) != NULL && small[4] == 'x',
	   "IPv6 into 4 bytes: terminated within them");
	warts_addr_fromstr(&a, "192.0.2.123");
	memset(small, 'x', sizeof(small));
	warts_addr_tostr(&a, small, 5);
	ok(memchr(small, '\0', 5) != NULL && small[5] == 'x',
	   "IPv4 into 5 bytes: terminated within them");
	small[0] = 'q';
	ok(warts_addr_tostr(&a, small, 0) == small && small[0] == 'q',
	   "a zero-length buffer is left alone");
}

static void test_set(void)
{
	warts_addr a;
	static const uint8_t v4[16] = { 192, 0, 2, 9, 0xff, 0xff, 0xff, 0xff,
	                                0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	                                0xff, 0xff };
	char buf[WARTS_ADDR_STRLEN];

	ok(warts_addr_set(&a, WARTS_ADDR_IPV4, v4) == 0, "set IPv4");
	is_str(warts_addr_tostr(&a, buf, sizeof(buf)), "192.0.2.9",
	       "set IPv4 prints");
	ok(a.bytes[4] == 0 && a.bytes[15] == 0,
	   "set zeroes the unused bytes");
	memset(&a, 0xa5, sizeof(a));
	ok(warts_addr_set(&a, 5, v4) == -1, "set with type 5 fails");
	ok(a.type == WARTS_ADDR_NONE, "a failed set leaves it absent");
	ok(warts_addr_set(&a, WARTS_ADDR_NONE, v4) == -1,
	   "set with type 0 fails");
}

static void test_len(void)
{
	is_int(warts_addr_len(WARTS_ADDR_NONE), 0, "len of NONE is 0");
	is_int(warts_addr_len(5), 0, "len of type 5 is 0");
	is_int(warts_addr_len(255), 0, "len of type 255 is 0");
	for (unsigned t = 5; t < 256; t++)
		if (warts_addr_len((uint8_t)t) != 0) {
			ok(0, "type %u has no length", t);
			return;
		}
	ok(1, "types 5..255 have no length");
}

static int sgn(int v)
{
	return (v > 0) - (v < 0);
}

static int cmp_qsort(const void *a, const void *b)
{
	return warts_addr_cmp(a, b);
}

static void test_cmp(void)
{
	/* in ascending order: by type, then by bytes */
	static const char *const order[] = {
		"192.0.2.1", "192.0.2.2", "192.0.2.10", "192.0.2.255",
		"198.18.0.1", "198.51.100.1", "203.0.113.1",
		"::ffff:192.0.2.1", "2001:db8::1", "2001:db8::2",
		"2001:db8:0:1::", "2001:db8:ffff::1",
		"00:00:00:00:00:01", "00:11:22:33:44:55", "ff:ff:ff:ff:ff:ff",
		"00:00:00:00:00:00:00:01", "00:11:22:ff:fe:33:44:55",
	};
	enum { N = sizeof(order) / sizeof(order[0]) };
	warts_addr a[N], shuffled[N], none, x, y;
	int bad = 0;

	/* EUI-64 values are set from bytes, so that the ordering does not
	 * depend on how fromstr reads them (tested in test_eui64) */
	for (size_t i = 0; i < N; i++) {
		if (strlen(order[i]) == 23) {
			uint8_t b[8];
			for (size_t k = 0; k < 8; k++)
				b[k] = (uint8_t)strtoul(order[i] + 3 * k, NULL,
				                        16);
			warts_addr_set(&a[i], WARTS_ADDR_FIREWIRE, b);
		} else if (warts_addr_fromstr(&a[i], order[i]) != 0) {
			ok(0, "parse %s", order[i]);
		}
	}
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < N; j++) {
			int want = i < j ? -1 : i > j ? 1 : 0;
			if (sgn(warts_addr_cmp(&a[i], &a[j])) != want) {
				diag("cmp(%s, %s) = %d, want sign %d",
				     order[i], order[j],
				     warts_addr_cmp(&a[i], &a[j]), want);
				bad++;
			}
		}
	ok(bad == 0, "cmp orders %d addresses by type then bytes, "
	   "antisymmetric, equal to itself", (int)N);

	/* qsort with cmp restores the order */
	for (size_t i = 0; i < N; i++)
		shuffled[i] = a[(i * 7 + 3) % N];
	qsort(shuffled, N, sizeof(shuffled[0]), cmp_qsort);
	ok(memcmp(shuffled, a, sizeof(a)) == 0, "qsort with cmp sorts");

	memset(&none, 0, sizeof(none));
	ok(warts_addr_cmp(&none, &none) == 0, "absent == absent");
	ok(warts_addr_cmp(&none, &a[0]) < 0, "absent sorts first");
	ok(warts_addr_cmp(&a[0], &none) > 0, "absent sorts first (reversed)");

	/* equal values compare equal whatever sits in unused bytes */
	warts_addr_fromstr(&x, "192.0.2.77");
	y = x;
	y.bytes[10] = 0x55;
	ok(warts_addr_cmp(&x, &y) == 0,
	   "cmp looks only at the type's bytes");

	/* an IPv4 address and its IPv4-mapped form differ: types differ */
	warts_addr_fromstr(&x, "192.0.2.1");
	warts_addr_fromstr(&y, "::ffff:192.0.2.1");
	ok(warts_addr_cmp(&x, &y) < 0, "IPv4 < its IPv4-mapped IPv6 form");
}

/* Every IPv4 /24 of 192.0.2.0 and a run of IPv6 addresses survive
 * tostr -> fromstr unchanged. */
static void test_print_parse(void)
{
	int bad = 0;
	for (unsigned i = 0; i < 256; i++) {
		warts_addr a, b;
		char buf[WARTS_ADDR_STRLEN], s[64];
		snprintf(s, sizeof(s), "192.0.2.%u", i);
		warts_addr_fromstr(&a, s);
		warts_addr_tostr(&a, buf, sizeof(buf));
		if (strcmp(buf, s) != 0 || warts_addr_fromstr(&b, buf) != 0 ||
		    warts_addr_cmp(&a, &b) != 0)
			bad++;
		snprintf(s, sizeof(s), "2001:db8:%x::%x:0:%x", i, i * 257u,
		         i ? i : 1);
		warts_addr_fromstr(&a, s);
		warts_addr_tostr(&a, buf, sizeof(buf));
		if (warts_addr_fromstr(&b, buf) != 0 ||
		    warts_addr_cmp(&a, &b) != 0)
			bad++;
		snprintf(s, sizeof(s), "02:00:%02x:%02x:00:%02x", i, 255 - i,
		         i ^ 0x5a);
		warts_addr_fromstr(&a, s);
		warts_addr_tostr(&a, buf, sizeof(buf));
		if (strcmp(buf, s) != 0 || a.type != WARTS_ADDR_ETHERNET)
			bad++;
	}
	is_int(bad, 0, "768 addresses print and parse back unchanged");
}

int main(void)
{
	test_ipv4();
	test_ipv6();
	test_mac();
	test_eui64();
	test_junk();
	test_tostr_edges();
	test_set();
	test_len();
	test_cmp();
	test_print_parse();
	return done_testing();
}
