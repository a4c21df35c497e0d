/*
 * test_composer_vendor.c - packages Composer installed (lib/analyze/composer_vendor.c):
 * Trivy's analyzer case, the integration input, syft's Composer 1 (top-level array) and
 * Composer 2 files, corrupt inputs.
 */
#include "testutil.h"
#include "langkit.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"

#define AN (&ks_analyzer_composer_vendor)

static void test_wants(void **state)
{
	(void)state;
	assert_true(AN->wants("app/vendor/composer/installed.json", 34));
	assert_true(AN->wants("installed.json", 14));
	assert_false(AN->wants("composer.json", 13));
	assert_false(AN->wants("xinstalled.json", 15));
	assert_int_equal(AN->modes, KS_MODE_POST);
	assert_string_equal(AN->name, "composer-vendor");
}

static void test_trivy(void **state)
{
	static const struct lk_want w[] = {
		{ "pear/log", "1.13.3", KS_REL_UNKNOWN, "3-65", "pear/pear_exception@v1.0.2", false,
			NULL },
		{ "pear/pear_exception", "v1.0.2", KS_REL_UNKNOWN, "66-127", NULL, false, NULL },
	};
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN,
				 "fixtures/lockfiles/trivy/analyzer/php/composer/composer-vendor/"
				 "happy/installed.json",
				 "vendor/composer/installed.json", &a),
		0);
	lk_expect(&a, w, 2);
	assert_string_equal(lk_find(&a, "pear/log", "1.13.3")->licenses.v[0], "MIT");
	assert_string_equal(lk_find(&a, "pear/pear_exception", "v1.0.2")->licenses.v[0],
		"BSD-2-Clause");
	lk_expect_err(&cx,
		lk_run_shared(&cx, AN,
			"fixtures/lockfiles/trivy/analyzer/php/composer/composer-vendor/sad/"
			"installed.json",
			"v/installed.json", &a),
		KS_ECORRUPT, "v/installed.json", NULL);
	ks_ctx_release(&cx);
}

static void test_integration_input(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN,
				 "fixtures/lockfiles/trivy-integration-repo/composer-vendor/"
				 "installed.json",
				 "installed.json", &a),
		0);
	assert_int_equal(a.npkgs, 3);
	p = lk_find(&a, "guzzlehttp/psr7", "1.8.3");
	assert_non_null(p);
	assert_int_equal(p->depends_on.n, 2);
	assert_string_equal(p->depends_on.v[0], "psr/http-message@1.1");
	assert_string_equal(p->depends_on.v[1], "ralouphie/getallheaders@3.0.3");
	assert_non_null(lk_find(&a, "psr/http-message", "1.1"));
	assert_non_null(lk_find(&a, "ralouphie/getallheaders", "3.0.3"));
	ks_ctx_release(&cx);
}

/* Composer 1 wrote a top-level array, Composer 2 an object; both give the same packages
 * (dev-package-names is not used, as in Trivy). */
static void test_syft_v1_v2(void **state)
{
	static const char *const files[] = { "fixtures/syft-fixtures/php/vendor/composer_1/"
					     "installed.json",
		"fixtures/syft-fixtures/php/vendor/composer_2/installed.json" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct ks_ctx cx;
		struct ks_ares a;
		const struct ks_pkg *p;

		tu_ctx(&cx);
		assert_int_equal(lk_run_shared(&cx, AN, files[i], "vendor/composer/installed.json",
					 &a),
			0);
		assert_int_equal(a.npkgs, 2);
		p = lk_find(&a, "asm89/stack-cors", "1.3.0");
		assert_non_null(p);
		assert_string_equal(p->licenses.v[0], "MIT");
		p = lk_find(&a, "behat/mink", "v1.8.1");
		assert_non_null(p);
		assert_false(p->dev);
		assert_int_equal(p->nlocs, 1);
		ks_ctx_release(&cx);
	}
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = { "", "7", "[1]", "{\"packages\": 1}",
		"[{\"name\": \"a\", \"version\": 2}]", "[{\"name\": \"a\"}] [" };
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tu_ctx(&cx);
		lk_expect_err(&cx, lk_run(&cx, AN, "v/installed.json", bad[i], strlen(bad[i]), &a),
			KS_ECORRUPT, "v/installed.json", NULL);
		ks_ctx_release(&cx);
	}
}

static void test_mangled(void **state)
{
	struct ks_ctx cx;
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_shared("fixtures/syft-fixtures/php/vendor/composer_1/installed.json"),
		&n);
	tu_ctx(&cx);
	/* no prefix is a complete document but the text without its final newline */
	assert_true(lk_mangle(&cx, AN, "m/installed.json", data, n) <= 1);
	ks_ctx_release(&cx);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_trivy),
		cmocka_unit_test(test_integration_input),
		cmocka_unit_test(test_syft_v1_v2),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_mangled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
