/* lcache.c - the layer cache in SQLite; see lcache.h. */
#include "cache/lcache.h"
#include "cache/lres_codec.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/sha256.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/banned.h"

#define SCHEMA_VERSION 2 /* PRAGMA user_version of the file */
#define MAX_BLOBS 4096   /* small blobs kept, most recently used first */
#define STR_(x) #x
#define STR(x) STR_(x)
#define BUSY_TIMEOUT_MS 15000
#define MAX_ENTRY ((size_t)1 << 30)
#define MAX_BLOB ((size_t)1 << 22) /* larger blobs are not kept */

enum {
	Q_GET,
	Q_ALIAS,
	Q_TOUCH,
	Q_DROP,
	Q_PUT,
	Q_PUT_ALIAS,
	Q_TOTAL,
	Q_OLDEST,
	Q_PRUNE,
	Q_STATS,
	Q_BEGIN,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_BLOB_GET,
	Q_BLOB_TOUCH,
	Q_BLOB_PUT,
	Q_BLOB_DROP,
	Q_BLOB_TRIM,
	Q__COUNT
};

static const char *const queries[Q__COUNT] = {
	[Q_GET] = "SELECT data FROM layers WHERE diffid = ?1 AND fingerprint = ?2",
	[Q_ALIAS] = "SELECT diffid FROM aliases WHERE digest = ?1",
	[Q_TOUCH] = "UPDATE layers SET used_us = ?3 WHERE diffid = ?1 AND fingerprint = ?2",
	[Q_DROP] = "DELETE FROM layers WHERE diffid = ?1 AND fingerprint = ?2",
	[Q_PUT] = "INSERT OR REPLACE INTO layers(diffid, fingerprint, data, size, created_us, "
		  "used_us) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	[Q_PUT_ALIAS] = "INSERT OR REPLACE INTO aliases(digest, diffid) VALUES (?1, ?2)",
	[Q_TOTAL] = "SELECT (SELECT coalesce(sum(size), 0) FROM layers) + "
		    "(SELECT coalesce(sum(length(data)), 0) FROM blobs)",
	/* layers and blobs compete for the bound: the least recently used of either goes */
	[Q_OLDEST] = "SELECT diffid, fingerprint, size, used_us FROM layers UNION ALL "
		     "SELECT digest, NULL, length(data), used_us FROM blobs "
		     "ORDER BY used_us LIMIT 1",
	[Q_PRUNE] = "DELETE FROM aliases WHERE diffid NOT IN (SELECT diffid FROM layers)",
	[Q_STATS] = "SELECT (SELECT count(*) FROM layers), "
		    "(SELECT coalesce(sum(size), 0) FROM layers), (SELECT count(*) FROM aliases)",
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_BLOB_GET] = "SELECT data FROM blobs WHERE digest = ?1",
	[Q_BLOB_TOUCH] = "UPDATE blobs SET used_us = ?2 WHERE digest = ?1",
	[Q_BLOB_PUT] = "INSERT OR REPLACE INTO blobs(digest, data, used_us) VALUES (?1, ?2, ?3)",
	[Q_BLOB_DROP] = "DELETE FROM blobs WHERE digest = ?1",
	[Q_BLOB_TRIM] = "DELETE FROM blobs WHERE digest NOT IN (SELECT digest FROM blobs "
			"ORDER BY used_us DESC LIMIT " STR(MAX_BLOBS) ")",
};

/* The index on (used_us, size) serves both the LRU order and the total without reading
 * the rows, whose data spill into overflow pages. */
static const char schema[] =
	"CREATE TABLE IF NOT EXISTS layers(diffid TEXT NOT NULL, fingerprint TEXT NOT NULL, "
	"  data BLOB NOT NULL, size INTEGER NOT NULL, created_us INTEGER NOT NULL, "
	"  used_us INTEGER NOT NULL, PRIMARY KEY(diffid, fingerprint));"
	"CREATE INDEX IF NOT EXISTS layers_lru ON layers(used_us, size);"
	"CREATE TABLE IF NOT EXISTS aliases(digest TEXT PRIMARY KEY, diffid TEXT NOT NULL) "
	"  WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS blobs(digest TEXT PRIMARY KEY, data BLOB NOT NULL, "
	"  used_us INTEGER NOT NULL);";

struct ks_lcache {
	pthread_mutex_t mu; /* serializes every use of db and the statements */
	sqlite3 *db;
	sqlite3_stmt *q[Q__COUNT];
	char *path;
	uint64_t max_bytes;
	struct ks_lcache_stats st; /* this handle's counters */
};

