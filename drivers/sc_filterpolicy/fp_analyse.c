/*
 * fp_analyse.c: -r, the report of a file sc_filterpolicy wrote.
 *
 * Devices are known by the user id their pings carry (the -U of each
 * ping command); every ping of the file is read, the devices' results
 * gathered, and the reports printed in id order.  Objects other than
 * pings are passed over (traces of -O trace are not analysed).
 */
#include <stdlib.h>
#include <string.h>

#include "fp_analyse.h"
#include "fp_result.h"
#include "warts/reader.h"

struct devmap {
	struct fp_result *r;     /* by index */
	size_t            n, cap;
	uint32_t         *slot;  /* index + 1 by hashed id; 0 = empty */
	size_t            size;
};

static uint32_t mix(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	return x;
}

static int map_grow(struct devmap *m)
{
	size_t size = m->size ? m->size * 2 : 256;
	uint32_t *slot = calloc(size, sizeof(*slot));

	if (slot == NULL)
		return -1;
	for (size_t i = 0; i < m->n; i++) {
		size_t k = mix(m->r[i].id) & (size - 1);
		while (slot[k] != 0)
			k = (k + 1) & (size - 1);
		slot[k] = (uint32_t)i + 1;
	}
	free(m->slot);
	m->slot = slot;
	m->size = size;
	return 0;
}

static struct fp_result *map_get(struct devmap *m, uint32_t id)
{
	size_t k;

	if ((m->n + 1) * 2 > m->size && map_grow(m) != 0)
		return NULL;
	for (k = mix(id) & (m->size - 1); m->slot[k] != 0;
	     k = (k + 1) & (m->size - 1))
		if (m->r[m->slot[k] - 1].id == id)
			return &m->r[m->slot[k] - 1];
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct fp_result *r = realloc(m->r, cap * sizeof(*r));
		if (r == NULL)
			return NULL;
		m->r = r;
		m->cap = cap;
	}
	memset(&m->r[m->n], 0, sizeof(m->r[m->n]));
	m->r[m->n].id = id;
	m->slot[k] = (uint32_t)++m->n;
	return &m->r[m->n - 1];
}

static int cmp_id(const void *a, const void *b)
{
	uint32_t x = ((const struct fp_result *)a)->id;
	uint32_t y = ((const struct fp_result *)b)->id;
	return x < y ? -1 : x > y;
}

int fp_analyse(const char *path, const struct fp_report *rep)
{
	static const uint16_t types[] = { WARTS_TYPE_PING };
	struct devmap m = { NULL, 0, 0, NULL, 0 };
	warts_reader *rd;
	warts_object obj;
	warts_error err;
	int r, rc = 0;

	if ((rd = warts_reader_open(path, &err)) == NULL) {
		fprintf(stderr, "sc_filterpolicy: %s: %s\n", path, err.msg);
		return 1;
	}
	warts_reader_select(rd, types, 1);
	while ((r = warts_reader_read(rd, &obj)) == 1) {
		const warts_ping *p = obj.u.ping;
		struct fp_result *res;
		int test = fp_ping_test(p);

		if (test < 0) {
			char a[WARTS_ADDR_STRLEN];
			fprintf(stderr, "sc_filterpolicy: %s: a ping to %s "
			        "(method %u, port %u) that is no test of "
			        "ours, before offset %llu: skipped\n", path,
			        warts_addr_tostr(&p->dst, a, sizeof(a)),
			        p->method, p->dport,
			        (unsigned long long)warts_reader_offset(rd));
			rc = 1;
		} else if ((res = map_get(&m, p->userid)) == NULL ||
		           fp_result_add(res, &p->dst, test,
		                         fp_ping_responsive(p, test)) != 0) {
			fprintf(stderr, "sc_filterpolicy: out of memory\n");
			warts_object_clear(&obj);
			rc = 1;
			break;
		}
		warts_object_clear(&obj);
	}
	if (r < 0) {
		/* report what was read before the damage, then the damage */
		rc = 1;
	}
	if (m.n > 0)
		qsort(m.r, m.n, sizeof(*m.r), cmp_id);
	for (size_t i = 0; i < m.n; i++) {
		fp_report(rep, &m.r[i]);
		fp_result_clear(&m.r[i]);
	}
	if (r < 0)
		fprintf(stderr, "sc_filterpolicy: %s: %s\n", path,
		        warts_reader_error(rd)->msg);
	warts_reader_close(rd);
	free(m.r);
	free(m.slot);
	return rc;
}
