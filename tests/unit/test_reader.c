/*
 * test_reader.c: the file-level reader and the in-memory decoder: clean
 * ends and errors, stdin, record selection, record size limits, raw
 * records and offsets, records from the future, lists and cycles across
 * concatenated files, reference counts, and deprecated global addresses.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "testlib.h"

/* ---- helpers ----------------------------------------------------------- */

static char tmpdir[64];

static void tmp_init(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/warts-reader-XXXXXX");
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

/* A path in the temporary directory; buf must hold 256 bytes. */
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
	ssize_t w = 0;
	if (fd < 0)
		return -1;
	if (n > 0)
		w = write(fd, p, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

static void tb_u8(struct tbuf *b, uint8_t v)
{
	tbuf_add(b, &v, 1);
}

static void tb_u16(struct tbuf *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	tbuf_add(b, x, 2);
}

static void tb_u32(struct tbuf *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	                 (uint8_t)(v >> 8), (uint8_t)v };
	tbuf_add(b, x, 4);
}

static void tb_str(struct tbuf *b, const char *s)
{
	tbuf_add(b, s, strlen(s) + 1);
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

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Start a record: header with a zero length, fixed by rec_end. */
static size_t rec_begin(struct tbuf *b, uint16_t type)
{
	size_t at = b->len;
	tb_u16(b, 0x1205);
	tb_u16(b, type);
	tb_u32(b, 0);
	return at;
}

static void rec_end(struct tbuf *b, size_t at)
{
	put32(b->p + at + 4, (uint32_t)(b->len - at - 8));
}

/* Read every object of r; returns the count, or -1 - count on error. */
static long drain(warts_reader *r)
{
	warts_object obj;
	long n = 0;
	int rc;
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		warts_object_clear(&obj);
		n++;
	}
	return rc < 0 ? -1 - n : n;
}

/* Encode objs with one encoder into out. */
static int encode_all(const warts_object *objs, size_t n, struct tbuf *out)
{
	warts_encoder *enc = warts_encoder_new();
	warts_error err = {0};
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const uint8_t *p;
		size_t len;
		if (warts_encoder_encode(enc, &objs[i], &p, &len, &err) != 0) {
			diag("encode object %zu: %s", i, err.msg);
			rc = -1;
		} else {
			tbuf_add(out, p, len);
		}
	}
	warts_encoder_free(enc);
	return rc;
}

static int has(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

static long maxrss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A trace with a destination, a source and one reply. */
static warts_trace *small_trace(warts_list *l, warts_cycle *c,
                                const char *dst)
{
	warts_trace *t = warts_trace_alloc();
	warts_trace_hop *h;
	t->list = warts_list_ref(l);
	t->cycle = warts_cycle_ref(c);
	warts_addr_fromstr(&t->src, "192.0.2.1");
	warts_addr_fromstr(&t->dst, dst);
	warts_addr_fromstr(&t->rtr, "192.0.2.254");
	t->start.sec = 1700000000;
	t->start.usec = 250000;
	t->userid = 77;
	t->type = WARTS_TRACE_UDP_PARIS;
	t->probe_size = 44;
	t->hop_count = 1;
	h = warts_trace_hop_add(t);
	warts_addr_fromstr(&h->addr, "203.0.113.1");
	h->probe_ttl = 1;
	h->probe_id = 1;
	h->probe_size = 44;
	h->rtt = 1234;
	h->icmp_type = 11;
	return t;
}

/* The bytes of one trace with no list and no cycle. */
static void small_trace_bytes(struct tbuf *out, const char *dst)
{
	warts_object o = { .type = WARTS_TYPE_TRACE };
	o.u.trace = small_trace(NULL, NULL, dst);
	encode_all(&o, 1, out);
	warts_object_clear(&o);
}

/*
 * Copy rec (one whole record) to out with parameter `bit` set in the
 * flags block starting at flags_at and n bytes appended to that block's
 * parameters; the parameter length and the record length are adjusted.
 */
static void add_param(const uint8_t *rec, size_t len, size_t flags_at,
                      unsigned bit, const void *extra, size_t n,
                      struct tbuf *out)
{
	uint8_t nf[32];
	size_t p = flags_at, nflags, need, params_at, params_end, k;
	uint16_t plen = 0;
	size_t start = out->len;

	while (rec[p] & 0x80)
		p++;
	p++;
	nflags = p - flags_at;
	if (rec[flags_at] != 0) {
		plen = get16(rec + p);
		params_at = p + 2;
	} else {
		params_at = p;
	}
	params_end = params_at + plen;
	need = (bit - 1) / 7 + 1;
	k = nflags > need ? nflags : need;
	memset(nf, 0, sizeof(nf));
	for (size_t i = 0; i < nflags; i++)
		nf[i] = rec[flags_at + i] & 0x7f;
	nf[(bit - 1) / 7] |= (uint8_t)(1u << ((bit - 1) % 7));
	for (size_t i = 0; i + 1 < k; i++)
		nf[i] |= 0x80;

	tbuf_add(out, rec, flags_at);
	tbuf_add(out, nf, k);
	tb_u16(out, (uint16_t)(plen + n));
	tbuf_add(out, rec + params_at, plen);
	tbuf_add(out, extra, n);
	tbuf_add(out, rec + params_end, len - params_end);
	put32(out->p + start + 4, (uint32_t)(out->len - start - 8));
}

/* ---- clean ends and errors --------------------------------------------- */

static void test_empty(void)
{
	char path[256];
	warts_error err = {0};
	warts_reader *r;
	warts_object obj;
	const uint8_t *rec;
	size_t len;

	spit(tmpf(path, "empty.warts"), "", 0);
	r = warts_reader_open(path, &err);
	if (!ok(r != NULL, "an empty file opens"))
		return;
	is_int(warts_reader_read(r, &obj), 0, "an empty file is a clean end");
	ok(warts_reader_error(r) == NULL, "no error after a clean end");
	is_int(obj.type, 0, "the object is left empty");
	is_int(warts_reader_read(r, &obj), 0, "and stays at its end");
	is_int(warts_reader_read_raw(r, &rec, &len, NULL), 0,
	       "read_raw also ends cleanly");
	ok(rec == NULL && len == 0, "read_raw at the end gives no record");
	is_int(warts_reader_offset(r), 0, "offset 0");
	is_int(warts_reader_compression(r), WARTS_COMPRESS_NONE,
	       "an empty file is not compressed");
	warts_reader_close(r);
	warts_reader_close(NULL);
	ok(1, "closing NULL is harmless");
}

static void test_not_warts(void)
{
	static const char text[] = "This is a text file, not a warts "
	                           "file.\nIt has two lines.\n";
	char path[256], src[512];
	struct tbuf b = {0};
	warts_error err = {0};
	warts_reader *r;
	warts_object obj;
	const warts_error *e;
	const uint8_t *rec;
	size_t len;
	long n;

	spit(tmpf(path, "text.txt"), text, sizeof(text) - 1);
	r = warts_reader_open(path, &err);
	if (!ok(r != NULL, "a text file opens"))
		return;
	is_int(warts_reader_read(r, &obj), -1, "a text file gives -1");
	e = warts_reader_error(r);
	if (ok(e != NULL, "with an error")) {
		ok(has(e->msg, "not a warts record"),
		   "message says 'not a warts record': %s", e->msg);
		ok(has(e->msg, "offset 0"), "message names offset 0");
		is_int(e->code, WARTS_ERR_CORRUPT, "error code CORRUPT");
		is_int(e->offset, 0, "error offset 0");
		ok(strchr(e->msg, '\n') == NULL, "the message is one line");
	}
	is_int(warts_reader_read(r, &obj), -1, "the next read fails again");
	is_int(warts_reader_read_raw(r, &rec, &len, NULL), -1,
	       "and so does read_raw");
	warts_reader_close(r);

	/* a warts file followed by text: the objects, then the offset */
	slurp(corpus(src, "new2026-trace-icmp-v4.warts"), &b);
	tbuf_add(&b, text, sizeof(text) - 1);
	spit(tmpf(path, "warts-then-text.warts"), b.p, b.len);
	r = warts_reader_open(path, &err);
	n = drain(r);
	is_int(n, -1 - 4, "warts then text: 4 objects, then an error");
	e = warts_reader_error(r);
	{
		char want[64];
		snprintf(want, sizeof(want), "offset %zu",
		         b.len - (sizeof(text) - 1));
		ok(e != NULL && has(e->msg, want) &&
		   has(e->msg, "not a warts record"),
		   "the error names '%s': %s", want, e ? e->msg : "");
		is_int(e ? (long long)e->offset : -1,
		       (long long)(b.len - (sizeof(text) - 1)),
		       "error offset is where the text starts");
	}
	warts_reader_close(r);
	tbuf_free(&b);
}

static void test_open_errors(void)
{
	char path[256];
	warts_error err = {0};
	warts_reader *r;

	memset(&err, 0x55, sizeof(err));
	r = warts_reader_open(tmpf(path, "does-not-exist.warts"), &err);
	ok(r == NULL, "a nonexistent path gives NULL");
	is_str(err.msg, strerror(ENOENT), "with strerror's message");
	is_int(err.code, WARTS_ERR_IO, "error code IO");

	r = warts_reader_open(tmpdir, &err);
	if (r != NULL) {
		/* some systems let a directory open and fail on reading */
		ok(drain(r) < 0, "a directory fails on reading");
		warts_reader_close(r);
	} else {
		ok(has(err.msg, strerror(EISDIR)),
		   "a directory gives NULL and EISDIR: %s", err.msg);
	}

	r = warts_reader_fdopen(-1, 0, &err);
	ok(r == NULL && err.code == WARTS_ERR_IO && has(err.msg,
	   strerror(EBADF)), "fdopen of fd -1 gives NULL: %s", err.msg);
}

/* Input shorter than a header, and headers that are not warts. */
static void test_short_and_bad_headers(void)
{
	static const struct {
		const char *name;
		const char *bytes;
		size_t len;
		int code;
		const char *msg;
	} cases[] = {
		{ "one byte", "\x12", 1, WARTS_ERR_TRUNCATED, "1 bytes into" },
		{ "seven bytes", "\x12\x05\x00\x06\x00\x00\x00", 7,
		  WARTS_ERR_TRUNCATED, "7 bytes into" },
		{ "magic byte-swapped", "\x05\x12\x00\x06\x00\x00\x00\x00", 8,
		  WARTS_ERR_CORRUPT, "not a warts record at offset 0" },
		{ "type 0", "\x12\x05\x00\x00\x00\x00\x00\x00", 8,
		  WARTS_ERR_CORRUPT, "type 0 at offset 0" },
		{ "header only, body missing",
		  "\x12\x05\x00\x06\x00\x00\x00\x10", 8, WARTS_ERR_TRUNCATED,
		  "the input ends after 0" },
	};
	char path[256];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		warts_error err = {0};
		warts_reader *r;
		const warts_error *e;
		spit(tmpf(path, "short.warts"), cases[i].bytes, cases[i].len);
		r = warts_reader_open(path, &err);
		if (!ok(r != NULL, "%s: opens", cases[i].name))
			continue;
		is_int(drain(r), -1, "%s: -1 at once", cases[i].name);
		e = warts_reader_error(r);
		ok(e != NULL && e->code == cases[i].code &&
		   has(e->msg, cases[i].msg), "%s: code %d, '%s': %s",
		   cases[i].name, cases[i].code, cases[i].msg,
		   e ? e->msg : "(none)");
		warts_reader_close(r);
	}
}

