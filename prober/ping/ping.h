/*
 * ping.h: scamper's ping, inside the prober.
 *
 * ping_cmd.c parses the command into a ping_cmd (the warts ping with every
 * parameter set, and the few facts warts does not keep); ping_task.c runs
 * it.  The task's object is the warts ping itself, which is why it comes
 * first in struct ping_cmd: the prober writes and frees t->obj as a
 * warts_ping, and ping_cmd_free frees the whole.
 */
#ifndef PROBER_PING_H
#define PROBER_PING_H

#include <stddef.h>
#include <stdint.h>

#include "warts/ping.h"

struct prober;

/* Defaults and limits, from scamper's ping command (scamper(1)). */
enum {
	PING_ATTEMPTS_DEF   = 4,
	PING_TTL_DEF        = 64,
	PING_PATTERN_MAX    = 16,    /* -p: bytes (32 hex digits) */
	PING_PAYLOAD_MAX    = 1000,  /* -B: bytes */
	PING_DPORT_DEF      = 33435, /* UDP and TCP */
	PING_TSPS_MAX       = 4,     /* -T tsprespec: addresses */
};

struct ping_cmd {
	warts_ping ping;          /* first: the task's object (see above) */
	uint16_t   mss;           /* -O mss=: a TCP MSS option, 0 for none */
	uint8_t    sport_fixed;   /* -F gave the port: never pick another */
	uint8_t    sport_os;      /* -F 0 on TCP/UDP: the OS picks (bind) */
};

/* The method's family of probes (scamper's SCAMPER_PING_METHOD_IS_*). */
int ping_method_tcp(uint8_t method);
int ping_method_udp(uint8_t method);
int ping_method_vary_sport(uint8_t method);
int ping_method_vary_dport(uint8_t method);

/*
 * Parse the words of a ping command after "ping" into a new ping_cmd.
 * On error NULL, with a message in err that names the option and, for a
 * value out of range, the range.  p may be NULL (it is not used).
 */
void *ping_cmd_parse(struct prober *p, int argc, char **argv, char *err,
                     size_t errlen);

/* Free what ping_cmd_parse returned. */
void ping_cmd_free(void *obj);

/*
 * Order ping's replies by probe, each probe's replies kept in the order
 * they came (how warts lists them).  Linear when they came in order, as
 * they mostly do; n log n otherwise, so that a flood of late copies of
 * one probe's reply cannot stall the prober.
 */
void ping_sort_replies(warts_ping *ping);

/*
 * The IP header's length for the ping's options (IPv4 record route or
 * timestamps) and the transport header's, so that probe_size less both
 * is the payload.
 */
uint16_t ping_ip_hlen(const warts_ping *ping);
uint16_t ping_transport_hlen(const warts_ping *ping, uint16_t mss);

#endif
