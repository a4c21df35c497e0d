/*
 * cyclonedx.c - the CycloneDX 1.6 JSON report: the package inventory (SBOM) and the
 * vulnerabilities found in it (VEX) in one BOM.
 *
 * Laid out as Trivy's CycloneDX output: metadata.component is the scanned artifact (a
 * container with its pkg:oci purl when the image has a repository digest) and depends on
 * one component per target, an operating-system component for the OS packages and an
 * application component for each lock file or language (Trivy attaches the packages of
 * its aggregated language targets - Python, Node.js, Java, ... - to the artifact
 * directly; kensa keeps them under their target too), which depends on the target's
 * packages; every package is a library component whose bom-ref is its purl (a UUID when
 * it has none or another component has it already), and Trivy's aquasecurity:trivy:*
 * properties appear as kensa:*. Each vulnerability lists one rating
 * per source and CVSS version, CWE numbers, advisories, dates and the packages it affects;
 * kensa adds its KEV/EPSS data and the advisory status as kensa:* properties.
 *
 * The serial number is a UUID-shaped hash of the report time and the BOM's content, so the
 * same scan rendered with the same --created-at gives the same bytes, while BOMs made at
 * different times get different serial numbers as the specification asks.
 */
#include "report/report.h"
#include "report/rutil.h"
#include "util/jsonw.h"
#include "util/map.h"
#include "util/str.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define HASH_MAX (256u << 20) /* the content the serial number is derived from */

struct cdx {
	struct ks_jw w;
	const struct kensa_result *r;
	struct ks_arena *a;
	const char *meta_ref;
	const char **grp_refs; /* per target: its operating-system or application component */
	const char ***refs;    /* per target, per package: the component's bom-ref */
	struct ks_map used;    /* bom-refs handed out */
};

/* A finding with where it is, for grouping findings by vulnerability. */
struct vref {
	const struct ks_finding *f;
	size_t t, i;
};

/* A bom-ref not given out yet: the preferred string, else a UUID of the fallback parts. */
static const char *unique_ref(struct cdx *c, const char *pref, const char *kind,
	const char *x, const char *y)
{
	char u[KS_REP_UUID_LEN + 1];
	const char *ref = pref;

	if (ref == NULL || ks_map_has(&c->used, ref, strlen(ref))) {
		if (ks_rep_uuid(u, kind, ks_rep_s(x), ks_rep_s(y), (const char *)NULL) != 0 ||
			(ref = ks_arena_strdup(c->a, u)) == NULL)
			return NULL;
	}
	if (ks_map_put(&c->used, ref, strlen(ref), (void *)ref, NULL) != 0)
		return NULL;
	return ref;
}

/* The architecture named by the image config, or NULL. */
static const char *image_arch(struct cdx *c)
{
	const char *arch = NULL;
	json_error_t je;
	json_t *o;

	if (c->r->config_raw == NULL ||
		(o = json_loadb(c->r->config_raw, c->r->config_len, 0, &je)) == NULL)
		return NULL;
	if (json_is_string(json_object_get(o, "architecture")))
		arch = ks_arena_strdup(c->a, json_string_value(json_object_get(o, "architecture")));
	json_decref(o);
	return arch;
}

/* pkg:oci/<name>@<digest>?arch=...&repository_url=<repo> from the first repository
 * digest ("registry/ns/name@sha256:..."), as Trivy names an image; NULL without one. */
