/*
 * warts/error.h: how the library reports failure.
 *
 * The library never prints and never exits.  A function that can fail
 * returns -1 (or NULL) and fills a warts_error that the caller owns or can
 * fetch from the reader or writer.  The message is one line, without a
 * trailing newline, and names the record's type and byte offset when the
 * failure is in a file.
 */
#ifndef WARTS_ERROR_H
#define WARTS_ERROR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum warts_errcode {
	WARTS_OK = 0,
	WARTS_ERR_IO,        /* the operating system failed a read or write */
	WARTS_ERR_NOMEM,     /* an allocation failed */
	WARTS_ERR_TRUNCATED, /* the input ended inside a record */
	WARTS_ERR_CORRUPT,   /* a record is malformed */
	WARTS_ERR_COMPRESS,  /* the compression library reported an error */
	WARTS_ERR_INVALID,   /* an argument or object cannot be encoded */
	WARTS_ERR_TOOBIG,    /* a record is larger than the reader allows */
};

typedef struct warts_error {
	int      code;      /* enum warts_errcode */
	uint16_t type;      /* record type being read or written; 0 if none */
	uint64_t offset;    /* byte offset of that record's header in the
	                       uncompressed stream */
	char     msg[320];
} warts_error;

#ifdef __cplusplus
}
#endif

#endif
