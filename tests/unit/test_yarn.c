/*
 * test_yarn.c - the yarn.lock analyzer (lib/analyze/yarn.c): Trivy's parser cases for
 * classic (v1) and berry lock files (packages, line locations, dependency graph, local,
 * git and unsupported protocols), the pattern rules of Trivy's regular expressions, syft's
 * lock files, corrupt and oversized inputs.
 */
#include "testutil.h"
#include "langkit.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "util/buf.h"

#define AN (&ks_analyzer_yarn)
#define TP "fixtures/lockfiles/trivy/parser/nodejs/yarn/"
#define U KS_REL_UNKNOWN

static void test_wants(void **state)
{
	(void)state;
	assert_true(AN->wants("yarn.lock", 9));
	assert_true(AN->wants("app/yarn.lock", 13));
	assert_false(AN->wants("app/xyarn.lock", 14));
	assert_false(AN->wants("app/yarn.lock.bak", 17));
	assert_int_equal(AN->modes, KS_MODE_PRE);
	assert_string_equal(AN->name, "yarn");
}

static void run_want(const char *file, const struct lk_want *w, size_t n, size_t warns)
{
	struct ks_ctx cx;
	struct ks_ares a;

	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN, file, "yarn.lock", &a), 0);
	lk_expect(&a, w, n);
	assert_int_equal(cx.nwarns, warns);
	ks_ctx_release(&cx);
}

static void test_classic(void **state)
{
	static const struct lk_want w[] = {
		{ "@babel/helper-regex", "7.4.4", U, "4-9", "lodash@4.17.11", false, NULL },
		{ "ansi-regex", "2.1.1", U, "11-14", NULL, false, NULL },
		{ "ansi-regex", "3.0.0", U, "16-19", NULL, false, NULL },
		{ "asap", "2.0.6", U, "21-24", NULL, false, NULL },
		{ "inherits", "2.0.3", U, "26-29", NULL, false, NULL },
		{ "is-fullwidth-code-point", "2.0.0", U, "31-34", NULL, false, NULL },
		{ "jquery", "3.4.1", U, "41-44", NULL, false, NULL },
		{ "js-tokens", "4.0.0", U, "36-39", NULL, false, NULL },
		{ "lodash", "4.17.11", U, "46-49", NULL, false, NULL },
		{ "promise", "8.0.3", U, "51-56", "asap@2.0.6", false, NULL },
		{ "safe-buffer", "5.1.2", U, "58-61", NULL, false, NULL },
		{ "safer-buffer", "2.1.2", U, "63-66", NULL, false, NULL },
		{ "statuses", "1.5.0", U, "68-71", NULL, false, NULL },
		{ "string-width", "2.1.1", U, "73-79",
			"is-fullwidth-code-point@2.0.0 strip-ansi@4.0.0", false, NULL },
		{ "strip-ansi", "3.0.1", U, "82-87", "ansi-regex@2.1.1", false, NULL },
		{ "strip-ansi", "4.0.0", U, "89-94", "ansi-regex@3.0.0", false, NULL },
		{ "whatwg-fetch", "3.0.0", U, "96-99", NULL, false, NULL },
		{ "wide-align", "1.1.3", U, "101-106", "string-width@2.1.1", false, NULL },
	};
	static const struct lk_want local[] = {
		{ "asap", "2.0.6", U, "5-8", NULL, false, NULL },
		{ "jquery", "3.4.1", U, "10-13", NULL, false, NULL },
		{ "promise", "8.0.3", U, "15-20", "asap@2.0.6", false, NULL },
	};
	static const struct lk_want npm[] = {
		{ "jquery", "3.6.0", U, "1-4", NULL, false, NULL },
	};
	static const struct lk_want bad[] = {
		{ "jquery", "3.4.1", U, "4-7", NULL, false, NULL },
	};

	(void)state;
	run_want(TP "yarn_happy.lock", w, sizeof(w) / sizeof(w[0]), 0);
	run_want(TP "yarn_with_local.lock", local, 3, 0);
	run_want(TP "yarn_with_npm.lock", npm, 1, 0);
	run_want(TP "yarn_with_git.lock", NULL, 0, 0);
	/* the entry with an unknown protocol is dropped with a warning */
	run_want(TP "yarn_with_bad_protocol.lock", bad, 1, 1);
}

