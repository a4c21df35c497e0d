/*
 * json.c - the JSON report: Trivy's SchemaVersion 2 layout, field for field, so tools
 * that read Trivy JSON read kensa's. Field order and omission rules follow Trivy's Go
 * structs (empty fields are left out).
 */
#include "report/report.h"
#include "util/jsonw.h"
#include "util/str.h"

#include <jansson.h>
#include <string.h>
#include <time.h>

static void w_strv(struct ks_jw *w, const char *key, const struct ks_strv *sv)
{
	size_t i;

	if (sv->n == 0)
		return;
	ks_jw_key(w, key);
	ks_jw_arr(w);
	for (i = 0; i < sv->n; i++)
		ks_jw_str(w, sv->v[i]);
	ks_jw_arr_end(w);
}

static void w_layer(struct ks_jw *w, const struct kensa_result *r, int layer)
{
	const struct ks_rlayer *l;

	if (layer < 0 || (size_t)layer >= r->nlayers)
		return;
	l = &r->layers[layer];
	ks_jw_key(w, "Layer");
	ks_jw_obj(w);
	ks_jw_kstr_opt(w, "Digest", l->digest);
	ks_jw_kstr_opt(w, "DiffID", l->diffid);
	ks_jw_kstr_opt(w, "CreatedBy", l->created_by);
	ks_jw_obj_end(w);
}

static void w_locations(struct ks_jw *w, const struct ks_pkg *p)
{
	size_t i;

	if (p->nlocs == 0)
		return;
	ks_jw_key(w, "Locations");
	ks_jw_arr(w);
	for (i = 0; i < p->nlocs; i++) {
		ks_jw_obj(w);
		ks_jw_kint_opt(w, "StartLine", p->locs[i].start);
		ks_jw_kint_opt(w, "EndLine", p->locs[i].end);
		ks_jw_obj_end(w);
	}
	ks_jw_arr_end(w);
}

/* A package of target t; "ID" is left out where Trivy writes none (ks_pkg_report_id). */
static int w_pkg(struct ks_jw *w, const struct kensa_result *r, const struct ks_target *t,
	const struct ks_pkg *p, struct ks_arena *a)
{
	const char *id, *purl = ks_pkg_purl(a, r, p), *uid = ks_pkg_uid(a, p);

	if (ks_pkg_report_id(a, p, t->name, &id) != 0 || uid == NULL)
		return KS_ENOMEM;
	ks_jw_obj(w);
	ks_jw_kstr_opt(w, "ID", id);
	ks_jw_kstr(w, "Name", p->name);
	ks_jw_key(w, "Identifier");
	ks_jw_obj(w);
	ks_jw_kstr_opt(w, "PURL", purl);
	ks_jw_kstr(w, "UID", uid);
	ks_jw_obj_end(w);
	ks_jw_kstr_opt(w, "Version", p->version);
	ks_jw_kstr_opt(w, "Release", p->release);
	ks_jw_kint_opt(w, "Epoch", p->epoch);
	ks_jw_kstr_opt(w, "Arch", p->arch);
	ks_jw_kbool_opt(w, "Dev", p->dev);
	ks_jw_kstr_opt(w, "SrcName", p->src_name);
	ks_jw_kstr_opt(w, "SrcVersion", p->src_version);
	ks_jw_kstr_opt(w, "SrcRelease", p->src_release);
	ks_jw_kint_opt(w, "SrcEpoch", p->src_epoch);
	w_strv(w, "Licenses", &p->licenses);
	ks_jw_kstr_opt(w, "Maintainer", p->maintainer);
	ks_jw_kstr_opt(w, "Modularitylabel", p->modularitylabel);
	ks_jw_kbool_opt(w, "Indirect", p->relationship == KS_REL_INDIRECT);
	ks_jw_kstr_opt(w, "Relationship", ks_rel_name(p->relationship));
	w_strv(w, "DependsOn", &p->depends_on);
	w_layer(w, r, p->layer);
	ks_jw_kstr_opt(w, "FilePath", p->file_path);
	ks_jw_kstr_opt(w, "Digest", p->digest);
	w_locations(w, p);
	ks_jw_kstr_opt(w, "AnalyzedBy", p->analyzed_by);
	ks_jw_obj_end(w);
	return 0;
}

