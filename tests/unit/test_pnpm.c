/*
 * test_pnpm.c - the pnpm-lock.yaml analyzer (lib/analyze/pnpm.c): Trivy's parser cases for
 * lock file versions 5 and 6 (packages, direct/indirect, dependencies, development
 * packages, tarball and local archives), version 9 (importers, snapshots, development
 * reachability, peers, cycles, several documents), syft's lock files, corrupt inputs.
 */
#include "testutil.h"
#include "langkit.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "util/buf.h"

#define AN (&ks_analyzer_pnpm)
#define TP "fixtures/lockfiles/trivy/parser/nodejs/pnpm/"
#define D KS_REL_DIRECT
#define I KS_REL_INDIRECT

static void test_wants(void **state)
{
	(void)state;
	assert_true(AN->wants("pnpm-lock.yaml", 14));
	assert_true(AN->wants("app/pnpm-lock.yaml", 18));
	assert_false(AN->wants("app/pnpm-lock.yml", 17));
	assert_int_equal(AN->modes, KS_MODE_PRE);
	assert_string_equal(AN->name, "pnpm");
}

/* Parses a file; the packages that are not development dependencies must be exactly w. */
static void run_prod(const char *file, const struct lk_want *w, size_t n, size_t ndev)
{
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i, k = 0;

	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN, file, "pnpm-lock.yaml", &a), 0);
	for (i = 0; i < a.npkgs; i++)
		if (!a.pkgs[i].dev)
			a.pkgs[k++] = a.pkgs[i];
	if (a.npkgs - k != ndev)
		fail_msg("%s: %zu development packages, want %zu", file, a.npkgs - k, ndev);
	a.npkgs = k;
	lk_expect(&a, w, n);
	ks_ctx_release(&cx);
}

static void test_v5_v6(void **state)
{
	static const struct lk_want normal[] = {
		{ "asap", "2.0.6", I, NULL, NULL, false, NULL },
		{ "jquery", "3.6.0", D, NULL, NULL, false, NULL },
		{ "promise", "8.1.0", D, NULL, "asap@2.0.6", false, NULL },
	};
	static const struct lk_want dev5[] = {
		{ "@babel/runtime", "7.18.3", I, NULL, "regenerator-runtime@0.13.9", false, NULL },
		{ "js-tokens", "4.0.0", I, NULL, NULL, false, NULL },
		{ "loose-envify", "1.4.0", I, NULL, "js-tokens@4.0.0", false, NULL },
		{ "react", "18.1.0", D, NULL, "loose-envify@1.4.0", false, NULL },
		{ "redux", "4.2.0", D, NULL, "@babel/runtime@7.18.3", false, NULL },
		{ "regenerator-runtime", "0.13.9", I, NULL, NULL, false, NULL },
	};
	static const struct lk_want dev6[] = {
		{ "@babel/runtime", "7.22.3", I, NULL, "regenerator-runtime@0.13.11", false, NULL },
		{ "js-tokens", "4.0.0", I, NULL, NULL, false, NULL },
		{ "loose-envify", "1.4.0", I, NULL, "js-tokens@4.0.0", false, NULL },
		{ "react", "18.1.0", D, NULL, "loose-envify@1.4.0", false, NULL },
		{ "redux", "4.2.0", D, NULL, "@babel/runtime@7.22.3", false, NULL },
		{ "regenerator-runtime", "0.13.11", I, NULL, NULL, false, NULL },
	};
	static const struct lk_want archives[] = {
		{ "asynckit", "0.4.0", I, NULL, NULL, false, NULL },
		{ "debug", "4.3.4", D, NULL, "ms@2.1.2", false, NULL },
		{ "is-negative", "2.0.1", D, NULL, NULL, false, NULL },
		{ "lodash", "4.17.21", D, NULL, NULL, false, NULL },
		{ "ms", "2.1.2", I, NULL, NULL, false, NULL },
		{ "package1", "1.0.0", D, NULL, "asynckit@0.4.0", false, NULL },
	};

	(void)state;
	run_prod(TP "pnpm-lock_normal.yaml", normal, 3, 0);
	run_prod(TP "pnpm-lock_v6.yaml", normal, 3, 0);
	run_prod(TP "pnpm-lock_with_dev.yaml", dev5, 6, 79);
	run_prod(TP "pnpm-lock_v6_with_dev.yaml", dev6, 6, 79);
	run_prod(TP "pnpm-lock_archives.yaml", archives, 6, 0);
}

