/*
 * dealias_fmt.h: alias resolution as sc_warts2json, sc_warts2text and
 * sc_wartsdump print it, and the small facts the three formats share.
 */
#ifndef WARTS_DEALIAS_FMT_H
#define WARTS_DEALIAS_FMT_H

#include <stdint.h>

#include "warts/dealias.h"
#include "warts/format.h"

int dealias_json(warts_strbuf *sb, const void *obj, unsigned flags);
int dealias_text(warts_strbuf *sb, const void *obj);
int dealias_dump(warts_strbuf *sb, const void *obj);

/*
 * The probedef a probe was sent with, or NULL when its index is out of
 * range (the decoder never produces that, but an object built by hand
 * may hold anything).
 */
static inline const warts_dealias_probedef *
dealias_probe_def(const warts_dealias *d, const warts_dealias_probe *p)
{
	if (d->probedefs == NULL || p->def >= d->probedefc)
		return NULL;
	return &d->probedefs[p->def];
}

/*
 * The prefix length prefixscan reports for the alias it found: the
 * length of the prefix that net and a share, shortened while either
 * address would be the network or broadcast address of that prefix.
 * -1 unless both are IPv4, as scamper computes it for IPv4 only.
 */
static inline int dealias_prefixhosts(const warts_addr *net,
                                      const warts_addr *a)
{
	uint32_t x, y, diff;
	int len = 0;

	if (net->type != WARTS_ADDR_IPV4 || a->type != WARTS_ADDR_IPV4)
		return -1;
	x = (uint32_t)net->bytes[0] << 24 | (uint32_t)net->bytes[1] << 16 |
	    (uint32_t)net->bytes[2] << 8 | net->bytes[3];
	y = (uint32_t)a->bytes[0] << 24 | (uint32_t)a->bytes[1] << 16 |
	    (uint32_t)a->bytes[2] << 8 | a->bytes[3];
	if ((diff = x ^ y) == 0)
		return 32;
	while ((diff & 0x80000000u) == 0) {
		diff <<= 1;
		len++;
	}
	if (len >= 31)
		return len;
	for (; len > 0; len--) {
		uint32_t host = 0xffffffffu >> len;
		if ((x & host) != 0 && (x & host) != host &&
		    (y & host) != 0 && (y & host) != host)
			break;
	}
	return len;
}

#endif
