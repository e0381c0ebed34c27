/*
 * j2w_host.c: host objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_host(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "host objects cannot be converted yet");
}
