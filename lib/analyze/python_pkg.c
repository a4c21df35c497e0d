/*
 * python_pkg.c - installed Python distributions, read as Trivy's "python-pkg" analyzer
 * reads them (images and root filesystems only).
 *
 * Files:
 *   <anything>.dist-info/.../METADATA   wheel metadata (the path contains ".dist-info" and
 *                                       the file is called METADATA)
 *   <name>.egg-info                     egg metadata written as a single file
 *   <name>.egg-info/PKG-INFO, EGG-INFO/PKG-INFO
 *   <name>.egg                          a zipped egg: the first member whose name ends as
 *                                       one of the two above is read from the archive
 *
 * The metadata is an RFC 822 header read the way Go's net/textproto ReadMIMEHeader reads
 * it: lines up to the first blank one, continuation lines (starting with a space or tab)
 * joined with one space, keys compared case-insensitively. Reading stops, keeping what
 * was read, at the first malformed line (no colon, a key that is not an HTTP token, a
 * control byte in a value, a first line that starts with white space), as Trivy goes on
 * after such a protocol error. Name and Version are required (else the file is corrupt);
 * the version is kept as written (no PEP 440 check, as in Trivy).
 *
 * Licences (Trivy's order): License-Expression if present; otherwise the last " :: "
 * part of every "Classifier: License :: ..." line except the bare "OSI Approved",
 * joined with ", "; when there are none, the License field. The result is split like
 * Trivy's licensing.SplitLicenses and each part normalised (util/license.h).
 *
 * Known differences: a package that names only a License-File gets no licence (Trivy
 * runs its licence classifier on that file, which this analyzer cannot read); an egg
 * archive is read through libarchive's zip reader, whose idea of a malformed archive may
 * differ from Go's archive/zip.
 *
 * The package's FilePath is the file it was found in (the scanner sets it).
 */
#include "analyze/analyzer.h"
#include "util/buf.h"
#include "util/license.h"
#include "util/str.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define EGG_MEMBER_MAX (1u << 20) /* largest PKG-INFO read out of an .egg archive */
#define EGG_ENTRIES_MAX 100000u   /* zip members looked at before giving up */

static const char an_name[] = "python-pkg";

/* Trivy's isEggFile: the suffixes of egg metadata paths. */
static bool egg_meta(struct ks_str p)
{
	return ks_str_hassuffix(p, "EGG-INFO/PKG-INFO") || ks_str_hassuffix(p, ".egg-info") ||
	       ks_str_hassuffix(p, ".egg-info/PKG-INFO");
}

static struct ks_str base_of(struct ks_str p)
{
	ptrdiff_t s = ks_str_rchr(p, '/');

	return s < 0 ? p : ks_str_sub(p, (size_t)s + 1, p.n);
}

/* filepath.Ext(path) == ".egg". */
static bool egg_zip(struct ks_str p)
{
	struct ks_str b = base_of(p);
	ptrdiff_t dot = ks_str_rchr(b, '.');

	return dot >= 0 && ks_str_eq(ks_str_sub(b, (size_t)dot, b.n), ".egg");
}

static bool contains(struct ks_str hay, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= hay.n; i++)
		if (memcmp(hay.p + i, needle, n) == 0)
			return true;
	return false;
}

static bool wants(const char *path, size_t len)
{
	struct ks_str p = {path, len};

	if (egg_meta(p) || egg_zip(p))
		return true;
	return ks_str_eq(base_of(p), "METADATA") && contains(p, ".dist-info");
}

/* The header fields the analyzer uses (first occurrence; classifiers all). */
struct meta {
	const char *name, *version, *license, *lic_expr;
	struct ks_strv classifiers;
};

/* Go's validHeaderFieldByte: an HTTP token character. */
static bool token_byte(unsigned char c)
{
	static const char extra[] = "!#$%&'*+-.^_`|~";

	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c != 0 && memchr(extra, c, sizeof(extra) - 1) != NULL);
}

/* Go's validHeaderValueByte. */
static bool value_byte(unsigned char c)
{
	return c >= 0x80 || (c >= 0x20 && c != 0x7f) || c == '\t';
}

/* textproto's trim: ASCII space, tab, CR and LF off both ends. */
static struct ks_str trim(struct ks_str s)
{
	while (s.n > 0 && strchr(" \t\r\n", s.p[0]) != NULL)
		s.p++, s.n--;
	while (s.n > 0 && strchr(" \t\r\n", s.p[s.n - 1]) != NULL)
		s.n--;
	return s;
}

