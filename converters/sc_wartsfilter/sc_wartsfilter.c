/*
 * sc_wartsfilter: the records of a warts file that are of the types asked
 * for and go to the addresses or prefixes asked for, as scamper's
 * sc_wartsfilter selects them.
 *
 * Which address of a record is matched (scamper's choices for the five
 * types it filters, ours for the rest):
 *
 *   ping, tbit, sting, host, http, udpprobe, owamp   the destination
 *   neighbourdisc                                    the IP asked about
 *   trace, tracelb                                   the destination, and
 *                                                    with -O check-hops
 *                                                    the hops (below)
 *   dealias   mercator: its probedef's destination; ally: either
 *             probedef's; radargun, prefixscan: any probedef's; other
 *             methods never match
 *   sniff     has no destination and never matches
 *
 * Lists, cycle records and address records have no destination: when
 * their type is selected they are kept whatever -a says.  The lists and
 * cycles the kept measurements belong to are declared in the output as
 * needed, whether or not their records are selected.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "convert.h"

#define PROG "sc_wartsfilter"

/* ---- addresses and prefixes (-a) -------------------------------------- */

/*
 * The prefixes of one family, by length: for each length that was given,
 * the networks, sorted, so that an address is looked up with one binary
 * search per length.
 */
struct pfxlen {
	size_t    n, cap;
	uint8_t (*nets)[16];
};

struct pfxset {
	unsigned      bytes;    /* 4 or 16 */
	struct pfxlen len[129];
};

static void mask_to(uint8_t *out, const uint8_t *in, unsigned bytes,
                    unsigned len)
{
	for (unsigned i = 0; i < bytes; i++) {
		unsigned bits = len >= 8 * (i + 1) ? 8 :
		                len > 8 * i ? len - 8 * i : 0;
		out[i] = (uint8_t)(in[i] & (0xff00u >> bits));
	}
	for (unsigned i = bytes; i < 16; i++)
		out[i] = 0;
}

static int pfx_add(struct pfxset *s, const uint8_t *net, unsigned len)
{
	struct pfxlen *l = &s->len[len];
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		void *v = realloc(l->nets, cap * sizeof(*l->nets));
		if (v == NULL)
			return -1;
		l->nets = v;
		l->cap = cap;
	}
	memset(l->nets[l->n], 0, 16);
	memcpy(l->nets[l->n], net, s->bytes);
	l->n++;
	return 0;
}

static int net_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

static void pfx_sort(struct pfxset *s)
{
	for (unsigned i = 0; i <= 8 * s->bytes; i++)
		if (s->len[i].n > 1)
			qsort(s->len[i].nets, s->len[i].n, 16, net_cmp);
}

static int pfx_match(const struct pfxset *s, const uint8_t *addr)
{
	uint8_t key[16];
	for (unsigned i = 0; i <= 8 * s->bytes; i++) {
		if (s->len[i].n == 0)
			continue;
		mask_to(key, addr, s->bytes, i);
		if (bsearch(key, s->len[i].nets, s->len[i].n, 16, net_cmp))
			return 1;
	}
	return 0;
}

static void pfx_free(struct pfxset *s)
{
	for (unsigned i = 0; i < 129; i++)
		free(s->len[i].nets);
}

struct filter {
	struct pfxset v4, v6;
	size_t        naddrs;        /* -a options given */
	int           check_hops;    /* -O check-hops */
	int           types[WARTS_TYPE_MAX + 1];
};

/* "192.0.2.1", "2001:db8::1", "192.0.2.0/24", "2001:db8::/32".  A prefix
 * may have no bits set past its length.  Returns 0, or -1 (reported). */
static int parse_addr(struct filter *f, const char *arg)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(arg, '/');
	uint8_t net[16], masked[16];
	unsigned len = 0, max;
	size_t alen = slash != NULL ? (size_t)(slash - arg) : strlen(arg);
	struct pfxset *s;

	if (alen >= sizeof(buf))
		goto bad;
	memcpy(buf, arg, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET, buf, net) == 1)
		s = &f->v4;
	else if (inet_pton(AF_INET6, buf, net) == 1)
		s = &f->v6;
	else
		goto bad;
	max = 8 * s->bytes;
	if (slash == NULL) {
		len = max;
	} else {
		const char *p = slash + 1;
		if (*p == '\0' || strlen(p) > 3)
			goto badlen;
		for (; *p != '\0'; p++) {
			if (!isdigit((unsigned char)*p))
				goto badlen;
			len = len * 10 + (unsigned)(*p - '0');
		}
		if (len > max)
			goto badlen;
	}
	mask_to(masked, net, s->bytes, len);
	if (memcmp(masked, net, s->bytes) != 0) {
		fprintf(stderr, "%s: invalid prefix '%s': bits are set past "
		        "the first %u\n", PROG, arg, len);
		return -1;
	}
	if (pfx_add(s, net, len) != 0) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		return -1;
	}
	f->naddrs++;
	return 0;

