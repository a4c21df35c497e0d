/*
 * test_cocoapods.c - the Podfile.lock analyzer against Trivy's cocoapods parser and
 * analyzer test expectations (packages and dependencies), the Trivy integration input,
 * edge cases and corrupted copies.
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

#define P "fixtures/lockfiles/trivy/parser/swift/cocoapods/"
#define A "fixtures/lockfiles/trivy/analyzer/swift/cocoapods/"
#define AN (&ks_analyzer_cocoapods)
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PKG(name, version, deps) LK(name, version, KS_REL_UNKNOWN, NULL, deps)

static void run_ok(const char *rel, const struct lk_want *w, size_t n)
{
	lk_expect_shared(&cx, AN, rel, "ios/Podfile.lock", w, n);
}

static void test_trivy(void **state)
{
	static const struct lk_want happy[] = {
		PKG("AppCenter", "4.2.0", "AppCenter/Analytics@4.2.0 AppCenter/Crashes@4.2.0"),
		PKG("AppCenter/Analytics", "4.2.0", "AppCenter/Core@4.2.0"),
		PKG("AppCenter/Core", "4.2.0", NULL),
		PKG("AppCenter/Crashes", "4.2.0", "AppCenter/Core@4.2.0"),
		PKG("KeychainAccess", "4.2.1", NULL),
	};
	static const struct lk_want integration[] = {
		PKG("_NIODataStructures", "2.41.0", NULL),
	};

	(void)state;
	run_ok(P "happy.lock", happy, N(happy));
	run_ok(A "happy.lock", happy, N(happy));
	run_ok(P "empty.lock", NULL, 0);
	run_ok(A "empty.lock", NULL, 0);
	run_ok("fixtures/lockfiles/trivy-integration-repo/cocoapods/Podfile.lock", integration,
		N(integration));
	assert_int_equal(cx.nwarns, 0);
	/* "AppCenter = 4.2.0" is not "Name (version)": skipped, with a warning */
	run_ok(P "sad.lock", NULL, 0);
	assert_int_equal(lk_nwarns(&cx, "ios/Podfile.lock': 1 pod not written"), 1);
}

static int run_s(const char *text, struct ks_ares *out)
{
	return lk_run(&cx, AN, "a/Podfile.lock", text, strlen(text), out);
}

static void test_edges(void **state)
{
	static const char *const bad[] = {
		"",
		"- a\n",
		"PODS: {a: b}\n",
		"PODS:\n  - A (1.0):\n",
		"PODS:\n  - A (1.0): x\n",
		"PODS:\n  - A (1.0):\n    - [x]\n",
		"PODS:\n  - A (1.0):\n    - {x: y}\n",
		"PODS:\n  - \"A (1.0)\n",
		"PODS:\n  - A (1.0)\n - B\n",
	};
	struct ks_ares out;
	const struct ks_pkg *p;
	size_t i;
	int rc;

	(void)state;
	/* a dependency the lock file does not list keeps its bare name; a pod listed again
	 * takes the later version; blank dependency entries are ignored; the dependencies
	 * of an entry that does not split are not read; other item kinds are ignored */
	assert_int_equal(run_s("PODS:\n  - A (1.0):\n    - B (~> 2)\n    - Missing\n    - \" \"\n"
			       "  - B (2.0)\n  - B (2.1)\n  - [1]\n  - C = 1:\n    - [x]\n"
			       "  - Spaced Name (3.0 )\n",
				 &out),
		0);
	assert_int_equal(out.npkgs, 3);
	p = lk_find(&out, "A", "1.0");
	assert_non_null(p);
	assert_int_equal(p->depends_on.n, 2);
	assert_string_equal(p->depends_on.v[0], "B@2.1");
	assert_string_equal(p->depends_on.v[1], "Missing");
	assert_non_null(lk_find(&out, "B", "2.1"));
	assert_non_null(lk_find(&out, "Spaced Name", "3.0 "));
	assert_int_equal(lk_nwarns(&cx, "1 pod not written"), 1);
	for (i = 0; i < N(bad); i++) {
		rc = run_s(bad[i], &out);
		if (rc != KS_ECORRUPT)
			fail_msg("case %zu: got %d (%s)", i, rc, cx.err.msg);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "a/Podfile.lock", NULL);
	}
}

static void test_truncated(void **state)
{
	uint8_t *data;
	size_t n, accepted;

	(void)state;
	/* YAML: many prefixes are whole documents; none may crash, every failure names
	 * the file */
	data = tu_read(tu_shared(P "happy.lock"), &n);
	accepted = lk_mangle(&cx, AN, "t/Podfile.lock", data, n);
	assert_true(accepted > 0 && accepted < n);
	free(data);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
		{ "Podfile.lock", true },
		{ "ios/Podfile.lock", true },
		{ "ios/Podfile", false },
		{ "ios/podfile.lock", false },
		{ "ios/happy.lock", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_int_equal(AN->wants(cases[i].path, strlen(cases[i].path)), cases[i].want);
	assert_string_equal(AN->name, "cocoapods");
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
