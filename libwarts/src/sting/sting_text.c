/*
 * sting_text.c: Sting as sc_warts2text prints it.
 *
 * Two lines of summary (addresses and ports, the number of data segments
 * and their mean gap in milliseconds, the acknowledgement and hole
 * counts), then, when holes were filled, one line for each data segment
 * that made a hole, numbered among the data segments from 1.  Where
 * sc_warts2text would crash on an absent address we print "<null>".
 */
#include "warts/sting.h"

#include "../fmt.h"
#include "sting_fmt.h"

static void text_addr(warts_strbuf *sb, const warts_addr *a)
{
	if (warts_addr_isset(a))
		sb_addr(sb, a);
	else
		sb_s(sb, "<null>");
}

int sting_text(warts_strbuf *sb, const void *obj)
{
	const warts_sting *s = obj;
	uint32_t datac = 0;

	sb_s(sb, "sting from ");
	text_addr(sb, &s->src);
	sb_su(sb, ":", s->sport);
	sb_s(sb, " to ");
	text_addr(sb, &s->dst);
	sb_su(sb, ":", s->dport);
	sb_su(sb, ", ", s->count);
	sb_su(sb, " probes, ", s->mean);
	sb_su(sb, "ms mean\n data-ack count ", s->dataackc);
	sb_su(sb, ", holec ", s->holec);
	sb_c(sb, '\n');

	if (s->holec == 0 || s->pkts == NULL)
		return 1;
	for (uint32_t i = 0; i < s->pktc; i++) {
		uint8_t flags = s->pkts[i].flags;
		if ((flags & WARTS_STING_PKT_DATA) == 0)
			continue;
		datac++;
		if (flags & WARTS_STING_PKT_HOLE) {
			/* "%d" of an unsigned count, as scamper prints it */
			sb_s(sb, "  probe ");
			sb_i(sb, (int32_t)datac);
			sb_s(sb, " hole\n");
		}
	}
	return 1;
}
