/*
 * main.c: sc_remoted, the controller end of scamper's remote control:
 * VPs started with `scamper -R host:port` connect here, and each is
 * offered to local programs as a unix socket (-U dir) and through one
 * multiplexed socket (-M path).  See sc_remoted(1).
 *
 * Options, ranges and defaults follow scamper 2026's sc_remoted; ours
 * add -O keepalive=SEC and -O rxabort=SEC (timers, for tests) and
 * SIGHUP reloading the certificate, key and meta file.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "remoted.h"

#ifndef WARTS_VERSION_STR
#define WARTS_VERSION_STR "0"
#endif

static int sigpipe_fd[2] = { -1, -1 };   /* signal -> loop */

static void usage(FILE *fp)
{
	fprintf(fp,
	"usage: sc_remoted [-?46Dv] [-O option] [-M mux-socket]\n"
	"                  [-P [ip:]port] [-U unix-dir] [-R chroot-dir]\n"
	"                  [-C tls-ca] [-c tls-certificate] [-p tls-privatekey]\n"
	"                  [-m meta-file] [-e pid-file] [-Z zombie-time]\n"
	"\n"
	"  -?  this help                  -v  version\n"
	"  -4  listen on IPv4 only        -6  listen on IPv6 only\n"
	"  -D  run as a daemon (log to syslog)\n"
	"  -O  allowgroup | allowother | debug | skipnameverification |\n"
	"      notimes | select | keepalive=SEC | rxabort=SEC\n"
	"  -M  multiplexed socket for all VPs\n"
	"  -P  address and port VPs connect to (all addresses by default)\n"
	"  -U  directory for a unix socket per VP\n"
	"  -R  chroot here first (other paths are then inside it)\n"
	"  -C  CA that VPs' client certificates must chain to\n"
	"  -c  server certificate (PEM); with -p, TLS is required of VPs\n"
	"  -p  its private key (PEM)\n"
	"  -m  meta-data file: <monitor> <key> <value> lines\n"
	"  -e  write the process id here\n"
	"  -Z  seconds a disconnected VP's session is kept (0..10800, "
	"default 900)\n");
}

static int parse_secs(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_opt_O(struct remoted *rd, const char *o)
{
	double v;
	if (strcmp(o, "allowgroup") == 0)
		rd->allowgroup = 1;
	else if (strcmp(o, "allowother") == 0)
		rd->allowother = 1;
	else if (strcmp(o, "debug") == 0)
		rd->debug = 1;
	else if (strcmp(o, "skipnameverification") == 0)
		rd->skipnamever = 1;
	else if (strcmp(o, "notimes") == 0 || strcmp(o, "select") == 0)
		;   /* accepted for compatibility; nothing to change */
	else if (strncmp(o, "keepalive=", 10) == 0) {
		if (parse_secs(o + 10, 0.01, 3600, &v) != 0) {
			fprintf(stderr, "sc_remoted: -O keepalive: %s out of "
			        "range (0.01 .. 3600 s)\n", o + 10);
			return -1;
		}
		rd->vp_limits.keepalive_us = (uint64_t)(v * 1e6);
	} else if (strncmp(o, "rxabort=", 8) == 0) {
		if (parse_secs(o + 8, 0.01, 3600, &v) != 0) {
			fprintf(stderr, "sc_remoted: -O rxabort: %s out of "
			        "range (0.01 .. 3600 s)\n", o + 8);
			return -1;
		}
		rd->vp_limits.dead_us = (uint64_t)(v * 1e6);
		rd->vp_limits.first_us = (uint64_t)(v * 1e6) / 2;
	} else {
		fprintf(stderr, "sc_remoted: unknown -O option '%s'\n", o);
		return -1;
	}
	return 0;
}

/* "[ip:]port", "[v6]:port" or "port" */
static int parse_listen(const char *arg, char **ip, unsigned *port)
{
	const char *p = strrchr(arg, ':');
	const char *ps = p ? p + 1 : arg;
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(ps, &end, 10);
	if (*ps == '\0' || *end != '\0' || errno != 0 || v < 1 || v > 65535)
		return -1;
	*port = (unsigned)v;
	*ip = NULL;
	if (p != NULL) {
		size_t n = (size_t)(p - arg);
		if (n >= 2 && arg[0] == '[' && arg[n - 1] == ']') {
			arg++;
			n -= 2;
		}
		if ((*ip = strndup(arg, n)) == NULL)
			return -1;
	}
	return 0;
}

static int listen_on(struct remoted *rd, int family, const char *ip,
                     unsigned port, int v6only)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (void *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		if (ip != NULL && inet_pton(AF_INET, ip, &s4->sin_addr) != 1)
			return -2;
		len = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (void *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (ip != NULL && inet_pton(AF_INET6, ip, &s6->sin6_addr) != 1)
			return -2;
		len = sizeof(*s6);
	}
	if ((fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	                 0)) < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
		           sizeof(v6only));
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
	    listen(fd, 1024) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	rd->listen_fd[rd->nlisten++] = fd;
	return 0;
}

