/* fuzz_db_import.c - the feed import driver on arbitrary bytes: archive and compression
 * detection, nested archives, detection of the feed format and dispatch to every
 * importer, into a throw-away in-memory database. */
#include <stddef.h>
#include <stdint.h>

#include "db/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_dbw *w = NULL;
	struct ks_import im;
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	if (ks_dbw_create(&cx, ":memory:", &w) == 0) {
		ks_import_init(&im, &cx, w);
		(void)ks_import_mem(&im, "feeds/input", data, size);
		ks_dbw_abort(w);
	}
	ks_ctx_release(&cx);
	return 0;
}