static const char *oci_purl(struct cdx *c)
{
	const char *rd, *at, *slash, *arch, *out = NULL;
	struct ks_buf b;
	char *repo, *name;
	size_t i;
	int rc;

	if (c->r->repo_digests.n == 0)
		return NULL;
	rd = c->r->repo_digests.v[0];
	if ((at = strrchr(rd, '@')) == NULL || at == rd || at[1] == '\0')
		return NULL;
	if ((repo = ks_arena_strndup(c->a, rd, (size_t)(at - rd))) == NULL)
		return NULL;
	slash = strrchr(repo, '/');
	if ((name = ks_arena_strdup(c->a, slash ? slash + 1 : repo)) == NULL)
		return NULL;
	for (i = 0; name[i] != '\0'; i++)
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] = (char)(name[i] - 'A' + 'a');
	arch = image_arch(c);
	ks_buf_init(&b, 1 << 16);
	rc = ks_buf_adds(&b, "pkg:oci/");
	rc = rc ? rc : ks_buf_addpct(&b, name, NULL);
	rc = rc ? rc : ks_buf_addc(&b, '@');
	rc = rc ? rc : ks_buf_addpct(&b, at + 1, NULL);
	if (rc == 0 && arch != NULL && arch[0] != '\0') {
		rc = ks_buf_adds(&b, "?arch=");
		rc = rc ? rc : ks_buf_addpct(&b, arch, NULL);
	}
	rc = rc ? rc : ks_buf_adds(&b, arch != NULL && arch[0] ? "&repository_url=" :
								    "?repository_url=");
	rc = rc ? rc : ks_buf_addpct(&b, repo, NULL);
	if (rc == 0)
		out = ks_arena_strndup(c->a, b.p, b.n);
	ks_buf_release(&b);
	return out;
}

static int assign_refs(struct cdx *c, const char *meta_purl)
{
	const struct kensa_result *r = c->r;
	size_t t, i;

	c->meta_ref = unique_ref(c, meta_purl, "artifact", r->artifact_name, r->image_id);
	c->grp_refs = ks_arena_calloc(c->a, r->ntargets + 1, sizeof(*c->grp_refs));
	c->refs = ks_arena_calloc(c->a, r->ntargets + 1, sizeof(*c->refs));
	if (c->meta_ref == NULL || c->grp_refs == NULL || c->refs == NULL)
		return KS_ENOMEM;
	for (t = 0; t < r->ntargets; t++) {
		const struct ks_target *tg = &r->targets[t];

		if ((c->grp_refs[t] = unique_ref(c, NULL, "target", tg->name, tg->klass)) == NULL)
			return KS_ENOMEM;
		if ((c->refs[t] = ks_arena_calloc(c->a, tg->npkgs + 1, sizeof(**c->refs))) == NULL)
			return KS_ENOMEM;
		for (i = 0; i < tg->npkgs; i++) {
			const struct ks_pkg *p = &tg->pkgs[i];

			c->refs[t][i] = unique_ref(c, ks_pkg_purl(c->a, r, p), "package", tg->name,
				ks_pkg_uid(c->a, p));
			if (c->refs[t][i] == NULL)
				return KS_ENOMEM;
		}
	}
	return 0;
}

/* The bom-ref of a finding's package (findings point into their target's packages). */
static const char *finding_ref(struct cdx *c, size_t t, const struct ks_finding *f)
{
	const struct ks_target *tg = &c->r->targets[t];

	if (f->pkg >= tg->pkgs && f->pkg < tg->pkgs + tg->npkgs)
		return c->refs[t][f->pkg - tg->pkgs];
	return NULL;
}

static void w_prop(struct ks_jw *w, const char *name, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	ks_jw_obj(w);
	ks_jw_kstr(w, "name", name);
	ks_jw_kstr(w, "value", value);
	ks_jw_obj_end(w);
}

static void w_props(struct ks_jw *w, const char *name, const struct ks_strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		w_prop(w, name, sv->v[i]);
}

