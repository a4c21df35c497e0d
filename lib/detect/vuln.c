/*
 * vuln.c - the vulnerability matcher (see detect.h).
 *
 * Which name and version of an OS package meet the advisories follows Trivy's detectors:
 * distributions whose feeds speak of source packages (Alpine, Wolfi, Debian, Ubuntu,
 * Mariner/Azure Linux) are looked up by the source name and compared by the source
 * version ("[epoch:]version[-revision]"); the rpm distributions by the binary name and
 * "[epoch:]version-release". The chosen severity is the advisory's own per-package one
 * when it has one; else the severity the advisory's data source gives the vulnerability;
 * else NVD's; else the record's own (Trivy's FillInfo).
 */
#include "detect/detect.h"
#include "util/map.h"
#include "util/str.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct fam {
	const char *family;
	const char *eco; /* version scheme */
	bool by_source;
};

static const struct fam fams[] = {
	{ "alpine", "apk", true }, { "wolfi", "apk", true }, { "chainguard", "apk", true },
	{ "debian", "deb", true }, { "ubuntu", "deb", true },
	{ "cbl-mariner", "rpm", true }, { "azurelinux", "rpm", true },
	{ "redhat", "rpm", false }, { "centos", "rpm", false }, { "rocky", "rpm", false },
	{ "alma", "rpm", false }, { "oracle", "rpm", false }, { "amazon", "rpm", false },
	{ "fedora", "rpm", false }, { "photon", "rpm", false }, { "opensuse-leap", "rpm", false },
	{ "opensuse-tumbleweed", "rpm", false }, { "sles", "rpm", false },
};

static const struct fam *fam_of(const char *family)
{
	size_t i;

	for (i = 0; i < sizeof(fams) / sizeof(fams[0]); i++)
		if (ks_streq(fams[i].family, family))
			return &fams[i];
	return NULL;
}

/* Matching state for one target. */
struct match {
	struct kensa_result *res;
	struct ks_target *t;
	struct ks_db *db;
	struct ks_arena scratch;
	const struct ks_pkg *pkg;
	const struct ks_ver *ver;
	struct ks_finding *out;
	size_t n, cap;
	int err;
};

static const char *src_version(struct ks_arena *a, const struct ks_pkg *p)
{
	struct ks_pkg s = *p;

	if (p->src_version == NULL || p->src_version[0] == '\0')
		return ks_pkg_version_string(a, p);
	s.version = p->src_version;
	s.release = p->src_release;
	s.epoch = p->src_epoch;
	return ks_pkg_version_string(a, &s);
}

static int json_strv(struct ks_arena *a, const char *json, struct ks_strv *out)
{
	json_error_t je;
	json_t *arr, *x;
	size_t i;
	int r = 0;

	if (json == NULL || (arr = json_loads(json, 0, &je)) == NULL)
		return 0;
	json_array_foreach(arr, i, x)
		if (json_is_string(x) && (r = ks_strv_pushn(a, out, json_string_value(x),
						    json_string_length(x))) != 0)
			break;
	json_decref(arr);
	return r;
}

/* True if the advisory is limited to architectures and the package's is not one. */
static bool wrong_arch(const struct ks_adv *a, const struct ks_pkg *p)
{
	json_error_t je;
	json_t *arr, *x;
	size_t i;
	bool wrong = true;

	if (a->arches == NULL || a->arches[0] == '\0' || p->arch == NULL ||
		(arr = json_loads(a->arches, 0, &je)) == NULL)
		return false;
	if (json_array_size(arr) == 0)
		wrong = false;
	json_array_foreach(arr, i, x)
		if (ks_streq(json_string_value(x), p->arch))
			wrong = false;
	json_decref(arr);
	return wrong;
}

