/*
 * mux.c: frames and control messages of sc_remoted's multiplexed socket
 * (ctrl/mux.h).  Layouts: shared/reference/control-remote.md, 3.6.
 */
#include <stdlib.h>
#include <string.h>

#include "ctrl/mux.h"
#include "bytes.h"
#include "framer.h"

static const char *const attr_names[] = {
	NULL, "name", "arrival", "ipv4", "asn4", "cc", "st", "place",
	"latlong", "shortname", "tag", "iata", "ipv6", "asn6",
};
#define NATTR (sizeof(attr_names) / sizeof(attr_names[0]))

const char *ctrl_mux_attr_name(int attr)
{
	if (attr <= 0 || (size_t)attr >= NATTR)
		return NULL;
	return attr_names[attr];
}

int ctrl_mux_attr_from_key(const char *key)
{
	for (size_t i = 1; i < NATTR; i++)
		if (strcmp(attr_names[i], key) == 0)
			return (int)i;
	return 0;
}

void ctrl_mux_hdr_put(uint8_t out[CTRL_MUX_HDR_LEN],
                      const struct ctrl_mux_hdr *h)
{
	put_be32(out, h->channel);
	put_be32(out + 4, h->len);
}

void ctrl_mux_hdr_get(const uint8_t in[CTRL_MUX_HDR_LEN],
                      struct ctrl_mux_hdr *h)
{
	h->channel = get_be32(in);
	h->len = get_be32(in + 4);
}

void ctrl_mux_buf_free(struct ctrl_mux_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static uint8_t *grow(struct ctrl_mux_buf *b, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		uint8_t *p;
		while (cap < b->len + n)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL)
			return NULL;
		b->p = p;
		b->cap = cap;
	}
	b->len += n;
	return b->p + b->len - n;
}

/* a control frame of a type and up to two u32s */
static int control(struct ctrl_mux_buf *b, int type, int nargs, uint32_t a,
                   uint32_t c)
{
	size_t plen = 2 + 4 * (size_t)nargs;
	uint8_t *p = grow(b, CTRL_MUX_HDR_LEN + plen);
	struct ctrl_mux_hdr h = { 0, (uint32_t)plen };

	if (p == NULL)
		return -1;
	ctrl_mux_hdr_put(p, &h);
	put_be16(p + 8, (uint16_t)type);
	if (nargs > 0)
		put_be32(p + 10, a);
	if (nargs > 1)
		put_be32(p + 14, c);
	return 0;
}

int ctrl_mux_update_begin(struct ctrl_mux_buf *b, uint32_t vp_id,
                          size_t *mark)
{
	*mark = b->len;
	return control(b, CTRL_MUX_VP_UPDATE, 1, vp_id, 0);
}

int ctrl_mux_update_attr(struct ctrl_mux_buf *b, int attr,
                         const char *value)
{
	size_t n = strlen(value) + 1;
	uint8_t *p = grow(b, 2 + n);
	if (p == NULL)
		return -1;
	put_be16(p, (uint16_t)attr);
	memcpy(p + 2, value, n);
	return 0;
}

void ctrl_mux_update_end(struct ctrl_mux_buf *b, size_t mark)
{
	put_be32(b->p + mark + 4, (uint32_t)(b->len - mark - CTRL_MUX_HDR_LEN));
}

int ctrl_mux_depart(struct ctrl_mux_buf *b, uint32_t vp_id)
{
	return control(b, CTRL_MUX_VP_DEPART, 1, vp_id, 0);
}

int ctrl_mux_go(struct ctrl_mux_buf *b)
{
	return control(b, CTRL_MUX_GO, 0, 0, 0);
}

int ctrl_mux_open(struct ctrl_mux_buf *b, uint32_t vp_id, uint32_t channel)
{
	return control(b, CTRL_MUX_CHANNEL_OPEN, 2, vp_id, channel);
}

int ctrl_mux_close(struct ctrl_mux_buf *b, uint32_t channel)
{
	return control(b, CTRL_MUX_CHANNEL_CLOSE, 1, channel, 0);
}

