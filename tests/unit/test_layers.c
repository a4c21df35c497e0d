/*
 * test_layers.c - streaming layers and merging them: whiteouts and opaque directories
 * (real layer fixtures and layers built here), unsafe entries, corrupt and truncated
 * blobs, size limits, digests.
 *
 * A catch-all analyzer (wants every path, records path and content as a package) stands
 * in for the real ones so the merged file view itself can be checked.
 */
#include "testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "layer/layer.h"
#include "util/sha256.h"

static bool want_all(const char *path, size_t n)
{
	(void)path;
	(void)n;
	return true;
}

static int record(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_pkg *p = ks_ares_addpkg(cx, out);

	if (p == NULL)
		return KS_ENOMEM;
	p->name = f->path;
	p->version = ks_arena_strndup(&cx->arena, (const char *)f->data, f->size);
	return p->version ? 0 : KS_ENOMEM;
}

static const struct ks_analyzer any = { .name = "any", .kind = KS_AK_OSPKG, .version = 1,
	.wants = want_all, .parse = record };
static const struct ks_analyzer *const any_set[] = { &any, NULL };
/* The same for executables only (as the Go and Rust binary analyzers). */
static const struct ks_analyzer exe = { .name = "exe", .kind = KS_AK_LANG, .version = 1,
	.exec_only = true, .wants = want_all, .parse = record };
static const struct ks_analyzer *const exe_set[] = { &exe, NULL };

static int stream(struct ks_ctx *cx, const uint8_t *p, size_t n, struct ks_lres *lr,
	struct ks_blob_info *info)
{
	struct ks_memblob m;
	struct ks_blob b = ks_blob_mem(&m, p, n);
	uint64_t total = 0;

	memset(lr, 0, sizeof(*lr));
	lr->set = any_set;
	return ks_layer_stream(cx, NULL, &b, &total, lr, info);
}

static void stream_file(struct ks_ctx *cx, const char *path, struct ks_lres *lr)
{
	struct ks_blob_info info;
	size_t n;
	uint8_t *d = tu_read(path, &n);

	assert_int_equal(stream(cx, d, n, lr, &info), 0);
	free(d);
}

/* Layer builder: entries are "path=content" (regular file), "path*=content" (executable
 * file), "path/" (directory), "path->target" (symlink) or "path=>target" (hard link;
 * "path*=>target" to an executable). */
static uint8_t *build(const char *const *entries, bool gzip, size_t *len)
{
	struct archive *a = archive_write_new();
	size_t cap = 1 << 20, used = 0, i;
	uint8_t *buf = malloc(cap);

	assert_non_null(buf);
	archive_write_set_format_pax_restricted(a);
	if (gzip)
		archive_write_add_filter_gzip(a);
	archive_write_set_bytes_in_last_block(a, 1);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (i = 0; entries[i] != NULL; i++) {
		struct archive_entry *e = archive_entry_new();
		const char *s = entries[i], *eq = strstr(s, "="), *ln = strstr(s, "->");
		const char *hl = strstr(s, "=>");
		char name[256];

		if (hl != NULL) {
			bool x = hl > s && hl[-1] == '*';

			snprintf(name, sizeof(name), "%.*s", (int)(hl - s) - (x ? 1 : 0), s);
			archive_entry_set_pathname(e, name);
			archive_entry_set_hardlink(e, hl + 2);
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, x ? 0755 : 0644);
			archive_entry_set_size(e, 0);
			assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		} else if (ln != NULL) {
			snprintf(name, sizeof(name), "%.*s", (int)(ln - s), s);
			archive_entry_set_pathname(e, name);
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, ln + 2);
			archive_entry_set_perm(e, 0777);
			assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		} else if (eq != NULL) {
			bool x = eq > s && eq[-1] == '*';

			snprintf(name, sizeof(name), "%.*s", (int)(eq - s) - (x ? 1 : 0), s);
			archive_entry_set_pathname(e, name);
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, x ? 0755 : 0644);
			archive_entry_set_size(e, (la_int64_t)strlen(eq + 1));
			assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
			archive_write_data(a, eq + 1, strlen(eq + 1));
		} else {
			archive_entry_set_pathname(e, s);
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
			assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		}
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	*len = used;
	return buf;
}

