/*
 * dbr.c - reading the vulnerability database (see db.h). Opened read-only and immutable
 * (the file is never modified in place: updates build a new file and rename it), so
 * SQLite takes no locks and concurrent scans never block each other or an update.
 */
#include "db/db.h"
#include "util/str.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { Q_ADV, Q_ADV_VULN, Q_ADV_PKG, Q_VULN, Q_CWE, Q_REF, Q_SEV, Q_ALIAS, Q_KEV, Q_EPSS,
	Q_META, Q_FEEDS, Q_COUNTS, Q__COUNT };

#define ADV_COLS "eco, pkg, vuln_id, source, status, ranges, fixed, severity, vendor_ids, " \
		 "arches, data_source"

static const char *const queries[Q__COUNT] = {
	[Q_ADV] = "SELECT " ADV_COLS " FROM advisories WHERE eco = ?1 AND pkg = ?2 "
		  "ORDER BY vuln_id, source, rowid",
	[Q_ADV_VULN] = "SELECT " ADV_COLS " FROM advisories WHERE vuln_id = ?1 "
		       "ORDER BY eco, pkg, source, rowid",
	[Q_ADV_PKG] = "SELECT " ADV_COLS " FROM advisories WHERE pkg = ?1 "
		      "ORDER BY eco, vuln_id, source, rowid",
	[Q_VULN] = "SELECT title, description, published, modified, severity FROM vulns "
		   "WHERE id = ?1",
	[Q_CWE] = "SELECT cwe FROM vuln_cwe WHERE vuln_id = ?1 ORDER BY rowid",
	[Q_REF] = "SELECT url FROM vuln_refs WHERE vuln_id = ?1 ORDER BY rowid",
	[Q_SEV] = "SELECT source, severity, v2_vector, v2_score, v3_vector, v3_score, "
		  "v40_vector, v40_score FROM vuln_sev WHERE vuln_id = ?1 ORDER BY source",
	[Q_ALIAS] = "SELECT alias FROM aliases WHERE vuln_id = ?1 UNION "
		    "SELECT vuln_id FROM aliases WHERE alias = ?1 ORDER BY 1",
	[Q_KEV] = "SELECT date_added, due_date, ransomware FROM kev WHERE cve = ?1",
	[Q_EPSS] = "SELECT score, percentile FROM epss WHERE cve = ?1",
	[Q_META] = "SELECT (SELECT value FROM meta WHERE key = 'built_at'), "
		   "(SELECT value FROM meta WHERE key = 'schema_version')",
	[Q_FEEDS] = "SELECT name, url, imported_at, status, error, records FROM feeds "
		    "ORDER BY name",
	[Q_COUNTS] = "SELECT (SELECT count(*) FROM vulns), (SELECT count(*) FROM advisories), "
		     "(SELECT count(*) FROM kev), (SELECT count(*) FROM epss)",
};

struct ks_db {
	sqlite3 *db;
	sqlite3_stmt *q[Q__COUNT];
	struct ks_ctx *cx;
};

void ks_db_close(struct ks_db *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(db->q[i]);
	sqlite3_close(db->db);
	free(db);
}

static int check_schema(struct ks_ctx *cx, struct ks_db *db, const char *path)
{
	sqlite3_stmt *s = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1,
		    &s, NULL) != SQLITE_OK)
		return ks_seterr(&cx->err, KS_ECORRUPT, "'%s' is not a kensa database", path);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (v != KS_DB_SCHEMA_VERSION)
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "'%s' has database schema %d, this "
			"kensa reads %d; run 'kensa db update'", path, v, KS_DB_SCHEMA_VERSION);
	return 0;
}

