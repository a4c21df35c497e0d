/* fuzz_imp_nvd.c - libFuzzer target for the NVD importer (lib/db/imp_nvd.c) and the JSON
 * scanner it uses (lib/util/jscan.c): the input is imported as an NVD 1.1 or 2.0 file. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_nvd;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "nvd/1.1/nvdcve-1.1-2018.json" };

	fuzz_import(&ks_feed_nvd, paths, 1, data, size);
	return 0;
}
