/*
 * test_tls.c: ctrl/tls.h with a test PKI made by tests/lib/mkcerts.sh in
 * a temporary directory: the name-matching rule, then real handshakes
 * between two TLS links (ctrl/rlink.h) over a socketpair: a good chain
 * and name, a wildcard, an IP address, the CN fallback, a certificate
 * from another CA, an expired one, a wrong name, client certificates
 * required and checked against the monitor name; each failure with the
 * text a log line would show.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctrl/rlink.h"
#include "ctrl/tls.h"
#include "tap.h"

/* ok() with an error text that the condition sets: the condition is
 * evaluated first (an argument's order of evaluation is unspecified) */
#define okerr(cond, ...) \
	do { int c_ = !!(cond); ok(c_, __VA_ARGS__); } while (0)

static char dir[64];

static void test_match(void)
{
	ok(ctrl_tls_name_match("vp.example", "vp.example"), "exact");
	ok(ctrl_tls_name_match("VP.Example", "vp.EXAMPLE"), "any case");
	ok(!ctrl_tls_name_match("vp.example", "vp.example.net"), "not a "
	   "prefix");
	ok(ctrl_tls_name_match("*.ctl.example", "a.ctl.example"),
	   "wildcard: one label");
	ok(!ctrl_tls_name_match("*.ctl.example", "a.b.ctl.example"),
	   "wildcard: not two labels");
	ok(!ctrl_tls_name_match("*.ctl.example", "ctl.example"),
	   "wildcard: not zero labels");
	ok(!ctrl_tls_name_match("*.ctl.example", ".ctl.example"),
	   "wildcard: not an empty label");
	ok(!ctrl_tls_name_match("*.example", "a.example"), "wildcard needs "
	   "two labels after it");
	ok(!ctrl_tls_name_match("a*.ctl.example", "ab.ctl.example"),
	   "no partial-label wildcards");
	ok(!ctrl_tls_name_match("*.*.example", "a.b.example"),
	   "one wildcard only");
	ok(!ctrl_tls_name_match("", "a"), "empty pattern");
}

static const char *path(const char *name)
{
	static char b[8][128];
	static int i;
	i = (i + 1) % 8;
	snprintf(b[i], sizeof(b[i]), "%s/%s", dir, name);
	return b[i];
}

struct side {
	ctrl_rlink *k;
	int         ready, closed;
	char        why[320];
	char        data[64];
	size_t      dlen;
	ctrl_loop  *l;
	int        *live;
};

static void s_ready(ctrl_rlink *k, void *arg)
{
	struct side *s = arg;
	(void)k;
	s->ready = 1;
}

static void s_control(ctrl_rlink *k, const struct ctrl_rmsg *m, void *arg)
{
	(void)k;
	(void)m;
	(void)arg;
}

static void s_data(ctrl_rlink *k, uint32_t ch, const uint8_t *p, size_t n,
                   void *arg)
{
	struct side *s = arg;
	(void)k;
	(void)ch;
	if (s->dlen + n < sizeof(s->data)) {
		memcpy(s->data + s->dlen, p, n);
		s->dlen += n;
	}
	ctrl_loop_stop(s->l);
}

static void s_closed(ctrl_rlink *k, const char *why, void *arg)
{
	struct side *s = arg;
	s->closed = 1;
	snprintf(s->why, sizeof(s->why), "%s", why);
	ctrl_rlink_free(k);
	s->k = NULL;
	if (--*s->live == 0)
		ctrl_loop_stop(s->l);
}

static const struct ctrl_rlink_ops ops = {
	.ready = s_ready, .control = s_control, .data = s_data,
	.closed = s_closed,
};

/* the deadline: stops a ctrl_loop_run, ends the ctrl_loop_once loops */
static void stop_cb(ctrl_loop *l, void *arg)
{
	(void)arg;
	ctrl_loop_stop(l);
}

/*
 * Handshake a client context (verifying name) with a server context.
 * Returns 1 if both ended ready; the sides' reasons in cs/ss.  With
 * name_for_peer set, the server then checks the client's certificate.
 */
