/*
 * warts/tbit.h: TCP Behaviour Inference Tool tests (warts record type 11).
 *
 * A tbit test opens a TCP connection to a server and checks one behaviour
 * (path MTU discovery, ECN, initial congestion window, blind-attack
 * resistance, ...).  The record holds the test's parameters and result,
 * every packet sent and received, and up to two optional blocks: one with
 * data specific to the test type, one with data for the application
 * protocol spoken over the connection.
 *
 * Field comments give the warts parameter bit ("bit N") and the unit.  The
 * per-test and application blocks are separate structures, NULL when the
 * record has none; which one may be set depends on `type` and `app_proto`
 * (see each structure).
 */
#ifndef WARTS_TBIT_H
#define WARTS_TBIT_H

#include <stdint.h>

#include "warts/addr.h"
#include "warts/export.h"
#include "warts/list.h"
#include "warts/timeval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* tbit.type: the behaviour tested */
enum warts_tbit_type {
	WARTS_TBIT_TYPE_PMTUD      = 1,
	WARTS_TBIT_TYPE_ECN        = 2,
	WARTS_TBIT_TYPE_NULL       = 3,
	WARTS_TBIT_TYPE_SACK_RCVR  = 4,
	WARTS_TBIT_TYPE_ICW        = 5,
	WARTS_TBIT_TYPE_ABC        = 6,
	WARTS_TBIT_TYPE_BLIND_DATA = 7,
	WARTS_TBIT_TYPE_BLIND_RST  = 8,
	WARTS_TBIT_TYPE_BLIND_SYN  = 9,
	WARTS_TBIT_TYPE_BLIND_FIN  = 10,
};

/* tbit.app_proto: the application protocol spoken */
enum warts_tbit_app {
	WARTS_TBIT_APP_HTTP = 1,
	WARTS_TBIT_APP_SMTP = 2,
	WARTS_TBIT_APP_DNS  = 3,
	WARTS_TBIT_APP_FTP  = 4,
	WARTS_TBIT_APP_BGP  = 5,
};

/* tbit.result: general outcomes, then ranges per test type */
enum warts_tbit_result {
	WARTS_TBIT_RESULT_NONE               = 0,
	WARTS_TBIT_RESULT_TCP_NOCONN         = 1,
	WARTS_TBIT_RESULT_TCP_RST            = 2,
	WARTS_TBIT_RESULT_TCP_ERROR          = 3,
	WARTS_TBIT_RESULT_ERROR              = 4,  /* scamper: "sys-error" */
	WARTS_TBIT_RESULT_ABORTED            = 5,
	WARTS_TBIT_RESULT_TCP_NOCONN_RST     = 6,
	WARTS_TBIT_RESULT_HALTED             = 7,
	WARTS_TBIT_RESULT_TCP_BADOPT         = 8,
	WARTS_TBIT_RESULT_TCP_FIN            = 9,
	WARTS_TBIT_RESULT_TCP_ZEROWIN        = 10,
	WARTS_TBIT_RESULT_PMTUD_NOACK        = 20,
	WARTS_TBIT_RESULT_PMTUD_NODATA       = 21,
	WARTS_TBIT_RESULT_PMTUD_TOOSMALL     = 22,
	WARTS_TBIT_RESULT_PMTUD_NODF         = 23,
	WARTS_TBIT_RESULT_PMTUD_FAIL         = 24,
	WARTS_TBIT_RESULT_PMTUD_SUCCESS      = 25,
	WARTS_TBIT_RESULT_PMTUD_CLEARDF      = 26,
	WARTS_TBIT_RESULT_ECN_SUCCESS        = 30,
	WARTS_TBIT_RESULT_ECN_INCAPABLE      = 31,
	WARTS_TBIT_RESULT_ECN_BADSYNACK      = 32,
	WARTS_TBIT_RESULT_ECN_NOECE          = 33,
	WARTS_TBIT_RESULT_ECN_NOACK          = 34,
	WARTS_TBIT_RESULT_ECN_NODATA         = 35,
	WARTS_TBIT_RESULT_NULL_SUCCESS       = 40,
	WARTS_TBIT_RESULT_NULL_NODATA        = 41,
	WARTS_TBIT_RESULT_SACK_INCAPABLE     = 50,
	WARTS_TBIT_RESULT_SACK_RCVR_SUCCESS  = 51,
	WARTS_TBIT_RESULT_SACK_RCVR_SHIFTED  = 52,
	WARTS_TBIT_RESULT_SACK_RCVR_TIMEOUT  = 53,
	WARTS_TBIT_RESULT_SACK_RCVR_NOSACK   = 54,
	WARTS_TBIT_RESULT_ICW_SUCCESS        = 60,
	WARTS_TBIT_RESULT_ICW_TOOSHORT       = 61,
	WARTS_TBIT_RESULT_ABC_SUCCESS        = 70,
	WARTS_TBIT_RESULT_ABC_TOOSHORT       = 71,
	WARTS_TBIT_RESULT_ABC_BADICW         = 72,
	WARTS_TBIT_RESULT_BLIND_ACCEPTED     = 80,
	WARTS_TBIT_RESULT_BLIND_CHALLENGE    = 81,
	WARTS_TBIT_RESULT_BLIND_IGNORED      = 82,
	WARTS_TBIT_RESULT_BLIND_RST          = 83,
	WARTS_TBIT_RESULT_BLIND_SYNNEW       = 84,
};

