/*
 * test_version_generic.c - the "generic" version scheme (lib/version/generic.c), Trivy's
 * GenericComparer for Swift and Conan: aquasecurity/go-version's `version` package.
 *
 * The orderings, valid and invalid versions and constraint results in the first table of
 * each test are the facts go-version's own tests state (pkg/version/version_test.go and
 * constraint_test.go), written here as data; the rest pin the corners those tests leave
 * out (the `-` that begins a pre-release, the x/X wildcard identifier, 64-bit limits, how
 * comparators run together) as the library's code decides them. One deliberate
 * difference: kensa trims blanks around every version before any comparator sees it, so
 * go-version's invalid "\n1.2" is "1.2" here. Also: the ecosystem names that select the
 * scheme, and OSV ranges of the fixture DB's Swift and Conan advisories.
 */
#include "testutil.h"

#include <string.h>

#include "version/version.h"

#define N(t) (sizeof(t) / sizeof((t)[0]))

struct ord {
	const char *a, *op, *b;
};

struct sat {
	const char *range, *v;
	int want;
};

struct bad {
	const char *s, *msg; /* msg: a substring of the error */
};

static void check_order(const struct ord *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct ks_err e = { 0 };
		int c = 2, back = 2, want = t[i].op[0] == '<' ? -1 : t[i].op[0] == '>' ? 1 : 0;

		if (ks_ver_compare(&e, KS_ECO_GENERIC, ks_str_c(t[i].a), ks_str_c(t[i].b), &c) != 0)
			fail_msg("'%s' %s '%s': %s", t[i].a, t[i].op, t[i].b, e.msg);
		if (c != want)
			fail_msg("'%s' %s '%s': kensa says %d", t[i].a, t[i].op, t[i].b, c);
		assert_int_equal(ks_ver_compare(&e, KS_ECO_GENERIC, ks_str_c(t[i].b),
					 ks_str_c(t[i].a), &back),
			0);
		assert_int_equal(back, -c);
	}
}

static void check_valid(const char *const *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct ks_ver *v;
		struct ks_err e = { 0 };
		struct ks_arena a;
		int rc;

		ks_arena_init(&a);
		rc = ks_ver_parse(&a, &e, KS_ECO_GENERIC, ks_str_c(t[i]), &v);
		if (rc != 0)
			fail_msg("'%s' should be valid: %s", t[i], e.msg);
		assert_string_equal(ks_ver_str(v), t[i]);
		assert_int_equal(ks_ver_cmp(v, v), 0);
		ks_arena_release(&a);
	}
}

static void check_bad(const struct bad *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct ks_ver *v;
		struct ks_err e = { 0 };
		struct ks_arena a;
		int rc;

		ks_arena_init(&a);
		rc = ks_ver_parse(&a, &e, KS_ECO_GENERIC, ks_str_c(t[i].s), &v);
		ks_arena_release(&a);
		if (rc == 0)
			fail_msg("'%s' should be invalid", t[i].s);
		assert_int_equal(rc, KS_ECORRUPT);
		if (strncmp(e.msg, "generic: '", 10) != 0 || strstr(e.msg, t[i].msg) == NULL)
			fail_msg("'%s': message '%s' lacks '%s'", t[i].s, e.msg, t[i].msg);
	}
}

static void check_sat(const struct sat *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct ks_err e = { 0 };
		bool got;

		if (ks_ver_satisfies(&e, KS_ECO_GENERIC, ks_str_c(t[i].v), ks_str_c(t[i].range), 0,
			    &got) != 0)
			fail_msg("'%s' in '%s': %s", t[i].v, t[i].range, e.msg);
		if (got != (t[i].want != 0))
			fail_msg("'%s' in '%s': kensa says %d", t[i].v, t[i].range, got);
	}
}

static void check_badrange(const struct bad *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct ks_range *r;
		struct ks_err e = { 0 };
		struct ks_arena a;
		int rc;

		ks_arena_init(&a);
		rc = ks_range_parse(&a, &e, KS_ECO_GENERIC, ks_str_c(t[i].s), 0, &r);
		ks_arena_release(&a);
		if (rc == 0)
			fail_msg("range '%s' should be invalid", t[i].s);
		assert_int_equal(rc, KS_ECORRUPT);
		if (strstr(e.msg, t[i].msg) == NULL)
			fail_msg("range '%s': message '%s' lacks '%s'", t[i].s, e.msg, t[i].msg);
	}
}

