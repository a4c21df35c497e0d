/* fuzz_imp_debian_tracker.c - libFuzzer target for the Debian security tracker importer
 * (lib/db/imp_debian_tracker.c): the input is imported as a DSA list; the importer picks
 * the list or the JSON reader from the content. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_debian_tracker;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "debian/tracker/DSA/list" };

	fuzz_import(&ks_feed_debian_tracker, paths, 1, data, size);
	return 0;
}
