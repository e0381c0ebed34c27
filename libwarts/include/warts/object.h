/*
 * warts/object.h: one record of a warts file, whatever its type.
 *
 * A reader fills a warts_object; a writer takes one.  `type` is the
 * record's type number and selects the union member.  A record of a type
 * this library does not know is kept whole in `opaque`, so that a tool
 * copying a file passes it through unchanged.
 *
 * Objects are held by value; warts_object_clear() frees what the object
 * owns.  A reader hands over ownership: clear each object you read.
 */
#ifndef WARTS_OBJECT_H
#define WARTS_OBJECT_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/list.h"

#ifdef __cplusplus
extern "C" {
#endif

enum warts_type {
	WARTS_TYPE_LIST          = 1,
	WARTS_TYPE_CYCLE_START   = 2,
	WARTS_TYPE_CYCLE_DEF     = 3,
	WARTS_TYPE_CYCLE_STOP    = 4,
	WARTS_TYPE_ADDR          = 5,  /* deprecated global address */
	WARTS_TYPE_TRACE         = 6,
	WARTS_TYPE_PING          = 7,
	WARTS_TYPE_TRACELB       = 8,
	WARTS_TYPE_DEALIAS       = 9,
	WARTS_TYPE_NEIGHBOURDISC = 10,
	WARTS_TYPE_TBIT          = 11,
	WARTS_TYPE_STING         = 12,
	WARTS_TYPE_SNIFF         = 13,
	WARTS_TYPE_HOST          = 14,
	WARTS_TYPE_HTTP          = 15,
	WARTS_TYPE_UDPPROBE      = 16,
	WARTS_TYPE_OWAMP         = 17,
	WARTS_TYPE_MAX           = 17,
};

struct warts_trace;
struct warts_ping;
struct warts_tracelb;
struct warts_dealias;
struct warts_neighbourdisc;
struct warts_tbit;
struct warts_sting;
struct warts_sniff;
struct warts_host;
struct warts_http;
struct warts_udpprobe;
struct warts_owamp;

/*
 * A deprecated global address record (type 5).  Old files define
 * addresses once per file this way; objects refer to them by id.  The
 * reader resolves those references itself; a program that has no use for
 * the records can leave them out with warts_reader_select().
 */
typedef struct warts_gaddr {
	uint32_t   id;   /* 1 for the first address record in a file */
	warts_addr addr;
} warts_gaddr;

/* A record of a type the library cannot decode: its body, verbatim. */
typedef struct warts_opaque {
	uint32_t len;
	uint8_t *data;
} warts_opaque;

typedef struct warts_object {
	uint16_t type;  /* enum warts_type, or an unknown type number */
	union {
		void                       *any;
		warts_list                 *list;   /* LIST */
		warts_cycle                *cycle;  /* CYCLE_START/DEF/STOP */
		warts_gaddr                 gaddr;  /* ADDR */
		struct warts_trace         *trace;
		struct warts_ping          *ping;
		struct warts_tracelb       *tracelb;
		struct warts_dealias       *dealias;
		struct warts_neighbourdisc *neighbourdisc;
		struct warts_tbit          *tbit;
		struct warts_sting         *sting;
		struct warts_sniff         *sniff;
		struct warts_host          *host;
		struct warts_http          *http;
		struct warts_udpprobe      *udpprobe;
		struct warts_owamp         *owamp;
		warts_opaque                opaque; /* any other type */
	} u;
} warts_object;

/* Free what the object owns (dropping list and cycle references) and
 * zero it. */
WARTS_API void warts_object_clear(warts_object *obj);

/*
 * The name scamper's tools use for a record type ("trace", "ping",
 * "tracelb", "dealias", "neighbourdisc", "tbit", "sting", "sniff", "host",
 * "http", "udpprobe", "owamp", "list", "cycle-start", "cycle-def",
 * "cycle-stop", "addr"), or NULL for a type the library does not know.
 */
WARTS_API const char *warts_type_name(uint16_t type);

/* The type number for a name warts_type_name() gives, or 0. */
WARTS_API uint16_t warts_type_byname(const char *name);

/* Non-zero when the library decodes records of this type. */
WARTS_API int warts_type_known(uint16_t type);

/*
 * Set the list and cycle a measurement belongs to (taking a reference to
 * each, dropping any it had).  Returns 0, or -1 if the object is not a
 * measurement.
 */
WARTS_API int warts_object_set_refs(warts_object *obj, warts_list *list,
                                    warts_cycle *cycle);

#ifdef __cplusplus
}
#endif

#endif