/* The next line at *off (without "\n" and a "\r" before it); false at the end. */
static bool next_line(struct ks_str text, size_t *off, struct ks_str *line)
{
	struct ks_str rest;
	ptrdiff_t nl;

	if (*off >= text.n)
		return false;
	rest = ks_str_sub(text, *off, text.n);
	nl = ks_str_chr(rest, '\n');
	*line = nl < 0 ? rest : ks_str_sub(rest, 0, (size_t)nl);
	*off += nl < 0 ? rest.n : (size_t)nl + 1;
	if (line->n > 0 && line->p[line->n - 1] == '\r')
		line->n--;
	return true;
}

/* Stores the field key: value if it is one the analyzer uses. */
static int keep(struct ks_ctx *cx, struct meta *m, struct ks_str key, struct ks_str val)
{
	const char **slot = NULL;

	if (ks_str_eqi(key, "Classifier"))
		return ks_strv_pushn(&cx->arena, &m->classifiers, val.p, val.n);
	if (ks_str_eqi(key, "Name"))
		slot = &m->name;
	else if (ks_str_eqi(key, "Version"))
		slot = &m->version;
	else if (ks_str_eqi(key, "License"))
		slot = &m->license;
	else if (ks_str_eqi(key, "License-Expression"))
		slot = &m->lic_expr;
	if (slot == NULL || *slot != NULL)
		return 0;
	return (*slot = ks_arena_strndup(&cx->arena, val.p, val.n)) != NULL ? 0 : KS_ENOMEM;
}

/*
 * Reads the header block of text into m as textproto.ReadMIMEHeader does, stopping
 * (without an error) at the end of the header, the end of the text or the first
 * malformed line. Returns 0 or KS_ENOMEM/KS_ELIMIT.
 */
static int read_header(struct ks_ctx *cx, struct ks_str text, struct meta *m)
{
	struct ks_str line, cont, kv, key, val;
	size_t off = 0, peek, i;
	struct ks_buf b;
	int r = 0;

	if (text.n > 0 && (text.p[0] == ' ' || text.p[0] == '\t'))
		return 0;
	ks_buf_init(&b, text.n + 1);
	while (r == 0 && next_line(text, &off, &line) && line.n > 0) {
		if (ks_str_chr(line, ':') < 0)
			break;
		ks_buf_reset(&b);
		line = trim(line);
		r = ks_buf_add(&b, line.p, line.n);
		/* continuation lines */
		while (r == 0 && off < text.n && (text.p[off] == ' ' || text.p[off] == '\t')) {
			peek = off;
			if (!next_line(text, &peek, &cont))
				break;
			off = peek;
			cont = trim(cont);
			r = ks_buf_addc(&b, ' ');
			r = r ? r : ks_buf_add(&b, cont.p, cont.n);
		}
		if (r != 0)
			break;
		kv = (struct ks_str){b.p, b.n};
		ks_str_cut(kv, ':', &key, &val);
		for (i = 0; i < key.n && token_byte((unsigned char)key.p[i]); i++)
			;
		if (i < key.n)
			break;
		for (i = 0; i < val.n && value_byte((unsigned char)val.p[i]); i++)
			;
		if (i < val.n)
			break;
		if (key.n == 0)
			continue;
		while (val.n > 0 && (val.p[0] == ' ' || val.p[0] == '\t'))
			val.p++, val.n--;
		r = keep(cx, m, key, val);
	}
	ks_buf_release(&b);
	return r;
}

struct lic_ctx {
	struct ks_ctx *cx;
	struct ks_pkg *p;
};

static int add_license(void *ud, const char *lic)
{
	struct lic_ctx *lc = ud;
	const char *norm;
	int r;

	if ((r = ks_license_normalize(&lc->cx->arena, ks_str_c(lic), &norm)) != 0)
		return r;
	return ks_strv_push(&lc->cx->arena, &lc->p->licenses, norm);
}

/* Trivy's licence choice for one package (see the file comment); max bounds the joined
 * classifier text (the size of the metadata is enough). */
