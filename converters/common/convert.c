/*
 * convert.c: the input loop shared by the converters.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "convert.h"

#define FLUSH_AT (256 * 1024)

int convert_flush(warts_strbuf *out)
{
	size_t done = 0;
	while (done < out->len) {
		ssize_t n = write(STDOUT_FILENO, out->data + done,
		                  out->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		done += (size_t)n;
	}
	warts_strbuf_reset(out);
	return 0;
}

int convert_badopt(const char *prog, int ch, char **argv,
                   void (*usage)(FILE *))
{
	if (ch == ':') {
		fprintf(stderr, "%s: -%c needs an argument (try -? for help)\n",
		        prog, optopt);
		return 1;
	}
	if (optopt == '?') {
		usage(stdout);
		return 0;
	}
	if (optopt != 0 && isprint(optopt))
		fprintf(stderr, "%s: unknown option -%c (try -? for help)\n",
		        prog, optopt);
	else
		fprintf(stderr, "%s: unknown option %s (try -? for help)\n",
		        prog, argv[optind - 1]);
	return 1;
}

void convert_version(const char *prog)
{
	printf("%s (warts toolkit, a clean-room scamper implementation) "
	       "libwarts %s\n", prog, warts_version());
}

static int one_input(const struct convert *c, const char *name,
                     warts_strbuf *out)
{
	warts_error err;
	warts_reader *r = warts_reader_open(name, &err);
	warts_object obj;
	int rc;

	if (r == NULL) {
		fprintf(stderr, "%s: %s: %s\n", c->prog,
		        strcmp(name, "-") == 0 ? "stdin" : name, err.msg);
		return -1;
	}
	if (c->types != NULL)
		warts_reader_select(r, c->types, c->ntypes);
	while ((rc = warts_reader_read(r, &obj)) > 0) {
		int frc = c->fn(c->ctx, &obj, out);
		warts_object_clear(&obj);
		if (out->oom) {
			fprintf(stderr, "%s: out of memory\n", c->prog);
			rc = -2;
			break;
		}
		if (frc != 0) {
			rc = -2;
			break;
		}
		if (out->len >= FLUSH_AT && convert_flush(out) != 0) {
			fprintf(stderr, "%s: write: %s\n", c->prog,
			        strerror(errno));
			rc = -2;
			break;
		}
	}
	if (rc == -1) {
		/* everything before the damage first, then the reason */
		convert_flush(out);
		fprintf(stderr, "%s: %s: %s\n", c->prog,
		        strcmp(name, "-") == 0 ? "stdin" : name,
		        warts_reader_error(r)->msg);
	}
	warts_reader_close(r);
	return rc < 0 ? -1 : 0;
}

int convert_run(const struct convert *c, int nfiles, char *const *files)
{
	warts_strbuf out = {0};
	int status = 0, i;

	if (nfiles == 0) {
		status |= one_input(c, "-", &out) != 0;
	}
	for (i = 0; i < nfiles; i++)
		status |= one_input(c, files[i], &out) != 0;
	if (convert_flush(&out) != 0) {
		fprintf(stderr, "%s: write: %s\n", c->prog, strerror(errno));
		status = 1;
	}
	warts_strbuf_free(&out);
	return status;
}
