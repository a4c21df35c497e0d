/*
 * feed.h - the feed importer interface and registry (feeds.def).
 *
 * An importer reads one file of one feed format and writes what it says into the database
 * being built (db.h). The import driver (import.c) finds the files: it walks directories,
 * opens zip and tar archives, decompresses gzip/bzip2/xz/zstd, and offers every resulting
 * file to the importers in feeds.def order; the first whose detect() accepts it imports it.
 * Importers therefore always see plain bytes and a path naming where the bytes came from,
 * e.g. "alpine/v3.9/main.json", "osv/npm/all.zip/GHSA-xxxx.json",
 * "ubuntu/uct/uct.tar.xz/active/CVE-2021-3156". Paths use "/" and may be relative to a
 * directory the user named, so detect() should look at the last components and at the
 * content, not at absolute locations.
 *
 * import() must be all-or-nothing per record, not per file: a malformed record is skipped
 * with a warning (ks_warn, naming the file and the record) and the rest of the file still
 * imports; a file that cannot be parsed at all returns KS_ECORRUPT with a message, which
 * the driver reports as a failed feed file while other files go on. Only KS_ENOMEM and
 * KS_EIO (the database itself failed) abort the whole build.
 */
#ifndef KS_DB_FEED_H
#define KS_DB_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "db/db.h"

struct ks_feed {
	const char *name; /* "osv", "alpine", "nvd", ...: also the default advisory source */
	/* Cheap: does this importer read the file at path whose first bytes are head[0..n)? */
	bool (*detect)(const char *path, const uint8_t *head, size_t n);
	/* Imports one whole file; adds the number of records written to *records. */
	int (*import)(struct ks_ctx *cx, struct ks_dbw *w, const char *path,
		const uint8_t *data, size_t len, uint64_t *records);
};

#define KS_FEED(id) extern const struct ks_feed ks_feed_##id;
#include "db/feeds.def"
#undef KS_FEED

/* All importers in feeds.def order, NULL-terminated. */
extern const struct ks_feed *const ks_feeds[];

/* The importer that accepts (path, head), or NULL. */
const struct ks_feed *ks_feed_detect(const char *path, const uint8_t *head, size_t n);

#endif
