/*
 * prober_fake.c: a prober on the fake network, for tests (prober_fake.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "net_fake.h"
#include "prober_fake.h"
#include "tap.h"
#include "warts/reader.h"

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

static int measure(const struct fake_run *r, const char *cmd,
                   char **targets, size_t n)
{
	char path[] = "/tmp/fake_prober.XXXXXX";
	char err[256];
	struct fake_prober fp;
	struct input *in;
	warts_reader *rd;
	warts_error werr;
	warts_object obj;
	int fd, rc = 0;

	if ((fd = mkstemp(path)) < 0) {
		diag("mkstemp: cannot make a file for the results");
		return -1;
	}
	close(fd);
	if (fake_prober_open(&fp, r->pps, 1000000, path, OUT_WARTS, err,
	                     sizeof(err)) != 0) {
		diag("set-up: %s", err);
		unlink(path);
		return -1;
	}
	if (r->before != NULL)
		r->before(&fp, r->arg);
	in = input_list(targets, (int)n, cmd);
	if (in == NULL || prober_input(&fp.p, in) != 0 ||
	    prober_run(&fp.p) != 0) {
		diag("the prober failed");
		rc = -1;
	}
	if (r->after != NULL)
		r->after(&fp, r->arg);
	if (fake_prober_close(&fp, err, sizeof(err)) != 0) {
		diag("closing the output: %s", err);
		rc = -1;
	}
	if ((rd = warts_reader_open(path, &werr)) == NULL) {
		diag("%s", werr.msg);
		rc = -1;
	} else {
		while (warts_reader_read(rd, &obj) > 0) {
			if (r->each != NULL)
				r->each(&obj, r->arg);
			warts_object_clear(&obj);
		}
		warts_reader_close(rd);
	}
	unlink(path);
	return rc;
}

int fake_prober_measure(const struct fake_run *r, const char *cmd,
                        char **targets, size_t n)
{
	char **made = NULL;
	int rc = -1;

	if (targets == NULL) {
		if ((made = calloc(n ? n : 1, sizeof(*made))) == NULL)
			return -1;
		for (size_t i = 0; i < n; i++) {
			if ((made[i] = malloc(32)) == NULL)
				goto out;
			snprintf(made[i], 32, "198.18.%zu.%zu", i / 250,
			         i % 250 + 1);
		}
		targets = made;
	}
	rc = measure(r, cmd, targets, n);
out:
	if (made != NULL) {
		for (size_t i = 0; i < n; i++)
			free(made[i]);
		free(made);
	}
	return rc;
}
