/* fuzz_imp_wolfi.c - libFuzzer target for the Wolfi advisory importer (lib/db/imp_wolfi.c)
 * and the bounded YAML loader (lib/db/osv_common.c): the input is imported as a
 * <package>.advisories.yaml document. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_wolfi;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "wolfi/openssl.advisories.yaml" };

	fuzz_import(&ks_feed_wolfi, paths, 1, data, size);
	return 0;
}
