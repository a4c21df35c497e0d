/*
 * test_lcache.c - the layer cache (cache/lcache.c) on real SQLite files in a temporary
 * directory, with real layer results (Alpine's base layer and a layer of whiteouts,
 * streamed through ks_layer_stream()):
 *   - put, then get by DiffID and by blob-digest alias, across a reopen; what comes back
 *     encodes to the very bytes that were stored, with the same warnings and blob info;
 *   - a fingerprint changes with an analyzer's version, the skip patterns, the mode, the
 *     kinds, the file size limit and the root, and a changed one misses;
 *   - least recently used entries go first when max_bytes is reached, a read protects an
 *     entry, aliases of evicted entries go with them, an entry larger than the cache is
 *     not stored;
 *   - a corrupt row is a miss plus a warning and is deleted; a stale one (an analyzer
 *     this build lacks) is a silent miss; a file that is not SQLite is KS_ECORRUPT at
 *     open, an unknown schema or another program's database KS_EUNSUPPORTED;
 *   - six processes forked at once create, fill and read one new file with eviction
 *     going on, and four threads share one handle: every call succeeds (no SQLITE_BUSY);
 *   - the statistics count what happened.
 */
#include "testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache/lcache.h"
#include "cache/lres_codec.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/sha256.h"

#define IMAGE3 "fixtures/images/docker-save/fanal-image3_gz_layers.tar"
#define ALPINE "0503825856099e6adb39c8297af09547f69684b7016b7f3680ed801aa310baaa.tar.gz"
#define WHITEOUTS "7e474bf284aa4a507a1b534140841d79eb7c1391eaae4ebb9430f6b02fca770f.tar.gz"
#define NPROCS 6
#define NTHREADS 4
#define PER_WORKER 12

struct layer {
	struct ks_lres lr;
	const char *const *warns;
	size_t nwarns;
	struct ks_blob_info info;
	struct ks_buf enc; /* the encoding the cache stores for it */
};

/* Everything a test uses: the layers (streamed once), a temporary directory, the cache
 * file in it and the fingerprint of the scanner's settings. */
struct fix {
	struct ks_ctx cx;
	struct layer alpine, small;
	char dir[64];
	char path[128];
	const char *fp;
};

/* Streams member name of the image archive into l. */
static void stream_member(struct ks_ctx *cx, const char *name, struct layer *l)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	uint8_t *blob = NULL;
	size_t n = 0, w0 = cx->nwarns;
	uint64_t total = 0;

	archive_read_support_format_tar(a);
	assert_int_equal(archive_read_open_filename(a, tu_shared(IMAGE3), 65536), ARCHIVE_OK);
	while (blob == NULL && archive_read_next_header(a, &e) == ARCHIVE_OK) {
		if (strcmp(archive_entry_pathname(e), name) != 0)
			continue;
		n = (size_t)archive_entry_size(e);
		assert_non_null(blob = malloc(n));
		assert_int_equal(archive_read_data(a, blob, n), (la_ssize_t)n);
	}
	archive_read_free(a);
	assert_non_null(blob);
	{
		struct ks_memblob m;
		struct ks_blob b = ks_blob_mem(&m, blob, n);

		memset(l, 0, sizeof(*l));
		l->lr.mode = KS_MODE_POST;
		assert_int_equal(ks_layer_stream(cx, NULL, &b, &total, &l->lr, &l->info), 0);
	}
	free(blob);
	l->warns = cx->nwarns > w0 ? cx->warns + w0 : NULL;
	l->nwarns = cx->nwarns - w0;
	ks_buf_init(&l->enc, (size_t)1 << 30);
	assert_int_equal(ks_lres_encode(cx, &l->lr, l->warns, l->nwarns, &l->info, &l->enc), 0);
}

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	tu_ctx(&f->cx);
	snprintf(f->dir, sizeof(f->dir), "/tmp/kensa-lcache-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/cache/scan/layers.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	assert_int_equal(ks_fs_rmtree(&f->cx, f->dir, NULL), 0);
	ks_buf_release(&f->alpine.enc);
	ks_buf_release(&f->small.enc);
	ks_ctx_release(&f->cx);
	free(f);
	return 0;
}

