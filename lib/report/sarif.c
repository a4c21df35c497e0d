/*
 * sarif.c - the SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers.
 *
 * Shaped as Trivy's SARIF writer shapes it, so that workflows written for Trivy keep
 * working: one rule per vulnerability ID (name OsPackageVulnerability or
 * LanguageSpecificPackageVulnerability, title and description, help text and Markdown,
 * properties with precision, security-severity and tags), one result per finding with
 * Trivy's message text and a location on the scanned artifact or lock file (one per
 * place the lock file declares the package; line 1 for packages without a position). kensa adds partialFingerprints so that GitHub matches a finding
 * across runs instead of opening a new alert each time: "kensa/v1" is the SHA-256 of the
 * vulnerability ID, package name, installed version and location URI.
 */
#include "report/report.h"
#include "report/rutil.h"
#include "util/jsonw.h"
#include "util/map.h"
#include "util/str.h"

#include <string.h>

#define TEXT_MAX (16u << 20) /* help and message texts */

/* A rule: the first finding with its vulnerability ID decides its texts (as in Trivy). */
struct rule {
	const struct ks_finding *f;
	const struct ks_target *t;
};

struct sarif {
	struct ks_jw w;
	const struct kensa_result *r;
	struct ks_arena *a;
	struct ks_map ids; /* vulnerability ID -> rule index + 1 */
	struct rule *rules;
	size_t nrules, caprules;
	struct ks_buf b;
};

/* Trivy's SARIF levels: error for HIGH/CRITICAL, warning for MEDIUM, note otherwise. */
static const char *level(int sev)
{
	return sev >= KS_SEV_HIGH ? "error" : sev == KS_SEV_MEDIUM ? "warning" : "note";
}

/* security-severity: the CVSS v3 score of the severity's source, else Trivy's stand-in
 * score for the severity, so GitHub ranks the alert as kensa rates it. */
static void security_severity(const struct ks_finding *f, char *buf, size_t n)
{
	static const char *const bysev[] = { "0.0", "2.0", "5.5", "8.0", "9.5" };
	double s = ks_rep_cvss3(f, NULL);

	if (s > 0)
		snprintf(buf, n, "%.1f", s);
	else
		snprintf(buf, n, "%s", bysev[ks_rep_sev(f)]);
}

static const char *rule_name(const struct ks_target *t)
{
	if (ks_streq(t->klass, "os-pkgs"))
		return "OsPackageVulnerability";
	if (ks_streq(t->klass, "lang-pkgs"))
		return "LanguageSpecificPackageVulnerability";
	return "UnknownIssue";
}

/*
 * Where a finding is shown: the package's own file when it has one, else the artifact as
 * Trivy derives it from an OS target name ("app.tar (alpine 3.9.4)" -> "app.tar", an image
 * reference without its tag or digest), percent-encoded as a URI reference.
 */
static const char *location_uri(struct sarif *s, const struct ks_target *t,
	const struct ks_pkg *p)
{
	const char *name = ks_rep_s(t->name), *slash, *colon, *at;
	struct ks_str v = ks_str_c(name);
	const char *out = NULL;
	char *base;
	size_t i;

	if (p->file_path != NULL && p->file_path[0] != '\0') {
		v = ks_str_c(p->file_path);
	} else if (ks_streq(t->klass, "os-pkgs")) {
		if (v.n > 0 && v.p[v.n - 1] == ')')
			for (i = v.n - 1; i > 0; i--)
				if (v.p[i] == '(' && v.p[i - 1] == ' ') {
					v.n = i - 1;
					break;
				}
	}
	if ((base = ks_arena_strndup(s->a, v.p, v.n)) == NULL)
		return NULL;
	if (p->file_path == NULL || p->file_path[0] == '\0') {
		if ((at = strstr(base, "@sha256:")) != NULL)
			base[at - base] = '\0';
		slash = strrchr(base, '/');
		colon = strrchr(base, ':');
		if (colon != NULL && (slash == NULL || colon > slash) && colon[1] != '\0' &&
			strspn(colon + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					  "0123456789_.-") == strlen(colon + 1) && colon[1] != '.' &&
			colon[1] != '-')
			base[colon - base] = '\0';
	}
	ks_buf_reset(&s->b);
	if (ks_buf_addpct(&s->b, base, "/:@!$&'()*+,;=") == 0)
		out = ks_arena_strndup(s->a, s->b.p, s->b.n);
	return out;
}

