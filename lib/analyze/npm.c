/*
 * npm.c - npm lock files (package-lock.json, lockfileVersion 1, 2 and 3) as Trivy's npm
 * parser reads them (pre-build trees only; a package-lock.json inside node_modules is
 * npm's own copy and is skipped, as Trivy skips it).
 *
 * Version 1 ("dependencies", nested by node_modules level): every entry is a package with
 * an unknown relationship; "dev": true marks development dependencies; a package depends
 * on each name in "requires", resolved the way Node resolves modules: the entry's own
 * nested "dependencies" first, then its siblings, then each enclosing level up to the
 * root (an unresolvable name is dropped).
 *
 * Version 2 and later (any other lockfileVersion: "packages", keyed by install path):
 * links ("link": true) are resolved first, as Trivy does: a link with an empty "resolved"
 * is dropped; every entry whose path starts with a link's "resolved" is moved under the
 * link's path (each occurrence of "resolved" in its path is replaced), takes the link's
 * "resolved" if it has none, and, if its original path matches one of the root's
 * "workspaces" globs (an array, or an object's "packages" array), becomes a direct
 * dependency of the root. Then every entry whose path starts with "node_modules" is a
 * package named by its "name" or by the path after the last "node_modules/"; it is
 * direct when the root ("" entry) lists it in dependencies, optionalDependencies,
 * devDependencies or peerDependencies and it sits at node_modules/<name>, else
 * indirect. Its dependencies, optionalDependencies and peerDependencies resolve through
 * the nearest node_modules directory upwards from its own path. "license" (a string, a
 * {"type"} object or an array of them) gives normalised licences.
 *
 * The same name@version at several places is one package: its locations are all the
 * entries' line ranges (sorted), it is dev only if every entry is dev, direct if any
 * entry is direct, and it depends on the union of what its entries depend on (Trivy keeps
 * one entry's list, chosen by Go map order; the union is what `npm ls` shows).
 * Locations are the lines of the entry's JSON object. The whole file must be well-formed
 * JSON with the types Trivy decodes (strings, booleans, objects of strings, an integer
 * lockfileVersion), else it is corrupt.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "analyze/lang_extra.h"
#include "util/jscan.h"
#include "util/lineno.h"
#include "util/map.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define WHO "npm"
#define NPM_MAXWORK 50000000ull /* name lookups while resolving v1 "requires" */

static bool wants(const char *path, size_t len)
{
	struct ks_str p = { path, len };
	size_t i;

	if (!ks_str_eq(p, "package-lock.json") && !ks_str_hassuffix(p, "/package-lock.json"))
		return false;
	/* Trivy skips lock files inside node_modules (any path component) */
	for (i = 0; i + 12 <= len; i++)
		if (memcmp(path + i, "node_modules", 12) == 0 && (i == 0 || path[i - 1] == '/') &&
			(i + 12 == len || path[i + 12] == '/'))
			return false;
	return true;
}

struct npm {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	struct ks_lineno ln;
	struct ks_lang_set set; /* the packages, by ID */
	uint64_t work;
};

/* The line of a position inside the file (the cursor moves forwards in document order). */
static unsigned line_at(struct npm *st, const char *at)
{
	size_t l = ks_lineno_ptr(&st->ln, at);

	return l > UINT32_MAX ? UINT32_MAX : (unsigned)l;
}

static int corrupt(struct npm *st, const char *what)
{
	return ks_lang_corrupt(st->cx, WHO, st->f, 0, "%s", what);
}

/* A JSON error from jscan (corrupt or too deep) as a message naming the file. */
static int jerr(struct npm *st, int r, const char *what)
{
	if (r == KS_ELIMIT)
		return ks_seterr(&st->cx->err, r, WHO ": '%s': %s nested too deeply", st->f->path,
			what);
	return ks_lang_corrupt(st->cx, WHO, st->f, 0, "malformed %s", what);
}

