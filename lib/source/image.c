/*
 * image.c - opening an image input: choosing the store and the resolver, streaming the
 * layers and verifying them against the manifest and config; see image.h.
 */
#include "source/resolve.h"
#include "util/str.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* Splits "path[:ref|@sha256:hex]" at the rightmost ':' or '@' whose left part exists on
 * disk; the whole string wins when it exists itself. */
static int split_input(struct ks_ctx *cx, const char *input, char **path, struct ks_select *sel)
{
	struct stat sb;
	size_t n = strlen(input), i;

	if (stat(input, &sb) == 0) {
		*path = ks_arena_strdup(&cx->arena, input);
		return *path ? 0 : KS_ENOMEM;
	}
	for (i = n; i > 0; i--) {
		char c = input[i - 1];
		char *p;

		if (c != ':' && c != '@')
			continue;
		if ((p = ks_arena_strndup(&cx->arena, input, i - 1)) == NULL)
			return KS_ENOMEM;
		if (stat(p, &sb) != 0)
			continue;
		*path = p;
		if (c == '@') {
			sel->digest = ks_arena_strdup(&cx->arena, input + i);
			if (!ks_digest_valid(sel->digest))
				return ks_seterr(&cx->err, KS_EUSAGE, "'%s': '%s' is not a sha256 "
					"digest", input, input + i);
		} else {
			sel->ref = ks_arena_strdup(&cx->arena, input + i);
		}
		return 0;
	}
	return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': no such file or directory", input);
}

/* Every layer must have been streamed, and must hash to what the manifest and config
 * say. */
static int verify(struct ks_ctx *cx, struct ks_store *st, struct ks_image *img)
{
	size_t i;

	for (i = 0; i < img->nlayers; i++) {
		struct ks_layer *l = &img->layers[i];
		const struct ks_blob_info *bi = ks_store_blob(st, l->key);

		if (bi == NULL) {
			if (ks_store_notlayer(st, l->key))
				return ks_seterr(&cx->err, KS_ECORRUPT, "'%s': layer %zu ('%s') is "
					"not a tar archive", st->path, i + 1, l->key);
			return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': layer %zu ('%s') is "
				"missing from the image", st->path, i + 1, l->key);
		}
		int r;

		if ((r = ks_layer_check(cx, st->path, i, l, bi)) != 0)
			return r;
		if (l->digest == NULL) {
			/* docker-archive: Trivy reports a Digest only for compressed layers */
			l->report_digest = bi->compressed;
			if ((l->digest = ks_arena_strdup(&cx->arena, bi->digest)) == NULL)
				return KS_ENOMEM;
		}
	}
	return 0;
}

static ssize_t memblob_read(void *h, void *buf, size_t n)
{
	struct ks_memblob *m = h;
	size_t k = m->n - m->off < n ? m->n - m->off : n;

	memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (ssize_t)k;
}

struct ks_blob ks_blob_mem(struct ks_memblob *m, const void *p, size_t n)
{
	*m = (struct ks_memblob){ p, n, 0 };
	return (struct ks_blob){ .read = memblob_read, .h = m, .size = n };
}

int ks_layer_check(struct ks_ctx *cx, const char *where, size_t i, struct ks_layer *l,
	const struct ks_blob_info *bi)
{
	if (l->digest != NULL && strcmp(l->digest, bi->digest) != 0)
		return ks_seterr(&cx->err, KS_EDIGEST, "'%s': layer %zu: blob %s does not match "
			"its digest (content hashes to %s)", where, i + 1, l->digest, bi->digest);
	if (l->size != 0 && l->size != bi->size)
		return ks_seterr(&cx->err, KS_ECORRUPT, "'%s': layer %zu: blob is %llu bytes, the "
			"manifest says %llu", where, i + 1, (unsigned long long)bi->size,
			(unsigned long long)l->size);
	if (strcmp(l->diffid, bi->diffid) != 0)
		return ks_seterr(&cx->err, KS_EDIGEST, "'%s': layer %zu: uncompressed content "
			"hashes to %s, the config's DiffID is %s", where, i + 1, bi->diffid,
			l->diffid);
	l->usize = bi->usize;
	return 0;
}

