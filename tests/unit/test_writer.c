/*
 * test_writer.c: the encoder's numbering of lists and cycles, its failure
 * path, and the writer: files, stdout, raw records, flushing, and errors
 * from the operating system.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "testlib.h"

/* ---- helpers ----------------------------------------------------------- */

static char tmpdir[64];

static void tmp_init(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/warts-writer-XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		exit(1);
	}
}

static void tmp_cleanup(void)
{
	DIR *dp = opendir(tmpdir);
	struct dirent *de;
	char p[512];
	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", tmpdir, de->d_name);
		unlink(p);
	}
	closedir(dp);
	rmdir(tmpdir);
}

static char *tmpf(char *buf, const char *name)
{
	snprintf(buf, 256, "%s/%s", tmpdir, name);
	return buf;
}

static char *corpus(char *buf, const char *name)
{
	snprintf(buf, 512, "%s/corpus/lab/%s", test_datadir(), name);
	return buf;
}

static int slurp(const char *path, struct tbuf *b)
{
	uint8_t chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		tbuf_add(b, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

static off_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static int has(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

/* One record of an encoding, split up. */
struct rec {
	uint16_t       type;
	uint32_t       len;
	const uint8_t *body;
};

/* Split bytes into records; returns the count, or -1 if they do not
 * divide exactly. */
static int split(const uint8_t *p, size_t len, struct rec *out, int max)
{
	size_t off = 0;
	int n = 0;
	while (off < len) {
		if (off + 8 > len || n == max || get16(p + off) != 0x1205)
			return -1;
		out[n].type = get16(p + off + 2);
		out[n].len = get32(p + off + 4);
		out[n].body = p + off + 8;
		off += 8 + (size_t)out[n].len;
		if (off > len)
			return -1;
		n++;
	}
	return n;
}

/* The list and cycle ids a trace record carries (bits 1 and 2, always
 * written first). */
static void trace_ids(const struct rec *r, uint32_t *list, uint32_t *cycle)
{
	const uint8_t *p = r->body;
	while (*p & 0x80)
		p++;
	p += 1 + 2;
	*list = get32(p);
	*cycle = get32(p + 4);
}

/* A trace in list l and cycle c (either may be NULL). */
static warts_trace *mk_trace(warts_list *l, warts_cycle *c, const char *dst)
{
	warts_trace *t = warts_trace_alloc();
	warts_trace_hop *h;
	t->list = warts_list_ref(l);
	t->cycle = warts_cycle_ref(c);
	warts_addr_fromstr(&t->src, "192.0.2.1");
	if (dst != NULL)
		warts_addr_fromstr(&t->dst, dst);
	t->start.sec = 1700000000;
	t->type = WARTS_TRACE_ICMP_ECHO_PARIS;
	t->probe_size = 44;
	t->hop_count = 1;
	h = warts_trace_hop_add(t);
	warts_addr_fromstr(&h->addr, "203.0.113.1");
	h->probe_ttl = 1;
	h->probe_id = 1;
	h->probe_size = 44;
	h->rtt = 4321;
	h->icmp_type = 11;
	return t;
}

static warts_object trace_obj(warts_list *l, warts_cycle *c, const char *dst)
{
	warts_object o = { .type = WARTS_TYPE_TRACE };
	o.u.trace = mk_trace(l, c, dst);
	return o;
}

/*
 * Encode obj; split the result into recs (max 8).  Returns the record
 * count, or -1 if encoding failed (err filled).
 */
static int enc1(warts_encoder *enc, const warts_object *obj, struct tbuf *all,
                struct rec *recs, warts_error *err)
{
	const uint8_t *p;
	size_t len, at = all->len;
	if (warts_encoder_encode(enc, obj, &p, &len, err) != 0)
		return -1;
	tbuf_add(all, p, len);
	return split(all->p + at, len, recs, 8);
}

/* Decode every record of a buffer with one decoder; returns how many
 * failed. */
static int decode_all(const struct tbuf *b, warts_object *objs, int max,
                      int *n)
{
	warts_decoder *dec = warts_decoder_new();
	warts_error err;
	size_t off = 0;
	int bad = 0;
	*n = 0;
	while (off + 8 <= b->len) {
		size_t rl = 8 + get32(b->p + off + 4);
		warts_object o;
		if (warts_decoder_decode(dec, b->p + off, rl, off, &o,
		                         &err) != 0) {
			diag("decode at %zu: %s", off, err.msg);
			bad++;
		} else if (*n < max) {
			objs[(*n)++] = o;
		} else {
			warts_object_clear(&o);
		}
		off += rl;
	}
	warts_decoder_free(dec);
	return bad;
}

/* ---- the encoder's numbering ------------------------------------------- */

static void test_ids(void)
{
	warts_list *l1 = warts_list_alloc(11, "one");
	warts_list *l2 = warts_list_alloc(22, "two");
	warts_cycle *c1 = warts_cycle_alloc(l1, 101, 1700000001);
	warts_cycle *c2 = warts_cycle_alloc(l2, 202, 1700000002);
	warts_cycle *c3 = warts_cycle_alloc(l1, 103, 1700000003);
	warts_encoder *enc = warts_encoder_new();
	struct tbuf all = {0};
	struct rec r[8];
	warts_error err;
	warts_object o;
	uint32_t lid, cid;
	int n;

	warts_strset(&l1->descr, "the first list");
	warts_strset(&l2->monitor, "mon.example");
	warts_strset(&c1->hostname, "host.example");

	/* trace in l1/c1: list 1, cycle definition 1, the trace */
	o = trace_obj(l1, c1, "198.51.100.1");
	n = enc1(enc, &o, &all, r, &err);
	warts_object_clear(&o);
	if (is_int(n, 3, "a first trace: three records")) {
		is_int(r[0].type, WARTS_TYPE_LIST, "a list record first");
		is_int(get32(r[0].body), 1, "with warts id 1");
		is_int(get32(r[0].body + 4), 11, "and the list's own id 11");
		is_int(r[1].type, WARTS_TYPE_CYCLE_DEF,
		       "then a cycle *definition* (type 3)");
		is_int(get32(r[1].body), 1, "with warts id 1");
		is_int(get32(r[1].body + 4), 1, "naming list 1");
		is_int(get32(r[1].body + 8), 101, "and the cycle's id 101");
		is_int(get32(r[1].body + 12), 1700000001, "its start time");
		is_int(r[2].type, WARTS_TYPE_TRACE, "then the trace");
		trace_ids(&r[2], &lid, &cid);
		ok(lid == 1 && cid == 1, "the trace names list 1, cycle 1");
	}
	is_int(l1->refcnt, 4, "the encoder holds a reference to the list "
	       "(with ours, c1's and c3's)");
	is_int(c1->refcnt, 2, "and to the cycle");

	/* trace in l2/c2: ids 2 */
	o = trace_obj(l2, c2, "198.51.100.2");
	n = enc1(enc, &o, &all, r, &err);
	warts_object_clear(&o);
	if (is_int(n, 3, "a trace in a second list: three records")) {
		ok(r[0].type == WARTS_TYPE_LIST && get32(r[0].body) == 2 &&
		   get32(r[0].body + 4) == 22, "list warts id 2 (id 22)");
		ok(r[1].type == WARTS_TYPE_CYCLE_DEF && get32(r[1].body) == 2 &&
		   get32(r[1].body + 4) == 2, "cycle warts id 2 in list 2");
		trace_ids(&r[2], &lid, &cid);
		ok(lid == 2 && cid == 2, "the trace names list 2, cycle 2");
	}

	/* l1/c1 again: only the trace */
	o = trace_obj(l1, c1, "198.51.100.3");
	n = enc1(enc, &o, &all, r, &err);
	warts_object_clear(&o);
	if (is_int(n, 1, "a known list and cycle: only the trace")) {
		trace_ids(&r[0], &lid, &cid);
		ok(lid == 1 && cid == 1, "naming list 1, cycle 1");
	}

	/* l1 with a new cycle c3: cycle 3 only */
	o = trace_obj(l1, c3, "198.51.100.4");
	n = enc1(enc, &o, &all, r, &err);
	warts_object_clear(&o);
	if (is_int(n, 2, "a new cycle of a known list: two records")) {
		ok(r[0].type == WARTS_TYPE_CYCLE_DEF && get32(r[0].body) == 3 &&
		   get32(r[0].body + 4) == 1 && get32(r[0].body + 8) == 103,
		   "cycle definition, warts id 3, list 1, id 103");
		trace_ids(&r[1], &lid, &cid);
		ok(lid == 1 && cid == 3, "the trace names list 1, cycle 3");
	}

	/* stop c1: the stop record, and c1 is retired */
	c1->stop_time = 1700009999;
	o.type = WARTS_TYPE_CYCLE_STOP;
	o.u.cycle = c1;
	n = enc1(enc, &o, &all, r, &err);
	if (is_int(n, 1, "a cycle stop: one record")) {
		is_int(r[0].type, WARTS_TYPE_CYCLE_STOP, "type 4");
		is_int(r[0].len, 9, "of 9 bytes");
		is_int(get32(r[0].body), 1, "stopping warts cycle 1");
		is_int(get32(r[0].body + 4), 1700009999, "at its stop time");
		is_int(r[0].body[8], 0, "and a zero flags byte");
	}
	is_int(c1->refcnt, 1, "the encoder dropped the stopped cycle");

	/* c1 used after its stop: declared again, with the next id */
	c1->stop_time = 0;
	o = trace_obj(l1, c1, "198.51.100.5");
	n = enc1(enc, &o, &all, r, &err);
	warts_object_clear(&o);
	if (is_int(n, 2, "a retired cycle used again: declared again")) {
		ok(r[0].type == WARTS_TYPE_CYCLE_DEF && get32(r[0].body) == 4 &&
		   get32(r[0].body + 8) == 101,
		   "cycle definition with warts id 4 (id 101)");
		trace_ids(&r[1], &lid, &cid);
		ok(lid == 1 && cid == 4, "the trace names list 1, cycle 4");
	}

	/* the whole stream decodes, each trace in its list and cycle */
	{
		warts_object objs[16];
		int k, bad;
		static const uint32_t want_l[] = { 11, 22, 11, 11, 11 };
		static const uint32_t want_c[] = { 101, 202, 101, 103, 101 };
		int t = 0, wrong = 0;
		const warts_cycle *first = NULL;
		bad = decode_all(&all, objs, 16, &k);
		is_int(bad, 0, "the encoder's stream decodes");
		for (int i = 0; i < k; i++) {
			const warts_trace *tr;
			if (objs[i].type != WARTS_TYPE_TRACE)
				continue;
			tr = objs[i].u.trace;
			if (t < 5 && (tr->list == NULL || tr->cycle == NULL ||
			    tr->list->id != want_l[t] ||
			    tr->cycle->id != want_c[t]))
				wrong++;
			if (t == 0)
				first = tr->cycle;
			if (t == 4 && tr->cycle == first)
				wrong++;
			t++;
		}
		ok(t == 5 && wrong == 0, "each of the 5 traces decodes in "
		   "its list and cycle; the redeclared cycle is a new one");
		ok(k > 0 && objs[0].type == WARTS_TYPE_LIST &&
		   objs[0].u.list->descr != NULL &&
		   strcmp(objs[0].u.list->descr, "the first list") == 0,
		   "the list's descr is written");
		ok(k > 1 && objs[1].type == WARTS_TYPE_CYCLE_DEF &&
		   objs[1].u.cycle->hostname != NULL &&
		   strcmp(objs[1].u.cycle->hostname, "host.example") == 0,
		   "the cycle's hostname is written");
		for (int i = 0; i < k; i++)
			warts_object_clear(&objs[i]);
	}

	warts_encoder_free(enc);
	is_int(l1->refcnt, 3, "freeing the encoder drops its list "
	       "references (l1: ours, c1's, c3's)");
	is_int(l2->refcnt, 2, "l2: ours and c2's");
	ok(c1->refcnt == 1 && c2->refcnt == 1 && c3->refcnt == 1,
	   "and its cycle references");
	warts_cycle_unref(c1);
	warts_cycle_unref(c2);
	warts_cycle_unref(c3);
	warts_list_unref(l1);
	warts_list_unref(l2);
	tbuf_free(&all);
}

/* Lists and cycles the caller encodes first are not declared again. */
static void test_explicit_declarations(void)
{
	warts_list *l = warts_list_alloc(7, "seven");
	warts_cycle *c = warts_cycle_alloc(l, 70, 1700000070);
	warts_encoder *enc = warts_encoder_new();
	struct tbuf all = {0};
	struct rec r[8];
	warts_error err;
	warts_object o;
	uint32_t lid, cid;
	int n;

	o.type = WARTS_TYPE_LIST;
	o.u.list = l;
	n = enc1(enc, &o, &all, r, &err);
	ok(n == 1 && r[0].type == WARTS_TYPE_LIST && get32(r[0].body) == 1,
	   "a list object: one list record, warts id 1");
	o.type = WARTS_TYPE_CYCLE_START;
	o.u.cycle = c;
	n = enc1(enc, &o, &all, r, &err);
	ok(n == 1 && r[0].type == WARTS_TYPE_CYCLE_START &&
	   get32(r[0].body) == 1 && get32(r[0].body + 4) == 1,
	   "a cycle start: one type-2 record, warts id 1, list 1");
	o = trace_obj(l, c, "198.51.100.7");
	n = enc1(enc, &o, &all, r, &err);
	warts_object_clear(&o);
	if (is_int(n, 1, "a trace after them: only the trace")) {
		trace_ids(&r[0], &lid, &cid);
		ok(lid == 1 && cid == 1, "naming list 1, cycle 1");
	}
	warts_encoder_free(enc);

	/* a cycle stop of a cycle never seen: list, definition, stop */
	enc = warts_encoder_new();
	o.type = WARTS_TYPE_CYCLE_STOP;
	o.u.cycle = c;
	c->stop_time = 1700000099;
	n = enc1(enc, &o, &all, r, &err);
	ok(n == 3 && r[0].type == WARTS_TYPE_LIST &&
	   r[1].type == WARTS_TYPE_CYCLE_DEF &&
	   r[2].type == WARTS_TYPE_CYCLE_STOP && get32(r[2].body) == 1,
	   "a stop of an unseen cycle: list, cycle definition, stop");
	is_int(c->refcnt, 1, "the stopped cycle is not kept");
	/* the definition carries the stop time (bit 1) */
	ok(n == 3 && r[1].body[16] == 0x01 && get16(r[1].body + 17) == 4 &&
	   get32(r[1].body + 19) == 1700000099,
	   "its definition carries the stop time as parameter 1");
	warts_encoder_free(enc);
	is_int(l->refcnt, 2, "the list: ours and the cycle's");
	warts_cycle_unref(c);
	warts_list_unref(l);
	tbuf_free(&all);
}

/* ---- the encoder's failure path ---------------------------------------- */

static void test_encode_failure(void)
{
	warts_list *l = warts_list_alloc(1, "l");
	warts_cycle *c = warts_cycle_alloc(l, 2, 1700000000);
	warts_cycle *c2 = warts_cycle_alloc(l, 3, 1700000100);
	warts_encoder *enc = warts_encoder_new();
	struct tbuf all = {0};
	struct rec r[8];
	warts_error err;
	warts_object o;
	const uint8_t *p = (const uint8_t *)"x";
	size_t len = 99;
	uint32_t lid, cid;
	unsigned lref = l->refcnt, cref = c->refcnt;
	int n;

	/* a trace without a dst, in a list and cycle not yet declared */
	o = trace_obj(l, c, NULL);
	lref = l->refcnt;
	cref = c->refcnt;
	memset(&err, 0, sizeof(err));
	ok(warts_encoder_encode(enc, &o, &p, &len, &err) == -1,
	   "a trace without a dst does not encode");
	ok(has(err.msg, "trace") && has(err.msg, "dst"),
	   "the message names the type and the field: %s", err.msg);
	is_int(err.code, WARTS_ERR_INVALID, "code INVALID");
	is_int(err.type, WARTS_TYPE_TRACE, "err.type is trace");
	ok(p == NULL && len == 0, "no bytes are returned");
	is_int(l->refcnt, lref, "the encoder kept no list reference");
	is_int(c->refcnt, cref, "nor a cycle reference");
	warts_object_clear(&o);

	/* the encoder is usable: a good trace, ids from 1 */
	o = trace_obj(l, c, "198.51.100.9");
	n = enc1(enc, &o, &all, r, &err);
	warts_object_clear(&o);
	if (is_int(n, 3, "a valid trace after the failure encodes: list, "
	           "cycle, trace")) {
		is_int(get32(r[0].body), 1, "list warts id 1: none consumed");
		is_int(get32(r[1].body), 1, "cycle warts id 1: none consumed");
		trace_ids(&r[2], &lid, &cid);
		ok(lid == 1 && cid == 1, "the trace names list 1, cycle 1");
	}

	/* a failure with a known list and a new cycle */
	o = trace_obj(l, c2, NULL);
	ok(enc1(enc, &o, &all, r, &err) == -1, "a second bad trace fails");
	warts_object_clear(&o);
	o = trace_obj(l, c2, "198.51.100.10");
	n = enc1(enc, &o, &all, r, &err);
	warts_object_clear(&o);
	ok(n == 2 && r[0].type == WARTS_TYPE_CYCLE_DEF &&
	   get32(r[0].body) == 2, "then the new cycle gets warts id 2");

	/* a failure re-declaring a stopped cycle leaves it stopped */
	o.type = WARTS_TYPE_CYCLE_STOP;
	o.u.cycle = c;
	ok(enc1(enc, &o, &all, r, &err) == 1, "stop cycle 1");
	o = trace_obj(l, c, NULL);
	cref = c->refcnt;
	ok(enc1(enc, &o, &all, r, &err) == -1,
	   "a bad trace in the stopped cycle fails");
	is_int(c->refcnt, cref, "the cycle was not taken");
	warts_object_clear(&o);
	o = trace_obj(l, c, "198.51.100.11");
	n = enc1(enc, &o, &all, r, &err);
	warts_object_clear(&o);
	if (ok(n == 2 && r[0].type == WARTS_TYPE_CYCLE_DEF,
	       "a good one declares the cycle again"))
		is_int(get32(r[0].body), 3, "with warts id 3");

	/* the stream decodes */
	{
		warts_object objs[16];
		int k;
		is_int(decode_all(&all, objs, 16, &k), 0,
		       "everything that did encode decodes");
		for (int i = 0; i < k; i++)
			warts_object_clear(&objs[i]);
	}

	/* other objects that cannot be encoded */
	{
		warts_object bad;
		memset(&bad, 0, sizeof(bad));
		bad.type = WARTS_TYPE_TRACE;
		ok(enc1(enc, &bad, &all, r, &err) == -1 &&
		   has(err.msg, "trace") && has(err.msg, "NULL"),
		   "a NULL trace: %s", err.msg);
		bad.type = WARTS_TYPE_LIST;
		ok(enc1(enc, &bad, &all, r, &err) == -1 &&
		   has(err.msg, "list"), "a NULL list: %s", err.msg);
		bad.type = WARTS_TYPE_CYCLE_START;
		ok(enc1(enc, &bad, &all, r, &err) == -1 &&
		   has(err.msg, "cycle"), "a NULL cycle: %s", err.msg);
		bad.type = 0;
		ok(enc1(enc, &bad, &all, r, &err) == -1 &&
		   has(err.msg, "type 0"), "type 0: %s", err.msg);
		bad.type = WARTS_TYPE_ADDR;
		bad.u.gaddr.addr.type = 9;
		ok(enc1(enc, &bad, &all, r, &err) == -1 &&
		   has(err.msg, "unknown type 9"),
		   "an address of type 9: %s", err.msg);
	}
	warts_encoder_free(enc);
	is_int(l->refcnt, 3, "all encoder references dropped");
	warts_cycle_unref(c);
	warts_cycle_unref(c2);
	warts_list_unref(l);
	tbuf_free(&all);
}

/* The writer: a bad object is refused, the file stays good. */
static void test_writer_bad_object(void)
{
	warts_list *l = warts_list_alloc(1, "l");
	warts_cycle *c = warts_cycle_alloc(l, 2, 1700000000);
	char path[256];
	warts_error err;
	warts_writer *w;
	warts_reader *r;
	warts_object o, got;
	int rc, n = 0, traces = 0;
	const warts_error *e;

	w = warts_writer_open(tmpf(path, "bad-object.warts"),
	                      WARTS_COMPRESS_NONE, &err);
	o = trace_obj(l, c, NULL);
	is_int(warts_writer_write(w, &o), -1, "writer: a trace without dst "
	       "is refused");
	e = warts_writer_error(w);
	ok(e != NULL && e->type == WARTS_TYPE_TRACE,
	   "writer error: err.type is trace");
	ok(e != NULL && has(e->msg, "dst") && has(e->msg, "trace"),
	   "writer error names the type and the field, as the encoder's "
	   "does: %s", e ? e->msg : "");
	is_int(e != NULL ? e->code : -1, WARTS_ERR_INVALID, "code INVALID");
	warts_object_clear(&o);
	o = trace_obj(l, c, "198.51.100.12");
	is_int(warts_writer_write(w, &o), 0, "the next object is written");
	warts_object_clear(&o);
	is_int(warts_writer_close(w, &err), 0, "the file closes cleanly");

	r = warts_reader_open(path, &err);
	while ((rc = warts_reader_read(r, &got)) > 0) {
		n++;
		if (got.type == WARTS_TYPE_TRACE && got.u.trace->list != NULL &&
		    got.u.trace->list->id == 1 && got.u.trace->cycle != NULL &&
		    got.u.trace->cycle->id == 2)
			traces++;
		warts_object_clear(&got);
	}
	ok(rc == 0 && n == 3 && traces == 1,
	   "the file holds list, cycle and the one good trace");
	warts_reader_close(r);
	warts_cycle_unref(c);
	warts_list_unref(l);
}

/* ---- the writer -------------------------------------------------------- */

/* Objects read from a file and written at once give the file back. */
static void test_copy(void)
{
	static const char *const names[] = {
		"new2026-trace-multi-v4v6.warts",
		"new2026-mixed-ctrlsocket.warts",
	};
	char src[512], path[256];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct tbuf in = {0}, out = {0}, raw = {0};
		warts_error err;
		warts_reader *r;
		warts_writer *w;
		warts_object o;
		const uint8_t *rec;
		size_t len;
		int rc, bad = 0;

		slurp(corpus(src, names[i]), &in);
		r = warts_reader_open(src, &err);
		w = warts_writer_open(tmpf(path, "copy.warts"),
		                      WARTS_COMPRESS_NONE, &err);
		while ((rc = warts_reader_read(r, &o)) > 0) {
			if (warts_writer_write(w, &o) != 0)
				bad++;
			warts_object_clear(&o);
		}
		warts_reader_close(r);
		ok(rc == 0 && bad == 0 && warts_writer_close(w, &err) == 0,
		   "%s: read and written", names[i]);
		slurp(path, &out);
		is_int(test_firstdiff(&in, &out), -1,
		       "%s: the copy is byte-identical", names[i]);

		/* read_raw + write_raw: verbatim */
		r = warts_reader_open(src, &err);
		w = warts_writer_open(tmpf(path, "raw.warts"),
		                      WARTS_COMPRESS_NONE, &err);
		bad = 0;
		while ((rc = warts_reader_read_raw(r, &rec, &len, NULL)) > 0)
			if (warts_writer_write_raw(w, rec, len) != 0)
				bad++;
		warts_reader_close(r);
		ok(rc == 0 && bad == 0 && warts_writer_close(w, &err) == 0,
		   "%s: raw records copied", names[i]);
		slurp(path, &raw);
		is_int(test_firstdiff(&in, &raw), -1,
		       "%s: the raw copy is byte-identical", names[i]);
		tbuf_free(&in);
		tbuf_free(&out);
		tbuf_free(&raw);
	}

	/* write_raw bypasses the numbering: a raw list, then an object
	 * referring to another list, which is numbered from 1 */
	{
		struct tbuf b = {0};
		warts_list *l = warts_list_alloc(3, "three");
		warts_object o = trace_obj(l, NULL, "198.51.100.13");
		warts_error err;
		warts_writer *w = warts_writer_open(tmpf(path, "mix.warts"),
		                                    WARTS_COMPRESS_NONE, &err);
		struct rec r[8];
		slurp(corpus(src, "new2026-trace-icmp-v4.warts"), &b);
		warts_writer_write_raw(w, b.p, 35); /* its list record */
		warts_writer_write(w, &o);
		warts_writer_close(w, &err);
		tbuf_free(&b);
		slurp(path, &b);
		ok(split(b.p, b.len, r, 8) == 3 && r[0].type == 1 &&
		   r[1].type == 1 && get32(r[1].body) == 1,
		   "write_raw is not seen by the numbering: the writer's "
		   "list also has warts id 1");
		warts_object_clear(&o);
		warts_list_unref(l);
		tbuf_free(&b);
	}
}

/* "-" writes to stdout. */
static void test_stdout(void)
{
	char src[512], path[256];
	struct tbuf in = {0}, out = {0};
	pid_t pid;
	int status = 0;

	slurp(corpus(src, "new2026-trace-multi-v4v6.warts"), &in);
	tmpf(path, "stdout.warts");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		warts_error err;
		warts_reader *r;
		warts_writer *w;
		warts_object o;
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, STDOUT_FILENO);
		close(fd);
		r = warts_reader_open(src, &err);
		if ((w = warts_writer_open("-", WARTS_COMPRESS_NONE, &err)) ==
		    NULL)
			_exit(2);
		while (warts_reader_read(r, &o) > 0) {
			warts_writer_write(w, &o);
			warts_object_clear(&o);
		}
		warts_reader_close(r);
		if (warts_writer_close(w, &err) != 0)
			_exit(3);
		/* stdout is still open: the writer did not own it */
		if (fcntl(STDOUT_FILENO, F_GETFD) == -1)
			_exit(4);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
	       "a child writes '-' and leaves stdout open");
	slurp(path, &out);
	is_int(test_firstdiff(&in, &out), -1,
	       "what it wrote to stdout is the file");
	tbuf_free(&in);
	tbuf_free(&out);
}

