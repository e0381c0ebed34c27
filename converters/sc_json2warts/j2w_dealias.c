/*
 * j2w_dealias.c: dealias objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_dealias(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "dealias objects cannot be converted yet");
}
