/* fuzz_imp_rubysec.c - libFuzzer target for the ruby-advisory-db importer
 * (lib/db/imp_rubysec.c): the input is imported as a gem advisory YAML file. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_rubysec;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "rubysec/gems/example-gem/CVE-2099-0001.yml" };

	fuzz_import(&ks_feed_rubysec, paths, 1, data, size);
	return 0;
}
