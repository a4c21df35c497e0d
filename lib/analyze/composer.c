/*
 * composer.c - PHP Composer lock files (composer.lock, pre-build trees only) as Trivy's
 * composer parser reads them, and the package-list reader composer_vendor.c shares.
 *
 * The document is one JSON object. Each element of "packages" is a package (and, as
 * Trivy's newer releases do, each element of "packages-dev" a development one); a later
 * package with the same name replaces an earlier one. "name" and "version" must be
 * strings, "require" an object of strings. The package depends on the packages its
 * "require" names, except "php" and anything starting with "ext" (as Trivy tests it, so
 * "extra/x" is skipped too); a name with no package in the file is dropped. "license" is a
 * string split with Trivy's SplitLicenses or an array whose strings are taken as they are.
 * Locations are the lines of the package's JSON object. The relationship stays unknown
 * here: composer.json next to the lock file decides it (lang_extra.h,
 * ks_lang_composer_json()). A composer.lock below a "vendor" directory is a dependency's
 * own and is not read, as Trivy skips it.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "analyze/lang_extra.h"
#include "util/jscan.h"
#include "util/license.h"
#include "util/lineno.h"
#include "util/map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static bool wants(const char *path, size_t len)
{
	struct ks_str p = { path, len };
	size_t i;

	if (!ks_str_eq(p, "composer.lock") && !ks_str_hassuffix(p, "/composer.lock"))
		return false;
	for (i = 0; i + 6 <= len; i++)
		if (memcmp(path + i, "vendor", 6) == 0 && (i == 0 || path[i - 1] == '/') &&
			(i + 6 == len || path[i + 6] == '/'))
			return false;
	return true;
}

struct cmp {
	struct ks_ctx *cx;
	const char *an;
	const struct ks_file *f;
	struct ks_ares *out;
	struct ks_lineno ln;
	struct ks_map byname;  /* name -> index + 1 in out->pkgs */
	struct ks_strv *reqs;  /* per package: the names it requires (heap array) */
	size_t nreqs;
};

static size_t line_at(struct cmp *st, const char *at)
{
	return ks_lineno_ptr(&st->ln, at);
}

static int push_lic(void *ud, const char *lic)
{
	struct cmp *st = ud;

	return ks_strv_push(&st->cx->arena, &st->out->pkgs[st->out->npkgs - 1].licenses, lic);
}

/* Trivy's licenses(): a non-empty string is split, an array's strings are kept. */
static int licenses(struct cmp *st, struct ks_str v, size_t line)
{
	struct ks_strv *dst = &st->out->pkgs[st->out->npkgs - 1].licenses;
	struct ks_jsit it;
	struct ks_str el;
	const char *s;
	int r;

	if (ks_js_kind(v) == '"') {
		if ((r = ks_lang_jstr(&st->cx->arena, v, &s)) != 0)
			return r == KS_ECORRUPT ? ks_lang_corrupt(st->cx, st->an, st->f, line,
							  "bad \"license\"") : r;
		return ks_license_split(&st->cx->arena, ks_str_c(s), push_lic, st);
	}
	if (ks_js_kind(v) != '[')
		return 0;
	if (ks_js_iter(&it, v, '[') != 0)
		return ks_lang_corrupt(st->cx, st->an, st->f, line, "bad \"license\"");
	while ((r = ks_js_next(&it, NULL, &el)) == 1) {
		if (ks_js_kind(el) != '"')
			continue;
		if ((r = ks_lang_jstr(&st->cx->arena, el, &s)) != 0)
			return r == KS_ECORRUPT ? ks_lang_corrupt(st->cx, st->an, st->f, line,
							  "bad \"license\"") : r;
		if ((r = ks_strv_push(&st->cx->arena, dst, s)) != 0)
			return r;
	}
	return r < 0 ? ks_lang_corrupt(st->cx, st->an, st->f, line, "bad \"license\"") : 0;
}

/* The names "require" lists (an object of strings, or null/absent). */
static int requires(struct cmp *st, struct ks_str v, size_t line, struct ks_strv *out)
{
	struct ks_jsit it;
	struct ks_str key, val;
	int r;

	if (v.n == 0 || ks_js_kind(v) == 'n')
		return 0;
	if (ks_js_kind(v) != '{' || ks_js_iter(&it, v, '{') != 0)
		return ks_lang_corrupt(st->cx, st->an, st->f, line, "\"require\" is not an object");
	while ((r = ks_js_next(&it, &key, &val)) == 1) {
		const char *name;

		if (ks_js_kind(val) != '"' && ks_js_kind(val) != 'n')
			return ks_lang_corrupt(st->cx, st->an, st->f, line,
				"\"require\" has a non-string value");
		if ((r = ks_lang_jkey(&st->cx->arena, key, &name)) != 0)
			return r == KS_ECORRUPT ? ks_lang_corrupt(st->cx, st->an, st->f, line,
							  "bad \"require\" key") : r;
		if (strcmp(name, "php") == 0 || ks_hasprefix(name, "ext"))
			continue;
		if ((r = ks_strv_push(&st->cx->arena, out, name)) != 0)
			return r;
	}
	return r < 0 ? ks_lang_corrupt(st->cx, st->an, st->f, line, "malformed \"require\"") : 0;
}

static const char *const pkg_keys[] = { "name", "version", "require", "license" };

