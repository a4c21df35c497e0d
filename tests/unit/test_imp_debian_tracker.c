/*
 * test_imp_debian_tracker.c - the Debian security tracker importer on the real DSA and DLA
 * lists of ../shared/feeds/debian/tracker (to 2023-04, imported whole), on a sample of the
 * tracker's JSON export written in its upstream format
 * (tests/fuzz/corpus/imp_debian_tracker/tracker-sample.json), and on broken input.
 * Row counts were computed independently from the lists with a script.
 */
#include "imp_testkit.h"
#include "util/str.h"

extern const struct ks_feed ks_feed_debian_tracker;

#define FEED (&ks_feed_debian_tracker)
#define SAMPLE "tests/fuzz/corpus/imp_debian_tracker/tracker-sample.json"

static void import_shared(struct itk *t, const char *rel, const char *name)
{
	size_t len;
	uint8_t *data = tu_read(tu_shared(rel), &len);

	assert_int_equal(itk_import(t, FEED, name, data, len), 0);
	free(data);
}

static bool has_alias(struct itk *t, const char *id, const char *alias)
{
	struct ks_vuln v;
	size_t i;

	if (ks_db_vuln(t->db, &t->cx, id, &v) != 0)
		return false;
	for (i = 0; i < v.aliases.n; i++)
		if (strcmp(v.aliases.v[i], alias) == 0)
			return true;
	return false;
}

static void test_lists(void **state)
{
	struct itk t;
	struct itk_adv a;

	(void)state;
	tu_shared("feeds/debian/tracker/DLA/list");
	itk_begin(&t);
	import_shared(&t, "feeds/debian/tracker/DSA/list", "debian/tracker/DSA/list");
	/* 18,959 distinct (release, package, CVE) fixes for etch..bullseye */
	assert_int_equal(t.records, 18959);
	import_shared(&t, "feeds/debian/tracker/DLA/list", "debian/tracker/DLA/list");
	assert_int_equal(t.records, 18959 + 10949);
	assert_int_equal(t.cx.nwarns, 0);
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 18959 + 10949);

	/* DSA-5380-1: [bullseye] - xorg-server 2:1.20.11-1+deb11u6 */
	assert_int_equal(
		itk_adv(&t, "debian:11", "xorg-server", "CVE-2023-1393", "debian_tracker", &a), 1);
	assert_int_equal(a.status, KS_ST_FIXED);
	assert_string_equal(a.fixed, "2:1.20.11-1+deb11u6");
	assert_string_equal(a.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],"
				      "[\"fixed\",\"2:1.20.11-1+deb11u6\"]]}]}");
	assert_string_equal(a.vendor_ids, "[\"DSA-5380-1\"]");
	assert_int_equal(a.severity, -1);
	assert_string_equal(a.data_source,
		"{\"ID\":\"debian\",\"Name\":\"Debian Security Tracker\","
		"\"URL\":\"https://salsa.debian.org/security-tracker-team/security-tracker\"}");
	/* DLA-3372-1: [buster] - xorg-server 2:1.20.4-1+deb10u9 */
	assert_int_equal(itk_adv(&t, "debian:10", "xorg-server", "CVE-2023-1393", NULL, &a), 1);
	assert_string_equal(a.fixed, "2:1.20.4-1+deb10u9");
	assert_string_equal(a.vendor_ids, "[\"DLA-3372-1\"]");
	assert_true(has_alias(&t, "CVE-2023-1393", "DSA-5380-1"));
	assert_true(has_alias(&t, "CVE-2023-1393", "DLA-3372-1"));

	/* DSA-4676-1 fixed stretch's salt in +deb9u3, the regression update DSA-4676-2 in
	 * +deb9u4: the higher version, both ids */
	assert_int_equal(itk_adv(&t, "debian:9", "salt", "CVE-2020-11651", NULL, &a), 1);
	assert_string_equal(a.fixed, "2016.11.2+ds-1+deb9u4");
	assert_string_equal(a.vendor_ids, "[\"DSA-4676-2\",\"DSA-4676-1\"]");
	assert_int_equal(itk_adv(&t, "debian:10", "salt", "CVE-2020-11651", NULL, &a), 1);
	assert_string_equal(a.fixed, "2018.3.4+dfsg1-6+deb10u1");
	/* CVE-2019-17361 is only in DSA-4676-1 */
	assert_int_equal(itk_adv(&t, "debian:9", "salt", "CVE-2019-17361", NULL, &a), 1);
	assert_string_equal(a.fixed, "2016.11.2+ds-1+deb9u3");
	itk_end(&t);
}

