/*
 * sc_wartscat: join warts files into one, as scamper's sc_wartscat does.
 *
 * Every input is decoded with a reader of its own, and every object is
 * encoded again by one encoder, which numbers the lists and cycles of the
 * output afresh.  As scamper's writer does, lists are told apart by what
 * they hold (id, name, description, monitor) and cycles by their list, id,
 * start time and host name: equal lists of two inputs become one list of
 * the output, and so do equal cycles while they are open.  List and cycle
 * definition records are not copied: the encoder declares each list and
 * cycle before the first record that needs it.  Records of types the
 * library does not know come back as opaque objects and are written as
 * they were; deprecated address records are dropped, since the objects
 * that used them carry their addresses themselves.
 *
 * -s merges the inputs by time, holding one object of each input at once.
 *
 * -o FILE appends to FILE when it already holds warts records (scamper's
 * behaviour): FILE's lists and open cycles are read first, so that what is
 * added continues its numbering and refers to them.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "convert.h"

#define PROG "sc_wartscat"

/*
 * The lists and the open cycles of the output, one object for each set of
 * equal ones; objects are made to point at these before being encoded.
 */
struct canon {
	warts_list  **lists;
	size_t        nlists, caplists;
	warts_cycle **cycles;
	size_t        ncycles, capcycles;
};

struct output {
	const char    *name;  /* for messages */
	warts_writer  *w;
	warts_encoder *enc;
	struct canon   canon;
	int            failed;
};

/* Which records are read: all but lists and cycle definitions (declared
 * again as needed) and deprecated address records. */
static uint16_t cat_types[WARTS_TYPE_MAX + 1];
static size_t ncat_types;

static void cat_types_init(void)
{
	for (uint16_t t = 1; t <= WARTS_TYPE_MAX; t++)
		if (t != WARTS_TYPE_LIST && t != WARTS_TYPE_CYCLE_DEF &&
		    t != WARTS_TYPE_ADDR)
			cat_types[ncat_types++] = t;
	cat_types[ncat_types++] = WARTS_SELECT_UNKNOWN;
}

static const char *shown(const char *path)
{
	return strcmp(path, "-") == 0 ? "stdin" : path;
}

static void usage(FILE *fp)
{
	fprintf(fp,
	    "usage: sc_wartscat [-?sv] [-c gz|bz2|xz|zst|none] [-o outfile] "
	    "[file ...]\n"
	    "  -c  compress the output so (default: by -o's suffix, .gz .bz2 "
	    ".xz .zst)\n"
	    "  -o  write to outfile, appending if it holds warts already "
	    "(default: stdout)\n"
	    "  -s  merge the inputs in time order\n"
	    "  -v  print the version\n"
	    "  -?  print this help\n"
	    "With no file, or with -, read standard input.  gzip, bzip2, xz "
	    "and zstd\ninput is recognised by its first bytes.\n");
}

/* ---- one list or cycle for equal ones ----------------------------------- */

static int str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int list_eq(const warts_list *a, const warts_list *b)
{
	return a->id == b->id && str_eq(a->name, b->name) &&
	       str_eq(a->descr, b->descr) && str_eq(a->monitor, b->monitor);
}

static int grow(void *arrp, size_t n, size_t *cap, size_t size)
{
	void **arr = arrp, *v;
	size_t c;
	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 8;
	if ((v = realloc(*arr, c * size)) == NULL)
		return -1;
	*arr = v;
	*cap = c;
	return 0;
}

/* The output's list equal to l (l itself if there is none yet), or NULL
 * when out of memory.  Searched from the newest: the one usually wanted. */
static warts_list *canon_list(struct canon *c, warts_list *l)
{
	for (size_t i = c->nlists; i-- > 0;)
		if (c->lists[i] == l || list_eq(c->lists[i], l))
			return c->lists[i];
	if (grow(&c->lists, c->nlists, &c->caplists, sizeof(*c->lists)))
		return NULL;
	c->lists[c->nlists++] = warts_list_ref(l);
	return l;
}

/* The output's open cycle equal to cy, made if there is none (a copy, on
 * the output's list), or NULL when out of memory. */
