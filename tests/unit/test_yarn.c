/*
 * test_yarn.c - the yarn.lock analyzer (lib/analyze/yarn.c): Trivy's parser cases for
 * classic (v1) and berry lock files (packages, line locations, dependency graph, local,
 * git and unsupported protocols), the pattern rules of Trivy's regular expressions, syft's
 * lock files, corrupt and oversized inputs; and its package.json step
 * (lib/analyze/yarn_manifest.c, joined in lib/layer/join.c): Trivy's yarn analyzer cases
 * through the join on the real fixture trees, package.json decoding rules, workspace
 * globs, the walk's relationship and development rules, corrupt manifests.
 */
#include "testutil.h"
#include "langkit.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "analyze/lang_extra.h"
#include "layer/layer.h"
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
	/* Trivy skips the copies inside installed packages and yarn's own directories */
	assert_false(AN->wants("node_modules/x/yarn.lock", 24));
	assert_false(AN->wants("a/.yarn/unplugged/u/yarn.lock", 29));
	assert_true(AN->wants("a/node_modulesx/yarn.lock", 25));
	assert_true(AN->wants(".yarnx/yarn.lock", 16));
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

/* ---- the package.json step ---------------------------------------------------------- */

#define RT KS_REL_ROOT
#define WS KS_REL_WORKSPACE
#define DI KS_REL_DIRECT
#define IN KS_REL_INDIRECT
#define TA "fixtures/lockfiles/trivy/analyzer/nodejs/yarn/"

/* One expected package: its ID, fields, locations ("5-8"), DependsOn and licences
 * (space-separated, NULL = none). */
struct yw {
	const char *id, *name, *version;
	int rel;
	bool dev;
	const char *locs, *deps, *lics;
};

static const char *pkg_id(struct ks_ctx *cx, const struct ks_pkg *p)
{
	const char *id = p->id ? p->id : ks_lang_id(&cx->arena, p->name, '@', p->version);

	assert_non_null(id);
	return id;
}

static void yw_strv(const struct ks_strv *v, char *buf, size_t size)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < v->n && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? " " : "", v->v[i]);
}

/* Every expected package is there (found by ID) with exactly these fields, and no other. */
static void yw_expect(struct ks_ctx *cx, const struct ks_ares *a, const struct yw *w, size_t n)
{
	char got[4096];
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct ks_pkg *p = NULL;

		for (j = 0; j < a->npkgs && p == NULL; j++)
			if (strcmp(pkg_id(cx, &a->pkgs[j]), w[i].id) == 0)
				p = &a->pkgs[j];
		if (p == NULL)
			fail_msg("missing package %s", w[i].id);
		if (strcmp(p->name, w[i].name) != 0 || strcmp(p->version, w[i].version) != 0)
			fail_msg("%s: name/version '%s' '%s', want '%s' '%s'", w[i].id, p->name,
				p->version, w[i].name, w[i].version);
		if (p->relationship != w[i].rel || p->dev != w[i].dev)
			fail_msg("%s: relationship %d dev %d, want %d %d", w[i].id, p->relationship,
				p->dev, w[i].rel, w[i].dev);
		lk_locs(p, got, sizeof(got));
		if (strcmp(got, w[i].locs ? w[i].locs : "") != 0)
			fail_msg("%s: locations '%s', want '%s'", w[i].id, got, w[i].locs);
		yw_strv(&p->depends_on, got, sizeof(got));
		if (strcmp(got, w[i].deps ? w[i].deps : "") != 0)
			fail_msg("%s: depends on '%s', want '%s'", w[i].id, got, w[i].deps);
		yw_strv(&p->licenses, got, sizeof(got));
		if (strcmp(got, w[i].lics ? w[i].lics : "") != 0)
			fail_msg("%s: licences '%s', want '%s'", w[i].id, got, w[i].lics);
		assert_null(p->file_path);
	}
	if (a->npkgs != n) {
		for (i = 0; i < a->npkgs; i++)
			print_message("got %s\n", pkg_id(cx, &a->pkgs[i]));
		fail_msg("%zu packages, want %zu", a->npkgs, n);
	}
}

/*
 * Analyses a fixture tree as `kensa fs` does (lock files and the companion files kept,
 * then joined: layer/join.c) and returns the result of the yarn.lock at lock (NULL when
 * it has no packages).
 */
