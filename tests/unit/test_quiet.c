/*
 * test_quiet.c: replies that wait for the prober to read them.
 *
 * While it paces probes, the prober reads replies on its tick rather
 * than being woken for each (net_quiet); before a measurement's timer
 * fires it reads what came in, so that a reply that arrived in time is
 * not taken for lost.  That read may end the very measurement whose
 * timer is firing.  Here every ping (-o 1: it ends at its first reply)
 * has its reply arrive 1 ms before its timeout (a fake network:
 * tests/fake/net_fake.h), 3,000 pings at 2,000 a second, so that the
 * tick runs through most of the timeouts: every reply must be
 * recorded, none late, every ping written, and (under AddressSanitizer
 * in CI) no task used after it was freed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "../fake/net_fake.h"
#include "../fake/prober_fake.h"
#include "tap.h"

enum { N = 3000 };

int main(void)
{
	char path[] = "/tmp/test_quiet.XXXXXX";
	char err[256], line[8192];
	static char addrs[N][20];
	static char *items[N];
	struct fake_prober fp;
	struct input *in;
	unsigned pings = 0, answered = 0;
	FILE *f;
	int fd;

	if ((fd = mkstemp(path)) < 0) {
		perror("mkstemp");
		return 1;
	}
	close(fd);
	for (int i = 0; i < N; i++) {
		snprintf(addrs[i], sizeof(addrs[i]), "198.18.%d.%d", i >> 8,
		         i & 255);
		items[i] = addrs[i];
	}
	if (fake_prober_open(&fp, 2000, 5000000, path, OUT_JSON, err,
	                     sizeof(err)) != 0) {
		printf("Bail out! set-up: %s\n", err);
		return 1;
	}
	net_fake_echo(fp.net, 999000);
	/* -o 1: a ping ends at its reply, inside the read */
	in = input_list(items, N, "ping -c 1 -o 1 -W 1");
	ok(in != NULL && prober_input(&fp.p, in) == 0, "3,000 pings queued");
	ok(prober_run(&fp.p) == 0, "the prober ran to the end");
	is_int(fp.p.st.done, N, "every ping ended");
	is_int(net_fake_echoed(fp.net), N, "every reply was read");
	is_int(fp.p.st.matched, N, "every reply went to its ping");
	is_int(fp.p.st.late, 0, "none was taken for late");
	ok(fake_prober_close(&fp, err, sizeof(err)) == 0, "output closed");
	if ((f = fopen(path, "r")) == NULL) {
		printf("Bail out! %s\n", path);
		return 1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, "\"type\":\"ping\"") == NULL)
			continue;
		pings++;
		if (strstr(line, "\"replies\":1,") != NULL)
			answered++;
	}
	fclose(f);
	unlink(path);
	is_int(pings, N, "every ping written");
	is_int(answered, N, "... each with its one reply");
	return done_testing();
}
