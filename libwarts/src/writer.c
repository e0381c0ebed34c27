/*
 * writer.c: a stream of records to a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "warts/writer.h"

#include "codec.h"
#include "stream.h"

struct warts_writer {
	struct wostream *out;
	struct wenc      enc;
	int              autoflush;
	int              failed;
	warts_error      err;
};

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int warts_compress_bypath(const char *path)
{
	if (has_suffix(path, ".gz"))
		return WARTS_COMPRESS_GZIP;
	if (has_suffix(path, ".bz2"))
		return WARTS_COMPRESS_BZIP2;
	if (has_suffix(path, ".xz"))
		return WARTS_COMPRESS_XZ;
	if (has_suffix(path, ".zst"))
		return WARTS_COMPRESS_ZSTD;
	return WARTS_COMPRESS_NONE;
}

int warts_compress_byname(const char *name)
{
	static const struct { const char *name; int c; } names[] = {
		{"none", WARTS_COMPRESS_NONE}, {"gz", WARTS_COMPRESS_GZIP},
		{"gzip", WARTS_COMPRESS_GZIP}, {"bz2", WARTS_COMPRESS_BZIP2},
		{"bzip2", WARTS_COMPRESS_BZIP2}, {"xz", WARTS_COMPRESS_XZ},
		{"zst", WARTS_COMPRESS_ZSTD}, {"zstd", WARTS_COMPRESS_ZSTD},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].c;
	return -1;
}

warts_writer *warts_writer_fdopen(int fd, int owned, int compress,
                                  warts_error *err)
{
	warts_writer *w;
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		if (err != NULL) {
			err->code = WARTS_ERR_NOMEM;
			snprintf(err->msg, sizeof(err->msg), "out of memory");
		}
		if (owned)
			close(fd);
		return NULL;
	}
	if ((w->out = wos_open(fd, owned, compress, err)) == NULL) {
		if (owned)
			close(fd);
		free(w);
		return NULL;
	}
	wenc_init(&w->enc);
	return w;
}

warts_writer *warts_writer_open(const char *path, int compress,
                                warts_error *err)
{
	int fd;
	if (strcmp(path, "-") == 0)
		return warts_writer_fdopen(STDOUT_FILENO, 0, compress, err);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (err != NULL) {
			memset(err, 0, sizeof(*err));
			err->code = WARTS_ERR_IO;
			snprintf(err->msg, sizeof(err->msg), "%s",
			         strerror(errno));
		}
		return NULL;
	}
	return warts_writer_fdopen(fd, 1, compress, err);
}

void warts_writer_autoflush(warts_writer *w, int on)
{
	w->autoflush = on;
}

static int put(warts_writer *w, const void *p, size_t n)
{
	if (wos_write(w->out, p, n, &w->err) != 0 ||
	    (w->autoflush && wos_flush(w->out, &w->err) != 0)) {
		w->failed = 1;
		return -1;
	}
	return 0;
}

int warts_writer_write(warts_writer *w, const warts_object *obj)
{
	if (w->failed)
		return -1;
	if (wenc_object(&w->enc, obj) != 0) {
		/* an object that cannot be encoded does not spoil the file */
		w->err = w->enc.err;
		return -1;
	}
	return put(w, w->enc.b.data, w->enc.b.len);
}

int warts_writer_write_raw(warts_writer *w, const void *rec, size_t len)
{
	if (w->failed)
		return -1;
	return put(w, rec, len);
}

int warts_writer_flush(warts_writer *w)
{
	if (w->failed)
		return -1;
	if (wos_flush(w->out, &w->err) != 0) {
		w->failed = 1;
		return -1;
	}
	return 0;
}

const warts_error *warts_writer_error(const warts_writer *w)
{
	return w->err.code != 0 ? &w->err : NULL;
}

int warts_writer_close(warts_writer *w, warts_error *err)
{
	int rc = w->failed ? -1 : 0;
	warts_error e = w->err;
	if (rc == 0)
		memset(&e, 0, sizeof(e)); /* an object refused earlier is not
		                             a failure of the file */
	if (wos_close(w->out, rc == 0 ? &e : NULL) != 0)
		rc = -1;
	if (err != NULL)
		*err = e;
	wenc_fini(&w->enc);
	free(w);
	return rc;
}
