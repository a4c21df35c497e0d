/*
 * imp_ubuntu_oval.c - Ubuntu's USN OVAL (com.ubuntu.<codename>.usn.oval.xml from
 * https://security-metadata.canonical.com/oval/; read by lib/db/oval.c).
 *
 * Every class "patch" definition is one Ubuntu Security Notice (reference source "USN":
 * USN-5606-1, or LSN-... for Livepatch notices) with its CVEs in <advisory><cve> (priority,
 * public date, NVD CVSS) and dpkginfo tests "evr less than X" whose objects name BINARY
 * packages, usually through a constant variable listing every binary the fixed source
 * builds (gir1.2-poppler-0.18, libpoppler118, ..., poppler-utils). The file never names
 * the source package, and a notice's title names a product ("GDK-PixBuf", "Linux kernel
 * (Raspberry Pi)"), not a package, so rows are keyed by the binary names as the file gives
 * them: a matcher looks these rows up by the installed binary package's name (dpkg's
 * Package), while the Ubuntu CVE Tracker's rows (imp_ubuntu_uct.c) are keyed by source
 * package, as Trivy keys Ubuntu advisories.
 *
 * One row per (binary package, CVE): ecosystem from the definition id's code name
 * ("oval:com.ubuntu.jammy:def:..." -> "ubuntu:22.04", else the file name's), source
 * "ubuntu_oval", fixed at X without OVAL's "0:" epoch, severity the CVE's Ubuntu priority
 * (else the notice's severity), vendor_ids the notice id, Trivy's Ubuntu DataSource. Per
 * CVE also its "ubuntu" severity, the NVD CVSS v3 the notice copies (source "nvd", as the
 * tracker importer does) and the CVE <-> notice alias.
 *
 * Definitions that only check the running kernel or Livepatch modules (variable tests),
 * the inventory definition and notices without CVEs write nothing. A definition with a
 * dangling reference or an invalid version is skipped with a warning; malformed XML fails
 * the whole file (KS_ECORRUPT) before anything is written.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osfeed.h"
#include "db/oval.h"
#include "util/path.h"

#include <string.h>

#include "util/banned.h"

#define FEED "ubuntu_oval"
#define MAX_CVES 4096

struct run {
	struct ks_ctx *cx;
	struct ks_dbw *w;
	struct ks_fk fk;
	struct ks_arena a;
	struct ks_oval o;
	const char *file_eco;
	struct ks_buf ranges, vids;
	struct ks_osf_rows rows;
	uint64_t n;
};

/* One package check of a definition. */
struct pkgfix {
	const char *const *names;
	size_t nnames;
	const char *fixed;
};

/* One CVE of a definition with its row severity. */
struct cve {
	const char *id;
	int sev;
	const struct ks_oval_cve *meta; /* NULL when it only comes from a reference */
};

static bool detect(const char *path, const uint8_t *head, size_t n)
{
	const char *base = ks_path_base(path);

	if (ks_hasprefix(base, "com.ubuntu.") &&
		(ks_hassuffix(base, ".usn.oval.xml") || ks_hassuffix(base, ".usn.oval.xml.bz2")))
		return true;
	return ks_oval_sniff(head, n, "Canonical USN OVAL Generator");
}

/* "com.ubuntu.jammy.usn.oval.xml" or "oval:com.ubuntu.jammy:def:1" -> "ubuntu:22.04". */
static const char *eco_after(struct ks_str s, const char *prefix, char end)
{
	struct ks_str rest, name, tail;

	if (!ks_str_hasprefix(s, prefix))
		return NULL;
	rest = ks_str_sub(s, strlen(prefix), s.n);
	if (!ks_str_cut(rest, end, &name, &tail))
		return NULL;
	return ks_osf_ubuntu_eco(name);
}

static const char *rec_name(const struct ks_oval_def *df)
{
	return df->title ? df->title : df->id ? df->id : "definition without id";
}

/* Ubuntu's priority words (and the notice severities "Low", "Medium", ...); -1 if none. */
static int priority_sev(const char *p)
{
	if (p == NULL)
		return -1;
	if (strcmp(p, "untriaged") == 0)
		return KS_SEV_UNKNOWN;
	if (ks_sev_parse(p) == KS_SEV_UNKNOWN)
		return -1;
	return (int)ks_sev_parse(p);
}

