/*
 * load.c - reading a JSON report (kensa's, or Trivy's SchemaVersion 2) back into a
 * result, so `kensa convert` can render a saved scan in any format without rescanning.
 * Everything the JSON writer emits is read back; a package a finding names but the
 * report does not list (reports without --list-all-pkgs) is rebuilt from the finding.
 * A package's "ID" is kept as its identity (Trivy's own IDs, e.g. pom.xml ones with a
 * path hash, stay as written); packages of the types Trivy writes without one (pip,
 * jar, ...) keep the ks_pkg_id() identity and are written back without one.
 */
#include "kensa/kensa.h"
#include "report/report.h"
#include "util/str.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_MAX (1024ull << 20)

static const char *dup_str(struct ks_ctx *cx, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? ks_arena_strndup(&cx->arena, json_string_value(v),
					   json_string_length(v)) :
				   NULL;
}

static int strv(struct ks_ctx *cx, json_t *arr, struct ks_strv *out)
{
	json_t *x;
	size_t i;

	json_array_foreach(arr, i, x)
		if (json_is_string(x) && ks_strv_pushn(&cx->arena, out, json_string_value(x),
						 json_string_length(x)) != 0)
			return KS_ENOMEM;
	return 0;
}

static int layer_index(const struct kensa_result *r, json_t *layer)
{
	const char *diffid = json_string_value(json_object_get(layer, "DiffID"));
	size_t i;

	for (i = 0; diffid != NULL && i < r->nlayers; i++)
		if (ks_streq(r->layers[i].diffid, diffid))
			return (int)i;
	return -1;
}

static int metadata(struct kensa_result *r, json_t *md)
{
	struct ks_ctx *cx = &r->cx;
	json_t *os = json_object_get(md, "OS"), *cfg = json_object_get(md, "ImageConfig"), *l;
	size_t i;

	if (json_is_object(os) && !ks_streq(json_string_value(json_object_get(os, "Family")), "none")) {
		r->has_os = true;
		r->os.family = dup_str(cx, os, "Family");
		r->os.name = dup_str(cx, os, "Name");
		r->eosl = json_is_true(json_object_get(os, "EOSL"));
	}
	r->image_id = dup_str(cx, md, "ImageID");
	r->size = (uint64_t)json_integer_value(json_object_get(md, "Size"));
	if (strv(cx, json_object_get(md, "DiffIDs"), &r->diffids) != 0 ||
		strv(cx, json_object_get(md, "RepoTags"), &r->repo_tags) != 0 ||
		strv(cx, json_object_get(md, "RepoDigests"), &r->repo_digests) != 0)
		return KS_ENOMEM;
	if (json_is_object(cfg)) {
		char *c = json_dumps(cfg, JSON_COMPACT);

		if (c == NULL)
			return KS_ENOMEM;
		r->config_raw = ks_arena_strdup(&cx->arena, c);
		r->config_len = strlen(c);
		free(c);
		if (r->config_raw == NULL)
			return KS_ENOMEM;
	} else if (r->image_id != NULL) {
		r->config_raw = "{}";
		r->config_len = 2;
	}
	r->nlayers = json_array_size(json_object_get(md, "Layers"));
	if (r->nlayers &&
		(r->layers = ks_arena_calloc(&cx->arena, r->nlayers, sizeof(*r->layers))) == NULL)
		return KS_ENOMEM;
	json_array_foreach(json_object_get(md, "Layers"), i, l) {
		r->layers[i].digest = dup_str(cx, l, "Digest");
		r->layers[i].diffid = dup_str(cx, l, "DiffID");
		r->layers[i].created_by = dup_str(cx, l, "CreatedBy");
		r->layers[i].size = (uint64_t)json_integer_value(json_object_get(l, "Size"));
	}
	return 0;
}

