/*
 * gomod.c - Go module files (go.mod), read as Trivy's gomod analyzer reads them with
 * golang.org/x/mod/modfile.Parse.
 *
 * Syntax (modfile's lexer and strict parser): "//" comments, identifiers and Go string
 * literals as tokens, one directive per line or "verb (" ... ")" blocks; the directives
 * module, go, toolchain, godebug, require, exclude, replace, retract, tool and ignore,
 * anything else is an error. Versions in require, exclude and replace must be valid
 * semantic versions and are stored in canonical form ("v1.2" is v1.2.0, build metadata
 * other than "+incompatible" dropped), and must fit the major version of the module path
 * ("/vN", gopkg.in ".vN"); the go version must look like 1.N[.P][rcN]. A file modfile
 * rejects is corrupt.
 *
 * Packages (Trivy's mod parser and analyzer, without a module cache):
 * - each requirement at its version (keeping the "v"), relationship indirect when the
 *   line carries a "// indirect" comment, else direct; files whose go directive is
 *   missing or older than 1.17 do not mark indirect requirements reliably, so those are
 *   dropped, as Trivy does;
 * - replace directives of the main module: "old [v] => new v" swaps the package for the
 *   replacement (when the old version, if given, matches), "old => ./dir" drops it;
 * - the main module (module directive) as root, with no version, depending on the direct
 *   requirements and on every indirect one (no module graph is available, so Trivy hangs
 *   them under the main module).
 * Go < 1.17 files get the go.sum modules added by ks_gomod_merge_sum() (gomod.h). The
 * "stdlib" package Trivy adds only with --detection-priority comprehensive is not made.
 */
#include "analyze/gomod.h"
#include "analyze/lang.h"
#include "result.h"
#include "util/buf.h"
#include "util/golit.h"
#include "util/map.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define GM_MAXTOKENS 64   /* tokens on one line; no directive takes more than 6 */
#define GM_MAXVERSION 512 /* a canonical version */
#define GO_MAXLINE 65535  /* Go's bufio.Scanner limit */

static bool wants(const char *path, size_t len)
{
	return (len == 6 && memcmp(path, "go.mod", 6) == 0) ||
		ks_str_hassuffix((struct ks_str){ path, len }, "/go.mod");
}

/* ---- lexer */

enum { T_EOF, T_NL, T_IDENT, T_STRING, T_PUNCT };

struct tok {
	int kind;
	struct ks_str s;
};

struct gm {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_str in;
	size_t off, line;
	/* the directives seen */
	bool have_module, have_go, have_toolchain;
	struct ks_str module, gover;
	struct req {
		struct ks_str path, version; /* version canonical, in the arena */
		bool indirect;
	} *reqs;
	size_t nreqs, capreqs;
	struct rep {
		struct ks_str old, oldv, new, newv;
	} *reps;
	size_t nreps, capreps;
};

static int err_at(struct gm *g, size_t line, const char *what, struct ks_str arg)
{
	if (arg.n > 0)
		return ks_lang_corrupt(g->cx, "gomod", g->f, line, "%s '%.*s'", what,
			(int)(arg.n > 200 ? 200 : arg.n), arg.p);
	return ks_lang_corrupt(g->cx, "gomod", g->f, line, "%s", what);
}

/* No argument to quote in an error message. */
static const struct ks_str none = { "", 0 };

static bool is_punct(char c)
{
	return c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == ',';
}

/* modfile's isIdent for the byte at off: printable, not space, not punctuation. Bytes of
 * other UTF-8 runes count as identifier bytes unless they start a Unicode space. */
static bool ident_at(const struct gm *g, size_t off)
{
	unsigned char c = (unsigned char)g->in.p[off];

	if (c < 0x80)
		return c > 0x20 && c < 0x7f && !is_punct((char)c);
	return ks_str_space_at(g->in, off) == 0;
}

/* The next token; a comment token is returned as T_STRING with s starting "//" only via
 * *comment (it is not a token of the line). */
