/*
 * oci_layout.c - OCI image layouts (a directory with oci-layout, index.json and
 * blobs/<alg>/<hex>), as a directory or inside a tar (OCI archive). index.json may point
 * at image manifests directly or through nested indexes (multi-platform images); one
 * image is chosen by ref-name annotation, by digest, or by platform. Every manifest and
 * config is checked against its digest before use. See resolve.h.
 */
#include "source/resolve.h"
#include "util/buf.h"
#include "util/str.h"

#include <string.h>
#include <sys/utsname.h>

#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define MT_DOCKER_V1 "application/vnd.docker.distribution.manifest.v1"
#define MAX_NESTING 4
#define MAX_CANDIDATES 1024

struct cand {
	const char *digest;   /* manifest digest */
	const char *ref;      /* org.opencontainers.image.ref.name (own or inherited) */
	const char *name;     /* io.containerd.image.name, a full reference (or inherited) */
	const char *index;    /* digest of the index that listed it, if nested */
	const char *os, *arch, *variant;
};

struct cands {
	struct cand v[MAX_CANDIDATES];
	size_t n;
};

static const char *jdup(struct ks_ctx *cx, json_t *v)
{
	return json_is_string(v) ? ks_arena_strndup(&cx->arena, json_string_value(v),
					   json_string_length(v)) :
				   NULL;
}

/* Loads a blob named by a descriptor, verifying digest (and size when given). */
static int load_blob(struct ks_ctx *cx, struct ks_store *st, json_t *desc, const char *what,
	const char **data, size_t *len)
{
	const char *digest = json_string_value(json_object_get(desc, "digest"));
	const char *path = ks_store_blob_path(cx, digest);
	json_t *size = json_object_get(desc, "size");
	char got[KS_DIGEST_STRLEN + 1];
	int r;

	if (path == NULL)
		return cx->err.code;
	if ((r = ks_store_get(cx, st, path, data, len)) != 0) {
		if (r == KS_ENOTFOUND)
			return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': %s blob %s is missing",
				st->path, what, digest);
		return r;
	}
	if ((r = ks_sha256_digest(*data, *len, got)) != 0)
		return r;
	if (strcmp(got, digest) != 0)
		return ks_seterr(&cx->err, KS_EDIGEST, "'%s': %s blob %s does not match its "
			"digest (content hashes to %s)", st->path, what, digest, got);
	if (json_is_integer(size) && (json_int_t)*len != json_integer_value(size))
		return ks_seterr(&cx->err, KS_ECORRUPT, "'%s': %s blob %s is %zu bytes, the "
			"descriptor says %lld", st->path, what, digest, *len,
			(long long)json_integer_value(size));
	return 0;
}

static bool is_index(const char *mt)
{
	return mt != NULL && (strcmp(mt, MT_OCI_INDEX) == 0 || strcmp(mt, MT_DOCKER_LIST) == 0);
}

/* Names a descriptor inherits from the index entries above it. */
struct names {
	const char *ref, *name;
};

static int collect(struct ks_ctx *cx, struct ks_store *st, json_t *index, struct names nm,
	const char *parent, int depth, struct cands *out);

/* Adds one index entry: a manifest becomes a candidate, a nested index is walked. */
static int collect_desc(struct ks_ctx *cx, struct ks_store *st, json_t *d, struct names nm,
	const char *parent, int depth, struct cands *out)
{
	const char *mt = json_string_value(json_object_get(d, "mediaType"));
	json_t *ann = json_object_get(d, "annotations"), *plat = json_object_get(d, "platform");
	json_t *ref = json_object_get(ann, "org.opencontainers.image.ref.name");
	json_t *name = json_object_get(ann, "io.containerd.image.name");
	const char *data;
	size_t len;
	json_t *sub = NULL;
	struct cand *c;
	int r;

	if (json_is_string(ref) && (nm.ref = jdup(cx, ref)) == NULL)
		return KS_ENOMEM;
	if (json_is_string(name) && (nm.name = jdup(cx, name)) == NULL)
		return KS_ENOMEM;
	if (is_index(mt)) {
		if (depth >= MAX_NESTING)
			return ks_seterr(&cx->err, KS_ELIMIT, "'%s': indexes nested too deeply",
				st->path);
		if ((r = load_blob(cx, st, d, "index", &data, &len)) != 0)
			return r;
		if ((r = ks_json_parse(cx, "image index", data, len, &sub)) != 0)
			return r;
		r = collect(cx, st, sub, nm, json_string_value(json_object_get(d, "digest")),
			depth + 1, out);
		json_decref(sub);
		return r;
	}
	if (mt != NULL && strcmp(mt, MT_OCI_MANIFEST) != 0 && strcmp(mt, MT_DOCKER_MANIFEST) != 0)
		return 0; /* artifacts, signatures, schema1: not images we can scan */
	if (ks_streq(json_string_value(json_object_get(plat, "os")), "unknown"))
		return 0; /* buildkit attestation manifests */
	if (out->n >= MAX_CANDIDATES)
		return ks_seterr(&cx->err, KS_ELIMIT, "'%s': too many manifests", st->path);
	c = &out->v[out->n];
	memset(c, 0, sizeof(*c));
	if ((c->digest = jdup(cx, json_object_get(d, "digest"))) == NULL)
		return ks_seterr(&cx->err, KS_ECORRUPT, "'%s': manifest descriptor without digest",
			st->path);
	c->ref = nm.ref;
	c->name = nm.name;
	c->index = parent ? ks_arena_strdup(&cx->arena, parent) : NULL;
	c->os = jdup(cx, json_object_get(plat, "os"));
	c->arch = jdup(cx, json_object_get(plat, "architecture"));
	c->variant = jdup(cx, json_object_get(plat, "variant"));
	out->n++;
	return 0;
}

