/*
 * ctrl/tls.h: TLS for the remote-control link, over OpenSSL, shaped for
 * the event loop: every call is non-blocking and says whether it must
 * wait for the socket to become readable or writable.
 *
 * A context holds the configuration (certificates, keys, CAs); each
 * connection has a ctrl_tls on its socket.  The controller (sc_remoted)
 * uses a server context: its certificate and key, and optionally a CA
 * whose client certificates it requires.  A VP uses a client context: a
 * CA file (or the system store) to verify the controller's chain, and
 * the name it connected to, checked against the certificate:
 *
 *   - a DNS name against the subjectAltName dNSNames (a "*." wildcard
 *     stands for exactly one leftmost label), or, only when there are no
 *     dNSNames, the subject's common name; case does not matter;
 *   - an IP address against the subjectAltName IP addresses only.
 *
 * There is no quiet fallback to plaintext.  TLS 1.2 is the oldest
 * version spoken.  Connections ask OpenSSL to release their read and
 * write buffers whenever they are empty, so an idle connection holds
 * only OpenSSL's session state.
 *
 * OpenSSL writes to the socket with write(2): a program using this
 * module ignores SIGPIPE, or a peer that vanishes kills it.
 *
 * Errors are text with context, e.g. "certificate verify failed: unable
 * to get local issuer certificate", "name vp.example does not match the
 * certificate".
 *
 *   char err[256];
 *   ctrl_tls_ctx *x = ctrl_tls_client_ctx("ca.pem", NULL, NULL,
 *                                         err, sizeof(err));
 *   ctrl_tls *t = ctrl_tls_new(x, fd, "remoted.example", err, sizeof err);
 *   switch (ctrl_tls_handshake(t)) { case CTRL_TLS_WANT_READ: ... }
 */
#ifndef CTRL_TLS_H
#define CTRL_TLS_H

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ctrl_tls_ctx ctrl_tls_ctx;
typedef struct ctrl_tls ctrl_tls;

/* What a non-blocking call returns besides a byte count. */
enum {
	CTRL_TLS_OK         = 0,
	CTRL_TLS_WANT_READ  = -2,   /* call again when readable */
	CTRL_TLS_WANT_WRITE = -3,   /* call again when writable */
	CTRL_TLS_ERROR      = -1,   /* see ctrl_tls_error; connection over */
	CTRL_TLS_CLOSED     = -4,   /* the peer closed (read only) */
};

/*
 * A server context: certificate chain and key files (PEM).  client_ca
 * (may be NULL) makes a client certificate mandatory, verified against
 * that CA.  Returns NULL with err filled.
 */
ctrl_tls_ctx *ctrl_tls_server_ctx(const char *cert, const char *key,
                                  const char *client_ca, char *err,
                                  size_t errlen);

/*
 * A client context: cafile (NULL: the system's default store) verifies
 * the server; cert and key (both or neither) are a client certificate.
 * Returns NULL with err filled.
 */
ctrl_tls_ctx *ctrl_tls_client_ctx(const char *cafile, const char *cert,
                                  const char *key, char *err, size_t errlen);

/* Contexts are reference-counted by their connections: freeing one that
 * connections still use is safe (for a reload). */
void ctrl_tls_ctx_free(ctrl_tls_ctx *x);

/*
 * A connection on a connected, non-blocking socket (not closed by this
 * module).  For a client context, name is what to verify the server's
 * certificate against (required); for a server context it is ignored.
 * Returns NULL with err filled.
 */
ctrl_tls *ctrl_tls_new(ctrl_tls_ctx *x, int fd, const char *name, char *err,
                       size_t errlen);
void ctrl_tls_free(ctrl_tls *t);

/*
 * Advance the handshake: CTRL_TLS_OK when done (and, for a client, the
 * chain and name verified), WANT_READ/WANT_WRITE, or CTRL_TLS_ERROR.
 */
int ctrl_tls_handshake(ctrl_tls *t);

/*
 * Read up to len bytes: the count (> 0), CTRL_TLS_CLOSED, WANT_READ or
 * WANT_WRITE (a renegotiation), or CTRL_TLS_ERROR.
 */
ssize_t ctrl_tls_read(ctrl_tls *t, void *buf, size_t len);

/* Write up to len bytes: the count (> 0), WANT_*, or CTRL_TLS_ERROR.
 * After a WANT_*, call again with the same bytes. */
ssize_t ctrl_tls_write(ctrl_tls *t, const void *buf, size_t len);

/* Bytes OpenSSL has decrypted and not yet handed out (read them before
 * waiting for the socket again). */
size_t ctrl_tls_pending(const ctrl_tls *t);

/* The last error, with context; "" if none. */
const char *ctrl_tls_error(const ctrl_tls *t);

/*
 * Server side, after the handshake: does the client's certificate name
 * name (the monitor name it announced)?  Same rules as the client's
 * check of a DNS name.  Returns 1, or 0 with err filled (no certificate,
 * or the names it holds).
 */
int ctrl_tls_peer_matches(const ctrl_tls *t, const char *name, char *err,
                          size_t errlen);

/*
 * The matching rule itself, for tests: 1 if the certificate name pattern
 * (a dNSName or common name, possibly "*.example.net") matches host.
 * A wildcard matches one whole non-empty leftmost label only, and only
 * when the pattern has at least two labels after it.
 */
int ctrl_tls_name_match(const char *pattern, const char *host);

#ifdef __cplusplus
}
#endif

#endif
