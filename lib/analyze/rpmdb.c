/*
 * rpmdb.c - the rpm package database analyzer ("rpm"): turns an image's rpm database into
 * packages the way Trivy's rpm analyzer does.
 *
 * The storage format is chosen by content, not by file name: SQLite (rpmdb.sqlite), NDB
 * (Packages.db) or BerkeleyDB hash (Packages). The readers and the header decoder live in
 * analyze/rpm/; this file maps each decoded header to a struct ks_pkg (all strings copied
 * into the scan arena) with Trivy's rules:
 *   - Version and Release are separate, Epoch is EPOCH or 0, Arch is "None" when absent;
 *   - SrcName/SrcVersion/SrcRelease come from splitting SOURCERPM
 *     ("bash-4.4.19-10.el8.src.rpm"), all empty when it is absent, "(none)" or malformed;
 *     SrcEpoch is the binary package's epoch (SOURCERPM carries none);
 *   - Licenses is [LICENSE] when LICENSE is set; Maintainer and Vendor are VENDOR;
 *     "(none)" in SOURCERPM, LICENSE or VENDOR counts as absent;
 *   - Digest is "md5:<hex of SIGMD5>";
 *   - the installed files (clean relative paths) are listed only for packages of an OS
 *     vendor (Trivy's list, plus vendor-less Amazon packages), because they are used to
 *     stop language analyzers from reporting files the OS package manager owns;
 *   - DependsOn: each REQUIRENAME that some package lists in PROVIDENAME (the last one in
 *     database order wins) becomes that package's ID, "name@version-release.arch" with
 *     the raw ARCH; the package itself is left out, the IDs are sorted and unique;
 *   - gpg-pubkey pseudo packages are kept, as Trivy keeps them.
 */
#include "analyze/analyzer.h"
#include "analyze/rpm/rpm.h"
#include "util/map.h"
#include "util/path.h"

#include <stdlib.h>
#include <string.h>

/* What a package needs until all headers are read, to resolve its dependencies. */
struct deps {
	const char **req; /* REQUIRENAME values (tmp arena) */
	uint32_t nreq;
	bool noarch;      /* no ARCH tag: the ID ends in "." */
	const char *id;   /* the package's ID (scan arena), made when first needed */
};

/* Scratch state of one parse() call, reused from package to package. */
struct run {
	struct ks_ctx *cx;
	struct ks_ares *out;
	size_t base;         /* out->npkgs before this file */
	struct ks_arena tmp; /* dependency data, released at the end of parse() */
	struct deps *deps;   /* one per package of this file */
	size_t capdeps;
	struct ks_map provides; /* PROVIDENAME -> package number + 1 */
	struct ks_str *dirs;    /* DIRNAMES of the current header */
	size_t capdirs;
	char *path; /* a joined file path before cleaning */
	size_t cappath;
};

/* Vendors whose packages are the OS's own (Trivy's osVendors, matched as prefixes). */
static const char *const os_vendors[] = {
	"Amazon Linux",
	"Amazon.com",
	"CentOS",
	"Fedora Project",
	"Oracle America",
	"Red Hat",
	"AlmaLinux",
	"CloudLinux",
	"VMware",
	"SUSE",
	"openSUSE",
	"Microsoft Corporation",
	"Rocky",
};

