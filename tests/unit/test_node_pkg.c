/*
 * test_node_pkg.c - installed Node.js packages (lib/analyze/node_pkg.c): a real npm install
 * tree gives exactly the packages `npm ls --all` lists, Trivy's package.json parser cases
 * (licence shapes, names, missing fields) and node_version.h, corrupt inputs.
 */
#include "testutil.h"
#include "langkit.h"

#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"

#define AN (&ks_analyzer_node_pkg)
#define PJ "fixtures/lockfiles/trivy/parser/nodejs/packagejson/"
#define APP "fixtures/lockfiles/node/npm-generated-vuln-app/"

static void test_wants(void **state)
{
	(void)state;
	assert_true(AN->wants("package.json", 12));
	assert_true(AN->wants("app/node_modules/a/package.json", 31));
	assert_true(AN->wants("usr/include/node/node_version.h", 31));
	assert_true(AN->wants("include/node/node_version.h", 27));
	assert_false(AN->wants("node_version.h", 14));
	assert_false(AN->wants("a/package-lock.json", 19));
	assert_false(AN->wants("a/xpackage.json", 15));
	assert_int_equal(AN->modes, KS_MODE_POST);
	assert_string_equal(AN->name, "node-pkg");
}

/* The tree walk state: every package.json under the install's node_modules. */
static struct {
	struct ks_ctx *cx;
	struct ks_ares *out;
	size_t root;  /* length of the directory prefix to strip */
	size_t files; /* package.json files seen */
	int rc;
} walk;

static int visit(const char *fpath, const struct stat *sb, int type, struct FTW *ftw)
{
	struct ks_file f;
	uint8_t *data;
	size_t n;
	int rc;

	(void)sb;
	(void)ftw;
	if (type != FTW_F || strcmp(fpath + strlen(fpath) - 13, "/package.json") != 0)
		return 0;
	data = tu_read(fpath, &n);
	f = (struct ks_file){ fpath + walk.root, data, n };
	rc = AN->parse(walk.cx, &f, walk.out);
	free(data);
	walk.files++;
	if (rc != 0)
		walk.rc = rc;
	return 0;
}

static void collect_ls(json_t *node, json_t *set)
{
	json_t *child;
	const char *name;

	json_object_foreach(json_object_get(node, "dependencies"), name, child)
	{
		char id[512];

		snprintf(id, sizeof(id), "%s@%s", name,
			json_string_value(json_object_get(child, "version")));
		json_object_set_new(set, id, json_true());
		collect_ls(child, set);
	}
}

static void test_npm_ls(void **state)
{
	char dir[4096];
	json_error_t jerr;
	json_t *tree, *set;
	struct ks_ctx cx;
	struct ks_ares a = { 0 };
	size_t i, withlic = 0;

	(void)state;
	tree = json_load_file(tu_shared(APP "expected-npm-ls-all.json"), 0, &jerr);
	assert_non_null(tree);
	set = json_object();
	collect_ls(tree, set);
	snprintf(dir, sizeof(dir), "%s", tu_shared(APP "node_modules"));
	tu_ctx(&cx);
	walk.cx = &cx;
	walk.out = &a;
	walk.root = strlen(dir) - strlen("node_modules");
	walk.files = 0;
	walk.rc = 0;
	assert_int_equal(nftw(dir, visit, 16, FTW_PHYS), 0);
	assert_int_equal(walk.rc, 0);
	assert_int_equal(walk.files, 57);
	assert_int_equal(a.npkgs, json_object_size(set));
	for (i = 0; i < a.npkgs; i++) {
		const struct ks_pkg *p = &a.pkgs[i];
		char id[512];

		snprintf(id, sizeof(id), "%s@%s", p->name, p->version);
		if (json_object_get(set, id) == NULL)
			fail_msg("%s (%s) is not in npm ls", id, p->file_path);
		assert_true(strncmp(p->file_path, "node_modules/", 13) == 0);
		assert_true(strcmp(p->file_path + strlen(p->file_path) - 13, "/package.json") == 0);
		assert_int_equal(p->relationship, KS_REL_UNKNOWN);
		assert_int_equal(p->nlocs, 0);
		withlic += p->licenses.n > 0;
	}
	assert_int_equal(withlic, a.npkgs);
	assert_string_equal(lk_find(&a, "express", "4.17.1")->licenses.v[0], "MIT");
	assert_string_equal(lk_find(&a, "minimist", "1.2.5")->licenses.v[0], "MIT");
	json_decref(set);
	json_decref(tree);
	ks_ctx_release(&cx);
}

/* name version licences of the one package a file gives ("-" for no package). */
static void expect_one(const char *rel, const char *want)
{
	struct ks_ctx cx;
	struct ks_ares a;
	char got[1024];
	size_t i, o;

	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN, rel, "node_modules/x/package.json", &a), 0);
	if (a.npkgs == 0) {
		snprintf(got, sizeof(got), "-");
	} else {
		assert_int_equal(a.npkgs, 1);
		o = (size_t)snprintf(got, sizeof(got), "%s %s", a.pkgs[0].name, a.pkgs[0].version);
		for (i = 0; i < a.pkgs[0].licenses.n; i++)
			o += (size_t)snprintf(got + o, sizeof(got) - o, " [%s]",
				a.pkgs[0].licenses.v[i]);
		assert_string_equal(a.pkgs[0].file_path, "node_modules/x/package.json");
	}
	if (strcmp(got, want) != 0)
		fail_msg("%s: got '%s', want '%s'", rel, got, want);
	ks_ctx_release(&cx);
}

