/*
 * test_swift.c - the Package.resolved analyzer against Trivy's swift parser and analyzer
 * test expectations (names, versions, branch pins, locations), the Trivy integration
 * input, edge cases and corrupted copies.
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

#define P "fixtures/lockfiles/trivy/parser/swift/swift/"
#define A "fixtures/lockfiles/trivy/analyzer/swift/swift/"
#define AN (&ks_analyzer_swift)
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PKG(name, version, locs) LK(name, version, KS_REL_UNKNOWN, locs, NULL)

static void run_ok(const char *rel, const struct lk_want *w, size_t n)
{
	lk_expect_shared(&cx, AN, rel, "App/Package.resolved", w, n);
}

static void test_trivy(void **state)
{
	static const struct lk_want v1[] = {
		PKG("github.com/Quick/Nimble", "9.2.1", "4-12"),
		PKG("github.com/ReactiveCocoa/ReactiveSwift", "7.1.1", "13-21"),
	};
	/* swift-ogg follows a branch: its name stands for the version */
	static const struct lk_want v2[] = {
		PKG("github.com/Quick/Nimble", "9.2.1", "21-29"),
		PKG("github.com/Quick/Quick", "7.2.0", "30-38"),
		PKG("github.com/ReactiveCocoa/ReactiveSwift", "7.1.1", "39-47"),
		PKG("github.com/element-hq/swift-ogg", "0.0.1", "48-56"),
		PKG("github.com/mattgallagher/CwlCatchException", "2.1.2", "3-11"),
		PKG("github.com/mattgallagher/CwlPreconditionTesting", "2.1.2", "12-20"),
	};
	static const struct lk_want analyzer[] = {
		PKG("github.com/Quick/Nimble", "9.2.1", "4-12"),
		PKG("github.com/Quick/Quick", "7.0.0", "13-21"),
		PKG("github.com/ReactiveCocoa/ReactiveSwift", "7.1.1", "22-30"),
	};
	static const struct lk_want integration[] = {
		PKG("github.com/apple/swift-atomics", "1.1.0", "4-12"),
		PKG("github.com/apple/swift-nio", "2.41.0", "13-21"),
	};

	(void)state;
	run_ok(P "happy-v1-Package.resolved", v1, N(v1));
	run_ok(P "happy-v2-Package.resolved", v2, N(v2));
	run_ok(P "empty-Package.resolved", NULL, 0);
	run_ok(A "happy/Package.resolved", analyzer, N(analyzer));
	run_ok(A "empty/Package.resolved", NULL, 0);
	run_ok("fixtures/lockfiles/trivy-integration-repo/swift/Package.resolved", integration,
		N(integration));
}

static int run_s(const char *text, struct ks_ares *out)
{
	return lk_run(&cx, AN, "a/Package.resolved", text, strlen(text), out);
}

static void test_edges(void **state)
{
	static const char *const bad[] = {
		"[]",
		"{\"version\": \"2\"}",
		"{\"version\": 2.5}",
		"{\"version\": 2, \"pins\": {}}",
		"{\"version\": 2, \"pins\": [1]}",
		"{\"version\": 2, \"pins\": [{\"location\": 1}]}",
		"{\"version\": 2, \"pins\": [{\"location\": \"x\", \"state\": []}]}",
		"{\"version\": 2, \"pins\": [{\"location\": \"x\", \"state\": {\"version\": 1}}]}",
		"{\"object\": [], \"version\": 1}",
		"{\"object\": {\"pins\": [}, \"version\": 1}",
	};
	struct ks_ares out;
	const struct ks_pkg *p;
	size_t i;
	int rc;

	(void)state;
	/* version 3 reads like 2; a pin with neither version nor branch is skipped with a
	 * warning; the version wins over the branch; only "https://" and ".git" go; the
	 * pins of the other format are ignored */
	assert_int_equal(run_s("{\"version\": 3, \"object\": {\"pins\": [{\"repositoryURL\": "
			       "\"https://x/y.git\", \"state\": {\"version\": \"1\"}}]},\n"
			       "\"pins\": [\n{\"location\": \"https://github.com/a/b.git\", "
			       "\"state\": {\"version\": \"1.0.0\", \"branch\": \"main\"}},\n"
			       "{\"location\": \"git@github.com:c/d.git\", \"state\": "
			       "{\"revision\": \"abc\"}},\n"
			       "{\"location\": \"http://e/f.git.git\", \"state\": {\"version\": "
			       "\"2\"}}, null]}",
				 &out),
		0);
	assert_int_equal(out.npkgs, 2);
	p = lk_find(&out, "github.com/a/b", "1.0.0");
	assert_non_null(p);
	assert_int_equal(p->locs[0].start, 3);
	assert_non_null(lk_find(&out, "http://e/f.git", "2"));
	assert_int_equal(lk_nwarns(&cx, "a/Package.resolved': line 4: 2 pins with neither"), 1);
	/* without a version the file is read as format 1 */
	assert_int_equal(run_s("{\"object\": {\"pins\": [{\"repositoryURL\": \"https://x/y\", "
			       "\"state\": {\"version\": \"1\"}}]}}",
				 &out),
		0);
	assert_int_equal(out.npkgs, 1);
	assert_string_equal(out.pkgs[0].name, "x/y");
	for (i = 0; i < N(bad); i++) {
		rc = run_s(bad[i], &out);
		if (rc != KS_ECORRUPT)
			fail_msg("case %zu: got %d (%s)", i, rc, cx.err.msg);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "a/Package.resolved", NULL);
	}
}

static void test_truncated(void **state)
{
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_shared(P "happy-v2-Package.resolved"), &n);
	assert_int_equal(lk_mangle(&cx, AN, "t/Package.resolved", data, n),
		data[n - 1] == '\n' ? 1 : 0);
	free(data);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
		{ "Package.resolved", true },
		{ "App.xcworkspace/xcshareddata/swiftpm/Package.resolved", true },
		{ "App/package.resolved", false },
		{ "App/Package.swift", false },
		{ "App/happy-v1-Package.resolved", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_int_equal(AN->wants(cases[i].path, strlen(cases[i].path)), cases[i].want);
	assert_string_equal(AN->name, "swift");
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
