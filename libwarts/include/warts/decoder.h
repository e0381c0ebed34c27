/*
 * warts/decoder.h: decoding warts records held in memory.
 *
 * For records that do not come from a file: those a control socket
 * delivers, for instance.  A decoder remembers the lists and cycles that
 * earlier records declared, since later records refer to them by id, so
 * feed one decoder the records of one stream in order.
 *
 *   warts_decoder *dec = warts_decoder_new();
 *   warts_object obj;
 *   warts_error err;
 *   if (warts_decoder_decode(dec, rec, len, 0, &obj, &err) == 0) {
 *           ... use obj ...
 *           warts_object_clear(&obj);
 *   }
 *   warts_decoder_free(dec);
 */
#ifndef WARTS_DECODER_H
#define WARTS_DECODER_H

#include <stddef.h>
#include <stdint.h>

#include "warts/error.h"
#include "warts/export.h"
#include "warts/object.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct warts_decoder warts_decoder;

/* A new decoder, or NULL when out of memory. */
WARTS_API warts_decoder *warts_decoder_new(void);
WARTS_API void warts_decoder_free(warts_decoder *dec);

/*
 * Decode one whole record: the 8-byte header and exactly the body length
 * it declares.  `offset` is only used in error messages.  Returns 0 and
 * fills obj, or -1 and fills err (obj is then empty).
 */
WARTS_API int warts_decoder_decode(warts_decoder *dec, const uint8_t *rec,
                                   size_t len, uint64_t offset,
                                   warts_object *obj, warts_error *err);

#ifdef __cplusplus
}
#endif

#endif
