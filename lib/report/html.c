/*
 * html.c - a self-contained HTML report: one file with its CSS and a small script inline,
 * that loads nothing from anywhere (no CDN, fonts or images; a Content-Security-Policy
 * forbids any fetch), so it can be archived as a CI artifact and opened offline.
 *
 * A header with the artifact, type, OS (and whether it is past its end of support), the
 * report time and the number of findings per severity; the warnings about what could not
 * be analysed; then per target a findings table (Package, Vulnerability, Severity,
 * Installed, Fixed, Status, EPSS, Title with the description and references folded
 * under it). The script sorts a table by any column (click its header; again to reverse)
 * and filters all tables by minimum severity and known-exploited (KEV) findings; its
 * initial state can be set in the URL fragment, e.g. report.html#min=HIGH&kev=1&sort=
 * severity&desc=1. Without the script the page is a complete static report.
 *
 * Every text from the scan is HTML-escaped (ks_xml_esc); only http(s) URLs without quotes
 * or spaces become links, and links carry rel="noopener noreferrer".
 */
#include "report/report.h"
#include "report/rutil.h"
#include "util/str.h"
#include "util/xmlesc.h"

#include <string.h>

static const char css[] =
	"*{box-sizing:border-box}\n"
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
	"margin:0 auto;max-width:1400px;padding:16px 24px;color:#1f2328;background:#fff}\n"
	"h1{font-size:24px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 6px;"
	"word-break:break-all}\n"
	"table{border-collapse:collapse}\n"
	".meta th{text-align:left;padding:2px 16px 2px 0;color:#59636e;font-weight:600}\n"
	".meta td{padding:2px 0;word-break:break-all}\n"
	".counts{list-style:none;padding:0;margin:12px 0;display:flex;flex-wrap:wrap;gap:8px}\n"
	".counts li{padding:4px 10px;border-radius:6px;color:#fff;font-weight:600}\n"
	".counts li b{margin-left:6px}\n"
	".badge{display:inline-block;padding:1px 7px;border-radius:4px;color:#fff;"
	"font-weight:600;font-size:12px}\n"
	".s4{background:#b3261e}.s3{background:#e8590c}.s2{background:#b08800}"
	".s1{background:#2f7d32}.s0{background:#6e7781}.kev{background:#6f42c1}\n"
	".eosl{color:#b3261e;font-weight:600}\n"
	".controls{position:sticky;top:0;background:#f6f8fa;border:1px solid #d1d9e0;"
	"border-radius:6px;padding:8px 12px;margin:16px 0;display:flex;flex-wrap:wrap;"
	"gap:16px;align-items:center;z-index:1}\n"
	"table.findings{width:100%;margin-top:8px}\n"
	".findings th,.findings td{border:1px solid #d1d9e0;padding:4px 8px;text-align:left;"
	"vertical-align:top}\n"
	".findings th{background:#f6f8fa;white-space:nowrap}\n"
	".findings th button{all:unset;cursor:pointer;font-weight:600}\n"
	".findings th[aria-sort=ascending] button::after{content:' \\25B2'}\n"
	".findings th[aria-sort=descending] button::after{content:' \\25BC'}\n"
	".findings tbody tr:nth-child(even){background:#fafbfc}\n"
	".findings td.ver{white-space:nowrap}\n"
	".findings details{margin-top:4px;color:#414a53}\n"
	".findings details ul{margin:4px 0;padding-left:18px;word-break:break-all}\n"
	".none,.warnings{color:#59636e}\n"
	"footer{margin-top:32px;color:#59636e;font-size:12px}\n";

