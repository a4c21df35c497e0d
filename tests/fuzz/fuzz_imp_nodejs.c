/* fuzz_imp_nodejs.c - libFuzzer target for the nodejs-security-wg importer
 * (lib/db/imp_nodejs.c): the input is imported as a vuln/npm advisory. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_nodejs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "nodejs-security-wg/vuln/npm/9001.json" };

	fuzz_import(&ks_feed_nodejs, paths, 1, data, size);
	return 0;
}
