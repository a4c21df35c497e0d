/*
 * test_cargo.c - the cargo analyzer and its Cargo.toml step: the integration repository
 * against every Packages field of Trivy's cargo.lock golden, Trivy's parser expectations
 * for its Cargo.lock fixtures (v1 and v3 formats, locations, DependsOn), Trivy's analyzer
 * txtar cases (no Cargo.toml, workspace members by list and by glob, inherited workspace
 * versions, workspace-only dependencies, a broken manifest), corrupt lock files.
 */
#include "langkit.h"

#include <fnmatch.h>
#include <jansson.h>

#include "analyze/cargo.h"

static struct ks_ctx cx;

static int setup(void **state)
{
	(void)state;
	tu_ctx(&cx);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ks_ctx_release(&cx);
	return 0;
}

/* ---- txtar archives as a small in-memory tree */

#define MAXFILES 16

struct tree {
	char *names[MAXFILES];
	char *data[MAXFILES];
	size_t len[MAXFILES];
	size_t n;
};

static void tree_load(struct tree *t, const char *rel)
{
	size_t len;
	char *all = (char *)tu_read(tu_shared(rel), &len), *p = all, *next;

	memset(t, 0, sizeof(*t));
	p = strstr(p, "-- ");
	while (p != NULL && t->n < MAXFILES) {
		char *name = p + 3, *end = strstr(name, " --\n");

		assert_non_null(end);
		t->names[t->n] = strndup(name, (size_t)(end - name));
		p = end + 4;
		next = strstr(p, "\n-- ");
		next = next ? next + 1 : all + len;
		t->len[t->n] = (size_t)(next - p);
		t->data[t->n] = strndup(p, t->len[t->n]);
		t->n++;
		p = next < all + len ? next : NULL;
	}
	free(all);
}

static void tree_free(struct tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->names[i]);
		free(t->data[i]);
	}
}

static const struct ks_file *tree_file(const struct tree *t, const char *name, struct ks_file *f)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->names[i], name) == 0) {
			*f = (struct ks_file){ t->names[i], (const uint8_t *)t->data[i],
				t->len[i] };
			return f;
		}
	return NULL;
}

static int tree_glob(void *ud, const char *pattern,
	int (*fn)(void *fud, const struct ks_file *f), void *fud)
{
	const struct tree *t = ud;
	size_t i;
	int r;

	for (i = 0; i < t->n; i++)
		if (fnmatch(pattern, t->names[i], FNM_PATHNAME) == 0) {
			struct ks_file f = { t->names[i], (const uint8_t *)t->data[i], t->len[i] };

			if ((r = fn(fud, &f)) != 0)
				return r;
		}
	return 0;
}

/* Parses the archive's Cargo.lock and applies its Cargo.toml when there is one. */
static int run_tree(const char *rel, struct ks_ares *a, struct tree *t)
{
	struct ks_file lock, toml;
	struct ks_cargo_tree ct = { tree_glob, t };
	int rc;

	tree_load(t, rel);
	assert_non_null(tree_file(t, "Cargo.lock", &lock));
	rc = lk_run(&cx, &ks_analyzer_cargo, "Cargo.lock", lock.data, lock.size, a);
	if (rc != 0 || tree_file(t, "Cargo.toml", &toml) == NULL)
		return rc;
	return ks_cargo_manifest(&cx, a, &toml, &ct);
}

/* ---- the integration golden */

/* Every golden package field by field: ID, name, version, relationship, DependsOn,
 * Locations; and no other package. */
