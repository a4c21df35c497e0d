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
 * Includes: "-r other.txt" and "-c constraints.txt" are not followed. Trivy does not
 * follow them either; a file included that is itself named requirements.txt is analysed
 * on its own as every requirements.txt of the tree is.
 *
 * Known differences: names with non-ASCII letters or digits are skipped (Go's
 * unicode.IsLetter would accept them), and Trivy's "comprehensive" detection mode (which
 * also takes ">=" and "~=" lower bounds) is not implemented.
 */
#include "analyze/analyzer.h"
#include "util/buf.h"
#include "util/str.h"
#include "version/version.h"

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
	r = 0;
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
        .version = 1,
        .wants = wants,
        .parse = parse,
};
