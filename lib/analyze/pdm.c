/*
 * pdm.c - pdm.lock (project trees). Trivy has no PDM parser; this analyzer follows the
 * conventions of the other Python lock-file analyzers.
 *
 * Every [[package]] table is a package (name and version as written, ID "name@version").
 * PDM writes one more table per extras combination of a package ("extras = [...]"); those
 * are the same package, so tables with the same name and version are merged into the
 * first one (dependencies united). Groups name the project's dependency lists that need
 * a package: "default" (the main dependencies), optional-dependency groups (production
 * extras) and development groups, which the lock file does not tell apart. A package is
 * taken as a development dependency only when all its groups have a conventional
 * development name (dev, test, tests, testing, lint, linting, doc, docs, typing), so an
 * extra such as "security" is never dropped; the scanner drops development dependencies
 * unless asked to include them. Relationships stay unknown: pdm.lock does not say which
 * packages the project itself requires.
 *
 * DependsOn: each entry of "dependencies" is a PEP 508 requirement ("name[extra]
 * specifier; marker"); its name, PEP 503-normalised, is looked up among the locked
 * names, and the first locked version (in file order) that satisfies the specifier (any
 * when there is none, or when it does not parse) gives the ID. A package never depends on
 * itself (the extras tables list their base package). The list is sorted without repeats.
 *
 * Malformed TOML or fields of the wrong type make the file corrupt.
 */
#include "analyze/analyzer.h"
#include "util/map.h"
#include "util/str.h"
#include "util/toml.h"
#include "version/version.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static const char an_name[] = "pdm";

static bool wants(const char *path, size_t len)
{
	struct ks_str p = {path, len};

	return ks_str_eq(p, "pdm.lock") || ks_str_hassuffix(p, "/pdm.lock");
}

struct entry {
	json_t *tab;
	const char *name, *version, *key; /* key: PEP 503-normalised name */
	const struct ks_ver *ver;         /* NULL when not PEP 440 */
	size_t next;                      /* next entry with the same key, or SIZE_MAX */
	size_t pkg;                       /* index of its package in the result */
};

