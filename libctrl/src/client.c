/*
 * client.c: the client engine (ctrl/client.h): commands out, replies in.
 *
 * Every line the client sends that the prober answers (attach, each
 * command, halt, done) joins one FIFO, since the prober answers lines in
 * the order it reads them; each OK or ERR belongs to the head of it.
 * Commands are ctrl_cmd structs the caller owns, linked through their
 * private fields: waiting to be sent (unsent), awaiting their reply
 * (reply), then accepted and in progress (a hash table by id, to match
 * results).  Attach and done have their structs in the client; a halt
 * allocates one, as halts are rare.
 *
 * Reentrancy: the owner may free the client from any callback.  Every
 * entry point (a link's event, a public call that may call back) counts
 * itself in depth; ctrl_client_free inside one only marks the client
 * dead, and the outermost entry point frees it on leaving.  After each
 * callback the engine checks `dead` and stops.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client_int.h"

#define MAX_CMD_LINE  8000
#define HIGH_WATER    65536   /* output queued before impatience waits */

/* ---- errors ------------------------------------------------------------ */

void ctrl_cl_seterr(struct ctrl_error *err, int code, int sys,
                   const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	err->code = code;
	err->sys = sys;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

const char *ctrl_cl_quote(const char *line, size_t len, char *buf,
                         size_t buflen)
{
	size_t o = 0, i;

	for (i = 0; i < len && o + 8 < buflen && i < 60; i++) {
		unsigned char ch = (unsigned char)line[i];
		if (ch >= 0x20 && ch < 0x7f && ch != '\\')
			buf[o++] = (char)ch;
		else
			o += (size_t)snprintf(buf + o, buflen - o, "\\x%02x",
			                      ch);
	}
	if (i < len && o + 4 <= buflen) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

void ctrl_cl_fail(ctrl_client *c, int code, int sys, const char *fmt, ...)
{
	struct ctrl_error err;
	va_list ap;
	int n;

	err.code = code;
	err.sys = sys;
	n = snprintf(err.msg, sizeof(err.msg), "%s: ", c->peer);
	if (n < 0 || (size_t)n >= sizeof(err.msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(err.msg + n, sizeof(err.msg) - (size_t)n, fmt, ap);
	va_end(ap);
	ctrl_cl_end(c, &err);
}

/* ---- lifetime ---------------------------------------------------------- */

static void destroy(ctrl_client *c)
{
	ctrl_cl_data_reset(c);
	if (c->dec != NULL)
		warts_decoder_free(c->dec);
	free(c->table);
	free(c->attach_line);
	free(c->peer);
	free(c);
}

void ctrl_cl_enter(ctrl_client *c)
{
	c->depth++;
}

int ctrl_cl_leave(ctrl_client *c)
{
	c->depth--;
	if (c->dead && c->depth == 0) {
		destroy(c);
		return 1;
	}
	return c->dead;
}

ctrl_client *ctrl_client_new(ctrl_loop *l, const struct ctrl_client_ops *ops,
                             const struct ctrl_client_opts *opts, void *arg)
{
	ctrl_client *c;

	if (l == NULL || ops == NULL || ops->done == NULL ||
	    ops->closed == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->peer = strdup("prober")) == NULL) {
		free(c);
		return NULL;
	}
	c->l = l;
	c->ops = ops;
	c->arg = arg;
	c->connect_fd = -1;
	c->max_record = 16u << 20;
	if (opts != NULL) {
		c->impatient = opts->impatient != 0;
		if (opts->dialect == 2021 || opts->dialect == 2026)
			c->dialect = c->dialect_fixed = opts->dialect;
		if (opts->max_record > 0)
			c->max_record = opts->max_record;
	}
	c->attach_cmd.kind_ = KIND_ATTACH;
	c->done_cmd.kind_ = KIND_DONE;
	return c;
}

/* ---- the table of accepted commands ------------------------------------ */

static int table_grow(ctrl_client *c)
{
	size_t cap = c->tcap ? c->tcap * 2 : 16;
	ctrl_cmd **t = calloc(cap, sizeof(*t));

	if (t == NULL)
		return -1;
	for (size_t i = 0; i < c->tcap; i++) {
		ctrl_cmd *p = c->table[i], *n;
		for (; p != NULL; p = n) {
			n = p->hnext_;
			p->hnext_ = t[p->id & (cap - 1)];
			t[p->id & (cap - 1)] = p;
		}
	}
	free(c->table);
	c->table = t;
	c->tcap = cap;
	return 0;
}

static int table_add(ctrl_client *c, ctrl_cmd *cmd)
{
	size_t b;

	if (c->tcount >= c->tcap && table_grow(c) != 0)
		return -1;
	b = cmd->id & (c->tcap - 1);
	cmd->hnext_ = c->table[b];
	c->table[b] = cmd;
	c->tcount++;
	return 0;
}

ctrl_cmd *ctrl_cl_table_find(ctrl_client *c, uint32_t id)
{
	ctrl_cmd *p;

	if (c->tcount == 0)
		return NULL;
	for (p = c->table[id & (c->tcap - 1)]; p != NULL; p = p->hnext_)
		if (p->id == id)
			return p;
	return NULL;
}

ctrl_cmd *ctrl_cl_table_take(ctrl_client *c, uint32_t id)
{
	ctrl_cmd **pp, *p;

	if (c->tcount == 0)
		return NULL;
	for (pp = &c->table[id & (c->tcap - 1)]; (p = *pp) != NULL;
	     pp = &p->hnext_) {
		if (p->id == id) {
			*pp = p->hnext_;
			p->hnext_ = NULL;
			if (--c->tcount == 0) {
				/* no idle buffers */
				free(c->table);
				c->table = NULL;
				c->tcap = 0;
			}
			return p;
		}
	}
	return NULL;
}

/* Any accepted command, taken out of the table. */
static ctrl_cmd *table_take_any(ctrl_client *c)
{
	for (size_t i = 0; i < c->tcap; i++)
		if (c->table[i] != NULL)
			return ctrl_cl_table_take(c, c->table[i]->id);
	return NULL;
}

/* ---- command endings --------------------------------------------------- */

void ctrl_cl_cmd_done(ctrl_client *c, ctrl_cmd *cmd, int how, const char *why)
{
	cmd->state_ = CMD_IDLE;
	cmd->next_ = cmd->hnext_ = NULL;
	c->ops->done(c, cmd, how, why, c->arg);
}

/* Take the head of the reply FIFO. */
static ctrl_cmd *reply_pop(ctrl_client *c)
{
	ctrl_cmd *cmd = c->reply;

	if (cmd != NULL) {
		if ((c->reply = cmd->next_) == NULL)
			c->reply_tail = NULL;
		cmd->next_ = NULL;
		if (cmd->kind_ == KIND_CMD)
			c->nreply--;
	}
	return cmd;
}

static void reply_push(ctrl_client *c, ctrl_cmd *cmd)
{
	cmd->next_ = NULL;
	if (c->reply_tail != NULL)
		c->reply_tail->next_ = cmd;
	else
		c->reply = cmd;
	c->reply_tail = cmd;
	if (cmd->kind_ == KIND_CMD)
		c->nreply++;
}

/*
 * Let go of every command still held, each with its done(LOST, why),
 * taking each out before calling back so that a nested free finds the
 * rest.  Internal entries (attach, halts, done) are dropped silently.
 */
static void release_all(ctrl_client *c, const char *why)
{
	ctrl_cmd *cmd;

	for (;;) {
		if ((cmd = reply_pop(c)) != NULL) {
			if (cmd->kind_ == KIND_HALT)
				free(cmd);
			else if (cmd->kind_ == KIND_CMD)
				ctrl_cl_cmd_done(c, cmd, CTRL_CMD_LOST, why);
			continue;
		}
		if ((cmd = table_take_any(c)) != NULL) {
			ctrl_cl_cmd_done(c, cmd, CTRL_CMD_LOST, why);
			continue;
		}
		if ((cmd = c->unsent) != NULL) {
			if ((c->unsent = cmd->next_) == NULL)
				c->unsent_tail = NULL;
			c->nunsent--;
			ctrl_cl_cmd_done(c, cmd, CTRL_CMD_LOST, why);
			continue;
		}
		break;
	}
}

/* The connection is over: let go of the link and every command, then
 * tell the owner (unless it has freed the client). */
void ctrl_cl_end(ctrl_client *c, const struct ctrl_error *err)
{
	char why[sizeof(err->msg) + 64];

	if (c->state == ST_OVER)
		return;
	c->state = ST_OVER;
	ctrl_cl_connect_abort(c);
	if (c->lops != NULL) {
		c->lops->close(c->link);
		c->lops = NULL;
		c->link = NULL;
	}
	ctrl_cl_data_reset(c);
	if (err != NULL)
		snprintf(why, sizeof(why), "%s", err->msg);
	else
		snprintf(why, sizeof(why), "%s: the connection closed",
		         c->peer);
	release_all(c, why);
	if (!c->dead)
		c->ops->closed(c, err, c->arg);
}

/* A 2021 prober: its results name no command, so end the accepted ones. */
void ctrl_cl_learn_2021(ctrl_client *c)
{
	ctrl_cmd *cmd;

	c->dialect = 2021;
	while (!c->dead && (cmd = table_take_any(c)) != NULL)
		ctrl_cl_cmd_done(c, cmd, CTRL_CMD_UNMATCHED,
		                "the prober's results do not say which "
		                "command they answer (2021 dialect)");
}

/* ---- sending ------------------------------------------------------------ */

static int send_line(ctrl_client *c, const char *line)
{
	char buf[MAX_CMD_LINE + 2];
	size_t n = strlen(line);

	if (n > MAX_CMD_LINE) {
		errno = EMSGSIZE;
		return -1;
	}
	memcpy(buf, line, n);
	buf[n++] = '\n';
	return c->lops->write(c->link, buf, n);
}

/*
 * Send what may be sent: commands (one per MORE, or all while the
 * socket takes them when impatient), then `done` once asked for and
 * nothing is left; ask the owner for more when there is room and nothing
 * to send.  Call inside an entry point; stops if the owner frees c.
 */
static void pump(ctrl_client *c)
{
	for (;;) {
		while (c->unsent != NULL && c->state == ST_READY && !c->dead) {
			ctrl_cmd *cmd = c->unsent;
			if (!c->impatient && c->credits == 0)
				return;
			if (c->lops->queued(c->link) >= HIGH_WATER)
				return;   /* drained() resumes */
			if (send_line(c, cmd->line) != 0)
				return;   /* the link reports its end */
			if ((c->unsent = cmd->next_) == NULL)
				c->unsent_tail = NULL;
			c->nunsent--;
			cmd->state_ = CMD_SENT;
			reply_push(c, cmd);
			if (!c->impatient)
				c->credits--;
			if (c->ops->sent != NULL) {
				c->ops->sent(c, cmd, c->arg);
				if (c->dead)
					return;
			}
		}
		if (c->state != ST_READY || c->dead || c->unsent != NULL)
			return;
		if (c->done_wanted) {
			if (!c->done_sent) {
				if (send_line(c, "done") != 0)
					return;
				c->done_sent = 1;
				reply_push(c, &c->done_cmd);
			}
			return;
		}
		/* room for a command and none waiting: ask for one */
		if (c->ops->more == NULL || c->in_more ||
		    (!c->impatient && c->credits == 0) ||
		    c->lops->queued(c->link) >= HIGH_WATER)
			return;
		c->in_more = 1;
		c->ops->more(c, c->arg);
		if (c->dead)
			return;
		c->in_more = 0;
		if (c->unsent == NULL && !c->done_wanted)
			return;   /* nothing given: ask again at the next MORE */
	}
}

/* ---- replies ------------------------------------------------------------ */

static int parse_id(const char *s, uint32_t *id)
{
	uint64_t v = 0;

	if (strncmp(s, "id-", 3) != 0)
		return -1;
	s += 3;
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (uint64_t)(*s++ - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	if ((*s != '\0' && *s != ' ') || v == 0)
		return -1;
	*id = (uint32_t)v;
	return 0;
}

static void on_ok(ctrl_client *c, const char *line, size_t len)
{
	char q[256];
	ctrl_cmd *cmd = reply_pop(c);
	uint32_t id;

	if (cmd == NULL) {
		ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
		            "a reply to nothing sent: \"%s\"",
		            ctrl_cl_quote(line, len, q, sizeof(q)));
		return;
	}
	switch (cmd->kind_) {
	case KIND_ATTACH:
		c->state = ST_READY;
		if (c->impatient)
			pump(c);
		return;
	case KIND_HALT:
		free(cmd);
		return;
	case KIND_DONE:
		c->done_acked = 1;
		return;
	}
	if (len < 4 || parse_id(line + 3, &id) != 0) {
		cmd->state_ = CMD_ACCEPTED;   /* lost at the end, not here */
		cmd->next_ = c->reply;
		c->reply = cmd;
		if (c->reply_tail == NULL)
			c->reply_tail = cmd;
		c->nreply++;
		ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
		            "\"%s\" accepts \"%s\" without an id-N",
		            ctrl_cl_quote(line, len, q, sizeof(q)), cmd->line);
		return;
	}
	cmd->id = id;
	cmd->state_ = CMD_ACCEPTED;
	if (c->dialect != 2021) {
		if (ctrl_cl_table_find(c, id) != NULL) {
			ctrl_cl_cmd_done(c, cmd, CTRL_CMD_LOST,
			                "the prober gave its id twice");
			if (!c->dead)
				ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
				            "id-%u given twice", id);
			return;
		}
		if (table_add(c, cmd) != 0) {
			ctrl_cl_cmd_done(c, cmd, CTRL_CMD_LOST, "out of memory");
			if (!c->dead)
				ctrl_cl_fail(c, CTRL_ERR_NOMEM, ENOMEM,
				            "out of memory");
			return;
		}
	}
	if (c->ops->accepted != NULL)
		c->ops->accepted(c, cmd, c->arg);
	/* even if the owner freed the client: this command is in no list
	 * that the free went through */
	if (c->dialect == 2021)
		ctrl_cl_cmd_done(c, cmd, CTRL_CMD_UNMATCHED,
		                "the prober's results do not say which "
		                "command they answer (2021 dialect)");
}

static void on_err(ctrl_client *c, const char *line, size_t len)
{
	char q[256];
	const char *why = len > 4 ? line + 4 : "command not accepted";
	ctrl_cmd *cmd = reply_pop(c);

	if (cmd == NULL) {
		ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
		            "a reply to nothing sent: \"%s\"",
		            ctrl_cl_quote(line, len, q, sizeof(q)));
		return;
	}
	switch (cmd->kind_) {
	case KIND_ATTACH:
		ctrl_cl_fail(c, CTRL_ERR_REFUSED, 0, "\"%s\" refused: %s",
		            c->attach_line ? c->attach_line : "attach",
		            ctrl_cl_quote(why, strlen(why), q, sizeof(q)));
		return;
	case KIND_HALT:
		free(cmd);
		return;
	case KIND_DONE:
		ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0, "\"done\" refused: %s",
		            ctrl_cl_quote(why, strlen(why), q, sizeof(q)));
		return;
	}
	ctrl_cl_cmd_done(c, cmd, CTRL_CMD_REJECTED, why);
	/*
	 * The prober says MORE when it takes a command it accepted; one it
	 * refused was never taken, so no MORE follows it: the MORE this
	 * command used is still owed to the next one.
	 */
	if (!c->dead && !c->impatient) {
		if (c->credits < UINT32_MAX)
			c->credits++;
		pump(c);
	}
}