static warts_cycle *canon_cycle(struct canon *c, const warts_cycle *cy)
{
	warts_list *l = NULL;
	warts_cycle *n;

	if (cy->list != NULL && (l = canon_list(c, cy->list)) == NULL)
		return NULL;
	for (size_t i = c->ncycles; i-- > 0;) {
		n = c->cycles[i];
		if (n->list == l && n->id == cy->id &&
		    n->start_time == cy->start_time &&
		    str_eq(n->hostname, cy->hostname))
			return n;
	}
	if (grow(&c->cycles, c->ncycles, &c->capcycles, sizeof(*c->cycles)))
		return NULL;
	if ((n = warts_cycle_alloc(l, cy->id, cy->start_time)) == NULL)
		return NULL;
	if (warts_strset(&n->hostname, cy->hostname) != 0) {
		warts_cycle_unref(n);
		return NULL;
	}
	n->stop_time = cy->stop_time;
	c->cycles[c->ncycles++] = n;
	return n;
}

/* A cycle stopped: later records of an equal cycle start a new one. */
static void canon_stopped(struct canon *c, const warts_cycle *cy)
{
	for (size_t i = 0; i < c->ncycles; i++)
		if (c->cycles[i] == cy) {
			warts_cycle_unref(c->cycles[i]);
			c->cycles[i] = c->cycles[--c->ncycles];
			return;
		}
}

static void canon_free(struct canon *c)
{
	for (size_t i = 0; i < c->nlists; i++)
		warts_list_unref(c->lists[i]);
	for (size_t i = 0; i < c->ncycles; i++)
		warts_cycle_unref(c->cycles[i]);
	free(c->lists);
	free(c->cycles);
	memset(c, 0, sizeof(*c));
}

/* Make obj point at the output's lists and cycles.  Returns 0, or -1 when
 * out of memory. */
static int canon_object(struct canon *c, warts_object *obj)
{
	warts_list **lp = NULL;
	warts_cycle **cp = NULL;

#define LC(member) \
	lp = &obj->u.member->list; cp = &obj->u.member->cycle; break
	switch (obj->type) {
	case WARTS_TYPE_LIST:
		lp = &obj->u.list;
		break;
	case WARTS_TYPE_CYCLE_START:
	case WARTS_TYPE_CYCLE_DEF:
	case WARTS_TYPE_CYCLE_STOP:
		cp = &obj->u.cycle;
		break;
	case WARTS_TYPE_TRACE:         LC(trace);
	case WARTS_TYPE_PING:          LC(ping);
	case WARTS_TYPE_TRACELB:       LC(tracelb);
	case WARTS_TYPE_DEALIAS:       LC(dealias);
	case WARTS_TYPE_NEIGHBOURDISC: LC(neighbourdisc);
	case WARTS_TYPE_TBIT:          LC(tbit);
	case WARTS_TYPE_STING:         LC(sting);
	case WARTS_TYPE_SNIFF:         LC(sniff);
	case WARTS_TYPE_HOST:          LC(host);
	case WARTS_TYPE_HTTP:          LC(http);
	case WARTS_TYPE_UDPPROBE:      LC(udpprobe);
	case WARTS_TYPE_OWAMP:         LC(owamp);
	default:
		return 0;
	}
#undef LC
	if (lp != NULL && *lp != NULL) {
		warts_list *n = canon_list(c, *lp);
		if (n == NULL)
			return -1;
		warts_list_ref(n);
		warts_list_unref(*lp);
		*lp = n;
	}
	if (cp != NULL && *cp != NULL) {
		warts_cycle *n = canon_cycle(c, *cp);
		if (n == NULL)
			return -1;
		if (obj->type == WARTS_TYPE_CYCLE_STOP)
			n->stop_time = (*cp)->stop_time;
		warts_cycle_ref(n);
		warts_cycle_unref(*cp);
		*cp = n;
	}
	return 0;
}

/*
 * Encode obj, which now belongs to the output's lists and cycles.  Returns
 * 0 and the bytes, or -1 with err filled.
 */
