/*
 * yarn_manifest.c - the package.json step of Trivy's yarn analyzer
 * (ks_lang_yarn_package_json(), declared in analyze/lang_extra.h): the package.json next
 * to a yarn.lock and the package.json files of its workspaces say which locked packages
 * are direct, indirect and development dependencies.
 *
 * A package.json is read as Trivy's packagejson parser decodes it with Go's encoding/json:
 * the first JSON value of the file (bytes after it ignored) must be an object or null;
 * members are matched to the fields name, version, license, dependencies,
 * optionalDependencies, devDependencies and workspaces case-insensitively (with Go's
 * folding: "ſ" is "s", "K" (Kelvin) "k", "ı" and "İ" "i"), a repeated member overriding
 * the earlier one except that repeated dependency objects merge; name and version must be
 * strings or null, the three dependency members objects of strings or null (a null value
 * is the empty range, a null object empties the map); the name must be URL-friendly; an
 * array "workspaces" (or the "packages" array of an object one) must hold strings only
 * (Trivy panics on anything else), any other value means no workspaces. The licence takes
 * the npm shapes (analyze/lang_extra.h) and is normalised. The package is
 * "name@version" when both are set, else named by the file's path.
 *
 * Workspaces: each pattern is joined to the lock file's directory and cleaned as Go's
 * path.Join does, then matched as io/fs.Glob matches it (path.Match per path element,
 * "**" being "*"; a malformed element, or more than 10000 elements after the first with
 * a metacharacter, is a malformed pattern); every package.json at or below a match, in
 * Go's walk order (path elements compared bytewise), is a workspace, in pattern order (a
 * file reached by two patterns is two workspaces). A pattern climbing out of the tree
 * matches nothing.
 *
 * The walk (Trivy's resolveDependencies) works on a table keyed by package ID: the locked
 * packages (a repeated ID keeps the last one), then the root, then each workspace as it is
 * resolved (replacing a package with its ID). For the root and then each workspace, the
 * development dependencies and then the production ones (dependencies overridden by
 * optionalDependencies) are walked: a package whose name is declared is direct when the
 * declared range, after an "npm:name@range" alias (Yarn's fragment pattern) renamed the
 * package to the aliased name, is one of the package's lock patterns or, failing that,
 * when npm's comparer says its version satisfies the range (an unparsable version or
 * range fails the whole step); it becomes a dependency of the workspace, takes the walk's
 * development flag unless it is already a production package, and everything it reaches
 * through DependsOn that the walk has not seen becomes indirect, taking its parent's
 * flag on the same condition. A later walk overrides the relationship an earlier one set.
 * Packages nothing reaches stay as the lock file had them. The root and workspace
 * packages keep their dependencies sorted bytewise, repeats included, as Trivy does.
 *
 * Go visits its package map in random order; the outcome does not depend on it, so
 * packages are visited here per declared name in the order of the file.
 */
#include "analyze/lang.h"
#include "analyze/lang_extra.h"
#include "util/jscan.h"
#include "util/map.h"
#include "util/path.h"
#include "version/version.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define WHO "yarn"
#define MAXWS 65536               /* workspace manifests read */
#define MAXVISITS (1u << 24)      /* tree files examined for the workspace globs */
#define MAXSTEPS (1u << 26)       /* packages and dependencies visited by the walks */
#define MAXGLOBDEPTH 10000        /* io/fs.Glob's pathSeparatorsLimit */

/* A decoded map[string]string, in the order names first appeared. */
struct jmap {
	const char **name, **val;
	size_t n, cap;
};

/* What Trivy's packagejson parser keeps of one package.json. */
struct manifest {
	const struct ks_file *f;
	const char *id, *name, *version;
	struct ks_strv lics;
	struct jmap deps, opt, dev;
	struct ks_strv ws; /* workspace patterns */
};

/* ---- package.json ---------------------------------------------------------------- */

enum { F_NAME, F_VERSION, F_LICENSE, F_DEPS, F_OPT, F_DEV, F_WS, F_NONE };

/*
 * True if key equals the upper-case ASCII field name up as Go's encoding/json folds
 * names (appendFoldedName: ASCII letters upper-cased, other runes ToUpper(ToLower(r))):
 * the only non-ASCII runes folding to ASCII letters are U+017F (S), U+212A (K), U+0131
 * and U+0130 (I).
 */
static bool fold_eq(struct ks_str key, const char *up)
{
	static const struct {
		const char *utf8;
		char c;
	} sp[] = { { "\xc5\xbf", 'S' }, { "\xe2\x84\xaa", 'K' }, { "\xc4\xb1", 'I' },
		{ "\xc4\xb0", 'I' } };
	size_t i = 0, k;

	for (; *up != '\0'; up++) {
		char c;

		if (i >= key.n)
			return false;
		c = key.p[i];
		if ((unsigned char)c < 0x80) {
			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			if (c != *up)
				return false;
			i++;
			continue;
		}
		for (k = 0; k < sizeof(sp) / sizeof(sp[0]); k++) {
			size_t n = strlen(sp[k].utf8);

			if (sp[k].c == *up && key.n - i >= n &&
				memcmp(key.p + i, sp[k].utf8, n) == 0)
				break;
		}
		if (k == sizeof(sp) / sizeof(sp[0]))
			return false;
		i += strlen(sp[k].utf8);
	}
	return i == key.n;
}

