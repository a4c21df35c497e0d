/*
 * spdx.c - the SPDX 2.3 JSON report ("spdx-json"): the package inventory as an SPDX
 * document.
 *
 * Laid out as Trivy's SPDX output: the document DESCRIBES the scanned artifact (a
 * container image or a file system), which CONTAINS one package per target (an
 * operating-system package for the OS packages, an application package for each lock
 * file or language), which CONTAINS that target's packages; a package DEPENDS_ON the packages its
 * database names. Packages carry their purl as a PACKAGE-MANAGER external reference, the
 * licences from the package database as licenseDeclared and licenseConcluded (joined with
 * AND, as Trivy does; NOASSERTION when the database names none), the source package in
 * sourceInfo and the introducing layer in attributionTexts. A licence name that is not an
 * SPDX identifier becomes a LicenseRef- with its text in hasExtractedLicensingInfos.
 *
 * SPDXIDs and the document namespace are hashes of what they name, so the output is
 * reproducible; `created` is the report time.
 */
#include "report/report.h"
#include "report/rutil.h"
#include "util/jsonw.h"
#include "util/map.h"
#include "util/str.h"

#include <string.h>

#define EXPR_MAX (1u << 20) /* one package's licence expression */

struct spdx {
	struct ks_jw w;
	const struct kensa_result *r;
	struct ks_arena *a;
	const char *root;      /* SPDXID of the artifact */
	const char **grp_ids;  /* per target: SPDXID of its operating-system/application package */
	const char ***ids;     /* per target, per package */
	struct ks_map licrefs; /* licence text -> LicenseRef- id, for extracted licences */
	const char **lictexts; /* the texts, in order of first use */
	size_t nlic, caplic;
	struct ks_buf b;
};

/* "SPDXRef-<kind>-<16 hex digits of the hash of the parts>". */
static const char *spdx_id(struct spdx *s, const char *kind, const char *x, const char *y)
{
	char hex[KS_REP_HEX_LEN + 1];

	if (ks_rep_hex(hex, kind, ks_rep_s(x), ks_rep_s(y), (const char *)NULL) != 0)
		return NULL;
	return ks_arena_printf(s->a, "SPDXRef-%s-%.16s", kind, hex);
}

/* True if l can stand in an SPDX licence expression as it is: an SPDX-style identifier
 * (letters, digits, "-", "."), optionally followed by "+". */
