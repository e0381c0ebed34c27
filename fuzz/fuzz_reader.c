/*
 * fuzz_reader.c: libFuzzer target for the warts reader.
 *
 * The input is a file: possibly compressed, possibly corrupt.  The reader
 * must return objects and then an end or an error, never crash, leak or
 * hang.  Every object it returns must also survive the encoder: if the
 * encoder accepts it, the bytes must decode again, and encoding what they
 * decode to must give the same bytes (a fixed point), or the encoder and
 * decoder disagree about the format.
 *
 *   make fuzz && build/fuzz/fuzz_reader -max_total_time=1800 \
 *           fuzz/corpus tests/data/corpus/lab tests/data/corpus/real
 *
 * Inputs that crash it are kept in tests/data/regress/, which
 * tests/unit/fuzz_regress runs on every build.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "warts/warts.h"

/* Decode every record of buf with a fresh decoder, re-encoding each
 * measurement (not its declarations) with a fresh encoder into out. */
static int redo(const uint8_t *buf, size_t len, uint8_t **out, size_t *outlen)
{
	warts_decoder *dec = warts_decoder_new();
	warts_encoder *enc = warts_encoder_new();
	size_t off = 0, n = 0, cap = 0;
	uint8_t *acc = NULL;
	int rc = 0;

	while (rc == 0 && off + 8 <= len) {
		uint32_t blen = ((uint32_t)buf[off + 4] << 24) |
		                ((uint32_t)buf[off + 5] << 16) |
		                ((uint32_t)buf[off + 6] << 8) | buf[off + 7];
		warts_object obj;
		warts_error err;
		const uint8_t *p;
		size_t plen;

		if (blen > len - off - 8 ||
		    warts_decoder_decode(dec, buf + off, 8 + (size_t)blen, off,
		                         &obj, &err) != 0) {
			rc = -1;
			break;
		}
		off += 8 + (size_t)blen;
		if (warts_encoder_encode(enc, &obj, &p, &plen, &err) != 0) {
			rc = -1;
		} else {
			if (n + plen > cap) {
				cap = (n + plen) * 2;
				acc = realloc(acc, cap);
			}
			memcpy(acc + n, p, plen);
			n += plen;
		}
		warts_object_clear(&obj);
	}
	warts_encoder_free(enc);
	warts_decoder_free(dec);
	*out = acc;
	*outlen = n;
	return rc == 0 && off == len ? 0 : -1;
}

static void check_encoding(const warts_object *obj)
{
	warts_encoder *enc = warts_encoder_new();
	const uint8_t *p;
	size_t len;
	warts_error err;

	if (warts_encoder_encode(enc, obj, &p, &len, &err) == 0) {
		uint8_t *once, *twice;
		size_t n1, n2;
		uint8_t *copy = malloc(len);
		memcpy(copy, p, len);
		/* our own encoding must decode, and be a fixed point */
		if (redo(copy, len, &once, &n1) != 0)
			abort();
		if (redo(once, n1, &twice, &n2) != 0 || n1 != n2 ||
		    memcmp(once, twice, n1) != 0)
			abort();
		free(once);
		free(twice);
		free(copy);
	}
	warts_encoder_free(enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", 0);
	warts_reader *r;
	warts_object obj;
	warts_error err;
	int rc, n = 0;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size ||
	    lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return 0;
	}
	if ((r = warts_reader_fdopen(fd, 1, &err)) == NULL)
		return 0;
	warts_reader_maxrecord(r, 1u << 22);
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		if (n++ < 64)
			check_encoding(&obj);
		warts_object_clear(&obj);
	}
	if (rc < 0 && warts_reader_error(r) == NULL)
		abort();
	warts_reader_close(r);
	return 0;
}
