/*
 * warts/host.h: DNS measurements (warts record type 14).
 *
 * A host measurement asks one DNS server one question (qname, qclass,
 * qtype), possibly several times.  Each attempt is a query; a query that
 * drew a response holds the response's answer, authority and additional
 * resource records (RRs), in the order the server sent them.
 *
 * An RR keeps its class, type, owner name and TTL.  scamper also parses
 * the data of the RR types it understands; which kind of data an RR may
 * carry is fixed by its class and type (warts_host_rr_data_kind()).  RRs
 * of other types, and RRs whose data scamper did not keep, have no data.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.
 */
#ifndef WARTS_HOST_H
#define WARTS_HOST_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/list.h"
#include "warts/style.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* host.flags */
enum {
	WARTS_HOST_FLAG_NORECURSE = 0x0001, /* RD bit clear in the query */
	WARTS_HOST_FLAG_TCP       = 0x0002, /* query over TCP */
	WARTS_HOST_FLAG_NSID      = 0x0004, /* ask for the server's NSID */
};

/* host.stop_reason */
enum warts_host_stop {
	WARTS_HOST_STOP_NONE    = 0,
	WARTS_HOST_STOP_DONE    = 1,
	WARTS_HOST_STOP_TIMEOUT = 2,
	WARTS_HOST_STOP_HALTED  = 3,
	WARTS_HOST_STOP_ERROR   = 4,
};

/* DNS classes (RFC 1035 section 3.2.4) */
enum {
	WARTS_HOST_CLASS_IN = 1,
	WARTS_HOST_CLASS_CH = 3,
};

/* DNS types scamper names (RFC 1035 and later) */
enum {
	WARTS_HOST_TYPE_A      = 1,
	WARTS_HOST_TYPE_NS     = 2,
	WARTS_HOST_TYPE_CNAME  = 5,
	WARTS_HOST_TYPE_SOA    = 6,
	WARTS_HOST_TYPE_PTR    = 12,
	WARTS_HOST_TYPE_MX     = 15,
	WARTS_HOST_TYPE_TXT    = 16,
	WARTS_HOST_TYPE_AAAA   = 28,
	WARTS_HOST_TYPE_OPT    = 41,
	WARTS_HOST_TYPE_DS     = 43,
	WARTS_HOST_TYPE_SSHFP  = 44,
	WARTS_HOST_TYPE_RRSIG  = 46,
	WARTS_HOST_TYPE_NSEC   = 47,
	WARTS_HOST_TYPE_DNSKEY = 48,
	WARTS_HOST_TYPE_SVCB   = 64,
	WARTS_HOST_TYPE_HTTPS  = 65,
};

/* query.rcode: the response code (RFC 1035, RFC 2136) */
enum {
	WARTS_HOST_RCODE_NOERROR  = 0,
	WARTS_HOST_RCODE_FORMERR  = 1,
	WARTS_HOST_RCODE_SERVFAIL = 2,
	WARTS_HOST_RCODE_NXDOMAIN = 3,
	WARTS_HOST_RCODE_NOTIMP   = 4,
	WARTS_HOST_RCODE_REFUSED  = 5,
	WARTS_HOST_RCODE_YXDOMAIN = 6,
	WARTS_HOST_RCODE_YXRRSET  = 7,
	WARTS_HOST_RCODE_NXRRSET  = 8,
	WARTS_HOST_RCODE_NOTAUTH  = 9,
	WARTS_HOST_RCODE_NOTZONE  = 10,
};

/* query.flags: header bits of the response */
enum {
	WARTS_HOST_QFLAG_CD = 0x01,
	WARTS_HOST_QFLAG_AD = 0x02,
	WARTS_HOST_QFLAG_RA = 0x08,
	WARTS_HOST_QFLAG_RD = 0x10,
	WARTS_HOST_QFLAG_TC = 0x20,
	WARTS_HOST_QFLAG_AA = 0x40,
};

