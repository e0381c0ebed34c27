/*
 * client_net.c: a client's link over a socket (ctrl/client.h): the
 * attach line, connecting to a TCP port or a unix socket, and the
 * ctrl_conn that carries lines once connected.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctrl/conn.h"
#include "client_int.h"

/* ---- the link: a ctrl_conn ------------------------------------------- */

static int conn_write(void *link, const void *buf, size_t len)
{
	return ctrl_conn_write(link, buf, len);
}

static size_t conn_queued(const void *link)
{
	return ctrl_conn_queued(link);
}

static void conn_close(void *link)
{
	ctrl_conn_free(link);
}

static const struct ctrl_cl_link_ops conn_link = {
	conn_write, conn_queued, conn_close,
};

static void on_line(ctrl_conn *cn, char *line, size_t len, int too_long,
                    void *arg)
{
	(void)cn;
	ctrl_cl_link_line(arg, line, len, too_long);
}

static void on_eof(ctrl_conn *cn, void *arg)
{
	(void)cn;
	ctrl_cl_link_down(arg, 0);
}

static void on_closed(ctrl_conn *cn, int err, void *arg)
{
	(void)cn;
	ctrl_cl_link_down(arg, err);
}

static void on_drained(ctrl_conn *cn, void *arg)
{
	(void)cn;
	ctrl_cl_link_drained(arg);
}

/* the peer stopped inside a line: not a line (a cut record is not a
 * whole one), but its bytes count in what the message says came */
static void on_partial(ctrl_conn *cn, char *data, size_t len, void *arg)
{
	(void)cn;
	(void)data;
	ctrl_cl_link_partial(arg, len);
}

static const struct ctrl_conn_ops conn_ops = {
	.line = on_line,
	.eof = on_eof,
	.closed = on_closed,
	.drained = on_drained,
	.partial = on_partial,
};

/* Put fd (connected) under a ctrl_conn and start talking. */
static int link_up(ctrl_client *c, int fd, struct ctrl_error *err)
{
	struct ctrl_conn_limits lim = { 0, 0 };
	ctrl_conn *cn;

	/* replies and uuencoded lines are short; a JSON result is one
	 * line as long as the object */
	lim.max_line = c->format == CTRL_FORMAT_JSON ? c->max_record + 1
	                                             : 65536;
	if ((cn = ctrl_conn_new(c->l, fd, &conn_ops, c, &lim)) == NULL) {
		ctrl_cl_seterr(err, CTRL_ERR_IO, errno, "%s: %s", c->peer,
		              strerror(errno));
		close(fd);
		return -1;
	}
	c->lops = &conn_link;
	c->link = cn;
	ctrl_cl_link_up(c);
	return 0;
}

/* ---- attach ---------------------------------------------------------- */

/* Append " key value", quoting the value if it has spaces. */
static int add_param(char *buf, size_t cap, size_t *off, const char *key,
                     const char *val, struct ctrl_error *err)
{
	int quote = val[0] == '\0' || strpbrk(val, " \t") != NULL;
	int n;

	for (const char *p = val; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '"') {
			ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
			              "attach %s: printable characters only, "
			              "and no double quote", key);
			return -1;
		}
	}
	n = snprintf(buf + *off, cap - *off, quote ? " %s \"%s\"" : " %s %s",
	             key, val);
	if (n < 0 || (size_t)n >= cap - *off) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
		              "attach %s: too long", key);
		return -1;
	}
	*off += (size_t)n;
	return 0;
}

static int make_attach(ctrl_client *c, const struct ctrl_attach *a,
                       struct ctrl_error *err)
{
	char buf[4096], num[16];
	size_t off = 0;