static void test_parse(void **state)
{
	/* go-version's TestParse: valid */
	static const char *const upstream_ok[] = { "1.2.3", "1.0", "1", "1.2-5", "1.2-beta.5",
		"1.2.0-x.Y.0+metadata", "1.2.0-x.Y.0+metadata-width-hypen", "1.2.3-rc1-with-hypen",
		"1.2.3.4", "1.2.0.4-x.Y.0+metadata", "1.2.0.4-x.Y.0+metadata-width-hypen",
		"1.2.0-X-1.2.0+metadata~dist", "1.2.3.4-rc1-with-hypen", "v1.2.3", "1.7rc2",
		"v1.7rc2", "1.0-" };
	static const char *const more_ok[] = { "1.0-.5", "1.0--", "1.0-+m", "1.0~x", "1.0v2",
		"01.002", "0", "18446744073709551615", "1.0-18446744073709551616",
		"1.0+01.-~", "1.2.3-4.5.6+7.8.9", "2.3.5-20161202202307-sha.e8fc5e5" };
	/* go-version's TestParse: invalid ("\n1.2" left out: kensa trims blanks) */
	static const struct bad upstream_bad[] = { { "", "version is empty" },
		{ "1.2.beta", "malformed version" }, { "1.21.beta", "malformed version" },
		{ "foo", "malformed version" }, { "foo1.2.3", "malformed version" } };
	static const struct bad more_bad[] = { { "V1.0", "malformed version" },
		{ "vv1", "malformed version" }, { "v", "malformed version" },
		{ "1..2", "malformed version" }, { "1.", "malformed version" },
		{ ".1", "malformed version" }, { "1.0 beta", "malformed version" },
		{ "1.0+", "malformed version" }, { "1.0+a+b", "malformed version" },
		{ "1.0+a.", "malformed version" }, { "1.0-a..b", "malformed version" },
		{ "1.0_1", "malformed version" }, { "1.0-a_b", "malformed version" },
		{ "1.0.*", "malformed version" }, { "*", "malformed version" },
		{ ">1.0", "malformed version" }, { "1.0-\xc3\xa9", "malformed version" },
		{ "18446744073709551616", "segment above 2^64-1" },
		{ "1.99999999999999999999.0", "segment above 2^64-1" } };

	(void)state;
	check_valid(upstream_ok, N(upstream_ok));
	check_valid(more_ok, N(more_ok));
	check_bad(upstream_bad, N(upstream_bad));
	check_bad(more_bad, N(more_bad));
}

