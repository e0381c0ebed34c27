/*
 * test_streams.c: compressed input and output.  For no compression,
 * gzip, bzip2, xz and zstd: the writer's files decompress (with the
 * library and with the system's tools) to what an uncompressed writer
 * writes; the reader reads the tools' files, pipes, concatenated
 * members, and reports corrupt or truncated data; autoflush makes each
 * object visible to another reader at once.
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
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "testlib.h"

/* ---- helpers ----------------------------------------------------------- */

static char tmpdir[64];

static void tmp_init(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/warts-streams-XXXXXX");
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

static int spit(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	size_t off = 0;
	if (fd < 0)
		return -1;
	while (off < n) {
		ssize_t w = write(fd, (const uint8_t *)p + off, n - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	return off == n ? 0 : -1;
}

/* Run a shell command; its stdout into out (if not NULL).  Returns its
 * exit status, or -1. */
static int run(const char *cmd, struct tbuf *out)
{
	FILE *fp = popen(cmd, "r");
	uint8_t chunk[65536];
	size_t n;
	int st;
	if (fp == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (out != NULL)
			tbuf_add(out, chunk, n);
	st = pclose(fp);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

/* ---- the methods ------------------------------------------------------- */

struct method {
	int         c;
	const char *name;
	const char *suffix;
	const char *magic;
	size_t      magiclen;
	const char *tool;      /* compress stdin to stdout */
	const char *untool;    /* decompress a file to stdout */
};

static const struct method methods[] = {
	{ WARTS_COMPRESS_NONE, "none", "", "\x12\x05", 2, "cat", "cat" },
	{ WARTS_COMPRESS_GZIP, "gzip", ".gz", "\x1f\x8b", 2, "gzip -c",
	  "gzip -dc" },
	{ WARTS_COMPRESS_BZIP2, "bzip2", ".bz2", "BZh", 3, "bzip2 -c",
	  "bzip2 -dc" },
	{ WARTS_COMPRESS_XZ, "xz", ".xz", "\xfd" "7zXZ\0", 6, "xz -c",
	  "xz -dc" },
	{ WARTS_COMPRESS_ZSTD, "zstd", ".zst", "\x28\xb5\x2f\xfd", 4,
	  "zstd -qc", "zstd -qdc" },
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))

/* Whether the system's tool for a method is installed. */
static int tool_ok[NMETHODS];

static void find_tools(void)
{
	for (size_t i = 0; i < NMETHODS; i++) {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "command -v %.*s >/dev/null 2>&1",
		         (int)strcspn(methods[i].tool, " "), methods[i].tool);
		tool_ok[i] = run(cmd, NULL) == 0;
		if (!tool_ok[i])
			diag("no %s tool: its interoperability checks are "
			     "skipped", methods[i].name);
	}
}

/* ---- the objects ------------------------------------------------------- */

struct objs {
	warts_object *o;
	size_t        n, cap;
};

static void objs_add(struct objs *s, warts_object o)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->o = realloc(s->o, s->cap * sizeof(*s->o));
	}
	s->o[s->n++] = o;
}

static void objs_free(struct objs *s)
{
	for (size_t i = 0; i < s->n; i++)
		warts_object_clear(&s->o[i]);
	free(s->o);
	memset(s, 0, sizeof(*s));
}

/* Every object of a corpus file. */
static void objs_corpus(struct objs *s, const char *name)
{
	char src[512];
	warts_error err;
	warts_reader *r = warts_reader_open(corpus(src, name), &err);
	warts_object o;
	if (r == NULL)
		return;
	while (warts_reader_read(r, &o) > 0)
		objs_add(s, o);
	warts_reader_close(r);
}

static void rnd_addr(warts_addr *a, int v6)
{
	if (v6) {
		uint8_t b[16] = { 0x20, 0x01, 0x0d, 0xb8 };
		for (int i = 8; i < 16; i++)
			b[i] = (uint8_t)rnd();
		warts_addr_set(a, WARTS_ADDR_IPV6, b);
	} else {
		/* 198.18.0.0/15 */
		uint8_t b[4] = { 198, (uint8_t)(18 + (rnd() & 1)),
		                 (uint8_t)rnd(), (uint8_t)rnd() };
		warts_addr_set(a, WARTS_ADDR_IPV4, b);
	}
}

/*
 * A list, a cycle, ntraces traces of pseudo-random content (so that the
 * compressed stream is large too), an opaque record of opaque_len random
 * bytes, and the cycle's stop.
 */
static void objs_built(struct objs *s, int ntraces, uint32_t opaque_len)
{
	warts_list *l = warts_list_alloc(99, "built");
	warts_cycle *c = warts_cycle_alloc(l, 7, 1700000000);
	warts_object o;

	warts_strset(&l->descr, "objects built in code");
	warts_strset(&l->monitor, "monitor.example");
	warts_strset(&c->hostname, "host.example");
	o.type = WARTS_TYPE_LIST;
	o.u.list = warts_list_ref(l);
	objs_add(s, o);
	o.type = WARTS_TYPE_CYCLE_START;
	o.u.cycle = warts_cycle_ref(c);
	objs_add(s, o);
	for (int i = 0; i < ntraces; i++) {
		warts_trace *t = warts_trace_alloc();
		int v6 = (i % 3) == 0;
		unsigned hops = 1 + rnd() % 6;
		t->list = warts_list_ref(l);
		t->cycle = warts_cycle_ref(c);
		rnd_addr(&t->src, v6);
		rnd_addr(&t->dst, v6);
		t->start.sec = 1700000000 + (uint32_t)i;
		t->start.usec = rnd() % 1000000;
		t->type = WARTS_TRACE_UDP_PARIS;
		t->probe_size = 44;
		t->sport = (uint16_t)rnd();
		t->dport = 33435;
		t->stop_reason = WARTS_TRACE_STOP_COMPLETED;
		t->hop_count = (uint16_t)hops;
		t->attempts = 2;
		t->hoplimit = 32;
		t->wait = 5;
		for (unsigned h = 0; h < hops; h++) {
			warts_trace_hop *hp = warts_trace_hop_add(t);
			if (h + 1 == hops)
				hp->addr = t->dst;
			else
				rnd_addr(&hp->addr, v6);
			hp->probe_ttl = (uint8_t)(h + 1);
			hp->probe_id = 1;
			hp->probe_size = 44;
			hp->rtt = rnd() % 300000;
			hp->reply_ttl = (uint8_t)(64 - h);
			hp->reply_size = 56;
			hp->reply_ipid = (uint16_t)rnd();
			hp->flags = WARTS_TRACE_HOP_REPLYTTL;
			hp->icmp_type = h + 1 == hops ? 3 : 11;
			hp->icmp_code = h + 1 == hops ? 3 : 0;
			hp->icmp_q_ipl = 44;
			hp->icmp_q_ttl = 1;
		}
		o.type = WARTS_TYPE_TRACE;
		o.u.trace = t;
		objs_add(s, o);
	}
	if (opaque_len > 0) {
		o.type = 4242;
		o.u.opaque.len = opaque_len;
		o.u.opaque.data = malloc(opaque_len);
		for (uint32_t i = 0; i < opaque_len; i++)
			o.u.opaque.data[i] = (uint8_t)rnd();
		objs_add(s, o);
	}
	c->stop_time = 1700009999;
	o.type = WARTS_TYPE_CYCLE_STOP;
	o.u.cycle = c;        /* our reference */
	objs_add(s, o);
	warts_list_unref(l);
}

/* Write the objects with a writer; returns 0 or -1. */
static int write_objs(const char *path, int compress, const struct objs *s,
                      size_t from, size_t to)
{
	warts_error err;
	warts_writer *w = warts_writer_open(path, compress, &err);
	int rc = 0;
	if (w == NULL) {
		diag("open %s: %s", path, err.msg);
		return -1;
	}
	for (size_t i = from; i < to && i < s->n; i++)
		if (warts_writer_write(w, &s->o[i]) != 0) {
			diag("write %zu: %s", i, warts_writer_error(w)->msg);
			rc = -1;
		}
	if (warts_writer_close(w, &err) != 0) {
		diag("close: %s", err.msg);
		rc = -1;
	}
	return rc;
}

/*
 * The records of a reader as bytes, through read_raw.  Returns the count
 * of records, or -1 - count on an error (message in why).
 */
static long raw_of(warts_reader *r, struct tbuf *out, char *why,
                   size_t whylen)
{
	const uint8_t *rec;
	size_t len;
	long n = 0;
	int rc;
	while ((rc = warts_reader_read_raw(r, &rec, &len, NULL)) > 0) {
		tbuf_add(out, rec, len);
		n++;
	}
	if (rc < 0) {
		snprintf(why, whylen, "%s", warts_reader_error(r)->msg);
		return -1 - n;
	}
	return n;
}

/* Objects read and re-encoded with one encoder. */
static long objs_of(warts_reader *r, struct tbuf *out)
{
	warts_encoder *enc = warts_encoder_new();
	warts_object o;
	warts_error err;
	long n = 0;
	int rc;
	while ((rc = warts_reader_read(r, &o)) > 0) {
		const uint8_t *p;
		size_t len;
		if (warts_encoder_encode(enc, &o, &p, &len, &err) == 0)
			tbuf_add(out, p, len);
		warts_object_clear(&o);
		n++;
	}
	warts_encoder_free(enc);
	return rc < 0 ? -1 - n : n;
}

static int same(const struct tbuf *a, const struct tbuf *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* ---- suffixes and names ------------------------------------------------ */

static void test_names(void)
{
	static const struct { const char *path; int c; } paths[] = {
		{ "out.warts", WARTS_COMPRESS_NONE },
		{ "out.warts.gz", WARTS_COMPRESS_GZIP },
		{ "out.warts.bz2", WARTS_COMPRESS_BZIP2 },
		{ "out.warts.xz", WARTS_COMPRESS_XZ },
		{ "out.warts.zst", WARTS_COMPRESS_ZSTD },
		{ "/tmp/dir.gz/out.warts", WARTS_COMPRESS_NONE },
		{ "out.gz.warts", WARTS_COMPRESS_NONE },
		{ ".gz", WARTS_COMPRESS_GZIP },
		{ "gz", WARTS_COMPRESS_NONE },
		{ "", WARTS_COMPRESS_NONE },
		{ "-", WARTS_COMPRESS_NONE },
		{ "out.tgz", WARTS_COMPRESS_NONE },
		{ "out.zstd", WARTS_COMPRESS_NONE },
		{ "out.warts.bz", WARTS_COMPRESS_NONE },
		{ "a.xz.gz", WARTS_COMPRESS_GZIP },
	};
	static const struct { const char *name; int c; } names[] = {
		{ "none", WARTS_COMPRESS_NONE }, { "gz", WARTS_COMPRESS_GZIP },
		{ "gzip", WARTS_COMPRESS_GZIP }, { "bz2", WARTS_COMPRESS_BZIP2 },
		{ "bzip2", WARTS_COMPRESS_BZIP2 }, { "xz", WARTS_COMPRESS_XZ },
		{ "zst", WARTS_COMPRESS_ZSTD }, { "zstd", WARTS_COMPRESS_ZSTD },
		{ "", -1 }, { "lz4", -1 }, { "gzip2", -1 }, { "g", -1 },
		{ ".gz", -1 }, { "zstd ", -1 },
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		is_int(warts_compress_bypath(paths[i].path), paths[i].c,
		       "bypath '%s'", paths[i].path);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		is_int(warts_compress_byname(names[i].name), names[i].c,
		       "byname '%s'", names[i].name);
}

/* ---- writing and reading each method ----------------------------------- */

static void test_methods(const struct objs *all, const struct tbuf *plain)
{
	char path[256], cmd[600], why[400];

	for (size_t m = 0; m < NMETHODS; m++) {
		const struct method *mt = &methods[m];
		struct tbuf file = {0}, raw = {0}, enc = {0}, tool = {0};
		warts_error err;
		warts_reader *r;
		long n;
		char name[64];

		snprintf(name, sizeof(name), "rt.warts%s", mt->suffix);
		tmpf(path, name);
		is_int(warts_compress_bypath(path), mt->c,
		       "%s: bypath of %s", mt->name, name);
		if (!ok(write_objs(path, warts_compress_bypath(path), all, 0,
		                   all->n) == 0, "%s: %zu objects written",
		        mt->name, all->n))
			continue;
		slurp(path, &file);
		ok(file.len >= mt->magiclen &&
		   memcmp(file.p, mt->magic, mt->magiclen) == 0,
		   "%s: the file starts with the magic bytes", mt->name);
		if (mt->c != WARTS_COMPRESS_NONE)
			ok(file.len < plain->len, "%s: it is smaller (%zu < %zu)",
			   mt->name, file.len, plain->len);
		else
			ok(same(&file, plain), "none: the file is the records");

		r = warts_reader_open(path, &err);
		is_int(warts_reader_compression(r), mt->c,
		       "%s: the reader detects it", mt->name);
		n = raw_of(r, &raw, why, sizeof(why));
		is_int(n, (long)all->n, "%s: every record read back", mt->name);
		ok(same(&raw, plain), "%s: the records are those an "
		   "uncompressed writer writes", mt->name);
		is_int(warts_reader_offset(r), plain->len,
		       "%s: the offset counts uncompressed bytes", mt->name);
		warts_reader_close(r);

		r = warts_reader_open(path, &err);
		n = objs_of(r, &enc);
		ok(n == (long)all->n && same(&enc, plain),
		   "%s: the objects read encode to the same records", mt->name);
		warts_reader_close(r);

		if (tool_ok[m]) {
			/* the system's tool decompresses it */
			snprintf(cmd, sizeof(cmd), "%s '%s'", mt->untool, path);
			is_int(run(cmd, &tool), 0, "%s: `%s` succeeds", mt->name,
			       mt->untool);
			ok(same(&tool, plain), "%s: `%s` gives the same bytes",
			   mt->name, mt->untool);
			tbuf_free(&tool);

			/* and the reader reads the tool's own files */
			snprintf(name, sizeof(name), "tool.warts%s", mt->suffix);
			snprintf(cmd, sizeof(cmd), "%s < '%s/plain.warts' > "
			         "'%s/%s'", mt->tool, tmpdir, tmpdir, name);
			run(cmd, NULL);
			r = warts_reader_open(tmpf(path, name), &err);
			tbuf_free(&raw);
			n = raw_of(r, &raw, why, sizeof(why));
			ok(n == (long)all->n && same(&raw, plain),
			   "%s: a file `%s` wrote reads the same", mt->name,
			   mt->tool);
			is_int(warts_reader_compression(r), mt->c,
			       "%s: and is detected", mt->name);
			warts_reader_close(r);
		}
		tbuf_free(&file);
		tbuf_free(&raw);
		tbuf_free(&enc);
	}
}

/* ---- pipes ------------------------------------------------------------- */

/*
 * A child writes p to fd: in one go, or (dribble) in pieces of 1 to 13
 * bytes with pauses, so that the reader sees short reads, even of the
 * magic bytes.
 */
static pid_t feeder(int fd, const uint8_t *p, size_t n, int dribble)
{
	pid_t pid;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		size_t off = 0;
		unsigned k = 0;
		signal(SIGPIPE, SIG_DFL);
		while (off < n) {
			size_t want = n - off;
			ssize_t w;
			if (dribble && want > 1 + k % 13)
				want = 1 + k % 13;
			w = write(fd, p + off, want);
			if (w <= 0)
				_exit(1);
			off += (size_t)w;
			if (dribble && k++ < 400)
				usleep(300);
		}
		_exit(0);
	}
	close(fd);
	return pid;
}

static void test_pipes(const struct tbuf *plain, const struct tbuf *small)
{
	char path[256], why[400];

	for (size_t m = 0; m < NMETHODS; m++) {
		const struct method *mt = &methods[m];
		char name[64];
		struct tbuf file = {0}, raw = {0};

		snprintf(name, sizeof(name), "rt.warts%s", mt->suffix);
		slurp(tmpf(path, name), &file);
		for (int dribble = 0; dribble < 2; dribble++) {
			int p[2], status = 0;
			warts_error err;
			warts_reader *r;
			pid_t pid;
			long n;
			double t0 = now();

			if (pipe(p) != 0)
				break;
			if (dribble) {
				/* a small file, slowly: the corpus objects */
				struct tbuf sm = {0};
				snprintf(name, sizeof(name), "small.warts%s",
				         mt->suffix);
				slurp(tmpf(path, name), &sm);
				pid = feeder(p[1], sm.p, sm.len, 1);
				tbuf_free(&sm);
			} else {
				pid = feeder(p[1], file.p, file.len, 0);
			}
			r = warts_reader_fdopen(p[0], 1, &err);
			if (!ok(r != NULL, "%s: fdopen on a pipe: %s", mt->name,
			        r ? "" : err.msg)) {
				close(p[0]);
				waitpid(pid, &status, 0);
				continue;
			}
			is_int(warts_reader_compression(r), mt->c,
			       "%s%s: detected on a pipe", mt->name,
			       dribble ? " (dribbled)" : "");
			tbuf_free(&raw);
			n = raw_of(r, &raw, why, sizeof(why));
			ok(n >= 0 && same(&raw, dribble ? small : plain),
			   "%s%s: read through a pipe, `%s | tool`: %ld records "
			   "%s", mt->name, dribble ? " (dribbled)" : "",
			   mt->untool, n < 0 ? -1 - n : n, n < 0 ? why : "");
			warts_reader_close(r);
			waitpid(pid, &status, 0);
			ok(now() - t0 < 30, "%s: in %.2f s", mt->name,
			   now() - t0);
		}
		tbuf_free(&file);
		tbuf_free(&raw);
	}
}

/* ---- concatenated members ---------------------------------------------- */

static void test_concat(const struct tbuf *a, const struct tbuf *b)
{
	char path[256], cmd[1200], why[400];
	struct tbuf ab = {0};

	tbuf_add(&ab, a->p, a->len);
	tbuf_add(&ab, b->p, b->len);
	for (size_t m = 1; m < NMETHODS; m++) {
		const struct method *mt = &methods[m];
		struct tbuf raw = {0}, x = {0}, y = {0};
		warts_error err;
		warts_reader *r;
		long n;

		/* the library's own members, joined with cat */
		{
			char pa[256], pb[256], name[64];
			snprintf(name, sizeof(name), "a.warts%s", mt->suffix);
			tmpf(pa, name);
			snprintf(name, sizeof(name), "b.warts%s", mt->suffix);
			tmpf(pb, name);
			slurp(pa, &x);
			slurp(pb, &y);
			tbuf_add(&x, y.p, y.len);
			spit(tmpf(path, "cat-lib"), x.p, x.len);
			r = warts_reader_open(path, &err);
			n = raw_of(r, &raw, why, sizeof(why));
			ok(n >= 0 && same(&raw, &ab),
			   "%s: cat a.warts%s b.warts%s reads as one stream %s",
			   mt->name, mt->suffix, mt->suffix, n < 0 ? why : "");
			warts_reader_close(r);
			tbuf_free(&raw);
			tbuf_free(&x);
			tbuf_free(&y);
		}
		if (!tool_ok[m])
			continue;

		/* tool a > x; tool b >> x */
		snprintf(cmd, sizeof(cmd),
		         "%s < '%s/a.warts' > '%s/cat-tool' && "
		         "%s < '%s/b.warts' >> '%s/cat-tool'",
		         mt->tool, tmpdir, tmpdir, mt->tool, tmpdir, tmpdir);
		is_int(run(cmd, NULL), 0, "%s: two members by the tool",
		       mt->name);
		r = warts_reader_open(tmpf(path, "cat-tool"), &err);
		n = raw_of(r, &raw, why, sizeof(why));
		ok(n >= 0 && same(&raw, &ab), "%s: `%s a > x; %s b >> x` reads "
		   "as a then b %s", mt->name, mt->tool, mt->tool,
		   n < 0 ? why : "");
		warts_reader_close(r);
		tbuf_free(&raw);

		/* with an empty member between, and three more of a */
		snprintf(cmd, sizeof(cmd),
		         "(%s < '%s/a.warts'; %s < /dev/null; "
		         "%s < '%s/b.warts'; %s < '%s/a.warts') > "
		         "'%s/cat-tool3'",
		         mt->tool, tmpdir, mt->tool, mt->tool, tmpdir,
		         mt->tool, tmpdir, tmpdir);
		run(cmd, NULL);
		r = warts_reader_open(tmpf(path, "cat-tool3"), &err);
		n = raw_of(r, &raw, why, sizeof(why));
		tbuf_add(&ab, a->p, a->len);
		ok(n >= 0 && same(&raw, &ab), "%s: a, an empty member, b, a: "
		   "all read %s", mt->name, n < 0 ? why : "");
		ab.len -= a->len;
		warts_reader_close(r);
		tbuf_free(&raw);

		/* the same through a pipe */
		{
			struct tbuf f = {0};
			int p[2], status;
			pid_t pid;
			slurp(tmpf(path, "cat-tool"), &f);
			if (pipe(p) == 0) {
				pid = feeder(p[1], f.p, f.len, 0);
				r = warts_reader_fdopen(p[0], 1, &err);
				n = raw_of(r, &raw, why, sizeof(why));
				ok(n >= 0 && same(&raw, &ab), "%s: two members "
				   "through a pipe %s", mt->name,
				   n < 0 ? why : "");
				warts_reader_close(r);
				waitpid(pid, &status, 0);
				tbuf_free(&raw);
			}
			tbuf_free(&f);
		}
	}
	tbuf_free(&ab);
}

/* ---- damage ------------------------------------------------------------ */

/* Read every object; returns the reader's last result. */
static int read_to_end(const char *path, long *nobj, warts_error *out)
{
	warts_error err;
	warts_reader *r = warts_reader_open(path, &err);
	warts_object o;
	int rc;
	*nobj = 0;
	if (r == NULL) {
		*out = err;
		return -2;
	}
	while ((rc = warts_reader_read(r, &o)) > 0) {
		warts_object_clear(&o);
		(*nobj)++;
	}
	if (rc < 0)
		*out = *warts_reader_error(r);
	else
		memset(out, 0, sizeof(*out));
	warts_reader_close(r);
	return rc;
}

static void test_corrupt(long total)
{
	char path[256], name[64];

	for (size_t m = 1; m < NMETHODS; m++) {
		const struct method *mt = &methods[m];
		for (int src = 0; src < 2; src++) {
			struct tbuf file = {0};
			static const int where[] = { 25, 50, 75 };
			if (src == 1 && !tool_ok[m])
				continue;
			snprintf(name, sizeof(name), "%s.warts%s",
			         src ? "tool" : "rt", mt->suffix);
			slurp(tmpf(path, name), &file);
			for (size_t k = 0; k < 3; k++) {
				struct tbuf bad = {0};
				size_t at = file.len * (size_t)where[k] / 100;
				warts_error e;
				long n;
				int rc;
				double t0 = now();
				tbuf_add(&bad, file.p, file.len);
				for (size_t i = 0; i < 4 && at + i < bad.len; i++)
					bad.p[at + i] ^= 0x5a;
				spit(tmpf(path, "corrupt"), bad.p, bad.len);
				rc = read_to_end(path, &n, &e);
				ok(rc == -1 && e.msg[0] != '\0',
				   "%s (%s): bytes flipped at %d%%: an error after "
				   "%ld of %ld objects: %s", mt->name,
				   src ? "tool" : "library", where[k], n, total,
				   rc == -1 ? e.msg : "no error");
				ok(now() - t0 < 10, "  and promptly (%.2f s)",
				   now() - t0);
				tbuf_free(&bad);
			}

			/* cut short: half, and just the first bytes */
			for (int k = 0; k < 2; k++) {
				size_t cut = k ? 10 : file.len / 2;
				warts_error e;
				long n;
				int rc;
				spit(tmpf(path, "cut"), file.p, cut);
				rc = read_to_end(path, &n, &e);
				ok(rc == -1 && e.code == WARTS_ERR_TRUNCATED,
				   "%s (%s): cut to %zu bytes: TRUNCATED after %ld "
				   "objects: %s", mt->name, src ? "tool" :
				   "library", cut, n, rc == -1 ? e.msg :
				   "no error");
			}
			tbuf_free(&file);
		}
	}

	/* only the gzip magic, and a short junk file */
	{
		warts_error e;
		long n;
		spit(tmpf(path, "magic-only"), "\x1f\x8b", 2);
		ok(read_to_end(path, &n, &e) == -1 &&
		   e.code == WARTS_ERR_TRUNCATED,
		   "a file of the two gzip magic bytes: TRUNCATED: %s", e.msg);
		spit(path, "BZh9", 4);
		ok(read_to_end(path, &n, &e) == -1,
		   "a file of 'BZh9': an error: %s", e.msg);
	}
}

/*
 * A compressed stream followed by bytes that are not another member
 * (cat a.warts.gz b.warts > x): the reader must not stop there as at a
 * clean end, dropping b silently.  Either it reads b too, or, as
 * reader.h promises for a corrupt file, it returns every complete object
 * before the damage (all of a's) and then -1.
 */
static void test_trailing(const struct tbuf *b)
{
	char path[256], name[64];

	for (size_t m = 1; m < NMETHODS; m++) {
		const struct method *mt = &methods[m];
		struct tbuf x = {0};
		warts_error e;
		long n, na = 0;
		int rc;

		snprintf(name, sizeof(name), "a.warts%s", mt->suffix);
		slurp(tmpf(path, name), &x);
		tbuf_add(&x, b->p, b->len);
		spit(tmpf(path, "trailing"), x.p, x.len);
		rc = read_to_end(path, &n, &e);
		{
			/* objects in a alone */
			warts_error e2;
			snprintf(name, sizeof(name), "a.warts%s", mt->suffix);
			read_to_end(tmpf(path, name), &na, &e2);
		}
		ok(rc == -1 || n > na, "%s: a plain warts file after the "
		   "compressed one is not silently dropped (rc %d, %ld objects, "
		   "%ld in the compressed part)%s%s", mt->name, rc, n, na,
		   rc == -1 ? ": " : "", rc == -1 ? e.msg : "");
		ok(n >= na, "%s: every object of the intact compressed part "
		   "is returned before any error (%ld of %ld)", mt->name, n,
		   na);
		tbuf_free(&x);
	}
}

/* ---- autoflush --------------------------------------------------------- */

static void test_autoflush(void)
{
	char path[256], name[64];
	warts_list *l = warts_list_alloc(1, "af");
	warts_cycle *c = warts_cycle_alloc(l, 1, 1700000000);

	for (size_t m = 0; m < NMETHODS; m++) {
		const struct method *mt = &methods[m];
		warts_error err;
		warts_writer *w;
		warts_object o;
		int seen[3] = {0};

		snprintf(name, sizeof(name), "af.warts%s", mt->suffix);
		w = warts_writer_open(tmpf(path, name), mt->c, &err);
		warts_writer_autoflush(w, 1);
		for (int k = 0; k < 3; k++) {
			warts_reader *r;
			int rc, got = 0, badorder = 0;
			static const char *const dst[] = {
				"198.51.100.1", "198.51.100.2", "2001:db8::3" };
			o.type = WARTS_TYPE_TRACE;
			o.u.trace = warts_trace_alloc();
			o.u.trace->list = warts_list_ref(l);
			o.u.trace->cycle = warts_cycle_ref(c);
			warts_addr_fromstr(&o.u.trace->dst, dst[k]);
			warts_writer_write(w, &o);
			warts_object_clear(&o);

			/* another reader of the same file, as the writer goes */
			r = warts_reader_open(path, &err);
			{
				const uint16_t t[] = { WARTS_TYPE_TRACE };
				warts_reader_select(r, t, 1);
			}
			while (got <= k &&
			       (rc = warts_reader_read(r, &o)) > 0) {
				warts_addr want;
				warts_addr_fromstr(&want, dst[got]);
				if (warts_addr_cmp(&o.u.trace->dst, &want) != 0)
					badorder++;
				got++;
				warts_object_clear(&o);
			}
			warts_reader_close(r);
			seen[k] = got == k + 1 && badorder == 0;
		}
		ok(seen[0], "%s, autoflush: a second reader sees the first "
		   "object as soon as it is written", mt->name);
		ok(seen[1] && seen[2], "%s, autoflush: and the second and "
		   "third", mt->name);
		is_int(warts_writer_close(w, &err), 0, "%s: close", mt->name);
		{
			warts_error e;
			long n;
			int rc = read_to_end(path, &n, &e);
			ok(rc == 0 && n == 5, "%s: after close, a clean file of 5 "
			   "objects (%d, %ld)", mt->name, rc, n);
		}
	}
	warts_cycle_unref(c);
	warts_list_unref(l);
}

int main(void)
{
	struct objs all = {0}, small = {0};
	struct tbuf plain = {0}, plain_small = {0}, a = {0}, b = {0};
	char path[256];
	size_t split_at;

	alarm(600);
	signal(SIGPIPE, SIG_IGN);
	tmp_init();
	find_tools();

	/* the corpus objects, then objects built in code */
	objs_corpus(&all, "new2026-trace-multi-v4v6.warts");
	split_at = all.n;
	objs_built(&all, 3000, 300 * 1024);
	objs_corpus(&small, "new2026-trace-multi-v4v6.warts");
	if (split_at != 8 || all.n < 3000) {
		printf("Bail out! cannot build the test objects\n");
		return 1;
	}

	/* what an uncompressed writer writes */
	write_objs(tmpf(path, "plain.warts"), WARTS_COMPRESS_NONE, &all, 0,
	           all.n);
	slurp(path, &plain);
	ok(plain.len > 500000, "%zu objects, %zu bytes uncompressed", all.n,
	   plain.len);
	write_objs(tmpf(path, "a.warts"), WARTS_COMPRESS_NONE, &all, 0,
	           split_at);
	slurp(path, &a);
	write_objs(tmpf(path, "b.warts"), WARTS_COMPRESS_NONE, &all, split_at,
	           all.n);
	slurp(path, &b);
	write_objs(tmpf(path, "small.warts"), WARTS_COMPRESS_NONE, &small, 0,
	           small.n);
	slurp(path, &plain_small);
	for (size_t m = 1; m < NMETHODS; m++) {
		char name[64];
		snprintf(name, sizeof(name), "a.warts%s", methods[m].suffix);
		write_objs(tmpf(path, name), methods[m].c, &all, 0, split_at);
		snprintf(name, sizeof(name), "b.warts%s", methods[m].suffix);
		write_objs(tmpf(path, name), methods[m].c, &all, split_at,
		           all.n);
		snprintf(name, sizeof(name), "small.warts%s",
		         methods[m].suffix);
		write_objs(tmpf(path, name), methods[m].c, &small, 0, small.n);
	}

	test_names();
	test_methods(&all, &plain);
	test_pipes(&plain, &plain_small);
	test_concat(&a, &b);
	test_corrupt((long)all.n);
	test_trailing(&b);
	test_autoflush();

	objs_free(&all);
	objs_free(&small);
	tbuf_free(&plain);
	tbuf_free(&plain_small);
	tbuf_free(&a);
	tbuf_free(&b);
	tmp_cleanup();
	return done_testing();
}
