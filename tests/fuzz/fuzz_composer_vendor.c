/* fuzz_composer_vendor.c - libFuzzer target for the installed Composer package analyzer
 * (lib/analyze/composer_vendor.c): the input is parsed as vendor/composer/installed.json. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "vendor/composer/installed.json", .data = data,
		.size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_composer_vendor.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
