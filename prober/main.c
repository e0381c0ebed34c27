/*
 * main.c: scamper's command line.
 *
 *   scamper [-?Dv] [-c command] [-p pps] [-w window] [-M monitorname]
 *           [-l listname] [-L listid] [-C cycleid] [-o outfile]
 *           [-H holdtime] [-d debugfile] [-e pidfile] [-O options]
 *           [-P [ip:]port] [-U unix-socket] [-R host:port]
 *           [-i IPs | -I cmds | -f file]
 *
 * The order of work: parse options; open the output, the raw sockets
 * and the control sockets (the only things that may need root); drop
 * privileges; then read commands and probe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "control/control.h"
#include "control/remote.h"
#include "input.h"
#include "out.h"
#include "prober.h"

#ifndef WARTS_VERSION_STR
#define WARTS_VERSION_STR "unknown"
#endif

#define PPS_MAX PROBER_PPS_MAX
/* At exit, how long clients have to read what was queued for them. */
#define DRAIN_MS 5000

static FILE *debug_fp;

static void usage(FILE *fp)
{
	fprintf(fp,
"usage: scamper [-?Dv] [-c command] [-p pps] [-w window] [-M monitorname]\n"
"               [-l listname] [-L listid] [-C cycleid] [-o outfile]\n"
"               [-H holdtime] [-d debugfile] [-e pidfile] [-O options]\n"
"               [-P [ip:]port] [-U unix-socket] [-R host:port]\n"
"               [-i IPs | -I cmds | -f file]\n"
"  -?  this help                    -v  version\n"
"  -D  detach and run as a daemon\n"
"  -c  default command for addresses (default: trace)\n"
"  -p  packets per second, 1..%d (default: 20)\n"
"  -w  measurements at once, 0..65535 (default: 0, no limit)\n"
"  -H  seconds before a probe's signature is reused, 0..60 (default: 5)\n"
"  -M  monitor name; -l list name; -L list id; -C cycle id\n"
"  -o  output file (default: stdout); its suffix picks the format:\n"
"      .warts .warts.gz .warts.bz2 .warts.xz .warts.zst .json, else text\n"
"  -O  text | warts | warts.gz | warts.bz2 | warts.xz | warts.zst | json |\n"
"      cmdfile (the -f file holds commands) | user=NAME (run as NAME\n"
"      after opening sockets as root; default nobody) | ctrl-2021\n"
"      (control clients get scamper 2021's DATA headers, without id-N)\n"
"      | debugfileappend (-d appends rather than truncates)\n"
"  -P  control socket on TCP [ip:]port (loopback unless ip is given)\n"
"  -U  control socket on a unix socket (mode 0700)\n"
"  -R  take commands from the controller (sc_remoted) at host:port,\n"
"      over TLS; -O cafile=FILE (default: the system's CAs),\n"
"      client-certfile=FILE, client-privfile=FILE, notls-remote\n"
"      (plaintext), remote-keepalive=S (default 30),\n"
"      remote-buffer=KB (results held while the link is down: 8192)\n"
"  -i  the remaining arguments are addresses to probe with -c's command\n"
"  -I  the remaining arguments are complete commands\n"
"  -f  a file of addresses (or commands, with -O cmdfile)\n"
"  -d  write a debug log here    -e  write the process id here\n", PPS_MAX);
}

