/*
 * osv_common.h - helpers shared by the OSV, secdb (Alpine/Wolfi/Chainguard) and Wolfi
 * advisory importers (imp_osv.c, imp_alpine.c, imp_wolfi.c); private to lib/db.
 *
 * - A bounded YAML loader that turns one YAML document into a jansson tree, so YAML and
 *   JSON records go through the same code.
 * - Small readers for jansson trees that never trust the shape of their input.
 * - Vulnerability-ID syntax (CVE-YYYY-NNNN and friends).
 * - Builders for the column values db.h defines: the `ranges` JSON, the `data_source`
 *   JSON and JSON string arrays (vendor_ids, arches).
 * - One helper that writes the simple OS advisory the secdb and Wolfi feeds describe:
 *   "package P of eco E is fixed in version X", "not affected" or "affected, no fix".
 *
 * Ownership: every char * these functions return is malloc'd and freed by the caller with
 * free(); jansson trees are released with json_decref(). Nothing here touches the scan
 * arena (an import writes thousands of rows; per-row scratch must not accumulate there).
 */
#ifndef KS_DB_OSV_COMMON_H
#define KS_DB_OSV_COMMON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "db/db.h"
#include "util/str.h"
#include "util/yaml.h"


/* The non-empty string member `key` of obj, or NULL (obj not an object, key absent, value
 * not a string or empty). */
const char *ks_imp_str(const json_t *obj, const char *key);
/* The member `key` of obj if it is an object / array, else NULL. */
json_t *ks_imp_obj(const json_t *obj, const char *key);
json_t *ks_imp_arr(const json_t *obj, const char *key);
/* A number member (JSON number, or a string holding a decimal number as YAML gives it),
 * or -1 when absent or not a non-negative number. */
double ks_imp_num(const json_t *obj, const char *key);

/* True for a well-formed CVE ID (feedkit's ks_fk_cve_ok()). */
bool ks_imp_is_cve(struct ks_str s);
/* True if a token of free text names a vulnerability or advisory: an identifier in the
 * sense of ks_fk_id_ok() of 3..64 bytes that starts with a letter and contains a '-', and
 * a well-formed CVE ID when it starts with "CVE-" ("XSA-201", "GHSA-...", not "N/A",
 * "XPTI" or "CVE-????-????"). */
bool ks_imp_is_vuln_id(struct ks_str s);

/* {"ID":id,"Name":name,"URL":url} with empty/NULL members left out (Go omitempty), or
 * NULL when all three are empty. *out is malloc'd; returns 0 or KS_ENOMEM. */
int ks_imp_datasource(const char *id, const char *name, const char *url, char **out);
/* A compact JSON array of the n strings (NULL when n == 0). Returns 0 or KS_ENOMEM. */
int ks_imp_strarray(const char *const *v, size_t n, char **out);
/* Serialises a jansson value compactly in insertion order; NULL on allocation failure. */
char *ks_imp_dump(const json_t *v);

/*
 * The ranges JSON of db.h, built incrementally. Each range is opened with
 * ks_imp_ranges_open(), given events with ks_imp_ranges_event(), and closed implicitly by
 * the next open or the dump. Events of a range are kept in the order they are added.
 */
struct ks_imp_ranges {
	json_t *r, *v, *n, *p; /* arrays, NULL until first used */
	json_t *cur;           /* events array of the range being filled */
};

void ks_imp_ranges_init(struct ks_imp_ranges *rg);
void ks_imp_ranges_release(struct ks_imp_ranges *rg);
/* type: "ECOSYSTEM" or "SEMVER". */
int ks_imp_ranges_open(struct ks_imp_ranges *rg, const char *type);
/* kind: "introduced", "fixed", "last_affected" or "limit". */
int ks_imp_ranges_event(struct ks_imp_ranges *rg, const char *kind, const char *version);
/* Appends a string to "v" (explicit versions), "n" (native vulnerable expressions) or "p"
 * (native patched/unaffected expressions). which is 'v', 'n' or 'p'. */
int ks_imp_ranges_add(struct ks_imp_ranges *rg, char which, const char *s);
/* The JSON text ("{}" when nothing was added); malloc'd, NULL on allocation failure. */
char *ks_imp_ranges_dump(const struct ks_imp_ranges *rg);

/* The ranges value of a "not affected" advisory: a range that contains no version
 * (introduced "0" and fixed "0": OSV's evaluation makes it empty). */
extern const char ks_imp_ranges_none[];

/*
 * Writes the advisory "pkg of eco is affected by id" as the secdb and Wolfi feeds state it:
 * fixed != NULL -> status fixed, ranges [0, fixed); fixed "0" -> not_affected (Alpine's
 * "never affected"); fixed == NULL -> status as given with ranges {} (every version) or, for
 * KS_ST_NOT_AFFECTED, ks_imp_ranges_none. fixed_display is what the report prints as the
 * fixed version ("" when none). Returns what ks_dbw_advisory returns, or KS_ENOMEM.
 */
int ks_imp_os_advisory(struct ks_dbw *w, const char *eco, const char *pkg, const char *id,
	const char *source, int status, const char *fixed, const char *vendor_ids,
	const char *data_source);

#endif
