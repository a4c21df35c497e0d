/* test_uv.c - the uv analyzer (lib/analyze/uv.c): Trivy's uv.lock parser expectations
 * (root/direct/indirect, development packages, DependsOn through extras and groups) on
 * Trivy's test input, the root rules, syft's inputs, and corrupt files. */
#include "testutil.h"

#include "pykit.h"

static const struct ks_analyzer *an = &ks_analyzer_uv;

struct want {
	const char *name, *version;
	int rel;
	bool dev;
};

static void test_wants(void **state)
{
	(void)state;
	assert_true(an->wants("uv.lock", 7));
	assert_true(an->wants("proj/uv.lock", 12));
	assert_false(an->wants("proj/xuv.lock", 13));
	assert_int_equal(an->modes, KS_MODE_PRE);
}

static void deps_are(const struct ks_ares *out, const char *name, const char *const *deps)
{
	const struct ks_pkg *p = pk_find(out, name, NULL);
	size_t n = 0;

	assert_non_null(p);
	while (deps[n] != NULL)
		n++;
	if (p->depends_on.n != n)
		fail_msg("%s: %zu deps, want %zu", name, p->depends_on.n, n);
	for (n = 0; n < p->depends_on.n; n++)
		assert_string_equal(p->depends_on.v[n], deps[n]);
}

#define DEPS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Trivy's pkg/dependency/parser/python/uv parse_testcase.go (uvNormal, uvNormalDeps). */
static void test_trivy_parser(void **state)
{
	static const struct want w[] = {{"normal", "0.1.0", KS_REL_ROOT, false},
	        {"httpx", "0.28.1", KS_REL_DIRECT, false},
	        {"orjson", "3.10.12", KS_REL_DIRECT, false},
	        {"pytest", "8.3.4", KS_REL_DIRECT, true},
	        {"requests", "2.32.0", KS_REL_DIRECT, false},
	        {"anyio", "4.7.0", KS_REL_INDIRECT, false},
	        {"certifi", "2024.12.14", KS_REL_INDIRECT, false},
	        {"charset-normalizer", "3.4.0", KS_REL_INDIRECT, false},
	        {"colorama", "0.4.6", KS_REL_INDIRECT, true},
	        {"exceptiongroup", "1.2.2", KS_REL_INDIRECT, false},
	        {"h11", "0.14.0", KS_REL_INDIRECT, false},
	        {"httpcore", "1.0.7", KS_REL_INDIRECT, false},
	        {"idna", "3.10", KS_REL_INDIRECT, false},
	        {"iniconfig", "2.0.0", KS_REL_INDIRECT, true},
	        {"packaging", "24.2", KS_REL_INDIRECT, true},
	        {"pluggy", "1.5.0", KS_REL_INDIRECT, true},
	        {"sniffio", "1.3.1", KS_REL_INDIRECT, false},
	        {"socksio", "1.0.0", KS_REL_INDIRECT, false},
	        {"tomli", "2.2.1", KS_REL_INDIRECT, true},
	        {"typing-extensions", "4.12.2", KS_REL_INDIRECT, false},
	        {"urllib3", "2.2.3", KS_REL_INDIRECT, false}};
	struct ks_ctx cx;
	struct ks_ares out;
	size_t i, with_deps = 0;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(pk_run(&cx, an, "fixtures/lockfiles/trivy/parser/python/uv/uv_normal.lock",
	                         "uv.lock", &out),
	        0);
	assert_int_equal(out.npkgs, sizeof(w) / sizeof(w[0]));
	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		const struct ks_pkg *p = pk_find(&out, w[i].name, w[i].version);

		if (p == NULL)
			fail_msg("no %s %s", w[i].name, w[i].version);
		if (p->relationship != w[i].rel || p->dev != w[i].dev)
			fail_msg("%s: rel %d dev %d", p->name, p->relationship, p->dev);
	}
	for (i = 0; i < out.npkgs; i++)
		with_deps += out.pkgs[i].depends_on.n > 0;
	assert_int_equal(with_deps, 6);
	deps_are(&out, "anyio",
	        DEPS("exceptiongroup@1.2.2", "idna@3.10", "sniffio@1.3.1",
	                "typing-extensions@4.12.2"));
	deps_are(&out, "httpcore", DEPS("certifi@2024.12.14", "h11@0.14.0"));
	deps_are(&out, "httpx",
	        DEPS("anyio@4.7.0", "certifi@2024.12.14", "httpcore@1.0.7", "idna@3.10",
	                "socksio@1.0.0"));
	deps_are(&out, "normal",
	        DEPS("httpx@0.28.1", "orjson@3.10.12", "pytest@8.3.4", "requests@2.32.0"));
	deps_are(&out, "pytest",
	        DEPS("colorama@0.4.6", "exceptiongroup@1.2.2", "iniconfig@2.0.0", "packaging@24.2",
	                "pluggy@1.5.0", "tomli@2.2.1"));
	deps_are(&out, "requests",
	        DEPS("certifi@2024.12.14", "charset-normalizer@3.4.0", "idna@3.10",
	                "urllib3@2.2.3"));
	ks_ctx_release(&cx);
}

