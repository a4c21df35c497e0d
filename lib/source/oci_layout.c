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

#include <pthread.h>
#include <string.h>
#include <sys/utsname.h>

#define MAX_NESTING 4
#define MAX_CANDIDATES 1024

struct cand {
	const char *digest;   /* manifest digest */
	const char *ref;      /* org.opencontainers.image.ref.name (own or inherited) */
	const char *name;     /* io.containerd.image.name, a full reference (or inherited) */
	const char *index;    /* digest of the index that listed it, if nested */
	struct ks_plat plat;
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
	json_t *ann = json_object_get(d, "annotations");
	json_t *ref = json_object_get(ann, "org.opencontainers.image.ref.name");
	json_t *name = json_object_get(ann, "io.containerd.image.name");
	const char *data;
	size_t len;
	json_t *sub = NULL;
	struct ks_plat plat;
	struct cand *c;
	int r;

	if (json_is_string(ref) && (nm.ref = jdup(cx, ref)) == NULL)
		return KS_ENOMEM;
	if (json_is_string(name) && (nm.name = jdup(cx, name)) == NULL)
		return KS_ENOMEM;
	if (ks_manifest_kind(mt) == KS_MK_INDEX) {
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
	if (mt != NULL && ks_manifest_kind(mt) != KS_MK_IMAGE)
		return 0; /* artifacts, signatures, schema1: not images we can scan */
	ks_plat_of(json_object_get(d, "platform"), &plat);
	if (ks_plat_attestation(&plat))
		return 0;
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
	c->plat.os = plat.os ? ks_arena_strdup(&cx->arena, plat.os) : NULL;
	c->plat.arch = plat.arch ? ks_arena_strdup(&cx->arena, plat.arch) : NULL;
	c->plat.variant = plat.variant ? ks_arena_strdup(&cx->arena, plat.variant) : NULL;
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

/* How well a candidate fits the requested (or host) platform; see ks_plat_rank(). */
static int plat_rank(const struct cand *c, const struct ks_select *sel)
{
	struct ks_plat want = { sel->os, sel->arch, sel->variant };

	return ks_plat_rank(&c->plat, &want);
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
		if (c->plat.os || c->plat.arch)
			ks_buf_addf(&b, " [%s]", ks_plat_str(cx, &c->plat));
	}
	s = ks_arena_strdup(&cx->arena, b.p ? b.p : "(none)");
	ks_buf_release(&b);
	return s ? s : "";
}

/* Whether a candidate is one the selector names (by digest, by ref name, or any). */
static bool selected(const struct cand *c, const struct ks_select *sel)
{
	if (sel->digest != NULL)
		return ks_streq(c->digest, sel->digest) || ks_streq(c->index, sel->digest);
	if (sel->ref != NULL)
		return ref_matches(c->ref, sel->ref) || ref_matches(c->name, sel->ref);
	return true;
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
	for (i = 0; i < cs->n; i++)
		if (selected(&cs->v[i], sel)) {
			hit = &cs->v[i];
			nhit++;
		}
	if (nhit > 1) {
		/* several platforms of one image: take the one that fits the requested (or
		 * host) platform best, if only one does */
		const struct cand *p = NULL;
		size_t np = 0;
		int best = 1, rank;

		for (i = 0; i < cs->n; i++) {
			const struct cand *c = &cs->v[i];

			if (!selected(c, sel) || (rank = plat_rank(c, sel)) < best)
				continue;
			if (rank > best)
				np = 0;
			best = rank;
			p = c;
			np++;
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
	if (ks_manifest_kind(json_string_value(json_object_get(man, "mediaType"))) ==
		KS_MK_SCHEMA1) {
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

enum ks_mkind ks_manifest_kind(const char *mt)
{
	if (mt == NULL)
		return KS_MK_UNKNOWN;
	if (strcmp(mt, KS_MT_OCI_MANIFEST) == 0 || strcmp(mt, KS_MT_DOCKER_MANIFEST) == 0)
		return KS_MK_IMAGE;
	if (strcmp(mt, KS_MT_OCI_INDEX) == 0 || strcmp(mt, KS_MT_DOCKER_LIST) == 0)
		return KS_MK_INDEX;
	if (ks_hasprefix(mt, KS_MT_DOCKER_V1))
		return KS_MK_SCHEMA1;
	return KS_MK_UNKNOWN;
}

int ks_plat_parse(struct ks_ctx *cx, const char *s, struct ks_plat *out)
{
	struct ks_str os, rest, arch, variant;
	bool has_variant;

	memset(out, 0, sizeof(*out));
	ks_str_cut(ks_str_c(s), '/', &os, &rest);
	has_variant = ks_str_cut(rest, '/', &arch, &variant);
	if (os.n == 0 || arch.n == 0 || (has_variant && variant.n == 0) ||
		ks_str_chr(variant, '/') >= 0)
		return ks_seterr(&cx->err, KS_EUSAGE, "platform '%s' is not os/arch[/variant]",
			s ? s : "");
	out->os = ks_arena_strndup(&cx->arena, os.p, os.n);
	out->arch = ks_arena_strndup(&cx->arena, arch.p, arch.n);
	if (variant.n > 0)
		out->variant = ks_arena_strndup(&cx->arena, variant.p, variant.n);
	if (out->os == NULL || out->arch == NULL || (variant.n > 0 && out->variant == NULL))
		return KS_ENOMEM;
	return 0;
}

const char *ks_plat_goarch(const char *m, const char **variant)
{
	static const struct {
		const char *machine, *arch, *variant;
		bool prefix;
	} map[] = {
		{ "x86_64", "amd64", NULL, false },
		{ "amd64", "amd64", NULL, false },
		{ "i386", "386", NULL, false },
		{ "i486", "386", NULL, false },
		{ "i586", "386", NULL, false },
		{ "i686", "386", NULL, false },
		{ "aarch64", "arm64", NULL, true }, /* aarch64, aarch64_be */
		{ "arm64", "arm64", NULL, false },
		{ "armv8", "arm64", NULL, true },
		{ "armv7", "arm", "v7", true },     /* armv7l, armv7hl */
		{ "armv6", "arm", "v6", true },
		{ "armv5", "arm", "v5", true },     /* armv5tel */
		{ "arm", "arm", NULL, false },
		{ "ppc64le", "ppc64le", NULL, false },
		{ "ppc64", "ppc64", NULL, false },
		{ "s390x", "s390x", NULL, false },
		{ "riscv64", "riscv64", NULL, false },
		{ "loongarch64", "loong64", NULL, false },
		{ "mips64", "mips64", NULL, false },
		{ "mips", "mips", NULL, false },
	};
	size_t i;

	*variant = NULL;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].prefix ? ks_hasprefix(m, map[i].machine) : ks_streq(m, map[i].machine)) {
			*variant = map[i].variant;
			return map[i].arch;
		}
	return m;
}

static struct utsname host_uname;
static pthread_once_t host_once = PTHREAD_ONCE_INIT;

static void host_init(void)
{
	if (uname(&host_uname) != 0)
		ks_strlcpy(host_uname.machine, "x86_64", sizeof(host_uname.machine));
}

void ks_plat_host(struct ks_plat *out)
{
	pthread_once(&host_once, host_init);
	out->os = "linux";
	out->arch = ks_plat_goarch(host_uname.machine, &out->variant);
}

/* containerd's normalisation of an architecture and variant (static strings or the
 * arguments themselves). */
static void plat_norm(const char *arch, const char *variant, const char **na, const char **nv)
{
	*na = arch;
	*nv = variant;
	if (arch == NULL)
		return;
	if (strcmp(arch, "aarch64") == 0 || strcmp(arch, "arm64") == 0) {
		*na = "arm64";
		if (ks_streq(variant, "8") || ks_streq(variant, "v8") || ks_streq(variant, "v8.0"))
			*nv = NULL;
	} else if (strcmp(arch, "armhf") == 0) {
		*na = "arm";
		*nv = "v7";
	} else if (strcmp(arch, "armel") == 0) {
		*na = "arm";
		*nv = "v6";
	} else if (strcmp(arch, "arm") == 0) {
		if (variant == NULL || strcmp(variant, "7") == 0)
			*nv = "v7";
		else if (strcmp(variant, "5") == 0)
			*nv = "v5";
		else if (strcmp(variant, "6") == 0)
			*nv = "v6";
		else if (strcmp(variant, "8") == 0)
			*nv = "v8";
	} else if (strcmp(arch, "x86_64") == 0 || strcmp(arch, "x86-64") == 0 ||
		strcmp(arch, "amd64") == 0) {
		*na = "amd64";
		if (ks_streq(variant, "v1"))
			*nv = NULL;
	} else if (strcmp(arch, "i386") == 0 || strcmp(arch, "i686") == 0) {
		*na = "386";
	}
}

int ks_plat_rank(const struct ks_plat *have, const struct ks_plat *want)
{
	struct ks_plat host;
	const char *os = want->os ? want->os : "linux", *ha, *hv, *wa, *wv;
	bool hard = want->variant != NULL;

	if (have->os == NULL && have->arch == NULL)
		return 0;
	if (strcmp(os, "*") != 0 && !ks_streq(have->os, os))
		return 0;
	if (want->arch == NULL) {
		ks_plat_host(&host);
		plat_norm(host.arch, host.variant, &wa, &wv);
	} else {
		plat_norm(want->arch, want->variant, &wa, &wv);
	}
	plat_norm(have->arch, have->variant, &ha, &hv);
	if (!ks_streq(ha, wa))
		return 0;
	if (ks_streq(hv, wv))
		return 2;
	return hard ? 0 : 1;
}

const char *ks_plat_str(struct ks_ctx *cx, const struct ks_plat *p)
{
	const char *s = ks_arena_printf(&cx->arena, "%s/%s%s%s", p->os ? p->os : "?",
		p->arch ? p->arch : "?", p->variant ? "/" : "", p->variant ? p->variant : "");

	return s ? s : "?";
}

void ks_plat_of(json_t *platform, struct ks_plat *out)
{
	out->os = json_string_value(json_object_get(platform, "os"));
	out->arch = json_string_value(json_object_get(platform, "architecture"));
	out->variant = json_string_value(json_object_get(platform, "variant"));
}

bool ks_plat_attestation(const struct ks_plat *p)
{
	return ks_streq(p->os, "unknown");
}