/* The advisory's DataSource, re-encoded in Trivy's field order. */
static void w_datasource(struct ks_jw *w, const char *ds)
{
	json_error_t je;
	json_t *o;

	if (ds == NULL || (o = json_loads(ds, 0, &je)) == NULL)
		return;
	ks_jw_key(w, "DataSource");
	ks_jw_obj(w);
	ks_jw_kstr_opt(w, "ID", json_string_value(json_object_get(o, "ID")));
	ks_jw_kstr_opt(w, "Name", json_string_value(json_object_get(o, "Name")));
	ks_jw_kstr_opt(w, "URL", json_string_value(json_object_get(o, "URL")));
	ks_jw_obj_end(w);
	json_decref(o);
}

static void w_score(struct ks_jw *w, const char *key, double v)
{
	if (v < 0)
		return;
	ks_jw_key(w, key);
	ks_jw_double(w, v);
}

/* VendorSeverity and CVSS maps, sources in name order (Go sorts map keys). */
static void w_vendor(struct ks_jw *w, const struct ks_vuln *v)
{
	size_t i;
	bool any = false;

	for (i = 0; i < v->nsevs; i++)
		any |= v->sevs[i].severity >= 0;
	if (any) {
		ks_jw_key(w, "VendorSeverity");
		ks_jw_obj(w);
		for (i = 0; i < v->nsevs; i++)
			if (v->sevs[i].severity >= 0)
				ks_jw_kint(w, v->sevs[i].source, v->sevs[i].severity);
		ks_jw_obj_end(w);
	}
	any = false;
	for (i = 0; i < v->nsevs; i++)
		any |= v->sevs[i].v2_vector || v->sevs[i].v3_vector || v->sevs[i].v40_vector ||
		       v->sevs[i].v2_score >= 0 || v->sevs[i].v3_score >= 0 || v->sevs[i].v40_score >= 0;
	if (!any)
		return;
	ks_jw_key(w, "CVSS");
	ks_jw_obj(w);
	for (i = 0; i < v->nsevs; i++) {
		const struct ks_vsev *s = &v->sevs[i];

		if (!(s->v2_vector || s->v3_vector || s->v40_vector || s->v2_score >= 0 ||
			    s->v3_score >= 0 || s->v40_score >= 0))
			continue;
		ks_jw_key(w, s->source);
		ks_jw_obj(w);
		ks_jw_kstr_opt(w, "V2Vector", s->v2_vector);
		ks_jw_kstr_opt(w, "V3Vector", s->v3_vector);
		ks_jw_kstr_opt(w, "V40Vector", s->v40_vector);
		w_score(w, "V2Score", s->v2_score);
		w_score(w, "V3Score", s->v3_score);
		w_score(w, "V40Score", s->v40_score);
		ks_jw_obj_end(w);
	}
	ks_jw_obj_end(w);
}

/* kensa-only: CISA KEV and FIRST EPSS data for the vulnerability. */
static void w_kev_epss(struct ks_jw *w, const struct ks_vuln *v)
{
	if (v->kev) {
		ks_jw_key(w, "KEV");
		ks_jw_obj(w);
		ks_jw_kstr_opt(w, "DateAdded", v->kev_date_added);
		ks_jw_kstr_opt(w, "DueDate", v->kev_due_date);
		ks_jw_key(w, "KnownRansomwareCampaignUse");
		ks_jw_bool(w, v->kev_ransomware);
		ks_jw_obj_end(w);
	}
	if (v->has_epss) {
		ks_jw_key(w, "EPSS");
		ks_jw_obj(w);
		ks_jw_key(w, "Score");
		ks_jw_double(w, v->epss_score);
		ks_jw_key(w, "Percentile");
		ks_jw_double(w, v->epss_percentile);
		ks_jw_obj_end(w);
	}
}

