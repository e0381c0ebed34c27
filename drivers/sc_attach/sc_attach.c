/*
 * sc_attach: run a file of commands through a running prober and write
 * the results, as warts, to a file or the standard output.
 *
 *   echo "ping -c 1 198.51.100.7" | sc_attach -i - -o - -p 31337 |
 *           sc_warts2json
 *
 * The options are scamper's sc_attach(1)'s.  The records are written as
 * they arrive, byte for byte (the list and cycle records too), so the
 * output is the warts file the prober made.  Unlike scamper's, a command
 * the prober rejects is reported (with its line, the command and the
 * reason) and the rest still run; the exit status is 0 only when every
 * command was accepted and its result arrived.  Everything about the
 * protocol is libctrl's (ctrl/client.h).
 *
 * New: -M path -V name reaches a vantage point by its name through
 * sc_remoted's multiplexed socket (mux.h, over libctrl's
 * ctrl/mux_client.h), and -M path -l lists them.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "ctrl/client.h"
#include "input.h"
#include "mux.h"
#include "warts/warts.h"

#define PROG       "sc_attach"
#define READ_AHEAD 64     /* commands read before the prober asks */
#define HOLD_MAX   1024   /* commands from a stream waiting to be sent */

struct attach {
	ctrl_loop    *l;
	ctrl_client  *c;
	struct input *in;
	struct mux   *mux;
	FILE         *out;
	const char   *outname;
	int           debug;

	unsigned long submitted, accepted, rejected, lost, completed;
	unsigned long unmatched, anonymous;  /* the 2021 dialect */
	unsigned long bad;                   /* input lines skipped */
	int           failed;                /* anything else went wrong */
	int           write_failed;
	int           over;
	int           quiet;   /* a fatal error was told: not each command */
};

/* ---- options ---------------------------------------------------------- */

struct opts {
	const char *command, *infile, *outfile;
	const char *port, *remote, *local, *mux, *vp;
	unsigned    priority;
	int         debug, daemon, random, impatient, list;
};

static void usage(FILE *fp, int full)
{
	fprintf(fp,
	    "usage: sc_attach [-?dDv] [-c command] [-i infile] [-o outfile]\n"
	    "                 [-O options] [-p [ip:]port] [-P priority]\n"
	    "                 [-R unix-remote] [-U unix-local]\n"
	    "                 [-M mux-socket -V vp-name] [-M mux-socket -l]\n");
	if (!full)
		return;
	fprintf(fp, "\n"
	    "  -?  print this help\n"
	    "  -d  print each command sent on stderr\n"
	    "  -D  run as a daemon\n"
	    "  -v  print the version\n"
	    "  -c  the command to put before each line of the input "
	    "(lines are then addresses)\n"
	    "  -i  the input file of commands, or - for stdin\n"
	    "  -o  the output warts file, or - for stdout\n"
	    "  -O  random: send the commands in random order\n"
	    "      impatient: send commands without waiting for the prober "
	    "to ask\n"
	    "  -p  the prober's control port, [ip:]port (loopback if no ip)\n"
	    "  -P  the mixing priority to attach with, 1 to 100000\n"
	    "  -R  a remote prober's unix socket (from sc_remoted)\n"
	    "  -U  a local prober's unix control socket\n"
	    "  -M  sc_remoted's multiplexed socket (sc_remoted -M), with:\n"
	    "  -V  the name of the vantage point to use there, or\n"
	    "  -l  list its vantage points and their metadata, and exit\n");
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", PROG);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (try -? for help)\n");
	return -1;
}

