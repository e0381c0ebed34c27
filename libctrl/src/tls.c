/*
 * tls.c: TLS contexts and non-blocking connections over OpenSSL
 * (ctrl/tls.h).  The name check is done here rather than by OpenSSL's
 * host verification, so that the rule (SAN dNSNames, a one-label
 * wildcard, the CN only without dNSNames, IP addresses against IP SANs)
 * is ours, stated once, and its failure says which name did not match.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "ctrl/tls.h"

struct ctrl_tls_ctx {
	SSL_CTX *ctx;
	int      client;
};

struct ctrl_tls {
	SSL  *ssl;
	char *name;       /* client: the name to verify */
	char *err;        /* allocated only once something fails */
	int   client;
	int   done;       /* handshake complete */
};

static void fmt(char *err, size_t errlen, const char *f, ...)
	__attribute__((format(printf, 3, 4)));
static void fmt(char *err, size_t errlen, const char *f, ...)
{
	va_list ap;
	if (err == NULL || errlen == 0)
		return;
	va_start(ap, f);
	vsnprintf(err, errlen, f, ap);
	va_end(ap);
}

/* OpenSSL's most recent error, as text, emptying its queue */
static const char *ossl_reason(char *buf, size_t len)
{
	unsigned long e, last = 0;
	while ((e = ERR_get_error()) != 0)
		last = e;
	if (last == 0)
		return "unknown error";
	ERR_error_string_n(last, buf, len);
	/* keep the reason only: "error:0A000086:SSL routines::reason" */
	{
		char *r = strrchr(buf, ':');
		if (r != NULL && r[1] != '\0')
			return r + 1;
	}
	return buf;
}

static SSL_CTX *new_ctx(int client, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(client ? TLS_client_method()
	                                  : TLS_server_method());
	char b[256];
	if (ctx == NULL) {
		fmt(err, errlen, "cannot create TLS context: %s",
		    ossl_reason(b, sizeof(b)));
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS |
	                      SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
	                      SSL_MODE_ENABLE_PARTIAL_WRITE);
	/* no session cache: a VP connects rarely, and the cache costs
	 * memory for every connection */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
	if (!client)
		SSL_CTX_set_num_tickets(ctx, 0);
	return ctx;
}

static int load_pair(SSL_CTX *ctx, const char *cert, const char *key,
                     char *err, size_t errlen)
{
	char b[256];
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		fmt(err, errlen, "cannot load certificate %s: %s", cert,
		    ossl_reason(b, sizeof(b)));
		return -1;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		fmt(err, errlen, "cannot load private key %s: %s", key,
		    ossl_reason(b, sizeof(b)));
		return -1;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		fmt(err, errlen, "private key %s does not match certificate "
		    "%s", key, cert);
		ERR_clear_error();
		return -1;
	}
	return 0;
}