int ctrl_mux_attr_next(const struct ctrl_mux_msg *m, size_t *off,
                       int *attr, const char **value)
{
	const uint8_t *p = m->attrs + *off;
	size_t left = m->attrs_len - *off;
	const uint8_t *nul;

	if (left == 0)
		return 0;
	if (left < 3)
		return -1;
	if ((nul = memchr(p + 2, '\0', left - 2)) == NULL)
		return -1;
	*attr = get_be16(p);
	*value = (const char *)p + 2;
	*off += (size_t)(nul - p) + 1;
	return 1;
}

int ctrl_mux_parse(const uint8_t *p, size_t len, struct ctrl_mux_msg *m,
                   const char **err)
{
	size_t want;

	memset(m, 0, sizeof(*m));
	if (len < 2) {
		*err = "control message shorter than its type";
		return -1;
	}
	m->type = get_be16(p);
	switch (m->type) {
	case CTRL_MUX_VP_UPDATE: {
		size_t off = 0;
		int attr, r;
		const char *v;
		if (len < 6) {
			*err = "VP_UPDATE truncated";
			return -1;
		}
		m->vp_id = get_be32(p + 2);
		m->attrs = p + 6;
		m->attrs_len = len - 6;
		while ((r = ctrl_mux_attr_next(m, &off, &attr, &v)) == 1)
			;
		if (r < 0) {
			*err = "VP_UPDATE attribute malformed";
			return -1;
		}
		return 0;
	}
	case CTRL_MUX_VP_DEPART:
	case CTRL_MUX_CHANNEL_CLOSE:
		want = 6;
		break;
	case CTRL_MUX_GO:
		want = 2;
		break;
	case CTRL_MUX_CHANNEL_OPEN:
		want = 10;
		break;
	default:
		*err = "unknown mux control message type";
		return -1;
	}
	if (len != want) {
		*err = "mux control message of the wrong length";
		return -1;
	}
	if (m->type == CTRL_MUX_VP_DEPART)
		m->vp_id = get_be32(p + 2);
	else if (m->type == CTRL_MUX_CHANNEL_CLOSE)
		m->channel = get_be32(p + 2);
	else if (m->type == CTRL_MUX_CHANNEL_OPEN) {
		m->vp_id = get_be32(p + 2);
		m->channel = get_be32(p + 6);
		if (m->channel == 0) {
			*err = "CHANNEL_OPEN of channel 0";
			return -1;
		}
	}
	return 0;
}

size_t ctrl_mux_reader_held(const struct ctrl_mux_reader *r)
{
	return r->have;
}

void ctrl_mux_reader_clear(struct ctrl_mux_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->have = r->need = r->cap = 0;
}

/* What one feed passes to the callbacks below. */
struct mfeed {
	const struct ctrl_mux_reader *r;
	ctrl_mux_frame_cb             cb;
	void                         *arg;
};

static int check_hdr(const uint8_t *hdr, size_t *total, void *arg,
                     const char **err)
{
	const struct mfeed *x = arg;
	struct ctrl_mux_hdr h;
	uint32_t max = x->r->max_len ? x->r->max_len : (1u << 20);

	ctrl_mux_hdr_get(hdr, &h);
	if (h.len == 0) {
		*err = "mux frame of length 0";
		return -1;
	}
	if (h.len > max) {
		*err = "mux frame longer than allowed";
		return -1;
	}
	*total = CTRL_MUX_HDR_LEN + (size_t)h.len;
	return 0;
}

static int deliver(const uint8_t *frame, void *arg)
{
	const struct mfeed *x = arg;
	struct ctrl_mux_hdr h;
	ctrl_mux_hdr_get(frame, &h);
	return x->cb(&h, frame + CTRL_MUX_HDR_LEN, x->arg);
}

int ctrl_mux_reader_feed(struct ctrl_mux_reader *r, const uint8_t *p,
                         size_t n, ctrl_mux_frame_cb cb, void *arg,
                         const char **err)
{
	struct mfeed x = { r, cb, arg };
	struct ctrl_framer f = {
		&r->buf, &r->have, &r->need, &r->cap,
		CTRL_MUX_HDR_LEN, check_hdr, deliver, &x,
	};
	return ctrl_framer_feed(&f, p, n, err);
}