static const char script[] =
	"(function () {\n"
	"  'use strict';\n"
	"  var minSel = document.getElementById('min-sev');\n"
	"  var kevBox = document.getElementById('kev-only');\n"
	"  var shown = document.getElementById('shown');\n"
	"  var tables = Array.prototype.slice.call(document.querySelectorAll('table.findings'));\n"
	"  var coll = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });\n"
	"  function cellKey(td, num) {\n"
	"    var v = td.getAttribute('data-v');\n"
	"    if (num) return v === null || v === '' ? -1 : parseFloat(v);\n"
	"    return v !== null ? v : td.textContent;\n"
	"  }\n"
	"  function sortBy(table, col, desc) {\n"
	"    var heads = table.tHead.rows[0].cells;\n"
	"    var num = heads[col].getAttribute('data-type') === 'num';\n"
	"    var body = table.tBodies[0];\n"
	"    var rows = Array.prototype.slice.call(body.rows).map(function (r, i) {\n"
	"      return { r: r, i: i, k: cellKey(r.cells[col], num) };\n"
	"    });\n"
	"    rows.sort(function (a, b) {\n"
	"      var c = num ? a.k - b.k : coll.compare(a.k, b.k);\n"
	"      return (desc ? -c : c) || a.i - b.i;\n"
	"    });\n"
	"    rows.forEach(function (x) { body.appendChild(x.r); });\n"
	"    Array.prototype.forEach.call(heads, function (th, i) {\n"
	"      th.setAttribute('aria-sort', i === col ? (desc ? 'descending' : 'ascending') :\n"
	"        'none');\n"
	"    });\n"
	"  }\n"
	"  function filter() {\n"
	"    var min = parseInt(minSel.value, 10), kev = kevBox.checked, n = 0, total = 0;\n"
	"    tables.forEach(function (t) {\n"
	"      Array.prototype.forEach.call(t.tBodies[0].rows, function (r) {\n"
	"        var ok = parseInt(r.getAttribute('data-sev'), 10) >= min &&\n"
	"          (!kev || r.getAttribute('data-kev') === '1');\n"
	"        r.hidden = !ok;\n"
	"        total++;\n"
	"        if (ok) n++;\n"
	"      });\n"
	"    });\n"
	"    shown.textContent = 'Showing ' + n + ' of ' + total + ' findings';\n"
	"  }\n"
	"  tables.forEach(function (t) {\n"
	"    Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th, col) {\n"
	"      th.querySelector('button').addEventListener('click', function () {\n"
	"        sortBy(t, col, th.getAttribute('aria-sort') === 'ascending');\n"
	"      });\n"
	"    });\n"
	"  });\n"
	"  minSel.addEventListener('change', filter);\n"
	"  kevBox.addEventListener('change', filter);\n"
	"  var p = {};\n"
	"  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {\n"
	"    var i = kv.indexOf('=');\n"
	"    if (i > 0) p[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1));\n"
	"  });\n"
	"  if (p.min) Array.prototype.forEach.call(minSel.options, function (o, i) {\n"
	"    if (o.getAttribute('data-name') === p.min.toUpperCase()) minSel.selectedIndex = i;\n"
	"  });\n"
	"  if (p.kev === '1') kevBox.checked = true;\n"
	"  if (p.sort) tables.forEach(function (t) {\n"
	"    Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th, col) {\n"
	"      if (th.getAttribute('data-key') === p.sort) sortBy(t, col, p.desc === '1');\n"
	"    });\n"
	"  });\n"
	"  filter();\n"
	"  document.body.setAttribute('data-ready', '1');\n"
	"})();\n";

/* Writes s (NULL = "") HTML-escaped. */
static void esc(FILE *f, const char *s)
{
	ks_xml_esc(f, s, false);
}

static void w_link(FILE *f, const char *url, const char *text)
{
	if (!ks_rep_http_url(url)) {
		esc(f, text);
		return;
	}
	fputs("<a href=\"", f);
	ks_xml_esc(f, url, true);
	fputs("\" rel=\"noopener noreferrer\">", f);
	esc(f, text);
	fputs("</a>", f);
}

static void w_counts(FILE *f, const size_t c[KS_SEV_CRITICAL + 1], size_t kev)
{
	int s;

	fputs("<ul class=\"counts\" id=\"counts\">\n", f);
	for (s = KS_SEV_CRITICAL; s >= KS_SEV_UNKNOWN; s--)
		fprintf(f, "<li class=\"s%d\">%s<b>%zu</b></li>\n", s, ks_sev_name((enum ks_sev)s),
			c[s]);
	fprintf(f, "<li class=\"kev\">Known exploited<b>%zu</b></li>\n</ul>\n", kev);
}

