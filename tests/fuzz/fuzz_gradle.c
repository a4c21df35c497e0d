/* fuzz_gradle.c - libFuzzer target for the Gradle lock file analyzer (lib/analyze/gradle.c):
 * the input is parsed as app/gradle.lockfile. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "app/gradle.lockfile", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_gradle.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
