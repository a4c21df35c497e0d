/* test_imp_nvd.c - the NVD importer (lib/db/imp_nvd.c) on the real NVD JSON 1.1 feeds of
 * ../shared/feeds/nvd/1.1 (2003, recent and 2018 imported whole) and on a JSON 2.0 API
 * response written in the upstream format (tests/fuzz/corpus/imp_nvd/nvd-api-2.0.json),
 * plus truncated, corrupt and malformed inputs. */
#include "imp_testkit.h"

extern const struct ks_feed ks_feed_nvd;

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

static int import(struct itk *t, const char *name, const uint8_t *d, size_t n)
{
	return itk_import(t, &ks_feed_nvd, name, d, n);
}

static int import_feed(struct itk *t, const char *year)
{
	char rel[128];
	uint8_t *d;
	size_t n;
	int r;

	snprintf(rel, sizeof(rel), "feeds/nvd/1.1/nvdcve-1.1-%s.json.gz", year);
	d = itk_load(tu_shared(rel), &n);
	r = import(t, rel, d, n);
	free(d);
	return r;
}

static const struct ks_vsev *sev_of(const struct ks_vuln *v, const char *src)
{
	size_t i;

	for (i = 0; i < v->nsevs; i++)
		if (strcmp(v->sevs[i].source, src) == 0)
			return &v->sevs[i];
	return NULL;
}

static void vuln(struct itk *f, const char *id, struct ks_vuln *v)
{
	int r = ks_db_vuln(f->db, &f->cx, id, v);

	if (r != 0)
		fail_msg("%s: %s", id, f->cx.err.msg);
}

