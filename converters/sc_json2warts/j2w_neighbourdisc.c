/*
 * j2w_neighbourdisc.c: neighbourdisc objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_neighbourdisc(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "neighbourdisc objects cannot be converted yet");
}