static int on_advisory(void *ud, const struct ks_adv *a)
{
	struct match *m = ud;
	struct ks_ctx *cx = &m->res->cx;
	struct ks_finding *f;
	struct ks_err err;

	if (a->status == KS_ST_NOT_AFFECTED || wrong_arch(a, m->pkg))
		return 0;
	ks_err_clear(&err);
	if (!ks_ranges_affect(&m->scratch, m->ver, a->ranges, &err)) {
		if (err.code != 0)
			ks_log(cx, KS_LOG_DEBUG, "%s %s: %s: %s", a->eco, a->pkg, a->vuln_id, err.msg);
		return 0;
	}
	f = ks_arena_grow(&cx->arena, m->out, m->n, &m->cap, m->n + 1, sizeof(*f));
	if (f == NULL)
		return KS_ENOMEM;
	m->out = f;
	f = &m->out[m->n++];
	memset(f, 0, sizeof(*f));
	f->vuln_id = ks_arena_strdup(&cx->arena, a->vuln_id);
	f->pkg = m->pkg;
	f->installed = ks_pkg_version_string(&cx->arena, m->pkg);
	f->fixed = ks_arena_strdup(&cx->arena, a->fixed ? a->fixed : "");
	f->status = f->fixed && f->fixed[0] ? KS_ST_FIXED :
		    a->status == KS_ST_UNKNOWN || a->status == KS_ST_FIXED ? KS_ST_AFFECTED : a->status;
	f->data_source = a->data_source ? ks_arena_strdup(&cx->arena, a->data_source) : NULL;
	f->severity = a->severity; /* the advisory's own, -1 if none; settled in fill() */
	f->severity_source = ks_arena_strdup(&cx->arena, a->source);
	if (f->vuln_id == NULL || f->installed == NULL || f->fixed == NULL ||
		json_strv(&cx->arena, a->vendor_ids, &f->vendor_ids) != 0)
		return KS_ENOMEM;
	return 0;
}

/* The data source ID ("alpine", "nvd", ...) from the advisory's DataSource JSON. */
static const char *ds_id(struct ks_arena *a, const char *ds)
{
	json_error_t je;
	json_t *o;
	const char *id = NULL;

	if (ds == NULL || (o = json_loads(ds, 0, &je)) == NULL)
		return NULL;
	if (json_is_string(json_object_get(o, "ID")))
		id = ks_arena_strdup(a, json_string_value(json_object_get(o, "ID")));
	json_decref(o);
	return id;
}

static const struct ks_vsev *sev_of(const struct ks_vuln *v, const char *source)
{
	size_t i;

	for (i = 0; source != NULL && i < v->nsevs; i++)
		if (ks_streq(v->sevs[i].source, source) && v->sevs[i].severity >= 0)
			return &v->sevs[i];
	return NULL;
}

/* Trivy's primary URL for an ID, or a reference of the data source's own site. */
static const char *primary_url(struct ks_arena *a, const struct ks_finding *f, const char *src)
{
	static const struct {
		const char *source, *prefix;
	} sites[] = { { "debian", "http://www.debian.org" }, { "debian", "https://www.debian.org" },
		{ "ubuntu", "http://www.ubuntu.com" }, { "ubuntu", "https://usn.ubuntu.com" },
		{ "redhat", "https://access.redhat.com" },
		{ "oracle-oval", "http://linux.oracle.com/errata" },
		{ "oracle-oval", "https://linux.oracle.com/errata" },
		{ "nodejs-security-wg", "https://www.npmjs.com" },
		{ "nodejs-security-wg", "https://hackerone.com" },
		{ "ruby-advisory-db", "https://groups.google.com" } };
	const char *id = f->vuln_id;
	char *lower;
	size_t i, j;

	if (ks_hasprefix(id, "CVE-")) {
		if ((lower = ks_arena_printf(a, "https://avd.aquasec.com/nvd/%s", id)) != NULL)
			for (i = 0; lower[i]; i++)
				if (lower[i] >= 'A' && lower[i] <= 'Z')
					lower[i] = (char)(lower[i] - 'A' + 'a');
		return lower;
	}
	if (ks_hasprefix(id, "RUSTSEC-"))
		return ks_arena_printf(a, "https://osv.dev/vulnerability/%s", id);
	if (ks_hasprefix(id, "GHSA-"))
		return ks_arena_printf(a, "https://github.com/advisories/%s", id);
	if (ks_hasprefix(id, "TEMP-"))
		return ks_arena_printf(a, "https://security-tracker.debian.org/tracker/%s", id);
	for (i = 0; i < sizeof(sites) / sizeof(sites[0]); i++)
		if (ks_streq(sites[i].source, src))
			for (j = 0; j < f->v.refs.n; j++)
				if (ks_hasprefix(f->v.refs.v[j], sites[i].prefix))
					return f->v.refs.v[j];
	return "";
}

