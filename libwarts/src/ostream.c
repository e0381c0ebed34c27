/*
 * ostream.c: writing a file descriptor, compressing if asked.
 */
#include <bzlib.h>
#include <errno.h>
#include <lzma.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "stream.h"

#define OUT_CHUNK (128 * 1024)

struct wostream {
	int      fd, owned;
	int      method;
	uint8_t *out;          /* bytes waiting for write(2) */
	size_t   out_len;
	union {
		z_stream     z;
		bz_stream    bz;
		lzma_stream  xz;
		ZSTD_CStream *zs;
	} u;
	int      active;
};

static int oerr(warts_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int oerr(warts_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	if (err == NULL)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int drain(struct wostream *s, warts_error *err)
{
	size_t done = 0;
	while (done < s->out_len) {
		ssize_t n = write(s->fd, s->out + done, s->out_len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return oerr(err, WARTS_ERR_IO, "write: %s",
			            strerror(errno));
		done += (size_t)n;
	}
	s->out_len = 0;
	return 0;
}

struct wostream *wos_open(int fd, int owned, int compress, warts_error *err)
{
	struct wostream *s = calloc(1, sizeof(*s));
	if (s == NULL || (s->out = malloc(OUT_CHUNK)) == NULL) {
		free(s);
		oerr(err, WARTS_ERR_NOMEM, "out of memory");
		return NULL;
	}
	s->fd = fd;
	s->owned = owned;
	s->method = compress;
	switch (compress) {
	case WARTS_COMPRESS_NONE:
		break;
	case WARTS_COMPRESS_GZIP:
		if (deflateInit2(&s->u.z, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
		                 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			goto fail;
		break;
	case WARTS_COMPRESS_BZIP2:
		if (BZ2_bzCompressInit(&s->u.bz, 9, 0, 0) != BZ_OK)
			goto fail;
		break;
	case WARTS_COMPRESS_XZ: {
		lzma_stream init = LZMA_STREAM_INIT;
		s->u.xz = init;
		if (lzma_easy_encoder(&s->u.xz, 6, LZMA_CHECK_CRC64) != LZMA_OK)
			goto fail;
		break;
	}
	case WARTS_COMPRESS_ZSTD:
		/* with a checksum, as zstd(1) writes, so damage is found */
		if ((s->u.zs = ZSTD_createCStream()) == NULL ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(s->u.zs,
		                     ZSTD_c_compressionLevel, 3)) ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(s->u.zs,
		                     ZSTD_c_checksumFlag, 1)))
			goto fail;
		break;
	default:
		free(s->out);
		free(s);
		oerr(err, WARTS_ERR_INVALID, "unknown compression %d", compress);
		return NULL;
	}
	s->active = compress != WARTS_COMPRESS_NONE;
	return s;
fail:
	if (compress == WARTS_COMPRESS_ZSTD && s->u.zs != NULL)
		ZSTD_freeCStream(s->u.zs);
	free(s->out);
	free(s);
	oerr(err, WARTS_ERR_COMPRESS, "cannot start the compressor");
	return NULL;
}

/*
 * Run the compressor over in[0..n) with the given mode: 0 plain, 1 flush,
 * 2 finish.  Output goes to the buffer, which is written out when full.
 */
static int compress_run(struct wostream *s, const uint8_t *in, size_t n,
                        int mode, warts_error *err)
{
	for (;;) {
		size_t room = OUT_CHUNK - s->out_len;
		size_t made = 0, used = 0;
		int finished = 0;

		if (room == 0) {
			if (drain(s, err) != 0)
				return -1;
			continue;
		}
		switch (s->method) {
		case WARTS_COMPRESS_GZIP: {
			z_stream *z = &s->u.z;
			int flush = mode == 2 ? Z_FINISH :
			            mode == 1 ? Z_SYNC_FLUSH : Z_NO_FLUSH;
			int rc;
			z->next_in = (Bytef *)(uintptr_t)in;
			z->avail_in = (uInt)n;
			z->next_out = s->out + s->out_len;
			z->avail_out = (uInt)room;
			rc = deflate(z, flush);
			if (rc == Z_STREAM_ERROR)
				return oerr(err, WARTS_ERR_COMPRESS,
				            "deflate failed");
			used = n - z->avail_in;
			made = room - z->avail_out;
			finished = mode == 2 ? rc == Z_STREAM_END :
			           z->avail_in == 0 && z->avail_out != 0;
			break;
		}
		case WARTS_COMPRESS_BZIP2: {
			bz_stream *bz = &s->u.bz;
			int act = mode == 2 ? BZ_FINISH :
			          mode == 1 ? BZ_FLUSH : BZ_RUN;
			int rc;
			bz->next_in = (char *)(uintptr_t)in;
			bz->avail_in = (unsigned)n;
			bz->next_out = (char *)(s->out + s->out_len);
			bz->avail_out = (unsigned)room;
			rc = BZ2_bzCompress(bz, act);
			if (rc < 0)
				return oerr(err, WARTS_ERR_COMPRESS,
				            "BZ2_bzCompress failed (%d)", rc);
			used = n - bz->avail_in;
			made = room - bz->avail_out;
			finished = mode == 2 ? rc == BZ_STREAM_END :
			           mode == 1 ? rc == BZ_RUN_OK :
			           bz->avail_in == 0;
			break;
		}
		case WARTS_COMPRESS_XZ: {
			lzma_stream *x = &s->u.xz;
			lzma_action act = mode == 2 ? LZMA_FINISH :
			                  mode == 1 ? LZMA_SYNC_FLUSH : LZMA_RUN;
			lzma_ret rc;
			x->next_in = in;
			x->avail_in = n;
			x->next_out = s->out + s->out_len;
			x->avail_out = room;
			rc = lzma_code(x, act);
			if (rc != LZMA_OK && rc != LZMA_STREAM_END)
				return oerr(err, WARTS_ERR_COMPRESS,
				            "lzma_code failed (%d)", (int)rc);
			used = n - x->avail_in;
			made = room - x->avail_out;
			finished = mode == 0 ? x->avail_in == 0 :
			           rc == LZMA_STREAM_END;
			break;
		}
		case WARTS_COMPRESS_ZSTD: {
			ZSTD_EndDirective d = mode == 2 ? ZSTD_e_end :
			                      mode == 1 ? ZSTD_e_flush :
			                      ZSTD_e_continue;
			ZSTD_inBuffer ib = { in, n, 0 };
			ZSTD_outBuffer ob = { s->out + s->out_len, room, 0 };
			size_t rc = ZSTD_compressStream2(s->u.zs, &ob, &ib, d);
			if (ZSTD_isError(rc))
				return oerr(err, WARTS_ERR_COMPRESS,
				            "zstd: %s", ZSTD_getErrorName(rc));
			used = ib.pos;
			made = ob.pos;
			finished = mode == 0 ? ib.pos == n : rc == 0;
			break;
		}
		default:
			return oerr(err, WARTS_ERR_INVALID, "no compressor");
		}
		s->out_len += made;
		in += used;
		n -= used;
		if (finished && n == 0)
			return 0;
	}
}

int wos_write(struct wostream *s, const void *buf, size_t n,
              warts_error *err)
{
	const uint8_t *p = buf;
	if (s->method != WARTS_COMPRESS_NONE) {
		/* feed the compressor in pieces its counters can hold */
		while (n > 0) {
			size_t k = n > (1u << 30) ? (1u << 30) : n;
			if (compress_run(s, p, k, 0, err) != 0)
				return -1;
			p += k;
			n -= k;
		}
		return 0;
	}
	if (n >= OUT_CHUNK) {
		if (drain(s, err) != 0)
			return -1;
		while (n > 0) {
			ssize_t w = write(s->fd, p, n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return oerr(err, WARTS_ERR_IO, "write: %s",
				            strerror(errno));
			p += w;
			n -= (size_t)w;
		}
		return 0;
	}
	if (n > OUT_CHUNK - s->out_len && drain(s, err) != 0)
		return -1;
	memcpy(s->out + s->out_len, p, n);
	s->out_len += n;
	return 0;
}

int wos_flush(struct wostream *s, warts_error *err)
{
	if (s->method == WARTS_COMPRESS_BZIP2) {
		/*
		 * libbz2 cannot make the data so far readable without ending
		 * the stream, so end it and start another: bzip2(1) and our
		 * reader both read concatenated streams.
		 */
		if (compress_run(s, NULL, 0, 2, err) != 0)
			return -1;
		BZ2_bzCompressEnd(&s->u.bz);
		memset(&s->u.bz, 0, sizeof(s->u.bz));
		if (BZ2_bzCompressInit(&s->u.bz, 9, 0, 0) != BZ_OK) {
			s->active = 0;
			return oerr(err, WARTS_ERR_COMPRESS,
			            "cannot restart the bzip2 compressor");
		}
	} else if (s->method != WARTS_COMPRESS_NONE &&
	           compress_run(s, NULL, 0, 1, err) != 0) {
		return -1;
	}
	return drain(s, err);
}

int wos_close(struct wostream *s, warts_error *err)
{
	int rc = 0;
	if (s == NULL)
		return 0;
	if (s->method != WARTS_COMPRESS_NONE &&
	    compress_run(s, NULL, 0, 2, err) != 0)
		rc = -1;
	if (drain(s, rc == 0 ? err : NULL) != 0)
		rc = -1;
	if (s->active) {
		switch (s->method) {
		case WARTS_COMPRESS_GZIP:  deflateEnd(&s->u.z); break;
		case WARTS_COMPRESS_BZIP2: BZ2_bzCompressEnd(&s->u.bz); break;
		case WARTS_COMPRESS_XZ:    lzma_end(&s->u.xz); break;
		case WARTS_COMPRESS_ZSTD:  ZSTD_freeCStream(s->u.zs); break;
		default: break;
		}
	}
	if (s->owned && close(s->fd) != 0 && rc == 0)
		rc = oerr(err, WARTS_ERR_IO, "close: %s", strerror(errno));
	free(s->out);
	free(s);
	return rc;
}
