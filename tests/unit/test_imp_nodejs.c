/* test_imp_nodejs.c - the nodejs-security-wg importer (lib/db/imp_nodejs.c) on every file
 * of ../shared/feeds/nodejs-security-wg/vuln (467 npm advisories, the npm index, 172
 * Node.js core advisories it must leave out), plus malformed advisories. */
#include "imp_testkit.h"

#include <glob.h>

extern const struct ks_feed ks_feed_nodejs;

#define DS "{\"ID\":\"nodejs-security-wg\",\"Name\":\"Node.js Ecosystem Security Working " \
	   "Group\",\"URL\":\"https://github.com/nodejs/security-wg\"}"

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

/* Offers every file matching pattern (under the shared vuln/ directory) to the importer;
 * returns how many it detected. */
static size_t import_all(struct itk *t, const char *pattern)
{
	char pat[4096];
	size_t i, hits = 0;
	glob_t g;

	snprintf(pat, sizeof(pat), "%s/%s", tu_shared("feeds/nodejs-security-wg/vuln"), pattern);
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *rel = strstr(g.gl_pathv[i], "nodejs-security-wg/");
		size_t n;
		uint8_t *d = tu_read(g.gl_pathv[i], &n);

		if (ks_feed_nodejs.detect(rel, d, n < 4096 ? n : 4096)) {
			hits++;
			if (itk_import(t, &ks_feed_nodejs, rel, d, n) != 0)
				fail_msg("%s: %s", rel, t->cx.err.msg);
		}
		free(d);
	}
	globfree(&g);
	return hits;
}

static bool has_alias(const struct ks_vuln *v, const char *a)
{
	size_t i;

	for (i = 0; i < v->aliases.n; i++)
		if (strcmp(v->aliases.v[i], a) == 0)
			return true;
	return false;
}