/* A member Trivy decodes as a string: "" when absent or null. */
static int str_member(struct npm *st, struct ks_str v, const char *what, const char **out)
{
	int r = ks_lang_jstr(&st->cx->arena, v, out);

	if (r == KS_ECORRUPT)
		return ks_lang_corrupt(st->cx, WHO, st->f, line_at(st, v.p),
			"\"%s\" is not a string", what);
	if (r == 0 && *out == NULL)
		*out = "";
	return r;
}

/* A member Trivy decodes as a bool: false when absent or null. */
static int bool_member(struct npm *st, struct ks_str v, const char *what, bool *out)
{
	*out = false;
	if (v.n == 0 || ks_js_kind(v) == 'n')
		return 0;
	if (ks_str_eq(v, "true") || ks_str_eq(v, "false")) {
		*out = v.p[0] == 't';
		return 0;
	}
	return ks_lang_corrupt(st->cx, WHO, st->f, line_at(st, v.p), "\"%s\" is not a boolean",
		what);
}

/*
 * Calls fn(st, ud, name) for each key of the map[string]string member v (absent or null:
 * none); the values must be strings. Keys are decoded into the arena.
 */
static int each_key(struct npm *st, struct ks_str v, const char *what,
	int (*fn)(struct npm *st, void *ud, const char *name), void *ud)
{
	struct ks_jsit it;
	struct ks_str key, val;
	int r;

	if (v.n == 0 || ks_js_kind(v) == 'n')
		return 0;
	if (ks_js_kind(v) != '{')
		return ks_lang_corrupt(st->cx, WHO, st->f, line_at(st, v.p),
			"\"%s\" is not an object", what);
	if ((r = ks_js_iter(&it, v, '{')) != 0)
		return jerr(st, r, what);
	while ((r = ks_js_next(&it, &key, &val)) == 1) {
		const char *name;

		if (ks_js_kind(val) != '"' && ks_js_kind(val) != 'n')
			return ks_lang_corrupt(st->cx, WHO, st->f, line_at(st, val.p),
				"\"%s\" has a non-string value", what);
		if ((r = ks_lang_jkey(&st->cx->arena, key, &name)) != 0)
			return r == KS_ECORRUPT ? jerr(st, r, what) : r;
		if ((r = fn(st, ud, name)) != 0)
			return r;
	}
	return r < 0 ? jerr(st, r, what) : 0;
}

/*
 * Records one lock entry as a package (or merges it into the package with the same ID):
 * *idx gets the package's index in out->pkgs and *loc the index of the location [start,
 * end] added to it.
 */
static int add_pkg(struct npm *st, const char *name, const char *version, bool dev, int rel,
	unsigned start, unsigned end, size_t *idx, size_t *loc)
{
	struct ks_pkg *p;
	bool fresh;
	int r;

	r = ks_lang_set_get(st->cx, &st->set, ks_str_c(name), ks_str_c(version), idx, &fresh);
	if (r != 0)
		return r;
	p = &st->out->pkgs[*idx];
	if (fresh) {
		p->dev = dev;
		p->relationship = rel;
	} else {
		p->dev = p->dev && dev;
		if (p->relationship == KS_REL_INDIRECT && rel == KS_REL_DIRECT)
			p->relationship = KS_REL_DIRECT;
	}
	*loc = p->nlocs;
	return ks_lang_set_loc(st->cx, &st->set, *idx, start, end);
}

/* ---- lockfileVersion 1 ---- */

/* One "dependencies" object: its entries' names and versions, and the enclosing level. */
struct v1level {
	struct ks_map names; /* name -> version (arena string) */
	const struct v1level *up;
	struct ks_str obj; /* the "dependencies" object */
};

