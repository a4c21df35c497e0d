/*
 * imp_redhat_oval.c - Red Hat's RHSA OVAL (com.redhat.rhsa-RHEL<n>.xml, OVAL v1 from
 * https://www.redhat.com/security/data/oval/; read by lib/db/oval.c).
 *
 * Every definition is one erratum (RHSA/RHBA/RHEA, its id in the reference of that
 * source) for one RHEL major release (<platform>Red Hat Enterprise Linux 9</platform>, or
 * the file name's "RHEL9"). Its criteria pair an rpminfo test "<package> is earlier than
 * <epoch:version-release>" (the state's evr "less than", with the architectures it applies
 * to as an arch pattern "aarch64|ppc64le|s390x|x86_64") with a "signed with Red Hat key"
 * test; tests of signatures, of the running kernel, of "Red Hat Enterprise Linux must be
 * installed" and "equals" states carry no fixed version and are ignored. A "Module
 * nodejs:18 is enabled" criterion puts the definition's packages in that module's
 * namespace, "nodejs:18::nodejs", as Trivy names modular packages. <advisory><cve> lists
 * the CVEs with their impact and Red Hat's CVSS ("7.5/CVSS:3.1/AV:N/..."), CWE and a
 * <bugzilla> summary ("CVE-2022-21426 OpenJDK: Unbounded memory allocation ...").
 *
 * One row per (binary package, CVE, fixed version, architectures), as Trivy stores Red Hat
 * advisories: ecosystem "redhat:<major>", source "redhat_oval", fixed at the EVR exactly as
 * Red Hat writes it (epoch "0:" included; Trivy prints it without), severity the CVE's
 * impact (else the erratum's severity), vendor_ids the erratum id, arches the pattern's
 * architectures, Trivy's Red Hat DataSource. Per CVE also its "redhat" severity and CVSS
 * v3/v2, its CWEs, the bugzilla summary as title (Trivy's Red Hat titles have the same
 * form) and the CVE <-> erratum alias. The affected CPEs (which repositories an erratum
 * covers) have no column in the database and are not kept.
 *
 * A definition without a CVE writes nothing (a bug fix erratum). One with a dangling
 * reference, an invalid EVR or architecture pattern, no package version test or no
 * release is skipped with a warning; malformed XML fails
 * the file (KS_ECORRUPT) before anything is written.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osfeed.h"
#include "db/oval.h"
#include "util/path.h"

#include <string.h>

#include "util/banned.h"

#define FEED "redhat_oval"
#define MAX_CVES 4096
#define MAX_ARCHES 32
#define MAX_CWES 32

struct run {
	struct ks_ctx *cx;
	struct ks_dbw *w;
	struct ks_fk fk;
	struct ks_arena a;
	struct ks_oval o;
	const char *file_eco;
	struct ks_buf ranges, vids, arches;
	struct ks_osf_rows rows;
	uint64_t n;
};

/* One package check of a definition. */
struct pkgfix {
	const char *const *names;
	size_t nnames;
	const char *fixed;  /* as written, "0:6.0.7-1.el9_0" */
	const char *arches; /* JSON array, NULL when the state names none */
};

static bool detect(const char *path, const uint8_t *head, size_t n)
{
	const char *base = ks_path_base(path);

	if (ks_hasprefix(base, "com.redhat.rhsa-") &&
		(ks_hassuffix(base, ".xml") || ks_hassuffix(base, ".xml.bz2")))
		return true;
	return ks_oval_sniff(head, n, "product_name>Red Hat OVAL");
}

/* "Red Hat Enterprise Linux 9" -> "redhat:9". */
static const char *platform_eco(struct ks_arena *a, const char *platform)
{
	static const char pre[] = "Red Hat Enterprise Linux ";
	struct ks_str p = ks_str_trim(ks_str_c(platform));
	uint64_t v;

	if (!ks_str_hasprefix(p, pre) ||
		!ks_str_to_u64(ks_str_sub(p, sizeof(pre) - 1, p.n), 99, &v) || v == 0)
		return NULL;
	return ks_arena_printf(a, "redhat:%u", (unsigned)v);
}

