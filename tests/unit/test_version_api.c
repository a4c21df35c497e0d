/*
 * test_version_api.c - the lib/version interface itself: ecosystem names, handles, limits,
 * hostile bytes, and the `vercmp --batch` engine (ks_vercmp_batch) with good, bad and
 * over-long lines and a failing output.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "version/version.h"

static void test_lookup(void **state)
{
	static const struct {
		const char *name;
		enum ks_eco eco;
	} names[] = {
		{ "deb", KS_ECO_DEB },
		{ "Debian", KS_ECO_DEB },
		{ "Debian:12", KS_ECO_DEB },
		{ "Ubuntu", KS_ECO_DEB },
		{ "Ubuntu:22.04:LTS", KS_ECO_DEB },
		{ "rpm", KS_ECO_RPM },
		{ "Red Hat", KS_ECO_RPM },
		{ "AlmaLinux:8", KS_ECO_RPM },
		{ "Rocky Linux", KS_ECO_RPM },
		{ "openSUSE", KS_ECO_RPM },
		{ "alpine", KS_ECO_APK },
		{ "Alpine:v3.18", KS_ECO_APK },
		{ "wolfi", KS_ECO_APK },
		{ "npm", KS_ECO_NPM },
		{ "PyPI", KS_ECO_PYPI },
		{ "pip", KS_ECO_PYPI },
		{ "Maven", KS_ECO_MAVEN },
		{ "Maven:https://repo.maven.apache.org/maven2", KS_ECO_MAVEN },
		{ "Go", KS_ECO_GO },
		{ "golang", KS_ECO_GO },
		{ "RubyGems", KS_ECO_GEM },
		{ "gem", KS_ECO_GEM },
		{ "Packagist", KS_ECO_COMPOSER },
		{ "composer", KS_ECO_COMPOSER },
		{ "NuGet", KS_ECO_NUGET },
		{ "Hex", KS_ECO_HEX },
		{ "erlang", KS_ECO_HEX },
		{ "Pub", KS_ECO_PUB },
		{ "crates.io", KS_ECO_CARGO },
		{ "cargo", KS_ECO_CARGO },
		{ "SEMVER", KS_ECO_SEMVER },
		{ " npm ", KS_ECO_NPM },
		{ "", KS_ECO_NONE },
		{ "cobol", KS_ECO_NONE },
		{ "deb ian", KS_ECO_NONE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ks_eco_lookup(ks_str_c(names[i].name)) != names[i].eco)
			fail_msg("'%s' maps to %s", names[i].name,
				ks_eco_name(ks_eco_lookup(ks_str_c(names[i].name))));
	/* every canonical name maps back to its ecosystem */
	for (i = 1; i < KS_ECO__COUNT; i++)
		assert_int_equal(ks_eco_lookup(ks_str_c(ks_eco_name((enum ks_eco)i))), i);
	assert_string_equal(ks_eco_name(KS_ECO_NONE), "none");
	assert_string_equal(ks_eco_name((enum ks_eco)999), "none");
}

static void test_handles(void **state)
{
	const struct ks_ver *a, *b, *c;
	const struct ks_range *r;
	struct ks_err e = { 0 };
	struct ks_arena ar;
	char buf[8] = "1.0-1";

	(void)state;
	ks_arena_init(&ar);
	/* the handle keeps its own copy of the trimmed text */
	assert_int_equal(ks_ver_parse(&ar, &e, KS_ECO_DEB, ks_str_c(buf), &a), 0);
	memcpy(buf, "9.9-9", 6);
	assert_string_equal(ks_ver_str(a), "1.0-1");
	assert_int_equal(ks_ver_eco(a), KS_ECO_DEB);
	assert_int_equal(ks_ver_parse(&ar, &e, KS_ECO_DEB, KS_STR_LIT("  2.0 \t"), &b), 0);
	assert_string_equal(ks_ver_str(b), "2.0");
	assert_true(ks_ver_cmp(a, b) < 0);
	/* different ecosystems order by ecosystem and never match each other's ranges */
	assert_int_equal(ks_ver_parse(&ar, &e, KS_ECO_RPM, KS_STR_LIT("1.0-1"), &c), 0);
	assert_true(ks_ver_cmp(a, c) != 0);
	assert_int_equal(ks_ver_cmp(a, c), -ks_ver_cmp(c, a));
	assert_int_equal(ks_range_parse(&ar, &e, KS_ECO_RPM, KS_STR_LIT(">= 0"), 0, &r), 0);
	assert_true(ks_range_test(r, c));
	assert_false(ks_range_test(r, a));
	ks_arena_release(&ar);
}

