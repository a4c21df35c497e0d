/*
 * test_imp_redhat_oval.c - the Red Hat RHSA OVAL importer on the real RHEL 9 file of
 * ../shared/feeds/redhat/oval (222 errata 2022-05..2023-04, imported whole; the row count
 * was computed independently from the XML with a script), and on broken input.
 */
#include "imp_testkit.h"
#include "util/str.h"

extern const struct ks_feed ks_feed_redhat_oval;

#define FEED (&ks_feed_redhat_oval)
#define RHEL9 "feeds/redhat/oval/com.redhat.rhsa-RHEL9.xml"

static bool has(const struct ks_strv *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return true;
	return false;
}

static void test_rhel9(void **state)
{
	struct itk t;
	struct itk_adv a;
	struct ks_vsev s = { 0 };
	struct ks_vuln v;
	size_t len;
	uint8_t *data;

	(void)state;
	data = tu_read(tu_shared(RHEL9), &len);
	assert_true(FEED->detect("redhat/oval/com.redhat.rhsa-RHEL9.xml", data, 4096));
	itk_begin(&t);
	assert_int_equal(itk_import(&t, FEED, "redhat/oval/com.redhat.rhsa-RHEL9.xml", data, len),
		0);
	free(data);
	assert_int_equal(t.cx.nwarns, 0);
	itk_finish(&t);
	/* distinct (package, CVE, EVR, arches) rows */
	assert_int_equal(itk_count(&t), 7234);

	/* RHSA-2022:1728: java-11-openjdk is earlier than 1:11.0.15.0.10-1.el9_0 */
	assert_int_equal(itk_adv(&t, "redhat:9", "java-11-openjdk", "CVE-2022-21476",
				 "redhat_oval", &a),
		1);
	assert_int_equal(a.status, KS_ST_FIXED);
	assert_string_equal(a.fixed, "1:11.0.15.0.10-1.el9_0");
	assert_string_equal(a.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],"
				      "[\"fixed\",\"1:11.0.15.0.10-1.el9_0\"]]}]}");
	assert_int_equal(a.severity, KS_SEV_HIGH); /* impact="important" */
	assert_string_equal(a.vendor_ids, "[\"RHSA-2022:1728\"]");
	assert_string_equal(a.arches, "[\"aarch64\",\"ppc64le\",\"s390x\",\"x86_64\"]");
	assert_string_equal(a.data_source,
		"{\"ID\":\"redhat\",\"Name\":\"Red Hat OVAL v2\","
		"\"URL\":\"https://www.redhat.com/security/data/oval/v2/\"}");
	/* the epoch 0 stays as Red Hat writes it; an RHBA carries CVEs too */
	assert_int_equal(itk_adv(&t, "redhat:9", "aspnetcore-runtime-6.0", "CVE-2022-1650", NULL,
				 &a),
		1);
	assert_string_equal(a.fixed, "0:6.0.7-1.el9_0");
	assert_int_equal(a.severity, KS_SEV_MEDIUM); /* impact="moderate" */
	assert_string_equal(a.vendor_ids, "[\"RHBA-2022:5749\"]");
	assert_string_equal(a.arches, "[\"aarch64\",\"s390x\",\"x86_64\"]");
	/* a modular package is named module::package */
	assert_int_equal(itk_adv(&t, "redhat:9", "nodejs:18::nodejs", "CVE-2022-3517", NULL, &a),
		1);
	assert_string_equal(a.fixed, "1:18.12.1-1.module+el9.1.0.z+17326+318294bb");
	assert_string_equal(a.vendor_ids, "[\"RHSA-2022:8832\"]");
	/* the non-modular nodejs 16 was fixed by another erratum */
	assert_int_equal(itk_adv(&t, "redhat:9", "nodejs", "CVE-2022-3517", NULL, &a), 1);
	assert_string_equal(a.fixed, "1:16.18.1-3.el9_1");
	assert_string_equal(a.vendor_ids, "[\"RHSA-2023:0321\"]");
	/* live patches: the kpatch package, not the "kernel version equals" check */
	assert_int_equal(itk_adv(&t, "redhat:9", "kpatch-patch-5_14_0-70_13_1", "CVE-2022-1012",
				 NULL, &a),
		1);
	assert_string_equal(a.fixed, "0:1-1.el9_0");
	assert_string_equal(a.arches, "[\"ppc64le\",\"x86_64\"]");

	/* per-CVE: Red Hat's severity and CVSS v3, the bugzilla summary, CWEs, the erratum */
	assert_true(itk_sev(&t, "CVE-2022-21476", "redhat", &s));
	assert_int_equal(s.severity, KS_SEV_HIGH);
	assert_string_equal(s.v3_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
	assert_true(s.v3_score > 7.49 && s.v3_score < 7.51);
	assert_true(itk_sev(&t, "CVE-2022-1650", "redhat", &s));
	assert_int_equal(s.severity, KS_SEV_MEDIUM);
	assert_true(s.v3_score > 9.29 && s.v3_score < 9.31);
	assert_int_equal(ks_db_vuln(t.db, &t.cx, "CVE-2022-21476", &v), 0);
	assert_string_equal(v.title,
		"OpenJDK: Defective secure validation in Apache Santuario (Libraries, 8278008)");
	assert_true(has(&v.aliases, "RHSA-2022:1728"));
	assert_int_equal(ks_db_vuln(t.db, &t.cx, "CVE-2022-21426", &v), 0);
	assert_int_equal(v.cwe.n, 2);
	assert_true(has(&v.cwe, "CWE-400"));
	assert_true(has(&v.cwe, "CWE-770"));
	itk_end(&t);
}

