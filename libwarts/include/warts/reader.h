/*
 * warts/reader.h: reading warts files one object at a time.
 *
 *   warts_error err;
 *   warts_reader *r = warts_reader_open("in.warts.xz", &err);
 *   warts_object obj;
 *   int rc;
 *   if (r == NULL) { fprintf(stderr, "%s\n", err.msg); exit(1); }
 *   while ((rc = warts_reader_read(r, &obj)) > 0) {
 *           if (obj.type == WARTS_TYPE_TRACE)
 *                   use(obj.u.trace);
 *           warts_object_clear(&obj);
 *   }
 *   if (rc < 0)
 *           fprintf(stderr, "%s\n", warts_reader_error(r)->msg);
 *   warts_reader_close(r);
 *
 * The input may be gzip, bzip2, xz or zstd compressed; the reader knows
 * by the first bytes, so pipes work too.  Memory stays bounded by the
 * largest record (and the lists, cycles and deprecated global addresses
 * the file declares), however long the file.  On a truncated or corrupt
 * file the reader returns every complete object before the damage, then
 * -1 with an error naming the byte offset and type of the bad record.
 */
#ifndef WARTS_READER_H
#define WARTS_READER_H

#include <stddef.h>
#include <stdint.h>

#include "warts/error.h"
#include "warts/export.h"
#include "warts/object.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct warts_reader warts_reader;

/* Open a file, or stdin for "-".  NULL and err filled on failure. */
WARTS_API warts_reader *warts_reader_open(const char *path,
                                          warts_error *err);

/* Read from fd; the reader closes it only if `owned` is non-zero. */
WARTS_API warts_reader *warts_reader_fdopen(int fd, int owned,
                                            warts_error *err);

/*
 * Return only records of the given types.  Records of other measurement
 * types are skipped without being decoded, which is much faster.  Lists
 * and cycles are always decoded (later records refer to them) but only
 * returned if selected.  Types above WARTS_TYPE_MAX are selected together
 * by WARTS_SELECT_UNKNOWN.  By default every record is returned.
 */
#define WARTS_SELECT_UNKNOWN 0xffff
WARTS_API void warts_reader_select(warts_reader *r, const uint16_t *types,
                                   size_t n);

/*
 * The largest record body the reader accepts (default 256 MiB); a larger
 * length field is reported as an error instead of being trusted.
 */
WARTS_API void warts_reader_maxrecord(warts_reader *r, uint32_t bytes);

/*
 * Read the next object into *obj, which the caller then owns.  Returns 1
 * for an object, 0 at the end of the input, -1 on error.  After an error
 * every later call returns -1 again.
 */
WARTS_API int warts_reader_read(warts_reader *r, warts_object *obj);

/*
 * Read the next record without decoding it: *rec points at its header and
 * body (valid until the next call), *len is their size.  Lists and cycles
 * are still decoded so that decoding can resume.  Returns 1, 0 or -1 as
 * warts_reader_read does.  Used to copy records verbatim.
 */
WARTS_API int warts_reader_read_raw(warts_reader *r, const uint8_t **rec,
                                    size_t *len, uint16_t *type);

/* The error after a -1, or NULL. */
WARTS_API const warts_error *warts_reader_error(const warts_reader *r);

/* Bytes of (uncompressed) input consumed so far. */
WARTS_API uint64_t warts_reader_offset(const warts_reader *r);

/* The compression detected on the input (enum warts_compress). */
WARTS_API int warts_reader_compression(const warts_reader *r);

WARTS_API void warts_reader_close(warts_reader *r);

#ifdef __cplusplus
}
#endif

#endif
