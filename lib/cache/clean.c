/* clean.c - removing the scan cache and the vulnerability database; see clean.h. */
#include "cache/clean.h"
#include "cache/lcache.h"
#include "db/update.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "util/banned.h"

/* The directory part of path (arena). */
static char *dir_of(struct ks_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	return ks_arena_strndup(a, path, slash ? (size_t)(slash - path) : 0);
}

/* Removes <cache>/db and <cache>/feeds unless a `db update` holds the database's lock
 * (db/update.c takes <cache>/db/.update.lock for the whole update). */
static int clean_db(struct ks_ctx *cx, const char *cache, uint64_t *freed)
{
	const char *file = ks_db_file(&cx->arena, cache);
	char *dir = file ? dir_of(&cx->arena, file) : NULL;
	const char *lock = dir ? ks_arena_printf(&cx->arena, "%s/.update.lock", dir) : NULL;
	const char *feeds = ks_arena_printf(&cx->arena, "%s/feeds", cache);
	uint64_t n = 0;
	int fd, r;

	if (lock == NULL || feeds == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	fd = open(lock, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
		r = errno == EWOULDBLOCK ? ks_seterr(&cx->err, KS_EIO, "a 'db update' is running "
						   "on '%s'; the database is left in place", dir)
					 : ks_seterr(&cx->err, KS_EIO, "cannot lock '%s': %s", lock,
						   strerror(errno));
		close(fd);
		return r;
	}
	r = ks_fs_rmtree(cx, dir, &n);
	*freed = n;
	if (r == 0) {
		r = ks_fs_rmtree(cx, feeds, &n);
		*freed += n;
	}
	if (fd >= 0)
		close(fd);
	return r;
}

int ks_cache_clean(struct ks_ctx *cx, const char *cache_dir, unsigned what,
	struct ks_clean_result *res)
{
	const char *cache = cache_dir ? cache_dir : ks_db_default_cache_dir(&cx->arena);
	const char *scan = cache ? ks_lcache_path(&cx->arena, cache) : NULL;
	char *scan_dir = scan ? dir_of(&cx->arena, scan) : NULL;
	int r = 0;

	memset(res, 0, sizeof(*res));
	if (cache != NULL && cache[0] == '\0')
		return ks_seterr(&cx->err, KS_EUSAGE, "clean: the cache directory is an empty path");
	if (scan_dir == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	res->cache_dir = cache;
	if ((what & KS_CLEAN_SCAN_CACHE) != 0 &&
		(r = ks_fs_rmtree(cx, scan_dir, &res->scan_bytes)) != 0)
		return r;
	if ((what & KS_CLEAN_VULN_DB) != 0)
		r = clean_db(cx, cache, &res->db_bytes);
	return r;
}