/* ---- stdin ------------------------------------------------------------- */

/* Write p to fd in a child process; returns its pid. */
static pid_t feeder(int fd, const uint8_t *p, size_t n, int close_fd)
{
	pid_t pid = fork();
	if (pid == 0) {
		size_t off = 0;
		signal(SIGPIPE, SIG_DFL);
		while (off < n) {
			ssize_t w = write(fd, p + off, n - off);
			if (w <= 0)
				_exit(1);
			off += (size_t)w;
		}
		_exit(0);
	}
	if (close_fd)
		close(fd);
	return pid;
}

/*
 * Read "-" with stdin replaced by fd: returns the objects read (or -1 -
 * count) and whether fd 0 is still open after the reader is closed.
 */
static long read_stdin(int fd, int *still_open, struct tbuf *raw)
{
	int saved = dup(STDIN_FILENO);
	warts_error err = {0};
	warts_reader *r;
	long n = 0;
	int rc;

	dup2(fd, STDIN_FILENO);
	close(fd);
	r = warts_reader_open("-", &err);
	if (r == NULL) {
		diag("open -: %s", err.msg);
		n = -100;
	} else {
		const uint8_t *rec;
		size_t len;
		while ((rc = warts_reader_read_raw(r, &rec, &len, NULL)) > 0) {
			tbuf_add(raw, rec, len);
			n++;
		}
		if (rc < 0) {
			diag("%s", warts_reader_error(r)->msg);
			n = -1 - n;
		}
		warts_reader_close(r);
	}
	*still_open = fcntl(STDIN_FILENO, F_GETFD) != -1;
	dup2(saved, STDIN_FILENO);
	close(saved);
	return n;
}

static void test_stdin(void)
{
	static const char *const names[] = {
		"new2026-trace-multi-v4v6.warts",
		"new2026-trace-multi-v4v6.warts.gz",
		"new2026-trace-multi-v4v6.warts.bz2",
		"new2026-trace-multi-v4v6.warts.xz",
	};
	char src[512];
	struct tbuf plain = {0};

	slurp(corpus(src, names[0]), &plain);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct tbuf file = {0}, raw = {0};
		int p[2], still_open, status = 0, fd;
		pid_t pid;
		long n;

		/* `tool < file`: stdin is the file itself */
		fd = open(corpus(src, names[i]), O_RDONLY);
		n = read_stdin(fd, &still_open, &raw);
		is_int(n, 8, "'-' reads %s from stdin (a file)", names[i]);
		ok(raw.len == plain.len &&
		   memcmp(raw.p, plain.p, plain.len) == 0,
		   "%s via stdin: the records are the file's", names[i]);
		ok(still_open, "the reader leaves stdin open");
		tbuf_free(&raw);

		/* `cat file | tool`: stdin is a pipe */
		slurp(src, &file);
		if (pipe(p) != 0)
			continue;
		pid = feeder(p[1], file.p, file.len, 1);
		n = read_stdin(p[0], &still_open, &raw);
		waitpid(pid, &status, 0);
		is_int(n, 8, "'-' reads %s from stdin (a pipe)", names[i]);
		ok(raw.len == plain.len &&
		   memcmp(raw.p, plain.p, plain.len) == 0,
		   "%s via a pipe: the records are the file's", names[i]);
		tbuf_free(&raw);
		tbuf_free(&file);
	}

	/* and in a child whose stdin is the file, as a shell would run it */
	{
		pid_t pid;
		int status = 0;
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			warts_error err = {0};
			warts_reader *r;
			long n;
			int fd = open(corpus(src,
			              "new2026-mixed-ctrlsocket.warts"), O_RDONLY);
			dup2(fd, STDIN_FILENO);
			close(fd);
			if ((r = warts_reader_open("-", &err)) == NULL)
				_exit(200);
			n = drain(r);
			warts_reader_close(r);
			_exit(n < 0 ? 201 : (int)n);
		}
		waitpid(pid, &status, 0);
		ok(WIFEXITED(status) && WEXITSTATUS(status) == 14,
		   "a child with stdin redirected reads 14 objects from '-' "
		   "(status %d)", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}

	/* fdopen does not close what it does not own */
	{
		int fd = open(corpus(src, names[0]), O_RDONLY);
		warts_error err = {0};
		warts_reader *r = warts_reader_fdopen(fd, 0, &err);
		is_int(drain(r), 8, "fdopen (not owned) reads the file");
		warts_reader_close(r);
		ok(fcntl(fd, F_GETFD) != -1, "and leaves the fd open");
		close(fd);
		fd = open(src, O_RDONLY);
		r = warts_reader_fdopen(fd, 1, &err);
		warts_reader_close(r);
		ok(fcntl(fd, F_GETFD) == -1 && errno == EBADF,
		   "fdopen (owned) closes the fd");
	}
	tbuf_free(&plain);
}

/* ---- select ------------------------------------------------------------ */

