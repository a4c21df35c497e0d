/* store.c - metadata and blob access shared by archive and directory stores; see store.h. */
#include "source/store.h"
#include "util/path.h"
#include "util/str.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void ks_store_release(struct ks_store *st)
{
	if (st == NULL)
		return;
	if (st->is_dir && st->dirfd >= 0)
		close(st->dirfd);
	st->dirfd = -1;
	ks_map_release(&st->meta);
	ks_map_release(&st->blobs);
	ks_map_release(&st->notlayer);
	ks_map_release(&st->alias);
}

const char *ks_store_follow(const struct ks_store *st, const char *path)
{
	int i;

	for (i = 0; i < 8; i++) {
		const char *to = ks_map_get(&st->alias, path, strlen(path));

		if (to == NULL)
			break;
		path = to;
	}
	return path;
}

int ks_store_open_dir(struct ks_ctx *cx, const char *path, struct ks_store *st)
{
	memset(st, 0, sizeof(*st));
	st->dirfd = -1;
	st->is_dir = true;
	st->path = path;
	ks_map_init(&st->meta);
	ks_map_init(&st->blobs);
	ks_map_init(&st->notlayer);
	ks_map_init(&st->alias);
	st->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dirfd < 0)
		return ks_seterr(&cx->err, errno == ENOENT ? KS_ENOTFOUND : KS_EIO,
			"cannot open directory '%s': %s", path, strerror(errno));
	return 0;
}

/* Opens a clean relative path below the directory without following a symlink in the
 * last component; intermediate components come from digests or cleaned manifest paths. */
static int dir_open(struct ks_ctx *cx, struct ks_store *st, const char *path, int *fd,
	struct stat *sb)
{
	char clean[4096];
	int flags = 0, r = ks_path_clean(path, strlen(path), clean, sizeof(clean), &flags);

