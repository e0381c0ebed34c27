/*
 * testlib.h: helpers the unit tests share.
 */
#ifndef TESTS_TESTLIB_H
#define TESTS_TESTLIB_H

#include <stddef.h>
#include <stdint.h>

#include "warts/warts.h"

/* The directory holding test data (tests/data, or $WARTS_TESTDATA). */
const char *test_datadir(void);

/*
 * Paths of the files in a directory under the data dir whose names end
 * with one of the given suffixes, sorted; NULL-terminated, free with
 * test_freelist.
 */
char **test_files(const char *subdir, const char *const *suffixes);
void test_freelist(char **list);

/*
 * Run a fuzz target over every input it ever found a problem with
 * (tests/data/regress-NAME/) and over its seeds (fuzz/seeds-NAME/), one
 * "ok" each: a crash, an abort or a sanitizer report fails the run.
 * Each input is an exact-size copy, so a read past its end is seen.
 */
void test_fuzz_replay(const char *name,
                      int (*one)(const uint8_t *data, size_t size));

/* A growable byte string. */
struct tbuf {
	uint8_t *p;
	size_t   len, cap;
};
void tbuf_add(struct tbuf *b, const void *p, size_t n);
void tbuf_free(struct tbuf *b);

/* The records of a file, decompressed, as the bytes the file holds. */
int test_raw_records(const char *path, struct tbuf *out, char *why,
                     size_t whylen);

/*
 * Decode every object of a file and encode it again with one encoder,
 * appending the bytes to out.  Returns the object count, or -1 with why.
 */
long test_reencode(const char *path, struct tbuf *out, char *why,
                   size_t whylen);

/* Offset of the first differing byte, or -1 if a and b are equal. */
long test_firstdiff(const struct tbuf *a, const struct tbuf *b);



/*
 * Encode obj with a fresh encoder (lists and cycles it refers to are
 * declared first), then decode the bytes with a fresh decoder into *out:
 * the record of obj's type.  Returns 0, or -1 with why.  The encoded
 * bytes are appended to bytes when it is not NULL.
 */
int test_roundtrip(const warts_object *obj, warts_object *out,
                   struct tbuf *bytes, char *why, size_t whylen);

/* Decode one whole record with a fresh decoder; fills err on failure. */
int test_decode1(const uint8_t *rec, size_t len, warts_object *out,
                 warts_error *err);
#endif