static int shake(ctrl_tls_ctx *sx, ctrl_tls_ctx *cx, const char *name,
                 struct side *cs, struct side *ss, const char *monitor,
                 int *monitor_ok, char *merr, size_t merrlen)
{
	ctrl_loop *l = ctrl_loop_new();
	int sv[2], live = 2, rc;
	char err[256];
	ctrl_tls *ct, *st;
	ctrl_timer t;
	static const struct ctrl_rlink_limits lim = {
		.first_us = 2000000,
	};

	memset(cs, 0, sizeof(*cs));
	memset(ss, 0, sizeof(*ss));
	cs->l = ss->l = l;
	cs->live = ss->live = &live;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	ct = ctrl_tls_new(cx, sv[0], name, err, sizeof(err));
	st = ctrl_tls_new(sx, sv[1], NULL, err, sizeof(err));
	cs->k = ctrl_rlink_new(l, sv[0], ct, &ops, cs, &lim);
	ss->k = ctrl_rlink_new(l, sv[1], st, &ops, ss, &lim);
	ctrl_timer_init(&t, stop_cb, NULL);
	ctrl_timer_after(l, &t, 2000000);
	/* run until both are ready or something closed */
	while (ctrl_timer_armed(&t) && live == 2 &&
	       !(cs->ready && ss->ready))
		ctrl_loop_once(l, 10000);
	rc = cs->ready && ss->ready && !cs->closed && !ss->closed;
	if (rc && monitor != NULL)
		*monitor_ok = ctrl_tls_peer_matches(ctrl_rlink_tls(ss->k),
		                                    monitor, merr, merrlen);
	if (rc) {
		/* data both ways through TLS, with a session */
		static struct ctrl_rsess a, b;
		ctrl_rsess_init(&a);
		ctrl_rsess_init(&b);
		ctrl_rlink_attach(cs->k, &a);
		ctrl_rlink_attach(ss->k, &b);
		ctrl_rlink_send_data(cs->k, 1, "hello\n", 6);
		ctrl_timer_after(l, &t, 1000000);
		ctrl_loop_run(l);
		rc = ss->dlen == 6 && memcmp(ss->data, "hello\n", 6) == 0;
		ctrl_rlink_attach(cs->k, NULL);
		ctrl_rlink_attach(ss->k, NULL);
		ctrl_rsess_clear(&a);
		ctrl_rsess_clear(&b);
	} else {
		/* let the other side hear of it */
		ctrl_timer_after(l, &t, 300000);
		while (ctrl_timer_armed(&t) && live > 0)
			ctrl_loop_once(l, 10000);
	}
	ctrl_timer_cancel(l, &t);
	if (cs->k)
		ctrl_rlink_free(cs->k);
	if (ss->k)
		ctrl_rlink_free(ss->k);
	ctrl_loop_free(l);
	return rc;
}

