/* fuzz_pnpm.c - libFuzzer target for the pnpm-lock.yaml analyzer (lib/analyze/pnpm.c): the
 * input is parsed as a pnpm-lock.yaml. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "app/pnpm-lock.yaml", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_pnpm.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
