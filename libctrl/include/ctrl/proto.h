/*
 * ctrl/proto.h: the pieces of scamper's control protocol that both ends
 * need: the uuencoding of warts records, the DATA header that announces
 * each result, and the splitting of a command line into words.
 *
 * A result travels as a header line and a payload of exactly n bytes:
 *
 *   DATA 28                 (2021 dialect; 2026 adds " id-N" for the
 *   1$@4`!`````D````!...     result of measurement N, and " inprog"
 *   `                        for a partial one)
 *
 * In warts format the payload is one warts record, uuencoded 45 bytes to
 * a line, with a zero value written as a backquote and a closing line of
 * a single backquote.  In JSON format it is the object's JSON line.
 *
 * Nothing here allocates or keeps state.
 */
#ifndef CTRL_PROTO_H
#define CTRL_PROTO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes in one full uuencoded line: a length character, 60 characters
 * for 45 bytes, and the newline. */
#define CTRL_UU_LINE_BYTES 45
#define CTRL_UU_LINE_MAX   62

/* The size of the uuencoded form of len bytes, terminator included. */
size_t ctrl_uu_size(size_t len);

/*
 * Uuencode in[0..len) into out, which has room for ctrl_uu_size(len)
 * bytes (nothing is NUL-terminated).  Returns the bytes written.
 */
size_t ctrl_uu_encode(const void *in, size_t len, char *out);

/*
 * Decode one uuencoded line (without its newline) into out, which has
 * room for CTRL_UU_LINE_BYTES bytes.  Returns the bytes decoded: 0 for
 * the terminating line, or -1 if the line is not uuencoding (a bad
 * character, or fewer characters than its length character promises).
 */
int ctrl_uu_decode_line(const char *line, size_t len, uint8_t *out);

/* The header of a DATA block, as parsed. */
struct ctrl_data_hdr {
	size_t   len;       /* payload bytes after the header line */
	uint32_t id;        /* the measurement's id-N; 0 for none */
	int      inprog;    /* 1 for a partial result */
};

/*
 * Parse a line that begins "DATA ": both dialects are accepted.
 * Returns 0, or -1 if it is not a DATA header.
 */
int ctrl_data_parse(const char *line, size_t len, struct ctrl_data_hdr *h);

/* Which DATA header a server writes. */
enum ctrl_dialect {
	CTRL_DIALECT_2026 = 0,  /* DATA n id-N: scamper 2026 and ours */
	CTRL_DIALECT_2021 = 1,  /* DATA n: what scamper 2021's clients read */
};

/*
 * Write the header line for a payload of len bytes (id 0: none) into
 * out (room for at least 48 bytes).  Returns its length, newline
 * included.
 */
size_t ctrl_data_header(char *out, size_t len, uint32_t id, int inprog,
                        enum ctrl_dialect dialect);

/*
 * Split line in place into words separated by spaces or tabs; a word in
 * double quotes may contain spaces (the quotes are removed; there are no
 * escapes).  Up to max words are stored in argv.  Returns the number of
 * words, or -1 with *err set ("unterminated quote", "too many words").
 */
int ctrl_words(char *line, char **argv, int max, const char **err);

#ifdef __cplusplus
}
#endif

#endif
