/*
 * test_version_ecosystems.c - per-ecosystem facts for lib/version: orderings, invalid
 * versions (with the error each must give), and native range expressions.
 *
 * The facts come from each ecosystem's documentation and its reference implementation's
 * behaviour (dpkg, rpm, apk-tools, node-semver, pypa/packaging, Maven ComparableVersion,
 * x/mod/semver and go/version, RubyGems, composer/semver, NuGet.Versioning, Elixir
 * Version, pub_semver, the semver crate). Bulk agreement with the real tools is in
 * test_version_vectors.c and test_version_oracles.c; this file pins the corner cases and
 * the error paths, including the ecosystems no tool here can check (go, cargo, hex, pub,
 * nuget).
 */
#include "testutil.h"

#include <string.h>

#include "version/version.h"

struct ord {
	const char *a, *op, *b;
};

struct bad {
	const char *v, *msg; /* msg: a substring of the error */
};

struct sat {
	const char *range, *v;
	int want; /* 1 yes, 0 no */
	unsigned flags;
};

static void check_order(enum ks_eco eco, const struct ord *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct ks_err e = { 0 };
		int c, want = t[i].op[0] == '<' ? -1 : t[i].op[0] == '>' ? 1 : 0, back;

		if (ks_ver_compare(&e, eco, ks_str_c(t[i].a), ks_str_c(t[i].b), &c) != 0)
			fail_msg("%s '%s' %s '%s': %s", ks_eco_name(eco), t[i].a, t[i].op, t[i].b,
				e.msg);
		if (c != want)
			fail_msg("%s '%s' %s '%s': kensa says %d", ks_eco_name(eco), t[i].a,
				t[i].op, t[i].b, c);
		assert_int_equal(
			ks_ver_compare(&e, eco, ks_str_c(t[i].b), ks_str_c(t[i].a), &back), 0);
		assert_int_equal(back, -c);
	}
}

static void check_bad(enum ks_eco eco, unsigned flags, const struct bad *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct ks_ver *v;
		struct ks_err e = { 0 };
		struct ks_arena a;
		int rc;

		ks_arena_init(&a);
		rc = ks_ver_parse_flags(&a, &e, eco, ks_str_c(t[i].v), flags, &v);
		ks_arena_release(&a);
		if (rc == 0)
			fail_msg("%s '%s' should be invalid", ks_eco_name(eco), t[i].v);
		assert_int_equal(rc, KS_ECORRUPT);
		if (strstr(e.msg, t[i].msg) == NULL ||
			strncmp(e.msg, ks_eco_name(eco), strlen(ks_eco_name(eco))) != 0)
			fail_msg("%s '%s': message '%s' lacks '%s'", ks_eco_name(eco), t[i].v,
				e.msg, t[i].msg);
	}
}

static void check_sat(enum ks_eco eco, const struct sat *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct ks_err e = { 0 };
		bool got;

		if (ks_ver_satisfies(
			    &e, eco, ks_str_c(t[i].v), ks_str_c(t[i].range), t[i].flags, &got) != 0)
			fail_msg(
				"%s '%s' in '%s': %s", ks_eco_name(eco), t[i].v, t[i].range, e.msg);
		if (got != (t[i].want != 0))
			fail_msg("%s '%s' in '%s' (flags %u): kensa says %d", ks_eco_name(eco),
				t[i].v, t[i].range, t[i].flags, got);
	}
}

/* Ranges that must fail to parse, with a message substring. */
static void check_badrange(enum ks_eco eco, const struct bad *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct ks_range *r;
		struct ks_err e = { 0 };
		struct ks_arena a;
		int rc;

		ks_arena_init(&a);
		rc = ks_range_parse(&a, &e, eco, ks_str_c(t[i].v), 0, &r);
		ks_arena_release(&a);
		if (rc == 0)
			fail_msg("%s range '%s' should be invalid", ks_eco_name(eco), t[i].v);
		assert_int_equal(rc, KS_ECORRUPT);
		if (strstr(e.msg, t[i].msg) == NULL)
			fail_msg("%s range '%s': message '%s' lacks '%s'", ks_eco_name(eco), t[i].v,
				e.msg, t[i].msg);
	}
}

#define N(t) (sizeof(t) / sizeof((t)[0]))

