/*
 * test_fmt.c: the formatting helpers write exactly what the C library's
 * functions they replace would (scamper uses those): addresses as
 * inet_ntop(3), numbers as printf's %u, times as strftime(3) and ctime(3).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fmt.h"
#include "tap.h"

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static int addr_same(const warts_addr *a, int af)
{
	char want[INET6_ADDRSTRLEN];
	warts_strbuf sb = {0};
	int same;
	inet_ntop(af, a->bytes, want, sizeof(want));
	sb_addr(&sb, a);
	sb_nul(&sb);
	same = strcmp(sb.data, want) == 0;
	if (!same)
		diag("got %s, inet_ntop says %s", sb.data, want);
	warts_strbuf_free(&sb);
	return same;
}

static void test_addrs(void)
{
	warts_addr a;
	int bad = 0;

	for (int i = 0; i < 200000 && bad < 5; i++) {
		uint8_t b[16];
		/* mostly zero groups, to exercise the "::" choice */
		for (int g = 0; g < 8; g++) {
			unsigned r = rnd() % 8, v;
			v = r < 4 ? 0 : r < 5 ? 0xffff : r < 6 ? (rnd() & 0xf) :
			    rnd() & 0xffff;
			b[2 * g] = (uint8_t)(v >> 8);
			b[2 * g + 1] = (uint8_t)v;
		}
		warts_addr_set(&a, WARTS_ADDR_IPV6, b);
		bad += !addr_same(&a, AF_INET6);
		warts_addr_set(&a, WARTS_ADDR_IPV4, b);
		bad += !addr_same(&a, AF_INET);
	}
	ok(bad == 0, "200,000 random IPv4 and IPv6 addresses as inet_ntop");

	static const char *const fixed[] = {
		"::", "::1", "::ffff:192.0.2.1", "::192.0.2.1", "2001:db8::",
		"2001:db8::1:0:0:1", "2001:db8:0:1:1:1:1:1", "1::", "::2:3:4:5:6:7:8",
		"2001:db8:1:2:3:4:5:6", "0:0:1::", "::ffff:0:0", "::fffe:1.2.3.4",
		"2001:0:0:1::1", "0.0.0.0", "255.255.255.255", "198.51.100.7",
	};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		warts_addr_fromstr(&a, fixed[i]);
		ok(addr_same(&a, a.type == WARTS_ADDR_IPV4 ? AF_INET : AF_INET6),
		   "%s", fixed[i]);
	}
}

static void test_numbers(void)
{
	uint64_t v[] = { 0, 1, 9, 10, 99, 100, 101, 999, 1000, 65535,
	                 4294967295ULL, 18446744073709551615ULL };
	int bad = 0;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		warts_strbuf sb = {0};
		char want[32];
		snprintf(want, sizeof(want), "%llu", (unsigned long long)v[i]);
		sb_u(&sb, v[i]);
		sb_nul(&sb);
		bad += strcmp(sb.data, want) != 0;
		warts_strbuf_free(&sb);
	}
	for (int i = 0; i < 100000; i++) {
		warts_strbuf sb = {0};
		char want[64];
		uint64_t x = ((uint64_t)rnd() << 32 | rnd()) >> (rnd() % 64);
		snprintf(want, sizeof(want), "%llu", (unsigned long long)x);
		sb_u(&sb, x);
		sb_i(&sb, -(int64_t)(x >> 1));
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
		         "%lld", -(long long)(x >> 1));
		sb_nul(&sb);
		bad += strcmp(sb.data, want) != 0;
		warts_strbuf_free(&sb);
	}
	ok(bad == 0, "numbers as printf writes them");
}

static void test_times(void)
{
	int bad = 0;
	setenv("TZ", "UTC", 1);
	tzset();
	for (int i = 0; i < 20000; i++) {
		uint32_t sec = rnd() * (i % 2 ? 1u : 37u);
		time_t tt = sec;
		struct tm tm;
		char want[64], c26[32];
		warts_strbuf sb = {0};
		localtime_r(&tt, &tm);
		strftime(want, sizeof(want), "%Y-%m-%d %H:%M:%S", &tm);
		ctime_r(&tt, c26);
		c26[24] = '\0';
		strcat(want, "|");
		strcat(want, c26);
		sb_ftime(&sb, sec);
		sb_c(&sb, '|');
		sb_ctime(&sb, sec);
		sb_nul(&sb);
		if (strcmp(sb.data, want) != 0 && bad++ < 3)
			diag("got %s want %s", sb.data, want);
		warts_strbuf_free(&sb);
	}
	ok(bad == 0, "times as strftime and ctime write them");
}

static void test_rtt(void)
{
	warts_strbuf sb = {0};
	sb_rtt(&sb, 0);
	sb_c(&sb, ' ');
	sb_rtt(&sb, 40);
	sb_c(&sb, ' ');
	sb_rtt(&sb, 1234567);
	sb_c(&sb, ' ');
	sb_rtt(&sb, 4294967295U);
	sb_nul(&sb);
	is_str(sb.data, "0.000 0.040 1234.567 4294967.295",
	       "round-trip times as milliseconds with three decimals");
	warts_strbuf_free(&sb);
}

int main(void)
{
	test_addrs();
	test_numbers();
	test_times();
	test_rtt();
	return done_testing();
}