	off = (size_t)snprintf(buf, sizeof(buf), "attach");
	if (a != NULL) {
		if (a->format == CTRL_FORMAT_WARTS || a->format == CTRL_FORMAT_JSON) {
			c->format = a->format;
			add_param(buf, sizeof(buf), &off, "format",
			          a->format == CTRL_FORMAT_JSON ? "json" : "warts",
			          err);
		} else if (a->format != CTRL_FORMAT_DEFAULT) {
			ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
			              "attach format: warts or json");
			return -1;
		}
		if (a->set & CTRL_ATTACH_PRIORITY) {
			if (a->priority < 1 || a->priority > 100000) {
				ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
				              "attach priority %u: 1 to 100000",
				              a->priority);
				return -1;
			}
			snprintf(num, sizeof(num), "%u", a->priority);
			add_param(buf, sizeof(buf), &off, "priority", num, err);
		}
		if (a->set & CTRL_ATTACH_LIST_ID) {
			snprintf(num, sizeof(num), "%u", a->list_id);
			add_param(buf, sizeof(buf), &off, "list_id", num, err);
		}
		if (a->set & CTRL_ATTACH_CYCLE_ID) {
			snprintf(num, sizeof(num), "%u", a->cycle_id);
			add_param(buf, sizeof(buf), &off, "cycle_id", num, err);
		}
		if ((a->name != NULL &&
		     add_param(buf, sizeof(buf), &off, "name", a->name,
		               err) != 0) ||
		    (a->descr != NULL &&
		     add_param(buf, sizeof(buf), &off, "descr", a->descr,
		               err) != 0) ||
		    (a->monitor != NULL &&
		     add_param(buf, sizeof(buf), &off, "monitor", a->monitor,
		               err) != 0))
			return -1;
		if (a->dialect != 0) {
			if (a->dialect != 2021 && a->dialect != 2026) {
				ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
				              "attach dialect %u: 2021 or 2026",
				              a->dialect);
				return -1;
			}
			snprintf(num, sizeof(num), "%u", a->dialect);
			add_param(buf, sizeof(buf), &off, "dialect", num, err);
			c->dialect = c->dialect_fixed = a->dialect;
		}
	}
	if ((c->attach_line = strdup(buf)) == NULL) {
		ctrl_cl_seterr(err, CTRL_ERR_NOMEM, ENOMEM, "out of memory");
		return -1;
	}
	return 0;
}

/* ---- connecting -------------------------------------------------------- */

static int begin(ctrl_client *c, const char *peer, const struct ctrl_attach *a,
                 int attached, struct ctrl_error *err)
{
	char *p;

	if (c->state != ST_NEW || c->dead) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EISCONN,
		              "%s: the client has connected before", peer);
		return -1;
	}
	if (attached && a != NULL) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
		              "%s: already attached: no attach parameters",
		              peer);
		return -1;
	}
	if ((p = strdup(peer)) == NULL) {
		ctrl_cl_seterr(err, CTRL_ERR_NOMEM, ENOMEM, "out of memory");
		return -1;
	}
	free(c->peer);
	c->peer = p;
	if (!attached && make_attach(c, a, err) != 0)
		return -1;
	return 0;
}

void ctrl_cl_connect_abort(ctrl_client *c)
{
	if (c->connect_fd >= 0) {
		ctrl_loop_watch(c->l, c->connect_fd, 0, NULL, NULL);
		close(c->connect_fd);
		c->connect_fd = -1;
	}
}

static void on_connected(ctrl_loop *l, int fd, unsigned events, void *arg)
{
	ctrl_client *c = arg;
	struct ctrl_error err;
	int e = 0;
	socklen_t elen = sizeof(e);

	(void)events;
	ctrl_loop_watch(l, fd, 0, NULL, NULL);
	c->connect_fd = -1;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) != 0)
		e = errno;
	if (e != 0) {
		close(fd);
		ctrl_cl_seterr(&err, CTRL_ERR_CONNECT, e, "connect to %s: %s",
		              c->peer, strerror(e));
		ctrl_cl_link_failed(c, &err);
		return;
	}
	if (link_up(c, fd, &err) != 0)
		ctrl_cl_link_failed(c, &err);
}