/* The fixture with its layers streamed and the scanner's fingerprint. */
static struct fix *fix(void **state)
{
	struct fix *f = *state;
	struct ks_lres tmpl = { .mode = KS_MODE_POST };

	stream_member(&f->cx, ALPINE, &f->alpine);
	stream_member(&f->cx, WHITEOUTS, &f->small);
	assert_int_equal(ks_lcache_fingerprint(&f->cx, &tmpl, NULL, &f->fp), 0);
	return f;
}

/* A digest of a label, for made-up DiffIDs and blob digests. */
static void digest_of(const char *label, char out[KS_DIGEST_STRLEN + 1])
{
	assert_int_equal(ks_sha256_digest(label, strlen(label), out), 0);
}

/* l's blob info with made-up DiffID and blob digest named by label. */
static struct ks_blob_info info_as(const struct layer *l, const char *label)
{
	struct ks_blob_info bi = l->info;
	char s[256];

	snprintf(s, sizeof(s), "diffid %s", label);
	digest_of(s, bi.diffid);
	snprintf(s, sizeof(s), "blob %s", label);
	digest_of(s, bi.digest);
	return bi;
}

/* Gets (diffid, digest) and, on a hit, checks the result is l (its encoding, warnings,
 * blob info) with info's DiffID. Returns what ks_lcache_get() returned. */
static int get_check(struct ks_lcache *c, struct ks_ctx *cx, const char *diffid,
	const char *digest, const char *fp, const struct layer *l, const struct ks_blob_info *bi)
{
	struct ks_lres out = { 0 };
	struct ks_strv warns = { 0 };
	struct ks_blob_info got;
	struct ks_buf enc;
	int r = ks_lcache_get(c, cx, diffid, digest, fp, &out, &warns, &got);
	size_t i;

	if (r != 1)
		return r;
	assert_string_equal(got.diffid, bi->diffid);
	assert_string_equal(got.digest, bi->digest);
	assert_int_equal(got.size, bi->size);
	assert_int_equal(got.usize, bi->usize);
	assert_int_equal(got.compressed, bi->compressed);
	assert_int_equal(warns.n, l->nwarns);
	for (i = 0; i < warns.n; i++)
		assert_string_equal(warns.v[i], l->warns[i]);
	ks_buf_init(&enc, (size_t)1 << 30);
	assert_int_equal(ks_lres_encode(cx, &out, warns.v, warns.n, &got, &enc), 0);
	if (strcmp(bi->diffid, l->info.diffid) == 0) {
		assert_int_equal(enc.n, l->enc.n);
		assert_memory_equal(enc.p, l->enc.p, enc.n);
	}
	ks_buf_release(&enc);
	return r;
}

static void stats(struct ks_lcache *c, struct ks_ctx *cx, struct ks_lcache_stats *st)
{
	assert_int_equal(ks_lcache_stats(c, cx, st), 0);
}

