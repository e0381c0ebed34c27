/*
 * sc_wartsdump: every field of every object, as scamper's sc_wartsdump
 * lists them.
 */
#include <getopt.h>
#include <stdio.h>

#include "convert.h"

static void usage(FILE *fp)
{
	fprintf(fp,
	    "usage: sc_wartsdump [-v?] [file ...]\n"
	    "  -v  print the version\n"
	    "  -?  print this help\n"
	    "With no file, or with -, read standard input.  gzip, bzip2, xz "
	    "and zstd\ninput is recognised by its first bytes.\n");
}

static int to_dump(void *ctx, const warts_object *obj, warts_strbuf *out)
{
	(void)ctx;
	warts_dump(obj, out);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct convert c = { "sc_wartsdump", NULL, 0, to_dump, NULL };
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'v':
			convert_version(c.prog);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return convert_badopt(c.prog, ch, argv, usage);
		}
	}
	return convert_run(&c, argc - optind, argv + optind);
}