static void test_handshakes(void)
{
	char err[256];
	struct side c, s;
	ctrl_tls_ctx *srv, *cli, *x;
	int mok = -1;
	char merr[256] = "";

	srv = ctrl_tls_server_ctx(path("server.pem"), path("server.key"), NULL,
	                          err, sizeof(err));
	cli = ctrl_tls_client_ctx(path("ca.pem"), NULL, NULL, err,
	                          sizeof(err));
	ok(srv && cli, "contexts from the test PKI");

	ok(shake(srv, cli, "remoted.example", &c, &s, NULL, NULL, NULL, 0),
	   "good chain and name: handshake done, data flows");
	ok(shake(srv, cli, "vp3.ctl.example", &c, &s, NULL, NULL, NULL, 0),
	   "a name under the wildcard");
	ok(shake(srv, cli, "127.0.0.1", &c, &s, NULL, NULL, NULL, 0),
	   "an IP address among the IP SANs");
	ok(shake(srv, cli, "::1", &c, &s, NULL, NULL, NULL, 0),
	   "an IPv6 address among the IP SANs");
	ok(!shake(srv, cli, "127.0.0.2", &c, &s, NULL, NULL, NULL, 0),
	   "another IP address refused");
	is_str(c.why, "address 127.0.0.2 is not among the certificate's IP "
	       "addresses", "saying so");
	ok(!shake(srv, cli, "vp.example", &c, &s, NULL, NULL, NULL, 0),
	   "wrong name refused");
	ok(strncmp(c.why, "name vp.example does not match the certificate",
	           46) == 0, "saying so: %s", c.why);
	ok(!shake(srv, cli, "a.b.ctl.example", &c, &s, NULL, NULL, NULL, 0),
	   "two labels under the wildcard refused");
	okerr(ctrl_tls_new(cli, 0, "", err, sizeof(err)) == NULL,
	   "a client connection needs a name: %s", err);

	x = ctrl_tls_server_ctx(path("server-cn.pem"), path("server-cn.key"),
	                        NULL, err, sizeof(err));
	ok(shake(x, cli, "cn.example", &c, &s, NULL, NULL, NULL, 0),
	   "no SANs: the CN is used");
	ok(!shake(x, cli, "remoted.example", &c, &s, NULL, NULL, NULL, 0),
	   "and must match");
	ctrl_tls_ctx_free(x);

	x = ctrl_tls_server_ctx(path("server-other.pem"),
	                        path("server-other.key"), NULL, err,
	                        sizeof(err));
	ok(!shake(x, cli, "remoted.example", &c, &s, NULL, NULL, NULL, 0),
	   "a certificate from another CA is refused");
	is_str(c.why, "certificate verify failed: unable to get local issuer "
	       "certificate", "saying why");
	ctrl_tls_ctx_free(x);

	x = ctrl_tls_server_ctx(path("expired.pem"), path("expired.key"),
	                        NULL, err, sizeof(err));
	ok(!shake(x, cli, "remoted.example", &c, &s, NULL, NULL, NULL, 0),
	   "an expired certificate is refused");
	is_str(c.why, "certificate verify failed: certificate has expired",
	       "saying why");
	ctrl_tls_ctx_free(x);
	ctrl_tls_ctx_free(srv);

	/* client certificates */
	srv = ctrl_tls_server_ctx(path("server.pem"), path("server.key"),
	                          path("ca.pem"), err, sizeof(err));
	ok(srv != NULL, "a server context requiring client certificates");
	ok(!shake(srv, cli, "remoted.example", &c, &s, NULL, NULL, NULL, 0),
	   "a client without a certificate is refused");
	ok(s.why[0] != '\0', "the server says why: %s", s.why);

	x = ctrl_tls_client_ctx(path("ca.pem"), path("vp1.pem"),
	                        path("vp1.key"), err, sizeof(err));
	ok(shake(srv, x, "remoted.example", &c, &s, "vp1", &mok, merr,
	         sizeof(merr)) && mok == 1,
	   "a client certificate for vp1: accepted, and names vp1");
	ok(shake(srv, x, "remoted.example", &c, &s, "vp2", &mok, merr,
	         sizeof(merr)) && mok == 0,
	   "but not vp2");
	ok(strncmp(merr, "name vp2 does not match the certificate", 39) == 0,
	   "saying so: %s", merr);
	ctrl_tls_ctx_free(x);

	x = ctrl_tls_client_ctx(path("ca.pem"), path("vp1-other.pem"),
	                        path("vp1-other.key"), err, sizeof(err));
	ok(!shake(srv, x, "remoted.example", &c, &s, NULL, NULL, NULL, 0),
	   "a client certificate from another CA is refused");
	ok(strstr(s.why, "certificate verify failed") != NULL ||
	   strstr(s.why, "certificate") != NULL, "the server says why: %s",
	   s.why);
	ctrl_tls_ctx_free(x);
	ctrl_tls_ctx_free(srv);
	ctrl_tls_ctx_free(cli);

	/* configuration errors say which file */
	okerr(ctrl_tls_server_ctx(path("nope.pem"), path("server.key"), NULL,
	                       err, sizeof(err)) == NULL &&
	   strstr(err, "nope.pem") != NULL, "missing certificate: %s", err);
	okerr(ctrl_tls_server_ctx(path("server.pem"), path("vp1.key"), NULL,
	                       err, sizeof(err)) == NULL &&
	   strstr(err, "match") != NULL, "key of another "
	   "certificate: %s", err);
	okerr(ctrl_tls_client_ctx(NULL, path("vp1.pem"), NULL, err,
	                       sizeof(err)) == NULL, "a certificate without "
	   "its key: %s", err);
}

int main(void)
{
	char cmd[256];

	signal(SIGPIPE, SIG_IGN);
	test_match();
	if (access("tests/lib/mkcerts.sh", X_OK) != 0)
		skip_all("tests/lib/mkcerts.sh not found (run from the top)");
	snprintf(dir, sizeof(dir), "/tmp/test_tls.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(cmd, sizeof(cmd), "tests/lib/mkcerts.sh %s", dir);
	if (system(cmd) != 0) {
		ok(0, "making the test PKI");
	} else {
		test_handshakes();
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		diag("could not remove %s", dir);
	return done_testing();
}