static void test_deb(void **state)
{
	static const struct ord ord[] = {
		{ "1.0~rc1", "<", "1.0" },
		{ "1.0", "<", "1.0+b1" },
		{ "1.0~~", "<", "1.0~~a" },
		{ "1.0~~a", "<", "1.0~" },
		{ "1.0~", "<", "1.0" },
		{ "1:0.9", ">", "2.0" },
		{ "1.0-1", "=", "1.0-01" },
		{ "0:1.0", "=", "1.0" },
		{ "1.0", "=", "1.0-0" },
		{ "1.2.3-4+deb12u1", ">", "1.2.3-4" },
		{ "7.0-4.el6.x86_64", ">", "6.1-3.el6.x86_64" },
		{ "1:2:3", ">", "1:2:2" },
		{ "1.0-1-1", ">", "1.0-1" },
		{ "1.0a", ">", "1.0" },
		{ "1.0a", "<", "1.0+" },
		{ "2.30-1", ">", "2.3-1" },
	};
	static const struct bad bad[] = {
		{ "", "version is empty" },
		{ "1:", "nothing after the epoch colon" },
		{ ":1", "epoch is empty" },
		{ "a:1", "epoch is empty" },
		{ "1a:1", "epoch is not a number" },
		{ "-1:1", "epoch is negative" },
		{ "2147483648:1", "epoch is too big" },
		{ "1.0-", "revision is empty" },
		{ "1 0", "embedded blanks" },
		{ "-1", "upstream version is empty" },
	};
	static const struct sat sat[] = {
		{ "<< 1.2-1", "1.2-0", 1, 0 },
		{ "<< 1.2-1", "1.2-1", 0, 0 },
		{ ">= 1:1.0, << 1:2.0", "1:1.5", 1, 0 },
		{ ">= 1:1.0, << 1:2.0", "1.5", 0, 0 },
		{ "1.0-1 || 2.0-1", "2.0-1", 1, 0 },
		{ "1.0-1 || 2.0-1", "2.0", 0, 0 },
		{ ">> 1.0", "1.0+b1", 1, 0 },
		{ "!= 1.0", "1.0-0", 0, 0 },
		{ "*", "0", 1, 0 },
	};
	static const struct bad badr[] = {
		{ "", "empty alternative" },
		{ "<=", "operator without a version" },
		{ ">= 1.0 ||", "empty alternative" },
		{ ">= 1:", "nothing after the epoch colon" },
	};

	(void)state;
	check_order(KS_ECO_DEB, ord, N(ord));
	check_bad(KS_ECO_DEB, 0, bad, N(bad));
	check_sat(KS_ECO_DEB, sat, N(sat));
	check_badrange(KS_ECO_DEB, badr, N(badr));
}

static void test_rpm(void **state)
{
	static const struct ord ord[] = {
		{ "1.0~rc1", "<", "1.0" },
		{ "1.0^git1", ">", "1.0" },
		{ "1.0^git1", "<", "1.0.1" },
		{ "1.0~rc1^git1", ">", "1.0~rc1" },
		{ "1:1.0-1", ">", "2.0-1" },
		{ "0:1.0-1", "=", "1.0-1" },
		{ ":1.0-1", "=", "1.0-1" },
		{ "1.0-1", ">", "1.0" },
		{ "1.0-~1", ">", "1.0" },
		{ "2.28-151.el8", "<", "2.28-151.el8_5" },
		{ "1.8.0-1.module_el8.4.0+2519+614b07b8", "<",
			"1.8.0-1.module_el8.5.0+2569+5c5719bc" },
		{ "5.5p1", "<", "5.5p10" },
		{ "10xyz", "<", "10.1xyz" },
		{ "1.0", "=", "1_0" },
		{ "1.01", "=", "1.1" },
		{ "1.a", "<", "1.1" },
	};
	static const struct bad bad[] = {
		{ "", "version is empty" },
		{ "1:", "version is empty" },
		{ "1.0 -1", "embedded blanks" },
	};
	static const struct sat sat[] = {
		{ ">= 0:1.0-1.el8, < 0:1.2-1.el8", "1.1-3.el8", 1, 0 },
		{ ">= 0:1.0-1.el8, < 0:1.2-1.el8", "1:1.1-3.el8", 0, 0 },
		{ "< 2.0", "2.0~beta1-1", 1, 0 },
	};

	(void)state;
	check_order(KS_ECO_RPM, ord, N(ord));
	check_bad(KS_ECO_RPM, 0, bad, N(bad));
	check_sat(KS_ECO_RPM, sat, N(sat));
	/* the bare rpmvercmp() treats '-' and ':' as separators */
	assert_int_equal(ks_rpmvercmp(KS_STR_LIT("1.0-1"), KS_STR_LIT("1.0.1")), 0);
	assert_int_equal(ks_rpmvercmp(KS_STR_LIT("1:1"), KS_STR_LIT("2")), -1);
	assert_int_equal(ks_rpmvercmp(KS_STR_LIT("~"), KS_STR_LIT("")), -1);
	assert_int_equal(ks_rpmvercmp(KS_STR_LIT("^"), KS_STR_LIT("")), 1);
}

