/*
 * conda_pkg.c - installed conda packages, read as Trivy's "conda-pkg" analyzer reads
 * them (images and root filesystems).
 *
 * Files: the metadata conda keeps for each package of an environment,
 * <prefix>/envs/<env>/conda-meta/<name>-<version>-<build>.json. Trivy selects them with
 * the unanchored pattern `.*\/envs/.+/conda-meta/.+-.+-.+\.json`, so packages of a base
 * environment (<prefix>/conda-meta/...) are not read, here as there.
 *
 * The file's first JSON value must be an object (what follows it is ignored, as Go's
 * json.Decoder ignores it); its "name" and "version" strings are required (else the file
 * is corrupt) and "license", when present and not empty, is the package's licence,
 * normalised (util/license.h). Member names match case-insensitively, the last one
 * winning, as Go's encoding/json matches struct fields; a member of the wrong type makes
 * the file corrupt. The package's FilePath is the metadata file (the scanner sets it).
 */
#include "analyze/analyzer.h"
#include "util/license.h"
#include "util/str.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "util/banned.h"

static const char an_name[] = "conda-pkg";

static bool find(struct ks_str hay, size_t from, const char *needle, size_t *at)
{
	size_t n = strlen(needle), i;

	for (i = from; i + n <= hay.n; i++)
		if (memcmp(hay.p + i, needle, n) == 0) {
			*at = i;
			return true;
		}
	return false;
}

/* `.+-.+-.+\.json` somewhere in s (unanchored). */
static bool meta_name(struct ks_str s)
{
	size_t j, a, b, k = SIZE_MAX;

	for (j = 0; find(s, j, ".json", &j); j++)
		k = j; /* the last ".json" leaves the most room */
	if (k == SIZE_MAX)
		return false;
	for (a = 1; a < k && s.p[a] != '-'; a++)
		;
	for (b = a + 2; b < k && s.p[b] != '-'; b++)
		;
	return a < k && b + 1 < k;
}

static bool wants(const char *path, size_t len)
{
	struct ks_str p = {path, len};
	size_t envs, meta;

	if (!find(p, 0, "/envs/", &envs) || !find(p, envs + 7, "/conda-meta/", &meta))
		return false;
	return meta_name(ks_str_sub(p, meta + 12, p.n));
}

static int corrupt(struct ks_ctx *cx, const struct ks_file *f, const char *why)
{
	return ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': %s", an_name, f->path, why);
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	const char *name = NULL, *version = NULL, *license = NULL, *k;
	json_error_t jerr;
	json_t *doc, *v;
	struct ks_pkg *p;
	int r = KS_EINTERNAL;

	doc = json_loadb((const char *)f->data, f->size, JSON_DISABLE_EOF_CHECK, &jerr);
	if (doc == NULL)
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': line %d: %s", an_name, f->path,
		        jerr.line, jerr.text);
	if (!json_is_object(doc)) {
		r = corrupt(cx, f, "not a JSON object");
		goto out;
	}
	json_object_foreach(doc, k, v)
	{
		const char **slot = strcasecmp(k, "name") == 0      ? &name
		                    : strcasecmp(k, "version") == 0 ? &version
		                    : strcasecmp(k, "license") == 0 ? &license
		                                                    : NULL;

		if (slot == NULL)
			continue;
		if (json_is_null(v))
			continue;
		if (!json_is_string(v)) {
			r = corrupt(cx, f, "name, version or license is not a string");
			goto out;
		}
		*slot = json_string_value(v);
	}
	if (name == NULL || name[0] == '\0' || version == NULL || version[0] == '\0') {
		r = corrupt(cx, f, "unable to parse conda package: name or version is empty");
		goto out;
	}
	if ((p = ks_ares_addpkg(cx, out)) == NULL ||
	        (p->name = ks_arena_strdup(&cx->arena, name)) == NULL ||
	        (p->version = ks_arena_strdup(&cx->arena, version)) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	if (license != NULL && license[0] != '\0') {
		const char *norm;

		if ((r = ks_license_normalize(&cx->arena, ks_str_c(license), &norm)) != 0 ||
		        (r = ks_strv_push(&cx->arena, &p->licenses, norm)) != 0) {
			r = r == KS_ECORRUPT ? corrupt(cx, f, "NUL byte in license") : r;
			goto out;
		}
	}
	r = 0;
out:
	json_decref(doc);
	return r;
}

const struct ks_analyzer ks_analyzer_conda_pkg = {
        .name = "conda-pkg",
        .kind = KS_AK_LANG,
        .modes = KS_MODE_POST,
        .version = 1,
        .wants = wants,
        .parse = parse,
};
