/*
 * client.c: one control-socket client.
 *
 * A client is interactive when it connects, attached after a successful
 * "attach", and flushing (sending what is queued, reading nothing, then
 * closing) after "exit"-less endings: a line with a byte that is not
 * printable, the end of its input without "done", or the end of an
 * attached stream.  The replies and their order are scamper's
 * (control-remote.md 1.3-1.6).
 *
 * An attached client is a source of the prober: its commands are parsed
 * as they arrive (so it learns at once whether each was accepted, and its
 * id), queued, and started in their turn.  Results come back as DATA
 * blocks, preceded by the list and cycle-start records and closed by the
 * cycle stop.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "control/control_int.h"
#include "prober.h"
#include "warts/warts.h"

#define REPLY_MAX 1024

static void on_line(ctrl_conn *conn, char *line, size_t len, int too_long,
                    void *arg);
static void on_eof(ctrl_conn *conn, void *arg);
static void on_closed(ctrl_conn *conn, int err, void *arg);
static void on_drained(ctrl_conn *conn, void *arg);

static const struct ctrl_conn_ops conn_ops = {
	.line = on_line,
	.eof = on_eof,
	.closed = on_closed,
	.drained = on_drained,
};

const char *client_quote(const char *s, char *buf)
{
	size_t n = strlen(s);
	if (n <= CONTROL_QUOTE_MAX)
		return s;
	memcpy(buf, s, CONTROL_QUOTE_MAX);
	memcpy(buf + CONTROL_QUOTE_MAX, "...", 4);
	return buf;
}

void control_log(struct control *ctl, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	if (ctl->opts.log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctl->opts.log(ctl->opts.log_arg, msg);
}

void client_reply(struct client *c, const char *fmt, ...)
{
	char buf[REPLY_MAX];
	va_list ap;
	int n;

	if (c->conn == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf) - 1) {
		/* a reply is one line of bounded length, whatever it says */
		n = (int)sizeof(buf) - 5;
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n++] = '\n';
	ctrl_conn_write(c->conn, buf, (size_t)n);
}

/* ---- results --------------------------------------------------------- */

/* One DATA block: the header, then the payload (uuencoded unless raw). */
static void send_block(struct client *c, uint32_t id, const void *data,
                       size_t len, int raw)
{
	size_t plen = raw ? len : ctrl_uu_size(len), hlen;
	char *buf;

	if (c->conn == NULL)
		return;
	if ((buf = malloc(48 + plen)) == NULL) {
		control_log(c->ctl, "control: %s: out of memory for a result",
		            c->name);
		return;
	}
	hlen = ctrl_data_header(buf, plen, id, 0, c->dialect);
	if (raw)
		memcpy(buf + hlen, data, len);
	else
		ctrl_uu_encode(data, len, buf + hlen);
	/* a client over its output limit is closed by the connection
	 * (ENOBUFS) and dropped in on_closed */
	ctrl_conn_write(c->conn, buf, hlen + plen);
	free(buf);
	/* one that reads slower than results come is not given more to
	 * measure until it has read them (on_drained): what runs meanwhile
	 * must fit in the rest of its limit */
	if (c->conn != NULL && ctrl_conn_queued(c->conn) >
	                       c->ctl->opts.max_queue / 4)
		c->src.held |= SOURCE_HELD_OUTPUT;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Send obj (of measurement id, or 0) in the client's format. */
static void emit(struct client *c, const warts_object *obj, uint32_t id)
{
	if (c->json) {
		warts_strbuf sb = {0};
		int rc = warts_json(obj, 0, &sb);
		if (rc > 0 && !sb.oom)
			send_block(c, id, sb.data, sb.len, 1);
		else if (rc < 0 || sb.oom)
			control_log(c->ctl, "control: %s: out of memory "
			            "writing JSON", c->name);
		warts_strbuf_free(&sb);
		return;
	}
	{
		const uint8_t *bytes;
		size_t n, off = 0;
		warts_error err;

		if (warts_encoder_encode(c->enc, obj, &bytes, &n, &err) != 0) {
			control_log(c->ctl, "control: %s: cannot encode a "
			            "result: %s", c->name, err.msg);
			return;
		}
		/* one DATA block per warts record, as scamper sends them;
		 * only a measurement's record carries its id */
		while (off + 8 <= n) {
			size_t rlen = 8 + (size_t)get_be32(bytes + off + 4);
			uint16_t type = (uint16_t)(bytes[off + 2] << 8 |
			                           bytes[off + 3]);
			if (rlen > n - off)
				break;
			send_block(c, type > WARTS_TYPE_ADDR ? id : 0,
			           bytes + off, rlen, 0);
			off += rlen;
		}
	}
}

static uint32_t wall_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint32_t)ts.tv_sec;
}