/* "com.redhat.rhsa-RHEL9.xml" -> "redhat:9". */
static const char *path_eco(struct ks_arena *a, const char *path)
{
	struct ks_str b = ks_str_c(ks_path_base(path)), num, rest;
	uint64_t v;

	if (!ks_str_hasprefix(b, "com.redhat.rhsa-RHEL"))
		return NULL;
	(void)ks_str_cut(ks_str_sub(b, 20, b.n), '.', &num, &rest);
	if (!ks_str_to_u64(num, 99, &v) || v == 0)
		return NULL;
	return ks_arena_printf(a, "redhat:%u", (unsigned)v);
}

static const char *rec_name(const struct ks_oval_def *df)
{
	return df->title ? df->title : df->id ? df->id : "definition without id";
}

/* Red Hat's impact words ("low", "moderate", "important", "critical"); -1 when none. */
static int impact_sev(const char *s)
{
	enum ks_sev v;

	if (s == NULL || (v = ks_sev_parse(s)) == KS_SEV_UNKNOWN)
		return -1;
	return (int)v;
}

/* "Module nodejs:18 is enabled" -> "nodejs:18". */
static bool module_of(const char *comment, struct ks_str *mod)
{
	struct ks_str c = ks_str_c(comment);

	if (c.n <= 18 || !ks_str_hasprefix(c, "Module ") || !ks_str_hassuffix(c, " is enabled"))
		return false;
	*mod = ks_str_trim(ks_str_sub(c, 7, c.n - 7 - 11));
	return mod->n > 0 && ks_osf_pkg_ok(*mod);
}

/* The state's arch pattern as a JSON array: "aarch64|x86_64" -> ["aarch64","x86_64"]. */
static int arches_json(struct run *run, const char *pattern, const char **out)
{
	const char *v[MAX_ARCHES];
	struct ks_str rest = ks_str_c(pattern), one;
	size_t n = 0;
	int r;

	*out = NULL;
	if (pattern == NULL)
		return 0;
	while (rest.n > 0 && n < MAX_ARCHES) {
		(void)ks_str_cut(rest, '|', &one, &rest);
		one = ks_str_trim(one);
		if (one.n == 0 || !ks_osf_pkg_ok(one))
			return KS_ECORRUPT;
		if ((v[n++] = ks_arena_strndup(&run->a, one.p, one.n)) == NULL)
			return KS_ENOMEM;
	}
	if ((r = ks_osf_json_array(&run->arches, v, n)) != 0)
		return r;
	if (run->arches.n > 0 && (*out = ks_arena_strdup(&run->a, run->arches.p)) == NULL)
		return KS_ENOMEM;
	return 0;
}

/* The definition's package checks; *skip after a warning when it cannot be read. */
static int collect_pkgs(struct run *run, const struct ks_oval_def *df, struct pkgfix *fx,
	size_t cap, size_t *n, struct ks_str *module, bool *skip)
{
	size_t i;
	int r;

	*n = 0;
	*skip = true;
	*module = (struct ks_str){ "", 0 };
	for (i = 0; i < df->ncrit; i++) {
		struct ks_oval_pkgtest pt;
		struct ks_err e = { 0 };
		const char *arches;
		int rc;

		if (df->crit[i].negate)
			continue;
		if (df->crit[i].comment != NULL && module_of(df->crit[i].comment, module))
			continue;
		if ((rc = ks_oval_pkgtest(&run->o, &e, df->crit[i].test_ref, &pt)) < 0)
			return ks_fk_skip(&run->fk, rec_name(df), "%s", e.msg);
		if (rc == 0 || !ks_streq(pt.test->kind, "rpminfo") || pt.signature ||
			pt.evr == NULL || !ks_streq(pt.evr_op, "less than"))
			continue;
		if (ks_osf_ver_check(&run->a, &e, KS_ECO_RPM, ks_str_c(pt.evr)) != 0)
			return ks_fk_skip(&run->fk, rec_name(df), "%s", e.msg);
		if ((r = arches_json(run, pt.arch, &arches)) == KS_ENOMEM)
			return r;
		if (r != 0)
			return ks_fk_skip(&run->fk, rec_name(df), "bad architecture pattern");
		if (*n == cap)
			return ks_fk_skip(&run->fk, rec_name(df), "too many package tests");
		fx[(*n)++] = (struct pkgfix){ pt.names, pt.nnames, pt.evr, arches };
	}
	*skip = false;
	return 0;
}