static void on_more(ctrl_client *c, const char *line, size_t len)
{
	char q[256];

	if (c->state != ST_READY) {
		ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
		            "\"%s\" before attach was answered",
		            ctrl_cl_quote(line, len, q, sizeof(q)));
		return;
	}
	if (c->credits < UINT32_MAX)
		c->credits++;
	pump(c);
}

/* ---- entry points for links -------------------------------------------- */

void ctrl_cl_link_up(ctrl_client *c)
{
	ctrl_cl_enter(c);
	if (c->attach_line != NULL) {
		c->state = ST_ATTACHING;
		if (send_line(c, c->attach_line) == 0)
			reply_push(c, &c->attach_cmd);
	} else {
		c->state = ST_READY;
		if (c->impatient)
			pump(c);
	}
	ctrl_cl_leave(c);
}

void ctrl_cl_link_line(ctrl_client *c, char *line, size_t len, int too_long)
{
	char q[256];

	if (c->state == ST_OVER || c->dead)
		return;
	ctrl_cl_enter(c);
	if (c->in_block) {
		ctrl_cl_data_line(c, line, len, too_long);
	} else if (too_long) {
		ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
		            "a line of more than %zu bytes: \"%s\"", len,
		            ctrl_cl_quote(line, len, q, sizeof(q)));
	} else if (len == 0) {
		/* scamper's own clients skip empty lines */
	} else if (strcmp(line, "MORE") == 0) {
		on_more(c, line, len);
	} else if (strncmp(line, "OK", 2) == 0 &&
	           (line[2] == '\0' || line[2] == ' ')) {
		on_ok(c, line, len);
	} else if (strncmp(line, "ERR", 3) == 0 &&
	           (line[3] == '\0' || line[3] == ' ')) {
		on_err(c, line, len);
	} else if (strncmp(line, "DATA ", 5) == 0) {
		if (c->state != ST_READY)
			ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
			            "\"%s\" before attach was answered",
			            ctrl_cl_quote(line, len, q, sizeof(q)));
		else
			ctrl_cl_data_start(c, line, len);
	} else {
		ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0, "unexpected line \"%s\"",
		            ctrl_cl_quote(line, len, q, sizeof(q)));
	}
	ctrl_cl_leave(c);
}

