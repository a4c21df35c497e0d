/*
 * catalog.h - where each feed file is downloaded from: its upstream URL and its path
 * inside a feeds mirror (a directory or web server laid out like ../shared/feeds, e.g.
 * "alpine/v3.18/main.json", "osv/npm/all.zip", "nvd/1.1/nvdcve-1.1-2021.json.gz").
 * Feeds distributed as git repositories upstream are fetched as the forge's tarball;
 * a mirror holds them as "<dir>.tar.gz" (http) or as the plain directory (file://).
 */
#ifndef KS_DB_CATALOG_H
#define KS_DB_CATALOG_H

#include <stddef.h>

#include "util/arena.h"

struct ks_source {
	const char *feed; /* importer name (informational; detection decides) */
	const char *path; /* relative path in a mirror */
	const char *url;  /* upstream URL, NULL when the feed may only come from a mirror */
	int tree;         /* a directory in a mirror, a tarball upstream */
};

/* Fills *out with the catalog (arena memory); *n gets its length. `year` is the current
 * year (NVD's yearly files run up to it). */
int ks_catalog(struct ks_arena *a, int year, const struct ks_source **out, size_t *n);

/* Percent-encodes what a URL path cannot carry (controls, space, non-ASCII, "#%?" and the
 * like) plus the characters in extra; arena memory. */
const char *ks_url_escape(struct ks_arena *a, const char *s, const char *extra);

#endif
