/*
 * probe.c: an open-addressing table of probe keys.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

void probe_key_dst(struct probe_key *k, const warts_addr *dst)
{
	memset(k->dst, 0, sizeof(k->dst));
	memcpy(k->dst, dst->bytes, warts_addr_len(dst->type));
	k->af = dst->type == WARTS_ADDR_IPV6 ? 6 : 4;
}

/* The hash a key is found under: a span's with its running field as 0,
 * so that a reply's exact key finds it (see probe_find). */
static uint64_t key_hash(const struct probe_key *k)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	uint64_t a = k->vary == PROBE_VARY_A ? 0 : k->a;
	uint64_t b = k->vary == PROBE_VARY_B ? 0 : k->b;
	const uint8_t *p = k->dst;
	h ^= (uint64_t)k->af << 56 | (uint64_t)k->proto << 48 | a << 32 |
	     b << 16 | (uint64_t)k->vary << 8;
	h *= 0xff51afd7ed558ccdULL;
	h ^= k->c;
	for (int i = 0; i < 16; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	}
	return h ^ (h >> 31);
}

/* Everything but the ports or ICMP id and sequence. */
static int same_flow(const struct probe_key *x, const struct probe_key *y)
{
	return x->af == y->af && x->proto == y->proto && x->c == y->c &&
	       memcmp(x->dst, y->dst, 16) == 0;
}

/* The same key as registered (a span: the same span). */
static int same_reg(const struct probe_key *x, const struct probe_key *y)
{
	return same_flow(x, y) && x->vary == y->vary && x->a == y->a &&
	       x->b == y->b && (x->vary == PROBE_EXACT || x->span == y->span);
}

/* Does registered key e cover exact key k?  *off: k's place in it. */
static int covers(const struct probe_key *e, const struct probe_key *k,
                  uint32_t *off)
{
	uint16_t d;
	if (!same_flow(e, k))
		return 0;
	switch (e->vary) {
	case PROBE_EXACT:
		*off = 0;
		return e->a == k->a && e->b == k->b;
	case PROBE_VARY_A:
		d = (uint16_t)(k->a - e->a);
		*off = d;
		return e->b == k->b && d < e->span;
	default:
		d = (uint16_t)(k->b - e->b);
		*off = d;
		return e->a == k->a && d < e->span;
	}
}

/* A slot with a task is live, else empty.  There are no holes: a
 * removed key's run is moved back (drop). */
static int live(const struct probe_ent *e)
{
	return e->task != NULL;
}

static const struct probe_reg *reg_of(const struct probe_table *t,
                                      const struct probe_ent *e)
{
	return t->reg(e->task, e->i);
}

/* A hash's top 32 bits: an entry keeps them to find its home slot and to
 * skip most keys that differ without reading them. */
static uint32_t top(uint64_t h)
{
	return (uint32_t)(h >> 32);
}

/*
 * The live table grows by half when one more key would fill more than
 * 5/8 of it (so it is 5/12 full after): linear probing stays short.
 * Sizes need not be powers of two: a hash's home slot scales its top 32
 * bits to the size (which stays below 2^32).
 */
static int full(size_t cap, size_t n)
{
	return (n + 1) * 8 > cap * 5;
}

static size_t grown(size_t cap)
{
	return cap == 0 ? 1024 : cap + cap / 2;
}

static size_t home(uint32_t h, size_t cap)
{
	return (size_t)(((uint64_t)h * cap) >> 32);
}

static size_t next(size_t i, size_t cap)
{
	return i + 1 == cap ? 0 : i + 1;
}

static int rehash(struct probe_table *t, size_t cap)
{
	struct probe_ent *old = t->e;
	size_t oldcap = t->cap;
	if ((t->e = calloc(cap, sizeof(*t->e))) == NULL) {
		t->e = old;
		return -1;
	}
	t->cap = cap;
	t->live = 0;
	for (size_t i = 0; i < oldcap; i++) {
		size_t j;
		if (!live(&old[i]))
			continue;
		for (j = home(old[i].h, cap); live(&t->e[j]);
		     j = next(j, cap))
			;
		t->e[j] = old[i];
		t->live++;
	}
	free(old);
	return 0;
}

