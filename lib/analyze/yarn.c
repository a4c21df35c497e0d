/*
 * yarn.c - Yarn lock files (yarn.lock: classic v1 and berry v2+, pre-build trees only)
 * as Trivy's yarn parser reads them: by lines, not as YAML, with the same patterns.
 *
 * The file is cut into blocks at the first "\n\n" (else "\r\n\r\n"); a block of 64 KiB or
 * more is corrupt (Go's scanner stops there with an error). In a block, empty and "#"
 * lines are skipped and a "__metadata" line skips the rest. Each other line is trimmed of
 * blanks and of one leading quote, then:
 *   - "version...": the version (`version "1.2.3"` or `version: 1.2.3`); a line that does
 *     not have that shape drops the block with a warning;
 *   - "dependencies:": the following lines are dependencies for as long as they read
 *     `<4+ blanks>name[":] [protocol:]version`; the first other line ends the list and is
 *     not read further; a dependency whose protocol is neither "npm" nor absent is not one;
 *   - a package header (`name@[protocol:]range[, name@...]:`): the block is the package
 *     "name"; its patterns "name@range" are what dependencies refer to. A protocol other
 *     than "npm" skips the block: quietly for workspace, patch, file, link, portal, github
 *     and git ones, with a warning for any other.
 * A block with a name is a package (relationship unknown: Trivy takes direct and dev from
 * package.json, which a single-file parse does not see; the package.json step,
 * ks_lang_yarn_package_json(), does that later); its location runs from its first
 * non-empty line to its last line. Each such block's package ID and patterns are also
 * left in the result's kept bytes, in the format analyze/lang_extra.h describes, for that
 * step (Trivy's parser returns them too); they may take at most 64 MiB. A dependency
 * names a pattern, and resolves to the package that pattern belongs to (unresolved ones
 * are dropped; Trivy keeps them as empty IDs); the list is sorted, without repeats. Two
 * blocks for the same name@version are one package with both locations.
 * A NUL byte, or a non-empty file in which no line is a package header or "__metadata"
 * (and not every line is blank or a comment), is corrupt. As in Trivy, a yarn.lock below
 * a node_modules or .yarn directory (a package's own copy, yarn's cache) is not read.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "analyze/lang_extra.h"
#include "util/buf.h"
#include "util/map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define WHO "yarn"
#define MAXTOKEN 65536 /* Go's bufio.Scanner buffer limit */
#define MAXKEPT (64u << 20) /* bytes of the pattern table (header patterns amplify) */

static bool wants(const char *path, size_t len)
{
	struct ks_str p = { path, len }, dir, comp;

	if (!ks_str_eq(p, "yarn.lock") && !ks_str_hassuffix(p, "/yarn.lock"))
		return false;
	dir = ks_str_sub(p, 0, len - 9);
	while (dir.n > 0) {
		ks_str_cut(dir, '/', &comp, &dir);
		if (ks_str_eq(comp, "node_modules") || ks_str_eq(comp, ".yarn"))
			return false;
	}
	return true;
}

/* Go's regexp \s. */
static bool re_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/*
 * Trivy's package pattern `^\s?\\?"?(\S+?)@(?:(\S+?):)?(.+?)\\?"?:?$`: the name is what
 * precedes the first "@" after its first character (no blanks in it), the protocol what
 * precedes the first ":" of the rest when that is blank-free and something follows it, the
 * range the remainder without a trailing `\`, `"`, `:` sequence. False when it does not
 * match.
 */
static bool parse_pattern(struct ks_str t, struct ks_str *name, struct ks_str *proto,
	struct ks_str *range)
{
	size_t i = 0, at, c;
	struct ks_str rest;