static void test_all(void **state)
{
	struct itk *t = *state;
	struct ks_vsev s = { 0 };
	struct itk_adv a;
	struct ks_vuln v;

	assert_int_equal(import_all(t, "core/*.json"), 0);
	assert_int_equal(import_all(t, "npm/*.json"), 468); /* 467 advisories and index.json */
	/* one advisory per CVE (301 advisories have none, 160 one, 4 two, 2 four) */
	assert_int_equal(t->records, 301 + 160 + 8 + 8);
	assert_int_equal(t->cx.nwarns, 0);
	itk_finish(t);

	assert_int_equal(itk_adv(t, "npm", "bassmaster", "CVE-2014-7205", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_FIXED);
	assert_string_equal(a.ranges, "{\"n\":[\"<=1.5.1\"],\"p\":[\">=1.5.2\"]}");
	assert_string_equal(a.fixed, ">=1.5.2");
	assert_string_equal(a.data_source, DS);
	assert_true(itk_sev(t, "CVE-2014-7205", "nodejs-security-wg", &s));
	assert_int_equal(s.severity, KS_SEV_MEDIUM);
	assert_true(s.v2_score == 6.5);
	assert_null(s.v2_vector);
	assert_int_equal(ks_db_vuln(t->db, &t->cx, "CVE-2014-7205", &v), 0);
	assert_string_equal(v.title, "Arbitrary JavaScript Execution");
	assert_true(strncmp(v.description, "A vulnerability exists in bassmaster <= 1.5.1", 45) == 0);
	assert_int_equal(v.refs.n, 2);
	assert_true(has_alias(&v, "NSWG-ECO-1"));

	/* "jQuery" is the npm package jquery; both CVEs get the advisory */
	assert_int_equal(itk_adv(t, "npm", "jquery", "CVE-2019-11358", NULL, &a), 1);
	assert_int_equal(itk_adv(t, "npm", "jquery", "CVE-2019-5428", NULL, &a), 1);
	assert_int_equal(itk_adv(t, "npm", "jQuery", "CVE-2019-5428", NULL, &a), 0);
	assert_int_equal(ks_db_vuln(t->db, &t->cx, "CVE-2019-11358", &v), 0);
	/* an id that is not a well-formed CVE is kept as written, as Trivy keeps it */
	assert_int_equal(itk_adv(t, "npm", "hapi", "CVE-2014-4671A", NULL, &a), 1);
	assert_true(has_alias(&v, "CVE-2019-5428"));
	assert_true(has_alias(&v, "NSWG-ECO-496"));

	/* "||" alternatives become separate expressions */
	assert_int_equal(itk_adv(t, "npm", "yui", "CVE-2013-4941", NULL, &a), 1);
	assert_string_equal(a.ranges, "{\"n\":[\">=3.0.0 <=3.9.1\",\"=3.10.2\"],"
				      "\"p\":[\"=3.10.1\",\">=3.10.3\"]}");
	assert_string_equal(a.fixed, "=3.10.1, >=3.10.3");
	assert_true(itk_sev(t, "CVE-2013-4941", "nodejs-security-wg", &s));
	assert_int_equal(s.severity, KS_SEV_MEDIUM);

	/* no CVE: NSWG-ECO-<id>; no score: no severity row */
	assert_int_equal(itk_adv(t, "npm", "hubl-server", "NSWG-ECO-334", NULL, &a), 1);
	assert_string_equal(a.ranges, "{\"n\":[\"<=99.999.99999\"],\"p\":[\"<0.0.0\"]}");
	assert_false(itk_sev(t, "NSWG-ECO-334", "nodejs-security-wg", &s));
	/* no patched version: affected; a score of -1 is no score */
	assert_int_equal(itk_adv(t, "npm", "featurebook", "NSWG-ECO-358", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	assert_string_equal(a.fixed, "");
	assert_string_equal(a.ranges, "{\"n\":[\"<=0.0.32\"]}");
	assert_false(itk_sev(t, "NSWG-ECO-358", "nodejs-security-wg", &s));
}

static int import(struct itk *t, const char *name, const char *s)
{
	return itk_import(t, &ks_feed_nodejs, name, s, strlen(s));
}

static void test_malformed(void **state)
{
	struct itk *t = *state;
	struct ks_vsev s = { 0 };
	struct itk_adv a;

	assert_int_equal(import(t, "npm/1.json", "{\"id\":1,"), KS_ECORRUPT);
	assert_non_null(strstr(t->cx.err.msg, "nodejs: 'npm/1.json'"));
	assert_int_equal(import(t, "npm/2.json", "[1,2]"), KS_ECORRUPT);
	/* bad advisories: a warning each */
	assert_int_equal(import(t, "npm/3.json",
				 "{\"id\":3,\"module_name\":\"m\",\"cves\":[],"
				 "\"vulnerable_versions\":\"<=1.0 || abc\",\"patched_versions\":null}"),
		0);
	assert_int_equal(import(t, "npm/4.json",
				 "{\"id\":4,\"module_name\":\"m\",\"cves\":[\"CVE 1\"],"
				 "\"vulnerable_versions\":\"<1\"}"),
		0);
	assert_int_equal(import(t, "npm/5.json",
				 "{\"module_name\":\"m\",\"cves\":[],\"vulnerable_versions\":\"<1\"}"),
		0);
	assert_int_equal(import(t, "npm/6.json",
				 "{\"id\":6,\"module_name\":\"m\",\"vulnerable_versions\":7}"),
		0);
	assert_int_equal(t->cx.nwarns, 4);
	/* Node.js core advisories and the index are left out silently */
	assert_int_equal(import(t, "core/1.json", "{\"cve\":[\"CVE-2017-1000381\"],\"vulnerable\":"
						  "\"8.x\",\"patched\":\"^8.1.4\"}"),
		0);
	assert_int_equal(t->records, 0);
	/* cvss_score as old files write it */
	assert_int_equal(import(t, "npm/7.json",
				 "{\"id\":7,\"module_name\":\"m\",\"cves\":[],\"cvss_score\":\"9.8 (Critical)\","
				 "\"vulnerable_versions\":\"<1.0.0 || >=2.0.0 <2.0.3\","
				 "\"patched_versions\":\">=1.0.0 <2.0.0 || >=2.0.3\"}"),
		0);
	assert_int_equal(t->cx.nwarns, 4);
	assert_int_equal(t->records, 1);
	itk_finish(t);
	assert_int_equal(itk_adv(t, "npm", "m", "NSWG-ECO-7", NULL, &a), 1);
	assert_string_equal(a.fixed, ">=1.0.0 <2.0.0, >=2.0.3");
	assert_true(itk_sev(t, "NSWG-ECO-7", "nodejs-security-wg", &s));
	assert_int_equal(s.severity, KS_SEV_CRITICAL);
	assert_true(s.v2_score == 9.8);
}

/* Flipped bytes in a real advisory: never a crash. */
static void test_flips(void **state)
{
	struct itk *t = *state;
	uint8_t *d;
	size_t n, i;

	d = tu_read(tu_shared("feeds/nodejs-security-wg/vuln/npm/332.json"), &n);
	for (i = 0; i < n; i += 3) {
		uint8_t c = d[i];
		int r;

		d[i] = (uint8_t)(c ^ 0x21);
		r = itk_import(t, &ks_feed_nodejs, "npm/332.json", d, n);
		assert_true(r == 0 || r == KS_ECORRUPT);
		d[i] = c;
	}
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flips, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
