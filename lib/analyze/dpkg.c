/*
 * dpkg.c - Debian/Ubuntu package database, read as Trivy's dpkg analyzer reads it.
 *
 * Files:
 *   var/lib/dpkg/status            all packages, one stanza each
 *   var/lib/dpkg/status.d/<name>   distroless images: one stanza file per package (files
 *                                  ending in ".md5sums" there are not wanted)
 *   var/lib/dpkg/info/<name>.list  the files a package installed
 *
 * Status files: stanzas are separated by "\n\n" and each is read as an RFC 822 header the
 * way Go's net/textproto does: field names are case-insensitive tokens, values may go on
 * over lines starting with a space or tab (joined with one space), a blank line ends the
 * stanza, and a stanza with a line without a colon, a bad field name, a control byte in a
 * value or a first line starting with white space is skipped whole. A stanza is a package
 * unless a word of its Status is "deinstall" or "purge" (status.d stanzas have no Status
 * and count as installed). Package and Version are required; "Source: name (version)"
 * gives the source package (default: the binary name and version). Versions are split
 * like Trivy does: Version holds the upstream part, Release the Debian revision and Epoch
 * the epoch, e.g. "1:2.33.1-0.1" -> 2.33.1 / 0.1 / 1; a package whose version or source
 * version is not a valid Debian version is skipped. Stanzas with the same
 * Package@Version collapse into the last one. A stanza over 128 KiB makes the whole file
 * fail (KS_ELIMIT), as it makes Trivy's scanner fail. A package's ID is Trivy's
 * "Package@Version", Version as written (so "0:1.2" keeps its "0:").
 *
 * DependsOn, as Trivy's parseDepends/consolidateDependencies build it: only the first
 * Depends field counts (not Pre-Depends, Recommends, Provides or Built-Using); it is split
 * at every "," and "|" (all alternatives count), each part is cut at its first "(" (the
 * version constraint and anything after it) and trimmed like Go's strings.TrimSpace. A
 * part is then looked up by exact name among the packages kept from the same file (the
 * last stanza of that name wins); anything else is dropped: packages not installed or
 * skipped, virtual packages provided by another one, and arch-qualified names such as
 * "python3:any". The IDs found are sorted bytewise without duplicates; none leaves
 * DependsOn empty. Resolution never crosses files, so a distroless status.d stanza file
 * of one package only ever resolves a dependency on itself, as with Trivy.
 *
 * Everything Trivy drops silently is dropped here too but reported with one warning per
 * kind per file (ks_warn). A non-blank file in which no stanza can be read is corrupt.
 *
 * .list files: each gives one ks_ares holding a single package whose name is the file
 * name without ".list" ("libc6:amd64" for multi-arch packages), whose version is NULL and
 * whose files are the listed paths (clean and relative) minus the directories: a line is
 * dropped when the next line lies below it, as Trivy does. The scanner attaches those
 * files to the status package whose Name, or Name + ":" + Arch, equals that name; such a
 * result must not be reported as a package of its own.
 *
 * Known differences: Debian versions are validated with ASCII character classes (Go's
 * parser also accepts non-ASCII letters and digits), and an epoch above INT_MAX, which
 * ks_pkg cannot hold, makes the version invalid.
 */
#include "analyze/analyzer.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/map.h"
#include "util/path.h"
#include "util/str.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define DPKG_STANZA_MAX (128 * 1024) /* Trivy's scanner buffer for status files */
#define DPKG_LINE_MAX 65535          /* Go's default scanner limit for .list files */

static const char status_file[] = "var/lib/dpkg/status";
static const char status_dir[] = "var/lib/dpkg/status.d/";
static const char info_dir[] = "var/lib/dpkg/info/";

/* If path is directly inside dir (a prefix ending in '/'), stores the file name. */
static bool in_dir(struct ks_str path, const char *dir, struct ks_str *base)
{
	if (!ks_str_hasprefix(path, dir))
		return false;
	*base = ks_str_sub(path, strlen(dir), path.n);
	return base->n > 0 && ks_str_chr(*base, '/') < 0;
}

static bool is_list(struct ks_str path, struct ks_str *base)
{
	return in_dir(path, info_dir, base) && ks_str_hassuffix(*base, ".list");
}

static bool wants(const char *path, size_t len)
{
	struct ks_str p = { path, len }, base;

	if (ks_str_eq(p, status_file) || is_list(p, &base))
		return true;
	return in_dir(p, status_dir, &base) && !ks_str_hassuffix(base, ".md5sums");
}

