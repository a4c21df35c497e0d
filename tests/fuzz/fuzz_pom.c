/* fuzz_pom.c - libFuzzer target for the pom.xml analyzer (lib/analyze/pom.c) and the POM
 * reader under it (lib/analyze/pomxml.c): the input is parsed as pom.xml, once as a
 * maven-invoker integration test POM. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "app/pom.xml", .data = data, .size = size };
	struct ks_file it = { .path = "src/it/case/pom.xml", .data = data, .size = size };
	struct ks_ares out = { 0 }, out2 = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_pom.parse(&cx, &f, &out);
	ks_analyzer_pom.parse(&cx, &it, &out2);
	ks_ctx_release(&cx);
	return 0;
}