static void test_put_get(void **state)
{
	struct fix *f = fix(state);
	const struct layer *l = &f->alpine;
	struct ks_lcache *c;
	struct ks_lcache_stats st;
	struct ks_blob_info plain;
	struct stat sb;
	char other[KS_DIGEST_STRLEN + 1], dir[160];

	/* missing parent directories are created, private */
	assert_int_equal(ks_lcache_open(&f->cx, f->path, 0, &c), 0);
	snprintf(dir, sizeof(dir), "%s/cache/scan", f->dir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);

	assert_int_equal(get_check(c, &f->cx, l->info.diffid, NULL, f->fp, l, &l->info), 0);
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &l->lr, l->warns, l->nwarns, &l->info),
		0);
	assert_int_equal(get_check(c, &f->cx, l->info.diffid, NULL, f->fp, l, &l->info), 1);
	/* the blob digest alone, as a registry manifest gives it; a DiffID that is not one
	 * counts as unknown */
	assert_int_equal(get_check(c, &f->cx, NULL, l->info.digest, f->fp, l, &l->info), 1);
	assert_int_equal(get_check(c, &f->cx, "", l->info.digest, f->fp, l, &l->info), 1);
	digest_of("another layer", other);
	assert_int_equal(get_check(c, &f->cx, other, l->info.digest, f->fp, l, &l->info), 0);
	assert_int_equal(get_check(c, &f->cx, NULL, other, f->fp, l, &l->info), 0);
	assert_int_equal(get_check(c, &f->cx, NULL, NULL, f->fp, l, &l->info), 0);
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, 1);
	assert_int_equal(st.bytes, l->enc.n);
	assert_int_equal(st.aliases, 1);
	assert_int_equal(st.hits, 3);
	assert_int_equal(st.misses, 4);
	assert_int_equal(st.puts, 1);
	assert_int_equal(st.evicted + st.dropped, 0);

	/* an uncompressed layer's blob digest is its DiffID: no alias */
	plain = info_as(&f->small, "plain");
	memcpy(plain.digest, plain.diffid, sizeof(plain.digest));
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &f->small.lr, NULL, 0, &plain), 0);
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, 2);
	assert_int_equal(st.aliases, 1);
	/* a layer without a DiffID cannot be stored */
	plain.diffid[0] = '\0';
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &f->small.lr, NULL, 0, &plain),
		KS_EUSAGE);
	ks_lcache_close(c);

	/* another handle on the file: the entries are there, its counters start at zero */
	assert_int_equal(ks_lcache_open(&f->cx, f->path, 0, &c), 0);
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, 2);
	assert_int_equal(st.hits + st.misses + st.puts, 0);
	assert_int_equal(get_check(c, &f->cx, NULL, l->info.digest, f->fp, l, &l->info), 1);
	assert_int_equal(ks_lcache_clear(c, &f->cx), 0);
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries + st.aliases + st.bytes, 0);
	assert_int_equal(get_check(c, &f->cx, l->info.diffid, NULL, f->fp, l, &l->info), 0);
	ks_lcache_close(c);
	ks_lcache_close(NULL);
}

static const char *fp_of(struct ks_ctx *cx, const struct ks_lres *lr, const struct ks_filter *flt)
{
	const char *fp;

	assert_int_equal(ks_lcache_fingerprint(cx, lr, flt, &fp), 0);
	return fp;
}

static void test_fingerprints(void **state)
{
	struct fix *f = fix(state);
	const struct layer *l = &f->alpine;
	const struct ks_analyzer *set[128];
	struct ks_analyzer bumped;
	const char *const pats[] = { "usr/**" };
	struct ks_filter files = { .skip_files = pats, .nskip_files = 1 };
	struct ks_filter dirs = { .skip_dirs = pats, .nskip_dirs = 1 };
	struct ks_lres lr = { .mode = KS_MODE_POST };
	const char *fps[8];
	struct ks_lcache *c;
	size_t i, j, n;

	/* stable, and the registry named explicitly is the registry */
	assert_string_equal(fp_of(&f->cx, &lr, NULL), f->fp);
	for (n = 0; ks_analyzers[n] != NULL; n++)
		set[n] = ks_analyzers[n];
	set[n] = NULL;
	lr.set = (const struct ks_analyzer *const *)set;
	assert_string_equal(fp_of(&f->cx, &lr, NULL), f->fp);
	assert_true(strncmp(f->fp, "1-", 2) == 0 && strlen(f->fp) == 66);

	/* what changes the results of a layer changes the fingerprint */
	for (i = 0; set[i] != NULL && strcmp(set[i]->name, "apk") != 0; i++)
		;
	assert_non_null(set[i]);
	bumped = *set[i];
	bumped.version++;
	set[i] = &bumped;
	fps[0] = fp_of(&f->cx, &lr, NULL);
	lr.set = NULL;
	fps[1] = fp_of(&f->cx, &lr, &files);
	fps[2] = fp_of(&f->cx, &lr, &dirs);
	lr.mode = KS_MODE_PRE;
	fps[3] = fp_of(&f->cx, &lr, NULL);
	lr.mode = KS_MODE_POST;
	lr.kinds = 1u << KS_AK_OSPKG;
	fps[4] = fp_of(&f->cx, &lr, NULL);
	lr.kinds = 0;
	f->cx.lim.max_file /= 2;
	fps[5] = fp_of(&f->cx, &lr, NULL);
	f->cx.lim.max_file *= 2;
	f->cx.root = ".";
	fps[6] = fp_of(&f->cx, &lr, NULL);
	f->cx.root = NULL;
	fps[7] = fp_of(&f->cx, &lr, NULL);
	assert_string_equal(fps[7], f->fp);
	for (i = 0; i < 7; i++) {
		assert_string_not_equal(fps[i], f->fp);
		for (j = i + 1; j < 7; j++)
			assert_string_not_equal(fps[i], fps[j]);
	}

	/* an entry stored under one fingerprint is a miss under every other */
	assert_int_equal(ks_lcache_open(&f->cx, f->path, 0, &c), 0);
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &l->lr, l->warns, l->nwarns, &l->info),
		0);
	for (i = 0; i < 7; i++)
		assert_int_equal(get_check(c, &f->cx, l->info.diffid, NULL, fps[i], l, &l->info),
			0);
	assert_int_equal(get_check(c, &f->cx, l->info.diffid, NULL, f->fp, l, &l->info), 1);
	ks_lcache_close(c);
}

