/*
 * test_gomod.c - the gomod analyzer and its go.sum step: the integration repository
 * against the vulnerable packages of Trivy's gomod golden (go.mod, submod and submod2,
 * the last two Go 1.15 modules completed from go.sum), Trivy's go.mod parser fixtures
 * (replacements with and without versions, local paths, Go 1.16, no go directive) and
 * analyzer fixtures (txtar archives), modfile's syntax and version rules, corrupt and
 * mangled files.
 */
#include "langkit.h"

#include <jansson.h>

#include "analyze/gomod.h"

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

static const char *const mod_dir = "fixtures/lockfiles/trivy/parser/golang/mod/";

/* Parses dir/go.mod (or dir/name) and, when merge is set and the go.sum exists, merges it. */
static int parse_dir(const char *dir, const char *name, bool merge, struct ks_ares *a)
{
	char rel[512];
	size_t n;
	uint8_t *data;
	int rc;

	snprintf(rel, sizeof(rel), "%s/%s", dir, name);
	rc = lk_run_shared(&cx, &ks_analyzer_gomod, rel, "go.mod", a);
	if (rc != 0 || !merge)
		return rc;
	snprintf(rel, sizeof(rel), "%s/go.sum", dir);
	data = tu_read(tu_shared(rel), &n);
	{
		struct ks_file f = { "go.sum", data, n };

		rc = ks_gomod_merge_sum(&cx, a, &f);
	}
	free(data);
	return rc;
}

#define DEP "github.com/aquasecurity/go-dep-parser"
#define XERR "golang.org/x/xerrors"
#define YAML "gopkg.in/yaml.v3"
#define ROOT "github.com/org/repo"
#define DEPV "v0.0.0-20211224170007-df43bca6b6ff"
#define DEPV_NEW "v0.0.0-20220406074731-71021a481237"
#define MERGEV "v0.0.0-20230219131432-590b1dfb6edd"

/* Trivy's go.mod parser cases, with the newer parser's root module and "v" versions. */
static void test_trivy_parser_cases(void **state)
{
	static const struct lk_want replaced[] = {
		{ DEP, DEPV_NEW, KS_REL_DIRECT, NULL, NULL, false, NULL },
		{ XERR, "v0.0.0-20200804184101-5ec99f83aff1", KS_REL_INDIRECT, NULL, NULL, false,
			NULL },
		{ ROOT, "", KS_REL_ROOT, NULL,
			DEP "@v0.0.0-20220406074731-71021a481237 " XERR
			    "@v0.0.0-20200804184101-5ec99f83aff1",
			false, NULL },
	};
	static const struct lk_want mismatch[] = {
		{ DEP, DEPV, KS_REL_DIRECT, NULL, NULL, false, NULL },
		{ XERR, "v0.0.0-20200804184101-5ec99f83aff1", KS_REL_INDIRECT, NULL, NULL, false,
			NULL },
		{ YAML, "v3.0.0-20210107192922-496545a6307b", KS_REL_INDIRECT, NULL, NULL, false,
			NULL },
		{ ROOT, "", KS_REL_ROOT, NULL,
			DEP "@v0.0.0-20211224170007-df43bca6b6ff " XERR
			    "@v0.0.0-20200804184101-5ec99f83aff1 " YAML
			    "@v3.0.0-20210107192922-496545a6307b",
			false, NULL },
	};
	static const struct lk_want local[] = {
		{ DEP, DEPV, KS_REL_DIRECT, NULL, NULL, false, NULL },
		{ YAML, "v3.0.0-20210107192922-496545a6307b", KS_REL_INDIRECT, NULL, NULL, false,
			NULL },
		{ ROOT, "", KS_REL_ROOT, NULL,
			DEP "@v0.0.0-20211224170007-df43bca6b6ff " YAML
			    "@v3.0.0-20210107192922-496545a6307b",
			false, NULL },
	};
	static const struct lk_want only_dep[] = {
		{ DEP, DEPV, KS_REL_DIRECT, NULL, NULL, false, NULL },
		{ ROOT, "", KS_REL_ROOT, NULL, DEP "@v0.0.0-20211224170007-df43bca6b6ff", false,
			NULL },
	};
	static const struct {
		const char *dir, *file;
		const struct lk_want *want;
		size_t n;
	} t[] = {
		{ "replaced", "go.mod", replaced, 3 },
		{ "replaced-with-version", "go.mod", replaced, 3 },
		{ "replaced-with-version-mismatch", "go.mod", mismatch, 4 },
		{ "replaced-with-local-path", "go.mod", local, 3 },
		{ "replaced-with-local-path-and-version", "go.mod", local, 3 },
		{ "replaced-with-local-path-and-version-mismatch", "go.mod", mismatch, 4 },
		{ "go116", "go.mod", only_dep, 2 },
		{ "no-go-version", "gomod", only_dep, 2 },
	};
	struct ks_ares a;
	char dir[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(dir, sizeof(dir), "%s%s", mod_dir, t[i].dir);
		assert_int_equal(parse_dir(dir, t[i].file, false, &a), 0);
		lk_expect(&a, t[i].want, t[i].n);
	}
}