/* A finding of target t; "PkgID" is left out as its package's "ID" is. */
static int w_vuln(struct ks_jw *w, const struct kensa_result *r, const struct ks_target *t,
	const struct ks_finding *f, struct ks_arena *a)
{
	const struct ks_pkg *p = f->pkg;
	const char *purl = ks_pkg_purl(a, r, p), *uid = ks_pkg_uid(a, p), *id;

	if (ks_pkg_report_id(a, p, t->name, &id) != 0 || uid == NULL)
		return KS_ENOMEM;
	ks_jw_obj(w);
	ks_jw_kstr(w, "VulnerabilityID", f->vuln_id);
	w_strv(w, "VendorIDs", &f->vendor_ids);
	ks_jw_kstr_opt(w, "PkgID", id);
	ks_jw_kstr(w, "PkgName", p->name);
	ks_jw_kstr_opt(w, "PkgPath", p->file_path);
	ks_jw_key(w, "PkgIdentifier");
	ks_jw_obj(w);
	ks_jw_kstr_opt(w, "PURL", purl);
	ks_jw_kstr(w, "UID", uid);
	ks_jw_obj_end(w);
	ks_jw_kstr_opt(w, "InstalledVersion", f->installed);
	ks_jw_kstr_opt(w, "FixedVersion", f->fixed);
	ks_jw_kstr(w, "Status", ks_status_name((enum ks_status)f->status));
	w_layer(w, r, p->layer);
	ks_jw_kstr_opt(w, "SeveritySource", f->severity_source);
	ks_jw_kstr_opt(w, "PrimaryURL", f->primary_url);
	w_datasource(w, f->data_source);
	ks_jw_kstr_opt(w, "Title", f->v.title);
	ks_jw_kstr_opt(w, "Description", f->v.description);
	ks_jw_kstr(w, "Severity", ks_sev_name((enum ks_sev)f->severity));
	w_strv(w, "CweIDs", &f->v.cwe);
	w_vendor(w, &f->v);
	w_strv(w, "References", &f->v.refs);
	ks_jw_kstr_opt(w, "PublishedDate", f->v.published);
	ks_jw_kstr_opt(w, "LastModifiedDate", f->v.modified);
	w_kev_epss(w, &f->v);
	ks_jw_obj_end(w);
	return 0;
}

static int w_results(struct ks_jw *w, const struct kensa_result *r,
	const struct kensa_report_options *ro, struct ks_arena *a)
{
	size_t i, j;
	int rc;

	if (r->ntargets == 0)
		return 0;
	ks_jw_key(w, "Results");
	ks_jw_arr(w);
	for (i = 0; i < r->ntargets; i++) {
		const struct ks_target *t = &r->targets[i];

		ks_jw_obj(w);
		ks_jw_kstr(w, "Target", t->name);
		ks_jw_kstr(w, "Class", t->klass);
		ks_jw_kstr_opt(w, "Type", t->type);
		if (ro->list_all_pkgs && t->npkgs > 0) {
			ks_jw_key(w, "Packages");
			ks_jw_arr(w);
			for (j = 0; j < t->npkgs; j++)
				if ((rc = w_pkg(w, r, t, &t->pkgs[j], a)) != 0)
					return rc;
			ks_jw_arr_end(w);
		}
		if (t->nvulns > 0) {
			ks_jw_key(w, "Vulnerabilities");
			ks_jw_arr(w);
			for (j = 0; j < t->nvulns; j++)
				if ((rc = w_vuln(w, r, t, &t->vulns[j], a)) != 0)
					return rc;
			ks_jw_arr_end(w);
		}
		ks_jw_obj_end(w);
	}
	ks_jw_arr_end(w);
	return 0;
}

