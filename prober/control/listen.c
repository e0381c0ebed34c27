/*
 * listen.c: the control socket's listeners (-P, -U) and its clients'
 * lifetimes.
 *
 * The sockets are made while the prober may still be root (a unix
 * socket in a directory only root may write to, a port below 1024), and
 * watched only once the loop runs.  Scamper binds its unix socket with
 * the process's umask and leaves a stale file to fail the next start;
 * here the socket is made with mode 0700 (connecting needs write
 * permission, so only its owner, and root, may connect), a stale file
 * that nothing listens on is replaced, and the file is removed at exit
 * when the prober still may (a prober that dropped root may not remove
 * it from a directory only root writes to: the next start replaces it).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "control/control_int.h"
#include "prober.h"

/* <netinet/tcp.h> would define TH_FIN and the rest as macros, which
 * pkt.h names as constants; TCP_NODELAY is 1 on every system. */
#ifndef TCP_NODELAY
#define TCP_NODELAY 1
#endif

/* Clients accepted in one go before other work gets a turn. */
#define ACCEPT_BATCH 64
/* Out of descriptors: wait this long before accepting again. */
#define ACCEPT_RETRY_US 100000
#define LISTEN_BACKLOG 4096

struct listener {
	struct control  *ctl;
	int              fd;
	int              is_unix;
	char            *path;          /* unix: the file to remove */
	ctrl_timer       retry;
	struct listener *next;
};

struct control *control_new(const struct control_opts *opts)
{
	struct control *ctl = calloc(1, sizeof(*ctl));
	if (ctl == NULL)
		return NULL;
	if (opts != NULL)
		ctl->opts = *opts;
	if (ctl->opts.max_line == 0)
		ctl->opts.max_line = 8192;
	if (ctl->opts.max_queue == 0)
		ctl->opts.max_queue = 8u << 20;
	if (ctl->opts.max_pending == 0)
		ctl->opts.max_pending = 1000;
	if ((ctl->opts.command != NULL &&
	     (ctl->command = strdup(ctl->opts.command)) == NULL) ||
	    (ctl->opts.monitor != NULL &&
	     (ctl->monitor = strdup(ctl->opts.monitor)) == NULL)) {
		free(ctl->command);
		free(ctl);
		return NULL;
	}
	return ctl;
}

static struct listener *add_listener(struct control *ctl, int fd,
                                     const char *path)
{
	struct listener *ls = calloc(1, sizeof(*ls));
	if (ls == NULL)
		return NULL;
	if (path != NULL && (ls->path = strdup(path)) == NULL) {
		free(ls);
		return NULL;
	}
	ls->ctl = ctl;
	ls->fd = fd;
	ls->is_unix = path != NULL;
	ls->next = ctl->listeners;
	ctl->listeners = ls;
	return ls;
}

/* "[ip:]port", "[v6]:port": the address (loopback by default). */
static int parse_inet(const char *spec, struct sockaddr_storage *ss,
                      socklen_t *sl, char *err, size_t errlen)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	char host[64];
	const char *port = spec, *colon;
	unsigned long v;
	char *end;

	memset(ss, 0, sizeof(*ss));
	host[0] = '\0';
	if (spec[0] == '[') {
		const char *rb = strchr(spec, ']');
		if (rb == NULL || rb[1] != ':' ||
		    (size_t)(rb - spec - 1) >= sizeof(host))
			goto bad;
		memcpy(host, spec + 1, (size_t)(rb - spec - 1));
		host[rb - spec - 1] = '\0';
		port = rb + 2;
	} else if ((colon = strrchr(spec, ':')) != NULL) {
		if ((size_t)(colon - spec) >= sizeof(host))
			goto bad;
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
		port = colon + 1;
	}
	errno = 0;
	v = strtoul(port, &end, 10);
	if (*port < '0' || *port > '9' || *end != '\0' || errno != 0 ||
	    v < 1 || v > 65535)
		goto bad;
	if (host[0] == '\0') {
		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s4->sin_port = htons((uint16_t)v);
		*sl = sizeof(*s4);
	} else if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)v);
		*sl = sizeof(*s4);
	} else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)v);
		*sl = sizeof(*s6);
	} else {
		goto bad;
	}
	return 0;