/* The "normal" case: go 1.22.0 with a toolchain line keeps its indirect requirements. */
static void test_trivy_parser_normal(void **state)
{
	struct ks_ares a;
	char dir[256];

	(void)state;
	snprintf(dir, sizeof(dir), "%snormal", mod_dir);
	assert_int_equal(parse_dir(dir, "go.mod", true, &a), 0);
	assert_int_equal(a.npkgs, 6);
	assert_int_equal(lk_find(&a, "github.com/aquasecurity/go-version",
				 "v0.0.0-20240603093900-cf8a8d29271d")->relationship,
		KS_REL_DIRECT);
	assert_int_equal(lk_find(&a, "github.com/stretchr/testify", "v1.9.0")->relationship,
		KS_REL_INDIRECT);
	assert_null(lk_find(&a, "stdlib", "v1.22.5"));
	assert_int_equal(lk_find(&a, ROOT, "")->depends_on.n, 5);
	assert_false(ks_gomod_wants_sum(&a));
}

/* Go 1.16: go.sum modules missing from go.mod join as indirect dependencies of the root. */
static void test_go116_merge(void **state)
{
	struct ks_ares a;
	char dir[256];
	const struct ks_pkg *root, *p;

	(void)state;
	snprintf(dir, sizeof(dir), "%sgo116", mod_dir);
	assert_int_equal(parse_dir(dir, "go.mod", true, &a), 0);
	p = lk_find(&a, DEP, "v0.0.0-20211224170007-df43bca6b6ff");
	assert_non_null(p);
	assert_int_equal(p->relationship, KS_REL_DIRECT);
	p = lk_find(&a, YAML, "v3.0.0-20210107192922-496545a6307b");
	assert_non_null(p);
	assert_int_equal(p->relationship, KS_REL_INDIRECT);
	root = lk_find(&a, ROOT, "");
	assert_int_equal(root->depends_on.n, a.npkgs - 1);
	assert_true(a.npkgs > 10);
}

/* The integration repository: every vulnerable package of Trivy's golden is found with the
 * golden's ID and installed version in the right target. */
static void test_integration_golden(void **state)
{
	static const char *const dirs[] = { "", "submod", "submod2" };
	json_error_t jerr;
	json_t *g, *results, *res, *v;
	size_t i, j, k;
	char dir[256], *gold;
	size_t gn;
	struct ks_ares a;

	(void)state;
	gold = (char *)tu_read(tu_shared("fixtures/goldens/trivy/integration/gomod.json.golden"),
		&gn);
	g = json_loadb(gold, gn, 0, &jerr);
	free(gold);
	assert_non_null(g);
	results = json_object_get(g, "Results");
	assert_int_equal(json_array_size(results), 3);
	for (i = 0; i < 3; i++) {
		const char *target;
		size_t found = 0;

		snprintf(dir, sizeof(dir), "fixtures/lockfiles/trivy-integration-repo/gomod%s%s",
			dirs[i][0] ? "/" : "", dirs[i]);
		assert_int_equal(parse_dir(dir, "go.mod", true, &a), 0);
		for (k = 0; k < 3; k++) {
			char want[64];

			res = json_array_get(results, k);
			target = json_string_value(json_object_get(res, "Target"));
			snprintf(want, sizeof(want), "%s%sgo.mod", dirs[i], dirs[i][0] ? "/" : "");
			if (strcmp(target, want) == 0)
				break;
		}
		assert_true(k < 3);
		json_array_foreach(json_object_get(res, "Vulnerabilities"), j, v)
		{
			const char *name = json_string_value(json_object_get(v, "PkgName"));
			const char *ver = json_string_value(json_object_get(v, "InstalledVersion"));
			const char *id = json_string_value(json_object_get(v, "PkgID"));
			const struct ks_pkg *p = lk_find(&a, name, ver);
			char gotid[512];

			if (p == NULL)
				fail_msg("%s: %s %s missing", target, name, ver);
			snprintf(gotid, sizeof(gotid), "%s@%s", p->name, p->version);
			assert_string_equal(gotid, id);
			found++;
		}
		assert_true(found > 0);
	}
	json_decref(g);
	/* the top module: 3 direct, every indirect requirement, and the root */
	assert_int_equal(parse_dir("fixtures/lockfiles/trivy-integration-repo/gomod", "go.mod",
				 true, &a),
		0);
	assert_int_equal(lk_find(&a, "github.com/docker/distribution", "v2.7.1+incompatible")
				 ->relationship,
		KS_REL_INDIRECT);
	assert_int_equal(lk_find(&a, "github.com/open-policy-agent/opa", "v0.35.0")->relationship,
		KS_REL_DIRECT);
	assert_int_equal(lk_find(&a, "github.com/testdata/testdata", "")->relationship,
		KS_REL_ROOT);
}