static int encode(struct output *o, warts_object *obj, const uint8_t **bytes,
                  size_t *len, warts_error *err)
{
	if (canon_object(&o->canon, obj) != 0) {
		memset(err, 0, sizeof(*err));
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	if (warts_encoder_encode(o->enc, obj, bytes, len, err) != 0)
		return -1;
	if (obj->type == WARTS_TYPE_CYCLE_STOP)
		canon_stopped(&o->canon, obj->u.cycle);
	return 0;
}

/*
 * Encode and write one object.  Returns 0; 1 when the object could not be
 * encoded (reported; the output is still good); -1 when the output failed
 * (reported; nothing more can be written).
 */
static int emit(struct output *o, warts_object *obj, const char *in,
                const warts_reader *r)
{
	const uint8_t *bytes;
	size_t len;
	warts_error err;

	if (encode(o, obj, &bytes, &len, &err) != 0) {
		fprintf(stderr, "%s: %s: the record ending at offset %llu: "
		        "%s\n", PROG, shown(in),
		        (unsigned long long)warts_reader_offset(r), err.msg);
		return 1;
	}
	if (warts_writer_write_raw(o->w, bytes, len) != 0) {
		const warts_error *we = warts_writer_error(o->w);
		fprintf(stderr, "%s: %s: %s\n", PROG, o->name,
		        we != NULL ? we->msg : "write failed");
		o->failed = 1;
		return -1;
	}
	return 0;
}

static warts_reader *open_input(const char *path)
{
	warts_error err;
	warts_reader *r = warts_reader_open(path, &err);
	if (r == NULL) {
		fprintf(stderr, "%s: %s: %s\n", PROG, shown(path), err.msg);
		return NULL;
	}
	warts_reader_select(r, cat_types, ncat_types);
	return r;
}

/* ---- plain concatenation ------------------------------------------- */

/* Copy one input.  Returns 0 or 1 (the exit status it earns), or -1 when
 * the output failed. */
static int cat_one(struct output *o, const char *path)
{
	warts_reader *r = open_input(path);
	warts_object obj;
	int rc, status = 0;

	if (r == NULL)
		return 1;
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		int e = emit(o, &obj, path, r);
		warts_object_clear(&obj);
		if (e < 0) {
			warts_reader_close(r);
			return -1;
		}
		status |= e;
	}
	if (rc < 0) {
		/* everything before the damage is written; say where */
		fprintf(stderr, "%s: %s: %s\n", PROG, shown(path),
		        warts_reader_error(r)->msg);
		status = 1;
	}
	warts_reader_close(r);
	return status;
}

/* ---- merging by time (-s) ------------------------------------------ */

/*
 * The order scamper's sc_wartscat -s gives: by time; at the same time a
 * cycle start first, then a cycle stop, then the rest.  A cycle start's
 * time is its start second; a cycle stop's is its stop second plus one
 * million microseconds, after everything else in that second.  Records
 * of unknown types have no time: they take the key of the record before
 * them in their input, so stay behind it.  Equal keys go in input order.
 * This is a merge, not a sort: an input is read in its own order.
 */
struct src {
	warts_reader *r;
	const char   *path;
	size_t        idx;
	warts_object  obj;
	uint64_t      sec, usec;
	int           cls;
};

static const warts_tv *start_of(const warts_object *obj)
{
	switch (obj->type) {
	case WARTS_TYPE_TRACE:         return &obj->u.trace->start;
	case WARTS_TYPE_PING:          return &obj->u.ping->start;
	case WARTS_TYPE_TRACELB:       return &obj->u.tracelb->start;
	case WARTS_TYPE_DEALIAS:       return &obj->u.dealias->start;
	case WARTS_TYPE_NEIGHBOURDISC: return &obj->u.neighbourdisc->start;
	case WARTS_TYPE_TBIT:          return &obj->u.tbit->start;
	case WARTS_TYPE_STING:         return &obj->u.sting->start;
	case WARTS_TYPE_SNIFF:         return &obj->u.sniff->start;
	case WARTS_TYPE_HOST:          return &obj->u.host->start;
	case WARTS_TYPE_HTTP:          return &obj->u.http->start;
	case WARTS_TYPE_UDPPROBE:      return &obj->u.udpprobe->start;
	case WARTS_TYPE_OWAMP:         return &obj->u.owamp->start;
	default:                       return NULL;
	}
}

static void set_key(struct src *s)
{
	const warts_tv *tv;

	switch (s->obj.type) {
	case WARTS_TYPE_CYCLE_START:
		s->sec = s->obj.u.cycle->start_time;
		s->usec = 0;
		s->cls = 0;
		break;
	case WARTS_TYPE_CYCLE_STOP:
		s->sec = s->obj.u.cycle->stop_time;
		s->usec = 1000000;
		s->cls = 1;
		break;
	default:
		if ((tv = start_of(&s->obj)) != NULL) {
			s->sec = tv->sec;
			s->usec = tv->usec;
			s->cls = 2;
		}
		break;
	}
}

