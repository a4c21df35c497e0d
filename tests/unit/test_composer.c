/*
 * test_composer.c - the composer.lock analyzer (lib/analyze/composer.c) with the
 * composer.json step (lib/analyze/lang_extra.c): Trivy's integration golden field by
 * field, Trivy's parser and analyzer cases (dependencies, licences, locations, direct and
 * indirect, packages-dev), syft's fixtures, licence splitting, corrupt inputs.
 */
#include "testutil.h"
#include "langkit.h"
#include "goldenkit.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/lang_extra.h"
#include "util/buf.h"
#include "util/license.h"

#define AN (&ks_analyzer_composer)
#define U KS_REL_UNKNOWN
#define TA "fixtures/lockfiles/trivy/analyzer/php/composer/composer/"

static void test_wants(void **state)
{
	(void)state;
	assert_true(AN->wants("composer.lock", 13));
	assert_true(AN->wants("app/composer.lock", 17));
	assert_false(AN->wants("app/vendor/x/composer.lock", 26));
	assert_false(AN->wants("vendor/composer.lock", 20));
	assert_true(AN->wants("vendors/composer.lock", 21));
	assert_false(AN->wants("composer.json", 13));
	assert_int_equal(AN->modes, KS_MODE_PRE);
	assert_string_equal(AN->name, "composer");
}

/* Parses a lock file and applies the composer.json next to it (when json is not NULL);
 * returns the step's result. */
static int lock_with_json(struct ks_ctx *cx, const char *lock, const char *json,
	struct ks_ares *a)
{
	struct ks_file f;
	uint8_t *data;
	size_t n;
	int rc;

	assert_int_equal(lk_run_shared(cx, AN, lock, "composer.lock", a), 0);
	if (json == NULL)
		return 0;
	data = tu_read(tu_shared(json), &n);
	f = (struct ks_file){ "composer.json", data, n };
	rc = ks_lang_composer_json(cx, a, &f);
	free(data);
	return rc;
}

static void test_integration_golden(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lock_with_json(&cx,
				 "fixtures/lockfiles/trivy-integration-repo/composer/composer.lock",
				 "fixtures/lockfiles/trivy-integration-repo/composer/composer.json",
				 &a),
		0);
	gk_expect(&a, "fixtures/goldens/trivy/integration/composer.lock.json.golden", 0);
	ks_ctx_release(&cx);
}

/* Trivy's parser test expectations; the stored file is a later revision than the one
 * those expectations were written for, from symfony/polyfill-intl-normalizer on (its
 * ranges and those of packages-dev are read off the file). */
static void test_trivy_parser(void **state)
{
	static const struct lk_want w[] = {
		{ "guzzlehttp/guzzle", "6.5.8", U, "9-123",
			"guzzlehttp/promises@1.5.2 guzzlehttp/psr7@1.9.0 "
			"symfony/polyfill-intl-idn@v1.27.0",
			false, NULL },
		{ "guzzlehttp/promises", "1.5.2", U, "124-207", NULL, false, NULL },
		{ "guzzlehttp/psr7", "1.9.0", U, "208-317",
			"psr/http-message@1.0.1 ralouphie/getallheaders@3.0.3", false, NULL },
		{ "psr/http-message", "1.0.1", U, "318-370", NULL, false, NULL },
		{ "ralouphie/getallheaders", "3.0.3", U, "371-414", NULL, false, NULL },
		{ "symfony/polyfill-intl-idn", "v1.27.0", U, "415-501",
			"symfony/polyfill-intl-normalizer@v1.27.0 symfony/polyfill-php72@v1.27.0",
			false, NULL },
		{ "symfony/polyfill-intl-normalizer", "v1.27.0", U, "502-583", NULL,
			false, NULL },
		{ "symfony/polyfill-php72", "v1.27.0", U, "584-657", NULL, false, NULL },
		{ "pear/log", "1.13.3", U, "660-719", "pear/pear_exception@v1.0.2", true,
			NULL },
		{ "pear/pear_exception", "v1.0.2", U, "720-778", NULL, true, NULL },
	};
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN,
				 "fixtures/lockfiles/trivy/parser/php/composer/composer_happy.lock",
				 "composer.lock", &a),
		0);
	lk_expect(&a, w, sizeof(w) / sizeof(w[0]));
	for (i = 0; i < a.npkgs; i++) {
		const struct ks_pkg *p = &a.pkgs[i];
		bool php72 = strcmp(p->name, "symfony/polyfill-php72") == 0;

		/* the stored file's php72 says "MIT or BSD-2-Clause": split in two */
		assert_int_equal(p->licenses.n, php72 ? 2 : 1);
		assert_string_equal(p->licenses.v[0],
			strncmp(p->name, "pear/pear", 9) == 0 ? "BSD-2-Clause" : "MIT");
		if (php72)
			assert_string_equal(p->licenses.v[1], "BSD-2-Clause");
	}
	ks_ctx_release(&cx);
}

