/*
 * test_mux_client.c: the mux client (ctrl/mux_client.h) against a fake
 * sc_remoted on the other end of a socketpair, whose frames are built
 * with ctrl/mux.h's encoders and whose VPs are scripted: the VP list as
 * it changes, with every kind of metadata; finding a VP by name or
 * shortname; a channel opened, a command and its result (a warts record
 * uuencoded in DATA) through it, done and the channel closed by
 * sc_remoted; two channels whose frames interleave, fed whole and a byte
 * at a time; a VP departing mid-command; a channel closed from our side;
 * the connection ending; and bad frames (cut short, too long, empty,
 * malformed, unknown) ending it with an error, never a crash.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctrl/client.h"
#include "ctrl/mux.h"
#include "ctrl/mux_client.h"
#include "tap.h"
#include "warts/ping.h"
#include "warts/warts.h"

/* Records as scamper 20211212 sent them (uuencoded, closing line too). */
static const char LIST21[] =
	"C$@4``0```!L````!`````\"]T;7`O8V%P+W,N<V]C:SHP````\n`\n";
static const char CYCLE21[] =
	">$@4``@```!8````!`````0````%K\":QQ`@`#=FT`\n`\n";
static const char PING21[] =
	"M$@4`!P```%;S_&4`*0````$````!:PFL<0`.%+H!```!`%0!0`````%X\\`0!\n"
	"MQC-D!P````````'^DP,`(0=``%0``````\"X``)0R\\[T```````````!K\":QQ\n"
	"$``X5(P``\n`\n";
static const char STOP21[] = "1$@4`!`````D````!:PFL=0``\n`\n";

/* ---- the fake sc_remoted ------------------------------------------------- */

struct srv {
	ctrl_loop              *l;
	ctrl_mux_client        *m;
	int                     fd;         /* sc_remoted's end */
	int                     bytewise;   /* write a byte at a time */
	struct ctrl_mux_reader  rd;         /* what the client sent */
	char                    ctl[1024];  /* its control messages */
	char                    chan[80][1024]; /* its bytes, by channel */
	char                    log[4096];  /* mux client events */
	int                     closed;
	struct ctrl_error       err;
	int                     free_on_go;
};

