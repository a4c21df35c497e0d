/* test_pip.c - the pip analyzer (lib/analyze/pip.c): Trivy's requirements.txt parser
 * expectations on Trivy's test inputs (names, versions, lines), the integration golden
 * for trivy-integration-repo/pip field by field, the rewriting rules one by one, UTF-16
 * input, and over-long lines; the "-r" includes it keeps, as pip reads them; and the join
 * step that follows them in a tree on disk (lib/layer/join_pip.c, lib/layer/treeread.c):
 * nesting, cycles, depth, escapes and symbolic links, missing and broken files. */
#include "testutil.h"

#include "analyze/pip.h"
#include "layer/layer.h"
#include "pykit.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

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

struct inc_want {
	unsigned line;
	const char *name;
};

/* The includes the analyzer kept for text, compared with w. */
static void check_includes(const char *text, size_t len, const struct inc_want *w, size_t n)
{
	struct ks_pip_include in;
	struct ks_ctx cx;
	struct ks_ares out;
	struct ks_rd rd;
	size_t i = 0;
	int r;

	tu_ctx(&cx);
	assert_int_equal(pk_run_mem(&cx, an, text, len, "requirements.txt", &out), 0);
	if (n == 0)
		assert_null(out.kept);
	ks_rd_init(&rd, out.kept, out.nkept);
	while ((r = ks_pip_next_include(&rd, &in)) == 1) {
		if (i >= n)
			fail_msg("include %zu (line %u) not expected", i, in.line);
		if (in.line != w[i].line || !ks_str_eq(in.path, w[i].name))
			fail_msg("include %zu: line %u '%.*s', want line %u '%s'", i, in.line,
			        (int)in.path.n, in.path.p, w[i].line, w[i].name);
		i++;
	}
	assert_int_equal(r, 0);
	assert_int_equal(i, n);
	ks_ctx_release(&cx);
}

/* pip's reading of include lines. Every expectation here is what pip 23.2.1's own
 * req_file module (preprocess, then its line parser; the first -r of an option line)
 * gives for the same text. */