static int read_pkg(struct kensa_result *r, json_t *p, struct ks_pkg *out)
{
	struct ks_ctx *cx = &r->cx;
	const char *rel;
	json_t *l;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->name = dup_str(cx, p, "Name");
	out->version = dup_str(cx, p, "Version");
	out->release = dup_str(cx, p, "Release");
	out->epoch = (int)json_integer_value(json_object_get(p, "Epoch"));
	out->arch = dup_str(cx, p, "Arch");
	out->dev = json_is_true(json_object_get(p, "Dev"));
	out->src_name = dup_str(cx, p, "SrcName");
	out->src_version = dup_str(cx, p, "SrcVersion");
	out->src_release = dup_str(cx, p, "SrcRelease");
	out->src_epoch = (int)json_integer_value(json_object_get(p, "SrcEpoch"));
	out->maintainer = dup_str(cx, p, "Maintainer");
	out->modularitylabel = dup_str(cx, p, "Modularitylabel");
	out->file_path = dup_str(cx, p, "FilePath");
	out->digest = dup_str(cx, p, "Digest");
	out->analyzed_by = dup_str(cx, p, "AnalyzedBy");
	out->id = dup_str(cx, p, "ID");
	out->layer = layer_index(r, json_object_get(p, "Layer"));
	rel = json_string_value(json_object_get(p, "Relationship"));
	out->relationship = ks_rel_parse(rel);
	if ((out->nlocs = json_array_size(json_object_get(p, "Locations"))) > 0) {
		if ((out->locs = ks_arena_calloc(&cx->arena, out->nlocs, sizeof(*out->locs))) == NULL)
			return KS_ENOMEM;
		json_array_foreach(json_object_get(p, "Locations"), i, l) {
			out->locs[i].start = (unsigned)json_integer_value(json_object_get(l, "StartLine"));
			out->locs[i].end = (unsigned)json_integer_value(json_object_get(l, "EndLine"));
		}
	}
	if (out->name == NULL)
		return ks_seterr(&cx->err, KS_ECORRUPT, "report: a package without a Name");
	if (strv(cx, json_object_get(p, "Licenses"), &out->licenses) != 0 ||
		strv(cx, json_object_get(p, "DependsOn"), &out->depends_on) != 0)
		return KS_ENOMEM;
	return 0;
}

/* True if package p is the one finding v names: the same name and path (PkgPath) and,
 * when the finding has a PkgID, the same ID, otherwise the same installed version (Trivy
 * writes no PkgID for pip, jar, gemspec, ... packages). Versions compare as Trivy prints
 * them ("[epoch:]version[-release]"). Returns 0 or KS_ENOMEM. */
static int names(struct ks_arena *a, const struct ks_pkg *p, json_t *v, bool *yes)
{
	const char *id = json_string_value(json_object_get(v, "PkgID")), *have;

	*yes = ks_streq(p->name, json_string_value(json_object_get(v, "PkgName"))) &&
	       ks_streq(p->file_path, json_string_value(json_object_get(v, "PkgPath")));
	if (!*yes)
		return 0;
	if ((have = id ? ks_pkg_id(a, p) : ks_pkg_version_string(a, p)) == NULL)
		return KS_ENOMEM;
	*yes = ks_streq(have, id ? id : json_string_value(json_object_get(v, "InstalledVersion")));
	return 0;
}

/* The target's package finding v names (*out), or one rebuilt from the finding and listed
 * in extra (each allocated on its own, so findings of one package share its address as
 * the table writer expects): it takes the finding's PkgID as its ID and, in a language
 * target, the target's Type as its analyzer, so IDs and package URLs come out as the
 * report had them. Returns 0 or KS_ENOMEM. */
static int pkg_for(struct kensa_result *r, struct ks_target *t, json_t *v,
	struct ks_pkg ***extra, size_t *nextra, size_t *capextra, const struct ks_pkg **out)
{
	struct ks_arena *a = &r->cx.arena;
	struct ks_pkg *p, **n;
	bool yes;
	size_t i;

	for (i = 0; i < t->npkgs; i++) {
		if (names(a, &t->pkgs[i], v, &yes) != 0)
			return KS_ENOMEM;
		if (yes) {
			*out = &t->pkgs[i];
			return 0;
		}
	}
	for (i = 0; i < *nextra; i++) {
		if (names(a, (*extra)[i], v, &yes) != 0)
			return KS_ENOMEM;
		if (yes) {
			*out = (*extra)[i];
			return 0;
		}
	}
	if ((n = ks_arena_grow(a, *extra, *nextra, capextra, *nextra + 1, sizeof(*n))) == NULL ||
		(p = ks_arena_calloc(a, 1, sizeof(*p))) == NULL)
		return KS_ENOMEM;
	*extra = n;
	n[(*nextra)++] = p;
	p->name = dup_str(&r->cx, v, "PkgName");
	p->version = dup_str(&r->cx, v, "InstalledVersion");
	p->file_path = dup_str(&r->cx, v, "PkgPath");
	p->id = dup_str(&r->cx, v, "PkgID");
	if (ks_streq(t->klass, "lang-pkgs"))
		p->analyzed_by = t->type;
	p->layer = layer_index(r, json_object_get(v, "Layer"));
	if (p->name == NULL)
		p->name = "";
	*out = p;
	return 0;
}

