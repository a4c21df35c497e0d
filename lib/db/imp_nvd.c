/*
 * imp_nvd.c - the NVD CVE feeds: the JSON 1.1 yearly/recent/modified files
 * ({"CVE_Items":[{"cve":{...},"impact":{...},"publishedDate":...}]}) and the JSON 2.0
 * format of the CVE API and its feed files ({"vulnerabilities":[{"cve":{"id":...}}]}),
 * told apart by content.
 *
 * What is kept per CVE, as trivy-db's vulnsrc/nvd keeps it: the description (English, else
 * the first non-empty one), CWE ids (only values starting "CWE", so NVD-CWE-Other and
 * NVD-CWE-noinfo are dropped), reference URLs, published/last-modified times (RFC 3339,
 * UTC), and under source "nvd" the CVSS v2, v3.x and v4.0 vectors and base scores. In the
 * 2.0 format only the metrics NVD itself published (source "nvd@nist.gov") count, v3.1
 * before v3.0, and a v4.0 vector is stored without its not-defined (":X") metrics. The
 * severity is Trivy's vendor severity: the v4.0, else v3, else v2 base severity, else the
 * one the highest-version score maps to. NVD's CPE configurations are not read (no
 * package advisories come from NVD); the scanner skips them without parsing.
 *
 * Rejected CVEs are stored as NVD describes them ("** REJECT **" / "Rejected reason:"
 * descriptions), since the database has no field for the rejection itself.
 *
 * The file is first walked once to check its structure and find every item, so a
 * truncated or malformed file imports nothing; a malformed item is skipped with a warning.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "util/jscan.h"

#include <stdlib.h>
#include <string.h>

#define NVD_SOURCE "nvd@nist.gov"

/* A growable NULL-terminated array of strings (heap, reused across items). */
struct strs {
	const char **v;
	size_t n, cap;
};

static int strs_add(struct strs *s, const char *p)
{
	if (s->n + 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 16;
		const char **nv = realloc(s->v, ncap * sizeof(*nv));

		if (nv == NULL)
			return KS_ENOMEM;
		s->v = nv;
		s->cap = ncap;
	}
	s->v[s->n++] = p;
	s->v[s->n] = NULL;
	return 0;
}

/* What one CVE says, in either format; strings live in the importer's item arena. */
struct rec {
	const char *id;
	const char *desc;
	char published[40], modified[40];
	struct strs cwe, refs;
	struct ks_sev_in sev;
	int sev2, sev3, sev40; /* base severities, -1 = none */
	char v40[256];         /* normalised v4.0 vector */
};

struct nvd {
	struct ks_ctx *cx;
	struct ks_dbw *w;
	struct ks_fk fk;
	struct ks_arena a; /* strings of the items being imported, recycled */
	struct rec rec;
	const char *why; /* what is wrong with the item being skipped */
	uint64_t written;
};

static bool has(struct ks_str h, const char *needle)
{
	return memmem(h.p, h.n, needle, strlen(needle)) != NULL;
}

static bool nvd_detect(const char *path, const uint8_t *head, size_t n)
{
	struct ks_str h = { (const char *)head, n };

	(void)path;
	return has(h, "\"CVE_Items\"") || has(h, "\"CVE_data_type\"") || has(h, "\"NVD_CVE\"") ||
	       (has(h, "\"vulnerabilities\"") && has(h, "\"cve\""));
}

/* Marks the item malformed (KS_ECORRUPT) for the reason why. */
static int bad(struct nvd *nv, const char *why)
{
	nv->why = why;
	return KS_ECORRUPT;
}

/*
 * Picks the members keys[0..n) of the value span v into vals[]: one walk over v. A member
 * that is absent or null, or every member when v itself is absent or null, becomes an
 * empty view; KS_ECORRUPT (why set) when v is something other than an object.
 */
static int pick(
	struct nvd *nv, struct ks_str v, const char *const *keys, size_t n, struct ks_str *vals)
{
	size_t i;

	if (v.n == 0 || ks_js_kind(v) == 'n') {
		for (i = 0; i < n; i++)
			vals[i] = (struct ks_str){ v.p, 0 };
		return 0;
	}
	if (ks_js_pick(v, keys, n, vals, NULL) != 0)
		return bad(nv, "malformed record");
	for (i = 0; i < n; i++)
		if (ks_js_kind(vals[i]) == 'n')
			vals[i].n = 0;
	return 0;
}

