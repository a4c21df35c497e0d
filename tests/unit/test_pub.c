/*
 * test_pub.c - the pubspec.lock analyzer against Trivy's pub parser and analyzer test
 * expectations, the Trivy integration input, edge cases and corrupted copies.
 */
#include "langkit.h"

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

#define P "fixtures/lockfiles/trivy/parser/dart/pub/"
#define A "fixtures/lockfiles/trivy/analyzer/dart/pub/"
#define AN (&ks_analyzer_pub)
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run_ok(const char *rel, const struct lk_want *w, size_t n)
{
	lk_expect_shared(&cx, AN, rel, "app/pubspec.lock", w, n);
}

static void test_trivy(void **state)
{
	/* Trivy's parser expects flutter_test@3.3.0 from the "flutter" SDK constraint when
	 * it is built for comprehensive detection; its default keeps "0.0.0" */
	static const struct lk_want happy[] = {
		LK("crypto", "3.0.2", KS_REL_DIRECT, NULL, NULL),
		LK("flutter_test", "0.0.0", KS_REL_DIRECT, NULL, NULL),
		LK("uuid", "3.0.6", KS_REL_INDIRECT, NULL, NULL),
	};
	/* the analyzer test without a pub cache: "direct dev" is direct, not marked dev */
	static const struct lk_want analyzer[] = {
		LK("collection", "1.17.0", KS_REL_INDIRECT, NULL, NULL),
		LK("crypto", "3.0.3", KS_REL_DIRECT, NULL, NULL),
		LK("meta", "1.11.0", KS_REL_DIRECT, NULL, NULL),
		LK("typed_data", "1.3.2", KS_REL_INDIRECT, NULL, NULL),
	};
	static const struct lk_want integration[] = {
		LK("http", "0.13.2", KS_REL_DIRECT, NULL, NULL),
		LK("shelf", "1.3.1", KS_REL_INDIRECT, NULL, NULL),
	};
	struct ks_ares out;
	int rc;

	(void)state;
	run_ok(P "happy.lock", happy, N(happy));
	run_ok(P "empty.lock", NULL, 0);
	run_ok(A "happy/pubspec.lock", analyzer, N(analyzer));
	run_ok(A "empty/pubspec.lock", NULL, 0);
	run_ok("fixtures/lockfiles/trivy-integration-repo/pubspec/pubspec.lock", integration,
		N(integration));
	rc = lk_run_shared(&cx, AN, P "broken.lock", "x/pubspec.lock", &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "x/pubspec.lock", "not a YAML mapping");
	rc = lk_run_shared(&cx, AN, A "broken/pubspec.lock", "y/pubspec.lock", &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "y/pubspec.lock", NULL);
}

static int run_s(const char *text, struct ks_ares *out)
{
	return lk_run(&cx, AN, "a/pubspec.lock", text, strlen(text), out);
}

static void test_edges(void **state)
{
	static const char *const bad[] = {
		"",
		"# only a comment\n",
		"packages: [a, b]\n",
		"packages:\n  a:\n    version: [1]\n",
		"packages:\n  a: x\n",
		"packages:\n  a:\n    dependency: {x: y}\n",
		"sdks: [dart]\n",
		"sdks:\n  dart: {min: 1}\n",
		"packages:\n  a: &x\n    version: 1\n  b: *x\n",
		"packages:\n  a:\n    version: \"1\n",
		"a: 1\n---\nb: 2\n",
	};
	struct ks_ares out;
	const struct ks_pkg *p;
	size_t i;
	int rc;

	(void)state;
	/* numbers read as their text; an unknown dependency kind has no relationship; a
	 * null package is kept with an empty version (Go's zero Dep), its ID the bare name;
	 * a structured description is fine */
	assert_int_equal(run_s("packages:\n  a:\n    dependency: \"direct overridden\"\n"
			       "    version: 1.10\n  b:\n  c:\n    dependency: transitive\n"
			       "    description:\n      name: c\n      sha256: ab\n"
			       "    source: hosted\n    version: \"2.0.0+1\"\n"
			       "sdks:\n  dart: \">=3.0.0 <4.0.0\"\n",
				 &out),
		0);
	assert_int_equal(out.npkgs, 3);
	p = lk_find(&out, "a", "1.10");
	assert_non_null(p);
	assert_int_equal(p->relationship, KS_REL_UNKNOWN);
	p = lk_find(&out, "b", "");
	assert_non_null(p);
	assert_string_equal(p->id, "b");
	p = lk_find(&out, "c", "2.0.0+1");
	assert_non_null(p);
	assert_int_equal(p->relationship, KS_REL_INDIRECT);
	assert_int_equal(p->nlocs, 0);
	assert_false(p->dev);
	/* a null document is an empty lock file */
	assert_int_equal(run_s("~\n", &out), 0);
	assert_int_equal(out.npkgs, 0);
	for (i = 0; i < N(bad); i++) {
		rc = run_s(bad[i], &out);
		if (rc != KS_ECORRUPT)
			fail_msg("case %zu: got %d (%s)", i, rc, cx.err.msg);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "a/pubspec.lock", NULL);
	}
}

static void test_truncated(void **state)
{
	uint8_t *data;
	size_t n, accepted;

	(void)state;
	/* YAML has no closing brackets, so many prefixes are whole documents: none may
	 * crash, every failure names the file, and the prefix that ends a package entry
	 * gives just the packages before it */
	data = tu_read(tu_shared(A "happy/pubspec.lock"), &n);
	accepted = lk_mangle(&cx, AN, "t/pubspec.lock", data, n);
	assert_true(accepted > 0 && accepted < n);
	free(data);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
		{ "pubspec.lock", true },
		{ "app/pubspec.lock", true },
		{ "app/pubspec.yaml", false },
		{ "app/my_pubspec.lock", false },
		{ "app/pubspec.lock.bak", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_int_equal(AN->wants(cases[i].path, strlen(cases[i].path)), cases[i].want);
	assert_string_equal(AN->name, "pub");
	assert_int_equal(AN->kind, KS_AK_LANG);
	assert_int_equal(AN->modes, KS_MODE_PRE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test(test_wants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