static void test_trivy_cases(void **state)
{
	(void)state;
	expect_one(PJ "package.json", "bootstrap 5.0.2 [MIT]");
	expect_one(PJ "legacy_package.json", "angular 4.1.2 [ISC]");
	expect_one(PJ "legacy_array_package.json", "tv4 1.3.0 [Public Domain] [MIT]");
	expect_one(PJ "mixed_array_license_package.json", "mixed-array-license 1.0.0 [MIT]");
	expect_one(PJ "empty_array_license_package.json", "empty-array-license 1.0.0");
	expect_one(PJ "invalid_license_package.json", "weird-license 1.0.0");
	expect_one(PJ "null_license_package.json", "null-license 1.0.0");
	expect_one(PJ "unknown_license_object_package.json", "unknown-license-object 1.0.0");
	expect_one(PJ "workspace_as_map_package.json", "example 1.0.0");
	expect_one(PJ "without_version_package.json", "-");
	expect_one(PJ "without_name_and_version_package.json", "-");
	expect_one("fixtures/lockfiles/trivy/analyzer/nodejs/pkg/package.json",
		"lodash 5.0.0 [MIT]");
	expect_one("fixtures/lockfiles/trivy/analyzer/nodejs/pkg/noname.json", "-");
	expect_one("fixtures/lockfiles/trivy/analyzer/nodejs/license/happy/node_modules/"
		   "package-license-name/package.json",
		"package-a 0.0.1 [CC-BY-SA-4.0]");
	expect_one("fixtures/lockfiles/trivy/analyzer/nodejs/license/happy/node_modules/"
		   "package-no-licenses/package.json",
		"package-f 0.0.1");
}

static void test_corrupt(void **state)
{
	static const char *const files[] = { PJ "invalid_package.json", PJ "invalid_name.json",
		"fixtures/lockfiles/trivy/analyzer/nodejs/pkg/sad.json" };
	static const char *const texts[] = { "", "[1]", "{\"name\": 1, \"version\": \"1\"}",
		"{\"name\": \"a\", \"version\": true}",
		"{\"name\": \"a\", \"version\": \"1\", \"dependencies\": {\"b\": 2}}",
		"{\"name\": \"a\", \"version\": \"1\", \"devDependencies\": []}",
		"{\"name\": \"a b\", \"version\": \"1\"}",
		"{\"name\": \"@/b\", \"version\": \"1\"}",
		"{\"name\": \"@s/b/c\", \"version\": \"1\"}",
		"{\"name\": \"a\", \"version\": \"\\ud800\"}" };
	static const char trailing[] = "{\"name\":\"@s/a.b_c-d\",\"version\":\"1.0.0\"} x";
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		tu_ctx(&cx);
		lk_expect_err(&cx, lk_run_shared(&cx, AN, files[i], "n/package.json", &a),
			KS_ECORRUPT, "n/package.json", NULL);
		ks_ctx_release(&cx);
	}
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		tu_ctx(&cx);
		lk_expect_err(&cx,
			lk_run(&cx, AN, "n/package.json", texts[i], strlen(texts[i]), &a),
			KS_ECORRUPT, "n/package.json", NULL);
		ks_ctx_release(&cx);
	}
	/* what Go's decoder reads: the first value, whatever follows it */
	tu_ctx(&cx);
	assert_int_equal(lk_run(&cx, AN, "package.json", trailing, strlen(trailing), &a), 0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].name, "@s/a.b_c-d");
	ks_ctx_release(&cx);
}

static void test_node_version_h(void **state)
{
	static const char hdr[] = "#ifndef SRC_NODE_VERSION_H_\n"
				  "#define SRC_NODE_VERSION_H_\n"
				  "#define NODE_MAJOR_VERSION 18\n"
				  "#define NODE_MINOR_VERSION 19\n"
				  "#define NODE_PATCH_VERSION 1\r\n"
				  "#define NODE_VERSION_IS_RELEASE 1\n";
	static const char bad[] = "#define NODE_MAJOR_VERSION x18\n";
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run(&cx, AN, "usr/include/node/node_version.h", hdr, sizeof(hdr) - 1,
				 &a),
		0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].name, "node");
	assert_string_equal(a.pkgs[0].version, "18.19.1");
	assert_string_equal(a.pkgs[0].file_path, "usr/include/node/node_version.h");
	/* without all three defines there is no package */
	assert_int_equal(lk_run(&cx, AN, "include/node/node_version.h", hdr, 80, &a), 0);
	assert_int_equal(a.npkgs, 0);
	lk_expect_err(&cx, lk_run(&cx, AN, "include/node/node_version.h", bad, sizeof(bad) - 1, &a),
		KS_ECORRUPT, "include/node/node_version.h", "NODE_MAJOR_VERSION");
	ks_ctx_release(&cx);
}

static void test_mangled(void **state)
{
	struct ks_ctx cx;
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_shared(PJ "legacy_array_package.json"), &n);
	tu_ctx(&cx);
	/* no prefix is a complete document but the text without its final newline */
	assert_true(lk_mangle(&cx, AN, "m/package.json", data, n) <= 1);
	ks_ctx_release(&cx);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_npm_ls),
		cmocka_unit_test(test_trivy_cases),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_node_version_h),
		cmocka_unit_test(test_mangled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