static int stream_entries(struct ks_ctx *cx, const char *const *entries, struct ks_lres *lr)
{
	struct ks_blob_info info;
	size_t n;
	uint8_t *d = build(entries, true, &n);
	int r = stream(cx, d, n, lr, &info);

	free(d);
	return r;
}

/* Merges and renders the visible files as "path=content;..." */
static char *visible(struct ks_ctx *cx, struct ks_lres **layers, size_t n)
{
	struct ks_merged m;
	static char out[4096];
	size_t i, o = 0;

	assert_int_equal(ks_layers_merge(cx, layers, n, &m), 0);
	out[0] = '\0';
	for (i = 0; i < m.nfiles; i++) {
		const struct ks_pkg *p = &m.files[i].lf->res.pkgs[0];

		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s=%s@%d", i ? ";" : "",
			p->name, p->version, m.files[i].layer);
	}
	return out;
}

/* Executable analyzers see files with an execute bit only; a hard link to an analysed
 * file carries its results under the link's name (git-core style hard-linked programs). */
static void test_exec_only_and_hard_links(void **state)
{
	static const char *const entries[] = { "bin/", "bin/tool*=elf", "bin/notes=text",
		"bin/tool2*=>bin/tool", "bin/notes2=>bin/notes", NULL };
	struct ks_ctx cx;
	struct ks_lres lr, *l1[1] = { &lr };
	struct ks_blob_info info;
	size_t n;
	uint8_t *d = build(entries, false, &n);
	struct ks_memblob m;
	struct ks_blob b = ks_blob_mem(&m, d, n);
	uint64_t total = 0;

	(void)state;
	tu_ctx(&cx);
	memset(&lr, 0, sizeof(lr));
	lr.set = exe_set;
	assert_int_equal(ks_layer_stream(&cx, NULL, &b, &total, &lr, &info), 0);
	free(d);
	assert_string_equal(visible(&cx, l1, 1), "bin/tool=elf@0;bin/tool=elf@0");
	assert_int_equal(cx.nwarns, 0);
	/* without the executable-only analyzer, a hard link to a file read is copied too */
	d = build(entries, false, &n);
	b = ks_blob_mem(&m, d, n);
	memset(&lr, 0, sizeof(lr));
	lr.set = any_set;
	assert_int_equal(ks_layer_stream(&cx, NULL, &b, &total, &lr, &info), 0);
	free(d);
	assert_string_equal(visible(&cx, l1, 1),
		"bin/notes=text@0;bin/notes=text@0;bin/tool=elf@0;bin/tool=elf@0");
	ks_ctx_release(&cx);
}

static void test_fanal_opaque(void **state)
{
	struct ks_ctx cx;
	struct ks_lres base, opq, opq2;
	struct ks_lres *l1[2] = { &base, &opq }, *l2[2] = { &base, &opq2 };

	(void)state;
	tu_shared("fixtures/images/layers"); /* skips before anything is allocated */
	tu_ctx(&cx);
	stream_file(&cx, tu_shared("fixtures/images/layers/fanal-normal.tar"), &base);
	stream_file(&cx, tu_shared("fixtures/images/layers/fanal-opq.tar"), &opq);
	stream_file(&cx, tu_shared("fixtures/images/layers/fanal-opq2.tar"), &opq2);
	assert_string_equal(visible(&cx, l1, 1), "etc/test/test=@0;var/foo=@0");
	/* the opaque etc/test hides test, the whiteout removes var/foo */
	assert_string_equal(visible(&cx, l1, 2), "etc/test/test2=@1");
	assert_string_equal(visible(&cx, l2, 2), "etc/test/bar=bar\n@1");
	ks_ctx_release(&cx);
}

