/*
 * gemspec.c - installed Ruby gems ("gemspec"): the specification files RubyGems writes
 * under specifications/ (<gem dir>/specifications/<name>-<version>.gemspec), in images and
 * root filesystems (post-build only), read by pattern matching as Trivy does (the file is
 * Ruby code; nothing is evaluated).
 *
 * Wanted: any path containing "/specifications/" followed by at least one character and
 * ".gemspec" (Trivy tests the path with an unanchored regular expression). Each line is
 * trimmed; the line containing "Gem::Specification.new" gives the block variable (what lies between
 * its first and last "|"). After that, a line starting with "<var>.name" sets the name to
 * the first non-blank run after ".name =" (with ".freeze" and surrounding quotes removed;
 * no match sets it empty, as Trivy's assignment does), "<var>.version" the version likewise,
 * "<var>.licenses" the licences from the text between "[" and the last "]" after
 * ".licenses =" (each comma-separated item trimmed the same way) and "<var>.license" a
 * single licence. Reading stops once name, version and licence are known. The licence
 * text is split with Trivy's SplitLicenses and not normalised (Trivy reports it as
 * written). A file without a name or a version, with a line of 64 KiB or more (Go's
 * scanner limit) or with a NUL byte is corrupt. FilePath is the gemspec itself.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/buf.h"
#include "util/license.h"

#include <string.h>

#include "util/banned.h"

#define WHO "gemspec"
#define MAXLINE 65535

static bool wants(const char *path, size_t len)
{
	struct ks_str p = { path, len };
	size_t i, j;

	for (i = 0; i + 16 <= len; i++) {
		struct ks_str rest;

		if (memcmp(path + i, "/specifications/", 16) != 0)
			continue;
		rest = ks_str_sub(p, i + 16, len);
		/* at least one character before ".gemspec" */
		for (j = 1; j + 8 <= rest.n; j++)
			if (memcmp(rest.p + j, ".gemspec", 8) == 0)
				return true;
	}
	return false;
}

/* Go's regexp \s: tab, newline, form feed, carriage return, space. */
static bool re_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/*
 * Finds `\.<field>\s*=\s*` in line (leftmost) and returns what follows it in *rest; false
 * when there is none.
 */
static bool after_assign(struct ks_str line, const char *field, struct ks_str *rest)
{
	size_t fl = strlen(field), i, j;

	for (i = 0; i + 1 + fl <= line.n; i++) {
		if (line.p[i] != '.' || memcmp(line.p + i + 1, field, fl) != 0)
			continue;
		for (j = i + 1 + fl; j < line.n && re_space(line.p[j]); j++)
			;
		if (j >= line.n || line.p[j] != '=')
			continue;
		for (j++; j < line.n && re_space(line.p[j]); j++)
			;
		*rest = ks_str_sub(line, j, line.n);
		return true;
	}
	return false;
}

/* `\S+` at the start of s (empty when s starts with a blank or is empty). */
static struct ks_str nonblank(struct ks_str s)
{
	size_t i = 0;

	while (i < s.n && !re_space(s.p[i]))
		i++;
	return ks_str_sub(s, 0, i);
}

/* Trivy's trim(): blanks, then a ".freeze" suffix, then quotes on both ends. */
static struct ks_str trim_value(struct ks_str s)
{
	s = ks_str_trim_space(s);
	if (ks_str_hassuffix(s, ".freeze"))
		s.n -= 7;
	while (s.n > 0 && (s.p[0] == '\'' || s.p[0] == '"')) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && (s.p[s.n - 1] == '\'' || s.p[s.n - 1] == '"'))
		s.n--;
	return s;
}

/* A simple field: `\.<field>\s*=\s*(\S+)`, trimmed; empty when it does not match. */
static struct ks_str field_value(struct ks_str line, const char *field)
{
	struct ks_str rest;

	if (!after_assign(line, field, &rest))
		return (struct ks_str){ line.p, 0 };
	rest = nonblank(rest);
	if (rest.n == 0) /* \S+ needs one character: no match */
		return rest;
	return trim_value(rest);
}

