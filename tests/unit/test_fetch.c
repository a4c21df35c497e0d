/*
 * test_fetch.c - layers fetched through a blob opener (layer/fetch.c): a real multi-layer
 * image's blobs served from memory, analysed on one thread and on several (same results),
 * verified against the manifest (a swapped blob is refused, the lowest failing layer
 * names the error), and kept in a real layer cache (a second run opens no blob).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache/lcache.h"
#include "layer/fetch.h"
#include "util/buf.h"

#define IMAGE "fixtures/images/docker-save/fanal-image3_gz_layers.tar"
#define MAX_BLOBS 16

/* The image's blobs as the archive holds them, by sink key. */
struct blobs {
	const char *key[MAX_BLOBS];
	uint8_t *data[MAX_BLOBS];
	size_t len[MAX_BLOBS];
	size_t n;
	int opens; /* atomic: blobs opened through the opener */
	struct ks_image *img;
};

/* Keeps each blob's bytes and reports what streaming it finds (as the scanner's sink). */
static int keep_blob(void *ud, const char *key, struct ks_blob *b, struct ks_blob_info *info)
{
	struct blobs *bl = ud;
	struct ks_ctx cx;
	struct ks_lres lr = { 0 };
	struct ks_memblob m;
	struct ks_blob mb;
	uint8_t *d = NULL;
	size_t n = 0, cap = 0;
	uint64_t total = 0;
	ssize_t got;
	int r;

	assert_true(bl->n < MAX_BLOBS);
	do {
		if (cap - n < 65536) {
			cap = cap * 2 + 65536;
			assert_non_null(d = realloc(d, cap));
		}
		got = b->read(b->h, d + n, cap - n);
		assert_true(got >= 0);
		n += (size_t)got;
	} while (got > 0);
	tu_ctx(&cx);
	mb = ks_blob_mem(&m, d, n);
	r = ks_layer_stream(&cx, NULL, &mb, &total, &lr, info);
	ks_ctx_release(&cx);
	bl->key[bl->n] = strdup(key);
	bl->data[bl->n] = d;
	bl->len[bl->n++] = n;
	return r;
}

static void mem_close(void *h)
{
	free(h);
}

static int open_blob(void *ud, struct ks_ctx *cx, size_t layer, struct ks_blob *out)
{
	struct blobs *bl = ud;
	const char *key = bl->img->layers[layer].key;
	size_t i;

	__atomic_add_fetch(&bl->opens, 1, __ATOMIC_RELAXED);
	for (i = 0; i < bl->n; i++) {
		if (strcmp(bl->key[i], key) == 0) {
			struct ks_memblob *m = malloc(sizeof(*m));

			if (m == NULL)
				return KS_ENOMEM;
			*out = ks_blob_mem(m, bl->data[i], bl->len[i]);
			out->close = mem_close;
			return 0;
		}
	}
	return ks_seterr(&cx->err, KS_ENOTFOUND, "no blob '%s'", key);
}

static void release_blobs(struct blobs *bl)
{
	size_t i;

	for (i = 0; i < bl->n; i++) {
		free((void *)bl->key[i]);
		free(bl->data[i]);
	}
}

/* Opens the fixture image in cx and points its opener at bl. */
static void load(struct ks_ctx *cx, struct blobs *bl, struct ks_blob_opener *op)
{
	struct ks_blob_sink sink = { bl, keep_blob };

	memset(bl, 0, sizeof(*bl));
	assert_int_equal(ks_image_open(cx, tu_shared(IMAGE), NULL, &sink, &bl->img), 0);
	assert_true(bl->img->nlayers >= 3);
	*op = (struct ks_blob_opener){ .open = open_blob, .ud = bl };
	bl->img->opener = op;
}

/* "path|analyzer|name version" lines of every file result of every layer. */
static char *describe(struct ks_lres **layers, size_t n)
{
	struct ks_buf b;
	size_t l, f, p;

	ks_buf_init(&b, 1u << 26);
	for (l = 0; l < n; l++)
		for (f = 0; f < layers[l]->nfiles; f++) {
			const struct ks_lfile *lf = &layers[l]->files[f];

			assert_int_equal(ks_buf_addf(&b, "%zu %s|%s\n", l, lf->path,
						 lf->an ? lf->an->name : "-"), 0);
			for (p = 0; p < lf->res.npkgs; p++)
				assert_int_equal(ks_buf_addf(&b, "  %s %s\n", lf->res.pkgs[p].name,
							 lf->res.pkgs[p].version), 0);
		}
	return ks_buf_detach(&b, NULL);
}

