/*
 * test_route.c: source addresses asked in bulk over rtnetlink
 * (prober/net/route_linux.h) are the ones a connected UDP socket gets,
 * destination by destination, in whatever order and mix of families they
 * were asked.  Nothing is sent: a route lookup and connecting a UDP
 * socket put no packet on the wire.  Needs no root: it asks about the
 * routes of whatever network namespace it runs in.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/route_linux.h"
#include "tap.h"

/* The oracle: connect a UDP socket toward dst, read its address. */
static int connected_src(const warts_addr *dst, warts_addr *src)
{
	struct sockaddr_storage ss, me;
	socklen_t sl, ml = sizeof(me);
	int fd, rc = -1;

	memset(&ss, 0, sizeof(ss));
	if (dst->type == WARTS_ADDR_IPV4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(33435);
		memcpy(&sin->sin_addr, dst->bytes, 4);
		sl = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(33435);
		memcpy(&sin6->sin6_addr, dst->bytes, 16);
		sl = sizeof(*sin6);
	}
	if ((fd = socket(ss.ss_family, SOCK_DGRAM, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&ss, sl) == 0 &&
	    getsockname(fd, (struct sockaddr *)&me, &ml) == 0) {
		if (dst->type == WARTS_ADDR_IPV4)
			warts_addr_set(src, WARTS_ADDR_IPV4,
			               &((struct sockaddr_in *)&me)->sin_addr);
		else
			warts_addr_set(src, WARTS_ADDR_IPV6,
			               &((struct sockaddr_in6 *)&me)->sin6_addr);
		rc = 0;
	}
	close(fd);
	return rc;
}

static const char *const names[] = {
	"127.0.0.1", "::1", "127.0.0.53", "192.0.2.1", "2001:db8::1",
	"127.9.8.7", "198.51.100.1", "203.0.113.9", "::1", "127.0.0.1",
	"198.18.0.1", "2001:db8:ffff::2",
	/* where the kernel's route lookup and a socket differ */
	"fe80::1", "ff02::1", "::ffff:127.0.0.1", "255.255.255.255",
	"127.255.255.255",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

/* Ask all of them at once; each answer must be the oracle's. */
static void test_same_as_connect(void)
{
	struct route_batch *b = route_batch_new();
	warts_addr dst[NNAMES];
	const warts_addr *ask[NNAMES];
	size_t found, want_found = 0;
	int agree = 1, loop_found = 0;

	ok(b != NULL, "a batch");
	if (b == NULL)
		return;
	for (size_t i = 0; i < NNAMES; i++) {
		warts_addr_fromstr(&dst[i], names[i]);
		ask[i] = &dst[i];
	}
	found = route_batch_ask(b, ask, NNAMES, (uint32_t)geteuid());
	for (size_t i = 0; i < NNAMES; i++) {
		warts_addr a, o;
		int ra = route_batch_src(b, &dst[i], &a, NULL);
		int ro = connected_src(&dst[i], &o);
		char sa[WARTS_ADDR_STRLEN], so[WARTS_ADDR_STRLEN];
		if (ra == 0)
			want_found++;
		if (ra == 0 && strcmp(names[i], "127.0.0.1") == 0)
			loop_found = 1;
		/* a batch may leave one out (the caller asks it alone);
		 * one it answers must be the connected socket's */
		if (ra == 0 && (ro != 0 || warts_addr_cmp(&a, &o) != 0)) {
			agree = 0;
			diag("%s: batch says %s, connect %s", names[i],
			     warts_addr_tostr(&a, sa, sizeof(sa)),
			     ro == 0 ? warts_addr_tostr(&o, so, sizeof(so)) :
			     strerror(errno));
		}
		if (ra != 0 && ro == 0)
			diag("%s: not in the batch's answers", names[i]);
	}
	ok(agree, "every source the batch found is the one connect gives");
	ok(loop_found, "127.0.0.1 is answered");
	diag("%zu of %zu destinations answered", found, NNAMES);
	is_int((long long)found, (long long)want_found,
	       "the count of answers is what is kept");

	route_batch_clear(b);
	{
		warts_addr a;
		ok(route_batch_src(b, &dst[0], &a, NULL) != 0,
		   "after clear, nothing is kept");
	}
	route_batch_free(b);
}

/* Only what the last ask asked is kept; more than the maximum is cut. */
static void test_bounds(void)
{
	struct route_batch *b = route_batch_new();
	warts_addr one, two, many[ROUTE_BATCH_MAX + 5], a;
	const warts_addr *ask[ROUTE_BATCH_MAX + 5];

	if (b == NULL) {
		ok(0, "a batch");
		return;
	}
	warts_addr_fromstr(&one, "127.0.0.1");
	warts_addr_fromstr(&two, "127.0.0.2");
	ask[0] = &one;
	is_int((long long)route_batch_ask(b, ask, 1, (uint32_t)geteuid()), 1,
	       "one destination: one answer");
	ask[0] = &two;
	route_batch_ask(b, ask, 1, (uint32_t)geteuid());
	ok(route_batch_src(b, &one, &a, NULL) != 0,
	   "an earlier ask's answers are gone");
	ok(route_batch_src(b, &two, &a, NULL) == 0, "the last ask's are kept");
	for (size_t i = 0; i < ROUTE_BATCH_MAX + 5; i++) {
		uint8_t v4[4] = { 127, 0, 1, (uint8_t)(i + 1) };
		warts_addr_set(&many[i], WARTS_ADDR_IPV4, v4);
		ask[i] = &many[i];
	}
	is_int((long long)route_batch_ask(b, ask, ROUTE_BATCH_MAX + 5,
	                                  (uint32_t)geteuid()),
	       ROUTE_BATCH_MAX, "at most ROUTE_BATCH_MAX are asked");
	ok(route_batch_src(b, &many[ROUTE_BATCH_MAX], &a, NULL) != 0,
	   "the ones past it are left to the caller");
	is_int((long long)route_batch_ask(b, ask, 0, 0), 0,
	       "none asked: none answered");
	route_batch_free(b);
	ok(route_batch_src(NULL, &one, &a, NULL) != 0, "no batch: nothing kept");
}

/* Those a route lookup would answer unlike a socket are left to the
 * caller, and leaving them out shifts no other destination's answer. */
static void test_left_out(void)
{
	static const char *const odd[] = {
		"fe80::1", "::ffff:127.0.0.1", "ff02::1", "ff0e::1",
		"255.255.255.255", "127.255.255.255", "127.0.0.1",
	};
	const size_t nodd = sizeof(odd) / sizeof(odd[0]);
	struct route_batch *b = route_batch_new();
	warts_addr dst[sizeof(odd) / sizeof(odd[0])], a, loop;
	const warts_addr *ask[sizeof(odd) / sizeof(odd[0])];
	int kept = 0;

	if (b == NULL) {
		ok(0, "a batch");
		return;
	}
	for (size_t i = 0; i < nodd; i++) {
		warts_addr_fromstr(&dst[i], odd[i]);
		ask[i] = &dst[i];
	}
	is_int((long long)route_batch_ask(b, ask, nodd, (uint32_t)geteuid()),
	       1, "of link-local, mapped, multicast, broadcast and one "
	       "loopback destination, one is answered");
	for (size_t i = 0; i + 1 < nodd; i++)
		if (route_batch_src(b, &dst[i], &a, NULL) == 0) {
			kept = 1;
			diag("%s was answered", odd[i]);
		}
	ok(!kept, "none of the others is kept");
	warts_addr_fromstr(&loop, "127.0.0.1");
	ok(route_batch_src(b, &dst[nodd - 1], &a, NULL) == 0 &&
	   warts_addr_cmp(&a, &loop) == 0,
	   "the loopback destination has its own source");
	route_batch_free(b);
}

int main(void)
{
	test_same_as_connect();
	test_bounds();
	test_left_out();
	return done_testing();
}