/* The version a name resolves to from level l upwards, or NULL. */
static const char *v1_resolve(struct npm *st, const struct v1level *l, const char *name,
	size_t n, int *r)
{
	for (; l != NULL; l = l->up) {
		const char *v;

		if (++st->work > NPM_MAXWORK) {
			*r = ks_seterr(&st->cx->err, KS_ELIMIT,
				WHO ": '%s': too much nesting to resolve", st->f->path);
			return NULL;
		}
		if ((v = ks_map_get(&l->names, name, n)) != NULL)
			return v;
	}
	return NULL;
}

static const char *const v1_keys[] = { "version", "dev", "dependencies", "requires",
	"resolved" };

/* Fills l with the entries of the "dependencies" object obj. */
static int v1_level(struct npm *st, struct ks_str obj, struct v1level *l)
{
	struct ks_jsit it;
	struct ks_str key, val, v[5];
	int r;

	l->obj = obj;
	if (ks_js_kind(obj) != '{')
		return corrupt(st, "\"dependencies\" is not an object");
	if ((r = ks_js_iter(&it, obj, '{')) != 0)
		return jerr(st, r, "\"dependencies\"");
	while ((r = ks_js_next(&it, &key, &val)) == 1) {
		const char *name, *version;

		if (ks_js_kind(val) != '{')
			return corrupt(st, "a dependency is not an object");
		if ((r = ks_js_pick(val, v1_keys, 5, v, NULL)) != 0)
			return jerr(st, r, "dependency");
		if ((r = ks_lang_jkey(&st->cx->arena, key, &name)) != 0)
			return r == KS_ECORRUPT ? jerr(st, r, "\"dependencies\" key") : r;
		if ((r = str_member(st, v[0], "version", &version)) != 0)
			return r;
		if ((r = ks_map_put(&l->names, name, strlen(name), (void *)version, NULL)) != 0)
			return r;
	}
	return r < 0 ? jerr(st, r, "\"dependencies\"") : 0;
}

struct v1req {
	const struct v1level *from;
	struct ks_pkg *pkg;
	int r;
};

static int v1_require(struct npm *st, void *ud, const char *name)
{
	struct v1req *q = ud;
	const char *ver = v1_resolve(st, q->from, name, strlen(name), &q->r);
	const char *id;

	if (q->r != 0)
		return q->r;
	if (ver == NULL) /* Trivy logs "unable to resolve the version" and drops it */
		return 0;
	if ((id = ks_lang_id(&st->cx->arena, name, '@', ver)) == NULL)
		return KS_ENOMEM;
	return ks_strv_push(&st->cx->arena, &q->pkg->depends_on, id);
}

static int v1_walk(struct npm *st, const struct v1level *l)
{
	struct ks_jsit it;
	struct ks_str key, val, v[5];
	int r;

	if ((r = ks_js_iter(&it, l->obj, '{')) != 0)
		return jerr(st, r, "\"dependencies\"");
	while ((r = ks_js_next(&it, &key, &val)) == 1) {
		struct v1level child = { .up = l };
		struct v1req q = { .from = l };
		const char *name, *version, *resolved;
		unsigned start = line_at(st, val.p);
		bool dev;
		size_t idx, loc;

		ks_map_init(&child.names);
		if ((r = ks_js_pick(val, v1_keys, 5, v, NULL)) != 0) {
			r = jerr(st, r, "dependency");
			goto next;
		}
		if ((r = ks_lang_jkey(&st->cx->arena, key, &name)) != 0) {
			r = r == KS_ECORRUPT ? jerr(st, r, "\"dependencies\" key") : r;
			goto next;
		}
		if ((r = str_member(st, v[0], "version", &version)) != 0 ||
			(r = bool_member(st, v[1], "dev", &dev)) != 0 ||
			(r = str_member(st, v[4], "resolved", &resolved)) != 0 ||
			(r = add_pkg(st, name, version, dev, KS_REL_UNKNOWN, start, start, &idx,
				 &loc)) != 0)
			goto next;
		if (v[2].n > 0 && ks_js_kind(v[2]) != 'n') {
			if ((r = v1_level(st, v[2], &child)) != 0)
				goto next;
			q.from = &child;
		}
		q.pkg = &st->out->pkgs[idx];
		if ((r = each_key(st, v[3], "requires", v1_require, &q)) != 0)
			goto next;
		if (q.from == &child && (r = v1_walk(st, &child)) != 0)
			goto next;
		/* the entry ends after its nested entries: the cursor only moves forwards */
		st->out->pkgs[idx].locs[loc].end = line_at(st, val.p + val.n - 1);
next:
		ks_map_release(&child.names);
		if (r != 0)
			return r;
	}
	return r < 0 ? jerr(st, r, "\"dependencies\"") : 0;
}

