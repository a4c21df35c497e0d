/* fuzz_conan.c - libFuzzer target for the conan.lock analyzer (lib/analyze/conan.c). */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "cpp/conan.lock", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_conan.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
