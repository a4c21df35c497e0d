/*
 * archive.c - reading an image archive (docker save / OCI archive tar, optionally
 * compressed) in a single pass; see store.h.
 *
 * Members are classified by content: a small member whose first non-blank byte opens a
 * JSON value (or the literal null) is metadata and is kept; any other regular member is a
 * layer candidate and streams straight into the blob sink (which decides whether it is a
 * tar). The manifest usually comes last in `docker save` output, so nothing can be decided
 * before the pass ends; candidates that turn out not to belong to the selected image are
 * simply not used.
 */
#include "source/store.h"
#include "util/path.h"
#include "util/str.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PEEK 4096
#define META_TOTAL_MAX (64ull << 20)

struct member {
	struct ks_ctx *cx;
	struct archive *a;
	const char *name;
	unsigned char peek[PEEK];
	size_t npeek, peek_off;
	uint64_t left; /* bytes of the member not yet handed out */
};

static ssize_t member_read(void *h, void *buf, size_t n)
{
	struct member *m = h;
	la_ssize_t got;

	if (m->peek_off < m->npeek) {
		size_t c = m->npeek - m->peek_off;

		if (c > n)
			c = n;
		memcpy(buf, m->peek + m->peek_off, c);
		m->peek_off += c;
		return (ssize_t)c;
	}
	got = archive_read_data(m->a, buf, n);
	if (got < 0)
		return ks_seterr(&m->cx->err, KS_ECORRUPT, "cannot read member '%s': %s", m->name,
			archive_error_string(m->a) ? archive_error_string(m->a) : "error");
	return (ssize_t)got;
}

/* Fills the peek buffer with the start of the member. */
static int peek(struct member *m)
{
	while (m->npeek < PEEK) {
		la_ssize_t got = archive_read_data(m->a, m->peek + m->npeek, PEEK - m->npeek);

		if (got < 0)
			return ks_seterr(&m->cx->err, KS_ECORRUPT, "cannot read member '%s': %s",
				m->name, archive_error_string(m->a) ? archive_error_string(m->a) :
								      "error");
		if (got == 0)
			break;
		m->npeek += (size_t)got;
	}
	return 0;
}

static bool looks_json(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	return i < n && (p[i] == '{' || p[i] == '[' || (n - i >= 4 && memcmp(p + i, "null", 4) == 0));
}

static int keep_meta(struct ks_ctx *cx, struct ks_store *st, struct member *m, const char *name,
	uint64_t size)
{
	struct ks_meta *meta;
	char *buf, *key;
	size_t got = m->npeek;

	if ((st->meta_bytes += size) > META_TOTAL_MAX)
		return ks_seterr(&cx->err, KS_ELIMIT, "'%s': more than %llu bytes of metadata",
			st->path, META_TOTAL_MAX);
	buf = ks_arena_alloc(&cx->arena, (size_t)size + 1);
	key = ks_arena_strdup(&cx->arena, name);
	meta = ks_arena_alloc(&cx->arena, sizeof(*meta));
	if (buf == NULL || key == NULL || meta == NULL)
		return KS_ENOMEM;
	if (got > size)
		got = (size_t)size;
	memcpy(buf, m->peek, got);
	while (got < size) {
		la_ssize_t n = archive_read_data(m->a, buf + got, (size_t)size - got);

		if (n < 0)
			return ks_seterr(&cx->err, KS_ECORRUPT, "'%s': cannot read '%s': %s",
				st->path, name, archive_error_string(m->a));
		if (n == 0)
			return ks_seterr(&cx->err, KS_ETRUNC, "'%s': member '%s' is truncated",
				st->path, name);
		got += (size_t)n;
	}
	buf[got] = '\0';
	meta->data = buf;
	meta->len = got;
	return ks_map_put(&st->meta, key, strlen(key), meta, NULL);
}

/* Handles one regular member. */
static int member(struct ks_ctx *cx, struct ks_store *st, struct archive *a,
	struct archive_entry *e, const char *name, struct ks_blob_sink *sink)
{
	struct member m;
	struct ks_blob b;
	uint64_t size = archive_entry_size_is_set(e) ? (uint64_t)archive_entry_size(e) : 0;
	int r;

