/*
 * cargo.c - Rust lock files (Cargo.lock), read as Trivy's cargo parser reads them, and
 * the Cargo.toml step of Trivy's cargo analyzer (cargo.h).
 *
 * Cargo.lock is TOML (util/toml.h): every [[package]] with name, version, source and
 * dependencies becomes a package at its version. A dependency entry is "name" (the lock
 * holds one version of it: the last package of that name gives the version), "name
 * version" or the old "name version (source)"; DependsOn holds the resulting IDs, sorted.
 * Locations come from Trivy's line scan of the text: a line starting with "[" opens a
 * block, "name =" and "version =" lines name it, the first blank line (or the next block)
 * ends it. Relationships stay unknown until the Cargo.toml step. Fields of the wrong TOML
 * type make the file corrupt (Go's decoder refuses them), unknown fields are ignored.
 *
 * The Cargo.toml step follows the newest Trivy analyzer (see cargo.h): the manifest's
 * [package] name and version (version.workspace = true and a missing version take
 * [workspace.package] version) name the root, or a hash of the manifest names a virtual
 * workspace root, computed as Go's hashstructure v2 (FNV-1 64, FormatV2, zero fields
 * skipped) hashes Trivy's cargoToml struct; workspace members get relationship
 * "workspace". Known difference: TOML date-times and infinities take part in that hash
 * as strings.
 */
#include "analyze/cargo.h"
#include "analyze/lang.h"
#include "result.h"
#include "util/map.h"
#include "util/path.h"
#include "util/str.h"
#include "util/toml.h"
#include "version/version.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define CARGO_MAXMEMBERS 4096 /* workspace member manifests read */

static bool wants(const char *path, size_t len)
{
	return (len == 10 && memcmp(path, "Cargo.lock", 10) == 0) ||
		ks_str_hassuffix((struct ks_str){ path, len }, "/Cargo.lock");
}

static const char *pkg_id(struct ks_arena *a, const char *name, const char *version)
{
	struct ks_pkg tmp;
	const char *id;

	memset(&tmp, 0, sizeof(tmp));
	tmp.name = name;
	tmp.version = version;
	tmp.analyzed_by = "cargo";
	id = ks_pkg_id(a, &tmp);
	/* a bare name comes back as given: copy it, it may not outlive the caller's tree */
	return id == name ? ks_arena_strdup(a, name) : id;
}

/* ---- Cargo.lock */

struct pos {
	size_t start, end;
};

/* Trivy's propertyValue: the part after a single "=", trimmed of spaces and quotes. */
static struct ks_str property(struct ks_str line)
{
	struct ks_str head, val;

	if (!ks_str_cut(line, '=', &head, &val) || ks_str_chr(val, '=') >= 0)
		return (struct ks_str){ "", 0 };
	while (val.n > 0 && (val.p[0] == ' ' || val.p[0] == '"'))
		val = ks_str_sub(val, 1, val.n - 1);
	while (val.n > 0 && (val.p[val.n - 1] == ' ' || val.p[val.n - 1] == '"'))
		val.n--;
	return val;
}

/* Records the block being scanned under its "name@version" ID. */
static int index_put(struct ks_ctx *cx, struct ks_map *idx, struct ks_str name,
	struct ks_str version, size_t start, size_t end)
{
	struct pos *p = ks_arena_alloc(&cx->arena, sizeof(*p));
	char *id = ks_arena_printf(&cx->arena, "%.*s@%.*s", (int)name.n, name.p, (int)version.n,
		version.p);

	if (p == NULL || id == NULL)
		return KS_ENOMEM;
	p->start = start;
	p->end = end;
	return ks_map_put(idx, id, strlen(id), p, NULL);
}

