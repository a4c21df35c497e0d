/*
 * cargo.h - the cross-file step of the cargo analyzer (lib/analyze/cargo.c).
 *
 * Trivy reads the Cargo.toml next to a Cargo.lock to find the project's own package (root)
 * and its workspace members, keep only what they depend on at build and run time (dev
 * dependencies and what only they pull in are dropped) and mark direct and indirect
 * dependencies. An analyzer's parse() sees one file, so the scanner calls
 * ks_cargo_manifest() with the Cargo.lock result and the Cargo.toml beside it; workspace
 * members are read through the tree callback. Everything added lives in cx->arena.
 */
#ifndef KS_ANALYZE_CARGO_H
#define KS_ANALYZE_CARGO_H

#include "analyze/analyzer.h"

/* Access to the other files of the scanned tree, for workspace members. */
struct ks_cargo_tree {
	/* Calls fn(fud, f) for each file whose clean relative path matches pattern (Go's
	 * path.Match syntax: *, ?, [...] within one path element), in lexical order, and
	 * returns the first non-zero result of fn (else 0). */
	int (*glob)(void *ud, const char *pattern,
		int (*fn)(void *fud, const struct ks_file *f), void *fud);
	void *ud;
};

/*
 * Applies the manifest toml (the Cargo.toml in the Cargo.lock's directory) to lock, the
 * Cargo.lock result, as Trivy's cargo analyzer does: the manifest's package (or, for a
 * virtual workspace, a package named by the hash of the manifest as Trivy computes it)
 * becomes root, each workspace member (members globs resolved through tree, which may be
 * NULL) "workspace"; a dependency of the root or a member that its manifest declares in
 * [dependencies], [target.*.dependencies] or, for the root, [workspace.dependencies] is
 * direct (when several versions of a name are reachable, the declared requirement picks);
 * everything they pull in is indirect; every other package is dropped and the root and
 * members keep only dependencies that remain. A member manifest that cannot be read is
 * skipped with a warning. KS_ECORRUPT (message names the manifest) when the root
 * manifest is not valid TOML of the expected shape, with lock left unchanged (Trivy then
 * reports the lock file as parsed); KS_ENOMEM.
 */
int ks_cargo_manifest(struct ks_ctx *cx, struct ks_ares *lock, const struct ks_file *toml,
	const struct ks_cargo_tree *tree);

#endif
