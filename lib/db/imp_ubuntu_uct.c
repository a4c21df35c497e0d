/*
 * imp_ubuntu_uct.c - the Ubuntu CVE Tracker (ubuntu-cve-tracker's active/, retired/ and
 * ignored/ directories): one RFC 822-like file per CVE, handed over one at a time (the
 * import driver unpacks the tarball).
 *
 * A file is "Key: value" lines, a value continuing on lines that start with a blank. Used:
 * Candidate (the CVE id; a file without one is corrupt), Priority (negligible, low,
 * medium, high, critical, untriaged) and its Priority_<package>[_<release>] overrides, Description
 * (continuation lines joined with spaces), References (one URL per line), CVSS (" nvd:
 * CVSS:3.1/AV:N/... [7.5 HIGH]" lines) and the per-release lines "<release>_<package>:
 * <status> (<note>)" that make the advisories, for source packages:
 *
 *   released (<version>)  fixed at that version
 *   needed, pending, active  affected
 *   deferred              fix_deferred
 *   ignored (<reason>)    end_of_life when the reason is "end of life", "end of standard
 *                         support" or "end of kernel support" (optionally followed by
 *                         ", was ..."), will_not_fix otherwise
 *   not-affected, DNE, needs-triage  no row (Trivy stores none for them either)
 *
 * Releases map as Trivy maps them (osfeed.h): "jammy" -> "ubuntu:22.04", and the ESM
 * streams Trivy knows ("trusty/esm", "esm-infra/xenial", "precise/esm") -> "ubuntu:<v>-ESM";
 * upstream, devel, snap, fips*, ros-esm and esm-apps lines are not imported. Note that
 * Trivy files needed and pending under fix_deferred; kensa keeps them as affected, which
 * is what they say (a fix is needed / pending), and keeps deferred as fix_deferred.
 *
 * What is written: the vulnerability (description, references), its "ubuntu" severity
 * from Priority (untriaged = UNKNOWN), the row severity from the most specific priority,
 * and the NVD CVSS v3 vector and score Ubuntu copies into the file, under source "nvd"
 * (Trivy takes NVD's CVSS from NVD itself; the tracker's copy fills the years the local
 * NVD mirror lacks, and the NVD feed, imported after this one, replaces it).
 *
 * Lines that cannot be read (an unknown status, a released line without a valid version,
 * a CVSS line that does not parse) are skipped with a warning; the rest of the file
 * imports.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osfeed.h"
#include "util/path.h"

#include <string.h>

#include "util/banned.h"

#define FEED "ubuntu_uct"
#define MAX_REFS 1024
#define MAX_LINES 100000 /* per-release and priority lines per file */

/* One "<release>_<package>: <status> (<note>)" line worth a row. */
struct stmt {
	const char *eco;
	struct ks_str rel, pkg, note;
	int status;
};

/* One "Priority_<package>[_<release>]: <priority>" line (rel empty for all releases). */
struct pkgprio {
	struct ks_str pkg, rel;
	int sev;
};

struct file {
	struct ks_str candidate;
	int priority; /* -1 = none */
	struct ks_buf desc;
	const char *refs[MAX_REFS + 1];
	size_t nrefs;
	struct ks_str cvss_vector;
	double cvss_score;
	int cvss_sev;
	struct stmt *stmts;
	size_t nstmts, capstmts;
	struct pkgprio *prios;
	size_t nprios, capprios;
};

struct run {
	struct ks_ctx *cx;
	struct ks_dbw *w;
	struct ks_fk fk;
	struct ks_arena a;
	struct ks_buf ranges;
	struct ks_osf_rows rows;
	struct file f;
	uint64_t n;
};

static bool is_cve_name(const char *base)
{
	return ks_hasprefix(base, "CVE-") && ks_fk_id_ok(ks_str_c(base));
}

static bool detect(const char *path, const uint8_t *head, size_t n)
{
	struct ks_str h = { (const char *)head, head ? n : 0 };

	if (is_cve_name(ks_path_base(path)) &&
		(strstr(path, "active/") != NULL || strstr(path, "retired/") != NULL ||
			strstr(path, "ignored/") != NULL))
		return true;
	return ks_fk_line_key(h, "Candidate:") &&
		(ks_fk_line_key(h, "PublicDate:") || ks_fk_line_key(h, "Priority:"));
}