bad:
	fprintf(stderr, "%s: invalid address or prefix '%s'\n", PROG, arg);
	return -1;
badlen:
	fprintf(stderr, "%s: invalid prefix length in '%s'\n", PROG, arg);
	return -1;
}

static int matched(const struct filter *f, const warts_addr *a)
{
	if (a->type == WARTS_ADDR_IPV4)
		return pfx_match(&f->v4, a->bytes);
	if (a->type == WARTS_ADDR_IPV6)
		return pfx_match(&f->v6, a->bytes);
	return 0;
}

/* ---- which records are kept --------------------------------------------- */

static int dealias_matched(const struct filter *f, const warts_dealias *d)
{
	uint32_t n = 0, i;

	switch (d->method) {
	case WARTS_DEALIAS_MERCATOR:   n = 1; break;
	case WARTS_DEALIAS_ALLY:       n = 2; break;
	case WARTS_DEALIAS_RADARGUN:
	case WARTS_DEALIAS_PREFIXSCAN: n = d->probedefc; break;
	default:                       return 0;
	}
	if (n > d->probedefc)
		n = d->probedefc;
	for (i = 0; i < n; i++)
		if (matched(f, &d->probedefs[i].dst))
			return 1;
	return 0;
}

static int trace_hops_matched(const struct filter *f, const warts_trace *t)
{
	for (uint16_t i = 0; i < t->hopc; i++)
		if (matched(f, &t->hops[i].addr))
			return 1;
	return 0;
}

/*
 * A tracelb's hops: every node's address, and the replies to the probes
 * of every hop of a link but its last (whose replies came from the node
 * at the link's far end, matched already).
 */
static int tracelb_hops_matched(const struct filter *f,
                                const warts_tracelb *t)
{
	for (uint16_t i = 0; i < t->nodec; i++)
		if (matched(f, &t->nodes[i].addr))
			return 1;
	for (uint16_t i = 0; i < t->linkc; i++) {
		const warts_tracelb_link *l = &t->links[i];
		for (unsigned k = 0; k + 1 < l->hopc; k++) {
			const warts_tracelb_probeset *set = &l->sets[k];
			for (uint16_t p = 0; p < set->probec; p++) {
				const warts_tracelb_probe *pr = &set->probes[p];
				for (uint16_t r = 0; r < pr->rxc; r++)
					if (matched(f, &pr->rxs[r].from))
						return 1;
			}
		}
	}
	return 0;
}

static int keep(const struct filter *f, const warts_object *obj)
{
	if (f->naddrs == 0)
		return 1;
	switch (obj->type) {
	case WARTS_TYPE_PING:
		return matched(f, &obj->u.ping->dst);
	case WARTS_TYPE_TBIT:
		return matched(f, &obj->u.tbit->dst);
	case WARTS_TYPE_TRACE:
		return matched(f, &obj->u.trace->dst) ||
		       (f->check_hops && trace_hops_matched(f, obj->u.trace));
	case WARTS_TYPE_TRACELB:
		return matched(f, &obj->u.tracelb->dst) ||
		       (f->check_hops &&
		        tracelb_hops_matched(f, obj->u.tracelb));
	case WARTS_TYPE_DEALIAS:
		return dealias_matched(f, obj->u.dealias);
	case WARTS_TYPE_NEIGHBOURDISC:
		return matched(f, &obj->u.neighbourdisc->dst_ip);
	case WARTS_TYPE_STING:
		return matched(f, &obj->u.sting->dst);
	case WARTS_TYPE_HOST:
		return matched(f, &obj->u.host->dst);
	case WARTS_TYPE_HTTP:
		return matched(f, &obj->u.http->dst);
	case WARTS_TYPE_UDPPROBE:
		return matched(f, &obj->u.udpprobe->dst);
	case WARTS_TYPE_OWAMP:
		return matched(f, &obj->u.owamp->dst);
	case WARTS_TYPE_SNIFF:
		return 0;
	default:
		/* lists, cycles and address records */
		return 1;
	}
}

