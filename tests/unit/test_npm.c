/*
 * test_npm.c - the npm lock-file analyzer (lib/analyze/npm.c) and the node_modules licence
 * step (lib/analyze/lang_extra.c) on real lock files: Trivy's integration golden (every
 * package field by field), the `npm ls --all` tree of a real install for lock files v1, v2
 * and v3 (same packages, same dependency graph), Trivy's parser test expectations
 * (workspaces, links, peers, dev merging), and corrupt or hostile inputs.
 */
#include "testutil.h"
#include "langkit.h"
#include "goldenkit.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/lang_extra.h"
#include "util/buf.h"

#define TP "fixtures/lockfiles/trivy/parser/nodejs/npm/"
#define APP "fixtures/lockfiles/node/npm-generated-vuln-app/"

static void test_wants(void **state)
{
	const struct ks_analyzer *a = &ks_analyzer_npm;

	(void)state;
	assert_true(a->wants("package-lock.json", 17));
	assert_true(a->wants("app/package-lock.json", 21));
	assert_false(a->wants("node_modules/x/package-lock.json", 32));
	assert_false(a->wants("a/node_modules/package-lock.json", 32));
	assert_true(a->wants("my_node_modules/package-lock.json", 33));
	assert_false(a->wants("package.json", 12));
	assert_false(a->wants("xpackage-lock.json", 18));
	assert_int_equal(a->modes, KS_MODE_PRE);
	assert_string_equal(a->name, "npm");
}

/* The package's fields as a compact line, for comparisons with expected text. */
static void describe(const struct ks_pkg *p, char *buf, size_t size)
{
	char locs[1024], deps[2048];

	lk_locs(p, locs, sizeof(locs));
	lk_deps(p, deps, sizeof(deps));
	snprintf(buf, size, "rel=%s dev=%d locs=%s deps=%s",
		p->relationship ? ks_rel_name(p->relationship) : "-", p->dev, locs, deps);
}

static void expect_pkg(const struct ks_ares *a, const char *name, const char *version,
	const char *want)
{
	const struct ks_pkg *p = lk_find(a, name, version);
	char got[4096];

	if (p == NULL)
		fail_msg("missing %s@%s", name, version);
	describe(p, got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("%s@%s: got '%s', want '%s'", name, version, got, want);
}

/* Parses every node_modules/<name>/package.json of a tree with node-pkg. */
static void installed(struct ks_ctx *cx, const char *dir, const char *const *names,
	struct ks_ares *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; names[i] != NULL; i++) {
		char rel[512], path[512];
		uint8_t *data;
		size_t n;
		struct ks_file f;

		snprintf(rel, sizeof(rel), "%snode_modules/%s/package.json", dir, names[i]);
		snprintf(path, sizeof(path), "node_modules/%s/package.json", names[i]);
		data = tu_read(tu_shared(rel), &n);
		f = (struct ks_file){ path, data, n };
		assert_int_equal(ks_analyzer_node_pkg.parse(cx, &f, out), 0);
		free(data);
	}
}

static void test_integration_golden(void **state)
{
	static const char *const mods[] = { "jquery", "promise", "react", "react-is", "redux",
		"z-lock", NULL };
	struct ks_ctx cx;
	struct ks_ares lock, inst;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_npm,
				 "fixtures/lockfiles/trivy-integration-repo/npm/package-lock.json",
				 "package-lock.json", &lock),
		0);
	installed(&cx, "fixtures/lockfiles/trivy-integration-repo/npm/", mods, &inst);
	assert_int_equal(inst.npkgs, 6);
	assert_string_equal(inst.pkgs[0].file_path, "node_modules/jquery/package.json");
	assert_int_equal(ks_lang_node_licenses(&cx, &lock, "package-lock.json", inst.pkgs,
				 inst.npkgs),
		0);
	gk_expect(&lock, "fixtures/goldens/trivy/integration/npm.json.golden", 0);
	assert_true(lk_find(&lock, "z-lock", "1.0.0")->dev);
	ks_ctx_release(&cx);
}

