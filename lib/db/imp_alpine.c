/*
 * imp_alpine.c - the secdb JSON format of Alpine (secdb.alpinelinux.org/<branch>/
 * {main,community}.json), Wolfi (packages.wolfi.dev/os/security.json) and Chainguard
 * (packages.cgr.dev/chainguard/security.json).
 *
 * A file is {"distroversion": "v3.16", "reponame", "urlprefix", "apkurl", "archs",
 * "packages": [{"pkg": {"name", "secfixes": {"<fixed version>": ["<id> ...", ...]}}}]}.
 * Names are origin (source) packages. The ecosystem is "alpine:<distroversion without v>";
 * a file without distroversion (or with "wolfi"/"chainguard" there) is Wolfi's, or
 * Chainguard's when its reponame, urlprefix or path says so.
 *
 * Each id string is split on white space as Trivy does; "CVE_" is read as "CVE-", a
 * patch-name suffix after a CVE ID is dropped ("CVE-2017-17434-1") and everything from a
 * token starting with "(" on is a comment. Every CVE token gets an advisory; the other
 * ID-shaped tokens of the string ("XSA-201", "ZDI-CAN-123") are stored as aliases of those
 * CVEs, or, when the string has no CVE, the first of them is the advisory's ID (Trivy
 * drops those; they are real fixes, so kensa keeps them, as it keeps a GHSA listed as its
 * own string next to a CVE). Fixed version "0" means "never affected" and is stored as a
 * not_affected advisory that matches no version. When one package lists an ID under
 * several fixed versions (an incomplete first fix), the highest wins: one advisory per
 * (package, ID). Every ID also gets a (detail-less) vulnerability row. A fixed version
 * that does not parse as an apk version (lenient, as `apk version -t` orders them), an id
 * string without any ID and a malformed package element are skipped with a warning.
 *
 * The file's structure is checked and split into package elements (util/jscan.h) before
 * anything is written: a file whose structure is broken imports nothing (KS_ECORRUPT),
 * and each element is parsed on its own, so memory stays proportional to one element
 * whatever the file size; an element jansson rejects is skipped with a warning.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osv_common.h"
#include "util/arena.h"
#include "util/jscan.h"
#include "util/map.h"
#include "util/str.h"
#include "version/version.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define SECDB_MAX (256ull << 20) /* largest secdb file accepted */

static const struct secdb_src {
	const char *source, *name, *url;
} src_alpine = { "alpine", "Alpine Secdb", "https://secdb.alpinelinux.org/" },
  src_wolfi = { "wolfi", "Wolfi Secdb", "https://packages.wolfi.dev/os/security.json" },
  src_chainguard = { "chainguard", "Chainguard Secdb",
	  "https://packages.cgr.dev/chainguard/security.json" };

/* ---------------------------------------------------------------- import */

struct secdb_file {
	const struct secdb_src *src;
	const char *eco;
	struct ks_str *elems; /* package elements */
	size_t nelems, capelems;
};

/* One (package, ID) advisory waiting to be written: the highest fixed version wins. */
struct pending {
	const char *pkg, *id, *fixed;
	const struct ks_ver *ver; /* NULL for "0" */
};

struct secdb_run {
	struct ks_dbw *w;
	const char *path;
	struct ks_fk fk;
	struct ks_arena scratch;
	struct ks_map seen; /* "pkg\001id" -> index + 1 into pend */
	struct ks_map ids;  /* IDs whose vulnerability row is written */
	struct pending *pend;
	size_t npend, cappend;
	char *data_source;
};

/* A top-level string value decoded into the scratch arena; NULL when absent or not a
 * string. */
static const char *small_string(struct secdb_run *run, struct ks_str v)
{
	const char *out = NULL;

	if (v.n == 0 || v.n > 4096 || ks_js_str(v, &run->scratch, &out, NULL) != 0)
		return NULL;
	return out;
}

