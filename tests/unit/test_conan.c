/*
 * test_conan.c - the conan.lock analyzer against Trivy's conan parser and analyzer test
 * expectations (Conan 1 graphs and Conan 2 requirement lists: relationships, locations,
 * dependencies), the Trivy integration input, edge cases and corrupted copies.
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

#define P "fixtures/lockfiles/trivy/parser/c/conan/"
#define A "fixtures/lockfiles/trivy/analyzer/c/conan/"
#define AN (&ks_analyzer_conan)
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run_ok(const char *rel, const struct lk_want *w, size_t n)
{
	lk_expect_shared(&cx, AN, rel, "cpp/conan.lock", w, n);
}

static void test_trivy(void **state)
{
	/* pkgc's reference carries user/channel ("pkgc/0.1.1@user/testing") */
	static const struct lk_want case1[] = {
		LK("pkga", "0.0.1", KS_REL_DIRECT, "13-22", "pkgb/system"),
		LK("pkgb", "system", KS_REL_INDIRECT, "23-29", NULL),
		LK("pkgc", "0.1.1", KS_REL_DIRECT, "30-35", NULL),
	};
	/* references with revisions */
	static const struct lk_want case2[] = {
		LK("openssl", "3.0.3", KS_REL_DIRECT, "12-22", "zlib/1.2.12"),
		LK("zlib", "1.2.12", KS_REL_INDIRECT, "23-30", NULL),
	};
	/* Conan 2: "requires" only (build_requires are not packages of the product) */
	static const struct lk_want v2[] = {
		LK("sound32", "1.0", KS_REL_UNKNOWN, "4-4", NULL),
		LK("matrix", "1.3", KS_REL_UNKNOWN, "5-5", NULL),
	};
	static const struct lk_want analyzer[] = {
		LK("openssl", "3.0.5", KS_REL_DIRECT, "12-21", "zlib/1.2.12"),
		LK("zlib", "1.2.12", KS_REL_INDIRECT, "22-28", NULL),
	};
	static const struct lk_want analyzer_v2[] = {
		LK("zlib", "1.3.1", KS_REL_UNKNOWN, "4-4", NULL),
		LK("openssl", "3.2.2", KS_REL_UNKNOWN, "5-5", NULL),
	};
	/* dependencies in the order the node requires them */
	static const struct lk_want integration[] = {
		LK("poco", "1.9.4", KS_REL_DIRECT, "12-25",
			"pcre/8.43 zlib/1.2.12 expat/2.4.8 sqlite3/3.39.2 openssl/1.1.1q"),
		LK("pcre", "8.43", KS_REL_INDIRECT, "26-36", "bzip2/1.0.8 zlib/1.2.12"),
		LK("bzip2", "1.0.8", KS_REL_INDIRECT, "37-43", NULL),
		LK("zlib", "1.2.12", KS_REL_INDIRECT, "44-50", NULL),
		LK("expat", "2.4.8", KS_REL_INDIRECT, "51-57", NULL),
		LK("sqlite3", "3.39.2", KS_REL_INDIRECT, "58-64", NULL),
		LK("openssl", "1.1.1q", KS_REL_INDIRECT, "65-71", NULL),
	};

	(void)state;
	run_ok(P "happy_v1_case1.lock", case1, N(case1));
	run_ok(P "happy_v1_case2.lock", case2, N(case2));
	run_ok(P "happy_v2.lock", v2, N(v2));
	run_ok(P "empty_v1.lock", NULL, 0);
	run_ok(A "happy/conan.lock", analyzer, N(analyzer));
	run_ok(A "happy_v2/release.lock", analyzer_v2, N(analyzer_v2));
	run_ok(A "empty/conan.lock", NULL, 0);
	run_ok("fixtures/lockfiles/trivy-integration-repo/conan/conan.lock", integration,
		N(integration));
	assert_int_equal(cx.nwarns, 0);
	/* "wrong/ref/format" names no package: skipped with a warning */
	run_ok(P "sad_v1.lock", NULL, 0);
	assert_int_equal(lk_nwarns(&cx, "cpp/conan.lock': line 12: 1 reference without"), 1);
}

static int run_s(const char *text, struct ks_ares *out)
{
	return lk_run(&cx, AN, "a/conan.lock", text, strlen(text), out);
}

static void test_edges(void **state)
{
	static const char *const bad[] = {
		"[]",
		"{\"graph_lock\": []}",
		"{\"graph_lock\": {\"nodes\": []}}",
		"{\"graph_lock\": {\"nodes\": {\"1\": []}}}",
		"{\"graph_lock\": {\"nodes\": {\"1\": {\"ref\": 1}}}}",
		"{\"graph_lock\": {\"nodes\": {\"0\": {\"requires\": \"1\"}}}}",
		"{\"graph_lock\": {\"nodes\": {\"0\": {\"requires\": [1]}}}}",
		"{\"requires\": {}}",
		"{\"requires\": [\"a/1\", 2]}",
		"{\"requires\": [\"a/1\",]}",
		"",
	};
	struct ks_ares out;
	const struct ks_pkg *p;
	size_t i;
	int rc;

	(void)state;
	/* nodes without references (the consumer) are no packages; requirements of nodes
	 * that are not packages are dropped; an empty version gives the bare-name ID; an
	 * empty "nodes" object is still a Conan 1 file (its "requires" are not read) */
	assert_int_equal(run_s("{\"graph_lock\": {\"nodes\": {\n"
			       "\"1\": {\"ref\": \"a/1.0\", \"requires\": [\"2\", \"9\", \"3\"]},\n"
			       "\"0\": {\"requires\": [\"1\"]},\n"
			       "\"2\": {\"ref\": \"b/\"}, \"3\": {\"ref\": \"c/2.0#rev\"}}}}",
				 &out),
		0);
	assert_int_equal(out.npkgs, 3);
	p = lk_find(&out, "a", "1.0");
	assert_non_null(p);
	assert_int_equal(p->relationship, KS_REL_DIRECT);
	assert_int_equal(p->depends_on.n, 2);
	assert_string_equal(p->depends_on.v[0], "b");
	assert_string_equal(p->depends_on.v[1], "c/2.0");
	p = lk_find(&out, "b", "");
	assert_non_null(p);
	assert_string_equal(p->id, "b");
	assert_int_equal(p->relationship, KS_REL_INDIRECT);
	assert_int_equal(run_s("{\"graph_lock\": {\"nodes\": {}}, \"requires\": [\"x/1\"]}",
				 &out),
		0);
	assert_int_equal(out.npkgs, 0);
	assert_int_equal(run_s("null", &out), 0);
	for (i = 0; i < N(bad); i++) {
		rc = run_s(bad[i], &out);
		if (rc != KS_ECORRUPT)
			fail_msg("case %zu: got %d (%s)", i, rc, cx.err.msg);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "a/conan.lock", NULL);
	}
}

static void test_truncated(void **state)
{
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_shared("fixtures/lockfiles/trivy-integration-repo/conan/conan.lock"), &n);
	assert_int_equal(lk_mangle(&cx, AN, "t/conan.lock", data, n), data[n - 1] == '\n');
	free(data);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
		{ "conan.lock", true },
		{ "cpp/conan.lock", true },
		{ "cpp/pkga_deps.lock", false },
		{ "cpp/release.lock", false },
		{ "cpp/conanfile.txt", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_int_equal(AN->wants(cases[i].path, strlen(cases[i].path)), cases[i].want);
	assert_string_equal(AN->name, "conan");
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