/* The licence step only looks under the lock file's own node_modules. */
static void test_licenses_elsewhere(void **state)
{
	static const char *const mods[] = { "jquery", NULL };
	struct ks_ctx cx;
	struct ks_ares lock, inst;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_npm,
				 "fixtures/lockfiles/trivy-integration-repo/npm/package-lock.json",
				 "app/package-lock.json", &lock),
		0);
	installed(&cx, "fixtures/lockfiles/trivy-integration-repo/npm/", mods, &inst);
	assert_int_equal(ks_lang_node_licenses(&cx, &lock, "app/package-lock.json", inst.pkgs,
				 inst.npkgs),
		0);
	p = lk_find(&lock, "jquery", "3.3.9");
	assert_non_null(p);
	assert_int_equal(p->licenses.n, 0);
	inst.pkgs[0].file_path = "app/node_modules/jquery/package.json";
	assert_int_equal(ks_lang_node_licenses(&cx, &lock, "app/package-lock.json", inst.pkgs,
				 inst.npkgs),
		0);
	assert_int_equal(p->licenses.n, 1);
	assert_string_equal(p->licenses.v[0], "MIT");
	ks_ctx_release(&cx);
}

/* name@version -> union of the name@version of its children, from `npm ls --all --json`. */
struct lsmap {
	json_t *deps; /* object: id -> object used as a set */
};

static void ls_walk(struct lsmap *m, json_t *node)
{
	json_t *deps = json_object_get(node, "dependencies"), *child;
	const char *name;

	json_object_foreach(deps, name, child)
	{
		char id[512];
		json_t *set, *grand;
		const char *gname;

		snprintf(id, sizeof(id), "%s@%s", name,
			json_string_value(json_object_get(child, "version")));
		if ((set = json_object_get(m->deps, id)) == NULL) {
			set = json_object();
			json_object_set_new(m->deps, id, set);
		}
		json_object_foreach(json_object_get(child, "dependencies"), gname, grand)
		{
			char gid[512];

			snprintf(gid, sizeof(gid), "%s@%s", gname,
				json_string_value(json_object_get(grand, "version")));
			json_object_set_new(set, gid, json_true());
		}
		ls_walk(m, child);
	}
}

static void expect_npm_ls(const char *lockfile, bool rels)
{
	static const char *const direct[] = { "ansi-regex", "axios", "express", "jquery",
		"lodash", "minimist", "node-fetch", NULL };
	json_error_t jerr;
	json_t *tree = json_load_file(tu_shared(APP "expected-npm-ls-all.json"), 0, &jerr);
	struct lsmap m = { json_object() };
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i, k;

	assert_non_null(tree);
	ls_walk(&m, tree);
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_npm, lockfile, "package-lock.json", &a),
		0);
	assert_int_equal(a.npkgs, json_object_size(m.deps));
	assert_true(a.npkgs >= 50);
	for (i = 0; i < a.npkgs; i++) {
		const struct ks_pkg *p = &a.pkgs[i];
		char id[512];
		json_t *set;
		bool is_direct = false;

		snprintf(id, sizeof(id), "%s@%s", p->name, p->version);
		if ((set = json_object_get(m.deps, id)) == NULL)
			fail_msg("%s is not in npm ls", id);
		if (json_object_size(set) != p->depends_on.n)
			fail_msg("%s: %zu dependencies, npm ls has %zu", id, p->depends_on.n,
				json_object_size(set));
		for (k = 0; k < p->depends_on.n; k++)
			if (json_object_get(set, p->depends_on.v[k]) == NULL)
				fail_msg("%s: dependency %s is not in npm ls", id,
					p->depends_on.v[k]);
		for (k = 0; direct[k] != NULL; k++)
			is_direct |= strcmp(direct[k], p->name) == 0;
		assert_int_equal(p->dev, strcmp(p->name, "ansi-regex") == 0);
		if (rels)
			assert_int_equal(p->relationship,
				is_direct ? KS_REL_DIRECT : KS_REL_INDIRECT);
		else
			assert_int_equal(p->relationship, KS_REL_UNKNOWN);
		assert_true(p->nlocs >= 1);
	}
	json_decref(m.deps);
	json_decref(tree);
	ks_ctx_release(&cx);
}

static void test_npm_ls_v1(void **state)
{
	(void)state;
	expect_npm_ls(APP "package-lock.v1.json", false);
}

static void test_npm_ls_v2(void **state)
{
	(void)state;
	expect_npm_ls(APP "package-lock.v2.json", true);
}

static void test_npm_ls_v3(void **state)
{
	(void)state;
	expect_npm_ls(APP "package-lock.v3.json", true);
}