static void test_select(void)
{
	char src[512], path[256];
	struct tbuf b = {0};
	warts_error err = {0};
	warts_reader *r;
	warts_object obj;
	int rc, n, resolved;
	size_t at;

	/* only traces: five of them, each still pointing at its list and
	 * cycle, which were read but not returned */
	r = warts_reader_open(corpus(src, "new2026-trace-multi-v4v6.warts"),
	                      &err);
	{
		const uint16_t t[] = { WARTS_TYPE_TRACE };
		warts_reader_select(r, t, 1);
	}
	n = 0;
	resolved = 0;
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		if (obj.type == WARTS_TYPE_TRACE) {
			n++;
			if (obj.u.trace->list != NULL &&
			    obj.u.trace->cycle != NULL &&
			    strcmp(obj.u.trace->list->name, "default") == 0 &&
			    obj.u.trace->cycle->list == obj.u.trace->list)
				resolved++;
		} else {
			ok(0, "select trace returned a type %u", obj.type);
		}
		warts_object_clear(&obj);
	}
	is_int(rc, 0, "select trace: a clean end");
	is_int(n, 5, "select trace: the five traces");
	is_int(resolved, 5, "their list and cycle resolved though not "
	       "returned");
	is_int(warts_reader_offset(r), 1182,
	       "the offset counts the records not returned");
	warts_reader_close(r);

	/* only the cycle stop: a declaration, returned when asked for */
	r = warts_reader_open(src, &err);
	{
		const uint16_t t[] = { WARTS_TYPE_CYCLE_STOP };
		warts_reader_select(r, t, 1);
	}
	rc = warts_reader_read(r, &obj);
	ok(rc == 1 && obj.type == WARTS_TYPE_CYCLE_STOP &&
	   obj.u.cycle->stop_time != 0 && obj.u.cycle->list != NULL,
	   "select cycle-stop: the stop, its cycle and list resolved");
	warts_object_clear(&obj);
	is_int(warts_reader_read(r, &obj), 0, "and nothing else");
	warts_reader_close(r);

	/* nothing selected: every record read, none returned */
	r = warts_reader_open(src, &err);
	warts_reader_select(r, NULL, 0);
	is_int(warts_reader_read(r, &obj), 0, "select nothing: a clean end");
	is_int(warts_reader_offset(r), 1182, "having read the whole file");
	warts_reader_close(r);

	/* ping and trace from the control-socket file */
	r = warts_reader_open(corpus(src, "new2026-mixed-ctrlsocket.warts"),
	                      &err);
	{
		const uint16_t t[] = { WARTS_TYPE_PING, WARTS_TYPE_TRACE };
		warts_reader_select(r, t, 2);
	}
	{
		int pings = 0, traces = 0, other = 0;
		while ((rc = warts_reader_read(r, &obj)) > 0) {
			if (obj.type == WARTS_TYPE_PING)
				pings++;
			else if (obj.type == WARTS_TYPE_TRACE)
				traces++;
			else
				other++;
			warts_object_clear(&obj);
		}
		ok(rc == 0 && pings == 2 && traces == 2 && other == 0,
		   "select ping+trace: 2 pings, 2 traces, nothing else "
		   "(%d %d %d)", pings, traces, other);
	}
	warts_reader_close(r);

	/* unknown types: only with WARTS_SELECT_UNKNOWN */
	slurp(corpus(src, "new2026-trace-icmp-v4.warts"), &b);
	at = rec_begin(&b, 200);
	tbuf_add(&b, "future", 6);
	rec_end(&b, at);
	at = rec_begin(&b, 18);
	tbuf_add(&b, "next", 4);
	rec_end(&b, at);
	spit(tmpf(path, "unknown.warts"), b.p, b.len);

	r = warts_reader_open(path, &err);
	{
		const uint16_t t[] = { WARTS_SELECT_UNKNOWN };
		warts_reader_select(r, t, 1);
	}
	rc = warts_reader_read(r, &obj);
	ok(rc == 1 && obj.type == 200 && obj.u.opaque.len == 6,
	   "select unknown: the type-200 record");
	warts_object_clear(&obj);
	rc = warts_reader_read(r, &obj);
	ok(rc == 1 && obj.type == 18 && obj.u.opaque.len == 4,
	   "select unknown: the type-18 record (WARTS_TYPE_MAX + 1)");
	warts_object_clear(&obj);
	is_int(warts_reader_read(r, &obj), 0, "select unknown: nothing else");
	warts_reader_close(r);

	r = warts_reader_open(path, &err);
	{
		const uint16_t t[] = { WARTS_TYPE_TRACE };
		warts_reader_select(r, t, 1);
	}
	is_int(drain(r), 1, "select trace skips unknown types");
	warts_reader_close(r);

	/* read_raw honours the selection too */
	r = warts_reader_open(path, &err);
	{
		const uint16_t t[] = { WARTS_TYPE_TRACE, WARTS_SELECT_UNKNOWN };
		const uint8_t *rec;
		size_t len;
		uint16_t type;
		int types[4] = {0}, k = 0;
		warts_reader_select(r, t, 2);
		while (warts_reader_read_raw(r, &rec, &len, &type) > 0 && k < 4)
			types[k++] = type;
		ok(k == 3 && types[0] == WARTS_TYPE_TRACE && types[1] == 200 &&
		   types[2] == 18, "read_raw with select: trace, 200, 18");
	}
	warts_reader_close(r);
	tbuf_free(&b);
}

/* ---- record size limits ------------------------------------------------ */

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#ifndef HAVE_ASAN
#define HAVE_ASAN 0
#endif

/* Pages of address space in use, from /proc/self/statm; 0 if unknown. */
static unsigned long vm_pages(void)
{
	unsigned long pages = 0;
	FILE *fp = fopen("/proc/self/statm", "r");
	if (fp != NULL) {
		if (fscanf(fp, "%lu", &pages) != 1)
			pages = 0;
		fclose(fp);
	}
	return pages;
}

/*
 * In a child: read the 4 GiB record with no limit.  Exit 0 if that is
 * TRUNCATED and peak memory grew by less than 16 MiB; 1 cannot open, 2
 * another result, 3 memory grew.
 */
static int huge_child(const char *path, int skip)
{
	warts_error err;
	warts_reader *r;
	warts_object obj;
	long rss0;
	int rc;

	if (!HAVE_ASAN && vm_pages() > 0) {
		struct rlimit rl;
		rl.rlim_cur = rl.rlim_max = (rlim_t)vm_pages() *
		                            (rlim_t)sysconf(_SC_PAGESIZE) +
		                            256 * 1024 * 1024;
		setrlimit(RLIMIT_AS, &rl);
	}
	rss0 = maxrss_kb();
	if ((r = warts_reader_open(path, &err)) == NULL)
		return 1;
	warts_reader_maxrecord(r, UINT32_MAX);
	if (skip) {
		const uint16_t t[] = { WARTS_TYPE_PING };
		warts_reader_select(r, t, 1);
	}
	rc = warts_reader_read(r, &obj);
	if (rc != -1 || warts_reader_error(r)->code != WARTS_ERR_TRUNCATED)
		return 2;
	warts_reader_close(r);
	return maxrss_kb() - rss0 < 16 * 1024 ? 0 : 3;
}

