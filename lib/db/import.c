/* import.c - walking, unpacking and dispatching feed files; see import.h. */
#include "db/import.h"
#include "util/buf.h"
#include "util/str.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FILE_MAX (2048ull << 20) /* largest single decompressed feed file */
#define MAX_DEPTH 16
#define MAX_NESTING 3 /* archives inside archives */

void ks_import_init(struct ks_import *im, struct ks_ctx *cx, struct ks_dbw *w)
{
	memset(im, 0, sizeof(*im));
	im->cx = cx;
	im->w = w;
}

static bool fatal(int r)
{
	return r == KS_ENOMEM || r == KS_EIO;
}

/* Offers one plain file to the importers. */
const struct ks_feed *ks_feed_by_name(const char *name)
{
	size_t i;

	for (i = 0; ks_feeds[i] != NULL; i++)
		if (strcmp(ks_feeds[i]->name, name) == 0)
			return ks_feeds[i];
	return NULL;
}

static int offer(struct ks_import *im, const char *name, const uint8_t *data, size_t len)
{
	const struct ks_feed *f = im->forced ? im->forced :
					       ks_feed_detect(name, data, len < 4096 ? len : 4096);
	struct ks_import_stat *st;
	size_t i;
	int r;

	if (f == NULL) {
		im->unknown++;
		ks_log(im->cx, KS_LOG_DEBUG, "'%s' is not a feed file kensa knows; skipped", name);
		return 0;
	}
	for (i = 0; ks_feeds[i] != f; i++)
		;
	st = &im->stat[i];
	ks_err_clear(&im->cx->err);
	r = f->import(im->cx, im->w, name, data, len, &st->records);
	if (r == 0) {
		st->files++;
		return 0;
	}
	if (fatal(r))
		return r;
	st->failed++;
	if (st->error == NULL)
		st->error = ks_arena_strdup(&im->cx->arena, im->cx->err.msg);
	return ks_warn(im->cx, "feed %s: '%s' not imported: %s", f->name, name,
		im->cx->err.msg[0] ? im->cx->err.msg : ks_strerror(r));
}

/* True if data starts like a zip, tar or compressed stream (an archive member that is
 * itself an archive, as in a forge tarball holding a .tar.xz). */
static bool is_container(const uint8_t *d, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
	} m[] = { { "PK\3\4", 4 }, { "\x1f\x8b", 2 }, { "BZh", 3 },
		{ "\xfd" "7zXZ\0", 6 }, { "\x28\xb5\x2f\xfd", 4 } };
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (n >= m[i].len && memcmp(d, m[i].magic, m[i].len) == 0)
			return true;
	return n >= 262 && memcmp(d + 257, "ustar", 5) == 0;
}

/* Reads the current entry of a into b (bounded). */
static int read_all(struct ks_ctx *cx, struct archive *a, const char *name, struct ks_buf *b)
{
	char chunk[65536];

	ks_buf_reset(b);
	for (;;) {
		la_ssize_t n = archive_read_data(a, chunk, sizeof(chunk));

		if (n < 0)
			return ks_seterr(&cx->err, KS_ECORRUPT, "'%s': %s", name,
				archive_error_string(a) ? archive_error_string(a) : "read error");
		if (n == 0)
			return 0;
		if (ks_buf_add(b, chunk, (size_t)n) != 0)
			return ks_seterr(&cx->err, KS_ELIMIT, "'%s': larger than %llu bytes", name,
				FILE_MAX);
	}
}

/* Strips one compression suffix: "x.json.gz" -> "x.json". */
static char *strip_suffix(struct ks_arena *a, const char *name)
{
	static const char *const sfx[] = { ".gz", ".bz2", ".xz", ".zst", NULL };
	size_t n = strlen(name), i;

	for (i = 0; sfx[i] != NULL; i++)
		if (ks_hassuffix(name, sfx[i]))
			return ks_arena_strndup(a, name, n - strlen(sfx[i]));
	return ks_arena_strdup(a, name);
}

