/*
 * test_nuget.c - the NuGet analyzer: packages.lock.json against Trivy's lock parser test
 * expectations (relationships, merged locations of multi-target files, dependencies),
 * syft's lock samples (the same name/version sets syft expects), packages.config against
 * Trivy's config parser expectations, the Trivy integration inputs, edge cases and
 * corrupted copies.
 */
#include "langkit.h"

#include "util/buf.h"

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

#define P "fixtures/lockfiles/trivy/parser/nuget/"
#define AN (&ks_analyzer_nuget)
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run_ok(const char *rel, const char *path, const struct lk_want *w, size_t n)
{
	lk_expect_shared(&cx, AN, rel, path, w, n);
}

/* Trivy's lock parser cases (parse_testcase.go): every package, every field. */
static void test_trivy_lock(void **state)
{
	static const struct lk_want simple[] = {
		LK("Newtonsoft.Json", "12.0.3", KS_REL_DIRECT, "5-10", NULL),
		LK("NuGet.Frameworks", "5.7.0", KS_REL_DIRECT, "11-16", NULL),
	};
	static const struct lk_want legacy[] = {
		LK("AWSSDK.Core", "3.5.1.30", KS_REL_DIRECT, "5-10", NULL),
		LK("Newtonsoft.Json", "12.0.3", KS_REL_DIRECT, "11-16", NULL),
	};
	static const struct lk_want subdeps[] = {
		LK("Microsoft.Extensions.ApiDescription.Server", "3.0.0", KS_REL_INDIRECT,
			"29-33", NULL),
		LK("Microsoft.OpenApi", "1.1.4", KS_REL_INDIRECT, "34-38", NULL),
		LK("Newtonsoft.Json", "12.0.3", KS_REL_DIRECT, "5-10", NULL),
		LK("NuGet.Frameworks", "5.7.0", KS_REL_DIRECT, "11-16", NULL),
		LK("Swashbuckle.AspNetCore.Swagger", "5.5.1", KS_REL_INDIRECT, "39-46",
			"Microsoft.OpenApi@1.1.4"),
		LK("Swashbuckle.AspNetCore.SwaggerGen", "5.5.1", KS_REL_INDIRECT, "47-54",
			"Swashbuckle.AspNetCore.Swagger@5.5.1"),
		LK("Swashbuckle.AspNetCore.SwaggerUI", "5.5.1", KS_REL_INDIRECT, "55-59", NULL),
		LK("Swashbuckle.AspNetCore", "5.5.1", KS_REL_DIRECT, "17-28",
			"Microsoft.Extensions.ApiDescription.Server@3.0.0 "
			"Swashbuckle.AspNetCore.Swagger@5.5.1 "
			"Swashbuckle.AspNetCore.SwaggerGen@5.5.1 "
			"Swashbuckle.AspNetCore.SwaggerUI@5.5.1"),
	};
	/* five target frameworks: a package restored for several keeps all its locations */
	static const struct lk_want multi[] = {
		LK("AWSSDK.Core", "3.5.1.30", KS_REL_DIRECT, "5-10,33-38,61-66,89-94,436-444",
			"Microsoft.Bcl.AsyncInterfaces@1.1.0"),
		LK("Microsoft.Bcl.AsyncInterfaces", "1.1.0", KS_REL_INDIRECT, "460-467",
			"System.Threading.Tasks.Extensions@4.5.2"),
		LK("Microsoft.CSharp", "4.3.0", KS_REL_INDIRECT, "138-147",
			"System.Dynamic.Runtime@4.3.0 System.Linq.Expressions@4.3.0 "
			"System.Runtime@4.3.0"),
		LK("Microsoft.NETCore.Platforms", "1.1.0", KS_REL_INDIRECT,
			"148-152,468-472", NULL),
		LK("Microsoft.NETCore.Targets", "1.1.0", KS_REL_INDIRECT, "153-157", NULL),
		LK("Microsoft.NETFramework.ReferenceAssemblies.net20", "1.0.0", KS_REL_INDIRECT,
			"26-30,54-58", NULL),
		LK("Microsoft.NETFramework.ReferenceAssemblies.net40", "1.0.0", KS_REL_INDIRECT,
			"82-86", NULL),
		LK("Microsoft.NETFramework.ReferenceAssemblies", "1.0.0", KS_REL_DIRECT,
			"11-19,39-47,67-75",
			"Microsoft.NETFramework.ReferenceAssemblies.net20@1.0.0 "
			"Microsoft.NETFramework.ReferenceAssemblies.net40@1.0.0"),
		LK("NETStandard.Library", "1.6.1", KS_REL_DIRECT, "95-125",
			"Microsoft.NETCore.Platforms@1.1.0 System.Collections@4.3.0 "
			"System.Diagnostics.Debug@4.3.0 System.Diagnostics.Tools@4.3.0 "
			"System.Globalization@4.3.0 System.IO@4.3.0 "
			"System.Linq.Expressions@4.3.0 System.Linq@4.3.0 "
			"System.Net.Primitives@4.3.0 System.ObjectModel@4.3.0 "
			"System.Reflection.Extensions@4.3.0 System.Reflection.Primitives@4.3.0 "
			"System.Reflection@4.3.0 System.Resources.ResourceManager@4.3.0 "
			"System.Runtime.Extensions@4.3.0 System.Runtime@4.3.0 "
			"System.Text.Encoding.Extensions@4.3.0 System.Text.Encoding@4.3.0 "
			"System.Text.RegularExpressions@4.3.0 System.Threading.Tasks@4.3.0 "
			"System.Threading@4.3.0 System.Xml.ReaderWriter@4.3.0 "
			"System.Xml.XDocument@4.3.0"),
		LK("NETStandard.Library", "2.0.3", KS_REL_DIRECT, "445-453",
			"Microsoft.NETCore.Platforms@1.1.0"),
		LK("Newtonsoft.Json", "12.0.3", KS_REL_DIRECT, "20-25,48-53,76-81,126-137,454-459",
			"Microsoft.CSharp@4.3.0 NETStandard.Library@1.6.1 "
			"System.ComponentModel.TypeConverter@4.3.0 "
			"System.Runtime.Serialization.Primitives@4.3.0"),
		LK("System.Collections", "4.3.0", KS_REL_INDIRECT, "158-167",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0"),
		LK("System.ComponentModel.Primitives", "4.3.0", KS_REL_INDIRECT, "176-185",
			"System.ComponentModel@4.3.0 System.Resources.ResourceManager@4.3.0 "
			"System.Runtime@4.3.0"),
		LK("System.ComponentModel.TypeConverter", "4.3.0", KS_REL_INDIRECT, "186-203",
			"System.Collections@4.3.0 System.ComponentModel.Primitives@4.3.0 "
			"System.ComponentModel@4.3.0 System.Globalization@4.3.0 "
			"System.Reflection.Extensions@4.3.0 System.Reflection.Primitives@4.3.0 "
			"System.Reflection@4.3.0 System.Resources.ResourceManager@4.3.0 "
			"System.Runtime.Extensions@4.3.0 System.Runtime@4.3.0 "
			"System.Threading@4.3.0"),
		LK("System.ComponentModel", "4.3.0", KS_REL_INDIRECT, "168-175",
			"System.Runtime@4.3.0"),
		LK("System.Diagnostics.Debug", "4.3.0", KS_REL_INDIRECT, "204-213",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0"),
		LK("System.Diagnostics.Tools", "4.3.0", KS_REL_INDIRECT, "214-223",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0"),
		LK("System.Dynamic.Runtime", "4.3.0", KS_REL_INDIRECT, "224-234",
			"System.Linq.Expressions@4.3.0 System.ObjectModel@4.3.0 "
			"System.Reflection@4.3.0 System.Runtime@4.3.0"),
		LK("System.Globalization", "4.3.0", KS_REL_INDIRECT, "235-244",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0"),
		LK("System.IO", "4.3.0", KS_REL_INDIRECT, "245-256",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0 System.Text.Encoding@4.3.0 "
			"System.Threading.Tasks@4.3.0"),
		LK("System.Linq.Expressions", "4.3.0", KS_REL_INDIRECT, "266-274",
			"System.Reflection@4.3.0 System.Runtime@4.3.0"),
		LK("System.Linq", "4.3.0", KS_REL_INDIRECT, "257-265",
			"System.Collections@4.3.0 System.Runtime@4.3.0"),
		LK("System.Net.Primitives", "4.3.0", KS_REL_INDIRECT, "275-284",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0"),
		LK("System.ObjectModel", "4.3.0", KS_REL_INDIRECT, "285-292",
			"System.Runtime@4.3.0"),
		LK("System.Reflection.Extensions", "4.3.0", KS_REL_INDIRECT, "305-315",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Reflection@4.3.0 System.Runtime@4.3.0"),
		LK("System.Reflection.Primitives", "4.3.0", KS_REL_INDIRECT, "316-325",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0"),
		LK("System.Reflection", "4.3.0", KS_REL_INDIRECT, "293-304",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.IO@4.3.0 System.Reflection.Primitives@4.3.0 System.Runtime@4.3.0"),
		LK("System.Resources.ResourceManager", "4.3.0", KS_REL_INDIRECT, "326-337",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Globalization@4.3.0 System.Reflection@4.3.0 System.Runtime@4.3.0"),
		LK("System.Runtime.CompilerServices.Unsafe", "4.5.2", KS_REL_INDIRECT,
			"473-477", NULL),
		LK("System.Runtime.Extensions", "4.3.0", KS_REL_INDIRECT, "347-356",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0"),
		LK("System.Runtime.Serialization.Primitives", "4.3.0", KS_REL_INDIRECT, "357-364",
			"System.Runtime@4.3.0"),
		LK("System.Runtime", "4.3.0", KS_REL_INDIRECT, "338-346",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0"),
		LK("System.Text.Encoding.Extensions", "4.3.0", KS_REL_INDIRECT, "375-385",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0 System.Text.Encoding@4.3.0"),
		LK("System.Text.Encoding", "4.3.0", KS_REL_INDIRECT, "365-374",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0"),
		LK("System.Text.RegularExpressions", "4.3.0", KS_REL_INDIRECT, "386-393",
			"System.Runtime@4.3.0"),
		LK("System.Threading.Tasks.Extensions", "4.5.2", KS_REL_INDIRECT, "478-485",
			"System.Runtime.CompilerServices.Unsafe@4.5.2"),
		LK("System.Threading.Tasks", "4.3.0", KS_REL_INDIRECT, "403-412",
			"Microsoft.NETCore.Platforms@1.1.0 Microsoft.NETCore.Targets@1.1.0 "
			"System.Runtime@4.3.0"),
		LK("System.Threading", "4.3.0", KS_REL_INDIRECT, "394-402",
			"System.Runtime@4.3.0 System.Threading.Tasks@4.3.0"),
		LK("System.Xml.ReaderWriter", "4.3.0", KS_REL_INDIRECT, "413-423",
			"System.IO@4.3.0 System.Runtime@4.3.0 System.Text.Encoding@4.3.0 "
			"System.Threading.Tasks@4.3.0"),
		LK("System.Xml.XDocument", "4.3.0", KS_REL_INDIRECT, "424-433",
			"System.IO@4.3.0 System.Runtime@4.3.0 System.Xml.ReaderWriter@4.3.0"),
	};

	(void)state;
	run_ok(P "lock/packages_lock_simple.json", "packages.lock.json", simple, N(simple));
	run_ok(P "lock/packages_lock_legacy.json", "packages.lock.json", legacy, N(legacy));
	run_ok(P "lock/packages_lock_subdependencies.json", "src/packages.lock.json", subdeps,
		N(subdeps));
	run_ok(P "lock/packages_lock_multi.json", "packages.lock.json", multi, N(multi));
}

/* Trivy's integration input and analyzer inputs; syft's samples. */
static void test_more_locks(void **state)
{
	static const struct lk_want integration[] = {
		LK("Newtonsoft.Json", "12.0.3", KS_REL_DIRECT, "5-10", NULL),
		LK("NuGet.Frameworks", "5.7.0", KS_REL_DIRECT, "11-19", "Newtonsoft.Json@12.0.3"),
	};
	/* syft's TestParseDotnetPackagesLock expects exactly these nine name/version pairs */
	static const struct lk_want syft[] = {
		LK("AutoMapper", "13.0.1", KS_REL_DIRECT, "5-13",
			"Microsoft.Extensions.Options@9.0.0"),
		LK("Microsoft.Extensions.DependencyInjection.Abstractions", "9.0.0",
			KS_REL_INDIRECT, "26-30", NULL),
		LK("Microsoft.Extensions.Logging", "9.0.0", KS_REL_DIRECT, "31-39",
			"Microsoft.Extensions.Options@9.0.0"),
		LK("Microsoft.Extensions.Options", "9.0.0", KS_REL_INDIRECT, "40-48",
			"Microsoft.Extensions.DependencyInjection.Abstractions@9.0.0 "
			"Microsoft.Extensions.Primitives@9.0.0"),
		LK("Microsoft.Extensions.Primitives", "9.0.0", KS_REL_INDIRECT, "49-56",
			"System.Runtime.CompilerServices.Unsafe@9.0.0"),
		LK("System.Runtime.CompilerServices.Unsafe", "9.0.0", KS_REL_INDIRECT,
			"57-61", NULL),
		LK("bootstrap", "5.0.0", KS_REL_DIRECT, "14-19,64-69", NULL),
		LK("log4net", "1.2.15", KS_REL_DIRECT, "70-75", NULL),
		LK("log4net", "2.0.5", KS_REL_DIRECT, "20-25", NULL),
	};
	struct ks_ares out;
	int rc;

	(void)state;
	run_ok("fixtures/lockfiles/trivy-integration-repo/nuget/packages.lock.json",
		"nuget/packages.lock.json", integration, N(integration));
	run_ok("fixtures/lockfiles/trivy/analyzer/dotnet/nuget/lock/packages.lock.json",
		"packages.lock.json", integration, N(integration));
	assert_int_equal(lk_run_shared(&cx, AN,
				 "fixtures/lockfiles/trivy/analyzer/dotnet/nuget/lock-without-deps/"
				 "packages.lock.json",
				 "packages.lock.json", &out),
		0);
	assert_int_equal(out.npkgs, 0);
	run_ok("fixtures/syft-fixtures/dotnet/packages.lock.json", "packages.lock.json", syft,
		N(syft));
	/* a real net8.0 application: 51 distinct packages, each with one location */
	rc = lk_run_shared(&cx, AN,
		"fixtures/syft-fixtures/dotnet/image-net8-app/src/packages.lock.json",
		"src/packages.lock.json", &out);
	assert_int_equal(rc, 0);
	assert_int_equal(out.npkgs, 51);
	/* syft's corrupt sample and Trivy's */
	rc = lk_run_shared(&cx, AN,
		"fixtures/syft-fixtures/dotnet/glob-paths/src/packages.lock.json",
		"glob/packages.lock.json", &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "glob/packages.lock.json", "not a JSON object");
	rc = lk_run_shared(&cx, AN,
		"fixtures/lockfiles/trivy/analyzer/dotnet/nuget/sad/invalid.txt",
		"sad/packages.lock.json", &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "sad/packages.lock.json", "line 1");
}

/* Trivy's config parser cases (development dependencies are left out) and analyzer input. */
static void test_config(void **state)
{
	static const struct lk_want config[] = {
		LK("Newtonsoft.Json", "6.0.4", KS_REL_UNKNOWN, NULL, NULL),
		LK("Microsoft.AspNet.WebApi", "5.2.2", KS_REL_UNKNOWN, NULL, NULL),
	};
	static const struct lk_want dev[] = {
		LK("Newtonsoft.Json", "8.0.3", KS_REL_UNKNOWN, NULL, NULL),
	};
	struct ks_ares out;
	int rc;

	(void)state;
	run_ok(P "config/packages.config", "packages.config", config, N(config));
	run_ok("fixtures/lockfiles/trivy/analyzer/dotnet/nuget/config/packages.config",
		"web/packages.config", config, N(config));
	run_ok(P "config/dev_dependency.config", "packages.config", dev, N(dev));
	rc = lk_run_shared(&cx, AN, P "config/malformed_xml.config", "bad/packages.config", &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "bad/packages.config", "line ");
}

static int run_s(const char *path, const char *text, struct ks_ares *out)
{
	return lk_run(&cx, AN, path, text, strlen(text), out);
}

static void test_edges(void **state)
{
	static const struct {
		const char *text;
		int code;
		const char *needle;
	} bad[] = {
		{ "<project><package id=\"a\" version=\"1\"/></project>", KS_ECORRUPT,
			"not <packages>" },
		{ "<packages><package id=\"a\" version=\"1\" developmentDependency=\"yes\"/>"
		  "</packages>",
			KS_ECORRUPT, "not a boolean" },
		{ "<!DOCTYPE packages [<!ENTITY x \"y\">]><packages/>", KS_EUNSUPPORTED,
			"document type" },
		{ "<packages><package id=\"a\" version=\"&x;\"/></packages>", KS_ECORRUPT,
			"line 1" },
		{ "", KS_ECORRUPT, NULL },
		{ "plain text", KS_ECORRUPT, "line 1" },
		{ "<packages>", KS_ECORRUPT, NULL },
		{ "<packages/><packages/>", KS_ECORRUPT, "line 1" },
	};
	static const char *const bad_lock[] = {
		"{\"version\": \"1\"}",
		"{\"dependencies\": []}",
		"{\"dependencies\": {\"net6.0\": []}}",
		"{\"dependencies\": {\"net6.0\": {\"A\": {\"resolved\": 1}}}}",
		"{\"dependencies\": {\"net6.0\": {\"A\": {\"type\": [], \"resolved\": \"1\"}}}}",
		("{\"dependencies\": {\"net6.0\": {\"A\": {\"resolved\": \"1\", \"dependencies\": "
			"[]}}}}"),
		("{\"dependencies\": {\"net6.0\": {\"A\": {\"resolved\": \"1\", \"dependencies\": "
			"{\"B\": 2}}}}}"),
		"{\"dependencies\": {\"net6.0\": {\"A\": 7}}}",
	};
	struct ks_ares out;
	const struct ks_pkg *p;
	size_t i;
	int rc;

	(void)state;
	/* entries without an id are skipped; a missing version gives the bare-name ID;
	 * developmentDependency as Go reads booleans; repeats are merged; elements below
	 * other elements are not packages */
	assert_int_equal(run_s("packages.config",
				 "<?xml version=\"1.0\"?>\n<packages xmlns=\"urn:x\">\n"
				 "<package version=\"1\"/><package id=\"\" version=\"2\"/>\n"
				 "<package id=\"A\"/><package id=\"B\" version=\"1\" "
				 "developmentDependency=\" 0 \"/>\n"
				 "<package id=\"C\" version=\"1\" developmentDependency=\"T\"/>\n"
				 "<package id=\"B\" version=\"1\"/>"
				 "<x><package id=\"D\" version=\"1\"/></x>\n"
				 "</packages>\n<!-- end -->\n",
				 &out),
		0);
	assert_int_equal(out.npkgs, 2);
	p = lk_find(&out, "A", "");
	assert_non_null(p);
	assert_string_equal(p->id, "A");
	assert_non_null(lk_find(&out, "B", "1"));
	for (i = 0; i < N(bad); i++) {
		rc = run_s("x/packages.config", bad[i].text, &out);
		if (rc != bad[i].code)
			fail_msg("config case %zu: got %d (%s)", i, rc, cx.err.msg);
		lk_expect_err(&cx, rc, bad[i].code, "x/packages.config", bad[i].needle);
	}
	/* a project is skipped, a dependency the target lacks keeps its bare name, a
	 * package Direct for one target and Transitive for another is direct */
	assert_int_equal(run_s("packages.lock.json",
				 "{\"version\": 2, \"dependencies\": {\n"
				 "\"net8.0\": {\"App\": {\"type\": \"Project\"}, \"A\": {\"type\": "
				 "\"Transitive\", \"resolved\": \"1\",\n"
				 "\"dependencies\": {\"Gone\": \"[1, )\", \"App\": \"[1, )\"}}},\n"
				 "\"net9.0\": {\"A\": {\"type\": \"Direct\", "
				 "\"resolved\": \"1\"}}}}",
				 &out),
		0);
	assert_int_equal(out.npkgs, 1);
	assert_int_equal(out.pkgs[0].relationship, KS_REL_DIRECT);
	assert_int_equal(out.pkgs[0].nlocs, 2);
	assert_int_equal(out.pkgs[0].locs[1].start, 4);
	assert_int_equal(out.pkgs[0].depends_on.n, 2);
	assert_string_equal(out.pkgs[0].depends_on.v[0], "App");
	assert_string_equal(out.pkgs[0].depends_on.v[1], "Gone");
	for (i = 0; i < N(bad_lock); i++) {
		rc = run_s("y/packages.lock.json", bad_lock[i], &out);
		if (rc != KS_ECORRUPT)
			fail_msg("lock case %zu: got %d (%s)", i, rc, cx.err.msg);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "y/packages.lock.json", NULL);
	}
}

/* A package restored for 30,000 targets merges in linear time and memory. */
static void test_many_targets(void **state)
{
	struct ks_buf b;
	struct ks_ares out;
	size_t i;

	(void)state;
	ks_buf_init(&b, 8u << 20);
	assert_int_equal(ks_buf_adds(&b, "{\"dependencies\": {\n"), 0);
	for (i = 0; i < 30000; i++)
		assert_int_equal(ks_buf_addf(&b, "%s\"t%zu\": {\"A\": {\"type\": \"Direct\", "
						 "\"resolved\": \"1\"}}\n",
					 i ? "," : "", i),
			0);
	assert_int_equal(ks_buf_adds(&b, "}}"), 0);
	assert_int_equal(lk_run(&cx, AN, "packages.lock.json", b.p, b.n, &out), 0);
	assert_int_equal(out.npkgs, 1);
	assert_int_equal(out.pkgs[0].nlocs, 30000);
	assert_int_equal(out.pkgs[0].locs[29999].start, 30001);
	assert_true(cx.arena.used < (64u << 20));
	ks_buf_release(&b);
}

static void test_truncated(void **state)
{
	uint8_t *data;
	size_t n;

	(void)state;
	/* in both, the only prefix that is a whole document lacks just the final newline */
	data = tu_read(tu_shared(P "lock/packages_lock_subdependencies.json"), &n);
	assert_int_equal(lk_mangle(&cx, AN, "t/packages.lock.json", data, n), 1);
	free(data);
	data = tu_read(tu_shared(P "config/dev_dependency.config"), &n);
	assert_int_equal(lk_mangle(&cx, AN, "t/packages.config", data, n), 1);
	free(data);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
		{ "packages.lock.json", true },
		{ "src/App/packages.lock.json", true },
		{ "packages.config", true },
		{ "web/packages.config", true },
		{ "web/my-packages.config", false },
		{ "web/packages.lock.json.orig", false },
		{ "web/Packages.config", false },
		{ "package-lock.json", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_int_equal(AN->wants(cases[i].path, strlen(cases[i].path)), cases[i].want);
	assert_string_equal(AN->name, "nuget");
	assert_int_equal(AN->kind, KS_AK_LANG);
	assert_int_equal(AN->modes, KS_MODE_ALL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_more_locks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test(test_wants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