static void test_include_lines(void **state)
{
	static const char text[] = "-r a.txt\n"                            /* 1 */
	                           "-rb.txt\n"                             /* 2 */
	                           "--requirement=c.txt\n"                 /* 3 */
	                           "--requirement d.txt\n"                 /* 4 */
	                           "--requirem e.txt\n"                    /* 5: abbreviation */
	                           "--req f.txt\n"                         /* 6: ambiguous */
	                           "-r g.txt -r h.txt\n"                   /* 7: first only */
	                           "-c c1.txt\n"                           /* 8: constraint */
	                           "-c c2.txt -r i.txt\n"                  /* 9 */
	                           "-e . -r j.txt\n"                       /* 10: editable */
	                           "  -r k.txt   # comment\n"              /* 11 */
	                           "-r l#m.txt\n"                          /* 12: not a comment */
	                           "-r \"n o.txt\"\n"                      /* 13 */
	                           "-r 'p q.txt'\n"                        /* 14 */
	                           "-r \"r\\\"s.txt\"\n"                   /* 15 */
	                           "-r \"t\\u.txt\"\n"                     /* 16 */
	                           "-r u\\ v.txt\n"                        /* 17 */
	                           "-r w.txt --hash=sha256:00\n"           /* 18 */
	                           "-r\n"                                  /* 19: no value */
	                           "-r \"unterminated\n"                   /* 20 */
	                           "--bogus -r x.txt\n"                    /* 21: unknown option */
	                           "-i https://pypi.org/simple -r y.txt\n" /* 22 */
	                           "--no-index=1 -r ab.txt\n"              /* 23: flag with value */
	                           "-r ac.txt \\\n"                        /* 24: continued */
	                           "   --pre\n"                            /* 25 */
	                           "-r \\\n"                               /* 26 */
	                           "ad.txt\n"                              /* 27 */
	                           "# -r ae.txt\n"                         /* 28 */
	                           "#-r af.txt \\\n"                       /* 29: no continuation */
	                           "-r ag.txt\n"                           /* 30 */
	                           "flask==1.0 -r ah.txt\n"                /* 31: a requirement */
	                           "-- -r ai.txt\n"                        /* 32 */
	                           "-r -- \n"                  /* 33: "--" is the value */
	                           "-r=aj.txt\n"               /* 34 */
	                           "-C a=b --pre -r al.txt\n"  /* 35 */
	                           "-x -r aq.txt\n"            /* 36 */
	                           "-r ar.txt\\\\\n"           /* 37: backslashes cut */
	                           "as.txt\n"                  /* 38 */
	                           "-r \"\"\n"                 /* 39: empty name */
	                           "-rat.txt -e x\n"           /* 40 */
	                           " \t-r aw.txt\n"            /* 41 */
	                           "-r ax.txt\t#tab comment\n" /* 42 */
	                           "-r b\\\n"                  /* 43 */
	                           "a.txt\n"                   /* 44 */
	                           "-r ${NOPE_VAR}/bc.txt\n"   /* 45: not expanded */
	                           "-r bd.txt \\\n"            /* 46 */
	                           "-r be.txt";                /* 47: no final newline */
	static const struct inc_want w[] = {{1, "a.txt"}, {2, "b.txt"}, {3, "c.txt"}, {4, "d.txt"},
	        {5, "e.txt"}, {7, "g.txt"}, {9, "i.txt"}, {11, "k.txt"}, {12, "l#m.txt"},
	        {13, "n o.txt"}, {14, "p q.txt"}, {15, "r\"s.txt"}, {16, "t\\u.txt"},
	        {17, "u v.txt"}, {18, "w.txt"}, {22, "y.txt"}, {24, "ac.txt"}, {26, "ad.txt"},
	        {30, "ag.txt"}, {33, "--"}, {34, "=aj.txt"}, {35, "al.txt"}, {37, "ar.txtas.txt"},
	        {39, ""}, {41, "aw.txt"}, {42, "ax.txt"}, {43, "ba.txt"},
	        {45, "${NOPE_VAR}/bc.txt"}, {46, "bd.txt"}};

	(void)state;
	check_includes(text, sizeof(text) - 1, w, sizeof(w) / sizeof(w[0]));
}

/* Includes leave the file's own packages as Trivy reads them (environment markers, hashes
 * and continuation lines included); a file without includes keeps nothing. */
static void test_include_packages(void **state)
{
	static const char text[] = "-r base.txt\n"
	                           "a==1.0 ; python_version < '3.8'\n"
	                           "b==2.0 \\\n"
	                           "    --hash=sha256:00\n"
	                           "-r dev.txt # -r not.txt\n";
	static const struct want pk[] = {{"a", "1.0", 2}, {"b", "2.0", 3}};
	static const struct inc_want w[] = {{1, "base.txt"}, {5, "dev.txt"}};
	static const char plain[] = "a==1.0\n# -r x.txt\n-c c.txt\n-e .\n";
	struct ks_ctx cx;
	struct ks_ares out;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(pk_run_mem(&cx, an, text, sizeof(text) - 1, "requirements.txt", &out), 0);
	check(&out, pk, 2, "with includes");
	assert_int_equal(
	        pk_run_mem(&cx, an, plain, sizeof(plain) - 1, "requirements.txt", &out), 0);
	assert_null(out.kept);
	assert_int_equal(out.nkept, 0);
	ks_ctx_release(&cx);
	check_includes(text, sizeof(text) - 1, w, 2);
	check_includes(plain, sizeof(plain) - 1, NULL, 0);
	/* UTF-16 text is read after decoding, like the packages */
	check_includes(
	        "\xff\xfe-\0r\0 \0x\0.\0t\0x\0t\0", 18, (const struct inc_want[]){{1, "x.txt"}}, 1);
}

