/*
 * params.c: the table-driven flags-and-parameters codec.
 */
#include <stdlib.h>
#include <string.h>

#include "params.h"

#define AT(rec, f) ((void *)((char *)(rec) + (f)->off))
#define CAT(rec, f) ((const void *)((const char *)(rec) + (f)->off))

int wparams_head(struct wcur *c, struct wmask *mask, uint16_t *len)
{
	const uint8_t *start = c->p;
	unsigned base = 0;
	uint8_t b;

	memset(mask, 0, sizeof(*mask));
	*len = 0;
	do {
		uint64_t group;
		if (wc_u8(c, &b) != 0)
			return -1;
		/* byte k holds bits 7k+1 .. 7k+7 */
		group = b & 0x7f;
		if (base < 63)
			mask->bits |= group << (base + 1);  /* bits up to 63 */
		else
			mask->high |= group != 0;
		base += 7;
	} while (b & 0x80);

	/* warts(5): the length is present only if the first byte has bits */
	if (*start == 0)
		return 0;
	return wc_u16(c, len);
}

static void set_default(const struct wfield *f, void *rec)
{
	/* structs start zeroed, and two fields may share one value (trace
	 * flags: bits 8 and 32), so only non-zero defaults are stored */
	if (f->dflt == 0)
		return;
	switch (f->enc) {
	case WF_U8:  *(uint8_t *)AT(rec, f) = (uint8_t)f->dflt; break;
	case WF_U16: *(uint16_t *)AT(rec, f) = (uint16_t)f->dflt; break;
	case WF_U32: *(uint32_t *)AT(rec, f) = f->dflt; break;
	default: break;
	}
}

static int read_field(struct wcur *c, const struct wfield *f, void *rec,
                      void *aux)
{
	switch (f->enc) {
	case WF_U8:    return wc_u8(c, AT(rec, f));
	case WF_U16:   return wc_u16(c, AT(rec, f));
	case WF_U32:   return wc_u32(c, AT(rec, f));
	case WF_TV:    return wc_tv(c, AT(rec, f));
	case WF_LO8: {
		uint8_t v;
		if (wc_u8(c, &v) != 0)
			return -1;
		*(uint32_t *)AT(rec, f) = v;
		return 0;
	}
	case WF_ADDR:  return wc_addr(c, AT(rec, f));
	case WF_SADDR: return wc_saddr(c, AT(rec, f));
	case WF_GID:   return wc_gid(c, AT(rec, f));
	case WF_STR: {
		char **s = AT(rec, f);
		free(*s);
		*s = NULL;
		return wc_str(c, s);
	}
	case WF_LIST: {
		const uint8_t *at = c->p;
		uint32_t id;
		warts_list **l = AT(rec, f);
		if (wc_u32(c, &id) != 0)
			return -1;
		warts_list_unref(*l);
		*l = NULL;
		return wdec_list(c->d, at, id, l);
	}
	case WF_CYCLE: {
		const uint8_t *at = c->p;
		uint32_t id;
		warts_cycle **cy = AT(rec, f);
		if (wc_u32(c, &id) != 0)
			return -1;
		warts_cycle_unref(*cy);
		*cy = NULL;
		return wdec_cycle(c->d, at, id, cy);
	}
	case WF_FN:
		return f->dec_fn(c, rec, aux);
	}
	return wdec_fail(c->d, c->p, WARTS_ERR_CORRUPT, "bad table entry");
}

int wparams_read(struct wcur *c, const struct wtable *t, void *rec,
                 void *aux, struct wmask *maskp)
{
	struct wmask mask;
	struct wcur p;
	uint64_t known = 0, unknown, bits;
	uint16_t len;
	unsigned i;

	if (wparams_head(c, &mask, &len) != 0)
		return -1;
	if (maskp != NULL)
		*maskp = mask;
	if (wc_sub(c, len, &p) != 0)
		return -1;

	/*
	 * A set bit the table does not know has a size we cannot tell:
	 * decode the fields below the lowest such bit, and let the length
	 * skip the rest.
	 */
	for (i = 0; i < t->n; i++)
		known |= (uint64_t)1 << t->f[i].bit;
	bits = mask.bits;
	unknown = bits & ~known & ~(uint64_t)1;
	if (unknown != 0)
		bits &= (unknown & -unknown) - 1;

	for (i = 0; i < t->n; i++) {
		const struct wfield *f = &t->f[i];
		if (((bits >> f->bit) & 1) == 0) {
			set_default(f, rec);
			continue;
		}
		if (read_field(&p, f, rec, aux) != 0) {
			if (!c->d->failed)
				wdec_fail(c->d, p.p, WARTS_ERR_CORRUPT,
				          "%s: bad %s", t->name, f->name);
			return -1;
		}
	}
	/* bits above the table's last are skipped by length */
	return 0;
}

