/*
 * encoder.c: turning objects into records.
 *
 * The encoder numbers lists and cycles, declares them before the first
 * object that needs them, and dispatches measurements to their type's
 * encode operation.  List, cycle and address records are encoded here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warts/encoder.h"

#include "codec.h"
#include "params.h"

extern const struct wtable wtable_list, wtable_cycle;

void wenc_fail_(struct wenc *e, int code, const char *fmt, ...)
{
	va_list ap;
	if (e->failed)
		return;
	e->failed = 1;
	e->err.code = code;
	va_start(ap, fmt);
	vsnprintf(e->err.msg, sizeof(e->err.msg), fmt, ap);
	va_end(ap);
}

void wenc_init(struct wenc *e)
{
	memset(e, 0, sizeof(*e));
	wb_init(&e->b);
}

static void release_all(struct wptrmap *m, int cycles)
{
	for (size_t i = 0; i < m->cap; i++) {
		if (m->ent[i].key == NULL)
			continue;
		if (cycles)
			warts_cycle_unref((warts_cycle *)m->ent[i].key);
		else
			warts_list_unref((warts_list *)m->ent[i].key);
	}
	wptrmap_free(m);
}

void wenc_fini(struct wenc *e)
{
	release_all(&e->lists, 0);
	release_all(&e->cycles, 1);
	waddrmap_free(&e->addrs);
	wb_free(&e->b);
}

uint32_t wenc_list_id(const struct wenc *e, const warts_list *list)
{
	return list == NULL ? 0 : wptrmap_get(&e->lists, list);
}

uint32_t wenc_cycle_id(const struct wenc *e, const warts_cycle *cycle)
{
	return cycle == NULL ? 0 : wptrmap_get(&e->cycles, cycle);
}

void wenc_addr(struct wenc *e, const warts_addr *a)
{
	long id;
	if (warts_addr_len(a->type) == 0) {
		wenc_fail(e, WARTS_ERR_INVALID, "address of unknown type %u",
		          a->type);
		return;
	}
	id = waddrmap_get(&e->addrs, a);
	if (id >= 0) {
		wb_u8(&e->b, 0);
		wb_u32(&e->b, (uint32_t)id);
		return;
	}
	if (waddrmap_put(&e->addrs, a, (uint32_t)e->addrs.n) != 0) {
		e->b.oom = 1;
		return;
	}
	wenc_saddr(e, a);
}

void wenc_saddr(struct wenc *e, const warts_addr *a)
{
	size_t n = warts_addr_len(a->type);
	if (n == 0) {
		/* a zero length byte would read back as a table reference */
		wenc_fail(e, WARTS_ERR_INVALID, "address of unknown type %u",
		          a->type);
		return;
	}
	wb_u8(&e->b, (uint8_t)n);
	wb_u8(&e->b, a->type);
	wb_bytes(&e->b, a->bytes, n);
}

size_t wenc_saddr_len(const warts_addr *a)
{
	return 2 + warts_addr_len(a->type);
}

void wenc_ifname(struct wenc *e, const char *name)
{
	unsigned i;
	for (i = 0; i < e->nifnames; i++)
		if (strcmp(e->ifnames[i], name) == 0) {
			wb_u8(&e->b, (uint8_t)(i + 1));
			return;
		}
	if (e->nifnames < WARTS_IFNAME_MAX) {
		e->ifnames[e->nifnames++] = name;
		wb_u8(&e->b, (uint8_t)e->nifnames);
	} else {
		wb_u8(&e->b, 0);
	}
	wb_str(&e->b, name);
}

void wenc_icmpexts(struct wenc *e, const warts_icmpexts *set)
{
	size_t at = e->b.len;
	wb_u16(&e->b, 0);
	for (unsigned i = 0; i < set->count; i++) {
		const warts_icmpext *x = &set->ext[i];
		wb_u16(&e->b, x->len);
		wb_u8(&e->b, x->class_num);
		wb_u8(&e->b, x->class_type);
		wb_bytes(&e->b, x->data, x->len);
	}
	if (e->b.len - at - 2 > UINT16_MAX) {
		wenc_fail(e, WARTS_ERR_INVALID, "ICMP extensions too long");
		return;
	}
	wb_put_u16(&e->b, at, (uint16_t)(e->b.len - at - 2));
}

size_t wenc_record_begin(struct wenc *e, uint16_t type)
{
	size_t start = e->b.len;
	wb_u16(&e->b, WARTS_MAGIC);
	wb_u16(&e->b, type);
	wb_u32(&e->b, 0);
	waddrmap_clear(&e->addrs);
	e->nifnames = 0;
	return start;
}