/* The single member key of v (see pick()). */
static int member(struct nvd *nv, struct ks_str v, const char *key, struct ks_str *out)
{
	return pick(nv, v, &key, 1, out);
}

/* Decodes the string span v into the item arena (*out = NULL when v is empty). */
static int str(struct nvd *nv, struct ks_str v, const char **out)
{
	int r;

	*out = NULL;
	if (v.n == 0)
		return 0;
	if ((r = ks_js_str(v, &nv->a, out, NULL)) == KS_ECORRUPT)
		return bad(nv, "malformed string");
	return r;
}

/* Starts iterating v as a list (an empty one when v is empty). */
static int list(struct nvd *nv, struct ks_str v, struct ks_jsit *it, const char *what)
{
	if (v.n == 0)
		return ks_js_iter(it, KS_STR_LIT("[]"), '[');
	if (ks_js_iter(it, v, '[') != 0)
		return bad(nv, what);
	return 0;
}

/* Takes a description list ([{lang, value}]): English first, else the first non-empty. */
static int descs(struct nvd *nv, struct ks_str v)
{
	static const char *const keys[] = { "lang", "value" };
	const char *first = NULL, *val;
	struct ks_str e, m[2];
	struct ks_jsit it;
	int r;

	if ((r = list(nv, v, &it, "descriptions are not a list")) != 0)
		return r;
	while ((r = ks_js_next(&it, NULL, &e)) == 1) {
		if ((r = pick(nv, e, keys, 2, m)) != 0 || (r = str(nv, m[1], &val)) != 0)
			return r;
		if (val == NULL || val[0] == '\0')
			continue;
		if (ks_str_eq(m[0], "\"en\"")) {
			nv->rec.desc = val;
			return 0;
		}
		if (first == NULL)
			first = val;
	}
	nv->rec.desc = first;
	return r < 0 ? bad(nv, "malformed descriptions") : 0;
}

/* Adds the "CWE..." values of a [{description:[{value}]}] list. */
static int cwes(struct nvd *nv, struct ks_str v)
{
	struct ks_jsit it, it2;
	struct ks_str e, d, in;
	const char *val;
	int r;

	if ((r = list(nv, v, &it, "weaknesses are not a list")) != 0)
		return r;
	while ((r = ks_js_next(&it, NULL, &e)) == 1) {
		if ((r = member(nv, e, "description", &in)) != 0 ||
			(r = list(nv, in, &it2, "weaknesses are not lists")) != 0)
			return r;
		while ((r = ks_js_next(&it2, NULL, &d)) == 1) {
			if ((r = member(nv, d, "value", &in)) != 0 || (r = str(nv, in, &val)) != 0)
				return r;
			if (val != NULL && ks_hasprefix(val, "CWE") &&
				(r = strs_add(&nv->rec.cwe, val)) != 0)
				return r;
		}
		if (r < 0)
			break;
	}
	return r < 0 ? bad(nv, "malformed weaknesses") : 0;
}

/* Adds the url members of a list of reference objects. */
static int refs(struct nvd *nv, struct ks_str v)
{
	struct ks_str e, u;
	struct ks_jsit it;
	const char *url;
	int r;

	if ((r = list(nv, v, &it, "references are not a list")) != 0)
		return r;
	while ((r = ks_js_next(&it, NULL, &e)) == 1) {
		if ((r = member(nv, e, "url", &u)) != 0 || (r = str(nv, u, &url)) != 0)
			return r;
		if (url != NULL && url[0] != '\0' && (r = strs_add(&nv->rec.refs, url)) != 0)
			return r;
	}
	return r < 0 ? bad(nv, "malformed references") : 0;
}

/* A severity name span (sev unchanged when empty). */
static int severity(struct nvd *nv, struct ks_str v, int *sev)
{
	const char *s;
	int r;

	if ((r = str(nv, v, &s)) != 0)
		return r;
	if (s != NULL)
		*sev = (int)ks_sev_parse(s);
	return 0;
}