static void test_trivy_v1(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_npm, TP "package-lock_v1.json",
				 "package-lock.json", &a),
		0);
	assert_int_equal(a.npkgs, 31);
	expect_pkg(&a, "debug", "2.6.9", "rel=- dev=0 locs=35-42,111-118 deps=ms@2.0.0");
	expect_pkg(&a, "debug", "2.5.2", "rel=- dev=1 locs=60-76 deps=ms@0.7.2");
	expect_pkg(&a, "ms", "0.7.2", "rel=- dev=1 locs=69-74 deps=");
	expect_pkg(&a, "ms", "2.0.0", "rel=- dev=0 locs=43-47,119-123 deps=");
	expect_pkg(&a, "@babel/helper-string-parser", "7.19.4", "rel=- dev=0 locs=7-11 deps=");
	expect_pkg(&a, "body-parser", "1.18.3",
		"rel=- dev=0 locs=18-49 deps=bytes@3.0.0 content-type@1.0.5 debug@2.6.9 "
		"depd@1.1.2 http-errors@1.6.3 iconv-lite@0.4.23 on-finished@2.3.0 qs@6.5.2 "
		"raw-body@2.3.3 type-is@1.6.18");
	expect_pkg(&a, "type-is", "1.6.18",
		"rel=- dev=0 locs=226-234 deps=media-typer@0.3.0 mime-types@2.1.35");
	ks_ctx_release(&cx);
}

static void test_trivy_v2_v3(void **state)
{
	static const char *const files[] = { TP "package-lock_v2.json",
		TP "package-lock_v3.json" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct ks_ctx cx;
		struct ks_ares a;

		tu_ctx(&cx);
		assert_int_equal(lk_run_shared(&cx, &ks_analyzer_npm, files[i],
					 "package-lock.json", &a),
			0);
		assert_int_equal(a.npkgs, 31);
		expect_pkg(&a, "promise", "8.3.0", "rel=direct dev=0 locs=239-247 deps=asap@2.0.6");
		expect_pkg(&a, "ms", "1.0.0", "rel=direct dev=0 locs=215-219 deps=");
		expect_pkg(&a, "asap", "2.0.6", "rel=indirect dev=0 locs=32-37 deps=");
		expect_pkg(&a, "debug", "2.6.9", "rel=indirect dev=0 locs=58-65,145-152 deps=ms@2.0.0");
		expect_pkg(&a, "ms", "2.0.0", "rel=indirect dev=0 locs=66-70,153-157 deps=");
		expect_pkg(&a, "finalhandler", "1.1.1",
			"rel=direct dev=0 locs=128-144 deps=debug@2.6.9 encodeurl@1.0.2 "
			"escape-html@1.0.3 on-finished@2.3.0 parseurl@1.3.3 statuses@1.4.0 "
			"unpipe@1.0.0");
		if (i == 0)
			expect_pkg(&a, "mime-types", "2.1.35",
				"rel=indirect dev=0 locs=204-214 deps=mime-db@1.52.0");
		ks_ctx_release(&cx);
	}
}

static void run_want(const char *file, const struct lk_want *w, size_t n)
{
	struct ks_ctx cx;
	struct ks_ares a;

	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_npm, file, "package-lock.json", &a), 0);
	lk_expect(&a, w, n);
	ks_ctx_release(&cx);
}

static void test_trivy_workspace(void **state)
{
	static const struct lk_want w[] = {
		{ "debug", "2.5.2", KS_REL_DIRECT, "39-46", "ms@0.7.2", false, NULL },
		{ "function1", "", KS_REL_DIRECT, "18-23", "nested_func@1.0.0", false, NULL },
		{ "nested_func", "1.0.0", KS_REL_DIRECT, "24-30", "debug@2.6.9", false, NULL },
		{ "debug", "2.6.9", KS_REL_INDIRECT, "31-38", "ms@2.0.0", false, NULL },
		{ "ms", "0.7.2", KS_REL_INDIRECT, "47-51", NULL, false, NULL },
		{ "ms", "2.0.0", KS_REL_INDIRECT, "56-60", NULL, false, NULL },
	};
	static const struct lk_want wo[] = {
		{ "lodash", "4.17.21", KS_REL_INDIRECT, "16-21", NULL, false, NULL },
		{ "testapp", "1.0.0", KS_REL_DIRECT, "26-31", "lodash@4.17.21", false, NULL },
	};
	static const struct lk_want noroot[] = {
		{ "func1", "1.0.0", KS_REL_DIRECT, "15-21", "debug@2.6.9", false, NULL },
		{ "debug", "2.6.9", KS_REL_INDIRECT, "22-29", "ms@2.0.0", false, NULL },
		{ "ms", "2.0.0", KS_REL_INDIRECT, "34-38", NULL, false, NULL },
	};

	(void)state;
	run_want(TP "package-lock_v3_with_workspace.json", w, 6);
	run_want(TP "package-lock_v3_with_workspace_as_object.json", wo, 2);
	run_want(TP "package-lock_v3_without_root_deps_field.json", noroot, 3);
}