/* The field a member key (raw, between its quotes) selects; F_NONE for others. */
static int field_of(struct ks_ctx *cx, struct ks_str raw, int *field)
{
	static const char *const up[] = { "NAME", "VERSION", "LICENSE", "DEPENDENCIES",
		"OPTIONALDEPENDENCIES", "DEVDEPENDENCIES", "WORKSPACES" };
	struct ks_str key = raw;
	const char *dec;
	int r, i;

	if (ks_str_chr(raw, '\\') >= 0) {
		if ((r = ks_lang_jkey(&cx->arena, raw, &dec)) != 0)
			return r;
		key = ks_str_c(dec);
	}
	*field = F_NONE;
	for (i = 0; i < F_NONE; i++)
		if (fold_eq(key, up[i]))
			*field = i;
	return 0;
}

/* Sets name to val in a map being decoded (idx: name -> index + 1), as Go assigns. */
static int jmap_put(struct ks_ctx *cx, struct jmap *m, struct ks_map *idx, const char *name,
	const char *val)
{
	void *at = ks_map_get(idx, name, strlen(name));
	int r;

	if (at != NULL) {
		m->val[(size_t)(uintptr_t)at - 1] = val;
		return 0;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap;
		const char **nn = ks_arena_grow(&cx->arena, m->name, m->n, &cap, m->n + 1,
			sizeof(*nn));
		const char **nv;

		if (nn == NULL)
			return KS_ENOMEM;
		m->name = nn;
		cap = m->cap;
		if ((nv = ks_arena_grow(&cx->arena, m->val, m->n, &cap, m->n + 1, sizeof(*nv))) ==
			NULL)
			return KS_ENOMEM;
		m->val = nv;
		m->cap = cap;
	}
	if ((r = ks_map_put(idx, name, strlen(name), (void *)(uintptr_t)(m->n + 1), NULL)) != 0)
		return r;
	m->name[m->n] = name;
	m->val[m->n++] = val;
	return 0;
}

/* Decodes one dependency member (map[string]string) into m. */
static int read_jmap(struct ks_ctx *cx, const struct ks_file *f, const char *what,
	struct ks_str v, struct jmap *m, struct ks_map *idx)
{
	struct ks_str key, val;
	struct ks_jsit it;
	int r;

	if (ks_js_kind(v) == 'n') {
		m->n = 0;
		ks_map_release(idx);
		ks_map_init(idx);
		return 0;
	}
	if (ks_js_kind(v) != '{' || ks_js_iter(&it, v, '{') != 0)
		return ks_lang_corrupt(cx, WHO, f, 0, "\"%s\" is not an object", what);
	while ((r = ks_js_next(&it, &key, &val)) == 1) {
		const char *name, *s;

		if ((r = ks_lang_jkey(&cx->arena, key, &name)) != 0)
			break;
		if (ks_js_kind(val) != '"' && ks_js_kind(val) != 'n')
			return ks_lang_corrupt(cx, WHO, f, 0, "\"%s\" has a non-string value",
				what);
		if ((r = ks_lang_jstr(&cx->arena, val, &s)) != 0)
			break;
		if ((r = jmap_put(cx, m, idx, name, s != NULL ? s : "")) != 0)
			return r;
	}
	if (r < 0 && r != KS_ENOMEM)
		return ks_lang_corrupt(cx, WHO, f, 0, "malformed \"%s\"", what);
	return r < 0 ? r : 0;
}

/* A name or version member: a string sets it, null leaves it. */
static int read_string(struct ks_ctx *cx, const struct ks_file *f, const char *what,
	struct ks_str v, const char **out)
{
	const char *s;
	int r;

	if (ks_js_kind(v) == 'n')
		return 0;
	if (ks_js_kind(v) != '"')
		return ks_lang_corrupt(cx, WHO, f, 0, "\"%s\" is not a string", what);
	if ((r = ks_lang_jstr(&cx->arena, v, &s)) != 0)
		return r == KS_ECORRUPT ? ks_lang_corrupt(cx, WHO, f, 0, "bad \"%s\"", what) : r;
	*out = s;
	return 0;
}

/* Appends the strings of the array span v to out (anything else in it is corrupt). */
static int read_patterns(struct ks_ctx *cx, const struct ks_file *f, struct ks_str v,
	struct ks_strv *out)
{
	struct ks_str el;
	struct ks_jsit it;
	int r;

	if (ks_js_iter(&it, v, '[') != 0)
		return ks_lang_corrupt(cx, WHO, f, 0, "malformed \"workspaces\"");
	while ((r = ks_js_next(&it, NULL, &el)) == 1) {
		const char *s;

		if (ks_js_kind(el) != '"' || (r = ks_lang_jstr(&cx->arena, el, &s)) == KS_ECORRUPT)
			return ks_lang_corrupt(cx, WHO, f, 0, "a workspace is not a string");
		if (r != 0 || (r = ks_strv_push(&cx->arena, out, s)) != 0)
			return r;
	}
	return r < 0 ? ks_lang_corrupt(cx, WHO, f, 0, "malformed \"workspaces\"") : 0;
}

/* Trivy's parseWorkspaces on the last "workspaces" value v. */
static int read_workspaces(struct ks_ctx *cx, const struct ks_file *f, struct ks_str v,
	struct ks_strv *out)
{
	struct ks_str key, val, pkgs = { NULL, 0 };
	struct ks_jsit it;
	int r;