static void logf_(char *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void logf_(char *log, const char *fmt, ...)
{
	size_t n = strlen(log);
	va_list ap;

	if (n > 0 && n < 4000)
		log[n++] = ' ';
	va_start(ap, fmt);
	vsnprintf(log + n, 4096 - n, fmt, ap);
	va_end(ap);
}

static int on_sent_frame(const struct ctrl_mux_hdr *h, const uint8_t *p,
                         void *arg)
{
	struct srv *s = arg;
	struct ctrl_mux_msg msg;
	const char *why;

	if (h->channel == 0) {
		if (ctrl_mux_parse(p, h->len, &msg, &why) != 0)
			logf_(s->ctl, "bad:%s", why);
		else if (msg.type == CTRL_MUX_CHANNEL_OPEN)
			logf_(s->ctl, "open:%u:%u", msg.vp_id, msg.channel);
		else if (msg.type == CTRL_MUX_CHANNEL_CLOSE)
			logf_(s->ctl, "close:%u", msg.channel);
		else
			logf_(s->ctl, "type%d", msg.type);
	} else if (h->channel < 80) {
		size_t n = strlen(s->chan[h->channel]);
		if (n + h->len < sizeof(s->chan[0])) {
			memcpy(s->chan[h->channel] + n, p, h->len);
			s->chan[h->channel][n + h->len] = '\0';
		}
	} else {
		logf_(s->ctl, "chan%u?", h->channel);
	}
	return 0;
}

/* Run the loop until it is idle; collect what the client sent. */
static void spin(struct srv *s)
{
	uint8_t buf[4096];

	for (int i = 0; i < 4; i++) {
		ctrl_loop_once(s->l, 0);
		for (;;) {
			ssize_t n = read(s->fd, buf, sizeof(buf));
			const char *why;
			if (n <= 0)
				break;
			if (ctrl_mux_reader_feed(&s->rd, buf, (size_t)n,
			                         on_sent_frame, s, &why) < 0)
				logf_(s->ctl, "badframe:%s", why);
		}
	}
}

/* Write bytes to the client, whole or a byte at a time. */
static void srv_bytes(struct srv *s, const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t off = 0, step = s->bytewise ? 1 : len;

	while (off < len) {
		size_t n = len - off < step ? len - off : step;
		ssize_t w = write(s->fd, b + off, n);
		if (w > 0)
			off += (size_t)w;
		else if (w < 0 && errno != EAGAIN)
			break;
		spin(s);
	}
	spin(s);
}

static void srv_buf(struct srv *s, struct ctrl_mux_buf *b)
{
	srv_bytes(s, b->p, b->len);
	ctrl_mux_buf_free(b);
}

/* A VP_UPDATE: attributes as attr, value pairs, ending with 0. */
static void srv_vp(struct srv *s, uint32_t id, ...)
{
	struct ctrl_mux_buf b = { NULL, 0, 0 };
	size_t mark;
	va_list ap;
	int attr;

	if (ctrl_mux_update_begin(&b, id, &mark) != 0)
		abort();
	va_start(ap, id);
	while ((attr = va_arg(ap, int)) != 0)
		if (ctrl_mux_update_attr(&b, attr, va_arg(ap, const char *)))
			abort();
	va_end(ap);
	ctrl_mux_update_end(&b, mark);
	srv_buf(s, &b);
}

static void srv_go(struct srv *s)
{
	struct ctrl_mux_buf b = { NULL, 0, 0 };
	if (ctrl_mux_go(&b) != 0)
		abort();
	srv_buf(s, &b);
}

static void srv_depart(struct srv *s, uint32_t id)
{
	struct ctrl_mux_buf b = { NULL, 0, 0 };
	if (ctrl_mux_depart(&b, id) != 0)
		abort();
	srv_buf(s, &b);
}

static void srv_close(struct srv *s, uint32_t chan)
{
	struct ctrl_mux_buf b = { NULL, 0, 0 };
	if (ctrl_mux_close(&b, chan) != 0)
		abort();
	srv_buf(s, &b);
}

/* Frame(s) of text on a channel. */
static void frame(uint8_t *out, size_t *len, uint32_t chan, const char *text)
{
	struct ctrl_mux_hdr h = { chan, (uint32_t)strlen(text) };
	ctrl_mux_hdr_put(out, &h);
	memcpy(out + CTRL_MUX_HDR_LEN, text, h.len);
	*len = CTRL_MUX_HDR_LEN + h.len;
}

static void srv_chan(struct srv *s, uint32_t chan, const char *text)
{
	uint8_t buf[8192];
	size_t len;

	frame(buf, &len, chan, text);
	srv_bytes(s, buf, len);
}

/* "DATA n[ id-N]\n" and the payload, in one text */
static void data(char *out, size_t cap, const char *payload, unsigned id)
{
	if (id)
		snprintf(out, cap, "DATA %zu id-%u\n%s", strlen(payload), id,
		         payload);
	else
		snprintf(out, cap, "DATA %zu\n%s", strlen(payload), payload);
}

/* Take what the client sent on a channel. */
static const char *took(struct srv *s, uint32_t chan)
{
	static char buf[1024];
	memcpy(buf, s->chan[chan], sizeof(buf));
	s->chan[chan][0] = '\0';
	return buf;
}

static const char *took_ctl(struct srv *s)
{
	static char buf[1024];
	memcpy(buf, s->ctl, sizeof(buf));
	s->ctl[0] = '\0';
	return buf;
}

/* ---- the mux client's callbacks ----------------------------------------- */

static const char *code_name(int code)
{
	static const char *names[] = { "?", "usage", "connect", "io",
	                               "refused", "protocol", "eof", "nomem" };
	return code >= 0 && code <= CTRL_ERR_NOMEM ? names[code] : "?";
}

static void on_vp(ctrl_mux_client *m, const struct ctrl_mux_vp *vp,
                  int event, void *arg)
{
	struct srv *s = arg;
	static const char *ev[] = { "?", "new", "changed", "gone" };
	(void)m;
	logf_(s->log, "%s:%u:%s", ev[event], vp->id,
	      vp->name ? vp->name : "-");
}

static void on_go(ctrl_mux_client *m, void *arg)
{
	struct srv *s = arg;
	logf_(s->log, "go:%zu", ctrl_mux_client_nvps(m));
	if (s->free_on_go) {
		ctrl_mux_client_free(m);
		s->m = NULL;
	}
}

static void on_mux_closed(ctrl_mux_client *m, const struct ctrl_error *err,
                          void *arg)
{
	struct srv *s = arg;
	(void)m;
	s->closed++;
	s->err = *err;
	logf_(s->log, "closed:%s", code_name(err->code));
}

static const struct ctrl_mux_client_ops mux_ops = {
	on_vp, on_go, on_mux_closed,
};

static void setup(struct srv *s, const struct ctrl_mux_client_opts *o)
{
	int sv[2];
	struct ctrl_error err;

	memset(s, 0, sizeof(*s));
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	s->fd = sv[1];
	fcntl(s->fd, F_SETFL, O_NONBLOCK);
	s->l = ctrl_loop_new();
	s->m = ctrl_mux_client_new(s->l, &mux_ops, o, s);
	if (s->m == NULL || ctrl_mux_client_open_fd(s->m, sv[0], &err) != 0)
		abort();
	spin(s);
}

static void teardown(struct srv *s)
{
	if (s->m != NULL)
		ctrl_mux_client_free(s->m);
	close(s->fd);
	spin(s);
	ctrl_mux_reader_clear(&s->rd);
	ctrl_loop_free(s->l);
}

/* two VPs, then GO */
static void two_vps(struct srv *s)
{
	srv_vp(s, 1, CTRL_MUX_ATTR_NAME, "vp1", CTRL_MUX_ATTR_IPV4,
	       "192.0.2.7", 0);
	srv_vp(s, 2, CTRL_MUX_ATTR_NAME, "vp2", CTRL_MUX_ATTR_SHORTNAME,
	       "hlz1", 0);
	srv_go(s);
}

/* ---- a client on a channel ------------------------------------------------ */

struct cl {
	ctrl_client      *c;
	char              log[4096];
	int               closed;
	int               err_null;
	struct ctrl_error err;
	char              dst[WARTS_ADDR_STRLEN];
	struct srv       *free_mux;   /* free this mux on a result */
	int               free_self;  /* free the client on a result */
};

struct tc {
	ctrl_cmd cmd;
	char     name[8];
	char     text[64];
};

static void cl_accepted(ctrl_client *c, ctrl_cmd *cmd, void *arg)
{
	struct cl *k = arg;
	(void)c;
	logf_(k->log, "acc:%s:%u", ((struct tc *)cmd->user)->name, cmd->id);
}

static void cl_result(ctrl_client *c, ctrl_cmd *cmd, struct ctrl_result *r,
                      void *arg)
{
	struct cl *k = arg;

	logf_(k->log, "res:%s:%s%s", cmd ? ((struct tc *)cmd->user)->name
	      : "-", warts_type_name(r->type) ? warts_type_name(r->type)
	      : "?", r->obj ? ":obj" : "");
	if (r->obj != NULL && r->obj->type == WARTS_TYPE_PING)
		warts_addr_tostr(&r->obj->u.ping->dst, k->dst,
		                 sizeof(k->dst));
	if (k->free_mux != NULL) {
		ctrl_mux_client_free(k->free_mux->m);
		k->free_mux->m = NULL;
	}
	if (k->free_self) {
		ctrl_client_free(c);
		k->c = NULL;
	}
}

static void cl_done(ctrl_client *c, ctrl_cmd *cmd, int how, const char *why,
                    void *arg)
{
	struct cl *k = arg;
	static const char *hows[] = { "?", "completed", "rejected",
	                              "unmatched", "lost" };
	(void)c;
	(void)why;
	logf_(k->log, "done:%s:%s", ((struct tc *)cmd->user)->name,
	      hows[how]);
}

static void cl_closed(ctrl_client *c, const struct ctrl_error *err,
                      void *arg)
{
	struct cl *k = arg;
	(void)c;
	k->closed++;
	k->err_null = err == NULL;
	if (err != NULL)
		k->err = *err;
	if (err != NULL)
		logf_(k->log, "closed:%s", code_name(err->code));
	else
		logf_(k->log, "closed");
}

static const struct ctrl_client_ops cl_ops = {
	.accepted = cl_accepted, .result = cl_result, .done = cl_done,
	.closed = cl_closed,
};

static void cl_new(struct cl *k, struct srv *s)
{
	memset(k, 0, sizeof(*k));
	k->c = ctrl_client_new(s->l, &cl_ops, NULL, k);
}

static void cl_free(struct cl *k)
{
	if (k->c != NULL)
		ctrl_client_free(k->c);
	k->c = NULL;
}

static void mk(struct tc *t, const char *name, const char *text)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->text, sizeof(t->text), "%s", text);
	t->cmd.line = t->text;
	t->cmd.user = t;
}