static void test_trivy_peer_and_dev(void **state)
{
	static const struct lk_want peer[] = {
		{ "lodash", "4.17.21", KS_REL_DIRECT, "30-36", NULL, false, NULL },
		{ "winston-mail", "2.0.0", KS_REL_DIRECT, "60-74", "mustache@2.3.2 winston@3.17.0",
			false, NULL },
		{ "mustache", "2.3.2", KS_REL_INDIRECT, "18-29", NULL, false, NULL },
		{ "triple-beam", "1.4.1", KS_REL_INDIRECT, "37-46", NULL, false, NULL },
		{ "winston", "3.17.0", KS_REL_INDIRECT, "47-59", "triple-beam@1.4.1", false, NULL },
	};
	static const struct lk_want dev[] = {
		{ "fsevents", "1.2.9", KS_REL_DIRECT, "18-37", "node-pre-gyp@0.12.0", true, NULL },
		{ "minimist", "0.0.8", KS_REL_DIRECT, "38-43,68-72", NULL, false, NULL },
		{ "mkdirp", "0.5.1", KS_REL_INDIRECT, "44-55", "minimist@0.0.8", true, NULL },
		{ "node-pre-gyp", "0.12.0", KS_REL_INDIRECT, "56-67", "mkdirp@0.5.1", true, NULL },
	};

	(void)state;
	run_want(TP "package-lock_v3_with_peer.json", peer, 5);
	run_want(TP "package-lock_v3_with-same-dev-and-non-dev.json", dev, 4);
}

static void test_broken_link(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_npm, TP "package-lock_v3_broken_link.json",
				 "package-lock.json", &a),
		0);
	assert_int_equal(a.npkgs, 0);
	assert_int_equal(lk_nwarns(&cx, "node_modules/func1"), 1);
	ks_ctx_release(&cx);
}

static void test_legacy_licenses(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_npm,
				 TP "package-lock_v3_with_legacy_licenses.json",
				 "package-lock.json", &a),
		0);
	assert_int_equal(a.npkgs, 3);
	p = lk_find(&a, "tv4", "1.3.0");
	assert_int_equal(p->licenses.n, 2);
	assert_string_equal(p->licenses.v[0], "Public Domain");
	assert_string_equal(p->licenses.v[1], "MIT");
	p = lk_find(&a, "pause-stream", "0.0.11");
	assert_int_equal(p->licenses.n, 2);
	assert_string_equal(p->licenses.v[0], "MIT");
	assert_string_equal(p->licenses.v[1], "Apache-2.0");
	p = lk_find(&a, "mustache", "2.3.2");
	assert_int_equal(p->licenses.n, 1);
	assert_string_equal(p->licenses.v[0], "MIT");
	ks_ctx_release(&cx);
}

static int run_text(struct ks_ctx *cx, const char *text, struct ks_ares *a)
{
	return lk_run(cx, &ks_analyzer_npm, "sub/package-lock.json", text, strlen(text), a);
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = {
		"",
		"{",
		"[]",
		"{\"lockfileVersion\": \"2\"}",
		"{\"lockfileVersion\": 1.5}",
		"{\"lockfileVersion\": 2, \"packages\": []}",
		"{\"lockfileVersion\": 2, \"packages\": {\"node_modules/a\": {\"version\": 1}}}",
		"{\"lockfileVersion\": 2, \"packages\": {\"node_modules/a\": {\"dev\": \"yes\"}}}",
		"{\"lockfileVersion\": 2, \"packages\": {\"node_modules/a\": {\"dependencies\": "
		"{\"b\": 1}}}}",
		"{\"lockfileVersion\": 2, \"packages\": {\"node_modules/a\": 7}}",
		"{\"lockfileVersion\": 1, \"dependencies\": {\"a\": {\"version\": \"1\", "
		"\"requires\": []}}}",
		"{\"lockfileVersion\": 1, \"dependencies\": {\"a\": {\"version\": \"\\u00\"}}}",
		"{\"lockfileVersion\": 3} trailing",
	};
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc;

		tu_ctx(&cx);
		rc = run_text(&cx, bad[i], &a);
		if (rc != KS_ECORRUPT)
			fail_msg("case %zu: got %d (%s)", i, rc, cx.err.msg);
		assert_non_null(strstr(cx.err.msg, "sub/package-lock.json"));
		ks_ctx_release(&cx);
	}
	tu_ctx(&cx);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_npm,
				 "fixtures/lockfiles/trivy/analyzer/nodejs/npm/sad/"
				 "package-lock.json",
				 "sad/package-lock.json", &a),
		KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "sad/package-lock.json"));
	ks_ctx_release(&cx);
}