/* Ubuntu's priority words; -1 for anything else. */
static int priority_sev(struct ks_str p)
{
	static const struct {
		const char *name;
		int sev;
	} tab[] = { { "negligible", KS_SEV_LOW }, { "low", KS_SEV_LOW },
		{ "medium", KS_SEV_MEDIUM }, { "high", KS_SEV_HIGH },
		{ "critical", KS_SEV_CRITICAL }, { "untriaged", KS_SEV_UNKNOWN } };
	size_t i;

	p = ks_str_trim(p);
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (ks_str_eq(p, tab[i].name))
			return tab[i].sev;
	return -1;
}

/* The status of a per-release line; 0 = no row, -1 = unknown. */
static int uct_status(struct ks_str st, struct ks_str note)
{
	static const char *const eol[] = { "end of life", "end-of-life", "end of standard support",
		"end of kernel support" };
	size_t i;

	if (ks_str_eq(st, "released"))
		return KS_ST_FIXED;
	if (ks_str_eq(st, "needed") || ks_str_eq(st, "pending") || ks_str_eq(st, "active"))
		return KS_ST_AFFECTED;
	if (ks_str_eq(st, "deferred"))
		return KS_ST_FIX_DEFERRED;
	if (ks_str_eq(st, "ignored")) {
		for (i = 0; i < sizeof(eol) / sizeof(eol[0]); i++)
			if (ks_str_hasprefix(note, eol[i]))
				return KS_ST_END_OF_LIFE;
		return KS_ST_WILL_NOT_FIX;
	}
	if (ks_str_eq(st, "not-affected") || ks_str_eq(st, "DNE") || ks_str_eq(st, "needs-triage"))
		return 0;
	return -1;
}

static int skipf(struct run *run, unsigned long lineno, const char *why)
{
	char rec[40];

	snprintf(rec, sizeof(rec), "line %lu", lineno);
	return ks_fk_skip(&run->fk, rec, "%s", why);
}

static int add_stmt(struct run *run, const char *eco, struct ks_str rel, struct ks_str pkg,
	struct ks_str note, int status, unsigned long lineno)
{
	struct file *f = &run->f;
	void *grown;

	if (!ks_osf_pkg_ok(pkg))
		return skipf(run, lineno, "bad package name");
	if (f->nstmts == MAX_LINES)
		return skipf(run, lineno, "too many release lines");
	grown = ks_arena_grow(&run->a, f->stmts, f->nstmts, &f->capstmts, f->nstmts + 1,
		sizeof(*f->stmts));
	if (grown == NULL)
		return KS_ENOMEM;
	f->stmts = grown;
	f->stmts[f->nstmts++] = (struct stmt){ eco, rel, pkg, note, status };
	return 0;
}

/* "<release>_<package>: <status> (<note>)". The note is only needed (and only checked)
 * when it carries the fixed version or the reason a package is ignored. */
static int release_line(struct run *run, struct ks_str key, struct ks_str val,
	unsigned long lineno)
{
	struct ks_str rel, pkg, st, note = { "", 0 };
	const char *eco;
	ptrdiff_t open, close;
	int status;

	(void)ks_str_cut(key, '_', &rel, &pkg);
	if ((eco = ks_osf_ubuntu_eco(rel)) == NULL)
		return 0; /* upstream, devel, releases Trivy does not serve */
	open = ks_str_chr(val, '(');
	st = ks_str_trim(open >= 0 ? ks_str_sub(val, 0, (size_t)open) : val);
	if ((status = uct_status(st, note)) < 0)
		return skipf(run, lineno, "unknown status");
	if (status == 0)
		return 0;
	if (open >= 0 && (status == KS_ST_FIXED || ks_str_eq(st, "ignored"))) {
		if ((close = ks_str_rchr(val, ')')) < open)
			return skipf(run, lineno, "unclosed note");
		note = ks_str_trim(ks_str_sub(val, (size_t)open + 1, (size_t)(close - open - 1)));
		status = uct_status(st, note);
	}
	if (status == KS_ST_FIXED) {
		struct ks_err e = { 0 };

		if (note.n == 0 || ks_osf_ver_check(&run->a, &e, KS_ECO_DEB, note) != 0)
			return skipf(run, lineno, "released without a valid version");
	}
	return add_stmt(run, eco, rel, pkg, note, status, lineno);
}

/* NVD's severity label ("HIGH"); -1 when it is none of Trivy's names. */
static int label_sev(struct ks_str l)
{
	int i;

	for (i = KS_SEV_UNKNOWN; i <= KS_SEV_CRITICAL; i++)
		if (ks_str_eqi(l, ks_sev_name((enum ks_sev)i)))
			return i;
	return ks_str_eqi(l, "NONE") ? KS_SEV_UNKNOWN : -1;
}