	if (r != 0 || clean[0] == '\0')
		return ks_seterr(&cx->err, KS_EUNSAFE, "'%s': path '%s' escapes the layout",
			st->path, path);
	*fd = openat(st->dirfd, clean, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0)
		return ks_seterr(&cx->err, errno == ENOENT ? KS_ENOTFOUND : KS_EIO,
			"'%s': cannot open '%s': %s", st->path, clean, strerror(errno));
	if (fstat(*fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		close(*fd);
		*fd = -1;
		return ks_seterr(&cx->err, KS_ECORRUPT, "'%s': '%s' is not a regular file",
			st->path, clean);
	}
	return 0;
}

bool ks_store_has(struct ks_ctx *cx, struct ks_store *st, const char *path)
{
	struct stat sb;

	(void)cx;
	path = ks_store_follow(st, path);
	if (!st->is_dir)
		return ks_map_has(&st->meta, path, strlen(path)) ||
			ks_map_has(&st->blobs, path, strlen(path)) ||
			ks_map_has(&st->notlayer, path, strlen(path));
	/* any kind of file counts, so that a directory named index.json gets a precise
	 * error from ks_store_get() instead of "no index" */
	return fstatat(st->dirfd, path, &sb, AT_SYMLINK_NOFOLLOW) == 0;
}

int ks_store_get(struct ks_ctx *cx, struct ks_store *st, const char *path, const char **data,
	size_t *len)
{
	struct stat sb;
	char *buf;
	size_t got = 0;
	int fd, r;

	if (!st->is_dir) {
		struct ks_meta *m;

		path = ks_store_follow(st, path);
		m = ks_map_get(&st->meta, path, strlen(path));

		if (m == NULL) {
			if (ks_map_has(&st->blobs, path, strlen(path)) ||
				ks_map_has(&st->notlayer, path, strlen(path)))
				return ks_seterr(&cx->err, KS_ELIMIT,
					"'%s': '%s' is not a small JSON document", st->path, path);
			return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': no '%s' in the archive",
				st->path, path);
		}
		*data = m->data;
		*len = m->len;
		return 0;
	}
	if ((r = dir_open(cx, st, path, &fd, &sb)) != 0)
		return r;
	if ((uint64_t)sb.st_size > cx->lim.max_json) {
		close(fd);
		return ks_seterr(&cx->err, KS_ELIMIT, "'%s': '%s' is %lld bytes, larger than %llu",
			st->path, path, (long long)sb.st_size, (unsigned long long)cx->lim.max_json);
	}
	if ((buf = ks_arena_alloc(&cx->arena, (size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return KS_ENOMEM;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return ks_seterr(&cx->err, KS_EIO, "'%s': cannot read '%s'", st->path, path);
		}
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
}

int ks_store_feed(struct ks_ctx *cx, struct ks_store *st, const char *key, struct ks_blob *b,
	struct ks_blob_sink *sink)
{
	struct ks_blob_info info, *copy;
	const char *k = ks_arena_strdup(&cx->arena, key);
	int r;

	if (k == NULL)
		return KS_ENOMEM;
	r = sink->blob(sink->ud, k, b, &info);
	if (r == KS_EUNSUPPORTED) {
		ks_err_clear(&cx->err);
		return ks_map_put(&st->notlayer, k, strlen(k), (void *)k, NULL);
	}
	if (r != 0)
		return r;
	if ((copy = ks_arena_memdup(&cx->arena, &info, sizeof(info))) == NULL)
		return KS_ENOMEM;
	return ks_map_put(&st->blobs, k, strlen(k), copy, NULL);
}

struct fdblob {
	int fd;
	struct ks_ctx *cx;
	const char *path;
};

static ssize_t fd_read(void *h, void *buf, size_t n)
{
	struct fdblob *f = h;

	for (;;) {
		ssize_t got = read(f->fd, buf, n);

		if (got >= 0)
			return got;
		if (errno != EINTR)
			return ks_seterr(&f->cx->err, KS_EIO, "cannot read '%s': %s", f->path,
				strerror(errno));
	}
}

int ks_store_deliver(struct ks_ctx *cx, struct ks_store *st, const char *key,
	struct ks_blob_sink *sink)
{
	struct fdblob fb;
	struct ks_blob b;
	struct stat sb;
	int r;

	key = ks_store_follow(st, key);
	if (ks_map_has(&st->blobs, key, strlen(key)) || ks_map_has(&st->notlayer, key, strlen(key)))
		return 0;
	if (!st->is_dir)
		return 0; /* the archive pass delivered everything it had */
	if ((r = dir_open(cx, st, key, &fb.fd, &sb)) != 0)
		return r == KS_ENOTFOUND ? 0 : r;
	fb.cx = cx;
	fb.path = key;
	b.read = fd_read;
	b.h = &fb;
	b.size = (uint64_t)sb.st_size;
	r = ks_store_feed(cx, st, key, &b, sink);
	close(fb.fd);
	return r;
}

const struct ks_blob_info *ks_store_blob(struct ks_store *st, const char *key)
{
	key = ks_store_follow(st, key);
	return ks_map_get(&st->blobs, key, strlen(key));
}

bool ks_store_notlayer(struct ks_store *st, const char *key)
{
	key = ks_store_follow(st, key);
	return ks_map_has(&st->notlayer, key, strlen(key));
}

const char *ks_store_blob_path(struct ks_ctx *cx, const char *digest)
{
	const char *p;

	if (digest == NULL) {
		ks_seterr(&cx->err, KS_ECORRUPT, "descriptor without a digest");
		return NULL;
	}
	if (!ks_digest_valid(digest)) {
		ks_seterr(&cx->err, strncmp(digest, "sha256:", 7) == 0 ? KS_ECORRUPT :
			KS_EUNSUPPORTED, "unsupported or malformed digest '%.80s'", digest);
		return NULL;
	}
	p = ks_arena_printf(&cx->arena, "blobs/sha256/%s", digest + 7);
	if (p == NULL)
		ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	return p;
}