static int submit(struct cl *k, struct tc *t)
{
	struct ctrl_error err;
	if (ctrl_client_submit(k->c, &t->cmd, &err) != 0) {
		diag("submit: %s", err.msg);
		return -1;
	}
	return 0;
}

static int connect_vp(struct cl *k, struct srv *s, const char *name)
{
	const struct ctrl_mux_vp *vp;
	struct ctrl_error err;

	if (ctrl_mux_client_find(s->m, name, &vp, &err) != 0 ||
	    ctrl_client_connect_mux(k->c, s->m, vp->id, &err) != 0) {
		diag("connect to %s: %s", name, err.msg);
		return -1;
	}
	spin(s);
	return 0;
}

/* ---- the tests ------------------------------------------------------- */

static void test_vp_list(void)
{
	struct srv s;
	const struct ctrl_mux_vp *v;
	struct ctrl_error err;

	setup(&s, NULL);
	ok(!ctrl_mux_client_ready(s.m), "not ready before GO");
	srv_vp(&s, 1, CTRL_MUX_ATTR_NAME, "vp1",
	       CTRL_MUX_ATTR_ARRIVAL, "1795780924.146631",
	       CTRL_MUX_ATTR_IPV4, "192.0.2.7",
	       CTRL_MUX_ATTR_IPV6, "2001:db8::7",
	       CTRL_MUX_ATTR_IPV4_ASN, "64500",
	       CTRL_MUX_ATTR_IPV6_ASN, "64501",
	       CTRL_MUX_ATTR_CC, "NZ", CTRL_MUX_ATTR_ST, "WKO",
	       CTRL_MUX_ATTR_PLACE, "Hamilton, Waikato",
	       CTRL_MUX_ATTR_LATLONG, "-37.78,175.28",
	       CTRL_MUX_ATTR_SHORTNAME, "hlz1",
	       CTRL_MUX_ATTR_TAG, "lab", CTRL_MUX_ATTR_TAG, "home",
	       CTRL_MUX_ATTR_IATA, "HLZ", 0);
	srv_vp(&s, 9, CTRL_MUX_ATTR_NAME, "vp9", 0);
	is_str(s.log, "new:1:vp1 new:9:vp9", "each VP_UPDATE: a new VP");
	srv_go(&s);
	is_str(s.log, "new:1:vp1 new:9:vp9 go:2", "then go, with both listed");
	ok(ctrl_mux_client_ready(s.m), "ready after GO");
	is_int(ctrl_mux_client_nvps(s.m), 2, "two VPs");
	v = ctrl_mux_client_vp(s.m, 0);
	ok(v != NULL && v->id == 1, "in the order they came");
	if (v != NULL) {
		is_str(v->name, "vp1", "monitor name");
		is_str(v->arrival, "1795780924.146631", "arrival");
		is_str(v->ipv4, "192.0.2.7", "ipv4");
		is_str(v->ipv6, "2001:db8::7", "ipv6");
		is_str(v->asn4, "64500", "asn4");
		is_str(v->asn6, "64501", "asn6");
		is_str(v->cc, "NZ", "cc");
		is_str(v->st, "WKO", "st");
		is_str(v->place, "Hamilton, Waikato", "place, blank and all");
		is_str(v->latlong, "-37.78,175.28", "latlong");
		is_str(v->shortname, "hlz1", "shortname");
		is_str(v->iata, "HLZ", "iata");
		is_int(v->ntags, 2, "two tags");
		if (v->ntags == 2)
			ok(strcmp(v->tags[0], "lab") == 0 &&
			   strcmp(v->tags[1], "home") == 0, "tags in order");
		is_int(v->nattrs, 14, "every attribute kept, in order");
		if (v->nattrs == 14)
			ok(v->attrs[13].attr == CTRL_MUX_ATTR_IATA,
			   "the last one last");
	}
	v = ctrl_mux_client_vp_byid(s.m, 9);
	ok(v != NULL && v->cc == NULL && v->ntags == 0 && v->nattrs == 1,
	   "a VP without metadata: NULL fields");
	ok(ctrl_mux_client_vp_byid(s.m, 5) == NULL, "no VP 5");

	/* a later update replaces what was known */
	srv_vp(&s, 9, CTRL_MUX_ATTR_NAME, "vp9", CTRL_MUX_ATTR_CC, "AU", 0);
	v = ctrl_mux_client_vp_byid(s.m, 9);
	ok(v != NULL && v->cc != NULL && strcmp(v->cc, "AU") == 0,
	   "an update: the new metadata");
	ok(strstr(s.log, "changed:9:vp9") != NULL, "... reported as changed");
	is_int(ctrl_mux_client_nvps(s.m), 2, "... still two VPs");
	srv_vp(&s, 3, CTRL_MUX_ATTR_NAME, "vp3", 0);
	is_int(ctrl_mux_client_nvps(s.m), 3, "an arrival after GO");
	srv_depart(&s, 1);
	ok(strstr(s.log, "gone:1:vp1") != NULL, "a departure, with its name");
	is_int(ctrl_mux_client_nvps(s.m), 2, "... and it is off the list");
	srv_depart(&s, 77);
	is_int(ctrl_mux_client_nvps(s.m), 2,
	       "the departure of a VP never listed: ignored");

	/* finding by name */
	srv_vp(&s, 4, CTRL_MUX_ATTR_NAME, "vp4", CTRL_MUX_ATTR_SHORTNAME,
	       "vp3", 0);
	ok(ctrl_mux_client_find(s.m, "vp3", &v, &err) == 0 && v->id == 3,
	   "find: a monitor name beats another VP's shortname");
	srv_vp(&s, 5, CTRL_MUX_ATTR_NAME, "vp5", CTRL_MUX_ATTR_SHORTNAME,
	       "akl", 0);
	ok(ctrl_mux_client_find(s.m, "akl", &v, &err) == 0 && v->id == 5,
	   "find by shortname");
	ok(ctrl_mux_client_find(s.m, "nobody", &v, &err) != 0 && v == NULL,
	   "find: no such VP");
	ok(strstr(err.msg, "no VP named nobody") != NULL &&
	   strstr(err.msg, "vp9") != NULL, "... saying so and naming "
	   "those there are: %s", err.msg);
	srv_vp(&s, 6, CTRL_MUX_ATTR_NAME, "vp6", CTRL_MUX_ATTR_SHORTNAME,
	       "akl", 0);
	ok(ctrl_mux_client_find(s.m, "akl", &v, &err) != 0 &&
	   strstr(err.msg, "2 VPs") != NULL, "find: two VPs of that name: %s",
	   err.msg);
	is_int(s.closed, 0, "no error so far");
	teardown(&s);
}