/* Warning kinds, counted per file and reported once each with the first line. */
enum { W_MALFORMED, W_TAIL, W_NOPKG, W_VERSION, W_SRCVERSION, W_PATH, W_MAX };

struct warns {
	size_t count[W_MAX];
	size_t line[W_MAX];
	const char *why; /* first reason of W_MALFORMED */
};

static void note(struct warns *w, int kind, size_t line, const char *why)
{
	if (w->count[kind]++ == 0) {
		w->line[kind] = line;
		if (kind == W_MALFORMED)
			w->why = why;
	}
}

static int report(struct ks_ctx *cx, const char *path, const struct warns *w)
{
	static const char *const what[W_MAX] = {
		[W_MALFORMED] = "malformed stanza(s) skipped",
		[W_TAIL] = "stanza(s) with data after a blank line, the rest ignored",
		[W_NOPKG] = "stanza(s) without Package or Version skipped",
		[W_VERSION] = "package(s) with an invalid Version skipped",
		[W_SRCVERSION] = "package(s) with an invalid source version skipped",
		[W_PATH] = "unusable path(s) skipped",
	};
	int k;

	for (k = 0; k < W_MAX; k++) {
		if (w->count[k] == 0)
			continue;
		if (ks_warn(cx, "dpkg: '%s': line %zu: %zu %s%s%s", path, w->line[k], w->count[k],
			    what[k], k == W_MALFORMED ? ": " : "",
			    k == W_MALFORMED ? w->why : "") != 0)
			return KS_ENOMEM;
	}
	return 0;
}

/* ---- RFC 822 stanzas, as Go's textproto.Reader.ReadMIMEHeader reads them ---- */

enum { F_PACKAGE, F_STATUS, F_VERSION, F_SOURCE, F_ARCH, F_MAINT, F_DEPENDS, F_MAX };

static const char *const field_names[F_MAX] = { "Package", "Status", "Version", "Source",
	"Architecture", "Maintainer", "Depends" };

struct stanza {
	struct ks_buf val[F_MAX]; /* first value of each field of interest */
	bool has[F_MAX];
	size_t nfields;           /* header lines read */
	struct ks_buf cur;        /* value being assembled */
};

/* Reads one line of t at *pos like bufio.Reader.ReadLine: without "\n" or "\r\n". */
static bool read_line(struct ks_str t, size_t *pos, struct ks_str *line)
{
	const char *nl;
	size_t left;

	if (*pos >= t.n)
		return false;
	left = t.n - *pos;
	line->p = t.p + *pos;
	nl = memchr(line->p, '\n', left);
	if (nl == NULL) {
		line->n = left;
		*pos = t.n;
		return true;
	}
	line->n = (size_t)(nl - line->p);
	*pos += line->n + 1;
	if (line->n > 0 && line->p[line->n - 1] == '\r')
		line->n--;
	return true;
}

