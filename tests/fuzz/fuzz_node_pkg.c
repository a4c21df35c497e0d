/* fuzz_node_pkg.c - libFuzzer target for the installed Node.js package analyzer
 * (lib/analyze/node_pkg.c): the input is parsed as a package.json and as a
 * node_version.h. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file pj = { .path = "node_modules/a/package.json", .data = data, .size = size };
	struct ks_file vh = { .path = "include/node/node_version.h", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_node_pkg.parse(&cx, &pj, &out);
	ks_analyzer_node_pkg.parse(&cx, &vh, &out);
	ks_ctx_release(&cx);
	return 0;
}