static int src_before(const struct src *a, const struct src *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec;
	if (a->usec != b->usec)
		return a->usec < b->usec;
	if (a->cls != b->cls)
		return a->cls < b->cls;
	return a->idx < b->idx;
}

/* A binary min-heap of the inputs that hold an object. */
struct heap {
	struct src **v;
	size_t       n;
};

static void heap_up(struct heap *h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		struct src *t;
		if (!src_before(h->v[i], h->v[p]))
			break;
		t = h->v[i];
		h->v[i] = h->v[p];
		h->v[p] = t;
		i = p;
	}
}

static void heap_down(struct heap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct src *t;
		if (l < h->n && src_before(h->v[l], h->v[m]))
			m = l;
		if (r < h->n && src_before(h->v[r], h->v[m]))
			m = r;
		if (m == i)
			break;
		t = h->v[i];
		h->v[i] = h->v[m];
		h->v[m] = t;
		i = m;
	}
}

/* Read the next object of s.  Returns 1 when it holds one, 0 when the
 * input is finished (at its end, or at damage: *status is then set). */
static int src_fill(struct src *s, int *status)
{
	int rc = warts_reader_read(s->r, &s->obj);
	if (rc > 0) {
		set_key(s);
		return 1;
	}
	if (rc < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, shown(s->path),
		        warts_reader_error(s->r)->msg);
		*status = 1;
	}
	warts_reader_close(s->r);
	s->r = NULL;
	return 0;
}

static int cat_sorted(struct output *o, int nfiles, char *const *files)
{
	struct src *srcs = calloc((size_t)nfiles, sizeof(*srcs));
	struct heap h = { calloc((size_t)nfiles, sizeof(struct src *)), 0 };
	int status = 0;

	if (srcs == NULL || h.v == NULL) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		free(srcs);
		free(h.v);
		return 1;
	}
	for (int i = 0; i < nfiles; i++) {
		struct src *s = &srcs[i];
		s->path = files[i];
		s->idx = (size_t)i;
		if ((s->r = open_input(files[i])) == NULL) {
			status = 1;
			continue;
		}
		if (src_fill(s, &status)) {
			h.v[h.n++] = s;
			heap_up(&h, h.n - 1);
		}
	}
	while (h.n > 0) {
		struct src *s = h.v[0];
		int e = emit(o, &s->obj, s->path, s->r);
		warts_object_clear(&s->obj);
		if (e < 0) {
			status = 1;
			break;
		}
		status |= e;
		if (src_fill(s, &status)) {
			heap_down(&h, 0);
		} else {
			h.v[0] = h.v[--h.n];
			heap_down(&h, 0);
		}
	}
	for (int i = 0; i < nfiles; i++) {
		warts_object_clear(&srcs[i].obj);
		if (srcs[i].r != NULL)
			warts_reader_close(srcs[i].r);
	}
	free(srcs);
	free(h.v);
	return status;
}

/* ---- the output ------------------------------------------------------ */

/* The first four bytes of a record body, big-endian: a list's or cycle's
 * id in the file. */
static uint32_t body_id(const uint8_t *rec, size_t len)
{
	if (len < 12)
		return 0;
	return (uint32_t)rec[8] << 24 | (uint32_t)rec[9] << 16 |
	       (uint32_t)rec[10] << 8 | (uint32_t)rec[11];
}

/*
 * Appending to path, as scamper does: its lists and cycles are encoded
 * (and the bytes thrown away), so that the encoder continues its
 * numbering, and what is added refers to its lists, and to its cycles
 * that are still open, when they are equal.  Like scamper, this needs the
 * ids in sequence (a file joined with cat(1) has them start again).
 * Returns 0, or -1 (reported).
 */