/* Extracts the member name of a txtar archive (into a malloc'd buffer). */
static char *txtar_member(const char *rel, const char *name, size_t *n)
{
	size_t len;
	char *all = (char *)tu_read(tu_shared(rel), &len), *start, *end, *out, hdr[256];

	snprintf(hdr, sizeof(hdr), "-- %s --\n", name);
	start = strstr(all, hdr);
	if (start == NULL) {
		free(all);
		return NULL;
	}
	start += strlen(hdr);
	end = strstr(start, "\n-- ");
	end = end ? end + 1 : all + len;
	*n = (size_t)(end - start);
	out = malloc(*n + 1);
	memcpy(out, start, *n);
	out[*n] = '\0';
	free(all);
	return out;
}

/* Trivy's analyzer cases: merge (Go 1.15, replacement, go.sum), sad (invalid go.mod),
 * no-pkg-found (go 1.23). */
static void test_trivy_analyzer_txtar(void **state)
{
	static const char *const base = "fixtures/lockfiles/trivy/analyzer/golang/mod/";
	char rel[256], *mod, *sum;
	size_t mn, sn;
	struct ks_ares a;
	int rc;

	(void)state;
	snprintf(rel, sizeof(rel), "%smerge.txtar", base);
	mod = txtar_member(rel, "go.mod", &mn);
	sum = txtar_member(rel, "go.sum", &sn);
	assert_int_equal(lk_run(&cx, &ks_analyzer_gomod, "go.mod", mod, mn, &a), 0);
	{
		struct ks_file f = { "go.sum", (const uint8_t *)sum, sn };

		assert_int_equal(ks_gomod_merge_sum(&cx, &a, &f), 0);
	}
	{
		static const struct lk_want want[] = {
			{ DEP, MERGEV, KS_REL_DIRECT, NULL, NULL, false, NULL },
			{ "github.com/BurntSushi/toml", "v0.3.1", KS_REL_INDIRECT, NULL, NULL,
				false, NULL },
			{ ROOT, "", KS_REL_ROOT, NULL,
				"github.com/BurntSushi/toml@v0.3.1 " DEP "@" MERGEV, false, NULL },
		};
		lk_expect(&a, want, 3);
	}
	free(mod);
	free(sum);

	snprintf(rel, sizeof(rel), "%ssad.txtar", base);
	mod = txtar_member(rel, "go.mod", &mn);
	rc = lk_run(&cx, &ks_analyzer_gomod, "app/go.mod", mod, mn, &a);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "'app/go.mod'", "unknown directive");
	free(mod);

	snprintf(rel, sizeof(rel), "%sno-pkg-found.txtar", base);
	mod = txtar_member(rel, "go.mod", &mn);
	assert_int_equal(lk_run(&cx, &ks_analyzer_gomod, "go.mod", mod, mn, &a), 0);
	assert_int_equal(a.npkgs, 4);
	assert_int_equal(lk_find(&a, XERR, "v0.0.0-20200804184101-5ec99f83aff1")->relationship,
		KS_REL_INDIRECT);
	free(mod);
}

/* modfile's syntax: quoted paths, blocks, canonical versions, comments. */
static void test_syntax(void **state)
{
	static const char text[] = "// leading comment\n"
				   "module \"example.com/m\" // the module\n"
				   "\n"
				   "go 1.21rc2\n"
				   "toolchain go1.21.3\n"
				   "godebug default=go1.21\n"
				   "require (\n"
				   "\t// a comment line inside the block\n"
				   "\texample.com/a v1.2 // indirect; reason\n"
				   "\t`example.com/b/v2` v2.0.0+meta\n"
				   "\tgopkg.in/yaml.v2 v2.4.0\n"
				   "\texample.com/c v3.0.0+incompatible\n"
				   ")\n"
				   "exclude example.com/a v1.0.0\n"
				   "retract [v1.0.0, v1.0.5]\n"
				   "retract v0.9.0 // oops\n"
				   "replace example.com/c => example.com/c2 v1.0.0\n"
				   "replace (\n"
				   "\texample.com/gone v1.0.0 => ../gone\n"
				   ")\n";
	static const struct lk_want want[] = {
		{ "example.com/a", "v1.2.0", KS_REL_INDIRECT, NULL, NULL, false, NULL },
		{ "example.com/b/v2", "v2.0.0", KS_REL_DIRECT, NULL, NULL, false, NULL },
		{ "gopkg.in/yaml.v2", "v2.4.0", KS_REL_DIRECT, NULL, NULL, false, NULL },
		{ "example.com/c2", "v1.0.0", KS_REL_DIRECT, NULL, NULL, false, NULL },
		{ "example.com/m", "", KS_REL_ROOT, NULL,
			"example.com/a@v1.2.0 example.com/b/v2@v2.0.0 example.com/c2@v1.0.0 "
			"gopkg.in/yaml.v2@v2.4.0",
			false, NULL },
	};
	struct ks_ares a;

	(void)state;
	assert_int_equal(lk_run(&cx, &ks_analyzer_gomod, "go.mod", text, sizeof(text) - 1, &a), 0);
	lk_expect(&a, want, 5);
	assert_false(ks_gomod_wants_sum(&a));
}

