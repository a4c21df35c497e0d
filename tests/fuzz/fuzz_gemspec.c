/* fuzz_gemspec.c - libFuzzer target for the installed Ruby gem analyzer
 * (lib/analyze/gemspec.c): the input is parsed as a specification file. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "usr/lib/ruby/gems/3.1.0/specifications/a-1.0.gemspec",
		.data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_gemspec.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
