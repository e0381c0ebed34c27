/*
 * decoder.c: turning one record's bytes into an object.
 *
 * The decoder keeps what a file declares for later records (lists, cycles,
 * deprecated global addresses) and dispatches each record to its type's
 * decode operation.  List, cycle and address records are decoded here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/decoder.h"

#include "codec.h"
#include "params.h"

void wdec_fail_(struct wdec *d, const uint8_t *at, int code,
                const char *fmt, ...)
{
	warts_error *err = d->err;
	const char *tname;
	char reason[200];
	size_t n;
	va_list ap;

	if (d->failed)
		return;
	d->failed = 1;
	if (err == NULL)
		return;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);

	err->code = code;
	err->type = d->rectype;
	err->offset = d->recoff;
	tname = warts_type_name(d->rectype);
	if (tname != NULL)
		n = (size_t)snprintf(err->msg, sizeof(err->msg),
		                     "%s record at offset %llu", tname,
		                     (unsigned long long)d->recoff);
	else
		n = (size_t)snprintf(err->msg, sizeof(err->msg),
		                     "record of type %u at offset %llu",
		                     d->rectype, (unsigned long long)d->recoff);
	if (n < sizeof(err->msg) && d->what != NULL) {
		if (d->index >= 0)
			n += (size_t)snprintf(err->msg + n, sizeof(err->msg) - n,
			                      ": %s %ld", d->what, d->index);
		else
			n += (size_t)snprintf(err->msg + n, sizeof(err->msg) - n,
			                      ": %s", d->what);
	}
	if (n < sizeof(err->msg))
		n += (size_t)snprintf(err->msg + n, sizeof(err->msg) - n, ": %s",
		                      reason);
	if (n < sizeof(err->msg) && at != NULL && d->rec != NULL)
		snprintf(err->msg + n, sizeof(err->msg) - n,
		         " (byte %llu)",
		         (unsigned long long)(d->recoff + WARTS_HDRLEN +
		                              (uint64_t)(at - d->rec)));
}

void wdec_init(struct wdec *d)
{
	memset(d, 0, sizeof(*d));
	d->index = -1;
}

void wdec_fini(struct wdec *d)
{
	uint32_t i;
	for (i = 0; i < d->nlists; i++)
		warts_list_unref(d->lists[i]);
	for (i = 0; i < d->ncycles; i++)
		warts_cycle_unref(d->cycles[i]);
	free(d->lists);
	free(d->cycles);
	free(d->gaddrs);
	free(d->addrs);
	memset(d, 0, sizeof(*d));
}

int wdec_list(struct wdec *d, const uint8_t *at, uint32_t id,
              warts_list **out)
{
	*out = NULL;
	if (id == 0)
		return 0;
	if (id > d->nlists)
		return wdec_fail(d, at, WARTS_ERR_CORRUPT,
		                 "list id %u was never declared", id);
	*out = warts_list_ref(d->lists[id - 1]);
	return 0;
}

int wdec_cycle(struct wdec *d, const uint8_t *at, uint32_t id,
               warts_cycle **out)
{
	*out = NULL;
	if (id == 0)
		return 0;
	if (id > d->ncycles || d->cycles[id - 1] == NULL)
		return wdec_fail(d, at, WARTS_ERR_CORRUPT,
		                 "cycle id %u is not open", id);
	*out = warts_cycle_ref(d->cycles[id - 1]);
	return 0;
}

/*
 * Ids are assigned by a counter; a record must carry the next id, or,
 * tolerating files joined with cat(1), an id already seen, which then
 * names the new record.
 */
static int id_slot(struct wdec *d, const uint8_t *at, uint32_t id,
                   void ***arr, uint32_t *n, uint32_t *cap,
                   const char *what)
{
	if (id == 0 || id > *n + 1)
		return wdec_fail(d, at, WARTS_ERR_CORRUPT,
		                 "%s id %u out of sequence (%u declared)", what,
		                 id, *n);
	if (id == *n + 1) {
		if (*n == *cap) {
			uint32_t nc = *cap ? *cap * 2 : 8;
			void **t = realloc(*arr, nc * sizeof(void *));
			if (t == NULL)
				return wdec_fail(d, at, WARTS_ERR_NOMEM,
				                 "out of memory");
			*arr = t;
			*cap = nc;
		}
		(*arr)[(*n)++] = NULL;
	}
	return 0;
}

