/* test_pipenv.c - the pipenv analyzer (lib/analyze/pipenv.c): Trivy's Pipfile.lock
 * parser expectations (names, versions, line ranges) on Trivy's test inputs, develop
 * packages marked dev, syft's input, and malformed or truncated files. */
#include "testutil.h"

#include "pykit.h"

static const struct ks_analyzer *an = &ks_analyzer_pipenv;

struct want {
	const char *name, *version;
	unsigned start, end;
};

static void check(const struct ks_ares *out, const struct want *w, size_t n, const char *what)
{
	size_t i;

	if (out->npkgs != n)
		fail_msg("%s: %zu packages, want %zu", what, out->npkgs, n);
	for (i = 0; i < n; i++) {
		const struct ks_pkg *p = pk_find(out, w[i].name, NULL);

		if (p == NULL)
			fail_msg("%s: no %s", what, w[i].name);
		if (strcmp(p->version, w[i].version) != 0 || p->nlocs != 1 ||
		        p->locs[0].start != w[i].start || p->locs[0].end != w[i].end)
			fail_msg("%s: %s %s %u-%u, want %s %u-%u", what, p->name, p->version,
			        p->locs[0].start, p->locs[0].end, w[i].version, w[i].start,
			        w[i].end);
		assert_false(p->dev);
	}
}

static void test_wants(void **state)
{
	(void)state;
	assert_true(an->wants("Pipfile.lock", 12));
	assert_true(an->wants("a/b/Pipfile.lock", 16));
	assert_false(an->wants("a/Pipfile", 9));
	assert_false(an->wants("a/xPipfile.lock", 15));
	assert_int_equal(an->modes, KS_MODE_PRE);
}

