/*
 * sc_warts2text: warts to the text scamper would have written, with
 * optional descriptions of destinations (-d).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"

static const uint16_t types[] = {
	WARTS_TYPE_TRACE, WARTS_TYPE_PING, WARTS_TYPE_TRACELB,
	WARTS_TYPE_DEALIAS, WARTS_TYPE_TBIT, WARTS_TYPE_STING,
};

/* -d: address, description pairs, sorted by address for lookup */
struct descr {
	warts_addr addr;
	char      *text;
};

struct descrs {
	struct descr *v;
	size_t        n, cap;
};

static int descr_cmp(const void *a, const void *b)
{
	return warts_addr_cmp(&((const struct descr *)a)->addr,
	                      &((const struct descr *)b)->addr);
}

/* One line: an address, white space, a description in double quotes. */
static int descr_line(struct descrs *d, char *line, unsigned lineno,
                      const char *path)
{
	char *p = line, *q;
	struct descr e;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == '#')
		return 0;
	q = p;
	while (*q != '\0' && !isspace((unsigned char)*q))
		q++;
	if (*q == '\0') {
		fprintf(stderr, "sc_warts2text: %s:%u: no description\n", path,
		        lineno);
		return -1;
	}
	*q++ = '\0';
	if (warts_addr_fromstr(&e.addr, p) != 0) {
		fprintf(stderr, "sc_warts2text: %s:%u: invalid address '%s'\n",
		        path, lineno, p);
		return -1;
	}
	while (isspace((unsigned char)*q))
		q++;
	if (*q != '"' || (p = strchr(q + 1, '"')) == NULL) {
		fprintf(stderr, "sc_warts2text: %s:%u: the description must "
		        "be in double quotes\n", path, lineno);
		return -1;
	}
	*p = '\0';
	if ((e.text = strdup(q + 1)) == NULL)
		return -1;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct descr *v = realloc(d->v, cap * sizeof(*v));
		if (v == NULL) {
			free(e.text);
			return -1;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = e;
	return 0;
}

static int descr_load(struct descrs *d, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = 0;

	if (fp == NULL) {
		fprintf(stderr, "sc_warts2text: %s: %s\n", path,
		        strerror(errno));
		return -1;
	}
	while (rc == 0 && getline(&line, &cap, fp) >= 0)
		rc = descr_line(d, line, ++lineno, path);
	free(line);
	fclose(fp);
	if (rc != 0)
		return -1;
	qsort(d->v, d->n, sizeof(*d->v), descr_cmp);
	for (size_t i = 1; i < d->n; i++)
		if (warts_addr_cmp(&d->v[i - 1].addr, &d->v[i].addr) == 0) {
			char a[WARTS_ADDR_STRLEN];
			fprintf(stderr, "sc_warts2text: %s: %s is described "
			        "twice\n", path,
			        warts_addr_tostr(&d->v[i].addr, a, sizeof(a)));
			return -1;
		}
	return 0;
}

static const warts_addr *dst_of(const warts_object *obj)
{
	switch (obj->type) {
	case WARTS_TYPE_TRACE:   return &obj->u.trace->dst;
	case WARTS_TYPE_PING:    return &obj->u.ping->dst;
	case WARTS_TYPE_TRACELB: return &obj->u.tracelb->dst;
	case WARTS_TYPE_TBIT:    return &obj->u.tbit->dst;
	case WARTS_TYPE_STING:   return &obj->u.sting->dst;
	default:                 return NULL;
	}
}

static int to_text(void *ctx, const warts_object *obj, warts_strbuf *out)
{
	const struct descrs *d = ctx;
	const warts_addr *dst;

	if (d->n > 0 && (dst = dst_of(obj)) != NULL) {
		struct descr key, *hit;
		key.addr = *dst;
		hit = bsearch(&key, d->v, d->n, sizeof(*d->v), descr_cmp);
		if (hit != NULL) {
			/* the description precedes the result */
			warts_strbuf_add(out, hit->text, strlen(hit->text));
			warts_strbuf_add(out, "\n", 1);
		}
	}
	warts_text(obj, out);
	return 0;
}

static void usage(FILE *fp)
{
	fprintf(fp,
	    "usage: sc_warts2text [-v?] [-d ip2descr-file] [file ...]\n"
	    "  -d  print the description of a result's destination before "
	    "it;\n      the file has lines of: address \"description\"\n"
	    "  -v  print the version\n"
	    "  -?  print this help\n"
	    "With no file, or with -, read standard input.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct descrs d = { NULL, 0, 0 };
	struct convert c = { "sc_warts2text", types,
	                     sizeof(types) / sizeof(types[0]), to_text, &d };
	int ch, rc;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":d:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			if (descr_load(&d, optarg) != 0)
				return 1;
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
	rc = convert_run(&c, argc - optind, argv + optind);
	for (size_t i = 0; i < d.n; i++)
		free(d.v[i].text);
	free(d.v);
	return rc;
}