/* ---- retired keys: generations of fingerprints ---------------------- */

/* Never 0 (an empty slot); odd for a span, even for an exact key. */
static uint64_t fingerprint_of(const struct probe_key *k, uint64_t hash)
{
	uint64_t fp = hash | 2;
	return k->vary == PROBE_EXACT ? fp & ~(uint64_t)1 : fp | 1;
}

static uint64_t fingerprint(const struct probe_key *k)
{
	return fingerprint_of(k, key_hash(k));
}

static size_t gen_home(uint64_t fp, uint32_t cap)
{
	return home(top(fp), cap);
}

static int gen_has(const struct probe_gen *g, uint64_t fp)
{
	if (g->n == 0)
		return 0;
	for (size_t i = gen_home(fp, g->cap); g->fp[i] != 0;
	     i = next(i, g->cap))
		if (g->fp[i] == fp)
			return 1;
	return 0;
}

/* Put fp into its run's first empty slot, unless the run holds it: 1 if
 * put, 0 if there already. */
static int gen_put(uint64_t *set, uint32_t cap, uint64_t fp)
{
	size_t i;
	for (i = gen_home(fp, cap); set[i] != 0; i = next(i, cap))
		if (set[i] == fp)
			return 0;
	set[i] = fp;
	return 1;
}

/* Size a generation's set for want keys (at most 3/4 full). */
static int gen_grow(struct probe_gen *g, uint32_t want)
{
	uint32_t cap = g->cap == 0 ? 256 : g->cap;
	uint64_t *set;
	while ((uint64_t)want * 4 > (uint64_t)cap * 3) {
		if (cap > UINT32_MAX / 4)
			return -1;
		cap += cap / 2;
	}
	if (cap == g->cap)
		return 0;
	if ((set = calloc(cap, sizeof(*set))) == NULL)
		return -1;
	for (uint32_t i = 0; i < g->cap; i++)
		if (g->fp[i] != 0)
			gen_put(set, cap, g->fp[i]);
	free(g->fp);
	g->fp = set;
	g->cap = cap;
	return 0;
}

/* Add fp: 1, 0 if it is there already, -1 out of memory. */
static int gen_add(struct probe_gen *g, uint64_t fp)
{
	if ((g->n + 1) * 4 > g->cap * 3 && !gen_has(g, fp) &&
	    gen_grow(g, g->n + 1) != 0)
		return -1;
	if (!gen_put(g->fp, g->cap, fp))
		return 0;
	g->n++;
	return 1;
}

static struct probe_gen *gen_at(struct probe_table *t, size_t i)
{
	return &t->gens[(t->gen_head + i) % PROBE_GENS];
}

/* The generation a key retired now joins. */
static struct probe_gen *gen_now(struct probe_table *t, uint64_t now,
                                 uint64_t holdtime)
{
	struct probe_gen *g = t->gen_len ? gen_at(t, t->gen_len - 1) : NULL;
	if (g != NULL && now < g->until)
		return g;
	if (t->gen_len == PROBE_GENS) {
		/* not expired for a while: the newest takes it, held longer */
		if (g->expires < now + holdtime)
			g->expires = now + holdtime;
		return g;
	}
	g = gen_at(t, t->gen_len++);
	memset(g, 0, sizeof(*g));
	g->until = now + holdtime / 8 + 1;
	g->expires = g->until + holdtime;
	return g;
}

/* The filter's bit for a fingerprint: its low bits (the set's home slot
 * takes its high ones), above the two that tell kinds apart. */
static size_t filter_bit(const struct probe_table *t, uint64_t fp)
{
	return (size_t)(fp >> 2) & (t->filter_bits - 1);
}

static void filter_set(struct probe_table *t, uint64_t fp)
{
	size_t b = filter_bit(t, fp);
	t->filter[b / 64] |= (uint64_t)1 << (b % 64);
}

/* Might fp be held?  (Without a filter, any may.) */
static int filter_may(const struct probe_table *t, uint64_t fp)
{
	size_t b;
	if (t->filter == NULL)
		return 1;
	b = filter_bit(t, fp);
	return (t->filter[b / 64] >> (b % 64)) & 1;
}