/* Reads {vectorString, baseScore[, baseSeverity]} of the CVSS data object v. */
static int cvss(struct nvd *nv, struct ks_str v, const char **vec, double *score, int *sev)
{
	static const char *const keys[] = { "vectorString", "baseScore", "baseSeverity" };
	struct ks_str m[3];
	int r;

	if ((r = pick(nv, v, keys, 3, m)) != 0 || (r = str(nv, m[0], vec)) != 0)
		return r;
	if (*vec != NULL && (*vec)[0] == '\0')
		*vec = NULL;
	if (m[1].n > 0 && (ks_js_num(m[1], score) != 0 || !(*score >= 0 && *score <= 10)))
		return bad(nv, "baseScore is not a number from 0 to 10");
	return sev != NULL ? severity(nv, m[2], sev) : 0;
}

/* A v4.0 vector without its not-defined metrics, as Trivy stores it; false if invalid. */
static bool v40_norm(const char *in, char *out, size_t size)
{
	struct ks_str rest = ks_str_c(in), part;
	size_t o;

	if (!ks_str_hasprefix(rest, "CVSS:4.0/") || strlen(in) >= size)
		return false;
	memcpy(out, "CVSS:4.0", 8);
	o = 8;
	rest = ks_str_sub(rest, 9, rest.n);
	while (rest.n > 0) {
		struct ks_str m, val;

		(void)ks_str_cut(rest, '/', &part, &rest);
		if (part.n == 0 && rest.n == 0)
			break; /* trailing "/" */
		if (!ks_str_cut(part, ':', &m, &val) || m.n == 0 || val.n == 0 ||
			ks_str_chr(val, ':') >= 0)
			return false;
		if (ks_str_eq(val, "X"))
			continue;
		out[o++] = '/';
		memcpy(out + o, part.p, part.n);
		o += part.n;
	}
	out[o] = '\0';
	return o > 8;
}

/* A time stamp span, normalised to RFC 3339 ("" when empty or invalid). */
static int when(struct nvd *nv, struct ks_str v, char *out, size_t size)
{
	const char *s;
	int r;

	out[0] = '\0';
	if ((r = str(nv, v, &s)) != 0)
		return r;
	if (s != NULL)
		(void)ks_fk_time(ks_str_c(s), out, size);
	return 0;
}

/* Resets rc for the next item (keeps the arrays' storage). */
static void rec_reset(struct rec *rc)
{
	rc->id = NULL;
	rc->desc = NULL;
	rc->published[0] = rc->modified[0] = '\0';
	rc->cwe.n = rc->refs.n = 0;
	memset(&rc->sev, 0, sizeof(rc->sev));
	rc->sev.v2_score = rc->sev.v3_score = rc->sev.v40_score = -1;
	rc->sev2 = rc->sev3 = rc->sev40 = -1;
}

/* Writes the record: the vulnerability and, if NVD scored it, its "nvd" severity. */
static int rec_write(struct nvd *nv)
{
	struct rec *rc = &nv->rec;
	struct ks_sev_in *s = &rc->sev;
	bool scored = s->v2_vector || s->v3_vector || s->v40_vector || s->v2_score > 0 ||
		      s->v3_score > 0 || s->v40_score > 0;
	int sev = -1, r;
	struct ks_vuln_in v;

	if (rc->sev40 > 0)
		sev = rc->sev40;
	else if (rc->sev3 > 0)
		sev = rc->sev3;
	else if (rc->sev2 > 0)
		sev = rc->sev2;
	else if (s->v40_score > 0)
		sev = (int)ks_fk_score_sev(s->v40_score);
	else if (s->v3_score > 0)
		sev = (int)ks_fk_score_sev(s->v3_score);
	else if (s->v2_score > 0)
		sev = (int)ks_fk_score_sev(s->v2_score);
	memset(&v, 0, sizeof(v));
	v.id = rc->id;
	v.source = "nvd";
	v.description = rc->desc;
	v.published = rc->published[0] ? rc->published : NULL;
	v.modified = rc->modified[0] ? rc->modified : NULL;
	v.cwe = rc->cwe.n ? rc->cwe.v : NULL;
	v.refs = rc->refs.n ? rc->refs.v : NULL;
	v.severity = sev;
	if ((r = ks_dbw_vuln(nv->w, &v)) != 0)
		return r;
	if (scored) {
		s->vuln_id = rc->id;
		s->source = "nvd";
		s->severity = sev < 0 ? KS_SEV_UNKNOWN : sev;
		if ((r = ks_dbw_severity(nv->w, s)) != 0)
			return r;
	}
	nv->written++;
	return 0;
}

