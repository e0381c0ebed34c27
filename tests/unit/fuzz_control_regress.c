/*
 * fuzz_control_regress.c: every input fuzz/fuzz_control.c ever found a
 * problem with (tests/data/regress-control/) goes through the fuzz target's
 * checks again, and so do its seeds (fuzz/seeds-control/): a crash, an abort or a leak
 * fails the test run.
 */
#include "tap.h"
#include "testlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(void)
{
	test_fuzz_replay("control", LLVMFuzzerTestOneInput);
	return done_testing();
}
