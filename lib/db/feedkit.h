/*
 * feedkit.h - small pieces several feed importers (imp_*.c) share, next to those in
 * osv_common.h (YAML/JSON loading into jansson, the ranges and data-source JSON):
 * per-file accounting of skipped records with a bounded number of warnings, Trivy's
 * score-to-severity scale, time stamp normalisation to RFC 3339, identifier checks, JSON
 * string quoting into a ks_buf and Trivy's fixed-version display string. Nothing here keeps state
 * beyond the structures the caller owns; buffers are the caller's ks_buf. Private to lib/db.
 */
#ifndef KS_DB_FEEDKIT_H
#define KS_DB_FEEDKIT_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/str.h"

/* Warnings written per file before the rest are only counted. */
#define KS_FK_MAXWARN 10

/* Accounting for one imported file. */
struct ks_fk {
	struct ks_ctx *cx;
	const char *feed; /* importer name, first word of every warning */
	const char *path; /* the file, as the driver names it */
	unsigned long skipped;
};

void ks_fk_init(struct ks_fk *k, struct ks_ctx *cx, const char *feed, const char *path);
/* Records that the record named rec (may be NULL) was skipped for the reason fmt; the first
 * KS_FK_MAXWARN skips of a file become warnings ("nvd: 'f.json': CVE-1: bad score"), the
 * rest are counted. Returns 0, or KS_ENOMEM when the warning cannot be stored. */
int ks_fk_skip(struct ks_fk *k, const char *rec, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Emits one summary warning for the skips beyond KS_FK_MAXWARN; returns 0 or KS_ENOMEM. */
int ks_fk_finish(struct ks_fk *k);
/* Sets cx->err to "<feed>: '<path>': <message>" and returns code. */
int ks_fk_fail(struct ks_fk *k, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Trivy's CVSS base score to severity: >= 9 CRITICAL, >= 7 HIGH, >= 4 MEDIUM, > 0 LOW,
 * else UNKNOWN. */
enum ks_sev ks_fk_score_sev(double score);

/*
 * Normalises a feed time stamp to RFC 3339 in out (at least 40 bytes): accepts a date
 * "YYYY-MM-DD", or a date, "T", "HH:MM" with optional ":SS" and fraction, then "Z", a
 * "+hh:mm"/"+hhmm" offset or nothing (taken as UTC). Seconds default to 00, a missing zone
 * becomes "Z", "+0000" becomes "+00:00", a date alone stays a date. False (out = "") for
 * anything else, including out-of-range fields.
 */
bool ks_fk_time(struct ks_str in, char *out, size_t size);

/* True if s looks like a vulnerability or advisory identifier: 1..128 bytes of ASCII
 * letters, digits and ._:- (CVE-2021-44228, GHSA-xxxx-xxxx-xxxx, NSWG-ECO-1). */
bool ks_fk_id_ok(struct ks_str s);
/* True if s is "CVE-YYYY-NNNN..." (4 to 19 digits after the year). */
bool ks_fk_cve_ok(struct ks_str s);

/* True if text has a line starting with key (for detect() on a file's first bytes). */
bool ks_fk_line_key(struct ks_str text, const char *key);

/* Appends s as a JSON string literal (quotes added, ", \ and control bytes escaped). */
int ks_fk_json_str(struct ks_buf *b, struct ks_str s);

/* Sets b to v[0..n) joined by ", ", each distinct string once, in first-seen order
 * (Trivy's FixedVersion). */
int ks_fk_join_unique(struct ks_buf *b, const struct ks_str *v, size_t n);

#endif
