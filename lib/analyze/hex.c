/*
 * hex.c - Elixir lock files (mix.lock), in pre-build (fs/repo) scans only, with the
 * package list Trivy's hex analyzer reports.
 *
 * mix.lock is an Elixir map literal written by mix, one entry per line:
 *   %{
 *     "jason": {:hex, :jason, "1.4.0", "<checksum>", [:mix], [<requirements>], "hexpm",
 *               "<checksum>"},
 *     "esaml": {:git, "https://github.com/...", "<sha>", []},
 *   }
 * Trivy splits each line at its first ':' and on commas and blanks; kensa reads the
 * subset of Elixir term syntax lock files use instead (maps, tuples, lists, strings,
 * atoms, keyword keys, bare words; "#" comments), so an entry may span lines and a
 * malformed file is an error rather than a guess. An entry whose value is a tuple starting
 * with :hex and holding a version string third becomes a package named by the entry's key
 * (which Trivy uses as well); :git and :path entries carry no version and are skipped, as
 * Trivy skips them; other entries are skipped with one warning per file, as Trivy warns.
 * Known difference: Trivy also skips :hex entries of fewer than eight elements (lock files
 * of old mix versions); kensa reports them. The location is the entry's lines (the key's
 * line to the tuple's closing brace), repeated name/version pairs are reported once with
 * their locations merged; there are no relationships or dependencies (Trivy builds none).
 * An empty file or "%{}" holds no packages. IDs are "<name>@<version>".
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/buf.h"
#include "util/str.h"

#include <string.h>

#include "util/banned.h"

#define AN "hex"
#define HEX_MAXDEPTH 64 /* nesting of maps, tuples and lists */

static bool wants(const char *path, size_t len)
{
	return ks_lang_is_base(path, len, "mix.lock");
}

enum tkind { T_STR, T_ATOM, T_WORD, T_TUPLE, T_LIST, T_MAP };

/* What the entry parser needs of a term: its kind, its text (string contents, atom
 * name), the line it ends on and, for a tuple, its first three elements. */
struct term {
	enum tkind kind;
	struct ks_str text;
	size_t end_line;
	size_t nelem;
	enum tkind ekind[3];
	struct ks_str etext[3];
};

struct mstate {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	struct ks_str s;
	size_t off;
	size_t line;
	size_t other, other_line; /* entries that are neither :hex, :git nor :path */
	size_t bad, bad_line;     /* :hex entries without a version string */
};

static int corrupt(struct mstate *st, const char *what)
{
	return ks_lang_corrupt(st->cx, AN, st->f, st->line, "%s", what);
}

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '@' || c == '?' || c == '!' || c == '.' || c == '-' || c == '+';
}

/* Skips blanks, newlines and comments. */
static void skip_ws(struct mstate *st)
{
	while (st->off < st->s.n) {
		char c = st->s.p[st->off];

		if (c == '\n')
			st->line++;
		if (c == '#') {
			while (st->off < st->s.n && st->s.p[st->off] != '\n')
				st->off++;
			continue;
		}
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			break;
		st->off++;
	}
}

static bool peek(struct mstate *st, char c)
{
	skip_ws(st);
	return st->off < st->s.n && st->s.p[st->off] == c;
}

/* A string literal at the cursor; *text gets its raw contents (escapes not decoded). */
static int read_string(struct mstate *st, struct ks_str *text)
{
	size_t i = st->off + 1;

	while (i < st->s.n && st->s.p[i] != '"') {
		if (st->s.p[i] == '\\')
			i++;
		else if (st->s.p[i] == '\n')
			st->line++;
		i++;
	}
	if (i >= st->s.n)
		return corrupt(st, "unterminated string");
	*text = ks_str_sub(st->s, st->off + 1, i - st->off - 1);
	st->off = i + 1;
	return 0;
}

/* A run of word characters at the cursor (possibly empty). */
static struct ks_str read_word(struct mstate *st)
{
	size_t from = st->off;

