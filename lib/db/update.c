/* update.c - downloading feeds and building the database atomically; see update.h. */
#include "db/update.h"
#include "db/catalog.h"
#include "db/import.h"
#include "util/fs.h"
#include "util/str.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *ks_db_default_cache_dir(struct ks_arena *a)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (x != NULL && x[0] == '/')
		return ks_arena_printf(a, "%s/kensa", x);
	return ks_arena_printf(a, "%s/.cache/kensa", home && home[0] ? home : "/tmp");
}

const char *ks_db_file(struct ks_arena *a, const char *cache_dir)
{
	return ks_arena_printf(a, "%s/db/kensa.db", cache_dir);
}

static bool wanted(const struct ks_update_opts *o, const char *feed)
{
	size_t i;

	if (o->feeds == NULL)
		return true;
	for (i = 0; i < o->nfeeds; i++)
		if (strcmp(o->feeds[i], feed) == 0)
			return true;
	return false;
}

/* One catalogued file during an update. */
struct item {
	const struct ks_source *src;
	const char *url;   /* what was fetched (NULL: nothing to fetch) */
	const char *local; /* what to import: a downloaded file or a mirror directory */
	const char *status; /* "ok", "not-modified", "stale", "missing", "failed" */
	const char *error;
	char etag[256], lastmod[128];
};

static bool is_file_url(const char *u)
{
	return ks_hasprefix(u, "file://");
}

/* Decides where one catalogue entry comes from and fetches it. */
static int fetch_item(struct ks_ctx *cx, const struct ks_update_opts *o, const char *cache,
	struct item *it)
{
	const struct ks_source *s = it->src;
	enum ks_fetch_result res;
	const char *dest;
	struct stat sb;
	int r;

	if (o->mirror != NULL && is_file_url(o->mirror) && s->tree) {
		/* a local mirror's directory is imported in place */
		it->local = ks_arena_printf(&cx->arena, "%s/%s", o->mirror + 7, s->path);
		it->url = ks_arena_printf(&cx->arena, "%s/%s", o->mirror, s->path);
		it->status = stat(it->local, &sb) == 0 ? "ok" : "missing";
		if (stat(it->local, &sb) != 0)
			it->local = NULL;
		return 0;
	}
	if (o->mirror != NULL)
		it->url = ks_arena_printf(&cx->arena, "%s/%s%s", o->mirror,
			ks_url_escape(&cx->arena, s->path, ""), s->tree ? ".tar.gz" : "");
	else
		it->url = s->url;
	if (it->url == NULL) {
		it->status = "missing";
		return 0;
	}
	dest = ks_arena_printf(&cx->arena, "%s/feeds/%s%s", cache, s->path,
		s->tree ? ".tar.gz" : "");
	if (dest == NULL || (r = ks_fs_mkparents(cx, dest, 0755)) != 0)
		return dest ? r : KS_ENOMEM;
	r = ks_fetch(cx, &o->fetch, it->url, dest, &res);
	if (r == KS_ENOMEM || r == KS_EIO)
		return r;
	ks_fetch_validators(dest, it->etag, sizeof(it->etag), it->lastmod, sizeof(it->lastmod));
	if (r == 0) {
		it->status = res == KS_FETCH_NEW ? "ok" : "not-modified";
		it->local = dest;
		return 0;
	}
	it->error = ks_arena_strdup(&cx->arena, cx->err.msg);
	if (stat(dest, &sb) == 0) {
		it->status = "stale";
		it->local = dest;
		return ks_warn(cx, "%s; using the copy downloaded before", it->error);
	}
	it->status = r == KS_ENOTFOUND ? "missing" : "failed";
	if (r == KS_ENOTFOUND)
		ks_log(cx, KS_LOG_INFO, "%s", it->error);
	else
		return ks_warn(cx, "%s", it->error);
	return 0;
}

static uint64_t total_records(const struct ks_import *im)
{
	uint64_t t = 0;
	size_t i;

	for (i = 0; i < sizeof(im->stat) / sizeof(im->stat[0]); i++)
		t += im->stat[i].records;
	return t;
}

/* Builds tmp from the items and records their provenance. */
static int build(struct ks_ctx *cx, const char *tmp, struct item *items, size_t n)
{
	struct ks_dbw *w = NULL;
	struct ks_import im;
	size_t i;
	int r;

	if ((r = ks_dbw_create(cx, tmp, &w)) != 0)
		return r;
	ks_import_init(&im, cx, w);
	for (i = 0; i < n; i++) {
		uint64_t before = total_records(&im);
		const char *label;

		if (items[i].local != NULL) {
			label = items[i].src->path;
			/* a single catalogued file is that feed's; trees hold other files too */
			im.forced = items[i].src->tree ? NULL : ks_feed_by_name(items[i].src->feed);
			ks_progress(cx, "importing", i + 1, n);
			if ((r = ks_import_path(&im, items[i].local, label)) != 0)
				goto fail;
		}
		r = ks_dbw_feed(w, items[i].src->path, items[i].url, items[i].etag,
			items[i].lastmod, total_records(&im) - before, items[i].status,
			items[i].error);
		if (r != 0)
			goto fail;
	}
	return ks_dbw_finish(w);
fail:
	ks_dbw_abort(w);
	return r;
}