static void test_2003(void **state)
{
	struct itk *f = *state;
	const struct ks_vsev *s;
	struct ks_vuln v;

	assert_int_equal(import_feed(f, "2003"), 0);
	assert_int_equal(f->records, 1550); /* CVE_data_numberOfCVEs */
	assert_int_equal(f->cx.nwarns, 0);
	itk_finish(f);

	/* v2 only: severity from the v2 base severity */
	vuln(f, "CVE-2003-0001", &v);
	assert_string_equal(v.published, "2003-01-17T05:00:00Z");
	assert_string_equal(v.modified, "2019-04-30T14:27:00Z");
	assert_int_equal(v.cwe.n, 1);
	assert_string_equal(v.cwe.v[0], "CWE-200");
	assert_int_equal(v.refs.n, 15);
	assert_string_equal(v.refs.v[0], "http://www.atstake.com/research/advisories/2003/a010603-1.txt");
	assert_int_equal(v.severity, KS_SEV_MEDIUM);
	assert_non_null(s = sev_of(&v, "nvd"));
	assert_int_equal(s->severity, KS_SEV_MEDIUM);
	assert_string_equal(s->v2_vector, "AV:N/AC:L/Au:N/C:P/I:N/A:N");
	assert_true(s->v2_score == 5.0);
	assert_null(s->v3_vector);
	assert_true(s->v3_score < 0);
	assert_null(s->v40_vector);

	/* v3 HIGH wins over v2 MEDIUM */
	vuln(f, "CVE-2003-1605", &v);
	assert_non_null(s = sev_of(&v, "nvd"));
	assert_int_equal(s->severity, KS_SEV_HIGH);
	assert_string_equal(s->v3_vector, "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
	assert_true(s->v3_score == 7.5);
	assert_true(s->v2_score == 5.0);
	assert_string_equal(v.description,
		"curl 7.x before 7.10.7 sends CONNECT proxy credentials to the remote server.");

	/* two CWEs in feed order; NVD-CWE-noinfo is not a CWE */
	vuln(f, "CVE-2003-1432", &v);
	assert_int_equal(v.cwe.n, 2);
	assert_string_equal(v.cwe.v[0], "CWE-94");
	assert_string_equal(v.cwe.v[1], "CWE-189");
	vuln(f, "CVE-2003-0242", &v);
	assert_int_equal(v.cwe.n, 0);
	assert_int_equal(v.refs.n, 6);
	assert_int_equal(sev_of(&v, "nvd")->severity, KS_SEV_HIGH);
	assert_true(sev_of(&v, "nvd")->v2_score == 7.5);

	/* rejected: kept as NVD describes it, with no score */
	vuln(f, "CVE-2003-0090", &v);
	assert_true(strncmp(v.description, "** REJECT **", 12) == 0);
	assert_null(sev_of(&v, "nvd"));
	assert_int_equal(v.severity, -1);
	assert_string_equal(v.published, "2003-12-15T05:00:00Z");
}

static void test_recent(void **state)
{
	struct itk *f = *state;
	struct ks_vuln v;

	assert_int_equal(import_feed(f, "recent"), 0);
	assert_int_equal(f->records, 1182);
	assert_int_equal(f->cx.nwarns, 0);
	itk_finish(f);
	vuln(f, "CVE-2025-4791", &v); /* lists one URL twice */
	assert_int_equal(v.refs.n, 4);
	vuln(f, "CVE-2025-4910", &v);
	assert_int_equal(v.cwe.n, 2);
	assert_string_equal(v.cwe.v[0], "CWE-89");
	assert_string_equal(v.cwe.v[1], "CWE-74");
	vuln(f, "CVE-2025-4668", &v);
	assert_true(strncmp(v.description, "Rejected reason: ** REJECT **", 29) == 0);
	assert_int_equal(v.nsevs, 0);
}

static void test_2018(void **state)
{
	struct itk *f = *state;
	const struct ks_vsev *s;
	struct ks_vuln v;

	assert_int_equal(import_feed(f, "2018"), 0);
	assert_int_equal(f->records, 16591);
	assert_int_equal(f->cx.nwarns, 0);
	itk_finish(f);
	vuln(f, "CVE-2018-0001", &v);
	assert_true(strncmp(v.description, "A remote, unauthenticated attacker may be able to "
					   "execute code by exploiting a use-after-free defect", 100) == 0);
	assert_string_equal(v.published, "2018-01-10T22:29:00Z");
	assert_string_equal(v.modified, "2018-02-23T02:29:00Z");
	assert_int_equal(v.cwe.n, 1);
	assert_string_equal(v.cwe.v[0], "CWE-416");
	assert_int_equal(v.refs.n, 3);
	assert_string_equal(v.refs.v[0], "https://kb.juniper.net/JSA10828");
	assert_non_null(s = sev_of(&v, "nvd"));
	assert_string_equal(s->v2_vector, "AV:N/AC:L/Au:N/C:P/I:P/A:P");
	assert_true(s->v2_score == 7.5);
	assert_string_equal(s->v3_vector, "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	assert_true(s->v3_score == 9.8);
	assert_int_equal(s->severity, KS_SEV_CRITICAL); /* v3 CRITICAL, v2 HIGH */
	vuln(f, "CVE-2018-1000001", &v);
	assert_non_null(s = sev_of(&v, "nvd"));
	assert_int_equal(s->severity, KS_SEV_HIGH);
	assert_true(s->v3_score == 7.8);
	assert_true(s->v2_score == 7.2);
	assert_string_equal(v.cwe.v[0], "CWE-787");
	assert_int_equal(v.refs.n, 10);
}

static void test_api20(void **state)
{
	struct itk *f = *state;
	const struct ks_vsev *s;
	struct ks_vuln v;
	uint8_t *d;
	size_t n;

	d = tu_read(tu_src("tests/fuzz/corpus/imp_nvd/nvd-api-2.0.json"), &n);
	assert_true(ks_feed_nvd.detect("nvdcve-2.0-2021.json", d, n < 4096 ? n : 4096));
	assert_int_equal(import(f, "nvd-api-2.0.json", d, n), 0);
	free(d);
	assert_int_equal(f->records, 5);
	assert_int_equal(f->cx.nwarns, 0);
	itk_finish(f);

	vuln(f, "CVE-2021-44228", &v);
	assert_true(strncmp(v.description, "Apache Log4j2 2.0-beta9 through 2.15.0", 38) == 0);
	assert_string_equal(v.published, "2021-12-10T10:15:09.143Z");
	assert_string_equal(v.modified, "2025-02-04T15:15:13.773Z");
	assert_int_equal(v.cwe.n, 4);
	assert_string_equal(v.cwe.v[3], "CWE-917");
	assert_int_equal(v.refs.n, 4);
	assert_non_null(s = sev_of(&v, "nvd"));
	assert_int_equal(s->severity, KS_SEV_CRITICAL);
	assert_string_equal(s->v3_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
	assert_true(s->v3_score == 10.0);
	assert_string_equal(s->v2_vector, "AV:N/AC:M/Au:N/C:C/I:C/A:C");
	assert_true(s->v2_score == 9.3);

	/* English description though listed second; NVD's own metrics, not the CNA's; the
	 * v4.0 vector without its X metrics and its severity first (Trivy) */
	vuln(f, "CVE-2024-5732", &v);
	assert_true(strncmp(v.description, "A vulnerability was found in Clash", 34) == 0);
	assert_non_null(s = sev_of(&v, "nvd"));
	assert_string_equal(s->v40_vector,
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N");
	assert_true(s->v40_score == 6.9);
	assert_true(s->v3_score == 9.8);
	assert_null(s->v2_vector);
	assert_true(s->v2_score < 0);
	assert_int_equal(s->severity, KS_SEV_MEDIUM);
	assert_int_equal(v.cwe.n, 1);
	assert_string_equal(v.cwe.v[0], "CWE-287");

	vuln(f, "CVE-2023-99001", &v); /* v3.0 only */
	assert_non_null(s = sev_of(&v, "nvd"));
	assert_string_equal(s->v3_vector, "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N");
	assert_int_equal(s->severity, KS_SEV_MEDIUM);
	assert_int_equal(v.cwe.n, 0);

	vuln(f, "CVE-2025-99002", &v); /* only a CNA metric: no NVD score */
	assert_int_equal(v.nsevs, 0);
	assert_int_equal(v.cwe.n, 1);

	vuln(f, "CVE-2024-99003", &v); /* rejected */
	assert_int_equal(v.nsevs, 0);
	assert_true(strncmp(v.description, "Rejected reason:", 16) == 0);
}

static void test_detect(void **state)
{
	static const char v11[] = "{\n  \"CVE_data_type\" : \"CVE\",\n  \"CVE_Items\" : [ {";
	static const char v20[] = "{\"resultsPerPage\":1,\"format\":\"NVD_CVE\",\"vulnerabilities\":[";
	static const char kev[] = "{\"title\":\"CISA Catalog\",\"catalogVersion\":\"2025.08.25\","
				  "\"vulnerabilities\":[{\"cveID\":\"CVE-2025-48384\"";
	static const char osv[] = "{\"id\":\"GHSA-jfh8-c2jp-5v3q\",\"modified\":\"2021-12-10\"}";

	(void)state;
	assert_true(ks_feed_nvd.detect("x.json", (const uint8_t *)v11, sizeof(v11) - 1));
	assert_true(ks_feed_nvd.detect("x.json", (const uint8_t *)v20, sizeof(v20) - 1));
	assert_false(ks_feed_nvd.detect("x.json", (const uint8_t *)kev, sizeof(kev) - 1));
	assert_false(ks_feed_nvd.detect("x.json", (const uint8_t *)osv, sizeof(osv) - 1));
}

/* Whole-file failures import nothing and name the file. */
static void test_corrupt_files(void **state)
{
	static const char *const bad[] = {
		"hello",
		"{\"CVE_data_type\":\"CVE\"}",
		"{\"CVE_Items\":{}}",
		"{\"CVE_Items\":[]} trailing",
		"{\"CVE_Items\":[{\"cve\":{}},]}",
		"{\"CVE_Items\":[{\"cve\":{\"CVE_data_meta\":{\"ID\":\"CVE-2000-0001\"}}}",
		"{\"CVE_Items\":[{\"cve\":\"unterminated}]}",
		"{\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-1\"}]]}",
		"",
	};
	struct itk *f = *state;
	char deep[4200];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(import(f, "bad.json", (const uint8_t *)bad[i], strlen(bad[i])),
			KS_ECORRUPT);
		assert_non_null(strstr(f->cx.err.msg, "nvd: 'bad.json'"));
	}
	memcpy(deep, "{\"CVE_Items\":", 13);
	memset(deep + 13, '[', sizeof(deep) - 13);
	assert_int_equal(import(f, "deep.json", (const uint8_t *)deep, sizeof(deep)), KS_ELIMIT);
	assert_int_equal(f->records, 0);
}

/* A truncated real feed fails as a whole: not one of its CVEs is written. */
static void test_truncated(void **state)
{
	struct itk *f = *state;
	struct ks_vuln v;
	uint8_t *d;
	size_t n;

	d = itk_load(tu_shared("feeds/nvd/1.1/nvdcve-1.1-2003.json.gz"), &n);
	assert_int_equal(import(f, "nvdcve-1.1-2003.json", d, n * 6 / 10), KS_ECORRUPT);
	assert_non_null(strstr(f->cx.err.msg, "nvdcve-1.1-2003.json"));
	free(d);
	assert_int_equal(f->records, 0);
	itk_finish(f);
	assert_int_equal(ks_db_vuln(f->db, &f->cx, "CVE-2003-0001", &v), KS_ENOTFOUND);
}

/* Bad items are skipped with a warning each; the good ones import. */
static void test_bad_items(void **state)
{
	static const char doc[] =
		"{\"CVE_Items\":["
		"{\"cve\":{\"CVE_data_meta\":{\"ID\":\"CVE-2001-0001\"},\"description\":"
		"{\"description_data\":[{\"lang\":\"en\",\"value\":\"good \\u00e9\\ud83d\\ude00\"}]}},"
		"\"impact\":{\"baseMetricV2\":{\"cvssV2\":{\"vectorString\":\"AV:N/AC:L/Au:N/C:N/I:N/A:P\","
		"\"baseScore\":5.0},\"severity\":\"MEDIUM\"}},\"publishedDate\":\"2001-01-02T03:04Z\"},"
		"{\"cve\":{\"CVE_data_meta\":{}}},"
		"{\"cve\":{\"CVE_data_meta\":{\"ID\":\"CVE-2001-0003\"}},\"impact\":{\"baseMetricV3\":"
		"{\"cvssV3\":{\"baseScore\":\"9.8\"}}}},"
		"{\"cve\":{\"CVE_data_meta\":{\"ID\":\"CVE-2001-0004\"}},\"impact\":{\"baseMetricV3\":"
		"{\"cvssV3\":{\"baseScore\":11}}}},"
		"{\"cve\" {\"CVE_data_meta\":{\"ID\":\"CVE-2001-0005\"}}},"
		"{\"cve\":{\"CVE_data_meta\":{\"ID\":\"CVE-2001-0006\"},\"references\":"
		"{\"reference_data\":{}}}},"
		"{\"cve\":{\"CVE_data_meta\":{\"ID\":\"CVE-2001-0007\"},\"description\":"
		"{\"description_data\":[{\"value\":\"bad escape \\x\"}]}}},"
		"{\"cve\":{\"CVE_data_meta\":{\"ID\":\"bad id with spaces\"}}},"
		"[1,2],"
		"{\"cve\":{\"CVE_data_meta\":{\"ID\":\"CVE-2001-0010\"}},\"publishedDate\":\"yesterday\"}"
		"]}";
	struct itk *f = *state;
	struct ks_vuln v;

	assert_int_equal(import(f, "items.json", (const uint8_t *)doc, sizeof(doc) - 1), 0);
	assert_int_equal(f->records, 2);
	assert_int_equal(f->cx.nwarns, 8);
	assert_non_null(strstr(f->cx.warns[1], "CVE-2001-0003"));
	itk_finish(f);
	vuln(f, "CVE-2001-0001", &v);
	assert_string_equal(v.description, "good \xc3\xa9\xf0\x9f\x98\x80");
	assert_string_equal(v.published, "2001-01-02T03:04:00Z");
	assert_int_equal(sev_of(&v, "nvd")->severity, KS_SEV_MEDIUM);
	vuln(f, "CVE-2001-0010", &v); /* an unreadable date is left out, not fatal */
	assert_null(v.published);
	assert_int_equal(ks_db_vuln(f->db, &f->cx, "CVE-2001-0003", &v), KS_ENOTFOUND);
}

/* Past KS_FK_MAXWARN skipped records a file gets one summary warning. */
static void test_warning_cap(void **state)
{
	struct itk *f = *state;
	char doc[4096];
	size_t n = 0;
	int i;

	n += (size_t)snprintf(doc + n, sizeof(doc) - n, "{\"vulnerabilities\":[");
	for (i = 0; i < 30; i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n, "%s{\"cve\":{\"id\":%d}}",
			i ? "," : "", i);
	n += (size_t)snprintf(doc + n, sizeof(doc) - n, "]}");
	assert_int_equal(import(f, "many.json", (const uint8_t *)doc, n), 0);
	assert_int_equal(f->records, 0);
	assert_int_equal(f->cx.nwarns, 11);
	assert_non_null(strstr(f->cx.warns[10], "20 more malformed records skipped"));
}

/* Flipped bytes in the 2.0 sample: never a crash, only 0 or a corrupt-input error. */
static void test_flips(void **state)
{
	struct itk *f = *state;
	uint8_t *d;
	size_t n, i;

	d = tu_read(tu_src("tests/fuzz/corpus/imp_nvd/nvd-api-2.0.json"), &n);
	for (i = 0; i < n; i += 13) {
		uint8_t c = d[i];
		int r;

		d[i] = (uint8_t)(c ^ 0x5a);
		r = import(f, "flip.json", d, n);
		assert_true(r == 0 || r == KS_ECORRUPT || r == KS_ELIMIT);
		d[i] = c;
	}
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_2003, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_2018, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api20, setup, teardown),
		cmocka_unit_test(test_detect),
		cmocka_unit_test_setup_teardown(test_corrupt_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warning_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flips, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