/* The definition's CVEs: its <advisory><cve> elements, else its CVE references; *skip
 * after a warning when one is not a CVE id. */
static int collect_cves(struct run *run, const struct ks_oval_def *df, struct cve *out,
	size_t *n, bool *skip)
{
	int defsev = priority_sev(df->severity);
	size_t i;

	*n = 0;
	*skip = true;
	for (i = 0; i < df->ncves && *n < MAX_CVES; i++) {
		const struct ks_oval_cve *c = &df->cves[i];
		int sev = priority_sev(c->priority);

		if (c->id == NULL || !ks_fk_cve_ok(ks_str_c(c->id)))
			return ks_fk_skip(&run->fk, rec_name(df), "bad CVE id");
		out[(*n)++] = (struct cve){ c->id, sev >= 0 ? sev : defsev, c };
	}
	for (i = 0; df->ncves == 0 && i < df->nrefs && *n < MAX_CVES; i++)
		if (ks_streq(df->refs[i].source, "CVE") && df->refs[i].id != NULL &&
			ks_fk_cve_ok(ks_str_c(df->refs[i].id)))
			out[(*n)++] = (struct cve){ df->refs[i].id, defsev, NULL };
	*skip = false;
	return 0;
}

/* The definition's package checks; *skip after a warning when it cannot be read. */
static int collect_pkgs(struct run *run, const struct ks_oval_def *df, struct pkgfix *fx,
	size_t cap, size_t *n, bool *skip)
{
	size_t i;

	*n = 0;
	*skip = true;
	for (i = 0; i < df->ncrit; i++) {
		struct ks_oval_pkgtest pt;
		struct ks_err e = { 0 };
		struct ks_str fixed;
		const char *f;
		int rc;

		if (df->crit[i].negate)
			continue;
		if ((rc = ks_oval_pkgtest(&run->o, &e, df->crit[i].test_ref, &pt)) < 0)
			return ks_fk_skip(&run->fk, rec_name(df), "%s", e.msg);
		if (rc == 0 || !ks_streq(pt.test->kind, "dpkginfo") || pt.signature ||
			pt.evr == NULL || !ks_streq(pt.evr_op, "less than"))
			continue;
		fixed = ks_osf_strip_epoch0(ks_str_c(pt.evr));
		if (ks_osf_ver_check(&run->a, &e, KS_ECO_DEB, fixed) != 0)
			return ks_fk_skip(&run->fk, rec_name(df), "%s", e.msg);
		if (*n == cap)
			return ks_fk_skip(&run->fk, rec_name(df), "too many package tests");
		if ((f = ks_arena_strndup(&run->a, fixed.p, fixed.n)) == NULL)
			return KS_ENOMEM;
		fx[(*n)++] = (struct pkgfix){ pt.names, pt.nnames, f };
	}
	*skip = false;
	return 0;
}

/* Per-CVE records: the vulnerability, its "ubuntu" priority, the NVD CVSS, the alias. */
static int write_cve(struct run *run, const struct cve *c, const char *vendor)
{
	const struct ks_oval_cve *m = c->meta;
	struct ks_vuln_in v = { .id = c->id, .source = FEED, .severity = -1 };
	double score;
	int r, prio;

	if ((r = ks_dbw_vuln(run->w, &v)) != 0)
		return r;
	if (vendor != NULL && (r = ks_dbw_alias(run->w, c->id, vendor)) != 0)
		return r;
	if (m == NULL)
		return 0;
	if ((prio = priority_sev(m->priority)) >= 0) {
		struct ks_sev_in s = { .vuln_id = c->id, .source = "ubuntu", .severity = prio,
			.v2_score = -1, .v3_score = -1, .v40_score = -1 };

		if ((r = ks_dbw_severity(run->w, &s)) != 0)
			return r;
	}
	if (m->cvss_vector != NULL && ks_osf_cvss3_ok(ks_str_c(m->cvss_vector)) &&
		m->cvss_score != NULL && ks_osf_score(ks_str_c(m->cvss_score), &score)) {
		struct ks_sev_in s = { .vuln_id = c->id, .source = "nvd",
			.severity = m->cvss_severity ? (int)ks_sev_parse(m->cvss_severity) : -1,
			.v3_vector = m->cvss_vector, .v3_score = score, .v2_score = -1,
			.v40_score = -1 };

		if ((r = ks_dbw_severity(run->w, &s)) != 0)
			return r;
	}
	return 0;
}

