/*
 * sc_warts2json: warts to JSON, one object per line, as scamper's
 * sc_warts2json writes it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "convert.h"

static const uint16_t types[] = {
	WARTS_TYPE_CYCLE_START, WARTS_TYPE_CYCLE_STOP, WARTS_TYPE_TRACE,
	WARTS_TYPE_PING, WARTS_TYPE_TRACELB, WARTS_TYPE_DEALIAS,
	WARTS_TYPE_NEIGHBOURDISC, WARTS_TYPE_TBIT, WARTS_TYPE_STING,
	WARTS_TYPE_SNIFF, WARTS_TYPE_HOST, WARTS_TYPE_HTTP,
	WARTS_TYPE_UDPPROBE, WARTS_TYPE_OWAMP,
};

static void usage(FILE *fp)
{
	fprintf(fp,
	    "usage: sc_warts2json [-Av?] [file ...]\n"
	    "  -A  write every field warts holds (for sc_json2warts)\n"
	    "  -v  print the version\n"
	    "  -?  print this help\n"
	    "With no file, or with -, read standard input.  gzip, bzip2, xz "
	    "and zstd\ninput is recognised by its first bytes.\n");
}

static int to_json(void *ctx, const warts_object *obj, warts_strbuf *out)
{
	unsigned flags = *(const unsigned *)ctx;
	warts_json(obj, flags, out);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ "all-fields", no_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned flags = 0;
	struct convert c = { "sc_warts2json", types,
	                     sizeof(types) / sizeof(types[0]), to_json, NULL };
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":Av", longopts, NULL)) != -1) {
		switch (ch) {
		case 'A':
			flags |= WARTS_JSON_ALLFIELDS;
			break;
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
	c.ctx = &flags;
	if (flags & WARTS_JSON_ALLFIELDS) {
		/* lists carry fields the default output leaves out */
		c.types = NULL;
		c.ntypes = 0;
	}
	return convert_run(&c, argc - optind, argv + optind);
}
