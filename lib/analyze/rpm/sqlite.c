/*
 * sqlite.c - reader for rpm's SQLite "rpmdb.sqlite" (rpm >= 4.16: Fedora 33+, RHEL 9,
 * Amazon Linux 2023, CBL-Mariner 2); see rpm.h.
 *
 * The header blobs are the rows of table Packages(hnum INTEGER PRIMARY KEY, blob BLOB). The
 * database comes out of an image layer, so it is opened from memory: a private copy of the
 * bytes is handed to sqlite3_deserialize() read-only on a connection of its own, which is
 * closed (and the copy freed) before returning. The file is hostile input, so the connection
 * runs in defensive mode without triggers, views or untrusted schema functions, values are
 * capped at the file's size, and a progress handler bounds the work of the one query.
 */
#include "analyze/rpm/rpm.h"

#include <limits.h>
#include <sqlite3.h>
#include <string.h>

#define SQLITE_MAGIC "SQLite format 3"

bool ks_rpm_is_sqlite(const uint8_t *p, size_t n)
{
	struct ks_rd r;
	const uint8_t *m;

	ks_rd_init(&r, p, n);
	return ks_rd_bytes(&r, sizeof(SQLITE_MAGIC), &m) == 0 &&
		memcmp(m, SQLITE_MAGIC, sizeof(SQLITE_MAGIC)) == 0;
}

struct budget {
	uint64_t ticks, max;
};

/* Progress handler: a non-zero return interrupts the running statement. */
static int over_budget(void *ud)
{
	struct budget *b = ud;

	return ++b->ticks > b->max;
}

/* Opens a read-only in-memory connection over a copy of p[0..n). */
static int open_copy(struct ks_ctx *cx, const uint8_t *p, size_t n, sqlite3 **out)
{
	sqlite3 *db = NULL;
	unsigned char *copy = NULL;
	int lim = n > (size_t)INT_MAX ? INT_MAX : (int)n;
	int r = KS_EINTERNAL;

	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
		    NULL) != SQLITE_OK) {
		r = ks_seterr(&cx->err, KS_ENOMEM, "sqlite: cannot open a connection");
		goto out;
	}
	if ((copy = sqlite3_malloc64(n)) == NULL) {
		r = ks_seterr(&cx->err, KS_ENOMEM, "sqlite: out of memory");
		goto out;
	}
	memcpy(copy, p, n);
	/* rpm keeps its database in WAL mode, which an in-memory database cannot open; the
	 * WAL file is not part of the input, so read the copy as a rollback-journal database
	 * (file format bytes 18 and 19: 2 = WAL, 1 = legacy) */
	if (n > 19 && copy[18] == 2 && copy[19] == 2)
		copy[18] = copy[19] = 1;
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, (int *)NULL);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, lim < 4096 ? 4096 : lim);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	/* FREEONCLOSE: from here the connection owns the copy, even when this fails */
	if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)n, (sqlite3_int64)n,
		    SQLITE_DESERIALIZE_READONLY | SQLITE_DESERIALIZE_FREEONCLOSE) != SQLITE_OK) {
		copy = NULL;
		r = ks_seterr(&cx->err, KS_ECORRUPT, "sqlite: cannot load database: %s",
			sqlite3_errmsg(db));
		goto out;
	}
	copy = NULL;
	*out = db;
	db = NULL;
	r = 0;
out:
	sqlite3_free(copy);
	sqlite3_close(db);
	return r;
}

/* Maps a failed sqlite3 call to a kensa error. */
static int sql_fail(struct ks_ctx *cx, sqlite3 *db, int rc, const struct budget *b)
{
	if (b->ticks > b->max)
		return ks_seterr(&cx->err, KS_ELIMIT, "sqlite: query exceeded its work budget");
	if (rc == SQLITE_NOMEM)
		return ks_seterr(&cx->err, KS_ENOMEM, "sqlite: out of memory");
	return ks_seterr(&cx->err, KS_ECORRUPT, "sqlite: %s", sqlite3_errmsg(db));
}

int ks_rpm_sqlite_each(struct ks_ctx *cx, const uint8_t *p, size_t n, ks_rpm_blob_fn fn,
	void *ud)
{
	/* about 8 virtual machine steps per byte of database, checked every 1000 steps */
	struct budget b = { .ticks = 0, .max = 1000 + (uint64_t)n / 125 };
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long row = 0;
	int rc, r = KS_EINTERNAL;

	if ((r = open_copy(cx, p, n, &db)) != 0)
		goto out;
	sqlite3_progress_handler(db, 1000, over_budget, &b);
	rc = sqlite3_prepare_v2(db,
		"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Packages'", -1,
		&st, NULL);
	if (rc != SQLITE_OK) {
		r = sql_fail(cx, db, rc, &b);
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = ks_seterr(&cx->err, KS_ECORRUPT, "sqlite: no Packages table");
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = sql_fail(cx, db, rc, &b);
		goto out;
	}
	sqlite3_finalize(st);
	rc = sqlite3_prepare_v2(db, "SELECT blob FROM Packages", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		r = sql_fail(cx, db, rc, &b);
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *blob;
		int len;

		row++;
		if (sqlite3_column_type(st, 0) != SQLITE_BLOB ||
			(blob = sqlite3_column_blob(st, 0)) == NULL ||
			(len = sqlite3_column_bytes(st, 0)) <= 0) {
			r = ks_seterr(&cx->err, KS_ECORRUPT,
				"sqlite: row %lld: blob is empty or not a blob", row);
			goto out;
		}
		if ((r = fn(ud, blob, (size_t)len)) != 0) {
			ks_err_prefix(&cx->err, "sqlite: row %lld", row);
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		r = sql_fail(cx, db, rc, &b);
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return r;
}
