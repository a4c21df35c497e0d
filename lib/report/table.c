/*
 * table.c - the human-readable report, laid out as Trivy's: per target a title, a
 * "Total:" line counting the requested severities, and a box table of the findings
 * (Library | Vulnerability | Severity | Status | Installed Version | Fixed Version |
 * Title), the library and installed-version cells merged over consecutive rows of the
 * same package, the title followed by the advisory link. With --list-all-pkgs a package
 * table follows. Colours only when asked (a terminal).
 */
#include "report/report.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

#define MAXCOLS 7
#define MAXW 60 /* wider cells are cut with an ellipsis */

struct table {
	size_t ncols;
	size_t w[MAXCOLS];
	bool color;
};

/* Display width of a UTF-8 string: one column per code point. */
static size_t width(const char *s, size_t n)
{
	size_t w = 0, i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* Byte length of the first `cols` code points of s. */
static size_t prefix_bytes(const char *s, size_t cols)
{
	size_t i = 0, w = 0;

	while (s[i] && w < cols) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		w++;
	}
	return i;
}

/* Width of the widest line of a (possibly multi-line) cell, capped at MAXW. */
static size_t cell_width(const char *s)
{
	size_t best = 0;

	while (*s) {
		size_t n = strcspn(s, "\n"), w = width(s, n);

		if (w > best)
			best = w;
		s += n + (s[n] == '\n');
	}
	return best > MAXW ? MAXW : best;
}

/* The `line`-th line of cell s (empty when it has fewer lines). */
static struct ks_str cell_line(const char *s, size_t line)
{
	struct ks_str r = { "", 0 };

	for (;;) {
		size_t n = strcspn(s, "\n");

		if (line == 0) {
			r.p = s;
			r.n = n;
			return r;
		}
		if (s[n] == '\0')
			return r;
		s += n + 1;
		line--;
	}
}

static size_t cell_lines(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static const char *sev_color(const char *s)
{
	if (strcmp(s, "CRITICAL") == 0)
		return "\033[31m";
	if (strcmp(s, "HIGH") == 0)
		return "\033[91m";
	if (strcmp(s, "MEDIUM") == 0)
		return "\033[33m";
	if (strcmp(s, "LOW") == 0)
		return "\033[34m";
	return "";
}

static void put_cell(FILE *f, const struct table *t, size_t col, struct ks_str s, bool sev)
{
	char buf[1024];
	size_t w = width(s.p, s.n), cw = t->w[col];
	const char *color = "";

	snprintf(buf, sizeof(buf), "%.*s", (int)s.n, s.p);
	if (sev && t->color)
		color = sev_color(buf);
	if (w > cw) {
		fprintf(f, " %.*s… ", (int)prefix_bytes(buf, cw - 1), buf);
		return;
	}
	fprintf(f, " %s%s%s%*s ", color, buf, color[0] ? "\033[0m" : "", (int)(cw - w), "");
}

/* A horizontal rule; merged[c] leaves column c open (a merged cell continues). */
static void rule(FILE *f, const struct table *t, const char *l, const char *m, const char *r,
	const bool *merged)
{
	size_t c, j;

	for (c = 0; c < t->ncols; c++) {
		bool open = merged && merged[c];
		bool prev_open = c > 0 && merged && merged[c - 1];

		if (c == 0)
			fputs(merged == NULL ? l : open ? "│" : "├", f);
		else if (merged == NULL)
			fputs(m, f);
		else
			fputs(prev_open && open ? "│" : prev_open ? "├" : open ? "┤" : "┼", f);
		for (j = 0; j < t->w[c] + 2; j++)
			fputs(open ? " " : "─", f);
	}
	fputs(merged == NULL ? r : (merged[t->ncols - 1] ? "│" : "┤"), f);
	fputc('\n', f);
}

static void row(FILE *f, const struct table *t, const char *const *cells, int sev_col)
{
	size_t lines = 1, c, l;

	for (c = 0; c < t->ncols; c++)
		if (cell_lines(cells[c]) > lines)
			lines = cell_lines(cells[c]);
	for (l = 0; l < lines; l++) {
		fputs("│", f);
		for (c = 0; c < t->ncols; c++) {
			put_cell(f, t, c, cell_line(cells[c], l), (int)c == sev_col);
			fputs("│", f);
		}
		fputc('\n', f);
	}
}

static void fit(struct table *t, const char *const *cells)
{
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		size_t w = cell_width(cells[c]);

		if (w > t->w[c])
			t->w[c] = w;
	}
}

/* Trivy's title cell: the title, else the description, cut to its first 12 words. */
static const char *title(struct ks_arena *a, const struct ks_finding *x)
{
	const char *t = x->v.title && x->v.title[0] ? x->v.title : x->v.description;
	size_t words = 0, i;

	if (t == NULL)
		return "";
	for (i = 0; t[i]; i++)
		if (t[i] == ' ' && ++words == 12)
			return ks_arena_printf(a, "%.*s...", (int)i, t);
	return t;
}

static void vuln_cells(struct ks_arena *a, const struct ks_finding *x, const char **c)
{
	c[0] = x->pkg->name;
	c[1] = x->v.kev ? ks_arena_printf(a, "%s (KEV)", x->vuln_id) : x->vuln_id;
	c[2] = ks_sev_name((enum ks_sev)x->severity);
	c[3] = ks_status_name((enum ks_status)x->status);
	c[4] = x->installed;
	c[5] = x->fixed;
	c[6] = x->primary_url && x->primary_url[0] ?
		ks_arena_printf(a, "%s\n%s", title(a, x), x->primary_url) : title(a, x);
	if (c[1] == NULL || c[6] == NULL)
		c[1] = c[6] = "";
}

