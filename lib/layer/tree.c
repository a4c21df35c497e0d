/*
 * tree.c - walking an unpacked root filesystem or project tree (see layer.h).
 *
 * The walk uses openat() relative to each directory's descriptor with O_NOFOLLOW, so a
 * symbolic link is never followed and nothing outside root is opened; only regular files
 * that some analyzer wants are read (non-blocking, so a FIFO can never hang the scan).
 */
#include "layer/layer.h"
#include "util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 256

/* Directories never worth reading when scanning a live system's root. */
static bool pseudo_fs(const char *rel)
{
	return strcmp(rel, "proc") == 0 || strcmp(rel, "sys") == 0 || strcmp(rel, "dev") == 0;
}

static int visit_file(struct ks_ctx *cx, int dirfd, const char *name, const char *rel,
	struct ks_lres *lr)
{
	struct stat sb;
	uint8_t *data = NULL;
	size_t len = 0;
	int fd, r;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return ks_warn(cx, "cannot open '%s': %s; skipped", rel, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		!ks_any_wants(lr, rel, strlen(rel), (unsigned)sb.st_mode & 0777u)) {
		close(fd);
		return 0;
	}
	if ((uint64_t)sb.st_size > cx->lim.max_file) {
		close(fd);
		return ks_warn(cx, "'%s' is %lld bytes, over the %llu-byte file limit; skipped", rel,
			(long long)sb.st_size, (unsigned long long)cx->lim.max_file);
	}
	r = ks_fs_read_fd(cx, fd, rel, (size_t)sb.st_size, &data, &len);
	close(fd);
	if (r == KS_EIO) {
		r = ks_warn(cx, "%s; skipped", cx->err.msg);
		return r;
	}
	if (r != 0)
		return r;
	lr->entries++;
	r = ks_lres_analyze(cx, lr, rel, (unsigned)sb.st_mode & 0777u, data, len);
	free(data);
	return r;
}

/* Recursively visits the directory open at dirfd (taken over and closed); rel holds its
 * path relative to the root (rlen bytes, cap capacity). live_root skips pseudo
 * filesystems directly below the root. */
static int walk(struct ks_ctx *cx, int dirfd, char *rel, size_t rlen, size_t cap, int depth,
	bool live_root, const struct ks_filter *flt, struct ks_lres *lr)
{
	DIR *d;
	struct dirent *de;
	int r = 0;

	if (depth > MAX_DEPTH)
		return ks_warn(cx, "'%s': directories nested deeper than %d; not descended", rel,
			MAX_DEPTH);
	if ((d = fdopendir(dirfd)) == NULL) {
		close(dirfd);
		return ks_warn(cx, "cannot list '%s': %s; skipped", rlen ? rel : ".",
			strerror(errno));
	}
	while (r == 0 && (de = readdir(d)) != NULL) {
		size_t nlen = strlen(de->d_name);
		unsigned char type = de->d_type;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (rlen + 1 + nlen + 1 > cap) {
			r = ks_warn(cx, "'%s/%s': path too long; skipped", rel, de->d_name);
			continue;
		}
		if (rlen)
			rel[rlen] = '/';
		memcpy(rel + rlen + (rlen ? 1 : 0), de->d_name, nlen + 1);
		if (type == DT_UNKNOWN) {
			struct stat sb;

			if (fstatat(dirfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
				goto next;
			type = S_ISDIR(sb.st_mode) ? DT_DIR : S_ISREG(sb.st_mode) ? DT_REG : DT_LNK;
		}
		if (type == DT_DIR) {
			int sub;

			if ((live_root && depth == 0 && pseudo_fs(rel)) ||
				ks_filter_skips(flt, rel, true))
				goto next;
			sub = openat(dirfd, de->d_name,
				O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0) {
				r = ks_warn(cx, "cannot open '%s': %s; skipped", rel, strerror(errno));
				goto next;
			}
			r = walk(cx, sub, rel, rlen + (rlen ? 1 : 0) + nlen, cap, depth + 1,
				false, flt, lr);
		} else if (type == DT_REG && ks_any_wants(lr, rel, strlen(rel), KS_PERM_ANY) &&
			!ks_filter_skips(flt, rel, false)) {
			r = visit_file(cx, dirfd, de->d_name, rel, lr);
		}
next:
		rel[rlen] = '\0';
	}
	closedir(d);
	return r;
}

int ks_tree_walk(struct ks_ctx *cx, const char *root, const struct ks_filter *flt,
	struct ks_lres *lr)
{
	char *rel;
	int fd, r;

	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ks_seterr(&cx->err, errno == ENOENT ? KS_ENOTFOUND : KS_EIO,
			"cannot open directory '%s': %s", root, strerror(errno));
	if ((rel = malloc(8192)) == NULL) {
		close(fd);
		return KS_ENOMEM;
	}
	rel[0] = '\0';
	/* a live system's /proc, /sys and /dev hold no packages and can be huge */
	r = walk(cx, fd, rel, 0, 8192, 0, strcmp(root, "/") == 0, flt, lr);
	free(rel);
	return r;
}
