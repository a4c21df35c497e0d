/*
 * apk.c - Alpine (and Wolfi/Chainguard) package database lib/apk/db/installed (also at
 * usr/lib/apk/db/installed), read as Trivy's apk analyzer reads it.
 *
 * The database is a list of paragraphs separated by lines shorter than two bytes; each
 * line is "<letter>:<value>". Used fields: P name, V version, A arch, o origin (the source
 * package; its version is the V value seen last, which Trivy carries over between
 * paragraphs), L licences (split and normalised, util/license.h), m maintainer, C checksum
 * ("Q1<base64 sha1>" becomes "sha1:<hex>", plain base64 "md5:<hex>"), F directory and
 * R file of the installed files (the directory also carries over between paragraphs).
 * A paragraph becomes a package when it has a name and a valid apk version; the first
 * package of a name wins. Other lines are ignored.
 *
 * What Trivy drops silently is dropped here too but reported with one warning per kind
 * per file: paragraphs without name or valid version, repeated names, undecodable
 * checksums, unsafe installed-file paths, paragraphs with NUL bytes (they cannot be
 * represented) and everything after a line of 64 KiB or more (Go's scanner stops there).
 * A non-empty file that yields no package at all is corrupt.
 *
 * Known difference: versions are validated with ASCII character classes; Go's apk version
 * parser also accepts non-ASCII lower-case letters and digits.
 */
#include "analyze/analyzer.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/license.h"
#include "util/map.h"
#include "util/path.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

#define APK_MAXLINE 65535 /* Go's bufio.Scanner default: longer lines stop the scan */

static const char *const db_paths[] = { "lib/apk/db/installed", "usr/lib/apk/db/installed" };

static bool wants(const char *path, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(db_paths) / sizeof(db_paths[0]); i++)
		if (strlen(db_paths[i]) == len && memcmp(db_paths[i], path, len) == 0)
			return true;
	return false;
}

/*
 * apk version syntax, as apk-tools' version.c tokenises it (the validity rule Trivy applies
 * through go-apk-version): digits separated by dots, an optional letter, "_suffix[n]"
 * parts and an optional "-r<n>" revision. Each token predicts the next; a prediction that
 * does not fit makes the version invalid. The empty version is valid.
 */
enum tok { T_INVALID = -1, T_DIGIT_OR_ZERO, T_DIGIT, T_LETTER, T_SUFFIX, T_SUFFIX_NO,
	T_REVISION_NO, T_END };

struct vrd {
	struct ks_str s;
	size_t i;
	bool last_ok; /* the previous read returned a character (it can be unread) */
};

static bool vread(struct vrd *v, char *c)
{
	v->last_ok = v->i < v->s.n;
	*c = v->last_ok ? v->s.p[v->i++] : '\0';
	return v->last_ok;
}

