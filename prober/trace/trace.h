/*
 * trace.h: the traceroute measurement's parts (internal to prober/trace).
 *
 * trace_cmd.c parses scamper's trace command into a struct trace_cmd;
 * trace_task.c runs it (the state machine of scamper's trace: serial
 * probing, parallel probing with -N, last-ditch probes, Doubletree) and
 * trace_pmtud.c does path MTU discovery after it (-M).
 *
 * The prober writes out the object a parser returns, which must be the
 * warts_trace itself; the command's parameters that warts has no room for
 * (the payload, the Doubletree global stop set, ...) travel with it in a
 * struct trace_cmd whose first member is that trace, so one pointer is
 * both.
 */
#ifndef PROBER_TRACE_H
#define PROBER_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "../task.h"
#include "warts/trace.h"

/* The Doubletree flag that -O dtree-noback sets in trace->dtree->flags. */
#define TRACE_DTREE_FLAG_NOBACK 0x01

struct trace_cmd {
	warts_trace  t;              /* first: the result */
	uint8_t     *payload;        /* -p, or NULL */
	uint16_t     payload_len;
	uint32_t     wait_probe_hop; /* -H, microseconds */
	uint8_t      stream;         /* -y */
	uint8_t      dtree_flags;    /* -O dtree-noback */
	int          sport_os;       /* -s 0: the system picks the port */
	int          sport_given;    /* -s: that port, whatever */
	warts_addr  *gss;            /* -z, sorted, no duplicates */
	size_t       gssc;
	char        *lss;            /* -Z */
};

/* The parser (trace_cmd.c): the task_type's parse and free_obj. */
void *trace_cmd_parse(struct prober *p, int argc, char **argv, char *err,
                      size_t errlen);
void trace_cmd_free(void *obj);

/* scamper's default source port (and ICMP id): from the process id (p's,
 * or this process's if p is NULL). */
uint16_t trace_sport_default(const struct prober *p);

/* Size of the IP and transport headers of the trace's probes. */
uint16_t trace_header_size(const warts_trace *t);

/* Methods by class. */
int trace_is_udp(const warts_trace *t);
int trace_is_tcp(const warts_trace *t);
int trace_is_icmp(const warts_trace *t);

/* The command's Doubletree global stop set holds addr. */
int trace_cmd_gss_has(const struct trace_cmd *c, const warts_addr *addr);

/* ---- the running trace (trace_task.c, trace_pmtud.c) ------------------ */

/* What the trace is doing: scamper's modes. */
enum trace_mode {
	TM_TRACE,             /* one hop at a time */
	TM_LASTDITCH,         /* gaplimit reached: TTL 255 probes (-G 2) */
	TM_PMTUD_DEFAULT,     /* PMTUD: probes of the size we expect fits */
	TM_PMTUD_SILENT_L2,   /* big probes vanish: search media MTUs */
	TM_PMTUD_SILENT_TTL,  /* ... and the TTL where they vanish */
	TM_PMTUD_BADSUGG,     /* a PTB's MTU was no help: search for it */
	TM_DTREE_FIRST,       /* Doubletree: find where to start */
	TM_DTREE_FWD,         /* Doubletree forwards */
	TM_DTREE_BACK,        /* Doubletree backwards */
	TM_PARALLEL,          /* -N: several hops outstanding */
	TM_PARALLEL_FINISH,   /* stopped: waiting for the outstanding */
	TM_DONE,
};

#define TRACE_MODE_IS_PMTUD(m) ((m) >= TM_PMTUD_DEFAULT && \
                                (m) <= TM_PMTUD_BADSUGG)

#define TP_TIMEOUT 0x01   /* the probe's wait ran out unanswered */

/* The cookie of -O const-payload's one key: see the quoted header. */
#define TRACE_COOKIE_QUOTED UINT32_MAX

/* Replies kept to one probe: more are copies a network made, or a
 * flood, and would only grow the trace. */
#define TRACE_PROBE_REPLIES_MAX 8

