/*
 * dpkg_copyright.c - licences of Debian/Ubuntu packages from their copyright files, read as
 * Trivy's dpkg-license analyzer reads them.
 *
 * Files: usr/share/doc/<package>/copyright, directly in the package's directory (not
 * below it: usr/share/doc/ca-certificates/examples/.../debian/copyright is not wanted).
 *
 * The file is read line by line (a trailing "\r" dropped). A line starting with
 * "License:" (machine-readable DEP-5 format) gives the rest of the line, trimmed like Go's
 * strings.TrimSpace, cut at its first "(", stripped of a leading "The main library is
 * licensed under " and a trailing " license" and trimmed again; unless empty, it is split
 * as licensing.SplitLicenses splits (ks_license_split) and each non-empty part normalised
 * (ks_license_normalize). Any other line containing "/usr/share/common-licenses/" (free-form
 * files) gives the first name following a "usr/share/common-licenses/" of the line that
 * matches [0-9A-Za-z_.+-]*[0-9A-Za-z+] with at least two characters, longest first,
 * normalised. Names are kept in order of first appearance without duplicates.
 *
 * A file naming at least one licence gives one ks_ares package whose name is the
 * directory name ("zlib1g"), whose version is NULL and whose licenses are those names;
 * such a result is not a package of its own: the scanner (scan.c) sets the Licenses of
 * every OS package of that exact name to them, replacing what the package had, as Trivy's
 * applier does. A file naming none gives nothing (Trivy's classifier fallback runs only
 * with --license-full, which kensa does not implement).
 *
 * The copyright files used are those visible in the merged image (layer/merge.c): an
 * upper layer's file replaces a lower layer's, a whiteout removes it, and a package whose
 * doc directory is a symbolic link to another package's (libgcc1 -> gcc-8-base) gets
 * nothing, as no file is analysed under a link.
 *
 * Known differences: a NUL byte makes the file corrupt (KS_ECORRUPT: copyright files are
 * text; Trivy reads on), and a line longer than 65535 bytes makes it fail (KS_ELIMIT)
 * where Trivy's line scanner stops silently and keeps the licences read so far. An upper
 * layer's copyright file that names no licence (or fails) hides a lower layer's file at
 * the same path, as every analysed file does in kensa; Trivy records nothing for it and
 * keeps the lower layer's licences.
 */
#include "analyze/analyzer.h"
#include "util/err.h"
#include "util/license.h"
#include "util/map.h"
#include "util/str.h"

#include <string.h>

#include "util/banned.h"

#define COPYRIGHT_LINE_MAX 65535 /* Go's default bufio.Scanner token limit */

static const char doc_dir[] = "usr/share/doc/";
static const char common_dir[] = "usr/share/common-licenses/";

/* The package directory name of a wanted path ("usr/share/doc/<name>/copyright"). */
static bool pkg_dir(struct ks_str path, struct ks_str *name)
{
	static const char tail[] = "/copyright";

	if (!ks_str_hasprefix(path, doc_dir) || !ks_str_hassuffix(path, tail))
		return false;
	if (path.n < strlen(doc_dir) + strlen(tail))
		return false;
	*name = ks_str_sub(path, strlen(doc_dir), path.n - strlen(doc_dir) - strlen(tail));
	return name->n > 0 && ks_str_chr(*name, '/') < 0;
}

static bool wants(const char *path, size_t len)
{
	struct ks_str name;

	return pkg_dir((struct ks_str){ path, len }, &name);
}

/* The licences of one file, in order of first appearance, de-duplicated through seen. */
struct found {
	struct ks_ctx *cx;
	struct ks_strv *out;
	struct ks_map seen;
};

/* Adds a normalised name unless it is empty or already there. */
static int add(struct found *fd, struct ks_str name)
{
	const char *lic;
	int r;

	if (name.n == 0)
		return 0;
	if ((r = ks_license_normalize(&fd->cx->arena, name, &lic)) != 0)
		return r;
	if (lic[0] == '\0' || ks_map_has(&fd->seen, lic, strlen(lic)))
		return 0;
	if ((r = ks_map_put(&fd->seen, lic, strlen(lic), (void *)lic, NULL)) != 0)
		return r;
	return ks_strv_push(&fd->cx->arena, fd->out, lic);
}