static const struct ks_ares *scan_tree(struct ks_ctx *cx, const char *dir, const char *lock)
{
	struct ks_lres *lr = ks_arena_calloc(&cx->arena, 1, sizeof(*lr));
	struct ks_merged m;
	size_t i;

	assert_non_null(lr);
	lr->kinds = 1u << KS_AK_LANG | 1u << KS_AK_AUX;
	lr->mode = KS_MODE_PRE;
	assert_int_equal(ks_tree_walk(cx, tu_shared(dir), NULL, lr), 0);
	assert_int_equal(ks_layers_merge(cx, &lr, 1, &m), 0);
	assert_int_equal(ks_layers_join(cx, &m), 0);
	for (i = 0; i < m.nfiles; i++)
		if (m.files[i].lf->an == AN && strcmp(m.files[i].lf->path, lock) == 0)
			return m.files[i].lf->res.npkgs > 0 ? &m.files[i].lf->res : NULL;
	return NULL;
}

static void run_tree(const char *dir, const char *lock, const struct yw *w, size_t n,
	size_t warns)
{
	struct ks_ctx cx;
	const struct ks_ares *a;

	tu_ctx(&cx);
	a = scan_tree(&cx, dir, lock);
	assert_non_null(a);
	yw_expect(&cx, a, w, n);
	assert_int_equal(cx.nwarns, warns);
	ks_ctx_release(&cx);
}

#define RUN_TREE(dir, lock, w, warns) run_tree(dir, lock, w, sizeof(w) / sizeof(w[0]), warns)

/* Trivy's yarn analyzer test (Test_yarnLibraryAnalyzer_Analyze) on its own fixture trees,
 * through the join, field by field. */