/* An erratum in the RHSA layout: package test test_ref with evr, the state arch pattern
 * arch. */
static char *doc(const char *test_ref, const char *evr, const char *arch)
{
	static const char fmt[] =
		"<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\" "
		"xmlns:oval=\"c\" xmlns:red-def=\"l\">"
		"<generator><oval:product_name>Red Hat OVAL Patch Definition Merger"
		"</oval:product_name></generator><definitions>"
		"<definition class=\"patch\" id=\"d:1\"><metadata><title>RHSA-2099:1: x</title>"
		"<affected><platform>Red Hat Enterprise Linux 8</platform></affected>"
		"<reference ref_id=\"RHSA-2099:1\" source=\"RHSA\"/>"
		"<advisory><severity>Low</severity><cve cvss3=\"bad\">CVE-2099-0001</cve>"
		"<cve impact=\"critical\" "
		"cvss3=\"9.8/CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\">"
		"CVE-2099-0002</cve></advisory></metadata>"
		"<criteria operator=\"AND\">"
		"<criterion comment=\"x is earlier\" test_ref=\"%s\"/>"
		"<criterion comment=\"x is signed\" test_ref=\"t:2\"/></criteria></definition>"
		"<definition class=\"patch\" id=\"d:2\"><metadata>"
		"<title>RHBA-2099:2: no CVE</title></metadata>"
		"<criteria><criterion test_ref=\"t:1\"/></criteria></definition>"
		"</definitions><tests>"
		"<red-def:rpminfo_test id=\"t:1\"><red-def:object object_ref=\"o:1\"/>"
		"<red-def:state state_ref=\"s:1\"/></red-def:rpminfo_test>"
		"<red-def:rpminfo_test id=\"t:2\"><red-def:object object_ref=\"o:1\"/>"
		"<red-def:state state_ref=\"s:2\"/></red-def:rpminfo_test></tests>"
		"<objects><red-def:rpminfo_object id=\"o:1\"><red-def:name>x-libs</red-def:name>"
		"</red-def:rpminfo_object></objects><states>"
		"<red-def:rpminfo_state id=\"s:1\"><red-def:arch operation=\"pattern match\">%s"
		"</red-def:arch><red-def:evr operation=\"less than\">%s</red-def:evr>"
		"</red-def:rpminfo_state><red-def:rpminfo_state id=\"s:2\">"
		"<red-def:signature_keyid operation=\"equals\">199e2f91fd431d51"
		"</red-def:signature_keyid></red-def:rpminfo_state></states></oval_definitions>";
	size_t n = sizeof(fmt) + strlen(test_ref) + strlen(evr) + strlen(arch);
	char *s = malloc(n);

	assert_non_null(s);
	snprintf(s, n, fmt, test_ref, arch, evr);
	return s;
}