/* Trivy's pnpmMany: 56 production packages with their dependencies. */
static void test_many(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;
	size_t i, prod = 0, direct = 0;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN, TP "pnpm-lock_many.yaml", "pnpm-lock.yaml", &a), 0);
	for (i = 0; i < a.npkgs; i++) {
		prod += !a.pkgs[i].dev;
		direct += !a.pkgs[i].dev && a.pkgs[i].relationship == D;
	}
	assert_int_equal(prod, 56);
	assert_int_equal(direct, 6);
	p = lk_find(&a, "sshpk", "1.17.0");
	assert_int_equal(p->depends_on.n, 9);
	assert_string_equal(p->depends_on.v[0], "asn1@0.2.6");
	assert_string_equal(p->depends_on.v[8], "tweetnacl@0.14.5");
	p = lk_find(&a, "request", "2.88.2");
	assert_int_equal(p->depends_on.n, 20);
	assert_int_equal(p->relationship, D);
	assert_int_equal(lk_find(&a, "mocha", "10.0.0")->relationship, D);
	assert_true(lk_find(&a, "mocha", "10.0.0")->dev);
	ks_ctx_release(&cx);
}

static void test_v9(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, AN, TP "pnpm-lock_v9.yaml", "pnpm-lock.yaml", &a), 0);
	p = lk_find(&a, "finalhandler", "1.1.1");
	assert_non_null(p);
	assert_int_equal(p->relationship, D);
	assert_false(p->dev);
	p = lk_find(&a, "promise", "8.1.0");
	assert_non_null(p);
	assert_string_equal(p->depends_on.v[0], "asap@2.0.6");
	assert_false(lk_find(&a, "asap", "2.0.6")->dev);
	assert_int_equal(lk_find(&a, "asap", "2.0.6")->relationship, I);
	/* a tarball: the name from the key, the version from its "version" field */
	assert_non_null(lk_find(&a, "is-negative", "2.0.1"));
	/* multiple documents: the project's lock file is the last one */
	assert_int_equal(lk_run_shared(&cx, AN, TP "pnpm-lock_v9_multiple_documents.yaml",
				 "pnpm-lock.yaml", &a),
		0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].name, "is-number");
	assert_int_equal(a.pkgs[0].relationship, D);
	/* cycles terminate */
	assert_int_equal(lk_run_shared(&cx, AN, TP "pnpm-lock_v9_cyclic_import.yaml",
				 "pnpm-lock.yaml", &a),
		0);
	assert_true(a.npkgs > 0);
	ks_ctx_release(&cx);
}

