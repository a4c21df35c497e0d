/*
 * test_bundler.c - the Gemfile.lock analyzer (lib/analyze/bundler.c): Trivy's parser cases
 * (Bundler 1 and 2 lock files: packages, direct/indirect, dependencies, line locations),
 * syft's lock file with GIT and PATH sources, the rules for odd lines, corrupt inputs.
 */
#include "testutil.h"
#include "langkit.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"

#define AN (&ks_analyzer_bundler)
#define TP "fixtures/lockfiles/trivy/parser/ruby/bundler/"

static void test_wants(void **state)
{
	(void)state;
	assert_true(AN->wants("Gemfile.lock", 12));
	assert_true(AN->wants("app/Gemfile.lock", 16));
	assert_false(AN->wants("app/Gemfile", 11));
	assert_false(AN->wants("app/xGemfile.lock", 17));
	assert_int_equal(AN->modes, KS_MODE_PRE);
	assert_string_equal(AN->name, "bundler");
}

static void run_want(const char *file, const struct lk_want *w, size_t n)
{
	struct ks_ctx cx;
	struct ks_ares a;

	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN, file, "Gemfile.lock", &a), 0);
	lk_expect(&a, w, n);
	ks_ctx_release(&cx);
}

static void test_trivy(void **state)
{
	static const struct lk_want normal[] = {
		{ "dotenv", "2.7.2", KS_REL_DIRECT, "6-6", NULL, false, NULL },
		{ "faker", "1.9.3", KS_REL_DIRECT, "7-7", "i18n@1.6.0", false, NULL },
		{ "pry", "0.12.2", KS_REL_DIRECT, "12-12", "coderay@1.1.2 method_source@0.9.2",
			false, NULL },
		{ "coderay", "1.1.2", KS_REL_INDIRECT, "4-4", NULL, false, NULL },
		{ "concurrent-ruby", "1.1.5", KS_REL_INDIRECT, "5-5", NULL, false, NULL },
		{ "i18n", "1.6.0", KS_REL_INDIRECT, "9-9", "concurrent-ruby@1.1.5", false, NULL },
		{ "method_source", "0.9.2", KS_REL_INDIRECT, "11-11", NULL, false, NULL },
	};
	static const struct lk_want b2[] = {
		{ "dotenv", "2.7.6", KS_REL_DIRECT, "6-6", NULL, false, NULL },
		{ "faker", "2.21.0", KS_REL_DIRECT, "7-7", "i18n@1.10.0", false, NULL },
		{ "json", "2.6.2", KS_REL_DIRECT, "11-11", NULL, false, NULL },
		{ "pry", "0.14.1", KS_REL_DIRECT, "13-13", "coderay@1.1.3 method_source@1.0.0",
			false, NULL },
		{ "coderay", "1.1.3", KS_REL_INDIRECT, "4-4", NULL, false, NULL },
		{ "concurrent-ruby", "1.1.10", KS_REL_INDIRECT, "5-5", NULL, false, NULL },
		{ "i18n", "1.10.0", KS_REL_INDIRECT, "9-9", "concurrent-ruby@1.1.10", false, NULL },
		{ "method_source", "1.0.0", KS_REL_INDIRECT, "12-12", NULL, false, NULL },
	};

	(void)state;
	run_want(TP "Gemfile_normal.lock", normal, 7);
	run_want(TP "Gemfile_bundler2.lock", b2, 8);
}

static void test_syft(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;
	size_t i, direct = 0;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN, "fixtures/syft-fixtures/ruby/Gemfile.lock",
				 "Gemfile.lock", &a),
		0);
	assert_int_equal(a.npkgs, 53);
	for (i = 0; i < a.npkgs; i++)
		direct += a.pkgs[i].relationship == KS_REL_DIRECT;
	assert_int_equal(direct, 15);
	/* gems from PATH and GIT sources, marked "!" under DEPENDENCIES */
	p = lk_find(&a, "google-cloud-errors", "1.3.0");
	assert_int_equal(p->relationship, KS_REL_DIRECT);
	assert_int_equal(p->locs[0].start, 4);
	p = lk_find(&a, "turbolinks", "3.0.0");
	assert_int_equal(p->relationship, KS_REL_DIRECT);
	assert_int_equal(p->depends_on.n, 1);
	assert_string_equal(p->depends_on.v[0], "coffee-rails@4.0.1");
	p = lk_find(&a, "actionpack", "4.1.1");
	assert_int_equal(p->depends_on.n, 4);
	assert_string_equal(p->depends_on.v[0], "actionview@4.1.1");
	assert_string_equal(p->depends_on.v[3], "rack-test@0.6.2");
	ks_ctx_release(&cx);
}