void ctrl_cl_link_drained(ctrl_client *c)
{
	if (c->state != ST_READY || c->dead)
		return;
	ctrl_cl_enter(c);
	pump(c);
	ctrl_cl_leave(c);
}

void ctrl_cl_link_partial(ctrl_client *c, size_t len)
{
	c->cut = len;
}

void ctrl_cl_link_down(ctrl_client *c, int sys)
{
	size_t held;

	if (c->state == ST_OVER || c->dead)
		return;
	ctrl_cl_enter(c);
	held = c->nunsent + c->nreply + c->tcount;
	if (c->in_block) {
		char id[32] = "";
		if (c->hdr.id != 0)
			snprintf(id, sizeof(id), " of id-%u", c->hdr.id);
		size_t got = c->hdr.len - c->block_left;
		got += c->cut < c->block_left ? c->cut : c->block_left;
		ctrl_cl_fail(c, CTRL_ERR_EOF, sys,
		            "the connection %s inside the DATA block%s: "
		            "%zu of its %zu bytes came, the record is lost",
		            sys ? strerror(sys) : "closed", id, got,
		            c->hdr.len);
	} else if (sys != 0) {
		ctrl_cl_fail(c, CTRL_ERR_IO, sys, "%s", strerror(sys));
	} else if (c->state == ST_ATTACHING) {
		ctrl_cl_fail(c, CTRL_ERR_EOF, 0,
		            "the prober closed the connection before "
		            "answering attach");
	} else if (held > 0) {
		ctrl_cl_fail(c, CTRL_ERR_EOF, 0,
		            "the prober closed the connection with %zu "
		            "command%s unfinished (%zu not sent, %zu "
		            "unanswered, %zu in progress)", held,
		            held == 1 ? "" : "s", c->nunsent, c->nreply,
		            c->tcount);
	} else if (!c->done_acked) {
		ctrl_cl_fail(c, CTRL_ERR_EOF, 0,
		            "the prober closed the connection before %s",
		            c->done_sent ? "answering done" : "done was sent");
	} else {
		ctrl_cl_end(c, NULL);
	}
	ctrl_cl_leave(c);
}

