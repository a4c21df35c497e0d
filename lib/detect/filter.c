/*
 * filter.c - which findings a report shows: severities, unfixed ones, statuses, package
 * types and ignore files, applied once after detection so every writer and the exit-code
 * gates see the same set; plus the counts the gates use.
 */
#include "detect/detect.h"
#include "detect/eol.h"
#include "detect/ignore.h"
#include "kensa/kensa.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>

int kensa_severity_parse(const char *s)
{
	static const char *const n[] = { "UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL" };
	size_t i;

	for (i = 0; s != NULL && i < 5; i++)
		if (strcmp(s, n[i]) == 0)
			return (int)i;
	return -1;
}

int kensa_status_parse(const char *s)
{
	return ks_status_parse(s);
}

static bool keep(const struct ks_vfilter *f, const struct ks_ignore *ig, const char *today,
	struct kensa_result *res, const struct ks_finding *x)
{
	const struct ks_ignore_rule *rule;

	if (f->severities != 0 && !(f->severities & (1u << x->severity)))
		return false;
	if (f->ignore_unfixed && x->status != KS_ST_FIXED)
		return false;
	if (f->ignore_statuses & (1u << x->status))
		return false;
	if (ig == NULL)
		return true;
	rule = ks_ignore_match(ig, x->vuln_id, &x->v.aliases, x->pkg->file_path,
		ks_pkg_purl(&res->cx.arena, res, x->pkg), today);
	if (rule == NULL)
		return true;
	ks_log(&res->cx, KS_LOG_DEBUG, "%s in %s ignored by the ignore file%s%s", x->vuln_id,
		x->pkg->name, rule->statement ? ": " : "", rule->statement ? rule->statement : "");
	return false;
}

bool ks_sort_known(const char *sort_by)
{
	return sort_by == NULL || strcmp(sort_by, "package") == 0 ||
		strcmp(sort_by, "severity") == 0 || strcmp(sort_by, "epss") == 0 ||
		strcmp(sort_by, "kev") == 0;
}

/* Insertion-stable merge sort keyed by cmp (qsort is not stable). */
static void stable_sort(struct ks_finding *v, size_t n, struct ks_finding *tmp,
	int (*cmp)(const struct ks_finding *, const struct ks_finding *))
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	stable_sort(v, mid, tmp, cmp);
	stable_sort(v + mid, n - mid, tmp, cmp);
	while (i < mid && j < n)
		tmp[k++] = cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static int by_severity(const struct ks_finding *a, const struct ks_finding *b)
{
	return b->severity - a->severity;
}

static int by_epss(const struct ks_finding *a, const struct ks_finding *b)
{
	double x = a->v.has_epss ? a->v.epss_score : -1, y = b->v.has_epss ? b->v.epss_score : -1;

	return x < y ? 1 : x > y ? -1 : by_severity(a, b);
}

static int by_kev(const struct ks_finding *a, const struct ks_finding *b)
{
	return a->v.kev != b->v.kev ? (a->v.kev ? -1 : 1) : by_severity(a, b);
}

static int reorder(struct kensa_result *res, const char *sort_by)
{
	int (*cmp)(const struct ks_finding *, const struct ks_finding *);
	size_t i;

	if (sort_by == NULL || strcmp(sort_by, "package") == 0)
		return 0;
	cmp = strcmp(sort_by, "severity") == 0 ? by_severity :
	      strcmp(sort_by, "epss") == 0 ? by_epss : by_kev;
	for (i = 0; i < res->ntargets; i++) {
		struct ks_target *t = &res->targets[i];
		struct ks_finding *tmp;

		if (t->nvulns < 2)
			continue;
		if ((tmp = ks_arena_calloc(&res->cx.arena, t->nvulns, sizeof(*tmp))) == NULL)
			return KS_ENOMEM;
		stable_sort(t->vulns, t->nvulns, tmp, cmp);
	}
	return 0;
}

int ks_filter_findings(struct kensa_result *res, const struct ks_vfilter *f)
{
	struct ks_ignore ig;
	char today[11];
	size_t i, j, w;
	int r;

	memset(&ig, 0, sizeof(ig));
	ks_today(today);
	if (f->ignorefile != NULL && (r = ks_ignore_load(&res->cx, f->ignorefile, &ig)) != 0)
		return r;
	for (i = 0; i < res->ntargets; i++) {
		struct ks_target *t = &res->targets[i];
		bool os = ks_streq(t->klass, "os-pkgs");

		if (f->pkg_types != 0 &&
			!(f->pkg_types & (os ? KENSA_PKG_OS : KENSA_PKG_LIBRARY))) {
			t->nvulns = 0;
			continue;
		}
		for (j = 0, w = 0; j < t->nvulns; j++)
			if (keep(f, f->ignorefile ? &ig : NULL, today, res, &t->vulns[j]))
				t->vulns[w++] = t->vulns[j];
		t->nvulns = w;
	}
	return reorder(res, f->sort_by);
}

size_t kensa_result_findings(const kensa_result *r, int min_severity, bool only_fixed)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->ntargets; i++)
		for (j = 0; j < r->targets[i].nvulns; j++) {
			const struct ks_finding *x = &r->targets[i].vulns[j];

			if (x->severity >= min_severity && (!only_fixed || x->status == KS_ST_FIXED))
				n++;
		}
	return n;
}

bool kensa_result_eosl(const kensa_result *r)
{
	return r->eosl;
}

int kensa_result_filter(kensa_result *r, const struct kensa_options *o, char *errbuf,
	size_t errlen)
{
	struct ks_vfilter f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.severities = o->severities;
	f.ignore_unfixed = o->ignore_unfixed;
	f.ignore_statuses = o->ignore_statuses;
	f.pkg_types = o->pkg_types;
	f.ignorefile = o->ignorefile;
	f.sort_by = o->sort_by;
	if (!ks_sort_known(f.sort_by))
		rc = ks_seterr(&r->cx.err, KS_EUSAGE, "unknown sort order '%s'", f.sort_by);
	else
		rc = ks_filter_findings(r, &f);
	if (rc != 0)
		snprintf(errbuf, errlen, "%s", r->cx.err.msg[0] ? r->cx.err.msg : ks_strerror(rc));
	return rc;
}
