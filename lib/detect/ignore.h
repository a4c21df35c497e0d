/*
 * ignore.h - Trivy's ignore files: `.trivyignore` (one vulnerability ID per line,
 * optionally "exp:YYYY-MM-DD", "#" comments) and `.trivyignore.yaml` (vulnerabilities:
 * [{id, paths, purls, statement, expired_at}]). A rule whose expiry date has passed no
 * longer ignores anything.
 */
#ifndef KS_DETECT_IGNORE_H
#define KS_DETECT_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"
#include "pkg.h"

struct ks_ignore_rule {
	const char *id;
	const char *expires;    /* "YYYY-MM-DD" or NULL */
	struct ks_strv paths;   /* globs over the package's file path / target; empty = any */
	struct ks_strv purls;   /* package URLs (exact, or without qualifiers); empty = any */
	const char *statement;
	size_t line;
};

struct ks_ignore {
	struct ks_ignore_rule *rules;
	size_t n, cap;
};

/* Loads the ignore file at path (the format is chosen by its name: .yaml/.yml is YAML).
 * KS_ENOTFOUND if it does not exist, KS_ECORRUPT with a message naming the line for a
 * malformed file. */
int ks_ignore_load(struct ks_ctx *cx, const char *path, struct ks_ignore *out);

/* The rule that ignores vulnerability id (or one of its aliases) for a package at path
 * with purl, as of today ("YYYY-MM-DD"), or NULL. */
const struct ks_ignore_rule *ks_ignore_match(const struct ks_ignore *ig, const char *id,
	const struct ks_strv *aliases, const char *path, const char *purl, const char *today);

#endif