/* Returns 0, 1 for -? or -v (done), -1 for an error (reported). */
static int parse_opts(int argc, char **argv, struct opts *o)
{
	int ch;
	char *end;
	unsigned long v;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	while ((ch = getopt(argc, argv, ":c:dDi:lM:o:O:p:P:R:U:vV:")) != -1) {
		switch (ch) {
		case 'c':
			o->command = optarg;
			break;
		case 'd':
			o->debug = 1;
			break;
		case 'D':
			o->daemon = 1;
			break;
		case 'i':
			if (o->infile != NULL)
				return bad("-i given twice%s", "");
			o->infile = optarg;
			break;
		case 'o':
			if (o->outfile != NULL)
				return bad("-o given twice%s", "");
			o->outfile = optarg;
			break;
		case 'O':
			if (strcasecmp(optarg, "random") == 0)
				o->random = 1;
			else if (strcasecmp(optarg, "impatient") == 0)
				o->impatient = 1;
			else
				return bad("-O %s: random or impatient", optarg);
			break;
		case 'p':
			o->port = optarg;
			break;
		case 'P':
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || optarg[0] == '\0' ||
			    optarg[0] == '-' || v < 1 || v > 100000)
				return bad("-P %s: a priority from 1 to 100000",
				           optarg);
			o->priority = (unsigned)v;
			break;
		case 'R':
			o->remote = optarg;
			break;
		case 'U':
			o->local = optarg;
			break;
		case 'M':
			o->mux = optarg;
			break;
		case 'V':
			o->vp = optarg;
			break;
		case 'l':
			o->list = 1;
			break;
		case 'v':
			printf("%s (warts toolkit, a clean-room scamper "
			       "implementation) libwarts %s\n", PROG,
			       warts_version());
			return 1;
		case ':':
			fprintf(stderr, "%s: -%c needs an argument (try -? for "
			        "help)\n", PROG, optopt);
			return -1;
		default:
			if (optopt == '?') {
				usage(stdout, 1);
				return 1;
			}
			fprintf(stderr, "%s: unknown option -%c (try -? for "
			        "help)\n", PROG, optopt);
			return -1;
		}
	}
	if (optind < argc)
		return bad("unexpected argument %s", argv[optind]);
	if ((o->port != NULL) + (o->remote != NULL) + (o->local != NULL) +
	    (o->mux != NULL) != 1)
		return bad("one of -p, -R, -U and -M is needed%s", "");
	if (o->mux == NULL && (o->vp != NULL || o->list))
		return bad("-V and -l go with -M%s", "");
	if (o->mux != NULL && (o->vp != NULL) + o->list != 1)
		return bad("-M needs -V vp-name, or -l to list the VPs%s", "");
	if (o->list) {
		if (o->infile != NULL || o->outfile != NULL)
			return bad("-l lists the VPs: no -i or -o%s", "");
		return 0;
	}
	if (o->infile == NULL || o->outfile == NULL)
		return bad("-i and -o are needed%s", "");
	if ((o->remote != NULL || o->mux != NULL) && o->priority != 0)
		fprintf(stderr, "%s: -P ignored: a remote socket is attached "
		        "already\n", PROG);
	if (o->daemon && (o->debug || strcmp(o->outfile, "-") == 0 ||
	                  strcmp(o->infile, "-") == 0))
		return bad("-D cannot be used with -d, -i - or -o -%s", "");
	return 0;
}

/* ---- the client's callbacks -------------------------------------------- */

static void finish(struct attach *a)
{
	if (a->c != NULL) {
		ctrl_client_free(a->c);
		a->c = NULL;
	}
	if (a->mux != NULL) {
		mux_free(a->mux);
		a->mux = NULL;
	}
	if (a->in != NULL) {
		a->bad += input_bad(a->in);
		input_close(a->in);
		a->in = NULL;
	}
	a->over = 1;
	ctrl_loop_stop(a->l);
}

static void on_record(ctrl_client *c, const struct ctrl_result *r, void *arg)
{
	struct attach *a = arg;
	(void)c;

	if (a->write_failed)
		return;
	if (fwrite(r->data, 1, r->len, a->out) != r->len ||
	    fflush(a->out) != 0) {
		fprintf(stderr, "%s: writing %s: %s\n", PROG, a->outname,
		        strerror(errno));
		a->failed = a->write_failed = 1;
		finish(a);
		return;
	}
	if (r->type < WARTS_TYPE_LIST || r->type > WARTS_TYPE_ADDR) {
		if (r->id == 0)
			a->anonymous++;
	}
}

static void on_accepted(ctrl_client *c, ctrl_cmd *cmd, void *arg)
{
	struct attach *a = arg;
	(void)c;
	(void)cmd;
	a->accepted++;
}

