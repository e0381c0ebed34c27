/*
 * fp_devices.c: reading the input file into the compact device store.
 *
 * Arena layout of an address entry (unaligned, read with memcpy):
 *   u32 next entry of the same device (0 = none; offset 0 is never an
 *       entry), u32 input line, u8 address type, 4 or 16 address bytes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fp_devices.h"

#define ENT_HDR 9

static int arena_grow(struct fp_devices *d, size_t need)
{
	size_t cap = d->alloc ? d->alloc : 4096;
	uint8_t *a;

	if (d->len + need <= d->alloc)
		return 0;
	while (cap < d->len + need)
		cap *= 2;
	if (cap > UINT32_MAX)
		return -1;
	if ((a = realloc(d->arena, cap)) == NULL)
		return -1;
	d->arena = a;
	d->alloc = cap;
	return 0;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void ent_addr(const struct fp_devices *d, uint32_t off, warts_addr *a)
{
	warts_addr_set(a, d->arena[off + 8], d->arena + off + ENT_HDR);
}

static int new_dev(struct fp_devices *d, uint32_t line, uint32_t name)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		struct fp_dev *v = realloc(d->dev, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		d->dev = v;
		d->cap = cap;
	}
	d->dev[d->n].addrs = 0;
	d->dev[d->n].name = name;
	d->dev[d->n].line = line;
	d->dev[d->n].naddr = 0;
	d->n++;
	return 0;
}

static uint32_t add_name(struct fp_devices *d, const char *name)
{
	size_t len = strlen(name) + 1;
	uint32_t off;

	if (arena_grow(d, len) != 0)
		return 0;
	off = (uint32_t)d->len;
	memcpy(d->arena + off, name, len);
	d->len += len;
	return off;
}

static int add_addr(struct fp_devices *d, size_t dev, const warts_addr *a,
                    uint32_t line)
{
	size_t alen = warts_addr_len(a->type);
	uint32_t off;

	if (d->dev[dev].naddr == UINT16_MAX)
		return -1;
	if (arena_grow(d, ENT_HDR + alen) != 0)
		return -1;
	off = (uint32_t)d->len;
	memcpy(d->arena + off, &d->dev[dev].addrs, 4);
	memcpy(d->arena + off + 4, &line, 4);
	d->arena[off + 8] = a->type;
	memcpy(d->arena + off + ENT_HDR, a->bytes, alen);
	d->len += ENT_HDR + alen;
	d->dev[dev].addrs = off;
	d->dev[dev].naddr++;
	return 0;
}

/* ---- names of tuples: a temporary open-addressing table ---------------- */

struct names {
	uint32_t *slot;   /* device index + 1, 0 = empty */
	size_t    size;   /* a power of two */
	size_t    used;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	while (*s != '\0')
		h = (h ^ (uint8_t)*s++) * 1099511628211ull;
	return h;
}

static int names_grow(struct names *t, const struct fp_devices *d)
{
	size_t size = t->size ? t->size * 2 : 1024;
	uint32_t *slot = calloc(size, sizeof(*slot));

	if (slot == NULL)
		return -1;
	for (size_t i = 0; i < t->size; i++) {
		uint32_t v = t->slot[i];
		size_t k;
		if (v == 0)
			continue;
		k = hash((const char *)d->arena + d->dev[v - 1].name) &
		    (size - 1);
		while (slot[k] != 0)
			k = (k + 1) & (size - 1);
		slot[k] = v;
	}
	free(t->slot);
	t->slot = slot;
	t->size = size;
	return 0;
}

/* The device named name, created if new: its index, or -1. */
static long names_get(struct names *t, struct fp_devices *d,
                      const char *name, uint32_t line)
{
	size_t k;
	uint32_t off;

	if ((t->used + 1) * 2 > t->size && names_grow(t, d) != 0)
		return -1;
	k = hash(name) & (t->size - 1);
	while (t->slot[k] != 0) {
		size_t i = t->slot[k] - 1;
		if (strcmp((const char *)d->arena + d->dev[i].name, name) == 0)
			return (long)i;
		k = (k + 1) & (t->size - 1);
	}
	if ((off = add_name(d, name)) == 0 || new_dev(d, line, off) != 0)
		return -1;
	t->slot[k] = (uint32_t)d->n;
	t->used++;
	return (long)d->n - 1;
}

/* ---- reading ----------------------------------------------------------- */

static int is_addr(const char *s, warts_addr *a)
{
	return warts_addr_fromstr(a, s) == 0 &&
	       (a->type == WARTS_ADDR_IPV4 || a->type == WARTS_ADDR_IPV6);
}

/* Split at spaces and tabs, up to max words; -1 if there are more. */
static int split(char *s, char **w, int max)
{
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (*s == '\0')
			return n;
		if (n == max)
			return -1;
		w[n++] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
}