/* Checks the file's structure, splits it into its package elements and works out the
 * ecosystem. */
static int split_file(struct secdb_run *run, struct ks_str doc, struct secdb_file *f)
{
	static const char *const keys[] = { "packages", "distroversion", "reponame",
		"urlprefix" };
	struct ks_str vals[4], el;
	const char *dv, *repo, *prefix;
	struct ks_jsit it;
	int rc;

	if ((rc = ks_js_check(doc)) != 0 || ks_js_kind(doc) != '{')
		return ks_fk_fail(&run->fk, rc == KS_ELIMIT ? KS_ELIMIT : KS_ECORRUPT,
			"not a well-formed JSON object");
	if ((rc = ks_js_pick(doc, keys, 4, vals, NULL)) != 0)
		return ks_fk_fail(&run->fk, KS_ECORRUPT, "malformed JSON object");
	if (ks_js_kind(vals[0]) != '[')
		return ks_fk_fail(&run->fk, KS_ECORRUPT, "no \"packages\" array");
	dv = small_string(run, vals[1]);
	repo = small_string(run, vals[2]);
	prefix = small_string(run, vals[3]);
	if (dv != NULL && strcmp(dv, "wolfi") != 0 && strcmp(dv, "chainguard") != 0) {
		struct ks_str d = ks_str_c(dv[0] == 'v' ? dv + 1 : dv);

		if (d.n == 0 || d.n > 32 ||
			strspn(d.p, "0123456789.abcdefghijklmnopqrstuvwxyz_-") != d.n)
			return ks_fk_fail(&run->fk, KS_ECORRUPT, "bad distroversion '%.40s'", dv);
		f->src = &src_alpine;
		f->eco = ks_arena_printf(&run->scratch, "alpine:%s", d.p);
	} else if (ks_streq(dv, "chainguard") || ks_streq(repo, "chainguard") ||
		(prefix != NULL && strstr(prefix, "cgr.dev") != NULL) ||
		strstr(run->path, "chainguard") != NULL) {
		f->src = &src_chainguard;
		f->eco = "chainguard";
	} else {
		f->src = &src_wolfi;
		f->eco = "wolfi";
	}
	if (f->eco == NULL || ks_js_iter(&it, vals[0], '[') != 0)
		return f->eco == NULL ? KS_ENOMEM : KS_EINTERNAL;
	while ((rc = ks_js_next(&it, NULL, &el)) == 1) {
		struct ks_str *ne = ks_arena_grow(&run->scratch, f->elems, f->nelems, &f->capelems,
			f->nelems + 1, sizeof(*ne));

		if (ne == NULL)
			return KS_ENOMEM;
		f->elems = ne;
		f->elems[f->nelems++] = el;
	}
	if (rc < 0)
		return ks_fk_fail(&run->fk, KS_ECORRUPT, "malformed \"packages\" array");
	return 0;
}

/* Records that pkg/id is fixed in `fixed` (ver parsed, NULL for "0"), keeping the highest. */
static int note_fix(struct secdb_run *run, const char *pkg, const char *id, const char *fixed,
	const struct ks_ver *ver)
{
	char *key = ks_arena_printf(&run->scratch, "%s\001%s", pkg, id);
	struct pending *p;
	uintptr_t idx;

	if (key == NULL)
		return KS_ENOMEM;
	idx = (uintptr_t)ks_map_get(&run->seen, key, strlen(key));
	if (idx != 0) {
		p = &run->pend[idx - 1];
		if (ver != NULL && (p->ver == NULL || ks_ver_cmp(ver, p->ver) > 0)) {
			p->fixed = fixed;
			p->ver = ver;
		}
		return 0;
	}
	p = ks_arena_grow(&run->scratch, run->pend, run->npend, &run->cappend, run->npend + 1,
		sizeof(*p));
	if (p == NULL)
		return KS_ENOMEM;
	run->pend = p;
	run->pend[run->npend] = (struct pending){ pkg, id, fixed, ver };
	run->npend++;
	return ks_map_put(&run->seen, key, strlen(key), (void *)(uintptr_t)run->npend, NULL);
}

