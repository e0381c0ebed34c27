/*
 * log.c: sc_remoted's log lines: to a file (stderr) with a timestamp,
 * or to syslog when it runs as a daemon.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "remoted.h"

static void vlog(struct remoted *rd, int prio, const char *fmt, va_list ap)
{
	char line[1024];
	struct timespec ts;
	struct tm tm;

	vsnprintf(line, sizeof(line), fmt, ap);
	if (rd->logfp == NULL) {
		syslog(prio, "%s", line);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	fprintf(rd->logfp, "[%04d-%02d-%02d %02d:%02d:%02d.%03ld] %s\n",
	        tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	        tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, line);
}

void rlog(struct remoted *rd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(rd, LOG_NOTICE, fmt, ap);
	va_end(ap);
}

void rdebug(struct remoted *rd, const char *fmt, ...)
{
	va_list ap;
	if (!rd->debug)
		return;
	va_start(ap, fmt);
	vlog(rd, LOG_DEBUG, fmt, ap);
	va_end(ap);
}

const char *vp_label(const struct vp *v, char *buf, size_t len)
{
	if (v->monitor != NULL)
		snprintf(buf, len, "%s (%s)", v->monitor, v->idstr);
	else
		snprintf(buf, len, "%s", v->idstr);
	return buf;
}
