/*
 * cursor.c: bounds-checked reads from a record.
 */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "cursor.h"

/*
 * The record is complete (the reader checked its length), so running out
 * of bytes inside it means its contents are malformed, not that the file
 * ended early.
 */
int wc_short(struct wcur *c, size_t need)
{
	return wdec_fail(c->d, c->p, WARTS_ERR_CORRUPT,
	                 "needs %zu bytes, %zu left", need, wc_left(c));
}

int wc_sub(struct wcur *c, size_t n, struct wcur *sub)
{
	if (n > wc_left(c))
		return wc_short(c, n);
	sub->p = c->p;
	sub->end = c->p + n;
	sub->d = c->d;
	c->p += n;
	return 0;
}

int wc_skip(struct wcur *c, size_t n)
{
	if (n > wc_left(c))
		return wc_short(c, n);
	c->p += n;
	return 0;
}

int wc_bytes(struct wcur *c, size_t n, const uint8_t **out)
{
	if (n > wc_left(c))
		return wc_short(c, n);
	*out = c->p;
	c->p += n;
	return 0;
}

int wc_memdup(struct wcur *c, size_t n, uint8_t **out)
{
	const uint8_t *p;
	*out = NULL;
	if (wc_bytes(c, n, &p) != 0)
		return -1;
	if (n == 0)
		return 0;
	if ((*out = malloc(n)) == NULL)
		return wdec_fail(c->d, p, WARTS_ERR_NOMEM, "out of memory");
	memcpy(*out, p, n);
	return 0;
}

int wc_strref(struct wcur *c, const char **out)
{
	const uint8_t *nul = memchr(c->p, 0, wc_left(c));
	if (nul == NULL)
		return wdec_fail(c->d, c->p, WARTS_ERR_CORRUPT,
		                 "string without a terminating NUL");
	*out = (const char *)c->p;
	c->p = nul + 1;
	return 0;
}

int wc_str(struct wcur *c, char **out)
{
	const char *s;
	size_t n;
	*out = NULL;
	if (wc_strref(c, &s) != 0)
		return -1;
	n = (size_t)((const char *)c->p - s);
	if ((*out = malloc(n)) == NULL)
		return wdec_fail(c->d, (const uint8_t *)s, WARTS_ERR_NOMEM,
		                 "out of memory");
	memcpy(*out, s, n);
	return 0;
}

/* The definition form: length (> 0), type, bytes. */
static int addr_def(struct wcur *c, uint8_t len, warts_addr *a)
{
	const uint8_t *at = c->p - 1, *bytes;
	uint8_t type;
	size_t tlen;

	if (wc_u8(c, &type) != 0)
		return -1;
	tlen = warts_addr_len(type);
	if (tlen == 0)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "unknown address type %u", type);
	/*
	 * scamper advances by the length byte but reads as many bytes as
	 * the type needs; a length shorter than the type's is corrupt.
	 */
	if (len < tlen)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "address of type %u with length %u", type, len);
	if (wc_bytes(c, len, &bytes) != 0)
		return -1;
	warts_addr_set(a, type, bytes);
	return 0;
}

int wc_addr(struct wcur *c, warts_addr *a)
{
	struct wdec *d = c->d;
	const uint8_t *at = c->p;
	uint8_t len;
	uint32_t id;

	if (wc_u8(c, &len) != 0)
		return -1;
	if (len == 0) {
		if (wc_u32(c, &id) != 0)
			return -1;
		if (id >= d->naddrs)
			return wdec_fail(d, at, WARTS_ERR_CORRUPT,
			                 "address reference %u beyond the %u "
			                 "defined", id, d->naddrs);
		*a = d->addrs[id];
		return 0;
	}
	if (addr_def(c, len, a) != 0)
		return -1;
	if (d->naddrs == d->addrs_cap) {
		uint32_t cap = d->addrs_cap ? d->addrs_cap * 2 : 64;
		warts_addr *t = realloc(d->addrs, cap * sizeof(*t));
		if (t == NULL)
			return wdec_fail(d, at, WARTS_ERR_NOMEM, "out of memory");
		d->addrs = t;
		d->addrs_cap = cap;
	}
	d->addrs[d->naddrs++] = *a;
	return 0;
}