static void test_open_errors(void)
{
	char path[256];
	warts_error err;
	warts_writer *w;

	memset(&err, 0x55, sizeof(err));
	w = warts_writer_open(tmpf(path, "no-such-dir/x.warts"),
	                      WARTS_COMPRESS_NONE, &err);
	ok(w == NULL, "a path in a missing directory gives NULL");
	is_str(err.msg, strerror(ENOENT), "with strerror's message");
	is_int(err.code, WARTS_ERR_IO, "code IO");

	w = warts_writer_open(tmpf(path, "bad-compress.warts"), 99, &err);
	ok(w == NULL && err.code == WARTS_ERR_INVALID &&
	   has(err.msg, "99"), "compression 99 is refused: %s", err.msg);
	w = warts_writer_open(path, -1, &err);
	ok(w == NULL && err.code == WARTS_ERR_INVALID,
	   "compression -1 is refused: %s", err.msg);
	{
		int fd = open(tmpf(path, "fd.warts"), O_WRONLY | O_CREAT, 0644);
		w = warts_writer_fdopen(fd, 1, 42, &err);
		ok(w == NULL && fcntl(fd, F_GETFD) == -1,
		   "fdopen with a bad compression closes an owned fd");
		fd = open(path, O_WRONLY);
		w = warts_writer_fdopen(fd, 0, 42, &err);
		ok(w == NULL && fcntl(fd, F_GETFD) != -1,
		   "and leaves one it does not own");
		w = warts_writer_fdopen(fd, 0, WARTS_COMPRESS_NONE, &err);
		is_int(warts_writer_close(w, &err), 0,
		       "a writer on an fd it does not own closes");
		ok(fcntl(fd, F_GETFD) != -1, "leaving the fd open");
		close(fd);
	}
}