/* What modfile.Parse rejects is a corrupt file whose message names it. */
static void test_rejected(void **state)
{
	static const char *const bad[] = { "module a\nmodule b\n", "go 1.017\n", "go 1\n",
		"go 1.2.3.4\n", "require a\n", "require a 1.0.0\n", "require a v1.01.0\n",
		"require a v2.0.0\n", "require a/v2 v1.0.0\n", "require gopkg.in/yaml.v2 v3.0.0\n",
		"require (\na v1.0.0\n", "require ( a v1.0.0 )\n", "require (\n) x\n",
		"replace a => b\n", "replace a => ./b v1.0.0\n", "replace a v1.0.0 b\n",
		"frobnicate x\n", "module \"a\n", "module \"a\\q\"\n", "module a /* c */\n",
		"module \x01\n", ")\n", "require a v1.0.0-01\n" };
	struct ks_ares a;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = lk_run(&cx, &ks_analyzer_gomod, "x/go.mod", bad[i], strlen(bad[i]), &a);
		if (rc != KS_ECORRUPT)
			fail_msg("case %zu (%s): got %d", i, bad[i], rc);
		assert_non_null(strstr(cx.err.msg, "'x/go.mod'"));
	}
	rc = lk_run(&cx, &ks_analyzer_gomod, "x/go.mod", "module a\0\n", 10, &a);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "'x/go.mod'", "NUL");
}

/* go.sum problems leave the go.mod result untouched; a Go 1.17 result takes nothing. */
static void test_sum_errors(void **state)
{
	static const char mod116[] = "module m\ngo 1.16\nrequire a v1.0.0\n";
	static const char mod117[] = "module m\ngo 1.17\nrequire a v1.0.0\n"
				     "require b v1.0.0 // indirect\n";
	char *longline = malloc(70000);
	struct ks_file sum = { "go.sum", (const uint8_t *)"b v1.0.0 h1:x\nc v1/go.mod h1:y\n", 30 };
	struct ks_ares a;
	size_t n;

	(void)state;
	assert_int_equal(lk_run(&cx, &ks_analyzer_gomod, "go.mod", mod117, strlen(mod117), &a), 0);
	n = a.npkgs;
	assert_int_equal(ks_gomod_merge_sum(&cx, &a, &sum), 0);
	assert_int_equal(a.npkgs, n);

	assert_int_equal(lk_run(&cx, &ks_analyzer_gomod, "go.mod", mod116, strlen(mod116), &a), 0);
	memset(longline, 'x', 69999);
	longline[69999] = '\n';
	sum = (struct ks_file){ "dir/go.sum", (const uint8_t *)longline, 70000 };
	assert_int_equal(ks_gomod_merge_sum(&cx, &a, &sum), KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "'dir/go.sum'"));
	assert_int_equal(a.npkgs, 2);
	free(longline);
}

static void test_mangled_and_wants(void **state)
{
	size_t n;
	uint8_t *data = tu_read(tu_shared("fixtures/lockfiles/trivy-integration-repo/gomod/go.mod"),
		&n);

	(void)state;
	lk_mangle(&cx, &ks_analyzer_gomod, "go.mod", data, n);
	free(data);
	assert_true(ks_analyzer_gomod.wants("go.mod", 6));
	assert_true(ks_analyzer_gomod.wants("a/b/go.mod", 10));
	assert_false(ks_analyzer_gomod.wants("a/xgo.mod", 9));
	assert_false(ks_analyzer_gomod.wants("go.sum", 6));
	assert_int_equal(ks_analyzer_gomod.modes, KS_MODE_PRE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy_parser_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_parser_normal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_go116_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integration_golden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_analyzer_txtar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sum_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mangled_and_wants, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