static void test_trivy_analyzer(void **state)
{
	static const struct yw happy[] = {
		{ "90@1.0.0", "90", "1.0.0", RT, false, NULL,
			"js-tokens@2.0.0 prop-types@15.7.2 scheduler@0.13.6", "MIT" },
		{ "js-tokens@2.0.0", "js-tokens", "2.0.0", DI, false, "5-8", NULL, NULL },
		{ "prop-types@15.7.2", "prop-types", "15.7.2", DI, true, "27-34",
			"loose-envify@1.4.0 object-assign@4.1.1 react-is@16.13.1", NULL },
		{ "scheduler@0.13.6", "scheduler", "0.13.6", DI, false, "41-47",
			"loose-envify@1.4.0 object-assign@4.1.1", NULL },
		{ "js-tokens@4.0.0", "js-tokens", "4.0.0", IN, false, "10-13", NULL, NULL },
		{ "loose-envify@1.4.0", "loose-envify", "1.4.0", IN, false, "15-20",
			"js-tokens@4.0.0", NULL },
		{ "object-assign@4.1.1", "object-assign", "4.1.1", IN, false, "22-25", NULL, NULL },
		{ "react-is@16.13.1", "react-is", "16.13.1", IN, true, "36-39", NULL, NULL },
	};
	static const struct yw subdir[] = {
		{ "@test/foo@1.0.0", "@test/foo", "1.0.0", RT, false, NULL,
			"@test/bar-generators@0.0.1", "MIT" },
		{ "@test/bar-generators@0.0.1", "@test/bar-generators", "0.0.1", WS, false, NULL,
			"hoek@6.1.3", NULL },
		{ "hoek@6.1.3", "hoek", "6.1.3", DI, false, "5-8", NULL, NULL },
	};
	static const struct yw nopj[] = {
		{ "js-tokens@2.0.0", "js-tokens", "2.0.0", U, false, "5-8", NULL, NULL },
		{ "js-tokens@4.0.0", "js-tokens", "4.0.0", U, false, "10-13", NULL, NULL },
		{ "loose-envify@1.4.0", "loose-envify", "1.4.0", U, false, "15-20",
			"js-tokens@4.0.0", NULL },
		{ "object-assign@4.1.1", "object-assign", "4.1.1", U, false, "22-25", NULL, NULL },
		{ "prop-types@15.7.2", "prop-types", "15.7.2", U, false, "27-34",
			"loose-envify@1.4.0 object-assign@4.1.1 react-is@16.13.1", NULL },
		{ "react-is@16.13.1", "react-is", "16.13.1", U, false, "36-39", NULL, NULL },
		{ "scheduler@0.13.6", "scheduler", "0.13.6", U, false, "41-47",
			"loose-envify@1.4.0 object-assign@4.1.1", NULL },
	};
	static const struct yw wrongpj[] = {
		{ "js-tokens@2.0.0", "js-tokens", "2.0.0", U, false, "5-8", NULL, NULL },
	};
	/* Trivy also gives the three packages "MIT", from .yarn/unplugged and the zip
	 * archives in .yarn/cache, which kensa does not read */
	static const struct yw yarn_licenses[] = {
		{ "yarn-3-licenses@1.0.0", "yarn-3-licenses", "1.0.0", RT, false, NULL,
			"is-callable@1.2.7 is-odd@3.0.1", NULL },
		{ "is-callable@1.2.7", "is-callable", "1.2.7", DI, false, "8-13", NULL, NULL },
		{ "is-odd@3.0.1", "is-odd", "3.0.1", DI, false, "22-29", "is-number@6.0.0", NULL },
		{ "is-number@6.0.0", "is-number", "6.0.0", IN, false, "15-20", NULL, NULL },
	};
	static const struct yw berry_nm[] = {
		{ "work@1.0.0", "work", "1.0.0", RT, false, NULL, "is-callable@1.2.7 is-odd@3.0.1",
			"MIT" },
		{ "is-callable@1.2.7", "is-callable", "1.2.7", DI, false, "8-13", NULL, "MIT" },
		{ "is-odd@3.0.1", "is-odd", "3.0.1", DI, false, "22-29", "is-number@6.0.0", "MIT" },
		{ "is-number@6.0.0", "is-number", "6.0.0", IN, false, "15-20", NULL, "MIT" },
	};
	static const struct yw latest[] = {
		{ "package.json", "", "", RT, false, NULL, "debug@4.3.5 js-tokens@9.0.0", NULL },
		{ "debug@4.3.5", "debug", "4.3.5", DI, false, "5-10", "ms@2.1.2", NULL },
		{ "js-tokens@9.0.0", "js-tokens", "9.0.0", DI, true, "12-15", NULL, NULL },
		{ "ms@2.1.2", "ms", "2.1.2", IN, false, "17-20", NULL, NULL },
	};
	static const struct yw alias[] = {
		{ "test@1.0.0", "test", "1.0.0", RT, false, NULL,
			"foo-debug@4.3.4 foo-json@0.8.33 foo-ms@2.1.3 foo-uuid@9.0.7", "MIT" },
		{ "foo-json@0.8.33", "@types/jsonstream", "0.8.33", DI, true, "19-24",
			"@types/node@20.10.5", NULL },
		{ "foo-uuid@9.0.7", "@types/uuid", "9.0.7", DI, true, "31-34", NULL, NULL },
		{ "foo-debug@4.3.4", "debug", "4.3.4", DI, false, "12-17", "ms@2.1.2", NULL },
		{ "foo-ms@2.1.3", "ms", "2.1.3", DI, false, "26-29", NULL, NULL },
		{ "@types/node@20.10.5", "@types/node", "20.10.5", IN, true, "5-10",
			"undici-types@5.26.5", NULL },
		{ "ms@2.1.2", "ms", "2.1.2", IN, false, "36-39", NULL, NULL },
		{ "undici-types@5.26.5", "undici-types", "5.26.5", IN, true, "41-44", NULL, NULL },
	};
	static const struct yw monorepo[] = {
		{ "yarn-workspace-test@1.0.0", "yarn-workspace-test", "1.0.0", RT, false, NULL,
			"c@0.0.0 package1@0.0.0 packages/package2/package.json prettier@2.8.8 "
			"util1@0.0.0",
			NULL },
		{ "packages/package2/package.json", "", "", WS, false, NULL, "is-odd@3.0.1", NULL },
		{ "c@0.0.0", "c", "0.0.0", WS, false, NULL, "is-number@7.0.0", NULL },
		{ "package1@0.0.0", "package1", "0.0.0", WS, false, NULL, "scheduler@0.23.0",
			NULL },
		{ "util1@0.0.0", "util1", "0.0.0", WS, false, NULL,
			"js-tokens@8.0.1 prop-types@15.8.1", NULL },
		{ "is-number@7.0.0", "is-number", "7.0.0", DI, false, "23-28", NULL, NULL },
		{ "is-odd@3.0.1", "is-odd", "3.0.1", DI, false, "30-37", "is-number@6.0.0", NULL },
		{ "js-tokens@8.0.1", "js-tokens", "8.0.1", DI, false, "46-51", NULL, NULL },
		{ "prettier@2.8.8", "prettier", "2.8.8", DI, true, "87-94", NULL, NULL },
		{ "prop-types@15.8.1", "prop-types", "15.8.1", DI, true, "96-105",
			"loose-envify@1.4.0 object-assign@4.1.1 react-is@16.13.1", NULL },
		{ "scheduler@0.23.0", "scheduler", "0.23.0", DI, false, "114-121",
			"loose-envify@1.4.0", NULL },
		{ "is-number@6.0.0", "is-number", "6.0.0", IN, false, "16-21", NULL, NULL },
		{ "js-tokens@4.0.0", "js-tokens", "4.0.0", IN, false, "39-44", NULL, NULL },
		{ "loose-envify@1.4.0", "loose-envify", "1.4.0", IN, false, "53-62",
			"js-tokens@4.0.0", NULL },
		{ "object-assign@4.1.1", "object-assign", "4.1.1", IN, true, "64-69", NULL, NULL },
		{ "react-is@16.13.1", "react-is", "16.13.1", IN, true, "107-112", NULL, NULL },
	};
	/* Trivy also gives @vue/compiler-sfc "MIT", classified from its LICENSE file (its
	 * package.json names none); kensa has no licence classifier */
	static const struct yw classic_licenses[] = {
		{ "package.json", "", "", RT, false, NULL, "@vue/compiler-sfc@2.7.14", NULL },
		{ "@vue/compiler-sfc@2.7.14", "@vue/compiler-sfc", "2.7.14", DI, false, "10-17",
			"@babel/parser@7.22.7 postcss@8.4.27 source-map@0.6.1", NULL },
		{ "@babel/parser@7.22.7", "@babel/parser", "7.22.7", IN, false, "5-8", NULL,
			"MIT" },
		{ "nanoid@3.3.6", "nanoid", "3.3.6", IN, false, "19-22", NULL, "MIT" },
		{ "picocolors@1.0.0", "picocolors", "1.0.0", IN, false, "24-27", NULL, "ISC" },
		{ "postcss@8.4.27", "postcss", "8.4.27", IN, false, "29-36",
			"nanoid@3.3.6 picocolors@1.0.0 source-map-js@1.0.2", "MIT" },
		{ "source-map@0.6.1", "source-map", "0.6.1", IN, false, "43-46", NULL,
			"BSD-3-Clause" },
		{ "source-map-js@1.0.2", "source-map-js", "1.0.2", IN, false, "38-41", NULL,
			"BSD-3-Clause" },
	};
	struct ks_ctx cx;

	(void)state;
	RUN_TREE(TA "happy", "yarn.lock", happy, 0);
	RUN_TREE(TA "project-with-workspace-in-subdir", "foo/yarn.lock", subdir, 0);
	RUN_TREE(TA "no-packagejson", "yarn.lock", nopj, 0);
	RUN_TREE(TA "yarn-licenses", "yarn.lock", yarn_licenses, 0);
	RUN_TREE(TA "yarn-berry-node-modules", "yarn.lock", berry_nm, 0);
	RUN_TREE(TA "latest-version", "yarn.lock", latest, 0);
	RUN_TREE(TA "alias", "yarn.lock", alias, 0);
	RUN_TREE(TA "monorepo", "yarn.lock", monorepo, 0);
	RUN_TREE(TA "yarn-classic-licenses", "yarn.lock", classic_licenses, 0);
	/* a package.json that does not parse: a warning naming it, the lock file as parsed */
	tu_ctx(&cx);
	yw_expect(&cx, scan_tree(&cx, TA "wrong-packagejson", "yarn.lock"), wrongpj, 1);
	assert_int_equal(cx.nwarns, 1);
	assert_non_null(strstr(cx.warns[0], "'package.json'"));
	/* an entry of an unsupported protocol only: no packages, nothing to join */
	assert_null(scan_tree(&cx, TA "unsupported_protocol", "yarn.lock"));
	ks_ctx_release(&cx);
}