static int w_metadata(struct ks_jw *w, const struct kensa_result *r, struct ks_err *err)
{
	size_t i;
	int rc;

	if (!r->has_os && r->image_id == NULL)
		return 0;
	ks_jw_key(w, "Metadata");
	ks_jw_obj(w);
	if (r->size)
		ks_jw_kint(w, "Size", (int64_t)r->size);
	if (r->has_os || r->image_id != NULL) {
		/* Trivy names an image's unidentified OS "none" */
		ks_jw_key(w, "OS");
		ks_jw_obj(w);
		ks_jw_kstr(w, "Family", r->has_os ? r->os.family : "none");
		ks_jw_kstr(w, "Name", r->has_os && r->os.name ? r->os.name : "");
		ks_jw_kbool_opt(w, "EOSL", r->eosl);
		ks_jw_obj_end(w);
	}
	if (r->image_id != NULL) {
		ks_jw_kstr(w, "ImageID", r->image_id);
		w_strv(w, "DiffIDs", &r->diffids);
		w_strv(w, "RepoTags", &r->repo_tags);
		w_strv(w, "RepoDigests", &r->repo_digests);
		ks_jw_key(w, "ImageConfig");
		if ((rc = ks_write_image_config(w, r->config_raw, r->config_len, err)) != 0)
			return rc;
		ks_jw_key(w, "Layers");
		ks_jw_arr(w);
		for (i = 0; i < r->nlayers; i++) {
			ks_jw_obj(w);
			ks_jw_kint_opt(w, "Size", (int64_t)r->layers[i].size);
			ks_jw_kstr_opt(w, "Digest", r->layers[i].digest);
			ks_jw_kstr_opt(w, "DiffID", r->layers[i].diffid);
			ks_jw_kstr_opt(w, "CreatedBy", r->layers[i].created_by);
			ks_jw_obj_end(w);
		}
		ks_jw_arr_end(w);
	}
	ks_jw_obj_end(w);
	return 0;
}

/* "now" in RFC 3339, unless the caller fixed the time (tests, reproducible builds). */
static void created_at(const struct kensa_report_options *ro, char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	if (ro->created_at != NULL) {
		snprintf(buf, n, "%s", ro->created_at);
		return;
	}
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int write_json(const struct kensa_result *r, const struct kensa_report_options *ro,
	struct ks_arena *a, FILE *f, struct ks_err *err)
{
	struct ks_jw w;
	char when[64];
	size_t i;
	int rc;

	ks_jw_init(&w, f, true);
	created_at(ro, when, sizeof(when));
	ks_jw_obj(&w);
	ks_jw_kint(&w, "SchemaVersion", 2);
	ks_jw_kstr(&w, "CreatedAt", when);
	ks_jw_kstr(&w, "ArtifactName", r->artifact_name);
	ks_jw_kstr(&w, "ArtifactType", r->artifact_type);
	if ((rc = w_metadata(&w, r, err)) != 0)
		return rc;
	if ((rc = w_results(&w, r, ro, a)) != 0)
		return ks_seterr(err, rc, "out of memory writing the report");
	/* kensa-only: what could not be analysed, so a partial result is never silent */
	if (r->cx.nwarns > 0) {
		ks_jw_key(&w, "Warnings");
		ks_jw_arr(&w);
		for (i = 0; i < r->cx.nwarns; i++)
			ks_jw_str(&w, r->cx.warns[i]);
		ks_jw_arr_end(&w);
	}
	ks_jw_obj_end(&w);
	if (fputc('\n', f) == EOF || w.err != 0)
		return ks_seterr(err, KS_EIO, "cannot write the JSON report");
	return 0;
}

const struct ks_writer ks_writer_json = { "json", write_json };