/* Trivy's naivePkgParser: block line ranges keyed by "name@version". */
static int line_index(struct ks_ctx *cx, const struct ks_file *f, struct ks_map *idx)
{
	struct ks_str name = { "", 0 }, version = { "", 0 }, line;
	size_t start = 0, end = 0;
	struct ks_lines it;
	int r;

	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		struct ks_str t = ks_str_trim_space(line);

		if (ks_str_hasprefix(t, "[")) {
			if (name.n > 0 && (r = index_put(cx, idx, name, version, start,
						   end ? end : it.lineno - 1)) != 0)
				return r;
			name = version = (struct ks_str){ "", 0 };
			start = it.lineno;
			end = 0;
		} else if (ks_str_hasprefix(t, "name =")) {
			name = property(line);
		} else if (ks_str_hasprefix(t, "version =")) {
			version = property(line);
		} else if (t.n == 0 && end == 0) {
			end = it.lineno - 1;
		}
	}
	if (name.n > 0)
		return index_put(cx, idx, name, version, start, end ? end : it.lineno);
	return 0;
}

static int str_member(json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = "";
	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return KS_ECORRUPT;
	*out = json_string_value(v);
	return 0;
}

static int lock_corrupt(struct ks_ctx *cx, const struct ks_file *f, size_t i, const char *what)
{
	return ks_lang_corrupt(cx, "cargo", f, 0, "package %zu: %s", i + 1, what);
}

/* Checks the shape Trivy's decoder needs before anything is built. */
static int lock_check(struct ks_ctx *cx, const struct ks_file *f, json_t *pkgs)
{
	size_t i, j;
	json_t *p, *deps, *d;
	const char *s;

	for (i = 0; i < json_array_size(pkgs); i++) {
		p = json_array_get(pkgs, i);
		if (!json_is_object(p))
			return lock_corrupt(cx, f, i, "not a table");
		if (str_member(p, "name", &s) != 0 || str_member(p, "version", &s) != 0 ||
			str_member(p, "source", &s) != 0)
			return lock_corrupt(cx, f, i, "name, version and source must be strings");
		deps = json_object_get(p, "dependencies");
		if (deps != NULL && !json_is_array(deps))
			return lock_corrupt(cx, f, i, "dependencies is not an array");
		json_array_foreach(deps, j, d)
			if (!json_is_string(d))
				return lock_corrupt(cx, f, i, "a dependency is not a string");
	}
	return 0;
}

/* The IDs package p's dependency entries name (Trivy's parseDependencies). */
static int lock_deps(struct ks_ctx *cx, json_t *p, json_t *by_name, struct ks_pkg *k)
{
	json_t *deps = json_object_get(p, "dependencies"), *d;
	size_t j;

	json_array_foreach(deps, j, d)
	{
		struct ks_str rest = ks_str_c(json_string_value(d)), fld[4];
		const char *id = NULL, *name;
		size_t n = 0;

		while (n < 4 && ks_str_field_next(&rest, &fld[n]))
			n++;
		if (n == 1) {
			json_t *other;
			const char *v;

			if ((name = ks_arena_strndup(&cx->arena, fld[0].p, fld[0].n)) == NULL)
				return KS_ENOMEM;
			if ((other = json_object_get(by_name, name)) == NULL)
				continue;
			str_member(other, "version", &v);
			id = pkg_id(&cx->arena, name, v);
		} else if (n == 2 || n == 3) {
			id = ks_arena_printf(&cx->arena, "%.*s@%.*s", (int)fld[0].n, fld[0].p,
				(int)fld[1].n, fld[1].p);
		} else {
			continue;
		}
		if (id == NULL || ks_strv_push(&cx->arena, &k->depends_on, id) != 0)
			return KS_ENOMEM;
	}
	ks_lang_sort_deps(k);
	return 0;
}

static int lock_emit(struct ks_ctx *cx, const struct ks_file *f, json_t *pkgs,
	struct ks_ares *out)
{
	json_t *by_name = json_object(), *p;
	struct ks_map idx;
	size_t i;
	int r = 0;

