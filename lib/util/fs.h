/*
 * fs.h - creating and removing directories of kensa's own cache (not of scanned input).
 *
 * Both functions work on paths the user or kensa chose (the cache directory), take the
 * caller's context for the error message and never follow symbolic links when removing.
 */
#ifndef KS_UTIL_FS_H
#define KS_UTIL_FS_H

#include <stdint.h>
#include <sys/types.h>

#include "ctx.h"

/* mkdir -p for the directories leading to path (every component before the last "/"),
 * created with mode (existing ones are left as they are). Returns 0, KS_ELIMIT (path
 * over 4095 bytes) or KS_EIO, with a message in cx->err. */
int ks_fs_mkparents(struct ks_ctx *cx, const char *path, mode_t mode);

/*
 * Removes path and, when it is a directory, everything below it (rm -rf without
 * following symbolic links: a link is removed, never its target, also when path itself
 * is one, trailing "/" or not). Files are unlinked, never truncated, so a process that has
 * one open keeps reading it. A missing path is not an error. *freed (may be NULL) gets
 * the bytes of the regular files removed, also when it fails midway. Returns 0, KS_EIO
 * (the first failure: what could be removed before it is gone), KS_ELIMIT (more than 256
 * nested directories, or path over 4095 bytes), KS_EUSAGE (path is "" or "/") or
 * KS_ENOMEM, with a message in cx->err.
 */
int ks_fs_rmtree(struct ks_ctx *cx, const char *path, uint64_t *freed);

/*
 * Reads the regular file open at fd, expected to hold size bytes (its fstat size, which
 * the caller has bounded), into a malloc'd buffer with a NUL after the bytes (*len of
 * them: fewer when the file shrank while being read). name names it in messages.
 * Returns 0, KS_ENOMEM or KS_EIO with a message in cx->err.
 */
int ks_fs_read_fd(struct ks_ctx *cx, int fd, const char *name, size_t size, uint8_t **data,
	size_t *len);

#endif
