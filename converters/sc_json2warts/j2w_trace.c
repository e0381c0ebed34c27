/*
 * j2w_trace.c: trace objects from JSON.
 *
 * scamper's keys (libwarts/src/trace/trace_json.c) give back most of a
 * trace; what they leave out takes the reader's defaults, and what they
 * print in a derived form is undone where it can be:
 *  - the replies are printed in TTL order, those past the stop hop in
 *    "extra_hops" under a hop count that is the stop hop: so a trace with
 *    extra hops gets that stop hop and a hop count one above it (or the
 *    highest TTL);
 *  - each reply shows the transmit time of its probe's first reply, which
 *    becomes its own;
 *  - a reply's protocol is ICMP when it has "icmp_type", TCP when it has
 *    "tcp_flags", UDP otherwise, and it records its reply TTL;
 *  - PMTUD's notes are printed only in some cases; a note count without
 *    notes means notes whose printing the outgoing MTU suppressed.
 * The "warts" objects that sc_warts2json -A adds (see trace_json.c) carry
 * everything else, and override what was guessed.
 */
#include <stdlib.h>
#include <string.h>

#include "j2w.h"
#include "warts/trace.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const method_names[] = {
	NULL, "icmp-echo", "udp", "tcp", "icmp-echo-paris", "udp-paris",
	"tcp-ack",
};

static const char *const stop_names[] = {
	"NONE", "COMPLETED", "UNREACH", "ICMP", "LOOP", "GAPLIMIT", "ERROR",
	"HOPLIMIT", "GSS", "HALTED", "INPROGRESS",
};

static const char *const flag_names[] = {
	"all-attempts", "pmtud", "dl", "ignorettldst", "doubletree",
	"icmp-csum-dport", "const-payload", "rxerr", "ptr", "raw", "back",
};

static const char *const note_names[] = {
	NULL, "ptb", "ptb-bad", "silence",
};

/* ---- reading keys ------------------------------------------------------ */

/* Put what went wrong inside an element of an array: "hops 3: ...". */
static int in_elem(struct j2w *j, const char *what, size_t i)
{
	char why[sizeof(j->err)];
	memcpy(why, j->err, sizeof(why));
	why[sizeof(why) - 1] = '\0';
	return j2w_fail(j, "%s %zu: %s", what, i, why);
}

static int get_array(struct j2w *j, json_t *o, const char *key, json_t **a)
{
	json_t *x = o != NULL ? json_object_get(o, key) : NULL;
	*a = NULL;
	if (x == NULL)
		return 0;
	if (!json_is_array(x))
		return j2w_fail(j, "\"%s\" is not an array", key);
	*a = x;
	return 0;
}

static int get_object(struct j2w *j, json_t *o, const char *key,
                      json_t **v)
{
	json_t *x = o != NULL ? json_object_get(o, key) : NULL;
	*v = NULL;
	if (x == NULL)
		return 0;
	if (!json_is_object(x))
		return j2w_fail(j, "\"%s\" is not an object", key);
	*v = x;
	return 0;
}

/*
 * A value printed by its name, or, when it has none, as its number in a
 * string ("method":"7"); a plain number is taken too.
 */
static int get_name(struct j2w *j, json_t *o, const char *key,
                    const char *const *names, size_t n, uint8_t *v)
{
	json_t *x = json_object_get(o, key);
	const char *s;
	unsigned u = 0;

	if (x == NULL || !json_is_string(x))
		return jg_enum(j, o, key, names, n, v);
	s = json_string_value(x);
	if (*s < '0' || *s > '9')
		return jg_enum(j, o, key, names, n, v);
	for (; *s >= '0' && *s <= '9' && u <= UINT8_MAX; s++)
		u = u * 10 + (unsigned)(*s - '0');
	if (*s != '\0' || u > UINT8_MAX)
		return j2w_fail(j, "\"%s\": unknown value \"%s\"", key,
		                json_string_value(x));
	*v = (uint8_t)u;
	return 0;
}

