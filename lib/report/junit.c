/*
 * junit.c - the JUnit XML report, for CI servers that show test results (Jenkins, GitLab,
 * Azure DevOps, GitHub test-report actions).
 *
 * Laid out as Trivy's junit template lays it out: one <testsuite> per target (its type in
 * a property), one <testcase> per finding with classname "<package>-<version>" and name
 * "[SEVERITY] <vulnerability ID>", failed with the title as the message and the
 * description in the body. kensa adds the fixed version, status, KEV flag and link to the
 * body, reports a target without findings as one passing test case (so a clean scan is a
 * visible pass, not an empty suite), and follows the CI gate: findings the gate does not
 * fail on (--fail-on below the gate severity, or unfixed with only-fixed) are <skipped>
 * with the reason. The output is valid against both the strict Apache Ant schema (every
 * required attribute, <properties>, <system-out>, <system-err>) and Jenkins' schema.
 */
#include "report/report.h"
#include "report/rutil.h"
#include "util/str.h"
#include "util/xmlesc.h"

#include <string.h>

/* True if the gate fails on this finding. */
static bool gated(const struct kensa_report_options *ro, const struct ks_finding *f)
{
	if (ks_rep_sev(f) < ro->gate_severity)
		return false;
	return !ro->gate_only_fixed || (f->fixed != NULL && f->fixed[0] != '\0');
}

static void w_case(FILE *f, const struct kensa_report_options *ro, const struct ks_finding *v)
{
	const char *sev = ks_sev_name((enum ks_sev)ks_rep_sev(v)), *title = v->v.title;
	int gate = ro->gate_severity;

	if (title == NULL || title[0] == '\0')
		title = ks_rep_s(v->vuln_id);
	fputs("\t\t<testcase classname=\"", f);
	ks_xml_esc(f, v->pkg->name, true);
	fputc('-', f);
	ks_xml_esc(f, v->installed, true);
	fprintf(f, "\" name=\"[%s] ", sev);
	ks_xml_esc(f, v->vuln_id, true);
	fputs("\" time=\"0\">\n", f);
	if (!gated(ro, v)) {
		fputs("\t\t\t<skipped message=\"", f);
		if (ks_rep_sev(v) < gate)
			fprintf(f, "%s is below the gate severity %s", sev,
				ks_sev_name((enum ks_sev)(gate > KS_SEV_CRITICAL ? KS_SEV_CRITICAL :
										  gate)));
		else
			fputs("no fixed version (the gate counts only fixable findings)", f);
		fputs("\"/>\n\t\t</testcase>\n", f);
		return;
	}
	fputs("\t\t\t<failure message=\"", f);
	ks_xml_esc(f, title, true);
	fputs("\" type=\"description\">", f);
	ks_xml_esc(f, v->v.description, false);
	if (v->v.description != NULL && v->v.description[0] != '\0')
		fputs("\n\n", f);
	fputs("Installed version: ", f);
	ks_xml_esc(f, v->installed, false);
	fputs("\nFixed version: ", f);
	ks_xml_esc(f, v->fixed && v->fixed[0] ? v->fixed : "none", false);
	fprintf(f, "\nStatus: %s", ks_status_name((enum ks_status)v->status));
	if (v->v.kev) {
		fputs("\nKnown exploited (CISA KEV)", f);
		if (v->v.kev_date_added != NULL) {
			fputs(", added ", f);
			ks_xml_esc(f, v->v.kev_date_added, false);
		}
	}
	if (v->primary_url != NULL && v->primary_url[0] != '\0') {
		fputc('\n', f);
		ks_xml_esc(f, v->primary_url, false);
	}
	fputs("</failure>\n\t\t</testcase>\n", f);
}

static void w_prop(FILE *f, const char *name, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	fprintf(f, "\t\t\t<property name=\"%s\" value=\"", name);
	ks_xml_esc(f, value, true);
	fputs("\"/>\n", f);
}

static void w_suite(FILE *f, const struct kensa_result *r, const struct kensa_report_options *ro,
	size_t idx, const char *stamp)
{
	const struct ks_target *t = &r->targets[idx];
	size_t i, fails = 0, skips = 0;

	for (i = 0; i < t->nvulns; i++) {
		if (gated(ro, &t->vulns[i]))
			fails++;
		else
			skips++;
	}
	fprintf(f, "\t<testsuite package=\"kensa.%s\" id=\"%zu\" name=\"",
		t->klass && strspn(t->klass, "abcdefghijklmnopqrstuvwxyz-") == strlen(t->klass) &&
				t->klass[0] ?
			t->klass :
			"target",
		idx);
	ks_xml_esc(f, t->name && t->name[0] ? t->name : "unknown", true);
	fprintf(f, "\" timestamp=\"%s\" hostname=\"localhost\" tests=\"%zu\" failures=\"%zu\" "
		   "errors=\"0\" skipped=\"%zu\" time=\"0\">\n",
		stamp, t->nvulns ? t->nvulns : 1, fails, skips);
	fputs("\t\t<properties>\n", f);
	w_prop(f, "type", t->type);
	w_prop(f, "class", t->klass);
	w_prop(f, "artifact", r->artifact_name);
	fputs("\t\t</properties>\n", f);
	for (i = 0; i < t->nvulns; i++)
		w_case(f, ro, &t->vulns[i]);
	if (t->nvulns == 0) {
		fputs("\t\t<testcase classname=\"", f);
		ks_xml_esc(f, t->name && t->name[0] ? t->name : "unknown", true);
		fputs("\" name=\"no vulnerabilities\" time=\"0\"/>\n", f);
	}
	fputs("\t\t<system-out/>\n\t\t<system-err/>\n\t</testsuite>\n", f);
}

static int write_junit(const struct kensa_result *r, const struct kensa_report_options *ro,
	struct ks_arena *a, FILE *f, struct ks_err *err)
{
	char stamp[40];
	time_t now;
	size_t i;
	int rc;

	(void)a;
	if ((rc = ks_rep_time(ro, &now, err)) != 0)
		return rc;
	ks_rep_fmt_time(now, KS_REP_T_BARE, stamp, sizeof(stamp));
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", f);
	for (i = 0; i < r->ntargets; i++)
		w_suite(f, r, ro, i, stamp);
	fputs("</testsuites>\n", f);
	if (ferror(f))
		return ks_seterr(err, KS_EIO, "cannot write the JUnit report");
	return 0;
}

const struct ks_writer ks_writer_junit = { "junit", write_junit };