static bool wants(const char *path, size_t len)
{
	static const char *const paths[] = {
		"usr/lib/sysimage/rpm/Packages",
		"var/lib/rpm/Packages",
		"usr/lib/sysimage/rpm/Packages.db",
		"var/lib/rpm/Packages.db",
		"usr/lib/sysimage/rpm/rpmdb.sqlite",
		"var/lib/rpm/rpmdb.sqlite",
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (strlen(paths[i]) == len && memcmp(paths[i], path, len) == 0)
			return true;
	return false;
}

/* A header string as Trivy sees it: "(none)" is no value. */
static struct ks_str none_empty(struct ks_str s)
{
	return ks_str_eq(s, "(none)") ? (struct ks_str){ "", 0 } : s;
}

/* Copies a view into the arena; NULL (with cx->err set) on out-of-memory. */
static const char *arena_str(struct ks_ctx *cx, struct ks_str s)
{
	char *c = ks_arena_strndup(&cx->arena, s.p, s.n);

	if (c == NULL)
		ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	return c;
}

static bool vendor_provided(struct ks_str vendor, struct ks_str release)
{
	size_t i;

	if (vendor.n == 0)
		return memmem(release.p, release.n, "amzn", 4) != NULL;
	for (i = 0; i < sizeof(os_vendors) / sizeof(os_vendors[0]); i++)
		if (ks_str_hasprefix(vendor, os_vendors[i]))
			return true;
	return false;
}

/*
 * Splits a source rpm file name "name-version-release.arch.rpm" from the right, as Trivy
 * (after yum's splitFilename) does. Returns false, leaving the outputs untouched, when a
 * separator is missing.
 */
static bool split_srpm(struct ks_str s, struct ks_str *name, struct ks_str *ver,
	struct ks_str *rel)
{
	struct ks_str head;
	ptrdiff_t dot, dash1, dash2;

	if (ks_str_hassuffix(s, ".rpm"))
		s.n -= 4;
	if ((dot = ks_str_rchr(s, '.')) < 0)
		return false;
	head = ks_str_sub(s, 0, (size_t)dot);
	if ((dash1 = ks_str_rchr(head, '-')) < 0)
		return false;
	head = ks_str_sub(s, 0, (size_t)dash1);
	if ((dash2 = ks_str_rchr(head, '-')) < 0)
		return false;
	*name = ks_str_sub(s, 0, (size_t)dash2);
	*ver = ks_str_sub(s, (size_t)dash2 + 1, (size_t)(dash1 - dash2 - 1));
	*rel = ks_str_sub(s, (size_t)dash1 + 1, (size_t)(dot - dash1 - 1));
	return true;
}

/* Cleans dir + base (either may be empty) and appends it to pkg's files; the root itself
 * is not a file and is dropped. */
static int add_file(struct run *run, struct ks_pkg *pkg, struct ks_str dir, struct ks_str base)
{
	struct ks_ctx *cx = run->cx;
	size_t need = dir.n + base.n + 2;
	char *clean;
	int r;

	if (need > run->cappath) {
		char *np = realloc(run->path, need * 2);

		if (np == NULL)
			return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
		run->path = np;
		run->cappath = need * 2;
	}
	memcpy(run->path, dir.p, dir.n);
	run->path[dir.n] = '/';
	memcpy(run->path + dir.n + 1, base.p, base.n);
	if ((clean = ks_arena_alloc(&cx->arena, need)) == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	if ((r = ks_path_clean(run->path, dir.n + 1 + base.n, clean, need, NULL)) != 0)
		return ks_seterr(&cx->err, r == KS_ELIMIT ? KS_EINTERNAL : r,
			"package '%s': bad file path '%.*s%.*s'", pkg->name, (int)dir.n, dir.p,
			(int)base.n, base.p);
	if (clean[0] == '\0')
		return 0;
	if (ks_strv_push(&cx->arena, &pkg->files, clean) != 0)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	return 0;
}

/*
 * Lists the header's installed files into pkg->files: DIRNAMES[DIRINDEXES[i]] + BASENAMES[i]
 * (rpm >= 4), else OLDFILENAMES. A DIRINDEXES that does not match BASENAMES or points past
 * DIRNAMES makes the header corrupt.
 */
static int add_files(struct run *run, struct ks_pkg *pkg, const struct ks_rpm_hdr *h)
{
	struct ks_ctx *cx = run->cx;
	struct ks_rpm_strit it;
	struct ks_str s, none = { "", 0 };
	struct ks_rd di;
	uint32_t i, ix;
	size_t nd = 0;
	int r;

	if (h->basenames.count > 0 && h->dirnames.count > 0 && h->dirindexes.count > 0) {
		if (h->dirindexes.count != h->basenames.count)
			return ks_seterr(&cx->err, KS_ECORRUPT,
				"package '%s': %u DIRINDEXES for %u BASENAMES", pkg->name,
				h->dirindexes.count, h->basenames.count);
		if (h->dirnames.count > run->capdirs) {
			struct ks_str *nd2 = realloc(run->dirs, h->dirnames.count * sizeof(*nd2));

			if (nd2 == NULL)
				return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
			run->dirs = nd2;
			run->capdirs = h->dirnames.count;
		}
		ks_rpm_strit_init(&it, &h->dirnames);
		while (nd < h->dirnames.count && ks_rpm_strit_next(&it, &run->dirs[nd]))
			nd++;
		ks_rd_init(&di, h->dirindexes.p, h->dirindexes.n);
		ks_rpm_strit_init(&it, &h->basenames);
		for (i = 0; i < h->basenames.count; i++) {
			if (!ks_rpm_strit_next(&it, &s) || ks_rd_u32be(&di, &ix) != 0)
				return ks_seterr(&cx->err, KS_EINTERNAL, "file list escaped checks");
			if (ix >= nd)
				return ks_seterr(&cx->err, KS_ECORRUPT,
					"package '%s': file %u: directory index %u of %zu", pkg->name,
					i, ix, nd);
			if ((r = add_file(run, pkg, run->dirs[ix], s)) != 0)
				return r;
		}
		return 0;
	}
	ks_rpm_strit_init(&it, &h->oldfilenames);
	while (ks_rpm_strit_next(&it, &s))
		if ((r = add_file(run, pkg, none, s)) != 0)
			return r;
	return 0;
}

static int set_digest(struct ks_ctx *cx, struct ks_pkg *pkg, const struct ks_rpm_arr *md5)
{
	static const char hex[] = "0123456789abcdef";
	struct ks_rd rd;
	char *d;
	uint8_t b;
	size_t i;

	if (md5->count == 0)
		return 0;
	if ((d = ks_arena_alloc(&cx->arena, 4 + 2 * md5->n + 1)) == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	memcpy(d, "md5:", 4);
	ks_rd_init(&rd, md5->p, md5->n);
	for (i = 0; i < md5->n && ks_rd_u8(&rd, &b) == 0; i++) {
		d[4 + 2 * i] = hex[b >> 4];
		d[4 + 2 * i + 1] = hex[b & 15];
	}
	d[4 + 2 * md5->n] = '\0';
	pkg->digest = d;
	return 0;
}

/* Keeps the REQUIRENAME list of the package just added and enters its PROVIDENAME values
 * in run->provides, all copied into the temporary arena. */
static int record_deps(struct run *run, const struct ks_rpm_hdr *h)
{
	size_t idx = run->out->npkgs - 1 - run->base;
	struct ks_rpm_strit it;
	struct deps *d, *nd;
	struct ks_str s;
	char *k;

	nd = ks_arena_grow(&run->tmp, run->deps, idx, &run->capdeps, idx + 1, sizeof(*nd));
	if (nd == NULL)
		goto oom;
	run->deps = nd;
	d = &run->deps[idx];
	memset(d, 0, sizeof(*d));
	d->noarch = h->arch.n == 0;
	if (h->requirename.count > 0 &&
		(d->req = ks_arena_calloc(&run->tmp, h->requirename.count, sizeof(*d->req))) == NULL)
		goto oom;
	ks_rpm_strit_init(&it, &h->requirename);
	while (ks_rpm_strit_next(&it, &s)) {
		if ((k = ks_arena_strndup(&run->tmp, s.p, s.n)) == NULL)
			goto oom;
		d->req[d->nreq++] = k;
	}
	ks_rpm_strit_init(&it, &h->providename);
	while (ks_rpm_strit_next(&it, &s)) {
		if ((k = ks_arena_strndup(&run->tmp, s.p, s.n)) == NULL ||
			ks_map_put(&run->provides, k, s.n, (void *)(uintptr_t)(idx + 1), NULL) != 0)
			goto oom;
	}
	return 0;
oom:
	return ks_seterr(&run->cx->err, KS_ENOMEM, "out of memory");
}

/* The ID of package i of this file: "name@version-release.arch" (raw ARCH). */
static const char *pkg_id(struct run *run, size_t i)
{
	const struct ks_pkg *p = &run->out->pkgs[run->base + i];
	struct deps *d = &run->deps[i];

	if (d->id == NULL)
		d->id = ks_arena_printf(&run->cx->arena, "%s@%s-%s.%s", p->name, p->version,
			p->release, d->noarch ? "" : p->arch);
	return d->id;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Turns every package's requirements into the sorted, unique IDs of the packages that
 * provide them (see the file comment). */
static int resolve_deps(struct run *run)
{
	size_t n = run->out->npkgs - run->base, i, j, k, cap = 0;
	const char **ids = NULL, *self, *id;
	int r = KS_EINTERNAL;

	for (i = 0; i < n; i++) {
		struct ks_pkg *p = &run->out->pkgs[run->base + i];
		const struct deps *d = &run->deps[i];
		size_t m = 0;

		if (d->nreq > cap) {
			const char **ni = realloc(ids, d->nreq * sizeof(*ni));

			if (ni == NULL)
				goto oom;
			ids = ni;
			cap = d->nreq;
		}
		if ((self = pkg_id(run, i)) == NULL)
			goto oom;
		for (j = 0; j < d->nreq; j++) {
			uintptr_t v = (uintptr_t)ks_map_get(&run->provides, d->req[j],
				strlen(d->req[j]));

			if (v == 0)
				continue;
			if ((id = pkg_id(run, v - 1)) == NULL)
				goto oom;
			if (strcmp(id, self) != 0)
				ids[m++] = id;
		}
		if (m > 1)
			qsort(ids, m, sizeof(*ids), cmp_str);
		for (k = 0; k < m; k++) {
			if (k > 0 && strcmp(ids[k], ids[k - 1]) == 0)
				continue;
			if (ks_strv_push(&run->cx->arena, &p->depends_on, ids[k]) != 0)
				goto oom;
		}
	}
	r = 0;
	goto out;
oom:
	r = ks_seterr(&run->cx->err, KS_ENOMEM, "out of memory");
out:
	free(ids);
	return r;
}

/* Blob callback: decodes one header and appends its package to run->out. */
static int on_blob(void *ud, const uint8_t *blob, size_t n)
{
	struct run *run = ud;
	struct ks_ctx *cx = run->cx;
	struct ks_rpm_hdr h;
	struct ks_str src = { "", 0 }, sname = src, sver = src, srel = src, lic, vendor;
	struct ks_pkg *pkg;
	int r;

	if ((r = ks_rpm_header_decode(cx, blob, n, &h)) != 0)
		return r;
	if (h.name.n == 0)
		return ks_seterr(&cx->err, KS_ECORRUPT, "header has no NAME");
	if ((pkg = ks_ares_addpkg(cx, run->out)) == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	src = none_empty(h.sourcerpm);
	lic = none_empty(h.license);
	vendor = none_empty(h.vendor);
	if (src.n > 0)
		split_srpm(src, &sname, &sver, &srel);
	pkg->epoch = h.has_epoch ? (int)(int32_t)h.epoch : 0;
	pkg->src_epoch = pkg->epoch;
	if ((pkg->name = arena_str(cx, h.name)) == NULL || (pkg->version = arena_str(cx, h.version)) == NULL ||
		(pkg->release = arena_str(cx, h.release)) == NULL ||
		(pkg->arch = arena_str(cx, h.arch.n ? h.arch : KS_STR_LIT("None"))) == NULL ||
		(pkg->src_name = arena_str(cx, sname)) == NULL ||
		(pkg->src_version = arena_str(cx, sver)) == NULL ||
		(pkg->src_release = arena_str(cx, srel)) == NULL ||
		(pkg->vendor = arena_str(cx, vendor)) == NULL ||
		(pkg->modularitylabel = arena_str(cx, h.modularitylabel)) == NULL)
		return KS_ENOMEM;
	pkg->maintainer = pkg->vendor;
	if (lic.n > 0 && ks_strv_pushn(&cx->arena, &pkg->licenses, lic.p, lic.n) != 0)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	if ((r = set_digest(cx, pkg, &h.sigmd5)) != 0)
		return r;
	if (vendor_provided(vendor, h.release) && (r = add_files(run, pkg, &h)) != 0)
		return r;
	return record_deps(run, &h);
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct run run = { .cx = cx, .out = out, .base = out->npkgs };
	int r = KS_EINTERNAL;

	ks_arena_init(&run.tmp);
	ks_map_init(&run.provides);

	if (f->size == 0) {
		r = ks_seterr(&cx->err, KS_ETRUNC, "rpm: '%s': empty file", f->path);
		goto out;
	}
	if (ks_rpm_is_sqlite(f->data, f->size))
		r = ks_rpm_sqlite_each(cx, f->data, f->size, on_blob, &run);
	else if (ks_rpm_is_ndb(f->data, f->size))
		r = ks_rpm_ndb_each(cx, f->data, f->size, on_blob, &run);
	else if (ks_rpm_is_bdb(f->data, f->size))
		r = ks_rpm_bdb_each(cx, f->data, f->size, on_blob, &run);
	else
		r = ks_seterr(&cx->err, KS_ECORRUPT,
			"not a BerkeleyDB, NDB or SQLite rpm database");
	if (r == 0)
		r = resolve_deps(&run);
	if (r != 0)
		ks_err_prefix(&cx->err, "rpm: '%s'", f->path);
out:
	ks_map_release(&run.provides);
	ks_arena_release(&run.tmp);
	free(run.dirs);
	free(run.path);
	return r;
}

const struct ks_analyzer ks_analyzer_rpmdb = {
	.name = "rpm",
	.kind = KS_AK_OSPKG,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
