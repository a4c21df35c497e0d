/* test_toml.c - the bounded TOML loader (lib/util/toml.c): values and their JSON mapping,
 * the define-once rules, real lock files from ../shared (poetry.lock, uv.lock, pylock,
 * Cargo.lock, Julia manifests), truncated and corrupted copies of them, and the limits. */
#include "testutil.h"

#include "util/toml.h"

#include <stdlib.h>
#include <string.h>

/* Loads text; returns the code and, on success, the compact JSON (caller frees). */
static int load(const char *text, char **json, struct ks_err *e)
{
	json_t *o = NULL;
	int r;

	ks_err_clear(e);
	r = ks_toml_load(e, "t.toml", (const uint8_t *)text, strlen(text), &o);
	*json = NULL;
	if (r == 0) {
		assert_non_null(o);
		*json = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
	} else {
		assert_null(o);
	}
	return r;
}

static void expect(const char *text, const char *want)
{
	struct ks_err e;
	char *got;
	int r = load(text, &got, &e);

	if (r != 0)
		fail_msg("%s: error %d (%s)", text, r, e.msg);
	if (strcmp(got, want) != 0)
		fail_msg("%s:\n got  %s\n want %s", text, got, want);
	free(got);
}

/* The message must name the input and the line. */
static void reject(const char *text, int code, const char *msg)
{
	struct ks_err e;
	char *got;
	int r = load(text, &got, &e);

	if (r != code)
		fail_msg("%s: got %d (%s) want %d", text, r, r ? e.msg : got, code);
	if (strstr(e.msg, msg) == NULL)
		fail_msg("%s: message '%s' lacks '%s'", text, e.msg, msg);
}

static void test_values(void **state)
{
	(void)state;
	expect("", "{}");
	expect("# only a comment\n\n", "{}");
	expect("a = \"tab\\there \\u00e9 \\U0001F600 \\e\\x41\"\nb = 'C:\\\\path'\n",
	        "{\"a\":\"tab\\there \xc3\xa9 \xf0\x9f\x98\x80 "
	        "\\u001BA\",\"b\":\"C:\\\\\\\\path\"}");
	expect("c = \"\"\"\nline1\r\nline2 \\\n   cont\"\"\"\nd = '''\nraw\\n'''\n",
	        "{\"c\":\"line1\\nline2 cont\",\"d\":\"raw\\\\n\"}");
	expect("e = \"\"\"\"q\"\"\"\"\nf = '''''x'''''\ng = \"\"\n",
	        "{\"e\":\"\\\"q\\\"\",\"f\":\"''x''\",\"g\":\"\"}");
	expect("a=+99\nb=-17\nc=1_000\nd=0xDEAD_beef\ne=0o755\nf=0b1101\n"
	       "g=9223372036854775807\nh=-9223372036854775808\n",
	        "{\"a\":99,\"b\":-17,\"c\":1000,\"d\":3735928559,\"e\":493,\"f\":13,"
	        "\"g\":9223372036854775807,\"h\":-9223372036854775808}");
	expect("a=1.5\nb=-2e-2\nc=1_0.2_5\nd=inf\ne=-nan\nf=+inf\n",
	        "{\"a\":1.5,\"b\":-0.02,\"c\":10.25,\"d\":\"inf\",\"e\":\"-nan\",\"f\":\"+inf\"}");
	expect("a=1979-05-27T07:32:00Z\nb=1979-05-27 07:32:00.5-07:00\nc=2024-02-29\n"
	       "d=07:32\ne=true\nf=false\n",
	        "{\"a\":\"1979-05-27T07:32:00Z\",\"b\":\"1979-05-27 07:32:00.5-07:00\","
	        "\"c\":\"2024-02-29\",\"d\":\"07:32\",\"e\":true,\"f\":false}");
	expect("a = [1, \"x\", [2], {y = 3},]\nb = [\n  \"p\", # note\n  \"q\"\n]\n",
	        "{\"a\":[1,\"x\",[2],{\"y\":3}],\"b\":[\"p\",\"q\"]}");
	expect("\"a.b\" = 1\n'c d'.e = 2\n\"\" = 3\nx . y = 4\n",
	        "{\"a.b\":1,\"c d\":{\"e\":2},\"\":3,\"x\":{\"y\":4}}");
	expect("\xef\xbb\xbf"
	       "a = 1\r\nb = {c.d = 1, c.e = 2,\n f = []}\r\n",
	        "{\"a\":1,\"b\":{\"c\":{\"d\":1,\"e\":2},\"f\":[]}}");
}

