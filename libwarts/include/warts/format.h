/*
 * warts/format.h: objects as JSON, text and dumps.
 *
 * These produce the output of scamper's converters: one line of JSON per
 * object as sc_warts2json writes it, the traceroute-style text of
 * sc_warts2text, and the field-by-field listing of sc_wartsdump.  Each
 * appends to a warts_strbuf, so a program can write many objects with one
 * buffer and one write(2).
 *
 * Every line warts_json() writes is valid JSON, whatever bytes the object
 * holds: strings are escaped, and bytes that are not UTF-8 are written as
 * \u00XX escapes of their value.
 */
#ifndef WARTS_FORMAT_H
#define WARTS_FORMAT_H

#include <stddef.h>

#include "warts/export.h"
#include "warts/object.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A growable string.  Zero it to start; warts_strbuf_free to finish. */
typedef struct warts_strbuf {
	char  *data;   /* NUL-terminated when len > 0 */
	size_t len;
	size_t cap;
	int    oom;    /* an append failed: the contents are incomplete */
} warts_strbuf;

WARTS_API void warts_strbuf_reset(warts_strbuf *sb);
/* Append n bytes (check sb->oom afterwards). */
WARTS_API void warts_strbuf_add(warts_strbuf *sb, const void *p, size_t n);
WARTS_API void warts_strbuf_free(warts_strbuf *sb);

/* Flags for warts_json. */
enum {
	/*
	 * Also write the fields that scamper's JSON leaves out but warts
	 * stores (a trace's ICMP echo id, gap limit and action, loops,
	 * squeries, a list's description, ...), so that sc_json2warts can
	 * rebuild the warts record byte for byte.
	 */
	WARTS_JSON_ALLFIELDS = 0x01,
};

/*
 * Append obj as sc_warts2json would print it, newline included.  Returns
 * 1 when something was written, 0 when sc_warts2json prints nothing for
 * this kind of object (lists, for example), -1 when out of memory.
 */
WARTS_API int warts_json(const warts_object *obj, unsigned flags,
                         warts_strbuf *out);

/* As sc_warts2text would print obj.  Returns as warts_json does. */
WARTS_API int warts_text(const warts_object *obj, warts_strbuf *out);

/* As sc_wartsdump would print obj.  Returns as warts_json does. */
WARTS_API int warts_dump(const warts_object *obj, warts_strbuf *out);

#ifdef __cplusplus
}
#endif

#endif