	if (i < t.n && re_space(t.p[i]))
		i++;
	if (i < t.n && t.p[i] == '\\')
		i++;
	if (i < t.n && t.p[i] == '"')
		i++;
	for (at = i + 1; at < t.n && t.p[at] != '@'; at++)
		if (re_space(t.p[at]))
			return false;
	if (at >= t.n || re_space(t.p[i]))
		return false;
	*name = ks_str_sub(t, i, at - i);
	rest = ks_str_sub(t, at + 1, t.n);
	*proto = (struct ks_str){ rest.p, 0 };
	for (c = 0; c < rest.n && rest.p[c] != ':' && !re_space(rest.p[c]); c++)
		;
	if (c > 0 && c < rest.n && rest.p[c] == ':' && c + 1 < rest.n) {
		*proto = ks_str_sub(rest, 0, c);
		rest = ks_str_sub(rest, c + 1, rest.n);
	}
	/* the shortest range: strip the longest `\\?"?:?` suffix, keeping one character */
	if (rest.n > 1 && rest.p[rest.n - 1] == ':')
		rest.n--;
	if (rest.n > 1 && rest.p[rest.n - 1] == '"')
		rest.n--;
	if (rest.n > 1 && rest.p[rest.n - 1] == '\\')
		rest.n--;
	if (rest.n == 0)
		return false;
	*range = rest;
	return true;
}

/*
 * Takes the next ", "-separated part of s: *head gets it and *tail what follows the
 * separator (empty at the end). False when s is empty (nothing left).
 */
static bool split_pattern(struct ks_str s, struct ks_str *head, struct ks_str *tail)
{
	size_t k;

	if (s.p == NULL)
		return false;
	for (k = 0; k + 1 < s.n; k++)
		if (s.p[k] == ',' && s.p[k + 1] == ' ') {
			*head = ks_str_sub(s, 0, k);
			*tail = ks_str_sub(s, k + 2, s.n);
			return true;
		}
	*head = s;
	*tail = (struct ks_str){ NULL, 0 };
	return true;
}

static bool valid_protocol(struct ks_str p)
{
	return p.n == 0 || ks_str_eq(p, "npm");
}

static bool ignored_protocol(struct ks_str p)
{
	static const char *const ig[] = { "workspace", "patch", "file", "link", "portal",
		"github", "git", "git+ssh", "git+http", "git+https", "git+file" };
	size_t i;

	for (i = 0; i < sizeof(ig) / sizeof(ig[0]); i++)
		if (ks_str_eq(p, ig[i]))
			return true;
	return false;
}

/*
 * Trivy's version line `^"?version:?"?\s+"?([^"]+)"?` (on the line already trimmed of
 * blanks and one quote): false when it does not match.
 */
static bool parse_version(struct ks_str l, struct ks_str *v)
{
	size_t i = 0, s;

	if (i < l.n && l.p[i] == '"')
		i++;
	if (l.n - i < 7 || memcmp(l.p + i, "version", 7) != 0)
		return false;
	i += 7;
	if (i < l.n && l.p[i] == ':')
		i++;
	if (i < l.n && l.p[i] == '"')
		i++;
	for (s = i; i < l.n && re_space(l.p[i]); i++)
		;
	if (i == s)
		return false;
	if (i < l.n && l.p[i] == '"')
		i++;
	for (s = i; i < l.n && l.p[i] != '"'; i++)
		;
	if (i == s)
		return false;
	*v = ks_str_sub(l, s, i - s);
	return true;
}

/*
 * Trivy's dependency line `\s{4,}"?(.+?)"?:?\s"?(?:(\S+?):)?([^"]+)"?` (unanchored):
 * 1 with name and range (protocol checked), 0 when the line is a dependency of another
 * protocol, -1 when it does not match.
 */
