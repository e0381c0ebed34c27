/*
 * reader.c: a stream of records from a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "warts/reader.h"

#include "codec.h"
#include "stream.h"

#define DEFAULT_MAXREC (256u * 1024 * 1024)

struct warts_reader {
	struct wistream *in;
	struct wdec      dec;
	uint8_t         *rec;       /* header + body of the current record */
	size_t           cap;
	uint64_t         off;       /* offset of the next record */
	uint64_t         select;    /* bit t: return type t (t <= 63) */
	int              select_unknown;
	uint32_t         maxrec;
	int              failed;
	warts_error      err;
};

static warts_reader *reader_new(int fd, int owned, warts_error *err)
{
	warts_reader *r = calloc(1, sizeof(*r));
	if (r == NULL) {
		if (err != NULL) {
			memset(err, 0, sizeof(*err));
			err->code = WARTS_ERR_NOMEM;
			snprintf(err->msg, sizeof(err->msg), "out of memory");
		}
		if (owned)
			close(fd);
		return NULL;
	}
	if ((r->in = wis_open(fd, owned, err)) == NULL) {
		if (owned)
			close(fd);
		free(r);
		return NULL;
	}
	wdec_init(&r->dec);
	r->select = ~(uint64_t)0;
	r->select_unknown = 1;
	r->maxrec = DEFAULT_MAXREC;
	return r;
}

warts_reader *warts_reader_fdopen(int fd, int owned, warts_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	return reader_new(fd, owned, err);
}

warts_reader *warts_reader_open(const char *path, warts_error *err)
{
	int fd;
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	if (strcmp(path, "-") == 0)
		return reader_new(STDIN_FILENO, 0, err);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (err != NULL) {
			err->code = WARTS_ERR_IO;
			snprintf(err->msg, sizeof(err->msg), "%s",
			         strerror(errno));
		}
		return NULL;
	}
	return reader_new(fd, 1, err);
}

void warts_reader_select(warts_reader *r, const uint16_t *types, size_t n)
{
	r->select = 0;
	r->select_unknown = 0;
	for (size_t i = 0; i < n; i++) {
		if (types[i] == WARTS_SELECT_UNKNOWN)
			r->select_unknown = 1;
		else if (types[i] < 64)
			r->select |= (uint64_t)1 << types[i];
	}
}

void warts_reader_maxrecord(warts_reader *r, uint32_t bytes)
{
	r->maxrec = bytes;
}

static int selected(const warts_reader *r, uint16_t type)
{
	if (warts_type_known(type))
		return (r->select >> type) & 1;
	return r->select_unknown;
}

/* List, cycle and address records must be decoded even if not returned. */
static int declaration(uint16_t type)
{
	return type >= WARTS_TYPE_LIST && type <= WARTS_TYPE_ADDR;
}

static int fail(warts_reader *r, int code, uint16_t type, const char *fmt,
                ...) __attribute__((format(printf, 4, 5)));

