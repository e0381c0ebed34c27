/*
 * j2w_tracelb.c: tracelb objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_tracelb(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "tracelb objects cannot be converted yet");
}
