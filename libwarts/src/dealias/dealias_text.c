/*
 * dealias_text.c: alias resolution as sc_warts2text prints it.
 *
 * sc_warts2text has a line only for ally: the two addresses and the
 * verdict.  Every other method prints nothing.
 */
#include "warts/dealias.h"

#include "../fmt.h"
#include "dealias_fmt.h"

/* The destination of probedef i, or nothing if the object has none. */
static void text_dst(warts_strbuf *sb, const warts_dealias *d, uint32_t i)
{
	if (d->probedefs != NULL && i < d->probedefc)
		sb_addr(sb, &d->probedefs[i].dst);
}

int dealias_text(warts_strbuf *sb, const void *obj)
{
	const warts_dealias *d = obj;

	if (d->method != WARTS_DEALIAS_ALLY)
		return 0;
	text_dst(sb, d, 0);
	sb_c(sb, ' ');
	text_dst(sb, d, 1);
	sb_c(sb, ' ');
	/* words for three results; the others as their number */
	switch (d->result) {
	case WARTS_DEALIAS_RESULT_ALIASES:
		sb_s(sb, "aliases");
		break;
	case WARTS_DEALIAS_RESULT_NOTALIASES:
		sb_s(sb, "not aliases");
		break;
	case WARTS_DEALIAS_RESULT_NONE:
		sb_s(sb, "none");
		break;
	default:
		sb_u(sb, d->result);
		break;
	}
	sb_c(sb, '\n');
	return 1;
}