static void test_order(void **state)
{
	/* go-version's TestVersion_Compare and TestVersion_ComparePreRelease */
	static const struct ord upstream[] = {
		{ "1.2.3", "<", "1.4.5" },
		{ "1.2-beta", "=", "1.2-beta" },
		{ "1.2", ">", "1.1.4" },
		{ "1.2", ">", "1.2-beta" },
		{ "1.2+foo", "=", "1.2+beta" },
		{ "v1.2", ">", "v1.2-beta" },
		{ "v1.2+foo", "=", "v1.2+beta" },
		{ "v1.2.3.4", "=", "v1.2.3.4" },
		{ "v1.2.0.0", "=", "v1.2" },
		{ "v1.2.0.0.1", ">", "v1.2" },
		{ "v1.2", "=", "v1.2.0.0" },
		{ "v1.2", "<", "v1.2.0.0.1" },
		{ "v1.2.0.0", "<", "v1.2.0.0.1" },
		{ "v1.2.3.0", "<", "v1.2.3.4" },
		{ "1.7rc2", ">", "1.7rc1" },
		{ "1.7rc2", "<", "1.7" },
		{ "1.2.0", ">", "1.2.0-X-1.2.0+metadata~dist" },
		{ "1.2-beta.2", "=", "1.2-beta.2" },
		{ "1.2-beta.1", "<", "1.2-beta.2" },
		{ "1.2-beta.2", "<", "1.2-beta.11" },
		{ "3.2-alpha.1", ">", "3.2-alpha" },
		{ "1.2-beta.2", ">", "1.2-beta.1" },
		{ "1.2-beta.11", ">", "1.2-beta.2" },
		{ "1.2-beta", "<", "1.2-beta.3" },
		{ "1.2-alpha", "<", "1.2-beta.3" },
		{ "1.2-beta", ">", "1.2-alpha.3" },
		{ "3.0-alpha.3", "<", "3.0-rc.1" },
		{ "3.0-alpha3", "<", "3.0-rc1" },
		{ "3.0-alpha.1", "<", "3.0-alpha.beta" },
		{ "5.4-alpha", "<", "5.4-alpha.beta" },
		{ "v1.2-beta.2", "=", "v1.2-beta.2" },
		{ "v1.2-beta.1", "<", "v1.2-beta.2" },
		{ "v3.2-alpha.1", ">", "v3.2-alpha" },
		{ "v3.2-rc.1-1-g123", ">", "v3.2-rc.2" },
	};
	/* what go-version's code decides where its tests say nothing */
	static const struct ord more[] = {
		{ "0", "=", "0.0.0" },
		{ "1.02.4", ">", "1.2.3" },
		{ "1.3.09", "<", "1.05.4" },
		{ "18446744073709551615", ">", "18446744073709551614.9" },
		{ "1.0.0.0-beta", "<", "1.0" },	     /* pre-releases count at any length */
		{ "1.0-a", "<", "1.0-a.b" },	     /* a proper prefix is lower */
		{ "1.0-01", "=", "1.0-1" },	     /* numbers by value */
		{ "1.0-9", "<", "1.0-10" },
		{ "1.0-18446744073709551615", "<", "1.0-18446744073709551616" }, /* a word */
		{ "1.0-99999999999999999999", "<", "1.0-a" }, /* words byte-wise */
		{ "1.0-Z", "<", "1.0-a" },
		{ "1.0-~", ">", "1.0-z" },
		{ "1.0-", "=", "1.0--" },	     /* both are the pre-release "-" */
		{ "1.0-.5", ">", "1.0--" },	     /* "-" "5" after "-" */
		{ "1.0-1a", ">", "1.0-1" },
		{ "1.0-x", "=", "1.0" },	     /* x/X: go-version's wildcard identifier */
		{ "1.0-x", "=", "1.0-beta" },
		{ "1.0-rc.X", "=", "1.0-alpha" },
		{ "1.0-x", "<", "1.0.1" },
		{ "1.0-xx", "<", "1.0" },
		{ "1.2.3+5", "=", "1.2.3" },
		{ "v1.0~rc1", "<", "1.0" },
	};

	(void)state;
	check_order(upstream, N(upstream));
	check_order(more, N(more));
}