	memset(&m, 0, sizeof(m));
	m.cx = cx;
	m.a = a;
	m.name = name;
	if ((r = peek(&m)) != 0)
		return r;
	if (size <= cx->lim.max_json && looks_json(m.peek, m.npeek))
		return keep_meta(cx, st, &m, name, size);
	b.read = member_read;
	b.h = &m;
	b.size = size;
	r = ks_store_feed(cx, st, name, &b, sink);
	if (r != 0)
		ks_err_prefix(&cx->err, "'%s': member '%s'", st->path, name);
	return r;
}

/* Records a symbolic or hard link member as an alias of the member it points to. */
static int link_member(struct ks_ctx *cx, struct ks_store *st, struct archive_entry *e,
	const char *name)
{
	const char *hl = archive_entry_hardlink(e), *sl = archive_entry_symlink(e);
	char joined[8192], target[4096], *k, *v;
	const char *slash = strrchr(name, '/');
	int fl = 0;

	if (hl != NULL)
		snprintf(joined, sizeof(joined), "%s", hl);
	else if (sl != NULL && slash != NULL && sl[0] != '/')
		snprintf(joined, sizeof(joined), "%.*s/%s", (int)(slash - name), name, sl);
	else if (sl != NULL)
		snprintf(joined, sizeof(joined), "%s", sl);
	else
		return 0;
	if (ks_path_clean(joined, strlen(joined), target, sizeof(target), &fl) != 0 ||
		target[0] == '\0')
		return ks_seterr(&cx->err, KS_EUNSAFE, "'%s': link '%s' points outside the "
			"archive", st->path, name);
	k = ks_arena_strdup(&cx->arena, name);
	v = ks_arena_strdup(&cx->arena, target);
	if (k == NULL || v == NULL)
		return KS_ENOMEM;
	return ks_map_put(&st->alias, k, strlen(k), v, NULL);
}

static void store_init(struct ks_store *st, const char *path)
{
	memset(st, 0, sizeof(*st));
	st->dirfd = -1;
	st->path = path;
	ks_map_init(&st->meta);
	ks_map_init(&st->blobs);
	ks_map_init(&st->notlayer);
	ks_map_init(&st->alias);
}

static struct archive *new_reader(void)
{
	struct archive *a = archive_read_new();

	if (a != NULL) {
		archive_read_support_filter_all(a);
		archive_read_support_format_tar(a);
		archive_read_support_format_gnutar(a);
	}
	return a;
}

/* Reads every member of the opened archive a; takes a over and frees it. */
static int read_members(struct ks_ctx *cx, struct archive *a, struct ks_blob_sink *sink,
	struct ks_store *st)
{
	struct archive_entry *e;
	uint64_t n = 0;
	int r = KS_EINTERNAL, ar;
	const char *path = st->path;

	while ((ar = archive_read_next_header(a, &e)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		const char *raw = archive_entry_pathname(e);
		char name[4096];
		int fl = 0;

		if (++n > cx->lim.max_entries) {
			r = ks_seterr(&cx->err, KS_ELIMIT, "'%s': too many members", path);
			goto out;
		}
		if (archive_entry_filetype(e) != AE_IFREG && archive_entry_filetype(e) != AE_IFLNK)
			continue;
		if (raw == NULL || ks_path_clean(raw, strlen(raw), name, sizeof(name), &fl) != 0 ||
			name[0] == '\0') {
			r = ks_seterr(&cx->err, KS_EUNSAFE, "'%s': member name '%s' is unsafe", path,
				raw ? raw : "(unreadable)");
			goto out;
		}
		if (archive_entry_filetype(e) == AE_IFLNK || archive_entry_hardlink(e) != NULL) {
			if ((r = link_member(cx, st, e, name)) != 0)
				goto out;
			continue;
		}
		if (ks_strv_pushn(&cx->arena, &st->members, name, strlen(name)) != 0) {
			r = KS_ENOMEM;
			goto out;
		}
		if ((r = member(cx, st, a, e, name, sink)) != 0)
			goto out;
		ks_progress(cx, "reading", (uint64_t)archive_filter_bytes(a, -1), 0);
	}
	if (ar != ARCHIVE_EOF) {
		r = ks_seterr(&cx->err, n == 0 ? KS_ECORRUPT : KS_ETRUNC,
			"'%s': %s archive: %s", path, n == 0 ? "not a tar" : "corrupt or truncated",
			archive_error_string(a) ? archive_error_string(a) : "unknown error");
		goto out;
	}
	r = 0;
out:
	archive_read_free(a);
	return r;
}

int ks_store_open_archive(struct ks_ctx *cx, const char *path, struct ks_blob_sink *sink,
	struct ks_store *st)
{
	struct archive *a;

