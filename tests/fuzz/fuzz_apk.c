/* fuzz_apk.c - libFuzzer target for the apk database analyzer (lib/analyze/apk.c) and the
 * licence normalisation it uses (lib/util/license.c): the input is parsed as
 * lib/apk/db/installed, then split and normalised as a licence field. */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"
#include "util/license.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ignore(void *ud, const char *lic)
{
	(void)ud;
	(void)lic;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "lib/apk/db/installed", .data = data, .size = size };
	struct ks_str s = { (const char *)data, size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;
	const char *norm;

	ks_ctx_init(&cx);
	ks_analyzer_apk.parse(&cx, &f, &out);
	ks_license_lax_split(&cx.arena, s, ignore, NULL);
	ks_license_normalize(&cx.arena, s, &norm);
	ks_ctx_release(&cx);
	return 0;
}