/* "0x00000800": a flag printed as its value because it has no name. */
static int hex_flag(const char *s, uint32_t *v)
{
	uint32_t x = 0;
	if (s[0] != '0' || s[1] != 'x' || strlen(s) != 10)
		return -1;
	for (s += 2; *s != '\0'; s++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else
			return -1;
		x = x << 4 | (uint32_t)d;
	}
	*v = x;
	return 0;
}

/*
 * An array of flag names: each sets the bit of its index in names.  With
 * hex, a flag without a name may appear as its value in hex.
 */
static int get_flags(struct j2w *j, json_t *o, const char *key,
                     const char *const *names, size_t n, int hex,
                     uint32_t *v)
{
	json_t *a, *x;
	size_t i, k;

	if (get_array(j, o, key, &a) != 0)
		return -1;
	if (a == NULL)
		return 0;
	*v = 0;
	json_array_foreach(a, i, x) {
		const char *s = json_string_value(x);
		uint32_t f;
		if (s == NULL)
			return j2w_fail(j, "\"%s\" holds a non-string", key);
		for (k = 0; k < n; k++)
			if (strcmp(names[k], s) == 0)
				break;
		if (k < n)
			*v |= (uint32_t)1 << k;
		else if (hex && hex_flag(s, &f) == 0)
			*v |= f;
		else
			return j2w_fail(j, "\"%s\": unknown flag \"%s\"", key,
			                s);
	}
	return 0;
}

/* ---- ICMP extensions --------------------------------------------------- */

/* An MPLS label stack entry into its four bytes. */
static int mpls_read(struct j2w *j, json_t *x, uint8_t *p)
{
	uint32_t label = 0, exp = 0, s = 0, ttl = 0, v;

	if (!json_is_object(x))
		return j2w_fail(j, "an MPLS label is not an object");
	if (jg_u32(j, x, "mpls_label", &label) != 0 ||
	    jg_u32(j, x, "mpls_exp", &exp) != 0 ||
	    jg_u32(j, x, "mpls_s", &s) != 0 ||
	    jg_u32(j, x, "mpls_ttl", &ttl) != 0)
		return -1;
	if (label > 0xfffff || exp > 7 || s > 1 || ttl > 0xff)
		return j2w_fail(j, "an MPLS label entry is out of range");
	v = label << 12 | exp << 9 | s << 8 | ttl;
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return 0;
}

/*
 * One extension: its bytes from "warts":{"data"} when there, else from
 * its MPLS labels, else zeros (what the keys print is all that is known).
 */