/* The cycle stop, once. */
static void end_stream(struct client *c)
{
	warts_object obj;

	if (c->cycle == NULL)
		return;
	c->cycle->stop_time = wall_seconds();
	obj.type = WARTS_TYPE_CYCLE_STOP;
	obj.u.cycle = c->cycle;
	emit(c, &obj, 0);
	warts_cycle_unref(c->cycle);
	c->cycle = NULL;
}

/* Stop serving the client: send what is queued, then close. */
static void go_flush(struct client *c)
{
	if (c->mode == CLIENT_ATTACHED) {
		if (c->in_prober) {
			c->in_prober = 0;
			source_abandon(&c->src);
		}
		end_stream(c);
	}
	c->mode = CLIENT_FLUSH;
	if (c->conn != NULL)
		ctrl_conn_finish(c->conn);
}

/* ---- the client as a source ------------------------------------------ */

static void src_taken(struct source *s)
{
	client_queue_shrank(s->arg);
}

void client_queue_shrank(struct client *c)
{
	struct source *s = &c->src;
	unsigned max = c->ctl->opts.max_pending;

	if (c->mode != CLIENT_ATTACHED || !c->in_prober)
		return;

	if (c->paused && s->nqueued < max / 2 + 1) {
		c->paused = 0;
		ctrl_conn_pause(c->conn, 0);
	}
	/* scamper asks for more when the last queued command starts */
	if (s->nqueued == 0 && !s->finished && c->mode == CLIENT_ATTACHED)
		client_reply(c, "MORE");
}

static void src_result(struct source *s, struct task *t, warts_object *obj)
{
	struct client *c = s->arg;
	if (warts_object_set_refs(obj, c->list, c->cycle) != 0)
		return;
	emit(c, obj, (uint32_t)t->id);
}

static void src_idle(struct source *s)
{
	struct client *c = s->arg;
	c->in_prober = 0;
	end_stream(c);
	c->mode = CLIENT_FLUSH;
	ctrl_conn_finish(c->conn);
}

static const struct source_ops client_source_ops = {
	.taken = src_taken,
	.result = src_result,
	.idle = src_idle,
};