static void vunread(struct vrd *v)
{
	if (v->last_ok)
		v->i--;
	v->last_ok = false;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static enum tok next_token(struct vrd *v, enum tok t)
{
	enum tok n = T_INVALID;
	char c;

	if (!vread(v, &c))
		n = T_END;
	if ((t == T_DIGIT || t == T_DIGIT_OR_ZERO) && is_lower(c))
		n = T_LETTER;
	else if (t == T_LETTER && is_digit(c))
		n = T_DIGIT;
	else if (t == T_SUFFIX && is_digit(c))
		n = T_SUFFIX_NO;
	else if (c == '.')
		n = T_DIGIT_OR_ZERO;
	else if (c == '_')
		n = T_SUFFIX;
	else if (c == '-')
		n = vread(v, &c) ? T_REVISION_NO : T_INVALID;
	if (n == T_END || n == T_LETTER || n == T_DIGIT || n == T_SUFFIX_NO)
		vunread(v);
	if (n < t) {
		if ((n == T_DIGIT_OR_ZERO && t == T_DIGIT) || (n == T_SUFFIX && t == T_SUFFIX_NO) ||
			(n == T_DIGIT && t == T_LETTER))
			return n;
		return T_INVALID;
	}
	return n;
}

static bool peek_word(struct vrd *v, const char *w)
{
	size_t n = strlen(w);

	return v->s.n - v->i >= n && memcmp(v->s.p + v->i, w, n) == 0;
}

static enum tok get_token(struct vrd *v, enum tok t)
{
	static const char *const pre[] = { "alpha", "beta", "pre", "rc", "b" };
	static const char *const post[] = { "cvs", "svn", "git", "hg", "p" };
	enum tok nt = T_INVALID;
	bool found = false;
	size_t k;
	char c;

	vread(v, &c);
	switch (t) {
	case T_DIGIT_OR_ZERO:
		if (c == '0') {
			while (vread(v, &c))
				if (c != '0') {
					vunread(v);
					break;
				}
			nt = T_DIGIT;
			break;
		}
		/* fall through */
	case T_DIGIT:
	case T_SUFFIX_NO:
	case T_REVISION_NO:
		while (is_digit(c))
			if (!vread(v, &c))
				break;
		vunread(v);
		break;
	case T_LETTER:
		break;
	case T_SUFFIX:
		vunread(v);
		for (k = 0; !found && k < sizeof(pre) / sizeof(pre[0]); k++)
			if (peek_word(v, pre[k])) {
				v->i += strlen(pre[k]);
				found = true;
			}
		for (k = 0; !found && k < sizeof(post) / sizeof(post[0]); k++)
			if (peek_word(v, post[k])) {
				v->i += strlen(post[k]);
				found = true;
			}
		if (!found)
			return T_INVALID;
		break;
	default:
		return T_INVALID;
	}
	v->last_ok = false;
	if (v->i >= v->s.n)
		return T_END;
	if (nt != T_INVALID)
		return nt;
	return next_token(v, t);
}

static bool apk_version_valid(struct ks_str s)
{
	struct vrd v = { s, 0, false };
	enum tok t = T_DIGIT;

	while (t != T_END && t != T_INVALID)
		t = get_token(&v, t);
	return t == T_END;
}

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Decodes padded standard base64 like Go's base64.StdEncoding.DecodeString (CR and LF are
 * skipped, the unused low bits of the last character are not checked) and appends the
 * bytes as lower-case hex. Returns 1, 0 on malformed input (a length that is not a
 * multiple of four, a character outside the alphabet, or padding other than a final
 * "x=" or "xx==" group) or KS_ENOMEM.
 */
static int b64_to_hex(struct ks_str in, struct ks_buf *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned q[4];
	size_t i, nq = 0, pad = 0, k;
	bool done = false;

	for (i = 0; i < in.n; i++) {
		char c = in.p[i];
		int v = c == '=' ? 0 : b64val(c);

		if (c == '\r' || c == '\n')
			continue;
		if (done || v < 0 || (c == '=' && nq < 2) || (c != '=' && pad > 0))
			return 0;
		pad += c == '=';
		q[nq++] = (unsigned)v;
		if (nq < 4)
			continue;
		{
			unsigned char b[3];

			b[0] = (unsigned char)(q[0] << 2 | q[1] >> 4);
			b[1] = (unsigned char)(q[1] << 4 | q[2] >> 2);
			b[2] = (unsigned char)(q[2] << 6 | q[3]);
			for (k = 0; k < 3 - pad; k++)
				if (ks_buf_addc(hex, digits[b[k] >> 4]) != 0 ||
					ks_buf_addc(hex, digits[b[k] & 15]) != 0)
					return KS_ENOMEM;
		}
		nq = 0;
		done = pad > 0;
	}
	return nq == 0;
}

/* Warning kinds, counted per file and reported once each. */
enum { W_NONAME, W_DUP, W_VERSION, W_CSUM, W_PATH, W_NUL, W_MAX };

