/*
 * j2w_udpprobe.c: udpprobe objects from JSON.  Not written yet.
 */
#include "j2w.h"

int j2w_udpprobe(struct j2w *j, json_t *o, void **out)
{
	(void)o;
	*out = NULL;
	return j2w_fail(j, "udpprobe objects cannot be converted yet");
}
