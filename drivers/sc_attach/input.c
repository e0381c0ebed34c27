/*
 * input.c: sc_attach's commands, from a file or the standard input
 * (input.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctrl/conn.h"
#include "input.h"

struct input {
	char         *name;        /* for messages */
	char         *prefix;
	FILE         *fp;          /* a file, read as asked */
	ctrl_conn    *conn;        /* a stream, read in the loop */
	int           saved_flags; /* stdin's, restored at close */
	struct job  **all;         /* -O random: every command, shuffled */
	size_t        nall, iall;
	unsigned long lineno, bad;
	int           ended, in_want, shuffled;
	input_cb      cb;
	void         *arg;
};

/* A job for one input line, or NULL for a line to skip (or no memory,
 * reported through *oom). */
static struct job *make_job(struct input *in, char *line, size_t len,
                            int *oom)
{
	size_t plen = in->prefix ? strlen(in->prefix) + 1 : 0;
	struct job *j;

	in->lineno++;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (len == 0 || line[0] == '#')
		return NULL;
	if ((j = malloc(sizeof(*j) + plen + len + 1)) == NULL) {
		*oom = 1;
		return NULL;
	}
	memset(&j->cmd, 0, sizeof(j->cmd));
	j->lineno = in->lineno;
	if (plen > 0) {
		memcpy(j->text, in->prefix, plen - 1);
		j->text[plen - 1] = ' ';
	}
	memcpy(j->text + plen, line, len);
	j->text[plen + len] = '\0';
	j->cmd.line = j->text;
	j->cmd.user = j;
	return j;
}

/* Let go of the stream, leaving stdin's flags as they were (O_NONBLOCK
 * is shared with whoever else has the descriptor, a shell say). */
static void drop_conn(struct input *in)
{
	if (in->saved_flags >= 0)
		fcntl(STDIN_FILENO, F_SETFL, in->saved_flags);
	in->saved_flags = -1;
	if (in->conn != NULL)
		ctrl_conn_free(in->conn);
	in->conn = NULL;
}

static void end(struct input *in, const char *err)
{
	if (in->ended)
		return;
	in->ended = 1;
	in->cb(NULL, err, in->arg);
}

/* ---- a stream in the loop --------------------------------------------- */

static void on_line(ctrl_conn *c, char *line, size_t len, int too_long,
                    void *arg)
{
	struct input *in = arg;
	struct job *j;
	int oom = 0;
	(void)c;

	if (too_long) {
		char msg[128];
		in->lineno++;
		snprintf(msg, sizeof(msg), "%s: line %lu: longer than %zu bytes",
		         in->name, in->lineno, len);
		/* skipped, counted, and the rest still read */
		fprintf(stderr, "sc_attach: %s\n", msg);
		in->bad++;
		return;
	}
	if ((j = make_job(in, line, len, &oom)) != NULL)
		in->cb(j, NULL, in->arg);
	else if (oom)
		end(in, "out of memory");
}

static void on_eof(ctrl_conn *c, void *arg)
{
	struct input *in = arg;
	(void)c;

	drop_conn(in);
	end(in, NULL);
}

static void on_closed(ctrl_conn *c, int err, void *arg)
{
	struct input *in = arg;
	(void)c;

	drop_conn(in);
	end(in, err ? strerror(err) : NULL);
}

static const struct ctrl_conn_ops stream_ops = {
	.line = on_line,
	.eof = on_eof,
	.closed = on_closed,
};

/* ---- a file ------------------------------------------------------------- */

