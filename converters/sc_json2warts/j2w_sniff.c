/*
 * j2w_sniff.c: sniff objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_sniff(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "sniff objects cannot be converted yet");
}
