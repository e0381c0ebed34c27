/*
 * source.c: the prober's sources of commands (source.h), their turns,
 * and the command line as one of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "prober.h"
#include "source.h"

void source_init(struct source *s, const struct source_ops *ops, void *arg,
                 const char *kind)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->arg = arg;
	s->kind = kind;
	s->priority = 1;
	s->cycle_id = 1;
}

static int set_str(char **field, const char *v)
{
	char *c = NULL;
	if (v != NULL && (c = strdup(v)) == NULL)
		return -1;
	free(*field);
	*field = c;
	return 0;
}

int source_set_name(struct source *s, const char *name)
{
	return set_str(&s->name, name);
}

int source_set_descr(struct source *s, const char *descr)
{
	return set_str(&s->descr, descr);
}

static void drop_queue(struct source *s)
{
	struct source_cmd *c;
	while ((c = s->q_head) != NULL) {
		s->q_head = c->next;
		c->type->free_obj(c->obj);
		free(c);
	}
	s->q_tail = NULL;
	s->nqueued = 0;
}

void source_fini(struct source *s)
{
	drop_queue(s);
	free(s->name);
	free(s->descr);
	s->name = s->descr = NULL;
}

void source_add(struct prober *p, struct source *s)
{
	s->p = p;
	s->next = NULL;
	s->prev = NULL;
	/* append, so that turns go in the order sources came */
	if (p->sources == NULL) {
		p->sources = s;
	} else {
		struct source *t = p->sources->prev; /* the tail */
		t->next = s;
		s->prev = t;
	}
	p->sources->prev = s;
	p->nsources++;
	prober_kick(p);
}

/*
 * The list is doubly linked with head->prev pointing at the tail (and
 * tail->next NULL), so appending and unlinking are O(1).
 */
void source_unlink(struct source *s)
{
	struct prober *p = s->p;

	if (p == NULL)
		return;
	if (p->cur == s) {
		p->cur = s->next;
		p->credit = p->cur != NULL ? p->cur->priority : 0;
	}
	if (s == p->sources) {
		p->sources = s->next;
		if (p->sources != NULL)
			p->sources->prev = s->prev;
	} else {
		s->prev->next = s->next;
		if (s->next != NULL)
			s->next->prev = s->prev;
		else
			p->sources->prev = s->prev;
	}
	s->prev = s->next = NULL;
	s->p = NULL;
	p->nsources--;
}

int source_queue(struct source *s, const struct task_type *type, void *obj,
                 uint32_t *id)
{
	struct source_cmd *c;

	if (s->finished || s->next_id == UINT32_MAX)
		return -1;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -1;
	c->type = type;
	c->obj = obj;
	c->id = ++s->next_id;
	if (s->q_tail != NULL)
		s->q_tail->next = c;
	else
		s->q_head = c;
	s->q_tail = c;
	s->nqueued++;
	*id = c->id;
	if (s->p != NULL)
		prober_kick(s->p);
	return 0;
}

/* One command from s, or 0. */
static int take_one(struct source *s, struct source_cmd *cmd)
{
	struct source_cmd *c = s->q_head;

	if (c != NULL) {
		s->q_head = c->next;
		if (s->q_head == NULL)
			s->q_tail = NULL;
		s->nqueued--;
		*cmd = *c;
		cmd->next = NULL;
		free(c);
		if (s->ops->taken != NULL)
			s->ops->taken(s);
		return 1;
	}
	if (!s->finished && s->ops->take != NULL)
		return s->ops->take(s, cmd);
	return 0;
}

int sources_next(struct prober *p, struct source_cmd *cmd,
                 struct source **from)
{
	unsigned visits = p->nsources + 1;

	if (p->cur == NULL && p->sources != NULL) {
		p->cur = p->sources;
		p->credit = p->cur->priority;
	}
	while (p->cur != NULL && visits-- > 0) {
		struct source *s = p->cur, *next;
		if (p->credit > 0 && !s->held && take_one(s, cmd)) {
			p->credit--;
			*from = s;
			return 1;
		}
		/* its turn is over: the next source's begins */
		next = s->next != NULL ? s->next : p->sources;
		p->cur = next;
		p->credit = next->priority;
		if (s->finished)
			source_check(s); /* may leave the list (and p->cur) */
	}
	return 0;
}

void source_task_done(struct source *s, struct task *t, warts_object *obj)
{
	if (s->ntasks > 0)
		s->ntasks--;
	if (!s->dropping && s->ops->result != NULL)
		s->ops->result(s, t, obj);
}

void source_check(struct source *s)
{
	if (s->p == NULL || !s->finished || s->ntasks > 0 || s->nqueued > 0 ||
	    s->dropping)
		return;
	source_unlink(s);
	if (s->ops->idle != NULL)
		s->ops->idle(s);
}

void source_finish(struct source *s)
{
	s->finished = 1;
}

void source_flush(struct source *s)
{
	drop_queue(s);
	/* the command line has nothing queued: its input ends here */
	if (s->ops->take != NULL)
		s->finished = 1;
}

/* Halt t and write its result (if it is not already done). */
static void halt_task(struct prober *p, struct task *t)
{
	uint64_t done = p->st.done;
	if (t->type->halt != NULL)
		t->type->halt(t);
	if (p->st.done == done)
		task_done(t);
}