	if (ks_js_kind(v) == '[')
		return read_patterns(cx, f, v, out);
	if (ks_js_kind(v) != '{')
		return 0;
	if (ks_js_iter(&it, v, '{') != 0)
		return ks_lang_corrupt(cx, WHO, f, 0, "malformed \"workspaces\"");
	while ((r = ks_js_next(&it, &key, &val)) == 1) {
		const char *name;

		if ((r = ks_lang_jkey(&cx->arena, key, &name)) != 0)
			break;
		if (strcmp(name, "packages") == 0)
			pkgs = val;
	}
	if (r < 0)
		return r == KS_ENOMEM ? r :
					ks_lang_corrupt(cx, WHO, f, 0, "malformed \"workspaces\"");
	if (pkgs.p == NULL)
		return 0;
	if (ks_js_kind(pkgs) != '[')
		return ks_lang_corrupt(cx, WHO, f, 0,
			"\"workspaces\".\"packages\" is not an array");
	return read_patterns(cx, f, pkgs, out);
}

/*
 * Reads the package.json f into m as Trivy's packagejson.Parse does (see the header
 * comment). 0, KS_ECORRUPT with "yarn: '<path>': <problem>", KS_ELIMIT, KS_ENOMEM.
 */
static int read_manifest(struct ks_ctx *cx, const struct ks_file *f, struct manifest *m)
{
	struct ks_str doc = { (const char *)f->data, f->size }, obj, key, val;
	struct ks_str lic = { NULL, 0 }, ws = { NULL, 0 };
	struct ks_map idx[3];
	struct ks_jsit it;
	size_t off = 0;
	int r, i, field;

	memset(m, 0, sizeof(*m));
	m->f = f;
	m->name = m->version = "";
	for (i = 0; i < 3; i++)
		ks_map_init(&idx[i]);
	if (doc.p == NULL)
		doc.p = "";
	if ((r = ks_js_value(doc, &off, &obj)) != 0) {
		r = r == KS_ELIMIT ? ks_seterr(&cx->err, r, WHO ": '%s': JSON nested too deeply",
					     f->path) :
				     ks_lang_corrupt(cx, WHO, f, 0, "not a JSON document");
		goto out;
	}
	if (ks_js_kind(obj) != 'n') {
		if (ks_js_kind(obj) != '{' || ks_js_iter(&it, obj, '{') != 0) {
			r = ks_lang_corrupt(cx, WHO, f, 0, "not a JSON object");
			goto out;
		}
		while ((r = ks_js_next(&it, &key, &val)) == 1) {
			if ((r = field_of(cx, key, &field)) != 0)
				break;
			switch (field) {
			case F_NAME:
				r = read_string(cx, f, "name", val, &m->name);
				break;
			case F_VERSION:
				r = read_string(cx, f, "version", val, &m->version);
				break;
			case F_LICENSE:
				lic = val;
				break;
			case F_DEPS:
				r = read_jmap(cx, f, "dependencies", val, &m->deps, &idx[0]);
				break;
			case F_OPT:
				r = read_jmap(cx, f, "optionalDependencies", val, &m->opt, &idx[1]);
				break;
			case F_DEV:
				r = read_jmap(cx, f, "devDependencies", val, &m->dev, &idx[2]);
				break;
			case F_WS:
				ws = val;
				break;
			}
			if (r != 0)
				goto out;
		}
		if (r < 0) {
			r = r == KS_ENOMEM ? r : ks_lang_corrupt(cx, WHO, f, 0, "malformed JSON");
			goto out;
		}
	}
	if (!ks_lang_npm_valid_name(ks_str_c(m->name))) {
		r = ks_lang_corrupt(cx, WHO, f, 0, "name '%s' is not URL-friendly", m->name);
		goto out;
	}
	if (lic.p != NULL && (r = ks_lang_npm_licenses(cx, WHO, f, lic, &m->lics)) != 0)
		goto out;
	if (ws.p != NULL && (r = read_workspaces(cx, f, ws, &m->ws)) != 0)
		goto out;
	m->id = m->name[0] != '\0' && m->version[0] != '\0' ?
			ks_lang_id(&cx->arena, m->name, '@', m->version) :
			ks_arena_strdup(&cx->arena, f->path);
	r = m->id == NULL ? KS_ENOMEM : 0;
out:
	for (i = 0; i < 3; i++)
		ks_map_release(&idx[i]);
	return r;
}

/* ---- workspace globs --------------------------------------------------------------- */

/* Go's utf8.DecodeRune at s.p[i] (i < s.n): *r gets the rune (U+FFFD for a byte that
 * does not start a valid sequence, consuming 1 byte); returns the bytes consumed. */
