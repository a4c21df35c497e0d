/*
 * test_fs.c - creating and removing kensa's cache directories (util/fs.c) in a temporary
 * directory: mkdir -p of a file's parents with their mode, and rm -rf that never follows
 * a symbolic link (a link to a directory or a file outside is removed, its target kept,
 * also when the path to remove is itself a link, with or without a trailing "/"), counts
 * the bytes of the regular files it removes, takes a missing path as done, and stops at
 * too deep a tree.
 */
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fs.h"

struct fix {
	struct ks_ctx cx;
	char dir[64];
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	tu_ctx(&f->cx);
	snprintf(f->dir, sizeof(f->dir), "/tmp/kensa-fs-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	umask(022);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' && rm -rf '%s'", f->dir, f->dir);
	assert_int_equal(system(cmd), 0);
	ks_ctx_release(&f->cx);
	free(f);
	return 0;
}

/* f->dir/rel (static buffer, one of four in turn). */
static const char *at(const struct fix *f, const char *rel)
{
	static char bufs[4][512];
	static int i;
	char *b = bufs[i++ % 4];

	snprintf(b, sizeof(bufs[0]), "%s/%s", f->dir, rel);
	return b;
}

static void write_file(const char *path, size_t n)
{
	FILE *fp = fopen(path, "w");
	size_t i;

	assert_non_null(fp);
	for (i = 0; i < n; i++)
		fputc('a' + (int)(i % 26), fp);
	assert_int_equal(fclose(fp), 0);
}

static bool exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

static void test_mkparents(void **state)
{
	struct fix *f = *state;
	struct stat sb;
	char long_path[5000];

	assert_int_equal(ks_fs_mkparents(&f->cx, at(f, "a/b//c/file.db"), 0700), 0);
	assert_int_equal(stat(at(f, "a/b/c"), &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(at(f, "a"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_false(exists(at(f, "a/b/c/file.db"))); /* the last component is not made */
	/* existing directories are left as they are */
	assert_int_equal(chmod(at(f, "a"), 0755), 0);
	assert_int_equal(ks_fs_mkparents(&f->cx, at(f, "a/b/d/"), 0700), 0);
	assert_int_equal(stat(at(f, "a"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0755);
	assert_int_equal(stat(at(f, "a/b/d"), &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	/* a file where a directory should be */
	write_file(at(f, "a/plain"), 3);
	assert_int_equal(ks_fs_mkparents(&f->cx, at(f, "a/plain/x/y"), 0700), KS_EIO);
	assert_non_null(strstr(f->cx.err.msg, "a/plain/x"));
	/* too long */
	memset(long_path, 'x', sizeof(long_path) - 1);
	long_path[sizeof(long_path) - 1] = '\0';
	assert_int_equal(ks_fs_mkparents(&f->cx, long_path, 0700), KS_ELIMIT);
}

/* outside/ (a directory with a file) and outside.txt, and a tree under "tree" with
 * regular files of 10 + 200 + 3000 + 0 bytes, links to both outside things, a fifo and
 * a link to itself. */
static void make_tree(const struct fix *f)
{
	assert_int_equal(mkdir(at(f, "outside"), 0755), 0);
	write_file(at(f, "outside/keep.txt"), 5);
	write_file(at(f, "outside.txt"), 7);
	assert_int_equal(mkdir(at(f, "tree"), 0755), 0);
	assert_int_equal(mkdir(at(f, "tree/sub"), 0755), 0);
	assert_int_equal(mkdir(at(f, "tree/sub/deeper"), 0755), 0);
	assert_int_equal(mkdir(at(f, "tree/empty"), 0755), 0);
	write_file(at(f, "tree/a"), 10);
	write_file(at(f, "tree/sub/b"), 200);
	write_file(at(f, "tree/sub/deeper/c"), 3000);
	write_file(at(f, "tree/sub/zero"), 0);
	assert_int_equal(symlink(at(f, "outside"), at(f, "tree/sub/to-dir")), 0);
	assert_int_equal(symlink("../../outside.txt", at(f, "tree/sub/to-file")), 0);
	assert_int_equal(symlink("loop", at(f, "tree/loop")), 0);
	assert_int_equal(mkfifo(at(f, "tree/sub/fifo"), 0644), 0);
}

static void outside_kept(const struct fix *f)
{
	struct stat sb;

	assert_int_equal(stat(at(f, "outside/keep.txt"), &sb), 0);
	assert_int_equal(sb.st_size, 5);
	assert_int_equal(stat(at(f, "outside.txt"), &sb), 0);
	assert_int_equal(sb.st_size, 7);
}

static void test_rmtree(void **state)
{
	struct fix *f = *state;
	uint64_t freed = 99;

	make_tree(f);
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "tree"), &freed), 0);
	assert_int_equal(freed, 3210);
	assert_false(exists(at(f, "tree")));
	outside_kept(f);
	/* gone already: done, nothing freed */
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "tree"), &freed), 0);
	assert_int_equal(freed, 0);
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "never/was"), NULL), 0);
	/* one file */
	write_file(at(f, "single"), 42);
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "single"), &freed), 0);
	assert_int_equal(freed, 42);
	assert_false(exists(at(f, "single")));
	/* a trailing slash on a directory */
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "outside.txt"), NULL), 0);
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "outside"), &freed), 0);
	assert_int_equal(freed, 5);
	make_tree(f);
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "tree///"), &freed), 0);
	assert_int_equal(freed, 3210);
	assert_false(exists(at(f, "tree")));
	outside_kept(f);
}

