/*
 * uv.c - uv.lock, read as Trivy's "uv" analyzer reads it (project trees).
 *
 * Every [[package]] table is a package (name and version as written, ID "name@version").
 * Exactly one of them must be the project itself, the root: its source is
 * {editable = "."} or {virtual = "."}; a lock without one root, or with several
 * (workspaces), is refused as Trivy refuses it ("must contain 1 root package").
 *
 * A package's dependencies are the names in its "dependencies", in every list of its
 * "optional-dependencies" (extras) and of its "dev-dependencies" (groups); DependsOn
 * holds the IDs of those that name a locked package (the last package of that name when
 * there are several), sorted. The root is "root", the root's dependencies of any kind
 * are "direct", everything else "indirect". A package is a development dependency unless
 * the root reaches it through dependencies and extras alone (development groups not
 * followed); the scanner drops those unless asked to include them.
 *
 * Malformed TOML or fields of the wrong type (a name that is not a string, dependencies
 * that are not arrays of tables, ...) make the file corrupt.
 */
#include "analyze/analyzer.h"
#include "util/map.h"
#include "util/str.h"
#include "util/toml.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static const char an_name[] = "uv";

static bool wants(const char *path, size_t len)
{
	struct ks_str p = {path, len};

	return ks_str_eq(p, "uv.lock") || ks_str_hassuffix(p, "/uv.lock");
}

struct upkg {
	const char *name, *version;
	json_t *tab;
};

static int corrupt(struct ks_ctx *cx, const struct ks_file *f, const char *why)
{
	return ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': %s", an_name, f->path, why);
}

/* The string member key of obj ("" when absent); -1 when it is not a string. */
static int str_of(json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = "";
	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	return 0;
}

/* Checks that list (absent allowed) is an array of tables whose names are strings. */
static bool dep_list_ok(json_t *list)
{
	const char *name;
	json_t *d;
	size_t i;

	if (list == NULL)
		return true;
	if (!json_is_array(list))
		return false;
	json_array_foreach(
	        list, i, d) if (!json_is_object(d) || str_of(d, "name", &name) != 0) return false;
	return true;
}

/* Checks a table of dependency lists (optional-dependencies, dev-dependencies). */
static bool dep_groups_ok(json_t *groups)
{
	const char *k;
	json_t *l;

	if (groups == NULL)
		return true;
	if (!json_is_object(groups))
		return false;
	json_object_foreach(groups, k, l) if (!dep_list_ok(l)) return false;
	return true;
}

/* The "name" of a dependency table ("" when absent; types were checked before). */
static const char *dep_name(json_t *d)
{
	const char *s = json_string_value(json_object_get(d, "name"));

	return s != NULL ? s : "";
}

/* Calls fn(ud, name) for each dependency name of t: "dependencies", the extras and, with
 * dev, the development groups. Stops at the first non-zero return. */
static int each_dep(json_t *t, bool dev, int (*fn)(void *ud, const char *name), void *ud)
{
	static const char *const groups[] = {"optional-dependencies", "dev-dependencies"};
	const char *k;
	json_t *l, *d;
	size_t i, g;
	int r;

	json_array_foreach(json_object_get(t, "dependencies"), i,
	        d) if ((r = fn(ud, dep_name(d))) != 0) return r;
	for (g = 0; g < (dev ? 2u : 1u); g++)
		json_object_foreach(json_object_get(t, groups[g]), k, l)
		        json_array_foreach(l, i, d) if ((r = fn(ud, dep_name(d))) != 0) return r;
	return 0;
}

struct walk {
	struct ks_map *byname; /* name -> struct upkg * */
	struct ks_map *seen;   /* names reached */
	json_t **stack;
	size_t sp, cap;
};

static int push_dep(void *ud, const char *name)
{
	struct walk *w = ud;
	struct upkg *u;

	if (ks_map_has(w->seen, name, strlen(name)) ||
	        (u = ks_map_get(w->byname, name, strlen(name))) == NULL)
		return 0;
	if (ks_map_put(w->seen, u->name, strlen(u->name), u, NULL) != 0)
		return KS_ENOMEM;
	if (w->sp >= w->cap)
		return KS_EINTERNAL; /* each name is pushed once: cannot happen */
	w->stack[w->sp++] = u->tab;
	return 0;
}

struct deps {
	struct ks_ctx *cx;
	struct ks_map *byname;
	struct ks_strv *out;
};

static int add_dep(void *ud, const char *name)
{
	struct deps *d = ud;
	struct upkg *u = ks_map_get(d->byname, name, strlen(name));
	const char *id;

	if (u == NULL)
		return 0;
	id = u->version[0] ? ks_arena_printf(&d->cx->arena, "%s@%s", name, u->version)
	                   : ks_arena_strdup(&d->cx->arena, name);
	return id != NULL ? ks_strv_push(&d->cx->arena, d->out, id) : KS_ENOMEM;
}

