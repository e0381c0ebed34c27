/*
 * fuzz_remote_regress.c: every input fuzz/fuzz_remote.c ever found a
 * problem with (tests/data/regress-remote/) goes through the fuzz
 * target's checks again, and so do its seeds (fuzz/seeds-remote/): a
 * crash, an abort or a leak fails the test run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const char *path)
{
	struct tbuf b = {0};
	uint8_t buf[65536];
	size_t n;
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		ok(0, "%s: cannot open", path);
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		tbuf_add(&b, buf, n);
	fclose(fp);
	/* an exact copy, so that the sanitizers see a read past its end */
	{
		uint8_t *p = malloc(b.len ? b.len : 1);
		if (b.len > 0)
			memcpy(p, b.p, b.len);
		LLVMFuzzerTestOneInput(p, b.len);
		free(p);
	}
	ok(1, "%s: %zu bytes, no crash", path, b.len);
	tbuf_free(&b);
}

int main(void)
{
	static const char *const any[] = { "", NULL };
	char **regress = test_files("regress-remote", any);
	/* the seeds live with the fuzz target, beside tests/data */
	char **seeds = test_files("../../fuzz/seeds-remote", any);
	int n = 0;

	for (char **p = regress; *p != NULL; p++, n++)
		run(*p);
	for (char **p = seeds; *p != NULL; p++, n++)
		run(*p);
	if (n == 0)
		ok(0, "no inputs found in tests/data/regress-remote or "
		   "fuzz/seeds-remote");
	test_freelist(regress);
	test_freelist(seeds);
	return done_testing();
}