static void test_apk(void **state)
{
	static const struct ord ord[] = {
		{ "1.0_alpha", "<", "1.0_beta" }, { "1.0_beta", "<", "1.0_pre" },
		{ "1.0_pre", "<", "1.0_rc" }, { "1.0_rc", "<", "1.0" }, { "1.0", "<", "1.0_cvs" },
		{ "1.0_cvs", "<", "1.0_svn" }, { "1.0_svn", "<", "1.0_git" },
		{ "1.0_git", "<", "1.0_hg" }, { "1.0_hg", "<", "1.0_p1" }, { "1.0-r1", ">", "1.0" },
		{ "1.0a", ">", "1.0" }, { "1.0a", "<", "1.0.1" }, { "1.01", "<", "1.1" },
		{ "1.0~abc", "<", "1.0~abd" }, { "1.2_git20240101", ">", "1.2" },
		{ "2.3.0b-r1", "<", "2.3.0b-r2" }, { "1.0_rc1-r5", "<", "1.0-r0" },
		{ "1.0bc", ">", "1.0" }, /* invalid, but apk-tools orders it like this */
	};
	static const struct bad strict[] = {
		{ "1.0bc", "not a valid apk version" },
		{ "1.0_foo", "not a valid apk version" },
		{ "1.0-r", "not a valid apk version" },
		{ "1.0-r1_p1", "not a valid apk version" },
	};
	static const struct bad bad[] = {
		{ "", "version is empty" },
		{ "abc", "does not start with a digit" },
		{ ".1", "does not start with a digit" },
		{ "_pre1", "does not start with a digit" },
	};
	static const struct sat sat[] = {
		{ "~3.6", "3.6.9", 1, 0 },
		{ "~3.6", "3.7", 0, 0 },
		{ "<~3.6", "3.6.2", 1, 0 },
		{ ">~3.6", "3.5", 0, 0 },
		{ ">=1.2.3-r0 <1.3", "1.2.5", 1, 0 },
		{ ">=1.2.3-r0 <1.3", "1.3", 0, 0 },
		{ "=1.2.3-r1", "1.2.3-r1", 1, 0 },
	};

	(void)state;
	check_order(KS_ECO_APK, ord, N(ord));
	check_bad(KS_ECO_APK, KS_VER_STRICT, strict, N(strict));
	check_bad(KS_ECO_APK, 0, bad, N(bad));
	check_sat(KS_ECO_APK, sat, N(sat));
}

static void test_npm(void **state)
{
	static const struct ord ord[] = {
		{ "1.2.3-alpha.10", ">", "1.2.3-alpha.9" }, { "=v1.2.3", "=", "1.2.3" },
		{ "1.2.3+build.1", "=", "1.2.3+build.2" }, { "1.2.3beta", "<", "1.2.3" },
		{ "01.2.3", "=", "1.2.3" }, { "1.2.3-01", "=", "1.2.3-1" },
		{ "1.2.3-", "=", "1.2.3--" }, /* node-semver loose: the pre-release is "-" */
	};
	static const struct bad strict[] = {
		{ "=1.2.3", "not a valid semver version" },
		{ "01.2.3", "not a valid semver version" },
		{ "1.2.3beta", "not a valid semver version" },
		{ "1.2", "not a valid semver version" },
	};
	static const struct bad bad[] = {
		{ "1.2", "not a valid semver version" },
		{ "", "not a valid semver version" },
		{ "9007199254740992.0.0", "not a valid semver version" },
		{ "1.2.3+", "not a valid semver version" },
	};
	static const struct sat sat[] = {
		{ ">= 1.0.0, < 1.2.3", "1.1.0", 1, 0 },
		{ ">= 1.0.0, < 1.2.3", "1.2.3", 0, 0 },
		{ "^1.2.3 || ^2.0.0", "2.5.0", 1, 0 },
		{ "< 2.0.0", "2.0.0-beta", 0, 0 },
		{ "< 2.0.0", "2.0.0-beta", 1, KS_VER_PRERELEASE },
		{ "", "1.0.0", 1, 0 },
		{ ">= foo || 1.0.0", "1.0.0", 1, KS_VER_LOOSE },
	};
	static const struct bad badr[] = {
		{ ">= foo", "invalid comparator" },
		{ "1.0.0 - ", "invalid comparator" },
		{ "foo", "invalid comparator" },
	};
	char big[300];

	(void)state;
	check_order(KS_ECO_NPM, ord, N(ord));
	check_bad(KS_ECO_NPM, KS_VER_STRICT, strict, N(strict));
	check_bad(KS_ECO_NPM, 0, bad, N(bad));
	check_sat(KS_ECO_NPM, sat, N(sat));
	check_badrange(KS_ECO_NPM, badr, N(badr));
	/* node-semver refuses versions over 256 bytes */
	memset(big, 'a', sizeof(big));
	memcpy(big, "1.2.3-", 6);
	big[sizeof(big) - 1] = '\0';
	{
		const struct ks_ver *v;
		struct ks_err e = { 0 };
		struct ks_arena a;

		ks_arena_init(&a);
		assert_int_equal(ks_ver_parse(&a, &e, KS_ECO_NPM, ks_str_c(big), &v), KS_ELIMIT);
		ks_arena_release(&a);
	}
}

