/* test_imp_friendsofphp.c - the FriendsOfPHP security-advisories importer
 * (lib/db/imp_friendsofphp.c) on every file of ../shared/feeds/friendsofphp (1,592
 * advisories, 1,161 of them named CVE-*), plus malformed advisories. */
#include "imp_testkit.h"

#include <glob.h>

extern const struct ks_feed ks_feed_friendsofphp;

#define DS "{\"ID\":\"php-security-advisories\",\"Name\":\"PHP Security Advisories Database\"," \
	   "\"URL\":\"https://github.com/FriendsOfPHP/security-advisories\"}"

static int setup(void **state)
{
	struct itk *t = malloc(sizeof(*t));

	assert_non_null(t);
	itk_begin(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	itk_end(*state);
	free(*state);
	return 0;
}

static void test_all(void **state)
{
	struct itk *t = *state;
	struct itk_adv a;
	struct ks_vuln v;
	char pat[4096];
	size_t i, hits = 0;
	glob_t g;

	snprintf(pat, sizeof(pat), "%s/*/*/*.yaml", tu_shared("feeds/friendsofphp"));
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, 1592);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *rel = strstr(g.gl_pathv[i], "friendsofphp/");
		size_t n;
		uint8_t *d = tu_read(g.gl_pathv[i], &n);

		if (ks_feed_friendsofphp.detect(rel, d, n < 4096 ? n : 4096)) {
			hits++;
			if (itk_import(t, &ks_feed_friendsofphp, rel, d, n) != 0)
				fail_msg("%s: %s", rel, t->cx.err.msg);
		}
		free(d);
	}
	globfree(&g);
	assert_int_equal(hits, 1592);
	/* only the CVE-* files, as Trivy */
	assert_int_equal(t->records, 1161);
	assert_int_equal(t->cx.nwarns, 0);
	itk_finish(t);

	assert_int_equal(itk_adv(t, "composer", "cakephp/cakephp", "CVE-2019-11458", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_FIXED);
	assert_string_equal(a.ranges, "{\"n\":[\">=3.0.0, <3.5.18\",\">=3.6.0, <3.6.15\","
				      "\">=3.7.0, <3.7.7\"]}");
	assert_string_equal(a.fixed, "3.5.18, 3.6.15, 3.7.7");
	assert_string_equal(a.data_source, DS);
	assert_int_equal(ks_db_vuln(t->db, &t->cx, "CVE-2019-11458", &v), 0);
	assert_string_equal(v.title, "Unsafe deserialization in SmtpTransport");
	assert_int_equal(v.refs.n, 1);
	assert_string_equal(v.refs.v[0],
		"https://bakery.cakephp.org/2019/04/23/cakephp_377_3615_3518_released.html");
	assert_int_equal(v.nsevs, 0);

	/* "<=" bounds are not fixed versions: no fixed version at all */
	assert_int_equal(itk_adv(t, "composer", "amphp/http", "CVE-2024-2653", NULL, &a), 1);
	assert_string_equal(a.ranges, "{\"n\":[\">=2.0.0, <=2.1.0\",\"<=1.7.2\"]}");
	assert_string_equal(a.fixed, "");
	assert_int_equal(a.status, KS_ST_AFFECTED);

	/* no cve member: the id comes from the file name */
	assert_int_equal(itk_adv(t, "composer", "ezsystems/ezplatform-admin-ui", "CVE-2019-12139",
				 NULL, &a),
		1);
	assert_string_equal(a.fixed, "1.3.5, 1.4.4");

	/* the dated files are left out */
	assert_int_equal(itk_adv(t, "composer", "cakephp/cakephp", "2015-08-06", NULL, &a), 0);
}

static int import(struct itk *t, const char *name, const char *s)
{
	return itk_import(t, &ks_feed_friendsofphp, name, s, strlen(s));
}

static void test_malformed(void **state)
{
	static const char good[] = "title: t\nlink: https://example.org/a\ncve: CVE-2099-0001\n"
				   "branches:\n  1.x:\n    time: ~\n    versions: ['>=1.0', '<1.2']\n"
				   "reference: composer://Vendor/Package\n";
	struct itk *t = *state;
	struct itk_adv a;

	assert_true(ks_feed_friendsofphp.detect("v/p/CVE-2099-0001.yaml", (const uint8_t *)good,
		sizeof(good) - 1));
	assert_false(ks_feed_friendsofphp.detect("v/p/CVE-2099-0001.json", (const uint8_t *)good,
		sizeof(good) - 1));
	assert_int_equal(import(t, "v/p/CVE-2099-0001.yaml", good), 0);
	assert_int_equal(import(t, "v/p/CVE-2099-0002.yaml", "branches: {x: [\n"), KS_ECORRUPT);
	assert_non_null(strstr(t->cx.err.msg, "friendsofphp: 'v/p/CVE-2099-0002.yaml'"));
	assert_int_equal(import(t, "v/p/CVE-2099-0003.yaml", "- a\n- b\n"), KS_ECORRUPT);
	/* bad advisories: a warning each */
	assert_int_equal(import(t, "v/p/CVE-2099-0004.yaml",
				 "reference: composer://v/p\nbranches:\n  1.x:\n    versions: ['>=1.0', "
				 "'<<1.2']\n"),
		0);
	assert_int_equal(import(t, "v/p/CVE-2099-0005.yaml",
				 "reference: https://v/p\nbranches:\n  1.x:\n    versions: ['<1']\n"),
		0);
	assert_int_equal(import(t, "v/p/CVE-2099-0006.yaml",
				 "reference: composer://v/p\nbranches:\n  1.x:\n    versions: []\n"),
		0);
	assert_int_equal(import(t, "v/p/CVE-2099-0007.yaml", "reference: composer://v/p\n"), 0);
	assert_int_equal(import(t, "v/p/CVE-2099-0008.yaml",
				 "reference: composer://v/p\nbranches:\n  1.x:\n    versions: [[1]]\n"),
		0);
	assert_int_equal(t->cx.nwarns, 5);
	assert_int_equal(t->records, 1);
	itk_finish(t);
	assert_int_equal(itk_adv(t, "composer", "vendor/package", "CVE-2099-0001", NULL, &a), 1);
	assert_string_equal(a.ranges, "{\"n\":[\">=1.0, <1.2\"]}");
	assert_string_equal(a.fixed, "1.2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
