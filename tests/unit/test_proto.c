/*
 * test_proto.c: uuencoding as scamper writes it, DATA headers of both
 * dialects, and command words.
 */
#include <stdlib.h>
#include <string.h>

#include "ctrl/proto.h"
#include "tap.h"

/* Decode a whole uuencoded block (lines ending in \n); -1 if bad. */
static long decode_block(const char *text, size_t len, uint8_t *out)
{
	size_t pos = 0, n = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		int r;
		if (nl == NULL)
			return -1;
		r = ctrl_uu_decode_line(text + pos, (size_t)(nl - text - pos),
		                        out + n);
		if (r < 0)
			return -1;
		pos = (size_t)(nl - text) + 1;
		if (r == 0)
			return pos == len ? (long)n : -1;
		n += (size_t)r;
	}
	return -1;
}

static void test_known(void)
{
	/* a cycle-stop record as scamper 2021 sent it (control-remote.md) */
	static const uint8_t rec[17] = {
		0x12, 0x05, 0x00, 0x04, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00,
		0x00, 0x01, 0x6b, 0x09, 0x70, 0xbf, 0x00,
	};
	const char *want = "1$@4`!`````D````!:PEPOP``\n`\n";
	char out[64];
	uint8_t back[64];
	size_t n = ctrl_uu_encode(rec, sizeof(rec), out);

	is_int(n, strlen(want), "17-byte record: encoded length");
	is_int(ctrl_uu_size(sizeof(rec)), 28, "17-byte record: DATA 28");
	ok(n == strlen(want) && memcmp(out, want, n) == 0,
	   "17-byte record encodes as scamper's, zeros as backquotes");
	is_int(decode_block(want, strlen(want), back), 17, "and decodes");
	ok(memcmp(back, rec, sizeof(rec)) == 0, "to the same bytes");

	/* the space form of zero, as other encoders write it, decodes too */
	is_int(ctrl_uu_decode_line("#  $\"", 5, back), 3, "spaces as zero");
	ok(back[0] == 0 && back[1] == 1 && back[2] == 2, "decode 00 01 02");
}

static void test_roundtrip(void)
{
	uint8_t in[400], back[400];
	char *enc = malloc(ctrl_uu_size(sizeof(in)));
	int good = 1, sizes = 1;

	srand(7);
	for (size_t len = 0; len <= sizeof(in); len++) {
		size_t n;
		for (size_t i = 0; i < len; i++)
			in[i] = (uint8_t)rand();
		n = ctrl_uu_encode(in, len, enc);
		if (n != ctrl_uu_size(len))
			sizes = 0;
		/* scamper's formula for n (control-remote.md 1.6) */
		if (n != 62 * (len / 45) +
		         (len % 45 ? 4 * ((len % 45 + 2) / 3) + 2 : 0) + 2)
			sizes = 0;
		for (size_t i = 0; i < n; i++)
			if (enc[i] == ' ')
				good = 0; /* never a space */
		if (decode_block(enc, n, back) != (long)len ||
		    memcmp(in, back, len) != 0)
			good = 0;
	}
	ok(good, "0..400 random bytes round-trip, no spaces written");
	ok(sizes, "encoded sizes follow ctrl_uu_size and scamper's formula");
	free(enc);
}

static void test_bad_lines(void)
{
	uint8_t out[64];

	is_int(ctrl_uu_decode_line("", 0, out), -1, "empty line");
	is_int(ctrl_uu_decode_line("M", 1, out), -1, "length 45, no data");
	is_int(ctrl_uu_decode_line("$ab", 3, out), -1, "too short for 4");
	is_int(ctrl_uu_decode_line("#ab\x01d", 5, out), -1, "control char");
	is_int(ctrl_uu_decode_line("#ABCD", 5, out), 3, "4 chars for 3");
	is_int(ctrl_uu_decode_line("#abcd", 5, out), -1, "lower case is not uu");
	is_int(ctrl_uu_decode_line("~abcd", 5, out), -1, "length char ~");
	is_int(ctrl_uu_decode_line("N" "0000000000000000000000000000000"
	                           "0000000000000000000000000000000000",
	                           65, out), -1, "length 46 refused");
}