static void debugf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void debugf(const char *fmt, ...)
{
	va_list ap;
	if (debug_fp == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(debug_fp, fmt, ap);
	va_end(ap);
	fputc('\n', debug_fp);
	fflush(debug_fp);
}

static void report(struct prober *p, const char *msg)
{
	(void)p;
	fprintf(stderr, "scamper: %s\n", msg);
	debugf("%s", msg);
}

/* A number within [min, max], or a message naming the option. */
static int number(const char *s, char opt, unsigned long min,
                  unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s == '\0' || *s == '-' || *end != '\0' || errno != 0 ||
	    v < min || v > max) {
		fprintf(stderr, "scamper: -%c %s: expected a number in "
		        "%lu..%lu\n", opt, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcmp(s + n - k, suf) == 0;
}

/* The output format from -O, or from the output file's name. */
static int format_option(const char *opt, struct out_opts *o)
{
	static const struct { const char *name; int fmt, comp; } f[] = {
		{ "text", OUT_TEXT, 0 },
		{ "warts", OUT_WARTS, WARTS_COMPRESS_NONE },
		{ "warts.gz", OUT_WARTS, WARTS_COMPRESS_GZIP },
		{ "warts.bz2", OUT_WARTS, WARTS_COMPRESS_BZIP2 },
		{ "warts.xz", OUT_WARTS, WARTS_COMPRESS_XZ },
		{ "warts.zst", OUT_WARTS, WARTS_COMPRESS_ZSTD },
		{ "json", OUT_JSON, 0 },
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (strcasecmp(opt, f[i].name) == 0) {
			o->format = f[i].fmt;
			o->compress = f[i].comp;
			return 1;
		}
	return 0;
}

static void format_by_name(const char *path, struct out_opts *o)
{
	static const char *const sufs[] = {
		".warts.gz", ".warts.bz2", ".warts.xz", ".warts.zst",
		".warts", ".json",
	};
	o->format = OUT_TEXT;
	for (size_t i = 0; i < sizeof(sufs) / sizeof(sufs[0]); i++)
		if (suffix(path, sufs[i])) {
			format_option(sufs[i] + 1, o);
			return;
		}
}

/* scamper's -O choices that select its own machinery: accepted, and
 * meaningless here (we have one event loop and one way to capture). */
static int ignored_option(const char *opt)
{
	static const char *const names[] = {
		"planetlab", "rawtcp", "select", "kqueue", "epoll", "poll",
		"ring", "noring", "dl-any", "dyn-filter", "noinitndc",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(opt, names[i]) == 0)
			return 1;
	return 0;
}

struct cli {
	struct prober_opts popts;
	struct out_opts    oopts;
	int                format_set;
	const char        *command;
	const char        *infile;
	const char        *debugfile, *pidfile;
	int                cmdfile, daemon, iplist, cmdlist, ctrl2021;
	int                debugappend;
	const char        *ctrl_inet, *ctrl_unix;
	struct remote_opts ropts;        /* -R and its -O options */
	char             **cmds;
	int                ncmds;
	char             **ips;
	int                nips;
};

static int remote_option(const char *opt, struct remote_opts *ro, int *rc);

static int parse_args(int argc, char **argv, struct cli *c)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int ch, ninputs, rc;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:C:d:De:f:H:iIl:L:M:o:O:p:P:R:U:vw:",
	                         longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			c->command = optarg;
			break;
		case 'C':
			if (number(optarg, 'C', 0, UINT32_MAX, &v) != 0)
				return -1;
			c->oopts.cycle_id = (uint32_t)v;
			break;
		case 'd':
			c->debugfile = optarg;
			break;
		case 'D':
			c->daemon = 1;
			break;
		case 'e':
			c->pidfile = optarg;
			break;
		case 'f':
			c->infile = optarg;
			break;
		case 'H':
			if (number(optarg, 'H', 0, 60, &v) != 0)
				return -1;
			c->popts.holdtime = v * 1000000;
			break;
		case 'i':
			c->iplist = 1;
			break;
		case 'I':
			/* as scamper's: a flag; the arguments are commands */
			c->cmdlist = 1;
			break;
		case 'l':
			c->oopts.listname = optarg;
			break;
		case 'L':
			if (number(optarg, 'L', 0, UINT32_MAX, &v) != 0)
				return -1;
			c->oopts.list_id = (uint32_t)v;
			break;
		case 'M':
			c->oopts.monitor = optarg;
			break;
		case 'o':
			c->oopts.path = optarg;
			break;
		case 'O':
			if (format_option(optarg, &c->oopts)) {
				c->format_set = 1;
			} else if (strcasecmp(optarg, "cmdfile") == 0) {
				c->cmdfile = 1;
			} else if (strcasecmp(optarg, "debugfileappend") == 0) {
				c->debugappend = 1;
			} else if (remote_option(optarg, &c->ropts, &rc)) {
				if (rc != 0)
					return -1;
			} else if (strcasecmp(optarg, "ctrl-2021") == 0) {
				c->ctrl2021 = 1;
			} else if (strncasecmp(optarg, "user=", 5) == 0) {
				c->popts.user = optarg + 5;
			} else if (!ignored_option(optarg)) {
				fprintf(stderr, "scamper: -O %s: unknown option "
				        "(try -?)\n", optarg);
				return -1;
			}
			break;
		case 'p':
			if (number(optarg, 'p', 1, PPS_MAX, &v) != 0)
				return -1;
			c->popts.pps = (unsigned)v;
			break;
		case 'P':
			c->ctrl_inet = optarg;
			break;
		case 'R':
			c->ropts.spec = optarg;
			break;
		case 'U':
			c->ctrl_unix = optarg;
			break;
		case 'w':
			if (number(optarg, 'w', 0, PROBER_WINDOW_MAX, &v) != 0)
				return -1;
			c->popts.window = (unsigned)v;
			break;
		case 'v':
			printf("scamper (warts toolkit, a clean-room scamper "
			       "implementation) %s\n", WARTS_VERSION_STR);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		case ':':
			fprintf(stderr, "scamper: -%c needs an argument (try "
			        "-?)\n", optopt);
			return -1;
		default:
			if (optopt == '?') {
				usage(stdout);
				exit(0);
			}
			if (optopt != 0)
				fprintf(stderr, "scamper: unknown option -%c "
				        "(try -?)\n", optopt);
			else
				fprintf(stderr, "scamper: unknown option %s "
				        "(try -?)\n", argv[optind - 1]);
			return -1;
		}
	}
	if (c->iplist && c->cmdlist) {
		fprintf(stderr, "scamper: give one of -i and -I (try -?)\n");
		return -1;
	}
	if (c->cmdlist) {
		/* the commands, in a list of their own (c->cmds is freed) */
		c->ncmds = argc - optind;
		if (c->ncmds == 0) {
			fprintf(stderr, "scamper: -I needs at least one "
			        "command\n");
			return -1;
		}
		if ((c->cmds = calloc((size_t)c->ncmds, sizeof(*c->cmds))) ==
		    NULL)
			return -1;
		memcpy(c->cmds, argv + optind,
		       (size_t)c->ncmds * sizeof(*c->cmds));
	} else if (c->iplist) {
		c->ips = argv + optind;
		c->nips = argc - optind;
	} else if (optind < argc) {
		fprintf(stderr, "scamper: unexpected argument %s (addresses "
		        "go after -i, commands after -I)\n", argv[optind]);
		return -1;
	}
	/* with a control socket the command line may have no input */
	ninputs = (c->iplist != 0) + (c->ncmds > 0) + (c->infile != NULL);
	if (ninputs > 1 || (ninputs == 0 && c->ctrl_inet == NULL &&
	                    c->ctrl_unix == NULL && c->ropts.spec == NULL)) {
		fprintf(stderr, "scamper: give exactly one of -i, -I and -f, "
		        "or -P, -U or -R (try -?)\n");
		return -1;
	}
	if (c->iplist && c->nips == 0) {
		fprintf(stderr, "scamper: -i needs at least one address\n");
		return -1;
	}
	return 0;
}