/* rr.kind: which member of rr.data holds the RR's parsed data */
enum warts_host_rr_kind {
	WARTS_HOST_RR_NONE = 0, /* no data */
	WARTS_HOST_RR_ADDR = 1, /* data.addr: A, AAAA */
	WARTS_HOST_RR_STR  = 2, /* data.str: NS, CNAME, PTR */
	WARTS_HOST_RR_SOA  = 3, /* data.soa */
	WARTS_HOST_RR_MX   = 4, /* data.mx */
	WARTS_HOST_RR_TXT  = 5, /* data.txt (2026) */
	WARTS_HOST_RR_OPT  = 6, /* data.opt: EDNS0 (2026) */
	WARTS_HOST_RR_SVCB = 7, /* data.svcb: SVCB, HTTPS (2026) */
};

/* Codes of EDNS0 options (warts_host_rr_elem.code in an OPT RR) */
enum {
	WARTS_HOST_OPT_NSID = 3,
	WARTS_HOST_OPT_ECS  = 8,
};

typedef struct warts_host_rr_soa {
	char    *mname;    /* bit 1; required */
	char    *rname;    /* bit 2; required */
	uint32_t serial;   /* bit 3 */
	uint32_t refresh;  /* bit 4: seconds */
	uint32_t retry;    /* bit 5: seconds */
	uint32_t expire;   /* bit 6: seconds */
	uint32_t minimum;  /* bit 7: seconds */
} warts_host_rr_soa;

typedef struct warts_host_rr_mx {
	uint16_t preference; /* bit 1 */
	char    *exchange;   /* bit 2; required */
} warts_host_rr_mx;

/*
 * One TXT character-string: up to 255 bytes, any of which may be NUL.
 * data holds len bytes and, for convenience, a NUL after them that len
 * does not count.  data may be NULL when len is 0.
 */
typedef struct warts_host_txtstr {
	uint8_t  len;
	uint8_t *data;
} warts_host_txtstr;

typedef struct warts_host_rr_txt {
	uint16_t           strc;  /* bit 1 */
	warts_host_txtstr *strs;  /* bit 2 */
} warts_host_rr_txt;

/*
 * A (code, length, value) triple: an EDNS0 option in an OPT RR, or a
 * SvcParam (code = SvcParamKey) in an SVCB/HTTPS RR.  data may be NULL
 * when len is 0.
 */
typedef struct warts_host_rr_elem {
	uint16_t code;
	uint16_t len;
	uint8_t *data;
} warts_host_rr_elem;

typedef struct warts_host_rr_opt {
	uint16_t            elemc;  /* bit 1 */
	warts_host_rr_elem *elems;  /* bit 2 */
} warts_host_rr_opt;

typedef struct warts_host_rr_svcb {
	uint16_t            priority; /* bit 1: 0 is alias mode */
	char               *target;   /* bit 2, or NULL */
	uint16_t            paramc;   /* bit 3 */
	warts_host_rr_elem *params;   /* bit 4 */
} warts_host_rr_svcb;

/*
 * One resource record.  Pointers in data are owned by the RR and freed
 * with free() (and their own members likewise) by warts_host_rr_clear().
 */
typedef struct warts_host_rr {
	uint16_t rrclass;  /* bit 1: WARTS_HOST_CLASS_* (the UDP payload
	                      size in an OPT RR) */
	uint16_t rrtype;   /* bit 2: WARTS_HOST_TYPE_* */
	char    *name;     /* bit 3: owner name; required ("" is the root) */
	uint32_t ttl;      /* bit 4: seconds */
	uint16_t kind;     /* bit 5: enum warts_host_rr_kind; must be NONE or
	                      warts_host_rr_data_kind(rrclass, rrtype) */
	union {
		warts_addr          addr;
		char               *str;
		warts_host_rr_soa  *soa;
		warts_host_rr_mx   *mx;
		warts_host_rr_txt  *txt;
		warts_host_rr_opt  *opt;
		warts_host_rr_svcb *svcb;
	} data;
} warts_host_rr;

