/*
 * markdown.c - a GitHub-flavoured Markdown report, for pull-request comments and
 * $GITHUB_STEP_SUMMARY (GitLab and most Markdown viewers render it the same way).
 *
 * A heading with the artifact and its OS, a summary table with the number of findings per
 * severity (and known-exploited ones) for each target, then per target a table Package |
 * Vulnerability | Severity | Installed | Fixed | Title, the vulnerability linked to its
 * primary URL and marked **KEV** when CISA lists it as exploited. Every text from the scan
 * is escaped (ks_rep_md), so a hostile title can neither break the table nor inject HTML
 * or mention users; warnings about what could not be analysed are listed at the end.
 */
#include "report/report.h"
#include "report/rutil.h"
#include "util/str.h"

#include <string.h>

#define LINE_MAX_BYTES (16u << 20)

/* Writes the line in b (plus a newline) to f and empties b. */
static int flush(struct ks_buf *b, FILE *f)
{
	if (b->n > 0)
		fwrite(b->p, 1, b->n, f);
	fputc('\n', f);
	ks_buf_reset(b);
	return ferror(f) ? KS_EIO : 0;
}

static size_t kev_count(const struct ks_target *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->nvulns; i++)
		n += t->vulns[i].v.kev;
	return n;
}

static int w_header(const struct kensa_result *r, struct ks_arena *a, struct ks_buf *b,
	FILE *f)
{
	const char *os = ks_rep_os(a, r);
	int rc;

	rc = ks_buf_adds(b, "## kensa report: ");
	rc = rc ? rc : ks_rep_md(b, r->artifact_name && r->artifact_name[0] ? r->artifact_name :
									   "unknown");
	rc = rc ? rc : flush(b, f);
	rc = rc ? rc : flush(b, f);
	if (rc == 0 && os != NULL) {
		rc = ks_buf_adds(b, "**OS:** ");
		rc = rc ? rc : ks_rep_md(b, os);
		if (rc == 0 && r->eosl)
			rc = ks_buf_adds(b, " (**end of support**: no more security fixes)");
		rc = rc ? rc : flush(b, f);
		rc = rc ? rc : flush(b, f);
	}
	return rc;
}

static int w_summary(const struct kensa_result *r, struct ks_buf *b, FILE *f)
{
	size_t i, s;
	int rc;

	if (r->ntargets == 0) {
		rc = ks_buf_adds(b, "No packages were found, so there is nothing to report.");
		rc = rc ? rc : flush(b, f);
		return rc ? rc : flush(b, f);
	}
	rc = ks_buf_adds(b, "| Target | Critical | High | Medium | Low | Unknown | Total | "
			    "Known exploited |");
	rc = rc ? rc : flush(b, f);
	rc = rc ? rc : ks_buf_adds(b, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
	rc = rc ? rc : flush(b, f);
	for (i = 0; i < r->ntargets && rc == 0; i++) {
		size_t c[KS_SEV_CRITICAL + 1] = { 0 };

		ks_rep_count(&r->targets[i], c);
		rc = ks_buf_adds(b, "| ");
		rc = rc ? rc : ks_rep_md(b, r->targets[i].name);
		for (s = KS_SEV_CRITICAL + 1; s-- > 0 && rc == 0;)
			rc = ks_buf_addf(b, " | %zu", c[s]);
		rc = rc ? rc : ks_buf_addf(b, " | %zu | %zu |", r->targets[i].nvulns,
				       kev_count(&r->targets[i]));
		rc = rc ? rc : flush(b, f);
	}
	return rc ? rc : flush(b, f);
}

static int w_target(const struct ks_target *t, struct ks_buf *b, FILE *f)
{
	size_t i;
	int rc;

	rc = ks_buf_adds(b, "### ");
	rc = rc ? rc : ks_rep_md(b, t->name && t->name[0] ? t->name : "unknown");
	rc = rc ? rc : flush(b, f);
	rc = rc ? rc : flush(b, f);
	if (rc == 0 && t->nvulns == 0) {
		rc = ks_buf_adds(b, "No vulnerabilities found.");
		rc = rc ? rc : flush(b, f);
		return rc ? rc : flush(b, f);
	}
	rc = rc ? rc : ks_buf_adds(b, "| Package | Vulnerability | Severity | Installed | Fixed | "
				      "Title |");
	rc = rc ? rc : flush(b, f);
	rc = rc ? rc : ks_buf_adds(b, "| --- | --- | --- | --- | --- | --- |");
	rc = rc ? rc : flush(b, f);
	for (i = 0; i < t->nvulns && rc == 0; i++) {
		const struct ks_finding *v = &t->vulns[i];

		rc = ks_buf_adds(b, "| ");
		rc = rc ? rc : ks_rep_md(b, v->pkg->name);
		rc = rc ? rc : ks_buf_adds(b, " | ");
		rc = rc ? rc : ks_rep_md_link(b, v->vuln_id, v->primary_url);
		if (rc == 0 && v->v.kev)
			rc = ks_buf_adds(b, " **KEV**");
		rc = rc ? rc : ks_buf_addf(b, " | %s | ", ks_sev_name((enum ks_sev)ks_rep_sev(v)));
		rc = rc ? rc : ks_rep_md(b, v->installed);
		rc = rc ? rc : ks_buf_adds(b, " | ");
		rc = rc ? rc : ks_rep_md(b, v->fixed);
		rc = rc ? rc : ks_buf_adds(b, " | ");
		rc = rc ? rc : ks_rep_md(b, v->v.title);
		rc = rc ? rc : ks_buf_adds(b, " |");
		rc = rc ? rc : flush(b, f);
	}
	return rc ? rc : flush(b, f);
}

static int write_markdown(const struct kensa_result *r, const struct kensa_report_options *ro,
	struct ks_arena *a, FILE *f, struct ks_err *err)
{
	struct ks_buf b;
	size_t i, kev = 0;
	int rc;

	(void)ro;
	ks_buf_init(&b, LINE_MAX_BYTES);
	rc = w_header(r, a, &b, f);
	rc = rc ? rc : w_summary(r, &b, f);
	for (i = 0; i < r->ntargets && rc == 0; i++) {
		rc = w_target(&r->targets[i], &b, f);
		kev += kev_count(&r->targets[i]);
	}
	if (rc == 0 && kev > 0) {
		rc = ks_buf_adds(&b, "**KEV**: listed in CISA's Known Exploited Vulnerabilities "
				     "catalog (exploited in the wild).");
		rc = rc ? rc : flush(&b, f);
		rc = rc ? rc : flush(&b, f);
	}
	if (rc == 0 && r->cx.nwarns > 0) {
		rc = ks_buf_adds(&b, "**Warnings** (parts of the artifact that could not be "
				     "analysed):");
		rc = rc ? rc : flush(&b, f);
		rc = rc ? rc : flush(&b, f);
		for (i = 0; i < r->cx.nwarns && rc == 0; i++) {
			rc = ks_buf_adds(&b, "- ");
			rc = rc ? rc : ks_rep_md(&b, r->cx.warns[i]);
			rc = rc ? rc : flush(&b, f);
		}
	}
	ks_buf_release(&b);
	if (rc == KS_EIO)
		return ks_seterr(err, rc, "cannot write the Markdown report");
	if (rc != 0)
		return ks_seterr(err, rc, "markdown: %s", rc == KS_ELIMIT ? "a line is too long" :
									    "out of memory");
	return 0;
}

const struct ks_writer ks_writer_markdown = { "markdown", write_markdown };