/* One channel: a command, its result, done, and sc_remoted closing it. */
static void test_channel(int bytewise)
{
	struct srv s;
	struct cl k;
	struct tc t;
	char buf[2048];
	const char *pfx = bytewise ? "bytewise: " : "";

	setup(&s, NULL);
	s.bytewise = bytewise;
	two_vps(&s);
	cl_new(&k, &s);
	mk(&t, "a", "ping -c 1 192.0.2.1");
	if (connect_vp(&k, &s, "vp2") != 0) {
		ok(0, "connect");
		return;
	}
	is_str(took_ctl(&s), "open:2:1", "%sCHANNEL_OPEN of VP 2 as channel 1",
	       pfx);
	is_int(ctrl_mux_client_nchannels(s.m), 1, "%sone channel", pfx);
	is_str(ctrl_client_peer(k.c), "VP vp2", "%sthe client's peer: the VP",
	       pfx);
	submit(&k, &t);
	spin(&s);
	is_str(took(&s, 1), "", "%sno attach, nothing before MORE", pfx);
	srv_chan(&s, 1, "MORE\n");
	is_str(took(&s, 1), "ping -c 1 192.0.2.1\n",
	       "%sthe command goes out on the channel", pfx);
	data(buf, sizeof(buf), LIST21, 0);
	srv_chan(&s, 1, buf);
	data(buf, sizeof(buf), CYCLE21, 0);
	srv_chan(&s, 1, buf);
	srv_chan(&s, 1, "OK id-1\n");
	data(buf, sizeof(buf), PING21, 1);
	srv_chan(&s, 1, buf);
	is_str(k.log, "acc:a:1 res:a:ping:obj done:a:completed",
	       "%saccepted, its result decoded, done", pfx);
	ok(k.dst[0] != '\0' && strstr(PING21, k.dst) == NULL,
	   "%sthe ping's destination decoded: %s", pfx, k.dst);
	ctrl_client_done(k.c);
	spin(&s);
	is_str(took(&s, 1), "done\n", "%sdone on the channel", pfx);
	srv_chan(&s, 1, "OK\n");
	data(buf, sizeof(buf), STOP21, 0);
	srv_chan(&s, 1, buf);
	is_int(k.closed, 0, "%snot over before the channel closes", pfx);
	srv_close(&s, 1);
	is_int(k.closed, 1, "%sCHANNEL_CLOSE: the client is closed", pfx);
	ok(k.err_null, "%s... cleanly (closed(NULL))", pfx);
	is_int(ctrl_mux_client_nchannels(s.m), 0, "%sno channel left", pfx);
	cl_free(&k);
	spin(&s);
	is_str(took_ctl(&s), "", "%sno CHANNEL_CLOSE sent back for a channel "
	       "sc_remoted closed", pfx);
	is_int(s.closed, 0, "%sthe mux connection stays", pfx);
	teardown(&s);
}

