/* fuzz_imp_friendsofphp.c - libFuzzer target for the FriendsOfPHP security-advisories
 * importer (lib/db/imp_friendsofphp.c): the input is imported as an advisory YAML file. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_friendsofphp;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "friendsofphp/example/framework/CVE-2099-0001.yaml" };

	fuzz_import(&ks_feed_friendsofphp, paths, 1, data, size);
	return 0;
}