	while (st->off < st->s.n && word_char(st->s.p[st->off]))
		st->off++;
	return ks_str_sub(st->s, from, st->off - from);
}

static int read_term(struct mstate *st, int depth, struct term *t);

/*
 * The elements of a container whose opening bracket was consumed, up to close. Lists may
 * hold keyword pairs ("hex: :jason"), maps "key: value" or "key => value" pairs; the
 * caller's term gets the first three elements.
 */
static int read_elements(struct mstate *st, int depth, char close, struct term *t)
{
	int r;

	for (;;) {
		struct term e;

		skip_ws(st);
		if (st->off >= st->s.n)
			return corrupt(st, "unterminated container");
		if (st->s.p[st->off] == close) {
			st->off++;
			t->end_line = st->line;
			return 0;
		}
		if ((r = read_term(st, depth + 1, &e)) != 0)
			return r;
		if (peek(st, '=') && st->off + 1 < st->s.n && st->s.p[st->off + 1] == '>') {
			st->off += 2;
			if ((r = read_term(st, depth + 1, &e)) != 0)
				return r;
		} else if (st->off < st->s.n && st->s.p[st->off] == ':' && e.kind != T_ATOM) {
			st->off++; /* a keyword key ("name:" or "\"name\":") */
			if ((r = read_term(st, depth + 1, &e)) != 0)
				return r;
		}
		if (t->nelem < 3) {
			t->ekind[t->nelem] = e.kind;
			t->etext[t->nelem] = e.text;
		}
		t->nelem++;
		if (peek(st, ','))
			st->off++;
		else if (!peek(st, close))
			return corrupt(st, "expected ',' or a closing bracket");
	}
}

static int read_term(struct mstate *st, int depth, struct term *t)
{
	char c;

	memset(t, 0, sizeof(*t));
	if (depth > HEX_MAXDEPTH)
		return corrupt(st, "terms nested too deeply");
	skip_ws(st);
	if (st->off >= st->s.n)
		return corrupt(st, "unexpected end of file");
	c = st->s.p[st->off];
	if (c == '"') {
		t->kind = T_STR;
		t->end_line = st->line;
		return read_string(st, &t->text);
	}
	if (c == ':' && st->off + 1 < st->s.n && st->s.p[st->off + 1] == '"') {
		int r;

		st->off++;
		t->kind = T_ATOM;
		r = read_string(st, &t->text);
		t->end_line = st->line;
		return r;
	}
	if (c == ':') {
		st->off++;
		t->kind = T_ATOM;
		t->text = read_word(st);
		t->end_line = st->line;
		return t->text.n > 0 ? 0 : corrupt(st, "empty atom");
	}
	if (c == '{' || c == '[') {
		st->off++;
		t->kind = c == '{' ? T_TUPLE : T_LIST;
		return read_elements(st, depth, c == '{' ? '}' : ']', t);
	}
	if (c == '%' && st->off + 1 < st->s.n && st->s.p[st->off + 1] == '{') {
		st->off += 2;
		t->kind = T_MAP;
		return read_elements(st, depth, '}', t);
	}
	t->kind = T_WORD;
	t->text = read_word(st);
	t->end_line = st->line;
	return t->text.n > 0 ? 0 : corrupt(st, "unexpected character");
}

/* Copies a string literal's contents with its escapes resolved (\x reads as x). */
static const char *unescape(struct mstate *st, struct ks_str raw)
{
	struct ks_buf b;
	const char *out = NULL;
	size_t i;
	int r = 0;

	if (memchr(raw.p, '\\', raw.n) == NULL)
		return ks_arena_strndup(&st->cx->arena, raw.p, raw.n);
	ks_buf_init(&b, raw.n + 1);
	for (i = 0; i < raw.n && r == 0; i++)
		r = ks_buf_addc(&b, raw.p[i] == '\\' && i + 1 < raw.n ? raw.p[++i] : raw.p[i]);
	if (r == 0)
		out = ks_arena_strndup(&st->cx->arena, b.p, b.n);
	ks_buf_release(&b);
	return out;
}