static void on_done(ctrl_client *c, ctrl_cmd *cmd, int how, const char *why,
                    void *arg)
{
	struct attach *a = arg;
	struct job *j = cmd->user;
	(void)c;

	switch (how) {
	case CTRL_CMD_COMPLETED:
		a->completed++;
		break;
	case CTRL_CMD_UNMATCHED:
		a->unmatched++;
		break;
	case CTRL_CMD_REJECTED:
		a->rejected++;
		fprintf(stderr, "%s: line %lu: \"%s\": %s\n", PROG, j->lineno,
		        j->text, why);
		break;
	default:
		a->lost++;
		if (a->quiet)
			break;
		fprintf(stderr, "%s: line %lu: \"%s\": no result: %s\n", PROG,
		        j->lineno, j->text, why);
		break;
	}
	free(j);
}

static void on_sent(ctrl_client *c, ctrl_cmd *cmd, void *arg)
{
	struct attach *a = arg;
	(void)c;
	if (a->debug)
		fprintf(stderr, "%ld: %s\n", (long)time(NULL), cmd->line);
}

/* The prober can take a command and none is waiting: read some. */
static void on_more(ctrl_client *c, void *arg)
{
	struct attach *a = arg;
	(void)c;
	if (a->in != NULL)
		input_want(a->in, READ_AHEAD);
}

static void on_closed(ctrl_client *c, const struct ctrl_error *err,
                      void *arg)
{
	struct attach *a = arg;
	(void)c;

	if (err != NULL) {
		fprintf(stderr, "%s: %s\n", PROG, err->msg);
		a->failed = 1;
	}
	finish(a);
}

/* No channel to the VP could be opened through sc_remoted's mux. */
static void on_mux_end(struct mux *m, const char *err, void *arg)
{
	struct attach *a = arg;
	(void)m;

	if (err == NULL)
		return;
	fprintf(stderr, "%s: %s\n", PROG, err);
	a->failed = 1;
	a->quiet = 1;
	finish(a);
}

static const struct ctrl_client_ops client_ops = {
	.accepted = on_accepted,
	.done = on_done,
	.record = on_record,
	.more = on_more,
	.sent = on_sent,
	.closed = on_closed,
};

/* A command read, or the end of the input. */
static void on_input(struct job *j, const char *err, void *arg)
{
	struct attach *a = arg;
	struct ctrl_error cerr;

	if (a->c == NULL) {
		free(j);
		return;
	}
	if (j == NULL) {
		if (err != NULL) {
			fprintf(stderr, "%s: reading the commands: %s\n", PROG,
			        err);
			a->failed = 1;
		}
		ctrl_client_done(a->c);
		return;
	}
	if (ctrl_client_submit(a->c, &j->cmd, &cerr) != 0) {
		fprintf(stderr, "%s: line %lu: %s\n", PROG, j->lineno,
		        cerr.msg);
		a->failed = 1;
		free(j);
		return;
	}
	a->submitted++;
	/* a stream waits while enough is waiting to be sent */
	if (a->c != NULL && ctrl_client_unsent(a->c) >= HOLD_MAX)
		input_want(a->in, 0);
}

/* ---- main ---------------------------------------------------------------- */

/* -M path -V name: the client is connected over a channel once the
 * list of VPs has come. */
static int open_mux(struct attach *a, const struct opts *o,
                    struct ctrl_error *err)
{
	char msg[320];

	a->mux = mux_open(a->l, o->mux, o->vp, NULL, a->c, on_mux_end, a,
	                  msg, sizeof(msg));
	if (a->mux == NULL) {
		snprintf(err->msg, sizeof(err->msg), "%s", msg);
		return -1;
	}
	return 0;
}

static void on_list_end(struct mux *m, const char *err, void *arg)
{
	int *rc = arg;
	(void)m;
	if (err != NULL)
		fprintf(stderr, "%s: %s\n", PROG, err);
	*rc = err != NULL;
}