/* Size the filter to 16 bits a held key (at least 4096) and set the bits
 * of every generation; out of memory, go without one.  Bits of keys that
 * went stay until the next rebuild, which comes when the keys set since
 * the last outnumber an eighth of the bits (filter_keys): at a steady
 * rate that is once a holdtime, rather than at every generation's end,
 * and lookups still find at most one bit in eight set. */
static void filter_rebuild(struct probe_table *t)
{
	size_t bits = 4096;
	free(t->filter);
	t->filter = NULL;
	t->filter_bits = 0;
	t->filter_keys = 0;
	if (t->held == 0)
		return;
	while (bits < t->held * 16 && bits < (SIZE_MAX >> 5))
		bits *= 2;
	if ((t->filter = calloc(bits / 64, sizeof(uint64_t))) == NULL)
		return;
	t->filter_bits = bits;
	t->filter_keys = t->held;
	for (size_t i = 0; i < t->gen_len; i++) {
		const struct probe_gen *g = gen_at(t, i);
		for (uint32_t j = 0; j < g->cap; j++)
			if (g->fp[j] != 0)
				filter_set(t, g->fp[j]);
	}
}

static int held(struct probe_table *t, const struct probe_key *k)
{
	struct probe_key v = *k;
	uint64_t fp[3];
	int nfp = 1;
	if (t->gen_len == 0)
		return 0;
	fp[0] = fingerprint(k);
	if (t->rspans != 0)
		for (v.vary = PROBE_VARY_A; v.vary <= PROBE_VARY_B; v.vary++)
			fp[nfp++] = fingerprint(&v);
	for (int j = 0; j < nfp; j++) {
		if (!filter_may(t, fp[j]))
			continue;
		for (size_t i = 0; i < t->gen_len; i++)
			if (gen_has(gen_at(t, i), fp[j]))
				return 1;
	}
	return 0;
}

size_t probe_held(const struct probe_table *t)
{
	return t->held;
}

size_t probe_held_bytes(const struct probe_table *t)
{
	size_t b = t->filter_bits / 8;
	for (size_t i = 0; i < t->gen_len; i++)
		b += t->gens[(t->gen_head + i) % PROBE_GENS].cap *
		     sizeof(uint64_t);
	return b;
}

/* ---- the table --------------------------------------------------------- */

void probe_table_init(struct probe_table *t, probe_reg_fn reg)
{
	memset(t, 0, sizeof(*t));
	t->reg = reg;
}

/* The live entry registered as k (span and all), whose key_hash is hash,
 * or NULL. */
static struct probe_ent *find_reg(struct probe_table *t,
                                  const struct probe_key *k, uint64_t hash)
{
	uint32_t h = top(hash);
	if (t->live == 0)
		return NULL;
	for (size_t i = home(h, t->cap); live(&t->e[i]); i = next(i, t->cap))
		if (t->e[i].h == h && same_reg(&reg_of(t, &t->e[i])->key, k))
			return &t->e[i];
	return NULL;
}

/* The live entry covering exact key k under hash variant vary. */
static struct probe_ent *find_cover(struct probe_table *t,
                                    const struct probe_key *k, uint8_t vary,
                                    uint32_t *off)
{
	struct probe_key v = *k;
	uint32_t h;
	v.vary = vary;
	h = top(key_hash(&v));
	for (size_t i = home(h, t->cap); live(&t->e[i]); i = next(i, t->cap)) {
		const struct probe_key *e;
		if (t->e[i].h != h)
			continue;
		e = &reg_of(t, &t->e[i])->key;
		if (e->vary == vary && covers(e, k, off))
			return &t->e[i];
	}
	return NULL;
}

const struct probe_hit *probe_find(struct probe_table *t,
                                   const struct probe_key *k,
                                   uint32_t *cookie)
{
	struct probe_ent *e = NULL;
	uint32_t off = 0;
	if (t->live != 0) {
		e = find_cover(t, k, PROBE_EXACT, &off);
		if (e == NULL && t->spans != 0)
			e = find_cover(t, k, PROBE_VARY_A, &off);
		if (e == NULL && t->spans != 0)
			e = find_cover(t, k, PROBE_VARY_B, &off);
	}
	if (e != NULL) {
		const struct probe_reg *r = reg_of(t, e);
		t->hit.task = e->task;
		t->hit.cookie = r->cookie;
		t->hit.key = &r->key;
	} else if (held(t, k)) {
		t->late = *k;
		t->hit.task = NULL;
		t->hit.cookie = 0;
		t->hit.key = &t->late;
	} else {
		return NULL;
	}
	if (cookie != NULL)
		*cookie = t->hit.cookie + off;
	return &t->hit;
}