static void test_maxrecord(void)
{
	char src[512], path[256];
	struct tbuf b = {0};
	warts_error err = {0};
	warts_reader *r;
	warts_object obj;
	const warts_error *e;
	size_t at;
	long rss0;
	int rc;

	/* trace-multi: list (27), cycle (22), then a trace of 209 bytes */
	r = warts_reader_open(corpus(src, "new2026-trace-multi-v4v6.warts"),
	                      &err);
	warts_reader_maxrecord(r, 100);
	is_int(drain(r), -1 - 2, "maxrecord 100: list and cycle, then -1");
	e = warts_reader_error(r);
	ok(e != NULL && e->code == WARTS_ERR_TOOBIG, "code TOOBIG");
	ok(e != NULL && has(e->msg, "offset 65") && has(e->msg, "209") &&
	   has(e->msg, "trace"), "names the trace at offset 65 and its "
	   "209 bytes: %s", e ? e->msg : "");
	is_int(e ? (long long)e->offset : -1, 65, "error offset 65");
	warts_reader_close(r);

	/* the limit is inclusive */
	r = warts_reader_open(src, &err);
	warts_reader_maxrecord(r, 260);
	is_int(drain(r), 8, "maxrecord 260 = the largest record: all 8 read");
	warts_reader_close(r);
	r = warts_reader_open(src, &err);
	warts_reader_maxrecord(r, 259);
	is_int(drain(r), -1 - 3, "maxrecord 259: stops at the 260-byte one");
	warts_reader_close(r);

	/* a record over the limit is refused without reading its body, even
	 * if it is not selected */
	r = warts_reader_open(src, &err);
	warts_reader_maxrecord(r, 100);
	{
		const uint16_t t[] = { WARTS_TYPE_PING };
		warts_reader_select(r, t, 1);
	}
	ok(drain(r) == -1 && warts_reader_error(r)->code == WARTS_ERR_TOOBIG,
	   "maxrecord applies to records that are skipped, too");
	warts_reader_close(r);

	/* a 1 MiB record of an unknown type: at the limit, one byte over */
	at = rec_begin(&b, 300);
	for (uint32_t i = 0; i < 1024 * 1024; i++)
		tb_u8(&b, (uint8_t)(i * 2654435761u >> 24));
	rec_end(&b, at);
	spit(tmpf(path, "big.warts"), b.p, b.len);
	r = warts_reader_open(path, &err);
	warts_reader_maxrecord(r, 1024 * 1024);
	if (ok(warts_reader_read(r, &obj) == 1 && obj.type == 300 &&
	       obj.u.opaque.len == 1024 * 1024,
	       "a 1 MiB record at a 1 MiB limit is read"))
		ok(memcmp(obj.u.opaque.data, b.p + 8, 1024 * 1024) == 0,
		   "its body intact");
	warts_object_clear(&obj);
	warts_reader_close(r);
	r = warts_reader_open(path, &err);
	warts_reader_maxrecord(r, 1024 * 1024 - 1);
	rc = warts_reader_read(r, &obj);
	e = warts_reader_error(r);
	ok(rc == -1 && e != NULL && e->code == WARTS_ERR_TOOBIG &&
	   has(e->msg, "1048576"), "one byte under: TOOBIG: %s",
	   e ? e->msg : "");
	warts_reader_close(r);
	tbuf_free(&b);

	/* a header claiming 4 GiB: TOOBIG by default */
	at = rec_begin(&b, WARTS_TYPE_TRACE);
	tbuf_add(&b, "\x80\x01\x02\x03\x04\x05\x06\x07", 8);
	put32(b.p + at + 4, 0xffffffffu);
	spit(tmpf(path, "4g.warts"), b.p, b.len);
	r = warts_reader_open(path, &err);
	rc = warts_reader_read(r, &obj);
	e = warts_reader_error(r);
	ok(rc == -1 && e != NULL && e->code == WARTS_ERR_TOOBIG &&
	   has(e->msg, "4294967295"),
	   "a 4 GiB header is TOOBIG under the default limit: %s",
	   e ? e->msg : "");
	warts_reader_close(r);

	/* with no limit: truncated, quickly, without a big allocation */
	for (int skip = 0; skip < 2; skip++) {
		double t0 = now();
		rss0 = maxrss_kb();
		r = warts_reader_open(path, &err);
		warts_reader_maxrecord(r, UINT32_MAX);
		if (skip) {
			const uint16_t t[] = { WARTS_TYPE_PING };
			warts_reader_select(r, t, 1);
		}
		rc = warts_reader_read(r, &obj);
		e = warts_reader_error(r);
		ok(rc == -1 && e != NULL && e->code == WARTS_ERR_TRUNCATED &&
		   has(e->msg, "truncated"),
		   "%s 4 GiB record, no limit: TRUNCATED: %s",
		   skip ? "a skipped" : "a", e ? e->msg : "");
		ok(e != NULL && has(e->msg, "after 8"),
		   "the message says 8 bytes arrived");
		warts_reader_close(r);
		ok(now() - t0 < 2.0, "within 2 seconds (%.3f)", now() - t0);
		ok(maxrss_kb() - rss0 < 16 * 1024,
		   "peak memory grew by %ld KiB (< 16 MiB)",
		   maxrss_kb() - rss0);

		/* the same in a fresh process, whose peak starts low, and
		 * (without ASan) an address-space limit that no large
		 * allocation could pass, touched or not */
		{
			int status = 0;
			pid_t pid;
			fflush(stdout);
			if ((pid = fork()) == 0)
				_exit(huge_child(path, skip));
			waitpid(pid, &status, 0);
			ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			   "%s: in a child process with %s: TRUNCATED, peak "
			   "memory up by < 16 MiB (status %d: %s)",
			   skip ? "skipped" : "read",
			   HAVE_ASAN ? "no address-space limit (ASan)" :
			   "the address space limited to 256 MiB more",
			   WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			   !WIFEXITED(status) ? "killed" :
			   WEXITSTATUS(status) == 0 ? "ok" :
			   WEXITSTATUS(status) == 1 ? "cannot open" :
			   WEXITSTATUS(status) == 2 ? "not TRUNCATED" :
			   WEXITSTATUS(status) == 3 ? "memory grew" : "?");
		}
	}

	/* the same through a pipe, with 3 MiB of body actually arriving */
	{
		struct tbuf big = {0};
		int p[2], status;
		pid_t pid;
		double t0 = now();
		tbuf_add(&big, b.p, 8);
		for (int i = 0; i < 3 * 1024; i++) {
			uint8_t k[1024];
			memset(k, i, sizeof(k));
			tbuf_add(&big, k, sizeof(k));
		}
		rss0 = maxrss_kb();
		if (pipe(p) == 0) {
			pid = feeder(p[1], big.p, big.len, 1);
			r = warts_reader_fdopen(p[0], 1, &err);
			warts_reader_maxrecord(r, UINT32_MAX);
			rc = warts_reader_read(r, &obj);
			e = warts_reader_error(r);
			ok(rc == -1 && e != NULL &&
			   e->code == WARTS_ERR_TRUNCATED &&
			   has(e->msg, "after 3145728"),
			   "4 GiB header then 3 MiB through a pipe: TRUNCATED "
			   "after 3145728: %s", e ? e->msg : "");
			warts_reader_close(r);
			waitpid(pid, &status, 0);
			ok(now() - t0 < 5.0, "within 5 seconds (%.3f)",
			   now() - t0);
			ok(maxrss_kb() - rss0 < 64 * 1024,
			   "peak memory grew by %ld KiB (< 64 MiB)",
			   maxrss_kb() - rss0);
		}
		tbuf_free(&big);
	}
	tbuf_free(&b);
}

/* ---- raw records and offsets ------------------------------------------- */

static void test_raw_and_offsets(void)
{
	static const char *const names[] = {
		"new2026-mixed-ctrlsocket.warts",
		"deb2021-trace-multi-v4v6.warts",
		"new2026-tracelb-udp-dport-v4.warts",
	};
	char src[512];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct tbuf file = {0}, raw = {0};
		warts_error err = {0};
		warts_reader *r;
		const uint8_t *rec;
		size_t len, off = 0;
		uint16_t type;
		int rc, bad = 0, badoff = 0, n = 0;

		slurp(corpus(src, names[i]), &file);
		r = warts_reader_open(src, &err);
		while ((rc = warts_reader_read_raw(r, &rec, &len, &type)) > 0) {
			if (len < 8 || off + len > file.len ||
			    memcmp(rec, file.p + off, len) != 0 ||
			    get16(rec + 2) != type ||
			    get32(rec + 4) != len - 8)
				bad++;
			off += len;
			if (warts_reader_offset(r) != off)
				badoff++;
			tbuf_add(&raw, rec, len);
			n++;
		}
		is_int(rc, 0, "%s: read_raw to a clean end", names[i]);
		is_int(bad, 0, "%s: each of %d raw records is the file's bytes, "
		       "type and length", names[i], n);
		is_int(badoff, 0, "%s: the offset advances by each record",
		       names[i]);
		ok(raw.len == file.len && memcmp(raw.p, file.p, raw.len) == 0,
		   "%s: the raw records are the whole file", names[i]);
		warts_reader_close(r);

		/* read: the offset advances by each record's size too */
		r = warts_reader_open(src, &err);
		{
			warts_object obj;
			off = 0;
			badoff = 0;
			n = 0;
			while ((rc = warts_reader_read(r, &obj)) > 0) {
				uint32_t blen = get32(file.p + off + 4);
				off += 8 + blen;
				if (warts_reader_offset(r) != off)
					badoff++;
				warts_object_clear(&obj);
				n++;
			}
			ok(rc == 0 && badoff == 0 && off == file.len,
			   "%s: read's offset advances record by record (%d)",
			   names[i], n);
		}
		warts_reader_close(r);
		tbuf_free(&file);
		tbuf_free(&raw);
	}
}

/* After an error, every later call fails the same way. */
static void test_sticky_error(void)
{
	char src[512], path[256];
	struct tbuf file = {0};
	warts_error err = {0}, first;
	warts_reader *r;
	warts_object obj;
	const uint8_t *rec;
	size_t len;
	uint64_t off;
	int again = 0;

	/* cut in the middle of the first trace (offset 65, 217 bytes) */
	slurp(corpus(src, "new2026-trace-multi-v4v6.warts"), &file);
	spit(tmpf(path, "cut.warts"), file.p, 65 + 100);
	r = warts_reader_open(path, &err);
	is_int(drain(r), -1 - 2, "cut in the first trace: list, cycle, -1");
	first = *warts_reader_error(r);
	is_int(first.code, WARTS_ERR_TRUNCATED, "code TRUNCATED");
	ok(has(first.msg, "trace record at offset 65") &&
	   has(first.msg, "truncated"), "names the record: %s", first.msg);
	off = warts_reader_offset(r);
	is_int(off, 65, "offset stays at the damaged record");
	for (int i = 0; i < 5; i++) {
		if (warts_reader_read(r, &obj) == -1 && obj.type == 0)
			again++;
		if (warts_reader_read_raw(r, &rec, &len, NULL) == -1 &&
		    rec == NULL)
			again++;
	}
	is_int(again, 10, "ten more reads (read and read_raw) all give -1");
	ok(strcmp(warts_reader_error(r)->msg, first.msg) == 0 &&
	   warts_reader_error(r)->code == first.code,
	   "the error is unchanged");
	is_int(warts_reader_offset(r), off, "the offset does not move");
	warts_reader_close(r);

	/* a decoding error is sticky as well */
	memcpy(file.p + 65 + 8, "\xff\xff\xff\xff\xff\xff", 6);
	spit(path, file.p, file.len);
	r = warts_reader_open(path, &err);
	is_int(drain(r), -1 - 2, "a corrupt trace: list, cycle, -1");
	ok(warts_reader_error(r) != NULL &&
	   has(warts_reader_error(r)->msg, "trace record at offset 65"),
	   "an error naming the trace at 65: %s",
	   warts_reader_error(r) ? warts_reader_error(r)->msg : "");
	ok(warts_reader_read(r, &obj) == -1 &&
	   warts_reader_read_raw(r, &rec, &len, NULL) == -1,
	   "later reads fail again");
	warts_reader_close(r);
	tbuf_free(&file);
}

/* ---- records from the future ------------------------------------------- */

