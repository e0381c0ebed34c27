/*
 * fuzz_client_regress.c: every input fuzz/fuzz_client.c ever found a
 * problem with (tests/data/regress-client/) goes through the fuzz target's
 * checks again, and so do its seeds (fuzz/seeds-client/): a crash, an abort or a leak
 * fails the test run.
 */
#include "tap.h"
#include "testlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(void)
{
	test_fuzz_replay("client", LLVMFuzzerTestOneInput);
	return done_testing();
}
