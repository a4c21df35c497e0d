/*
 * imp_nodejs.c - the Node.js Ecosystem Security Working Group advisories (nodejs/
 * security-wg, vuln/npm/<n>.json: id, module_name, cves[], vulnerable_versions,
 * patched_versions, title, overview, references[], cvss_score, ...).
 *
 * As trivy-db's vulnsrc/node reads them: files without a module_name (those of vuln/core/,
 * which describe Node.js itself, and the index) are left out; the package is module_name
 * lower-cased (npm names are lower case; two old advisories write "jQuery" and
 * "Morris.js") in ecosystem "npm", source "nodejs-security-wg"; every CVE of cves[] gets
 * the advisory (as written: one advisory says "CVE-2014-4671A"), or "NSWG-ECO-<id>" when
 * there is none. vulnerable_versions and
 * patched_versions are node-semver ranges split at "||" into native "n" and "p"
 * expressions, each checked with the npm range parser in loose mode (as Trivy's semver
 * parser accepts them); the fixed version shown is the patched expressions joined with
 * ", ", and the status is fixed when there is one. cvss_score (a number, or "4.8 (Medium)"
 * in old files) is stored as Trivy stores it: a score without vector in the v2 slot of
 * source "nodejs-security-wg", with the severity it maps to. The CVEs and the NSWG-ECO id
 * are aliases of each other.
 *
 * A file that is not JSON, or not an object, is KS_ECORRUPT; an advisory with an invalid
 * range or CVE is skipped with a warning.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osv_common.h"
#include "util/buf.h"
#include "version/version.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOURCE "nodejs-security-wg"
#define JSON_MAX (4u << 20)
#define MAX_PARTS 64
#define MAX_CVES 64
#define MAX_REFS 256

static bool node_detect(const char *path, const uint8_t *head, size_t n)
{
	return ks_hassuffix(path, ".json") && memmem(head, n, "\"module_name\"", 13) != NULL &&
	       memmem(head, n, "\"vulnerable_versions\"", 21) != NULL;
}

/* What one advisory file says. */
struct adv {
	struct ks_fk fk;
	struct ks_arena scratch;
	struct ks_imp_ranges rg;
	struct ks_str patched[MAX_PARTS];
	size_t npatched;
	const char *ids[MAX_CVES + 1]; /* the vulnerabilities the advisory is written for */
	size_t nids;
	const char *nswg; /* NSWG-ECO-<id>, or NULL */
	double score;     /* -1 = none */
};

/* Splits the range member key at "||" into expressions of kind which ('n' or 'p'), checking
 * each. KS_ECORRUPT after a warning when one is invalid. */
static int ranges(struct adv *ad, json_t *doc, const char *key, char which)
{
	json_t *m = json_object_get(doc, key);
	const struct ks_range *rg;
	struct ks_str rest, part;
	struct ks_err e;
	size_t count = 0;
	char *s;
	int r;

	if (m == NULL || json_is_null(m))
		return 0;
	if (!json_is_string(m)) {
		r = ks_fk_skip(&ad->fk, ad->ids[0], "%s is not a string", key);
		return r == 0 ? KS_ECORRUPT : r;
	}
	rest = ks_str_c(json_string_value(m));
	while (rest.n > 0) {
		ptrdiff_t bar = -1;
		size_t i;

		for (i = 0; i + 1 < rest.n && bar < 0; i++)
			if (rest.p[i] == '|' && rest.p[i + 1] == '|')
				bar = (ptrdiff_t)i;
		part = ks_str_trim(bar < 0 ? rest : ks_str_sub(rest, 0, (size_t)bar));
		rest = bar < 0 ? ks_str_sub(rest, rest.n, 0)
			       : ks_str_sub(rest, (size_t)bar + 2, rest.n);
		if (part.n == 0)
			continue;
		if (++count > MAX_PARTS || ks_range_parse(&ad->scratch, &e, KS_ECO_NPM, part,
						   KS_VER_LOOSE, &rg) != 0) {
			r = ks_fk_skip(&ad->fk, ad->ids[0], "%s: invalid range '%.*s'", key,
				(int)(part.n > 64 ? 64 : part.n), part.p);
			return r == 0 ? KS_ECORRUPT : r;
		}
		if ((s = ks_arena_strndup(&ad->scratch, part.p, part.n)) == NULL)
			return KS_ENOMEM;
		if (which == 'p')
			ad->patched[ad->npatched++] = ks_str_c(s);
		if ((r = ks_imp_ranges_add(&ad->rg, which, s)) != 0)
			return r;
	}
	return 0;
}