int wenc_record_end(struct wenc *e, size_t start)
{
	size_t body;
	if (e->failed)
		return -1;
	if (e->b.oom)
		return wenc_fail(e, WARTS_ERR_NOMEM, "out of memory");
	body = e->b.len - start - WARTS_HDRLEN;
	if (body > UINT32_MAX)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "record of %zu bytes is too large", body);
	wb_put_u32(&e->b, start + 4, (uint32_t)body);
	return 0;
}

/* The ids handed out while encoding one object, undone if it fails. */
struct wenc_undo {
	uint32_t    nlists, ncycles, ngaddrs;
	warts_list *new_list;
	warts_cycle *new_cycle, *stopped;
	uint32_t    stopped_id;
};

static int encode_list(struct wenc *e, warts_list *l, struct wenc_undo *u)
{
	size_t start;
	uint32_t id = e->nlists + 1;

	if (wptrmap_get(&e->lists, l) == 0) {
		if (wptrmap_put(&e->lists, l, id) != 0)
			return wenc_fail(e, WARTS_ERR_NOMEM, "out of memory");
		warts_list_ref(l);
		u->new_list = l;
	} else {
		wptrmap_put(&e->lists, l, id);
	}
	e->nlists = id;
	start = wenc_record_begin(e, WARTS_TYPE_LIST);
	wb_u32(&e->b, id);
	wb_u32(&e->b, l->id);
	wb_str(&e->b, l->name != NULL ? l->name : "");
	wparams_write(e, &wtable_list, l, NULL);
	return wenc_record_end(e, start);
}

static int encode_cycle(struct wenc *e, uint16_t type, warts_cycle *cy,
                        struct wenc_undo *u)
{
	size_t start;
	uint32_t id = e->ncycles + 1;

	if (cy->list != NULL && wenc_list_id(e, cy->list) == 0 &&
	    encode_list(e, cy->list, u) != 0)
		return -1;
	if (wptrmap_get(&e->cycles, cy) == 0) {
		if (wptrmap_put(&e->cycles, cy, id) != 0)
			return wenc_fail(e, WARTS_ERR_NOMEM, "out of memory");
		warts_cycle_ref(cy);
		u->new_cycle = cy;
	} else {
		wptrmap_put(&e->cycles, cy, id);
	}
	e->ncycles = id;
	start = wenc_record_begin(e, type);
	wb_u32(&e->b, id);
	wb_u32(&e->b, wenc_list_id(e, cy->list));
	wb_u32(&e->b, cy->id);
	wb_u32(&e->b, cy->start_time);
	wparams_write(e, &wtable_cycle, cy, NULL);
	return wenc_record_end(e, start);
}

static int encode_cycle_stop(struct wenc *e, warts_cycle *cy,
                             struct wenc_undo *u)
{
	size_t start;
	uint32_t id;

	if (wenc_cycle_id(e, cy) == 0 &&
	    encode_cycle(e, WARTS_TYPE_CYCLE_DEF, cy, u) != 0)
		return -1;
	id = wenc_cycle_id(e, cy);
	start = wenc_record_begin(e, WARTS_TYPE_CYCLE_STOP);
	wb_u32(&e->b, id);
	wb_u32(&e->b, cy->stop_time);
	wb_u8(&e->b, 0);
	if (wenc_record_end(e, start) != 0)
		return -1;
	/* the cycle is closed: forget it, but keep it until success */
	wptrmap_del(&e->cycles, cy);
	u->stopped = cy;
	u->stopped_id = id;
	return 0;
}

static int encode_gaddr(struct wenc *e, const warts_gaddr *g)
{
	size_t start, n = warts_addr_len(g->addr.type);
	uint32_t id = e->ngaddrs + 1;
	if (n == 0)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "address record of unknown type %u",
		                 g->addr.type);
	e->ngaddrs = id;
	start = wenc_record_begin(e, WARTS_TYPE_ADDR);
	wb_u8(&e->b, (uint8_t)(id % 255));
	wb_u8(&e->b, g->addr.type);
	wb_bytes(&e->b, g->addr.bytes, n);
	return wenc_record_end(e, start);
}

static int encode_measurement(struct wenc *e, const struct wtype *t,
                              const void *obj, struct wenc_undo *u)
{
	warts_list *l = NULL;
	warts_cycle *cy = NULL;

	if (obj == NULL)
		return wenc_fail(e, WARTS_ERR_INVALID, "%s object is NULL",
		                 t->name);
	if (t->list_off >= 0)
		l = *(warts_list *const *)((const char *)obj + t->list_off);
	if (t->cycle_off >= 0)
		cy = *(warts_cycle *const *)((const char *)obj + t->cycle_off);
	if (l != NULL && wenc_list_id(e, l) == 0 && encode_list(e, l, u) != 0)
		return -1;
	if (cy != NULL && wenc_cycle_id(e, cy) == 0 &&
	    encode_cycle(e, WARTS_TYPE_CYCLE_DEF, cy, u) != 0)
		return -1;
	return t->encode(e, obj);
}