/* Kept bytes that are not the analyzer's encoding (a damaged cache) stop the reading. */
static void test_include_encoding(void **state)
{
	static const uint8_t ok[] = {3, 2, 'a', 'b'};
	static const uint8_t *bad[] = {(const uint8_t *)"\x03\x05"
	                                                "ab",
	        (const uint8_t *)"\x80", (const uint8_t *)"\x03"};
	static const size_t nbad[] = {4, 1, 1};
	struct ks_pip_include in;
	struct ks_rd rd;
	size_t i;

	(void)state;
	ks_rd_init(&rd, ok, sizeof(ok));
	assert_int_equal(ks_pip_next_include(&rd, &in), 1);
	assert_int_equal(in.line, 3);
	assert_true(ks_str_eq(in.path, "ab"));
	assert_int_equal(ks_pip_next_include(&rd, &in), 0);
	for (i = 0; i < 3; i++) {
		ks_rd_init(&rd, bad[i], nbad[i]);
		assert_int_equal(ks_pip_next_include(&rd, &in), KS_ECORRUPT);
	}
}

/* ---- the join, on trees written to a temporary directory ---- */

static char tmp_root[256];

static void put(const char *rel, const char *text)
{
	char path[1024], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp_root, rel);
	for (slash = strchr(path + strlen(tmp_root) + 1, '/'); slash;
	        slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*slash = '/';
	}
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static void put_link(const char *rel, const char *to)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", tmp_root, rel);
	if (symlink(to, path) != 0)
		fail_msg("symlink %s: %s", path, strerror(errno));
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int tree_setup(void **state)
{
	(void)state;
	snprintf(tmp_root, sizeof(tmp_root), "%s/kensa-pip-XXXXXX",
	        getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmp_root) == NULL ? -1 : 0;
}