static void w_header(FILE *f, const struct kensa_result *r, const char *os, const char *when)
{
	size_t c[KS_SEV_CRITICAL + 1] = { 0 }, kev = 0, i, j;

	for (i = 0; i < r->ntargets; i++) {
		ks_rep_count(&r->targets[i], c);
		for (j = 0; j < r->targets[i].nvulns; j++)
			kev += r->targets[i].vulns[j].v.kev;
	}
	fputs("<header>\n<h1>kensa report</h1>\n<table class=\"meta\">\n<tr><th>Artifact</th><td>",
		f);
	esc(f, r->artifact_name);
	fputs("</td></tr>\n<tr><th>Type</th><td>", f);
	esc(f, r->artifact_type);
	fputs("</td></tr>\n<tr><th>OS</th><td>", f);
	esc(f, os ? os : "not identified");
	if (r->eosl)
		fputs(" <span class=\"eosl\">end of support: no more security fixes</span>", f);
	fputs("</td></tr>\n", f);
	if (r->image_id != NULL) {
		fputs("<tr><th>Image ID</th><td>", f);
		esc(f, r->image_id);
		fputs("</td></tr>\n", f);
	}
	fprintf(f, "<tr><th>Created</th><td>%s</td></tr>\n<tr><th>Scanner</th><td>kensa ", when);
	esc(f, kensa_version());
	fputs("</td></tr>\n</table>\n", f);
	w_counts(f, c, kev);
	fputs("</header>\n", f);
}

