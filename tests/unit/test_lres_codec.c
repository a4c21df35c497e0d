/*
 * test_lres_codec.c - the layer cache's encoding of one layer's analysis
 * (cache/lres_codec.c), on real layers streamed through ks_layer_stream() with the real
 * analyzers: Alpine's base layer (OS, apk packages with files, licences, dependencies),
 * dive's busybox layer (hundreds of hard links), a layer of whiteouts, and a layer built
 * here from a real npm project (package-lock.json, node_modules package.json files kept
 * whole by the companion analyzer, a hard link to the lock file, a symlink mask,
 * whiteouts and an opaque directory).
 *
 * Every field of every file result and package survives encode + decode; every
 * truncation of a real encoding is KS_ETRUNC or KS_ECORRUPT (with the checksum and
 * resealed past it); bytes flipped and resealed decode to an error or to a result that
 * encodes again stably, never a crash (the ASan build runs this too); another codec
 * version is KS_EUNSUPPORTED, an analyzer the build lacks KS_ENOTFOUND.
 *
 * With KENSA_LRES_SEEDS=DIR the small encodings are also written to DIR (the fuzz seeds
 * of tests/fuzz/corpus/lres_codec were made so).
 */
#include "testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cache/lres_codec.h"
#include "layer/layer.h"
#include "util/buf.h"
#include "util/sha256.h"

#define IMAGE3 "fixtures/images/docker-save/fanal-image3_gz_layers.tar"
#define ALPINE "0503825856099e6adb39c8297af09547f69684b7016b7f3680ed801aa310baaa.tar.gz"
#define ALPINE_DIFFID "sha256:1bfeebd65323b8ddf5bd6a51cc7097b72788bc982e9ab3280d53d3c613adffa7"
#define WHITEOUTS "7e474bf284aa4a507a1b534140841d79eb7c1391eaae4ebb9430f6b02fca770f.tar.gz"
#define DIVE "fixtures/images/dive/test-docker-image.tar"
#define BUSYBOX "28cfe03618aa2e914e81fdd90345245c15f4478e35252c06ca52d238fd3cc694/layer.tar"
#define NPM_APP "fixtures/lockfiles/node/npm-generated-vuln-app"

/* One layer as ks_layer_stream() left it, its warnings and its blob info. */
struct layer {
	const char *name;
	struct ks_lres lr;
	const char *const *warns;
	size_t nwarns;
	struct ks_blob_info info;
	struct ks_buf enc; /* its encoding */
};

/* ---- building the layers ---- */

/* The bytes of member name of the tar archive at path (malloc'd). */
static uint8_t *member(const char *path, const char *name, size_t *len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	uint8_t *buf = NULL;

	archive_read_support_format_tar(a);
	archive_read_support_filter_all(a);
	assert_int_equal(archive_read_open_filename(a, path, 65536), ARCHIVE_OK);
	while (buf == NULL && archive_read_next_header(a, &e) == ARCHIVE_OK) {
		size_t size, got = 0;

		if (strcmp(archive_entry_pathname(e), name) != 0)
			continue;
		size = (size_t)archive_entry_size(e);
		buf = malloc(size + 1);
		assert_non_null(buf);
		while (got < size) {
			la_ssize_t n = archive_read_data(a, buf + got, size - got);

			assert_true(n > 0);
			got += (size_t)n;
		}
		*len = size;
	}
	archive_read_free(a);
	if (buf == NULL)
		fail_msg("no member '%s' in %s", name, path);
	return buf;
}

/* Streams blob[0..n) as a layer with mode into l, in cx. */
static void stream(struct ks_ctx *cx, const char *name, const uint8_t *blob, size_t n,
	unsigned mode, struct layer *l)
{
	struct ks_memblob m;
	struct ks_blob b = ks_blob_mem(&m, blob, n);
	size_t w0 = cx->nwarns;
	uint64_t total = 0;

	memset(l, 0, sizeof(*l));
	l->name = name;
	l->lr.mode = mode;
	assert_int_equal(ks_layer_stream(cx, NULL, &b, &total, &l->lr, &l->info), 0);
	l->warns = cx->nwarns > w0 ? cx->warns + w0 : NULL;
	l->nwarns = cx->nwarns - w0;
	ks_buf_init(&l->enc, (size_t)1 << 30);
	assert_int_equal(ks_lres_encode(cx, &l->lr, l->warns, l->nwarns, &l->info, &l->enc), 0);
}

