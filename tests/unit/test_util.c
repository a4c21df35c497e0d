/* test_util.c - the util layer: path cleaning, Go-compatible JSON, bounded buffers and
 * readers, the hash map, globbing. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layer/layer.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/map.h"
#include "util/path.h"
#include "util/rd.h"
#include "util/sha256.h"

static void clean_ok(const char *in, const char *want, int want_flags)
{
	char out[256];
	int fl = -1;

	assert_int_equal(ks_path_clean(in, strlen(in), out, sizeof(out), &fl), 0);
	assert_string_equal(out, want);
	assert_int_equal(fl, want_flags);
}

/* Go's filepath.Join and Clean, on the cases Go's own tests list. */
static void test_path_gojoin(void **state)
{
	static const char *const clean[][2] = { { "abc", "abc" }, { "a/b/c", "a/b/c" },
		{ ".", "." }, { "..", ".." }, { "../..", "../.." }, { "../../abc", "../../abc" },
		{ "/abc", "/abc" }, { "/", "/" }, { "abc/", "abc" }, { "abc//def//ghi", "abc/def/ghi" },
		{ "//abc", "/abc" }, { "abc/./def", "abc/def" }, { "/./abc/def", "/abc/def" },
		{ "abc/.", "abc" }, { "abc/def/ghi/../jkl", "abc/def/jkl" },
		{ "abc/def/../ghi/../jkl", "abc/jkl" }, { "abc/def/..", "abc" },
		{ "abc/def/../..", "." }, { "/abc/def/../..", "/" }, { "abc/def/../../..", ".." },
		{ "/abc/def/../../..", "/" },
		{ "abc/def/../../../ghi/jkl/../../../mno", "../../mno" },
		{ "abc/./../def", "def" }, { "abc//./../def", "def" },
		{ "abc/../../././../def", "../../def" } };
	static const char *const join[][3] = { { "a", "b", "a/b" }, { "a", "", "a" },
		{ "", "b", "b" }, { "/", "a", "/a" }, { "/", "", "/" }, { "a/", "b", "a/b" },
		{ "", "", "" }, { "testdata/fixtures/repo/pom", "pom.xml",
		"testdata/fixtures/repo/pom/pom.xml" }, { "./app/", "pom.xml", "app/pom.xml" },
		{ "../proj", "sub/pom.xml", "../proj/sub/pom.xml" }, { ".", "pom.xml", "pom.xml" } };
	struct ks_arena a;
	size_t i;

	(void)state;
	ks_arena_init(&a);
	for (i = 0; i < sizeof(clean) / sizeof(clean[0]); i++)
		assert_string_equal(ks_path_gojoin(&a, clean[i][0], ""), clean[i][1]);
	for (i = 0; i < sizeof(join) / sizeof(join[0]); i++)
		assert_string_equal(ks_path_gojoin(&a, join[i][0], join[i][1]), join[i][2]);
	ks_arena_release(&a);
}

static void test_path_clean(void **state)
{
	char out[8];
	int fl;

	(void)state;
	clean_ok("etc/os-release", "etc/os-release", 0);
	clean_ok("./etc//apk/./db/installed", "etc/apk/db/installed", 0);
	clean_ok("/etc/passwd", "etc/passwd", KS_PATH_ABSOLUTE);
	clean_ok("a/b/../c", "a/c", KS_PATH_DOTDOT);
	clean_ok("./", "", 0);
	assert_int_equal(ks_path_clean("../etc", 6, out, sizeof(out), &fl), KS_EUNSAFE);
	assert_int_equal(ks_path_clean("a/../../b", 9, out, sizeof(out), &fl), KS_EUNSAFE);
	assert_int_equal(ks_path_clean("abcdefghij", 10, out, sizeof(out), &fl), KS_ELIMIT);
	assert_int_equal(ks_path_clean("a\0b", 3, out, sizeof(out), &fl), KS_ECORRUPT);
	assert_true(ks_path_under("var/lib/dpkg", "var/lib"));
	assert_false(ks_path_under("var/library", "var/lib"));
	assert_true(ks_path_under("anything", ""));
}