/* Adds the vulnerability's details and settles severity and primary URL. */
static int fill(struct ks_ctx *cx, struct ks_db *db, struct ks_finding *f)
{
	const char *src = ds_id(&cx->arena, f->data_source);
	const struct ks_vsev *vs;
	int r = ks_db_vuln(db, cx, f->vuln_id, &f->v);

	if (r != 0 && r != KS_ENOTFOUND)
		return r;
	if (src == NULL)
		src = f->severity_source;
	if (f->severity > KS_SEV_UNKNOWN) {
		/* a per-package severity from the advisory (Debian, Red Hat) wins */
		f->severity_source = src;
	} else if ((vs = sev_of(&f->v, src)) != NULL) {
		f->severity = vs->severity;
		f->severity_source = vs->source;
	} else if ((vs = sev_of(&f->v, "nvd")) != NULL) {
		f->severity = vs->severity;
		f->severity_source = "nvd";
	} else {
		f->severity = f->v.severity >= 0 ? f->v.severity : KS_SEV_UNKNOWN;
		f->severity_source = "";
	}
	f->primary_url = primary_url(&cx->arena, f, src);
	return f->primary_url ? 0 : KS_ENOMEM;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct ks_finding *x = a, *y = b;
	int c;

	if ((c = strcmp(x->pkg->name, y->pkg->name)) != 0)
		return c;
	if ((c = strcmp(x->pkg->file_path ? x->pkg->file_path : "",
		     y->pkg->file_path ? y->pkg->file_path : "")) != 0)
		return c;
	if ((c = strcmp(x->installed, y->installed)) != 0)
		return c;
	if ((c = strcmp(x->vuln_id, y->vuln_id)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

/* One finding per package per vulnerability: when several advisories (several feeds, or
 * a GHSA and its CVE) name the same package, keep the first, preferring a CVE ID. */
static size_t collapse(struct ks_finding *f, size_t n)
{
	size_t i, j, w = 0;

	for (i = 0; i < n; i++) {
		bool dup = false;

		for (j = 0; j < w && !dup; j++) {
			size_t k;

			if (f[j].pkg != f[i].pkg)
				continue;
			dup = strcmp(f[j].vuln_id, f[i].vuln_id) == 0;
			for (k = 0; !dup && k < f[i].v.aliases.n; k++)
				dup = strcmp(f[i].v.aliases.v[k], f[j].vuln_id) == 0;
			if (dup && ks_hasprefix(f[i].vuln_id, "CVE-") &&
				!ks_hasprefix(f[j].vuln_id, "CVE-"))
				f[j] = f[i];
		}
		if (!dup)
			f[w++] = f[i];
	}
	return w;
}

/* Completes a target's findings: details, severities, order, one per package and
 * vulnerability. */
static int settle(struct match *m)
{
	size_t i;
	int r;

	for (i = 0; i < m->n; i++)
		if ((r = fill(&m->res->cx, m->db, &m->out[i])) != 0)
			return r;
	if (m->n > 1)
		qsort(m->out, m->n, sizeof(*m->out), cmp_finding);
	m->t->vulns = m->out;
	m->t->nvulns = collapse(m->out, m->n);
	return 0;
}

static int match_pkg(struct match *m, const struct fam *fam, const char *eco,
	const struct ks_pkg *p)
{
	struct ks_ctx *cx = &m->res->cx;
	const char *name = fam->by_source && p->src_name && p->src_name[0] ? p->src_name : p->name;
	const char *version = fam->by_source ? src_version(&cx->arena, p) :
					       ks_pkg_version_string(&cx->arena, p);
	struct ks_err err;

	if (version == NULL)
		return KS_ENOMEM;
	if (ks_ver_parse(&m->scratch, &err, ks_eco_lookup(ks_str_c(fam->eco)), ks_str_c(version),
		    &m->ver) != 0)
		return ks_warn(cx, "%s: cannot compare version '%s' of %s: %s", eco, version,
			p->name, err.msg);
	m->pkg = p;
	return ks_db_advisories(m->db, eco, name, on_advisory, m);
}

static int detect_target(struct kensa_result *res, struct ks_db *db, struct ks_target *t)
{
	struct ks_ctx *cx = &res->cx;
	const struct fam *fam = fam_of(res->os.family);
	const char *eco = ks_db_eco_for_os(&cx->arena, res->os.family, res->os.name);
	struct match m;
	size_t i;
	int r = 0;

	if (fam == NULL || eco == NULL)
		return ks_warn(cx, "%s %s: kensa has no vulnerability data for this operating "
			"system; its packages were not checked", res->os.family ? res->os.family :
			"unknown", res->os.name ? res->os.name : "");
	memset(&m, 0, sizeof(m));
	m.res = res;
	m.t = t;
	m.db = db;
	ks_arena_init(&m.scratch);
	for (i = 0; i < t->npkgs && r == 0; i++) {
		r = match_pkg(&m, fam, eco, &t->pkgs[i]);
		if (m.scratch.used > (8u << 20)) {
			ks_arena_release(&m.scratch);
			ks_arena_init(&m.scratch);
		}
	}
	ks_arena_release(&m.scratch);
	return r != 0 ? r : settle(&m);
}

/* The database ecosystem of a language package type (Trivy's type names). */
static const char *lang_eco(const char *type)
{
	static const struct {
		const char *type, *eco;
	} m[] = { { "npm", "npm" }, { "yarn", "npm" }, { "pnpm", "npm" }, { "bun", "npm" },
		{ "node-pkg", "npm" }, { "pip", "pypi" }, { "pipenv", "pypi" }, { "poetry", "pypi" },
		{ "uv", "pypi" }, { "pdm", "pypi" }, { "python-pkg", "pypi" }, { "jar", "maven" },
		{ "pom", "maven" }, { "gradle", "maven" }, { "sbt", "maven" }, { "gomod", "go" },
		{ "gobinary", "go" }, { "cargo", "cargo" }, { "rustbinary", "cargo" },
		{ "bundler", "gem" }, { "gemspec", "gem" }, { "composer", "composer" },
		{ "composer-vendor", "composer" }, { "nuget", "nuget" }, { "dotnet-core", "nuget" },
		{ "packages-props", "nuget" }, { "pub", "pub" }, { "hex", "hex" }, { "swift", "swift" },
		{ "cocoapods", "cocoapods" }, { "conan", "conan" } };
	size_t i;

	for (i = 0; type != NULL && i < sizeof(m) / sizeof(m[0]); i++)
		if (strcmp(m[i].type, type) == 0)
			return m[i].eco;
	return NULL;
}

/* Language packages: by normalised name in their ecosystem, by their own version. */
static int detect_lang(struct kensa_result *res, struct ks_db *db, struct ks_target *t)
{
	struct ks_ctx *cx = &res->cx;
	struct match m;
	size_t i;
	int r = 0;

	memset(&m, 0, sizeof(m));
	m.res = res;
	m.t = t;
	m.db = db;
	ks_arena_init(&m.scratch);
	for (i = 0; i < t->npkgs && r == 0; i++) {
		const struct ks_pkg *p = &t->pkgs[i];
		const char *eco = lang_eco(p->analyzed_by), *name;
		enum ks_eco veco;
		struct ks_err err;

		if (eco == NULL || p->version == NULL ||
			(veco = ks_eco_lookup(ks_str_c(eco))) == KS_ECO_NONE)
			continue;
		if ((name = ks_db_pkg_norm(&cx->arena, eco, p->name)) == NULL) {
			r = KS_ENOMEM;
			break;
		}
		if (ks_ver_parse(&m.scratch, &err, veco, ks_str_c(p->version), &m.ver) != 0) {
			ks_log(cx, KS_LOG_DEBUG, "%s: cannot compare version '%s' of %s: %s", eco,
				p->version, p->name, err.msg);
			continue;
		}
		m.pkg = p;
		r = ks_db_advisories(db, eco, name, on_advisory, &m);
	}
	ks_arena_release(&m.scratch);
	return r != 0 ? r : settle(&m);
}

int ks_detect_vulns(struct kensa_result *res, struct ks_db *db)
{
	size_t i;
	int r = 0;

	for (i = 0; i < res->ntargets && r == 0; i++) {
		if (ks_streq(res->targets[i].klass, "lang-pkgs"))
			r = detect_lang(res, db, &res->targets[i]);
		else if (ks_streq(res->targets[i].klass, "os-pkgs") && res->has_os)
			r = detect_target(res, db, &res->targets[i]);
	}
	return r;
}