/* Puts the small layer as label into c. */
static void put_as(struct fix *f, struct ks_lcache *c, const char *label)
{
	struct ks_blob_info bi = info_as(&f->small, label);

	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &f->small.lr, f->small.warns,
				 f->small.nwarns, &bi), 0);
}

/* Gets the small layer stored as label, by its blob digest. */
static int get_as(struct fix *f, struct ks_lcache *c, const char *label)
{
	struct ks_blob_info bi = info_as(&f->small, label);

	return get_check(c, &f->cx, NULL, bi.digest, f->fp, &f->small, &bi);
}

/* The size of the small layer's encoding as stored under a made-up DiffID. */
static size_t entry_size(struct fix *f)
{
	struct ks_blob_info bi = info_as(&f->small, "A");
	struct ks_buf b;
	size_t n;

	ks_buf_init(&b, 1u << 20);
	assert_int_equal(ks_lres_encode(&f->cx, &f->small.lr, f->small.warns, f->small.nwarns,
				 &bi, &b), 0);
	n = b.n;
	ks_buf_release(&b);
	return n;
}

static void test_lru(void **state)
{
	struct fix *f = fix(state);
	size_t s = entry_size(f);
	struct ks_lcache *c;
	struct ks_lcache_stats st;

	assert_int_equal(ks_lcache_open(&f->cx, f->path, 3 * s + s / 2, &c), 0);
	put_as(f, c, "A");
	put_as(f, c, "B");
	put_as(f, c, "C");
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, 3);
	assert_int_equal(st.bytes, 3 * s);
	assert_int_equal(st.evicted, 0);
	assert_int_equal(get_as(f, c, "A"), 1); /* A is now the most recently used */
	put_as(f, c, "D");                      /* B, the least recently used, goes */
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, 3);
	assert_int_equal(st.evicted, 1);
	assert_int_equal(st.aliases, 3); /* B's alias went with it */
	assert_int_equal(get_as(f, c, "B"), 0);
	assert_int_equal(get_as(f, c, "C"), 1);
	assert_int_equal(get_as(f, c, "A"), 1);
	assert_int_equal(get_as(f, c, "D"), 1);
	/* now D, A, C from the most recent: E pushes out C */
	put_as(f, c, "E");
	assert_int_equal(get_as(f, c, "C"), 0);
	assert_int_equal(get_as(f, c, "A"), 1);
	assert_int_equal(get_as(f, c, "D"), 1);
	assert_int_equal(get_as(f, c, "E"), 1);
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, 3);
	assert_int_equal(st.bytes, 3 * s);
	assert_int_equal(st.evicted, 2);
	assert_int_equal(st.puts, 5);
	ks_lcache_close(c);

	/* a handle with a smaller bound evicts the file down to it at its first put */
	assert_int_equal(ks_lcache_open(&f->cx, f->path, s + s / 2, &c), 0);
	put_as(f, c, "F");
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, 1);
	assert_int_equal(st.evicted, 3);
	assert_int_equal(get_as(f, c, "F"), 1);
	ks_lcache_close(c);
}

