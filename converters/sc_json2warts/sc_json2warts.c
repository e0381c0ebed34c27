/*
 * sc_json2warts: JSON, as sc_warts2json writes it, back into warts.
 *
 *   sc_warts2json -A f.warts | sc_json2warts > g.warts     (g == f)
 *   sc_warts2json f.warts | jq -c 'select(.dst != "192.0.2.9")' |
 *           sc_json2warts -o g.warts.gz
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "j2w.h"

static void usage(FILE *fp)
{
	fprintf(fp,
	    "usage: sc_json2warts [-v?] [-o outfile] [-c compression] "
	    "[file ...]\n"
	    "  -o  write to outfile (default: standard output); its suffix\n"
	    "      .gz .bz2 .xz or .zst chooses the compression\n"
	    "  -c  compression: none, gz, bz2, xz or zst\n"
	    "  -v  print the version\n"
	    "  -?  print this help\n"
	    "Input is one JSON object a line, as sc_warts2json writes it;\n"
	    "with no file, or with -, standard input.  From sc_warts2json "
	    "-A,\nthe output is the original warts file byte for byte.\n");
}

/* Convert one input; returns 0, or -1 after reporting on stderr. */
static int one_input(struct j2w *j, warts_writer *w, const char *name)
{
	FILE *fp = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	j->file = fp == stdin ? "stdin" : name;
	j->line = 0;
	if (fp == NULL) {
		fprintf(stderr, "sc_json2warts: %s: %s\n", name,
		        strerror(errno));
		return -1;
	}
	while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
		json_error_t jerr;
		warts_object obj;
		json_t *o;
		int got;

		j->line++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		o = json_loadb(line, (size_t)n, JSON_ALLOW_NUL, &jerr);
		if (o == NULL || !json_is_object(o)) {
			fprintf(stderr, "sc_json2warts: %s:%ld: %s\n", j->file,
			        j->line, o == NULL ? jerr.text :
			        "not a JSON object");
			json_decref(o);
			rc = -1;
			break;
		}
		got = j2w_object(j, o, &obj);
		json_decref(o);
		if (got < 0) {
			fprintf(stderr, "sc_json2warts: %s:%ld: %s\n", j->file,
			        j->line, j->err);
			rc = -1;
		} else if (got > 0) {
			if (warts_writer_write(w, &obj) != 0) {
				fprintf(stderr, "sc_json2warts: %s:%ld: %s\n",
				        j->file, j->line,
				        warts_writer_error(w)->msg);
				rc = -1;
			}
			warts_object_clear(&obj);
		}
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outfile = "-";
	int compress = -1, ch, status = 0;
	warts_writer *w;
	warts_error err;
	struct j2w j;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:o:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			outfile = optarg;
			break;
		case 'c':
			if ((compress = warts_compress_byname(optarg)) < 0) {
				fprintf(stderr, "sc_json2warts: unknown "
				        "compression %s (none, gz, bz2, xz or "
				        "zst)\n", optarg);
				return 1;
			}
			break;
		case 'v':
			convert_version("sc_json2warts");
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return convert_badopt("sc_json2warts", ch, argv, usage);
		}
	}
	if (compress < 0)
		compress = warts_compress_bypath(outfile);
	if ((w = warts_writer_open(outfile, compress, &err)) == NULL) {
		fprintf(stderr, "sc_json2warts: %s: %s\n", outfile, err.msg);
		return 1;
	}
	j2w_init(&j);
	if (optind == argc)
		status |= one_input(&j, w, "-") != 0;
	for (int i = optind; i < argc; i++)
		status |= one_input(&j, w, argv[i]) != 0;
	j2w_fini(&j);
	if (warts_writer_close(w, &err) != 0) {
		fprintf(stderr, "sc_json2warts: %s: %s\n", outfile, err.msg);
		status = 1;
	}
	return status;
}