/* warts_host_rr_add() sections */
enum warts_host_section {
	WARTS_HOST_SECTION_AN = 0, /* answer */
	WARTS_HOST_SECTION_NS = 1, /* authority */
	WARTS_HOST_SECTION_AR = 2, /* additional */
};

typedef struct warts_host_query {
	warts_tv       tx;       /* bit 1: query sent; 0 if not recorded */
	warts_tv       rx;       /* bit 2: response received; 0 if none */
	uint16_t       id;       /* bit 3: DNS transaction id */
	uint8_t        rcode;    /* bit 7 (2026): WARTS_HOST_RCODE_* */
	uint8_t        flags;    /* bit 8 (2026): WARTS_HOST_QFLAG_* */
	uint16_t       ancount;  /* bit 4 */
	warts_host_rr *an;
	uint16_t       nscount;  /* bit 5 */
	warts_host_rr *ns;
	uint16_t       arcount;  /* bit 6 */
	warts_host_rr *ar;
} warts_host_query;

typedef struct warts_host {
	warts_list  *list;         /* bit 1; reference held, or NULL */
	warts_cycle *cycle;        /* bit 2; reference held, or NULL */
	uint32_t     userid;       /* bit 3 */
	warts_addr   src;          /* bit 4 */
	warts_addr   dst;          /* bit 5: the DNS server; required */
	warts_tv     start;        /* bit 6 */
	uint16_t     flags;        /* bit 7: WARTS_HOST_FLAG_* */
	uint16_t     wait_timeout; /* bit 8: milliseconds */
	uint8_t      stop_reason;  /* bit 9: enum warts_host_stop */
	uint8_t      retries;      /* bit 10 */
	uint16_t     qtype;        /* bit 11: WARTS_HOST_TYPE_* */
	uint16_t     qclass;       /* bit 12: WARTS_HOST_CLASS_* */
	char        *qname;        /* bit 13, or NULL */
	char        *ecs;          /* bit 15 (2026): EDNS client subnet, or
	                              NULL */
	char        *errmsg;       /* bit 16 (2026), or NULL */

	uint8_t           qcount;  /* bit 14: queries sent */
	warts_host_query *queries;

	uint8_t style;             /* enum warts_style: which writer's rule
	                              for query times to follow */
} warts_host;

/* A zeroed host measurement, or NULL when out of memory. */
WARTS_API warts_host *warts_host_alloc(void);

/* Free a host measurement and everything it owns.  NULL is ignored. */
WARTS_API void warts_host_free(warts_host *host);

/*
 * The data kind an RR of this class and type carries when it has data
 * (enum warts_host_rr_kind), or WARTS_HOST_RR_NONE for an RR that never
 * has data.  Type OPT means OPT data whatever its class.
 */
WARTS_API int warts_host_rr_data_kind(uint16_t rrclass, uint16_t rrtype);

/* Free what an RR owns (not the RR itself) and zero it. */
WARTS_API void warts_host_rr_clear(warts_host_rr *rr);

/* Free what a query owns (not the query itself) and zero it. */
WARTS_API void warts_host_query_clear(warts_host_query *query);

/*
 * Append a zeroed query to host->queries.  Returns it, or NULL when out
 * of memory or when the host already has 255.  The pointer is valid until
 * the next append.
 */
WARTS_API warts_host_query *warts_host_query_add(warts_host *host);

/*
 * Append a zeroed RR (no data) to one section of a query, updating its
 * count.  Returns it, or NULL when out of memory or the section is full.
 * The pointer is valid until the next append to that section.
 */
WARTS_API warts_host_rr *warts_host_rr_add(warts_host_query *query,
                                           enum warts_host_section section);

#ifdef __cplusplus
}
#endif

#endif
