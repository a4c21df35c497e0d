/*
 * test_dotnet_core.c - the .deps.json analyzer against Trivy's core_deps parser test
 * expectations (every field: relationship, locations, dependencies), the Trivy integration
 * input, syft's .deps.json samples, hand-made edge cases and corrupted copies.
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

#define P "fixtures/lockfiles/trivy/parser/dotnet/core_deps/"
#define AN (&ks_analyzer_dotnet_core)
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run_ok(const char *rel, const struct lk_want *w, size_t n)
{
	lk_expect_shared(&cx, AN, rel, "app/x.deps.json", w, n);
}

/* Trivy's TestParse cases, package by package. */
static void test_trivy_parser(void **state)
{
	static const struct lk_want happy[] = {
		LK("ExampleApp1", "1.0.0", KS_REL_ROOT, "28-32", "Newtonsoft.Json/13.0.1"),
		LK("Newtonsoft.Json", "13.0.1", KS_REL_DIRECT, "33-39", NULL),
	};
	static const struct lk_want without_runtime[] = {
		LK("hello2", "1.0.0", KS_REL_ROOT, "61-65", "JsonDiffPatch/2.0.61"),
		LK("JsonDiffPatch", "2.0.61", KS_REL_DIRECT, "66-72", NULL),
		LK("Libuv", "1.9.1", KS_REL_INDIRECT, "73-79", NULL),
		LK("System.Collections.Immutable", "1.3.0", KS_REL_INDIRECT, "101-107", NULL),
	};
	static const struct lk_want missing_target[] = {
		LK("ExampleApp1", "1.0.0", KS_REL_ROOT, "28-32", NULL),
		LK("Newtonsoft.Json", "13.0.1", KS_REL_UNKNOWN, "33-39", NULL),
	};
	static const struct lk_want self_contained[] = {
		LK("ExampleApp1", "1.0.0", KS_REL_ROOT, "46-50",
			"Microsoft.AspNetCore.App.Runtime.linux-x64/8.0.0 "
			"Microsoft.NETCore.App.Runtime.linux-x64/8.0.0 Newtonsoft.Json/13.0.1"),
		LK("Microsoft.AspNetCore.App.Runtime.linux-x64", "8.0.0", KS_REL_DIRECT, "63-67",
			NULL),
		LK("Microsoft.NETCore.App.Runtime.linux-x64", "8.0.0", KS_REL_DIRECT, "58-62",
			NULL),
		LK("Newtonsoft.Json", "13.0.1", KS_REL_DIRECT, "51-57", NULL),
	};
	/* Api and Data are workspace packages, as in Trivy's expectation */
	static const struct lk_want multi_project[] = {
		LK("Web", "1.0.0", KS_REL_ROOT, "48-52", "Api/1.0.0 Newtonsoft.Json/13.0.3"),
		LK("Api", "1.0.0", KS_REL_WORKSPACE, "60-64", "Data/1.0.0"),
		LK("Data", "1.0.0", KS_REL_WORKSPACE, "65-69", NULL),
		LK("Newtonsoft.Json", "13.0.3", KS_REL_DIRECT, "53-59", NULL),
	};
	/* two unreferenced projects: no root, so nothing is direct or indirect */
	static const struct lk_want ambiguous[] = {
		LK("Web", "1.0.0", KS_REL_UNKNOWN, "30-34", "Newtonsoft.Json/13.0.3"),
		LK("Worker", "1.0.0", KS_REL_UNKNOWN, "35-39", NULL),
		LK("Newtonsoft.Json", "13.0.3", KS_REL_UNKNOWN, "40-46", NULL),
	};
	struct ks_ares out;

	(void)state;
	run_ok(P "happy.deps.json", happy, N(happy));
	run_ok(P "without-runtime.deps.json", without_runtime, N(without_runtime));
	run_ok(P "missing-target.deps.json", missing_target, N(missing_target));
	run_ok(P "self-contained.deps.json", self_contained, N(self_contained));
	run_ok(P "multi-project.deps.json", multi_project, N(multi_project));
	run_ok(P "ambiguous-root.deps.json", ambiguous, N(ambiguous));
	assert_int_equal(lk_run_shared(&cx, AN, P "no-libraries.deps.json", "a.deps.json", &out),
		0);
	assert_int_equal(out.npkgs, 0);
}

/* The input of Trivy's dotnet integration test (no targets: every library is kept). */
static void test_integration(void **state)
{
	static const struct lk_want want[] = {
		LK("Newtonsoft.Json", "9.0.1", KS_REL_UNKNOWN, "8-14", NULL),
		LK("Microsoft.VisualStudio.TestPlatform.Common", "17.2.0-release-20220408-11",
			KS_REL_ROOT, "15-19", NULL),
	};

	(void)state;
	run_ok("fixtures/lockfiles/trivy-integration-repo/dotnet/datacollector.deps.json", want,
		N(want));
	run_ok("fixtures/lockfiles/trivy/analyzer/dotnet/deps/datacollector.deps.json", want,
		N(want));
}