/* The pattern table the analyzer leaves for the package.json step. */
static void test_pattern_table(void **state)
{
	static const char lock[] = "\"a@^1.0.0\", a@~1.0:\n  version \"1.0.2\"\n\n"
				   "\"b@npm:^2\":\n  version: 2.0.0\n\n"
				   "c@x:\n  resolved \"y\"\n\n"
				   "\"d@workspace:.\":\n  version: 0.0.0\n";
	static const char want[] = "a@1.0.2\0a@^1.0.0\0a@~1.0\0\0b@2.0.0\0b@^2\0\0c\0c@x\0\0";
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(run_text(&cx, lock, &a), 0);
	assert_int_equal(a.nkept, sizeof(want) - 1);
	assert_memory_equal(a.kept, want, sizeof(want) - 1);
	ks_ctx_release(&cx);
}

/* In-memory trees of package.json files for the step (paths and texts borrowed). */
struct mtree {
	const char *const *files; /* path, text, path, text, ... */
	size_t n;                 /* files */
};

static int mtree_under(void *ud, const char *dir,
	int (*fn)(void *fud, const struct ks_file *f), void *fud)
{
	const struct mtree *t = ud;
	size_t i, d = strlen(dir);
	int r;

	for (i = 0; i < t->n; i++) {
		const char *p = t->files[2 * i];

		if (d > 0 && (strncmp(p, dir, d) != 0 || (p[d] != '\0' && p[d] != '/')))
			continue;
		if ((r = fn(fud, &(struct ks_file){ p, (const uint8_t *)t->files[2 * i + 1],
				 strlen(t->files[2 * i + 1]) })) != 0)
			return r;
	}
	return 0;
}

