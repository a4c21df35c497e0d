/*
 * test_gradle.c - the gradle lockfile analyzer on Trivy's parser and analyzer fixtures
 * and the integration repository's lock file (expected lists from Trivy's tests and the
 * rules they encode), duplicates, odd lines, NUL bytes and mangled copies.
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

static void test_trivy_parser_happy(void **state)
{
	/* Trivy's happy.lockfile expectation plus the junit line its newer copy adds */
	static const struct lk_want want[] = {
		{ "cglib:cglib-nodep", "2.1.2", KS_REL_UNKNOWN, "4-4", NULL, false, NULL },
		{ "junit:junit", "4.13.2", KS_REL_UNKNOWN, "5-5", NULL, false, NULL },
		{ "org.springframework:spring-asm", "3.1.3.RELEASE", KS_REL_UNKNOWN, "6-6", NULL,
			false, NULL },
		{ "org.springframework:spring-beans", "5.0.5.RELEASE", KS_REL_UNKNOWN, "7-7", NULL,
			false, NULL },
	};
	struct ks_ares a;

	(void)state;
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_gradle,
				 "fixtures/lockfiles/trivy/parser/gradle/lockfile/happy.lockfile",
				 "gradle.lockfile", &a),
		0);
	lk_expect(&a, want, 4);
}

static void test_trivy_analyzer_and_integration(void **state)
{
	static const struct lk_want happy[] = {
		{ "junit:junit", "4.13", KS_REL_UNKNOWN, "4-4", NULL, false, NULL },
		{ "org.hamcrest:hamcrest-core", "1.3", KS_REL_UNKNOWN, "5-5", NULL, false, NULL },
	};
	static const struct lk_want repo[] = {
		{ "com.fasterxml.jackson.core:jackson-databind", "2.9.1", KS_REL_UNKNOWN, "4-4",
			NULL, false, NULL },
	};
	struct ks_ares a;

	(void)state;
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_gradle,
				 "fixtures/lockfiles/trivy/analyzer/java/gradle/lockfiles/happy/"
				 "gradle.lockfile",
				 "gradle.lockfile", &a),
		0);
	lk_expect(&a, happy, 2);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_gradle,
				 "fixtures/lockfiles/trivy-integration-repo/gradle/gradle.lockfile",
				 "gradle.lockfile", &a),
		0);
	lk_expect(&a, repo, 1);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_gradle,
				 "fixtures/lockfiles/trivy/parser/gradle/lockfile/empty.lockfile",
				 "gradle.lockfile", &a),
		0);
	assert_int_equal(a.npkgs, 0);
}

static void test_odd_lines(void **state)
{
	static const char text[] = "a:b:1.0=x\r\n"
				   "a:b:1.0=y\n"
				   "too:many:parts:here=x\n"
				   "two:parts=x\n"
				   "\t g:a:2.0 \n"
				   "g:e:=x\n"
				   "#c:d:1=x\n"
				   "n:\0ul:1=x\n";
	static const struct lk_want want[] = {
		{ "a:b", "1.0", KS_REL_UNKNOWN, "1-1,2-2", NULL, false, NULL },
		{ "g:a", "2.0", KS_REL_UNKNOWN, "5-5", NULL, false, NULL },
		{ "g:e", "", KS_REL_UNKNOWN, "6-6", NULL, false, NULL },
	};
	struct ks_ares a;

	(void)state;
	assert_int_equal(lk_run(&cx, &ks_analyzer_gradle, "x/gradle.lockfile", text,
				 sizeof(text) - 1, &a),
		0);
	lk_expect(&a, want, 3);
	assert_int_equal(lk_nwarns(&cx, "NUL"), 1);
}

static void test_mangled_and_wants(void **state)
{
	size_t n;
	uint8_t *data = tu_read(tu_shared("fixtures/lockfiles/trivy/parser/gradle/lockfile/"
					  "happy.lockfile"),
		&n);

	(void)state;
	lk_mangle(&cx, &ks_analyzer_gradle, "gradle.lockfile", data, n);
	free(data);
	assert_true(ks_analyzer_gradle.wants("app/gradle.lockfile", 19));
	assert_true(ks_analyzer_gradle.wants("buildscript-gradle.lockfile", 27));
	assert_false(ks_analyzer_gradle.wants("gradle.lockfile.bak", 19));
	assert_int_equal(ks_analyzer_gradle.modes, KS_MODE_PRE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy_parser_happy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_analyzer_and_integration, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_odd_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mangled_and_wants, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