static void stream_member(struct ks_ctx *cx, const char *image, const char *name,
	unsigned mode, struct layer *l)
{
	size_t n = 0;
	uint8_t *blob = member(tu_shared(image), name, &n);

	stream(cx, name, blob, n, mode, l);
	free(blob);
}

struct tarw {
	struct archive *a;
	uint8_t *buf;
	size_t cap, used;
};

static void tar_entry(struct tarw *t, const char *name, unsigned type, const void *data,
	size_t n, const char *link)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : type == AE_IFLNK ? 0777 : 0644);
	if (type == AE_IFLNK)
		archive_entry_set_symlink(e, link);
	else if (link != NULL)
		archive_entry_set_hardlink(e, link);
	archive_entry_set_size(e, (la_int64_t)n);
	assert_int_equal(archive_write_header(t->a, e), ARCHIVE_OK);
	if (n > 0)
		assert_int_equal(archive_write_data(t->a, data, n), (la_ssize_t)n);
	archive_entry_free(e);
}

/* Adds every package.json under dir (the real node_modules tree) as prefix/<relative>. */
static void add_manifests(struct tarw *t, const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char p[1024], q[1024];
		struct stat sb;

		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' || de->d_name[1] == '.'))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		snprintf(q, sizeof(q), "%s/%s", prefix, de->d_name);
		assert_int_equal(lstat(p, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			add_manifests(t, p, q);
		} else if (S_ISREG(sb.st_mode) && strcmp(de->d_name, "package.json") == 0) {
			size_t n;
			uint8_t *data = tu_read(p, &n);

			tar_entry(t, q, AE_IFREG, data, n, NULL);
			free(data);
		}
	}
	closedir(d);
}

/* The npm layer: the real project's lock file and installed manifests, a hard link to
 * the lock file, a symlink where a lock file would be, a whiteout and an opaque dir. */
static void npm_layer(struct ks_ctx *cx, struct layer *l)
{
	struct tarw t = { .cap = 4u << 20 };
	char dir[1024];
	size_t n;
	uint8_t *lock;

	snprintf(dir, sizeof(dir), "%s", tu_shared(NPM_APP));
	lock = tu_read(tu_shared(NPM_APP "/package-lock.v2.json"), &n);
	t.buf = malloc(t.cap);
	assert_non_null(t.buf);
	t.a = archive_write_new();
	archive_write_set_format_pax_restricted(t.a);
	archive_write_set_bytes_in_last_block(t.a, 1);
	assert_int_equal(archive_write_open_memory(t.a, t.buf, t.cap, &t.used), ARCHIVE_OK);
	tar_entry(&t, "app", AE_IFDIR, NULL, 0, NULL);
	tar_entry(&t, "app/package-lock.json", AE_IFREG, lock, n, NULL);
	snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/node_modules");
	add_manifests(&t, dir, "app/node_modules");
	tar_entry(&t, "copy/package-lock.json", AE_IFREG, NULL, 0, "app/package-lock.json");
	tar_entry(&t, "link/package-lock.json", AE_IFLNK, NULL, 0, "../app/package-lock.json");
	tar_entry(&t, "old/.wh.gone", AE_IFREG, NULL, 0, NULL);
	tar_entry(&t, "opt/.wh..wh..opq", AE_IFREG, NULL, 0, NULL);
	assert_int_equal(archive_write_close(t.a), ARCHIVE_OK);
	archive_write_free(t.a);
	stream(cx, "npm", t.buf, t.used, 0, l);
	free(t.buf);
	free(lock);
}

/* ---- comparing ---- */

static void same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void same_strv(const struct ks_strv *a, const struct ks_strv *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++)
		same_str(a->v[i], b->v[i]);
}