static const struct wfield list_fields[] = {
	WFV(1, WF_STR, WW_NONZERO, warts_list, descr),
	WFV(2, WF_STR, WW_NONZERO, warts_list, monitor),
};
const struct wtable wtable_list = WTABLE("list params", list_fields);

static int decode_list(struct wdec *d, struct wcur *c, warts_object *obj)
{
	const uint8_t *at = c->p;
	uint32_t wid, id;
	warts_list *l;

	if (wc_u32(c, &wid) != 0 || wc_u32(c, &id) != 0)
		return -1;
	if ((l = warts_list_alloc(id, NULL)) == NULL)
		return wdec_fail(d, at, WARTS_ERR_NOMEM, "out of memory");
	free(l->name);
	l->name = NULL;
	if (wc_str(c, &l->name) != 0 ||
	    wparams_read(c, &wtable_list, l, NULL, NULL) != 0 ||
	    id_slot(d, at, wid, (void ***)&d->lists, &d->nlists,
	            &d->lists_cap, "list") != 0) {
		warts_list_unref(l);
		return -1;
	}
	warts_list_unref(d->lists[wid - 1]);
	d->lists[wid - 1] = warts_list_ref(l);
	obj->u.list = l;
	return 0;
}

static const struct wfield cycle_fields[] = {
	WFV(1, WF_U32, WW_NONZERO, warts_cycle, stop_time),
	WFV(2, WF_STR, WW_NONZERO, warts_cycle, hostname),
};
const struct wtable wtable_cycle = WTABLE("cycle params", cycle_fields);

static int decode_cycle(struct wdec *d, struct wcur *c, warts_object *obj)
{
	const uint8_t *at = c->p;
	uint32_t wid, lid, id, start;
	warts_list *l;
	warts_cycle *cy;

	if (wc_u32(c, &wid) != 0 || wc_u32(c, &lid) != 0 ||
	    wc_u32(c, &id) != 0 || wc_u32(c, &start) != 0)
		return -1;
	if (wdec_list(d, at + 4, lid, &l) != 0)
		return -1;
	cy = warts_cycle_alloc(l, id, start);
	warts_list_unref(l);
	if (cy == NULL)
		return wdec_fail(d, at, WARTS_ERR_NOMEM, "out of memory");
	if (wparams_read(c, &wtable_cycle, cy, NULL, NULL) != 0 ||
	    id_slot(d, at, wid, (void ***)&d->cycles, &d->ncycles,
	            &d->cycles_cap, "cycle") != 0) {
		warts_cycle_unref(cy);
		return -1;
	}
	warts_cycle_unref(d->cycles[wid - 1]);
	d->cycles[wid - 1] = warts_cycle_ref(cy);
	obj->u.cycle = cy;
	return 0;
}

static int decode_cycle_stop(struct wdec *d, struct wcur *c,
                             warts_object *obj)
{
	const uint8_t *at = c->p;
	uint32_t wid, stop;
	uint8_t flags;

	/* the body ends with one flags byte that no writer sets */
	if (wc_u32(c, &wid) != 0 || wc_u32(c, &stop) != 0 ||
	    wc_u8(c, &flags) != 0)
		return -1;
	if (wdec_cycle(d, at, wid, &obj->u.cycle) != 0)
		return -1;
	if (obj->u.cycle == NULL)
		return wdec_fail(d, at, WARTS_ERR_CORRUPT,
		                 "cycle stop for cycle id 0");
	obj->u.cycle->stop_time = stop;
	warts_cycle_unref(d->cycles[wid - 1]);
	d->cycles[wid - 1] = NULL;
	return 0;
}

static int decode_gaddr(struct wdec *d, struct wcur *c, warts_object *obj)
{
	const uint8_t *at = c->p, *bytes;
	uint8_t idmod, type;
	uint32_t id = d->ngaddrs + 1;

	if (wc_u8(c, &idmod) != 0 || wc_u8(c, &type) != 0)
		return -1;
	if (id % 255 != idmod)
		return wdec_fail(d, at, WARTS_ERR_CORRUPT,
		                 "address record %u carries id byte %u", id,
		                 idmod);
	if (warts_addr_len(type) == 0)
		return wdec_fail(d, at + 1, WARTS_ERR_CORRUPT,
		                 "unknown address type %u", type);
	if (wc_bytes(c, warts_addr_len(type), &bytes) != 0)
		return -1;
	if (d->ngaddrs == d->gaddrs_cap) {
		uint32_t cap = d->gaddrs_cap ? d->gaddrs_cap * 2 : 64;
		warts_addr *t = realloc(d->gaddrs, cap * sizeof(*t));
		if (t == NULL)
			return wdec_fail(d, at, WARTS_ERR_NOMEM, "out of memory");
		d->gaddrs = t;
		d->gaddrs_cap = cap;
	}
	warts_addr_set(&d->gaddrs[d->ngaddrs], type, bytes);
	obj->u.gaddr.id = id;
	obj->u.gaddr.addr = d->gaddrs[d->ngaddrs];
	d->ngaddrs++;
	return 0;
}