int client_attach(struct client *c, const struct attach_params *ap)
{
	struct control *ctl = c->ctl;
	char name[512], host[256];
	const char *monitor = ap->monitor ? ap->monitor : ctl->monitor;
	warts_object obj;

	if (ap->name != NULL)
		snprintf(name, sizeof(name), "%s", ap->name);
	else if (c->is_unix && ctl->unix_path != NULL)
		snprintf(name, sizeof(name), "%s:%u", ctl->unix_path,
		         ctl->unix_count++);
	else
		snprintf(name, sizeof(name), "%s", c->name);

	source_init(&c->src, &client_source_ops, c, "control");
	c->src.priority = ap->priority;
	c->src.list_id = ap->list_id;
	c->src.cycle_id = ap->cycle_id;
	c->json = ap->json;
	c->dialect = ap->dialect >= 0 ? (enum ctrl_dialect)ap->dialect
	                              : ctl->opts.dialect;
	if (source_set_name(&c->src, name) != 0 ||
	    source_set_descr(&c->src, ap->descr) != 0 ||
	    (c->list = warts_list_alloc(ap->list_id, name)) == NULL ||
	    (ap->descr != NULL &&
	     warts_strset(&c->list->descr, ap->descr) != 0) ||
	    (monitor != NULL &&
	     warts_strset(&c->list->monitor, monitor) != 0) ||
	    (c->cycle = warts_cycle_alloc(c->list, ap->cycle_id,
	                                  wall_seconds())) == NULL ||
	    (!c->json && (c->enc = warts_encoder_new()) == NULL)) {
		source_fini(&c->src);
		warts_cycle_unref(c->cycle);
		warts_list_unref(c->list);
		c->cycle = NULL;
		c->list = NULL;
		client_reply(c, "ERR out of memory");
		return -1;
	}
	if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		warts_strset(&c->cycle->hostname, host);
	}
	c->mode = CLIENT_ATTACHED;
	if (!ap->remote)
		client_reply(c, "OK");
	client_reply(c, "MORE");
	if (!c->json) {
		obj.type = WARTS_TYPE_LIST;
		obj.u.list = c->list;
		emit(c, &obj, 0);
	}
	obj.type = WARTS_TYPE_CYCLE_START;
	obj.u.cycle = c->cycle;
	emit(c, &obj, 0);
	c->in_prober = 1;
	source_add(ctl->p, &c->src);
	return 0;
}

int client_cycle(struct client *c)
{
	warts_cycle *next;
	warts_object obj;

	if (c->mode != CLIENT_ATTACHED || c->cycle == NULL)
		return -1;
	if ((next = warts_cycle_alloc(c->list, c->cycle->id + 1,
	                              wall_seconds())) == NULL)
		return -1;
	if (c->cycle->hostname != NULL)
		warts_strset(&next->hostname, c->cycle->hostname);
	end_stream(c);
	c->cycle = next;
	c->src.cycle_id = next->id;
	obj.type = WARTS_TYPE_CYCLE_START;
	obj.u.cycle = c->cycle;
	emit(c, &obj, 0);
	return 0;
}

/* ---- attached mode --------------------------------------------------- */

static int all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void attached_halt(struct client *c, char *args)
{
	char *argv[3];
	const char *err;
	unsigned long long v;
	int argc = ctrl_words(args, argv, 3, &err);

	if (argc != 1 || !all_digits(argv[0])) {
		client_reply(c, "ERR usage: halt [id]");
		return;
	}
	errno = 0;
	v = strtoull(argv[0], NULL, 10);
	if (errno != 0 || v == 0 || v > UINT32_MAX) {
		client_reply(c, "ERR halt number invalid");
		return;
	}
	if (!c->in_prober || !source_has(&c->src, (uint32_t)v)) {
		client_reply(c, "ERR no task id-%llu", v);
		return;
	}
	/* the reply first: the halted result follows it */
	client_reply(c, "OK halted %llu", v);
	source_halt(&c->src, (uint32_t)v);
}

static void attached_line(struct client *c, char *line)
{
	struct control *ctl = c->ctl;
	const struct task_type *type;
	char err[512], *end, *s = line;
	void *obj;
	uint32_t id;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (*s == '\0')
		return;

	if (strcasecmp(s, "done") == 0) {
		client_reply(c, "OK");
		if (!c->done) {
			c->done = 1;
			source_finish(&c->src);
			source_check(&c->src); /* may end the stream now */
		}
		return;
	}
	if (strncasecmp(s, "halt", 4) == 0 &&
	    (s[4] == '\0' || s[4] == ' ' || s[4] == '\t')) {
		attached_halt(c, s + 4);
		return;
	}
	if (c->done) {
		client_reply(c, "ERR command not accepted: done was sent");
		return;
	}
	if (prober_parse(ctl->p, s, &type, &obj, err, sizeof(err)) != 0) {
		client_reply(c, "ERR command not accepted: %s", err);
		return;
	}
	if (source_queue(&c->src, type, obj, &id) != 0) {
		type->free_obj(obj);
		client_reply(c, "ERR command not accepted: %s",
		             c->src.next_id == UINT32_MAX ?
		             "no more ids on this connection" :
		             "out of memory");
		return;
	}
	client_reply(c, "OK id-%u", id);
	/* a client that sends faster than the prober starts its
	 * commands waits, unread, until the queue halves */
	if (!c->paused && c->src.nqueued >= ctl->opts.max_pending) {
		c->paused = 1;
		ctrl_conn_pause(c->conn, 1);
	}
}