/* Trivy's analyzer cases: composer.json decides direct/indirect; without it (or when it
 * does not parse) relationships stay unknown. */
static void test_trivy_analyzer(void **state)
{
	static const struct lk_want happy[] = {
		{ "pear/log", "1.13.3", KS_REL_DIRECT, "9-68", "pear/pear_exception@v1.0.2", false,
			NULL },
		{ "pear/pear_exception", "v1.0.2", KS_REL_INDIRECT, "69-127", NULL, false, NULL },
	};
	static const struct lk_want unknown[] = {
		{ "pear/log", "1.13.3", KS_REL_UNKNOWN, "9-68", "pear/pear_exception@v1.0.2", false,
			NULL },
		{ "pear/pear_exception", "v1.0.2", KS_REL_UNKNOWN, "69-127", NULL, false, NULL },
	};
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lock_with_json(&cx, TA "happy/composer.lock", TA "happy/composer.json",
				 &a),
		0);
	lk_expect(&a, happy, 2);
	assert_string_equal(a.pkgs[1].licenses.v[0], "BSD-2-Clause");
	assert_int_equal(lock_with_json(&cx, TA "no-composer-json/composer.lock", NULL, &a), 0);
	lk_expect(&a, unknown, 2);
	lk_expect_err(&cx,
		lock_with_json(&cx, TA "wrong-composer-json/composer.lock",
			TA "wrong-composer-json/composer.json", &a),
		KS_ECORRUPT, "composer.json", NULL);
	lk_expect(&a, unknown, 2);
	lk_expect_err(&cx, lk_run_shared(&cx, AN, TA "sad/composer.lock", "sad/composer.lock", &a),
		KS_ECORRUPT, "sad/composer.lock", NULL);
	ks_ctx_release(&cx);
}

static void test_with_dev(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lock_with_json(&cx, TA "with-dev/composer.lock",
				 TA "with-dev/composer.json", &a),
		0);
	assert_int_equal(a.npkgs, 3);
	p = lk_find(&a, "psr/log", "1.1.4");
	assert_false(p->dev);
	assert_int_equal(p->relationship, KS_REL_DIRECT);
	p = lk_find(&a, "pear/log", "1.14.6");
	assert_true(p->dev);
	assert_int_equal(p->relationship, KS_REL_INDIRECT);
	assert_true(lk_find(&a, "pear/pear_exception", "v1.0.2")->dev);
	ks_ctx_release(&cx);
}

static void test_syft(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN, "fixtures/syft-fixtures/php/composer.lock",
				 "composer.lock", &a),
		0);
	assert_int_equal(a.npkgs, 4);
	assert_true(lk_find(&a, "behat/gherkin", "v4.6.2")->dev);
	p = lk_find(&a, "adoy/fastcgi-client", "1.0.2");
	assert_non_null(p);
	assert_false(p->dev);
	p = lk_find(&a, "alcaeus/mongo-php-adapter", "1.1.11");
	assert_non_null(p);
	assert_int_equal(p->depends_on.n, 0);
	ks_ctx_release(&cx);
}

static int run_text(struct ks_ctx *cx, const char *text, struct ks_ares *a)
{
	return lk_run(cx, AN, "p/composer.lock", text, strlen(text), a);
}

/* Licences: strings are split (Trivy's SplitLicenses), array entries kept whole; require
 * skips php and ext*; a later package of the same name wins. */
static void test_rules(void **state)
{
	static const char doc[] =
		"{\"packages\": [\n"
		"{\"name\": \"a/a\", \"version\": \"1\", \"license\": \"MIT or Apache-2.0\",\n"
		" \"require\": {\"php\": \">=7\", \"ext-json\": \"*\", \"extra/x\": \"1\", "
		"\"b/b\": \"^2\", \"c/c\": \"1\"}},\n"
		"{\"name\": \"b/b\", \"version\": \"1\", \"license\": [\"GPL-2.0 or MIT\", 3]},\n"
		"{\"name\": \"b/b\", \"version\": \"2\", \"license\": \"Apache License, Version "
		"2.0\"},\n"
		"{\"name\": \"extra/x\", \"version\": \"1\", \"license\": null}\n"
		"]}\n";
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(run_text(&cx, doc, &a), 0);
	assert_int_equal(a.npkgs, 3);
	p = lk_find(&a, "a/a", "1");
	assert_int_equal(p->licenses.n, 2);
	assert_string_equal(p->licenses.v[0], "MIT");
	assert_string_equal(p->licenses.v[1], "Apache-2.0");
	assert_int_equal(p->depends_on.n, 1);
	assert_string_equal(p->depends_on.v[0], "b/b@2");
	assert_null(lk_find(&a, "b/b", "1"));
	p = lk_find(&a, "b/b", "2");
	assert_int_equal(p->licenses.n, 1);
	assert_string_equal(p->licenses.v[0], "Apache License, Version 2.0");
	assert_int_equal(p->nlocs, 1);
	assert_int_equal(p->locs[0].start, 5);
	assert_int_equal(lk_find(&a, "extra/x", "1")->licenses.n, 0);
	ks_ctx_release(&cx);
}