static int direct_dep(void *ud, const char *name)
{
	struct ks_map *set = ud;

	return ks_map_put(set, name, strlen(name), (void *)name, NULL) == 0 ? 0 : KS_ENOMEM;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts sv bytewise and drops repeats (a name can be both a dependency and an extra's). */
static void sort_uniq(struct ks_strv *sv)
{
	size_t i, w = 0;

	if (sv->n == 0)
		return;
	qsort(sv->v, sv->n, sizeof(sv->v[0]), cmp_str);
	for (i = 0; i < sv->n; i++)
		if (w == 0 || strcmp(sv->v[w - 1], sv->v[i]) != 0)
			sv->v[w++] = sv->v[i];
	sv->n = w;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_map byname, prod, direct;
	struct upkg *pk = NULL, *root = NULL;
	struct walk w = {0};
	json_t *doc = NULL, *arr;
	char what[512];
	size_t i, n, roots = 0;
	int r = KS_EINTERNAL;

	ks_map_init(&byname);
	ks_map_init(&prod);
	ks_map_init(&direct);
	snprintf(what, sizeof(what), "%s: '%s'", an_name, f->path);
	if ((r = ks_toml_load(&cx->err, what, f->data, f->size, &doc)) != 0)
		goto out;
	arr = json_object_get(doc, "package");
	if (arr != NULL && !json_is_array(arr)) {
		r = corrupt(cx, f, "\"package\" is not an array");
		goto out;
	}
	n = json_array_size(arr);
	if ((pk = calloc(n + 1, sizeof(*pk))) == NULL ||
	        (w.stack = calloc(n + 1, sizeof(*w.stack))) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		json_t *t = json_array_get(arr, i), *src;
		const char *ed, *vi;

		src = json_object_get(t, "source");
		if (!json_is_object(t) || str_of(t, "name", &pk[i].name) != 0 ||
		        str_of(t, "version", &pk[i].version) != 0 ||
		        (src != NULL && !json_is_object(src)) ||
		        str_of(src, "editable", &ed) != 0 || str_of(src, "virtual", &vi) != 0 ||
		        !dep_list_ok(json_object_get(t, "dependencies")) ||
		        !dep_groups_ok(json_object_get(t, "optional-dependencies")) ||
		        !dep_groups_ok(json_object_get(t, "dev-dependencies"))) {
			r = ks_seterr(&cx->err, KS_ECORRUPT,
			        "%s: '%s': package %zu: unexpected "
			        "field types",
			        an_name, f->path, i + 1);
			goto out;
		}
		pk[i].tab = t;
		if (strcmp(ed, ".") == 0 || strcmp(vi, ".") == 0) {
			root = &pk[i];
			roots++;
		}
		if (ks_map_put(&byname, pk[i].name, strlen(pk[i].name), &pk[i], NULL) != 0) {
			r = KS_ENOMEM;
			goto out;
		}
	}
	if (roots != 1) {
		r = corrupt(cx, f, "uv lockfile must contain 1 root package");
		goto out;
	}
	/* production packages: reachable from the root without development groups */
	w.byname = &byname;
	w.seen = &prod;
	w.cap = n + 1;
	if (ks_map_put(&prod, root->name, strlen(root->name), root, NULL) != 0) {
		r = KS_ENOMEM;
		goto out;
	}
	w.stack[w.sp++] = root->tab;
	while (w.sp > 0)
		if ((r = each_dep(w.stack[--w.sp], false, push_dep, &w)) != 0)
			goto out;
	if ((r = each_dep(root->tab, true, direct_dep, &direct)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct ks_pkg *p = ks_ares_addpkg(cx, out);
		struct deps d = {cx, &byname, NULL};

		if (p == NULL || (p->name = ks_arena_strdup(&cx->arena, pk[i].name)) == NULL ||
		        (p->version = ks_arena_strdup(&cx->arena, pk[i].version)) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		p->relationship = &pk[i] == root ? KS_REL_ROOT
		                  : ks_map_has(&direct, pk[i].name, strlen(pk[i].name))
		                          ? KS_REL_DIRECT
		                          : KS_REL_INDIRECT;
		p->dev = !ks_map_has(&prod, pk[i].name, strlen(pk[i].name));
		d.out = &p->depends_on;
		if ((r = each_dep(pk[i].tab, true, add_dep, &d)) != 0)
			goto out;
		sort_uniq(&p->depends_on);
	}
	r = 0;
out:
	free(pk);
	free(w.stack);
	json_decref(doc);
	ks_map_release(&byname);
	ks_map_release(&prod);
	ks_map_release(&direct);
	return r;
}

const struct ks_analyzer ks_analyzer_uv = {
        .name = "uv",
        .kind = KS_AK_LANG,
        .modes = KS_MODE_PRE,
        .version = 1,
        .wants = wants,
        .parse = parse,
};