/* " nvd: CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H [8.8 HIGH]" */
static int cvss_line(struct run *run, struct ks_str l, unsigned long lineno)
{
	struct file *f = &run->f;
	struct ks_str src, rest, vec, score, label;
	ptrdiff_t open;
	double s;

	(void)ks_str_cut(ks_str_trim(l), ':', &src, &rest);
	if (!ks_str_eq(src, "nvd") || f->cvss_vector.n > 0)
		return 0;
	rest = ks_str_trim(rest);
	if ((open = ks_str_chr(rest, '[')) < 0 || !ks_str_hassuffix(rest, "]"))
		return skipf(run, lineno, "bad CVSS line");
	vec = ks_str_trim(ks_str_sub(rest, 0, (size_t)open));
	(void)ks_str_cut(ks_str_sub(rest, (size_t)open + 1, rest.n - (size_t)open - 2), ' ', &score,
		&label);
	if (!ks_str_hasprefix(vec, "CVSS:3."))
		return 0; /* other versions are not copied by the tracker */
	if (!ks_osf_cvss3_ok(vec) || !ks_osf_score(score, &s))
		return skipf(run, lineno, "bad CVSS line");
	f->cvss_vector = vec;
	f->cvss_score = s;
	f->cvss_sev = label_sev(label);
	return 0;
}

/* Reads the file into run->f. */
static int parse(struct run *run, const uint8_t *data, size_t len)
{
	enum { K_OTHER, K_DESC, K_REFS, K_CVSS } cont = K_OTHER;
	struct file *f = &run->f;
	struct ks_lines it;
	struct ks_str line;
	int r = 0;

	if (memchr(data, '\0', len) != NULL)
		return ks_fk_fail(&run->fk, KS_ECORRUPT, "NUL bytes in a tracker file");
	ks_lines_init(&it, (const char *)data, len);
	while (r == 0 && ks_lines_next(&it, &line)) {
		struct ks_str key, val, t = ks_str_trim(line);
		void *grown;

		if (t.n == 0) {
			cont = K_OTHER;
			continue;
		}
		if (line.p[0] == ' ' || line.p[0] == '\t') {
			if (cont == K_DESC) {
				if ((f->desc.n > 0 && ks_buf_addc(&f->desc, ' ') != 0) ||
					ks_buf_add(&f->desc, t.p, t.n) != 0) {
					r = skipf(run, it.lineno, "description too long");
					cont = K_OTHER;
				}
			} else if (cont == K_REFS && f->nrefs < MAX_REFS && t.n < 4096 &&
				ks_str_chr(t, ' ') < 0) {
				f->refs[f->nrefs] = ks_arena_strndup(&run->a, t.p, t.n);
				if (f->refs[f->nrefs++] == NULL)
					r = KS_ENOMEM;
			} else if (cont == K_CVSS) {
				r = cvss_line(run, t, it.lineno);
			}
			continue;
		}
		cont = K_OTHER;
		if (line.p[0] == '#')
			continue;
		if (!ks_str_cut(line, ':', &key, &val) || key.n == 0 || ks_str_chr(key, ' ') >= 0) {
			r = skipf(run, it.lineno, "not a field");
			continue;
		}
		val = ks_str_trim(val);
		if (ks_str_eq(key, "Candidate")) {
			f->candidate = val;
		} else if (ks_str_eq(key, "Priority")) {
			f->priority = priority_sev(val);
		} else if (ks_str_eq(key, "Description")) {
			cont = K_DESC;
			if (val.n > 0 && ks_buf_add(&f->desc, val.p, val.n) != 0)
				r = KS_ENOMEM;
		} else if (ks_str_eq(key, "References")) {
			cont = K_REFS;
		} else if (ks_str_eq(key, "CVSS")) {
			cont = K_CVSS;
		} else if (ks_str_hasprefix(key, "Priority_")) {
			int sev = priority_sev(val);

			if (sev < 0 || f->nprios == MAX_LINES) {
				r = skipf(run, it.lineno, "bad package priority");
				continue;
			}
			grown = ks_arena_grow(&run->a, f->prios, f->nprios, &f->capprios,
				f->nprios + 1, sizeof(*f->prios));
			if (grown == NULL)
				return KS_ENOMEM;
			f->prios = grown;
			f->prios[f->nprios].sev = sev;
			(void)ks_str_cut(ks_str_sub(key, 9, key.n), '_', &f->prios[f->nprios].pkg,
				&f->prios[f->nprios].rel);
			f->nprios++;
		} else if (!ks_str_hasprefix(key, "Patches_") && !ks_str_hasprefix(key, "Tags_") &&
			ks_str_chr(key, '_') > 0) {
			r = release_line(run, key, val, it.lineno);
		}
	}
	return r;
}