/* One "key": value entry of the top-level map. */
static int read_entry(struct mstate *st)
{
	struct term key, val;
	size_t start;
	struct ks_pkg *p;
	const char *name, *version;
	int r;

	skip_ws(st);
	start = st->line;
	if (st->off >= st->s.n || st->s.p[st->off] != '"')
		return corrupt(st, "entry key is not a string");
	if ((r = read_term(st, 1, &key)) != 0)
		return r;
	if (st->off < st->s.n && st->s.p[st->off] == ':')
		st->off++;
	else if (peek(st, '=') && st->off + 1 < st->s.n && st->s.p[st->off + 1] == '>')
		st->off += 2;
	else
		return corrupt(st, "expected ':' after the entry key");
	if ((r = read_term(st, 1, &val)) != 0)
		return r;
	if (val.kind == T_TUPLE && val.nelem > 0 && val.ekind[0] == T_ATOM &&
		(ks_str_eq(val.etext[0], "git") || ks_str_eq(val.etext[0], "path")))
		return 0;
	if (val.kind != T_TUPLE || val.nelem == 0 || val.ekind[0] != T_ATOM ||
		!ks_str_eq(val.etext[0], "hex")) {
		if (st->other++ == 0)
			st->other_line = start;
		return 0;
	}
	if (val.nelem < 3 || val.ekind[2] != T_STR || val.etext[2].n == 0) {
		if (st->bad++ == 0)
			st->bad_line = start;
		return 0;
	}
	if ((name = unescape(st, key.text)) == NULL ||
		(version = unescape(st, val.etext[2])) == NULL ||
		(p = ks_ares_addpkg(st->cx, st->out)) == NULL)
		return KS_ENOMEM;
	p->name = name;
	p->version = version;
	return ks_lang_addloc(st->cx, p, start, val.end_line);
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct mstate st;
	int r = KS_EINTERNAL;

	memset(&st, 0, sizeof(st));
	st.cx = cx;
	st.f = f;
	st.out = out;
	st.s = (struct ks_str){ f->data ? (const char *)f->data : "", f->size };
	st.line = 1;
	skip_ws(&st);
	if (st.off == st.s.n) {
		r = 0;
		goto out;
	}
	if (st.s.n - st.off < 2 || memcmp(st.s.p + st.off, "%{", 2) != 0) {
		r = corrupt(&st, "not an Elixir map (\"%{\")");
		goto out;
	}
	st.off += 2;
	while (!peek(&st, '}')) {
		if (st.off >= st.s.n) {
			r = corrupt(&st, "unterminated map");
			goto out;
		}
		if ((r = read_entry(&st)) != 0)
			goto out;
		if (peek(&st, ','))
			st.off++;
		else if (!peek(&st, '}')) {
			r = corrupt(&st, "expected ',' or '}' after an entry");
			goto out;
		}
	}
	st.off++;
	skip_ws(&st);
	if (st.off != st.s.n) {
		r = corrupt(&st, "text after the map");
		goto out;
	}
	if (st.other > 0 && (r = ks_warn(cx, AN ": '%s': line %zu: %zu entr%s neither :hex, :git "
					     "nor :path skipped",
				     f->path, st.other_line, st.other,
				     st.other == 1 ? "y" : "ies")) != 0)
		goto out;
	if (st.bad > 0 && (r = ks_warn(cx, AN ": '%s': line %zu: %zu :hex entr%s without a "
					   "version skipped",
				   f->path, st.bad_line, st.bad, st.bad == 1 ? "y" : "ies")) != 0)
		goto out;
	r = ks_lang_unique(cx, out);
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, AN ": '%s': out of memory", f->path);
	return r;
}

const struct ks_analyzer ks_analyzer_hex = {
	.name = "hex",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
