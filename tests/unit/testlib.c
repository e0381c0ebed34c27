/*
 * testlib.c: helpers the unit tests share.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testlib.h"

const char *test_datadir(void)
{
	const char *d = getenv("WARTS_TESTDATA");
	return d != NULL ? d : "tests/data";
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

char **test_files(const char *subdir, const char *const *suffixes)
{
	char dir[4096];
	DIR *dp;
	struct dirent *de;
	char **list = NULL;
	size_t n = 0, cap = 0;

	snprintf(dir, sizeof(dir), "%s/%s", test_datadir(), subdir);
	if ((dp = opendir(dir)) == NULL)
		return calloc(1, sizeof(char *));
	while ((de = readdir(dp)) != NULL) {
		int match = 0;
		if (de->d_name[0] == '.')
			continue; /* ".", "..", hidden files */
		for (const char *const *s = suffixes; *s != NULL; s++)
			if (ends_with(de->d_name, *s))
				match = 1;
		if (!match)
			continue;
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 64;
			list = realloc(list, cap * sizeof(char *));
		}
		list[n] = malloc(strlen(dir) + strlen(de->d_name) + 2);
		sprintf(list[n], "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(dp);
	if (list == NULL)
		return calloc(1, sizeof(char *));
	qsort(list, n, sizeof(char *), cmpstr);
	list[n] = NULL;
	return list;
}

void test_freelist(char **list)
{
	for (char **p = list; p != NULL && *p != NULL; p++)
		free(*p);
	free(list);
}

void tbuf_add(struct tbuf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		b->p = realloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

void tbuf_free(struct tbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

int test_raw_records(const char *path, struct tbuf *out, char *why,
                     size_t whylen)
{
	warts_error err;
	warts_reader *r = warts_reader_open(path, &err);
	const uint8_t *rec;
	size_t len;
	int rc;

	if (r == NULL) {
		snprintf(why, whylen, "open: %s", err.msg);
		return -1;
	}
	while ((rc = warts_reader_read_raw(r, &rec, &len, NULL)) > 0)
		tbuf_add(out, rec, len);
	if (rc < 0)
		snprintf(why, whylen, "%s", warts_reader_error(r)->msg);
	warts_reader_close(r);
	return rc;
}

long test_reencode(const char *path, struct tbuf *out, char *why,
                   size_t whylen)
{
	warts_error err;
	warts_reader *r = warts_reader_open(path, &err);
	warts_encoder *enc;
	warts_object obj;
	long n = 0;
	int rc;

	if (r == NULL) {
		snprintf(why, whylen, "open: %s", err.msg);
		return -1;
	}
	enc = warts_encoder_new();
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		const uint8_t *bytes;
		size_t len;
		if (warts_encoder_encode(enc, &obj, &bytes, &len, &err) != 0) {
			snprintf(why, whylen, "object %ld: %s", n, err.msg);
			warts_object_clear(&obj);
			rc = -2;
			break;
		}
		tbuf_add(out, bytes, len);
		warts_object_clear(&obj);
		n++;
	}
	if (rc == -1)
		snprintf(why, whylen, "%s", warts_reader_error(r)->msg);
	warts_encoder_free(enc);
	warts_reader_close(r);
	return rc < 0 ? -1 : n;
}

long test_firstdiff(const struct tbuf *a, const struct tbuf *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	for (size_t i = 0; i < n; i++)
		if (a->p[i] != b->p[i])
			return (long)i;
	return a->len == b->len ? -1 : (long)n;
}

int test_roundtrip(const warts_object *obj, warts_object *out,
                   struct tbuf *bytes, char *why, size_t whylen)
{
	warts_encoder *enc = warts_encoder_new();
	warts_decoder *dec = warts_decoder_new();
	const uint8_t *p;
	size_t len, off = 0;
	warts_error err;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (warts_encoder_encode(enc, obj, &p, &len, &err) != 0) {
		snprintf(why, whylen, "encode: %s", err.msg);
		goto done;
	}
	if (bytes != NULL)
		tbuf_add(bytes, p, len);
	while (off + 8 <= len) {
		size_t rlen = 8 + (((size_t)p[off + 4] << 24) |
		                   ((size_t)p[off + 5] << 16) |
		                   ((size_t)p[off + 6] << 8) | p[off + 7]);
		warts_object o;
		if (off + rlen > len) {
			snprintf(why, whylen, "record overruns the encoding");
			goto done;
		}
		if (warts_decoder_decode(dec, p + off, rlen, off, &o, &err) != 0) {
			snprintf(why, whylen, "decode: %s", err.msg);
			goto done;
		}
		off += rlen;
		if (o.type == obj->type && off == len) {
			*out = o;
			rc = 0;
		} else {
			warts_object_clear(&o);
		}
	}
	if (rc != 0)
		snprintf(why, whylen, "no %s record in the encoding",
		         warts_type_name(obj->type));
done:
	warts_decoder_free(dec);
	warts_encoder_free(enc);
	return rc;
}

int test_decode1(const uint8_t *rec, size_t len, warts_object *out,
                 warts_error *err)
{
	warts_decoder *dec = warts_decoder_new();
	int rc = warts_decoder_decode(dec, rec, len, 0, out, err);
	warts_decoder_free(dec);
	return rc;
}

static void replay_one(const char *path,
                       int (*one)(const uint8_t *data, size_t size))
{
	struct tbuf b = {0};
	uint8_t buf[65536], *copy;
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL) {
		ok(0, "%s: cannot open", path);
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		tbuf_add(&b, buf, n);
	fclose(fp);
	if ((copy = malloc(b.len ? b.len : 1)) == NULL)
		abort();
	if (b.len > 0)
		memcpy(copy, b.p, b.len);
	one(copy, b.len);
	free(copy);
	ok(1, "%s: %zu bytes, no crash", path, b.len);
	tbuf_free(&b);
}

void test_fuzz_replay(const char *name,
                      int (*one)(const uint8_t *data, size_t size))
{
	static const char *const any[] = { "", NULL };
	char dir[256];
	char **lists[2];
	int n = 0;

	snprintf(dir, sizeof(dir), "regress-%s", name);
	lists[0] = test_files(dir, any);
	/* the seeds live with the fuzz target, beside tests/data */
	snprintf(dir, sizeof(dir), "../../fuzz/seeds-%s", name);
	lists[1] = test_files(dir, any);
	for (int i = 0; i < 2; i++)
		for (char **p = lists[i]; *p != NULL; p++, n++)
			replay_one(*p, one);
	if (n == 0)
		ok(0, "no inputs found in tests/data/regress-%s or "
		   "fuzz/seeds-%s", name, name);
	test_freelist(lists[0]);
	test_freelist(lists[1]);
}
