/* fuzz_imp_redhat_oval.c - libFuzzer target for the Red Hat RHSA OVAL importer
 * (lib/db/imp_redhat_oval.c) and the OVAL reader under it: the input is imported as the
 * RHEL 9 RHSA file. */
#include "fuzz_imp.h"

extern const struct ks_feed ks_feed_redhat_oval;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "redhat/oval/com.redhat.rhsa-RHEL9.xml" };

	fuzz_import(&ks_feed_redhat_oval, paths, 1, data, size);
	return 0;
}