void ctrl_cl_link_failed(ctrl_client *c, const struct ctrl_error *err)
{
	if (c->state == ST_OVER || c->dead)
		return;
	ctrl_cl_enter(c);
	ctrl_cl_end(c, err);
	ctrl_cl_leave(c);
}

/* ---- public calls -------------------------------------------------------- */

int ctrl_client_submit(ctrl_client *c, ctrl_cmd *cmd, struct ctrl_error *err)
{
	const char *p;
	size_t n, w;

	if (cmd == NULL || cmd->line == NULL) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL, "no command");
		return -1;
	}
	if (c->dead || c->state == ST_OVER) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EPIPE,
		              "%s: the connection is over", c->peer);
		return -1;
	}
	if (c->done_wanted) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EPIPE,
		              "%s: no commands after done", c->peer);
		return -1;
	}
	if (cmd->state_ != CMD_IDLE) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EBUSY,
		              "\"%.60s\": already submitted", cmd->line);
		return -1;
	}
	n = strlen(cmd->line);
	if (n == 0 || n > MAX_CMD_LINE) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
		              "a command of %zu bytes (1 to %d)", n,
		              MAX_CMD_LINE);
		return -1;
	}
	for (p = cmd->line; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) {
			char q[256];
			ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
			              "\"%s\": the prober takes printable "
			              "characters only", ctrl_cl_quote(cmd->line,
			              n, q, sizeof(q)));
			return -1;
		}
	}
	/* done and halt have their own calls: a reply to them must not be
	 * taken for a command's */
	for (p = cmd->line; *p == ' '; p++)
		;
	for (w = 0; p[w] != '\0' && p[w] != ' '; w++)
		;
	if ((w == 4 && strncasecmp(p, "done", 4) == 0) ||
	    (w == 4 && strncasecmp(p, "halt", 4) == 0) ||
	    (w == 6 && strncasecmp(p, "attach", 6) == 0)) {
		ctrl_cl_seterr(err, CTRL_ERR_USAGE, EINVAL,
		              "\"%.*s\" is not a measurement: use "
		              "ctrl_client_done or _halt", (int)w, p);
		return -1;
	}
	cmd->id = 0;
	cmd->state_ = CMD_UNSENT;
	cmd->next_ = cmd->hnext_ = NULL;
	cmd->kind_ = KIND_CMD;
	if (c->unsent_tail != NULL)
		c->unsent_tail->next_ = cmd;
	else
		c->unsent = cmd;
	c->unsent_tail = cmd;
	c->nunsent++;
	if (c->state == ST_READY && !c->in_more) {
		ctrl_cl_enter(c);
		pump(c);
		ctrl_cl_leave(c);
	}
	return 0;
}

