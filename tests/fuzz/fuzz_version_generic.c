/* fuzz_version_generic.c - libFuzzer target for the generic (go-version) version parser,
 * comparator and constraint parser (lib/version); see fuzz_version.h for the input format. */
#include "fuzz_version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_version(KS_ECO_GENERIC, data, size);
}
