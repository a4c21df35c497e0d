/* fuzz_imp_ubuntu_oval.c - libFuzzer target for the Ubuntu USN OVAL importer
 * (lib/db/imp_ubuntu_oval.c) and the OVAL reader under it: the input is imported as the
 * jammy USN OVAL file. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_ubuntu_oval;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "ubuntu/oval/com.ubuntu.jammy.usn.oval.xml" };

	fuzz_import(&ks_feed_ubuntu_oval, paths, 1, data, size);
	return 0;
}
