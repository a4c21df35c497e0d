/*
 * jar.c - Java archives (.jar, .war, .ear, .par) in images and root filesystems, read as
 * Trivy's jar parser reads them, without its Java DB.
 *
 * The archive is read in memory with libarchive's zip reader (central directory), and so
 * is every archive inside it whose name ends in .jar, .war or .ear, at any depth. In each
 * archive, as Trivy walks it:
 * - every pom.properties (any directory) with groupId, artifactId and version is the
 *   package "groupId:artifactId" at that version, found in this archive;
 * - the last MANIFEST.MF gives the archive's own coordinates when no pom.properties
 *   matches the file name ("artifact-version.jar"): groupId from Implementation-Vendor-Id,
 *   Bundle-SymbolicName (up to its last dot), Implementation-Vendor or
 *   Specification-Vendor; artifactId from Implementation-Title, Specification-Title or
 *   Bundle-Name; version from Implementation-Version, Specification-Version or
 *   Bundle-Version (a "%variable" value does not count); its Plugin-License-Name[-N]
 *   values are the licences of the archive's only package;
 * - META-INF/maven/<groupId>/<artifactId>/pom.xml gives the licence names of that
 *   package.
 * The file path of a package is the archive it was found in, an inner archive's path being
 * the outer path joined with the entry name ("app.war/WEB-INF/lib/x.jar"; an entry that
 * climbs out of its archive is skipped). Packages with the same name, file path and
 * Maven-equal version are reported once.
 *
 * Not done, because they need Trivy's Java DB or its licence classifier: looking an
 * archive up by SHA-1, guessing a groupId from the file name, checking manifest
 * coordinates against Maven Central, and classifying LICENSE files. So the manifest is
 * trusted as Trivy trusts it with --offline-scan, and an archive identified by none of
 * the above gives no package of its own.
 *
 * Hostile input: archives nest at most JAR_MAXDEPTH deep, at most JAR_MAXENTRIES entries
 * are walked and at most JAR_MAXTOTAL bytes decompressed for one file (inner archives at
 * most JAR_MAXINNER each, metadata files JAR_MAXMETA each); going past any of these is a
 * zip bomb and fails the whole file with KS_ELIMIT naming the entry. A corrupt top-level
 * archive is an error; a corrupt inner archive is skipped with a warning (Trivy skips it
 * silently).
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "analyze/pomxml.h"
#include "util/map.h"
#include "util/path.h"
#include "util/rd.h"
#include "util/str.h"
#include "version/version.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define JAR_MAXDEPTH 16              /* archives inside archives */
#define JAR_MAXENTRIES 1000000u      /* entries walked, all levels together */
#define JAR_MAXTOTAL (1ull << 30)    /* bytes decompressed for one file */
#define JAR_MAXINNER (256ull << 20)  /* one inner archive */
#define JAR_MAXMETA (16u << 20)      /* one pom.properties, MANIFEST.MF or pom.xml */
#define JAR_MAXLINE 65535            /* Go's bufio.Scanner limit */

static bool wants(const char *path, size_t len)
{
	static const char *const exts[] = { ".jar", ".war", ".ear", ".par" };
	struct ks_str base = { path, len };
	const char *slash = memrchr(path, '/', len);
	size_t i;

	if (slash != NULL)
		base = (struct ks_str){ slash + 1, len - (size_t)(slash + 1 - path) };
	for (i = 0; i < 4; i++)
		if (base.n >= 4 && ks_str_eqi(ks_str_sub(base, base.n - 4, 4), exts[i]))
			return true;
	return false;
}

struct jar {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	uint64_t decompressed, entries;
	int64_t declared; /* the current entry's size as its header declares it; -1 unknown */
};

