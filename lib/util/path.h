/*
 * path.h - normalisation of paths taken from untrusted archives.
 *
 * Layer and archive entries are addressed by a clean relative path: no leading "/" or
 * "./", no empty, "." or ".." components. Paths that would climb above the root are
 * rejected, never clamped, because such an entry is a sign of a hostile archive.
 */
#ifndef KS_UTIL_PATH_H
#define KS_UTIL_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum {
	KS_PATH_ABSOLUTE = 1, /* the input started with "/" */
	KS_PATH_DOTDOT = 2,   /* the input contained ".." components (resolved inside root) */
};

/*
 * Cleans in[0..n) into out (capacity size, NUL-terminated). *flags gets KS_PATH_* bits.
 * Returns 0, KS_EUNSAFE when ".." climbs above the root, KS_ELIMIT when out is too small,
 * KS_ECORRUPT when the path contains a NUL byte. The root itself cleans to "".
 */
int ks_path_clean(const char *in, size_t n, char *out, size_t size, int *flags);

/* True if path equals dir or lies below it ("a/b" is under "a"; "ab" is not). dir ""
 * contains everything. */
bool ks_path_under(const char *path, const char *dir);

/* The last component of a clean path. */
const char *ks_path_base(const char *path);

/*
 * Go's filepath.Join(dir, rel) on Unix: the two joined with "/" and cleaned lexically as
 * Go's Clean does (repeated slashes folded, "." dropped, "x/.." removed, ".." at the
 * start of a rooted path dropped, leading ".." of a relative path kept, an empty result
 * "."; two empty arguments give ""). For
 * values Trivy derives from the paths it opens. NULL on out-of-memory.
 */
char *ks_path_gojoin(struct ks_arena *a, const char *dir, const char *rel);

#endif
