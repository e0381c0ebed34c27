/*
 * j2w_ping.c: ping objects from JSON.
 *
 * The JSON lists the replies probe by probe ("responses"), each with its
 * probe's fields as the probe's first reply holds them; a warts ping
 * stores the replies flat, each with its own copy of those fields.  From
 * default JSON every reply takes the printed probe fields, and the
 * replies are written in the order printed, which prints the same JSON
 * again.  Keys that are purely derived ("statistics", "rx", the ICMP and
 * port numbers of each probe once the ping's ports are known) are not
 * read, and "no_responses" (probes without a reply, which warts cannot
 * hold) is ignored.
 *
 * sc_warts2json -A adds a "warts" object to the ping and to any reply
 * that needs one (see ping_json.c): the fields the keys leave out or
 * print derived, each present only where it differs from what the keys
 * give here.  So the inferences below must be the ones ping_json.c
 * assumes; they are marked "as ping_json.c".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "j2w.h"
#include "warts/ping.h"

/* scamper's names, indexed by value (ping_text.c has the same) */
static const char *const method_names[] = {
	"icmp-echo", "tcp-ack", "tcp-ack-sport", "udp", "udp-dport",
	"icmp-time", "tcp-syn", "tcp-synack", "tcp-rst", "tcp-syn-sport",
	"udp-sport",
};
static const char *const stop_names[] = {
	"none", "done", "error", "halted", "inprogress",
};
static const char *const flag_names[] = {
	"v4rr", "spoof", "payload", "tsonly", "tsandaddr", "icmpsum", "dl",
	"tbt", "nosrc", "raw", "sockrx", "dltx",
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static int method_is_tcp(uint8_t m)
{
	return m == WARTS_PING_TCP_ACK || m == WARTS_PING_TCP_ACK_SPORT ||
	       m == WARTS_PING_TCP_SYN || m == WARTS_PING_TCP_SYNACK ||
	       m == WARTS_PING_TCP_RST || m == WARTS_PING_TCP_SYN_SPORT;
}

static int method_is_udp(uint8_t m)
{
	return m == WARTS_PING_UDP || m == WARTS_PING_UDP_DPORT ||
	       m == WARTS_PING_UDP_SPORT;
}

/* What the per-probe port keys of a method are called ("bug" when
 * scamper knows no transport for it). */
static const char *port_prefix(const warts_ping *p)
{
	if (warts_ping_method_is_icmp(p))
		return "icmp";
	if (method_is_udp(p->method))
		return "udp";
	return method_is_tcp(p->method) ? "tcp" : "bug";
}

/* The source port a probe prints without one of its own, as ping_json.c. */
static uint16_t sport_base(const warts_ping *p, uint16_t probe_id)
{
	if (p->method == WARTS_PING_TCP_ACK_SPORT ||
	    p->method == WARTS_PING_TCP_SYN_SPORT ||
	    p->method == WARTS_PING_UDP_SPORT)
		return (uint16_t)(p->sport + probe_id);
	return p->sport;
}

/* An array under key, or NULL (absent); fails on another type. */
static int get_array(struct j2w *j, json_t *o, const char *key, size_t max,
                     json_t **a)
{
	*a = json_object_get(o, key);
	if (*a == NULL)
		return 0;
	if (!json_is_array(*a))
		return j2w_fail(j, "\"%s\" is not an array", key);
	if (json_array_size(*a) > max)
		return j2w_fail(j, "\"%s\" has %zu entries, more than %zu",
		                key, json_array_size(*a), max);
	return 0;
}

/* An array entry that must be an address. */
static int elem_addr(struct j2w *j, json_t *x, const char *key,
                     warts_addr *a)
{
	if (!json_is_string(x) || warts_addr_fromstr(a, json_string_value(x))
	                          != 0)
		return j2w_fail(j, "\"%s\" holds something not an address",
		                key);
	return 0;
}

/* An array entry that must be an integer 0 .. 2^32-1. */
static int elem_u32(struct j2w *j, json_t *x, const char *key, uint32_t *v)
{
	json_int_t n;
	if (!json_is_integer(x))
		return j2w_fail(j, "\"%s\" holds something not an integer",
		                key);
	n = json_integer_value(x);
	if (n < 0 || n > (json_int_t)UINT32_MAX)
		return j2w_fail(j, "\"%s\" holds %lld, outside 0..%lu", key,
		                (long long)n, (unsigned long)UINT32_MAX);
	*v = (uint32_t)n;
	return 0;
}

/* ---- the ping's own keys ------------------------------------------------ */

/*
 * A method or stop reason: scamper prints its name, or for a value it
 * has no name for the number, in quotes all the same.
 */
static int read_name(struct j2w *j, json_t *o, const char *key,
                     const char *const *names, size_t n, uint8_t *v)
{
	json_t *x = json_object_get(o, key);
	const char *s = json_string_value(x);
	unsigned long u = 0;
	size_t i;

	if (s == NULL || s[0] < '0' || s[0] > '9')
		return jg_enum(j, o, key, names, n, v);
	for (i = 0; s[i] >= '0' && s[i] <= '9' && u <= UINT8_MAX; i++)
		u = u * 10 + (unsigned long)(s[i] - '0');
	if (s[i] != '\0' || u > UINT8_MAX)
		return j2w_fail(j, "\"%s\": unknown value \"%s\"", key, s);
	*v = (uint8_t)u;
	return 0;
}

/* "flags": scamper's names of the bits set. */
static int read_flags(struct j2w *j, json_t *o, uint32_t *flags)
{
	json_t *a, *x;
	size_t i, k;

	if (get_array(j, o, "flags", 32, &a) != 0)
		return -1;
	if (a == NULL)
		return 0;
	*flags = 0;
	json_array_foreach(a, i, x) {
		const char *s = json_string_value(x);
		for (k = 0; s != NULL && k < NELEMS(flag_names); k++)
			if (strcmp(s, flag_names[k]) == 0)
				break;
		if (s == NULL || k == NELEMS(flag_names))
			return j2w_fail(j, "\"flags\" holds an unknown flag");
		*flags |= 1u << k;
	}
	/* printed only when some bit is set: an empty list says the bits
	 * set are all ones scamper has no name for; take the first */
	if (*flags == 0)
		*flags = 1u << NELEMS(flag_names);
	return 0;
}

/* "payload" (the whole payload) or "pattern" (repeated): the bytes. */
static int read_payload(struct j2w *j, json_t *o, warts_ping *p)
{
	int has_payload = json_object_get(o, "payload") != NULL;

	if (has_payload && json_object_get(o, "pattern") != NULL)
		return j2w_fail(j, "both \"payload\" and \"pattern\"");
	if (jg_hex(j, o, has_payload ? "payload" : "pattern", &p->payload,
	           &p->payload_len) != 0)
		return -1;
	if (p->payload_len == 0) {
		/* nothing to write: warts keeps no empty payload */
		free(p->payload);
		p->payload = NULL;
	}
	return 0;
}

static int read_tsps(struct j2w *j, json_t *o, warts_ping *p)
{
	json_t *a, *x;
	size_t i;

	if (get_array(j, o, "probe_tsps", UINT8_MAX, &a) != 0)
		return -1;
	if (a == NULL)
		return 0;
	if ((p->tsps = warts_ping_tsps_alloc((uint8_t)json_array_size(a)))
	    == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, x)
		if (elem_addr(j, x, "probe_tsps", &p->tsps->ip[i]) != 0)
			return -1;
	return 0;
}

static int read_params(struct j2w *j, json_t *o, warts_ping *p)
{
	if (read_name(j, o, "method", method_names, NELEMS(method_names),
	              &p->method) != 0 ||
	    jg_addr(j, o, "src", &p->src) != 0 ||
	    jg_addr(j, o, "dst", &p->dst) != 0 ||
	    jg_addr(j, o, "rtr", &p->rtr) != 0 ||
	    jg_tv(j, o, "start", &p->start) != 0 ||
	    read_name(j, o, "stop_reason", stop_names, NELEMS(stop_names),
	              &p->stop_reason) != 0 ||
	    jg_u8(j, o, "stop_data", &p->stop_data) != 0 ||
	    jg_str(j, o, "errmsg", &p->errmsg) != 0 ||
	    jg_u16(j, o, "ping_sent", &p->ping_sent) != 0 ||
	    jg_u16(j, o, "probe_size", &p->probe_size) != 0 ||
	    jg_u32(j, o, "userid", &p->userid) != 0 ||
	    jg_u8(j, o, "ttl", &p->ttl) != 0 ||
	    jg_u8(j, o, "tos", &p->tos) != 0 ||
	    jg_u8(j, o, "wait", &p->wait_sec) != 0 ||
	    jg_u32(j, o, "wait_us", &p->wait_usec) != 0)
		return -1;
	/* a reader takes the wait for a timeout the record leaves out */
	p->timeout_sec = p->wait_sec;
	if (jg_u8(j, o, "timeout", &p->timeout_sec) != 0 ||
	    jg_u32(j, o, "timeout_us", &p->timeout_usec) != 0 ||
	    jg_u16(j, o, "sport", &p->sport) != 0 ||
	    jg_u16(j, o, "dport", &p->dport) != 0 ||
	    jg_u32(j, o, "tcp_seq", &p->tcpseq) != 0 ||
	    jg_u32(j, o, "tcp_ack", &p->tcpack) != 0 ||
	    read_payload(j, o, p) != 0 ||
	    read_flags(j, o, &p->flags) != 0 ||
	    jg_u16(j, o, "icmp_csum", &p->icmpsum) != 0 ||
	    read_tsps(j, o, p) != 0)
		return -1;
	if (!warts_addr_isset(&p->dst))
		return j2w_fail(j, "ping without a \"dst\"");
	return 0;
}

/* The ping's "warts" object (sc_warts2json -A). */
static int read_ping_warts(struct j2w *j, json_t *w, warts_ping *p)
{
	if (jg_u16(j, w, "attempts", &p->attempts) != 0 ||
	    jg_u16(j, w, "stop_count", &p->stop_count) != 0 ||
	    jg_u16(j, w, "pmtu", &p->pmtu) != 0 ||
	    jg_u16(j, w, "sport", &p->sport) != 0 ||
	    jg_u16(j, w, "dport", &p->dport) != 0 ||
	    jg_u32(j, w, "tcpseq", &p->tcpseq) != 0 ||
	    jg_u32(j, w, "tcpack", &p->tcpack) != 0 ||
	    jg_u16(j, w, "icmpsum", &p->icmpsum) != 0 ||
	    jg_u32(j, w, "flags", &p->flags) != 0 ||
	    jg_u8(j, w, "style", &p->style) != 0)
		return -1;
	if (p->style > WARTS_STYLE_2021)
		return j2w_fail(j, "\"style\" is %u, not 0 (2026) or 1 (2021)",
		                p->style);
	return 0;
}

/*
 * Where the JSON prints the ports only through the replies (ICMP, and
 * methods scamper knows no transport of), take them from the first.
 */
static int ports_from_reply(struct j2w *j, json_t *r, warts_ping *p)
{
	uint16_t seq = 0, id = 0, qseq = 0;
	const char *pre = port_prefix(p);
	char dk[16];

	if (strcmp(pre, "icmp") == 0) {
		if (jg_u16(j, r, "seq", &seq) != 0 ||
		    jg_u16(j, r, "icmp_id", &id) != 0 ||
		    jg_u16(j, r, "icmp_seq", &qseq) != 0)
			return -1;
		p->sport = id;
		p->dport = (uint16_t)(qseq - seq); /* dport + probe id */
		return 0;
	}
	/*
	 * The source port printed is the probe's own or else the ping's:
	 * with the ping's left 0, each probe keeps the one printed.
	 */
	snprintf(dk, sizeof(dk), "%s_dport", pre);
	return jg_u16(j, r, dk, &p->dport);
}

/* ---- replies ------------------------------------------------------------ */

/*
 * "reply_proto": "icmp", "tcp", "udp", or a number.  "icmp" is 1 or 58:
 * the reply's own family's when it prints "icmp_type" (which it does
 * for ICMP of its family only), else the other's, as ping_json.c.
 */
static int read_proto(struct j2w *j, json_t *o, warts_ping_reply *r)
{
	json_t *x = json_object_get(o, "reply_proto");
	int v4 = r->addr.type == WARTS_ADDR_IPV4;
	const char *s;

	if (x == NULL || !json_is_string(x))
		return jg_u8(j, o, "reply_proto", &r->reply_proto);
	s = json_string_value(x);
	if (strcmp(s, "icmp") == 0 && json_object_get(o, "icmp_type") != NULL)
		r->reply_proto = v4 ? 1 : 58;
	else if (strcmp(s, "icmp") == 0)
		r->reply_proto = v4 ? 58 : 1;
	else if (strcmp(s, "tcp") == 0)
		r->reply_proto = 6;
	else if (strcmp(s, "udp") == 0)
		r->reply_proto = 17;
	else
		return j2w_fail(j, "\"reply_proto\": unknown value \"%s\"", s);
	return 0;
}

static int read_reply_flags(struct j2w *j, json_t *o, warts_ping_reply *r)
{
	json_t *a, *x;
	size_t i;

	if (get_array(j, o, "reply_flags", 2, &a) != 0)
		return -1;
	if (a == NULL)
		return 0;
	json_array_foreach(a, i, x) {
		const char *s = json_string_value(x);
		if (s != NULL && strcmp(s, "dltxts") == 0)
			r->flags |= WARTS_PING_REPLY_DLTX;
		else if (s != NULL && strcmp(s, "dlrxts") == 0)
			r->flags |= WARTS_PING_REPLY_DLRX;
		else
			return j2w_fail(j, "\"reply_flags\" holds an unknown "
			                "flag");
	}
	return 0;
}

/*
 * "reply_ipid": one printed value for two fields.  As ping_json.c: the
 * 16-bit field for an IPv4 ping, the 32-bit one otherwise.
 */
static int read_reply_ipid(struct j2w *j, json_t *o, const warts_ping *p,
                           warts_ping_reply *r)
{
	uint32_t v = 0;

	if (json_object_get(o, "reply_ipid") == NULL)
		return 0;
	if (jg_u32(j, o, "reply_ipid", &v) != 0)
		return -1;
	r->flags |= WARTS_PING_REPLY_REPLY_IPID;
	if (p->dst.type == WARTS_ADDR_IPV4)
		r->reply_ipid = (uint16_t)v;
	else
		r->reply_ipid32 = v;
	return 0;
}

static int read_rr(struct j2w *j, json_t *o, warts_ping_reply *r)
{
	json_t *a, *x;
	size_t i;

	if (get_array(j, o, "RR", UINT8_MAX, &a) != 0)
		return -1;
	if (a == NULL)
		return 0;
	if ((r->v4rr = warts_ping_v4rr_alloc((uint8_t)json_array_size(a)))
	    == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, x)
		if (elem_addr(j, x, "RR", &r->v4rr->ip[i]) != 0)
			return -1;
	return 0;
}

/* [{"ts":N,"ip":"a"},...], the addresses all there or all absent. */
static int read_v4ts_slots(struct j2w *j, json_t *a, const char *key,
                           warts_ping_reply *r)
{
	size_t n = json_array_size(a), i, nip = 0;
	json_t *x;

	json_array_foreach(a, i, x) {
		if (!json_is_object(x))
			return j2w_fail(j, "\"%s\" holds something not an "
			                "object", key);
		nip += json_object_get(x, "ip") != NULL;
	}
	if (nip != 0 && nip != n)
		return j2w_fail(j, "\"%s\": some stamps have an address, "
		                "some not", key);
	free(r->v4ts);
	if ((r->v4ts = warts_ping_v4ts_alloc((uint8_t)n, nip != 0)) == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, x) {
		warts_ping_v4ts_slot *s = &r->v4ts->slot[i];
		if (json_object_get(x, "ts") == NULL)
			return j2w_fail(j, "\"%s\": a stamp without \"ts\"",
			                key);
		if (jg_u32(j, x, "ts", &s->ts) != 0 ||
		    jg_addr(j, x, "ip", &s->ip) != 0)
			return -1;
	}
	return 0;
}

/* "tsandaddr" or "tsonly": the IP timestamp option. */
static int read_v4ts(struct j2w *j, json_t *o, warts_ping_reply *r)
{
	json_t *a, *x;
	size_t i;

	if (get_array(j, o, "tsandaddr", UINT8_MAX, &a) != 0)
		return -1;
	if (a != NULL && read_v4ts_slots(j, a, "tsandaddr", r) != 0)
		return -1;
	if (get_array(j, o, "tsonly", UINT8_MAX, &a) != 0)
		return -1;
	if (a == NULL)
		return 0;
	if (r->v4ts != NULL)
		return j2w_fail(j, "both \"tsandaddr\" and \"tsonly\"");
	if ((r->v4ts = warts_ping_v4ts_alloc((uint8_t)json_array_size(a), 0))
	    == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, x)
		if (elem_u32(j, x, "tsonly", &r->v4ts->slot[i].ts) != 0)
			return -1;
	return 0;
}

static int read_tsreply(struct j2w *j, json_t *w, warts_ping_reply *r)
{
	json_t *x = json_object_get(w, "tsreply");

	if (x == NULL)
		return 0;
	if (!json_is_object(x))
		return j2w_fail(j, "\"tsreply\" is not an object");
	if ((r->tsreply = calloc(1, sizeof(*r->tsreply))) == NULL)
		return j2w_fail(j, "out of memory");
	if (jg_u32(j, x, "tso", &r->tsreply->tso) != 0 ||
	    jg_u32(j, x, "tsr", &r->tsreply->tsr) != 0 ||
	    jg_u32(j, x, "tst", &r->tsreply->tst) != 0)
		return -1;
	return 0;
}

/* A reply's "warts" object: the stored fields, over those inferred. */
static int read_reply_warts(struct j2w *j, json_t *w, warts_ping_reply *r)
{
	json_t *a;

	if (jg_u8(j, w, "flags", &r->flags) != 0 ||
	    jg_tv(j, w, "probe_tx", &r->probe_tx) != 0 ||
	    jg_u16(j, w, "probe_ipid", &r->probe_ipid) != 0 ||
	    jg_u16(j, w, "probe_sport", &r->probe_sport) != 0 ||
	    jg_u16(j, w, "reply_ipid", &r->reply_ipid) != 0 ||
	    jg_u32(j, w, "reply_ipid32", &r->reply_ipid32) != 0 ||
	    jg_u8(j, w, "reply_proto", &r->reply_proto) != 0 ||
	    jg_u8(j, w, "reply_tos", &r->reply_tos) != 0 ||
	    get_array(j, w, "v4ts", UINT8_MAX, &a) != 0 ||
	    (a != NULL && read_v4ts_slots(j, a, "v4ts", r) != 0) ||
	    read_tsreply(j, w, r) != 0)
		return -1;
	return 0;
}

/*
 * The probe's source port: the printed one when the ping's would not
 * give it, as ping_json.c.  ICMP probes print none.
 */
static int read_probe_sport(struct j2w *j, json_t *o, const warts_ping *p,
                            warts_ping_reply *r)
{
	uint16_t base = sport_base(p, r->probe_id), s = base;
	char key[16];

	if (warts_ping_method_is_icmp(p))
		return 0;
	snprintf(key, sizeof(key), "%s_sport", port_prefix(p));
	if (jg_u16(j, o, key, &s) != 0)
		return -1;
	r->probe_sport = s != base ? s : 0;
	return 0;
}

static int read_reply(struct j2w *j, json_t *o, warts_ping *p,
                      warts_ping_reply *r)
{
	json_t *w;

	if (!json_is_object(o))
		return j2w_fail(j, "a response is not an object");
	if (jg_addr(j, o, "from", &r->addr) != 0)
		return -1;
	if (!warts_addr_isset(&r->addr))
		return j2w_fail(j, "a response without \"from\"");
	if (json_object_get(o, "seq") == NULL)
		return j2w_fail(j, "a response without \"seq\"");
	/* scamper records a TTL with every reply, as ping_json.c */
	r->flags = WARTS_PING_REPLY_REPLY_TTL;
	if (jg_u16(j, o, "reply_size", &r->reply_size) != 0 ||
	    jg_u8(j, o, "reply_ttl", &r->reply_ttl) != 0 ||
	    jg_u16(j, o, "seq", &r->probe_id) != 0 ||
	    jg_tv(j, o, "tx", &r->probe_tx) != 0 ||
	    read_probe_sport(j, o, p, r) != 0 ||
	    jg_u16(j, o, "probe_ipid", &r->probe_ipid) != 0 ||
	    read_proto(j, o, r) != 0 ||
	    jg_str(j, o, "ifname", &r->ifname) != 0 ||
	    read_reply_flags(j, o, r) != 0 ||
	    jg_rtt(j, o, "rtt", &r->rtt) != 0 ||
	    read_reply_ipid(j, o, p, r) != 0 ||
	    jg_u8(j, o, "reply_tos", &r->reply_tos) != 0 ||
	    jg_u8(j, o, "icmp_type", &r->icmp_type) != 0 ||
	    jg_u8(j, o, "icmp_code", &r->icmp_code) != 0 ||
	    jg_u16(j, o, "icmp_nhmtu", &r->icmp_nhmtu) != 0 ||
	    jg_u8(j, o, "tcp_flags", &r->tcp_flags) != 0 ||
	    read_rr(j, o, r) != 0 ||
	    read_v4ts(j, o, r) != 0)
		return -1;
	if (r->probe_id >= p->ping_sent)
		return j2w_fail(j, "a response to probe %u, but \"ping_sent\" "
		                "is %u", r->probe_id, p->ping_sent);
	if (json_object_get(o, "probe_ipid") != NULL)
		r->flags |= WARTS_PING_REPLY_PROBE_IPID;
	if (json_object_get(o, "reply_tos") != NULL)
		r->flags |= WARTS_PING_REPLY_REPLY_TOS;
	if ((w = jg_warts(o)) != NULL && read_reply_warts(j, w, r) != 0)
		return -1;
	return 0;
}

/*
 * Put the replies back in file order: reply k of the JSON goes to place
 * at[k] ("index" in its "warts" object, else k), which must make a
 * permutation.
 */
static int reorder(struct j2w *j, warts_ping *p, const uint16_t *at)
{
	warts_ping_reply *sorted;
	unsigned char *used;
	uint16_t n = p->replyc, k;

	for (k = 0; k < n && at[k] == k; k++)
		;
	if (k == n)
		return 0;
	sorted = malloc(n * sizeof(*sorted));
	used = calloc(n, 1);
	if (sorted == NULL || used == NULL) {
		free(sorted);
		free(used);
		return j2w_fail(j, "out of memory");
	}
	for (k = 0; k < n; k++) {
		if (used[at[k]]) {
			free(sorted);
			free(used);
			return j2w_fail(j, "two responses have \"index\" %u",
			                at[k]);
		}
		used[at[k]] = 1;
		sorted[at[k]] = p->replies[k];
	}
	free(used);
	free(p->replies);
	p->replies = sorted;
	return 0;
}

static int read_replies(struct j2w *j, json_t *o, warts_ping *p,
                        int ports_known)
{
	json_t *a, *x, *w;
	uint16_t *at;
	size_t i;
	int rc = 0;

	if (get_array(j, o, "responses", UINT16_MAX, &a) != 0)
		return -1;
	if (a == NULL || json_array_size(a) == 0)
		return 0;
	if (!ports_known && json_is_object(json_array_get(a, 0)) &&
	    ports_from_reply(j, json_array_get(a, 0), p) != 0)
		return -1;
	if ((at = malloc(json_array_size(a) * sizeof(*at))) == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, x) {
		warts_ping_reply *r = warts_ping_reply_add(p);
		if (r == NULL) {
			rc = j2w_fail(j, "out of memory");
			break;
		}
		at[i] = (uint16_t)i;
		if ((rc = read_reply(j, x, p, r)) != 0)
			break;
		if ((w = jg_warts(x)) != NULL &&
		    (rc = jg_u16(j, w, "index", &at[i])) != 0)
			break;
		if (at[i] >= json_array_size(a)) {
			rc = j2w_fail(j, "\"index\" %u, but %zu responses",
			              at[i], json_array_size(a));
			break;
		}
	}
	if (rc == 0)
		rc = reorder(j, p, at);
	free(at);
	return rc;
}

/*
 * Default JSON names no writer.  The 2026 one (our default) keeps no
 * probe IP id in a ping that is not IPv4, which the 2021 one does; but
 * that one keeps no next-hop MTU.  Take 2021 where only it keeps all
 * that was printed.
 */
static void pick_style(warts_ping *p)
{
	int pip = 0;

	if (p->dst.type == WARTS_ADDR_IPV4)
		return;
	for (uint16_t i = 0; i < p->replyc; i++) {
		if (p->replies[i].icmp_nhmtu != 0)
			return;
		pip |= (p->replies[i].flags & WARTS_PING_REPLY_PROBE_IPID) != 0;
	}
	if (pip)
		p->style = WARTS_STYLE_2021;
}

int j2w_ping(struct j2w *j, json_t *o, void **out)
{
	warts_ping *p = warts_ping_alloc();
	json_t *w = jg_warts(o);
	int ports_known;

	*out = NULL;
	if (p == NULL)
		return j2w_fail(j, "out of memory");
	/* the ping's ports are printed, or in its "warts", or derived from
	 * the first reply */
	ports_known = json_object_get(o, "sport") != NULL ||
	              (w != NULL && json_object_get(w, "sport") != NULL);
	if (read_params(j, o, p) != 0 ||
	    (w != NULL && read_ping_warts(j, w, p) != 0) ||
	    read_replies(j, o, p, ports_known) != 0 ||
	    j2w_refs(j, o, &p->list, &p->cycle) != 0) {
		warts_ping_free(p);
		return -1;
	}
	if (w == NULL)
		pick_style(p);
	*out = p;
	return 0;
}
