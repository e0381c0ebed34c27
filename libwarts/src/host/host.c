/*
 * host.c: allocating and freeing DNS measurements.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/host.h"

warts_host *warts_host_alloc(void)
{
	return calloc(1, sizeof(warts_host));
}

int warts_host_rr_data_kind(uint16_t rrclass, uint16_t rrtype)
{
	/* EDNS0 reuses the class field for the UDP payload size */
	if (rrtype == WARTS_HOST_TYPE_OPT)
		return WARTS_HOST_RR_OPT;
	if (rrclass == WARTS_HOST_CLASS_IN) {
		switch (rrtype) {
		case WARTS_HOST_TYPE_A:
		case WARTS_HOST_TYPE_AAAA:
			return WARTS_HOST_RR_ADDR;
		case WARTS_HOST_TYPE_NS:
		case WARTS_HOST_TYPE_CNAME:
		case WARTS_HOST_TYPE_PTR:
			return WARTS_HOST_RR_STR;
		case WARTS_HOST_TYPE_SOA:
			return WARTS_HOST_RR_SOA;
		case WARTS_HOST_TYPE_MX:
			return WARTS_HOST_RR_MX;
		case WARTS_HOST_TYPE_TXT:
			return WARTS_HOST_RR_TXT;
		case WARTS_HOST_TYPE_SVCB:
		case WARTS_HOST_TYPE_HTTPS:
			return WARTS_HOST_RR_SVCB;
		default:
			return WARTS_HOST_RR_NONE;
		}
	}
	/* CHAOS TXT: version.bind and friends */
	if (rrclass == WARTS_HOST_CLASS_CH && rrtype == WARTS_HOST_TYPE_TXT)
		return WARTS_HOST_RR_TXT;
	return WARTS_HOST_RR_NONE;
}

static void elems_free(warts_host_rr_elem *elems, uint16_t n)
{
	if (elems == NULL)
		return;
	for (uint16_t i = 0; i < n; i++)
		free(elems[i].data);
	free(elems);
}

static void txt_free(warts_host_rr_txt *txt)
{
	if (txt == NULL)
		return;
	if (txt->strs != NULL)
		for (uint16_t i = 0; i < txt->strc; i++)
			free(txt->strs[i].data);
	free(txt->strs);
	free(txt);
}

void warts_host_rr_clear(warts_host_rr *rr)
{
	free(rr->name);
	switch (rr->kind) {
	case WARTS_HOST_RR_STR:
		free(rr->data.str);
		break;
	case WARTS_HOST_RR_SOA:
		if (rr->data.soa != NULL) {
			free(rr->data.soa->mname);
			free(rr->data.soa->rname);
			free(rr->data.soa);
		}
		break;
	case WARTS_HOST_RR_MX:
		if (rr->data.mx != NULL) {
			free(rr->data.mx->exchange);
			free(rr->data.mx);
		}
		break;
	case WARTS_HOST_RR_TXT:
		txt_free(rr->data.txt);
		break;
	case WARTS_HOST_RR_OPT:
		if (rr->data.opt != NULL) {
			elems_free(rr->data.opt->elems, rr->data.opt->elemc);
			free(rr->data.opt);
		}
		break;
	case WARTS_HOST_RR_SVCB:
		if (rr->data.svcb != NULL) {
			free(rr->data.svcb->target);
			elems_free(rr->data.svcb->params, rr->data.svcb->paramc);
			free(rr->data.svcb);
		}
		break;
	default: /* NONE, ADDR: nothing owned */
		break;
	}
	memset(rr, 0, sizeof(*rr));
}

/* The arrays may be NULL with a count read from a file that failed
 * before they were allocated. */
static void rrs_free(warts_host_rr *rrs, uint16_t n)
{
	if (rrs == NULL)
		return;
	for (uint16_t i = 0; i < n; i++)
		warts_host_rr_clear(&rrs[i]);
	free(rrs);
}

void warts_host_query_clear(warts_host_query *q)
{
	rrs_free(q->an, q->ancount);
	rrs_free(q->ns, q->nscount);
	rrs_free(q->ar, q->arcount);
	memset(q, 0, sizeof(*q));
}

void warts_host_free(warts_host *h)
{
	if (h == NULL)
		return;
	warts_list_unref(h->list);
	warts_cycle_unref(h->cycle);
	free(h->qname);
	free(h->ecs);
	free(h->errmsg);
	if (h->queries != NULL) {
		for (unsigned i = 0; i < h->qcount; i++)
			warts_host_query_clear(&h->queries[i]);
		free(h->queries);
	}
	free(h);
}

warts_host_query *warts_host_query_add(warts_host *h)
{
	warts_host_query *qs, *q;
	if (h->qcount == UINT8_MAX)
		return NULL;
	qs = realloc(h->queries, (h->qcount + 1u) * sizeof(*qs));
	if (qs == NULL)
		return NULL;
	h->queries = qs;
	q = &qs[h->qcount++];
	memset(q, 0, sizeof(*q));
	return q;
}

warts_host_rr *warts_host_rr_add(warts_host_query *q,
                                 enum warts_host_section section)
{
	warts_host_rr **arr, *rrs, *rr;
	uint16_t *count;

	switch (section) {
	case WARTS_HOST_SECTION_AN: arr = &q->an; count = &q->ancount; break;
	case WARTS_HOST_SECTION_NS: arr = &q->ns; count = &q->nscount; break;
	case WARTS_HOST_SECTION_AR: arr = &q->ar; count = &q->arcount; break;
	default: return NULL;
	}
	if (*count == UINT16_MAX)
		return NULL;
	rrs = realloc(*arr, (*count + 1u) * sizeof(*rrs));
	if (rrs == NULL)
		return NULL;
	*arr = rrs;
	rr = &rrs[(*count)++];
	memset(rr, 0, sizeof(*rr));
	return rr;
}