static void w_metadata(struct cdx *c, const char *timestamp, const char *purl)
{
	const struct kensa_result *r = c->r;
	struct ks_jw *w = &c->w;
	char size[32];

	ks_jw_key(w, "metadata");
	ks_jw_obj(w);
	ks_jw_kstr(w, "timestamp", timestamp);
	ks_jw_key(w, "tools");
	ks_jw_obj(w);
	ks_jw_key(w, "components");
	ks_jw_arr(w);
	ks_jw_obj(w);
	ks_jw_kstr(w, "type", "application");
	ks_jw_kstr(w, "name", "kensa");
	ks_jw_kstr(w, "version", kensa_version());
	ks_jw_obj_end(w);
	ks_jw_arr_end(w);
	ks_jw_obj_end(w);
	ks_jw_key(w, "component");
	ks_jw_obj(w);
	ks_jw_kstr(w, "bom-ref", c->meta_ref);
	ks_jw_kstr(w, "type", ks_streq(r->artifact_type, "container_image") ? "container" :
									     "application");
	ks_jw_kstr(w, "name", r->artifact_name && r->artifact_name[0] ? r->artifact_name :
									    "unknown");
	ks_jw_kstr_opt(w, "purl", purl);
	ks_jw_key(w, "properties");
	ks_jw_arr(w);
	w_props(w, "kensa:DiffID", &r->diffids);
	w_prop(w, "kensa:ImageID", r->image_id);
	w_props(w, "kensa:RepoDigest", &r->repo_digests);
	w_props(w, "kensa:RepoTag", &r->repo_tags);
	if (r->size > 0) {
		snprintf(size, sizeof(size), "%llu", (unsigned long long)r->size);
		w_prop(w, "kensa:Size", size);
	}
	ks_jw_arr_end(w);
	ks_jw_obj_end(w);
	ks_jw_obj_end(w);
}

/* "md5:<hex>" / "sha1:" / "sha256:" package digests as a CycloneDX hash. */
static void w_hash(struct ks_jw *w, const char *digest)
{
	static const struct {
		const char *prefix, *alg;
		size_t hexlen;
	} algs[] = { { "md5:", "MD5", 32 }, { "sha1:", "SHA-1", 40 }, { "sha256:", "SHA-256", 64 } };
	size_t i, n;

	for (i = 0; digest != NULL && i < sizeof(algs) / sizeof(algs[0]); i++) {
		if (!ks_hasprefix(digest, algs[i].prefix))
			continue;
		n = strlen(algs[i].prefix);
		if (strlen(digest + n) != algs[i].hexlen ||
			strspn(digest + n, "0123456789abcdefABCDEF") != algs[i].hexlen)
			return;
		ks_jw_key(w, "hashes");
		ks_jw_arr(w);
		ks_jw_obj(w);
		ks_jw_kstr(w, "alg", algs[i].alg);
		ks_jw_kstr(w, "content", digest + n);
		ks_jw_obj_end(w);
		ks_jw_arr_end(w);
		return;
	}
}