static void test_semver(void **state)
{
	static const struct ord ord[] = {
		{ "1.0.0-alpha", "<", "1.0.0-alpha.1" },
		{ "1.0.0-alpha.beta", "<", "1.0.0-beta" },
		{ "1.0.0-beta.11", "<", "1.0.0-rc.1" },
		{ "1.0.0+build", "=", "1.0.0" },
		{ "v1.2.3", "=", "1.2.3" },
	};
	static const struct bad bad[] = {
		{ "01.2.3", "not a valid SemVer 2.0 version" },
		{ "1.2.3-01", "not a valid SemVer 2.0 version" },
		{ "1.2.3-a..b", "not a valid SemVer 2.0 version" },
	};
	static const struct sat sat[] = {
		{ ">= 1.0.0, < 2.0.0", "1.5.0-rc.1", 1, 0 },
		{ "1.0.0 || 2.0.0", "2.0.0+x", 1, 0 },
	};

	(void)state;
	check_order(KS_ECO_SEMVER, ord, N(ord));
	check_bad(KS_ECO_SEMVER, 0, bad, N(bad));
	check_sat(KS_ECO_SEMVER, sat, N(sat));
}

static void test_pypi(void **state)
{
	static const struct ord ord[] = {
		{ "1.0", "=", "1.0.0" },
		{ "1.0a1", "<", "1.0" },
		{ "1!0.1", ">", "2.0" },
		{ "1.0.dev1", "<", "1.0a1" },
		{ "1.0.post1", ">", "1.0" },
		{ "1.0+local", ">", "1.0" },
		{ "1.0+abc", "<", "1.0+1" },
		{ "1.0-1", "=", "1.0.post1" },
		{ "V1.0", "=", "1.0" },
		{ "1.0RC1", "=", "1.0c1" },
		{ "1.0.0-Alpha.1", "=", "1.0a1" },
	};
	static const struct bad bad[] = {
		{ "1.0.", "not a valid PEP 440 version" },
		{ "french toast", "not a valid PEP 440" },
		{ "1.0+", "not a valid PEP 440" },
		{ "1..0", "not a valid PEP 440" },
	};
	static const struct sat sat[] = {
		{ "~=1.4.5", "1.4.9", 1, 0 },
		{ "~=1.4.5", "1.5", 0, 0 },
		{ "~=1.4", "1.9", 1, 0 },
		{ "==1.0.*", "1.0.5", 1, 0 },
		{ "==1.0.*", "1.1", 0, 0 },
		{ "!=1.0.*", "1.1", 1, 0 },
		{ "<1.0", "1.0rc1", 0, 0 },
		{ "<1.0", "1.0rc1", 0, KS_VER_PRERELEASE },
		{ "<1.0", "0.9", 1, 0 },
		{ ">=1.0", "2.0b1", 0, 0 },
		{ ">=1.0", "2.0b1", 1, KS_VER_PRERELEASE },
		{ ">=1.0b1", "2.0b1", 1, 0 },
		{ "===1.0", "1.0", 1, 0 },
		{ "===1.0", "1.0.0", 0, 0 },
		{ ">1.0", "1.0.post1", 0, 0 },
		{ ">1.0", "1.0+local", 0, 0 },
		{ "<=1.0", "1.0+local", 1, 0 },
		{ "==1.0", "1.0+local", 1, 0 },
		{ "==1.0+other", "1.0+local", 0, 0 },
		{ "", "3.0", 1, 0 },
		{ ">= 1.0, < 2.0", "1.5", 1, 0 },
		{ ">=2 || <1", "0.5", 1, 0 },
	};
	static const struct bad badr[] = {
		{ "~=1", "~= needs at least two release numbers" },
		{ ">=1.0.*", "not a valid PEP 440" },
		{ "==1.0a1.*", "a wildcard only follows" },
		{ "<1.0+local", "a local version only goes with" },
		{ "1.0", "invalid specifier" },
	};

	(void)state;
	check_order(KS_ECO_PYPI, ord, N(ord));
	check_bad(KS_ECO_PYPI, 0, bad, N(bad));
	check_sat(KS_ECO_PYPI, sat, N(sat));
	check_badrange(KS_ECO_PYPI, badr, N(badr));
}

