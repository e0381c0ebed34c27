/*
 * probe.h: matching replies to the probes that caused them.
 *
 * A measurement registers each probe it sends under a key: where it went,
 * its protocol, and the fields a reply or a router's ICMP quotation
 * carries back (ICMP id and sequence; UDP or TCP ports; and a
 * disambiguating word: the UDP checksum for Paris traceroute, the TCP
 * sequence number).  A reply's possible keys are looked up here; the
 * entry names the measurement and its own cookie for the probe.  Keys
 * need only 8 bytes of the probe's transport header, which is all an old
 * router quotes.
 */
#ifndef PROBER_PROBE_H
#define PROBER_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "pkt/pkt.h"

struct probe_key {
	uint8_t  af;         /* 4 or 6 */
	uint8_t  proto;      /* of the probe: PKT_ICMP, ICMP6, UDP, TCP */
	uint8_t  vary;       /* PROBE_EXACT, or which field runs (below) */
	uint8_t  pad_;
	uint16_t a, b;       /* ICMP: id, seq.  UDP/TCP: sport, dport */
	uint16_t span;       /* with vary: how many values, from a or b */
	uint16_t pad2_;
	uint32_t c;          /* UDP: checksum; TCP: sequence; else 0 */
	uint8_t  dst[16];    /* the probe's destination */
};

/*
 * A measurement whose probes differ only in one field counting up (a
 * ping's ICMP sequence, or its ports with the -sport and -dport
 * methods) may register them all as one key: vary names the field and
 * span how many values it takes from the key's (modulo 2^16).  A reply
 * with the field at base + i finds it with cookie + i.  Replies' keys,
 * and keys registered one probe at a time, are PROBE_EXACT.  Pad bytes
 * are ignored.
 */
enum { PROBE_EXACT = 0, PROBE_VARY_A = 1, PROBE_VARY_B = 2 };

struct task;

/*
 * A probe as its measurement registered it: the key and the
 * measurement's own number for the probe (a span's first).  The
 * measurement keeps its registrations, numbered from 0; the table refers
 * to one by the measurement and that number, and reads it through the
 * table's reg function, so a key is stored once, not twice.
 */
struct probe_reg {
	struct probe_key key;
	uint32_t         cookie;
};

typedef const struct probe_reg *(*probe_reg_fn)(const struct task *task,
                                                uint32_t i);

/* A live key: 16 bytes, as a prober may have hundreds of thousands in
 * flight (a ping holds one for all its probes). */
struct probe_ent {
	struct task *task;         /* NULL: an empty slot */
	uint32_t     i;            /* the task's registration */
	uint32_t     h;            /* its hash's top 32 bits (home slot) */
};

/* What probe_find found: a live key (task set) or a retired one (task
 * NULL, key the one looked up). */
struct probe_hit {
	struct task            *task;
	uint32_t                cookie;   /* the registration's */
	const struct probe_key *key;      /* as registered */
};

/*
 * A retired key is kept only as its 64-bit hash (a fingerprint): a late
 * reply needs no task, only to be known for one, and a new probe only to
 * avoid the key.  Fingerprints go into generations by the time they were
 * retired, each an open-addressing set from 1/2 to 3/4 full (8 bytes a
 * slot: 10.7 to 16 bytes a key), and a generation goes whole when its
 * newest key's holdtime has passed.  A generation takes keys for holdtime/8, so
 * a key is held from holdtime to 9/8 of it.  This matters because a
 * prober at 100,000 pps with a 5 s holdtime holds half a million keys.
 * A bit array (one bit a fingerprint, 8 to 16 bits a key, rebuilt as
 * generations go) answers most lookups of keys not held without visiting
 * the generations: a new probe's key is one.  A key whose fingerprint
 * another holds is found held too (a chance of about held/2^62).  The prober expires every holdtime/8, so at most
 * 11 generations are alive; if none is expired for longer, the newest
 * takes every key and is held until the last one's holdtime.
 */
enum { PROBE_GENS = 12 };