static int w_package(struct cdx *c, const struct ks_target *t, const struct ks_pkg *p,
	const char *ref)
{
	struct ks_jw *w = &c->w;
	struct ks_pkg noepoch = *p;
	const char *purl = ks_pkg_purl(c->a, c->r, p), *id = ks_pkg_id(c->a, p), *ver;
	char epoch[24];
	size_t i;

	noepoch.epoch = 0;
	if ((ver = ks_pkg_version_string(c->a, &noepoch)) == NULL || id == NULL)
		return KS_ENOMEM;
	ks_jw_obj(w);
	ks_jw_kstr(w, "bom-ref", ref);
	ks_jw_kstr(w, "type", "library");
	if (p->maintainer != NULL && p->maintainer[0] != '\0') {
		ks_jw_key(w, "supplier");
		ks_jw_obj(w);
		ks_jw_kstr(w, "name", p->maintainer);
		ks_jw_obj_end(w);
	}
	ks_jw_kstr(w, "name", ks_rep_s(p->name));
	ks_jw_kstr_opt(w, "version", ver);
	w_hash(w, p->digest);
	if (p->licenses.n > 0) {
		ks_jw_key(w, "licenses");
		ks_jw_arr(w);
		for (i = 0; i < p->licenses.n; i++) {
			ks_jw_obj(w);
			ks_jw_key(w, "license");
			ks_jw_obj(w);
			ks_jw_kstr(w, "name", p->licenses.v[i]);
			ks_jw_obj_end(w);
			ks_jw_obj_end(w);
		}
		ks_jw_arr_end(w);
	}
	ks_jw_kstr_opt(w, "purl", purl);
	ks_jw_key(w, "properties");
	ks_jw_arr(w);
	w_prop(w, "kensa:FilePath", p->file_path);
	if (p->layer >= 0 && (size_t)p->layer < c->r->nlayers) {
		w_prop(w, "kensa:LayerDiffID", c->r->layers[p->layer].diffid);
		w_prop(w, "kensa:LayerDigest", c->r->layers[p->layer].digest);
	}
	w_prop(w, "kensa:Modularitylabel", p->modularitylabel);
	w_prop(w, "kensa:PkgID", id);
	w_prop(w, "kensa:PkgType", t->type);
	if (p->src_epoch != 0) {
		snprintf(epoch, sizeof(epoch), "%d", p->src_epoch);
		w_prop(w, "kensa:SrcEpoch", epoch);
	}
	w_prop(w, "kensa:SrcName", p->src_name);
	w_prop(w, "kensa:SrcRelease", p->src_release);
	w_prop(w, "kensa:SrcVersion", p->src_version);
	ks_jw_arr_end(w);
	ks_jw_obj_end(w);
	return 0;
}

static int w_components(struct cdx *c)
{
	const struct kensa_result *r = c->r;
	struct ks_jw *w = &c->w;
	size_t t, i;
	int rc;

	ks_jw_key(w, "components");
	ks_jw_arr(w);
	for (t = 0; t < r->ntargets; t++) {
		const struct ks_target *tg = &r->targets[t];

		bool os = ks_streq(tg->klass, "os-pkgs");

		ks_jw_obj(w);
		ks_jw_kstr(w, "bom-ref", c->grp_refs[t]);
		ks_jw_kstr(w, "type", os ? "operating-system" : "application");
		ks_jw_kstr(w, "name", os && r->has_os && r->os.family ? r->os.family :
			tg->name && tg->name[0] ? tg->name : "unknown");
		if (os && r->has_os)
			ks_jw_kstr_opt(w, "version", r->os.name);
		ks_jw_key(w, "properties");
		ks_jw_arr(w);
		w_prop(w, "kensa:Class", tg->klass);
		if (os && r->eosl)
			w_prop(w, "kensa:EOSL", "true");
		w_prop(w, "kensa:Type", tg->type);
		ks_jw_arr_end(w);
		ks_jw_obj_end(w);
		for (i = 0; i < tg->npkgs; i++)
			if ((rc = w_package(c, tg, &tg->pkgs[i], c->refs[t][i])) != 0)
				return rc;
	}
	ks_jw_arr_end(w);
	return 0;
}