static int fail(warts_reader *r, int code, uint16_t type, const char *fmt,
                ...)
{
	va_list ap;
	r->failed = 1;
	r->err.code = code;
	r->err.type = type;
	r->err.offset = r->off;
	va_start(ap, fmt);
	vsnprintf(r->err.msg, sizeof(r->err.msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Prefix a stream error with where in the file it struck. */
static int stream_fail(warts_reader *r, uint16_t type, uint64_t at)
{
	char msg[sizeof(r->err.msg)];
	const char *tn = warts_type_name(type);
	memcpy(msg, r->err.msg, sizeof(msg));
	if (tn != NULL)
		return fail(r, r->err.code, type,
		            "%s record at offset %llu: %s (at byte %llu)", tn,
		            (unsigned long long)r->off, msg,
		            (unsigned long long)at);
	return fail(r, r->err.code, type, "at offset %llu: %s",
	            (unsigned long long)at, msg);
}

static int grow(warts_reader *r, size_t want)
{
	size_t cap = r->cap ? r->cap : 64 * 1024;
	uint8_t *p;
	while (cap < want)
		cap *= 2;
	if (cap == r->cap)
		return 0;
	if ((p = realloc(r->rec, cap)) == NULL)
		return -1;
	r->rec = p;
	r->cap = cap;
	return 0;
}

/*
 * Read the next record's header into r->rec.  Returns 1, 0 at a clean end
 * of input, -1 on error.
 */
static int read_header(warts_reader *r, uint16_t *typep, uint32_t *lenp)
{
	uint8_t hdr[WARTS_HDRLEN];
	uint16_t magic, type;
	uint32_t len;
	ssize_t n;

	n = wis_read(r->in, hdr, sizeof(hdr), &r->err);
	if (n < 0)
		return stream_fail(r, 0, r->off);
	if (n == 0)
		return 0;
	if (n < (ssize_t)sizeof(hdr))
		return fail(r, WARTS_ERR_TRUNCATED, 0,
		            "truncated at offset %llu: the input ends %zd bytes "
		            "into a record header", (unsigned long long)r->off,
		            n);
	magic = w_get16(hdr);
	type = w_get16(hdr + 2);
	len = w_get32(hdr + 4);
	if (magic != WARTS_MAGIC)
		return fail(r, WARTS_ERR_CORRUPT, type,
		            "not a warts record at offset %llu: magic 0x%04x "
		            "type 0x%04x length %u", (unsigned long long)r->off,
		            magic, type, len);
	if (type == 0)
		return fail(r, WARTS_ERR_CORRUPT, 0,
		            "record of type 0 at offset %llu",
		            (unsigned long long)r->off);
	if (len > r->maxrec && warts_type_name(type) != NULL)
		return fail(r, WARTS_ERR_TOOBIG, type,
		            "%s record at offset %llu declares %u bytes, over "
		            "the %u-byte limit", warts_type_name(type),
		            (unsigned long long)r->off, len, r->maxrec);
	if (len > r->maxrec)
		return fail(r, WARTS_ERR_TOOBIG, type,
		            "record of type %u at offset %llu declares %u "
		            "bytes, over the %u-byte limit", type,
		            (unsigned long long)r->off, len, r->maxrec);
	*typep = type;
	*lenp = len;

	if (grow(r, WARTS_HDRLEN) != 0)
		return fail(r, WARTS_ERR_NOMEM, type, "out of memory");
	memcpy(r->rec, hdr, WARTS_HDRLEN);
	return 1;
}

/*
 * Read (or, without want_body, skip) the body of the record whose header
 * read_header took.  The buffer grows only as bytes actually arrive, so a
 * corrupt length cannot make the reader allocate what is not there.
 */
static int read_body(warts_reader *r, uint16_t type, uint32_t len,
                     int want_body)
{
	uint32_t got = 0;
	ssize_t n;

	while (got < len) {
		uint32_t chunk = len - got;
		uint8_t *dst;
		if (want_body) {
			size_t have = r->cap - WARTS_HDRLEN - got;
			if (have == 0) {
				if (grow(r, r->cap + 1) != 0)
					return fail(r, WARTS_ERR_NOMEM, type,
					            "out of memory");
				have = r->cap - WARTS_HDRLEN - got;
			}
			if (chunk > have)
				chunk = (uint32_t)have;
			dst = r->rec + WARTS_HDRLEN + got;
		} else {
			/* skipping: reuse the buffer past the header */
			size_t have = r->cap - WARTS_HDRLEN;
			if (have == 0) {
				if (grow(r, r->cap + 1) != 0)
					return fail(r, WARTS_ERR_NOMEM, type,
					            "out of memory");
				have = r->cap - WARTS_HDRLEN;
			}
			if (chunk > have)
				chunk = (uint32_t)have;
			dst = r->rec + WARTS_HDRLEN;
		}
		n = wis_read(r->in, dst, chunk, &r->err);
		if (n < 0)
			return stream_fail(r, type,
			                   r->off + WARTS_HDRLEN + got);
		got += (uint32_t)n;
		if ((uint32_t)n < chunk)
			return fail(r, WARTS_ERR_TRUNCATED, type,
			            "%s record at offset %llu is truncated: it "
			            "declares %u bytes, the input ends after %u",
			            warts_type_name(type) ?
			            warts_type_name(type) : "unknown",
			            (unsigned long long)r->off, len, got);
	}
	return 1;
}

int warts_reader_read(warts_reader *r, warts_object *obj)
{
	uint16_t type;
	uint32_t len;
	int rc;

	memset(obj, 0, sizeof(*obj));
	if (r->failed)
		return -1;
	for (;;) {
		int want;
		rc = read_header(r, &type, &len);
		if (rc <= 0)
			return rc;
		want = selected(r, type);
		if (read_body(r, type, len, want || declaration(type)) != 1)
			return -1;
		if (!want && !declaration(type)) {
			r->off += WARTS_HDRLEN + (uint64_t)len;
			continue;
		}
		if (wdec_record(&r->dec, r->rec, r->rec + WARTS_HDRLEN, len,
		                r->off, obj, &r->err) != 0) {
			r->failed = 1;
			return -1;
		}
		r->off += WARTS_HDRLEN + (uint64_t)len;
		if (want)
			return 1;
		warts_object_clear(obj);
	}
}

int warts_reader_read_raw(warts_reader *r, const uint8_t **rec, size_t *len,
                          uint16_t *typep)
{
	warts_object obj;
	uint16_t type;
	uint32_t blen;
	int rc;

	*rec = NULL;
	*len = 0;
	if (r->failed)
		return -1;
	for (;;) {
		int want;
		rc = read_header(r, &type, &blen);
		if (rc <= 0)
			return rc;
		want = selected(r, type);
		if (read_body(r, type, blen, want || declaration(type)) != 1)
			return -1;
		if (declaration(type)) {
			if (wdec_record(&r->dec, r->rec, r->rec + WARTS_HDRLEN,
			                blen, r->off, &obj, &r->err) != 0) {
				r->failed = 1;
				return -1;
			}
			warts_object_clear(&obj);
		}
		r->off += WARTS_HDRLEN + (uint64_t)blen;
		if (!want)
			continue;
		*rec = r->rec;
		*len = WARTS_HDRLEN + (size_t)blen;
		if (typep != NULL)
			*typep = type;
		return 1;
	}
}

const warts_error *warts_reader_error(const warts_reader *r)
{
	return r->failed ? &r->err : NULL;
}

uint64_t warts_reader_offset(const warts_reader *r)
{
	return r->off;
}

int warts_reader_compression(const warts_reader *r)
{
	return wis_compression(r->in);
}

void warts_reader_close(warts_reader *r)
{
	if (r == NULL)
		return;
	wis_close(r->in);
	wdec_fini(&r->dec);
	free(r->rec);
	free(r);
}