struct apk_state {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	struct ks_map seen;   /* package names already added -> (void *)1 */
	struct ks_pkg cur;    /* paragraph being read */
	bool broken;          /* cur had a NUL byte */
	bool used;            /* cur had at least one field line */
	size_t cur_line;      /* first line of cur */
	struct ks_str version; /* last V: value, carried over like Trivy does */
	struct ks_str dir;     /* last F: value, carried over too */
	size_t wcount[W_MAX];
	size_t wline[W_MAX];
};

static void note(struct apk_state *st, int kind, size_t line)
{
	if (st->wcount[kind]++ == 0)
		st->wline[kind] = line;
}

static int push_license(void *ud, const char *lic)
{
	struct apk_state *st = ud;

	return ks_strv_push(&st->cx->arena, &st->cur.licenses, lic);
}

/* Ends the current paragraph: keeps it as a package if it is complete and new. */
static int flush(struct apk_state *st)
{
	struct ks_pkg *p;
	int r = 0;

	if (st->cur.name == NULL || st->cur.version == NULL || st->cur.name[0] == '\0' ||
		st->cur.version[0] == '\0') {
		if (st->used)
			note(st, st->broken ? W_NUL : W_NONAME, st->cur_line);
		goto reset;
	}
	if (st->broken) {
		note(st, W_NUL, st->cur_line);
		goto reset;
	}
	if (ks_map_has(&st->seen, st->cur.name, strlen(st->cur.name))) {
		note(st, W_DUP, st->cur_line);
		goto reset;
	}
	if ((r = ks_map_put(&st->seen, st->cur.name, strlen(st->cur.name), (void *)1, NULL)) !=
		0)
		goto reset;
	if ((p = ks_ares_addpkg(st->cx, st->out)) == NULL) {
		r = KS_ENOMEM;
		goto reset;
	}
	*p = st->cur;
	p->layer = -1;
reset:
	memset(&st->cur, 0, sizeof(st->cur));
	st->broken = st->used = false;
	return r;
}

/* Adds the installed file dir/name as a clean relative path; unusable paths (escaping the
 * root, too long, NUL bytes, the root itself) are counted and skipped. */
static int add_file(struct apk_state *st, struct ks_str name, size_t lineno)
{
	char joined[4096], clean[4096];
	size_t n = st->dir.n + 1 + name.n;

	if (n >= sizeof(joined)) {
		note(st, W_PATH, lineno);
		return 0;
	}
	memcpy(joined, st->dir.p, st->dir.n);
	joined[st->dir.n] = '/';
	memcpy(joined + st->dir.n + 1, name.p, name.n);
	if (ks_path_clean(joined, n, clean, sizeof(clean), NULL) != 0 || clean[0] == '\0') {
		note(st, W_PATH, lineno);
		return 0;
	}
	return ks_strv_pushn(&st->cx->arena, &st->cur.files, clean, strlen(clean));
}

/* Stores an arena copy of v in *dst (NULL when v is empty). */
static int set(struct apk_state *st, const char **dst, struct ks_str v)
{
	*dst = NULL;
	if (v.n == 0)
		return 0;
	if ((*dst = ks_arena_strndup(&st->cx->arena, v.p, v.n)) == NULL)
		return KS_ENOMEM;
	return 0;
}

static int checksum(struct apk_state *st, struct ks_str v, size_t lineno)
{
	bool sha1 = ks_str_hasprefix(v, "Q1");
	struct ks_buf hex;
	int r;

	ks_buf_init(&hex, 2 * v.n + 16);
	if ((r = ks_buf_adds(&hex, sha1 ? "sha1:" : "md5:")) == 0 &&
		(r = b64_to_hex(sha1 ? ks_str_sub(v, 2, v.n) : v, &hex)) >= 0) {
		if (r == 1)
			r = set(st, &st->cur.digest, (struct ks_str){ hex.p, hex.n });
		else
			note(st, W_CSUM, lineno);
	}
	ks_buf_release(&hex);
	return r;
}

