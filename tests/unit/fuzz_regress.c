/*
 * fuzz_regress.c: every input the fuzzer ever found a problem with
 * (tests/data/regress/) goes through the fuzz target's checks again, and
 * so does every corpus file; a crash or abort fails the test run.
 */
#include <stdio.h>
#include <stdlib.h>

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
	LLVMFuzzerTestOneInput(b.p, b.len);
	ok(1, "%s: %zu bytes, no crash", path, b.len);
	tbuf_free(&b);
}

int main(void)
{
	static const char *const any[] = { "", NULL };
	static const char *const warts[] = {
		".warts", ".gz", ".bz2", ".xz", NULL
	};
	char **regress = test_files("regress", any);
	char **lab = test_files("corpus/lab", warts);

	for (char **p = regress; *p != NULL; p++)
		run(*p);
	for (char **p = lab; *p != NULL; p++)
		run(*p);
	test_freelist(regress);
	test_freelist(lab);
	return done_testing();
}