/* The CVE id span v, checked; KS_ECORRUPT (why set) when absent or implausible. */
static int cve_id(struct nvd *nv, struct ks_str v)
{
	int r;

	if ((r = str(nv, v, &nv->rec.id)) != 0)
		return r;
	if (nv->rec.id == NULL || !ks_fk_id_ok(ks_str_c(nv->rec.id))) {
		nv->rec.id = NULL;
		return bad(nv, "no valid CVE ID");
	}
	return 0;
}

/* The members of one record the importer reads, found by the structure walk: for JSON 1.1
 * those of the item (keys11), for 2.0 those of its cve object (keys20); absent or null
 * members are empty views. */
struct item {
	struct ks_str f[7];
	const char *why; /* set when the item is malformed */
};

static const char *const keys11[] = { "cve", "impact", "publishedDate", "lastModifiedDate" };
static const char *const keys20[] = {
	"id", "published", "lastModified", "descriptions", "weaknesses", "references", "metrics" };

/* Imports one JSON 1.1 item: {"cve":{...},"configurations":{...},"impact":{...},
 * "publishedDate":...,"lastModifiedDate":...}. */
static int item11(struct nvd *nv, const struct item *it)
{
	static const char *const ck[] = {
		"CVE_data_meta", "description", "problemtype", "references" };
	static const char *const mk[] = { "baseMetricV3", "baseMetricV2" };
	static const char *const v2k[] = { "cvssV2", "severity" };
	const struct ks_str *iv = it->f;
	struct rec *rc = &nv->rec;
	struct ks_str cv[4], m[2], v2[2], v;
	int r;

	if (ks_js_kind(iv[0]) != '{')
		return bad(nv, "item without a cve object");
	if ((r = pick(nv, iv[0], ck, 4, cv)) != 0 || (r = member(nv, cv[0], "ID", &v)) != 0 ||
		(r = cve_id(nv, v)) != 0 || (r = member(nv, cv[1], "description_data", &v)) != 0 ||
		(r = descs(nv, v)) != 0 || (r = member(nv, cv[2], "problemtype_data", &v)) != 0 ||
		(r = cwes(nv, v)) != 0 || (r = member(nv, cv[3], "reference_data", &v)) != 0 ||
		(r = refs(nv, v)) != 0 || (r = pick(nv, iv[1], mk, 2, m)) != 0 ||
		(r = member(nv, m[0], "cvssV3", &v)) != 0 ||
		(r = cvss(nv, v, &rc->sev.v3_vector, &rc->sev.v3_score, &rc->sev3)) != 0 ||
		(r = pick(nv, m[1], v2k, 2, v2)) != 0 ||
		(r = cvss(nv, v2[0], &rc->sev.v2_vector, &rc->sev.v2_score, NULL)) != 0 ||
		(r = severity(nv, v2[1], &rc->sev2)) != 0 ||
		(r = when(nv, iv[2], rc->published, sizeof(rc->published))) != 0 ||
		(r = when(nv, iv[3], rc->modified, sizeof(rc->modified))) != 0)
		return r;
	return rec_write(nv);
}

/* The first metric of list l whose source is NVD itself: 1 with its cvssData in *data and
 * baseSeverity in *sev, 0 when there is none. */
static int nvd_metric(struct nvd *nv, struct ks_str l, struct ks_str *data, struct ks_str *sev)
{
	static const char *const keys[] = { "source", "cvssData", "baseSeverity" };
	struct ks_str e, m[3];
	struct ks_jsit it;
	int r;

	if ((r = list(nv, l, &it, "metrics are not lists")) != 0)
		return r;
	while ((r = ks_js_next(&it, NULL, &e)) == 1) {
		if ((r = pick(nv, e, keys, 3, m)) != 0)
			return r;
		if (ks_str_eq(m[0], "\"" NVD_SOURCE "\"")) {
			*data = m[1];
			*sev = m[2];
			return 1;
		}
	}
	return r < 0 ? bad(nv, "malformed metrics") : 0;
}