static void w_warnings(FILE *f, const struct kensa_result *r)
{
	size_t i;

	if (r->cx.nwarns == 0)
		return;
	fputs("<section class=\"warnings\">\n<h2>Warnings</h2>\n<p>Parts of the artifact that could "
	      "not be analysed:</p>\n<ul>\n",
		f);
	for (i = 0; i < r->cx.nwarns; i++) {
		fputs("<li>", f);
		esc(f, r->cx.warns[i]);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
}

static void w_controls(FILE *f)
{
	int s;

	fputs("<div class=\"controls\">\n<label>Minimum severity <select id=\"min-sev\">\n", f);
	for (s = KS_SEV_UNKNOWN; s <= KS_SEV_CRITICAL; s++)
		fprintf(f, "<option value=\"%d\" data-name=\"%s\">%s%s</option>\n", s,
			ks_sev_name((enum ks_sev)s), ks_sev_name((enum ks_sev)s),
			s == KS_SEV_UNKNOWN ? " (all)" : s < KS_SEV_CRITICAL ? " and above" : "");
	fputs("</select></label>\n<label><input type=\"checkbox\" id=\"kev-only\"> Known exploited "
	      "(CISA KEV) only</label>\n<span id=\"shown\" aria-live=\"polite\"></span>\n</div>\n",
		f);
}

static void w_details(FILE *f, const struct ks_finding *v)
{
	size_t i;

	if ((v->v.description == NULL || v->v.description[0] == '\0') && v->v.refs.n == 0)
		return;
	fputs("<details><summary>Details</summary>", f);
	if (v->v.description != NULL && v->v.description[0] != '\0') {
		fputs("<p>", f);
		esc(f, v->v.description);
		fputs("</p>", f);
	}
	if (v->v.refs.n > 0) {
		fputs("<ul>", f);
		for (i = 0; i < v->v.refs.n; i++) {
			fputs("<li>", f);
			w_link(f, v->v.refs.v[i], v->v.refs.v[i]);
			fputs("</li>", f);
		}
		fputs("</ul>", f);
	}
	fputs("</details>", f);
}

static void w_row(FILE *f, const struct ks_finding *v)
{
	int sev = ks_rep_sev(v);

	fprintf(f, "<tr data-sev=\"%d\" data-kev=\"%d\">\n<td>", sev, v->v.kev ? 1 : 0);
	esc(f, v->pkg->name);
	fputs("</td>\n<td data-v=\"", f);
	ks_xml_esc(f, v->vuln_id, true);
	fputs("\">", f);
	w_link(f, v->primary_url, v->vuln_id);
	if (v->v.kev) {
		fputs(" <span class=\"badge kev\" title=\"Listed in CISA's Known Exploited "
		      "Vulnerabilities catalog",
			f);
		if (v->v.kev_date_added != NULL) {
			fputs(" since ", f);
			ks_xml_esc(f, v->v.kev_date_added, true);
		}
		fputs("\">KEV</span>", f);
	}
	fprintf(f, "</td>\n<td data-v=\"%d\"><span class=\"badge s%d\">%s</span></td>\n"
		   "<td class=\"ver\">",
		sev, sev, ks_sev_name((enum ks_sev)sev));
	esc(f, v->installed);
	fputs("</td>\n<td class=\"ver\">", f);
	esc(f, v->fixed);
	fprintf(f, "</td>\n<td>%s</td>\n", ks_status_name((enum ks_status)v->status));
	if (v->v.has_epss)
		fprintf(f, "<td data-v=\"%.5f\">%.2f%%</td>\n", v->v.epss_score,
			v->v.epss_score * 100.0);
	else
		fputs("<td data-v=\"\"></td>\n", f);
	fputs("<td data-v=\"", f);
	ks_xml_esc(f, v->v.title, true);
	fputs("\">", f);
	esc(f, v->v.title);
	w_details(f, v);
	fputs("</td>\n</tr>\n", f);
}

static void w_target(FILE *f, const struct ks_target *t)
{
	static const struct {
		const char *key, *label, *type;
	} cols[] = {
		{ "package", "Package", "text" }, { "vulnerability", "Vulnerability", "text" },
		{ "severity", "Severity", "num" }, { "installed", "Installed", "text" },
		{ "fixed", "Fixed", "text" }, { "status", "Status", "text" },
		{ "epss", "EPSS", "num" }, { "title", "Title", "text" },
	};
	size_t c[KS_SEV_CRITICAL + 1] = { 0 }, i;

	ks_rep_count(t, c);
	fputs("<section class=\"target\">\n<h2>", f);
	esc(f, t->name);
	fputs("</h2>\n", f);
	if (t->nvulns == 0) {
		fputs("<p class=\"none\">No vulnerabilities found.</p>\n</section>\n", f);
		return;
	}
	fprintf(f, "<p>%zu findings: %zu CRITICAL, %zu HIGH, %zu MEDIUM, %zu LOW, %zu UNKNOWN</p>\n",
		t->nvulns, c[KS_SEV_CRITICAL], c[KS_SEV_HIGH], c[KS_SEV_MEDIUM], c[KS_SEV_LOW],
		c[KS_SEV_UNKNOWN]);
	fputs("<table class=\"findings\">\n<thead><tr>", f);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		fprintf(f, "<th scope=\"col\" data-key=\"%s\" data-type=\"%s\" aria-sort=\"none\">"
			   "<button type=\"button\">%s</button></th>",
			cols[i].key, cols[i].type, cols[i].label);
	fputs("</tr></thead>\n<tbody>\n", f);
	for (i = 0; i < t->nvulns; i++)
		w_row(f, &t->vulns[i]);
	fputs("</tbody>\n</table>\n</section>\n", f);
}

static int write_html(const struct kensa_result *r, const struct kensa_report_options *ro,
	struct ks_arena *a, FILE *f, struct ks_err *err)
{
	const char *os = ks_rep_os(a, r);
	char when[40];
	time_t now;
	size_t i;
	int rc;

	if ((rc = ks_rep_time(ro, &now, err)) != 0)
		return rc;
	if (r->has_os && os == NULL)
		return ks_seterr(err, KS_ENOMEM, "html: out of memory");
	ks_rep_fmt_time(now, KS_REP_T_Z, when, sizeof(when));
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; "
	      "form-action 'none'\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>kensa report: ",
		f);
	esc(f, r->artifact_name);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	w_header(f, r, os, when);
	w_warnings(f, r);
	if (r->ntargets == 0)
		fputs("<p class=\"none\">No packages were found, so there is nothing to report.</p>\n",
			f);
	else
		w_controls(f);
	for (i = 0; i < r->ntargets; i++)
		w_target(f, &r->targets[i]);
	fputs("<footer>Generated by kensa ", f);
	esc(f, kensa_version());
	fprintf(f, " at %s.</footer>\n", when);
	if (r->ntargets > 0)
		fprintf(f, "<script>\n%s</script>\n", script);
	fputs("</body>\n</html>\n", f);
	if (ferror(f))
		return ks_seterr(err, KS_EIO, "cannot write the HTML report");
	return 0;
}

const struct ks_writer ks_writer_html = { "html", write_html };