	ks_map_init(&idx);
	if (by_name == NULL || (r = line_index(cx, f, &idx)) != 0)
		goto nomem;
	json_array_foreach(pkgs, i, p)
	{
		const char *name;

		str_member(p, "name", &name);
		if (json_object_set(by_name, name, p) != 0)
			goto nomem;
	}
	json_array_foreach(pkgs, i, p)
	{
		const char *name, *version, *id;
		struct ks_pkg *k;
		struct pos *at;

		str_member(p, "name", &name);
		str_member(p, "version", &version);
		if ((k = ks_lang_add(cx, out, ks_str_c(name), ks_str_c(version), 0, 0)) == NULL ||
			(id = pkg_id(&cx->arena, name, version)) == NULL)
			goto nomem;
		if ((at = ks_map_get(&idx, id, strlen(id))) != NULL &&
			ks_lang_addloc(cx, k, at->start, at->end) != 0)
			goto nomem;
		if ((r = lock_deps(cx, p, by_name, k)) != 0)
			goto nomem;
	}
	goto out;
nomem:
	r = ks_seterr(&cx->err, KS_ENOMEM, "cargo: '%s': out of memory", f->path);
out:
	json_decref(by_name);
	ks_map_release(&idx);
	return r;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	json_t *doc = NULL, *pkgs;
	char what[512];
	int r;

	snprintf(what, sizeof(what), "cargo: '%s'", f->path);
	if ((r = ks_toml_load(&cx->err, what, f->data, f->size, &doc)) != 0)
		return r;
	pkgs = json_object_get(doc, "package");
	if (pkgs != NULL && !json_is_array(pkgs)) {
		r = ks_lang_corrupt(cx, "cargo", f, 0, "package is not an array of tables");
		goto out;
	}
	if ((r = lock_check(cx, f, pkgs)) == 0)
		r = lock_emit(cx, f, pkgs, out);
out:
	json_decref(doc);
	return r;
}

/* ---- the manifest hash (hashstructure v2 over Trivy's cargoToml struct) */

static uint64_t fnv1(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < n; i++) {
		h *= 0x100000001b3ull;
		h ^= b[i];
	}
	return h;
}

static uint64_t fnv1_str(const char *s)
{
	return fnv1(s, strlen(s));
}

