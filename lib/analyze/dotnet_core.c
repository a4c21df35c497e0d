/*
 * dotnet_core.c - .NET dependency manifests (*.deps.json, written next to a built
 * application), read as Trivy's dotnet-core analyzer reads them, in every scan mode.
 *
 * The "libraries" object names every library as "<name>/<version>" with a "type"; the
 * "targets" object maps each target framework to the libraries it resolved, with their
 * "dependencies" (name -> version) and asset lists. The target is the one
 * "runtimeTarget.name" names. A library becomes a package when its type is "package",
 * "project" or "runtimepack" (any case) and, when the target exists, when the target lists
 * it with a non-null "runtime", "runtimeTargets" or "native" entry or does not list it at
 * all (compile-only references are dropped). Runtime packs lose their "runtimepack."
 * prefix, in library names and dependency names alike, so a self-contained application
 * reports "Microsoft.NETCore.App.Runtime.<rid>" as a framework-dependent one does.
 *
 * The project libraries that no target entry depends on are the candidates for the root:
 * exactly one of them is the root package, its target dependencies are the direct
 * packages and every other non-project package is indirect (when the root has no
 * dependencies nothing is marked, as Trivy assumes a broken file). The other projects are
 * workspace packages, as Trivy reports them. DependsOn lists, in byte order, the target
 * dependencies that are packages of this file. Locations are the lines of the library's
 * object in "libraries". IDs are "<name>/<version>" (lib/pkgid.c), the bare name when the
 * version is empty.
 *
 * Malformed JSON and values of the wrong JSON type are corrupt (Go's decoder fails on
 * them); a library name without "/" is skipped with a warning, as Trivy skips it.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/jscan.h"
#include "util/lineno.h"
#include "util/map.h"
#include "util/str.h"

#include <stdint.h>
#include <string.h>

#include "util/banned.h"

#define AN "dotnet-core"
#define RUNTIMEPACK "runtimepack."

static bool wants(const char *path, size_t len)
{
	return ks_str_hassuffix((struct ks_str){ path, len }, ".deps.json");
}

/* One library of the runtime target. */
struct tlib {
	struct ks_str deps; /* the "dependencies" object, or an empty view */
	bool runtime;       /* it has runtime, runtimeTargets or native assets */
};

struct dstate {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	size_t first;          /* index of this file's first package in out */
	struct ks_map tlibs;   /* normalised ID -> struct tlib */
	bool target_found;
	struct ks_map pkgs;    /* ID -> index + 1 in out->pkgs */
	struct ks_map projects; /* IDs of project libraries */
	const char **project_ids;
	size_t nprojects, capprojects;
	size_t noslash; /* libraries without "/" */
	size_t noslash_line;
};

static int corrupt(struct dstate *st, const char *at, const char *what)
{
	return ks_lang_corrupt(st->cx, AN, st->f, ks_lang_line(st->f, at), "%s", what);
}

/* Trivy's ID of a name and version, runtime-pack prefix removed. */
static const char *norm_id(struct ks_arena *a, const char *name, const char *version)
{
	if (strncmp(name, RUNTIMEPACK, strlen(RUNTIMEPACK)) == 0)
		name += strlen(RUNTIMEPACK);
	return ks_lang_id(a, name, '/', version);
}

/* Splits "<name>/<version>" at the first "/" (*version NULL when there is none). */
static int split_key(struct ks_arena *a, const char *key, const char **name,
	const char **version)
{
	const char *slash = strchr(key, '/');

	*version = slash ? slash + 1 : NULL;
	*name = slash ? ks_arena_strndup(a, key, (size_t)(slash - key)) : key;
	return *name != NULL ? 0 : KS_ENOMEM;
}

/* Decodes a key into its normalised ID. */
static int key_id(struct dstate *st, struct ks_str key, const char **id)
{
	const char *k, *name, *version;
	int r;

	if ((r = ks_lang_jkey(&st->cx->arena, key, &k)) != 0)
		return r == KS_ENOMEM ? r : corrupt(st, key.p, "bad object key");
	if ((r = split_key(&st->cx->arena, k, &name, &version)) != 0)
		return r;
	*id = norm_id(&st->cx->arena, name, version ? version : "");
	return *id != NULL ? 0 : KS_ENOMEM;
}

/* True when v is present and not null (Trivy's "not empty" for asset lists). */
static bool present(struct ks_str v)
{
	char k = ks_js_kind(v);

	return k != 0 && k != 'n';
}

