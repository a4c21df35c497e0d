/*
 * tarstream.c - streaming one layer blob through the analyzers (see layer.h).
 *
 * Two libarchive readers are chained: the first ("raw" format, all compression filters)
 * turns the blob into the uncompressed tar stream, the second parses that stream as tar.
 * The chain lets kensa hash both the stored blob (digest) and the uncompressed stream
 * (DiffID) in the same pass without ever writing the layer to disk.
 */
#include "layer/layer.h"
#include "util/map.h"
#include "util/path.h"
#include "util/str.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (128 * 1024)

struct stream {
	struct ks_ctx *cx;
	struct ks_blob *blob;
	struct ks_sha256 blob_sha, tar_sha;
	uint64_t blob_bytes, tar_bytes;
	uint64_t *image_bytes;
	struct archive *raw;  /* blob -> uncompressed bytes */
	unsigned char *inbuf; /* blob read buffer */
	unsigned char *tarbuf; /* uncompressed read buffer */
	int err;               /* first error seen inside a callback */
	bool blob_eof, raw_eof;
};

/* libarchive read callback of the raw reader: pulls compressed bytes from the blob. */
static la_ssize_t blob_read_cb(struct archive *a, void *ud, const void **buf)
{
	struct stream *s = ud;
	ssize_t n;

	(void)a;
	if (s->blob_eof)
		return 0;
	n = s->blob->read(s->blob->h, s->inbuf, CHUNK);
	if (n < 0) {
		s->err = (int)n;
		return -1;
	}
	if (n == 0)
		s->blob_eof = true;
	ks_sha256_update(&s->blob_sha, s->inbuf, (size_t)n);
	s->blob_bytes += (uint64_t)n;
	*buf = s->inbuf;
	return n;
}

/* libarchive read callback of the tar reader: pulls uncompressed bytes from the raw
 * reader, hashing them (DiffID) and enforcing the image size limit. */
static la_ssize_t tar_read_cb(struct archive *a, void *ud, const void **buf)
{
	struct stream *s = ud;
	la_ssize_t n;

	(void)a;
	if (s->raw_eof)
		return 0;
	n = archive_read_data(s->raw, s->tarbuf, CHUNK);
	if (n < 0) {
		if (s->err == 0)
			s->err = ks_seterr(&s->cx->err, KS_ECORRUPT, "cannot decompress layer: %s",
				archive_error_string(s->raw) ? archive_error_string(s->raw) :
							       "unknown error");
		return -1;
	}
	if (n == 0) {
		s->raw_eof = true;
		return 0;
	}
	ks_sha256_update(&s->tar_sha, s->tarbuf, (size_t)n);
	s->tar_bytes += (uint64_t)n;
	/* the total is shared by the threads streaming the layers of one image */
	if (__atomic_add_fetch(s->image_bytes, (uint64_t)n, __ATOMIC_RELAXED) >
			s->cx->lim.max_image &&
		s->cx->lim.max_image != 0) {
		s->err = ks_seterr(&s->cx->err, KS_ELIMIT,
			"image expands past the --max-image-size limit of %llu bytes",
			(unsigned long long)s->cx->lim.max_image);
		return -1;
	}
	*buf = s->tarbuf;
	return n;
}

static int push_path(struct ks_ctx *cx, struct ks_strv *sv, const char *dir, const char *name,
	size_t nlen)
{
	char *p = dir[0] ? ks_arena_printf(&cx->arena, "%s/%.*s", dir, (int)nlen, name) :
			   ks_arena_strndup(&cx->arena, name, nlen);

	if (p == NULL)
		return KS_ENOMEM;
	return ks_strv_push(&cx->arena, sv, p);
}

/* Records a whiteout entry (base starts with ".wh."). dir is the entry's directory. */
static int whiteout(struct ks_ctx *cx, struct ks_lres *lr, const char *dir, const char *base)
{
	if (strcmp(base, ".wh..wh..opq") == 0) {
		char *d = ks_arena_strdup(&cx->arena, dir);
		return d ? ks_strv_push(&cx->arena, &lr->opaques, d) : KS_ENOMEM;
	}
	if (strncmp(base, ".wh..wh.", 8) == 0)
		return 0; /* aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not a deletion */
	if (base[4] == '\0')
		return ks_seterr(&cx->err, KS_ECORRUPT, "layer: empty whiteout name in '%s'", dir);
	return push_path(cx, &lr->whiteouts, dir, base + 4, strlen(base + 4));
}

/* Fails when any parent directory of path is a symlink created earlier in this layer:
 * writing through it is how tar archives escape their root. */
static int check_parents(struct ks_ctx *cx, const struct ks_map *links, const char *path)
{
	const char *s;

	if (links->live == 0)
		return 0;
	for (s = strchr(path, '/'); s != NULL; s = strchr(s + 1, '/'))
		if (ks_map_has(links, path, (size_t)(s - path)))
			return ks_seterr(&cx->err, KS_EUNSAFE,
				"layer: entry '%s' is written through the symbolic link '%.*s'",
				path, (int)(s - path), path);
	return 0;
}