static void test_integration_golden(void **state)
{
	json_error_t jerr;
	json_t *g, *pkgs, *p;
	struct ks_ares a;
	struct ks_file lock, toml;
	uint8_t *ld, *td;
	size_t i, ln, tn;

	(void)state;
	ld = tu_read(tu_shared("fixtures/lockfiles/trivy-integration-repo/cargo/Cargo.lock"), &ln);
	td = tu_read(tu_shared("fixtures/lockfiles/trivy-integration-repo/cargo/Cargo.toml"), &tn);
	lock = (struct ks_file){ "Cargo.lock", ld, ln };
	toml = (struct ks_file){ "Cargo.toml", td, tn };
	assert_int_equal(lk_run(&cx, &ks_analyzer_cargo, lock.path, ld, ln, &a), 0);
	assert_int_equal(ks_cargo_manifest(&cx, &a, &toml, NULL), 0);
	g = json_load_file(
		tu_shared("fixtures/goldens/trivy/integration/cargo.lock.json.golden"), 0, &jerr);
	assert_non_null(g);
	pkgs = json_object_get(json_array_get(json_object_get(g, "Results"), 0), "Packages");
	assert_int_equal(a.npkgs, json_array_size(pkgs));
	json_array_foreach(pkgs, i, p)
	{
		const char *name = json_string_value(json_object_get(p, "Name"));
		const char *ver = json_string_value(json_object_get(p, "Version"));
		const struct ks_pkg *k = lk_find(&a, name, ver);
		json_t *deps = json_object_get(p, "DependsOn");
		json_t *locs = json_object_get(p, "Locations");
		char id[256];
		size_t j;

		if (k == NULL)
			fail_msg("missing %s %s", name, ver);
		snprintf(id, sizeof(id), "%s@%s", k->name, k->version);
		assert_string_equal(id, json_string_value(json_object_get(p, "ID")));
		assert_int_equal(k->relationship,
			ks_rel_parse(json_string_value(json_object_get(p, "Relationship"))));
		assert_int_equal(k->depends_on.n, json_array_size(deps));
		for (j = 0; j < k->depends_on.n; j++)
			assert_string_equal(k->depends_on.v[j],
				json_string_value(json_array_get(deps, j)));
		assert_int_equal(k->nlocs, json_array_size(locs));
		for (j = 0; j < k->nlocs; j++) {
			json_t *l = json_array_get(locs, j);

			assert_int_equal(k->locs[j].start,
				json_integer_value(json_object_get(l, "StartLine")));
			assert_int_equal(k->locs[j].end,
				json_integer_value(json_object_get(l, "EndLine")));
		}
		assert_null(k->id);
	}
	json_decref(g);
	free(ld);
	free(td);
}

/* ---- Trivy's parser expectations */

static void test_trivy_parser(void **state)
{
	static const struct lk_want normal[] = {
		{ "normal", "0.1.0", KS_REL_UNKNOWN, "8-13", "libc@0.2.54", false, NULL },
		{ "libc", "0.2.54", KS_REL_UNKNOWN, "3-6", NULL, false, NULL },
		{ "typemap", "0.3.3", KS_REL_UNKNOWN, "20-26", "unsafe-any@0.4.2", false, NULL },
		{ "url", "1.7.2", KS_REL_UNKNOWN, "43-51",
			"idna@0.1.5 matches@0.1.8 percent-encoding@1.0.1", false, NULL },
		{ "unsafe-any", "0.4.2", KS_REL_UNKNOWN, "15-18", NULL, false, NULL },
		{ "matches", "0.1.8", KS_REL_UNKNOWN, "33-36", NULL, false, NULL },
		{ "idna", "0.1.5", KS_REL_UNKNOWN, "28-31", NULL, false, NULL },
		{ "percent-encoding", "1.0.1", KS_REL_UNKNOWN, "38-41", NULL, false, NULL },
	};
	static const struct lk_want v3[] = {
		{ "aho-corasick", "0.7.20", KS_REL_UNKNOWN, "5-12", "memchr@2.5.0", false, NULL },
		{ "app", "0.1.0", KS_REL_UNKNOWN, "14-21",
			"memchr@1.0.2 regex-syntax@0.5.6 regex@1.7.3", false, NULL },
		{ "libc", "0.2.140", KS_REL_UNKNOWN, "23-27", NULL, false, NULL },
		{ "memchr", "1.0.2", KS_REL_UNKNOWN, "29-36", "libc@0.2.140", false, NULL },
		{ "memchr", "2.5.0", KS_REL_UNKNOWN, "38-42", NULL, false, NULL },
		{ "regex", "1.7.3", KS_REL_UNKNOWN, "44-53",
			"aho-corasick@0.7.20 memchr@2.5.0 regex-syntax@0.6.29", false, NULL },
		{ "regex-syntax", "0.5.6", KS_REL_UNKNOWN, "55-62", "ucd-util@0.1.10", false,
			NULL },
		{ "regex-syntax", "0.6.29", KS_REL_UNKNOWN, "64-68", NULL, false, NULL },
		{ "ucd-util", "0.1.10", KS_REL_UNKNOWN, "70-74", NULL, false, NULL },
	};
	struct ks_ares a;
	int rc;

	(void)state;
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_cargo,
				 "fixtures/lockfiles/trivy/parser/rust/cargo/cargo_normal.lock",
				 "Cargo.lock", &a),
		0);
	lk_expect(&a, normal, 8);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_cargo,
				 "fixtures/lockfiles/trivy/parser/rust/cargo/cargo_v3.lock",
				 "Cargo.lock", &a),
		0);
	lk_expect(&a, v3, 9);
	rc = lk_run_shared(&cx, &ks_analyzer_cargo,
		"fixtures/lockfiles/trivy/parser/rust/cargo/cargo_invalid.lock", "x/Cargo.lock",
		&a);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "'x/Cargo.lock'", NULL);
}

