/*
 * j2w_sting.c: sting objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_sting(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "sting objects cannot be converted yet");
}