static void test_unknown_type(void)
{
	char src[512], path[256];
	struct tbuf file = {0}, out = {0}, body = {0};
	warts_error err = {0};
	warts_reader *r;
	warts_writer *w;
	warts_object objs[16];
	size_t at, n = 0;
	int rc = 0, wrc;

	for (int i = 0; i < 301; i++)
		tb_u8(&body, (uint8_t)(i * 7 + 3));
	body.p[5] = 0;

	/* an unknown record between the cycle and the first trace, one
	 * with an empty body at the end, and one of type 65535 */
	slurp(corpus(src, "new2026-trace-multi-v4v6.warts"), &file);
	{
		struct tbuf b = {0};
		tbuf_add(&b, file.p, 65);
		at = rec_begin(&b, 200);
		tbuf_add(&b, body.p, body.len);
		rec_end(&b, at);
		tbuf_add(&b, file.p + 65, file.len - 65);
		at = rec_begin(&b, 201);
		rec_end(&b, at);
		at = rec_begin(&b, 65535);
		tbuf_add(&b, "\x12\x05", 2);
		rec_end(&b, at);
		tbuf_free(&file);
		file = b;
	}
	spit(tmpf(path, "future.warts"), file.p, file.len);

	/*
	 * Each object is written back as soon as it is read, as a filter
	 * would: the cycle start object shares its cycle with the cycle
	 * stop read later, which sets the stop time in it.
	 */
	r = warts_reader_open(path, &err);
	w = warts_writer_open(tmpf(path, "future-out.warts"),
	                      WARTS_COMPRESS_NONE, &err);
	wrc = 0;
	while (n < 16 && (rc = warts_reader_read(r, &objs[n])) > 0) {
		if (warts_writer_write(w, &objs[n]) != 0)
			wrc = -1;
		n++;
	}
	is_int(rc, 0, "a file with unknown record types reads to its end");
	is_int(n, 11, "8 known objects and 3 unknown ones");
	warts_reader_close(r);
	is_int(wrc, 0, "the writer takes every object");
	is_int(warts_writer_close(w, &err), 0, "and closes");
	if (n != 11) {
		for (size_t i = 0; i < n; i++)
			warts_object_clear(&objs[i]);
		return;
	}
	is_int(objs[2].type, 200, "the third object is of type 200");
	ok(warts_type_name(200) == NULL && !warts_type_known(200),
	   "a type the library does not know");
	ok(objs[2].u.opaque.len == body.len &&
	   memcmp(objs[2].u.opaque.data, body.p, body.len) == 0,
	   "its body is kept intact (%u bytes)", objs[2].u.opaque.len);
	ok(objs[3].type == WARTS_TYPE_TRACE &&
	   objs[3].u.trace->list == objs[0].u.list,
	   "the trace after it still resolves its list");
	ok(objs[9].type == 201 && objs[9].u.opaque.len == 0,
	   "an unknown record with an empty body");
	ok(objs[10].type == 65535 && objs[10].u.opaque.len == 2 &&
	   memcmp(objs[10].u.opaque.data, "\x12\x05", 2) == 0,
	   "a record of type 65535");

	/* written back: the same bytes */
	slurp(path, &out);
	is_int(test_firstdiff(&file, &out), -1,
	       "the file written back is byte-identical, unknown records "
	       "included");

	/* the encoder alone gives the record's bytes */
	{
		struct tbuf one = {0};
		encode_all(&objs[2], 1, &one);
		ok(one.len == 8 + body.len && get16(one.p + 2) == 200 &&
		   get32(one.p + 4) == body.len &&
		   memcmp(one.p + 8, body.p, body.len) == 0,
		   "encoding the opaque object gives header + body");
		tbuf_free(&one);
	}
	for (size_t i = 0; i < n; i++)
		warts_object_clear(&objs[i]);
	tbuf_free(&file);
	tbuf_free(&out);
	tbuf_free(&body);
}

/* A list with an extra unknown parameter (bit 3, and bit 9). */
static void test_list_unknown_param(void)
{
	char src[512], path[256];
	struct tbuf file = {0};
	static const uint8_t extra[] = { 0xde, 0xad, 0x00, 0xbe, 0xef };

	slurp(corpus(src, "new2026-trace-multi-v4v6.warts"), &file);
	/* the list record: wid, id, "default\0", flags at 8 + 4 + 4 + 8 */
	for (unsigned bit = 3; bit <= 9; bit += 6) {
		struct tbuf b = {0};
		warts_error err = {0};
		warts_reader *r;
		warts_object obj;
		int rc, traces = 0;

		add_param(file.p, 8 + 27, 24, bit, extra, sizeof(extra), &b);
		tbuf_add(&b, file.p + 35, file.len - 35);
		is_int(b.len, file.len + sizeof(extra) + (bit > 7 ? 1 : 0),
		       "bit %u: the list record grew by the parameter", bit);
		spit(tmpf(path, "list-extra.warts"), b.p, b.len);
		r = warts_reader_open(path, &err);
		rc = warts_reader_read(r, &obj);
		if (ok(rc == 1 && obj.type == WARTS_TYPE_LIST,
		       "bit %u: the list decodes", bit)) {
			is_str(obj.u.list->name, "default", "name intact");
			is_str(obj.u.list->descr, "default", "descr intact");
			ok(obj.u.list->monitor == NULL, "no monitor");
			is_int(obj.u.list->id, 0, "list id intact");
		}
		warts_object_clear(&obj);
		while ((rc = warts_reader_read(r, &obj)) > 0) {
			if (obj.type == WARTS_TYPE_TRACE &&
			    obj.u.trace->list != NULL &&
			    obj.u.trace->list->descr != NULL &&
			    strcmp(obj.u.trace->list->descr, "default") == 0)
				traces++;
			warts_object_clear(&obj);
		}
		ok(rc == 0 && traces == 5, "bit %u: the unknown bytes are "
		   "skipped and the rest of the file reads (%d traces)", bit,
		   traces);
		warts_reader_close(r);
		tbuf_free(&b);
	}

	/* a list with descr and monitor, then an unknown bit 3 */
	{
		struct tbuf b = {0};
		warts_object obj;
		warts_error err = {0};
		size_t at = rec_begin(&b, WARTS_TYPE_LIST);
		tb_u32(&b, 1);
		tb_u32(&b, 4242);
		tb_str(&b, "targets");
		tb_u8(&b, 0x07);
		tb_u16(&b, 6 + 8 + 3);
		tb_str(&b, "a list");
		tb_str(&b, "monitor");
		tbuf_add(&b, "\x01\x02\x03", 3);
		rec_end(&b, at);
		if (ok(test_decode1(b.p, b.len, &obj, &err) == 0,
		       "list with descr, monitor and bit 3 decodes: %s",
		       err.msg)) {
			is_str(obj.u.list->descr, "a list", "descr intact");
			is_str(obj.u.list->monitor, "monitor",
			       "monitor intact");
			is_str(obj.u.list->name, "targets", "name intact");
			is_int(obj.u.list->id, 4242, "id intact");
			warts_object_clear(&obj);
		}
		/* the parameter length says 3 bytes too many: an error */
		b.p[8 + 4 + 4 + 8 + 2] += 3;
		ok(test_decode1(b.p, b.len, &obj, &err) != 0 &&
		   has(err.msg, "list record at offset 0"),
		   "a parameter length past the record fails: %s", err.msg);
		tbuf_free(&b);
	}
	tbuf_free(&file);
}

/* A trace with an unknown high bit (40) in its parameters. */
static void test_trace_unknown_bit(void)
{
	struct tbuf orig = {0}, mod = {0}, again = {0};
	static const uint8_t extra[] = { 0x11, 0x22, 0x33, 0x00, 0x44, 0x55,
	                                 0x66, 0x77, 0x88 };
	warts_object obj;
	warts_error err = {0};
	char path[256];

	small_trace_bytes(&orig, "198.51.100.20");
	add_param(orig.p, orig.len, 8, 40, extra, sizeof(extra), &mod);
	ok(mod.len > orig.len, "the trace grew (%zu -> %zu)", orig.len,
	   mod.len);
	{
		/* flags: bits up to 30 take 5 bytes; bit 40 takes a 6th */
		size_t p = 8, k = 0;
		while (mod.p[p] & 0x80)
			p++, k++;
		is_int(k + 1, 6, "the flags now span 6 bytes");
		is_int(mod.p[p], 0x10, "the last flag byte holds bit 40");
	}
	if (ok(test_decode1(mod.p, mod.len, &obj, &err) == 0,
	       "the trace with bit 40 decodes: %s", err.msg)) {
		char buf[WARTS_ADDR_STRLEN];
		is_str(warts_addr_tostr(&obj.u.trace->dst, buf, sizeof(buf)),
		       "198.51.100.20", "dst intact");
		is_int(obj.u.trace->userid, 77, "userid intact");
		is_int(obj.u.trace->hopc, 1, "its hop intact");
		encode_all(&obj, 1, &again);
		is_int(test_firstdiff(&orig, &again), -1,
		       "re-encoded, it is the original trace: only the "
		       "unknown parameter is dropped");
		warts_object_clear(&obj);
	}

	/* and from a file, between two ordinary traces */
	{
		struct tbuf file = {0};
		warts_reader *r;
		tbuf_add(&file, orig.p, orig.len);
		tbuf_add(&file, mod.p, mod.len);
		tbuf_add(&file, orig.p, orig.len);
		spit(tmpf(path, "trace-bit40.warts"), file.p, file.len);
		r = warts_reader_open(path, &err);
		is_int(drain(r), 3, "a file with it reads in full");
		warts_reader_close(r);
		tbuf_free(&file);
	}

	/* bit 40 in a hop record as well */
	{
		struct tbuf hop = {0};
		/* the hop's flags follow the trace params and the u16 count */
		size_t p = 8;
		while (orig.p[p] & 0x80)
			p++;
		p++;
		p += 2 + get16(orig.p + p) + 2;
		add_param(orig.p, orig.len, p, 40, extra, sizeof(extra), &hop);
		if (ok(test_decode1(hop.p, hop.len, &obj, &err) == 0,
		       "a hop with bit 40 decodes: %s", err.msg)) {
			ok(obj.u.trace->hopc == 1 &&
			   obj.u.trace->hops[0].rtt == 1234 &&
			   obj.u.trace->hops[0].probe_ttl == 1,
			   "the hop's fields intact");
			warts_object_clear(&obj);
		}
		tbuf_free(&hop);
	}
	tbuf_free(&orig);
	tbuf_free(&mod);
	tbuf_free(&again);
}

