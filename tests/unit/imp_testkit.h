/*
 * imp_testkit.h - helpers shared by the tests of the Linux distribution feed importers
 * (test_imp_debian_oval.c, test_imp_debian_tracker.c, test_imp_ubuntu_uct.c,
 * test_imp_ubuntu_oval.c, test_imp_redhat_oval.c): a database built in a temporary file
 * and reopened read-only, real feed files decompressed with libarchive, tar members picked
 * by name, and lookups of advisory rows.
 *
 * Header-only (static functions) because tests/CMakeLists.txt builds every test_*.c as its
 * own program. Everything a helper returns is malloc'd and freed by the caller, or lives in
 * the struct itk until itk_end().
 */
#ifndef KS_IMP_TESTKIT_H
#define KS_IMP_TESTKIT_H

#include "testutil.h"

#include "db/db.h"
#include "db/feed.h"
#include "util/buf.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct itk {
	struct ks_ctx cx;
	struct ks_dbw *w;
	struct ks_db *db;
	char path[64];
	uint64_t records;
};

/* A fresh context and an empty database being built in a temporary file. */
static inline void itk_begin(struct itk *t)
{
	int fd;

	memset(t, 0, sizeof(*t));
	tu_ctx(&t->cx);
	snprintf(t->path, sizeof(t->path), "/tmp/kensa-imptest-XXXXXX");
	fd = mkstemp(t->path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(ks_dbw_create(&t->cx, t->path, &t->w), 0);
}

/* Imports data as the file at name with importer f; returns the importer's result. */
static inline int itk_import(struct itk *t, const struct ks_feed *f, const char *name,
	const void *data, size_t len)
{
	ks_err_clear(&t->cx.err);
	return f->import(&t->cx, t->w, name, (const uint8_t *)data, len, &t->records);
}

/* Finishes the build and opens the result read-only. */
static inline void itk_finish(struct itk *t)
{
	assert_int_equal(ks_dbw_finish(t->w), 0);
	t->w = NULL;
	assert_int_equal(ks_db_open(&t->cx, t->path, &t->db), 0);
}

static inline void itk_end(struct itk *t)
{
	ks_dbw_abort(t->w);
	ks_db_close(t->db);
	unlink(t->path);
	ks_ctx_release(&t->cx);
}

/* The whole content of a (possibly gzip/bzip2/xz compressed) file. */
static inline uint8_t *itk_load(const char *path, size_t *len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct ks_buf b;
	char chunk[1 << 16];
	la_ssize_t n;

	assert_non_null(a);
	archive_read_support_filter_all(a);
	archive_read_support_format_raw(a);
	assert_int_equal(archive_read_open_filename(a, path, 1 << 16), ARCHIVE_OK);
	assert_int_equal(archive_read_next_header(a, &e), ARCHIVE_OK);
	ks_buf_init(&b, (size_t)1 << 31);
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0)
		assert_int_equal(ks_buf_add(&b, chunk, (size_t)n), 0);
	assert_int_equal(n, 0);
	archive_read_free(a);
	return (uint8_t *)ks_buf_detach(&b, len);
}

/* What decompressing only the first n bytes of a compressed file yields (a download cut
 * short): the bytes up to where the stream breaks off. */
static inline uint8_t *itk_load_prefix(const char *path, size_t n, size_t *len)
{
	size_t flen;
	uint8_t *file = tu_read(path, &flen);
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct ks_buf b;
	char chunk[1 << 16];
	la_ssize_t k;

	assert_non_null(a);
	archive_read_support_filter_all(a);
	archive_read_support_format_raw(a);
	assert_int_equal(archive_read_open_memory(a, file, n < flen ? n : flen), ARCHIVE_OK);
	assert_int_equal(archive_read_next_header(a, &e), ARCHIVE_OK);
	ks_buf_init(&b, (size_t)1 << 31);
	while ((k = archive_read_data(a, chunk, sizeof(chunk))) > 0)
		assert_int_equal(ks_buf_add(&b, chunk, (size_t)k), 0);
	archive_read_free(a);
	free(file);
	return (uint8_t *)ks_buf_detach(&b, len);
}

/* Calls fn(ud, member name, bytes, length) for every regular member of a tar archive whose
 * name wants(ud, name) accepts; stops when fn returns non-zero and returns that. */
static inline int itk_tar_each(const char *path, bool (*wants)(void *ud, const char *name),
	int (*fn)(void *ud, const char *name, const uint8_t *p, size_t n), void *ud)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct ks_buf b;
	int r = 0;

	assert_non_null(a);
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	assert_int_equal(archive_read_open_filename(a, path, 1 << 16), ARCHIVE_OK);
	ks_buf_init(&b, (size_t)64 << 20);
	while (r == 0 && archive_read_next_header(a, &e) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		char chunk[1 << 16];
		la_ssize_t n;

		if (archive_entry_filetype(e) != AE_IFREG || name == NULL || !wants(ud, name))
			continue;
		ks_buf_reset(&b);
		while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0)
			assert_int_equal(ks_buf_add(&b, chunk, (size_t)n), 0);
		assert_int_equal(n, 0);
		r = fn(ud, name, (const uint8_t *)(b.p ? b.p : ""), b.n);
	}
	ks_buf_release(&b);
	archive_read_free(a);
	return r;
}

/* A copy of advisory row fields, for assertions. */
struct itk_adv {
	int status, severity;
	char ranges[512], fixed[256], vendor_ids[512], arches[256], data_source[256];
};

struct itk_find {
	const char *vuln, *source;
	int n;
	struct itk_adv *out;
};

static inline void itk_cp(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "(null)");
}

static inline int itk_find_cb(void *ud, const struct ks_adv *a)
{
	struct itk_find *f = ud;

	if (strcmp(a->vuln_id, f->vuln) != 0 || (f->source && strcmp(a->source, f->source) != 0))
		return 0;
	if (f->n++ == 0) {
		f->out->status = a->status;
		f->out->severity = a->severity;
		itk_cp(f->out->ranges, sizeof(f->out->ranges), a->ranges);
		itk_cp(f->out->fixed, sizeof(f->out->fixed), a->fixed);
		itk_cp(f->out->vendor_ids, sizeof(f->out->vendor_ids), a->vendor_ids);
		itk_cp(f->out->arches, sizeof(f->out->arches), a->arches);
		itk_cp(f->out->data_source, sizeof(f->out->data_source), a->data_source);
	}
	return 0;
}

/* The number of advisory rows of (eco, pkg, vuln[, source]); the first is copied to *out. */
static inline int itk_adv(struct itk *t, const char *eco, const char *pkg, const char *vuln,
	const char *source, struct itk_adv *out)
{
	struct itk_find f = { vuln, source, 0, out };

	memset(out, 0, sizeof(*out));
	assert_int_equal(ks_db_advisories(t->db, eco, pkg, itk_find_cb, &f), 0);
	return f.n;
}

/* The severity row of source for id: returns false when there is none. */
static inline bool itk_sev(struct itk *t, const char *id, const char *source, struct ks_vsev *out)
{
	struct ks_vuln v;
	size_t i;

	if (ks_db_vuln(t->db, &t->cx, id, &v) != 0)
		return false;
	for (i = 0; i < v.nsevs; i++)
		if (strcmp(v.sevs[i].source, source) == 0) {
			*out = v.sevs[i];
			return true;
		}
	return false;
}

/* The advisory row count of the whole database. */
static inline uint64_t itk_count(struct itk *t)
{
	struct ks_db_info info;

	assert_int_equal(ks_db_info(t->db, &t->cx, &info), 0);
	return info.advisories;
}

#endif
