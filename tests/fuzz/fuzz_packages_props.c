/* fuzz_packages_props.c - libFuzzer target for the *packages.props analyzer
 * (lib/analyze/packages_props.c) and the libxml2 walker it uses (lib/analyze/lang.c). */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "Directory.Packages.props", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_packages_props.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