/* The path to remove is itself a link to a directory outside: the link goes, with or
 * without a trailing slash, and nothing of the target. */
static void test_rmtree_link_itself(void **state)
{
	struct fix *f = *state;
	uint64_t freed = 99;

	make_tree(f);
	assert_int_equal(symlink(at(f, "outside"), at(f, "link")), 0);
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "link/"), &freed), 0);
	assert_int_equal(freed, 0);
	assert_false(exists(at(f, "link")));
	outside_kept(f);
	assert_int_equal(symlink(at(f, "outside"), at(f, "link")), 0);
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "link"), &freed), 0);
	assert_false(exists(at(f, "link")));
	outside_kept(f);
	/* "" and "/" are refused outright */
	assert_int_equal(ks_fs_rmtree(&f->cx, "", NULL), KS_EUSAGE);
	assert_int_equal(ks_fs_rmtree(&f->cx, "///", NULL), KS_EUSAGE);
}

static void test_rmtree_limits_and_failures(void **state)
{
	struct fix *f = *state;
	char path[2048];
	size_t n;
	int i;
	uint64_t freed = 0;

	/* 300 nested directories: over the limit */
	n = (size_t)snprintf(path, sizeof(path), "%s/deep", f->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	for (i = 0; i < 300; i++) {
		n += (size_t)snprintf(path + n, sizeof(path) - n, "/d");
		assert_int_equal(mkdir(path, 0755), 0);
	}
	write_file(at(f, "deep/top.txt"), 11);
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "deep"), &freed), KS_ELIMIT);
	assert_non_null(strstr(f->cx.err.msg, "nested"));
	assert_true(exists(at(f, "deep/d")));

	/* a directory that cannot be emptied (not for root, who may do anything) */
	if (geteuid() == 0)
		return;
	make_tree(f);
	assert_int_equal(chmod(at(f, "tree/sub"), 0555), 0);
	assert_int_equal(ks_fs_rmtree(&f->cx, at(f, "tree"), &freed), KS_EIO);
	assert_non_null(strstr(f->cx.err.msg, "tree/sub/"));
	assert_true(exists(at(f, "tree/sub")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mkparents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rmtree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rmtree_link_itself, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rmtree_limits_and_failures, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
