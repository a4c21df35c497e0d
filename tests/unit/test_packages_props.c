/*
 * test_packages_props.c - the *packages.props analyzer against Trivy's packagesprops parser
 * and analyzer test expectations, the Trivy integration input, edge cases and corrupted
 * copies.
 */
#include "langkit.h"

#include "analyze/lang.h"
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

#define P "fixtures/lockfiles/trivy/parser/nuget/packagesprops/"
#define A "fixtures/lockfiles/trivy/analyzer/dotnet/packagesprops/"
#define AN (&ks_analyzer_packages_props)
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run_ok(const char *rel, const struct lk_want *w, size_t n)
{
	lk_expect_shared(&cx, AN, rel, "src/Directory.Packages.props", w, n);
}

#define PKG(name, version) LK(name, version, KS_REL_UNKNOWN, NULL, NULL)

/* Trivy's TestParse cases and its analyzer test inputs. */
static void test_trivy(void **state)
{
	static const struct lk_want props[] = {
		PKG("Microsoft.Extensions.Configuration", "2.1.1"),
		PKG("Microsoft.Extensions.DependencyInjection.Abstractions", "2.2.1"),
		PKG("Microsoft.Extensions.Http", "3.2.1"),
	};
	/* names and versions are trimmed */
	static const struct lk_want three[] = {
		PKG("PackageOne", "6.2.3"),
		PKG("PackageThree", "2.4.1"),
		PKG("PackageTwo", "6.0.0"),
	};
	static const struct lk_want variables[] = {
		PKG("PackageFour", "2.4.1"),
	};
	static const struct lk_want dir_props[] = {
		PKG("Package1", "4.2.1"),
		PKG("Package2", "8.2.0"),
	};
	static const struct lk_want legacy_props[] = {
		PKG("Package1", "22.1.4"),
		PKG("Package2", "2.3.0"),
	};
	static const struct lk_want integration[] = {
		PKG("Newtonsoft.Json", "9.0.1"),
	};
	struct ks_ares out;
	int rc;

	(void)state;
	run_ok(P "packages.props", props, N(props));
	run_ok(P "Directory.Packages.props", three, N(three));
	run_ok(P "several_item_groups", three, N(three));
	run_ok(P "variables_and_empty", variables, N(variables));
	run_ok(P "no_item_group.props", NULL, 0);
	run_ok(A "Directory.Packages.props", dir_props, N(dir_props));
	run_ok(A "Packages.props", legacy_props, N(legacy_props));
	run_ok("fixtures/lockfiles/trivy-integration-repo/packagesprops/Directory.Packages.props",
		integration, N(integration));
	rc = lk_run_shared(&cx, AN, P "no_project.props", "x/Packages.props", &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "x/Packages.props", "not <Project>");
	rc = lk_run_shared(&cx, AN, A "invalid.txt", "y/Directory.Packages.props", &out);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "y/Directory.Packages.props", "line 1");
}

static int run_s(const char *text, struct ks_ares *out)
{
	return lk_run(&cx, AN, "a/Directory.Packages.props", text, strlen(text), out);
}