/* ---- Trivy's analyzer cases */

static const char *const an_dir = "fixtures/lockfiles/trivy/analyzer/rust/cargo/";

static int run_case(const char *name, struct ks_ares *a, struct tree *t)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "%s%s.txtar", an_dir, name);
	return run_tree(rel, a, t);
}

static void test_happy_and_no_toml(void **state)
{
	static const struct lk_want happy[] = {
		{ "aho-corasick", "0.7.20", KS_REL_INDIRECT, "4-11", "memchr@2.5.0", false, NULL },
		{ "app", "0.1.0", KS_REL_ROOT, "13-20",
			"memchr@1.0.2 regex-syntax@0.5.6 regex@1.7.3", false, NULL },
		{ "libc", "0.2.140", KS_REL_INDIRECT, "22-26", NULL, false, NULL },
		{ "memchr", "1.0.2", KS_REL_DIRECT, "28-35", "libc@0.2.140", false, NULL },
		{ "memchr", "2.5.0", KS_REL_INDIRECT, "37-41", NULL, false, NULL },
		{ "regex", "1.7.3", KS_REL_DIRECT, "43-52",
			"aho-corasick@0.7.20 memchr@2.5.0 regex-syntax@0.6.29", false, NULL },
		{ "regex-syntax", "0.5.6", KS_REL_DIRECT, "54-61", "ucd-util@0.1.10", false, NULL },
		{ "regex-syntax", "0.6.29", KS_REL_INDIRECT, "63-67", NULL, false, NULL },
		{ "ucd-util", "0.1.10", KS_REL_INDIRECT, "69-73", NULL, false, NULL },
	};
	struct ks_ares a;
	struct tree t;
	size_t i;

	(void)state;
	assert_int_equal(run_case("happy", &a, &t), 0);
	lk_expect(&a, happy, 9);
	tree_free(&t);
	/* without Cargo.toml: every package, relationships unknown, winapi included */
	assert_int_equal(run_case("no-cargo-toml", &a, &t), 0);
	assert_int_equal(a.npkgs, 12);
	for (i = 0; i < a.npkgs; i++)
		assert_int_equal(a.pkgs[i].relationship, KS_REL_UNKNOWN);
	assert_non_null(lk_find(&a, "winapi", "0.3.9"));
	tree_free(&t);
}

/* Virtual workspace roots: the root is named by the manifest hash and depends on the
 * members; members and their dependencies stay, the rest goes. */
static void test_workspaces(void **state)
{
	static const char *const cases[] = { "toml-workspace-members", "toml-workspace-glob" };
	/* hashstructure v2 of each root manifest, worked out independently from the algorithm */
	static const char *const ids[] = { "eeae9dc40f83d7dd", "fbcbfc8e1114c435" };
	struct ks_ares a;
	struct tree t;
	size_t i, k;

	(void)state;
	for (k = 0; k < 2; k++) {
		const struct ks_pkg *root = NULL;

		assert_int_equal(run_case(cases[k], &a, &t), 0);
		for (i = 0; i < a.npkgs; i++)
			if (a.pkgs[i].relationship == KS_REL_ROOT)
				root = &a.pkgs[i];
		assert_non_null(root);
		assert_string_equal(root->id, ids[k]);
		assert_string_equal(root->name, "");
		assert_int_equal(root->depends_on.n, 2);
		assert_true(strncmp(root->depends_on.v[0], "member", 6) == 0);
		assert_int_equal(lk_find(&a, "member2", "0.1.0")->relationship, KS_REL_WORKSPACE);
		assert_int_equal(lk_find(&a, "gdb-command", "0.7.6")->relationship, KS_REL_DIRECT);
		for (i = 0; i < a.npkgs; i++)
			assert_true(a.pkgs[i].relationship != KS_REL_UNKNOWN);
		tree_free(&t);
	}
}

