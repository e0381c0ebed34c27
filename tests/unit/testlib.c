/*
 * testlib.c: helpers the unit tests share.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
