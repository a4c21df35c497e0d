/* test_poetry.c - the poetry analyzer (lib/analyze/poetry.c) and its pyproject.toml step:
 * the integration golden for trivy-integration-repo/poetry field by field, Trivy's
 * parser and analyzer expectations (dev packages from category and groups, DependsOn
 * through version constraints, direct/indirect from pyproject.toml in both formats),
 * constraint corner cases, and corrupt inputs. */
#include "testutil.h"

#include "analyze/python.h"
#include "pykit.h"

static const struct ks_analyzer *an = &ks_analyzer_poetry;

/* Applies the shared pyproject.toml rel to lock; returns the code. */
static int pyproject(struct ks_ctx *cx, struct ks_ares *lock, const char *rel)
{
	size_t n;
	uint8_t *d = tu_read(tu_shared(rel), &n);
	struct ks_file f = {.path = "pyproject.toml", .data = d, .size = n};
	int r;

	ks_err_clear(&cx->err);
	r = ks_poetry_pyproject(cx, lock, &f);
	free(d);
	return r;
}

/* Checks a package's version, dev flag, relationship and sorted DependsOn. */
static void expect(const struct ks_ares *out, const char *name, const char *version, bool dev,
        int rel, const char *const *deps)
{
	const struct ks_pkg *p = pk_find(out, name, version);
	size_t n = 0;

	if (p == NULL)
		fail_msg("no %s %s", name, version);
	if (p->dev != dev || p->relationship != rel)
		fail_msg("%s: dev %d rel %d, want %d %d", name, p->dev, p->relationship, dev, rel);
	while (deps != NULL && deps[n] != NULL)
		n++;
	if (p->depends_on.n != n)
		fail_msg("%s: %zu deps, want %zu", name, p->depends_on.n, n);
	for (n = 0; n < p->depends_on.n; n++)
		assert_string_equal(p->depends_on.v[n], deps[n]);
}

#define DEPS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_wants(void **state)
{
	(void)state;
	assert_true(an->wants("poetry.lock", 11));
	assert_true(an->wants("x/poetry.lock", 13));
	assert_false(an->wants("x/pyproject.toml", 16));
	assert_false(an->wants("x/mypoetry.lock", 15));
	assert_int_equal(an->modes, KS_MODE_PRE);
}