static void test_berry(void **state)
{
	static const struct lk_want w[] = {
		{ "@types/color-name", "1.1.1", U, "8-13", NULL, false, NULL },
		{ "abbrev", "1.1.1", U, "15-20", NULL, false, NULL },
		{ "ansi-styles", "3.2.1", U, "22-29", "color-convert@1.9.3", false, NULL },
		{ "ansi-styles", "4.2.1", U, "31-39", "@types/color-name@1.1.1 color-convert@2.0.1",
			false, NULL },
		{ "assert-plus", "1.0.0", U, "41-46", NULL, false, NULL },
		{ "async", "3.2.0", U, "48-53", NULL, false, NULL },
		{ "color-convert", "1.9.3", U, "63-70", "color-name@1.1.3", false, NULL },
		{ "color-convert", "2.0.1", U, "72-79", "color-name@1.1.4", false, NULL },
		{ "color-name", "1.1.3", U, "81-86", NULL, false, NULL },
		{ "color-name", "1.1.4", U, "88-93", NULL, false, NULL },
		{ "ipaddr.js", "1.9.1", U, "104-109", NULL, false, NULL },
		{ "js-tokens", "4.0.0", U, "111-116", NULL, false, NULL },
		{ "loose-envify", "1.4.0", U, "118-127", "js-tokens@4.0.0", false, NULL },
		{ "node-gyp", "7.1.0", U, "129-136", NULL, false, NULL },
		{ "once", "1.4.0", U, "138-145", "wrappy@1.0.2", false, NULL },
		{ "wrappy", "1.0.2", U, "147-152", NULL, false, NULL },
	};
	static const struct lk_want proto[] = {
		{ "debug", "4.3.4", U, "16-26", "ms@2.1.2", false, NULL },
		{ "ms", "2.1.2", U, "28-33", NULL, false, NULL },
	};

	(void)state;
	run_want(TP "yarn_v2_happy.lock", w, sizeof(w) / sizeof(w[0]), 0);
	run_want(TP "yarn_v2_deps_with_protocol.lock", proto, 2, 0);
}

static int run_text(struct ks_ctx *cx, const char *text, struct ks_ares *a)
{
	return lk_run(cx, AN, "w/yarn.lock", text, strlen(text), a);
}

/* Trivy's pattern shapes: scoped names, protocols, ranges with blanks, odd ranges,
 * aliases, repeated name@version, CRLF text, dependencies of another protocol. */
static void test_rules(void **state)
{
	static const char classic[] =
		"# yarn lockfile v1\n"
		"\n"
		"\n"
		"\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.10.4\":\n"
		"  version \"7.10.4\"\n"
		"  dependencies:\n"
		"    \"js-tokens\" \"^3.0.0 || ^4.0.0\"\n"
		"    other \"git+https://x/y\"\n"
		"\n"
		"\"js-tokens@^3.0.0 || ^4.0.0\":\n"
		"  version \"4.0.0\"\n"
		"\n"
		"grunt-contrib-uglify-es@gruntjs/grunt-contrib-uglify#harmony:\n"
		"  version \"3.3.0\"\n"
		"\n"
		"\"string-width-cjs@npm:string-width@^4.2.0\":\n"
		"  version \"4.2.3\"\n"
		"  dependencies:\n"
		"    js-tokens \"^3.0.0 || ^4.0.0\"\n"
		"\n"
		"js-tokens@4:\n"
		"  version \"4.0.0\"\n";
	static const char crlf[] = "\"ms@npm:2.1.2\":\r\n  version: 2.1.2\r\n\r\n"
				   "\"debug@npm:4.3.4\":\r\n  version: 4.3.4\r\n  dependencies:\r\n"
				   "    ms: \"npm:2.1.2\"\r\n  languageName: node\r\n";
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(run_text(&cx, classic, &a), 0);
	assert_int_equal(a.npkgs, 4);
	p = lk_find(&a, "@babel/code-frame", "7.10.4");
	assert_int_equal(p->locs[0].start, 4);
	assert_int_equal(p->locs[0].end, 8);
	assert_int_equal(p->depends_on.n, 1);
	assert_string_equal(p->depends_on.v[0], "js-tokens@4.0.0");
	p = lk_find(&a, "js-tokens", "4.0.0");
	assert_int_equal(p->nlocs, 2);
	assert_int_equal(p->locs[0].start, 10);
	assert_int_equal(p->locs[1].start, 21);
	assert_non_null(lk_find(&a, "grunt-contrib-uglify-es", "3.3.0"));
	p = lk_find(&a, "string-width-cjs", "4.2.3");
	assert_non_null(p);
	assert_string_equal(p->depends_on.v[0], "js-tokens@4.0.0");
	assert_int_equal(run_text(&cx, crlf, &a), 0);
	assert_int_equal(a.npkgs, 2);
	p = lk_find(&a, "debug", "4.3.4");
	assert_int_equal(p->locs[0].start, 4);
	assert_int_equal(p->locs[0].end, 8);
	assert_string_equal(p->depends_on.v[0], "ms@2.1.2");
	/* a malformed version line drops its entry with a warning */
	assert_int_equal(run_text(&cx, "a@1:\n  version\n\nb@1:\n  version \"1\"\n", &a), 0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].name, "b");
	assert_int_equal(lk_nwarns(&cx, "malformed version"), 1);
	/* comments only, or nothing, is an empty lock file */
	assert_int_equal(run_text(&cx, "# yarn lockfile v1\n\n", &a), 0);
	assert_int_equal(a.npkgs, 0);
	assert_int_equal(run_text(&cx, "", &a), 0);
	ks_ctx_release(&cx);
}