/*
 * The -O options of -R.  Returns 1 if opt is one (*rc: 0, or -1 after
 * a message), else 0.
 */
static int remote_option(const char *opt, struct remote_opts *ro, int *rc)
{
	unsigned long v;

	*rc = 0;
	if (strcasecmp(opt, "notls-remote") == 0 ||
	    strcasecmp(opt, "notls") == 0) {
		ro->notls = 1;
	} else if (strncasecmp(opt, "cafile=", 7) == 0) {
		ro->cafile = opt + 7;
	} else if (strncasecmp(opt, "client-certfile=", 16) == 0) {
		ro->certfile = opt + 16;
	} else if (strncasecmp(opt, "client-privfile=", 16) == 0) {
		ro->keyfile = opt + 16;
	} else if (strncasecmp(opt, "remote-keepalive=", 17) == 0) {
		if (number(opt + 17, 'O', 1, 3600, &v) != 0)
			*rc = -1;
		ro->keepalive_s = (unsigned)v;
	} else if (strncasecmp(opt, "remote-buffer=", 14) == 0) {
		if (number(opt + 14, 'O', 1, 4194304, &v) != 0)
			*rc = -1;
		ro->hold_bytes = (size_t)v * 1024;
	} else {
		return 0;
	}
	return 1;
}