static int parse_v1(struct npm *st, struct ks_str deps)
{
	struct v1level top = { .up = NULL };
	int r;

	if (deps.n == 0 || ks_js_kind(deps) == 'n')
		return 0;
	ks_map_init(&top.names);
	if ((r = v1_level(st, deps, &top)) == 0)
		r = v1_walk(st, &top);
	ks_map_release(&top.names);
	return r;
}

/* ---- lockfileVersion 2 and 3 ---- */

struct ent {
	const char *path;
	struct ks_str obj;
	unsigned start, end; /* lines of obj */
	const char *name, *version, *resolved;
	bool dev, link;
	struct ks_str deps, opt, devdeps, peer, license, workspaces;
};

struct v2 {
	struct ent *e;
	size_t n, cap;
	struct ks_map at;      /* live path -> index + 1 */
	struct ks_strv extra;  /* workspace names linked into the root's dependencies */
};

static const char *const v2_keys[] = { "name", "version", "resolved", "dev", "link",
	"dependencies", "optionalDependencies", "devDependencies", "peerDependencies",
	"license", "workspaces" };

static int v2_push(struct v2 *w, const struct ent *e, size_t *idx)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 64;
		struct ent *n = realloc(w->e, cap * sizeof(*n));

		if (n == NULL)
			return KS_ENOMEM;
		w->e = n;
		w->cap = cap;
	}
	w->e[w->n] = *e;
	*idx = w->n++;
	return 0;
}

static int v2_set(struct v2 *w, size_t idx)
{
	const char *p = w->e[idx].path;

	return ks_map_put(&w->at, p, strlen(p), (void *)(uintptr_t)(idx + 1), NULL);
}

static struct ent *v2_get(struct v2 *w, const char *path)
{
	void *v = ks_map_get(&w->at, path, strlen(path));

	return v == NULL ? NULL : &w->e[(size_t)(uintptr_t)v - 1];
}

static int v2_load(struct npm *st, struct ks_str pkgs, struct v2 *w)
{
	struct ks_jsit it;
	struct ks_str key, val, v[11];
	int r;

	if (ks_js_kind(pkgs) != '{')
		return corrupt(st, "\"packages\" is not an object");
	if ((r = ks_js_iter(&it, pkgs, '{')) != 0)
		return jerr(st, r, "\"packages\"");
	while ((r = ks_js_next(&it, &key, &val)) == 1) {
		struct ent e = { .obj = val };
		size_t idx;

		if (ks_js_kind(val) != '{')
			return corrupt(st, "a package entry is not an object");
		if ((r = ks_js_pick(val, v2_keys, 11, v, NULL)) != 0)
			return jerr(st, r, "package entry");
		if ((r = ks_lang_jkey(&st->cx->arena, key, &e.path)) != 0)
			return r == KS_ECORRUPT ? jerr(st, r, "\"packages\" key") : r;
		e.start = line_at(st, val.p);
		e.end = line_at(st, val.p + val.n - 1);
		if ((r = str_member(st, v[0], "name", &e.name)) != 0 ||
			(r = str_member(st, v[1], "version", &e.version)) != 0 ||
			(r = str_member(st, v[2], "resolved", &e.resolved)) != 0 ||
			(r = bool_member(st, v[3], "dev", &e.dev)) != 0 ||
			(r = bool_member(st, v[4], "link", &e.link)) != 0)
			return r;
		e.deps = v[5];
		e.opt = v[6];
		e.devdeps = v[7];
		e.peer = v[8];
		e.license = v[9];
		e.workspaces = v[10];
		if ((r = v2_push(w, &e, &idx)) != 0 || (r = v2_set(w, idx)) != 0)
			return r;
	}
	return r < 0 ? jerr(st, r, "\"packages\"") : 0;
}