/* The vulnerability ids: every CVE, else NSWG-ECO-<id>. KS_ECORRUPT after a warning. */
static int ids(struct adv *ad, json_t *doc)
{
	json_t *cves = json_object_get(doc, "cves"), *id = json_object_get(doc, "id"), *c;
	size_t i;
	int r;

	if (json_is_integer(id) && json_integer_value(id) >= 0 &&
		(ad->nswg = ks_arena_printf(
			 &ad->scratch, "NSWG-ECO-%lld", (long long)json_integer_value(id))) == NULL)
		return KS_ENOMEM;
	if (cves != NULL && !json_is_null(cves) && !json_is_array(cves)) {
		r = ks_fk_skip(&ad->fk, ad->nswg, "cves is not a list");
		return r == 0 ? KS_ECORRUPT : r;
	}
	json_array_foreach(cves, i, c)
	{
		const char *s = json_string_value(c);

		if (s == NULL || !ks_fk_id_ok(ks_str_c(s)) || ad->nids == MAX_CVES) {
			r = ks_fk_skip(&ad->fk, ad->nswg, "bad CVE list");
			return r == 0 ? KS_ECORRUPT : r;
		}
		ad->ids[ad->nids++] = s;
	}
	if (ad->nids == 0 && ad->nswg != NULL)
		ad->ids[ad->nids++] = ad->nswg;
	if (ad->nids == 0) {
		r = ks_fk_skip(&ad->fk, NULL, "neither cves nor a numeric id");
		return r == 0 ? KS_ECORRUPT : r;
	}
	ad->ids[ad->nids] = NULL;
	return 0;
}

/* cvss_score: a number, or a string starting with one ("4.8 (Medium)"); -1 when absent,
 * null, not positive or above 10 (Trivy stores 0 as "none" too). */
static double score(json_t *doc)
{
	json_t *v = json_object_get(doc, "cvss_score");
	double d = -1;

	if (json_is_number(v)) {
		d = json_number_value(v);
	} else if (json_is_string(v) && isdigit((unsigned char)json_string_value(v)[0])) {
		char *end;

		d = strtod(json_string_value(v), &end);
		if (*end != '\0' && *end != ' ')
			d = -1;
	}
	return d > 0 && d <= 10 ? d : -1;
}

/* Writes, for one vulnerability id, the advisory, the details, the severity and aliases. */
static int write_one(struct adv *ad, struct ks_dbw *w, json_t *doc, const char *id,
	struct ks_adv_in *a, const char *const *refs)
{
	struct ks_vuln_in v;
	struct ks_sev_in s;
	size_t i;
	int r;

	a->vuln_id = id;
	memset(&v, 0, sizeof(v));
	v.id = id;
	v.source = SOURCE;
	v.title = ks_imp_str(doc, "title");
	v.description = ks_imp_str(doc, "overview");
	v.refs = refs[0] ? refs : NULL;
	v.severity = -1;
	if ((r = ks_dbw_advisory(w, a)) != 0 || (r = ks_dbw_vuln(w, &v)) != 0)
		return r;
	if (ad->score > 0) {
		memset(&s, 0, sizeof(s));
		s.vuln_id = id;
		s.source = SOURCE;
		s.severity = (int)ks_fk_score_sev(ad->score);
		s.v2_score = ad->score;
		s.v3_score = s.v40_score = -1;
		if ((r = ks_dbw_severity(w, &s)) != 0)
			return r;
	}
	for (i = 0; i < ad->nids; i++)
		if ((r = ks_dbw_alias(w, id, ad->ids[i])) != 0)
			return r;
	return ad->nswg ? ks_dbw_alias(w, id, ad->nswg) : 0;
}

