/*
 * analyzer.h - the analyzer interface and registry.
 *
 * An analyzer turns one file into packages and/or an OS identification. The scanner asks
 * every analyzer's wants() about every file of every layer (path only: it must be cheap),
 * reads the wanted files into memory (at most max_size bytes, else a warning) and calls
 * parse(). parse() allocates everything it returns in cx->arena. A corrupt file is
 * reported by returning a negative KS_E* code with a message in cx->err; the scanner turns
 * that into a warning naming the file and carries on, so parse() must leave *out in a
 * consistent state (packages added before the failure are discarded by the caller).
 *
 * Analyzers are listed in analyzers.def; adding one is one file plus one line there.
 */
#ifndef KS_ANALYZE_ANALYZER_H
#define KS_ANALYZE_ANALYZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "pkg.h"

enum ks_akind {
	KS_AK_OS = 1,    /* identifies the operating system */
	KS_AK_OSPKG = 2, /* OS package database (apk, dpkg, rpm) */
	KS_AK_LANG = 3,  /* language packages */
	KS_AK_AUX = 4,   /* companion files kept for steps joining files (layer/join.c) */
};

struct ks_file {
	const char *path;    /* clean relative path inside the image/tree ("etc/os-release") */
	const uint8_t *data; /* whole content, borrowed for the duration of parse() */
	size_t size;
};

/* Which scans run an analyzer (Trivy's split): post-build artifacts (images, root
 * filesystems: installed package metadata, binaries) and pre-build trees (fs/repo:
 * lock files). */
enum { KS_MODE_POST = 1, KS_MODE_PRE = 2, KS_MODE_ALL = 3 };

struct ks_analyzer {
	const char *name;  /* reported as AnalyzedBy, e.g. "dpkg" */
	enum ks_akind kind;
	unsigned modes;    /* KS_MODE_* it runs in; 0 = all */
	int version;       /* bump when output for the same input changes (cache key) */
	uint64_t max_size; /* files larger than this are skipped with a warning; 0 = ctx limit */
	bool exec_only;    /* only regular files with an execute bit (executables, as Trivy) */
	/* Cheap, path-only decision; path is clean and relative. */
	bool (*wants)(const char *path, size_t pathlen);
	int (*parse)(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out);
};

#define KS_ANALYZER(id) extern const struct ks_analyzer ks_analyzer_##id;
#include "analyze/analyzers.def"
#undef KS_ANALYZER

/* All analyzers, in analyzers.def order, NULL-terminated. */
extern const struct ks_analyzer *const ks_analyzers[];
/* Number of analyzers in ks_analyzers. */
size_t ks_analyzers_count(void);

#endif
