/* fuzz_hex.c - libFuzzer target for the mix.lock analyzer (lib/analyze/hex.c), whose
 * Elixir term reader is hand-written. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "app/mix.lock", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_hex.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
