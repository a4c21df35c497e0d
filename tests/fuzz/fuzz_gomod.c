/* fuzz_gomod.c - libFuzzer target for the go.mod analyzer and its go.sum step
 * (lib/analyze/gomod.c): the input is parsed as go.mod, then merged as the go.sum of a
 * Go 1.16 module. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/gomod.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char mod[] = "module example.com/m\ngo 1.16\nrequire example.com/a v1.0.0\n";
	struct ks_file f = { .path = "go.mod", .data = data, .size = size };
	struct ks_file m = { .path = "go.mod", .data = (const uint8_t *)mod, .size = strlen(mod) };
	struct ks_file s = { .path = "go.sum", .data = data, .size = size };
	struct ks_ares out = { 0 }, base = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_gomod.parse(&cx, &f, &out);
	if (ks_analyzer_gomod.parse(&cx, &m, &base) == 0)
		ks_gomod_merge_sum(&cx, &base, &s);
	ks_ctx_release(&cx);
	return 0;
}
