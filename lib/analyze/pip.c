/*
 * pip.c - requirements.txt, read as Trivy's "pip" analyzer reads it (project trees only).
 *
 * Only files named requirements.txt are read. Text starting with a UTF-16 byte order mark
 * is decoded to UTF-8 first (unpaired surrogates and an odd last byte become U+FFFD) and
 * a UTF-8 byte order mark is dropped; other bytes are taken as they are. Each line (split
 * at "\n", a "\r" before it dropped; a line of 64 KiB or more makes the whole file fail,
 * as Go's bufio.Scanner does) is rewritten as Trivy rewrites it:
 *   - every space and every backslash is removed (so line continuations just vanish);
 *   - extras are cut: the text from the first "[" up to the first "]" (Trivy's exact
 *     index arithmetic is kept for the odd cases: no "]" repeats the text before "[",
 *     a "]" before the "[" repeats the text between them);
 *   - the line is cut at the first "#" (comments), then at the first ";" (environment
 *     markers), then at the first "--" (--hash and other options), each time with the
 *     trailing white space before the cut removed.
 * A line that then holds exactly one "==" is a pinned requirement: the text before it is
 * the name (kept as written: letters, digits, ".", "_" and "-" only, an empty name is
 * accepted as Trivy accepts it) and the text after it the version, which must be a valid
 * PEP 440 version. Everything else (">=" ranges, URLs, "-e", "-r"/"-c" includes, options)
 * is skipped, as by Trivy. Each package records its line as Location.
 *
 * Includes (a kensa addition; Trivy follows none): the packages above are the file's own.
 * The files it includes are found as pip finds them and left in the result's kept bytes
 * (analyze/pip.h) for layer/join_pip.c, which reads them from the tree and adds their
 * packages. pip's reading, on the lines split as above:
 *   - a line ending in "\" (not a comment line) continues on the next one, the
 *     backslashes at both of its ends removed; the joined line keeps the first line's
 *     number;
 *   - a "#" at the start of the line or after white space starts a comment; the rest is
 *     trimmed, and only a line that then starts with "-" holds options;
 *   - the options are split as Python's shlex.split does (quotes, backslash escapes) and
 *     read as pip's optparse parser reads them: short options with their value attached
 *     or next ("-rbase.txt", "-r base.txt"), long ones with "=" or next, unique
 *     abbreviations of long names, "--" ending the options;
 *   - the line's first "-r"/"--requirement" value is the include (pip follows only that
 *     one); a line with "-e"/"--editable" is a requirement and includes nothing; a line
 *     pip would reject (unknown option, missing value, open quote) includes nothing;
 *   - "-c"/"--constraint" files are not followed: constraints only limit the versions of
 *     packages something else requires, they never add one; "${VAR}" is not expanded
 *     (the scanning host's environment is not the project's).
 *
 * Known differences: names with non-ASCII letters or digits are skipped (Go's
 * unicode.IsLetter would accept them), and Trivy's "comprehensive" detection mode (which
 * also takes ">=" and "~=" lower bounds) is not implemented. For includes, lines are split
 * at "\n" as for packages, where pip's str.splitlines() also splits at a lone "\r", "\v",
 * "\f" and a few other separators, and long options spelled as abbreviations are read as
 * pip 23 reads them (newer pip versions may add options that make one ambiguous).
 */
#include "analyze/pip.h"
#include "util/buf.h"
#include "util/str.h"
#include "version/version.h"

#include <limits.h>
#include <string.h>

#include "util/banned.h"

#define PIP_LINE_MAX 65536 /* bufio.MaxScanTokenSize: a line this long fails the file */

static const char an_name[] = "pip";

static bool wants(const char *path, size_t len)
{
	struct ks_str p = {path, len};

	return ks_str_eq(p, "requirements.txt") || ks_str_hassuffix(p, "/requirements.txt");
}

/* Appends code point cp as UTF-8 (cp is a valid scalar value or U+FFFD). */
static int put_utf8(struct ks_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return ks_buf_add(b, u, n);
}

