/*
 * nuget.c - NuGet lock files (packages.lock.json) and package lists (packages.config),
 * read as Trivy's nuget analyzer reads them, in every scan mode.
 *
 * packages.lock.json maps each target framework ("dependencies") to the packages
 * restored for it: a "type" ("Direct", "Transitive", "CentralTransitive" or "Project"),
 * the "resolved" version and the package's own "dependencies" (name -> requested range).
 * Every package but the projects becomes a package: direct when its type is "Direct",
 * indirect otherwise; its location is the lines of its object. A dependency points at the
 * version the same target resolved for that name (the bare name when the target lacks it,
 * as Trivy does). A package restored for several targets is reported once, with all its
 * locations (sorted), the union of its dependencies (byte order) and the closest
 * relationship (Trivy keeps whichever target its map iteration met first).
 *
 * packages.config is XML: <packages> holding <package id version developmentDependency>.
 * Entries without an id and development dependencies are skipped, as Trivy skips them
 * (it drops them for good, so --include-dev-deps cannot bring them back either);
 * developmentDependency is read as Go reads a boolean ("1", "t", "true", "True", ...; an
 * empty value is false) and anything else makes the file corrupt, as it makes Go's
 * decoder fail. Repeated name/version pairs are reported once. There are no locations.
 *
 * IDs are "<name>@<version>" (lib/pkgid.c). Trivy's licence lookup in the NuGet cache of
 * the scanning machine ($HOME/.nuget/packages) is not done: it describes the machine, not
 * the scanned tree.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/jscan.h"
#include "util/lineno.h"
#include "util/map.h"
#include "util/path.h"
#include "util/str.h"

#include <string.h>

#include "util/banned.h"

#define AN "nuget"

static bool wants(const char *path, size_t len)
{
	return ks_lang_is_base(path, len, "packages.lock.json") ||
		ks_lang_is_base(path, len, "packages.config");
}

struct lstate {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	struct ks_lineno ln;
};

static int corrupt(struct lstate *st, const char *at, const char *what)
{
	return ks_lang_corrupt(st->cx, AN, st->f, ks_lang_line(st->f, at), "%s", what);
}

/* Indexes a target: package name -> its "resolved" version ("" when it has none). */
static int index_target(struct lstate *st, struct ks_str target, struct ks_map *resolved)
{
	static const char *const keys[] = { "resolved" };
	struct ks_str k, v, res;
	struct ks_jsit it;
	int r;

	if (ks_js_iter(&it, target, '{') != 0)
		return corrupt(st, target.p, "target is not an object");
	while ((r = ks_js_next(&it, &k, &v)) == 1) {
		const char *key, *version;

		if ((r = ks_lang_jkey(&st->cx->arena, k, &key)) != 0)
			return r == KS_ENOMEM ? r : corrupt(st, k.p, "bad object key");
		if (ks_js_kind(v) == 'n')
			continue;
		if (ks_js_pick(v, keys, 1, &res, NULL) != 0)
			return corrupt(st, v.p, "package is not an object");
		if ((r = ks_lang_jstr(&st->cx->arena, res, &version)) != 0)
			return r == KS_ENOMEM ? r :
						corrupt(st, res.p, "\"resolved\" is not a string");
		if ((r = ks_map_put(resolved, key, strlen(key), (void *)(version ? version : ""),
			     NULL)) != 0)
			return r;
	}
	return r < 0 ? corrupt(st, target.p, "malformed target") : 0;
}

/* Adds one package of a target (target: the index_target() of its target). */
static int add_locked(struct lstate *st, const struct ks_map *target, struct ks_str k,
	struct ks_str v)
{
	static const char *const keys[] = { "type", "resolved", "dependencies" };
	const char *name, *type, *resolved;
	struct ks_str vals[3], dk, dv;
	struct ks_jsit it;
	struct ks_pkg *p;
	int r;

	if ((r = ks_lang_jkey(&st->cx->arena, k, &name)) != 0)
		return r == KS_ENOMEM ? r : corrupt(st, k.p, "bad object key");
	if (ks_js_kind(v) == 'n')
		return 0;
	if (ks_js_pick(v, keys, 3, vals, NULL) != 0)
		return corrupt(st, v.p, "package is not an object");
	if ((r = ks_lang_jstr(&st->cx->arena, vals[0], &type)) != 0 ||
		(r = ks_lang_jstr(&st->cx->arena, vals[1], &resolved)) != 0)
		return r == KS_ENOMEM ? r : corrupt(st, v.p, "type or version is not a string");
	if (type != NULL && strcmp(type, "Project") == 0)
		return 0;
	if ((p = ks_ares_addpkg(st->cx, st->out)) == NULL)
		return KS_ENOMEM;
	p->name = name;
	p->version = resolved ? resolved : "";
	p->relationship = type != NULL && strcmp(type, "Direct") == 0 ? KS_REL_DIRECT :
									 KS_REL_INDIRECT;
	if (p->version[0] == '\0')
		p->id = name;
	if ((r = ks_lang_addloc(st->cx, p, ks_lineno_ptr(&st->ln, v.p),
		     ks_lineno_ptr(&st->ln, v.p + v.n - 1))) != 0)
		return r;
	if (vals[2].n == 0 || ks_js_kind(vals[2]) == 'n')
		return 0;
	if (ks_js_iter(&it, vals[2], '{') != 0)
		return corrupt(st, vals[2].p, "\"dependencies\" is not an object");
	while ((r = ks_js_next(&it, &dk, &dv)) == 1) {
		const char *dep, *dver, *id;

		if ((r = ks_lang_jkey(&st->cx->arena, dk, &dep)) != 0)
			return r == KS_ENOMEM ? r : corrupt(st, dk.p, "bad object key");
		if ((r = ks_lang_jstr(&st->cx->arena, dv, &dver)) != 0)
			return r == KS_ENOMEM ? r : corrupt(st, dv.p, "range is not a string");
		dver = ks_map_get(target, dep, strlen(dep));
		if ((id = ks_lang_id(&st->cx->arena, dep, '@', dver)) == NULL ||
			ks_strv_push(&st->cx->arena, &p->depends_on, id) != 0)
			return KS_ENOMEM;
	}
	if (r < 0)
		return corrupt(st, vals[2].p, "malformed \"dependencies\"");
	ks_lang_sort_deps(p);
	return 0;
}