/* Reads the selected target's libraries into st->tlibs. */
static int read_target(struct dstate *st, struct ks_str target)
{
	static const char *const keys[] = { "dependencies", "runtime", "runtimeTargets",
		"native" };
	struct ks_str k, v, vals[4];
	struct ks_jsit it;
	int r;

	if (ks_js_kind(target) == 'n')
		return 0;
	if (ks_js_iter(&it, target, '{') != 0)
		return corrupt(st, target.p, "target is not an object");
	while ((r = ks_js_next(&it, &k, &v)) == 1) {
		struct tlib *t;
		const char *id = NULL;

		if (ks_js_kind(v) == 'n')
			continue;
		if (ks_js_pick(v, keys, 4, vals, NULL) != 0)
			return corrupt(st, v.p, "target library is not an object");
		if (vals[0].n > 0 && ks_js_kind(vals[0]) != '{' && ks_js_kind(vals[0]) != 'n')
			return corrupt(st, vals[0].p, "\"dependencies\" is not an object");
		if ((r = key_id(st, k, &id)) != 0)
			return r;
		if ((t = ks_arena_calloc(&st->cx->arena, 1, sizeof(*t))) == NULL)
			return KS_ENOMEM;
		t->deps = ks_js_kind(vals[0]) == '{' ? vals[0] : (struct ks_str){ v.p, 0 };
		t->runtime = present(vals[1]) || present(vals[2]) || present(vals[3]);
		if ((r = ks_map_put(&st->tlibs, id, strlen(id), t, NULL)) != 0)
			return r;
	}
	return r < 0 ? corrupt(st, target.p, "malformed target") : 0;
}

/* Finds targets[name] and reads it. */
static int read_targets(struct dstate *st, struct ks_str targets, const char *name)
{
	struct ks_str k, v, found = { NULL, 0 };
	struct ks_jsit it;
	int r;

	if (targets.n == 0 || ks_js_kind(targets) == 'n')
		return 0;
	if (ks_js_iter(&it, targets, '{') != 0)
		return corrupt(st, targets.p, "\"targets\" is not an object");
	while ((r = ks_js_next(&it, &k, &v)) == 1) {
		const char *key;

		if (ks_js_kind(v) != '{' && ks_js_kind(v) != 'n')
			return corrupt(st, v.p, "target is not an object");
		if ((r = ks_lang_jkey(&st->cx->arena, k, &key)) != 0)
			return r == KS_ENOMEM ? r : corrupt(st, k.p, "bad object key");
		if (strcmp(key, name) == 0)
			found = v;
	}
	if (r < 0)
		return corrupt(st, targets.p, "malformed \"targets\"");
	if (found.p == NULL)
		return 0;
	st->target_found = true;
	return read_target(st, found);
}

/*
 * Calls fn(st, id, ud) with the normalised ID of every member of a "dependencies" object
 * (values must be strings; null reads as the empty version).
 */
static int each_dep(struct dstate *st, struct ks_str deps,
	int (*fn)(struct dstate *st, const char *id, void *ud), void *ud)
{
	struct ks_str k, v;
	struct ks_jsit it;
	int r;

	if (deps.n == 0)
		return 0;
	if (ks_js_iter(&it, deps, '{') != 0)
		return corrupt(st, deps.p, "\"dependencies\" is not an object");
	while ((r = ks_js_next(&it, &k, &v)) == 1) {
		const char *name, *version, *id;

		if ((r = ks_lang_jkey(&st->cx->arena, k, &name)) != 0)
			return r == KS_ENOMEM ? r : corrupt(st, k.p, "bad object key");
		if ((r = ks_lang_jstr(&st->cx->arena, v, &version)) != 0)
			return r == KS_ENOMEM ? r : corrupt(st, v.p, "version is not a string");
		if ((id = norm_id(&st->cx->arena, name, version ? version : "")) == NULL)
			return KS_ENOMEM;
		if ((r = fn(st, id, ud)) != 0)
			return r;
	}
	return r < 0 ? corrupt(st, deps.p, "malformed \"dependencies\"") : 0;
}

static int mark_referenced(struct dstate *st, const char *id, void *ud)
{
	struct ks_map *referenced = ud;

	(void)st;
	return ks_map_put(referenced, id, strlen(id), (void *)id, NULL);
}

/* The one project no target library depends on, or NULL (Trivy's rootProject). */
static int find_root(struct dstate *st, const char **root)
{
	struct ks_map referenced;
	size_t i = 0, n = 0;
	const char *key;
	size_t klen;
	void *val;
	int r = 0;

	*root = NULL;
	ks_map_init(&referenced);
	while (r == 0 && ks_map_next(&st->tlibs, &i, &key, &klen, &val))
		r = each_dep(st, ((struct tlib *)val)->deps, mark_referenced, &referenced);
	for (i = 0; r == 0 && i < st->nprojects; i++) {
		const char *p = st->project_ids[i];

		if (!ks_map_has(&referenced, p, strlen(p))) {
			*root = p;
			n++;
		}
	}
	if (n != 1)
		*root = NULL;
	ks_map_release(&referenced);
	return r;
}

