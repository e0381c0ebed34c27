/*
 * unixsock.c: the per-VP unix sockets (-U dir), named
 * "[monitor-]address:port" ("address.port" for IPv6).  Each connection
 * to one is a channel to that VP, its bytes passed through unchanged
 * both ways.  Sockets are 0700 (0770 with allowgroup, 0777 with
 * allowother).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "remoted.h"

static mode_t sock_mode(const struct remoted *rd)
{
	return rd->allowother ? 0777 : rd->allowgroup ? 0770 : 0700;
}

int unixsock_prepare_dir(struct remoted *rd)
{
	struct stat st;
	mode_t mode = rd->allowother ? 0755 : rd->allowgroup ? 0750 : 0700;

	if (stat(rd->unix_dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			rlog(rd, "-U %s: not a directory", rd->unix_dir);
			return -1;
		}
		return 0;
	}
	if (mkdir(rd->unix_dir, mode) != 0) {
		rlog(rd, "-U %s: cannot create: %s", rd->unix_dir,
		     strerror(errno));
		return -1;
	}
	return 0;
}

/* A listening unix socket at path with the configured mode, or -1. */
int unix_listen(struct remoted *rd, const char *path)
{
	struct sockaddr_un sun;
	mode_t old;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	                 0)) < 0)
		return -1;
	unlink(path);
	/* no moment with a wider mode than asked for */
	old = umask(0777 & ~sock_mode(rd));
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		int e = errno;
		umask(old);
		close(fd);
		errno = e;
		return -1;
	}
	umask(old);
	if (chmod(path, sock_mode(rd)) != 0 || listen(fd, 64) != 0) {
		int e = errno;
		unlink(path);
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* ---- a client on a VP's socket ------------------------------------------ */

static void client_raw(ctrl_conn *cn, char *data, size_t len, void *arg)
{
	struct chan *c = arg;
	(void)cn;

	while (len > 0) {
		size_t n = len > CHAN_CHUNK ? CHAN_CHUNK : len;
		if (vp_send(c->vp, c->id, data, n) != 0)
			return;   /* the VP link is closing */
		data += n;
		len -= n;
	}
	vp_flow(c->vp);
}

static void client_closed(ctrl_conn *cn, int err, void *arg)
{
	struct chan *c = arg;
	char label[300];
	(void)cn;

	if (err == ENOBUFS)
		rlog(c->vp->rd, "client of VP %s not reading: dropped",
		     vp_label(c->vp, label, sizeof(label)));
	else
		rdebug(c->vp->rd, "client of channel %u gone", c->id);
	chan_local_gone(c);
}

static const struct ctrl_conn_ops client_ops = {
	.closed = client_closed,
};

static void on_accept(ctrl_loop *l, int lfd, unsigned events, void *arg)
{
	struct vp *v = arg;
	(void)l;
	(void)events;

	for (int i = 0; i < 16; i++) {
		struct ctrl_conn_limits lim = { 0, CLIENT_QUEUE_MAX };
		struct chan *c;
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				rlog(v->rd, "accept on %s: %s", v->sockpath,
				     strerror(errno));
			return;
		}
		if ((c = chan_new(v)) == NULL) {
			close(fd);
			return;
		}
		if ((c->conn = ctrl_conn_new(v->rd->l, fd, &client_ops, c,
		                             &lim)) == NULL) {
			close(fd);
			chan_local_gone(c);
			return;
		}
		ctrl_conn_set_raw(c->conn, client_raw);
		if (v->paused)
			chan_pause(c, 1);
		rdebug(v->rd, "client on %s: channel %u", v->sockpath, c->id);
	}
}

static char *sock_path(const struct vp *v)
{
	char *p = NULL;
	int n;
	if (v->monitor != NULL)
		n = asprintf(&p, "%s/%s-%s", v->rd->unix_dir, v->monitor,
		             v->idstr);
	else
		n = asprintf(&p, "%s/%s", v->rd->unix_dir, v->idstr);
	return n < 0 ? NULL : p;
}

int unixsock_open(struct vp *v)
{
	char label[300];

	if ((v->sockpath = sock_path(v)) == NULL)
		return -1;
	if ((v->listen_fd = unix_listen(v->rd, v->sockpath)) < 0) {
		rlog(v->rd, "VP %s: cannot make %s: %s",
		     vp_label(v, label, sizeof(label)), v->sockpath,
		     strerror(errno));
		free(v->sockpath);
		v->sockpath = NULL;
		return -1;
	}
	if (ctrl_loop_watch(v->rd->l, v->listen_fd, CTRL_READ, on_accept,
	                    v) != 0) {
		unixsock_close(v);
		return -1;
	}
	return 0;
}

/* After a resume from another address the socket follows the new name,
 * as scamper's sc_remoted does. */
void unixsock_rename(struct vp *v)
{
	char *np;

	if (v->sockpath == NULL)
		return;
	if ((np = sock_path(v)) == NULL)
		return;
	if (strcmp(np, v->sockpath) == 0 || rename(v->sockpath, np) != 0) {
		free(np);
		return;
	}
	free(v->sockpath);
	v->sockpath = np;
}

void unixsock_close(struct vp *v)
{
	if (v->listen_fd >= 0) {
		ctrl_loop_watch(v->rd->l, v->listen_fd, 0, NULL, NULL);
		close(v->listen_fd);
		v->listen_fd = -1;
	}
	if (v->sockpath != NULL) {
		unlink(v->sockpath);
		free(v->sockpath);
		v->sockpath = NULL;
	}
}