static void le64(unsigned char *b, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

/* hashUpdateOrdered */
static uint64_t ordered(uint64_t a, uint64_t b)
{
	unsigned char buf[16];

	le64(buf, a);
	le64(buf + 8, b);
	return fnv1(buf, 16);
}

/* hashFinishUnordered */
static uint64_t finish(uint64_t a)
{
	unsigned char buf[8];

	le64(buf, a);
	return fnv1(buf, 8);
}

/* A value of Go type any as BurntSushi/toml decodes it (string, int64, float64, bool,
 * []any, map[string]any). */
static uint64_t hash_any(json_t *v)
{
	unsigned char buf[8];
	uint64_t h = 0;
	const char *k;
	json_t *x;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return fnv1(json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		le64(buf, (uint64_t)json_integer_value(v));
		return fnv1(buf, 8);
	case JSON_REAL: {
		double d = json_real_value(v);
		uint64_t bits;

		memcpy(&bits, &d, 8);
		le64(buf, bits);
		return fnv1(buf, 8);
	}
	case JSON_TRUE:
	case JSON_FALSE:
		buf[0] = json_is_true(v);
		return fnv1(buf, 1);
	case JSON_ARRAY:
		json_array_foreach(v, i, x)
			h = ordered(h, hash_any(x));
		return h;
	case JSON_OBJECT:
		json_object_foreach(v, k, x)
			h ^= ordered(fnv1_str(k), hash_any(x));
		return finish(h);
	default:
		return 0;
	}
}

/* One struct field: skipped when absent (Go's zero value: IgnoreZeroValue). */
static uint64_t field(uint64_t h, const char *name, bool present, uint64_t vh)
{
	if (!present)
		return h;
	return finish(h ^ ordered(fnv1_str(name), vh));
}

static uint64_t manifest_hash(json_t *doc)
{
	json_t *pkg = json_object_get(doc, "package"), *ws = json_object_get(doc, "workspace");
	json_t *name = json_object_get(pkg, "name"), *ver = json_object_get(pkg, "version");
	json_t *deps = json_object_get(doc, "dependencies"), *tgt = json_object_get(doc, "target");
	json_t *wdeps = json_object_get(ws, "dependencies");
	json_t *members = json_object_get(ws, "members");
	json_t *wver = json_object_get(json_object_get(ws, "package"), "version");
	bool name_set = name != NULL && json_string_length(name) > 0;
	bool wver_set = wver != NULL && json_string_length(wver) > 0;
	uint64_t h, ph, wh, wph;

	ph = field(fnv1_str("Package"), "Name", name_set, name_set ? hash_any(name) : 0);
	ph = field(ph, "Version", ver != NULL, ver ? hash_any(ver) : 0);
	wph = field(fnv1_str(""), "Version", wver_set, wver_set ? hash_any(wver) : 0);
	wh = field(fnv1_str("cargoTomlWorkspace"), "Dependencies", wdeps != NULL,
		wdeps ? hash_any(wdeps) : 0);
	wh = field(wh, "Members", members != NULL, members ? hash_any(members) : 0);
	wh = field(wh, "Package", wver_set, wph);
	h = field(fnv1_str("cargoToml"), "Package", name_set || ver != NULL, ph);
	h = field(h, "Dependencies", deps != NULL, deps ? hash_any(deps) : 0);
	h = field(h, "Target", tgt != NULL, tgt ? hash_any(tgt) : 0);
	return field(h, "Workspace", wdeps != NULL || members != NULL || wver_set, wh);
}

/* ---- the manifest step */

struct manifest {
	const char *id;          /* the package ID the manifest names */
	json_t *deps;            /* [dependencies] and [target.*.dependencies], owned */
	json_t *members;         /* [workspace] members (borrowed from doc) */
	const char *ws_version;  /* effective [workspace.package] version */
	json_t *ws_deps;         /* [workspace.dependencies] (borrowed from doc) */
	json_t *doc;             /* owned */
};

static void manifest_release(struct manifest *m)
{
	json_decref(m->deps);
	json_decref(m->doc);
	memset(m, 0, sizeof(*m));
}

static bool obj_or_absent(json_t *v)
{
	return v == NULL || json_is_object(v);
}

/* Trivy's parseCargoTOML: decodes a manifest; ws_version is the root's effective
 * workspace version (NULL for the root itself). */
static int manifest_read(struct ks_ctx *cx, const struct ks_file *f, const char *ws_version,
	struct manifest *m)
{
	json_t *pkg, *tgt, *ws, *wpkg, *v, *x;
	const char *k, *k2, *name = "", *version = "";
	char what[512];
	size_t i;
	int r;

	memset(m, 0, sizeof(*m));
	snprintf(what, sizeof(what), "cargo: '%s'", f->path);
	if ((r = ks_toml_load(&cx->err, what, f->data, f->size, &m->doc)) != 0)
		return r;
	pkg = json_object_get(m->doc, "package");
	tgt = json_object_get(m->doc, "target");
	ws = json_object_get(m->doc, "workspace");
	wpkg = json_object_get(ws, "package");
	m->members = json_object_get(ws, "members");
	m->ws_deps = json_object_get(ws, "dependencies");
	if (!obj_or_absent(pkg) || !obj_or_absent(tgt) || !obj_or_absent(ws) ||
		!obj_or_absent(wpkg) || !obj_or_absent(m->ws_deps) ||
		!obj_or_absent(json_object_get(m->doc, "dependencies")) ||
		((v = json_object_get(pkg, "name")) != NULL && !json_is_string(v)) ||
		((v = json_object_get(wpkg, "version")) != NULL && !json_is_string(v)) ||
		(m->members != NULL && !json_is_array(m->members)))
		goto bad;
	json_array_foreach(m->members, i, v)
		if (!json_is_string(v))
			goto bad;
	if ((m->deps = json_deep_copy(json_object_get(m->doc, "dependencies"))) == NULL &&
		(m->deps = json_object()) == NULL)
		goto nomem;
	json_object_foreach(tgt, k, v)
	{
		if (!json_is_object(v))
			goto bad;
		json_object_foreach(v, k2, x)
			if (!json_is_object(x))
				goto bad;
		x = json_object_get(v, "dependencies");
		if (x != NULL && json_object_update(m->deps, x) != 0)
			goto nomem;
	}
	m->ws_version = ws_version ? ws_version : "";
	if (m->ws_version[0] == '\0' && json_is_string(json_object_get(wpkg, "version")))
		m->ws_version = json_string_value(json_object_get(wpkg, "version"));
	v = json_object_get(pkg, "version");
	if (v == NULL)
		version = m->ws_version;
	else if (json_is_string(v))
		version = json_string_value(v);
	else if (json_is_object(v) && json_is_true(json_object_get(v, "workspace")))
		version = m->ws_version;
	if (json_is_string(json_object_get(pkg, "name")))
		name = json_string_value(json_object_get(pkg, "name"));
	if (name[0] != '\0')
		m->id = pkg_id(&cx->arena, name, version);
	else
		m->id = ks_arena_printf(&cx->arena, "%llx",
			(unsigned long long)manifest_hash(m->doc));
	if (m->id == NULL)
		goto nomem;
	return 0;
bad:
	manifest_release(m);
	return ks_lang_corrupt(cx, "cargo", f, 0, "not a Cargo manifest of the expected shape");
nomem:
	manifest_release(m);
	return ks_seterr(&cx->err, KS_ENOMEM, "cargo: '%s': out of memory", f->path);
}

/* workspaceConstraint / versionConstraint: the version string of a dependency value. */
static const char *constraint_of(json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v) && json_is_string(json_object_get(v, "version")))
		return json_string_value(json_object_get(v, "version"));
	return "";
}