static void data(const char *line, int rc, size_t len, uint32_t id,
                 int inprog)
{
	struct ctrl_data_hdr h;
	int r = ctrl_data_parse(line, strlen(line), &h);

	if (rc != 0) {
		is_int(r, -1, "'%s' is not a DATA header", line);
		return;
	}
	ok(r == 0 && h.len == len && h.id == id && h.inprog == inprog,
	   "'%s': len %zu id %u inprog %d", line, len, id, inprog);
}

static void test_data(void)
{
	char buf[64];
	size_t n;

	data("DATA 28", 0, 28, 0, 0);
	data("DATA 132 id-1", 0, 132, 1, 0);
	data("DATA 7 id-4294967295 inprog", 0, 7, 4294967295u, 1);
	data("DATA 10 future-word", 0, 10, 0, 0);
	data("DATA", -1, 0, 0, 0);
	data("DATA ", -1, 0, 0, 0);
	data("DATA x", -1, 0, 0, 0);
	data("DATA 12x", -1, 0, 0, 0);
	data("DATA 5 id-", -1, 0, 0, 0);
	data("DATA 5 id-4294967296", -1, 0, 0, 0);
	data("DATA 99999999999999999999999999", -1, 0, 0, 0);
	data("data 5", -1, 0, 0, 0);

	n = ctrl_data_header(buf, 132, 1, 0, CTRL_DIALECT_2026);
	ok(n == 14 && memcmp(buf, "DATA 132 id-1\n", n) == 0, "2026 header");
	n = ctrl_data_header(buf, 132, 1, 1, CTRL_DIALECT_2026);
	ok(n == 21 && memcmp(buf, "DATA 132 id-1 inprog\n", n) == 0,
	   "2026 in-progress header");
	n = ctrl_data_header(buf, 132, 1, 0, CTRL_DIALECT_2021);
	ok(n == 9 && memcmp(buf, "DATA 132\n", n) == 0, "2021 header");
	n = ctrl_data_header(buf, 28, 0, 0, CTRL_DIALECT_2026);
	ok(n == 8 && memcmp(buf, "DATA 28\n", n) == 0,
	   "2026 header of a list or cycle record: no id");
}

static void test_words(void)
{
	char line[128];
	char *argv[8];
	const char *err = NULL;
	int n;

	strcpy(line, "  attach  format json\tpriority 5 ");
	n = ctrl_words(line, argv, 8, &err);
	ok(n == 5 && strcmp(argv[0], "attach") == 0 &&
	   strcmp(argv[2], "json") == 0 && strcmp(argv[4], "5") == 0,
	   "words split on spaces and tabs");
	strcpy(line, "attach descr \"a b  c\" name x");
	n = ctrl_words(line, argv, 8, &err);
	ok(n == 5 && strcmp(argv[2], "a b  c") == 0 &&
	   strcmp(argv[4], "x") == 0, "a quoted word keeps its spaces");
	strcpy(line, "attach descr \"\"");
	n = ctrl_words(line, argv, 8, &err);
	ok(n == 3 && argv[2][0] == '\0', "an empty quoted word");
	strcpy(line, "attach descr \"abc");
	is_int(ctrl_words(line, argv, 8, &err), -1, "unterminated quote");
	is_str(err, "unterminated quote", "and why");
	strcpy(line, "a b c d e f g h i");
	is_int(ctrl_words(line, argv, 8, &err), -1, "too many words");
	strcpy(line, "   ");
	is_int(ctrl_words(line, argv, 8, &err), 0, "blank: no words");
}

int main(void)
{
	test_known();
	test_roundtrip();
	test_bad_lines();
	test_data();
	test_words();
	return done_testing();
}