/* Trivy's pkg/dependency/parser/python/pipenv parse_testcase.go. */
static void test_trivy_parser(void **state)
{
	static const struct want normal[] = {{"urllib3", "1.24.2", 65, 71},
	        {"requests", "2.21.0", 57, 64}, {"pyyaml", "5.1", 40, 56}, {"idna", "2.8", 33, 39},
	        {"chardet", "3.0.4", 26, 32}, {"certifi", "2019.3.9", 19, 25}};
	static const struct want django[] = {{"urllib3", "1.24.2", 95, 101},
	        {"sqlparse", "0.3.0", 88, 94}, {"requests", "2.21.0", 80, 87},
	        {"pyyaml", "5.1", 63, 79}, {"pytz", "2019.1", 56, 62}, {"idna", "2.8", 49, 55},
	        {"djangorestframework", "3.9.3", 41, 48}, {"django", "2.2", 33, 40},
	        {"chardet", "3.0.4", 26, 32}, {"certifi", "2019.3.9", 19, 25}};
	static const struct want many[] = {{"urllib3", "1.24.2", 237, 244},
	        {"sqlparse", "0.3.0", 230, 236}, {"six", "1.12.0", 222, 229},
	        {"simplejson", "3.16.0", 204, 221}, {"s3transfer", "0.2.0", 197, 203},
	        {"rsa", "3.4.2", 190, 196}, {"requests", "2.21.0", 182, 189},
	        {"pyyaml", "3.13", 165, 181}, {"pytz", "2019.1", 158, 164},
	        {"python-dateutil", "2.8.0", 150, 157}, {"pyasn1", "0.4.5", 142, 149},
	        {"markupsafe", "1.1.1", 109, 141}, {"jmespath", "0.9.4", 102, 108},
	        {"jinja2", "2.10.1", 94, 101}, {"idna", "2.8", 87, 93},
	        {"framework", "0.1.0", 80, 86}, {"docutils", "0.14", 72, 79},
	        {"djangorestframework", "3.9.3", 64, 71}, {"django", "2.2", 56, 63},
	        {"colorama", "0.3.9", 49, 55}, {"chardet", "3.0.4", 42, 48},
	        {"certifi", "2019.3.9", 35, 41}, {"botocore", "1.12.137", 27, 34},
	        {"awscli", "1.16.147", 19, 26}};
	struct ks_ctx cx;
	struct ks_ares out;
	const char *dir = "fixtures/lockfiles/trivy/parser/python/pipenv/";
	char rel[256];

	(void)state;
	tu_ctx(&cx);
	snprintf(rel, sizeof(rel), "%sPipfile_normal.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "Pipfile.lock", &out), 0);
	check(&out, normal, 6, "normal");
	snprintf(rel, sizeof(rel), "%sPipfile_django.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "Pipfile.lock", &out), 0);
	check(&out, django, 10, "django");
	snprintf(rel, sizeof(rel), "%sPipfile_many.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "Pipfile.lock", &out), 0);
	check(&out, many, 24, "many");
	ks_ctx_release(&cx);
}

/* syft's fixture has two develop packages: kept, marked dev. */
static void test_develop(void **state)
{
	static const char both[] = "{\"default\": {\"a\": {\"version\": \"==1.0\"}},\n"
	                           " \"develop\": {\"a\": {\"version\": \"==2.0\"},\n"
	                           "  \"b\": {\"version\": \"===3\"}, \"c\": {}, \"d\": null}}";
	struct ks_ctx cx;
	struct ks_ares out;
	const struct ks_pkg *p;
	size_t i, dev = 0;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(pk_run(&cx, an, "fixtures/syft-fixtures/python/pipfile-lock/Pipfile.lock",
	                         "Pipfile.lock", &out),
	        0);
	assert_int_equal(out.npkgs, 6);
	for (i = 0; i < out.npkgs; i++)
		dev += out.pkgs[i].dev;
	assert_int_equal(dev, 2);
	assert_non_null(p = pk_find(&out, "astroid", "2.5.2"));
	assert_true(p->dev);
	assert_int_equal(pk_run_mem(&cx, an, both, sizeof(both) - 1, "Pipfile.lock", &out), 0);
	assert_int_equal(out.npkgs, 3);
	assert_non_null(p = pk_find(&out, "a", "1.0")); /* "default" wins */
	assert_false(p->dev);
	assert_non_null(p = pk_find(&out, "b", "3"));
	assert_true(p->dev);
	assert_int_equal(p->locs[0].start, 3);
	assert_non_null(p = pk_find(&out, "c", "")); /* no version: kept, as Trivy */
	ks_ctx_release(&cx);
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {"", "[]", "{\"default\": []}",
	        "{\"default\": {\"a\": \"1.0\"}}", "{\"default\": {\"a\": {\"version\": 1}}}",
	        "{\"default\": {\"a\": {\"version\": \"1\"}}", "{\"default\": {\"\\x\": {}}}"};
	const char *rel = "fixtures/lockfiles/trivy/parser/python/pipenv/Pipfile_many.lock";
	struct ks_ctx cx;
	struct ks_ares out;
	size_t i, n, cut;
	uint8_t *d;

	(void)state;
	tu_shared(rel); /* skips before anything is allocated */
	tu_ctx(&cx);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (pk_run_mem(&cx, an, bad[i], strlen(bad[i]), "x/Pipfile.lock", &out) !=
		        KS_ECORRUPT)
			fail_msg("accepted: %s", bad[i]);
		assert_true(strncmp(cx.err.msg, "pipenv: 'x/Pipfile.lock': ", 26) == 0);
	}
	/* every truncation of a real file is corrupt, with a line number */
	d = tu_read(tu_shared(rel), &n);
	for (cut = 0; cut < n - 2; cut += 7) {
		assert_int_equal(pk_run_mem(&cx, an, d, cut, "Pipfile.lock", &out), KS_ECORRUPT);
		assert_non_null(strstr(cx.err.msg, ": line "));
	}
	free(d);
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wants),
	        cmocka_unit_test(test_trivy_parser),
	        cmocka_unit_test(test_develop),
	        cmocka_unit_test(test_corrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
