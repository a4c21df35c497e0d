/* test_conda_pkg.c - the conda-pkg analyzer (lib/analyze/conda_pkg.c): the paths Trivy's
 * pattern selects, Trivy's conda-meta test inputs (name, version, normalised licence),
 * member-name matching, and corrupt files. */
#include "testutil.h"

#include "pykit.h"
#include "util/license.h"

static const struct ks_analyzer *an = &ks_analyzer_conda_pkg;

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
	        {"opt/conda/envs/app/conda-meta/pip-22.2.2-py38h06a4308_0.json", true},
	        {"envs/app/conda-meta/pip-22.2.2-py38_0.json", false},  /* needs "/envs/" */
	        {"opt/conda/conda-meta/pip-22.2.2-py38_0.json", false}, /* base environment */
	        {"opt/conda/envs/app/conda-meta/history", false},
	        {"opt/conda/envs/app/conda-meta/pip-22.json", false}, /* one dash */
	        {"opt/conda/envs/app/conda-meta/a-b-c.json", true},
	        {"opt/conda/envs/app/conda-meta/-b-c.json", false},     /* nothing before */
	        {"opt/conda/envs//conda-meta/a-b-c.json", false},       /* empty env name */
	        {"opt/conda/envs/x/y/conda-meta/a-b-c.json.bak", true}, /* unanchored */
	        {"opt/conda/envs/x/conda-meta/a--c.json", false},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (an->wants(cases[i].path, strlen(cases[i].path)) != cases[i].want)
			fail_msg("wants(%s) != %d", cases[i].path, cases[i].want);
	assert_int_equal(an->modes, KS_MODE_POST);
}

static void check(struct ks_ctx *cx, const struct ks_ares *out, const char *name,
        const char *version, const char *raw_license)
{
	const char *norm;

	assert_int_equal(out->npkgs, 1);
	assert_string_equal(out->pkgs[0].name, name);
	assert_string_equal(out->pkgs[0].version, version);
	assert_null(out->pkgs[0].file_path);
	if (raw_license == NULL) {
		assert_int_equal(out->pkgs[0].licenses.n, 0);
		return;
	}
	assert_int_equal(out->pkgs[0].licenses.n, 1);
	assert_int_equal(ks_license_normalize(&cx->arena, ks_str_c(raw_license), &norm), 0);
	assert_string_equal(out->pkgs[0].licenses.v[0], norm);
}

static void test_trivy(void **state)
{
	static const struct {
		const char *rel, *name, *version, *lic;
	} cases[] = {
	        {"parser/conda/meta/_libgcc_mutex-0.1-main.json", "_libgcc_mutex", "0.1", NULL},
	        {"parser/conda/meta/libgomp-11.2.0-h1234567_1.json", "libgomp", "11.2.0",
	                "GPL-3.0-only WITH GCC-exception-3.1"},
	        {"analyzer/conda/meta/pip-22.2.2-py38h06a4308_0.json", "pip", "22.2.2", "MIT"},
	        {"analyzer/conda/environment/conda-meta/_libgcc_mutex-0.1-main.json",
	                "_libgcc_mutex", "0.1", "MIT"},
	        {"analyzer/conda/environment/conda-meta/_openmp_mutex-5.1-1_gnu.json",
	                "_openmp_mutex", "5.1", "BSD-3-Clause"},
	        {"analyzer/conda/environment/conda-meta/blas-1.0-openblas.json", "blas", "1.0",
	                NULL},
	        {"analyzer/conda/environment/conda-meta/bzip2-1.0.8-h5eee18b_6.json", "bzip2",
	                "1.0.8", "bzip2-1.0.8"},
	};
	struct ks_ctx cx;
	struct ks_ares out;
	char rel[256];
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(rel, sizeof(rel), "fixtures/lockfiles/trivy/%s", cases[i].rel);
		if (pk_run(&cx, an, rel, "opt/conda/envs/x/conda-meta/a-b-c.json", &out) != 0)
			fail_msg("%s: %s", rel, cx.err.msg);
		check(&cx, &out, cases[i].name, cases[i].version, cases[i].lic);
	}
	assert_string_equal(out.pkgs[0].licenses.v[0], "bzip2-1.0.8");
	assert_int_equal(
	        pk_run(&cx, an, "fixtures/lockfiles/trivy/parser/conda/meta/invalid_json.json",
	                "m/a-b-c.json", &out),
	        KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "conda-pkg: 'm/a-b-c.json': line 1: "));
	assert_int_equal(
	        pk_run(&cx, an, "fixtures/lockfiles/trivy/parser/conda/meta/invalid_package.json",
	                "m/a-b-c.json", &out),
	        KS_ECORRUPT);
	assert_string_equal(cx.err.msg, "conda-pkg: 'm/a-b-c.json': unable to parse conda package: "
	                                "name or version is empty");
	ks_ctx_release(&cx);
}

static void test_members(void **state)
{
	static const char upper[] = "{\"NAME\": \"a\", \"Version\": \"1\", \"License\": \"MIT\", "
	                            "\"depends\": [\"x\"]} trailing garbage";
	static const char last[] = "{\"name\": \"a\", \"name\": \"b\", \"version\": \"2\", "
	                           "\"license\": null}";
	static const char *const bad[] = {"[]", "{\"name\": 1, \"version\": \"1\"}",
	        "{\"name\": \"a\", \"version\": \"\"}", "{\"name\": \"a\"}", "", "{\"name\": \"a\"",
	        "{\"name\": \"a\", \"version\": \"1\", \"license\": []}"};
	struct ks_ctx cx;
	struct ks_ares out;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(pk_run_mem(&cx, an, upper, sizeof(upper) - 1, "m.json", &out), 0);
	check(&cx, &out, "a", "1", "MIT");
	assert_int_equal(pk_run_mem(&cx, an, last, sizeof(last) - 1, "m.json", &out), 0);
	check(&cx, &out, "b", "2", NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pk_run_mem(&cx, an, bad[i], strlen(bad[i]), "m.json", &out) != KS_ECORRUPT)
			fail_msg("accepted: %s", bad[i]);
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wants),
	        cmocka_unit_test(test_trivy),
	        cmocka_unit_test(test_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
