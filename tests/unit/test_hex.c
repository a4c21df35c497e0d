/*
 * test_hex.c - the mix.lock analyzer against Trivy's mix parser and analyzer test
 * expectations, the Trivy integration input, the Elixir term subset it reads, and
 * corrupted copies.
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

#define P "fixtures/lockfiles/trivy/parser/hex/mix/"
#define A "fixtures/lockfiles/trivy/analyzer/elixir/mix/"
#define AN (&ks_analyzer_hex)
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PKG(name, version, locs) LK(name, version, KS_REL_UNKNOWN, locs, NULL)

static void run_ok(const char *rel, const struct lk_want *w, size_t n)
{
	lk_expect_shared(&cx, AN, rel, "app/mix.lock", w, n);
}

static void test_trivy(void **state)
{
	/* the :git entry (esaml) has no version and is skipped */
	static const struct lk_want happy[] = {
		PKG("bunt", "0.2.0", "2-2"),
		PKG("credo", "1.6.6", "3-3"),
		PKG("file_system", "0.2.10", "4-4"),
		PKG("jason", "1.3.0", "5-5"),
	};
	static const struct lk_want analyzer[] = {
		PKG("bunt", "0.2.0", "2-2"),
	};
	static const struct lk_want integration[] = {
		PKG("castore", "0.1.18", "2-2"),
		PKG("jason", "1.4.0", "3-3"),
		PKG("phoenix", "1.6.13", "4-4"),
		PKG("phoenix_html", "3.2.0", "5-5"),
		PKG("phoenix_pubsub", "2.1.1", "6-6"),
		PKG("phoenix_template", "1.0.0", "7-7"),
		PKG("phoenix_view", "2.0.1", "8-8"),
		PKG("plug", "1.14.0", "9-9"),
		PKG("plug_crypto", "1.2.3", "10-10"),
		PKG("telemetry", "1.1.0", "11-11"),
	};

	(void)state;
	run_ok(P "happy.mix.lock", happy, N(happy));
	run_ok(P "empty.mix.lock", NULL, 0);
	run_ok(A "happy.mix.lock", analyzer, N(analyzer));
	run_ok(A "empty.mix.lock", NULL, 0);
	run_ok("fixtures/lockfiles/trivy-integration-repo/mixlock/mix.lock", integration,
		N(integration));
	assert_int_equal(cx.nwarns, 0);
}

static int run_s(const char *text, struct ks_ares *out)
{
	return lk_run(&cx, AN, "a/mix.lock", text, strlen(text), out);
}

static void test_terms(void **state)
{
	static const char *const bad[] = {
		"{}",
		"%{",
		"%{\"a\": {:hex, :a, \"1\"}",
		"%{\"a\": {:hex, :a, \"1\"}}}",
		"%{\"a\" {:hex, :a, \"1\"}}",
		"%{a: {:hex, :a, \"1\"}}",
		"%{\"a\": {:hex, :a, \"1}}",
		"%{\"a\": {:hex :a}}",
		"%{\"a\": {:hex, :a, \"1\", [}}",
		"%{\"a\": {:hex, :, \"1\"}}",
		"%{\"a\": {:hex, :a, 'x'}}",
		"%{\"a\": {:hex, :a, \"1\"}} extra",
	};
	char deep[400];
	struct ks_ares out;
	const struct ks_pkg *p;
	size_t i;
	int rc;

	(void)state;
	/* an entry over several lines, comments, "=>" pairs, quoted atoms, keyword lists,
	 * maps, escapes, old-format :hex tuples; :path entries and entries of unknown
	 * kinds are skipped (the latter with a warning), as are :hex entries without a
	 * version string */
	assert_int_equal(run_s("# generated\n%{\n"
			       "  \"multi\": {:hex, :multi,\n    \"2.0.0\", \"abc\", [:mix],\n"
			       "    [{:x, \"~> 1.0\", [hex: :x, repo: \"hexpm\", "
			       "optional: false]}],\n"
			       "    \"hexpm\", \"def\"}, # trailing comment\n"
			       "  \"old\" => {:hex, :old, \"0.1.0\", \"abc\", [:mix, :rebar3], "
			       "[]},\n"
			       "  \"q\": {:hex, :\"q\", \"1.0.0-rc.1\", %{\"k\" => 1, x: nil}, "
			       "true},\n"
			       "  \"esc\\\"aped\": {:hex, :e, \"1\\\\0\"},\n"
			       "  \"local\": {:path, \"../local\", []},\n"
			       "  \"weird\": {:svn, \"x\"},\n"
			       "  \"noversion\": {:hex, :noversion},\n"
			       "  \"multi\": {:hex, :multi, \"2.0.0\"},\n"
			       "}\n",
				 &out),
		0);
	assert_int_equal(out.npkgs, 4);
	p = lk_find(&out, "multi", "2.0.0");
	assert_non_null(p);
	assert_int_equal(p->nlocs, 2);
	assert_int_equal(p->locs[0].start, 3);
	assert_int_equal(p->locs[0].end, 6);
	assert_int_equal(p->locs[1].start, 13);
	p = lk_find(&out, "old", "0.1.0");
	assert_non_null(p);
	assert_int_equal(p->locs[0].start, 7);
	assert_non_null(lk_find(&out, "q", "1.0.0-rc.1"));
	assert_non_null(lk_find(&out, "esc\"aped", "1\\0"));
	assert_int_equal(lk_nwarns(&cx, "1 entry neither :hex, :git nor :path"), 1);
	assert_int_equal(lk_nwarns(&cx, "1 :hex entry without a version"), 1);
	/* empty files and empty maps hold nothing */
	assert_int_equal(run_s("", &out), 0);
	assert_int_equal(run_s(" \n# nothing\n", &out), 0);
	assert_int_equal(run_s("%{}", &out), 0);
	assert_int_equal(out.npkgs, 0);
	for (i = 0; i < N(bad); i++) {
		rc = run_s(bad[i], &out);
		if (rc != KS_ECORRUPT)
			fail_msg("case %zu: got %d (%s)", i, rc, cx.err.msg);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "a/mix.lock", "line 1");
	}
	/* nesting is bounded */
	memset(deep, '[', sizeof(deep));
	memcpy(deep, "%{\"a\": ", 7);
	deep[sizeof(deep) - 1] = '\0';
	rc = run_s(deep, &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "a/mix.lock", "nested too deeply");
}

static void test_truncated(void **state)
{
	uint8_t *data;
	size_t n;

	(void)state;
	/* the closing brace ends the file: no shorter prefix is a whole lock file except
	 * the empty one */
	data = tu_read(tu_shared(P "happy.mix.lock"), &n);
	assert_int_equal(lk_mangle(&cx, AN, "t/mix.lock", data, n), 1);
	free(data);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
		{ "mix.lock", true },
		{ "apps/web/mix.lock", true },
		{ "apps/web/mix.exs", false },
		{ "apps/web/happy.mix.lock", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_int_equal(AN->wants(cases[i].path, strlen(cases[i].path)), cases[i].want);
	assert_string_equal(AN->name, "hex");
	assert_int_equal(AN->kind, KS_AK_LANG);
	assert_int_equal(AN->modes, KS_MODE_PRE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_terms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test(test_wants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
