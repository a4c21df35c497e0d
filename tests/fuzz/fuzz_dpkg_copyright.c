/* fuzz_dpkg_copyright.c - libFuzzer target for the dpkg-license analyzer
 * (lib/analyze/dpkg_copyright.c): the input is parsed as usr/share/doc/<pkg>/copyright. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_ctx cx;
	struct ks_file f = { .path = "usr/share/doc/libc6/copyright", .data = data, .size = size };
	struct ks_ares out = { 0 };

	ks_ctx_init(&cx);
	ks_analyzer_dpkg_copyright.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