int ctrl_client_cancel(ctrl_client *c, ctrl_cmd *cmd)
{
	ctrl_cmd **pp, *prev = NULL;

	if (cmd->state_ != CMD_UNSENT)
		return -1;
	for (pp = &c->unsent; *pp != NULL; prev = *pp, pp = &(*pp)->next_) {
		if (*pp != cmd)
			continue;
		*pp = cmd->next_;
		if (c->unsent_tail == cmd)
			c->unsent_tail = prev;
		c->nunsent--;
		ctrl_cl_enter(c);
		ctrl_cl_cmd_done(c, cmd, CTRL_CMD_LOST, "cancelled");
		if (!c->dead && c->state == ST_READY && !c->in_more)
			pump(c);   /* done may now be due */
		ctrl_cl_leave(c);
		return 0;
	}
	return -1;
}

int ctrl_client_halt(ctrl_client *c, uint32_t id)
{
	char line[32];
	ctrl_cmd *h;

	if (c->dead || c->state != ST_READY || c->dialect == 2021 ||
	    ctrl_cl_table_find(c, id) == NULL)
		return -1;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return -1;
	h->kind_ = KIND_HALT;
	h->id = id;
	snprintf(line, sizeof(line), "halt %u", id);
	if (send_line(c, line) != 0) {
		free(h);
		return -1;
	}
	reply_push(c, h);
	return 0;
}

