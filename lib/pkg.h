/*
 * pkg.h - the package inventory model shared by analyzers, the scanner and the writers.
 *
 * All strings and arrays a package points to live in the scan arena (ctx.h). Field
 * meanings follow Trivy's report: Version excludes the epoch and, for rpm, the release;
 * dpkg and apk keep their whole version string in Version (the epoch of a Debian version
 * is also split into Epoch).
 */
#ifndef KS_PKG_H
#define KS_PKG_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"

/* A growable array of arena strings. */
struct ks_strv {
	const char **v;
	size_t n, cap;
};

/* Appends s (already in the arena, or copied by the caller) to sv; KS_ENOMEM on failure. */
int ks_strv_push(struct ks_arena *a, struct ks_strv *sv, const char *s);
/* Copies n bytes of s into the arena and appends the copy. */
int ks_strv_pushn(struct ks_arena *a, struct ks_strv *sv, const char *s, size_t n);

/* Where a package is declared in a lock file (1-based lines, inclusive). */
struct ks_loc {
	unsigned start, end;
};

/* Dependency relationship (Trivy's order: unknown sorts last). A workspace is a project
 * of a multi-project lock file other than its root (npm/bun workspaces, .NET projects). */
enum ks_rel {
	KS_REL_UNKNOWN = 0,
	KS_REL_ROOT = 1,
	KS_REL_WORKSPACE = 2,
	KS_REL_DIRECT = 3,
	KS_REL_INDIRECT = 4,
};

/* Trivy's JSON spelling ("root", "workspace", "direct", "indirect"; NULL for unknown) and
 * its inverse (unknown for NULL or anything else). */
const char *ks_rel_name(int rel);
int ks_rel_parse(const char *s);

struct ks_pkg {
	const char *name;
	const char *version;
	const char *release; /* rpm only */
	int epoch;
	const char *arch;
	const char *src_name;
	const char *src_version;
	const char *src_release;
	int src_epoch;
	struct ks_strv licenses;
	const char *maintainer;
	const char *vendor;          /* rpm VENDOR */
	const char *modularitylabel; /* rpm MODULARITYLABEL */
	const char *digest;          /* "md5:<hex>" (rpm SIGMD5) or "sha1:...", optional */
	const char *file_path;       /* lang packages: file the package was found in */
	struct ks_strv files;        /* files the package installed (clean relative paths) */
	struct ks_strv depends_on;   /* IDs ("name@version") of packages this one depends on */
	const char *analyzed_by;     /* analyzer name ("apk", "dpkg", "rpm"), set by the scanner */
	const char *id;              /* explicit ID when the analyzer sets one (lock files whose
				      * IDs Trivy builds differently); NULL = ks_pkg_id() rules */
	bool dev;                    /* development-only dependency */
	int relationship;            /* enum ks_rel */
	struct ks_loc *locs;         /* lock-file lines, arena array */
	size_t nlocs;
	int layer;                   /* index of the introducing layer, -1 if unknown */
};

/* Operating-system identification found by an OS analyzer. */
struct ks_os {
	const char *family; /* "alpine", "debian", "ubuntu", "redhat", ... ; NULL = none */
	const char *name;   /* release, e.g. "3.9.4", "10.1", "2 (Karoo)" */
	int prio;           /* analyzer precedence when several files name an OS */
	bool extended;      /* e.g. Ubuntu ESM, Alpine edge; informational */
};

/* What one analyzer made of one file. */
struct ks_ares {
	struct ks_os os;
	struct ks_pkg *pkgs;
	size_t npkgs, cappkgs;
	const uint8_t *kept; /* KS_AK_AUX analyzers: the file's bytes (arena), nkept of them */
	size_t nkept;
};

/* Appends a zeroed package (layer = -1) to out; NULL on out-of-memory. */
struct ks_pkg *ks_ares_addpkg(struct ks_ctx *cx, struct ks_ares *out);

/* Trivy-style identity used for layer attribution and de-duplication: true when name,
 * version, release, epoch and arch are all equal. */
bool ks_pkg_same(const struct ks_pkg *a, const struct ks_pkg *b);

#endif
