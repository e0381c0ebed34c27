/*
 * warts/writer.h: writing warts files.
 *
 *   warts_error err;
 *   warts_writer *w = warts_writer_open("out.warts.gz",
 *                        warts_compress_bypath("out.warts.gz"), &err);
 *   if (w == NULL) { fprintf(stderr, "%s\n", err.msg); exit(1); }
 *   warts_writer_write(w, &obj);      // list/cycle records are added
 *   if (warts_writer_close(w, &err) != 0) ...
 *
 * Objects are encoded as they are written; lists and cycles they refer to
 * are declared first (see warts/encoder.h).  Output is buffered unless
 * autoflush is on; a compressed file is complete only once closed.
 */
#ifndef WARTS_WRITER_H
#define WARTS_WRITER_H

#include "warts/error.h"
#include "warts/export.h"
#include "warts/object.h"

#ifdef __cplusplus
extern "C" {
#endif

enum warts_compress {
	WARTS_COMPRESS_NONE  = 0,
	WARTS_COMPRESS_GZIP  = 1,
	WARTS_COMPRESS_BZIP2 = 2,
	WARTS_COMPRESS_XZ    = 3,
	WARTS_COMPRESS_ZSTD  = 4,
};

typedef struct warts_writer warts_writer;

/* The compression a file name's suffix asks for (.gz .bz2 .xz .zst). */
WARTS_API int warts_compress_bypath(const char *path);

/* The compression named "gz"/"gzip", "bz2"/"bzip2", "xz", "zst"/"zstd" or
 * "none", or -1. */
WARTS_API int warts_compress_byname(const char *name);

/*
 * Create (or truncate) path, or use stdout for "-".  Returns NULL and
 * fills err on failure.
 */
WARTS_API warts_writer *warts_writer_open(const char *path, int compress,
                                          warts_error *err);

/* Write to fd; the writer closes it only if `owned` is non-zero. */
WARTS_API warts_writer *warts_writer_fdopen(int fd, int owned, int compress,
                                            warts_error *err);

/* With autoflush on, every object reaches the file descriptor when
 * warts_writer_write returns (compressed streams are sync-flushed). */
WARTS_API void warts_writer_autoflush(warts_writer *w, int on);

/* Returns 0, or -1 (see warts_writer_error). */
WARTS_API int warts_writer_write(warts_writer *w, const warts_object *obj);

/*
 * Write an already encoded record verbatim (a header and its body), for
 * tools that pass records through without decoding them.  The writer's
 * list and cycle numbering does not see such records.
 */
WARTS_API int warts_writer_write_raw(warts_writer *w, const void *rec,
                                     size_t len);

WARTS_API int warts_writer_flush(warts_writer *w);

/*
 * The last error: of the file (after which every call fails), or of an
 * object that could not be encoded (which was not written; the file is
 * still good and later objects are written).  NULL if there was none.
 */
WARTS_API const warts_error *warts_writer_error(const warts_writer *w);

/* Finish and free.  Returns 0, or -1 with err (if not NULL) filled. */
WARTS_API int warts_writer_close(warts_writer *w, warts_error *err);

#ifdef __cplusplus
}
#endif

#endif
