/*
 * tap.c: a minimal TAP producer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int tests, failures;

static int report(int cond, const char *file, int line, const char *fmt,
                  va_list ap)
{
	tests++;
	printf("%s %d - ", cond ? "ok" : "not ok", tests);
	vprintf(fmt, ap);
	printf("\n");
	if (!cond) {
		failures++;
		printf("#   Failed test at %s line %d.\n", file, line);
	}
	fflush(stdout);
	return cond;
}

int ok_(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(cond, file, line, fmt, ap);
	va_end(ap);
	return cond;
}

int is_int_(long long got, long long want, const char *file, int line,
            const char *fmt, ...)
{
	va_list ap;
	int cond = got == want;
	va_start(ap, fmt);
	report(cond, file, line, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#          got: %lld\n#     expected: %lld\n", got, want);
	return cond;
}

int is_str_(const char *got, const char *want, const char *file, int line,
            const char *fmt, ...)
{
	va_list ap;
	int cond = (got == NULL && want == NULL) ||
	           (got != NULL && want != NULL && strcmp(got, want) == 0);
	va_start(ap, fmt);
	report(cond, file, line, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#          got: '%s'\n#     expected: '%s'\n",
		       got ? got : "(null)", want ? want : "(null)");
	return cond;
}

void diag(const char *fmt, ...)
{
	va_list ap;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void skip_all(const char *fmt, ...)
{
	va_list ap;
	printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(0);
}

int tap_failures(void)
{
	return failures;
}

int done_testing(void)
{
	printf("1..%d\n", tests);
	return failures != 0;
}
