/*
 * fp_collect.c: testing the devices through a prober.
 *
 * Devices wait in the input's order (shuffled, or largest first with
 * -O impatient).  A device being tested is "active": it holds the order
 * of its addresses, the tests left for the current one, its results, and
 * at most one command in flight.  After each result it rests a second;
 * since every rest is the same length, resting devices form a FIFO in
 * the order they will be ready.  Commands are handed to the client only
 * when it has none waiting to be sent, so the choice of the next device
 * is made as late as possible: a rested device first, else a new one.
 *
 * Results are matched to devices by the user id of the measurement (the
 * device's number), which works in both dialects of the protocol.
 *
 * At most -O active=N devices (FP_DEFAULT_ACTIVE) are under test at
 * once, which bounds memory whatever the size of the input.  It also
 * bounds the pace: a ping of scamper's driver (-i 5 -c 1) lasts 5 s
 * whether answered or not, so a device of two addresses takes about
 * 11 s and N devices finish at about N / 11 a second.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "ctrl/client.h"
#include "fp_collect.h"
#include "fp_devices.h"
#include "warts/ping.h"
#include "warts/trace.h"
#include "warts/writer.h"

#define FP_REST_USEC  1000000

struct active {
	ctrl_cmd           cmd;
	char              *line;     /* the command in flight, or NULL */
	uint32_t           dev;      /* index in the device store */
	uint16_t           naddr, cur;
	fp_set             left;     /* tests still to run on cur */
	int8_t             test;     /* the test in flight, or -1 */
	uint8_t            answered; /* its result came, its done not yet */
	uint64_t           ready;    /* may send again from (monotonic) */
	struct active     *next;     /* resting FIFO */
	struct active     *hnext;    /* id table chain */
	warts_addr        *addrs;    /* in testing order */
	struct fp_result   res;
};

struct collect {
	const struct fp_collect_opts *o;
	const struct fp_report       *rep;
	struct fp_devices             devs;
	uint32_t                     *order;   /* device indexes to start */
	size_t                        next;    /* next of order to start */
	size_t                        finished;
	ctrl_loop                    *loop;
	ctrl_client                  *client;
	ctrl_timer                    wake;
	warts_writer                 *out;
	FILE                         *log;
	struct active                *rest_head, *rest_tail;
	size_t                        resting, probing, active;
	size_t                        max_active;
	struct active               **table;   /* by device id */
	size_t                        tsize;   /* a power of two */
	int                           failed;
	int                           done_sent;
	uint64_t                      rng;
};

/* ---- small things ------------------------------------------------------ */

static uint64_t rnd(struct collect *c)
{
	/* xorshift64*: shuffling needs no more */
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return c->rng * 2685821657736338717ull;
}

