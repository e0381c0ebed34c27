/*
 * tap.h: the Test Anything Protocol, for C test programs run by prove.
 *
 *   int main(void) {
 *           ok(1 + 1 == 2, "addition");
 *           is_int(f(), 3, "f returns 3");
 *           return done_testing();
 *   }
 */
#ifndef TESTS_TAP_H
#define TESTS_TAP_H

#include <stdint.h>

int ok_(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int is_int_(long long got, long long want, const char *file, int line,
            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int is_str_(const char *got, const char *want, const char *file, int line,
            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void skip_all(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the plan; returns the exit status (non-zero if anything failed). */
int done_testing(void);
int tap_failures(void);

#define ok(cond, ...) ok_(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	is_int_((long long)(got), (long long)(want), __FILE__, __LINE__, \
	        __VA_ARGS__)
#define is_str(got, want, ...) \
	is_str_((got), (want), __FILE__, __LINE__, __VA_ARGS__)

#endif