static int tree_teardown(void **state)
{
	(void)state;
	return nftw(tmp_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Walks dir (below the temporary root) with the pip analyzer, merges and joins it. */
static void scan_dir(struct ks_ctx *cx, const char *dir, struct ks_merged *m)
{
	static const struct ks_analyzer *const set[] = {&ks_analyzer_pip, NULL};
	static const struct ks_filter flt;
	struct ks_lres *lr = ks_arena_calloc(&cx->arena, 1, sizeof(*lr));
	char *root = ks_arena_printf(&cx->arena, "%s/%s", tmp_root, dir);
	struct ks_lres *layers[1];

	assert_non_null(lr);
	assert_non_null(root);
	lr->set = set;
	lr->mode = KS_MODE_PRE;
	layers[0] = lr;
	assert_int_equal(ks_tree_walk(cx, root, &flt, lr), 0);
	assert_int_equal(ks_layers_merge(cx, layers, 1, m), 0);
	assert_int_equal(
	        ks_layers_join_tree(cx, m, &(struct ks_tree_reader){ks_tree_read, root}), 0);
}

static const struct ks_ares *result_of(const struct ks_merged *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->nfiles; i++)
		if (strcmp(m->files[i].lf->path, path) == 0)
			return &m->files[i].lf->res;
	fail_msg("no result for %s", path);
	return NULL;
}

struct jwant {
	const char *name, *version, *file; /* file NULL: the including file's own */
	unsigned line;
};

/* res holds exactly the packages of w (in any order), with their FilePath and line. */
static void check_joined(
        const struct ks_ares *res, const struct jwant *w, size_t n, const char *what)
{
	size_t i, k;

	if (res->npkgs != n)
		fail_msg("%s: %zu packages, want %zu", what, res->npkgs, n);
	for (i = 0; i < n; i++) {
		for (k = 0; k < res->npkgs; k++)
			if (strcmp(res->pkgs[k].name, w[i].name) == 0)
				break;
		if (k == res->npkgs)
			fail_msg("%s: no %s", what, w[i].name);
		if (strcmp(res->pkgs[k].version, w[i].version) != 0 ||
		        !ks_streq(res->pkgs[k].file_path, w[i].file) || res->pkgs[k].nlocs != 1 ||
		        res->pkgs[k].locs[0].start != w[i].line)
			fail_msg("%s: %s %s in %s line %u, want %s in %s line %u", what, w[i].name,
			        res->pkgs[k].version,
			        res->pkgs[k].file_path ? res->pkgs[k].file_path : "(own)",
			        res->pkgs[k].nlocs ? res->pkgs[k].locs[0].start : 0, w[i].version,
			        w[i].file ? w[i].file : "(own)", w[i].line);
	}
}

static void check_warns(const struct ks_ctx *cx, const char *const *w, size_t n)
{
	size_t i;

	for (i = 0; i < cx->nwarns && i < n; i++)
		assert_string_equal(cx->warns[i], w[i]);
	if (cx->nwarns != n)
		fail_msg("%zu warnings, want %zu (first: %s)", cx->nwarns, n,
		        cx->nwarns ? cx->warns[0] : "-");
}

/* Nested includes relative to each including file, a file reached twice, a package the
 * includer already pins, constraints not followed; an analysed requirements.txt included
 * by others gives its own packages and its includes once, before or after its own join. */
static void test_join_nested(void **state)
{
	static const struct jwant top[] = {{"flask", "2.0.0", NULL, 1},
	        {"click", "8.0.0", "sub/base.txt", 1},
	        {"itsdangerous", "2.0.0", "common/pins.txt", 2},
	        {"jinja2", "3.0.0", "common/pins.txt", 3}, {"pytest", "7.0.0", "sub/dev.txt", 1}};
	static const struct jwant incl[] = {{"flask", "2.0.0", "requirements.txt", 1},
	        {"click", "8.0.0", "sub/base.txt", 1},
	        {"itsdangerous", "2.0.0", "common/pins.txt", 2},
	        {"jinja2", "3.0.0", "common/pins.txt", 3}, {"pytest", "7.0.0", "sub/dev.txt", 1},
	        {"own", "1.0", NULL, 2}};
	struct ks_ctx cx;
	struct ks_merged m;

	(void)state;
	put("nested/requirements.txt", "flask==2.0.0\n"
	                               "-r sub/base.txt\n"
	                               "--requirement=sub/dev.txt\n"
	                               "-c constraints.txt\n");
	put("nested/constraints.txt", "werkzeug==2.0.0\n");
	put("nested/sub/base.txt", "click==8.0.0\n-r ../common/pins.txt\n");
	put("nested/sub/dev.txt", "pytest==7.0.0\n-r ../common/pins.txt\nflask==2.0.0\n");
	put("nested/common/pins.txt", "# pins\nitsdangerous==2.0.0\njinja2==3.0.0\n");
	put("nested/a/requirements.txt", "-r ../requirements.txt\nown==1.0\n");
	put("nested/z/requirements.txt", "-r ../requirements.txt\nown==1.0\n");
	put("nested/plain/requirements.txt", "solo==1.0\n");
	tu_ctx(&cx);
	scan_dir(&cx, "nested", &m);
	check_joined(result_of(&m, "requirements.txt"), top, 5, "requirements.txt");
	check_joined(result_of(&m, "a/requirements.txt"), incl, 6, "a/requirements.txt");
	check_joined(result_of(&m, "z/requirements.txt"), incl, 6, "z/requirements.txt");
	check_joined(result_of(&m, "plain/requirements.txt"),
	        (const struct jwant[]){{"solo", "1.0", NULL, 1}}, 1, "plain");
	check_warns(&cx, NULL, 0);
	ks_ctx_release(&cx);
}

/* A cycle is cut where it closes, once, with a warning; includes nest 8 deep at most,
 * counted along the shortest chain. */
static void test_join_cycle_depth(void **state)
{
	static const char *const cyc_warns[] = {
	        "pip: 'y.txt': line 2: include 'x.txt' leads back to a file that includes it; "
	        "not followed",
	        "pip: 'y.txt': line 3: include 'requirements.txt' leads back to a file that "
	        "includes it; not followed",
	        "pip: 'y.txt': line 4: include './y.txt' leads back to a file that includes it; "
	        "not followed"};
	static const char *const deep_warns[] = {"pip: 'd8.txt': line 2: include 'd9.txt' is "
	                                         "nested more than 8 includes deep; not followed"};
	struct jwant deep[9], short_chain[10];
	char name[32], text[64];
	struct ks_ctx cx;
	struct ks_merged m;
	int i;

	(void)state;
	put("cycle/requirements.txt", "a==1.0\n-r x.txt\n");
	put("cycle/x.txt", "b==1.0\n-r y.txt\n");
	put("cycle/y.txt", "c==1.0\n-r x.txt\n-r requirements.txt\n-r ./y.txt\n");
	tu_ctx(&cx);
	scan_dir(&cx, "cycle", &m);
	check_joined(result_of(&m, "requirements.txt"),
	        (const struct jwant[]){
	                {"a", "1.0", NULL, 1}, {"b", "1.0", "x.txt", 1}, {"c", "1.0", "y.txt", 1}},
	        3, "cycle");
	check_warns(&cx, cyc_warns, 3);
	ks_ctx_release(&cx);

	put("deep/requirements.txt", "p0==1.0\n-r d1.txt\n");
	for (i = 1; i <= 10; i++) {
		snprintf(name, sizeof(name), "deep/d%d.txt", i);
		snprintf(text, sizeof(text), "p%d==1.0\n-r d%d.txt\n", i, i + 1);
		put(name, text);
	}
	tu_ctx(&cx);
	for (i = 0; i <= 8; i++) {
		deep[i].name = ks_arena_printf(&cx.arena, "p%d", i);
		deep[i].version = "1.0";
		deep[i].file = i ? ks_arena_printf(&cx.arena, "d%d.txt", i) : NULL;
		deep[i].line = 1;
	}
	scan_dir(&cx, "deep", &m);
	check_joined(result_of(&m, "requirements.txt"), deep, 9, "deep");
	check_warns(&cx, deep_warns, 1);
	ks_ctx_release(&cx);

	/* the walk meets d9 nine deep first, then one deep: followed, no warning */
	put("short/requirements.txt", "p0==1.0\n-r d1.txt\n-r d9.txt\n");
	for (i = 1; i <= 9; i++) {
		snprintf(name, sizeof(name), "short/d%d.txt", i);
		snprintf(text, sizeof(text), i < 9 ? "p%d==1.0\n-r d%d.txt\n" : "p%d==1.0\n", i,
		        i + 1);
		put(name, text);
	}
	tu_ctx(&cx);
	for (i = 0; i <= 9; i++) {
		short_chain[i].name = ks_arena_printf(&cx.arena, "p%d", i);
		short_chain[i].version = "1.0";
		short_chain[i].file = i ? ks_arena_printf(&cx.arena, "d%d.txt", i) : NULL;
		short_chain[i].line = 1;
	}
	scan_dir(&cx, "short", &m);
	check_joined(result_of(&m, "requirements.txt"), short_chain, 10, "short");
	check_warns(&cx, NULL, 0);
	ks_ctx_release(&cx);
}

/* Nothing outside the tree is read: ".." past the root, absolute paths, symbolic links
 * out of the tree (and inside it: the walk follows none either), URLs; missing files,
 * directories, FIFOs and the root itself are warnings; the rest of the file is reported. */
static void test_join_escape(void **state)
{
	char text[2048], abs[512], want[20][1024];
	const char *w[20];
	struct ks_ctx cx;
	struct ks_merged m;
	size_t i, n = 0;

	(void)state;
	put("outside/req.txt", "secret==6.6.6\n");
	put("outside/base.txt", "secret==6.6.7\n");
	snprintf(abs, sizeof(abs), "%s/outside/req.txt", tmp_root);
	put("esc/inside/base.txt", "fine==1.0\n");
	put_link("esc/link.txt", abs);
	snprintf(abs, sizeof(abs), "%s/outside", tmp_root);
	put_link("esc/linkdir", abs);
	put_link("esc/inlink.txt", "inside/base.txt");
	snprintf(abs, sizeof(abs), "%s/esc/fifo", tmp_root);
	assert_int_equal(mkfifo(abs, 0600), 0);
	snprintf(abs, sizeof(abs), "%s/outside/req.txt", tmp_root);
	snprintf(text, sizeof(text),
	        "ok==1.0\n"                      /* 1 */
	        "-r ../outside/req.txt\n"        /* 2 */
	        "-r ../../etc/passwd\n"          /* 3 */
	        "-r %s\n"                        /* 4 */
	        "-r link.txt\n"                  /* 5 */
	        "-r linkdir/base.txt\n"          /* 6 */
	        "-r inlink.txt\n"                /* 7 */
	        "-r https://example.com/r.txt\n" /* 8 */
	        "-r FILE:///etc/passwd\n"        /* 9 */
	        "-r missing.txt\n"               /* 10 */
	        "-r inside\n"                    /* 11 */
	        "-r fifo\n"                      /* 12 */
	        "-r \"\"\n"                      /* 13 */
	        "-r inside/..\n"                 /* 14 */
	        "-r inside/base.txt\n",          /* 15 */
	        abs);
	put("esc/requirements.txt", text);
#define W(...) (snprintf(want[n], sizeof(want[n]), __VA_ARGS__), w[n] = want[n], n++)
	/* the includes that cannot name a file in the tree, as the file is read */
	W("pip: 'requirements.txt': line 2: include '../outside/req.txt' leaves the scanned "
	  "tree; not followed");
	W("pip: 'requirements.txt': line 3: include '../../etc/passwd' leaves the scanned tree; "
	  "not followed");
	W("pip: 'requirements.txt': line 4: include '%s' is an absolute path; not followed", abs);
	W("pip: 'requirements.txt': line 8: include 'https://example.com/r.txt' is a URL; not "
	  "followed");
	W("pip: 'requirements.txt': line 9: include 'FILE:///etc/passwd' is a URL; not followed");
	W("pip: 'requirements.txt': line 13: include '' names no file; not followed");
	W("pip: 'requirements.txt': line 14: include 'inside/..' is the scanned directory "
	  "itself; not followed");
	/* then those the tree reader refuses, as they are followed */
	W("pip: 'requirements.txt': line 5: include 'link.txt' cannot be read ('link.txt': "
	  "'link.txt' is a symbolic link); not followed");
	W("pip: 'requirements.txt': line 6: include 'linkdir/base.txt' cannot be read "
	  "('linkdir/base.txt': 'linkdir' is a symbolic link); not followed");
	W("pip: 'requirements.txt': line 7: include 'inlink.txt' cannot be read ('inlink.txt': "
	  "'inlink.txt' is a symbolic link); not followed");
	W("pip: 'requirements.txt': line 10: include 'missing.txt' cannot be read "
	  "('missing.txt': no such file); not followed");
	W("pip: 'requirements.txt': line 11: include 'inside' cannot be read ('inside': not a "
	  "regular file); not followed");
	W("pip: 'requirements.txt': line 12: include 'fifo' cannot be read ('fifo': not a "
	  "regular file); not followed");
#undef W
	tu_ctx(&cx);
	scan_dir(&cx, "esc", &m);
	check_joined(result_of(&m, "requirements.txt"),
	        (const struct jwant[]){
	                {"ok", "1.0", NULL, 1}, {"fine", "1.0", "inside/base.txt", 1}},
	        2, "escape");
	check_warns(&cx, w, n);
	for (i = 0; i < result_of(&m, "requirements.txt")->npkgs; i++)
		assert_string_not_equal(result_of(&m, "requirements.txt")->pkgs[i].name, "secret");
	ks_ctx_release(&cx);
}

/* An included file that does not parse or is over the file limit is a warning; more than
 * 100 problems are summed up in one last warning. */
static void test_join_broken(void **state)
{
	char *big = malloc(70000), *many = malloc(150 * 24 + 1);
	struct ks_ctx cx;
	struct ks_merged m;
	size_t i, off = 0;

	(void)state;
	assert_non_null(big);
	assert_non_null(many);
	memset(big, 'x', 69999);
	big[69999] = '\0';
	put("broken/requirements.txt", "a==1.0\n-r long.txt\n-r large.txt\n");
	put("broken/long.txt", big);
	put("broken/large.txt", "b==1.0\n# padding padding padding padding padding padding padding "
	                        "padding\n");
	tu_ctx(&cx);
	cx.lim.max_file = 64;
	scan_dir(&cx, "broken", &m);
	check_joined(result_of(&m, "requirements.txt"),
	        (const struct jwant[]){{"a", "1.0", NULL, 1}}, 1, "broken");
	check_warns(&cx,
	        (const char *const[]){"pip: 'requirements.txt': line 2: include 'long.txt' cannot "
	                              "be read ('long.txt' is 69999 bytes, over the 64-byte file "
	                              "limit); not followed",
	                "pip: 'requirements.txt': line 3: include 'large.txt' cannot be read "
	                "('large.txt' is 73 bytes, over the 64-byte file limit); not followed"},
	        2);
	ks_ctx_release(&cx);
	tu_ctx(&cx);
	scan_dir(&cx, "broken", &m);
	check_joined(result_of(&m, "requirements.txt"),
	        (const struct jwant[]){{"a", "1.0", NULL, 1}, {"b", "1.0", "large.txt", 1}}, 2,
	        "broken, default limit");
	check_warns(&cx,
	        (const char *const[]){"pip: 'requirements.txt': line 2: include 'long.txt' cannot "
	                              "be read (pip: 'long.txt': line 1: longer than 65535 "
	                              "bytes); not followed"},
	        1);
	ks_ctx_release(&cx);

	for (i = 0; i < 150; i++)
		off += (size_t)snprintf(many + off, 24, "-r m%zu.txt\n", i);
	put("many/requirements.txt", many);
	tu_ctx(&cx);
	scan_dir(&cx, "many", &m);
	assert_int_equal(cx.nwarns, 101);
	assert_string_equal(cx.warns[99], "pip: 'requirements.txt': line 100: include 'm99.txt' "
	                                  "cannot be read ('m99.txt': no such file); not followed");
	assert_string_equal(cx.warns[100], "pip: more than 100 includes not followed; the rest "
	                                   "are not listed");
	ks_ctx_release(&cx);
	free(big);
	free(many);
}

/* The tree reader on its own: clean relative paths only, no links, regular files only. */
static void test_tree_read(void **state)
{
	struct ks_ctx cx;
	uint8_t *data;
	size_t size;
	char root[512];

	(void)state;
	put("rd/a/b/c.txt", "hello");
	put_link("rd/a/up", "..");
	snprintf(root, sizeof(root), "%s/rd", tmp_root);
	tu_ctx(&cx);
	assert_int_equal(ks_tree_read(root, &cx, "a/b/c.txt", &data, &size), 0);
	assert_int_equal(size, 5);
	assert_string_equal((char *)data, "hello");
	free(data);
	assert_int_equal(ks_tree_read(root, &cx, "a/up/a/b/c.txt", &data, &size), KS_EUNSAFE);
	assert_null(data);
	assert_int_equal(ks_tree_read(root, &cx, "../rd/a/b/c.txt", &data, &size), KS_EUNSAFE);
	assert_int_equal(ks_tree_read(root, &cx, "a/./b/c.txt", &data, &size), KS_EUNSAFE);
	assert_int_equal(ks_tree_read(root, &cx, "a//b/c.txt", &data, &size), KS_EUNSAFE);
	assert_int_equal(ks_tree_read(root, &cx, "", &data, &size), KS_EUNSAFE);
	assert_int_equal(ks_tree_read(root, &cx, "a/b/c.txt/d", &data, &size), KS_ENOTFOUND);
	assert_int_equal(ks_tree_read(root, &cx, "a/b", &data, &size), KS_EUNSUPPORTED);
	assert_int_equal(ks_tree_read("/nonexistent-kensa", &cx, "x", &data, &size), KS_EIO);
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
	        cmocka_unit_test(test_include_lines),
	        cmocka_unit_test(test_include_packages),
	        cmocka_unit_test(test_include_encoding),
	        cmocka_unit_test(test_join_nested),
	        cmocka_unit_test(test_join_cycle_depth),
	        cmocka_unit_test(test_join_escape),
	        cmocka_unit_test(test_join_broken),
	        cmocka_unit_test(test_tree_read),
	};

	return cmocka_run_group_tests(tests, tree_setup, tree_teardown);
}
