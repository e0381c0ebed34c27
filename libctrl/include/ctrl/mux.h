/*
 * ctrl/mux.h: the multiplexed socket of sc_remoted (`-M path`, scamper
 * 2026): one unix stream socket over which a client learns the vantage
 * points (VPs) connected and talks to any of them.
 *
 * Frames are an 8-byte header and a payload, big-endian, with no
 * sequence numbers or acknowledgements:
 *
 *   u32 channel | u32 length | payload
 *
 * Channel 0 carries control messages that begin with a u16 type:
 *
 *   VP_UPDATE     remoted -> client  u32 vp_id, then attributes, each
 *                                    u16 attr and a NUL-terminated value
 *   VP_DEPART     remoted -> client  u32 vp_id
 *   GO            remoted -> client  (the initial list of VPs is over)
 *   CHANNEL_OPEN  client -> remoted  u32 vp_id, u32 channel (the client
 *                                    picks the channel number, >= 1)
 *   CHANNEL_CLOSE remoted -> client  u32 channel
 *
 * Another channel carries the bytes of one control-socket session with
 * that VP, already attached, exactly as on a per-VP unix socket.
 *
 * Wire facts: shared/reference/control-remote.md, section 3.6.
 */
#ifndef CTRL_MUX_H
#define CTRL_MUX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CTRL_MUX_HDR_LEN 8

enum ctrl_mux_type {
	CTRL_MUX_VP_UPDATE     = 0,
	CTRL_MUX_VP_DEPART     = 1,
	CTRL_MUX_GO            = 2,
	CTRL_MUX_CHANNEL_OPEN  = 3,
	CTRL_MUX_CHANNEL_CLOSE = 4,
};

/* Attributes of a VP_UPDATE; every value is text. */
enum ctrl_mux_attr {
	CTRL_MUX_ATTR_NAME      = 1,   /* monitor name */
	CTRL_MUX_ATTR_ARRIVAL   = 2,   /* "sec.usec" it connected */
	CTRL_MUX_ATTR_IPV4      = 3,   /* its address, as seen */
	CTRL_MUX_ATTR_IPV4_ASN  = 4,   /* from here on: the meta file */
	CTRL_MUX_ATTR_CC        = 5,
	CTRL_MUX_ATTR_ST        = 6,
	CTRL_MUX_ATTR_PLACE     = 7,
	CTRL_MUX_ATTR_LATLONG   = 8,
	CTRL_MUX_ATTR_SHORTNAME = 9,
	CTRL_MUX_ATTR_TAG       = 10,  /* may repeat */
	CTRL_MUX_ATTR_IATA      = 11,
	CTRL_MUX_ATTR_IPV6      = 12,
	CTRL_MUX_ATTR_IPV6_ASN  = 13,
};

/* The attribute's name as the meta file spells it ("asn4", "cc", ...,
 * "name", "arrival", "ipv4", "ipv6"), or NULL. */
const char *ctrl_mux_attr_name(int attr);
/* The attribute a meta-file key names, or 0. */
int ctrl_mux_attr_from_key(const char *key);

struct ctrl_mux_hdr {
	uint32_t channel;
	uint32_t len;
};

void ctrl_mux_hdr_put(uint8_t out[CTRL_MUX_HDR_LEN],
                      const struct ctrl_mux_hdr *h);
void ctrl_mux_hdr_get(const uint8_t in[CTRL_MUX_HDR_LEN],
                      struct ctrl_mux_hdr *h);

/* A growable frame under construction: out may be NULL at first. */
struct ctrl_mux_buf {
	uint8_t *p;
	size_t   len, cap;
};
void ctrl_mux_buf_free(struct ctrl_mux_buf *b);

/*
 * Builders: each appends one whole frame (header included) to b.
 * Returns 0, or -1 when out of memory (b unchanged).
 * A VP_UPDATE is begun, given attributes, then ended (which sets the
 * frame's length); a value must not contain a NUL.
 */
int ctrl_mux_update_begin(struct ctrl_mux_buf *b, uint32_t vp_id,
                          size_t *mark);
int ctrl_mux_update_attr(struct ctrl_mux_buf *b, int attr,
                         const char *value);
void ctrl_mux_update_end(struct ctrl_mux_buf *b, size_t mark);
int ctrl_mux_depart(struct ctrl_mux_buf *b, uint32_t vp_id);
int ctrl_mux_go(struct ctrl_mux_buf *b);
int ctrl_mux_open(struct ctrl_mux_buf *b, uint32_t vp_id, uint32_t channel);
int ctrl_mux_close(struct ctrl_mux_buf *b, uint32_t channel);

/* One parsed control message.  attrs points into the payload given. */
struct ctrl_mux_msg {
	int            type;
	uint32_t       vp_id;      /* VP_UPDATE, VP_DEPART, CHANNEL_OPEN */
	uint32_t       channel;    /* CHANNEL_OPEN, CHANNEL_CLOSE */
	const uint8_t *attrs;      /* VP_UPDATE: the attribute bytes */
	size_t         attrs_len;
};

/*
 * Parse a channel-0 payload with exact length checks (and, for a
 * VP_UPDATE, every attribute well formed).  Returns 0, or -1 with *err.
 */
int ctrl_mux_parse(const uint8_t *p, size_t len, struct ctrl_mux_msg *m,
                   const char **err);

/*
 * Step through a VP_UPDATE's attributes: *off starts at 0.  Returns 1
 * with *attr and *value (NUL-terminated, inside the payload), 0 at the
 * end, or -1 for a malformed attribute.
 */
int ctrl_mux_attr_next(const struct ctrl_mux_msg *m, size_t *off,
                       int *attr, const char **value);

/*
 * Split a stream into frames, as ctrl_rreader does: whole frames are
 * handed out in place, a partial one is held (and freed once complete),
 * and a frame longer than max_len is refused.
 */
struct ctrl_mux_reader {
	uint8_t *buf;
	size_t   have, need, cap;
	uint32_t max_len;   /* longest payload accepted; 0 = 1 MB */
};

typedef int (*ctrl_mux_frame_cb)(const struct ctrl_mux_hdr *h,
                                 const uint8_t *payload, void *arg);

/* Returns 0, 1 if the callback stopped it, or -1 with *err. */
int ctrl_mux_reader_feed(struct ctrl_mux_reader *r, const uint8_t *p,
                         size_t n, ctrl_mux_frame_cb cb, void *arg,
                         const char **err);
size_t ctrl_mux_reader_held(const struct ctrl_mux_reader *r);
void ctrl_mux_reader_clear(struct ctrl_mux_reader *r);

#ifdef __cplusplus
}
#endif

#endif
