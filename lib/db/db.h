/*
 * db.h - the local vulnerability database (SQLite): schema, writer, reader.
 *
 * kensa builds its database from public feeds (lib/db/imp_*.c, listed in feeds.def) into
 * one SQLite file and answers every scan from it offline. The writer is used by importers
 * inside one transaction per `db update`/`db import`; the reader is opened read-only by
 * scans (a build happens in a temporary file renamed over the old one, so readers never
 * see a half-built database).
 *
 * Vocabulary
 *   vulnerability  a CVE/GHSA/distro ID with details (title, description, CWE, refs,
 *                  dates), per-source severity and CVSS (vuln_sev), aliases, KEV, EPSS.
 *   advisory       "package P of ecosystem E is affected by vulnerability V according to
 *                  source S": a status, affected ranges, fixed versions for display, and
 *                  the source's per-package severity.
 *   ecosystem (eco) the namespace a package name lives in, as a canonical string:
 *                  OS releases   "<family>:<release>" with Trivy's family names and the
 *                                release granularity the feed uses: "alpine:3.9",
 *                                "alpine:edge", "debian:12", "ubuntu:22.04", "redhat:9",
 *                                "alma:8", "rocky:8", "amazon:2", "oracle:8",
 *                                "cbl-mariner:2.0", "photon:3.0", "opensuse-leap:15.1",
 *                                "sles:15.3", "wolfi", "chainguard"
 *                  languages     "npm", "pypi", "maven", "go", "cargo", "gem",
 *                                "composer", "nuget", "hex", "pub", "swift",
 *                                "cocoapods", "conan"
 *                  ks_db_eco_for_os() maps a detected OS to its eco.
 *   package names  OS: the name the feed uses (source packages for Alpine, Debian,
 *                  Ubuntu; binary rpm names for the rpm distributions). Languages:
 *                  normalised by ks_db_pkg_norm() (PyPI per PEP 503, lower-case for
 *                  nuget/composer, "group:artifact" for Maven, module path for Go).
 *
 * Ranges are stored as JSON (column `ranges`), one object per advisory:
 *   {"r":[{"t":"ECOSYSTEM"|"SEMVER","e":[["introduced","0"],["fixed","1.2.3"],...]}],
 *    "v":["1.0.0", ...],          explicit affected versions (OSV versions[])
 *    "n":["<1.2.3", ...],         native vulnerable expressions (OR), ecosystem syntax
 *    "p":["~> 1.2.4", ...]}       native patched/unaffected expressions (OR): a version
 *                                 matching one of them is not affected
 * Every key is optional. A version is affected when it is inside some "r" range, or
 * equals a "v" version, or satisfies some "n" expression — or, when none of r/v/n is
 * given, always — and satisfies no "p" expression. {} therefore means "every version"
 * (an unfixed OS advisory).
 *
 * Severities are Trivy's scale: 0 UNKNOWN, 1 LOW, 2 MEDIUM, 3 HIGH, 4 CRITICAL.
 */
#ifndef KS_DB_DB_H
#define KS_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "pkg.h"

#define KS_DB_SCHEMA_VERSION 1

enum ks_sev {
	KS_SEV_UNKNOWN = 0,
	KS_SEV_LOW = 1,
	KS_SEV_MEDIUM = 2,
	KS_SEV_HIGH = 3,
	KS_SEV_CRITICAL = 4,
};

/* Advisory statuses (Trivy's names and numbering). */
enum ks_status {
	KS_ST_UNKNOWN = 0,
	KS_ST_NOT_AFFECTED = 1,
	KS_ST_AFFECTED = 2,
	KS_ST_FIXED = 3,
	KS_ST_UNDER_INVESTIGATION = 4,
	KS_ST_WILL_NOT_FIX = 5,
	KS_ST_FIX_DEFERRED = 6,
	KS_ST_END_OF_LIFE = 7,
};

/* "LOW" -> KS_SEV_LOW ...; unknown strings -> KS_SEV_UNKNOWN. Case-insensitive; also
 * accepts the synonyms feeds use ("moderate", "important", "negligible", "untriaged"). */
enum ks_sev ks_sev_parse(const char *s);
const char *ks_sev_name(enum ks_sev s);
/* "fixed" -> KS_ST_FIXED ...; -1 for an unknown name. */
int ks_status_parse(const char *s);
const char *ks_status_name(enum ks_status s);

/* ---------------------------------------------------------------- writer */

struct ks_dbw;

/* Everything an importer may say about a vulnerability. NULL/0 fields are "not known
 * here"; the writer merges what several feeds say (first non-empty wins for title,
 * description, dates; CWE and references are unioned). */
struct ks_vuln_in {
	const char *id;
	const char *source;      /* feed that says this ("nvd", "alpine", "osv", ...) */
	const char *title;
	const char *description;
	const char *published;   /* RFC 3339 */
	const char *modified;
	const char *const *cwe;  /* "CWE-79", NULL-terminated or NULL */
	const char *const *refs; /* URLs, NULL-terminated or NULL */
	int severity;            /* the record's own severity (Trivy's Severity), -1 = none */
};

/* A source's severity and CVSS for a vulnerability (Trivy's VendorSeverity/CVSS). */
struct ks_sev_in {
	const char *vuln_id;
	const char *source; /* "nvd", "redhat", "ubuntu", "ghsa", "alpine", ... */
	int severity;       /* enum ks_sev, -1 = none */
	const char *v2_vector;
	double v2_score;    /* < 0 = none */
	const char *v3_vector;
	double v3_score;
	const char *v40_vector;
	double v40_score;
};

