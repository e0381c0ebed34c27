/*
 * j2w_http.c: http objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_http(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "http objects cannot be converted yet");
}
