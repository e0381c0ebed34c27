/*
 * params.h: warts flags-and-parameters blocks, described by tables.
 *
 * Every warts structure is a "flags and parameters" block (warts(5)): flag
 * bytes whose low 7 bits say which numbered parameters follow (the high
 * bit links to another flag byte), a u16 length of the parameters unless
 * no flag is set, then the parameters in ascending order.
 *
 * A structure is described once, as an array of wfield in ascending bit
 * order: where the value lives in the C struct, how it is encoded, and the
 * condition under which scamper's writer includes it.  The same table
 * drives both decoding and encoding, so the two cannot drift apart.
 * Fields that need more than a plain value use the WF_FN encoding with
 * their own dec_fn/enc_fn; conditions that look beyond the field use WW_FN.
 */
#ifndef WARTS_PARAMS_H
#define WARTS_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"

enum wf_enc {
	WF_U8,      /* uint8_t */
	WF_U16,     /* uint16_t */
	WF_U32,     /* uint32_t (also RTTs and signed 32-bit values) */
	WF_TV,      /* warts_tv */
	WF_ADDR,    /* warts_addr, table form */
	WF_SADDR,   /* warts_addr, static form */
	WF_GID,     /* warts_addr, read from a deprecated global id */
	WF_STR,     /* char *, owned */
	WF_LIST,    /* warts_list *, as its warts id */
	WF_CYCLE,   /* warts_cycle *, as its warts id */
	WF_LO8,     /* uint32_t flags, as their low 8 bits in one byte;
	               decoding sets the whole value */
	WF_FN,      /* the field's own dec/enc functions */
};

enum wf_when {
	WW_ALWAYS,  /* always written */
	WW_NONZERO, /* written when non-zero / present / non-NULL */
	WW_NOTDFLT, /* written when not equal to dflt */
	WW_NEVER,   /* read but never written (deprecated fields) */
	WW_ABOVE8,  /* written when a bit above the low 8 is set */
	WW_FN,      /* written when want() says so */
};

struct wfield {
	uint8_t     bit;    /* 1-based parameter number */
	uint8_t     enc;    /* enum wf_enc */
	uint8_t     when;   /* enum wf_when */
	uint16_t    off;    /* offsetof the value in the struct */
	uint32_t    dflt;   /* integer value a reader assumes when absent */
	int  (*want)(const void *rec, const void *aux);
	int  (*dec_fn)(struct wcur *c, void *rec, void *aux);
	void (*enc_fn)(struct wenc *e, const void *rec, const void *aux);
	const char *name;   /* for error messages */
};

struct wtable {
	const char          *name;
	const struct wfield *f;
	unsigned             n;
};

#define WTABLE(nm, arr) { nm, arr, sizeof(arr) / sizeof(arr[0]) }

/* Shorthands for the common table rows. */
#define WFV(b, e, w, type, field) \
	{ .bit = (b), .enc = (e), .when = (w), \
	  .off = offsetof(type, field), .name = #field }
#define WFD(b, e, dv, type, field) \
	{ .bit = (b), .enc = (e), .when = WW_NOTDFLT, .dflt = (dv), \
	  .off = offsetof(type, field), .name = #field }
#define WFW(b, e, fn, type, field) \
	{ .bit = (b), .enc = (e), .when = WW_FN, .want = (fn), \
	  .off = offsetof(type, field), .name = #field }
#define WFFN(b, w, wantfn, decfn, encfn, nm) \
	{ .bit = (b), .enc = WF_FN, .when = (w), .want = (wantfn), \
	  .dec_fn = (decfn), .enc_fn = (encfn), .name = (nm) }

/*
 * The set of parameter bits a block carries.  Bits above 64 are never
 * known to this library; `high` notes that one was set.
 */
struct wmask {
	uint64_t bits;   /* bit n is (1 << n), n in 1..63 */
	int      high;
};

static inline int wm_has(const struct wmask *m, unsigned bit)
{
	return bit < 64 && (m->bits >> bit) & 1;
}

/*
 * Decode a block into rec.  Fields absent from the block get their table
 * default (or are left as they are when the default is 0: callers start
 * from zeroed structs).  Decoding stops at the first set bit the table
 * does not know; the rest of the block is skipped by its length.  The
 * bits present are returned in *mask if it is not NULL.
 */
int wparams_read(struct wcur *c, const struct wtable *t, void *rec,
                 void *aux, struct wmask *mask);

/* The bits an encoder would set for rec. */
struct wmask wparams_mask(const struct wtable *t, const void *rec,
                          const void *aux);

/* Encode rec as a block.  Errors (a block over 65535 bytes) go to e. */
int wparams_write(struct wenc *e, const struct wtable *t, const void *rec,
                  const void *aux);

/*
 * Read only the flag bytes and length of a block, leaving the cursor at
 * the first parameter.  Used by the few structures that need to bend the
 * rules (the 2021 neighbourdisc probe).  *len is 0 when no flag is set.
 */
int wparams_head(struct wcur *c, struct wmask *mask, uint16_t *len);

#endif