static void test_tables(void **state)
{
	(void)state;
	expect("[a.b]\nx=1\n[a]\ny=2\n", "{\"a\":{\"b\":{\"x\":1},\"y\":2}}");
	expect("[f]\napple.color=\"red\"\n[f.apple.texture]\nsmooth=true\n",
	        "{\"f\":{\"apple\":{\"color\":\"red\",\"texture\":{\"smooth\":true}}}}");
	expect("[[p]]\nn=\"a\"\n[p.dep]\nx=1\n[[p]]\nn=\"b\"\n[[p.sub]]\nq=1\n[[p.sub]]\n",
	        "{\"p\":[{\"n\":\"a\",\"dep\":{\"x\":1}},{\"n\":\"b\",\"sub\":[{\"q\":1},{}]}]}");
	expect("[ a . \"b\" ]\nx=1\n[[ c ]]\n", "{\"a\":{\"b\":{\"x\":1}},\"c\":[{}]}");
	expect("[[a]]\nb.c=1\n[a.b.d]\ne=1\n", "{\"a\":[{\"b\":{\"c\":1,\"d\":{\"e\":1}}}]}");
	reject("a=1\na=2\n", KS_ECORRUPT, "t.toml: line 2: duplicate key");
	reject("[a]\n[a]\n", KS_ECORRUPT, "line 2: table defined more than once");
	reject("[f]\napple.color=1\n[f.apple]\n", KS_ECORRUPT, "line 3: table defined more");
	reject("p=[1]\n[[p]]\n", KS_ECORRUPT, "line 2: array of tables conflicts");
	reject("[[a]]\n[a]\n", KS_ECORRUPT, "line 2: table defined more than once");
	reject("a={b=1}\n[a.c]\n", KS_ECORRUPT, "line 2: table header extends");
	reject("a={b=1}\na.c=1\n", KS_ECORRUPT, "line 2: dotted key extends");
	reject("a={b={}, b.c=1}\n", KS_ECORRUPT, "line 1: dotted key extends");
	reject("[a.b.c]\nz=9\n[a]\nb.c.t=1\n", KS_ECORRUPT, "line 4: dotted key extends");
	reject("a=1\n[a.b]\n", KS_ECORRUPT, "line 2: table header extends");
	reject("a.b=1\n[a]\n", KS_ECORRUPT, "line 2: table defined more than once");
}