/* The metrics object of a JSON 2.0 record. */
static int metrics20(struct nvd *nv, struct ks_str metrics)
{
	static const char *const keys[] = {
		"cvssMetricV2", "cvssMetricV30", "cvssMetricV31", "cvssMetricV40" };
	struct rec *rc = &nv->rec;
	const char *v40 = NULL;
	struct ks_str l[4], d, ms;
	double score = -1;
	int sev = -1, r;

	if ((r = pick(nv, metrics, keys, 4, l)) != 0)
		return r;
	if ((r = nvd_metric(nv, l[0], &d, &ms)) < 0)
		return r;
	if (r == 1 && ((r = cvss(nv, d, &rc->sev.v2_vector, &rc->sev.v2_score, NULL)) != 0 ||
			      (r = severity(nv, ms, &rc->sev2)) != 0))
		return r;
	if ((r = nvd_metric(nv, l[2], &d, &ms)) == 0)
		r = nvd_metric(nv, l[1], &d, &ms);
	if (r < 0)
		return r;
	if (r == 1 && (r = cvss(nv, d, &rc->sev.v3_vector, &rc->sev.v3_score, &rc->sev3)) != 0)
		return r;
	if ((r = nvd_metric(nv, l[3], &d, &ms)) < 0)
		return r;
	if (r == 1 && (r = cvss(nv, d, &v40, &score, &sev)) != 0)
		return r;
	/* as Trivy: an unparsable v4.0 vector drops the whole v4.0 metric */
	if (v40 != NULL && v40_norm(v40, rc->v40, sizeof(rc->v40))) {
		rc->sev.v40_vector = rc->v40;
		rc->sev.v40_score = score;
		rc->sev40 = sev;
	}
	return 0;
}

/* Imports one JSON 2.0 item: {"cve":{"id":...,"published":...,"metrics":{...},...}}. */
static int item20(struct nvd *nv, const struct item *it)
{
	const struct ks_str *cv = it->f;
	struct rec *rc = &nv->rec;
	int r;

	if ((r = cve_id(nv, cv[0])) != 0 || (r = descs(nv, cv[3])) != 0 ||
		(r = cwes(nv, cv[4])) != 0 || (r = refs(nv, cv[5])) != 0 ||
		(r = metrics20(nv, cv[6])) != 0 ||
		(r = when(nv, cv[1], rc->published, sizeof(rc->published))) != 0 ||
		(r = when(nv, cv[2], rc->modified, sizeof(rc->modified))) != 0)
		return r;
	return rec_write(nv);
}

/* The items of the records array, as the structure walk found them. */
struct items {
	struct item *v;
	size_t n, cap;
};

static struct item *items_add(struct items *s)
{
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024;
		struct item *nv = realloc(s->v, ncap * sizeof(*nv));

		if (nv == NULL)
			return NULL;
		s->v = nv;
		s->cap = ncap;
	}
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	return &s->v[s->n++];
}

/* Empties the members that are JSON null. */
static void drop_nulls(struct item *it)
{
	size_t i;

	for (i = 0; i < 7; i++)
		if (ks_js_kind(it->f[i]) == 'n')
			it->f[i].n = 0;
}

/*
 * Reads the item that text starts with into *it and sets *span to the item's extent. An
 * item whose members are malformed gets it->why and its bracket-matched extent; only when
 * not even that can be found is the error returned (the records list is broken).
 */
static int prep(struct ks_str text, bool v2, struct item *it, struct ks_str *span)
{
	struct ks_str k, rest, v;
	struct ks_jsit e;
	size_t off = 0;
	int r;

	if (!v2) {
		if (ks_js_kind(text) != '{')
			it->why = "item is not an object";
		else if (ks_js_pick(text, keys11, 4, it->f, span) != 0)
			it->why = "malformed item";
	} else if (ks_js_iter(&e, text, '{') != 0) {
		it->why = "item is not an object";
	} else {
		it->why = "item without a cve object";
		while ((r = ks_js_key(&e, &k, &rest)) == 1) {
			size_t o = 0;

			if (ks_str_eq(k, "cve") && ks_js_kind(rest) == '{') {
				it->why = NULL;
				r = ks_js_pick(rest, keys20, 7, it->f, &v);
			} else {
				r = ks_js_value(rest, &o, &v);
			}
			if (r != 0 || (r = ks_js_after(&e, v)) != 0)
				break;
		}
		if (r == 0)
			*span = ks_str_sub(e.s, 0, e.off);
		else
			it->why = "malformed item";
	}
	drop_nulls(it);
	if (it->why == NULL)
		return 0;
	return ks_js_value(text, &off, span);
}