/* Decodes UTF-16 (big-endian when be) text after its byte order mark into b. */
static int utf16(const uint8_t *p, size_t n, bool be, struct ks_buf *b)
{
	size_t i = 0;
	int r = 0;

	while (r == 0 && i < n) {
		uint32_t u, lo;

		if (i + 1 >= n) {
			r = put_utf8(b, 0xfffd); /* odd last byte */
			break;
		}
		u = be ? (uint32_t)(p[i] << 8 | p[i + 1]) : (uint32_t)(p[i + 1] << 8 | p[i]);
		i += 2;
		if (u >= 0xd800 && u < 0xdc00 && i + 1 < n) {
			lo = be ? (uint32_t)(p[i] << 8 | p[i + 1])
			        : (uint32_t)(p[i + 1] << 8 | p[i]);
			if (lo >= 0xdc00 && lo < 0xe000) {
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			} else {
				u = 0xfffd;
			}
		} else if (u >= 0xd800 && u < 0xe000) {
			u = 0xfffd;
		}
		r = put_utf8(b, u);
	}
	return r;
}

/* Length of s once trailing Unicode white space is removed (Go's TrimRightFunc with
 * unicode.IsSpace). */
static size_t rtrim_len(struct ks_str s)
{
	size_t off = 0, end = 0, w;

	while (off < s.n) {
		if ((w = ks_str_space_at(s, off)) > 0) {
			off += w;
		} else {
			off++;
			end = off;
		}
	}
	return end;
}

/* rStripByKey: cuts s at the first occurrence of key and trims what precedes it. */
static struct ks_str rstrip_by(struct ks_str s, const char *key)
{
	size_t k = strlen(key), i;

	for (i = 0; i + k <= s.n; i++)
		if (memcmp(s.p + i, key, k) == 0) {
			s.n = rtrim_len(ks_str_sub(s, 0, i));
			break;
		}
	return s;
}