const char *ks_lcache_path(struct ks_arena *a, const char *cache_dir)
{
	return ks_arena_printf(a, "%s/scan/layers.db", cache_dir);
}

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int dberr(struct ks_lcache *c, struct ks_ctx *cx, const char *what)
{
	return ks_seterr(&cx->err, KS_EIO, "layer cache '%s': %s: %s", c->path, what,
		sqlite3_errmsg(c->db));
}

/* Runs a statement without results to completion and resets it. */
static int run(struct ks_lcache *c, struct ks_ctx *cx, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return dberr(c, cx, what);
	return 0;
}

static void btext(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

void ks_lcache_close(struct ks_lcache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(c->q[i]);
	sqlite3_close(c->db);
	pthread_mutex_destroy(&c->mu);
	free(c->path);
	free(c);
}

/* The integer the one-row query sql yields (a PRAGMA, a count). */
static int pragma_int(struct ks_lcache *c, struct ks_ctx *cx, const char *sql, int *v)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK)
		return dberr(c, cx, "reading the schema");
	rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(c, cx, "reading the schema");
	return 0;
}

/* Sets WAL mode once: the step's result code; *wal tells whether the file is in WAL mode. */
static int try_wal(struct ks_lcache *c, bool *wal)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*wal = false;
	if ((rc = sqlite3_prepare_v2(c->db, "PRAGMA journal_mode = WAL", -1, &s, NULL)) !=
		SQLITE_OK)
		return rc;
	rc = sqlite3_step(s);
	*wal = rc == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL &&
		strcmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
	sqlite3_finalize(s);
	return rc;
}

/*
 * WAL mode, then the tables, created by whichever process gets there first. Switching a
 * new file to WAL needs it alone for a moment, and SQLite answers SQLITE_BUSY at once
 * (without the busy handler) while another process has it open: that is retried here,
 * with growing pauses, up to the busy timeout.
 */