/* Is any key k registers taken? */
static int taken(struct probe_table *t, const struct probe_key *k)
{
	struct probe_key x = *k;
	if (k->vary == PROBE_EXACT)
		return probe_find(t, k, NULL) != NULL;
	x.vary = PROBE_EXACT;
	for (uint32_t i = 0; i < k->span; i++) {
		if (k->vary == PROBE_VARY_A)
			x.a = (uint16_t)(k->a + i);
		else
			x.b = (uint16_t)(k->b + i);
		if (probe_find(t, &x, NULL) != NULL)
			return 1;
	}
	return 0;
}

int probe_add(struct probe_table *t, struct task *task, uint32_t n)
{
	const struct probe_key *k;
	uint32_t h;
	size_t i;
	if (task == NULL) {
		errno = EINVAL;
		return -1;
	}
	k = &t->reg(task, n)->key;
	if ((k->af != 4 && k->af != 6) || k->vary > PROBE_VARY_B ||
	    (k->vary != PROBE_EXACT && k->span == 0)) {
		errno = EINVAL;
		return -1;
	}
	if (taken(t, k)) {
		errno = EEXIST;
		return -1;
	}
	if (full(t->cap, t->live) && rehash(t, grown(t->cap)) != 0) {
		errno = ENOMEM;
		return -1;
	}
	h = top(key_hash(k));
	for (i = home(h, t->cap); live(&t->e[i]); i = next(i, t->cap))
		;
	t->e[i].task = task;
	t->e[i].i = n;
	t->e[i].h = h;
	t->live++;
	t->n++;
	if (k->vary != PROBE_EXACT)
		t->spans++;
	return 0;
}

/*
 * Remove an entry without leaving a hole that searches must step over:
 * each later entry of its run whose home is not between the gap and
 * itself moves back into the gap (deletion for linear probing, Knuth's
 * algorithm R), so searches stay as short as the table's fill.
 */
static void drop(struct probe_table *t, struct probe_ent *e)
{
	size_t gap = (size_t)(e - t->e), j = gap;
	if (reg_of(t, e)->key.vary != PROBE_EXACT)
		t->spans--;
	t->live--;
	for (;;) {
		size_t h;
		j = next(j, t->cap);
		if (!live(&t->e[j]))
			break;
		h = home(t->e[j].h, t->cap);
		if (gap <= j ? gap < h && h <= j : gap < h || h <= j)
			continue;     /* its home is after the gap: it stays */
		t->e[gap] = t->e[j];
		gap = j;
	}
	memset(&t->e[gap], 0, sizeof(t->e[gap]));
}

void probe_retire(struct probe_table *t, const struct probe_key *k,
                  uint64_t now, uint64_t holdtime)
{
	uint64_t hash = key_hash(k);
	struct probe_ent *e = find_reg(t, k, hash);
	uint64_t fp = fingerprint_of(k, hash);
	struct probe_gen *g;
	int rc;
	if (e == NULL)
		return;
	drop(t, e);
	if (holdtime == 0) {
		t->n--;
		return;
	}
	g = gen_now(t, now, holdtime);
	if ((rc = gen_add(g, fp)) <= 0) {
		t->n--;  /* held already; or forgetting early beats failing */
		return;
	}
	if (fp & 1) {
		g->spans++;
		t->rspans++;
	}
	t->held++;
	if (t->filter == NULL || (t->filter_keys + 1) * 8 > t->filter_bits) {
		filter_rebuild(t);
	} else {
		filter_set(t, fp);
		t->filter_keys++;
	}
}

static void gen_free(struct probe_table *t, struct probe_gen *g)
{
	t->n -= g->n;
	t->held -= g->n;
	t->rspans -= g->spans;
	free(g->fp);
	memset(g, 0, sizeof(*g));
}