static int parse_dependency(struct ks_str l, struct ks_str *name, struct ks_str *range)
{
	size_t run = 0, i;

	for (i = 0; i < l.n; i++) {
		size_t s, k;

		if (re_space(l.p[i])) {
			run++;
			continue;
		}
		if (run < 4) {
			run = 0;
			continue;
		}
		run = 0;
		/* a match may start here: optional quote, then the shortest name */
		s = i + (l.p[i] == '"' ? 1 : 0);
		for (k = s + 1; k < l.n; k++) {
			size_t e = k, v;
			struct ks_str proto = { NULL, 0 }, rest;

			if (e < l.n && l.p[e] == '"')
				e++;
			if (e < l.n && l.p[e] == ':')
				e++;
			if (e >= l.n || !re_space(l.p[e]))
				continue;
			e++;
			if (e < l.n && l.p[e] == '"')
				e++;
			rest = ks_str_sub(l, e, l.n);
			/* optional protocol: shortest blank-free run before a ":" that a
			 * non-quote character follows */
			for (v = 0; v < rest.n && rest.p[v] != ':' && !re_space(rest.p[v]); v++)
				;
			if (v > 0 && v + 1 < rest.n && rest.p[v] == ':' && rest.p[v + 1] != '"') {
				proto = ks_str_sub(rest, 0, v);
				rest = ks_str_sub(rest, v + 1, rest.n);
			}
			for (v = 0; v < rest.n && rest.p[v] != '"'; v++)
				;
			if (v == 0)
				continue;
			*name = ks_str_sub(l, s, k - s);
			*range = ks_str_sub(rest, 0, v);
			return valid_protocol(proto) ? 1 : 0;
		}
	}
	return -1;
}

struct yblock {
	size_t pkg;           /* index in out->pkgs */
	struct ks_strv deps;  /* dependency patterns ("name@range") */
};

struct yarn {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	struct yblock *b;
	size_t nb, capb;
	struct ks_map patterns; /* "name@range" -> index + 1 in out->pkgs */
	struct ks_lang_set set; /* the packages, by ID */
	struct ks_buf kept;     /* the pattern table (analyze/lang_extra.h) */
	bool recognised;        /* a package header or __metadata was seen */
	size_t warn_proto, warn_version;
	size_t warn_line;
};

/* A pattern ID "name@range" in the arena (just the name for an empty range, as Trivy's
 * dependency.ID makes it). */
static const char *pattern_id(struct yarn *st, struct ks_str name, struct ks_str range)
{
	if (range.n == 0)
		return ks_arena_strndup(&st->cx->arena, name.p, name.n);
	return ks_arena_printf(&st->cx->arena, "%.*s@%.*s", (int)name.n, name.p, (int)range.n,
		range.p);
}

/* Appends the pattern table entry of a block: its ID, its patterns, an empty string. */
static int keep_patterns(struct yarn *st, struct ks_str name, struct ks_str version,
	const struct ks_strv *patterns)
{
	size_t i;
	int r;

	if ((r = ks_buf_add(&st->kept, name.p, name.n)) != 0 ||
		(version.n > 0 && ((r = ks_buf_addc(&st->kept, '@')) != 0 ||
				      (r = ks_buf_add(&st->kept, version.p, version.n)) != 0)) ||
		(r = ks_buf_addc(&st->kept, '\0')) != 0)
		goto out;
	for (i = 0; i < patterns->n; i++)
		if ((r = ks_buf_add(&st->kept, patterns->v[i], strlen(patterns->v[i]) + 1)) != 0)
			goto out;
	r = ks_buf_addc(&st->kept, '\0');
out:
	if (r == KS_ELIMIT)
		return ks_seterr(&st->cx->err, r, WHO ": '%s': patterns take more than %u MiB",
			st->f->path, MAXKEPT >> 20);
	return r;
}

