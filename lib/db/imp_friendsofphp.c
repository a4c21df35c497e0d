/*
 * imp_friendsofphp.c - the PHP Security Advisories Database (FriendsOfPHP/security-
 * advisories): one YAML file per advisory, <vendor>/<package>/<id>.yaml, with title, link,
 * cve, reference ("composer://vendor/package") and branches {name: {time, versions:
 * [">=1.0", "<1.2"]}}.
 *
 * As trivy-db's vulnsrc/composer reads it: only files named CVE-* are imported (the others,
 * named by date or vendor advisory, are left out), the vulnerability is the cve member or
 * else the file name, the package is the reference without "composer://", lower-cased, in
 * ecosystem "composer", source "php-security-advisories". Each branch's version
 * constraints are ANDed into one native "n" expression (">=1.0, <1.2", checked with the
 * composer range parser) and the branches are ORed; the fixed versions shown are the "<X"
 * upper bounds of the branches (not "<="), joined with ", " as Trivy derives them, and the
 * status is fixed when there is one. The title and link go to the vulnerability details.
 *
 * A file that is not YAML, or not a mapping, is KS_ECORRUPT; an advisory without a
 * composer reference or with an invalid constraint is skipped with a warning.
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

#define SOURCE "php-security-advisories"
#define YAML_MAX (4u << 20)
#define MAX_BRANCHES 256

static bool php_detect(const char *path, const uint8_t *head, size_t n)
{
	struct ks_str h = { (const char *)head, n };

	return (ks_hassuffix(path, ".yaml") || ks_hassuffix(path, ".yml")) &&
	       (memmem(head, n, "composer://", 11) != NULL ||
		       (ks_fk_line_key(h, "branches:") && ks_fk_line_key(h, "title:")));
}

/* What one advisory file says, collected before anything is written. */
struct adv {
	struct ks_fk fk;
	struct ks_arena scratch;
	struct ks_imp_ranges rg;
	struct ks_buf expr;                /* the branch expression being built */
	struct ks_str fixed[MAX_BRANCHES]; /* "<X" bounds, in the scratch arena */
	size_t nfixed;
	const char *id;
};

/* Collects the "<X" upper bounds of one branch expression (Trivy's fixed versions). */
static int bounds(struct adv *ad, struct ks_str expr)
{
	struct ks_str rest = expr, c;
	bool more = true;
	char *v;

	while (more) {
		more = ks_str_cut(rest, ',', &c, &rest);
		c = ks_str_trim(c);
		if (!ks_str_hasprefix(c, "<") || ks_str_hasprefix(c, "<="))
			continue;
		c = ks_str_trim(ks_str_sub(c, 1, c.n));
		if (ad->nfixed == MAX_BRANCHES)
			return 0;
		if ((v = ks_arena_strndup(&ad->scratch, c.p, c.n)) == NULL)
			return KS_ENOMEM;
		ad->fixed[ad->nfixed++] = ks_str_c(v);
	}
	return 0;
}

/* One branch {time, versions: [...]}: its constraints joined into one "n" expression.
 * KS_ECORRUPT after a warning when the branch is malformed. */
static int branch(struct adv *ad, const char *name, json_t *b)
{
	json_t *vs = ks_imp_arr(b, "versions"), *v;
	const struct ks_range *rg;
	struct ks_err e;
	size_t i;
	int r;

	ks_buf_reset(&ad->expr);
	json_array_foreach(vs, i, v)
	{
		const char *s = json_string_value(v);

		if (s == NULL || s[0] == '\0') {
			r = ks_fk_skip(
				&ad->fk, ad->id, "branch '%.64s': a version is not a string", name);
			return r == 0 ? KS_ECORRUPT : r;
		}
		if ((i > 0 && (r = ks_buf_adds(&ad->expr, ", ")) != 0) ||
			(r = ks_buf_adds(&ad->expr, s)) != 0)
			return r == KS_ELIMIT ? KS_ECORRUPT : r;
	}
	if (ad->expr.n == 0) {
		r = ks_fk_skip(&ad->fk, ad->id, "branch '%.64s' has no versions", name);
		return r == 0 ? KS_ECORRUPT : r;
	}
	if (ks_range_parse(&ad->scratch, &e, KS_ECO_COMPOSER,
		    (struct ks_str){ ad->expr.p, ad->expr.n }, 0, &rg) != 0) {
		r = ks_fk_skip(&ad->fk, ad->id, "branch '%.64s': %s", name, e.msg);
		return r == 0 ? KS_ECORRUPT : r;
	}
	if ((r = ks_imp_ranges_add(&ad->rg, 'n', ad->expr.p)) != 0)
		return r;
	return bounds(ad, (struct ks_str){ ad->expr.p, ad->expr.n });
}

/* The package name of a composer:// reference, lower-cased in the scratch arena. */
static char *package(struct adv *ad, const char *ref)
{
	char *p;
	size_t i;

	if (ref == NULL || !ks_hasprefix(ref, "composer://") || ref[11] == '\0' ||
		strchr(ref + 11, '/') == NULL)
		return NULL;
	if ((p = ks_arena_strdup(&ad->scratch, ref + 11)) == NULL)
		return NULL;
	for (i = 0; p[i]; i++)
		p[i] = (char)tolower((unsigned char)p[i]);
	return p;
}

