/* fuzz_imp_kev.c - libFuzzer target for the CISA KEV importer (lib/db/imp_kev.c): the input
 * is imported as known_exploited_vulnerabilities.json. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_kev;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "kev/known_exploited_vulnerabilities.json" };

	fuzz_import(&ks_feed_kev, paths, 1, data, size);
	return 0;
}
