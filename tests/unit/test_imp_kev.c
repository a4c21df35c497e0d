/* test_imp_kev.c - the CISA KEV importer (lib/db/imp_kev.c) on the real catalogue of
 * ../shared/feeds/kev (1,404 entries, 2025-08-25), plus truncated and malformed input. */
#include "imp_testkit.h"

extern const struct ks_feed ks_feed_kev;

#define KEV "feeds/kev/known_exploited_vulnerabilities.json"

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

static void kev(struct itk *t, const char *id, struct ks_vuln *v)
{
	if (ks_db_vuln(t->db, &t->cx, id, v) != 0)
		fail_msg("%s: %s", id, t->cx.err.msg);
	assert_true(v->kev);
}

static void test_catalogue(void **state)
{
	struct itk *t = *state;
	struct ks_db_info info;
	struct ks_vuln v;
	uint8_t *d;
	size_t n;

	d = tu_read(tu_shared("feeds/kev/known_exploited_vulnerabilities_schema.json"), &n);
	assert_false(ks_feed_kev.detect("kev/known_exploited_vulnerabilities_schema.json", d,
		n < 4096 ? n : 4096));
	free(d);
	d = tu_read(tu_shared(KEV), &n);
	assert_true(ks_feed_kev.detect("kev/known_exploited_vulnerabilities.json", d, 4096));
	assert_int_equal(itk_import(t, &ks_feed_kev, KEV, d, n), 0);
	free(d);
	assert_int_equal(t->records, 1404);
	assert_int_equal(t->cx.nwarns, 0);
	itk_finish(t);
	assert_int_equal(ks_db_info(t->db, &t->cx, &info), 0);
	assert_int_equal(info.kev, 1404);

	kev(t, "CVE-2021-44228", &v); /* Log4Shell */
	assert_string_equal(v.kev_date_added, "2021-12-10");
	assert_string_equal(v.kev_due_date, "2021-12-24");
	assert_true(v.kev_ransomware);
	kev(t, "CVE-2025-48384", &v); /* the newest entry */
	assert_string_equal(v.kev_date_added, "2025-08-25");
	assert_string_equal(v.kev_due_date, "2025-09-15");
	assert_false(v.kev_ransomware);
	kev(t, "CVE-2017-0144", &v); /* EternalBlue */
	assert_string_equal(v.kev_date_added, "2022-02-10");
	assert_true(v.kev_ransomware);
	kev(t, "CVE-2021-3156", &v);
	assert_string_equal(v.kev_date_added, "2022-04-06");
	assert_false(v.kev_ransomware);
	assert_int_equal(ks_db_vuln(t->db, &t->cx, "CVE-2018-0001", &v), KS_ENOTFOUND);
}

static void test_truncated(void **state)
{
	struct itk *t = *state;
	struct ks_db_info info;
	uint8_t *d;
	size_t n;

	d = tu_read(tu_shared(KEV), &n);
	assert_int_equal(itk_import(t, &ks_feed_kev, "kev.json", d, n / 2), KS_ECORRUPT);
	assert_non_null(strstr(t->cx.err.msg, "kev: 'kev.json'"));
	free(d);
	assert_int_equal(t->records, 0);
	itk_finish(t);
	assert_int_equal(ks_db_info(t->db, &t->cx, &info), 0);
	assert_int_equal(info.kev, 0);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = { "", "[]", "{\"count\":1}",
		"{\"vulnerabilities\":{}}", "{\"vulnerabilities\":[}" };
	static const char entries[] =
		"{\"count\":8,\"vulnerabilities\":["
		"{\"cveID\":\"CVE-2099-0001\",\"dateAdded\":\"2099-01-02\",\"dueDate\":\"2099-02-03\","
		"\"knownRansomwareCampaignUse\":\"Known\",\"vulnerabilityName\":\"Example\"},"
		"{\"cveID\":\"CVE-99-1\",\"dateAdded\":\"2099-01-02\"},"
		"{\"cveID\":\"CVE-2099-0003\"},"
		"{\"cveID\":\"CVE-2099-0004\",\"dateAdded\":\"2099-13-02\"},"
		"{\"cveID\":17,\"dateAdded\":\"2099-01-02\"},"
		"\"CVE-2099-0006\","
		"{\"cveID\":\"CVE-2099-0007\",\"dateAdded\":\"2099-01-02\",\"dueDate\":\"soon\"}]}";
	struct itk *t = *state;
	struct ks_vuln v;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(itk_import(t, &ks_feed_kev, "bad.json", bad[i], strlen(bad[i])),
			KS_ECORRUPT);
	assert_int_equal(itk_import(t, &ks_feed_kev, "e.json", entries, sizeof(entries) - 1), 0);
	assert_int_equal(t->records, 2);
	/* five skipped entries, and the count that does not match */
	assert_int_equal(t->cx.nwarns, 6);
	assert_non_null(strstr(t->cx.warns[5], "count says 8 entries, the list has 7"));
	itk_finish(t);
	kev(t, "CVE-2099-0001", &v);
	assert_true(v.kev_ransomware);
	assert_string_equal(v.kev_due_date, "2099-02-03");
	kev(t, "CVE-2099-0007", &v);
	assert_null(v.kev_due_date);
	assert_false(v.kev_ransomware);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_catalogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