/* The package name in an install path: what follows the last "node_modules/". */
static const char *name_from_path(struct ks_arena *a, const char *path)
{
	const char *last = NULL, *q = path;

	while ((q = strstr(q, "node_modules")) != NULL)
		last = q++;
	if (last == NULL)
		return path;
	last += 12;
	return ks_arena_strdup(a, *last == '\0' ? last : last + 1);
}

/* path with every occurrence of from replaced by to (from is not empty). */
static char *replace_all(struct ks_arena *a, const char *path, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), count = 0, n;
	const char *q;
	char *out, *o;

	for (q = path; (q = strstr(q, from)) != NULL; q += fl)
		count++;
	n = strlen(path) + count * tl - count * fl;
	if ((out = ks_arena_alloc(a, n + 1)) == NULL)
		return NULL;
	for (o = out, q = path;;) {
		const char *hit = strstr(q, from);

		if (hit == NULL)
			break;
		memcpy(o, q, (size_t)(hit - q));
		o += hit - q;
		memcpy(o, to, tl);
		o += tl;
		q = hit + fl;
	}
	memcpy(o, q, strlen(q) + 1);
	return out;
}

static int push_glob(struct npm *st, struct ks_str el, struct ks_strv *out)
{
	const char *s;
	int r;

	if (ks_js_kind(el) != '"')
		return 0;
	if ((r = ks_lang_jstr(&st->cx->arena, el, &s)) != 0)
		return r == KS_ECORRUPT ? jerr(st, r, "\"workspaces\"") : r;
	return ks_strv_push(&st->cx->arena, out, s);
}

/* The root's "workspaces": an array of globs or an object whose "packages" is one. */
static int workspaces(struct npm *st, struct ks_str v, struct ks_strv *out)
{
	struct ks_jsit it;
	struct ks_str el;
	int r;

	if (ks_js_kind(v) == '{') {
		if ((r = ks_js_find(v, "packages", &el)) < 0)
			return jerr(st, r, "\"workspaces\"");
		if (r == 0)
			return 0;
		v = el;
	}
	if (ks_js_kind(v) != '[')
		return 0;
	if ((r = ks_js_iter(&it, v, '[')) != 0)
		return jerr(st, r, "\"workspaces\"");
	while ((r = ks_js_next(&it, NULL, &el)) == 1)
		if ((r = push_glob(st, el, out)) != 0)
			return r;
	return r < 0 ? jerr(st, r, "\"workspaces\"") : 0;
}

