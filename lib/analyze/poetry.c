/*
 * poetry.c - poetry.lock, read as Trivy's "poetry" analyzer reads it (project trees), and
 * the pyproject.toml step that completes it (python.h).
 *
 * Every [[package]] table is a package: name and version as written (poetry writes
 * normalised names), ID "name@version". It is a development dependency when its
 * category is "dev" (lock format 1) or when it lists groups and "main" is not one of them
 * (lock format 2); the scanner drops those unless asked to include development
 * dependencies. Relationships stay unknown: only pyproject.toml tells direct from
 * indirect (ks_poetry_pyproject()).
 *
 * DependsOn, as Trivy computes it: each key of [package.dependencies] is normalised
 * (lower case, "_" and "." turned into "-") and looked up among the locked package names;
 * the first locked version (in file order) that satisfies the constraint gives the
 * dependency's ID. The constraint is the value when it is a string, the "version" of a
 * table, or, for an array of tables (one per marker), any element's "version". "*"
 * matches every version; an empty or missing constraint, a constraint that is not a
 * PEP 440 specifier set, an unknown name or a locked version that is not PEP 440 drop
 * that dependency (Trivy logs them at debug level). Pre-releases satisfy constraints.
 * The list is sorted bytewise without repeats.
 *
 * Malformed TOML, a "package" that is not an array of tables, or a name, version or
 * category that is not a string make the file corrupt.
 */
#include "analyze/analyzer.h"
#include "analyze/python.h"
#include "util/map.h"
#include "util/str.h"
#include "util/toml.h"
#include "version/version.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static const char an_name[] = "poetry";

static bool wants(const char *path, size_t len)
{
	struct ks_str p = {path, len};

	return ks_str_eq(p, "poetry.lock") || ks_str_hassuffix(p, "/poetry.lock");
}

/* Loads f as TOML; errors are prefixed "poetry: '<path>'". */
static int load(struct ks_ctx *cx, const struct ks_file *f, json_t **root)
{
	char what[512];

	snprintf(what, sizeof(what), "%s: '%s'", an_name, f->path);
	return ks_toml_load(&cx->err, what, f->data, f->size, root);
}

static int corrupt(struct ks_ctx *cx, const struct ks_file *f, size_t i, const char *why)
{
	return ks_seterr(
	        &cx->err, KS_ECORRUPT, "%s: '%s': package %zu: %s", an_name, f->path, i + 1, why);
}

/* The string member key of obj: 0 with *out (NULL when absent), or -1 when it is not a
 * string. */
static int member_str(json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	return 0;
}

/* Poetry's dependency-name normalisation: lower case, "_" and "." become "-". */
static char *norm_dep(struct ks_arena *a, const char *name)
{
	char *s = ks_arena_strdup(a, name), *c;

	for (c = s; c != NULL && *c; c++) {
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
		else if (*c == '_' || *c == '.')
			*c = '-';
	}
	return s;
}

struct lock {
	json_t **tab; /* the [[package]] tables */
	const char **name, **version;
	const struct ks_ver **ver; /* parsed versions (NULL: not PEP 440) */
	size_t *next;              /* next package with the same name, or SIZE_MAX */
	size_t n;
	struct ks_map first;     /* name -> 1 + index of its first package */
	struct ks_arena scratch; /* parsed versions and ranges */
};

/* True if the locked version v satisfies constraint c (see the file comment); *err is
 * set when the constraint does not parse. */
static bool satisfies(struct lock *lk, const struct ks_ver *v, const char *c, bool *err)
{
	const struct ks_range *rg;
	struct ks_str s = ks_str_trim(ks_str_c(c));
	struct ks_err e;

	if (ks_str_eq(s, "*"))
		return true;
	if (s.n == 0 ||
	        ks_range_parse(&lk->scratch, &e, KS_ECO_PYPI, s, KS_VER_PRERELEASE, &rg) != 0) {
		*err = true;
		return false;
	}
	return ks_range_test(rg, v);
}

/* True if the locked version v satisfies the dependency value spec. */
static bool spec_match(struct lock *lk, const struct ks_ver *v, json_t *spec, bool *err)
{
	json_t *el;
	size_t i;
	bool any = false;

	if (json_is_string(spec))
		return satisfies(lk, v, json_string_value(spec), err);
	if (json_is_object(spec)) {
		json_t *ver = json_object_get(spec, "version");

		return satisfies(lk, v, json_is_string(ver) ? json_string_value(ver) : "", err);
	}
	if (json_is_array(spec)) {
		json_array_foreach(spec, i, el)
		{
			json_t *ver = json_object_get(el, "version");

			if (json_is_string(ver) && satisfies(lk, v, json_string_value(ver), err))
				any = true;
		}
		return any;
	}
	*err = true;
	return false;
}