/* Two channels, their frames interleaved, a DATA block split between
 * frames; then one client closes its channel. */
static void test_two_channels(void)
{
	struct srv s;
	struct cl k1, k2;
	struct tc t1, t2;
	char buf[2048];
	uint8_t out[8192];
	size_t n1, n2, half;

	setup(&s, NULL);
	two_vps(&s);
	cl_new(&k1, &s);
	cl_new(&k2, &s);
	mk(&t1, "x", "ping -c 1 192.0.2.1");
	mk(&t2, "y", "ping -c 1 192.0.2.2");
	connect_vp(&k1, &s, "vp1");
	connect_vp(&k2, &s, "hlz1");
	is_str(took_ctl(&s), "open:1:1 open:2:2",
	       "two channels, numbered apart (the second by shortname)");
	is_int(ctrl_mux_client_nchannels(s.m), 2, "two channels");
	ok(k1.c && k2.c && strcmp(ctrl_client_peer(k2.c), "VP vp2") == 0,
	   "the second client's peer names its VP");
	submit(&k1, &t1);
	submit(&k2, &t2);
	srv_chan(&s, 2, "MORE\n");
	srv_chan(&s, 1, "MORE\n");
	is_str(took(&s, 1), "ping -c 1 192.0.2.1\n", "channel 1's command");
	is_str(took(&s, 2), "ping -c 1 192.0.2.2\n", "channel 2's command");
	srv_chan(&s, 2, "OK id-1\n");
	srv_chan(&s, 1, "OK id-1\n");
	/* the list and cycle on both, then PING21 in two halves each,
	 * interleaved, in one write */
	data(buf, sizeof(buf), LIST21, 0);
	srv_chan(&s, 1, buf);
	srv_chan(&s, 2, buf);
	data(buf, sizeof(buf), CYCLE21, 0);
	srv_chan(&s, 2, buf);
	srv_chan(&s, 1, buf);
	data(buf, sizeof(buf), PING21, 1);
	half = strlen(buf) / 2;
	{
		char a[1024], b[1024];
		memcpy(a, buf, half);
		a[half] = '\0';
		snprintf(b, sizeof(b), "%s", buf + half);
		frame(out, &n1, 2, a);
		frame(out + n1, &n2, 1, a);
		n1 += n2;
		frame(out + n1, &n2, 1, b);
		n1 += n2;
		frame(out + n1, &n2, 2, b);
		n1 += n2;
		srv_bytes(&s, out, n1);
	}
	is_str(k1.log, "acc:x:1 res:x:ping:obj done:x:completed",
	       "channel 1: its result, whole");
	is_str(k2.log, "acc:y:1 res:y:ping:obj done:y:completed",
	       "channel 2: its result, whole");

	/* our side closes channel 1; what still comes on it is dropped */
	cl_free(&k1);
	spin(&s);
	is_str(took_ctl(&s), "close:1", "freeing a client: CHANNEL_CLOSE");
	is_int(ctrl_mux_client_nchannels(s.m), 1, "one channel left");
	srv_chan(&s, 1, "MORE\nOK id-9\nDATA 5\nxx");
	is_int(s.closed, 0, "bytes for a closed channel: dropped");
	mk(&t2, "z", "ping -c 1 192.0.2.3");
	submit(&k2, &t2);
	srv_chan(&s, 2, "MORE\n");
	is_str(took(&s, 2), "ping -c 1 192.0.2.3\n",
	       "the other channel goes on");
	/* a new channel gets a new number */
	cl_new(&k1, &s);
	connect_vp(&k1, &s, "vp1");
	is_str(took_ctl(&s), "open:1:3", "a new channel: a new number");
	cl_free(&k1);
	cl_free(&k2);
	teardown(&s);
}

