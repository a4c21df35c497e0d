/* fuzz_gobinary.c - libFuzzer target for the Go binary analyzer (lib/analyze/gobinary.c),
 * the ELF reader under it (lib/util/elf.c) and Go string literal decoding
 * (lib/util/golit.c): the input is parsed as an executable, then unquoted as a literal. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"
#include "util/golit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "usr/local/bin/app", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_buf b;
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_gobinary.parse(&cx, &f, &out);
	ks_buf_init(&b, 1u << 16);
	ks_golit_unquote((struct ks_str){ (const char *)data, size }, &b);
	ks_buf_release(&b);
	ks_ctx_release(&cx);
	return 0;
}
