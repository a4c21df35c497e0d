/*
 * test_imp_ubuntu_oval.c - the Ubuntu USN OVAL importer on the real jammy, noble and
 * oracular files of ../shared/feeds/ubuntu/oval (imported whole; row counts computed
 * independently from the XML with a script), and on broken input.
 */
#include "imp_testkit.h"
#include "util/str.h"

extern const struct ks_feed ks_feed_ubuntu_oval;

#define FEED (&ks_feed_ubuntu_oval)
#define NAME "com.ubuntu.oracular.usn.oval.xml"

static void import_shared(struct itk *t, const char *codename)
{
	char rel[128], name[128];
	size_t len;
	uint8_t *data;

	snprintf(rel, sizeof(rel), "feeds/ubuntu/oval/com.ubuntu.%s.usn.oval.xml", codename);
	snprintf(name, sizeof(name), "ubuntu/oval/com.ubuntu.%s.usn.oval.xml", codename);
	data = tu_read(tu_shared(rel), &len);
	assert_true(FEED->detect(name, data, len < 4096 ? len : 4096));
	assert_int_equal(itk_import(t, FEED, name, data, len), 0);
	free(data);
}

static void test_real(void **state)
{
	struct itk t;
	struct itk_adv a;
	struct ks_vsev s = { 0 };
	struct ks_vuln v;
	size_t i;
	bool usn = false;

	(void)state;
	tu_shared("feeds/ubuntu/oval/com.ubuntu.oracular.usn.oval.xml");
	itk_begin(&t);
	import_shared(&t, "jammy");
	/* 624 notices, 176 of them only about the running kernel (no package rows) */
	assert_int_equal(t.records, 31246);
	import_shared(&t, "noble");
	assert_int_equal(t.records, 31246 + 6128);
	import_shared(&t, "oracular");
	assert_int_equal(t.records, 31246 + 6128 + 1839);
	assert_int_equal(t.cx.nwarns, 0);
	itk_finish(&t);

	/* USN-5606-1 (poppler) fixes CVE-2022-38784 in every binary poppler builds */
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "libpoppler118", "CVE-2022-38784",
				 "ubuntu_oval", &a),
		1);
	assert_int_equal(a.status, KS_ST_FIXED);
	assert_string_equal(a.fixed, "22.02.0-2ubuntu0.1");
	assert_string_equal(a.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],"
				      "[\"fixed\",\"22.02.0-2ubuntu0.1\"]]}]}");
	assert_string_equal(a.vendor_ids, "[\"USN-5606-1\"]");
	assert_int_equal(a.severity, KS_SEV_MEDIUM);
	assert_string_equal(a.data_source,
		"{\"ID\":\"ubuntu\",\"Name\":\"Ubuntu CVE Tracker\","
		"\"URL\":\"https://git.launchpad.net/ubuntu-cve-tracker\"}");
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "poppler-utils", "CVE-2022-38784", NULL, &a),
		1);
	/* rows are keyed by binary names: the source name poppler has none */
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "poppler", "CVE-2022-38784", NULL, &a), 0);

	/* CVE-2024-47176 (cups-browsed): USN-7042-1 and -2 on noble, -3 on oracular */
	assert_int_equal(itk_adv(&t, "ubuntu:24.04", "cups-browsed", "CVE-2024-47176", NULL, &a),
		2);
	assert_string_equal(a.fixed, "2.0.0-0ubuntu10.1");
	assert_string_equal(a.vendor_ids, "[\"USN-7042-1\"]");
	assert_int_equal(itk_adv(&t, "ubuntu:24.10", "cups-browsed", "CVE-2024-47176", NULL, &a),
		1);
	assert_string_equal(a.fixed, "2.0.1-0ubuntu2.1");
	assert_string_equal(a.vendor_ids, "[\"USN-7042-3\"]");

	/* the notice's CVE data: priority, NVD CVSS, alias */
	assert_true(itk_sev(&t, "CVE-2022-38784", "ubuntu", &s));
	assert_int_equal(s.severity, KS_SEV_MEDIUM);
	assert_true(itk_sev(&t, "CVE-2022-38784", "nvd", &s));
	assert_string_equal(s.v3_vector, "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H");
	assert_true(s.v3_score > 7.79 && s.v3_score < 7.81);
	assert_int_equal(s.severity, KS_SEV_HIGH);
	assert_int_equal(ks_db_vuln(t.db, &t.cx, "CVE-2024-47176", &v), 0);
	for (i = 0; i < v.aliases.n; i++)
		usn = usn || strcmp(v.aliases.v[i], "USN-7042-3") == 0;
	assert_true(usn);
	itk_end(&t);
}