/* The VP departs while its command runs; the other VP's channel stays. */
static void test_depart(void)
{
	struct srv s;
	struct cl k1, k2;
	struct tc t1, t2;
	char buf[2048];

	setup(&s, NULL);
	two_vps(&s);
	cl_new(&k1, &s);
	cl_new(&k2, &s);
	mk(&t1, "a", "ping -c 50 192.0.2.1");
	mk(&t2, "b", "ping -c 1 192.0.2.2");
	connect_vp(&k1, &s, "vp1");
	connect_vp(&k2, &s, "vp2");
	submit(&k1, &t1);
	submit(&k2, &t2);
	srv_chan(&s, 1, "MORE\n");
	srv_chan(&s, 2, "MORE\n");
	srv_chan(&s, 1, "OK id-1\n");
	srv_chan(&s, 2, "OK id-1\n");
	data(buf, sizeof(buf), LIST21, 0);
	srv_chan(&s, 2, buf);
	srv_chan(&s, 2, "DATA 10\n0123");   /* VP 2 goes inside a block */
	srv_depart(&s, 1);
	is_str(k1.log, "acc:a:1 done:a:lost closed:eof",
	       "VP 1 departs: its command lost, the client closed with "
	       "CTRL_ERR_EOF");
	ok(strstr(k1.err.msg, "VP vp1") != NULL &&
	   strstr(k1.err.msg, "departed") != NULL &&
	   strstr(k1.err.msg, "1 command") != NULL,
	   "... saying which VP, and what was lost: %s", k1.err.msg);
	ok(strstr(s.log, "gone:1:vp1") != NULL, "the mux client reports it");
	is_str(k2.log, "acc:b:1", "the other channel is untouched");
	srv_depart(&s, 2);
	ok(strstr(k2.log, "done:b:lost closed:eof") != NULL &&
	   strstr(k2.err.msg, "inside the DATA block") != NULL,
	   "a VP departing mid-record: lost, saying so: %s", k2.err.msg);
	is_int(ctrl_mux_client_nchannels(s.m), 0, "no channels left");
	is_int(s.closed, 0, "the connection stays");
	cl_free(&k1);
	cl_free(&k2);
	teardown(&s);
}

/* The connection ends: every channel's client ends first. */
static void test_mux_gone(void)
{
	struct srv s;
	struct cl k1, k2;
	struct tc t1;
	struct ctrl_error err;

	setup(&s, NULL);
	two_vps(&s);
	cl_new(&k1, &s);
	cl_new(&k2, &s);
	mk(&t1, "a", "ping -c 1 192.0.2.1");
	connect_vp(&k1, &s, "vp1");
	connect_vp(&k2, &s, "vp2");
	submit(&k1, &t1);
	srv_chan(&s, 1, "MORE\n");
	srv_chan(&s, 1, "OK id-1\n");
	shutdown(s.fd, SHUT_WR);
	spin(&s);
	is_str(k1.log, "acc:a:1 done:a:lost closed:eof",
	       "sc_remoted goes: the pending command lost");
	ok(strstr(k2.log, "closed:eof") != NULL,
	   "... and the idle channel's client ended too (done not sent)");
	is_str(s.log, "new:1:vp1 new:2:vp2 go:2 closed:eof",
	       "then the mux client's closed, CTRL_ERR_EOF");
	ok(strstr(s.err.msg, "closed the multiplexed socket") != NULL,
	   "... saying so: %s", s.err.msg);
	cl_free(&k1);
	cl_new(&k1, &s);
	ok(ctrl_client_connect_mux(k1.c, s.m, 1, &err) != 0 &&
	   err.code == CTRL_ERR_USAGE, "no channel once it is over: %s",
	   err.msg);
	ok(ctrl_client_connect_mux(k1.c, s.m, 42, &err) != 0 &&
	   strstr(err.msg, "no VP #42") != NULL, "nor to a VP not listed: %s",
	   err.msg);
	cl_free(&k1);
	cl_free(&k2);
	teardown(&s);
}

/* Bad frames from sc_remoted: an error naming it, channels ended. */
static void bad_case(const void *bytes, size_t len, int eof, int code,
                     const char *want, const char *name)
{
	struct srv s;
	struct cl k;
	struct tc t;
	struct ctrl_mux_client_opts o = { 4096, 0 };

	setup(&s, &o);
	two_vps(&s);
	cl_new(&k, &s);
	mk(&t, "a", "ping -c 1 192.0.2.1");
	connect_vp(&k, &s, "vp1");
	submit(&k, &t);
	srv_chan(&s, 1, "MORE\n");
	srv_bytes(&s, bytes, len);
	if (eof)
		shutdown(s.fd, SHUT_WR);
	spin(&s);
	ok(s.closed == 1 && s.err.code == code &&
	   strstr(s.err.msg, want) != NULL, "%s: %s", name, s.err.msg);
	ok(strstr(k.log, "done:a:lost") != NULL && k.closed == 1,
	   "... the channel's command lost, its client closed");
	cl_free(&k);
	teardown(&s);
}

static void test_bad_frames(void)
{
	static const uint8_t cut[] = { 0, 0, 0, 1, 0, 0, 0, 20, 'O', 'K' };
	static const uint8_t huge[] = { 0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff };
	static const uint8_t over[] = { 0, 0, 0, 0, 0, 0, 0x10, 0x01 };
	static const uint8_t empty[] = { 0, 0, 0, 1, 0, 0, 0, 0 };
	static const uint8_t badupd[] = { 0, 0, 0, 0, 0, 0, 0, 9,
	                                  0, 0, 0, 0, 0, 7, 0, 1, 'x' };
	static const uint8_t shortupd[] = { 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0 };
	static const uint8_t open[] = { 0, 0, 0, 0, 0, 0, 0, 10,
	                                0, 3, 0, 0, 0, 1, 0, 0, 0, 5 };
	static const uint8_t type9[] = { 0, 0, 0, 0, 0, 0, 0, 2, 0, 9 };
	static const uint8_t hdr[] = { 0, 0, 0 };

	bad_case(cut, sizeof(cut), 1, CTRL_ERR_EOF, "inside a frame",
	         "a frame cut short by the end of the stream");
	bad_case(hdr, sizeof(hdr), 1, CTRL_ERR_EOF, "inside a frame",
	         "a header cut short");
	bad_case(huge, sizeof(huge), 0, CTRL_ERR_PROTOCOL, "longer",
	         "a 2 GB frame");
	bad_case(over, sizeof(over), 0, CTRL_ERR_PROTOCOL, "longer",
	         "a frame one byte past opts.max_frame");
	bad_case(empty, sizeof(empty), 0, CTRL_ERR_PROTOCOL, "length 0",
	         "an empty frame");
	bad_case(badupd, sizeof(badupd), 0, CTRL_ERR_PROTOCOL, "VP_UPDATE",
	         "a VP_UPDATE attribute without its NUL");
	bad_case(shortupd, sizeof(shortupd), 0, CTRL_ERR_PROTOCOL, "VP_UPDATE",
	         "a VP_UPDATE shorter than its id");
	bad_case(open, sizeof(open), 0, CTRL_ERR_PROTOCOL, "type 3",
	         "a CHANNEL_OPEN from sc_remoted");
	bad_case(type9, sizeof(type9), 0, CTRL_ERR_PROTOCOL, "control",
	         "an unknown control message");
}