static void same_pkg(const struct ks_pkg *a, const struct ks_pkg *b)
{
	size_t i;

	same_str(a->name, b->name);
	same_str(a->version, b->version);
	same_str(a->release, b->release);
	assert_int_equal(a->epoch, b->epoch);
	same_str(a->arch, b->arch);
	same_str(a->src_name, b->src_name);
	same_str(a->src_version, b->src_version);
	same_str(a->src_release, b->src_release);
	assert_int_equal(a->src_epoch, b->src_epoch);
	same_strv(&a->licenses, &b->licenses);
	same_str(a->maintainer, b->maintainer);
	same_str(a->vendor, b->vendor);
	same_str(a->modularitylabel, b->modularitylabel);
	same_str(a->digest, b->digest);
	same_str(a->file_path, b->file_path);
	same_strv(&a->files, &b->files);
	same_strv(&a->depends_on, &b->depends_on);
	same_str(a->analyzed_by, b->analyzed_by);
	same_str(a->id, b->id);
	assert_int_equal(a->dev, b->dev);
	assert_int_equal(a->relationship, b->relationship);
	assert_int_equal(a->nlocs, b->nlocs);
	for (i = 0; i < a->nlocs; i++) {
		assert_int_equal(a->locs[i].start, b->locs[i].start);
		assert_int_equal(a->locs[i].end, b->locs[i].end);
	}
	assert_int_equal(a->layer, b->layer);
}

static void same_lres(const struct ks_lres *a, const struct ks_lres *b)
{
	size_t i, j;

	assert_int_equal(a->entries, b->entries);
	assert_int_equal(a->kinds, b->kinds);
	assert_int_equal(a->mode, b->mode);
	same_strv(&a->whiteouts, &b->whiteouts);
	same_strv(&a->opaques, &b->opaques);
	assert_int_equal(a->nfiles, b->nfiles);
	for (i = 0; i < a->nfiles; i++) {
		const struct ks_lfile *x = &a->files[i], *y = &b->files[i];

		same_str(x->path, y->path);
		assert_ptr_equal(x->an, y->an);
		assert_int_equal(x->seq, y->seq);
		same_str(x->res.os.family, y->res.os.family);
		same_str(x->res.os.name, y->res.os.name);
		assert_int_equal(x->res.os.prio, y->res.os.prio);
		assert_int_equal(x->res.os.extended, y->res.os.extended);
		assert_int_equal(x->res.npkgs, y->res.npkgs);
		for (j = 0; j < x->res.npkgs; j++)
			same_pkg(&x->res.pkgs[j], &y->res.pkgs[j]);
		assert_int_equal(x->res.nkept, y->res.nkept);
		if (x->res.kept == NULL) {
			assert_null(y->res.kept);
		} else {
			assert_non_null(y->res.kept);
			assert_memory_equal(x->res.kept, y->res.kept, x->res.nkept);
			assert_int_equal(y->res.kept[y->res.nkept], 0); /* as analyzers leave it */
		}
	}
}

static void same_info(const struct ks_blob_info *a, const struct ks_blob_info *b)
{
	assert_string_equal(a->digest, b->digest);
	assert_string_equal(a->diffid, b->diffid);
	assert_int_equal(a->size, b->size);
	assert_int_equal(a->usize, b->usize);
	assert_int_equal(a->compressed, b->compressed);
}

/* Decodes l's encoding in cx and checks it is l, field by field. */
static void round_trip(struct ks_ctx *cx, const struct layer *l)
{
	struct ks_lres out = { 0 };
	struct ks_strv warns;
	struct ks_blob_info info;
	size_t i;

	assert_int_equal(ks_lres_decode(cx, l->enc.p, l->enc.n, &out, &warns, &info), 0);
	same_lres(&l->lr, &out);
	assert_null(out.set);
	assert_int_equal(warns.n, l->nwarns);
	for (i = 0; i < warns.n; i++)
		assert_string_equal(warns.v[i], l->warns[i]);
	same_info(&l->info, &info);
}

/* ---- the layers ---- */

struct layers {
	struct ks_ctx cx;
	struct layer alpine, busybox, whiteouts, npm;
};

static int setup(void **state)
{
	struct layers *ls = calloc(1, sizeof(*ls));

	if (ls == NULL || !tu_have_shared()) {
		free(ls);
		*state = NULL;
		return 0;
	}
	tu_ctx(&ls->cx);
	*state = ls;
	return 0;
}