/* textproto's trim: spaces and tabs only. */
static struct ks_str trim_sp(struct ks_str s)
{
	while (s.n > 0 && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
		s.n--;
	return s;
}

/* RFC 7230 tchar: the bytes a field name may contain. */
static bool tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		(c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 7230 field-content bytes: HTAB, SP, VCHAR and obs-text. */
static bool vchar(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/*
 * Parses stanza t into st. Returns 0 when the stanza is usable (*tail tells whether
 * non-blank data after a blank line was ignored) or 1 with *why set when textproto would
 * reject it. Negative KS_E* on out-of-memory.
 */
static int read_stanza(struct ks_str t, struct stanza *st, bool *tail, const char **why)
{
	struct ks_str line, kv, key, v;
	size_t pos = 0, i;
	int f, r;

	*tail = false;
	st->nfields = 0;
	for (f = 0; f < F_MAX; f++) {
		ks_buf_reset(&st->val[f]);
		st->has[f] = false;
	}
	if (t.n > 0 && (t.p[0] == ' ' || t.p[0] == '\t')) {
		*why = "first line starts with white space";
		return 1;
	}
	while (read_line(t, &pos, &line)) {
		if (line.n == 0) {
			*tail = ks_str_trim_space(ks_str_sub(t, pos, t.n)).n > 0;
			return 0;
		}
		if (ks_str_chr(line, ':') < 0) {
			*why = "line without a colon";
			return 1;
		}
		kv = trim_sp(line);
		ks_str_cut(kv, ':', &key, &v);
		ks_buf_reset(&st->cur);
		if ((r = ks_buf_add(&st->cur, v.p, v.n)) != 0)
			return r;
		while (pos < t.n && (t.p[pos] == ' ' || t.p[pos] == '\t')) {
			while (pos < t.n && (t.p[pos] == ' ' || t.p[pos] == '\t'))
				pos++;
			if ((r = ks_buf_addc(&st->cur, ' ')) != 0)
				return r;
			if (!read_line(t, &pos, &line))
				break;
			line = trim_sp(line);
			if ((r = ks_buf_add(&st->cur, line.p, line.n)) != 0)
				return r;
		}
		if (key.n == 0) {
			*why = "empty field name";
			return 1;
		}
		for (i = 0; i < key.n; i++)
			if (!tchar((unsigned char)key.p[i]) && key.p[i] != ' ') {
				*why = "invalid byte in a field name";
				return 1;
			}
		for (i = 0; i < st->cur.n; i++)
			if (!vchar((unsigned char)st->cur.p[i])) {
				*why = "control byte in a field value";
				return 1;
			}
		st->nfields++;
		for (f = 0; f < F_MAX; f++) {
			struct ks_str val = { st->cur.p, st->cur.n };

			if (st->has[f] || !ks_str_eqi(key, field_names[f]))
				continue;
			while (val.n > 0 && (val.p[0] == ' ' || val.p[0] == '\t')) {
				val.p++;
				val.n--;
			}
			if ((r = ks_buf_add(&st->val[f], val.p, val.n)) != 0)
				return r;
			st->has[f] = true;
		}
	}
	return 0;
}

static struct ks_str sval(const struct stanza *st, int f)
{
	struct ks_str s = { "", 0 };

	if (st->has[f] && st->val[f].n > 0) {
		s.p = st->val[f].p;
		s.n = st->val[f].n;
	}
	return s;
}

/* ---- Debian versions, as go-deb-version parses them ---- */

struct debver {
	int epoch;
	struct ks_str upstream, revision;
};

static bool alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Go's strconv.Atoi: optional sign, decimal digits, int64 range. */
static bool go_atoi(struct ks_str s, long long *v)
{
	bool neg = false;
	uint64_t u;

	if (s.n > 0 && (s.p[0] == '+' || s.p[0] == '-')) {
		neg = s.p[0] == '-';
		s = ks_str_sub(s, 1, s.n);
	}
	if (!ks_str_to_u64(s, neg ? (uint64_t)LLONG_MAX + 1 : (uint64_t)LLONG_MAX, &u))
		return false;
	*v = neg ? (long long)(0 - u) : (long long)u;
	return true;
}

static bool parse_debver(struct ks_str s, struct debver *dv)
{
	struct ks_str ep, rest;
	ptrdiff_t dash;
	long long e = 0;
	size_t i;

	s = ks_str_trim_space(s);
	if (ks_str_cut(s, ':', &ep, &rest)) {
		if (!go_atoi(ep, &e) || e < 0 || e > INT_MAX)
			return false;
		s = rest;
	}
	dv->epoch = (int)e;
	dash = ks_str_rchr(s, '-');
	if (dash >= 0) {
		dv->upstream = ks_str_sub(s, 0, (size_t)dash);
		dv->revision = ks_str_sub(s, (size_t)dash + 1, s.n);
	} else {
		dv->upstream = s;
		dv->revision = ks_str_sub(s, s.n, 0);
	}
	if (dv->upstream.n == 0 || dv->upstream.p[0] < '0' || dv->upstream.p[0] > '9')
		return false;
	for (i = 0; i < dv->upstream.n; i++)
		if (!alnum(dv->upstream.p[i]) && strchr(".-+~:_", dv->upstream.p[i]) == NULL)
			return false;
	for (i = 0; i < dv->revision.n; i++)
		if (!alnum(dv->revision.p[i]) && strchr("+.~_", dv->revision.p[i]) == NULL)
			return false;
	return true;
}

/* ---- status files ---- */

/* Where the Depends value of one package lies in status_state.deps. */
struct span {
	size_t off, n;
};

struct status_state {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	size_t base;        /* out->npkgs before this file */
	struct ks_map ids;  /* "name@version" -> index + 1 in out->pkgs */
	struct ks_map names; /* name -> index + 1 of the last package kept with that name */
	struct ks_buf deps; /* Depends values of the kept packages, one after another */
	struct span *spans; /* by index - base: that package's Depends value in deps */
	size_t nspans;
	struct warns w;
};

/* \s of Go's regexp syntax. */
static bool re_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* "Source: name (version)": Go regexp `(?P<name>[^\s]*)( \((?P<version>.*)\))?`, both
 * parts trimmed; the version runs to the last ")". */
static void parse_source(struct ks_str src, struct ks_str *name, struct ks_str *ver)
{
	size_t i = 0;
	ptrdiff_t close;

	while (i < src.n && !re_space(src.p[i]))
		i++;
	*name = ks_str_trim_space(ks_str_sub(src, 0, i));
	*ver = ks_str_sub(src, i, 0);
	if (src.n - i >= 2 && src.p[i] == ' ' && src.p[i + 1] == '(') {
		struct ks_str rest = ks_str_sub(src, i + 2, src.n);

		if ((close = ks_str_rchr(rest, ')')) >= 0)
			*ver = ks_str_trim_space(ks_str_sub(rest, 0, (size_t)close));
	}
}

static bool installed(struct ks_str status)
{
	struct ks_str w;

	while (ks_str_field_next(&status, &w))
		if (ks_str_eq(w, "deinstall") || ks_str_eq(w, "purge"))
			return false;
	return true;
}

static const char *adup(struct ks_ctx *cx, struct ks_str s, int *r)
{
	char *p;

	if (s.n == 0)
		return NULL;
	if ((p = ks_arena_strndup(&cx->arena, s.p, s.n)) == NULL)
		*r = KS_ENOMEM;
	return p;
}

/*
 * Records the Depends value of the package kept at out->pkgs[idx] (replacing what an
 * earlier stanza with the same ID left there) and makes it the package its name resolves
 * to. Returns 0 or KS_ENOMEM.
 */
static int keep_depends(struct status_state *ss, const struct stanza *st, size_t idx)
{
	struct ks_str dep = sval(st, F_DEPENDS);
	size_t k = idx - ss->base;
	int r;

	if (k >= ss->nspans) {
		size_t n = ss->nspans ? 2 * ss->nspans : 64;
		struct span *ns;

		while (n <= k)
			n *= 2;
		if ((ns = realloc(ss->spans, n * sizeof(*ns))) == NULL)
			return KS_ENOMEM;
		memset(ns + ss->nspans, 0, (n - ss->nspans) * sizeof(*ns));
		ss->spans = ns;
		ss->nspans = n;
	}
	ss->spans[k].off = ss->deps.n;
	ss->spans[k].n = dep.n;
	if ((r = ks_buf_add(&ss->deps, dep.p, dep.n)) != 0)
		return r;
	return ks_map_put(&ss->names, ss->out->pkgs[idx].name, strlen(ss->out->pkgs[idx].name),
		(void *)(uintptr_t)(idx + 1), NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Fills DependsOn of every package this file kept from its Depends value (see the top
 * comment). Runs once all stanzas are read, since a dependency may come later in the
 * file. Returns 0 or KS_ENOMEM.
 */
static int resolve_depends(struct status_state *ss)
{
	int r = KS_EINTERNAL;
	const char **ids = NULL;
	size_t capids = 0, i;

	for (i = ss->base; i < ss->out->npkgs; i++) {
		struct span sp = ss->spans[i - ss->base];
		struct ks_str rest, part, name, ver;
		struct ks_strv *dv = &ss->out->pkgs[i].depends_on;
		size_t nids = 0, j, k;

		if (sp.n == 0)
			continue;
		rest.p = ss->deps.p + sp.off;
		rest.n = sp.n;
		if (sp.n + 1 > capids) {
			const char **ni = realloc(ids, (sp.n + 1) * sizeof(*ni));

			if (ni == NULL) {
				r = KS_ENOMEM;
				goto out;
			}
			ids = ni;
			capids = sp.n + 1;
		}
		for (;;) {
			size_t cut = 0;
			void *slot;

			while (cut < rest.n && rest.p[cut] != ',' && rest.p[cut] != '|')
				cut++;
			part = ks_str_sub(rest, 0, cut);
			ks_str_cut(part, '(', &name, &ver);
			name = ks_str_trim_space(name);
			if (name.n > 0 && (slot = ks_map_get(&ss->names, name.p, name.n)) != NULL)
				ids[nids++] = ss->out->pkgs[(uintptr_t)slot - 1].id;
			if (cut == rest.n)
				break;
			rest = ks_str_sub(rest, cut + 1, rest.n);
		}
		if (nids == 0)
			continue;
		qsort(ids, nids, sizeof(*ids), cmp_str);
		for (j = 1, k = 1; j < nids; j++)
			if (strcmp(ids[j], ids[k - 1]) != 0)
				ids[k++] = ids[j];
		if ((dv->v = ks_arena_memdup(&ss->cx->arena, ids, k * sizeof(*ids))) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		dv->n = dv->cap = k;
	}
	r = 0;
out:
	free(ids);
	return r;
}

/* Turns a usable stanza into a package (or skips it, counting why). */
static int add_package(struct status_state *ss, const struct stanza *st, size_t lineno)
{
	struct ks_str name = sval(st, F_PACKAGE), ver = sval(st, F_VERSION), sname, sver;
	struct debver bv, sv;
	struct ks_pkg *p, tmp;
	char *id;
	void *slot;
	size_t idx;
	int r = 0;

	if (!installed(sval(st, F_STATUS)))
		return 0;
	if (name.n == 0 || ver.n == 0) {
		note(&ss->w, W_NOPKG, lineno, NULL);
		return 0;
	}
	sname = name;
	sver = ver;
	if (st->has[F_SOURCE] && st->val[F_SOURCE].n > 0) {
		struct ks_str n2, v2;

		parse_source(sval(st, F_SOURCE), &n2, &v2);
		if (n2.n > 0)
			sname = n2;
		if (v2.n > 0)
			sver = v2;
	}
	if (!parse_debver(ver, &bv)) {
		note(&ss->w, W_VERSION, lineno, NULL);
		return 0;
	}
	if (!parse_debver(sver, &sv)) {
		note(&ss->w, W_SRCVERSION, lineno, NULL);
		return 0;
	}
	memset(&tmp, 0, sizeof(tmp));
	tmp.layer = -1;
	tmp.name = adup(ss->cx, name, &r);
	tmp.version = adup(ss->cx, bv.upstream, &r);
	tmp.release = adup(ss->cx, bv.revision, &r);
	tmp.epoch = bv.epoch;
	tmp.arch = adup(ss->cx, sval(st, F_ARCH), &r);
	tmp.src_name = adup(ss->cx, sname, &r);
	tmp.src_version = adup(ss->cx, sv.upstream, &r);
	tmp.src_release = adup(ss->cx, sv.revision, &r);
	tmp.src_epoch = sv.epoch;
	tmp.maintainer = adup(ss->cx, sval(st, F_MAINT), &r);
	id = ks_arena_printf(&ss->cx->arena, "%.*s@%.*s", (int)name.n, name.p, (int)ver.n, ver.p);
	if (r != 0 || id == NULL)
		return KS_ENOMEM;
	tmp.id = id;
	if ((slot = ks_map_get(&ss->ids, id, strlen(id))) != NULL) {
		idx = (uintptr_t)slot - 1;
		ss->out->pkgs[idx] = tmp;
	} else {
		if ((p = ks_ares_addpkg(ss->cx, ss->out)) == NULL)
			return KS_ENOMEM;
		*p = tmp;
		idx = ss->out->npkgs - 1;
		if ((r = ks_map_put(&ss->ids, id, strlen(id), (void *)(uintptr_t)(idx + 1),
			     NULL)) != 0)
			return r;
	}
	return keep_depends(ss, st, idx);
}

static int parse_status(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	int r = KS_EINTERNAL;
	struct status_state ss;
	struct stanza st;
	struct ks_str all = { (const char *)f->data, f->size }, t;
	size_t pos = 0, lineno = 1, content = 0, bad = 0;
	const char *why = NULL;
	bool tail;
	int k;

	memset(&ss, 0, sizeof(ss));
	ss.cx = cx;
	ss.f = f;
	ss.out = out;
	ss.base = out->npkgs;
	ks_map_init(&ss.ids);
	ks_map_init(&ss.names);
	ks_buf_init(&ss.deps, f->size + 1); /* Depends values never add up to more */
	for (k = 0; k < F_MAX; k++)
		ks_buf_init(&st.val[k], DPKG_STANZA_MAX);
	ks_buf_init(&st.cur, DPKG_STANZA_MAX);
	while (pos < all.n) {
		struct ks_str rest = ks_str_sub(all, pos, all.n);
		const char *sep = rest.n >= 2 ? memmem(rest.p, rest.n, "\n\n", 2) : NULL;
		size_t len = sep != NULL ? (size_t)(sep - rest.p) : rest.n;
		size_t start_line = lineno, i;

		if ((sep != NULL && len + 2 > DPKG_STANZA_MAX) ||
			(sep == NULL && len >= DPKG_STANZA_MAX)) {
			r = ks_seterr(&cx->err, KS_ELIMIT,
				"dpkg: '%s': line %zu: stanza longer than %d bytes", f->path,
				start_line, DPKG_STANZA_MAX);
			goto out;
		}
		t = ks_str_sub(rest, 0, len);
		for (i = 0; i < len; i++)
			lineno += t.p[i] == '\n';
		lineno += sep != NULL ? 2 : 0;
		pos += len + (sep != NULL ? 2 : 0);
		if (ks_str_trim_space(t).n == 0)
			continue;
		content++;
		if ((r = read_stanza(t, &st, &tail, &why)) < 0)
			goto out;
		if (r == 1) {
			bad++;
			note(&ss.w, W_MALFORMED, start_line, why);
			continue;
		}
		if (tail)
			note(&ss.w, W_TAIL, start_line, NULL);
		if (st.nfields > 0 && (r = add_package(&ss, &st, start_line)) != 0)
			goto out;
	}
	if (content > 0 && bad == content) {
		r = ks_seterr(&cx->err, KS_ECORRUPT,
			"dpkg: '%s': line %zu: no readable stanza (%s)", f->path,
			ss.w.line[W_MALFORMED], ss.w.why);
		goto out;
	}
	if ((r = resolve_depends(&ss)) != 0)
		goto out;
	r = report(cx, f->path, &ss.w);
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, "dpkg: '%s': out of memory", f->path);
	for (k = 0; k < F_MAX; k++)
		ks_buf_release(&st.val[k]);
	ks_buf_release(&st.cur);
	ks_map_release(&ss.ids);
	ks_map_release(&ss.names);
	ks_buf_release(&ss.deps);
	free(ss.spans);
	return r;
}

/* ---- info lists ---- */

static int add_listed(struct ks_ctx *cx, struct ks_pkg *p, struct ks_str path, size_t lineno,
	struct warns *w)
{
	char clean[4096];

	if (ks_path_clean(path.p, path.n, clean, sizeof(clean), NULL) != 0 || clean[0] == '\0') {
		if (path.n > 0)
			note(w, W_PATH, lineno, NULL);
		return 0;
	}
	return ks_strv_pushn(&cx->arena, &p->files, clean, strlen(clean));
}

/* True if path lies below dir (starts with dir + "/"): then dir is a directory. */
static bool below(struct ks_str path, struct ks_str dir)
{
	return path.n > dir.n && (dir.n == 0 || memcmp(path.p, dir.p, dir.n) == 0) &&
		path.p[dir.n] == '/';
}

static int parse_list(struct ks_ctx *cx, const struct ks_file *f, struct ks_str base,
	struct ks_ares *out)
{
	int r = KS_EINTERNAL;
	struct ks_str stem = ks_str_sub(base, 0, base.n - 5), line, prev = { "", 0 };
	struct ks_lines it;
	struct warns w;
	struct ks_pkg *p;
	size_t prev_line = 0;

	memset(&w, 0, sizeof(w));
	if (stem.n == 0)
		return 0;
	if ((p = ks_ares_addpkg(cx, out)) == NULL ||
		(p->name = ks_arena_strndup(&cx->arena, stem.p, stem.n)) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		if (line.n > DPKG_LINE_MAX) {
			r = ks_seterr(&cx->err, KS_ELIMIT,
				"dpkg: '%s': line %zu: longer than %d bytes", f->path, it.lineno,
				DPKG_LINE_MAX);
			goto out;
		}
		if (ks_str_eq(line, "/."))
			continue;
		if (!below(line, prev) && (r = add_listed(cx, p, prev, prev_line, &w)) != 0)
			goto out;
		prev = line;
		prev_line = it.lineno;
	}
	if ((r = add_listed(cx, p, prev, prev_line, &w)) != 0)
		goto out;
	r = report(cx, f->path, &w);
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, "dpkg: '%s': out of memory", f->path);
	return r;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_str path = ks_str_c(f->path), base;

	if (is_list(path, &base))
		return parse_list(cx, f, base, out);
	return parse_status(cx, f, out);
}

const struct ks_analyzer ks_analyzer_dpkg = {
	.name = "dpkg",
	.kind = KS_AK_OSPKG,
	.version = 2,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
