/*
 * commands.c: the control socket's interactive commands.
 *
 * One table: each command has a handler and its help.  Words are matched
 * without regard to case; a word in double quotes may hold spaces.  The
 * replies are scamper's (control-remote.md 1.4), except "help", which
 * here answers with the commands (INFO lines, then OK) rather than
 * scamper's "ERR XXX: todo".
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "control/control_int.h"
#include "prober.h"

#ifndef WARTS_VERSION_STR
#define WARTS_VERSION_STR "unknown"
#endif

#define MAX_WORDS 32

/* Returns 1 when the client is gone. */
typedef int (*cmd_fn)(struct client *c, int argc, char **argv,
                      const char *rest);

struct command {
	const char *name;
	cmd_fn      fn;
	const char *usage;
	const char *const *help;   /* lines after the usage */
};

static const struct command *find(const char *name);

/* ---- attach ----------------------------------------------------------- */

static int number_u32(const char *s, unsigned long long min,
                      unsigned long long max, uint32_t *out)
{
	char *end;
	unsigned long long v;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < min || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int cmd_attach(struct client *c, int argc, char **argv,
                      const char *rest)
{
	static const char *const keys[] = {
		"cycle_id", "descr", "dialect", "format", "list_id",
		"monitor", "name", "priority",
	};
	const char *val[sizeof(keys) / sizeof(keys[0])] = {0};
	struct attach_params ap;
	char q[CONTROL_QUOTE_MAX + 4];
	(void)rest;

	for (int i = 1; i < argc; i += 2) {
		size_t k;
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (strcasecmp(argv[i], keys[k]) == 0)
				break;
		/* unknown, given twice, or without a value */
		if (k == sizeof(keys) / sizeof(keys[0]) || val[k] != NULL ||
		    i + 1 >= argc) {
			client_reply(c, "ERR command attach param '%s' failed",
			             client_quote(argv[i], q));
			return 0;
		}
		val[k] = argv[i + 1];
	}
	memset(&ap, 0, sizeof(ap));
	ap.priority = 1;
	ap.cycle_id = 1;
	ap.dialect = -1;
	if (val[0] != NULL && number_u32(val[0], 0, UINT32_MAX,
	                                 &ap.cycle_id) != 0) {
		client_reply(c, "ERR invalid cycle_id");
		return 0;
	}
	ap.descr = val[1];
	if (val[2] != NULL) {
		if (strcmp(val[2], "2021") == 0) {
			ap.dialect = CTRL_DIALECT_2021;
		} else if (strcmp(val[2], "2026") == 0) {
			ap.dialect = CTRL_DIALECT_2026;
		} else {
			client_reply(c, "ERR dialect must be 2021 or 2026");
			return 0;
		}
	}
	if (val[3] != NULL) {
		if (strcasecmp(val[3], "json") == 0) {
			ap.json = 1;
		} else if (strcasecmp(val[3], "warts") != 0) {
			client_reply(c, "ERR format must be warts or json");
			return 0;
		}
	}
	if (val[4] != NULL && number_u32(val[4], 0, UINT32_MAX,
	                                 &ap.list_id) != 0) {
		client_reply(c, "ERR invalid list_id");
		return 0;
	}
	ap.monitor = val[5];
	ap.name = val[6];
	if (val[7] != NULL && number_u32(val[7], 1, 100000,
	                                 &ap.priority) != 0) {
		client_reply(c, "ERR invalid priority");
		return 0;
	}
	client_attach(c, &ap);
	return 0;
}

/* ---- exit ------------------------------------------------------------- */

static int cmd_exit(struct client *c, int argc, char **argv,
                    const char *rest)
{
	(void)argc;
	(void)argv;
	(void)rest;
	client_free(c);
	return 1;
}

/* ---- get and set ------------------------------------------------------ */

static int cmd_get(struct client *c, int argc, char **argv, const char *rest)
{
	struct control *ctl = c->ctl;
	struct prober *p = ctl->p;
	char q[CONTROL_QUOTE_MAX + 4];
	const char *w;
	(void)rest;

	if (argc < 2) {
		client_reply(c, "ERR usage: get [command | monitorname | "
		             "nameserver | pid | pps | version | window]");
		return 0;
	}
	w = argv[1];
	if (strcasecmp(w, "command") == 0) {
		if (ctl->command == NULL)
			client_reply(c, "OK null command");
		else
			client_reply(c, "OK command %s", ctl->command);
	} else if (strcasecmp(w, "monitorname") == 0) {
		if (ctl->monitor == NULL)
			client_reply(c, "OK null monitorname");
		else
			client_reply(c, "OK monitorname %s", ctl->monitor);
	} else if (strcasecmp(w, "nameserver") == 0) {
		if (ctl->nameserver == NULL)
			client_reply(c, "OK null nameserver");
		else
			client_reply(c, "OK nameserver %s", ctl->nameserver);
	} else if (strcasecmp(w, "pid") == 0) {
		client_reply(c, "OK pid %ld", (long)getpid());
	} else if (strcasecmp(w, "pps") == 0) {
		client_reply(c, "OK pps %u", p->opts.pps);
	} else if (strcasecmp(w, "version") == 0) {
		client_reply(c, "OK version %s", WARTS_VERSION_STR);
	} else if (strcasecmp(w, "window") == 0) {
		client_reply(c, "OK window %u/%u", p->ntasks, p->opts.window);
	} else {
		client_reply(c, "ERR unhandled get command '%s'",
		             client_quote(w, q));
	}
	return 0;
}

/* scamper's monitor names: letters, digits, '.' and '-', up to 254 */
static int valid_monitor(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 254)
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-')
			return 0;
	return 1;
}