static size_t rune_at(struct ks_str s, size_t i, uint32_t *r)
{
	const unsigned char *p = (const unsigned char *)s.p + i;
	size_t left = s.n - i, n, k;
	uint32_t c = p[0], min;

	if (c < 0x80) {
		*r = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		*r = 0xfffd;
		return 1;
	}
	if (left < n)
		goto bad;
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (p[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*r = c;
	return n;
bad:
	*r = 0xfffd;
	return 1;
}

static bool has_meta(struct ks_str s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (s.p[i] == '*' || s.p[i] == '?' || s.p[i] == '[' || s.p[i] == '\\')
			return true;
	return false;
}

/* path.Match's getEsc: one (possibly escaped) character of a class into *r. */
static int get_esc(struct ks_str *chunk, uint32_t *r)
{
	struct ks_str c = *chunk;
	size_t n;

	if (c.n == 0 || c.p[0] == '-' || c.p[0] == ']')
		return KS_ECORRUPT;
	if (c.p[0] == '\\') {
		c = ks_str_sub(c, 1, c.n);
		if (c.n == 0)
			return KS_ECORRUPT;
	}
	n = rune_at(c, 0, r);
	if (*r == 0xfffd && n == 1 && (unsigned char)c.p[0] >= 0x80)
		return KS_ECORRUPT;
	*chunk = ks_str_sub(c, n, c.n);
	return chunk->n == 0 ? KS_ECORRUPT : 0;
}

/*
 * path.Match's matchChunk: 1 with *rest = what follows in s when chunk matches a prefix
 * of s, 0 when it does not, KS_ECORRUPT when chunk is malformed (checked to its end even
 * after a mismatch).
 */
static int match_chunk(struct ks_str chunk, struct ks_str s, struct ks_str *rest)
{
	bool failed = false;
	int r;

	while (chunk.n > 0) {
		if (!failed && s.n == 0)
			failed = true;
		switch (chunk.p[0]) {
		case '[': {
			uint32_t c = 0, lo, hi;
			bool negated = false, match = false;
			size_t nrange = 0;

			if (!failed)
				s = ks_str_sub(s, rune_at(s, 0, &c), s.n);
			chunk = ks_str_sub(chunk, 1, chunk.n);
			if (chunk.n > 0 && chunk.p[0] == '^') {
				negated = true;
				chunk = ks_str_sub(chunk, 1, chunk.n);
			}
			for (;;) {
				if (chunk.n > 0 && chunk.p[0] == ']' && nrange > 0) {
					chunk = ks_str_sub(chunk, 1, chunk.n);
					break;
				}
				if ((r = get_esc(&chunk, &lo)) != 0)
					return r;
				hi = lo;
				if (chunk.p[0] == '-') {
					chunk = ks_str_sub(chunk, 1, chunk.n);
					if ((r = get_esc(&chunk, &hi)) != 0)
						return r;
				}
				if (lo <= c && c <= hi)
					match = true;
				nrange++;
			}
			if (match == negated)
				failed = true;
			break;
		}
		case '?':
			if (!failed) {
				uint32_t c;

				if (s.p[0] == '/')
					failed = true;
				s = ks_str_sub(s, rune_at(s, 0, &c), s.n);
			}
			chunk = ks_str_sub(chunk, 1, chunk.n);
			break;
		case '\\':
			chunk = ks_str_sub(chunk, 1, chunk.n);
			if (chunk.n == 0)
				return KS_ECORRUPT;
			/* fall through */
		default:
			if (!failed) {
				if (chunk.p[0] != s.p[0])
					failed = true;
				s = ks_str_sub(s, 1, s.n);
			}
			chunk = ks_str_sub(chunk, 1, chunk.n);
			break;
		}
	}
	if (failed)
		return 0;
	*rest = s;
	return 1;
}

/* path.Match's scanChunk: leading stars, then up to the next star outside a class. */
static void scan_chunk(struct ks_str *pat, bool *star, struct ks_str *chunk)
{
	struct ks_str p = *pat;
	bool inrange = false;
	size_t i;

	*star = false;
	while (p.n > 0 && p.p[0] == '*') {
		p = ks_str_sub(p, 1, p.n);
		*star = true;
	}
	for (i = 0; i < p.n; i++) {
		if (p.p[i] == '\\') {
			if (i + 1 < p.n)
				i++;
		} else if (p.p[i] == '[') {
			inrange = true;
		} else if (p.p[i] == ']') {
			inrange = false;
		} else if (p.p[i] == '*' && !inrange) {
			break;
		}
	}
	*chunk = ks_str_sub(p, 0, i);
	*pat = ks_str_sub(p, i, p.n);
}

/* Go's path.Match(pat, name): 1, 0, or KS_ECORRUPT for a malformed pattern. */
static int glob_match(struct ks_str pat, struct ks_str name)
{
	struct ks_str chunk, t;
	bool star;
	int r;

next:
	while (pat.n > 0) {
		size_t i;

		scan_chunk(&pat, &star, &chunk);
		if (star && chunk.n == 0)
			return ks_str_chr(name, '/') < 0;
		r = match_chunk(chunk, name, &t);
		if (r == 1 && (t.n == 0 || pat.n > 0)) {
			name = t;
			continue;
		}
		if (r < 0)
			return r;
		if (star) {
			for (i = 0; i < name.n && name.p[i] != '/'; i++) {
				r = match_chunk(chunk, ks_str_sub(name, i + 1, name.n), &t);
				if (r == 1) {
					if (pat.n == 0 && t.n > 0)
						continue;
					name = t;
					goto next;
				}
				if (r < 0)
					return r;
			}
		}
		while (pat.n > 0) {
			scan_chunk(&pat, &star, &chunk);
			if (match_chunk(chunk, (struct ks_str){ "", 0 }, &t) < 0)
				return KS_ECORRUPT;
		}
		return 0;
	}
	return name.n == 0;
}

/* Bytewise order of paths with '/' below every other byte: Go's walk order. */
static int cmp_walk(const void *a, const void *b)
{
	const unsigned char *x = (const unsigned char *)((const struct ks_file *)a)->path;
	const unsigned char *y = (const unsigned char *)((const struct ks_file *)b)->path;

	for (; *x != '\0' && *x == *y; x++, y++)
		;
	if (*x == *y)
		return 0;
	if (*x == '/' || *y == '/')
		return *x == '/' ? (*y == '\0' ? 1 : -1) : (*x == '\0' ? -1 : 1);
	return *x < *y ? -1 : 1;
}

/* One workspace pattern being expanded: the files at or below its matches. */
struct wsglob {
	const struct ks_str *el; /* the cleaned pattern's elements */
	size_t k, nlit;          /* element count; leading elements without metacharacters */
	size_t *visits;
	struct ks_file *hits;    /* heap */
	size_t nhits, caphits;
};

static int ws_visit(void *ud, const struct ks_file *f)
{
	struct wsglob *g = ud;
	struct ks_str rest = ks_str_c(f->path), comp;
	size_t i;

	if (++*g->visits > MAXVISITS)
		return KS_ELIMIT;
	if (strcmp(ks_path_base(f->path), "package.json") != 0)
		return 0;
	for (i = 0; i < g->k; i++) {
		if (rest.n == 0 && i > 0)
			return 0;
		ks_str_cut(rest, '/', &comp, &rest);
		if (i < g->nlit ? !ks_str_eqs(comp, g->el[i]) : glob_match(g->el[i], comp) != 1)
			return 0;
	}
	if (g->nhits == g->caphits) {
		size_t cap = g->caphits ? 2 * g->caphits : 16;
		struct ks_file *n = realloc(g->hits, cap * sizeof(*n));

		if (n == NULL)
			return KS_ENOMEM;
		g->hits = n;
		g->caphits = cap;
	}
	g->hits[g->nhits++] = *f;
	return 0;
}

/*
 * Go's path.Join(dir, ws) (dir: the lock file's directory, "." at the root) as path
 * elements: a heap array *el (the caller frees it) of *k views into an arena string;
 * *out gets true when the path climbs out of the tree (a leading ".."). "." has none.
 */
static int join_elements(struct ks_ctx *cx, const char *dir, const char *ws,
	struct ks_str **el, size_t *k, bool *out)
{
	struct ks_str rest, comp;
	char *joined = ks_path_gojoin(&cx->arena, dir, ws);
	struct ks_str *e;
	size_t n = 0;

	if (joined == NULL || (e = malloc((strlen(joined) / 2 + 1) * sizeof(*e))) == NULL)
		return KS_ENOMEM;
	for (rest = ks_str_c(strcmp(joined, ".") == 0 ? "" : joined); rest.n > 0;) {
		ks_str_cut(rest, '/', &comp, &rest);
		e[n++] = comp;
	}
	*el = e;
	*k = n;
	*out = n > 0 && ks_str_eq(e[0], "..");
	return 0;
}

/* Reads the manifests of one glob's hits into the workspace list. */
static int read_hits(struct ks_ctx *cx, struct wsglob *g, struct manifest **ws, size_t *nws,
	size_t *capws, const struct ks_file *root)
{
	size_t i;
	int r;

	if (g->nhits > 1)
		qsort(g->hits, g->nhits, sizeof(*g->hits), cmp_walk);
	for (i = 0; i < g->nhits; i++) {
		struct ks_file *f = ks_arena_memdup(&cx->arena, &g->hits[i], sizeof(*f));

		if (f == NULL)
			return KS_ENOMEM;
		if (*nws == MAXWS)
			return ks_seterr(&cx->err, KS_ELIMIT,
				WHO ": '%s': workspaces reach more than %d package.json files",
				root->path, MAXWS);
		if (*nws == *capws) {
			size_t cap = *capws;
			struct manifest *n = ks_arena_grow(&cx->arena, *ws, *nws, &cap, *nws + 1,
				sizeof(*n));

			if (n == NULL)
				return KS_ENOMEM;
			*ws = n;
			*capws = cap;
		}
		r = read_manifest(cx, f, &(*ws)[*nws]);
		if (r == 0) {
			(*nws)++;
			continue;
		}
		if (r == KS_ENOMEM || (r = ks_warn(cx, "%s", cx->err.msg)) != 0)
			return r;
		ks_err_clear(&cx->err);
	}
	return 0;
}

/* Trivy's traverseWorkspaces: the workspace manifests of root, in order, into *ws. */
static int find_workspaces(struct ks_ctx *cx, const struct manifest *root,
	const struct ks_lang_tree *tree, struct manifest **ws, size_t *nws)
{
	const char *path = root->f->path, *slash = strrchr(path, '/');
	const char *dir = slash == NULL ? "." : ks_arena_strndup(&cx->arena, path,
							(size_t)(slash - path));
	size_t visits = 0, capws = 0, i;
	int r = 0;

	*ws = NULL;
	*nws = 0;
	if (dir == NULL)
		return KS_ENOMEM;
	for (i = 0; i < root->ws.n && r == 0; i++) {
		struct wsglob g = { .visits = &visits };
		struct ks_str *el = NULL;
		char *prefix = NULL;
		size_t j, len = 0;
		bool out;

		if ((r = join_elements(cx, dir, root->ws.v[i], &el, &g.k, &out)) != 0)
			break;
		g.el = el;
		for (j = 0; j < g.k && !has_meta(el[j]); j++)
			len += el[j].n + 1;
		g.nlit = j;
		for (; j < g.k; j++)
			if (has_meta(el[j]) && glob_match(el[j], (struct ks_str){ "", 0 }) < 0)
				break;
		if (j < g.k || (g.nlit < g.k && g.k - g.nlit - 1 > MAXGLOBDEPTH)) {
			r = ks_lang_corrupt(cx, WHO, root->f, 0, "bad workspace pattern '%s'",
				root->ws.v[i]);
		} else if (!out && tree != NULL && (prefix = malloc(len + 1)) == NULL) {
			r = KS_ENOMEM;
		} else if (!out && tree != NULL) {
			for (j = 0, len = 0; j < g.nlit; j++) {
				memcpy(prefix + len, el[j].p, el[j].n);
				len += el[j].n;
				prefix[len++] = '/';
			}
			prefix[len > 0 ? len - 1 : 0] = '\0';
			r = tree->under(tree->ud, prefix, ws_visit, &g);
			if (r == KS_ELIMIT)
				r = ks_seterr(&cx->err, r,
					WHO ": '%s': workspace globs examine more than %u files",
					root->f->path, MAXVISITS);
			if (r == 0)
				r = read_hits(cx, &g, ws, nws, &capws, root->f);
		}
		free(prefix);
		free(g.hits);
		free(el);
	}
	return r;
}

/* ---- the walk ---------------------------------------------------------------------- */

struct ent {
	struct ks_pkg p; /* the package as the walks leave it */
	const char *id;  /* its ID, the table key */
	unsigned gen;    /* times it was listed in the name index */
	unsigned seen;   /* number of the last walk that saw it */
	bool live;       /* not replaced by a later package with its ID */
};

struct node { /* an entry of the name index: entry e, next node + 1, e's listing */
	size_t e, next;
	unsigned gen;
};

struct frame {
	size_t e, i;
};

struct walk {
	struct ks_ctx *cx;
	const struct ks_file *f; /* the lock file's package.json, for messages */
	struct ent *e;
	size_t n, cap;
	struct ks_map ids;   /* ID -> entry + 1 */
	struct ks_map names; /* name -> first node + 1 */
	struct node *nodes;
	size_t nnodes, capnodes;
	struct ks_map pats;  /* ID -> its patterns in the lock's kept bytes */
	struct frame *stack;
	size_t capstack;
	size_t *renamed;     /* entries renamed by the current walk */
	size_t nrenamed, caprenamed;
	unsigned walkno;
	size_t steps;
};

static int step(struct walk *w, size_t n)
{
	w->steps += n;
	if (w->steps <= MAXSTEPS)
		return 0;
	return ks_seterr(&w->cx->err, KS_ELIMIT, WHO ": '%s': dependency walk longer than %u steps",
		w->f->path, MAXSTEPS);
}

static void *grow(void *arr, size_t *cap, size_t want, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (want <= *cap)
		return arr;
	while (n < want)
		n *= 2;
	if ((p = realloc(arr, n * elem)) != NULL)
		*cap = n;
	return p;
}

/* Lists entry e under its current name (an earlier listing no longer counts). */
static int index_name(struct walk *w, size_t e)
{
	const char *name = w->e[e].p.name;
	void *head = ks_map_get(&w->names, name, strlen(name));
	struct node *n = grow(w->nodes, &w->capnodes, w->nnodes + 1, sizeof(*n));

	if (n == NULL)
		return KS_ENOMEM;
	w->nodes = n;
	n[w->nnodes] = (struct node){ e, (size_t)(uintptr_t)head, ++w->e[e].gen };
	return ks_map_put(&w->names, name, strlen(name), (void *)(uintptr_t)++w->nnodes, NULL);
}

/* Adds p (with ID id) to the table, replacing the entry with that ID. */
static int put_entry(struct walk *w, const struct ks_pkg *p, const char *id)
{
	struct ent *n = grow(w->e, &w->cap, w->n + 1, sizeof(*n));
	void *old;
	int r;

	if (n == NULL)
		return KS_ENOMEM;
	w->e = n;
	n[w->n] = (struct ent){ .p = *p, .id = id, .live = true };
	if ((r = ks_map_put(&w->ids, id, strlen(id), (void *)(uintptr_t)(w->n + 1), &old)) != 0)
		return r;
	if (old != NULL)
		w->e[(size_t)(uintptr_t)old - 1].live = false;
	return index_name(w, w->n++);
}

/* The entry with ID id, or NULL. */
static struct ent *by_id(struct walk *w, const char *id)
{
	void *v = ks_map_get(&w->ids, id, strlen(id));

	return v == NULL ? NULL : &w->e[(size_t)(uintptr_t)v - 1];
}

/* Indexes the pattern table the yarn analyzer left in kept (analyze/lang_extra.h). */
static int index_patterns(struct walk *w, const uint8_t *kept, size_t n)
{
	const char *p = (const char *)kept, *end;
	int r;

	if (p == NULL)
		return 0;
	for (end = p + n; p < end;) {
		const char *id = p, *nul = memchr(p, '\0', (size_t)(end - p)), *q;

		if (nul == NULL || nul == id)
			return 0;
		for (q = nul + 1; q < end && *q != '\0'; q = nul + 1)
			if ((nul = memchr(q, '\0', (size_t)(end - q))) == NULL)
				return 0;
		if (q >= end)
			return 0;
		if ((r = ks_map_put(&w->pats, id, strlen(id), (void *)(id + strlen(id) + 1),
			     NULL)) != 0)
			return r;
		p = q + 1;
	}
	return 0;
}

/* True if the pattern list of the entry with ID id holds pattern. */
static int has_pattern(struct walk *w, const char *id, const char *pattern, bool *found)
{
	const char *p = ks_map_get(&w->pats, id, strlen(id));
	int r;

	*found = false;
	for (; p != NULL && *p != '\0' && !*found; p += strlen(p) + 1) {
		if ((r = step(w, 1)) != 0)
			return r;
		*found = strcmp(p, pattern) == 0;
	}
	return 0;
}

/* Go's regexp \S. */
static bool re_nonspace(char c)
{
	return c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r';
}

/*
 * Yarn's fragment pattern `(\S+):(@?.*?)(@(.*?)|)$` as Go's regexp finds it in a range:
 * true with *name (group 2) and *range (group 4) when it matches, e.g.
 * "npm:@types/node@^20" gives "@types/node" and "^20", "npm:ms" gives "ms" and "".
 */
static bool fragment(struct ks_str c, struct ks_str *name, struct ks_str *range)
{
	size_t a = 0, b, i, colon, at;
	struct ks_str rest;

	while (a < c.n) {
		if (!re_nonspace(c.p[a])) {
			a++;
			continue;
		}
		for (b = a, colon = 0; b < c.n && re_nonspace(c.p[b]); b++)
			if (c.p[b] == ':' && b > a)
				colon = b;
		if (colon > 0 && memchr(c.p + b, '\n', c.n - b) == NULL) {
			rest = ks_str_sub(c, colon + 1, c.n);
			i = rest.n > 0 && rest.p[0] == '@' ? 1 : 0;
			for (at = i; at < rest.n && rest.p[at] != '@'; at++)
				;
			*name = ks_str_sub(rest, 0, at);
			*range = at < rest.n ? ks_str_sub(rest, at + 1, rest.n) :
					       (struct ks_str){ rest.p + rest.n, 0 };
			return true;
		}
		a = b;
	}
	return false;
}

/* Pushes a frame for entry e on the walk's stack (*depth frames deep). */
static int push(struct walk *w, size_t *depth, size_t e)
{
	struct frame *s = grow(w->stack, &w->capstack, *depth + 1, sizeof(*s));

	if (s == NULL)
		return KS_ENOMEM;
	w->stack = s;
	s[(*depth)++] = (struct frame){ e, 0 };
	return 0;
}

/* Trivy's walkIndirectDependencies from entry e, depth first in DependsOn order. */
static int walk_indirect(struct walk *w, size_t e)
{
	size_t depth = 0;
	int r;

	if ((r = push(w, &depth, e)) != 0)
		return r;
	while (depth > 0) {
		struct frame *fr = &w->stack[depth - 1];
		const struct ks_pkg *x = &w->e[fr->e].p;
		struct ent *d;

		if (fr->i == x->depends_on.n) {
			depth--;
			continue;
		}
		if ((r = step(w, 1)) != 0)
			return r;
		d = by_id(w, x->depends_on.v[fr->i++]);
		if (d == NULL || d->seen == w->walkno)
			continue;
		if (d->p.relationship == KS_REL_UNKNOWN || d->p.dev)
			d->p.dev = x->dev;
		d->p.relationship = KS_REL_INDIRECT;
		d->seen = w->walkno;
		if ((r = push(w, &depth, (size_t)(d - w->e))) != 0)
			return r;
	}
	return 0;
}

/* One package whose name parent declares with range c: Trivy's walkDependencies body. */
static int visit_direct(struct walk *w, struct ks_pkg *parent, size_t e, const char *c, bool dev)
{
	struct ent *x = &w->e[e];
	struct ks_str name = ks_str_c(x->p.name), range = ks_str_c(c), fn, fr;
	const char *nm = x->p.name, *rg = c, *pattern;
	bool found;
	int r;

	if (fragment(range, &fn, &fr)) {
		if ((nm = ks_arena_strndup(&w->cx->arena, fn.p, fn.n)) == NULL ||
			(rg = ks_arena_strndup(&w->cx->arena, fr.p, fr.n)) == NULL)
			return KS_ENOMEM;
		name = fn;
		range = fr;
	}
	if ((pattern = ks_lang_id(&w->cx->arena, nm, '@', rg)) == NULL)
		return KS_ENOMEM;
	if ((r = has_pattern(w, x->id, pattern, &found)) != 0)
		return r;
	if (!found) {
		const char *v = x->p.version != NULL ? x->p.version : "";
		struct ks_err err = { 0 };
		bool ok = false;

		r = ks_ver_satisfies(&err, KS_ECO_NPM, ks_str_c(v), range, 0, &ok);
		if (r == KS_ENOMEM)
			return r;
		if (r != 0)
			return ks_lang_corrupt(w->cx, WHO, w->f, 0,
				"unable to match version for %.*s (%s)", (int)name.n, name.p,
				err.msg);
		if (!ok)
			return 0;
	}
	if (strcmp(nm, x->p.name) != 0) {
		size_t *rn = grow(w->renamed, &w->caprenamed, w->nrenamed + 1, sizeof(*rn));

		if (rn == NULL)
			return KS_ENOMEM;
		w->renamed = rn;
		rn[w->nrenamed++] = e;
		x->p.name = nm;
	}
	if (x->p.relationship == KS_REL_UNKNOWN || x->p.dev)
		x->p.dev = dev;
	x->p.relationship = KS_REL_DIRECT;
	x->seen = w->walkno;
	if ((r = ks_strv_push(&w->cx->arena, &parent->depends_on, x->id)) != 0)
		return r;
	return walk_indirect(w, e);
}

/* The packages listed under a declared name, with the declared range c. */
static int walk_name(struct walk *w, struct ks_pkg *parent, const char *name, const char *c,
	bool dev)
{
	size_t node = (size_t)(uintptr_t)ks_map_get(&w->names, name, strlen(name));
	int r = 0;

	for (; node != 0 && r == 0; node = w->nodes[node - 1].next) {
		const struct node *nd = &w->nodes[node - 1];

		if ((r = step(w, 1)) == 0 && w->e[nd->e].live && w->e[nd->e].gen == nd->gen)
			r = visit_direct(w, parent, nd->e, c, dev);
	}
	return r;
}

/* Trivy's walkDependencies: the packages named in m, or in over (which overrides m: Go's
 * lo.Assign(m, over)), become dependencies of parent. */
static int walk_deps(struct walk *w, struct ks_pkg *parent, const struct jmap *m,
	const struct jmap *over, bool dev)
{
	struct ks_map skip;
	size_t i;
	int r = 0;

	w->walkno++;
	ks_map_init(&skip);
	for (i = 0; over != NULL && i < over->n && r == 0; i++)
		r = ks_map_put(&skip, over->name[i], strlen(over->name[i]), (void *)over->name[i],
			NULL);
	for (i = 0; i < m->n && r == 0; i++)
		if (!ks_map_has(&skip, m->name[i], strlen(m->name[i])))
			r = walk_name(w, parent, m->name[i], m->val[i], dev);
	for (i = 0; over != NULL && i < over->n && r == 0; i++)
		r = walk_name(w, parent, over->name[i], over->val[i], dev);
	ks_map_release(&skip);
	/* a package renamed by this walk is found under its new name from the next one on */
	for (i = 0; i < w->nrenamed && r == 0; i++)
		r = index_name(w, w->renamed[i]);
	w->nrenamed = 0;
	return r;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Trivy's resolveDependencies for a manifest (the root or a workspace), which then joins
 * the table with relationship rel. pre: IDs already in its DependsOn (the root's
 * workspaces). */
static int resolve(struct walk *w, const struct manifest *m, int rel, const struct ks_strv *pre)
{
	struct ks_pkg p = { .name = m->name, .version = m->version, .licenses = m->lics,
		.relationship = rel, .layer = -1 };
	int r;

	if (pre != NULL)
		p.depends_on = *pre;
	if ((r = walk_deps(w, &p, &m->dev, NULL, true)) != 0 ||
		(r = walk_deps(w, &p, &m->deps, &m->opt, false)) != 0)
		return r;
	if (p.depends_on.n > 1)
		qsort(p.depends_on.v, p.depends_on.n, sizeof(*p.depends_on.v), cmp_str);
	return put_entry(w, &p, m->id);
}

/* The live entries as the new package list of lock; an entry keeps an explicit ID when
 * its ID is not what name and version make. */
static int commit(struct walk *w, struct ks_ares *lock)
{
	struct ks_pkg *out;
	size_t i, n = 0;

	if ((out = ks_arena_calloc(&w->cx->arena, w->n ? w->n : 1, sizeof(*out))) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < w->n; i++) {
		const struct ent *x = &w->e[i];
		const char *def;

		if (!x->live)
			continue;
		out[n] = x->p;
		def = ks_lang_id(&w->cx->arena, x->p.name, '@', x->p.version ? x->p.version : "");
		if (def == NULL)
			return KS_ENOMEM;
		out[n++].id = strcmp(def, x->id) == 0 ? NULL : x->id;
	}
	lock->pkgs = out;
	lock->npkgs = n;
	lock->cappkgs = w->n ? w->n : 1;
	return 0;
}

int ks_lang_yarn_package_json(struct ks_ctx *cx, struct ks_ares *lock,
	const struct ks_file *pkgjson, const struct ks_lang_tree *tree)
{
	struct walk w = { .cx = cx, .f = pkgjson };
	struct manifest root, *ws = NULL;
	struct ks_strv wsids = { 0 };
	size_t nws = 0, i;
	int r;

	ks_map_init(&w.ids);
	ks_map_init(&w.names);
	ks_map_init(&w.pats);
	if ((r = read_manifest(cx, pkgjson, &root)) != 0 ||
		(r = find_workspaces(cx, &root, tree, &ws, &nws)) != 0)
		goto out;
	for (i = 0; i < nws; i++)
		if ((r = ks_strv_push(&cx->arena, &wsids, ws[i].id)) != 0)
			goto out;
	for (i = 0; i < lock->npkgs; i++) {
		const struct ks_pkg *p = &lock->pkgs[i];
		const char *id = p->id;

		if (id == NULL && (id = ks_lang_id(&cx->arena, p->name, '@',
					   p->version ? p->version : "")) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		if ((r = put_entry(&w, p, id)) != 0)
			goto out;
	}
	if ((r = index_patterns(&w, lock->kept, lock->nkept)) != 0 ||
		(r = resolve(&w, &root, KS_REL_ROOT, &wsids)) != 0)
		goto out;
	for (i = 0; i < nws; i++)
		if ((r = resolve(&w, &ws[i], KS_REL_WORKSPACE, NULL)) != 0)
			goto out;
	r = commit(&w, lock);
out:
	ks_map_release(&w.ids);
	ks_map_release(&w.names);
	ks_map_release(&w.pats);
	free(w.e);
	free(w.nodes);
	free(w.stack);
	free(w.renamed);
	return r;
}