static int run_text(struct ks_ctx *cx, const char *text, struct ks_ares *a)
{
	return lk_run(cx, AN, "app/Gemfile.lock", text, strlen(text), a);
}

/* Platform suffixes, replaced gems, lines that are not "name (version)", blank dependency
 * lines, dependencies on gems not in the file. */
static void test_rules(void **state)
{
	static const char doc[] = "GEM\n"
				  "  remote: https://rubygems.org/\n"
				  "  specs:\n"
				  "    nokogiri (1.13.6-x86_64-linux)\n"
				  "      racc (~> 1.4)\n"
				  "      missing (>= 1)\n"
				  "      \n"
				  "    racc (1.6.0)\n"
				  "    odd line here\n"
				  "      racc\n"
				  "    racc (1.6.2)\n"
				  "\n"
				  "PLATFORMS\n"
				  "  x86_64-linux\n"
				  "\n"
				  "DEPENDENCIES\n"
				  "  nokogiri\n"
				  "BUNDLED WITH\n"
				  "   2.3.7\n";
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(run_text(&cx, doc, &a), 0);
	assert_int_equal(a.npkgs, 2);
	p = lk_find(&a, "nokogiri", "1.13.6");
	assert_non_null(p);
	assert_int_equal(p->relationship, KS_REL_DIRECT);
	assert_int_equal(p->depends_on.n, 1);
	assert_string_equal(p->depends_on.v[0], "racc@1.6.2");
	p = lk_find(&a, "racc", "1.6.2");
	assert_int_equal(p->relationship, KS_REL_INDIRECT);
	assert_int_equal(p->locs[0].start, 11);
	assert_null(lk_find(&a, "racc", "1.6.0"));
	/* an empty lock file has no packages */
	assert_int_equal(run_text(&cx, "\n\n", &a), 0);
	assert_int_equal(a.npkgs, 0);
	ks_ctx_release(&cx);
}

static void test_corrupt(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;
	char *big;

	(void)state;
	tu_ctx(&cx);
	lk_expect_err(&cx,
		lk_run_shared(&cx, AN, TP "Gemfile_malformed.lock", "m/Gemfile.lock", &a),
		KS_ECORRUPT, "m/Gemfile.lock", NULL);
	lk_expect_err(&cx,
		lk_run_shared(&cx, AN, "fixtures/syft-fixtures/ruby/glob-paths/src/Gemfile.lock",
			"g/Gemfile.lock", &a),
		KS_ECORRUPT, "g/Gemfile.lock", NULL);
	lk_expect_err(&cx, lk_run(&cx, AN, "n/Gemfile.lock", "GEM\n\0", 5, &a), KS_ECORRUPT,
		"n/Gemfile.lock", "NUL");
	big = malloc(70010);
	assert_non_null(big);
	memcpy(big, "GEM\n    ", 8);
	memset(big + 8, 'a', 70002);
	lk_expect_err(&cx, lk_run(&cx, AN, "b/Gemfile.lock", big, 70010, &a), KS_ECORRUPT,
		"b/Gemfile.lock", "64 KiB");
	free(big);
	ks_ctx_release(&cx);
}

static void test_mangled(void **state)
{
	struct ks_ctx cx;
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_shared("fixtures/syft-fixtures/ruby/Gemfile.lock"), &n);
	tu_ctx(&cx);
	/* every prefix from the first header on is a (shorter) lock file */
	assert_true(lk_mangle(&cx, AN, "m/Gemfile.lock", data, n) > 0);
	ks_ctx_release(&cx);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_trivy),
		cmocka_unit_test(test_syft),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_mangled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