/* set pps / set window: scamper's replies for a number in a range */
static void set_number(struct client *c, int argc, char **argv,
                       const char *name, long min, long max, unsigned *out)
{
	char q[CONTROL_QUOTE_MAX + 4], *end;
	long v;
	const char *s;

	if (argc < 3) {
		client_reply(c, "ERR set %s requires argument", name);
		return;
	}
	s = argv[2];
	if (*s == '-' || *s == '+')
		s++;
	if (*s < '0' || *s > '9') {
		client_reply(c, "ERR set %s argument is not an integer", name);
		return;
	}
	errno = 0;
	v = strtol(argv[2], &end, 10);
	if (*end != '\0') {
		client_reply(c, "ERR set %s argument is not an integer", name);
		return;
	}
	if (errno != 0) {
		client_reply(c, "ERR could not convert %s to long: %s",
		             client_quote(argv[2], q), strerror(errno));
		return;
	}
	if (v < min || v > max) {
		client_reply(c, "ERR %s: %ld out of range (%ld, %ld)", name, v,
		             min, max);
		return;
	}
	*out = (unsigned)v;
	client_reply(c, "OK %s %ld", name, v);
	prober_kick(c->ctl->p);
}

/* The line begins with the name of a measurement this prober runs. */
static int known_command(const char *s)
{
	char word[32];
	size_t n = strcspn(s, " \t");
	if (n == 0 || n >= sizeof(word))
		return 0;
	memcpy(word, s, n);
	word[n] = '\0';
	return prober_type(word) != NULL;
}

static int set_str(char **field, const char *v)
{
	char *s = strdup(v);
	if (s == NULL)
		return -1;
	free(*field);
	*field = s;
	return 0;
}

static int cmd_set(struct client *c, int argc, char **argv, const char *rest)
{
	struct control *ctl = c->ctl;
	struct prober *p = ctl->p;
	char q[CONTROL_QUOTE_MAX + 4];
	const char *w;

	if (argc < 2) {
		client_reply(c, "ERR usage: set [command | monitorname | "
		             "nameserver | pps | window]");
		return 0;
	}
	w = argv[1];
	if (strcasecmp(w, "command") == 0) {
		/* the rest of the line, as typed, after "set command" */
		const char *s = rest;
		for (int skip = 0; skip < 2; skip++) { /* "set", "command" */
			while (*s == ' ' || *s == '\t')
				s++;
			s += strcspn(s, " \t");
		}
		while (*s == ' ' || *s == '\t')
			s++;
		if (!known_command(s)) {
			client_reply(c, "ERR could not set command");
			return 0;
		}
		if (set_str(&ctl->command, s) != 0)
			client_reply(c, "ERR could not set command");
		else
			client_reply(c, "OK");
	} else if (strcasecmp(w, "monitorname") == 0) {
		if (argc != 3 || !valid_monitor(argv[2]) ||
		    set_str(&ctl->monitor, argv[2]) != 0)
			client_reply(c, "ERR could not set monitorname");
		else
			client_reply(c, "OK");
	} else if (strcasecmp(w, "nameserver") == 0) {
		unsigned char a[16];
		if (argc != 3 || (inet_pton(AF_INET, argv[2], a) != 1 &&
		                  inet_pton(AF_INET6, argv[2], a) != 1) ||
		    set_str(&ctl->nameserver, argv[2]) != 0)
			client_reply(c, "ERR could not set nameserver");
		else
			client_reply(c, "OK");
	} else if (strcasecmp(w, "pps") == 0) {
		unsigned was = p->opts.pps;
		set_number(c, argc, argv, "pps", 1, PROBER_PPS_MAX,
		           &p->opts.pps);
		if (p->opts.pps != was)
			prober_rate_changed(p);
	} else if (strcasecmp(w, "window") == 0) {
		set_number(c, argc, argv, "window", 0, PROBER_WINDOW_MAX,
		           &p->opts.window);
	} else {
		client_reply(c, "ERR unhandled set command '%s'",
		             client_quote(w, q));
	}
	return 0;
}

