/*
 * test_ping_layout.c: a warts_ping has no padding beyond the unavoidable
 * tail.  The prober holds one per ping in flight (ten thousand at once
 * in the benchmark), so a field added in the wrong place costs memory
 * for each; this test says where.  FIELDS must name every member: a
 * member missing from it shows up here as padding.
 */
#include <stdalign.h>
#include <stddef.h>

#include "tap.h"
#include "warts/ping.h"

#define FIELDS(X) \
	X(list) X(cycle) X(payload) X(tsps) X(errmsg) X(replies) \
	X(start) X(userid) X(tcpseq) X(tcpack) X(wait_usec) \
	X(timeout_usec) X(flags) \
	X(stop_count) X(attempts) X(probe_size) X(sport) X(dport) \
	X(icmpsum) X(pmtu) X(payload_len) X(ping_sent) X(replyc) \
	X(stop_reason) X(stop_data) X(method) X(ttl) X(tos) X(wait_sec) \
	X(timeout_sec) X(style) \
	X(src) X(dst) X(rtr)

#define SIZE(f) + sizeof(((warts_ping *)0)->f)

struct span {
	const char *name;
	size_t      off, len;
};

#define SPAN(f) { #f, offsetof(warts_ping, f), \
                  sizeof(((warts_ping *)0)->f) },

int main(void)
{
	const struct span s[] = { FIELDS(SPAN) };
	size_t n = sizeof(s) / sizeof(s[0]);
	size_t used = 0 FIELDS(SIZE);
	size_t align = alignof(warts_ping);
	size_t want = (used + align - 1) / align * align;

	/* every byte between two fields, in offset order, is a hole */
	for (size_t i = 0; i < n; i++) {
		size_t end = s[i].off + s[i].len, next = sizeof(warts_ping);
		const char *after = "the end";
		for (size_t j = 0; j < n; j++)
			if (s[j].off >= end && s[j].off < next) {
				next = s[j].off;
				after = s[j].name;
			}
		if (next - end >= align || (next < sizeof(warts_ping) &&
		                            next != end))
			ok(0, "a %zu-byte hole after %s, before %s",
			   next - end, s[i].name, after);
	}
	is_int(sizeof(warts_ping), want,
	       "warts_ping: %zu bytes of fields, no padding but the tail "
	       "(padding, or a member missing from FIELDS)", used);
	return done_testing();
}