/* ---- lists and cycles -------------------------------------------------- */

static void test_undeclared(void)
{
	struct tbuf b = {0};
	warts_object obj;
	warts_error err = {0};
	warts_decoder *dec;
	size_t at;

	/* a trace naming list 1 with no list declared */
	at = rec_begin(&b, WARTS_TYPE_TRACE);
	tb_u8(&b, 0x83);      /* bits 1, 2 */
	tb_u8(&b, 0x80);
	tb_u8(&b, 0x80);
	tb_u8(&b, 0x20);      /* bit 27: dst */
	tb_u16(&b, 4 + 4 + 6);
	tb_u32(&b, 1);
	tb_u32(&b, 0);
	tb_u8(&b, 4);
	tb_u8(&b, 1);
	tbuf_add(&b, "\xc6\x33\x64\x01", 4);
	tb_u16(&b, 0);
	tb_u16(&b, 0);
	rec_end(&b, at);
	ok(test_decode1(b.p, b.len, &obj, &err) != 0 &&
	   err.code == WARTS_ERR_CORRUPT &&
	   has(err.msg, "list id 1 was never declared") &&
	   has(err.msg, "trace record"),
	   "an undeclared list id is rejected: %s", err.msg);
	is_int(obj.type, 0, "the object is left empty");

	/* cycle 1, not declared */
	put32(b.p + 8 + 6, 0);
	put32(b.p + 8 + 10, 1);
	ok(test_decode1(b.p, b.len, &obj, &err) != 0 &&
	   has(err.msg, "cycle id 1 is not open"),
	   "an undeclared cycle id is rejected: %s", err.msg);

	/* with both ids 0 the trace is fine */
	put32(b.p + 8 + 10, 0);
	ok(test_decode1(b.p, b.len, &obj, &err) == 0 &&
	   obj.u.trace->list == NULL && obj.u.trace->cycle == NULL,
	   "ids 0: no list, no cycle");
	warts_object_clear(&obj);

	/* declared, stopped, then used: rejected */
	{
		struct tbuf s = {0};
		warts_object o;
		warts_list *l = warts_list_alloc(5, "five");
		warts_cycle *c = warts_cycle_alloc(l, 6, 1700000000);
		warts_object objs[3];
		int rc = 0;
		size_t off = 0, k = 0;

		memset(objs, 0, sizeof(objs));
		objs[0].type = WARTS_TYPE_CYCLE_START;
		objs[0].u.cycle = c;
		objs[1].type = WARTS_TYPE_CYCLE_STOP;
		objs[1].u.cycle = c;
		encode_all(objs, 2, &s);
		/* list, cycle start, cycle stop */
		dec = warts_decoder_new();
		while (off < s.len) {
			size_t rl = 8 + get32(s.p + off + 4);
			rc |= warts_decoder_decode(dec, s.p + off, rl, off, &o,
			                           &err);
			warts_object_clear(&o);
			off += rl;
			k++;
		}
		ok(rc == 0 && k == 3, "list, cycle start, cycle stop decode");
		put32(b.p + 8 + 6, 1);
		put32(b.p + 8 + 10, 1);
		ok(warts_decoder_decode(dec, b.p, b.len, 999, &o, &err) != 0 &&
		   has(err.msg, "cycle id 1 is not open") &&
		   has(err.msg, "offset 999"),
		   "a trace naming the stopped cycle is rejected: %s", err.msg);
		/* the decoder stays usable: with cycle 0 it decodes */
		put32(b.p + 8 + 10, 0);
		ok(warts_decoder_decode(dec, b.p, b.len, 0, &o, &err) == 0 &&
		   o.u.trace->list != NULL && o.u.trace->list->id == 5,
		   "the decoder carries on after an error: list 5 found");
		warts_object_clear(&o);
		warts_decoder_free(dec);
		warts_cycle_unref(c);
		warts_list_unref(l);
		tbuf_free(&s);
	}

	/* a cycle stop for a cycle never declared; a cycle stop for 0 */
	{
		struct tbuf s = {0};
		at = rec_begin(&s, WARTS_TYPE_CYCLE_STOP);
		tb_u32(&s, 3);
		tb_u32(&s, 1700000100);
		tb_u8(&s, 0);
		rec_end(&s, at);
		ok(test_decode1(s.p, s.len, &obj, &err) != 0 &&
		   has(err.msg, "cycle id 3 is not open") &&
		   has(err.msg, "cycle-stop"),
		   "a stop of an unknown cycle is rejected: %s", err.msg);
		put32(s.p + 8, 0);
		ok(test_decode1(s.p, s.len, &obj, &err) != 0 &&
		   has(err.msg, "cycle id 0"),
		   "a stop of cycle 0 is rejected: %s", err.msg);
		tbuf_free(&s);
	}

	/* a list record out of sequence: id 2 first */
	{
		struct tbuf s = {0};
		at = rec_begin(&s, WARTS_TYPE_LIST);
		tb_u32(&s, 2);
		tb_u32(&s, 0);
		tb_str(&s, "x");
		tb_u8(&s, 0);
		rec_end(&s, at);
		ok(test_decode1(s.p, s.len, &obj, &err) != 0 &&
		   has(err.msg, "list id 2 out of sequence"),
		   "a list id out of sequence is rejected: %s", err.msg);
		put32(s.p + 8, 0);
		ok(test_decode1(s.p, s.len, &obj, &err) != 0 &&
		   has(err.msg, "list id 0"),
		   "a list with warts id 0 is rejected: %s", err.msg);
		tbuf_free(&s);
	}

	/* a cycle naming an undeclared list */
	{
		struct tbuf s = {0};
		at = rec_begin(&s, WARTS_TYPE_CYCLE_DEF);
		tb_u32(&s, 1);
		tb_u32(&s, 1);
		tb_u32(&s, 9);
		tb_u32(&s, 1700000000);
		tb_u8(&s, 0);
		rec_end(&s, at);
		ok(test_decode1(s.p, s.len, &obj, &err) != 0 &&
		   has(err.msg, "list id 1 was never declared") &&
		   has(err.msg, "cycle-def"),
		   "a cycle of an undeclared list is rejected: %s", err.msg);
		tbuf_free(&s);
	}

	/* the same through the reader: the records before, then -1 */
	{
		char path[256];
		struct tbuf f = {0};
		warts_reader *r;
		small_trace_bytes(&f, "198.51.100.1");
		tbuf_add(&f, b.p, b.len); /* list 1, cycle 0: undeclared */
		spit(tmpf(path, "undeclared.warts"), f.p, f.len);
		r = warts_reader_open(path, &err);
		is_int(drain(r), -1 - 1, "reader: the good trace, then -1");
		ok(warts_reader_error(r) != NULL &&
		   has(warts_reader_error(r)->msg, "never declared"),
		   "reader: %s", warts_reader_error(r) ?
		   warts_reader_error(r)->msg : "");
		warts_reader_close(r);
		tbuf_free(&f);
	}
	tbuf_free(&b);
}