/* Cuts a patch-name suffix off a CVE ID in place ("CVE-2017-17434-1",
 * "CVE-2021-35940.patch" -> the CVE). */
static void cve_prefix(char *t)
{
	size_t n;

	if (!ks_hasprefix(t, "CVE-"))
		return;
	n = 9 + strspn(t + 9, "0123456789");
	if (strlen(t) > 9 && (t[n] == '-' || t[n] == '.') && ks_imp_is_cve((struct ks_str){ t, n }))
		t[n] = '\0';
}

/* Splits one secdb id string into advisory IDs and aliases (see the header comment) and
 * notes the fixes. A string with no usable ID is skipped with a warning. */
static int note_ids(struct secdb_run *run, const char *pkg, const char *raw, const char *fixed,
	const struct ks_ver *ver)
{
	struct ks_str rest = ks_str_c(raw), tok;
	const char *ids[16];
	size_t nids = 0, ncve = 0, i, j;
	int r;

	while (nids < sizeof(ids) / sizeof(ids[0]) && ks_str_field_next(&rest, &tok)) {
		char *t;

		if (tok.p[0] == '(')
			break;
		if ((t = ks_arena_strndup(&run->scratch, tok.p, tok.n)) == NULL)
			return KS_ENOMEM;
		if (ks_hasprefix(t, "CVE_"))
			t[3] = '-';
		cve_prefix(t);
		if (!ks_imp_is_vuln_id(ks_str_c(t)))
			continue;
		for (j = 0; j < nids && strcmp(ids[j], t) != 0; j++)
			;
		if (j < nids)
			continue;
		/* CVEs first, in order, then the others */
		if (ks_imp_is_cve(ks_str_c(t))) {
			memmove(&ids[ncve + 1], &ids[ncve], (nids - ncve) * sizeof(ids[0]));
			ids[ncve++] = t;
		} else {
			ids[nids] = t;
		}
		nids++;
	}
	if (nids == 0)
		return ks_fk_skip(&run->fk, pkg, "no vulnerability ID in '%.80s'", raw);
	if (ncve == 0)
		ncve = 1;
	for (i = 0; i < ncve; i++) {
		if ((r = note_fix(run, pkg, ids[i], fixed, ver)) != 0)
			return r;
		for (j = ncve; j < nids; j++)
			if ((r = ks_dbw_alias(run->w, ids[i], ids[j])) != 0 ||
				(r = ks_dbw_alias(run->w, ids[j], ids[i])) != 0)
				return r;
	}
	return 0;
}