static int lex(struct gm *g, struct tok *t, struct ks_str *comment)
{
	const struct ks_str in = g->in;
	size_t sp;
	char c;

	for (;;) {
		if (g->off >= in.n) {
			t->kind = T_EOF;
			return 0;
		}
		c = in.p[g->off];
		if (c == ' ' || c == '\t' || c == '\r') {
			g->off++;
			continue;
		}
		if (c == '/' && g->off + 1 < in.n && in.p[g->off + 1] == '/') {
			size_t start = g->off;

			while (g->off < in.n && in.p[g->off] != '\n')
				g->off++;
			*comment = (struct ks_str){ in.p + start, g->off - start };
			continue;
		}
		if ((sp = ks_str_space_at(in, g->off)) > 0 && c != '\n') {
			g->off += sp;
			continue;
		}
		break;
	}
	t->s = (struct ks_str){ in.p + g->off, 1 };
	if (c == '\n') {
		g->off++;
		g->line++;
		t->kind = T_NL;
		return 0;
	}
	if (is_punct(c)) {
		g->off++;
		t->kind = T_PUNCT;
		return 0;
	}
	if (c == '"' || c == '`') {
		size_t start = g->off++;

		for (;;) {
			if (g->off >= in.n)
				return err_at(g, g->line, "unexpected EOF in string", none);
			if (in.p[g->off] == '\n')
				return err_at(g, g->line, "unexpected newline in string", none);
			if (in.p[g->off] == c) {
				g->off++;
				break;
			}
			if (in.p[g->off] == '\\' && c == '"') {
				if (++g->off >= in.n)
					return err_at(g, g->line, "unexpected EOF in string",
						none);
			}
			g->off++;
		}
		t->kind = T_STRING;
		t->s = (struct ks_str){ in.p + start, g->off - start };
		return 0;
	}
	if (!ident_at(g, g->off))
		return err_at(g, g->line, "unexpected input character", none);
	{
		size_t start = g->off;

		while (g->off < in.n && ident_at(g, g->off)) {
			if (in.p[g->off] == '/' && g->off + 1 < in.n) {
				if (in.p[g->off + 1] == '/')
					break;
				if (in.p[g->off + 1] == '*')
					return err_at(g, g->line, "mod files must use // comments, "
						"not /* */ comments", none);
			}
			g->off++;
		}
		t->kind = T_IDENT;
		t->s = (struct ks_str){ in.p + start, g->off - start };
	}
	return 0;
}

/* The tokens of one line (up to a newline or the end): *n of them, *comment the comment
 * after them (empty if none), *eof true when the input ended before a newline. */
static int read_line(struct gm *g, struct tok *toks, size_t *n, struct ks_str *comment,
	bool *eof, size_t *lineno)
{
	struct tok t;
	int r;

	*n = 0;
	*eof = false;
	*comment = (struct ks_str){ "", 0 };
	*lineno = g->line;
	for (;;) {
		struct ks_str c = { "", 0 };

		if ((r = lex(g, &t, &c)) != 0)
			return r;
		if (c.n > 0)
			*comment = c;
		if (t.kind == T_EOF) {
			*eof = true;
			return 0;
		}
		if (t.kind == T_NL)
			return 0;
		if (*n == GM_MAXTOKENS)
			return err_at(g, *lineno, "too many tokens on one line", none);
		if (*n == 0)
			*comment = (struct ks_str){ "", 0 };
		toks[(*n)++] = t;
	}
}

/* ---- values */