static bool license_id_ok(const char *l)
{
	size_t n = strlen(l), k;

	if (n > 0 && l[n - 1] == '+')
		n--;
	if (n == 0 || ks_hasprefix(l, "LicenseRef-") || ks_hasprefix(l, "DocumentRef-"))
		return false;
	k = strspn(l, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.");
	return k == n && strcmp(l, "AND") != 0 && strcmp(l, "OR") != 0 &&
	       strcmp(l, "WITH") != 0 && strcmp(l, "NONE") != 0 && strcmp(l, "NOASSERTION") != 0;
}

/* The LicenseRef- standing for licence text l (the same text gets the same id). */
static const char *license_ref(struct spdx *s, const char *l)
{
	char hex[KS_REP_HEX_LEN + 1];
	const char *id = ks_map_get(&s->licrefs, l, strlen(l)), **nt;

	if (id != NULL)
		return id;
	if (ks_rep_hex(hex, "license", l, (const char *)NULL) != 0 ||
		(id = ks_arena_printf(s->a, "LicenseRef-%.16s", hex)) == NULL)
		return NULL;
	nt = ks_arena_grow(s->a, s->lictexts, s->nlic, &s->caplic, s->nlic + 1,
		sizeof(*s->lictexts));
	if (nt == NULL || ks_map_put(&s->licrefs, l, strlen(l), (void *)id, NULL) != 0)
		return NULL;
	s->lictexts = nt;
	s->lictexts[s->nlic++] = l;
	return id;
}

/* The licence expression of a package (NOASSERTION without licences), in s->b. */
static int license_expr(struct spdx *s, const struct ks_pkg *p)
{
	size_t i;
	int rc = 0;

	ks_buf_reset(&s->b);
	if (p->licenses.n == 0)
		return ks_buf_adds(&s->b, "NOASSERTION");
	for (i = 0; i < p->licenses.n && rc == 0; i++) {
		const char *l = p->licenses.v[i];

		if (i > 0)
			rc = ks_buf_adds(&s->b, " AND ");
		if (rc == 0 && !license_id_ok(l) && (l = license_ref(s, l)) == NULL)
			rc = KS_ENOMEM;
		rc = rc ? rc : ks_buf_adds(&s->b, l);
	}
	return rc;
}

static int assign_ids(struct spdx *s)
{
	const struct kensa_result *r = s->r;
	size_t t, i;

	s->root = spdx_id(s, ks_streq(r->artifact_type, "container_image") ? "ContainerImage" :
									     "Filesystem",
		r->artifact_name, r->image_id);
	s->grp_ids = ks_arena_calloc(s->a, r->ntargets + 1, sizeof(*s->grp_ids));
	s->ids = ks_arena_calloc(s->a, r->ntargets + 1, sizeof(*s->ids));
	if (s->root == NULL || s->grp_ids == NULL || s->ids == NULL)
		return KS_ENOMEM;
	for (t = 0; t < r->ntargets; t++) {
		const struct ks_target *tg = &r->targets[t];

		s->grp_ids[t] = spdx_id(s, ks_streq(tg->klass, "os-pkgs") ? "OperatingSystem" :
									     "Application",
			tg->name, tg->klass);
		if (s->grp_ids[t] == NULL)
			return KS_ENOMEM;
		if ((s->ids[t] = ks_arena_calloc(s->a, tg->npkgs + 1, sizeof(**s->ids))) == NULL)
			return KS_ENOMEM;
		for (i = 0; i < tg->npkgs; i++)
			if ((s->ids[t][i] = spdx_id(s, "Package", tg->name,
				     ks_pkg_uid(s->a, &tg->pkgs[i]))) == NULL)
				return KS_ENOMEM;
	}
	return 0;
}

static void w_root(struct spdx *s)
{
	const struct kensa_result *r = s->r;
	struct ks_jw *w = &s->w;
	size_t i;

	ks_jw_obj(w);
	ks_jw_kstr(w, "name", r->artifact_name && r->artifact_name[0] ? r->artifact_name :
									"unknown");
	ks_jw_kstr(w, "SPDXID", s->root);
	ks_jw_kstr(w, "downloadLocation", "NONE");
	ks_jw_key(w, "filesAnalyzed");
	ks_jw_bool(w, false);
	ks_jw_kstr(w, "primaryPackagePurpose",
		ks_streq(r->artifact_type, "container_image") ? "CONTAINER" : "SOURCE");
	if (r->image_id != NULL || r->diffids.n > 0 || r->repo_tags.n > 0 ||
		r->repo_digests.n > 0) {
		ks_jw_key(w, "attributionTexts");
		ks_jw_arr(w);
		if (r->image_id != NULL) {
			ks_buf_reset(&s->b);
			if (ks_buf_addf(&s->b, "ImageID: %s", r->image_id) == 0)
				ks_jw_str(w, s->b.p);
		}
		for (i = 0; i < r->diffids.n; i++) {
			ks_buf_reset(&s->b);
			if (ks_buf_addf(&s->b, "DiffID: %s", r->diffids.v[i]) == 0)
				ks_jw_str(w, s->b.p);
		}
		for (i = 0; i < r->repo_tags.n; i++) {
			ks_buf_reset(&s->b);
			if (ks_buf_addf(&s->b, "RepoTag: %s", r->repo_tags.v[i]) == 0)
				ks_jw_str(w, s->b.p);
		}
		for (i = 0; i < r->repo_digests.n; i++) {
			ks_buf_reset(&s->b);
			if (ks_buf_addf(&s->b, "RepoDigest: %s", r->repo_digests.v[i]) == 0)
				ks_jw_str(w, s->b.p);
		}
		ks_jw_arr_end(w);
	}
	ks_jw_obj_end(w);
}

static int w_package(struct spdx *s, const struct ks_pkg *p, const char *id)
{
	struct ks_jw *w = &s->w;
	const char *purl = ks_pkg_purl(s->a, s->r, p);
	const char *ver;
	int rc;

	if ((ver = ks_pkg_version_string(s->a, p)) == NULL)
		return KS_ENOMEM;
	ks_jw_obj(w);
	ks_jw_kstr(w, "name", ks_rep_s(p->name));
	ks_jw_kstr(w, "SPDXID", id);
	ks_jw_kstr_opt(w, "versionInfo", ver);
	ks_jw_kstr(w, "downloadLocation", "NONE");
	ks_jw_key(w, "filesAnalyzed");
	ks_jw_bool(w, false);
	if ((rc = license_expr(s, p)) != 0)
		return rc;
	ks_jw_kstr(w, "licenseConcluded", s->b.p);
	ks_jw_kstr(w, "licenseDeclared", s->b.p);
	ks_jw_kstr(w, "copyrightText", "NOASSERTION");
	if (p->src_name != NULL && p->src_name[0] != '\0') {
		struct ks_pkg src = { 0 };
		const char *sv;

		src.version = p->src_version;
		src.release = p->src_release;
		src.epoch = p->src_epoch;
		if ((sv = ks_pkg_version_string(s->a, &src)) == NULL)
			return KS_ENOMEM;
		ks_buf_reset(&s->b);
		if ((rc = ks_buf_addf(&s->b, "built package from: %s%s%s", p->src_name,
			     sv[0] ? " " : "", sv)) != 0)
			return rc;
		ks_jw_kstr(w, "sourceInfo", s->b.p);
	}
	ks_jw_kstr(w, "primaryPackagePurpose", "LIBRARY");
	if (purl != NULL) {
		ks_jw_key(w, "externalRefs");
		ks_jw_arr(w);
		ks_jw_obj(w);
		ks_jw_kstr(w, "referenceCategory", "PACKAGE-MANAGER");
		ks_jw_kstr(w, "referenceType", "purl");
		ks_jw_kstr(w, "referenceLocator", purl);
		ks_jw_obj_end(w);
		ks_jw_arr_end(w);
	}
	if (p->layer >= 0 && (size_t)p->layer < s->r->nlayers &&
		s->r->layers[p->layer].diffid != NULL) {
		ks_buf_reset(&s->b);
		if ((rc = ks_buf_addf(&s->b, "LayerDiffID: %s", s->r->layers[p->layer].diffid)) != 0)
			return rc;
		ks_jw_key(w, "attributionTexts");
		ks_jw_arr(w);
		ks_jw_str(w, s->b.p);
		ks_jw_arr_end(w);
	}
	ks_jw_obj_end(w);
	return 0;
}

static int w_packages(struct spdx *s)
{
	const struct kensa_result *r = s->r;
	struct ks_jw *w = &s->w;
	size_t t, i;
	int rc;

	ks_jw_key(w, "packages");
	ks_jw_arr(w);
	w_root(s);
	for (t = 0; t < r->ntargets; t++) {
		const struct ks_target *tg = &r->targets[t];

		bool os = ks_streq(tg->klass, "os-pkgs");

		ks_jw_obj(w);
		ks_jw_kstr(w, "name", os && r->has_os && r->os.family ? r->os.family :
			tg->name && tg->name[0] ? tg->name : "unknown");
		ks_jw_kstr(w, "SPDXID", s->grp_ids[t]);
		if (os && r->has_os)
			ks_jw_kstr_opt(w, "versionInfo", r->os.name);
		ks_jw_kstr(w, "downloadLocation", "NONE");
		ks_jw_key(w, "filesAnalyzed");
		ks_jw_bool(w, false);
		ks_jw_kstr(w, "primaryPackagePurpose", os ? "OPERATING_SYSTEM" : "APPLICATION");
		ks_jw_obj_end(w);
		for (i = 0; i < tg->npkgs; i++)
			if ((rc = w_package(s, &tg->pkgs[i], s->ids[t][i])) != 0)
				return rc;
	}
	ks_jw_arr_end(w);
	return 0;
}

static void w_rel(struct ks_jw *w, const char *from, const char *type, const char *to)
{
	ks_jw_obj(w);
	ks_jw_kstr(w, "spdxElementId", from);
	ks_jw_kstr(w, "relationshipType", type);
	ks_jw_kstr(w, "relatedSpdxElement", to);
	ks_jw_obj_end(w);
}

static int w_relationships(struct spdx *s)
{
	const struct kensa_result *r = s->r;
	struct ks_jw *w = &s->w;
	struct ks_map ids;
	size_t t, i, k;
	int rc = 0;

	ks_jw_key(w, "relationships");
	ks_jw_arr(w);
	w_rel(w, "SPDXRef-DOCUMENT", "DESCRIBES", s->root);
	for (t = 0; t < r->ntargets && rc == 0; t++) {
		const struct ks_target *tg = &r->targets[t];
		const char *parent = s->grp_ids[t];

		w_rel(w, s->root, "CONTAINS", parent);
		ks_map_init(&ids);
		for (i = 0; i < tg->npkgs && rc == 0; i++) {
			const char *id = ks_pkg_id(s->a, &tg->pkgs[i]);

			w_rel(w, parent, "CONTAINS", s->ids[t][i]);
			rc = id == NULL ? KS_ENOMEM :
					  ks_map_put(&ids, id, strlen(id), (void *)s->ids[t][i], NULL);
		}
		for (i = 0; i < tg->npkgs && rc == 0; i++) {
			const struct ks_strv *d = &tg->pkgs[i].depends_on;

			for (k = 0; k < d->n; k++) {
				const char *to = ks_map_get(&ids, d->v[k], strlen(d->v[k]));

				if (to != NULL && to != s->ids[t][i])
					w_rel(w, s->ids[t][i], "DEPENDS_ON", to);
			}
		}
		ks_map_release(&ids);
	}
	ks_jw_arr_end(w);
	return rc;
}

static void w_extracted(struct spdx *s)
{
	struct ks_jw *w = &s->w;
	size_t i;

	if (s->nlic == 0)
		return;
	ks_jw_key(w, "hasExtractedLicensingInfos");
	ks_jw_arr(w);
	for (i = 0; i < s->nlic; i++) {
		const char *l = s->lictexts[i];

		ks_jw_obj(w);
		ks_jw_kstr(w, "licenseId", ks_map_get(&s->licrefs, l, strlen(l)));
		ks_jw_kstr(w, "extractedText", l);
		ks_jw_kstr(w, "name", l);
		ks_jw_obj_end(w);
	}
	ks_jw_arr_end(w);
}

/* A namespace URI unique to this document: the artifact's name made URI-safe, and a
 * UUID of the report time and the document's content. */
static int namespace(struct spdx *s, const char *created, const char **out)
{
	const struct kensa_result *r = s->r;
	char u[KS_REP_UUID_LEN + 1];
	const char *name = r->artifact_name && r->artifact_name[0] ? r->artifact_name : "unknown";
	struct ks_buf h;
	size_t t, i;
	int rc;

	ks_buf_init(&h, 256u << 20);
	rc = ks_buf_addf(&h, "%s\n%s\n%s\n", created, name, ks_rep_s(r->image_id));
	for (t = 0; t < r->ntargets && rc == 0; t++)
		for (i = 0; i < r->targets[t].npkgs && rc == 0; i++)
			rc = ks_buf_addf(&h, "%s\n", s->ids[t][i]);
	rc = rc ? rc : ks_rep_uuid(u, "spdx", h.p, (const char *)NULL);
	ks_buf_release(&h);
	if (rc != 0)
		return rc;
	ks_buf_reset(&s->b);
	rc = ks_buf_adds(&s->b, "https://spdx.org/spdxdocs/kensa/");
	rc = rc ? rc : ks_buf_addpct(&s->b, name, NULL);
	rc = rc ? rc : ks_buf_addf(&s->b, "-%s", u);
	if (rc == 0 && (*out = ks_arena_strndup(s->a, s->b.p, s->b.n)) == NULL)
		rc = KS_ENOMEM;
	return rc;
}

static int write_spdx(const struct kensa_result *r, const struct kensa_report_options *ro,
	struct ks_arena *a, FILE *f, struct ks_err *err)
{
	char created[40], tool[96];
	const char *ns = NULL;
	struct spdx s;
	time_t now;
	int rc;

	if ((rc = ks_rep_time(ro, &now, err)) != 0)
		return rc;
	ks_rep_fmt_time(now, KS_REP_T_Z, created, sizeof(created));
	snprintf(tool, sizeof(tool), "Tool: kensa-%s", kensa_version());
	memset(&s, 0, sizeof(s));
	s.r = r;
	s.a = a;
	ks_map_init(&s.licrefs);
	ks_buf_init(&s.b, EXPR_MAX);
	ks_jw_init(&s.w, f, true);
	if ((rc = assign_ids(&s)) != 0 || (rc = namespace(&s, created, &ns)) != 0)
		goto out;
	ks_jw_obj(&s.w);
	ks_jw_kstr(&s.w, "spdxVersion", "SPDX-2.3");
	ks_jw_kstr(&s.w, "dataLicense", "CC0-1.0");
	ks_jw_kstr(&s.w, "SPDXID", "SPDXRef-DOCUMENT");
	ks_jw_kstr(&s.w, "name", r->artifact_name && r->artifact_name[0] ? r->artifact_name :
									    "unknown");
	ks_jw_kstr(&s.w, "documentNamespace", ns);
	ks_jw_key(&s.w, "creationInfo");
	ks_jw_obj(&s.w);
	ks_jw_key(&s.w, "creators");
	ks_jw_arr(&s.w);
	ks_jw_str(&s.w, tool);
	ks_jw_arr_end(&s.w);
	ks_jw_kstr(&s.w, "created", created);
	ks_jw_obj_end(&s.w);
	if ((rc = w_packages(&s)) != 0 || (rc = w_relationships(&s)) != 0)
		goto out;
	w_extracted(&s);
	ks_jw_obj_end(&s.w);
	fputc('\n', f);
	if (s.w.err != 0 || ferror(f))
		rc = KS_EIO;
out:
	if (rc == KS_EIO)
		ks_seterr(err, rc, "cannot write the SPDX report");
	else if (rc != 0)
		ks_seterr(err, rc, "spdx: %s", rc == KS_ELIMIT ? "a licence list is too long" :
								  "out of memory");
	ks_buf_release(&s.b);
	ks_map_release(&s.licrefs);
	return rc;
}

const struct ks_writer ks_writer_spdx = { "spdx-json", write_spdx };