int ks_db_open(struct ks_ctx *cx, const char *path, struct ks_db **out)
{
	struct ks_db *db;
	struct stat sb;
	char *uri;
	size_t i;
	int r;

	if (stat(path, &sb) != 0)
		return ks_seterr(&cx->err, KS_ENOTFOUND, "no vulnerability database at '%s'", path);
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return KS_ENOMEM;
	db->cx = cx;
	uri = sqlite3_mprintf("file:%s?immutable=1", path);
	if (uri == NULL) {
		free(db);
		return KS_ENOMEM;
	}
	r = sqlite3_open_v2(uri, &db->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	sqlite3_free(uri);
	if (r != SQLITE_OK) {
		r = ks_seterr(&cx->err, KS_ECORRUPT, "cannot open database '%s': %s", path,
			db->db ? sqlite3_errmsg(db->db) : "out of memory");
		goto fail;
	}
	if ((r = check_schema(cx, db, path)) != 0)
		goto fail;
	for (i = 0; i < Q__COUNT; i++)
		if (sqlite3_prepare_v3(db->db, queries[i], -1, SQLITE_PREPARE_PERSISTENT, &db->q[i],
			    NULL) != SQLITE_OK) {
			r = ks_seterr(&cx->err, KS_ECORRUPT, "database '%s': %s", path,
				sqlite3_errmsg(db->db));
			goto fail;
		}
	*out = db;
	return 0;
fail:
	ks_db_close(db);
	return r;
}

static const char *col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* Runs an advisory query (already bound) and calls fn per row. */
static int each_adv(struct ks_db *db, sqlite3_stmt *s,
	int (*fn)(void *ud, const struct ks_adv *a), void *ud)
{
	int rc = SQLITE_DONE, r = 0;

	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ks_adv a;

		a.eco = col(s, 0);
		a.pkg = col(s, 1);
		a.vuln_id = col(s, 2);
		a.source = col(s, 3);
		a.status = sqlite3_column_int(s, 4);
		a.ranges = col(s, 5);
		a.fixed = col(s, 6);
		a.severity = sqlite3_column_type(s, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 7);
		a.vendor_ids = col(s, 8);
		a.arches = col(s, 9);
		if (a.arches != NULL && a.arches[0] == '\0')
			a.arches = NULL; /* stored as "" so UNIQUE sees equal rows; none is NULL */
		a.data_source = col(s, 10);
		r = fn(ud, &a);
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = ks_seterr(&db->cx->err, KS_EIO, "database: %s", sqlite3_errmsg(db->db));
	sqlite3_reset(s);
	return r;
}

int ks_db_advisories(struct ks_db *db, const char *eco, const char *pkg,
	int (*fn)(void *ud, const struct ks_adv *a), void *ud)
{
	sqlite3_stmt *s = db->q[Q_ADV];

	sqlite3_bind_text(s, 1, eco, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, pkg, -1, SQLITE_STATIC);
	return each_adv(db, s, fn, ud);
}

int ks_db_advisories_by_vuln(struct ks_db *db, const char *id,
	int (*fn)(void *ud, const struct ks_adv *a), void *ud)
{
	sqlite3_stmt *s = db->q[Q_ADV_VULN];

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	return each_adv(db, s, fn, ud);
}

int ks_db_advisories_by_pkg(struct ks_db *db, const char *pkg,
	int (*fn)(void *ud, const struct ks_adv *a), void *ud)
{
	sqlite3_stmt *s = db->q[Q_ADV_PKG];

	sqlite3_bind_text(s, 1, pkg, -1, SQLITE_STATIC);
	return each_adv(db, s, fn, ud);
}

static const char *adup(struct ks_ctx *cx, sqlite3_stmt *s, int i)
{
	const char *v = col(s, i);
	return v ? ks_arena_strdup(&cx->arena, v) : NULL;
}

int ks_db_info(struct ks_db *db, struct ks_ctx *cx, struct ks_db_info *out)
{
	sqlite3_stmt *s = db->q[Q_META];
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->built_at = adup(cx, s, 0);
		out->schema = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	s = db->q[Q_COUNTS];
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->vulns = (uint64_t)sqlite3_column_int64(s, 0);
		out->advisories = (uint64_t)sqlite3_column_int64(s, 1);
		out->kev = (uint64_t)sqlite3_column_int64(s, 2);
		out->epss = (uint64_t)sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	s = db->q[Q_FEEDS];
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ks_db_feedrow *n = ks_arena_grow(&cx->arena, out->feeds, out->nfeeds, &cap,
			out->nfeeds + 1, sizeof(*n));

		if (n == NULL) {
			sqlite3_reset(s);
			return KS_ENOMEM;
		}
		out->feeds = n;
		n[out->nfeeds].name = adup(cx, s, 0);
		n[out->nfeeds].url = adup(cx, s, 1);
		n[out->nfeeds].imported_at = adup(cx, s, 2);
		n[out->nfeeds].status = adup(cx, s, 3);
		n[out->nfeeds].error = adup(cx, s, 4);
		n[out->nfeeds].records = (uint64_t)sqlite3_column_int64(s, 5);
		out->nfeeds++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : ks_seterr(&cx->err, KS_EIO, "database: %s",
					     sqlite3_errmsg(db->db));
}

/* Appends column 0 of every row of q (bound to id) to sv. */
static int strings(struct ks_db *db, struct ks_ctx *cx, int q, const char *id,
	struct ks_strv *sv)
{
	sqlite3_stmt *s = db->q[q];
	int rc;

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *v = adup(cx, s, 0);

		if (v == NULL || ks_strv_push(&cx->arena, sv, v) != 0) {
			sqlite3_reset(s);
			return KS_ENOMEM;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : KS_EIO;
}

static int sevs(struct ks_db *db, struct ks_ctx *cx, const char *id, struct ks_vuln *out)
{
	sqlite3_stmt *s = db->q[Q_SEV];
	size_t cap = 0;
	int rc;

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ks_vsev *n = ks_arena_grow(&cx->arena, out->sevs, out->nsevs, &cap,
			out->nsevs + 1, sizeof(*n));
		struct ks_vsev *v;

		if (n == NULL) {
			sqlite3_reset(s);
			return KS_ENOMEM;
		}
		out->sevs = n;
		v = &n[out->nsevs++];
		v->source = adup(cx, s, 0);
		v->severity = sqlite3_column_type(s, 1) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 1);
		v->v2_vector = adup(cx, s, 2);
		v->v2_score = sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 : sqlite3_column_double(s, 3);
		v->v3_vector = adup(cx, s, 4);
		v->v3_score = sqlite3_column_type(s, 5) == SQLITE_NULL ? -1 : sqlite3_column_double(s, 5);
		v->v40_vector = adup(cx, s, 6);
		v->v40_score = sqlite3_column_type(s, 7) == SQLITE_NULL ? -1 : sqlite3_column_double(s, 7);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : KS_EIO;
}

static void kev_epss(struct ks_db *db, struct ks_ctx *cx, const char *id, struct ks_vuln *out)
{
	sqlite3_stmt *s = db->q[Q_KEV];

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->kev = true;
		out->kev_date_added = adup(cx, s, 0);
		out->kev_due_date = adup(cx, s, 1);
		out->kev_ransomware = sqlite3_column_int(s, 2) != 0;
	}
	sqlite3_reset(s);
	s = db->q[Q_EPSS];
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->has_epss = true;
		out->epss_score = sqlite3_column_double(s, 0);
		out->epss_percentile = sqlite3_column_double(s, 1);
	}
	sqlite3_reset(s);
}