static int parse_lock(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	static const char *const keys[] = { "version", "dependencies" };
	struct ks_str doc, vals[2], tk, tv, k, v;
	struct ks_jsit targets, it;
	struct lstate st = { cx, f, out, { 0 } };
	struct ks_map resolved;
	int r;

	ks_lineno_init(&st.ln, (const char *)f->data, f->size);
	if ((r = ks_lang_json_doc(cx, AN, f, &doc)) != 0)
		return r;
	if (ks_js_kind(doc) == 'n')
		return 0;
	if (ks_js_pick(doc, keys, 2, vals, NULL) != 0)
		return corrupt(&st, doc.p, "not a JSON object");
	if (vals[0].n > 0 && ks_js_kind(vals[0]) != '0' && ks_js_kind(vals[0]) != 'n')
		return corrupt(&st, vals[0].p, "\"version\" is not a number");
	if (vals[1].n == 0 || ks_js_kind(vals[1]) == 'n')
		return 0;
	if (ks_js_iter(&targets, vals[1], '{') != 0)
		return corrupt(&st, vals[1].p, "\"dependencies\" is not an object");
	while ((r = ks_js_next(&targets, &tk, &tv)) == 1) {
		if (ks_js_kind(tv) == 'n')
			continue;
		ks_map_init(&resolved);
		if ((r = index_target(&st, tv, &resolved)) == 0 && ks_js_iter(&it, tv, '{') == 0)
			while ((r = ks_js_next(&it, &k, &v)) == 1)
				if ((r = add_locked(&st, &resolved, k, v)) != 0)
					break;
		ks_map_release(&resolved);
		if (r != 0)
			return r;
	}
	if (r < 0)
		return corrupt(&st, vals[1].p, "malformed \"dependencies\"");
	return ks_lang_unique(cx, out);
}

struct cstate {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
};

/* Go's strconv.ParseBool on a trimmed attribute value; an empty value is false. */
static int go_bool(const char *s, bool *v)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "", "0", "f", "F", "FALSE", "false", "False" };
	struct ks_str t = ks_str_trim_space(ks_str_c(s));
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (ks_str_eq(t, yes[i])) {
			*v = true;
			return 0;
		}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (ks_str_eq(t, no[i])) {
			*v = false;
			return 0;
		}
	return KS_ECORRUPT;
}

static int on_config(void *ud, const struct ks_lang_xel *el)
{
	struct cstate *st = ud;
	const char *id, *version, *devs;
	struct ks_pkg *p;
	bool dev = false;
	int r;

	if (el->depth == 0)
		return strcmp(el->local, "packages") == 0 ?
			0 :
			ks_lang_corrupt(st->cx, AN, st->f, 0,
				"root element is <%s>, not <packages>", el->local);
	if (el->depth != 1 || strcmp(el->local, "package") != 0)
		return 0;
	if ((r = ks_lang_xml_attr(st->cx, el, "id", &id)) != 0 ||
		(r = ks_lang_xml_attr(st->cx, el, "version", &version)) != 0 ||
		(r = ks_lang_xml_attr(st->cx, el, "developmentDependency", &devs)) != 0)
		return r;
	if (devs != NULL && go_bool(devs, &dev) != 0)
		return ks_lang_corrupt(st->cx, AN, st->f, 0,
			"developmentDependency=\"%s\" of package \"%s\" is not a boolean", devs,
			id ? id : "");
	if (id == NULL || id[0] == '\0' || dev)
		return 0;
	if ((p = ks_ares_addpkg(st->cx, st->out)) == NULL)
		return KS_ENOMEM;
	p->name = id;
	p->version = version ? version : "";
	if (p->version[0] == '\0')
		p->id = id;
	return 0;
}

static int parse_config(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct cstate st = { cx, f, out };
	int r;

	if ((r = ks_lang_xml_walk(cx, AN, f, on_config, &st)) != 0)
		return r;
	return ks_lang_unique(cx, out);
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	int r;

	if (strcmp(ks_path_base(f->path), "packages.config") == 0)
		r = parse_config(cx, f, out);
	else
		r = parse_lock(cx, f, out);
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, AN ": '%s': out of memory", f->path);
	return r;
}

const struct ks_analyzer ks_analyzer_nuget = {
	.name = "nuget",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_ALL,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