static int read_sevs(struct ks_ctx *cx, json_t *v, struct ks_vuln *out)
{
	json_t *vs = json_object_get(v, "VendorSeverity"), *cvss = json_object_get(v, "CVSS"), *x;
	const char *src;
	size_t n = json_object_size(vs) + json_object_size(cvss), cap = 0;

	out->nsevs = 0;
	if (n == 0)
		return 0;
	json_object_foreach(vs, src, x) {
		struct ks_vsev *s = ks_arena_grow(&cx->arena, out->sevs, out->nsevs, &cap,
			out->nsevs + 1, sizeof(*s));

		if (s == NULL)
			return KS_ENOMEM;
		out->sevs = s;
		s = &s[out->nsevs++];
		memset(s, 0, sizeof(*s));
		s->source = ks_arena_strdup(&cx->arena, src);
		s->severity = (int)json_integer_value(x);
		s->v2_score = s->v3_score = s->v40_score = -1;
	}
	json_object_foreach(cvss, src, x) {
		struct ks_vsev *s = NULL;
		size_t i;

		for (i = 0; i < out->nsevs; i++)
			if (ks_streq(out->sevs[i].source, src))
				s = &out->sevs[i];
		if (s == NULL) {
			struct ks_vsev *g = ks_arena_grow(&cx->arena, out->sevs, out->nsevs, &cap,
				out->nsevs + 1, sizeof(*g));

			if (g == NULL)
				return KS_ENOMEM;
			out->sevs = g;
			s = &g[out->nsevs++];
			memset(s, 0, sizeof(*s));
			s->source = ks_arena_strdup(&cx->arena, src);
			s->severity = -1;
		}
		s->v2_vector = dup_str(cx, x, "V2Vector");
		s->v3_vector = dup_str(cx, x, "V3Vector");
		s->v40_vector = dup_str(cx, x, "V40Vector");
		s->v2_score = json_is_number(json_object_get(x, "V2Score")) ?
			json_number_value(json_object_get(x, "V2Score")) : -1;
		s->v3_score = json_is_number(json_object_get(x, "V3Score")) ?
			json_number_value(json_object_get(x, "V3Score")) : -1;
		s->v40_score = json_is_number(json_object_get(x, "V40Score")) ?
			json_number_value(json_object_get(x, "V40Score")) : -1;
	}
	return 0;
}

static int read_vuln(struct kensa_result *r, json_t *v, struct ks_finding *f)
{
	struct ks_ctx *cx = &r->cx;
	json_t *ds = json_object_get(v, "DataSource"), *kev = json_object_get(v, "KEV");
	json_t *epss = json_object_get(v, "EPSS");
	int st = ks_status_parse(json_string_value(json_object_get(v, "Status")));

	f->vuln_id = dup_str(cx, v, "VulnerabilityID");
	if (f->vuln_id == NULL)
		return ks_seterr(&cx->err, KS_ECORRUPT, "report: a finding without a "
			"VulnerabilityID");
	f->installed = dup_str(cx, v, "InstalledVersion");
	f->fixed = dup_str(cx, v, "FixedVersion");
	f->status = st < 0 ? KS_ST_AFFECTED : st;
	f->severity = (int)ks_sev_parse(json_string_value(json_object_get(v, "Severity")));
	f->severity_source = dup_str(cx, v, "SeveritySource");
	f->primary_url = dup_str(cx, v, "PrimaryURL");
	if (json_is_object(ds)) {
		char *c = json_dumps(ds, JSON_COMPACT);

		f->data_source = c ? ks_arena_strdup(&cx->arena, c) : NULL;
		free(c);
	}
	f->v.id = f->vuln_id;
	f->v.title = dup_str(cx, v, "Title");
	f->v.description = dup_str(cx, v, "Description");
	f->v.published = dup_str(cx, v, "PublishedDate");
	f->v.modified = dup_str(cx, v, "LastModifiedDate");
	f->v.severity = -1;
	if (json_is_object(kev)) {
		f->v.kev = true;
		f->v.kev_date_added = dup_str(cx, kev, "DateAdded");
		f->v.kev_due_date = dup_str(cx, kev, "DueDate");
		f->v.kev_ransomware = json_is_true(json_object_get(kev, "KnownRansomwareCampaignUse"));
	}
	if (json_is_object(epss)) {
		f->v.has_epss = true;
		f->v.epss_score = json_number_value(json_object_get(epss, "Score"));
		f->v.epss_percentile = json_number_value(json_object_get(epss, "Percentile"));
	}
	if (strv(cx, json_object_get(v, "VendorIDs"), &f->vendor_ids) != 0 ||
		strv(cx, json_object_get(v, "CweIDs"), &f->v.cwe) != 0 ||
		strv(cx, json_object_get(v, "References"), &f->v.refs) != 0)
		return KS_ENOMEM;
	return read_sevs(cx, v, &f->v);
}