static void on_listen(ctrl_loop *l, int lfd, unsigned events, void *arg);

static void accept_again(ctrl_loop *l, void *arg)
{
	struct remoted *rd = arg;
	for (int i = 0; i < rd->nlisten; i++)
		ctrl_loop_watch(l, rd->listen_fd[i], CTRL_READ, on_listen, rd);
}

static void on_listen(ctrl_loop *l, int lfd, unsigned events, void *arg)
{
	struct remoted *rd = arg;
	(void)events;

	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int one = 1;
		int fd = accept4(lfd, (struct sockaddr *)&ss, &len,
		                 SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				/* out of descriptors: stop accepting for a
				 * second rather than spin */
				rlog(rd, "accept: %s; pausing for 1 s",
				     strerror(errno));
				for (int j = 0; j < rd->nlisten; j++)
					ctrl_loop_watch(l, rd->listen_fd[j], 0,
					                NULL, NULL);
				ctrl_timer_after(l, &rd->accept_later,
				                 1000000);
			}
			return;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		vp_accept(rd, fd, (struct sockaddr *)&ss, len);
	}
}

/* ---- signals ------------------------------------------------------------ */

static void on_signal(int sig)
{
	int e = errno;
	unsigned char c = (unsigned char)sig;
	if (write(sigpipe_fd[1], &c, 1) < 0) {
		/* the pipe is full: a signal is already waiting */
	}
	errno = e;
}

static void reload(struct remoted *rd)
{
	char err[512];

	if (rd->cert != NULL) {
		ctrl_tls_ctx *x = ctrl_tls_server_ctx(rd->cert, rd->key, rd->ca,
		                                      err, sizeof(err));
		if (x == NULL) {
			rlog(rd, "reload: %s; keeping the old certificate", err);
		} else {
			ctrl_tls_ctx_free(rd->tls);   /* live links keep theirs */
			rd->tls = x;
			rlog(rd, "reload: certificate and key reloaded");
		}
	}
	if (rd->meta_path != NULL) {
		if (meta_load(rd->meta_path, &rd->meta, err, sizeof(err)) != 0) {
			rlog(rd, "reload: %s; keeping the old meta data", err);
		} else {
			rlog(rd, "reload: %zu meta-data entries", rd->meta.n);
			for (struct vp *v = rd->vps; v != NULL; v = v->next)
				mux_vp_update(rd, v);
		}
	}
}

static void on_sigpipe(ctrl_loop *l, int fd, unsigned events, void *arg)
{
	struct remoted *rd = arg;
	unsigned char c[16];
	ssize_t n = read(fd, c, sizeof(c));
	(void)events;

	for (ssize_t i = 0; i < n; i++) {
		if (c[i] == SIGHUP) {
			reload(rd);
		} else {
			rlog(rd, "signal %d: exiting", c[i]);
			ctrl_loop_stop(l);
			return;
		}
	}
}

