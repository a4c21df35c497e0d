/*
 * bun.c - Bun lock files (bun.lock, the text format: JSON with comments and trailing
 * commas; pre-build trees only) as Trivy's bun parser reads them.
 *
 * Comments and trailing commas are blanked out (same length, so lines keep their numbers)
 * and the rest must be one well-formed JSON object with an integer "lockfileVersion".
 * "workspaces" maps workspace paths to {name, version, dependencies, devDependencies,
 * optionalDependencies, peerDependencies}; a name in any workspace's dependencies,
 * optionalDependencies or peerDependencies is a direct production dependency, one in
 * devDependencies a direct development dependency. Each member of "packages" is an array
 * [identifier, ...]: the identifier "name@version" gives the name and version (a nested
 * key such as "parent/child" is a copy of child installed under parent); the package's
 * metadata object is the second element, or the third when there are more than three (else
 * the other of the two, where Trivy fails on the file); its "dependencies" (when an
 * object) are what the package depends on, resolved from the package's own key
 * outwards ("parent/child/dep", "parent/dep", "dep"; unresolved names are dropped where
 * Trivy would write an empty ID). A "workspace:" version is the version of the workspace of
 * that name. A package that is a workspace is not a development dependency; every other
 * package is one unless a direct production dependency reaches it. A workspace package
 * has the workspace relationship, as in Trivy. Locations are the lines of the package's array.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "analyze/lang_extra.h"
#include "util/jscan.h"
#include "util/lineno.h"
#include "util/map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define WHO "bun"

static bool wants(const char *path, size_t len)
{
	struct ks_str p = { path, len };

	return ks_str_eq(p, "bun.lock") || ks_str_hassuffix(p, "/bun.lock");
}

/*
 * Blanks the comments ("//" to the end of the line, "/" "*" to "*" "/", newlines kept) and
 * the trailing commas (a "," that only white space and comments separate from "}" or "]")
 * of the n bytes at s, outside strings. Returns false for an unterminated comment.
 */
