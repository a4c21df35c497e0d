/* fs.c - cache directory creation and removal; see fs.h. */
#include "util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/banned.h"

#define MAX_DEPTH 256

int ks_fs_mkparents(struct ks_ctx *cx, const char *path, mode_t mode)
{
	char buf[4096];
	size_t i, n = strlen(path);

	if (n >= sizeof(buf))
		return ks_seterr(&cx->err, KS_ELIMIT, "path too long: '%s'", path);
	memcpy(buf, path, n + 1);
	for (i = 1; i < n; i++) {
		if (buf[i] != '/' || buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, mode) != 0 && errno != EEXIST)
			return ks_seterr(&cx->err, KS_EIO, "cannot create '%s': %s", buf,
				strerror(errno));
		buf[i] = '/';
	}
	return 0;
}

/* Removes the entries of the directory open as dfd (named path, for messages). */
static int empty_dir(struct ks_ctx *cx, int dfd, const char *path, int depth, uint64_t *freed)
{
	DIR *d;
	struct dirent *de;
	int r = 0;

	if (depth >= MAX_DEPTH) {
		close(dfd);
		return ks_seterr(&cx->err, KS_ELIMIT, "cannot remove '%s': over %d nested "
			"directories", path, MAX_DEPTH);
	}
	if ((d = fdopendir(dfd)) == NULL) {
		r = ks_seterr(&cx->err, KS_EIO, "cannot read '%s': %s", path, strerror(errno));
		close(dfd);
		return r;
	}
	while (r == 0 && (errno = 0, de = readdir(d)) != NULL) {
		const char *name = de->d_name;
		struct stat sb;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno != ENOENT)
				r = ks_seterr(&cx->err, KS_EIO, "cannot stat '%s/%s': %s", path, name,
					strerror(errno));
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			const char *sp = ks_arena_printf(&cx->arena, "%s/%s", path, name);
			int sub = openat(dirfd(d), name,
				O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (sp == NULL) {
				if (sub >= 0)
					close(sub);
				r = ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
			} else if (sub < 0)
				r = ks_seterr(&cx->err, KS_EIO, "cannot open '%s': %s", sp,
					strerror(errno));
			else if ((r = empty_dir(cx, sub, sp, depth + 1, freed)) == 0 &&
				unlinkat(dirfd(d), name, AT_REMOVEDIR) != 0 && errno != ENOENT)
				r = ks_seterr(&cx->err, KS_EIO, "cannot remove '%s/%s': %s", path, name,
					strerror(errno));
			continue;
		}
		if (unlinkat(dirfd(d), name, 0) != 0) {
			if (errno != ENOENT)
				r = ks_seterr(&cx->err, KS_EIO, "cannot remove '%s/%s': %s", path, name,
					strerror(errno));
			continue;
		}
		if (S_ISREG(sb.st_mode) && freed != NULL)
			*freed += (uint64_t)sb.st_size;
	}
	if (r == 0 && errno != 0)
		r = ks_seterr(&cx->err, KS_EIO, "cannot read '%s': %s", path, strerror(errno));
	closedir(d);
	return r;
}

int ks_fs_rmtree(struct ks_ctx *cx, const char *path, uint64_t *freed)
{
	struct stat sb;
	char buf[4096];
	size_t n = strlen(path);
	int fd, r;

	if (freed != NULL)
		*freed = 0;
	/* "link/" would resolve the link: strip trailing slashes so a link stays a link */
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n >= sizeof(buf))
		return ks_seterr(&cx->err, KS_ELIMIT, "path too long: '%s'", path);
	memcpy(buf, path, n);
	buf[n] = '\0';
	path = buf;
	if (n == 0 || strcmp(path, "/") == 0)
		return ks_seterr(&cx->err, KS_EUSAGE, "refusing to remove '%s'", path);
	if (lstat(path, &sb) != 0) {
		if (errno == ENOENT)
			return 0;
		return ks_seterr(&cx->err, KS_EIO, "cannot stat '%s': %s", path, strerror(errno));
	}
	if (!S_ISDIR(sb.st_mode)) {
		if (unlink(path) != 0 && errno != ENOENT)
			return ks_seterr(&cx->err, KS_EIO, "cannot remove '%s': %s", path,
				strerror(errno));
		if (S_ISREG(sb.st_mode) && freed != NULL)
			*freed = (uint64_t)sb.st_size;
		return 0;
	}
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return ks_seterr(&cx->err, KS_EIO, "cannot open '%s': %s", path, strerror(errno));
	if ((r = empty_dir(cx, fd, path, 0, freed)) != 0)
		return r;
	if (rmdir(path) != 0 && errno != ENOENT)
		return ks_seterr(&cx->err, KS_EIO, "cannot remove '%s': %s", path, strerror(errno));
	return 0;
}

int ks_fs_read_fd(struct ks_ctx *cx, int fd, const char *name, size_t size, uint8_t **data,
	size_t *len)
{
	uint8_t *buf = size < SIZE_MAX ? malloc(size + 1) : NULL;
	size_t got = 0;

	if (buf == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory reading '%s'", name);
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return ks_seterr(&cx->err, KS_EIO, "cannot read '%s': %s", name,
				strerror(errno));
		}
		if (n == 0)
			break; /* the file shrank while it was read: what is there */
		got += (size_t)n;
	}
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
}