/* Split "[ip:]port" into host and port; the host may be "[v6]". */
static int split_where(const char *where, char *host, size_t hostcap,
                       char *port, size_t portcap)
{
	const char *colon, *h = where;
	size_t hlen;

	if ((colon = strrchr(where, ':')) == NULL) {
		snprintf(host, hostcap, "127.0.0.1");
		colon = where - 1;
		hlen = 0;
	} else {
		hlen = (size_t)(colon - where);
		if (hlen >= 2 && where[0] == '[' && where[hlen - 1] == ']') {
			h++;
			hlen -= 2;
		}
		if (hlen == 0 || hlen >= hostcap)
			return -1;
		memcpy(host, h, hlen);
		host[hlen] = '\0';
	}
	if (strlen(colon + 1) == 0 || strlen(colon + 1) >= portcap ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -1;
	snprintf(port, portcap, "%s", colon + 1);
	if (atol(port) < 1 || atol(port) > 65535)
		return -1;
	return 0;
}

int ctrl_client_connect_tcp(ctrl_client *c, const char *where,
                            const struct ctrl_attach *attach,
                            struct ctrl_error *err)
{
	struct addrinfo hints, *res = NULL;
	char host[256], port[8], peer[300];
	int fd, rc;

	if (where == NULL || split_where(where, host, sizeof(host), port,
	                                 sizeof(port)) != 0) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
		              "\"%.200s\": expected [ip:]port, port 1 to 65535",
		              where ? where : "");
		return -1;
	}
	snprintf(peer, sizeof(peer), strchr(host, ':') ? "[%s]:%s" : "%s:%s",
	         host, port);
	if (begin(c, peer, attach, 0, err) != 0)
		return -1;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		ctrl_cl_seterr(err, CTRL_ERR_CONNECT, 0, "connect to %s: %s",
		              peer, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK |
	            SOCK_CLOEXEC, res->ai_protocol);
	if (fd < 0) {
		ctrl_cl_seterr(err, CTRL_ERR_CONNECT, errno,
		              "connect to %s: %s", peer, strerror(errno));
		freeaddrinfo(res);
		return -1;
	}
	rc = connect(fd, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	if (rc != 0 && errno != EINPROGRESS) {
		ctrl_cl_seterr(err, CTRL_ERR_CONNECT, errno,
		              "connect to %s: %s", peer, strerror(errno));
		close(fd);
		return -1;
	}
	c->state = ST_CONNECTING;
	if (rc == 0)
		return link_up(c, fd, err);
	if (ctrl_loop_watch(c->l, fd, CTRL_WRITE, on_connected, c) != 0) {
		ctrl_cl_seterr(err, CTRL_ERR_CONNECT, errno,
		              "connect to %s: %s", peer, strerror(errno));
		close(fd);
		return -1;
	}
	c->connect_fd = fd;
	return 0;
}

static int connect_unix(ctrl_client *c, const char *path,
                        const struct ctrl_attach *attach, int attached,
                        struct ctrl_error *err)
{
	struct sockaddr_un sun;
	int fd;

	if (path == NULL || strlen(path) == 0 ||
	    strlen(path) >= sizeof(sun.sun_path)) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
		              "\"%.200s\": a unix socket path of 1 to %zu "
		              "bytes", path ? path : "",
		              sizeof(sun.sun_path) - 1);
		return -1;
	}
	if (begin(c, path, attach, attached, err) != 0)
		return -1;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		ctrl_cl_seterr(err, CTRL_ERR_CONNECT, errno,
		              "connect to %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	c->state = ST_CONNECTING;
	return link_up(c, fd, err);
}

int ctrl_client_connect_unix(ctrl_client *c, const char *path,
                             const struct ctrl_attach *attach,
                             struct ctrl_error *err)
{
	return connect_unix(c, path, attach, 0, err);
}

int ctrl_client_connect_remote(ctrl_client *c, const char *path,
                               struct ctrl_error *err)
{
	return connect_unix(c, path, NULL, 1, err);
}

int ctrl_client_open_fd(ctrl_client *c, int fd, const struct ctrl_attach *attach,
                        int attached, struct ctrl_error *err)
{
	char peer[32];

	snprintf(peer, sizeof(peer), "fd %d", fd);
	if (fd < 0) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EBADF, "%s: not open", peer);
		return -1;
	}
	if (begin(c, peer, attach, attached, err) != 0)
		return -1;
	c->state = ST_CONNECTING;
	return link_up(c, fd, err);
}
