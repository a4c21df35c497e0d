/*
 * table.c - the human-readable report: per target a title, a summary line and a box
 * table (Unicode box drawing, as Trivy prints) of the packages when they are listed.
 */
#include "report/report.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

#define NCOLS 6
#define MAXW 60 /* wider cells are cut with an ellipsis */

/* Display width of a UTF-8 string: one column per code point. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
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

static void cell(FILE *f, const char *s, size_t w)
{
	size_t sw = width(s);

	if (sw > w) {
		fprintf(f, " %.*s… ", (int)prefix_bytes(s, w - 1), s);
		return;
	}
	fprintf(f, " %s%*s ", s, (int)(w - sw), "");
}

static void rule(FILE *f, const size_t *w, const char *l, const char *m, const char *r)
{
	size_t i, j;

	fputs(l, f);
	for (i = 0; i < NCOLS; i++) {
		for (j = 0; j < w[i] + 2; j++)
			fputs("─", f);
		fputs(i + 1 < NCOLS ? m : r, f);
	}
	fputc('\n', f);
}

static void row(FILE *f, const char *const *c, const size_t *w)
{
	size_t i;

	fputs("│", f);
	for (i = 0; i < NCOLS; i++) {
		cell(f, c[i], w[i]);
		fputs("│", f);
	}
	fputc('\n', f);
}

/* The cells of one package row (arena strings). */
static void pkg_cells(const struct kensa_result *r, const struct ks_pkg *p, struct ks_arena *a,
	const char **c)
{
	const char *lic = "";
	size_t i;

	for (i = 0; i < p->licenses.n; i++)
		lic = ks_arena_printf(a, "%s%s%s", lic, i ? ", " : "", p->licenses.v[i]);
	c[0] = p->name;
	c[1] = ks_pkg_version_string(a, p);
	c[2] = p->src_name ? p->src_name : "";
	c[3] = p->arch ? p->arch : "";
	c[4] = lic ? lic : "";
	c[5] = "";
	if (p->layer >= 0 && (size_t)p->layer < r->nlayers)
		c[5] = ks_arena_printf(a, "%d %.19s", p->layer + 1, r->layers[p->layer].diffid);
	for (i = 0; i < NCOLS; i++)
		if (c[i] == NULL)
			c[i] = "";
}

static void target_table(const struct kensa_result *r, const struct ks_target *t,
	struct ks_arena *a, FILE *f)
{
	static const char *const head[NCOLS] = { "Package", "Version", "Source", "Arch",
		"Licenses", "Layer" };
	size_t w[NCOLS], i, j;
	const char *c[NCOLS];

	for (i = 0; i < NCOLS; i++)
		w[i] = width(head[i]);
	for (j = 0; j < t->npkgs; j++) {
		pkg_cells(r, &t->pkgs[j], a, c);
		for (i = 0; i < NCOLS; i++) {
			size_t cw = width(c[i]);
			if (cw > w[i])
				w[i] = cw > MAXW ? MAXW : cw;
		}
	}
	rule(f, w, "┌", "┬", "┐");
	row(f, head, w);
	rule(f, w, "├", "┼", "┤");
	for (j = 0; j < t->npkgs; j++) {
		pkg_cells(r, &t->pkgs[j], a, c);
		row(f, c, w);
	}
	rule(f, w, "└", "┴", "┘");
}

static int write_table(const struct kensa_result *r, const struct kensa_report_options *ro,
	struct ks_arena *a, FILE *f, struct ks_err *err)
{
	size_t i, j;

	for (i = 0; i < r->ntargets; i++) {
		const struct ks_target *t = &r->targets[i];

		fprintf(f, "\n%s\n", t->name);
		for (j = width(t->name); j > 0; j--)
			fputc('=', f);
		fprintf(f, "\nTotal: %zu package%s\n", t->npkgs, t->npkgs == 1 ? "" : "s");
		if (ro->list_all_pkgs && t->npkgs > 0) {
			fputc('\n', f);
			target_table(r, t, a, f);
		}
	}
	if (r->ntargets == 0)
		fprintf(f, "%s: no operating system or packages found\n", r->artifact_name);
	for (i = 0; i < r->cx.nwarns; i++)
		fprintf(f, "%sWARNING: %s\n", i == 0 ? "\n" : "", r->cx.warns[i]);
	if (ferror(f))
		return ks_seterr(err, KS_EIO, "cannot write the table report");
	return 0;
}

const struct ks_writer ks_writer_table = { "table", write_table };