/* Takes the cache's update lock (several kensa processes may update at once). */
static int lock_cache(struct ks_ctx *cx, const char *cache, int *fd)
{
	const char *p = ks_arena_printf(&cx->arena, "%s/db/.update.lock", cache);
	int r;

	if (p == NULL)
		return KS_ENOMEM;
	if ((r = ks_fs_mkparents(cx, p, 0755)) != 0)
		return r;
	if ((*fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return ks_seterr(&cx->err, KS_EIO, "cannot open '%s': %s", p, strerror(errno));
	if (flock(*fd, LOCK_EX) != 0) {
		close(*fd);
		return ks_seterr(&cx->err, KS_EIO, "cannot lock '%s': %s", p, strerror(errno));
	}
	return 0;
}

/* Builds into a temporary file and renames it into place. */
static int install(struct ks_ctx *cx, const char *cache, struct item *items, size_t n,
	bool keep_old_on_gaps, bool gaps)
{
	const char *db = ks_db_file(&cx->arena, cache);
	const char *tmp = ks_arena_printf(&cx->arena, "%s.tmp.%ld", db ? db : "", (long)getpid());
	struct stat sb;
	int r;

	if (db == NULL || tmp == NULL)
		return KS_ENOMEM;
	if (gaps && keep_old_on_gaps && stat(db, &sb) == 0)
		return ks_seterr(&cx->err, KS_ENET, "some feeds could not be downloaded and "
			"have no earlier copy; the previous database at '%s' is kept", db);
	if ((r = build(cx, tmp, items, n)) != 0) {
		(void)unlink(tmp);
		return r;
	}
	if (rename(tmp, db) != 0) {
		r = ks_seterr(&cx->err, KS_EIO, "cannot install '%s': %s", db, strerror(errno));
		(void)unlink(tmp);
		return r;
	}
	if (gaps)
		return ks_seterr(&cx->err, KS_ENET, "some feeds could not be downloaded; the "
			"database at '%s' lacks them", db);
	return 0;
}

static int this_year(void)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

int ks_db_update(struct ks_ctx *cx, const struct ks_update_opts *o)
{
	const char *cache = o->cache_dir ? o->cache_dir : ks_db_default_cache_dir(&cx->arena);
	const struct ks_source *cat;
	struct item *items;
	size_t n, i, k = 0;
	bool gaps = false;
	int r, fd = -1;

	if (cache == NULL)
		return KS_ENOMEM;
	if ((r = ks_catalog(&cx->arena, o->year ? o->year : this_year(), &cat, &n)) != 0)
		return r;
	if ((items = ks_arena_calloc(&cx->arena, n, sizeof(*items))) == NULL)
		return KS_ENOMEM;
	if ((r = lock_cache(cx, cache, &fd)) != 0)
		return r;
	for (i = 0; i < n; i++) {
		if (!wanted(o, cat[i].feed))
			continue;
		items[k].src = &cat[i];
		ks_progress(cx, "downloading", i + 1, n);
		if ((r = fetch_item(cx, o, cache, &items[k])) != 0)
			goto out;
		gaps |= strcmp(items[k].status, "failed") == 0;
		k++;
	}
	r = install(cx, cache, items, k, true, gaps);
out:
	close(fd);
	return r;
}

int ks_db_import(struct ks_ctx *cx, const struct ks_update_opts *o, const char *const *paths,
	size_t n)
{
	const char *cache = o->cache_dir ? o->cache_dir : ks_db_default_cache_dir(&cx->arena);
	struct ks_source *src;
	struct item *items;
	size_t i;
	int r, fd = -1;

	if (cache == NULL)
		return KS_ENOMEM;
	src = ks_arena_calloc(&cx->arena, n ? n : 1, sizeof(*src));
	items = ks_arena_calloc(&cx->arena, n ? n : 1, sizeof(*items));
	if (src == NULL || items == NULL)
		return KS_ENOMEM;
	for (i = 0; i < n; i++) {
		struct stat sb;

		if (stat(paths[i], &sb) != 0)
			return ks_seterr(&cx->err, KS_ENOTFOUND, "cannot import '%s': %s", paths[i],
				strerror(errno));
		src[i].feed = "import";
		src[i].tree = 1; /* whatever it holds: detect each file */
		src[i].path = paths[i];
		items[i].src = &src[i];
		items[i].local = paths[i];
		items[i].status = "ok";
		items[i].url = ks_arena_printf(&cx->arena, "file://%s", paths[i]);
	}
	if ((r = lock_cache(cx, cache, &fd)) != 0)
		return r;
	r = install(cx, cache, items, n, false, false);
	close(fd);
	return r;
}