/* Imports a (possibly compressed) archive or file opened as a. */
static int unpack(struct ks_import *im, struct archive *a, const char *label)
{
	struct archive_entry *e;
	struct ks_buf b;
	int r = 0, ar;
	bool raw;

	ks_buf_init(&b, FILE_MAX);
	while (r == 0 && (ar = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *mname = archive_entry_pathname(e);
		char *name;

		raw = archive_format(a) == ARCHIVE_FORMAT_RAW;
		if (!raw && archive_entry_filetype(e) != AE_IFREG)
			continue;
		if (raw)
			name = strip_suffix(&im->cx->arena, label);
		else
			name = ks_arena_printf(&im->cx->arena, "%s/%s", label, mname ? mname : "?");
		if (name == NULL) {
			r = KS_ENOMEM;
			break;
		}
		if ((r = read_all(im->cx, a, name, &b)) != 0) {
			if (fatal(r))
				break;
			r = ks_warn(im->cx, "%s", im->cx->err.msg);
			if (raw)
				break;
			continue;
		}
		if (!raw && im->depth < MAX_NESTING && is_container((const uint8_t *)b.p, b.n)) {
			im->depth++;
			r = ks_import_mem(im, name, (const uint8_t *)b.p, b.n);
			im->depth--;
			continue;
		}
		r = offer(im, name, (const uint8_t *)(b.p ? b.p : ""), b.n);
	}
	if (r == 0 && ar != ARCHIVE_EOF && ar != ARCHIVE_OK)
		r = ks_warn(im->cx, "'%s': damaged archive: %s", label,
			archive_error_string(a) ? archive_error_string(a) : "read error");
	ks_buf_release(&b);
	return r;
}

static struct archive *reader(void)
{
	struct archive *a = archive_read_new();

	if (a != NULL) {
		archive_read_support_filter_all(a);
		archive_read_support_format_zip(a);
		archive_read_support_format_tar(a);
		archive_read_support_format_gnutar(a);
		archive_read_support_format_raw(a);
	}
	return a;
}

int ks_import_mem(struct ks_import *im, const char *name, const uint8_t *data, size_t len)
{
	struct archive *a;
	int r;

	if (len == 0)
		return ks_warn(im->cx, "'%s' is empty; skipped", name);
	if ((a = reader()) == NULL)
		return KS_ENOMEM;
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK)
		r = ks_warn(im->cx, "'%s': %s", name, archive_error_string(a));
	else
		r = unpack(im, a, name);
	archive_read_free(a);
	return r;
}

static int import_file(struct ks_import *im, const char *path, const char *label)
{
	struct archive *a = reader();
	int r;

	if (a == NULL)
		return KS_ENOMEM;
	if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK)
		r = ks_warn(im->cx, "'%s': %s; skipped", label,
			archive_error_string(a) ? archive_error_string(a) : strerror(errno));
	else
		r = unpack(im, a, label);
	archive_read_free(a);
	return r;
}

static int cmp_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int walk(struct ks_import *im, const char *path, const char *label, int depth);

/* Imports a directory's entries in name order (so a build is reproducible). */
static int import_dir(struct ks_import *im, const char *path, const char *label, int depth)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int r = 0;

	if (d == NULL)
		return ks_warn(im->cx, "cannot list '%s': %s; skipped", label, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof(*nn));

			if (nn == NULL) {
				r = KS_ENOMEM;
				goto out;
			}
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n && r == 0; i++) {
		char *p = ks_arena_printf(&im->cx->arena, "%s/%s", path, names[i]);
		char *l = ks_arena_printf(&im->cx->arena, "%s/%s", label, names[i]);

		r = (p && l) ? walk(im, p, l, depth + 1) : KS_ENOMEM;
	}
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return r;
}

static int walk(struct ks_import *im, const char *path, const char *label, int depth)
{
	struct stat sb;

	if (depth > MAX_DEPTH)
		return ks_warn(im->cx, "'%s': nested too deeply; skipped", label);
	if (stat(path, &sb) != 0)
		return depth == 0 ? ks_seterr(&im->cx->err, errno == ENOENT ? KS_ENOTFOUND : KS_EIO,
					    "cannot read '%s': %s", path, strerror(errno)) :
				    ks_warn(im->cx, "cannot read '%s': %s; skipped", label,
					    strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return import_dir(im, path, label, depth);
	if (!S_ISREG(sb.st_mode))
		return 0;
	return import_file(im, path, label);
}

int ks_import_path(struct ks_import *im, const char *path, const char *label)
{
	return walk(im, path, label ? label : path, 0);
}
