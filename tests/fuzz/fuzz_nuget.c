/* fuzz_nuget.c - libFuzzer target for the NuGet analyzer (lib/analyze/nuget.c): every input
 * is read both as packages.lock.json (JSON) and as packages.config (XML, through the
 * libxml2 walker of lib/analyze/lang.c). */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "src/packages.lock.json", "src/packages.config" };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct ks_file f = { .path = paths[i], .data = data, .size = size };
		struct ks_ares out = { 0 };
		struct ks_ctx cx;

		ks_ctx_init(&cx);
		ks_analyzer_nuget.parse(&cx, &f, &out);
		ks_ctx_release(&cx);
	}
	return 0;
}
