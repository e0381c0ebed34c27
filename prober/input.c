/*
 * input.c: where commands come from on the command line: addresses given
 * with -i or in a file (-f), each probed with the default command (-c),
 * or complete commands (-I, or -f with -O cmdfile).  Files are read a
 * line at a time as tasks start, so a list of a million targets costs no
 * more memory than a list of ten.  A pipe or a terminal (-f -) is never
 * read when it has nothing to give: the prober waits for it in its loop,
 * where signals and the control socket are still heard.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"

/* A line longer than this is cut there (and will not parse). */
#define LINE_MAX_BYTES 65536

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
	int          own;         /* opened here: close it */
	int          regular;     /* a file: reading never waits */
	int          eof;
	const char  *command;     /* prefix for addresses, or NULL */
	char        *buf;         /* read, not yet taken: [at, len) */
	size_t       at, len, bufcap;
	int          held;        /* buf[at], which a cut line's end took,
	                           * or -1 */
	char        *line;
	size_t       cap;
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
	if (command != NULL) {
		size_t n = strlen(command);
		memcpy(*buf, command, n);
		(*buf)[n] = ' ';
		memcpy(*buf + n + 1, item, strlen(item) + 1);
	} else {
		memcpy(*buf, item, strlen(item) + 1);
	}
	return *buf;
}

static const char *list_next(struct input *in, int *wait)
{
	struct list_input *l = (struct list_input *)in;
	*wait = 0;
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
	l->base.fd = -1;
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

/* Put back the byte a cut line's terminating NUL took. */
static void unhold(struct file_input *f)
{
	if (f->held >= 0)
		f->buf[f->at] = (char)f->held;
	f->held = -1;
}

/* The next whole line in the buffer (the first LINE_MAX_BYTES of a
 * longer one; the rest, at the end), NUL terminated, or NULL. */
static char *take_line(struct file_input *f)
{
	char *start = f->buf + f->at;
	size_t avail = f->len - f->at;
	char *nl;
	unhold(f);
	nl = memchr(start, '\n',
	            avail < LINE_MAX_BYTES ? avail : LINE_MAX_BYTES);
	if (nl != NULL) {
		*nl = '\0';
		f->at = (size_t)(nl - f->buf) + 1;
		return start;
	}
	if (avail >= LINE_MAX_BYTES) {
		f->at += LINE_MAX_BYTES;
		f->held = (unsigned char)f->buf[f->at];
		f->buf[f->at] = '\0';
		return start;
	}
	if (f->eof && avail > 0) {
		f->buf[f->len] = '\0';      /* room kept for it */
		f->at = f->len;
		return start;
	}
	return NULL;
}

/* Read what the descriptor has: 1, 0 if it would wait, -1 at the end
 * (or on an error, which ends the input too). */
static int fill(struct file_input *f)
{
	ssize_t n;
	unhold(f);
	if (f->at > 0) {
		memmove(f->buf, f->buf + f->at, f->len - f->at);
		f->len -= f->at;
		f->at = 0;
	}
	if (f->len + 1 >= f->bufcap) {
		size_t cap = f->bufcap ? f->bufcap * 2 : 4096;
		char *b = realloc(f->buf, cap);
		if (b == NULL)
			return -1;
		f->buf = b;
		f->bufcap = cap;
	}
	if (!f->regular) {
		struct pollfd pfd = { .fd = f->base.fd, .events = POLLIN };
		if (poll(&pfd, 1, 0) == 0)
			return 0;
	}
	do
		n = read(f->base.fd, f->buf + f->len, f->bufcap - f->len - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n <= 0)
		return -1;
	f->len += (size_t)n;
	return 1;
}

static const char *file_next(struct input *in, int *wait)
{
	struct file_input *f = (struct file_input *)in;
	*wait = 0;
	for (;;) {
		char *raw = f->buf != NULL ? take_line(f) : NULL, *s;
		int rc;
		if (raw != NULL) {
			s = trim(raw);
			if (*s == '\0')
				continue;
			return compose(&f->line, &f->cap, f->command, s);
		}
		if (f->eof)
			return NULL;
		if ((rc = fill(f)) == 0) {
			*wait = 1;
			return NULL;
		}
		if (rc < 0)
			f->eof = 1;
	}
}

static void file_free(struct input *in)
{
	struct file_input *f = (struct file_input *)in;
	if (f->own)
		close(f->base.fd);
	free(f->buf);
	free(f->line);
	free(f);
}

struct input *input_file(const char *path, const char *command)
{
	struct file_input *f = calloc(1, sizeof(*f));
	struct stat st;
	if (f == NULL)
		return NULL;
	if (strcmp(path, "-") == 0) {
		f->base.fd = STDIN_FILENO;
	} else if ((f->base.fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		f->own = 1;
	} else {
		free(f);
		return NULL;
	}
	f->regular = fstat(f->base.fd, &st) == 0 && S_ISREG(st.st_mode);
	f->held = -1;
	f->base.next = file_next;
	f->base.free = file_free;
	f->command = command;
	return &f->base;
}
