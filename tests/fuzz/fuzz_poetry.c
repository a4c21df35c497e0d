/* fuzz_poetry.c - libFuzzer target for the poetry analyzer (lib/analyze/poetry.c): the
 * input is parsed as a poetry.lock, and applied as a pyproject.toml to that result and to
 * the result of a small fixed lock file. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/python.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char fixed[] = "[[package]]\nname = \"a\"\nversion = \"1.0\"\n"
	                            "[package.dependencies]\nb = \"*\"\n"
	                            "[[package]]\nname = \"b\"\nversion = \"2.0\"\n"
	                            "[package.dependencies]\na = \">=1\"\n";
	struct ks_file f = {.path = "poetry.lock", .data = data, .size = size};
	struct ks_file lk = {
	        .path = "poetry.lock", .data = (const uint8_t *)fixed, .size = sizeof(fixed) - 1};
	struct ks_file py = {.path = "pyproject.toml", .data = data, .size = size};
	struct ks_ares out = {0}, out2 = {0};
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	if (ks_analyzer_poetry.parse(&cx, &f, &out) == 0)
		ks_poetry_pyproject(&cx, &out, &py);
	if (ks_analyzer_poetry.parse(&cx, &lk, &out2) == 0)
		ks_poetry_pyproject(&cx, &out2, &py);
	ks_ctx_release(&cx);
	return 0;
}
