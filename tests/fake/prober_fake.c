/*
 * prober_fake.c: a prober on the fake network, for tests (prober_fake.h).
 */
#include <stdio.h>
#include <string.h>

#include "net_fake.h"
#include "prober_fake.h"

int fake_prober_open(struct fake_prober *fp, unsigned pps,
                     uint64_t holdtime_us, const char *path, int format,
                     char *err, size_t errlen)
{
	struct prober_opts po;
	struct out_opts oo;

	memset(fp, 0, sizeof(*fp));
	memset(&po, 0, sizeof(po));
	po.pps = pps;
	po.holdtime = holdtime_us;
	memset(&oo, 0, sizeof(oo));
	oo.path = path;
	oo.format = format;
	err[0] = '\0';
	fp->loop = ctrl_loop_new();
	fp->net = net_open(1, 0, err, errlen);
	if (fp->net != NULL)
		fp->out = out_open(&oo, err, errlen);
	if (fp->loop == NULL || fp->net == NULL || fp->out == NULL ||
	    out_begin(fp->out) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "could not set up the prober");
		if (fp->out != NULL) {
			char ignored[64];
			out_close(fp->out, ignored, sizeof(ignored));
		}
		net_close(fp->net);
		ctrl_loop_free(fp->loop);
		memset(fp, 0, sizeof(*fp));
		return -1;
	}
	prober_init(&fp->p, fp->loop, fp->net, fp->out, &po);
	return 0;
}

int fake_prober_close(struct fake_prober *fp, char *err, size_t errlen)
{
	int rc;
	prober_fini(&fp->p);
	rc = out_close(fp->out, err, errlen);
	net_close(fp->net);
	ctrl_loop_free(fp->loop);
	memset(fp, 0, sizeof(*fp));
	return rc == 0 ? 0 : -1;
}