/* ---- the connection -------------------------------------------------- */

static void on_line(ctrl_conn *conn, char *line, size_t len, int too_long,
                    void *arg)
{
	struct client *c = arg;
	(void)conn;

	if (c->mode == CLIENT_FLUSH)
		return;
	if (too_long) {
		client_reply(c, "ERR line too long");
		return;
	}
	for (size_t i = 0; i < len; i++)
		if (!isprint((unsigned char)line[i])) {
			client_reply(c, "ERR invalid character in line");
			go_flush(c);
			return;
		}
	if (len == 0)
		return;
	if (c->mode == CLIENT_INTERACTIVE)
		client_interactive(c, line, len);
	else
		attached_line(c, line);
}

static void on_eof(ctrl_conn *conn, void *arg)
{
	struct client *c = arg;
	(void)conn;

	/* after "done" the results still come; otherwise the client has
	 * gone: its measurements are halted and their results dropped */
	if (c->mode == CLIENT_ATTACHED && c->done)
		return;
	go_flush(c);
}

static void on_drained(ctrl_conn *conn, void *arg)
{
	struct client *c = arg;
	(void)conn;

	control_sent(c->ctl);
	if (!(c->src.held & SOURCE_HELD_OUTPUT))
		return;
	c->src.held &= ~SOURCE_HELD_OUTPUT;
	if (c->in_prober && c->src.held == 0)
		prober_kick(c->ctl->p);
}

static void on_closed(ctrl_conn *conn, int err, void *arg)
{
	struct client *c = arg;
	(void)conn;

	if (err == ENOBUFS)
		control_log(c->ctl, "control: %s: dropped: its output "
		            "passed %zu bytes unread", c->name,
		            c->ctl->opts.max_queue);
	else if (err != 0)
		control_log(c->ctl, "control: %s: dropped: %s", c->name,
		            strerror(err));
	client_free(c);
}

int client_new(struct control *ctl, int fd, const char *name, int is_unix)
{
	struct ctrl_conn_limits lim;
	struct client *c = calloc(1, sizeof(*c));

	if (c == NULL || (c->name = strdup(name)) == NULL) {
		free(c);
		close(fd);
		return -1;
	}
	c->ctl = ctl;
	c->is_unix = is_unix;
	c->mode = CLIENT_INTERACTIVE;
	lim.max_line = ctl->opts.max_line;
	lim.max_queue = ctl->opts.max_queue;
	if ((c->conn = ctrl_conn_new(ctl->loop, fd, &conn_ops, c,
	                             &lim)) == NULL) {
		free(c->name);
		free(c);
		close(fd);
		return -1;
	}
	c->next = ctl->clients;
	if (ctl->clients != NULL)
		ctl->clients->prev = c;
	ctl->clients = c;
	ctl->nclients++;
	if (ctl->nclients > ctl->peak)
		ctl->peak = ctl->nclients;
	return 0;
}

void client_free(struct client *c)
{
	struct control *ctl = c->ctl;

	if (c->in_prober) {
		c->in_prober = 0;
		source_abandon(&c->src);
	}
	source_fini(&c->src);
	warts_encoder_free(c->enc);
	warts_cycle_unref(c->cycle);
	warts_list_unref(c->list);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		ctl->clients = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	ctl->nclients--;
	ctrl_conn_free(c->conn);
	free(c->name);
	free(c);
	control_idle(ctl);
	control_sent(ctl);
}

void client_close(struct client *c)
{
	if (c->mode == CLIENT_ATTACHED) {
		if (c->in_prober) {
			c->in_prober = 0;
			source_abandon(&c->src);
		}
		end_stream(c);
	}
	client_free(c);
}