static void test_maven(void **state)
{
	static const struct ord ord[] = {
		{ "1.0", "=", "1" },
		{ "1.0-SNAPSHOT", "<", "1.0" },
		{ "1.0-alpha-1", "<", "1.0-beta" },
		{ "1.0.RC1", "=", "1.0-rc1" },
		{ "1.0-sp", ">", "1.0" },
		{ "1.0-ga", "=", "1.0" },
		{ "1.0-final", "=", "1" },
		{ "1.0-RELEASE", "=", "1.0" },
		{ "1.0-cr1", "=", "1.0-rc1" },
		{ "1.0-a1", "=", "1.0-alpha-1" },
		{ "1.0-foo", ">", "1.0-sp" },
		{ "1.1", ">", "1-1" },
		{ "2.0.a", "=", "2.0.0.a" },
		{ "1-foo", "=", "1.foo" },
		{ "2-1", ">", "2.0.a" },
		{ "1.0.0.12345678901234567890", ">", "1.0.0.1234567890" },
	};
	static const struct sat sat[] = {
		{ "[1.0,2.0)", "1.5", 1, 0 },
		{ "[1.0,2.0)", "2.0", 0, 0 },
		{ "[1.0,2.0)", "2.0-rc1", 1, 0 },
		{ "(,1.0],[1.2,)", "1.1", 0, 0 },
		{ "(,1.0],[1.2,)", "1.2", 1, 0 },
		{ "[1.5]", "1.5.0", 1, 0 },
		{ "1.0", "1.0", 1, 0 },
		{ "1.0", "1.1", 0, 0 },
		{ ">= 1.0, < 2.0", "1.9", 1, 0 },
		{ "(1.0,)", "1.0", 0, 0 },
		{ "[,1.0)", "0.9", 1, 0 },
	};
	static const struct bad badr[] = {
		{ "[2.0,1.0]", "lower bound is above" },
		{ "[1.0", "unbalanced" },
		{ "(1.0)", "a single version needs [ and ]" },
		{ "[1.0,2.0),", "trailing ','" },
		{ "[1,2,3]", "too many commas" },
		{ "[1.0] [2.0]", "separated by ','" },
	};

	(void)state;
	check_order(KS_ECO_MAVEN, ord, N(ord));
	check_sat(KS_ECO_MAVEN, sat, N(sat));
	check_badrange(KS_ECO_MAVEN, badr, N(badr));
}

static void test_go(void **state)
{
	static const struct ord ord[] = {
		{ "v1.2.3", "=", "1.2.3" },
		{ "v1.2", "=", "v1.2.0" },
		{ "v1", "=", "v1.0.0" },
		{ "v1.2.3+incompatible", "=", "v1.2.3" },
		{ "v0.0.0-20191109021931-daa7c04131f5", "<", "v0.0.0-20200101000000-abcdefabcdef" },
		{ "v0.0.0-20200101000000-abcdefabcdef", "<", "v0.0.1" },
		{ "v1.0.0-alpha.beta", "<", "v1.0.0-beta" },
		{ "go1.21", "<", "go1.21rc1" },
		{ "go1.21rc1", "<", "go1.21rc2" },
		{ "go1.21rc2", "<", "go1.21.0" },
		{ "go1.21.0", "=", "v1.21.0" },
		{ "go1.21rc2", "=", "1.21.0-rc.2" },
		{ "go1.20", "=", "go1.20.0" },
		{ "go1.19rc1", "<", "go1.19" },
		{ "go1", "=", "v1.0.0" },
		{ "go1.21beta1", "<", "go1.21rc1" },
		{ "go1.9.2", "<", "go1.10" },
	};
	static const struct bad bad[] = {
		{ "v01.2.3", "not a valid Go" },
		{ "v1.2.3.4", "not a valid Go" },
		{ "v1.2-pre", "not a valid Go" },
		{ "v1.2.3-01", "not a valid Go" },
		{ "go1.21.3rc1", "not a valid Go" },
		{ "", "not a valid Go" },
		{ "go1.a", "not a valid Go" },
	};
	static const struct sat sat[] = {
		{ ">= 1.20.0, < 1.20.5", "go1.20.4", 1, 0 },
		{ "< 1.21.0", "go1.21rc1", 1, 0 },
		{ ">= v0.0.0-20200101000000-abcdefabcdef", "v0.0.0-20191109021931-daa7c04131f5", 0,
			0 },
	};

	(void)state;
	check_order(KS_ECO_GO, ord, N(ord));
	check_bad(KS_ECO_GO, 0, bad, N(bad));
	check_sat(KS_ECO_GO, sat, N(sat));
}