static int collect_rules(struct sarif *s)
{
	const struct kensa_result *r = s->r;
	size_t i, j;
	int rc;

	for (i = 0; i < r->ntargets; i++)
		for (j = 0; j < r->targets[i].nvulns; j++) {
			const struct ks_finding *f = &r->targets[i].vulns[j];
			const char *id = ks_rep_s(f->vuln_id);
			struct rule *nr;

			if (ks_map_has(&s->ids, id, strlen(id)))
				continue;
			nr = ks_arena_grow(s->a, s->rules, s->nrules, &s->caprules, s->nrules + 1,
				sizeof(*s->rules));
			if (nr == NULL)
				return KS_ENOMEM;
			s->rules = nr;
			s->rules[s->nrules].f = f;
			s->rules[s->nrules].t = &r->targets[i];
			s->nrules++;
			if ((rc = ks_map_put(&s->ids, id, strlen(id), (void *)(uintptr_t)s->nrules,
				     NULL)) != 0)
				return rc;
		}
	return 0;
}

static void w_text(struct ks_jw *w, const char *key, const char *text)
{
	ks_jw_key(w, key);
	ks_jw_obj(w);
	ks_jw_kstr(w, "text", text);
	ks_jw_obj_end(w);
}

/* Trivy's help text and Markdown for a rule. */
static int w_help(struct sarif *s, const struct ks_finding *f)
{
	const char *id = ks_rep_s(f->vuln_id), *sev = ks_sev_name((enum ks_sev)ks_rep_sev(f));
	const char *pkg = ks_rep_s(f->pkg->name), *fixed = ks_rep_s(f->fixed);
	const char *url = ks_rep_s(f->primary_url), *desc = ks_rep_s(f->v.description);
	struct ks_buf *b = &s->b;
	int rc;

	ks_buf_reset(b);
	if ((rc = ks_buf_addf(b, "Vulnerability %s\nSeverity: %s\nPackage: %s\nFixed Version: %s\n"
				 "Link: [%s](%s)\n%s", id, sev, pkg, fixed, id, url, desc)) != 0)
		return rc;
	ks_jw_key(&s->w, "help");
	ks_jw_obj(&s->w);
	ks_jw_kstr(&s->w, "text", b->p);
	ks_buf_reset(b);
	rc = ks_buf_adds(b, "**Vulnerability ");
	rc = rc ? rc : ks_rep_md(b, id);
	rc = rc ? rc : ks_buf_addf(b, "**\n| Severity | Package | Fixed Version | Link |\n"
				      "| --- | --- | --- | --- |\n|%s|", sev);
	rc = rc ? rc : ks_rep_md(b, pkg);
	rc = rc ? rc : ks_buf_addc(b, '|');
	rc = rc ? rc : ks_rep_md(b, fixed);
	rc = rc ? rc : ks_buf_addc(b, '|');
	rc = rc ? rc : ks_rep_md_link(b, id, url);
	rc = rc ? rc : ks_buf_adds(b, "|\n\n");
	rc = rc ? rc : ks_rep_md(b, desc);
	if (rc != 0)
		return rc;
	ks_jw_kstr(&s->w, "markdown", b->p);
	ks_jw_obj_end(&s->w);
	return 0;
}

static void w_cvss_props(struct ks_jw *w, const struct ks_finding *f)
{
	size_t i;

	for (i = 0; i < f->v.nsevs; i++) {
		const struct ks_vsev *v = &f->v.sevs[i];

		if (f->severity_source == NULL || !ks_streq(v->source, f->severity_source))
			continue;
		ks_jw_kstr_opt(w, "cvssv2_vector", v->v2_vector);
		if (v->v2_score > 0) {
			ks_jw_key(w, "cvssv2_score");
			ks_jw_double(w, v->v2_score);
		}
		ks_jw_kstr_opt(w, "cvssv3_vector", v->v3_vector);
		if (v->v3_score > 0) {
			ks_jw_key(w, "cvssv3_baseScore");
			ks_jw_double(w, v->v3_score);
		}
		ks_jw_kstr_opt(w, "cvssv40_vector", v->v40_vector);
		if (v->v40_score > 0) {
			ks_jw_key(w, "cvssv40_baseScore");
			ks_jw_double(w, v->v40_score);
		}
		return;
	}
}

