/* test_pdm.c - the pdm analyzer (lib/analyze/pdm.c): syft's pdm.lock inputs (extras
 * tables merged, development groups, DependsOn through PEP 508 requirements), the
 * requirement syntax, and corrupt files. */
#include "testutil.h"

#include "pykit.h"

static const struct ks_analyzer *an = &ks_analyzer_pdm;

#define DEPS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void expect(const struct ks_ares *out, const char *name, const char *version, bool dev,
        const char *const *deps)
{
	const struct ks_pkg *p = pk_find(out, name, version);
	size_t n = 0;

	if (p == NULL)
		fail_msg("no %s %s", name, version);
	if (p->dev != dev || p->relationship != KS_REL_UNKNOWN)
		fail_msg("%s: dev %d rel %d", name, p->dev, p->relationship);
	while (deps != NULL && deps[n] != NULL)
		n++;
	if (p->depends_on.n != n)
		fail_msg("%s: %zu deps, want %zu", name, p->depends_on.n, n);
	for (n = 0; n < p->depends_on.n; n++)
		assert_string_equal(p->depends_on.v[n], deps[n]);
}

static void test_wants(void **state)
{
	(void)state;
	assert_true(an->wants("pdm.lock", 8));
	assert_true(an->wants("a/pdm.lock", 10));
	assert_false(an->wants("a/xpdm.lock", 11));
	assert_int_equal(an->modes, KS_MODE_PRE);
}

static void test_syft(void **state)
{
	struct ks_ctx cx;
	struct ks_ares out;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(pk_run(&cx, an, "fixtures/syft-fixtures/python/pdm-lock-extras/pdm.lock",
	                         "pdm.lock", &out),
	        0);
	assert_int_equal(out.npkgs, 5); /* coverage[toml] is coverage */
	expect(&out, "coverage", "7.4.1", true, DEPS("tomli@2.0.1"));
	expect(&out, "pytest-cov", "4.1.0", true, DEPS("coverage@7.4.1", "pytest@8.0.1"));
	expect(&out, "uvloop", "0.19.0", true, NULL);
	assert_int_equal(pk_run(&cx, an, "fixtures/syft-fixtures/python/pdm-lock/pdm.lock",
	                         "pdm.lock", &out),
	        0);
	assert_int_equal(out.npkgs, 10);
	/* "security" is an extra of the project: production; "tests" is development */
	expect(&out, "requests", "2.27.1", false,
	        DEPS("certifi@2025.1.31", "chardet@3.0.4", "charset-normalizer@2.0.12", "idna@2.7",
	                "urllib3@1.26.20"));
	expect(&out, "idna", "2.7", false, NULL);
	expect(&out, "pytest", "3.2.5", true,
	        DEPS("colorama@0.3.9", "py@1.4.34", "setuptools@39.2.0"));
	assert_int_equal(
	        pk_run(&cx, an, "fixtures/syft-fixtures/python/pdm-lock-separate-files/pdm.lock",
	                "pdm.lock", &out),
	        0);
	assert_int_equal(out.npkgs, 57); /* 58 tables, one an extras table */
	assert_int_equal(pk_run(&cx, an, "fixtures/syft-fixtures/python/pypi-remote/pdm.lock",
	                         "pdm.lock", &out),
	        0);
	assert_int_equal(out.npkgs, 1);
	ks_ctx_release(&cx);
}

static void test_requirements(void **state)
{
	static const char lock[] =
	        "[[package]]\nname = \"App_X\"\nversion = \"1\"\ngroups = [\"default\"]\n"
	        "dependencies = [\"Two.Ver (>=2)\", \"url @ https://x/y.whl\", \"missing>=1\",\n"
	        "  \"odd-spec ^^^\", \"pre>=1.0\", \"app-x\"]\n"
	        "[[package]]\nname = \"two-ver\"\nversion = \"1.0\"\n"
	        "[[package]]\nname = \"two_ver\"\nversion = \"2.5\"\n"
	        "[[package]]\nname = \"url\"\nversion = \"0.1\"\n"
	        "[[package]]\nname = \"odd-spec\"\nversion = \"3\"\n"
	        "[[package]]\nname = \"pre\"\nversion = \"1.1b1\"\n";
	struct ks_ctx cx;
	struct ks_ares out;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(pk_run_mem(&cx, an, lock, sizeof(lock) - 1, "pdm.lock", &out), 0);
	assert_int_equal(out.npkgs, 6);
	expect(&out, "App_X", "1", false,
	        DEPS("odd-spec@3", "pre@1.1b1", "two_ver@2.5", "url@0.1"));
	ks_ctx_release(&cx);
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {"package = {}\n", "[[package]]\nname = 1\n",
	        "[[package]]\ndependencies = \"a\"\n", "[[package]]\ngroups = [1]\n",
	        "[[package]\n"};
	const char *rel = "fixtures/syft-fixtures/python/pdm-lock-separate-files/pdm.lock";
	struct ks_ctx cx;
	struct ks_ares out;
	size_t i, n, cut;
	uint8_t *d;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (pk_run_mem(&cx, an, bad[i], strlen(bad[i]), "x/pdm.lock", &out) != KS_ECORRUPT)
			fail_msg("accepted: %s", bad[i]);
		assert_true(strncmp(cx.err.msg, "pdm: 'x/pdm.lock': ", 19) == 0);
	}
	/* syft's placeholder file holds the word "bogus" */
	assert_int_equal(pk_run(&cx, an, "fixtures/syft-fixtures/python/glob-paths/src/pdm.lock",
	                         "pdm.lock", &out),
	        KS_ECORRUPT);
	d = tu_read(tu_shared(rel), &n);
	for (cut = 0; cut < n; cut += 211) {
		int r = pk_run_mem(&cx, an, d, cut, "pdm.lock", &out);

		assert_true(r == 0 || r == KS_ECORRUPT);
	}
	free(d);
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wants),
	        cmocka_unit_test(test_syft),
	        cmocka_unit_test(test_requirements),
	        cmocka_unit_test(test_corrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