static int target(struct kensa_result *r, json_t *res, struct ks_target *t)
{
	struct ks_ctx *cx = &r->cx;
	json_t *pkgs = json_object_get(res, "Packages"), *vulns = json_object_get(res, "Vulnerabilities");
	struct ks_pkg **extra = NULL;
	size_t i, nextra = 0, capextra = 0;
	json_t *x;
	int rc;

	t->name = dup_str(cx, res, "Target");
	t->klass = dup_str(cx, res, "Class");
	t->type = dup_str(cx, res, "Type");
	if (t->name == NULL)
		return ks_seterr(&cx->err, KS_ECORRUPT, "report: a result without a Target");
	t->npkgs = json_array_size(pkgs);
	if (t->npkgs && (t->pkgs = ks_arena_calloc(&cx->arena, t->npkgs, sizeof(*t->pkgs))) == NULL)
		return KS_ENOMEM;
	json_array_foreach(pkgs, i, x)
		if ((rc = read_pkg(r, x, &t->pkgs[i])) != 0)
			return rc;
	t->nvulns = json_array_size(vulns);
	if (t->nvulns &&
		(t->vulns = ks_arena_calloc(&cx->arena, t->nvulns, sizeof(*t->vulns))) == NULL)
		return KS_ENOMEM;
	json_array_foreach(vulns, i, x) {
		if ((rc = read_vuln(r, x, &t->vulns[i])) != 0)
			return rc;
		if ((rc = pkg_for(r, t, x, &extra, &nextra, &capextra, &t->vulns[i].pkg)) != 0)
			return rc;
	}
	return 0;
}

static int load(struct kensa_result *r, json_t *doc)
{
	struct ks_ctx *cx = &r->cx;
	json_t *results = json_object_get(doc, "Results"), *x;
	size_t i;
	int rc;

	if (json_integer_value(json_object_get(doc, "SchemaVersion")) != 2)
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "report: not a SchemaVersion 2 JSON "
			"report");
	r->artifact_name = dup_str(cx, doc, "ArtifactName");
	r->artifact_type = dup_str(cx, doc, "ArtifactType");
	if (r->artifact_name == NULL)
		r->artifact_name = "";
	if ((rc = metadata(r, json_object_get(doc, "Metadata"))) != 0)
		return rc;
	r->ntargets = json_array_size(results);
	if (r->ntargets &&
		(r->targets = ks_arena_calloc(&cx->arena, r->ntargets, sizeof(*r->targets))) == NULL)
		return KS_ENOMEM;
	json_array_foreach(results, i, x)
		if ((rc = target(r, x, &r->targets[i])) != 0)
			return rc;
	json_array_foreach(json_object_get(doc, "Warnings"), i, x)
		if (json_is_string(x) && ks_warn(cx, "%s", json_string_value(x)) != 0)
			return KS_ENOMEM;
	return 0;
}

int kensa_report_load(const char *path, kensa_result **out, char *errbuf, size_t errlen)
{
	struct kensa_result *r = calloc(1, sizeof(*r));
	json_error_t je;
	json_t *doc;
	int rc;

	*out = NULL;
	if (r == NULL)
		return KENSA_ENOMEM;
	ks_ctx_init(&r->cx);
	doc = json_load_file(path, 0, &je);
	if (doc == NULL)
		rc = ks_seterr(&r->cx.err, je.position == 0 && je.line <= 0 ? KS_ENOTFOUND :
			KS_ECORRUPT, "report '%s': %s (line %d)", path, je.text, je.line);
	else
		rc = load(r, doc);
	json_decref(doc);
	if (rc != 0) {
		snprintf(errbuf, errlen, "%s", r->cx.err.msg[0] ? r->cx.err.msg : ks_strerror(rc));
		kensa_result_free(r);
		return rc;
	}
	*out = r;
	return 0;
}