/* Shapes Trivy accepts: null members, lock files without packages, v1 requires that
 * resolve nowhere, a negative version read as "not 1". */
static void test_lenient(void **state)
{
	struct ks_ctx cx;
	struct ks_ares a;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(run_text(&cx, "{}", &a), 0);
	assert_int_equal(a.npkgs, 0);
	assert_int_equal(run_text(&cx,
				 "{\"lockfileVersion\": -1, \"packages\": {\"node_modules/@s/a\": "
				 "{\"version\": \"1.0.0\", \"dev\": null, "
				 "\"dependencies\": null}}}",
				 &a),
		0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].name, "@s/a");
	assert_int_equal(run_text(&cx,
				 "{\"lockfileVersion\": 1, \"dependencies\": {\"a\": {\"version\": "
				 "\"1.0.0\", \"requires\": {\"missing\": \"^1\", \"a\": \"1\"}}}}",
				 &a),
		0);
	assert_int_equal(a.npkgs, 1);
	assert_int_equal(a.pkgs[0].depends_on.n, 1);
	assert_string_equal(a.pkgs[0].depends_on.v[0], "a@1.0.0");
	ks_ctx_release(&cx);
}

/* One package repeated at many paths stays one package with every location, in linear
 * time and memory. */
static void test_many_duplicates(void **state)
{
	const size_t n = 20000;
	struct ks_buf b;
	struct ks_ctx cx;
	struct ks_ares a;
	size_t i;

	(void)state;
	ks_buf_init(&b, 1u << 26);
	assert_int_equal(ks_buf_adds(&b, "{\"lockfileVersion\": 3, \"packages\": {\n"), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(ks_buf_addf(&b,
					 "%s\"node_modules/p%zu/node_modules/x\": {\"version\": "
					 "\"1.0.0\"}\n",
					 i ? "," : "", i),
			0);
	assert_int_equal(ks_buf_adds(&b, "}}\n"), 0);
	tu_ctx(&cx);
	assert_int_equal(lk_run(&cx, &ks_analyzer_npm, "package-lock.json", b.p, b.n, &a), 0);
	assert_int_equal(a.npkgs, 1);
	assert_int_equal(a.pkgs[0].nlocs, n);
	assert_int_equal(a.pkgs[0].locs[n - 1].start, n + 1);
	ks_ctx_release(&cx);
	ks_buf_release(&b);
}

static void test_mangled(void **state)
{
	struct ks_ctx cx;
	uint8_t *data;
	size_t n;

	(void)state;
	data = tu_read(tu_shared(TP "package-lock_v3_with_workspace.json"), &n);
	tu_ctx(&cx);
	/* no prefix is a complete document but the text without its final newline */
	assert_true(lk_mangle(&cx, &ks_analyzer_npm, "x/package-lock.json", data, n) <= 1);
	ks_ctx_release(&cx);
	free(data);
	data = tu_read(tu_shared(TP "package-lock_v1.json"), &n);
	tu_ctx(&cx);
	/* no prefix is a complete document but the text without its final newline */
	assert_true(lk_mangle(&cx, &ks_analyzer_npm, "x/package-lock.json", data, n) <= 1);
	ks_ctx_release(&cx);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_integration_golden),
		cmocka_unit_test(test_licenses_elsewhere),
		cmocka_unit_test(test_npm_ls_v1),
		cmocka_unit_test(test_npm_ls_v2),
		cmocka_unit_test(test_npm_ls_v3),
		cmocka_unit_test(test_trivy_v1),
		cmocka_unit_test(test_trivy_v2_v3),
		cmocka_unit_test(test_trivy_workspace),
		cmocka_unit_test(test_trivy_peer_and_dev),
		cmocka_unit_test(test_broken_link),
		cmocka_unit_test(test_legacy_licenses),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_lenient),
		cmocka_unit_test(test_many_duplicates),
		cmocka_unit_test(test_mangled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