static void test_oversize(void **state)
{
	struct fix *f = fix(state);
	const struct layer *l = &f->alpine;
	struct ks_lcache *c;
	struct ks_lcache_stats st;

	assert_int_equal(ks_lcache_open(&f->cx, f->path, l->enc.n - 1, &c), 0);
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &l->lr, l->warns, l->nwarns, &l->info),
		0);
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries + st.puts + st.evicted, 0);
	assert_int_equal(get_check(c, &f->cx, l->info.diffid, NULL, f->fp, l, &l->info), 0);
	/* the small one fits */
	put_as(f, c, "small");
	assert_int_equal(get_as(f, c, "small"), 1);
	ks_lcache_close(c);
}

/* Small blobs (image configs): kept by digest, checked against it when read, evicted
 * with the layers under one bound. */
static void test_blobs(void **state)
{
	struct fix *f = fix(state);
	size_t s = entry_size(f), n;
	static const char cfg[] = "{\"architecture\":\"amd64\",\"os\":\"linux\"}";
	char dig[KS_DIGEST_STRLEN + 1], other[KS_DIGEST_STRLEN + 1], *data;
	struct ks_lcache *c;
	struct ks_lcache_stats st;

	assert_int_equal(ks_sha256_digest(cfg, sizeof(cfg) - 1, dig), 0);
	digest_of("no such blob", other);
	assert_int_equal(ks_lcache_open(&f->cx, f->path, 2 * s + sizeof(cfg), &c), 0);
	assert_int_equal(ks_lcache_blob_get(c, &f->cx, dig, &data, &n), 0);
	assert_int_equal(ks_lcache_blob_put(c, &f->cx, dig, cfg, sizeof(cfg) - 1), 0);
	assert_int_equal(ks_lcache_blob_get(c, &f->cx, dig, &data, &n), 1);
	assert_int_equal(n, sizeof(cfg) - 1);
	assert_string_equal(data, cfg);
	assert_int_equal(ks_lcache_blob_get(c, &f->cx, other, &data, &n), 0);
	/* bytes that no longer hash to their digest are a miss */
	assert_int_equal(ks_lcache_blob_put(c, &f->cx, other, cfg, sizeof(cfg) - 1), 0);
	assert_int_equal(ks_lcache_blob_get(c, &f->cx, other, &data, &n), 0);
	/* one bound for both: two layers fit with one blob; the least recently used of
	 * either goes first (the mismatching blob, then layers older than the blob's last
	 * use, then the blob) */
	put_as(f, c, "A");
	assert_int_equal(ks_lcache_blob_get(c, &f->cx, dig, &data, &n), 1);
	put_as(f, c, "B");
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, 2);
	assert_int_equal(ks_lcache_blob_get(c, &f->cx, dig, &data, &n), 1);
	put_as(f, c, "C");
	assert_int_equal(get_as(f, c, "A"), 0);
	assert_int_equal(ks_lcache_blob_get(c, &f->cx, dig, &data, &n), 1);
	put_as(f, c, "D");
	put_as(f, c, "E");
	assert_int_equal(get_as(f, c, "C"), 0);
	put_as(f, c, "F");
	assert_int_equal(ks_lcache_blob_get(c, &f->cx, dig, &data, &n), 0);
	assert_int_equal(get_as(f, c, "D"), 0);
	assert_int_equal(get_as(f, c, "E"), 1);
	assert_int_equal(get_as(f, c, "F"), 1);
	/* clear removes blobs too */
	assert_int_equal(ks_lcache_blob_put(c, &f->cx, dig, cfg, sizeof(cfg) - 1), 0);
	assert_int_equal(ks_lcache_clear(c, &f->cx), 0);
	assert_int_equal(ks_lcache_blob_get(c, &f->cx, dig, &data, &n), 0);
	ks_lcache_close(c);
}