static void test_limits(void **state)
{
	char *big = malloc(KS_RANGE_MAXLEN + 2);
	const struct ks_range *r;
	const struct ks_ver *v;
	struct ks_err e = { 0 };
	struct ks_arena ar;
	int c;
	bool ok;

	(void)state;
	ks_arena_init(&ar);
	memset(big, '1', KS_RANGE_MAXLEN + 1);
	big[KS_RANGE_MAXLEN + 1] = '\0';
	assert_int_equal(
		ks_ver_parse(&ar, &e, KS_ECO_DEB, (struct ks_str){ big, KS_VER_MAXLEN + 1 }, &v),
		KS_ELIMIT);
	assert_non_null(strstr(e.msg, "longer than 1024 bytes"));
	assert_int_equal(
		ks_ver_parse(&ar, &e, KS_ECO_DEB, (struct ks_str){ big, KS_VER_MAXLEN }, &v), 0);
	assert_int_equal(ks_range_parse(&ar, &e, KS_ECO_DEB,
				 (struct ks_str){ big, KS_RANGE_MAXLEN + 1 }, 0, &r),
		KS_ELIMIT);
	/* NUL bytes, control bytes: clean errors, and the message stays printable */
	assert_int_equal(ks_ver_parse(&ar, &e, KS_ECO_PYPI, (struct ks_str){ "1.0\0x", 5 }, &v),
		KS_ECORRUPT);
	assert_non_null(strstr(e.msg, "NUL byte"));
	assert_int_equal(
		ks_ver_compare(&e, KS_ECO_GEM, KS_STR_LIT("1.0\x1b[31m"), KS_STR_LIT("1"), &c),
		KS_ECORRUPT);
	assert_non_null(strstr(e.msg, "gem: '1.0\\x1b[31m': "));
	assert_int_equal(ks_range_parse(&ar, &e, KS_ECO_NPM, (struct ks_str){ "1\0", 2 }, 0, &r),
		KS_ECORRUPT);
	/* unknown ecosystems are a usage error */
	assert_int_equal(ks_ver_parse(&ar, &e, KS_ECO_NONE, KS_STR_LIT("1"), &v), KS_EUSAGE);
	assert_int_equal(
		ks_ver_satisfies(&e, (enum ks_eco)77, KS_STR_LIT("1"), KS_STR_LIT("1"), 0, &ok),
		KS_EUSAGE);
	ks_arena_release(&ar);
	free(big);
}

/* Runs the batch engine on in and returns its output (malloc'd). */
static char *batch(const char *in, size_t inlen, int *rc)
{
	FILE *fi = fmemopen((void *)in, inlen, "r");
	char *out = NULL;
	size_t outlen = 0;
	FILE *fo = open_memstream(&out, &outlen);
	struct ks_err e = { 0 };

	assert_non_null(fi);
	assert_non_null(fo);
	*rc = ks_vercmp_batch(fi, fo, &e);
	fclose(fi);
	fclose(fo);
	return out;
}

static void test_batch(void **state)
{
	static const char in[] = "deb\t1.0~rc1\t1.0\n"
				 "rpm\t1:1.0-1\t2.0-1\r\n"
				 "PyPI\t1.0\t1.0.0\n"
				 "npm\t1.2.3\n"
				 "\n"
				 "cobol\t1\t2\n"
				 "deb\t1:\t1.0\n"
				 "maven\t1.0-SNAPSHOT\t1.0\textra\n"
				 "crates.io\t1.0.0+b\t1.0.0+a";
	static const char want[] = "<\n"
				   ">\n"
				   "=\n"
				   "error: line 4: expected ecosystem<TAB>version<TAB>version\n"
				   "error: line 5: expected ecosystem<TAB>version<TAB>version\n"
				   "error: line 6: unknown ecosystem 'cobol'\n"
				   "error: line 7: deb: '1:': nothing after the epoch colon\n"
				   "error: line 8: expected ecosystem<TAB>version<TAB>version\n"
				   ">\n";
	char *out;
	int rc;

	(void)state;
	out = batch(in, sizeof(in) - 1, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(out, want);
	free(out);
	/* empty input: no output */
	out = batch("", 0, &rc);
	assert_int_equal(rc, 0);
	assert_true(out == NULL || out[0] == '\0');
	free(out);
}

static void test_batch_long_line(void **state)
{
	size_t n = KS_VER_BATCH_LINEMAX + 100, i;
	char *in = malloc(n + 64);
	char *out;
	int rc;

	(void)state;
	memcpy(in, "deb\t1\t", 6);
	for (i = 6; i < n; i++)
		in[i] = '1';
	memcpy(in + n, "\ngem\t1.0\t1.0.a\n", 15);
	out = batch(in, n + 15, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "error: line 1: longer than 65536 bytes\n>\n");
	free(out);
	free(in);
}

static void test_batch_write_error(void **state)
{
	static const char in[] = "deb\t1\t2\n";
	FILE *fi = fmemopen((void *)in, sizeof(in) - 1, "r"), *fo = fopen("/dev/full", "w");
	struct ks_err e = { 0 };

	(void)state;
	if (fo == NULL) {
		fclose(fi);
		print_message("skipped: /dev/full is missing\n");
		skip();
	}
	assert_int_equal(ks_vercmp_batch(fi, fo, &e), KS_EIO);
	assert_string_equal(e.msg, "vercmp: writing the output failed");
	fclose(fi);
	fclose(fo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_handles),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_batch_long_line),
		cmocka_unit_test(test_batch_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
