/*
 * test_bun.c - the bun.lock analyzer (lib/analyze/bun.c): Trivy's parser cases (direct,
 * development and production reachability, workspaces, line locations), the integration
 * input, syft's lock files (comments and trailing commas, git packages, nested copies),
 * corrupt inputs.
 */
#include "testutil.h"
#include "langkit.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "util/buf.h"

#define AN (&ks_analyzer_bun)
#define TP "fixtures/lockfiles/trivy/parser/nodejs/bun/"
#define D KS_REL_DIRECT
#define I KS_REL_INDIRECT

static void test_wants(void **state)
{
	(void)state;
	assert_true(AN->wants("bun.lock", 8));
	assert_true(AN->wants("app/bun.lock", 12));
	assert_false(AN->wants("app/bun.lockb", 13));
	assert_int_equal(AN->modes, KS_MODE_PRE);
	assert_string_equal(AN->name, "bun");
}

static void run_want(const char *file, const struct lk_want *w, size_t n)
{
	struct ks_ctx cx;
	struct ks_ares a;

	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN, file, "bun.lock", &a), 0);
	lk_expect(&a, w, n);
	ks_ctx_release(&cx);
}

static void test_trivy(void **state)
{
	static const struct lk_want happy[] = {
		{ "@types/bun", "1.2.13", D, "18-18", "bun-types@1.2.13", true, NULL },
		{ "@types/node", "22.15.18", I, "20-20", "undici-types@6.21.0", true, NULL },
		{ "bun-types", "1.2.13", I, "22-22", "@types/node@22.15.18", true, NULL },
		{ "typescript", "5.8.3", D, "24-24", NULL, false, NULL },
		{ "undici-types", "6.21.0", I, "26-26", NULL, false, NULL },
		{ "zod", "3.24.4", D, "28-28", "undici-types@6.21.0", false, NULL },
	};
	/* workspaces take their version from the workspace */
	static const struct lk_want ws[] = {
		{ "chalk", "5.0.1", D, "23-23", NULL, false, NULL },
		{ "lodash", "4.17.21", D, "25-25", NULL, false, NULL },
		{ "my-app", "1.0.0", KS_REL_WORKSPACE, "27-27", NULL, false, NULL },
		{ "my-lib", "1.0.0", KS_REL_WORKSPACE, "29-29", NULL, false, NULL },
	};
	static const struct lk_want integ[] = {
		{ "@types/bun", "1.2.14", D, "18-18", "bun-types@1.2.14", true, NULL },
		{ "@types/node", "22.15.21", I, "20-20", "undici-types@6.21.0", true, NULL },
		{ "bun-types", "1.2.14", I, "22-22", "@types/node@22.15.21", true, NULL },
		{ "jquery", "3.3.1", D, "24-24", NULL, false, NULL },
		{ "typescript", "5.8.3", D, "26-26", NULL, false, NULL },
		{ "undici-types", "6.21.0", I, "28-28", NULL, true, NULL },
	};
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	run_want(TP "bun_happy.lock", happy, 6);
	run_want(TP "bun_multiple_ws.lock", ws, 4);
	run_want("fixtures/lockfiles/trivy-integration-repo/bun/bun.lock", integ, 6);
	tu_ctx(&cx);
	lk_expect_err(&cx, lk_run_shared(&cx, AN, TP "bun_invalid.lock", "i/bun.lock", &a),
		KS_ECORRUPT, "i/bun.lock", "lockfileVersion");
	ks_ctx_release(&cx);
}

static int run_text(struct ks_ctx *cx, const char *text, struct ks_ares *a)
{
	return lk_run(cx, AN, "b/bun.lock", text, strlen(text), a);
}

/* Comments, trailing commas, nested copies resolved from the inside out, git packages
 * whose metadata is the second element. */