/* Renders with the JSON writer into a memory buffer. */
static char *render(void (*fn)(struct ks_jw *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ks_jw w;

	assert_non_null(f);
	ks_jw_init(&w, f, true);
	fn(&w);
	assert_int_equal(w.err, 0);
	fclose(f);
	return buf;
}

static void doc_escape(struct ks_jw *w)
{
	ks_jw_obj(w);
	ks_jw_kstr(w, "m", "Natanael <ncopa@alpinelinux.org> & \"x\"\n\t\x01");
	ks_jw_kstr(w, "u", "caf\xc3\xa9 \xff \xe2\x80\xa8");
	ks_jw_key(w, "empty");
	ks_jw_arr(w);
	ks_jw_arr_end(w);
	ks_jw_key(w, "eo");
	ks_jw_obj(w);
	ks_jw_obj_end(w);
	ks_jw_key(w, "n");
	ks_jw_arr(w);
	ks_jw_double(w, 5.3);
	ks_jw_double(w, 10);
	ks_jw_double(w, 0.1);
	ks_jw_double(w, 1e21);
	ks_jw_double(w, 1.5e-7);
	ks_jw_int(w, -3);
	ks_jw_arr_end(w);
	ks_jw_obj_end(w);
}

static void test_jsonw(void **state)
{
	char *s;

	(void)state;
	s = render(doc_escape);
	/* expected bytes as Go's json.MarshalIndent(v, "", "  ") prints them */
	assert_string_equal(s, "{\n"
			       "  \"m\": \"Natanael \\u003cncopa@alpinelinux.org\\u003e \\u0026 "
			       "\\\"x\\\"\\n\\t\\u0001\",\n"
			       "  \"u\": \"caf\xc3\xa9 \\ufffd \\u2028\",\n"
			       "  \"empty\": [],\n"
			       "  \"eo\": {},\n"
			       "  \"n\": [\n"
			       "    5.3,\n"
			       "    10,\n"
			       "    0.1,\n"
			       "    1e+21,\n"
			       "    1.5e-07,\n"
			       "    -3\n"
			       "  ]\n"
			       "}");
	free(s);
}

static void test_buf_limit(void **state)
{
	struct ks_buf b;

	(void)state;
	ks_buf_init(&b, 8);
	assert_int_equal(ks_buf_adds(&b, "12345678"), 0);
	assert_int_equal(ks_buf_addc(&b, '9'), KS_ELIMIT);
	assert_int_equal(b.n, 8);
	assert_string_equal(b.p, "12345678");
	ks_buf_release(&b);
}

static void test_rd(void **state)
{
	static const uint8_t d[] = { 1, 2, 3, 4, 5, 6, 7, 8, 'h', 'i', 0 };
	struct ks_rd r, sub;
	uint32_t v32;
	uint64_t v64;
	const char *s;
	size_t n;

	(void)state;
	ks_rd_init(&r, d, sizeof(d));
	assert_int_equal(ks_rd_u32be(&r, &v32), 0);
	assert_int_equal(v32, 0x01020304);
	assert_int_equal(ks_rd_u32le(&r, &v32), 0);
	assert_int_equal(v32, 0x08070605);
	assert_int_equal(ks_rd_cstr(&r, &s, &n), 0);
	assert_string_equal(s, "hi");
	assert_int_equal(ks_rd_u8(&r, (uint8_t *)&v32), KS_ETRUNC);
	assert_int_equal(ks_rd_seek(&r, 4), 0);
	assert_int_equal(ks_rd_u64le(&r, &v64), KS_ETRUNC); /* 7 bytes left */
	assert_int_equal(ks_rd_sub(&r, 8, 4, &sub), KS_ETRUNC);
	assert_int_equal(ks_rd_sub(&r, 8, 3, &sub), 0);
	assert_int_equal(ks_rd_skip(&sub, 4), KS_ETRUNC);
	assert_int_equal(ks_rd_seek(&r, 12), KS_ETRUNC);
}

static void test_map(void **state)
{
	struct ks_map m;
	char keys[2000][8];
	size_t i, it = 0, n = 0;
	void *v;

	(void)state;
	ks_map_init(&m);
	for (i = 0; i < 2000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		assert_int_equal(ks_map_put(&m, keys[i], strlen(keys[i]), keys[i], NULL), 0);
	}
	for (i = 0; i < 2000; i += 2)
		assert_ptr_equal(ks_map_del(&m, keys[i], strlen(keys[i])), keys[i]);
	assert_null(ks_map_get(&m, "k0", 2));
	assert_ptr_equal(ks_map_get(&m, "k1", 2), keys[1]);
	assert_int_equal(ks_map_put(&m, "k1", 2, keys[3], &v), 0);
	assert_ptr_equal(v, keys[1]);
	while (ks_map_next(&m, &it, NULL, NULL, &v))
		n++;
	assert_int_equal(n, 1000);
	ks_map_release(&m);
}

static void test_glob(void **state)
{
	(void)state;
	assert_true(ks_glob_match("usr/lib/**/*.jar", "usr/lib/a/b/x.jar"));
	assert_true(ks_glob_match("usr/lib/**/*.jar", "usr/lib/x.jar"));
	assert_false(ks_glob_match("usr/lib/*.jar", "usr/lib/a/x.jar"));
	assert_true(ks_glob_match("/var/lib/dpkg/*", "var/lib/dpkg/status"));
	assert_true(ks_glob_match("**/node_modules", "app/node_modules"));
	assert_true(ks_glob_match("**", "a/b/c"));
	assert_false(ks_glob_match("etc", "etc/passwd"));
}

static void test_sha256(void **state)
{
	char d[KS_DIGEST_STRLEN + 1];

	(void)state;
	assert_int_equal(ks_sha256_digest("abc", 3, d), 0);
	assert_string_equal(d, "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(ks_digest_valid(d));
	assert_false(ks_digest_valid("sha256:BA7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	assert_false(ks_digest_valid("sha512:ba78"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_clean),
		cmocka_unit_test(test_path_gojoin),
		cmocka_unit_test(test_jsonw),
		cmocka_unit_test(test_buf_limit),
		cmocka_unit_test(test_rd),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_sha256),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
