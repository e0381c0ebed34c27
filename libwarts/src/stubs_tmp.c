/* temporary: types not yet implemented */
#include "codec.h"
static int nodec(struct wdec *d, struct wcur *c, void **o) { (void)c; *o = NULL; return wdec_fail(d, NULL, WARTS_ERR_CORRUPT, "not implemented"); }
static int noenc(struct wenc *e, const void *o) { (void)o; return wenc_fail(e, WARTS_ERR_INVALID, "not implemented"); }
static void nofree(void *o) { (void)o; }
#define STUB(n, t) __attribute__((weak)) const struct wtype wtype_##n = { .type = t, .name = #n, .list_off = -1, .cycle_off = -1, .decode = nodec, .encode = noenc, .free = nofree };
STUB(tracelb, 8) 
