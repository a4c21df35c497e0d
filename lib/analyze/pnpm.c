/*
 * pnpm.c - pnpm lock files (pnpm-lock.yaml, lockfileVersion 5.x to 9.x, pre-build trees
 * only) as Trivy's pnpm parser reads them, from the YAML tree util/yaml.h builds.
 *
 * A file may hold several YAML documents (pnpm 11 writes its own tool lock first); the
 * last one is the project's lock file and is the one read. lockfileVersion (a number or
 * a quoted string) selects the rules; a missing or unreadable one is corrupt.
 *
 * Before version 9: each entry of "packages" is a package; its name and version are its
 * "name"/"version" fields or come from its key, the dependency path: a registry host (or
 * nothing) before the first "/", then the name (scoped names keep their scope) and the
 * version, separated by "/" before version 6 and "@" after, then peer suffixes ("_..."
 * before 6, "(...)" after) which are dropped; a version starting with "file:" or "http", or
 * that is not a semantic version, is empty. Packages marked "dev: true" are development
 * dependencies (Trivy drops them; kensa keeps them marked, and the scanner drops them
 * unless asked not to). A package is direct when the root "dependencies" or
 * "devDependencies" names it, else indirect. It depends on its "dependencies" (their peer
 * suffixes dropped, so that the IDs resolve; Trivy keeps them).
 *
 * Version 9: "packages" keys are "name@version" and "snapshots" hold the dependency graph
 * (keys with peer suffixes; "dependencies" and "optionalDependencies", kept only when the
 * target is one of the packages; snapshots of one package with different peers are
 * merged). The importers' "dependencies" and "devDependencies" make a package with the
 * same version direct; a package is a development dependency unless a direct production
 * dependency reaches it.
 *
 * The same name@version twice is one package. No locations are reported (Trivy has none
 * for pnpm). Types Trivy's decoder would refuse (a "packages" that is not a mapping, a
 * dependency version that is not a scalar, ...) make the file corrupt.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "analyze/lang_extra.h"
#include "util/map.h"
#include "util/yaml.h"
#include "version/version.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define WHO "pnpm"

static bool wants(const char *path, size_t len)
{
	struct ks_str p = { path, len };

	return ks_str_eq(p, "pnpm-lock.yaml") || ks_str_hassuffix(p, "/pnpm-lock.yaml");
}

struct pn {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	struct ks_lang_set set; /* the packages, by ID */
	double ver;             /* lockfileVersion */
};

/* The text of a YAML scalar as a view (null and non-strings give false). */
static bool scalar(json_t *v, struct ks_str *s)
{
	if (!json_is_string(v))
		return false;
	s->p = json_string_value(v);
	s->n = json_string_length(v);
	return true;
}

/* A member that must be a mapping (or null/absent): NULL for none, else the object;
 * sets *bad when it has another type. */
static json_t *mapping(json_t *parent, const char *key, bool *bad)
{
	json_t *v = json_object_get(parent, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_object(v)) {
		*bad = true;
		return NULL;
	}
	return v;
}

/* lockfileVersion: digits, optionally "." and digits. */
static bool lock_version(json_t *v, double *out)
{
	struct ks_str s, ip, fp;
	uint64_t i, f = 0;
	double scale = 1;
	size_t k;

	if (!scalar(v, &s))
		return false;
	ks_str_cut(s, '.', &ip, &fp);
	if (!ks_str_to_u64(ip, 1000000, &i) || fp.n > 9)
		return false;
	if (fp.n > 0 && !ks_str_to_u64(fp, 999999999, &f))
		return false;
	for (k = 0; k < fp.n; k++)
		scale *= 10;
	*out = (double)i + (double)f / scale;
	return true;
}

/* Cuts a peer suffix: from the first "_" (before version 6) or "(" (after). */
static struct ks_str trim_peers(struct ks_str v, double ver)
{
	struct ks_str head, tail;

	ks_str_cut(v, ver < 6 ? '_' : '(', &head, &tail);
	return head;
}

/* Trivy's parseVersion(): "" for file:/http versions before 9 and for anything that is not
 * a semantic version. */
static struct ks_str clean_version(struct pn *st, struct ks_str v, double ver)
{
	struct ks_err e;
	const struct ks_ver *sv;
	struct ks_str none = { v.p, 0 };

	if (ver < 9 && (ks_str_hasprefix(v, "file:") || ks_str_hasprefix(v, "http")))
		return none;
	if (ks_ver_parse(&st->cx->arena, &e, KS_ECO_NPM, v, &sv) != 0)
		return none;
	return v;
}

/* Trivy's parseDepPath(): name (with its scope) and version (peer suffix dropped) of a
 * dependency path. */