/* Parses lock (at w/yarn.lock) into *a and applies the package.json text pj (at
 * w/package.json) with the tree of files (NULL for none); returns the step's result. */
static int step_text(struct ks_ctx *cx, const char *lock, const char *pj,
	const char *const *files, size_t nfiles, struct ks_ares *a)
{
	struct mtree t = { files, nfiles };
	const struct ks_lang_tree tree = { mtree_under, &t };
	struct ks_file f = { "w/package.json", (const uint8_t *)pj, strlen(pj) };

	assert_int_equal(run_text(cx, lock, a), 0);
	return ks_lang_yarn_package_json(cx, a, &f, files ? &tree : NULL);
}

static const struct ks_pkg *by_id(struct ks_ctx *cx, const struct ks_ares *a, const char *id)
{
	size_t i;

	for (i = 0; i < a->npkgs; i++)
		if (strcmp(pkg_id(cx, &a->pkgs[i]), id) == 0)
			return &a->pkgs[i];
	fail_msg("no package %s", id);
	return NULL;
}

static void want_rel(struct ks_ctx *cx, const struct ks_ares *a, const char *id, int rel,
	bool dev)
{
	const struct ks_pkg *p = by_id(cx, a, id);

	if (p->relationship != rel || p->dev != dev)
		fail_msg("%s: relationship %d dev %d, want %d %d", id, p->relationship, p->dev,
			rel, dev);
}

static void want_deps(struct ks_ctx *cx, const struct ks_ares *a, const char *id,
	const char *deps)
{
	char got[4096];

	yw_strv(&by_id(cx, a, id)->depends_on, got, sizeof(got));
	assert_string_equal(got, deps);
}

static const char rlock[] = "a@^1.0.0:\n  version \"2.0.0\"\n  dependencies:\n    b \"^1\"\n\n"
			    "b@^1:\n  version \"1.5.0\"\n  dependencies:\n    c \"^1\"\n\n"
			    "c@^1:\n  version \"1.0.0\"\n\n"
			    "d@^1:\n  version \"1.0.0\"\n\n"
			    "e@^3:\n  version \"3.1.0\"\n\n"
			    "e@^2:\n  version \"2.2.0\"\n\n"
			    "f@^1:\n  version \"1.0.0\"\n\n"
			    "f@^4:\n  version \"4.0.0\"\n";