/* One element of "packages": {"pkg": {"name": ..., "secfixes": {...}}}. */
static int package(struct secdb_run *run, struct ks_str el, size_t idx)
{
	json_t *root = NULL, *pkg, *fixes, *ids, *id;
	const char *name, *fixed;
	struct ks_err e = { 0 };
	int r;
	size_t i;

	if ((r = ks_json_load(&e, "JSON", (const uint8_t *)el.p, el.n, &root)) != 0) {
		if (r != KS_ENOMEM)
			r = ks_fk_skip(&run->fk, NULL, "package %zu: %s", idx, e.msg);
		goto out;
	}
	pkg = ks_imp_obj(root, "pkg");
	fixes = json_object_get(pkg, "secfixes");
	if ((name = ks_imp_str(pkg, "name")) == NULL ||
		(fixes != NULL && !json_is_null(fixes) && !json_is_object(fixes))) {
		r = ks_fk_skip(&run->fk, NULL, "package %zu: no pkg.name or bad pkg.secfixes", idx);
		goto out;
	}
	if (!json_is_object(fixes)) {
		r = 0; /* a package without fixes */
		goto out;
	}
	if ((name = ks_arena_strdup(&run->scratch, name)) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	r = 0;
	json_object_foreach(fixes, fixed, ids) {
		const struct ks_ver *ver = NULL;
		const char *fx;

		if (strcmp(fixed, "0") != 0 &&
			(r = ks_ver_parse(&run->scratch, &e, KS_ECO_APK, ks_str_c(fixed), &ver)) !=
				0) {
			if (r == KS_ENOMEM || (r = ks_fk_skip(&run->fk, name, "%s", e.msg)) != 0)
				goto out;
			continue;
		}
		if (!json_is_array(ids)) {
			if (!json_is_null(ids) &&
				(r = ks_fk_skip(&run->fk, name, "fixes of '%.64s' are not a list",
					 fixed)) != 0)
				goto out;
			continue;
		}
		if ((fx = ks_arena_strdup(&run->scratch, fixed)) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		json_array_foreach(ids, i, id) {
			if (!json_is_string(id))
				r = ks_fk_skip(&run->fk, name, "an ID of '%.64s' is not a string",
					fixed);
			else
				r = note_ids(run, name, json_string_value(id), fx, ver);
			if (r != 0)
				goto out;
		}
	}
out:
	json_decref(root);
	return r;
}

static bool has(const uint8_t *head, size_t n, const char *needle)
{
	return memmem(head, n, needle, strlen(needle)) != NULL;
}

static bool detect(const char *path, const uint8_t *head, size_t n)
{
	size_t i = 0;

	(void)path;
	while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
		i++;
	if (i >= n || head[i] != '{' || has(head, n, "\"affected\""))
		return false;
	return has(head, n, "\"secfixes\"") ||
		(has(head, n, "\"packages\"") &&
			(has(head, n, "\"distroversion\"") || has(head, n, "\"apkurl\"") ||
				has(head, n, "\"urlprefix\"") || has(head, n, "\"reponame\"")));
}

static int import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	struct secdb_run run = { .w = w, .path = path };
	struct secdb_file f = { 0 };
	size_t i;
	int r = KS_EINTERNAL;

	ks_fk_init(&run.fk, cx, "alpine", path);
	ks_arena_init(&run.scratch);
	ks_map_init(&run.seen);
	ks_map_init(&run.ids);
	if (len > SECDB_MAX) {
		r = ks_fk_fail(&run.fk, KS_ELIMIT, "larger than %llu MB", SECDB_MAX >> 20);
		goto out;
	}
	if ((r = split_file(&run, (struct ks_str){ (const char *)data, len }, &f)) != 0)
		goto out;
	if ((r = ks_imp_datasource(f.src->source, f.src->name, f.src->url, &run.data_source)) != 0)
		goto out;
	for (i = 0; i < f.nelems; i++)
		if ((r = package(&run, f.elems[i], i)) != 0)
			goto out;
	for (i = 0; i < run.npend; i++) {
		const struct pending *p = &run.pend[i];
		struct ks_vuln_in v = { .id = p->id, .source = f.src->source, .severity = -1 };

		if ((r = ks_imp_os_advisory(w, f.eco, p->pkg, p->id, f.src->source, KS_ST_FIXED,
			     p->fixed, NULL, run.data_source)) != 0)
			goto out;
		(*records)++;
		/* the ID itself, once per file, so the database knows it without NVD */
		if (ks_map_has(&run.ids, p->id, strlen(p->id)))
			continue;
		if ((r = ks_map_put(&run.ids, p->id, strlen(p->id), (void *)p, NULL)) != 0 ||
			(r = ks_dbw_vuln(w, &v)) != 0)
			goto out;
	}
	r = ks_fk_finish(&run.fk);
out:
	free(run.data_source);
	ks_map_release(&run.seen);
	ks_map_release(&run.ids);
	ks_arena_release(&run.scratch);
	return r;
}

const struct ks_feed ks_feed_alpine = {
	.name = "alpine",
	.detect = detect,
	.import = import,
};