static int icmpext_read(struct j2w *j, json_t *x, warts_icmpext *ie)
{
	json_t *w, *labels, *l;
	uint16_t n;
	size_t i;

	if (!json_is_object(x))
		return j2w_fail(j, "an ICMP extension is not an object");
	if (jg_u8(j, x, "ie_cn", &ie->class_num) != 0 ||
	    jg_u8(j, x, "ie_ct", &ie->class_type) != 0 ||
	    jg_u16(j, x, "ie_dl", &ie->len) != 0 ||
	    get_array(j, x, "mpls_labels", &labels) != 0 ||
	    get_object(j, x, "warts", &w) != 0)
		return -1;
	if (w != NULL && json_object_get(w, "data") != NULL) {
		if (jg_hex(j, w, "data", &ie->data, &n) != 0)
			return -1;
		if (n != ie->len)
			return j2w_fail(j, "an ICMP extension's data is not "
			                "ie_dl bytes long");
		return 0;
	}
	if (labels != NULL && json_array_size(labels) > ie->len / 4u)
		return j2w_fail(j, "more MPLS labels than ie_dl holds");
	if (ie->len > 0 && (ie->data = calloc(1, ie->len)) == NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(labels, i, l)
		if (mpls_read(j, l, ie->data + 4 * i) != 0)
			return -1;
	return 0;
}

static int icmpexts_read(struct j2w *j, json_t *o, warts_icmpexts *exts)
{
	json_t *a, *x;
	size_t i;

	if (get_array(j, o, "icmpext", &a) != 0)
		return -1;
	if (a == NULL || json_array_size(a) == 0)
		return 0;
	if (json_array_size(a) > UINT16_MAX)
		return j2w_fail(j, "too many ICMP extensions");
	if ((exts->ext = calloc(json_array_size(a), sizeof(*exts->ext))) ==
	    NULL)
		return j2w_fail(j, "out of memory");
	json_array_foreach(a, i, x) {
		exts->count = (uint16_t)(i + 1);
		if (icmpext_read(j, x, &exts->ext[i]) != 0)
			return -1;
	}
	return 0;
}

/* ---- replies ----------------------------------------------------------- */

static const char *const hop_flag_names[] = {
	"sockrxts", "dltxts", "dlrxts",
};

/* The reply's own "warts" object: idx gets its file position, or -1. */
static int hop_warts(struct j2w *j, json_t *w, warts_trace_hop *h,
                     long *idx)
{
	uint32_t i = 0;

	*idx = -1;
	if (w == NULL)
		return 0;
	if (jg_u8(j, w, "flags", &h->flags) != 0 ||
	    jg_tv(j, w, "tx", &h->tx) != 0 ||
	    jg_u32(j, w, "index", &i) != 0 ||
	    jg_u16(j, w, "reply_ipid", &h->reply_ipid) != 0 ||
	    jg_u16(j, w, "reply_size", &h->reply_size) != 0 ||
	    jg_u8(j, w, "icmp_q_ttl", &h->icmp_q_ttl) != 0 ||
	    jg_u16(j, w, "icmp_q_ipl", &h->icmp_q_ipl) != 0 ||
	    jg_u8(j, w, "icmp_q_tos", &h->icmp_q_tos) != 0)
		return -1;
	if (json_object_get(w, "index") != NULL)
		*idx = (long)i;
	return 0;
}

static int hop_read(struct j2w *j, json_t *x, const warts_trace *t,
                    warts_trace_hop *h, long *idx)
{
	uint32_t flags = 0;
	json_t *w;

	if (!json_is_object(x))
		return j2w_fail(j, "not an object");
	/* what the reader assumes when the file leaves them out */
	h->icmp_q_ttl = 1;
	h->icmp_q_ipl = t->probe_size;
	if (jg_addr(j, x, "addr", &h->addr) != 0 ||
	    jg_str(j, x, "name", &h->name) != 0 ||
	    jg_u8(j, x, "probe_ttl", &h->probe_ttl) != 0 ||
	    jg_u8(j, x, "probe_id", &h->probe_id) != 0 ||
	    jg_u16(j, x, "probe_size", &h->probe_size) != 0 ||
	    jg_tv(j, x, "tx", &h->tx) != 0 ||
	    jg_rtt(j, x, "rtt", &h->rtt) != 0 ||
	    jg_u8(j, x, "reply_ttl", &h->reply_ttl) != 0 ||
	    jg_u8(j, x, "reply_tos", &h->reply_tos) != 0 ||
	    get_flags(j, x, "flags", hop_flag_names, NELEM(hop_flag_names),
	              0, &flags) != 0 ||
	    jg_u16(j, x, "reply_ipid", &h->reply_ipid) != 0 ||
	    jg_u16(j, x, "reply_size", &h->reply_size) != 0 ||
	    jg_u8(j, x, "icmp_type", &h->icmp_type) != 0 ||
	    jg_u8(j, x, "icmp_code", &h->icmp_code) != 0 ||
	    jg_u8(j, x, "icmp_q_ttl", &h->icmp_q_ttl) != 0 ||
	    jg_u16(j, x, "icmp_q_ipl", &h->icmp_q_ipl) != 0 ||
	    jg_u8(j, x, "icmp_q_tos", &h->icmp_q_tos) != 0 ||
	    jg_u16(j, x, "icmp_nhmtu:", &h->icmp_nhmtu) != 0 ||
	    jg_u8(j, x, "tcp_flags", &h->tcp_flags) != 0 ||
	    icmpexts_read(j, x, &h->icmpext) != 0 ||
	    get_object(j, x, "warts", &w) != 0)
		return -1;
	h->flags = (uint8_t)(flags | WARTS_TRACE_HOP_REPLYTTL);
	if (json_object_get(x, "icmp_type") == NULL)
		h->flags |= json_object_get(x, "tcp_flags") != NULL ?
		            WARTS_TRACE_HOP_TCP : WARTS_TRACE_HOP_UDP;
	if (hop_warts(j, w, h, idx) != 0)
		return -1;
	if (!warts_addr_isset(&h->addr))
		return j2w_fail(j, "no \"addr\"");
	return 0;
}

/* A new array of n zeroed replies (NULL for none). */
static int hops_new(struct j2w *j, size_t n, warts_trace_hop **hops)
{
	*hops = NULL;
	if (n > UINT16_MAX)
		return j2w_fail(j, "%zu replies; warts holds at most 65535",
		                n);
	if (n > 0 && (*hops = calloc(n, sizeof(**hops))) == NULL)
		return j2w_fail(j, "out of memory");
	return 0;
}

/*
 * Read the replies in arr into hops[*n], hops[*n + 1], ..., counting each
 * in *n before it is read so that a failure still frees it.  idx, when
 * not NULL, gets each reply's file index (or -1).
 */
static int hops_read(struct j2w *j, const warts_trace *t, json_t *arr,
                     const char *what, warts_trace_hop *hops, uint16_t *n,
                     long *idx)
{
	json_t *x;
	size_t i;
	long dummy;

	json_array_foreach(arr, i, x) {
		uint16_t k = (*n)++;
		if (hop_read(j, x, t, &hops[k],
		             idx != NULL ? &idx[k] : &dummy) != 0)
			return in_elem(j, what, i);
	}
	return 0;
}

/*
 * Put the replies in the file order their "index" gives, when they have
 * one: all must, and the indices must be 0 .. hopc - 1.
 */
static int hops_order(struct j2w *j, warts_trace *t, const long *idx)
{
	warts_trace_hop *sorted;
	uint8_t *seen;
	uint16_t n = t->hopc, with = 0;

	for (uint16_t i = 0; i < n; i++)
		if (idx[i] >= 0)
			with++;
	if (with == 0)
		return 0;
	if (with != n)
		return j2w_fail(j, "some replies have an \"index\" and some "
		                "do not");
	sorted = calloc(n, sizeof(*sorted));
	seen = calloc(n, 1);
	if (sorted == NULL || seen == NULL) {
		free(sorted);
		free(seen);
		return j2w_fail(j, "out of memory");
	}
	for (uint16_t i = 0; i < n; i++) {
		if (idx[i] >= n || seen[idx[i]]) {
			free(sorted);
			free(seen);
			return j2w_fail(j, "reply index %ld is out of range "
			                "or repeated", idx[i]);
		}
		seen[idx[i]] = 1;
		sorted[idx[i]] = t->hops[i];
	}
	free(seen);
	free(t->hops);
	t->hops = sorted;
	t->hop_cap = t->hopc;
	return 0;
}

/*
 * The replies: those below the first hop (only in "warts"), "hops" and
 * "extra_hops", in that order, which is TTL order; then the file order
 * when the replies carry their indices.
 */
static int trace_hops(struct j2w *j, json_t *o, json_t *w, warts_trace *t)
{
	json_t *below, *hops, *extra;
	size_t total;
	long *idx;
	int rc;

	if (get_array(j, w, "hops", &below) != 0 ||
	    get_array(j, o, "hops", &hops) != 0 ||
	    get_array(j, o, "extra_hops", &extra) != 0)
		return -1;
	total = json_array_size(below) + json_array_size(hops) +
	        json_array_size(extra);
	if (total == 0)
		return 0;
	if (hops_new(j, total, &t->hops) != 0)
		return -1;
	if ((idx = malloc(total * sizeof(*idx))) == NULL)
		return j2w_fail(j, "out of memory");
	rc = hops_read(j, t, below, "warts hops", t->hops, &t->hopc, idx);
	if (rc == 0)
		rc = hops_read(j, t, hops, "hops", t->hops, &t->hopc, idx);
	if (rc == 0)
		rc = hops_read(j, t, extra, "extra_hops", t->hops, &t->hopc,
		               idx);
	if (rc == 0)
		rc = hops_order(j, t, idx);
	free(idx);
	return rc;
}

/*
 * Replies past the stop hop are printed as "extra_hops", and the hop
 * count printed is then the stop hop: record one, below the hop count.
 */
static void stop_hop_guess(json_t *o, warts_trace *t)
{
	json_t *extra = json_object_get(o, "extra_hops");

	if (json_array_size(extra) == 0 || t->hop_count == 0 ||
	    t->hop_count >= 255)
		return;
	t->stop_hop = (uint8_t)t->hop_count;
	t->hop_count = (uint16_t)(t->stop_hop + 1);
	for (uint16_t i = 0; i < t->hopc; i++)
		if (t->hops[i].probe_ttl > t->hop_count)
			t->hop_count = t->hops[i].probe_ttl;
}

/* ---- PMTUD, last-ditch, Doubletree ------------------------------------- */

static int note_read(struct j2w *j, json_t *x, warts_trace_pmtud_note *n,
                     const char *hopkey)
{
	uint16_t hop = 0;

	if (!json_is_object(x))
		return j2w_fail(j, "not an object");
	n->hop = -1;
	if (get_name(j, x, "type", note_names, NELEM(note_names),
	             &n->type) != 0 ||
	    jg_u16(j, x, "nhmtu", &n->nhmtu) != 0)
		return -1;
	if (json_object_get(x, hopkey) == NULL)
		return 0;
	if (json_is_integer(json_object_get(x, hopkey)) &&
	    json_integer_value(json_object_get(x, hopkey)) == -1)
		return 0;
	if (jg_u16(j, x, hopkey, &hop) != 0)
		return -1;
	n->hop = hop;
	return 0;
}

/* A new set of notes from arr; the old ones go. */
static int notes_read(struct j2w *j, json_t *arr, warts_trace_pmtud *p,
                      const char *hopkey)
{
	json_t *x;
	size_t i;

	free(p->notes);
	p->notes = NULL;
	p->notec = 0;
	if (json_array_size(arr) > UINT8_MAX)
		return j2w_fail(j, "more than 255 PMTUD notes");
	if (json_array_size(arr) == 0)
		return 0;
	if ((p->notes = calloc(json_array_size(arr), sizeof(*p->notes))) ==
	    NULL)
		return j2w_fail(j, "out of memory");
	p->notec = (uint8_t)json_array_size(arr);
	json_array_foreach(arr, i, x)
		if (note_read(j, x, &p->notes[i], hopkey) != 0)
			return in_elem(j, "pmtud note", i);
	return 0;
}

static int pmtud_hops(struct j2w *j, const warts_trace *t, json_t *arr,
                      warts_trace_pmtud *p)
{
	if (arr == NULL)
		return 0;
	for (uint16_t i = 0; i < p->hopc; i++)
		warts_trace_hop_clear(&p->hops[i]);
	free(p->hops);
	p->hopc = 0;
	if (hops_new(j, json_array_size(arr), &p->hops) != 0)
		return -1;
	return hops_read(j, t, arr, "pmtud hop", p->hops, &p->hopc, NULL);
}

/*
 * scamper's "pmtud" (printed for version 2 only).  Its out_mtu is the
 * interface's when none was recorded; with the interface's value, a
 * note count without notes says one was (it suppresses the notes), and
 * otherwise none is assumed.  Those suppressed notes are unknown: they
 * are made packet-too-big notes without a reply, which stay suppressed.
 */
static int pmtud_default(struct j2w *j, json_t *jp, const warts_trace *t,
                         warts_trace_pmtud *p)
{
	json_t *notes, *hops;
	uint16_t out = 0;
	uint8_t notec = 0;

	p->ver = 2;
	if (jg_u16(j, jp, "if_mtu", &p->ifmtu) != 0 ||
	    jg_u16(j, jp, "path_mtu", &p->pmtu) != 0 ||
	    jg_u16(j, jp, "out_mtu", &out) != 0 ||
	    jg_u8(j, jp, "notec", &notec) != 0 ||
	    get_array(j, jp, "notes", &notes) != 0 ||
	    get_array(j, jp, "hops", &hops) != 0 ||
	    pmtud_hops(j, t, hops, p) != 0)
		return -1;
	if (out != p->ifmtu || (notec > 0 && notes == NULL))
		p->outmtu = out;
	if (notes != NULL)
		return notes_read(j, notes, p, "hop_id");
	if (notec > 0) {
		if ((p->notes = calloc(notec, sizeof(*p->notes))) == NULL)
			return j2w_fail(j, "out of memory");
		p->notec = notec;
		for (unsigned i = 0; i < notec; i++) {
			p->notes[i].type = WARTS_TRACE_PMTUD_NOTE_PTB;
			p->notes[i].hop = -1;
		}
	}
	return 0;
}

static int trace_pmtud(struct j2w *j, json_t *o, json_t *w, warts_trace *t)
{
	json_t *jp, *wp, *notes, *hops;
	warts_trace_pmtud *p;

	if (get_object(j, o, "pmtud", &jp) != 0 ||
	    get_object(j, w, "pmtud", &wp) != 0)
		return -1;
	if (jp == NULL && wp == NULL)
		return 0;
	if ((t->pmtud = p = calloc(1, sizeof(*p))) == NULL)
		return j2w_fail(j, "out of memory");
	p->ver = 1;
	if (jp != NULL && pmtud_default(j, jp, t, p) != 0)
		return -1;
	if (wp != NULL &&
	    (jg_u8(j, wp, "ver", &p->ver) != 0 ||
	     jg_u16(j, wp, "ifmtu", &p->ifmtu) != 0 ||
	     jg_u16(j, wp, "pmtu", &p->pmtu) != 0 ||
	     jg_u16(j, wp, "outmtu", &p->outmtu) != 0 ||
	     get_array(j, wp, "notes", &notes) != 0 ||
	     get_array(j, wp, "hops", &hops) != 0 ||
	     pmtud_hops(j, t, hops, p) != 0 ||
	     notes_read(j, notes, p, "hop") != 0))
		return -1;
	for (unsigned i = 0; i < p->notec; i++)
		if (p->notes[i].hop >= (int32_t)p->hopc)
			return j2w_fail(j, "PMTUD note %u refers to reply %d "
			                "of %u", i, (int)p->notes[i].hop,
			                p->hopc);
	return 0;
}

static int trace_lastditch(struct j2w *j, json_t *w, warts_trace *t)
{
	json_t *jl, *hops;
	warts_trace_lastditch *l;

	if (get_object(j, w, "lastditch", &jl) != 0)
		return -1;
	if (jl == NULL)
		return 0;
	if ((t->lastditch = l = calloc(1, sizeof(*l))) == NULL)
		return j2w_fail(j, "out of memory");
	if (get_array(j, jl, "hops", &hops) != 0 ||
	    hops_new(j, json_array_size(hops), &l->hops) != 0)
		return -1;
	return hops_read(j, t, hops, "lastditch hop", l->hops, &l->hopc,
	                 NULL);
}

static int trace_dtree(struct j2w *j, json_t *w, warts_trace *t)
{
	json_t *jd;
	warts_trace_dtree *d;

	if (get_object(j, w, "dtree", &jd) != 0)
		return -1;
	if (jd == NULL)
		return 0;
	if ((t->dtree = d = calloc(1, sizeof(*d))) == NULL)
		return j2w_fail(j, "out of memory");
	return jg_u8(j, jd, "firsthop", &d->firsthop) != 0 ||
	       jg_u8(j, jd, "flags", &d->flags) != 0 ||
	       jg_addr(j, jd, "lss_stop", &d->lss_stop) != 0 ||
	       jg_addr(j, jd, "gss_stop", &d->gss_stop) != 0 ||
	       jg_str(j, jd, "lss_name", &d->lss_name) != 0 ? -1 : 0;
}

/* ---- the trace --------------------------------------------------------- */

static int header_read(struct j2w *j, json_t *o, warts_trace *t)
{
	uint32_t flags = 0;

	if (jg_u32(j, o, "userid", &t->userid) != 0 ||
	    get_name(j, o, "method", method_names, NELEM(method_names),
	             &t->type) != 0 ||
	    jg_addr(j, o, "src", &t->src) != 0 ||
	    jg_addr(j, o, "dst", &t->dst) != 0 ||
	    jg_addr(j, o, "rtr", &t->rtr) != 0 ||
	    jg_u16(j, o, "sport", &t->sport) != 0 ||
	    jg_u16(j, o, "dport", &t->dport) != 0 ||
	    jg_u16(j, o, "icmp_sum", &t->dport) != 0 ||
	    get_name(j, o, "stop_reason", stop_names, NELEM(stop_names),
	             &t->stop_reason) != 0 ||
	    jg_u8(j, o, "stop_data", &t->stop_data) != 0 ||
	    jg_str(j, o, "errmsg", &t->errmsg) != 0 ||
	    jg_tv(j, o, "start", &t->start) != 0 ||
	    jg_u16(j, o, "hop_count", &t->hop_count) != 0 ||
	    jg_u8(j, o, "attempts", &t->attempts) != 0 ||
	    jg_u8(j, o, "hoplimit", &t->hoplimit) != 0 ||
	    jg_u8(j, o, "firsthop", &t->firsthop) != 0 ||
	    jg_u8(j, o, "wait", &t->wait) != 0 ||
	    jg_u8(j, o, "wait_probe", &t->wait_probe) != 0 ||
	    jg_u8(j, o, "tos", &t->tos) != 0 ||
	    jg_u16(j, o, "probe_size", &t->probe_size) != 0 ||
	    jg_u16(j, o, "probe_count", &t->probec) != 0 ||
	    get_flags(j, o, "flags", flag_names, NELEM(flag_names), 1,
	              &flags) != 0)
		return -1;
	t->flags = flags;
	if (!warts_addr_isset(&t->dst))
		return j2w_fail(j, "no \"dst\"");
	return 0;
}

/* What "warts" holds of the trace's own parameters. */
static int warts_read(struct j2w *j, json_t *w, warts_trace *t)
{
	if (w == NULL)
		return 0;
	if (jg_u16(j, w, "sport", &t->sport) != 0 ||
	    jg_u16(j, w, "dport", &t->dport) != 0 ||
	    jg_u8(j, w, "firsthop", &t->firsthop) != 0 ||
	    jg_u16(j, w, "hop_count", &t->hop_count) != 0 ||
	    jg_u8(j, w, "stop_hop", &t->stop_hop) != 0 ||
	    jg_u32(j, w, "flags", &t->flags) != 0 ||
	    jg_u8(j, w, "squeries", &t->squeries) != 0 ||
	    jg_u8(j, w, "gaplimit", &t->gaplimit) != 0 ||
	    jg_u8(j, w, "gapaction", &t->gapaction) != 0 ||
	    jg_u8(j, w, "loops", &t->loops) != 0 ||
	    jg_u8(j, w, "loopaction", &t->loopaction) != 0 ||
	    jg_u8(j, w, "confidence", &t->confidence) != 0 ||
	    jg_u16(j, w, "offset", &t->offset) != 0 ||
	    jg_u8(j, w, "style", &t->style) != 0)
		return -1;
	if (t->style != WARTS_STYLE_2026 && t->style != WARTS_STYLE_2021)
		return j2w_fail(j, "\"style\" is %u, not 0 or 1", t->style);
	return 0;
}

int j2w_trace(struct j2w *j, json_t *o, void **out)
{
	warts_trace *t;
	json_t *w;

	*out = NULL;
	if (get_object(j, o, "warts", &w) != 0)
		return -1;
	if ((t = warts_trace_alloc()) == NULL)
		return j2w_fail(j, "out of memory");
	if (j2w_refs(j, o, &t->list, &t->cycle) != 0 ||
	    header_read(j, o, t) != 0 ||
	    trace_hops(j, o, w, t) != 0) {
		warts_trace_free(t);
		return -1;
	}
	stop_hop_guess(o, t);
	if (warts_read(j, w, t) != 0 ||
	    trace_pmtud(j, o, w, t) != 0 ||
	    trace_lastditch(j, w, t) != 0 ||
	    trace_dtree(j, w, t) != 0) {
		warts_trace_free(t);
		return -1;
	}
	*out = t;
	return 0;
}