/* How package.json is decoded and how the walk marks packages. */
static void test_manifest_rules(void **state)
{
	static const char both[] = "{\"dependencies\": {\"a\": \"^1.0.0\", \"d\": \"1\"},"
				   " \"devDependencies\": {\"d\": \"*\"}, \"name\": \"x\"}";
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	tu_ctx(&cx);
	/* a range that is one of the lock patterns wins over the version (a@2.0.0 is a's
	 * only entry, for "^1.0.0"); Go's case-insensitive member names, "ſ" folding to
	 * "s"; repeated dependency objects merge; optionalDependencies override
	 * dependencies; a null range is the empty one, which every version satisfies */
	assert_int_equal(step_text(&cx, rlock,
				 "{\"NAME\": \"app\", \"Version\": \"1.0.0\",\n"
				 " \"dependencieſ\": {\"a\": \"^1.0.0\", \"e\": \"^9\"},\n"
				 " \"dependencies\": {\"d\": null},\n"
				 " \"optionalDependencies\": {\"e\": \"^3\"},\n"
				 " \"devDependencies\": {\"f\": \"^1\", \"b\": \"1.5.0\"}}",
				 NULL, 0, &a),
		0);
	want_rel(&cx, &a, "app@1.0.0", RT, false);
	want_deps(&cx, &a, "app@1.0.0", "a@2.0.0 b@1.5.0 d@1.0.0 e@3.1.0 f@1.0.0");
	want_rel(&cx, &a, "a@2.0.0", DI, false);
	/* direct in devDependencies, then reached from a production package: the later walk
	 * makes it indirect and not a development dependency (as Trivy does) */
	want_rel(&cx, &a, "b@1.5.0", IN, false);
	want_rel(&cx, &a, "c@1.0.0", IN, false);
	want_rel(&cx, &a, "d@1.0.0", DI, false);
	want_rel(&cx, &a, "e@3.1.0", DI, false);
	want_rel(&cx, &a, "e@2.2.0", U, false);
	want_rel(&cx, &a, "f@1.0.0", DI, true);
	want_rel(&cx, &a, "f@4.0.0", U, false);
	assert_int_equal(a.npkgs, 9);
	assert_null(by_id(&cx, &a, "app@1.0.0")->id);

	/* without the pattern table, the version decides (2.0.0 is not ^1.0.0); a name in
	 * both dependency kinds is a production dependency, listed twice as Trivy lists it;
	 * a null document is an empty manifest named by its path */
	assert_int_equal(run_text(&cx, rlock, &a), 0);
	a.kept = NULL;
	a.nkept = 0;
	assert_int_equal(ks_lang_yarn_package_json(&cx, &a,
				 &(struct ks_file){ "w/package.json", (const uint8_t *)both,
					 strlen(both) },
				 NULL),
		0);
	want_rel(&cx, &a, "a@2.0.0", U, false);
	want_rel(&cx, &a, "d@1.0.0", DI, false);
	want_deps(&cx, &a, "w/package.json", "d@1.0.0 d@1.0.0");
	assert_string_equal(by_id(&cx, &a, "w/package.json")->name, "x");
	assert_int_equal(step_text(&cx, rlock, "null", NULL, 0, &a), 0);
	want_rel(&cx, &a, "w/package.json", RT, false);
	assert_int_equal(a.npkgs, 9);

	/* "npm:" aliases rename, keeping the ID; the fragment pattern also takes other
	 * protocols apart as Trivy's regexp does ("github:u/d" renames d to "u/d" with the
	 * empty range) */
	assert_int_equal(step_text(&cx, rlock,
				 "{\"dependencies\": {\"a\": \"npm:@s/n@^2\","
				 " \"d\": \"github:u/d\", \"c\": \"npm:\"}}",
				 NULL, 0, &a),
		0);
	assert_string_equal(by_id(&cx, &a, "a@2.0.0")->name, "@s/n");
	assert_string_equal(by_id(&cx, &a, "a@2.0.0")->id, "a@2.0.0");
	want_rel(&cx, &a, "a@2.0.0", DI, false);
	assert_string_equal(by_id(&cx, &a, "d@1.0.0")->name, "u/d");
	assert_string_equal(by_id(&cx, &a, "c@1.0.0")->name, "");
	want_rel(&cx, &a, "c@1.0.0", DI, false);

	/* a workspace that names an earlier workspace through the workspace: protocol
	 * turns it into a direct dependency named "*" (Trivy's fragment pattern again) */
	{
		static const char *const files[] = { "w/p/one/package.json",
			"{\"name\": \"one\", \"version\": \"1.0.0\", "
			"\"dependencies\": {\"d\": \"^1\"}}",
			"w/p/two/package.json",
			"{\"name\": \"two\", \"version\": \"1.0.0\", \"dependencies\": "
			"{\"one\": \"workspace:*\"}}" };

		assert_int_equal(step_text(&cx, rlock,
					 "{\"workspaces\": {\"packages\": [\"p/*\"]}}", files, 2,
					 &a),
			0);
		want_rel(&cx, &a, "one@1.0.0", DI, false);
		assert_string_equal(by_id(&cx, &a, "one@1.0.0")->name, "*");
		assert_string_equal(by_id(&cx, &a, "one@1.0.0")->id, "one@1.0.0");
		want_rel(&cx, &a, "two@1.0.0", WS, false);
		want_deps(&cx, &a, "two@1.0.0", "one@1.0.0");
		want_deps(&cx, &a, "w/package.json", "one@1.0.0 two@1.0.0");
		want_rel(&cx, &a, "d@1.0.0", IN, false);
	}
	assert_int_equal(cx.nwarns, 0);
	ks_ctx_release(&cx);
}