static int teardown(void **state)
{
	struct layers *ls = *state;

	if (ls == NULL)
		return 0;
	ks_buf_release(&ls->alpine.enc);
	ks_buf_release(&ls->busybox.enc);
	ks_buf_release(&ls->whiteouts.enc);
	ks_buf_release(&ls->npm.enc);
	ks_ctx_release(&ls->cx);
	free(ls);
	return 0;
}

/* The layers, streamed on first use. */
static struct layers *layers(void **state)
{
	struct layers *ls = *state;

	if (ls == NULL) {
		tu_shared(IMAGE3); /* skips with its message */
		fail_msg("no state");
	}
	if (ls->alpine.enc.n == 0) {
		stream_member(&ls->cx, IMAGE3, ALPINE, KS_MODE_POST, &ls->alpine);
		stream_member(&ls->cx, DIVE, BUSYBOX, KS_MODE_POST, &ls->busybox);
		stream_member(&ls->cx, IMAGE3, WHITEOUTS, KS_MODE_POST, &ls->whiteouts);
		npm_layer(&ls->cx, &ls->npm);
	}
	return ls;
}

static const struct ks_lfile *find(const struct ks_lres *lr, const char *path, const char *an)
{
	size_t i;

	for (i = 0; i < lr->nfiles; i++)
		if (strcmp(lr->files[i].path, path) == 0 &&
			(an == NULL ? lr->files[i].an == NULL :
				      lr->files[i].an != NULL && strcmp(lr->files[i].an->name, an) == 0))
			return &lr->files[i];
	return NULL;
}

/* What the layers hold, so the round trips below cover every kind of field. */
static void test_layers_hold_every_kind(void **state)
{
	struct layers *ls = layers(state);
	const struct ks_lfile *apk, *lock, *copy, *link, *os;
	size_t i, masks = 0, kept = 0, locs = 0, deps = 0, files = 0, lics = 0;

	apk = find(&ls->alpine.lr, "lib/apk/db/installed", "apk");
	os = find(&ls->alpine.lr, "etc/os-release", "os-release");
	assert_non_null(apk);
	assert_non_null(os);
	assert_string_equal(os->res.os.family, "alpine");
	assert_true(apk->res.npkgs >= 14);
	for (i = 0; i < apk->res.npkgs; i++) {
		files += apk->res.pkgs[i].files.n > 0;
		lics += apk->res.pkgs[i].licenses.n > 0;
	}
	assert_true(files > 10);
	assert_true(lics > 10);
	/* the blob info: the image config's DiffID, the archive's name for the blob */
	assert_string_equal(ls->alpine.info.diffid, ALPINE_DIFFID);
	assert_memory_equal(ls->alpine.info.digest, "sha256:" ALPINE, KS_DIGEST_STRLEN);
	assert_true(ls->alpine.info.compressed);

	for (i = 0; i < ls->busybox.lr.nfiles; i++)
		masks += ls->busybox.lr.files[i].an == NULL;
	assert_true(masks > 300); /* bin/[[ ... bin/zcip: hard links to bin/[ */

	assert_int_equal(ls->whiteouts.lr.whiteouts.n, 2);

	lock = find(&ls->npm.lr, "app/package-lock.json", "npm");
	copy = find(&ls->npm.lr, "copy/package-lock.json", "npm");
	link = find(&ls->npm.lr, "link/package-lock.json", NULL);
	assert_non_null(lock);
	assert_non_null(copy); /* the hard link got the target's results */
	assert_non_null(find(&ls->npm.lr, "copy/package-lock.json", NULL));
	assert_non_null(link);
	assert_int_equal(copy->res.npkgs, lock->res.npkgs);
	assert_true(lock->res.npkgs > 50);
	for (i = 0; i < lock->res.npkgs; i++) {
		locs += lock->res.pkgs[i].nlocs > 0;
		deps += lock->res.pkgs[i].depends_on.n > 0;
	}
	assert_true(locs > 0);
	assert_true(deps > 0);
	for (i = 0; i < ls->npm.lr.nfiles; i++)
		kept += ls->npm.lr.files[i].res.kept != NULL;
	assert_true(kept > 50); /* node_modules/<pkg>/package.json, kept whole */
	assert_int_equal(ls->npm.lr.whiteouts.n, 1);
	assert_int_equal(ls->npm.lr.opaques.n, 1);
	assert_string_equal(ls->npm.lr.opaques.v[0], "opt");
}