/* tbit.options: TCP options the client offered */
enum {
	WARTS_TBIT_OPT_TCPTS = 0x01,
	WARTS_TBIT_OPT_SACK  = 0x02,
};

/* tbit_pkt.dir */
enum {
	WARTS_TBIT_PKT_TX = 1,
	WARTS_TBIT_PKT_RX = 2,
};

/* tbit_pmtud.options */
enum {
	WARTS_TBIT_PMTUD_OPT_BLACKHOLE = 0x01,
};

/* tbit_null.options: what the client put in its packets */
enum {
	WARTS_TBIT_NULL_OPT_TCPTS    = 0x01,
	WARTS_TBIT_NULL_OPT_IPTS_SYN = 0x02,
	WARTS_TBIT_NULL_OPT_IPRR_SYN = 0x04,
	WARTS_TBIT_NULL_OPT_IPQS_SYN = 0x08,
	WARTS_TBIT_NULL_OPT_SACK     = 0x10,
	WARTS_TBIT_NULL_OPT_FO       = 0x20,
	WARTS_TBIT_NULL_OPT_FO_EXP   = 0x40,
};

/* tbit_null.results: the options the server handled correctly */
enum {
	WARTS_TBIT_NULL_RESULT_TCPTS = 0x01,
	WARTS_TBIT_NULL_RESULT_SACK  = 0x02,
	WARTS_TBIT_NULL_RESULT_FO    = 0x04,
};

/* tbit_http.type */
enum {
	WARTS_TBIT_HTTP_TYPE_HTTP  = 0,
	WARTS_TBIT_HTTP_TYPE_HTTPS = 1,
};

/* Longest TCP Fast Open cookie warts records (bit 18). */
#define WARTS_TBIT_FO_COOKIE_MAX 16

/* One packet sent or received, from its IP header on. */
typedef struct warts_tbit_pkt {
	uint8_t   dir;   /* bit 1: WARTS_TBIT_PKT_TX or _RX */
	warts_tv  tv;    /* bit 2: when it was sent or received */
	uint16_t  len;   /* bit 3: bytes in data; never 0 in a valid file */
	uint8_t  *data;  /* bit 4: the packet, owned */
} warts_tbit_pkt;

/* Per-test block (block type 1) of a PMTUD test. */
typedef struct warts_tbit_pmtud {
	uint16_t   mtu;       /* bit 1: MTU the test pretended to have */
	uint8_t    ptb_retx;  /* bit 2: packet-too-big messages resent */
	uint8_t    options;   /* bit 3: WARTS_TBIT_PMTUD_OPT_* */
	warts_addr ptbsrc;    /* bit 4: address the too-bigs came from */
} warts_tbit_pmtud;

/* Per-test block of a null test. */
typedef struct warts_tbit_null {
	uint16_t options;  /* bit 1: WARTS_TBIT_NULL_OPT_* */
	uint16_t results;  /* bit 2: WARTS_TBIT_NULL_RESULT_* */
} warts_tbit_null;

