/* test_pkgid.c - package IDs per package type: the internal identity (ks_pkg_id, always
 * set) and the ID the JSON report writes (ks_pkg_report_id), which is absent exactly
 * where Trivy's parser leaves Package.ID empty. The expected forms come from Trivy's
 * parsers (pkg/dependency/parser/...) and, where one exists, from its integration goldens
 * (the example names and versions below are theirs). Every language analyzer kensa
 * registers must have a row here, so a new one cannot slip through undecided. */
#include "testutil.h"

#include <string.h>

#include "analyze/analyzer.h"
#include "result.h"

struct row {
	const char *type, *name, *version;
	const char *id;     /* ks_pkg_id() */
	const char *report; /* ks_pkg_report_id(); NULL = left out of the report */
};

static const struct row rows[] = {
	/* npm.json.golden */
	{ "npm", "asap", "2.0.6", "asap@2.0.6", "asap@2.0.6" },
	{ "yarn", "@babel/core", "7.21.8", "@babel/core@7.21.8", "@babel/core@7.21.8" },
	{ "pnpm", "lodash", "4.17.21", "lodash@4.17.21", "lodash@4.17.21" },
	{ "bun", "zod", "3.23.8", "zod@3.23.8", "zod@3.23.8" },
	{ "node-pkg", "express", "4.17.1", "express@4.17.1", "express@4.17.1" },
	/* pip.json.golden: no "ID" */
	{ "pip", "Flask", "2.0.0", "Flask@2.0.0", NULL },
	/* fanal's vuln-image1.2.3.expectedlibs.golden: Pipfile.lock packages have no "ID" */
	{ "pipenv", "django", "2.0.9", "django@2.0.9", NULL },
	/* poetry.json.golden */
	{ "poetry", "werkzeug", "0.14", "werkzeug@0.14", "werkzeug@0.14" },
	{ "uv", "requests", "2.32.3", "requests@2.32.3", "requests@2.32.3" },
	/* no Trivy parser: kept like the other graph-building Python lock files */
	{ "pdm", "certifi", "2024.2.2", "certifi@2024.2.2", "certifi@2024.2.2" },
	/* ubi-7-comprehensive.json.golden: no "PkgID" */
	{ "python-pkg", "setuptools", "0.9.8", "setuptools@0.9.8", NULL },
	{ "conda-pkg", "openssl", "1.1.1q", "openssl@1.1.1q", NULL },
	/* spring4shell-jre8.json.golden: no "PkgID" */
	{ "jar", "org.springframework:spring-beans", "5.3.15",
		"org.springframework:spring-beans:5.3.15", NULL },
	/* pom.xml: the analyzer sets the ID, "g:a:v::<path hash>" (test_explicit_and_os) */
	{ "pom", "junit:junit", "4.13", "junit:junit:4.13", "junit:junit:4.13" },
	{ "gradle", "junit:junit", "4.13", "junit:junit:4.13", "junit:junit:4.13" },
	{ "sbt", "org.typelevel:cats-core_2.12", "2.9.0", "org.typelevel:cats-core_2.12:2.9.0",
		"org.typelevel:cats-core_2.12:2.9.0" },
	/* gomod.json.golden */
	{ "gomod", "github.com/open-policy-agent/opa", "v0.35.0",
		"github.com/open-policy-agent/opa@v0.35.0",
		"github.com/open-policy-agent/opa@v0.35.0" },
	{ "gomod", "github.com/docker/distribution", "2.7.1+incompatible",
		"github.com/docker/distribution@v2.7.1+incompatible",
		"github.com/docker/distribution@v2.7.1+incompatible" },
	{ "gobinary", "stdlib", "v1.22.3", "stdlib@v1.22.3", "stdlib@v1.22.3" },
	{ "gobinary", "github.com/example/app", "", "github.com/example/app",
		"github.com/example/app" },
	/* cargo.lock.json.golden */
	{ "cargo", "memchr", "1.0.2", "memchr@1.0.2", "memchr@1.0.2" },
	{ "rustbinary", "itoa", "1.0.1", "itoa@1.0.1", "itoa@1.0.1" },
	/* vuln-image1.2.3.expectedlibs.golden */
	{ "bundler", "dotenv", "2.7.2", "dotenv@2.7.2", "dotenv@2.7.2" },
	/* fluentd-gems.json.golden: no "PkgID" */
	{ "gemspec", "activesupport", "6.0.2.1", "activesupport@6.0.2.1", NULL },
	/* composer.lock.json.golden */
	{ "composer", "guzzlehttp/psr7", "1.8.3", "guzzlehttp/psr7@1.8.3",
		"guzzlehttp/psr7@1.8.3" },
	{ "composer-vendor", "pear/log", "1.13.3", "pear/log@1.13.3", "pear/log@1.13.3" },
	{ "dotnet-core", "Newtonsoft.Json", "13.0.1", "Newtonsoft.Json/13.0.1",
		"Newtonsoft.Json/13.0.1" },
	{ "packages-props", "Newtonsoft.Json", "13.0.1", "Newtonsoft.Json@13.0.1",
		"Newtonsoft.Json@13.0.1" },
	{ "pub", "crypto", "3.0.2", "crypto@3.0.2", "crypto@3.0.2" },
	{ "hex", "phoenix", "1.7.2", "phoenix@1.7.2", "phoenix@1.7.2" },
	{ "swift", "github.com/apple/swift-nio", "2.41.1", "github.com/apple/swift-nio@2.41.1",
		"github.com/apple/swift-nio@2.41.1" },
	{ "cocoapods", "AppCenter", "4.2.0", "AppCenter@4.2.0", "AppCenter@4.2.0" },
	{ "conan", "zlib", "1.2.12", "zlib/1.2.12", "zlib/1.2.12" },
	/* OS packages keep theirs (alpine-39 / debian-buster goldens) */
	{ "apk", "musl", "1.1.20-r4", "musl@1.1.20-r4", "musl@1.1.20-r4" },
	{ "dpkg", "bash", "5.0-4", "bash@5.0-4", "bash@5.0-4" },
};