/* PEP 503 normalisation: runs of "-", "_" and "." become one "-", lower case. */
static char *norm(struct ks_arena *a, struct ks_str name)
{
	char *s = ks_arena_alloc(a, name.n + 1);
	size_t i, w = 0;
	bool run = false;

	if (s == NULL)
		return NULL;
	for (i = 0; i < name.n; i++) {
		char c = name.p[i];

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

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

/* Splits a PEP 508 requirement into its name and its version specifier (extras, URL
 * and marker left out). */
static void requirement(const char *req, struct ks_str *name, struct ks_str *spec)
{
	struct ks_str s = ks_str_trim(ks_str_c(req));
	ptrdiff_t semi = ks_str_chr(s, ';');
	size_t i = 0;

	if (semi >= 0)
		s = ks_str_sub(s, 0, (size_t)semi);
	while (i < s.n && name_char(s.p[i]))
		i++;
	*name = ks_str_sub(s, 0, i);
	s = ks_str_trim(ks_str_sub(s, i, s.n));
	if (s.n > 0 && s.p[0] == '[') {
		ptrdiff_t close = ks_str_chr(s, ']');

		s = close < 0 ? ks_str_sub(s, s.n, 0)
		              : ks_str_trim(ks_str_sub(s, (size_t)close + 1, s.n));
	}
	if (s.n > 0 && s.p[0] == '(' && s.p[s.n - 1] == ')')
		s = ks_str_trim(ks_str_sub(s, 1, s.n - 2));
	if (s.n > 0 && s.p[0] == '@')
		s.n = 0; /* a direct URL reference */
	*spec = s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

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

/* The index of the entry a requirement resolves to, or SIZE_MAX. */
static size_t resolve(struct ks_arena *scratch, const struct ks_map *first, const struct entry *e,
        const char *req)
{
	struct ks_str name, spec;
	const struct ks_range *rg = NULL;
	struct ks_err err;
	const char *key;
	size_t i;

	requirement(req, &name, &spec);
	if (name.n == 0 || (key = norm(scratch, name)) == NULL)
		return SIZE_MAX;
	i = (size_t)(uintptr_t)ks_map_get(first, key, strlen(key));
	if (i == 0)
		return SIZE_MAX;
	if (spec.n > 0 &&
	        ks_range_parse(scratch, &err, KS_ECO_PYPI, spec, KS_VER_PRERELEASE, &rg) != 0)
		rg = NULL;
	for (i = i - 1; i != SIZE_MAX; i = e[i].next)
		if (rg == NULL || (e[i].ver != NULL && ks_range_test(rg, e[i].ver)))
			return i;
	return (size_t)(uintptr_t)ks_map_get(first, key, strlen(key)) - 1;
}

/* True if groups (an array, or absent) lists groups that all have a conventional
 * development name. */
static bool dev_groups(json_t *groups)
{
	static const char *const dev[] = {
	        "dev", "test", "tests", "testing", "lint", "linting", "doc", "docs", "typing"};
	json_t *g;
	size_t i, k;

	if (!json_is_array(groups) || json_array_size(groups) == 0)
		return false;
	json_array_foreach(groups, i, g)
	{
		for (k = 0; k < sizeof(dev) / sizeof(dev[0]); k++)
			if (strcmp(json_string_value(g), dev[k]) == 0)
				break;
		if (k == sizeof(dev) / sizeof(dev[0]))
			return false;
	}
	return true;
}

/* Checks the types of one [[package]] table. */
static bool table_ok(json_t *t)
{
	static const char *const strs[] = {"name", "version"};
	static const char *const lists[] = {"dependencies", "groups"};
	json_t *v;
	size_t i, j;

	if (!json_is_object(t))
		return false;
	for (i = 0; i < 2; i++)
		if ((v = json_object_get(t, strs[i])) != NULL && !json_is_string(v))
			return false;
	for (i = 0; i < 2; i++) {
		json_t *l = json_object_get(t, lists[i]);

		if (l == NULL)
			continue;
		if (!json_is_array(l))
			return false;
		json_array_foreach(l, j, v) if (!json_is_string(v)) return false;
	}
	return true;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_map first, byid;
	struct ks_arena scratch;
	struct entry *e = NULL;
	json_t *doc = NULL, *arr, *d;
	struct ks_err err;
	char what[512];
	size_t i, j, n;
	int r = KS_EINTERNAL;

	ks_map_init(&first);
	ks_map_init(&byid);
	ks_arena_init(&scratch);
	snprintf(what, sizeof(what), "%s: '%s'", an_name, f->path);
	if ((r = ks_toml_load(&cx->err, what, f->data, f->size, &doc)) != 0)
		goto out;
	arr = json_object_get(doc, "package");
	if (arr != NULL && !json_is_array(arr)) {
		r = ks_seterr(&cx->err, KS_ECORRUPT, "%s: \"package\" is not an array", what);
		goto out;
	}
	n = json_array_size(arr);
	if ((e = calloc(n + 1, sizeof(*e))) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	/* packages, one per name and version */
	for (i = 0; i < n; i++) {
		json_t *t = json_array_get(arr, i);
		const char *id;
		size_t prev;

		if (!table_ok(t)) {
			r = ks_seterr(&cx->err, KS_ECORRUPT,
			        "%s: package %zu: unexpected field types", what, i + 1);
			goto out;
		}
		e[i].tab = t;
		e[i].name = json_string_value(json_object_get(t, "name"));
		e[i].version = json_string_value(json_object_get(t, "version"));
		e[i].name = e[i].name ? e[i].name : "";
		e[i].version = e[i].version ? e[i].version : "";
		e[i].next = SIZE_MAX;
		if ((e[i].key = norm(&scratch, ks_str_c(e[i].name))) == NULL ||
		        (id = ks_arena_printf(&scratch, "%s@%s", e[i].name, e[i].version)) ==
		                NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		if (ks_ver_parse(&scratch, &err, KS_ECO_PYPI, ks_str_c(e[i].version), &e[i].ver) !=
		        0)
			e[i].ver = NULL;
		if ((prev = (size_t)(uintptr_t)ks_map_get(&byid, id, strlen(id))) != 0) {
			struct ks_pkg *p = &out->pkgs[prev - 1];

			e[i].pkg = prev - 1;
			p->dev = p->dev && dev_groups(json_object_get(t, "groups"));
			continue;
		}
		{
			struct ks_pkg *p = ks_ares_addpkg(cx, out);

			if (p == NULL ||
			        (p->name = ks_arena_strdup(&cx->arena, e[i].name)) == NULL ||
			        (p->version = ks_arena_strdup(&cx->arena, e[i].version)) == NULL ||
			        ks_map_put(&byid, id, strlen(id), (void *)(uintptr_t)out->npkgs,
			                NULL)) {
				r = KS_ENOMEM;
				goto out;
			}
			p->dev = dev_groups(json_object_get(t, "groups"));
			e[i].pkg = out->npkgs - 1;
		}
		/* chain of the same normalised name, in file order */
		prev = (size_t)(uintptr_t)ks_map_get(&first, e[i].key, strlen(e[i].key));
		if (prev == 0) {
			if (ks_map_put(&first, e[i].key, strlen(e[i].key),
			            (void *)(uintptr_t)(i + 1), NULL) != 0) {
				r = KS_ENOMEM;
				goto out;
			}
		} else {
			for (prev = prev - 1; e[prev].next != SIZE_MAX; prev = e[prev].next)
				;
			e[prev].next = i;
		}
	}
	/* dependencies, extras tables included */
	for (i = 0; i < n; i++) {
		struct ks_pkg *p = &out->pkgs[e[i].pkg];

		json_array_foreach(json_object_get(e[i].tab, "dependencies"), j, d)
		{
			size_t k = resolve(&scratch, &first, e, json_string_value(d));
			const char *id;

			if (k == SIZE_MAX || e[k].pkg == e[i].pkg)
				continue;
			id = e[k].version[0]
			             ? ks_arena_printf(&cx->arena, "%s@%s", e[k].name, e[k].version)
			             : ks_arena_strdup(&cx->arena, e[k].name);
			if (id == NULL || ks_strv_push(&cx->arena, &p->depends_on, id) != 0) {
				r = KS_ENOMEM;
				goto out;
			}
		}
	}
	for (i = 0; i < out->npkgs; i++)
		sort_uniq(&out->pkgs[i].depends_on);
	r = 0;
out:
	free(e);
	json_decref(doc);
	ks_map_release(&first);
	ks_map_release(&byid);
	ks_arena_release(&scratch);
	return r;
}

const struct ks_analyzer ks_analyzer_pdm = {
        .name = "pdm",
        .kind = KS_AK_LANG,
        .modes = KS_MODE_PRE,
        .version = 1,
        .wants = wants,
        .parse = parse,
};
