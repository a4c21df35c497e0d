/* fuzz_dotnet_core.c - libFuzzer target for the .deps.json analyzer
 * (lib/analyze/dotnet_core.c) and the JSON helpers it shares (lib/analyze/lang.c). */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "app/app.deps.json", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_dotnet_core.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
