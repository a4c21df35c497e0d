/*
 * docker_archive.c - images saved by `docker save` (and tools writing the same format:
 * ggcr/crane, kaniko, podman): manifest.json lists, per image, the config member, the
 * repository tags and the layer members in order. Layers may be plain tars (the classic
 * <id>/layer.tar layout), compressed tars, or OCI blobs (Docker 25+ writes both
 * manifest.json and an OCI layout into the same archive). See resolve.h.
 */
#include "source/resolve.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/str.h"

#include <string.h>

/* True if one of the entry's RepoTags matches the user's selector: the whole tag
 * ("alpine:3.9"), the tag alone ("3.9") or the repository alone ("alpine", meaning any
 * tag of it when only one image has that repository). */
static bool tag_matches(json_t *tags, const char *ref)
{
	json_t *t;
	size_t i;

	json_array_foreach(tags, i, t) {
		const char *s = json_string_value(t), *colon;

		if (s == NULL)
			continue;
		if (strcmp(s, ref) == 0)
			return true;
		colon = strrchr(s, ':');
		if (colon != NULL && strchr(colon, '/') == NULL &&
			(strcmp(colon + 1, ref) == 0 ||
				(strlen(ref) == (size_t)(colon - s) && strncmp(s, ref, strlen(ref)) == 0)))
			return true;
	}
	return false;
}

/* "alpine:3.9, 3accb6cd...(untagged)" for error messages. */
static const char *describe(struct ks_ctx *cx, json_t *manifest)
{
	struct ks_buf b;
	json_t *ent, *t;
	size_t i, j;
	char *s;

	ks_buf_init(&b, 4096);
	json_array_foreach(manifest, i, ent) {
		json_t *tags = json_object_get(ent, "RepoTags");
		const char *cfg = json_string_value(json_object_get(ent, "Config"));

		if (json_array_size(tags) == 0)
			ks_buf_addf(&b, "%s%.19s (untagged)", b.n ? ", " : "", cfg ? cfg : "?");
		json_array_foreach(tags, j, t)
			ks_buf_addf(&b, "%s%s", b.n ? ", " : "",
				json_string_value(t) ? json_string_value(t) : "?");
	}
	s = ks_arena_strdup(&cx->arena, b.p ? b.p : "");
	ks_buf_release(&b);
	return s ? s : "";
}

static int pick(struct ks_ctx *cx, struct ks_store *st, json_t *manifest,
	const struct ks_select *sel, json_t **entry)
{
	json_t *ent, *found = NULL;
	size_t i, nfound = 0;

	if (json_array_size(manifest) == 0)
		return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': manifest.json lists no images",
			st->path);
	if (sel->ref == NULL && sel->digest == NULL) {
		if (json_array_size(manifest) > 1)
			return ks_seterr(&cx->err, KS_EAMBIGUOUS,
				"'%s' holds %zu images; select one with '%s:<tag>' (it has: %s)",
				st->path, json_array_size(manifest), st->path, describe(cx, manifest));
		*entry = json_array_get(manifest, 0);
		return 0;
	}
	json_array_foreach(manifest, i, ent) {
		const char *cfg = json_string_value(json_object_get(ent, "Config"));
		bool hit;

		if (sel->digest != NULL)
			hit = cfg != NULL && strstr(cfg, sel->digest + 7) != NULL;
		else
			hit = tag_matches(json_object_get(ent, "RepoTags"), sel->ref);
		if (hit) {
			found = ent;
			nfound++;
		}
	}
	if (nfound == 1) {
		*entry = found;
		return 0;
	}
	return ks_seterr(&cx->err, nfound ? KS_EAMBIGUOUS : KS_ENOTFOUND,
		"'%s': %s image '%s' (it has: %s)", st->path,
		nfound ? "more than one" : "no", sel->ref ? sel->ref : sel->digest,
		describe(cx, manifest));
}