/*
 * Cleans an archive entry name, rejecting names that climb out of the root. An absolute
 * name is taken relative to the root, as Docker and containerd apply it (real layers from
 * kaniko and other builders contain "/" and "/home" entries).
 */
static int clean_name(struct ks_ctx *cx, const char *what, const char *name, char *out,
	size_t size)
{
	int flags = 0, r = ks_path_clean(name, strlen(name), out, size, &flags);

	if (r == KS_EUNSAFE)
		return ks_seterr(&cx->err, KS_EUNSAFE, "layer: %s '%s' escapes the image root",
			what, name);
	if (r == KS_ELIMIT)
		return ks_seterr(&cx->err, KS_ELIMIT, "layer: %s name is too long", what);
	if (r != 0)
		return ks_seterr(&cx->err, r, "layer: bad %s name", what);
	return 0;
}

/* Reads the current entry's data (size bytes) and runs the analyzers on it. A failure of
 * the stream beneath (s->err: decompression, --max-image-size) keeps its own message. */
static int analyze_entry(struct ks_ctx *cx, const struct stream *s, struct archive *tar,
	struct ks_lres *lr, const char *path, unsigned perm, int64_t size)
{
	uint8_t *data = NULL;
	size_t got = 0;
	int r = KS_EINTERNAL;

	if (size < 0 || (uint64_t)size > cx->lim.max_file) {
		if (ks_warn(cx, "layer: '%s' is %lld bytes, over the %llu-byte file limit; "
			"skipped", path, (long long)size,
			(unsigned long long)cx->lim.max_file) != 0)
			return KS_ENOMEM;
		return ks_lres_mask(cx, lr, path);
	}
	if ((data = malloc((size_t)size + 1)) == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory reading '%s'", path);
	while (got < (size_t)size) {
		la_ssize_t n = archive_read_data(tar, data + got, (size_t)size - got);

		if (n < 0 && s->err != 0) {
			r = s->err;
			goto out;
		}
		if (n < 0) {
			r = ks_seterr(&cx->err, KS_ECORRUPT, "layer: cannot read '%s': %s", path,
				archive_error_string(tar) ? archive_error_string(tar) : "error");
			goto out;
		}
		if (n == 0) {
			r = ks_seterr(&cx->err, KS_ETRUNC, "layer: '%s' is truncated", path);
			goto out;
		}
		got += (size_t)n;
	}
	data[got] = 0;
	r = ks_lres_analyze(cx, lr, path, perm, data, got);
out:
	free(data);
	return r;
}

/* A hard link to an earlier entry of this layer: what the analyzers made of the target,
 * under the link's name too. A target no analyzer read (it wants the link's name only)
 * cannot be read again from the stream: a warning. */
static int hard_link(struct ks_ctx *cx, struct ks_lres *lr, const char *path,
	const char *target, unsigned perm)
{
	if (!ks_any_wants(lr, path, strlen(path), perm))
		return 0;
	if (ks_any_wants(lr, target, strlen(target), perm))
		return ks_lres_link(cx, lr, path, target);
	if (ks_warn(cx, "layer: '%s' is a hard link to '%s'; not analysed", path, target) != 0)
		return KS_ENOMEM;
	return ks_lres_mask(cx, lr, path);
}

/* Handles one tar entry. */
static int entry(struct ks_ctx *cx, const struct stream *s, const struct ks_filter *flt,
	struct archive *tar, struct archive_entry *e, struct ks_map *links, struct ks_lres *lr)
{
	char path[4096], target[4096];
	const char *name = archive_entry_pathname(e), *base;
	char *slash;
	mode_t type = archive_entry_filetype(e);
	unsigned perm = (unsigned)archive_entry_perm(e) & 0777u;
	int r;

	if (name == NULL)
		name = archive_entry_pathname_utf8(e);
	if (name == NULL)
		return ks_seterr(&cx->err, KS_ECORRUPT, "layer: entry without a usable name");
	if ((r = clean_name(cx, "entry", name, path, sizeof(path))) != 0)
		return r;
	if (path[0] == '\0')
		return 0; /* the root directory itself */
	if ((r = check_parents(cx, links, path)) != 0)
		return r;
	base = ks_path_base(path);
	if (strncmp(base, ".wh.", 4) == 0) {
		slash = strrchr(path, '/');
		if (slash != NULL)
			*slash = '\0';
		return whiteout(cx, lr, slash ? path : "", base);
	}
	if (archive_entry_hardlink(e) != NULL) {
		if ((r = clean_name(cx, "hard link target", archive_entry_hardlink(e), target,
			     sizeof(target))) != 0)
			return r;
		return hard_link(cx, lr, path, target, perm);
	}
	if (type == AE_IFLNK) {
		char *k = ks_arena_strdup(&cx->arena, path);

		if (k == NULL || ks_map_put(links, k, strlen(k), k, NULL) != 0)
			return KS_ENOMEM;
	}
	if (!ks_any_wants(lr, path, strlen(path), perm))
		return 0;
	if (type != AE_IFREG || ks_filter_skips(flt, path, false))
		return ks_lres_mask(cx, lr, path);
	return analyze_entry(cx, s, tar, lr, path, perm, archive_entry_size_is_set(e) ?
		archive_entry_size(e) : -1);
}

static int tar_error(struct ks_ctx *cx, struct stream *s, struct archive *tar, uint64_t n)
{
	const char *msg = archive_error_string(tar);

	if (s->err != 0)
		return s->err;
	if (n == 0 && s->tar_bytes == 0)
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "layer: empty blob");
	if (n == 0)
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "layer: not a tar archive (%s)",
			msg ? msg : "unrecognised format");
	return ks_seterr(&cx->err, KS_ECORRUPT, "layer: corrupt tar after %llu entries: %s",
		(unsigned long long)n, msg ? msg : "unknown error");
}

