/*
 * test_gemspec.c - installed Ruby gems (lib/analyze/gemspec.c): RubyGems-generated
 * specification files (the seeds in tests/fuzz/corpus/gemspec, written in RubyGems'
 * format) and the shapes Trivy's parser tests cover (another block variable, one licence,
 * several licences, no variable, no version), path matching, corrupt inputs.
 */
#include "testutil.h"
#include "langkit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"

#define AN (&ks_analyzer_gemspec)
#define SPEC "var/lib/gems/2.5.0/specifications/x.gemspec"

static void test_wants(void **state)
{
	static const char *const yes[] = {
		"var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec",
		"usr/lib/ruby/gems/3.1.0/specifications/default/bundler-2.3.7.gemspec",
		"a/specifications/x.gemspec.bak",
	};
	static const char *const no[] = { "specifications/a.gemspec", "a/specifications/.gemspec",
		"a/specification/x.gemspec", "a/x.gemspec", "a/specifications/x.gem" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(AN->wants(yes[i], strlen(yes[i])));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (AN->wants(no[i], strlen(no[i])))
			fail_msg("wants '%s'", no[i]);
	assert_int_equal(AN->modes, KS_MODE_POST);
	assert_string_equal(AN->name, "gemspec");
}

/* "name version [lic]..." of the package a text gives. */
static void expect_text(const char *text, const char *want)
{
	struct ks_ctx cx;
	struct ks_ares a;
	char got[512];
	size_t i, o;

	tu_ctx(&cx);
	assert_int_equal(lk_run(&cx, AN, SPEC, text, strlen(text), &a), 0);
	assert_int_equal(a.npkgs, 1);
	o = (size_t)snprintf(got, sizeof(got), "%s %s", a.pkgs[0].name, a.pkgs[0].version);
	for (i = 0; i < a.pkgs[0].licenses.n; i++)
		o += (size_t)snprintf(got + o, sizeof(got) - o, " [%s]", a.pkgs[0].licenses.v[i]);
	if (strcmp(got, want) != 0)
		fail_msg("got '%s', want '%s'", got, want);
	assert_string_equal(a.pkgs[0].file_path, SPEC);
	assert_int_equal(a.pkgs[0].relationship, KS_REL_UNKNOWN);
	ks_ctx_release(&cx);
}

static void expect_file(const char *seed, const char *want)
{
	char rel[256];
	uint8_t *data;
	size_t n;
	char *text;

	snprintf(rel, sizeof(rel), "tests/fuzz/corpus/gemspec/%s", seed);
	data = tu_read(tu_src(rel), &n);
	text = (char *)data;
	expect_text(text, want);
	free(data);
}

static void test_files(void **state)
{
	(void)state;
	expect_file("rake-13.0.6.gemspec", "rake 13.0.6 [MIT]");
	expect_file("async-1.25.0.gemspec", "async 1.25.0 [MIT]");
	expect_file("test-unit-3.5.3.gemspec", "test-unit 3.5.3 [Ruby] [BSDL] [PSFL]");
}

static void test_shapes(void **state)
{
	(void)state;
	/* another variable, no licence */
	expect_text("Gem::Specification.new do |spec|\n  spec.name = \"async\"\n"
		    "  spec.version = \"1.25.0\"\nend\n",
		"async 1.25.0");
	/* licences as written, split the way Trivy splits them */
	expect_text("Gem::Specification.new do |s|\ns.name = 'a'\ns.version = '1'\n"
		    "s.license = \"GPL-2.0+\"\nend\n",
		"a 1 [GPL-2.0+]");
	expect_text("Gem::Specification.new do |s|\ns.name='a'\ns.version='1'\n"
		    "s.licenses = ['MIT', 'Apache License, Version 2.0']\n",
		"a 1 [MIT] [Apache License, Version 2.0]");
	/* a later assignment wins until all three are known; a line that starts like one but
	 * does not match empties the field, as Trivy's assignment does */
	expect_text("Gem::Specification.new do |s|\ns.name = 'a'\ns.version = '1'\n"
		    "s.version = '2'\ns.license = 'MIT'\ns.version = '3'\n",
		"a 2 [MIT]");
	expect_text("Gem::Specification.new do |s|\ns.name = 'a'\ns.license = 'X'\n"
		    "s.licenses = []\ns.version = '1'\n",
		"a 1");
	expect_text("Gem::Specification.new do |s|\ns.name = 'a'\ns.name_x = 'b'\n"
		    "s.name = 'c'\ns.version = '1'\n",
		"c 1");
	/* CRLF lines, blanks around */
	expect_text("Gem::Specification.new do |s|\r\n   s.name = \"c\".freeze   \r\n"
		    "\ts.version = \"3.0\"\r\n",
		"c 3.0");
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {
		"",
		"Gem::Specification.new do\n  s.name = 'a'\n  s.version = '1'\n",
		"Gem::Specification.new do |s|\n  s.name = 'a'\n",
		"s.name = 'a'\ns.version = '1'\nGem::Specification.new do |s|\n",
		"Gem::Specification.new do |s|\n  s.name = 'a'\n  s.version =\n",
		"Gem::Specification.new do |s|\ns.name = 'a'\ns.name_x = 'b'\ns.version = '1'\n",
	};
	struct ks_ctx cx;
	struct ks_ares a;
	char *big;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tu_ctx(&cx);
		lk_expect_err(&cx, lk_run(&cx, AN, SPEC, bad[i], strlen(bad[i]), &a), KS_ECORRUPT,
			SPEC, NULL);
		ks_ctx_release(&cx);
	}
	tu_ctx(&cx);
	lk_expect_err(&cx, lk_run(&cx, AN, SPEC, "Gem::Specification.new do |s|\0", 31, &a),
		KS_ECORRUPT, SPEC, "NUL");
	big = malloc(70000);
	assert_non_null(big);
	memset(big, 'x', 70000);
	lk_expect_err(&cx, lk_run(&cx, AN, SPEC, big, 70000, &a), KS_ECORRUPT, SPEC, "64 KiB");
	free(big);
	ks_ctx_release(&cx);
}

static void test_mangled(void **state)
{
	struct ks_ctx cx;
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_src("tests/fuzz/corpus/gemspec/rake-13.0.6.gemspec"), &n);
	tu_ctx(&cx);
	/* prefixes with the name and version lines give a package */
	assert_true(lk_mangle(&cx, AN, SPEC, data, n) > 0);
	ks_ctx_release(&cx);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_mangled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