static void dep_path(struct ks_str path, double ver, struct ks_str *name, struct ks_str *version)
{
	struct ks_str rest = path, end = { path.p + path.n, 0 };
	const char *start;
	ptrdiff_t s;

	if (ver < 9) { /* a registry host, or nothing, before the first "/" */
		s = ks_str_chr(path, '/');
		rest = s < 0 ? end : ks_str_sub(path, (size_t)s + 1, path.n);
	}
	start = rest.p;
	if (ks_str_hasprefix(rest, "@")) { /* the scope, up to the next "/" */
		s = ks_str_chr(rest, '/');
		rest = s < 0 ? (struct ks_str){ rest.p + rest.n, 0 } :
			       ks_str_sub(rest, (size_t)s + 1, rest.n);
	}
	s = ks_str_chr(rest, ver < 6 ? '/' : '@');
	if (s < 0) {
		*name = (struct ks_str){ start, (size_t)(rest.p + rest.n - start) };
		*version = (struct ks_str){ rest.p + rest.n, 0 };
		return;
	}
	*name = (struct ks_str){ start, (size_t)(rest.p + s - start) };
	*version = trim_peers(ks_str_sub(rest, (size_t)s + 1, rest.n), ver);
}

static int corrupt(struct pn *st, const char *what)
{
	return ks_lang_corrupt(st->cx, WHO, st->f, 0, "%s", what);
}

/* The package name@version (*fresh: just added). NULL on out-of-memory. */
static struct ks_pkg *add(struct pn *st, struct ks_str name, struct ks_str version, bool *fresh)
{
	size_t idx;

	if (ks_lang_set_get(st->cx, &st->set, name, version, &idx, fresh) != 0)
		return NULL;
	return &st->out->pkgs[idx];
}

static int push_dep(struct pn *st, struct ks_pkg *p, const char *name, struct ks_str ver)
{
	const char *id = ks_arena_printf(&st->cx->arena, ver.n ? "%s@%.*s" : "%s%.*s", name,
		(int)ver.n, ver.p);

	return id == NULL ? KS_ENOMEM : ks_strv_push(&st->cx->arena, &p->depends_on, id);
}

/* Versions 5 to 8. */
static int parse_old(struct pn *st, json_t *doc)
{
	bool bad = false;
	json_t *pkgs = mapping(doc, "packages", &bad), *roots = mapping(doc, "dependencies", &bad);
	json_t *devroots = mapping(doc, "devDependencies", &bad), *info;
	const char *path;

	if (bad)
		return corrupt(st, "\"packages\" or the root dependencies are not mappings");
	json_object_foreach(pkgs, path, info)
	{
		struct ks_str name = { NULL, 0 }, version = { NULL, 0 }, dv;
		json_t *deps, *dev, *dv_json;
		const char *dn;
		struct ks_pkg *p;
		bool fresh, dev_entry, direct;
		int r;

		if (info != NULL && !json_is_null(info) && !json_is_object(info))
			return corrupt(st, "a package entry is not a mapping");
		deps = mapping(info, "dependencies", &bad);
		if (bad)
			return corrupt(st, "a package's \"dependencies\" is not a mapping");
		dev = json_object_get(info, "dev");
		if (!scalar(json_object_get(info, "name"), &name) || name.n == 0) {
			dep_path(ks_str_c(path), st->ver, &name, &version);
			version = clean_version(st, version, st->ver);
		} else if (!scalar(json_object_get(info, "version"), &version)) {
			version = (struct ks_str){ name.p, 0 };
		}
		if ((p = add(st, name, version, &fresh)) == NULL)
			return KS_ENOMEM;
		dev_entry = scalar(dev, &dv) && ks_str_eq(dv, "true");
		direct = json_object_get(roots, p->name) != NULL ||
			 json_object_get(devroots, p->name) != NULL;
		/* the same name@version again (another peer set): dev only if both are */
		p->dev = fresh ? dev_entry : p->dev && dev_entry;
		if (fresh || direct)
			p->relationship = direct ? KS_REL_DIRECT : KS_REL_INDIRECT;
		json_object_foreach(deps, dn, dv_json)
		{
			if (!scalar(dv_json, &dv))
				return corrupt(st, "a dependency version is not a scalar");
			if ((r = push_dep(st, p, dn, trim_peers(dv, st->ver))) != 0)
				return r;
		}
	}
	return 0;
}

/* ---- version 9 ---- */

struct v9 {
	struct ks_map snaps; /* "name@version" -> struct ks_strv * (dependency IDs) */
};

