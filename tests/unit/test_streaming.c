/*
 * test_streaming.c: the reader's memory does not grow with the length of
 * its input.  A child process writes 200,000 traces (gzip-compressed)
 * into a pipe; the parent reads them one by one, and its peak resident
 * memory after the last object is within a few megabytes of its peak
 * after the first thousand.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "testlib.h"

#define OBJECTS 200000

#ifdef __SANITIZE_ADDRESS__
/*
 * AddressSanitizer keeps freed memory out of use for a while (256 MB by
 * default) to catch use after free, which would look like growth here.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=1";
}
#endif

static long peak_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static warts_trace *make_trace(unsigned i)
{
	warts_trace *t = warts_trace_alloc();
	char a[64];
	snprintf(a, sizeof(a), "198.18.%u.%u", (i >> 8) & 0xff, i & 0xff);
	warts_addr_fromstr(&t->dst, a);
	warts_addr_fromstr(&t->src, "192.0.2.1");
	t->start.sec = 1700000000 + i;
	t->hop_count = 8;
	for (unsigned h = 1; h <= 8; h++) {
		warts_trace_hop *hop = warts_trace_hop_add(t);
		snprintf(a, sizeof(a), "203.0.113.%u", h);
		warts_addr_fromstr(&hop->addr, a);
		hop->probe_ttl = (uint8_t)h;
		hop->probe_id = 1;
		hop->rtt = 1000 * h + i % 997;
		hop->icmp_type = h == 8 ? 3 : 11;
	}
	return t;
}

static void writer_child(int fd)
{
	warts_error err;
	warts_writer *w = warts_writer_fdopen(fd, 1, WARTS_COMPRESS_GZIP, &err);
	warts_list *l = warts_list_alloc(1, "stream");
	warts_cycle *c = warts_cycle_alloc(l, 1, 1700000000);
	warts_object obj;
	if (w == NULL)
		_exit(1);
	for (unsigned i = 0; i < OBJECTS; i++) {
		obj.type = WARTS_TYPE_TRACE;
		obj.u.trace = make_trace(i);
		obj.u.trace->list = warts_list_ref(l);
		obj.u.trace->cycle = warts_cycle_ref(c);
		if (warts_writer_write(w, &obj) != 0)
			_exit(1);
		warts_object_clear(&obj);
	}
	warts_cycle_unref(c);
	warts_list_unref(l);
	_exit(warts_writer_close(w, &err) == 0 ? 0 : 1);
}

int main(void)
{
	int fds[2], status;
	pid_t pid;
	warts_error err;
	warts_reader *r;
	warts_object obj;
	long n = 0, early = 0, late, rc;
	uint64_t hops = 0;

	if (pipe(fds) != 0)
		skip_all("no pipe");
	if ((pid = fork()) == 0) {
		close(fds[0]);
		writer_child(fds[1]);
	}
	close(fds[1]);
	r = warts_reader_fdopen(fds[0], 1, &err);
	ok(r != NULL, "reader on a pipe");
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		if (obj.type == WARTS_TYPE_TRACE) {
			hops += obj.u.trace->hopc;
			if (++n == 1000)
				early = peak_kb();
		}
		warts_object_clear(&obj);
	}
	late = peak_kb();
	ok(rc == 0, "clean end of input %s",
	   rc < 0 ? warts_reader_error(r)->msg : "");
	is_int(n, OBJECTS, "every trace arrives");
	is_int(hops, (uint64_t)OBJECTS * 8, "with every hop");
	is_int(warts_reader_compression(r), WARTS_COMPRESS_GZIP,
	       "gzip recognised on a pipe");
	warts_reader_close(r);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer finished");
	diag("peak RSS after 1000 traces %ld kB, after %d: %ld kB", early,
	     OBJECTS, late);
	ok(late - early < 4096, "memory grew by %ld kB over %d more traces",
	   late - early, OBJECTS - 1000);
	return done_testing();
}
