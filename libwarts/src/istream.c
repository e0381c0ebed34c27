/*
 * istream.c: reading a file descriptor, decompressing by magic bytes.
 */
#include <bzlib.h>
#include <errno.h>
#include <stdarg.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "stream.h"

#define IN_CHUNK (128 * 1024)

struct wistream {
	int      fd, owned;
	int      method;         /* enum warts_compress */
	int      eof;            /* no more raw bytes from fd */
	int      done;           /* decompressor finished and input is spent */
	uint8_t *in;             /* raw bytes read from fd */
	size_t   in_pos, in_len;
	uint64_t raw_off;        /* raw bytes consumed, for messages */
	union {
		z_stream     z;
		bz_stream    bz;
		lzma_stream  xz;
		ZSTD_DStream *zs;
	} u;
	int      active;         /* the decompressor is initialised */
	int      zframe;         /* zstd: inside a frame */
	int      deferred;       /* an error waits behind bytes returned */
	warts_error derr;
};

static int ioerr(warts_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int ioerr(warts_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	if (err == NULL)
		return -1;
	err->code = code;
	err->type = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * A decompressor failed after producing `got` bytes in this call: return
 * those first (they are good data) and report the error on the next call,
 * so the caller gets every object before the damage.
 */
static ssize_t fail_after(struct wistream *s, size_t got, warts_error *err)
{
	if (got == 0)
		return -1;
	if (err != NULL)
		s->derr = *err;
	s->deferred = 1;
	return (ssize_t)got;
}

/* Read more raw bytes, keeping what has not been consumed. */
static int fill(struct wistream *s, warts_error *err)
{
	ssize_t n;
	if (s->eof)
		return 0;
	if (s->in_pos > 0) {
		memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
		s->in_len -= s->in_pos;
		s->in_pos = 0;
	}
	if (s->in_len == IN_CHUNK)
		return 0;
	do {
		n = read(s->fd, s->in + s->in_len, IN_CHUNK - s->in_len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return ioerr(err, WARTS_ERR_IO, "read: %s", strerror(errno));
	if (n == 0)
		s->eof = 1;
	s->in_len += (size_t)n;
	return 0;
}

static int detect(const uint8_t *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return WARTS_COMPRESS_GZIP;
	if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h')
		return WARTS_COMPRESS_BZIP2;
	if (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
		return WARTS_COMPRESS_XZ;
	if (n >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0)
		return WARTS_COMPRESS_ZSTD;
	return WARTS_COMPRESS_NONE;
}

static int start(struct wistream *s, warts_error *err)
{
	switch (s->method) {
	case WARTS_COMPRESS_GZIP:
		memset(&s->u.z, 0, sizeof(s->u.z));
		if (inflateInit2(&s->u.z, 15 + 32) != Z_OK)
			return ioerr(err, WARTS_ERR_COMPRESS, "inflateInit failed");
		break;
	case WARTS_COMPRESS_BZIP2:
		memset(&s->u.bz, 0, sizeof(s->u.bz));
		if (BZ2_bzDecompressInit(&s->u.bz, 0, 0) != BZ_OK)
			return ioerr(err, WARTS_ERR_COMPRESS,
			             "BZ2_bzDecompressInit failed");
		break;
	case WARTS_COMPRESS_XZ: {
		lzma_stream init = LZMA_STREAM_INIT;
		s->u.xz = init;
		if (lzma_stream_decoder(&s->u.xz, UINT64_MAX,
		                        LZMA_CONCATENATED) != LZMA_OK)
			return ioerr(err, WARTS_ERR_COMPRESS,
			             "lzma_stream_decoder failed");
		break;
	}
	case WARTS_COMPRESS_ZSTD:
		if ((s->u.zs = ZSTD_createDStream()) == NULL ||
		    ZSTD_isError(ZSTD_initDStream(s->u.zs)))
			return ioerr(err, WARTS_ERR_COMPRESS,
			             "ZSTD_initDStream failed");
		break;
	default:
		return 0;
	}
	s->active = 1;
	return 0;
}

static void stop(struct wistream *s)
{
	if (!s->active)
		return;
	switch (s->method) {
	case WARTS_COMPRESS_GZIP:  inflateEnd(&s->u.z); break;
	case WARTS_COMPRESS_BZIP2: BZ2_bzDecompressEnd(&s->u.bz); break;
	case WARTS_COMPRESS_XZ:    lzma_end(&s->u.xz); break;
	case WARTS_COMPRESS_ZSTD:  ZSTD_freeDStream(s->u.zs); break;
	default: break;
	}
	s->active = 0;
}

struct wistream *wis_open(int fd, int owned, warts_error *err)
{
	struct wistream *s = calloc(1, sizeof(*s));
	if (s == NULL || (s->in = malloc(IN_CHUNK)) == NULL) {
		free(s);
		ioerr(err, WARTS_ERR_NOMEM, "out of memory");
		return NULL;
	}
	s->fd = fd;
	s->owned = owned;
	/* enough bytes to recognise every magic, unless the file is short */
	while (!s->eof && s->in_len < 6)
		if (fill(s, err) != 0)
			goto fail;
	s->method = detect(s->in, s->in_len);
	if (start(s, err) != 0)
		goto fail;
	return s;
fail:
	stop(s);
	free(s->in);
	free(s);
	return NULL;
}

int wis_compression(const struct wistream *s)
{
	return s->method;
}

void wis_close(struct wistream *s)
{
	if (s == NULL)
		return;
	stop(s);
	if (s->owned)
		close(s->fd);
	free(s->in);
	free(s);
}

/* Bytes still waiting in the raw buffer or the file descriptor. */
static int more_input(struct wistream *s, warts_error *err)
{
	if (s->in_pos < s->in_len)
		return 1;
	if (fill(s, err) != 0)
		return -1;
	return s->in_pos < s->in_len;
}

static ssize_t read_plain(struct wistream *s, uint8_t *out, size_t n,
                          warts_error *err)
{
	size_t got = 0;
	while (got < n) {
		size_t k;
		if (s->in_pos == s->in_len) {
			ssize_t r;
			/* large reads go straight to the caller's buffer */
			if (n - got >= IN_CHUNK && !s->eof) {
				do {
					r = read(s->fd, out + got, n - got);
				} while (r < 0 && errno == EINTR);
				if (r < 0)
					return ioerr(err, WARTS_ERR_IO, "read: %s",
					             strerror(errno));
				if (r == 0) {
					s->eof = 1;
					break;
				}
				got += (size_t)r;
				continue;
			}
			s->in_pos = s->in_len = 0;
			if (fill(s, err) != 0)
				return -1;
			if (s->in_len == 0)
				break;
		}
		k = s->in_len - s->in_pos;
		if (k > n - got)
			k = n - got;
		memcpy(out + got, s->in + s->in_pos, k);
		s->in_pos += k;
		got += k;
	}
	return (ssize_t)got;
}

static ssize_t read_gzip(struct wistream *s, uint8_t *out, size_t n,
                         warts_error *err)
{
	z_stream *z = &s->u.z;
	size_t got = 0;
	while (got < n && !s->done) {
		size_t before = got;
		int rc, m, dry;
		if (s->in_pos == s->in_len && fill(s, err) != 0)
			return fail_after(s, got, err);
		dry = s->in_pos == s->in_len; /* no input left at all */
		z->next_in = s->in + s->in_pos;
		z->avail_in = (uInt)(s->in_len - s->in_pos);
		z->next_out = out + got;
		z->avail_out = (uInt)(n - got > UINT32_MAX ? UINT32_MAX : n - got);
		rc = inflate(z, Z_NO_FLUSH);
		s->raw_off += (s->in_len - s->in_pos) - z->avail_in;
		s->in_pos = s->in_len - z->avail_in;
		got = (size_t)(z->next_out - out);
		if (rc != Z_STREAM_END && got == before && dry) {
			ioerr(err, WARTS_ERR_TRUNCATED,
			      "gzip stream ends early (%llu compressed bytes)",
			      (unsigned long long)s->raw_off);
			return fail_after(s, got, err);
		}
		if (rc == Z_STREAM_END) {
			/* another member may follow, as with cat a.gz b.gz */
			if ((m = more_input(s, err)) < 0)
				return fail_after(s, got, err);
			if (m == 0) {
				s->done = 1;
			} else if (detect(s->in + s->in_pos,
			                  s->in_len - s->in_pos) !=
			           WARTS_COMPRESS_GZIP) {
				ioerr(err, WARTS_ERR_CORRUPT, "data that is not "
				      "gzip follows the gzip stream (at %llu "
				      "compressed bytes)",
				      (unsigned long long)s->raw_off);
				return fail_after(s, got, err);
			} else {
				inflateReset(z);
			}
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			ioerr(err, WARTS_ERR_COMPRESS,
			      "gzip data corrupt after %llu compressed bytes: %s",
			      (unsigned long long)s->raw_off,
			      z->msg ? z->msg : "inflate failed");
			return fail_after(s, got, err);
		}
	}
	return (ssize_t)got;
}

static ssize_t read_bzip2(struct wistream *s, uint8_t *out, size_t n,
                          warts_error *err)
{
	bz_stream *bz = &s->u.bz;
	size_t got = 0;
	while (got < n && !s->done) {
		size_t before = got;
		int rc, m, dry;
		if (s->in_pos == s->in_len && fill(s, err) != 0)
			return fail_after(s, got, err);
		dry = s->in_pos == s->in_len;
		bz->next_in = (char *)(s->in + s->in_pos);
		bz->avail_in = (unsigned)(s->in_len - s->in_pos);
		bz->next_out = (char *)(out + got);
		bz->avail_out = (unsigned)(n - got > UINT32_MAX ? UINT32_MAX :
		                           n - got);
		rc = BZ2_bzDecompress(bz);
		s->raw_off += (s->in_len - s->in_pos) - bz->avail_in;
		s->in_pos = s->in_len - bz->avail_in;
		got = (size_t)((uint8_t *)bz->next_out - out);
		if (rc == BZ_OK && got == before && dry) {
			ioerr(err, WARTS_ERR_TRUNCATED,
			      "bzip2 stream ends early (%llu compressed bytes)",
			      (unsigned long long)s->raw_off);
			return fail_after(s, got, err);
		}
		if (rc == BZ_STREAM_END) {
			if ((m = more_input(s, err)) < 0)
				return fail_after(s, got, err);
			if (m == 0) {
				s->done = 1;
			} else if (detect(s->in + s->in_pos,
			                  s->in_len - s->in_pos) !=
			           WARTS_COMPRESS_BZIP2) {
				ioerr(err, WARTS_ERR_CORRUPT, "data that is not "
				      "bzip2 follows the bzip2 stream (at %llu "
				      "compressed bytes)",
				      (unsigned long long)s->raw_off);
				return fail_after(s, got, err);
			} else {
				BZ2_bzDecompressEnd(bz);
				memset(bz, 0, sizeof(*bz));
				if (BZ2_bzDecompressInit(bz, 0, 0) != BZ_OK) {
					s->active = 0;
					ioerr(err, WARTS_ERR_COMPRESS,
					      "BZ2_bzDecompressInit failed");
					return fail_after(s, got, err);
				}
			}
		} else if (rc != BZ_OK) {
			ioerr(err, WARTS_ERR_COMPRESS,
			      "bzip2 data corrupt after %llu compressed bytes "
			      "(error %d)", (unsigned long long)s->raw_off, rc);
			return fail_after(s, got, err);
		}
	}
	return (ssize_t)got;
}

static ssize_t read_xz(struct wistream *s, uint8_t *out, size_t n,
                       warts_error *err)
{
	lzma_stream *x = &s->u.xz;
	size_t got = 0;
	while (got < n && !s->done) {
		lzma_action act = LZMA_RUN;
		lzma_ret rc;
		if (s->in_pos == s->in_len) {
			if (fill(s, err) != 0)
				return fail_after(s, got, err);
			if (s->in_pos == s->in_len)
				act = LZMA_FINISH;
		}
		x->next_in = s->in + s->in_pos;
		x->avail_in = s->in_len - s->in_pos;
		x->next_out = out + got;
		x->avail_out = n - got;
		rc = lzma_code(x, act);
		s->raw_off += (s->in_len - s->in_pos) - x->avail_in;
		s->in_pos = s->in_len - x->avail_in;
		got = (size_t)(x->next_out - out);
		if (rc == LZMA_STREAM_END) {
			s->done = 1;
		} else if (rc == LZMA_BUF_ERROR && act == LZMA_FINISH) {
			ioerr(err, WARTS_ERR_TRUNCATED,
			      "xz stream ends early (%llu compressed bytes)",
			      (unsigned long long)s->raw_off);
			return fail_after(s, got, err);
		} else if (rc != LZMA_OK) {
			ioerr(err, rc == LZMA_BUF_ERROR ? WARTS_ERR_TRUNCATED :
			      WARTS_ERR_COMPRESS,
			      "xz data corrupt after %llu compressed bytes "
			      "(error %d)", (unsigned long long)s->raw_off,
			      (int)rc);
			return fail_after(s, got, err);
		}
	}
	return (ssize_t)got;
}

static ssize_t read_zstd(struct wistream *s, uint8_t *out, size_t n,
                         warts_error *err)
{
	size_t got = 0;
	while (got < n && !s->done) {
		ZSTD_inBuffer ib;
		ZSTD_outBuffer ob;
		size_t rc;
		if (s->in_pos == s->in_len && fill(s, err) != 0)
			return fail_after(s, got, err);
		ib.src = s->in + s->in_pos;
		ib.size = s->in_len - s->in_pos;
		ib.pos = 0;
		if (ib.size == 0 && !s->zframe) {
			/* the input ended between frames: a clean end */
			s->done = 1;
			break;
		}
		ob.dst = out + got;
		ob.size = n - got;
		ob.pos = 0;
		rc = ZSTD_decompressStream(s->u.zs, &ob, &ib);
		s->raw_off += ib.pos;
		s->in_pos += ib.pos;
		got += ob.pos;
		if (ZSTD_isError(rc)) {
			ioerr(err, WARTS_ERR_COMPRESS,
			      "zstd data corrupt after %llu compressed bytes: %s",
			      (unsigned long long)s->raw_off,
			      ZSTD_getErrorName(rc));
			return fail_after(s, got, err);
		}
		/* rc is 0 when a frame is complete; another may follow */
		s->zframe = rc != 0;
		if (ib.size == 0 && ob.pos == 0) {
			ioerr(err, WARTS_ERR_TRUNCATED,
			      "zstd stream ends early (%llu compressed bytes)",
			      (unsigned long long)s->raw_off);
			return fail_after(s, got, err);
		}
	}
	return (ssize_t)got;
}

ssize_t wis_read(struct wistream *s, void *buf, size_t n, warts_error *err)
{
	if (s->deferred) {
		if (err != NULL)
			*err = s->derr;
		return -1;
	}
	switch (s->method) {
	case WARTS_COMPRESS_GZIP:  return read_gzip(s, buf, n, err);
	case WARTS_COMPRESS_BZIP2: return read_bzip2(s, buf, n, err);
	case WARTS_COMPRESS_XZ:    return read_xz(s, buf, n, err);
	case WARTS_COMPRESS_ZSTD:  return read_zstd(s, buf, n, err);
	default:                   return read_plain(s, buf, n, err);
	}
}