/* ---- shutdown --------------------------------------------------------- */

/*
 * shutdown flush empties the attached clients' queues: those that had
 * commands waiting (before) are told (after), as when their last
 * command starts: one held back for sending too much is read again, and
 * each is asked for more, so that a shutdown cancel leaves none stuck.
 */
static void flush_clients(struct control *ctl, enum prober_shutdown how,
                          int before)
{
	if (how != PROBER_SHUTDOWN_FLUSH)
		return;
	for (struct client *k = ctl->clients; k != NULL; k = k->next) {
		if (before) {
			k->flushed = k->mode == CLIENT_ATTACHED &&
			             k->in_prober && k->src.nqueued > 0;
		} else if (k->flushed) {
			k->flushed = 0;
			client_queue_shrank(k);
		}
	}
}

static int cmd_shutdown(struct client *c, int argc, char **argv,
                        const char *rest)
{
	static const struct {
		const char *name;
		enum prober_shutdown how;
	} how[] = {
		{ "cancel", PROBER_SHUTDOWN_CANCEL },
		{ "done", PROBER_SHUTDOWN_DONE },
		{ "flush", PROBER_SHUTDOWN_FLUSH },
		{ "now", PROBER_SHUTDOWN_NOW },
	};
	char q[CONTROL_QUOTE_MAX + 4];
	(void)rest;

	if (argc < 2) {
		client_reply(c, "ERR usage: [cancel | done | flush | now]");
		return 0;
	}
	for (size_t i = 0; i < sizeof(how) / sizeof(how[0]); i++)
		if (strcasecmp(argv[1], how[i].name) == 0) {
			client_reply(c, "OK");
			control_log(c->ctl, "control: %s: shutdown %s",
			            c->name, how[i].name);
			flush_clients(c->ctl, how[i].how, 1);
			prober_shutdown(c->ctl->p, how[i].how);
			flush_clients(c->ctl, how[i].how, 0);
			return 0;
		}
	client_reply(c, "ERR unhandled command '%s'",
	             client_quote(argv[1], q));
	return 0;
}

/* ---- source ----------------------------------------------------------- */

static void source_info(struct client *c, const struct source *s)
{
	char n[CONTROL_QUOTE_MAX + 4], d[CONTROL_QUOTE_MAX + 4];
	const char *name = s->name != NULL ? s->name : "";

	if (s->descr != NULL)
		client_reply(c, "INFO name '%s' descr '%s' list_id %u "
		             "cycle_id %u priority %u type '%s'",
		             client_quote(name, n), client_quote(s->descr, d),
		             s->list_id, s->cycle_id, s->priority, s->kind);
	else
		client_reply(c, "INFO name '%s' list_id %u cycle_id %u "
		             "priority %u type '%s'", client_quote(name, n),
		             s->list_id, s->cycle_id, s->priority, s->kind);
}