/* A line too long on one channel ends that client only. */
static void test_long_line(void)
{
	struct srv s;
	struct cl k1, k2;
	static char line[70000];
	uint8_t *f = malloc(sizeof(line) + 16);
	size_t n;
	struct ctrl_mux_client_opts o = { 1 << 20, 0 };

	setup(&s, &o);
	two_vps(&s);
	cl_new(&k1, &s);
	cl_new(&k2, &s);
	connect_vp(&k1, &s, "vp1");
	connect_vp(&k2, &s, "vp2");
	memset(line, 'M', sizeof(line) - 2);
	line[sizeof(line) - 2] = '\n';
	line[sizeof(line) - 1] = '\0';
	frame(f, &n, 1, line);
	srv_bytes(&s, f, n);
	ok(k1.closed == 1 && k1.err.code == CTRL_ERR_PROTOCOL &&
	   strstr(k1.err.msg, "a line of more than") != NULL,
	   "a 70 KB line on a channel: that client ends: %s", k1.err.msg);
	ok(k2.closed == 0 && s.closed == 0,
	   "... the other channel and the connection stay");
	srv_chan(&s, 2, "MORE\n");
	ok(s.closed == 0, "... and go on");
	free(f);
	cl_free(&k1);
	cl_free(&k2);
	teardown(&s);
}

/* Freeing things from inside callbacks. */
static void test_free_inside(void)
{
	struct srv s, s2;
	struct cl k1, k2;
	struct tc t1, t2;
	char buf[2048];

	setup(&s, NULL);
	two_vps(&s);
	cl_new(&k1, &s);
	cl_new(&k2, &s);
	mk(&t1, "a", "ping -c 1 192.0.2.1");
	mk(&t2, "b", "ping -c 1 192.0.2.2");
	connect_vp(&k1, &s, "vp1");
	connect_vp(&k2, &s, "vp2");
	submit(&k1, &t1);
	submit(&k2, &t2);
	srv_chan(&s, 1, "MORE\n");
	srv_chan(&s, 2, "MORE\n");
	srv_chan(&s, 1, "OK id-1\n");
	srv_chan(&s, 2, "OK id-1\n");
	data(buf, sizeof(buf), LIST21, 0);
	srv_chan(&s, 1, buf);
	data(buf, sizeof(buf), CYCLE21, 0);
	srv_chan(&s, 1, buf);
	k1.free_mux = &s;
	data(buf, sizeof(buf), PING21, 1);
	srv_chan(&s, 1, buf);
	ok(s.m == NULL, "the mux client freed inside a result callback");
	ok(strstr(k1.log, "res:a:ping:obj done:a:completed") != NULL,
	   "... that result still completes: %s", k1.log);
	ok(strstr(k1.log, "closed:eof") != NULL, "... then its client ends");
	ok(strstr(k2.log, "done:b:lost closed:eof") != NULL,
	   "... and the other channel's, its command lost");
	is_int(s.closed, 0, "no closed() for a mux client freed");
	cl_free(&k1);
	cl_free(&k2);
	teardown(&s);

	setup(&s2, NULL);
	s2.free_on_go = 1;
	two_vps(&s2);
	ok(s2.m == NULL && strstr(s2.log, "go:2") != NULL,
	   "the mux client freed in go()");
	teardown(&s2);

	setup(&s, NULL);
	two_vps(&s);
	cl_new(&k1, &s);
	mk(&t1, "a", "ping -c 1 192.0.2.1");
	connect_vp(&k1, &s, "vp1");
	submit(&k1, &t1);
	srv_chan(&s, 1, "MORE\n");
	srv_chan(&s, 1, "OK id-1\n");
	data(buf, sizeof(buf), LIST21, 0);
	srv_chan(&s, 1, buf);
	data(buf, sizeof(buf), CYCLE21, 0);
	srv_chan(&s, 1, buf);
	k1.free_self = 1;
	data(buf, sizeof(buf), PING21, 1);
	srv_chan(&s, 1, buf);
	ok(k1.c == NULL && ctrl_mux_client_nchannels(s.m) == 0,
	   "a client freed inside its result callback: its channel goes");
	is_str(took_ctl(&s), "open:1:1 close:1", "... with a CHANNEL_CLOSE");
	teardown(&s);
}

