/* fuzz_rpmdb.c - libFuzzer target for the rpm database analyzer (lib/analyze/rpmdb.c): the
 * input goes through parse() as a whole database (BerkeleyDB, NDB or SQLite, by magic). */
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_file f = { .path = "var/lib/rpm/Packages", .data = data, .size = size };
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	ks_analyzer_rpmdb.parse(&cx, &f, &out);
	ks_ctx_release(&cx);
	return 0;
}
