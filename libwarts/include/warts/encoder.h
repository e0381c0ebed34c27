/*
 * warts/encoder.h: encoding objects as warts records in memory.
 *
 * An encoder numbers lists and cycles as warts requires and declares each
 * one (a list record, or a cycle definition record) before the first
 * object that refers to it, unless the caller encoded it first.  Encode
 * the objects of one stream with one encoder.
 *
 *   warts_encoder *enc = warts_encoder_new();
 *   const uint8_t *bytes;
 *   size_t len;
 *   warts_error err;
 *   if (warts_encoder_encode(enc, &obj, &bytes, &len, &err) == 0)
 *           fwrite(bytes, 1, len, fp);
 *   warts_encoder_free(enc);
 */
#ifndef WARTS_ENCODER_H
#define WARTS_ENCODER_H

#include <stddef.h>
#include <stdint.h>

#include "warts/error.h"
#include "warts/export.h"
#include "warts/object.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct warts_encoder warts_encoder;

WARTS_API warts_encoder *warts_encoder_new(void);
WARTS_API void warts_encoder_free(warts_encoder *enc);

/*
 * Encode obj, preceded by any list and cycle records it needs.  On success
 * *out points at the bytes (valid until the next call) and returns 0; on
 * failure returns -1 and fills err, and the encoder's state is as before.
 */
WARTS_API int warts_encoder_encode(warts_encoder *enc,
                                   const warts_object *obj,
                                   const uint8_t **out, size_t *len,
                                   warts_error *err);

#ifdef __cplusplus
}
#endif

#endif
