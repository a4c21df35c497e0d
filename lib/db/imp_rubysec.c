/*
 * imp_rubysec.c - the Ruby Advisory Database (rubysec/ruby-advisory-db): one YAML file per
 * advisory, gems/<gem>/<id>.yml, with gem, cve ("2019-1234"), ghsa ("xxxx-xxxx-xxxx"),
 * osvdb, title, description, url, cvss_v2/cvss_v3, patched_versions, unaffected_versions
 * and related.url.
 *
 * As trivy-db's vulnsrc/bundler reads it: the vulnerability is CVE-<cve>, else
 * GHSA-<ghsa>; advisories with neither (the OSVDB-only ones, and every file named
 * OSVDB-...) are left out. The files under rubies/<interpreter>/ describe Ruby interpreters,
 * not gems, and are not read (detect() does not take them: they have no gem key). The advisory is
 * for ecosystem "gem", package <gem> (RubyGems names are case-sensitive, kept as written), source
 * "ruby-advisory-db", with the Gem requirements of patched_versions and unaffected_versions as
 * native "p" expressions (each list element one alternative, each checked with the gem range
 * parser), the patched versions joined with ", " as the fixed version, status fixed when there is a
 * patched version and affected otherwise. An advisory with neither list is stored as affecting
 * every version (bundler-audit reports those; Trivy's matcher never does). The CVSS scores go under
 * source "ruby-advisory-db" with the severity Trivy derives from them (v3 score, else v2); cvss_v4
 * is not read, as Trivy does not. The GHSA and OSVDB ids become aliases.
 *
 * A file that is not YAML, or not a mapping, is KS_ECORRUPT; an advisory with no gem or an
 * invalid requirement is skipped with a warning.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osv_common.h"
#include "util/buf.h"
#include "version/version.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SOURCE "ruby-advisory-db"
#define YAML_MAX (4u << 20)
#define MAX_VERSIONS 256

static bool rubysec_detect(const char *path, const uint8_t *head, size_t n)
{
	struct ks_str h = { (const char *)head, n };

	return (ks_hassuffix(path, ".yml") || ks_hassuffix(path, ".yaml")) &&
	       ks_fk_line_key(h, "gem:") &&
	       (ks_fk_line_key(h, "title:") || ks_fk_line_key(h, "url:"));
}

/* An advisory being imported. */
struct adv {
	struct ks_fk fk;
	struct ks_arena scratch; /* parsed ranges, ids */
	struct ks_imp_ranges rg;
	struct ks_str patched[MAX_VERSIONS];
	size_t npatched;
	const char *id, *gem;
};

/* Adds the requirements of list member key (a list of strings, or absent) to the "p"
 * expressions after checking them; the patched ones are kept for the fixed version. */
static int requirements(struct adv *ad, json_t *doc, const char *key, bool patched)
{
	json_t *l = json_object_get(doc, key), *v;
	const struct ks_range *rg;
	struct ks_err e;
	size_t i;
	int r;

	if (l == NULL || json_is_null(l))
		return 0;
	if (!json_is_array(l))
		return ks_fk_skip(&ad->fk, ad->id, "%s is not a list", key) == 0 ? KS_ECORRUPT
										 : KS_ENOMEM;
	json_array_foreach(l, i, v)
	{
		const char *s = json_string_value(v);

		if (s == NULL || s[0] == '\0' ||
			ks_range_parse(&ad->scratch, &e, KS_ECO_GEM, ks_str_c(s), 0, &rg) != 0) {
			r = ks_fk_skip(&ad->fk, ad->id, "%s: invalid requirement '%.64s'", key,
				s ? s : "(not a string)");
			return r == 0 ? KS_ECORRUPT : r;
		}
		if (patched && ad->npatched == MAX_VERSIONS) {
			r = ks_fk_skip(
				&ad->fk, ad->id, "more than %d patched versions", MAX_VERSIONS);
			return r == 0 ? KS_ECORRUPT : r;
		}
		if (patched)
			ad->patched[ad->npatched++] = ks_str_c(s);
		if ((r = ks_imp_ranges_add(&ad->rg, 'p', s)) != 0)
			return r;
	}
	return 0;
}

/* "CVE-" / "GHSA-" / "OSVDB-" plus the bare id the file gives (kept as it is if it already
 * has the prefix); NULL when the member is absent. KS_ENOMEM only. */
static int prefixed(struct adv *ad, json_t *doc, const char *key, const char *pre, const char **out)
{
	const char *v = ks_imp_str(doc, key);

	*out = v;
	if (v == NULL || ks_hasprefix(v, pre))
		return 0;
	*out = ks_arena_printf(&ad->scratch, "%s%s", pre, v);
	return *out != NULL ? 0 : KS_ENOMEM;
}

/* Writes the vulnerability details, the severity and the aliases of the advisory. */
static int details(
	struct adv *ad, struct ks_dbw *w, json_t *doc, const char *ghsa, const char *osvdb)
{
	json_t *rel = json_object_get(json_object_get(doc, "related"), "url"), *u;
	const char *refs[64], *url = ks_imp_str(doc, "url");
	double v2 = ks_imp_num(doc, "cvss_v2"), v3 = ks_imp_num(doc, "cvss_v3");
	struct ks_vuln_in v;
	struct ks_sev_in s;
	size_t nrefs = 0, i;
	int r;