/* One probe sent. */
struct trace_probe {
	warts_tv tx;          /* wall clock, as recorded */
	uint64_t tx_mono;     /* monotonic, for timers */
	uint16_t size;
	uint16_t rx;          /* replies (kept up to the next) */
	uint8_t  ttl;
	uint8_t  attempt;     /* from 1 */
	uint8_t  mode;        /* enum trace_mode it was sent in */
	uint8_t  flags;
};

/* A hop outstanding or waiting to be re-probed, in parallel mode. */
struct trace_hopst {
	uint64_t last_tx;     /* monotonic */
	uint64_t due;         /* not before (-H), monotonic; 0: now */
	uint32_t id;          /* its latest probe */
	uint8_t  ttl;
	uint8_t  attempt;
};

struct trace_pmtud_state;

/* What the task does next, applied after each handler. */
enum trace_next { TN_NONE, TN_PROBE, TN_WAIT, TN_DONE };

struct trace_state {
	struct trace_cmd *cmd;
	uint8_t   mode;
	uint8_t   attempt;        /* attempts at the current TTL/size */
	uint8_t   loopc;          /* loops seen */
	uint8_t   max_ttl;        /* parallel: highest TTL that replied */
	uint16_t  ttl;            /* the TTL to probe next */
	uint16_t  header_size;
	uint16_t  payload_size;
	uint64_t  last_tx;        /* monotonic */

	struct trace_probe *probes;
	uint32_t  nprobes;
	size_t    probes_cap;
	uint16_t  salt;           /* shifts probe tags past keys in use */

	/* parallel probing */
	struct trace_hopst *win;  /* outstanding, oldest first */
	size_t    nwin, capwin;
	struct trace_hopst *q;    /* to be probed again */
	size_t    nq, capq;

	/* -c: interfaces seen at this hop */
	uint8_t   conf;           /* 0: 95%, 1: 99% */
	uint8_t   n;
	warts_addr *ifaces;
	size_t    nifaces;

	/* Doubletree: addresses met while probing backwards, and the
	 * local stop set they go into (-Z; trace_lss.h), or NULL */
	warts_addr *lss;
	size_t    nlss;
	struct trace_lss *lsst;

	struct trace_pmtud_state *pmtud;

	int       key_held;       /* -O const-payload: the one key */

	/* what to do next */
	enum trace_next next;
	uint64_t  wait_until;     /* for TN_WAIT, monotonic */
	int       probe_wanted;   /* asked the prober for a probe */
};

/* ---- helpers shared by trace_task.c and trace_pmtud.c ----------------- */

/* Queue the next step: probe now (or after -W), or wait for the reply. */
void trace_queue(struct task *t);
void trace_queue_done(struct task *t);
void trace_queue_wait(struct task *t, uint64_t until);
void trace_queue_probe(struct task *t);

/* A hop record for a reply to probe id (not inserted anywhere). */
int trace_reply_hop(struct task *t, uint32_t id, const struct pkt_rx *rx,
                    const warts_tv *ts, warts_trace_hop *hop);

/* A reply came back for a probe at ttl. */
int trace_has_reply(const warts_trace *t, unsigned ttl);

/*
 * The id'th probe of the trace at ttl (in the current mode's size), and
 * the key its replies come back under; tag (never 0) is what tells it
 * from the trace's other probes: the UDP checksum, the ICMP sequence
 * number plus one, the TCP sequence number.
 */
void trace_build(struct task *t, uint32_t id, uint8_t ttl, uint16_t tag,
                 struct pkt_probe *pr, struct probe_key *k);

/* Send a probe at ttl in the current mode; its id, or -1 (error
 * recorded: the trace is over). */
long trace_send(struct task *t, uint8_t ttl);

/* Record an error that ends the trace. */
void trace_error(struct task *t, const char *msg);

/* PMTUD (trace_pmtud.c): start it, and the modes' handlers. */
int  trace_pmtud_start(struct task *t);
void trace_pmtud_reply(struct task *t, uint32_t id, const struct pkt_rx *rx,
                       const warts_tv *ts);
void trace_pmtud_timeout(struct task *t);
void trace_pmtud_free(struct trace_state *s);

/* The interface MTU toward dst through src's interface: 0 or -1. */
int trace_ifmtu(const warts_addr *src, uint16_t *mtu);

#endif
