/*
 * osvkit.h - helpers shared by test_imp_osv.c, test_imp_alpine.c and test_imp_wolfi.c: a
 * database built in a temporary file and reopened read-only, zip members read with
 * libarchive, and copies of advisory rows for assertions.
 *
 * Header-only (static inline) because tests/CMakeLists.txt builds every test_*.c as its own
 * program. Row copies live in the caller's structs; zip members are malloc'd and freed by
 * the caller.
 */
#ifndef KS_OSVKIT_H
#define KS_OSVKIT_H

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

struct okit {
	struct ks_ctx cx;
	struct ks_dbw *w;
	struct ks_db *db;
	char path[64];
	uint64_t records;
};

/* A fresh context and an empty database being built in a temporary file. */
static inline void okit_begin(struct okit *t)
{
	int fd;

	memset(t, 0, sizeof(*t));
	tu_ctx(&t->cx);
	snprintf(t->path, sizeof(t->path), "/tmp/kensa-osvtest-XXXXXX");
	fd = mkstemp(t->path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(ks_dbw_create(&t->cx, t->path, &t->w), 0);
}

/* Imports len bytes as the file `name` with importer f; returns the importer's result. */
static inline int okit_import(struct okit *t, const struct ks_feed *f, const char *name,
	const void *data, size_t len)
{
	ks_err_clear(&t->cx.err);
	return f->import(&t->cx, t->w, name, (const uint8_t *)data, len, &t->records);
}

/* Imports a NUL-terminated string. */
static inline int okit_import_str(struct okit *t, const struct ks_feed *f, const char *name,
	const char *text)
{
	return okit_import(t, f, name, text, strlen(text));
}

/* Finishes the build and opens the result read-only. */
static inline void okit_finish(struct okit *t)
{
	assert_int_equal(ks_dbw_finish(t->w), 0);
	t->w = NULL;
	assert_int_equal(ks_db_open(&t->cx, t->path, &t->db), 0);
}

static inline void okit_end(struct okit *t)
{
	ks_dbw_abort(t->w);
	ks_db_close(t->db);
	unlink(t->path);
	ks_ctx_release(&t->cx);
}

/* Calls fn for every member of the zip archive at path whose name passes want (NULL: all);
 * returns the number of members passed to fn. fn's result is asserted to be 0. */
static inline size_t okit_zip_each(const char *path, bool (*want)(const char *name),
	int (*fn)(void *ud, const char *name, const uint8_t *p, size_t n), void *ud)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct ks_buf b;
	size_t count = 0;

	assert_non_null(a);
	archive_read_support_format_zip(a);
	assert_int_equal(archive_read_open_filename(a, path, 1 << 16), ARCHIVE_OK);
	ks_buf_init(&b, (size_t)64 << 20);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		char chunk[1 << 16];
		la_ssize_t n;

		if (name == NULL || (want != NULL && !want(name)))
			continue;
		ks_buf_reset(&b);
		while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0)
			assert_int_equal(ks_buf_add(&b, chunk, (size_t)n), 0);
		assert_int_equal(n, 0);
		assert_int_equal(fn(ud, name, (const uint8_t *)(b.p ? b.p : ""), b.n), 0);
		count++;
	}
	ks_buf_release(&b);
	archive_read_free(a);
	return count;
}

struct okit_member {
	const char *name;
	uint8_t *data;
	size_t len;
};

static inline int okit_member_cb(void *ud, const char *name, const uint8_t *p, size_t n)
{
	struct okit_member *m = ud;

	if (strcmp(name, m->name) == 0 && m->data == NULL) {
		m->data = malloc(n + 1);
		assert_non_null(m->data);
		memcpy(m->data, p, n);
		m->data[n] = 0;
		m->len = n;
	}
	return 0;
}

/* The bytes of one zip member (malloc'd, NUL-terminated); fails the test when absent. */
static inline uint8_t *okit_zip_member(const char *zip, const char *name, size_t *len)
{
	struct okit_member m = { name, NULL, 0 };

	okit_zip_each(zip, NULL, okit_member_cb, &m);
	if (m.data == NULL)
		fail_msg("%s has no member %s", zip, name);
	*len = m.len;
	return m.data;
}

/* A copy of one advisory row. */
struct okit_row {
	char source[32];
	int status, severity;
	char ranges[1024], fixed[512], vendor_ids[512], arches[128], data_source[256];
};

struct okit_find {
	const char *vuln;
	struct okit_row *rows;
	size_t n, max;
};

static inline void okit_cp(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "(null)");
}

static inline int okit_find_cb(void *ud, const struct ks_adv *a)
{
	struct okit_find *f = ud;
	struct okit_row *r;

	if (f->vuln != NULL && strcmp(a->vuln_id, f->vuln) != 0)
		return 0;
	if (f->n++ >= f->max)
		return 0;
	r = &f->rows[f->n - 1];
	memset(r, 0, sizeof(*r));
	okit_cp(r->source, sizeof(r->source), a->source);
	r->status = a->status;
	r->severity = a->severity;
	okit_cp(r->ranges, sizeof(r->ranges), a->ranges);
	okit_cp(r->fixed, sizeof(r->fixed), a->fixed);
	okit_cp(r->vendor_ids, sizeof(r->vendor_ids), a->vendor_ids);
	okit_cp(r->arches, sizeof(r->arches), a->arches);
	okit_cp(r->data_source, sizeof(r->data_source), a->data_source);
	return 0;
}

/* The number of advisory rows of (eco, pkg) for vuln (NULL: any); the first max are
 * copied to rows. */
static inline size_t okit_rows(struct okit *t, const char *eco, const char *pkg,
	const char *vuln, struct okit_row *rows, size_t max)
{
	struct okit_find f = { vuln, rows, 0, max };

	assert_int_equal(ks_db_advisories(t->db, eco, pkg, okit_find_cb, &f), 0);
	return f.n;
}

/* Exactly one distinct row for (eco, pkg, vuln) into *row; copies of the same record
 * imported from several files must be identical, so all rows found must equal the first. */
static inline void okit_one(struct okit *t, const char *eco, const char *pkg, const char *vuln,
	struct okit_row *row)
{
	struct okit_row rows[8];
	size_t n = okit_rows(t, eco, pkg, vuln, rows, 8), i;

	if (n == 0)
		fail_msg("no advisory for %s %s %s", eco, pkg, vuln);
	for (i = 1; i < n && i < 8; i++)
		assert_memory_equal(&rows[0], &rows[i], sizeof(rows[0]));
	*row = rows[0];
}

/* The severity row of source for id; false when there is none. */
static inline bool okit_sev(struct okit *t, const char *id, const char *source,
	struct ks_vsev *out)
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

/* True if sv holds s. */
static inline bool okit_has(const struct ks_strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

/* True if some warning of cx contains needle. */
static inline bool okit_warned(const struct ks_ctx *cx, const char *needle)
{
	size_t i;

	for (i = 0; i < cx->nwarns; i++)
		if (strstr(cx->warns[i], needle) != NULL)
			return true;
	return false;
}

#endif
