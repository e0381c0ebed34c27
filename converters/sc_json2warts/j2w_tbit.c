/*
 * j2w_tbit.c: tbit objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_tbit(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "tbit objects cannot be converted yet");
}
