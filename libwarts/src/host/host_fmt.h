/*
 * host_fmt.h: DNS measurements as sc_warts2json and sc_wartsdump print
 * them (sc_warts2text prints nothing for them).
 *
 * The names of classes, types, response codes and stop reasons are the
 * same in both outputs; host_json.c defines them.
 */
#ifndef WARTS_HOST_FMT_H
#define WARTS_HOST_FMT_H

#include <stdint.h>

#include "warts/format.h"
#include "warts/host.h"

int host_json(warts_strbuf *sb, const void *obj, unsigned flags);
int host_dump(warts_strbuf *sb, const void *obj);

/* "IN", "CH", or the number. */
void host_sb_class(warts_strbuf *sb, uint16_t rrclass);

/* "A", "NS", ..., "HTTPS", or the number. */
void host_sb_type(warts_strbuf *sb, uint16_t rrtype);

/* "NoError", "NXDomain", ..., or the number. */
void host_sb_rcode(warts_strbuf *sb, uint8_t rcode);

/* "NONE", "DONE", "TIMEOUT", "HALTED", "ERROR", or the number; lower
 * case when lower is set (the dump's form). */
void host_sb_stop(warts_strbuf *sb, uint8_t stop, int lower);

/* The names of the response header bits, bit 0 first. */
extern const char *const host_qflag_names[8];

/*
 * Whether to print the RR's parsed data: scamper prints data only of the
 * kind its class and type call for, and only when the record holds it.
 */
static inline int host_rr_has_data(const warts_host_rr *rr)
{
	if (rr->kind == WARTS_HOST_RR_NONE ||
	    rr->kind != warts_host_rr_data_kind(rr->rrclass, rr->rrtype))
		return 0;
	switch (rr->kind) {
	case WARTS_HOST_RR_ADDR: return warts_addr_isset(&rr->data.addr);
	case WARTS_HOST_RR_STR:  return rr->data.str != NULL;
	case WARTS_HOST_RR_SOA:  return rr->data.soa != NULL;
	case WARTS_HOST_RR_MX:   return rr->data.mx != NULL;
	case WARTS_HOST_RR_TXT:  return rr->data.txt != NULL;
	case WARTS_HOST_RR_OPT:  return rr->data.opt != NULL;
	case WARTS_HOST_RR_SVCB: return rr->data.svcb != NULL;
	default:                 return 0;
	}
}

#endif