static int import_def(struct run *run, const struct ks_oval_def *df)
{
	struct cve cves[MAX_CVES];
	struct pkgfix fx[256];
	const char *eco, *vendor = NULL;
	size_t i, j, k, ncves, nfx;
	bool skip;
	int r;

	if (!ks_streq(df->klass, "patch"))
		return 0; /* the inventory definition ("Ubuntu 22.04 is installed") */
	for (i = 0; i < df->nrefs && vendor == NULL; i++)
		if (ks_streq(df->refs[i].source, "USN") && df->refs[i].id != NULL &&
			ks_fk_id_ok(ks_str_c(df->refs[i].id)))
			vendor = df->refs[i].id;
	eco = eco_after(ks_str_c(df->id), "oval:com.ubuntu.", ':');
	if (eco == NULL && (eco = run->file_eco) == NULL)
		return ks_fk_skip(&run->fk, rec_name(df), "no Ubuntu release");
	if ((r = collect_cves(run, df, cves, &ncves, &skip)) != 0 || skip || ncves == 0)
		return r;
	if ((r = collect_pkgs(run, df, fx, sizeof(fx) / sizeof(fx[0]), &nfx, &skip)) != 0 ||
		skip)
		return r;
	if ((r = ks_osf_json_array(&run->vids, &vendor, vendor ? 1 : 0)) != 0)
		return r;
	for (i = 0; i < nfx; i++) {
		if ((r = ks_osf_fixed_ranges(&run->ranges, ks_str_c(fx[i].fixed))) != 0)
			return r;
		for (j = 0; j < fx[i].nnames; j++) {
			if (fx[i].names[j] == NULL || !ks_osf_pkg_ok(ks_str_c(fx[i].names[j]))) {
				r = ks_fk_skip(&run->fk, rec_name(df), "bad package name");
				if (r != 0)
					return r;
				continue;
			}
			for (k = 0; k < ncves; k++) {
				struct ks_adv_in adv = { .eco = eco, .pkg = fx[i].names[j],
					.vuln_id = cves[k].id, .source = FEED,
					.status = KS_ST_FIXED, .ranges = run->ranges.p,
					.fixed = fx[i].fixed, .severity = cves[k].sev,
					.vendor_ids = run->vids.n ? run->vids.p : NULL,
					.data_source = ks_osf_ds_ubuntu };
				bool written;

				r = ks_osf_advisory(&run->rows, run->w, &run->fk, &adv, &written);
				if (r != 0)
					return r;
				run->n += written;
			}
		}
	}
	for (k = 0; nfx > 0 && k < ncves; k++)
		if ((r = write_cve(run, &cves[k], vendor)) != 0)
			return r;
	return 0;
}

static int import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	struct run run = { .cx = cx, .w = w };
	size_t i;
	int r;

	ks_fk_init(&run.fk, cx, FEED, path);
	ks_arena_init(&run.a);
	ks_osf_rows_init(&run.rows, &run.a);
	ks_buf_init(&run.ranges, 1u << 16);
	ks_buf_init(&run.vids, 1u << 16);
	run.file_eco = eco_after(ks_str_c(ks_path_base(path)), "com.ubuntu.", '.');
	if ((r = ks_oval_parse(&run.a, &cx->err, path, data, len, &run.o)) != 0)
		goto out;
	if (run.o.product != NULL && !ks_hasprefix(run.o.product, "Canonical")) {
		r = ks_fk_fail(&run.fk, KS_ECORRUPT, "not an Ubuntu OVAL file (made by '%.64s')",
			run.o.product);
		goto out;
	}
	for (i = 0; i < run.o.ndefs; i++)
		if ((r = import_def(&run, &run.o.defs[i])) != 0)
			goto out;
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

const struct ks_feed ks_feed_ubuntu_oval = { FEED, detect, import };