struct ks_adv_in {
	const char *eco;      /* canonical ecosystem, see above */
	const char *pkg;      /* package name as the feed names it (normalised for languages) */
	const char *vuln_id;
	const char *source;   /* feed name */
	int status;           /* enum ks_status */
	const char *ranges;   /* JSON as described above ("{}" = every version) */
	const char *fixed;    /* fixed versions for display, comma-joined ("" if none) */
	int severity;         /* the source's per-package severity, -1 = none */
	const char *vendor_ids; /* JSON array of vendor advisory IDs (DSA-..., RHSA-...) or NULL */
	const char *arches;   /* JSON array of architectures the advisory applies to, or NULL */
	const char *data_source; /* JSON {"ID","Name","URL"} as Trivy prints it, or NULL */
};

/* Creates (truncating) a database at path and starts the build transaction. */
int ks_dbw_create(struct ks_ctx *cx, const char *path, struct ks_dbw **out);
/* Commits, writes the metadata, optimises and closes; the file is then complete. */
int ks_dbw_finish(struct ks_dbw *w);
/* Abandons the build (the file is left for the caller to delete). */
void ks_dbw_abort(struct ks_dbw *w);

int ks_dbw_vuln(struct ks_dbw *w, const struct ks_vuln_in *v);
int ks_dbw_severity(struct ks_dbw *w, const struct ks_sev_in *s);
int ks_dbw_alias(struct ks_dbw *w, const char *vuln_id, const char *alias);
int ks_dbw_advisory(struct ks_dbw *w, const struct ks_adv_in *a);
int ks_dbw_kev(struct ks_dbw *w, const char *cve, const char *date_added,
	const char *due_date, bool ransomware, const char *name);
int ks_dbw_epss(struct ks_dbw *w, const char *cve, double score, double percentile,
	const char *model_date);
/* Records one feed's provenance (shown by `db status`). */
int ks_dbw_feed(struct ks_dbw *w, const char *name, const char *url, const char *etag,
	const char *last_modified, uint64_t records, const char *status, const char *error);

/* ---------------------------------------------------------------- reader */

struct ks_db;

/* Opens an existing database read-only. KS_ENOTFOUND if absent, KS_ECORRUPT if it is not
 * a kensa database, KS_EUNSUPPORTED for another schema version. */
int ks_db_open(struct ks_ctx *cx, const char *path, struct ks_db **out);
void ks_db_close(struct ks_db *db);

/* One advisory row as read (strings valid until the next call on db). */
struct ks_adv {
	const char *eco, *pkg, *vuln_id, *source;
	int status;
	const char *ranges, *fixed;
	int severity;
	const char *vendor_ids, *arches, *data_source;
};

/* Calls fn for every advisory of (eco, pkg); stops early when fn returns non-zero and
 * returns that value. */
int ks_db_advisories(struct ks_db *db, const char *eco, const char *pkg,
	int (*fn)(void *ud, const struct ks_adv *a), void *ud);

/* Calls fn for every advisory about vulnerability id (`db search CVE-...`), or for every
 * advisory of a package name in any ecosystem (`db search openssl`). */
int ks_db_advisories_by_vuln(struct ks_db *db, const char *id,
	int (*fn)(void *ud, const struct ks_adv *a), void *ud);
int ks_db_advisories_by_pkg(struct ks_db *db, const char *pkg,
	int (*fn)(void *ud, const struct ks_adv *a), void *ud);

/* What `db status` shows. Strings in the ctx arena. */
struct ks_db_feedrow {
	const char *name, *url, *imported_at, *status, *error;
	uint64_t records;
};
struct ks_db_info {
	const char *built_at;
	int schema;
	uint64_t vulns, advisories, kev, epss;
	struct ks_db_feedrow *feeds;
	size_t nfeeds;
};
int ks_db_info(struct ks_db *db, struct ks_ctx *cx, struct ks_db_info *out);

/* Details of one vulnerability, strings in the ctx arena. */
struct ks_vuln {
	const char *id;
	const char *title, *description, *published, *modified;
	struct ks_strv cwe, refs, aliases;
	int severity; /* the merged record's own severity, -1 = none */
	struct ks_vsev {
		const char *source;
		int severity;
		const char *v2_vector, *v3_vector, *v40_vector;
		double v2_score, v3_score, v40_score;
	} *sevs;
	size_t nsevs;
	bool kev;
	const char *kev_date_added, *kev_due_date;
	bool kev_ransomware;
	bool has_epss;
	double epss_score, epss_percentile;
};

/* Fills *out for id (KS_ENOTFOUND if the database knows nothing about it). */
int ks_db_vuln(struct ks_db *db, struct ks_ctx *cx, const char *id, struct ks_vuln *out);

/* The ecosystem string for a detected OS (family + release), e.g. alpine 3.9.4 ->
 * "alpine:3.9", debian 10.1 -> "debian:10", ubuntu 18.04 -> "ubuntu:18.04", centos 7.6.1810
 * -> "redhat:7" (CentOS is matched against Red Hat's data, as Trivy does). NULL when kensa
 * has no feed for that OS. Allocated in a. */
const char *ks_db_eco_for_os(struct ks_arena *a, const char *family, const char *release);
/* Normalises a language package name for eco (see above); allocated in a. */
const char *ks_db_pkg_norm(struct ks_arena *a, const char *eco, const char *name);

#endif
