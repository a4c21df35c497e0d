/*
 * fuzz_imp.h - the body shared by the feed importer fuzz targets (fuzz_imp_<id>.c): the
 * input is offered to one importer's detect() and import() under each of the given path
 * names, writing into a fresh in-memory database that is thrown away afterwards. Any
 * result code is fine; a crash, a leak, a hang or a sanitizer report is a finding.
 */
#ifndef KS_FUZZ_IMP_H
#define KS_FUZZ_IMP_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_import(const struct ks_feed *f, const char *const *paths, size_t n,
	const uint8_t *data, size_t size)
{
	struct ks_dbw *w = NULL;
	struct ks_ctx cx;
	uint64_t records = 0;
	size_t i;

	ks_ctx_init(&cx);
	if (ks_dbw_create(&cx, ":memory:", &w) == 0) {
		for (i = 0; i < n; i++) {
			(void)f->detect(paths[i], data, size < 4096 ? size : 4096);
			(void)f->import(&cx, w, paths[i], data, size, &records);
		}
		ks_dbw_abort(w);
	}
	ks_ctx_release(&cx);
}

#endif
