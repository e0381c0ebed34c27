/*
 * mux.c: -M path -l and -M path -V name (mux.h), over libctrl's mux
 * client.  All that is sc_attach's own here is the listing's format,
 * and how long to wait for the list.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl/mux.h"
#include "ctrl/mux_client.h"
#include "mux.h"

#define LIST_WAIT   (10 * 1000000ull)  /* for the list, at most */

struct mux {
	ctrl_loop       *l;
	ctrl_mux_client *mc;
	char            *path, *want;
	FILE            *out;
	ctrl_client     *c;
	ctrl_timer       timer;
	int              reported;
	mux_end_cb       cb;
	void            *arg;
};

/* Report once; the owner may free m in cb, so nothing touches m after. */
static void report(struct mux *m, const char *err)
{
	if (m->reported)
		return;
	m->reported = 1;
	ctrl_timer_cancel(m->l, &m->timer);
	m->cb(m, err, m->arg);
}

/* Print " key=value"; a value that is empty or holds a blank, a quote
 * or a backslash is written in double quotes, with \" and \\. */
static void put_attr(FILE *out, const char *key, const char *value)
{
	int q = value[0] == '\0' || strpbrk(value, " \t\"\\") != NULL;

	fprintf(out, " %s=%s", key, q ? "\"" : "");
	for (const char *v = value; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			fputc('\\', out);
		fputc(*v, out);
	}
	if (q)
		fputc('"', out);
}

static void print_list(struct mux *m)
{
	for (size_t i = 0; i < ctrl_mux_client_nvps(m->mc); i++) {
		const struct ctrl_mux_vp *v = ctrl_mux_client_vp(m->mc, i);
		fputs(v->name ? v->name : "(no name)", m->out);
		for (size_t j = 0; j < v->nattrs; j++) {
			const char *key = ctrl_mux_attr_name(v->attrs[j].attr);
			char num[16];
			if (v->attrs[j].attr == CTRL_MUX_ATTR_NAME)
				continue;
			if (key == NULL) {
				snprintf(num, sizeof(num), "attr%d",
				         v->attrs[j].attr);
				key = num;
			}
			put_attr(m->out, key, v->attrs[j].value);
		}
		fputc('\n', m->out);
	}
	fflush(m->out);
}

static void on_go(ctrl_mux_client *mc, void *arg)
{
	struct mux *m = arg;
	const struct ctrl_mux_vp *vp;
	struct ctrl_error err;

	ctrl_timer_cancel(m->l, &m->timer);
	if (m->want == NULL) {
		print_list(m);
		report(m, NULL);
		return;
	}
	if (ctrl_mux_client_find(mc, m->want, &vp, &err) != 0 ||
	    ctrl_client_connect_mux(m->c, mc, vp->id, &err) != 0) {
		report(m, err.msg);
		return;
	}
	m->reported = 1;   /* the client speaks for itself from now on */
}

static void on_closed(ctrl_mux_client *mc, const struct ctrl_error *err,
                      void *arg)
{
	struct mux *m = arg;
	(void)mc;
	report(m, err->msg);
}

static const struct ctrl_mux_client_ops mux_ops = {
	.go = on_go,
	.closed = on_closed,
};

static void list_timeout(ctrl_loop *l, void *arg)
{
	struct mux *m = arg;
	char msg[400];
	(void)l;

	snprintf(msg, sizeof(msg), "%s: no list of VPs from sc_remoted "
	         "within %llu s", m->path, LIST_WAIT / 1000000);
	report(m, msg);
}

struct mux *mux_open(ctrl_loop *l, const char *path, const char *vp,
                     FILE *out, ctrl_client *c, mux_end_cb cb, void *arg,
                     char *err, size_t errlen)
{
	struct ctrl_error e;
	struct mux *m;

	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->path = strdup(path)) == NULL ||
	    (vp != NULL && (m->want = strdup(vp)) == NULL) ||
	    (m->mc = ctrl_mux_client_new(l, &mux_ops, NULL, m)) == NULL) {
		snprintf(err, errlen, "out of memory");
		mux_free(m);
		return NULL;
	}
	m->l = l;
	m->out = out;
	m->c = c;
	m->cb = cb;
	m->arg = arg;
	ctrl_timer_init(&m->timer, list_timeout, m);
	if (ctrl_mux_client_connect(m->mc, path, &e) != 0) {
		snprintf(err, errlen, "%s", e.msg);
		mux_free(m);
		return NULL;
	}
	ctrl_timer_after(l, &m->timer, LIST_WAIT);
	return m;
}

void mux_free(struct mux *m)
{
	if (m == NULL)
		return;
	if (m->l != NULL)
		ctrl_timer_cancel(m->l, &m->timer);
	ctrl_mux_client_free(m->mc);
	free(m->path);
	free(m->want);
	free(m);
}