/* Config members are named after their digest ("<hex>.json" or "sha256:<hex>"). Nothing
 * signs that name (docker load ignores it), so a mismatch is reported as a warning; the
 * image ID is always the hash of the content. */
static int check_config_name(struct ks_ctx *cx, const char *path, const char *data, size_t len)
{
	char want[KS_DIGEST_STRLEN + 1], got[KS_DIGEST_STRLEN + 1];
	const char *base = ks_path_base(path);
	size_t n;
	int r;

	if (ks_hasprefix(base, "sha256:"))
		base += 7;
	n = strlen(base);
	if (n != 64 && !(n == 69 && strcmp(base + 64, ".json") == 0))
		return 0;
	memcpy(want, "sha256:", 7);
	memcpy(want + 7, base, 64);
	want[KS_DIGEST_STRLEN] = '\0';
	if (!ks_digest_valid(want))
		return 0;
	if ((r = ks_sha256_digest(data, len, got)) != 0)
		return r;
	if (strcmp(want, got) != 0)
		return ks_warn(cx, "config '%s' is not named after its digest (content hashes "
			"to %s)", path, got);
	return 0;
}

static const char *clean_member(struct ks_ctx *cx, const char *what, json_t *v)
{
	const char *s = json_string_value(v);
	char buf[4096];
	int fl = 0;

	if (s == NULL || ks_path_clean(s, strlen(s), buf, sizeof(buf), &fl) != 0 || !buf[0]) {
		ks_seterr(&cx->err, KS_ECORRUPT, "manifest.json: bad %s path", what);
		return NULL;
	}
	return ks_arena_strdup(&cx->arena, buf);
}

int ks_docker_resolve(struct ks_ctx *cx, struct ks_store *st, const struct ks_select *sel,
	struct ks_image *img)
{
	json_t *manifest = NULL, *entry = NULL, *layers, *l, *tags, *t;
	const char *data, *cfgpath;
	size_t len, i;
	int r;

	if ((r = ks_store_get(cx, st, "manifest.json", &data, &len)) != 0)
		return r;
	if ((r = ks_json_parse(cx, "manifest.json", data, len, &manifest)) != 0)
		return r;
	r = KS_ECORRUPT;
	if (!json_is_array(manifest)) {
		ks_seterr(&cx->err, r, "'%s': manifest.json is not a list of images", st->path);
		goto out;
	}
	if ((r = pick(cx, st, manifest, sel, &entry)) != 0)
		goto out;
	r = KS_ECORRUPT;
	layers = json_object_get(entry, "Layers");
	if (!json_is_array(layers)) {
		ks_seterr(&cx->err, r, "'%s': manifest.json entry has no Layers", st->path);
		goto out;
	}
	if ((cfgpath = clean_member(cx, "Config", json_object_get(entry, "Config"))) == NULL)
		goto out;
	img->nlayers = json_array_size(layers);
	img->layers = ks_arena_calloc(&cx->arena, img->nlayers ? img->nlayers : 1,
		sizeof(*img->layers));
	if (img->layers == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	json_array_foreach(layers, i, l)
		if ((img->layers[i].key = clean_member(cx, "layer", l)) == NULL)
			goto out;
	tags = json_object_get(entry, "RepoTags");
	json_array_foreach(tags, i, t)
		if (json_is_string(t) &&
			ks_strv_pushn(&cx->arena, &img->repo_tags, json_string_value(t),
				json_string_length(t)) != 0) {
			r = KS_ENOMEM;
			goto out;
		}
	if ((r = ks_store_get(cx, st, cfgpath, &data, &len)) != 0)
		goto out;
	if ((r = check_config_name(cx, cfgpath, data, len)) != 0)
		goto out;
	if ((r = ks_config_apply(cx, data, len, img)) != 0)
		goto out;
	img->kind = "docker-archive";
	r = 0;
out:
	json_decref(manifest);
	return r;
}
