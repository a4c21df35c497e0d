/* fuzz_yarn.c - libFuzzer target for the yarn.lock analyzer (lib/analyze/yarn.c): the
 * input is parsed as a yarn.lock. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "app/yarn.lock", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_yarn.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
