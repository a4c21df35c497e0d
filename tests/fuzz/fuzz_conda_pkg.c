/* fuzz_conda_pkg.c - libFuzzer target for the conda-pkg analyzer
 * (lib/analyze/conda_pkg.c): the input is parsed as a conda-meta package file. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = {.path = "opt/conda/envs/app/conda-meta/pip-22.2.2-py38_0.json",
	        .data = data,
	        .size = size};
	struct ks_ares out = {0};
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_conda_pkg.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