/*
 * syft's samples. syft's TestParseDotnetDeps lists the same twelve "package" libraries of
 * TestLibrary.deps.json; the two the target compiles against without runtime assets
 * (System.Diagnostics.DiagnosticSource, System.Runtime.CompilerServices.Unsafe) are
 * dropped as Trivy drops them, and the two projects are added as Trivy adds them.
 */
static void test_syft(void **state)
{
	static const struct lk_want testlib[] = {
		LK("TestLibrary", "1.0.0", KS_REL_ROOT, "140-144",
			"Microsoft.Extensions.DependencyInjection/6.0.0 "
			"Microsoft.Extensions.Logging/6.0.0 Newtonsoft.Json/13.0.1 "
			"Serilog.Sinks.Console/4.0.1 Serilog/2.10.0 TestCommon/1.0.0"),
		LK("AWSSDK.Core", "3.7.10.6", KS_REL_INDIRECT, "145-151", NULL),
		LK("Microsoft.Extensions.DependencyInjection", "6.0.0", KS_REL_DIRECT, "152-158",
			"Microsoft.Extensions.DependencyInjection.Abstractions/6.0.0"),
		LK("Microsoft.Extensions.DependencyInjection.Abstractions", "6.0.0",
			KS_REL_INDIRECT, "159-165", NULL),
		LK("Microsoft.Extensions.Logging", "6.0.0", KS_REL_DIRECT, "166-172",
			"Microsoft.Extensions.DependencyInjection.Abstractions/6.0.0 "
			"Microsoft.Extensions.DependencyInjection/6.0.0 "
			"Microsoft.Extensions.Logging.Abstractions/6.0.0 "
			"Microsoft.Extensions.Options/6.0.0"),
		LK("Microsoft.Extensions.Logging.Abstractions", "6.0.0", KS_REL_INDIRECT, "173-179",
			NULL),
		LK("Microsoft.Extensions.Options", "6.0.0", KS_REL_INDIRECT, "180-186",
			"Microsoft.Extensions.DependencyInjection.Abstractions/6.0.0 "
			"Microsoft.Extensions.Primitives/6.0.0"),
		LK("Microsoft.Extensions.Primitives", "6.0.0", KS_REL_INDIRECT, "187-193", NULL),
		LK("Newtonsoft.Json", "13.0.1", KS_REL_DIRECT, "194-200", NULL),
		LK("Serilog", "2.10.0", KS_REL_DIRECT, "201-207", NULL),
		LK("Serilog.Sinks.Console", "4.0.1", KS_REL_DIRECT, "208-214", "Serilog/2.10.0"),
		LK("TestCommon", "1.0.0", KS_REL_WORKSPACE, "229-233", "AWSSDK.Core/3.7.10.6"),
	};
	/* reference assemblies are neither packages nor projects */
	static const struct lk_want myapp[] = {
		LK("MyApp", "1.0.0", KS_REL_ROOT, "39-43", "Newtonsoft.Json/13.0.3"),
		LK("Newtonsoft.Json", "13.0.3", KS_REL_DIRECT, "44-50", NULL),
	};
	struct ks_ares out;
	int rc;

	(void)state;
	run_ok("fixtures/syft-fixtures/dotnet/dir-example-1/TestLibrary.deps.json", testlib,
		N(testlib));
	run_ok("fixtures/syft-fixtures/dotnet/deps-with-referenceassembly/MyApp.deps.json", myapp,
		N(myapp));
	/* syft's corrupt sample */
	rc = lk_run_shared(&cx, AN,
		"fixtures/syft-fixtures/dotnet/glob-paths/src/something.deps.json",
		"src/something.deps.json", &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "src/something.deps.json", NULL);
}

static int run_s(const char *text, struct ks_ares *out)
{
	return lk_run(&cx, AN, "a/b.deps.json", text, strlen(text), out);
}