/* Runs sql on the cache file with a blob parameter (may be NULL). */
static void sql(const char *path, const char *q, const void *blob, size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK);
	if (blob != NULL)
		sqlite3_bind_blob(s, 1, blob, (int)n, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* A get of l that must miss with a warning "corrupt entry dropped: ...what...". */
static void corrupt_miss(struct fix *f, struct ks_lcache *c, const char *diffid,
	const char *what)
{
	size_t w = f->cx.nwarns;

	assert_int_equal(get_check(c, &f->cx, diffid, NULL, f->fp, &f->alpine,
				 &f->alpine.info), 0);
	assert_int_equal(f->cx.nwarns, w + 1);
	assert_non_null(strstr(f->cx.warns[w], "layer cache: corrupt entry dropped"));
	if (strstr(f->cx.warns[w], what) == NULL)
		fail_msg("warning '%s' does not say '%s'", f->cx.warns[w], what);
}

static bool wants_nothing(const char *path, size_t n)
{
	(void)path;
	(void)n;
	return false;
}

static void test_corrupt_and_stale_rows(void **state)
{
	struct fix *f = fix(state);
	const struct layer *l = &f->alpine;
	const struct ks_analyzer ghost = { .name = "ghost", .kind = KS_AK_LANG, .version = 1,
		.wants = wants_nothing };
	const struct ks_analyzer *const ghost_set[] = { &ghost, NULL };
	struct ks_lfile gf = { .path = "ghost.lock", .an = &ghost };
	struct ks_lres glr = { .files = &gf, .nfiles = 1, .capfiles = 1, .set = ghost_set };
	struct ks_blob_info gbi = info_as(&f->small, "ghost");
	struct ks_lcache *c;
	struct ks_lcache_stats st;
	uint8_t *flipped;
	char q[512];
	size_t w;

	assert_int_equal(ks_lcache_open(&f->cx, f->path, 0, &c), 0);
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &l->lr, l->warns, l->nwarns, &l->info),
		0);
	/* the stored bytes truncated */
	sql(f->path, "UPDATE layers SET data = substr(data, 1, 100)", NULL, 0);
	corrupt_miss(f, c, l->info.diffid, "checksum");
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries + st.aliases, 0); /* the row and its alias are gone */
	assert_int_equal(st.dropped, 1);
	assert_int_equal(st.misses, 1);

	/* one byte flipped */
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &l->lr, l->warns, l->nwarns, &l->info),
		0);
	assert_non_null(flipped = malloc(l->enc.n));
	memcpy(flipped, l->enc.p, l->enc.n);
	flipped[l->enc.n / 3] ^= 0x40;
	sql(f->path, "UPDATE layers SET data = ?1", flipped, l->enc.n);
	corrupt_miss(f, c, l->info.diffid, l->info.diffid);
	/* another codec version under this fingerprint */
	memcpy(flipped, l->enc.p, l->enc.n);
	flipped[4] ^= 0x10;
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &l->lr, l->warns, l->nwarns, &l->info),
		0);
	sql(f->path, "UPDATE layers SET data = ?1", flipped, l->enc.n);
	corrupt_miss(f, c, l->info.diffid, "codec version");
	/* not a blob at all */
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &l->lr, l->warns, l->nwarns, &l->info),
		0);
	sql(f->path, "UPDATE layers SET data = 'KSLR'", NULL, 0);
	corrupt_miss(f, c, l->info.diffid, "truncated");
	free(flipped);

	/* a row holding another layer than its key says */
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &l->lr, l->warns, l->nwarns, &l->info),
		0);
	snprintf(q, sizeof(q), "UPDATE layers SET diffid = '%s'", gbi.diffid);
	sql(f->path, q, NULL, 0);
	corrupt_miss(f, c, gbi.diffid, "holds layer");
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.dropped, 5);

	/* stale: an analyzer this build does not have; dropped without a warning */
	assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &glr, NULL, 0, &gbi), 0);
	w = f->cx.nwarns;
	{
		struct ks_lres out = { 0 };
		struct ks_blob_info got;

		assert_int_equal(ks_lcache_get(c, &f->cx, gbi.diffid, NULL, f->fp, &out, NULL,
					 &got), 0);
		assert_int_equal(f->cx.nwarns, w);
		/* with the set that has it, it would have been a hit */
		assert_int_equal(ks_lcache_put(c, &f->cx, f->fp, &glr, NULL, 0, &gbi), 0);
		out.set = ghost_set;
		assert_int_equal(ks_lcache_get(c, &f->cx, gbi.diffid, NULL, f->fp, &out, NULL,
					 &got), 1);
		assert_int_equal(out.nfiles, 1);
		assert_ptr_equal(out.files[0].an, &ghost);
	}
	stats(c, &f->cx, &st);
	assert_int_equal(st.dropped, 6);
	assert_int_equal(st.entries, 1);
	ks_lcache_close(c);
}