/* Many channels at once over the one connection. */
static void test_many(void)
{
	enum { N = 64 };
	static struct cl k[N];
	static struct tc t[N];
	struct srv s;
	char want[64];
	int good = 0, sent_ok = 0;

	setup(&s, NULL);
	two_vps(&s);
	for (int i = 0; i < N; i++) {
		cl_new(&k[i], &s);
		snprintf(want, sizeof(want), "ping -c 1 192.0.2.%d", i + 1);
		mk(&t[i], "m", want);
		connect_vp(&k[i], &s, i % 2 ? "vp1" : "vp2");
		submit(&k[i], &t[i]);
	}
	is_int(ctrl_mux_client_nchannels(s.m), N, "%d channels open", N);
	for (int i = N - 1; i >= 0; i--)
		srv_chan(&s, (uint32_t)i + 1, "MORE\n");
	for (int i = 0; i < N; i++) {
		snprintf(want, sizeof(want), "ping -c 1 192.0.2.%d\n", i + 1);
		sent_ok += strcmp(took(&s, (uint32_t)i + 1), want) == 0;
	}
	is_int(sent_ok, N, "each channel carried its own client's command");
	for (int i = 0; i < N; i++)
		srv_chan(&s, (uint32_t)i + 1, "OK id-7\n");
	for (int i = 0; i < N; i++)
		good += strcmp(k[i].log, "acc:m:7") == 0;
	is_int(good, N, "each client got its own channel's reply");
	for (int i = 0; i < N; i += 2)
		cl_free(&k[i]);
	is_int(ctrl_mux_client_nchannels(s.m), N / 2, "half closed, half open");
	shutdown(s.fd, SHUT_WR);
	spin(&s);
	good = 0;
	for (int i = 1; i < N; i += 2)
		good += strstr(k[i].log, "done:m:lost closed:eof") != NULL;
	is_int(good, N / 2, "the connection ends: every open channel's "
	       "client ends, its command lost");
	for (int i = 0; i < N; i++)
		cl_free(&k[i]);
	teardown(&s);
}

/* Random frames (seeded, so a failure repeats): never a crash, and when
 * the connection ends, the channels' clients have ended first. */
static void test_random(void)
{
	uint32_t seed = 20261127;
	int bad = 0, ended = 0;

	for (int round = 0; round < 300; round++) {
		struct srv s;
		struct cl k;
		struct tc t;
		uint8_t buf[600];
		size_t n = 0;

		setup(&s, NULL);
		two_vps(&s);
		cl_new(&k, &s);
		mk(&t, "r", "ping -c 1 192.0.2.1");
		connect_vp(&k, &s, "vp1");
		submit(&k, &t);
		while (n < sizeof(buf) - 40) {
			seed = seed * 1103515245u + 12345u;
			uint32_t r = seed >> 8;
			struct ctrl_mux_hdr h;
			size_t len = r % 24;
			h.channel = r & 0x100 ? 0 : (r >> 9) % 3;
			h.len = (r & 0x7000) == 0x7000 ? r : (uint32_t)len;
			ctrl_mux_hdr_put(buf + n, &h);
			n += CTRL_MUX_HDR_LEN;
			for (size_t i = 0; i < len; i++) {
				seed = seed * 1103515245u + 12345u;
				buf[n++] = (seed >> 16) % 4 == 0 ? "MORE\n"
				           [(seed >> 8) % 5] : (uint8_t)(seed >> 20);
			}
		}
		srv_bytes(&s, buf, n);
		if (round % 2)
			shutdown(s.fd, SHUT_WR);
		spin(&s);
		if (s.closed) {
			ended++;
			bad += k.closed != 1 || s.closed != 1;
		}
		cl_free(&k);
		teardown(&s);
	}
	ok(ended > 0, "random frames: %d of 300 connections ended", ended);
	is_int(bad, 0, "... each once, after its channel's client");
}

static void test_usage(void)
{
	struct srv s;
	struct cl k;
	struct ctrl_error err;
	ctrl_loop *l = ctrl_loop_new();
	ctrl_mux_client *m;
	static const struct ctrl_mux_client_ops noclosed = { 0 };

	ok(ctrl_mux_client_new(l, &noclosed, NULL, NULL) == NULL,
	   "a closed callback is required");
	m = ctrl_mux_client_new(l, &mux_ops, NULL, NULL);
	ok(ctrl_mux_client_connect(m, "/nonexistent/mux.sock", &err) != 0 &&
	   err.code == CTRL_ERR_CONNECT &&
	   strstr(err.msg, "/nonexistent/mux.sock") != NULL,
	   "connecting to no socket: %s", err.msg);
	ctrl_mux_client_free(m);
	ctrl_loop_free(l);

	setup(&s, NULL);
	two_vps(&s);
	ok(ctrl_mux_client_open_fd(s.m, 0, &err) != 0 &&
	   err.code == CTRL_ERR_USAGE, "connecting twice: %s", err.msg);
	cl_new(&k, &s);
	connect_vp(&k, &s, "vp1");
	ok(ctrl_client_connect_mux(k.c, s.m, 2, &err) != 0 &&
	   err.code == CTRL_ERR_USAGE,
	   "a client connected before cannot take a channel: %s", err.msg);
	took_ctl(&s);
	cl_free(&k);
	teardown(&s);
}

int main(void)
{
	test_vp_list();
	test_channel(0);
	test_channel(1);
	test_two_channels();
	test_depart();
	test_mux_gone();
	test_bad_frames();
	test_long_line();
	test_free_inside();
	test_many();
	test_random();
	test_usage();
	return done_testing();
}
