/* fuzz_imp_debian_oval.c - libFuzzer target for the Debian OVAL importer
 * (lib/db/imp_debian_oval.c) and the streaming OVAL reader under it (lib/db/oval.c): the
 * input is imported as a bookworm definitions file. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_debian_oval;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "debian/oval/oval-definitions-bookworm.xml" };

	fuzz_import(&ks_feed_debian_oval, paths, 1, data, size);
	return 0;
}