static int licenses(struct ks_ctx *cx, const struct meta *m, struct ks_pkg *p, size_t max)
{
	struct lic_ctx lc = {cx, p};
	struct ks_buf b;
	size_t i;
	int r = 0;

	if (m->lic_expr != NULL && m->lic_expr[0] != '\0')
		return ks_license_split(&cx->arena, ks_str_c(m->lic_expr), add_license, &lc);
	ks_buf_init(&b, max);
	for (i = 0; r == 0 && i < m->classifiers.n; i++) {
		struct ks_str c = ks_str_c(m->classifiers.v[i]), last = c;
		size_t j;

		if (!ks_str_hasprefix(c, "License :: "))
			continue;
		for (j = 0; j + 4 <= c.n; j++)
			if (memcmp(c.p + j, " :: ", 4) == 0)
				last = ks_str_sub(c, j + 4, c.n);
		if (ks_str_eq(last, "OSI Approved"))
			continue;
		if (b.n > 0)
			r = ks_buf_adds(&b, ", ");
		r = r ? r : ks_buf_add(&b, last.p, last.n);
	}
	if (r == 0 && b.n == 0 && m->license != NULL)
		r = ks_buf_adds(&b, m->license);
	if (r == 0 && b.n > 0)
		r = ks_license_split(&cx->arena, (struct ks_str){b.p, b.n}, add_license, &lc);
	ks_buf_release(&b);
	return r;
}

/* Parses one metadata text (from path, for messages) into a package. */
static int parse_meta(struct ks_ctx *cx, const char *path, struct ks_str text, struct ks_ares *out)
{
	struct meta m = {0};
	struct ks_pkg *p;
	int r;

	if ((r = read_header(cx, text, &m)) != 0)
		return r;
	if (m.name == NULL || m.name[0] == '\0' || m.version == NULL || m.version[0] == '\0')
		return ks_seterr(
		        &cx->err, KS_ECORRUPT, "%s: '%s': name or version is empty", an_name, path);
	if ((p = ks_ares_addpkg(cx, out)) == NULL)
		return KS_ENOMEM;
	p->name = m.name;
	p->version = m.version;
	return licenses(cx, &m, p, 2 * text.n + 16);
}

/* Finds the egg metadata member of a zipped egg and parses it; an archive without one
 * gives no package. */
static int parse_egg(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	uint8_t *buf = NULL;
	size_t seen = 0;
	la_ssize_t got;
	int r = KS_EINTERNAL, ar;

	if (a == NULL)
		return KS_ENOMEM;
	archive_read_support_format_zip_seekable(a);
	if (archive_read_open_memory(a, f->data, f->size) != ARCHIVE_OK) {
		r = ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': not a zip archive: %s", an_name,
		        f->path, archive_error_string(a) ? archive_error_string(a) : "unknown");
		goto out;
	}
	for (;;) {
		const char *name;

		ar = archive_read_next_header(a, &e);
		if (ar == ARCHIVE_EOF) {
			r = 0; /* no metadata in this egg */
			goto out;
		}
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
			r = ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': corrupt zip archive: %s",
			        an_name, f->path,
			        archive_error_string(a) ? archive_error_string(a) : "unknown");
			goto out;
		}
		if (++seen > EGG_ENTRIES_MAX) {
			r = ks_seterr(&cx->err, KS_ELIMIT, "%s: '%s': more than %u zip members",
			        an_name, f->path, EGG_ENTRIES_MAX);
			goto out;
		}
		name = archive_entry_pathname(e);
		if (name != NULL && archive_entry_filetype(e) == AE_IFREG &&
		        egg_meta(ks_str_c(name)))
			break;
	}
	if ((buf = malloc(EGG_MEMBER_MAX + 1)) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	got = archive_read_data(a, buf, EGG_MEMBER_MAX + 1);
	if (got < 0) {
		r = ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': corrupt zip member: %s", an_name,
		        f->path, archive_error_string(a) ? archive_error_string(a) : "unknown");
		goto out;
	}
	if ((size_t)got > EGG_MEMBER_MAX) {
		r = ks_seterr(&cx->err, KS_ELIMIT, "%s: '%s': metadata member over %u bytes",
		        an_name, f->path, EGG_MEMBER_MAX);
		goto out;
	}
	r = parse_meta(cx, f->path, (struct ks_str){(const char *)buf, (size_t)got}, out);
out:
	free(buf);
	archive_read_free(a);
	return r;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_str p = ks_str_c(f->path);

	if (egg_zip(p))
		return parse_egg(cx, f, out);
	return parse_meta(cx, f->path, (struct ks_str){(const char *)f->data, f->size}, out);
}

const struct ks_analyzer ks_analyzer_python_pkg = {
        .name = "python-pkg",
        .kind = KS_AK_LANG,
        .modes = KS_MODE_POST,
        .version = 1,
        .wants = wants,
        .parse = parse,
};