static int w_dependencies(struct cdx *c)
{
	const struct kensa_result *r = c->r;
	struct ks_jw *w = &c->w;
	struct ks_map ids;
	size_t t, i, k;
	int rc = 0;

	ks_jw_key(w, "dependencies");
	ks_jw_arr(w);
	ks_jw_obj(w);
	ks_jw_kstr(w, "ref", c->meta_ref);
	ks_jw_key(w, "dependsOn");
	ks_jw_arr(w);
	for (t = 0; t < r->ntargets; t++)
		ks_jw_str(w, c->grp_refs[t]);
	ks_jw_arr_end(w);
	ks_jw_obj_end(w);
	for (t = 0; t < r->ntargets && rc == 0; t++) {
		const struct ks_target *tg = &r->targets[t];

		ks_jw_obj(w);
		ks_jw_kstr(w, "ref", c->grp_refs[t]);
		ks_jw_key(w, "dependsOn");
		ks_jw_arr(w);
		for (i = 0; i < tg->npkgs; i++)
			ks_jw_str(w, c->refs[t][i]);
		ks_jw_arr_end(w);
		ks_jw_obj_end(w);
		ks_map_init(&ids);
		for (i = 0; i < tg->npkgs && rc == 0; i++) {
			const char *id = ks_pkg_id(c->a, &tg->pkgs[i]);

			rc = id == NULL ? KS_ENOMEM :
					  ks_map_put(&ids, id, strlen(id), (void *)c->refs[t][i], NULL);
		}
		for (i = 0; i < tg->npkgs && rc == 0; i++) {
			const struct ks_strv *d = &tg->pkgs[i].depends_on;
			struct ks_map seen;

			ks_map_init(&seen);
			ks_jw_obj(w);
			ks_jw_kstr(w, "ref", c->refs[t][i]);
			ks_jw_key(w, "dependsOn");
			ks_jw_arr(w);
			for (k = 0; k < d->n && rc == 0; k++) {
				const char *ref = ks_map_get(&ids, d->v[k], strlen(d->v[k]));

				if (ref == NULL || ks_map_has(&seen, ref, strlen(ref)))
					continue;
				rc = ks_map_put(&seen, ref, strlen(ref), (void *)ref, NULL);
				ks_jw_str(w, ref);
			}
			ks_jw_arr_end(w);
			ks_jw_obj_end(w);
			ks_map_release(&seen);
		}
		ks_map_release(&ids);
	}
	ks_jw_arr_end(w);
	return rc;
}