static int collect(void *ud, const char *lic)
{
	struct ks_buf *b = ud;

	return ks_buf_addf(b, "[%s]", lic);
}

/* Trivy's SplitLicenses (util/license.c), used for composer and gemspec licences. */
static void test_split_licenses(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "MIT", "[MIT]" },
		{ "", "" },
		{ "GPL-1+,GPL-2", "[GPL-1+][GPL-2]" },
		{ "GPL-1+ or Artistic or Artistic-dist", "[GPL-1+][Artistic][Artistic-dist]" },
		{ "LGPLv3+_or_GPLv2+", "[LGPLv3+][GPLv2+]" },
		{ "BSD-3-CLAUSE and GPL-2", "[BSD-3-CLAUSE][GPL-2]" },
		{ "GPL-1+ or Artistic, and BSD-4-clause-POWERDOG",
			"[GPL-1+][Artistic][BSD-4-clause-POWERDOG]" },
		{ "BSD 3-Clause License or Apache License, Version 2.0",
			"[BSD 3-Clause License][Apache License, Version 2.0]" },
		{ "GNU Lesser General Public License v2 or later (LGPLv2+)",
			"[GNU Lesser General Public License v2 or later (LGPLv2+)]" },
		{ "GNU Library or Lesser General Public License (LGPL)",
			"[GNU Library or Lesser General Public License (LGPL)]" },
		{ "MIT, ", "[MIT][]" },
		{ "MIT AND BSD-3-Clause", "[MIT AND BSD-3-Clause]" },
		{ "Permission is hereby granted", "[text://Permission is hereby granted]" },
		{ "see https://example.com/LICENSE", "[text://see https://example.com/LICENSE]" },
	};
	struct ks_arena a;
	struct ks_buf b;
	size_t i;

	(void)state;
	ks_arena_init(&a);
	ks_buf_init(&b, 4096);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ks_buf_reset(&b);
		assert_int_equal(ks_license_split(&a, ks_str_c(cases[i].in), collect, &b), 0);
		if (strcmp(b.p ? b.p : "", cases[i].want) != 0)
			fail_msg("'%s': got '%s', want '%s'", cases[i].in, b.p ? b.p : "",
				cases[i].want);
	}
	assert_int_equal(ks_license_split(&a, (struct ks_str){ "a\0b", 3 }, collect, &b),
		KS_ECORRUPT);
	ks_buf_release(&b);
	ks_arena_release(&a);
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {
		"",
		"[]",
		"{\"packages\": {}}",
		"{\"packages\": [1]}",
		"{\"packages\": [{\"name\": 1}]}",
		"{\"packages\": [{\"name\": \"a\", \"version\": [\"1\"]}]}",
		"{\"packages\": [{\"name\": \"a\", \"require\": []}]}",
		"{\"packages\": [{\"name\": \"a\", \"require\": {\"b\": 1}}]}",
		"{\"packages\": [], \"packages-dev\": 5}",
		"{\"packages\": [{\"name\": \"a\", \"license\": \"\\ud800\"}]}",
		"{\"packages\": []} x",
	};
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tu_ctx(&cx);
		lk_expect_err(&cx, run_text(&cx, bad[i], &a), KS_ECORRUPT, "p/composer.lock", NULL);
		ks_ctx_release(&cx);
	}
}

static void test_composer_json_corrupt(void **state)
{
	static const char *const bad[] = { "", "[]", "{\"require\": []}",
		"{\"require\": {\"a\": 1}}", "{\"require\": {" };
	struct ks_ctx cx;
	struct ks_ares a = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ks_file f = { "app/composer.json", (const uint8_t *)bad[i], strlen(bad[i]) };

		tu_ctx(&cx);
		lk_expect_err(&cx, ks_lang_composer_json(&cx, &a, &f), KS_ECORRUPT,
			"app/composer.json", NULL);
		ks_ctx_release(&cx);
	}
}

static void test_mangled(void **state)
{
	struct ks_ctx cx;
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_shared(TA "happy/composer.lock"), &n);
	tu_ctx(&cx);
	/* no prefix is a complete document but the text without its final newline */
	assert_true(lk_mangle(&cx, AN, "m/composer.lock", data, n) <= 1);
	ks_ctx_release(&cx);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_integration_golden),
		cmocka_unit_test(test_trivy_parser),
		cmocka_unit_test(test_trivy_analyzer),
		cmocka_unit_test(test_with_dev),
		cmocka_unit_test(test_syft),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_split_licenses),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_composer_json_corrupt),
		cmocka_unit_test(test_mangled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