static int one_package(struct cmp *st, struct ks_str obj, bool dev)
{
	struct ks_ctx *cx = st->cx;
	struct ks_str v[4];
	const char *name, *version;
	size_t start = line_at(st, obj.p), end, idx;
	struct ks_strv req = { 0 };
	struct ks_pkg *p;
	void *old;
	int r;

	if (ks_js_kind(obj) != '{')
		return ks_lang_corrupt(cx, st->an, st->f, start, "a package is not an object");
	if (ks_js_pick(obj, pkg_keys, 4, v, NULL) != 0)
		return ks_lang_corrupt(cx, st->an, st->f, start, "malformed package");
	if ((r = ks_lang_jstr(&cx->arena, v[0], &name)) != 0 ||
		(r = ks_lang_jstr(&cx->arena, v[1], &version)) != 0)
		return r == KS_ECORRUPT ? ks_lang_corrupt(cx, st->an, st->f, start,
						  "\"name\" or \"version\" is not a string") : r;
	if ((r = requires(st, v[2], start, &req)) != 0)
		return r;
	end = line_at(st, obj.p + obj.n - 1);
	if ((p = ks_lang_add(cx, st->out, ks_str_c(name ? name : ""),
		     ks_str_c(version ? version : ""), start, end)) == NULL)
		return KS_ENOMEM;
	p->dev = dev;
	if (v[3].n > 0 && (r = licenses(st, v[3], start)) != 0)
		return r;
	idx = st->out->npkgs - 1;
	if (idx >= st->nreqs) {
		size_t n = st->nreqs ? 2 * st->nreqs : 32;
		struct ks_strv *q = realloc(st->reqs, n * sizeof(*q));

		if (q == NULL)
			return KS_ENOMEM;
		st->reqs = q;
		st->nreqs = n;
	}
	st->reqs[idx] = req;
	if ((r = ks_map_put(&st->byname, p->name, strlen(p->name), (void *)(uintptr_t)(idx + 1),
		     &old)) != 0)
		return r;
	if (old != NULL) /* the later package of a name replaces the earlier one */
		st->out->pkgs[(size_t)(uintptr_t)old - 1].name = NULL;
	return 0;
}

static int package_list(struct cmp *st, struct ks_str arr, bool dev, const char *what)
{
	struct ks_jsit it;
	struct ks_str el;
	int r;

	if (arr.n == 0 || ks_js_kind(arr) == 'n')
		return 0;
	if (ks_js_kind(arr) != '[' || ks_js_iter(&it, arr, '[') != 0)
		return ks_lang_corrupt(st->cx, st->an, st->f, line_at(st, arr.p),
			"\"%s\" is not an array", what);
	while ((r = ks_js_next(&it, NULL, &el)) == 1)
		if ((r = one_package(st, el, dev)) != 0)
			return r;
	return r < 0 ? ks_lang_corrupt(st->cx, st->an, st->f, 0, "malformed \"%s\"", what) : 0;
}

/* Resolves each package's required names to IDs and drops replaced packages. */
static int finish(struct cmp *st)
{
	struct ks_ares *out = st->out;
	size_t i, j, w;
	int r;

	for (i = 0; i < out->npkgs; i++) {
		struct ks_pkg *p = &out->pkgs[i];

		if (p->name == NULL)
			continue;
		for (j = 0; j < st->reqs[i].n; j++) {
			const char *n = st->reqs[i].v[j];
			void *v = ks_map_get(&st->byname, n, strlen(n));
			const struct ks_pkg *d;
			const char *id;

			if (v == NULL) /* Trivy: "unable to find version" */
				continue;
			d = &out->pkgs[(size_t)(uintptr_t)v - 1];
			if ((id = ks_lang_id(&st->cx->arena, d->name, '@', d->version)) == NULL)
				return KS_ENOMEM;
			if ((r = ks_strv_push(&st->cx->arena, &p->depends_on, id)) != 0)
				return r;
		}
		ks_lang_sort_deps(p);
	}
	for (i = 0, w = 0; i < out->npkgs; i++)
		if (out->pkgs[i].name != NULL)
			out->pkgs[w++] = out->pkgs[i];
	out->npkgs = w;
	return 0;
}

int ks_lang_composer_parse(struct ks_ctx *cx, const char *an, const struct ks_file *f,
	bool vendor, struct ks_ares *out)
{
	static const char *const keys[] = { "packages", "packages-dev" };
	struct cmp st = { .cx = cx, .an = an, .f = f, .out = out };
	struct ks_str doc, v[2];
	int r;

	ks_map_init(&st.byname);
	ks_lineno_init(&st.ln, (const char *)f->data, f->size);
	if ((r = ks_lang_json_doc(cx, an, f, &doc)) != 0)
		goto out;
	doc = ks_str_trim(doc);
	if (vendor && ks_js_kind(doc) == '[') {
		r = package_list(&st, doc, false, "installed packages");
	} else if (ks_js_kind(doc) != '{') {
		r = ks_lang_corrupt(cx, an, f, 0, "not a JSON object");
	} else if (ks_js_pick(doc, keys, 2, v, NULL) != 0) {
		r = ks_lang_corrupt(cx, an, f, 0, "malformed JSON");
	} else if ((r = package_list(&st, v[0], false, "packages")) == 0 && !vendor) {
		r = package_list(&st, v[1], true, "packages-dev");
	}
	if (r == 0)
		r = finish(&st);
out:
	free(st.reqs);
	ks_map_release(&st.byname);
	return r;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	return ks_lang_composer_parse(cx, "composer", f, false, out);
}

const struct ks_analyzer ks_analyzer_composer = {
	.name = "composer",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.parse = parse,
	.wants = wants,
};
