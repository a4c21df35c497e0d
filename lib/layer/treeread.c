/*
 * treeread.c - reading one file of a scanned directory tree on demand (see layer.h).
 *
 * The path is opened one component at a time with openat() relative to the previous
 * directory and O_NOFOLLOW, as the walk (tree.c) opens what it reads: a symbolic link
 * anywhere on the way is refused rather than followed, so neither a link pointing out of
 * the tree nor one inside it is taken, and nothing outside root is ever opened. FIFOs are
 * opened non-blocking and refused as not regular.
 */
#include "layer/layer.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/banned.h"

/* The error for a failed openat() of name (a component of path) in dirfd. */
static int open_failed(struct ks_ctx *cx, int dirfd, const char *name, const char *path, int err)
{
	struct stat sb;

	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(sb.st_mode))
		return ks_seterr(&cx->err, KS_EUNSAFE, "'%s': '%s' is a symbolic link", path, name);
	if (err == ENOENT || err == ENOTDIR)
		return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': no such file", path);
	return ks_seterr(&cx->err, KS_EIO, "cannot open '%s': %s", path, strerror(err));
}

int ks_tree_read(void *root, struct ks_ctx *cx, const char *path, uint8_t **data, size_t *size)
{
	char *copy = NULL, *name, *slash;
	struct stat sb;
	int dirfd = -1, fd = -1, r = KS_EINTERNAL;

	*data = NULL;
	*size = 0;
	if ((copy = strdup(path)) == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	if ((dirfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		r = ks_seterr(&cx->err, KS_EIO, "cannot open directory '%s': %s",
		        (const char *)root, strerror(errno));
		goto out;
	}
	for (name = copy;; name = slash + 1) {
		/* a clean path has no empty, "." or ".." component; refuse one all the same */
		if (name[0] == '\0' || name[0] == '/' || strcmp(name, ".") == 0 ||
		        strncmp(name, "./", 2) == 0 || strcmp(name, "..") == 0 ||
		        strncmp(name, "../", 3) == 0) {
			r = ks_seterr(
			        &cx->err, KS_EUNSAFE, "'%s': not a clean relative path", path);
			goto out;
		}
		if ((slash = strchr(name, '/')) == NULL)
			break;
		*slash = '\0';
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			r = open_failed(cx, dirfd, name, path, errno);
			goto out;
		}
		close(dirfd);
		dirfd = fd;
		fd = -1;
	}
	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0) {
		r = open_failed(cx, dirfd, name, path, errno);
		goto out;
	}
	if (fstat(fd, &sb) != 0) {
		r = ks_seterr(&cx->err, KS_EIO, "cannot stat '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "'%s': not a regular file", path);
		goto out;
	}
	if ((uint64_t)sb.st_size > cx->lim.max_file) {
		r = ks_seterr(&cx->err, KS_ELIMIT,
		        "'%s' is %lld bytes, over the %llu-byte file limit", path,
		        (long long)sb.st_size, (unsigned long long)cx->lim.max_file);
		goto out;
	}
	r = ks_fs_read_fd(cx, fd, path, (size_t)sb.st_size, data, size);
out:
	if (fd >= 0)
		close(fd);
	if (dirfd >= 0)
		close(dirfd);
	free(copy);
	return r;
}