/* `\.licenses\s*=\s*\[(.+)\]`: the items, trimmed and joined with ", ", into buf. */
static int licenses_value(struct ks_str line, struct ks_buf *buf)
{
	struct ks_str rest, item, tail;
	ptrdiff_t close;
	bool first = true;

	ks_buf_reset(buf);
	if (!after_assign(line, "licenses", &rest) || rest.n == 0 || rest.p[0] != '[')
		return 0;
	rest = ks_str_sub(rest, 1, rest.n);
	if ((close = ks_str_rchr(rest, ']')) < 1)
		return 0;
	rest.n = (size_t)close;
	for (;;) {
		bool more = ks_str_cut(rest, ',', &item, &tail);

		item = trim_value(item);
		if (!first && ks_buf_add(buf, ", ", 2) != 0)
			return KS_ENOMEM;
		if (ks_buf_add(buf, item.p, item.n) != 0)
			return KS_ENOMEM;
		first = false;
		if (!more)
			break;
		rest = tail;
	}
	return 0;
}

struct lic_ud {
	struct ks_ctx *cx;
	struct ks_pkg *p;
};

static int push_lic(void *ud, const char *lic)
{
	struct lic_ud *u = ud;

	return ks_strv_push(&u->cx->arena, &u->p->licenses, lic);
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_str line, var = { NULL, 0 }, name = { NULL, 0 }, version = { NULL, 0 };
	struct ks_buf lic;
	struct ks_lines it;
	struct ks_pkg *p;
	char prefix[4096];
	int r = 0;

	ks_buf_init(&lic, f->size + 16);
	if (f->size > 0 && memchr(f->data, '\0', f->size) != NULL) {
		r = ks_lang_corrupt(cx, WHO, f, 0, "NUL byte in the file");
		goto out;
	}
	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		size_t vl;

		if (line.n > MAXLINE) {
			r = ks_lang_corrupt(cx, WHO, f, it.lineno, "line longer than 64 KiB");
			goto out;
		}
		line = ks_str_trim_space(line);
		if (memmem(line.p, line.n, "Gem::Specification.new", 22) != NULL) {
			ptrdiff_t a = ks_str_chr(line, '|'), b = ks_str_rchr(line, '|');

			var = (struct ks_str){ NULL, 0 };
			if (a >= 0 && b > a)
				var = ks_str_sub(line, (size_t)a + 1, (size_t)(b - a - 1));
		}
		if (var.n == 0 || var.n + 10 > sizeof(prefix))
			continue;
		vl = var.n;
		memcpy(prefix, var.p, vl);
		memcpy(prefix + vl, ".name", 6);
		if (ks_str_hasprefix(line, prefix)) {
			name = field_value(line, "name");
		} else {
			memcpy(prefix + vl, ".version", 9);
			if (ks_str_hasprefix(line, prefix)) {
				version = field_value(line, "version");
			} else {
				memcpy(prefix + vl, ".licenses", 10);
				if (ks_str_hasprefix(line, prefix)) {
					if ((r = licenses_value(line, &lic)) != 0)
						goto out;
				} else {
					memcpy(prefix + vl, ".license", 9);
					if (ks_str_hasprefix(line, prefix)) {
						struct ks_str v = field_value(line, "license");

						ks_buf_reset(&lic);
						if (ks_buf_add(&lic, v.p, v.n) != 0) {
							r = KS_ENOMEM;
							goto out;
						}
					}
				}
			}
		}
		if (name.n > 0 && version.n > 0 && lic.n > 0)
			break;
	}
	if (name.n == 0 || version.n == 0) {
		r = ks_lang_corrupt(cx, WHO, f, 0, "no gem name or version");
		goto out;
	}
	if ((p = ks_lang_add(cx, out, name, version, 0, 0)) == NULL ||
		(p->file_path = ks_arena_strdup(&cx->arena, f->path)) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	r = ks_license_split(&cx->arena, (struct ks_str){ lic.p ? lic.p : "", lic.n }, push_lic,
		&(struct lic_ud){ cx, p });
out:
	ks_buf_release(&lic);
	return r;
}

const struct ks_analyzer ks_analyzer_gemspec = {
	.name = "gemspec",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_POST,
	.version = 1,
	.parse = parse,
	.wants = wants,
};
