/*
 * ctrl/remote.h: the remote-control protocol between a prober started
 * with `scamper -R host:port` (the vantage point, VP) and sc_remoted
 * (the controller): frames, control messages, and the reliable-delivery
 * state of a session.  Both ends use it; nothing here does I/O (see
 * ctrl/rlink.h for a connection on the event loop).
 *
 * Every message is a 10-byte header and a payload (big-endian):
 *
 *   u32 sequence | u32 channel | u16 length (1..65535) | payload
 *
 * Channel 0 carries control messages, whose payload begins with a type
 * byte; channel N >= 1 carries the bytes of one control-socket client
 * unchanged.  Each direction has one sequence space.  Channel data,
 * CHANNEL_NEW and CHANNEL_FIN consume a sequence number, must arrive with
 * exactly the sequence the receiver expects, are each acknowledged by an
 * ACK naming their sequence, and are kept by the sender until then; ACKs
 * come in order.  ACK and KEEPALIVE carry the sender's next sequence
 * without consuming it; the MASTER_* messages carry 0.  Any departure
 * from this is fatal to the connection.
 *
 * A session survives its connection: a VP that reconnects sends
 * MASTER_RES with the magic of its MASTER_NEW and its sequence state;
 * the controller answers MASTER_OK with the sequence it expects next, or
 * MASTER_REJ; then each side forgets what the other already has and sends
 * the rest again (ctrl_rsess_resume_*).
 *
 * Wire facts: shared/reference/control-remote.md, section 3.
 */
#ifndef CTRL_REMOTE_H
#define CTRL_REMOTE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CTRL_RHDR_LEN       10
#define CTRL_RFRAME_MAX     (CTRL_RHDR_LEN + 65535)
#define CTRL_RMAGIC_MAX     32     /* scamper sends 8 bytes */
#define CTRL_RNAME_MAX      255    /* a name and its NUL fit a u8 length */
#define CTRL_RMSG_MAX       (1 + 1 + CTRL_RMAGIC_MAX + 1 + CTRL_RNAME_MAX)

/* ---- frame header ------------------------------------------------------ */

struct ctrl_rhdr {
	uint32_t seq;
	uint32_t channel;
	uint16_t len;       /* payload bytes; 0 is not valid on the wire */
};

void ctrl_rhdr_put(uint8_t out[CTRL_RHDR_LEN], const struct ctrl_rhdr *h);
void ctrl_rhdr_get(const uint8_t in[CTRL_RHDR_LEN], struct ctrl_rhdr *h);

/* ---- control messages (channel 0) --------------------------------------- */

enum ctrl_rmsg_type {
	CTRL_RMSG_MASTER_NEW  = 0,  /* VP -> controller: magic, monitor name */
	CTRL_RMSG_MASTER_ID   = 1,  /* controller -> VP: the VP's id text */
	CTRL_RMSG_CHANNEL_NEW = 2,  /* controller -> VP: channel */
	CTRL_RMSG_CHANNEL_FIN = 3,  /* both: channel */
	CTRL_RMSG_KEEPALIVE   = 4,  /* both: empty */
	CTRL_RMSG_ACK         = 5,  /* both: sequence */
	CTRL_RMSG_MASTER_RES  = 6,  /* VP -> controller: magic, rcv_nxt,
	                               snd_una, snd_nxt */
	CTRL_RMSG_MASTER_REJ  = 7,  /* controller -> VP: empty */
	CTRL_RMSG_MASTER_OK   = 8,  /* controller -> VP: rcv_nxt */
};

/* One control message, parsed or to be built.  Fields not used by the
 * type are ignored when building and zero after parsing. */
struct ctrl_rmsg {
	enum ctrl_rmsg_type type;
	uint8_t  magic_len;                 /* MASTER_NEW, MASTER_RES */
	uint8_t  magic[CTRL_RMAGIC_MAX];
	int      has_name;                  /* MASTER_NEW (optional), _ID */
	char     name[CTRL_RNAME_MAX + 1];  /* NUL-terminated */
	uint32_t channel;                   /* CHANNEL_NEW, CHANNEL_FIN */
	uint32_t seq;                       /* ACK */
	uint32_t rcv_nxt;                   /* MASTER_RES, MASTER_OK */
	uint32_t snd_una, snd_nxt;          /* MASTER_RES */
};

/* The message type's name ("MASTER_NEW"), or "unknown". */
const char *ctrl_rmsg_name(int type);

/*
 * Parse a channel-0 payload.  Lengths are checked exactly: a message one
 * byte short or long, an unknown type, a magic of 0 or more than
 * CTRL_RMAGIC_MAX bytes, or a name that is not one NUL-terminated string
 * filling its length is refused.  Returns 0, or -1 with *err set.
 */
int ctrl_rmsg_parse(const uint8_t *p, size_t len, struct ctrl_rmsg *m,
                    const char **err);

/*
 * Write m's payload into out (room for CTRL_RMSG_MAX bytes).  Returns its
 * length, or 0 if m cannot be encoded (bad type, magic or name length).
 */
size_t ctrl_rmsg_build(const struct ctrl_rmsg *m, uint8_t *out);

/* ---- reading frames from a byte stream ---------------------------------- */