/* Buffering, flushing and autoflush, on an uncompressed file. */
static void test_flush(void)
{
	char path[256];
	warts_error err;
	warts_writer *w;
	warts_reader *r;
	warts_object o;
	warts_list *l = warts_list_alloc(1, "flush");
	off_t size;

	w = warts_writer_open(tmpf(path, "flush.warts"), WARTS_COMPRESS_NONE,
	                      &err);
	o = trace_obj(l, NULL, "198.51.100.14");
	warts_writer_write(w, &o);
	warts_object_clear(&o);
	is_int(file_size(path), 0, "without autoflush, a small write is "
	       "buffered");
	is_int(warts_writer_flush(w), 0, "flush");
	size = file_size(path);
	ok(size > 0, "after a flush the bytes are in the file (%lld)",
	   (long long)size);
	r = warts_reader_open(path, &err);
	is_int(warts_reader_read(r, &o) > 0 ? 1 : 0, 1,
	       "and a reader sees them");
	warts_object_clear(&o);
	warts_reader_close(r);

	warts_writer_autoflush(w, 1);
	o = trace_obj(l, NULL, "198.51.100.15");
	warts_writer_write(w, &o);
	warts_object_clear(&o);
	ok(file_size(path) > size, "with autoflush the write is in the file "
	   "at once");
	warts_writer_autoflush(w, 0);
	size = file_size(path);
	o = trace_obj(l, NULL, "198.51.100.16");
	warts_writer_write(w, &o);
	warts_object_clear(&o);
	is_int(file_size(path), size, "autoflush off again: buffered");
	is_int(warts_writer_close(w, &err), 0, "close");
	ok(file_size(path) > size, "close flushes");
	r = warts_reader_open(path, &err);
	{
		long n = 0;
		while (warts_reader_read(r, &o) > 0) {
			n++;
			warts_object_clear(&o);
		}
		is_int(n, 4, "the file holds the list and three traces");
	}
	warts_reader_close(r);
	warts_list_unref(l);
}

