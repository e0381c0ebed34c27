/*
 * remote_msg.c: the remote protocol's frame header and control messages
 * (ctrl/remote.h).  Layouts: shared/reference/control-remote.md, 3.3.
 */
#include <string.h>

#include "ctrl/remote.h"
#include "bytes.h"

void ctrl_rhdr_put(uint8_t out[CTRL_RHDR_LEN], const struct ctrl_rhdr *h)
{
	put_be32(out, h->seq);
	put_be32(out + 4, h->channel);
	put_be16(out + 8, h->len);
}

void ctrl_rhdr_get(const uint8_t in[CTRL_RHDR_LEN], struct ctrl_rhdr *h)
{
	h->seq = get_be32(in);
	h->channel = get_be32(in + 4);
	h->len = get_be16(in + 8);
}

static const char *const names[] = {
	"MASTER_NEW", "MASTER_ID", "CHANNEL_NEW", "CHANNEL_FIN", "KEEPALIVE",
	"ACK", "MASTER_RES", "MASTER_REJ", "MASTER_OK",
};

const char *ctrl_rmsg_name(int type)
{
	if (type < 0 || (size_t)type >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[type];
}

int ctrl_rmsg_sequenced(int type)
{
	return type == CTRL_RMSG_CHANNEL_NEW || type == CTRL_RMSG_CHANNEL_FIN;
}

/* a u8 length, then that many bytes */
static int get_magic(const uint8_t **p, size_t *len, struct ctrl_rmsg *m,
                     const char **err)
{
	if (*len < 1) {
		*err = "magic length missing";
		return -1;
	}
	m->magic_len = (*p)[0];
	if (m->magic_len == 0 || m->magic_len > CTRL_RMAGIC_MAX) {
		*err = "magic length out of range";
		return -1;
	}
	if (*len < 1u + m->magic_len) {
		*err = "magic truncated";
		return -1;
	}
	memcpy(m->magic, *p + 1, m->magic_len);
	*p += 1 + m->magic_len;
	*len -= 1u + m->magic_len;
	return 0;
}

/* a u8 length counting the NUL (0: none), then the string and its NUL */
static int get_name(const uint8_t **p, size_t *len, struct ctrl_rmsg *m,
                    int required, const char **err)
{
	size_t n;

	if (*len < 1) {
		*err = "name length missing";
		return -1;
	}
	n = (*p)[0];
	if (n == 0) {
		if (required) {
			*err = "empty name";
			return -1;
		}
		*p += 1;
		*len -= 1;
		return 0;
	}
	if (*len < 1 + n) {
		*err = "name truncated";
		return -1;
	}
	if ((*p)[n] != '\0' || memchr(*p + 1, '\0', n - 1) != NULL ||
	    n == 1) {
		*err = "name is not one NUL-terminated string";
		return -1;
	}
	memcpy(m->name, *p + 1, n);
	m->has_name = 1;
	*p += 1 + n;
	*len -= 1 + n;
	return 0;
}

static int get_u32(const uint8_t **p, size_t *len, uint32_t *v,
                   const char **err)
{
	if (*len < 4) {
		*err = "message truncated";
		return -1;
	}
	*v = get_be32(*p);
	*p += 4;
	*len -= 4;
	return 0;
}

int ctrl_rmsg_parse(const uint8_t *p, size_t len, struct ctrl_rmsg *m,
                    const char **err)
{
	memset(m, 0, sizeof(*m));
	if (len < 1) {
		*err = "empty control message";
		return -1;
	}
	m->type = p[0];
	p++;
	len--;
	switch (m->type) {
	case CTRL_RMSG_MASTER_NEW:
		if (get_magic(&p, &len, m, err) || get_name(&p, &len, m, 0, err))
			return -1;
		break;
	case CTRL_RMSG_MASTER_ID:
		if (get_name(&p, &len, m, 1, err))
			return -1;
		break;
	case CTRL_RMSG_CHANNEL_NEW:
	case CTRL_RMSG_CHANNEL_FIN:
		if (get_u32(&p, &len, &m->channel, err))
			return -1;
		if (m->channel == 0) {
			*err = "channel 0 in a channel message";
			return -1;
		}
		break;
	case CTRL_RMSG_KEEPALIVE:
	case CTRL_RMSG_MASTER_REJ:
		break;
	case CTRL_RMSG_ACK:
		if (get_u32(&p, &len, &m->seq, err))
			return -1;
		break;
	case CTRL_RMSG_MASTER_RES:
		if (get_magic(&p, &len, m, err) ||
		    get_u32(&p, &len, &m->rcv_nxt, err) ||
		    get_u32(&p, &len, &m->snd_una, err) ||
		    get_u32(&p, &len, &m->snd_nxt, err))
			return -1;
		break;
	case CTRL_RMSG_MASTER_OK:
		if (get_u32(&p, &len, &m->rcv_nxt, err))
			return -1;
		break;
	default:
		*err = "unknown control message type";
		return -1;
	}
	if (len != 0) {
		*err = "trailing bytes after control message";
		return -1;
	}
	return 0;
}

size_t ctrl_rmsg_build(const struct ctrl_rmsg *m, uint8_t *out)
{
	size_t off = 1, n;

	out[0] = (uint8_t)m->type;
	switch (m->type) {
	case CTRL_RMSG_MASTER_NEW:
	case CTRL_RMSG_MASTER_RES:
		if (m->magic_len == 0 || m->magic_len > CTRL_RMAGIC_MAX)
			return 0;
		out[off++] = m->magic_len;
		memcpy(out + off, m->magic, m->magic_len);
		off += m->magic_len;
		if (m->type == CTRL_RMSG_MASTER_RES) {
			put_be32(out + off, m->rcv_nxt);
			put_be32(out + off + 4, m->snd_una);
			put_be32(out + off + 8, m->snd_nxt);
			return off + 12;
		}
		/* fall through */
	case CTRL_RMSG_MASTER_ID:
		if (!m->has_name || m->name[0] == '\0') {
			if (m->type == CTRL_RMSG_MASTER_ID)
				return 0;
			out[off++] = 0;
			return off;
		}
		n = strnlen(m->name, sizeof(m->name));
		if (n > CTRL_RNAME_MAX - 1)
			return 0;
		out[off++] = (uint8_t)(n + 1);
		memcpy(out + off, m->name, n + 1);
		return off + n + 1;
	case CTRL_RMSG_CHANNEL_NEW:
	case CTRL_RMSG_CHANNEL_FIN:
		if (m->channel == 0)
			return 0;
		put_be32(out + off, m->channel);
		return off + 4;
	case CTRL_RMSG_ACK:
		put_be32(out + off, m->seq);
		return off + 4;
	case CTRL_RMSG_MASTER_OK:
		put_be32(out + off, m->rcv_nxt);
		return off + 4;
	case CTRL_RMSG_KEEPALIVE:
	case CTRL_RMSG_MASTER_REJ:
		return off;
	}
	return 0;
}
