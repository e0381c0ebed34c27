/*
 * remote_session.c: sequence numbers, acknowledgements and resume for
 * one remote-protocol session (ctrl/remote.h).
 *
 * Sequence arithmetic is modulo 2^32: "a lies within [lo, hi]" is
 * (a - lo) <= (hi - lo) in unsigned 32-bit arithmetic.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl/remote.h"

void ctrl_rsess_init(struct ctrl_rsess *s)
{
	memset(s, 0, sizeof(*s));
}

static void pop(struct ctrl_rsess *s)
{
	struct ctrl_rpend *p = s->head;
	s->head = p->next;
	if (s->head == NULL)
		s->tail = NULL;
	s->pend_bytes -= p->len;
	s->pend_count--;
	free(p);
}

void ctrl_rsess_clear(struct ctrl_rsess *s)
{
	while (s->head != NULL)
		pop(s);
}

uint32_t ctrl_rsess_snd_una(const struct ctrl_rsess *s)
{
	return s->head ? s->head->seq : s->snd_nxt;
}

static int within(uint32_t a, uint32_t lo, uint32_t hi)
{
	return (uint32_t)(a - lo) <= (uint32_t)(hi - lo);
}

const struct ctrl_rpend *ctrl_rsess_send(struct ctrl_rsess *s,
                                         uint32_t channel,
                                         const void *payload, size_t len)
{
	struct ctrl_rpend *p;
	struct ctrl_rhdr h;

	if (len == 0 || len > 65535) {
		errno = EINVAL;
		return NULL;
	}
	if ((p = malloc(sizeof(*p) + CTRL_RHDR_LEN + len)) == NULL)
		return NULL;
	h.seq = s->snd_nxt++;
	h.channel = channel;
	h.len = (uint16_t)len;
	ctrl_rhdr_put(p->frame, &h);
	memcpy(p->frame + CTRL_RHDR_LEN, payload, len);
	p->next = NULL;
	p->seq = h.seq;
	p->len = (uint32_t)(CTRL_RHDR_LEN + len);
	if (s->tail)
		s->tail->next = p;
	else
		s->head = p;
	s->tail = p;
	s->pend_bytes += p->len;
	s->pend_count++;
	return p;
}

size_t ctrl_rsess_control(const struct ctrl_rsess *s,
                          const struct ctrl_rmsg *m, uint8_t *out)
{
	struct ctrl_rhdr h;
	size_t n;

	if (ctrl_rmsg_sequenced(m->type))
		return 0;
	if ((n = ctrl_rmsg_build(m, out + CTRL_RHDR_LEN)) == 0)
		return 0;
	h.seq = (m->type == CTRL_RMSG_ACK || m->type == CTRL_RMSG_KEEPALIVE)
	        ? s->snd_nxt : 0;
	h.channel = 0;
	h.len = (uint16_t)n;
	ctrl_rhdr_put(out, &h);
	return CTRL_RHDR_LEN + n;
}

static int check_seq(struct ctrl_rsess *s, uint32_t seq, const char **err)
{
	if (seq != s->rcv_nxt) {
		*err = "sequence out of order";
		return -1;
	}
	s->rcv_nxt++;
	return 0;
}

enum ctrl_rrecv ctrl_rsess_recv(struct ctrl_rsess *s,
                                const struct ctrl_rhdr *h,
                                const uint8_t *payload,
                                struct ctrl_rmsg *m, const char **err)
{
	if (h->len == 0) {
		*err = "frame of length 0";
		return CTRL_RRECV_ERROR;
	}
	if (h->channel != 0) {
		if (check_seq(s, h->seq, err))
			return CTRL_RRECV_ERROR;
		return CTRL_RRECV_DATA;
	}
	if (ctrl_rmsg_parse(payload, h->len, m, err))
		return CTRL_RRECV_ERROR;
	if (ctrl_rmsg_sequenced(m->type)) {
		if (check_seq(s, h->seq, err))
			return CTRL_RRECV_ERROR;
		return CTRL_RRECV_CONTROL;
	}
	if (m->type == CTRL_RMSG_ACK) {
		if (s->head == NULL) {
			*err = "acknowledgement with nothing pending";
			return CTRL_RRECV_ERROR;
		}
		if (s->head->seq != m->seq) {
			*err = "acknowledgement out of order";
			return CTRL_RRECV_ERROR;
		}
		pop(s);
		return CTRL_RRECV_ACKED;
	}
	return CTRL_RRECV_CONTROL;
}

int ctrl_rsess_resume_tx(struct ctrl_rsess *s, uint32_t peer_rcv_nxt,
                         const char **err)
{
	if (!within(peer_rcv_nxt, ctrl_rsess_snd_una(s), s->snd_nxt)) {
		*err = "peer expects a sequence outside what was sent";
		return -1;
	}
	while (s->head != NULL && s->head->seq != peer_rcv_nxt)
		pop(s);
	return 0;
}

int ctrl_rsess_resume_rx(const struct ctrl_rsess *s, uint32_t peer_snd_una,
                         uint32_t peer_snd_nxt, const char **err)
{
	if (!within(s->rcv_nxt, peer_snd_una, peer_snd_nxt)) {
		*err = "peer no longer holds what was expected next";
		return -1;
	}
	return 0;
}