static void write_seed(const char *dir, const char *name, const struct ks_buf *b)
{
	char p[1024];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	assert_non_null(f = fopen(p, "wb"));
	assert_int_equal(fwrite(b->p, 1, b->n, f), b->n);
	assert_int_equal(fclose(f), 0);
}

static void test_round_trip(void **state)
{
	struct layers *ls = layers(state);
	const struct layer *all[] = { &ls->alpine, &ls->busybox, &ls->whiteouts, &ls->npm };
	const char *const names[] = { "alpine", "busybox", "whiteouts", "npm" };
	const char *seeds = getenv("KENSA_LRES_SEEDS");
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		struct ks_buf again;

		round_trip(&ls->cx, all[i]);
		/* deterministic: the same input encodes to the same bytes */
		ks_buf_init(&again, (size_t)1 << 30);
		assert_int_equal(ks_lres_encode(&ls->cx, &all[i]->lr, all[i]->warns,
					 all[i]->nwarns, &all[i]->info, &again), 0);
		assert_int_equal(again.n, all[i]->enc.n);
		assert_memory_equal(again.p, all[i]->enc.p, again.n);
		ks_buf_release(&again);
		if (seeds != NULL && all[i]->enc.n <= 32768)
			write_seed(seeds, names[i], &all[i]->enc);
	}
	if (seeds != NULL) {
		/* the npm layer's first files: lock file packages with locations, kept bytes */
		struct ks_lres part = ls->npm.lr;
		struct ks_buf b;

		part.nfiles = 12;
		ks_buf_init(&b, 32768);
		assert_int_equal(ks_lres_encode(&ls->cx, &part, NULL, 0, &ls->npm.info, &b), 0);
		write_seed(seeds, "npm-part", &b);
		ks_buf_release(&b);
	}
}

/* Encoding appends to what the buffer holds; past its max it leaves it as it was. */
static void test_encode_appends_and_limits(void **state)
{
	struct layers *ls = layers(state);
	struct ks_lres out = { 0 };
	struct ks_buf b;

	ks_buf_init(&b, (size_t)1 << 30);
	assert_int_equal(ks_buf_adds(&b, "prefix"), 0);
	assert_int_equal(ks_lres_encode(&ls->cx, &ls->whiteouts.lr, NULL, 0,
				 &ls->whiteouts.info, &b), 0);
	assert_int_equal(ks_lres_decode(&ls->cx, b.p + 6, b.n - 6, &out, NULL, NULL), 0);
	same_lres(&ls->whiteouts.lr, &out);
	ks_buf_release(&b);

	ks_buf_init(&b, 1000);
	assert_int_equal(ks_buf_adds(&b, "prefix"), 0);
	assert_int_equal(ks_lres_encode(&ls->cx, &ls->alpine.lr, ls->alpine.warns,
				 ls->alpine.nwarns, &ls->alpine.info, &b), KS_ELIMIT);
	assert_int_equal(b.n, 6);
	assert_string_equal(b.p, "prefix");
	assert_non_null(strstr(ls->cx.err.msg, "over 1000 bytes"));
	ks_buf_release(&b);
}

/* Decodes p[0..n) in a scratch context; the result code. A success must encode again
 * and decode to the same encoding (a decoded result is a well-formed one). */