/* Reads what is left of the uncompressed stream and of the blob so both digests cover
 * every byte (tar end-of-archive padding is part of the DiffID). */
static int drain(struct stream *s)
{
	const void *p;

	while (!s->raw_eof) {
		la_ssize_t n = tar_read_cb(NULL, s, &p);
		if (n < 0)
			return s->err ? s->err : KS_ECORRUPT;
	}
	while (!s->blob_eof) {
		la_ssize_t n = blob_read_cb(NULL, s, &p);
		if (n < 0)
			return s->err;
	}
	return 0;
}

static int open_raw(struct ks_ctx *cx, struct stream *s)
{
	struct archive_entry *e;
	int r;

	if ((s->raw = archive_read_new()) == NULL)
		return KS_ENOMEM;
	archive_read_support_filter_all(s->raw);
	archive_read_support_format_raw(s->raw);
	r = archive_read_open(s->raw, s, NULL, blob_read_cb, NULL);
	if (r == ARCHIVE_OK)
		r = archive_read_next_header(s->raw, &e);
	if (r == ARCHIVE_EOF || (r != ARCHIVE_OK && s->err == 0 && s->blob_bytes == 0))
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "layer: empty blob");
	if (r != ARCHIVE_OK) {
		if (s->err != 0)
			return s->err;
		return ks_seterr(&cx->err, KS_ECORRUPT, "layer: cannot decompress: %s",
			archive_error_string(s->raw) ? archive_error_string(s->raw) : "error");
	}
	return 0;
}

int ks_layer_stream(struct ks_ctx *cx, const struct ks_filter *flt, struct ks_blob *b,
	uint64_t *image_bytes, struct ks_lres *lr, struct ks_blob_info *info)
{
	struct stream s;
	struct archive *tar = NULL;
	struct archive_entry *e;
	struct ks_map links;
	uint64_t n = 0;
	int r = KS_EINTERNAL, ar;

	memset(&s, 0, sizeof(s));
	ks_map_init(&links);
	s.cx = cx;
	s.blob = b;
	s.image_bytes = image_bytes;
	memset(info, 0, sizeof(*info));
	s.inbuf = malloc(CHUNK);
	s.tarbuf = malloc(CHUNK);
	if (s.inbuf == NULL || s.tarbuf == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	if ((r = ks_sha256_init(&s.blob_sha)) != 0 || (r = ks_sha256_init(&s.tar_sha)) != 0)
		goto out;
	if ((r = open_raw(cx, &s)) != 0)
		goto out;
	info->compressed = archive_filter_code(s.raw, 0) != ARCHIVE_FILTER_NONE;
	if ((tar = archive_read_new()) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	archive_read_support_format_tar(tar);
	archive_read_support_format_gnutar(tar);
	if (archive_read_open(tar, &s, NULL, tar_read_cb, NULL) != ARCHIVE_OK) {
		r = tar_error(cx, &s, tar, 0);
		goto out;
	}
	while ((ar = archive_read_next_header(tar, &e)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		if (++n > cx->lim.max_entries) {
			r = ks_seterr(&cx->err, KS_ELIMIT, "layer: more than %llu entries",
				(unsigned long long)cx->lim.max_entries);
			goto out;
		}
		lr->entries = n;
		if ((r = entry(cx, &s, flt, tar, e, &links, lr)) != 0)
			goto out;
	}
	if (ar != ARCHIVE_EOF) {
		r = tar_error(cx, &s, tar, n);
		goto out;
	}
	if ((r = drain(&s)) != 0)
		goto out;
	info->size = s.blob_bytes;
	info->usize = s.tar_bytes;
	if ((r = ks_sha256_final(&s.blob_sha, info->digest)) != 0 ||
		(r = ks_sha256_final(&s.tar_sha, info->diffid)) != 0)
		goto out;
	r = 0;
out:
	if (tar != NULL)
		archive_read_free(tar);
	if (s.raw != NULL)
		archive_read_free(s.raw);
	ks_sha256_release(&s.blob_sha);
	ks_sha256_release(&s.tar_sha);
	ks_map_release(&links);
	free(s.inbuf);
	free(s.tarbuf);
	return r;
}
