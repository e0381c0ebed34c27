/*
 * input.c: where commands come from on the command line: addresses given
 * with -i or in a file (-f), each probed with the default command (-c),
 * or complete commands (-I, or -f with -O cmdfile).  Files are read a
 * line at a time as tasks start, so a list of a million targets costs no
 * more memory than a list of ten.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

struct list_input {
	struct input base;
	char       **items;
	int          n, at;
	const char  *command;     /* prefix for addresses, or NULL */
	char        *line;
	size_t       cap;
};

struct file_input {
	struct input base;
	FILE        *fp;
	const char  *command;     /* prefix for addresses, or NULL */
	char        *raw, *line;
	size_t       rawcap, cap;
};

/* "command addr", or the line itself; NULL when out of memory. */
static const char *compose(char **buf, size_t *cap, const char *command,
                           const char *item)
{
	size_t need = strlen(item) + (command ? strlen(command) + 1 : 0) + 1;
	if (need > *cap) {
		char *b = realloc(*buf, need);
		if (b == NULL)
			return NULL;
		*buf = b;
		*cap = need;
	}
	if (command != NULL)
		snprintf(*buf, *cap, "%s %s", command, item);
	else
		snprintf(*buf, *cap, "%s", item);
	return *buf;
}

static const char *list_next(struct input *in)
{
	struct list_input *l = (struct list_input *)in;
	if (l->at >= l->n)
		return NULL;
	return compose(&l->line, &l->cap, l->command, l->items[l->at++]);
}

static void list_free(struct input *in)
{
	struct list_input *l = (struct list_input *)in;
	free(l->line);
	free(l);
}

struct input *input_list(char **items, int n, const char *command)
{
	struct list_input *l = calloc(1, sizeof(*l));
	if (l == NULL)
		return NULL;
	l->base.next = list_next;
	l->base.free = list_free;
	l->items = items;
	l->n = n;
	l->command = command;
	return &l->base;
}

/* The line without comments and surrounding white space. */
static char *trim(char *s)
{
	char *e, *hash = strchr(s, '#');
	if (hash != NULL)
		*hash = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' ||
	                 e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static const char *file_next(struct input *in)
{
	struct file_input *f = (struct file_input *)in;
	while (getline(&f->raw, &f->rawcap, f->fp) >= 0) {
		char *s = trim(f->raw);
		if (*s == '\0')
			continue;
		return compose(&f->line, &f->cap, f->command, s);
	}
	return NULL;
}

static void file_free(struct input *in)
{
	struct file_input *f = (struct file_input *)in;
	if (f->fp != stdin)
		fclose(f->fp);
	free(f->raw);
	free(f->line);
	free(f);
}

struct input *input_file(const char *path, const char *command)
{
	struct file_input *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return NULL;
	f->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (f->fp == NULL) {
		free(f);
		return NULL;
	}
	f->base.next = file_next;
	f->base.free = file_free;
	f->command = command;
	return &f->base;
}