/* "7.5/CVSS:3.1/AV:N/..." into score and vector; false when it is not that form. */
static bool split_cvss(const char *s, bool v3, double *score, const char **vec, struct run *run)
{
	struct ks_str num, rest;

	if (s == NULL || !ks_str_cut(ks_str_c(s), '/', &num, &rest) || !ks_osf_score(num, score))
		return false;
	if (v3 ? !ks_osf_cvss3_ok(rest) : !ks_osf_cvss2_ok(rest))
		return false;
	return (*vec = ks_arena_strndup(&run->a, rest.p, rest.n)) != NULL;
}

/* Per-CVE records: title, CWEs, the "redhat" severity and CVSS, the alias. */
static int write_cve(struct run *run, const struct ks_oval_def *df,
	const struct ks_oval_cve *c, int sev, const char *vendor)
{
	struct ks_vuln_in v = { .id = c->id, .source = FEED, .severity = -1 };
	struct ks_sev_in s = { .vuln_id = c->id, .source = "redhat", .severity = sev,
		.v2_score = -1, .v3_score = -1, .v40_score = -1 };
	const char *cwe[MAX_CWES + 1];
	struct ks_str rest = ks_str_c(c->cwe);
	size_t i, n = 0;
	int r;

	for (i = 0; i < df->nbugs && v.title == NULL; i++) {
		struct ks_str t = ks_str_c(df->bugs[i].text);

		if (ks_str_hasprefix(t, c->id) && t.n > strlen(c->id) + 1 &&
			t.p[strlen(c->id)] == ' ')
			v.title = t.p + strlen(c->id) + 1;
	}
	/* "CWE-400->CWE-770", "(CWE-119|CWE-20)": every CWE-<digits> */
	while (rest.n > 0 && n < MAX_CWES) {
		ptrdiff_t k = ks_str_chr(rest, 'C');
		size_t j = 4;

		if (k < 0)
			break;
		rest = ks_str_sub(rest, (size_t)k, rest.n);
		while (j < rest.n && rest.p[j] >= '0' && rest.p[j] <= '9')
			j++;
		if (ks_str_hasprefix(rest, "CWE-") && j > 4 &&
			(cwe[n++] = ks_arena_strndup(&run->a, rest.p, j)) == NULL)
			return KS_ENOMEM;
		rest = ks_str_sub(rest, 1, rest.n);
	}
	cwe[n] = NULL;
	v.cwe = n ? cwe : NULL;
	if ((r = ks_dbw_vuln(run->w, &v)) != 0)
		return r;
	if (vendor != NULL && (r = ks_dbw_alias(run->w, c->id, vendor)) != 0)
		return r;
	if (!split_cvss(c->cvss3, true, &s.v3_score, &s.v3_vector, run))
		s.v3_score = -1;
	if (!split_cvss(c->cvss2, false, &s.v2_score, &s.v2_vector, run))
		s.v2_score = -1;
	if (sev < 0 && s.v3_score < 0 && s.v2_score < 0)
		return 0;
	return ks_dbw_severity(run->w, &s);
}

static int write_rows(struct run *run, const char *eco, const struct pkgfix *fx, size_t nfx,
	struct ks_str module, const struct ks_oval_cve *c, int sev)
{
	size_t i, j;
	int r;

