/* fuzz_jar.c - libFuzzer target for the Java archive analyzer (lib/analyze/jar.c), with the
 * zip reading, nesting and metadata parsing under it: the input is parsed as a .war. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "app/app-1.0.war", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_jar.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