static void test_malformed(void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
	        {"a=9223372036854775808\n", "integer out of range"},
	        {"a=-9223372036854775809\n", "integer out of range"},
	        {"a=0xffffffffffffffff\n", "integer out of range"},
	        {"a=012\n", "leading zero"},
	        {"a=1__2\n", "invalid value"},
	        {"a=_1\n", "invalid value"},
	        {"a=1.\n", "invalid value"},
	        {"a=.5\n", "invalid value"},
	        {"a=1e\n", "invalid value"},
	        {"a=1e999\n", "float out of range"},
	        {"a=1979-02-29\n", "invalid date"},
	        {"a=1979-05-27T25:00:00\n", "invalid date"},
	        {"a=1979-05-27Z\n", "invalid date"},
	        {"a=truex\n", "invalid value"},
	        {"a=b\n", "invalid value"},
	        {"a=\n", "expected a value"},
	        {"=1\n", "expected a key"},
	        {"a 1\n", "expected '='"},
	        {"a=1 b=2\n", "expected the end of the line"},
	        {"a=1\rb=2\n", "expected the end of the line"},
	        {"a=\"abc\n", "newline in a single-line string"},
	        {"a=\"abc", "unterminated string"},
	        {"a='''abc", "unterminated string"},
	        {"a=\"\\q\"\n", "bad escape"},
	        {"a=\"\\u12\"\n", "bad escape"},
	        {"a=\"\\uD800\"\n", "not a Unicode scalar value"},
	        {"a=\"\\U00110000\"\n", "not a Unicode scalar value"},
	        {"a=\"\x01\"\n", "control character in a string"},
	        {"a=1 # \x7f\n", "control character in a comment"},
	        {"a=\"\xff\"\n", "not valid UTF-8"},
	        {"\"\xff\"=1\n", "key is not valid UTF-8"},
	        {"\"\\u0000\"=1\n", "NUL character in a key"},
	        {"\"\"\"a\"\"\"=1\n", "multi-line string used as a key"},
	        {"a=\"\"\"x\"\"\"\"\"\"\n", "too many quotes"},
	        {"a=[1 2]\n", "expected ',' or ']'"},
	        {"a=[1,,2]\n", "expected a value"},
	        {"a={b=1 c=2}\n", "expected ',' or '}'"},
	        {"a={b=1\n", "line 2: expected ',' or '}'"},
	        {"[a\n", "expected ']'"},
	        {"[[a]\n", "expected ']]'"},
	        {"[]\n", "expected a key"},
	        {"\n\n[a]x=1\n", "line 3: expected the end of the line"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		reject(bad[i].text, KS_ECORRUPT, bad[i].msg);
}

static char *repeat(const char *pre, const char *unit, size_t n, const char *post)
{
	size_t lp = strlen(pre), lu = strlen(unit), lq = strlen(post), i;
	char *s = malloc(lp + lu * n + lq + 1);

	assert_non_null(s);
	memcpy(s, pre, lp);
	for (i = 0; i < n; i++)
		memcpy(s + lp + i * lu, unit, lu);
	memcpy(s + lp + n * lu, post, lq + 1);
	return s;
}

/* Depth of v counting every object and array, v included. */
static int depth_of(json_t *v)
{
	json_t *c;
	size_t i;
	const char *k;
	int d = 0, x;

	if (json_is_object(v)) {
		json_object_foreach(v, k, c) if ((x = depth_of(c)) > d) d = x;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, c) if ((x = depth_of(c)) > d) d = x;
	} else {
		return 0;
	}
	return d + 1;
}

/* Loads text that must succeed and returns the depth of its tree. */
static int depth_ok(const char *text)
{
	struct ks_err e;
	json_t *o = NULL;
	int d;

	if (ks_toml_load(&e, "t.toml", (const uint8_t *)text, strlen(text), &o) != 0)
		fail_msg("%.40s...: %s", text, e.msg);
	d = depth_of(o);
	json_decref(o);
	return d;
}

/* "[[a]]\n[[a.a]]\n..." with n headers: each level adds an array and a table. */
static char *aot_chain(size_t n)
{
	char *s = malloc(n * (n * 2 + 6) + 1);
	size_t i, j, w = 0;

	assert_non_null(s);
	for (i = 1; i <= n; i++) {
		s[w++] = '[';
		s[w++] = '[';
		for (j = 0; j < i; j++) {
			s[w++] = 'a';
			s[w++] = j + 1 < i ? '.' : ']';
		}
		s[w++] = ']';
		s[w++] = '\n';
	}
	s[w] = '\0';
	return s;
}