/* isValidName: ASCII letters and digits, ".", "_" and "-". */
static bool valid_name(struct ks_str s)
{
	size_t i;

	for (i = 0; i < s.n; i++) {
		char c = s.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		            c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Rewrites one line as Trivy does before splitting it (see the file comment) into b. */
static int rewrite(struct ks_str line, struct ks_buf *b, struct ks_buf *tmp, struct ks_str *out)
{
	ptrdiff_t open, close;
	size_t i;
	int r = 0;

	ks_buf_reset(tmp);
	for (i = 0; r == 0 && i < line.n; i++)
		if (line.p[i] != ' ' && line.p[i] != '\\')
			r = ks_buf_addc(tmp, line.p[i]);
	if (r != 0)
		return r;
	ks_buf_reset(b);
	line = (struct ks_str){tmp->p ? tmp->p : "", tmp->n};
	open = ks_str_chr(line, '[');
	close = ks_str_chr(line, ']') + 1;
	if (open >= 0) {
		r = ks_buf_add(b, line.p, (size_t)open);
		r = r ? r : ks_buf_add(b, line.p + close, line.n - (size_t)close);
	} else {
		r = ks_buf_add(b, line.p, line.n);
	}
	if (r != 0)
		return r;
	*out = (struct ks_str){b->p ? b->p : "", b->n};
	*out = rstrip_by(*out, "#");
	*out = rstrip_by(*out, ";");
	*out = rstrip_by(*out, "--");
	return 0;
}

/* Splits s at its only "==" (strings.Split into exactly two parts). */
static bool split_pin(struct ks_str s, struct ks_str *name, struct ks_str *ver)
{
	size_t i, at = 0, count = 0;

	for (i = 0; i + 2 <= s.n;) {
		if (s.p[i] == '=' && s.p[i + 1] == '=') {
			if (count++ == 0)
				at = i;
			i += 2;
		} else {
			i++;
		}
	}
	if (count != 1)
		return false;
	*name = ks_str_sub(s, 0, at);
	*ver = ks_str_sub(s, at + 2, s.n);
	return true;
}

static int add(struct ks_ctx *cx, struct ks_ares *out, struct ks_str name, struct ks_str ver,
	unsigned line)
{
	struct ks_pkg *p = ks_ares_addpkg(cx, out);

	if (p == NULL || (p->name = ks_arena_strndup(&cx->arena, name.p, name.n)) == NULL ||
	        (p->version = ks_arena_strndup(&cx->arena, ver.p, ver.n)) == NULL ||
	        (p->locs = ks_arena_alloc(&cx->arena, sizeof(*p->locs))) == NULL)
		return KS_ENOMEM;
	p->locs[0].start = p->locs[0].end = line;
	p->nlocs = 1;
	return 0;
}

/* What a pip option does with its value. */
enum { OPT_FLAG, OPT_VALUE, OPT_REQUIREMENT, OPT_EDITABLE };

/* The options pip accepts in a requirements file (SUPPORTED_OPTIONS and
 * SUPPORTED_OPTIONS_REQ of its req_file module). */
static const struct {
	const char *name;
	char kind;
} long_opts[] = {
	{"--index-url", OPT_VALUE},
	{"--pypi-url", OPT_VALUE},
	{"--extra-index-url", OPT_VALUE},
	{"--no-index", OPT_FLAG},
	{"--constraint", OPT_VALUE},
	{"--requirement", OPT_REQUIREMENT},
	{"--editable", OPT_EDITABLE},
	{"--find-links", OPT_VALUE},
	{"--no-binary", OPT_VALUE},
	{"--only-binary", OPT_VALUE},
	{"--prefer-binary", OPT_FLAG},
	{"--require-hashes", OPT_FLAG},
	{"--pre", OPT_FLAG},
	{"--trusted-host", OPT_VALUE},
	{"--use-feature", OPT_VALUE},
	{"--global-option", OPT_VALUE},
	{"--config-settings", OPT_VALUE},
	{"--hash", OPT_VALUE},
};

/* The kind of short option c, or -1 (pip has no short flags). */
static int short_opt(char c)
{
	switch (c) {
	case 'i':
	case 'c':
	case 'f':
	case 'C':
		return OPT_VALUE;
	case 'r':
		return OPT_REQUIREMENT;
	case 'e':
		return OPT_EDITABLE;
	default:
		return -1;
	}
}

/* The kind of long option name (without "=value"), matched exactly or as the unique
 * abbreviation of one (optparse's rule), or -1. */
static int long_opt(struct ks_str name)
{
	size_t i, hits = 0;
	int kind = -1;

	for (i = 0; i < sizeof(long_opts) / sizeof(long_opts[0]); i++) {
		if (ks_str_eq(name, long_opts[i].name))
			return long_opts[i].kind;
		if (name.n < strlen(long_opts[i].name) &&
		        memcmp(long_opts[i].name, name.p, name.n) == 0) {
			hits++;
			kind = long_opts[i].kind;
		}
	}
	return hits == 1 ? kind : -1;
}

static bool shlex_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The next token of *rest as Python's shlex.split (POSIX mode) splits it, into tok: 1 with
 * a token (possibly empty: ""), 0 at the end, KS_ECORRUPT for an open quote or a
 * backslash ending the text, KS_ENOMEM/KS_ELIMIT from tok. Outside quotes a backslash
 * takes the next byte as it is; inside single quotes nothing is special; inside double
 * quotes a backslash only escapes '"' and '\' (before anything else it stays).
 */
static int shlex_next(struct ks_str *rest, struct ks_buf *tok)
{
	const char *p = rest->p, *end = rest->p + rest->n;
	int r = 0;

	ks_buf_reset(tok);
	while (p < end && shlex_space(*p))
		p++;
	if (p == end) {
		*rest = (struct ks_str){end, 0};
		return 0;
	}
	while (r == 0 && p < end && !shlex_space(*p)) {
		char q = *p++;

		if (q == '\\') {
			if (p == end)
				return KS_ECORRUPT;
			r = ks_buf_addc(tok, *p++);
		} else if (q == '\'' || q == '"') {
			for (;;) {
				if (p == end)
					return KS_ECORRUPT;
				if (*p == q) {
					p++;
					break;
				}
				if (q == '"' && *p == '\\') {
					if (++p == end)
						return KS_ECORRUPT;
					if (*p != '"' && *p != '\\' &&
					        (r = ks_buf_addc(tok, '\\')) != 0)
						return r;
				}
				if ((r = ks_buf_addc(tok, *p++)) != 0)
					return r;
			}
		} else {
			r = ks_buf_addc(tok, q);
		}
	}
	*rest = (struct ks_str){p, (size_t)(end - p)};
	return r == 0 ? 1 : r;
}

/*
 * Reads an option line (trimmed, starting with "-") as pip's optparse parser does and
 * copies the value of its first -r/--requirement into inc; *found tells whether the line
 * includes a file (see the file comment). Returns 0, KS_ENOMEM or KS_ELIMIT.
 */
static int option_include(struct ks_str line, struct ks_buf *tok, struct ks_buf *inc, bool *found)
{
	bool editable = false, ended = false;
	int want = -1, r;

	*found = false;
	ks_buf_reset(inc);
	while ((r = shlex_next(&line, tok)) == 1) {
		struct ks_str t = {tok->p ? tok->p : "", tok->n}, value = {NULL, 0};
		int kind = -1;

		if (want >= 0) {
			kind = want;
			value = t;
			want = -1;
		} else if (ended || t.n < 2 || t.p[0] != '-') {
			continue; /* a positional argument */
		} else if (ks_str_eq(t, "--")) {
			ended = true;
			continue;
		} else if (t.p[1] == '-') {
			struct ks_str name, arg;
			bool has_arg = ks_str_cut(t, '=', &name, &arg);

			if ((kind = long_opt(name)) < 0 || (kind == OPT_FLAG && has_arg))
				break;
			if (kind == OPT_FLAG)
				continue;
			if (!has_arg) {
				want = kind;
				continue;
			}
			value = arg;
		} else {
			if ((kind = short_opt(t.p[1])) < 0)
				break;
			if (t.n == 2) {
				want = kind;
				continue;
			}
			value = ks_str_sub(t, 2, t.n);
		}
		if (kind == OPT_EDITABLE)
			editable = true;
		if (kind == OPT_REQUIREMENT && !*found) {
			*found = true;
			if ((r = ks_buf_add(inc, value.p, value.n)) != 0)
				return r;
		}
	}
	if (r == 1 || r == KS_ECORRUPT || want >= 0 || editable)
		*found = false; /* an option pip rejects, an open quote, a missing value */
	return r == 1 || r == KS_ECORRUPT ? 0 : r;
}

/* pip's COMMENT_RE.match: a "#" at the start of line or after leading white space. */
static bool comment_line(struct ks_str line)
{
	size_t off = 0, w;

	while ((w = ks_str_space_at(line, off)) > 0)
		off += w;
	return off < line.n && line.p[off] == '#';
}

/* line without its comment: from the first "#" at the start or after white space, that
 * white space included (pip's COMMENT_RE.sub). */
static struct ks_str cut_comment(struct ks_str line)
{
	size_t off = 0, w, run = 0;
	bool in_space = false;

	while (off < line.n) {
		if ((w = ks_str_space_at(line, off)) > 0) {
			if (!in_space)
				run = off;
			in_space = true;
			off += w;
			continue;
		}
		if (line.p[off] == '#' && (off == 0 || in_space))
			return ks_str_sub(line, 0, off == 0 ? 0 : run);
		in_space = false;
		off++;
	}
	return line;
}

/* Appends an unsigned LEB128 varint (the kept encoding, read by ks_rd_uvarint). */
static int put_uvarint(struct ks_buf *b, uint64_t v)
{
	int r = 0;

	while (r == 0 && v >= 0x80) {
		r = ks_buf_addc(b, (char)((v & 0x7f) | 0x80));
		v >>= 7;
	}
	return r ? r : ks_buf_addc(b, (char)v);
}

/* Records the include of one logical line (pip's ignore_comments and line parser) in
 * kept: its line number, the name's length, the name. */
static int logical_line(struct ks_str s, unsigned lineno, struct ks_buf *tok, struct ks_buf *inc,
	struct ks_buf *kept)
{
	bool found;
	int r;

	s = ks_str_trim_space(cut_comment(s));
	if (s.n == 0 || s.p[0] != '-')
		return 0;
	if ((r = option_include(s, tok, inc, &found)) != 0 || !found)
		return r;
	if ((r = put_uvarint(kept, lineno)) != 0 || (r = put_uvarint(kept, inc->n)) != 0)
		return r;
	return ks_buf_add(kept, inc->p ? inc->p : "", inc->n);
}

/* Finds the includes of text (pip's join_lines over the lines split as for packages) and
 * leaves them in out->kept (nothing when there are none). */
static int includes(
	struct ks_ctx *cx, const struct ks_file *f, struct ks_str text, struct ks_ares *out)
{
	struct ks_buf joined, tok, inc, kept;
	struct ks_lines it;
	struct ks_str line;
	size_t first = 0;
	bool more, pending = false;
	int r = 0;

	ks_buf_init(&joined, text.n + 8);
	ks_buf_init(&tok, text.n + 8);
	ks_buf_init(&inc, text.n + 8);
	ks_buf_init(&kept, 8 * text.n + 64);
	ks_lines_init(&it, text.p, text.n);
	do {
		more = ks_lines_next(&it, &line);
		if (more && line.n > 0 && line.p[line.n - 1] == '\\' && !comment_line(line)) {
			size_t a = 0, b = line.n;

			while (a < b && line.p[a] == '\\')
				a++;
			while (b > a && line.p[b - 1] == '\\')
				b--;
			if (!pending) {
				ks_buf_reset(&joined);
				first = it.lineno;
			}
			pending = true;
			r = ks_buf_add(&joined, line.p + a, b - a);
			continue;
		}
		if (!more && !pending)
			break;
		if (!pending) {
			ks_buf_reset(&joined);
			first = it.lineno;
		}
		if (more && pending && comment_line(line))
			r = ks_buf_addc(&joined, ' ');
		if (r == 0 && more)
			r = ks_buf_add(&joined, line.p, line.n);
		pending = false;
		if (r == 0 && first <= UINT_MAX)
			r = logical_line((struct ks_str){joined.p ? joined.p : "", joined.n},
			        (unsigned)first, &tok, &inc, &kept);
	} while (r == 0 && more);
	if (r == 0 && kept.n > 0) {
		if ((out->kept = ks_arena_memdup(&cx->arena, kept.p, kept.n)) == NULL)
			r = KS_ENOMEM;
		out->nkept = kept.n;
	}
	ks_buf_release(&joined);
	ks_buf_release(&tok);
	ks_buf_release(&inc);
	ks_buf_release(&kept);
	if (r != 0 && r != KS_ENOMEM)
		r = ks_seterr(
		        &cx->err, r, "%s: '%s': includes take too much memory", an_name, f->path);
	return r;
}

int ks_pip_next_include(struct ks_rd *rd, struct ks_pip_include *inc)
{
	uint64_t line, n;
	const uint8_t *p;

	if (ks_rd_left(rd) == 0)
		return 0;
	if (ks_rd_uvarint(rd, &line) != 0 || ks_rd_uvarint(rd, &n) != 0 || line > UINT_MAX ||
	        n > ks_rd_left(rd) || ks_rd_bytes(rd, (size_t)n, &p) != 0)
		return KS_ECORRUPT;
	inc->line = (unsigned)line;
	inc->path = (struct ks_str){(const char *)p, (size_t)n};
	return 1;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_buf text, b, tmp;
	struct ks_arena scratch;
	struct ks_str line, s, name, ver;
	struct ks_lines it;
	struct ks_err verr;
	int r = KS_EINTERNAL;

	ks_buf_init(&text, 2 * f->size + 8);
	ks_buf_init(&b, 2 * f->size + 8);
	ks_buf_init(&tmp, 2 * f->size + 8);
	ks_arena_init(&scratch);
	if (f->size >= 2 && (f->data[0] == 0xff || f->data[0] == 0xfe) &&
	        f->data[1] == (f->data[0] ^ 1)) {
		r = utf16(f->data + 2, f->size - 2, f->data[0] == 0xfe, &text);
	} else if (f->size >= 3 && memcmp(f->data, "\xef\xbb\xbf", 3) == 0) {
		r = ks_buf_add(&text, f->data + 3, f->size - 3);
	} else {
		r = ks_buf_add(&text, f->data, f->size);
	}
	if (r != 0)
		goto out;
	ks_lines_init(&it, text.p ? text.p : "", text.n);
	while (ks_lines_next(&it, &line)) {
		const struct ks_ver *v;

		if (line.n >= PIP_LINE_MAX) {
			r = ks_seterr(&cx->err, KS_ELIMIT,
			        "%s: '%s': line %zu: longer than %d bytes", an_name, f->path,
			        it.lineno, PIP_LINE_MAX - 1);
			goto out;
		}
		if ((r = rewrite(line, &b, &tmp, &s)) != 0)
			goto out;
		if (!split_pin(s, &name, &ver) || !valid_name(name))
			continue;
		if (ks_ver_parse(&scratch, &verr, KS_ECO_PYPI, ver, &v) != 0)
			continue;
		if ((r = add(cx, out, name, ver, (unsigned)it.lineno)) != 0)
			goto out;
	}
	r = includes(cx, f, (struct ks_str){text.p ? text.p : "", text.n}, out);
out:
	ks_buf_release(&text);
	ks_buf_release(&b);
	ks_buf_release(&tmp);
	ks_arena_release(&scratch);
	return r;
}

const struct ks_analyzer ks_analyzer_pip = {
	.name = "pip",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 2,
	.wants = wants,
	.parse = parse,
};