/* Applies one "<letter>:<value>" line to the current paragraph. */
static int field(struct apk_state *st, struct ks_str line, size_t lineno)
{
	struct ks_str v = ks_str_sub(line, 2, line.n);
	char c = line.p[0];

	if (line.p[1] != ':')
		return 0;
	if (!st->used) {
		st->used = true;
		st->cur_line = lineno;
	}
	if (c == 'V')
		st->version = v;
	else if (c == 'F')
		st->dir = v;
	if (memchr(line.p, '\0', line.n) != NULL) {
		st->broken = true;
		return 0;
	}
	switch (c) {
	case 'P':
		return set(st, &st->cur.name, v);
	case 'V':
		if (!apk_version_valid(v)) {
			note(st, W_VERSION, lineno);
			return 0;
		}
		return set(st, &st->cur.version, v);
	case 'o': {
		int r = set(st, &st->cur.src_name, v);

		return r != 0 ? r : set(st, &st->cur.src_version, st->version);
	}
	case 'L':
		st->cur.licenses.n = 0;
		return ks_license_lax_split(&st->cx->arena, v, push_license, st);
	case 'A':
		return set(st, &st->cur.arch, v);
	case 'm':
		return set(st, &st->cur.maintainer, v);
	case 'C':
		return checksum(st, v, lineno);
	case 'R':
		return add_file(st, v, lineno);
	default:
		return 0;
	}
}

static const char *const what[W_MAX] = {
	[W_NONAME] = "paragraph(s) without a name or valid version skipped",
	[W_DUP] = "repeated package name(s) skipped, the first one kept",
	[W_VERSION] = "invalid version(s) ignored",
	[W_CSUM] = "undecodable checksum(s) ignored",
	[W_PATH] = "unusable installed-file path(s) skipped",
	[W_NUL] = "paragraph(s) with NUL bytes skipped",
};

static int report(struct apk_state *st)
{
	int k;

	for (k = 0; k < W_MAX; k++)
		if (st->wcount[k] > 0 && ks_warn(st->cx, "apk: '%s': line %zu: %zu %s", st->f->path,
					  st->wline[k], st->wcount[k], what[k]) != 0)
			return KS_ENOMEM;
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	int r = KS_EINTERNAL;
	struct apk_state st;
	struct ks_lines it;
	struct ks_str line;
	bool content = false;

	memset(&st, 0, sizeof(st));
	st.cx = cx;
	st.f = f;
	st.out = out;
	st.version = st.dir = (struct ks_str){ "", 0 };
	ks_map_init(&st.seen);
	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		if (line.n > APK_MAXLINE) {
			if (ks_warn(cx, "apk: '%s': line %zu: longer than %d bytes, rest of the "
					"file ignored", f->path, it.lineno, APK_MAXLINE) != 0) {
				r = KS_ENOMEM;
				goto out;
			}
			break;
		}
		if (ks_str_trim(line).n > 0)
			content = true;
		if (line.n < 2) {
			if ((r = flush(&st)) != 0)
				goto out;
			continue;
		}
		if ((r = field(&st, line, it.lineno)) != 0)
			goto out;
	}
	if ((r = flush(&st)) != 0)
		goto out;
	if (content && out->npkgs == 0) {
		/* explain with the most specific problem seen */
		static const int order[] = { W_VERSION, W_NUL, W_DUP, W_CSUM, W_PATH, W_NONAME };
		size_t i = 0;
		int k = W_MAX;

		while (i < sizeof(order) / sizeof(order[0]) && st.wcount[order[i]] == 0)
			i++;
		if (i < sizeof(order) / sizeof(order[0]))
			k = order[i];
		if (k < W_MAX)
			r = ks_seterr(&cx->err, KS_ECORRUPT,
				"apk: '%s': no package found (line %zu: %zu %s)", f->path,
				st.wline[k], st.wcount[k], what[k]);
		else
			r = ks_seterr(&cx->err, KS_ECORRUPT, "apk: '%s': no package found",
				f->path);
		goto out;
	}
	r = report(&st);
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, "apk: '%s': out of memory", f->path);
	ks_map_release(&st.seen);
	return r;
}

const struct ks_analyzer ks_analyzer_apk = {
	.name = "apk",
	.kind = KS_AK_OSPKG,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
