/* fuzz_bun.c - libFuzzer target for the bun.lock analyzer (lib/analyze/bun.c): the input is
 * parsed as a bun.lock. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "app/bun.lock", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_bun.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
