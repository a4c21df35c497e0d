/* fuzz_version_deb.c - libFuzzer target for the deb version parser, comparator and range
 * parser (lib/version); see fuzz_version.h for the input format. */
#include "fuzz_version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_version(KS_ECO_DEB, data, size);
}
