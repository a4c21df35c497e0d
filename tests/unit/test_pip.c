/* test_pip.c - the pip analyzer (lib/analyze/pip.c): Trivy's requirements.txt parser
 * expectations on Trivy's test inputs (names, versions, lines), the integration golden
 * for trivy-integration-repo/pip field by field, the rewriting rules one by one, UTF-16
 * input, and over-long lines. */
#include "testutil.h"

#include "pykit.h"

static const struct ks_analyzer *an = &ks_analyzer_pip;

struct want {
	const char *name, *version;
	unsigned line;
};

static void check(const struct ks_ares *out, const struct want *w, size_t n, const char *what)
{
	size_t i;

	if (out->npkgs != n)
		fail_msg("%s: %zu packages, want %zu", what, out->npkgs, n);
	for (i = 0; i < n; i++) {
		const struct ks_pkg *p = &out->pkgs[i];

		if (strcmp(p->name, w[i].name) != 0 || strcmp(p->version, w[i].version) != 0 ||
		        p->nlocs != 1 || p->locs[0].start != w[i].line ||
		        p->locs[0].end != w[i].line)
			fail_msg("%s[%zu]: %s %s line %u, want %s %s line %u", what, i, p->name,
			        p->version, p->nlocs ? p->locs[0].start : 0, w[i].name,
			        w[i].version, w[i].line);
		assert_int_equal(p->relationship, KS_REL_UNKNOWN);
		assert_false(p->dev);
	}
}

static void test_wants(void **state)
{
	(void)state;
	assert_true(an->wants("requirements.txt", 16));
	assert_true(an->wants("app/requirements.txt", 20));
	assert_false(an->wants("app/requirements-dev.txt", 24));
	assert_false(an->wants("app/xrequirements.txt", 21));
	assert_int_equal(an->modes, KS_MODE_PRE);
}

/* Trivy's pkg/dependency/parser/python/pip parse_test.go cases (default mode). */
static void test_trivy_parser(void **state)
{
	static const struct want flask[] = {{"click", "8.0.0", 1}, {"Flask", "2.0.0", 2},
	        {"itsdangerous", "2.0.0", 3}, {"Jinja2", "3.0.0", 4}, {"MarkupSafe", "2.0.0", 5},
	        {"Werkzeug", "2.0.0", 6}};
	static const struct want comments[] = {{"click", "8.0.0", 4}, {"Flask", "2.0.0", 5},
	        {"Jinja2", "3.0.0", 6}, {"MarkupSafe", "2.0.0", 7}};
	static const struct want spaces[] = {{"click", "8.0.0", 1}, {"Flask", "2.0.0", 2},
	        {"itsdangerous", "2.0.0", 3}, {"Jinja2", "3.0.0", 5}};
	static const struct want nover[] = {{"Flask", "2.0.0", 1}};
	static const struct want oper[] = {{"Django", "2.3.4", 4}, {"SomeProject", "5.4", 5}};
	static const struct want hash[] = {{"FooProject", "1.2", 1}, {"Jinja2", "3.0.0", 4}};
	static const struct want hyph[] = {
	        {"oauth2-client", "4.0.0", 1}, {"python-gitlab", "2.0.0", 2}};
	static const struct want extras[] = {{"pyjwt", "2.1.0", 1}, {"celery", "4.4.7", 2}};
	static const struct want utf16[] = {{"attrs", "20.3.0", 1}};
	static const struct {
		const char *file;
		const struct want *w;
		size_t n;
	} cases[] = {
	        {"requirements_flask.txt", flask, 6},
	        {"requirements_comments.txt", comments, 4},
	        {"requirements_spaces.txt", spaces, 4},
	        {"requirements_no_version.txt", nover, 1},
	        {"requirements_operator.txt", oper, 2},
	        {"requirements_hash.txt", hash, 2},
	        {"requirements_hyphens.txt", hyph, 2},
	        {"requirement_exstras.txt", extras, 2},
	        {"requirements_utf16le.txt", utf16, 1},
	        {"requirements_with_templating_engine.txt", NULL, 0},
	        /* only Trivy's comprehensive mode takes ~= and >= bounds */
	        {"requirements_compatible.txt", NULL, 0},
	};
	struct ks_ctx cx;
	struct ks_ares out;
	char rel[256];
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(rel, sizeof(rel), "fixtures/lockfiles/trivy/parser/python/pip/%s",
		        cases[i].file);
		if (pk_run(&cx, an, rel, "requirements.txt", &out) != 0)
			fail_msg("%s: %s", cases[i].file, cx.err.msg);
		check(&out, cases[i].w, cases[i].n, cases[i].file);
	}
	ks_ctx_release(&cx);
}