struct probe_gen {
	uint64_t  until;      /* keys retired before this join it */
	uint64_t  expires;    /* then it goes */
	uint64_t *fp;         /* fingerprints; 0 is an empty slot */
	uint32_t  cap, n, spans;
};

struct probe_table {
	probe_reg_fn       reg;        /* reads a task's registrations */
	struct probe_ent  *e;          /* live keys */
	size_t             cap, live;
	size_t             n;          /* keys held: live and retired */
	size_t             spans;      /* live keys that are spans */
	struct probe_gen   gens[PROBE_GENS];  /* retired, oldest first */
	size_t             gen_head, gen_len;
	size_t             held;       /* fingerprints in them */
	uint64_t          *filter;     /* a bit set for each, or NULL */
	size_t             filter_bits;   /* a power of two */
	size_t             filter_keys;   /* fingerprints set since built */
	size_t             rspans;     /* retired fingerprints of spans */
	struct probe_hit   hit;        /* what probe_find returns */
	struct probe_key   late;       /* a retired key it found */
};

/* An empty table reading registrations with reg. */
void probe_table_init(struct probe_table *t, probe_reg_fn reg);

/* Fill a key's address from a warts address. */
void probe_key_dst(struct probe_key *k, const warts_addr *dst);

/* Register task's registration i (a probe, or a span of probes), which
 * must stay readable through t->reg until it is retired.  Returns 0, or
 * -1 if the key or any in the span is taken (EEXIST: the caller picks
 * another id), memory ran out (ENOMEM) or the key is malformed (EINVAL:
 * no family, fill it with probe_key_dst; or a span of 0). */
int probe_add(struct probe_table *t, struct task *task, uint32_t i);

/* Who holds exact key k (live or retired), or NULL; *cookie (if cookie
 * is not NULL) gets the probe's cookie, which for a span is the
 * registration's plus the key's place in it.  A retired key is found
 * with no task; so may another key with the same fingerprint (above),
 * and any key of a retired span's flow, inside the span or not.  The
 * answer is valid until the table next changes or is searched. */
const struct probe_hit *probe_find(struct probe_table *t,
                                   const struct probe_key *k,
                                   uint32_t *cookie);

/*
 * The measurement is done with a probe (k as registered, span and all):
 * the key stays for holdtime microseconds (to 9/8 of it) from now, so
 * that a late reply is recognised and dropped rather than taken for a
 * later probe's, then goes.  (The prober's -H; 0 frees the key at once.)
 */
void probe_retire(struct probe_table *t, const struct probe_key *k,
                  uint64_t now, uint64_t holdtime);
/* Free the keys whose holdtime has passed (a generation at a time). */
void probe_expire(struct probe_table *t, uint64_t now);

/* How many retired keys are held, and the bytes that holds. */
size_t probe_held(const struct probe_table *t);
size_t probe_held_bytes(const struct probe_table *t);
void probe_table_free(struct probe_table *t);

/*
 * The keys a reply may match, most specific first: from an ICMP error's
 * quotation or from a direct reply (echo reply, TCP, UDP).  Returns how
 * many were written (at most 4; keys must have room for 4).
 *
 *   quoted UDP/TCP   (sport, dport, checksum or seq), then c = 0; only
 *                    c = 0 if the quote holds just the ports
 *   quoted ICMP      (id, seq), c = 0
 *   echo/timestamp   (id, seq) from the replying address, c = 0
 *   UDP reply        (its dport, its sport), c = 0
 *   TCP with ACK     (its dport, its sport, its ack - 1), then c = 0
 *   RST without ACK  (its dport, its sport, its seq), then c = 0
 *
 * So a UDP probe registered with its checksum as c is found from ICMP
 * errors but not from a UDP reply; a SYN registered with c = its seq is
 * found from a SYN-ACK or RST; an ACK probe's RST carries the probe's ack
 * as its seq, so register ACK probes with c = 0 (unique ports), or send
 * them with ack equal to seq.
 */
int probe_keys_for(const struct pkt_rx *rx, struct probe_key *keys);

#endif
