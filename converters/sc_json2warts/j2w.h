/*
 * j2w.h: turning sc_warts2json's JSON back into warts objects.
 *
 * sc_json2warts reads one JSON object a line.  Lists and cycles are kept
 * here, and a measurement is attached to the list and cycle it names
 * (the "warts" object that sc_warts2json -A adds) or, in scamper's
 * default JSON, which names none, to the cycle open at that point.  Each
 * measurement type has a parser (j2w_<type>.c) that fills a new object
 * from the keys; the getters below read one key each, check its type and
 * range, and report any problem with the line number.
 *
 * Keys that are absent leave the field as it is (the parsers start from
 * a freshly allocated object with the reader's defaults).
 */
#ifndef J2W_H
#define J2W_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "warts/warts.h"

struct j2w {
	const char   *file;     /* input name, for messages */
	long          line;     /* line number, for messages */
	warts_list  **lists;    /* every list so far, references held */
	size_t        nlists, lists_cap;
	warts_cycle **open;     /* cycles started and not stopped */
	size_t        nopen, open_cap;
	char          err[512];
};

/* Record why the current line cannot be converted; returns -1. */
int j2w_fail(struct j2w *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void j2w_init(struct j2w *j);
void j2w_fini(struct j2w *j);

/*
 * The list and cycle an object belongs to, with a reference each (or
 * NULL): from its "warts" object when it has one, else the most
 * recently started cycle still open and that cycle's list.
 */
int j2w_refs(struct j2w *j, json_t *obj, warts_list **list,
             warts_cycle **cycle);

/*
 * Turn one line's object into *out.  Returns 1 with an object to write,
 * 0 for a line that writes nothing, -1 on error (see j->err).
 */
int j2w_object(struct j2w *j, json_t *obj, warts_object *out);

/* Getters.  Each returns 0 when the key is absent (leaving *v) or read,
 * -1 (with j->err set) when it has the wrong type or is out of range. */
int jg_u8(struct j2w *j, json_t *o, const char *key, uint8_t *v);
int jg_u16(struct j2w *j, json_t *o, const char *key, uint16_t *v);
int jg_u32(struct j2w *j, json_t *o, const char *key, uint32_t *v);
int jg_i32(struct j2w *j, json_t *o, const char *key, int32_t *v);
int jg_str(struct j2w *j, json_t *o, const char *key, char **v);
int jg_addr(struct j2w *j, json_t *o, const char *key, warts_addr *v);
/* {"sec":S,"usec":U} */
int jg_tv(struct j2w *j, json_t *o, const char *key, warts_tv *v);
/* milliseconds with up to three decimals, as microseconds */
int jg_rtt(struct j2w *j, json_t *o, const char *key, uint32_t *v);
/* a name from names[] (its index is the value) or a plain number */
int jg_enum(struct j2w *j, json_t *o, const char *key,
            const char *const *names, size_t n, uint8_t *v);
/* lower-case hex digits into new bytes; *len set */
int jg_hex(struct j2w *j, json_t *o, const char *key, uint8_t **v,
           uint16_t *len);

/* The "warts" object of o, or NULL. */
json_t *jg_warts(json_t *o);

/* The parsers, one per measurement type: fill a new object from o. */
typedef int (*j2w_parse_fn)(struct j2w *j, json_t *o, void **out);
int j2w_trace(struct j2w *j, json_t *o, void **out);
int j2w_ping(struct j2w *j, json_t *o, void **out);
int j2w_tracelb(struct j2w *j, json_t *o, void **out);
int j2w_dealias(struct j2w *j, json_t *o, void **out);
int j2w_neighbourdisc(struct j2w *j, json_t *o, void **out);
int j2w_tbit(struct j2w *j, json_t *o, void **out);
int j2w_sting(struct j2w *j, json_t *o, void **out);
int j2w_sniff(struct j2w *j, json_t *o, void **out);
int j2w_host(struct j2w *j, json_t *o, void **out);
int j2w_http(struct j2w *j, json_t *o, void **out);
int j2w_udpprobe(struct j2w *j, json_t *o, void **out);
int j2w_owamp(struct j2w *j, json_t *o, void **out);

#endif
