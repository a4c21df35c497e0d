/*
 * clean.h - removing what kensa keeps under its cache directory (`kensa clean`).
 *
 * The scan cache is <cache>/scan (the layer cache, lcache.h); the vulnerability database
 * is <cache>/db (kensa.db, its update lock and builds in progress) together with
 * <cache>/feeds, the feed downloads it is built from (db/update.h). Nothing else under
 * the cache directory is touched. Files are unlinked, never truncated: a scan that has
 * the database or the cache open keeps reading its copy (a scan still writing to the
 * removed layer cache gets warnings, not a failure).
 */
#ifndef KS_CACHE_CLEAN_H
#define KS_CACHE_CLEAN_H

#include <stdint.h>

#include "ctx.h"

enum { KS_CLEAN_SCAN_CACHE = 1, KS_CLEAN_VULN_DB = 2 };

struct ks_clean_result {
	const char *cache_dir;    /* the directory cleaned (arena) */
	uint64_t scan_bytes;      /* bytes of files removed from the scan cache */
	uint64_t db_bytes;        /* ... from the vulnerability database and its feeds */
};

/*
 * Removes what `what` (KS_CLEAN_* bits) names under cache_dir (NULL: the default cache
 * directory, ks_db_default_cache_dir()). Parts that do not exist are not an error. The
 * vulnerability database is left alone while a `db update` holds its lock. Returns 0;
 * KS_EIO (a file could not be removed, or an update is running: the database is then
 * untouched), KS_EUSAGE (cache_dir is ""), KS_ELIMIT or KS_ENOMEM, with a message in
 * cx->err; *res is filled either way (the bytes removed before a failure).
 */
int ks_cache_clean(struct ks_ctx *cx, const char *cache_dir, unsigned what,
	struct ks_clean_result *res);

#endif