/* Walks the whole document: finds the records array (1.1 "CVE_Items" or 2.0
 * "vulnerabilities") and reads every item of it; *v2 tells which format. */
static int structure(struct nvd *nv, struct ks_str doc, struct items *items, bool *v2)
{
	struct ks_str k, v, rest, span;
	struct ks_jsit top, arr;
	bool found = false;
	size_t off;
	int r;

	if (ks_js_iter(&top, doc, '{') != 0)
		return ks_fk_fail(&nv->fk, KS_ECORRUPT, "not a JSON object");
	while ((r = ks_js_key(&top, &k, &rest)) == 1) {
		off = 0;
		if (!found && (ks_str_eq(k, "CVE_Items") || ks_str_eq(k, "vulnerabilities"))) {
			found = true;
			*v2 = ks_str_eq(k, "vulnerabilities");
			if (ks_js_iter(&arr, rest, '[') != 0)
				return ks_fk_fail(&nv->fk, KS_ECORRUPT, "%s is not a list",
				        *v2 ? "vulnerabilities" : "CVE_Items");
			while ((r = ks_js_key(&arr, NULL, &v)) == 1) {
				struct item *it = items_add(items);

				if (it == NULL)
					return KS_ENOMEM;
				if ((r = prep(v, *v2, it, &span)) != 0 ||
					(r = ks_js_after(&arr, span)) != 0)
					break;
			}
			v = ks_str_sub(arr.s, 0, arr.off);
		} else {
			r = ks_js_value(rest, &off, &v);
		}
		if (r != 0 || (r = ks_js_after(&top, v)) != 0)
			break;
	}
	off = (size_t)(top.s.p - doc.p) + top.off;
	while (r == 0 && off < doc.n &&
		(doc.p[off] == ' ' || doc.p[off] == '\t' || doc.p[off] == '\r' ||
			doc.p[off] == '\n'))
		off++;
	if (r == KS_ENOMEM)
		return r;
	if (r != 0 || off != doc.n)
		return ks_fk_fail(&nv->fk, r == KS_ELIMIT ? KS_ELIMIT : KS_ECORRUPT,
			r == KS_ELIMIT ? "JSON nested too deeply" : "malformed or truncated JSON");
	if (!found)
		return ks_fk_fail(&nv->fk, KS_ECORRUPT,
			"no CVE_Items (NVD 1.1) or vulnerabilities (NVD 2.0) list");
	return 0;
}

static int nvd_import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	struct ks_str doc = { (const char *)data, len };
	struct items items = { NULL, 0, 0 };
	struct nvd nv;
	bool v2 = false;
	size_t i;
	int r;

	memset(&nv, 0, sizeof(nv));
	ks_arena_init(&nv.a);
	nv.cx = cx;
	nv.w = w;
	ks_fk_init(&nv.fk, cx, "nvd", path);
	if ((r = structure(&nv, doc, &items, &v2)) != 0)
		goto out;
	for (i = 0; i < items.n && r == 0; i++) {
		rec_reset(&nv.rec);
		nv.why = items.v[i].why;
		if (nv.why != NULL)
			r = KS_ECORRUPT;
		else
			r = v2 ? item20(&nv, &items.v[i]) : item11(&nv, &items.v[i]);
		if (r == KS_ECORRUPT && nv.why != NULL)
			r = ks_fk_skip(&nv.fk, nv.rec.id, "%s", nv.why);
		if (nv.a.used > (1u << 20))
			ks_arena_release(&nv.a);
	}
	if (r == 0)
		r = ks_fk_finish(&nv.fk);
out:
	*records += nv.written;
	ks_arena_release(&nv.a);
	free(items.v);
	free(nv.rec.cwe.v);
	free(nv.rec.refs.v);
	return r;
}

const struct ks_feed ks_feed_nvd = {
	.name = "nvd",
	.detect = nvd_detect,
	.import = nvd_import,
};