bad:
	snprintf(err, errlen, "-P %.100s: expected [ip:]port, an IPv6 "
	         "address in brackets, and a port in 1..65535", spec);
	return -1;
}

int control_listen_inet(struct control *ctl, const char *spec, char *err,
                        size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1;

	if (parse_inet(spec, &ss, &sl, err, errlen) != 0)
		return -1;
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC |
	                 SOCK_NONBLOCK, 0)) < 0) {
		snprintf(err, errlen, "-P %.100s: socket: %s", spec,
		         strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) != 0 ||
	    listen(fd, LISTEN_BACKLOG) != 0) {
		snprintf(err, errlen, "-P %.100s: %s", spec, strerror(errno));
		close(fd);
		return -1;
	}
	if (add_listener(ctl, fd, NULL) == NULL) {
		snprintf(err, errlen, "out of memory");
		close(fd);
		return -1;
	}
	return 0;
}

/* Nothing listens at path: a socket left by a prober that died. */
static int stale_socket(const char *path, const struct sockaddr_un *sun)
{
	struct stat st;
	int fd, rc;

	if (lstat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
		return 0;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return 0;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	rc = rc != 0 && errno == ECONNREFUSED;
	close(fd);
	return rc;
}

int control_listen_unix(struct control *ctl, const char *path, char *err,
                        size_t errlen)
{
	struct sockaddr_un sun;
	mode_t old;
	int fd, rc;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path) || path[0] == '\0') {
		snprintf(err, errlen, "-U %.100s: a socket path is 1..%zu "
		         "bytes", path, sizeof(sun.sun_path) - 1);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
	                 SOCK_NONBLOCK, 0)) < 0) {
		snprintf(err, errlen, "-U %.100s: socket: %s", path,
		         strerror(errno));
		return -1;
	}
	/* made 0700 from the start: no moment when others may connect */
	old = umask(077);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	if (rc != 0 && errno == EADDRINUSE && stale_socket(path, &sun) &&
	    unlink(path) == 0)
		rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc != 0) {
		snprintf(err, errlen, "-U %.100s: %s", path,
		         errno == EADDRINUSE ? "in use (another prober "
		         "listens there, or it is not a socket)" :
		         strerror(errno));
		close(fd);
		return -1;
	}
	if (listen(fd, LISTEN_BACKLOG) != 0) {
		snprintf(err, errlen, "-U %.100s: listen: %s", path,
		         strerror(errno));
		unlink(path);
		close(fd);
		return -1;
	}
	if (add_listener(ctl, fd, path) == NULL) {
		snprintf(err, errlen, "out of memory");
		unlink(path);
		close(fd);
		return -1;
	}
	if (ctl->unix_path == NULL && (ctl->unix_path = strdup(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* The peer as scamper names TCP clients: "ip:port". */
static void peer_name(const struct sockaddr_storage *ss, char *buf,
                      size_t len)
{
	char a[INET6_ADDRSTRLEN];
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)ss;
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(buf, len, "%s:%u", a, ntohs(s4->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(buf, len, "%s:%u", a, ntohs(s6->sin6_port));
	} else {
		snprintf(buf, len, "unix");
	}
}

static void on_accept(ctrl_loop *l, int fd, unsigned events, void *arg);

static void accept_again(ctrl_loop *l, void *arg)
{
	struct listener *ls = arg;
	ctrl_loop_watch(l, ls->fd, CTRL_READ, on_accept, ls);
}

static void on_accept(ctrl_loop *l, int fd, unsigned events, void *arg)
{
	struct listener *ls = arg;
	struct control *ctl = ls->ctl;
	(void)events;

	for (int i = 0; i < ACCEPT_BATCH; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		char name[96];
		int cfd = accept4(fd, (struct sockaddr *)&ss, &sl,
		                  SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			/* out of descriptors or memory: the pending
			 * clients wait in the backlog a moment */
			control_log(ctl, "control: accept: %s; pausing",
			            strerror(errno));
			ctrl_loop_watch(l, fd, 0, NULL, NULL);
			ctrl_timer_after(l, &ls->retry, ACCEPT_RETRY_US);
			return;
		}
		if (!ls->is_unix) {
			int one = 1;
			setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one,
			           sizeof(one));
		}
		peer_name(&ss, name, sizeof(name));
		if (client_new(ctl, cfd, name, ls->is_unix) != 0)
			control_log(ctl, "control: out of memory for a "
			            "client");
	}
}

int control_start(struct control *ctl, struct prober *p)
{
	ctl->p = p;
	ctl->loop = p->loop;
	p->keep_running = 1;
	for (struct listener *ls = ctl->listeners; ls != NULL; ls = ls->next) {
		ctrl_timer_init(&ls->retry, accept_again, ls);
		if (ctrl_loop_watch(ctl->loop, ls->fd, CTRL_READ, on_accept,
		                    ls) != 0)
			return -1;
	}
	return 0;
}

int control_adopt(struct control *ctl, int fd, const char *name)
{
	return client_new(ctl, fd, name, 0);
}

unsigned control_clients(const struct control *ctl)
{
	return ctl->nclients;
}

void control_idle(struct control *ctl)
{
	/* after a crowd of clients has gone, give the heap back */
	if (ctl->nclients == 0 && ctl->peak > 16) {
		ctl->peak = 0;
#ifdef __GLIBC__
		malloc_trim(0);
#endif
	}
}

static int output_pending(const struct control *ctl)
{
	for (const struct client *c = ctl->clients; c != NULL; c = c->next)
		if (c->conn != NULL && ctrl_conn_queued(c->conn) > 0)
			return 1;
	return 0;
}

void control_sent(struct control *ctl)
{
	if (ctl->draining && !output_pending(ctl))
		ctrl_loop_stop(ctl->loop);
}

static void drain_over(ctrl_loop *l, void *arg)
{
	(void)arg;
	ctrl_loop_stop(l);
}

void control_drain(struct control *ctl, unsigned ms)
{
	ctrl_timer deadline;

	if (ctl == NULL || ctl->loop == NULL)
		return;
	/* no measurement starts now, whatever comes */
	if (ctl->p != NULL)
		prober_shutdown(ctl->p, PROBER_SHUTDOWN_NOW);
	for (struct listener *ls = ctl->listeners; ls != NULL; ls = ls->next) {
		ctrl_timer_cancel(ctl->loop, &ls->retry);
		ctrl_loop_watch(ctl->loop, ls->fd, 0, NULL, NULL);
	}
	for (struct client *c = ctl->clients; c != NULL; c = c->next)
		if (c->conn != NULL)
			ctrl_conn_pause(c->conn, 1);
	if (!output_pending(ctl))
		return;
	ctrl_timer_init(&deadline, drain_over, NULL);
	ctrl_timer_after(ctl->loop, &deadline, (uint64_t)ms * 1000);
	ctl->draining = 1;
	ctrl_loop_run(ctl->loop);
	ctl->draining = 0;
	ctrl_timer_cancel(ctl->loop, &deadline);
}

void control_free(struct control *ctl)
{
	struct listener *ls;

	if (ctl == NULL)
		return;
	while (ctl->clients != NULL) {
		/* the end of its stream, if the socket takes it now */
		client_close(ctl->clients);
	}
	while ((ls = ctl->listeners) != NULL) {
		ctl->listeners = ls->next;
		if (ctl->loop != NULL) {
			ctrl_timer_cancel(ctl->loop, &ls->retry);
			ctrl_loop_watch(ctl->loop, ls->fd, 0, NULL, NULL);
		}
		close(ls->fd);
		if (ls->path != NULL)
			unlink(ls->path);
		free(ls->path);
		free(ls);
	}
	free(ctl->command);
	free(ctl->monitor);
	free(ctl->nameserver);
	free(ctl->unix_path);
	free(ctl);
}