/* Trivy's jarFileRegEx on a file name: artifact and version, or empty views. */
static void name_props(const char *path, struct ks_str *artifact, struct ks_str *version)
{
	const char *slash = strrchr(path, '/');
	struct ks_str b = ks_str_c(slash ? slash + 1 : path);
	size_t p, k;

	*artifact = *version = (struct ks_str){ "", 0 };
	if (b.n < 7 || memcmp(b.p + b.n - 3, "jar", 3) != 0 || b.p[b.n - 4] == '\n')
		return;
	/* greedy: the rightmost "-<digit>" after a name of [A-Za-z0-9._-] and one more
	 * character that is not "-" or "*" */
	for (p = b.n - 5; p >= 1; p--) {
		bool ok = b.p[p] == '-' && b.p[p + 1] >= '0' && b.p[p + 1] <= '9' &&
			b.p[p - 1] != '-' && b.p[p - 1] != '*' && b.p[p - 1] != '\n';

		for (k = p + 1; ok && k < b.n - 4; k++)
			ok = memchr(" \t\n\f\r", b.p[k], 5) == NULL;
		for (k = 0; ok && k + 1 < p; k++) {
			char c = b.p[k];

			ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				(c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		}
		if (ok) {
			*artifact = ks_str_sub(b, 0, p);
			*version = ks_str_sub(b, p + 1, b.n - 4 - (p + 1));
			return;
		}
		if (p == 1)
			break;
	}
}

/* ---- reading entries */

/* KS_ELIMIT naming the entry: it decompresses past limit. */
static int too_big(struct jar *j, const char *where, uint64_t limit)
{
	return ks_seterr(&j->cx->err, KS_ELIMIT,
		"jar: '%s': '%s': decompresses past %llu bytes (zip bomb?)", j->f->path, where,
		(unsigned long long)limit);
}

/*
 * Reads the current entry's data into a malloc'd buffer of at most cap bytes. A declared
 * size past cap is refused before anything is read; otherwise it only sizes the first
 * allocation (it is not trusted: the data is counted as it comes). KS_ELIMIT (message
 * names the entry) past cap or the file's budget, KS_ECORRUPT when libarchive cannot
 * decompress it.
 */
static int read_entry(struct jar *j, struct archive *a, const char *where, uint64_t cap,
	uint8_t **out, size_t *len)
{
	size_t n = 0, alloc = 0;
	uint8_t *buf = NULL, *nb;
	la_ssize_t got;

	*out = NULL;
	*len = 0;
	if (j->declared > 0 && (uint64_t)j->declared > cap)
		return too_big(j, where, cap);
	for (;;) {
		if (n == alloc) {
			if (alloc == 0 && j->declared >= 0)
				alloc = (size_t)j->declared + 1; /* + 1: EOF is seen without a regrow */
			else
				alloc = alloc ? (alloc > cap / 2 ? (size_t)cap + 1 : alloc * 2) : 65536;
			if ((nb = realloc(buf, alloc)) == NULL) {
				free(buf);
				return ks_seterr(&j->cx->err, KS_ENOMEM, "jar: '%s': out of memory",
					j->f->path);
			}
			buf = nb;
		}
		got = archive_read_data(a, buf + n, alloc - n);
		if (got == 0)
			break;
		if (got < 0) {
			free(buf);
			return ks_seterr(&j->cx->err, KS_ECORRUPT, "jar: '%s': '%s': %s",
				j->f->path, where,
				archive_error_string(a) ? archive_error_string(a) :
							  "cannot decompress");
		}
		n += (size_t)got;
		j->decompressed += (uint64_t)got;
		if (n > cap || j->decompressed > JAR_MAXTOTAL) {
			free(buf);
			return too_big(j, where, n > cap ? cap : JAR_MAXTOTAL);
		}
	}
	*out = buf;
	*len = n;
	return 0;
}

/* ---- pom.properties and MANIFEST.MF */

struct props {
	struct ks_str group, artifact, version;
};

/* parsePomProperties: trimmed lines "groupId=", "artifactId=", "version=" (last wins). */
static int pom_properties(struct jar *j, const char *where, const uint8_t *d, size_t n,
	struct props *p)
{
	struct ks_lines it;
	struct ks_str line;

	memset(p, 0, sizeof(*p));
	ks_lines_init(&it, (const char *)d, n);
	while (ks_lines_next(&it, &line)) {
		struct ks_str t = ks_str_trim_space(line);

		if (line.n > JAR_MAXLINE)
			return ks_seterr(&j->cx->err, KS_ECORRUPT,
				"jar: '%s': '%s': line %zu too long", j->f->path, where, it.lineno);
		if (ks_str_hasprefix(t, "groupId="))
			p->group = ks_str_sub(t, 8, t.n);
		else if (ks_str_hasprefix(t, "artifactId="))
			p->artifact = ks_str_sub(t, 11, t.n);
		else if (ks_str_hasprefix(t, "version="))
			p->version = ks_str_sub(t, 8, t.n);
	}
	return 0;
}

enum { M_IVER, M_ITITLE, M_IVENDOR, M_IVENDORID, M_SVER, M_STITLE, M_SVENDOR, M_BVER,
	M_BNAME, M_BSYM, M_N };

struct manifest {
	struct ks_str f[M_N];
	struct ks_strv licenses; /* Plugin-License-Name values */
	bool seen;
};

static bool plugin_license_key(struct ks_str key)
{
	size_t i;

	if (ks_str_eq(key, "Plugin-License-Name"))
		return true;
	if (!ks_str_hasprefix(key, "Plugin-License-Name-") || key.n == 20)
		return false;
	for (i = 20; i < key.n; i++)
		if (key.p[i] < '0' || key.p[i] > '9')
			return false;
	return true;
}

/* parseManifest: one physical line per field, as Trivy reads it (no continuations). */
static int manifest_parse(struct jar *j, const char *where, const uint8_t *d, size_t n,
	struct manifest *m)
{
	static const char *const keys[M_N] = { "Implementation-Version:",
		"Implementation-Title:", "Implementation-Vendor:", "Implementation-Vendor-Id:",
		"Specification-Version:", "Specification-Title:", "Specification-Vendor:",
		"Bundle-Version:", "Bundle-Name:", "Bundle-SymbolicName:" };
	struct ks_lines it;
	struct ks_str line;
	size_t k;

	memset(m, 0, sizeof(*m));
	m->seen = true;
	ks_lines_init(&it, (const char *)d, n);
	while (ks_lines_next(&it, &line)) {
		struct ks_str rest = line, f1, f2, key, val;

		if (line.n > JAR_MAXLINE)
			return ks_seterr(&j->cx->err, KS_ECORRUPT,
				"jar: '%s': '%s': line %zu too long", j->f->path, where, it.lineno);
		/* lines of one field, or whose value is a %variable, are skipped */
		if (!ks_str_field_next(&rest, &f1) || !ks_str_field_next(&rest, &f2) ||
			ks_str_hasprefix(f2, "%"))
			continue;
		for (k = 0; k < M_N; k++)
			if (ks_str_hasprefix(line, keys[k])) {
				/* the entry's bytes are freed after parsing: keep a copy */
				val = ks_str_sub(line, strlen(keys[k]), line.n);
				if ((m->f[k].p = ks_arena_strndup(&j->cx->arena, val.p, val.n)) ==
					NULL)
					return ks_seterr(&j->cx->err, KS_ENOMEM,
						"jar: '%s': out of memory", j->f->path);
				m->f[k].n = val.n;
				break;
			}
		if (k < M_N || !ks_str_cut(line, ':', &key, &val) || !plugin_license_key(key))
			continue;
		val = ks_str_trim_space(val);
		if (val.n > 0 && ks_strv_pushn(&j->cx->arena, &m->licenses, val.p, val.n) != 0)
			return ks_seterr(&j->cx->err, KS_ENOMEM, "jar: '%s': out of memory",
				j->f->path);
	}
	return 0;
}

/* The first set field of the list, trimmed (determineGroupID and friends). */
static struct ks_str first_of(const struct manifest *m, const int *order, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (m->f[order[i]].n > 0)
			return ks_str_trim_space(m->f[order[i]]);
	return (struct ks_str){ "", 0 };
}

/* manifest.properties(): coordinates when all three are found. */
static bool manifest_props(const struct manifest *m, struct props *p)
{
	static const int group[] = { M_IVENDORID, M_BSYM, M_IVENDOR, M_SVENDOR };
	static const int artifact[] = { M_ITITLE, M_STITLE, M_BNAME };
	static const int version[] = { M_IVER, M_SVER, M_BVER };

	memset(p, 0, sizeof(*p));
	if (!m->seen)
		return false;
	p->group = first_of(m, group, 4);
	if (m->f[M_IVENDORID].n == 0 && m->f[M_BSYM].n > 0) {
		ptrdiff_t dot = ks_str_rchr(m->f[M_BSYM], '.');

		p->group = ks_str_trim_space(dot > 0 ? ks_str_sub(m->f[M_BSYM], 0, (size_t)dot) :
						       m->f[M_BSYM]);
	}
	p->artifact = first_of(m, artifact, 3);
	p->version = first_of(m, version, 3);
	return p->group.n > 0 && p->artifact.n > 0 && p->version.n > 0;
}

/* ---- packages */

static int add_pkg(struct jar *j, struct ks_str group, struct ks_str artifact,
	struct ks_str version, const char *path)
{
	struct ks_pkg *p = ks_ares_addpkg(j->cx, j->out);

	if (p == NULL ||
		(p->name = ks_arena_printf(&j->cx->arena, "%.*s:%.*s", (int)group.n, group.p,
			 (int)artifact.n, artifact.p)) == NULL ||
		(p->version = ks_arena_strndup(&j->cx->arena, version.p, version.n)) == NULL ||
		(p->file_path = ks_arena_strdup(&j->cx->arena, path)) == NULL)
		return ks_seterr(&j->cx->err, KS_ENOMEM, "jar: '%s': out of memory", j->f->path);
	return 0;
}

static bool has_ext(const char *name, const char *ext)
{
	const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');

	return dot != NULL && (slash == NULL || dot > slash) && strcmp(dot, ext) == 0;
}

/* embeddedPomGAV: META-INF/maven/<group>/<artifact>/pom.xml. */
static bool embedded_pom(const char *name, struct ks_str *ga)
{
	struct ks_str s = ks_str_c(name), g, a;

	if (!ks_str_hasprefix(s, "META-INF/maven/") || !ks_str_hassuffix(s, "/pom.xml"))
		return false;
	s = ks_str_sub(s, 15, s.n - 15 - 8);
	if (!ks_str_cut(s, '/', &g, &a) || g.n == 0 || a.n == 0)
		return false;
	*ga = s;
	return true;
}

static int walk(struct jar *j, const uint8_t *data, size_t n, const char *path, int depth);

/* True for a zip with no entries at all (just its end record), which Go's zip reader
 * accepts and libarchive does not recognise. */
static bool empty_zip(const uint8_t *data, size_t n)
{
	struct ks_rd r;
	uint32_t sig;
	uint16_t disk, cddisk, here, total;

	ks_rd_init(&r, data, n);
	if (n < 22 || ks_rd_seek(&r, n - 22) != 0 || ks_rd_u32le(&r, &sig) != 0 ||
		ks_rd_u16le(&r, &disk) != 0 || ks_rd_u16le(&r, &cddisk) != 0 ||
		ks_rd_u16le(&r, &here) != 0 || ks_rd_u16le(&r, &total) != 0)
		return false;
	return sig == 0x06054b50 && here == 0 && total == 0;
}

/* An inner archive: parsed on its own; a corrupt one is skipped with a warning. */
static int inner(struct jar *j, struct archive *a, const char *path, const char *name,
	int depth)
{
	char *joined, clean[4096];
	size_t len, before = j->out->npkgs;
	uint8_t *buf;
	int r, flags;

	if (depth + 1 > JAR_MAXDEPTH)
		return ks_seterr(&j->cx->err, KS_ELIMIT,
			"jar: '%s': '%s/%s': archives nested more than %d deep", j->f->path, path,
			name, JAR_MAXDEPTH);
	/* path.Join(rootPath, name) must stay under rootPath (zip slip) */
	if ((joined = ks_arena_printf(&j->cx->arena, "%s/%s", path, name)) == NULL)
		return KS_ENOMEM;
	r = ks_path_clean(joined, strlen(joined), clean, sizeof(clean), &flags);
	if (r != 0 || strncmp(clean, path, strlen(path)) != 0)
		return 0;
	if ((r = read_entry(j, a, name, JAR_MAXINNER, &buf, &len)) == 0) {
		r = walk(j, buf, len, clean, depth + 1);
		free(buf);
	}
	if (r != KS_ECORRUPT)
		return r;
	/* as Trivy, a corrupt inner archive contributes nothing; unlike it, say so */
	j->out->npkgs = before;
	return ks_warn(j->cx, "%s (inner archive skipped)", j->cx->err.msg) ? KS_ENOMEM : 0;
}

/* attachPomLicenses: packages without licences take those of the embedded pom.xml of the
 * same name (names kept as written, trimmed, empty ones dropped). */
static int pom_licenses(struct jar *j, size_t first, const struct ks_map *lics)
{
	size_t i, k;

	for (i = first; i < j->out->npkgs; i++) {
		struct ks_pkg *p = &j->out->pkgs[i];
		const struct ks_pom *pom;

		if (p->licenses.n > 0 ||
			(pom = ks_map_get(lics, p->name, strlen(p->name))) == NULL)
			continue;
		for (k = 0; k < pom->nlicenses; k++) {
			struct ks_str t = ks_str_trim_space(ks_str_c(pom->licenses[k]));

			if (t.n > 0 && ks_strv_pushn(&j->cx->arena, &p->licenses, t.p, t.n) != 0)
				return KS_ENOMEM;
		}
	}
	return 0;
}

/* Reads and records one metadata entry; other entries are skipped unread. */
static int entry(struct jar *j, struct archive *a, const char *path, const char *name,
	struct ks_str fa, struct ks_str fv, struct manifest *m, struct ks_map *lics,
	bool *found_own, int depth)
{
	const char *base = strrchr(name, '/');
	struct ks_str ga;
	uint8_t *buf;
	size_t len;
	int r = 0;

	base = base ? base + 1 : name;
	if (strcmp(base, "pom.xml") == 0) {
		struct ks_str g, art;
		struct ks_pom *pom;
		const char *what, *key;

		if (!embedded_pom(name, &ga))
			return 0;
		ks_str_cut(ga, '/', &g, &art);
		if ((pom = ks_arena_alloc(&j->cx->arena, sizeof(*pom))) == NULL ||
			(what = ks_arena_printf(&j->cx->arena, "jar: '%s': '%s'", path, name)) ==
				NULL ||
			(key = ks_arena_printf(&j->cx->arena, "%.*s:%.*s", (int)g.n, g.p,
				 (int)art.n, art.p)) == NULL)
			return KS_ENOMEM;
		if ((r = read_entry(j, a, name, JAR_MAXMETA, &buf, &len)) != 0)
			return r;
		r = ks_pom_parse(&j->cx->arena, &j->cx->err, what, buf, len, pom);
		free(buf);
		if (r == KS_ENOMEM)
			return r;
		if (r != 0) {
			/* as Trivy: a pom.xml that does not parse only loses its licences */
			ks_log(j->cx, KS_LOG_DEBUG, "%s", j->cx->err.msg);
			ks_err_clear(&j->cx->err);
			return 0;
		}
		return pom->nlicenses > 0 ? ks_map_put(lics, key, strlen(key), pom, NULL) : 0;
	}
	if (strcmp(base, "pom.properties") == 0) {
		struct props p;

		if ((r = read_entry(j, a, name, JAR_MAXMETA, &buf, &len)) != 0)
			return r;
		r = pom_properties(j, name, buf, len, &p);
		if (r == 0 && p.group.n > 0 && p.artifact.n > 0 && p.version.n > 0) {
			r = add_pkg(j, p.group, p.artifact, p.version, path);
			if (ks_str_eqs(p.artifact, fa) && ks_str_eqs(p.version, fv))
				*found_own = true;
		}
		free(buf);
		return r;
	}
	if (strcmp(base, "MANIFEST.MF") == 0) {
		if ((r = read_entry(j, a, name, JAR_MAXMETA, &buf, &len)) != 0)
			return r;
		r = manifest_parse(j, name, buf, len, m);
		free(buf);
		return r;
	}
	if (has_ext(name, ".jar") || has_ext(name, ".war") || has_ext(name, ".ear"))
		return inner(j, a, path, name, depth);
	return 0;
}

/*
 * Trivy's parseArtifact for one archive (n bytes at data, reported at path): walks its
 * entries, then adds the archive's own package from its manifest when no pom.properties
 * named it, and attaches licences. KS_ECORRUPT for an unreadable archive, KS_ELIMIT for
 * a zip bomb.
 */
static int walk(struct jar *j, const uint8_t *data, size_t n, const char *path, int depth)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct manifest m;
	struct ks_str fa, fv;
	struct ks_map lics;
	size_t first = j->out->npkgs, i, mine = 0;
	bool found_own = false;
	int r = 0, ar;

	memset(&m, 0, sizeof(m));
	ks_map_init(&lics);
	name_props(path, &fa, &fv);
	if (a == NULL)
		return ks_seterr(&j->cx->err, KS_ENOMEM, "jar: '%s': out of memory", j->f->path);
	if (empty_zip(data, n))
		goto out;
	if (archive_read_support_format_zip_seekable(a) != ARCHIVE_OK ||
		archive_read_open_memory(a, data, n) != ARCHIVE_OK) {
		r = ks_seterr(&j->cx->err, KS_ECORRUPT, "jar: '%s': '%s': not a zip archive: %s",
			j->f->path, path, archive_error_string(a) ? archive_error_string(a) : "");
		goto out;
	}
	for (;;) {
		const char *name;

		ar = archive_read_next_header(a, &e);
		if (ar == ARCHIVE_EOF)
			break;
		if (ar < ARCHIVE_WARN) {
			r = ks_seterr(&j->cx->err, KS_ECORRUPT, "jar: '%s': '%s': %s", j->f->path,
				path,
				archive_error_string(a) ? archive_error_string(a) : "corrupt zip");
			goto out;
		}
		if (++j->entries > JAR_MAXENTRIES) {
			r = ks_seterr(&j->cx->err, KS_ELIMIT, "jar: '%s': more than %u entries",
				j->f->path, JAR_MAXENTRIES);
			goto out;
		}
		name = archive_entry_pathname_utf8(e);
		if (name == NULL)
			name = archive_entry_pathname(e);
		if (name == NULL || archive_entry_filetype(e) == AE_IFDIR)
			continue;
		j->declared = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
		if ((r = entry(j, a, path, name, fa, fv, &m, &lics, &found_own, depth)) != 0)
			goto out;
	}
	if ((r = pom_licenses(j, first, &lics)) != 0)
		goto out;
	if (!found_own) {
		struct props p;

		if (manifest_props(&m, &p) && (r = add_pkg(j, p.group, p.artifact, p.version,
						       path)) != 0)
			goto out;
	}
	/* attachManifestLicenses: when exactly one package belongs to this archive */
	for (i = first; i < j->out->npkgs; i++)
		mine += strcmp(j->out->pkgs[i].file_path, path) == 0;
	if (mine == 1 && m.licenses.n > 0)
		for (i = first; i < j->out->npkgs; i++)
			if (strcmp(j->out->pkgs[i].file_path, path) == 0 &&
				j->out->pkgs[i].licenses.n == 0)
				j->out->pkgs[i].licenses = m.licenses;
out:
	if (r == KS_ENOMEM)
		ks_seterr(&j->cx->err, r, "jar: '%s': out of memory", j->f->path);
	archive_read_free(a);
	ks_map_release(&lics);
	return r;
}

/* removePackageDuplicates: one package per name, file path and Maven-equal version. */
static void dedupe(struct ks_ares *out)
{
	size_t i, k, w = 0;

	for (i = 0; i < out->npkgs; i++) {
		const struct ks_pkg *p = &out->pkgs[i];
		bool dup = false;

		for (k = 0; k < w && !dup; k++) {
			const struct ks_pkg *q = &out->pkgs[k];
			struct ks_err e;
			int c;

			if (strcmp(p->name, q->name) != 0 ||
				strcmp(p->file_path, q->file_path) != 0)
				continue;
			if (ks_ver_compare(&e, KS_ECO_MAVEN, ks_str_c(p->version),
				    ks_str_c(q->version), &c) != 0)
				c = strcmp(p->version, q->version);
			dup = c == 0;
		}
		if (!dup)
			out->pkgs[w++] = *p;
	}
	out->npkgs = w;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct jar j;
	int r;

	memset(&j, 0, sizeof(j));
	j.cx = cx;
	j.f = f;
	j.out = out;
	if ((r = walk(&j, f->data, f->size, f->path, 0)) != 0)
		return r;
	dedupe(out);
	return 0;
}

const struct ks_analyzer ks_analyzer_jar = {
	.name = "jar",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_POST,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