static int w_rule(struct sarif *s, const struct rule *ru)
{
	struct ks_jw *w = &s->w;
	const struct ks_finding *f = ru->f;
	const char *id = ks_rep_s(f->vuln_id), *title = f->v.title, *desc = f->v.description;
	const char *sev = ks_sev_name((enum ks_sev)ks_rep_sev(f));
	char score[32];
	int rc;

	if (title == NULL || title[0] == '\0')
		title = id;
	if (desc == NULL || desc[0] == '\0')
		desc = title;
	ks_jw_obj(w);
	ks_jw_kstr(w, "id", id);
	ks_jw_kstr(w, "name", rule_name(ru->t));
	w_text(w, "shortDescription", title);
	w_text(w, "fullDescription", desc);
	ks_jw_key(w, "defaultConfiguration");
	ks_jw_obj(w);
	ks_jw_kstr(w, "level", level(ks_rep_sev(f)));
	ks_jw_obj_end(w);
	if (ks_rep_http_url(f->primary_url))
		ks_jw_kstr(w, "helpUri", f->primary_url);
	if ((rc = w_help(s, f)) != 0)
		return rc;
	ks_jw_key(w, "properties");
	ks_jw_obj(w);
	ks_jw_kstr(w, "precision", "very-high");
	security_severity(f, score, sizeof(score));
	ks_jw_kstr(w, "security-severity", score);
	ks_jw_key(w, "tags");
	ks_jw_arr(w);
	ks_jw_str(w, "vulnerability");
	ks_jw_str(w, "security");
	ks_jw_str(w, sev);
	if (f->v.kev)
		ks_jw_str(w, "known-exploited");
	ks_jw_arr_end(w);
	w_cvss_props(w, f);
	ks_jw_obj_end(w);
	ks_jw_obj_end(w);
	return 0;
}

/* One location: the artifact (uriBaseId ROOTPATH, as Trivy) and the lines, 1 when the
 * package has no position (OS packages). */
static void w_location(struct ks_jw *w, const char *uri, unsigned start, unsigned end,
	const char *msg)
{
	ks_jw_obj(w);
	ks_jw_key(w, "physicalLocation");
	ks_jw_obj(w);
	ks_jw_key(w, "artifactLocation");
	ks_jw_obj(w);
	ks_jw_kstr(w, "uri", uri);
	ks_jw_kstr(w, "uriBaseId", "ROOTPATH");
	ks_jw_obj_end(w);
	ks_jw_key(w, "region");
	ks_jw_obj(w);
	ks_jw_kint(w, "startLine", start);
	ks_jw_kint(w, "startColumn", 1);
	ks_jw_kint(w, "endLine", end);
	ks_jw_kint(w, "endColumn", 1);
	ks_jw_obj_end(w);
	ks_jw_obj_end(w);
	w_text(w, "message", msg);
	ks_jw_obj_end(w);
}

static int w_result(struct sarif *s, const struct ks_target *t, const struct ks_finding *f)
{
	struct ks_jw *w = &s->w;
	const char *id = ks_rep_s(f->vuln_id), *pkg = ks_rep_s(f->pkg->name);
	const char *inst = ks_rep_s(f->installed), *uri = location_uri(s, t, f->pkg);
	char fp[KS_REP_HEX_LEN + 1];
	uintptr_t idx = (uintptr_t)ks_map_get(&s->ids, id, strlen(id));
	size_t i;
	int rc;

	if (uri == NULL || idx == 0)
		return KS_ENOMEM;
	if ((rc = ks_rep_hex(fp, id, pkg, inst, uri, (const char *)NULL)) != 0)
		return rc;
	ks_jw_obj(w);
	ks_jw_kstr(w, "ruleId", id);
	ks_jw_key(w, "ruleIndex");
	ks_jw_uint(w, idx - 1);
	ks_jw_kstr(w, "level", level(ks_rep_sev(f)));
	ks_buf_reset(&s->b);
	if ((rc = ks_buf_addf(&s->b, "Package: %s\nInstalled Version: %s\nVulnerability %s\n"
				     "Severity: %s\nFixed Version: %s\nLink: [%s](%s)", pkg, inst, id,
		     ks_sev_name((enum ks_sev)ks_rep_sev(f)), ks_rep_s(f->fixed), id,
		     ks_rep_s(f->primary_url))) != 0)
		return rc;
	w_text(w, "message", s->b.p);
	ks_buf_reset(&s->b);
	if ((rc = ks_buf_addf(&s->b, "%s: %s@%s", uri, pkg, inst)) != 0)
		return rc;
	ks_jw_key(w, "locations");
	ks_jw_arr(w);
	for (i = 0; i < (f->pkg->nlocs ? f->pkg->nlocs : 1); i++) {
		const struct ks_loc *l = f->pkg->nlocs ? &f->pkg->locs[i] : NULL;
		unsigned start = l && l->start ? l->start : 1;

		w_location(w, uri, start, l && l->end >= start ? l->end : start, s->b.p);
	}
	ks_jw_arr_end(w);
	ks_jw_key(w, "partialFingerprints");
	ks_jw_obj(w);
	ks_jw_kstr(w, "kensa/v1", fp);
	ks_jw_obj_end(w);
	ks_jw_obj_end(w);
	return 0;
}