static void test_constraints(void **state)
{
	/* go-version's TestVersion_Check */
	static const struct sat upstream[] = {
		{ "=2.0.0", "1.2.3", 0 },
		{ "=2.0.0", "2.0.0", 1 },
		{ "= 1.0", "1.1.5", 0 },
		{ "= 1.0", "1.0.0", 1 },
		{ "=4.1", "4.1.0-alpha.1", 0 },
		{ "=4.1-alpha", "4.1.0-alpha", 1 },
		{ "=2.0", "1.2.3", 0 },
		{ "=2.0", "2.0.0", 1 },
		{ "=2.0", "2.0.1", 0 },
		{ "=0", "1.0.0", 0 },
		{ "== 2.0.0", "1.2.3", 0 },
		{ "==2.0.0", "2.0.0", 1 },
		{ "== 4.1", "4.1.0-alpha.1", 0 },
		{ "==4.1-alpha", "4.1.0-alpha", 1 },
		{ "2", "1.0.0", 0 },
		{ "2", "3.4.5", 0 },
		{ "2", "2.1.1", 0 },
		{ "2.1", "2.1.1", 0 },
		{ "2.1", "2.2.1", 0 },
		{ "4.1", "4.1.0", 1 },
		{ "1.0", "1.0.0", 1 },
		{ "!=4.1.0", "4.1.0", 0 },
		{ "!=4.1.0", "4.1.1", 1 },
		{ "!=4.1", "5.1.0-alpha.1", 1 },
		{ "!=4.1-alpha", "4.1.0", 1 },
		{ "<0.0.5", "0.1.0", 0 },
		{ "<1.0.0", "0.1.0", 1 },
		{ "<0", "0.0.0-alpha", 1 },
		{ "<0-z", "0.0.0-alpha", 1 },
		{ "<0", "1.0.0-alpha", 0 },
		{ "<1", "1.0.0-alpha", 1 },
		{ "<11", "0.1.0", 1 },
		{ "<11", "11.1.0", 0 },
		{ "<1.1", "0.1.0", 1 },
		{ "<1.1", "1.1.0", 0 },
		{ "<1.1", "1.1.1", 0 },
		{ "<=0.2.3", "1.2.3", 0 },
		{ "<=1.2.3", "1.2.3", 1 },
		{ "<= 2.1.0-a", "2.0.0", 1 },
		{ "<=11", "1.2.3", 1 },
		{ "<=11", "12.2.3", 0 },
		{ "<=11", "11.2.3", 0 },
		{ "<=1.1", "1.2.3", 0 },
		{ "<=1.1", "0.1.0", 1 },
		{ "<=1.1", "1.1.0", 1 },
		{ "<=1.1", "1.1.1", 0 },
		{ ">5.0.0", "4.1.0", 0 },
		{ ">4.0.0", "4.1.0", 1 },
		{ "> 2.0", "2.1.0-beta", 1 },
		{ ">0", "0.0.1-alpha", 1 },
		{ ">0.0", "0.0.1-alpha", 1 },
		{ ">0-0", "0.0.1-alpha", 1 },
		{ ">0.0-0", "0.0.1-alpha", 1 },
		{ ">0", "0.0.0-alpha", 0 },
		{ ">0-0", "0.0.0-alpha", 1 },
		{ ">0.0.0-0", "0.0.0-alpha", 1 },
		{ ">1.2.3-alpha.1", "1.2.3-alpha.2", 1 },
		{ ">1.2.3-alpha.1", "1.3.3-alpha.2", 1 },
		{ ">1.1", "4.1.0", 1 },
		{ ">1.1", "1.1.0", 0 },
		{ ">0", "0.0.0", 0 },
		{ ">0", "1.0.0", 1 },
		{ ">11", "11.1.0", 1 },
		{ ">11.1", "11.1.0", 0 },
		{ ">11.1", "11.1.1", 1 },
		{ ">11.1", "11.2.1", 1 },
		{ ">=11.1.3", "11.1.2", 0 },
		{ ">=11.1.2", "11.1.2", 1 },
		{ ">= 1.0, < 1.2", "1.1.5", 1 },
		{ ">= 2.1.0-a", "2.1.0-beta", 1 },
		{ ">= 2.1.0-a", "2.1.1-beta", 1 },
		{ ">= 2.0.0", "2.1.0-beta", 1 },
		{ ">= 2.1.0-a", "2.1.1", 1 },
		{ ">= 2.1.0-a", "2.1.0", 1 },
		{ ">=0", "0.0.1-alpha", 1 },
		{ ">=0.0", "0.0.1-alpha", 1 },
		{ ">=0-0", "0.0.1-alpha", 1 },
		{ ">=0.0-0", "0.0.1-alpha", 1 },
		{ ">=0", "0.0.0-alpha", 0 },
		{ ">=0-0", "0.0.0-alpha", 1 },
		{ ">=0.0.0-0", "0.0.0-alpha", 1 },
		{ ">=0.0.0-0", "1.2.3", 1 },
		{ ">=0.0.0-0", "3.4.5-beta.1", 1 },
		{ ">=11", "11.1.2", 1 },
		{ ">=11.1", "11.1.2", 1 },
		{ ">=11.1", "11.0.2", 0 },
		{ ">=1.1", "4.1.0", 1 },
		{ ">=1.1", "1.1.0", 1 },
		{ ">=1.1", "0.0.9", 0 },
		{ ">=0", "0.0.0", 1 },
		{ "~> 1.0", "2.0", 0 },
		{ "~> 1.0", "1.1", 1 },
		{ "~> 1.0", "1.2.3", 1 },
		{ "~> 1.0.0", "1.2.3", 0 },
		{ "~> 1.0.0", "1.0.7", 1 },
		{ "~> 1.0.0", "1.1.0", 0 },
		{ "~> 1.0.7", "1.0.4", 0 },
		{ "~> 1.0.7", "1.0.7", 1 },
		{ "~> 1.0.7", "1.0.8", 1 },
		{ "~> 1.0.7", "1.0.7.5", 1 },
		{ "~> 1.0.7", "1.0.6.99", 0 },
		{ "~> 1.0.7", "1.0.8.0", 1 },
		{ "~> 1.0.9.5", "1.0.9.5", 1 },
		{ "~> 1.0.9.5", "1.0.9.4", 0 },
		{ "~> 1.0.9.5", "1.0.9.6", 1 },
		{ "~> 1.0.9.5", "1.0.9.5.0", 1 },
		{ "~> 1.0.9.5", "1.0.9.5.1", 1 },
		{ "~> 2.0", "2.1.0-beta", 1 },
		{ "~> 2.1.0-a", "2.2.0", 0 },
		{ "~> 2.1.0-a", "2.1.0", 1 },
		{ "~> 2.1.0-a", "2.1.0-beta", 1 },
		{ "~> 2.1.0-a", "2.2.0-alpha", 1 },
		{ "~1.2.3", "1.2.4", 1 },
		{ "~1.2.3", "1.3.4", 0 },
		{ "~1.2", "1.2.4", 1 },
		{ "~1.2", "1.3.4", 0 },
		{ "~1", "1.2.4", 1 },
		{ "~1", "2.3.4", 0 },
		{ "~0.2.3", "0.2.5", 1 },
		{ "~0.2.3", "0.3.5", 0 },
		{ "~1.2.3-beta.2", "1.2.3-beta.4", 1 },
		{ "~1.2.3-beta.2", "1.2.4-beta.2", 1 },
		{ "~1.2.3-beta.2", "1.3.4-beta.2", 0 },
		{ "^1.2.3", "1.8.9", 1 },
		{ "^1.2.3", "2.8.9", 0 },
		{ "^1.2.3", "1.2.1", 0 },
		{ "^1.1.0", "2.1.0", 0 },
		{ "^1.2.0", "2.2.1", 0 },
		{ "^1.2", "1.8.9", 1 },
		{ "^1.2", "2.8.9", 0 },
		{ "^1", "1.8.9", 1 },
		{ "^1", "2.8.9", 0 },
		{ "^0.2.3", "0.2.5", 1 },
		{ "^0.2.3", "0.5.6", 0 },
		{ "^0.2", "0.2.5", 1 },
		{ "^0.2", "0.5.6", 0 },
		{ "^0.0.3", "0.0.3", 1 },
		{ "^0.0.3", "0.0.4", 0 },
		{ "^0.0", "0.0.3", 1 },
		{ "^0.0", "0.1.4", 0 },
		{ "^0.0", "1.0.4", 0 },
		{ "^0", "0.2.3", 1 },
		{ "^0", "1.1.4", 0 },
		{ "^1.2.0", "1.2.1-alpha.1", 1 },
		{ "^1.2.0-alpha.0", "1.2.1-alpha.1", 1 },
		{ "^1.2.0-alpha.0", "1.2.1-alpha.0", 1 },
		{ "^1.2.0-alpha.2", "1.2.0-alpha.1", 0 },
		{ "^0.2.3-beta.2", "0.2.3-beta.4", 1 },
		{ "^0.2.3-beta.2", "0.2.4-beta.2", 1 },
		{ "^0.2.3-beta.2", "0.3.4-beta.2", 0 },
		{ "^0.2.3-beta.2", "0.2.3-beta.2", 1 },
		{ "< 1.0.0.1 || = 2.0.1.2.3", "2.0", 0 },
		{ "< 1.0.0.1 || = 2.0.5.4.8", "2.0.5.4.8", 1 },
		{ "> 1.0.0.0.1 < 1.0.0.1 || = 2.0.5.4.8", "1.0.0.0.9", 1 },
		{ ">1.2.3", "1.02.4", 1 },
		{ "<1.3.09", "1.05.4", 0 },
		{ "< 1.0 || = 2.0", "2.0", 1 },
		{ "< 1.0 || = 2.0", "0.1", 1 },
		{ "< 1.0 || = 2.0", "1.1", 0 },
		{ "> 1.0, < 1.2", "1.1.5", 1 },
		{ "> 1.0, < 1.2 || >3.0", "1.5", 0 },
		{ "> 1.0 < 1.2 || >3.0", "1.5", 0 },
		{ "> 1.0\t< 1.2 || >3.0", "1.1", 1 },
		{ "> 1.0, < 1.2 || >3.0", "4.2", 1 },
		{ "> 1.0 < 1.2 || >3.0, <4.0", "4.2", 0 },
		{ "^0.2 || ^1", "1.8.0", 1 },
		{ "^0.2, ^1", "1.8.0", 0 },
		/* TestNewConstraints: valid ones */
		{ ">= 1.2.3, < 2.0 || => 3.0, < 4", "3.5", 1 },
		{ ">= 1.2.3, < 2.0 || => 3.0, < 4", "2.5", 0 },
		{ ">40.50.60, < 50.70", "50.69.99", 1 },
		{ "2.3.5-20161202202307-sha.e8fc5e5", "2.3.5-20161202202307-sha.e8fc5e5", 1 },
	};
	/* go-version's code, where its tests say nothing */
	static const struct sat more[] = {
		/* the bounds: what is kept and what raising does */
		{ "~>1-beta", "2-alpha", 1 },	/* ~>N keeps the pre-release: < 2-beta */
		{ "~>1-beta", "2-gamma", 0 },
		{ "~1.2-beta", "1.3-alpha", 1 }, /* ~N.N too: < 1.3-beta */
		{ "~1.2.3-beta", "1.3.0-gamma", 1 }, /* else dropped: < 1.3.0 */
		{ "^0.0.0.4", "0.0.0.4.9", 1 },
		{ "^0.0.0.4", "0.0.0.5", 0 },
		{ "~>0.0.0.4", "0.0.0.9", 1 },
		{ "~>0.0.0.4", "0.0.1", 0 },
		{ "~>18446744073709551615", "18446744073709551615", 0 }, /* raised to 0 */
		{ "^18446744073709551615.1", "18446744073709551615.2", 0 },
		/* comparators run together and the longest version wins */
		{ ">1<2", "1.5", 1 },
		{ ">1.0~>2", "3.0", 1 },	/* ">1.0~" and ">2", not ">1.0" and "~>2" */
		{ ">1.0-a~>2", "3.0", 1 },
		{ "1.0 2.0", "1.0", 0 },	/* both must hold */
		{ ">1.0,", "1.1", 1 },
		{ " >=1.0 , <2.0 ", "1.9", 1 },
		{ ">v1.0", "1.1", 1 },
		{ ">=1.0+build.5", "1.0", 1 }, /* metadata belongs to the version */
		{ "=1.0-x", "1.0-rc1", 1 },
		/* Trivy's DB as written for Swift and Conan */
		{ "< 2.29.1 || >= 2.39.0, < 2.39.1 || >= 2.41.0, < 2.42.0", "2.41.0", 1 },
		{ "< 2.29.1 || >= 2.39.0, < 2.39.1 || >= 2.41.0, < 2.42.0", "2.40.0", 0 },
		{ "< 2.29.1 || >= 2.39.0, < 2.39.1 || >= 2.41.0, < 2.42.0", "2.29.0", 1 },
		{ "< 2.29.1 || >= 2.39.0, < 2.39.1 || >= 2.41.0, < 2.42.0", "2.42.0", 0 },
		{ "<8.44", "8.43", 1 },
		{ "8.45", "8.45.0", 1 },
	};
	static const struct bad badr[] = {
		/* TestNewConstraints: invalid */
		{ "= abc", "improper constraint" },
		{ "> 1.0 || < foo", "improper constraint" },
		{ ">= bar", "improper constraint" },
		{ "BAR >= 1.2.3", "improper constraint" },
		/* more */
		{ "", "empty constraint" },
		{ "> 1.0 ||", "empty constraint" },
		{ "|| > 1.0", "empty constraint" },
		{ "> 1.0 || || < 2", "empty constraint" },
		{ ">1.0,,<2", "improper constraint" },
		{ ",>1", "improper constraint" },
		{ ">1.0 | <2", "improper constraint" },
		{ ">1.0|||<2", "improper constraint" },
		{ "> 1.0 ~", "improper constraint" },
		{ "~ > 1.0", "improper constraint" },
		{ "=> =1.0", "improper constraint" },
		{ ">1.0.", "improper constraint" },
		{ ">1.0 *", "improper constraint" },
		{ "1.x", "improper constraint" },
		{ ">1.0\v<2", "improper constraint" },
		{ ">18446744073709551616", "segment above 2^64-1" },
	};

	(void)state;
	check_sat(upstream, N(upstream));
	check_sat(more, N(more));
	check_badrange(badr, N(badr));
}