	if (url != NULL && strcasestr(url, "osvdb.org") == NULL)
		refs[nrefs++] = url;
	json_array_foreach(rel, i, u)
	{
		if (json_string_value(u) != NULL && json_string_length(u) > 0 && nrefs < 63)
			refs[nrefs++] = json_string_value(u);
	}
	refs[nrefs] = NULL;
	memset(&v, 0, sizeof(v));
	v.id = ad->id;
	v.source = SOURCE;
	v.title = ks_imp_str(doc, "title");
	v.description = ks_imp_str(doc, "description");
	v.refs = nrefs ? refs : NULL;
	v.severity = -1;
	if ((r = ks_dbw_vuln(w, &v)) != 0)
		return r;
	if (v2 > 10 || v3 > 10)
		v2 = v3 = -1;
	if (v2 > 0 || v3 > 0) {
		memset(&s, 0, sizeof(s));
		s.vuln_id = ad->id;
		s.source = SOURCE;
		s.severity = (int)ks_fk_score_sev(v3 > 0 ? v3 : v2);
		s.v2_score = v2;
		s.v3_score = v3;
		s.v40_score = -1;
		if ((r = ks_dbw_severity(w, &s)) != 0)
			return r;
	}
	if ((r = ks_dbw_alias(w, ad->id, ghsa)) != 0 || (r = ks_dbw_alias(w, ad->id, osvdb)) != 0)
		return r;
	return 0;
}

/* The advisory in doc; a malformed one is skipped with a warning (0). */
static int advisory(struct adv *ad, struct ks_dbw *w, json_t *doc, uint64_t *records)
{
	const char *cve, *ghsa, *osvdb;
	char *ranges = NULL, *ds = NULL;
	struct ks_adv_in a;
	struct ks_buf fixed;
	int r;

	ks_buf_init(&fixed, 1u << 16);
	if ((r = prefixed(ad, doc, "cve", "CVE-", &cve)) != 0 ||
		(r = prefixed(ad, doc, "ghsa", "GHSA-", &ghsa)) != 0 ||
		(r = prefixed(ad, doc, "osvdb", "OSVDB-", &osvdb)) != 0)
		goto out;
	if (osvdb != NULL && !ks_fk_id_ok(ks_str_c(osvdb)))
		osvdb = NULL;
	if ((ad->id = cve ? cve : ghsa) == NULL) {
		ks_log(ad->fk.cx, KS_LOG_DEBUG,
			"rubysec: '%s': no CVE or GHSA id; skipped as "
			"Trivy does",
			ad->fk.path);
		goto out;
	}
	if (!(cve ? ks_fk_cve_ok(ks_str_c(cve)) : ks_fk_id_ok(ks_str_c(ghsa)))) {
		r = ks_fk_skip(&ad->fk, NULL, "invalid id '%.64s'", ad->id);
		goto out;
	}
	if ((ad->gem = ks_imp_str(doc, "gem")) == NULL) {
		r = ks_fk_skip(&ad->fk, ad->id, "no gem name");
		goto out;
	}
	if ((r = requirements(ad, doc, "patched_versions", true)) != 0 ||
		(r = requirements(ad, doc, "unaffected_versions", false)) != 0) {
		if (r == KS_ECORRUPT)
			r = 0; /* skipped with a warning */
		goto out;
	}
	if ((r = ks_fk_join_unique(&fixed, ad->patched, ad->npatched)) != 0 ||
		(r = ks_imp_datasource(SOURCE, "Ruby Advisory Database",
			 "https://github.com/rubysec/ruby-advisory-db", &ds)) != 0)
		goto out;
	if ((ranges = ks_imp_ranges_dump(&ad->rg)) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	memset(&a, 0, sizeof(a));
	a.eco = "gem";
	a.pkg = ad->gem;
	a.vuln_id = ad->id;
	a.source = SOURCE;
	a.status = ad->npatched ? KS_ST_FIXED : KS_ST_AFFECTED;
	a.ranges = ranges;
	a.fixed = fixed.n ? fixed.p : "";
	a.severity = -1;
	a.data_source = ds;
	if ((r = ks_dbw_advisory(w, &a)) != 0 ||
		(r = details(ad, w, doc, cve ? ghsa : NULL, osvdb)) != 0)
		goto out;
	(*records)++;
out:
	free(ranges);
	free(ds);
	ks_buf_release(&fixed);
	return r;
}

static int rubysec_import(struct ks_ctx *cx, struct ks_dbw *w, const char *path,
	const uint8_t *data, size_t len, uint64_t *records)
{
	const char *base = strrchr(path, '/');
	json_t *doc = NULL;
	char what[512];
	struct adv ad;
	int r;

	memset(&ad, 0, sizeof(ad));
	ks_fk_init(&ad.fk, cx, "rubysec", path);
	base = base ? base + 1 : path;
	if (strncasecmp(base, "OSVDB", 5) == 0) {
		ks_log(cx, KS_LOG_DEBUG, "rubysec: '%s': OSVDB advisory; skipped as Trivy does",
			path);
		return 0;
	}
	if (len > YAML_MAX)
		return ks_fk_fail(&ad.fk, KS_ELIMIT, "larger than %u MB", YAML_MAX >> 20);
	snprintf(what, sizeof(what), "rubysec: '%s'", path);
	if ((r = ks_yaml_load(&cx->err, what, data, len, &doc)) != 0)
		return r;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return ks_fk_fail(&ad.fk, KS_ECORRUPT, "not a YAML mapping");
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

const struct ks_feed ks_feed_rubysec = {
	.name = "rubysec",
	.detect = rubysec_detect,
	.import = rubysec_import,
};