void ctrl_client_done(ctrl_client *c)
{
	if (c->dead || c->done_wanted)
		return;
	c->done_wanted = 1;
	if (c->state == ST_READY && !c->in_more) {
		ctrl_cl_enter(c);
		pump(c);
		ctrl_cl_leave(c);
	}
}

size_t ctrl_client_unsent(const ctrl_client *c)
{
	return c->nunsent;
}

size_t ctrl_client_inflight(const ctrl_client *c)
{
	return c->nreply + c->tcount;
}

unsigned ctrl_client_dialect(const ctrl_client *c)
{
	return c->dialect;
}

const char *ctrl_client_peer(const ctrl_client *c)
{
	return c->peer;
}

int ctrl_result_take(struct ctrl_result *r, warts_object *out)
{
	if (r->obj == NULL || r->obj->type == 0) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	*out = *r->obj;
	memset(r->obj, 0, sizeof(*r->obj));
	return 0;
}

void ctrl_client_free(ctrl_client *c)
{
	if (c == NULL || c->dead)
		return;
	c->dead = 1;
	ctrl_cl_enter(c);
	if (c->lops != NULL) {
		c->lops->close(c->link);
		c->lops = NULL;
		c->link = NULL;
	}
	ctrl_cl_connect_abort(c);
	c->state = ST_OVER;
	release_all(c, "closed");
	ctrl_cl_leave(c);
}