static int cmp_ent(const void *a, const void *b, void *arg)
{
	const struct fp_devices *d = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const uint8_t *p = d->arena + x, *q = d->arena + y;
	int c;

	if (p[8] != q[8])
		return p[8] < q[8] ? -1 : 1;
	if ((c = memcmp(p + ENT_HDR, q + ENT_HDR,
	                warts_addr_len(p[8]))) != 0)
		return c;
	/* equal addresses: by input line, so the first one is named */
	return get32(p + 4) < get32(q + 4) ? -1 : 1;
}

static int check_duplicates(struct fp_devices *d, const char *path,
                            char *err, size_t errlen)
{
	size_t n = 0, k = 0;
	uint32_t *ents;
	int rc = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->dev[i].naddr;
	if (n < 2)
		return 0;
	if ((ents = malloc(n * sizeof(*ents))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	for (size_t i = 0; i < d->n; i++)
		for (uint32_t e = d->dev[i].addrs; e != 0;
		     e = get32(d->arena + e))
			ents[k++] = e;
	qsort_r(ents, n, sizeof(*ents), cmp_ent, d);
	for (size_t i = 1; i < n; i++) {
		const uint8_t *p = d->arena + ents[i - 1],
		              *q = d->arena + ents[i];
		if (p[8] == q[8] && memcmp(p + ENT_HDR, q + ENT_HDR,
		                           warts_addr_len(p[8])) == 0) {
			char s[WARTS_ADDR_STRLEN];
			warts_addr a;
			ent_addr(d, ents[i], &a);
			warts_addr_tostr(&a, s, sizeof(s));
			snprintf(err, errlen, "%s:%u: %s is also on line %u",
			         path, get32(q + 4), s, get32(p + 4));
			rc = -1;
			break;
		}
	}
	free(ents);
	return rc;
}

int fp_devices_read(struct fp_devices *d, FILE *f, const char *path,
                    int tuples, char *err, size_t errlen)
{
	struct names names = { NULL, 0, 0 };
	char *line = NULL, *w[1024], *hash_;
	size_t cap = 0;
	uint32_t lineno = 0;
	ssize_t len;
	int rc = -1;

	/* offset 0 is "no entry": keep it out of use */
	if (arena_grow(d, 1) != 0)
		goto oom;
	d->len = 1;

	while ((len = getline(&line, &cap, f)) >= 0) {
		warts_addr a;
		long dev;
		int n, first;

		lineno++;
		if ((size_t)len != strlen(line)) {
			snprintf(err, errlen, "%s:%u: a NUL byte in the line",
			         path, lineno);
			goto out;
		}
		if ((hash_ = strchr(line, '#')) != NULL)
			*hash_ = '\0';
		line[strcspn(line, "\n")] = '\0';
		if ((n = split(line, w, 1024)) < 0) {
			snprintf(err, errlen, "%s:%u: more than 1023 addresses",
			         path, lineno);
			goto out;
		}
		if (n == 0)
			continue;
		if (tuples) {
			if (n != 2 || !is_addr(w[1], &a)) {
				snprintf(err, errlen, "%s:%u: expected a name "
				         "and an address", path, lineno);
				goto out;
			}
			if ((dev = names_get(&names, d, w[0], lineno)) < 0)
				goto oom;
			if (add_addr(d, (size_t)dev, &a, lineno) != 0)
				goto oom;
			continue;
		}
		/* rows: the first word is a name unless it is an address */
		first = is_addr(w[0], &a) ? 0 : 1;
		if (first == 1 && n == 1) {
			snprintf(err, errlen, "%s:%u: %s has no address",
			         path, lineno, w[0]);
			goto out;
		}
		if (new_dev(d, lineno, FP_NONAME) != 0)
			goto oom;
		if (first == 1) {
			uint32_t off = add_name(d, w[0]);
			if (off == 0)
				goto oom;
			d->dev[d->n - 1].name = off;
		}
		for (int i = first; i < n; i++) {
			if (!is_addr(w[i], &a)) {
				snprintf(err, errlen, "%s:%u: %s is not an IP "
				         "address", path, lineno, w[i]);
				goto out;
			}
			if (add_addr(d, d->n - 1, &a, lineno) != 0)
				goto oom;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = check_duplicates(d, path, err, errlen);
	goto out;
oom:
	snprintf(err, errlen, "%s:%u: out of memory", path, lineno);
out:
	free(names.slot);
	free(line);
	return rc;
}

const char *fp_dev_name(const struct fp_devices *d, size_t i)
{
	if (d->dev[i].name == FP_NONAME)
		return NULL;
	return (const char *)d->arena + d->dev[i].name;
}

size_t fp_dev_addrs(const struct fp_devices *d, size_t i, warts_addr *out,
                    size_t max)
{
	size_t k = 0;

	for (uint32_t e = d->dev[i].addrs; e != 0; e = get32(d->arena + e)) {
		if (k < max)
			ent_addr(d, e, &out[k]);
		k++;
	}
	return k;
}

void fp_devices_free(struct fp_devices *d)
{
	free(d->dev);
	free(d->arena);
	memset(d, 0, sizeof(*d));
}
