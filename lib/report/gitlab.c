/*
 * gitlab.c - the GitLab container-scanning report (security report schema 15.0.7), which
 * GitLab shows in merge requests and its vulnerability report.
 *
 * Laid out as Trivy's gitlab template lays it out: scan{analyzer, scanner, type, times,
 * status}, one vulnerability per finding with the title as name, the description,
 * GitLab's severity names, "Upgrade <package> to <fixed>" as solution, the package,
 * version, OS and image as location, identifiers and reference links, and an empty
 * remediations list. kensa differs where the schema or GitLab asks for it: the
 * vulnerability id is a UUID-shaped hash of the vulnerability, package, version and
 * target (Trivy repeats the CVE ID, which GitLab needs unique); aliases are extra
 * identifiers, so GitLab merges them with reports of other scanners; the CVSS vectors go
 * in cvss_vectors; the real operating system replaces Trivy's "Unknown"; links that the
 * schema would reject (not http/https/ftp) are left out; and warnings about what could not
 * be analysed become scan messages.
 */
#include "report/report.h"
#include "report/rutil.h"
#include "util/jsonw.h"
#include "util/str.h"

#include <string.h>

#define NAME_MAX_CHARS 255     /* vulnerability name */
#define SOLUTION_MAX_CHARS 7000 /* solution */

/* GitLab's severity names. */
static const char *gl_sev(int sev)
{
	static const char *const names[] = { "Unknown", "Low", "Medium", "High", "Critical" };

	return names[sev];
}

/* The length of the longest prefix of s with at most max code points, not splitting a
 * UTF-8 sequence (the schema counts characters). */
static size_t utf8_prefix(const char *s, size_t max)
{
	size_t i = 0, chars = 0;

	while (s[i] != '\0') {
		size_t k = 1;

		if (chars == max)
			break;
		while (s[i + k] != '\0' && ((unsigned char)s[i + k] & 0xc0) == 0x80)
			k++;
		i += k;
		chars++;
	}
	return i;
}

/* A metric of a CVSS vector and the values the schema allows for it ("|"-separated). */
struct metric {
	const char *key, *values;
};

static const struct metric cvss3[] = {
	{ "AV", "N|A|L|P" }, { "AC", "L|H" }, { "PR", "N|L|H" }, { "UI", "N|R" },
	{ "S", "U|C" }, { "C", "N|L|H" }, { "I", "N|L|H" }, { "A", "N|L|H" },
	{ "E", "X|U|P|F|H" }, { "RL", "X|O|T|W|U" }, { "RC", "X|U|R|C" }, { "CR", "X|L|M|H" },
	{ "IR", "X|L|M|H" }, { "AR", "X|L|M|H" }, { "MAV", "X|N|A|L|P" }, { "MAC", "X|L|H" },
	{ "MPR", "X|N|L|H" }, { "MUI", "X|N|R" }, { "MS", "X|U|C" }, { "MC", "X|N|L|H" },
	{ "MI", "X|N|L|H" }, { "MA", "X|N|L|H" }, { NULL, NULL },
};

static const struct metric cvss2[] = {
	{ "AV", "N|A|L" }, { "AC", "L|M|H" }, { "Au", "M|S|N" }, { "C", "N|P|C" },
	{ "I", "N|P|C" }, { "A", "N|P|C" }, { "E", "U|POC|F|H|ND" }, { "RL", "OF|TF|W|U|ND" },
	{ "RC", "UC|UR|C|ND" }, { "CDP", "N|L|LM|MH|H|ND" }, { "TD", "N|L|M|H|ND" },
	{ "CR", "L|M|H|ND" }, { "IR", "L|M|H|ND" }, { "AR", "L|M|H|ND" }, { NULL, NULL },
};

static bool in_list(struct ks_str v, const char *list)
{
	struct ks_str rest = ks_str_c(list), one;

	while (rest.n > 0) {
		ks_str_cut(rest, '|', &one, &rest);
		if (ks_str_eqs(one, v))
			return true;
	}
	return false;
}

/* True if every "/"-separated part of v is KEY:VALUE with a value the table allows. */
static bool metrics_ok(struct ks_str v, const struct metric *tab)
{
	struct ks_str part, key, val;
	size_t i;

	if (v.n == 0)
		return false;
	while (v.n > 0) {
		ks_str_cut(v, '/', &part, &v);
		if (!ks_str_cut(part, ':', &key, &val))
			return false;
		for (i = 0; tab[i].key != NULL && !ks_str_eq(key, tab[i].key); i++)
			;
		if (tab[i].key == NULL || !in_list(val, tab[i].values))
			return false;
	}
	return true;
}