static int resolve_links(struct npm *st, struct v2 *w)
{
	struct ks_arena *a = &st->cx->arena;
	struct ks_strv globs = { 0 };
	size_t *links = NULL, nl = 0, i, j, g, n = w->n;
	struct ent *root;
	int r = 0;

	if ((links = calloc(n ? n : 1, sizeof(*links))) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < n; i++) {
		struct ent *e = &w->e[i];

		if (!e->link || v2_get(w, e->path) != e)
			continue;
		if (e->resolved[0] == '\0') {
			ks_map_del(&w->at, e->path, strlen(e->path));
			r = ks_warn(st->cx, WHO ": '%s': link '%s' has no \"resolved\"; skipped",
				st->f->path, e->path);
			if (r != 0)
				goto out;
			continue;
		}
		links[nl++] = i;
	}
	if (nl == 0)
		goto out;
	if ((root = v2_get(w, "")) != NULL && root->workspaces.n > 0 &&
		(r = workspaces(st, root->workspaces, &globs)) != 0)
		goto out;
	/* snapshot: only the entries live now are moved */
	for (i = 0; i < n; i++) {
		struct ent e = w->e[i];

		if (v2_get(w, e.path) != &w->e[i])
			continue;
		for (j = 0; j < nl; j++) {
			const struct ent *l = &w->e[links[j]];
			const char *orig = e.path;
			size_t idx;

			if (!ks_hasprefix(orig, l->resolved))
				continue;
			if (e.resolved[0] == '\0')
				e.resolved = l->resolved;
			if ((e.path = replace_all(a, orig, l->resolved, l->path)) == NULL) {
				r = KS_ENOMEM;
				goto out;
			}
			if ((r = v2_push(w, &e, &idx)) != 0 || (r = v2_set(w, idx)) != 0)
				goto out;
			ks_map_del(&w->at, orig, strlen(orig));
			for (g = 0; g < globs.n; g++) {
				if (fnmatch(globs.v[g], orig, FNM_PATHNAME) != 0)
					continue;
				r = ks_strv_push(a, &w->extra,
					name_from_path(a, w->e[links[j]].path));
				if (r != 0)
					goto out;
				break;
			}
			break;
		}
	}
out:
	free(links);
	return r;
}

struct direct {
	struct v2 *w;
	struct ks_map *set; /* install paths of direct dependencies */
};

static int add_direct(struct npm *st, void *ud, const char *name)
{
	struct direct *d = ud;
	const char *path = ks_arena_printf(&st->cx->arena, "node_modules/%s", name);

	if (path == NULL)
		return KS_ENOMEM;
	if (v2_get(d->w, path) == NULL)
		return 0;
	return ks_map_put(d->set, path, strlen(path), (void *)path, NULL);
}

struct dep_ctx {
	struct v2 *w;
	const char *path;
	struct ks_pkg *pkg;
};

/* Resolves a dependency name from an install path through the nearest node_modules
 * directory: for <path>/node_modules, each prefix ending in a "node_modules" component,
 * innermost first, is tried with "/<name>" appended. */
static int v2_depend(struct npm *st, void *ud, const char *name)
{
	struct dep_ctx *d = ud;
	struct ks_arena *a = &st->cx->arena;
	const char *s = ks_arena_printf(a, "%s/node_modules", d->path);
	size_t nlen = strlen(name), end, start;
	char *buf;
	int r = 0;

	if (s == NULL || (buf = malloc(strlen(s) + nlen + 2)) == NULL)
		return KS_ENOMEM;
	for (end = strlen(s);; end = start - 1) {
		const struct ent *e;

		for (start = end; start > 0 && s[start - 1] != '/'; start--)
			;
		if (end - start == 12 && memcmp(s + start, "node_modules", 12) == 0) {
			memcpy(buf, s, end);
			buf[end] = '/';
			memcpy(buf + end + 1, name, nlen + 1);
			if ((e = v2_get(d->w, buf)) != NULL) {
				const char *id = ks_lang_id(a, name, '@', e->version);

				r = id == NULL ? KS_ENOMEM :
						 ks_strv_push(a, &d->pkg->depends_on, id);
				break;
			}
		}
		if (start == 0)
			break;
	}
	free(buf);
	return r;
}

/* Type check only (devDependencies of a package are not dependencies of it). */
static int key_ok(struct npm *st, void *ud, const char *name)
{
	(void)st;
	(void)ud;
	(void)name;
	return 0;
}