static void test_rules(void **state)
{
	static const char doc[] =
		"{\n"
		"  // a comment, with \"quotes\" and a trailing comma,\n"
		"  \"lockfileVersion\": 1, /* block\n comment */\n"
		"  \"workspaces\": { \"\": { \"dependencies\": {\n"
		"    \"a\": \"1\", \"g\": \"github:x/y\", }, }, },\n"
		"  \"packages\": {\n"
		"    \"a\": [\"a@1.0.0\", \"\", { \"dependencies\": { \"b\": \"^1\" } },"
		" \"sha\"],\n"
		"    \"b\": [\"b@1.0.0\", \"\", {}, \"sha\"],\n"
		"    \"a/b\": [\"b@2.0.0\", \"\", { \"dependencies\": { \"c\": \"1\" } },"
		" \"sha\"],\n"
		"    \"c\": [\"c@3.0.0\"],\n"
		"    \"g\": [\"g@github:x/y#abc\", { \"dependencies\": { \"c\": \"1\" } },"
		" \"x-y-abc\", \"sha\"],\n"
		"    \"d\": [\"d@4.0.0\", \"\", {}, \"sha\"],\n"
		"  },\n"
		"}\n";
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	if (run_text(&cx, doc, &a) != 0)
		fail_msg("%s", cx.err.msg);
	assert_int_equal(a.npkgs, 6);
	p = lk_find(&a, "a", "1.0.0");
	assert_int_equal(p->depends_on.n, 1);
	assert_string_equal(p->depends_on.v[0], "b@2.0.0");
	assert_int_equal(p->locs[0].start, 8);
	assert_false(lk_find(&a, "b", "2.0.0")->dev);
	assert_false(lk_find(&a, "c", "3.0.0")->dev);
	assert_true(lk_find(&a, "b", "1.0.0")->dev);
	assert_true(lk_find(&a, "d", "4.0.0")->dev);
	p = lk_find(&a, "g", "github:x/y#abc");
	assert_non_null(p);
	assert_string_equal(p->depends_on.v[0], "c@3.0.0");
	ks_ctx_release(&cx);
}

static void test_syft(void **state)
{
	static const char *const files[] = { "bun/bun.lock", "bun-trailing-comma/bun.lock",
		"bun-variable-tuples/bun.lock" };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char rel[256];
		struct ks_ctx cx;
		struct ks_ares a;

		snprintf(rel, sizeof(rel), "fixtures/syft-fixtures/javascript/%s", files[i]);
		tu_ctx(&cx);
		if (lk_run_shared(&cx, AN, rel, "bun.lock", &a) != 0)
			fail_msg("%s: %s", files[i], cx.err.msg);
		assert_non_null(lk_find(&a, "axios", "1.6.0"));
		assert_int_equal(lk_find(&a, "axios", "1.6.0")->depends_on.n, 1);
		ks_ctx_release(&cx);
	}
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {
		"",
		"[]",
		"{\"lockfileVersion\": 1.5}",
		"{\"packages\": []}",
		"{\"packages\": {\"a\": []}}",
		"{\"packages\": {\"a\": [1]}}",
		"{\"packages\": {\"a\": {\"b\": 1}}}",
		"{\"workspaces\": {\"\": 1}}",
		"{\"workspaces\": {\"\": {\"dependencies\": {\"a\": 1}}}}",
		"{\"a\": 1} /* open",
		"{\"a\": 1 // x\n",
	};
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tu_ctx(&cx);
		lk_expect_err(&cx, run_text(&cx, bad[i], &a), KS_ECORRUPT, "b/bun.lock", NULL);
		ks_ctx_release(&cx);
	}
}

/* One package nested under many parents stays one package with every location. */
static void test_many_duplicates(void **state)
{
	const size_t n = 20000;
	struct ks_buf b;
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i;

	(void)state;
	ks_buf_init(&b, 1u << 26);
	assert_int_equal(ks_buf_adds(&b, "{\"lockfileVersion\": 1, \"packages\": {\n"), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(ks_buf_addf(&b, "\"p%zu/x\": [\"x@1.0.0\"],\n", i), 0);
	assert_int_equal(ks_buf_adds(&b, "}}\n"), 0);
	tu_ctx(&cx);
	assert_int_equal(lk_run(&cx, AN, "bun.lock", b.p, b.n, &a), 0);
	assert_int_equal(a.npkgs, 1);
	assert_int_equal(a.pkgs[0].nlocs, n);
	ks_ctx_release(&cx);
	ks_buf_release(&b);
}

static void test_mangled(void **state)
{
	struct ks_ctx cx;
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_shared(TP "bun_happy.lock"), &n);
	tu_ctx(&cx);
	/* no prefix is a complete document but the text without its final newline */
	assert_true(lk_mangle(&cx, AN, "m/bun.lock", data, n) <= 1);
	ks_ctx_release(&cx);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_trivy),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_syft),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_many_duplicates),
		cmocka_unit_test(test_mangled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