int source_has(const struct source *s, uint32_t id)
{
	const struct source_cmd *c;
	const struct task *t;

	if (s->p == NULL)
		return 0;
	for (t = s->p->tasks; t != NULL; t = t->next)
		if (t->owner == s && t->id == id)
			return 1;
	for (c = s->q_head; c != NULL; c = c->next)
		if (c->id == id)
			return 1;
	return 0;
}

int source_halt(struct source *s, uint32_t id)
{
	struct prober *p = s->p;
	struct source_cmd **cp, *c;
	struct task *t;

	if (p == NULL)
		return -1;
	for (t = p->tasks; t != NULL; t = t->next)
		if (t->owner == s && t->id == id) {
			halt_task(p, t);
			return 0;
		}
	for (cp = &s->q_head; *cp != NULL; cp = &(*cp)->next) {
		if ((*cp)->id != id)
			continue;
		c = *cp;
		*cp = c->next;
		if (s->q_tail == c) {
			/* the new tail is the element whose next was cp */
			struct source_cmd *tail = s->q_head;
			while (tail != NULL && tail->next != NULL)
				tail = tail->next;
			s->q_tail = tail;
		}
		s->nqueued--;
		/* start it only to stop it: it has a result like any other */
		if (prober_start(p, c->type, c->obj, s, c->id, &t) == 0 &&
		    t != NULL)
			halt_task(p, t);
		free(c);
		return 0;
	}
	return -1;
}

void source_abandon(struct source *s)
{
	struct prober *p = s->p;
	struct task *t, *next;

	drop_queue(s);
	s->finished = 1;
	if (p == NULL)
		return;
	s->dropping = 1;
	/* halting one task cannot end another: walk with a saved next */
	for (t = p->tasks; t != NULL; t = next) {
		next = t->next;
		if (t->owner == s)
			halt_task(p, t);
	}
	source_unlink(s);
	s->dropping = 0;
	prober_check_done(p);
}

void sources_free(struct prober *p)
{
	while (p->sources != NULL) {
		struct source *s = p->sources;
		s->ntasks = 0;
		source_unlink(s);
		if (s->ops->destroy != NULL)
			s->ops->destroy(s);
	}
}

/* ---- the command line -------------------------------------------------- */

struct cmdline_source {
	struct source  s;
	struct input  *in;
	ctrl_loop     *watching;   /* the loop watching in->fd, or NULL */
};

/* The input has more: unwatch it and let the prober take again. */
static void cmdline_readable(ctrl_loop *l, int fd, unsigned ev, void *arg)
{
	struct cmdline_source *c = arg;
	(void)ev;
	ctrl_loop_watch(l, fd, 0, NULL, NULL);
	c->watching = NULL;
	if (c->s.p != NULL)
		prober_kick(c->s.p);
}

static int cmdline_take(struct source *s, struct source_cmd *cmd)
{
	struct cmdline_source *c = (struct cmdline_source *)s;
	struct prober *p = s->p;
	const char *line;
	char err[512];

	for (;;) {
		int wait = 0;
		if ((line = c->in->next(c->in, &wait)) == NULL) {
			if (!wait || c->in->fd < 0) {
				source_finish(s);
				return 0;
			}
			/* nothing yet: the loop hears when there is */
			if (c->watching == NULL) {
				if (ctrl_loop_watch(p->loop, c->in->fd, CTRL_READ,
				                    cmdline_readable, c) != 0) {
					source_finish(s);
					return 0;
				}
				c->watching = p->loop;
			}
			return 0;
		}
		if (prober_parse(p, line, &cmd->type, &cmd->obj, err,
		                 sizeof(err)) == 0) {
			cmd->id = ++s->next_id;
			cmd->next = NULL;
			return 1;
		}
		p->st.bad_commands++;
		if (p->report != NULL) {
			char msg[700];
			snprintf(msg, sizeof(msg), "%.160s: %s", line, err);
			p->report(p, msg);
		}
	}
}

static void cmdline_result(struct source *s, struct task *t,
                           warts_object *obj)
{
	struct prober *p = t->p;
	(void)s;
	if (p->out != NULL && out_write(p->out, obj) != 0 &&
	    p->report != NULL)
		p->report(p, out_error(p->out));
	prober_flush_soon(p);
}

static void cmdline_free(struct source *s)
{
	struct cmdline_source *c = (struct cmdline_source *)s;
	if (c->watching != NULL)
		ctrl_loop_watch(c->watching, c->in->fd, 0, NULL, NULL);
	if (c->in != NULL && c->in->free != NULL)
		c->in->free(c->in);
	source_fini(s);
	free(c);
}

static const struct source_ops cmdline_ops = {
	.take = cmdline_take,
	.result = cmdline_result,
	.idle = cmdline_free,
	.destroy = cmdline_free,
};

struct source *source_cmdline(struct prober *p, struct input *in)
{
	struct cmdline_source *c = calloc(1, sizeof(*c));
	(void)p;
	if (c == NULL)
		return NULL;
	source_init(&c->s, &cmdline_ops, NULL, "cmdline");
	c->s.holds_run = 1;
	c->in = in;
	if (source_set_name(&c->s, "default") != 0) {
		free(c);
		return NULL;
	}
	return &c->s;
}