static char *fetch(unsigned parallel, struct ks_lcache *cache, const char *fp, int *opens,
	struct ks_lfetch_stats *st)
{
	struct ks_ctx cx;
	struct blobs bl;
	struct ks_blob_opener op;
	struct ks_lfetch_opts o = { NULL, cache, fp, parallel };
	struct ks_lres *layers[MAX_BLOBS] = { 0 };
	char *d;
	size_t i;

	tu_ctx(&cx);
	load(&cx, &bl, &op);
	for (i = 0; i < bl.img->nlayers; i++)
		bl.img->layers[i].usize = 0;
	assert_int_equal(ks_fetch_layers(&cx, bl.img, &o, layers, st), 0);
	for (i = 0; i < bl.img->nlayers; i++)
		assert_true(bl.img->layers[i].usize > 0);
	d = describe(layers, bl.img->nlayers);
	*opens = bl.opens;
	release_blobs(&bl);
	ks_ctx_release(&cx);
	return d;
}

static void test_parallel_equals_sequential(void **state)
{
	struct ks_lfetch_stats st;
	char *one, *many;
	int opens;

	(void)state;
	if (!tu_have_shared())
		skip();
	one = fetch(1, NULL, NULL, &opens, &st);
	assert_int_equal(st.fetched, (size_t)opens);
	assert_int_equal(st.cached, 0);
	assert_true(st.bytes > 0);
	many = fetch(4, NULL, NULL, &opens, &st);
	assert_string_equal(one, many);
	assert_non_null(strstr(one, "|apk"));
	free(one);
	free(many);
}

/* Layer blobs served in place of one another are refused; the lowest failing layer's
 * error is the one returned, whichever worker failed first. */
static void test_swapped_blobs_refused(void **state)
{
	struct ks_ctx cx;
	struct blobs bl;
	struct ks_blob_opener op;
	struct ks_lfetch_opts o = { NULL, NULL, NULL, 3 };
	struct ks_lres *layers[MAX_BLOBS] = { 0 };
	const char *k;

	(void)state;
	if (!tu_have_shared())
		skip();
	tu_ctx(&cx);
	load(&cx, &bl, &op);
	k = bl.img->layers[1].key;
	bl.img->layers[1].key = bl.img->layers[2].key;
	bl.img->layers[2].key = k;
	assert_int_equal(ks_fetch_layers(&cx, bl.img, &o, layers, NULL), KS_EDIGEST);
	assert_non_null(strstr(cx.err.msg, "layer 2:"));
	release_blobs(&bl);
	ks_ctx_release(&cx);
}

static void test_open_failure(void **state)
{
	struct ks_ctx cx;
	struct blobs bl;
	struct ks_blob_opener op;
	struct ks_lfetch_opts o = { NULL, NULL, NULL, 2 };
	struct ks_lres *layers[MAX_BLOBS] = { 0 };

	(void)state;
	if (!tu_have_shared())
		skip();
	tu_ctx(&cx);
	load(&cx, &bl, &op);
	bl.img->layers[bl.img->nlayers - 1].key = "missing";
	assert_int_equal(ks_fetch_layers(&cx, bl.img, &o, layers, NULL), KS_ENOTFOUND);
	assert_non_null(strstr(cx.err.msg, "no blob 'missing'"));
	release_blobs(&bl);
	ks_ctx_release(&cx);
}

/* A second fetch of the same image with the same cache opens no blob and yields what
 * the first analysed. */
static void test_cache_second_run_opens_nothing(void **state)
{
	char dir[] = "/tmp/kensa-fetch-XXXXXX", path[256];
	struct ks_lres tmpl = { .mode = KS_MODE_POST };
	struct ks_lfetch_stats st;
	struct ks_lcache *c;
	struct ks_ctx cx;
	const char *fp;
	char *first, *second, cmd[300];
	int opens;

	(void)state;
	if (!tu_have_shared())
		skip();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/scan/layers.db", dir);
	tu_ctx(&cx);
	assert_int_equal(ks_lcache_open(&cx, path, 0, &c), 0);
	assert_int_equal(ks_lcache_fingerprint(&cx, &tmpl, NULL, &fp), 0);
	first = fetch(2, c, fp, &opens, &st);
	assert_true(opens > 0);
	assert_int_equal(st.fetched, (size_t)opens);
	second = fetch(2, c, fp, &opens, &st);
	assert_int_equal(opens, 0);
	assert_int_equal(st.fetched, 0);
	assert_true(st.cached >= 3);
	assert_string_equal(first, second);
	free(first);
	free(second);
	ks_lcache_close(c);
	ks_ctx_release(&cx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel_equals_sequential),
		cmocka_unit_test(test_swapped_blobs_refused),
		cmocka_unit_test(test_open_failure),
		cmocka_unit_test(test_cache_second_run_opens_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