/* resolveDeclaredDeps: name -> constraint (as JSON strings in a new object). */
static json_t *declared_deps(json_t *deps, json_t *ws_deps, bool root)
{
	json_t *out = json_object(), *v;
	const char *k;

	if (out == NULL)
		return NULL;
	json_object_foreach(deps, k, v)
	{
		const char *c;

		if (json_is_string(v))
			c = json_string_value(v);
		else if (json_is_object(v) && json_is_true(json_object_get(v, "workspace")))
			c = constraint_of(json_object_get(ws_deps, k));
		else if (json_is_object(v))
			c = constraint_of(v);
		else
			continue;
		if (json_object_set_new(out, k, json_string(c)) != 0)
			goto fail;
	}
	if (root)
		json_object_foreach(ws_deps, k, v)
			if (json_object_get(out, k) == NULL &&
				json_object_set_new(out, k, json_string(constraint_of(v))) != 0)
				goto fail;
	return out;
fail:
	json_decref(out);
	return NULL;
}

struct step {
	struct ks_ctx *cx;
	struct ks_ares *lock;
	struct ks_map ids;   /* package ID -> index + 1 */
	int *rel;            /* chosen relationship per package, 0 = dropped; then, from
			      * npkgs + 1 on, the root/member mark of each package */
	struct {
		const char *id;
		json_t *declared; /* owned */
	} *owners;
	size_t nowners, capowners;
	struct ks_strv workspaces;
	const char *ws_version, *root_path;
	json_t *ws_deps;
	size_t nmembers;
};

static int add_owner(struct step *s, const char *id, json_t *declared)
{
	void *o;

	if (declared == NULL)
		return KS_ENOMEM;
	o = ks_arena_grow(&s->cx->arena, s->owners, s->nowners, &s->capowners, s->nowners + 1,
		sizeof(*s->owners));
	if (o == NULL) {
		json_decref(declared);
		return KS_ENOMEM;
	}
	s->owners = o;
	s->owners[s->nowners].id = id;
	s->owners[s->nowners++].declared = declared;
	return 0;
}

/* A workspace member manifest found by the tree's glob. */
static int member_cb(void *ud, const struct ks_file *f)
{
	struct step *s = ud;
	struct manifest m;
	int r;

	if (s->nmembers++ >= CARGO_MAXMEMBERS)
		return ks_warn(s->cx, "cargo: '%s': more than %d workspace members; the rest are "
			"ignored", f->path, CARGO_MAXMEMBERS) ? KS_ENOMEM : 1;
	if ((r = manifest_read(s->cx, f, s->ws_version, &m)) != 0) {
		if (r == KS_ENOMEM)
			return r;
		return ks_warn(s->cx, "%s (workspace member skipped)", s->cx->err.msg) ? KS_ENOMEM :
											  0;
	}
	r = ks_strv_push(&s->cx->arena, &s->workspaces, m.id);
	if (r == 0)
		r = add_owner(s, m.id, declared_deps(m.deps, s->ws_deps, false));
	manifest_release(&m);
	return r;
}

