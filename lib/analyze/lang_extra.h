/*
 * lang_extra.h - what the Node.js, Ruby and PHP analyzers share beyond analyze/lang.h:
 * npm "license" values, amortised location lists for files that repeat one package many
 * times, and the cross-file steps Trivy's analyzers take after parsing a lock file.
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
#include "util/str.h"

/* Appends the location [start, end] to p, growing its array geometrically (p->locs must
 * only ever grow through this function). Returns 0 or KS_ENOMEM. */
int ks_lang_pushloc(struct ks_arena *a, struct ks_pkg *p, size_t *cap, unsigned start,
	unsigned end);

/* Sorts p's locations by start, then end line (Go's sort of ftypes.Locations). */
void ks_lang_sortlocs(struct ks_pkg *p);

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