static struct source *source_named(struct prober *p, const char *name)
{
	for (struct source *s = p->sources; s != NULL; s = s->next)
		if (s->name != NULL && strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

static int cmd_source(struct client *c, int argc, char **argv,
                      const char *rest)
{
	struct prober *p = c->ctl->p;
	char q[CONTROL_QUOTE_MAX + 4];
	struct source *s;
	(void)rest;

	if (argc < 2) {
		client_reply(c, "ERR usage: source [cycle | list]");
		return 0;
	}
	if (strcasecmp(argv[1], "list") == 0) {
		if (argc == 2) {
			for (s = p->sources; s != NULL; s = s->next)
				source_info(c, s);
		} else if ((s = source_named(p, argv[2])) != NULL) {
			source_info(c, s);
		} else {
			client_reply(c, "ERR no source '%s'",
			             client_quote(argv[2], q));
			return 0;
		}
		client_reply(c, "OK");
	} else if (strcasecmp(argv[1], "cycle") == 0) {
		if (argc != 3) {
			client_reply(c, "ERR usage: source cycle <name>");
		} else if ((s = source_named(p, argv[2])) == NULL) {
			client_reply(c, "ERR no source '%s'",
			             client_quote(argv[2], q));
		} else if (strcmp(s->kind, "control") != 0 ||
		           client_cycle(s->arg) != 0) {
			client_reply(c, "ERR source '%s' cannot be cycled",
			             client_quote(argv[2], q));
		} else {
			client_reply(c, "OK");
		}
	} else {
		client_reply(c, "ERR unhandled command '%s'",
		             client_quote(argv[1], q));
	}
	return 0;
}

/* ---- help ------------------------------------------------------------- */

static int cmd_help(struct client *c, int argc, char **argv,
                    const char *rest);

static const char *const help_attach[] = {
	"send measurement commands on this connection; results come back",
	"as DATA blocks (see ATTACH MODE in scamper(1)).  Parameters:",
	"  format warts|json   results as uuencoded warts (default) or JSON",
	"  priority N          share of the prober, 1..100000 (default 1)",
	"  name S / descr S    the list record's name and description",
	"  list_id N / cycle_id N   ids in the list and cycle records",
	"  monitor S           the monitor name in the list record",
	"  dialect 2021|2026   DATA headers without or with the id-N",
	"Once attached: a command gets OK id-N or ERR command not accepted:",
	"reason; MORE asks for the next; halt N stops one; done ends.",
	NULL,
};
static const char *const help_exit[] = {
	"close this connection", NULL,
};
static const char *const help_get[] = {
	"show a setting: command (the default command), monitorname,",
	"nameserver, pid, pps, version, window (running/limit, 0: none)",
	NULL,
};
static const char *const help_help[] = {
	"list the commands, or explain one", NULL,
};
static const char *const help_set[] = {
	"change a setting: command <a command>, monitorname <name>,",
	"nameserver <ip>, pps <1.." "1000000>, window <0..65535, 0: no limit>",
	NULL,
};
static const char *const help_shutdown[] = {
	"done: exit when every queued measurement has finished;",
	"flush: drop queued measurements, exit when running ones finish;",
	"now: exit at once, losing unfinished work; cancel: stay running",
	NULL,
};
static const char *const help_source[] = {
	"list [name]: the sources of measurements (the command line and",
	"each attached client); cycle <name>: end an attached client's",
	"cycle and begin the next",
	NULL,
};

static const struct command commands[] = {
	{ "attach", cmd_attach, "attach [param value] ...", help_attach },
	{ "exit", cmd_exit, "exit", help_exit },
	{ "get", cmd_get, "get <setting>", help_get },
	{ "help", cmd_help, "help [command]", help_help },
	{ "set", cmd_set, "set <setting> <value>", help_set },
	{ "shutdown", cmd_shutdown, "shutdown cancel|done|flush|now",
	  help_shutdown },
	{ "source", cmd_source, "source list|cycle [name]", help_source },
};

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcasecmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int cmd_help(struct client *c, int argc, char **argv,
                    const char *rest)
{
	char q[CONTROL_QUOTE_MAX + 4];
	const struct command *cmd;
	(void)rest;

	if (argc < 2) {
		client_reply(c, "INFO commands (case does not matter):");
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]);
		     i++)
			client_reply(c, "INFO   %s", commands[i].usage);
		client_reply(c, "INFO help <command> explains one");
		client_reply(c, "OK");
		return 0;
	}
	if ((cmd = find(argv[1])) == NULL) {
		client_reply(c, "ERR no help for '%s'",
		             client_quote(argv[1], q));
		return 0;
	}
	client_reply(c, "INFO %s", cmd->usage);
	for (const char *const *l = cmd->help; *l != NULL; l++)
		client_reply(c, "INFO   %s", *l);
	client_reply(c, "OK");
	return 0;
}

/* ---- dispatch --------------------------------------------------------- */

void client_interactive(struct client *c, char *line, size_t len)
{
	char *copy, *argv[MAX_WORDS], q[CONTROL_QUOTE_MAX + 4];
	const struct command *cmd;
	const char *err;
	int argc;

	/* "set command" keeps the rest of the line as typed */
	if ((copy = malloc(len + 1)) == NULL) {
		client_reply(c, "ERR out of memory");
		return;
	}
	memcpy(copy, line, len + 1);
	argc = ctrl_words(line, argv, MAX_WORDS, &err);
	if (argc < 0) {
		client_reply(c, "ERR %s", err);
	} else if (argc > 0) {
		if ((cmd = find(argv[0])) == NULL)
			client_reply(c, "ERR unhandled command '%s'",
			             client_quote(argv[0], q));
		else
			cmd->fn(c, argc, argv, copy);
	}
	free(copy);
}