static int setup_signals(struct remoted *rd)
{
	struct sigaction sa;

	if (pipe2(sigpipe_fd, O_NONBLOCK | O_CLOEXEC) != 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);   /* OpenSSL writes with write(2) */
	return ctrl_loop_watch(rd->l, sigpipe_fd[0], CTRL_READ, on_sigpipe, rd);
}

/* ---- main --------------------------------------------------------------- */

int main(int argc, char **argv)
{
	struct remoted rd;
	const char *listen_arg = NULL, *chroot_dir = NULL, *pidfile = NULL;
	char *ip = NULL, err[512];
	unsigned port = 0;
	int ch, daemonise = 0, rc = 1;
	double z;

	memset(&rd, 0, sizeof(rd));
	rd.logfp = stderr;
	rd.zombie_sec = 900;
	rd.family = AF_UNSPEC;
	rd.mux_fd = -1;
	rd.vp_limits.first_us = 30000000u;   /* 30 s right after accept */

	while ((ch = getopt(argc, argv, "?46Dve:m:M:O:P:U:R:C:c:p:Z:")) != -1) {
		switch (ch) {
		case '4': rd.family = AF_INET; break;
		case '6': rd.family = AF_INET6; break;
		case 'D': daemonise = 1; break;
		case 'v':
			printf("sc_remoted version %s (a clean-room "
			       "reimplementation of scamper's)\n",
			       WARTS_VERSION_STR);
			return 0;
		case 'e': pidfile = optarg; break;
		case 'm': rd.meta_path = optarg; break;
		case 'M': rd.mux_path = optarg; break;
		case 'O':
			if (parse_opt_O(&rd, optarg) != 0)
				return 1;
			break;
		case 'P': listen_arg = optarg; break;
		case 'U': rd.unix_dir = optarg; break;
		case 'R': chroot_dir = optarg; break;
		case 'C': rd.ca = optarg; break;
		case 'c': rd.cert = optarg; break;
		case 'p': rd.key = optarg; break;
		case 'Z':
			if (parse_secs(optarg, 0, 10800, &z) != 0 ||
			    z != (unsigned)z) {
				fprintf(stderr, "sc_remoted: -Z %s: zombie time "
				        "out of range (0 .. 10800 s)\n", optarg);
				return 1;
			}
			rd.zombie_sec = (unsigned)z;
			break;
		case '?':
			if (strcmp(argv[optind - 1], "-?") == 0) {
				usage(stdout);
				return 0;
			}
			usage(stderr);
			return 1;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 1;
	}
	if (listen_arg == NULL || (rd.unix_dir == NULL && rd.mux_path == NULL)) {
		fprintf(stderr, "sc_remoted: need -P and at least one of -U or "
		        "-M\n");
		usage(stderr);
		return 1;
	}
	if (parse_listen(listen_arg, &ip, &port) != 0) {
		fprintf(stderr, "sc_remoted: -P %s: expected [ip:]port with "
		        "port 1 .. 65535\n", listen_arg);
		return 1;
	}
	if ((rd.cert == NULL) != (rd.key == NULL)) {
		fprintf(stderr, "sc_remoted: -c and -p go together\n");
		goto out;
	}
	if (rd.ca != NULL && rd.cert == NULL) {
		fprintf(stderr, "sc_remoted: -C needs -c and -p\n");
		goto out;
	}
	if (chroot_dir != NULL &&
	    (chdir(chroot_dir) != 0 || chroot(chroot_dir) != 0 ||
	     chdir("/") != 0)) {
		fprintf(stderr, "sc_remoted: -R %s: %s\n", chroot_dir,
		        strerror(errno));
		goto out;
	}
	if (rd.cert != NULL &&
	    (rd.tls = ctrl_tls_server_ctx(rd.cert, rd.key, rd.ca, err,
	                                  sizeof(err))) == NULL) {
		fprintf(stderr, "sc_remoted: %s\n", err);
		goto out;
	}
	if (rd.meta_path != NULL &&
	    meta_load(rd.meta_path, &rd.meta, err, sizeof(err)) != 0) {
		fprintf(stderr, "sc_remoted: -m: %s\n", err);
		goto out;
	}
	if ((rd.l = ctrl_loop_new()) == NULL) {
		fprintf(stderr, "sc_remoted: cannot start the event loop\n");
		goto out;
	}
	ctrl_timer_init(&rd.accept_later, accept_again, &rd);

	/* listeners */
	{
		int r;
		if (ip != NULL) {
			struct in6_addr a6;
			int fam = inet_pton(AF_INET6, ip, &a6) == 1 ? AF_INET6
			                                            : AF_INET;
			r = listen_on(&rd, fam, ip, port, 1);
		} else if (rd.family == AF_INET) {
			r = listen_on(&rd, AF_INET, NULL, port, 0);
		} else if (rd.family == AF_INET6) {
			r = listen_on(&rd, AF_INET6, NULL, port, 1);
		} else {
			/* one dual-stack socket; or IPv4 alone without IPv6 */
			r = listen_on(&rd, AF_INET6, NULL, port, 0);
			if (r == -1 && errno == EAFNOSUPPORT)
				r = listen_on(&rd, AF_INET, NULL, port, 0);
		}
		if (r != 0) {
			fprintf(stderr, "sc_remoted: -P %s: %s\n", listen_arg,
			        r == -2 ? "not an IP address" : strerror(errno));
			goto out;
		}
	}
	if (rd.unix_dir != NULL && unixsock_prepare_dir(&rd) != 0)
		goto out;
	if (rd.mux_path != NULL && muxsock_open(&rd) != 0)
		goto out;

	if (daemonise) {
		if (daemon(1, 0) != 0) {
			fprintf(stderr, "sc_remoted: daemon: %s\n",
			        strerror(errno));
			goto out;
		}
		openlog("sc_remoted", LOG_PID, LOG_DAEMON);
		rd.logfp = NULL;
	}
	if (pidfile != NULL) {
		FILE *fp = fopen(pidfile, "w");
		if (fp == NULL) {
			rlog(&rd, "-e %s: %s", pidfile, strerror(errno));
			goto out;
		}
		fprintf(fp, "%ld\n", (long)getpid());
		fclose(fp);
	}
	if (setup_signals(&rd) != 0)
		goto out;
	for (int i = 0; i < rd.nlisten; i++)
		ctrl_loop_watch(rd.l, rd.listen_fd[i], CTRL_READ, on_listen,
		                &rd);
	rlog(&rd, "listening on %s%s", listen_arg,
	     rd.tls ? " (TLS required)" : "");

	rc = ctrl_loop_run(rd.l) == 0 ? 0 : 1;

out:
	while (rd.vps != NULL)
		vp_free(rd.vps);
	while (rd.hellos != NULL)
		hello_free(rd.hellos);
	if (rd.l != NULL) {
		muxsock_close(&rd);
		ctrl_timer_cancel(rd.l, &rd.accept_later);
		for (int i = 0; i < rd.nlisten; i++) {
			ctrl_loop_watch(rd.l, rd.listen_fd[i], 0, NULL, NULL);
			close(rd.listen_fd[i]);
		}
		if (sigpipe_fd[0] >= 0)
			ctrl_loop_watch(rd.l, sigpipe_fd[0], 0, NULL, NULL);
	}
	/* links closing from the loop may hold memory until it runs */
	if (rd.l != NULL) {
		ctrl_loop_once(rd.l, 0);
		ctrl_loop_free(rd.l);
	}
	if (sigpipe_fd[0] >= 0) {
		close(sigpipe_fd[0]);
		close(sigpipe_fd[1]);
	}
	if (pidfile != NULL && rc == 0)
		unlink(pidfile);
	ctrl_tls_ctx_free(rd.tls);
	meta_free(&rd.meta);
	free(ip);
	return rc;
}