/* parseString: a quoted token is unquoted into the arena, an identifier is taken as is. */
static int token_string(struct gm *g, size_t line, const struct tok *t, struct ks_str *out)
{
	struct ks_buf b;
	char *s;
	int r;

	if (t->kind == T_IDENT) {
		*out = t->s;
		return 0;
	}
	if (t->kind != T_STRING)
		return err_at(g, line, "unexpected token", t->s);
	ks_buf_init(&b, t->s.n + 1);
	if ((r = ks_golit_unquote(t->s, &b)) != 0) {
		ks_buf_release(&b);
		return r == KS_ENOMEM ? r : err_at(g, line, "invalid quoted string", t->s);
	}
	s = ks_arena_memdup(&g->cx->arena, b.p ? b.p : "", b.n + 1);
	*out = (struct ks_str){ s, b.n };
	ks_buf_release(&b);
	return s ? 0 : KS_ENOMEM;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A semver number without a leading zero, at v[*i]. */
static bool sv_num(struct ks_str v, size_t *i)
{
	size_t s = *i;

	while (*i < v.n && is_digit(v.p[*i]))
		(*i)++;
	return *i > s && !(v.p[s] == '0' && *i - s > 1);
}

/* Dot-separated identifiers of [0-9A-Za-z-] at v[*i]; numeric ones without leading zeros
 * when prerelease. */
static bool sv_idents(struct ks_str v, size_t *i, bool prerelease)
{
	for (;;) {
		size_t s = *i;
		bool digits = true;

		while (*i < v.n && (is_digit(v.p[*i]) || (v.p[*i] >= 'a' && v.p[*i] <= 'z') ||
				    (v.p[*i] >= 'A' && v.p[*i] <= 'Z') || v.p[*i] == '-')) {
			digits = digits && is_digit(v.p[*i]);
			(*i)++;
		}
		if (*i == s || (prerelease && digits && *i - s > 1 && v.p[s] == '0'))
			return false;
		if (*i >= v.n || v.p[*i] != '.')
			return true;
		(*i)++;
	}
}

/*
 * module.CanonicalVersion: x/mod/semver's Canonical form of v ("v1" is v1.0.0, build
 * metadata dropped) with "+incompatible" kept. *major gets the major number's digits.
 * False when v is not a semantic version.
 */
static bool canonical(struct ks_str v, char *out, size_t cap, struct ks_str *major,
	bool *incompatible)
{
	size_t i = 1, build = 0, o;
	int parts = 1;

	*incompatible = false;
	if (v.n < 2 || v.p[0] != 'v' || !sv_num(v, &i))
		return false;
	*major = (struct ks_str){ v.p + 1, i - 1 };
	if (i < v.n && v.p[i] == '.') {
		i++;
		if (!sv_num(v, &i))
			return false;
		parts = 2;
		if (i < v.n && v.p[i] == '.') {
			i++;
			if (!sv_num(v, &i))
				return false;
			parts = 3;
		}
	}
	if (parts < 3 && i != v.n)
		return false;
	if (i < v.n && v.p[i] == '-') {
		i++;
		if (!sv_idents(v, &i, true))
			return false;
	}
	if (i < v.n && v.p[i] == '+') {
		build = i++;
		if (!sv_idents(v, &i, false))
			return false;
		*incompatible = v.n - build == 13 && memcmp(v.p + build, "+incompatible", 13) == 0;
	}
	if (i != v.n)
		return false;
	o = build ? build : v.n;
	if (o + 16 >= cap)
		return false;
	memcpy(out, v.p, o);
	if (parts == 1) {
		memcpy(out + o, ".0.0", 4);
		o += 4;
	} else if (parts == 2) {
		memcpy(out + o, ".0", 2);
		o += 2;
	}
	if (*incompatible) {
		memcpy(out + o, "+incompatible", 13);
		o += 13;
	}
	out[o] = '\0';
	return true;
}

/* module.SplitPathVersion's pathMajor ("/v2", ".v1", or empty); false when the path's
 * version suffix is malformed. */
static bool path_major(struct ks_str path, struct ks_str *major)
{
	size_t i = path.n;
	bool dot = false;

	*major = (struct ks_str){ "", 0 };
	if (ks_str_hasprefix(path, "gopkg.in/")) {
		if (ks_str_hassuffix(path, "-unstable"))
			i -= 9;
		while (i > 0 && is_digit(path.p[i - 1]))
			i--;
		if (i <= 1 || path.p[i - 1] != 'v' || path.p[i - 2] != '.')
			return false;
		*major = ks_str_sub(path, i - 2, path.n);
		return !(major->n <= 2 || (major->p[2] == '0' && !ks_str_eq(*major, ".v0")));
	}
	while (i > 0 && (is_digit(path.p[i - 1]) || path.p[i - 1] == '.')) {
		dot = dot || path.p[i - 1] == '.';
		i--;
	}
	if (i <= 1 || i == path.n || path.p[i - 1] != 'v' || path.p[i - 2] != '/')
		return true;
	*major = ks_str_sub(path, i - 2, path.n);
	if (dot || major->n <= 2 || major->p[2] == '0' || ks_str_eq(*major, "/v1")) {
		*major = (struct ks_str){ "", 0 };
		return false;
	}
	return true;
}

/* module.CheckPathMajor for the canonical version v of path. */
static bool major_fits(struct ks_str v, struct ks_str vmajor, bool incompatible,
	struct ks_str pmajor)
{
	if (ks_str_hasprefix(pmajor, ".v") && ks_str_hassuffix(pmajor, "-unstable"))
		return true;
	if (ks_str_hasprefix(v, "v0.0.0-") && ks_str_eq(pmajor, ".v1"))
		return true;
	if (pmajor.n == 0)
		return ks_str_eq(vmajor, "0") || ks_str_eq(vmajor, "1") || incompatible;
	return ks_str_eqs(vmajor, ks_str_sub(pmajor, 2, pmajor.n));
}

/* parseVersion (+ the major version check for module paths): *out gets the canonical
 * version in the arena. */
static int version_of(struct gm *g, size_t line, struct ks_str path, const struct tok *t,
	bool check_major, struct ks_str *out)
{
	struct ks_str raw, vmajor, pmajor;
	char canon[GM_MAXVERSION + 32];
	bool incompatible;
	int r;

	if ((r = token_string(g, line, t, &raw)) != 0)
		return r;
	if (raw.n > GM_MAXVERSION || !canonical(raw, canon, sizeof(canon), &vmajor, &incompatible))
		return err_at(g, line, "version must be of the form v1.2.3:", raw);
	if (check_major) {
		if (!path_major(path, &pmajor))
			return err_at(g, line, "invalid module path", path);
		if (!major_fits(ks_str_c(canon), vmajor, incompatible, pmajor))
			return err_at(g, line,
				"version does not fit the module path's major version:", raw);
	}
	if ((out->p = ks_arena_strdup(&g->cx->arena, canon)) == NULL)
		return KS_ENOMEM;
	out->n = strlen(canon);
	return 0;
}

/* isIndirect: the line's trailing comment is "indirect" or starts "indirect;". */
static bool indirect_comment(struct ks_str c)
{
	struct ks_str rest = ks_str_sub(c, 2, c.n), f1, f2;

	if (!ks_str_field_next(&rest, &f1))
		return false;
	if (!ks_str_field_next(&rest, &f2))
		return ks_str_eq(f1, "indirect");
	return ks_str_eq(f1, "indirect;");
}

/* modfile.IsDirectoryPath. */
static bool dir_path(struct ks_str p)
{
	return ks_str_hasprefix(p, "./") || ks_str_hasprefix(p, "../") ||
		ks_str_hasprefix(p, "/") || ks_str_hasprefix(p, ".\\") ||
		ks_str_hasprefix(p, "..\\") || ks_str_eq(p, ".") ||
		ks_str_eq(p, "..") ||
		(p.n >= 2 && p.p[1] == ':' && ((p.p[0] >= 'a' && p.p[0] <= 'z') ||
						      (p.p[0] >= 'A' && p.p[0] <= 'Z')));
}

/* Go's GoVersionRE: 1.N, 1.N.P, 1.NrcR (no leading zeros). */
static bool go_version_ok(struct ks_str v)
{
	size_t i = 0, k;

	if (v.n == 0 || v.p[0] == '0' || !sv_num(v, &i) || i >= v.n || v.p[i++] != '.' ||
		!sv_num(v, &i))
		return false;
	if (i < v.n && v.p[i] == '.') {
		i++;
		if (!sv_num(v, &i))
			return false;
	}
	if (i == v.n)
		return true;
	for (k = i; k < v.n && v.p[k] >= 'a' && v.p[k] <= 'z'; k++)
		;
	if (k == i || k == v.n)
		return false;
	for (i = k; i < v.n && is_digit(v.p[i]); i++)
		;
	return i == v.n;
}

static void *grow(struct gm *g, void *arr, size_t n, size_t *cap, size_t elem)
{
	return ks_arena_grow(&g->cx->arena, arr, n, cap, n + 1, elem);
}

/* One directive: verb with n arguments on line. */
static int directive(struct gm *g, size_t line, const struct tok *verb, const struct tok *args,
	size_t n, struct ks_str comment)
{
	struct ks_str v = verb->s, path;
	int r;

	if (verb->kind != T_IDENT)
		return err_at(g, line, "unknown directive:", v);
	if (ks_str_eq(v, "module") || ks_str_eq(v, "go") || ks_str_eq(v, "toolchain")) {
		bool *seen = ks_str_eq(v, "module") ? &g->have_module :
			     ks_str_eq(v, "go")     ? &g->have_go :
							  &g->have_toolchain;

		if (n != 1)
			return err_at(g, line, "usage: one argument after", v);
		if (*seen)
			return err_at(g, line, "repeated directive:", v);
		*seen = true;
		if ((r = token_string(g, line, &args[0], &path)) != 0)
			return r;
		if (ks_str_eq(v, "module")) {
			g->module = path;
		} else if (ks_str_eq(v, "go")) {
			if (args[0].kind != T_IDENT || !go_version_ok(path))
				return err_at(g, line, "invalid go version", path);
			g->gover = path;
		}
		return 0;
	}
	if (ks_str_eq(v, "require") || ks_str_eq(v, "exclude")) {
		struct ks_str ver;
		struct req *q;

		if (n != 2)
			return err_at(g, line, "usage: module/path v1.2.3 after", v);
		if ((r = token_string(g, line, &args[0], &path)) != 0 ||
			(r = version_of(g, line, path, &args[1], true, &ver)) != 0)
			return r;
		if (ks_str_eq(v, "exclude"))
			return 0;
		if ((q = grow(g, g->reqs, g->nreqs, &g->capreqs, sizeof(*q))) == NULL)
			return KS_ENOMEM;
		g->reqs = q;
		g->reqs[g->nreqs++] = (struct req){ path, ver, indirect_comment(comment) };
		return 0;
	}
	if (ks_str_eq(v, "replace")) {
		struct rep rp = { { "", 0 }, { "", 0 }, { "", 0 }, { "", 0 } };
		size_t arrow = n >= 2 && ks_str_eq(args[1].s, "=>") ? 1 :
			       n >= 3 && ks_str_eq(args[2].s, "=>") ? 2 :
								      0;
		struct rep *p;

		if (arrow == 0)
			return err_at(g, line, "usage: replace module/path [v1.2.3] => other", v);
		if ((r = token_string(g, line, &args[0], &rp.old)) != 0)
			return r;
		if (arrow == 2 && (r = version_of(g, line, rp.old, &args[1], true, &rp.oldv)) != 0)
			return r;
		if (n != arrow + 2 && n != arrow + 3)
			return err_at(g, line, "usage: replace module/path [v1.2.3] => other", v);
		if ((r = token_string(g, line, &args[arrow + 1], &rp.new)) != 0)
			return r;
		if (n == arrow + 2 && !dir_path(rp.new))
			return err_at(g, line,
				"replacement without version must be a directory path:", rp.new);
		if (n == arrow + 3) {
			if (dir_path(rp.new))
				return err_at(g, line,
					"replacement directory must not have a version:", rp.new);
			r = version_of(g, line, rp.new, &args[arrow + 2], false, &rp.newv);
			if (r != 0)
				return r;
		}
		if ((p = grow(g, g->reps, g->nreps, &g->capreps, sizeof(*p))) == NULL)
			return KS_ENOMEM;
		g->reps = p;
		g->reps[g->nreps++] = rp;
		return 0;
	}
	if (ks_str_eq(v, "retract") || ks_str_eq(v, "godebug") || ks_str_eq(v, "tool") ||
		ks_str_eq(v, "ignore"))
		return n > 0 ? 0 : err_at(g, line, "missing arguments after", v);
	return err_at(g, line, "unknown directive:", v);
}

static int parse_file(struct gm *g)
{
	struct tok toks[GM_MAXTOKENS];
	struct ks_str comment;
	size_t n, line;
	bool eof = false;
	int r;

	while (!eof) {
		if ((r = read_line(g, toks, &n, &comment, &eof, &line)) != 0)
			return r;
		if (n == 0)
			continue;
		if (toks[0].kind == T_PUNCT)
			return err_at(g, line, "unexpected", toks[0].s);
		if (n >= 2 && toks[1].kind == T_PUNCT && toks[1].s.p[0] == '(') {
			struct tok verb = toks[0];
			size_t start = line;

			if (n != 2)
				return err_at(g, line, "syntax error: unterminated block", verb.s);
			for (;;) {
				if (eof)
					return err_at(g, start, "unexpected EOF in block", verb.s);
				if ((r = read_line(g, toks, &n, &comment, &eof, &line)) != 0)
					return r;
				if (n == 0)
					continue;
				if (toks[0].kind == T_PUNCT && toks[0].s.p[0] == ')') {
					if (n != 1)
						return err_at(g, line, "syntax error after )",
							none);
					break;
				}
				if ((r = directive(g, line, &verb, toks, n, comment)) != 0)
					return r;
			}
			continue;
		}
		if ((r = directive(g, line, &toks[0], toks + 1, n - 1, comment)) != 0)
			return r;
	}
	return 0;
}

/* ---- packages */

/* Trivy's lessThan(ver, 1, 17): "1.N" with N < 17 (other shapes are not "less"). */
static bool before_117(struct ks_str v)
{
	struct ks_str maj, min;
	uint64_t a, b;

	if (!ks_str_cut(v, '.', &maj, &min) || ks_str_chr(min, '.') >= 0)
		return false;
	return ks_str_to_u64(maj, UINT64_MAX, &a) && ks_str_to_u64(min, UINT64_MAX, &b) &&
		a <= 1 && b < 17;
}

static const char *pkg_id(struct ks_arena *a, const struct ks_pkg *p)
{
	struct ks_pkg tmp = *p;

	tmp.analyzed_by = "gomod";
	return ks_pkg_id(a, &tmp);
}

/* The main module depends on every direct and indirect package (no graph is known). */
static int root_deps(struct ks_ctx *cx, struct ks_ares *out)
{
	struct ks_pkg *root = NULL;
	const char *id;
	size_t i;

	for (i = 0; i < out->npkgs; i++)
		if (out->pkgs[i].relationship == KS_REL_ROOT)
			root = &out->pkgs[i];
	if (root == NULL)
		return 0;
	root->depends_on.n = 0;
	for (i = 0; i < out->npkgs; i++) {
		const struct ks_pkg *p = &out->pkgs[i];

		if (p->relationship != KS_REL_DIRECT && p->relationship != KS_REL_INDIRECT)
			continue;
		if ((id = pkg_id(&cx->arena, p)) == NULL ||
			ks_strv_push(&cx->arena, &root->depends_on, id) != 0)
			return KS_ENOMEM;
	}
	ks_lang_sort_deps(root);
	return 0;
}

struct entry {
	struct ks_str name, version;
	int rel;
	bool gone;
};

static int emit(struct gm *g, struct ks_ares *out)
{
	bool skip_indirect = !g->have_go || before_117(g->gover);
	struct entry *e = NULL, *x;
	size_t ne = 0, cap = 0, i;
	struct ks_map idx;
	int r = 0;

	ks_map_init(&idx);
	for (i = 0; i < g->nreqs; i++) {
		const struct req *q = &g->reqs[i];
		void *at;

		if (skip_indirect && q->indirect)
			continue;
		if ((at = ks_map_get(&idx, q->path.p, q->path.n)) != NULL) {
			x = &e[(uintptr_t)at - 1];
		} else {
			if ((x = grow(g, e, ne, &cap, sizeof(*e))) == NULL)
				goto nomem;
			e = x;
			x = &e[ne++];
			r = ks_map_put(&idx, q->path.p, q->path.n, (void *)(uintptr_t)ne, NULL);
			if (r != 0)
				goto out;
		}
		*x = (struct entry){ q->path, q->version,
			q->indirect ? KS_REL_INDIRECT : KS_REL_DIRECT, false };
	}
	for (i = 0; i < g->nreps; i++) {
		const struct rep *rp = &g->reps[i];
		void *at = ks_map_get(&idx, rp->old.p, rp->old.n);
		size_t oi;
		int rel;

		if (at == NULL)
			continue;
		oi = (uintptr_t)at - 1;
		if (rp->oldv.n > 0 && !ks_str_eqs(e[oi].version, rp->oldv))
			continue;
		rel = e[oi].rel;
		e[oi].gone = true;
		ks_map_del(&idx, rp->old.p, rp->old.n);
		if (rp->newv.n == 0)
			continue;
		/* the replacement takes its name's slot, as a Go map assignment does */
		if ((at = ks_map_get(&idx, rp->new.p, rp->new.n)) != NULL)
			e[(uintptr_t)at - 1].gone = true;
		if ((x = grow(g, e, ne, &cap, sizeof(*e))) == NULL)
			goto nomem;
		e = x;
		e[ne++] = (struct entry){ rp->new, rp->newv, rel, false };
		if ((r = ks_map_put(&idx, rp->new.p, rp->new.n, (void *)(uintptr_t)ne, NULL)) != 0)
			goto out;
	}
	for (i = 0; i < ne; i++) {
		struct ks_pkg *p;

		if (e[i].gone)
			continue;
		if ((p = ks_lang_add(g->cx, out, e[i].name, e[i].version, 0, 0)) == NULL)
			goto nomem;
		p->relationship = e[i].rel;
	}
	if (g->have_module) {
		struct ks_str nover = { "", 0 };
		struct ks_pkg *p = ks_lang_add(g->cx, out, g->module, nover, 0, 0);

		if (p == NULL)
			goto nomem;
		p->relationship = KS_REL_ROOT;
		if ((r = root_deps(g->cx, out)) != 0)
			goto out;
	}
	goto out;
nomem:
	r = KS_ENOMEM;
out:
	ks_map_release(&idx);
	return r;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct gm g;
	int r;

	memset(&g, 0, sizeof(g));
	g.cx = cx;
	g.f = f;
	g.in = (struct ks_str){ f->data ? (const char *)f->data : "", f->size };
	g.line = 1;
	if (memchr(g.in.p, '\0', g.in.n) != NULL)
		return ks_lang_corrupt(cx, "gomod", f, 0, "NUL byte in go.mod");
	if ((r = parse_file(&g)) == 0)
		r = emit(&g, out);
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, "gomod: '%s': out of memory", f->path);
	return r;
}