static int collect(struct ks_ctx *cx, struct ks_store *st, json_t *index, struct names nm,
	const char *parent, int depth, struct cands *out)
{
	json_t *mans = json_object_get(index, "manifests"), *d;
	size_t i;
	int r;

	if (!json_is_object(index) || !json_is_array(mans))
		return ks_seterr(&cx->err, KS_ECORRUPT, "'%s': image index has no manifests list",
			st->path);
	json_array_foreach(mans, i, d)
		if ((r = collect_desc(cx, st, d, nm, parent, depth, out)) != 0)
			return r;
	return 0;
}

static bool ref_matches(const char *ref, const char *want)
{
	const char *colon;

	if (ref == NULL)
		return false;
	if (strcmp(ref, want) == 0)
		return true;
	colon = strrchr(ref, ':');
	return colon != NULL && strchr(colon, '/') == NULL && strcmp(colon + 1, want) == 0;
}

static const char *host_arch(void)
{
	struct utsname u;

	if (uname(&u) != 0)
		return "amd64";
	if (strcmp(u.machine, "x86_64") == 0)
		return "amd64";
	if (strcmp(u.machine, "aarch64") == 0)
		return "arm64";
	return "amd64";
}

static bool plat_matches(const struct cand *c, const struct ks_select *sel)
{
	const char *os = sel->os ? sel->os : "linux";
	const char *arch = sel->arch ? sel->arch : host_arch();

	if (c->os == NULL && c->arch == NULL)
		return false;
	return ks_streq(c->os, os) && ks_streq(c->arch, arch) &&
		(sel->variant == NULL || ks_streq(c->variant, sel->variant));
}

static const char *describe(struct ks_ctx *cx, const struct cands *cs)
{
	struct ks_buf b;
	size_t i;
	char *s;

	ks_buf_init(&b, 4096);
	for (i = 0; i < cs->n; i++) {
		const struct cand *c = &cs->v[i];

		ks_buf_addf(&b, "%s%s%s%.19s", i ? ", " : "", c->ref ? c->ref : "",
			c->ref ? "@" : "", c->digest);
		if (c->os || c->arch)
			ks_buf_addf(&b, " [%s/%s%s%s]", c->os ? c->os : "?", c->arch ? c->arch : "?",
				c->variant ? "/" : "", c->variant ? c->variant : "");
	}
	s = ks_arena_strdup(&cx->arena, b.p ? b.p : "(none)");
	ks_buf_release(&b);
	return s ? s : "";
}