static int v9_snapshots(struct pn *st, json_t *doc, json_t *pkgs, struct v9 *w)
{
	bool bad = false;
	json_t *snaps = mapping(doc, "snapshots", &bad), *snap;
	const char *key;

	if (bad)
		return corrupt(st, "\"snapshots\" is not a mapping");
	json_object_foreach(snaps, key, snap)
	{
		static const char *const lists[] = { "optionalDependencies", "dependencies" };
		struct ks_str name, ver;
		struct ks_strv *deps;
		const char *id;
		size_t l;

		if (snap != NULL && !json_is_null(snap) && !json_is_object(snap))
			return corrupt(st, "a snapshot is not a mapping");
		dep_path(ks_str_c(key), 9, &name, &ver);
		if ((id = ks_arena_printf(&st->cx->arena, ver.n ? "%.*s@%.*s" : "%.*s%.*s",
			     (int)name.n, name.p, (int)ver.n, ver.p)) == NULL)
			return KS_ENOMEM;
		if ((deps = ks_map_get(&w->snaps, id, strlen(id))) == NULL) {
			if ((deps = ks_arena_calloc(&st->cx->arena, 1, sizeof(*deps))) == NULL ||
				ks_map_put(&w->snaps, id, strlen(id), deps, NULL) != 0)
				return KS_ENOMEM;
		}
		for (l = 0; l < 2; l++) {
			json_t *m = mapping(snap, lists[l], &bad), *dv;
			const char *dn;

			if (bad)
				return corrupt(st, "a snapshot's dependencies are not a mapping");
			json_object_foreach(m, dn, dv)
			{
				struct ks_str v;
				const char *did;

				if (!scalar(dv, &v))
					return corrupt(st, "a dependency version is not a scalar");
				v = clean_version(st, trim_peers(v, 9), 9);
				did = ks_arena_printf(&st->cx->arena, v.n ? "%s@%.*s" : "%s%.*s",
					dn, (int)v.n, v.p);
				if (did == NULL)
					return KS_ENOMEM;
				if (json_object_get(pkgs, did) == NULL)
					continue;
				if (ks_strv_push(&st->cx->arena, deps, did) != 0)
					return KS_ENOMEM;
			}
		}
	}
	return 0;
}

/* The importers' direct dependencies of one kind: name -> version (peers dropped). */
static int v9_importers(struct pn *st, json_t *doc, const char *kind, struct ks_map *out)
{
	bool bad = false;
	json_t *imps = mapping(doc, "importers", &bad), *imp;
	const char *ipath;

	if (bad)
		return corrupt(st, "\"importers\" is not a mapping");
	json_object_foreach(imps, ipath, imp)
	{
		json_t *m, *d;
		const char *dn;

		if (imp != NULL && !json_is_null(imp) && !json_is_object(imp))
			return corrupt(st, "an importer is not a mapping");
		if ((m = mapping(imp, kind, &bad)) == NULL && bad)
			return corrupt(st, "an importer's dependencies are not a mapping");
		json_object_foreach(m, dn, d)
		{
			struct ks_str v = { "", 0 };

			if (d != NULL && !json_is_null(d) && !json_is_object(d))
				return corrupt(st, "an importer dependency is not a mapping");
			if (json_object_get(d, "version") != NULL &&
				!scalar(json_object_get(d, "version"), &v))
				return corrupt(st, "an importer version is not a scalar");
			v = trim_peers(v, 9);
			if (ks_map_put(out, dn, strlen(dn),
				    ks_arena_strndup(&st->cx->arena, v.p, v.n), NULL) != 0)
				return KS_ENOMEM;
		}
	}
	return 0;
}

/* Marks id and everything it depends on as a production dependency. */
static void mark_prod(struct pn *st, size_t idx, uint8_t *seen)
{
	size_t *stack = NULL, n = 0, cap = 0, i;

	if (seen[idx])
		return;
	seen[idx] = 1;
	if ((stack = malloc(sizeof(*stack) * 16)) == NULL)
		return;
	cap = 16;
	stack[n++] = idx;
	while (n > 0) {
		struct ks_pkg *p = &st->out->pkgs[stack[--n]];

		p->dev = false;
		for (i = 0; i < p->depends_on.n; i++) {
			const char *id = p->depends_on.v[i];
			void *v = ks_map_get(&st->set.ids, id, strlen(id));
			size_t d;

			if (v == NULL || seen[d = (size_t)(uintptr_t)v - 1])
				continue;
			seen[d] = 1;
			if (n == cap) {
				size_t *s = realloc(stack, 2 * cap * sizeof(*s));

				if (s == NULL)
					break;
				stack = s;
				cap *= 2;
			}
			stack[n++] = d;
		}
	}
	free(stack);
}