/* -M path -l: print the VPs and their metadata. */
static int list_vps(const char *path)
{
	ctrl_loop *l = ctrl_loop_new();
	struct mux *m;
	char msg[320];
	int rc = -1;

	if (l == NULL) {
		fprintf(stderr, "%s: %s\n", PROG, strerror(errno));
		return 1;
	}
	m = mux_open(l, path, NULL, stdout, NULL, on_list_end, &rc, msg,
	             sizeof(msg));
	if (m == NULL) {
		fprintf(stderr, "%s: %s\n", PROG, msg);
		ctrl_loop_free(l);
		return 1;
	}
	while (rc < 0) {
		if (ctrl_loop_once(l, 1000000) != 0 && errno != EINTR) {
			fprintf(stderr, "%s: %s\n", PROG, strerror(errno));
			rc = 1;
		}
	}
	mux_free(m);
	ctrl_loop_free(l);
	return rc != 0;
}

static int run(const struct opts *o)
{
	struct attach a;
	struct ctrl_client_opts copts;
	struct ctrl_attach at;
	struct ctrl_error err;
	char msg[512];
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&copts, 0, sizeof(copts));
	memset(&at, 0, sizeof(at));
	a.debug = o->debug;
	copts.impatient = o->impatient;
	if (o->priority != 0) {
		at.set = CTRL_ATTACH_PRIORITY;
		at.priority = o->priority;
	}

	if (strcmp(o->outfile, "-") == 0) {
		a.out = stdout;
		a.outname = "stdout";
	} else if ((a.out = fopen(o->outfile, "wb")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", PROG, o->outfile,
		        strerror(errno));
		return 1;
	} else {
		a.outname = o->outfile;
	}

	if ((a.l = ctrl_loop_new()) == NULL ||
	    (a.c = ctrl_client_new(a.l, &client_ops, &copts, &a)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		return 1;
	}
	if (o->port != NULL)
		rc = ctrl_client_connect_tcp(a.c, o->port,
		                             o->priority ? &at : NULL, &err);
	else if (o->local != NULL)
		rc = ctrl_client_connect_unix(a.c, o->local,
		                              o->priority ? &at : NULL, &err);
	else if (o->remote != NULL)
		rc = ctrl_client_connect_remote(a.c, o->remote, &err);
	else
		rc = open_mux(&a, o, &err);
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", PROG, err.msg);
		finish(&a);
		ctrl_loop_free(a.l);
		if (a.out != stdout)
			fclose(a.out);
		return 1;
	}
	a.in = input_open(a.l, o->infile, o->command, o->random, on_input, &a,
	                  msg, sizeof(msg));
	if (a.in == NULL) {
		fprintf(stderr, "%s: %s\n", PROG, msg);
		ctrl_client_free(a.c);
		ctrl_loop_free(a.l);
		return 1;
	}
	input_want(a.in, READ_AHEAD);

	while (!a.over) {
		if (ctrl_loop_run(a.l) != 0 && errno != EINTR) {
			fprintf(stderr, "%s: %s\n", PROG, strerror(errno));
			a.failed = 1;
			finish(&a);
		} else if (!a.over) {
			/* the loop ran dry without the connection ending */
			fprintf(stderr, "%s: nothing left to wait for\n", PROG);
			a.failed = 1;
			finish(&a);
		}
	}
	finish(&a);
	ctrl_loop_free(a.l);

	if (a.bad > 0)
		a.failed = 1;
	if (a.out != stdout && fclose(a.out) != 0 && !a.write_failed) {
		fprintf(stderr, "%s: %s: %s\n", PROG, a.outname,
		        strerror(errno));
		a.failed = 1;
	}
	/* the 2021 dialect: as many results as commands accepted */
	if (a.anonymous < a.unmatched) {
		fprintf(stderr, "%s: %lu results for %lu commands accepted\n",
		        PROG, a.anonymous, a.unmatched);
		a.failed = 1;
	}
	return a.failed || a.rejected > 0 || a.lost > 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	int rc;

	if ((rc = parse_opts(argc, argv, &o)) != 0)
		return rc < 0 ? 2 : 0;   /* 2: a usage error */
	/* a reader that goes away is a write error, not a signal */
	signal(SIGPIPE, SIG_IGN);
	if (o.list)
		return list_vps(o.mux);
	if (o.daemon && daemon(1, 0) != 0) {
		fprintf(stderr, "%s: daemon: %s\n", PROG, strerror(errno));
		return 1;
	}
	return run(&o);
}