/* Workspace globs as Go's io/fs.Glob and walk expand them. */
static void test_workspace_globs(void **state)
{
	static const char *const files[] = {
		"w/package.json", "{}",
		"w/a-b/package.json", "{\"name\": \"dup\", \"version\": \"1.0.0\", "
				      "\"dependencies\": {\"c\": \"^1\"}}",
		"w/a/package.json", "{\"name\": \"dup\", \"version\": \"1.0.0\", "
				    "\"dependencies\": {\"d\": \"^1\"}}",
		"w/pkgs/abc/package.json", "{\"name\": \"abc\", \"version\": \"1.0.0\"}",
		"w/pkgs/xyz/package.json", "{\"name\": \"xyz\", \"version\": \"1.0.0\"}",
		"w/pkgs/xyz/node_modules/m/package.json",
		"{\"name\": \"m\", \"version\": \"1.0.0\"}",
		"w/pkgs/bad/package.json", "{\"name\": 7}",
		"w/pkgs/*x/package.json", "{\"name\": \"star\", \"version\": \"1.0.0\"}",
		"w/tools/package.json", "{\"name\": \"tools\", \"version\": \"1.0.0\"}",
		"w/tools/Cargo.toml", "",
		"x/package.json", "{\"name\": \"outside\", \"version\": \"1.0.0\"}",
	};
	struct ks_ctx cx;
	struct ks_ares a;
	size_t n = sizeof(files) / sizeof(files[0]) / 2;

	(void)state;
	tu_ctx(&cx);
	/* "*" reaches a and a-b in Go's order (a first), so a-b's copy of dup@1.0.0 wins and
	 * the root lists dup twice */
	assert_int_equal(step_text(&cx, rlock, "{\"workspaces\": [\"a*\"]}", files, n, &a), 0);
	want_deps(&cx, &a, "w/package.json", "dup@1.0.0 dup@1.0.0");
	want_deps(&cx, &a, "dup@1.0.0", "c@1.0.0");
	want_rel(&cx, &a, "c@1.0.0", DI, false);
	want_rel(&cx, &a, "d@1.0.0", DI, false);
	assert_int_equal(a.npkgs, 10);
	/* classes, "?", an escaped star, a literal file, "**" as "*" with the walk below
	 * every match (node_modules included), ".." inside the tree; a manifest that does
	 * not parse is skipped with a warning; what climbs out of the tree matches nothing */
	assert_int_equal(step_text(&cx, rlock,
				 "{\"workspaces\": [\"pkgs/[a-b]b?\", \"pkgs/[^a-b]yz\","
				 " \"pkgs/\\\\*x\", \"tools/package.json\", \"pkgs/x/../b*\","
				 " \"../../x\", \"/pkgs/**\"]}",
				 files, n, &a),
		0);
	want_deps(&cx, &a, "w/package.json",
		"abc@1.0.0 abc@1.0.0 m@1.0.0 m@1.0.0 star@1.0.0 star@1.0.0 tools@1.0.0 xyz@1.0.0 "
		"xyz@1.0.0");
	want_rel(&cx, &a, "m@1.0.0", WS, false);
	assert_int_equal(lk_nwarns(&cx, "'w/pkgs/bad/package.json'"), 2);
	/* the empty pattern is the lock file's directory: every package.json below it,
	 * the manifest itself included */
	assert_int_equal(step_text(&cx, rlock, "{\"workspaces\": [\"\"], \"name\": \"r\"}", files,
				 n, &a),
		0);
	want_rel(&cx, &a, "w/package.json", WS, false);
	assert_int_equal(lk_nwarns(&cx, "'w/pkgs/bad/package.json'"), 3);
	/* no tree: no workspaces */
	assert_int_equal(step_text(&cx, rlock, "{\"workspaces\": [\"*\"]}", NULL, 0, &a), 0);
	want_deps(&cx, &a, "w/package.json", "");
	ks_ctx_release(&cx);
}

/* The step fails, naming the package.json, and leaves the lock file's result alone. */
static void expect_unchanged(const char *pj, const char *needle)
{
	static const char *const files[] = { "w/p/package.json", "{}" };
	struct ks_ctx cx;
	struct ks_ares a;
	struct ks_pkg *before;
	size_t n, i;
	int rc;

	tu_ctx(&cx);
	assert_int_equal(run_text(&cx, rlock, &a), 0);
	before = a.pkgs;
	n = a.npkgs;
	rc = ks_lang_yarn_package_json(&cx, &a,
		&(struct ks_file){ "w/package.json", (const uint8_t *)pj, strlen(pj) },
		&(const struct ks_lang_tree){ mtree_under, &(struct mtree){ files, 1 } });
	lk_expect_err(&cx, rc, KS_ECORRUPT, "'w/package.json'", needle);
	assert_ptr_equal(a.pkgs, before);
	assert_int_equal(a.npkgs, n);
	for (i = 0; i < n; i++)
		assert_int_equal(a.pkgs[i].relationship, U);
	ks_ctx_release(&cx);
}