static int parse_v9(struct pn *st, json_t *doc)
{
	bool bad = false;
	json_t *pkgs = mapping(doc, "packages", &bad), *info;
	struct ks_map devs, prods;
	struct v9 w;
	const char *key;
	uint8_t *seen = NULL;
	size_t i;
	int r;

	ks_map_init(&w.snaps);
	ks_map_init(&devs);
	ks_map_init(&prods);
	if (bad) {
		r = corrupt(st, "\"packages\" is not a mapping");
		goto out;
	}
	if ((r = v9_snapshots(st, doc, pkgs, &w)) != 0 ||
		(r = v9_importers(st, doc, "devDependencies", &devs)) != 0 ||
		(r = v9_importers(st, doc, "dependencies", &prods)) != 0)
		goto out;
	json_object_foreach(pkgs, key, info)
	{
		struct ks_str name, ver, pver, iv;
		const char *nm, *dv, *pv;
		struct ks_strv *deps;
		struct ks_pkg *p;
		bool fresh;
		size_t j;

		if (info != NULL && !json_is_null(info) && !json_is_object(info)) {
			r = corrupt(st, "a package entry is not a mapping");
			goto out;
		}
		dep_path(ks_str_c(key), 9, &name, &ver);
		pver = clean_version(st, ver, 9);
		if (scalar(json_object_get(info, "version"), &iv) && iv.n > 0)
			pver = iv;
		if ((p = add(st, name, pver, &fresh)) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		if (fresh) {
			p->dev = true;
			p->relationship = KS_REL_INDIRECT;
		}
		nm = p->name;
		dv = ks_map_get(&devs, nm, strlen(nm));
		pv = ks_map_get(&prods, nm, strlen(nm));
		if (dv != NULL && ks_str_eq(ver, dv))
			p->relationship = KS_REL_DIRECT;
		if (pv != NULL && ks_str_eq(ver, pv)) {
			p->relationship = KS_REL_DIRECT;
			p->dev = false;
		}
		/* the snapshot graph is keyed by the packages key (name@version) */
		if ((deps = ks_map_get(&w.snaps, key, strlen(key))) != NULL) {
			for (j = 0; j < deps->n; j++) {
				r = ks_strv_push(&st->cx->arena, &p->depends_on, deps->v[j]);
				if (r != 0)
					goto out;
			}
		}
	}
	if ((seen = calloc(st->out->npkgs + 1, 1)) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	for (i = 0; i < st->out->npkgs; i++)
		if (!st->out->pkgs[i].dev)
			mark_prod(st, i, seen);
	r = 0;
out:
	free(seen);
	ks_map_release(&w.snaps);
	ks_map_release(&devs);
	ks_map_release(&prods);
	return r;
}

/* The last YAML document of the text: what follows the last "---" line (or the whole
 * text when there is none). */
static struct ks_str last_document(const struct ks_file *f)
{
	struct ks_str all = { (const char *)f->data, f->size }, line, doc = all;
	struct ks_lines it;
	bool content = false;

	ks_lines_init(&it, all.p, all.n);
	while (ks_lines_next(&it, &line)) {
		bool marker = ks_str_hasprefix(line, "---") &&
			      (line.n == 3 || line.p[3] == ' ' || line.p[3] == '\t');

		if (marker && content) {
			size_t off = (size_t)(line.p - all.p);

			doc = ks_str_sub(all, off, all.n);
		}
		if (!marker && ks_str_trim(line).n > 0 && line.p[0] != '#')
			content = true;
	}
	return doc;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct pn st = { .cx = cx, .f = f, .out = out };
	struct ks_str doc = last_document(f);
	json_t *tree = NULL;
	char what[512];
	int r;

	snprintf(what, sizeof(what), WHO ": '%s'", f->path);
	ks_lang_set_init(&st.set, out);
	if ((r = ks_yaml_load(&cx->err, what, (const uint8_t *)doc.p, doc.n, &tree)) != 0)
		goto out;
	if (!json_is_object(tree)) {
		r = corrupt(&st, "not a YAML mapping");
		goto out;
	}
	if (!lock_version(json_object_get(tree, "lockfileVersion"), &st.ver)) {
		r = corrupt(&st, "missing or unreadable lockfileVersion");
		goto out;
	}
	r = st.ver >= 9 ? parse_v9(&st, tree) : parse_old(&st, tree);
	if (r == 0)
		ks_lang_set_sort(&st.set);
out:
	ks_lang_set_release(&st.set);
	json_decref(tree);
	return r;
}

const struct ks_analyzer ks_analyzer_pnpm = {
	.name = "pnpm",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.parse = parse,
	.wants = wants,
};
