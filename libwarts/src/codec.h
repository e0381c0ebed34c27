/*
 * codec.h: the state that per-type decoders and encoders share, and the
 * table of operations each record type registers.
 *
 * Decoding state has two lifetimes.  File-wide: the lists and cycles
 * declared so far (objects refer to them by a warts-assigned id) and the
 * deprecated global address table.  Per record: the address table and the
 * interface-name table, which warts(5) scopes to one record.  Encoding
 * state mirrors it.
 */
#ifndef WARTS_CODEC_H
#define WARTS_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "warts/error.h"
#include "warts/format.h"
#include "warts/icmpext.h"
#include "warts/list.h"
#include "warts/object.h"

#include "buf.h"
#include "cursor.h"
#include "maps.h"

#define WARTS_MAGIC 0x1205
#define WARTS_HDRLEN 8
#define WARTS_IFNAME_MAX 254

struct wdec {
	/* file-wide */
	warts_list  **lists;   /* lists[id - 1] */
	uint32_t      nlists, lists_cap;
	warts_cycle **cycles;  /* cycles[id - 1]; NULL once stopped */
	uint32_t      ncycles, cycles_cap;
	warts_addr   *gaddrs;  /* type-5 records: gaddrs[id - 1] */
	uint32_t      ngaddrs, gaddrs_cap;

	/* per record */
	warts_addr   *addrs;
	uint32_t      naddrs, addrs_cap;
	const char   *ifnames[WARTS_IFNAME_MAX]; /* point into the record */
	unsigned      nifnames;
	const uint8_t *rec;    /* the record's body */
	uint64_t      recoff;  /* offset of the record's header */
	uint16_t      rectype;
	const char   *what;    /* structure being decoded, for messages */
	long          index;   /* its index, or -1 */

	warts_error  *err;
	int           failed;
};

struct wenc {
	/* file-wide */
	struct wptrmap lists;     /* warts_list * -> id */
	struct wptrmap cycles;    /* warts_cycle * -> id */
	uint32_t       nlists, ncycles, ngaddrs;

	/* per record */
	struct waddrmap addrs;
	const char    *ifnames[WARTS_IFNAME_MAX];
	unsigned       nifnames;
	struct wbuf    b;

	warts_error    err;
	int            failed;
};

/*
 * Record a decoding failure at byte `at` of the current record (NULL if
 * not known) and return -1.  Only the first failure is kept.  The macro
 * makes the -1 visible to the compiler, which then knows that a value a
 * failed read did not set is never used.
 */
void wdec_fail_(struct wdec *d, const uint8_t *at, int code,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static inline int wfail_result(void)
{
	return -1;
}
#define wdec_fail(...) (wdec_fail_(__VA_ARGS__), wfail_result())

/* Name the structure being decoded, for error messages. */
static inline void wdec_ctx(struct wdec *d, const char *what, long index)
{
	d->what = what;
	d->index = index;
}

/* Record an encoding failure and return -1. */
void wenc_fail_(struct wenc *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define wenc_fail(...) (wenc_fail_(__VA_ARGS__), wfail_result())

/* Look up list or cycle `id` (0 gives NULL) and take a reference. */
int wdec_list(struct wdec *d, const uint8_t *at, uint32_t id,
              warts_list **out);
int wdec_cycle(struct wdec *d, const uint8_t *at, uint32_t id,
               warts_cycle **out);

/* The warts id an encoder gave a list or cycle; 0 for NULL or unknown. */
uint32_t wenc_list_id(const struct wenc *e, const warts_list *list);
uint32_t wenc_cycle_id(const struct wenc *e, const warts_cycle *cycle);

/* Write an address in table form (definition on first use, else a
 * reference), a static address, or an interface name. */
void wenc_addr(struct wenc *e, const warts_addr *a);
void wenc_saddr(struct wenc *e, const warts_addr *a);
void wenc_ifname(struct wenc *e, const char *name);
int wc_ifname(struct wcur *c, char **out);

/* Bytes an encoded static address takes. */
size_t wenc_saddr_len(const warts_addr *a);

/* Start and finish a record: the header's length is filled in at the end. */
size_t wenc_record_begin(struct wenc *e, uint16_t type);
int wenc_record_end(struct wenc *e, size_t start);

/* ICMP extension sets, shared by trace, tracelb and dealias. */
int wc_icmpexts(struct wcur *c, warts_icmpexts *set);
void wenc_icmpexts(struct wenc *e, const warts_icmpexts *set);

/*
 * The operations one record type registers.  decode reads the body (the
 * cursor spans exactly the record's length) into a new object; encode
 * appends the whole record, header included, to e->b.  json, text and
 * dump append the object as scamper's converters print it and return 1,
 * or 0 when that converter prints nothing for the type; any may be NULL,
 * which also means nothing is printed.
 */
struct wtype {
	uint16_t    type;
	const char *name;
	/* where the object keeps its list and cycle pointers, or -1 */
	long        list_off, cycle_off;
	int  (*decode)(struct wdec *d, struct wcur *c, void **obj);
	int  (*encode)(struct wenc *e, const void *obj);
	void (*free)(void *obj);
	int  (*json)(warts_strbuf *sb, const void *obj, unsigned flags);
	int  (*text)(warts_strbuf *sb, const void *obj);
	int  (*dump)(warts_strbuf *sb, const void *obj);
};

/* The operations for a record type, or NULL if the library has none. */
const struct wtype *wtype_get(uint16_t type);

/* One table entry per measurement type, defined beside each type. */
extern const struct wtype wtype_trace, wtype_ping, wtype_tracelb,
	wtype_dealias, wtype_neighbourdisc, wtype_tbit, wtype_sting,
	wtype_sniff, wtype_host, wtype_http, wtype_udpprobe, wtype_owamp;

/* Decoder and encoder life cycle, used by the public wrappers. */
void wdec_init(struct wdec *d);
void wdec_fini(struct wdec *d);
int wdec_record(struct wdec *d, const uint8_t *hdr, const uint8_t *body,
                uint32_t len, uint64_t offset, warts_object *obj,
                warts_error *err);
void wenc_init(struct wenc *e);
void wenc_fini(struct wenc *e);
int wenc_object(struct wenc *e, const warts_object *obj);

#endif