static int encode_opaque(struct wenc *e, uint16_t type,
                         const warts_opaque *o)
{
	size_t start;
	if (type == 0)
		return wenc_fail(e, WARTS_ERR_INVALID, "record type 0");
	start = wenc_record_begin(e, type);
	wb_bytes(&e->b, o->data, o->len);
	return wenc_record_end(e, start);
}

static void undo(struct wenc *e, struct wenc_undo *u)
{
	if (u->new_list != NULL) {
		wptrmap_del(&e->lists, u->new_list);
		warts_list_unref(u->new_list);
	}
	if (u->new_cycle != NULL && u->new_cycle != u->stopped) {
		wptrmap_del(&e->cycles, u->new_cycle);
		warts_cycle_unref(u->new_cycle);
	}
	if (u->stopped != NULL && u->stopped != u->new_cycle)
		wptrmap_put(&e->cycles, u->stopped, u->stopped_id);
	else if (u->stopped != NULL)
		warts_cycle_unref(u->stopped);
	e->nlists = u->nlists;
	e->ncycles = u->ncycles;
	e->ngaddrs = u->ngaddrs;
}

/* Say which kind of object could not be encoded, keeping what fits. */
static void name_type(warts_error *err, uint16_t type)
{
	char msg[sizeof(err->msg)];
	const char *tn = warts_type_name(type);
	int n;

	if (tn != NULL)
		n = snprintf(msg, sizeof(msg), "cannot encode %s: ", tn);
	else
		n = snprintf(msg, sizeof(msg), "cannot encode a record of "
		             "type %u: ", type);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return;
	snprintf(msg + n, sizeof(msg) - (size_t)n, "%.*s",
	         (int)(sizeof(msg) - (size_t)n - 1), err->msg);
	memcpy(err->msg, msg, sizeof(msg));
}

int wenc_object(struct wenc *e, const warts_object *obj)
{
	struct wenc_undo u;
	const struct wtype *t;
	int rc;

	memset(&u, 0, sizeof(u));
	u.nlists = e->nlists;
	u.ncycles = e->ncycles;
	u.ngaddrs = e->ngaddrs;
	e->b.len = 0;
	e->b.oom = 0;
	e->failed = 0;
	memset(&e->err, 0, sizeof(e->err));
	e->err.type = obj->type;

	switch (obj->type) {
	case WARTS_TYPE_LIST:
		rc = obj->u.list == NULL ?
		     wenc_fail(e, WARTS_ERR_INVALID, "list is NULL") :
		     encode_list(e, obj->u.list, &u);
		break;
	case WARTS_TYPE_CYCLE_START:
	case WARTS_TYPE_CYCLE_DEF:
	case WARTS_TYPE_CYCLE_STOP:
		if (obj->u.cycle == NULL)
			rc = wenc_fail(e, WARTS_ERR_INVALID, "cycle is NULL");
		else if (obj->type == WARTS_TYPE_CYCLE_STOP)
			rc = encode_cycle_stop(e, obj->u.cycle, &u);
		else
			rc = encode_cycle(e, obj->type, obj->u.cycle, &u);
		break;
	case WARTS_TYPE_ADDR:
		rc = encode_gaddr(e, &obj->u.gaddr);
		break;
	default:
		if ((t = wtype_get(obj->type)) != NULL)
			rc = encode_measurement(e, t, obj->u.any, &u);
		else
			rc = encode_opaque(e, obj->type, &obj->u.opaque);
		break;
	}
	if (rc == 0 && e->b.oom)
		rc = wenc_fail(e, WARTS_ERR_NOMEM, "out of memory");
	if (rc != 0) {
		undo(e, &u);
		e->b.len = 0;
		name_type(&e->err, obj->type);
		return -1;
	}
	/* a stopped cycle's reference is dropped once the stop is kept */
	if (u.stopped != NULL)
		warts_cycle_unref(u.stopped);
	return 0;
}

struct warts_encoder {
	struct wenc e;
};

warts_encoder *warts_encoder_new(void)
{
	warts_encoder *enc = malloc(sizeof(*enc));
	if (enc != NULL)
		wenc_init(&enc->e);
	return enc;
}

void warts_encoder_free(warts_encoder *enc)
{
	if (enc == NULL)
		return;
	wenc_fini(&enc->e);
	free(enc);
}

int warts_encoder_encode(warts_encoder *enc, const warts_object *obj,
                         const uint8_t **out, size_t *len, warts_error *err)
{
	if (wenc_object(&enc->e, obj) != 0) {
		if (err != NULL)
			*err = enc->e.err;
		*out = NULL;
		*len = 0;
		return -1;
	}
	*out = enc->e.b.data;
	*len = enc->e.b.len;
	return 0;
}