static void test_gem(void **state)
{
	static const struct ord ord[] = {
		{ "1.0", "=", "1.0.0" },
		{ "1.0.a", "<", "1.0" },
		{ "1.2.b1", "=", "1.2.b.1" },
		{ "1.0.0-1", "<", "1" },
		{ "", "=", "0" },
		{ " 1.0 ", "=", "1.0" },
		{ "1.0.0-rc.1", "<", "1.0.0-rc.1+build.1" },
		{ "1.0.0", "<", "1.0.0+0.3.7" },
	};
	static const struct bad bad[] = {
		{ "junk", "malformed version number string" },
		{ "1..2", "malformed" },
		{ "1.0\n2.0", "malformed" },
	};
	static const struct sat sat[] = {
		{ "~> 2.2", "2.5", 1, 0 },
		{ "~> 2.2", "3.0", 0, 0 },
		{ "~> 2.2.0", "2.2.9", 1, 0 },
		{ "~> 2.2.0", "2.3", 0, 0 },
		{ ">= 1.0, < 2", "1.9.9.a", 1, 0 },
		{ "!= 1.3", "1.3.0", 0, 0 },
		{ "~> 1.2.3 || >= 2.0", "2.1", 1, 0 },
		{ "1.2", "1.2.0", 1, 0 },
		{ "~> 0", "0.9", 1, 0 },
	};
	static const struct bad badr[] = { { "", "empty requirement" },
		{ ">=", "illformed requirement" }, { "~> junk", "malformed" } };

	(void)state;
	check_order(KS_ECO_GEM, ord, N(ord));
	check_bad(KS_ECO_GEM, 0, bad, N(bad));
	check_sat(KS_ECO_GEM, sat, N(sat));
	check_badrange(KS_ECO_GEM, badr, N(badr));
}

static void test_composer(void **state)
{
	static const struct ord ord[] = {
		{ "1.0", "=", "1.0.0" },
		{ "v1.0", "=", "1.0.0.0" },
		{ "1.0RC1", "<", "1.0" },
		{ "1.0-patch1", ">", "1.0" },
		{ "1.0-beta2", ">", "1.0-beta1" },
		{ "1.0-alpha", "<", "1.0-beta" },
		{ "1.0-dev", "<", "1.0-alpha" },
		{ "dev-master", "<", "1.0" },
		{ "1.0.0+build", "=", "1.0.0" },
		{ "2010-01-02", "<", "2010.01.02" }, /* 2010.01.02 vs 2010.01.02.0 */
		{ "20100102", ">", "2010-01-02" },
		{ "1.x-dev", ">", "1.99" },
		{ "dev-a", "<", "dev-b" },
		{ "1.0@beta", "=", "1.0" },
	};
	static const struct bad bad[] = {
		{ "foo", "invalid version string" },
		{ "1.0.0.0.0", "invalid version string" },
		{ "12345.6.7.8.9", "invalid version string" },
	};
	static const struct sat sat[] = {
		{ "^1.2.3", "1.9.0", 1, 0 },
		{ "^1.2.3", "2.0.0-beta", 0, 0 },
		{ "^0.3", "0.3.9", 1, 0 },
		{ "^0.3", "0.4.0", 0, 0 },
		{ ">=1.0 <2.0", "1.0-beta", 1, 0 },
		{ "<1.0", "1.0-beta", 0, 0 },
		{ "1.0.*", "1.0.7", 1, 0 },
		{ "1.0.*", "1.1.0", 0, 0 },
		{ "~1.2", "1.9", 1, 0 },
		{ "~1.2.3", "1.3.0", 0, 0 },
		{ "1.0 - 2.0", "2.0.5", 1, 0 },
		{ "1.0.0 - 2.0.0", "2.0.5", 0, 0 },
		{ "^1.0 || ^2.0", "2.1", 1, 0 },
		{ ">=1.0,<1.5 | >=2.0", "1.7", 0, 0 },
		{ "*", "dev-master", 1, 0 },
		{ "dev-master", "dev-master", 1, 0 },
		{ ">=1.0", "dev-master", 0, 0 },
		{ "!=dev-master", "1.0", 1, 0 },
		{ "1.0 as 2.0", "1.0", 1, 0 },
	};
	static const struct bad badr[] = { { "~>1.0", "could not parse" },
		{ "foo bar", "could not parse" } };

	(void)state;
	check_order(KS_ECO_COMPOSER, ord, N(ord));
	check_bad(KS_ECO_COMPOSER, 0, bad, N(bad));
	check_sat(KS_ECO_COMPOSER, sat, N(sat));
	check_badrange(KS_ECO_COMPOSER, badr, N(badr));
}