static void logf_(struct collect *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void logf_(struct collect *c, const char *fmt, ...)
{
	va_list ap;

	if (c->log == NULL)
		return;
	fprintf(c->log, "%ld: ", (long)time(NULL));
	va_start(ap, fmt);
	vfprintf(c->log, fmt, ap);
	va_end(ap);
	fputc('\n', c->log);
	fflush(c->log);
}

static struct active **slot(struct collect *c, uint32_t id)
{
	return &c->table[(id * 2654435761u) & (c->tsize - 1)];
}

static struct active *find(struct collect *c, uint32_t id)
{
	struct active *a;
	for (a = *slot(c, id); a != NULL; a = a->hnext)
		if (a->dev + 1 == id)
			return a;
	return NULL;
}

/* ---- devices ----------------------------------------------------------- */

static void shuffle_addrs(struct collect *c, warts_addr *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd(c) % i;
		warts_addr t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

static struct active *start_device(struct collect *c)
{
	struct active *a, **s;
	uint32_t dev;

	if (c->next == c->devs.n || c->active >= c->max_active)
		return NULL;
	dev = c->order[c->next++];
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->dev = dev;
	a->naddr = c->devs.dev[dev].naddr;
	if ((a->addrs = calloc(a->naddr, sizeof(*a->addrs))) == NULL) {
		free(a);
		return NULL;
	}
	fp_dev_addrs(&c->devs, dev, a->addrs, a->naddr);
	shuffle_addrs(c, a->addrs, a->naddr);
	a->left = c->o->tests;
	a->test = -1;
	a->res.id = dev + 1;
	a->res.name = fp_dev_name(&c->devs, dev);
	s = slot(c, dev + 1);
	a->hnext = *s;
	*s = a;
	c->active++;
	return a;
}

static void finish_device(struct collect *c, struct active *a)
{
	struct active **s = slot(c, a->dev + 1);

	while (*s != a)
		s = &(*s)->hnext;
	*s = a->hnext;
	if (!c->o->daemon && !c->o->trace) {
		fp_report(c->rep, &a->res);
		fflush(c->rep->out);
	}
	fp_result_clear(&a->res);
	free(a->addrs);
	free(a->line);
	free(a);
	c->active--;
	c->finished++;
}

/* The test of a device's current address to run next, chosen at random
 * among those left. */
static int pick_test(struct collect *c, struct active *a)
{
	int n = 0, k;

	for (int t = 0; t < FP_NTESTS; t++)
		n += (a->left >> t) & 1;
	k = (int)(rnd(c) % (uint64_t)n);
	for (int t = 0; t < FP_NTESTS; t++)
		if (((a->left >> t) & 1) && k-- == 0)
			return t;
	return -1;
}

static void rest(struct collect *c, struct active *a)
{
	a->ready = ctrl_loop_now(c->loop) + FP_REST_USEC;
	a->next = NULL;
	if (c->rest_tail != NULL)
		c->rest_tail->next = a;
	else
		c->rest_head = a;
	c->rest_tail = a;
	c->resting++;
}

/*
 * The measurement of a's current test ended (answered or not, or the
 * prober refused it: skip).  Move on: the next test, the next address,
 * or the end of the device.
 */
static void advance(struct collect *c, struct active *a, int skip_address)
{
	a->test = -1;
	free(a->line);
	a->line = NULL;
	if (skip_address)
		a->left = 0;
	if (a->left == 0) {
		a->cur++;
		a->left = c->o->tests;
	}
	if (a->cur >= a->naddr)
		finish_device(c, a);
	else
		rest(c, a);
}

static void pump(struct collect *c);

/* The current test ended: the next, and feed the prober. */
static void next_test(struct collect *c, struct active *a)
{
	a->answered = 0;
	c->probing--;
	advance(c, a, 0);
	pump(c);
}

/* ---- feeding the prober ------------------------------------------------ */

static void maybe_done(struct collect *c)
{
	if (!c->done_sent && c->next == c->devs.n && c->active == 0) {
		c->done_sent = 1;
		ctrl_client_done(c->client);
	}
}

static int submit(struct collect *c, struct active *a)
{
	char addr[WARTS_ADDR_STRLEN], buf[512];
	struct ctrl_error err;
	int n;

	a->test = (int8_t)pick_test(c, a);
	a->left &= (fp_set)~(1u << a->test);
	warts_addr_tostr(&a->addrs[a->cur], addr, sizeof(addr));
	n = fp_command(buf, sizeof(buf), a->test, a->dev + 1, addr,
	               c->o->trace);
	if ((a->line = strndup(buf, (size_t)n)) == NULL)
		return -1;
	a->cmd.line = a->line;
	a->cmd.user = a;
	if (ctrl_client_submit(c->client, &a->cmd, &err) != 0) {
		fprintf(stderr, "sc_filterpolicy: %s\n", err.msg);
		return -1;
	}
	c->probing++;
	logf_(c, "p %zu, w %zu, l %zu : %s", c->probing, c->resting,
	      c->devs.n - c->next, a->line);
	return 0;
}

/*
 * Give the client a command if it has none waiting: a device that has
 * rested, else a new one; if neither can go now, wake when the first
 * resting device may.
 */
static void pump(struct collect *c)
{
	struct active *a = NULL;
	uint64_t now = ctrl_loop_now(c->loop);

	if (c->client == NULL || c->done_sent ||
	    ctrl_client_unsent(c->client) > 0)
		return;
	if (c->rest_head != NULL && c->rest_head->ready <= now) {
		a = c->rest_head;
		if ((c->rest_head = a->next) == NULL)
			c->rest_tail = NULL;
		c->resting--;
	} else {
		a = start_device(c);
	}
	if (a != NULL) {
		if (submit(c, a) != 0) {
			c->failed = 1;
			ctrl_loop_stop(c->loop);
		}
		return;
	}
	if (c->rest_head != NULL)
		ctrl_timer_at(c->loop, &c->wake, c->rest_head->ready);
	maybe_done(c);
}

static void on_wake(ctrl_loop *l, void *arg)
{
	(void)l;
	pump(arg);
}

/* ---- the client's callbacks -------------------------------------------- */

static void on_more(ctrl_client *cl, void *arg)
{
	(void)cl;
	pump(arg);
}

static void on_record(ctrl_client *cl, const struct ctrl_result *r,
                      void *arg)
{
	struct collect *c = arg;
	(void)cl;

	if (r->format != CTRL_FORMAT_WARTS)
		return;
	if (warts_writer_write_raw(c->out, r->data, r->len) != 0) {
		fprintf(stderr, "sc_filterpolicy: %s: %s\n", c->o->outfile,
		        warts_writer_error(c->out)->msg);
		c->failed = 1;
		ctrl_loop_stop(c->loop);
	}
}

static void on_result(ctrl_client *cl, ctrl_cmd *cmd, struct ctrl_result *r,
                      void *arg)
{
	struct collect *c = arg;
	struct active *a;
	const warts_addr *dst;
	uint32_t userid;
	int responsive = 0;
	(void)cl;

	if (r->obj == NULL || r->inprog)
		return;
	if (r->obj->type == WARTS_TYPE_PING) {
		userid = r->obj->u.ping->userid;
		dst = &r->obj->u.ping->dst;
	} else if (r->obj->type == WARTS_TYPE_TRACE) {
		userid = r->obj->u.trace->userid;
		dst = &r->obj->u.trace->dst;
	} else {
		return;
	}
	/* by the command when the dialect says, else by content */
	a = cmd != NULL ? cmd->user : find(c, userid);
	if (a == NULL || a->test < 0 ||
	    warts_addr_cmp(dst, &a->addrs[a->cur]) != 0)
		return;
	if (r->obj->type == WARTS_TYPE_PING)
		responsive = fp_ping_responsive(r->obj->u.ping, a->test);
	if (fp_result_add(&a->res, dst, a->test, responsive) != 0) {
		fprintf(stderr, "sc_filterpolicy: out of memory\n");
		c->failed = 1;
		ctrl_loop_stop(c->loop);
		return;
	}
	/* a->cmd is the library's until its done callback, which moves on;
	 * a result without its command (2021 dialect) comes after that */
	if (cmd == NULL)
		next_test(c, a);
	else
		a->answered = 1;
}

static void on_done(ctrl_client *cl, ctrl_cmd *cmd, int how, const char *why,
                    void *arg)
{
	struct collect *c = arg;
	struct active *a = cmd->user;
	(void)cl;

	if (how == CTRL_CMD_COMPLETED) {
		/* answered, or (a result not of this test) unresponsive */
		next_test(c, a);
	} else if (how == CTRL_CMD_REJECTED) {
		/* as scamper's driver: give up on this address */
		fprintf(stderr, "sc_filterpolicy: %s: %s\n", cmd->line, why);
		logf_(c, "%s: %s", cmd->line, why);
		c->probing--;
		advance(c, a, 1);
		pump(c);
	} else if (how == CTRL_CMD_LOST) {
		fprintf(stderr, "sc_filterpolicy: %s: %s\n", cmd->line, why);
		c->failed = 1;
	}
	/* UNMATCHED: the result, matched by userid, moves on */
}

static void on_closed(ctrl_client *cl, const struct ctrl_error *err,
                      void *arg)
{
	struct collect *c = arg;

	if (err != NULL) {
		fprintf(stderr, "sc_filterpolicy: %s\n", err->msg);
		c->failed = 1;
	} else if (c->finished < c->devs.n) {
		fprintf(stderr, "sc_filterpolicy: the prober finished with "
		        "%zu of %zu devices done\n", c->finished, c->devs.n);
		c->failed = 1;
	}
	ctrl_client_free(cl);
	c->client = NULL;
	ctrl_timer_cancel(c->loop, &c->wake);
	ctrl_loop_stop(c->loop);
}

/* ---- setting up -------------------------------------------------------- */

static int by_naddr_desc(const void *x, const void *y, void *arg)
{
	const struct fp_devices *d = arg;
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	if (d->dev[a].naddr != d->dev[b].naddr)
		return d->dev[a].naddr > d->dev[b].naddr ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int read_devices(struct collect *c)
{
	char err[512];
	FILE *f = fopen(c->o->infile, "r");
	int rc;

	if (f == NULL) {
		fprintf(stderr, "sc_filterpolicy: %s: %s\n", c->o->infile,
		        strerror(errno));
		return -1;
	}
	rc = fp_devices_read(&c->devs, f, c->o->infile, c->o->tuples, err,
	                     sizeof(err));
	fclose(f);
	if (rc != 0) {
		fprintf(stderr, "sc_filterpolicy: %s\n", err);
		return -1;
	}
	if (c->devs.n == 0) {
		fprintf(stderr, "sc_filterpolicy: %s: no devices\n",
		        c->o->infile);
		return -1;
	}
	if (c->devs.n >= UINT32_MAX) {
		fprintf(stderr, "sc_filterpolicy: %s: too many devices\n",
		        c->o->infile);
		return -1;
	}
	if ((c->order = malloc(c->devs.n * sizeof(*c->order))) == NULL)
		return -1;
	for (size_t i = 0; i < c->devs.n; i++)
		c->order[i] = (uint32_t)i;
	if (c->o->impatient) {
		qsort_r(c->order, c->devs.n, sizeof(*c->order), by_naddr_desc,
		        &c->devs);
	} else {
		for (size_t i = c->devs.n; i > 1; i--) {
			size_t j = rnd(c) % i;
			uint32_t t = c->order[i - 1];
			c->order[i - 1] = c->order[j];
			c->order[j] = t;
		}
	}
	return 0;
}

static int connect_prober(struct collect *c)
{
	static const struct ctrl_client_ops ops = {
		.result = on_result, .done = on_done, .record = on_record,
		.more = on_more, .closed = on_closed,
	};
	struct ctrl_error err;
	int rc;

	if ((c->client = ctrl_client_new(c->loop, &ops, NULL, c)) == NULL)
		return -1;
	if (c->o->port != NULL)
		rc = ctrl_client_connect_tcp(c->client, c->o->port, NULL,
		                             &err);
	else if (c->o->remote)
		rc = ctrl_client_connect_remote(c->client, c->o->unix_path,
		                                &err);
	else
		rc = ctrl_client_connect_unix(c->client, c->o->unix_path, NULL,
		                              &err);
	if (rc != 0) {
		fprintf(stderr, "sc_filterpolicy: %s\n", err.msg);
		ctrl_client_free(c->client);
		c->client = NULL;
		return -1;
	}
	return 0;
}

int fp_collect(const struct fp_collect_opts *o, const struct fp_report *rep)
{
	struct collect c;
	struct timeval tv;
	warts_error werr;
	int rc = 1;

	memset(&c, 0, sizeof(c));
	c.o = o;
	c.max_active = o->max_active ? o->max_active : FP_DEFAULT_ACTIVE;
	c.rep = rep;
	gettimeofday(&tv, NULL);
	c.rng = ((uint64_t)tv.tv_sec << 20) ^ (uint64_t)tv.tv_usec ^
	        ((uint64_t)getpid() << 40) ^ 0x9e3779b97f4a7c15ull;
	if (read_devices(&c) != 0)
		goto out;
	c.tsize = 1024;
	while (c.tsize < c.max_active * 2)
		c.tsize *= 2;
	if ((c.table = calloc(c.tsize, sizeof(*c.table))) == NULL)
		goto out;
	if (o->logfile != NULL && (c.log = fopen(o->logfile, "w")) == NULL) {
		fprintf(stderr, "sc_filterpolicy: %s: %s\n", o->logfile,
		        strerror(errno));
		goto out;
	}
	if ((c.out = warts_writer_open(o->outfile,
	                               warts_compress_bypath(o->outfile),
	                               &werr)) == NULL) {
		fprintf(stderr, "sc_filterpolicy: %s: %s\n", o->outfile,
		        werr.msg);
		goto out;
	}
	if ((c.loop = ctrl_loop_new()) == NULL)
		goto out;
	ctrl_timer_init(&c.wake, on_wake, &c);
	if (connect_prober(&c) != 0)
		goto out;
	if (o->daemon && daemon(1, 0) != 0) {
		fprintf(stderr, "sc_filterpolicy: daemon: %s\n",
		        strerror(errno));
		goto out;
	}
	pump(&c);
	if (ctrl_loop_run(c.loop) != 0) {
		fprintf(stderr, "sc_filterpolicy: %s\n", strerror(errno));
		c.failed = 1;
	}
	rc = c.failed ? 1 : 0;
out:
	if (c.client != NULL)
		ctrl_client_free(c.client);
	while (c.rest_head != NULL) {
		struct active *a = c.rest_head;
		c.rest_head = a->next;
		fp_result_clear(&a->res);
		free(a->addrs);
		free(a->line);
		free(a);
	}
	if (c.loop != NULL) {
		ctrl_timer_cancel(c.loop, &c.wake);
		ctrl_loop_free(c.loop);
	}
	if (c.out != NULL && warts_writer_close(c.out, &werr) != 0) {
		fprintf(stderr, "sc_filterpolicy: %s: %s\n", o->outfile,
		        werr.msg);
		rc = 1;
	}
	if (c.log != NULL)
		fclose(c.log);
	free(c.table);
	free(c.order);
	fp_devices_free(&c.devs);
	return rc;
}