static int decode_scratch(const uint8_t *p, size_t n)
{
	struct ks_ctx cx;
	struct ks_lres out = { 0 };
	struct ks_strv warns;
	struct ks_blob_info info;
	int r;

	tu_ctx(&cx);
	r = ks_lres_decode(&cx, p, n, &out, &warns, &info);
	if (r == 0) {
		struct ks_buf a, b;
		struct ks_lres again = { 0 };
		struct ks_strv w2;
		struct ks_blob_info i2;

		ks_buf_init(&a, (size_t)1 << 30);
		ks_buf_init(&b, (size_t)1 << 30);
		assert_int_equal(ks_lres_encode(&cx, &out, warns.v, warns.n, &info, &a), 0);
		assert_int_equal(ks_lres_decode(&cx, a.p, a.n, &again, &w2, &i2), 0);
		same_lres(&out, &again);
		assert_int_equal(ks_lres_encode(&cx, &again, w2.v, w2.n, &i2, &b), 0);
		assert_int_equal(a.n, b.n);
		assert_memory_equal(a.p, b.p, a.n);
		ks_buf_release(&a);
		ks_buf_release(&b);
	} else {
		assert_true(cx.err.msg[0] != '\0');
	}
	ks_ctx_release(&cx);
	return r;
}

/* The sanitizer run asks for fewer samples. */
static bool light(void)
{
	const char *v = getenv("KENSA_TEST_LIGHT");

	return v != NULL && v[0] != '\0';
}

/* Truncation points step bytes apart (and the last one): KS_ETRUNC inside the header,
 * else a checksum mismatch; resealed so the structure is read, KS_ETRUNC or KS_ECORRUPT,
 * never a crash or a success. */
static void truncations(const struct ks_buf *enc, size_t step)
{
	uint8_t *copy = malloc(enc->n);
	size_t n;

	assert_non_null(copy);
	/* n = 0, step, 2 * step, ... and always the last cut, one byte short */
	for (n = 0; n < enc->n; n = n + step < enc->n || n + 1 == enc->n ? n + step : enc->n - 1) {
		int r;

		memcpy(copy, enc->p, n);
		r = decode_scratch(copy, n);
		if (n < KS_LRES_HEADER_SIZE)
			assert_int_equal(r, KS_ETRUNC);
		else
			assert_int_equal(r, KS_ECORRUPT);
		ks_lres_seal(copy, n);
		r = decode_scratch(copy, n);
		if (r != KS_ETRUNC && r != KS_ECORRUPT)
			fail_msg("cut at %zu of %zu: %d", n, enc->n, r);
	}
	free(copy);
}

static void test_every_truncation(void **state)
{
	struct layers *ls = layers(state);

	/* every point of two real encodings (under KENSA_TEST_LIGHT, the sanitizer run, one
	 * in 11 of Alpine's); the npm one (kept files, locations) sampled */
	truncations(&ls->whiteouts.enc, 1);
	truncations(&ls->alpine.enc, light() ? 11 : 1);
	truncations(&ls->npm.enc, 61);
}

/* Flipped bytes, resealed: an error code with a message, or a well-formed result. */
static void test_flipped_bytes(void **state)
{
	struct layers *ls = layers(state);
	static const uint8_t masks[] = { 0x01, 0x10, 0x80, 0xff };
	const struct ks_buf *encs[] = { &ls->whiteouts.enc, &ls->alpine.enc, &ls->npm.enc,
		&ls->busybox.enc };
	size_t e, i, m, ok = 0, bad = 0;

	for (e = 0; e < sizeof(encs) / sizeof(encs[0]); e++) {
		const struct ks_buf *enc = encs[e];
		uint8_t *copy = malloc(enc->n);
		/* the fuzz target does the rest */
		size_t step = enc->n / (light() ? 100 : 250) + 1;

		assert_non_null(copy);
		for (i = 0; i < enc->n; i += step)
			for (m = 0; m < sizeof(masks); m++) {
				int r;

				memcpy(copy, enc->p, enc->n);
				copy[i] ^= masks[m];
				ks_lres_seal(copy, enc->n);
				r = decode_scratch(copy, enc->n);
				if (r == 0)
					ok++;
				else if (r == KS_ECORRUPT || r == KS_ETRUNC || r == KS_EUNSUPPORTED ||
					r == KS_ENOTFOUND)
					bad++;
				else
					fail_msg("byte %zu ^ %#x: %d", i, masks[m], r);
			}
		free(copy);
	}
	assert_true(ok > 0);  /* e.g. a flipped character inside a path */
	assert_true(bad > 0);
}