	store_init(st, path);
	if ((a = new_reader()) == NULL)
		return KS_ENOMEM;
	if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
		int r = ks_seterr(&cx->err, errno == ENOENT ? KS_ENOTFOUND : KS_ECORRUPT,
			"'%s' is not a readable tar archive: %s", path,
			archive_error_string(a) ? archive_error_string(a) : strerror(errno));

		archive_read_free(a);
		return r;
	}
	return read_members(cx, a, sink, st);
}

/* libarchive's view of a pull stream: each callback reads the next bytes of the stream
 * into buf. A failing read is remembered (code and message) so the caller can report the
 * stream's failure rather than whatever it caused further up. */
struct pull {
	struct ks_ctx *cx;
	struct ks_blob *in;
	unsigned char *buf;
	int failed;      /* the stream's error code, 0 while it works */
	struct ks_err err; /* its message */
};

#define PULL_BUF (64 * 1024)

static la_ssize_t pull_read(struct archive *a, void *ud, const void **out)
{
	struct pull *p = ud;
	ssize_t n;

	if (p->failed != 0)
		return -1;
	n = p->in->read(p->in->h, p->buf, PULL_BUF);
	if (n < 0) {
		p->failed = (int)n;
		p->err = p->cx->err;
		archive_set_error(a, EIO, "%s", p->cx->err.msg);
		return -1;
	}
	*out = p->buf;
	return (la_ssize_t)n;
}

int ks_store_open_archive_stream(struct ks_ctx *cx, const char *name, struct ks_blob *in,
	struct ks_blob_sink *sink, struct ks_store *st)
{
	struct archive *a;
	struct pull p;
	int r;

	store_init(st, name);
	memset(&p, 0, sizeof(p));
	p.cx = cx;
	p.in = in;
	if ((p.buf = malloc(PULL_BUF)) == NULL || (a = new_reader()) == NULL) {
		free(p.buf);
		return KS_ENOMEM;
	}
	if (archive_read_open(a, &p, NULL, pull_read, NULL) != ARCHIVE_OK) {
		r = p.failed != 0 ? p.failed :
				    ks_seterr(&cx->err, KS_ECORRUPT, "'%s' is not a readable tar "
					    "archive: %s", name, archive_error_string(a) ?
					    archive_error_string(a) : "error");
		archive_read_free(a);
	} else {
		r = read_members(cx, a, sink, st);
	}
	if (p.failed != 0) {
		/* the stream broke: that, not its consequences, is the error */
		r = p.failed;
		cx->err = p.err;
	}
	free(p.buf);
	return r;
}

int ks_store_open_archive_mem(struct ks_ctx *cx, const char *name, const void *p, size_t n,
	struct ks_blob_sink *sink, struct ks_store *st)
{
	struct archive *a;

	store_init(st, name);
	if ((a = new_reader()) == NULL)
		return KS_ENOMEM;
	if (archive_read_open_memory(a, p, n) != ARCHIVE_OK) {
		int r = ks_seterr(&cx->err, KS_ECORRUPT, "'%s' is not a readable tar archive: %s",
			name, archive_error_string(a) ? archive_error_string(a) : "error");

		archive_read_free(a);
		return r;
	}
	return read_members(cx, a, sink, st);
}