int ks_db_vuln(struct ks_db *db, struct ks_ctx *cx, const char *id, struct ks_vuln *out)
{
	sqlite3_stmt *s = db->q[Q_VULN];
	bool found = false;
	int r;

	memset(out, 0, sizeof(*out));
	out->severity = -1;
	if ((out->id = ks_arena_strdup(&cx->arena, id)) == NULL)
		return KS_ENOMEM;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		found = true;
		out->title = adup(cx, s, 0);
		out->description = adup(cx, s, 1);
		out->published = adup(cx, s, 2);
		out->modified = adup(cx, s, 3);
		out->severity = sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 :
									     sqlite3_column_int(s, 4);
	}
	sqlite3_reset(s);
	if ((r = strings(db, cx, Q_CWE, id, &out->cwe)) != 0 ||
		(r = strings(db, cx, Q_REF, id, &out->refs)) != 0 ||
		(r = strings(db, cx, Q_ALIAS, id, &out->aliases)) != 0 ||
		(r = sevs(db, cx, id, out)) != 0)
		return r == KS_ENOMEM ? r : ks_seterr(&cx->err, r, "database: %s",
			sqlite3_errmsg(db->db));
	kev_epss(db, cx, id, out);
	if (!found && out->nsevs == 0 && !out->kev && !out->has_epss)
		return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s' is not in the database", id);
	return 0;
}
