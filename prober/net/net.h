/*
 * net.h: the prober's sockets, behind a small interface so that another
 * operating system is a new file, not #ifdefs (net_linux.c is Linux's).
 *
 * All sockets are opened at once, while the prober may still be root
 * (or holds CAP_NET_RAW); then privileges are dropped (privs.c) before a
 * single packet is read.  Probes are whole IP packets, header included.
 * Received packets are parsed (pkt.h) and handed to one callback with the
 * kernel's receive timestamp.
 */
#ifndef PROBER_NET_H
#define PROBER_NET_H

#include <stddef.h>
#include <stdint.h>

#include "ctrl/loop.h"
#include "pkt/pkt.h"
#include "warts/addr.h"
#include "warts/timeval.h"

struct net;

/* Called for each packet that parsed; rx is valid only during the call. */
typedef void (*net_rx_fn)(void *arg, struct pkt_rx *rx, const warts_tv *ts);

struct net_stats {
	uint64_t tx, tx_err;        /* probes sent, sends that failed */
	uint64_t rx;                /* packets received and parsed */
	uint64_t rx_bad;            /* packets that made no sense */
	uint64_t rx_drop;           /* kernel drops reported (if known) */
	/* source addresses (net_src): remembered by route, answered in a
	 * batch (net_src_prefetch), looked up alone */
	uint64_t src_cached, src_batched, src_alone;
};

/*
 * Open the sockets.  want4/want6 ask for IPv4 and IPv6; a family that
 * cannot be opened is an error only if asked for.  Returns NULL and a
 * message in err on failure.
 */
struct net *net_open(int want4, int want6, char *err, size_t errlen);
void net_close(struct net *n);

/* Start delivering received packets to fn on the loop. */
int net_watch(struct net *n, ctrl_loop *l, net_rx_fn fn, void *arg);

/*
 * Quiet (non-zero): stop waking the loop for received packets, because
 * the caller reads them itself with net_poll, as often as it must (a
 * sender pacing probes in ticks: one wake-up a tick, not one for every
 * batch of replies too).  Kernel timestamps keep their times exact.
 * 0 goes back to waking.  Returns 0, or -1 with errno (still waking).
 */
int net_quiet(struct net *n, int quiet);

/* Deliver what the sockets hold now (a bounded amount each). */
void net_poll(struct net *n);

/*
 * Send a probe built by pkt_build.  *tx is set to the time just before
 * the packet left.  Returns 0, or -1 with errno.
 */
int net_send(struct net *n, const uint8_t *pkt, size_t len,
             const warts_addr *dst, warts_tv *tx);

/*
 * Is a an address of this host?  A datagram socket binds only to those
 * (scamper binds its sockets to -S, and so fails the same way); 1 also
 * when it cannot tell, so that the probes show.  (net/local.c)
 */
int net_is_local(const warts_addr *a);

/* The source address the host would use toward dst; 0 or -1. */
int net_src(struct net *n, const warts_addr *dst, warts_addr *src);

/*
 * Look up the sources toward count destinations (at most NET_SRC_BATCH)
 * at once, for the net_src calls that follow, until net_src_forget.  On
 * Linux one rtnetlink exchange answers them all, where net_src alone
 * costs three system calls a destination; any it does not answer,
 * net_src looks up alone as before.
 */
#define NET_SRC_BATCH 32
void net_src_prefetch(struct net *n, const warts_addr *const *dst,
                      size_t count);
void net_src_forget(struct net *n);

/*
 * The name of interface ifindex (a received packet's rx.ifindex) into
 * name (IF_NAMESIZE bytes): 0, or -1 with errno.  Names are remembered
 * for a second, so a reply costs no system call; an interface renamed
 * meanwhile keeps its old name for at most that long.
 */
int net_ifname(struct net *n, int ifindex, char *name);

/* The wall-clock time now, as warts records it. */
void net_now(warts_tv *tv);

const struct net_stats *net_stats(const struct net *n);

/*
 * Run as user (by name) from now on, keeping nothing of root: called
 * after net_open and after output files are open.  A process that is not
 * root (CAP_NET_RAW given to the binary) keeps its user and gives up
 * its capabilities.  Returns 0, or -1 and a message.
 */
int privs_drop(const char *user, char *err, size_t errlen);

#endif