int wdec_record(struct wdec *d, const uint8_t *hdr, const uint8_t *body,
                uint32_t len, uint64_t offset, warts_object *obj,
                warts_error *err)
{
	const struct wtype *t;
	struct wcur c;
	uint16_t magic = w_get16(hdr), type = w_get16(hdr + 2);
	int rc;

	memset(obj, 0, sizeof(*obj));
	d->rec = body;
	d->recoff = offset;
	d->rectype = type;
	d->naddrs = 0;
	d->nifnames = 0;
	d->what = NULL;
	d->index = -1;
	d->err = err;
	d->failed = 0;

	if (magic != WARTS_MAGIC) {
		d->rec = NULL;
		d->rectype = 0;
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT,
		                 "bad magic 0x%04x (type 0x%04x, length %u): "
		                 "not a warts record", magic, type, len);
	}
	if (type == 0)
		return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "record type 0");

	c.p = body;
	c.end = body + len;
	c.d = d;
	obj->type = type;

	switch (type) {
	case WARTS_TYPE_LIST:
		rc = decode_list(d, &c, obj);
		break;
	case WARTS_TYPE_CYCLE_START:
	case WARTS_TYPE_CYCLE_DEF:
		rc = decode_cycle(d, &c, obj);
		break;
	case WARTS_TYPE_CYCLE_STOP:
		rc = decode_cycle_stop(d, &c, obj);
		break;
	case WARTS_TYPE_ADDR:
		rc = decode_gaddr(d, &c, obj);
		break;
	default:
		if ((t = wtype_get(type)) != NULL) {
			rc = t->decode(d, &c, &obj->u.any);
			break;
		}
		/* a type from the future: keep it whole */
		obj->u.opaque.len = len;
		rc = 0;
		if (len > 0 && (obj->u.opaque.data = malloc(len)) == NULL)
			rc = wdec_fail(d, NULL, WARTS_ERR_NOMEM, "out of memory");
		else if (len > 0)
			memcpy(obj->u.opaque.data, body, len);
		break;
	}
	if (rc != 0) {
		warts_object_clear(obj);
		if (!d->failed)
			wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "cannot decode");
		return -1;
	}
	return 0;
}

/* The public face of the decoder: records held in memory. */

struct warts_decoder {
	struct wdec d;
};

warts_decoder *warts_decoder_new(void)
{
	warts_decoder *dec = malloc(sizeof(*dec));
	if (dec != NULL)
		wdec_init(&dec->d);
	return dec;
}

void warts_decoder_free(warts_decoder *dec)
{
	if (dec == NULL)
		return;
	wdec_fini(&dec->d);
	free(dec);
}

int warts_decoder_decode(warts_decoder *dec, const uint8_t *rec, size_t len,
                         uint64_t offset, warts_object *obj,
                         warts_error *err)
{
	uint32_t blen;

	memset(obj, 0, sizeof(*obj));
	if (len < WARTS_HDRLEN) {
		dec->d.rec = NULL;
		dec->d.rectype = 0;
		dec->d.recoff = offset;
		dec->d.err = err;
		dec->d.failed = 0;
		dec->d.what = NULL;
		return wdec_fail(&dec->d, NULL, WARTS_ERR_TRUNCATED,
		                 "%zu bytes cannot hold a record header", len);
	}
	blen = w_get32(rec + 4);
	if (blen != len - WARTS_HDRLEN) {
		dec->d.rec = NULL;
		dec->d.rectype = w_get16(rec + 2);
		dec->d.recoff = offset;
		dec->d.err = err;
		dec->d.failed = 0;
		dec->d.what = NULL;
		return wdec_fail(&dec->d, NULL, blen > len - WARTS_HDRLEN ?
		                 WARTS_ERR_TRUNCATED : WARTS_ERR_CORRUPT,
		                 "header says %u bytes, %zu given", blen,
		                 len - WARTS_HDRLEN);
	}
	return wdec_record(&dec->d, rec, rec + WARTS_HDRLEN, blen, offset, obj,
	                   err);
}
