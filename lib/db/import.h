/*
 * import.h - finding feed files in what the user or the updater hands over (directories,
 * zip and tar archives, compressed files) and passing each to its importer (feed.h).
 */
#ifndef KS_DB_IMPORT_H
#define KS_DB_IMPORT_H

#include <stdint.h>

#include "db/db.h"
#include "db/feed.h"

/* Per-importer outcome of an import run. */
struct ks_import_stat {
	uint64_t files;   /* files imported */
	uint64_t records; /* records written */
	uint64_t failed;  /* files that could not be imported */
	const char *error; /* the first failure's message (arena), NULL if none */
};

struct ks_import {
	struct ks_ctx *cx;
	struct ks_dbw *w;
	struct ks_import_stat stat[32]; /* indexed like ks_feeds[] */
	uint64_t unknown;               /* files no importer recognised */
	int depth;                      /* archives inside archives being unpacked */
	/* When set, every file goes to this importer without detection (the updater knows
	 * which feed a downloaded file is, and a damaged one must fail loudly rather than
	 * go unrecognised). */
	const struct ks_feed *forced;
};

/* The importer named name ("alpine"), or NULL. */
const struct ks_feed *ks_feed_by_name(const char *name);

void ks_import_init(struct ks_import *im, struct ks_ctx *cx, struct ks_dbw *w);

/*
 * Imports everything at path: a directory is walked (sorted, hidden entries skipped), a
 * zip or tar archive is read member by member, a gzip/bzip2/xz/zstd file is decompressed,
 * anything else is offered as is. label replaces path in the names importers and messages
 * see (NULL = path). A file that fails to import is counted and warned about; the return
 * value is an error only when the build cannot go on (KS_ENOMEM, KS_EIO from the database)
 * or path itself cannot be read (KS_ENOTFOUND, KS_EIO).
 */
int ks_import_path(struct ks_import *im, const char *path, const char *label);

/* Same for bytes already in memory (a downloaded file); name is its label. */
int ks_import_mem(struct ks_import *im, const char *name, const uint8_t *data, size_t len);

#endif
