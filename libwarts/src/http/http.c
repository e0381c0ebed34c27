/*
 * http.c: allocating and freeing HTTP fetches.
 */
#include <stdlib.h>
#include <string.h>

#include "warts/http.h"

warts_http *warts_http_alloc(void)
{
	warts_http *h = calloc(1, sizeof(*h));
	if (h != NULL)
		h->dport = warts_http_default_port(WARTS_HTTP_TYPE_HTTPS);
	return h;
}

void warts_http_free(warts_http *h)
{
	if (h == NULL)
		return;
	warts_list_unref(h->list);
	warts_cycle_unref(h->cycle);
	free(h->host);
	free(h->file);
	free(h->errmsg);
	free(h->ech_outer_sni);
	if (h->headers != NULL)
		for (unsigned i = 0; i < h->headerc; i++)
			free(h->headers[i]);
	free(h->headers);
	if (h->bufs != NULL)
		for (uint32_t i = 0; i < h->bufc; i++)
			free(h->bufs[i].data);
	free(h->bufs);
	free(h->ech_config_list);
	free(h->ech_retry_config);
	free(h);
}

int warts_http_header_add(warts_http *h, const char *header)
{
	char **headers, *copy;
	if (h->headerc == UINT8_MAX)
		return -1;
	if ((copy = strdup(header)) == NULL)
		return -1;
	headers = realloc(h->headers, (h->headerc + 1u) * sizeof(*headers));
	if (headers == NULL) {
		free(copy);
		return -1;
	}
	h->headers = headers;
	headers[h->headerc++] = copy;
	return 0;
}

warts_http_buf *warts_http_buf_add(warts_http *h, uint8_t dir, uint8_t type,
                                   const void *data, uint16_t len)
{
	warts_http_buf *bufs, *b;
	uint8_t *copy = NULL;

	if (h->bufc == UINT32_MAX)
		return NULL;
	if (len > 0) {
		if ((copy = malloc(len)) == NULL)
			return NULL;
		memcpy(copy, data, len);
	}
	bufs = realloc(h->bufs, ((size_t)h->bufc + 1) * sizeof(*bufs));
	if (bufs == NULL) {
		free(copy);
		return NULL;
	}
	h->bufs = bufs;
	b = &bufs[h->bufc++];
	memset(b, 0, sizeof(*b));
	b->dir = dir;
	b->type = type;
	b->len = len;
	b->data = copy;
	return b;
}
