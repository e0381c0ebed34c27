/*
 * j2w_ping.c: ping objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_ping(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "ping objects cannot be converted yet");
}