static void test_limits(void **state)
{
	struct ks_err e;
	json_t *o = NULL;
	uint8_t *big;
	char *s, *t;

	(void)state;
	/* the root plus 63 nested arrays fit, one more does not */
	s = repeat("a=", "[", KS_TOML_MAXDEPTH - 1, "");
	t = repeat(s, "]", KS_TOML_MAXDEPTH - 1, "\n");
	assert_int_equal(depth_ok(t), KS_TOML_MAXDEPTH);
	free(s);
	free(t);
	s = repeat("a=", "[", KS_TOML_MAXDEPTH, "");
	t = repeat(s, "]", KS_TOML_MAXDEPTH, "\n");
	reject(t, KS_ELIMIT, "line 1: nested too deeply");
	free(s);
	free(t);
	s = repeat("a=", "[", 100000, "");
	reject(s, KS_ELIMIT, "nested too deeply");
	free(s);
	s = repeat("a=", "{b=", 100000, "");
	reject(s, KS_ELIMIT, "nested too deeply");
	free(s);
	/* dotted keys and headers count as levels */
	s = repeat("a", ".a", KS_TOML_MAXDEPTH - 1, "=1\n");
	assert_int_equal(depth_ok(s), KS_TOML_MAXDEPTH);
	free(s);
	s = repeat("a", ".a", KS_TOML_MAXDEPTH, "=1\n");
	reject(s, KS_ELIMIT, "key has too many parts");
	free(s);
	s = repeat("[a", ".a", 39, "]\n");
	t = repeat(s, "b.", 30, "c=1\n");
	reject(t, KS_ELIMIT, "line 2: nested too deeply");
	free(s);
	free(t);
	s = aot_chain((KS_TOML_MAXDEPTH - 1) / 2);
	assert_int_equal(depth_ok(s), KS_TOML_MAXDEPTH - 1);
	free(s);
	s = aot_chain(KS_TOML_MAXDEPTH / 2);
	reject(s, KS_ELIMIT, "nested too deeply");
	free(s);
	s = repeat("a=[", "1,", KS_TOML_MAXNODES, "]\n");
	reject(s, KS_ELIMIT, "too many values");
	free(s);
	big = calloc(1, (size_t)KS_TOML_MAXBYTES + 1);
	assert_non_null(big);
	assert_int_equal(
	        ks_toml_load(&e, "big.toml", big, (size_t)KS_TOML_MAXBYTES + 1, &o), KS_ELIMIT);
	assert_null(o);
	assert_non_null(strstr(e.msg, "big.toml: line 1: document too large"));
	free(big);
}

/* Loads a real file from ../shared (skips without it); *len gets its size. */
static json_t *load_shared(const char *rel, uint8_t **data, size_t *len)
{
	const char *path = tu_shared(rel);
	struct ks_err e = {0};
	json_t *o = NULL;

	*data = tu_read(path, len);
	if (ks_toml_load(&e, rel, *data, *len, &o) != 0)
		fail_msg("%s: %s", rel, e.msg);
	return o;
}

static const char *str_at(json_t *arr, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(arr, i), key));
}