/* The ID of the locked package a dependency resolves to, or NULL (see the file
 * comment). */
static const char *resolve(struct ks_ctx *cx, struct lock *lk, const char *dep, json_t *spec)
{
	const char *name = norm_dep(&cx->arena, dep);
	size_t i = name ? (size_t)(uintptr_t)ks_map_get(&lk->first, name, strlen(name)) : 0;
	bool err = false;

	if (i == 0)
		return NULL;
	for (i = i - 1; i != SIZE_MAX; i = lk->next[i]) {
		if (lk->ver[i] == NULL)
			return NULL;
		if (spec_match(lk, lk->ver[i], spec, &err))
			return ks_arena_printf(&cx->arena, "%s@%s", name, lk->version[i]);
		if (err)
			return NULL;
	}
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts sv bytewise and drops repeats. */
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

/* True if groups (an array of strings, or absent) says development-only. */
static bool dev_groups(json_t *groups)
{
	json_t *g;
	size_t i;

	if (!json_is_array(groups) || json_array_size(groups) == 0)
		return false;
	json_array_foreach(groups, i,
	        g) if (json_is_string(g) && strcmp(json_string_value(g), "main") == 0) return false;
	return true;
}

/* Reads the [[package]] tables into lk (validating their types). */
static int index_lock(struct ks_ctx *cx, const struct ks_file *f, json_t *arr, struct lock *lk)
{
	struct ks_err e;
	size_t i, n = json_array_size(arr);

	lk->tab = ks_arena_calloc(&cx->arena, n + 1, sizeof(*lk->tab));
	lk->name = ks_arena_calloc(&cx->arena, n + 1, sizeof(*lk->name));
	lk->version = ks_arena_calloc(&cx->arena, n + 1, sizeof(*lk->version));
	lk->ver = ks_arena_calloc(&cx->arena, n + 1, sizeof(*lk->ver));
	lk->next = ks_arena_calloc(&cx->arena, n + 1, sizeof(*lk->next));
	if (!lk->tab || !lk->name || !lk->version || !lk->ver || !lk->next)
		return KS_ENOMEM;
	for (i = 0; i < n; i++) {
		json_t *t = json_array_get(arr, i);
		const char *cat;
		size_t prev;

		if (!json_is_object(t))
			return corrupt(cx, f, i, "not a table");
		if (member_str(t, "name", &lk->name[i]) != 0 ||
		        member_str(t, "version", &lk->version[i]) != 0 ||
		        member_str(t, "category", &cat) != 0)
			return corrupt(cx, f, i, "name, version or category is not a string");
		if (lk->name[i] == NULL)
			lk->name[i] = "";
		if (lk->version[i] == NULL)
			lk->version[i] = "";
		lk->tab[i] = t;
		lk->next[i] = SIZE_MAX;
		if (ks_ver_parse(&lk->scratch, &e, KS_ECO_PYPI, ks_str_c(lk->version[i]),
		            &lk->ver[i]) != 0)
			lk->ver[i] = NULL;
		/* append to the chain of its name, keeping file order */
		prev = (size_t)(uintptr_t)ks_map_get(&lk->first, lk->name[i], strlen(lk->name[i]));
		if (prev == 0) {
			if (ks_map_put(&lk->first, lk->name[i], strlen(lk->name[i]),
			            (void *)(uintptr_t)(i + 1), NULL) != 0)
				return KS_ENOMEM;
		} else {
			for (prev = prev - 1; lk->next[prev] != SIZE_MAX; prev = lk->next[prev])
				;
			lk->next[prev] = i;
		}
	}
	lk->n = n;
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct lock lk = {0};
	json_t *root = NULL, *arr;
	size_t i;
	int r = KS_EINTERNAL;

	ks_map_init(&lk.first);
	ks_arena_init(&lk.scratch);
	if ((r = load(cx, f, &root)) != 0)
		goto out;
	arr = json_object_get(root, "package");
	if (arr != NULL && !json_is_array(arr)) {
		r = ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': \"package\" is not an array",
		        an_name, f->path);
		goto out;
	}
	if ((r = index_lock(cx, f, arr, &lk)) != 0)
		goto out;
	for (i = 0; i < lk.n; i++) {
		struct ks_pkg *p = ks_ares_addpkg(cx, out);
		json_t *deps = json_object_get(lk.tab[i], "dependencies"), *spec;
		const char *dep, *cat = json_string_value(json_object_get(lk.tab[i], "category"));

		if (p == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		p->name = ks_arena_strdup(&cx->arena, lk.name[i]);
		p->version = ks_arena_strdup(&cx->arena, lk.version[i]);
		if (p->name == NULL || p->version == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		p->dev = (cat != NULL && strcmp(cat, "dev") == 0) ||
		         dev_groups(json_object_get(lk.tab[i], "groups"));
		json_object_foreach(deps, dep, spec)
		{
			const char *id = resolve(cx, &lk, dep, spec);

			if (id != NULL && (r = ks_strv_push(&cx->arena, &p->depends_on, id)) != 0)
				goto out;
		}
		sort_uniq(&p->depends_on);
	}
	r = 0;
out:
	json_decref(root);
	ks_map_release(&lk.first);
	ks_arena_release(&lk.scratch);
	return r;
}

/* PEP 503 normalisation (Trivy's python.NormalizePkgName): runs of "-", "_" and "." become
 * one "-", letters lower case. */
static char *norm_pep503(struct ks_arena *a, const char *name)
{
	size_t n = strlen(name), i, w = 0;
	char *s = ks_arena_alloc(a, n + 1);
	bool run = false;

	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (c == '-' || c == '_' || c == '.') {
			if (!run)
				s[w++] = '-';
			run = true;
			continue;
		}
		run = false;
		s[w++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	s[w] = '\0';
	return s;
}

static int set_add(struct ks_map *set, const char *name)
{
	return ks_map_put(set, name, strlen(name), (void *)name, NULL) == 0 ? 0 : KS_ENOMEM;
}

/*
 * Adds the names of a pyproject dependency list to set, as Trivy's Dependencies type
 * reads them: a table's keys or an array of PEP 508 strings, whose name is the first
 * word once ">", "<", "=", "(" and "[" are turned into spaces; names are PEP 503-
 * normalised. Absent: nothing. Anything else: -1.
 */
static int dep_names(struct ks_ctx *cx, json_t *deps, struct ks_map *set)
{
	const char *k;
	json_t *v;
	size_t i;

	if (deps == NULL)
		return 0;
	if (json_is_object(deps)) {
		json_object_foreach(deps, k, v)
		{
			char *n = norm_pep503(&cx->arena, k);

			if (n == NULL || set_add(set, n) != 0)
				return KS_ENOMEM;
		}
		return 0;
	}
	if (!json_is_array(deps))
		return -1;
	json_array_foreach(deps, i, v)
	{
		struct ks_str rest, word;
		char *s, *c;

		if (!json_is_string(v))
			return -1;
		if ((s = ks_arena_strdup(&cx->arena, json_string_value(v))) == NULL)
			return KS_ENOMEM;
		for (c = s; *c; c++)
			if (strchr("><=([", *c) != NULL)
				*c = ' ';
		rest = ks_str_c(s);
		if (!ks_str_field_next(&rest, &word))
			return -1; /* Go indexes an empty Fields() result: a panic, here corrupt */
		s[word.p - s + word.n] = '\0';
		if ((c = norm_pep503(&cx->arena, word.p)) == NULL || set_add(set, c) != 0)
			return KS_ENOMEM;
	}
	return 0;
}

/* Marks in visited the IDs reachable from lock->pkgs[start] through DependsOn. */
static int walk(struct ks_ctx *cx, const struct ks_ares *lock, const struct ks_map *byid,
        size_t start, struct ks_map *visited)
{
	size_t *stack, sp = 0, i, cap = 1;
	int r = 0;

	/* every package is expanded once, so pushes never exceed all dependencies + 1 */
	for (i = 0; i < lock->npkgs; i++)
		cap += lock->pkgs[i].depends_on.n;
	if ((stack = malloc(cap * sizeof(*stack))) == NULL)
		return KS_ENOMEM;
	stack[sp++] = start;
	while (r == 0 && sp > 0) {
		const struct ks_pkg *p = &lock->pkgs[stack[--sp]];
		const char *id = ks_arena_printf(&cx->arena, "%s@%s", p->name, p->version);

		if (id == NULL) {
			r = KS_ENOMEM;
			break;
		}
		if (p->version[0] == '\0')
			id = p->name;
		if (ks_map_has(visited, id, strlen(id)))
			continue;
		if (ks_map_put(visited, id, strlen(id), (void *)id, NULL) != 0) {
			r = KS_ENOMEM;
			break;
		}
		for (i = 0; i < p->depends_on.n; i++) {
			const char *d = p->depends_on.v[i];
			size_t j = (size_t)(uintptr_t)ks_map_get(byid, d, strlen(d));

			if (j != 0 && !ks_map_has(visited, d, strlen(d)) && sp < cap)
				stack[sp++] = j - 1;
		}
	}
	free(stack);
	return r;
}

int ks_poetry_pyproject(struct ks_ctx *cx, struct ks_ares *lock, const struct ks_file *f)
{
	struct ks_map main_deps, direct, byid, visited;
	json_t *root = NULL, *project, *poetry, *groups, *g, *opt, *v;
	const char *k;
	void *val;
	size_t i, n;
	int r = KS_EINTERNAL;

	ks_map_init(&main_deps);
	ks_map_init(&direct);
	ks_map_init(&byid);
	ks_map_init(&visited);
	if ((r = load(cx, f, &root)) != 0)
		goto out;
	project = json_object_get(root, "project");
	poetry = json_object_get(json_object_get(root, "tool"), "poetry");
	opt = json_object_get(project, "optional-dependencies");
	r = 0;
	if (json_object_get(project, "dependencies") != NULL || opt != NULL) {
		r = dep_names(cx, json_object_get(project, "dependencies"), &main_deps);
		json_object_foreach(opt, k, v) if (r == 0) r = dep_names(cx, v, &main_deps);
	} else {
		r = dep_names(cx, json_object_get(poetry, "dependencies"), &main_deps);
	}
	if (r == 0 && opt != NULL && !json_is_object(opt))
		r = -1;
	/* direct: the main dependencies and every group's */
	for (i = 0; r == 0 && ks_map_next(&main_deps, &i, &k, &n, &val);)
		r = set_add(&direct, val);
	groups = json_object_get(poetry, "group");
	json_object_foreach(groups, k, g) if (r == 0) r =
	        dep_names(cx, json_object_get(g, "dependencies"), &direct);
	if (r != 0) {
		r = r == KS_ENOMEM ? r
		                   : ks_seterr(&cx->err, KS_ECORRUPT,
		                             "%s: '%s': dependencies are not a table or a list of "
		                             "strings",
		                             an_name, f->path);
		goto out;
	}
	for (i = 0; i < lock->npkgs; i++) {
		const struct ks_pkg *p = &lock->pkgs[i];
		const char *id = p->version[0]
		                         ? ks_arena_printf(&cx->arena, "%s@%s", p->name, p->version)
		                         : p->name;

		if (id == NULL ||
		        ks_map_put(&byid, id, strlen(id), (void *)(uintptr_t)(i + 1), NULL) != 0) {
			r = KS_ENOMEM;
			goto out;
		}
	}
	for (i = 0; i < lock->npkgs; i++)
		if (ks_map_has(&main_deps, lock->pkgs[i].name, strlen(lock->pkgs[i].name)) &&
		        (r = walk(cx, lock, &byid, i, &visited)) != 0)
			goto out;
	for (i = 0; i < lock->npkgs; i++) {
		struct ks_pkg *p = &lock->pkgs[i];
		const char *id = p->version[0]
		                         ? ks_arena_printf(&cx->arena, "%s@%s", p->name, p->version)
		                         : p->name;

		if (id == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		p->dev = p->dev || !ks_map_has(&visited, id, strlen(id));
		p->relationship = ks_map_has(&direct, p->name, strlen(p->name)) ? KS_REL_DIRECT
		                                                                : KS_REL_INDIRECT;
	}
	r = 0;
out:
	json_decref(root);
	ks_map_release(&main_deps);
	ks_map_release(&direct);
	ks_map_release(&byid);
	ks_map_release(&visited);
	return r;
}

const struct ks_analyzer ks_analyzer_poetry = {
        .name = "poetry",
        .kind = KS_AK_LANG,
        .modes = KS_MODE_PRE,
        .version = 1,
        .wants = wants,
        .parse = parse,
};