bool ks_gomod_wants_sum(const struct ks_ares *mod)
{
	size_t i;

	for (i = 0; i < mod->npkgs; i++)
		if (mod->pkgs[i].relationship == KS_REL_INDIRECT)
			return false;
	return true;
}

int ks_gomod_merge_sum(struct ks_ctx *cx, struct ks_ares *mod, const struct ks_file *sum)
{
	struct ks_str text = { sum->data ? (const char *)sum->data : "", sum->size }, line;
	struct ks_str *names = NULL, *vers = NULL;
	size_t n = 0, capn = 0, capv = 0, i, first = mod->npkgs;
	struct ks_map seen;
	struct ks_lines it;
	int r = 0;

	if (!ks_gomod_wants_sum(mod))
		return 0;
	if (memchr(text.p, '\0', text.n) != NULL)
		return ks_lang_corrupt(cx, "gomod", sum, 0, "NUL byte in go.sum");
	ks_map_init(&seen);
	ks_lines_init(&it, text.p, text.n);
	while (ks_lines_next(&it, &line)) {
		struct ks_str rest = ks_str_trim_space(line), name, ver;
		void *at;

		if (line.n > GO_MAXLINE) {
			r = ks_lang_corrupt(cx, "gomod", sum, it.lineno, "line too long");
			goto out;
		}
		if (!ks_str_field_next(&rest, &name) || !ks_str_field_next(&rest, &ver))
			continue;
		if (ks_str_hassuffix(ver, "/go.mod"))
			ver.n -= 7;
		if ((at = ks_map_get(&seen, name.p, name.n)) != NULL) {
			vers[(uintptr_t)at - 1] = ver;
			continue;
		}
		if ((names = ks_arena_grow(&cx->arena, names, n, &capn, n + 1, sizeof(*names))) ==
				NULL ||
			(vers = ks_arena_grow(&cx->arena, vers, n, &capv, n + 1, sizeof(*vers))) ==
				NULL)
			goto nomem;
		names[n] = name;
		vers[n++] = ver;
		if ((r = ks_map_put(&seen, name.p, name.n, (void *)(uintptr_t)n, NULL)) != 0)
			goto out;
	}
	for (i = 0; i < n; i++) {
		struct ks_pkg *p;
		size_t k;

		for (k = 0; k < first; k++)
			if (ks_str_eq(names[i], mod->pkgs[k].name))
				break;
		if (k < first)
			continue;
		if ((p = ks_lang_add(cx, mod, names[i], vers[i], 0, 0)) == NULL)
			goto nomem;
		p->relationship = KS_REL_INDIRECT;
	}
	if ((r = root_deps(cx, mod)) != 0)
		goto out;
	goto out;
nomem:
	r = ks_seterr(&cx->err, KS_ENOMEM, "gomod: '%s': out of memory", sum->path);
out:
	if (r != 0)
		mod->npkgs = first;
	ks_map_release(&seen);
	return r;
}

const struct ks_analyzer ks_analyzer_gomod = {
	.name = "gomod",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