static void test_claircore_whiteouts(void **state)
{
	static const char *const lower[] = { "a/", "a/a_file.txt=1", "a/keep=2",
		"a_root_file.txt=3", "b/", "b/c=4", "etc/", "etc/profile=5", "etc/bashrc=6", NULL };
	static const char *const lower2[] = { "a/", "a/x=1", "b/", "b/y=2", NULL };
	struct ks_ctx cx;
	struct ks_lres lo, lo2, adv, wo, opq;
	struct ks_lres *s1[2] = { &lo, &adv }, *s2[2] = { &lo, &wo }, *s3[2] = { &lo2, &opq };

	(void)state;
	tu_shared("fixtures/images/layers/claircore-whiteout");
	tu_ctx(&cx);
	assert_int_equal(stream_entries(&cx, lower, &lo), 0);
	assert_int_equal(stream_entries(&cx, lower2, &lo2), 0);
	stream_file(&cx, tu_shared("fixtures/images/layers/claircore-whiteout/whiteout_advanced.layer"),
		&adv);
	stream_file(&cx, tu_shared("fixtures/images/layers/claircore-whiteout/whiteout.layer"),
		&wo);
	stream_file(&cx, tu_shared("fixtures/images/layers/claircore-whiteout/whiteout_opaque.layer"),
		&opq);
	assert_string_equal(visible(&cx, s1, 2), "a/keep=2@0;etc/bashrc=6@0;etc/profile=5@0");
	assert_string_equal(visible(&cx, s2, 2),
		"a/a_file.txt=1@0;a/keep=2@0;a_root_file.txt=3@0;b/c=4@0;etc/bashrc=6@0");
	/* "not.a.wh..wh..opq" is an ordinary file, not an opaque marker */
	assert_string_equal(visible(&cx, s3, 2), "b/not.a.wh..wh..opq=@1;b/y=2@0");
	ks_ctx_release(&cx);
}

static void test_absolute_names(void **state)
{
	static const char *const abs[] = { "/", "/etc/", "/etc/passwd=x", "/a/../b=y", NULL };
	struct ks_ctx cx;
	struct ks_lres lr;
	struct ks_lres *l[1] = { &lr };

	(void)state;
	tu_ctx(&cx);
	/* absolute names count from the image root, as Docker applies them */
	assert_int_equal(stream_entries(&cx, abs, &lr), 0);
	assert_string_equal(visible(&cx, l, 1), "b=y@0;etc/passwd=x@0");
	ks_ctx_release(&cx);
}

static void test_replacement(void **state)
{
	static const char *const lower[] = { "var/", "var/db=old", "var/link=old", NULL };
	static const char *const upper[] = { "var/", "var/db=first", "var/db=second",
		"var/link->db", NULL };
	struct ks_ctx cx;
	struct ks_lres lo, up;
	struct ks_lres *l[2] = { &lo, &up };

	(void)state;
	tu_shared("fixtures/images/layers/claircore-whiteout");
	tu_ctx(&cx);
	assert_int_equal(stream_entries(&cx, lower, &lo), 0);
	assert_int_equal(stream_entries(&cx, upper, &up), 0);
	/* the later entry of the same layer wins; a symlink hides the lower file */
	assert_string_equal(visible(&cx, l, 2), "var/db=second@1");
	ks_ctx_release(&cx);
}

static void expect_unsafe(const char *const *entries, const char *msg)
{
	struct ks_ctx cx;
	struct ks_lres lr;

	tu_ctx(&cx);
	assert_int_equal(stream_entries(&cx, entries, &lr), KS_EUNSAFE);
	if (strstr(cx.err.msg, msg) == NULL)
		fail_msg("message '%s' lacks '%s'", cx.err.msg, msg);
	ks_ctx_release(&cx);
}

static void test_unsafe_entries(void **state)
{
	static const char *const dotdot[] = { "../../etc/passwd=x", NULL };
	static const char *const via_link[] = { "lnk->/etc", "lnk/passwd=x", NULL };
	static const char *const hard[] = { "a=x", "b=>../../../etc/shadow", NULL };

	(void)state;
	expect_unsafe(dotdot, "escapes the image root");
	expect_unsafe(via_link, "through the symbolic link 'lnk'");
	expect_unsafe(hard, "hard link target");
}

