/* fuzz_imp_alpine.c - libFuzzer target for the secdb importer (lib/db/imp_alpine.c): the
 * input is imported as an Alpine secdb file and as Chainguard's security.json. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_alpine;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "alpine/v3.16/main.json",
		"chainguard/security.json" };

	fuzz_import(&ks_feed_alpine, paths, 2, data, size);
	return 0;
}
