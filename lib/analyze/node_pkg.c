/*
 * node_pkg.c - installed Node.js packages ("node-pkg"): every package.json in an image or
 * root filesystem (node_modules/<any depth>/package.json, an application's own package.json), and
 * the Node.js runtime itself from include/node/node_version.h, as Trivy's node-pkg
 * analyzer reads them (post-build only).
 *
 * package.json: the first JSON value must be an object (bytes after it are ignored, as
 * Go's json.Decoder ignores them); "name" and "version" must be strings (or null), and
 * "dependencies", "optionalDependencies" and "devDependencies" objects of strings, else
 * the file is corrupt, because Trivy's typed decoding fails on them. A name that is not
 * URL-friendly (`^(@[A-Za-z0-9-._]+/)?[A-Za-z0-9-._]+$`) is corrupt too. A file without
 * a name or a version declares no package (helper package.json files inside packages).
 * "license" may be a string, a legacy {"type": ...} object or an array of those (util
 * langkit); the names are normalised. FilePath is the package.json itself, so two copies
 * of a package at different paths are two packages and one path is one package however
 * often its layers rewrite it (the merged tree holds one file per path).
 *
 * node_version.h: the NODE_MAJOR/MINOR/PATCH_VERSION defines give the package "node";
 * a header without all three gives nothing, a define whose value is not a number is
 * corrupt.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "analyze/lang_extra.h"
#include "util/jscan.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

#define WHO "node-pkg"

static bool wants(const char *path, size_t len)
{
	static const char ver_h[] = "include/node/node_version.h";
	struct ks_str p = { path, len };

	if (ks_str_eq(p, "package.json") || ks_str_hassuffix(p, "/package.json"))
		return true;
	return ks_str_eq(p, ver_h) || ks_str_hassuffix(p, "/include/node/node_version.h");
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_';
}

/* Trivy's packagejson.IsValidName (the empty name is valid). */
static bool valid_name(struct ks_str n)
{
	size_t i = 0, start;

	if (n.n == 0)
		return true;
	if (n.p[0] == '@') {
		for (i = 1; i < n.n && name_char(n.p[i]); i++)
			;
		if (i == 1 || i >= n.n || n.p[i] != '/')
			return false;
		i++;
	}
	for (start = i; i < n.n && name_char(n.p[i]); i++)
		;
	return i == n.n && i > start;
}

/* A member that Trivy decodes as map[string]string: null or an object of strings. */
static int check_string_map(struct ks_ctx *cx, const char *path, const char *what,
	struct ks_str v)
{
	struct ks_jsit it;
	struct ks_str key, val;
	int r;

	if (v.n == 0 || ks_js_kind(v) == 'n')
		return 0;
	if (ks_js_kind(v) != '{' || (r = ks_js_iter(&it, v, '{')) != 0)
		return ks_seterr(&cx->err, KS_ECORRUPT, WHO ": '%s': \"%s\" is not an object",
			path, what);
	while ((r = ks_js_next(&it, &key, &val)) == 1)
		if (ks_js_kind(val) != '"' && ks_js_kind(val) != 'n')
			return ks_seterr(&cx->err, KS_ECORRUPT,
				WHO ": '%s': \"%s\" has a non-string value", path, what);
	if (r < 0)
		return ks_seterr(&cx->err, r, WHO ": '%s': malformed \"%s\"", path, what);
	return 0;
}

/* A member Trivy decodes as a string: absent/null gives "", a string its contents. */
static int string_member(struct ks_ctx *cx, const char *path, const char *what,
	struct ks_str v, const char **out)
{
	int r = ks_lang_jstr(&cx->arena, v, out);

	if (r == KS_ECORRUPT)
		return ks_seterr(&cx->err, r, WHO ": '%s': \"%s\" is not a string", path, what);
	if (r == 0 && *out == NULL)
		*out = "";
	return r;
}

static int parse_package_json(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	static const char *const keys[] = { "name", "version", "license", "dependencies",
		"optionalDependencies", "devDependencies" };
	struct ks_str doc = { (const char *)f->data, f->size }, obj, v[6];
	const char *name, *version;
	struct ks_strv lics = { 0 };
	struct ks_pkg *p;
	size_t off = 0, i;
	int r;

	if ((r = ks_js_value(doc, &off, &obj)) != 0 || ks_js_kind(obj) != '{')
		return ks_seterr(&cx->err, r == KS_ELIMIT ? r : KS_ECORRUPT,
			WHO ": '%s': not a JSON object", f->path);
	if ((r = ks_js_pick(obj, keys, 6, v, NULL)) != 0)
		return ks_seterr(&cx->err, r, WHO ": '%s': malformed JSON", f->path);
	if ((r = string_member(cx, f->path, "name", v[0], &name)) != 0 ||
		(r = string_member(cx, f->path, "version", v[1], &version)) != 0)
		return r;
	for (i = 3; i < 6; i++)
		if ((r = check_string_map(cx, f->path, keys[i], v[i])) != 0)
			return r;
	if (!valid_name(ks_str_c(name)))
		return ks_seterr(&cx->err, KS_ECORRUPT,
			WHO ": '%s': name '%s' is not URL-friendly", f->path, name);
	if (name[0] == '\0' || version[0] == '\0')
		return 0;
	if (v[2].n > 0 && (r = ks_lang_npm_licenses(cx, WHO, f, v[2], &lics)) != 0)
		return r;
	if ((p = ks_lang_add(cx, out, ks_str_c(name), ks_str_c(version), 0, 0)) == NULL ||
		(p->file_path = ks_arena_strdup(&cx->arena, f->path)) == NULL)
		return KS_ENOMEM;
	p->licenses = lics;
	return 0;
}

/* include/node/node_version.h: the three version defines. */
static int parse_version_h(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	static const char *const defs[] = { "NODE_MAJOR_VERSION", "NODE_MINOR_VERSION",
		"NODE_PATCH_VERSION" };
	uint64_t ver[3] = { 0 };
	bool found[3] = { false };
	struct ks_lines it;
	struct ks_str line, fl[4];
	struct ks_pkg *p;
	char buf[80];
	size_t i, nf;

	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		for (nf = 0; nf < 4 && ks_str_field_next(&line, &fl[nf]); nf++)
			;
		if (nf != 3 || !ks_str_eq(fl[0], "#define"))
			continue;
		for (i = 0; i < 3 && !ks_str_eq(fl[1], defs[i]); i++)
			;
		if (i == 3)
			continue;
		if (!ks_str_to_u64(fl[2], 0x7fffffff, &ver[i]))
			return ks_seterr(&cx->err, KS_ECORRUPT, WHO ": '%s': line %zu: bad %s",
				f->path, it.lineno, defs[i]);
		found[i] = true;
	}
	if (!found[0] || !found[1] || !found[2])
		return 0;
	snprintf(buf, sizeof(buf), "%llu.%llu.%llu", (unsigned long long)ver[0],
		(unsigned long long)ver[1], (unsigned long long)ver[2]);
	if ((p = ks_lang_add(cx, out, KS_STR_LIT("node"), ks_str_c(buf), 0, 0)) == NULL ||
		(p->file_path = ks_arena_strdup(&cx->arena, f->path)) == NULL)
		return KS_ENOMEM;
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	if (ks_hassuffix(f->path, "node_version.h"))
		return parse_version_h(cx, f, out);
	return parse_package_json(cx, f, out);
}

const struct ks_analyzer ks_analyzer_node_pkg = {
	.name = "node-pkg",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_POST,
	.version = 1,
	.parse = parse,
	.wants = wants,
};
