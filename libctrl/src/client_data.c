/*
 * client_data.c: receiving DATA blocks (ctrl/client.h).
 *
 * A block is a header line "DATA n[ id-N][ inprog]" and exactly n bytes
 * of lines: a warts record uuencoded (control-remote.md 1.6), or the
 * JSON text of one object.  The lines are decoded as they come into one
 * buffer that exists only while a block is open, bounded by the block's
 * length and by max_record.  Everything about a block is checked against
 * what the header promised, since the bytes come from a prober that may
 * be remote, broken or hostile: a line running past the block, a record
 * whose own header disagrees with what arrived, data after the record's
 * closing line are protocol errors that end the connection, not crashes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_int.h"

void ctrl_cl_data_reset(ctrl_client *c)
{
	free(c->rec);
	c->rec = NULL;
	c->rec_len = c->rec_cap = 0;
	c->rec_ended = 0;
	c->in_block = 0;
}

static int rec_add(ctrl_client *c, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (c->rec_len + n > c->rec_cap) {
		size_t cap = c->rec_cap ? c->rec_cap : 512;
		uint8_t *b;
		while (cap < c->rec_len + n)
			cap *= 2;
		if ((b = realloc(c->rec, cap)) == NULL)
			return -1;
		c->rec = b;
		c->rec_cap = cap;
	}
	memcpy(c->rec + c->rec_len, p, n);
	c->rec_len += n;
	return 0;
}

void ctrl_cl_data_start(ctrl_client *c, const char *line, size_t len)
{
	char q[256];
	size_t most;

	if (ctrl_data_parse(line, len, &c->hdr) != 0) {
		ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0, "a bad DATA header \"%s\"",
		            ctrl_cl_quote(line, len, q, sizeof(q)));
		return;
	}
	most = c->format == CTRL_FORMAT_JSON ? c->max_record + 1
	                                     : ctrl_uu_size(c->max_record);
	if (c->hdr.len == 0 || c->hdr.len > most) {
		ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
		            "\"%s\": a DATA block of %zu bytes (at most %zu)",
		            ctrl_cl_quote(line, len, q, sizeof(q)), c->hdr.len,
		            most);
		return;
	}
	if (c->hdr.id != 0 && c->dialect == 0)
		c->dialect = 2026;
	c->in_block = 1;
	c->block_left = c->hdr.len;
	c->rec_len = 0;
	c->rec_ended = 0;
}

/*
 * The "type" of a JSON object as scamper writes it, first:
 * {"type":"ping", ...  Returns the warts type number, or 0.
 */
static uint16_t json_type(const uint8_t *p, size_t n)
{
	char name[32];
	size_t i = 0, k = 0;

#define SKIP_WS() while (i < n && (p[i] == ' ' || p[i] == '\t')) i++
	SKIP_WS();
	if (i >= n || p[i++] != '{')
		return 0;
	SKIP_WS();
	if (n - i < 6 || memcmp(p + i, "\"type\"", 6) != 0)
		return 0;
	i += 6;
	SKIP_WS();
	if (i >= n || p[i++] != ':')
		return 0;
	SKIP_WS();
	if (i >= n || p[i++] != '"')
		return 0;
	while (i < n && p[i] != '"' && k < sizeof(name) - 1)
		name[k++] = (char)p[i++];
	if (i >= n || p[i] != '"')
		return 0;
	name[k] = '\0';
#undef SKIP_WS
	return warts_type_byname(name);
}

static int is_measurement(uint16_t type)
{
	return type < WARTS_TYPE_LIST || type > WARTS_TYPE_ADDR;
}