static void test_names(void **state)
{
	static const struct {
		const char *name;
		enum ks_eco eco;
	} names[] = {
		{ "generic", KS_ECO_GENERIC },
		{ "swift", KS_ECO_GENERIC },
		{ "SwiftURL", KS_ECO_GENERIC },
		{ "conan", KS_ECO_GENERIC },
		{ "ConanCenter", KS_ECO_GENERIC },
		{ "cocoapods", KS_ECO_GEM },
		{ "CocoaPods", KS_ECO_GEM },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(names); i++)
		assert_int_equal(ks_eco_lookup(ks_str_c(names[i].name)), names[i].eco);
	assert_string_equal(ks_eco_name(KS_ECO_GENERIC), "generic");
}

/* OSV ECOSYSTEM ranges of the fixture DB's SwiftURL and ConanCenter advisories. */
static void test_osv(void **state)
{
	static const struct ks_osv_event nio[] = {
		{ KS_OSV_INTRODUCED, KS_STR_LIT("0") },
		{ KS_OSV_FIXED, KS_STR_LIT("2.29.1") },
		{ KS_OSV_INTRODUCED, KS_STR_LIT("2.39.0") },
		{ KS_OSV_FIXED, KS_STR_LIT("2.39.1") },
		{ KS_OSV_INTRODUCED, KS_STR_LIT("2.41.0") },
		{ KS_OSV_FIXED, KS_STR_LIT("2.42.0") },
	};
	static const struct ks_osv_event pcre[] = {
		{ KS_OSV_INTRODUCED, KS_STR_LIT("0") },
		{ KS_OSV_FIXED, KS_STR_LIT("8.44") },
	};
	static const struct {
		const char *v;
		bool nio, pcre;
	} t[] = {
		{ "2.41.0", true, true },
		{ "2.41.0-rc1", false, true },
		{ "2.42.0", false, true },
		{ "2.39.0", true, true },
		{ "2.40.9", false, true },
		{ "2.29.0", true, true },
		{ "v2.29.1", false, true },
		{ "8.43", false, true },
		{ "8.44-rc1", false, true },
		{ "8.44", false, false },
		{ "8.45", false, false },
	};
	const struct ks_osv_range *rn, *rp;
	struct ks_err e = { 0 };
	struct ks_arena a;
	size_t i;

	(void)state;
	ks_arena_init(&a);
	assert_int_equal(ks_osv_range_parse(&a, &e, KS_ECO_GENERIC, nio, N(nio), &rn), 0);
	assert_int_equal(ks_osv_range_parse(&a, &e, KS_ECO_GENERIC, pcre, N(pcre), &rp), 0);
	for (i = 0; i < N(t); i++) {
		const struct ks_ver *v;

		assert_int_equal(
			ks_ver_parse(&a, &e, KS_ECO_GENERIC, ks_str_c(t[i].v), &v), 0);
		if (ks_osv_range_test(rn, v) != t[i].nio || ks_osv_range_test(rp, v) != t[i].pcre)
			fail_msg("'%s': swift-nio %d, pcre %d", t[i].v, ks_osv_range_test(rn, v),
				ks_osv_range_test(rp, v));
	}
	ks_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_constraints),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_osv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
