/* config.c - the image config (OCI/Docker): DiffIDs, history, platform; see resolve.h. */
#include "source/resolve.h"
#include "util/str.h"

#include <string.h>

int ks_json_parse(struct ks_ctx *cx, const char *what, const char *data, size_t len,
	json_t **out)
{
	json_error_t je;

	*out = json_loadb(data, len, JSON_DECODE_ANY, &je);
	if (*out == NULL)
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: invalid JSON at line %d: %s", what,
			je.line, je.text);
	return 0;
}

static const char *jstr(struct ks_ctx *cx, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return NULL;
	return ks_arena_strndup(&cx->arena, json_string_value(v), json_string_length(v));
}

/* Trivy shows a layer's history command without the shell prefix Docker adds. */
static const char *trim_created_by(const char *s)
{
	if (ks_hasprefix(s, "/bin/sh -c "))
		s += 11;
	if (ks_hasprefix(s, "#(nop) "))
		s += 7;
	return s;
}

/* Maps history entries that created a layer to the layers, in order; leaves created_by
 * empty when the counts disagree (the history cannot be trusted then). */
static int apply_history(struct ks_ctx *cx, json_t *cfg, struct ks_image *img)
{
	json_t *hist = json_object_get(cfg, "history"), *h;
	size_t i, n = 0;

	for (i = 0; i < img->nlayers; i++)
		img->layers[i].created_by = "";
	if (!json_is_array(hist))
		return 0;
	json_array_foreach(hist, i, h)
		if (!json_is_true(json_object_get(h, "empty_layer")))
			n++;
	if (n != img->nlayers)
		return 0;
	n = 0;
	json_array_foreach(hist, i, h) {
		const char *cb;

		if (json_is_true(json_object_get(h, "empty_layer")))
			continue;
		cb = json_string_value(json_object_get(h, "created_by"));
		cb = ks_arena_strdup(&cx->arena, trim_created_by(cb ? cb : ""));
		if (cb == NULL)
			return KS_ENOMEM;
		img->layers[n++].created_by = cb;
	}
	return 0;
}

int ks_config_apply(struct ks_ctx *cx, const char *data, size_t len, struct ks_image *img)
{
	char digest[KS_DIGEST_STRLEN + 1];
	json_t *cfg = NULL, *ids, *id;
	size_t i;
	int r;

	if ((r = ks_json_parse(cx, "image config", data, len, &cfg)) != 0)
		return r;
	r = KS_ECORRUPT;
	if (!json_is_object(cfg)) {
		ks_seterr(&cx->err, r, "image config is not a JSON object");
		goto out;
	}
	ids = json_object_get(json_object_get(cfg, "rootfs"), "diff_ids");
	if (!json_is_array(ids)) {
		ks_seterr(&cx->err, r, "image config has no rootfs.diff_ids");
		goto out;
	}
	if (json_array_size(ids) != img->nlayers) {
		ks_seterr(&cx->err, r, "image config lists %zu DiffIDs but the manifest %zu layers",
			json_array_size(ids), img->nlayers);
		goto out;
	}
	json_array_foreach(ids, i, id) {
		const char *s = json_string_value(id);

		if (!ks_digest_valid(s)) {
			ks_seterr(&cx->err, r, "image config: DiffID %zu is not a sha256 digest", i);
			goto out;
		}
		if ((img->layers[i].diffid = ks_arena_strdup(&cx->arena, s)) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
	}
	if ((r = apply_history(cx, cfg, img)) != 0)
		goto out;
	img->os = jstr(cx, cfg, "os");
	img->arch = jstr(cx, cfg, "architecture");
	img->variant = jstr(cx, cfg, "variant");
	if ((r = ks_sha256_digest(data, len, digest)) != 0)
		goto out;
	img->image_id = ks_arena_strdup(&cx->arena, digest);
	img->config_raw = ks_arena_strndup(&cx->arena, data, len);
	img->config_len = len;
	r = (img->image_id && img->config_raw) ? 0 : KS_ENOMEM;
out:
	json_decref(cfg);
	return r;
}