static void test_real(void **state)
{
	uint8_t *d;
	size_t n;
	json_t *o, *pk, *dep;

	(void)state;
	o = load_shared("fixtures/lockfiles/trivy-integration-repo/poetry/poetry.lock", &d, &n);
	pk = json_object_get(o, "package");
	assert_int_equal(json_array_size(pk), 3);
	assert_string_equal(str_at(pk, 0, "name"), "click");
	assert_string_equal(str_at(pk, 0, "version"), "8.1.3");
	assert_true(json_is_false(json_object_get(json_array_get(pk, 0), "optional")));
	dep = json_object_get(json_object_get(json_array_get(pk, 0), "dependencies"), "colorama");
	assert_string_equal(json_string_value(json_object_get(dep, "markers")),
	        "platform_system == \"Windows\"");
	assert_string_equal(
	        json_string_value(json_object_get(json_object_get(o, "metadata"), "lock-version")),
	        "2.0");
	json_decref(o);
	free(d);

	o = load_shared("fixtures/lockfiles/trivy/analyzer/python/uv/happy/uv.lock", &d, &n);
	assert_int_equal(json_integer_value(json_object_get(o, "version")), 1);
	pk = json_object_get(o, "package");
	assert_int_equal(json_array_size(pk), 13);
	assert_string_equal(str_at(pk, 0, "name"), "certifi");
	assert_string_equal(json_string_value(json_object_get(
	                            json_object_get(json_array_get(pk, 0), "source"), "registry")),
	        "https://pypi.org/simple");
	assert_int_equal(json_integer_value(json_object_get(
	                         json_object_get(json_array_get(pk, 0), "sdist"), "size")),
	        166010);
	json_decref(o);
	free(d);

	o = load_shared("fixtures/lockfiles/trivy/parser/python/pylock/pylock.toml", &d, &n);
	pk = json_object_get(o, "packages");
	assert_int_equal(json_array_size(pk), 10);
	assert_string_equal(str_at(pk, 0, "name"), "attrs");
	assert_string_equal(json_string_value(json_object_get(o, "created-by")), "pip");
	json_decref(o);
	free(d);

	o = load_shared("fixtures/syft-fixtures/rust/Cargo.lock", &d, &n);
	pk = json_object_get(o, "package");
	assert_int_equal(json_array_size(pk), 14);
	assert_string_equal(str_at(pk, 0, "name"), "ansi_term");
	assert_string_equal(json_string_value(json_array_get(
	                            json_object_get(json_array_get(pk, 0), "dependencies"), 0)),
	        "winapi");
	json_decref(o);
	free(d);

	o = load_shared("fixtures/lockfiles/trivy/parser/julia/manifest/primary/Manifest_v1.8.toml",
	        &d, &n);
	pk = json_object_get(json_object_get(o, "deps"), "JSON");
	assert_string_equal(str_at(pk, 0, "version"), "0.21.4");
	json_decref(o);
	free(d);
}

/* Truncating a real lock file inside a string, or turning a quote into a newline, must
 * give KS_ECORRUPT naming the file and a line; no prefix may crash or leak. */
static void test_corrupt(void **state)
{
	const char *rel = "fixtures/lockfiles/trivy/analyzer/python/uv/happy/uv.lock";
	struct ks_err e;
	uint8_t *d;
	size_t n, cut, bad = 0;
	json_t *o = load_shared(rel, &d, &n);
	const char *q;

	(void)state;
	json_decref(o);
	for (cut = 0; cut < n; cut += 37) {
		int r;

		o = NULL;
		r = ks_toml_load(&e, rel, d, cut, &o);
		if (r == 0) {
			json_decref(o);
			continue;
		}
		assert_int_equal(r, KS_ECORRUPT);
		assert_null(o);
		assert_true(strncmp(e.msg, rel, strlen(rel)) == 0);
		assert_non_null(strstr(e.msg, ": line "));
		bad++;
	}
	assert_true(bad > 100);
	/* cut right after an opening quote of the first name */
	q = strstr((const char *)d, "name = \"");
	assert_non_null(q);
	cut = (size_t)(q - (const char *)d) + 8;
	assert_int_equal(ks_toml_load(&e, rel, d, cut, &o), KS_ECORRUPT);
	assert_non_null(strstr(e.msg, "line 5: unterminated string"));
	d[cut + 2] = '\n';
	assert_int_equal(ks_toml_load(&e, rel, d, n, &o), KS_ECORRUPT);
	assert_non_null(strstr(e.msg, "line 5: newline in a single-line string"));
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_values),
	        cmocka_unit_test(test_tables),
	        cmocka_unit_test(test_malformed),
	        cmocka_unit_test(test_limits),
	        cmocka_unit_test(test_real),
	        cmocka_unit_test(test_corrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