static int cmp_vref(const void *a, const void *b)
{
	const struct vref *x = a, *y = b;
	int c = strcmp(ks_rep_s(x->f->vuln_id), ks_rep_s(y->f->vuln_id));

	if (c != 0)
		return c;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static const char *cdx_sev(int sev)
{
	static const char *const names[] = { "unknown", "low", "medium", "high", "critical" };

	return sev >= 0 && sev <= KS_SEV_CRITICAL ? names[sev] : "unknown";
}

static void w_rating(struct ks_jw *w, const char *source, int sev, double score,
	const char *method, const char *vector)
{
	ks_jw_obj(w);
	if (source != NULL && source[0] != '\0') {
		ks_jw_key(w, "source");
		ks_jw_obj(w);
		ks_jw_kstr(w, "name", source);
		ks_jw_obj_end(w);
	}
	if (score >= 0) {
		ks_jw_key(w, "score");
		ks_jw_double(w, score);
	}
	if (sev >= 0)
		ks_jw_kstr(w, "severity", cdx_sev(sev));
	ks_jw_kstr_opt(w, "method", method);
	ks_jw_kstr_opt(w, "vector", vector);
	ks_jw_obj_end(w);
}

/* NVD's CVSS v2 severity bands (Trivy keeps only NVD's v3 severity). */
static int nvd_v2_sev(double score)
{
	return score >= 7.0 ? KS_SEV_HIGH : score >= 4.0 ? KS_SEV_MEDIUM : KS_SEV_LOW;
}

/* One rating per source and CVSS version; a source without CVSS rates by severity. */
static void w_ratings(struct ks_jw *w, const struct ks_finding *f)
{
	size_t i;
	bool any = false;

	ks_jw_key(w, "ratings");
	ks_jw_arr(w);
	for (i = 0; i < f->v.nsevs; i++) {
		const struct ks_vsev *s = &f->v.sevs[i];
		bool v2 = s->v2_vector || s->v2_score > 0, v3 = s->v3_vector || s->v3_score > 0;
		bool v4 = s->v40_vector || s->v40_score > 0;

		if (v2)
			w_rating(w, s->source, ks_streq(s->source, "nvd") && s->v2_score > 0 ?
						       nvd_v2_sev(s->v2_score) : s->severity,
				s->v2_score > 0 ? s->v2_score : -1, "CVSSv2", s->v2_vector);
		if (v3)
			w_rating(w, s->source, s->severity, s->v3_score > 0 ? s->v3_score : -1,
				ks_hasprefix(s->v3_vector, "CVSS:3.1/") ? "CVSSv31" : "CVSSv3",
				s->v3_vector);
		if (v4)
			w_rating(w, s->source, s->severity, s->v40_score > 0 ? s->v40_score : -1,
				"CVSSv4", s->v40_vector);
		if (!v2 && !v3 && !v4 && s->severity >= 0)
			w_rating(w, s->source, s->severity, -1, NULL, NULL);
		any |= v2 || v3 || v4 || s->severity >= 0;
	}
	if (!any)
		w_rating(w, f->severity_source, ks_rep_sev(f), -1, NULL, NULL);
	ks_jw_arr_end(w);
}

/* A date from the database as CycloneDX's date-time, or nothing if it does not parse. */
static void w_time(struct ks_jw *w, const char *key, const char *s)
{
	char buf[40];
	time_t t;

	if (s == NULL || !ks_rep_parse_time(s, &t))
		return;
	ks_rep_fmt_time(t, KS_REP_T_OFFSET, buf, sizeof(buf));
	ks_jw_kstr(w, key, buf);
}

static int w_alias_refs(struct cdx *c, const struct ks_vuln *v)
{
	struct ks_jw *w = &c->w;
	size_t i;

	if (v->aliases.n == 0)
		return 0;
	ks_jw_key(w, "references");
	ks_jw_arr(w);
	for (i = 0; i < v->aliases.n; i++) {
		const char *id = v->aliases.v[i];

		ks_jw_obj(w);
		ks_jw_kstr(w, "id", id);
		ks_jw_key(w, "source");
		ks_jw_obj(w);
		if (ks_hasprefix(id, "CVE-")) {
			const char *url = ks_arena_printf(c->a, "https://nvd.nist.gov/vuln/detail/%s",
				id);

			if (url == NULL)
				return KS_ENOMEM;
			ks_jw_kstr(w, "name", "NVD");
			ks_jw_kstr(w, "url", url);
		} else if (ks_hasprefix(id, "GHSA-")) {
			ks_jw_kstr(w, "name", "GitHub");
		} else {
			ks_jw_kstr(w, "name", "OSV");
		}
		ks_jw_obj_end(w);
		ks_jw_obj_end(w);
	}
	ks_jw_arr_end(w);
	return 0;
}

static void w_source(struct ks_jw *w, const char *ds)
{
	json_error_t je;
	json_t *o;

	if (ds == NULL || (o = json_loads(ds, 0, &je)) == NULL)
		return;
	if (json_is_string(json_object_get(o, "ID"))) {
		ks_jw_key(w, "source");
		ks_jw_obj(w);
		ks_jw_kstr(w, "name", json_string_value(json_object_get(o, "ID")));
		if (json_is_string(json_object_get(o, "URL")))
			ks_jw_kstr_opt(w, "url", json_string_value(json_object_get(o, "URL")));
		ks_jw_obj_end(w);
	}
	json_decref(o);
}

static void w_vuln_props(struct ks_jw *w, const struct ks_finding *f)
{
	char buf[64];

	ks_jw_key(w, "properties");
	ks_jw_arr(w);
	if (f->v.has_epss) {
		ks_jw_fmt_double(f->v.epss_percentile, buf, sizeof(buf));
		w_prop(w, "kensa:EPSS:Percentile", buf);
		ks_jw_fmt_double(f->v.epss_score, buf, sizeof(buf));
		w_prop(w, "kensa:EPSS:Score", buf);
	}
	if (f->v.kev) {
		w_prop(w, "kensa:KEV:DateAdded", f->v.kev_date_added);
		w_prop(w, "kensa:KEV:DueDate", f->v.kev_due_date);
		w_prop(w, "kensa:KEV:KnownRansomwareCampaignUse", f->v.kev_ransomware ? "true" :
											 "false");
	}
	w_prop(w, "kensa:Status", ks_status_name((enum ks_status)f->status));
	ks_jw_arr_end(w);
}

/* One vulnerability for the findings g[0..n) (same ID): details from the first. */
static int w_vuln(struct cdx *c, const struct vref *g, size_t n)
{
	struct ks_jw *w = &c->w;
	const struct ks_finding *f = g[0].f;
	size_t i, k;

	ks_jw_obj(w);
	ks_jw_kstr(w, "id", ks_rep_s(f->vuln_id));
	w_source(w, f->data_source);
	if (w_alias_refs(c, &f->v) != 0)
		return KS_ENOMEM;
	w_ratings(w, f);
	if (f->v.cwe.n > 0) {
		ks_jw_key(w, "cwes");
		ks_jw_arr(w);
		for (i = 0; i < f->v.cwe.n; i++) {
			uint64_t cwe;
			struct ks_str s = ks_str_c(f->v.cwe.v[i]);

			if ((ks_str_hasprefix(s, "CWE-") || ks_str_hasprefix(s, "cwe-")) &&
				ks_str_to_u64(ks_str_sub(s, 4, s.n), 1u << 30, &cwe) && cwe > 0)
				ks_jw_uint(w, cwe);
		}
		ks_jw_arr_end(w);
	}
	ks_jw_kstr_opt(w, "description", f->v.description);
	if (f->fixed != NULL && f->fixed[0] != '\0') {
		char *rec = ks_arena_printf(c->a, "Upgrade %s to version %s", ks_rep_s(f->pkg->name),
			f->fixed);

		if (rec == NULL)
			return KS_ENOMEM;
		ks_jw_kstr(w, "recommendation", rec);
	}
	if (f->v.refs.n > 0) {
		ks_jw_key(w, "advisories");
		ks_jw_arr(w);
		for (i = 0; i < f->v.refs.n; i++) {
			ks_jw_obj(w);
			ks_jw_kstr(w, "url", f->v.refs.v[i]);
			ks_jw_obj_end(w);
		}
		ks_jw_arr_end(w);
	}
	w_time(w, "published", f->v.published);
	w_time(w, "updated", f->v.modified);
	ks_jw_key(w, "affects");
	ks_jw_arr(w);
	for (i = 0; i < n; i++) {
		const char *ref = finding_ref(c, g[i].t, g[i].f);
		bool dup = false;

		if (ref == NULL)
			continue;
		for (k = 0; k < i && !dup; k++)
			dup = ks_streq(finding_ref(c, g[k].t, g[k].f), ref);
		if (dup)
			continue;
		ks_jw_obj(w);
		ks_jw_kstr(w, "ref", ref);
		ks_jw_key(w, "versions");
		ks_jw_arr(w);
		ks_jw_obj(w);
		ks_jw_kstr(w, "version", g[i].f->installed && g[i].f->installed[0] ?
						  g[i].f->installed : "unknown");
		ks_jw_kstr(w, "status", "affected");
		ks_jw_obj_end(w);
		ks_jw_arr_end(w);
		ks_jw_obj_end(w);
	}
	ks_jw_arr_end(w);
	w_vuln_props(w, f);
	ks_jw_obj_end(w);
	return 0;
}

static int w_vulns(struct cdx *c)
{
	const struct kensa_result *r = c->r;
	struct vref *v;
	size_t t, i, n = 0, start;
	int rc = 0;

	for (t = 0; t < r->ntargets; t++)
		n += r->targets[t].nvulns;
	if ((v = ks_arena_calloc(c->a, n + 1, sizeof(*v))) == NULL)
		return KS_ENOMEM;
	n = 0;
	for (t = 0; t < r->ntargets; t++)
		for (i = 0; i < r->targets[t].nvulns; i++)
			v[n++] = (struct vref){ &r->targets[t].vulns[i], t, i };
	qsort(v, n, sizeof(*v), cmp_vref);
	ks_jw_key(&c->w, "vulnerabilities");
	ks_jw_arr(&c->w);
	for (start = 0; start < n && rc == 0; start = i) {
		for (i = start + 1; i < n && ks_streq(v[i].f->vuln_id, v[start].f->vuln_id); i++)
			;
		rc = w_vuln(c, v + start, i - start);
	}
	ks_jw_arr_end(&c->w);
	return rc;
}

/* The serial number: a UUID of the report time and everything the BOM describes. */
static int serial(struct cdx *c, const char *timestamp, char out[KS_REP_UUID_LEN + 1])
{
	const struct kensa_result *r = c->r;
	struct ks_buf b;
	size_t t, i;
	int rc;

	ks_buf_init(&b, HASH_MAX);
	rc = ks_buf_addf(&b, "%s\n%s\n%s\n", timestamp, ks_rep_s(r->artifact_name),
		ks_rep_s(r->image_id));
	for (t = 0; t < r->ntargets && rc == 0; t++) {
		const struct ks_target *tg = &r->targets[t];

		rc = ks_buf_addf(&b, "T %s\n", ks_rep_s(tg->name));
		for (i = 0; i < tg->npkgs && rc == 0; i++)
			rc = ks_buf_addf(&b, "P %s\n", c->refs[t][i]);
		for (i = 0; i < tg->nvulns && rc == 0; i++)
			rc = ks_buf_addf(&b, "V %s %s\n", ks_rep_s(tg->vulns[i].vuln_id),
				ks_rep_s(finding_ref(c, t, &tg->vulns[i])));
	}
	rc = rc ? rc : ks_rep_uuid(out, "cyclonedx", b.p, (const char *)NULL);
	ks_buf_release(&b);
	return rc;
}

static int write_cyclonedx(const struct kensa_result *r, const struct kensa_report_options *ro,
	struct ks_arena *a, FILE *f, struct ks_err *err)
{
	char stamp[40], sn[KS_REP_UUID_LEN + 1], urn[KS_REP_UUID_LEN + 16];
	const char *purl;
	struct cdx c;
	time_t now;
	int rc;

	if ((rc = ks_rep_time(ro, &now, err)) != 0)
		return rc;
	ks_rep_fmt_time(now, KS_REP_T_OFFSET, stamp, sizeof(stamp));
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.a = a;
	ks_map_init(&c.used);
	ks_jw_init(&c.w, f, true);
	purl = oci_purl(&c);
	if ((rc = assign_refs(&c, purl)) != 0 || (rc = serial(&c, stamp, sn)) != 0)
		goto out;
	ks_jw_obj(&c.w);
	ks_jw_kstr(&c.w, "$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
	ks_jw_kstr(&c.w, "bomFormat", "CycloneDX");
	ks_jw_kstr(&c.w, "specVersion", "1.6");
	snprintf(urn, sizeof(urn), "urn:uuid:%s", sn);
	ks_jw_kstr(&c.w, "serialNumber", urn);
	ks_jw_kint(&c.w, "version", 1);
	w_metadata(&c, stamp, purl);
	if ((rc = w_components(&c)) != 0 || (rc = w_dependencies(&c)) != 0 ||
		(rc = w_vulns(&c)) != 0)
		goto out;
	ks_jw_obj_end(&c.w);
	fputc('\n', f);
	if (c.w.err != 0 || ferror(f))
		rc = KS_EIO;
out:
	if (rc == KS_EIO)
		ks_seterr(err, rc, "cannot write the CycloneDX report");
	else if (rc != 0)
		ks_seterr(err, rc, "cyclonedx: out of memory");
	ks_map_release(&c.used);
	return rc;
}

const struct ks_writer ks_writer_cyclonedx = { "cyclonedx", write_cyclonedx };