/* True if vector matches the schema's CVSS v3 (v3 = true) or v2 vector pattern. */
static bool cvss_vector_ok(const char *vector, bool v3)
{
	struct ks_str v = ks_str_c(vector);

	if (vector == NULL || v.n > 128 || v.n < (v3 ? 32u : 16u) || v.p[v.n - 1] == '/')
		return false;
	if (!v3)
		return metrics_ok(v, cvss2);
	if (!ks_str_hasprefix(v, "CVSS:3.0/") && !ks_str_hasprefix(v, "CVSS:3.1/"))
		return false;
	return metrics_ok(ks_str_sub(v, 9, v.n), cvss3);
}

static bool link_ok(const char *url)
{
	return ks_rep_http_url(url) ||
	       (url != NULL && ks_hasprefix(url, "ftp://") && url[6] != '\0');
}

/* "cve", "ghsa", "rhsa", ...: the identifier type GitLab groups by. */
static const char *id_type(struct ks_arena *a, const char *id)
{
	size_t n = strcspn(id, "-"), i;
	char *t;

	if (n == 0 || id[n] == '\0' || n > 32)
		return "advisory";
	if ((t = ks_arena_strndup(a, id, n)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (t[i] >= 'A' && t[i] <= 'Z')
			t[i] = (char)(t[i] - 'A' + 'a');
	return t;
}

static int w_identifier(struct ks_jw *w, struct ks_arena *a, const char *id, const char *url)
{
	const char *type = id_type(a, id);

	if (type == NULL)
		return KS_ENOMEM;
	ks_jw_obj(w);
	ks_jw_kstr(w, "type", type);
	ks_jw_kstr(w, "name", id);
	ks_jw_kstr(w, "value", id);
	if (link_ok(url))
		ks_jw_kstr(w, "url", url);
	ks_jw_obj_end(w);
	return 0;
}

/* The CVSS vectors the schema accepts (it rejects any array with a malformed one, and
 * takes at most 10), v3 before v2 per source. */
static void w_cvss_vectors(struct ks_jw *w, const struct ks_vuln *v)
{
	const char *vendor[10], *vector[10];
	size_t i, n = 0;
	int j;

	for (i = 0; i < v->nsevs; i++) {
		const struct ks_vsev *s = &v->sevs[i];
		const char *vec[2] = { s->v3_vector, s->v2_vector };

		for (j = 0; j < 2 && n < 10; j++)
			if (cvss_vector_ok(vec[j], j == 0)) {
				vendor[n] = s->source && s->source[0] ? s->source : "unknown";
				vector[n++] = vec[j];
			}
	}
	if (n == 0)
		return;
	ks_jw_key(w, "cvss_vectors");
	ks_jw_arr(w);
	for (i = 0; i < n; i++) {
		ks_jw_obj(w);
		ks_jw_kstr(w, "vendor", vendor[i]);
		ks_jw_kstr(w, "vector", vector[i]);
		ks_jw_obj_end(w);
	}
	ks_jw_arr_end(w);
}

static int w_vuln(struct ks_jw *w, struct ks_arena *a, const struct kensa_result *r,
	const struct ks_target *t, const struct ks_finding *f, const char *os)
{
	char id[KS_REP_UUID_LEN + 1];
	const char *name = f->v.title, *pkg = ks_rep_s(f->pkg->name);
	const char *image = r->artifact_name && r->artifact_name[0] ? r->artifact_name : "unknown";
	size_t i;
	int rc;

	if ((rc = ks_rep_uuid(id, ks_rep_s(f->vuln_id), pkg, ks_rep_s(f->installed),
		     ks_rep_s(t->name), (const char *)NULL)) != 0)
		return rc;
	if (name == NULL || name[0] == '\0')
		name = ks_rep_s(f->vuln_id);
	ks_jw_obj(w);
	ks_jw_kstr(w, "id", id);
	ks_jw_key(w, "name");
	ks_jw_strn(w, name, utf8_prefix(name, NAME_MAX_CHARS));
	ks_jw_kstr_opt(w, "description", f->v.description);
	ks_jw_kstr(w, "severity", gl_sev(ks_rep_sev(f)));
	if (f->fixed != NULL && f->fixed[0] != '\0') {
		const char *sol = ks_arena_printf(a, "Upgrade %s to %s", pkg, f->fixed);

		if (sol == NULL)
			return KS_ENOMEM;
		ks_jw_key(w, "solution");
		ks_jw_strn(w, sol, utf8_prefix(sol, SOLUTION_MAX_CHARS));
	}
	ks_jw_key(w, "location");
	ks_jw_obj(w);
	ks_jw_key(w, "dependency");
	ks_jw_obj(w);
	ks_jw_key(w, "package");
	ks_jw_obj(w);
	ks_jw_kstr(w, "name", pkg);
	ks_jw_obj_end(w);
	ks_jw_kstr(w, "version", ks_rep_s(f->installed));
	ks_jw_obj_end(w);
	ks_jw_kstr(w, "operating_system", os);
	ks_jw_kstr(w, "image", image);
	ks_jw_obj_end(w);
	ks_jw_key(w, "identifiers");
	ks_jw_arr(w);
	if ((rc = w_identifier(w, a, f->vuln_id && f->vuln_id[0] ? f->vuln_id : "unknown",
		     f->primary_url)) != 0)
		return rc;
	for (i = 0; i < f->v.aliases.n; i++)
		if (!ks_streq(f->v.aliases.v[i], f->vuln_id) && f->v.aliases.v[i][0] != '\0' &&
			(rc = w_identifier(w, a, f->v.aliases.v[i], NULL)) != 0)
			return rc;
	ks_jw_arr_end(w);
	w_cvss_vectors(w, &f->v);
	ks_jw_key(w, "links");
	ks_jw_arr(w);
	for (i = 0; i < f->v.refs.n; i++) {
		if (!link_ok(f->v.refs.v[i]))
			continue;
		ks_jw_obj(w);
		ks_jw_kstr(w, "url", f->v.refs.v[i]);
		ks_jw_obj_end(w);
	}
	ks_jw_arr_end(w);
	ks_jw_obj_end(w);
	return 0;
}

static void w_party(struct ks_jw *w, const char *key)
{
	ks_jw_key(w, key);
	ks_jw_obj(w);
	ks_jw_kstr(w, "id", "kensa");
	ks_jw_kstr(w, "name", "kensa");
	ks_jw_kstr(w, "version", kensa_version());
	ks_jw_key(w, "vendor");
	ks_jw_obj(w);
	ks_jw_kstr(w, "name", "kensa");
	ks_jw_obj_end(w);
	ks_jw_obj_end(w);
}

static int write_gitlab(const struct kensa_result *r, const struct kensa_report_options *ro,
	struct ks_arena *a, FILE *f, struct ks_err *err)
{
	const char *os = ks_rep_os(a, r);
	struct ks_jw w;
	char stamp[40];
	time_t now;
	size_t i, j;
	int rc = 0;

	if ((rc = ks_rep_time(ro, &now, err)) != 0)
		return rc;
	if (r->has_os && os == NULL)
		return ks_seterr(err, KS_ENOMEM, "gitlab: out of memory");
	ks_rep_fmt_time(now, KS_REP_T_BARE, stamp, sizeof(stamp));
	ks_jw_init(&w, f, true);
	ks_jw_obj(&w);
	ks_jw_kstr(&w, "version", "15.0.7");
	ks_jw_key(&w, "scan");
	ks_jw_obj(&w);
	w_party(&w, "analyzer");
	ks_jw_kstr(&w, "end_time", stamp);
	if (r->cx.nwarns > 0) {
		ks_jw_key(&w, "messages");
		ks_jw_arr(&w);
		for (i = 0; i < r->cx.nwarns; i++) {
			if (r->cx.warns[i] == NULL || r->cx.warns[i][0] == '\0')
				continue;
			ks_jw_obj(&w);
			ks_jw_kstr(&w, "level", "warn");
			ks_jw_kstr(&w, "value", r->cx.warns[i]);
			ks_jw_obj_end(&w);
		}
		ks_jw_arr_end(&w);
	}
	w_party(&w, "scanner");
	ks_jw_kstr(&w, "start_time", stamp);
	ks_jw_kstr(&w, "status", "success");
	ks_jw_kstr(&w, "type", "container_scanning");
	ks_jw_obj_end(&w);
	ks_jw_key(&w, "vulnerabilities");
	ks_jw_arr(&w);
	for (i = 0; i < r->ntargets && rc == 0; i++)
		for (j = 0; j < r->targets[i].nvulns && rc == 0; j++)
			rc = w_vuln(&w, a, r, &r->targets[i], &r->targets[i].vulns[j],
				os ? os : "Unknown");
	if (rc != 0)
		return ks_seterr(err, rc, "gitlab: out of memory");
	ks_jw_arr_end(&w);
	ks_jw_key(&w, "remediations");
	ks_jw_arr(&w);
	ks_jw_arr_end(&w);
	ks_jw_obj_end(&w);
	fputc('\n', f);
	if (w.err != 0 || ferror(f))
		return ks_seterr(err, KS_EIO, "cannot write the GitLab report");
	return 0;
}

const struct ks_writer ks_writer_gitlab = { "gitlab", write_gitlab };