	for (i = 0; i < nfx; i++) {
		if ((r = ks_osf_fixed_ranges(&run->ranges, ks_str_c(fx[i].fixed))) != 0)
			return r;
		for (j = 0; j < fx[i].nnames; j++) {
			struct ks_adv_in adv = { .eco = eco, .vuln_id = c->id, .source = FEED,
				.status = KS_ST_FIXED, .ranges = run->ranges.p,
				.fixed = fx[i].fixed, .severity = sev,
				.vendor_ids = run->vids.n ? run->vids.p : NULL,
				.arches = fx[i].arches, .data_source = ks_osf_ds_redhat };
			bool written;

			if (fx[i].names[j] == NULL || !ks_osf_pkg_ok(ks_str_c(fx[i].names[j])))
				continue;
			adv.pkg = fx[i].names[j];
			if (module.n > 0 && (adv.pkg = ks_arena_printf(&run->a, "%.*s::%s",
						     (int)module.n, module.p, adv.pkg)) == NULL)
				return KS_ENOMEM;
			r = ks_osf_advisory(&run->rows, run->w, &run->fk, &adv, &written);
			if (r != 0)
				return r;
			run->n += written;
		}
	}
	return 0;
}

static int import_def(struct run *run, const struct ks_oval_def *df)
{
	struct pkgfix fx[512];
	struct ks_str module;
	const char *eco = NULL, *vendor = NULL;
	size_t i, nfx;
	bool skip;
	int r, defsev = impact_sev(df->severity);

	for (i = 0; i < df->nrefs && vendor == NULL; i++)
		if ((ks_streq(df->refs[i].source, "RHSA") || ks_streq(df->refs[i].source, "RHBA") ||
			    ks_streq(df->refs[i].source, "RHEA")) &&
			df->refs[i].id != NULL && ks_fk_id_ok(ks_str_c(df->refs[i].id)))
			vendor = df->refs[i].id;
	if (df->ncves == 0)
		return 0; /* a bug fix or enhancement erratum */
	for (i = 0; i < df->ncves; i++)
		if (df->cves[i].id == NULL || !ks_fk_cve_ok(ks_str_c(df->cves[i].id)))
			return ks_fk_skip(&run->fk, rec_name(df), "bad CVE id");
	if (df->platform != NULL && (eco = platform_eco(&run->a, df->platform)) == NULL)
		return ks_fk_skip(&run->fk, rec_name(df), "unknown platform '%.64s'", df->platform);
	if (eco == NULL && (eco = run->file_eco) == NULL)
		return ks_fk_skip(&run->fk, rec_name(df), "no RHEL release");
	if ((r = collect_pkgs(run, df, fx, sizeof(fx) / sizeof(fx[0]), &nfx, &module, &skip)) !=
			0 ||
		skip)
		return r;
	if (nfx == 0)
		return ks_fk_skip(&run->fk, rec_name(df), "no package version test");
	if ((r = ks_osf_json_array(&run->vids, &vendor, vendor ? 1 : 0)) != 0)
		return r;
	for (i = 0; i < df->ncves; i++) {
		const struct ks_oval_cve *c = &df->cves[i];
		int sev = impact_sev(c->impact);

		if (sev < 0)
			sev = defsev;
		if ((r = write_rows(run, eco, fx, nfx, module, c, sev)) != 0 ||
			(r = write_cve(run, df, c, sev, vendor)) != 0)
			return r;
	}
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
	ks_buf_init(&run.arches, 1u << 12);
	run.file_eco = path_eco(&run.a, path);
	if ((r = ks_oval_parse(&run.a, &cx->err, path, data, len, &run.o)) != 0)
		goto out;
	if (run.o.product != NULL && !ks_hasprefix(run.o.product, "Red Hat")) {
		r = ks_fk_fail(&run.fk, KS_ECORRUPT, "not a Red Hat OVAL file (made by '%.64s')",
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
	ks_buf_release(&run.arches);
	ks_arena_release(&run.a);
	return r;
}

const struct ks_feed ks_feed_redhat_oval = { FEED, detect, import };