/* Failures of the operating system: a full disk, a closed pipe. */
static void test_os_errors(void)
{
	warts_error err;
	warts_writer *w;
	warts_object o;
	const warts_error *e;
	int fd, p[2];

	o = trace_obj(NULL, NULL, "198.51.100.17");
	if ((fd = open("/dev/full", O_WRONLY)) >= 0) {
		w = warts_writer_fdopen(fd, 1, WARTS_COMPRESS_NONE, &err);
		is_int(warts_writer_write(w, &o), 0,
		       "/dev/full: a buffered write succeeds");
		memset(&err, 0, sizeof(err));
		is_int(warts_writer_close(w, &err), -1, "but close fails");
		ok(has(err.msg, strerror(ENOSPC)) && err.code == WARTS_ERR_IO,
		   "with ENOSPC: %s", err.msg);

		fd = open("/dev/full", O_WRONLY);
		w = warts_writer_fdopen(fd, 1, WARTS_COMPRESS_GZIP, &err);
		warts_writer_autoflush(w, 1);
		is_int(warts_writer_write(w, &o), -1,
		       "/dev/full with autoflush (gzip): the write fails");
		e = warts_writer_error(w);
		ok(e != NULL && has(e->msg, strerror(ENOSPC)) &&
		   e->code == WARTS_ERR_IO, "with ENOSPC: %s",
		   e ? e->msg : "");
		is_int(warts_writer_write(w, &o), -1,
		       "and every later write fails");
		is_int(warts_writer_flush(w), -1, "and flush");
		is_int(warts_writer_write_raw(w, "x", 1), -1, "and write_raw");
		is_int(warts_writer_close(w, &err), -1, "and close");
	} else {
		ok(1, "# SKIP no /dev/full");
	}

	if (pipe(p) == 0) {
		close(p[0]);
		w = warts_writer_fdopen(p[1], 1, WARTS_COMPRESS_NONE, &err);
		warts_writer_autoflush(w, 1);
		is_int(warts_writer_write(w, &o), -1,
		       "a pipe with no reader: the write fails");
		e = warts_writer_error(w);
		ok(e != NULL && has(e->msg, strerror(EPIPE)),
		   "with EPIPE: %s", e ? e->msg : "");
		is_int(warts_writer_close(w, &err), -1, "and close fails");
	}
	warts_object_clear(&o);
}

int main(void)
{
	alarm(300);
	signal(SIGPIPE, SIG_IGN);
	tmp_init();
	test_ids();
	test_explicit_declarations();
	test_encode_failure();
	test_writer_bad_object();
	test_copy();
	test_stdout();
	test_open_errors();
	test_flush();
	test_os_errors();
	tmp_cleanup();
	return done_testing();
}
