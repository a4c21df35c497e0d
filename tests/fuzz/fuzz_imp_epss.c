/* fuzz_imp_epss.c - libFuzzer target for the EPSS importer (lib/db/imp_epss.c): the input
 * is imported as an epss_scores CSV file. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_epss;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "epss/epss_scores-2025-03-16.csv" };

	fuzz_import(&ks_feed_epss, paths, 1, data, size);
	return 0;
}
