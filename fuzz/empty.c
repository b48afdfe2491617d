// SPDX-License-Identifier: MIT
/*
 * The empty harness: takes the input and does nothing with it.  Built and
 * run exactly like a real harness (scripts/bench-fuzz.sh), its execs/s is
 * the fuzzer's own floor -- fork server or persistent loop, input
 * delivery, coverage map reset and scan -- so the ratio of a harness's
 * rate to this one says what the model itself costs.  It never fails and
 * finds nothing; it is not one of the harnesses to fuzz.
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}
