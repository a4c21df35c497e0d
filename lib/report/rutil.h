/*
 * rutil.h - helpers shared by the report writers other than table and json: the report
 * time, name-based identifiers (UUID-shaped and hex digests) that make outputs
 * reproducible, severity counts, the CVSS score a finding is ranked by, the OS line, and
 * Markdown escaping for the formats that embed Markdown (markdown, sarif).
 *
 * Nothing here allocates except the functions taking an arena, which allocate from it
 * (the writer's scratch arena). Strings from the result are borrowed.
 */
#ifndef KS_REPORT_RUTIL_H
#define KS_REPORT_RUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "report/report.h"
#include "util/buf.h"

#define KS_REP_UUID_LEN 36 /* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
#define KS_REP_HEX_LEN 64  /* a SHA-256 in hex */

/* s, or "" for NULL. */
static inline const char *ks_rep_s(const char *s)
{
	return s != NULL ? s : "";
}

/*
 * Parses an RFC 3339 date-time ("2021-08-25T12:20:30Z", "...T12:20:30.5+02:00") or a bare
 * date ("2021-08-25", taken as midnight UTC) into seconds since the epoch. False for
 * anything else, including out-of-range fields.
 */
bool ks_rep_parse_time(const char *s, time_t *out);

/* The report time: ro->created_at when set (KS_EUSAGE with a message if it is not RFC
 * 3339), else the current time. */
int ks_rep_time(const struct kensa_report_options *ro, time_t *out, struct ks_err *err);

/* How ks_rep_fmt_time() writes a time (always UTC). */
enum ks_rep_tfmt {
	KS_REP_T_Z,      /* 2021-08-25T12:20:30Z (RFC 3339) */
	KS_REP_T_OFFSET, /* 2021-08-25T12:20:30+00:00 (RFC 3339, as Trivy's CycloneDX) */
	KS_REP_T_BARE,   /* 2021-08-25T12:20:30 (GitLab, JUnit: no zone) */
};

/* Formats t in UTC as style says into buf (at least 32 bytes). */
void ks_rep_fmt_time(time_t t, enum ks_rep_tfmt style, char *buf, size_t n);

/*
 * Name-based identifiers: SHA-256 over the NULL-terminated list of strings, each followed
 * by a 0 byte so that ("ab","c") and ("a","bc") differ. ks_rep_uuid() writes the first 16
 * bytes as a UUID with the version 5 and RFC 4122 variant bits set (the layout schemas
 * that want a UUID accept); ks_rep_hex() the whole digest in lower-case hex. Equal inputs
 * always give equal identifiers. Return 0 or KS_ENOMEM/KS_EINTERNAL from libcrypto.
 */
int ks_rep_uuid(char out[KS_REP_UUID_LEN + 1], ...) __attribute__((sentinel));
int ks_rep_hex(char out[KS_REP_HEX_LEN + 1], ...) __attribute__((sentinel));

/* Adds the target's findings to counts[], indexed by enum ks_sev (out-of-range severities
 * count as UNKNOWN). */
void ks_rep_count(const struct ks_target *t, size_t counts[KS_SEV_CRITICAL + 1]);

/* The finding's severity as an index into enum ks_sev (UNKNOWN when out of range). */
int ks_rep_sev(const struct ks_finding *f);

/*
 * The CVSS v3 base score the finding's severity came from (the CVSS of its
 * SeveritySource), as Trivy's SARIF report ranks findings; -1 when that source gives no
 * v3 score. *vector (if vector is not NULL) gets the matching vector or NULL.
 */
double ks_rep_cvss3(const struct ks_finding *f, const char **vector);

/* "alpine 3.9.4" for the result's OS, or NULL when none was identified. */
const char *ks_rep_os(struct ks_arena *a, const struct kensa_result *r);

/* True if url is an absolute http:// or https:// URL without white space, control
 * characters, quotes, angle brackets or backslashes (safe to emit as a link). */
bool ks_rep_http_url(const char *url);

/*
 * Appends s as inert Markdown inline text (a table cell, a heading): line breaks become
 * spaces, the characters that start inline markup or end a cell (\ ` * _ [ ] | ~) are
 * backslash-escaped, "<", ">" and "&" become entities (so no HTML passes), other control
 * characters become U+FFFD, and an "@" gets a zero-width space after it so that text
 * cannot mention users in a pull-request comment.
 */
int ks_rep_md(struct ks_buf *b, const char *s);

/* Appends [text](url) with text escaped as by ks_rep_md(), or the escaped text alone
 * when url is NULL or not a plain http(s) URL. */
int ks_rep_md_link(struct ks_buf *b, const char *text, const char *url);

#endif