static void test_nuget(void **state)
{
	static const struct ord ord[] = {
		{ "1.0", "=", "1.0.0.0" },
		{ "1.0.0-beta", "=", "1.0.0-BETA" },
		{ "1.0.0-beta.2", "<", "1.0.0-beta.10" },
		{ "1.0.0-alpha", "<", "1.0.0" },
		{ "1.0.0.1", ">", "1.0.0" },
		{ "1.0.0+meta", "=", "1.0.0" },
		{ "1.0.0-rc.1", "<", "1.0.0-rc.1.1" },
		{ "1.0.0-1", "<", "1.0.0-a" },
		{ "1", "=", "1.0" },
	};
	static const struct bad bad[] = {
		{ "1.0.0.0.0", "not a valid NuGet version" },
		{ "v1.0", "not a valid NuGet version" },
		{ "1.0-", "invalid release label" },
		{ "2147483648.0", "not a valid NuGet version" },
		{ "1.0+", "invalid metadata" },
	};
	static const struct sat sat[] = {
		{ "1.0", "1.5", 1, 0 },
		{ "1.0", "0.9", 0, 0 },
		{ "[1.0,2.0)", "2.0", 0, 0 },
		{ "[1.0,2.0)", "1.0", 1, 0 },
		{ "(,1.0]", "1.0", 1, 0 },
		{ "[1.0]", "1.0.0", 1, 0 },
		{ "(1.0,)", "1.0", 0, 0 },
		{ ">= 1.0, < 2.0", "1.5", 1, 0 },
	};
	static const struct bad badr[] = {
		{ "1.*", "floating ranges are not supported" },
		{ "(1.0)", "a single version needs" },
		{ "[2.0,1.0]", "lower bound is above" },
		{ "(,)", "an interval needs a bound" },
		{ "[1.0,2.0", "unbalanced" },
	};

	(void)state;
	check_order(KS_ECO_NUGET, ord, N(ord));
	check_bad(KS_ECO_NUGET, 0, bad, N(bad));
	check_sat(KS_ECO_NUGET, sat, N(sat));
	check_badrange(KS_ECO_NUGET, badr, N(badr));
}

static void test_hex(void **state)
{
	static const struct ord ord[] = {
		{ "1.0.0-alpha", "<", "1.0.0" },
		{ "1.0.0-alpha.1", "<", "1.0.0-alpha.beta" },
		{ "1.0.0+build", "=", "1.0.0" },
		{ "2.0.0-rc.1", "<", "2.0.0-rc.10" },
	};
	static const struct bad bad[] = {
		{ "1.0", "not a valid Elixir version" },
		{ "01.0.0", "not a valid Elixir version" },
		{ "1.0.0-01", "not a valid Elixir version" },
		{ "1.0.0.0", "not a valid Elixir" },
	};
	static const struct sat sat[] = {
		{ "~> 2.1", "2.9.0", 1, 0 },
		{ "~> 2.1", "3.0.0", 0, 0 },
		{ "~> 2.1", "3.0.0-rc.0", 0, 0 },
		{ "~> 2.1.3", "2.1.9", 1, 0 },
		{ "~> 2.1.3", "2.2.0", 0, 0 },
		{ ">= 1.0.0 and < 2.0.0 or == 3.0.0", "3.0.0", 1, 0 },
		{ ">= 1.0.0 and < 2.0.0 or == 3.0.0", "2.5.0", 0, 0 },
		{ "1.0.0", "1.0.0+x", 1, 0 },
		{ "!= 1.0.0", "1.0.1", 1, 0 },
	};
	static const struct bad badr[] = { { "~> 2", "not a valid requirement version" },
		{ ">= 1.0.0 and", "empty requirement" } };

	(void)state;
	check_order(KS_ECO_HEX, ord, N(ord));
	check_bad(KS_ECO_HEX, 0, bad, N(bad));
	check_sat(KS_ECO_HEX, sat, N(sat));
	check_badrange(KS_ECO_HEX, badr, N(badr));
}