/* Per-test block of an initial-congestion-window test. */
typedef struct warts_tbit_icw {
	uint32_t start_seq;  /* bit 1: first sequence number of the data */
} warts_tbit_icw;

/* Per-test block of the blind-data, -rst, -syn and -fin tests. */
typedef struct warts_tbit_blind {
	int32_t off;   /* bit 1: sequence offset of the blind packet */
	uint8_t retx;  /* bit 2: times the blind packet was resent */
} warts_tbit_blind;

/* Application block (block type 2) of an HTTP test. */
typedef struct warts_tbit_http {
	char   *host;  /* bit 1, or NULL */
	char   *file;  /* bit 2: the path requested, or NULL */
	uint8_t type;  /* bit 3: WARTS_TBIT_HTTP_TYPE_* */
} warts_tbit_http;

/* Application block of a BGP test. */
typedef struct warts_tbit_bgp {
	uint32_t asn;  /* bit 1: the AS number the client claimed */
} warts_tbit_bgp;

typedef struct warts_tbit {
	warts_list  *list;             /* bit 1; reference held, or NULL */
	warts_cycle *cycle;            /* bit 2; reference held, or NULL */
	uint32_t     userid;           /* bit 3 */
	warts_addr   src;              /* bit 4; required */
	warts_addr   dst;              /* bit 5; required */
	uint16_t     sport;            /* bit 6 */
	uint16_t     dport;            /* bit 7 */
	warts_tv     start;            /* bit 8 */
	uint16_t     result;           /* bit 9: enum warts_tbit_result */
	uint8_t      type;             /* bit 10: enum warts_tbit_type */
	uint8_t      app_proto;        /* bit 11: enum warts_tbit_app */
	uint16_t     client_mss;       /* bit 12: bytes */
	uint16_t     server_mss;       /* bit 13: bytes */
	uint8_t      client_syn_retx;  /* bit 14: SYNs resent */
	uint8_t      client_dat_retx;  /* bit 15: data packets resent */
	uint8_t      client_fo_cookielen;   /* bit 18: 0 for none, <= 16 */
	uint8_t      client_fo_cookie[WARTS_TBIT_FO_COOKIE_MAX]; /* bit 18 */
	uint8_t      client_wscale;    /* bit 19: window scale offered */
	uint32_t     options;          /* bit 20: WARTS_TBIT_OPT_* */
	uint8_t      client_ipttl;     /* bit 21: IP TTL (255 if absent) */
	char        *errmsg;           /* bit 22 (2026), or NULL */

	uint32_t        pktc;          /* bit 17 (or old bit 16): packets */
	warts_tbit_pkt *pkts;

	/* per-test block: at most one, matching type */
	warts_tbit_pmtud *pmtud;  /* type PMTUD, or NULL */
	warts_tbit_null  *null;   /* type NULL, or NULL */
	warts_tbit_icw   *icw;    /* type ICW, or NULL */
	warts_tbit_blind *blind;  /* type BLIND_DATA/RST/SYN/FIN, or NULL */

	/* application block: at most one, matching app_proto */
	warts_tbit_http  *http;   /* app_proto HTTP, or NULL */
	warts_tbit_bgp   *bgp;    /* app_proto BGP, or NULL */
} warts_tbit;

/* A zeroed tbit with client_ipttl 255, or NULL when out of memory. */
WARTS_API warts_tbit *warts_tbit_alloc(void);

/* Free a tbit and everything it owns.  NULL is ignored. */
WARTS_API void warts_tbit_free(warts_tbit *tbit);

/*
 * Append a packet holding a copy of the len bytes at data, sent or
 * received at *tv (zero if tv is NULL).  Returns it, or NULL when len is
 * 0, the count is at its limit, or memory runs out.  The pointer is valid
 * until the next append.
 */
WARTS_API warts_tbit_pkt *warts_tbit_pkt_add(warts_tbit *tbit, uint8_t dir,
                                             const warts_tv *tv,
                                             const void *data, uint16_t len);

/* Non-zero for the four blind test types, which share warts_tbit_blind. */
static inline int warts_tbit_type_is_blind(uint8_t type)
{
	return type >= WARTS_TBIT_TYPE_BLIND_DATA &&
	       type <= WARTS_TBIT_TYPE_BLIND_FIN;
}

#ifdef __cplusplus
}
#endif

#endif
