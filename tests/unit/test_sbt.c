/*
 * test_sbt.c - the sbt lockfile analyzer on Trivy's parser, analyzer and integration
 * fixtures (expected lists from Trivy's parser test), configuration filtering, fields of
 * the wrong type, malformed and mangled documents.
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

/* Trivy's TestParser_Parse "v1 happy path". */
static void test_trivy_happy(void **state)
{
	static const struct lk_want want[] = {
		{ "org.apache.commons:commons-lang3", "3.9", KS_REL_UNKNOWN, "10-25", NULL, false,
			NULL },
		{ "org.scala-lang:scala-library", "2.12.10", KS_REL_UNKNOWN, "26-41", NULL, false,
			NULL },
		{ "org.typelevel:cats-core_2.12", "2.9.0", KS_REL_UNKNOWN, "42-57", NULL, false,
			NULL },
	};
	struct ks_ares a;

	(void)state;
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_sbt,
				 "fixtures/lockfiles/trivy/parser/sbt/lockfile/v1_happy.sbt.lock",
				 "build.sbt.lock", &a),
		0);
	lk_expect(&a, want, 3);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_sbt,
				 "fixtures/lockfiles/trivy/parser/sbt/lockfile/empty.sbt.lock",
				 "build.sbt.lock", &a),
		0);
	assert_int_equal(a.npkgs, 0);
}

static void test_analyzer_and_integration(void **state)
{
	static const struct lk_want repo[] = {
		{ "com.fasterxml.jackson.core:jackson-databind", "2.9.1", KS_REL_UNKNOWN, "12-27",
			NULL, false, NULL },
	};
	struct ks_ares a;

	(void)state;
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_sbt,
				 "fixtures/lockfiles/trivy-integration-repo/sbt/build.sbt.lock",
				 "build.sbt.lock", &a),
		0);
	lk_expect(&a, repo, 1);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_sbt,
				 "fixtures/lockfiles/trivy/analyzer/java/sbt/v1/build.sbt.lock",
				 "build.sbt.lock", &a),
		0);
	assert_true(a.npkgs > 0);
}

static void test_types(void **state)
{
	static const char *const bad[] = { "[]", "{\"dependencies\":{}}",
		"{\"dependencies\":[1]}", "{\"dependencies\":[{\"org\":1}]}",
		"{\"dependencies\":[{\"configurations\":\"compile\"}]}",
		"{\"dependencies\":[{\"configurations\":[1]}]}", "{\"lockVersion\":\"1\"}",
		"{\"dependencies\":[", "" };
	static const char ok[] = "{\"lockVersion\":null,\"x\":[1],\"dependencies\":[\n"
				 "{\"org\":\"o\",\"name\":\"n\",\"version\":\"1\","
				 "\"configurations\":[null,\"runtime\"]},\n"
				 "{\"org\":\"o\",\"name\":\"t\",\"version\":\"1\","
				 "\"configurations\":[\"test\"]},\n"
				 "{\"name\":\"bare\",\"configurations\":[\"compile\"]}]}";
	static const struct lk_want want[] = {
		{ "o:n", "1", KS_REL_UNKNOWN, "2-2", NULL, false, NULL },
		{ ":bare", "", KS_REL_UNKNOWN, "4-4", NULL, false, NULL },
	};
	struct ks_ares a;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = lk_run(&cx, &ks_analyzer_sbt, "p/build.sbt.lock", bad[i], strlen(bad[i]), &a);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "'p/build.sbt.lock'", NULL);
	}
	assert_int_equal(lk_run(&cx, &ks_analyzer_sbt, "build.sbt.lock", ok, strlen(ok), &a), 0);
	lk_expect(&a, want, 2);
}

static void test_mangled_and_wants(void **state)
{
	size_t n;
	uint8_t *data = tu_read(tu_shared("fixtures/lockfiles/trivy/parser/sbt/lockfile/"
					  "v1_happy.sbt.lock"),
		&n);

	(void)state;
	lk_mangle(&cx, &ks_analyzer_sbt, "build.sbt.lock", data, n);
	free(data);
	assert_true(ks_analyzer_sbt.wants("build.sbt.lock", 14));
	assert_true(ks_analyzer_sbt.wants("a/build.sbt.lock", 16));
	assert_false(ks_analyzer_sbt.wants("a/xbuild.sbt.lock", 17));
	assert_int_equal(ks_analyzer_sbt.modes, KS_MODE_PRE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy_happy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_analyzer_and_integration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mangled_and_wants, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
