/*
 * fp_result.h: what was learnt about one device, and the report of it.
 *
 * For each address: the tests run and the tests it answered.  A device's
 * policy is incongruent when its addresses did not all answer the same
 * tests.  The report is scamper's table: a column per test run on the
 * device, a row per address (sorted, IPv4 first), and in each cell
 *   O  the address answered
 *   ?  the test was not run on this address
 *   X  it did not answer, but another address of the device did
 *      (blank) no address of the device answered
 * -O json prints the same as one JSON object per device.
 */
#ifndef FP_RESULT_H
#define FP_RESULT_H

#include <stdio.h>

#include "fp_tests.h"
#include "warts/addr.h"

struct fp_addr_res {
	warts_addr addr;
	fp_set     tests;
	fp_set     results;
};

struct fp_result {
	uint32_t            id;     /* the device's id (the ping's -U) */
	const char         *name;   /* not owned; NULL if unnamed */
	fp_set              tests;  /* run on any address */
	struct fp_addr_res *a;
	size_t              n, cap;
};

/* Record that test ran on addr and whether it answered: 0 or -1 (memory). */
int fp_result_add(struct fp_result *r, const warts_addr *addr, int test,
                  int responsive);

/* Sort the addresses (IPv4 first, then by bytes). */
void fp_result_sort(struct fp_result *r);

/* Non-zero if the addresses did not all answer the same tests. */
int fp_result_incongruent(const struct fp_result *r);

/* The tests answered by some addresses but not all that ran them. */
fp_set fp_result_differing(const struct fp_result *r);

/* Print the table (sorted first), or one JSON line. */
void fp_result_table(FILE *f, struct fp_result *r);
void fp_result_json(FILE *f, struct fp_result *r);

/* How reports are printed: -O incongruent, -O json. */
struct fp_report {
	FILE *out;
	int   incongruent_only;
	int   json;
};

/* Print one device's report as rep asks (or nothing, if congruent and
 * only incongruent devices are wanted). */
void fp_report(const struct fp_report *rep, struct fp_result *r);

/* Free the addresses; r can be reused. */
void fp_result_clear(struct fp_result *r);

#endif
