/*
 * icmpext.c: ICMP extension sets and MPLS label stacks (RFC 4950).
 */
#include <stdlib.h>
#include <string.h>

#include "warts/icmpext.h"

int warts_icmpext_is_mpls(const warts_icmpext *ext)
{
	return ext->class_num == 1 && ext->class_type == 1;
}

unsigned warts_icmpext_mpls_count(const warts_icmpext *ext)
{
	return warts_icmpext_is_mpls(ext) ? ext->len / 4u : 0;
}

int warts_icmpext_mpls(const warts_icmpext *ext, unsigned i,
                       warts_mpls_lse *lse)
{
	const uint8_t *p;
	uint32_t v;
	if (i >= warts_icmpext_mpls_count(ext))
		return -1;
	p = ext->data + 4 * i;
	v = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
	lse->label = v >> 12;
	lse->exp = (uint8_t)((v >> 9) & 0x7);
	lse->s = (uint8_t)((v >> 8) & 0x1);
	lse->ttl = (uint8_t)(v & 0xff);
	return 0;
}

void warts_icmpexts_clear(warts_icmpexts *set)
{
	for (unsigned i = 0; i < set->count; i++)
		free(set->ext[i].data);
	free(set->ext);
	set->ext = NULL;
	set->count = 0;
}

int warts_icmpexts_copy(warts_icmpexts *dst, const warts_icmpexts *src)
{
	dst->count = 0;
	dst->ext = NULL;
	if (src->count == 0)
		return 0;
	if ((dst->ext = calloc(src->count, sizeof(*dst->ext))) == NULL)
		return -1;
	for (unsigned i = 0; i < src->count; i++) {
		dst->ext[i] = src->ext[i];
		dst->ext[i].data = NULL;
		dst->count = (uint16_t)(i + 1);
		if (src->ext[i].len == 0)
			continue;
		if ((dst->ext[i].data = malloc(src->ext[i].len)) == NULL) {
			warts_icmpexts_clear(dst);
			return -1;
		}
		memcpy(dst->ext[i].data, src->ext[i].data, src->ext[i].len);
	}
	return 0;
}