static void test_roots(void **state)
{
	static const char virt[] =
	        "version = 1\n[[package]]\nname = \"ws\"\n"
	        "source = { virtual = \".\" }\ndependencies = [{ name = \"a\" }, "
	        "{ name = \"missing\" }]\n"
	        "[[package]]\nname = \"a\"\nversion = \"1\"\n"
	        "source = { registry = \"https://pypi.org/simple\" }\n";
	const char *dir = "fixtures/lockfiles/trivy/parser/python/uv/";
	struct ks_ctx cx;
	struct ks_ares out;
	char rel[256];

	(void)state;
	tu_ctx(&cx);
	snprintf(rel, sizeof(rel), "%suv_without_root.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "uv.lock", &out), KS_ECORRUPT);
	assert_string_equal(cx.err.msg, "uv: 'uv.lock': uv lockfile must contain 1 root package");
	snprintf(rel, sizeof(rel), "%suv_multiple_roots.lock", dir);
	assert_int_equal(pk_run(&cx, an, rel, "uv.lock", &out), KS_ECORRUPT);
	/* a virtual root without a version: its ID is its name */
	assert_int_equal(pk_run_mem(&cx, an, virt, sizeof(virt) - 1, "uv.lock", &out), 0);
	assert_int_equal(out.npkgs, 2);
	assert_int_equal(pk_find(&out, "ws", "")->relationship, KS_REL_ROOT);
	deps_are(&out, "ws", DEPS("a@1"));
	assert_int_equal(pk_find(&out, "a", "1")->relationship, KS_REL_DIRECT);
	ks_ctx_release(&cx);
}

/* Trivy's analyzer input and syft's: they parse, with one root each. */
static void test_other_inputs(void **state)
{
	static const char *const files[] = {
	        "fixtures/lockfiles/trivy/analyzer/python/uv/happy/uv.lock",
	        "fixtures/syft-fixtures/python/uv/simple-deps/uv.lock",
	        "fixtures/syft-fixtures/python/uv/nested-extras/uv.lock",
	        "fixtures/syft-fixtures/python/uv/multiple-extras/uv.lock",
	        "fixtures/syft-fixtures/python/uv/conflicting-with-extras/uv.lock",
	};
	struct ks_ctx cx;
	struct ks_ares out;
	size_t i, j, roots;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (pk_run(&cx, an, files[i], "uv.lock", &out) != 0)
			fail_msg("%s: %s", files[i], cx.err.msg);
		for (j = 0, roots = 0; j < out.npkgs; j++)
			roots += out.pkgs[j].relationship == KS_REL_ROOT;
		assert_int_equal(roots, 1);
	}
	assert_int_equal(pk_run(&cx, an, files[0], "uv.lock", &out), 0);
	assert_int_equal(out.npkgs, 13);
	assert_int_equal(
	        pk_run(&cx, an, "fixtures/lockfiles/trivy/analyzer/python/uv/broken-lock/uv.lock",
	                "b/uv.lock", &out),
	        KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "uv: 'b/uv.lock': line "));
	ks_ctx_release(&cx);
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {"package = 3\n", "[[package]]\nname = 1\n",
	        "[[package]]\nname = \"a\"\nsource = \"x\"\n",
	        "[[package]]\nname = \"a\"\nsource = { editable = \".\" }\ndependencies = "
	        "[\"b\"]\n",
	        "[[package]]\nname = \"a\"\nsource = { editable = \".\" }\n"
	        "dev-dependencies = { dev = 1 }\n",
	        "[[package]]\nname = \"a\"\nsource = { editable = \".\" }\n"
	        "optional-dependencies = [1]\n",
	        "[[package]]\nname = \"a\"\nsource = { editable = \".\" }\n"
	        "dependencies = [{ name = 2 }]\n"};
	const char *rel = "fixtures/lockfiles/trivy/parser/python/uv/uv_normal.lock";
	struct ks_ctx cx;
	struct ks_ares out;
	size_t i, n, cut;
	uint8_t *d;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pk_run_mem(&cx, an, bad[i], strlen(bad[i]), "uv.lock", &out) != KS_ECORRUPT)
			fail_msg("accepted: %s", bad[i]);
	d = tu_read(tu_shared(rel), &n);
	for (cut = 0; cut < n; cut += 97) {
		int r = pk_run_mem(&cx, an, d, cut, "uv.lock", &out);

		assert_true(r == 0 || r == KS_ECORRUPT);
	}
	free(d);
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wants),
	        cmocka_unit_test(test_trivy_parser),
	        cmocka_unit_test(test_roots),
	        cmocka_unit_test(test_other_inputs),
	        cmocka_unit_test(test_corrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