/* Writes what the advisory in doc says; a malformed one is skipped with a warning (0). */
static int advisory(
	struct adv *ad, struct ks_dbw *w, json_t *doc, const char *base, uint64_t *records)
{
	json_t *branches = ks_imp_obj(doc, "branches"), *b;
	const char *link = ks_imp_str(doc, "link"), *refs[2] = { link, NULL }, *name;
	char *ranges = NULL, *ds = NULL, *pkg;
	struct ks_buf fixed;
	struct ks_vuln_in v;
	struct ks_adv_in a;
	size_t n;
	int r = 0;

	ks_buf_init(&fixed, 1u << 16);
	if ((ad->id = ks_imp_str(doc, "cve")) == NULL) {
		/* "CVE-2019-12139.yaml" -> "CVE-2019-12139" */
		n = strlen(base);
		n -= ks_hassuffix(base, ".yaml") ? 5 : ks_hassuffix(base, ".yml") ? 4 : 0;
		ad->id = ks_arena_strndup(&ad->scratch, base, n);
		if (ad->id == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
	}
	if (!ks_fk_id_ok(ks_str_c(ad->id))) {
		r = ks_fk_skip(&ad->fk, NULL, "invalid id '%.64s'", ad->id);
		goto out;
	}
	if ((pkg = package(ad, ks_imp_str(doc, "reference"))) == NULL) {
		r = ks_fk_skip(&ad->fk, ad->id, "no composer://vendor/package reference");
		goto out;
	}
	if (branches == NULL || json_object_size(branches) == 0 ||
		json_object_size(branches) > MAX_BRANCHES) {
		r = ks_fk_skip(&ad->fk, ad->id, "no branches, or more than %d", MAX_BRANCHES);
		goto out;
	}
	json_object_foreach(branches, name, b)
	{
		if ((r = branch(ad, name, b)) != 0) {
			if (r == KS_ECORRUPT)
				r = 0; /* skipped with a warning */
			goto out;
		}
	}
	if ((r = ks_fk_join_unique(&fixed, ad->fixed, ad->nfixed)) != 0 ||
		(r = ks_imp_datasource(SOURCE, "PHP Security Advisories Database",
			 "https://github.com/FriendsOfPHP/security-advisories", &ds)) != 0)
		goto out;
	if ((ranges = ks_imp_ranges_dump(&ad->rg)) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	memset(&a, 0, sizeof(a));
	a.eco = "composer";
	a.pkg = pkg;
	a.vuln_id = ad->id;
	a.source = SOURCE;
	a.status = fixed.n ? KS_ST_FIXED : KS_ST_AFFECTED;
	a.ranges = ranges;
	a.fixed = fixed.n ? fixed.p : "";
	a.severity = -1;
	a.data_source = ds;
	memset(&v, 0, sizeof(v));
	v.id = ad->id;
	v.source = SOURCE;
	v.title = ks_imp_str(doc, "title");
	v.refs = link ? refs : NULL;
	v.severity = -1;
	if ((r = ks_dbw_advisory(w, &a)) != 0 || (r = ks_dbw_vuln(w, &v)) != 0)
		goto out;
	(*records)++;
out:
	free(ranges);
	free(ds);
	ks_buf_release(&fixed);
	return r;
}

static int php_import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	const char *base = strrchr(path, '/');
	json_t *doc = NULL;
	char what[512];
	struct adv ad;
	int r;

	memset(&ad, 0, sizeof(ad));
	ks_fk_init(&ad.fk, cx, "friendsofphp", path);
	base = base ? base + 1 : path;
	if (!ks_hasprefix(base, "CVE-")) {
		ks_log(cx, KS_LOG_DEBUG,
			"friendsofphp: '%s': not a CVE-* file; skipped as Trivy "
			"does",
			path);
		return 0;
	}
	if (len > YAML_MAX)
		return ks_fk_fail(&ad.fk, KS_ELIMIT, "larger than %u MB", YAML_MAX >> 20);
	snprintf(what, sizeof(what), "friendsofphp: '%s'", path);
	if ((r = ks_yaml_load(&cx->err, what, data, len, &doc)) != 0)
		return r;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return ks_fk_fail(&ad.fk, KS_ECORRUPT, "not a YAML mapping");
	}
	ks_arena_init(&ad.scratch);
	ks_imp_ranges_init(&ad.rg);
	ks_buf_init(&ad.expr, KS_RANGE_MAXLEN);
	r = advisory(&ad, w, doc, base, records);
	if (r == 0)
		r = ks_fk_finish(&ad.fk);
	ks_buf_release(&ad.expr);
	ks_imp_ranges_release(&ad.rg);
	ks_arena_release(&ad.scratch);
	json_decref(doc);
	return r;
}

const struct ks_feed ks_feed_friendsofphp = {
	.name = "friendsofphp",
	.detect = php_detect,
	.import = php_import,
};
