/*
 * corpus_truncate.c: every corpus file cut short at every byte offset (a
 * dense sample for the two large files) yields exactly the objects whose
 * records end before the cut, then a clean error that names the offset of
 * the damaged record; a cut on a record boundary is a clean end of file.
 * Compressed copies are cut in their compressed form too.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tap.h"
#include "testlib.h"

/* The cut file lives in memory: this test makes tens of thousands. */
static int memfd = -1;

static int write_prefix(const uint8_t *p, size_t n)
{
	if (ftruncate(memfd, 0) != 0 ||
	    pwrite(memfd, p, n, 0) != (ssize_t)n ||
	    lseek(memfd, 0, SEEK_SET) != 0)
		return -1;
	return 0;
}

static warts_reader *open_prefix(warts_error *err)
{
	int fd = dup(memfd);
	return fd < 0 ? NULL : warts_reader_fdopen(fd, 1, err);
}

/* Record boundaries of a raw (decompressed) file. */
static size_t boundaries(const struct tbuf *raw, size_t *at, size_t max)
{
	size_t off = 0, n = 0;
	while (off + 8 <= raw->len && n < max) {
		size_t len = ((size_t)raw->p[off + 4] << 24) |
		             ((size_t)raw->p[off + 5] << 16) |
		             ((size_t)raw->p[off + 6] << 8) | raw->p[off + 7];
		at[n++] = off;
		off += 8 + len;
	}
	at[n] = raw->len;
	return n;
}

/* Read the prefix; check objects and error.  Returns 0 when right. */
static int check_cut(const struct tbuf *raw, size_t cut, const size_t *at,
                     size_t nrec, char *why, size_t whylen)
{
	warts_error err;
	warts_reader *r;
	warts_object obj;
	size_t want = 0, got = 0;
	int rc, boundary = 0;
	char offs[64];

	while (want < nrec && at[want + 1] <= cut)
		want++;
	boundary = at[want] == cut;
	if (write_prefix(raw->p, cut) != 0 ||
	    (r = open_prefix(&err)) == NULL) {
		snprintf(why, whylen, "cannot set up");
		return -1;
	}
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		got++;
		warts_object_clear(&obj);
	}
	snprintf(offs, sizeof(offs), "offset %zu", at[want]);
	if (got != want) {
		snprintf(why, whylen, "%zu objects, expected %zu", got, want);
		rc = 9;
	} else if (boundary && rc != 0) {
		snprintf(why, whylen, "error at a record boundary: %s",
		         warts_reader_error(r)->msg);
		rc = 9;
	} else if (!boundary && (rc != -1 ||
	           strstr(warts_reader_error(r)->msg, offs) == NULL ||
	           warts_reader_error(r)->offset != at[want])) {
		snprintf(why, whylen, "no error naming %s: %s", offs,
		         rc == -1 ? warts_reader_error(r)->msg : "clean end");
		rc = 9;
	} else {
		rc = 0;
	}
	warts_reader_close(r);
	return rc == 0 ? 0 : -1;
}

static void cut_file(const char *path)
{
	struct tbuf raw = {0};
	size_t at[65536], nrec, cuts = 0, bad = 0, step;
	char why[512] = "", first[600] = "";

	if (test_raw_records(path, &raw, why, sizeof(why)) < 0) {
		ok(0, "%s: %s", path, why);
		return;
	}
	nrec = boundaries(&raw, at, 65535);
	/* every offset of small files; a dense sample of large ones */
	step = raw.len > 32768 ? raw.len / 4000 : 1;
	for (size_t cut = 0; cut < raw.len; cut++) {
		int dense = cut < 4096 || raw.len - cut < 4096;
		for (size_t i = 0; !dense && i <= nrec; i++)
			if (cut + 16 > at[i] && cut < at[i] + 16)
				dense = 1;
		if (!dense && cut % step != 0)
			continue;
		cuts++;
		if (check_cut(&raw, cut, at, nrec, why, sizeof(why)) != 0) {
			if (bad++ == 0)
				snprintf(first, sizeof(first), "cut at %zu: %s",
				         cut, why);
		}
	}
	if (!ok(bad == 0, "%s: %zu cuts over %zu bytes, each yields the "
	        "objects before it and a clean error", path, cuts, raw.len))
		diag("%zu bad; first: %s", bad, first);
	tbuf_free(&raw);
}

/* A compressed file cut short: the objects before, then an error. */
static void cut_compressed(const char *path)
{
	struct tbuf whole = {0}, raw = {0};
	size_t bad = 0, cuts = 0;
	char why[512];
	FILE *fp = fopen(path, "rb");
	uint8_t buf[65536];
	size_t n;

	while (fp != NULL && (n = fread(buf, 1, sizeof(buf), fp)) > 0)
		tbuf_add(&whole, buf, n);
	if (fp != NULL)
		fclose(fp);
	test_raw_records(path, &raw, why, sizeof(why));
	for (size_t cut = 0; cut < whole.len; cut++) {
		warts_error err;
		warts_reader *r;
		warts_object obj;
		int rc;
		if (write_prefix(whole.p, cut) != 0)
			break;
		cuts++;
		if ((r = open_prefix(&err)) == NULL)
			continue; /* too short to be recognised: fine */
		while ((rc = warts_reader_read(r, &obj)) > 0)
			warts_object_clear(&obj);
		/* a cut compressed stream must never look complete */
		if (rc != -1 && cut > 0)
			bad++;
		warts_reader_close(r);
	}
	ok(bad == 0 && cuts == whole.len, "%s: %zu cuts of the compressed "
	   "file all end in an error", path, cuts);
	tbuf_free(&whole);
	tbuf_free(&raw);
}

int main(void)
{
	static const char *const plain[] = { ".warts", NULL };
	static const char *const packed[] = {
		".warts.gz", ".warts.bz2", ".warts.xz", NULL
	};
	char **lab = test_files("corpus/lab", plain);
	char **real = test_files("corpus/real", plain);
	char **comp = test_files("corpus/lab", packed);
	memfd = memfd_create("warts-cut", 0);
	if (memfd < 0) {
		ok(0, "memfd_create");
		return done_testing();
	}
	if (lab[0] == NULL)
		skip_all("no corpus under %s", test_datadir());
	for (char **p = lab; *p != NULL; p++)
		cut_file(*p);
	for (char **p = real; *p != NULL; p++)
		cut_file(*p);
	for (char **p = comp; *p != NULL; p++)
		cut_compressed(*p);
	close(memfd);
	test_freelist(lab);
	test_freelist(real);
	test_freelist(comp);
	return done_testing();
}
