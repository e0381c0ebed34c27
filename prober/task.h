/*
 * task.h: what a measurement type provides, and what it may call.
 *
 * A measurement type (trace, ping, ...) registers one struct task_type:
 * a command parser and the handlers of a small state machine.  The prober
 * owns the scheduling: a task asks for a chance to send with
 * task_want_probe(), and the prober calls its probe() handler when the
 * packets-per-second budget allows, round-robin among tasks, so no task
 * waits behind another's timeouts.  Replies are matched to the task's
 * probes by the keys it registered when sending (probe.h).  A task has
 * one timer.  When it is finished it calls task_done(), which writes the
 * result and frees the task.
 *
 * The result is the libwarts object itself (warts_trace, warts_ping...):
 * the parser fills in the parameters, the state machine the replies.
 */
#ifndef PROBER_TASK_H
#define PROBER_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "ctrl/loop.h"
#include "pkt/pkt.h"
#include "probe.h"
#include "warts/warts.h"

struct prober;
struct task;

struct task_type {
	const char *name;          /* the command: "trace", "ping" */
	uint16_t    warts_type;    /* WARTS_TYPE_TRACE ... */

	/*
	 * Parse a command's words after its name (options, then the
	 * target) into a new warts object with its parameters set.  On
	 * error return NULL with a message that names the option and, for
	 * a value out of range, the range it accepts.
	 */
	void *(*parse)(struct prober *p, int argc, char **argv, char *err,
	               size_t errlen);

	/* Set up runtime state (t->state) and begin; -1 ends the task
	 * with an error recorded in the object. */
	int  (*start)(struct task *t);

	/* The budget allows one probe now: send it and return 1, or
	 * return 0 if there is nothing to send after all. */
	int  (*probe)(struct task *t);

	/* A reply to the probe the task numbered `cookie`. */
	void (*reply)(struct task *t, uint32_t cookie,
	              const struct pkt_rx *rx, const warts_tv *ts);

	/* The task's timer fired. */
	void (*timeout)(struct task *t);

	/* Stop at once (halted): record why in the object. */
	void (*halt)(struct task *t);

	/* Free t->state (not the object). */
	void (*free)(struct task *t);

	/* Free an object that never became a task (parse succeeded but
	 * the task was not started). */
	void (*free_obj)(void *obj);

	/* Optional: the destination whose source address start() will
	 * ask task_src for, or NULL if it will not; the prober then asks
	 * the kernel for many tasks' at once (net_src_prefetch). */
	const warts_addr *(*src_wanted)(const void *obj);
};

struct task {
	struct prober          *p;
	const struct task_type *type;
	void                   *obj;      /* the result */
	void                   *state;    /* the type's */
	void                   *owner;    /* who asked for it, or NULL */

	/* the prober's bookkeeping */
	ctrl_timer              timer;
	struct task            *next_ready;
	struct task            *prev, *next;  /* all tasks */
	struct probe_reg       *keys;     /* probes registered: &key0, or
	                                   * an array of a power of two */
	uint32_t                id;       /* for the control socket */
	uint32_t                nkeys;
	uint8_t                 ready;
	uint8_t                 done;
	struct probe_reg        key0;     /* a ping's one (span) key */
};

/* Ask to be called back (probe) when the budget allows a packet. */
void task_want_probe(struct task *t);

/*
 * Build and send a probe, registering it under key so that replies come
 * back with cookie.  *tx gets the send time.  Returns 0, or -1 (errno;
 * EEXIST when the key is in use by another probe: change it and retry).
 */
int task_send(struct task *t, const struct pkt_probe *probe,
              const struct probe_key *key, uint32_t cookie, warts_tv *tx);

/*
 * Register key for replies, as task_send does, without sending: for a
 * probe a reply may find under a second key (a TCP ACK probe: its ack
 * comes back in a RST, its seq in an ICMP quotation), or to reserve the
 * keys of probes not yet sent.  Returns 0, or -1 (errno; EEXIST when
 * another probe holds the key).
 */
int task_key(struct task *t, const struct probe_key *key, uint32_t cookie);

/* Non-zero when a probe holds key (live, or held after its task ended). */
int task_key_taken(const struct task *t, const struct probe_key *key);

/* Arm (or re-arm) the task's timer; its type's timeout() runs. */
void task_timer(struct task *t, uint64_t usec);
void task_timer_cancel(struct task *t);

/* Is a an address of this host (a -S that needs no spoofing)? */
int task_is_local(const warts_addr *a);

/* The address the host sends from toward dst: 0 or -1. */
int task_src(struct task *t, const warts_addr *dst, warts_addr *src);

/* The name of a reply's receiving interface (rx.ifindex) into name,
 * IF_NAMESIZE bytes: 0 or -1 (remembered a second; see net_ifname). */
int task_ifname(struct task *t, int ifindex, char *name);

/* The prober's process id, asked of the kernel once (each getpid is a
 * system call in a static program); getpid() if p is NULL. */
unsigned long prober_pid(const struct prober *p);

/* A random 16-bit number (IP ids), from a pool the prober refills with
 * one getrandom for many probes. */
uint16_t task_random16(struct task *t);

/* The monotonic clock, in microseconds, and the wall clock. */
uint64_t task_now(const struct task *t);
void task_wallclock(warts_tv *tv);

/* The measurement is complete: write it out and free the task.  The
 * task must not be used after this call. */
void task_done(struct task *t);

/* The types this prober knows. */
extern const struct task_type trace_type, ping_type;

#endif
