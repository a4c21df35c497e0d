/* fuzz_npm.c - libFuzzer target for the npm lock-file analyzer (lib/analyze/npm.c): the
 * input is parsed as package-lock.json, and the node_modules licence step then runs on the
 * packages it gave (as their own installed copies). */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"
#include "analyze/lang_extra.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "app/package-lock.json", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;
	size_t i;

	ks_ctx_init(&cx);
	if (ks_analyzer_npm.parse(&cx, &f, &out) == 0) {
		for (i = 0; i < out.npkgs; i++)
			out.pkgs[i].file_path = "app/node_modules/x/package.json";
		ks_lang_node_licenses(&cx, &out, f.path, out.pkgs, out.npkgs);
	}
	ks_ctx_release(&cx);
	return 0;
}
