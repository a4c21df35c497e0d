/* fuzz_python_pkg.c - libFuzzer target for the python-pkg analyzer
 * (lib/analyze/python_pkg.c): the input is parsed as wheel metadata, as an egg-info file
 * and as a zipped egg. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {"site-packages/x-1.0.dist-info/METADATA",
	        "site-packages/x-1.0.egg-info", "site-packages/x-1.0-py3.egg"};
	struct ks_ctx cx;
	size_t i;

	ks_ctx_init(&cx);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct ks_file f = {.path = paths[i], .data = data, .size = size};
		struct ks_ares out = {0};

		ks_analyzer_python_pkg.parse(&cx, &f, &out);
	}
	ks_ctx_release(&cx);
	return 0;
}
