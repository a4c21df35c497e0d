/*
 * dbw.c - building the vulnerability database (see db.h).
 *
 * The whole build is one transaction with journaling and syncing off (the file is a
 * temporary one; a crash leaves garbage that is never renamed into place), every insert
 * a prepared statement. Indexes are created at the end, which is faster than keeping them
 * up to date row by row.
 */
#include "db/db.h"
#include "util/str.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
	ST_VULN,
	ST_VULN_GET,
	ST_VULN_MERGE,
	ST_CWE,
	ST_REF,
	ST_SEV,
	ST_ALIAS,
	ST_ADV,
	ST_KEV,
	ST_EPSS,
	ST_FEED,
	ST__COUNT
};

static const char *const sql_stmts[ST__COUNT] = {
	[ST_VULN] = "INSERT OR IGNORE INTO vulns(id, title, description, published, modified, "
		    "severity) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_VULN_GET] = "SELECT 1 FROM vulns WHERE id = ?1",
	[ST_VULN_MERGE] = "UPDATE vulns SET "
			  "title = COALESCE(NULLIF(title, ''), ?2), "
			  "description = COALESCE(NULLIF(description, ''), ?3), "
			  "published = COALESCE(NULLIF(published, ''), ?4), "
			  "modified = COALESCE(NULLIF(modified, ''), ?5), "
			  "severity = CASE WHEN severity < 0 THEN ?6 ELSE severity END "
			  "WHERE id = ?1",
	[ST_CWE] = "INSERT OR IGNORE INTO vuln_cwe(vuln_id, cwe) VALUES (?1, ?2)",
	[ST_REF] = "INSERT OR IGNORE INTO vuln_refs(vuln_id, url) VALUES (?1, ?2)",
	[ST_SEV] = "INSERT OR REPLACE INTO vuln_sev(vuln_id, source, severity, v2_vector, v2_score, "
		   "v3_vector, v3_score, v40_vector, v40_score) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_ALIAS] = "INSERT OR IGNORE INTO aliases(vuln_id, alias) VALUES (?1, ?2)",
	[ST_ADV] = "INSERT OR IGNORE INTO advisories(eco, pkg, vuln_id, source, status, ranges, "
		   "fixed, severity, vendor_ids, arches, data_source) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[ST_KEV] = "INSERT OR REPLACE INTO kev(cve, date_added, due_date, ransomware, name) "
		   "VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_EPSS] = "INSERT OR REPLACE INTO epss(cve, score, percentile, model_date) "
		    "VALUES (?1, ?2, ?3, ?4)",
	[ST_FEED] = "INSERT OR REPLACE INTO feeds(name, url, etag, last_modified, records, "
		    "imported_at, status, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

static const char schema[] =
	"PRAGMA journal_mode = OFF;"
	"PRAGMA synchronous = OFF;"
	"PRAGMA page_size = 4096;"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE feeds(name TEXT PRIMARY KEY, url TEXT, etag TEXT, last_modified TEXT, "
	"  records INTEGER, imported_at TEXT, status TEXT, error TEXT) WITHOUT ROWID;"
	"CREATE TABLE vulns(id TEXT PRIMARY KEY, title TEXT, description TEXT, published TEXT, "
	"  modified TEXT, severity INTEGER) WITHOUT ROWID;"
	"CREATE TABLE vuln_cwe(vuln_id TEXT, cwe TEXT, UNIQUE(vuln_id, cwe));"
	"CREATE TABLE vuln_refs(vuln_id TEXT, url TEXT, UNIQUE(vuln_id, url));"
	"CREATE TABLE vuln_sev(vuln_id TEXT, source TEXT, severity INTEGER, v2_vector TEXT, "
	"  v2_score REAL, v3_vector TEXT, v3_score REAL, v40_vector TEXT, v40_score REAL, "
	"  PRIMARY KEY(vuln_id, source)) WITHOUT ROWID;"
	"CREATE TABLE aliases(vuln_id TEXT, alias TEXT, PRIMARY KEY(vuln_id, alias)) WITHOUT ROWID;"
	"CREATE TABLE advisories(eco TEXT NOT NULL, pkg TEXT NOT NULL, vuln_id TEXT NOT NULL, "
	"  source TEXT NOT NULL, status INTEGER, ranges TEXT, fixed TEXT, severity INTEGER, "
	"  vendor_ids TEXT, arches TEXT, data_source TEXT, "
	"  UNIQUE(eco, pkg, vuln_id, source, ranges, arches));"
	"CREATE TABLE kev(cve TEXT PRIMARY KEY, date_added TEXT, due_date TEXT, "
	"  ransomware INTEGER, name TEXT) WITHOUT ROWID;"
	"CREATE TABLE epss(cve TEXT PRIMARY KEY, score REAL, percentile REAL, model_date TEXT) "
	"  WITHOUT ROWID;"
	"BEGIN;";

static const char finish_sql[] =
	"CREATE INDEX adv_pkg ON advisories(eco, pkg);"
	"CREATE INDEX adv_name ON advisories(pkg);"
	"CREATE INDEX adv_vuln ON advisories(vuln_id);"
	"CREATE INDEX alias_rev ON aliases(alias);"
	"COMMIT;"
	"ANALYZE;";

struct ks_dbw {
	struct ks_ctx *cx;
	sqlite3 *db;
	sqlite3_stmt *st[ST__COUNT];
	char *path;
};

static int sqlerr(struct ks_dbw *w, const char *what)
{
	return ks_seterr(&w->cx->err, KS_EIO, "database: %s: %s", what, sqlite3_errmsg(w->db));
}

void ks_dbw_abort(struct ks_dbw *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(w->st[i]);
	sqlite3_close(w->db);
	free(w->path);
	free(w);
}

int ks_dbw_create(struct ks_ctx *cx, const char *path, struct ks_dbw **out)
{
	struct ks_dbw *w = calloc(1, sizeof(*w));
	size_t i;
	int r = KS_EIO;

	if (w == NULL || (w->path = strdup(path)) == NULL) {
		free(w);
		return KS_ENOMEM;
	}
	w->cx = cx;
	(void)unlink(path);
	if (sqlite3_open_v2(path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
		SQLITE_OK) {
		r = ks_seterr(&cx->err, KS_EIO, "database: cannot create '%s': %s", path,
			w->db ? sqlite3_errmsg(w->db) : "out of memory");
		goto fail;
	}
	if (sqlite3_exec(w->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		r = sqlerr(w, "creating the schema");
		goto fail;
	}
	for (i = 0; i < ST__COUNT; i++)
		if (sqlite3_prepare_v3(w->db, sql_stmts[i], -1, SQLITE_PREPARE_PERSISTENT, &w->st[i],
			    NULL) != SQLITE_OK) {
			r = sqlerr(w, "preparing statements");
			goto fail;
		}
	*out = w;
	return 0;
fail:
	ks_dbw_abort(w);
	return r;
}

/* Binds text, NULL for a NULL pointer. */
static void btext(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static void breal(sqlite3_stmt *s, int i, double v)
{
	if (v < 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

/* Runs a bound statement to completion and resets it. */
static int step(struct ks_dbw *w, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sqlerr(w, what);
	return 0;
}

static bool empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

int ks_dbw_vuln(struct ks_dbw *w, const struct ks_vuln_in *v)
{
	sqlite3_stmt *s = w->st[ST_VULN];
	size_t i;
	int r;

	if (empty(v->id))
		return ks_seterr(&w->cx->err, KS_ECORRUPT, "vulnerability without an ID");
	btext(s, 1, v->id);
	btext(s, 2, v->title);
	btext(s, 3, v->description);
	btext(s, 4, v->published);
	btext(s, 5, v->modified);
	sqlite3_bind_int(s, 6, v->severity);
	if ((r = step(w, s, "adding a vulnerability")) != 0)
		return r;
	if (sqlite3_changes(w->db) == 0) {
		/* already known from another feed: fill what is still missing */
		s = w->st[ST_VULN_MERGE];
		btext(s, 1, v->id);
		btext(s, 2, empty(v->title) ? NULL : v->title);
		btext(s, 3, empty(v->description) ? NULL : v->description);
		btext(s, 4, empty(v->published) ? NULL : v->published);
		btext(s, 5, empty(v->modified) ? NULL : v->modified);
		sqlite3_bind_int(s, 6, v->severity);
		if ((r = step(w, s, "merging a vulnerability")) != 0)
			return r;
	}
	for (i = 0; v->cwe != NULL && v->cwe[i] != NULL; i++) {
		btext(w->st[ST_CWE], 1, v->id);
		btext(w->st[ST_CWE], 2, v->cwe[i]);
		if ((r = step(w, w->st[ST_CWE], "adding a CWE")) != 0)
			return r;
	}
	for (i = 0; v->refs != NULL && v->refs[i] != NULL; i++) {
		btext(w->st[ST_REF], 1, v->id);
		btext(w->st[ST_REF], 2, v->refs[i]);
		if ((r = step(w, w->st[ST_REF], "adding a reference")) != 0)
			return r;
	}
	return 0;
}

int ks_dbw_severity(struct ks_dbw *w, const struct ks_sev_in *v)
{
	sqlite3_stmt *s = w->st[ST_SEV];

	if (empty(v->vuln_id) || empty(v->source))
		return ks_seterr(&w->cx->err, KS_ECORRUPT, "severity without an ID or source");
	btext(s, 1, v->vuln_id);
	btext(s, 2, v->source);
	sqlite3_bind_int(s, 3, v->severity);
	btext(s, 4, empty(v->v2_vector) ? NULL : v->v2_vector);
	breal(s, 5, v->v2_score);
	btext(s, 6, empty(v->v3_vector) ? NULL : v->v3_vector);
	breal(s, 7, v->v3_score);
	btext(s, 8, empty(v->v40_vector) ? NULL : v->v40_vector);
	breal(s, 9, v->v40_score);
	return step(w, s, "adding a severity");
}

int ks_dbw_alias(struct ks_dbw *w, const char *vuln_id, const char *alias)
{
	if (empty(vuln_id) || empty(alias) || strcmp(vuln_id, alias) == 0)
		return 0;
	btext(w->st[ST_ALIAS], 1, vuln_id);
	btext(w->st[ST_ALIAS], 2, alias);
	return step(w, w->st[ST_ALIAS], "adding an alias");
}

int ks_dbw_advisory(struct ks_dbw *w, const struct ks_adv_in *a)
{
	sqlite3_stmt *s = w->st[ST_ADV];

	if (empty(a->eco) || empty(a->pkg) || empty(a->vuln_id) || empty(a->source))
		return ks_seterr(&w->cx->err, KS_ECORRUPT, "advisory without ecosystem, "
			"package, vulnerability or source");
	btext(s, 1, a->eco);
	btext(s, 2, a->pkg);
	btext(s, 3, a->vuln_id);
	btext(s, 4, a->source);
	sqlite3_bind_int(s, 5, a->status);
	btext(s, 6, empty(a->ranges) ? "{}" : a->ranges);
	btext(s, 7, a->fixed ? a->fixed : "");
	sqlite3_bind_int(s, 8, a->severity);
	btext(s, 9, a->vendor_ids);
	/* "" rather than NULL: SQLite's UNIQUE treats NULLs as distinct, and identical rows
	 * from the same record in several archives must collapse */
	btext(s, 10, a->arches ? a->arches : "");
	btext(s, 11, a->data_source);
	return step(w, s, "adding an advisory");
}

int ks_dbw_kev(struct ks_dbw *w, const char *cve, const char *date_added,
	const char *due_date, bool ransomware, const char *name)
{
	sqlite3_stmt *s = w->st[ST_KEV];

	if (empty(cve))
		return ks_seterr(&w->cx->err, KS_ECORRUPT, "KEV entry without a CVE");
	btext(s, 1, cve);
	btext(s, 2, date_added);
	btext(s, 3, due_date);
	sqlite3_bind_int(s, 4, ransomware);
	btext(s, 5, name);
	return step(w, s, "adding a KEV entry");
}

int ks_dbw_epss(struct ks_dbw *w, const char *cve, double score, double percentile,
	const char *model_date)
{
	sqlite3_stmt *s = w->st[ST_EPSS];

	if (empty(cve))
		return ks_seterr(&w->cx->err, KS_ECORRUPT, "EPSS entry without a CVE");
	btext(s, 1, cve);
	sqlite3_bind_double(s, 2, score);
	sqlite3_bind_double(s, 3, percentile);
	btext(s, 4, model_date);
	return step(w, s, "adding an EPSS score");
}

static void now_rfc3339(char *buf, size_t n)
{
	const char *fixed = getenv("KENSA_CREATED_AT");
	time_t t = time(NULL);
	struct tm tm;

	if (fixed != NULL && fixed[0] != '\0') {
		snprintf(buf, n, "%s", fixed);
		return;
	}
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int ks_dbw_feed(struct ks_dbw *w, const char *name, const char *url, const char *etag,
	const char *last_modified, uint64_t records, const char *status, const char *error)
{
	sqlite3_stmt *s = w->st[ST_FEED];
	char now[64];

	now_rfc3339(now, sizeof(now));
	btext(s, 1, name);
	btext(s, 2, url);
	btext(s, 3, etag);
	btext(s, 4, last_modified);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)records);
	btext(s, 6, now);
	btext(s, 7, status);
	btext(s, 8, error);
	return step(w, s, "recording a feed");
}

int ks_dbw_finish(struct ks_dbw *w)
{
	char now[64], *sql;
	int r = 0;

	now_rfc3339(now, sizeof(now));
	sql = sqlite3_mprintf("INSERT OR REPLACE INTO meta VALUES ('schema_version', '%d'), "
			      "('built_at', %Q);", KS_DB_SCHEMA_VERSION, now);
	if (sql == NULL) {
		ks_dbw_abort(w);
		return KS_ENOMEM;
	}
	if (sqlite3_exec(w->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
		sqlite3_exec(w->db, finish_sql, NULL, NULL, NULL) != SQLITE_OK)
		r = sqlerr(w, "finishing the build");
	sqlite3_free(sql);
	ks_dbw_abort(w);
	return r;
}