int wc_saddr(struct wcur *c, warts_addr *a)
{
	const uint8_t *at = c->p;
	uint8_t len;
	if (wc_u8(c, &len) != 0)
		return -1;
	if (len == 0)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "static address given as a reference");
	return addr_def(c, len, a);
}

int wc_gid(struct wcur *c, warts_addr *a)
{
	const uint8_t *at = c->p;
	uint32_t id;
	if (wc_u32(c, &id) != 0)
		return -1;
	if (id == 0) {
		memset(a, 0, sizeof(*a));
		return 0;
	}
	if (id > c->d->ngaddrs)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "global address id %u beyond the %u defined",
		                 id, c->d->ngaddrs);
	*a = c->d->gaddrs[id - 1];
	return 0;
}

int wc_array(struct wcur *c, uint32_t n, size_t elem, size_t min_bytes,
             void **out)
{
	*out = NULL;
	if (n == 0)
		return 0;
	if (min_bytes == 0)
		min_bytes = 1;
	if (n > wc_left(c) / min_bytes)
		return wdec_fail(c->d, c->p, WARTS_ERR_CORRUPT,
		                 "count %u cannot fit in the %zu bytes left",
		                 n, wc_left(c));
	if ((*out = calloc(n, elem)) == NULL)
		return wdec_fail(c->d, c->p, WARTS_ERR_NOMEM, "out of memory");
	return 0;
}

int wc_ifname(struct wcur *c, char **out)
{
	struct wdec *d = c->d;
	const uint8_t *at = c->p;
	const char *s;
	uint8_t id;
	size_t n;

	*out = NULL;
	if (wc_u8(c, &id) != 0)
		return -1;
	if (id != 0 && id <= d->nifnames) {
		s = d->ifnames[id - 1];
	} else if (id == 0 || id == d->nifnames + 1) {
		if (wc_strref(c, &s) != 0)
			return -1;
		if (id != 0) {
			if (d->nifnames >= WARTS_IFNAME_MAX)
				return wdec_fail(d, at, WARTS_ERR_CORRUPT,
				                 "interface name id %u", id);
			d->ifnames[d->nifnames++] = s;
		}
	} else {
		return wdec_fail(d, at, WARTS_ERR_CORRUPT,
		                 "interface name id %u, %u defined", id,
		                 d->nifnames);
	}
	n = strlen(s) + 1;
	if ((*out = malloc(n)) == NULL)
		return wdec_fail(d, at, WARTS_ERR_NOMEM, "out of memory");
	memcpy(*out, s, n);
	return 0;
}

int wc_icmpexts(struct wcur *c, warts_icmpexts *set)
{
	const uint8_t *at = c->p;
	struct wcur x;
	uint16_t total;
	unsigned n = 0;

	warts_icmpexts_clear(set);
	if (wc_u16(c, &total) != 0)
		return -1;
	if (total == 0)
		return wdec_fail(c->d, at, WARTS_ERR_CORRUPT,
		                 "ICMP extension set of length 0");
	if (wc_sub(c, total, &x) != 0)
		return -1;

	/* count first, so that one allocation holds them all */
	{
		struct wcur y = x;
		while (wc_left(&y) >= 4) {
			uint16_t dl = w_get16(y.p);
			y.p += 4;
			if (wc_skip(&y, dl) != 0)
				return -1;
			n++;
		}
		if (wc_left(&y) != 0)
			return wdec_fail(c->d, y.p, WARTS_ERR_CORRUPT,
			                 "%zu stray bytes after ICMP extensions",
			                 wc_left(&y));
	}
	if ((set->ext = calloc(n, sizeof(*set->ext))) == NULL)
		return wdec_fail(c->d, at, WARTS_ERR_NOMEM, "out of memory");
	set->count = (uint16_t)n;
	for (unsigned i = 0; i < n; i++) {
		warts_icmpext *e = &set->ext[i];
		uint16_t dl;
		if (wc_u16(&x, &dl) != 0 || wc_u8(&x, &e->class_num) != 0 ||
		    wc_u8(&x, &e->class_type) != 0)
			return -1;
		e->len = dl;
		if (wc_memdup(&x, dl, &e->data) != 0)
			return -1;
	}
	return 0;
}