/* The in-memory decoder's own checks of the record it is given. */
static void test_decoder_api(void)
{
	struct tbuf b = {0};
	warts_decoder *dec = warts_decoder_new();
	warts_object obj;
	warts_error err = {0};

	small_trace_bytes(&b, "198.51.100.3");
	ok(warts_decoder_decode(dec, b.p, b.len, 0, &obj, &err) == 0,
	   "a whole record decodes");
	warts_object_clear(&obj);
	ok(warts_decoder_decode(dec, b.p, 5, 0, &obj, &err) != 0 &&
	   err.code == WARTS_ERR_TRUNCATED && has(err.msg, "5 bytes"),
	   "5 bytes: TRUNCATED: %s", err.msg);
	ok(warts_decoder_decode(dec, b.p, b.len - 1, 0, &obj, &err) != 0 &&
	   err.code == WARTS_ERR_TRUNCATED,
	   "one byte short: TRUNCATED: %s", err.msg);
	tbuf_add(&b, "", 1);
	ok(warts_decoder_decode(dec, b.p, b.len, 0, &obj, &err) != 0 &&
	   err.code == WARTS_ERR_CORRUPT, "one byte extra: CORRUPT: %s",
	   err.msg);
	b.len--;
	b.p[0] = 0x21;
	ok(warts_decoder_decode(dec, b.p, b.len, 7, &obj, &err) != 0 &&
	   has(err.msg, "not a warts record") && has(err.msg, "offset 7"),
	   "bad magic, offset 7 in the message: %s", err.msg);
	b.p[0] = 0x12;
	ok(warts_decoder_decode(dec, b.p, b.len, 0, &obj, &err) == 0,
	   "and the decoder still works");
	warts_object_clear(&obj);
	warts_decoder_free(dec);
	warts_decoder_free(NULL);
	tbuf_free(&b);
}

/*
 * error.h: TRUNCATED means "the input ended inside a record", CORRUPT "a
 * record is malformed".  A whole record (its header's length all there)
 * whose contents run past that length is malformed: the input did not
 * end.  A program following a file as it grows retries on TRUNCATED.
 */
static void test_error_codes(void)
{
	struct tbuf b = {0}, f = {0};
	warts_object obj;
	warts_error err = {0};
	char path[256];
	warts_reader *r;
	size_t at;

	at = rec_begin(&b, WARTS_TYPE_LIST);
	tb_u32(&b, 1);
	tb_u32(&b, 1);
	tb_str(&b, "l");
	tb_u8(&b, 0x01);
	tb_u16(&b, 40);        /* 40 bytes of parameters; 3 follow */
	tb_str(&b, "ab");
	rec_end(&b, at);
	ok(test_decode1(b.p, b.len, &obj, &err) != 0,
	   "a list whose parameter length passes its end fails: %s",
	   err.msg);
	is_int(err.code, WARTS_ERR_CORRUPT,
	       "decoder: a complete but malformed record is CORRUPT");

	/* a trace record cut short with its header length made to match */
	small_trace_bytes(&f, "198.51.100.4");
	f.len -= 9;
	put32(f.p + 4, (uint32_t)(f.len - 8));
	spit(tmpf(path, "short-body.warts"), f.p, f.len);
	r = warts_reader_open(path, &err);
	is_int(drain(r), -1, "reader: a trace missing its last bytes fails");
	ok(warts_reader_error(r) != NULL &&
	   warts_reader_error(r)->code == WARTS_ERR_CORRUPT,
	   "reader: a whole record, malformed, is CORRUPT (code %d): %s",
	   warts_reader_error(r) ? warts_reader_error(r)->code : -1,
	   warts_reader_error(r) ? warts_reader_error(r)->msg : "");
	warts_reader_close(r);

	/* while a file cut inside a record is TRUNCATED */
	tbuf_free(&b);
	small_trace_bytes(&b, "198.51.100.4");
	spit(path, b.p, b.len - 9);
	r = warts_reader_open(path, &err);
	ok(drain(r) == -1 && warts_reader_error(r)->code ==
	   WARTS_ERR_TRUNCATED, "reader: a file cut inside a record is "
	   "TRUNCATED");
	warts_reader_close(r);
	tbuf_free(&b);
	tbuf_free(&f);
}

/* cat a.warts b.warts c.warts: each starts its ids at 1. */
static void test_concat(void)
{
	static const char *const names[] = {
		"new2026-trace-multi-v4v6.warts",
		"new2026-mixed-ctrlsocket.warts",
		"deb2021-trace-icmp-v4.warts",
		"new2026-trace-multi-v4v6.warts",
	};
	static const long counts[] = { 8, 14, 4, 8 };
	char src[512], path[256];
	struct tbuf cat = {0}, raw = {0};
	warts_error err = {0};
	warts_reader *r;
	warts_object obj;
	const warts_list *cur = NULL;
	long total = 0, n = 0;
	int rc, wrong = 0, lists = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		slurp(corpus(src, names[i]), &cat);
		total += counts[i];
	}
	spit(tmpf(path, "cat.warts"), cat.p, cat.len);
	r = warts_reader_open(path, &err);
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		n++;
		if (obj.type == WARTS_TYPE_LIST) {
			cur = obj.u.list;
			lists++;
		} else if (obj.type == WARTS_TYPE_TRACE &&
		           obj.u.trace->list != cur) {
			wrong++;
		}
		/* the list stays alive in the decoder until replaced */
		warts_object_clear(&obj);
	}
	is_int(rc, 0, "concatenated files read to a clean end");
	is_int(n, total, "all %ld objects", total);
	is_int(lists, 4, "four list records, each with id 1");
	is_int(wrong, 0, "each trace refers to the list of its own file");
	warts_reader_close(r);

	r = warts_reader_open(path, &err);
	{
		const uint8_t *rec;
		size_t len;
		while (warts_reader_read_raw(r, &rec, &len, NULL) > 0)
			tbuf_add(&raw, rec, len);
	}
	ok(raw.len == cat.len && memcmp(raw.p, cat.p, cat.len) == 0,
	   "read_raw gives the concatenation back");
	warts_reader_close(r);
	tbuf_free(&cat);
	tbuf_free(&raw);
}

/* Reference counts of lists and cycles shared by many objects. */
static void test_refcounts(void)
{
	char src[512];
	warts_error err = {0};
	warts_reader *r;
	warts_object objs[8];
	size_t n = 0;
	int rc, same = 1;

	r = warts_reader_open(corpus(src, "new2026-trace-multi-v4v6.warts"),
	                      &err);
	while (n < 8 && (rc = warts_reader_read(r, &objs[n])) > 0)
		n++;
	if (!is_int(n, 8, "eight objects held")) {
		warts_reader_close(r);
		while (n > 0)
			warts_object_clear(&objs[--n]);
		return;
	}
	/* list, cycle start, 5 traces, cycle stop */
	for (int i = 2; i < 7; i++)
		if (objs[i].u.trace->list != objs[0].u.list ||
		    objs[i].u.trace->cycle != objs[1].u.cycle)
			same = 0;
	ok(same && objs[7].u.cycle == objs[1].u.cycle &&
	   objs[1].u.cycle->list == objs[0].u.list,
	   "every object shares one list and one cycle");
	/* list: its object, the cycle, 5 traces and the decoder */
	is_int(objs[0].u.list->refcnt, 8, "list refcnt 8 while reading");
	/* cycle: start, stop, 5 traces; the stop released the decoder's */
	is_int(objs[1].u.cycle->refcnt, 7, "cycle refcnt 7 while reading");
	warts_reader_close(r);
	is_int(objs[0].u.list->refcnt, 7, "list refcnt 7 once closed");
	is_int(objs[1].u.cycle->refcnt, 7, "cycle refcnt 7 once closed");
	warts_object_clear(&objs[7]);
	is_int(objs[1].u.cycle->refcnt, 6, "clearing the stop drops one");
	for (int i = 2; i < 7; i++)
		warts_object_clear(&objs[i]);
	is_int(objs[0].u.list->refcnt, 2, "list: its object and the cycle");
	is_int(objs[1].u.cycle->refcnt, 1, "cycle: its object");
	warts_object_clear(&objs[1]);
	is_int(objs[0].u.list->refcnt, 1, "the list object alone");
	warts_object_clear(&objs[0]);
	ok(objs[0].type == 0 && objs[0].u.list == NULL,
	   "a cleared object is zeroed");
	warts_object_clear(&objs[0]);
	ok(1, "clearing twice is harmless (leaks and double frees are "
	   "ASan's to find)");

	/* close the reader with objects still held, clear them after */
	r = warts_reader_open(corpus(src, "new2026-mixed-ctrlsocket.warts"),
	                      &err);
	n = 0;
	while (n < 8 && warts_reader_read(r, &objs[n]) > 0)
		n++;
	warts_reader_close(r);
	while (n > 0)
		warts_object_clear(&objs[--n]);
	ok(1, "objects outlive their reader");

	/* stop half way, with lists and cycles open */
	r = warts_reader_open(src, &err);
	for (int i = 0; i < 3 && warts_reader_read(r, &objs[0]) > 0; i++)
		warts_object_clear(&objs[0]);
	warts_reader_close(r);
	ok(1, "a reader closed half way frees its lists and cycles");
}

/* ---- deprecated global addresses (type 5) ----------------------------- */

static void gaddr_rec(struct tbuf *b, uint32_t id, uint8_t type,
                      const uint8_t *bytes)
{
	size_t at = rec_begin(b, WARTS_TYPE_ADDR);
	tb_u8(b, (uint8_t)(id % 255));
	tb_u8(b, type);
	tbuf_add(b, bytes, warts_addr_len(type));
	rec_end(b, at);
}

