/*
 * warts_read: decode every object of a file (any compression) and count
 * them: the reading throughput of libwarts alone, without formatting.
 *
 *   build/bench/warts_read FILE
 */
#include <stdio.h>
#include <time.h>

#include "warts/warts.h"

int main(int argc, char **argv)
{
	warts_error err;
	warts_reader *r;
	warts_object obj;
	struct timespec t0, t1;
	long n = 0;
	int rc;
	double s;

	if (argc != 2) {
		fprintf(stderr, "usage: warts_read FILE\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((r = warts_reader_open(argv[1], &err)) == NULL) {
		fprintf(stderr, "warts_read: %s: %s\n", argv[1], err.msg);
		return 1;
	}
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		n++;
		warts_object_clear(&obj);
	}
	if (rc < 0)
		fprintf(stderr, "warts_read: %s\n", warts_reader_error(r)->msg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%ld objects, %llu bytes decoded in %.3f s: %.1f MB/s\n", n,
	       (unsigned long long)warts_reader_offset(r), s,
	       (double)warts_reader_offset(r) / s / 1e6);
	warts_reader_close(r);
	return rc < 0;
}
