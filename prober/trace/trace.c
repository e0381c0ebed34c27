/*
 * trace.c: placeholder until the traceroute state machine lands.
 */
#include <stdio.h>

#include "../task.h"

static void *trace_parse(struct prober *p, int argc, char **argv, char *err,
                         size_t errlen)
{
	(void)p;
	(void)argc;
	(void)argv;
	snprintf(err, errlen, "trace is not written yet");
	return NULL;
}

static void trace_free_obj(void *obj)
{
	warts_trace_free(obj);
}

const struct task_type trace_type = {
	.name = "trace",
	.warts_type = WARTS_TYPE_TRACE,
	.parse = trace_parse,
	.free_obj = trace_free_obj,
};
