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

/* Trivy's packagejson.IsValidName: true for the empty name and for names matching
 * `^(@[A-Za-z0-9-._]+/)?[A-Za-z0-9-._]+$`. */
bool ks_lang_npm_valid_name(struct ks_str name);

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

/* Access to the other files of the scanned tree that are kept for cross-file steps. */
struct ks_lang_tree {
	/* Calls fn(fud, f) for each kept file whose clean relative path is dir or lies below
	 * it (dir "" = every file), in any order, and returns the first non-zero result of
	 * fn (else 0). *f is valid during the call, f->path and f->data as long as the
	 * scan arena. */
	int (*under)(void *ud, const char *dir, int (*fn)(void *fud, const struct ks_file *f),
		void *fud);
	void *ud;
};

/*
 * The yarn analyzer's patterns (Trivy's yarn parser returns them beside the packages):
 * the "yarn" analyzer leaves in its result's kept bytes, for each entry of the lock file
 * in file order, the entry's package ID and then each of its patterns ("name@range", the
 * dependency.ID of the entry's name and each range of its header), every string
 * NUL-terminated, the entry closed by an empty string. IDs and patterns are never empty.
 */

/*
 * Trivy's yarn analyzer step (yarn_manifest.c; the rules are in its header comment): with
 * pkgjson, the package.json in the directory of the yarn.lock whose result is lock (as
 * the "yarn" analyzer produced it, patterns in lock->kept), and the package.json files
 * the manifest's "workspaces" globs reach through tree (which may be NULL), the project
 * becomes a root package and each workspace a workspace package, each with its direct
 * dependencies in DependsOn; locked packages their dependencies, devDependencies and
 * optionalDependencies name become direct ones (renamed to the original name of an
 * "npm:" alias, keeping their ID), what those pull in indirect ones, and development
 * dependencies those only development dependencies reach. lock->pkgs is replaced by a
 * new array. A package.json that does not parse (the lock file's own one), a malformed
 * workspace glob or a version Trivy's npm comparer cannot match leaves lock unchanged
 * and returns KS_ECORRUPT with a message naming pkgjson (Trivy warns and carries on); a
 * workspace package.json that does not parse is skipped with a warning naming it.
 * KS_ELIMIT when the globs or the walk exceed fixed bounds (lock unchanged); KS_ENOMEM.
 */
int ks_lang_yarn_package_json(struct ks_ctx *cx, struct ks_ares *lock,
	const struct ks_file *pkgjson, const struct ks_lang_tree *tree);

/*
 * Trivy's licence step for Node.js lock files: each package of lock (an npm, yarn, pnpm
 * or bun result for the lock file at lock_path) without licences takes the licences of
 * the installed package (node-pkg results, n of them, file_path set) with the same ID
 * (name@version; for a lock package with an explicit ID, that ID, as Trivy keys licences
 * by package ID) whose package.json lies under the node_modules directory next to the
 * lock file. Returns 0 or KS_ENOMEM.
 */
int ks_lang_node_licenses(struct ks_ctx *cx, struct ks_ares *lock, const char *lock_path,
	const struct ks_pkg *installed, size_t n);

#endif