static int is_nonzero(const struct wfield *f, const void *rec)
{
	switch (f->enc) {
	case WF_U8:    return *(const uint8_t *)CAT(rec, f) != 0;
	case WF_U16:   return *(const uint16_t *)CAT(rec, f) != 0;
	case WF_U32:   return *(const uint32_t *)CAT(rec, f) != 0;
	case WF_LO8:   return (*(const uint32_t *)CAT(rec, f) & 0xff) != 0;
	case WF_TV:    return warts_tv_isset(CAT(rec, f));
	case WF_ADDR:
	case WF_SADDR: return warts_addr_isset(CAT(rec, f));
	case WF_STR:   return *(char *const *)CAT(rec, f) != NULL;
	case WF_LIST:
	case WF_CYCLE: return *(void *const *)CAT(rec, f) != NULL;
	default:       return 0;
	}
}

static uint32_t int_value(const struct wfield *f, const void *rec)
{
	switch (f->enc) {
	case WF_U8:  return *(const uint8_t *)CAT(rec, f);
	case WF_U16: return *(const uint16_t *)CAT(rec, f);
	case WF_U32: return *(const uint32_t *)CAT(rec, f);
	default:     return 0;
	}
}

static int wanted(const struct wfield *f, const void *rec, const void *aux)
{
	switch (f->when) {
	case WW_ALWAYS:  return 1;
	case WW_NONZERO: return is_nonzero(f, rec);
	case WW_NOTDFLT: return int_value(f, rec) != f->dflt;
	case WW_ABOVE8:  return (int_value(f, rec) & ~(uint32_t)0xff) != 0;
	case WW_FN:      return f->want(rec, aux);
	default:         return 0;
	}
}

struct wmask wparams_mask(const struct wtable *t, const void *rec,
                          const void *aux)
{
	struct wmask m = {0, 0};
	for (unsigned i = 0; i < t->n; i++)
		if (wanted(&t->f[i], rec, aux))
			m.bits |= (uint64_t)1 << t->f[i].bit;
	return m;
}

static void write_field(struct wenc *e, const struct wfield *f,
                        const void *rec, const void *aux)
{
	struct wbuf *b = &e->b;
	switch (f->enc) {
	case WF_U8:    wb_u8(b, *(const uint8_t *)CAT(rec, f)); break;
	case WF_U16:   wb_u16(b, *(const uint16_t *)CAT(rec, f)); break;
	case WF_U32:   wb_u32(b, *(const uint32_t *)CAT(rec, f)); break;
	case WF_TV:    wb_tv(b, CAT(rec, f)); break;
	case WF_LO8:   wb_u8(b, (uint8_t)*(const uint32_t *)CAT(rec, f)); break;
	case WF_ADDR:
	case WF_SADDR:
		if (!warts_addr_isset(CAT(rec, f))) {
			wenc_fail(e, WARTS_ERR_INVALID, "%s is required",
			          f->name);
			break;
		}
		if (f->enc == WF_ADDR)
			wenc_addr(e, CAT(rec, f));
		else
			wenc_saddr(e, CAT(rec, f));
		break;
	case WF_STR: {
		const char *str = *(char *const *)CAT(rec, f);
		wb_str(b, str != NULL ? str : "");
		break;
	}
	case WF_LIST:
		wb_u32(b, wenc_list_id(e, *(warts_list *const *)CAT(rec, f)));
		break;
	case WF_CYCLE:
		wb_u32(b, wenc_cycle_id(e,
		          *(warts_cycle *const *)CAT(rec, f)));
		break;
	case WF_FN:    f->enc_fn(e, rec, aux); break;
	default:       break;
	}
}

int wparams_write(struct wenc *e, const struct wtable *t, const void *rec,
                  const void *aux)
{
	struct wmask m = wparams_mask(t, rec, aux);
	unsigned maxbit = 0, nbytes, i;
	size_t lenat, start;

	if (m.bits == 0) {
		wb_u8(&e->b, 0);
		return 0;
	}
	maxbit = 63 - (unsigned)__builtin_clzll(m.bits);
	nbytes = (maxbit + 6) / 7;
	for (i = 0; i < nbytes; i++) {
		uint8_t byte = (uint8_t)((m.bits >> (7 * i + 1)) & 0x7f);
		if (i + 1 < nbytes)
			byte |= 0x80;
		wb_u8(&e->b, byte);
	}
	lenat = e->b.len;
	wb_u16(&e->b, 0);
	start = e->b.len;
	for (i = 0; i < t->n; i++)
		if (wm_has(&m, t->f[i].bit))
			write_field(e, &t->f[i], rec, aux);
	if (e->b.len - start > UINT16_MAX)
		return wenc_fail(e, WARTS_ERR_INVALID,
		                 "%s: parameters take %zu bytes, more than "
		                 "warts can record", t->name, e->b.len - start);
	wb_put_u16(&e->b, lenat, (uint16_t)(e->b.len - start));
	return e->failed ? -1 : 0;
}