static bool blank_jsonc(char *s, size_t n)
{
	size_t i = 0, last_comma = SIZE_MAX;

	while (i < n) {
		char c = s[i];

		if (c == '"') {
			for (i++; i < n && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			i++;
			last_comma = SIZE_MAX;
			continue;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '/') {
			for (; i < n && s[i] != '\n'; i++)
				s[i] = ' ';
			continue;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			size_t j = i + 2;

			while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/'))
				j++;
			if (j + 1 >= n)
				return false;
			for (; i < j + 2; i++)
				if (s[i] != '\n')
					s[i] = ' ';
			continue;
		}
		if ((c == '}' || c == ']') && last_comma != SIZE_MAX)
			s[last_comma] = ' ';
		if (c == ',')
			last_comma = i;
		else if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			last_comma = SIZE_MAX;
		i++;
	}
	return true;
}

struct bpkg {
	const char *key;     /* the packages key */
	struct ks_str deps;  /* the metadata's "dependencies" object (may be empty) */
	size_t pkg;          /* index in out->pkgs */
};

struct bun {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	struct ks_lineno ln;
	struct ks_map ws;       /* workspace path -> version (arena string) */
	struct ks_map prod;     /* direct production dependency names */
	struct ks_map dev;      /* direct development dependency names */
	struct ks_map bykey;    /* packages key -> index + 1 in b */
	struct ks_lang_set set; /* the packages, by ID */
	struct bpkg *b;
	size_t nb, capb;
};

static int bad(struct bun *st, const char *at, const char *what)
{
	return ks_lang_corrupt(st->cx, WHO, st->f, at ? ks_lineno_ptr(&st->ln, at) : 0, "%s",
		what);
}

/* Adds the keys of a workspace dependency object (null or absent: none) to set. */
static int ws_names(struct bun *st, struct ks_str v, struct ks_map *set)
{
	struct ks_jsit it;
	struct ks_str key, val;
	int r;

	if (v.n == 0 || ks_js_kind(v) == 'n')
		return 0;
	if (ks_js_kind(v) != '{' || ks_js_iter(&it, v, '{') != 0)
		return bad(st, v.p, "workspace dependencies are not an object");
	while ((r = ks_js_next(&it, &key, &val)) == 1) {
		const char *name;

		if (ks_js_kind(val) != '"' && ks_js_kind(val) != 'n')
			return bad(st, val.p, "a workspace dependency is not a string");
		if ((r = ks_lang_jkey(&st->cx->arena, key, &name)) != 0)
			return r == KS_ECORRUPT ? bad(st, key.p, "bad key") : r;
		if ((r = ks_map_put(set, name, strlen(name), (void *)name, NULL)) != 0)
			return r;
	}
	return r < 0 ? bad(st, v.p, "malformed workspace dependencies") : 0;
}

static int workspaces(struct bun *st, struct ks_str v)
{
	static const char *const keys[] = { "version", "dependencies", "devDependencies",
		"optionalDependencies", "peerDependencies" };
	struct ks_jsit it;
	struct ks_str key, val, m[5];
	int r;

	if (v.n == 0 || ks_js_kind(v) == 'n')
		return 0;
	if (ks_js_kind(v) != '{' || ks_js_iter(&it, v, '{') != 0)
		return bad(st, v.p, "\"workspaces\" is not an object");
	while ((r = ks_js_next(&it, &key, &val)) == 1) {
		const char *path, *version;

		if (ks_js_kind(val) != '{' || ks_js_pick(val, keys, 5, m, NULL) != 0)
			return bad(st, val.p, "a workspace is not an object");
		if ((r = ks_lang_jkey(&st->cx->arena, key, &path)) != 0)
			return r == KS_ECORRUPT ? bad(st, key.p, "bad key") : r;
		if ((r = ks_lang_jstr(&st->cx->arena, m[0], &version)) != 0)
			return r == KS_ECORRUPT ? bad(st, m[0].p, "bad workspace version") : r;
		if ((r = ks_map_put(&st->ws, path, strlen(path), (void *)(version ? version : ""),
			     NULL)) != 0 ||
			(r = ws_names(st, m[1], &st->prod)) != 0 ||
			(r = ws_names(st, m[2], &st->dev)) != 0 ||
			(r = ws_names(st, m[3], &st->prod)) != 0 ||
			(r = ws_names(st, m[4], &st->prod)) != 0)
			return r;
	}
	return r < 0 ? bad(st, v.p, "malformed \"workspaces\"") : 0;
}

/* One packages member: [identifier, metadata...]. */
static int one_package(struct bun *st, const char *key, struct ks_str arr)
{
	struct ks_str el[4], meta = { NULL, 0 }, deps = { NULL, 0 }, id, name, ver;
	const char *ident, *wsver;
	struct ks_jsit it;
	struct ks_pkg *p;
	size_t n = 0, start, end, i, idx;
	bool fresh, is_ws, direct;
	ptrdiff_t at;
	int r;

	start = ks_lineno_ptr(&st->ln, arr.p);
	if (ks_js_kind(arr) != '[' || ks_js_iter(&it, arr, '[') != 0)
		return bad(st, arr.p, "a package is not an array");
	while ((r = ks_js_next(&it, NULL, &el[n < 4 ? n : 3])) == 1)
		n++;
	if (r < 0 || n == 0)
		return bad(st, arr.p, "a package array is malformed or empty");
	end = ks_lineno_ptr(&st->ln, arr.p + arr.n - 1);
	if ((r = ks_lang_jstr(&st->cx->arena, el[0], &ident)) != 0 || ident == NULL)
		return r == KS_ENOMEM ? r : bad(st, el[0].p, "an identifier is not a string");
	if (n > 1) {
		/* Trivy's place for the metadata; when that holds something else (Bun writes
		 * [pkg, info, tag, integrity] for git packages, which Trivy fails to read),
		 * the other candidate */
		meta = n > 3 ? el[2] : el[1];
		if (ks_js_kind(meta) != '{' && n > 2)
			meta = n > 3 ? el[1] : el[2];
		if (ks_js_kind(meta) == '{' && (r = ks_js_find(meta, "dependencies", &deps)) < 0)
			return bad(st, meta.p, "malformed package metadata");
		if (deps.n > 0 && ks_js_kind(deps) != '{')
			deps.n = 0; /* Trivy reads it only when it is an object */
	}
	/* "name@version": the name ends at the first "@" after its first character */
	id = ks_str_c(ident);
	at = id.n > 1 ? ks_str_chr(ks_str_sub(id, 1, id.n), '@') : -1;
	name = at < 0 ? id : ks_str_sub(id, 0, (size_t)at + 1);
	ver = at < 0 ? (struct ks_str){ id.p + id.n, 0 } : ks_str_sub(id, (size_t)at + 2, id.n);
	if (ks_str_hasprefix(ver, "workspace")) {
		wsver = ks_map_get(&st->ws, key, strlen(key));
		ver = ks_str_c(wsver);
	}
	if ((r = ks_lang_set_get(st->cx, &st->set, name, ver, &idx, &fresh)) != 0 ||
		(r = ks_lang_set_loc(st->cx, &st->set, idx, (unsigned)start, (unsigned)end)) != 0)
		return r;
	p = &st->out->pkgs[idx];
	is_ws = ks_map_has(&st->ws, key, strlen(key));
	direct = is_ws || ks_map_has(&st->prod, key, strlen(key)) ||
		 ks_map_has(&st->dev, key, strlen(key));
	if (is_ws) {
		p->relationship = KS_REL_WORKSPACE;
		p->dev = false;
	} else if (fresh) {
		p->relationship = direct ? KS_REL_DIRECT : KS_REL_INDIRECT;
		p->dev = true;
	} else if (direct && p->relationship != KS_REL_WORKSPACE) {
		p->relationship = KS_REL_DIRECT;
	}
	if (st->nb == st->capb) {
		size_t cap = st->capb ? 2 * st->capb : 64;
		struct bpkg *nb = realloc(st->b, cap * sizeof(*nb));

		if (nb == NULL)
			return KS_ENOMEM;
		st->b = nb;
		st->capb = cap;
	}
	i = st->nb++;
	st->b[i] = (struct bpkg){ key, deps, idx };
	return ks_map_put(&st->bykey, key, strlen(key), (void *)(uintptr_t)(i + 1), NULL);
}

/*
 * The entry a dependency name resolves to from the package whose key is key: key/name,
 * then the same with key's last package name removed, and so on, then name itself.
 * NULL when none exists.
 */
static struct bpkg *resolve(struct bun *st, const char *key, const char *name)
{
	size_t kl = strlen(key), nl = strlen(name), cut = kl;
	struct bpkg *found = NULL;
	char *buf = malloc(kl + nl + 2);

	if (buf == NULL)
		return NULL;
	memcpy(buf, key, kl);
	for (;;) {
		void *v;
		size_t i;

		if (cut > 0) {
			buf[cut] = '/';
			memcpy(buf + cut + 1, name, nl + 1);
			v = ks_map_get(&st->bykey, buf, cut + 1 + nl);
		} else {
			v = ks_map_get(&st->bykey, name, nl);
		}
		if (v != NULL) {
			found = &st->b[(size_t)(uintptr_t)v - 1];
			break;
		}
		if (cut == 0)
			break;
		/* drop the last package name of key[0..cut): "a/@s/b" -> "a" */
		for (i = cut; i > 0 && buf[i - 1] != '/'; i--)
			;
		if (i > 1 && buf[i] != '@') {
			size_t j = i - 1;

			while (j > 0 && buf[j - 1] != '/')
				j--;
			if (buf[j] == '@')
				i = j;
		}
		cut = i > 0 ? i - 1 : 0;
	}
	free(buf);
	return found;
}

static int link_deps(struct bun *st)
{
	size_t i;
	int r;

	for (i = 0; i < st->nb; i++) {
		struct ks_pkg *p = &st->out->pkgs[st->b[i].pkg];
		struct ks_jsit it;
		struct ks_str key, val;

		if (st->b[i].deps.n == 0)
			continue;
		if (ks_js_iter(&it, st->b[i].deps, '{') != 0)
			return bad(st, st->b[i].deps.p, "malformed dependencies");
		while ((r = ks_js_next(&it, &key, &val)) == 1) {
			const char *name, *id;
			const struct bpkg *d;
			const struct ks_pkg *q;

			if ((r = ks_lang_jkey(&st->cx->arena, key, &name)) != 0)
				return r == KS_ECORRUPT ? bad(st, key.p, "bad key") : r;
			if ((d = resolve(st, st->b[i].key, name)) == NULL)
				continue;
			q = &st->out->pkgs[d->pkg];
			if ((id = ks_lang_id(&st->cx->arena, q->name, '@', q->version)) == NULL ||
				ks_strv_push(&st->cx->arena, &p->depends_on, id) != 0)
				return KS_ENOMEM;
		}
		if (r < 0)
			return bad(st, st->b[i].deps.p, "malformed dependencies");
	}
	return 0;
}

/* Marks what the direct production dependencies reach as production packages. */
static int mark_prod(struct bun *st)
{
	size_t *stack, n = 0, i;
	uint8_t *seen;
	int r = 0;

	stack = malloc((st->nb + 1) * sizeof(*stack));
	seen = calloc(st->nb + 1, 1);
	if (stack == NULL || seen == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	for (i = 0; i < st->nb; i++) {
		const struct ks_pkg *p = &st->out->pkgs[st->b[i].pkg];
		const char *k = st->b[i].key;

		if (p->relationship == KS_REL_DIRECT && !ks_map_has(&st->ws, k, strlen(k)) &&
			ks_map_has(&st->prod, k, strlen(k)) && !seen[i]) {
			seen[i] = 1;
			stack[n++] = i;
		}
	}
	while (n > 0) {
		const struct bpkg *b = &st->b[stack[--n]];
		struct ks_jsit it;
		struct ks_str key, val;

		st->out->pkgs[b->pkg].dev = false;
		if (b->deps.n == 0 || ks_js_iter(&it, b->deps, '{') != 0)
			continue;
		while (ks_js_next(&it, &key, &val) == 1) {
			const char *name;
			const struct bpkg *d;

			if ((r = ks_lang_jkey(&st->cx->arena, key, &name)) != 0)
				goto out;
			if ((d = resolve(st, b->key, name)) == NULL || seen[d - st->b])
				continue;
			seen[d - st->b] = 1;
			stack[n++] = (size_t)(d - st->b);
		}
	}
out:
	free(stack);
	free(seen);
	return r;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	static const char *const keys[] = { "lockfileVersion", "workspaces", "packages" };
	struct bun st = { .cx = cx, .f = f, .out = out };
	struct ks_str doc, v[3], key, val;
	struct ks_file clean;
	struct ks_jsit it;
	uint64_t ver;
	bool neg;
	char *text;
	int r;

	ks_map_init(&st.ws);
	ks_map_init(&st.prod);
	ks_map_init(&st.dev);
	ks_map_init(&st.bykey);
	ks_lang_set_init(&st.set, out);
	if ((text = malloc(f->size + 1)) == NULL)
		return KS_ENOMEM;
	if (f->size > 0)
		memcpy(text, f->data, f->size);
	clean = (struct ks_file){ f->path, (const uint8_t *)text, f->size };
	ks_lineno_init(&st.ln, text, f->size);
	if (!blank_jsonc(text, f->size)) {
		r = bad(&st, NULL, "unterminated comment");
		goto out;
	}
	if ((r = ks_lang_json_doc(cx, WHO, &clean, &doc)) != 0)
		goto out;
	if (ks_js_kind(ks_str_trim(doc)) != '{' || ks_js_pick(doc, keys, 3, v, NULL) != 0) {
		r = bad(&st, NULL, "not a JSON object");
		goto out;
	}
	neg = v[0].n > 0 && v[0].p[0] == '-';
	if (v[0].n > 0 && ks_js_kind(v[0]) != 'n' &&
		!ks_str_to_u64(ks_str_sub(v[0], neg, v[0].n), INT32_MAX, &ver)) {
		r = bad(&st, v[0].p, "\"lockfileVersion\" is not an integer");
		goto out;
	}
	if ((r = workspaces(&st, v[1])) != 0)
		goto out;
	if (v[2].n > 0 && ks_js_kind(v[2]) != 'n') {
		if (ks_js_kind(v[2]) != '{' || ks_js_iter(&it, v[2], '{') != 0) {
			r = bad(&st, v[2].p, "\"packages\" is not an object");
			goto out;
		}
		while ((r = ks_js_next(&it, &key, &val)) == 1) {
			const char *k;

			if ((r = ks_lang_jkey(&cx->arena, key, &k)) != 0) {
				r = r == KS_ECORRUPT ? bad(&st, key.p, "bad key") : r;
				goto out;
			}
			if ((r = one_package(&st, k, val)) != 0)
				goto out;
		}
		if (r < 0) {
			r = bad(&st, v[2].p, "malformed \"packages\"");
			goto out;
		}
	}
	if ((r = link_deps(&st)) == 0 && (r = mark_prod(&st)) == 0)
		ks_lang_set_sort(&st.set);
out:
	free(st.b);
	free(text);
	ks_map_release(&st.ws);
	ks_map_release(&st.prod);
	ks_map_release(&st.dev);
	ks_map_release(&st.bykey);
	ks_lang_set_release(&st.set);
	return r;
}

const struct ks_analyzer ks_analyzer_bun = {
	.name = "bun",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.parse = parse,
	.wants = wants,
};
