/*
 * j2w_trace.c: trace objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_trace(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "trace objects cannot be converted yet");
}