/* trivy-integration-repo/pip against its golden report. */
static void test_golden(void **state)
{
	struct ks_ctx cx;
	struct ks_ares out;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(
	        pk_run(&cx, an, "fixtures/lockfiles/trivy-integration-repo/pip/requirements.txt",
	                "requirements.txt", &out),
	        0);
	pk_golden(&cx, "fixtures/goldens/trivy/integration/pip.json.golden", "requirements.txt", an,
	        &out, false);
	/* Trivy's analyzer test input: only the pinned lines */
	assert_int_equal(
	        pk_run(&cx, an,
	                "fixtures/lockfiles/trivy/analyzer/python/pip/happy/requirements.txt",
	                "requirements.txt", &out),
	        0);
	check(&out,
	        (const struct want[]){{"annotated-types", "0.7.0", 1}, {"click", "8.0.0", 2},
	                {"Flask", "2.0.0", 3}, {"itsdangerous", "2.0.0", 4}},
	        4, "happy");
	ks_ctx_release(&cx);
}

/* The rewriting rules, one line each. */
static void test_rules(void **state)
{
	static const char text[] =
	        "a == 1.0 \\\n"                       /* 1: continuation backslash removed */
	        "    --hash=sha256:00\n"              /* 2: option only */
	        "b[x,y]==2.0;python_version<'3'\n"    /* 3: extras and marker */
	        "c==3.0 # c==4.0\n"                   /* 4: comment */
	        "d==1.*\n"                            /* 5: not a version */
	        "e==1.0==2.0\n"                       /* 6: two == */
	        "f===1.0\n"                           /* 7: === leaves "=1.0" */
	        "g>=1.0\n"                            /* 8: range */
	        "-r other.txt\n"                      /* 9: include, not followed */
	        "-e git+https://x/y.git#egg=h==1.0\n" /* 10: comment cut leaves no == */
	        "i]x[==1.0\n"                         /* 11: ']' before '[': "i]x" + "]x[==1.0" */
	        "j[x==1.0\n"                          /* 12: no ']': "j" + "j[x==1.0" */
	        "k\xc3\xa9==1.0\n"                    /* 13: non-ASCII name */
	        "==1.0\n"                             /* 14: empty name, accepted as by Trivy */
	        "L.m_n-o==v1.0.post2\r\n"             /* 15: CRLF, PEP 440 spellings */
	        "p==1.0\t# tab before comment\n"      /* 16 */
	        "q==1.0 --hash=sha256:aa";            /* 17: no final newline */
	static const struct want w[] = {{"a", "1.0", 1}, {"b", "2.0", 3}, {"c", "3.0", 4},
	        {"", "1.0", 14}, {"L.m_n-o", "v1.0.post2", 15}, {"p", "1.0", 16}, {"q", "1.0", 17}};
	struct ks_ctx cx;
	struct ks_ares out;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(pk_run_mem(&cx, an, text, sizeof(text) - 1, "requirements.txt", &out), 0);
	check(&out, w, sizeof(w) / sizeof(w[0]), "rules");
	ks_ctx_release(&cx);
}

static void test_encodings(void **state)
{
	static const char be[] = "\xfe\xff\0a\0=\0=\0001\0.\0000\0\n";
	static const char bom8[] = "\xef\xbb\xbf"
	                           "b==2.0\n";
	/* an unpaired high surrogate and an odd last byte become U+FFFD: no package there */
	static const char bad16[] = "\xff\xfe\x00\xd8x\0=\0=\0001\0\n\0c\0=\0=\0002\0\n\0A";
	struct ks_ctx cx;
	struct ks_ares out;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(pk_run_mem(&cx, an, be, sizeof(be) - 1, "requirements.txt", &out), 0);
	check(&out, (const struct want[]){{"a", "1.0", 1}}, 1, "utf-16be");
	assert_int_equal(pk_run_mem(&cx, an, bom8, sizeof(bom8) - 1, "requirements.txt", &out), 0);
	check(&out, (const struct want[]){{"b", "2.0", 1}}, 1, "utf-8 bom");
	assert_int_equal(
	        pk_run_mem(&cx, an, bad16, sizeof(bad16) - 1, "requirements.txt", &out), 0);
	check(&out, (const struct want[]){{"c", "2", 2}}, 1, "bad utf-16");
	ks_ctx_release(&cx);
}

/* A line of 64 KiB fails the file (bufio.Scanner's limit); one byte less is fine. */
static void test_long_line(void **state)
{
	size_t n = 65536 + 20;
	char *text = malloc(n);
	struct ks_ctx cx;
	struct ks_ares out;

	(void)state;
	assert_non_null(text);
	memcpy(text, "a==1.0\n", 7);
	memset(text + 7, 'x', n - 7);
	tu_ctx(&cx);
	assert_int_equal(
	        pk_run_mem(&cx, an, text, 7 + 65536, "dir/requirements.txt", &out), KS_ELIMIT);
	assert_string_equal(
	        cx.err.msg, "pip: 'dir/requirements.txt': line 2: longer than 65535 bytes");
	assert_int_equal(pk_run_mem(&cx, an, text, 7 + 65535, "requirements.txt", &out), 0);
	assert_int_equal(out.npkgs, 1);
	free(text);
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wants),
	        cmocka_unit_test(test_trivy_parser),
	        cmocka_unit_test(test_golden),
	        cmocka_unit_test(test_rules),
	        cmocka_unit_test(test_encodings),
	        cmocka_unit_test(test_long_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
