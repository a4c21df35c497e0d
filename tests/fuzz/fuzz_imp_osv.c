/* fuzz_imp_osv.c - libFuzzer target for the OSV importer (lib/db/imp_osv.c) and the
 * YAML/JSON helpers it shares (lib/db/osv_common.c): the input is imported as a JSON record
 * and as a YAML record. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_osv;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "osv/npm/all.zip/GHSA-xxxx-xxxx-xxxx.json",
		"osv/PyPI/PYSEC-2099-1.yaml" };

	fuzz_import(&ks_feed_osv, paths, 2, data, size);
	return 0;
}