/* A notice in the USN layout whose package test is given by test_ref. */
static char *doc(const char *test_ref, const char *evr)
{
	static const char fmt[] =
		"<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\" "
		"xmlns:oval=\"c\" xmlns:linux=\"l\">"
		"<generator><oval:product_name>Canonical USN OVAL Generator</oval:product_name>"
		"</generator><definitions>"
		"<definition id=\"oval:com.ubuntu.noble:def:1\" class=\"patch\"><metadata>"
		"<title>USN-1-1 -- x vulnerability</title>"
		"<reference source=\"USN\" ref_id=\"USN-1-1\"/>"
		"<advisory><severity>High</severity>"
		"<cve priority=\"low\">CVE-2099-0001</cve><cve>CVE-2099-0002</cve></advisory>"
		"</metadata><criteria operator=\"OR\"><criterion test_ref=\"%s\"/></criteria>"
		"</definition>"
		"<definition id=\"oval:com.ubuntu.noble:def:2\" class=\"patch\"><metadata>"
		"<title>USN-2-1 -- no CVE</title></metadata><criteria>"
		"<criterion test_ref=\"t:1\"/></criteria></definition>"
		"</definitions><tests><linux:dpkginfo_test id=\"t:1\">"
		"<linux:object object_ref=\"o:1\"/>"
		"<linux:state state_ref=\"s:1\"/></linux:dpkginfo_test></tests>"
		"<objects><linux:dpkginfo_object id=\"o:1\"><linux:name var_ref=\"v:1\"/>"
		"</linux:dpkginfo_object></objects>"
		"<states><linux:dpkginfo_state id=\"s:1\"><linux:evr operation=\"less than\">%s"
		"</linux:evr></linux:dpkginfo_state></states>"
		"<variables><constant_variable id=\"v:1\"><value>libx1</value><value>x-bin</value>"
		"<value>bad name</value></constant_variable></variables></oval_definitions>";
	size_t n = sizeof(fmt) + strlen(test_ref) + strlen(evr);
	char *s = malloc(n);

	assert_non_null(s);
	snprintf(s, n, fmt, test_ref, evr);
	return s;
}

static void test_small(void **state)
{
	struct itk t;
	struct itk_adv a;
	char *x;

	(void)state;
	itk_begin(&t);
	/* a good notice: two binaries (and a bad name, skipped with a warning) x two CVEs */
	x = doc("t:1", "0:1.0-1ubuntu1");
	assert_int_equal(itk_import(&t, FEED, "oval.xml", x, strlen(x)), 0);
	assert_int_equal(t.cx.nwarns, 1);
	free(x);
	/* a dangling test and an invalid version skip their notice with a warning */
	x = doc("t:404", "0:1.0-1ubuntu1");
	assert_int_equal(itk_import(&t, FEED, "oval.xml", x, strlen(x)), 0);
	assert_int_equal(t.cx.nwarns, 2);
	assert_non_null(strstr(t.cx.warns[1], "unknown test 't:404'"));
	free(x);
	x = doc("t:1", "0:1.0 1");
	assert_int_equal(itk_import(&t, FEED, "oval.xml", x, strlen(x)), 0);
	assert_int_equal(t.cx.nwarns, 3);
	free(x);
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 4);
	assert_int_equal(itk_adv(&t, "ubuntu:24.04", "libx1", "CVE-2099-0001", NULL, &a), 1);
	assert_string_equal(a.fixed, "1.0-1ubuntu1");
	assert_int_equal(a.severity, KS_SEV_LOW);
	/* no priority on the CVE: the notice's severity */
	assert_int_equal(itk_adv(&t, "ubuntu:24.04", "x-bin", "CVE-2099-0002", NULL, &a), 1);
	assert_int_equal(a.severity, KS_SEV_HIGH);
	itk_end(&t);
}

static void test_corrupt(void **state)
{
	struct itk t;
	size_t len, i;
	uint8_t *data;
	char *x;

	(void)state;
	itk_begin(&t);
	assert_int_equal(itk_import(&t, FEED, "com.ubuntu.jammy.usn.oval.xml", "", 0), KS_ECORRUPT);
	assert_int_equal(itk_import(&t, FEED, "com.ubuntu.jammy.usn.oval.xml", "<<<", 3),
		KS_ECORRUPT);
	assert_non_null(strstr(t.cx.err.msg, "com.ubuntu.jammy.usn.oval.xml"));
	/* another producer's file */
	x = doc("t:1", "0:1");
	memcpy(strstr(x, "Canonical"), "Debianxxx", 9);
	assert_int_equal(itk_import(&t, FEED, "oval.xml", x, strlen(x)), KS_ECORRUPT);
	free(x);
	/* the real oracular file cut short or with a stray '<' */
	if (tu_have_shared()) {
		data = tu_read(tu_shared("feeds/ubuntu/oval/com.ubuntu.oracular.usn.oval.xml"),
			&len);
		for (i = 1; i < 10; i++) {
			int r = itk_import(&t, FEED, NAME, data, len * i / 10);

			assert_int_equal(r, KS_ECORRUPT);
		}
		data[len / 2] = '<';
		assert_int_equal(itk_import(&t, FEED, NAME, data, len), KS_ECORRUPT);
		free(data);
	}
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 0);
	itk_end(&t);
}

static void test_detect(void **state)
{
	static const char head[] = "<?xml version=\"1.0\"?><oval_definitions><generator>"
				   "<oval:product_name>Canonical USN OVAL Generator";

	(void)state;
	assert_true(FEED->detect("ubuntu/oval/com.ubuntu.jammy.usn.oval.xml", NULL, 0));
	assert_true(FEED->detect("x/com.ubuntu.noble.usn.oval.xml.bz2", NULL, 0));
	assert_true(FEED->detect("feed.xml", (const uint8_t *)head, sizeof(head) - 1));
	assert_false(FEED->detect("debian/oval/oval-definitions-bookworm.xml", NULL, 0));
	assert_false(FEED->detect("com.redhat.rhsa-RHEL9.xml", (const uint8_t *)"<a/>", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_real),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