static void test_json_sample(void **state)
{
	struct itk t;
	struct itk_adv a;
	struct ks_vsev s;
	struct ks_vuln v;
	size_t len;
	uint8_t *data = tu_read(tu_src(SAMPLE), &len);

	(void)state;
	assert_true(FEED->detect("tracker/data/json", data, len));
	itk_begin(&t);
	assert_int_equal(itk_import(&t, FEED, "debian/tracker/json", data, len), 0);
	assert_int_equal(t.cx.nwarns, 0);
	itk_finish(&t);
	/* sid, "resolved" at 0 and "undetermined" write no row */
	assert_int_equal(itk_count(&t), 13);

	assert_int_equal(itk_adv(&t, "debian:12", "openssl", "CVE-2022-0778", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_FIXED);
	assert_string_equal(a.fixed, "1.1.1n-1");
	assert_int_equal(a.severity, -1);
	assert_int_equal(itk_adv(&t, "debian:10", "openssl", "CVE-2022-0778", NULL, &a), 1);
	assert_string_equal(a.fixed, "1.1.1d-0+deb10u8");
	assert_int_equal(itk_adv(&t, "debian:12", "openssl", "CVE-2007-6755", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	assert_string_equal(a.ranges, "{}");
	assert_int_equal(a.severity, KS_SEV_LOW);

	/* open with nodsa_reason postponed / ignored, urgency end-of-life, plain no-dsa */
	assert_int_equal(itk_adv(&t, "debian:11", "curl", "CVE-2023-27533", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_FIX_DEFERRED);
	assert_int_equal(itk_adv(&t, "debian:10", "curl", "CVE-2023-27533", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_WILL_NOT_FIX);
	assert_int_equal(itk_adv(&t, "debian:9", "curl", "CVE-2023-27533", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_END_OF_LIFE);
	assert_int_equal(itk_adv(&t, "debian:11", "curl", "CVE-2021-22898", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	assert_int_equal(a.severity, KS_SEV_MEDIUM);

	/* "resolved" at "0": not affected, no row; "undetermined": no row */
	assert_int_equal(itk_adv(&t, "debian:12", "linux", "CVE-2023-3269", NULL, &a), 1);
	assert_string_equal(a.fixed, "6.1.37-1");
	assert_int_equal(itk_adv(&t, "debian:11", "linux", "CVE-2023-3269", NULL, &a), 0);
	assert_int_equal(itk_adv(&t, "debian:13", "linux", "CVE-2023-3269", NULL, &a), 0);
	assert_int_equal(itk_adv(&t, "debian:12", "linux", "TEMP-0000000-1F3EA1", NULL, &a), 1);

	/* the "debian" severity from the urgency, the description kept */
	assert_true(itk_sev(&t, "CVE-2023-3269", "debian", &s));
	assert_int_equal(s.severity, KS_SEV_HIGH);
	assert_true(itk_sev(&t, "CVE-2021-22898", "debian", &s));
	assert_int_equal(s.severity, KS_SEV_MEDIUM);
	assert_false(itk_sev(&t, "CVE-2022-0778", "debian", &s));
	assert_int_equal(ks_db_vuln(t.db, &t.cx, "CVE-2022-0778", &v), 0);
	assert_true(ks_hasprefix(v.description, "The BN_mod_sqrt() function"));
	itk_end(&t);
	free(data);
}

/* Malformed lines and records are skipped with a warning; the rest imports. */
static void test_bad_records(void **state)
{
	static const char list[] =
		"[29 Mar 2023] DSA-5380-1 xorg-server - security update\n"
		"\t{CVE-2023-1393}\n"
		"\t[bullseye] - xorg-server 2:1.20.11-1+deb11u6\n"
		"\t[bullseye] - xorg-server2 1.0 beta\n"
		"\t[bullseye] - xorg-server3 <frobbed>\n"
		"\tsomething odd\n"
		"garbage at column 0\n"
		"[28 Mar 2023] NOTANID xorg - security update\n"
		"\t{CVE-2023-0001}\n"
		"\t[bullseye] - xorg 1.0-1\n"
		"[27 Mar 2023] DLA-3371-1 unbound - security update\n"
		"\t{CVE-2022-3204 DSA-5200-1 Bug#1}\n"
		"\t[buster] - unbound 1.9.0-2+deb10u3 (bug #1020010; medium)\n"
		"\t[sid] - unbound 1.16.2-1\n"
		"\t[buster] - unbound-tools <unfixed>\n"
		"\t[buster] - unbound-anchor <not-affected> (vulnerable code not present)\n";
	static const char json[] =
		"{\"a\": {\"CVE-2020-0001\": {\"releases\": {\"bookworm\": "
		"{\"status\": \"resolved\", \"fixed_version\": \"1.0-\"}, "
		"\"bullseye\": {\"status\": \"weird\"}, "
		"\"buster\": {\"status\": \"open\", \"urgency\": \"high*\"}}}, "
		"\"bad id\": {}}, \"b\": [1], \"c\": {\"CVE-2020-0002\": {\"releases\": "
		"{\"bookworm\": {\"status\": \"open\"}}}}, \"d\\u0000\": {}}";
	struct itk t;
	struct itk_adv a;

	(void)state;
	itk_begin(&t);
	assert_int_equal(itk_import(&t, FEED, "DSA/list", list, strlen(list)), 0);
	/* bad version, unknown pseudo-version, odd annotation, line at column 0, bad id */
	assert_int_equal(t.cx.nwarns, 5);
	assert_non_null(strstr(t.cx.warns[0], "DSA/list"));
	assert_int_equal(itk_import(&t, FEED, "json", json, strlen(json)), 0);
	/* bad version, unknown status, bad id, "b" not an object, bad package name */
	assert_int_equal(t.cx.nwarns, 10);
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 5);
	assert_int_equal(itk_adv(&t, "debian:11", "xorg-server", "CVE-2023-1393", NULL, &a), 1);
	assert_int_equal(itk_adv(&t, "debian:10", "unbound", "CVE-2022-3204", NULL, &a), 1);
	assert_string_equal(a.fixed, "1.9.0-2+deb10u3");
	assert_int_equal(a.severity, KS_SEV_MEDIUM);
	assert_int_equal(itk_adv(&t, "debian:10", "unbound-tools", "CVE-2022-3204", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	assert_int_equal(itk_adv(&t, "debian:10", "a", "CVE-2020-0001", NULL, &a), 1);
	assert_int_equal(a.severity, KS_SEV_HIGH);
	assert_int_equal(itk_adv(&t, "debian:12", "c", "CVE-2020-0002", NULL, &a), 1);
	itk_end(&t);
}

/* Unparsable files fail with KS_ECORRUPT naming the file and write nothing. */
static void test_corrupt(void **state)
{
#define BAD(s) { s, sizeof(s) - 1 }
	static const struct {
		const char *p;
		size_t n;
	} bad[] = {
		BAD(""),
		BAD("hello world\n[29 Mar 2023] DSA-1-1 x - y\n"),
		BAD("{\"openssl\": {\"CVE-2022-0778\": {\"releases\": {}}"),
		BAD("{\"a\": 1,}"),
		BAD("[29 Mar 2023] DSA-1-1 x - y\n\t{CVE-2023-0001}\n\t[bullseye] - x 1.0\0\n"),
	};
#undef BAD
	struct itk t;
	size_t i, len;
	uint8_t *data;

	(void)state;
	itk_begin(&t);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = itk_import(&t, FEED, "debian/tracker/DSA/list", bad[i].p, bad[i].n);

		assert_int_equal(r, KS_ECORRUPT);
		assert_non_null(strstr(t.cx.err.msg, "debian/tracker/DSA/list"));
	}
	/* the sample JSON cut anywhere is malformed */
	data = tu_read(tu_src(SAMPLE), &len);
	for (i = 1; i + 2 < len; i += 97)
		assert_int_equal(itk_import(&t, FEED, "json", data, i), KS_ECORRUPT);
	free(data);
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 0);
	itk_end(&t);
}

static void test_detect(void **state)
{
	static const char list[] = "[29 Mar 2023] DSA-5380-1 xorg-server - security update\n";

	(void)state;
	assert_true(FEED->detect("debian/tracker/DSA/list", NULL, 0));
	assert_true(FEED->detect("x/DLA/list", NULL, 0));
	assert_true(FEED->detect("mirror/dsa.txt", (const uint8_t *)list, sizeof(list) - 1));
	assert_false(FEED->detect("list", (const uint8_t *)"hello", 5));
	assert_false(FEED->detect("x.json", (const uint8_t *)"{\"id\": \"GHSA-1\"}", 16));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_json_sample),
		cmocka_unit_test(test_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