static void test_edges(void **state)
{
	static const char *const bad[] = {
		"",
		"<Project>",
		"<Project><ItemGroup></Project>",
		"<!DOCTYPE Project><Project/>",
		("<Project><ItemGroup><PackageVersion Include=\"a\" Version=\"1\"></ItemGroup>"
			"</Project>"),
		"<Project/><Project/>",
	};
	struct ks_ares out;
	const struct ks_pkg *p;
	size_t i;
	int rc;

	(void)state;
	/* Include wins over Update; an empty Include falls back to Update; entries outside
	 * a top-level ItemGroup or under other names are not packages; repeats merge */
	assert_int_equal(run_s("<Project xmlns=\"http://schemas.microsoft.com/developer/msbuild/"
			       "2003\">\n<ItemGroup>\n"
			       "<PackageVersion Include=\"Inc\" Update=\"Upd\" Version=\"1\"/>\n"
			       "<PackageReference Include=\"\" Update=\"Upd\" Version=\"2\"/>\n"
			       "<PackageVersion Include=\"Inc\" Version=\" 1 \"/>\n"
			       "<PackageVersion Include=\"$(x)\" Version=\"1\"/>\n"
			       "<Group><PackageVersion Include=\"Deep\" Version=\"1\"/></Group>\n"
			       "</ItemGroup>\n<PropertyGroup><PackageVersion Include=\"Prop\" "
			       "Version=\"1\"/></PropertyGroup>\n"
			       "<PackageVersion Include=\"Top\" Version=\"1\"/>\n</Project>\n",
				 &out),
		0);
	assert_int_equal(out.npkgs, 2);
	p = lk_find(&out, "Inc", "1");
	assert_non_null(p);
	assert_int_equal(p->nlocs, 0);
	assert_null(p->id);
	assert_non_null(lk_find(&out, "Upd", "2"));
	for (i = 0; i < N(bad); i++) {
		rc = run_s(bad[i], &out);
		if (rc >= 0)
			fail_msg("case %zu: got %d", i, rc);
		lk_expect_err(&cx, rc, rc, "a/Directory.Packages.props", NULL);
	}
}

/* libxml2 compares a tag's attributes pairwise: tags with too many are refused before it
 * sees them (100,000 would take it a minute); comments and quoted '>' do not confuse the
 * count. */
static void test_attribute_bound(void **state)
{
	struct ks_buf b;
	struct ks_ares out;
	size_t i;
	int rc;

	(void)state;
	ks_buf_init(&b, 4u << 20);
	assert_int_equal(ks_buf_adds(&b, "<Project><!-- a=b c=d > --><ItemGroup>\n"
					 "<PackageVersion x=\"=>\" Include=\"a\" Version=\"1\""),
		0);
	for (i = 0; i < KS_LANG_XML_MAXATTRS - 3; i++)
		assert_int_equal(ks_buf_addf(&b, " a%zu='='", i), 0);
	assert_int_equal(ks_buf_adds(&b, "/></ItemGroup></Project>"), 0);
	assert_int_equal(lk_run(&cx, AN, "Packages.props", b.p, b.n, &out), 0);
	assert_int_equal(out.npkgs, 1);
	ks_buf_reset(&b);
	assert_int_equal(ks_buf_adds(&b, "<Project>\n<ItemGroup>\n<PackageVersion"), 0);
	for (i = 0; i < 100000; i++)
		assert_int_equal(ks_buf_addf(&b, " a%zu=\"1\"", i), 0);
	assert_int_equal(ks_buf_adds(&b, "/></ItemGroup></Project>"), 0);
	rc = lk_run(&cx, AN, "x/Packages.props", b.p, b.n, &out);
	lk_expect_err(&cx, rc, KS_ELIMIT, "x/Packages.props", "line 3: a tag with more than");
	ks_buf_release(&b);
}

static void test_truncated(void **state)
{
	uint8_t *data;
	size_t n;

	(void)state;
	/* the file ends with its root element: no shorter prefix is a document */
	data = tu_read(tu_shared(P "packages.props"), &n);
	assert_int_equal(lk_mangle(&cx, AN, "t/packages.props", data, n), 0);
	free(data);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
		{ "Directory.Packages.props", true },
		{ "src/Packages.props", true },
		{ "src/directory.packages.props", true },
		{ "src/DIRECTORY.PACKAGES.PROPS", true },
		{ "src/Other.packages.props", true },
		{ "src/Directory.Build.props", false },
		{ "src/Packages.props.bak", false },
		{ "packages.config", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_int_equal(AN->wants(cases[i].path, strlen(cases[i].path)), cases[i].want);
	assert_string_equal(AN->name, "packages-props");
	assert_int_equal(AN->kind, KS_AK_LANG);
	assert_int_equal(AN->modes, KS_MODE_ALL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attribute_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test(test_wants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