/* Records the package of a block (or merges it into the one with the same ID). */
static int add_block(struct yarn *st, struct ks_str name, struct ks_str version,
	const struct ks_strv *patterns, const struct ks_strv *deps, unsigned start, unsigned end)
{
	size_t idx, i;
	bool fresh;
	int r;

	if ((r = ks_lang_set_get(st->cx, &st->set, name, version, &idx, &fresh)) != 0 ||
		(r = ks_lang_set_loc(st->cx, &st->set, idx, start, end)) != 0 ||
		(r = keep_patterns(st, name, version, patterns)) != 0)
		return r;
	for (i = 0; i < patterns->n; i++)
		if ((r = ks_map_put(&st->patterns, patterns->v[i], strlen(patterns->v[i]),
			     (void *)(uintptr_t)(idx + 1), NULL)) != 0)
			return r;
	if (deps->n == 0)
		return 0;
	if (st->nb == st->capb) {
		size_t n = st->capb ? 2 * st->capb : 64;
		struct yblock *nb = realloc(st->b, n * sizeof(*nb));

		if (nb == NULL)
			return KS_ENOMEM;
		st->b = nb;
		st->capb = n;
	}
	st->b[st->nb++] = (struct yblock){ idx, *deps };
	return 0;
}

static void note(struct yarn *st, size_t *count, size_t line)
{
	if ((*count)++ == 0)
		st->warn_line = line;
}

/* One block starting at line first (1-based); *last gets its last line. */
static int parse_block(struct yarn *st, struct ks_str blk, size_t first, size_t *last)
{
	struct ks_str line, name = { NULL, 0 }, version = { NULL, 0 };
	struct ks_strv patterns = { 0 }, deps = { 0 };
	size_t empty = 0, nlines = 0, bad_line = 0;
	bool skip = false, bad_proto = false, bad_version = false, in_deps = false;
	struct ks_lines it;
	int r;

	ks_lines_init(&it, blk.p, blk.n);
	while (ks_lines_next(&it, &line)) {
		struct ks_str t, dn, dr, head, tail, next, pn, pp, pr;
		bool more;

		nlines++;
		if (in_deps) {
			int d = parse_dependency(line, &dn, &dr);

			if (d >= 0) {
				const char *pid;

				if (d == 1 && ((pid = pattern_id(st, dn, dr)) == NULL ||
					ks_strv_push(&st->cx->arena, &deps, pid) != 0))
					return KS_ENOMEM;
				continue;
			}
			in_deps = false; /* Trivy's scanner has consumed this line */
			continue;
		}
		if (line.n == 0) {
			empty++;
			continue;
		}
		if (line.p[0] == '#' || skip)
			continue;
		if (ks_str_hasprefix(line, "__metadata")) {
			st->recognised = true;
			skip = true;
			continue;
		}
		t = ks_str_trim_space(line);
		if (t.n > 0 && t.p[0] == '"')
			t = ks_str_sub(t, 1, t.n);
		if (ks_str_hasprefix(t, "version")) {
			if (!parse_version(t, &version)) {
				bad_version = true;
				bad_line = first + nlines - 1;
				skip = true;
			}
			continue;
		}
		if (ks_str_hasprefix(t, "dependencies:")) {
			in_deps = true;
			deps.n = 0;
			continue;
		}
		if (!split_pattern(t, &head, &tail) || !parse_pattern(head, &pn, &pp, &pr))
			continue;
		st->recognised = true;
		if (!valid_protocol(pp)) {
			skip = true;
			if (!ignored_protocol(pp)) {
				bad_proto = true;
				bad_line = first + nlines - 1;
			}
			continue;
		}
		name = pn;
		patterns.n = 0;
		/* every ", "-separated pattern, with the first pattern's name */
		for (more = true; more; head = next) {
			struct ks_str n2, p2, r2;
			const char *pid;

			more = split_pattern(tail, &next, &tail);
			if (!parse_pattern(head, &n2, &p2, &r2))
				r2 = (struct ks_str){ head.p, 0 };
			if ((pid = pattern_id(st, name, r2)) == NULL ||
				ks_strv_push(&st->cx->arena, &patterns, pid) != 0)
				return KS_ENOMEM;
		}
	}
	*last = first + nlines - 1;
	if (bad_proto || bad_version) {
		note(st, bad_proto ? &st->warn_proto : &st->warn_version, bad_line);
		return 0;
	}
	if (name.n == 0)
		return 0;
	if ((r = add_block(st, name, version, &patterns, &deps, (unsigned)(first + empty),
		     (unsigned)*last)) != 0)
		return r;
	return 0;
}

