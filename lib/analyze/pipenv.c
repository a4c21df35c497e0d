/*
 * pipenv.c - Pipfile.lock, read as Trivy's "pipenv" analyzer reads it (project trees).
 *
 * The file is one JSON object; its "default" object maps package names to objects whose
 * "version" string ("==2.28.1") gives the version once its leading "=" are trimmed (an
 * absent version gives an empty one, as in Trivy). Each package's Location spans the
 * lines of its object, from "{" to "}". Names are kept as written.
 *
 * The "develop" object lists development packages; Trivy ignores it, kensa reports them
 * marked as development dependencies (so the scanner drops them unless asked to include
 * development dependencies), except names that "default" lists too. Top-level keys match
 * case-insensitively, as Go's encoding/json matches struct fields; a key repeated merges
 * its packages, the later entry for a name winning.
 *
 * Malformed JSON, a package entry that is neither an object nor null, or a "version"
 * that is not a string make the file corrupt; a null entry is skipped.
 */
#include "analyze/analyzer.h"
#include "util/jscan.h"
#include "util/map.h"
#include "util/str.h"

#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "util/banned.h"

static const char an_name[] = "pipenv";

static bool wants(const char *path, size_t len)
{
	struct ks_str p = {path, len};

	return ks_str_eq(p, "Pipfile.lock") || ks_str_hassuffix(p, "/Pipfile.lock");
}

/* Line numbers of increasing positions in one text, counted incrementally. */
struct lines {
	const char *base, *at;
	unsigned line;
};

static unsigned line_of(struct lines *l, const char *pos)
{
	const char *nl;

	if (pos < l->at) {
		l->at = l->base;
		l->line = 1;
	}
	while ((nl = memchr(l->at, '\n', (size_t)(pos - l->at))) != NULL) {
		l->line++;
		l->at = nl + 1;
	}
	return l->line;
}

/* A corrupt-file error; the JSON parser names the line of malformed text. */
static int corrupt(struct ks_ctx *cx, const struct ks_file *f, const char *why)
{
	json_error_t jerr;
	json_t *j = json_loadb((const char *)f->data, f->size, 0, &jerr);

	if (j != NULL) {
		json_decref(j);
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': %s", an_name, f->path, why);
	}
	return ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': line %d: %s", an_name, f->path,
	        jerr.line, jerr.text);
}

/* Adds (or replaces) the package of one "default"/"develop" member. */
static int member(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out,
        struct ks_map *seen, struct lines *ln, struct ks_str key, struct ks_str val, bool dev)
{
	static const char *const keys[] = {"version"};
	struct ks_str vals[1], span;
	const char *name, *version = "";
	struct ks_pkg *p;
	size_t idx;
	int r;

	if ((r = ks_js_str((struct ks_str){key.p - 1, key.n + 2}, &cx->arena, &name, NULL)) != 0)
		return r == KS_ENOMEM ? r : corrupt(cx, f, "bad package name");
	if (ks_js_kind(val) == 'n')
		return 0;
	if (ks_js_kind(val) != '{')
		return corrupt(cx, f, "package entry is not an object");
	if (ks_js_pick(val, keys, 1, vals, &span) != 0)
		return corrupt(cx, f, "malformed package entry");
	if (vals[0].n > 0) {
		if (ks_js_kind(vals[0]) != '"' ||
		        (r = ks_js_str(vals[0], &cx->arena, &version, NULL)) != 0)
			return r == KS_ENOMEM ? r : corrupt(cx, f, "version is not a string");
		while (*version == '=')
			version++;
	}
	idx = (size_t)(uintptr_t)ks_map_get(seen, name, strlen(name));
	if (idx != 0) {
		p = &out->pkgs[idx - 1];
		if (dev && !p->dev)
			return 0; /* listed in "default" too */
	} else {
		if ((p = ks_ares_addpkg(cx, out)) == NULL ||
		        ks_map_put(seen, name, strlen(name), (void *)(uintptr_t)out->npkgs, NULL) !=
		                0)
			return KS_ENOMEM;
		if ((p->locs = ks_arena_alloc(&cx->arena, sizeof(*p->locs))) == NULL)
			return KS_ENOMEM;
		p->nlocs = 1;
	}
	p->name = name;
	p->version = version;
	p->dev = dev;
	p->locs[0].start = line_of(ln, val.p);
	p->locs[0].end = line_of(ln, val.p + val.n - 1);
	return 0;
}

/* All members of one section object. */
static int section(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out,
        struct ks_map *seen, struct lines *ln, struct ks_str obj, bool dev)
{
	struct ks_jsit it;
	struct ks_str key, val;
	int r;

	if (ks_js_kind(obj) == 'n')
		return 0;
	if (ks_js_iter(&it, obj, '{') != 0)
		return corrupt(cx, f,
		        dev ? "\"develop\" is not an object" : "\"default\" is not an object");
	while ((r = ks_js_next(&it, &key, &val)) == 1)
		if ((r = member(cx, f, out, seen, ln, key, val, dev)) != 0)
			return r;
	return r == 0 ? 0 : corrupt(cx, f, "malformed JSON");
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_str doc = {(const char *)f->data, f->size}, key, val;
	struct lines ln = {doc.p, doc.p, 1};
	struct ks_map seen;
	struct ks_jsit it;
	int pass, r = KS_EINTERNAL;

	if (ks_js_check(doc) != 0 || ks_js_iter(&it, doc, '{') != 0)
		return corrupt(cx, f, "not a JSON object");
	ks_map_init(&seen);
	/* "default" first, so that "develop" knows which names are production ones */
	for (pass = 0; pass < 2; pass++) {
		ks_js_iter(&it, doc, '{');
		while ((r = ks_js_next(&it, &key, &val)) == 1) {
			if (!ks_str_eqi(key, pass == 0 ? "default" : "develop"))
				continue;
			if ((r = section(cx, f, out, &seen, &ln, val, pass == 1)) != 0)
				goto out;
		}
		if (r != 0) {
			r = corrupt(cx, f, "malformed JSON");
			goto out;
		}
	}
	r = 0;
out:
	ks_map_release(&seen);
	return r;
}

const struct ks_analyzer ks_analyzer_pipenv = {
        .name = "pipenv",
        .kind = KS_AK_LANG,
        .modes = KS_MODE_PRE,
        .version = 1,
        .wants = wants,
        .parse = parse,
};