static void test_small(void **state)
{
	struct itk t;
	struct itk_adv a;
	struct ks_vsev s = { 0 };
	char *x;

	(void)state;
	itk_begin(&t);
	x = doc("t:1", "0:1.0-1.el8", "x86_64|aarch64");
	assert_int_equal(itk_import(&t, FEED, "rhsa.xml", x, strlen(x)), 0);
	free(x);
	assert_int_equal(t.cx.nwarns, 0);
	/* a dangling test, an empty EVR and a bad arch pattern skip the erratum */
	x = doc("t:9", "0:1.0-1.el8", "x86_64");
	assert_int_equal(itk_import(&t, FEED, "rhsa.xml", x, strlen(x)), 0);
	free(x);
	x = doc("t:1", "", "x86_64");
	assert_int_equal(itk_import(&t, FEED, "rhsa.xml", x, strlen(x)), 0);
	free(x);
	x = doc("t:1", "0:2.0-1.el8", "x86_64||");
	assert_int_equal(itk_import(&t, FEED, "rhsa.xml", x, strlen(x)), 0);
	free(x);
	assert_int_equal(t.cx.nwarns, 3);
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 2);
	/* no impact on the CVE: the erratum's severity; a bad cvss3 is left out */
	assert_int_equal(itk_adv(&t, "redhat:8", "x-libs", "CVE-2099-0001", NULL, &a), 1);
	assert_int_equal(a.severity, KS_SEV_LOW);
	assert_string_equal(a.arches, "[\"x86_64\",\"aarch64\"]");
	assert_true(itk_sev(&t, "CVE-2099-0001", "redhat", &s));
	assert_null(s.v3_vector);
	assert_int_equal(itk_adv(&t, "redhat:8", "x-libs", "CVE-2099-0002", NULL, &a), 1);
	assert_int_equal(a.severity, KS_SEV_CRITICAL);
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
	assert_int_equal(itk_import(&t, FEED, "com.redhat.rhsa-RHEL9.xml", "", 0), KS_ECORRUPT);
	assert_int_equal(itk_import(&t, FEED, "com.redhat.rhsa-RHEL9.xml", "\xff\xfe<\0x", 5),
		KS_ECORRUPT);
	assert_non_null(strstr(t.cx.err.msg, "com.redhat.rhsa-RHEL9.xml"));
	x = doc("t:1", "0:1", "x86_64");
	memcpy(strstr(x, "Red Hat OVAL"), "Ubuntu", 6);
	assert_int_equal(itk_import(&t, FEED, "com.redhat.rhsa-RHEL9.xml", x, strlen(x)),
		KS_ECORRUPT);
	free(x);
	if (tu_have_shared()) {
		data = tu_read(tu_shared(RHEL9), &len);
		for (i = 1; i < 8; i++)
			assert_int_equal(itk_import(&t, FEED, "com.redhat.rhsa-RHEL9.xml", data,
						 len * i / 8),
				KS_ECORRUPT);
		free(data);
	}
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 0);
	itk_end(&t);
}

static void test_detect(void **state)
{
	static const char head[] = "<oval_definitions xmlns=\"x\"><generator>"
				   "<oval:product_name>Red Hat OVAL Patch Definition Merger";

	(void)state;
	assert_true(FEED->detect("redhat/oval/com.redhat.rhsa-RHEL8.xml", NULL, 0));
	assert_true(FEED->detect("x/com.redhat.rhsa-RHEL7.xml.bz2", NULL, 0));
	assert_true(FEED->detect("mirror/rhel.xml", (const uint8_t *)head, sizeof(head) - 1));
	assert_false(FEED->detect("com.ubuntu.jammy.usn.oval.xml", (const uint8_t *)"<a/>", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_rhel9),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