static void test_corrupt_blobs(void **state)
{
	static const char *const files[] = { "etc/", "etc/os-release=ID=test\n", NULL };
	struct ks_ctx cx;
	struct ks_lres lr;
	struct ks_blob_info info;
	uint8_t garbage[4096];
	size_t n, i;
	uint8_t *d;
	int r;

	(void)state;
	tu_ctx(&cx);
	d = build(files, true, &n);
	/* truncated gzip stream */
	r = stream(&cx, d, n / 2, &lr, &info);
	assert_true(r == KS_ECORRUPT || r == KS_ETRUNC);
	free(d);
	/* a tar header with a broken checksum */
	d = build(files, false, &n);
	d[148] ^= 0x11;
	d[149] ^= 0x22;
	assert_int_equal(stream(&cx, d, n, &lr, &info), KS_EUNSUPPORTED);
	d[148] ^= 0x11;
	d[149] ^= 0x22;
	d[512 + 148] ^= 0x11; /* second header */
	r = stream(&cx, d, n, &lr, &info);
	assert_true(r == KS_ECORRUPT || r == KS_ETRUNC);
	free(d);
	/* not a tar at all, and nothing at all */
	for (i = 0; i < sizeof(garbage); i++)
		garbage[i] = (uint8_t)(i * 7 + 3);
	assert_int_equal(stream(&cx, garbage, sizeof(garbage), &lr, &info), KS_EUNSUPPORTED);
	assert_int_equal(stream(&cx, garbage, 0, &lr, &info), KS_EUNSUPPORTED);
	ks_ctx_release(&cx);
}

static void test_size_limit(void **state)
{
	static const char *const files[] = { "big=0123456789012345678901234567890123456789",
		NULL };
	struct ks_ctx cx;
	struct ks_lres lr;
	struct ks_blob_info info;
	size_t n;
	uint8_t *d;

	(void)state;
	tu_ctx(&cx);
	d = build(files, true, &n);
	cx.lim.max_image = 1024; /* the tar alone is 2048+ bytes */
	assert_int_equal(stream(&cx, d, n, &lr, &info), KS_ELIMIT);
	assert_non_null(strstr(cx.err.msg, "--max-image-size"));
	cx.lim.max_image = 0;
	cx.lim.max_file = 10; /* a file over the file limit is skipped with a warning */
	assert_int_equal(stream(&cx, d, n, &lr, &info), 0);
	assert_int_equal(cx.nwarns, 1);
	assert_non_null(strstr(cx.warns[0], "'big'"));
	free(d);
	ks_ctx_release(&cx);
}

static void test_digests(void **state)
{
	static const char *const files[] = { "a=1", "b/", "b/c=2", NULL };
	struct ks_ctx cx;
	struct ks_lres lr;
	struct ks_blob_info info;
	char want[KS_DIGEST_STRLEN + 1];
	size_t n, un;
	uint8_t *gz, *plain;

	(void)state;
	tu_ctx(&cx);
	gz = build(files, true, &n);
	plain = build(files, false, &un);
	assert_int_equal(stream(&cx, gz, n, &lr, &info), 0);
	assert_int_equal(ks_sha256_digest(gz, n, want), 0);
	assert_string_equal(info.digest, want);
	assert_int_equal(ks_sha256_digest(plain, un, want), 0);
	assert_string_equal(info.diffid, want);
	assert_true(info.compressed);
	assert_int_equal(info.size, n);
	assert_int_equal(info.usize, un);
	assert_int_equal(stream(&cx, plain, un, &lr, &info), 0);
	assert_false(info.compressed);
	assert_string_equal(info.digest, info.diffid);
	free(gz);
	free(plain);
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exec_only_and_hard_links),
		cmocka_unit_test(test_fanal_opaque),
		cmocka_unit_test(test_claircore_whiteouts),
		cmocka_unit_test(test_absolute_names),
		cmocka_unit_test(test_replacement),
		cmocka_unit_test(test_unsafe_entries),
		cmocka_unit_test(test_corrupt_blobs),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_digests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