/* Go's path.Join(dir, member, "Cargo.toml") for the glob. */
static char *member_pattern(struct ks_arena *a, const char *root_path, const char *member)
{
	const char *slash = strrchr(root_path, '/');
	char *joined = ks_arena_printf(a, "%.*s%s%s/Cargo.toml",
		slash ? (int)(slash - root_path) : 0, root_path, slash ? "/" : "", member);
	char *clean;
	int flags;

	if (joined == NULL || (clean = ks_arena_alloc(a, strlen(joined) + 1)) == NULL)
		return NULL;
	if (ks_path_clean(joined, strlen(joined), clean, strlen(joined) + 1, &flags) != 0)
		return NULL;
	return clean;
}

/* matchVersion: does version satisfy the Cargo requirement? false on unparsable input. */
static bool satisfies(struct step *s, const char *version, const char *req)
{
	struct ks_err e;
	bool ok = false;

	if (ks_ver_satisfies(&e, KS_ECO_CARGO, ks_str_c(version), ks_str_c(req), 0, &ok) != 0) {
		ks_log(s->cx, KS_LOG_DEBUG, "cargo: cannot match %s against '%s': %s", version, req,
			e.msg);
		return false;
	}
	return ok;
}

static size_t index_of(struct step *s, const char *id)
{
	void *at = ks_map_get(&s->ids, id, strlen(id));

	return at ? (size_t)(uintptr_t)at : 0;
}

/* selectDirectDependencies for one owner. */
static void select_direct(struct step *s, const struct ks_pkg *owner, json_t *declared)
{
	size_t i, j;

	for (i = 0; i < owner->depends_on.n; i++) {
		size_t di = index_of(s, owner->depends_on.v[i]), same = 0;
		const struct ks_pkg *d;
		json_t *c;

		if (di == 0)
			continue;
		d = &s->lock->pkgs[di - 1];
		if ((c = json_object_get(declared, d->name)) == NULL)
			continue;
		for (j = 0; j < owner->depends_on.n; j++) {
			size_t dj = index_of(s, owner->depends_on.v[j]);

			same += dj != 0 && strcmp(s->lock->pkgs[dj - 1].name, d->name) == 0;
		}
		if (same > 1 && json_string_length(c) > 0 &&
			!satisfies(s, d->version, json_string_value(c)))
			continue;
		s->rel[di - 1] = KS_REL_DIRECT;
	}
}

/* walkIndirectDependencies from every direct package (an explicit stack). */
static int walk_indirect(struct step *s)
{
	size_t n = s->lock->npkgs, top = 0, i, j;
	size_t *stack = malloc((n + 1) * sizeof(*stack));

	if (stack == NULL)
		return KS_ENOMEM;
	for (i = 0; i < n; i++)
		if (s->rel[i] == KS_REL_DIRECT)
			stack[top++] = i;
	while (top > 0) {
		const struct ks_pkg *p = &s->lock->pkgs[stack[--top]];

		for (j = 0; j < p->depends_on.n; j++) {
			size_t d = index_of(s, p->depends_on.v[j]);

			if (d == 0 || s->rel[d - 1] != 0)
				continue;
			s->rel[d - 1] = KS_REL_INDIRECT;
			stack[top++] = d - 1;
		}
	}
	free(stack);
	return 0;
}

/* Keeps in p's dependencies only packages that stay. */
static void keep_selected(struct step *s, struct ks_pkg *p)
{
	size_t i, w = 0;

	for (i = 0; i < p->depends_on.n; i++) {
		size_t d = index_of(s, p->depends_on.v[i]);

		if (d != 0 && s->rel[d - 1] != 0)
			p->depends_on.v[w++] = p->depends_on.v[i];
	}
	p->depends_on.n = w;
}

