/*
 * meta.c: the meta-data file (-m): one "<monitor> <key> <value>" per
 * line, the value being the rest of the line; keys asn4, asn6, cc, st,
 * place, latlong, shortname, iata, tag (tag may repeat).  Blank lines and
 * lines starting with '#' are skipped.  Any other line is an error that
 * names its line number, and nothing of the file is used.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remoted.h"

void meta_free(struct meta *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->e[i].monitor);
		free(m->e[i].value);
	}
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

static int meta_key(const char *key)
{
	static const char *const ok[] = {
		"asn4", "asn6", "cc", "st", "place", "latlong", "shortname",
		"iata", "tag",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(key, ok[i]) == 0)
			return ctrl_mux_attr_from_key(key);
	return 0;
}

int meta_load(const char *path, struct meta *out, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	struct meta m = {0};
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned lineno = 0;

	if (fp == NULL) {
		snprintf(err, errlen, "cannot open %s: %s", path,
		         strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) >= 0) {
		char *p = line, *mon, *key, *val, *end;
		int attr;
		struct meta_entry *e;

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		mon = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
		p += strspn(p, " \t");
		key = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
		p += strspn(p, " \t");
		val = p;
		end = val + strlen(val);
		while (end > val && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*key == '\0' || *val == '\0') {
			snprintf(err, errlen, "%s line %u: expected <monitor> "
			         "<key> <value>", path, lineno);
			goto fail;
		}
		if ((attr = meta_key(key)) == 0) {
			snprintf(err, errlen, "%s line %u: unknown key '%s'",
			         path, lineno, key);
			goto fail;
		}
		if ((m.n & (m.n - 1)) == 0 || m.n == 0) {
			size_t c = m.n ? m.n * 2 : 16;
			if (c < 16)
				c = 16;
			e = realloc(m.e, c * sizeof(*e));
			if (e == NULL)
				goto nomem;
			m.e = e;
		}
		e = &m.e[m.n];
		e->attr = attr;
		e->monitor = strdup(mon);
		e->value = strdup(val);
		if (e->monitor == NULL || e->value == NULL) {
			free(e->monitor);
			free(e->value);
			goto nomem;
		}
		m.n++;
	}
	free(line);
	fclose(fp);
	meta_free(out);
	*out = m;
	return 0;
nomem:
	snprintf(err, errlen, "%s: out of memory", path);
fail:
	free(line);
	fclose(fp);
	meta_free(&m);
	return -1;
}
