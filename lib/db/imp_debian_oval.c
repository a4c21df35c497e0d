/*
 * imp_debian_oval.c - Debian's OVAL definitions (oval-definitions-<codename>.xml, OVAL 5.11
 * as https://www.debian.org/security/oval/ publishes them; read by lib/db/oval.c).
 *
 * Every definition names source packages through dpkginfo tests whose state is "evr less
 * than X". Class "vulnerability" definitions are about one CVE ("CVE-2022-0778 openssl"),
 * class "patch" ones about a DSA and its CVEs. One advisory is written per (package, CVE)
 * in the release the definition's platform names ("Debian GNU/Linux 12" -> "debian:12",
 * or the code name in the file name when there is no platform): fixed at X, or, when X is
 * 0 (the comment says "DPKG is earlier than 0"), affected with no fixed version yet and
 * ranges {} — Debian's way of writing "no fix", not "not affected". Fixed versions are kept
 * as dpkg prints them, without the "0:" epoch OVAL adds. Patch definitions are written
 * first, so when both kinds say the same thing the one row written carries the DSA id in
 * vendor_ids.
 * A vulnerability definition's description becomes its CVE's description.
 *
 * Patch definitions that name no CVE (a DSA for a non-CVE fix) write nothing. Any other
 * definition without a CVE reference, without a package test, with a dangling test,
 * object or state reference, or with an invalid version is skipped with a warning; the
 * rest of the file imports. Malformed XML fails the file (KS_ECORRUPT) before anything is
 * written.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osfeed.h"
#include "db/oval.h"
#include "util/path.h"

#include <string.h>

#include "util/banned.h"

#define FEED "debian_oval"
#define MAX_CVES 4096 /* CVE references one definition may name */

struct run {
	struct ks_ctx *cx;
	struct ks_dbw *w;
	struct ks_fk fk;
	struct ks_arena a;
	struct ks_oval o;
	const char *file_eco; /* from the file name, NULL if it names no release */
	struct ks_buf ranges, vids;
	struct ks_osf_rows rows;
	uint64_t n;
};

/* One package check of a definition, validated before anything is written. */
struct pkgfix {
	const char *const *names;
	size_t nnames;
	struct ks_str fixed; /* empty = no fix yet */
};

static bool detect(const char *path, const uint8_t *head, size_t n)
{
	const char *base = ks_path_base(path);

	if (ks_hasprefix(base, "oval-definitions-") &&
		(ks_hassuffix(base, ".xml") || ks_hassuffix(base, ".xml.bz2")))
		return true;
	return ks_oval_sniff(head, n, "product_name>Debian<");
}

/* "oval-definitions-bookworm.xml" -> "debian:12". */
static const char *eco_from_path(const char *path)
{
	struct ks_str b = ks_str_c(ks_path_base(path)), name, rest;

	if (!ks_str_hasprefix(b, "oval-definitions-"))
		return NULL;
	b = ks_str_sub(b, 17, b.n);
	(void)ks_str_cut(b, '.', &name, &rest);
	return ks_osf_debian_eco(name);
}

static const char *rec_name(const struct ks_oval_def *df)
{
	return df->title ? df->title : df->id ? df->id : "definition without id";
}

/* Collects the definition's package checks into fx[0..*n) (at most cap). *skip is set,
 * after a warning, when the definition cannot be understood. Returns 0 or KS_ENOMEM. */
static int collect(struct run *run, const struct ks_oval_def *df, struct pkgfix *fx, size_t cap,
	size_t *n, bool *skip)
{
	size_t i;

	*n = 0;
	*skip = true;
	for (i = 0; i < df->ncrit; i++) {
		struct ks_oval_pkgtest pt;
		struct ks_err e = { 0 };
		struct ks_str fixed;
		int rc;

		if (df->crit[i].negate)
			continue;
		if ((rc = ks_oval_pkgtest(&run->o, &e, df->crit[i].test_ref, &pt)) < 0)
			return ks_fk_skip(&run->fk, rec_name(df), "%s", e.msg);
		if (rc == 0 || !ks_streq(pt.test->kind, "dpkginfo") || pt.signature ||
			pt.evr == NULL || !ks_streq(pt.evr_op, "less than"))
			continue;
		fixed = ks_osf_strip_epoch0(ks_str_c(pt.evr));
		if (ks_str_eq(fixed, "0"))
			fixed = (struct ks_str){ "", 0 };
		else if (ks_osf_ver_check(&run->a, &e, KS_ECO_DEB, fixed) != 0)
			return ks_fk_skip(&run->fk, rec_name(df), "%s", e.msg);
		if (*n == cap)
			return ks_fk_skip(&run->fk, rec_name(df), "too many package tests");
		fx[(*n)++] = (struct pkgfix){ pt.names, pt.nnames, fixed };
	}
	if (*n == 0)
		return ks_fk_skip(&run->fk, rec_name(df),
			"no package version test with a package name");
	*skip = false;
	return 0;
}