/* ---- options --------------------------------------------------------------- */

static void usage(FILE *fp)
{
	size_t col = 6;

	fprintf(fp,
	    "usage: sc_wartsfilter [-v?] [-a address/prefix] [-i infile] "
	    "[-o outfile]\n"
	    "                      [-O check-hops] [-t record-type]\n"
	    "  -a  keep records to this address or prefix (repeatable)\n"
	    "  -i  read this warts file (default, and -: stdin)\n"
	    "  -o  write to this file, compressed by its suffix (.gz .bz2 .xz "
	    ".zst)\n      (default, and -: stdout)\n"
	    "  -O  check-hops: also keep a trace or tracelb with a hop in -a\n"
	    "  -t  keep records of this type (repeatable); by default dealias, "
	    "ping, tbit,\n      trace and tracelb; one of:\n");
	for (uint16_t t = 1; t <= WARTS_TYPE_MAX; t++) {
		const char *name = warts_type_name(t);
		if (t > 1)
			fputc(',', fp);
		if (t == 1 || col + strlen(name) + 2 > 78) {
			fprintf(fp, "%s      ", t > 1 ? "\n" : "");
			col = 6;
		} else {
			fputc(' ', fp);
			col += 2;
		}
		fputs(name, fp);
		col += strlen(name);
	}
	fputc('\n', fp);
	fprintf(fp,
	    "  -v  print the version\n"
	    "  -?  print this help\n"
	    "At least one -a or -t is needed.\n");
}

static int parse_type(struct filter *f, const char *arg)
{
	char lower[32];
	size_t i;
	uint16_t t = 0;

	for (i = 0; arg[i] != '\0' && i < sizeof(lower) - 1; i++)
		lower[i] = (char)tolower((unsigned char)arg[i]);
	lower[i] = '\0';
	if (arg[i] == '\0')
		t = warts_type_byname(lower);
	if (t == 0) {
		fprintf(stderr, "%s: unknown record type '%s' (try -? for "
		        "the list)\n", PROG, arg);
		return -1;
	}
	f->types[t] = 1;
	return 0;
}

/* ---- main ------------------------------------------------------------------ */

static const char *shown(const char *path)
{
	return strcmp(path, "-") == 0 ? "stdin" : path;
}