/* The block is complete: check it, then hand it out. */
static void finish(ctrl_client *c)
{
	struct ctrl_result r;
	warts_object obj;
	warts_error werr;
	ctrl_cmd *cmd = NULL;
	int decode = c->ops->result != NULL;

	memset(&r, 0, sizeof(r));
	memset(&obj, 0, sizeof(obj));
	r.id = c->hdr.id;
	r.inprog = c->hdr.inprog;
	r.data = c->rec;
	r.len = c->rec_len;
	if (c->format == CTRL_FORMAT_JSON) {
		r.format = CTRL_FORMAT_JSON;
		r.type = json_type(c->rec, c->rec_len);
		decode = 0;
	} else {
		uint32_t blen;
		r.format = CTRL_FORMAT_WARTS;
		if (!c->rec_ended) {
			ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
			            "a DATA block of %zu bytes ended inside its "
			            "record (no closing line)", c->hdr.len);
			return;
		}
		if (c->rec_len < 8 || c->rec[0] != 0x12 || c->rec[1] != 0x05) {
			ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
			            "a DATA block of %zu bytes holds no warts "
			            "record (%zu bytes, not starting 12 05)",
			            c->hdr.len, c->rec_len);
			return;
		}
		blen = (uint32_t)c->rec[4] << 24 | (uint32_t)c->rec[5] << 16 |
		       (uint32_t)c->rec[6] << 8 | c->rec[7];
		if ((size_t)blen != c->rec_len - 8) {
			ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
			            "a warts record whose header says %u bytes "
			            "arrived with %zu", blen, c->rec_len - 8);
			return;
		}
		r.type = (uint16_t)(c->rec[2] << 8 | c->rec[3]);
	}
	c->in_block = 0;

	if (decode) {
		if (c->dec == NULL && (c->dec = warts_decoder_new()) == NULL) {
			ctrl_cl_fail(c, CTRL_ERR_NOMEM, ENOMEM, "out of memory");
			return;
		}
		if (warts_decoder_decode(c->dec, c->rec, c->rec_len, 0, &obj,
		                         &werr) == 0)
			r.obj = &obj;
		else
			r.decode_error = werr.msg;
	}

	if (c->ops->record != NULL) {
		c->ops->record(c, &r, c->arg);
		if (c->dead)
			goto out;
	}
	if (!is_measurement(r.type))
		goto out;
	if (r.id == 0) {
		if (c->dialect == 2026) {
			ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
			            "a %s result without an id-N from a prober "
			            "that gave ids before",
			            warts_type_name(r.type) ? warts_type_name(r.type)
			                                    : "measurement");
			goto out;
		}
		if (c->dialect == 0) {
			ctrl_cl_learn_2021(c);
			if (c->dead)
				goto out;
		}
	} else if (r.inprog) {
		cmd = ctrl_cl_table_find(c, r.id);
	} else {
		cmd = ctrl_cl_table_take(c, r.id);
	}
	if (c->ops->result != NULL) {
		c->ops->result(c, cmd, &r, c->arg);
		if (c->dead) {
			if (cmd != NULL && !r.inprog)
				ctrl_cl_cmd_done(c, cmd, CTRL_CMD_COMPLETED, "");
			goto out;
		}
	}
	if (cmd != NULL && !r.inprog)
		ctrl_cl_cmd_done(c, cmd, CTRL_CMD_COMPLETED, "");
out:
	warts_object_clear(&obj);
	/* the buffer goes with the block: an idle client holds none */
	free(c->rec);
	c->rec = NULL;
	c->rec_len = c->rec_cap = 0;
}

void ctrl_cl_data_line(ctrl_client *c, const char *line, size_t len,
                      int too_long)
{
	char q[256];
	uint8_t buf[CTRL_UU_LINE_BYTES];
	int n;

	if (too_long || len + 1 > c->block_left) {
		ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
		            "a line of %s%zu bytes runs past the end of a DATA "
		            "block (%zu bytes left): \"%s\"",
		            too_long ? "over " : "", len + 1, c->block_left,
		            ctrl_cl_quote(line, len, q, sizeof(q)));
		return;
	}
	c->block_left -= len + 1;
	if (c->format == CTRL_FORMAT_JSON) {
		if (rec_add(c, line, len) != 0 || rec_add(c, "\n", 1) != 0) {
			ctrl_cl_fail(c, CTRL_ERR_NOMEM, ENOMEM, "out of memory");
			return;
		}
	} else {
		if (c->rec_ended) {
			ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
			            "more lines after the record's closing line: "
			            "\"%s\"", ctrl_cl_quote(line, len, q,
			                                   sizeof(q)));
			return;
		}
		if ((n = ctrl_uu_decode_line(line, len, buf)) < 0) {
			ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
			            "not a uuencoded line in a DATA block: \"%s\"",
			            ctrl_cl_quote(line, len, q, sizeof(q)));
			return;
		}
		if (n == 0) {
			c->rec_ended = 1;
		} else if (c->rec_len + (size_t)n > c->max_record) {
			ctrl_cl_fail(c, CTRL_ERR_PROTOCOL, 0,
			            "a record of more than %zu bytes",
			            c->max_record);
			return;
		} else if (rec_add(c, buf, (size_t)n) != 0) {
			ctrl_cl_fail(c, CTRL_ERR_NOMEM, ENOMEM, "out of memory");
			return;
		}
	}
	if (c->block_left == 0)
		finish(c);
}
