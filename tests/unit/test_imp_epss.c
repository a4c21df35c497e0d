/* test_imp_epss.c - the EPSS importer (lib/db/imp_epss.c). No real EPSS file is available
 * offline, so the tests use a sample written in FIRST's format (tests/fuzz/corpus/imp_epss/
 * epss_scores-2025-03-16.csv: the "#model_version" comment, the cve,epss,percentile header,
 * rows) and variants of it built here: the older header-only form, reordered columns, CRLF
 * lines, malformed rows, a file without the header, and a generated file of 300,000 rows. */
#include "imp_testkit.h"

extern const struct ks_feed ks_feed_epss;

#define SAMPLE "tests/fuzz/corpus/imp_epss/epss_scores-2025-03-16.csv"

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

static int import(struct itk *t, const char *s)
{
	return itk_import(t, &ks_feed_epss, "epss_scores-current.csv", s, strlen(s));
}

static void epss(struct itk *t, const char *id, double score, double pct)
{
	struct ks_vuln v;

	if (ks_db_vuln(t->db, &t->cx, id, &v) != 0)
		fail_msg("%s: %s", id, t->cx.err.msg);
	assert_true(v.has_epss);
	assert_true(v.epss_score == score);
	assert_true(v.epss_percentile == pct);
}

static void test_sample(void **state)
{
	struct itk *t = *state;
	struct ks_db_info info;
	struct ks_vuln v;
	uint8_t *d;
	size_t n;

	d = tu_read(tu_src(SAMPLE), &n);
	assert_true(ks_feed_epss.detect("x/data.csv", d, n));
	assert_true(ks_feed_epss.detect("epss/epss_scores-2025-03-16.csv", (const uint8_t *)"", 0));
	assert_false(ks_feed_epss.detect("x.json", (const uint8_t *)"{\"CVE_Items\":[]}", 16));
	assert_int_equal(itk_import(t, &ks_feed_epss, "epss_scores-2025-03-16.csv", d, n), 0);
	free(d);
	assert_int_equal(t->records, 8);
	assert_int_equal(t->cx.nwarns, 0);
	itk_finish(t);
	assert_int_equal(ks_db_info(t->db, &t->cx, &info), 0);
	assert_int_equal(info.epss, 8);
	epss(t, "CVE-1999-0001", 0.01141, 0.77732);
	epss(t, "CVE-2021-44228", 0.94358, 0.99955);
	epss(t, "CVE-2025-0001", 0.00043, 0.11983);
	assert_int_equal(ks_db_vuln(t->db, &t->cx, "CVE-2021-3157", &v), KS_ENOTFOUND);
}

/* Older files have no comment line; columns are found by name; CRLF line ends. */
static void test_variants(void **state)
{
	struct itk *t = *state;

	assert_int_equal(import(t, "cve,epss,percentile\nCVE-2020-0001,0.5,0.25\n"), 0);
	assert_int_equal(import(t, "#model_version:v2023.03.01,score_date:2023-04-01T00:00:00+0000\r\n"
				   "percentile,cve,epss\r\n0.75,CVE-2020-0002,1e-05\r\n\r\n"), 0);
	assert_int_equal(t->records, 2);
	assert_int_equal(t->cx.nwarns, 0);
	itk_finish(t);
	epss(t, "CVE-2020-0001", 0.5, 0.25);
	epss(t, "CVE-2020-0002", 0.00001, 0.75);
}

static void test_bad_rows(void **state)
{
	struct itk *t = *state;

	assert_int_equal(import(t, "cve,epss,percentile\n"
				   "CVE-2020-0001,0.5,0.25\n"
				   "CVE-2020-0002,1.5,0.25\n"     /* score above 1 */
				   "CVE-2020-0003,-0.1,0.25\n"    /* negative */
				   "CVE-2020-0004,0.5\n"          /* a field short */
				   "CVE-2020-0005,0.5,0.25,x\n"   /* a field too many */
				   "GHSA-1234,0.5,0.25\n"         /* not a CVE */
				   "CVE-2020-0007,abc,0.25\n"     /* not a number */
				   "CVE-2020-0008,0.5,0.25x\n"    /* trailing junk */
				   "CVE-2020-0009, 0.125 ,0.5\n"), /* blanks around are fine */
		0);
	assert_int_equal(t->records, 2);
	assert_int_equal(t->cx.nwarns, 7);
	assert_non_null(strstr(t->cx.warns[0], "line 3"));
	itk_finish(t);
	epss(t, "CVE-2020-0009", 0.125, 0.5);
}

static void test_no_header(void **state)
{
	static const char *const bad[] = { "", "#model_version:v2025.03.14\n",
		"CVE-2020-0001,0.5,0.25\n", "cve,score,percentile\nCVE-2020-0001,0.5,0.25\n" };
	struct itk *t = *state;
	struct ks_db_info info;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(import(t, bad[i]), KS_ECORRUPT);
		assert_non_null(strstr(t->cx.err.msg, "epss: 'epss_scores-current.csv'"));
	}
	assert_int_equal(t->records, 0);
	itk_finish(t);
	assert_int_equal(ks_db_info(t->db, &t->cx, &info), 0);
	assert_int_equal(info.epss, 0);
}

/* A file the size of a real one (about 300,000 CVEs). */
static void test_large(void **state)
{
	struct itk *t = *state;
	struct ks_buf b;
	int i;

	ks_buf_init(&b, 64u << 20);
	assert_int_equal(ks_buf_adds(&b, "#model_version:v2025.03.14,score_date:"
					  "2025-03-16T00:00:00+0000\ncve,epss,percentile\n"), 0);
	for (i = 0; i < 300000; i++)
		assert_int_equal(ks_buf_addf(&b, "CVE-%d-%04d,0.%05d,0.%05d\n", 1999 + i / 20000,
					 i % 20000, i % 99991, (i * 7) % 99991), 0);
	assert_int_equal(itk_import(t, &ks_feed_epss, "epss_scores-2025-03-16.csv", b.p, b.n), 0);
	ks_buf_release(&b);
	assert_int_equal(t->records, 300000);
	itk_finish(t);
	epss(t, "CVE-1999-0017", 0.00017, 0.00119);
	epss(t, "CVE-2013-0017", 0.80035, 0.60290);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sample, setup, teardown),
		cmocka_unit_test_setup_teardown(test_variants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