static void w_strv(struct ks_jw *w, const char *key, const struct ks_strv *sv)
{
	size_t i;

	ks_jw_key(w, key);
	ks_jw_arr(w);
	for (i = 0; i < sv->n; i++)
		ks_jw_str(w, sv->v[i]);
	ks_jw_arr_end(w);
}

static int w_run(struct sarif *s)
{
	const struct kensa_result *r = s->r;
	struct ks_jw *w = &s->w;
	size_t i, j;
	int rc;

	ks_jw_obj(w);
	ks_jw_key(w, "tool");
	ks_jw_obj(w);
	ks_jw_key(w, "driver");
	ks_jw_obj(w);
	ks_jw_kstr(w, "fullName", "kensa container image scanner");
	ks_jw_kstr(w, "name", "kensa");
	ks_jw_key(w, "rules");
	ks_jw_arr(w);
	for (i = 0; i < s->nrules; i++)
		if ((rc = w_rule(s, &s->rules[i])) != 0)
			return rc;
	ks_jw_arr_end(w);
	ks_jw_kstr(w, "version", kensa_version());
	ks_jw_obj_end(w);
	ks_jw_obj_end(w);
	ks_jw_key(w, "results");
	ks_jw_arr(w);
	for (i = 0; i < r->ntargets; i++)
		for (j = 0; j < r->targets[i].nvulns; j++)
			if ((rc = w_result(s, &r->targets[i], &r->targets[i].vulns[j])) != 0)
				return rc;
	ks_jw_arr_end(w);
	ks_jw_kstr(w, "columnKind", "utf16CodeUnits");
	if (ks_streq(r->artifact_type, "container_image")) {
		ks_jw_key(w, "properties");
		ks_jw_obj(w);
		ks_jw_kstr(w, "imageName", ks_rep_s(r->artifact_name));
		w_strv(w, "repoTags", &r->repo_tags);
		w_strv(w, "repoDigests", &r->repo_digests);
		ks_jw_kstr(w, "imageID", ks_rep_s(r->image_id));
		ks_jw_obj_end(w);
	}
	ks_jw_obj_end(w);
	return 0;
}

static int write_sarif(const struct kensa_result *r, const struct kensa_report_options *ro,
	struct ks_arena *a, FILE *f, struct ks_err *err)
{
	struct sarif s;
	int rc;

	(void)ro;
	memset(&s, 0, sizeof(s));
	s.r = r;
	s.a = a;
	ks_map_init(&s.ids);
	ks_buf_init(&s.b, TEXT_MAX);
	ks_jw_init(&s.w, f, true);
	if ((rc = collect_rules(&s)) != 0)
		goto out;
	ks_jw_obj(&s.w);
	ks_jw_kstr(&s.w, "version", "2.1.0");
	ks_jw_kstr(&s.w, "$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/"
				    "schemas/sarif-schema-2.1.0.json");
	ks_jw_key(&s.w, "runs");
	ks_jw_arr(&s.w);
	if ((rc = w_run(&s)) != 0)
		goto out;
	ks_jw_arr_end(&s.w);
	ks_jw_obj_end(&s.w);
	fputc('\n', f);
	if (s.w.err != 0 || ferror(f))
		rc = KS_EIO;
out:
	if (rc == KS_EIO)
		ks_seterr(err, rc, "cannot write the SARIF report");
	else if (rc != 0)
		ks_seterr(err, rc, "sarif: %s", rc == KS_ELIMIT ? "a text is too long" :
								 "out of memory");
	ks_buf_release(&s.b);
	ks_map_release(&s.ids);
	return rc;
}

const struct ks_writer ks_writer_sarif = { "sarif", write_sarif };
