/*
 * lang_extra.h - what the Node.js, Ruby and PHP analyzers share beyond analyze/lang.h:
 * npm "license" values, a package set that merges the entries of one package in linear
 * time, the composer.lock reader composer_vendor.c shares, and the cross-file steps
 * Trivy's analyzers take after parsing a lock file.
 *
 * Everything a helper returns is allocated in the scan arena (cx->arena) and owned by it;
 * views passed in are borrowed for the duration of the call.
 *
 * Cross-file steps: Trivy completes some lock files with a companion file next to them
 * (composer.json says which composer.lock packages are direct) or with the installed
 * packages under the lock file's node_modules (licences of npm/yarn/pnpm/bun packages).
 * An analyzer's parse() sees one file, so these steps are separate functions the scanner
 * calls once every file of a tree has been parsed: ks_lang_composer_json() and
 * ks_lang_node_licenses().
 */
#ifndef KS_ANALYZE_LANG_EXTRA_H
#define KS_ANALYZE_LANG_EXTRA_H

#include <stdbool.h>
#include <stddef.h>

#include "analyze/analyzer.h"
#include "util/map.h"
#include "util/str.h"

/*
 * The packages of one file keyed by name@version, for lock files that list a package
 * several times (one entry per install path): finding the package of an ID and adding a
 * location to it take constant amortised time, so a file that repeats one package many
 * times costs linear time and memory (ks_lang_unique() in analyze/lang.h copies the
 * location array at each merge). The set borrows out; release it before out goes away.
 */
struct ks_lang_set {
	struct ks_map ids; /* "name@version" -> index + 1 in out->pkgs */
	size_t *loccap;    /* capacity of each package's location array (heap) */
	size_t ncap;
	struct ks_ares *out;
};

void ks_lang_set_init(struct ks_lang_set *s, struct ks_ares *out);
void ks_lang_set_release(struct ks_lang_set *s);

/* The index in out->pkgs of package name@version, appended (relationship unknown, layer
 * -1) when it is not there yet; *fresh tells which. Returns 0 or KS_ENOMEM. */
int ks_lang_set_get(struct ks_ctx *cx, struct ks_lang_set *s, struct ks_str name,
	struct ks_str version, size_t *idx, bool *fresh);

/* Appends the location [start, end] to package idx of the set. Returns 0 or KS_ENOMEM. */
int ks_lang_set_loc(struct ks_ctx *cx, struct ks_lang_set *s, size_t idx, unsigned start,
	unsigned end);

/* Sorts every package's locations (by start, then end line, as Go sorts ftypes.Locations)
 * and its dependencies (analyze/lang.h, ks_lang_sort_deps()). */
void ks_lang_set_sort(struct ks_lang_set *s);

/*
 * Reads an npm "license" value (the JSON span v): a string, a legacy {"type": ...} object
 * or an array of strings and such objects; other shapes and empty names give nothing.
 * Each name is normalised (util/license.h) and appended to *out. KS_ECORRUPT with
 * "<an>: '<path>': bad license" for a malformed string; KS_ENOMEM.
 */
int ks_lang_npm_licenses(struct ks_ctx *cx, const char *an, const struct ks_file *f,
	struct ks_str v, struct ks_strv *out);

/*
 * Reads the package list of a composer.lock (vendor false: "packages", then
 * "packages-dev" as development dependencies) or of a vendor/composer/installed.json
 * (vendor true: Composer 2's {"packages": [...]} or Composer 1's top-level array) into out
 * (composer.c; the rules are in its header comment). an names the analyzer in messages.
 * Returns 0, KS_ECORRUPT with a message naming the file, KS_ENOMEM.
 */
int ks_lang_composer_parse(struct ks_ctx *cx, const char *an, const struct ks_file *f,
	bool vendor, struct ks_ares *out);

/*
 * Trivy's composer analyzer step: with composer.json (the companion file, whole content in
 * f) next to a composer.lock whose packages are lock->pkgs, a package named in its
 * "require" object becomes a direct dependency and every other one indirect. A
 * composer.json that does not parse leaves the relationships as they are and returns
 * KS_ECORRUPT with a message (Trivy warns and carries on). KS_ENOMEM.
 */
int ks_lang_composer_json(struct ks_ctx *cx, struct ks_ares *lock, const struct ks_file *f);

/*
 * Trivy's licence step for Node.js lock files: each package of lock (an npm, yarn, pnpm
 * or bun result for the lock file at lock_path) without licences takes the licences of
 * the installed package (node-pkg results, n of them, file_path set) with the same name
 * and version whose package.json lies under the node_modules directory next to the lock
 * file. Returns 0 or KS_ENOMEM.
 */
int ks_lang_node_licenses(struct ks_ctx *cx, struct ks_ares *lock, const char *lock_path,
	const struct ks_pkg *installed, size_t n);

#endif