/*
 * Splits a stream into frames.  Whole frames are handed out from the
 * caller's buffer; only a partial frame is copied, into a buffer sized
 * for it and released as soon as the frame is complete, so an idle
 * reader holds no memory.  Zero-length frames and frames longer than
 * max_len are refused.
 */
struct ctrl_rreader {
	uint8_t  *buf;
	size_t    have, need, cap;
	uint16_t  max_len;   /* longest payload accepted; 0 = 65535 */
};

/* Called for each frame; return non-zero to stop feeding (the frame
 * stays consumed). */
typedef int (*ctrl_rframe_cb)(const struct ctrl_rhdr *h,
                              const uint8_t *payload, void *arg);

/*
 * Feed n bytes.  Returns 0 when all were consumed, 1 if the callback
 * stopped it, or -1 with *err for a bad frame (the reader is then
 * useless until ctrl_rreader_clear).
 */
int ctrl_rreader_feed(struct ctrl_rreader *r, const uint8_t *p, size_t n,
                      ctrl_rframe_cb cb, void *arg, const char **err);

/* Bytes of a partial frame held. */
size_t ctrl_rreader_held(const struct ctrl_rreader *r);
void ctrl_rreader_clear(struct ctrl_rreader *r);

/* ---- session: sequence numbers and what awaits acknowledgement ---------- */

/* A message sent and not yet acknowledged: the whole frame, header
 * included, ready to be written again. */
struct ctrl_rpend {
	struct ctrl_rpend *next;
	uint32_t           seq;
	uint32_t           len;     /* frame bytes */
	uint8_t            frame[]; /* header + payload */
};

struct ctrl_rsess {
	uint32_t           snd_nxt;   /* sequence of the next message sent */
	uint32_t           rcv_nxt;   /* sequence expected next */
	struct ctrl_rpend *head, *tail;
	size_t             pend_bytes;
	size_t             pend_count;
};

/* A new session starts with both sequences at 0 and nothing pending: a
 * zeroed struct. */
void ctrl_rsess_init(struct ctrl_rsess *s);
/* Forget everything pending (frees it); sequences are kept. */
void ctrl_rsess_clear(struct ctrl_rsess *s);

/* The oldest sequence not acknowledged (snd_nxt if none). */
uint32_t ctrl_rsess_snd_una(const struct ctrl_rsess *s);

/*
 * Queue a message that consumes a sequence number: channel data (channel
 * >= 1) or a CHANNEL_NEW/CHANNEL_FIN (channel 0, payload built by
 * ctrl_rmsg_build).  len is 1..65535.  Returns the pending frame to
 * write (owned by the session until acknowledged), or NULL (errno:
 * EINVAL for a bad length, ENOMEM).
 */
const struct ctrl_rpend *ctrl_rsess_send(struct ctrl_rsess *s,
                                         uint32_t channel,
                                         const void *payload, size_t len);

/*
 * Write a frame that consumes no sequence into out (room for
 * CTRL_RHDR_LEN + CTRL_RMSG_MAX): ACK and KEEPALIVE carry snd_nxt, the
 * MASTER_* messages 0.  Returns the frame length, or 0 if m is not such
 * a message or cannot be encoded.
 */
size_t ctrl_rsess_control(const struct ctrl_rsess *s,
                          const struct ctrl_rmsg *m, uint8_t *out);

/* What ctrl_rsess_recv found. */
enum ctrl_rrecv {
	CTRL_RRECV_ERROR   = -1,
	CTRL_RRECV_DATA    = 0,  /* channel data: acknowledge h->seq */
	CTRL_RRECV_CONTROL = 1,  /* *m parsed; acknowledge h->seq if
	                            ctrl_rmsg_sequenced(m->type) */
	CTRL_RRECV_ACKED   = 2,  /* an ACK, matched to the oldest pending */
};

/* 1 for the types that consume a sequence number. */
int ctrl_rmsg_sequenced(int type);

/*
 * Account for a frame received.  Sequenced messages must carry rcv_nxt
 * (which then advances); an ACK must name the oldest pending message
 * (which is freed).  A control payload is parsed into *m.  Returns what
 * it was, or CTRL_RRECV_ERROR with *err ("sequence out of order",
 * "acknowledgement out of order", ...), fatal to the connection.
 */
enum ctrl_rrecv ctrl_rsess_recv(struct ctrl_rsess *s,
                                const struct ctrl_rhdr *h,
                                const uint8_t *payload,
                                struct ctrl_rmsg *m, const char **err);

/*
 * Resume, the sender's half: the peer says it expects peer_rcv_nxt next.
 * That must lie within [snd_una, snd_nxt]; the pending messages before it
 * are freed and what remains (from s->head) is to be written again, in
 * order.  Returns 0, or -1 with *err if the peer's state is inconsistent.
 */
int ctrl_rsess_resume_tx(struct ctrl_rsess *s, uint32_t peer_rcv_nxt,
                         const char **err);

/*
 * Resume, the receiver's half: the peer still holds [peer_snd_una,
 * peer_snd_nxt) unacknowledged; rcv_nxt must lie within that range
 * (inclusive of peer_snd_nxt).  Returns 0, or -1 with *err.
 */
int ctrl_rsess_resume_rx(const struct ctrl_rsess *s, uint32_t peer_snd_una,
                         uint32_t peer_snd_nxt, const char **err);

#ifdef __cplusplus
}
#endif

#endif