static void test_pub(void **state)
{
	static const struct ord ord[] = {
		{ "1.0.0-dev", "<", "1.0.0" },
		{ "1.0.0", "<", "1.0.0+build" },
		{ "1.0.0+build", "<", "1.0.0+build.1" },
		{ "1.0.0+1", "<", "1.0.0+a" },
		{ "1.0.0-01", "=", "1.0.0-1" },
		{ "1.0.0-alpha", "<", "1.0.0-alpha.1" },
	};
	static const struct bad bad[] = { { "1.0", "not a valid pub version" },
		{ "1.0.0-", "not a valid pub version" }, { "v1.0.0", "not a valid pub version" } };
	static const struct sat sat[] = {
		{ "^1.2.3", "1.9.9", 1, 0 },
		{ "^1.2.3", "2.0.0-dev", 0, 0 },
		{ "^0.2.3", "0.2.9", 1, 0 },
		{ "^0.2.3", "0.3.0", 0, 0 },
		{ "<2.0.0", "2.0.0-dev", 1, 0 },
		{ "any", "99.0.0", 1, 0 },
		{ ">=1.0.0 <2.0.0", "1.5.0", 1, 0 },
		{ "1.2.3", "1.2.3", 1, 0 },
		{ "1.2.3", "1.2.3+b", 0, 0 },
	};
	static const struct bad badr[] = { { ">=", "expected a version" } };

	(void)state;
	check_order(KS_ECO_PUB, ord, N(ord));
	check_bad(KS_ECO_PUB, 0, bad, N(bad));
	check_sat(KS_ECO_PUB, sat, N(sat));
	check_badrange(KS_ECO_PUB, badr, N(badr));
}

static void test_cargo(void **state)
{
	static const struct ord ord[] = {
		{ "1.0.0-alpha", "<", "1.0.0-alpha.1" },
		{ "1.0.0-alpha.1", "<", "1.0.0-alpha.beta" },
		{ "1.0.0-alpha.beta", "<", "1.0.0-beta" },
		{ "1.0.0-beta.2", "<", "1.0.0-beta.11" },
		{ "1.0.0-rc.1", "<", "1.0.0" },
		{ "1.0.0", "<", "1.0.0+build" },
		{ "1.0.0+a", "<", "1.0.0+b" },
		{ "1.0.0+1", "<", "1.0.0+01" },
		{ "1.0.0+1", "<", "1.0.0+a" },
	};
	static const struct bad bad[] = {
		{ "1.0", "not a valid SemVer version" },
		{ "v1.0.0", "not a valid SemVer version" },
		{ "01.0.0", "not a valid SemVer version" },
		{ "1.0.0-01", "not a valid SemVer" },
	};
	static const struct sat sat[] = {
		{ "^1.2.3", "1.2.3", 1, 0 },
		{ "^1.2.3", "1.9.0", 1, 0 },
		{ "^1.2.3", "2.0.0", 0, 0 },
		{ "1.2.3", "1.9.0", 1, 0 },
		{ "^0.2.3", "0.2.9", 1, 0 },
		{ "^0.2.3", "0.3.0", 0, 0 },
		{ "^0.0.3", "0.0.3", 1, 0 },
		{ "^0.0.3", "0.0.4", 0, 0 },
		{ "~1.2.3", "1.2.9", 1, 0 },
		{ "~1.2.3", "1.3.0", 0, 0 },
		{ "~1", "1.9.9", 1, 0 },
		{ ">=1.0.0, <2.0.0", "1.5.0", 1, 0 },
		{ "1.*", "1.5.0", 1, 0 },
		{ "1.*", "2.0.0", 0, 0 },
		{ "*", "1.0.0-pre", 0, 0 },
		{ "*", "1.0.0-pre", 1, KS_VER_PRERELEASE },
		{ "^1.2.3-alpha.1", "1.2.3-alpha.2", 1, 0 },
		{ "^1.2.3-alpha.1", "1.2.4-alpha.1", 0, 0 },
		{ "=1.2", "1.2.5", 1, 0 },
		{ ">1.2", "1.2.5", 0, 0 },
		{ ">1.2", "1.3.0", 1, 0 },
		{ "<1.2", "1.1.9", 1, 0 },
		{ "<1.2", "1.2.0", 0, 0 },
		{ ">= 1.2.3 || ^1.1.5", "1.1.6", 1, 0 },
	};
	static const struct bad badr[] = { { "1.2.3.4", "invalid version requirement" },
		{ "^1.2-pre", "invalid version requirement" },
		{ ">=1.*", "invalid version requirement" } };

	(void)state;
	check_order(KS_ECO_CARGO, ord, N(ord));
	check_bad(KS_ECO_CARGO, 0, bad, N(bad));
	check_sat(KS_ECO_CARGO, sat, N(sat));
	check_badrange(KS_ECO_CARGO, badr, N(badr));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deb),
		cmocka_unit_test(test_rpm),
		cmocka_unit_test(test_apk),
		cmocka_unit_test(test_npm),
		cmocka_unit_test(test_semver),
		cmocka_unit_test(test_pypi),
		cmocka_unit_test(test_maven),
		cmocka_unit_test(test_go),
		cmocka_unit_test(test_gem),
		cmocka_unit_test(test_composer),
		cmocka_unit_test(test_nuget),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_pub),
		cmocka_unit_test(test_cargo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
