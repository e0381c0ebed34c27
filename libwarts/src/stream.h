/*
 * stream.h: byte streams under the reader and writer, with compression.
 *
 * An input stream looks at the first bytes of its file descriptor and
 * decompresses gzip (1f 8b), bzip2 ("BZh"), xz (fd "7zXZ" 00) or zstd
 * (28 b5 2f fd) by their magic, so it works on pipes as well as files.
 * Concatenated compressed members are read as one stream, as gzip(1)
 * does.  An output stream compresses with the method it is given.
 */
#ifndef WARTS_STREAM_H
#define WARTS_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "warts/error.h"
#include "warts/writer.h"

struct wistream;
struct wostream;

/* Take over fd (closed by wis_close when owned). NULL on error. */
struct wistream *wis_open(int fd, int owned, warts_error *err);

/*
 * Read up to n bytes; fewer only at the end of the stream.  Returns the
 * count (0 at the end), or -1 with err filled.
 */
ssize_t wis_read(struct wistream *s, void *buf, size_t n, warts_error *err);

/* The compression detected (enum warts_compress). */
int wis_compression(const struct wistream *s);

void wis_close(struct wistream *s);

struct wostream *wos_open(int fd, int owned, int compress,
                          warts_error *err);
int wos_write(struct wostream *s, const void *buf, size_t n,
              warts_error *err);
/* Push everything written so far to the file descriptor. */
int wos_flush(struct wostream *s, warts_error *err);
/* Finish the compressed stream, flush, close; -1 if anything failed. */
int wos_close(struct wostream *s, warts_error *err);

#endif