/* The advisory in doc; a malformed one is skipped with a warning (0). */
static int advisory(struct adv *ad, struct ks_dbw *w, json_t *doc, uint64_t *records)
{
	json_t *rl = json_object_get(doc, "references"), *e;
	const char *refs[MAX_REFS + 1];
	char *rj = NULL, *ds = NULL, *pkg;
	struct ks_buf fixed;
	struct ks_adv_in a;
	size_t i, nrefs = 0;
	int r;

	ks_buf_init(&fixed, 1u << 16);
	if ((r = ids(ad, doc)) != 0 || (r = ranges(ad, doc, "vulnerable_versions", 'n')) != 0 ||
		(r = ranges(ad, doc, "patched_versions", 'p')) != 0) {
		if (r == KS_ECORRUPT)
			r = 0; /* skipped with a warning */
		goto out;
	}
	if ((pkg = ks_arena_strdup(&ad->scratch, ks_imp_str(doc, "module_name"))) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	for (i = 0; pkg[i]; i++)
		pkg[i] = (char)tolower((unsigned char)pkg[i]);
	json_array_foreach(rl, i, e)
	{
		if (json_string_value(e) != NULL && json_string_length(e) > 0 && nrefs < MAX_REFS)
			refs[nrefs++] = json_string_value(e);
	}
	refs[nrefs] = NULL;
	ad->score = score(doc);
	if ((r = ks_fk_join_unique(&fixed, ad->patched, ad->npatched)) != 0 ||
		(r = ks_imp_datasource(SOURCE, "Node.js Ecosystem Security Working Group",
			 "https://github.com/nodejs/security-wg", &ds)) != 0)
		goto out;
	if ((rj = ks_imp_ranges_dump(&ad->rg)) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	memset(&a, 0, sizeof(a));
	a.eco = "npm";
	a.pkg = pkg;
	a.source = SOURCE;
	a.status = ad->npatched ? KS_ST_FIXED : KS_ST_AFFECTED;
	a.ranges = rj;
	a.fixed = fixed.n ? fixed.p : "";
	a.severity = -1;
	a.data_source = ds;
	for (i = 0; i < ad->nids && r == 0; i++)
		if ((r = write_one(ad, w, doc, ad->ids[i], &a, refs)) == 0)
			(*records)++;
out:
	free(rj);
	free(ds);
	ks_buf_release(&fixed);
	return r;
}

static int node_import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	json_t *doc = NULL;
	char what[512];
	struct adv ad;
	int r;

	memset(&ad, 0, sizeof(ad));
	ks_fk_init(&ad.fk, cx, "nodejs", path);
	if (len > JSON_MAX)
		return ks_fk_fail(&ad.fk, KS_ELIMIT, "larger than %u MB", JSON_MAX >> 20);
	snprintf(what, sizeof(what), "nodejs: '%s'", path);
	if ((r = ks_json_load(&cx->err, what, data, len, &doc)) != 0)
		return r;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return ks_fk_fail(&ad.fk, KS_ECORRUPT, "not a JSON object");
	}
	if (ks_imp_str(doc, "module_name") == NULL) {
		ks_log(cx, KS_LOG_DEBUG,
			"nodejs: '%s': no module_name (Node.js core or an index); "
			"skipped as Trivy does",
			path);
		json_decref(doc);
		return 0;
	}
	ks_arena_init(&ad.scratch);
	ks_imp_ranges_init(&ad.rg);
	r = advisory(&ad, w, doc, records);
	if (r == 0)
		r = ks_fk_finish(&ad.fk);
	ks_imp_ranges_release(&ad.rg);
	ks_arena_release(&ad.scratch);
	json_decref(doc);
	return r;
}

const struct ks_feed ks_feed_nodejs = {
	.name = "nodejs",
	.detect = node_detect,
	.import = node_import,
};