static void test_edges(void **state)
{
	struct ks_ares out;
	const struct ks_pkg *p;

	(void)state;
	/* a library name without "/" is skipped with a warning; the rest is kept */
	assert_int_equal(run_s("{\"libraries\": {\"NoVersion\": {\"type\": \"package\"},\n"
			       "\"A/1.0\": {\"type\": \"Package\"}, "
			       "\"B/2\": {\"type\": \"msbuild\"}}}",
				 &out),
		0);
	assert_int_equal(out.npkgs, 1);
	assert_string_equal(out.pkgs[0].name, "A");
	assert_int_equal(lk_nwarns(&cx, "a/b.deps.json"), 1);
	assert_int_equal(lk_nwarns(&cx, "1 library without"), 1);
	/* an empty version gives the bare name as ID (Trivy's dependency.ID) */
	assert_int_equal(run_s("{\"libraries\": {\"Foo/\": {\"type\": \"package\"}}}", &out), 0);
	assert_int_equal(out.npkgs, 1);
	assert_string_equal(out.pkgs[0].id, "Foo");
	/* BOM, escaped keys, nulls where Go's decoder accepts them */
	assert_int_equal(run_s("\xef\xbb\xbf{\"runtimeTarget\": null, \"targets\": null,\n"
			       "\"libraries\": {\"A\\u002fB/1\": {\"type\": \"package\"}, "
			       "\"C/1\": null, \"D/1\": {\"type\": null}}}",
				 &out),
		0);
	assert_int_equal(out.npkgs, 1);
	assert_string_equal(out.pkgs[0].name, "A");
	assert_string_equal(out.pkgs[0].version, "B/1");
	/* top-level null is an empty manifest */
	if (run_s(" null ", &out) != 0)
		fail_msg("%s", cx.err.msg);
	assert_int_equal(out.npkgs, 0);
	/* "runtime": {} counts as runtime assets, "runtime": null does not; a repeated
	 * library replaces the first one */
	assert_int_equal(run_s("{\"runtimeTarget\": {\"name\": \"t\"}, \"targets\": {\"t\": {\n"
			       "\"App/1\": {\"dependencies\": {\"X\": \"1\", \"Y\": \"1\"}, "
			       "\"runtime\": {}},\n"
			       "\"X/1\": {\"runtime\": {}}, \"Y/1\": {\"runtime\": null}}},\n"
			       "\"libraries\": {\"App/1\": {\"type\": \"project\"}, "
			       "\"X/1\": {\"type\": \"package\"},\n"
			       "\"X/1\": {\"type\": \"package\"}, "
			       "\"Y/1\": {\"type\": \"package\"}}}",
				 &out),
		0);
	assert_int_equal(out.npkgs, 2);
	p = lk_find(&out, "App", "1");
	assert_non_null(p);
	assert_int_equal(p->relationship, KS_REL_ROOT);
	assert_int_equal(p->depends_on.n, 1);
	assert_string_equal(p->depends_on.v[0], "X/1");
	p = lk_find(&out, "X", "1");
	assert_non_null(p);
	assert_int_equal(p->relationship, KS_REL_DIRECT);
	assert_int_equal(p->nlocs, 1);
	assert_int_equal(p->locs[0].start, 5);
	assert_null(lk_find(&out, "Y", "1"));
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {
		"{\"libraries\": []}",
		"{\"libraries\": {\"a/1\": \"x\"}}",
		"{\"libraries\": {\"a/1\": {\"type\": 5}}}",
		"{\"runtimeTarget\": {\"name\": 1}}",
		"{\"runtimeTarget\": {\"name\": \"t\"}, \"targets\": {\"t\": []}}",
		("{\"runtimeTarget\": {\"name\": \"t\"}, \"targets\": {\"t\": "
			"{\"a/1\": {\"dependencies\": []}}}}"),
		("{\"runtimeTarget\": {\"name\": \"t\"}, \"targets\": {\"t\": "
			"{\"a/1\": {\"dependencies\": {\"b\": 1}}}}, "
			"\"libraries\": {\"a/1\": {\"type\": \"project\"}}}"),
		"[1, 2]",
		"\"i am bogus\"",
		"{\"libraries\": {\"a/1\": {\"type\": \"package\"}}",
		"{\"libraries\": {\"a/1\": {\"type\": \"package\"}}} trailing",
		"",
	};
	struct ks_ares out;
	uint8_t *data;
	size_t i, n;
	int rc;

	(void)state;
	for (i = 0; i < N(bad); i++) {
		rc = run_s(bad[i], &out);
		if (rc != KS_ECORRUPT)
			fail_msg("case %zu: got %d (%s)", i, rc, cx.err.msg);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "a/b.deps.json", NULL);
	}
	rc = lk_run_shared(&cx, AN, P "invalid.deps.json", "x/invalid.deps.json", &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "x/invalid.deps.json", "line ");
	rc = lk_run_shared(&cx, AN, "fixtures/lockfiles/trivy/analyzer/dotnet/deps/invalid.txt",
		"invalid.deps.json", &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "invalid.deps.json", NULL);
	/* every truncation of a real manifest is an error naming the file */
	data = tu_read(
		tu_shared("fixtures/syft-fixtures/dotnet/dir-example-1/TestLibrary.deps.json"), &n);
	assert_int_equal(lk_mangle(&cx, AN, "t/TestLibrary.deps.json", data, n), 0);
	free(data);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
		{ "app/MyApp.deps.json", true },
		{ "x.deps.json", true },
		{ ".deps.json", true },
		{ "app/MyApp.deps.json.bak", false },
		{ "app/deps.json", false },
		{ "app/MyApp.runtimeconfig.json", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_int_equal(AN->wants(cases[i].path, strlen(cases[i].path)), cases[i].want);
	assert_string_equal(AN->name, "dotnet-core");
	assert_int_equal(AN->kind, KS_AK_LANG);
	assert_int_equal(AN->modes, KS_MODE_ALL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy_parser, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test(test_wants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