static const struct row *find_row(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (strcmp(rows[i].type, type) == 0)
			return &rows[i];
	return NULL;
}

static void check_row(struct ks_arena *a, const struct row *w, const char *file)
{
	struct ks_pkg p = { 0 };
	const char *id = "unset";

	p.name = w->name;
	p.version = w->version;
	p.analyzed_by = w->type;
	assert_string_equal(ks_pkg_id(a, &p), w->id);
	assert_int_equal(ks_pkg_report_id(a, &p, file, &id), 0);
	if (w->report == NULL)
		assert_null(id);
	else
		assert_string_equal(id, w->report);
}

static void test_every_type(void **state)
{
	struct ks_arena a;
	size_t i;

	(void)state;
	ks_arena_init(&a);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_row(&a, &rows[i], NULL);
	ks_arena_release(&a);
}

/* Every registered language analyzer has a decided row. */
static void test_table_covers_the_analyzers(void **state)
{
	size_t i, nlang = 0;

	(void)state;
	for (i = 0; i < ks_analyzers_count(); i++) {
		const struct ks_analyzer *an = ks_analyzers[i];

		if (an->kind != KS_AK_LANG)
			continue;
		nlang++;
		if (find_row(an->name) == NULL && strcmp(an->name, "nuget") != 0)
			fail_msg("analyzer %s: no package ID rule in test_pkgid.c", an->name);
	}
	assert_true(nlang >= 32);
}

/* NuGet: the lock-file parser sets IDs, the packages.config parser does not. */
static void test_nuget_by_file(void **state)
{
	static const struct row lock = { "nuget", "Newtonsoft.Json", "12.0.3",
		"Newtonsoft.Json@12.0.3", "Newtonsoft.Json@12.0.3" };
	static const struct row config = { "nuget", "Newtonsoft.Json", "12.0.3",
		"Newtonsoft.Json@12.0.3", NULL };
	struct ks_arena a;

	(void)state;
	ks_arena_init(&a);
	check_row(&a, &lock, "packages.lock.json");
	check_row(&a, &lock, "src/app/packages.lock.json");
	check_row(&a, &lock, NULL);
	check_row(&a, &config, "packages.config");
	check_row(&a, &config, "src/app/packages.config");
	/* only the file name counts */
	check_row(&a, &lock, "packages.config.d/packages.lock.json");
	ks_arena_release(&a);
}

/* An analyzer's explicit ID wins (pom.xml IDs carry a path hash), but not over a type
 * Trivy writes without IDs; rpm and packages without an analyzer keep theirs. */
static void test_explicit_and_os(void **state)
{
	struct ks_arena a;
	struct ks_pkg p = { 0 };
	const char *id;

	(void)state;
	ks_arena_init(&a);
	p.name = "com.fasterxml.jackson.core:jackson-databind";
	p.version = "2.9.1";
	p.analyzed_by = "pom";
	assert_string_equal(ks_pkg_id(&a, &p), "com.fasterxml.jackson.core:jackson-databind:2.9.1");
	p.id = "com.fasterxml.jackson.core:jackson-databind:2.9.1::6a9e9547"; /* pom.json.golden */
	assert_int_equal(ks_pkg_report_id(&a, &p, "pom.xml", &id), 0);
	assert_string_equal(id, p.id);
	p.analyzed_by = "jar";
	assert_int_equal(ks_pkg_report_id(&a, &p, NULL, &id), 0);
	assert_null(id);
	assert_string_equal(ks_pkg_id(&a, &p), p.id);

	memset(&p, 0, sizeof(p));
	p.name = "bash";
	p.version = "4.2.46";
	p.release = "33.el7";
	p.arch = "x86_64";
	p.analyzed_by = "rpm";
	assert_int_equal(ks_pkg_report_id(&a, &p, NULL, &id), 0);
	assert_string_equal(id, "bash@4.2.46-33.el7.x86_64"); /* ubi-7-comprehensive.json.golden */
	p.analyzed_by = NULL;
	p.release = NULL;
	assert_int_equal(ks_pkg_report_id(&a, &p, NULL, &id), 0);
	assert_string_equal(id, "bash@4.2.46");
	ks_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_type),
		cmocka_unit_test(test_table_covers_the_analyzers),
		cmocka_unit_test(test_nuget_by_file),
		cmocka_unit_test(test_explicit_and_os),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