static void remote_report(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "scamper: %s\n", msg);
	debugf("%s", msg);
}

/* -R: its options checked and its TLS files read (as root, perhaps). */
static struct remote *remote_open(struct cli *c)
{
	struct remote *r;
	char err[512];

	c->ropts.monitor = c->oopts.monitor;
	c->ropts.log = remote_report;
	if ((r = remote_new(&c->ropts, err, sizeof(err))) == NULL) {
		fprintf(stderr, "scamper: %s\n", err);
		return NULL;
	}
	if (c->ropts.notls)
		fprintf(stderr, "scamper: warning: -O notls-remote: the link "
		        "to %s is neither encrypted nor authenticated\n",
		        c->ropts.spec);
	return r;
}

static void control_debug(void *arg, const char *msg)
{
	(void)arg;
	debugf("%s", msg);
}

/*
 * The control sockets, made before privileges are dropped (a port
 * below 1024, a socket in a directory only root writes to).  Each client
 * is a descriptor: the soft limit is raised to the hard one, so that a
 * thousand clients fit.  Returns NULL (with a message) on failure.
 */
static struct control *control_open(const struct cli *c)
{
	struct control_opts co;
	struct control *ctl;
	struct rlimit rl;
	char err[512];

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			debugf("cannot raise the descriptor limit: %s",
			       strerror(errno));
	}
	memset(&co, 0, sizeof(co));
	co.dialect = c->ctrl2021 ? CTRL_DIALECT_2021 : CTRL_DIALECT_2026;
	co.monitor = c->oopts.monitor;
	co.command = c->command;
	co.log = control_debug;
	if ((ctl = control_new(&co)) == NULL) {
		fprintf(stderr, "scamper: out of memory\n");
		return NULL;
	}
	if ((c->ctrl_inet != NULL &&
	     control_listen_inet(ctl, c->ctrl_inet, err, sizeof(err)) != 0) ||
	    (c->ctrl_unix != NULL &&
	     control_listen_unix(ctl, c->ctrl_unix, err, sizeof(err)) != 0)) {
		fprintf(stderr, "scamper: %s\n", err);
		control_free(ctl);
		return NULL;
	}
	return ctl;
}

/* Write the process id and close the file: 0, or -1 with errno. */
static int write_pid(FILE **fp, pid_t pid)
{
	int rc = fprintf(*fp, "%ld\n", (long)pid) < 0 ? -1 : 0;
	if (fclose(*fp) != 0)
		rc = -1;
	*fp = NULL;
	return rc;
}

/*
 * -D: leave the terminal and the session.  The parent writes the
 * child's process id to the -e file before it exits, so that the file
 * is complete when the command returns; the child carries on.  Returns
 * 0 in the child, or -1 with errno.
 */
static int detach(FILE **pidfp)
{
	pid_t pid;
	int fd;

	fflush(NULL);
	if ((pid = fork()) < 0)
		return -1;
	if (pid > 0) {
		if (*pidfp != NULL && write_pid(pidfp, pid) != 0) {
			int e = errno;
			kill(pid, SIGKILL);
			fprintf(stderr, "scamper: -e: %s\n", strerror(e));
			_exit(1);
		}
		_exit(0);
	}
	/* the child's copy of the file: nothing buffered, just close it */
	if (*pidfp != NULL) {
		fclose(*pidfp);
		*pidfp = NULL;
	}
	if (setsid() < 0)
		return -1;
	if ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	return 0;
}