/* Resolves dependency patterns to package IDs. */
static int resolve(struct yarn *st)
{
	size_t i, j;

	for (i = 0; i < st->nb; i++) {
		struct ks_pkg *p = &st->out->pkgs[st->b[i].pkg];

		p->depends_on.n = 0;
		for (j = 0; j < st->b[i].deps.n; j++) {
			const char *pat = st->b[i].deps.v[j];
			void *v = ks_map_get(&st->patterns, pat, strlen(pat));
			const struct ks_pkg *d;
			const char *id;

			if (v == NULL)
				continue;
			d = &st->out->pkgs[(size_t)(uintptr_t)v - 1];
			if ((id = ks_lang_id(&st->cx->arena, d->name, '@', d->version)) == NULL ||
				ks_strv_push(&st->cx->arena, &p->depends_on, id) != 0)
				return KS_ENOMEM;
		}
	}
	return 0;
}

/* True if every line of the text is blank or a comment. */
static bool only_comments(const struct ks_file *f)
{
	struct ks_lines it;
	struct ks_str line;

	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		struct ks_str t = ks_str_trim_space(line);

		if (t.n > 0 && t.p[0] != '#')
			return false;
	}
	return true;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct yarn st = { .cx = cx, .f = f, .out = out };
	struct ks_str rest = { (const char *)f->data, f->size };
	size_t line = 1;
	int r = 0;

	ks_map_init(&st.patterns);
	ks_lang_set_init(&st.set, out);
	ks_buf_init(&st.kept, MAXKEPT);
	if (f->size > 0 && memchr(f->data, '\0', f->size) != NULL) {
		r = ks_lang_corrupt(cx, WHO, f, 0, "NUL byte in the file");
		goto out;
	}
	while (rest.n > 0) {
		const char *sep = memmem(rest.p, rest.n, "\n\n", 2);
		size_t seplen = 2, blen, last;

		if (sep == NULL && (sep = memmem(rest.p, rest.n, "\r\n\r\n", 4)) != NULL)
			seplen = 4;
		blen = sep != NULL ? (size_t)(sep - rest.p) : rest.n;
		if (blen + (sep != NULL ? seplen : 0) > MAXTOKEN) {
			r = ks_lang_corrupt(cx, WHO, f, line, "entry of 64 KiB or more");
			goto out;
		}
		if ((r = parse_block(&st, ks_str_sub(rest, 0, blen), line, &last)) != 0)
			goto out;
		line = last + 2;
		rest = sep != NULL ? ks_str_sub(rest, blen + seplen, rest.n) :
				     (struct ks_str){ rest.p + rest.n, 0 };
	}
	if (!st.recognised && !only_comments(f)) {
		r = ks_lang_corrupt(cx, WHO, f, 0, "no package entry");
		goto out;
	}
	if ((r = resolve(&st)) != 0)
		goto out;
	ks_lang_set_sort(&st.set);
	if (st.kept.n > 0) {
		if ((out->kept = ks_arena_memdup(&cx->arena, st.kept.p, st.kept.n)) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		out->nkept = st.kept.n;
	}
	if (st.warn_proto > 0 &&
		(r = ks_warn(cx, WHO ": '%s': line %zu: %zu entries of an unsupported protocol "
				 "skipped", f->path, st.warn_line, st.warn_proto)) != 0)
		goto out;
	if (st.warn_version > 0)
		r = ks_warn(cx, WHO ": '%s': %zu entries with a malformed version skipped",
			f->path, st.warn_version);
out:
	free(st.b);
	ks_map_release(&st.patterns);
	ks_lang_set_release(&st.set);
	ks_buf_release(&st.kept);
	return r;
}

const struct ks_analyzer ks_analyzer_yarn = {
	.name = "yarn",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 2,
	.parse = parse,
	.wants = wants,
};
