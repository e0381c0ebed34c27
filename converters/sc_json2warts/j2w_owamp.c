/*
 * j2w_owamp.c: owamp objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_owamp(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "owamp objects cannot be converted yet");
}