static int write_rows(struct run *run, const struct ks_oval_def *df, const char *eco,
	const struct pkgfix *fx, size_t nfx, const char *const *cves, size_t ncves,
	const char *vendor)
{
	size_t i, j, k;
	int r;

	if ((r = ks_osf_json_array(&run->vids, &vendor, vendor ? 1 : 0)) != 0)
		return r;
	for (i = 0; i < nfx; i++) {
		struct ks_adv_in adv = { .eco = eco, .source = FEED, .severity = -1,
			.vendor_ids = run->vids.n ? run->vids.p : NULL,
			.data_source = ks_osf_ds_debian };

		if (fx[i].fixed.n == 0) {
			adv.status = KS_ST_AFFECTED;
			adv.ranges = "{}";
			adv.fixed = "";
		} else {
			if ((r = ks_osf_fixed_ranges(&run->ranges, fx[i].fixed)) != 0)
				return r;
			adv.status = KS_ST_FIXED;
			adv.ranges = run->ranges.p;
			adv.fixed = ks_arena_strndup(&run->a, fx[i].fixed.p, fx[i].fixed.n);
			if (adv.fixed == NULL)
				return KS_ENOMEM;
		}
		for (j = 0; j < fx[i].nnames; j++) {
			if (fx[i].names[j] == NULL || !ks_osf_pkg_ok(ks_str_c(fx[i].names[j]))) {
				r = ks_fk_skip(&run->fk, rec_name(df), "bad package name");
				if (r != 0)
					return r;
				continue;
			}
			adv.pkg = fx[i].names[j];
			for (k = 0; k < ncves; k++) {
				bool written;

				adv.vuln_id = cves[k];
				r = ks_osf_advisory(&run->rows, run->w, &run->fk, &adv, &written);
				if (r != 0)
					return r;
				run->n += written;
			}
		}
	}
	return 0;
}

/* Imports one definition: 0 also when it was skipped with a warning. */
static int import_def(struct run *run, const struct ks_oval_def *df)
{
	const char *cves[MAX_CVES], *eco = NULL, *vendor = NULL;
	struct pkgfix fx[64];
	size_t i, n, ncves = 0;
	struct ks_str first, rest;
	bool skip;
	int r;

	for (i = 0; i < df->nrefs; i++) {
		const struct ks_oval_ref *ref = &df->refs[i];

		if (!ks_streq(ref->source, "CVE") || ref->id == NULL)
			continue;
		if (!ks_fk_cve_ok(ks_str_c(ref->id)) || ncves == MAX_CVES)
			return ks_fk_skip(&run->fk, rec_name(df), "bad or too many CVE references");
		cves[ncves++] = ref->id;
	}
	if (ncves == 0) {
		/* a DSA for a fix without a CVE (DSA-5425-1 php8.2) has no row to write */
		if (ks_streq(df->klass, "patch"))
			return 0;
		return ks_fk_skip(&run->fk, rec_name(df), "no CVE reference");
	}
	if (df->platform != NULL &&
		(eco = ks_osf_debian_platform_eco(&run->a, ks_str_c(df->platform))) == NULL)
		return ks_fk_skip(&run->fk, rec_name(df), "unknown platform '%.64s'", df->platform);
	if (eco == NULL && (eco = run->file_eco) == NULL)
		return ks_fk_skip(&run->fk, rec_name(df), "no Debian release");
	if ((r = collect(run, df, fx, sizeof(fx) / sizeof(fx[0]), &n, &skip)) != 0 || skip)
		return r;
	/* "DSA-5418-1 chromium": the advisory id is the title's first word */
	(void)ks_str_cut(ks_str_c(df->title), ' ', &first, &rest);
	if ((ks_str_hasprefix(first, "DSA-") || ks_str_hasprefix(first, "DLA-")) &&
		ks_fk_id_ok(first) &&
		(vendor = ks_arena_strndup(&run->a, first.p, first.n)) == NULL)
		return KS_ENOMEM;
	if ((r = write_rows(run, df, eco, fx, n, cves, ncves, vendor)) != 0)
		return r;
	for (i = 0; vendor != NULL && i < ncves; i++)
		if ((r = ks_dbw_alias(run->w, cves[i], vendor)) != 0)
			return r;
	if (ks_streq(df->klass, "vulnerability") && ncves == 1 && df->description != NULL) {
		struct ks_vuln_in v = { .id = cves[0], .source = FEED,
			.description = df->description, .severity = -1 };

		if ((r = ks_dbw_vuln(run->w, &v)) != 0)
			return r;
	}
	return 0;
}

static int import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	struct run run = { .cx = cx, .w = w };
	size_t i;
	int pass, r = KS_EINTERNAL;

	ks_fk_init(&run.fk, cx, FEED, path);
	ks_arena_init(&run.a);
	ks_osf_rows_init(&run.rows, &run.a);
	ks_buf_init(&run.ranges, 1u << 16);
	ks_buf_init(&run.vids, 1u << 16);
	run.file_eco = eco_from_path(path);
	if ((r = ks_oval_parse(&run.a, &cx->err, path, data, len, &run.o)) != 0)
		goto out;
	if (run.o.product != NULL && !ks_streq(run.o.product, "Debian")) {
		r = ks_fk_fail(&run.fk, KS_ECORRUPT, "not a Debian OVAL file (made by '%.64s')",
			run.o.product);
		goto out;
	}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < run.o.ndefs; i++) {
			const struct ks_oval_def *df = &run.o.defs[i];

			if (ks_streq(df->klass, "patch") != (pass == 0))
				continue;
			if ((r = import_def(&run, df)) != 0)
				goto out;
		}
	r = ks_fk_finish(&run.fk);
out:
	*records += run.n;
	ks_oval_release(&run.o);
	ks_osf_rows_release(&run.rows);
	ks_buf_release(&run.ranges);
	ks_buf_release(&run.vids);
	ks_arena_release(&run.a);
	return r;
}

const struct ks_feed ks_feed_debian_oval = { FEED, detect, import };