static int add_part(void *ud, const char *part)
{
	return add(ud, ks_str_c(part));
}

/* Trivy's normalizeLicense on the trimmed value of a "License:" line. */
static struct ks_str dep5_value(struct ks_str v)
{
	static const char pre[] = "The main library is licensed under ";
	static const char suf[] = " license";
	struct ks_str rest;

	ks_str_cut(v, '(', &v, &rest);
	if (ks_str_hasprefix(v, pre))
		v = ks_str_sub(v, strlen(pre), v.n);
	if (ks_str_hassuffix(v, suf))
		v.n -= strlen(suf);
	return ks_str_trim_space(v);
}

static bool name_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c == '_' || c == '.' || c == '+' || c == '-';
}

static bool last_char(char c)
{
	return name_char(c) && c != '_' && c != '.' && c != '-';
}

/* The common-licenses reference of a line, as Trivy's regular expression
 * "/?usr/share/common-licenses/([0-9A-Za-z_.+-]+[0-9A-Za-z+])" captures it in its leftmost
 * match; false when the line has none. */
static bool common_ref(struct ks_str line, struct ks_str *name)
{
	size_t clen = strlen(common_dir), i, e;

	for (i = 0; i + clen <= line.n; i++) {
		if (memcmp(line.p + i, common_dir, clen) != 0)
			continue;
		for (e = i + clen; e < line.n && name_char(line.p[e]); e++)
			;
		while (e > i + clen + 1 && !last_char(line.p[e - 1]))
			e--;
		if (e >= i + clen + 2 && last_char(line.p[e - 1])) {
			*name = ks_str_sub(line, i + clen, e - i - clen);
			return true;
		}
	}
	return false;
}

static int scan_lines(struct found *fd, const struct ks_file *f)
{
	static const char ref[] = "/usr/share/common-licenses/";
	struct ks_lines it;
	struct ks_str line, name;
	int r;

	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		if (line.n > COPYRIGHT_LINE_MAX)
			return ks_seterr(&fd->cx->err, KS_ELIMIT,
				"dpkg-license: '%s': line %zu: longer than %d bytes", f->path,
				it.lineno, COPYRIGHT_LINE_MAX);
		if (ks_str_hasprefix(line, "License:")) {
			name = dep5_value(ks_str_trim_space(ks_str_sub(line, 8, line.n)));
			if (name.n > 0 &&
				(r = ks_license_split(&fd->cx->arena, name, add_part, fd)) != 0)
				return r;
		} else if (memmem(line.p, line.n, ref, strlen(ref)) != NULL &&
			   common_ref(line, &name) && (r = add(fd, name)) != 0) {
			return r;
		}
	}
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	int r = KS_EINTERNAL;
	struct ks_strv lics = { 0 };
	struct found fd = { cx, &lics, { 0 } };
	struct ks_str name;
	struct ks_pkg *p;

	ks_map_init(&fd.seen);
	if (!pkg_dir(ks_str_c(f->path), &name)) {
		r = ks_seterr(&cx->err, KS_EUSAGE, "dpkg-license: '%s': not a copyright file",
			f->path);
		goto out;
	}
	if (f->size > 0 && memchr(f->data, '\0', f->size) != NULL) {
		r = ks_seterr(&cx->err, KS_ECORRUPT, "dpkg-license: '%s': NUL byte in text",
			f->path);
		goto out;
	}
	if ((r = scan_lines(&fd, f)) != 0)
		goto out;
	if (lics.n > 0) {
		if ((p = ks_ares_addpkg(cx, out)) == NULL ||
			(p->name = ks_arena_strndup(&cx->arena, name.p, name.n)) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		p->licenses = lics;
	}
	r = 0;
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, "dpkg-license: '%s': out of memory", f->path);
	ks_map_release(&fd.seen);
	return r;
}

const struct ks_analyzer ks_analyzer_dpkg_copyright = {
	.name = "dpkg-license",
	.kind = KS_AK_OSPKG,
	.modes = KS_MODE_POST,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