static void test_bad_files(void **state)
{
	struct fix *f = *state;
	struct ks_lcache *c = NULL;
	sqlite3 *db;
	char other[160];
	FILE *fp;
	int i;

	/* not SQLite: corrupt, and the file is left as it was */
	assert_int_equal(ks_fs_mkparents(&f->cx, f->path, 0700), 0);
	assert_non_null(fp = fopen(f->path, "w"));
	for (i = 0; i < 200; i++)
		fputs("this is not a database, it is a text file of twenty lines\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(ks_lcache_open(&f->cx, f->path, 0, &c), KS_ECORRUPT);
	assert_null(c);
	assert_non_null(strstr(f->cx.err.msg, "kensa clean --scan-cache"));

	/* a kensa cache of another schema */
	unlink(f->path);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(ks_lcache_open(&f->cx, f->path, 0, &c), KS_EUNSUPPORTED);
	assert_non_null(strstr(f->cx.err.msg, "schema 99"));

	/* another program's database: refused, not turned into a cache */
	snprintf(other, sizeof(other), "%s/other.db", f->dir);
	assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL,
				 NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(ks_lcache_open(&f->cx, other, 0, &c), KS_EUNSUPPORTED);
	sql(other, "DELETE FROM t", NULL, 0); /* still its own tables, still writable */

	/* a directory where the file should be */
	snprintf(other, sizeof(other), "%s/dir.db", f->dir);
	assert_int_equal(mkdir(other, 0700), 0);
	assert_int_equal(ks_lcache_open(&f->cx, other, 0, &c), KS_EIO);
	/* a file where a parent directory should be */
	snprintf(other, sizeof(other), "%s/other.db/scan/layers.db", f->dir);
	assert_int_equal(ks_lcache_open(&f->cx, other, 0, &c), KS_EIO);
	assert_null(c);
}

/* What one worker (a process or a thread) does: PER_WORKER puts of the alpine layer
 * under made-up DiffIDs and blob digests (labelled by round), each followed by gets of
 * its own entry (which must hit when strict: nothing evicts) and of the other workers'.
 * Returns the number of failed calls, with a message on stderr for each. */
static int work(struct ks_lcache *c, struct ks_ctx *cx, const struct fix *f, int round,
	int id, int nworkers, bool strict)
{
	int k, o, failed = 0;

	for (k = 0; k < PER_WORKER; k++) {
		for (o = -1; o < nworkers; o++) {
			struct ks_blob_info bi = f->alpine.info;
			struct ks_lres out = { 0 };
			struct ks_blob_info got;
			char label[64];
			int r;

			snprintf(label, sizeof(label), "diffid %d %d %d", round, o < 0 ? id : o, k);
			digest_of(label, bi.diffid);
			snprintf(label, sizeof(label), "blob %d %d %d", round, o < 0 ? id : o, k);
			digest_of(label, bi.digest);
			if (o < 0) {
				r = ks_lcache_put(c, cx, f->fp, &f->alpine.lr, f->alpine.warns,
					f->alpine.nwarns, &bi);
				if (r != 0) {
					fprintf(stderr, "worker %d: put: %d %s\n", id, r, cx->err.msg);
					failed++;
				}
				continue;
			}
			r = ks_lcache_get(c, cx, NULL, bi.digest, f->fp, &out, NULL, &got);
			if (r < 0 || (strict && o == id && r != 1) || cx->nwarns != 0) {
				fprintf(stderr, "worker %d: get: %d %s\n", id, r, cx->err.msg);
				failed++;
			}
			if (r == 1 && (out.nfiles != f->alpine.lr.nfiles ||
					      strcmp(got.diffid, bi.diffid) != 0)) {
				fprintf(stderr, "worker %d: got %zu files of '%s'\n", id,
					out.nfiles, got.diffid);
				failed++;
			}
		}
	}
	return failed;
}

/* One round of processes forked at once (released together by closing a pipe) on one
 * cache file bounded to max bytes. */
static void processes(struct fix *f, int round, uint64_t max)
{
	pid_t pids[NPROCS];
	int gate[2], i, status;

	assert_int_equal(pipe(gate), 0);
	for (i = 0; i < NPROCS; i++) {
		assert_true((pids[i] = fork()) >= 0);
		if (pids[i] == 0) {
			struct ks_lcache *c;
			struct ks_ctx cx;
			char b;
			int failed, r;

			close(gate[1]);
			if (read(gate[0], &b, 1) != 0)
				_exit(3);
			tu_ctx(&cx);
			if ((r = ks_lcache_open(&cx, f->path, max, &c)) != 0) {
				fprintf(stderr, "process %d: open: %d %s\n", i, r, cx.err.msg);
				_exit(2);
			}
			failed = work(c, &cx, f, round, i, NPROCS, max == 0);
			ks_lcache_close(c);
			ks_ctx_release(&cx);
			_exit(failed ? 1 : 0);
		}
	}
	close(gate[0]);
	close(gate[1]);
	for (i = 0; i < NPROCS; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

/* Processes create one new file together, fill it, then fill it again with a bound
 * that makes them evict each other's entries. */
static void test_processes(void **state)
{
	struct fix *f = fix(state);
	struct ks_lcache *c;
	struct ks_lcache_stats st;
	uint64_t max = (uint64_t)f->alpine.enc.n * (NPROCS * PER_WORKER / 2);

	processes(f, 1, 0);
	assert_int_equal(ks_lcache_open(&f->cx, f->path, 0, &c), 0);
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, NPROCS * PER_WORKER);
	assert_int_equal(st.aliases, NPROCS * PER_WORKER);
	assert_int_equal(st.bytes, st.entries * f->alpine.enc.n);
	ks_lcache_close(c);

	processes(f, 2, max);
	assert_int_equal(ks_lcache_open(&f->cx, f->path, 0, &c), 0);
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, NPROCS * PER_WORKER / 2);
	assert_int_equal(st.aliases, st.entries); /* evicted entries took theirs along */
	assert_true(st.bytes <= max);
	ks_lcache_close(c);
}

struct thread_arg {
	struct ks_lcache *c;
	const struct fix *f;
	int id, failed;
};

static void *thread_main(void *p)
{
	struct thread_arg *a = p;
	struct ks_ctx cx;

	tu_ctx(&cx);
	a->failed = work(a->c, &cx, a->f, 0, a->id, NTHREADS, true);
	ks_ctx_release(&cx);
	return NULL;
}

static void test_threads(void **state)
{
	struct fix *f = fix(state);
	struct thread_arg args[NTHREADS];
	pthread_t tids[NTHREADS];
	struct ks_lcache *c;
	struct ks_lcache_stats st;
	int i;

	assert_int_equal(ks_lcache_open(&f->cx, f->path, 0, &c), 0);
	for (i = 0; i < NTHREADS; i++) {
		args[i] = (struct thread_arg){ c, f, i, 0 };
		assert_int_equal(pthread_create(&tids[i], NULL, thread_main, &args[i]), 0);
	}
	for (i = 0; i < NTHREADS; i++) {
		assert_int_equal(pthread_join(tids[i], NULL), 0);
		assert_int_equal(args[i].failed, 0);
	}
	stats(c, &f->cx, &st);
	assert_int_equal(st.entries, NTHREADS * PER_WORKER);
	assert_int_equal(st.puts, NTHREADS * PER_WORKER);
	assert_int_equal(st.hits + st.misses, NTHREADS * NTHREADS * PER_WORKER);
	assert_true(st.hits >= NTHREADS * PER_WORKER);
	ks_lcache_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_put_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_and_stale_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_processes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