/* The priority of a row: Priority_<package>_<release>, else Priority_<package>, else the
 * CVE's Priority. */
static int stmt_sev(const struct file *f, const struct stmt *st)
{
	int sev = f->priority;
	size_t i;

	for (i = 0; i < f->nprios; i++) {
		const struct pkgprio *p = &f->prios[i];

		if (!ks_str_eqs(p->pkg, st->pkg))
			continue;
		if (ks_str_eqs(p->rel, st->rel))
			return p->sev;
		if (p->rel.n == 0)
			sev = p->sev;
	}
	return sev;
}

static int write_all(struct run *run, const char *id)
{
	struct file *f = &run->f;
	struct ks_vuln_in v = { .id = id, .source = FEED, .severity = -1 };
	size_t i;
	int r;

	f->refs[f->nrefs] = NULL;
	v.refs = f->nrefs ? f->refs : NULL;
	v.description = f->desc.n ? f->desc.p : NULL;
	if ((r = ks_dbw_vuln(run->w, &v)) != 0)
		return r;
	if (f->priority >= 0) {
		struct ks_sev_in s = { .vuln_id = id, .source = "ubuntu", .severity = f->priority,
			.v2_score = -1, .v3_score = -1, .v40_score = -1 };

		if ((r = ks_dbw_severity(run->w, &s)) != 0)
			return r;
	}
	if (f->cvss_vector.n > 0) {
		struct ks_sev_in s = { .vuln_id = id, .source = "nvd", .severity = f->cvss_sev,
			.v2_score = -1, .v3_score = f->cvss_score, .v40_score = -1 };

		if ((s.v3_vector = ks_arena_strndup(&run->a, f->cvss_vector.p,
			     f->cvss_vector.n)) == NULL)
			return KS_ENOMEM;
		if ((r = ks_dbw_severity(run->w, &s)) != 0)
			return r;
	}
	for (i = 0; i < f->nstmts; i++) {
		const struct stmt *st = &f->stmts[i];
		struct ks_adv_in adv = { .eco = st->eco, .vuln_id = id, .source = FEED,
			.status = st->status, .ranges = "{}", .fixed = "",
			.severity = stmt_sev(f, st), .data_source = ks_osf_ds_ubuntu };
		bool written;

		if ((adv.pkg = ks_arena_strndup(&run->a, st->pkg.p, st->pkg.n)) == NULL)
			return KS_ENOMEM;
		if (st->status == KS_ST_FIXED) {
			if ((r = ks_osf_fixed_ranges(&run->ranges, st->note)) != 0)
				return r;
			adv.ranges = run->ranges.p;
			if ((adv.fixed = ks_arena_strndup(&run->a, st->note.p, st->note.n)) == NULL)
				return KS_ENOMEM;
		}
		r = ks_osf_advisory(&run->rows, run->w, &run->fk, &adv, &written);
		if (r != 0)
			return r;
		run->n += written;
	}
	return 0;
}

static int import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	struct run run = { .cx = cx, .w = w };
	const char *id;
	int r;

	ks_fk_init(&run.fk, cx, FEED, path);
	ks_arena_init(&run.a);
	ks_osf_rows_init(&run.rows, &run.a);
	ks_buf_init(&run.ranges, 1u << 16);
	ks_buf_init(&run.f.desc, 1u << 20);
	run.f.priority = -1;
	if (data == NULL || len == 0) {
		r = ks_fk_fail(&run.fk, KS_ECORRUPT, "empty file");
		goto out;
	}
	if ((r = parse(&run, data, len)) != 0)
		goto out;
	if (!ks_fk_id_ok(run.f.candidate)) {
		r = ks_fk_fail(&run.fk, KS_ECORRUPT, "no valid Candidate field");
		goto out;
	}
	if ((id = ks_arena_strndup(&run.a, run.f.candidate.p, run.f.candidate.n)) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	if ((r = write_all(&run, id)) == 0)
		r = ks_fk_finish(&run.fk);
out:
	*records += run.n;
	ks_buf_release(&run.f.desc);
	ks_buf_release(&run.ranges);
	ks_osf_rows_release(&run.rows);
	ks_arena_release(&run.a);
	return r;
}

const struct ks_feed ks_feed_ubuntu_uct = { FEED, detect, import };
