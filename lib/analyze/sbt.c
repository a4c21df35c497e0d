/*
 * sbt.c - sbt-dependency-lock files (build.sbt.lock, format version 1), read as Trivy's
 * sbt lockfile parser reads them.
 *
 * The document is {"lockVersion": N, "dependencies": [{"org", "name", "version",
 * "artifacts", "configurations": [...]}, ...]}. A dependency used in the "compile" or
 * "runtime" configuration becomes the package "org:name" at its version, located on the
 * lines of its object (from "{" to "}"); test-only and other dependencies are skipped.
 * Fields of the wrong JSON type make the file corrupt, as Go's decoder refuses them;
 * unknown fields are ignored.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/jscan.h"
#include "util/lineno.h"
#include "util/str.h"

#include <string.h>

#include "util/banned.h"

static bool wants(const char *path, size_t len)
{
	static const char base[] = "build.sbt.lock";
	size_t n = sizeof(base) - 1;

	return len >= n && memcmp(path + len - n, base, n) == 0 &&
		(len == n || path[len - n - 1] == '/');
}

/* True if the configurations array span holds "compile" or "runtime"; KS_ECORRUPT when it
 * is not an array of strings. */
static int used_at_runtime(struct ks_ctx *cx, struct ks_str confs, bool *yes)
{
	struct ks_jsit it;
	struct ks_str v;
	const char *s;
	int r;

	*yes = false;
	if (confs.n == 0 || ks_js_kind(confs) == 'n')
		return 0;
	if ((r = ks_js_iter(&it, confs, '[')) != 0)
		return r;
	while ((r = ks_js_next(&it, NULL, &v)) == 1) {
		if (ks_js_kind(v) == 'n')
			continue;
		if (ks_js_kind(v) != '"' || (r = ks_lang_jstr(&cx->arena, v, &s)) != 0)
			return r == KS_ENOMEM ? r : KS_ECORRUPT;
		if (strcmp(s, "compile") == 0 || strcmp(s, "runtime") == 0)
			*yes = true;
	}
	return r;
}

static int dependency(struct ks_ctx *cx, const struct ks_file *f, struct ks_lineno *ln,
	struct ks_str obj, struct ks_ares *out)
{
	static const char *const keys[] = { "org", "name", "version", "configurations" };
	struct ks_str vals[4];
	const char *org, *name, *version;
	size_t start = ks_lineno_ptr(ln, obj.p);
	struct ks_pkg *p;
	bool use;
	int r;

	if (ks_js_kind(obj) != '{')
		return ks_lang_corrupt(cx, "sbt", f, start, "dependency is not an object");
	if ((r = ks_js_pick(obj, keys, 4, vals, NULL)) != 0)
		return ks_lang_corrupt(cx, "sbt", f, start, "malformed dependency");
	if ((r = ks_lang_jstr(&cx->arena, vals[0], &org)) != 0 ||
		(r = ks_lang_jstr(&cx->arena, vals[1], &name)) != 0 ||
		(r = ks_lang_jstr(&cx->arena, vals[2], &version)) != 0)
		return r == KS_ENOMEM ? r :
					ks_lang_corrupt(cx, "sbt", f, start,
						"org, name and version must be strings");
	if ((r = used_at_runtime(cx, vals[3], &use)) != 0)
		return r == KS_ENOMEM ? r :
					ks_lang_corrupt(cx, "sbt", f, start,
						"configurations must be an array of strings");
	if (!use)
		return 0;
	if ((p = ks_ares_addpkg(cx, out)) == NULL ||
		(p->name = ks_arena_printf(&cx->arena, "%s:%s", org ? org : "",
			 name ? name : "")) == NULL ||
		(p->version = ks_arena_strdup(&cx->arena, version ? version : "")) == NULL ||
		ks_lang_addloc(cx, p, start, ks_lineno_ptr(ln, obj.p + obj.n - 1)) != 0)
		return KS_ENOMEM;
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	static const char *const keys[] = { "lockVersion", "dependencies" };
	struct ks_str doc, vals[2], dep;
	struct ks_lineno ln;
	struct ks_jsit it;
	char k;
	int r;

	if ((r = ks_lang_json_doc(cx, "sbt", f, &doc)) != 0)
		return r;
	if (ks_js_kind(doc) != '{')
		return ks_lang_corrupt(cx, "sbt", f, 0, "not a JSON object");
	if (ks_js_pick(doc, keys, 2, vals, NULL) != 0)
		return ks_lang_corrupt(cx, "sbt", f, 0, "malformed JSON object");
	k = ks_js_kind(vals[0]);
	if (k != 0 && k != 'n' && k != '0')
		return ks_lang_corrupt(cx, "sbt", f, ks_lang_line(f, vals[0].p),
			"lockVersion is not a number");
	k = ks_js_kind(vals[1]);
	if (k == 0 || k == 'n')
		return 0;
	if (k != '[')
		return ks_lang_corrupt(cx, "sbt", f, ks_lang_line(f, vals[1].p),
			"dependencies is not an array");
	ks_lineno_init(&ln, (const char *)f->data, f->size);
	if ((r = ks_js_iter(&it, vals[1], '[')) != 0)
		return ks_lang_corrupt(cx, "sbt", f, 0, "malformed dependencies");
	while ((r = ks_js_next(&it, NULL, &dep)) != 0) {
		if (r < 0)
			return ks_lang_corrupt(cx, "sbt", f, 0, "malformed dependencies");
		if ((r = dependency(cx, f, &ln, dep, out)) == KS_ENOMEM)
			return ks_seterr(&cx->err, r, "sbt: '%s': out of memory", f->path);
		if (r != 0)
			return r;
	}
	return 0;
}

const struct ks_analyzer ks_analyzer_sbt = {
	.name = "sbt",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