static int continue_file(struct output *o, const char *path)
{
	static const uint16_t decl[] = {
		WARTS_TYPE_LIST, WARTS_TYPE_CYCLE_START, WARTS_TYPE_CYCLE_DEF,
		WARTS_TYPE_CYCLE_STOP,
	};
	warts_error err;
	warts_reader *r = warts_reader_open(path, &err);
	warts_decoder *dec = NULL;
	uint32_t nlists = 0, ncycles = 0;
	const uint8_t *rec, *bytes;
	size_t len, blen;
	uint16_t type;
	int rc;

	if (r == NULL) {
		fprintf(stderr, "%s: %s: %s\n", PROG, path, err.msg);
		return -1;
	}
	if (warts_reader_compression(r) != WARTS_COMPRESS_NONE) {
		fprintf(stderr, "%s: %s: cannot append to a compressed file\n",
		        PROG, path);
		warts_reader_close(r);
		return -1;
	}
	if ((dec = warts_decoder_new()) == NULL) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		warts_reader_close(r);
		return -1;
	}
	warts_reader_select(r, decl, sizeof(decl) / sizeof(decl[0]));
	while ((rc = warts_reader_read_raw(r, &rec, &len, &type)) > 0) {
		uint64_t at = warts_reader_offset(r) - len;
		warts_object obj;
		uint32_t id = body_id(rec, len), *n = NULL;

		if (type == WARTS_TYPE_LIST)
			n = &nlists;
		else if (type != WARTS_TYPE_CYCLE_STOP)
			n = &ncycles;
		if (n != NULL && id != ++*n) {
			fprintf(stderr, "%s: %s: cannot append: the %s record "
			        "at offset %llu has id %u, not %u (scamper "
			        "cannot read the file either)\n", PROG, path,
			        warts_type_name(type), (unsigned long long)at,
			        id, *n);
			rc = -2;
			break;
		}
		if (warts_decoder_decode(dec, rec, len, at, &obj, &err) != 0) {
			fprintf(stderr, "%s: %s: cannot append: %s\n", PROG,
			        path, err.msg);
			rc = -2;
			break;
		}
		rc = encode(o, &obj, &bytes, &blen, &err);
		warts_object_clear(&obj);
		if (rc != 0) {
			fprintf(stderr, "%s: %s: cannot append: %s\n", PROG,
			        path, err.msg);
			rc = -2;
			break;
		}
	}
	if (rc == -1)
		fprintf(stderr, "%s: %s: cannot append: %s\n", PROG, path,
		        warts_reader_error(r)->msg);
	warts_decoder_free(dec);
	warts_reader_close(r);
	return rc < 0 ? -1 : 0;
}

/* The input, if any, that is the file out describes. */
static const char *same_file(const struct stat *out, int nfiles,
                             char *const *files)
{
	struct stat st;
	for (int i = 0; i < nfiles; i++) {
		int rc = strcmp(files[i], "-") == 0 ?
		         fstat(STDIN_FILENO, &st) : stat(files[i], &st);
		if (rc == 0 && S_ISREG(st.st_mode) &&
		    st.st_dev == out->st_dev && st.st_ino == out->st_ino)
			return files[i];
	}
	return NULL;
}

static int open_output(struct output *o, const char *path, int compress,
                       int nfiles, char *const *files)
{
	static char *const stdin_only[] = { "-" };
	warts_error err;
	struct stat st;
	const char *dup;
	int fd;

	if (nfiles == 0) {
		nfiles = 1;
		files = stdin_only;
	}
	if ((o->enc = warts_encoder_new()) == NULL) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		return -1;
	}
	if (path == NULL || strcmp(path, "-") == 0) {
		o->name = "stdout";
		if (isatty(STDOUT_FILENO)) {
			fprintf(stderr, "%s: not writing warts to a terminal; "
			        "use -o or a redirection\n", PROG);
			return -1;
		}
		if (fstat(STDOUT_FILENO, &st) == 0 &&
		    (dup = same_file(&st, nfiles, files)) != NULL) {
			fprintf(stderr, "%s: %s is both an input and the "
			        "output\n", PROG, shown(dup));
			return -1;
		}
		o->w = warts_writer_fdopen(STDOUT_FILENO, 0, compress, &err);
		if (o->w == NULL) {
			fprintf(stderr, "%s: stdout: %s\n", PROG, err.msg);
			return -1;
		}
		return 0;
	}

	o->name = path;
	if (stat(path, &st) == 0) {
		if ((dup = same_file(&st, nfiles, files)) != NULL) {
			fprintf(stderr, "%s: %s is both an input and the "
			        "output\n", PROG, shown(dup));
			return -1;
		}
		if (compress != WARTS_COMPRESS_NONE && S_ISREG(st.st_mode) &&
		    st.st_size > 0) {
			fprintf(stderr, "%s: %s exists, and a compressed file "
			        "cannot be appended to\n", PROG, path);
			return -1;
		}
	}
	if (compress == WARTS_COMPRESS_NONE)
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
		          0644);
	else
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		          0644);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, path, strerror(errno));
		return -1;
	}
	if (compress == WARTS_COMPRESS_NONE && fstat(fd, &st) == 0 &&
	    S_ISREG(st.st_mode) && st.st_size > 0 &&
	    continue_file(o, path) != 0) {
		close(fd);
		return -1;
	}
	if ((o->w = warts_writer_fdopen(fd, 1, compress, &err)) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", PROG, path, err.msg);
		return -1;
	}
	return 0;
}

