/*
 * out.c: writing results.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "out.h"

struct out {
	int            format;
	warts_writer  *w;        /* warts */
	int            fd;       /* text and JSON */
	int            own_fd;
	warts_list    *list;
	warts_cycle   *cycle;
	warts_strbuf   sb;
	int            begun;    /* out_begin wrote the list and cycle */
	int            pending;  /* written, not yet flushed */
	int            failed;   /* a write failed: err says why */
	char          *created;  /* the file out_open made, for out_abort */
	char           err[400];
};

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

struct out *out_open(const struct out_opts *oo, char *err, size_t errlen)
{
	struct out *o = calloc(1, sizeof(*o));
	char host[256];
	warts_error we;
	const char *path = oo->path != NULL ? oo->path : "-";

	if (o == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	o->format = oo->format;
	o->fd = -1;
	/* a file that did not exist is removed again if the run never
	 * starts (out_abort); one that did is left, empty */
	if (strcmp(path, "-") != 0 && access(path, F_OK) != 0 &&
	    errno == ENOENT && (o->created = strdup(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if ((o->list = warts_list_alloc(oo->list_id, oo->listname != NULL ?
	                                oo->listname : "default")) == NULL ||
	    warts_strset(&o->list->descr, oo->listname != NULL ?
	                 oo->listname : "default") != 0 ||
	    (oo->monitor != NULL &&
	     warts_strset(&o->list->monitor, oo->monitor) != 0) ||
	    (o->cycle = warts_cycle_alloc(o->list, oo->cycle_id, 0)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		warts_strset(&o->cycle->hostname, host);
	}
	if (o->format == OUT_WARTS) {
		if ((o->w = warts_writer_open(path, oo->compress, &we)) == NULL) {
			snprintf(err, errlen, "%s: %s", path, we.msg);
			goto fail;
		}
	} else if (strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
	} else {
		o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		             0644);
		if (o->fd < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		o->own_fd = 1;
	}
	return o;
fail:
	warts_cycle_unref(o->cycle);
	warts_list_unref(o->list);
	free(o->created);
	free(o);
	return NULL;
}

const char *out_error(const struct out *o)
{
	return o->err;
}

/*
 * Write one object.  A failure is remembered: out_close reports the
 * first one, so that the exit status says results were lost whatever
 * the format.
 */
static int failed(struct out *o, const char *fmt, const char *why)
{
	if (!o->failed)
		snprintf(o->err, sizeof(o->err), fmt, why);
	o->failed = 1;
	return -1;
}

static int emit(struct out *o, warts_object *obj)
{
	int rc = 0;
	o->pending = 1;
	if (o->format == OUT_WARTS) {
		if (warts_writer_write(o->w, obj) != 0)
			return failed(o, "%s", warts_writer_error(o->w)->msg);
		return 0;
	}
	/* text and JSON accumulate in sb until out_flush */
	if (o->format == OUT_JSON)
		rc = warts_json(obj, 0, &o->sb);
	else
		rc = warts_text(obj, &o->sb);
	if (rc < 0)
		return failed(o, "write: %s", "out of memory");
	return 0;
}

int out_flush(struct out *o)
{
	if (o == NULL || !o->pending)
		return 0;
	o->pending = 0;
	if (o->format == OUT_WARTS) {
		if (warts_writer_flush(o->w) != 0)
			return failed(o, "%s", warts_writer_error(o->w)->msg);
		return 0;
	}
	if (o->sb.len > 0 && write_all(o->fd, o->sb.data, o->sb.len) != 0) {
		warts_strbuf_reset(&o->sb);
		return failed(o, "write: %s", strerror(errno));
	}
	warts_strbuf_reset(&o->sb);
	return 0;
}

int out_pending(const struct out *o)
{
	return o != NULL && o->pending;
}

int out_begin(struct out *o)
{
	warts_object obj;
	warts_tv now;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	now.sec = (uint32_t)ts.tv_sec;
	o->cycle->start_time = now.sec;
	o->begun = 1;
	obj.type = WARTS_TYPE_LIST;
	obj.u.list = o->list;
	if (o->format == OUT_WARTS && emit(o, &obj) != 0)
		return -1;
	obj.type = WARTS_TYPE_CYCLE_START;
	obj.u.cycle = o->cycle;
	if (o->format != OUT_TEXT && emit(o, &obj) != 0)
		return -1;
	return out_flush(o);
}

int out_write(struct out *o, warts_object *obj)
{
	if (warts_object_set_refs(obj, o->list, o->cycle) != 0) {
		snprintf(o->err, sizeof(o->err), "not a measurement");
		return -1;
	}
	return emit(o, obj);
}

/* Close the file (a compressed one is finished) and free o. */
static int finish(struct out *o, int rc, char *err, size_t errlen)
{
	warts_error we;
	if (o->w != NULL && warts_writer_close(o->w, &we) != 0 && rc == 0) {
		snprintf(err, errlen, "%s", we.msg);
		rc = -1;
	}
	if (o->own_fd && close(o->fd) != 0 && rc == 0) {
		snprintf(err, errlen, "close: %s", strerror(errno));
		rc = -1;
	}
	warts_strbuf_free(&o->sb);
	warts_cycle_unref(o->cycle);
	warts_list_unref(o->list);
	free(o->created);
	free(o);
	return rc;
}

int out_close(struct out *o, char *err, size_t errlen)
{
	warts_object obj;
	struct timespec ts;

	if (o == NULL)
		return 0;
	if (o->begun) {
		clock_gettime(CLOCK_REALTIME, &ts);
		o->cycle->stop_time = (uint32_t)ts.tv_sec;
		obj.type = WARTS_TYPE_CYCLE_STOP;
		obj.u.cycle = o->cycle;
		if (o->format != OUT_TEXT)
			emit(o, &obj);
	}
	out_flush(o);
	if (o->failed) {
		snprintf(err, errlen, "%s", o->err);
		return finish(o, -1, err, errlen);
	}
	return finish(o, 0, err, errlen);
}

void out_abort(struct out *o)
{
	char err[8], *created;
	if (o == NULL)
		return;
	created = o->created;
	o->created = NULL;
	finish(o, 0, err, sizeof(err));
	/* best effort: after privileges are dropped this may be refused,
	 * and the file, closed properly, stays behind empty */
	if (created != NULL)
		unlink(created);
	free(created);
}
