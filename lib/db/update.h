/*
 * update.h - building the database: `db update` (download every catalogued feed, from
 * upstream or a mirror, then build) and `db import` (build from local paths), both into a
 * temporary file that is renamed over <cache>/db/kensa.db only when the build succeeded,
 * so the previous database survives any failure and readers (which open it immutable)
 * never see a half-built one.
 */
#ifndef KS_DB_UPDATE_H
#define KS_DB_UPDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"
#include "db/fetch.h"

struct ks_update_opts {
	const char *cache_dir;    /* NULL = ks_db_default_cache_dir() */
	const char *mirror;       /* base URL (http, https, file) of a feeds mirror, or NULL */
	const char *const *feeds; /* only these importer names (NULL = all) */
	size_t nfeeds;
	struct ks_fetch_opts fetch;
	int year;                 /* NVD's last yearly file; 0 = this year */
};

/* $XDG_CACHE_HOME/kensa, else $HOME/.cache/kensa (arena). */
const char *ks_db_default_cache_dir(struct ks_arena *a);
/* <cache>/db/kensa.db (arena). */
const char *ks_db_file(struct ks_arena *a, const char *cache_dir);

/*
 * Downloads (conditionally) every catalogued feed file into <cache>/feeds and builds a new
 * database from them. A feed whose download fails falls back to its previously
 * downloaded copy (reported as stale); one that is absent (404) is skipped. If a feed has
 * neither a fresh nor an old copy, the new database is installed only when there was no
 * previous one, and KS_ENET is returned either way; any other failure leaves the previous
 * database untouched.
 */
int ks_db_update(struct ks_ctx *cx, const struct ks_update_opts *o);

/* Builds a new database from local paths only (directories, archives, files). */
int ks_db_import(struct ks_ctx *cx, const struct ks_update_opts *o, const char *const *paths,
	size_t n);

#endif
