/*
 * fuzz_convert.c: libFuzzer target for the converters' formatters.
 *
 * Whatever the reader makes of the input, every object it returns is
 * formatted as JSON (plain and with every field), text and a dump, which
 * must never crash, read out of bounds or leak, and every JSON line must
 * parse as a JSON object (checked with jansson, an independent parser).
 *
 *   make fuzz && build/fuzz/fuzz_convert -max_total_time=1800 \
 *           fuzz/corpus-convert tests/data/corpus/lab
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "warts/warts.h"

static void check_json(const warts_strbuf *sb)
{
	const char *p, *end;
	if (sb->len == 0)
		return; /* nothing written, and data may be NULL */
	p = sb->data;
	end = sb->data + sb->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		json_error_t err;
		json_t *j;
		if (nl == NULL)
			abort(); /* every JSON object ends its line */
		j = json_loadb(p, (size_t)(nl - p), JSON_ALLOW_NUL, &err);
		if (j == NULL || !json_is_object(j))
			abort();
		json_decref(j);
		p = nl + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", 0);
	warts_strbuf sb = {0};
	warts_reader *r;
	warts_object obj;
	warts_error err;
	int n = 0;

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
	while (n++ < 256 && warts_reader_read(r, &obj) > 0) {
		warts_strbuf_reset(&sb);
		warts_json(&obj, 0, &sb);
		warts_json(&obj, WARTS_JSON_ALLFIELDS, &sb);
		check_json(&sb);
		warts_strbuf_reset(&sb);
		warts_text(&obj, &sb);
		warts_dump(&obj, &sb);
		warts_object_clear(&obj);
	}
	warts_strbuf_free(&sb);
	warts_reader_close(r);
	return 0;
}
