/* fuzz_composer.c - libFuzzer target for the composer.lock analyzer (lib/analyze/composer.c)
 * and the composer.json step (lib/analyze/lang_extra.c): the input is parsed as
 * composer.lock, then read as the composer.json next to what it gave. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"
#include "analyze/lang_extra.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file lock = { .path = "app/composer.lock", .data = data, .size = size };
	struct ks_file json = { .path = "app/composer.json", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_composer.parse(&cx, &lock, &out);
	ks_lang_composer_json(&cx, &out, &json);
	ks_ctx_release(&cx);
	return 0;
}
