/*
 * conan.c - Conan lock files (conan.lock), read as Trivy's conan analyzer reads them, in
 * pre-build (fs/repo) scans only.
 *
 * Conan 1 lock files hold a graph: "graph_lock": {"nodes": {"<id>": {"ref", "requires"}}},
 * node "0" being the consumer (a conanfile) whose "requires" name the direct
 * dependencies. Every node with a reference becomes a package, direct when node "0"
 * requires it and indirect otherwise; its dependencies are the packages of the nodes it
 * requires, in the order written; its location is the lines of its node object. Conan 2
 * lock files (no "graph_lock" nodes) list references in "requires" (build and python
 * requirements are not read, as in Trivy): each becomes a package located on its line,
 * without relationship or dependencies.
 *
 * A reference is "name/version[@user/channel][#revision[%timestamp]]" ("pkga/0.1@user/
 * testing", "zlib/1.3.1#f52e...%1708593606.497"); one that does not split into exactly a
 * name and a version is skipped with one warning per file (Trivy skips it silently).
 * IDs are "<name>/<version>" (lib/pkgid.c). Trivy's licence lookup in the Conan cache of
 * the scanning machine is not done: it describes the machine, not the scanned tree.
 * Malformed JSON and values of the wrong JSON type are corrupt.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/jscan.h"
#include "util/lineno.h"
#include "util/map.h"
#include "util/str.h"

#include <string.h>

#include "util/banned.h"

#define AN "conan"

static bool wants(const char *path, size_t len)
{
	return ks_lang_is_base(path, len, "conan.lock");
}

struct cstate {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	struct ks_lineno ln;
	size_t bad, bad_line; /* references without name and version */
};

static int corrupt(struct cstate *st, const char *at, const char *what)
{
	return ks_lang_corrupt(st->cx, AN, st->f, ks_lang_line(st->f, at), "%s", what);
}

/* Splits a reference into name and version (Trivy's parsePackage); false when it does
 * not split into exactly two "/" parts once user/channel and revision are cut off. */
static bool split_ref(const char *ref, struct ks_str *name, struct ks_str *version)
{
	struct ks_str s = ks_str_c(ref), rest;

	ks_str_cut(s, '@', &s, &rest);
	ks_str_cut(s, '#', &s, &rest);
	if (!ks_str_cut(s, '/', name, version) || ks_str_chr(*version, '/') >= 0)
		return false;
	return true;
}

/* Adds the package a reference names, located at [start, end]; *out NULL if skipped. */
static int add_ref(struct cstate *st, const char *ref, size_t start, size_t end,
	struct ks_pkg **out)
{
	struct ks_str name, version;
	struct ks_pkg *p;

	*out = NULL;
	if (!split_ref(ref, &name, &version)) {
		if (st->bad++ == 0)
			st->bad_line = start;
		return 0;
	}
	if ((p = ks_lang_add(st->cx, st->out, name, version, start, end)) == NULL)
		return KS_ENOMEM;
	if (version.n == 0)
		p->id = p->name;
	*out = p;
	return 0;
}

/* A node's "ref" and "requires"; *ref is NULL for a node without a reference. */
static int node_fields(struct cstate *st, struct ks_str node, const char **ref,
	struct ks_str *requires)
{
	static const char *const keys[] = { "ref", "requires" };
	struct ks_str vals[2];
	int r;

	*ref = NULL;
	*requires = (struct ks_str){ node.p, 0 };
	if (ks_js_kind(node) == 'n')
		return 0;
	if (ks_js_pick(node, keys, 2, vals, NULL) != 0)
		return corrupt(st, node.p, "node is not an object");
	if ((r = ks_lang_jstr(&st->cx->arena, vals[0], ref)) != 0)
		return r == KS_ENOMEM ? r : corrupt(st, vals[0].p, "\"ref\" is not a string");
	if (vals[1].n > 0 && ks_js_kind(vals[1]) != 'n') {
		if (ks_js_kind(vals[1]) != '[')
			return corrupt(st, vals[1].p, "\"requires\" is not an array");
		*requires = vals[1];
	}
	return 0;
}

/* Calls fn(st, s, span, ud) with each string of a "requires" array and its span. */
static int each_require(struct cstate *st, struct ks_str requires,
	int (*fn)(struct cstate *st, const char *s, struct ks_str span, void *ud), void *ud)
{
	struct ks_jsit it;
	struct ks_str v;
	int r;

	if (requires.n == 0)
		return 0;
	if (ks_js_iter(&it, requires, '[') != 0)
		return corrupt(st, requires.p, "\"requires\" is not an array");
	while ((r = ks_js_next(&it, NULL, &v)) == 1) {
		const char *s;

		if ((r = ks_lang_jstr(&st->cx->arena, v, &s)) != 0 || s == NULL)
			return r == KS_ENOMEM ? r : corrupt(st, v.p, "requirement is not a string");
		if ((r = fn(st, s, v, ud)) != 0)
			return r;
	}
	return r < 0 ? corrupt(st, requires.p, "malformed \"requires\"") : 0;
}

static int put_direct(struct cstate *st, const char *s, struct ks_str span, void *ud)
{
	(void)st;
	(void)span;
	return ks_map_put(ud, s, strlen(s), (void *)s, NULL);
}

/* The package a node became: its ID and its index in out->pkgs. */
struct nodepkg {
	const char *id;
	size_t index;
};

/* Dependencies of one node: the IDs of the packages of the nodes it requires. */
struct graph {
	struct ks_map *nodes; /* node id -> struct nodepkg */
	struct ks_pkg *p;
};