/* The error codes the header and the table of names give. */
static void test_header_and_names(void **state)
{
	struct layers *ls = layers(state);
	const struct ks_buf *enc = &ls->alpine.enc;
	const struct ks_analyzer *no_apk[128];
	struct ks_lres out = { 0 }, sentinel;
	uint8_t *copy = malloc(enc->n + 1);
	uint8_t *p;
	size_t i, n;

	assert_non_null(copy);
	for (i = 0, n = 0; ks_analyzers[i] != NULL; i++)
		if (strcmp(ks_analyzers[i]->name, "apk") != 0 && n + 1 < 128)
			no_apk[n++] = ks_analyzers[i];
	no_apk[n] = NULL;
	/* another codec version: unsupported, whatever the checksum says */
	memcpy(copy, enc->p, enc->n);
	copy[4] = (uint8_t)(KS_LRES_CODEC_VERSION + 1);
	assert_int_equal(ks_lres_decode(&ls->cx, copy, enc->n, &out, NULL, NULL),
		KS_EUNSUPPORTED);
	assert_non_null(strstr(ls->cx.err.msg, "codec version"));
	/* bad magic */
	memcpy(copy, enc->p, enc->n);
	copy[0] = 'X';
	assert_int_equal(ks_lres_decode(&ls->cx, copy, enc->n, &out, NULL, NULL), KS_ECORRUPT);
	/* a body byte changed without resealing: the checksum */
	memcpy(copy, enc->p, enc->n);
	copy[enc->n / 2] ^= 0x20;
	assert_int_equal(ks_lres_decode(&ls->cx, copy, enc->n, &out, NULL, NULL), KS_ECORRUPT);
	assert_non_null(strstr(ls->cx.err.msg, "checksum"));
	/* one byte too many */
	memcpy(copy, enc->p, enc->n);
	copy[enc->n] = 0;
	ks_lres_seal(copy, enc->n + 1);
	assert_int_equal(ks_lres_decode(&ls->cx, copy, enc->n + 1, &out, NULL, NULL),
		KS_ECORRUPT);
	assert_non_null(strstr(ls->cx.err.msg, "trailing"));

	/* an analyzer the set lacks: a stale entry; *out untouched */
	memset(&sentinel, 0, sizeof(sentinel));
	sentinel.nfiles = 12345;
	sentinel.set = (const struct ks_analyzer *const *)no_apk;
	out = sentinel;
	assert_int_equal(ks_lres_decode(&ls->cx, enc->p, enc->n, &out, NULL, NULL), KS_ENOTFOUND);
	assert_non_null(strstr(ls->cx.err.msg, "'apk'"));
	assert_int_equal(out.nfiles, 12345);
	assert_ptr_equal(out.set, sentinel.set);
	assert_null(out.files);

	/* the name "apk" in the string table renamed: unknown to the registry too */
	memcpy(copy, enc->p, enc->n);
	p = NULL;
	for (i = KS_LRES_HEADER_SIZE; i + 4 <= enc->n; i++)
		if (memcmp(copy + i, "\x03" "apk", 4) == 0) {
			p = copy + i;
			break;
		}
	assert_non_null(p);
	p[1] = 'z';
	ks_lres_seal(copy, enc->n);
	memset(&out, 0, sizeof(out));
	assert_int_equal(ks_lres_decode(&ls->cx, copy, enc->n, &out, NULL, NULL), KS_ENOTFOUND);
	assert_non_null(strstr(ls->cx.err.msg, "'zpk'"));
	/* a NUL inside a string */
	p[1] = '\0';
	ks_lres_seal(copy, enc->n);
	assert_int_equal(ks_lres_decode(&ls->cx, copy, enc->n, &out, NULL, NULL), KS_ECORRUPT);
	assert_non_null(strstr(ls->cx.err.msg, "NUL"));
	/* a decoded set is kept: the same analyzers resolve through it */
	out = (struct ks_lres){ .set = ks_analyzers };
	assert_int_equal(ks_lres_decode(&ls->cx, enc->p, enc->n, &out, NULL, NULL), 0);
	assert_ptr_equal(out.set, ks_analyzers);
	same_lres(&ls->alpine.lr, &out);
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layers_hold_every_kind),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_encode_appends_and_limits),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_flipped_bytes),
		cmocka_unit_test(test_header_and_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
