/*
 * fuzz_pkt_regress.c: every input fuzz/fuzz_pkt.c ever found a
 * problem with (tests/data/regress-pkt/) goes through the fuzz target's
 * checks again, and so do its seeds (fuzz/seeds-pkt/): a crash or abort
 * fails the test run.
 */
#include "tap.h"
#include "testlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(void)
{
	test_fuzz_replay("pkt", LLVMFuzzerTestOneInput);
	return done_testing();
}