/* Chooses one candidate: by digest, by ref name, else the only one, else by platform. */
static int choose(struct ks_ctx *cx, struct ks_store *st, const struct cands *cs,
	const struct ks_select *sel, const struct cand **out)
{
	const struct cand *hit = NULL;
	size_t i, nhit = 0;

	if (cs->n == 0)
		return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': the layout holds no image manifest",
			st->path);
	for (i = 0; i < cs->n; i++) {
		const struct cand *c = &cs->v[i];
		bool m;

		if (sel->digest != NULL)
			m = ks_streq(c->digest, sel->digest) || ks_streq(c->index, sel->digest);
		else if (sel->ref != NULL)
			m = ref_matches(c->ref, sel->ref) || ref_matches(c->name, sel->ref);
		else
			m = true;
		if (m) {
			hit = c;
			nhit++;
		}
	}
	if (nhit > 1) {
		/* several platforms of one image: take the requested (or host) platform */
		const struct cand *p = NULL;
		size_t np = 0;

		for (i = 0; i < cs->n; i++) {
			const struct cand *c = &cs->v[i];
			bool m = sel->digest ? (ks_streq(c->digest, sel->digest) ||
						       ks_streq(c->index, sel->digest)) :
				 sel->ref ? (ref_matches(c->ref, sel->ref) ||
						    ref_matches(c->name, sel->ref)) : true;

			if (m && plat_matches(c, sel)) {
				p = c;
				np++;
			}
		}
		if (np == 1) {
			*out = p;
			return 0;
		}
		return ks_seterr(&cx->err, KS_EAMBIGUOUS, "'%s' holds %zu images%s; select one "
			"with '%s:<ref>', '%s@sha256:<digest>' or --platform (it has: %s)",
			st->path, nhit, np > 1 ? " for this platform" : "", st->path, st->path,
			describe(cx, cs));
	}
	if (nhit == 0)
		return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': no image '%s' (it has: %s)",
			st->path, sel->digest ? sel->digest : sel->ref, describe(cx, cs));
	*out = hit;
	return 0;
}

static int read_layers(struct ks_ctx *cx, struct ks_store *st, json_t *man, struct ks_image *img)
{
	json_t *layers = json_object_get(man, "layers"), *l;
	size_t i;

	if (!json_is_array(layers))
		return ks_seterr(&cx->err, KS_ECORRUPT, "'%s': manifest has no layers list",
			st->path);
	img->nlayers = json_array_size(layers);
	img->layers = ks_arena_calloc(&cx->arena, img->nlayers ? img->nlayers : 1,
		sizeof(*img->layers));
	if (img->layers == NULL)
		return KS_ENOMEM;
	json_array_foreach(layers, i, l) {
		struct ks_layer *ly = &img->layers[i];
		json_t *size = json_object_get(l, "size");

		ly->digest = jdup(cx, json_object_get(l, "digest"));
		if ((ly->key = ks_store_blob_path(cx, ly->digest)) == NULL)
			return cx->err.code;
		ly->media_type = jdup(cx, json_object_get(l, "mediaType"));
		ly->size = json_is_integer(size) && json_integer_value(size) > 0 ?
			(uint64_t)json_integer_value(size) : 0;
		ly->report_digest = true;
	}
	return 0;
}

int ks_oci_resolve(struct ks_ctx *cx, struct ks_store *st, const struct ks_select *sel,
	struct ks_image *img)
{
	struct cands *cs = NULL;
	const struct cand *c = NULL;
	json_t *index = NULL, *man = NULL, *desc = NULL;
	const char *data;
	size_t len;
	int r;

	if ((r = ks_store_get(cx, st, "index.json", &data, &len)) != 0)
		return r;
	if ((r = ks_json_parse(cx, "index.json", data, len, &index)) != 0)
		return r;
	if ((cs = calloc(1, sizeof(*cs))) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	if ((r = collect(cx, st, index, (struct names){ NULL, NULL }, NULL, 0, cs)) != 0)
		goto out;
	if ((r = choose(cx, st, cs, sel, &c)) != 0)
		goto out;
	desc = json_pack("{s:s}", "digest", c->digest);
	if (desc == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	if ((r = load_blob(cx, st, desc, "manifest", &data, &len)) != 0)
		goto out;
	if ((r = ks_json_parse(cx, "image manifest", data, len, &man)) != 0)
		goto out;
	if (ks_hasprefix(json_string_value(json_object_get(man, "mediaType")) ?
			json_string_value(json_object_get(man, "mediaType")) : "", MT_DOCKER_V1)) {
		r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "'%s': Docker schema 1 manifests are not "
			"supported", st->path);
		goto out;
	}
	img->manifest_digest = ks_arena_strdup(&cx->arena, c->digest);
	/* a full reference (containerd's io.containerd.image.name) is a repo tag; a bare
	 * OCI ref name such as "latest" is not */
	if (c->name != NULL && ks_strv_push(&cx->arena, &img->repo_tags, c->name) != 0) {
		r = KS_ENOMEM;
		goto out;
	}
	if ((r = read_layers(cx, st, man, img)) != 0)
		goto out;
	if ((r = load_blob(cx, st, json_object_get(man, "config"), "config", &data, &len)) != 0)
		goto out;
	if ((r = ks_config_apply(cx, data, len, img)) != 0)
		goto out;
	img->kind = st->is_dir ? "oci-layout" : "oci-archive";
	r = 0;
out:
	json_decref(desc);
	json_decref(man);
	json_decref(index);
	free(cs);
	return r;
}