static int read_all(struct input *in, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0, acap = 0;
	ssize_t n;
	int oom = 0;

	while ((n = getline(&line, &cap, in->fp)) >= 0) {
		struct job *j = make_job(in, line, (size_t)n, &oom);
		if (j == NULL) {
			if (oom)
				break;
			continue;
		}
		if (in->nall == acap) {
			struct job **a;
			acap = acap ? acap * 2 : 256;
			if ((a = realloc(in->all, acap * sizeof(*a))) == NULL) {
				free(j);
				oom = 1;
				break;
			}
			in->all = a;
		}
		in->all[in->nall++] = j;
	}
	free(line);
	if (oom || ferror(in->fp)) {
		snprintf(err, errlen, "%s: %s", in->name,
		         oom ? "out of memory" : strerror(errno));
		return -1;
	}
	/* Fisher-Yates, from the kernel's random numbers */
	for (size_t i = in->nall; i > 1; i--) {
		uint64_t r;
		struct job *t;
		if (getrandom(&r, sizeof(r), 0) != sizeof(r))
			r = (uint64_t)random();
		size_t k = (size_t)(r % i);
		t = in->all[i - 1];
		in->all[i - 1] = in->all[k];
		in->all[k] = t;
	}
	return 0;
}

struct input *input_open(ctrl_loop *l, const char *name, const char *prefix,
                         int shuffle, input_cb cb, void *arg, char *err,
                         size_t errlen)
{
	struct input *in = calloc(1, sizeof(*in));
	int std = strcmp(name, "-") == 0;
	struct stat st;

	if (in != NULL)
		in->saved_flags = -1;
	if (in == NULL ||
	    (in->name = strdup(std ? "stdin" : name)) == NULL ||
	    (prefix != NULL && (in->prefix = strdup(prefix)) == NULL)) {
		snprintf(err, errlen, "out of memory");
		input_close(in);
		return NULL;
	}
	in->cb = cb;
	in->arg = arg;
	if (std && fstat(STDIN_FILENO, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !shuffle) {
		in->saved_flags = fcntl(STDIN_FILENO, F_GETFL);
		in->conn = ctrl_conn_new(l, STDIN_FILENO, &stream_ops, in, NULL);
		if (in->conn != NULL)
			return in;
		if (errno != EPERM) {
			snprintf(err, errlen, "stdin: %s", strerror(errno));
			input_close(in);
			return NULL;
		}
		/* a descriptor epoll cannot watch (/dev/null): read it as
		 * a file */
		drop_conn(in);
	}
	if (std) {
		in->fp = stdin;
	} else if ((in->fp = fopen(name, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		input_close(in);
		return NULL;
	}
	if (shuffle && read_all(in, err, errlen) != 0) {
		input_close(in);
		return NULL;
	}
	in->shuffled = shuffle;
	return in;
}

void input_want(struct input *in, size_t max)
{
	char *line = NULL;
	size_t cap = 0;

	if (in->ended || in->in_want)
		return;
	if (in->conn != NULL) {
		ctrl_conn_pause(in->conn, max == 0);
		return;
	}
	in->in_want = 1;
	while (max > 0 && !in->ended) {
		struct job *j = NULL;
		int oom = 0;
		if (in->shuffled) {
			if (in->iall == in->nall) {
				end(in, NULL);
				break;
			}
			j = in->all[in->iall];
			in->all[in->iall++] = NULL;
		} else {
			ssize_t n = getline(&line, &cap, in->fp);
			if (n < 0) {
				end(in, ferror(in->fp) ? strerror(errno) : NULL);
				break;
			}
			if ((j = make_job(in, line, (size_t)n, &oom)) == NULL) {
				if (oom)
					end(in, "out of memory");
				continue;
			}
		}
		max--;
		in->cb(j, NULL, in->arg);
	}
	in->in_want = 0;
	free(line);
}

unsigned long input_bad(const struct input *in)
{
	return in->bad;
}

int input_ended(const struct input *in)
{
	return in->ended;
}

void input_close(struct input *in)
{
	if (in == NULL)
		return;
	drop_conn(in);
	if (in->fp != NULL && in->fp != stdin)
		fclose(in->fp);
	for (size_t i = in->iall; i < in->nall; i++)
		free(in->all[i]);
	free(in->all);
	free(in->prefix);
	free(in->name);
	free(in);
}