static void test_golden(void **state)
{
	const char *dir = "fixtures/lockfiles/trivy-integration-repo/poetry/";
	struct ks_ctx cx;
	struct ks_ares out;
	char rel[256];

	(void)state;
	tu_ctx(&cx);
	snprintf(rel, sizeof(rel), "%spoetry.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "poetry.lock", &out), 0);
	snprintf(rel, sizeof(rel), "%spyproject.toml", dir);
	assert_int_equal(pyproject(&cx, &out, rel), 0);
	pk_golden(&cx, "fixtures/goldens/trivy/integration/poetry.json.golden", "poetry.lock", an,
	        &out, false);
	ks_ctx_release(&cx);
}

/* Trivy's parser test inputs: v1 (category) and v2 (groups) give the same packages. */
static void test_trivy_parser(void **state)
{
	static const char *const files[] = {"poetry_flask.lock", "poetry_v2_flask.lock"};
	static const char *const dev[] = {
	        "atomicwrites", "attrs", "more-itertools", "packaging", "py", "pytest", "wcwidth"};
	struct ks_ctx cx;
	struct ks_ares out;
	char rel[256];
	size_t i, j;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(
	        pk_run(&cx, an, "fixtures/lockfiles/trivy/parser/python/poetry/poetry_normal.lock",
	                "poetry.lock", &out),
	        0);
	assert_int_equal(out.npkgs, 1);
	expect(&out, "pypi", "2.1", false, KS_REL_UNKNOWN, NULL);
	for (i = 0; i < 2; i++) {
		snprintf(rel, sizeof(rel), "fixtures/lockfiles/trivy/parser/python/poetry/%s",
		        files[i]);
		assert_int_equal(pk_run(&cx, an, rel, "poetry.lock", &out), 0);
		assert_int_equal(out.npkgs, 15);
		for (j = 0; j < sizeof(dev) / sizeof(dev[0]); j++)
			assert_true(pk_find(&out, dev[j], NULL)->dev);
		expect(&out, "click", "8.1.8", false, KS_REL_UNKNOWN, DEPS("colorama@0.4.6"));
		expect(&out, "flask", "1.0.3", false, KS_REL_UNKNOWN,
		        DEPS("click@8.1.8", "itsdangerous@2.2.0", "jinja2@3.1.5",
		                "werkzeug@3.1.3"));
		expect(&out, "jinja2", "3.1.5", false, KS_REL_UNKNOWN, DEPS("markupsafe@3.0.2"));
		expect(&out, "pluggy", "0.13.1", false, KS_REL_UNKNOWN, NULL);
		expect(&out, "pytest", "5.4.3", true, KS_REL_UNKNOWN,
		        DEPS("atomicwrites@1.4.1", "attrs@25.1.0", "colorama@0.4.6",
		                "more-itertools@10.6.0", "packaging@24.2", "pluggy@0.13.1",
		                "py@1.11.0", "wcwidth@0.2.13"));
	}
	ks_ctx_release(&cx);
}

/* Trivy's analyzer test directories: poetry.lock with and without pyproject.toml. */
static void test_trivy_analyzer(void **state)
{
	const char *dir = "fixtures/lockfiles/trivy/analyzer/python/poetry/";
	struct ks_ctx cx;
	struct ks_ares out;
	char rel[256];

	(void)state;
	tu_ctx(&cx);
	snprintf(rel, sizeof(rel), "%shappy/poetry.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "poetry.lock", &out), 0);
	snprintf(rel, sizeof(rel), "%shappy/pyproject.toml", dir);
	assert_int_equal(pyproject(&cx, &out, rel), 0);
	assert_int_equal(out.npkgs, 11);
	expect(&out, "flask", "1.1.4", false, KS_REL_DIRECT,
	        DEPS("click@7.1.2", "itsdangerous@1.1.0", "jinja2@2.11.3", "werkzeug@1.0.1"));
	expect(&out, "requests", "2.28.1", false, KS_REL_DIRECT,
	        DEPS("certifi@2022.12.7", "charset-normalizer@2.1.1", "idna@3.4",
	                "urllib3@1.26.14"));
	expect(&out, "jinja2", "2.11.3", false, KS_REL_INDIRECT, DEPS("markupsafe@2.1.2"));
	expect(&out, "certifi", "2022.12.7", false, KS_REL_INDIRECT, NULL);

	/* no pyproject.toml: relationships unknown */
	snprintf(rel, sizeof(rel), "%sno-pyproject/poetry.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "poetry.lock", &out), 0);
	assert_int_equal(out.npkgs, 2);
	expect(&out, "click", "8.1.3", false, KS_REL_UNKNOWN, DEPS("colorama@0.4.6"));
	expect(&out, "colorama", "0.4.6", false, KS_REL_UNKNOWN, NULL);

	/* a broken pyproject.toml leaves the lock result as it was */
	snprintf(rel, sizeof(rel), "%swrong-pyproject/poetry.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "poetry.lock", &out), 0);
	snprintf(rel, sizeof(rel), "%swrong-pyproject/pyproject.toml", dir);
	assert_int_equal(pyproject(&cx, &out, rel), KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "poetry: 'pyproject.toml': line 1: "));
	expect(&out, "click", "8.1.3", false, KS_REL_UNKNOWN, DEPS("colorama@0.4.6"));

	/* optional groups: colorama is a direct dependency of the test group only */
	snprintf(rel, sizeof(rel), "%soptional-groups/poetry.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "poetry.lock", &out), 0);
	snprintf(rel, sizeof(rel), "%soptional-groups/pyproject.toml", dir);
	assert_int_equal(pyproject(&cx, &out, rel), 0);
	expect(&out, "click", "8.1.3", false, KS_REL_DIRECT, DEPS("colorama@0.4.6"));
	expect(&out, "colorama", "0.4.6", false, KS_REL_DIRECT, NULL);

	/* groups: dev and lint packages are direct but development-only */
	snprintf(rel, sizeof(rel), "%swith-groups/poetry.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "poetry.lock", &out), 0);
	snprintf(rel, sizeof(rel), "%swith-groups/pyproject.toml", dir);
	assert_int_equal(pyproject(&cx, &out, rel), 0);
	assert_int_equal(pk_find(&out, "requests", NULL)->relationship, KS_REL_DIRECT);
	assert_false(pk_find(&out, "requests", NULL)->dev);
	assert_int_equal(pk_find(&out, "pytest", NULL)->relationship, KS_REL_DIRECT);
	assert_true(pk_find(&out, "pytest", NULL)->dev);
	assert_true(pk_find(&out, "ruff", NULL)->dev);
	assert_false(pk_find(&out, "idna", NULL)->dev); /* reachable from requests */
	assert_int_equal(pk_find(&out, "idna", NULL)->relationship, KS_REL_INDIRECT);

	/* PEP 621 [project] dependencies, names normalised ("Flask (==1.0.3)") */
	snprintf(rel, sizeof(rel), "%shappy-v2/poetry.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "poetry.lock", &out), 0);
	snprintf(rel, sizeof(rel), "%shappy-v2/pyproject.toml", dir);
	assert_int_equal(pyproject(&cx, &out, rel), 0);
	assert_int_equal(pk_find(&out, "flask", NULL)->relationship, KS_REL_DIRECT);
	assert_false(pk_find(&out, "flask", NULL)->dev);
	assert_int_equal(pk_find(&out, "pluggy", NULL)->relationship, KS_REL_DIRECT);
	assert_int_equal(pk_find(&out, "pytest", NULL)->relationship, KS_REL_DIRECT);
	assert_true(pk_find(&out, "pytest", NULL)->dev);
	assert_int_equal(pk_find(&out, "click", NULL)->relationship, KS_REL_INDIRECT);
	assert_false(pk_find(&out, "click", NULL)->dev);

	/* broken poetry.lock */
	snprintf(rel, sizeof(rel), "%ssad/poetry.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "sad/poetry.lock", &out), KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "poetry: 'sad/poetry.lock': line "));
	ks_ctx_release(&cx);
}

/* Constraint corner cases: "*", tables, marker arrays, no match, bad specifier, several
 * locked versions of one name, unknown names. */
static void test_constraints(void **state)
{
	static const char lock[] = "[[package]]\nname = \"app\"\nversion = \"1.0\"\n"
	                           "[package.dependencies]\n"
	                           "Star_Dep = \"*\"\n"
	                           "tab = {version = \">=2.0\", markers = \"x\"}\n"
	                           "multi = [{version = \"<1.0\", markers = \"a\"}, {version = "
	                           "\">=3\", markers = \"b\"}]\n"
	                           "none = \">=9\"\n"
	                           "bad = \"^1.2\"\n"
	                           "nover = {git = \"https://x\"}\n"
	                           "two = \">=1.5\"\n"
	                           "ghost = \"*\"\n"
	                           "pre = \">=1.0\"\n"
	                           "\n[[package]]\nname = \"star-dep\"\nversion = \"0.1\"\n"
	                           "[[package]]\nname = \"tab\"\nversion = \"2.1\"\n"
	                           "[[package]]\nname = \"multi\"\nversion = \"3.0\"\n"
	                           "[[package]]\nname = \"none\"\nversion = \"1.0\"\n"
	                           "[[package]]\nname = \"bad\"\nversion = \"1.3\"\n"
	                           "[[package]]\nname = \"nover\"\nversion = \"1.0\"\n"
	                           "[[package]]\nname = \"two\"\nversion = \"1.0\"\n"
	                           "[[package]]\nname = \"two\"\nversion = \"2.0\"\n"
	                           "[[package]]\nname = \"pre\"\nversion = \"2.0rc1\"\n";
	struct ks_ctx cx;
	struct ks_ares out;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(pk_run_mem(&cx, an, lock, sizeof(lock) - 1, "poetry.lock", &out), 0);
	assert_int_equal(out.npkgs, 10);
	expect(&out, "app", "1.0", false, KS_REL_UNKNOWN,
	        DEPS("multi@3.0", "pre@2.0rc1", "star-dep@0.1", "tab@2.1", "two@2.0"));
	ks_ctx_release(&cx);
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {"package = 1\n", "package = [1]\n",
	        "[[package]]\nname = 1\n", "[[package]]\nversion = [\"1\"]\n",
	        "[[package]]\ncategory = true\n", "[[package]\n", "a = \n"};
	static const char *const bad_pyproject[] = {"[project]\ndependencies = [1]\n",
	        "[project]\ndependencies = \"x\"\n", "[project]\ndependencies = [\"  \"]\n",
	        "[tool.poetry.group.dev]\ndependencies = 3\n",
	        "[project]\noptional-dependencies = 1\n"};
	const char *rel = "fixtures/lockfiles/trivy/parser/python/poetry/poetry_v2_flask.lock";
	struct ks_ctx cx;
	struct ks_ares out;
	size_t i, n, cut;
	uint8_t *d;

	(void)state;
	tu_shared(rel); /* skips before anything is allocated */
	tu_ctx(&cx);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (pk_run_mem(&cx, an, bad[i], strlen(bad[i]), "p/poetry.lock", &out) !=
		        KS_ECORRUPT)
			fail_msg("accepted: %s", bad[i]);
		assert_true(strncmp(cx.err.msg, "poetry: 'p/poetry.lock': ", 25) == 0);
	}
	assert_int_equal(pk_run(&cx, an, rel, "poetry.lock", &out), 0);
	for (i = 0; i < sizeof(bad_pyproject) / sizeof(bad_pyproject[0]); i++) {
		struct ks_file f = {.path = "pyproject.toml",
		        .data = (const uint8_t *)bad_pyproject[i],
		        .size = strlen(bad_pyproject[i])};

		if (ks_poetry_pyproject(&cx, &out, &f) != KS_ECORRUPT)
			fail_msg("pyproject accepted: %s", bad_pyproject[i]);
		assert_int_equal(out.pkgs[0].relationship, KS_REL_UNKNOWN);
	}
	/* truncations of a real lock file: never a crash, corrupt or a prefix of packages */
	d = tu_read(tu_shared(rel), &n);
	for (cut = 0; cut < n; cut += 13) {
		int r = pk_run_mem(&cx, an, d, cut, "poetry.lock", &out);

		assert_true(r == 0 || r == KS_ECORRUPT);
		assert_true(out.npkgs <= 15);
	}
	free(d);
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wants),
	        cmocka_unit_test(test_golden),
	        cmocka_unit_test(test_trivy_parser),
	        cmocka_unit_test(test_trivy_analyzer),
	        cmocka_unit_test(test_constraints),
	        cmocka_unit_test(test_corrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