ctrl_tls_ctx *ctrl_tls_server_ctx(const char *cert, const char *key,
                                  const char *client_ca, char *err,
                                  size_t errlen)
{
	ctrl_tls_ctx *x;
	SSL_CTX *ctx;
	char b[256];

	if (cert == NULL || key == NULL) {
		fmt(err, errlen, "a server needs a certificate and a key");
		return NULL;
	}
	if ((ctx = new_ctx(0, err, errlen)) == NULL)
		return NULL;
	if (load_pair(ctx, cert, key, err, errlen) != 0)
		goto fail;
	if (client_ca != NULL) {
		STACK_OF(X509_NAME) *names;
		if (SSL_CTX_load_verify_locations(ctx, client_ca, NULL) != 1) {
			fmt(err, errlen, "cannot load CA %s: %s", client_ca,
			    ossl_reason(b, sizeof(b)));
			goto fail;
		}
		if ((names = SSL_load_client_CA_file(client_ca)) != NULL)
			SSL_CTX_set_client_CA_list(ctx, names);
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER |
		                   SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	if ((x = calloc(1, sizeof(*x))) == NULL) {
		fmt(err, errlen, "out of memory");
		goto fail;
	}
	x->ctx = ctx;
	return x;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

ctrl_tls_ctx *ctrl_tls_client_ctx(const char *cafile, const char *cert,
                                  const char *key, char *err, size_t errlen)
{
	ctrl_tls_ctx *x;
	SSL_CTX *ctx;
	char b[256];

	if ((cert == NULL) != (key == NULL)) {
		fmt(err, errlen, "a client certificate needs its key, and a "
		    "key its certificate");
		return NULL;
	}
	if ((ctx = new_ctx(1, err, errlen)) == NULL)
		return NULL;
	if (cafile != NULL) {
		if (SSL_CTX_load_verify_locations(ctx, cafile, NULL) != 1) {
			fmt(err, errlen, "cannot load CA %s: %s", cafile,
			    ossl_reason(b, sizeof(b)));
			goto fail;
		}
	} else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
		fmt(err, errlen, "cannot load the system's CA store: %s",
		    ossl_reason(b, sizeof(b)));
		goto fail;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (cert != NULL && load_pair(ctx, cert, key, err, errlen) != 0)
		goto fail;
	if ((x = calloc(1, sizeof(*x))) == NULL) {
		fmt(err, errlen, "out of memory");
		goto fail;
	}
	x->ctx = ctx;
	x->client = 1;
	return x;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

void ctrl_tls_ctx_free(ctrl_tls_ctx *x)
{
	if (x == NULL)
		return;
	SSL_CTX_free(x->ctx);   /* live connections hold their own ref */
	free(x);
}

ctrl_tls *ctrl_tls_new(ctrl_tls_ctx *x, int fd, const char *name, char *err,
                       size_t errlen)
{
	ctrl_tls *t;
	char b[256];

	if (x->client && (name == NULL || name[0] == '\0')) {
		fmt(err, errlen, "no name to verify the server against");
		return NULL;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		fmt(err, errlen, "out of memory");
		return NULL;
	}
	t->client = x->client;
	if ((t->ssl = SSL_new(x->ctx)) == NULL ||
	    SSL_set_fd(t->ssl, fd) != 1) {
		fmt(err, errlen, "cannot start TLS: %s",
		    ossl_reason(b, sizeof(b)));
		ctrl_tls_free(t);
		return NULL;
	}
	if (x->client) {
		unsigned char ip[16];
		if ((t->name = strdup(name)) == NULL) {
			fmt(err, errlen, "out of memory");
			ctrl_tls_free(t);
			return NULL;
		}
		/* SNI names a host, never an address (RFC 6066, 3) */
		if (inet_pton(AF_INET, name, ip) != 1 &&
		    inet_pton(AF_INET6, name, ip) != 1)
			SSL_set_tlsext_host_name(t->ssl, name);
		SSL_set_connect_state(t->ssl);
	} else {
		SSL_set_accept_state(t->ssl);
	}
	return t;
}

void ctrl_tls_free(ctrl_tls *t)
{
	if (t == NULL)
		return;
	SSL_free(t->ssl);
	free(t->name);
	free(t->err);
	free(t);
}

static void set_err(ctrl_tls *t, const char *f, ...)
	__attribute__((format(printf, 2, 3)));
static void set_err(ctrl_tls *t, const char *f, ...)
{
	va_list ap;
	char b[320];
	va_start(ap, f);
	vsnprintf(b, sizeof(b), f, ap);
	va_end(ap);
	free(t->err);
	t->err = strdup(b);
}

const char *ctrl_tls_error(const ctrl_tls *t)
{
	return t->err ? t->err : "";
}

int ctrl_tls_name_match(const char *pattern, const char *host)
{
	const char *pdot, *hdot;

	if (pattern == NULL || host == NULL || *pattern == '\0')
		return 0;
	if (strncmp(pattern, "*.", 2) != 0)
		return strcasecmp(pattern, host) == 0;
	/* "*.b.c": at least two labels after the wildcard */
	pdot = pattern + 1;
	if (strchr(pdot + 1, '.') == NULL || pdot[1] == '.' ||
	    strchr(pdot + 1, '*') != NULL)
		return 0;
	if ((hdot = strchr(host, '.')) == NULL || hdot == host)
		return 0;
	return strcasecmp(pdot, hdot) == 0;
}

/* An ASN1 string as a C string, refused if it holds a NUL */
static int asn1_text(const ASN1_STRING *s, char *out, size_t outlen)
{
	int n = ASN1_STRING_length(s);
	const unsigned char *d = ASN1_STRING_get0_data(s);
	if (n <= 0 || (size_t)n >= outlen || memchr(d, '\0', (size_t)n))
		return -1;
	memcpy(out, d, (size_t)n);
	out[n] = '\0';
	return 0;
}

/* Append name to the list of names seen, if it fits. */
static void seen_add(char *seen, size_t size, const char *name)
{
	size_t k = strlen(seen), n = strlen(name);

	if (k + n + 3 > size)
		return;
	if (k > 0) {
		memcpy(seen + k, ", ", 2);
		k += 2;
	}
	memcpy(seen + k, name, n + 1);
}

/*
 * Does cert carry name?  IP addresses: IP SANs only.  Names: DNS SANs,
 * or the CN when there are none.  On failure, err lists what it holds.
 */
static int cert_matches(X509 *cert, const char *name, char *err,
                        size_t errlen)
{
	GENERAL_NAMES *gens;
	unsigned char ip[16];
	int iplen = 0, dns = 0, ok = 0;
	char seen[200] = "", b[256];

	if (inet_pton(AF_INET, name, ip) == 1)
		iplen = 4;
	else if (inet_pton(AF_INET6, name, ip) == 1)
		iplen = 16;

	gens = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (int i = 0; gens && i < sk_GENERAL_NAME_num(gens) && !ok; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		if (g->type == GEN_DNS) {
			dns = 1;
			if (asn1_text(g->d.dNSName, b, sizeof(b)) != 0)
				continue;
			if (iplen == 0 && ctrl_tls_name_match(b, name))
				ok = 1;
			else
				seen_add(seen, sizeof(seen), b);
		} else if (g->type == GEN_IPADD && iplen > 0) {
			const ASN1_OCTET_STRING *a = g->d.iPAddress;
			if (ASN1_STRING_length(a) == iplen &&
			    memcmp(ASN1_STRING_get0_data(a), ip,
			           (size_t)iplen) == 0)
				ok = 1;
		}
	}
	GENERAL_NAMES_free(gens);
	if (ok)
		return 1;
	if (iplen == 0 && !dns) {
		X509_NAME *subj = X509_get_subject_name(cert);
		int i = X509_NAME_get_index_by_NID(subj, NID_commonName, -1);
		if (i >= 0 &&
		    asn1_text(X509_NAME_ENTRY_get_data(
		                  X509_NAME_get_entry(subj, i)),
		              b, sizeof(b)) == 0) {
			if (ctrl_tls_name_match(b, name))
				return 1;
			snprintf(seen, sizeof(seen), "CN %.190s", b);
		}
	}
	if (iplen > 0)
		fmt(err, errlen, "address %s is not among the certificate's "
		    "IP addresses", name);
	else if (seen[0] != '\0')
		fmt(err, errlen, "name %s does not match the certificate "
		    "(%s)", name, seen);
	else
		fmt(err, errlen, "name %s does not match the certificate",
		    name);
	return 0;
}

/* Turn an OpenSSL failure into text; returns CTRL_TLS_* */
static int failure(ctrl_tls *t, int rc, const char *what)
{
	int e = SSL_get_error(t->ssl, rc);
	char b[256];
	long v;

	switch (e) {
	case SSL_ERROR_WANT_READ:
		return CTRL_TLS_WANT_READ;
	case SSL_ERROR_WANT_WRITE:
		return CTRL_TLS_WANT_WRITE;
	case SSL_ERROR_ZERO_RETURN:
		return CTRL_TLS_CLOSED;
	case SSL_ERROR_SYSCALL:
		if (ERR_peek_error() == 0) {
			if (rc == 0 && t->done)
				return CTRL_TLS_CLOSED;
			set_err(t, "%s: connection closed by peer", what);
			return CTRL_TLS_ERROR;
		}
		break;
	default:
		break;
	}
	v = SSL_get_verify_result(t->ssl);
	if (v != X509_V_OK && !t->done) {
		ERR_clear_error();
		set_err(t, "certificate verify failed: %s",
		        X509_verify_cert_error_string(v));
		return CTRL_TLS_ERROR;
	}
	set_err(t, "%s: %s", what, ossl_reason(b, sizeof(b)));
	return CTRL_TLS_ERROR;
}

int ctrl_tls_handshake(ctrl_tls *t)
{
	int rc;

	if (t->done)
		return CTRL_TLS_OK;
	ERR_clear_error();
	if ((rc = SSL_do_handshake(t->ssl)) != 1) {
		rc = failure(t, rc, "TLS handshake");
		return rc == CTRL_TLS_CLOSED ? CTRL_TLS_ERROR : rc;
	}
	if (t->client) {
		X509 *cert = SSL_get1_peer_certificate(t->ssl);
		char err[320];
		if (cert == NULL) {
			set_err(t, "server presented no certificate");
			return CTRL_TLS_ERROR;
		}
		if (!cert_matches(cert, t->name, err, sizeof(err))) {
			X509_free(cert);
			set_err(t, "%s", err);
			return CTRL_TLS_ERROR;
		}
		X509_free(cert);
	}
	t->done = 1;
	return CTRL_TLS_OK;
}

ssize_t ctrl_tls_read(ctrl_tls *t, void *buf, size_t len)
{
	int rc;
	if (len > 0x7fffffff)
		len = 0x7fffffff;
	ERR_clear_error();
	if ((rc = SSL_read(t->ssl, buf, (int)len)) > 0)
		return rc;
	return failure(t, rc, "TLS read");
}

ssize_t ctrl_tls_write(ctrl_tls *t, const void *buf, size_t len)
{
	int rc;
	if (len > 0x7fffffff)
		len = 0x7fffffff;
	ERR_clear_error();
	if ((rc = SSL_write(t->ssl, buf, (int)len)) > 0)
		return rc;
	rc = failure(t, rc, "TLS write");
	return rc == CTRL_TLS_CLOSED ? CTRL_TLS_ERROR : rc;
}

size_t ctrl_tls_pending(const ctrl_tls *t)
{
	int n = SSL_pending(t->ssl);
	return n > 0 ? (size_t)n : 0;
}

int ctrl_tls_peer_matches(const ctrl_tls *t, const char *name, char *err,
                          size_t errlen)
{
	X509 *cert = SSL_get1_peer_certificate(t->ssl);
	int ok;
	if (cert == NULL) {
		fmt(err, errlen, "client presented no certificate");
		return 0;
	}
	ok = cert_matches(cert, name, err, errlen);
	X509_free(cert);
	return ok;
}