/* Address i of the test file: IPv6 every 50th, else 198.18.x.y. */
static void gaddr_value(uint32_t i, warts_addr *a)
{
	if (i % 50 == 0) {
		uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
		v6[14] = (uint8_t)(i >> 8);
		v6[15] = (uint8_t)i;
		warts_addr_set(a, WARTS_ADDR_IPV6, v6);
	} else {
		uint8_t v4[4] = { 198, 18, (uint8_t)(i >> 8), (uint8_t)i };
		warts_addr_set(a, WARTS_ADDR_IPV4, v4);
	}
}

/* A trace using global ids: src (bit 3), dst (bit 4), one hop (bit 1). */
static void gid_trace(struct tbuf *b, uint32_t src, uint32_t dst,
                      uint32_t hop)
{
	size_t at = rec_begin(b, WARTS_TYPE_TRACE);
	tb_u8(b, 0x0c);     /* bits 3, 4 */
	tb_u16(b, 8);
	tb_u32(b, src);
	tb_u32(b, dst);
	tb_u16(b, 1);       /* one hop */
	tb_u8(b, 0x03);     /* bits 1, 2 */
	tb_u16(b, 5);
	tb_u32(b, hop);
	tb_u8(b, 4);        /* probe ttl */
	tb_u16(b, 0);       /* end of attributes */
	rec_end(b, at);
}

static void test_gaddr(void)
{
	struct tbuf b = {0}, enc = {0};
	char path[256], buf[WARTS_ADDR_STRLEN];
	warts_error err = {0};
	warts_reader *r;
	warts_object obj;
	warts_addr want;
	int rc, naddr = 0, badaddr = 0, ntrace = 0;
	size_t gaddr_bytes;

	for (uint32_t i = 1; i <= 300; i++) {
		gaddr_value(i, &want);
		gaddr_rec(&b, i, want.type, want.bytes);
	}
	gaddr_bytes = b.len;
	/* 255 is written with id byte 0, 299 with 44, 300 with 45 */
	gid_trace(&b, 255, 299, 300);
	gid_trace(&b, 1, 2, 100);
	spit(tmpf(path, "gaddr.warts"), b.p, b.len);

	r = warts_reader_open(path, &err);
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		if (obj.type == WARTS_TYPE_ADDR) {
			naddr++;
			gaddr_value(obj.u.gaddr.id, &want);
			if (obj.u.gaddr.id != (uint32_t)naddr ||
			    warts_addr_cmp(&obj.u.gaddr.addr, &want) != 0)
				badaddr++;
		} else if (obj.type == WARTS_TYPE_TRACE) {
			const warts_trace *t = obj.u.trace;
			ntrace++;
			if (ntrace == 1) {
				is_str(warts_addr_tostr(&t->src, buf,
				       sizeof(buf)), "198.18.0.255",
				       "src from global id 255 (id byte 0)");
				is_str(warts_addr_tostr(&t->dst, buf,
				       sizeof(buf)), "198.18.1.43",
				       "dst from global id 299 (id byte 44)");
				ok(t->hopc == 1, "one hop");
				if (t->hopc == 1) {
					is_str(warts_addr_tostr(&t->hops[0].addr,
					       buf, sizeof(buf)), "2001:db8::12c",
					       "hop from global id 300 (IPv6)");
					is_int(t->hops[0].probe_ttl, 4,
					       "hop probe ttl");
				}
			} else {
				is_str(warts_addr_tostr(&t->src, buf,
				       sizeof(buf)), "198.18.0.1",
				       "second trace: src id 1");
				is_str(warts_addr_tostr(&t->dst, buf,
				       sizeof(buf)), "198.18.0.2",
				       "second trace: dst id 2");
				if (t->hopc == 1)
					is_str(warts_addr_tostr(&t->hops[0].addr,
					       buf, sizeof(buf)),
					       "2001:db8::64",
					       "second trace: hop id 100");
			}
		}
		warts_object_clear(&obj);
	}
	is_int(rc, 0, "a file of 300 type-5 records and 2 traces reads");
	is_int(naddr, 300, "300 address objects");
	is_int(badaddr, 0, "numbered 1..300 with their addresses");
	is_int(ntrace, 2, "two traces");
	warts_reader_close(r);

	/* only traces: the addresses are still resolved */
	r = warts_reader_open(path, &err);
	{
		const uint16_t t[] = { WARTS_TYPE_TRACE };
		warts_reader_select(r, t, 1);
		rc = warts_reader_read(r, &obj);
		ok(rc == 1 && obj.type == WARTS_TYPE_TRACE &&
		   warts_addr_isset(&obj.u.trace->dst),
		   "select trace: the trace, its global ids resolved");
		warts_object_clear(&obj);
	}
	warts_reader_close(r);

	/* the encoder writes type-5 records the same way */
	{
		warts_encoder *e = warts_encoder_new();
		const uint8_t *p;
		size_t len;
		int fails = 0;
		for (uint32_t i = 1; i <= 300; i++) {
			warts_object g = { .type = WARTS_TYPE_ADDR };
			gaddr_value(i, &g.u.gaddr.addr);
			if (warts_encoder_encode(e, &g, &p, &len, &err) != 0)
				fails++;
			else
				tbuf_add(&enc, p, len);
		}
		ok(fails == 0 && enc.len == gaddr_bytes &&
		   memcmp(enc.p, b.p, gaddr_bytes) == 0,
		   "the encoder gives the same 300 type-5 records");
		warts_encoder_free(e);
	}

	/* a reference beyond the table */
	{
		struct tbuf f = {0};
		tbuf_add(&f, b.p, gaddr_bytes);
		gid_trace(&f, 1, 301, 2);
		spit(path, f.p, f.len);
		r = warts_reader_open(path, &err);
		is_int(drain(r), -1 - 300, "a global id past the table: -1");
		ok(warts_reader_error(r) != NULL &&
		   has(warts_reader_error(r)->msg, "global address id 301") &&
		   has(warts_reader_error(r)->msg, "trace record"),
		   "names the id: %s", warts_reader_error(r) ?
		   warts_reader_error(r)->msg : "");
		warts_reader_close(r);
		tbuf_free(&f);
	}

	/* the wrong id byte: the first, and the 255th (must be 0) */
	{
		struct tbuf f = {0};
		tbuf_add(&f, b.p, b.len);
		f.p[8] = 7;
		spit(path, f.p, f.len);
		r = warts_reader_open(path, &err);
		is_int(drain(r), -1, "type-5 record 1 with id byte 7: -1");
		ok(warts_reader_error(r) != NULL &&
		   warts_reader_error(r)->code == WARTS_ERR_CORRUPT &&
		   has(warts_reader_error(r)->msg, "id byte 7") &&
		   has(warts_reader_error(r)->msg, "addr record at offset 0"),
		   "rejected cleanly: %s", warts_reader_error(r) ?
		   warts_reader_error(r)->msg : "");
		warts_reader_close(r);

		f.p[8] = 1;
		{
			/* record 255: 254 records precede it */
			size_t at = 0;
			for (int i = 0; i < 254; i++)
				at += 8 + get32(f.p + at + 4);
			is_int(f.p[at + 8], 0, "record 255 carries id byte 0");
			f.p[at + 8] = 255;
			spit(path, f.p, f.len);
			r = warts_reader_open(path, &err);
			is_int(drain(r), -1 - 254,
			       "record 255 with id byte 255: 254 read, -1");
			ok(warts_reader_error(r) != NULL &&
			   has(warts_reader_error(r)->msg,
			       "address record 255 carries id byte 255"),
			   "%s", warts_reader_error(r) ?
			   warts_reader_error(r)->msg : "");
			warts_reader_close(r);
		}
		tbuf_free(&f);
	}

	/* an unknown address type, a short body */
	{
		struct tbuf f = {0};
		size_t at = rec_begin(&f, WARTS_TYPE_ADDR);
		tb_u8(&f, 1);
		tb_u8(&f, 9);
		tbuf_add(&f, "\0\0\0\0", 4);
		rec_end(&f, at);
		ok(test_decode1(f.p, f.len, &obj, &err) != 0 &&
		   has(err.msg, "unknown address type 9"),
		   "address type 9 is rejected: %s", err.msg);
		f.p[9] = 2; /* IPv6 needs 16 bytes; 4 given */
		ok(test_decode1(f.p, f.len, &obj, &err) != 0 &&
		   has(err.msg, "addr record"),
		   "a short type-5 body is rejected: %s", err.msg);
		tbuf_free(&f);
	}
	tbuf_free(&b);
	tbuf_free(&enc);
}

int main(void)
{
	alarm(300);
	signal(SIGPIPE, SIG_IGN);
	tmp_init();
	test_empty();
	test_not_warts();
	test_open_errors();
	test_short_and_bad_headers();
	test_stdin();
	test_select();
	test_maxrecord();
	test_raw_and_offsets();
	test_sticky_error();
	test_unknown_type();
	test_list_unknown_param();
	test_trace_unknown_bit();
	test_undeclared();
	test_decoder_api();
	test_error_codes();
	test_concat();
	test_refcounts();
	test_gaddr();
	tmp_cleanup();
	return done_testing();
}