static int parse_v2(struct npm *st, struct ks_str pkgs)
{
	struct ks_ctx *cx = st->cx;
	struct v2 w = { 0 };
	struct ks_map direct;
	struct direct dd = { &w, &direct };
	struct ent *root;
	size_t i;
	int r;

	ks_map_init(&w.at);
	ks_map_init(&direct);
	if (pkgs.n == 0 || ks_js_kind(pkgs) == 'n') {
		r = 0;
		goto out;
	}
	if ((r = v2_load(st, pkgs, &w)) != 0 || (r = resolve_links(st, &w)) != 0)
		goto out;
	if ((root = v2_get(&w, "")) != NULL) {
		const struct ks_str lists[] = { root->deps, root->opt, root->devdeps, root->peer };
		static const char *const names[] = { "dependencies", "optionalDependencies",
			"devDependencies", "peerDependencies" };

		for (i = 0; i < 4; i++)
			if ((r = each_key(st, lists[i], names[i], add_direct, &dd)) != 0)
				goto out;
	}
	for (i = 0; i < w.extra.n; i++)
		if ((r = add_direct(st, &dd, w.extra.v[i])) != 0)
			goto out;
	for (i = 0; i < w.n; i++) {
		struct ent *e = &w.e[i];
		struct dep_ctx dc = { &w, e->path, NULL };
		const char *name;
		bool is_direct;
		size_t idx, loc;

		if (v2_get(&w, e->path) != e || !ks_hasprefix(e->path, "node_modules"))
			continue;
		name = e->name[0] ? e->name : name_from_path(&cx->arena, e->path);
		if (name == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		is_direct = ks_map_has(&direct, e->path, strlen(e->path));
		if ((r = add_pkg(st, name, e->version, e->dev,
			     is_direct ? KS_REL_DIRECT : KS_REL_INDIRECT, e->start, e->end, &idx,
			     &loc)) != 0)
			goto out;
		dc.pkg = &st->out->pkgs[idx];
		if (dc.pkg->licenses.n == 0 && e->license.n > 0 &&
			(r = ks_lang_npm_licenses(cx, WHO, st->f, e->license,
				 &dc.pkg->licenses)) != 0)
			goto out;
		if ((r = each_key(st, e->deps, "dependencies", v2_depend, &dc)) != 0 ||
			(r = each_key(st, e->opt, "optionalDependencies", v2_depend, &dc)) != 0 ||
			(r = each_key(st, e->peer, "peerDependencies", v2_depend, &dc)) != 0 ||
			(r = each_key(st, e->devdeps, "devDependencies", key_ok, NULL)) != 0)
			goto out;
	}
	r = 0;
out:
	free(w.e);
	ks_map_release(&w.at);
	ks_map_release(&direct);
	return r;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	static const char *const keys[] = { "lockfileVersion", "dependencies", "packages" };
	struct ks_str doc = { (const char *)f->data, f->size }, v[3];
	struct npm st = { .cx = cx, .f = f, .out = out };
	uint64_t ver = 0;
	bool neg;
	int r;

	ks_lang_set_init(&st.set, out);
	if ((r = ks_lang_json_doc(cx, WHO, f, &doc)) != 0)
		goto out;
	if (ks_js_kind(ks_str_trim(doc)) != '{') {
		r = corrupt(&st, "not a JSON object");
		goto out;
	}
	if ((r = ks_js_pick(doc, keys, 3, v, NULL)) != 0) {
		r = jerr(&st, r, "JSON");
		goto out;
	}
	if ((neg = ks_str_hasprefix(v[0], "-")))
		v[0] = ks_str_sub(v[0], 1, v[0].n);
	if (v[0].n > 0 && ks_js_kind(v[0]) != 'n' &&
		(ks_js_kind(v[0]) != '0' || !ks_str_to_u64(v[0], INT32_MAX, &ver))) {
		r = corrupt(&st, "\"lockfileVersion\" is not an integer");
		goto out;
	}
	ks_lineno_init(&st.ln, (const char *)f->data, f->size);
	r = ver == 1 && !neg ? parse_v1(&st, v[1]) : parse_v2(&st, v[2]);
	if (r == 0)
		ks_lang_set_sort(&st.set);
out:
	ks_lang_set_release(&st.set);
	return r;
}

const struct ks_analyzer ks_analyzer_npm = {
	.name = "npm",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.parse = parse,
	.wants = wants,
};