/*
 * Starting failed after the output was opened: undo what was made (the
 * output file if it is new, the process-id file) and give the exit
 * status.  Any argument may be NULL.
 */
static int abandon(const struct cli *c, struct out *out, struct net *net,
                   struct control *ctl, struct input *in, FILE *pidfp)
{
	if (pidfp != NULL) {
		fclose(pidfp);
		unlink(c->pidfile);
	}
	if (in != NULL && in->free != NULL)
		in->free(in);
	control_free(ctl);
	net_close(net);
	out_abort(out);
	free(c->cmds);
	if (debug_fp != NULL)
		fclose(debug_fp);
	return 1;
}

/* SIGINT and SIGTERM halt the measurements, which writes them out. */
static void on_signal(ctrl_loop *l, int fd, unsigned ev, void *arg)
{
	struct signalfd_siginfo si;
	(void)ev;
	if (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		debugf("signal %u: halting", si.ssi_signo);
		ctrl_loop_watch(l, fd, 0, NULL, NULL);
		prober_halt(arg);
	}
}

int main(int argc, char **argv)
{
	struct cli c;
	struct prober p;
	struct control *ctl = NULL;
	struct input *in = NULL;
	struct net *net;
	struct out *out;
	ctrl_loop *loop;
	char err[512];
	sigset_t sigs;
	int sfd, rc = 0;
	const char *outpath;
	FILE *pidfp = NULL;
	struct remote *rem = NULL;

	memset(&c, 0, sizeof(c));
	c.command = "trace";
	c.popts.pps = 20;
	c.popts.holdtime = 5000000;
	if (parse_args(argc, argv, &c) != 0) {
		free(c.cmds);
		return 1;
	}
	/*
	 * Installed set-user-ID (or set-group-ID), the files named on the
	 * command line would be opened with privileges the user who runs
	 * the program does not have.
	 */
	if (getuid() != geteuid() || getgid() != getegid()) {
		fprintf(stderr, "scamper: refusing to run set-user-ID or "
		        "set-group-ID; give the program CAP_NET_RAW instead "
		        "(see PRIVILEGES in scamper(1))\n");
		free(c.cmds);
		return 1;
	}
	outpath = c.oopts.path != NULL ? c.oopts.path : "-";
	if (!c.format_set)
		format_by_name(outpath, &c.oopts);
	if (c.oopts.format == OUT_WARTS && strcmp(outpath, "-") == 0 &&
	    isatty(STDOUT_FILENO)) {
		fprintf(stderr, "scamper: not writing warts to a terminal\n");
		return 1;
	}
	if (c.debugfile != NULL &&
	    (debug_fp = fopen(c.debugfile, c.debugappend ? "a" : "w")) ==
	    NULL) {
		fprintf(stderr, "scamper: %s: %s\n", c.debugfile,
		        strerror(errno));
		return 1;
	}

	/* what needs privilege: the output, the sockets, the input and
	 * process-id files; a failure from here on removes what was made */
	if ((out = out_open(&c.oopts, err, sizeof(err))) == NULL) {
		fprintf(stderr, "scamper: %s\n", err);
		return 1;
	}
	if ((net = net_open(1, 1, err, sizeof(err))) == NULL) {
		fprintf(stderr, "scamper: %s\n", err);
		return abandon(&c, out, NULL, NULL, NULL, NULL);
	}
	if ((c.ctrl_inet != NULL || c.ctrl_unix != NULL ||
	     c.ropts.spec != NULL) && (ctl = control_open(&c)) == NULL)
		return abandon(&c, out, net, NULL, NULL, NULL);
	if (c.ropts.spec != NULL && (rem = remote_open(&c)) == NULL)
		return abandon(&c, out, net, ctl, NULL, NULL);
	if (c.infile != NULL) {
		in = input_file(c.infile, c.cmdfile ? NULL : c.command);
		if (in == NULL) {
			fprintf(stderr, "scamper: %s: %s\n", c.infile,
			        strerror(errno));
			return abandon(&c, out, net, ctl, NULL, NULL);
		}
	} else if (c.ncmds > 0) {
		in = input_list(c.cmds, c.ncmds, NULL);
	} else if (c.iplist) {
		in = input_list(c.ips, c.nips, c.command);
	}
	if (c.pidfile != NULL && (pidfp = fopen(c.pidfile, "we")) == NULL) {
		fprintf(stderr, "scamper: %s: %s\n", c.pidfile,
		        strerror(errno));
		return abandon(&c, out, net, ctl, in, NULL);
	}
	if (privs_drop(c.popts.user, err, sizeof(err)) != 0) {
		fprintf(stderr, "scamper: %s\n", err);
		return abandon(&c, out, net, ctl, in, pidfp);
	}
	if (c.daemon && detach(&pidfp) != 0) {
		fprintf(stderr, "scamper: -D: %s\n", strerror(errno));
		return abandon(&c, out, net, ctl, in, pidfp);
	}
	if (pidfp != NULL && write_pid(&pidfp, getpid()) != 0) {
		fprintf(stderr, "scamper: %s: %s\n", c.pidfile,
		        strerror(errno));
		return abandon(&c, out, net, ctl, in, pidfp);
	}

	if ((loop = ctrl_loop_new()) == NULL) {
		fprintf(stderr, "scamper: cannot start the event loop\n");
		return abandon(&c, out, net, ctl, in, NULL);
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);

	prober_init(&p, loop, net, out, &c.popts);
	p.report = report;
	if (sfd >= 0)
		ctrl_loop_watch(loop, sfd, CTRL_READ, on_signal, &p);
	if (ctl != NULL && control_start(ctl, &p) != 0) {
		fprintf(stderr, "scamper: control socket: %s\n",
		        strerror(errno));
		rc = 1;
	} else if (rem != NULL && remote_start(rem, ctl, &p) != 0) {
		fprintf(stderr, "scamper: -R: %s\n", strerror(errno));
		rc = 1;
	} else if (out_begin(out) != 0) {
		fprintf(stderr, "scamper: %s\n", out_error(out));
		rc = 1;
	}
	if (rc != 0) {
		if (in != NULL && in->free != NULL)
			in->free(in);
	} else {
		if (in != NULL && prober_input(&p, in) != 0) {
			fprintf(stderr, "scamper: out of memory\n");
			if (in->free != NULL)
				in->free(in);
			in = NULL;
			rc = 1;
		} else if (prober_run(&p) != 0) {
			fprintf(stderr, "scamper: %s\n", strerror(errno));
			rc = 1;
		}
	}
	debugf("tasks %llu done %llu matched %llu late %llu unmatched %llu "
	       "sent %llu send-errors %llu received %llu ignored %llu",
	       (unsigned long long)p.st.tasks, (unsigned long long)p.st.done,
	       (unsigned long long)p.st.matched,
	       (unsigned long long)p.st.late,
	       (unsigned long long)p.st.unmatched,
	       (unsigned long long)net_stats(net)->tx,
	       (unsigned long long)net_stats(net)->tx_err,
	       (unsigned long long)net_stats(net)->rx,
	       (unsigned long long)net_stats(net)->rx_bad);
	if (p.st.bad_commands > 0)
		rc = 1;
	/* what clients have not read yet goes out first (for a few
	 * seconds at most); then clients: their measurements are halted,
	 * their sources go */
	control_drain(ctl, DRAIN_MS);
	remote_free(rem);
	control_free(ctl);
	prober_fini(&p);
	if (sfd >= 0) {
		ctrl_loop_watch(loop, sfd, 0, NULL, NULL);
		close(sfd);
	}
	if (out_close(out, err, sizeof(err)) != 0) {
		fprintf(stderr, "scamper: %s\n", err);
		rc = 1;
	}
	net_close(net);
	ctrl_loop_free(loop);
	free(c.cmds);
	if (debug_fp != NULL)
		fclose(debug_fp);
	return rc;
}