static void test_manifest_corrupt(void **state)
{
	static const char *const bad[][2] = {
		{ "", "not a JSON document" },
		{ "{", "not a JSON document" },
		{ "[]", "not a JSON object" },
		{ "\"x\"", "not a JSON object" },
		{ "{\"name\": 1}", "\"name\" is not a string" },
		{ "{\"version\": {}}", "\"version\" is not a string" },
		{ "{\"name\": \"\\q\"}", "bad \"name\"" },
		{ "{\"name\": \"Bad Name\"}", "not URL-friendly" },
		{ "{\"dependencies\": []}", "\"dependencies\" is not an object" },
		{ "{\"devDependencies\": {\"a\": 1}}", "non-string" },
		{ "{\"optionalDependencies\": {\"a\\x\": \"1\"}}", "malformed" },
		{ "{\"workspaces\": [1]}", "not a string" },
		{ "{\"workspaces\": {\"packages\": \"p/*\"}}", "not an array" },
		{ "{\"workspaces\": {\"packages\": null}}", "not an array" },
		{ "{\"workspaces\": [\"p/[\"]}", "bad workspace pattern" },
		{ "{\"workspaces\": [\"p\\\\\"]}", "bad workspace pattern" },
		{ "{\"workspaces\": [\"[]a\"]}", "bad workspace pattern" },
		{ "{\"workspaces\": [\"../[a-]\"]}", "bad workspace pattern" },
		/* Trivy's npm comparer cannot read "latest" (a's pattern is a@^1.0.0) */
		{ "{\"dependencies\": {\"a\": \"latest\"}}", "unable to match version for a" },
	};
	uint8_t *data;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_unchanged(bad[i][0], bad[i][1]);
	/* every truncation of a real package.json before its closing brace */
	data = tu_read(tu_shared(TA "monorepo/package.json"), &n);
	while (n > 0 && data[n - 1] != '}')
		n--;
	while (n-- > 0) {
		char *t = malloc(n + 1);

		assert_non_null(t);
		memcpy(t, data, n);
		t[n] = '\0';
		expect_unchanged(t, NULL);
		free(t);
	}
	free(data);
}

/* Bytes of real package.json files flipped one at a time: the step never crashes and
 * either applies or leaves the result as it was. */
static void test_manifest_mangled(void **state)
{
	static const char *const names[] = { TA "happy/package.json", TA "alias/package.json",
		TA "monorepo/package.json" };
	static const char *const files[] = { "w/packages/x/package.json",
		"{\"name\": \"x\", \"version\": \"1.0.0\", \"dependencies\": {\"a\": \"^1\"}}" };
	size_t k, i, n;

	(void)state;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		uint8_t *data = tu_read(tu_shared(names[k]), &n);

		for (i = 0; i < n; i++) {
			static const uint8_t flips[] = { 0xff, '"', '{', '[', '\\', '*', 0 };
			struct ks_ctx cx;
			struct ks_ares a;
			uint8_t save = data[i];
			int rc;

			tu_ctx(&cx);
			assert_int_equal(run_text(&cx, rlock, &a), 0);
			data[i] = flips[i % sizeof(flips)];
			rc = ks_lang_yarn_package_json(&cx, &a,
				&(struct ks_file){ "w/package.json", data, n },
				&(const struct ks_lang_tree){ mtree_under,
					&(struct mtree){ files, 1 } });
			assert_true(rc == 0 || rc == KS_ECORRUPT);
			assert_true(rc == 0 || a.npkgs == 8);
			data[i] = save;
			ks_ctx_release(&cx);
		}
		free(data);
	}
}

/* Licences under node_modules are matched by package ID: an aliased package keeps its
 * alias ID, so the installed copy under its real name does not give it a licence. */
static void test_licenses_by_id(void **state)
{
	struct ks_ctx cx;
	struct ks_ares lock = { 0 }, inst = { 0 };
	struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	p = ks_lang_add(&cx, &lock, KS_STR_LIT("@types/uuid"), KS_STR_LIT("9.0.7"), 0, 0);
	p->id = "foo-uuid@9.0.7";
	p = ks_lang_add(&cx, &lock, KS_STR_LIT("ms"), KS_STR_LIT("2.1.2"), 0, 0);
	p = ks_lang_add(&cx, &inst, KS_STR_LIT("@types/uuid"), KS_STR_LIT("9.0.7"), 0, 0);
	p->file_path = "node_modules/foo-uuid/package.json";
	assert_int_equal(ks_strv_push(&cx.arena, &p->licenses, "MIT"), 0);
	p = ks_lang_add(&cx, &inst, KS_STR_LIT("ms"), KS_STR_LIT("2.1.2"), 0, 0);
	p->file_path = "node_modules/ms/package.json";
	assert_int_equal(ks_strv_push(&cx.arena, &p->licenses, "MIT"), 0);
	assert_int_equal(ks_lang_node_licenses(&cx, &lock, "yarn.lock", inst.pkgs, inst.npkgs), 0);
	assert_int_equal(lock.pkgs[0].licenses.n, 0);
	assert_int_equal(lock.pkgs[1].licenses.n, 1);
	ks_ctx_release(&cx);
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
		cmocka_unit_test(test_trivy_analyzer),
		cmocka_unit_test(test_pattern_table),
		cmocka_unit_test(test_manifest_rules),
		cmocka_unit_test(test_workspace_globs),
		cmocka_unit_test(test_manifest_corrupt),
		cmocka_unit_test(test_manifest_mangled),
		cmocka_unit_test(test_licenses_by_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