static void test_syft(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN,
				 "fixtures/syft-fixtures/javascript/yarn-dups/yarn.lock",
				 "yarn.lock", &a),
		0);
	assert_non_null(lk_find(&a, "resize-observer-polyfill", "1.5.2"));
	assert_non_null(lk_find(&a, "async", "0.9.2"));
	assert_null(lk_find(&a, "should-type", "1.3.0"));
	assert_int_equal(lk_nwarns(&cx, "unsupported protocol"), 1);
	assert_int_equal(lk_run_shared(&cx, AN,
				 "fixtures/syft-fixtures/javascript/yarn-berry/yarn.lock",
				 "yarn.lock", &a),
		0);
	assert_true(a.npkgs > 5);
	ks_ctx_release(&cx);
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = { "just some text\n", "{\"a\": 1}",
		"  version \"1\"\n  resolved \"x\"\n" };
	struct ks_ctx cx;
	struct ks_ares a;
	char *big;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tu_ctx(&cx);
		lk_expect_err(&cx, run_text(&cx, bad[i], &a), KS_ECORRUPT, "w/yarn.lock", NULL);
		ks_ctx_release(&cx);
	}
	tu_ctx(&cx);
	lk_expect_err(&cx, lk_run(&cx, AN, "w/yarn.lock", "a@1:\n\0", 6, &a), KS_ECORRUPT,
		"w/yarn.lock", "NUL");
	big = malloc(70000);
	assert_non_null(big);
	memcpy(big, "a@1:\n  dependencies:\n", 21);
	for (i = 21; i + 12 <= 70000; i += 12)
		memcpy(big + i, "    b \"1\"  \n", 12);
	lk_expect_err(&cx, lk_run(&cx, AN, "w/yarn.lock", big, i, &a), KS_ECORRUPT, "w/yarn.lock",
		"64 KiB");
	free(big);
	ks_ctx_release(&cx);
}

/* One package at many patterns stays one package with every location, in linear time. */
static void test_many_duplicates(void **state)
{
	const size_t n = 20000;
	struct ks_buf b;
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i;

	(void)state;
	ks_buf_init(&b, 1u << 26);
	for (i = 0; i < n; i++)
		assert_int_equal(ks_buf_addf(&b, "a@^%zu:\n  version \"1.0.0\"\n\n", i), 0);
	tu_ctx(&cx);
	assert_int_equal(lk_run(&cx, AN, "yarn.lock", b.p, b.n, &a), 0);
	assert_int_equal(a.npkgs, 1);
	assert_int_equal(a.pkgs[0].nlocs, n);
	assert_int_equal(a.pkgs[0].locs[n - 1].start, 3 * (n - 1) + 1);
	ks_ctx_release(&cx);
	ks_buf_release(&b);
}

static void test_mangled(void **state)
{
	struct ks_ctx cx;
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_shared(TP "yarn_v2_happy.lock"), &n);
	tu_ctx(&cx);
	assert_true(lk_mangle(&cx, AN, "m/yarn.lock", data, n) > 0);
	ks_ctx_release(&cx);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_classic),
		cmocka_unit_test(test_berry),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_syft),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_many_duplicates),
		cmocka_unit_test(test_mangled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
