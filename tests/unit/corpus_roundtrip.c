/*
 * corpus_roundtrip.c: every file scamper wrote in the lab corpus, decoded
 * and encoded again, gives back exactly the same bytes; files other
 * programs wrote decode, and our encoding of them decodes to objects that
 * encode to the same bytes again.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>

#include "tap.h"
#include "testlib.h"

static const char *const warts_suffixes[] = {
	".warts", ".warts.gz", ".warts.bz2", ".warts.xz", NULL
};

static void exact(const char *path)
{
	struct tbuf raw = {0}, enc = {0};
	char why[512] = "";
	long n, diff;

	if (test_raw_records(path, &raw, why, sizeof(why)) < 0) {
		ok(0, "%s: read: %s", path, why);
		goto out;
	}
	n = test_reencode(path, &enc, why, sizeof(why));
	if (n < 0) {
		ok(0, "%s: decode/encode: %s", path, why);
		goto out;
	}
	diff = test_firstdiff(&raw, &enc);
	if (!ok(diff < 0, "%s: %ld objects re-encode byte for byte", path, n))
		diag("first difference at byte %ld (input %zu bytes, "
		     "output %zu)", diff, raw.len, enc.len);
out:
	tbuf_free(&raw);
	tbuf_free(&enc);
}

/* enc(dec(f)) is a fixed point: decoding it and encoding again is equal. */
static void fixpoint(const char *path)
{
	struct tbuf once = {0}, twice = {0};
	char why[512] = "", tmp[] = "/tmp/warts-rt-XXXXXX";
	long n;
	int fd;

	n = test_reencode(path, &once, why, sizeof(why));
	if (!ok(n > 0, "%s: decodes (%ld objects) %s", path, n, why))
		goto out;
	if ((fd = mkstemp(tmp)) < 0 ||
	    write(fd, once.p, once.len) != (ssize_t)once.len) {
		ok(0, "%s: temporary file", path);
		goto out;
	}
	close(fd);
	n = test_reencode(tmp, &twice, why, sizeof(why));
	unlink(tmp);
	ok(n >= 0 && test_firstdiff(&once, &twice) < 0,
	   "%s: our encoding decodes to the same objects %s", path, why);
out:
	tbuf_free(&once);
	tbuf_free(&twice);
}

int main(void)
{
	char **lab = test_files("corpus/lab", warts_suffixes);
	char **real = test_files("corpus/real", warts_suffixes);

	if (lab[0] == NULL)
		skip_all("no corpus under %s", test_datadir());
	for (char **p = lab; *p != NULL; p++)
		exact(*p);
	for (char **p = real; *p != NULL; p++)
		fixpoint(*p);
	test_freelist(lab);
	test_freelist(real);
	return done_testing();
}