static int run(const struct filter *f, const char *inpath,
               const char *outpath)
{
	uint16_t sel[WARTS_TYPE_MAX];
	size_t nsel = 0;
	warts_error err;
	warts_reader *r;
	warts_writer *w;
	warts_encoder *enc;
	warts_object obj;
	const char *outname = "stdout";
	int rc, status = 0, out_failed = 0, to_stdout;
	struct stat ist, ost;

	for (uint16_t t = 1; t <= WARTS_TYPE_MAX; t++)
		if (f->types[t])
			sel[nsel++] = t;

	if ((r = warts_reader_open(inpath, &err)) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", PROG, shown(inpath), err.msg);
		return 1;
	}
	warts_reader_select(r, sel, nsel);

	/* the output must not be the input: it would be read as written */
	to_stdout = outpath == NULL || strcmp(outpath, "-") == 0;
	if (!to_stdout)
		outname = outpath;
	if ((strcmp(inpath, "-") == 0 ? fstat(STDIN_FILENO, &ist) :
	     stat(inpath, &ist)) == 0 && S_ISREG(ist.st_mode) &&
	    (to_stdout ? fstat(STDOUT_FILENO, &ost) :
	     stat(outpath, &ost)) == 0 &&
	    ist.st_dev == ost.st_dev && ist.st_ino == ost.st_ino) {
		fprintf(stderr, "%s: %s is both the input and the output\n",
		        PROG, shown(inpath));
		warts_reader_close(r);
		return 1;
	}

	if (!to_stdout) {
		w = warts_writer_open(outpath, warts_compress_bypath(outpath),
		                      &err);
	} else {
		if (isatty(STDOUT_FILENO)) {
			fprintf(stderr, "%s: not writing warts to a terminal; "
			        "use -o or a redirection\n", PROG);
			warts_reader_close(r);
			return 1;
		}
		w = warts_writer_fdopen(STDOUT_FILENO, 0, WARTS_COMPRESS_NONE,
		                        &err);
	}
	if (w == NULL) {
		fprintf(stderr, "%s: %s: %s\n", PROG, outname, err.msg);
		warts_reader_close(r);
		return 1;
	}
	if ((enc = warts_encoder_new()) == NULL) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		warts_writer_close(w, NULL);
		warts_reader_close(r);
		return 1;
	}

	while ((rc = warts_reader_read(r, &obj)) > 0) {
		const uint8_t *bytes;
		size_t len;

		if (!keep(f, &obj)) {
			warts_object_clear(&obj);
			continue;
		}
		if (warts_encoder_encode(enc, &obj, &bytes, &len, &err) != 0) {
			fprintf(stderr, "%s: %s: the record ending at offset "
			        "%llu: %s\n", PROG, shown(inpath),
			        (unsigned long long)warts_reader_offset(r),
			        err.msg);
			status = 1;
		} else if (warts_writer_write_raw(w, bytes, len) != 0) {
			const warts_error *we = warts_writer_error(w);
			fprintf(stderr, "%s: %s: %s\n", PROG, outname,
			        we != NULL ? we->msg : "write failed");
			warts_object_clear(&obj);
			out_failed = 1;
			status = 1;
			break;
		}
		warts_object_clear(&obj);
	}
	if (rc < 0) {
		/* what came before the damage has been written */
		fprintf(stderr, "%s: %s: %s\n", PROG, shown(inpath),
		        warts_reader_error(r)->msg);
		status = 1;
	}
	warts_reader_close(r);
	warts_encoder_free(enc);
	if (warts_writer_close(w, &err) != 0) {
		if (!out_failed)
			fprintf(stderr, "%s: %s: %s\n", PROG, outname, err.msg);
		status = 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct filter *f = calloc(1, sizeof(*f));
	const char *inpath = NULL, *outpath = NULL;
	int ch, ntypes = 0, status = 1;

	if (f == NULL) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		return 1;
	}
	f->v4.bytes = 4;
	f->v6.bytes = 16;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":a:i:o:O:t:v", longopts, NULL))
	       != -1) {
		switch (ch) {
		case 'a':
			if (parse_addr(f, optarg) != 0)
				goto done;
			break;
		case 'i':
			if (inpath != NULL) {
				fprintf(stderr, "%s: -i given twice; one input "
				        "is read\n", PROG);
				goto done;
			}
			inpath = optarg;
			break;
		case 'o':
			if (outpath != NULL) {
				fprintf(stderr, "%s: -o given twice\n", PROG);
				goto done;
			}
			outpath = optarg;
			break;
		case 'O':
			if (strcasecmp(optarg, "check-hops") != 0) {
				fprintf(stderr, "%s: unknown -O option '%s' "
				        "(check-hops is the one there is)\n",
				        PROG, optarg);
				goto done;
			}
			f->check_hops = 1;
			break;
		case 't':
			if (parse_type(f, optarg) != 0)
				goto done;
			ntypes++;
			break;
		case 'v':
			convert_version(PROG);
			status = 0;
			goto done;
		case 'h':
			usage(stdout);
			status = 0;
			goto done;
		case ':':
			fprintf(stderr, "%s: -%c needs an argument (try -? for "
			        "help)\n", PROG, optopt);
			goto done;
		default:
			if (optopt == '?') {
				usage(stdout);
				status = 0;
				goto done;
			}
			if (optopt != 0 && isprint(optopt))
				fprintf(stderr, "%s: unknown option -%c (try -? "
				        "for help)\n", PROG, optopt);
			else
				fprintf(stderr, "%s: unknown option %s (try -? "
				        "for help)\n", PROG, argv[optind - 1]);
			goto done;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s': the input is "
		        "given with -i\n", PROG, argv[optind]);
		goto done;
	}
	if (f->naddrs == 0 && ntypes == 0) {
		fprintf(stderr, "%s: nothing to select: give -a or -t (try -? "
		        "for help)\n", PROG);
		goto done;
	}
	if (ntypes == 0) {
		/* scamper's default: the five types it knows how to match */
		f->types[WARTS_TYPE_DEALIAS] = 1;
		f->types[WARTS_TYPE_PING] = 1;
		f->types[WARTS_TYPE_TBIT] = 1;
		f->types[WARTS_TYPE_TRACE] = 1;
		f->types[WARTS_TYPE_TRACELB] = 1;
	}
	pfx_sort(&f->v4);
	pfx_sort(&f->v6);
	status = run(f, inpath != NULL ? inpath : "-", outpath);

done:
	pfx_free(&f->v4);
	pfx_free(&f->v6);
	free(f);
	return status;
}
