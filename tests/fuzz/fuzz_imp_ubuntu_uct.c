/* fuzz_imp_ubuntu_uct.c - libFuzzer target for the Ubuntu CVE Tracker importer
 * (lib/db/imp_ubuntu_uct.c): the input is imported as one tracker file, named as the
 * import driver names a member of the tracker tarball. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_ubuntu_uct;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"ubuntu/uct/uct.tar.xz/ubuntu-cve-tracker/active/CVE-2099-0001"
	};

	fuzz_import(&ks_feed_ubuntu_uct, paths, 1, data, size);
	return 0;
}
