/*
 * imp_epss.c - FIRST's EPSS scores (epss_scores-YYYY-MM-DD.csv, served gzipped; the driver
 * hands over the plain text):
 *
 *   #model_version:v2025.03.14,score_date:2025-03-16T00:00:00+0000
 *   cve,epss,percentile
 *   CVE-1999-0001,0.01141,0.77732
 *
 * The comment line is optional (older files lack it) and gives the score date kept with
 * every row; the header line is required (a file without it is not an EPSS file). Columns
 * are found by name, so their order does not matter. A row with a bad CVE ID or a score
 * outside [0, 1] is skipped with a warning.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "util/jscan.h"

#include <stdio.h>
#include <string.h>

/* Column indexes of the three fields. */
struct cols {
	size_t cve, epss, pct, n;
};

static bool epss_detect(const char *path, const uint8_t *head, size_t n)
{
	struct ks_str h = { (const char *)head, n };
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return ks_hasprefix(base, "epss_scores") || ks_str_hasprefix(h, "#model_version:") ||
	       ks_str_hasprefix(h, "cve,epss");
}

/* Reads the score_date of the comment line into out ("" when there is none). */
static void comment(struct ks_str line, char *out, size_t size)
{
	struct ks_str rest = ks_str_sub(line, 1, line.n), kv, k, v;

	out[0] = '\0';
	while (rest.n > 0) {
		(void)ks_str_cut(rest, ',', &kv, &rest);
		if (ks_str_cut(kv, ':', &k, &v) && ks_str_eq(ks_str_trim(k), "score_date"))
			(void)ks_fk_time(v, out, size);
	}
}

/* Finds the columns in the header line; false when one is missing. */
static bool header(struct ks_str line, struct cols *c)
{
	struct ks_str rest = line, f;
	bool cve = false, epss = false, pct = false;
	size_t i;

	for (i = 0;; i++) {
		bool more = ks_str_cut(rest, ',', &f, &rest);

		f = ks_str_trim(f);
		if (ks_str_eq(f, "cve") && !cve) {
			c->cve = i;
			cve = true;
		} else if (ks_str_eq(f, "epss") && !epss) {
			c->epss = i;
			epss = true;
		} else if (ks_str_eq(f, "percentile") && !pct) {
			c->pct = i;
			pct = true;
		}
		if (!more)
			break;
	}
	c->n = i + 1;
	return cve && epss && pct;
}

/* A probability field: a number in [0, 1]. */
static bool prob(struct ks_str f, double *out)
{
	return ks_js_num(ks_str_trim(f), out) == 0 && *out >= 0 && *out <= 1;
}

/* One data row. */
static int row(struct ks_fk *fk, struct ks_dbw *w, struct ks_str line, const struct cols *c,
	const char *date, size_t lineno, uint64_t *n)
{
	struct ks_str rest = line, f, cve = { NULL, 0 }, sc = { NULL, 0 }, pc = { NULL, 0 };
	char id[32], where[32];
	double score, pct;
	size_t i;
	int r;

	snprintf(where, sizeof(where), "line %zu", lineno);
	for (i = 0;; i++) {
		bool more = ks_str_cut(rest, ',', &f, &rest);

		if (i == c->cve)
			cve = ks_str_trim(f);
		else if (i == c->epss)
			sc = f;
		else if (i == c->pct)
			pc = f;
		if (!more)
			break;
	}
	if (++i != c->n)
		return ks_fk_skip(fk, where, "%zu fields, the header has %zu", i, c->n);
	if (!ks_fk_cve_ok(cve))
		return ks_fk_skip(fk, where, "not a CVE ID");
	if (!prob(sc, &score) || !prob(pc, &pct))
		return ks_fk_skip(fk, where, "score or percentile is not a number from 0 to 1");
	memcpy(id, cve.p, cve.n);
	id[cve.n] = '\0';
	if ((r = ks_dbw_epss(w, id, score, pct, date[0] ? date : NULL)) != 0)
		return r;
	(*n)++;
	return 0;
}

static int epss_import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	struct ks_lines it;
	struct ks_str line;
	struct cols c = { 0, 0, 0, 0 };
	struct ks_fk fk;
	char date[40] = "";
	bool have_header = false;
	uint64_t n = 0;
	int r = 0;

	ks_fk_init(&fk, cx, "epss", path);
	ks_lines_init(&it, (const char *)data, len);
	while (r == 0 && ks_lines_next(&it, &line)) {
		if (line.n > 0 && line.p[0] == '#') {
			if (!have_header)
				comment(line, date, sizeof(date));
			continue;
		}
		if (ks_str_trim(line).n == 0)
			continue;
		if (!have_header) {
			if (!header(line, &c)) {
				r = ks_fk_fail(&fk, KS_ECORRUPT,
					"line %zu: no cve,epss,percentile header", it.lineno);
				break;
			}
			have_header = true;
			continue;
		}
		r = row(&fk, w, line, &c, date, it.lineno, &n);
	}
	if (r == 0 && !have_header)
		r = ks_fk_fail(&fk, KS_ECORRUPT, "no cve,epss,percentile header");
	if (r == 0)
		r = ks_fk_finish(&fk);
	*records += n;
	return r;
}

const struct ks_feed ks_feed_epss = {
	.name = "epss",
	.detect = epss_detect,
	.import = epss_import,
};