static int close_output(struct output *o)
{
	warts_error err;
	int rc = 0;

	if (o->w != NULL && warts_writer_close(o->w, &err) != 0) {
		if (!o->failed)
			fprintf(stderr, "%s: %s: %s\n", PROG, o->name,
			        err.msg);
		rc = -1;
	}
	o->w = NULL;
	warts_encoder_free(o->enc);
	o->enc = NULL;
	canon_free(&o->canon);
	return rc;
}

/* Before anything is created: every named input can be opened. */
static int inputs_readable(int nfiles, char *const *files)
{
	for (int i = 0; i < nfiles; i++) {
		int fd;
		if (strcmp(files[i], "-") == 0)
			continue;
		if ((fd = open(files[i], O_RDONLY | O_CLOEXEC)) < 0) {
			fprintf(stderr, "%s: %s: %s\n", PROG, files[i],
			        strerror(errno));
			return -1;
		}
		close(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	static char *const stdin_only[] = { "-" };
	struct output o = { 0 };
	const char *outpath = NULL, *cname = NULL;
	int ch, sort = 0, compress, status = 0, nfiles;
	char *const *files;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:o:sv", longopts, NULL))
	       != -1) {
		switch (ch) {
		case 'c':
			cname = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case 's':
			sort = 1;
			break;
		case 'v':
			convert_version(PROG);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			fprintf(stderr, "%s: -%c needs an argument (try -? for "
			        "help)\n", PROG, optopt);
			return 1;
		default:
			if (optopt == '?') {
				usage(stdout);
				return 0;
			}
			if (optopt != 0 && isprint(optopt))
				fprintf(stderr, "%s: unknown option -%c (try -? "
				        "for help)\n", PROG, optopt);
			else
				fprintf(stderr, "%s: unknown option %s (try -? "
				        "for help)\n", PROG, argv[optind - 1]);
			return 1;
		}
	}

	if (cname != NULL) {
		char lower[16];
		size_t i;
		for (i = 0; cname[i] != '\0' && i < sizeof(lower) - 1; i++)
			lower[i] = (char)tolower((unsigned char)cname[i]);
		lower[i] = '\0';
		compress = cname[i] == '\0' ? warts_compress_byname(lower) : -1;
		if (compress < 0) {
			fprintf(stderr, "%s: unknown compression '%s' (gz, "
			        "bz2, xz, zst or none)\n", PROG, cname);
			return 1;
		}
	} else if (outpath != NULL && strcmp(outpath, "-") != 0) {
		compress = warts_compress_bypath(outpath);
	} else {
		compress = WARTS_COMPRESS_NONE;
	}

	nfiles = argc - optind;
	files = argv + optind;
	if (sort) {
		int stdins = 0;
		for (int i = 0; i < nfiles; i++)
			stdins += strcmp(files[i], "-") == 0;
		if (stdins > 1) {
			fprintf(stderr, "%s: -s reads its inputs side by side, "
			        "so - can be given only once\n", PROG);
			return 1;
		}
	}
	if (inputs_readable(nfiles, files) != 0)
		return 1;
	if (open_output(&o, outpath, compress, nfiles, files) != 0) {
		close_output(&o);
		return 1;
	}
	if (nfiles == 0) {
		nfiles = 1;
		files = stdin_only;
	}

	cat_types_init();
	if (sort) {
		status = cat_sorted(&o, nfiles, files);
	} else {
		for (int i = 0; i < nfiles; i++) {
			int rc = cat_one(&o, files[i]);
			if (rc < 0) {
				status = 1;
				break;
			}
			status |= rc;
		}
	}
	if (close_output(&o) != 0)
		status = 1;
	return status;
}