/* "os/arch[/variant]" into sel. */
static int parse_platform(struct ks_ctx *cx, const char *p, struct ks_select *sel)
{
	struct ks_plat pl;
	int r;

	if (p == NULL)
		return 0;
	if ((r = ks_plat_parse(cx, p, &pl)) != 0)
		return r;
	sel->os = pl.os;
	sel->arch = pl.arch;
	sel->variant = pl.variant;
	return 0;
}

/* Resolves the image in an opened store, streams its layers and verifies them. */
static int resolve(struct ks_ctx *cx, struct ks_store *st, const struct ks_select *sel,
	struct ks_blob_sink *sink, struct ks_image *img)
{
	size_t i;
	int r;

	if (ks_store_has(cx, st, "manifest.json"))
		r = ks_docker_resolve(cx, st, sel, img);
	else if (ks_store_has(cx, st, "index.json"))
		r = ks_oci_resolve(cx, st, sel, img);
	else if (ks_store_has(cx, st, "repositories"))
		r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "'%s': a pre-1.10 'docker save' archive "
			"(no manifest.json) is not supported; re-save it with a current docker",
			st->path);
	else
		r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "'%s' is not a container image: no "
			"manifest.json or index.json", st->path);
	if (r != 0)
		return r;
	for (i = 0; i < img->nlayers; i++)
		if ((r = ks_store_deliver(cx, st, img->layers[i].key, sink)) != 0)
			return r;
	return verify(cx, st, img);
}

int ks_image_open(struct ks_ctx *cx, const char *input, const char *platform,
	struct ks_blob_sink *sink, struct ks_image **out)
{
	struct ks_select sel;
	struct ks_store st;
	struct ks_image *img;
	struct stat sb;
	char *path = NULL;
	int r;

	memset(&sel, 0, sizeof(sel));
	memset(&st, 0, sizeof(st));
	st.dirfd = -1;
	if ((img = ks_arena_calloc(&cx->arena, 1, sizeof(*img))) == NULL)
		return KS_ENOMEM;
	if ((r = split_input(cx, input, &path, &sel)) != 0 ||
		(r = parse_platform(cx, platform, &sel)) != 0)
		return r;
	if ((img->name = ks_arena_strdup(&cx->arena, input)) == NULL)
		return KS_ENOMEM;
	if (stat(path, &sb) != 0)
		return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': %s", path, strerror(errno));
	if (S_ISDIR(sb.st_mode))
		r = ks_store_open_dir(cx, path, &st);
	else
		r = ks_store_open_archive(cx, path, sink, &st);
	if (r == 0 && (r = resolve(cx, &st, &sel, sink, img)) == 0)
		*out = img;
	ks_store_release(&st);
	return r;
}

/* Resolves the one image of an archive store read in one pass, given r, the result of
 * opening it; releases the store. */
static int one_pass(struct ks_ctx *cx, const char *name, int r, struct ks_store *st,
	struct ks_blob_sink *sink, struct ks_image **out)
{
	struct ks_select sel;
	struct ks_image *img = NULL;

	memset(&sel, 0, sizeof(sel));
	if (r == 0 && ((img = ks_arena_calloc(&cx->arena, 1, sizeof(*img))) == NULL ||
			      (img->name = ks_arena_strdup(&cx->arena, name)) == NULL))
		r = KS_ENOMEM;
	if (r == 0 && (r = resolve(cx, st, &sel, sink, img)) == 0)
		*out = img;
	ks_store_release(st);
	return r;
}

int ks_image_open_mem(struct ks_ctx *cx, const char *name, const void *p, size_t n,
	struct ks_blob_sink *sink, struct ks_image **out)
{
	struct ks_store st;
	int r = ks_store_open_archive_mem(cx, name, p, n, sink, &st);

	return one_pass(cx, name, r, &st, sink, out);
}

int ks_image_open_stream(struct ks_ctx *cx, const char *name, struct ks_blob *in,
	struct ks_blob_sink *sink, struct ks_image **out)
{
	struct ks_store st;
	int r = ks_store_open_archive_stream(cx, name, in, sink, &st);

	return one_pass(cx, name, r, &st, sink, out);
}