static void vuln_table(const struct ks_target *tg, struct ks_arena *a, bool color, FILE *f)
{
	static const char *const head[] = { "Library", "Vulnerability", "Severity", "Status",
		"Installed Version", "Fixed Version", "Title" };
	struct table t = { 7, { 0 }, color };
	const char *c[MAXCOLS];
	size_t i;

	fit(&t, head);
	for (i = 0; i < tg->nvulns; i++) {
		vuln_cells(a, &tg->vulns[i], c);
		fit(&t, c);
	}
	rule(f, &t, "┌", "┬", "┐", NULL);
	row(f, &t, head, -1);
	rule(f, &t, "├", "┼", "┤", NULL);
	for (i = 0; i < tg->nvulns; i++) {
		const struct ks_finding *x = &tg->vulns[i];
		bool same = i > 0 && x->pkg == tg->vulns[i - 1].pkg;
		bool merged[MAXCOLS] = { same, false, false, false, same, false, false };

		if (i > 0)
			rule(f, &t, "├", "┼", "┤", merged);
		vuln_cells(a, x, c);
		if (same)
			c[0] = c[4] = "";
		row(f, &t, c, 2);
	}
	rule(f, &t, "└", "┴", "┘", NULL);
}

static void pkg_table(const struct kensa_result *r, const struct ks_target *tg,
	struct ks_arena *a, FILE *f)
{
	static const char *const head[] = { "Package", "Version", "Source", "Arch", "Licenses",
		"Layer" };
	struct table t = { 6, { 0 }, false };
	const char *c[MAXCOLS];
	size_t i, j;

	fit(&t, head);
	for (j = 0; j < 2; j++) {
		if (j == 1) {
			rule(f, &t, "┌", "┬", "┐", NULL);
			row(f, &t, head, -1);
			rule(f, &t, "├", "┼", "┤", NULL);
		}
		for (i = 0; i < tg->npkgs; i++) {
			const struct ks_pkg *p = &tg->pkgs[i];
			const char *lic = "";
			size_t k;

			for (k = 0; k < p->licenses.n && lic; k++)
				lic = ks_arena_printf(a, "%s%s%s", lic, k ? ", " : "", p->licenses.v[k]);
			c[0] = p->name;
			c[1] = ks_pkg_version_string(a, p);
			c[2] = p->src_name ? p->src_name : "";
			c[3] = p->arch ? p->arch : "";
			c[4] = lic ? lic : "";
			c[5] = p->layer >= 0 && (size_t)p->layer < r->nlayers ?
				ks_arena_printf(a, "%d %.19s", p->layer + 1, r->layers[p->layer].diffid) :
				"";
			for (k = 0; k < 6; k++)
				if (c[k] == NULL)
					c[k] = "";
			if (j == 0)
				fit(&t, c);
			else
				row(f, &t, c, -1);
		}
	}
	rule(f, &t, "└", "┴", "┘", NULL);
}

static void summary(const struct ks_target *t, unsigned sevs, FILE *f)
{
	size_t count[5] = { 0 }, total = 0, i;
	bool first = true;

	for (i = 0; i < t->nvulns; i++)
		if (t->vulns[i].severity >= 0 && t->vulns[i].severity <= 4) {
			count[t->vulns[i].severity]++;
			total++;
		}
	fprintf(f, "Total: %zu (", total);
	for (i = 0; i < 5; i++) {
		if (sevs != 0 && !(sevs & (1u << i)))
			continue;
		fprintf(f, "%s%s: %zu", first ? "" : ", ", ks_sev_name((enum ks_sev)i), count[i]);
		first = false;
	}
	fputs(")\n", f);
}

static int write_table(const struct kensa_result *r, const struct kensa_report_options *ro,
	struct ks_arena *a, FILE *f, struct ks_err *err)
{
	size_t i, j;

	for (i = 0; i < r->ntargets; i++) {
		const struct ks_target *t = &r->targets[i];

		fprintf(f, "\n%s\n", t->name);
		for (j = width(t->name, strlen(t->name)); j > 0; j--)
			fputc('=', f);
		fputc('\n', f);
		summary(t, ro->severities, f);
		if (t->nvulns > 0) {
			fputc('\n', f);
			vuln_table(t, a, ro->color, f);
		}
		if (ro->list_all_pkgs && t->npkgs > 0) {
			fprintf(f, "\nPackages: %zu\n", t->npkgs);
			pkg_table(r, t, a, f);
		}
	}
	if (r->ntargets == 0)
		fprintf(f, "%s: no operating system or packages found\n", r->artifact_name);
	if (r->eosl)
		fprintf(f, "\nWARNING: %s %s is no longer supported by the distribution; it gets "
			   "no security fixes\n", r->os.family, r->os.name ? r->os.name : "");
	for (i = 0; i < r->cx.nwarns; i++)
		fprintf(f, "%sWARNING: %s\n", i == 0 ? "\n" : "", r->cx.warns[i]);
	if (ferror(f))
		return ks_seterr(err, KS_EIO, "cannot write the table report");
	return 0;
}

const struct ks_writer ks_writer_table = { "table", write_table };
