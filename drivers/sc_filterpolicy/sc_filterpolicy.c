/*
 * sc_filterpolicy: do a dual-stack device's addresses let the same
 * services through?  (Czyz, Luckie, Allman and Bailey, "Don't Forget to
 * Lock the Back Door!", NDSS 2016.)
 *
 * Collection: read devices (-a), test each address of each device for
 * the chosen services through a prober's control socket (-p or -U),
 * write every result to a warts file (-o), and print each device's table
 * when it is done.  Analysis: -r prints the tables of a file collected
 * before.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fp_analyse.h"
#include "fp_collect.h"
#include "fp_tests.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: sc_filterpolicy [-D] -a infile -o outfile\n"
"                       [-p port | -U unix | -R unix-remote] [-l logfile]\n"
"                       [-O option] [-t class] [-T +test|-test]\n"
"       sc_filterpolicy [-O incongruent|json] -r datafile\n"
"\n"
"  -a infile    devices to test: one per line, \"[name] addr addr ...\",\n"
"               or \"name addr\" lines with -O tuples; '#' comments\n"
"  -o outfile   warts file for every result (.gz, .bz2, .xz, .zst\n"
"               compress it)\n"
"  -p [ip:]port the prober's control socket (TCP, loopback by default)\n"
"  -U path      the prober's control socket (unix)\n"
"  -R path      a remote prober's socket (from sc_remoted -U)\n"
"  -l logfile   log each command sent, with the numbers in progress\n"
"  -D           run as a daemon (results are written, not reported)\n"
"  -t class     the tests to run: router, server or all\n"
"  -T +name     add a test (repeatable); -T -name removes one\n"
"  -O option    impatient: devices with most addresses first\n"
"               incongruent: report only devices whose addresses differ\n"
"               json: report each device as a line of JSON\n"
"               trace: test with traceroute rather than ping (no report)\n"
"               tuples: the input holds \"name address\" lines\n"
"               active=N: at most N devices under test at once\n"
"               (1 to 1000000; default 4096)\n"
"  -r datafile  report the devices of a file collected earlier\n"
"\n"
"tests (class r = router, s = server):\n");
	for (int i = 0; i < FP_NTESTS; i++) {
		const struct fp_test *t = &fp_tests[i];
		fprintf(f, "  %-8s %s%-5u %s%s\n", t->name,
		        t->proto == FP_PROTO_ICMP ? "icmp " :
		        t->proto == FP_PROTO_TCP ? "tcp/" : "udp/",
		        t->port, t->classes & FP_CLASS_ROUTER ? "r" : "",
		        t->classes & FP_CLASS_SERVER ? "s" : "");
	}
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "sc_filterpolicy: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(sc_filterpolicy -? for usage)\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct fp_collect_opts o;
	struct fp_report rep = { stdout, 0, 0 };
	const char *datafile = NULL;
	char *edits[FP_NTESTS * 4];
	int nedits = 0, class_set = 0, c;
	fp_set tests = 0;

	memset(&o, 0, sizeof(o));
	while ((c = getopt(argc, argv, "?a:Dl:o:O:p:r:R:t:T:U:")) != -1) {
		switch (c) {
		case 'a': o.infile = optarg; break;
		case 'D': o.daemon = 1; break;
		case 'l': o.logfile = optarg; break;
		case 'o': o.outfile = optarg; break;
		case 'p': o.port = optarg; break;
		case 'U':
		case 'R':
			if (o.unix_path != NULL)
				return bad("%s", "give one of -U path or "
				           "-R path");
			o.unix_path = optarg;
			o.remote = c == 'R';
			break;
		case 'r': datafile = optarg; break;
		case 't':
			if (fp_class_tests(optarg, &tests) != 0)
				return bad("-t %s: expected router, server "
				           "or all", optarg);
			class_set = 1;
			break;
		case 'T':
			if (nedits == (int)(sizeof(edits) / sizeof(*edits)))
				return bad("too many -T (at %s)", optarg);
			edits[nedits++] = optarg;
			break;
		case 'O':
			if (strcasecmp(optarg, "impatient") == 0)
				o.impatient = 1;
			else if (strcasecmp(optarg, "incongruent") == 0)
				rep.incongruent_only = 1;
			else if (strcasecmp(optarg, "json") == 0)
				rep.json = 1;
			else if (strcasecmp(optarg, "trace") == 0)
				o.trace = 1;
			else if (strcasecmp(optarg, "tuples") == 0)
				o.tuples = 1;
			else if (strncasecmp(optarg, "active=", 7) == 0) {
				char *end;
				unsigned long v;
				errno = 0;
				v = strtoul(optarg + 7, &end, 10);
				if (errno != 0 || end == optarg + 7 ||
				    *end != '\0' || optarg[7] == '-' ||
				    v < 1 || v > 1000000)
					return bad("-O %s: expected active=N, "
					           "N from 1 to 1000000", optarg);
				o.max_active = (unsigned)v;
			} else
				return bad("-O %s: expected impatient, "
				           "incongruent, json, trace, tuples or "
				           "active=N",
				           optarg);
			break;
		case '?':
			if (optopt == 0 || optopt == '?') {
				usage(stdout);
				return 0;
			}
			return bad("%s", "unknown option");
		default:
			return bad("%s", "unknown option");
		}
	}
	if (optind < argc)
		return bad("unexpected argument %s", argv[optind]);

	for (int i = 0; i < nedits; i++) {
		const char *e = edits[i];
		int t;
		if ((e[0] != '+' && e[0] != '-') ||
		    (t = fp_test_byname(e + 1)) < 0)
			return bad("-T %s: expected +name or -name of a test "
			           "listed by -?", e);
		if (e[0] == '+')
			tests |= (fp_set)(1u << t);
		else
			tests &= (fp_set)~(1u << t);
	}

	if (datafile != NULL) {
		if (o.port || o.unix_path || o.logfile || class_set ||
		    nedits || o.daemon || o.trace || o.impatient ||
		    o.tuples || o.infile || o.outfile || o.max_active)
			return bad("%s", "-r takes only -O incongruent or "
			           "-O json");
		return fp_analyse(datafile, &rep);
	}

	if (o.infile == NULL || o.outfile == NULL)
		return bad("%s", "collecting needs -a infile and -o outfile "
		           "(or -r to analyse)");
	if ((o.port == NULL) == (o.unix_path == NULL))
		return bad("%s", "give one of -p port, -U path or -R path");
	if (tests == 0)
		return bad("%s", "no test selected: use -t router|server|all "
		           "or -T +name");
	if (o.trace && rep.json)
		return bad("%s", "-O trace results are not analysed: no "
		           "-O json");
	o.tests = tests;
	return fp_collect(&o, &rep);
}