static void test_syft(void **state)
{
	static const char *const files[] = { "pnpm/pnpm-lock.yaml", "pnpm-v6/pnpm-lock.yaml",
		"pnpm-v9/pnpm-lock.yaml", "pnpm-v9-snapshots/pnpm-lock.yaml",
		"pnpm-v5-peer-suffix/pnpm-lock.yaml", "pnpm-multi-doc/pnpm-lock.yaml" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char rel[256];
		struct ks_ctx cx;
		struct ks_ares a;
		size_t k, j;

		snprintf(rel, sizeof(rel), "fixtures/syft-fixtures/javascript/%s", files[i]);
		tu_ctx(&cx);
		if (lk_run_shared(&cx, AN, rel, "pnpm-lock.yaml", &a) != 0)
			fail_msg("%s: %s", files[i], cx.err.msg);
		assert_true(a.npkgs > 0);
		/* every version is a clean semantic version: peer suffixes are gone */
		for (k = 0; k < a.npkgs; k++) {
			assert_null(strchr(a.pkgs[k].version, '('));
			assert_null(strchr(a.pkgs[k].version, '_'));
			for (j = 0; j < a.pkgs[k].depends_on.n; j++)
				assert_null(strchr(a.pkgs[k].depends_on.v[j], '('));
		}
		ks_ctx_release(&cx);
	}
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {
		"",
		"- a\n- b\n",
		"packages: {}\n",
		"lockfileVersion: x\n",
		"lockfileVersion: 5.3\npackages: [1]\n",
		"lockfileVersion: 5.3\npackages:\n  /a/1.0.0: 7\n",
		"lockfileVersion: 5.3\npackages:\n  /a/1.0.0:\n    dependencies:\n      b: [1]\n",
		"lockfileVersion: '9.0'\nimporters: 1\n",
		"lockfileVersion: '9.0'\nsnapshots:\n  a@1:\n    dependencies: 1\n",
		"lockfileVersion: '9.0'\npackages: {a: &x 1, b: *x}\n",
		"lockfileVersion: 5.3\n\tbad: tab\n",
	};
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tu_ctx(&cx);
		lk_expect_err(&cx, lk_run(&cx, AN, "p/pnpm-lock.yaml", bad[i], strlen(bad[i]), &a),
			KS_ECORRUPT, "p/pnpm-lock.yaml", NULL);
		ks_ctx_release(&cx);
	}
	tu_ctx(&cx);
	lk_expect_err(&cx,
		lk_run_shared(&cx, AN, "fixtures/lockfiles/trivy/analyzer/nodejs/pnpm/sad/"
				       "pnpm-lock.yaml",
			"s/pnpm-lock.yaml", &a),
		KS_ECORRUPT, "s/pnpm-lock.yaml", NULL);
	lk_expect_err(&cx,
		lk_run_shared(&cx, AN, "fixtures/syft-fixtures/javascript/corrupt/pnpm-lock.yaml",
			"c/pnpm-lock.yaml", &a),
		KS_ECORRUPT, "c/pnpm-lock.yaml", NULL);
	ks_ctx_release(&cx);
}

/* One package under many peer sets stays one package with the union of its
 * dependencies, in linear time. */
static void test_many_duplicates(void **state)
{
	const size_t n = 20000;
	struct ks_buf b;
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;
	size_t i;

	(void)state;
	ks_buf_init(&b, 1u << 26);
	assert_int_equal(ks_buf_adds(&b, "lockfileVersion: 5.4\npackages:\n"), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(ks_buf_addf(&b,
					 "  /x/1.0.0_p%zu:\n    dependencies:\n      d%zu: 1.0.0\n",
					 i, i % 3),
			0);
	tu_ctx(&cx);
	assert_int_equal(lk_run(&cx, AN, "pnpm-lock.yaml", b.p, b.n, &a), 0);
	assert_int_equal(a.npkgs, 1);
	p = &a.pkgs[0];
	assert_string_equal(p->version, "1.0.0");
	assert_int_equal(p->depends_on.n, 3);
	assert_string_equal(p->depends_on.v[2], "d2@1.0.0");
	ks_ctx_release(&cx);
	ks_buf_release(&b);
}

static void test_mangled(void **state)
{
	struct ks_ctx cx;
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_shared(TP "pnpm-lock_v9.yaml"), &n);
	tu_ctx(&cx);
	assert_true(lk_mangle(&cx, AN, "m/pnpm-lock.yaml", data, n) > 0);
	ks_ctx_release(&cx);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_v5_v6),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_v9),
		cmocka_unit_test(test_syft),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_many_duplicates),
		cmocka_unit_test(test_mangled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