static int add_dep(struct cstate *st, const char *s, struct ks_str span, void *ud)
{
	struct graph *g = ud;
	const struct nodepkg *np = ks_map_get(g->nodes, s, strlen(s));

	(void)span;
	return np != NULL ? ks_strv_push(&st->cx->arena, &g->p->depends_on, np->id) : 0;
}

/* Adds the package of one node and records it in nodes. */
static int add_node(struct cstate *st, struct ks_map *direct, struct ks_map *nodes,
	struct ks_str k, struct ks_str v)
{
	const char *key, *ref;
	struct nodepkg *np;
	struct ks_str req;
	struct ks_pkg *p;
	int r;

	if ((r = ks_lang_jkey(&st->cx->arena, k, &key)) != 0)
		return r == KS_ENOMEM ? r : corrupt(st, k.p, "bad object key");
	if ((r = node_fields(st, v, &ref, &req)) != 0)
		return r;
	if (ref == NULL || ref[0] == '\0')
		return 0;
	if ((r = add_ref(st, ref, ks_lineno_ptr(&st->ln, v.p),
		     ks_lineno_ptr(&st->ln, v.p + v.n - 1), &p)) != 0 ||
		p == NULL)
		return r;
	p->relationship = ks_map_has(direct, key, strlen(key)) ? KS_REL_DIRECT : KS_REL_INDIRECT;
	if ((np = ks_arena_calloc(&st->cx->arena, 1, sizeof(*np))) == NULL)
		return KS_ENOMEM;
	np->index = st->out->npkgs - 1;
	np->id = p->id ? p->id : ks_lang_id(&st->cx->arena, p->name, '/', p->version);
	if (np->id == NULL)
		return KS_ENOMEM;
	return ks_map_put(nodes, key, strlen(key), np, NULL);
}

static int parse_v1(struct cstate *st, struct ks_str nodes)
{
	struct ks_map direct, pkgs;
	struct ks_jsit it;
	struct ks_str k, v, req;
	const char *ref;
	int r;

	ks_map_init(&direct);
	ks_map_init(&pkgs);
	if (ks_js_iter(&it, nodes, '{') != 0) {
		r = corrupt(st, nodes.p, "\"nodes\" is not an object");
		goto out;
	}
	/* node "0" first: it says which packages are direct */
	while ((r = ks_js_next(&it, &k, &v)) == 1) {
		if (!ks_str_eq(k, "0"))
			continue;
		if ((r = node_fields(st, v, &ref, &req)) != 0 ||
			(r = each_require(st, req, put_direct, &direct)) != 0)
			goto out;
	}
	if (r < 0) {
		r = corrupt(st, nodes.p, "malformed \"nodes\"");
		goto out;
	}
	ks_js_iter(&it, nodes, '{');
	while ((r = ks_js_next(&it, &k, &v)) == 1)
		if ((r = add_node(st, &direct, &pkgs, k, v)) != 0)
			goto out;
	/* dependencies, once every node's package is known */
	ks_js_iter(&it, nodes, '{');
	while ((r = ks_js_next(&it, &k, &v)) == 1) {
		struct graph g = { &pkgs, NULL };
		const struct nodepkg *np;
		const char *key;

		if ((r = ks_lang_jkey(&st->cx->arena, k, &key)) != 0)
			goto out;
		if ((np = ks_map_get(&pkgs, key, strlen(key))) == NULL)
			continue;
		g.p = &st->out->pkgs[np->index];
		if ((r = node_fields(st, v, &ref, &req)) != 0 ||
			(r = each_require(st, req, add_dep, &g)) != 0)
			goto out;
	}
out:
	ks_map_release(&direct);
	ks_map_release(&pkgs);
	return r;
}

static int add_v2(struct cstate *st, const char *s, struct ks_str span, void *ud)
{
	struct ks_pkg *p;
	size_t line = ks_lineno_ptr(&st->ln, span.p);

	(void)ud;
	return add_ref(st, s, line, line, &p);
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	static const char *const keys[] = { "graph_lock", "requires" };
	static const char *const gkeys[] = { "nodes" };
	struct cstate st = { cx, f, out, { 0 }, 0, 0 };
	struct ks_str doc, vals[2], nodes = { NULL, 0 };
	int r;

	ks_lineno_init(&st.ln, (const char *)f->data, f->size);
	if ((r = ks_lang_json_doc(cx, AN, f, &doc)) != 0)
		goto out;
	if (ks_js_kind(doc) == 'n')
		goto out;
	if (ks_js_pick(doc, keys, 2, vals, NULL) != 0) {
		r = corrupt(&st, doc.p, "not a JSON object");
		goto out;
	}
	if (vals[0].n > 0 && ks_js_kind(vals[0]) != 'n' &&
		ks_js_pick(vals[0], gkeys, 1, &nodes, NULL) != 0) {
		r = corrupt(&st, vals[0].p, "\"graph_lock\" is not an object");
		goto out;
	}
	if (nodes.p != NULL && nodes.n > 0 && ks_js_kind(nodes) != 'n')
		r = parse_v1(&st, nodes);
	else if (vals[1].n > 0 && ks_js_kind(vals[1]) != 'n')
		r = each_require(&st, vals[1], add_v2, NULL);
	if (r != 0)
		goto out;
	if (st.bad > 0)
		r = ks_warn(cx, AN ": '%s': line %zu: %zu reference%s without name and version "
				"skipped",
			f->path, st.bad_line, st.bad, st.bad == 1 ? "" : "s");
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, AN ": '%s': out of memory", f->path);
	return r;
}

const struct ks_analyzer ks_analyzer_conan = {
	.name = "conan",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