/* Adds one entry of "libraries". */
static int add_library(struct dstate *st, struct ks_lineno *ln, struct ks_str k,
	struct ks_str v)
{
	static const char *const keys[] = { "type" };
	const char *key, *name, *version, *type, *id;
	struct ks_str tv;
	struct ks_pkg *p;
	uintptr_t at;
	int r;

	if ((r = ks_lang_jkey(&st->cx->arena, k, &key)) != 0)
		return r == KS_ENOMEM ? r : corrupt(st, k.p, "bad object key");
	if (ks_js_kind(v) == 'n')
		tv = (struct ks_str){ v.p, 0 };
	else if (ks_js_pick(v, keys, 1, &tv, NULL) != 0)
		return corrupt(st, v.p, "library is not an object");
	if ((r = ks_lang_jstr(&st->cx->arena, tv, &type)) != 0)
		return r == KS_ENOMEM ? r : corrupt(st, tv.p, "library \"type\" is not a string");
	if ((r = split_key(&st->cx->arena, key, &name, &version)) != 0)
		return r;
	if (version == NULL) {
		if (st->noslash++ == 0)
			st->noslash_line = ks_lineno_ptr(ln, k.p);
		return 0;
	}
	type = type ? type : "";
	if (!ks_str_eqi(ks_str_c(type), "package") && !ks_str_eqi(ks_str_c(type), "project") &&
		!ks_str_eqi(ks_str_c(type), "runtimepack"))
		return 0;
	if (strncmp(name, RUNTIMEPACK, strlen(RUNTIMEPACK)) == 0)
		name += strlen(RUNTIMEPACK);
	if ((id = ks_lang_id(&st->cx->arena, name, '/', version)) == NULL)
		return KS_ENOMEM;
	if (st->target_found) {
		struct tlib *t = ks_map_get(&st->tlibs, id, strlen(id));

		if (t != NULL && !t->runtime)
			return 0;
	}
	/* a repeated library replaces the earlier one, as in Go's map */
	if ((at = (uintptr_t)ks_map_get(&st->pkgs, id, strlen(id))) != 0) {
		p = &st->out->pkgs[at - 1];
		memset(p, 0, sizeof(*p));
		p->layer = -1;
	} else {
		if ((p = ks_ares_addpkg(st->cx, st->out)) == NULL)
			return KS_ENOMEM;
		at = st->out->npkgs;
		if ((r = ks_map_put(&st->pkgs, id, strlen(id), (void *)at, NULL)) != 0)
			return r;
	}
	p->name = name;
	p->version = version;
	if (version[0] == '\0')
		p->id = id;
	if ((r = ks_lang_addloc(st->cx, p, ks_lineno_ptr(ln, v.p),
		     ks_lineno_ptr(ln, v.p + (v.n > 0 ? v.n - 1 : 0)))) != 0)
		return r;
	if (ks_str_eqi(ks_str_c(type), "project") && !ks_map_has(&st->projects, id, strlen(id))) {
		const char **np = ks_arena_grow(&st->cx->arena, st->project_ids, st->nprojects,
			&st->capprojects, st->nprojects + 1, sizeof(*np));

		if (np == NULL)
			return KS_ENOMEM;
		st->project_ids = np;
		st->project_ids[st->nprojects++] = id;
		if ((r = ks_map_put(&st->projects, id, strlen(id), (void *)id, NULL)) != 0)
			return r;
	}
	return 0;
}

static int read_libraries(struct dstate *st, struct ks_str libs)
{
	struct ks_str k, v;
	struct ks_lineno ln;
	struct ks_jsit it;
	int r;

	if (libs.n == 0 || ks_js_kind(libs) == 'n')
		return 0;
	if (ks_js_iter(&it, libs, '{') != 0)
		return corrupt(st, libs.p, "\"libraries\" is not an object");
	ks_lineno_init(&ln, (const char *)st->f->data, st->f->size);
	while ((r = ks_js_next(&it, &k, &v)) == 1)
		if ((r = add_library(st, &ln, k, v)) != 0)
			return r;
	return r < 0 ? corrupt(st, libs.p, "malformed \"libraries\"") : 0;
}