static int setup(struct ks_lcache *c, struct ks_ctx *cx)
{
	long waited = 0, pause = 1;
	int v, rc;
	bool wal;

	while ((rc = try_wal(c, &wal)) == SQLITE_BUSY && waited < BUSY_TIMEOUT_MS) {
		struct timespec ts = { 0, pause * 1000000L };

		nanosleep(&ts, NULL);
		waited += pause;
		pause = pause < 64 ? pause * 2 : 64;
	}
	if (!wal)
		return rc == SQLITE_ROW ? ks_seterr(&cx->err, KS_EIO, "layer cache '%s': the "
						 "file system does not support WAL mode", c->path)
					: dberr(c, cx, "setting WAL mode");
	if (sqlite3_exec(c->db, "PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = "
				"16777216", NULL, NULL, NULL) != SQLITE_OK)
		return dberr(c, cx, "configuring the connection");
	if ((rc = pragma_int(c, cx, "PRAGMA user_version", &v)) != 0)
		return rc;
	if (v == 0) {
		int objects = 0;

		if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return dberr(c, cx, "creating the schema");
		/* re-read under the write lock: another process may have created it */
		if ((rc = pragma_int(c, cx, "PRAGMA user_version", &v)) == 0 && v == 0 &&
			(rc = pragma_int(c, cx, "SELECT count(*) FROM sqlite_master", &objects)) == 0) {
			if (objects != 0)
				rc = ks_seterr(&cx->err, KS_EUNSUPPORTED, "'%s' is a database of "
					"something else, not a kensa layer cache", c->path);
			else if (sqlite3_exec(c->db, schema, NULL, NULL, NULL) != SQLITE_OK ||
				sqlite3_exec(c->db, "PRAGMA user_version = " STR(SCHEMA_VERSION),
					NULL, NULL, NULL) != SQLITE_OK)
				rc = dberr(c, cx, "creating the schema");
		}
		if (rc == 0 && sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			rc = dberr(c, cx, "creating the schema");
		if (rc != 0) {
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		if ((rc = pragma_int(c, cx, "PRAGMA user_version", &v)) != 0)
			return rc;
	}
	if (v != SCHEMA_VERSION)
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "layer cache '%s' has schema %d, this "
			"kensa uses %d; run 'kensa clean --scan-cache'", c->path, v, SCHEMA_VERSION);
	return 0;
}

int ks_lcache_open(struct ks_ctx *cx, const char *path, uint64_t max_bytes,
	struct ks_lcache **out)
{
	struct ks_lcache *c = calloc(1, sizeof(*c));
	size_t i;
	int r = KS_ENOMEM, rc;

	if (c == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "layer cache: out of memory");
	if (pthread_mutex_init(&c->mu, NULL) != 0) {
		free(c);
		return ks_seterr(&cx->err, KS_ENOMEM, "layer cache: cannot create a mutex");
	}
	c->max_bytes = max_bytes;
	if ((c->path = strdup(path)) == NULL) {
		r = ks_seterr(&cx->err, KS_ENOMEM, "layer cache: out of memory");
		goto out;
	}
	if ((r = ks_fs_mkparents(cx, path, 0700)) != 0) {
		ks_err_prefix(&cx->err, "layer cache");
		goto out;
	}
	rc = sqlite3_open_v2(path, &c->db,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		r = ks_seterr(&cx->err, rc == SQLITE_NOMEM ? KS_ENOMEM : KS_EIO,
			"layer cache: cannot open '%s': %s", path,
			c->db ? sqlite3_errmsg(c->db) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	if ((r = setup(c, cx)) != 0) {
		rc = sqlite3_errcode(c->db);
		if (r == KS_EIO && (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT))
			r = ks_seterr(&cx->err, KS_ECORRUPT, "layer cache '%s' is not a usable "
				"database (%s); run 'kensa clean --scan-cache'", path,
				sqlite3_errmsg(c->db));
		goto out;
	}
	for (i = 0; i < Q__COUNT; i++)
		if (sqlite3_prepare_v3(c->db, queries[i], -1, SQLITE_PREPARE_PERSISTENT, &c->q[i],
			    NULL) != SQLITE_OK) {
			r = dberr(c, cx, "preparing statements");
			goto out;
		}
	*out = c;
	c = NULL; /* transferred */
	r = 0;
out:
	ks_lcache_close(c);
	return r;
}

/* Hashes "tag length:value\n": length-prefixed, so no two different inputs hash alike. */
static void fp_str(struct ks_sha256 *h, const char *tag, const char *s)
{
	char len[48];
	size_t n = s != NULL ? strlen(s) : 0;
	int k = snprintf(len, sizeof(len), " %zu:", n);

	ks_sha256_update(h, tag, strlen(tag));
	ks_sha256_update(h, len, (size_t)k);
	ks_sha256_update(h, s != NULL ? s : "", n);
	ks_sha256_update(h, "\n", 1);
}

static void fp_num(struct ks_sha256 *h, const char *tag, unsigned long long v)
{
	char t[32];
	int k = snprintf(t, sizeof(t), "%llu", v);

	fp_str(h, tag, k > 0 ? t : "");
}

int ks_lcache_fingerprint(struct ks_ctx *cx, const struct ks_lres *lr,
	const struct ks_filter *flt, const char **out)
{
	const struct ks_analyzer *const *set = lr->set ? lr->set : ks_analyzers;
	char dig[KS_DIGEST_STRLEN + 1];
	struct ks_sha256 h;
	size_t i;
	int r;

	if ((r = ks_sha256_init(&h)) != 0)
		return ks_seterr(&cx->err, r, "layer cache: cannot hash the fingerprint");
	fp_num(&h, "kensa-lres codec", KS_LRES_CODEC_VERSION);
	fp_num(&h, "kinds", lr->kinds);
	fp_num(&h, "mode", lr->mode);
	fp_num(&h, "max_file", cx->lim.max_file);
	fp_str(&h, "root", cx->root);
	for (i = 0; set[i] != NULL; i++) {
		const struct ks_analyzer *an = set[i];

		fp_str(&h, "analyzer", an->name);
		fp_num(&h, "version", (unsigned long long)an->version);
		fp_num(&h, "kind", (unsigned long long)an->kind);
		fp_num(&h, "modes", an->modes);
		fp_num(&h, "max_size", an->max_size);
		fp_num(&h, "exec_only", an->exec_only);
	}
	for (i = 0; flt != NULL && i < flt->nskip_files; i++)
		fp_str(&h, "skip-file", flt->skip_files[i]);
	for (i = 0; flt != NULL && i < flt->nskip_dirs; i++)
		fp_str(&h, "skip-dir", flt->skip_dirs[i]);
	if ((r = ks_sha256_final(&h, dig)) != 0)
		return ks_seterr(&cx->err, r, "layer cache: cannot hash the fingerprint");
	/* "sha256:" dropped: the codec version first keeps entries of one codec together */
	if ((*out = ks_arena_printf(&cx->arena, "%u-%s", KS_LRES_CODEC_VERSION, dig + 7)) == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "layer cache: out of memory");
	return 0;
}

/* Reads the encoding stored for (diffid, fp) into a malloc'd copy; *data NULL = none. */
static int read_entry(struct ks_lcache *c, struct ks_ctx *cx, const char *diffid,
	const char *fp, uint8_t **data, size_t *n)
{
	sqlite3_stmt *s = c->q[Q_GET];
	int rc, r = 0;

	*data = NULL;
	btext(s, 1, diffid);
	btext(s, 2, fp);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(s, 0);
		size_t len = (size_t)sqlite3_column_bytes(s, 0);

		if ((*data = malloc(len ? len : 1)) == NULL)
			r = ks_seterr(&cx->err, KS_ENOMEM, "layer cache: out of memory");
		else if (len > 0)
			memcpy(*data, p, len);
		*n = len;
	} else if (rc != SQLITE_DONE) {
		r = dberr(c, cx, "reading an entry");
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return r;
}

/* The DiffID a blob digest was recorded for, into key; false if none. */
static int lookup_alias(struct ks_lcache *c, struct ks_ctx *cx, const char *digest,
	char key[KS_DIGEST_STRLEN + 1], bool *found)
{
	sqlite3_stmt *s = c->q[Q_ALIAS];
	int rc, r = 0;

	*found = false;
	btext(s, 1, digest);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(s, 0);

		if (d != NULL && ks_digest_valid(d)) {
			memcpy(key, d, KS_DIGEST_STRLEN + 1);
			*found = true;
		}
	} else if (rc != SQLITE_DONE) {
		r = dberr(c, cx, "reading an alias");
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return r;
}

/* Deletes an unreadable entry (and aliases left pointing nowhere); failures only logged. */
static void drop_entry(struct ks_lcache *c, struct ks_ctx *cx, const char *diffid,
	const char *fp)
{
	sqlite3_stmt *s = c->q[Q_DROP];
	struct ks_err saved = cx->err;

	btext(s, 1, diffid);
	btext(s, 2, fp);
	if (run(c, cx, s, "deleting an entry") != 0 ||
		run(c, cx, c->q[Q_PRUNE], "deleting aliases") != 0)
		ks_log(cx, KS_LOG_DEBUG, "%s", cx->err.msg);
	cx->err = saved;
	c->st.dropped++;
}

static void touch_entry(struct ks_lcache *c, struct ks_ctx *cx, const char *diffid,
	const char *fp)
{
	sqlite3_stmt *s = c->q[Q_TOUCH];

	btext(s, 1, diffid);
	btext(s, 2, fp);
	sqlite3_bind_int64(s, 3, now_us());
	if (run(c, cx, s, "marking an entry used") != 0)
		ks_log(cx, KS_LOG_DEBUG, "%s", cx->err.msg);
}

int ks_lcache_get(struct ks_lcache *c, struct ks_ctx *cx, const char *diffid,
	const char *digest, const char *fingerprint, struct ks_lres *out, struct ks_strv *warns,
	struct ks_blob_info *info)
{
	char key[KS_DIGEST_STRLEN + 1];
	struct ks_blob_info bi;
	uint8_t *data = NULL;
	size_t n = 0;
	bool found = false;
	int r;

	pthread_mutex_lock(&c->mu);
	if (ks_digest_valid(diffid)) {
		memcpy(key, diffid, KS_DIGEST_STRLEN + 1);
		found = true;
		r = 0;
	} else if (ks_digest_valid(digest)) {
		r = lookup_alias(c, cx, digest, key, &found);
	} else {
		r = 0;
	}
	if (r == 0 && found)
		r = read_entry(c, cx, key, fingerprint, &data, &n);
	if (r != 0 || data == NULL) {
		c->st.misses += r == 0;
		pthread_mutex_unlock(&c->mu);
		return r;
	}
	pthread_mutex_unlock(&c->mu);

	/* decoding runs unlocked: other threads may use the cache meanwhile */
	r = ks_lres_decode(cx, data, n, out, warns, &bi);
	free(data);
	if (r == 0 && strcmp(bi.diffid, key) != 0)
		r = ks_seterr(&cx->err, KS_ECORRUPT, "layer cache entry: holds layer '%s'",
			bi.diffid);

	pthread_mutex_lock(&c->mu);
	if (r == KS_ENOMEM) {
		pthread_mutex_unlock(&c->mu);
		return r;
	}
	if (r != 0) {
		ks_err_prefix(&cx->err, "layer '%s'", key);
		if (r == KS_ENOTFOUND)
			ks_log(cx, KS_LOG_DEBUG, "layer cache: stale entry dropped: %s",
				cx->err.msg);
		else if (ks_warn(cx, "layer cache: corrupt entry dropped: %s", cx->err.msg) != 0)
			r = KS_ENOMEM;
		drop_entry(c, cx, key, fingerprint);
		c->st.misses++;
		pthread_mutex_unlock(&c->mu);
		return r == KS_ENOMEM ? r : 0;
	}
	touch_entry(c, cx, key, fingerprint);
	c->st.hits++;
	pthread_mutex_unlock(&c->mu);
	if (info != NULL)
		*info = bi;
	return 1;
}

/* Evicts least recently used entries (layers and blobs) until the total fits
 * c->max_bytes. In the caller's transaction. */
static int evict(struct ks_lcache *c, struct ks_ctx *cx)
{
	sqlite3_stmt *s = c->q[Q_TOTAL], *o = c->q[Q_OLDEST], *d;
	int64_t total;
	int rc, r;
	bool any = false;

	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return dberr(c, cx, "summing entry sizes");
	}
	total = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	while (total > 0 && (uint64_t)total > c->max_bytes) {
		if ((rc = sqlite3_step(o)) != SQLITE_ROW) {
			sqlite3_reset(o);
			if (rc == SQLITE_DONE)
				break;
			return dberr(c, cx, "finding the oldest entry");
		}
		/* a blob has no fingerprint; the key's text stays valid while o is not
		 * reset: bind copies of it */
		d = sqlite3_column_type(o, 1) == SQLITE_NULL ? c->q[Q_BLOB_DROP] : c->q[Q_DROP];
		sqlite3_bind_text(d, 1, (const char *)sqlite3_column_text(o, 0), -1,
			SQLITE_TRANSIENT);
		if (d == c->q[Q_DROP])
			sqlite3_bind_text(d, 2, (const char *)sqlite3_column_text(o, 1), -1,
				SQLITE_TRANSIENT);
		total -= sqlite3_column_int64(o, 2);
		sqlite3_reset(o);
		if ((r = run(c, cx, d, "evicting an entry")) != 0)
			return r;
		c->st.evicted++;
		any = true;
	}
	return any ? run(c, cx, c->q[Q_PRUNE], "deleting aliases") : 0;
}

static int store(struct ks_lcache *c, struct ks_ctx *cx, const char *fp,
	const struct ks_blob_info *info, const struct ks_buf *enc)
{
	sqlite3_stmt *s = c->q[Q_PUT], *a = c->q[Q_PUT_ALIAS];
	int r;

	if ((r = run(c, cx, c->q[Q_BEGIN], "starting a transaction")) != 0)
		return r;
	btext(s, 1, info->diffid);
	btext(s, 2, fp);
	sqlite3_bind_blob64(s, 3, enc->p, enc->n, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)enc->n);
	sqlite3_bind_int64(s, 5, now_us());
	if ((r = run(c, cx, s, "storing an entry")) != 0)
		goto fail;
	if (ks_digest_valid(info->digest) && strcmp(info->digest, info->diffid) != 0) {
		btext(a, 1, info->digest);
		btext(a, 2, info->diffid);
		if ((r = run(c, cx, a, "storing an alias")) != 0)
			goto fail;
	}
	if (c->max_bytes != 0 && (r = evict(c, cx)) != 0)
		goto fail;
	if ((r = run(c, cx, c->q[Q_COMMIT], "committing")) != 0)
		goto fail;
	c->st.puts++;
	return 0;
fail:
	(void)sqlite3_step(c->q[Q_ROLLBACK]);
	sqlite3_reset(c->q[Q_ROLLBACK]);
	return r;
}

int ks_lcache_put(struct ks_lcache *c, struct ks_ctx *cx, const char *fingerprint,
	const struct ks_lres *lr, const char *const *warns, size_t nwarns,
	const struct ks_blob_info *info)
{
	struct ks_buf enc;
	int r;

	if (!ks_digest_valid(info->diffid))
		return ks_seterr(&cx->err, KS_EUSAGE, "layer cache: layer without a DiffID");
	ks_buf_init(&enc, MAX_ENTRY);
	if ((r = ks_lres_encode(cx, lr, warns, nwarns, info, &enc)) != 0)
		goto out;
	if (c->max_bytes != 0 && enc.n > c->max_bytes) {
		ks_log(cx, KS_LOG_DEBUG, "layer cache: layer '%s' (%zu bytes) is larger than the "
			"cache; not stored", info->diffid, enc.n);
		goto out;
	}
	pthread_mutex_lock(&c->mu);
	r = store(c, cx, fingerprint, info, &enc);
	pthread_mutex_unlock(&c->mu);
out:
	ks_buf_release(&enc);
	return r;
}

int ks_lcache_clear(struct ks_lcache *c, struct ks_ctx *cx)
{
	int r = 0;

	pthread_mutex_lock(&c->mu);
	if (sqlite3_exec(c->db, "BEGIN IMMEDIATE; DELETE FROM layers; DELETE FROM aliases; DELETE FROM blobs; "
				"COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		r = dberr(c, cx, "clearing");
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	}
	pthread_mutex_unlock(&c->mu);
	return r;
}

int ks_lcache_stats(struct ks_lcache *c, struct ks_ctx *cx, struct ks_lcache_stats *st)
{
	sqlite3_stmt *s = c->q[Q_STATS];
	int r = 0;

	pthread_mutex_lock(&c->mu);
	*st = c->st;
	if (sqlite3_step(s) == SQLITE_ROW) {
		st->entries = (uint64_t)sqlite3_column_int64(s, 0);
		st->bytes = (uint64_t)sqlite3_column_int64(s, 1);
		st->aliases = (uint64_t)sqlite3_column_int64(s, 2);
	} else {
		r = dberr(c, cx, "counting entries");
	}
	sqlite3_reset(s);
	pthread_mutex_unlock(&c->mu);
	return r;
}

int ks_lcache_blob_get(struct ks_lcache *c, struct ks_ctx *cx, const char *digest, char **data,
	size_t *len)
{
	sqlite3_stmt *s = c->q[Q_BLOB_GET];
	char got[KS_DIGEST_STRLEN + 1];
	int rc, r = 0;

	*data = NULL;
	pthread_mutex_lock(&c->mu);
	btext(s, 1, digest);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(s, 0);
		size_t n = (size_t)sqlite3_column_bytes(s, 0);

		/* what the file holds is checked, not trusted */
		if (ks_sha256_digest(p ? p : "", n, got) == 0 && strcmp(got, digest) == 0) {
			if ((*data = ks_arena_strndup(&cx->arena, p ? p : "", n)) == NULL)
				r = ks_seterr(&cx->err, KS_ENOMEM, "layer cache: out of memory");
			*len = n;
		}
	} else if (rc != SQLITE_DONE) {
		ks_log(cx, KS_LOG_DEBUG, "layer cache '%s': reading blob %s: %s", c->path, digest,
			sqlite3_errmsg(c->db));
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (*data != NULL) {
		s = c->q[Q_BLOB_TOUCH];
		btext(s, 1, digest);
		sqlite3_bind_int64(s, 2, now_us());
		if (run(c, cx, s, "marking a blob used") != 0)
			ks_log(cx, KS_LOG_DEBUG, "%s", cx->err.msg);
	}
	pthread_mutex_unlock(&c->mu);
	return r != 0 ? r : *data != NULL;
}

int ks_lcache_blob_put(struct ks_lcache *c, struct ks_ctx *cx, const char *digest,
	const void *data, size_t len)
{
	sqlite3_stmt *s = c->q[Q_BLOB_PUT];
	int r;

	if (len > MAX_BLOB || (c->max_bytes != 0 && len > c->max_bytes))
		return 0;
	pthread_mutex_lock(&c->mu);
	if ((r = run(c, cx, c->q[Q_BEGIN], "starting a transaction")) == 0) {
		btext(s, 1, digest);
		sqlite3_bind_blob64(s, 2, len ? data : "", len, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, now_us());
		if ((r = run(c, cx, s, "storing a blob")) == 0 &&
			(r = run(c, cx, c->q[Q_BLOB_TRIM], "trimming blobs")) == 0 &&
			(c->max_bytes == 0 || (r = evict(c, cx)) == 0))
			r = run(c, cx, c->q[Q_COMMIT], "committing");
		if (r != 0) {
			(void)sqlite3_step(c->q[Q_ROLLBACK]);
			sqlite3_reset(c->q[Q_ROLLBACK]);
		}
	}
	pthread_mutex_unlock(&c->mu);
	return r;
}