static int apply(struct step *s, const char *root)
{
	struct ks_ares *lock = s->lock;
	int *owner = s->rel + lock->npkgs + 1;
	size_t i, k, w;
	int r;

	for (i = 0; i < s->nowners; i++) {
		size_t o = index_of(s, s->owners[i].id);

		if (o != 0)
			select_direct(s, &lock->pkgs[o - 1], s->owners[i].declared);
	}
	if ((r = walk_indirect(s)) != 0)
		return r;
	/* root and members are marked first, then lose dependencies that do not stay */
	for (i = 0; i < lock->npkgs; i++) {
		const char *id = pkg_id(&s->cx->arena, lock->pkgs[i].name, lock->pkgs[i].version);
		bool member = false;

		if (id == NULL)
			return KS_ENOMEM;
		if (index_of(s, id) != i + 1)
			continue; /* a repeated ID: Trivy's map holds the last one */
		for (k = 0; k < s->workspaces.n; k++)
			member = member || strcmp(s->workspaces.v[k], id) == 0;
		if (strcmp(id, root) == 0)
			owner[i] = KS_REL_ROOT;
		else if (member)
			owner[i] = KS_REL_WORKSPACE;
	}
	for (i = 0; i < lock->npkgs; i++)
		if (owner[i] != 0)
			s->rel[i] = owner[i];
	for (i = 0; i < lock->npkgs; i++)
		if (owner[i] != 0)
			keep_selected(s, &lock->pkgs[i]);
	for (i = 0, w = 0; i < lock->npkgs; i++) {
		if (s->rel[i] == 0)
			continue;
		lock->pkgs[i].relationship = s->rel[i];
		lock->pkgs[w++] = lock->pkgs[i];
	}
	lock->npkgs = w;
	if (index_of(s, root) == 0) {
		struct ks_pkg *p = ks_ares_addpkg(s->cx, lock);

		if (p == NULL || (p->name = ks_arena_strdup(&s->cx->arena, "")) == NULL ||
			(p->version = p->name) == NULL)
			return KS_ENOMEM;
		p->id = root;
		p->relationship = KS_REL_ROOT;
		p->depends_on = s->workspaces;
		ks_lang_sort_deps(p);
	}
	return 0;
}

int ks_cargo_manifest(struct ks_ctx *cx, struct ks_ares *lock, const struct ks_file *toml,
	const struct ks_cargo_tree *tree)
{
	struct step s;
	struct manifest root;
	json_t *v;
	size_t i;
	int r;

	memset(&s, 0, sizeof(s));
	s.cx = cx;
	s.lock = lock;
	ks_map_init(&s.ids);
	if ((r = manifest_read(cx, toml, NULL, &root)) != 0)
		return r;
	s.ws_version = root.ws_version;
	s.ws_deps = root.ws_deps;
	r = add_owner(&s, root.id, declared_deps(root.deps, root.ws_deps, true));
	json_array_foreach(root.members, i, v)
	{
		char *pattern;

		if (r != 0)
			break;
		pattern = member_pattern(&cx->arena, toml->path, json_string_value(v));
		if (pattern == NULL) {
			r = ks_warn(cx, "cargo: '%s': unusable workspace member path '%s'",
				toml->path, json_string_value(v)) ? KS_ENOMEM : 0;
			continue;
		}
		if (tree == NULL || tree->glob == NULL) {
			r = ks_warn(cx, "cargo: '%s': workspace member '%s' not read", toml->path,
				pattern) ? KS_ENOMEM : 0;
			continue;
		}
		r = tree->glob(tree->ud, pattern, member_cb, &s);
		if (r > 0)
			r = 0;
	}
	if (r == 0 && (s.rel = calloc(2 * (lock->npkgs + 1), sizeof(*s.rel))) == NULL)
		r = KS_ENOMEM;
	for (i = 0; r == 0 && i < lock->npkgs; i++) {
		const char *id = pkg_id(&cx->arena, lock->pkgs[i].name, lock->pkgs[i].version);

		if (id == NULL)
			r = KS_ENOMEM;
		else
			r = ks_map_put(&s.ids, id, strlen(id), (void *)(uintptr_t)(i + 1), NULL);
	}
	if (r == 0)
		r = apply(&s, root.id);
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, "cargo: '%s': out of memory", toml->path);
	for (i = 0; i < s.nowners; i++)
		json_decref(s.owners[i].declared);
	free(s.rel);
	ks_map_release(&s.ids);
	manifest_release(&root);
	return r;
}

const struct ks_analyzer ks_analyzer_cargo = {
	.name = "cargo",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_ALL,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
