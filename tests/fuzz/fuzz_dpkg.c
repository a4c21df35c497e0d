/* fuzz_dpkg.c - libFuzzer target for the dpkg analyzer (lib/analyze/dpkg.c): the input is
 * parsed as var/lib/dpkg/status, as a distroless status.d stanza file and as an
 * info/<package>.list file. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "var/lib/dpkg/status", "var/lib/dpkg/status.d/base",
		"var/lib/dpkg/info/libc6:amd64.list" };
	struct ks_ctx cx;
	size_t i;

	ks_ctx_init(&cx);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct ks_file f = { .path = paths[i], .data = data, .size = size };
		struct ks_ares out = { 0 };

		ks_analyzer_dpkg.parse(&cx, &f, &out);
	}
	ks_ctx_release(&cx);
	return 0;
}