static void test_workspace_version_and_deps(void **state)
{
	struct ks_ares a;
	struct tree t;
	const struct ks_pkg *p;

	(void)state;
	/* the member inherits version 2.0.0 from [workspace.package] */
	assert_int_equal(run_case("version-workspace-inherit", &a, &t), 0);
	p = lk_find(&a, "myapp", "2.0.0");
	assert_non_null(p);
	assert_int_equal(p->relationship, KS_REL_WORKSPACE);
	assert_int_equal(lk_find(&a, "serde", "1.0.195")->relationship, KS_REL_DIRECT);
	tree_free(&t);
	/* Trivy's "Cargo.toml doesn't include Dependencies field": memchr from
	 * [workspace.dependencies] is direct */
	assert_int_equal(run_case("toml-only-workspace-deps", &a, &t), 0);
	assert_int_equal(lk_find(&a, "memchr", "2.5.0")->relationship, KS_REL_DIRECT);
	assert_int_equal(lk_find(&a, "app", "0.1.0")->relationship, KS_REL_ROOT);
	tree_free(&t);
}

/* A manifest that is not TOML: the step fails naming it and the lock result stays. */
static void test_wrong_manifest(void **state)
{
	struct ks_ares a;
	struct tree t;
	size_t i;
	int rc;

	(void)state;
	rc = run_case("wrong-cargo-toml", &a, &t);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "'Cargo.toml'", NULL);
	assert_int_equal(a.npkgs, 2);
	for (i = 0; i < a.npkgs; i++)
		assert_int_equal(a.pkgs[i].relationship, KS_REL_UNKNOWN);
	tree_free(&t);
	rc = run_case("sad", &a, &t);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "'Cargo.lock'", NULL);
	tree_free(&t);
}

/* The hash naming a virtual workspace root (hashstructure v2 over Trivy's cargoToml
 * struct, FNV-1, values worked out independently by hand from the algorithm). */
static void test_manifest_hash(void **state)
{
	static const char toml[] = "[workspace]\nmembers = [\"a\"]\n";
	static const char lock[] = "[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n";
	struct ks_file tf = { "Cargo.toml", (const uint8_t *)toml, sizeof(toml) - 1 };
	struct ks_ares a;
	size_t i;

	(void)state;
	assert_int_equal(lk_run(&cx, &ks_analyzer_cargo, "Cargo.lock", lock, sizeof(lock) - 1, &a),
		0);
	assert_int_equal(ks_cargo_manifest(&cx, &a, &tf, NULL), 0);
	for (i = 0; i < a.npkgs; i++)
		if (a.pkgs[i].relationship == KS_REL_ROOT)
			assert_string_equal(a.pkgs[i].id, "ac30ae48dfa95447");
	assert_int_equal(lk_nwarns(&cx, "not read"), 1);
}

static void test_corrupt_lock(void **state)
{
	static const char *const bad[] = { "package = 1\n", "package = [1]\n",
		"[[package]]\nname = 1\n", "[[package]]\ndependencies = \"x\"\n",
		"[[package]]\ndependencies = [1]\n", "[[package]\n", "a = \"\n" };
	struct ks_ares a;
	size_t i, n;
	uint8_t *data;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = lk_run(&cx, &ks_analyzer_cargo, "r/Cargo.lock", bad[i], strlen(bad[i]), &a);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "'r/Cargo.lock'", NULL);
	}
	data = tu_read(tu_shared("fixtures/lockfiles/trivy-integration-repo/cargo/Cargo.lock"), &n);
	lk_mangle(&cx, &ks_analyzer_cargo, "Cargo.lock", data, n);
	free(data);
	assert_true(ks_analyzer_cargo.wants("Cargo.lock", 10));
	assert_true(ks_analyzer_cargo.wants("a/Cargo.lock", 12));
	assert_false(ks_analyzer_cargo.wants("a/XCargo.lock", 13));
	assert_int_equal(ks_analyzer_cargo.modes, KS_MODE_ALL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_integration_golden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_parser, setup, teardown),
		cmocka_unit_test_setup_teardown(test_happy_and_no_toml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_workspaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_workspace_version_and_deps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_manifest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manifest_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_lock, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