void probe_expire(struct probe_table *t, uint64_t now)
{
	size_t before = t->gen_len;
	while (t->gen_len > 0 && t->gens[t->gen_head].expires <= now) {
		gen_free(t, &t->gens[t->gen_head]);
		t->gen_head = (t->gen_head + 1) % PROBE_GENS;
		t->gen_len--;
	}
	/* gone keys' bits stay (see filter_rebuild) unless none is held
	 * or the filter is four times the size it needs */
	if (t->gen_len != before &&
	    (t->held == 0 || t->held * 64 < t->filter_bits))
		filter_rebuild(t);
}

void probe_table_free(struct probe_table *t)
{
	probe_reg_fn reg = t->reg;
	free(t->e);
	free(t->filter);
	while (t->gen_len > 0) {
		gen_free(t, &t->gens[t->gen_head]);
		t->gen_head = (t->gen_head + 1) % PROBE_GENS;
		t->gen_len--;
	}
	probe_table_init(t, reg);
}

/* Append base with c, unless the key before it is the same one. */
static void push(struct probe_key *k, int *n, const struct probe_key *base,
                 uint32_t c)
{
	if (*n > 0 && k[*n - 1].c == c)
		return;
	k[*n] = *base;
	k[(*n)++].c = c;
}

/*
 * The keys of the probe an ICMP error quotes.  Its first 8 transport
 * bytes are all an old router sends (RFC 792): enough for ports and the
 * UDP checksum or TCP sequence number, and for an echo's id and sequence.
 */
static int keys_quote(const struct pkt_quote *q, struct probe_key *k)
{
	struct probe_key base;
	int n = 0;
	memset(&base, 0, sizeof(base));
	probe_key_dst(&base, &q->dst);
	base.proto = q->proto;
	switch (q->proto) {
	case PKT_UDP:
	case PKT_TCP:
		if (q->tlen < 4)
			return 0;
		base.a = q->sport;
		base.b = q->dport;
		if (q->tlen >= 8)
			push(k, &n, &base,
			     q->proto == PKT_UDP ? q->udp_sum : q->tcp_seq);
		push(k, &n, &base, 0);
		return n;
	case PKT_ICMP:
	case PKT_ICMP6:
		if (q->tlen < 8)
			return 0;
		base.a = q->icmp_id;
		base.b = q->icmp_seq;
		push(k, &n, &base, 0);
		return n;
	default:
		return 0;
	}
}

int probe_keys_for(const struct pkt_rx *rx, struct probe_key *k)
{
	struct probe_key base;
	int n = 0;
	memset(k, 0, 4 * sizeof(*k));
	if (rx->has_quote)
		return keys_quote(&rx->q, k);
	memset(&base, 0, sizeof(base));
	probe_key_dst(&base, &rx->src);
	base.proto = rx->proto;
	switch (rx->proto) {
	case PKT_ICMP:
	case PKT_ICMP6:
		if (rx->proto == PKT_ICMP ?
		    rx->icmp_type != ICMP4_ECHOREPLY &&
		    rx->icmp_type != ICMP4_TSTAMPREPLY :
		    rx->icmp_type != ICMP6_ECHOREPLY)
			return 0;
		base.a = rx->icmp_id;
		base.b = rx->icmp_seq;
		push(k, &n, &base, 0);
		return n;
	case PKT_TCP:
		/*
		 * Ports swapped.  A reply with ACK set (SYN-ACK, or RST to a
		 * SYN) acknowledges the probe's seq + 1.  A RST without ACK
		 * answers a probe that had ACK set and takes its sequence
		 * number from that probe's ack field (RFC 9293 3.10.7.1).
		 * Last, the ports alone.
		 */
		base.a = rx->dport;
		base.b = rx->sport;
		if (rx->tcp_flags & TH_ACK)
			push(k, &n, &base, rx->tcp_ack - 1);
		else if (rx->tcp_flags & TH_RST)
			push(k, &n, &base, rx->tcp_seq);
		push(k, &n, &base, 0);
		return n;
	case PKT_UDP:
		/* a reply from the destination: ports swapped, and nothing
		 * of the probe's checksum comes back */
		base.a = rx->dport;
		base.b = rx->sport;
		push(k, &n, &base, 0);
		return n;
	default:
		return 0;
	}
}