static int add_dep(struct dstate *st, const char *id, void *ud)
{
	struct ks_pkg *p = ud;

	if (!ks_map_has(&st->pkgs, id, strlen(id)))
		return 0;
	return ks_strv_push(&st->cx->arena, &p->depends_on, id);
}

static int put_direct(struct dstate *st, const char *id, void *ud)
{
	(void)st;
	return ks_map_put(ud, id, strlen(id), (void *)id, NULL);
}

/* Relationships and dependency lists from the target (Trivy's buildDependencyGraph). */
static int build_graph(struct dstate *st, const char *root)
{
	struct tlib *rt = root ? ks_map_get(&st->tlibs, root, strlen(root)) : NULL;
	struct ks_map direct;
	size_t i;
	int r = 0;

	ks_map_init(&direct);
	if (rt != NULL)
		r = each_dep(st, rt->deps, put_direct, &direct);
	for (i = st->first; r == 0 && i < st->out->npkgs; i++) {
		struct ks_pkg *p = &st->out->pkgs[i];
		const char *id = p->id;
		struct tlib *t;

		if (id == NULL)
			id = ks_lang_id(&st->cx->arena, p->name, '/', p->version);
		if (id == NULL) {
			r = KS_ENOMEM;
			break;
		}
		if (root != NULL && p->relationship == KS_REL_UNKNOWN &&
			ks_map_has(&st->projects, id, strlen(id)))
			p->relationship = KS_REL_WORKSPACE;
		else if (direct.live > 0 && p->relationship == KS_REL_UNKNOWN &&
			!ks_map_has(&st->projects, id, strlen(id)))
			p->relationship = ks_map_has(&direct, id, strlen(id)) ? KS_REL_DIRECT :
										KS_REL_INDIRECT;
		if ((t = ks_map_get(&st->tlibs, id, strlen(id))) == NULL)
			continue;
		if ((r = each_dep(st, t->deps, add_dep, p)) == 0)
			ks_lang_sort_deps(p);
	}
	ks_map_release(&direct);
	return r;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	static const char *const keys[] = { "libraries", "runtimeTarget", "targets" };
	struct ks_str doc, vals[3], tname[1];
	const char *name = NULL, *root = NULL;
	struct dstate st;
	int r = KS_EINTERNAL;

	memset(&st, 0, sizeof(st));
	st.cx = cx;
	st.f = f;
	st.out = out;
	st.first = out->npkgs;
	ks_map_init(&st.tlibs);
	ks_map_init(&st.pkgs);
	ks_map_init(&st.projects);
	if ((r = ks_lang_json_doc(cx, AN, f, &doc)) != 0)
		goto out;
	if (ks_js_kind(doc) == 'n') {
		r = 0;
		goto out;
	}
	if (ks_js_pick(doc, keys, 3, vals, NULL) != 0) {
		r = corrupt(&st, doc.p, "not a JSON object");
		goto out;
	}
	if (vals[1].n > 0 && ks_js_kind(vals[1]) != 'n') {
		static const char *const nkeys[] = { "name" };

		if (ks_js_pick(vals[1], nkeys, 1, tname, NULL) != 0) {
			r = corrupt(&st, vals[1].p, "\"runtimeTarget\" is not an object");
			goto out;
		}
		if ((r = ks_lang_jstr(&cx->arena, tname[0], &name)) != 0) {
			if (r != KS_ENOMEM)
				r = corrupt(&st, tname[0].p, "runtime target name is not a string");
			goto out;
		}
	}
	if ((r = read_targets(&st, vals[2], name ? name : "")) != 0 ||
		(r = read_libraries(&st, vals[0])) != 0 || (r = find_root(&st, &root)) != 0)
		goto out;
	if (root != NULL) {
		uintptr_t at = (uintptr_t)ks_map_get(&st.pkgs, root, strlen(root));

		out->pkgs[at - 1].relationship = KS_REL_ROOT;
	}
	if (st.target_found && (r = build_graph(&st, root)) != 0)
		goto out;
	if (st.noslash > 0 &&
		(r = ks_warn(cx, AN ": '%s': line %zu: %zu librar%s without \"/\" in the name "
				 "ignored",
			 f->path, st.noslash_line, st.noslash, st.noslash == 1 ? "y" : "ies")) != 0)
		goto out;
	r = 0;
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, AN ": '%s': out of memory", f->path);
	ks_map_release(&st.tlibs);
	ks_map_release(&st.pkgs);
	ks_map_release(&st.projects);
	return r;
}

const struct ks_analyzer ks_analyzer_dotnet_core = {
	.name = "dotnet-core",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_ALL,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
